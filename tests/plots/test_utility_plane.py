"""The utility plane: which outcomes it shows, how they are classified and subsampled."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.lines import Line2D

import negsim
from negsim import plots
from negsim.plots import utility_plane
from tests.plots.examples import SCENARIOS, render

matplotlib.use("Agg")


def test_utility_space_points_are_classified_by_the_model(minimal):
    data = plots.utility_space_data(minimal)
    da, db = data.no_deal
    in_quadrant = (data.points[:, 0] >= da) & (data.points[:, 1] >= db)
    # an outcome respecting both sides' red lines inside the quadrant is acceptable to both
    assert not (in_quadrant & (data.kind == plots.KIND_OPEN)).any()
    accepted = data.kind >= plots.KIND_PAIR
    assert in_quadrant[accepted].all()
    both = minimal.acceptable_masks[0] & minimal.acceptable_masks[1]
    assert data.n_both_accept == both.sum() > 0
    assert not data.quadrant_empty
    assert data.n_distinct == data.n_shown <= minimal.n_outcomes


def test_utility_space_quadrant_empty_when_no_deal_too_high(minimal):
    scenario = minimal.scenario.with_({"parties.alpha.no_deal": 5})
    data = plots.utility_space_data(negsim.compile_scenario(scenario))
    assert data.quadrant_empty
    assert data.n_both_accept == 0
    assert not (data.kind >= plots.KIND_PAIR).any()
    render(plots.utility_space(data))


def test_utility_space_subsample_is_deterministic_and_keeps_the_zone(minimal):
    first = plots.utility_space_data(minimal, max_points=60)
    second = plots.utility_space_data(minimal, max_points=60)
    assert first.subsampled
    assert np.array_equal(first.points, second.points)
    full = plots.utility_space_data(minimal)
    assert (first.kind >= plots.KIND_PAIR).sum() == (full.kind >= plots.KIND_PAIR).sum()
    assert first.n_shown == 60


def test_utility_space_pair_order_swaps_axes(minimal):
    ab = plots.utility_space_data(minimal, ("alpha", "beta"))
    ba = plots.utility_space_data(minimal, ("beta", "alpha"))
    assert ab.no_deal == ba.no_deal[::-1]
    assert sorted(map(tuple, ab.points)) == sorted(map(tuple, ba.points[:, ::-1]))


def test_flagship_quadrants_match_the_pairwise_zones(flagship, flagship_analysis):
    pairs = flagship_analysis.pairwise
    for a, b, count in pairs.pairs():
        data = plots.utility_space_data(flagship, (a, b))
        assert data.n_both_accept == count
        assert data.quadrant_empty == (count == 0)
        assert data.n_every_party == flagship_analysis.zopa.count
    # the flagship's central pair: the shaded quadrant holds no outcome both accept
    data = plots.utility_space_data(flagship, ("ukraine", "russia"))
    assert data.quadrant_empty
    assert not (data.kind >= plots.KIND_PAIR).any()
    assert len(data.frontier) == 0
    assert data.subsampled and data.n_shown == plots.MAX_POINTS


def test_distinct_rows_equal_numpy_unique():
    rng = np.random.default_rng(3)
    rows = np.round(rng.random((500, 3)) * 4) / 4
    assert np.array_equal(utility_plane._distinct_rows(rows), np.unique(rows, axis=0))
    assert utility_plane._distinct_rows(rows[:0]).shape == (0, 3)


FREEZE = SCENARIOS / "ukraine_variant_russia_accepts_freeze.yaml"


@pytest.fixture(scope="module")
def freeze_plane() -> plots.UtilitySpaceData:
    from negsim.bargaining import bargain

    model = negsim.compile_scenario(negsim.load(FREEZE))
    result = bargain(model)
    ia, ib = (result.parties.index(p) for p in ("ukraine", "russia"))
    solutions = {s.title: (s.utility[ia], s.utility[ib]) for s in result.solutions.values()}
    return plots.utility_space_data(model, ("ukraine", "russia"), solutions=solutions)


def _cloud(ax: Axes) -> list[Artist]:
    return [a for a in ax.get_children() if a.get_gid() == "cloud"]


def _zone(ax: Axes) -> list[Line2D]:
    return [line for line in ax.lines if line.get_gid() == "zone"]


def test_freeze_variant_zone_is_small_and_gets_an_inset(freeze_plane):
    data = freeze_plane
    assert data.n_every_party == 3
    assert data.zone_label == "zone: 3 outcomes"
    assert (data.kind == plots.KIND_ALL).sum() == 3
    assert data.zone_share is not None and data.zone_share < utility_plane.INSET_SPAN
    assert data.uses_inset
    assert data.uses_density


def test_freeze_variant_draws_the_zone_above_the_cloud_and_enlarged(freeze_plane):
    data = freeze_plane
    fig = plots.utility_space(data)
    ax = fig.axes[0]
    assert ax.get_title().startswith("Ukraine and Russia: 34,560 outcomes; zone: 3 outcomes")
    cloud, zone = _cloud(ax), _zone(ax)
    assert cloud and zone
    assert min(z.get_zorder() for z in zone) > max(c.get_zorder() for c in cloud)
    solutions = [line for line in ax.lines if line.get_label() in {*_legend_names(data)}]
    assert solutions
    assert min(z.get_zorder() for z in zone) > max(s.get_zorder() for s in solutions)
    assert all(s.get_markerfacecolor() == "none" for s in solutions)
    (inset,) = [child for child in ax.child_axes if child.get_gid() == "zone_inset"]
    assert inset.get_zorder() > max(z.get_zorder() for z in zone)
    shown = np.vstack([np.column_stack(line.get_data()) for line in _zone(inset)])
    zone_points = data.points[data.both_accept]
    assert sorted(map(tuple, shown)) == sorted(map(tuple, zone_points))
    (x0, x1), (y0, y1) = inset.get_xlim(), inset.get_ylim()
    every = data.points[data.kind == plots.KIND_ALL]
    assert ((every[:, 0] > x0) & (every[:, 0] < x1) & (every[:, 1] > y0) & (every[:, 1] < y1)).all()
    names = [t.get_text() for t in inset.texts]
    assert any("utilitarian" in name for name in names)
    assert any("Nash" in name for name in names)
    render(fig)


def _legend_names(data: plots.UtilitySpaceData) -> list[str]:
    return [", ".join(g) for g in utility_plane._solution_groups(data).values()]


def test_a_large_cloud_is_drawn_as_a_density_and_a_small_one_as_points(flagship, minimal):
    large = plots.utility_space_data(flagship, ("ukraine", "russia"), max_points=5000)
    assert large.uses_density and large.density_kinds
    ax = plots.utility_space(large).axes[0]
    assert any(isinstance(a, PolyCollection) for a in _cloud(ax))
    assert "darker shade" in ax.get_title()
    small = plots.utility_space_data(minimal)
    assert not small.uses_density and small.density_kinds == ()
    ax = plots.utility_space(small).axes[0]
    cloud = _cloud(ax)
    assert cloud and all(isinstance(a, Line2D) and a.get_linestyle() == "None" for a in cloud)
    assert not any(isinstance(a, PolyCollection) for a in ax.collections)


def test_no_zone_is_said_in_the_title_and_needs_no_inset(flagship):
    data = plots.utility_space_data(flagship, ("ukraine", "russia"), max_points=3000)
    assert data.n_every_party == 0
    assert data.zone_label == "no zone"
    assert data.zone_box is None and not data.uses_inset
    ax = plots.utility_space(data).axes[0]
    assert "no zone" in ax.get_title()
    assert not ax.child_axes and not _zone(ax)


def test_a_zone_spread_over_the_plane_needs_no_inset(minimal):
    data = plots.utility_space_data(minimal)
    assert data.n_every_party > utility_plane.FEW_ZONE_POINTS
    assert data.zone_share is not None and data.zone_share >= utility_plane.INSET_SPAN
    assert not data.uses_inset
    assert data.zone_label == f"zone: {data.n_every_party} outcomes"
    assert not plots.utility_space(data).axes[0].child_axes


def test_the_inset_sits_in_a_corner_away_from_the_zone(freeze_plane):
    data = freeze_plane
    x, y, w, h = data.inset_bounds
    assert x + w < 1 and y + h < 1 and (x, y) != (0.57, 0.53)
    (ax0, ax1), (ay0, ay1) = data.extent.xlim, data.extent.ylim
    (wx0, wx1), (wy0, wy1) = data.inset_window
    left, right = ax0 + x * (ax1 - ax0), ax0 + (x + w) * (ax1 - ax0)
    bottom, top = ay0 + y * (ay1 - ay0), ay0 + (y + h) * (ay1 - ay0)
    assert not (wx0 < right and left < wx1 and wy0 < top and bottom < wy1)
