import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negsim.bargaining.rubinstein import (
    nash_demand_game,
    nash_limit_shares,
    rubinstein_convergence,
    rubinstein_split,
    rubinstein_with_rates,
)
from negsim.errors import AnalysisError


def finite_horizon_share(delta1: float, delta2: float, periods: int) -> float:
    """First proposer's share by backward induction in a game of ``periods`` offers.

    The last proposer takes everything; one period earlier the proposer
    offers the responder exactly the discounted value of proposing next.
    Ståhl's finite game converges to Rubinstein's as the horizon grows.
    """
    share = 1.0  # proposer's share in the last period
    for t in range(periods - 1, 0, -1):
        # the proposer at t - 1 is party 1 when t - 1 is even
        responder_delta = delta2 if (t - 1) % 2 == 0 else delta1
        share = 1.0 - responder_delta * share
    return share


@pytest.mark.parametrize(
    "d1, d2, expected", [(0.9, 0.9, 0.5263), (0.9, 0.8, 0.7143), (0.8, 0.9, 0.3571)]
)
def test_textbook_first_mover_shares(d1, d2, expected):
    split = rubinstein_split(d1, d2)
    assert split.proposer_share == pytest.approx(expected, abs=5e-5)
    assert split.proposer_share + split.responder_share == pytest.approx(1.0)


@settings(max_examples=50, deadline=None)
@given(st.floats(0.0, 0.95), st.floats(0.0, 0.95))
def test_split_is_the_limit_of_backward_induction(d1, d2):
    split = rubinstein_split(d1, d2)
    assert split.proposer_share == pytest.approx(finite_horizon_share(d1, d2, 1001), abs=1e-9)


@settings(max_examples=50, deadline=None)
@given(st.floats(0.0, 0.99), st.floats(0.0, 0.99))
def test_proposer_advantage(d1, d2):
    split = rubinstein_split(d1, d2)
    # what party 1 gets when party 2 proposes first, from the mirrored game
    assert split.share1_if_second == pytest.approx(1 - rubinstein_split(d2, d1).proposer_share)
    assert split.proposer_advantage == pytest.approx((1 - d1) * (1 - d2) / (1 - d1 * d2))
    assert split.proposer_advantage >= 0


def test_faster_offers_tend_to_the_nash_limit():
    r1, r2 = 0.1, 0.3
    limit = nash_limit_shares(r1, r2)
    assert limit == pytest.approx((0.75, 0.25))
    table = rubinstein_convergence(r1, r2, [1.0, 0.1, 0.01, 0.001, 1e-5])
    gaps = table["gap"].abs().to_numpy()
    assert (np.diff(gaps) < 0).all()
    assert gaps[-1] < 1e-5
    assert table["proposer_advantage"].iloc[-1] < 1e-4
    fast = rubinstein_with_rates(r1, r2, 1e-6)
    assert fast.proposer_share == pytest.approx(limit[0], abs=1e-6)


def test_equal_rates_split_evenly_in_the_limit():
    assert rubinstein_with_rates(0.05, 0.05, 1e-7).proposer_share == pytest.approx(0.5, abs=1e-7)


@pytest.mark.parametrize("d1, d2", [(1.0, 0.9), (0.9, 1.0), (-0.1, 0.5), (0.5, 1.5)])
def test_bad_discount_factors(d1, d2):
    with pytest.raises(AnalysisError, match="discount factor"):
        rubinstein_split(d1, d2)


def test_bad_rates_and_times():
    with pytest.raises(AnalysisError, match="positive discount rate"):
        rubinstein_with_rates(0.0, 0.1, 1.0)
    with pytest.raises(AnalysisError, match="time between offers"):
        rubinstein_with_rates(0.1, 0.1, 0.0)


def test_split_renders():
    split = rubinstein_split(0.9, 0.8)
    assert "0.7143" in repr(split)
    assert split.to_dict()["proposer_share"] == pytest.approx(0.7143, abs=5e-5)
    assert len(split.to_frame()) == 1
    assert "<table" in split._repr_html_()


# ---------------------------------------------------------------- Nash demand game


def brute_force_equilibria(grid, d1=0.0, d2=0.0):
    """Every pure equilibrium by trying every unilateral deviation, one at a time."""

    def pay(x1, x2):
        return (x1, x2) if x1 + x2 <= 1 + 1e-9 else (d1, d2)

    found = set()
    for x1 in grid:
        for x2 in grid:
            u1, u2 = pay(x1, x2)
            if any(pay(y, x2)[0] > u1 + 1e-12 for y in grid):
                continue
            if any(pay(x1, y)[1] > u2 + 1e-12 for y in grid):
                continue
            found.add((round(x1, 9), round(x2, 9)))
    return found


def test_demand_game_on_a_regular_grid():
    game = nash_demand_game(11)
    pairs = {(round(e.demand1, 9), round(e.demand2, 9)) for e in game.splits}
    expected = {(round(i / 10, 9), round(1 - i / 10, 9)) for i in range(11)}
    assert pairs == expected
    assert [(e.demand1, e.demand2) for e in game.disagreements] == [(1.0, 1.0)]
    for e in game.splits:
        assert e.payoff1 == e.demand1 and e.payoff2 == e.demand2


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.sampled_from([i / 20 for i in range(21)]), min_size=2, max_size=8, unique=True),
    st.sampled_from([0.0, 0.1, 0.3]),
    st.sampled_from([0.0, 0.2]),
)
def test_demand_game_matches_brute_force(grid, d1, d2):
    game = nash_demand_game(grid, disagreement=(d1, d2))
    found = {(round(e.demand1, 9), round(e.demand2, 9)) for e in game.equilibria}
    assert found == brute_force_equilibria(sorted(grid), d1, d2)


def test_disagreement_payoffs_remove_low_demands():
    game = nash_demand_game(5, disagreement=(0.3, 0.1))
    assert all(e.payoff1 >= 0.3 and e.payoff2 >= 0.1 for e in game.equilibria)
    assert (0.25, 0.75) not in {(e.demand1, e.demand2) for e in game.equilibria}


def test_demand_game_renders_and_checks_input():
    game = nash_demand_game(3)
    assert "pure equilibria" in repr(game)
    assert list(game.to_frame().columns) == ["demand1", "demand2", "payoff1", "payoff2", "kind"]
    assert game.to_dict()["equilibria"][0]["kind"] in ("split", "disagreement")
    assert "<table" in game._repr_html_()
    with pytest.raises(AnalysisError, match="at least 2"):
        nash_demand_game(1)
    with pytest.raises(AnalysisError, match=r"\[0, 1\]"):
        nash_demand_game([0.5, 1.5])


def test_a_demand_equilibrium_reads_in_one_line():
    game = nash_demand_game(5)
    even = next(e for e in game.equilibria if e.demand1 == 0.5)
    assert repr(even) == "<DemandEquilibrium split: demands (0.5, 0.5), payoffs (0.5, 0.5)>"
    assert even.to_dict() == {
        "demand1": 0.5,
        "demand2": 0.5,
        "payoff1": 0.5,
        "payoff2": 0.5,
        "kind": "split",
    }
