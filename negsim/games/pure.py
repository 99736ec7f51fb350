"""Every pure-strategy Nash equilibrium of an n-player game, by a best-response check.

A pure profile is an equilibrium when each player's strategy is a best response
to the others' (Nash 1951). On the payoff tensor this is one comparison per
player: ``u_i(a) >= max_b u_i(b, a_-i)``, i.e. the payoff equals its maximum
along that player's axis. Evaluated on the whole tensor at once, this lists
every pure equilibrium; nothing is sampled, so the list is complete.
"""

from __future__ import annotations

import numpy as np

from negsim.games.verify import DEFAULT_TOLERANCE, allowed_regret

__all__ = [
    "best_response_mask",
    "pure_equilibria",
]


def best_response_mask(payoffs: np.ndarray, tolerance: float = DEFAULT_TOLERANCE) -> np.ndarray:
    """``mask[a]`` is True when pure profile ``a`` is an equilibrium.

    Parameters
    ----------
    payoffs
        Payoff tensor ``(s_1, ..., s_n, n)``.
    tolerance
        A strategy counts as a best response when it is within ``tolerance`` times
        the player's payoff range of the best (so ties that differ by rounding are
        ties); ``0`` asks for exact best responses.

    Examples
    --------
    In the prisoner's dilemma only mutual defection (the second strategy of
    each) is a best response to itself:

    >>> import numpy as np
    >>> from negsim.games.pure import best_response_mask
    >>> payoffs = np.stack([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], axis=-1)
    >>> best_response_mask(payoffs).tolist()
    [[False, False], [False, True]]
    """
    n = payoffs.shape[-1]
    slack = allowed_regret(payoffs, tolerance)
    mask = np.ones(payoffs.shape[:-1], dtype=bool)
    for i in range(n):
        table = payoffs[..., i]
        mask &= table >= table.max(axis=i, keepdims=True) - slack[i]
    return mask


def pure_equilibria(payoffs: np.ndarray, tolerance: float = DEFAULT_TOLERANCE) -> np.ndarray:
    """Every pure equilibrium as an integer array ``(k, n)`` of strategy indices.

    Profiles come in lexicographic order (the first player's index varies slowest).

    Examples
    --------
    A coordination game has two pure equilibria, matching pennies none:

    >>> import numpy as np
    >>> from negsim.games.pure import pure_equilibria
    >>> pure_equilibria(np.stack([[[2, 0], [0, 1]], [[1, 0], [0, 2]]], axis=-1)).tolist()
    [[0, 0], [1, 1]]
    >>> pure_equilibria(np.stack([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]], axis=-1)).tolist()
    []
    """
    return np.argwhere(best_response_mask(payoffs, tolerance))
