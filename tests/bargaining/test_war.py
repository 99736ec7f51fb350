from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import negsim
from negsim.bargaining.war import (
    allowed_shares,
    commitment_problem,
    fearon_range,
    war_value_breakdown,
)
from negsim.errors import AnalysisError

DATA = Path(__file__).parents[1] / "data"
prob = st.floats(0.0, 1.0)
cost = st.floats(0.0, 0.5)

# ---------------------------------------------------------------- Fearon


def test_common_belief_range():
    r = fearon_range(0.5, 0.1, 0.1)
    assert r.exists
    assert r.interval == pytest.approx((0.4, 0.6))
    assert r.width == pytest.approx(0.2)
    assert r.contains(0.5) and not r.contains(0.3) and not r.contains(0.61)
    assert "[0.4, 0.6]" in r.reason


def test_range_is_clipped_to_shares():
    r = fearon_range(0.95, 0.1, 0.1)
    assert r.high == pytest.approx(1.05)
    assert r.interval == pytest.approx((0.85, 1.0))


def test_mutual_optimism_closes_the_range_and_costs_reopen_it():
    r = fearon_range(0.7, 0.05, 0.05, p_b=0.4)
    assert not r.exists and r.mutual_optimism
    assert r.interval is None and r.width == 0.0
    assert not r.contains(0.5)
    assert "mutual optimism" in r.reason
    wider = fearon_range(0.7, 0.2, 0.2, p_b=0.4)
    assert wider.exists and wider.interval == pytest.approx((0.5, 0.6))


def test_indivisibility_closes_the_range():
    r = fearon_range(0.5, 0.05, 0.05, allowed=[0.0, 1.0])
    assert not r.exists and not r.mutual_optimism
    assert r.interval == pytest.approx((0.45, 0.55))
    assert r.settlements == ()
    assert "indivisibility" in r.reason
    split = fearon_range(0.5, 0.05, 0.05, allowed=[1.0, 0.5, 0.0])
    assert split.exists and split.settlements == (0.5,)
    assert split.contains(0.5) and not split.contains(0.46)


@settings(max_examples=100, deadline=None)
@given(prob, prob, cost, cost, prob)
def test_range_is_every_share_both_prefer_to_war(p_a, p_b, c_a, c_b, x):
    r = fearon_range(p_a, c_a, c_b, p_b=p_b)
    a_prefers = x >= p_a - c_a  # A's expected war payoff, in its own belief
    b_prefers = 1 - x >= (1 - p_b) - c_b  # B's, in its own belief
    assert r.exists == (p_a - c_a <= p_b + c_b)
    if abs(x - (p_a - c_a)) > 1e-9 and abs(x - (p_b + c_b)) > 1e-9:
        assert r.contains(x) == (a_prefers and b_prefers)


@settings(max_examples=50, deadline=None)
@given(prob, cost, cost)
def test_common_beliefs_and_positive_costs_always_leave_a_range(p, c_a, c_b):
    assert fearon_range(p, c_a, c_b).exists


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"p_a": 1.2, "cost_a": 0.1, "cost_b": 0.1}, "probability"),
        ({"p_a": 0.5, "cost_a": -0.1, "cost_b": 0.1}, "non-negative"),
        ({"p_a": 0.5, "cost_a": 0.1, "cost_b": 0.1, "allowed": [2.0]}, "shares"),
        ({"p_a": 0.5, "cost_a": 0.1, "cost_b": 0.1, "allowed": []}, "at least one"),
    ],
)
def test_fearon_input_errors(kwargs, message):
    with pytest.raises(AnalysisError, match=message):
        fearon_range(**kwargs)


def test_fearon_renders():
    r = fearon_range(0.5, 0.1, 0.1, sides=("Ukraine", "Russia"))
    assert "Ukraine" in r.reason
    assert r.to_dict()["interval"] == pytest.approx([0.4, 0.6])
    assert len(r.to_frame()) == 1
    assert "Fearon" in r._repr_html_()


# ---------------------------------------------------------------- Powell


def values_for(p_now, p_future, c_a, c_b, delta):
    """A declining: fight now, or take everything now and p_future + c_B for ever after."""
    war = (p_now - c_a) / (1 - delta)
    deal = 1 + delta * min(1.0, p_future + c_b) / (1 - delta)
    return war, deal


def test_small_shift_peace_large_shift_war():
    small = commitment_problem(0.6, 0.5, 0.05, 0.05, 0.9)
    large = commitment_problem(0.6, 0.3, 0.05, 0.05, 0.9)
    assert small.declining == "A" and not small.war
    assert large.war and large.shift == pytest.approx(0.3)
    war, deal = values_for(0.6, 0.3, 0.05, 0.05, 0.9)
    assert large.war_value == pytest.approx(war)
    assert large.best_offer_value == pytest.approx(deal)
    assert large.guarantee_needed == pytest.approx(large.shift - large.threshold)


@settings(max_examples=100, deadline=None)
@given(prob, prob, cost, cost, st.floats(0.05, 0.99))
def test_war_exactly_when_shift_exceeds_threshold(p_now, p_future, c_a, c_b, delta):
    r = commitment_problem(p_now, p_future, c_a, c_b, delta)
    if abs(r.shift - r.threshold) > 1e-9:
        assert r.war == (r.shift > r.threshold)
    if r.declining == "A":
        war, deal = values_for(p_now, p_future, c_a, c_b, delta)
        assert r.war == (war > deal)


