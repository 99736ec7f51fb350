"""Exact answers with continuous issues as mixed-integer programs (negsim.zone.milp)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from negsim import compile_scenario, from_data
from negsim.zone.constraints import constraints_of, violation_sets
from negsim.zone.enumeration import enumerated_diagnosis, enumerated_margin, zone_mask
from negsim.zone.hitting_sets import minimal_sets
from negsim.zone.milp import (
    check_constraints,
    constraints_feasible,
    diagnose,
    margin,
    minimal_corrections,
    solve_margin,
    unencodable_reason,
    zone_bounds,
)
from tests.strategies import scenarios
from tests.zone.examples import buyer_seller, red_line

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def fearon(p: float, cost_a: float, cost_b: float, rules=()) -> dict:
    """A divisible territory x in [0, 1] for A; war: A wins with probability p (Fearon 1995)."""
    return {
        "negsim": 1,
        "name": "fearon",
        "issues": {"x": {"kind": "continuous", "range": [0, 1], "unit": "share", "grid": 5}},
        "parties": {
            "a": {
                "utility": {"x": {"weight": 1, "points": [[0, 0], [1, 1]]}},
                "no_deal": {
                    "war": {
                        "cost": cost_a,
                        "lottery": [{"p": p, "utility": 1}, {"p": 1 - p, "utility": 0}],
                    }
                },
                "red_lines": list(rules),
            },
            "b": {
                "utility": {"x": {"weight": 1, "points": [[0, 1], [1, 0]]}},
                "no_deal": 1 - p - cost_b,
            },
        },
    }


# ---------------------------------------------------------------- oracles


def test_buyer_seller_interval_is_exact() -> None:
    model = compile_scenario(from_data(buyer_seller(71.5, 52.25)))
    assert zone_bounds(model) == {"price": pytest.approx((52.25, 71.5))}
    found = margin(model)
    assert found.method == "milp"
    assert found.exact
    assert found.value == pytest.approx((71.5 - 52.25) / 200)
    assert found.outcome["price"] == pytest.approx((71.5 + 52.25) / 2)
    grid = enumerated_margin(model)
    assert grid.method == "grid"
    assert grid.value < found.value


def test_a_zone_narrower_than_the_grid_is_found() -> None:
    model = compile_scenario(from_data(buyer_seller(55.5, 54.5)))
    assert not zone_mask(model).any()
    found = margin(model)
    assert found.zone_exists
    assert found.value == pytest.approx(0.005)
    assert zone_bounds(model) == {"price": pytest.approx((54.5, 55.5))}
    assert diagnose(model, max_conflicts=10, max_corrections=10) is None


def test_no_overlap_is_diagnosed_exactly() -> None:
    model = compile_scenario(from_data(buyer_seller(40, 60)))
    found = margin(model)
    assert found.value == pytest.approx(-0.1)
    assert not found.zone_exists
    assert zone_bounds(model) is None
    diagnosis = diagnose(model, max_conflicts=10, max_corrections=10)
    assert diagnosis.method == "milp"
    assert [c.keys for c in diagnosis.conflicts] == [("buyer/no-deal", "seller/no-deal")]
    assert diagnosis.least_concession.total == pytest.approx(0.2)


@pytest.mark.parametrize(("p", "cost_a", "cost_b"), [(0.6, 0.05, 0.1), (0.3, 0.2, 0.15)])
def test_fearon_bargaining_range(p: float, cost_a: float, cost_b: float) -> None:
    model = compile_scenario(from_data(fearon(p, cost_a, cost_b)))
    low, high = zone_bounds(model)["x"]
    assert low == pytest.approx(p - cost_a)
    assert high == pytest.approx(p + cost_b)
    assert margin(model).value == pytest.approx((cost_a + cost_b) / 2)


def test_fearon_indivisibility_leaves_no_range() -> None:
    rules = [red_line("indivisible", "x <= 0 or x >= 1")]
    model = compile_scenario(from_data(fearon(0.6, 0.05, 0.1, rules)))
    assert zone_bounds(model) is None
    found = margin(model)
    # all to A: B falls 0.3 short; all to B: A falls 0.55 short
    assert found.value == pytest.approx(-0.3)
    assert found.outcome == {"x": pytest.approx(1.0)}
    diagnosis = diagnose(model, max_conflicts=10, max_corrections=10)
    assert [c.keys for c in diagnosis.conflicts] == [("a/indivisible", "a/no-deal", "b/no-deal")]
    assert check_constraints(model, ["a/indivisible", "a/no-deal"])
    assert not check_constraints(model, ["a/indivisible", "a/no-deal", "b/no-deal"])


def test_strict_comparisons_use_a_small_stated_epsilon() -> None:
    rules = [red_line("below", "price < 60")]
    model = compile_scenario(from_data(buyer_seller(100, 0, rules=rules)))
    assert zone_bounds(model)["price"][1] == pytest.approx(60, abs=1e-3)
    assert zone_bounds(model)["price"][1] < 60


def test_wide_ranges_keep_switched_red_lines_exact() -> None:
    data = {
        "negsim": 1,
        "name": "troops",
        "issues": {
            "troops": {"kind": "continuous", "range": [0, 800000], "unit": "soldiers"},
            "guarantee": {"kind": "boolean"},
        },
        "parties": {
            "army": {
                "utility": {
                    "troops": {"weight": 1, "points": [[0, 0], [800000, 1]]},
                    "guarantee": {"weight": 0.1, "values": {"true": -1, "false": 0}},
                },
                "no_deal": 0.2,
            },
            "neighbour": {
                "utility": {
                    "troops": {"weight": 1, "points": [[0, 1], [800000, 0]]},
                    "guarantee": {"weight": 0.5, "values": {"true": 1, "false": 0}},
                },
                "no_deal": 0.3,
                "red_lines": [
                    red_line("cap-or-guarantee", "troops <= 250000 or guarantee"),
                    red_line("not-too-low", "not (troops < 100000)"),
                ],
            },
        },
    }
    model = compile_scenario(from_data(data))
    found = margin(model)
    assert found.note is None
    assert model.respects([found.outcome]).all()
    # t = troops / 800000; with the guarantee the surpluses are t - 0.3 and 1.2 - t
    assert found.value == pytest.approx(0.45)
    assert found.outcome == {"troops": pytest.approx(600000), "guarantee": True}
    # without it: 0.2 <= t <= 0.3125 (the cap); with it: t >= 0.3
    assert zone_bounds(model) == {"troops": pytest.approx((160000, 800000))}


def test_inequality_on_a_continuous_issue_falls_back_to_the_grid() -> None:
    rules = [red_line("not-sixty", "not (price == 60)")]
    model = compile_scenario(from_data(buyer_seller(71.5, 52.25, rules=rules)))
    assert "buyer/not-sixty" in unencodable_reason(model)
    found = margin(model)
    assert found.method == "grid"
    assert not found.exact
    assert "grid" in found.note


# ---------------------------------------------------------------- properties


def clear_of_ties(model) -> bool:
    """No utility lies within the solver's tolerance of a no-deal value without equalling it."""
    gap = np.abs(model.utility - model.no_deal)
    return bool(((gap == 0) | (gap > 1e-6)).all())


