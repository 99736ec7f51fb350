"""Scenario files: the schema, loading, validation and dotted-path overrides.

A scenario is a negotiation brief: the issues on the table, the parties with
their utilities, red lines and no-deal values, and the proposals in the
debate. Scenarios are immutable; :meth:`Scenario.with_` returns a changed,
re-validated copy. The utility model is the additive multi-attribute model of
Raiffa, Richardson & Metcalfe (2002), ``u(x) = sum_k w_k v_k(x_k)``.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    field_validator,
    model_validator,
)

from negsim.common.suggest import did_you_mean
from negsim.errors import ScenarioError
from negsim.scenario.games import BRANCH_LABELS as _GAME_BRANCH_LABELS
from negsim.scenario.games import FIELD_NAMES as _GAME_FIELD_NAMES
from negsim.scenario.games import GAME_KINDS, Game, check_games
from negsim.scenario.rules import KEYWORDS, RuleError, compile_rule
from negsim.scenario.uncertainty import Uncertain, path_problem
from negsim.scenario.yaml_source import MAX_BYTES, YamlDocument, dump_yaml, read_yaml
from negsim.scenario.yaml_source import Path as FieldPath

FORMAT_VERSION = 1

Identifier = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$", max_length=64)]
# no dots: ids are steps of dotted paths (parties.ukraine.red_lines.not-an-inch.rule)
RedLineId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$", max_length=64)]
Text = Annotated[str, Field(max_length=4000)]
FiniteFloat = Annotated[float, Field(allow_inf_nan=False)]
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


# ---------------------------------------------------------------- issues


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
    grid: Annotated[int, Field(ge=2, le=100_001)] = 21
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

# ---------------------------------------------------------------- parties


class IssueValue(_Frozen):
    """A party's weight on one issue and its value function.

    ``values`` maps each option (or item, or ``true``/``false``) to a value;
    for a subset issue the value of a set is the sum of its items' values.
    ``points`` gives a piecewise-linear value function of a continuous issue
    as ``[[x, value], ...]`` with increasing ``x`` covering the issue's range.
    ``source`` cites the claim ids the weight and values rest on.
    """

    weight: Annotated[float, Field(ge=0, allow_inf_nan=False)]
    values: dict[str, FiniteFloat] | None = None
    points: tuple[tuple[FiniteFloat, FiniteFloat], ...] | None = None
    source: ClaimIds | None = None

    @field_validator("points")
    @classmethod
    def _increasing(cls, value: tuple[tuple[float, float], ...] | None) -> Any:
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

    p: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
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
    cost: Annotated[float, Field(ge=0, allow_inf_nan=False)]
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


class RedLine(_Frozen):
    """A hard rule every outcome acceptable to the party must satisfy."""

    id: RedLineId
    rule: Annotated[str, Field(min_length=1, max_length=2000)]
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


# ---------------------------------------------------------------- scenario


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
        """
        data = self.to_data()
        for path, value in changes.items():
            set_path(data, path, value)
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


# ---------------------------------------------------------------- loading


def load(source: str | Path, *, overrides: Mapping[str, Any] | None = None) -> Scenario:
    """Load and validate a scenario from a file path or from YAML text.

    Parameters
    ----------
    source
        A path to a file (a :class:`~pathlib.Path`, a name ending in
        ``.yaml``/``.yml``, or the name of an existing file), or the YAML text
        itself (any string containing a newline is read as text).
    overrides
        Optional dotted-path changes applied before validation, as with
        :meth:`Scenario.with_`.

    Raises
    ------
    ScenarioError
        One line naming the file, the YAML line, the field and the problem.
    """
    if not isinstance(source, str | Path):
        raise ScenarioError(f"load() takes a file path or YAML text, not {type(source).__name__}")
    if isinstance(source, Path) or _looks_like_a_path(source):
        path = Path(source)
        name = str(source)
        try:
            size = path.stat().st_size
            if size > MAX_BYTES:
                raise ScenarioError(
                    f"file is {size:,} bytes; scenario files are limited to {MAX_BYTES:,} bytes",
                    file=name,
                )
            raw = path.read_bytes()
        except FileNotFoundError:
            raise ScenarioError("no such file", file=name) from None
        except IsADirectoryError:
            raise ScenarioError("is a directory, not a scenario file", file=name) from None
        except OSError as exc:
            raise ScenarioError(f"cannot read the file: {exc.strerror}", file=name) from None
        document = read_yaml(raw, name)
    else:
        document = read_yaml(source, "<text>")
    if overrides:
        data = copy.deepcopy(document.data)
        changed = []
        for key, value in overrides.items():
            try:
                changed.append((key, set_path(data, key, value, source=document.source)))
            except ScenarioError as exc:
                raise ScenarioError(
                    f"{exc.message} (in override {key!r})", file=exc.file, field=exc.field
                ) from None
        document = dataclasses.replace(document, data=data, overrides=tuple(changed))
    return _validate(document.data, document)


