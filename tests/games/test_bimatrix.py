"""Two-player games: every extreme equilibrium, checked on published games, against
nashpy and Gambit, and by properties that hold for every game."""

from __future__ import annotations

import itertools

import nashpy
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from negsim.errors import AnalysisError
from negsim.games import NormalForm, solve_normal_form
from negsim.games.bimatrix import (
    basis_count,
    extreme_equilibria,
    polytope_vertices,
    scale_payoffs,
)
from negsim.games.verify import allowed_regret, payoff_ranges, regrets


def solve(a, b, **kwargs):
    return solve_normal_form(NormalForm.from_payoffs([a, b]), **kwargs)


def contains(found, expected, atol=1e-9):
    return any(
        all(np.allclose(f, e, atol=atol) for f, e in zip(pair, expected, strict=True))
        for pair in found
    )


def as_arrays(solution):
    return [[r, c] for r, c in zip(solution.rows, solution.cols, strict=True)]


# ---------------------------------------------------------------- published games


def test_prisoners_dilemma_has_one_equilibrium_mutual_defection():
    a = np.array([[3, 0], [5, 1]])  # rows: cooperate, defect
    sol = extreme_equilibria(a, a.T)
    assert len(sol.rows) == 1
    assert np.allclose(sol.rows[0], [0, 1]) and np.allclose(sol.cols[0], [0, 1])
    assert sol.degeneracy is None


def test_matching_pennies_has_only_the_even_mix():
    a = np.array([[1, -1], [-1, 1]])
    sol = extreme_equilibria(a, -a)
    assert len(sol.rows) == 1
    assert np.allclose(sol.rows[0], [0.5, 0.5]) and np.allclose(sol.cols[0], [0.5, 0.5])


def test_battle_of_the_sexes_has_its_three_equilibria():
    a = np.array([[3, 0], [0, 2]])
    b = np.array([[2, 0], [0, 3]])
    found = as_arrays(extreme_equilibria(a, b))
    assert len(found) == 3
    for expected in ([[1, 0], [1, 0]], [[0, 1], [0, 1]], [[0.6, 0.4], [0.4, 0.6]]):
        assert contains(found, [np.array(x, float) for x in expected])


def test_rock_paper_scissors_has_only_the_uniform_mix():
    a = np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    sol = extreme_equilibria(a, -a)
    assert len(sol.rows) == 1
    assert np.allclose(sol.rows[0], 1 / 3) and np.allclose(sol.cols[0], 1 / 3)


# The 3 x 2 examples of von Stengel (2002), "Computing equilibria for two-person
# games": the nondegenerate game has three equilibria; changing one payoff of B
# gives the row strategy "top" two best responses, and equilibria form a segment.
VON_STENGEL_A = np.array([[3, 3], [2, 5], [0, 6]])
VON_STENGEL_B = np.array([[3, 3], [2, 6], [3, 1]])
VON_STENGEL_B_NONDEGENERATE = np.array([[3, 2], [2, 6], [3, 1]])


def test_von_stengel_nondegenerate_game_has_three_equilibria():
    sol = extreme_equilibria(VON_STENGEL_A, VON_STENGEL_B_NONDEGENERATE)
    found = as_arrays(sol)
    expected = [
        ([1, 0, 0], [1, 0]),
        ([4 / 5, 1 / 5, 0], [2 / 3, 1 / 3]),
        ([0, 1 / 3, 2 / 3], [1 / 3, 2 / 3]),
    ]
    assert len(found) == 3
    for x, y in expected:
        assert contains(found, [np.array(x), np.array(y)])
    assert sol.degeneracy is None