@SETTINGS
@given(scenarios(max_outcomes=60, continuous=False, max_red_lines=2))
def test_program_margin_equals_enumeration_on_discrete_spaces(scenario) -> None:
    model = compile_scenario(scenario)
    enumerated = enumerated_margin(model)
    solved = solve_margin(model)
    if enumerated.value is None:
        assert solved.outcome is None
        return
    scale = 1 + np.abs(model.utility).max() + np.abs(model.no_deal).max()
    assert solved.objective == pytest.approx(enumerated.value, abs=1e-6 * scale)
    assert model.respects([solved.outcome]).all()


@SETTINGS
@given(scenarios(max_outcomes=60, continuous=False, max_red_lines=2))
def test_program_corrections_equal_enumeration_on_discrete_spaces(scenario) -> None:
    model = compile_scenario(scenario)
    assume(clear_of_ties(model))
    found, complete = minimal_corrections(model)
    assert complete
    sets, _ = violation_sets(model)
    expected = [] if sets[0] == 0 else minimal_sets(sets)
    assert sorted(found) == sorted(expected)


@SETTINGS
@given(scenarios(max_outcomes=80, continuous=True, max_red_lines=2))
def test_grid_never_beats_the_program(scenario) -> None:
    model = compile_scenario(scenario)
    assume(unencodable_reason(model) is None)
    grid = enumerated_margin(model)
    exact = solve_margin(model)
    if grid.value is None:
        return
    assert exact.objective is not None
    scale = 1 + np.abs(model.utility).max() + np.abs(model.no_deal).max()
    assert grid.value <= exact.objective + 1e-6 * scale
    if grid.zone_exists:
        assert exact.objective >= 0


