"""The margin and the diagnosis decided as exactly as the scenario allows (negsim.zone.decide)."""

from __future__ import annotations

import pytest

from negsim import compile_scenario, from_data
from negsim.zone import milp
from negsim.zone.decide import diagnose, margin
from negsim.zone.enumeration import enumerated_diagnosis, enumerated_margin
from negsim.zone.results import ENUMERATION, GRID, MAX_CONFLICTS, MAX_CORRECTIONS, MILP
from tests.zone.examples import buyer_seller, land_for_peace, territory


def test_a_discrete_space_is_enumerated_whatever_exact_says():
    model = compile_scenario(from_data(territory()))
    for exact in (True, False):
        found = margin(model, exact=exact)
        assert found.method == ENUMERATION and found.exact
        assert found.to_dict() == enumerated_margin(model).to_dict()
    conflicted = compile_scenario(from_data(land_for_peace()))
    for exact in (True, False):
        assert diagnose(conflicted, exact=exact).to_dict() == (
            enumerated_diagnosis(conflicted).to_dict()
        )


def test_continuous_issues_go_to_the_program_unless_the_grid_is_asked_for():
    # a zone from 54.5 to 55.5: between the grid's points, so only the program sees it
    model = compile_scenario(from_data(buyer_seller(55.5, 54.5)))
    exact = margin(model)
    assert exact.method == MILP and exact.exact
    assert exact.value == pytest.approx(milp.margin(model).value)
    assert exact.zone_exists
    grid = margin(model, exact=False)
    assert grid.method == GRID and not grid.exact
    assert not grid.zone_exists
    assert grid.to_dict() == enumerated_margin(model).to_dict()


def test_a_diagnosis_with_continuous_issues_comes_from_the_program():
    model = compile_scenario(from_data(buyer_seller(40, 60)))
    found = diagnose(model)
    assert found.method == MILP
    reference = milp.diagnose(model, max_conflicts=MAX_CONFLICTS, max_corrections=MAX_CORRECTIONS)
    assert found.to_dict() == reference.to_dict()
    grid = diagnose(model, exact=False)
    assert grid.method == GRID
    assert grid.to_dict() == enumerated_diagnosis(model).to_dict()
    assert diagnose(compile_scenario(from_data(buyer_seller(55.5, 54.5)))) is None
