"""Pure equilibria of n-player games (negsim.games.pure)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from negsim.games.pure import best_response_mask, pure_equilibria
from negsim.games.verify import pure_regrets
from tests.games.examples import brute_force


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


def test_ties_within_the_tolerance_count_as_best_responses():
    payoffs = np.zeros((3, 1, 2))  # the row player's third strategy pays 0: range 1
    payoffs[0, 0, 0] = 1.0
    payoffs[1, 0, 0] = 1.0 - 1e-12  # a rounding-size difference
    assert best_response_mask(payoffs)[1, 0]
    assert not best_response_mask(payoffs, tolerance=0.0)[1, 0]


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
