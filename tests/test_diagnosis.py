"""Minimal conflicts, minimal corrections and least concession (negsim.zone.diagnosis)."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from negsim import compile_scenario, from_data
from negsim.zone.constraints import constraint_masks, constraints_of
from negsim.zone.decide import diagnose
from negsim.zone.hitting_sets import minimal_hitting_sets, minimal_sets
from tests.strategies import scenarios
from tests.test_zopa import territory, three_way

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def red_line(rid: str, rule: str) -> dict:
    return {"id": rid, "rule": rule, "says": rid, "source": "test"}


def land_for_peace() -> dict:
    """Two red lines that collide head on, and a third party that is easy to please."""
    regions = ["donetsk", "luhansk", "kherson", "zaporizhzhia"]
    return {
        "negsim": 1,
        "name": "land for peace",
        "issues": {
            "ceded": {"kind": "subset", "items": regions},
            "guarantee": {"kind": "boolean"},
        },
        "parties": {
            "ukraine": {
                "utility": {
                    "ceded": {"weight": 1, "values": dict.fromkeys(regions, -0.2)},
                    "guarantee": {"weight": 1, "values": {"true": 0.5, "false": 0}},
                },
                "no_deal": -1,
                "red_lines": [red_line("not-an-inch", "ceded == {}")],
            },
            "russia": {
                "utility": {"ceded": {"weight": 1, "values": dict.fromkeys(regions, 0.25)}},
                "no_deal": 0,
                "red_lines": [red_line("four-regions", "ceded == {" + ", ".join(regions) + "}")],
            },
            "us": {
                "utility": {"guarantee": {"weight": 1, "values": {"true": 0, "false": 1}}},
                "no_deal": -1,
            },
        },
    }


def brute_force(model) -> tuple[set[frozenset], set[frozenset]]:
    """All minimal conflicts and minimal corrections by checking every subset of constraints."""
    masks = constraint_masks(model)
    n = masks.shape[0]
    feasible = {}
    for size in range(n + 1):
        for subset in itertools.combinations(range(n), size):
            ok = np.ones(model.n_outcomes, bool)
            for c in subset:
                ok &= masks[c]
            feasible[frozenset(subset)] = bool(ok.any())
    everything = frozenset(range(n))
    conflicts = {s for s, ok in feasible.items() if not ok and all(feasible[s - {c}] for c in s)}
    corrections = {
        s
        for s, ok in feasible.items()
        if feasible[everything - s] and all(not feasible[everything - (s - {c})] for c in s)
    }
    return conflicts, corrections


def keys_to_indices(model, keys_list) -> set[frozenset]:
    keys = [c.key for c in constraints_of(model)]
    return {frozenset(keys.index(k) for k in ks) for ks in keys_list}


# ---------------------------------------------------------------- oracles


def test_land_for_peace_conflict_is_the_two_red_lines() -> None:
    model = compile_scenario(from_data(land_for_peace()))
    found = diagnose(model)
    assert found.method == "enumeration"
    assert [c.keys for c in found.conflicts] == [("ukraine/not-an-inch", "russia/four-regions")]
    assert not found.conflicts_truncated
    # russia's utility of ceding nothing equals its no-deal value: a tie is acceptable
    assert [(c.keys, c.opens) for c in found.corrections] == [
        (("ukraine/not-an-inch",), 2),
        (("russia/four-regions",), 2),
    ]
    assert found.red_lines_conflict
    assert found.least_concession is None
    json.dumps(found.to_dict(), allow_nan=False)


def test_three_parties_need_each_other_to_conflict() -> None:
    model = compile_scenario(from_data(three_way()))
    found = diagnose(model)
    assert [c.keys for c in found.conflicts] == [("x/seat", "y/seat", "z/seat")]
    assert [(c.keys, c.opens) for c in found.corrections] == [
        (("x/seat",), 1),
        (("y/seat",), 1),
        (("z/seat",), 1),
    ]


def test_indivisibility_conflict_and_least_concession() -> None:
    rule = [red_line("all-or-nothing", "control in {s0, s8}")]
    found = diagnose(compile_scenario(from_data(territory(rule))))
    assert [c.keys for c in found.conflicts] == [("b/all-or-nothing", "a/no-deal", "b/no-deal")]
    opens = {c.keys: c.opens for c in found.corrections}
    assert opens == {("b/all-or-nothing",): 3, ("a/no-deal",): 1, ("b/no-deal",): 1}
    concession = found.least_concession
    assert concession.outcome == {"control": "s8"}
    assert concession.total == pytest.approx(0.25)
    assert concession.shortfall == pytest.approx({"a": 0.0, "b": 0.25})
    assert not found.red_lines_conflict


def test_no_diagnosis_when_a_zone_exists() -> None:
    assert diagnose(compile_scenario(from_data(territory()))) is None


def test_more_than_64_constraints() -> None:
    rules = [red_line(f"yes-{i}", "flag == true") for i in range(70)]
    data = {
        "negsim": 1,
        "name": "wide",
        "issues": {"flag": {"kind": "boolean"}},
        "parties": {
            "a": {
                "utility": {"flag": {"weight": 1, "values": {"true": 0, "false": 0}}},
                "no_deal": 0,
                "red_lines": [*rules, red_line("no", "flag == false")],
            }
        },
    }
    model = compile_scenario(from_data(data))
    found = diagnose(model, max_conflicts=None)
    assert len(found.conflicts) == 70
    assert all(c.keys[-1] == "a/no" and len(c.keys) == 2 for c in found.conflicts)
    sizes = sorted(c.size for c in found.corrections)
    assert sizes == [1, 70]
    capped = diagnose(model, max_conflicts=5)
    assert len(capped.conflicts) == 5
    assert capped.conflicts_truncated


def test_minimal_sets_and_hitting_sets_on_bit_masks() -> None:
    assert sorted(minimal_sets([0b111, 0b011, 0b110, 0b011, 0b1000])) == [0b011, 0b110, 0b1000]
    assert sorted(minimal_hitting_sets([0b0011, 0b0110, 0b1100])) == [0b0101, 0b0110, 0b1010]
    assert list(minimal_hitting_sets([])) == [0]
    assert list(minimal_hitting_sets([0, 0b1])) == []
    wide = [1 << 70 | 1, 1 << 80]
    assert sorted(minimal_hitting_sets(wide)) == [1 << 80 | 1, 1 << 80 | 1 << 70]


# ---------------------------------------------------------------- properties


@SETTINGS
@given(scenarios(max_outcomes=60, continuous=False, max_red_lines=2))
def test_conflicts_and_corrections_match_brute_force(scenario) -> None:
    model = compile_scenario(scenario)
    found = diagnose(model, max_conflicts=None, max_corrections=None)
    if found is None:
        assert (constraint_masks(model).all(axis=0)).any()
        return
    conflicts, corrections = brute_force(model)
    assert keys_to_indices(model, [c.keys for c in found.conflicts]) == conflicts
    assert keys_to_indices(model, [c.keys for c in found.corrections]) == corrections
    masks = constraint_masks(model)
    keys = [c.key for c in constraints_of(model)]
    for correction in found.corrections:
        kept = [i for i, k in enumerate(keys) if k not in correction.keys]
        opened = masks[kept].all(axis=0)
        assert correction.opens == int(opened.sum()) > 0


@SETTINGS
@given(scenarios(max_outcomes=60, continuous=False, max_red_lines=2))
def test_least_concession_is_least(scenario) -> None:
    model = compile_scenario(scenario)
    found = diagnose(model)
    if found is None:
        return
    feasible = model.feasible_mask
    if not feasible.any():
        assert found.least_concession is None
        assert found.red_lines_conflict
        return
    shortfall = np.maximum(model.no_deal - model.utility, 0).sum(axis=1)
    concession = found.least_concession
    assert feasible[concession.index]
    assert concession.total == pytest.approx(shortfall[feasible].min())
    assert concession.total > 0


def test_conflicts_corrections_and_concession_read_in_one_line() -> None:
    found = diagnose(compile_scenario(from_data(land_for_peace())))
    (conflict,) = found.conflicts
    assert repr(conflict) == "<Conflict of 2: ukraine/not-an-inch with russia/four-regions>"
    assert [repr(c) for c in found.corrections] == [
        f"<Correction: drop {c.keys[0]} (opens {c.opens} outcomes)>" for c in found.corrections
    ]
    rule = [red_line("all-or-nothing", "control in {s0, s8}")]
    split = diagnose(compile_scenario(from_data(territory(rule))))
    lone = next(c for c in split.corrections if c.opens == 1)
    assert repr(lone) == f"<Correction: drop {lone.keys[0]} (opens 1 outcome)>"
    concession = split.least_concession
    assert repr(concession) == "<Concession of 0.25 in all (short: b 0.25) at {'control': 's8'}>"
    for item in (conflict, lone, concession):
        assert "\n" not in repr(item)
        json.dumps(item.to_dict(), allow_nan=False)
