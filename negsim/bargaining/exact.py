"""Bargaining solutions on continuous issues, exactly, by mixed-integer programs.

With continuous issues the zone is a union of polytopes: the red lines and
the no-deal values of :class:`negsim.zone.milp.Program`, in which every
party's utility is linear in the program's variables. Each solution is then
a mixed-integer program over that zone (HiGHS), solved in two stages where a
tie is possible so the answer is Pareto optimal:

- **utilitarian**: the largest sum of utilities, then the largest smallest surplus;
- **egalitarian** (Kalai 1977): the largest ``t`` with ``u_p - d_p >= t`` for
  every party (the margin program), then the largest sum of utilities;
- **Kalai–Smorodinsky** (Kalai & Smorodinsky 1975): the ideal point
  ``I_p = max u_p`` over the zone (one program per party), then the largest
  ``t`` with ``(u_p - d_p) / (I_p - d_p) >= t``, then the largest sum of
  those ratios;
- **Nash** (Nash 1950): the largest ``sum_p log(u_p - d_p)``, concave, so
  with binaries a mixed-integer nonlinear program. It is solved by outer
  approximation (Duran & Grossmann 1986) with Kelley's (1960) cutting planes:
  a variable ``y_p`` per party bounded by tangents
  ``y_p <= log(s0) + (s_p - s0) / s0`` of the logarithm; each program's
  optimum is an upper bound on the log-product, the true log-product at its
  solution a lower bound, and tangents at the solution are added until the
  two are within a relative ``1e-9``. The gap reached is reported.

Parties with no possible gain (``I_p = d_p``) are left out of the Nash
product and the Kalai–Smorodinsky ratios, as on the grid. Every answer's
outcome is read back from the program (:meth:`Program.outcome`), its
utilities recomputed by the model (ties snapped to the no-deal values), and
its membership of the zone checked by the model; an outcome that meets the
constraints only within the solver's tolerance says so in its note.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

import numpy as np

from negsim.bargaining.lotteries import left_out_note, restricted_nash
from negsim.common.provenance import Provenance
from negsim.errors import AnalysisError
from negsim.model.compile import Model
from negsim.model.space import LevelValue
from negsim.scenario.format import ContinuousIssue
from negsim.zone.milp import Program

__all__ = [
    "ExactPoint",
    "ExactSolutions",
    "NASH_GAP",
    "exact_solutions",
    "in_zone",
]

NASH_GAP = 1e-9
"""Relative gap between the outer approximation's bound and the log Nash product to stop at."""

MAX_CUT_ROUNDS = 60
"""Most rounds of tangent cuts for the Nash program."""

_TIE = 1e-9
_SMALLEST_CUT = 1e-6

_SOLVER_NOTE = (
    "the outcome meets the red lines and no-deal values only within the solver's "
    "tolerance (about 1e-7 of each range)"
)

Objective = dict[int, float]
Stage = Callable[[Program], Objective]


@dataclass(frozen=True)
class ExactPoint:
    """One solution found by mixed-integer programs.

    Attributes
    ----------
    outcome
        The outcome as scenario-file values (continuous issues off the grid).
    utility
        Each party's utility at ``outcome``, recomputed by the model.
    member
        Whether the model finds ``outcome`` in the zone (red lines respected,
        every utility at least its no-deal value after ties are snapped).
    provenance
        How it was found; for Nash, the gap of the outer approximation.
    """

    outcome: Mapping[str, LevelValue]
    utility: tuple[float, ...]
    member: bool
    provenance: Provenance

    @property
    def note(self) -> str:
        return self.provenance.note or ""


@dataclass(frozen=True)
class ExactSolutions:
    """The ideal point over the zone and the four solutions, by rule name."""

    ideal: tuple[float, ...]
    points: Mapping[str, ExactPoint]


def in_zone(model: Model, outcome: Mapping[str, LevelValue]) -> bool:
    """Whether the model puts ``outcome`` in the zone (ties snapped, as everywhere).

    Examples
    --------
    >>> import negsim
    >>> from negsim.scenario.examples import water_talks
    >>> model = negsim.compile_scenario(water_talks())
    >>> in_zone(model, {"share": 45.0}), in_zone(model, {"share": 61.0})
    (True, False)
    """
    u = model.utility_of([outcome])[0]
    return bool(model.respects([outcome]).all() and (u >= model.no_deal).all())


