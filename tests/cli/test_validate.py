"""``negsim validate`` and ``negsim schema`` through the command-line entry point."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings

from negsim import Scenario, json_schema, load
from negsim.cli.commands import main
from negsim.scenario.bundled import bundled_path
from negsim.scenario.yaml_source import read_yaml
from tests.scenario.examples import BAD, BASE, Bad, edit
from tests.strategies import scenarios

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = [
    REPO / "tests" / "data" / "minimal.yaml",
    *sorted((REPO / "scenarios").glob("*.yaml")),
]


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.yaml"
    path.write_text(BASE, encoding="utf-8")
    return path


def write(tmp_path: Path, text: str | bytes, name: str = "bad.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_validate_good_file(good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(good)]) == 0
    out, err = capsys.readouterr()
    assert out == f"ok  {good}  {load(good)!r}\n"
    assert err == ""


@pytest.mark.parametrize("case", BAD, ids=[case.id for case in BAD])
def test_validate_bad_file_prints_one_line_and_exits_2(
    case: Bad, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, case.text)
    assert main(["validate", str(path)]) == 2
    out, err = capsys.readouterr()
    where = f"{path}:{case.line}" if case.line is not None else str(path)
    location = f"{where}: {case.field}" if case.field else where
    assert out == ""
    assert err == f"negsim: error: {location}: {case.message}\n"


def test_validate_goes_on_after_a_bad_file_and_counts_the_bad_ones(
    good: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write(tmp_path, edit("    no_deal: 0.1", "    no_dael: 0.1"))
    assert main(["validate", str(good), str(bad), str(good)]) == 2
    out, err = capsys.readouterr()
    assert out.count("\n") == 2 and out.splitlines()[1].startswith(f"ok  {good}")
    assert err == (
        f"negsim: error: {bad}:26: parties.alpha.no_dael: unknown field 'no_dael'; "
        "did you mean 'no_deal'?\n"
        "negsim: 1 of 3 files have errors\n"
    )


def test_validate_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.yaml"
    assert main(["validate", str(missing)]) == 2
    assert capsys.readouterr().err == f"negsim: error: {missing}: no such file\n"


def test_validate_with_set_override(good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(good), "--set", "parties.alpha.no_deal=0.3"]) == 0
    assert capsys.readouterr().out.startswith(f"ok  {good}")


def test_bad_set_value_says_it_came_from_the_command_line(
    good: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(good), "--set", "parties.alpha.no_deal=high"]) == 2
    assert capsys.readouterr().err == (
        f"negsim: error: {good}: parties.alpha.no_deal: expected a number, {{value, source}} "
        "or war: {cost, lottery}, got 'high' (set by override 'parties.alpha.no_deal', e.g. --set "
        "on the command line; not read from the file)\n"
    )


def test_set_in_a_red_line_by_id(good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rule = "parties.alpha.red_lines.keep-north.rule=north in regionz"
    assert main(["validate", str(good), "--set", rule]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        f"negsim: error: {good}: parties.alpha.red_lines.keep-north.rule: unknown issue "
        "'regionz'; did you mean 'regions'? (at column 10) (set by override"
    )
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("no-equals-sign", "<command line>: --set expects path=value, got 'no-equals-sign'"),
        ("=3", "<command line>: --set expects path=value, got '=3'"),
        ("name=[1, 2", "<command line>:1: invalid YAML: expected ',' or ']', but got "
         "'<stream end>'"),
        ("parties.alpah.no_deal=1", "{file}: parties.alpah: no field 'alpah' here; did you "
         "mean 'alpha'? (in override 'parties.alpah.no_deal')"),
    ],
)  # fmt: skip
def test_bad_set_options(
    good: Path, capsys: pytest.CaptureFixture[str], option: str, message: str
) -> None:
    assert main(["validate", str(good), "--set", option]) == 2
    assert capsys.readouterr().err == f"negsim: error: {message.format(file=good)}\n"


def test_validate_bad_file_in_a_subprocess(tmp_path: Path) -> None:
    bad = write(tmp_path, edit("kind: ordinal", "kind: ordinall"))
    result = subprocess.run(
        [sys.executable, "-m", "negsim", "validate", str(bad)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"negsim: error: {bad}:9: issues.recognition.kind: kind must be one of boolean, "
        "categorical, ordinal, subset, continuous, not 'ordinall'; did you mean 'ordinal'?\n"
    )
    assert "Traceback" not in result.stderr


# ---------------------------------------------------------------- schema


@pytest.fixture(scope="module")
def schema() -> dict[str, object]:
    return json_schema()


def test_schema_command_prints_the_json_schema(
    capsys: pytest.CaptureFixture[str], schema: dict[str, object]
) -> None:
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == schema
    assert printed["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(printed)


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_scenarios_validate_against_the_schema(
    path: Path, schema: dict[str, object]
) -> None:
    data = read_yaml(path.read_bytes(), str(path)).data
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)


def test_schema_refuses_what_load_refuses(schema: dict[str, object]) -> None:
    validator = jsonschema.Draft202012Validator(schema)
    for text in [
        edit("    no_deal: 0.1", "    no_dael: 0.1"),
        edit("kind: ordinal", "kind: ordinall"),
        edit("{weight: 0.5,", "{weight: -0.5,"),
        edit("grid: 11", "grid: 1"),
        edit("negsim: 1", "negsim: 2"),
        edit("  guarantee:\n", "  2guarantee:\n"),
    ]:
        data = read_yaml(text, "t.yaml").data
        assert not validator.is_valid(data)


@functools.cache
def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json_schema())


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_generated_scenarios_validate_against_the_schema(scenario: Scenario) -> None:
    validator().validate(scenario.to_data())


def test_validate_passes_on_every_bundled_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    bundled = sorted((REPO / "scenarios").glob("*.yaml"))
    assert bundled
    assert main(["validate", *map(str, bundled)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert [line.split("  ")[1] for line in out.splitlines()] == [str(p) for p in bundled]


def test_validate_checks_every_file_and_says_how_many_are_bad(tmp_path, capsys):
    good = str(bundled_path("camp_david_1978"))
    broken = tmp_path / "broken.yaml"
    broken.write_text("negsim: 1\nname: Empty\nissues: {}\nparties: {}\n", encoding="utf-8")
    missing = str(tmp_path / "missing.yaml")
    code = main(["validate", str(broken), good, missing])
    out, err = capsys.readouterr()
    assert code == 2
    assert out.startswith(f"ok  {good}  ")  # the good file after a bad one is still checked
    lines = err.splitlines()
    assert lines[0].startswith(f"negsim: error: {broken}:3: issues:")
    assert lines[1].startswith(f"negsim: error: {broken}:4: parties:")
    assert lines[2] == f"negsim: error: {missing}: no such file"
    assert lines[3] == "negsim: 2 of 3 files have errors"


def test_validate_reports_every_problem_in_a_file(tmp_path, capsys):
    text = (REPO / "tests" / "data" / "minimal.yaml").read_text()
    for old, new in [
        ("kind: ordinal", "kind: ordnal"),
        ("no_deal: 0.1", "no_deal: high"),
        ("share: {weight: 0.2, points: [[0, 1]", "share: {weigth: 0.2, points: [[0, 1]"),
        ("utility: 0.6", "utility: lots"),
    ]:
        assert old in text
        text = text.replace(old, new, 1)
    bad = tmp_path / "bad.yaml"
    bad.write_text(text)
    assert main(["validate", str(bad)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    fields = [line.split(": ")[3] for line in lines]
    assert fields == [
        "parties.beta.utility.share.weigth",  # the typo first: it explains the missing weight
        "issues.recognition.kind",
        "parties.alpha.no_deal",
        "parties.beta.no_deal.war.lottery.0.utility",
    ]
    assert all(line.startswith(f"negsim: error: {bad}:") for line in lines)
    # other commands stop at the first, and say how many more there are
    assert main(["zopa", str(bad)]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.endswith("(and 3 more: 'negsim validate' lists them)")
