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
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from negsim.bargaining import lotteries as lottery
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
    index: int | None
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
        The chosen outcome (or point), or ``None`` for a lottery of several
        or for an outcome found exactly between the grid points.
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
    (True, [(0, 0.5), (1, 0.5)])
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
    hull: tuple[int | None, ...] | None = None
    name: str = ""

    @property
    def method(self) -> str:
        return self.provenance.method

    @property
    def frontier_size(self) -> int:
        return len(self.frontier)

    @property
    def frontier_of(self) -> str:
        """What the frontier's points are: grid points when continuous issues were sampled."""
        return "grid point(s) of the zone" if self.provenance.resolution else "point(s)"

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
        lines.append(f"Pareto frontier: {self.frontier_size:,} {self.frontier_of}.")
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
                where = "outcome" if s.index is None else f"outcome #{s.index}"
                lines.append(f"    {where}: {outcome_text(s.outcome)}")
            elif len(s.mixture) == 1:
                lines.append(f"    point #{s.index}")
            else:
                for term in s.mixture:
                    what = outcome_text(term.outcome) if term.outcome is not None else ""
                    lines.append(f"    {term.weight:.4f} x {_term_label(term)} {what}".rstrip())
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
    return " + ".join(f"{t.weight:.4g} x {_term_label(t)}" for t in mixture)


def _term_label(term: LotteryTerm) -> str:
    return "an outcome off the grid" if term.index is None else f"#{term.index}"


# ---------------------------------------------------------------- entry points


