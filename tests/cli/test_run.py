"""Tests of ``negsim run`` through the command-line entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from negsim.cli import commands as cli

DATA = Path(__file__).parents[1] / "data"
FLAGSHIP = Path(__file__).parents[2] / "scenarios" / "ukraine_land_for_peace_2026.yaml"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(["run", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_run_minimal_writes_report_figures_and_json(tmp_path, capsys):
    out_dir = tmp_path / "minimal"
    code, out, err = run(capsys, str(DATA / "minimal.yaml"), "--out", str(out_dir), "--svg")
    assert code == 0
    assert out.startswith("Border talks\n")
    assert "zone of agreement exists" in out
    assert "report written to" in err and "report written" not in out
    report = (out_dir / "report.md").read_text(encoding="utf-8")
    data = json.loads((out_dir / "result.json").read_text(encoding="utf-8"))
    assert data["verdict"]["zone_exists"] is True
    assert data["figures"]
    for figure in data["figures"]:
        assert (out_dir / figure["png"]).stat().st_size > 0
        assert (out_dir / figure["svg"]).stat().st_size > 0
        assert f"]({figure['png']})" in report


def test_run_flagship_by_default(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys)
    assert code == 0  # an empty zone is a finding, not an error
    assert out.startswith("Ukraine land for peace")
    assert "No zone of agreement" in out
    folder = tmp_path / "negsim-out" / FLAGSHIP.stem
    data = json.loads((folder / "result.json").read_text(encoding="utf-8"))
    assert data["verdict"]["zone_exists"] is False
    names = {f["name"] for f in data["figures"]}
    assert {"conflicts", "proposals", "pairwise_zones", "issue_map"} <= names
    assert len(list(folder.glob("*.png"))) == len(names)
    assert not list(folder.glob("*.svg"))  # SVG only with --svg


def test_run_json_prints_the_result(tmp_path, capsys):
    code, out, _ = run(
        capsys, str(DATA / "minimal.yaml"), "--out", str(tmp_path), "--no-plots", "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["scenario"]["name"] == "Border talks"
    saved = json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))
    for key in ("verdict", "analysis", "bargaining", "games"):
        assert data[key] == saved[key]
    assert not list(tmp_path.glob("*.png"))


def test_run_applies_overrides(tmp_path, capsys):
    code, out, _ = run(
        capsys,
        str(DATA / "minimal.yaml"),
        "--out",
        str(tmp_path),
        "--no-plots",
        "--set",
        "parties.alpha.no_deal=5",
    )
    assert code == 0
    assert "with parties.alpha.no_deal=5" in out
    data = json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))
    assert data["verdict"]["zone_exists"] is False
    assert data["scenario"]["overrides"] == ["parties.alpha.no_deal=5"]


@pytest.mark.parametrize(
    "argv",
    [
        ["missing.yaml"],
        [str(DATA / "minimal.yaml"), "--set", "parties.nobody.no_deal=1"],
    ],
)
def test_run_bad_input_is_one_line_and_exit_2(tmp_path, capsys, argv):
    code, out, err = run(capsys, *argv, "--out", str(tmp_path / "x"), "--no-plots")
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("negsim: error: ")
    assert not (tmp_path / "x").exists()


LONE_PARTY = """
negsim: 1
name: Alone
issues:
  share: {kind: continuous, range: [0, 1], grid: 5, unit: share}
parties:
  a:
    utility:
      share: {weight: 1, points: [[0, 0], [1, 1]]}
    no_deal: 0.2
"""

NOTHING_DECLARED = """
negsim: 1
name: Bare
issues:
  deal: {kind: boolean}
parties:
  a:
    utility:
      deal: {weight: 1, values: {true: 1, false: 0}}
    no_deal: 0.5
  b:
    utility:
      deal: {weight: 1, values: {true: 0, false: 1}}
    no_deal: 0.5
"""


@pytest.mark.parametrize("text", [LONE_PARTY, NOTHING_DECLARED], ids=["one party", "bare"])
def test_run_without_red_lines_proposals_or_games_into_a_new_folder(tmp_path, capsys, text):
    source = tmp_path / "scenario.yaml"
    source.write_text(text, encoding="utf-8")
    out_dir = tmp_path / "not" / "yet"
    code, out, err = run(capsys, str(source), "-o", str(out_dir))
    assert code == 0, err
    data = json.loads(
        (out_dir / "result.json").read_text(encoding="utf-8"),
        parse_constant=lambda name: pytest.fail(f"result.json holds {name}"),
    )
    assert data["games"] == {}
    assert data["scenario"]["proposals"] == [] and data["scenario"]["red_lines"] == []
    for figure in data["figures"]:
        assert (out_dir / figure["png"]).stat().st_size > 0
