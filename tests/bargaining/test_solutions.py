import html
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.optimize import brentq, minimize, minimize_scalar

import negsim
from negsim.bargaining.exact import in_zone
from negsim.bargaining.pareto import dominated_by_any
from negsim.bargaining.solutions import RULES, bargain, solutions_from_points
from negsim.errors import AnalysisError
from tests.strategies import scenarios

DATA = Path(__file__).parents[1] / "data"

# ---------------------------------------------------------------- textbook oracles


def sqrt_problem(n: int = 30_001) -> tuple[np.ndarray, np.ndarray]:
    x = np.linspace(0.0, 1.0, n)
    return x, np.c_[np.sqrt(x), 1.0 - x]


def test_nash_of_sqrt_problem_on_a_fine_grid_and_by_an_optimiser():
    x, points = sqrt_problem()
    result = solutions_from_points(points, [0.0, 0.0])
    grid_x = x[result["nash"].index]
    continuous = minimize_scalar(
        lambda t: -np.sqrt(t) * (1 - t), bounds=(0, 1), method="bounded", options={"xatol": 1e-10}
    )
    step = x[1] - x[0]
    assert abs(grid_x - continuous.x) <= step
    assert grid_x == pytest.approx(1 / 3, abs=step)
    assert result["nash"].value == pytest.approx(np.sqrt(1 / 3) * 2 / 3, rel=1e-6)


def test_other_solutions_of_sqrt_problem():
    x, points = sqrt_problem()
    result = solutions_from_points(points, [0.0, 0.0])
    step = x[1] - x[0]
    # ideal point (1, 1) and d = 0: Kalai–Smorodinsky and egalitarian solve sqrt(x) = 1 - x
    root = brentq(lambda t: np.sqrt(t) - (1 - t), 0, 1)
    assert x[result["kalai_smorodinsky"].index] == pytest.approx(root, abs=step)
    assert x[result["egalitarian"].index] == pytest.approx(root, abs=step)
    # utilitarian: maximise sqrt(x) + 1 - x, at x = 1/4
    assert x[result["utilitarian"].index] == pytest.approx(0.25, abs=step)


def test_nash_of_sqrt_problem_with_lotteries_stays_on_the_curve():
    # the curve is concave, so lotteries add nothing beyond grid chords
    x, points = sqrt_problem(2001)
    result = solutions_from_points(points, [0.0, 0.0], lotteries=True)
    u = np.array(result["nash"].utility)
    assert u[0] ** 2 == pytest.approx(1 / 3, abs=1e-3)
    assert u[1] == pytest.approx(2 / 3, abs=1e-3)


QUAD = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 0.7], [0.0, 1.0]])


def test_hull_oracle_nash_and_kalai_smorodinsky():
    result = solutions_from_points(QUAD, [0.0, 0.0], lotteries=True)
    np.testing.assert_allclose(result["nash"].utility, [1.0, 0.7], atol=1e-12)
    assert result["nash"].index == 2
    np.testing.assert_allclose(result["kalai_smorodinsky"].utility, [10 / 13, 10 / 13], atol=1e-8)
    ks = result["kalai_smorodinsky"]
    assert ks.is_lottery
    assert {t.index for t in ks.mixture} == {2, 3}
    weights = {t.index: t.weight for t in ks.mixture}
    assert weights[2] == pytest.approx(10 / 13, abs=1e-8)
    assert result.hull == (3, 2)


def test_lottery_nash_inside_an_edge_matches_an_optimiser():
    a, b = np.array([0.3, 1.0]), np.array([1.0, 0.2])
    points = np.array([a, b, [0.25, 0.15]])
    d = np.array([0.2, 0.1])
    result = solutions_from_points(points, d, lotteries=True)
    best = minimize_scalar(
        lambda t: -np.prod(a + t * (b - a) - d),
        bounds=(0, 1),
        method="bounded",
        options={"xatol": 1e-12},
    )
    np.testing.assert_allclose(result["nash"].utility, a + best.x * (b - a), atol=1e-6)
    assert result["nash"].is_lottery
    assert sum(t.weight for t in result["nash"].mixture) == pytest.approx(1.0)


def test_lotteries_mix_points_outside_the_zone():
    # (0, 1) gives the first party less than its no-deal value alone, but a lottery with
    # (1, 0) does: the Nash lottery maximises (x - 0.2)(1 - x), at x = 0.6
    result = solutions_from_points([[0.0, 1.0], [1.0, 0.0]], [0.2, 0.0], lotteries=True)
    assert result.zone_size == 1
    np.testing.assert_allclose(result["nash"].utility, [0.6, 0.4], atol=1e-12)
    assert {t.index for t in result["nash"].mixture} == {0, 1}


