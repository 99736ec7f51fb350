"""Compile a :class:`~negsim.scenario.Scenario` into arrays.

The model holds the enumerated outcome space, the utility matrix
(outcomes x parties) under the additive model ``u_p(x) = sum_k w_pk v_pk(x_k)``,
one boolean mask per red line (True where the red line is respected) and the
no-deal value of each party (a number, or the expected utility of the party's
war lottery minus its cost of fighting, after Fearon 1995).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Protocol

import numpy as np

from negsim.common.memory import available_memory, explicit_memory_limit, size_text
from negsim.errors import AnalysisError, ScenarioError, SpaceTooLargeError
from negsim.model.space import DEFAULT_MAX_OUTCOMES, IssueAxis, LevelValue, OutcomeSpace
from negsim.scenario.format import ContinuousIssue, FixedNoDeal, Scenario, WarNoDeal
from negsim.scenario.rules import RuleNode, compile_rule, evaluate

__all__ = [
    "TIE_TOLERANCE",
    "snap_ties",
    "ties",
    "CompiledRedLine",
    "Model",
    "ValueFunction",
    "BYTES_PER_CELL",
    "check_magnitudes",
    "check_memory",
    "compile_scenario",
    "estimated_memory",
    "points_of",
    "value_table",
    "values_of",
    "weighted_tables",
]


TIE_TOLERANCE = 1e-9
"""Relative difference within which a utility ties a no-deal value (see :func:`snap_ties`)."""


def ties(utility: np.ndarray, no_deal: np.ndarray) -> np.ndarray:
    """Where ``|u - d| <= TIE_TOLERANCE * max(|u|, |d|)``, elementwise (broadcasting)."""
    utility = np.asarray(utility, dtype=float)
    no_deal = np.asarray(no_deal, dtype=float)
    width = TIE_TOLERANCE * np.maximum(np.abs(utility), np.abs(no_deal))
    return np.abs(utility - no_deal) <= width


def snap_ties(utility: np.ndarray, no_deal: np.ndarray) -> np.ndarray:
    """``utility`` with every value that ties its party's no-deal value set to exactly that value.

    A utility is a sum of weighted terms, and floating-point sums depend on the
    order of their terms: weights 0.7, 0.2 and 0.1 sum to 0.9999999999999999
    in that order and to 1.0 in the reverse one. So that no verdict depends on
    the order in which a scenario lists its entries, a utility within a
    relative ``TIE_TOLERANCE`` of the no-deal value (:func:`ties`) counts as
    equal to it, everywhere: the zone, margin, diagnosis, proposals,
    bargaining and games read the snapped values of the compiled model, and
    the batched engine snaps the same way
    (:func:`negsim.explore.measures.worst_surplus`). Reordering changes a sum
    by about ``1e-16`` of its size per term, far inside the tolerance; a real
    difference of a billionth or more is kept.

    Parameters
    ----------
    utility
        Utilities with the parties on the last axis, shape ``(..., n_parties)``.
    no_deal
        No-deal values, broadcastable to ``utility`` (e.g. ``(n_parties,)``).

    Examples
    --------
    >>> import numpy as np
    >>> from negsim.model.compile import snap_ties
    >>> u = np.array([[0.7 + 0.2 + 0.1, 0.5], [0.1 + 0.2 + 0.7, 0.5]])
    >>> bool(u[0, 0] == u[1, 0])
    False
    >>> snap_ties(u, np.array([1.0, 0.2])).tolist()
    [[1.0, 0.5], [1.0, 0.5]]
    """
    utility = np.asarray(utility, dtype=float)
    no_deal = np.asarray(no_deal, dtype=float)
    return np.where(ties(utility, no_deal), no_deal, utility)


@dataclass(frozen=True)
class CompiledRedLine:
    """A red line with its typed rule tree; ``key`` is ``party/id``.

    Examples
    --------
    >>> import negsim
    >>> from negsim.scenario.examples import border_talks
    >>> s = border_talks()
    >>> (red_line,) = negsim.compile_scenario(s).red_lines
    >>> red_line.key, red_line.rule
    ('alpha/keep-core', 'land <= some')
    """

    party: str
    id: str
    rule: str
    says: str
    source: str
    tree: RuleNode = field(repr=False, compare=False)

    @property
    def key(self) -> str:
        return f"{self.party}/{self.id}"


class ValueFunction(Protocol):
    """What :func:`value_table` reads of a party's value function on one issue.

    :class:`~negsim.scenario.IssueValue` is one; a variant of it with changed
    numbers is another.
    """

    @property
    def values(self) -> Mapping[str, float] | None: ...

    @property
    def points(self) -> Sequence[tuple[float, float]] | None: ...


def points_of(spec: ValueFunction) -> Sequence[tuple[float, float]]:
    """The breakpoints ``(x, value)`` of a continuous issue's value function."""
    if spec.points is None:
        raise ScenarioError("a continuous issue takes 'points' ([[x, value], ...]), not 'values'")
    return spec.points


