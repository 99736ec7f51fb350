"""Pareto frontier of a set of utility vectors (every party maximises).

A point ``a`` *dominates* ``b`` when ``a >= b`` for every party and ``a > b``
for at least one. The frontier is the set of points no other point dominates
(strong Pareto optimality).

Two algorithms, both exact on floating-point input:

- two parties: sort by the first utility (descending) and sweep once: in each
  group of equal first utility only the largest second utility can survive,
  and it does when it beats every group before it (Kung, Luccio & Preparata
  1975); ``O(n log n)``;
- more parties: a block-nested-loop skyline (Börzsönyi, Kossmann & Stocker
  2001) over the points sorted by total utility (ties lexicographically), an
  order in which a point can only be dominated by one before it. Each block
  of candidates is compared with itself as whole arrays; its survivors are on
  the frontier and remove every waiting point they dominate. Worst case
  ``O(n h)`` for a frontier of ``h`` points.

Ties and duplicates
-------------------
Equal utility vectors do not dominate each other. With ``keep="all"`` (the
default) every index whose vector is undominated is returned, so outcomes
with identical utilities all appear; with ``keep="first"`` each distinct
undominated vector appears once, by its lowest index. Either way the indices
come back in increasing order, so the answer does not depend on the
algorithm used.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from negsim.errors import AnalysisError

__all__ = [
    "Keep",
    "dominated_by_any",
    "pareto_frontier",
    "pareto_mask",
]

Keep = Literal["all", "first"]

_BLOCK = 512
"""Candidates compared at once in the skyline; memory is ``_BLOCK**2 * parties`` bytes."""


def pareto_frontier(points: ArrayLike, *, keep: Keep = "all") -> np.ndarray:
    """Indices of the undominated rows of ``points`` (maximisation).

    Parameters
    ----------
    points
        Utility vectors, shape ``(n_points, n_parties)``; finite numbers.
    keep
        ``"all"``: every index whose vector is undominated (duplicates
        included); ``"first"``: one index (the lowest) per distinct
        undominated vector.

    Returns
    -------
    numpy.ndarray
        Sorted ``int64`` indices into ``points``.

    Raises
    ------
    AnalysisError
        When ``points`` is not a finite 2-D array or ``keep`` is unknown.

    Examples
    --------
    ``(0.4, 0.4)`` is dominated by ``(0.5, 0.5)``; the duplicate of
    ``(0.5, 0.5)`` is kept unless ``keep="first"``:

    >>> from negsim.bargaining.pareto import pareto_frontier
    >>> points = [[1, 0], [0, 1], [0.5, 0.5], [0.4, 0.4], [0.5, 0.5]]
    >>> pareto_frontier(points).tolist()
    [0, 1, 2, 4]
    >>> pareto_frontier(points, keep="first").tolist()
    [0, 1, 2]
    """
    mask = pareto_mask(points)
    if keep == "all":
        return np.flatnonzero(mask)
    if keep != "first":
        raise AnalysisError(f"keep must be 'all' or 'first', got {keep!r}")
    pts = np.asarray(points, dtype=float)
    candidates = np.flatnonzero(mask)
    _, first = np.unique(pts[candidates], axis=0, return_index=True)
    return np.sort(candidates[first])


def pareto_mask(points: ArrayLike) -> np.ndarray:
    """Boolean mask of the undominated rows of ``points`` (duplicates all True).

    See :func:`pareto_frontier` for the algorithms. Before either runs, a few
    undominated *pivots* (maximisers of positively weighted sums) remove every
    point they dominate in one pass each; on typical utility clouds this
    leaves a small fraction of the points to sort.

    Examples
    --------
    >>> from negsim.bargaining.pareto import pareto_mask
    >>> pareto_mask([[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 0, 0.5]]).tolist()
    [True, True, True, False]
    """
    pts = _as_points(points)
    n, k = pts.shape
    if n == 0:
        return np.zeros(0, dtype=bool)
    if k == 1:
        return pts[:, 0] == pts[:, 0].max()
    candidates = np.flatnonzero(~_dominated_by_pivots(pts))
    sub = pts[candidates]
    mask = np.zeros(n, dtype=bool)
    mask[candidates] = _sweep_two(sub) if k == 2 else _skyline(sub)
    return mask


def dominated_by_any(points: ArrayLike, others: ArrayLike) -> np.ndarray:
    """For each row of ``points``: is it dominated by some row of ``others``?

    A direct ``O(n m)`` comparison (in chunks), for checks and small sets.

    Examples
    --------
    >>> from negsim.bargaining.pareto import dominated_by_any
    >>> dominated_by_any([[0.4, 0.4], [1, 1], [1, 0]], [[0.5, 0.5], [1, 0]]).tolist()
    [True, False, False]
    """
    a = _as_points(points)
    b = _as_points(others)
    if a.shape[1] != b.shape[1]:
        raise AnalysisError(f"points have {a.shape[1]} utilities each but others have {b.shape[1]}")
    return _dominated(a, b)


def _as_points(points: ArrayLike) -> np.ndarray:
    pts = np.asarray(points, dtype=float)
    if pts.ndim != 2:
        raise AnalysisError(
            f"utility points must be a 2-D array (points x parties), got shape {pts.shape}"
        )
    if pts.shape[1] == 0:
        raise AnalysisError("utility points need at least one party (column)")
    if not np.isfinite(pts).all():
        raise AnalysisError("utility points must be finite numbers (found NaN or infinity)")
    return pts


def _dominated_by_pivots(pts: np.ndarray) -> np.ndarray:
    """Points strictly dominated by a maximiser of a positively weighted sum."""
    k = pts.shape[1]
    cols = np.ascontiguousarray(pts.T)  # column-wise work is several times faster
    # Extreme utilities (spans near 0 or near the float range) can make these
    # sums overflow to inf or NaN and pick a dominated pivot. That is harmless:
    # a pivot removes only points it strictly dominates, never a frontier point.
    with np.errstate(over="ignore", invalid="ignore"):
        span = cols.max(axis=1) - cols.min(axis=1)
        scale = 1.0 / np.where(span > 0, span, 1.0)
        weights = scale[:, None] * (np.ones((k, k + 1)) + np.eye(k, k + 1, 1) * k)
        pivots = np.unique(np.argmax(weights.T @ cols, axis=1))
    out = np.zeros(len(pts), dtype=bool)
    for i in pivots:
        weakly_below = np.ones(len(pts), dtype=bool)
        strictly_somewhere = np.zeros(len(pts), dtype=bool)
        for col, z in zip(cols, cols[:, i], strict=True):
            weakly_below &= col <= z
            strictly_somewhere |= col < z
        out |= weakly_below & strictly_somewhere
    return out


def _sweep_two(pts: np.ndarray) -> np.ndarray:
    u1, u2 = pts[:, 0], pts[:, 1]
    order = np.argsort(-u1)
    s1, s2 = u1[order], u2[order]
    # groups of equal u1; within a group only the largest u2 can be undominated,
    # and it is when it beats the largest u2 of every group with a larger u1
    starts = np.flatnonzero(np.r_[True, s1[1:] != s1[:-1]])
    group_best = np.maximum.reduceat(s2, starts)
    best_before = np.empty_like(group_best)
    best_before[0] = -np.inf
    np.maximum.accumulate(group_best[:-1], out=best_before[1:])
    group = np.cumsum(np.r_[True, s1[1:] != s1[:-1]]) - 1
    ok_sorted = (s2 == group_best[group]) & (group_best > best_before)[group]
    mask = np.empty(len(order), dtype=bool)
    mask[order] = ok_sorted
    return mask


def _skyline(pts: np.ndarray) -> np.ndarray:
    # a point can only be dominated by one that comes earlier in the order, so
    # each block needs checking only against itself; its survivors then remove
    # what they dominate among the points still waiting
    order = _dominance_order(pts)
    waiting = pts[order]
    position = np.arange(len(order))
    keep = np.zeros(len(order), dtype=bool)
    while len(waiting):
        block, waiting = waiting[:_BLOCK], waiting[_BLOCK:]
        block_pos, position = position[:_BLOCK], position[_BLOCK:]
        undominated = ~_dominated(block, block)
        keep[block_pos[undominated]] = True
        alive = ~_dominated(waiting, block[undominated])
        waiting, position = waiting[alive], position[alive]
    mask = np.empty(len(order), dtype=bool)
    mask[order] = keep
    return mask


def _dominance_order(pts: np.ndarray) -> np.ndarray:
    """Rows by decreasing sum, ties in decreasing lexicographic order.

    A dominating point comes before every point it dominates: its rounded sum
    is at least as large (rounding is monotone), and on equal sums the first
    coordinate where the two differ is larger. Rows are scaled by a power of
    two first so the sums cannot overflow (scaling, like rounding, keeps the
    order monotone).
    """
    if not len(pts):
        return np.zeros(0, dtype=np.int64)
    _, exponent = np.frexp(np.abs(pts).max())
    total = np.ldexp(pts, -int(exponent)).sum(axis=1)
    keys = [-pts[:, j] for j in reversed(range(pts.shape[1]))]
    return np.lexsort([*keys, -total])


def _dominated(points: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Rows of ``points`` strictly dominated by some row of ``others``, in chunks."""
    out = np.zeros(len(points), dtype=bool)
    if not len(points) or not len(others):
        return out
    other_cols = np.ascontiguousarray(others.T)
    step = max(1, (1 << 21) // len(others))
    for start in range(0, len(points), step):
        chunk = points[start : start + step]
        weakly_above = np.ones((len(chunk), len(others)), dtype=bool)
        strictly_somewhere = np.zeros_like(weakly_above)
        for j, col in enumerate(other_cols):
            mine = chunk[:, j : j + 1]
            weakly_above &= col >= mine
            strictly_somewhere |= col > mine
        out[start : start + step] = (weakly_above & strictly_somewhere).any(axis=1)
    return out
