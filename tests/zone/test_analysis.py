"""The agreement-zone analysis: zone, margin, diagnosis and bounds (negsim.zone.analysis)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

import negsim
from negsim import compile_scenario, from_data, load
from negsim.errors import AnalysisError
from negsim.zone.analysis import analyze
from negsim.zone.proposals import check_proposals
from tests.strategies import scenarios
from tests.zone.examples import buyer_seller, territory, three_way


def quiet(source):
    return analyze(source, progress=False)


def test_exported_from_the_package() -> None:
    assert negsim.analyze is analyze
    assert isinstance(negsim.analyze(from_data(territory()), progress=False), negsim.Analysis)


def test_empty_zone_is_explained() -> None:
    result = quiet(from_data(three_way()))
    assert not result.zone_exists
    assert result.method == "enumeration"
    assert result.exact
    assert [c.keys for c in result.diagnosis.conflicts] == [("x/seat", "y/seat", "z/seat")]
    text = result.summary()
    assert text.startswith("No zone of agreement (decided by enumerating all 3 outcomes).")
    assert "Every pair has common ground; the deadlock needs all 3." in text
    assert "Conflict: x/seat, y/seat and z/seat." in text
    assert "The red lines alone conflict" in text
    data = json.loads(json.dumps(result.to_dict(), allow_nan=False))
    assert data["zone_exists"] is False
    assert data["diagnosis"]["conflicts"][0]["keys"] == ["x/seat", "y/seat", "z/seat"]


def test_zone_found_and_no_diagnosis() -> None:
    result = quiet(compile_scenario(from_data(territory())))
    assert result.zone_exists
    assert result.diagnosis is None
    assert result.bounds is None
    text = result.summary()
    assert text.startswith("Zone of agreement: 3 of 9 outcomes (33.33%)")
    assert "Margin 0.125" in text
    assert "Zone of agreement" in repr(result)
    assert "<pre>" in result._repr_html_()


def test_exact_zone_between_grid_points() -> None:
    result = quiet(from_data(buyer_seller(55.5, 54.5)))
    assert result.zopa.count == 0
    assert result.zone_exists
    assert result.method == "milp"
    assert result.exact
    assert result.bounds == {"price": pytest.approx((54.5, 55.5))}
    assert result.diagnosis is None
    text = result.summary()
    assert "narrower than the grid" in text
    assert "price from 54.5 to 55.5 k" in text


def test_minimal_scenario_from_file() -> None:
    result = quiet(load("tests/data/minimal.yaml"))
    assert result.zone_exists
    assert result.margin.method == "milp"
    assert (
        result.margin.value
        >= result.zopa.members(1)[[f"{p} surplus" for p in result.parties]].min(axis=1).iloc[0]
    )
    assert result.proposals[0].accepted_by_all


def _position(model, outcome) -> int:
    levels = [int(model.space.axis(name).encode(outcome[name])) for name in model.space.names]
    return int(np.ravel_multi_index(levels, model.space.shape))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(max_outcomes=80, continuous=False, max_red_lines=2))
def test_analysis_is_consistent(scenario) -> None:
    model = compile_scenario(scenario)
    result = quiet(model)
    assert result.zone_exists == bool(result.zopa.count)
    assert (result.diagnosis is None) == result.zone_exists
    assert result.margin.zone_exists == result.zone_exists
    for check in check_proposals(model):
        index = _position(model, check.outcome)
        for verdict in check.verdicts:
            p = model.party_index(verdict.party)
            assert verdict.accepted == bool(model.acceptable_masks[p, index])
    text = result.summary()
    assert text.splitlines()[0].startswith(("Zone of agreement", "No zone of agreement"))
    for name in scenario.proposals:
        assert f"{name}: " in text
    json.dumps(result.to_dict(), allow_nan=False)


def test_analyze_refuses_what_is_not_a_scenario() -> None:
    with pytest.raises(AnalysisError, match=r"analyze\(\) takes a Scenario or a compiled Model"):
        analyze("tests/data/minimal.yaml")