def values_of(spec: ValueFunction) -> Mapping[str, float]:
    """The value of each option (or item, or ``true``/``false``) of a discrete issue."""
    if spec.values is None:
        raise ScenarioError("a discrete issue takes 'values' for each of its levels, not 'points'")
    return spec.values


def value_table(axis: IssueAxis, spec: ValueFunction) -> np.ndarray:
    """Unweighted value of every level of ``axis`` under a party's value function.

    Examples
    --------
    A subset's levels are bit masks; each is worth the sum of its items:

    >>> import negsim
    >>> from negsim.model.compile import value_table
    >>> from negsim.model.space import axis_of
    >>> s = negsim.load('''
    ... negsim: 1
    ... name: Districts
    ... issues:
    ...   districts: {kind: subset, items: [north, south]}
    ... parties:
    ...   beta: {no_deal: 0, utility: {districts: {weight: 1, values: {north: 0.5, south: 0.3}}}}
    ... ''')
    >>> axis = axis_of("districts", s.issues["districts"])
    >>> value_table(axis, s.parties["beta"].utility["districts"]).tolist()
    [0.0, 0.5, 0.3, 0.8]
    """
    if axis.grid is not None:
        xs, vs = zip(*points_of(spec), strict=True)
        return np.interp(axis.grid, xs, vs)
    values = values_of(spec)
    if axis.kind == "subset":
        item_values = np.array([values[item] for item in axis.levels])
        masks = np.arange(axis.size)
        bits = (masks[:, None] >> np.arange(len(axis.levels))) & 1
        return bits @ item_values
    return np.array([values[level] for level in axis.levels], dtype=float)


