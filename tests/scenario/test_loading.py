"""Loading a scenario: malformed input named by file, line and field; sources; overrides.

The table of broken scenarios, ``BAD``, is in tests/scenario/examples.py: each
one a small edit of ``BASE`` that must fail with exactly the location and
message listed.
"""

from __future__ import annotations

import os
import pathlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from negsim import NegsimError, ScenarioError, compile_scenario, load
from negsim.cli.commands import main
from negsim.scenario.yaml_source import MAX_BYTES
from tests.scenario.examples import BAD, BASE, Bad, edit

REPO = Path(__file__).resolve().parents[2]


def test_base_is_valid() -> None:
    scenario = load(BASE)
    assert list(scenario.issues) == ["regions", "recognition", "guarantee", "share"]
    assert [rl.id for _, rl in scenario.red_lines()] == ["keep-north", "some-land"]


def test_the_table_has_many_distinct_cases() -> None:
    assert len({case.id for case in BAD}) == len(BAD) >= 25
    assert len({case.text for case in BAD}) == len(BAD)


@pytest.mark.parametrize("case", BAD, ids=[case.id for case in BAD])
def test_malformed_scenario_names_file_line_field_and_problem(case: Bad, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    if isinstance(case.text, bytes):
        path.write_bytes(case.text)
    else:
        path.write_text(case.text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load(path)
    error = info.value
    assert (error.file, error.line, error.field, error.message) == (
        str(path),
        case.line,
        case.field,
        case.message,
    )
    where = f"{path}:{case.line}" if case.line is not None else str(path)
    parts = [where, case.field, case.message] if case.field else [where, case.message]
    assert str(error) == ": ".join(parts)
    assert "\n" not in str(error)


# ---------------------------------------------------------------- size, sources


def test_a_50_mb_file_fails_fast_on_its_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was read")

    monkeypatch.setattr(pathlib.Path, "read_bytes", refuse)
    monkeypatch.setattr(pathlib.Path, "read_text", refuse)
    monkeypatch.setattr(pathlib.Path, "open", refuse)
    with pytest.raises(ScenarioError) as info:
        load(path)
    assert info.value.file == str(path)
    assert info.value.line is None
    assert info.value.message == (
        f"file is 52,428,800 bytes; scenario files are limited to {MAX_BYTES:,} bytes"
    )


def test_text_over_the_size_limit_is_refused() -> None:
    text = BASE + "#" * MAX_BYTES + "\n"
    with pytest.raises(ScenarioError, match="scenario files are limited to 2,097,152 bytes"):
        load(text)


@pytest.mark.parametrize(
    ("name", "message"),
    [("missing.yaml", "no such file"), ("folder.yaml", "is a directory, not a scenario file")],
)
def test_unreadable_paths(tmp_path: Path, name: str, message: str) -> None:
    (tmp_path / "folder.yaml").mkdir()
    with pytest.raises(ScenarioError) as info:
        load(tmp_path / name)
    assert str(info.value) == f"{tmp_path / name}: {message}"


def test_a_path_given_as_text_is_read_as_a_file(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(BASE, encoding="utf-8")
    assert load(str(path)) == load(path) == load(BASE)


def test_an_existing_file_is_read_whatever_its_suffix(tmp_path: Path) -> None:
    path = tmp_path / "talks.txt"
    path.write_text(BASE, encoding="utf-8")
    assert load(str(path)) == load(BASE)


def test_a_lone_word_is_text_with_a_hint_about_files(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError) as info:
        load(str(tmp_path / "missing.txt"))
    assert info.value.message == (
        f"a scenario is a mapping with 'negsim: 1' at the top; got the text "
        f"{str(tmp_path / 'missing.txt')!r} (to read a file, give a path ending in .yaml or "
        ".yml, or a pathlib.Path)"
    )


def test_text_errors_are_named_text() -> None:
    with pytest.raises(ScenarioError) as info:
        load(edit("    no_deal: 0.1", "    no_dael: 0.1"))
    assert str(info.value) == (
        "<text>:26: parties.alpha.no_dael: unknown field 'no_dael'; did you mean 'no_deal'?"
    )


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + BASE.encode())
    assert load(path) == load(BASE)


# ---------------------------------------------------------------- overrides at load


def test_override_error_says_the_value_came_from_the_override(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(BASE, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load(path, overrides={"parties.alpha.no_deal": "high"})
    error = info.value
    assert error.line is None
    assert error.field == "parties.alpha.no_deal"
    assert error.message == (
        "expected a number, {value, source} or war: {cost, lottery}, got 'high' (set by override "
        "'parties.alpha.no_deal', e.g. --set on the command line; not read from the file)"
    )


def test_override_inside_a_red_line_named_by_id() -> None:
    with pytest.raises(ScenarioError) as info:
        load(BASE, overrides={"parties.alpha.red_lines.keep-north.rule": "north in regionz"})
    assert info.value.line is None
    assert info.value.field == "parties.alpha.red_lines.keep-north.rule"
    assert info.value.message.startswith("unknown issue 'regionz'; did you mean 'regions'?")
    assert "set by override 'parties.alpha.red_lines.keep-north.rule'" in info.value.message


def test_error_outside_the_overrides_keeps_its_line() -> None:
    text = edit("    no_deal: 0.1", "    no_deal: high")
    with pytest.raises(ScenarioError) as info:
        load(text, overrides={"parties.beta.no_deal": 0.2})
    assert (info.value.line, info.value.field) == (26, "parties.alpha.no_deal")
    assert "override" not in info.value.message


def test_error_caused_by_an_override_below_it_mentions_the_override() -> None:
    with pytest.raises(ScenarioError) as info:
        load(
            BASE,
            overrides={
                "parties.beta.utility.regions.weight": 0,
                "parties.beta.utility.recognition.weight": 0,
                "parties.beta.utility.share.weight": 0,
            },
        )
    assert info.value.line == 33
    assert info.value.message == (
        "weights that do not make sense: every weight is zero "
        "(after override 'parties.beta.utility.regions.weight')"
    )


def test_override_that_fixes_the_file() -> None:
    text = edit("    no_deal: 0.1", "    no_deal: high")
    assert load(text, overrides={"parties.alpha.no_deal": 0.1}) == load(BASE)


def test_override_with_a_bad_path_names_the_override() -> None:
    with pytest.raises(ScenarioError) as info:
        load(BASE, overrides={"parties.alpah.no_deal": 0.3})
    assert str(info.value) == (
        "<text>: parties.alpah: no field 'alpah' here; did you mean 'alpha'? "
        "(in override 'parties.alpah.no_deal')"
    )


# ---------------------------------------------------------------- fuzzing


SEEDS = [BASE, (REPO / "tests" / "data" / "minimal.yaml").read_text(encoding="utf-8")]


INSERTS = [
    "!!python/object:os.system ",
    "!!python/name:builtins.eval ",
    "!x ",
    "!!binary ",
    "!!set ",
    "!!timestamp ",
    "!!int ",
    "!!float ",
    "!!bool ",
    "!!str ",
    "&a ",
    "*a ",
    "<<: *a\n",
    "? ",
    "- ",
    "{",
    "[",
    "'",
    '"',
    "#",
    "|\n",
    ">-\n",
    "---\n",
    "\t",
    "%YAML 1.1\n",
    "~",
    ".nan",
    "-.inf",
    "0o17",
    "1e999",
    "null",
    "[]",
    "{}",
    "",
]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    lines = draw(st.sampled_from(SEEDS)).splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "char", "swap", "insert", "indent"]))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "char":
            line = lines[i]
            j = draw(st.integers(0, max(len(line) - 1, 0)))
            ch = draw(
                st.characters(codec="utf-8") | st.sampled_from(list(":-[]{},&*!|>'\"#%@` \t0"))
            )
            lines[i] = line[:j] + ch + line[j + 1 :]
        elif op == "swap":
            k = draw(st.integers(0, len(lines) - 1))
            a, sep_a, va = lines[i].partition(": ")
            b, sep_b, vb = lines[k].partition(": ")
            if sep_a and sep_b:
                lines[i], lines[k] = a + sep_a + vb, b + sep_b + va
            else:
                lines[i], lines[k] = lines[k], lines[i]
        elif op == "insert":
            line = lines[i]
            cut = (
                line.find(": ") + 2
                if ": " in line and draw(st.booleans())
                else len(line) - len(line.lstrip())
            )
            lines[i] = line[:cut] + draw(st.sampled_from(INSERTS)) + line[cut:]
        else:
            lines[i] = " " * draw(st.integers(0, 3)) + lines[i]
    return "".join(lines) + "\n"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_files_raise_only_negsim_errors(text: str) -> None:
    try:
        scenario = load(text)
    except NegsimError as error:
        assert "\n" not in str(error)
        return
    try:
        model = compile_scenario(scenario, max_outcomes=100_000)
        model.no_deal  # noqa: B018
    except NegsimError:
        pass


@pytest.mark.parametrize("seed", range(len(SEEDS)))
def test_every_single_line_deletion_loads_or_fails_cleanly(seed: int) -> None:
    lines = SEEDS[seed].splitlines(keepends=True)
    loaded, failed = 0, 0
    for i in range(len(lines)):
        try:
            load("".join(lines[:i] + lines[i + 1 :]) + "\n")
            loaded += 1
        except NegsimError as error:
            assert "\n" not in str(error)
            failed += 1
    assert loaded > 0 and failed > 0


@pytest.mark.parametrize("source", [None, 5, b"negsim: 1\n"])
def test_load_refuses_what_is_neither_a_path_nor_text(source) -> None:
    with pytest.raises(ScenarioError, match="load\\(\\) takes a file path or YAML text, not "):
        load(source)


def _fifo(folder: Path) -> Path:
    path = folder / "x.yaml"
    os.mkfifo(path)
    return path


def _too_big(folder: Path) -> Path:
    path = folder / "big.yaml"
    path.write_bytes(b" " * (MAX_BYTES + 1))
    return path


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda folder: Path("/dev/zero"), "is not a regular file"),
        (lambda folder: Path("/dev/urandom"), "is not a regular file"),
        (_fifo, "is not a regular file"),
        (lambda folder: folder, "is a directory"),
        (lambda folder: folder / "missing.yaml", "no such file"),
        (_too_big, f"scenario files are limited to {MAX_BYTES:,} bytes"),
    ],
    ids=["dev-zero", "dev-urandom", "fifo", "directory", "missing", "too-big"],
)
def test_files_that_are_not_scenarios_are_refused_before_reading(make, says, tmp_path, capsys):
    path = make(tmp_path)
    if str(path).startswith("/dev/") and not path.exists():
        pytest.skip(f"{path} is not on this system")
    with pytest.raises(ScenarioError, match=says) as info:
        load(path)
    assert info.value.file == str(path)
    assert main(["validate", str(path)]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"negsim: error: {path}: ") and says in line


@pytest.mark.parametrize("name", ["\x00", "talks\x00.yaml"])
def test_a_file_name_with_a_nul_character_is_refused_in_one_line(name, capsys) -> None:
    with pytest.raises(ScenarioError, match="cannot hold a NUL character"):
        load(Path(name))
    assert main(["zopa", name]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "cannot hold a NUL character" in line