def _looks_like_a_path(source: str) -> bool:
    if "\n" in source:
        return False
    if source.strip().endswith((".yaml", ".yml")):
        return True
    try:
        return Path(source).is_file()
    except (OSError, ValueError):
        return False


def from_data(data: Any, *, source: str = "<data>") -> Scenario:
    """Validate plain data (as read from YAML or JSON) into a :class:`Scenario`."""
    return _validate(data, YamlDocument(data=data, source=source))


def _validate(data: Any, document: YamlDocument) -> Scenario:
    if not isinstance(data, dict):
        hint = (
            f"; got the text {data!r} (to read a file, give a path ending in .yaml or .yml, "
            "or a pathlib.Path)"
            if isinstance(data, str) and document.source == "<text>"
            else ""
        )
        raise ScenarioError(
            f"a scenario is a mapping with 'negsim: 1' at the top{hint}",
            file=document.source,
            line=1,
        )
    if data.get("negsim") != FORMAT_VERSION:
        version = data.get("negsim")
        message = (
            "missing 'negsim: 1' (the format version) at the top"
            if version is None
            else f"format version {version!r} is not supported (this negsim reads 'negsim: 1')"
        )
        raise _error_at(document, ("negsim",), message)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise _first_error(exc, data, document) from None
    _check_references(scenario, document)
    return scenario


def _first_error(exc: ValidationError, data: Any, document: YamlDocument) -> ScenarioError:
    errors = exc.errors(include_url=False)
    errors.sort(key=lambda e: _error_rank(e, data))
    error = errors[0]
    path = _data_path(error["loc"], data)
    if error["type"] == "union_tag_invalid" and path[:1] == ("issues",):
        path = (*path, "kind")
    return _error_at(document, path, _describe(error, path, data))


def _error_at(document: YamlDocument, path: FieldPath, message: str) -> ScenarioError:
    """The error for ``path``: its line in the file, or the override that set its value."""
    field = _field_name(path, document.data)
    for key, where in document.overrides:
        if path[: len(where)] == where:
            return ScenarioError(
                f"{message} (set by override {key!r}, e.g. --set on the command line; "
                "not read from the file)",
                file=document.source,
                field=field,
            )
    after = [key for key, where in document.overrides if where[: len(path)] == path]
    if after:
        message += f" (after override {after[0]!r})"
    return ScenarioError(message, file=document.source, line=document.line_of(path), field=field)


def _error_rank(error: dict[str, Any], data: Any) -> tuple[int, int]:
    # an unknown field usually explains a "missing" one next to it (a typo)
    order = {"extra_forbidden": 0, "missing": 2, "union_tag_invalid": 3}
    return (order.get(error["type"], 1), -len(_data_path(error["loc"], data)))


