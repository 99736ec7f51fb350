"""Equilibria: negsim against nashpy and Gambit on random games (the sets must match).

Two players: every extreme equilibrium of random integer games (payoffs 0..99)
from 4 x 4 to 12 x 12, negsim's vertex enumeration against nashpy's vertex
enumeration (up to ``NASHPY_MAX`` strategies; it takes minutes beyond) and
Gambit's ``enummixed`` (when pygambit is installed). n players: every pure
equilibrium of random 5- and 6-player games with 6 strategies each (payoffs
0..9, so ties occur), negsim's best-response check against Gambit's
``enumpure`` including building the game with ``from_arrays``.

Usage::

    python -m benchmarks.bench_games
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from negsim.games.bimatrix import extreme_equilibria, scale_payoffs
from negsim.games.gambit import gambit_available, gambit_game, run_method
from negsim.games.pure import pure_equilibria

SIZES = (4, 6, 8, 10, 12)
GAMES_PER_SIZE = {4: 5, 6: 5, 8: 3, 10: 2, 12: 1}
NASHPY_MAX = 8
PLAYERS = (5, 6)
STRATEGIES = 6


def timed(function: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median wall time of ``repeat`` calls, and the last result."""
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def same_set(ours: list[np.ndarray], theirs: list[np.ndarray], atol: float = 1e-6) -> bool:
    """Every profile of each list is within ``atol`` of one in the other, and the lists
    have as many distinct profiles (Gambit repeats an equilibrium once per basis)."""
    if not ours or not theirs:
        return len(ours) == len(theirs)
    distinct = {tuple(np.round(p, 9)) for p in theirs}
    if len(ours) != len(distinct):
        return False
    a, b = np.array(ours), np.array(theirs)
    close = np.abs(a[:, None, :] - b[None, :, :]).max(axis=2) <= atol
    return bool(close.any(axis=1).all() and close.any(axis=0).all())


def _flat(pairs: Any) -> list[np.ndarray]:
    return [np.concatenate([np.asarray(x), np.asarray(y)]) for x, y in pairs]


def two_player_rows(seed: int = 2026) -> list[dict]:
    import nashpy

    rng = np.random.default_rng(seed)
    rows = []
    for size in SIZES:
        games = [
            (rng.integers(0, 100, (size, size)), rng.integers(0, 100, (size, size)))
            for _ in range(GAMES_PER_SIZE[size])
        ]
        repeat = 3 if size <= 8 else 1
        ours_t, theirs_t, gambit_t = [], [], []
        found, match = 0, True
        for a, b in games:
            t, sol = timed(lambda a=a, b=b: extreme_equilibria(a, b), repeat)
            ours_t.append(t)
            ours = _flat(zip(sol.rows, sol.cols, strict=True))
            found += len(ours)
            if size <= NASHPY_MAX:
                game = nashpy.Game(scale_payoffs(a), scale_payoffs(b))
                t, ref = timed(lambda g=game: list(g.vertex_enumeration()), 1)
                theirs_t.append(t)
                match &= same_set(ours, _flat(ref))
            if gambit_available():
                t, ref = timed(
                    lambda a=a, b=b: run_method(gambit_game(np.stack([a, b], -1)), "enummixed"),
                    repeat,
                )
                gambit_t.append(t)
                match &= same_set(ours, _flat(ref))
        row: dict[str, Any] = {
            "case": f"all equilibria, 2 players {size}x{size} ({len(games)} games)",
            "equilibria": found,
            "negsim s": sum(ours_t),
            "nashpy s": sum(theirs_t) if theirs_t else "not run",
            "gambit s": sum(gambit_t) if gambit_t else "not installed",
        }
        if theirs_t:
            row["nashpy / negsim"] = sum(theirs_t) / sum(ours_t)
        if gambit_t:
            row["gambit / negsim"] = sum(gambit_t) / sum(ours_t)
        row["sets match"] = match
        rows.append(row)
    return rows


def n_player_rows(seed: int = 2027) -> list[dict]:
    rng = np.random.default_rng(seed)
    rows = []
    for players in PLAYERS:
        shape = (STRATEGIES,) * players
        payoffs = rng.integers(0, 10, (*shape, players)).astype(float)
        t_ours, found = timed(lambda p=payoffs: pure_equilibria(p, tolerance=0.0), 5)
        row: dict[str, Any] = {
            "case": f"pure equilibria, {players} players x {STRATEGIES} strategies",
            "equilibria": len(found),
            "negsim s": t_ours,
        }
        if gambit_available():
            t_build, game = timed(lambda p=payoffs: gambit_game(p), 1)
            t_solve, ref = timed(lambda g=game: run_method(g, "enumpure"), 1)
            theirs = {tuple(int(np.argmax(m)) for m in eq) for eq in ref}
            row["gambit s"] = t_build + t_solve
            row["gambit from_arrays s"] = t_build
            row["gambit / negsim"] = (t_build + t_solve) / t_ours
            row["sets match"] = theirs == {tuple(p) for p in found.tolist()}
        else:
            row["gambit s"] = "not installed"
        rows.append(row)
    return rows


def run() -> list[dict]:
    """Rows of the benchmark table; the sets found must match in every row."""
    return two_player_rows() + n_player_rows()


def main() -> None:
    from benchmarks.run_all import table

    print("\n".join(table(run())))


if __name__ == "__main__":
    main()
