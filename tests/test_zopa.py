"""The zone of possible agreement, pairwise zones and margin (negsim.zone.enumeration)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from negsim import compile_scenario, from_data, load
from negsim.errors import AnalysisError
from negsim.zone.decide import margin
from negsim.zone.enumeration import enumerated_margin, margin_from_arrays, pairwise, zone_mask, zopa
from negsim.zone.results import ENUMERATION, GRID
from tests.strategies import rules, scenarios

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def territory(red_lines: list[dict] | None = None, p: float = 0.625) -> dict:
    """Fearon's bargaining range on a territory split in eighths.

    A holds share ``x``; war gives A ``p - c_A`` and B ``1 - p - c_B``, so the
    range of peaceful splits is ``[p - c_A, p + c_B]`` (Fearon 1995).
    """
    options = [f"s{i}" for i in range(9)]
    return {
        "negsim": 1,
        "name": "territory",
        "issues": {"control": {"kind": "ordinal", "options": options}},
        "parties": {
            "a": {
                "utility": {
                    "control": {"weight": 1, "values": {o: i / 8 for i, o in enumerate(options)}}
                },
                "no_deal": {
                    "war": {
                        "cost": 0.125,
                        "lottery": [{"p": p, "utility": 1}, {"p": 1 - p, "utility": 0}],
                    }
                },
            },
            "b": {
                "utility": {
                    "control": {
                        "weight": 1,
                        "values": {o: 1 - i / 8 for i, o in enumerate(options)},
                    }
                },
                "no_deal": 1 - p - 0.125,
                "red_lines": red_lines or [],
            },
        },
    }


def three_way() -> dict:
    """Every pair of parties shares an acceptable outcome; the three together do not."""
    values = {"north": 0, "centre": 0, "south": 0}

    def party(allowed: str) -> dict:
        return {
            "utility": {"capital": {"weight": 1, "values": values}},
            "no_deal": -1,
            "red_lines": [
                {"id": "seat", "rule": f"capital in {{{allowed}}}", "says": "s", "source": "t"}
            ],
        }

    return {
        "negsim": 1,
        "name": "three",
        "issues": {"capital": {"kind": "categorical", "options": list(values)}},
        "parties": {
            "x": party("north, centre"),
            "y": party("centre, south"),
            "z": party("north, south"),
        },
    }


def test_fearon_range_is_the_zone() -> None:
    model = compile_scenario(from_data(territory()))
    zone = zopa(model)
    assert zone.method == ENUMERATION
    assert list(zone.members(None).sort_index()["control"]) == ["s4", "s5", "s6"]
    assert zone.count == 3
    assert zone.share == pytest.approx(3 / 9)
    found = margin(model)
    assert found.exact
    assert found.value == pytest.approx(0.125)
    assert found.outcome == {"control": "s5"}
    assert found.zone_exists


def test_indivisibility_closes_the_range() -> None:
    indivisible = [
        {"id": "all-or-nothing", "rule": "control in {s0, s8}", "says": "s", "source": "t"}
    ]
    model = compile_scenario(from_data(territory(indivisible)))
    assert zopa(model).count == 0
    found = margin(model)
    assert found.value == pytest.approx(-0.25)
    assert found.outcome == {"control": "s8"}
    assert not found.zone_exists
    assert found.surplus == pytest.approx({"a": 0.5, "b": -0.25})


def test_every_pair_agrees_but_not_all_three() -> None:
    model = compile_scenario(from_data(three_way()))
    pairs = pairwise(model)
    assert [n for _, _, n in pairs.pairs()] == [1, 1, 1]
    assert np.diag(pairs.counts).tolist() == [2, 2, 2]
    assert zopa(model).count == 0
    assert pairs.to_frame().loc["x", "y"] == 1


def test_margin_is_undefined_when_red_lines_alone_conflict() -> None:
    data = three_way()
    data["parties"]["x"]["red_lines"][0]["rule"] = "capital == north and capital == south"
    found = margin(compile_scenario(from_data(data)))
    assert found.value is None
    assert found.outcome is None
    assert "red line" in found.reason
    assert not found.zone_exists
    json.dumps(found.to_dict(), allow_nan=False)


def test_members_are_capped_and_ordered_by_smallest_surplus() -> None:
    model = compile_scenario(load("tests/data/minimal.yaml"))
    zone = zopa(model)
    assert zone.method == GRID
    assert zone.resolution == {"share": 11}
    capped = zone.members(limit=5)
    assert len(capped) == 5
    assert capped.attrs == {"total": zone.count, "limit": 5, "truncated": True}
    worst = capped[[f"{p} surplus" for p in model.parties]].min(axis=1)
    assert worst.is_monotonic_decreasing
    assert (worst >= 0).all()
    full = zone.members(None)
    assert len(full) == zone.count
    assert not full.attrs["truncated"]
    for index, row in full.head(3).iterrows():
        assert model.decode(index) == {k: row[k] for k in model.space.names}
    data = zone.to_dict()
    json.dumps(data, allow_nan=False)
    assert data["count"] == zone.count
    assert "41 of 528" in repr(zone) or f"{zone.count} of" in repr(zone)


def test_margin_from_arrays_matches_a_plain_loop() -> None:
    rng = np.random.default_rng(3)
    utility = rng.normal(size=(50, 3))
    no_deal = rng.normal(size=3)
    feasible = rng.random(50) < 0.3
    value, index = margin_from_arrays(utility, no_deal, feasible)
    best = max((min(utility[i] - no_deal), i) for i in range(50) if feasible[i])
    assert value == pytest.approx(best[0])
    assert feasible[index]
    assert margin_from_arrays(utility, no_deal, np.zeros(50, bool)) == (None, None)
    assert margin_from_arrays(utility, no_deal)[0] >= value


# ---------------------------------------------------------------- properties


@SETTINGS
@given(scenarios(max_outcomes=120, continuous=False), st.data())
def test_margin_is_nonnegative_exactly_when_the_zone_is_not_empty(scenario, data) -> None:
    model = compile_scenario(scenario)
    found = enumerated_margin(model)
    assert found.zone_exists == bool(zone_mask(model).any())
    if found.value is None:
        assert not model.feasible_mask.any()
    else:
        assert model.feasible_mask[found.index]


@SETTINGS
@given(scenarios(max_outcomes=120, continuous=True), st.data())
def test_adding_a_red_line_never_grows_the_zone(scenario, data) -> None:
    before = zone_mask(compile_scenario(scenario))
    party = data.draw(st.sampled_from(sorted(scenario.parties)))
    rule = data.draw(rules(scenario.issues, max_leaves=3))
    changed = scenario.to_data()
    # strategy ids have at most 11 characters, so this one is new
    changed["parties"][party]["red_lines"].append(
        {"id": "added-in-test", "rule": rule, "says": "added", "source": "test"}
    )
    model = compile_scenario(from_data(changed))
    after = zone_mask(model)
    assert not (after & ~before).any()
    # exactly the old zone less the outcomes the new rule excludes, and the
    # party's acceptable set shrinks the same way (zones are often empty, so
    # this is what makes the property bite)
    added = model.red_line_masks[[rl.key for rl in model.red_lines].index(f"{party}/added-in-test")]
    np.testing.assert_array_equal(after, before & added)
    old = compile_scenario(scenario).acceptable_masks[model.party_index(party)]
    np.testing.assert_array_equal(model.acceptable_masks[model.party_index(party)], old & added)


@SETTINGS
@given(scenarios(max_outcomes=120, continuous=True), st.data())
def test_raising_a_no_deal_value_never_grows_the_zone(scenario, data) -> None:
    model = compile_scenario(scenario)
    before = zone_mask(model)
    p = data.draw(st.integers(0, len(model.parties) - 1))
    raise_by = data.draw(st.floats(0, 5))
    raised = scenario.with_(
        {f"parties.{model.parties[p]}.no_deal": float(model.no_deal[p]) + raise_by}
    )
    raised_model = compile_scenario(raised)
    after = zone_mask(raised_model)
    assert not (after & ~before).any()
    # exactly the old zone less the outcomes now below the raised floor; the
    # other parties' acceptable sets do not move
    floor = raised_model.utility[:, p] >= raised_model.no_deal[p]
    np.testing.assert_array_equal(after, before & floor)
    others = [q for q in range(len(model.parties)) if q != p]
    np.testing.assert_array_equal(
        raised_model.acceptable_masks[others], model.acceptable_masks[others]
    )
    shrunk = raised_model.acceptable_masks[p]
    assert not (shrunk & ~model.acceptable_masks[p]).any()


@SETTINGS
@given(scenarios(max_outcomes=120, continuous=True))
def test_pairwise_counts_bound_the_zone(scenario) -> None:
    model = compile_scenario(scenario)
    pairs = pairwise(model)
    accept = model.acceptable_masks
    assert (pairs.counts == pairs.counts.T).all()
    assert np.diag(pairs.counts).tolist() == accept.sum(axis=1).tolist()
    count = zopa(model).count
    assert (pairs.counts >= count).all()
    for a, b, n in pairs.pairs():
        i, j = model.party_index(a), model.party_index(b)
        assert n == int((accept[i] & accept[j]).sum())


def test_pairwise_count_of_an_unknown_party_is_a_negsim_error() -> None:
    pairs = pairwise(compile_scenario(load("tests/data/minimal.yaml")))
    assert pairs.count("alpha", "beta") == pairs.count("beta", "alpha")
    with pytest.raises(AnalysisError, match="unknown party 'gamma'"):
        pairs.count("alpha", "gamma")