@dataclass(frozen=True, eq=False)
class Model:
    """Arrays compiled from a scenario; every analysis is a function of this.

    Build it with :func:`compile_scenario`.

    Examples
    --------
    >>> import negsim
    >>> from negsim.scenario.examples import border_talks
    >>> s = border_talks()
    >>> model = negsim.compile_scenario(s)
    >>> model.parties, model.no_deal.tolist(), model.red_lines[0].key
    (('alpha', 'beta'), [0.25, 0.4], 'alpha/keep-core')
    >>> model.acceptable_masks.astype(int).tolist()
    [[1, 1, 1, 1, 0, 0], [0, 0, 1, 1, 1, 1]]
    >>> model.utility_of([{"land": "some", "guarantee": True}]).round(2).tolist()
    [[0.7, 0.48]]
    """

    scenario: Scenario
    space: OutcomeSpace
    parties: tuple[str, ...]
    red_lines: tuple[CompiledRedLine, ...]
    tables: tuple[dict[str, np.ndarray], ...] = field(repr=False)
    """Per party, per issue: weighted value of every level."""

    @property
    def n_outcomes(self) -> int:
        return self.space.size

    @cached_property
    def utility(self) -> np.ndarray:
        """Utility of every outcome for every party, shape ``(n_outcomes, n_parties)``."""
        codes = self.space.codes
        out = np.zeros((self.n_outcomes, len(self.parties)))
        for p, tables in enumerate(self.tables):
            column = out[:, p]
            for issue, table in tables.items():
                column += table[codes[issue]]
        return snap_ties(out, self.no_deal)

    @cached_property
    def red_line_masks(self) -> np.ndarray:
        """``masks[r, i]`` is True when outcome ``i`` respects red line ``r``."""
        columns = self.space.columns
        n = self.n_outcomes
        masks = np.empty((len(self.red_lines), n), dtype=bool)
        for r, red_line in enumerate(self.red_lines):
            masks[r] = evaluate(red_line.tree, columns, n)
        return masks

    @cached_property
    def feasible_mask(self) -> np.ndarray:
        """Outcomes that respect every red line of every party, shape ``(n_outcomes,)``."""
        if not self.red_lines:
            return np.ones(self.n_outcomes, dtype=bool)
        return np.logical_and.reduce(self.red_line_masks, axis=0)

    @cached_property
    def acceptable_masks(self) -> np.ndarray:
        """``out[p, i]``: outcome ``i`` respects party ``p``'s red lines and gives it at
        least its no-deal value. Shape ``(n_parties, n_outcomes)``."""
        out = (self.utility >= self.no_deal).T.copy()
        masks = self.red_line_masks
        for p, pid in enumerate(self.parties):
            for r in self.red_lines_of(pid):
                out[p] &= masks[r]
        return out

    @cached_property
    def no_deal(self) -> np.ndarray:
        """Each party's value of no deal (continued war), shape ``(n_parties,)``."""
        values = []
        for p, pid in enumerate(self.parties):
            spec = self.scenario.parties[pid].no_deal
            if isinstance(spec, WarNoDeal):
                values.append(self._war_value(p, spec))
            elif isinstance(spec, FixedNoDeal):
                values.append(float(spec.value))
            else:
                values.append(float(spec))
        return np.array(values)

    def _war_value(self, p: int, spec: WarNoDeal) -> float:
        total = 0.0
        for branch in spec.war.lottery:
            if branch.utility is not None:
                total += branch.p * branch.utility
            elif branch.outcome is not None:
                total += branch.p * float(self._raw_utility_of([branch.outcome])[0, p])
            else:
                raise ScenarioError("give either 'outcome' or 'utility' for each branch")
        return total - spec.war.cost

    def party_index(self, party: str) -> int:
        """Position of ``party``; an :class:`AnalysisError` naming the parties if unknown."""
        if party not in self.parties:
            raise AnalysisError(
                f"unknown party {party!r}; the parties are {', '.join(self.parties)}"
            )
        return self.parties.index(party)

    def red_line_index(self, key: str) -> int:
        """Position of the red line ``party/id``; an :class:`AnalysisError` if unknown."""
        keys = [r.key for r in self.red_lines]
        if key not in keys:
            known = ", ".join(keys) or "none"
            raise AnalysisError(f"unknown red line {key!r}; the red lines are {known}")
        return keys.index(key)

    def range_of(self, issue: str) -> tuple[float, float]:
        """The lowest and highest value of the continuous issue ``issue``."""
        spec = self.scenario.issues[issue]
        if not isinstance(spec, ContinuousIssue):
            raise AnalysisError(f"{issue!r} is a {spec.kind} issue, not a continuous one")
        return spec.range

    def red_lines_of(self, party: str) -> list[int]:
        return [i for i, r in enumerate(self.red_lines) if r.party == party]

    # --- arbitrary outcomes (proposals, lottery branches), off the grid too

    def utility_of(self, outcomes: Sequence[Mapping[str, Any]]) -> np.ndarray:
        """Utilities of outcomes given as scenario-file values, shape ``(k, n_parties)``.

        Values that tie a party's no-deal value are that value (:func:`snap_ties`).
        """
        return snap_ties(self._raw_utility_of(outcomes), self.no_deal)

    def _raw_utility_of(self, outcomes: Sequence[Mapping[str, Any]]) -> np.ndarray:
        """:meth:`utility_of` before ties are snapped (what the no-deal values are made of)."""
        columns = self.space.encode_columns(list(outcomes))
        out = np.zeros((len(outcomes), len(self.parties)))
        for p, pid in enumerate(self.parties):
            for issue, spec in self.scenario.parties[pid].utility.items():
                axis = self.space.axis(issue)
                if axis.kind == "continuous":
                    xs, vs = zip(*points_of(spec), strict=True)
                    values = np.interp(columns[issue], xs, vs)
                else:
                    values = value_table(axis, spec)[columns[issue].astype(np.int64)]
                out[:, p] += spec.weight * values
        return out

    def respects(self, outcomes: Sequence[Mapping[str, Any]]) -> np.ndarray:
        """``out[k, r]``: outcome ``k`` respects red line ``r``."""
        columns = self.space.encode_columns(list(outcomes))
        n = len(outcomes)
        return (
            np.stack([evaluate(r.tree, columns, n) for r in self.red_lines], axis=1)
            if self.red_lines
            else np.ones((n, 0), bool)
        )

    def decode(self, index: int) -> dict[str, LevelValue]:
        """The outcome at ``index`` as scenario-file values."""
        return self.space.decode(index)

    def __repr__(self) -> str:
        return (
            f"<Model {self.scenario.name!r}: {self.n_outcomes:,} outcomes, "
            f"{len(self.parties)} parties, {len(self.red_lines)} red lines>"
        )