def test_von_stengel_degenerate_game_extreme_equilibria_and_subsets():
    sol = extreme_equilibria(VON_STENGEL_A, VON_STENGEL_B)
    found = as_arrays(sol)
    expected = [
        ([1, 0, 0], [1, 0]),
        ([1, 0, 0], [2 / 3, 1 / 3]),
        ([0, 1 / 3, 2 / 3], [1 / 3, 2 / 3]),
    ]
    assert len(found) == 3
    for x, y in expected:
        assert contains(found, [np.array(x), np.array(y)])
    assert sol.degenerate
    assert sol.degeneracy.player == 0 and sol.degeneracy.best_responses == (0, 1)
    # the two equilibria with row "top" form one maximal Nash subset (a segment)
    sizes = sorted(len(s) for s in sol.nash_subsets)
    assert sizes == [1, 2]
    segment = next(s for s in sol.nash_subsets if len(s) == 2)
    assert all(np.allclose(sol.rows[e], [1, 0, 0]) for e in segment)


def test_von_stengel_result_says_extreme_and_names_the_degeneracy():
    result = solve(VON_STENGEL_A, VON_STENGEL_B)
    assert result.scope == "extreme"
    assert result.degenerate is True
    assert "s1" in result.degeneracy and "2 best responses" in result.degeneracy
    assert "maximal Nash subset" in result.statement


def mixes_inside_subsets_are_equilibria(a, b, rng, draws=10):
    sol = extreme_equilibria(a, b)
    payoffs = np.stack([a, b], axis=-1).astype(float)
    covered = set()
    for subset in sol.nash_subsets:
        covered.update(subset)
        rows = np.unique(sol.rows[list(subset)], axis=0)
        cols = np.unique(sol.cols[list(subset)], axis=0)
        # a maximal Nash subset is a product: every row vertex pairs with every column one
        assert len(rows) * len(cols) == len(subset)
        for _ in range(draws):
            x = rng.dirichlet(np.ones(len(rows))) @ rows
            y = rng.dirichlet(np.ones(len(cols))) @ cols
            if not np.all(regrets(payoffs, [x, y]) <= allowed_regret(payoffs)):
                return False
    return covered == set(range(len(sol.rows)))


def test_every_mix_inside_a_nash_subset_is_an_equilibrium():
    rng = np.random.default_rng(3)
    assert mixes_inside_subsets_are_equilibria(VON_STENGEL_A, VON_STENGEL_B, rng, draws=20)
    for a, b in random_games(40, seed=31):
        assert mixes_inside_subsets_are_equilibria(a, b, rng)


def test_nondegenerate_game_reports_every_equilibrium():
    result = solve(np.array([[3, 0], [0, 2]]), np.array([[2, 0], [0, 3]]))
    assert result.scope == "all" and result.degenerate is False
    assert len(result) == 3
    assert [e.pure for e in result] == [True, True, False]


def test_mixed_equilibrium_reports_the_distribution_over_outcomes():
    result = solve(np.array([[3, 0], [0, 2]]), np.array([[2, 0], [0, 3]]))
    mixed = next(e for e in result if not e.pure)
    shares = {s.outcome.label: s.probability for s in mixed.outcomes}
    assert shares == pytest.approx({"s1, s1": 0.24, "s1, s2": 0.36, "s2, s1": 0.16, "s2, s2": 0.24})
    assert mixed.payoffs["p1"] == pytest.approx(1.2)
    assert mixed.payoffs["p2"] == pytest.approx(1.2)


def test_constant_game_every_pure_profile_is_extreme():
    a = np.zeros((2, 3))
    sol = extreme_equilibria(a, a)
    assert len(sol.rows) == 6
    assert len(sol.nash_subsets) == 1 and len(sol.nash_subsets[0]) == 6


def test_one_strategy_each():
    sol = extreme_equilibria(np.array([[1.0]]), np.array([[2.0]]))
    assert np.allclose(sol.rows, [[1.0]]) and np.allclose(sol.cols, [[1.0]])


# ---------------------------------------------------------------- polytopes and limits


def test_polytope_vertices_of_a_square_are_its_corners():
    # {z >= 0 : z_1 <= 1, z_2 <= 1}: corners (1, 0), (0, 1), (1, 1)
    vertices = polytope_vertices(np.eye(2))
    assert sorted(map(tuple, np.round(vertices, 12))) == [(0, 1), (1, 0), (1, 1)]