def test_three_party_lottery_nash_on_the_simplex():
    result = solutions_from_points(np.eye(3), np.zeros(3), lotteries=True)
    np.testing.assert_allclose(result["nash"].utility, [1 / 3] * 3, atol=1e-6)
    np.testing.assert_allclose(result["kalai_smorodinsky"].utility, [1 / 3] * 3, atol=1e-8)
    np.testing.assert_allclose(result["egalitarian"].utility, [1 / 3] * 3, atol=1e-8)
    assert len(result["nash"].mixture) == 3


def test_three_party_lottery_nash_beats_every_sampled_lottery():
    rng = np.random.default_rng(11)
    points = rng.random((60, 3))
    d = np.full(3, 0.2)
    result = solutions_from_points(points, d, lotteries=True)
    zone = points[(points >= d).all(axis=1)]
    weights = rng.dirichlet(np.ones(len(zone)) * 0.3, size=4000)
    sampled = np.prod(weights @ zone - d, axis=1).max()
    assert result["nash"].value >= sampled - 1e-12
    assert result["nash"].value >= np.prod(zone - d, axis=1).max() - 1e-12
    # cross-check with a general optimiser started elsewhere
    m = len(zone)
    ref = minimize(
        lambda w: -np.log(np.maximum(w @ zone - d, 1e-300)).sum(),
        rng.dirichlet(np.ones(m)),
        method="SLSQP",
        bounds=[(0, 1)] * m,
        constraints=[{"type": "eq", "fun": lambda w: w.sum() - 1}],
        options={"ftol": 1e-12, "maxiter": 1000},
    )
    assert np.log(result["nash"].value) >= -ref.fun - 1e-6


def test_utilitarian_and_egalitarian_differ_when_they_should():
    points = np.array([[0.9, 0.1], [0.5, 0.45], [0.6, 0.2]])
    result = solutions_from_points(points, [0.0, 0.0])
    assert result["utilitarian"].index == 0
    assert result["egalitarian"].index == 1


# ---------------------------------------------------------------- degenerate cases


def test_no_positive_product_is_explained():
    points = np.array([[1.0, 0.0], [0.0, 1.0]])
    pure = solutions_from_points(points, [0.0, 0.0])
    assert pure["nash"].value == 0.0
    assert "Nash product is 0" in pure["nash"].note
    mixed = solutions_from_points(points, [0.0, 0.0], lotteries=True)
    np.testing.assert_allclose(mixed["nash"].utility, [0.5, 0.5], atol=1e-12)


def test_party_without_gain_is_left_out_and_said_so():
    points = np.array([[1.0, 0.0], [2.0, 0.0], [1.5, 0.0]])
    result = solutions_from_points(points, [0.0, 0.0])
    assert result["nash"].index == 1
    assert result["kalai_smorodinsky"].index == 1
    assert "left out" in result["nash"].note


def test_no_zone_says_so_in_words():
    result = solutions_from_points([[0.1, 0.9], [0.9, 0.1]], [0.5, 0.5])
    assert result.exists is False
    assert "No zone of possible agreement" in result.reason
    assert result.solutions == {}
    assert result.frontier_size == 0
    with pytest.raises(AnalysisError, match="No zone"):
        result["nash"]
    assert "No zone" in repr(result)
    assert json.dumps(result.to_dict(), allow_nan=False)


def test_points_below_disagreement_are_not_in_the_zone():
    points = np.array([[2.0, -1.0], [0.5, 0.5], [0.6, 0.4]])
    result = solutions_from_points(points, [0.0, 0.0])
    assert result.zone_size == 2
    assert 0 not in result.frontier
    assert result["utilitarian"].index in (1, 2)


@pytest.mark.parametrize(
    "points, d, message",
    [
        ([[1.0, 2.0]], [0.0], "disagreement point"),
        ([[1.0, 2.0]], [0.0, np.nan], "disagreement point"),
        ([[1.0, np.nan]], [0.0, 0.0], "finite"),
    ],
)
def test_bad_input_is_one_clear_error(points, d, message):
    with pytest.raises(AnalysisError, match=message):
        solutions_from_points(points, d)


def test_party_names_must_match_columns():
    with pytest.raises(AnalysisError, match="party names"):
        solutions_from_points([[1.0, 2.0]], [0.0, 0.0], parties=["a"])


# ---------------------------------------------------------------- properties