def weighted_tables(scenario: Scenario, space: OutcomeSpace) -> tuple[dict[str, np.ndarray], ...]:
    """Per party (in scenario order), per issue it weighs: ``w_pk * v_pk`` of every level.

    Examples
    --------
    >>> from negsim.scenario.examples import border_talks
    >>> s = border_talks()
    >>> from negsim.model.compile import weighted_tables
    >>> from negsim.model.space import OutcomeSpace
    >>> alpha, beta = weighted_tables(s, OutcomeSpace.from_issues(s.issues))
    >>> {issue: table.round(2).tolist() for issue, table in alpha.items()}
    {'land': [0.6, 0.3, 0.0], 'guarantee': [0.0, 0.4]}
    """
    with np.errstate(over="ignore", invalid="ignore"):  # overflow: check_magnitudes says so
        return tuple(
            {
                issue: spec.weight * value_table(space.axis(issue), spec)
                for issue, spec in party.utility.items()
                if spec.weight != 0
            }
            for party in scenario.parties.values()
        )


BYTES_PER_CELL = 32
"""Peak bytes an analysis holds per outcome and party: the utility matrix, its surpluses and the
temporary arrays of :func:`snap_ties` (four arrays of 8-byte numbers at the worst moment;
measured: about 270 bytes an outcome for 8 parties and 8 red lines, estimated 384)."""

_BYTES_PER_ISSUE = 16  # the level code of every outcome, and its 8-byte index while enumerated
_BYTES_PER_OUTCOME = 64  # masks, orderings and indexes of the zone


def estimated_memory(space: OutcomeSpace, n_parties: int, n_red_lines: int) -> int:
    """Bytes an analysis of the compiled model needs at its peak, estimated before compiling.

    Examples
    --------
    >>> from negsim.model.compile import estimated_memory
    >>> from negsim.model.space import OutcomeSpace
    >>> from negsim.scenario.examples import issues_only
    >>> space = OutcomeSpace.from_issues(issues_only().issues)
    >>> space.size, estimated_memory(space, n_parties=2, n_red_lines=1)
    (80, 14560)
    """
    per_outcome = (
        _BYTES_PER_OUTCOME
        + _BYTES_PER_ISSUE * len(space.axes)
        + BYTES_PER_CELL * n_parties
        + 2 * (n_red_lines + n_parties)
    )
    return space.size * per_outcome


def check_memory(
    space: OutcomeSpace, n_parties: int, n_red_lines: int, max_memory: int | None = None
) -> None:
    """Refuse a model whose arrays would not fit in ``max_memory`` bytes.

    Parameters
    ----------
    max_memory
        The limit; ``None`` takes the one in force
        (:func:`negsim.common.memory.explicit_memory_limit`: ``--max-memory``),
        else the memory available.

    Raises
    ------
    SpaceTooLargeError
        One line giving the estimate, the limit and how to raise it.
    """
    limit = max_memory if max_memory is not None else explicit_memory_limit()
    given = "the limit given"
    if limit is None:
        limit, given = available_memory(), "the memory available"
    need = estimated_memory(space, n_parties, n_red_lines)
    if limit is None or need <= limit:
        return
    raise SpaceTooLargeError(
        f"the analysis needs about {size_text(need)} of memory ({space.size:,} outcomes x "
        f"{n_parties} parties, {n_red_lines} red lines), above {given} of {size_text(limit)}; "
        "use a coarser grid for continuous issues or fewer items or options, or raise the "
        "limit with --max-memory SIZE (max_memory= in Python) if the memory is there"
    )


