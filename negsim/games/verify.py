"""Check that a strategy profile is an equilibrium: every player's regret is small.

For games in extensive form the test is the one-shot deviation principle: a
plan is subgame perfect when at no decision node the mover gains by changing
its move there and following the plan afterwards (:func:`plan_regrets`).

The regret of player ``i`` at a (mixed) profile ``s`` is
``max_a u_i(a, s_-i) - u_i(s)``: what it could gain by its best unilateral
deviation. A profile is a Nash equilibrium when every regret is zero (Nash
1951). Floating-point payoffs make exact zero the wrong test (a real
equilibrium can miss it by 1e-17), so negsim accepts a profile when each
player's regret is at most ``tolerance`` times that player's payoff range
(``max - min`` of its payoffs over all profiles).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from negsim.games.sequential import GameTree, Plan

__all__ = [
    "DEFAULT_TOLERANCE",
    "allowed_regret",
    "deviation_payoffs",
    "is_equilibrium",
    "payoff_ranges",
    "plan_regrets",
    "pure_regrets",
    "regrets",
]

DEFAULT_TOLERANCE = 1e-9


def payoff_ranges(payoffs: np.ndarray) -> np.ndarray:
    """``max - min`` of each player's payoff over all profiles, shape ``(n_players,)``.

    Parameters
    ----------
    payoffs
        Payoff tensor of shape ``(s_1, ..., s_n, n)``: ``payoffs[a_1, ..., a_n, i]``
        is player ``i``'s payoff at pure profile ``(a_1, ..., a_n)``.

    Examples
    --------
    >>> import numpy as np
    >>> from negsim.games.verify import payoff_ranges
    >>> payoff_ranges(np.stack([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], axis=-1)).tolist()
    [5, 5]
    """
    n = payoffs.shape[-1]
    flat = payoffs.reshape(-1, n)
    return flat.max(axis=0) - flat.min(axis=0)


def allowed_regret(payoffs: np.ndarray, tolerance: float = DEFAULT_TOLERANCE) -> np.ndarray:
    """The largest regret still accepted for each player: ``tolerance * range``.

    A floor of a few units in the last place of the largest payoff keeps a
    player whose payoffs are all equal (range zero) from failing on rounding.

    Examples
    --------
    The payoffs of the prisoner's dilemma range over 5 for each player:

    >>> import numpy as np
    >>> from negsim.games.verify import allowed_regret
    >>> payoffs = np.stack([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], axis=-1).astype(float)
    >>> allowed_regret(payoffs, tolerance=0.01).round(6).tolist()
    [0.05, 0.05]
    """
    n = payoffs.shape[-1]
    scale = np.abs(payoffs.reshape(-1, n)).max(axis=0)
    return tolerance * payoff_ranges(payoffs) + 16 * np.finfo(float).eps * scale


def deviation_payoffs(payoffs: np.ndarray, profile: Sequence[np.ndarray]) -> list[np.ndarray]:
    """For each player, the payoff of each of its pure strategies against the others' mix.

    Parameters
    ----------
    payoffs
        Payoff tensor ``(s_1, ..., s_n, n)``.
    profile
        One probability vector per player.

    Returns
    -------
    list of arrays
        ``out[i][a]`` = ``u_i(a, s_-i)``.

    Examples
    --------
    Matching pennies: against a column player mixing 1/4 and 3/4, the row
    player's two strategies pay -1/2 and 1/2:

    >>> import numpy as np
    >>> from negsim.games.verify import deviation_payoffs
    >>> payoffs = np.stack([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]], axis=-1)
    >>> row, col = deviation_payoffs(payoffs, [np.array([1.0, 0.0]), np.array([0.25, 0.75])])
    >>> row.tolist(), col.tolist()
    ([-0.5, 0.5], [-1.0, 1.0])
    """
    n = payoffs.shape[-1]
    out = []
    for i in range(n):
        table = payoffs[..., i]
        for j in reversed(range(n)):
            if j != i:
                table = np.tensordot(table, profile[j], axes=([j], [0]))
        out.append(table)
    return out


def regrets(payoffs: np.ndarray, profile: Sequence[np.ndarray]) -> np.ndarray:
    """Each player's regret at a mixed profile, shape ``(n_players,)`` (never negative).

    Examples
    --------
    In the prisoner's dilemma each player gains 2 by defecting from mutual
    cooperation:

    >>> import numpy as np
    >>> from negsim.games.verify import regrets
    >>> payoffs = np.stack([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], axis=-1)
    >>> cooperate = np.array([1.0, 0.0])
    >>> regrets(payoffs, [cooperate, cooperate]).tolist()
    [2.0, 2.0]
    """
    values = deviation_payoffs(payoffs, profile)
    own = np.array([v @ np.asarray(p, dtype=float) for v, p in zip(values, profile, strict=True)])
    best = np.array([v.max() for v in values])
    return np.maximum(best - own, 0.0)


def pure_regrets(payoffs: np.ndarray, profiles: np.ndarray) -> np.ndarray:
    """Regrets of many pure profiles at once.

    Parameters
    ----------
    payoffs
        Payoff tensor ``(s_1, ..., s_n, n)``.
    profiles
        Integer array ``(k, n)``: one strategy index per player per profile.

    Returns
    -------
    ndarray
        Shape ``(k, n)``.

    Examples
    --------
    >>> import numpy as np
    >>> from negsim.games.verify import pure_regrets
    >>> payoffs = np.stack([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], axis=-1)
    >>> pure_regrets(payoffs, [[0, 0], [1, 1]]).tolist()
    [[2.0, 2.0], [0.0, 0.0]]
    """
    profiles = np.asarray(profiles, dtype=np.intp).reshape(-1, payoffs.ndim - 1)
    n = payoffs.shape[-1]
    out = np.empty((len(profiles), n))
    index = tuple(profiles.T)
    for i in range(n):
        table = payoffs[..., i]
        own = table[index]
        best = table.max(axis=i)
        rest = index[:i] + index[i + 1 :]
        out[:, i] = best[rest] - own
    return np.maximum(out, 0.0)


def is_equilibrium(
    payoffs: np.ndarray, profile: Sequence[np.ndarray], tolerance: float = DEFAULT_TOLERANCE
) -> bool:
    """True when no player's regret exceeds ``tolerance`` times its payoff range.

    Examples
    --------
    Each player mixing evenly is the equilibrium of matching pennies:

    >>> import numpy as np
    >>> from negsim.games.verify import is_equilibrium
    >>> payoffs = np.stack([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]], axis=-1)
    >>> is_equilibrium(payoffs, [np.array([0.5, 0.5]), np.array([0.5, 0.5])])
    True
    >>> is_equilibrium(payoffs, [np.array([0.6, 0.4]), np.array([0.5, 0.5])])
    False
    """
    return bool(np.all(regrets(payoffs, profile) <= allowed_regret(payoffs, tolerance)))


def plan_regrets(tree: GameTree, plan: Plan) -> np.ndarray:
    """Largest gain of each player from a one-shot deviation at any of its nodes.

    Walks the tree bottom-up (nodes are numbered depth-first, so children come
    after parents), computing the leaf every node leads to under the plan, then
    compares each node's chosen move with every alternative. Zero everywhere
    means subgame perfect.

    Returns
    -------
    ndarray
        Shape ``(n_players,)``, never negative.
    """
    payoffs = tree.leaf_payoffs
    reached = np.empty(len(tree.nodes), dtype=np.intp)

    def leaf_after(child: int) -> int:
        return -1 - child if child < 0 else int(reached[child])

    out = np.zeros(len(tree.players))
    for index in reversed(range(len(tree.nodes))):
        node = tree.nodes[index]
        leaves = [leaf_after(child) for child in node.children]
        reached[index] = leaves[plan.choices[index]]
        values = payoffs[leaves, node.player]
        gain = values.max() - values[plan.choices[index]]
        out[node.player] = max(out[node.player], gain)
    return out
