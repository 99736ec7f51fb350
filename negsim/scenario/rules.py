"""The red-line rule language: parse, type-check, evaluate on arrays.

A rule is a small boolean formula over the issues of a scenario::

    regions_ceded == {}
    guarantee >= article5_like implies donetsk in regions_ceded
    not (recognition == de_jure) and troop_cap <= 0.5 * 800
    count(regions_ceded) <= 2

Grammar (lowest precedence first)::

    rule     := implies
    implies  := or_ ("implies" implies)?          # right-associative
    or_      := and_ ("or" and_)*
    and_     := not_ ("and" not_)*
    not_     := "not" not_ | compare
    compare  := sum (op sum)?      op: == != < <= > >= in, not in
    sum      := product (("+" | "-") product)*
    product  := unary (("*" | "/") unary)*
    unary    := "-" unary | atom
    atom     := NUMBER | NAME | "true" | "false" | "(" rule ")"
              | "{" [NAME ("," NAME)*] "}" | "count" "(" NAME ")"

Parsing is a hand-written recursive descent over a token list (no ``eval``).
:func:`check` resolves names against the issues and returns a typed tree
whose nodes evaluate on whole columns of outcomes at once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, Protocol, TypeAlias, assert_never

import numpy as np

from negsim.common.suggest import did_you_mean

__all__ = [
    "Arith",
    "ArithOp",
    "BoolIssue",
    "BoolOp",
    "Boolean",
    "Compare",
    "CompareOp",
    "Const",
    "Count",
    "IssueInfo",
    "ItemIn",
    "Junction",
    "JunctionOp",
    "KEYWORDS",
    "Linear",
    "LinearCompare",
    "Name",
    "Negate",
    "Negation",
    "Not",
    "Number",
    "OptionCompare",
    "OptionIn",
    "RuleError",
    "RuleNode",
    "SetLiteral",
    "SubsetCompare",
    "SyntaxNode",
    "check",
    "compile_rule",
    "evaluate",
    "names_in",
    "parse",
]

MAX_RULE_LENGTH = 2000
MAX_RULE_DEPTH = 50


class RuleError(ValueError):
    """A rule that cannot be parsed or does not fit the issues; carries the column.

    Examples
    --------
    >>> from negsim.scenario.rules import RuleError, parse
    >>> try:
    ...     parse("guarantee and")
    ... except RuleError as error:
    ...     print(error.column, error)
    14 expected a value but found the end of the rule (at column 14)
    """

    def __init__(self, message: str, column: int | None = None) -> None:
        self.column = column
        where = f" (at column {column})" if column is not None else ""
        super().__init__(message + where)


class IssueInfo(Protocol):
    """What the rule checker needs to know of an issue."""

    @property
    def kind(self) -> str: ...

    @property
    def levels(self) -> tuple[str, ...]: ...


# ---------------------------------------------------------------- tokens

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op>==|!=|<=|>=|<|>|\+|-|\*|/|\(|\)|\{|\}|,))",
    re.ASCII,  # digits are 0-9 only: '١٢' is not 12
)
_KEYWORDS = {"and", "or", "not", "implies", "in", "true", "false", "count"}
KEYWORDS = frozenset(_KEYWORDS)
"""Words of the rule language, which cannot name an issue, an option or an item."""


@dataclass(frozen=True)
class _Token:
    kind: str  # "num", "name", "op", "kw", "end"
    text: str
    column: int


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            bad = text[pos:].lstrip()[:1]
            column = len(text) - len(text[pos:].lstrip()) + 1
            hint = " ('=' compares only as '==')" if bad == "=" else ""
            raise RuleError(f"unexpected character {bad!r}{hint}", column)
        kind = match.lastgroup or "op"
        value = match.group(kind)
        column = match.start(kind) + 1
        if kind == "name" and value in _KEYWORDS:
            kind = "kw"
        tokens.append(_Token(kind, value, column))
        pos = match.end()
    tokens.append(_Token("end", "", len(text) + 1))
    return tokens


# ---------------------------------------------------------------- syntax tree

CompareOp: TypeAlias = Literal["==", "!=", "<", "<=", ">", ">="]
ArithOp: TypeAlias = Literal["+", "-", "*", "/"]
JunctionOp: TypeAlias = Literal["and", "or", "implies"]

# token text -> the same text as a typed operator
_COMPARE_OPS: dict[str, CompareOp | Literal["in"]] = {
    "==": "==",
    "!=": "!=",
    "<": "<",
    "<=": "<=",
    ">": ">",
    ">=": ">=",
    "in": "in",
}
_ARITH_OPS: dict[str, ArithOp] = {"+": "+", "-": "-", "*": "*", "/": "/"}


@dataclass(frozen=True)
class Name:
    """An identifier: an issue, an option or an item, resolved by :func:`check`."""

    id: str
    column: int


@dataclass(frozen=True)
class Number:
    value: float
    column: int


@dataclass(frozen=True)
class Boolean:
    value: bool
    column: int


@dataclass(frozen=True)
class SetLiteral:
    items: tuple[Name, ...]
    column: int


@dataclass(frozen=True)
class Count:
    issue: Name
    column: int


@dataclass(frozen=True)
class Arith:
    op: ArithOp
    left: SyntaxNode
    right: SyntaxNode
    column: int


@dataclass(frozen=True)
class Negate:
    operand: SyntaxNode
    column: int


@dataclass(frozen=True)
class Compare:
    op: CompareOp | Literal["in", "notin"]
    left: SyntaxNode
    right: SyntaxNode
    column: int


@dataclass(frozen=True)
class Not:
    operand: SyntaxNode
    column: int


@dataclass(frozen=True)
class BoolOp:
    op: JunctionOp
    operands: tuple[SyntaxNode, ...]
    column: int


SyntaxNode: TypeAlias = (
    Name | Number | Boolean | SetLiteral | Count | Arith | Negate | Compare | Not | BoolOp
)
"""A node of the parsed, not yet type-checked rule; names are still unresolved."""


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokenize(text)
        self.i = 0
        self.depth = 0

    @property
    def tok(self) -> _Token:
        return self.tokens[self.i]

    def take(self) -> _Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def at(self, *texts: str) -> bool:
        return self.tok.kind in ("op", "kw") and self.tok.text in texts

    def expect(self, text: str) -> _Token:
        if not self.at(text):
            raise RuleError(
                f"expected {text!r} but found {self._describe(self.tok)}", self.tok.column
            )
        return self.take()

    @staticmethod
    def _describe(tok: _Token) -> str:
        return "the end of the rule" if tok.kind == "end" else repr(tok.text)

    def parse(self) -> SyntaxNode:
        if self.tok.kind == "end":
            raise RuleError("the rule is empty", 1)
        node = self.implies()
        if self.tok.kind != "end":
            raise RuleError(f"unexpected {self._describe(self.tok)}", self.tok.column)
        return node

    def nested(self) -> None:
        self.depth += 1
        if self.depth > MAX_RULE_DEPTH:
            raise RuleError(f"the rule nests deeper than {MAX_RULE_DEPTH} levels", self.tok.column)

    def implies(self) -> SyntaxNode:
        self.nested()
        left: SyntaxNode = self.or_()
        if self.at("implies"):
            column = self.take().column
            left = BoolOp("implies", (left, self.implies()), column)
        self.depth -= 1
        return left

    def or_(self) -> SyntaxNode:
        items: list[SyntaxNode] = [self.and_()]
        column = self.tok.column
        while self.at("or"):
            self.take()
            items.append(self.and_())
        return items[0] if len(items) == 1 else BoolOp("or", tuple(items), column)

    def and_(self) -> SyntaxNode:
        items: list[SyntaxNode] = [self.not_()]
        column = self.tok.column
        while self.at("and"):
            self.take()
            items.append(self.not_())
        return items[0] if len(items) == 1 else BoolOp("and", tuple(items), column)

    def not_(self) -> SyntaxNode:
        if self.at("not"):
            column = self.take().column
            self.nested()
            operand = self.not_()
            self.depth -= 1
            return Not(operand, column)
        return self.compare()

    def compare(self) -> SyntaxNode:
        left = self.sum()
        if self.at("==", "!=", "<", "<=", ">", ">=", "in"):
            tok = self.take()
            return Compare(_COMPARE_OPS[tok.text], left, self.sum(), tok.column)
        if self.at("not") and self.tokens[self.i + 1].text == "in":
            column = self.take().column
            self.take()
            return Compare("notin", left, self.sum(), column)
        return left

    def sum(self) -> SyntaxNode:
        left: SyntaxNode = self.product()
        while self.at("+", "-"):
            tok = self.take()
            left = Arith(_ARITH_OPS[tok.text], left, self.product(), tok.column)
        return left

    def product(self) -> SyntaxNode:
        left: SyntaxNode = self.unary()
        while self.at("*", "/"):
            tok = self.take()
            left = Arith(_ARITH_OPS[tok.text], left, self.unary(), tok.column)
        return left

    def unary(self) -> SyntaxNode:
        if self.at("-"):
            column = self.take().column
            self.nested()
            operand = self.unary()
            self.depth -= 1
            return Negate(operand, column)
        return self.atom()

    def atom(self) -> SyntaxNode:
        tok = self.tok
        if tok.kind == "num":
            self.take()
            value = float(tok.text)
            if not math.isfinite(value):
                shown = tok.text if len(tok.text) <= 24 else tok.text[:20] + "..."
                raise RuleError(f"the number {shown} is too large", tok.column)
            return Number(value, tok.column)
        if tok.kind == "name":
            self.take()
            return Name(tok.text, tok.column)
        if self.at("true", "false"):
            self.take()
            return Boolean(tok.text == "true", tok.column)
        if self.at("count"):
            self.take()
            self.expect("(")
            name = self.take()
            if name.kind != "name":
                raise RuleError("count(...) takes the name of a subset issue", name.column)
            self.expect(")")
            return Count(Name(name.text, name.column), tok.column)
        if self.at("("):
            self.take()
            inner = self.implies()
            self.expect(")")
            return inner
        if self.at("{"):
            self.take()
            items: list[Name] = []
            while not self.at("}"):
                item = self.take()
                if item.kind != "name":
                    raise RuleError(
                        f"a set holds names of options or items, not {self._describe(item)}",
                        item.column,
                    )
                items.append(Name(item.text, item.column))
                if not self.at("}"):
                    self.expect(",")
            self.take()
            return SetLiteral(tuple(items), tok.column)
        raise RuleError(f"expected a value but found {self._describe(tok)}", tok.column)


def parse(text: str) -> SyntaxNode:
    """Parse rule text into an untyped syntax tree.

    Raises
    ------
    RuleError
        With the column of the first problem.

    Examples
    --------
    ``and`` binds tighter than ``or``:

    >>> from negsim.scenario.rules import parse
    >>> parse("a or b and c")  # doctest: +NORMALIZE_WHITESPACE
    BoolOp(op='or', operands=(Name(id='a', column=1),
      BoolOp(op='and', operands=(Name(id='b', column=6), Name(id='c', column=12)), column=8)),
      column=3)
    >>> parse("0 < water < 50")
    Traceback (most recent call last):
    ...
    negsim.scenario.rules.RuleError: unexpected '<' (at column 11)
    """
    if not isinstance(text, str):
        raise RuleError("a rule must be text")
    if len(text) > MAX_RULE_LENGTH:
        raise RuleError(f"the rule is longer than {MAX_RULE_LENGTH} characters")
    return _Parser(text).parse()


# ---------------------------------------------------------------- typed tree
#
# Columns: boolean issues hold 0/1, categorical and ordinal issues the option
# index, subset issues a bit mask (item i is bit i), continuous issues floats.


@dataclass(frozen=True)
class Const:
    value: bool

    def evaluate(self, columns: Mapping[str, np.ndarray], n: int) -> np.ndarray:
        return evaluate(self, columns, n)


@dataclass(frozen=True)
class BoolIssue:
    issue: str

    def evaluate(self, columns: Mapping[str, np.ndarray], n: int) -> np.ndarray:
        return evaluate(self, columns, n)


_CMP: dict[CompareOp, np.ufunc] = {
    "==": np.equal,
    "!=": np.not_equal,
    "<": np.less,
    "<=": np.less_equal,
    ">": np.greater,
    ">=": np.greater_equal,
}


@dataclass(frozen=True)
class OptionCompare:
    """``issue op option`` on a boolean, categorical or ordinal issue (by option index)."""

    issue: str
    op: CompareOp
    index: int

    def evaluate(self, columns: Mapping[str, np.ndarray], n: int) -> np.ndarray:
        return evaluate(self, columns, n)


@dataclass(frozen=True)
class OptionIn:
    """``issue in {options}`` (or ``not in``)."""

    issue: str
    indices: frozenset[int]
    negate: bool

    def evaluate(self, columns: Mapping[str, np.ndarray], n: int) -> np.ndarray:
        return evaluate(self, columns, n)


@dataclass(frozen=True)
class ItemIn:
    """``item in subset_issue`` (or ``not in``)."""

    issue: str
    bit: int
    negate: bool

    def evaluate(self, columns: Mapping[str, np.ndarray], n: int) -> np.ndarray:
        return evaluate(self, columns, n)


@dataclass(frozen=True)
class SubsetCompare:
    """Set comparison of a subset issue with a set of its items (``>=`` is superset).

    Examples
    --------
    A superset of {north, south}: both bits of the mask 0b011 set:

    >>> from negsim.scenario.examples import issues_only
    >>> s = issues_only()
    >>> import numpy as np
    >>> from negsim.scenario.rules import compile_rule
    >>> rule = compile_rule("districts >= {north, south}", s.issues)
    >>> rule
    SubsetCompare(issue='districts', op='>=', mask=3)
    >>> rule.evaluate({"districts": np.array([0b011, 0b111, 0b101])}, 3).tolist()
    [True, True, False]
    """

    issue: str
    op: CompareOp
    mask: int

    def evaluate(self, columns: Mapping[str, np.ndarray], n: int) -> np.ndarray:
        return evaluate(self, columns, n)


@dataclass(frozen=True)
class Linear:
    """A linear expression ``const + sum(coef * term)`` over continuous issues and counts.

    Terms are issue names; a term ``count:<issue>`` is the number of items of a subset issue.
    It is a number, not a condition: it appears in a rule only inside :class:`LinearCompare`.

    Examples
    --------
    water + 10 * count(districts) <= 60 moves everything to the left:

    >>> from negsim.scenario.examples import issues_only
    >>> s = issues_only()
    >>> import numpy as np
    >>> from negsim.scenario.rules import compile_rule
    >>> rule = compile_rule("water + 10 * count(districts) <= 60", s.issues)
    >>> rule.expr
    Linear(terms=(('water', 1.0), ('count:districts', 10.0)), const=-60.0)
    >>> columns = {"water": np.array([20.0, 50.0]), "districts": np.array([0b011, 0b001])}
    >>> rule.expr.evaluate(columns, 2).tolist()
    [-20.0, 0.0]
    """

    terms: tuple[tuple[str, float], ...]
    const: float

    def evaluate(self, columns: Mapping[str, np.ndarray], n: int) -> np.ndarray:
        return _linear_values(self, columns, n)


@dataclass(frozen=True)
class LinearCompare:
    """``expr op 0`` for a linear expression (a row of a mixed-integer program)."""

    expr: Linear
    op: CompareOp

    def evaluate(self, columns: Mapping[str, np.ndarray], n: int) -> np.ndarray:
        return evaluate(self, columns, n)


@dataclass(frozen=True)
class Negation:
    operand: RuleNode

    def evaluate(self, columns: Mapping[str, np.ndarray], n: int) -> np.ndarray:
        return evaluate(self, columns, n)


@dataclass(frozen=True)
class Junction:
    """``and`` / ``or`` / ``implies`` of typed operands (``implies`` has exactly two).

    Examples
    --------
    >>> from negsim.scenario.examples import issues_only
    >>> s = issues_only()
    >>> from negsim.scenario.rules import compile_rule
    >>> compile_rule("north in districts or guarantee", s.issues)  # doctest: +NORMALIZE_WHITESPACE
    Junction(op='or', operands=(ItemIn(issue='districts', bit=0, negate=False),
      BoolIssue(issue='guarantee')))
    """

    op: JunctionOp
    operands: tuple[RuleNode, ...]

    def evaluate(self, columns: Mapping[str, np.ndarray], n: int) -> np.ndarray:
        return evaluate(self, columns, n)


RuleNode: TypeAlias = (
    Const
    | BoolIssue
    | OptionCompare
    | OptionIn
    | ItemIn
    | SubsetCompare
    | LinearCompare
    | Negation
    | Junction
)
"""A node of a type-checked rule: a condition that holds or fails on each outcome."""


def evaluate(node: RuleNode, columns: Mapping[str, np.ndarray], n: int) -> np.ndarray:
    """Where the rule ``node`` holds, over ``n`` outcomes given as one column per issue.

    Returns
    -------
    numpy.ndarray
        Boolean, shape ``(n,)``.
    """
    match node:
        case Const(value):
            return np.full(n, value, dtype=bool)
        case BoolIssue(issue):
            return np.asarray(columns[issue]).astype(bool)
        case OptionCompare(issue, op, index):
            return _CMP[op](columns[issue], index)
        case OptionIn(issue, indices, negate):
            hit = np.isin(columns[issue], sorted(indices))
            return ~hit if negate else hit
        case ItemIn(issue, bit, negate):
            hit = (np.asarray(columns[issue]) >> bit) & 1 == 1
            return ~hit if negate else hit
        case SubsetCompare(issue, op, mask):
            return _subset_compare(np.asarray(columns[issue]), op, mask)
        case LinearCompare(expr, op):
            return _CMP[op](_linear_values(expr, columns, n), 0.0)
        case Negation(operand):
            return ~evaluate(operand, columns, n)
        case Junction(op, operands):
            return _combine(op, [evaluate(o, columns, n) for o in operands])
        case _:
            assert_never(node)


def _combine(op: JunctionOp, values: list[np.ndarray]) -> np.ndarray:
    match op:
        case "and":
            return np.logical_and.reduce(values)
        case "or":
            return np.logical_or.reduce(values)
        case "implies":
            return ~values[0] | values[1]
        case _:
            assert_never(op)


def _subset_compare(col: np.ndarray, op: CompareOp, m: int) -> np.ndarray:
    match op:
        case "==":
            return col == m
        case "!=":
            return col != m
        case ">=":
            return col & m == m
        case "<=":
            return col & ~m == 0
        case ">":
            return (col & m == m) & (col != m)
        case "<":
            return (col & ~m == 0) & (col != m)
        case _:
            assert_never(op)


def _linear_values(expr: Linear, columns: Mapping[str, np.ndarray], n: int) -> np.ndarray:
    """The value of ``expr`` on each of ``n`` outcomes, as floats."""
    total = np.full(n, expr.const, dtype=float)
    for term, coef in expr.terms:
        if term.startswith("count:"):
            values = _popcount(np.asarray(columns[term[6:]]))
        else:
            values = np.asarray(columns[term], dtype=float)
        total = total + coef * values
    return total


def _popcount(col: np.ndarray) -> np.ndarray:
    col = col.astype(np.uint64)
    return np.bitwise_count(col).astype(float)


# ---------------------------------------------------------------- checking


class _Checker:
    def __init__(self, issues: Mapping[str, IssueInfo]) -> None:
        self.issues = issues

    # --- helpers
    def issue_of(self, node: SyntaxNode) -> str | None:
        if isinstance(node, Name) and node.id in self.issues:
            return node.id
        return None

    def unknown(self, name: Name, expected: str, candidates: list[str]) -> RuleError:
        return RuleError(
            f"unknown {expected} {name.id!r}{did_you_mean(name.id, candidates)}", name.column
        )

    def level(self, issue: str, name: SyntaxNode, what: str = "option") -> int:
        info = self.issues[issue]
        if isinstance(name, Boolean) and info.kind == "boolean":
            return int(name.value)
        if not isinstance(name, Name):
            raise RuleError(
                f"{issue!r} is {_article(info.kind)} {info.kind} issue; compare it with "
                f"{'true or false' if info.kind == 'boolean' else 'one of its ' + what + 's'}",
                name.column,
            )
        levels = list(info.levels)
        if name.id in levels:
            return levels.index(name.id)
        owner = [k for k, v in self.issues.items() if name.id in v.levels and k != issue]
        hint = f" ({name.id!r} belongs to {owner[0]!r})" if owner else ""
        raise RuleError(
            f"{name.id!r} is not {_article(what)} {what} of {issue!r}{hint}"
            f"{did_you_mean(name.id, levels)}",
            name.column,
        )

    # --- boolean formulas
    def formula(self, node: SyntaxNode) -> RuleNode:
        match node:
            case Boolean(value):
                return Const(value)
            case Not(operand):
                return Negation(self.formula(operand))
            case BoolOp(op, operands):
                return Junction(op, tuple(self.formula(o) for o in operands))
            case Compare():
                return self.compare(node)
            case Name():
                return self.bool_issue(node)
            case Number() | SetLiteral() | Count() | Arith() | Negate():
                raise RuleError("expected a true/false condition here", node.column)
            case _:
                assert_never(node)

    def bool_issue(self, node: Name) -> BoolIssue:
        """A bare name as a condition: only a boolean issue is one."""
        issue = self.issue_of(node)
        if issue is None:
            raise self.unknown(node, "issue", list(self.issues))
        kind = self.issues[issue].kind
        if kind != "boolean":
            info = self.issues[issue]
            example = {
                "subset": f"count({issue}) > 0",
                "continuous": f"{issue} > 0",
            }.get(kind, f"{issue} == {info.levels[0] if info.levels else 'x'}")
            raise RuleError(
                f"{issue!r} is {_article(kind)} {kind} issue, not true/false; "
                f"compare it with something, e.g. {example}",
                node.column,
            )
        return BoolIssue(issue)

    def compare(self, node: Compare) -> RuleNode:
        op, left, right = node.op, node.left, node.right
        if op == "in" or op == "notin":
            return self.membership(node)
        lissue, rissue = self.issue_of(left), self.issue_of(right)
        if lissue is None and rissue is not None and not _is_numeric_kind(self.issues[rissue].kind):
            left, right, op = right, left, _FLIP[op]
            lissue, rissue = rissue, None
        if lissue is not None:
            kind = self.issues[lissue].kind
            if kind in ("boolean", "categorical", "ordinal"):
                if kind != "ordinal" and op not in ("==", "!="):
                    raise RuleError(
                        f"{lissue!r} is {_article(kind)} {kind} issue and has no order; "
                        "use == or != (or declare it ordinal)",
                        node.column,
                    )
                if isinstance(right, SetLiteral):
                    raise RuleError(
                        f"use 'in' to test {lissue!r} against a set of options", node.column
                    )
                return OptionCompare(lissue, op, self.level(lissue, right))
            if kind == "subset":
                if not isinstance(right, SetLiteral):
                    raise RuleError(
                        f"{lissue!r} is a subset issue; compare it with a set like "
                        f"{{a, b}} or use count({lissue})",
                        right.column,
                    )
                mask = 0
                for item in right.items:
                    mask |= 1 << self.level(lissue, item, "item")
                return SubsetCompare(lissue, op, mask)
        expr = self.linear(Arith("-", left, right, node.column))
        if not expr.terms:
            raise RuleError("the comparison involves no issue", node.column)
        return LinearCompare(expr, op)

    def membership(self, node: Compare) -> ItemIn | OptionIn:
        negate = node.op == "notin"
        container = node.right
        cissue = self.issue_of(container)
        if cissue is not None:
            if self.issues[cissue].kind != "subset":
                raise RuleError(
                    f"'in' needs a subset issue or a set on its right; {cissue!r} is "
                    f"{_article(self.issues[cissue].kind)} {self.issues[cissue].kind} issue",
                    node.column,
                )
            return ItemIn(cissue, self.level(cissue, node.left, "item"), negate)
        if isinstance(container, SetLiteral):
            lissue = self.issue_of(node.left)
            if lissue is None:
                if isinstance(node.left, Name):
                    raise self.unknown(node.left, "issue", list(self.issues))
                raise RuleError("the left of 'in' must be an issue or an item", node.column)
            kind = self.issues[lissue].kind
            if kind not in ("categorical", "ordinal", "boolean"):
                raise RuleError(
                    f"{lissue!r} is {_article(kind)} {kind} issue; 'in {{...}}' takes an issue "
                    "with options",
                    node.column,
                )
            indices = frozenset(self.level(lissue, item) for item in container.items)
            return OptionIn(lissue, indices, negate)
        if isinstance(container, Name):
            raise self.unknown(container, "issue", list(self.issues))
        raise RuleError("the right of 'in' must be a subset issue or a set", node.column)

    # --- numbers
    def linear(self, node: SyntaxNode) -> Linear:
        match node:
            case Number(value):
                return Linear((), value)
            case Name():
                return self.issue_term(node)
            case Count():
                return self.count_term(node)
            case Negate(operand):
                return _scale(self.linear(operand), -1.0)
            case Arith():
                return self.arith(node)
            case SetLiteral():
                raise RuleError("a set can only be compared with a subset issue", node.column)
            case Boolean() | Compare() | Not() | BoolOp():
                raise RuleError("expected a number or a continuous issue here", node.column)
            case _:
                assert_never(node)

    def issue_term(self, node: Name) -> Linear:
        """A name as a number: only a continuous issue is one."""
        issue = self.issue_of(node)
        if issue is None:
            for owner, info in self.issues.items():
                if node.id in info.levels and info.kind != "boolean":
                    what = "an item" if info.kind == "subset" else "an option"
                    raise RuleError(
                        f"{node.id!r} is {what} of {owner!r}, not a number", node.column
                    )
            raise self.unknown(node, "issue", list(self.issues))
        kind = self.issues[issue].kind
        if kind != "continuous":
            raise RuleError(
                f"{issue!r} is {_article(kind)} {kind} issue, not a number; "
                + {
                    "subset": "use count(...)",
                    "boolean": "compare it with true or false",
                }.get(kind, "compare it with an option"),
                node.column,
            )
        return Linear(((issue, 1.0),), 0.0)

    def count_term(self, node: Count) -> Linear:
        """``count(issue)``: the number of items of a subset issue in a deal."""
        issue = self.issue_of(node.issue)
        if issue is None:
            raise self.unknown(node.issue, "issue", list(self.issues))
        if self.issues[issue].kind != "subset":
            raise RuleError(f"count(...) takes a subset issue; {issue!r} is not one", node.column)
        return Linear(((f"count:{issue}", 1.0),), 0.0)

    def arith(self, node: Arith) -> Linear:
        """``left op right``, refused where it would not stay linear or finite."""
        result = self._arith(node)
        if not (math.isfinite(result.const) and all(math.isfinite(c) for _, c in result.terms)):
            raise RuleError(
                f"the arithmetic at '{node.op}' overflows (a value beyond ±1.8e308 or "
                "undefined); write the rule with smaller numbers",
                node.column,
            )
        return result

    def _arith(self, node: Arith) -> Linear:
        left, right = self.linear(node.left), self.linear(node.right)
        if node.op in ("+", "-"):
            sign = 1.0 if node.op == "+" else -1.0
            return _add(left, _scale(right, sign))
        if node.op == "*":
            if not left.terms:
                return _scale(right, left.const)
            if not right.terms:
                return _scale(left, right.const)
            raise RuleError("rules are linear: multiply issues only by numbers", node.column)
        if right.terms:
            raise RuleError("rules are linear: divide only by a number", node.column)
        if right.const == 0:
            raise RuleError("division by zero", node.column)
        return _scale(left, 1.0 / right.const)


_FLIP: dict[CompareOp, CompareOp] = {
    "==": "==",
    "!=": "!=",
    "<": ">",
    "<=": ">=",
    ">": "<",
    ">=": "<=",
}


def _is_numeric_kind(kind: str) -> bool:
    return kind == "continuous"


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _scale(expr: Linear, factor: float) -> Linear:
    return Linear(tuple((t, c * factor) for t, c in expr.terms), expr.const * factor)


def _add(a: Linear, b: Linear) -> Linear:
    coefs: dict[str, float] = dict(a.terms)
    for term, coef in b.terms:
        coefs[term] = coefs.get(term, 0.0) + coef
    return Linear(tuple((t, c) for t, c in coefs.items() if c != 0.0), a.const + b.const)


def check(tree: SyntaxNode, issues: Mapping[str, IssueInfo]) -> RuleNode:
    """Type-check a parsed rule against the issues; return an evaluable tree.

    Raises
    ------
    RuleError
        For unknown names (with the closest valid name), options of another
        issue, or comparisons between values of different kinds.

    Examples
    --------
    >>> from negsim.scenario.examples import issues_only
    >>> s = issues_only()
    >>> from negsim.scenario.rules import RuleError, check, parse
    >>> check(parse("water >= 50"), s.issues)
    LinearCompare(expr=Linear(terms=(('water', 1.0),), const=-50.0), op='>=')
    >>> try:
    ...     check(parse("nort not in districts"), s.issues)
    ... except RuleError as error:
    ...     print(error)
    'nort' is not an item of 'districts'; did you mean 'north'? (at column 1)
    """
    return _Checker(issues).formula(tree)


def compile_rule(text: str, issues: Mapping[str, IssueInfo]) -> RuleNode:
    """Parse and type-check ``text``; evaluate the result with :func:`evaluate`.

    Examples
    --------
    Of the 8 x 2 x 5 outcomes, the north is kept in 4 subsets of 8 and the
    water is at least 50 at 3 of 5 grid points: 4 x 2 x 3 = 24 meet the rule.

    >>> import negsim
    >>> from negsim.scenario.examples import issues_only
    >>> s = issues_only()
    >>> from negsim.scenario.rules import compile_rule
    >>> rule = compile_rule("north not in districts and water >= 50", s.issues)
    >>> space = negsim.compile_scenario(s).space
    >>> int(rule.evaluate(space.columns, space.size).sum())
    24

    Columns hold bit masks for subsets (north is bit 0), 0/1 for booleans and
    values for continuous issues:

    >>> import numpy as np
    >>> columns = {"districts": np.array([0, 1, 6]), "water": np.array([50.0, 50.0, 20.0])}
    >>> rule.evaluate(columns, 3).tolist()
    [True, False, False]
    """
    return check(parse(text), issues)


def names_in(tree: RuleNode) -> set[str]:
    """Issues a typed rule reads.

    Examples
    --------
    >>> from negsim.scenario.examples import issues_only
    >>> s = issues_only()
    >>> from negsim.scenario.rules import compile_rule, names_in
    >>> sorted(names_in(compile_rule("count(districts) >= 1 implies guarantee", s.issues)))
    ['districts', 'guarantee']
    """
    found: set[str] = set()
    stack: list[RuleNode] = [tree]
    while stack:
        node = stack.pop()
        match node:
            case Const():
                pass
            case (
                BoolIssue(issue)
                | OptionCompare(issue)
                | OptionIn(issue)
                | ItemIn(issue)
                | SubsetCompare(issue)
            ):
                found.add(issue)
            case LinearCompare(expr):
                found.update(t.removeprefix("count:") for t, _ in expr.terms)
            case Negation(operand):
                stack.append(operand)
            case Junction(operands=operands):
                stack.extend(operands)
            case _:
                assert_never(node)
    return found