def exact_solutions(model: Model) -> ExactSolutions | None:
    """The four bargaining solutions over the exact zone, or ``None`` when it is empty.

    Raises
    ------
    negsim.zone.milp.Unencodable
        When a red line cannot be stated exactly (see
        :func:`negsim.zone.milp.unencodable_reason`).

    Examples
    --------
    Alpha gets ``share`` percent of the water (utility ``share / 100``), Beta
    the rest; with no-deal values 0.3 and 0.4 the Nash, Kalai–Smorodinsky and
    egalitarian solutions all split the surplus of 0.3 evenly, at 45:

    >>> import negsim
    >>> from negsim.scenario.examples import water_talks
    >>> found = exact_solutions(negsim.compile_scenario(water_talks()))
    >>> found.ideal
    (0.6, 0.7)
    >>> {rule: round(p.outcome["share"], 6) for rule, p in found.points.items()}
    {'nash': 45.0, 'kalai_smorodinsky': 45.0, 'egalitarian': 45.0, 'utilitarian': 45.0}
    """
    n = len(model.parties)
    d = model.no_deal
    ideal = np.zeros(n)
    for p in range(n):
        program, x = _lexicographic(model, [_total({p: 1.0})])
        if x is None:
            return None
        ideal[p] = program.value(program.utilities[p], x)
    gain = ideal - d
    active = gain > _TIE * np.maximum(1.0, np.abs(d))
    ones = dict.fromkeys(range(n), 1.0)
    normalised = {p: 1.0 / float(gain[p]) for p in range(n) if active[p]}
    left_out = left_out_note(active)
    stages: dict[str, tuple[list[Stage], str, str]] = {
        "kalai_smorodinsky": (
            [_maxmin(normalised, d), _total(normalised)] if normalised else [_total(ones)],
            "the largest smallest normalised surplus, then the largest sum of them",
            left_out,
        ),
        "egalitarian": (
            [_maxmin(ones, d), _total(ones)],
            "the largest smallest surplus, then the largest sum of utilities",
            "",
        ),
        "utilitarian": (
            [_total(ones), _maxmin(ones, d)],
            "the largest sum of utilities, then the largest smallest surplus",
            "",
        ),
    }
    points: dict[str, ExactPoint] = {}
    for rule, (chain, how, note) in stages.items():
        program, x = _lexicographic(model, chain)
        if x is None:
            raise AnalysisError("the mixed-integer program changed its mind about feasibility")
        provenance = Provenance(
            f"mixed-integer programs: {how}", exact=True, tolerance=1e-6, note=note or None
        )
        points[rule] = _point(model, program, x, provenance)
    if active.sum() >= 2:
        start = points["kalai_smorodinsky"].utility
        nash = _nash(model, gain, active, np.asarray(start) - d, left_out)
        nash = _no_worse(nash, points.values(), d, active)
    else:
        ks = points["kalai_smorodinsky"]
        nash = ExactPoint(ks.outcome, ks.utility, ks.member, ks.provenance)
    return ExactSolutions(
        ideal=tuple(float(v) for v in ideal),
        points={"nash": nash, **points},
    )


# ---------------------------------------------------------------- programs


def _no_worse(
    nash: ExactPoint, others: Iterable[ExactPoint], d: np.ndarray, active: np.ndarray
) -> ExactPoint:
    """The Nash point, or another solution with a larger product if the approximation stalled."""

    def log_product(point: ExactPoint) -> float:
        s = (np.asarray(point.utility) - d)[active]
        return float(np.log(s).sum()) if (s > 0).all() else -np.inf

    best = max(others, key=log_product)
    if nash.provenance.exact or log_product(best) <= log_product(nash):
        return nash
    note = "; ".join(
        n
        for n in (nash.note, f"shown: another solution with a larger product, {best.outcome}")
        if n
    )
    return ExactPoint(best.outcome, best.utility, best.member, replace(nash.provenance, note=note))


def _zone(model: Model) -> Program:
    """The zone as a program: every red line and every party's no-deal value."""
    program = Program(model)
    for c in range(len(model.red_lines) + len(model.parties)):
        program.constraint(c)
    return program


def _total(weights: Mapping[int, float]) -> Stage:
    """Stage maximising ``sum_p weights[p] * u_p``."""
    return lambda program: dict(program.combine(dict(weights)).coefs)


