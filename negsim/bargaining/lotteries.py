"""Bargaining over lotteries: the convex hull of the outcomes, clipped to ``u >= d``.

A lottery over outcomes gives each party its expected utility, so the
feasible set is ``conv(points) ∩ {u >= d}``: every outcome may be mixed in,
even one a party would refuse on its own, as long as the lottery as a whole
gives every party at least its disagreement value. The functions here take
surpluses ``s = u - d`` (one row per outcome that may be mixed) and return
weights on the rows they use:

- two parties, Nash (1950): the Pareto boundary of the hull is the concave
  chain over the points (Andrew's monotone chain), clipped to ``s >= 0``; on
  each clipped edge the product of surpluses is a concave quadratic, maximised
  in closed form;
- more parties, Nash: simplicial decomposition (von Hohenbalken 1977) started
  from a feasible lottery, its pricing step a linear program over the feasible
  lotteries (so it respects ``s >= 0``), with the Frank–Wolfe gap as a bound;
- Kalai–Smorodinsky (1975), egalitarian and utilitarian: linear programs
  (HiGHS) over the weights with the rows ``w @ s >= 0``, each solved in two
  stages so the answer is Pareto optimal.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from negsim.errors import AnalysisError

__all__ = [
    "left_out_note",
    "Lottery",
    "WEIGHT_FLOOR",
    "feasible",
    "ideal",
    "max_total",
    "maxmin",
    "nash_on_chain",
    "nash_simplicial",
    "restricted_nash",
    "upper_right_chain",
]

WEIGHT_FLOOR = 1e-9
"""Weights below this are dropped from a lottery (and the rest renormalised)."""

_TIE = 1e-9


@dataclass(frozen=True)
class Lottery:
    """Weights on some rows of the surplus matrix, summing to one."""

    weights: np.ndarray
    rows: np.ndarray
    gap: float = 0.0


def _trim(weights: np.ndarray, rows: np.ndarray, gap: float = 0.0) -> Lottery:
    keep = weights > WEIGHT_FLOOR
    w = weights[keep]
    return Lottery(w / w.sum(), rows[keep], gap)


def left_out_note(active: np.ndarray) -> str:
    """The note saying how many parties (``~active``) cannot gain and are left out.

    A party whose best in the zone is its no-deal value would make the Nash
    product zero everywhere and its Kalai–Smorodinsky ratio undefined, so
    both rules leave it out.

    Examples
    --------
    >>> import numpy as np
    >>> from negsim.bargaining.lotteries import left_out_note
    >>> left_out_note(np.array([True, False]))[:45]
    '1 party(ies) cannot gain over no deal anywher'
    >>> left_out_note(np.array([True, True]))
    ''
    """
    if active.all():
        return ""
    return (
        f"{int((~active).sum())} party(ies) cannot gain over no deal anywhere in the "
        "zone and are left out of the product/ratios"
    )


def upper_right_chain(pts: np.ndarray) -> np.ndarray:
    """Positions of the vertices of the concave chain over 2-D Pareto points.

    The points sorted by the first utility are decreasing in the second; their
    upper concave hull (Andrew's monotone chain) is the Pareto boundary of
    their convex hull. Collinear middle points are dropped.
    """
    order = np.lexsort((-pts[:, 1], pts[:, 0]))
    chain: list[int] = []
    for i in order:
        x, y = pts[i]
        if chain and pts[chain[-1], 0] == x and pts[chain[-1], 1] == y:
            continue
        while len(chain) >= 2:
            (x1, y1), (x2, y2) = pts[chain[-2]], pts[chain[-1]]
            if (x2 - x1) * (y - y1) - (y2 - y1) * (x - x1) >= 0:
                chain.pop()
            else:
                break
        chain.append(int(i))
    return np.array(chain, dtype=np.int64)


def nash_on_chain(s: np.ndarray) -> Lottery | None:
    """Maximise ``s_1 s_2`` over the chain through ``s`` clipped to ``s >= 0``.

    ``s`` holds the chain's vertices as surpluses, by increasing ``s_1``. On
    the edge from ``a`` to ``b`` (``e = b - a``) the product
    ``f(t) = (a1 + t e1)(a2 + t e2)`` is a concave quadratic; both surpluses
    are non-negative for ``t`` in ``[lo, hi]``, and the maximiser is
    ``t* = -(a1 e2 + a2 e1) / (2 e1 e2)`` clipped to that interval. Returns
    ``None`` when no point of the chain has both surpluses non-negative.
    """
    if len(s) == 1:
        return Lottery(np.ones(1), np.array([0])) if (s[0] >= 0).all() else None
    a, e = s[:-1], s[1:] - s[:-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        lo = np.where(e[:, 0] > 0, -a[:, 0] / e[:, 0], np.where(a[:, 0] >= 0, -np.inf, np.inf))
        hi = np.where(e[:, 1] < 0, -a[:, 1] / e[:, 1], np.where(a[:, 1] >= 0, np.inf, -np.inf))
        lo, hi = np.maximum(lo, 0.0), np.minimum(hi, 1.0)
        t = -(a[:, 0] * e[:, 1] + a[:, 1] * e[:, 0]) / (2 * e[:, 0] * e[:, 1])
    ok = lo <= hi
    if not ok.any():
        return None
    t = np.clip(np.nan_to_num(t, nan=0.0), lo, hi)
    mid = np.maximum(a + t[:, None] * e, 0.0)
    products = np.where(ok, mid.prod(axis=1), -np.inf)
    k = int(np.argmax(products))
    if t[k] <= WEIGHT_FLOOR:
        return Lottery(np.ones(1), np.array([k]))
    if t[k] >= 1 - WEIGHT_FLOOR:
        return Lottery(np.ones(1), np.array([k + 1]))
    return Lottery(np.array([1 - t[k], t[k]]), np.array([k, k + 1]))


def _linprog(
    c: np.ndarray, a_ub: np.ndarray, b_ub: np.ndarray, m: int, *, extra: int = 0
) -> np.ndarray | None:
    """Minimise ``c @ z`` over ``z = (w, t...)`` with ``a_ub z <= b_ub``, ``w`` a lottery."""
    from scipy.optimize import linprog

    a_eq = np.r_[np.ones(m), np.zeros(extra)][None, :]
    bounds = [(0.0, None)] * m + [(None, None)] * extra
    res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=[1.0], bounds=bounds, method="highs-ds")
    if res.status == 2:
        return None
    if res.status != 0:
        raise AnalysisError(f"a lottery linear program failed: {res.message}")
    return np.asarray(res.x)


def _maxmin_stage(ratio: np.ndarray, surplus: np.ndarray) -> np.ndarray | None:
    """``(w, t)`` maximising ``t <= (w @ ratio)_p`` with ``w @ surplus >= 0``."""
    m, k = ratio.shape
    a_ub = np.vstack(
        [
            np.hstack([-ratio.T, np.ones((k, 1))]),
            np.hstack([-surplus.T, np.zeros((surplus.shape[1], 1))]),
        ]
    )
    b_ub = np.zeros(len(a_ub))
    return _linprog(np.r_[np.zeros(m), -1.0], a_ub, b_ub, m, extra=1)


def feasible(surplus: np.ndarray) -> bool:
    """Whether some lottery gives every party a surplus of at least zero (within ``1e-9``)."""
    first = _maxmin_stage(surplus, np.zeros_like(surplus))
    if first is None:
        return False
    scale = max(1.0, float(np.abs(surplus).max(initial=0.0)))
    return bool(first[-1] >= -_TIE * scale)


def ideal(surplus: np.ndarray) -> np.ndarray:
    """Each party's largest surplus over the feasible lotteries (one linear program each)."""
    m, k = surplus.shape
    out = np.zeros(k)
    for p in range(k):
        w = _linprog(-surplus[:, p], -surplus.T, np.zeros(k), m)
        if w is None:
            raise AnalysisError("no lottery gives every party its disagreement value")
        out[p] = float(w @ surplus[:, p])
    return out


def maxmin(ratio: np.ndarray, surplus: np.ndarray) -> Lottery:
    """Lottery maximising ``min_p (w @ ratio)_p``, then the total of ``ratio`` among those.

    Both stages keep ``w @ surplus >= 0``. ``ratio`` is the surplus, or the
    surplus divided by each party's possible gain (Kalai–Smorodinsky), over
    the parties that can gain.
    """
    m = len(ratio)
    first = _maxmin_stage(ratio, surplus)
    if first is None:
        raise AnalysisError("no lottery gives every party its disagreement value")
    t = float(first[-1])
    floor = t - _TIE * max(1.0, abs(t))
    a_ub = np.vstack([-ratio.T, -surplus.T])
    b_ub = np.r_[np.full(ratio.shape[1], -floor), np.zeros(surplus.shape[1])]
    second = _linprog(-ratio.sum(axis=1), a_ub, b_ub, m)
    w = second if second is not None else first[:m]
    return _trim(np.clip(w, 0.0, None), np.arange(m))


def max_total(surplus: np.ndarray) -> Lottery:
    """Lottery maximising the total surplus, then the smallest surplus among those."""
    m, k = surplus.shape
    first = _linprog(-surplus.sum(axis=1), -surplus.T, np.zeros(k), m)
    if first is None:
        raise AnalysisError("no lottery gives every party its disagreement value")
    total = float(first @ surplus.sum(axis=1))
    floor = total - _TIE * max(1.0, abs(total))
    a_ub = np.vstack(
        [
            np.hstack([-surplus.T, np.ones((k, 1))]),
            np.r_[-surplus.sum(axis=1), 0.0][None, :],
            np.hstack([-surplus.T, np.zeros((k, 1))]),
        ]
    )
    b_ub = np.r_[np.zeros(k), -floor, np.zeros(k)]
    second = _linprog(np.r_[np.zeros(m), -1.0], a_ub, b_ub, m, extra=1)
    w = second[:m] if second is not None else first
    return _trim(np.clip(w, 0.0, None), np.arange(m))


def nash_simplicial(
    surplus: np.ndarray, active: np.ndarray, start: Lottery, *, max_rounds: int = 500
) -> Lottery:
    """Maximise ``sum_{p active} log((w @ surplus)_p)`` over lotteries with ``w @ surplus >= 0``.

    Simplicial decomposition (von Hohenbalken 1977): keep a few outcomes,
    solve the problem restricted to their lotteries (SLSQP on a few weights),
    then price every outcome with the gradient ``g = 1 / (w @ s)`` by a
    linear program over the feasible lotteries and add the support of its
    answer, until it improves by no more than ``1e-10``. The improvement is
    the Frank–Wolfe gap, an upper bound on ``f* - f(w)``, returned in
    ``gap``. ``start`` must give every active party a positive surplus.
    """
    s = surplus[:, active]
    m = len(surplus)
    support, weights = start.rows, start.weights
    gap = np.inf
    for _ in range(max_rounds):
        weights = restricted_nash(s[support], surplus[support], weights)
        kept = weights > WEIGHT_FLOOR
        support, weights = support[kept], weights[kept] / weights[kept].sum()
        g = 1.0 / (weights @ s[support])
        price = _linprog(-(s @ g), -surplus.T, np.zeros(surplus.shape[1]), m)
        if price is None:
            break
        gap = max(0.0, float(price @ (s @ g)) - float(active.sum()))
        entering = np.setdiff1d(np.flatnonzero(price > WEIGHT_FLOOR), support)
        if gap <= 1e-10 or not len(entering):
            break
        support = np.r_[support, entering]
        weights = np.r_[weights, np.zeros(len(entering))]
    return _trim(weights, support, gap)


def restricted_nash(s: np.ndarray, surplus: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Best lottery over the few rows of ``s`` keeping ``w @ surplus >= 0`` (SLSQP)."""
    from scipy.optimize import minimize

    m = len(s)
    if m == 1:
        return np.ones(1)

    def fun(w: np.ndarray) -> tuple[float, np.ndarray]:
        v = np.maximum(w @ s, 1e-300)
        return -float(np.log(v).sum()), -(s / v).sum(axis=1)

    constraints = [
        {"type": "eq", "fun": lambda w: w.sum() - 1.0, "jac": lambda w: np.ones(m)},
        {"type": "ineq", "fun": lambda w: w @ surplus, "jac": lambda w: surplus.T},
    ]
    res = minimize(
        fun,
        start,
        jac=True,
        method="SLSQP",
        bounds=[(0.0, 1.0)] * m,
        constraints=constraints,
        options={"ftol": 1e-15, "maxiter": 1000},
    )
    w = np.clip(res.x, 0.0, None)
    w /= w.sum()
    before = fun(start)[0]
    if not ((w @ surplus >= -1e-12).all() and fun(w)[0] <= before):
        return start
    return w
