"""Exact zone, margin and diagnosis with continuous issues, as mixed-integer programs.

When every value function is piecewise-linear (always, in the scenario
format) and every red line is built from linear comparisons and discrete
tests, the questions "is there a zone?", "what is the margin?" and "which
constraints conflict?" are mixed-integer linear programs, solved with
:func:`scipy.optimize.milp` (HiGHS). The formulation:

- a boolean, categorical or ordinal issue is a set of one-hot binaries
  (``sum_l z_l = 1``); a subset issue is one binary per item;
- a continuous issue ``x`` in ``[lo, hi]`` is written as a convex combination
  ``x = sum_j lambda_j g_j`` of the breakpoints ``g`` of every party's value
  function on that issue, with one binary per segment allowing only two
  adjacent ``lambda`` to be non-zero (SOS2 as binaries); every party's value
  is then ``sum_j lambda_j v(g_j)``, exact along the whole range;
- a red line is put in negation normal form (``a implies b`` as
  ``not a or b``; ``not`` pushed to the comparisons); ``and`` needs each
  part, ``or`` needs one indicator binary per part with ``sum >= 1``; a linear
  comparison switched by an indicator ``delta`` uses a big-M bound computed
  from the ranges, ``e(x) <= M (1 - delta)``; a strict comparison
  ``e(x) < 0`` is tightened to ``e(x) <= -epsilon`` with
  ``epsilon = STRICT_EPSILON * (1 + max |e|)`` over the ranges;
- the margin maximises ``t`` subject to ``u_p(x) - d_p >= t`` for every party.

"Exact" means exact up to the solver's tolerances: HiGHS proves optimality
within an absolute gap of about 1e-6 in utility and meets rows to about 1e-7,
so a margin within 1e-6 of zero is a tie, not a verdict either way.

A comparison ``!=`` on a continuous term (or ``==`` under a ``not``) has no
closed feasible set, so it is not encoded: the analysis then falls back to
the grid and says so. Every answer names its method; a grid answer never
presents "no zone" as a fact.

Each correction's witness deal maximises the smallest surplus of the parties
whose no-deal constraint it keeps, with the constraints it drops relaxed,
among the outcomes asking the least total fall of the dropped parties; the
no-deal falls it needs minimise the sum of the dropped parties' shortfalls
``s_p >= d_p - u_p(x)`` over the same outcomes. The least concession takes
two programs: the fewest broken red lines (one indicator per red line), then,
with that number fixed, the least total shortfall.

Minimal corrections are enumerated exactly by maximising the number of
constraints kept (one indicator per constraint), blocking each correction
found (``sum_{c in M} y_c >= 1``) and solving again: each optimum leaves out
a minimal correction, and the loop ends when every one is found
(Liffiton & Sakallah 2008). The minimal conflicts follow as their minimal
hitting sets (:func:`negsim.zone.hitting_sets.minimal_hitting_sets`).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeAlias, assert_never

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, OptimizeResult, milp
from scipy.sparse import csr_array

from negsim.common.provenance import with_note
from negsim.errors import AnalysisError
from negsim.model.compile import Model, points_of, values_of
from negsim.model.space import LevelValue
from negsim.scenario.rules import (
    BoolIssue,
    CompareOp,
    Const,
    ItemIn,
    Junction,
    Linear,
    LinearCompare,
    Negation,
    OptionCompare,
    OptionIn,
    RuleNode,
    SubsetCompare,
)
from negsim.zone.constraints import constraints_of, violation_sets
from negsim.zone.enumeration import (
    build_diagnosis,
    concession_at,
    enumerated_diagnosis,
    enumerated_margin,
    opened_counts,
)
from negsim.zone.openings import (
    Opening,
    deal_at,
    dropped_parties,
    enumerated_openings,
    falls_of,
)
from negsim.zone.results import (
    DEALS_PER_CORRECTION,
    MILP,
    Deal,
    Diagnosis,
    Margin,
    NoDealFall,
    resolution_of,
    zone_provenance,
)

__all__ = [
    "Program",
    "STRICT_EPSILON",
    "Unencodable",
    "Witness",
    "check_constraints",
    "constraints_feasible",
    "diagnose",
    "fewest_broken_concession",
    "no_deal_falls",
    "program_openings",
    "margin",
    "minimal_corrections",
    "solve_margin",
    "unencodable_reason",
    "witness_deal",
    "zone_bounds",
]

STRICT_EPSILON = 1e-6
"""Strict comparisons ``e < 0`` are solved as ``e <= -STRICT_EPSILON * (1 + max |e|)``."""

ZERO_TOLERANCE = 1e-9
"""Margins within this (times the utility scale) of zero are reported as exactly zero."""

TIME_LIMIT = 60.0
"""Seconds allowed to each mixed-integer program."""

MAX_CORRECTION_SOLVES = 1000
"""Most minimal corrections enumerated by mixed-integer programs before giving up on conflicts."""


class Unencodable(AnalysisError):
    """A rule the mixed-integer formulation cannot express exactly."""


# ---------------------------------------------------------------- formulas


@dataclass(frozen=True)
class _Expr:
    """``const + sum coefs[var] * var`` over program variables."""

    coefs: dict[int, float] = field(default_factory=dict)
    const: float = 0.0

    def __add__(self, other: _Expr) -> _Expr:
        coefs = dict(self.coefs)
        for var, c in other.coefs.items():
            coefs[var] = coefs.get(var, 0.0) + c
        return _Expr(coefs, self.const + other.const)

    def scaled(self, factor: float) -> _Expr:
        return _Expr({v: c * factor for v, c in self.coefs.items()}, self.const * factor)

    def complement(self) -> _Expr:
        """``1 - self`` (for 0/1 expressions)."""
        return _Expr({v: -c for v, c in self.coefs.items()}, 1.0 - self.const)


@dataclass(frozen=True)
class _Top:
    """Holds everywhere."""


@dataclass(frozen=True)
class _Bottom:
    """Holds nowhere."""


@dataclass(frozen=True)
class _Lit:
    """A 0/1 expression that must equal 1."""

    expr: _Expr


@dataclass(frozen=True)
class _Le:
    """``expr <= 0``."""

    expr: _Expr


@dataclass(frozen=True)
class _Lt:
    """``expr < 0``."""

    expr: _Expr


@dataclass(frozen=True)
class _And:
    children: tuple[_Formula, ...]


@dataclass(frozen=True)
class _Or:
    children: tuple[_Formula, ...]


_Formula: TypeAlias = _Top | _Bottom | _Lit | _Le | _Lt | _And | _Or
"""A rule in negation normal form over program expressions."""

_TRUE = _Top()
_FALSE = _Bottom()

_OPS: dict[CompareOp, Callable[[int, int], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_COMPLEMENT: dict[CompareOp, CompareOp] = {
    "==": "!=",
    "!=": "==",
    "<": ">=",
    "<=": ">",
    ">": "<=",
    ">=": "<",
}


def _junction(op: Literal["and", "or"], children: Iterable[_Formula]) -> _Formula:
    """``and`` (or ``or``) of ``children``, simplified; stops at the first deciding child."""
    absorbing, neutral = (_FALSE, _TRUE) if op == "and" else (_TRUE, _FALSE)
    kept: list[_Formula] = []
    for child in children:
        if child == absorbing:
            return absorbing
        if child != neutral:
            kept.append(child)
    if not kept:
        return neutral
    if len(kept) == 1:
        return kept[0]
    return _And(tuple(kept)) if op == "and" else _Or(tuple(kept))


def _negate(node: _Formula) -> _Formula:
    match node:
        case _Top():
            return _FALSE
        case _Bottom():
            return _TRUE
        case _Lit(expr):
            return _Lit(expr.complement())
        case _Le(expr):  # not (e <= 0)  ==  -e < 0
            return _Lt(expr.scaled(-1.0))
        case _Lt(expr):  # not (e < 0)  ==  -e <= 0
            return _Le(expr.scaled(-1.0))
        case _And(children):
            return _junction("or", (_negate(c) for c in children))
        case _Or(children):
            return _junction("and", (_negate(c) for c in children))
        case _:
            assert_never(node)


# ---------------------------------------------------------------- program


@dataclass
class _Solution:
    status: int
    x: np.ndarray | None
    objective: float | None
    message: str


class Program:
    """Variables, rows and the issue encodings of one mixed-integer program over a model."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.lb: list[float] = []
        self.ub: list[float] = []
        self.integer: list[int] = []
        self.rows: list[tuple[dict[int, float], float, float]] = []
        self.contradiction = False
        self.onehot: dict[str, list[int]] = {}
        self.items: dict[str, list[int]] = {}
        self.lambdas: dict[str, list[int]] = {}
        self.breaks: dict[str, np.ndarray] = {}
        self.x: dict[str, int] = {}
        for axis in model.space.axes:
            if axis.kind == "continuous":
                self._continuous(axis.name)
            elif axis.kind == "subset":
                self.items[axis.name] = [self.var(0, 1, True) for _ in axis.levels]
            else:
                vars_ = [self.var(0, 1, True) for _ in range(axis.size)]
                self.onehot[axis.name] = vars_
                self.row(_Expr(dict.fromkeys(vars_, 1.0)), 1.0, 1.0)
        self.utilities = [self._utility(party) for party in model.parties]

    # --- building blocks
    def var(self, lb: float, ub: float, integer: bool = False) -> int:
        self.lb.append(lb)
        self.ub.append(ub)
        self.integer.append(1 if integer else 0)
        return len(self.lb) - 1

    def row(self, expr: _Expr, lo: float, hi: float) -> None:
        """``lo <= expr <= hi``."""
        self.rows.append((expr.coefs, lo - expr.const, hi - expr.const))

    def combine(
        self, utilities: dict[int, float], variables: dict[int, float] | None = None
    ) -> _Expr:
        """``sum_p utilities[p] * u_p(x) + sum_v variables[v] * v``, for :meth:`row`.

        Its ``coefs`` (variable -> coefficient) are an objective for :meth:`solve`.
        """
        total = _Expr(dict(variables or {}))
        for p, weight in utilities.items():
            total = total + self.utilities[p].scaled(weight)
        return total

    def value(self, expr: _Expr, x: np.ndarray) -> float:
        """``expr`` at the solution vector ``x``."""
        return expr.const + float(sum(c * x[v] for v, c in expr.coefs.items()))

    def bounds(self, expr: _Expr) -> tuple[float, float]:
        lo = hi = expr.const
        for var, c in expr.coefs.items():
            a, b = c * self.lb[var], c * self.ub[var]
            lo += min(a, b)
            hi += max(a, b)
        return lo, hi

    def _continuous(self, issue: str) -> None:
        low, high = self.model.range_of(issue)
        points = {low, high}
        for party in self.model.scenario.parties.values():
            spec = party.utility.get(issue)
            if spec is not None and spec.weight != 0:
                points.update(x for x, _ in points_of(spec) if low < x < high)
        grid = np.array(sorted(points))
        lambdas = [self.var(0, 1) for _ in grid]
        self.row(_Expr(dict.fromkeys(lambdas, 1.0)), 1.0, 1.0)
        if len(grid) > 2:
            segments = [self.var(0, 1, True) for _ in range(len(grid) - 1)]
            self.row(_Expr(dict.fromkeys(segments, 1.0)), 1.0, 1.0)
            for j, lam in enumerate(lambdas):
                near = [segments[s] for s in (j - 1, j) if 0 <= s < len(segments)]
                self.row(_Expr({lam: 1.0, **dict.fromkeys(near, -1.0)}), -np.inf, 0.0)
        x = self.var(low, high)
        self.row(_Expr({x: 1.0, **{lam: -g for lam, g in zip(lambdas, grid, strict=True)}}), 0, 0)
        self.lambdas[issue], self.breaks[issue], self.x[issue] = lambdas, grid, x

    def _utility(self, party: str) -> _Expr:
        total = _Expr()
        for issue, spec in self.model.scenario.parties[party].utility.items():
            if spec.weight == 0:
                continue
            axis = self.model.space.axis(issue)
            if axis.kind == "continuous":
                xs, vs = zip(*points_of(spec), strict=True)
                values = np.interp(self.breaks[issue], xs, vs)
                coefs = dict(zip(self.lambdas[issue], spec.weight * values, strict=True))
            elif axis.kind == "subset":
                coefs = {
                    v: spec.weight * values_of(spec)[item]
                    for v, item in zip(self.items[issue], axis.levels, strict=True)
                }
            else:
                coefs = {
                    v: spec.weight * values_of(spec)[level]
                    for v, level in zip(self.onehot[issue], axis.levels, strict=True)
                }
            total = total + _Expr({v: float(c) for v, c in coefs.items()})
        return total

    # --- rules
    def formula(self, tree: RuleNode, positive: bool = True) -> _Formula:
        """The typed rule ``tree`` (or its negation) in negation normal form."""
        match tree:
            case Negation(operand):
                return self.formula(operand, not positive)
            case Junction(op, operands):
                if op == "implies":
                    first, second = operands
                    if positive:
                        return _junction(
                            "or", (self.formula(first, False), self.formula(second, True))
                        )
                    return _junction(
                        "and", (self.formula(first, True), self.formula(second, False))
                    )
                dual: Literal["and", "or"] = "or" if op == "and" else "and"
                return _junction(
                    op if positive else dual, (self.formula(o, positive) for o in operands)
                )
            case Const(value):
                return _TRUE if value == positive else _FALSE
            case LinearCompare():
                return self._linear(tree, positive)
            case BoolIssue() | OptionCompare() | OptionIn() | ItemIn() | SubsetCompare():
                node = self._discrete(tree)
                return node if positive else _negate(node)
            case _:
                assert_never(tree)

    def _levels_literal(self, issue: str, levels: Iterable[int]) -> _Formula:
        vars_ = self.onehot[issue]
        chosen = sorted(set(levels))
        if not chosen:
            return _FALSE
        if len(chosen) == len(vars_):
            return _TRUE
        return _Lit(_Expr({vars_[level]: 1.0 for level in chosen}))

    def _item(self, issue: str, bit: int, present: bool) -> _Lit:
        expr = _Expr({self.items[issue][bit]: 1.0})
        return _Lit(expr if present else expr.complement())

    def _discrete(
        self, tree: BoolIssue | OptionCompare | OptionIn | ItemIn | SubsetCompare
    ) -> _Formula:
        match tree:
            case BoolIssue(issue):
                return self._levels_literal(issue, [1])
            case OptionCompare(issue, op, index):
                compare = _OPS[op]
                levels = range(len(self.onehot[issue]))
                return self._levels_literal(issue, [lv for lv in levels if compare(lv, index)])
            case OptionIn(issue, indices, negate):
                levels = range(len(self.onehot[issue]))
                return self._levels_literal(
                    issue, [lv for lv in levels if (lv in indices) != negate]
                )
            case ItemIn(issue, bit, negate):
                return self._item(issue, bit, not negate)
            case SubsetCompare():
                return self._subset(tree)
            case _:
                assert_never(tree)

    def _subset(self, tree: SubsetCompare) -> _Formula:
        n = len(self.items[tree.issue])
        inside = [b for b in range(n) if tree.mask >> b & 1]
        outside = [b for b in range(n) if not tree.mask >> b & 1]
        superset = _junction("and", (self._item(tree.issue, b, True) for b in inside))
        subset = _junction("and", (self._item(tree.issue, b, False) for b in outside))
        op = tree.op
        match op:
            case ">=":
                return superset
            case "<=":
                return subset
            case "==":
                return _junction("and", (superset, subset))
            case "!=":
                return _negate(_junction("and", (superset, subset)))
            case ">":
                extra = _junction("or", (self._item(tree.issue, b, True) for b in outside))
                return _junction("and", (superset, extra))
            case "<":
                missing = _junction("or", (self._item(tree.issue, b, False) for b in inside))
                return _junction("and", (subset, missing))
            case _:
                assert_never(op)

    def _expression(self, linear: Linear) -> tuple[_Expr, bool]:
        """A rule's linear term as a program expression, and whether it reads a continuous issue."""
        coefs: dict[int, float] = {}
        continuous = False
        for term, c in linear.terms:
            if term.startswith("count:"):
                for var in self.items[term.removeprefix("count:")]:
                    coefs[var] = coefs.get(var, 0.0) + c
            else:
                coefs[self.x[term]] = coefs.get(self.x[term], 0.0) + c
                continuous = True
        return _Expr(coefs, linear.const), continuous

    def _linear(self, tree: LinearCompare, positive: bool) -> _Formula:
        expr, continuous = self._expression(tree.expr)
        op = tree.op if positive else _COMPLEMENT[tree.op]
        if op == "!=" and continuous:
            raise Unencodable(
                "'!=' on a continuous issue (or '==' under 'not') excludes single points, "
                "which a mixed-integer program cannot state exactly"
            )
        negative = expr.scaled(-1.0)
        match op:
            case "<=":
                return _Le(expr)
            case "<":
                return _Lt(expr)
            case ">=":
                return _Le(negative)
            case ">":
                return _Lt(negative)
            case "==":
                return _junction("and", (_Le(expr), _Le(negative)))
            case "!=":
                return _junction("or", (_Lt(expr), _Lt(negative)))
            case _:
                assert_never(op)

    def enforce(self, node: _Formula, indicator: int | None = None) -> None:
        """Require ``node`` (when ``indicator`` is None) or ``indicator = 1 => node``."""
        match node:
            case _Top():
                pass
            case _Bottom():
                if indicator is None:
                    self.contradiction = True
                else:
                    self.row(_Expr({indicator: 1.0}), -np.inf, 0.0)
            case _And(children):
                for child in children:
                    self.enforce(child, indicator)
            case _Lit(expr):
                self._at_least(expr, indicator)
            case _Le(expr):
                self._below(expr, False, indicator)
            case _Lt(expr):
                self._below(expr, True, indicator)
            case _Or(children):
                self._one_of(children, indicator)
            case _:
                assert_never(node)

    def _one_of(self, children: tuple[_Formula, ...], indicator: int | None) -> None:
        """At least one of ``children``: a literal counts itself, any other part by a binary."""
        total = _Expr()
        for child in children:
            if isinstance(child, _Lit):
                total = total + child.expr
            else:
                delta = self.var(0, 1, True)
                self.enforce(child, delta)
                total = total + _Expr({delta: 1.0})
        self._at_least(total, indicator)

    def _at_least(self, expr: _Expr, indicator: int | None) -> None:
        """``expr >= 1`` (or ``>= indicator``)."""
        if indicator is None:
            self.row(expr, 1.0, np.inf)
        else:
            self.row(expr + _Expr({indicator: -1.0}), 0.0, np.inf)

    def _below(self, expr: _Expr, strict: bool, indicator: int | None) -> None:
        lo, hi = self.bounds(expr)
        rhs = -STRICT_EPSILON * (1.0 + max(abs(lo), abs(hi))) if strict else 0.0
        if hi <= rhs:
            return
        if lo > rhs:
            self.enforce(_FALSE, indicator)
            return
        if indicator is None:
            self.row(expr, -np.inf, rhs)
        else:
            self.row(expr + _Expr({indicator: hi - rhs}), -np.inf, hi)

    def red_line(self, r: int, indicator: int | None = None) -> None:
        self.enforce(self.formula(self.model.red_lines[r].tree), indicator)

    def no_deal(self, p: int, indicator: int | None = None) -> None:
        """``u_p(x) >= d_p`` (or only when ``indicator = 1``, by big-M)."""
        d = float(self.model.no_deal[p])
        utility = self.utilities[p]
        if indicator is None:
            self.row(utility, d, np.inf)
            return
        lo, _ = self.bounds(utility)
        big = d - lo
        if big > 0:
            self.row(utility + _Expr({indicator: -big}), d - big, np.inf)

    def constraint(self, c: int, indicator: int | None = None) -> None:
        """Constraint ``c`` in the order of :func:`negsim.zone.constraints.constraints_of`."""
        n_red = len(self.model.red_lines)
        if c < n_red:
            self.red_line(c, indicator)
        else:
            self.no_deal(c - n_red, indicator)

    # --- solving
    def solve(self, objective: dict[int, float]) -> _Solution:
        """Minimise ``objective`` (variable -> coefficient)."""
        if self.contradiction:
            return _Solution(2, None, None, "a rule can never hold")
        n = len(self.lb)
        c = np.zeros(n)
        for var, coef in objective.items():
            c[var] = coef
        constraints = None
        if self.rows:
            data: list[float] = []
            indices: list[int] = []
            indptr = [0]
            for coefs, _, _ in self.rows:
                indices.extend(coefs)
                data.extend(coefs.values())
                indptr.append(len(indices))
            matrix = csr_array((data, indices, indptr), shape=(len(self.rows), n))
            constraints = LinearConstraint(
                matrix, [r[1] for r in self.rows], [r[2] for r in self.rows]
            )
        integer = np.array(self.integer)
        result = milp(
            c,
            integrality=integer,
            bounds=Bounds(self.lb, self.ub),
            constraints=constraints,
            options={"mip_rel_gap": 0.0, "time_limit": TIME_LIMIT},
        )
        if result.status == 1:
            raise AnalysisError(
                f"the mixed-integer program stopped at its limit ({TIME_LIMIT:g} s) without a "
                "proof; simplify the scenario or use the grid"
            )
        if result.status not in (0, 2):
            raise AnalysisError(f"the mixed-integer program failed: {result.message}")
        if result.status == 0 and integer.any():
            result = self._polish(c, integer, constraints, result)
        return _Solution(result.status, result.x, result.fun, result.message)

    def _polish(
        self,
        c: np.ndarray,
        integer: np.ndarray,
        constraints: LinearConstraint | None,
        found: OptimizeResult,
    ) -> OptimizeResult:
        """Fix the binaries at their rounded values and solve the remaining linear program.

        A solver accepts binaries within its integrality tolerance of 0 or 1,
        which a big-M row multiplies; with the binaries exactly fixed the
        continuous part meets every row to the linear tolerance.
        """
        fixed = np.rint(found.x)
        lb = np.where(integer == 1, fixed, self.lb)
        ub = np.where(integer == 1, fixed, self.ub)
        again = milp(
            c,
            integrality=np.zeros_like(integer),
            bounds=Bounds(lb, ub),
            constraints=constraints,
            options={"time_limit": TIME_LIMIT},
        )
        return again if again.status == 0 else found

    def outcome(self, x: np.ndarray) -> dict[str, LevelValue]:
        """The outcome (scenario-file values) of a solution vector."""
        out: dict[str, LevelValue] = {}
        for axis in self.model.space.axes:
            name = axis.name
            if axis.kind == "continuous":
                low, high = self.model.range_of(name)
                out[name] = float(np.clip(x[self.x[name]], low, high)) + 0.0  # not -0.0
            elif axis.kind == "subset":
                out[name] = [
                    item
                    for item, var in zip(axis.levels, self.items[name], strict=True)
                    if x[var] > 0.5
                ]
            else:
                level = int(np.argmax([x[v] for v in self.onehot[name]]))
                out[name] = axis.decode(level)
        return out