def undominated(points: np.ndarray, zone: np.ndarray) -> set[int]:
    """Rows of ``zone`` that no other zone row weakly beats for all and beats for one."""
    rows = points[zone]
    keep = set()
    for i, u in zip(zone.tolist(), rows, strict=True):
        if not any((v >= u).all() and (v > u).any() for v in rows):
            keep.add(i)
    return keep


@st.composite
def problems(draw, max_parties=4):
    k = draw(st.integers(2, max_parties))
    n = draw(st.integers(1, 30))
    values = st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.6, 0.75, 1.0])
    points = draw(arrays(np.float64, (n, k), elements=values))
    d = draw(arrays(np.float64, (k,), elements=st.sampled_from([0.0, 0.1, 0.2])))
    return points, d


@settings(max_examples=60, deadline=None)
@given(problems())
def test_every_pure_solution_is_in_the_zone_and_on_the_frontier(problem):
    points, d = problem
    result = solutions_from_points(points, d)
    zone = np.flatnonzero((points >= d).all(axis=1))
    assert result.exists == bool(len(zone))
    if not result.exists:
        return
    assert set(result.solutions) == set(RULES)
    assert not dominated_by_any(points[result.frontier], points[zone]).any()
    # the frontier is exactly the undominated points of the zone, by a pairwise reference
    assert set(result.frontier.tolist()) == undominated(points, zone)
    for s in result.solutions.values():
        assert s.index in zone
        assert s.index in result.frontier
        np.testing.assert_array_equal(s.utility, points[s.index])
    surplus = points[zone] - d
    if (surplus > 0).all(axis=1).any():
        # the Nash point attains the largest product of surpluses in the zone
        best = surplus.prod(axis=1).max()
        assert np.prod(points[result["nash"].index] - d) == pytest.approx(best)


@settings(max_examples=40, deadline=None)
@given(problems(max_parties=3))
def test_every_lottery_solution_is_a_lottery_above_d_and_undominated(problem):
    points, d = problem
    result = solutions_from_points(points, d, lotteries=True)
    pure = solutions_from_points(points, d)
    assert result.exists >= pure.exists
    if not result.exists:
        return
    zone = points[(points >= d).all(axis=1)]
    for s in result.solutions.values():
        weights = np.array([t.weight for t in s.mixture])
        assert (weights > 0).all() and weights.sum() == pytest.approx(1.0)
        mixed = weights @ points[[t.index for t in s.mixture]]
        # in conv(points), and at least the disagreement point
        np.testing.assert_allclose(s.utility, mixed, atol=1e-12)
        u = np.array(s.utility)
        assert (u >= d - 1e-9).all()
        # no zone point is better for everyone by more than rounding
        assert not ((zone >= u + 1e-7).all(axis=1)).any()


@settings(max_examples=60, deadline=None)
@given(
    problems(),
    st.integers(0, 3),
    st.sampled_from([0.5, 2.0, 3.0, 10.0]),
    st.sampled_from([-1.7, 0.0, 0.3, 5.0]),
)
def test_nash_and_ks_invariant_to_rescaling_a_party(problem, party, scale, shift):
    points, d = problem
    party = party % points.shape[1]
    scaled, d2 = points.copy(), d.copy()
    scaled[:, party] = scale * scaled[:, party] + shift
    d2[party] = scale * d2[party] + shift
    before = solutions_from_points(points, d)
    after = solutions_from_points(scaled, d2)
    if not before.exists:
        assert not after.exists
        return
    for rule in ("nash", "kalai_smorodinsky"):
        assert after[rule].index == before[rule].index


@settings(max_examples=30, deadline=None)
@given(problems(max_parties=2), st.sampled_from([0.5, 3.0]), st.sampled_from([-1.0, 2.0]))
def test_lottery_nash_and_ks_invariant_to_rescaling(problem, scale, shift):
    points, d = problem
    scaled, d2 = points.copy(), d.copy()
    scaled[:, 0] = scale * scaled[:, 0] + shift
    d2[0] = scale * d2[0] + shift
    before = solutions_from_points(points, d, lotteries=True)
    after = solutions_from_points(scaled, d2, lotteries=True)
    if not before.exists:
        return
    for rule in ("nash", "kalai_smorodinsky"):
        expected = np.array(before[rule].utility)
        expected[0] = scale * expected[0] + shift
        np.testing.assert_allclose(after[rule].utility, expected, atol=1e-7)


# ---------------------------------------------------------------- on a scenario


@pytest.fixture(scope="module")
def model():
    return negsim.compile_scenario(negsim.load(DATA / "minimal.yaml"))


