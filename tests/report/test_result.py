"""The run result: every part gathered; its dict, and what jsonable gives, is strict JSON."""

from __future__ import annotations

import json
import math

import numpy as np

from negsim.common.serialize import to_jsonable
from negsim.zone import verdict


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


def test_every_surface_gives_one_verdict_on_a_zone_between_grid_points():
    # Alpha needs 65% and Beta 32%: the zone [65, 68] holds none of the 11 grid points
    from negsim.bargaining.exact import in_zone
    from negsim.report import markdown_page, text
    from negsim.report.result import run
    from negsim.scenario.examples import water_talks

    r = run(water_talks(0.65, 0.32))
    assert r.analysis.zopa.count == 0
    assert r.zone_exists and r.bargaining.exists
    data = json.loads(json.dumps(r.to_dict(), allow_nan=False))
    assert data["verdict"]["zone_exists"] is True
    assert data["analysis"]["zone_exists"] is True
    assert data["bargaining"]["exists"] is True
    # the enumerated zone is a count of grid outcomes, with no verdict of its own
    assert "exists" not in data["analysis"]["zopa"] and data["analysis"]["zopa"]["count"] == 0
    words = text.verdict_text(r)
    page = markdown_page.markdown(r)
    for surface in (words, page):
        assert "A zone of agreement exists" in surface
        assert "No zone" not in surface
        assert "Nash bargaining solution" in surface
    for s in r.bargaining.solutions.values():
        assert in_zone(r.model, s.outcome)
    # the figures: the utility plane's title names the zone the program found, not "no zone"
    from negsim.report.figures import figure_specs

    (plane,) = [spec for spec in figure_specs(r) if spec.name.startswith("utility_")]
    figure = plane.draw()
    title = figure.axes[0].get_title()
    assert "no zone" not in title and "narrower than the grid" in title