# ---------------------------------------------------------------- questions


def unencodable_reason(model: Model) -> str | None:
    """Why the model cannot be decided by a mixed-integer program, or ``None`` if it can.

    Examples
    --------
    >>> import negsim
    >>> from negsim.scenario.examples import water_talks
    >>> s = water_talks(0.65, 0.3)
    >>> from negsim.zone import milp
    >>> milp.unencodable_reason(negsim.compile_scenario(s)) is None
    True
    """
    program = Program(model)
    for r, red_line in enumerate(model.red_lines):
        try:
            program.red_line(r)
        except Unencodable as exc:
            return f"red line {red_line.key}: {exc}"
    return None


def _scale(model: Model) -> float:
    return 1.0 + float(np.max(np.abs(model.no_deal), initial=0.0))


@dataclass(frozen=True)
class Witness:
    """An outcome found by a mixed-integer program and the program's objective value."""

    outcome: dict[str, LevelValue] | None
    objective: float | None


def solve_margin(model: Model) -> Witness:
    """Maximise ``t`` subject to every red line and ``u_p(x) - d_p >= t`` for every party.

    Returns a :class:`Witness` with ``outcome=None`` when no outcome respects every red line.

    Raises
    ------
    Unencodable
        When a red line cannot be stated exactly.

    Examples
    --------
    >>> import negsim
    >>> from negsim.scenario.examples import water_talks
    >>> s = water_talks(0.65, 0.3)
    >>> from negsim.zone import milp
    >>> witness = milp.solve_margin(negsim.compile_scenario(s))
    >>> round(witness.objective, 4), round(witness.outcome["share"], 4)
    (0.025, 67.5)
    """
    program = Program(model)
    for r in range(len(model.red_lines)):
        program.red_line(r)
    t = program.var(-np.inf, np.inf)
    for p, utility in enumerate(program.utilities):
        program.row(utility + _Expr({t: -1.0}), float(model.no_deal[p]), np.inf)
    solution = program.solve({t: -1.0})
    if solution.status == 2 or solution.x is None:
        return Witness(None, None)
    value = float(solution.x[t])
    if abs(value) <= ZERO_TOLERANCE * _scale(model):
        value = 0.0
    return Witness(program.outcome(solution.x), value)