def test_bargain_on_a_scenario_uses_the_zone(model):
    # minimal.yaml has a continuous issue: the solutions are found exactly, off the grid
    result = bargain(model)
    zone = np.flatnonzero(model.acceptable_masks.all(axis=0))
    assert result.exists
    assert result.zone_size == len(zone)
    assert result.n_outcomes == model.n_outcomes
    np.testing.assert_array_equal(result.disagreement, model.no_deal)
    assert set(result.frontier) <= set(zone)
    for s in result.solutions.values():
        assert s.index is None and in_zone(model, s.outcome)
        np.testing.assert_allclose(s.utility, model.utility_of([s.outcome])[0])
        np.testing.assert_allclose(s.surplus, np.array(s.utility) - model.no_deal)
    assert "share (11 points)" in result.method
    assert "mixed-integer" in result.method


def test_bargain_accepts_a_scenario(model):
    assert bargain(model.scenario)["nash"].outcome == bargain(model)["nash"].outcome


def test_bargain_with_lotteries_names_the_mixed_outcomes(model):
    result = bargain(model, lotteries=True)
    pure = bargain(model)
    feasible = set(np.flatnonzero(model.feasible_mask).tolist())
    assert result["nash"].value >= pure["nash"].value - 1e-9
    for s in result.solutions.values():
        for term in s.mixture:
            if term.index is None:  # an exact solution off the grid
                assert in_zone(model, term.outcome)
                continue
            assert term.index in feasible
            assert term.outcome == model.decode(term.index)
        mixed = sum(t.weight * model.utility_of([t.outcome])[0] for t in s.mixture)
        np.testing.assert_allclose(s.utility, mixed, atol=1e-12)
        assert (np.array(s.utility) >= model.no_deal - 1e-9).all()


def test_results_render(model):
    result = bargain(model, lotteries=True)
    data = result.to_dict()
    text = json.dumps(data, allow_nan=False)
    assert json.loads(text)["solutions"]["nash"]["rule"] == "nash"
    frame = result.to_frame()
    assert list(frame.index) == list(RULES)
    assert "utility.alpha" in frame.columns and "lottery" in frame.columns
    assert len(result.frontier_frame()) == result.frontier_size
    assert "<table" in result._repr_html_()
    assert "Border talks" in repr(result)
    assert "Nash bargaining solution" in result.to_text()


def test_bargain_without_zone_explains_per_party(model):
    scenario = model.scenario.with_({"parties.alpha.no_deal": 5.0})
    result = bargain(scenario)
    assert not result.exists
    assert "No zone" in result.reason and "mixed-integer program" in result.reason
    assert result.to_frame().empty
    assert "No zone" in result.to_text()


def test_bargain_rejects_other_inputs():
    with pytest.raises(AnalysisError, match="Scenario or a compiled Model"):
        bargain("scenario.yaml")


@settings(max_examples=40, deadline=None)
@given(scenarios(max_outcomes=200, max_parties=3), st.booleans())
def test_solutions_on_generated_scenarios_are_in_the_zone_and_on_the_frontier(scenario, mixed):
    model = negsim.compile_scenario(scenario)
    zone = np.flatnonzero(model.acceptable_masks.all(axis=0))
    result = bargain(model, lotteries=mixed)
    # the verdict is the zone analysis's, whichever way it was decided
    assert result.exists == (negsim.zone.decide.margin(model).zone_exists or bool(len(zone)))
    assert result.exists >= bool(len(zone))
    if not result.exists:
        assert "No zone" in result.reason and result.solutions == {}
        return
    frontier = set(result.frontier.tolist())
    assert frontier <= set(zone.tolist())
    assert frontier == undominated(model.utility, zone)
    feasible = set(np.flatnonzero(model.feasible_mask).tolist())
    for s in result.solutions.values():
        for term in s.mixture:
            if term.index is None:
                assert term.outcome is not None and model.respects([term.outcome]).all()
            else:
                assert term.index in (feasible if mixed else frontier)
        assert (np.array(s.utility) >= model.no_deal - 1e-6).all()
        if not mixed and s.index is not None:
            np.testing.assert_array_equal(s.utility, model.utility[s.index])


def test_a_solution_reads_in_a_notebook():
    pure = solutions_from_points([[0.0, 1.0], [1.0, 0.0], [0.6, 0.6]], [0.0, 0.0])
    nash = pure["nash"]
    assert (
        repr(nash) == "<Solution nash (product of surpluses 0.36): utility (0.6, 0.6) at point #2>"
    )
    assert html.escape(repr(nash)) in nash._repr_html_()
    mixed = solutions_from_points([[0.0, 1.0], [1.0, 0.0]], [0.0, 0.0], lotteries=True)["nash"]
    assert mixed.is_lottery
    assert "lottery 0.5 x #0 + 0.5 x #1" in repr(mixed)