def test_scale_payoffs_maps_onto_one_two_and_keeps_order():
    scaled = scale_payoffs(np.array([[-5, 0], [5, 10]]))
    assert scaled.min() == 1 and scaled.max() == 2
    assert np.all(np.diff(scaled.reshape(-1)) > 0)
    assert np.all(scale_payoffs(np.full((2, 2), 7.0)) == 1)


def test_basis_limit_is_enforced():
    a = np.zeros((6, 6))
    assert basis_count(6, 6) == 923
    with pytest.raises(AnalysisError, match="basis systems"):
        extreme_equilibria(a, a, max_bases=100)


def test_time_limit_is_enforced():
    rng = np.random.default_rng(0)
    a, b = rng.random((9, 9)), rng.random((9, 9))
    with pytest.raises(AnalysisError, match="time limit"):
        extreme_equilibria(a, b, time_limit=0.0)


# ---------------------------------------------------------------- cross-checks


def random_games(count, seed):
    rng = np.random.default_rng(seed)
    for k in range(count):
        m, n = rng.integers(1, 6, size=2)
        high = (2, 4, 10, 1000)[k % 4]  # small ranges give many ties (degenerate games)
        yield rng.integers(0, high, (m, n)), rng.integers(0, high, (m, n))


def test_contains_nashpy_vertex_enumeration_on_random_games():
    checked = 0
    for a, b in random_games(60, seed=11):
        ours = as_arrays(extreme_equilibria(a, b))
        game = nashpy.Game(scale_payoffs(a), scale_payoffs(b))
        try:
            reference = list(game.vertex_enumeration())
        except Exception:  # qhull cannot handle some flat polytopes
            continue
        checked += 1
        for x, y in reference:
            assert contains(ours, [x, y], atol=1e-6), (a, b, x, y)
    assert checked >= 25


def test_every_reported_equilibrium_has_tiny_regret_on_random_games():
    for a, b in random_games(120, seed=12):
        result = solve(a, b)
        payoffs = np.stack([a, b], axis=-1).astype(float)
        ranges = payoff_ranges(payoffs)
        for e in result:
            assert e.regret <= 1e-9 * max(ranges.max(), 1e-300) + 1e-15


def test_nashpy_method_agrees_on_a_nondegenerate_game():
    rng = np.random.default_rng(5)
    a, b = rng.random((4, 4)), rng.random((4, 4))
    ours = solve(a, b)
    theirs = solve(a, b, method="nashpy-vertex")
    assert len(ours) == len(theirs)
    assert theirs.scope == "some"


def test_matches_gambit_enummixed_on_random_games():
    gambit = pytest.importorskip("pygambit")
    for a, b in random_games(40, seed=13):
        game = gambit.Game.from_arrays(a, b)
        reference = gambit.nash.enummixed_solve(game, rational=True).equilibria
        ours = as_arrays(extreme_equilibria(a, b))
        row, col = list(game.players)
        distinct = set()
        for eq in reference:
            x = np.array([float(eq[row][s]) for s in row.strategies])
            y = np.array([float(eq[col][s]) for s in col.strategies])
            assert contains(ours, [x, y], atol=1e-6)
            # Gambit lists an extreme equilibrium once per basis in degenerate games
            distinct.add(tuple(np.round(np.concatenate([x, y]), 9)))
        assert len(ours) == len(distinct)


def gambit_extreme_equilibria(gambit, a, b) -> list[list[np.ndarray]]:
    """Gambit's ``enummixed`` in floating point, each extreme equilibrium once."""
    game = gambit.Game.from_arrays(a, b)
    row, col = list(game.players)
    found: dict[tuple, list[np.ndarray]] = {}
    for eq in gambit.nash.enummixed_solve(game, rational=False).equilibria:
        x = np.array([float(eq[row][s]) for s in row.strategies])
        y = np.array([float(eq[col][s]) for s in col.strategies])
        found.setdefault(tuple(np.round(np.concatenate([x, y]), 7)), [x, y])
    return list(found.values())