def margin(model: Model) -> Margin:
    """The margin decided by a mixed-integer program, or on the grid (saying why) if it cannot be.

    See :class:`negsim.zone.results.Margin`. A discrete model is enumerated instead.

    Examples
    --------
    Alpha needs 65% of the water and Beta leaves it 68%: the zone lies between
    two grid points, so the grid sees none of it; the program finds it:

    >>> import negsim
    >>> from negsim.scenario.examples import water_talks
    >>> s = water_talks(0.65, 0.32)
    >>> from negsim.zone import milp
    >>> model = negsim.compile_scenario(s)
    >>> negsim.zone.zopa(model).count
    0
    >>> found = milp.margin(model)
    >>> found.method, round(found.value, 4), round(found.outcome["share"], 4)
    ('milp', 0.015, 66.5)
    """
    resolution = resolution_of(model)
    if resolution is None:
        return enumerated_margin(model)
    try:
        witness = solve_margin(model)
    except Unencodable:
        reason = unencodable_reason(model)
        grid = enumerated_margin(model)
        return with_note(grid, f"decided on the grid because {reason}")
    if witness.outcome is None or witness.objective is None:
        return Margin(
            None,
            None,
            None,
            None,
            zone_provenance(MILP, resolution),
            reason="no outcome respects every red line (decided by a mixed-integer program)",
        )
    surplus = model.utility_of([witness.outcome])[0] - model.no_deal
    note: str | None = None
    if not model.respects([witness.outcome]).all():
        note = (
            "the program's best outcome meets the red lines only within the solver's "
            "tolerance (about 1e-7 of each range)"
        )
    return Margin(
        value=witness.objective,
        outcome=witness.outcome,
        index=None,
        surplus={p: float(s) for p, s in zip(model.parties, surplus, strict=True)},
        provenance=zone_provenance(MILP, resolution, note),
    )


