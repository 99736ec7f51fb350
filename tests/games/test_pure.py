"""Pure equilibria of n-player games, and payoffs built from a scenario."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import negsim
from negsim.games import NormalForm, equilibria, normal_form, solve_normal_form
from negsim.games.pure import best_response_mask, pure_equilibria
from negsim.games.verify import pure_regrets, regrets
from negsim.scenario.games import HOLD_OUT, ProposalGame

MINIMAL = Path(__file__).parents[1] / "data" / "minimal.yaml"


def brute_force(payoffs):
    """Pure equilibria by checking every unilateral deviation of every profile."""
    shape = payoffs.shape[:-1]
    found = []
    for profile in itertools.product(*map(range, shape)):
        stable = True
        for i, size in enumerate(shape):
            for other in range(size):
                deviation = list(profile)
                deviation[i] = other
                if payoffs[(*deviation, i)] > payoffs[(*profile, i)]:
                    stable = False
        if stable:
            found.append(profile)
    return found


def test_prisoners_dilemma_pure_equilibrium_is_mutual_defection():
    a = np.array([[3, 0], [5, 1]])
    assert pure_equilibria(np.stack([a, a.T], axis=-1)).tolist() == [[1, 1]]


def test_matching_pennies_has_no_pure_equilibrium():
    a = np.array([[1, -1], [-1, 1]])
    assert len(pure_equilibria(np.stack([a, -a], axis=-1))) == 0


def test_battle_of_the_sexes_pure_equilibria():
    payoffs = np.stack([[[3, 0], [0, 2]], [[2, 0], [0, 3]]], axis=-1)
    assert pure_equilibria(payoffs).tolist() == [[0, 0], [1, 1]]


def test_three_player_coordination_game():
    # each player gets 1 when all three choose the same, else 0
    shape = (2, 2, 2)
    same = np.zeros(shape)
    same[0, 0, 0] = same[1, 1, 1] = 1
    payoffs = np.stack([same] * 3, axis=-1)
    found = pure_equilibria(payoffs).tolist()
    # unanimity is stable, and so is any profile no single deviation can unify
    assert found == [list(p) for p in brute_force(payoffs)]
    assert [0, 0, 0] in found and [1, 1, 1] in found


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(1, 4), min_size=2, max_size=4).flatmap(
        lambda shape: arrays(np.int64, (*shape, len(shape)), elements=st.integers(-3, 3))
    )
)
def test_property_pure_equilibria_equal_brute_force(payoffs):
    found = [tuple(p) for p in pure_equilibria(payoffs.astype(float), tolerance=0.0)]
    assert found == brute_force(payoffs)
    if found:
        assert np.all(pure_regrets(payoffs.astype(float), np.array(found)) == 0)


def test_pure_regrets_match_the_mixed_regret_of_a_point_mass():
    rng = np.random.default_rng(4)
    payoffs = rng.random((3, 4, 2, 3))
    profiles = np.array([[0, 1, 1], [2, 3, 0], [1, 0, 0]])
    fast = pure_regrets(payoffs, profiles)
    for k, profile in enumerate(profiles):
        point = [np.eye(size)[a] for size, a in zip(payoffs.shape[:-1], profile, strict=True)]
        assert fast[k] == pytest.approx(regrets(payoffs, point))


def test_ties_within_the_tolerance_count_as_best_responses():
    payoffs = np.zeros((3, 1, 2))  # the row player's third strategy pays 0: range 1
    payoffs[0, 0, 0] = 1.0
    payoffs[1, 0, 0] = 1.0 - 1e-12  # a rounding-size difference
    assert best_response_mask(payoffs)[1, 0]
    assert not best_response_mask(payoffs, tolerance=0.0)[1, 0]


def test_n_player_default_is_pure_only_and_says_so():
    rng = np.random.default_rng(8)
    game = NormalForm.from_payoffs([rng.integers(0, 4, (2, 3, 2)) for _ in range(3)])
    result = solve_normal_form(game)
    assert result.scope == "pure"
    assert "mixed ones not searched" in result.statement
    expected = brute_force(game.payoffs)
    assert [
        tuple(game.strategies[i].index(next(iter(m))) for i, m in enumerate(e.strategies.values()))
        for e in result
    ] == expected


def test_gambit_mixed_equilibria_of_three_players_are_verified():
    pytest.importorskip("pygambit")
    rng = np.random.default_rng(0)
    game = NormalForm.from_payoffs([rng.integers(0, 10, (3, 3, 3)) for _ in range(3)])
    result = solve_normal_form(game, mixed=True, time_limit=60)
    assert result.method.endswith("Gambit gnm")
    assert result.scope == "pure+some"
    assert any(not e.pure for e in result)
    for e in result:
        assert e.regret <= 1e-9 * 9 + 1e-12


def test_gambit_missing_is_a_clear_error(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_gambit(name, *args, **kwargs):
        if name == "pygambit":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_gambit)
    game = NormalForm.from_payoffs([np.zeros((2, 2, 2))] * 3)
    with pytest.raises(negsim.NegsimError, match=r"negsim\[gambit\]"):
        solve_normal_form(game, mixed=True)


# ---------------------------------------------------------------- payoffs from a scenario


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


def test_three_party_proposal_game_pure_equilibria_match_brute_force():
    scenario = negsim.load(MINIMAL)
    data = scenario.to_data()
    data["parties"]["gamma"] = {
        "utility": {"share": {"weight": 1, "points": [[0, 0], [100, 1]]}},
        "no_deal": 0.2,
    }
    data["proposals"]["west"] = {
        "outcome": {"regions": ["south"], "recognition": "de_jure", "guarantee": False, "share": 80}
    }
    scenario = negsim.from_data(data)
    result = equilibria(scenario)
    model = negsim.compile_scenario(scenario)
    game = normal_form(model, "proposals", ProposalGame(kind="proposal"))
    assert len(result) == len(brute_force(game.payoffs))
    assert result.scope == "pure"
    # everyone holding out is always an equilibrium: no one can make a deal alone
    assert any(all(next(iter(m)) == HOLD_OUT for m in e.strategies.values()) for e in result)
    assert sum(result.by_outcome()["equilibria"]) == len(result)


def test_a_game_outcome_reads_in_one_line():
    model = negsim.compile_scenario(negsim.load(MINIMAL))
    game = normal_form(model, "p", ProposalGame(kind="proposal"))
    labels = {repr(o) for o in game.outcomes}
    assert "<GameOutcome no deal>" in labels
    deal = next(o for o in game.outcomes if o.is_deal)
    assert repr(deal).startswith(f"<GameOutcome {deal.label}")
    assert (", breaks " in repr(deal)) == bool(deal.breaches)
    assert deal.to_dict()["terms"] == dict(deal.terms)


def test_same_pure_equilibria_as_gambit_enumpure_on_seeded_random_games():
    gambit = pytest.importorskip("pygambit")
    rng = np.random.default_rng(15)
    with_ties = found_any = 0
    for k in range(200):
        shape = tuple(int(s) for s in rng.integers(1, 4, size=rng.integers(2, 5)))
        high = (2, 4, 1000)[k % 3]  # small ranges: many ties between best responses
        arrays_ = [rng.integers(0, high, shape) for _ in shape]
        game = gambit.Game.from_arrays(*arrays_)
        reference = set()
        for eq in gambit.nash.enumpure_solve(game).equilibria:
            reference.add(
                tuple(
                    next(i for i, s in enumerate(player.strategies) if eq[player][s] == 1)
                    for player in game.players
                )
            )
        payoffs = np.stack(arrays_, axis=-1).astype(float)
        ours = {tuple(int(a) for a in p) for p in pure_equilibria(payoffs)}
        assert ours == reference, (shape, arrays_)
        with_ties += high == 2 and len(ours) > 1
        found_any += bool(ours)
    assert with_ties >= 10 and found_any >= 150