def bargain(
    scenario_or_model: Scenario | Model, lotteries: bool = False, *, exact: bool = True
) -> BargainingResult:
    """Pareto frontier and bargaining solutions on a scenario's ZOPA.

    A discrete space is enumerated. With continuous issues whose rules a
    mixed-integer program can state (:func:`negsim.zone.milp.unencodable_reason`),
    the zone's existence is decided by that program (the margin of
    :func:`negsim.zone.milp.margin`, the verdict :func:`negsim.zone.analyze`
    gives) and the four solutions are computed exactly over the continuous
    zone (:func:`negsim.bargaining.exact.exact_solutions`); their outcomes may
    lie between grid points, so they have no ``index``. The Pareto frontier
    listed is the one of the zone's grid points. Otherwise continuous issues
    are sampled on their grids and the result says so.

    Parameters
    ----------
    scenario_or_model
        A :class:`~negsim.scenario.Scenario` (compiled here) or a compiled
        :class:`~negsim.model.Model`.
    lotteries
        Also allow lotteries (Nash 1950's convex feasible set): any outcome
        that respects every red line may be mixed in, even one a party would
        refuse alone, as long as the lottery gives every party at least its
        no-deal value. With continuous issues the lotteries mix the grid's
        outcomes and the exact solutions. ``exists`` still says whether a
        single outcome is acceptable to every party: without one there is no
        zone and no solution.
    exact
        With continuous issues, decide and solve by mixed-integer programs
        where the rules allow (``False``: on the grid only, every solution an
        enumerated outcome, and the result says so).

    Returns
    -------
    BargainingResult
        With ``exists=False`` and a ``reason`` when no outcome is acceptable
        to every party.

    Examples
    --------
    Alpha gets ``share`` percent of the water and Beta the rest; with no-deal
    values 0.3 and 0.4 the zone is ``30 <= share <= 60`` and the Nash solution
    splits the surplus of 0.3 evenly, at ``share = 45``, between two of the
    11 grid points:

    >>> import negsim
    >>> from negsim.scenario.examples import water_talks
    >>> s = water_talks(grid=11)
    >>> result = negsim.bargain(s)
    >>> result.exists, result.zone_size, result.frontier_size
    (True, 4, 4)
    >>> result["nash"]
    <Solution nash (product of surpluses 0.0225): utility (0.45, 0.55) at share=45>
    >>> result["nash"].index is None, round(result["kalai_smorodinsky"].outcome["share"], 6)
    (True, 45.0)

    If Alpha needs 65% and Beta 32%, the zone ``[65, 68]`` holds no grid
    point, and still exists:

    >>> narrow = negsim.bargain(water_talks(0.65, 0.32))
    >>> narrow.exists, narrow.zone_size, round(narrow["nash"].outcome["share"], 6)
    (True, 0, 66.5)
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
    if exact and _exact_applies(model):
        return _bargain_exact(model, lotteries)
    zone = np.flatnonzero(model.acceptable_masks.all(axis=0))
    provenance = _enumeration_provenance(model)
    name = model.scenario.name
    d = model.no_deal
    if not len(zone):
        return _empty(model.parties, d, model.n_outcomes, _no_zone_reason(model), provenance, name)
    reason = (
        f"A zone of possible agreement exists: {len(zone):,} of "
        f"{model.n_outcomes:,} outcomes are acceptable to every party."
    )
    if lotteries:
        pool = np.flatnonzero(model.feasible_mask)
        core = _lottery_core(model.utility[pool], np.flatnonzero(np.isin(pool, zone)), d)
        rows = _Rows(pool, model.decode)
        provenance = _lottery_provenance(
            provenance, core, "the outcomes that respect every red line"
        )
    else:
        core = _pure_core(model.utility[zone], d)
        rows = _Rows(zone, model.decode)
    return _result(
        core, rows, model.parties, d, model.n_outcomes, provenance, lotteries, name, reason
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
        The disagreement point ``d``, shape ``(n_parties,)``. Without
        lotteries, points giving any party less than ``d_p`` are not
        individually rational and are left out.
    lotteries
        Solve on ``conv(points) ∩ {u >= d}``: every point may be mixed in, as
        long as the lottery gives every party at least ``d``. A zone then
        exists when that set is not empty, even if no single point is in it.
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

    Neither point alone gives both parties their disagreement values
    ``(0.2, 0.1)``, but lotteries between them do; the Nash lottery maximises
    ``(x - 0.2)(0.9 - x)``, at ``x = 0.55``:

    >>> mixed = solutions_from_points([[0, 1], [1, 0]], [0.2, 0.1], lotteries=True)
    >>> mixed.exists, mixed.zone_size, [round(u, 12) for u in mixed["nash"].utility]
    (True, 0, [0.55, 0.45])
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
    mixable = lotteries and len(pts) > 0 and lottery.feasible(pts - d)
    if not len(zone) and not mixable:
        reason = (
            f"No zone of possible agreement: none of the {len(pts):,} points gives every "
            "party at least its disagreement value"
            + (", and no lottery of them does." if lotteries else ".")
        )
        return _empty(names, d, len(pts), reason, provenance, "")
    reason = (
        f"A zone of possible agreement exists: {len(zone):,} of {len(pts):,} points "
        "give every party at least its disagreement value."
    )
    every = np.arange(len(pts))
    if lotteries:
        reason += " Over lotteries the feasible set conv(points) ∩ {u >= d} is not empty."
        core = _lottery_core(pts, zone, d)
        provenance = _lottery_provenance(provenance, core, "every point")
        rows = _Rows(every, None)
    else:
        core = _pure_core(pts[zone], d)
        rows = _Rows(zone, None)
    return _result(core, rows, names, d, len(pts), provenance, lotteries, "", reason)


# ---------------------------------------------------------------- the computation


@dataclass(frozen=True)
class _Choice:
    weights: np.ndarray  # over rows of the core's points
    rows: np.ndarray
    value: float
    provenance: Provenance


@dataclass(frozen=True)
class _Core:
    points: np.ndarray  # every row a solution may use
    zone: np.ndarray  # rows acceptable to every party on their own
    frontier: np.ndarray  # zone rows
    choices: dict[str, _Choice]
    ideal: np.ndarray
    hull: np.ndarray | None = None
    method: str = ""
    exact: bool = True


@dataclass(frozen=True)
class _Rows:
    """What each row of the core's points is: an enumerated outcome (or given point), or not."""

    index: np.ndarray  # row -> outcome index, for the first len(index) rows
    decode: Callable[[int], dict[str, LevelValue]] | None
    extra: tuple[Mapping[str, LevelValue], ...] = ()  # outcomes of the rows after those

    def index_of(self, row: int) -> int | None:
        return int(self.index[row]) if row < len(self.index) else None

    def outcome(self, row: int) -> Mapping[str, LevelValue] | None:
        if row >= len(self.index):
            return self.extra[row - len(self.index)]
        return self.decode(int(self.index[row])) if self.decode is not None else None


def _value(rule: str, u: np.ndarray, d: np.ndarray, gain: np.ndarray, active: np.ndarray) -> float:
    """The rule's objective at the utility vector ``u``."""
    s = u - d
    if rule == "nash":
        return float(np.prod(s[active]))
    if rule == "kalai_smorodinsky":
        if not active.any():
            return 0.0
        return float((s[active] / gain[active]).min())
    if rule == "egalitarian":
        return float(s.min())
    return float(u.sum())