def _data_path(loc: tuple[Any, ...], data: Any) -> FieldPath:
    """Drop the union-branch labels pydantic inserts, keeping the keys found in ``data``."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if (
            isinstance(node, dict)
            and part in node
            or isinstance(node, list)
            and isinstance(part, int)
            and 0 <= part < len(node)
        ):
            path.append(part)
            node = node[part]
        elif isinstance(node, dict | list):
            if isinstance(part, str) and part[:1].isalpha() and not _is_branch_label(part):
                path.append(part)
                node = None
        else:
            break
    return tuple(path)


_BRANCH_LABELS = {
    *("boolean", "categorical", "ordinal", "subset", "continuous", "float", "WarNoDeal"),
    "FixedNoDeal",
    *_GAME_BRANCH_LABELS,
}


def _is_branch_label(part: str) -> bool:
    return part in _BRANCH_LABELS or "[" in part or part.startswith("function-")


def _describe(error: dict[str, Any], path: FieldPath, data: Any) -> str:
    kind = error["type"]
    last = path[-1] if path else ""
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        hint = _REQUIRED_HINTS.get(str(last))
        return "this field is required" + (f" ({hint})" if hint else "")
    if last == "no_deal" and kind in ("float_type", "float_parsing", "finite_number"):
        return (
            f"expected a number, {{value, source}} or war: {{cost, lottery}}, got {_shown(value)}"
        )
    if last == "weight" and kind == "greater_than_equal":
        return (
            f"a weight says how much the party cares about the issue, so it is 0 or more, "
            f"not {value!r}; to make the party dislike an option, give that option a lower value"
        )
    if kind == "extra_forbidden":
        allowed = [name for name in _allowed_fields(path) if name != last]
        return f"unknown field {last!r}{did_you_mean(str(last), allowed)}"
    if kind in ("union_tag_invalid", "union_tag_not_found") and path[:1] == ("games",):
        return f"a game needs a 'kind': one of {', '.join(GAME_KINDS)}"
    if kind == "union_tag_invalid":
        kinds = ("boolean", "categorical", "ordinal", "subset", "continuous")
        tag = str(ctx.get("tag", ""))
        return f"kind must be one of {', '.join(kinds)}, not {tag!r}{did_you_mean(tag, kinds)}"
    if kind == "union_tag_not_found":
        return "each issue needs a 'kind' (boolean, categorical, ordinal, subset or continuous)"
    if kind == "literal_error" and path == ("negsim",):
        return "format version must be 1"
    if kind == "string_pattern_mismatch" and last == "id" and "red_lines" in path:
        return (
            f"{value!r} is not a valid red line id (letters, digits, _ and -, "
            "starting with a letter or digit)"
        )
    if kind == "string_pattern_mismatch":
        return f"{value!r} is not a valid name (letters, digits and _, not starting with a digit)"
    if kind == "too_long" and last == "items":
        return (
            f"a subset issue has at most {ctx['max_length']} items (every combination of them "
            f"is an outcome); this one has {ctx['actual_length']}"
        )
    simple = _SIMPLE_MESSAGES.get(kind)
    if simple is not None:
        shown = {k: f"{v:g}" if isinstance(v, float) else v for k, v in ctx.items()}
        return simple.format(value=_shown(value), **shown)
    return str(error["msg"]).removeprefix("Value error, ")


_SIMPLE_MESSAGES = {
    "string_type": "expected text, got {value}",
    "float_type": "expected a number, got {value}",
    "float_parsing": "expected a number, got {value}",
    "int_type": "expected a whole number, got {value}",
    "int_parsing": "expected a whole number, got {value}",
    "int_from_float": "expected a whole number, got {value}",
    "finite_number": "expected a finite number, got {value}",
    "bool_type": "expected true or false, got {value}",
    "bool_parsing": "expected true or false, got {value}",
    "dict_type": "expected a mapping (name: value entries), got {value}",
    "tuple_type": "expected a list, got {value}",
    "list_type": "expected a list, got {value}",
    "greater_than_equal": "must be at least {ge}, got {value}",
    "greater_than": "must be more than {gt}, got {value}",
    "less_than_equal": "must be at most {le}, got {value}",
    "less_than": "must be less than {lt}, got {value}",
    "too_short": "has {actual_length} entries; at least {min_length} needed",
    "too_long": "has {actual_length} entries; at most {max_length} allowed",
    "string_too_short": "must not be empty",
    "string_too_long": "is longer than {max_length} characters",
}

_REQUIRED_HINTS = {
    "negsim": "the format version, 1",
    "name": "a short title",
    "issues": "the terms of a deal, each with a kind",
    "parties": "the sides, each with utility and no_deal",
    "kind": "boolean, categorical, ordinal, subset or continuous",
    "options": "the list of option names",
    "items": "the list of item names",
    "range": "[low, high]",
    "unit": "what the number measures, e.g. '% of territory'",
    "utility": "a weight and a value function per issue",
    "weight": "how much the party cares about the issue, 0 or more",
    "no_deal": "the party's value of no deal: a number, or war: {cost, lottery}",
    "war": "cost and lottery",
    "lottery": "a list of branches with p and an outcome or a utility",
    "cost": "the party's cost of fighting, 0 or more",
    "p": "the branch's probability in the party's belief",
    "id": "a short id, unique within the party",
    "rule": "the condition, e.g. 'north not in regions'",
    "says": "the red line in one sentence",
    "source": "the claim id in seeds/ it rests on",
    "value": "the no-deal value, a number",
    "outcome": "a value for every issue",
}


def _shown(value: Any) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return ".nan" if math.isnan(value) else ("-.inf" if value < 0 else ".inf")
    if isinstance(value, dict | list | tuple):
        kind = "a mapping" if isinstance(value, dict) else "a list"
        return kind if len(repr(value)) > 40 else f"{kind} {value!r}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing (null)"
    return repr(value)


def _allowed_fields(path: FieldPath) -> list[str]:  # noqa: ARG001
    return sorted(
        {
            *Scenario.model_fields,
            *Party.model_fields,
            *RedLine.model_fields,
            *IssueValue.model_fields,
            *Proposal.model_fields,
            *ContinuousIssue.model_fields,
            *SubsetIssue.model_fields,
            *CategoricalIssue.model_fields,
            *WarNoDeal.model_fields,
            *FixedNoDeal.model_fields,
            *WarLottery.model_fields,
            *LotteryBranch.model_fields,
            *Uncertain.model_fields,
            *_GAME_FIELD_NAMES,
        }
    )


def _get(data: Any, path: FieldPath) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _field_name(path: FieldPath, data: Any) -> str | None:
    """Dotted name of a path, naming red lines by id rather than position."""
    parts: list[str] = []
    node = data
    for part in path:
        if isinstance(part, int) and isinstance(node, list):
            item = node[part] if part < len(node) else None
            ident = item.get("id") if isinstance(item, dict) else None
            parts.append(str(ident) if isinstance(ident, str) and ident else str(part))
        else:
            parts.append(str(part))
        node = _get(node, (part,))
    return ".".join(parts) or None


# ---------------------------------------------------------------- cross-references


def _check_references(scenario: Scenario, document: YamlDocument) -> None:
    """Checks that span fields: names used in utilities, rules, proposals and lotteries."""

    def fail(message: str, *path: str | int) -> ScenarioError:
        return _error_at(document, tuple(path), message)

    issues = scenario.issues
    for iid, issue in issues.items():
        if iid in KEYWORDS:
            raise fail(
                f"{iid!r} is a word of the rule language; give the issue another name",
                "issues",
                iid,
            )
        field = "items" if issue.kind == "subset" else "options"
        for k, level in enumerate(issue.levels if issue.kind != "boolean" else ()):
            if level in KEYWORDS:
                raise fail(
                    f"{level!r} is a word of the rule language and cannot name an {field[:-1]}",
                    "issues",
                    iid,
                    field,
                    k,
                )
    for pid, party in scenario.parties.items():
        base = ("parties", pid)
        first: dict[str, int] = {}
        for i, red_line in enumerate(party.red_lines):
            if red_line.id in first:
                line = document.line_of((*base, "red_lines", first[red_line.id], "id"))
                raise fail(
                    f"red line id {red_line.id!r} is used twice in this party"
                    + (f" (first on line {line})" if line else ""),
                    *base,
                    "red_lines",
                    i,
                    "id",
                )
            first[red_line.id] = i
        for iid, value in party.utility.items():
            where = (*base, "utility", iid)
            if iid not in issues:
                raise fail(f"unknown issue {iid!r}{did_you_mean(iid, issues)}", *where)
            _check_value_function(issues[iid], value, lambda m, *p, w=where: fail(m, *w, *p))
        if not any(v.weight > 0 for v in party.utility.values()):
            raise fail("weights that do not make sense: every weight is zero", *base, "utility")
        for i, red_line in enumerate(party.red_lines):
            try:
                compile_rule(red_line.rule, issues)
            except RuleError as exc:
                raise fail(str(exc), *base, "red_lines", i, "rule") from None
        if isinstance(party.no_deal, WarNoDeal):
            for j, branch in enumerate(party.no_deal.war.lottery):
                if branch.outcome is not None:
                    where = (*base, "no_deal", "war", "lottery", j, "outcome")
                    _check_outcome(issues, branch.outcome, lambda m, *p, w=where: fail(m, *w, *p))
    for name, proposal in scenario.proposals.items():
        where = ("proposals", name, "outcome")
        _check_outcome(issues, proposal.outcome, lambda m, *p, w=where: fail(m, *w, *p))
    if scenario.uncertainty:
        data = scenario.to_data()
        for path, spec in scenario.uncertainty.items():
            problem = path_problem(data, path, spec)
            if problem:
                raise fail(problem, "uncertainty", path)
    check_games(
        scenario.games,
        parties=tuple(scenario.parties),
        proposals=tuple(scenario.proposals),
        check_outcome=lambda outcome, fail_at: _check_outcome(issues, outcome, fail_at),
        fail=fail,
    )


def _check_value_function(issue: Any, value: IssueValue, fail: Any) -> None:
    if issue.kind == "continuous":
        if value.points is None:
            raise fail("a continuous issue takes 'points' ([[x, value], ...]), not 'values'")
        low, high = issue.range
        if value.points[0][0] > low or value.points[-1][0] < high:
            raise fail(
                f"'points' must cover the issue's range [{low:g}, {high:g}]; they cover "
                f"[{value.points[0][0]:g}, {value.points[-1][0]:g}]",
                "points",
            )
        return
    if value.values is None:
        raise fail(f"{issue.kind} issues take 'values' for each of their levels, not 'points'")
    levels = issue.levels
    for key in value.values:
        if key not in levels:
            raise fail(
                f"{key!r} is not one of {', '.join(levels)}{did_you_mean(key, levels)}",
                "values",
                key,
            )
    missing = [level for level in levels if level not in value.values]
    if missing:
        raise fail(f"no value given for {', '.join(missing)}", "values")


def _check_outcome(issues: Mapping[str, Any], outcome: Mapping[str, Any], fail: Any) -> None:
    for iid, val in outcome.items():
        if iid not in issues:
            raise fail(f"unknown issue {iid!r}{did_you_mean(iid, issues)}", iid)
        problem = outcome_value_problem(issues[iid], val)
        if problem:
            raise fail(problem, iid)
    missing = [iid for iid in issues if iid not in outcome]
    if missing:
        raise fail(f"an outcome needs a value for every issue; missing {', '.join(missing)}")


def outcome_value_problem(issue: Any, value: Any) -> str | None:
    """Why ``value`` is not a valid value of ``issue``, or ``None`` if it is."""
    kind = issue.kind
    if kind == "boolean":
        return None if isinstance(value, bool) else f"expected true or false, got {value!r}"
    if kind in ("categorical", "ordinal"):
        if isinstance(value, str) and value in issue.options:
            return None
        return f"{value!r} is not one of {', '.join(issue.options)}" + (
            did_you_mean(value, issue.options) if isinstance(value, str) else ""
        )
    if kind == "subset":
        if not isinstance(value, list | tuple):
            return f"expected a list of items of {', '.join(issue.items)}, got {value!r}"
        for item in value:
            if item not in issue.items:
                return f"{item!r} is not an item of this issue" + (
                    did_you_mean(item, issue.items) if isinstance(item, str) else ""
                )
        if len(set(value)) != len(value):
            return "an item is listed twice"
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return f"expected a number, got {value!r}"
    low, high = issue.range
    if not low <= value <= high:
        return f"{value:g} is outside the range [{low:g}, {high:g}]"
    return None


# ---------------------------------------------------------------- dotted paths


def set_path(
    data: Any, path: str, value: Any, *, source: str = "<override>"
) -> tuple[str | int, ...]:
    """Set ``value`` at dotted ``path`` inside plain scenario data, in place.

    List entries are addressed by position or by their ``id``.

    Returns
    -------
    tuple
        The data path that was set (list entries as positions).
    """
    parts = path.split(".")
    node = data
    resolved: list[str | int] = []
    for depth, part in enumerate(parts):
        last = depth == len(parts) - 1
        where = ".".join(parts[: depth + 1])
        if isinstance(node, dict):
            resolved.append(part)
            if last:
                node[part] = value
                return tuple(resolved)
            if part not in node:
                raise ScenarioError(
                    f"no field {part!r} here{did_you_mean(part, node)}", file=source, field=where
                )
            node = node[part]
        elif isinstance(node, list):
            index = _list_index(node, part)
            if index is None:
                ids = [str(item.get("id")) for item in node if isinstance(item, dict)]
                raise ScenarioError(
                    f"no entry {part!r} in this list{did_you_mean(part, tuple(ids))}",
                    file=source,
                    field=where,
                )
            resolved.append(index)
            if last:
                node[index] = value
                return tuple(resolved)
            node = node[index]
        else:
            raise ScenarioError(
                f"{'.'.join(parts[:depth])} is {_kind_of_value(node)}, which has no field {part!r}",
                file=source,
                field=where,
            )
    return tuple(resolved)


def _kind_of_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    return "empty" if value is None else type(value).__name__


def _list_index(node: list[Any], part: str) -> int | None:
    for i, item in enumerate(node):
        if isinstance(item, dict) and item.get("id") == part:
            return i
    if part.isdigit() and int(part) < len(node):
        return int(part)
    return None


def json_schema() -> dict[str, Any]:
    """JSON Schema of the scenario format, for editors and external checks."""
    schema = Scenario.model_json_schema()
    _close_pattern_properties(schema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "negsim scenario (format version 1)"
    return schema


def _close_pattern_properties(node: Any) -> None:
    """Names that do not match a mapping's name pattern are invalid, as :func:`load` says."""
    if isinstance(node, dict):
        if "patternProperties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        for child in node.values():
            _close_pattern_properties(child)
    elif isinstance(node, list):
        for child in node:
            _close_pattern_properties(child)
