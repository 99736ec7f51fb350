"""Every equilibrium of a two-player game, degenerate games included.

Method (von Stengel 2002; Avis, Rosenberg, Savani & von Stengel 2010). With
payoffs made positive, the best-response polytopes are

    P = {x >= 0 : B^T x <= 1}      (row player's mixes, scaled)
    Q = {y >= 0 : A y <= 1}        (column player's mixes, scaled)

A point has label ``i`` (a row strategy) when ``x_i = 0`` or ``(A y)_i = 1``,
and label ``m + j`` (a column strategy) when ``(B^T x)_j = 1`` or ``y_j = 0``.
The Nash equilibria are the completely labelled pairs ``(x, y) != (0, 0)``,
normalised; the *extreme* equilibria are the completely labelled pairs of
vertices. Every vertex is found by solving each square basis system: for a
support ``S`` and a set ``T`` of tight constraints with ``|S| = |T|``, solve
``C[T, S] z_S = 1`` and keep the solutions that are feasible and whose tight
constraints have full rank. This is exhaustive (every vertex has such a basis)
and needs no pivoting rule, so degenerate games are handled like any other:
the result is every extreme equilibrium, which in a nondegenerate game is every
equilibrium.

In a degenerate game equilibria form connected sets. The *maximal Nash
subsets* are the maximal bicliques ``U x V`` of the bipartite graph of extreme
equilibria: every ``x`` in the convex hull of ``U`` with every ``y`` in the
convex hull of ``V`` is an equilibrium, and every equilibrium lies in one.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from negsim.errors import AnalysisError

__all__ = [
    "BimatrixSolution",
    "DEFAULT_TIME_LIMIT",
    "Degeneracy",
    "basis_count",
    "extreme_equilibria",
    "polytope_vertices",
    "scale_payoffs",
]

FEASIBILITY_TOLERANCE = 1e-9
"""Slack allowed in the scaled polytopes (payoffs mapped to [1, 2])."""
MAX_CONDITION = 1e10
"""A block of A with a larger condition number does not pin down a partner vertex by
itself; the column player's polytope is then enumerated instead."""
DEFAULT_MAX_BASES = 20_000_000
DEFAULT_TIME_LIMIT = 300.0
MAX_NASH_SUBSETS = 10_000
_CHUNK = 200_000


@dataclass(frozen=True)
class Degeneracy:
    """A witness that a two-player game is degenerate: a mixed strategy with more pure
    best responses than the size of its support."""

    player: int
    """0 for the row player's mix, 1 for the column player's."""
    support: tuple[int, ...]
    best_responses: tuple[int, ...]


@dataclass(frozen=True, eq=False)
class BimatrixSolution:
    """Extreme equilibria of a bimatrix game and how they were found.

    Attributes
    ----------
    rows, cols
        ``(k, m)`` and ``(k, n)`` probability arrays; equilibrium ``e`` is
        ``(rows[e], cols[e])``.
    nash_subsets
        Maximal Nash subsets as tuples of equilibrium indices (``U x V`` lists
        every pair of the biclique).
    degeneracy
        A witness of degeneracy, or ``None`` for a nondegenerate game.
    bases
        Number of basis systems of the row player's polytope examined.
    vertices
        Number of vertices of ``P`` (all, the origin excluded) and of ``Q`` that
        complete the labels of some vertex of ``P``.
    subsets_complete
        False when the maximal Nash subsets were cut off at ``MAX_NASH_SUBSETS``.

    Examples
    --------
    A degenerate game: the column player is indifferent, so against the row
    player's first strategy both columns are best responses, and the two
    equilibria form one connected set:

    >>> from negsim.games.bimatrix import extreme_equilibria
    >>> found = extreme_equilibria([[1, 1], [0, 0]], [[1, 1], [1, 1]])
    >>> found.rows.tolist(), found.cols.tolist()
    ([[1.0, 0.0], [1.0, 0.0]], [[1.0, 0.0], [0.0, 1.0]])
    >>> found.nash_subsets, found.degenerate
    (((0, 1),), True)
    >>> found.degeneracy
    Degeneracy(player=0, support=(0,), best_responses=(0, 1))
    """

    rows: np.ndarray
    cols: np.ndarray
    nash_subsets: tuple[tuple[int, ...], ...]
    degeneracy: Degeneracy | None
    bases: int
    vertices: tuple[int, int]
    subsets_complete: bool = True

    @property
    def degenerate(self) -> bool:
        return self.degeneracy is not None


