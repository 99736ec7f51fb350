"""The ``uncertainty`` section: its schema, its checks against the scenario, and sampling maps."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from negsim.errors import ScenarioError
from negsim.scenario.loading import load
from negsim.scenario.uncertainty import DISTRIBUTIONS, Uncertain, as_uncertain

MINIMAL = (Path(__file__).parents[1] / "data" / "minimal.yaml").read_text()


def with_uncertainty(lines: str) -> str:
    return MINIMAL + "uncertainty:\n" + lines


def test_valid_section_loads_and_keeps_order():
    scenario = load(
        with_uncertainty(
            "  parties.alpha.no_deal: {range: [0, 0.3]}\n"
            "  parties.beta.no_deal.war.cost: {dist: triang, c: 0.5, loc: 0, scale: 0.2}\n"
            "  parties.beta.no_deal.war.lottery.0.p: [0.2, 0.8]\n"
            "  parties.alpha.utility.regions.values.north: {dist: norm, loc: -0.5, scale: 0.1}\n"
        )
    )
    assert list(scenario.uncertainty) == [
        "parties.alpha.no_deal",
        "parties.beta.no_deal.war.cost",
        "parties.beta.no_deal.war.lottery.0.p",
        "parties.alpha.utility.regions.values.north",
    ]
    assert scenario.uncertainty["parties.beta.no_deal.war.lottery.0.p"].range == (0.2, 0.8)
    assert scenario.uncertainty["parties.beta.no_deal.war.cost"].dist == "triang"


def test_section_is_optional_and_round_trips():
    assert load(MINIMAL).uncertainty == {}
    scenario = load(with_uncertainty("  parties.alpha.no_deal: {dist: beta, a: 2, b: 5}\n"))
    again = load(scenario.to_yaml())
    assert again == scenario


@pytest.mark.parametrize(
    ("lines", "field", "words"),
    [
        ("  parties.alpha.no_dea: [0, 1]\n", "uncertainty.parties.alpha.no_dea", "'no_deal'"),
        ("  parties.gamma.no_deal: [0, 1]\n", "uncertainty.parties.gamma.no_deal", "no field"),
        (
            "  parties.alpha.red_lines.keep-north.rule: [0, 1]\n",
            "uncertainty.parties.alpha.red_lines.keep-north.rule",
            "holds text, not a number",
        ),
        ("  parties.alpha.utility: [0, 1]\n", None, "holds a mapping"),
        ("  parties.alpha.no_deal: {dist: foo}\n", None, "unknown distribution 'foo'"),
        ("  parties.alpha.no_deal: {dist: __class__}\n", None, "unknown distribution"),
        ("  parties.alpha.no_deal: {dist: beta, a: 1}\n", None, "beta needs b"),
        ("  parties.alpha.no_deal: {dist: beta, a: -1, b: 1}\n", None, "must be positive"),
        ("  parties.alpha.no_deal: {dist: norm, c: 1}\n", None, "not c"),
        ("  parties.alpha.no_deal: {dist: norm, scale: 0}\n", None, "scale must be positive"),
        ("  parties.alpha.no_deal: {dist: triang, c: 2}\n", None, "between 0 and 1"),
        ("  parties.alpha.no_deal: {range: [2, 1]}\n", None, "low to high"),
        ("  parties.alpha.no_deal: {range: [0, 1], loc: 1}\n", None, "no distribution param"),
        ("  parties.alpha.no_deal: {rnge: [1, 2]}\n", None, "did you mean 'range'"),
        ("  parties.alpha.no_deal: {}\n", None, "either 'range"),
        (
            "  parties.alpha.utility.regions.weight: {dist: norm, loc: 0.5, scale: 0.1}\n",
            None,
            "weight must lie in [0, inf]",
        ),
        ("  parties.beta.no_deal.war.lottery.0.p: [0.5, 1.5]\n", None, "must lie in [0, 1]"),
    ],
)
def test_bad_sections_fail_with_one_line(lines, field, words):
    with pytest.raises(ScenarioError) as info:
        load(with_uncertainty(lines))
    message = str(info.value)
    assert "\n" not in message
    assert words in message
    assert info.value.line is not None and info.value.line > 50
    if field is not None:
        assert info.value.field == field


def test_range_maps_the_unit_interval_linearly():
    spec = as_uncertain([2, 6])
    np.testing.assert_allclose(spec.ppf(np.array([0.0, 0.25, 1.0])), [2.0, 3.0, 6.0])
    assert spec.support == (2.0, 6.0)
    assert spec.describe() == "uniform on [2, 6]"


@pytest.mark.parametrize(
    ("spec", "frozen"),
    [
        ({"dist": "norm", "loc": 1, "scale": 2}, stats.norm(1, 2)),
        ({"dist": "beta", "a": 2, "b": 5}, stats.beta(2, 5)),
        ({"dist": "triang", "c": 0.3, "loc": 1, "scale": 2}, stats.triang(0.3, loc=1, scale=2)),
        ({"dist": "truncnorm", "a": -1, "b": 2}, stats.truncnorm(-1, 2)),
        ({"dist": "lognorm", "s": 0.5}, stats.lognorm(0.5)),
        ({"dist": "gamma", "a": 3, "scale": 0.5}, stats.gamma(3, scale=0.5)),
        ({"dist": "expon", "scale": 2}, stats.expon(scale=2)),
        ({"dist": "uniform", "loc": -1, "scale": 2}, stats.uniform(-1, 2)),
    ],
)
def test_distributions_use_scipy_parametrisation(spec, frozen):
    u = np.linspace(0.01, 0.99, 7)
    np.testing.assert_allclose(as_uncertain(spec).ppf(u), frozen.ppf(u))
    assert as_uncertain(spec).support == tuple(float(x) for x in frozen.support())


def test_every_whitelisted_distribution_is_reachable():
    shapes = {"a": 2.0, "b": 3.0, "c": 0.5, "s": 0.5}
    for name, info in DISTRIBUTIONS.items():
        spec = as_uncertain({"dist": name, **{k: shapes[k] for k in info.shapes}})
        assert np.isfinite(spec.ppf(np.array([0.5]))).all(), name


def test_as_uncertain_reports_one_line():
    with pytest.raises(ValueError, match="unknown distribution"):
        as_uncertain({"dist": "cauchy2"})
    assert isinstance(as_uncertain(Uncertain(range=(0, 1))), Uncertain)


@settings(max_examples=40, deadline=None)
@given(
    low=st.floats(-100, 100),
    width=st.floats(1e-3, 100),
    u=st.lists(st.floats(0, 1), min_size=1, max_size=20),
)
def test_range_samples_stay_inside(low, width, u):
    values = as_uncertain([low, low + width]).ppf(np.array(u))
    assert (values >= low - 1e-9).all()
    assert (values <= low + width + 1e-9).all()
