import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from negsim.bargaining.pareto import _skyline, dominated_by_any, pareto_frontier, pareto_mask
from negsim.errors import AnalysisError


def brute_force_mask(points: np.ndarray) -> np.ndarray:
    """O(n^2) reference: undominated rows, written out pair by pair."""
    n = len(points)
    out = np.ones(n, dtype=bool)
    for i in range(n):
        for j in range(n):
            if np.all(points[j] >= points[i]) and np.any(points[j] > points[i]):
                out[i] = False
                break
    return out


@st.composite
def point_sets(draw, max_parties=4, max_points=40):
    parties = draw(st.integers(1, max_parties))
    n = draw(st.integers(0, max_points))
    # few distinct values: plenty of ties and duplicates
    elements = st.sampled_from([0.0, 0.25, 0.5, 1.0, -1.0, 2.5])
    return draw(arrays(np.float64, (n, parties), elements=elements))


@settings(max_examples=150, deadline=None)
@given(point_sets())
def test_frontier_matches_brute_force(points):
    mask = pareto_mask(points)
    expected = brute_force_mask(points)
    np.testing.assert_array_equal(mask, expected)


@settings(max_examples=100, deadline=None)
@given(point_sets(max_parties=5, max_points=60))
def test_no_dominated_point_and_none_missed(points):
    front = pareto_frontier(points)
    if not len(points):
        assert len(front) == 0
        return
    # nothing on the frontier is dominated by any point
    assert not dominated_by_any(points[front], points).any()
    # every point off the frontier is dominated by some point on it
    off = np.setdiff1d(np.arange(len(points)), front)
    if len(off):
        assert dominated_by_any(points[off], points[front]).all()


@settings(max_examples=60, deadline=None)
@given(
    arrays(
        np.float64,
        st.tuples(st.integers(1, 80), st.integers(2, 4)),
        elements=st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False),
    )
)
def test_continuous_values_match_brute_force(points):
    np.testing.assert_array_equal(pareto_mask(points), brute_force_mask(points))


@settings(max_examples=60, deadline=None)
@given(point_sets(max_parties=3), st.randoms(use_true_random=False))
def test_frontier_does_not_depend_on_row_order(points, rnd):
    perm = np.arange(len(points))
    rnd.shuffle(perm)
    front = set(pareto_frontier(points).tolist())
    permuted = pareto_frontier(points[perm])
    assert {int(perm[i]) for i in permuted} == front


def test_duplicates_all_kept_or_first_only():
    points = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.5, 0.5], [0.2, 0.2], [0.5, 0.5]])
    np.testing.assert_array_equal(pareto_frontier(points), [0, 1, 2, 3, 5])
    np.testing.assert_array_equal(pareto_frontier(points, keep="first"), [0, 1, 3])


def test_weak_domination_excludes_point():
    # (1, 0.5) is dominated by (1, 0.7): equal first utility, larger second
    points = np.array([[1.0, 0.5], [1.0, 0.7], [0.0, 1.0], [0.0, 0.9]])
    np.testing.assert_array_equal(pareto_frontier(points), [1, 2])


def test_three_parties_duplicates_and_ties():
    points = np.array(
        [[1, 1, 0], [1, 1, 0], [1, 0, 1], [0, 1, 1], [1, 0, 0], [1, 1, 1], [0, 0, 0]], float
    )
    np.testing.assert_array_equal(pareto_frontier(points), [5])
    points[5] = [0.5, 0.5, 0.5]
    np.testing.assert_array_equal(pareto_frontier(points), [0, 1, 2, 3, 5])
    np.testing.assert_array_equal(pareto_frontier(points, keep="first"), [0, 2, 3, 5])


def test_one_party_keeps_every_maximiser():
    np.testing.assert_array_equal(pareto_frontier([[1.0], [3.0], [3.0], [2.0]]), [1, 2])


def test_whole_set_on_the_frontier_in_three_dimensions():
    rng = np.random.default_rng(3)
    xy = rng.random((3000, 2))
    points = np.c_[xy, 2.0 - xy.sum(axis=1)]
    assert len(pareto_frontier(points)) == 3000


def test_larger_random_sets_agree_with_pairwise_check():
    rng = np.random.default_rng(7)
    for parties in (2, 3, 5):
        points = np.round(rng.random((3000, parties)), 2)
        mask = pareto_mask(points)
        np.testing.assert_array_equal(mask, ~dominated_by_any(points, points))


def test_empty_input():
    assert pareto_frontier(np.zeros((0, 3))).shape == (0,)


@pytest.mark.parametrize(
    "points, message",
    [
        ([1.0, 2.0], "2-D"),
        ([[1.0, np.nan]], "finite"),
        ([[1.0, np.inf]], "finite"),
        (np.zeros((3, 0)), "at least one party"),
    ],
)
def test_bad_points_raise_one_line(points, message):
    with pytest.raises(AnalysisError, match=message):
        pareto_frontier(points)


def test_unknown_keep_is_an_error():
    with pytest.raises(AnalysisError, match="keep"):
        pareto_frontier([[1.0, 2.0]], keep="last")


def test_dominated_by_any_checks_width():
    with pytest.raises(AnalysisError, match="utilities each"):
        dominated_by_any([[1.0, 2.0]], [[1.0, 2.0, 3.0]])


@pytest.mark.parametrize("magnitude", [1e-310, 1e-300, 1e300, 1.7e308])
def test_extreme_magnitudes_exact_and_silent(magnitude):
    # spans that overflow 1/span or sums that overflow the float range must
    # neither warn nor change the answer
    rng = np.random.default_rng(7)
    points = rng.choice([-1.0, -0.5, 0.0, 0.5, 1.0], size=(60, 3)) * magnitude
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        mask = pareto_mask(points)
        two = pareto_mask(points[:, :2])
    np.testing.assert_array_equal(mask, brute_force_mask(points))
    np.testing.assert_array_equal(two, brute_force_mask(points[:, :2]))


def test_sums_that_round_equal_across_blocks():
    # (1e16, 1, 0) dominates (1e16, 0, 0) but both sums round to 1e16, as do
    # the 600 fillers between them: the order must still put the dominating
    # point first, or the dominated one survives in an earlier block
    fillers = [[1e16 - 2 * i, 2.0 * i, 0.0] for i in range(1, 601)]
    points = np.array([[1e16, 0.0, 0.0], *fillers, [1e16, 1.0, 0.0]])
    np.testing.assert_array_equal(_skyline(points), brute_force_mask(points))
    assert not pareto_mask(points)[0]
