"""Hypothesis strategies that build whole, valid negsim scenarios.

Reusable by any property test of the analysis::

    from tests.strategies import scenarios

    @given(scenarios(max_outcomes=200, continuous=False))
    def test_something(scenario): ...

Generated outcome spaces are small (at most ``max_outcomes`` outcomes, 256 by
default), so a test may compile and enumerate every scenario it is given.
Issue names never coincide with option or item names, so generated rules are
never ambiguous; option names may repeat across issues.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Mapping
from typing import Any

from hypothesis import strategies as st
from pydantic import TypeAdapter

from negsim.scenario.format import Issue, Scenario
from negsim.scenario.loading import from_data
from negsim.scenario.rules import _KEYWORDS

KINDS = ("boolean", "categorical", "ordinal", "subset", "continuous")

_ISSUE = TypeAdapter(Issue)

_LOWER = "abcdefghijklmnopqrstuvwxyz"

identifiers = st.builds(
    operator.add, st.sampled_from(_LOWER), st.text(_LOWER + "0123456789_", max_size=7)
).filter(lambda s: s not in _KEYWORDS)
"""Names valid for issues, options, items, parties and proposals (never a rule keyword)."""

red_line_ids = st.builds(
    operator.add,
    st.sampled_from(_LOWER + "0123456789"),
    st.text(_LOWER + "0123456789_-", max_size=10),
)

texts = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ["", "yes", "no", "null", "~", "1e5", "0o17", "0x1F", ".inf", "- a", "a: b", "#x", "'q'"]
    ),
)
"""Free text, including strings that YAML would read as something else if unquoted."""

finite = st.floats(-10, 10, allow_nan=False, allow_infinity=False)


def _kind(issue: Any) -> str:
    return issue["kind"] if isinstance(issue, Mapping) else issue.kind


def _levels(issue: Any) -> tuple[str, ...]:
    if _kind(issue) == "boolean":
        return ("false", "true")
    if _kind(issue) == "continuous":
        return ()
    key = "items" if _kind(issue) == "subset" else "options"
    return tuple(issue[key] if isinstance(issue, Mapping) else getattr(issue, key))


def _range(issue: Any) -> tuple[float, float]:
    return tuple(issue["range"] if isinstance(issue, Mapping) else issue.range)  # type: ignore[return-value]


def _size(spec: Mapping[str, Any]) -> int:
    kind = spec["kind"]
    if kind == "boolean":
        return 2
    if kind == "subset":
        return 1 << len(spec["items"])
    if kind == "continuous":
        return spec["grid"]
    return len(spec["options"])


# ---------------------------------------------------------------- issues


@st.composite
def issue_specs(
    draw: st.DrawFn,
    *,
    max_outcomes: int = 256,
    continuous: bool = True,
    max_issues: int = 4,
) -> dict[str, dict[str, Any]]:
    """Issues as plain data, every kind possible, whose product stays within ``max_outcomes``."""
    if max_outcomes < 2:
        raise ValueError("max_outcomes must be at least 2")
    kinds = KINDS if continuous else KINDS[:-1]
    count = draw(st.integers(1, max_issues))
    pool = draw(st.lists(identifiers, min_size=count * 5 + 4, max_size=count * 5 + 4, unique=True))
    issue_names, level_names = pool[:count], pool[count:]
    specs: dict[str, dict[str, Any]] = {}
    size = 1
    for name in issue_names:
        kind = draw(st.sampled_from(kinds))
        spec: dict[str, Any] = {"kind": kind}
        if kind in ("categorical", "ordinal"):
            spec["options"] = draw(
                st.lists(st.sampled_from(level_names), min_size=2, max_size=4, unique=True)
            )
        elif kind == "subset":
            spec["items"] = draw(
                st.lists(st.sampled_from(level_names), min_size=1, max_size=3, unique=True)
            )
        elif kind == "continuous":
            low = draw(st.integers(-100, 100) | st.floats(-100, 100))
            width = draw(st.sampled_from([1, 2.5, 10, 100]) | st.floats(0.5, 1000))
            spec["range"] = [low, low + width]
            spec["unit"] = draw(texts)
            spec["grid"] = draw(st.integers(2, 5))
        if draw(st.booleans()):
            spec["says"] = draw(texts)
        if size * _size(spec) > max_outcomes:
            if size * 2 > max_outcomes:
                break
            spec = {"kind": "boolean"}
        size *= _size(spec)
        specs[name] = spec
    return specs


def outcomes(issues: Mapping[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Valid outcomes (scenario-file values) of the given issues (data or ``Issue`` objects)."""
    parts: dict[str, st.SearchStrategy[Any]] = {}
    for name, issue in issues.items():
        kind = _kind(issue)
        levels = _levels(issue)
        if kind == "boolean":
            parts[name] = st.booleans()
        elif kind in ("categorical", "ordinal"):
            parts[name] = st.sampled_from(levels)
        elif kind == "subset":
            parts[name] = st.sets(st.sampled_from(levels)).map(
                lambda chosen, levels=levels: [x for x in levels if x in chosen]
            )
        else:
            low, high = _range(issue)
            parts[name] = st.floats(low, high) | st.sampled_from([low, high])
    return st.fixed_dictionaries(parts)


