"""The agreement-zone analysis: zone, margin, diagnosis and bounds (negsim.zone.analysis)."""

from __future__ import annotations

import copy
import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import negsim
from negsim import compile_scenario, from_data, load
from negsim.errors import AnalysisError
from negsim.scenario.bundled import FLAGSHIP, bundled_path
from negsim.zone.analysis import analyze
from negsim.zone.proposals import check_proposals
from tests.strategies import scenario_data, scenarios
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


def _reversed_order(data: dict) -> dict:
    """The same scenario with issues, parties, utility entries and red lines listed backwards."""
    out = copy.deepcopy(data)
    out["issues"] = dict(reversed(list(out["issues"].items())))
    out["parties"] = dict(reversed(list(out["parties"].items())))
    for party in out["parties"].values():
        party["utility"] = dict(reversed(list(party["utility"].items())))
        party["red_lines"] = list(reversed(party.get("red_lines", [])))
    return out


def _verdicts(analysis: negsim.Analysis) -> dict:
    diagnosis = analysis.diagnosis
    return {
        "zone": analysis.zone_exists,
        "count": analysis.zopa.count,
        "members": sorted(
            json.dumps(analysis.zopa.model.decode(int(i)), sort_keys=True, default=str)
            for i in analysis.zopa.indices
        ),
        "conflicts": {frozenset(c.keys) for c in diagnosis.conflicts} if diagnosis else None,
        "corrections": {frozenset(c.keys) for c in diagnosis.corrections} if diagnosis else None,
        "proposals": {
            (check.name, v.party, v.accepted, frozenset(v.broken))
            for check in analysis.proposals
            for v in check.verdicts
        },
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario_data(max_outcomes=48, continuous=False, max_parties=3), st.data())
def test_no_verdict_depends_on_the_order_in_which_a_scenario_lists_its_entries(data, draw):
    # each party's no-deal value is its utility at one outcome, summed in the
    # reversed order: a tie that floating-point sums in the two orders may break
    backwards = _reversed_order(data)
    for party in backwards["parties"].values():
        party["no_deal"] = 0.0
    model = compile_scenario(from_data(backwards))
    outcome = model.decode(draw.draw(st.integers(0, model.n_outcomes - 1), label="outcome"))
    raw = model._raw_utility_of([outcome])[0]
    for name in data["parties"]:
        value = float(raw[model.party_index(name)])
        data["parties"][name]["no_deal"] = value
        backwards["parties"][name]["no_deal"] = value
    forwards_verdicts = _verdicts(analyze(from_data(data), progress=False))
    backwards_verdicts = _verdicts(analyze(from_data(backwards), progress=False))
    assert forwards_verdicts == backwards_verdicts
    assert forwards_verdicts["zone"] or forwards_verdicts["conflicts"] is not None


def test_weights_listed_in_either_order_decide_the_same_tie():
    text = """
negsim: 1
name: Ties
issues:
  a: {kind: boolean}
  b: {kind: boolean}
  c: {kind: boolean}
parties:
  p:
    no_deal: 1
    utility:
      %s: {weight: 0.7, values: {true: 1, false: 0}}
      b: {weight: 0.2, values: {true: 1, false: 0}}
      %s: {weight: 0.1, values: {true: 1, false: 0}}
"""
    one = analyze(load(text % ("a", "c")), progress=False)
    other = analyze(load(text % ("c", "a")), progress=False)
    assert one.zone_exists and other.zone_exists
    assert one.margin.value == other.margin.value == 0.0
    assert _verdicts(one)["members"] == _verdicts(other)["members"]
    assert one.zopa.count == 1
    assert one.zopa.model.decode(int(one.zopa.indices[0])) == {"a": True, "b": True, "c": True}


def test_to_frame_without_a_zone_is_the_diagnosis_not_an_empty_table():
    flagship = negsim.analyze(negsim.load(bundled_path(FLAGSHIP)), progress=False)
    frame = flagship.to_frame()
    assert not flagship.zone_exists and frame.attrs["table"] == "diagnosis"
    assert len(frame) == len(flagship.diagnosis.conflicts) + len(flagship.diagnosis.corrections)
    assert set(frame["kind"]) == {"conflict", "correction"}
