"""Variants compiled from scratch: the reference the batched engine is checked against."""

from __future__ import annotations

import numpy as np

from negsim.bargaining.solutions import bargain
from negsim.explore import classify_all, measure_model
from negsim.explore.parameters import variant_changes
from negsim.model.compile import compile_scenario


def from_scratch(scenario, paths, row, outputs=None):
    params = classify_all(scenario, paths)
    variant = scenario.with_(variant_changes(scenario, params, row))
    model = compile_scenario(variant)
    out = measure_model(model, outputs)
    if "nash" in out:
        solved = bargain(model, exact=False)  # the engine chooses among enumerated outcomes
        assert out["nash"][0] == (solved["nash"].index if solved.exists else -1)
    return out


def assert_same(batched: dict, b: int, reference: dict) -> None:
    for key, value in reference.items():
        assert np.array_equal(batched[key][b], value[0], equal_nan=True), (
            key,
            batched[key][b],
            value,
        )