# ---------------------------------------------------------------- rules


def _number(value: float) -> str:
    """Rule text of a number (negative numbers are written with unary minus)."""
    text = repr(float(value)) if not float(value).is_integer() else str(int(value))
    return text


def _atoms(issues: Mapping[str, Any]) -> st.SearchStrategy[str]:
    """One comparison on one issue (or a linear comparison of several continuous ones)."""
    choices: list[st.SearchStrategy[str]] = []
    continuous = [n for n, i in issues.items() if _kind(i) == "continuous"]
    subsets = [n for n, i in issues.items() if _kind(i) == "subset"]
    for name, issue in issues.items():
        kind = _kind(issue)
        levels = st.sampled_from(_levels(issue))
        some = st.lists(levels, unique=True, max_size=len(_levels(issue)))
        if kind == "boolean":
            choices.append(
                st.sampled_from(
                    [name, f"{name} == true", f"{name} != false", f"not {name}", f"true == {name}"]
                )
            )
        elif kind in ("categorical", "ordinal"):
            ops = ["==", "!="] + (["<", "<=", ">", ">="] if kind == "ordinal" else [])
            choices.append(
                st.builds(lambda o, v, n=name: f"{n} {o} {v}", st.sampled_from(ops), levels)
            )
            choices.append(st.builds(lambda v, n=name: f"{v} == {n}", levels))
            choices.append(
                st.builds(
                    lambda o, vs, n=name: f"{n} {o} {{{', '.join(vs)}}}",
                    st.sampled_from(["in", "not in"]),
                    some,
                )
            )
        elif kind == "subset":
            choices.append(
                st.builds(
                    lambda o, v, n=name: f"{v} {o} {n}", st.sampled_from(["in", "not in"]), levels
                )
            )
            choices.append(
                st.builds(
                    lambda o, vs, n=name: f"{n} {o} {{{', '.join(vs)}}}",
                    st.sampled_from(["==", "!=", "<", "<=", ">", ">="]),
                    some,
                )
            )
            choices.append(
                st.builds(
                    lambda o, k, n=name: f"count({n}) {o} {k}",
                    st.sampled_from(["==", "!=", "<", "<=", ">", ">="]),
                    st.integers(0, len(_levels(issue))),
                )
            )
    if continuous:
        choices.append(_linear(issues, continuous, subsets))
    return st.one_of(choices)


@st.composite
def _linear(
    draw: st.DrawFn, issues: Mapping[str, Any], continuous: list[str], subsets: list[str]
) -> str:
    chosen = draw(st.lists(st.sampled_from(continuous), min_size=1, max_size=2, unique=True))
    terms = []
    for name in chosen:
        coef = draw(st.sampled_from([1, 2, 0.5, 3]))
        form = draw(st.sampled_from(["{c} * {n}", "{n} * {c}", "{n} / {c}", "{n}", "-{n}"]))
        terms.append(form.format(c=_number(coef), n=name))
    if subsets and draw(st.booleans()):
        terms.append(f"count({draw(st.sampled_from(subsets))})")
    low, high = _range(issues[chosen[0]])
    bound = draw(st.floats(low, high))
    text = terms[0]
    for term in terms[1:]:
        text += f" {draw(st.sampled_from(['+', '-']))} {term}"
    op = draw(st.sampled_from(["==", "!=", "<", "<=", ">", ">="]))
    constant = _number(abs(bound))
    right = f"-{constant}" if bound < 0 else constant
    return f"{text} {op} {right}"


_JOINS = st.sampled_from(["and", "or", "implies", "not", "paren"])


def rules(
    issues: Mapping[str, Any], *, max_leaves: int = 5, max_depth: int = 4
) -> st.SearchStrategy[str]:
    """Rule texts that type-check against ``issues`` (data or ``Issue`` objects).

    Every operator of the language appears: comparisons and membership per
    issue kind, ``count(...)``, linear arithmetic on continuous issues, and
    ``and``/``or``/``not``/``implies`` with optional parentheses. A rule has
    at most ``max_leaves`` comparisons, nested at most ``max_depth`` levels.
    """
    atoms = _atoms(issues)

    @st.composite
    def formula(draw: st.DrawFn) -> str:
        def build(leaves: int, depth: int) -> str:
            if depth == 0 or not draw(st.booleans()):
                return draw(atoms)
            join = draw(_JOINS)
            if join == "paren":
                return f"({build(leaves, depth - 1)})"
            if join == "not":
                return f"not ({build(leaves, depth - 1)})"
            if leaves < 2:
                return draw(atoms)
            split = draw(st.integers(1, leaves - 1))
            left, right = build(split, depth - 1), build(leaves - split, depth - 1)
            if draw(st.booleans()):
                left = f"({left})"
            return f"{left} {join} {right}"

        return build(max_leaves, max_depth)

    return formula()


# ---------------------------------------------------------------- parties, scenarios


