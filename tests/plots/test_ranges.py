"""Bargaining ranges on one issue, and Fearon's range of peaceful splits."""

from __future__ import annotations

import pytest

import negsim
from negsim import plots
from negsim.errors import AnalysisError
from tests.plots.examples import SCENARIOS


def test_bargaining_range_of_the_single_issue_camp_david():
    model = negsim.compile_scenario(negsim.load(SCENARIOS / "camp_david_1978_single_issue.yaml"))
    data = plots.bargaining_range_data(model, "sinai_returned")
    egypt, israel = model.parties.index("egypt"), model.parties.index("israel")
    grid = model.space.axis("sinai_returned").grid
    accepted = [
        grid[model.space.codes["sinai_returned"][model.acceptable_masks[p]]] for p in (0, 1)
    ]
    assert data.intervals[egypt] == ((accepted[egypt].min(), accepted[egypt].max()),)
    assert data.intervals[israel][0][0] == accepted[israel].min()
    assert data.intervals[israel][-1][1] == accepted[israel].max()
    assert data.common == ()
    assert data.gap == (accepted[israel].max(), accepted[egypt].min())
    assert data.gap_between == ("Israel", "Egypt")


def test_bargaining_range_overlap_when_a_zone_exists(minimal):
    data = plots.bargaining_range_data(minimal, "share")
    assert data.gap is None
    zone_shares = minimal.space.columns["share"][minimal.acceptable_masks.all(axis=0)]
    assert data.common[0][0] == zone_shares.min()
    assert data.common[-1][1] == zone_shares.max()


def test_bargaining_range_rejects_a_discrete_issue(minimal):
    with pytest.raises(AnalysisError, match="needs a number"):
        plots.bargaining_range_data(minimal, "recognition")


def test_fearon_range_figure_data():
    from negsim.bargaining.war import fearon_range

    open_range = plots.fearon_range_data(fearon_range(0.5, 0.1, 0.2, sides=("A", "B")))
    assert open_range.common == ((0.4, 0.7),)
    assert open_range.gap is None
    optimism = plots.fearon_range_data(fearon_range(0.7, 0.05, 0.05, p_b=0.4))
    assert optimism.common == ()
    assert optimism.gap == pytest.approx((0.45, 0.65))