def zone_bounds(model: Model) -> dict[str, tuple[float, float]] | None:
    """The lowest and highest value of each continuous issue over the zone.

    ``None`` when the zone is empty. This is the bargaining range of a
    divisible issue (Fearon 1995: ``[p - c_A, p + c_B]``), exact up to the
    solver's tolerance.

    Raises
    ------
    Unencodable
        When a red line cannot be stated exactly.

    Examples
    --------
    Alpha needs 65% of the water and Beta leaves it 68%; no grid point of 11
    lies in between:

    >>> import negsim
    >>> from negsim.scenario.examples import water_talks
    >>> s = water_talks(0.65, 0.32)
    >>> from negsim.zone import milp
    >>> bounds = milp.zone_bounds(negsim.compile_scenario(s))
    >>> {issue: [round(v, 4) for v in pair] for issue, pair in bounds.items()}
    {'share': [65.0, 68.0]}
    """
    program = Program(model)
    for c in range(len(model.red_lines) + len(model.parties)):
        program.constraint(c)
    out: dict[str, tuple[float, float]] = {}
    for issue, x in program.x.items():
        low = program.solve({x: 1.0})
        if low.status == 2 or low.x is None:
            return None
        high = program.solve({x: -1.0})
        if high.x is None:
            raise AnalysisError("the mixed-integer program changed its mind about feasibility")
        out[issue] = (float(low.x[x]), float(high.x[x]))
    if not program.x:
        return {} if program.solve({}).status == 0 else None
    return out


