"""Lotteries: the feasible set is conv(points) clipped to u >= d."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from negsim.bargaining import lotteries as lottery
from negsim.bargaining.solutions import RULES, solutions_from_points


def test_a_lottery_of_two_points_below_d_is_a_zone():
    # neither (0, 1) nor (1, 0) gives both (0.2, 0.1); the mixtures (x, 1 - x) with
    # 0.2 <= x <= 0.9 do. Nash maximises (x - 0.2)(0.9 - x): x = 0.55
    result = solutions_from_points([[0, 1], [1, 0]], [0.2, 0.1], lotteries=True)
    assert result.exists and result.zone_size == 0
    assert "conv(points)" in result.reason
    np.testing.assert_allclose(result["nash"].utility, [0.55, 0.45], atol=1e-12)
    assert result["nash"].value == pytest.approx(0.35**2)
    # the ideal point is each end of the clipped segment: (0.9, 0.8); KS on the ray from d
    np.testing.assert_allclose(result.ideal, [0.9, 0.8], atol=1e-12)
    np.testing.assert_allclose(result["kalai_smorodinsky"].utility, [0.55, 0.45], atol=1e-9)
    np.testing.assert_allclose(result["egalitarian"].utility, [0.55, 0.45], atol=1e-9)
    assert sum(result["utilitarian"].utility) == pytest.approx(1.0)
    assert not solutions_from_points([[0, 1], [1, 0]], [0.2, 0.1]).exists


def test_no_lottery_reaches_d():
    result = solutions_from_points([[0, 1], [1, 0]], [0.6, 0.6], lotteries=True)
    assert not result.exists and "no lottery" in result.reason


def test_three_parties_mix_points_outside_the_zone():
    points = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    result = solutions_from_points(points, [0.1, 0.1, 0.1], lotteries=True)
    assert result.exists and result.zone_size == 0
    np.testing.assert_allclose(result["nash"].utility, [1 / 3] * 3, atol=1e-6)
    np.testing.assert_allclose(result["egalitarian"].utility, [1 / 3] * 3, atol=1e-8)


def test_nash_on_a_clipped_chain():
    # only x >= 0.7 of the segment from (0, 1) to (1, 0) is feasible; (x - 0.7)(1 - x) peaks at 0.85
    s = np.array([[0.0, 1.0], [1.0, 0.0]]) - [0.7, 0.0]
    found = lottery.nash_on_chain(s)
    assert found is not None
    u = found.weights @ np.array([[0.0, 1.0], [1.0, 0.0]])[found.rows]
    np.testing.assert_allclose(u, [0.85, 0.15], atol=1e-12)


@st.composite
def problems(draw, max_parties=3):
    k = draw(st.integers(2, max_parties))
    n = draw(st.integers(1, 12))
    values = st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.6, 0.75, 1.0])
    points = draw(arrays(np.float64, (n, k), elements=values))
    d = draw(arrays(np.float64, (k,), elements=st.sampled_from([0.0, 0.1, 0.2, 0.4])))
    return points, d


@settings(max_examples=60, deadline=None)
@given(problems())
def test_lottery_solutions_are_in_conv_and_above_d_and_nash_beats_pure(problem):
    points, d = problem
    result = solutions_from_points(points, d, lotteries=True)
    pure = solutions_from_points(points, d)
    assert result.exists == lottery.feasible(points - d)
    assert result.exists >= pure.exists
    if not result.exists:
        return
    assert set(result.solutions) == set(RULES)
    for s in result.solutions.values():
        weights = np.array([t.weight for t in s.mixture])
        assert (weights > 0).all() and weights.sum() == pytest.approx(1.0)
        np.testing.assert_allclose(
            s.utility, weights @ points[[t.index for t in s.mixture]], atol=1e-12
        )
        assert (np.array(s.utility) >= d - 1e-9).all()
    if pure.exists and not pure["nash"].note:  # the same parties in both Nash products
        # within the relative 1e-9 the second stage may give up for a larger total
        assert result["nash"].value >= pure["nash"].value - 1e-8
        assert result["egalitarian"].value >= pure["egalitarian"].value - 1e-8