def test_patient_sides_fight_when_shift_exceeds_sum_of_costs():
    r = commitment_problem(0.6, 0.2, 0.1, 0.15, 0.999999)
    assert r.threshold == pytest.approx(0.25, abs=1e-5)
    assert r.war
    assert not commitment_problem(0.6, 0.4, 0.1, 0.15, 0.999999).war


def test_guarantee_shrinks_the_shift():
    base = commitment_problem(0.6, 0.2, 0.05, 0.05, 0.9)
    assert base.war
    short = commitment_problem(0.6, 0.2, 0.05, 0.05, 0.9, guarantee=base.guarantee_needed * 0.5)
    enough = commitment_problem(0.6, 0.2, 0.05, 0.05, 0.9, guarantee=base.guarantee_needed + 1e-6)
    assert short.war and not enough.war
    assert enough.effective_shift == pytest.approx(base.threshold - 1e-6)
    assert "given" in short.reason


@settings(max_examples=50, deadline=None)
@given(prob, prob, cost, cost, st.floats(0.05, 0.99))
def test_rising_side_is_a_mirror_image(p_now, p_future, c_a, c_b, delta):
    r = commitment_problem(p_now, p_future, c_a, c_b, delta)
    mirror = commitment_problem(1 - p_now, 1 - p_future, c_b, c_a, delta)
    assert r.war == mirror.war
    if r.shift > 1e-9:  # 1 - p can round a tiny shift away
        assert {r.declining, mirror.declining} == {"A", "B"}
        assert r.threshold == pytest.approx(mirror.threshold)


def test_no_shift_no_problem():
    r = commitment_problem(0.5, 0.5, 0.1, 0.1, 0.9)
    assert r.declining is None and not r.war
    assert "No shift" in r.reason


def test_commitment_input_errors_and_rendering():
    with pytest.raises(AnalysisError, match="delta"):
        commitment_problem(0.6, 0.3, 0.1, 0.1, 1.0)
    with pytest.raises(AnalysisError, match="guarantee"):
        commitment_problem(0.6, 0.3, 0.1, 0.1, 0.9, guarantee=-1)
    r = commitment_problem(0.6, 0.3, 0.1, 0.1, 0.9)
    assert r.to_dict()["war"] == r.war
    assert len(r.to_frame()) == 1
    assert "Commitment" in r._repr_html_()
    assert "CommitmentProblem" in repr(r)


# ---------------------------------------------------------------- no-deal values


@pytest.fixture(scope="module")
def model():
    return negsim.compile_scenario(negsim.load(DATA / "minimal.yaml"))


def test_war_value_breakdown_reuses_the_model(model):
    b = war_value_breakdown(model, "beta")
    p = model.party_index("beta")
    assert b.kind == "war"
    assert b.value == pytest.approx(model.no_deal[p])
    assert b.expected - b.cost == pytest.approx(b.value)
    spec = model.scenario.parties["beta"].no_deal.war
    assert [br.p for br in b.branches] == [x.p for x in spec.lottery]
    outcome_branch = b.branches[1]
    assert outcome_branch.outcome is not None
    assert outcome_branch.utility == pytest.approx(model.utility_of([outcome_branch.outcome])[0, p])
    assert b.to_dict()["branches"][0]["contribution"] == pytest.approx(b.branches[0].contribution)
    assert len(b.to_frame()) == len(spec.lottery)
    assert "cost" in repr(b)


def test_numeric_no_deal_has_no_branches(model):
    b = war_value_breakdown(model, "alpha")
    assert b.kind == "number" and b.branches == ()
    assert b.value == model.no_deal[model.party_index("alpha")]
    assert "given" in repr(b)


def test_unknown_party(model):
    with pytest.raises(AnalysisError, match="unknown party"):
        war_value_breakdown(model, "gamma")


def test_allowed_shares_follow_the_red_lines(model):
    assert allowed_shares(model, "share") == pytest.approx(np.linspace(0, 1, 11))
    scenario = model.scenario.with_(
        {
            "parties.alpha.red_lines": [
                {"id": "half", "rule": "share >= 50", "says": "At least half.", "source": "test"}
            ]
        }
    )
    restricted = negsim.compile_scenario(scenario)
    shares = allowed_shares(restricted, "share")
    assert shares == pytest.approx(np.linspace(0.5, 1, 6))
    assert allowed_shares(restricted, "share", parties=["beta"]) == pytest.approx(
        np.linspace(0, 1, 11)
    )
    # the allowed shares close a range that lies below one half
    assert not fearon_range(0.3, 0.05, 0.1, allowed=shares).exists
    with pytest.raises(AnalysisError, match="not continuous"):
        allowed_shares(model, "regions")
    with pytest.raises(AnalysisError, match="unknown issue"):
        allowed_shares(model, "water")


def test_a_war_branch_reads_in_one_line(model):
    b = war_value_breakdown(model, "beta")
    for branch in b.branches:
        text = repr(branch)
        assert text.startswith("<WarBranch ") and "\n" not in text
        assert f"p={branch.p:.4g}" in text and f"utility {branch.utility:.4g}" in text
        assert branch.to_dict()["contribution"] == pytest.approx(branch.p * branch.utility)
