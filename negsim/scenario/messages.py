"""Validation errors in one line: the file, the YAML line, the field and the problem.

pydantic reports every error with a location inside the validated model; this
module picks the error most likely to explain the others, finds its place in
the data (dropping the labels pydantic gives union branches), and words it for
someone editing the file.
"""

from __future__ import annotations

import math
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from negsim.common.suggest import did_you_mean
from negsim.errors import NegsimError, ScenarioError
from negsim.scenario.format import (
    CategoricalIssue,
    ContinuousIssue,
    FixedNoDeal,
    IssueValue,
    LotteryBranch,
    Party,
    Proposal,
    RedLine,
    Scenario,
    SubsetIssue,
    WarLottery,
    WarNoDeal,
)
from negsim.scenario.games import BRANCH_LABELS as _GAME_BRANCH_LABELS
from negsim.scenario.games import FIELD_NAMES as _GAME_FIELD_NAMES
from negsim.scenario.games import GAME_KINDS
from negsim.scenario.paths import data_path
from negsim.scenario.uncertainty import Uncertain
from negsim.scenario.yaml_source import Path as FieldPath
from negsim.scenario.yaml_source import YamlDocument

__all__ = [
    "MAX_ERRORS",
    "error_at",
    "first_error",
    "placed",
]


MAX_ERRORS = 20
"""Problems reported from one validation pass of one file; the rest are counted."""


def first_error(exc: ValidationError, data: Any, document: YamlDocument) -> ScenarioError:
    """The error most likely to explain the others, carrying the rest in ``more``.

    Errors are ranked (an unknown field first, as it usually explains a
    missing one beside it), a field reported missing next to an unknown one is
    left out (the typo explains it), and each field is reported once, in the
    order of the file's lines; at most :data:`MAX_ERRORS` are kept.
    """
    details = exc.errors(include_url=False)
    details.sort(key=lambda e: _error_rank(e, data))
    typo_parents = {
        _data_path(e["loc"], data)[:-1] for e in details if e["type"] == "extra_forbidden"
    }
    found: list[ScenarioError] = []
    seen: set[tuple[int | None, str | None]] = set()
    for error in details:
        path = _data_path(error["loc"], data)
        if error["type"] == "missing" and path[:-1] in typo_parents:
            continue
        if error["type"] == "union_tag_invalid" and path[:1] == ("issues",):
            path = (*path, "kind")
        one = error_at(document, path, _describe(error, path, data))
        if (one.line, one.field) not in seen:
            seen.add((one.line, one.field))
            found.append(one)
    first, rest = found[0], found[1:]
    rest.sort(key=lambda e: e.line if e.line is not None else 0)
    if len(found) > MAX_ERRORS:
        dropped = len(found) - (MAX_ERRORS - 1)
        rest = rest[: MAX_ERRORS - 2]
        rest.append(ScenarioError(f"{dropped} more problem(s) not listed", file=first.file))
    first.more = tuple(rest)
    return first


def error_at(document: YamlDocument, path: FieldPath, message: str) -> ScenarioError:
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


def placed(
    error: NegsimError, document: YamlDocument, *, field: str | None = None
) -> ScenarioError:
    """``error``, found after loading (when compiling), placed on its field's line in the file.

    Parameters
    ----------
    field
        The dotted field to blame when the error names none (a
        :class:`ScenarioError` names its own).

    Examples
    --------
    >>> from negsim.errors import ScenarioError, SpaceTooLargeError
    >>> from negsim.scenario.messages import placed
    >>> from negsim.scenario.yaml_source import read_yaml
    >>> doc = read_yaml("negsim: 1\\nissues:\\n  land: {kind: boolean}\\n", "talks.yaml")
    >>> print(placed(SpaceTooLargeError("too many outcomes"), doc, field="issues"))
    talks.yaml:2: issues: too many outcomes
    """
    own = error.field if isinstance(error, ScenarioError) else None
    message = error.message if isinstance(error, ScenarioError) else str(error)
    dotted_field = own or field
    if dotted_field is None:
        return ScenarioError(message, file=document.source)
    return error_at(document, data_path(document.data, dotted_field), message)


def _error_rank(error: ErrorDetails, data: Any) -> tuple[int, int]:
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


def _describe(error: ErrorDetails, path: FieldPath, data: Any) -> str:
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
        return f"unknown field {last!r}" + did_you_mean(str(last), allowed)
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
    if kind == "too_long" and ctx.get("actual_length") is None:
        count = f"{len(value):,}" if isinstance(value, dict | list | tuple) else "more"
        return f"has {count} entries; at most {ctx['max_length']} allowed"
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
    "model_type": "expected a mapping (name: value entries), got {value}",
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