def compile_scenario(
    scenario: Scenario,
    *,
    max_outcomes: int = DEFAULT_MAX_OUTCOMES,
    max_memory: int | None = None,
) -> Model:
    """Compile a scenario into a :class:`Model` (arrays are built lazily, once).

    Parameters
    ----------
    max_outcomes
        Refuse outcome spaces larger than this.
    max_memory
        Refuse models whose analysis would need more bytes than this
        (:func:`estimated_memory`); ``None`` takes the limit in force: the one
        set with :func:`negsim.common.memory.using_memory_limit` (the command
        line's ``--max-memory``), else the memory available.

    Raises
    ------
    SpaceTooLargeError
        When the product of the issues exceeds ``max_outcomes``, or its
        arrays would exceed the memory limit.

    Examples
    --------
    Three levels of land times two of the guarantee make 6 outcomes, the last issue varying fastest:

    >>> import negsim
    >>> from negsim.scenario.examples import border_talks
    >>> s = border_talks()
    >>> model = negsim.compile_scenario(s)
    >>> model
    <Model 'Border talks': 6 outcomes, 2 parties, 1 red lines>
    >>> model.decode(3)
    {'land': 'some', 'guarantee': True}
    >>> model.utility.round(2).tolist()
    [[0.6, 0.2], [1.0, 0.0], [0.3, 0.68], [0.7, 0.48], [0.0, 1.0], [0.4, 0.8]]
    >>> model.red_line_masks.tolist()
    [[True, True, True, True, False, False]]
    """
    space = OutcomeSpace.from_issues(scenario.issues, max_outcomes=max_outcomes)
    parties = tuple(scenario.parties)
    check_memory(space, len(parties), len(scenario.red_lines()), max_memory)
    red_lines = tuple(
        CompiledRedLine(
            pid, rl.id, rl.rule, rl.says, rl.source, compile_rule(rl.rule, scenario.issues)
        )
        for pid, rl in scenario.red_lines()
    )
    model = Model(scenario, space, parties, red_lines, weighted_tables(scenario, space))
    check_magnitudes(model)
    return model


def check_magnitudes(model: Model) -> None:
    """Refuse utilities so large that sums or surpluses would overflow to inf or NaN.

    Each value is finite on its own, but ``weight * value`` summed over the
    issues, less the no-deal value, must stay within the floating-point range
    (with a factor of two to spare for differences of such surpluses).

    Raises
    ------
    ScenarioError
        Naming the party whose utilities need rescaling.

    Examples
    --------
    Values of 1e300 with a weight of 1e300 overflow:

    >>> import negsim
    >>> s = negsim.load('''
    ... negsim: 1
    ... name: Huge
    ... issues:
    ...   share: {kind: continuous, range: [0, 100], unit: "%", grid: 3}
    ... parties:
    ...   alpha: {no_deal: 0, utility: {share: {weight: 1e300, points: [[0, 0], [100, 1e300]]}}}
    ... ''')
    >>> negsim.compile_scenario(s)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    negsim.errors.ScenarioError: <scenario>: parties.alpha.utility.share: weights times values...
    """
    limit = np.finfo(float).max / 4
    for p, pid in enumerate(model.parties):
        no_deal = float(model.no_deal[p])
        if not abs(no_deal) <= limit / 2:
            raise ScenarioError(
                f"the no-deal value is about {no_deal:.3g}, beyond the range floating-point "
                "sums and differences can hold; rescale this party's utilities and no-deal value",
                field=f"parties.{pid}.no_deal",
            )
        with np.errstate(over="ignore", invalid="ignore"):
            reaches = {issue: float(np.abs(t).max()) for issue, t in model.tables[p].items()}
            reach = sum(reaches.values()) + abs(no_deal)
        if not reach <= limit:
            worst = max(reaches, key=lambda issue: reaches[issue])
            single = not reaches[worst] <= limit / 2
            raise ScenarioError(
                f"weights times values reach about {reach:.3g}, beyond the range floating-point "
                "sums and differences can hold; rescale this party's utilities and no-deal value",
                field=f"parties.{pid}.utility" + (f".{worst}" if single else ""),
            )
