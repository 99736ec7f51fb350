"""The utility plane: which outcomes it shows, how they are classified and subsampled."""

from __future__ import annotations

import numpy as np

import negsim
from negsim import plots
from negsim.plots import utility_plane
from tests.plots.examples import render


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
