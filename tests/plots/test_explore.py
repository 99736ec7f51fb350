"""Figures of sweeps and samples: the data they show, and that they draw into given axes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from matplotlib.figure import Figure

import negsim
from negsim.errors import AnalysisError
from negsim.explore.discovery import prim
from negsim.plots import explore as pe

ROOT = Path(__file__).resolve().parents[2]
ALPHA = "parties.alpha.no_deal"
COST = "parties.beta.no_deal.war.cost"


@pytest.fixture(scope="module")
def minimal() -> negsim.Scenario:
    return negsim.load(ROOT / "tests" / "data" / "minimal.yaml")


@pytest.fixture(scope="module")
def line(minimal):
    return negsim.sweep(minimal, {ALPHA: np.linspace(-0.2, 0.6, 21)}, progress=False)


@pytest.fixture(scope="module")
def grid(minimal):
    return negsim.sweep(
        minimal, {ALPHA: np.linspace(-0.2, 0.6, 9), COST: np.linspace(0.0, 0.4, 5)}, progress=False
    )


def test_margin_curve_data_follows_the_table(line):
    data = pe.margin_curve_data(line)
    assert data.parameter == ALPHA
    np.testing.assert_allclose(data.values, line[ALPHA])
    np.testing.assert_allclose(data.middle, line["margin"])
    np.testing.assert_array_equal(data.zone_share, line["zone"].astype(float))
    # one crossing, between the last value with a zone and the first without
    assert len(data.crossings) == 1
    last_zone = line.loc[line["zone"], ALPHA].max()
    first_none = line.loc[~line["zone"], ALPHA].min()
    assert last_zone <= data.crossings[0] <= first_none


def test_margin_curve_over_other_parameters_gives_a_band(grid):
    data = pe.margin_curve_data(grid, ALPHA)
    assert len(data.values) == 9
    assert (data.low <= data.middle).all() and (data.middle <= data.high).all()
    assert (data.low < data.high).any()
    by_value = grid.groupby(ALPHA)["margin"]
    np.testing.assert_allclose(data.low, by_value.min())
    with pytest.raises(AnalysisError, match="name the one"):
        pe.margin_curve_data(grid)


def test_margin_curve_refuses_an_undefined_margin():
    flagship = negsim.load(ROOT / "scenarios" / "ukraine_land_for_peace_2026.yaml")
    df = negsim.sweep(flagship, {"parties.eu.no_deal.war.cost": [0.02, 0.1]}, progress=False)
    with pytest.raises(AnalysisError, match="no outcome respects every red line"):
        pe.margin_curve_data(df)


def test_zone_heatmap_data_is_the_grid(grid):
    data = pe.zone_heatmap_data(grid)
    assert (data.x, data.y) == (ALPHA, COST)
    assert data.share.shape == (5, 9)
    assert (data.counts == 1).all()
    for i, cost in enumerate(data.y_values):
        for j, alpha in enumerate(data.x_values):
            row = grid[(grid[ALPHA] == alpha) & (grid[COST] == cost)]
            assert data.share[i, j] == float(row["zone"].iloc[0])
    swapped = pe.zone_heatmap_data(grid, x=COST, y=ALPHA)
    np.testing.assert_array_equal(swapped.share, data.share.T)


def test_prim_scatter_data_uses_the_box(minimal):
    df = negsim.sample(
        minimal, 400, seed=2, ranges={ALPHA: [-0.2, 0.6], COST: [0.0, 0.4]}, progress=False
    )
    box = prim(df)
    data = pe.prim_scatter_data(df, box)
    assert data.x == box.restricted[0]
    assert data.x_limits == box.limits[data.x]
    np.testing.assert_array_equal(data.case, df["zone"].to_numpy())
    np.testing.assert_array_equal(data.inside, box.contains(df))
    assert data.case[data.inside].mean() == pytest.approx(box.density)


def test_figures_draw_into_given_axes(line, grid, minimal):
    df = negsim.sample(
        minimal, 200, seed=3, ranges={ALPHA: [-0.2, 0.6], COST: [0.0, 0.4]}, progress=False
    )
    figure = Figure()
    axes = figure.subplots(1, 3)
    assert pe.margin_curve(line, ax=axes[0]) is figure
    assert pe.zone_heatmap(grid, ax=axes[1]) is figure
    assert pe.prim_scatter(df, ax=axes[2]) is figure
    assert axes[0].get_xlabel() == ALPHA
    zero_lines = [ln for ln in axes[0].lines if list(ln.get_ydata()) == [0, 0]]
    assert zero_lines


def test_figures_stand_alone(line, grid):
    for figure in (pe.margin_curve(line), pe.zone_heatmap(grid)):
        assert isinstance(figure, Figure)
        assert figure.axes


def test_prim_scatter_of_a_condition_marks_its_cases(minimal):
    df = negsim.sample(
        minimal, 300, seed=4, ranges={ALPHA: [-0.2, 0.6], COST: [0.0, 0.4]}, progress=False
    )
    condition = (df["margin"] < 0.05).to_numpy()
    box = prim(df, condition)
    data = pe.prim_scatter_data(df, box)
    np.testing.assert_array_equal(data.case, condition)
    assert isinstance(pe.prim_scatter(df, box), Figure)


def test_a_parameter_that_takes_words_is_refused_by_name():
    minimal = negsim.load(ROOT / "tests" / "data" / "minimal.yaml")
    rules = {"parties.alpha.red_lines.0.rule": ["north not in regions", "true"]}
    df = negsim.sweep(minimal, rules, progress=False)
    for build in (pe.margin_curve_data, pe.prim_scatter_data, prim):
        with pytest.raises(AnalysisError, match="red_lines.0.rule does not take numbers"):
            build(df)