@st.composite
def _value_function(draw: st.DrawFn, issue: Mapping[str, Any], weight: float) -> dict[str, Any]:
    if issue["kind"] == "continuous":
        low, high = issue["range"]
        inner = draw(
            st.lists(
                st.floats(low, high, exclude_min=True, exclude_max=True), max_size=2, unique=True
            )
        )
        xs = [low, *sorted(x for x in inner if low < x < high), high]
        if draw(st.booleans()):
            xs = [low - 1, *xs[1:]]
        points = [[x, draw(finite)] for x in xs]
        return {"weight": weight, "points": points}
    return {"weight": weight, "values": {level: draw(finite) for level in _levels(issue)}}


@st.composite
def _no_deal(draw: st.DrawFn, issues: Mapping[str, Any]) -> Any:
    if draw(st.booleans()):
        return draw(finite)
    shares = draw(st.lists(st.integers(1, 4), min_size=1, max_size=3))
    total = sum(shares)
    branches = []
    for share in shares:
        branch: dict[str, Any] = {"p": share / total}
        if draw(st.booleans()):
            branch["utility"] = draw(finite)
        else:
            branch["outcome"] = draw(outcomes(issues))
        branches.append(branch)
    drift = math.fsum(b["p"] for b in branches) - 1.0
    branches[0]["p"] -= drift
    return {"war": {"cost": draw(st.floats(0, 2)), "lottery": branches}}


@st.composite
def _party(
    draw: st.DrawFn,
    issues: Mapping[str, Any],
    red_lines: st.SearchStrategy[str] | None,
    max_red_lines: int,
) -> dict[str, Any]:
    names = list(issues)
    used = draw(st.lists(st.sampled_from(names), min_size=1, max_size=len(names), unique=True))
    utility = {}
    for i, name in enumerate(used):
        weight = draw(st.floats(0.01, 1) if i == 0 else st.floats(0, 1))
        utility[name] = draw(_value_function(issues[name], weight))
    party: dict[str, Any] = {"utility": utility, "no_deal": draw(_no_deal(issues))}
    if draw(st.booleans()):
        party["name"] = draw(texts)
    if red_lines is not None:
        ids = draw(st.lists(red_line_ids, max_size=max_red_lines, unique=True))
        party["red_lines"] = [
            {
                "id": rid,
                "rule": draw(red_lines),
                "says": draw(texts.filter(bool)),
                "source": draw(st.sampled_from(["ua26-zelensky-not-an-inch", "test"]) | texts)
                or "test",
            }
            for rid in ids
        ]
    return party


@st.composite
def scenario_data(
    draw: st.DrawFn,
    *,
    max_outcomes: int = 256,
    continuous: bool = True,
    max_parties: int = 3,
    red_lines: bool = True,
    max_red_lines: int = 3,
    proposals: bool = True,
) -> dict[str, Any]:
    """A valid scenario as plain data (what :func:`negsim.from_data` accepts)."""
    issues = draw(issue_specs(max_outcomes=max_outcomes, continuous=continuous))
    party_names = draw(st.lists(identifiers, min_size=1, max_size=max_parties, unique=True))
    rule_texts = rules(issues) if red_lines else None
    data: dict[str, Any] = {
        "negsim": 1,
        "name": draw(texts.filter(bool)),
        "issues": issues,
        "parties": {p: draw(_party(issues, rule_texts, max_red_lines)) for p in party_names},
    }
    if draw(st.booleans()):
        data["description"] = draw(texts)
    if draw(st.booleans()):
        data["sources"] = draw(st.lists(texts, max_size=2))
    if proposals:
        names = draw(st.lists(identifiers, max_size=3, unique=True))
        data["proposals"] = {}
        for name in names:
            proposal: dict[str, Any] = {"outcome": draw(outcomes(issues))}
            if draw(st.booleans()):
                proposal["says"] = draw(texts)
            data["proposals"][name] = proposal
    return data


def scenarios(
    *,
    max_outcomes: int = 256,
    continuous: bool = True,
    max_parties: int = 3,
    red_lines: bool = True,
    max_red_lines: int = 3,
    proposals: bool = True,
) -> st.SearchStrategy[Scenario]:
    """Whole validated :class:`~negsim.Scenario` objects.

    Parameters
    ----------
    max_outcomes
        Upper bound on the size of the enumerated outcome space (at least 2).
    continuous
        Whether continuous issues (and linear rules on them) may appear.
    max_parties, max_red_lines
        Upper bounds on parties and on red lines per party.
    red_lines, proposals
        Whether to generate red lines and proposals at all.
    """
    return scenario_data(
        max_outcomes=max_outcomes,
        continuous=continuous,
        max_parties=max_parties,
        red_lines=red_lines,
        max_red_lines=max_red_lines,
        proposals=proposals,
    ).map(from_data)


def issues_of(data: Mapping[str, Any]) -> dict[str, Any]:
    """``Issue`` objects from issue data, for :func:`rules` and :func:`outcomes`."""
    return {name: _ISSUE.validate_python(spec) for name, spec in data.items()}