@st.composite
def aligned(draw: st.DrawFn) -> dict:
    """Two parties on two continuous issues in [0, 10] (grid step 0.5) and a boolean.

    Red lines compare one issue with a grid point (``<=``/``>=``), so the
    program's optimum is within one grid step of a grid point of the same region.
    """
    issues = {
        "x": {"kind": "continuous", "range": [0, 10], "unit": "u", "grid": 21},
        "y": {"kind": "continuous", "range": [0, 10], "unit": "u", "grid": 21},
        "flag": {"kind": "boolean"},
    }

    def value_function() -> dict:
        inner = draw(st.lists(st.floats(0.1, 9.9), max_size=3, unique=True))
        xs = [0.0, *sorted(inner), 10.0]
        return {
            "weight": draw(st.floats(0.1, 1)),
            "points": [[x, draw(st.floats(-1, 1))] for x in xs],
        }

    def atom() -> st.SearchStrategy[str]:
        return st.builds(
            lambda issue, op, k: f"{issue} {op} {k / 2}",
            st.sampled_from(["x", "y"]),
            st.sampled_from(["<=", ">="]),
            st.integers(0, 20),
        ) | st.sampled_from(["flag", "not flag"])

    def rule() -> str:
        parts = draw(st.lists(atom(), min_size=1, max_size=3))
        return f" {draw(st.sampled_from(['and', 'or']))} ".join(parts)

    parties = {}
    for name in ("a", "b"):
        parties[name] = {
            "utility": {
                "x": value_function(),
                "y": value_function(),
                "flag": {"weight": 0.5, "values": {"true": draw(st.floats(-1, 1)), "false": 0}},
            },
            "no_deal": draw(st.floats(-1, 1)),
            "red_lines": [red_line(f"r{i}", rule()) for i in range(draw(st.integers(0, 2)))],
        }
    return {"negsim": 1, "name": "aligned", "issues": issues, "parties": parties}


def _lipschitz(data: dict) -> float:
    """A bound on how fast any party's utility changes per unit of x plus y."""
    bound = 0.0
    for party in data["parties"].values():
        slopes = []
        for issue in ("x", "y"):
            spec = party["utility"][issue]
            pts = np.array(spec["points"])
            slopes.append(spec["weight"] * np.max(np.abs(np.diff(pts[:, 1]) / np.diff(pts[:, 0]))))
        bound = max(bound, max(slopes))
    return bound


@SETTINGS
@given(aligned())
def test_program_and_fine_grid_agree_within_the_resolution(data) -> None:
    model = compile_scenario(from_data(data))
    grid = enumerated_margin(model)
    exact = solve_margin(model)
    if exact.outcome is None:
        assert grid.value is None
        return
    step = 0.5
    assert grid.value is not None
    # HiGHS proves optimality within an absolute gap of 1e-6 (scipy's milp does not expose it)
    assert grid.value <= exact.objective + 2e-6
    # the nearest grid point of the optimum's region is within one step in x and in y
    assert exact.objective - grid.value <= 2 * step * _lipschitz(data) + 1e-7


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(aligned())
def test_conflicts_are_infeasible_and_minimal(data) -> None:
    model = compile_scenario(from_data(data))
    diagnosis = diagnose(model, max_conflicts=20, max_corrections=20)
    if diagnosis is None:
        return
    keys = [c.key for c in constraints_of(model)]
    for conflict in diagnosis.conflicts:
        indices = [keys.index(k) for k in conflict.keys]
        assert not constraints_feasible(model, indices)
        for drop in indices:
            assert constraints_feasible(model, [i for i in indices if i != drop])
    for correction in diagnosis.corrections:
        kept = [i for i, k in enumerate(keys) if k not in correction.keys]
        assert constraints_feasible(model, kept)
        for back in correction.keys:
            assert not constraints_feasible(model, [*kept, keys.index(back)])


