"""Probability of a zone and sensitivity, on cases with known answers."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binomtest

import negsim
from negsim.cli.commands import main
from negsim.errors import AnalysisError, NegsimError
from negsim.explore.discovery import (
    MIN_ROWS,
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


def test_rbd_fast_recovers_known_indices(linear):
    pytest.importorskip("SALib")
    df = negsim.sample(linear, 4000, seed=3, sampler="mc", progress=False)
    result = sensitivity(df, "margin")
    assert result.method == "rbd_fast"
    assert result.ranking == [PATHS[2], PATHS[1], PATHS[0]]
    table = result.table.loc[PATHS]
    np.testing.assert_allclose(table["S1"], KNOWN, atol=0.03)
    # the known answers fall inside twice the bootstrap half-widths
    assert (np.abs(table["S1"] - KNOWN) <= 2 * table["S1_conf"]).all()
    assert (table["status"] == "estimated").all()
    assert result.most_influential == PATHS[2]
    json.dumps(result.to_dict())
    assert PATHS[2] in result.describe()


def test_srrc_recovers_known_indices(linear):
    df = negsim.sample(linear, 4000, seed=3, sampler="mc", progress=False)
    result = sensitivity(df, "margin", method="srrc")
    assert result.ranking == [PATHS[2], PATHS[1], PATHS[0]]
    # SRRC^2 of ranks is close to S1 for a linear model
    np.testing.assert_allclose(result.table.loc[PATHS, "SRRC2"], KNOWN, atol=0.06)


def two_inputs(n: int, a: float, b: float, seed: int) -> pd.DataFrame:
    x = np.random.default_rng(seed).random((n, 2))
    table = pd.DataFrame(x, columns=["p.x1", "p.x2"])
    table["margin"] = a * x[:, 0] + b * x[:, 1]
    return table


@pytest.mark.parametrize(
    ("method", "a", "b"),
    [("rbd_fast", 2.0, 1.0), ("rbd_fast", 1.0, -3.0), ("rbd_fast", 1.0, 1.0), ("delta", 2.0, 1.0)],
)
def test_first_order_indices_of_a_linear_model(method, a, b):
    # y = a x1 + b x2 with independent uniform inputs: S1_i = a^2 / (a^2 + b^2)
    pytest.importorskip("SALib")
    table = two_inputs(2000, a, b, seed=11)
    result = sensitivity(table, inputs=["p.x1", "p.x2"], method=method, resamples=10)
    known = np.array([a * a, b * b]) / (a * a + b * b)
    s1 = result.table.loc[["p.x1", "p.x2"], "S1"].to_numpy()
    half = result.table.loc[["p.x1", "p.x2"], "S1_conf"].to_numpy()
    # within sampling error: three bootstrap half-widths, and never more than 0.06
    assert (np.abs(s1 - known) <= np.minimum(3 * half, 0.06) + 1e-3).all(), (s1, half)


@pytest.mark.parametrize("method", ["rbd_fast", "delta"])
def test_same_numbers_as_salib_on_the_same_table(linear, method):
    salib = pytest.importorskip(f"SALib.analyze.{method}")
    df = negsim.sample(linear, 300, seed=4, progress=False)
    result = sensitivity(df, "margin", method=method, seed=7, resamples=5)
    problem = {"num_vars": 3, "names": ["a", "b", "c"], "bounds": [[0, 1]] * 3}
    x, y = df[PATHS].to_numpy(), df["margin"].to_numpy()
    if method == "rbd_fast":
        direct = salib.analyze(problem, x, y, M=10, num_resamples=5, seed=7)
        pairs = {"S1": "S1", "S1_conf": "S1_conf"}
    else:
        direct = salib.analyze(problem, x, y, num_resamples=5, seed=7)
        pairs = {"delta": "delta_raw", "delta_conf": "delta_raw_conf", "S1": "S1"}
        pairs["S1_conf"] = "S1_conf"
    for ours, theirs in pairs.items():
        np.testing.assert_allclose(
            result.table.loc[PATHS, ours], direct[theirs], rtol=1e-12, err_msg=ours
        )


def test_rbd_fast_sees_a_parameter_rank_regression_misses():
    pytest.importorskip("SALib")
    table = two_inputs(3000, 1, 1, seed=4)
    table["margin"] = (table["p.x1"] - 0.5) ** 2  # not monotone: rank regression misses it
    s1 = sensitivity(table, inputs=["p.x1", "p.x2"]).table["S1"]
    assert s1["p.x1"] > 0.95
    assert abs(s1["p.x2"]) < 0.02
    coefficients, r2 = rank_regression(table[["p.x1", "p.x2"]].to_numpy(), table["margin"])
    assert r2 < 0.2


def test_salib_leaves_numpy_and_warnings_as_it_found_them():
    pytest.importorskip("SALib")
    import warnings

    np.random.seed(5)  # noqa: NPY002
    expected = np.random.random()  # noqa: NPY002
    np.random.seed(5)  # noqa: NPY002
    formatter, filters = warnings.formatwarning, list(warnings.filters)
    table = two_inputs(200, 1, 1, seed=1)
    sensitivity(table, inputs=["p.x1", "p.x2"], method="delta", resamples=3)
    assert np.random.random() == expected  # noqa: NPY002
    assert warnings.formatwarning is formatter and warnings.filters == filters


def not_meaningful_cases() -> dict[str, tuple[pd.DataFrame, str, str]]:
    six = pd.DataFrame({"p.x1": np.linspace(0, 1, 6), "margin": np.linspace(0.3, -0.7, 6)})
    six.attrs.update(kind="sweep", parameters=["p.x1"])
    few = two_inputs(MIN_ROWS["rbd_fast"] - 1, 1, 1, seed=2)
    levels = two_inputs(400, 1, 1, seed=3)
    levels["p.x2"] = np.repeat([0.0, 0.5, 1.0, 1.5], 100)
    flat = two_inputs(400, 1, 1, seed=4).assign(margin=0.25)
    binary = two_inputs(400, 1, 1, seed=5)
    binary["margin"] = (binary["margin"] > 1).astype(float)
    return {
        "a 6-point sweep": (six, "rbd_fast", "a grid is not a random sample"),
        "too few rows": (few, "rbd_fast", "199 experiments, fewer than the 200 RBD-FAST needs"),
        "a parameter with 4 levels": (levels, "rbd_fast", "4 distinct values in 400"),
        "a constant output": (flat, "rbd_fast", "the output is the same in every experiment"),
        "delta of a two-valued output": (binary, "delta", "the output takes 2 values"),
        "srrc with too few rows": (few.head(3), "srrc", "3 experiments, fewer than the 10"),
    }


@pytest.mark.parametrize("case", list(not_meaningful_cases()))
def test_not_meaningful_says_why_instead_of_a_number(case):
    table, method, reason = not_meaningful_cases()[case]
    names = [c for c in ("p.x1", "p.x2") if c in table]
    result = sensitivity(table, inputs=names, method=method)
    refused = result.table["status"].str.startswith("not meaningful: ")
    assert refused.any()
    assert any(reason in status for status in result.table["status"]), result.table["status"]
    assert result.table.loc[refused, result.score_column].isna().all()
    assert "not meaningful: " in repr(result)
    json.dumps(result.to_dict())
    if refused.all():
        assert result.ranking == [] and result.most_influential is None
        assert reason in result.describe()
    else:
        # the parameter with 4 levels is left out, the other is still ranked
        assert result.ranking == ["p.x1"] and result.table.index[-1] == "p.x2"


def test_a_sweep_needs_no_salib_to_say_its_indices_mean_nothing(hide_modules):
    hide_modules("SALib")
    six = not_meaningful_cases()["a 6-point sweep"][0]
    assert not sensitivity(six).meaningful
    with pytest.raises(NegsimError, match=r"negsim\[sensitivity\]"):
        sensitivity(two_inputs(400, 1, 1, seed=1), inputs=["p.x1", "p.x2"])
    sample = two_inputs(400, 1, 1, seed=1).assign(zone=True)
    sample.attrs.update(kind="sample", parameters=["p.x1", "p.x2"])
    assert "pip install 'negsim[sensitivity]'" in summarize(sample)


def test_the_command_line_prints_not_meaningful_for_a_short_sweep(capsys):
    minimal = str(ROOT / "tests" / "data" / "minimal.yaml")
    code = main(["sweep", minimal, "--grid", "parties.alpha.no_deal=0:0.5:6", "--no-progress"])
    out = capsys.readouterr().out
    assert code == 0
    assert "is not meaningful: a grid is not a random sample" in out
    assert "S1 =" not in out


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


def test_sobol_indices_say_how_to_install_salib(linear, hide_modules):
    hide_modules("SALib")
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
    assert "among the parameters that take numbers" in text.lower()
    assert "parties.alpha.no_deal" in text and "red_lines" not in text


def test_sobol_indices_of_a_constant_output_are_not_meaningful(linear):
    # margin = 1 - 0.25 u0 - 0.75 u1 + cost >= 0 on the unit cube: a zone always exists
    pytest.importorskip("SALib")
    result = sobol_indices(linear, 8, output="zone", seed=1, progress=False)
    assert not result.meaningful
    assert result.table["S1"].isna().all()
    assert "the output is the same in every experiment" in result.describe()
