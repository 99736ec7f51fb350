"""The scenario format: the issues, parties, red lines, no-deal values and proposals.

A scenario is a negotiation brief: the issues on the table, the parties with
their utilities, red lines and no-deal values, and the proposals in the
debate. Scenarios are immutable; :meth:`Scenario.with_` returns a changed,
re-validated copy. The utility model is the additive multi-attribute model of
Raiffa, Richardson & Metcalfe (2002), ``u(x) = sum_k w_k v_k(x_k)``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

from negsim.common.words import value_text
from negsim.scenario.games import Game
from negsim.scenario.paths import check_changes, drop_stale_uncertainty, held_warnings, set_path
from negsim.scenario.uncertainty import Uncertain
from negsim.scenario.yaml_source import dump_yaml

__all__ = [
    "BooleanIssue",
    "CategoricalIssue",
    "ContinuousIssue",
    "FORMAT_VERSION",
    "FiniteFloat",
    "FixedNoDeal",
    "Identifier",
    "Issue",
    "IssueValue",
    "LotteryBranch",
    "OrdinalIssue",
    "Party",
    "Proposal",
    "RedLine",
    "Scenario",
    "SubsetIssue",
    "Text",
    "WarLottery",
    "WarNoDeal",
]

FORMAT_VERSION = 1

Identifier = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$", max_length=64)]
# no dots: ids are steps of dotted paths (parties.ukraine.red_lines.not-an-inch.rule)
RedLineId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$", max_length=64)]
Text = Annotated[str, Field(max_length=4000)]
FiniteFloat = Annotated[float, Field(allow_inf_nan=False, strict=True)]


def _a_number(value: Any) -> Any:
    """Refuse text and booleans where a whole number is meant (``'11'`` and ``true`` are not 11)."""
    if isinstance(value, bool | str):
        shown = value_text(value) if isinstance(value, bool) else repr(value)
        raise ValueError(f"expected a whole number, got {shown}")
    return value


# one claim id of seeds/, or several separated by commas
ClaimIds = Annotated[str, Field(min_length=1, max_length=200)]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _unique(values: tuple[str, ...], what: str) -> tuple[str, ...]:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{what} {value!r} is listed twice")
        seen.add(value)
    return values


class BooleanIssue(_Frozen):
    """A yes/no term of a deal."""

    kind: Literal["boolean"]
    says: Text = ""

    @property
    def levels(self) -> tuple[str, ...]:
        return ("false", "true")


class _OptionIssue(_Frozen):
    """An issue whose levels are named options."""

    options: Annotated[tuple[Identifier, ...], Field(min_length=2, max_length=256)]
    says: Text = ""

    _check = field_validator("options")(lambda v: _unique(v, "option"))

    @property
    def levels(self) -> tuple[str, ...]:
        return self.options


class CategoricalIssue(_OptionIssue):
    """A term with unordered options."""

    kind: Literal["categorical"]


class OrdinalIssue(_OptionIssue):
    """A term with options ordered from lowest to highest, so rules may use ``<`` and ``>=``."""

    kind: Literal["ordinal"]


class SubsetIssue(_Frozen):
    """Which items of a list a deal includes (e.g. the regions whose loss is recognised)."""

    kind: Literal["subset"]
    items: Annotated[tuple[Identifier, ...], Field(min_length=1, max_length=16)]
    says: Text = ""

    _check = field_validator("items")(lambda v: _unique(v, "item"))

    @property
    def levels(self) -> tuple[str, ...]:
        return self.items


class ContinuousIssue(_Frozen):
    """A quantity in a range with a unit; ``grid`` points are used when it is enumerated."""

    kind: Literal["continuous"]
    range: tuple[FiniteFloat, FiniteFloat]
    unit: Text
    grid: Annotated[int, Field(ge=2, le=100_001), BeforeValidator(_a_number)] = 21
    says: Text = ""

    @field_validator("range")
    @classmethod
    def _ordered(cls, value: tuple[float, float]) -> tuple[float, float]:
        if not value[0] < value[1]:
            raise ValueError(f"range must go from low to high, got [{value[0]:g}, {value[1]:g}]")
        return value

    @property
    def levels(self) -> tuple[str, ...]:
        return ()


Issue = Annotated[
    BooleanIssue | CategoricalIssue | OrdinalIssue | SubsetIssue | ContinuousIssue,
    Field(discriminator="kind"),
]


class IssueValue(_Frozen):
    """A party's weight on one issue and its value function.

    ``values`` maps each option (or item, or ``true``/``false``) to a value;
    for a subset issue the value of a set is the sum of its items' values.
    ``points`` gives a piecewise-linear value function of a continuous issue
    as ``[[x, value], ...]`` with increasing ``x`` covering the issue's range.
    ``source`` cites the claim ids the weight and values rest on.
    """

    weight: Annotated[float, Field(ge=0, allow_inf_nan=False, strict=True)]
    values: dict[str, FiniteFloat] | None = None
    points: tuple[tuple[FiniteFloat, FiniteFloat], ...] | None = None
    source: ClaimIds | None = None

    @field_validator("points")
    @classmethod
    def _increasing(
        cls, value: tuple[tuple[float, float], ...] | None
    ) -> tuple[tuple[float, float], ...] | None:
        if value is not None:
            xs = [p[0] for p in value]
            if len(xs) < 2 or any(b <= a for a, b in zip(xs, xs[1:], strict=False)):
                raise ValueError("'points' needs at least two [x, value] pairs with increasing x")
        return value

    @model_validator(mode="after")
    def _one_form(self) -> IssueValue:
        if (self.values is None) == (self.points is None):
            raise ValueError("give either 'values' (for options or items) or 'points'")
        return self


class LotteryBranch(_Frozen):
    """One way a war could end: its probability in the party's own belief and its outcome."""

    p: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False, strict=True)]
    outcome: dict[str, Any] | None = None
    utility: FiniteFloat | None = None
    says: Text = ""

    @model_validator(mode="after")
    def _one_form(self) -> LotteryBranch:
        if (self.outcome is None) == (self.utility is None):
            raise ValueError("give either 'outcome' or 'utility' for each branch")
        return self


