"""Every result carries one Provenance; the old attribute names read it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from negsim import compile_scenario, load
from negsim.common.provenance import Provenance, with_note
from negsim.zone.analysis import analyze
from negsim.zone.enumeration import enumerated_margin, pairwise, zopa

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"
DISCRETE = ROOT / "scenarios" / "ukraine_land_for_peace_2026.yaml"


@pytest.fixture(scope="module")
def grid_model():
    return compile_scenario(load(MINIMAL))


@pytest.fixture(scope="module")
def discrete_model():
    return compile_scenario(load(DISCRETE))


def test_zone_results_on_a_discrete_space_are_exact_enumerations(discrete_model):
    for result in (
        zopa(discrete_model),
        pairwise(discrete_model),
        enumerated_margin(discrete_model),
    ):
        assert result.provenance == Provenance("enumeration", exact=True)
        assert result.method == "enumeration" and result.resolution is None


def test_zone_results_on_a_grid_say_so(grid_model):
    zone = zopa(grid_model)
    assert zone.provenance.method == "grid" and not zone.provenance.exact
    assert zone.resolution == {"share": 11} == zone.provenance.resolution
    assert zone.to_dict()["method"] == "grid"
    assert zone.to_dict()["resolution"] == {"share": 11}


def test_margin_attributes_read_its_provenance(grid_model):
    found = analyze(grid_model).margin
    assert found.method == found.provenance.method
    assert found.exact is found.provenance.exact
    assert found.note == found.provenance.note
    data = found.to_dict()
    assert (data["method"], data["exact"], data["note"]) == (found.method, found.exact, found.note)


def test_with_note_changes_only_the_note(discrete_model):
    found = enumerated_margin(discrete_model)
    noted = with_note(found, "decided on the grid")
    assert noted.note == "decided on the grid"
    assert noted.provenance == Provenance("enumeration", exact=True, note="decided on the grid")
    assert (noted.value, noted.outcome, noted.method) == (found.value, found.outcome, found.method)
    assert found.note is None


def test_diagnosis_attributes_read_its_provenance(discrete_model):
    diagnosis = analyze(discrete_model).diagnosis
    if diagnosis is None:
        pytest.skip("the scenario has a zone")
    assert diagnosis.method == diagnosis.provenance.method == "enumeration"
    assert diagnosis.provenance.exact
    assert diagnosis.to_dict()["note"] == diagnosis.note


def test_bargaining_on_a_discrete_space_is_exact(discrete_model):
    from negsim.bargaining.solutions import bargain

    result = bargain(discrete_model)
    assert result.provenance.exact and result.provenance.resolution is None
    assert result.method == result.provenance.method == result.to_dict()["method"]


def test_bargaining_on_a_grid_states_its_resolution(grid_model):
    from negsim.bargaining.solutions import bargain

    result = bargain(grid_model, lotteries=True)
    # the pure solutions are exact, but lotteries mix only grid outcomes and those solutions
    assert not result.provenance.exact
    assert result.provenance.resolution == {"share": 11}
    assert "lotteries over the grid's outcomes" in result.method
    assert bargain(grid_model).provenance.exact


def test_lotteries_of_more_than_two_parties_are_not_exact():
    from negsim.bargaining.solutions import solutions_from_points

    points = [[0, 1, 1], [0.5, 0.5, 0.3], [1, 0, 0.2], [0.2, 0.2, 0.9]]
    assert solutions_from_points(points, [0, 0, 0]).provenance.exact
    assert not solutions_from_points(points, [0, 0, 0], lotteries=True).provenance.exact
    assert solutions_from_points([[0, 1], [1, 0]], [0, 0], lotteries=True).provenance.exact


def test_equilibria_carry_method_tolerance_and_completeness(discrete_model):
    from negsim.games import equilibria

    found = equilibria(discrete_model, next(iter(discrete_model.scenario.games), None))
    assert found.method == found.provenance.method
    assert found.tolerance == found.provenance.tolerance
    assert found.provenance.exact is (found.scope != "some")
    data = found.to_dict()
    assert (data["method"], data["tolerance"]) == (found.method, found.tolerance)


def test_rubinstein_results_say_how_they_were_decided():
    from negsim.bargaining.rubinstein import nash_demand_game, rubinstein_split

    split = rubinstein_split(0.9, 0.8)
    assert split.provenance.exact and "closed form" in split.provenance.method
    assert "provenance" not in split.to_dict()
    game = nash_demand_game(5)
    assert game.provenance.resolution == {"demands": 5} and game.provenance.exact
    assert list(game.to_dict()) == ["demands", "disagreement", "equilibria"]


def test_estimates_from_experiments_are_not_exact():
    from negsim.explore.discovery import sensitivity, zone_probability

    share = zone_probability([True, False, True])
    assert share.method == "Wilson score interval" and not share.provenance.exact
    table = pd.DataFrame({"p.a.x": [0.1, 0.2, 0.3, 0.4], "margin": [1.0, 2.0, 3.5, 4.0]})
    found = sensitivity(table, inputs=["p.a.x"], method="srrc")
    assert found.method == "srrc" and not found.provenance.exact
    assert found.note == found.provenance.note and found.to_dict()["note"] == found.note


def test_each_solution_says_how_it_was_chosen():
    from negsim.bargaining.solutions import solutions_from_points

    two = solutions_from_points([[0, 1], [0.5, 0.4], [1, 0]], [0, 0], lotteries=True)
    assert two["nash"].provenance.method.startswith("closed form") and two["nash"].provenance.exact
    assert two["egalitarian"].provenance.method.startswith("linear programs")
    # over lotteries clipped to u >= d the largest total may need a mixture: a linear program
    assert two["utilitarian"].provenance.method.startswith("linear programs")
    pure = solutions_from_points([[0, 1], [0.5, 0.4], [1, 0]], [0, 0])
    assert pure["utilitarian"].provenance.method.endswith("on the Pareto frontier")
    assert all(s.note == (s.provenance.note or "") for s in two.solutions.values())
    three = solutions_from_points(
        [[0, 1, 1], [0.5, 0.5, 0.3], [1, 0, 0.2], [0.2, 0.2, 0.9]], [0, 0, 0], lotteries=True
    )
    nash = three["nash"].provenance
    assert not nash.exact and nash.tolerance is not None and nash.tolerance <= 1e-9
    assert "log Nash product within" in three["nash"].note