def _maxmin(weights: Mapping[int, float], d: np.ndarray) -> Stage:
    """Stage maximising ``t`` with ``weights[p] * (u_p - d_p) >= t`` for each ``p`` listed."""

    def build(program: Program) -> Objective:
        t = program.var(-np.inf, np.inf)
        for p, w in weights.items():
            program.row(program.combine({p: w}, {t: -1.0}), w * float(d[p]), np.inf)
        return {t: 1.0}

    return build


def _lexicographic(model: Model, stages: list[Stage]) -> tuple[Program, np.ndarray | None]:
    """Maximise each stage's objective in turn, keeping the earlier ones at their optimum."""
    program = _zone(model)
    x: np.ndarray | None = None
    for stage in stages:
        objective = stage(program)
        solution = program.solve({v: -c for v, c in objective.items()})
        if solution.x is None:
            return program, x
        x = solution.x
        best = float(sum(c * x[v] for v, c in objective.items()))
        floor = best - _TIE * max(1.0, abs(best))
        program.row(program.combine({}, objective), floor, np.inf)
    return program, x


def _point(model: Model, program: Program, x: np.ndarray, provenance: Provenance) -> ExactPoint:
    """The outcome at ``x``, its utilities by the model, and whether it is in the zone."""
    outcome = _tidy(model, program.outcome(x))
    utility = model.utility_of([outcome])[0]
    member = in_zone(model, outcome)
    if not member:
        note = "; ".join(n for n in (provenance.note, _SOLVER_NOTE) if n)
        provenance = Provenance(
            provenance.method, provenance.exact, provenance.tolerance, note=note
        )
    return ExactPoint(outcome, tuple(float(u) for u in utility), member, provenance)


def _tidy(model: Model, outcome: dict[str, LevelValue]) -> dict[str, LevelValue]:
    """``outcome`` with its continuous values as short as the zone allows.

    The solver meets its rows to about ``1e-7`` of an issue's range, so digits
    below that carry no information (``66.499999997`` for ``66.5``). Each
    continuous value is rounded to ``10**-k`` of its issue's range, for the
    smallest ``k`` from 7 to 12 that keeps the outcome in the zone; with none,
    to 12 significant digits, or as the solver gave it if even that leaves.
    """
    continuous = {
        name: issue.range
        for name, issue in model.scenario.issues.items()
        if isinstance(issue, ContinuousIssue)
    }
    inside = in_zone(model, outcome)
    for k in range(7, 13):
        tidy = {
            name: _rounded(value, (continuous[name][1] - continuous[name][0]) * 10.0**-k)
            if name in continuous and isinstance(value, float)
            else value
            for name, value in outcome.items()
        }
        if in_zone(model, tidy) or not inside:
            return tidy
    tidy = {k: float(f"{v:.12g}") if isinstance(v, float) else v for k, v in outcome.items()}
    return tidy if in_zone(model, tidy) else outcome


def _rounded(value: float, step: float) -> float:
    """``value`` to the power of ten at or below ``step``, without binary noise."""
    if step <= 0 or not math.isfinite(step):
        return float(f"{value:.12g}")
    decimals = -math.floor(math.log10(step))
    return float(f"{round(value, decimals):.12g}")


# ---------------------------------------------------------------- Nash


def _tangent(program: Program, p: int, y: int, r0: float, d_p: float, gain: float) -> None:
    """``y <= log(r0) + (r - r0) / r0`` with ``r = (u_p - d_p) / gain``: a cut above ``log r``.

    Surpluses are normalised by the party's possible gain so that the cuts are
    equally well scaled for every party, however narrow the zone.
    """
    scale = 1.0 / (gain * r0)
    program.row(
        program.combine({p: scale}, {y: -1.0}), d_p * scale + 1.0 - float(np.log(r0)), np.inf
    )


def _surplus(program: Program, x: np.ndarray, d: np.ndarray) -> np.ndarray:
    return np.array([program.value(u, x) for u in program.utilities]) - d