def _pure_core(points: np.ndarray, d: np.ndarray) -> _Core:
    frontier = pareto_frontier(points)
    problem = _Problem(points, d, frontier)
    choices = {rule: problem.pure(rule) for rule in RULES}
    zone = np.arange(len(points))
    return _Core(points, zone, frontier, choices, points.max(axis=0))


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

    def pure(self, rule: str) -> _Choice:
        primary = self.objective(rule)
        secondary = (
            self.surplus.min(axis=1) if rule == "utilitarian" else self.normalised.sum(axis=1)
        )
        k = _best(primary, secondary)
        row = self.frontier[k]
        note = lottery.left_out_note(self.active) if rule in ("nash", "kalai_smorodinsky") else ""
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
        value = _value(rule, self.points[row], self.d, self.gain, self.active)
        return _Choice(np.ones(1), np.array([row]), value, how)


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


# ---------------------------------------------------------------- lotteries


def _lottery_core(points: np.ndarray, zone: np.ndarray, d: np.ndarray) -> _Core:
    """Solutions over ``conv(points) ∩ {u >= d}`` (see :mod:`negsim.bargaining.lotteries`)."""
    surplus = points - d
    gain = lottery.ideal(surplus)
    active = gain > _TIE * np.maximum(1.0, np.abs(d))
    left_out = lottery.left_out_note(active)

    def choice(rule: str, found: lottery.Lottery, how: Provenance) -> _Choice:
        u = found.weights @ points[found.rows]
        weights, rows = found.weights, found.rows
        # a lottery only where no single outcome gives the same utilities
        same = np.flatnonzero(np.abs(points - u).max(axis=1) <= _TIE * max(1.0, np.abs(u).max()))
        if len(rows) > 1 and len(same):
            weights, rows = np.ones(1), same[:1]
            u = points[same[0]]
        return _Choice(weights, rows, _value(rule, u, d, gain, active), how)

    exact = Provenance(
        "linear programs over the lotteries: the max-min, then the largest total among them",
        exact=True,
        tolerance=_TIE,
    )
    if active.any():
        ratio = surplus[:, active] / gain[active]
        ks_found = lottery.maxmin(ratio, surplus)
    else:
        ks_found = lottery.max_total(surplus)
    ks = choice("kalai_smorodinsky", ks_found, replace(exact, note=left_out or None))
    choices = {
        "kalai_smorodinsky": ks,
        "egalitarian": choice("egalitarian", lottery.maxmin(surplus, surplus), exact),
        "utilitarian": choice(
            "utilitarian",
            lottery.max_total(surplus),
            replace(
                exact,
                method="linear programs over the lotteries: the largest total, "
                "then the largest smallest surplus among them",
            ),
        ),
    }
    hull, method, nash_found, nash_how = None, "", ks_found, replace(ks.provenance)
    if points.shape[1] == 2:
        front = pareto_frontier(points)
        hull = front[lottery.upper_right_chain(points[front])]
        method = "upper-right hull by monotone chain, clipped to u >= d"
        on_chain = lottery.nash_on_chain(surplus[hull]) if active.all() else None
        if on_chain is not None:
            nash_found = lottery.Lottery(on_chain.weights, hull[on_chain.rows])
            nash_how = Provenance(
                "closed form on each edge of the upper-right hull, clipped to u >= d", exact=True
            )
    elif active.sum() >= 2:
        method = "Nash by simplicial decomposition"
        nash_found = lottery.nash_simplicial(surplus, active, ks_found)
        note = _join(left_out, f"log Nash product within {nash_found.gap:.1e} of its maximum")
        nash_how = Provenance(
            "simplicial decomposition from the Kalai–Smorodinsky lottery",
            exact=False,
            tolerance=nash_found.gap,
            note=note,
        )
    choices = {"nash": choice("nash", nash_found, nash_how), **choices}
    return _Core(
        points,
        zone,
        zone[pareto_frontier(points[zone])] if len(zone) else np.zeros(0, dtype=np.int64),
        choices,
        d + gain,
        hull,
        method,
        exact=choices["nash"].provenance.exact,
    )


def _lottery_provenance(base: Provenance, core: _Core, mixed: str) -> Provenance:
    return Provenance(
        f"{base.method}; lotteries over {mixed}, within u >= d: "
        f"{core.method or 'Nash as Kalai–Smorodinsky'}, max-min by linear programs",
        exact=base.exact and core.exact,
        resolution=base.resolution,
        note=base.note,
    )


# ---------------------------------------------------------------- exactly, with continuous issues


def _exact_applies(model: Model) -> bool:
    """Continuous issues, and every rule a mixed-integer program can state."""
    from negsim.zone.milp import unencodable_reason

    continuous = any(a.kind == "continuous" for a in model.space.axes)
    return continuous and unencodable_reason(model) is None


