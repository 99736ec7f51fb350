"""Tests of the run result, the terminal verdict, the Markdown report and the files written."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

import negsim
from negsim import report
from negsim.common.serialize import to_jsonable
from negsim.errors import NegsimError
from negsim.report import files as report_files
from negsim.report import text as report_text
from negsim.zone import verdict

DATA = Path(__file__).parents[1] / "data"
FLAGSHIP = Path(__file__).parents[2] / "scenarios" / "ukraine_land_for_peace_2026.yaml"


@pytest.fixture(scope="module")
def minimal_run() -> report.RunResult:
    return report.run(negsim.load(DATA / "minimal.yaml"), source="minimal.yaml")


@pytest.fixture(scope="module")
def flagship_run() -> report.RunResult:
    return report.run(negsim.load(FLAGSHIP), source="flagship.yaml", overrides=("a.b=1",))


def test_run_gathers_every_part(minimal_run):
    r = minimal_run
    assert r.zone_exists == r.analysis.zopa.exists
    assert r.bargaining.exists == r.zone_exists
    assert list(r.games) == ["proposals"]  # no declared games: the proposal game
    assert r.games["proposals"].players == r.model.parties
    assert set(r.timings) >= {"compile", "zone of agreement", "bargaining"}


def test_to_dict_is_strict_json(flagship_run):
    data = flagship_run.to_dict()
    text = json.dumps(data, allow_nan=False)
    back = json.loads(text)
    assert back["verdict"]["zone_exists"] is False
    assert back["verdict"]["headline"] == verdict.headline(flagship_run.analysis)
    assert back["scenario"]["overrides"] == ["a.b=1"]
    assert set(back["games"]) == set(flagship_run.scenario.games)
    conflicts = back["analysis"]["diagnosis"]["conflicts"]
    assert [c["keys"] for c in conflicts] == [
        list(c.keys) for c in flagship_run.analysis.diagnosis.conflicts
    ]


def test_jsonable_unwraps_numpy_and_drops_non_finite_numbers():
    data = to_jsonable(
        {"a": np.float64(1.5), "b": np.arange(3), "c": (math.inf, -math.nan), 4: np.bool_(True)}
    )
    assert data == {"a": 1.5, "b": [0, 1, 2], "c": [None, None], "4": True}
    json.dumps(data, allow_nan=False)


def test_verdict_text_of_the_flagship(flagship_run):
    text = report.verdict_text(flagship_run)
    assert verdict.headline(flagship_run.analysis).split(" (")[0] in text
    for conflict in flagship_run.analysis.diagnosis.conflicts:
        for key in conflict.keys:
            assert key in text
    for name in flagship_run.scenario.proposals:
        assert name in text
    for name in flagship_run.games:
        assert name in text
    assert "No zone, so no bargaining solution." in text
    assert all(len(line) <= 100 for line in text.splitlines())
    assert len(text.splitlines()) <= 60


def test_verdict_text_with_a_zone_lists_the_bargaining_solutions(minimal_run):
    text = report.verdict_text(minimal_run)
    for solution in minimal_run.bargaining.solutions.values():
        assert solution.title in text
    assert "every equilibrium" in text or "ends in" in text


def test_game_summary_counts_outcomes(minimal_run):
    game = minimal_run.games["proposals"]
    summary = report_text.game_summary(game)
    labels = {e.describe_outcome() for e in game}
    for label in labels:
        assert label in summary
    assert summary.startswith("every equilibrium ends in") == (len(labels) == 1)


def test_markdown_sections_and_tables(flagship_run):
    text = report.markdown(flagship_run)
    for heading in ("## Verdict", "### Why", "## Proposals", "## Pairwise zones", "## Games"):
        assert heading in text
    # the pairwise table has one row per party, with "none" for empty pairs
    model = flagship_run.model
    counts = flagship_run.analysis.pairwise.counts
    for i, p in enumerate(model.parties):
        row = next(
            line
            for line in text.splitlines()
            if line.startswith(f"| {report_text.party_label(model, p)} |")
        )
        assert row.count("none") == int((counts[i] == 0).sum())
    for check in flagship_run.analysis.proposals:
        assert f"| {check.name} |" in text
    assert "![" not in text  # no figures given


def test_markdown_embeds_the_figures_it_is_given(minimal_run):
    specs = report.figure_specs(minimal_run)
    names = [s.name for s in specs]
    assert names[:2] == ["proposals", "pairwise_zones"]
    assert "utility_alpha_beta" in names
    assert "range_share" in names
    assert "game_proposals" in names
    text = report.markdown(minimal_run, [(s, f"{s.name}.png") for s in specs])
    for s in specs:
        assert f"]({s.name}.png)" in text


def test_figure_specs_of_the_flagship(flagship_run):
    names = [s.name for s in report.figure_specs(flagship_run)]
    assert "conflicts" in names
    assert "issue_map" in names
    # every pair of the four parties, pairs without a zone first
    pairs = [n for n in names if n.startswith("utility_")]
    assert len(pairs) == 6
    assert pairs[0] == "utility_ukraine_russia"
    # a payoff table for the normal-form game, a tree for the sequential one
    assert "game_simultaneous_moves" in names
    assert "game_guarantee_for_donbas" in names


def test_write_without_plots(tmp_path, minimal_run):
    files = report.write(minimal_run, tmp_path / "out", plots=False)
    assert files.report.read_text(encoding="utf-8").startswith("# Border talks")
    data = json.loads(files.json.read_text(encoding="utf-8"))
    assert data["figures"] == []
    assert files.figures == ()
    assert not list((tmp_path / "out").glob("*.png"))


def test_write_with_plots_serial_and_parallel_give_the_same_files(
    tmp_path, minimal_run, monkeypatch
):
    light = {"proposals", "pairwise_zones", "range_share"}  # quick to draw
    specs = [s for s in report.figure_specs(minimal_run) if s.name in light]
    monkeypatch.setattr(report_files, "figure_specs", lambda result: specs)
    serial = report.write(minimal_run, tmp_path / "serial", jobs=1)
    parallel = report.write(minimal_run, tmp_path / "parallel", jobs=2)
    assert len(serial.figures) == 2 * len(light)
    assert [p.name for p in serial.figures] == [p.name for p in parallel.figures]
    for path in serial.figures + parallel.figures:
        assert path.stat().st_size > 0
    assert {p.suffix for p in serial.figures} == {".png", ".svg"}
    data = json.loads(serial.json.read_text(encoding="utf-8"))
    assert [f["png"] for f in data["figures"]] == [
        p.name for p in serial.figures if p.suffix == ".png"
    ]
    markdown = serial.report.read_text(encoding="utf-8")
    for figure in data["figures"]:
        assert f"]({figure['png']})" in markdown


def test_write_into_a_file_is_a_clear_error(tmp_path, minimal_run):
    blocker = tmp_path / "taken"
    blocker.write_text("not a folder")
    with pytest.raises(NegsimError, match="cannot create the output folder"):
        report.write(minimal_run, blocker, plots=False)