def test_discrete_diagnosis_by_program_matches_enumeration() -> None:
    data = buyer_seller(40, 60, grid=101)
    model = compile_scenario(from_data(data))
    by_program = diagnose(model, max_conflicts=10, max_corrections=10)
    on_grid = enumerated_diagnosis(model)
    assert [c.keys for c in by_program.conflicts] == [c.keys for c in on_grid.conflicts]
    assert by_program.least_concession.total == pytest.approx(on_grid.least_concession.total)


# ---------------------------------------------------------------- what corrections open


def test_program_openings_agree_with_enumeration_on_a_discrete_scenario() -> None:
    from negsim.scenario.examples import border_talks

    model = compile_scenario(border_talks().with_({"parties.beta.no_deal": 0.7}))
    by_program = diagnose(model, max_conflicts=10, max_corrections=10)
    enumerated = enumerated_diagnosis(model)
    for program, listed in zip(by_program.corrections, enumerated.corrections, strict=True):
        assert program.keys == listed.keys
        assert [(f.party, f.fall) for f in program.falls] == [
            (f.party, pytest.approx(f.fall)) for f in listed.falls
        ]
        witness = program.deals[0]
        assert witness.witness
        # among the deals asking the least fall of the dropped parties, the witness
        # maximises the smallest surplus of the kept parties
        kept = [p for p in model.parties if f"{p}/no-deal" not in program.keys]
        dropped = [p for p in model.parties if p not in kept]
        least = sum(f.fall for f in listed.falls)

        def need(deal, dropped=dropped):
            return sum(max(0.0, -deal.surplus[p]) for p in dropped)

        assert need(witness) == pytest.approx(least, abs=1e-6)
        at_least = [d for d in listed.deals if need(d) == pytest.approx(least, abs=1e-9)]
        best = max(min(d.surplus[p] for p in kept) for d in at_least)
        assert min(witness.surplus[p] for p in kept) == pytest.approx(best)
    assert by_program.least_concession.outcome == enumerated.least_concession.outcome
    assert by_program.least_concession.broken == enumerated.least_concession.broken == ()


def test_program_falls_and_witness_on_a_continuous_scenario() -> None:
    # the buyer pays at most 40, the seller takes at least 60
    model = compile_scenario(from_data(buyer_seller(40, 60, grid=101)))
    found = diagnose(model, max_conflicts=10, max_corrections=10)
    on_grid = enumerated_diagnosis(model)
    for correction, grid in zip(found.corrections, on_grid.corrections, strict=True):
        (fall,) = correction.falls
        # the other's floor alone binds: the dropped party must come down by the whole gap
        assert fall.fall == pytest.approx(0.2, abs=1e-6)
        assert fall.fall == pytest.approx(grid.falls[0].fall, abs=0.01)
        witness = correction.deals[0]
        assert witness.witness and witness.index is None
        kept = next(p for p in model.parties if f"{p}/no-deal" not in correction.keys)
        assert witness.surplus[kept] >= grid.deals[0].surplus[kept] - 1e-6
        assert len(correction.deals) <= 3
        assert all(not d.witness for d in correction.deals[1:])


def test_least_concession_by_program_breaks_the_fewest_red_lines() -> None:
    rules = [red_line("cheap", "price <= 20"), red_line("dear", "price >= 80")]
    model = compile_scenario(from_data(buyer_seller(70, 30, grid=101, rules=rules)))
    found = diagnose(model, max_conflicts=10, max_corrections=10)
    assert found.red_lines_conflict
    concession = found.least_concession
    assert len(concession.broken) == 1
    grid = enumerated_diagnosis(model).least_concession
    assert len(grid.broken) == 1
    assert concession.total == pytest.approx(grid.total, abs=1e-6)
