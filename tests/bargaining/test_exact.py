"""Bargaining solutions on continuous issues by mixed-integer programs, against closed forms."""

from __future__ import annotations

import numpy as np
import pytest

import negsim
from negsim.bargaining.exact import exact_solutions, in_zone
from negsim.bargaining.solutions import RULES, bargain, solutions_from_points
from negsim.scenario.examples import water_talks

# u1 = 1.125 x up to x = 0.8 (then 0.9 + 0.5 (x - 0.8)), plus 0.1 without the flag;
# u2 = 1 - x, plus 0.2 with the flag; no deal 0.1 each.
FLAGGED = """\
negsim: 1
name: Flagged split
issues:
  x: {kind: continuous, range: [0, 1], unit: share, grid: GRID}
  flag: {kind: boolean}
parties:
  one:
    utility:
      x: {weight: 1, points: [[0, 0], [0.8, 0.9], [1, 1]]}
      flag: {weight: 0.1, values: {true: 0, false: 1}}
    no_deal: 0.1
  two:
    utility:
      x: {weight: 1, points: [[0, 1], [1, 0]]}
      flag: {weight: 0.2, values: {true: 1, false: 0}}
    no_deal: 0.1
"""


def flagged(grid: int = 11) -> negsim.Model:
    return negsim.compile_scenario(negsim.load(FLAGGED.replace("GRID", str(grid))))


def test_water_talks_nash_ks_egalitarian_split_the_surplus_at_45():
    # u_A = share / 100, u_B = 1 - share / 100, d = (0.3, 0.4): each gets 0.15 over no deal
    result = bargain(water_talks())
    for rule in ("nash", "kalai_smorodinsky", "egalitarian"):
        assert result[rule].outcome["share"] == pytest.approx(45.0, abs=1e-6)
        np.testing.assert_allclose(result[rule].utility, [0.45, 0.55], atol=1e-8)
        assert result[rule].index is None
    assert result["nash"].value == pytest.approx(0.15**2, rel=1e-9)
    assert result["nash"].provenance.exact
    # every split in [30, 60] has the same total, so the utilitarian point is anywhere there
    utilitarian = result["utilitarian"]
    assert sum(utilitarian.utility) == pytest.approx(1.0, abs=1e-9)
    assert 30 - 1e-6 <= utilitarian.outcome["share"] <= 60 + 1e-6
    assert result.ideal == pytest.approx((0.6, 0.7))


def test_nash_inside_a_segment_with_a_binary_issue():
    # with the flag: maximise (1.125 x - 0.1)(1.1 - x) on [0, 0.8]: x = (1.125 * 1.1 + 0.1) / 2.25;
    # without it the best product is 1.125 * 0.45 * 0.45 < that, and on [0.8, 1] it is 0.24
    x = (1.125 * 1.1 + 0.1) / 2.25
    best = (1.125 * x - 0.1) * (1.1 - x)
    assert best > max(1.125 * 0.45**2, 0.24)
    result = bargain(flagged())
    nash = result["nash"]
    assert nash.outcome["flag"] is True
    assert nash.outcome["x"] == pytest.approx(x, abs=1e-7)
    assert nash.value == pytest.approx(best, rel=1e-9)
    assert nash.provenance.exact and "outer approximation" in nash.provenance.method


def test_exact_solutions_are_in_the_zone_and_beat_a_fine_grid():
    fine = flagged(2001)
    exact = bargain(flagged())
    zone = np.flatnonzero(fine.acceptable_masks.all(axis=0))
    grid = solutions_from_points(fine.utility[zone], fine.no_deal)
    step = 1 / 2000
    for rule in RULES:
        s = exact[rule]
        assert in_zone(flagged(), s.outcome)
        # the exact objective is at least the grid's, and the points agree within a grid step
        assert s.value >= grid[rule].value - 1e-8  # two-stage ties within a relative 1e-9
        assert s.value <= grid[rule].value + 2 * step
    assert exact["nash"].outcome["x"] == pytest.approx(
        fine.decode(zone[grid["nash"].index])["x"], abs=step
    )


@pytest.mark.parametrize(
    ("alpha", "beta", "low", "high"),
    [(0.65, 0.32, 65.0, 68.0), (0.50000001, 0.49999997, 50.000001, 50.000003)],
)
def test_a_zone_between_grid_points_has_solutions_inside_it(alpha, beta, low, high):
    model = negsim.compile_scenario(water_talks(alpha, beta, grid=3))
    assert not model.acceptable_masks.all(axis=0).any()
    result = bargain(model)
    assert result.exists and result.zone_size == 0
    assert result.exists == negsim.analyze(model, progress=False).zone_exists
    for s in result.solutions.values():
        assert in_zone(model, s.outcome)
        assert low - 1e-7 <= s.outcome["share"] <= high + 1e-7
        assert (np.array(s.surplus) >= 0).all()


def test_no_zone_is_decided_by_the_program():
    model = negsim.compile_scenario(water_talks(0.7, 0.35))
    result = bargain(model)
    assert not result.exists and result.solutions == {}
    assert "mixed-integer program" in result.reason
    assert exact_solutions(model) is None


def test_lotteries_with_continuous_issues_keep_the_exact_points():
    model = negsim.compile_scenario(water_talks(0.65, 0.32))
    result = bargain(model, lotteries=True)
    assert result.exists
    assert "exact solutions" in result.method
    for s in result.solutions.values():
        assert s.value >= 0
        assert (np.array(s.utility) >= model.no_deal - 1e-9).all()


def test_exact_outcomes_print_without_the_solvers_last_digits():
    # the zone is share 65..68, narrower than the 11-point grid; every rule meets at 66.5
    narrow = water_talks().with_({"parties.alpha.no_deal": 0.65, "parties.beta.no_deal": 0.32})
    result = negsim.bargain(narrow)
    assert {rule: s.outcome for rule, s in result.solutions.items()} == {
        rule: {"share": 66.5} for rule in result.solutions
    }
