"""Optional bridge to Gambit (``pygambit``) for mixed equilibria of n-player games.

Gambit is GPL-licensed and optional (``pip install 'negsim[gambit]'``): it is
imported only when one of these functions runs, never when negsim is imported.
Every call runs in a child process with a time limit, because Gambit's solvers
cannot be interrupted from Python; the parent verifies whatever comes back.

Methods (McKelvey, McLennan & Turocy, Gambit documentation):
``gnm`` global Newton method (Govindan & Wilson 2003), ``ipa`` iterated
polymatrix approximation, ``simpdiv`` simplicial subdivision, ``logit``
quantal-response tracing, ``enumpoly`` support enumeration with polynomial
systems, ``enumpure`` pure equilibria; for two players also ``enummixed``
(extreme equilibria) and ``lcp`` (Lemke–Howson paths).
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

import numpy as np

from negsim.errors import AnalysisError, NegsimError

if TYPE_CHECKING:  # ForkContext exists only where fork does
    from multiprocessing.context import ForkContext, SpawnContext

__all__ = [
    "METHODS",
    "TWO_PLAYER_METHODS",
    "gambit_available",
    "gambit_game",
    "require_gambit",
    "run_method",
    "solve_with_gambit",
]

METHODS = ("gnm", "ipa", "simpdiv", "logit", "enumpoly", "enumpure", "enummixed", "lcp")
TWO_PLAYER_METHODS = ("enummixed", "lcp")
DEFAULT_TIMEOUT = 120.0


def gambit_available() -> bool:
    """True when ``pygambit`` can be imported."""
    try:
        import pygambit  # noqa: F401
    except ImportError:
        return False
    return True


def require_gambit() -> Any:
    """Import ``pygambit`` or raise a one-line :class:`~negsim.errors.NegsimError`."""
    try:
        import pygambit
    except ImportError:
        raise NegsimError(
            "mixed equilibria of games with more than two players need Gambit: "
            "pip install 'negsim[gambit]'"
        ) from None
    return pygambit


def gambit_game(payoffs: np.ndarray) -> Any:
    """A ``pygambit`` strategic game from a payoff tensor ``(s_1, ..., s_n, n)``."""
    gbt = require_gambit()
    n = payoffs.shape[-1]
    return gbt.Game.from_arrays(*(np.ascontiguousarray(payoffs[..., i]) for i in range(n)))


def run_method(game: Any, method: str) -> list[list[np.ndarray]]:
    """Run one Gambit method in this process; each equilibrium as one array per player."""
    gbt = require_gambit()
    nash = gbt.nash
    solvers: dict[str, Callable[[], Any]] = {
        "gnm": lambda: nash.gnm_solve(game),
        "ipa": lambda: nash.ipa_solve(game),
        "simpdiv": lambda: nash.simpdiv_solve(game.mixed_strategy_profile(rational=True)),
        "logit": lambda: nash.logit_solve(game, use_strategic=True),
        "enumpoly": lambda: nash.enumpoly_solve(game, use_strategic=True),
        "enumpure": lambda: nash.enumpure_solve(game),
        "enummixed": lambda: nash.enummixed_solve(game, rational=False),
        "lcp": lambda: nash.lcp_solve(game, rational=False),
    }
    result = solvers[method]()
    return [
        [np.array([float(eq[player][s]) for s in player.strategies]) for player in game.players]
        for eq in result.equilibria
    ]


def _child(connection: Connection, payoffs: np.ndarray, method: str) -> None:
    try:
        connection.send(("ok", run_method(gambit_game(payoffs), method)))
    except Exception as exc:  # reported to the parent as one line
        connection.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        connection.close()


def solve_with_gambit(
    payoffs: np.ndarray, method: str = "gnm", *, timeout: float | None = DEFAULT_TIMEOUT
) -> list[list[np.ndarray]]:
    """Equilibria found by a Gambit method, unverified.

    Parameters
    ----------
    payoffs
        Payoff tensor ``(s_1, ..., s_n, n)``.
    method
        One of :data:`METHODS`.
    timeout
        Seconds before the child process is stopped and
        :class:`~negsim.errors.AnalysisError` raised; ``None`` runs in this
        process without a limit.
    """
    if method not in METHODS:
        raise AnalysisError(f"unknown Gambit method {method!r}; use one of {', '.join(METHODS)}")
    if method in TWO_PLAYER_METHODS and payoffs.shape[-1] != 2:
        raise AnalysisError(f"Gambit's {method} is for two-player games only")
    require_gambit()
    if timeout is None:
        return run_method(gambit_game(payoffs), method)
    methods = mp.get_all_start_methods()
    context: ForkContext | SpawnContext = (
        mp.get_context("fork") if "fork" in methods else mp.get_context("spawn")
    )
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, payoffs, method), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise AnalysisError(f"Gambit's {method} did not finish within {timeout:g} s")
        status, value = receiver.recv()
    except EOFError:
        raise AnalysisError(f"Gambit's {method} stopped without an answer") from None
    finally:
        receiver.close()
        if process.is_alive():
            process.terminate()
        process.join(5)
    if status != "ok":
        raise AnalysisError(f"Gambit's {method} failed: {value}")
    return value