class WarLottery(_Frozen):
    """No-deal value from a war model (Fearon 1995): ``sum_i p_i u(o_i) - cost``.

    ``source`` cites the claim ids the cost and the branches' probabilities
    and utilities rest on.
    """

    lottery: Annotated[tuple[LotteryBranch, ...], Field(min_length=1)]
    cost: Annotated[float, Field(ge=0, allow_inf_nan=False, strict=True)]
    source: ClaimIds | None = None

    @field_validator("lottery")
    @classmethod
    def _sums_to_one(cls, value: tuple[LotteryBranch, ...]) -> tuple[LotteryBranch, ...]:
        total = math.fsum(b.p for b in value)
        if abs(total - 1.0) > 1e-9:
            raise ValueError(f"the lottery's probabilities add up to {total:g}, not 1")
        return value


class WarNoDeal(_Frozen):
    war: WarLottery


class FixedNoDeal(_Frozen):
    """A no-deal value given as a number, with the claim ids it rests on."""

    value: FiniteFloat
    source: ClaimIds


def _no_deal_form(value: Any) -> str:
    if isinstance(value, FixedNoDeal | WarNoDeal):
        return type(value).__name__
    if isinstance(value, dict):
        return "FixedNoDeal" if "value" in value else "WarNoDeal"
    return "float"


NoDeal = Annotated[
    Annotated[FiniteFloat, Tag("float")]
    | Annotated[FixedNoDeal, Tag("FixedNoDeal")]
    | Annotated[WarNoDeal, Tag("WarNoDeal")],
    Discriminator(_no_deal_form),
]


def _rule_text(value: Any) -> Any:
    """A rule written ``true`` or ``false`` is that text (YAML reads it as a boolean)."""
    if isinstance(value, bool):
        return value_text(value)
    return value


class RedLine(_Frozen):
    """A hard rule every outcome acceptable to the party must satisfy."""

    id: RedLineId
    rule: Annotated[str, BeforeValidator(_rule_text), Field(min_length=1, max_length=2000)]
    says: Annotated[str, Field(min_length=1, max_length=4000)]
    source: ClaimIds


class Party(_Frozen):
    """A side of the negotiation."""

    name: Text = ""
    utility: dict[Identifier, IssueValue]
    no_deal: NoDeal
    red_lines: tuple[RedLine, ...] = ()
    says: Text = ""


class Proposal(_Frozen):
    """A named concrete deal from the debate; ``outcome`` gives a value for every issue."""

    outcome: dict[Identifier, Any]
    says: Text = ""
    source: Text = ""


class Scenario(_Frozen):
    """A negotiation scenario (format version 1). Build one with :func:`load`."""

    negsim: Literal[1]
    name: Annotated[str, Field(min_length=1, max_length=200)]
    description: Text = ""
    sources: tuple[Text, ...] = ()
    issues: Annotated[dict[Identifier, Issue], Field(min_length=1, max_length=64)]
    parties: Annotated[dict[Identifier, Party], Field(min_length=1, max_length=32)]
    proposals: dict[Identifier, Proposal] = {}
    uncertainty: dict[str, Uncertain] = {}
    games: dict[Identifier, Game] = {}

    def with_(self, changes: Mapping[str, Any]) -> Scenario:
        """Return a copy with fields replaced by dotted path, validated again.

        Parameters
        ----------
        changes
            ``{"parties.ukraine.no_deal": 0.4, ...}``. List entries are reached
            by position or, for red lines, by id
            (``parties.ukraine.red_lines.not-an-inch.rule``).

        Raises
        ------
        ScenarioError
            One line, for changes that are not a mapping of dotted text paths,
            values nested too deep, or a changed scenario that is not valid.
        """
        # loading builds on this module, so the loader is reached through the package
        from negsim.scenario import from_data

        changes = check_changes(changes)
        data = self.to_data()
        for path, value in changes.items():
            set_path(data, path, value)
        with held_warnings():
            drop_stale_uncertainty(data, list(changes))
            return from_data(data, source="<override>")

    def to_data(self) -> dict[str, Any]:
        """Plain data (JSON/YAML-safe) that :func:`from_data` turns back into this scenario."""
        return json.loads(self.model_dump_json(exclude_defaults=False))

    def to_yaml(self) -> str:
        """The scenario as YAML text that :func:`load` reads back to an equal scenario."""
        return dump_yaml(self.to_data())

    def red_lines(self) -> list[tuple[str, RedLine]]:
        """Every red line as ``(party, red_line)`` in file order."""
        return [(pid, rl) for pid, party in self.parties.items() for rl in party.red_lines]

    def __repr__(self) -> str:
        return (
            f"<Scenario {self.name!r}: {len(self.issues)} issues, "
            f"{len(self.parties)} parties ({', '.join(self.parties)}), "
            f"{sum(len(p.red_lines) for p in self.parties.values())} red lines, "
            f"{len(self.proposals)} proposals>"
        )