def constraints_feasible(model: Model, subset: Iterable[int]) -> bool:
    """Whether some outcome meets every constraint in ``subset`` (``constraints_of`` positions).

    Examples
    --------
    If Alpha needs 75% of the water and Beta leaves it 70%, the two no-deal
    values (constraints 0 and 1) cannot both hold:

    >>> import negsim
    >>> from negsim.scenario.examples import water_talks
    >>> s = water_talks(0.65, 0.3)
    >>> from negsim.zone import milp
    >>> model = negsim.compile_scenario(s.with_({"parties.alpha.no_deal": 0.75}))
    >>> milp.constraints_feasible(model, [0]), milp.constraints_feasible(model, [0, 1])
    (True, False)
    """
    program = Program(model)
    for c in subset:
        program.constraint(c)
    return program.solve({}).status == 0


def minimal_corrections(
    model: Model, *, limit: int = MAX_CORRECTION_SOLVES
) -> tuple[list[int], bool]:
    """Every minimal correction (bit masks over ``constraints_of``) and whether all were found.

    Maximises the number of constraints kept; each optimum leaves out a new
    minimal correction, then a row forbids its supersets. An empty list with
    ``complete=True`` means every constraint can be met at once (a zone exists).

    Examples
    --------
    If Alpha needs 75%, the two no-deal values exclude every split; either one
    alone does not:

    >>> import negsim
    >>> from negsim.scenario.examples import water_talks
    >>> s = water_talks(0.65, 0.3)
    >>> from negsim.zone import milp
    >>> model = negsim.compile_scenario(s.with_({"parties.alpha.no_deal": 0.75}))
    >>> milp.constraints_feasible(model, [0]), milp.constraints_feasible(model, [0, 1])
    (True, False)
    >>> corrections, complete = milp.minimal_corrections(model)
    >>> sorted(corrections), complete
    ([1, 2], True)
    """
    n = len(model.red_lines) + len(model.parties)
    program = Program(model)
    keep = [program.var(0, 1, True) for _ in range(n)]
    for c, y in enumerate(keep):
        program.constraint(c, y)
    found: list[int] = []
    objective = dict.fromkeys(keep, -1.0)
    while len(found) < limit:
        solution = program.solve(objective)
        if solution.status == 2 or solution.x is None:
            return found, True
        dropped = sum(1 << c for c, y in enumerate(keep) if solution.x[y] < 0.5)
        if dropped == 0:
            return [], True
        found.append(dropped)
        program.row(_Expr({keep[c]: 1.0 for c in range(n) if dropped >> c & 1}), 1.0, np.inf)
    return found, False


