"""The fast engine builds each variant's model as a new frozen Model, never by editing one."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import negsim
from negsim import compile_scenario
from negsim.explore.engine import FastEngine, _point_index
from negsim.explore.parameters import Parameter, classify_all
from negsim.games import equilibria

ROOT = Path(__file__).resolve().parents[2]
FLAGSHIP = ROOT / "scenarios" / "ukraine_land_for_peace_2026.yaml"


def test_variant_equilibria_leave_the_base_model_untouched():
    scenario = negsim.load(FLAGSHIP)
    paths = [
        "parties.ukraine.no_deal.war.cost",
        "parties.ukraine.utility.guarantee.weight",
        "parties.russia.utility.line_of_control.values.donbas_withdrawal",
    ]
    params = classify_all(scenario, paths)
    engine = FastEngine(scenario, params, outputs=["zone", "equilibria"])
    before = dict(vars(engine.model))
    rows = np.array([[p.base * scale for p in params] for scale in (0.5, 1.5)], dtype=float)
    counts = engine.evaluate(rows)["equilibria"]
    assert vars(engine.model).keys() == before.keys()
    assert all(vars(engine.model)[key] is value for key, value in before.items())
    for row, count in zip(rows, counts, strict=True):
        variant = scenario.with_(dict(zip(paths, row.tolist(), strict=True)))
        solved = equilibria(compile_scenario(variant), next(iter(scenario.games), None))
        assert count == len(solved.equilibria)


def test_a_point_value_parameter_names_its_point():
    assert _point_index(Parameter("p.a.utility.x.points.1.value", "point_value", index=1)) == 1
    with pytest.raises(negsim.NegsimError, match="does not name a point"):
        _point_index(Parameter("p.a.utility.x.points", "point_value"))