def _nash(
    model: Model, gain: np.ndarray, active: np.ndarray, start: np.ndarray, left_out: str
) -> ExactPoint:
    """Outer approximation of ``max sum_p log((u_p - d_p) / (I_p - d_p))`` over the zone.

    The Nash product divided by the constant ``prod_p (I_p - d_p)`` has the
    same maximiser. Each round solves the program with the tangent cuts (an
    upper bound on the log-product), then the concave problem with its
    binaries fixed (:func:`_nash_on_piece`, a lower bound), and cuts at that
    optimum: there the tangents share the objective's gradient, so the
    piece's bound drops to its true optimum and the next round must find a
    better piece or stop.
    """
    d = model.no_deal
    program = _zone(model)
    parties = [int(p) for p in np.flatnonzero(active)]
    y = {p: program.var(-np.inf, 0.0) for p in parties}

    def cut(p: int, surplus: float) -> None:
        r0 = min(1.0, max(surplus / float(gain[p]), _SMALLEST_CUT))
        _tangent(program, p, y[p], r0, float(d[p]), float(gain[p]))

    for p in parties:
        for r0 in [2.0**-k for k in range(0, 12)]:
            cut(p, r0 * float(gain[p]))
        cut(p, float(start[p]))
    best_x: np.ndarray | None = None
    best = -np.inf
    gap = np.inf
    for _ in range(MAX_CUT_ROUNDS):
        solution = program.solve({v: -1.0 for v in y.values()})
        if solution.x is None:
            if best_x is None:
                raise AnalysisError("the Nash program found no outcome in a zone that exists")
            break
        bound = float(sum(solution.x[v] for v in y.values()))
        gap = bound - best
        if best_x is not None and gap <= NASH_GAP * max(1.0, abs(bound)):
            break
        x = _nash_on_piece(model, solution.x, active)
        if x is None:
            x = solution.x
        surplus = _surplus(program, x, d)[parties]
        value = float(np.sum(np.log(np.maximum(surplus / gain[parties], 1e-300))))
        if value > best or best_x is None:
            best, best_x = value, x
        for point in (surplus, _surplus(program, solution.x, d)[parties]):
            for p, s in zip(parties, point, strict=True):
                cut(p, float(s))
    relative = max(0.0, gap) / max(1.0, abs(best))
    exact = relative <= NASH_GAP
    gap_note = (
        ""
        if exact
        else f"log Nash product within {relative:.1e} (relative) of the outer approximation's bound"
    )
    provenance = Provenance(
        "outer approximation with tangent cuts (Duran & Grossmann 1986; Kelley 1960), "
        "each piece by simplicial decomposition",
        exact=exact,
        tolerance=max(relative, NASH_GAP),
        note="; ".join(n for n in (left_out, gap_note) if n) or None,
    )
    assert best_x is not None
    return _point(model, program, best_x, provenance)


def _nash_on_piece(model: Model, x: np.ndarray, active: np.ndarray) -> np.ndarray | None:
    """The Nash point of the polytope where the binaries keep their values in ``x``.

    Simplicial decomposition (von Hohenbalken 1977) in the utility space: the
    best lottery over the piece's vertices found so far (a few weights), then a
    linear program over the piece pricing the gradient ``1 / (u - d)``, until it
    improves by at most ``1e-12``. The piece is convex, so the same mixture of
    the vertices' solution vectors is a point of it. ``None`` when no point of
    the piece gives every party that can gain a positive surplus.
    """
    d = model.no_deal
    program = _zone(model)
    for v, integer in enumerate(program.integer):
        if integer:
            program.lb[v] = program.ub[v] = float(np.rint(x[v]))
    parties = np.flatnonzero(active)
    t = program.var(-np.inf, np.inf)
    for p in parties:
        program.row(program.combine({int(p): 1.0}, {t: -1.0}), float(d[p]), np.inf)
    first = program.solve({t: -1.0})
    if first.x is None or first.x[t] <= 0:
        return None
    vertices = [first.x]
    weights = np.ones(1)
    for _ in range(MAX_CUT_ROUNDS):
        utility = np.array([_surplus(program, z, d) for z in vertices])
        s = utility[:, parties]
        weights = restricted_nash(s, np.maximum(utility, 0.0), weights)
        mixed = weights @ s
        if (mixed <= 0).any():
            break
        g = 1.0 / mixed
        objective = program.combine({int(p): float(gp) for p, gp in zip(parties, g, strict=True)})
        price = program.solve({v: -c for v, c in objective.coefs.items()})
        if price.x is None:
            break
        improvement = float(_surplus(program, price.x, d)[parties] @ g) - len(parties)
        if improvement <= 1e-12:
            break
        vertices.append(price.x)
        weights = np.r_[weights, 0.0]
    return np.asarray(weights @ np.array(vertices))