def test_same_sets_as_gambit_on_a_few_hundred_seeded_random_games():
    # 300 integer games of every shape up to 6 x 6 (small payoff ranges make ties
    # and degenerate games common), and 100 random 6 x 6 integer games, the size
    # on which nashpy's support enumeration finds about a third of the equilibria
    gambit = pytest.importorskip("pygambit")
    rng = np.random.default_rng(14)
    games = []
    for k in range(300):
        m, n = rng.integers(1, 7, size=2)
        high = (2, 3, 10, 1000)[k % 4]
        games.append((rng.integers(0, high, (m, n)), rng.integers(0, high, (m, n))))
    games += [(rng.integers(0, 1000, (6, 6)), rng.integers(0, 1000, (6, 6))) for _ in range(100)]
    degenerate = total = 0
    for a, b in games:
        reference = gambit_extreme_equilibria(gambit, a, b)
        sol = extreme_equilibria(a, b)
        ours = as_arrays(sol)
        for x, y in reference:
            assert contains(ours, [x, y], atol=1e-6), (a, b, x, y)
        payoffs = np.stack([a, b], axis=-1).astype(float)
        for pair in ours:
            assert np.all(regrets(payoffs, pair) <= allowed_regret(payoffs))
        if sol.degenerate:
            degenerate += 1
        else:
            # a nondegenerate game: the very same set, nothing extra
            assert len(ours) == len(reference), (a, b)
        total += len(ours)
    assert 50 <= degenerate <= 350  # both kinds were checked
    assert total >= 700


# ---------------------------------------------------------------- properties

games_2p = st.tuples(st.integers(1, 5), st.integers(1, 5)).flatmap(
    lambda shape: st.tuples(
        arrays(np.int64, shape, elements=st.integers(-5, 5)),
        arrays(np.int64, shape, elements=st.integers(-5, 5)),
    )
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(games_2p)
def test_property_every_equilibrium_is_a_mutual_best_response(game):
    a, b = game
    sol = extreme_equilibria(a, b)
    payoffs = np.stack([a, b], axis=-1).astype(float)
    assert len(sol.rows) >= 1  # Nash (1951): every finite game has one
    for x, y in zip(sol.rows, sol.cols, strict=True):
        assert np.all(x >= 0) and np.isclose(x.sum(), 1)
        assert np.all(y >= 0) and np.isclose(y.sum(), 1)
        assert np.all(regrets(payoffs, [x, y]) <= allowed_regret(payoffs))


@settings(max_examples=40, deadline=None)
@given(
    st.tuples(st.integers(1, 4), st.integers(1, 4)).flatmap(
        lambda shape: st.tuples(
            arrays(np.float64, shape, elements=st.integers(0, 1000).map(lambda k: k / 7)),
            arrays(np.float64, shape, elements=st.integers(0, 1000).map(lambda k: k / 7)),
        )
    )
)
def test_property_pure_equilibria_are_all_found(game):
    # payoffs differ by at least 1/7, far above the tolerance, so exact ties are the only ties
    a, b = game
    sol = extreme_equilibria(a, b)
    found = {
        (int(np.argmax(x)), int(np.argmax(y)))
        for x, y in zip(sol.rows, sol.cols, strict=True)
        if x.max() == 1 and y.max() == 1
    }
    m, n = a.shape
    brute = {
        (i, j)
        for i, j in itertools.product(range(m), range(n))
        if a[i, j] >= a[:, j].max() and b[i, j] >= b[i, :].max()
    }
    assert found == brute


def test_oddness_of_generic_games():
    # Wilson (1971): a nondegenerate game has an odd number of equilibria
    rng = np.random.default_rng(21)
    for _ in range(30):
        m, n = rng.integers(2, 6, size=2)
        sol = extreme_equilibria(rng.random((m, n)), rng.random((m, n)))
        assert not sol.degenerate
        assert len(sol.rows) % 2 == 1
        assert all(len(s) == 1 for s in sol.nash_subsets)
