"""The red-line rule language: every operator on every issue kind, against a reference.

Rules are evaluated on the columns of an enumerated :class:`OutcomeSpace` and
compared, outcome by outcome, with plain Python run on the decoded outcome
dicts: hand-written expressions for the table of operators, and a small tree
interpreter for generated rules.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negsim.model.space import OutcomeSpace
from negsim.scenario import rules as R
from negsim.scenario.rules import RuleError, compile_rule, names_in, parse
from tests.strategies import issue_specs, issues_of
from tests.strategies import rules as rule_texts

LEVELS = ["low", "mid", "high"]

ISSUES = issues_of(
    {
        "flag": {"kind": "boolean"},
        "color": {"kind": "categorical", "options": ["red", "green", "blue"]},
        "level": {"kind": "ordinal", "options": LEVELS},
        "regions": {"kind": "subset", "items": ["north", "south", "east"]},
        "x": {"kind": "continuous", "range": [0, 10], "unit": "km", "grid": 6},
        "y": {"kind": "continuous", "range": [-5, 5], "unit": "km", "grid": 3},
    }
)
SPACE = OutcomeSpace.from_issues(ISSUES)
OUTCOMES = [SPACE.decode(i) for i in range(SPACE.size)]


def rank(option: str) -> int:
    return LEVELS.index(option)


Outcome = dict[str, Any]

# (rule, the same condition in plain Python on a decoded outcome)
CASES: list[tuple[str, Callable[[Outcome], bool]]] = [
    # boolean
    ("flag", lambda o: o["flag"]),
    ("flag == true", lambda o: o["flag"]),
    ("flag == false", lambda o: not o["flag"]),
    ("flag != true", lambda o: not o["flag"]),
    ("flag != false", lambda o: o["flag"]),
    ("true == flag", lambda o: o["flag"]),
    ("not flag", lambda o: not o["flag"]),
    # categorical
    ("color == red", lambda o: o["color"] == "red"),
    ("color != red", lambda o: o["color"] != "red"),
    ("green == color", lambda o: o["color"] == "green"),
    ("color in {red, blue}", lambda o: o["color"] in {"red", "blue"}),
    ("color not in {red, blue}", lambda o: o["color"] not in {"red", "blue"}),
    ("color in {}", lambda o: False),
    ("color not in {}", lambda o: True),
    # ordinal, with its order
    ("level == mid", lambda o: o["level"] == "mid"),
    ("level != mid", lambda o: o["level"] != "mid"),
    ("level < mid", lambda o: rank(o["level"]) < 1),
    ("level <= mid", lambda o: rank(o["level"]) <= 1),
    ("level > mid", lambda o: rank(o["level"]) > 1),
    ("level >= mid", lambda o: rank(o["level"]) >= 1),
    ("level >= low", lambda o: True),
    ("mid < level", lambda o: rank(o["level"]) > 1),
    ("high >= level", lambda o: True),
    ("low >= level", lambda o: o["level"] == "low"),
    ("level in {low, high}", lambda o: o["level"] in {"low", "high"}),
    ("level not in {low}", lambda o: o["level"] != "low"),
    # subset
    ("north in regions", lambda o: "north" in o["regions"]),
    ("north not in regions", lambda o: "north" not in o["regions"]),
    ("regions == {}", lambda o: o["regions"] == []),
    ("regions == {north, east}", lambda o: set(o["regions"]) == {"north", "east"}),
    ("regions == {east, north}", lambda o: set(o["regions"]) == {"north", "east"}),
    ("regions != {north}", lambda o: set(o["regions"]) != {"north"}),
    ("regions <= {north, south}", lambda o: set(o["regions"]) <= {"north", "south"}),
    ("regions < {north, south}", lambda o: set(o["regions"]) < {"north", "south"}),
    ("regions >= {north, south}", lambda o: set(o["regions"]) >= {"north", "south"}),
    ("regions > {north}", lambda o: set(o["regions"]) > {"north"}),
    ("regions >= {}", lambda o: True),
    ("regions > {}", lambda o: o["regions"] != []),
    ("{north} <= regions", lambda o: "north" in o["regions"]),
    ("{north, south} > regions", lambda o: set(o["regions"]) < {"north", "south"}),
    ("count(regions) == 2", lambda o: len(o["regions"]) == 2),
    ("count(regions) != 0", lambda o: len(o["regions"]) != 0),
    ("count(regions) < 2", lambda o: len(o["regions"]) < 2),
    ("count(regions) <= 1", lambda o: len(o["regions"]) <= 1),
    ("count(regions) > 1", lambda o: len(o["regions"]) > 1),
    ("count(regions) >= 3", lambda o: len(o["regions"]) >= 3),
    ("2 <= count(regions)", lambda o: len(o["regions"]) >= 2),
    # continuous: linear arithmetic and every comparison
    ("x == 4", lambda o: o["x"] == 4),
    ("x != 4", lambda o: o["x"] != 4),
    ("x < 4", lambda o: o["x"] < 4),
    ("x <= 4", lambda o: o["x"] <= 4),
    ("x > 4", lambda o: o["x"] > 4),
    ("x >= 4", lambda o: o["x"] >= 4),
    ("3 <= x", lambda o: o["x"] >= 3),
    ("x + y <= 5", lambda o: o["x"] + o["y"] <= 5),
    ("x - y > 2", lambda o: o["x"] - o["y"] > 2),
    ("2 * x >= 7", lambda o: 2 * o["x"] >= 7),
    ("x * 2 >= 7", lambda o: o["x"] * 2 >= 7),
    ("x / 4 < 1", lambda o: o["x"] / 4 < 1),
    ("x / 4 / 2 <= 0.5", lambda o: o["x"] / 4 / 2 <= 0.5),
    ("x - y - 1 > 0", lambda o: o["x"] - o["y"] - 1 > 0),
    ("2 + 3 * x > 20", lambda o: 2 + 3 * o["x"] > 20),
    ("(2 + 3) * x > 20", lambda o: 5 * o["x"] > 20),
    ("-x + 10 == y", lambda o: -o["x"] + 10 == o["y"]),
    ("-(x - 4) < 0", lambda o: -(o["x"] - 4) < 0),
    ("- -x >= 6", lambda o: o["x"] >= 6),
    ("x >= y", lambda o: o["x"] >= o["y"]),
    ("(x + y) * 2 > 10", lambda o: (o["x"] + o["y"]) * 2 > 10),
    ("x * 0.5 + count(regions) <= 3", lambda o: o["x"] * 0.5 + len(o["regions"]) <= 3),
    ("x - x + y >= 0", lambda o: o["y"] >= 0),
    ("1.5e1 - x > 6", lambda o: 15 - o["x"] > 6),
    # and / or / not / implies, precedence and parentheses
    ("true", lambda o: True),
    ("false", lambda o: False),
    ("flag and color == red", lambda o: o["flag"] and o["color"] == "red"),
    ("flag or color == red", lambda o: o["flag"] or o["color"] == "red"),
    ("flag implies color == red", lambda o: not o["flag"] or o["color"] == "red"),
    ("flag implies false", lambda o: not o["flag"]),
    ("not flag and level == low", lambda o: (not o["flag"]) and o["level"] == "low"),
    ("not (flag and level == low)", lambda o: not (o["flag"] and o["level"] == "low")),
    ("not not flag", lambda o: o["flag"]),
    ("not x >= 4", lambda o: not o["x"] >= 4),
    (
        "flag or level == low and color == red",
        lambda o: o["flag"] or (o["level"] == "low" and o["color"] == "red"),
    ),
    (
        "(flag or level == low) and color == red",
        lambda o: (o["flag"] or o["level"] == "low") and o["color"] == "red",
    ),
    (
        "flag and level == low or color == red",
        lambda o: (o["flag"] and o["level"] == "low") or o["color"] == "red",
    ),
    (
        "flag implies level == low implies color == red",
        lambda o: not o["flag"] or (o["level"] != "low" or o["color"] == "red"),
    ),
    (
        "(flag implies level == low) implies color == red",
        lambda o: not (not o["flag"] or o["level"] == "low") or o["color"] == "red",
    ),
    (
        "flag or level == low implies color == red",
        lambda o: not (o["flag"] or o["level"] == "low") or o["color"] == "red",
    ),
    (
        "flag and not color == red or x > 5",
        lambda o: (o["flag"] and o["color"] != "red") or o["x"] > 5,
    ),
    (
        "north in regions and not south in regions",
        lambda o: "north" in o["regions"] and "south" not in o["regions"],
    ),
    (
        "level >= mid implies north in regions or count(regions) >= 2",
        lambda o: rank(o["level"]) < 1 or "north" in o["regions"] or len(o["regions"]) >= 2,
    ),
    (
        "flag and color == red and level == high and x > 2",
        lambda o: o["flag"] and o["color"] == "red" and o["level"] == "high" and o["x"] > 2,
    ),
    (
        "flag or color == red or level == high",
        lambda o: o["flag"] or o["color"] == "red" or o["level"] == "high",
    ),
    ("((((flag))))", lambda o: o["flag"]),
]

CONSTANT = {
    "true",
    "false",
    "color in {}",
    "color not in {}",
    "level >= low",
    "high >= level",
    "regions >= {}",
}


def reference_mask(condition: Callable[[Outcome], bool]) -> np.ndarray:
    return np.array([bool(condition(o)) for o in OUTCOMES])


@pytest.mark.parametrize(("rule", "condition"), CASES, ids=[c[0] for c in CASES])
def test_operator_on_enumerated_space_matches_reference(
    rule: str, condition: Callable[[Outcome], bool]
) -> None:
    mask = compile_rule(rule, ISSUES).evaluate(SPACE.columns, SPACE.size)
    expected = reference_mask(condition)
    assert mask.dtype == bool
    assert mask.shape == (SPACE.size,)
    np.testing.assert_array_equal(mask, expected)
    if rule not in CONSTANT:
        assert expected.any() and not expected.all(), "case does not discriminate"


def test_cases_cover_every_operator() -> None:
    texts = " ".join(rule for rule, _ in CASES)
    for op in ["==", "!=", "<=", ">=", " < ", " > ", " in ", "not in", "count(", "+", " - "]:
        assert op in texts
    for op in ["*", "/", "and", "or", "not", "implies", "(", "{"]:
        assert op in texts


OFF_GRID = [
    {"flag": True, "color": "blue", "level": "mid", "regions": ["south"], "x": 3.3, "y": 1.25},
    {"flag": False, "color": "red", "level": "high", "regions": [], "x": 9.99, "y": -4.5},
    {
        "flag": True,
        "color": "green",
        "level": "low",
        "regions": ["north", "east"],
        "x": 0.1,
        "y": 0,
    },
]


@pytest.mark.parametrize(("rule", "condition"), CASES, ids=[c[0] for c in CASES])
def test_operator_on_outcomes_off_the_grid(rule: str, condition: Callable[[Outcome], bool]) -> None:
    columns = SPACE.encode_columns(OFF_GRID)
    mask = compile_rule(rule, ISSUES).evaluate(columns, len(OFF_GRID))
    np.testing.assert_array_equal(mask, [bool(condition(o)) for o in OFF_GRID])


# ---------------------------------------------------------------- generated rules

_PY_OPS = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


class Reference:
    """Interpret an untyped rule tree on one decoded outcome, in plain Python.

    ``tie`` is set when a numeric comparison is within rounding of its
    boundary, where float evaluation order may legitimately decide either way.
    """

    def __init__(self, issues: Mapping[str, Any], outcome: Outcome) -> None:
        self.issues = issues
        self.o = outcome
        self.tie = False

    def kind(self, node: Any) -> str | None:
        if isinstance(node, R.Name) and node.id in self.issues:
            return self.issues[node.id].kind
        return None

    def truth(self, node: Any) -> bool:
        if isinstance(node, R.Boolean):
            return node.value
        if isinstance(node, R.Name):
            return bool(self.o[node.id])
        if isinstance(node, R.Not):
            return not self.truth(node.operand)
        if isinstance(node, R.BoolOp):
            values = [self.truth(x) for x in node.operands]
            if node.op == "and":
                return all(values)
            if node.op == "or":
                return any(values)
            return (not values[0]) or values[1]
        assert isinstance(node, R.Compare)
        return self.compare(node)

    def compare(self, node: R.Compare) -> bool:
        left, right = node.left, node.right
        if node.op in ("in", "notin"):
            if isinstance(right, R.SetLiteral):
                container = {n.id for n in right.items}
            else:
                container = set(self.o[right.id])
            item = self.o[left.id] if self.kind(left) else left.id
            return (item in container) == (node.op == "in")
        issue = next((x for x in (left, right) if self.kind(x) not in (None, "continuous")), None)
        if issue is not None:
            kind = self.kind(issue)

            def value(x: Any) -> Any:
                if x is issue:
                    v = self.o[issue.id]
                elif isinstance(x, R.Boolean):
                    v = x.value
                elif isinstance(x, R.SetLiteral):
                    v = {n.id for n in x.items}
                else:
                    v = x.id
                if kind == "ordinal":
                    return self.issues[issue.id].options.index(v)
                return frozenset(v) if kind == "subset" else v

            return _PY_OPS[node.op](value(left), value(right))
        a, b = self.number(left), self.number(right)
        if abs(a - b) <= 1e-9 * (1 + abs(a) + abs(b)) and a != b:
            self.tie = True
        return _PY_OPS[node.op](a, b)

    def number(self, node: Any) -> float:
        if isinstance(node, R.Number):
            return node.value
        if isinstance(node, R.Name):
            return float(self.o[node.id])
        if isinstance(node, R.Count):
            return float(len(self.o[node.issue.id]))
        if isinstance(node, R.Negate):
            return -self.number(node.operand)
        assert isinstance(node, R.Arith)
        a, b = self.number(node.left), self.number(node.right)
        return {"+": a + b, "-": a - b, "*": a * b}.get(node.op) if node.op != "/" else a / b


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_generated_rules_match_reference_interpreter(data: st.DataObject) -> None:
    issues = issues_of(data.draw(issue_specs(max_outcomes=300)))
    rule = data.draw(rule_texts(issues), label="rule")
    space = OutcomeSpace.from_issues(issues)
    mask = compile_rule(rule, issues).evaluate(space.columns, space.size)
    tree = parse(rule)
    for i in range(space.size):
        reference = Reference(issues, space.decode(i))
        expected = reference.truth(tree)
        if not reference.tie:
            assert mask[i] == expected, (rule, space.decode(i))


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_names_in_lists_the_issues_a_rule_reads(data: st.DataObject) -> None:
    issues = issues_of(data.draw(issue_specs(max_outcomes=300)))
    rule = data.draw(rule_texts(issues), label="rule")
    mentioned = {tok.text for tok in R._tokenize(rule) if tok.kind == "name" and tok.text in issues}
    assert names_in(compile_rule(rule, issues)) == mentioned


# ---------------------------------------------------------------- errors

ERRORS = [
    # unknown names, with the closest valid one
    ("colr == red", "unknown issue 'colr'; did you mean 'color'? (at column 1)"),
    ("regionz == {}", "unknown issue 'regionz'; did you mean 'regions'? (at column 1)"),
    ("north in regionz", "unknown issue 'regionz'; did you mean 'regions'? (at column 10)"),
    ("count(regins) > 1", "unknown issue 'regins'; did you mean 'regions'? (at column 7)"),
    ("zzz", "unknown issue 'zzz' (at column 1)"),
    ("color == reed", "'reed' is not an option of 'color'; did you mean 'red'? (at column 10)"),
    ("nort in regions", "'nort' is not an item of 'regions'; did you mean 'north'? (at column 1)"),
    (
        "regions == {north, esat}",
        "'esat' is not an item of 'regions'; did you mean 'east'? (at column 20)",
    ),
    # an option of another issue
    ("color == mid", "'mid' is not an option of 'color' ('mid' belongs to 'level') (at column 10)"),
    (
        "level in {low, blue}",
        "'blue' is not an option of 'level' ('blue' belongs to 'color') (at column 16)",
    ),
    (
        "red in regions",
        "'red' is not an item of 'regions' ('red' belongs to 'color') (at column 1)",
    ),
    # kinds that do not fit the operator
    (
        "regions == 2",
        "'regions' is a subset issue; compare it with a set like {a, b} or use count(regions) "
        "(at column 12)",
    ),
    (
        "regions >= north",
        "'regions' is a subset issue; compare it with a set like {a, b} or use count(regions) "
        "(at column 12)",
    ),
    (
        "color < blue",
        "'color' is a categorical issue and has no order; use == or != (or declare it ordinal) "
        "(at column 7)",
    ),
    (
        "flag >= true",
        "'flag' is a boolean issue and has no order; use == or != (or declare it ordinal) "
        "(at column 6)",
    ),
    (
        "color == 2",
        "'color' is a categorical issue; compare it with one of its options (at column 10)",
    ),
    (
        "flag == north",
        "'north' is not an option of 'flag' ('north' belongs to 'regions') (at column 9)",
    ),
    ("flag == 1", "'flag' is a boolean issue; compare it with true or false (at column 9)"),
    (
        "flag + 1 > 1",
        "'flag' is a boolean issue, not a number; compare it with true or false (at column 1)",
    ),
    (
        "regions",
        "'regions' is a subset issue, not true/false; compare it with something, e.g. "
        "count(regions) > 0 (at column 1)",
    ),
    ("color == {red}", "use 'in' to test 'color' against a set of options (at column 7)"),
    (
        "color",
        "'color' is a categorical issue, not true/false; compare it with something, e.g. "
        "color == red (at column 1)",
    ),
    (
        "x",
        "'x' is a continuous issue, not true/false; compare it with something, e.g. x > 0 "
        "(at column 1)",
    ),
    ("regions + 1 > 2", "'regions' is a subset issue, not a number; use count(...) (at column 1)"),
    (
        "color + 1 > 2",
        "'color' is a categorical issue, not a number; compare it with an option (at column 1)",
    ),
    ("x == red", "'red' is an option of 'color', not a number (at column 6)"),
    ("x > north", "'north' is an item of 'regions', not a number (at column 5)"),
    ("count(color) > 1", "count(...) takes a subset issue; 'color' is not one (at column 1)"),
    (
        "north in color",
        "'in' needs a subset issue or a set on its right; 'color' is a categorical issue "
        "(at column 7)",
    ),
    ("x in {a}", "'x' is a continuous issue; 'in {...}' takes an issue with options (at column 3)"),
    (
        "regions in {north}",
        "'regions' is a subset issue; 'in {...}' takes an issue with options (at column 9)",
    ),
    ("x * y <= 3", "rules are linear: multiply issues only by numbers (at column 3)"),
    ("3 / x <= 3", "rules are linear: divide only by a number (at column 3)"),
    ("x / 0 < 1", "division by zero (at column 3)"),
    ("1 < 2", "the comparison involves no issue (at column 3)"),
    ("{north} == {south}", "a set can only be compared with a subset issue (at column 1)"),
    ("x == 1 + {north}", "a set can only be compared with a subset issue (at column 10)"),
    ("2", "expected a true/false condition here (at column 1)"),
    ("x + 1", "expected a true/false condition here (at column 3)"),
    # syntax
    ("", "the rule is empty (at column 1)"),
    ("   ", "the rule is empty (at column 1)"),
    ("color = red", "unexpected character '=' ('=' compares only as '==') (at column 7)"),
    ("x @ 3", "unexpected character '@' (at column 3)"),
    ("flag and", "expected a value but found the end of the rule (at column 9)"),
    ("(flag", "expected ')' but found the end of the rule (at column 6)"),
    ("flag)", "unexpected ')' (at column 5)"),
    ("flag flag", "unexpected 'flag' (at column 6)"),
    ("north not regions", "unexpected 'not' (at column 7)"),
    ("count(3) > 1", "count(...) takes the name of a subset issue (at column 7)"),
    ("count regions > 1", "expected '(' but found 'regions' (at column 7)"),
    ("regions == {north, 3}", "a set holds names of options or items, not '3' (at column 20)"),
    ("regions == {north south}", "expected ',' but found 'south' (at column 19)"),
    ("not " * 60 + "flag", "the rule nests deeper than 50 levels (at column 201)"),
    ("x" * 2001, "the rule is longer than 2000 characters"),
]


@pytest.mark.parametrize(("rule", "message"), ERRORS, ids=[e[0][:40] for e in ERRORS])
def test_error_messages(rule: str, message: str) -> None:
    with pytest.raises(RuleError) as info:
        compile_rule(rule, ISSUES)
    assert str(info.value) == message


def test_rule_error_carries_the_column() -> None:
    with pytest.raises(RuleError) as info:
        compile_rule("flag and colr == red", ISSUES)
    assert info.value.column == 10


def test_a_rule_must_be_text() -> None:
    with pytest.raises(RuleError, match="a rule must be text"):
        parse(3)  # type: ignore[arg-type]


def test_deep_parentheses_are_refused_not_a_recursion_error() -> None:
    with pytest.raises(RuleError, match="nests deeper than 50 levels"):
        compile_rule("(" * 500 + "flag" + ")" * 500, ISSUES)


def test_long_chains_within_limits_are_fine() -> None:
    rule = " and ".join(["flag"] * 200)
    mask = compile_rule(rule, ISSUES).evaluate(SPACE.columns, SPACE.size)
    np.testing.assert_array_equal(mask, reference_mask(lambda o: o["flag"]))


@pytest.mark.parametrize(
    ("rule", "says"),
    [
        ("water >= \u0661\u0662", "unexpected character"),
        ("water <= 1e999", "the number 1e999 is too large"),
        ("water <= " + "9" * 400, "is too large"),
        ("water * 1e308 * 1e308 - water * 1e308 * 1e308 >= 0", "overflows"),
        ("water / 1e-320 >= 1", "overflows"),
    ],
    ids=["arabic-indic-digits", "1e999", "400-digits", "inf-minus-inf", "divide-by-subnormal"],
)
def test_rules_with_foreign_digits_or_non_finite_numbers_are_refused(rule, says):
    from negsim.scenario.examples import issues_only

    with pytest.raises(RuleError, match=says):
        compile_rule(rule, issues_only().issues)