def fewest_broken_concession(
    model: Model,
) -> tuple[dict[str, LevelValue], tuple[str, ...]] | None:
    """The outcome breaking the fewest red lines, then of least total shortfall; the ones it breaks.

    Two programs: the first maximises the red lines kept (one indicator each);
    the second fixes that number and minimises ``sum_p max(0, d_p - u_p)``.

    Examples
    --------
    Alpha's red lines ask for less than 20% and more than 80% of the water;
    one must go, and breaking the first costs no one anything:

    >>> import negsim
    >>> from negsim.scenario.examples import water_talks
    >>> from negsim.zone import milp
    >>> s = water_talks(0.65, 0.3).with_({"parties.alpha.red_lines": [
    ...     {"id": "low", "rule": "share <= 20", "says": "x", "source": "x"},
    ...     {"id": "high", "rule": "share >= 80", "says": "x", "source": "x"}]})
    >>> outcome, broken = milp.fewest_broken_concession(negsim.compile_scenario(s))
    >>> round(outcome["share"], 4), broken
    (80.0, ('alpha/low',))
    """
    program = Program(model)
    keep = [program.var(0, 1, True) for _ in model.red_lines]
    for r, y in enumerate(keep):
        program.red_line(r, y)
    if keep:
        first = program.solve(dict.fromkeys(keep, -1.0))
        if first.x is None:
            return None
        kept = int(round(sum(first.x[y] for y in keep)))
        program.row(_Expr(dict.fromkeys(keep, 1.0)), float(kept), np.inf)
    shortfalls = _shortfalls(program, model, range(len(model.parties)))
    solution = program.solve(dict.fromkeys(shortfalls, 1.0))
    if solution.x is None:
        return None
    broken = tuple(r.key for r, y in zip(model.red_lines, keep, strict=True) if solution.x[y] < 0.5)
    return program.outcome(solution.x), broken