def _bargain_exact(model: Model, lotteries: bool) -> BargainingResult:
    """The zone decided and the solutions found by mixed-integer programs."""
    from negsim.bargaining.exact import exact_solutions
    from negsim.zone.milp import margin

    d = model.no_deal
    name = model.scenario.name
    grids = {a.name: a.size for a in model.space.axes if a.kind == "continuous"}
    on_grid = ", ".join(f"{issue} ({size} points)" for issue, size in grids.items())
    zone = np.flatnonzero(model.acceptable_masks.all(axis=0))
    decided = margin(model)
    found = exact_solutions(model) if (decided.zone_exists or len(zone)) else None
    if found is None:
        provenance = Provenance(
            "a mixed-integer program over the continuous issues (HiGHS)",
            exact=True,
            resolution=grids,
        )
        if decided.value is None:
            why = "no outcome respects every red line"
        else:
            why = (
                "every outcome leaves some party short of its no-deal value "
                f"(by {-decided.value:.4g} at best)"
            )
        reason = (
            f"No zone of possible agreement: {why}, proved by a mixed-integer program over "
            "the continuous issues."
        )
        return _empty(model.parties, d, model.n_outcomes, reason, provenance, name)
    rules = list(found.points)
    exact_points = np.array([found.points[r].utility for r in rules])
    extra = tuple(found.points[r].outcome for r in rules)
    reason = (
        "A zone of possible agreement exists (decided by a mixed-integer program over the "
        f"continuous issues); {len(zone):,} of the {model.n_outcomes:,} grid outcomes lie in it."
    )
    nash_exact = found.points["nash"].provenance.exact
    method = (
        "the zone and the solutions by mixed-integer programs over the continuous issues "
        f"(HiGHS); the frontier listed from the grid: {on_grid}"
    )
    provenance = Provenance(method, exact=nash_exact, tolerance=1e-6, resolution=grids)
    if lotteries:
        pool = np.flatnonzero(model.feasible_mask)
        points = np.vstack([model.utility[pool], exact_points])
        in_zone = np.r_[np.isin(pool, zone), [found.points[r].member for r in rules]]
        core = _lottery_core(points, np.flatnonzero(in_zone), d)
        grid_zone = np.flatnonzero(in_zone[: len(pool)])
        core = replace(core, frontier=grid_zone[pareto_frontier(points[grid_zone])])
        sampled = "lotteries mix the grid's outcomes and the exact solutions, not every outcome"
        provenance = _lottery_provenance(
            replace(provenance, exact=False, note=sampled),
            core,
            "the grid's outcomes that respect every red line and the exact solutions",
        )
        rows = _Rows(pool, model.decode, extra)
    else:
        points = np.vstack([model.utility[zone], exact_points])
        ideal = np.array(found.ideal)
        gain = ideal - d
        active = gain > _TIE * np.maximum(1.0, np.abs(d))
        choices = {
            rule: _Choice(
                np.ones(1),
                np.array([len(zone) + i]),
                _value(rule, points[len(zone) + i], d, gain, active),
                found.points[rule].provenance,
            )
            for i, rule in enumerate(rules)
        }
        frontier = pareto_frontier(points[: len(zone)])
        core = _Core(points, np.arange(len(zone)), frontier, choices, ideal)
        rows = _Rows(zone, model.decode, extra)
    return _result(
        core, rows, model.parties, d, model.n_outcomes, provenance, lotteries, name, reason
    )


# ---------------------------------------------------------------- assembling results


def _result(
    core: _Core,
    rows: _Rows,
    parties: tuple[str, ...],
    d: np.ndarray,
    n_outcomes: int,
    provenance: Provenance,
    lotteries: bool,
    name: str,
    reason: str,
) -> BargainingResult:
    solutions = {}
    for rule, choice in core.choices.items():
        terms = tuple(
            LotteryTerm(
                float(w),
                rows.index_of(int(r)),
                tuple(float(x) for x in core.points[r]),
                rows.outcome(int(r)),
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
    index = rows.index
    return BargainingResult(
        exists=True,
        reason=reason,
        provenance=provenance,
        parties=parties,
        disagreement=tuple(float(x) for x in d),
        ideal=tuple(float(x) for x in core.ideal),
        n_outcomes=n_outcomes,
        zone_size=int(np.sum(core.zone < len(index))),
        frontier=index[core.frontier],
        frontier_utility=core.points[core.frontier],
        solutions=solutions,
        lotteries=lotteries,
        hull=None if core.hull is None else tuple(rows.index_of(int(r)) for r in core.hull),
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
