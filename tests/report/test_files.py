"""The files a report writes: the page, result.json and the figures, serial or parallel."""

from __future__ import annotations

import json
import pathlib

import pytest

from negsim import report
from negsim.errors import NegsimError
from negsim.report import files as report_files
from negsim.report.figures import render_figures


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
    serial = report.write(minimal_run, tmp_path / "serial", jobs=1, svg=True)
    parallel = report.write(minimal_run, tmp_path / "parallel", jobs=2, svg=True)
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


def test_a_failed_write_leaves_the_previous_report_whole(tmp_path, minimal_run, monkeypatch):
    report.write(minimal_run, tmp_path, plots=False)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    real = pathlib.Path.write_text

    def fail_half_way(self, text, *args, **kwargs):
        real(self, text[: len(text) // 2], *args, **kwargs)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pathlib.Path, "write_text", fail_half_way)
    with pytest.raises(NegsimError, match="No space left on device"):
        report.write(minimal_run, tmp_path, plots=False)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    json.loads((tmp_path / "result.json").read_text())


def test_figures_are_png_only_unless_svg_is_asked_for(tmp_path, minimal_run, monkeypatch):
    specs = [s for s in report.figure_specs(minimal_run) if s.name == "proposals"]
    monkeypatch.setattr(report_files, "figure_specs", lambda result: specs)
    files = report.write(minimal_run, tmp_path, jobs=1)
    assert [p.name for p in files.figures] == ["proposals.png"]
    assert not list(tmp_path.glob("*.svg"))
    data = json.loads(files.json.read_text(encoding="utf-8"))
    assert data["figures"][0]["svg"] is None
    with pytest.raises(NegsimError, match="unknown figure format 'pdf'"):
        render_figures(specs, tmp_path, progress=False, jobs=1, formats=["pdf"])
