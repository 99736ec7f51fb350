"""The outcome space: the product of the issues, enumerated as integer codes.

Each issue has a number of levels: 2 for a boolean, one per option, ``2**m``
for a subset of ``m`` items (level = bit mask, item ``i`` is bit ``i``), and
``grid`` points for a continuous issue. An outcome is a tuple of levels; the
space is enumerated in mixed-radix order (the last issue varies fastest).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeAlias, assert_never

import numpy as np

from negsim.errors import SpaceTooLargeError
from negsim.scenario.format import (
    BooleanIssue,
    CategoricalIssue,
    ContinuousIssue,
    Issue,
    OrdinalIssue,
    SubsetIssue,
)

__all__ = [
    "DEFAULT_MAX_OUTCOMES",
    "IssueAxis",
    "OutcomeSpace",
    "axis_of",
]

DEFAULT_MAX_OUTCOMES = 20_000_000

LevelValue: TypeAlias = bool | str | float | list[str]
"""A level as a scenario file writes it: true/false, an option, a number or a list of items."""


@dataclass(frozen=True)
class IssueAxis:
    """One issue as an axis of the outcome space.

    Examples
    --------
    >>> from negsim.model import IssueAxis
    >>> axis = IssueAxis("recognition", "ordinal", ("none", "de_facto", "de_jure"), 3)
    >>> axis.encode("de_facto"), axis.decode(2)
    (1, 'de_jure')
    """

    name: str
    kind: str
    levels: tuple[str, ...]
    size: int
    grid: np.ndarray | None = None  # values of a continuous issue's grid points

    def column_values(self, codes: np.ndarray) -> np.ndarray:
        """The column a rule reads: codes, or grid values for a continuous issue."""
        if self.grid is not None:
            return self.grid[codes]
        return codes

    def decode(self, code: int) -> LevelValue:
        """The scenario-file value of one level."""
        if self.kind == "boolean":
            return bool(code)
        if self.kind in ("categorical", "ordinal"):
            return self.levels[code]
        if self.kind == "subset":
            return [item for i, item in enumerate(self.levels) if code >> i & 1]
        assert self.grid is not None
        return float(self.grid[code])

    def encode(self, value: Any) -> float:
        """The column value of a scenario-file value (continuous values need not be on the grid)."""
        if self.kind == "boolean":
            return int(bool(value))
        if self.kind in ("categorical", "ordinal"):
            return self.levels.index(value)
        if self.kind == "subset":
            return sum(1 << self.levels.index(item) for item in value)
        return float(value)


def axis_of(name: str, issue: Issue) -> IssueAxis:
    """Build the axis of a scenario issue.

    Examples
    --------
    A subset of three items has 2**3 levels, one per bit mask:

    >>> from negsim.scenario.examples import issues_only
    >>> s = issues_only()
    >>> from negsim.model.space import axis_of
    >>> axis = axis_of("districts", s.issues["districts"])
    >>> axis.size, axis.encode(["north", "east"]), axis.decode(5)
    (8, 5, ['north', 'east'])
    >>> axis_of("water", s.issues["water"]).grid.tolist()
    [0.0, 25.0, 50.0, 75.0, 100.0]
    """
    match issue:
        case BooleanIssue():
            return IssueAxis(name, "boolean", ("false", "true"), 2)
        case CategoricalIssue() | OrdinalIssue():
            return IssueAxis(name, issue.kind, tuple(issue.options), len(issue.options))
        case SubsetIssue():
            return IssueAxis(name, "subset", tuple(issue.items), 1 << len(issue.items))
        case ContinuousIssue():
            low, high = issue.range
            grid = np.linspace(low, high, issue.grid)
            return IssueAxis(name, "continuous", (), issue.grid, grid)
        case _:
            assert_never(issue)


@dataclass(frozen=True)
class OutcomeSpace:
    """The enumerated product of the issues.

    Parameters
    ----------
    axes
        One axis per issue, in scenario order.
    max_outcomes
        Refuse to enumerate more outcomes than this.

    Examples
    --------
    8 subsets times 2 times 5 grid points make 80 outcomes:

    >>> import negsim
    >>> from negsim.scenario.examples import issues_only
    >>> s = issues_only()
    >>> from negsim.model import OutcomeSpace
    >>> space = OutcomeSpace.from_issues(s.issues)
    >>> space.names, space.shape, space.size
    (('districts', 'guarantee', 'water'), (8, 2, 5), 80)
    >>> space.decode(79)
    {'districts': ['north', 'south', 'east'], 'guarantee': True, 'water': 100.0}
    >>> OutcomeSpace.from_issues(s.issues, max_outcomes=50)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    negsim.errors.SpaceTooLargeError: the outcome space has 80 outcomes (...), above the limit...
    """

    axes: tuple[IssueAxis, ...]
    max_outcomes: int = DEFAULT_MAX_OUTCOMES

    @classmethod
    def from_issues(
        cls, issues: Mapping[str, Issue], *, max_outcomes: int = DEFAULT_MAX_OUTCOMES
    ) -> OutcomeSpace:
        space = cls(tuple(axis_of(n, i) for n, i in issues.items()), max_outcomes)
        space.check_size()
        return space

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(a.size for a in self.axes)

    @property
    def size(self) -> int:
        return int(np.prod(self.shape, dtype=object))

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(a.name for a in self.axes)

    def axis(self, name: str) -> IssueAxis:
        return self.axes[self.names.index(name)]

    def check_size(self) -> None:
        """Raise a clear error when the space is too large to enumerate."""
        if self.size > self.max_outcomes:
            factors = " x ".join(f"{a.name} {a.size}" for a in self.axes)
            raise SpaceTooLargeError(
                f"the outcome space has {self.size:,} outcomes ({factors}), above the limit of "
                f"{self.max_outcomes:,}; use a coarser grid for continuous issues, fewer items "
                "or options, or raise max_outcomes if memory allows "
                f"(about {self.size * (len(self.axes) + 8) * 8 / 2**30:.1f} GiB)"
            )

    @cached_property
    def codes(self) -> dict[str, np.ndarray]:
        """Level of every outcome on every issue, as one integer array per issue."""
        flat = np.arange(self.size, dtype=np.int64)
        index = np.unravel_index(flat, self.shape) if self.axes else ()
        dtype = np.int32 if max(self.shape, default=1) < 2**31 else np.int64
        return {a.name: idx.astype(dtype) for a, idx in zip(self.axes, index, strict=True)}

    @cached_property
    def columns(self) -> dict[str, np.ndarray]:
        """What rules read: level codes, and grid values for continuous issues."""
        return {a.name: a.column_values(self.codes[a.name]) for a in self.axes}

    def decode(self, index: int) -> dict[str, LevelValue]:
        """The outcome at flat position ``index`` as scenario-file values."""
        levels = np.unravel_index(int(index), self.shape)
        return {a.name: a.decode(int(c)) for a, c in zip(self.axes, levels, strict=True)}

    def encode_columns(self, outcomes: list[Mapping[str, Any]]) -> dict[str, np.ndarray]:
        """Columns for arbitrary outcomes given as scenario-file values."""
        return {
            a.name: np.asarray(
                [a.encode(o[a.name]) for o in outcomes],
                dtype=float if a.grid is not None else np.int64,
            )
            for a in self.axes
        }
