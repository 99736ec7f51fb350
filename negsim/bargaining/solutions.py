"""Bargaining solutions on the zone of possible agreement.

The bargaining problem is the set of utility vectors of the outcomes every
party accepts (the ZOPA) with the no-deal values as disagreement point ``d``.
On it this module computes the Pareto frontier and four classic solutions:

- **Nash** (Nash 1950): maximise the product of surpluses ``prod_p (u_p - d_p)``;
- **Kalai–Smorodinsky** (Kalai & Smorodinsky 1975): the point of the frontier
  on the ray from ``d`` towards the ideal point ``I`` (each party's best in the
  zone), i.e. maximise ``min_p (u_p - d_p) / (I_p - d_p)``;
- **egalitarian** (Kalai 1977): maximise the smallest surplus ``min_p (u_p - d_p)``;
- **utilitarian**: maximise the sum of utilities.

Over the outcomes themselves ("pure" mode) every solution is a maximiser over
the frontier; a party with no possible gain (``I_p = d_p``) is left out of the
Nash product and of the Kalai–Smorodinsky ratios, and the note says so. Ties
(within a relative ``1e-9``) are broken by the sum of normalised surpluses
(the utilitarian rule: by the smallest surplus), then by the lowest index, so
results are deterministic and Nash and Kalai–Smorodinsky stay invariant to a
positive affine rescaling of any party's utility.

Over lotteries (``lotteries=True``) the feasible set is the convex hull of the
zone's utility points. For two parties the upper-right hull is built with a
monotone chain over the frontier and the Nash point is found in closed form on
each hull edge; for more parties the Nash lottery is found by simplicial
decomposition over the frontier's outcomes, with its Frank–Wolfe gap (a bound
on the error of the log-product) in the note. Kalai–Smorodinsky and
egalitarian are linear programs (HiGHS), solved in two stages (max-min, then
the largest total among the max-min lotteries) so the answer is Pareto
optimal. Each lottery solution lists the outcomes it mixes and their weights.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from negsim.bargaining.pareto import pareto_frontier
from negsim.common.provenance import Provenance
from negsim.common.serialize import fields_jsonable, to_jsonable
from negsim.common.words import outcome_text
from negsim.errors import AnalysisError

if TYPE_CHECKING:
    from collections.abc import Callable

    from negsim.model.compile import Model
    from negsim.model.space import LevelValue
    from negsim.scenario.format import Scenario

__all__ = [
    "BargainingResult",
    "LotteryTerm",
    "RULES",
    "Solution",
    "TITLES",
    "bargain",
    "solutions_from_points",
]

RULES = ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian")
"""Names of the bargaining solutions, in the order they are reported."""

OBJECTIVES = {
    "nash": "product of surpluses",
    "kalai_smorodinsky": "smallest normalised surplus",
    "egalitarian": "smallest surplus",
    "utilitarian": "sum of utilities",
}

TITLES = {
    "nash": "Nash bargaining solution",
    "kalai_smorodinsky": "Kalai–Smorodinsky",
    "egalitarian": "egalitarian",
    "utilitarian": "utilitarian",
}

_TIE = 1e-9
_WEIGHT_FLOOR = 1e-9


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class LotteryTerm:
    """One outcome in a lottery and its probability.

    Examples
    --------
    All or nothing for each side, mixed evenly:

    >>> from negsim import solutions_from_points
    >>> nash = solutions_from_points([[1, 0], [0, 1]], [0, 0], lotteries=True)["nash"]
    >>> [(term.index, term.weight, term.utility) for term in nash.mixture]
    [(1, 0.5, (0.0, 1.0)), (0, 0.5, (1.0, 0.0))]
    """

    weight: float
    index: int
    utility: tuple[float, ...]
    outcome: Mapping[str, LevelValue] | None = None

    def to_dict(self) -> dict[str, Any]:
        return fields_jsonable(self)


@dataclass(frozen=True)
class Solution:
    """One bargaining solution.

    Attributes
    ----------
    rule
        One of :data:`RULES`.
    utility, surplus
        Each party's utility and its gain over no deal.
    value
        The rule's objective: Nash product of surpluses, smallest normalised
        surplus (Kalai–Smorodinsky), smallest surplus (egalitarian) or sum of
        utilities (utilitarian).
    index
        The chosen outcome (or point), or ``None`` for a lottery of several.
    outcome
        The chosen outcome as scenario-file values, when there is one.
    mixture
        The outcomes mixed and their weights (one term of weight 1 when pure).
    provenance
        How the point was chosen and whether exactly; its ``note`` (read by
        ``note``, ``""`` when none) is anything the reader must know: parties
        left out, degeneracy, accuracy.

    Examples
    --------
    >>> from negsim import solutions_from_points
    >>> points = [[1, 0], [0, 1], [0.4, 0.4]]
    >>> pure = solutions_from_points(points, [0.1, 0.1])["egalitarian"]
    >>> pure.index, [round(x, 4) for x in pure.surplus], pure.is_lottery
    (2, [0.3, 0.3], False)
    >>> mixed = solutions_from_points(points, [0, 0], lotteries=True)["egalitarian"]
    >>> mixed.is_lottery, [(t.index, round(t.weight, 4)) for t in mixed.mixture]
    (True, [(1, 0.5), (0, 0.5)])
    """

    rule: str
    utility: tuple[float, ...]
    surplus: tuple[float, ...]
    value: float
    index: int | None
    outcome: Mapping[str, LevelValue] | None
    mixture: tuple[LotteryTerm, ...]
    provenance: Provenance

    @property
    def note(self) -> str:
        return self.provenance.note or ""

    @property
    def title(self) -> str:
        return TITLES[self.rule]

    @property
    def is_lottery(self) -> bool:
        return len(self.mixture) > 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "title": self.title,
            "utility": list(self.utility),
            "surplus": list(self.surplus),
            "value": self.value,
            "index": self.index,
            "outcome": None if self.outcome is None else dict(self.outcome),
            "mixture": [t.to_dict() for t in self.mixture],
            "note": self.note,
        }

    def __repr__(self) -> str:
        utility = ", ".join(f"{u:.4g}" for u in self.utility)
        if self.is_lottery:
            where = f"lottery {_mixture_text(self.mixture)}"
        elif self.outcome is not None:
            where = outcome_text(self.outcome)
        else:
            where = f"point #{self.index}"
        note = f"; {self.note}" if self.note else ""
        return (
            f"<Solution {self.rule} ({OBJECTIVES[self.rule]} {self.value:.4g}): "
            f"utility ({utility}) at {where}{note}>"
        )

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(repr(self))}</p>"


@dataclass(frozen=True, eq=False)
class BargainingResult:
    """Pareto frontier and bargaining solutions of a zone of possible agreement.

    ``exists`` is False when no outcome is acceptable to every party; then
    ``reason`` says why in words and ``solutions`` is empty. ``provenance``
    says how the zone was searched (``method`` reads it): exact when every
    outcome of a discrete space (or every point given) was checked, not when
    continuous issues were sampled at ``resolution`` points or the Nash
    lottery of more than two parties was approached within a stated gap.
    Indices refer to the model's outcomes (or to the rows of the points given
    to :func:`solutions_from_points`). ``frontier`` lists the zone's Pareto
    optimal indices in increasing order; ``hull`` (two parties, lotteries
    only) the vertices of the upper-right hull by increasing first utility.

    Examples
    --------
    Only two points give both parties at least 0.1, and one dominates the other:

    >>> from negsim import solutions_from_points
    >>> result = solutions_from_points([[1, 0], [0.6, 0.6], [0, 1], [0.2, 0.2]], [0.1, 0.1])
    >>> result.zone_size, result.frontier.tolist()
    (2, [1])
    >>> result.frontier_frame()
       index  party_0  party_1
    0      1      0.6      0.6
    """

    exists: bool
    reason: str
    provenance: Provenance
    parties: tuple[str, ...]
    disagreement: tuple[float, ...]
    ideal: tuple[float, ...] | None
    n_outcomes: int
    zone_size: int
    frontier: np.ndarray = field(repr=False)
    frontier_utility: np.ndarray = field(repr=False)
    solutions: Mapping[str, Solution] = field(default_factory=dict)
    lotteries: bool = False
    hull: tuple[int, ...] | None = None
    name: str = ""

    @property
    def method(self) -> str:
        return self.provenance.method

    @property
    def frontier_size(self) -> int:
        return len(self.frontier)

    def __getitem__(self, rule: str) -> Solution:
        if rule not in self.solutions:
            if not self.exists:
                raise AnalysisError(f"no {rule!r} solution: {self.reason}")
            raise AnalysisError(f"unknown solution {rule!r}; choose one of {', '.join(RULES)}")
        return self.solutions[rule]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-safe data."""
        return {
            "name": self.name,
            "exists": self.exists,
            "reason": self.reason,
            "method": self.method,
            "lotteries": self.lotteries,
            "parties": list(self.parties),
            "disagreement": dict(zip(self.parties, self.disagreement, strict=True)),
            "ideal": None
            if self.ideal is None
            else dict(zip(self.parties, self.ideal, strict=True)),
            "n_outcomes": self.n_outcomes,
            "zone_size": self.zone_size,
            "frontier": {
                "size": self.frontier_size,
                "indices": to_jsonable(self.frontier),
                "utility": to_jsonable(self.frontier_utility),
            },
            "hull": None if self.hull is None else list(self.hull),
            "solutions": {rule: s.to_dict() for rule, s in self.solutions.items()},
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per solution: objective, each party's utility and surplus, the outcome."""
        rows = []
        for rule, s in self.solutions.items():
            row: dict[str, Any] = {"rule": rule, "value": s.value, "index": s.index}
            for party, u, g in zip(self.parties, s.utility, s.surplus, strict=True):
                row[f"utility.{party}"] = u
                row[f"surplus.{party}"] = g
            for issue, value in (s.outcome or {}).items():
                row[f"outcome.{issue}"] = value
            if self.lotteries:
                row["lottery"] = _mixture_text(s.mixture)
            row["note"] = s.note
            rows.append(row)
        return pd.DataFrame(rows).set_index("rule") if rows else pd.DataFrame()

    def frontier_frame(self) -> pd.DataFrame:
        """One row per point of the Pareto frontier: its index and each party's utility."""
        frame = pd.DataFrame(self.frontier_utility, columns=list(self.parties))
        frame.insert(0, "index", self.frontier)
        return frame

    def to_text(self) -> str:
        """A few lines for a terminal."""
        title = f"{self.name}: " if self.name else ""
        lines = []
        if not self.exists:
            return f"{title}{self.reason}\n"
        lines.append(f"{title}{self.reason}")
        lines.append(f"Pareto frontier: {self.frontier_size:,} point(s).")
        lines.append(f"Method: {self.method}.")
        lines.append(
            "no deal: "
            + ", ".join(
                f"{p} {v:.4g}" for p, v in zip(self.parties, self.disagreement, strict=True)
            )
        )
        for s in self.solutions.values():
            utilities = ", ".join(
                f"{p} {u:.4g}" for p, u in zip(self.parties, s.utility, strict=True)
            )
            lines.append(f"- {s.title} ({OBJECTIVES[s.rule]} {s.value:.4g}): {utilities}")
            if len(s.mixture) == 1 and s.outcome is not None:
                lines.append(f"    outcome #{s.index}: {outcome_text(s.outcome)}")
            elif len(s.mixture) == 1:
                lines.append(f"    point #{s.index}")
            else:
                for term in s.mixture:
                    what = outcome_text(term.outcome) if term.outcome is not None else ""
                    lines.append(f"    {term.weight:.4f} x #{term.index} {what}".rstrip())
            if s.note:
                lines.append(f"    note: {s.note}")
        return "\n".join(lines) + "\n"

    def __repr__(self) -> str:
        head = f"<BargainingResult{' ' + repr(self.name) if self.name else ''}: "
        if not self.exists:
            return head + self.reason + ">"
        parts = [f"zone {self.zone_size:,} of {self.n_outcomes:,}, frontier {self.frontier_size:,}"]
        for rule, s in self.solutions.items():
            utilities = " ".join(
                f"{p}={u:.3g}" for p, u in zip(self.parties, s.utility, strict=True)
            )
            parts.append(f"{rule} {utilities}")
        return head + "; ".join(parts) + ">"

    def _repr_html_(self) -> str:
        heading = html.escape(self.name or "Bargaining")
        body = f"<p>{html.escape(self.reason)}</p>"
        if self.exists:
            body += f"<p>Pareto frontier: {self.frontier_size:,} point(s). "
            body += f"{html.escape(self.method)}</p>" + self.to_frame().to_html()
        return f"<div><strong>{heading}</strong>{body}</div>"


def _mixture_text(mixture: Sequence[LotteryTerm]) -> str:
    return " + ".join(f"{t.weight:.4g} x #{t.index}" for t in mixture)


# ---------------------------------------------------------------- entry points


def bargain(scenario_or_model: Scenario | Model, lotteries: bool = False) -> BargainingResult:
    """Pareto frontier and bargaining solutions on a scenario's ZOPA.

    Parameters
    ----------
    scenario_or_model
        A :class:`~negsim.scenario.Scenario` (compiled here) or a compiled
        :class:`~negsim.model.Model`.
    lotteries
        Also allow lotteries over the zone's outcomes (the convex hull of their
        utility points); solutions then name the outcomes they mix.

    Returns
    -------
    BargainingResult
        With ``exists=False`` and a ``reason`` when no outcome is acceptable
        to every party.

    Examples
    --------
    Alpha gets ``share`` percent of the water and Beta the rest; with no-deal
    values 0.3 and 0.4 the zone is ``30 <= share <= 60`` and the Nash solution
    splits the surplus of 0.3 evenly, at ``share = 45``:

    >>> import negsim
    >>> from negsim.scenario.examples import water_talks
    >>> s = water_talks(grid=101)
    >>> result = negsim.bargain(s)
    >>> result.exists, result.zone_size, result.frontier_size
    (True, 31, 31)
    >>> result["nash"]
    <Solution nash (product of surpluses 0.0225): utility (0.45, 0.55) at share=45>
    >>> result["kalai_smorodinsky"].outcome
    {'share': 45.0}
    """
    from negsim.model.compile import Model, compile_scenario
    from negsim.scenario.format import Scenario

    if isinstance(scenario_or_model, Scenario):
        model = compile_scenario(scenario_or_model)
    elif isinstance(scenario_or_model, Model):
        model = scenario_or_model
    else:
        raise AnalysisError(
            "bargain() takes a Scenario or a compiled Model, "
            f"not {type(scenario_or_model).__name__}"
        )
    zone = np.flatnonzero(model.acceptable_masks.all(axis=0))
    provenance = _enumeration_provenance(model)
    name = model.scenario.name
    d = model.no_deal
    if not len(zone):
        return _empty(model.parties, d, model.n_outcomes, _no_zone_reason(model), provenance, name)
    core = _solve(model.utility[zone], d, lotteries)
    return _result(
        core,
        parties=model.parties,
        d=d,
        n_outcomes=model.n_outcomes,
        index_of=zone,
        decode=model.decode,
        provenance=provenance,
        lotteries=lotteries,
        name=name,
        reason=f"A zone of possible agreement exists: {len(zone):,} of "
        f"{model.n_outcomes:,} outcomes are acceptable to every party.",
    )


def solutions_from_points(
    points: ArrayLike,
    disagreement: ArrayLike,
    *,
    lotteries: bool = False,
    parties: Sequence[str] | None = None,
) -> BargainingResult:
    """Bargaining solutions of a finite set of utility vectors.

    Parameters
    ----------
    points
        Utility vectors, shape ``(n_points, n_parties)``.
    disagreement
        The disagreement point ``d``, shape ``(n_parties,)``. Points giving any
        party less than ``d_p`` are not individually rational and are left out.
    lotteries
        Solve on the convex hull of the points instead of the points.
    parties
        Names for the columns (default ``party_0``, ``party_1``, ...).

    Returns
    -------
    BargainingResult
        Indices refer to rows of ``points``.

    Examples
    --------
    Nash's textbook case: ``u1 = sqrt(x)``, ``u2 = 1 - x`` with disagreement at
    zero. The Nash product ``sqrt(x) (1 - x)`` is largest at ``x = 1/3``, the
    sum of utilities at ``x = 1/4``:

    >>> import numpy as np
    >>> from negsim import solutions_from_points
    >>> x = np.linspace(0, 1, 301)
    >>> result = solutions_from_points(np.column_stack([np.sqrt(x), 1 - x]), [0, 0])
    >>> nash = result["nash"]
    >>> round(float(x[nash.index]), 4), [round(u, 4) for u in nash.utility]
    (0.3333, [0.5774, 0.6667])
    >>> round(float(x[result["utilitarian"].index]), 4)
    0.25

    With lotteries, all or nothing becomes an even chance of each:

    >>> solutions_from_points([[1, 0], [0, 1]], [0, 0], lotteries=True)["nash"].utility
    (0.5, 0.5)
    """
    from negsim.bargaining.pareto import _as_points

    pts = _as_points(points)
    d = np.asarray(disagreement, dtype=float).reshape(-1)
    if d.shape != (pts.shape[1],) or not np.isfinite(d).all():
        raise AnalysisError(
            f"the disagreement point needs {pts.shape[1]} finite values, one per party"
        )
    names = tuple(parties) if parties is not None else tuple(f"party_{i}" for i in range(len(d)))
    if len(names) != len(d):
        raise AnalysisError(f"{len(names)} party names given for {len(d)} utility columns")
    zone = np.flatnonzero((pts >= d).all(axis=1))
    provenance = Provenance(f"every one of {len(pts):,} points checked", exact=True)
    if not len(zone):
        reason = (
            f"No zone of possible agreement: none of the {len(pts):,} points gives every "
            "party at least its disagreement value."
        )
        return _empty(names, d, len(pts), reason, provenance, "")
    core = _solve(pts[zone], d, lotteries)
    return _result(
        core,
        parties=names,
        d=d,
        n_outcomes=len(pts),
        index_of=zone,
        decode=None,
        provenance=provenance,
        lotteries=lotteries,
        name="",
        reason=f"A zone of possible agreement exists: {len(zone):,} of {len(pts):,} points "
        "give every party at least its disagreement value.",
    )


# ---------------------------------------------------------------- the computation


@dataclass(frozen=True)
class _Choice:
    weights: np.ndarray  # over zone rows
    rows: np.ndarray
    value: float
    provenance: Provenance


@dataclass(frozen=True)
class _Core:
    points: np.ndarray
    frontier: np.ndarray  # zone rows
    choices: dict[str, _Choice]
    hull: np.ndarray | None
    method: str


def _solve(points: np.ndarray, d: np.ndarray, lotteries: bool) -> _Core:
    frontier = pareto_frontier(points)
    problem = _Problem(points, d, frontier)
    if not lotteries:
        choices = {rule: problem.pure(rule) for rule in RULES}
        return _Core(points, frontier, choices, None, "")
    hull, rows, how = problem.hull_vertices()
    choices = {
        "nash": problem.lottery_nash(rows),
        "kalai_smorodinsky": problem.lottery_maxmin(rows, normalised=True),
        "egalitarian": problem.lottery_maxmin(rows, normalised=False),
        "utilitarian": problem.pure("utilitarian"),
    }
    return _Core(points, frontier, choices, hull, how)


class _Problem:
    """Surpluses of the zone's frontier and the per-rule objectives on them."""

    def __init__(self, points: np.ndarray, d: np.ndarray, frontier: np.ndarray) -> None:
        self.points = points
        self.d = d
        self.frontier = frontier
        self.surplus = points[frontier] - d
        self.gain = points.max(axis=0) - d
        self.active = self.gain > 0
        scale = np.where(self.active, self.gain, 1.0)
        self.normalised = np.where(self.active, self.surplus / scale, 0.0)

    def left_out_note(self) -> str:
        if self.active.all():
            return ""
        return (
            f"{int((~self.active).sum())} party(ies) cannot gain over no deal anywhere in the "
            "zone and are left out of the product/ratios"
        )

    def objective(self, rule: str) -> np.ndarray:
        s = self.surplus
        if rule == "nash":
            with np.errstate(divide="ignore"):
                return np.log(s[:, self.active]).sum(axis=1)
        if rule == "kalai_smorodinsky":
            return self.normalised[:, self.active].min(axis=1, initial=np.inf)
        if rule == "egalitarian":
            return s.min(axis=1)
        return self.points[self.frontier].sum(axis=1)

    def value_of(self, rule: str, u: np.ndarray) -> float:
        s = u - self.d
        if rule == "nash":
            return float(np.prod(s[self.active]))
        if rule == "kalai_smorodinsky":
            if not self.active.any():
                return 0.0
            return float((s[self.active] / self.gain[self.active]).min())
        if rule == "egalitarian":
            return float(s.min())
        return float(u.sum())

    def pure(self, rule: str) -> _Choice:
        primary = self.objective(rule)
        secondary = (
            self.surplus.min(axis=1) if rule == "utilitarian" else self.normalised.sum(axis=1)
        )
        k = _best(primary, secondary)
        row = self.frontier[k]
        note = self.left_out_note() if rule in ("nash", "kalai_smorodinsky") else ""
        if rule == "nash" and self.active.any() and not np.isfinite(primary[k]):
            note = _join(
                note,
                "no outcome gives every party a positive surplus, so the Nash product is 0 "
                "throughout; shown: the largest sum of normalised surpluses",
            )
        if not self.active.any():
            note = "no party can gain over no deal anywhere in the zone"
        how = Provenance(
            f"the largest {OBJECTIVES[rule]} on the Pareto frontier",
            exact=True,
            tolerance=_TIE,
            note=note or None,
        )
        return _Choice(np.ones(1), np.array([row]), self.value_of(rule, self.points[row]), how)

    # ------------------------------------------------------------ lotteries

    def hull_vertices(self) -> tuple[np.ndarray | None, np.ndarray, str]:
        """The upper-right hull's vertices (two parties) and the rows lotteries mix.

        For more parties every frontier point is a candidate: the linear
        programs and the Nash search need only the points, not the hull's faces.
        """
        pts = self.points[self.frontier]
        if pts.shape[1] == 2:
            keep = self.frontier[_upper_right_chain(pts)]
            return keep, keep, "upper-right hull by monotone chain"
        return None, self.frontier, "Nash by simplicial decomposition"

    def lottery_nash(self, rows: np.ndarray) -> _Choice:
        if not self.active.any() or self.active.sum() == 1:
            # the product is linear (or constant) in the lottery: a vertex is optimal
            return self.pure("nash")
        pts = self.points[rows]
        if pts.shape[1] == 2:
            weights, keep = _nash_on_chain(pts - self.d)
            how = Provenance(
                "closed form on each edge of the upper-right hull",
                exact=True,
                note=self.left_out_note() or None,
            )
        else:
            weights, keep, gap = _nash_lottery(pts[:, self.active] - self.d[self.active])
            note = _join(self.left_out_note(), f"log Nash product within {gap:.1e} of its maximum")
            how = Provenance("simplicial decomposition", exact=False, tolerance=gap, note=note)
        return self._choice("nash", weights, rows[keep], how)

    def lottery_maxmin(self, rows: np.ndarray, *, normalised: bool) -> _Choice:
        rule = "kalai_smorodinsky" if normalised else "egalitarian"
        if normalised and not self.active.any():
            return self.pure(rule)
        s = self.points[rows] - self.d
        if normalised:
            s = s[:, self.active] / self.gain[self.active]
        weights, keep = _maxmin_lottery(s)
        how = Provenance(
            "linear programs: the max-min, then the largest total among its lotteries",
            exact=True,
            tolerance=_TIE,
            note=(self.left_out_note() if normalised else "") or None,
        )
        return self._choice(rule, weights, rows[keep], how)

    def _choice(self, rule: str, weights: np.ndarray, rows: np.ndarray, how: Provenance) -> _Choice:
        u = weights @ self.points[rows]
        return _Choice(weights, rows, self.value_of(rule, u), how)


def _best(primary: np.ndarray, secondary: np.ndarray) -> int:
    """Position of the maximum of ``primary``; near-ties by ``secondary``, then first."""
    top = primary.max()
    tol = _TIE * max(1.0, abs(top)) if np.isfinite(top) else 0.0
    tied = np.flatnonzero(primary >= top - tol)
    if len(tied) == 1:
        return int(tied[0])
    sec = secondary[tied]
    best = sec.max()
    tied = tied[sec >= best - _TIE * max(1.0, abs(best))]
    return int(tied[0])


def _join(*notes: str) -> str:
    return "; ".join(n for n in notes if n)


def _upper_right_chain(pts: np.ndarray) -> np.ndarray:
    """Positions of the vertices of the concave chain over 2-D frontier points.

    The frontier sorted by the first utility is decreasing in the second; its
    upper concave hull (Andrew's monotone chain) is the Pareto boundary of the
    convex hull of every zone point. Collinear middle points are dropped.
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


def _nash_on_chain(s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Maximise ``s_1 s_2`` over the chain through ``s`` (surpluses, sorted by ``s_1``).

    On the edge from ``a`` to ``b`` the product is the concave quadratic
    ``f(t) = (a1 + t e1)(a2 + t e2)`` with ``e = b - a``; its maximiser is
    ``t* = -(a1 e2 + a2 e1) / (2 e1 e2)`` clipped to ``[0, 1]``.
    """
    if len(s) == 1:
        return np.ones(1), np.array([0])
    a, b = s[:-1], s[1:]
    e = b - a
    with np.errstate(divide="ignore", invalid="ignore"):
        t = -(a[:, 0] * e[:, 1] + a[:, 1] * e[:, 0]) / (2 * e[:, 0] * e[:, 1])
    t = np.clip(np.nan_to_num(t, nan=0.0), 0.0, 1.0)
    mid = a + t[:, None] * e
    products = mid.prod(axis=1)
    k = int(np.argmax(products))
    if t[k] <= _WEIGHT_FLOOR:
        return np.ones(1), np.array([k])
    if t[k] >= 1 - _WEIGHT_FLOOR:
        return np.ones(1), np.array([k + 1])
    return np.array([1 - t[k], t[k]]), np.array([k, k + 1])


def _nash_lottery(s: np.ndarray, *, max_rounds: int = 500) -> tuple[np.ndarray, np.ndarray, float]:
    """Maximise ``f(w) = sum_p log((w @ s)_p)`` over lotteries ``w`` on the rows of ``s``.

    Simplicial decomposition (von Hohenbalken 1977): keep a small set of
    outcomes, solve the problem restricted to their lotteries exactly (SLSQP on
    a few weights), then add the outcome with the largest gradient score
    ``s_i @ g`` (``g = 1 / (w @ s)``) until no outcome improves by more than
    ``1e-10``. That score minus the number of parties is the Frank–Wolfe
    gap, an upper bound on ``f* - f(w)``; it is returned with the weights on
    the support and the support's positions. The optimum mixes at most one
    outcome per party (Carathéodory), so the restricted problems stay small.
    """
    k = s.shape[1]
    best_each = np.argmax(s, axis=0)
    with np.errstate(divide="ignore"):
        best_product = int(np.argmax(np.log(s).sum(axis=1)))
    support = np.unique(np.r_[best_each, best_product])
    weights = np.full(len(support), 1.0 / len(support))
    gap = np.inf
    for _ in range(max_rounds):
        weights = _nash_restricted(s[support], weights)
        support, weights = support[weights > _WEIGHT_FLOOR], weights[weights > _WEIGHT_FLOOR]
        weights /= weights.sum()
        v = weights @ s[support]
        scores = s @ (1.0 / v)
        entering = int(np.argmax(scores))
        gap = max(0.0, float(scores[entering]) - k)
        if gap <= 1e-10 or entering in support:
            break
        support = np.r_[support, entering]
        weights = np.r_[weights, 0.0]
    return weights, support, gap


def _nash_restricted(s: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Best lottery over the few rows of ``s`` (SLSQP on the simplex)."""
    from scipy.optimize import minimize

    m = len(s)
    if m == 1:
        return np.ones(1)
    start = np.clip(start, 0.0, None) + 1e-3
    start /= start.sum()

    def fun(w: np.ndarray) -> tuple[float, np.ndarray]:
        v = np.maximum(w @ s, 1e-300)
        return -float(np.log(v).sum()), -(s / v).sum(axis=1)

    res = minimize(
        fun,
        start,
        jac=True,
        method="SLSQP",
        bounds=[(0.0, 1.0)] * m,
        constraints=[{"type": "eq", "fun": lambda w: w.sum() - 1.0, "jac": lambda w: np.ones(m)}],
        options={"ftol": 1e-15, "maxiter": 1000},
    )
    w = np.clip(res.x, 0.0, None)
    return w / w.sum()


def _trim(weights: np.ndarray, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    keep = weights > _WEIGHT_FLOOR
    w = weights[keep]
    return w / w.sum(), positions[keep]


def _maxmin_lottery(s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lottery maximising ``min_p (w @ s)_p``, then the total among such lotteries.

    Two linear programs over ``(w, t)``: maximise ``t`` subject to
    ``s.T @ w >= t``, ``sum w = 1``, ``w >= 0``; then fix ``t`` (within a
    relative ``1e-9``) and maximise ``sum_p (w @ s)_p``.
    """
    from scipy.optimize import linprog

    m, k = s.shape
    # stage 1: variables (w_1..w_m, t); minimise -t
    a_ub = np.hstack([-s.T, np.ones((k, 1))])
    a_eq = np.r_[np.ones(m), 0.0][None, :]
    bounds = [(0, None)] * m + [(None, None)]
    first = linprog(
        np.r_[np.zeros(m), -1.0],
        A_ub=a_ub,
        b_ub=np.zeros(k),
        A_eq=a_eq,
        b_eq=[1.0],
        bounds=bounds,
        method="highs",
    )
    if first.status != 0:
        raise AnalysisError(f"the max-min linear program failed: {first.message}")
    t = -first.fun
    floor = t - _TIE * max(1.0, abs(t))
    second = linprog(
        -s.sum(axis=1),
        A_ub=-s.T,
        b_ub=-np.full(k, floor),
        A_eq=np.ones((1, m)),
        b_eq=[1.0],
        bounds=[(0, None)] * m,
        method="highs-ds",
    )
    w = second.x if second.status == 0 else first.x[:m]
    return _trim(np.clip(w, 0.0, None), np.arange(m))


# ---------------------------------------------------------------- assembling results


def _result(
    core: _Core,
    *,
    parties: tuple[str, ...],
    d: np.ndarray,
    n_outcomes: int,
    index_of: np.ndarray,
    decode: Callable[[int], dict[str, LevelValue]] | None,
    provenance: Provenance,
    lotteries: bool,
    name: str,
    reason: str,
) -> BargainingResult:
    def outcome(row: int) -> Mapping[str, LevelValue] | None:
        return decode(int(index_of[row])) if decode is not None else None

    solutions = {}
    for rule, choice in core.choices.items():
        terms = tuple(
            LotteryTerm(
                float(w),
                int(index_of[r]),
                tuple(float(x) for x in core.points[r]),
                outcome(r),
            )
            for w, r in zip(choice.weights, choice.rows, strict=True)
        )
        u = choice.weights @ core.points[choice.rows]
        single = len(terms) == 1
        solutions[rule] = Solution(
            rule=rule,
            utility=tuple(float(x) for x in u),
            surplus=tuple(float(x) for x in u - d),
            value=float(choice.value),
            index=terms[0].index if single else None,
            outcome=terms[0].outcome if single else None,
            mixture=terms,
            provenance=choice.provenance,
        )
    if lotteries:
        provenance = Provenance(
            f"{provenance.method}; lotteries over the zone: {core.method}, "
            "max-min by linear programs",
            exact=provenance.exact and core.hull is not None,
            resolution=provenance.resolution,
        )
    return BargainingResult(
        exists=True,
        reason=reason,
        provenance=provenance,
        parties=parties,
        disagreement=tuple(float(x) for x in d),
        ideal=tuple(float(x) for x in core.points.max(axis=0)),
        n_outcomes=n_outcomes,
        zone_size=len(core.points),
        frontier=index_of[core.frontier],
        frontier_utility=core.points[core.frontier],
        solutions=solutions,
        lotteries=lotteries,
        hull=None if core.hull is None else tuple(int(index_of[r]) for r in core.hull),
        name=name,
    )


def _empty(
    parties: tuple[str, ...],
    d: np.ndarray,
    n_outcomes: int,
    reason: str,
    provenance: Provenance,
    name: str,
) -> BargainingResult:
    return BargainingResult(
        exists=False,
        reason=reason,
        provenance=provenance,
        parties=tuple(parties),
        disagreement=tuple(float(x) for x in d),
        ideal=None,
        n_outcomes=n_outcomes,
        zone_size=0,
        frontier=np.zeros(0, dtype=np.int64),
        frontier_utility=np.zeros((0, len(parties))),
        name=name,
    )


def _enumeration_provenance(model: Model) -> Provenance:
    """Every enumerated outcome checked: exact unless continuous issues are on grids."""
    grids = {a.name: a.size for a in model.space.axes if a.kind == "continuous"}
    text = f"every one of the {model.n_outcomes:,} enumerated outcomes checked"
    if grids:
        text += "; continuous issues on grids: " + ", ".join(
            f"{name} ({size} points)" for name, size in grids.items()
        )
    return Provenance(text, exact=not grids, resolution=grids or None)


def _no_zone_reason(model: Model) -> str:
    n = model.n_outcomes
    accepts = model.acceptable_masks.sum(axis=1)
    per_party = ", ".join(
        f"{p} accepts {int(c):,}" for p, c in zip(model.parties, accepts, strict=True)
    )
    feasible = int(model.feasible_mask.sum())
    text = (
        f"No zone of possible agreement: none of the {n:,} outcomes is acceptable to every "
        f"party ({per_party}; {feasible:,} respect{'s' if feasible == 1 else ''} every red line)."
    )
    grids = [a.name for a in model.space.axes if a.kind == "continuous"]
    if grids:
        text += (
            f" Continuous issues ({', '.join(grids)}) were checked on their grids only, "
            "so a zone between grid points is not ruled out."
        )
    return text