def scale_payoffs(matrix: np.ndarray) -> np.ndarray:
    """Map payoffs affinely onto [1, 2] (a constant matrix becomes all ones).

    Equilibria are unchanged by a positive affine change of one player's payoffs;
    positive payoffs make the best-response polytopes bounded.

    Examples
    --------
    >>> import numpy as np
    >>> from negsim.games.bimatrix import scale_payoffs
    >>> scale_payoffs(np.array([[0, 5], [10, 0]])).tolist()
    [[1.0, 1.5], [2.0, 1.0]]
    """
    matrix = np.asarray(matrix, dtype=float)
    low, high = matrix.min(), matrix.max()
    if high - low <= 0:
        return np.ones_like(matrix)
    return 1.0 + (matrix - low) / (high - low)


def basis_count(m: int, n: int) -> int:
    """Basis systems examined per polytope of an ``m x n`` game: ``C(m + n, m) - 1``.

    Examples
    --------
    >>> from negsim.games.bimatrix import basis_count
    >>> basis_count(2, 2), basis_count(12, 12)
    (5, 2704155)
    """
    return math.comb(m + n, m) - 1


def polytope_vertices(
    constraints: np.ndarray,
    *,
    tolerance: float = FEASIBILITY_TOLERANCE,
    deadline: float | None = None,
) -> np.ndarray:
    """Every vertex other than the origin of ``{z >= 0 : C z <= 1}`` with ``C > 0``.

    Each vertex solves a square system ``C[T, S] z_S = 1`` for a support ``S`` and
    a set ``T`` of tight constraints of the same size; every such basis is tried
    (``C(c + d, d) - 1`` of them), the feasible solutions are kept, merged when
    equal, and kept only when their tight constraints have full rank.

    Parameters
    ----------
    constraints
        ``C``, shape ``(c, d)``, positive.
    tolerance
        Slack accepted on ``z >= 0`` and ``C z <= 1``.
    deadline
        A ``time.monotonic()`` value after which enumeration stops with an error.

    Returns
    -------
    ndarray
        ``(V, d)``, one row per vertex, in no particular order.

    Examples
    --------
    ``z1 + z2/2 <= 1`` and ``z1/2 + z2 <= 1`` meet at ``(2/3, 2/3)``:

    >>> import numpy as np
    >>> from negsim.games.bimatrix import polytope_vertices
    >>> vertices = polytope_vertices(np.array([[1, 0.5], [0.5, 1]]))
    >>> sorted(tuple(round(x, 4) for x in row) for row in vertices.tolist())
    [(0.0, 1.0), (0.6667, 0.6667), (1.0, 0.0)]
    """
    c, d = constraints.shape
    found: list[np.ndarray] = []
    for k in range(1, min(c, d) + 1):
        supports = _combinations(np.arange(d), k)
        tights = _combinations(np.arange(c), k)
        step = max(1, _CHUNK // len(tights))
        for start in range(0, len(supports), step):
            if deadline is not None and time.monotonic() > deadline:
                raise AnalysisError(
                    "vertex enumeration ran past its time limit; raise time_limit or ask "
                    "for pure equilibria only (mixed=False)"
                )
            chunk = supports[start : start + step]
            found.append(_solve_bases(constraints, chunk, tights, tolerance))
    points = np.concatenate(found) if found else np.zeros((0, d))
    points = points[_deduplicate(points)[1]]
    keep = [_is_vertex(constraints, p, tolerance) for p in points]
    return points[np.array(keep, dtype=bool)] if len(points) else points


def _combinations(items: np.ndarray, k: int) -> np.ndarray:
    """Every ``k``-subset of ``items`` as rows of a ``(C(len, k), k)`` array."""
    combos = list(combinations(items.tolist(), k))
    return np.array(combos, dtype=np.intp).reshape(len(combos), k)


def _solve_bases(
    constraints: np.ndarray, supports: np.ndarray, tights: np.ndarray, tolerance: float
) -> np.ndarray:
    """Feasible solutions of ``C[T, S] z_S = 1`` for every pair of support and tight set."""
    d = constraints.shape[1]
    k = supports.shape[1]
    mats = constraints[tights[None, :, :, None], supports[:, None, None, :]].reshape(-1, k, k)
    which = np.arange(len(mats)) // len(tights)
    ones = np.ones((len(mats), k, 1))
    try:
        z = np.linalg.solve(mats, ones)[..., 0]
    except np.linalg.LinAlgError:
        # drop the exactly singular bases; nearly singular ones give points that fail
        # feasibility or the rank test of a vertex
        regular = np.linalg.slogdet(mats)[0] != 0
        which = which[regular]
        z = np.linalg.solve(mats[regular], ones[regular])[..., 0]
    nonnegative = (z >= -tolerance).all(axis=1)
    z, which = z[nonnegative], which[nonnegative]
    points = np.zeros((len(z), d))
    np.put_along_axis(points, supports[which], z, axis=1)
    feasible = (points @ constraints.T <= 1.0 + tolerance).all(axis=1)
    return np.clip(points[feasible], 0.0, None)


def _deduplicate(points: np.ndarray, cell: float = 1e-9) -> tuple[np.ndarray, np.ndarray]:
    """Cluster points closer than ``cell``: ``(cluster of each point, first member of each)``.

    Rounding onto two grids offset by half a cell and merging points that share a
    cell on either grid cannot split two points much closer than ``cell``.
    """
    k = len(points)
    if k <= 1:
        return np.zeros(k, dtype=np.intp), np.arange(k)
    keys = []
    for offset in (0.0, 0.5):
        grid = np.floor(points / cell + offset).astype(np.int64)
        _, inverse = np.unique(grid, axis=0, return_inverse=True)
        keys.append(inverse.reshape(-1))
    groups0 = keys[0].max() + 1
    edges_to = k + np.concatenate([keys[0], groups0 + keys[1]])
    edges_from = np.concatenate([np.arange(k), np.arange(k)])
    size = k + groups0 + keys[1].max() + 1
    graph = coo_matrix((np.ones(2 * k), (edges_from, edges_to)), shape=(size, size))
    _, component = connected_components(graph, directed=False)
    _, first, cluster = np.unique(component[:k], return_index=True, return_inverse=True)
    return cluster.reshape(-1), first


def _labels(
    constraints: np.ndarray, points: np.ndarray, tolerance: float
) -> tuple[np.ndarray, np.ndarray]:
    """Masks of zero coordinates ``(V, d)`` and of tight constraints ``(V, c)``."""
    return points <= tolerance, points @ constraints.T >= 1.0 - tolerance


def _is_vertex(constraints: np.ndarray, point: np.ndarray, tolerance: float) -> bool:
    """A point is a vertex when its tight constraints have full rank on its support."""
    support = point > tolerance
    tight = constraints @ point >= 1.0 - tolerance
    size = int(support.sum())
    if size == 0 or tight.sum() < size:
        return False
    block = constraints[np.ix_(tight, support)]
    return bool(np.linalg.matrix_rank(block, tol=1e-9 * max(1.0, np.abs(block).max())) == size)


def extreme_equilibria(
    row_payoffs: np.ndarray,
    col_payoffs: np.ndarray,
    *,
    max_bases: int = DEFAULT_MAX_BASES,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> BimatrixSolution:
    """Every extreme Nash equilibrium of the bimatrix game ``(A, B)``.

    Parameters
    ----------
    row_payoffs, col_payoffs
        ``A`` and ``B``, shape ``(m, n)``.
    max_bases
        Refuse games needing more than this many basis systems per polytope
        (``C(m + n, m) - 1``; 2.7 million at 12 x 12).
    time_limit
        Seconds before enumeration stops with :class:`~negsim.errors.AnalysisError`;
        ``None`` for no limit.

    Notes
    -----
    Every vertex of the row player's polytope P is enumerated (``C(m + n, m) - 1``
    basis systems). For a vertex with as many best responses as support strategies
    its partner in Q is found by one solve; Q is enumerated in full only when some
    vertex of P is degenerate or its block of ``A`` is singular.

    Returns
    -------
    BimatrixSolution
        Equilibria sorted by support size, then by probabilities (largest first).

    Examples
    --------
    The battle of the sexes: two pure equilibria and one mixed, each player
    putting 2/3 on its favourite:

    >>> from negsim.games.bimatrix import extreme_equilibria
    >>> found = extreme_equilibria([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> found.rows.round(4).tolist()
    [[1.0, 0.0], [0.0, 1.0], [0.6667, 0.3333]]
    >>> found.cols.round(4).tolist()
    [[1.0, 0.0], [0.0, 1.0], [0.3333, 0.6667]]
    >>> found.degenerate
    False
    """
    a = scale_payoffs(row_payoffs)
    b = scale_payoffs(col_payoffs)
    m, n = a.shape
    bases = _bases_within(m, n, max_bases)
    deadline = None if time_limit is None else time.monotonic() + time_limit
    x = polytope_vertices(b.T, deadline=deadline)
    x_zero, x_tight = _labels(b.T, x, FEASIBILITY_TOLERANCE)
    owner, y, q_vertices = _partners(a, ~x_zero, x_tight, deadline)
    cluster, first = _deduplicate(y)
    y = y[first]
    q_zero, q_tight = _labels(a, y if q_vertices is None else q_vertices, FEASIBILITY_TOLERANCE)
    pairs = np.unique(np.stack([owner, cluster], axis=1), axis=0).reshape(-1, 2)
    rows = _probabilities(x[pairs[:, 0]])
    cols = _probabilities(y[pairs[:, 1]])
    order = _canonical_order(rows, cols)
    rows, cols, pairs = rows[order], cols[order], pairs[order]
    subsets, complete = _nash_subsets(pairs)
    return BimatrixSolution(
        rows=rows,
        cols=cols,
        nash_subsets=subsets,
        degeneracy=_degeneracy(x_zero, x_tight, q_zero, q_tight, a),
        bases=bases,
        vertices=(len(x), len(y)),
        subsets_complete=complete,
    )


def _bases_within(m: int, n: int, max_bases: int) -> int:
    """The basis systems per polytope of an ``m x n`` game, refused above ``max_bases``."""
    bases = basis_count(m, n)
    if bases > max_bases:
        raise AnalysisError(
            f"a {m} x {n} game needs {bases:,} basis systems per player, above the limit of "
            f"{max_bases:,}; ask for pure equilibria only (mixed=False) or raise max_bases"
        )
    return bases


def _probabilities(points: np.ndarray) -> np.ndarray:
    """Each row of polytope points scaled to sum to one: a mixed strategy."""
    return points / points.sum(axis=1, keepdims=True)


def _partners(
    a: np.ndarray, supports: np.ndarray, tights: np.ndarray, deadline: float | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """For every vertex ``x`` of P, the vertices ``y`` of Q that complete its labels.

    They are the vertices of Q with ``y_j = 0`` off the best responses ``T`` of
    ``x`` and ``(A y)_i = 1`` on its support ``S``. When ``|S| = |T|`` and the block
    ``A[S, T]`` is regular that set is at most one point, found by one solve
    (batched over all such ``x``). Otherwise (a degenerate game) Q is enumerated
    once and its vertices are filtered.

    Returns
    -------
    owners, points, q_vertices
        Vertex ``points[k]`` of Q completes vertex ``owners[k]`` of P; ``q_vertices``
        are all vertices of Q when they had to be enumerated, else ``None``.
    """
    n = a.shape[1]
    owners: list[np.ndarray] = []
    points: list[np.ndarray] = []
    size_s, size_t = supports.sum(axis=1), tights.sum(axis=1)
    solved = np.zeros(len(supports), dtype=bool)
    for k in np.unique(size_s[size_s == size_t]):
        group = np.flatnonzero((size_s == k) & (size_t == k))
        rows = np.nonzero(supports[group])[1].reshape(-1, k)
        cols = np.nonzero(tights[group])[1].reshape(-1, k)
        mats = a[rows[:, :, None], cols[:, None, :]]
        regular = np.linalg.cond(mats) < MAX_CONDITION
        group, cols, mats = group[regular], cols[regular], mats[regular]
        solved[group] = True
        z = np.linalg.solve(mats, np.ones((len(mats), k, 1)))[..., 0]
        y = np.zeros((len(z), n))
        np.put_along_axis(y, cols, z, axis=1)
        ok = (z >= -FEASIBILITY_TOLERANCE).all(axis=1) & (
            y @ a.T <= 1.0 + FEASIBILITY_TOLERANCE
        ).all(axis=1)
        owners.append(group[ok])
        points.append(np.clip(y[ok], 0.0, None))
    q_vertices = None
    if not solved.all():
        q_vertices = polytope_vertices(a, deadline=deadline)
        q_zero = q_vertices <= FEASIBILITY_TOLERANCE
        q_tight = q_vertices @ a.T >= 1.0 - FEASIBILITY_TOLERANCE
        for v in np.flatnonzero(~solved):
            match = (q_zero | tights[v]).all(axis=1) & q_tight[:, supports[v]].all(axis=1)
            owners.append(np.full(int(match.sum()), v))
            points.append(q_vertices[match])
    if not owners:
        return np.zeros(0, dtype=np.intp), np.zeros((0, n)), q_vertices
    return np.concatenate(owners).astype(np.intp), np.concatenate(points), q_vertices


def _canonical_order(rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    support = (rows > 0).sum(axis=1) + (cols > 0).sum(axis=1)
    keys = np.concatenate([-np.round(rows, 9), -np.round(cols, 9)], axis=1)
    return np.lexsort((*keys.T[::-1], support))


def _nash_subsets(pairs: np.ndarray) -> tuple[tuple[tuple[int, ...], ...], bool]:
    """Maximal bicliques of the bipartite graph of extreme equilibria.

    The closed sets of column vertices are the intersections of neighbourhoods of
    row vertices (formal concept analysis); each closed set ``V`` with its rows
    ``U = {x : N(x) contains V}`` is one maximal biclique.
    """
    if len(pairs) == 0:
        return (), True
    neighbours: dict[int, int] = {}
    for x, y in pairs.tolist():
        neighbours[x] = neighbours.get(x, 0) | (1 << y)
    closed: set[int] = set()
    complete = True
    for hood in neighbours.values():
        new = {hood} | {hood & other for other in closed}
        closed |= {v for v in new if v}
        if len(closed) > MAX_NASH_SUBSETS:
            complete = False
            break
    index = {(x, y): e for e, (x, y) in enumerate(pairs.tolist())}
    subsets = []
    for cols in closed:
        rows = [x for x, hood in neighbours.items() if hood & cols == cols]
        ys = [y for y in range(cols.bit_length()) if cols >> y & 1]
        subsets.append(tuple(sorted(index[(x, y)] for x in rows for y in ys)))
    subsets.sort(key=lambda s: (s[0], len(s), s))
    return tuple(subsets), complete


def _degeneracy(
    x_zero: np.ndarray,
    x_tight: np.ndarray,
    y_zero: np.ndarray,
    y_tight: np.ndarray,
    a: np.ndarray,
) -> Degeneracy | None:
    """A vertex with more labels than its dimension witnesses degeneracy.

    Every vertex of the row player's polytope is examined; of the column player's,
    every vertex when Q had to be enumerated, else the vertices met as equilibrium
    partners and every pure strategy.
    """
    for player, zero, tight in ((0, x_zero, x_tight), (1, y_zero, y_tight)):
        extra = zero.sum(axis=1) + tight.sum(axis=1) > zero.shape[1]
        if extra.any():
            v = int(np.argmax(extra))
            return Degeneracy(
                player,
                tuple(np.flatnonzero(~zero[v]).tolist()),
                tuple(np.flatnonzero(tight[v]).tolist()),
            )
    best = a >= a.max(axis=0, keepdims=True) - FEASIBILITY_TOLERANCE
    tied = best.sum(axis=0) > 1
    if tied.any():
        j = int(np.argmax(tied))
        return Degeneracy(1, (j,), tuple(np.flatnonzero(best[:, j]).tolist()))
    return None
