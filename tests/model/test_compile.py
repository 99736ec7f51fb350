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
        with pytest.raises(ScenarioError, match=r"parties\.a\.utility: .*rescale"):
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
