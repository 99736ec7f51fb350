"""Which equilibria a game is solved for, and by which method (negsim.games.solve)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import negsim
from negsim.errors import AnalysisError
from negsim.games import NormalForm, equilibria, normal_form, solve_normal_form
from negsim.scenario.games import HOLD_OUT, ProposalGame
from tests.games.examples import bimatrix_scenario, brute_force

MINIMAL = Path(__file__).parents[1] / "data" / "minimal.yaml"


def solve(a, b, **kwargs):
    return solve_normal_form(NormalForm.from_payoffs([a, b]), **kwargs)


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


def test_unknown_method_is_a_clear_error():
    with pytest.raises(AnalysisError, match="unknown method"):
        solve(np.eye(2), np.eye(2), method="magic")


def test_two_players_pure_only_on_request():
    scenario = bimatrix_scenario(np.array([[3, 0], [0, 2]]), np.array([[2, 0], [0, 3]]))
    result = equilibria(scenario, mixed=False)
    assert result.scope == "pure" and len(result) == 2 and all(e.pure for e in result)
