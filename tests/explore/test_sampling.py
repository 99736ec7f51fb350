"""Designs in the unit cube and draws through the distributions (negsim.explore.sampling)."""

from __future__ import annotations

import numpy as np
import pytest

from negsim.errors import NegsimError, ScenarioError
from negsim.explore import sample
from negsim.explore.sampling import draw, unit_design
from negsim.scenario.uncertainty import as_uncertain


def test_sample_without_uncertainty_says_what_to_do(minimal):
    with pytest.raises(NegsimError, match="declares no uncertainty"):
        sample(minimal, 4, seed=1, progress=False)
    with pytest.raises(ScenarioError, match="no field"):
        sample(minimal, 4, seed=1, ranges={"parties.alpha.nodeal": [0, 1]}, progress=False)
    with pytest.raises(NegsimError, match="unknown sampler"):
        sample(minimal, 4, seed=1, ranges={"parties.alpha.no_deal": [0, 1]}, sampler="grid")


def test_distributions_shape_the_sample(minimal):
    ranges = {"parties.alpha.no_deal": {"dist": "norm", "loc": 0.2, "scale": 0.05}}
    df = sample(minimal, 512, seed=3, sampler="sobol", ranges=ranges, progress=False)
    values = df["parties.alpha.no_deal"]
    assert values.mean() == pytest.approx(0.2, abs=0.005)
    assert values.std() == pytest.approx(0.05, rel=0.05)


@pytest.mark.parametrize("sampler", ["mc", "lhs", "sobol"])
def test_unit_designs_are_reproducible_and_inside_the_cube(sampler):
    a = unit_design(sampler, 64, 3, seed=11)
    b = unit_design(sampler, 64, 3, seed=11)
    c = unit_design(sampler, 64, 3, seed=12)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)
    assert ((a > 0) & (a < 1)).all()


def test_sobol_warns_when_n_is_not_a_power_of_two():
    with pytest.warns(UserWarning, match="power of 2"):
        unit_design("sobol", 100, 2, seed=1)


def test_draw_maps_through_the_distributions():
    specs = {"a": as_uncertain([2, 4]), "b": as_uncertain({"dist": "beta", "a": 2, "b": 2})}
    values = draw(specs, 200, sampler="lhs", seed=1)
    assert values.shape == (200, 2)
    assert values[:, 0].min() >= 2 and values[:, 0].max() <= 4
    assert values[:, 1].min() > 0 and values[:, 1].max() < 1
