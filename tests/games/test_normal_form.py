"""Payoff tensors built from a scenario's proposals and outcomes (negsim.games.normal_form)."""

from __future__ import annotations

from pathlib import Path

import pytest

import negsim
from negsim.games import equilibria, normal_form
from negsim.scenario.games import HOLD_OUT, ProposalGame

MINIMAL = Path(__file__).parents[1] / "data" / "minimal.yaml"


def test_proposal_game_payoffs_come_from_utilities_and_no_deal_values():
    model = negsim.compile_scenario(negsim.load(MINIMAL))
    game = normal_form(model, "p", ProposalGame(kind="proposal"))
    assert game.players == ("alpha", "beta")
    assert game.strategies[0] == ("east_for_peace", HOLD_OUT)
    deal = model.utility_of([model.scenario.proposals["east_for_peace"].outcome])[0]
    assert game.payoffs[0, 0] == pytest.approx(deal)
    for profile in [(0, 1), (1, 0), (1, 1)]:
        assert game.payoffs[profile] == pytest.approx(model.no_deal)
        assert game.outcomes[game.outcome_of[profile]].label == "no deal"


def test_red_line_breach_scores_no_deal_minus_the_penalty():
    scenario = negsim.load(MINIMAL)
    # beta's red line needs recognition >= de_facto; this proposal gives none
    scenario = scenario.with_(
        {
            "proposals.no_recognition": {
                "outcome": {
                    "regions": ["east"],
                    "recognition": "none",
                    "guarantee": True,
                    "share": 50,
                },
            }
        }
    )
    model = negsim.compile_scenario(scenario)
    spec = ProposalGame(kind="proposal", proposals=("no_recognition",), breach_penalty=0.25)
    game = normal_form(model, "p", spec)
    outcome = game.outcomes[game.outcome_of[0, 0]]
    assert outcome.breaches == ("beta/some-land",)
    beta = model.party_index("beta")
    assert game.payoffs[0, 0, 1] == pytest.approx(model.no_deal[beta] - 0.25)
    alpha_utility = model.utility_of([scenario.proposals["no_recognition"].outcome])[0, 0]
    assert game.payoffs[0, 0, 0] == pytest.approx(alpha_utility)
    result = equilibria(model, spec)
    assert result.breach_penalty == 0.25
    # beta never agrees to a deal that breaks its red line
    assert all(e.deal_probability == 0 for e in result)


def test_a_game_outcome_reads_in_one_line():
    model = negsim.compile_scenario(negsim.load(MINIMAL))
    game = normal_form(model, "p", ProposalGame(kind="proposal"))
    labels = {repr(o) for o in game.outcomes}
    assert "<GameOutcome no deal>" in labels
    deal = next(o for o in game.outcomes if o.is_deal)
    assert repr(deal).startswith(f"<GameOutcome {deal.label}")
    assert (", breaks " in repr(deal)) == bool(deal.breaches)
    assert deal.to_dict()["terms"] == dict(deal.terms)
