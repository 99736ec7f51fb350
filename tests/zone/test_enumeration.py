"""The zone, pairwise zones, margin and diagnosis by enumeration (negsim.zone.enumeration)."""

from __future__ import annotations

import itertools
import json
import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from negsim import compile_scenario, from_data
from negsim.zone.constraints import constraint_masks, constraints_of
from negsim.zone.decide import diagnose, margin
from negsim.zone.enumeration import enumerated_margin, margin_from_arrays, pairwise, zone_mask, zopa
from negsim.zone.results import ENUMERATION
from tests.strategies import rules, scenarios
from tests.zone.examples import land_for_peace, red_line, territory, three_way

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DIAGNOSIS_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


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
    # the red lines alone conflict: the least concession breaks one of them
    assert found.least_concession.broken == ("russia/four-regions",)
    assert found.least_concession.total == 0
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


@DIAGNOSIS_SETTINGS
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


@DIAGNOSIS_SETTINGS
@given(scenarios(max_outcomes=60, continuous=False, max_red_lines=2))
def test_least_concession_is_least(scenario) -> None:
    model = compile_scenario(scenario)
    found = diagnose(model)
    if found is None:
        return
    broken = (~model.red_line_masks).sum(axis=0)
    fewest = broken == broken.min()
    shortfall = np.maximum(model.no_deal - model.utility, 0).sum(axis=1)
    concession = found.least_concession
    assert found.red_lines_conflict == (not model.feasible_mask.any()) == bool(concession.broken)
    assert fewest[concession.index]
    assert len(concession.broken) == broken.min()
    keys = [r.key for r in model.red_lines]
    breaks = [keys[r] for r in np.flatnonzero(~model.red_line_masks[:, concession.index])]
    assert list(concession.broken) == breaks
    assert concession.total == pytest.approx(shortfall[fewest].min())
    if model.feasible_mask.any():
        assert concession.total > 0


# ---------------------------------------------------------------- what corrections open


def brute_force_deals(model, keys: tuple[str, ...], limit: int = 3) -> list[int]:
    """The best ``limit`` outcomes a correction opens, by a plain loop over every outcome."""
    masks = constraint_masks(model)
    names = [c.key for c in constraints_of(model)]
    kept = [p for p, party in enumerate(model.parties) if f"{party}/no-deal" not in keys]
    dropped = [p for p in range(len(model.parties)) if p not in kept]
    opened = []
    for i in range(model.n_outcomes):
        if all(masks[c, i] for c, name in enumerate(names) if name not in keys):
            surplus = [model.utility[i, p] - model.no_deal[p] for p in kept]
            need = sum(max(0.0, model.no_deal[p] - model.utility[i, p]) for p in dropped)
            opened.append((float(need), float(np.prod(surplus)), float(sum(surplus)), i))
    # the dropped parties' total fall first (least first), then the Nash product and sum
    # of the kept; within a billionth of the largest (in size) is a tie, as documented
    top = [max(max((abs(row[k]) for row in opened), default=0.0) or 1.0, 1e-300) for k in range(3)]
    scored = sorted(
        (
            round(n / max(top[0] * 1e-9, sys.float_info.min)),
            -round(x / max(top[1] * 1e-9, sys.float_info.min)),
            -round(t / max(top[2] * 1e-9, sys.float_info.min)),
            i,
        )
        for n, x, t, i in opened
    )
    return [row[-1] for row in scored[:limit]]


def brute_force_falls(model, keys: tuple[str, ...]) -> dict[str, float]:
    """Least total shortfall of the dropped parties over the opened outcomes, per party."""
    masks = constraint_masks(model)
    names = [c.key for c in constraints_of(model)]
    dropped = [p for p, party in enumerate(model.parties) if f"{party}/no-deal" in keys]
    best = None
    for i in range(model.n_outcomes):
        if all(masks[c, i] for c, name in enumerate(names) if name not in keys):
            short = [max(0.0, model.no_deal[p] - model.utility[i, p]) for p in dropped]
            if best is None or sum(short) < sum(best):
                best = short
    return {model.parties[p]: s for p, s in zip(dropped, best or [], strict=True)}