def _shortfalls(program: Program, model: Model, parties: Iterable[int]) -> list[int]:
    """One variable ``s_p >= max(0, d_p - u_p(x))`` per party in ``parties``."""
    out = []
    for p in parties:
        s = program.var(0, np.inf)
        program.row(program.utilities[p] + _Expr({s: 1.0}), float(model.no_deal[p]), np.inf)
        out.append(s)
    return out


def _kept(model: Model, correction: int) -> Program:
    """A program holding every constraint outside ``correction``."""
    program = Program(model)
    for c in range(len(model.red_lines) + len(model.parties)):
        if not correction >> c & 1:
            program.constraint(c)
    return program


_FALL_SLACK = 1e-7
"""How far above the least total fall the witness may be: the solver's row tolerance."""


def witness_deal(model: Model, correction: int) -> Deal | None:
    """The deal a correction opens that maximises the smallest surplus of the kept parties.

    When the correction drops no-deal constraints, only among the deals that
    ask the least total fall of those parties (:func:`no_deal_falls`), so the
    witness asks no more of them than the falls state.

    ``correction`` is a bit mask over :func:`~negsim.zone.constraints.constraints_of`.

    Examples
    --------
    If Alpha needs 75% of the water and Beta leaves it 70%, dropping Alpha's
    no-deal constraint (bit 0) asks Alpha to fall the least at 70%, the most
    Beta allows:

    >>> import negsim
    >>> from negsim.scenario.examples import water_talks
    >>> from negsim.zone import milp
    >>> model = negsim.compile_scenario(water_talks(0.75, 0.3))
    >>> deal = milp.witness_deal(model, 0b01)
    >>> round(deal.outcome["share"], 4), deal.witness
    (70.0, True)
    """
    program = _kept(model, correction)
    dropped = dropped_parties(model, correction)
    kept = [p for p in range(len(model.parties)) if p not in dropped]
    if dropped:
        # first the least total fall of the dropped parties, then held there
        shortfalls = _shortfalls(program, model, dropped)
        least = program.solve(dict.fromkeys(shortfalls, 1.0))
        if least.x is None:
            return None
        total = float(sum(least.x[v] for v in shortfalls))
        program.row(_Expr(dict.fromkeys(shortfalls, 1.0)), 0.0, total + _FALL_SLACK)
    objective: dict[int, float] = {}
    if kept:
        t = program.var(-np.inf, np.inf)
        for p in kept:
            program.row(program.utilities[p] + _Expr({t: -1.0}), float(model.no_deal[p]), np.inf)
        objective = {t: -1.0}
    solution = program.solve(objective)
    if solution.x is None:
        return None
    return deal_at(model, program.outcome(solution.x), None, kept, witness=True)


