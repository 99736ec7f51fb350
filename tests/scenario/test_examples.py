"""The small scenarios the documentation's examples use load, and say what their docstrings say."""

from __future__ import annotations

import pytest

from negsim import Scenario, analyze, compile_scenario
from negsim.scenario import examples
from negsim.scenario.examples import (
    border_talks,
    issues_only,
    river_talks,
    three_hosts,
    water_talks,
)


@pytest.mark.parametrize("name", [n for n in examples.__all__ if n.islower()])
def test_each_example_loads_and_compiles(name: str) -> None:
    scenario = getattr(examples, name)()
    assert isinstance(scenario, Scenario)
    compile_scenario(scenario)


@pytest.mark.parametrize(
    ("alpha", "beta", "bounds"),
    [(0.3, 0.4, (30.0, 60.0)), (0.65, 0.3, (65.0, 70.0)), (0.65, 0.32, (65.0, 68.0))],
)
def test_water_talks_zone_runs_from_alpha_to_one_minus_beta(
    alpha: float, beta: float, bounds: tuple[float, float]
) -> None:
    a = analyze(water_talks(alpha, beta), progress=False)
    assert a.zone_exists
    assert a.bounds == {"share": bounds}


def test_water_talks_grid_and_ultimatum() -> None:
    assert water_talks(grid=101).issues["share"].grid == 101
    assert water_talks().games == {}
    assert list(water_talks(ultimatum=True).games) == ["ultimatum"]


def test_border_talks_zone_is_the_two_outcomes_with_some_land() -> None:
    a = analyze(border_talks(), progress=False)
    frame = a.to_frame()
    assert a.zone_exists
    assert set(frame["land"]) == {"some"}
    assert set(frame["guarantee"]) == {True, False}


def test_border_talks_half_is_in_the_zone_and_all_breaks_the_red_line() -> None:
    assert border_talks().proposals == {}
    frame = analyze(border_talks(proposals=True), progress=False).proposals_frame()
    half = frame[frame["proposal"] == "half"]
    every = frame[frame["proposal"] == "all"]
    assert half["accepted"].all()
    assert list(every["broken"]) == ["alpha/keep-core", ""]


def test_three_hosts_has_no_zone_but_each_pair_has_one_host() -> None:
    a = analyze(three_hosts(), progress=False)
    assert not a.zone_exists
    assert repr(a.pairwise) == "<PairwiseZopa of 3 outcomes: n-s 1, n-e 1, s-e 1>"


def test_river_talks_war_gives_beta_a_no_deal_of_three_tenths() -> None:
    a = analyze(river_talks(), progress=False)
    assert a.zone_exists
    assert a.bounds == {"share": (30.0, 70.0)}


def test_issues_only_has_eighty_grid_outcomes() -> None:
    a = analyze(issues_only(), progress=False)
    assert len(issues_only().issues) == 3
    assert len(a.to_frame()) == 80


@pytest.mark.parametrize("name", [n for n in examples.__all__ if n.isupper()])
def test_each_yaml_constant_belongs_to_the_function_of_its_name(name: str) -> None:
    scenario = getattr(examples, name.lower())()
    assert f"name: {scenario.name}\n" in getattr(examples, name)