def test_border_talks_corrections_open_the_brute_force_deals() -> None:
    from negsim.scenario.examples import border_talks

    model = compile_scenario(border_talks().with_({"parties.beta.no_deal": 0.7}))
    found = diagnose(model)
    red_line, no_deal = found.corrections
    for correction in found.corrections:
        assert [d.index for d in correction.deals] == brute_force_deals(model, correction.keys)
        for deal in correction.deals:
            assert deal.outcome == model.decode(deal.index)
            assert deal.utility == pytest.approx(
                dict(zip(model.parties, model.utility[deal.index], strict=True))
            )
            assert not deal.witness
    # dropping alpha's red line opens one deal: all the land with a guarantee
    assert [d.outcome for d in red_line.deals] == [{"land": "all", "guarantee": True}]
    assert red_line.falls == ()
    # beta would have to accept 0.02 less: some land without a guarantee gives it 0.68
    (fall,) = no_deal.falls
    assert (fall.key, fall.party) == ("beta/no-deal", "beta")
    assert fall.fall == pytest.approx(0.02)
    assert fall.to == pytest.approx(0.68)
    assert fall.fall == pytest.approx(0.7 - model.utility[model.feasible_mask, 1].max())
    assert {fall.party: fall.fall} == pytest.approx(brute_force_falls(model, no_deal.keys))
    assert len(no_deal.deals) == 3 and no_deal.opens == 4
    assert [d.index for d in diagnose(model, deals=1).corrections[1].deals] == [
        no_deal.deals[0].index
    ]
    frame = found.corrections_frame()
    assert frame["no-deal falls"].tolist() == ["", "beta 0.7 -> 0.68"]
    assert frame["best deal"].tolist()[0] == "land=all, guarantee=True"
    data = found.to_dict()["corrections"][1]
    assert data["no_deal_falls"][0]["to"] == pytest.approx(0.68)
    assert [d["index"] for d in data["deals"]] == [d.index for d in no_deal.deals]
    json.dumps(found.to_dict(), allow_nan=False)


def test_several_dropped_no_deal_values_fall_by_the_least_total() -> None:
    model = compile_scenario(
        from_data(three_way()).with_({f"parties.{p}.no_deal": 0.5 for p in "xyz"})
    )
    found = diagnose(model, max_conflicts=None, max_corrections=None)
    for correction in found.corrections:
        expected = brute_force_falls(model, correction.keys)
        assert {f.party: f.fall for f in correction.falls} == pytest.approx(expected)
        assert [d.index for d in correction.deals] == brute_force_deals(model, correction.keys)


def test_red_lines_alone_conflicting_still_give_a_least_concession() -> None:
    data = three_way()
    data["parties"]["x"]["red_lines"].append(red_line("coast", "capital == south"))
    model = compile_scenario(from_data(data))
    found = diagnose(model)
    assert found.red_lines_conflict
    concession = found.least_concession
    broken = (~model.red_line_masks).sum(axis=0)
    assert len(concession.broken) == broken.min() == 1
    keys = [r.key for r in model.red_lines]
    assert list(concession.broken) == [
        keys[r] for r in np.flatnonzero(~model.red_line_masks[:, concession.index])
    ]
    assert "breaks" in repr(concession)
    assert found.to_dict()["least_concession"]["broken"] == list(concession.broken)


@DIAGNOSIS_SETTINGS
@given(scenarios(max_outcomes=60, continuous=False, max_red_lines=2))
def test_deals_and_falls_match_brute_force(scenario) -> None:
    model = compile_scenario(scenario)
    found = diagnose(model, max_conflicts=None, max_corrections=None)
    if found is None:
        return
    for correction in found.corrections:
        assert [d.index for d in correction.deals] == brute_force_deals(model, correction.keys)
        expected = brute_force_falls(model, correction.keys)
        assert {f.party: f.fall for f in correction.falls} == pytest.approx(expected)
        assert all(f.fall > 0 for f in correction.falls)
