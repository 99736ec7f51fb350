"""Probability of a zone and sensitivity, on cases with known answers."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from scipy.stats import binomtest

import negsim
from negsim.errors import AnalysisError, NegsimError
from negsim.explore.discovery import (
    binned_first_order,
    rank_regression,
    sensitivity,
    sobol_indices,
    summarize,
    wilson_interval,
    zone_probability,
)

ROOT = Path(__file__).resolve().parents[2]

# One party whose utility is 1 everywhere and whose no-deal value is a war
# lottery with numeric branches: margin = 1 - (0.25 u0 + 0.75 u1 - cost), linear
# in three uniform inputs with coefficients -0.25, -0.75, 1.
LINEAR = """
negsim: 1
name: Linear margin
issues:
  deal: {kind: boolean}
parties:
  solo:
    utility:
      deal: {weight: 1, values: {true: 1, false: 1}}
    no_deal:
      war:
        cost: 0.5
        lottery:
          - {p: 0.25, utility: 0.5}
          - {p: 0.75, utility: 0.5}
uncertainty:
  parties.solo.no_deal.war.lottery.0.utility: [0, 1]
  parties.solo.no_deal.war.lottery.1.utility: [0, 1]
  parties.solo.no_deal.war.cost: [0, 1]
"""
COEFFICIENTS = np.array([-0.25, -0.75, 1.0])
KNOWN = COEFFICIENTS**2 / (COEFFICIENTS**2).sum()
PATHS = [
    "parties.solo.no_deal.war.lottery.0.utility",
    "parties.solo.no_deal.war.lottery.1.utility",
    "parties.solo.no_deal.war.cost",
]


@pytest.fixture(scope="module")
def linear() -> negsim.Scenario:
    return negsim.load(LINEAR)


# ---------------------------------------------------------------- probability


@pytest.mark.parametrize(("k", "n"), [(0, 10), (3, 10), (10, 10), (318, 2000), (1, 1)])
def test_wilson_interval_matches_scipy(k, n):
    expected = binomtest(k, n).proportion_ci(0.95, method="wilson")
    low, high = wilson_interval(k, n, 0.95)
    assert low == pytest.approx(expected.low, abs=1e-12)
    assert high == pytest.approx(expected.high, abs=1e-12)


def test_zone_probability_of_a_sample(linear):
    df = negsim.sample(linear, 200, seed=1, progress=False)
    result = zone_probability(df)
    # margin >= 0 exactly when 0.25 u0 + 0.75 u1 - cost <= 1, which the sample decides
    assert result.successes == int(df["zone"].sum())
    assert result.n == 200
    assert result.low <= result.estimate <= result.high
    assert "Wilson" in repr(result) and "<table>" in result._repr_html_()
    json.dumps(result.to_dict())
    with pytest.raises(AnalysisError):
        wilson_interval(1, 0)


# ---------------------------------------------------------------- sensitivity


def test_margin_is_the_linear_function(linear):
    df = negsim.sample(linear, 50, seed=2, progress=False)
    x = df[PATHS].to_numpy()
    np.testing.assert_allclose(df["margin"], 1 + x @ COEFFICIENTS, atol=1e-12)


@pytest.mark.parametrize("method", ["binned", "srrc"])
def test_own_methods_recover_known_indices(linear, method):
    df = negsim.sample(linear, 4000, seed=3, sampler="mc", progress=False)
    result = sensitivity(df, "margin", method=method)
    assert result.ranking == [PATHS[2], PATHS[1], PATHS[0]]
    scores = result.table.loc[PATHS, result.score_column].to_numpy()
    # binned estimates S1 itself; SRRC^2 of ranks is close for a linear model
    np.testing.assert_allclose(scores, KNOWN, atol=0.04 if method == "binned" else 0.06)
    assert result.most_influential == PATHS[2]
    json.dumps(result.to_dict())
    assert PATHS[2] in result.describe()


def test_binned_estimate_is_zero_for_a_parameter_without_effect():
    rng = np.random.default_rng(4)
    x = rng.random((3000, 2))
    y = (x[:, 0] - 0.5) ** 2  # not monotone: rank regression misses it
    s1 = binned_first_order(x, y)
    assert s1[0] > 0.95
    assert s1[1] < 0.02
    coefficients, r2 = rank_regression(x, y)
    assert r2 < 0.2


def test_sensitivity_refuses_undefined_margins_and_unknown_methods(linear):
    flagship = negsim.load(ROOT / "scenarios" / "ukraine_land_for_peace_2026.yaml")
    df = negsim.sample(flagship, 8, seed=1, progress=False)
    with pytest.raises(AnalysisError, match="undefined in every experiment"):
        sensitivity(df)
    good = negsim.sample(linear, 20, seed=1, progress=False)
    with pytest.raises(NegsimError, match="sobol_indices"):
        sensitivity(good, method="sobol")
    with pytest.raises(NegsimError, match="unknown method"):
        sensitivity(good, method="morris")


def test_sobol_indices_with_salib(linear):
    pytest.importorskip("SALib")
    result = sobol_indices(linear, 1024, seed=5, progress=False)
    table = result.table.loc[PATHS]
    np.testing.assert_allclose(table["S1"], KNOWN, atol=0.05)
    # no interactions in a linear model: total = first order
    np.testing.assert_allclose(table["ST"], KNOWN, atol=0.05)
    # the known answers fall inside the reported confidence intervals, which are
    # narrow enough to tell the three parameters apart
    for index in ("S1", "ST"):
        half = table[f"{index}_conf"].to_numpy()
        assert (np.abs(table[index].to_numpy() - KNOWN) <= half).all(), index
        assert (half < 0.1).all() and (half > 0).all(), index
    assert result.most_influential == PATHS[2]


def test_sobol_indices_say_how_to_install_salib(linear, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_salib(name, *args, **kwargs):
        if name.startswith("SALib"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_salib)
    with pytest.raises(NegsimError, match=r"negsim\[sensitivity\]"):
        sobol_indices(linear, 8, seed=1, progress=False)


def test_a_parameter_that_takes_words_is_left_out_of_the_ranking_not_a_crash():
    minimal = negsim.load(ROOT / "tests" / "data" / "minimal.yaml")
    grid = {
        "parties.alpha.no_deal": [0.0, 0.2, 0.4, 0.6],
        "parties.alpha.red_lines.0.rule": ["north not in regions", "true"],
    }
    df = negsim.sweep(minimal, grid, progress=False)
    with pytest.raises(AnalysisError, match="does not take numbers"):
        sensitivity(df, "zone")
    text = summarize(df)
    assert "among the parameters that take numbers" in text
    assert "parties.alpha.no_deal" in text and "red_lines" not in text
