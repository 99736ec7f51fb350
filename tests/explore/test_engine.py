"""Batched variants equal variants compiled from scratch (negsim.explore.engine)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import negsim
from negsim.errors import ScenarioError
from negsim.explore import FastEngine, classify_all, sweep
from negsim.explore.parameters import numeric_paths
from negsim.explore.sampling import draw
from tests.explore.reference import assert_same, from_scratch
from tests.strategies import scenarios

FLAGSHIP = Path(__file__).parents[2] / "scenarios" / "ukraine_land_for_peace_2026.yaml"


def _value_for(param, draw_float):
    if param.kind == "weight":
        return draw_float(0.01, 2.0)
    if param.kind == "war_cost":
        return draw_float(0.0, 1.0)
    return draw_float(-1.5, 1.5)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(scenario=scenarios(max_outcomes=120, max_parties=3), data=st.data())
def test_batched_variants_equal_variants_compiled_from_scratch(scenario, data):
    paths = data.draw(
        st.lists(st.sampled_from(numeric_paths(scenario)), min_size=1, max_size=4, unique=True)
    )
    params = classify_all(scenario, paths)
    n_p = {}
    for p in params:
        if p.kind == "lottery_p":
            n_p[p.party] = n_p.get(p.party, 0) + 1
    rows = []
    for _ in range(data.draw(st.integers(1, 4))):
        row = []
        for p in params:
            if p.kind == "lottery_p":
                row.append(data.draw(st.floats(0, 1 / n_p[p.party])))
            else:
                row.append(
                    data.draw(
                        st.one_of(
                            st.floats(*_bounds(p)),
                            st.sampled_from([0.0, 0.25, 0.5, 1.0]),
                        )
                    )
                )
        rows.append(row)
    values = np.array(rows, dtype=float)
    try:
        batched = FastEngine(scenario, params).evaluate(values)
    except ScenarioError:
        # the schema refuses some variant (a party left with every weight at zero)
        with pytest.raises(ScenarioError):
            for row in rows:
                from_scratch(scenario, paths, row)
        return
    for b, row in enumerate(rows):
        assert_same(batched, b, from_scratch(scenario, paths, row))


def _bounds(param):
    if param.kind == "weight":
        return (0.0, 2.0)
    if param.kind == "war_cost":
        return (0.0, 1.0)
    return (-1.5, 1.5)


def test_flagship_variants_match_from_scratch():
    flagship = negsim.load(FLAGSHIP)
    # without Russia's red lines some outcomes respect every remaining one
    kept = {k: v.to_data() for k, v in flagship.uncertainty.items() if "ukraine.no_deal" not in k}
    open_ = flagship.with_({"parties.russia.red_lines": [], "uncertainty": kept})
    paths = [p for p in open_.uncertainty if not p.startswith("parties.ukraine.no_deal")]
    values = draw({p: open_.uncertainty[p] for p in paths}, 6, sampler="mc", seed=5)
    paths.append("parties.ukraine.no_deal")
    # Ukraine's no-deal value as a number: high in half of the variants
    values = np.column_stack([values, [0.0, 0.9, 0.1, 0.9, 0.2, 0.9]])
    batched = FastEngine(open_, classify_all(open_, paths)).evaluate(values)
    assert batched["zone"].any()
    assert not batched["zone"].all()
    for b, row in enumerate(values):
        assert_same(batched, b, from_scratch(open_, paths, row))


@pytest.mark.parametrize(
    ("path", "value", "words"),
    [
        ("parties.alpha.utility.regions.weight", -0.1, "must be in [0, inf]"),
        ("parties.beta.no_deal.war.cost", -1.0, "must be in [0, inf]"),
        ("parties.beta.no_deal.war.lottery.0.p", 1.5, "must be in [0, 1]"),
        ("parties.alpha.no_deal", math.inf, "finite"),
        ("parties.alpha.no_deal", 1e308, "floating-point"),
        ("parties.alpha.utility.regions.values.north", 1e308, "floating-point"),
    ],
)
def test_values_the_schema_refuses_are_refused(minimal, path, value, words):
    with pytest.raises(ScenarioError, match=words.replace("[", r"\[").replace("]", r"\]")):
        sweep(minimal, {path: [0.1, value]}, progress=False)


def test_zero_weights_everywhere_are_refused(minimal):
    grid = {f"parties.alpha.utility.{i}.weight": [0.0] for i in minimal.parties["alpha"].utility}
    with pytest.raises(ScenarioError, match="every weight is zero"):
        sweep(minimal, grid, progress=False)