def no_deal_falls(model: Model, correction: int) -> tuple[NoDealFall, ...]:
    """How far each dropped no-deal value must fall: least total shortfall, split by party.

    Examples
    --------
    If Alpha needs 75% and Beta leaves it 70%, Alpha would have to accept 0.05
    less when its no-deal constraint (bit 0) goes:

    >>> import negsim
    >>> from negsim.scenario.examples import water_talks
    >>> from negsim.zone import milp
    >>> (fall,) = milp.no_deal_falls(negsim.compile_scenario(water_talks(0.75, 0.3)), 0b01)
    >>> fall.party, round(fall.fall, 4), round(fall.to, 4)
    ('alpha', 0.05, 0.7)
    """
    dropped = dropped_parties(model, correction)
    if not dropped:
        return ()
    program = _kept(model, correction)
    shortfalls = _shortfalls(program, model, dropped)
    solution = program.solve(dict.fromkeys(shortfalls, 1.0))
    if solution.x is None:
        return ()
    x = solution.x
    return falls_of(model, constraints_of(model), dropped, np.array([x[s] for s in shortfalls]))


def program_openings(model: Model, corrections: Sequence[int], deals: int) -> list[Opening]:
    """Per correction: the program's witness deal, then the best grid deals; falls exactly."""
    grid = enumerated_openings(model, corrections, max(deals - 1, 0))
    out = []
    for correction, on_grid in zip(corrections, grid, strict=True):
        witness = witness_deal(model, correction) if deals > 0 else None
        found = on_grid.deals
        if witness is not None:
            found = (witness, *(d for d in found if not _same(d.outcome, witness.outcome)))
        out.append(Opening(found[:deals], no_deal_falls(model, correction)))
    return out


def _same(a: dict[str, LevelValue], b: dict[str, LevelValue]) -> bool:
    """Whether two outcomes are one (continuous values equal up to the solver's tolerance)."""
    return all(
        bool(np.isclose(a[k], b[k], rtol=1e-9, atol=1e-7))
        if isinstance(a[k], float) and isinstance(b[k], float)
        else a[k] == b[k]
        for k in a
    )


def diagnose(
    model: Model,
    *,
    max_conflicts: int | None,
    max_corrections: int | None,
    deals: int = DEALS_PER_CORRECTION,
) -> Diagnosis | None:
    """The diagnosis with corrections and least concession from mixed-integer programs.

    Zone sizes (``Correction.opens``) are counted on the grid. Falls back to the
    grid, saying so, when a rule cannot be encoded.

    Examples
    --------
    >>> import negsim
    >>> from negsim.scenario.examples import water_talks
    >>> s = water_talks(0.65, 0.3)
    >>> from negsim.zone import milp
    >>> model = negsim.compile_scenario(s.with_({"parties.alpha.no_deal": 0.75}))
    >>> d = milp.diagnose(model, max_conflicts=None, max_corrections=None)
    >>> d.method, d.conflicts
    ('milp', (<Conflict of 2: alpha/no-deal with beta/no-deal>,))
    >>> milp.diagnose(negsim.compile_scenario(s), max_conflicts=None, max_corrections=None) is None
    True
    """
    try:
        corrections, complete = minimal_corrections(model)
    except Unencodable:
        grid = enumerated_diagnosis(
            model, max_conflicts=max_conflicts, max_corrections=max_corrections, deals=deals
        )
        if grid is None:
            return None
        reason = unencodable_reason(model)
        return with_note(
            grid,
            f"decided on the grid because {reason}; conflicts found on a grid "
            "may not be conflicts of the continuous problem",
        )
    if complete and not corrections:
        return None
    found = fewest_broken_concession(model)
    concession = None if found is None else concession_at(model, found[0], None, found[1])
    sets, counts = violation_sets(model)
    note = (
        None
        if complete
        else f"more than {MAX_CORRECTION_SOLVES} minimal corrections; conflicts not derived"
    )
    return build_diagnosis(
        model,
        corrections,
        lambda listed: opened_counts(sets, counts, listed),
        concession,
        method=MILP,
        max_conflicts=max_conflicts,
        max_corrections=max_corrections,
        note=note,
        corrections_complete=complete,
        openings_of=lambda listed: program_openings(model, listed, deals),
    )


def check_constraints(model: Model, keys: Sequence[str]) -> bool:
    """Whether the constraints named ``keys`` (``party/id`` or ``party/no-deal``) can all hold."""
    names = [c.key for c in constraints_of(model)]
    unknown = [k for k in keys if k not in names]
    if unknown:
        raise AnalysisError(f"unknown constraint {unknown[0]!r}; known: {', '.join(names)}")
    return constraints_feasible(model, [names.index(k) for k in keys])
