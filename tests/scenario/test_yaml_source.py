"""Safe YAML reading: plain data only, YAML 1.2 core scalars, lines of every field."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negsim.errors import ScenarioError
from negsim.scenario.yaml_source import MAX_BYTES, MAX_DEPTH, dump_yaml, read_yaml


def value(text: str) -> object:
    return read_yaml(f"v: {text}\n", "t.yaml").data["v"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # YAML 1.1 booleans stay text under the 1.2 core schema
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("Yes", "Yes"),
        ("true", True),
        ("True", True),
        ("FALSE", False),
        # nulls
        ("null", None),
        ("~", None),
        ("", None),
        # integers: decimal, 0o octal, 0x hex; a leading zero is still decimal
        ("17", 17),
        ("-3", -3),
        ("+1", 1),
        ("017", 17),
        ("0o17", 15),
        ("0x1F", 31),
        # not numbers in 1.2
        ("1_000", "1_000"),
        ("0b101", "0b101"),
        ("1:30", "1:30"),
        # floats
        ("1e5", 100000.0),
        (".5", 0.5),
        ("1.", 1.0),
        ("-2.5E-3", -0.0025),
        (".inf", math.inf),
        ("-.Inf", -math.inf),
        # dates stay text
        ("2026-01-29", "2026-01-29"),
        ("2026-01-29T10:00:00Z", "2026-01-29T10:00:00Z"),
        # explicit core tags are plain data
        ("!!str 3", "3"),
        ("!!int '3'", 3),
        ("!!float 1", 1.0),
    ],
)
def test_yaml_12_core_scalars(text: str, expected: object) -> None:
    got = value(text)
    assert got == expected
    assert type(got) is type(expected)


def test_nan_is_read_as_nan() -> None:
    got = value(".nan")
    assert isinstance(got, float) and math.isnan(got)


def test_a_quoted_merge_key_is_just_text() -> None:
    assert read_yaml("'<<': 1\n", "t.yaml").data == {"<<": 1}


def test_keys_are_always_text() -> None:
    data = read_yaml("1: a\ntrue: b\nnull: c\n1.5: d\n", "t.yaml").data
    assert data == {"1": "a", "true": "b", "null": "c", "1.5": "d"}


@pytest.mark.parametrize(
    ("text", "line", "field", "message"),
    [
        (
            "a: 1\nb: !!python/object:os.system x\n",
            2,
            "b",
            "YAML tag 'tag:yaml.org,2002:python/object:os.system' is not allowed in a "
            "scenario file",
        ),
        (
            "a:\n  - !!python/name:builtins.eval ''\n",
            2,
            "a.0",
            "YAML tag 'tag:yaml.org,2002:python/name:builtins.eval' is not allowed in a "
            "scenario file",
        ),
        (
            "a: !<tag:yaml.org,2002:python/tuple> [1]\n",
            1,
            "a",
            "YAML tag 'tag:yaml.org,2002:python/tuple' is not allowed in a scenario file",
        ),
        (
            "a: !!set {x}\n",
            1,
            "a",
            "YAML tag 'tag:yaml.org,2002:set' is not allowed in a scenario file",
        ),
        (
            "a: !!timestamp 2001-01-01\n",
            1,
            "a",
            "YAML tag 'tag:yaml.org,2002:timestamp' is not allowed in a scenario file",
        ),
        ("a: !mine x\n", 1, "a", "YAML tag '!mine' is not allowed in a scenario file"),
        ("a: 1\na: 2\n", 2, "a", "duplicate key 'a'"),
        ("a:\n  b: 1\n  c: 2\n  b: 3\n", 4, "a.b", "duplicate key 'b'"),
        ("base: &b {x: 1}\nother:\n  <<: *b\n", 3, "other", "merge keys (<<) are not supported"),
        ("? [a, b]\n: 1\n", 1, None, "mapping keys must be plain names"),
        ("a: !!int abc\n", 1, "a", "'abc' is not a valid int"),
        ("a:\n  b: !!float x\n", 2, "a.b", "'x' is not a valid float"),
        ("a: !!bool maybe\n", 1, "a", "'maybe' is not a valid bool"),
    ],
)
def test_refused_constructs(text: str, line: int, field: str | None, message: str) -> None:
    with pytest.raises(ScenarioError) as info:
        read_yaml(text, "t.yaml")
    error = info.value
    assert (error.file, error.line, error.field, error.message) == ("t.yaml", line, field, message)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("", 1, "the file is empty"),
        ("# only a comment\n", 1, "the file is empty"),
        (
            "a: [1, 2\nb: 3\n",
            2,
            "invalid YAML: expected ',' or ']', but got ':', in the [...] "
            "list that starts on line 1",
        ),
        (
            "a: 'open\n",
            2,
            "invalid YAML: found unexpected end of stream, in the quoted text "
            "that starts on line 1",
        ),
        (
            "a: 1\n---\nb: 2\n",
            2,
            "invalid YAML: a scenario file holds one YAML document; remove the second '---'",
        ),
        ("a: *nowhere\n", 1, "invalid YAML: found undefined alias 'nowhere'"),
        ("a: 1\nb: x\x07y\n", 2, "invalid YAML: character U+0007 is not allowed in YAML text"),
    ],
)
def test_syntax_errors_name_the_line(text: str, line: int, message: str) -> None:
    with pytest.raises(ScenarioError) as info:
        read_yaml(text, "t.yaml")
    assert (info.value.line, info.value.message) == (line, message)
    assert "\n" not in str(info.value)


def test_aliases_are_copied_as_plain_data() -> None:
    data = read_yaml("a: &x {p: 1}\nb: *x\n", "t.yaml").data
    assert data == {"a": {"p": 1}, "b": {"p": 1}}
    assert data["a"] is not data["b"]


def test_alias_expansion_is_bounded() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 7):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]")
    with pytest.raises(ScenarioError, match=r"more than 200,000 values \(alias expansion\?\)"):
        read_yaml("\n".join(lines) + "\n", "t.yaml")


def test_recursive_alias_is_refused() -> None:
    with pytest.raises(ScenarioError, match="nesting is too deep"):
        read_yaml("a: &x [1, *x]\n", "t.yaml")


@pytest.mark.parametrize("depth", [MAX_DEPTH, MAX_DEPTH + 1, 3 * MAX_DEPTH + 5, 2_000])
def test_nesting_limit(depth: int) -> None:
    text = "a: " + "[" * depth + "]" * depth + "\n"
    if depth <= MAX_DEPTH:
        assert read_yaml(text, "t.yaml").data["a"] is not None
        return
    with pytest.raises(ScenarioError) as info:
        read_yaml(text, "t.yaml")
    assert info.value.message == f"nesting is too deep (more than {MAX_DEPTH} levels)"
    assert info.value.line == 1


def test_size_limit_is_checked_before_parsing() -> None:
    with pytest.raises(ScenarioError) as info:
        read_yaml(b"a: 1\n" + b" " * MAX_BYTES, "big.yaml")
    assert info.value.message == (
        f"file is {MAX_BYTES + 5:,} bytes; scenario files are limited to {MAX_BYTES:,} bytes"
    )


def test_non_utf8_names_the_line() -> None:
    with pytest.raises(ScenarioError) as info:
        read_yaml(b"a: 1\nb: caf\xe9\n", "t.yaml")
    assert (info.value.line, info.value.message) == (2, "not UTF-8 text (byte 11)")


def test_lines_of_fields() -> None:
    text = "a:\n  b: 1\n  c:\n    - x\n    - {d: 2}\ne: [1, 2]\n"
    document = read_yaml(text, "t.yaml")
    assert document.line_of(("a",)) == 1
    assert document.line_of(("a", "b")) == 2
    assert document.line_of(("a", "c", 1, "d")) == 5
    assert document.line_of(("e", 1)) == 6
    assert document.line_of(("a", "zzz", "deeper")) == 1
    assert document.line_of(()) == 1


# ---------------------------------------------------------------- writing

TRICKY = [
    "yes", "no", "on", "null", "~", "", "1e5", "0o17", "0x1F", "1_000", ".inf", ".nan",
    "-.5", "+1", "True", "2001-01-01", "1:30", "<<", "- a", "a: b", "#x", "'q'", '"q"',
    "x\ny", " lead", "trail ", "tab\there", "a\x85b", "a\u2028b", "\ufeffbom", "é ü 中",
    "\U0001f600",
]  # fmt: skip


@pytest.mark.parametrize("text", TRICKY)
def test_dump_quotes_what_would_read_back_differently(text: str) -> None:
    data = {"v": text, text or "k": [text]}
    assert read_yaml(dump_yaml(data), "t.yaml").data == data


plain = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False)
    | st.text(st.characters(codec="utf-8", exclude_categories=["Cs"])),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.text(max_size=8), plain, min_size=1, max_size=4))
def test_dump_then_read_gives_the_same_data(data: dict[str, object]) -> None:
    assert read_yaml(dump_yaml(data), "t.yaml").data == data


def _alias_bomb(copies: int, size: int = 1_500_000) -> str:
    says = "".join(f"  p{i}: {{says: *a}}\n" for i in range(copies))
    return f"negsim: 1\nname: &a {'x' * size}\nproposals:\n{says}"


EXPENSIVE = {
    "a 1.5 MB text repeated by alias": (_alias_bomb(1000), 2, "once aliases are expanded"),
    "a short text repeated 300,000 times": (
        "a: &a [x, y, z]\nb: [" + ", ".join(["*a"] * 60_000) + "]\n",
        None,
        "more than 200,000 values",
    ),
    "300,000 values written out": ("a: [" + "1, " * 300_000 + "]\n", 1, "more than 200,000 values"),
}


@pytest.mark.parametrize(("text", "line", "says"), EXPENSIVE.values(), ids=list(EXPENSIVE))
def test_expensive_documents_are_refused_on_size_first(text, line, says):
    import time

    start = time.monotonic()
    with pytest.raises(ScenarioError) as caught:
        read_yaml(text, "bomb.yaml")
    assert says in str(caught.value) and str(caught.value).startswith("bomb.yaml")
    if line is not None:
        assert caught.value.line == line
    assert time.monotonic() - start < 15  # refused promptly, not after validating every copy


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: [x, 'y', \"z\"]\nc: {d: -0.5, e: .inf, f: 0o17, g: ~}\n",
        "a: &x {b: 1}\nc: *x\nd: 'yes'\ne: no\n",
        "a: |\n  two\n  lines\nb: >\n  folded\n  text\n",
    ],
)
def test_the_fast_and_the_pure_python_reader_agree(text, monkeypatch):
    from negsim.scenario import yaml_source

    fast = read_yaml(text, "t.yaml")
    monkeypatch.setattr(yaml_source, "_FastLoader", None)
    slow = read_yaml(text, "t.yaml")
    assert fast.data == slow.data and fast.lines == slow.lines
