import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from negsim.errors import AnalysisError, ScenarioError
from negsim.model.compile import compile_scenario
from negsim.scenario.format import Scenario
from negsim.scenario.loading import from_data, load
from tests.strategies import scenarios


def two_parties(weight: float, value: float, no_deal: float = 0.0) -> dict:
    values = {"true": value, "false": -value}
    return {
        "negsim": 1,
        "name": "scale",
        "issues": {"deal": {"kind": "boolean"}, "aid": {"kind": "boolean"}},
        "parties": {
            "a": {
                "utility": {
                    "deal": {"weight": weight, "values": values},
                    "aid": {"weight": weight, "values": values},
                },
                "no_deal": no_deal,
            },
            "b": {
                "utility": {"deal": {"weight": 1, "values": {"true": 0, "false": 1}}},
                "no_deal": 0,
            },
        },
    }


@pytest.mark.parametrize(
    ("weight", "value", "no_deal"),
    [(1e300, 1e10, 0.0), (1e300, 1e8, 0.0), (1.0, 1e308, -1e308)],
)
def test_utilities_that_overflow_are_refused_by_party(weight, value, no_deal):
    scenario = from_data(two_parties(weight, value, no_deal))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(
            ScenarioError, match=r"parties\.a\.(utility(\.deal)?|no_deal): .*rescale"
        ):
            compile_scenario(scenario)


@pytest.mark.parametrize("scale", [1e-300, 1e-10, 1.0, 1e100])
def test_tiny_and_large_utilities_compile_exactly(scale):
    model = compile_scenario(from_data(two_parties(scale, 1.0)))
    assert np.isfinite(model.utility).all()
    # outcomes in mixed-radix order: (deal, aid) = (F,F), (F,T), (T,F), (T,T)
    np.testing.assert_array_equal(model.utility[:, 0], [-2 * scale, 0, 0, 2 * scale])


def test_unknown_party_or_red_line_is_a_negsim_error():
    model = compile_scenario(load("tests/data/minimal.yaml"))
    assert model.party_index("beta") == 1
    assert model.red_line_index("beta/some-land") == 1
    with pytest.raises(AnalysisError, match="unknown party 'gamma'; the parties are alpha, beta"):
        model.party_index("gamma")
    with pytest.raises(AnalysisError, match="unknown red line 'alpha/x'; the red lines are "):
        model.red_line_index("alpha/x")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(max_outcomes=64))
def test_generated_scenarios_compile(scenario: Scenario) -> None:
    model = compile_scenario(scenario)
    assert model.n_outcomes <= 64
    assert model.utility.shape == (model.n_outcomes, len(scenario.parties))
    assert model.red_line_masks.shape == (len(model.red_lines), model.n_outcomes)


def many_outcomes(items: int = 16, parties: int = 8, grid: int = 256) -> str:
    """A legal scenario of ``2**items * grid`` outcomes (16.8 million by default)."""
    zones = ", ".join(f"z{i}" for i in range(items))
    lines = [
        "negsim: 1",
        "name: Many outcomes",
        "issues:",
        f"  zones: {{kind: subset, items: [{zones}]}}",
        f"  share: {{kind: continuous, range: [0, 100], unit: pct, grid: {grid}}}",
        "parties:",
    ]
    for p in range(parties):
        values = ", ".join(f"z{i}: {(i + p) % 5 / 10}" for i in range(items))
        lines += [
            f"  p{p}:",
            "    no_deal: 0.3",
            "    utility:",
            f"      zones: {{weight: 0.5, values: {{{values}}}}}",
            f"      share: {{weight: 0.5, points: [[0, {p % 2}], [100, {1 - p % 2}]]}}",
        ]
    return "\n".join(lines) + "\n"


def test_a_model_too_large_for_the_memory_limit_is_refused_before_any_array():
    from negsim.errors import SpaceTooLargeError

    scenario = load(many_outcomes())
    with pytest.raises(SpaceTooLargeError) as caught:
        compile_scenario(scenario, max_memory=2**30)
    message = str(caught.value)
    assert "16,777,216 outcomes x 8 parties" in message and "1.0 GiB" in message
    assert "--max-memory" in message and "max_memory=" in message
    assert "\n" not in message


def test_a_raised_memory_limit_lets_the_model_compile():
    scenario = load(many_outcomes(items=4, parties=2, grid=3))
    assert compile_scenario(scenario, max_memory=2**30).n_outcomes == 48
    from negsim.errors import SpaceTooLargeError

    with pytest.raises(SpaceTooLargeError, match="limit given of 1.0 KiB"):
        compile_scenario(scenario, max_memory=1024)


def test_the_estimate_grows_with_outcomes_parties_and_red_lines():
    from negsim.model.compile import estimated_memory
    from negsim.model.space import OutcomeSpace

    small = load(many_outcomes(items=4, parties=2, grid=3))
    space = OutcomeSpace.from_issues(small.issues)
    base = estimated_memory(space, 2, 0)
    assert estimated_memory(space, 3, 0) > base
    assert estimated_memory(space, 2, 5) > base
    assert base >= space.size * 2 * 8  # at least the utility matrix
