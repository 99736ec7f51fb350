"""Sweeps and samples: one row per experiment, on any executor (negsim.explore.runner)."""

from __future__ import annotations

import functools
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import negsim
from negsim.explore import SAMPLERS, classify, numeric_paths, sample, sweep
from negsim.model.compile import compile_scenario
from negsim.plots.explore import margin_curve_data
from tests.explore.reference import from_scratch
from tests.strategies import scenarios

SCENARIOS = Path(__file__).parents[2] / "scenarios"
FLAGSHIP = SCENARIOS / "ukraine_land_for_peace_2026.yaml"
UNCERTAIN = sorted(p.name for p in SCENARIOS.glob("*.yaml") if "\nuncertainty:" in p.read_text())
"""The bundled scenarios with an ``uncertainty`` section."""


def test_sweep_is_the_grid_in_order_with_measures(minimal):
    df = sweep(
        minimal,
        {"parties.alpha.no_deal": [0.0, 0.2, 0.4], "parties.beta.no_deal.war.cost": [0.0, 0.1]},
        progress=False,
    )
    assert len(df) == 6
    assert df["parties.alpha.no_deal"].tolist() == [0.0, 0.0, 0.2, 0.2, 0.4, 0.4]
    assert df["parties.beta.no_deal.war.cost"].tolist() == [0.0, 0.1] * 3
    assert {"zone", "margin", "zone_size", "shortfall", "shortfall_alpha"} <= set(df.columns)
    for i, row in df.iterrows():
        variant = minimal.with_(
            {"parties.alpha.no_deal": row.iloc[0], "parties.beta.no_deal.war.cost": row.iloc[1]}
        )
        model = compile_scenario(variant)
        zone = (model.acceptable_masks.all(axis=0)).sum()
        assert df.at[i, "zone_size"] == zone
        assert df.at[i, "zone"] == (zone > 0)
        assert (df.at[i, "margin"] >= 0) == (zone > 0)
    # a higher no-deal value never widens the zone
    sizes = df.groupby("parties.beta.no_deal.war.cost")["zone_size"].apply(list)
    assert all(a >= b for s in sizes for a, b in zip(s, s[1:], strict=False))
    assert df.attrs["kind"] == "sweep"
    assert df.attrs["scenario_hash"] == negsim.explore.scenario_hash(minimal)


def test_structure_paths_recompile_and_agree_with_from_scratch(minimal):
    rules = ["north not in regions", "count(regions) <= 1"]
    grid = {"parties.alpha.red_lines.keep-north.rule": rules, "parties.alpha.no_deal": [0.0, 0.3]}
    df = sweep(minimal, grid, progress=False, chunk_size=1)
    paths = list(grid)
    for i, row in df.iterrows():
        ref = from_scratch(minimal, paths, [row[paths[0]], row[paths[1]]])
        assert df.at[i, "zone_size"] == ref["zone_size"][0]
        assert np.array_equal(df.at[i, "margin"], ref["margin"][0], equal_nan=True)
    assert df.attrs["parameters"][paths[0]] == "structure"


def test_structure_changes_on_the_same_party_fall_back_per_variant(minimal):
    grid = {
        "parties.beta.red_lines.some-land.rule": ["count(regions) >= 1", "count(regions) >= 2"],
        "parties.beta.no_deal.war.cost": [0.0, 0.2],
    }
    df = sweep(minimal, grid, progress=False)
    paths = list(grid)
    for i, row in df.iterrows():
        ref = from_scratch(minimal, paths, [row[paths[0]], row[paths[1]]])
        assert df.at[i, "zone_size"] == ref["zone_size"][0]


def test_sample_uses_the_scenario_uncertainty_and_records_provenance():
    flagship = negsim.load(FLAGSHIP)
    df = sample(flagship, 32, seed=7, sampler="lhs", progress=False)
    assert list(df.columns[: len(flagship.uncertainty)]) == list(flagship.uncertainty)
    for path, spec in flagship.uncertainty.items():
        low, high = spec.range
        assert df[path].between(low, high).all()
        # one point in each of the 32 slices of every axis
        slices = np.floor((df[path] - low) / (high - low) * 32).astype(int)
        assert sorted(slices) == list(range(32))
    assert (df["seed"] == 7).all()
    assert df.attrs["seed"] == 7
    assert df.attrs["sampler"] == "lhs"
    assert df.attrs["negsim_version"] == negsim.__version__
    assert (df["scenario_hash"] == df.attrs["scenario_hash"]).all()


def test_sample_seed_none_records_a_seed_that_repeats_the_run(minimal):
    ranges = {"parties.alpha.no_deal": [0.0, 0.5]}
    first = sample(minimal, 10, ranges=ranges, progress=False)
    again = sample(minimal, 10, ranges=ranges, seed=first.attrs["seed"], progress=False)
    pd.testing.assert_frame_equal(first, again)
    other = sample(minimal, 10, ranges=ranges, seed=first.attrs["seed"] + 1, progress=False)
    assert not np.array_equal(first["parties.alpha.no_deal"], other["parties.alpha.no_deal"])


def test_seed_zero_is_a_seed(minimal):
    ranges = {"parties.alpha.no_deal": [0.0, 0.5]}
    a = sample(minimal, 5, ranges=ranges, seed=0, progress=False)
    b = sample(minimal, 5, ranges=ranges, seed=0, progress=False)
    pd.testing.assert_frame_equal(a, b)
    assert a.attrs["seed"] == 0


def fearon_with_a_demand(p: float, cost_a: float, demand: float) -> negsim.Scenario:
    """A divisible territory ``x`` for A; war: A wins with probability ``p`` (Fearon 1995).

    A pays ``cost_a`` to fight and settles for no less than ``demand``; B's cost
    is the swept parameter.
    """
    return negsim.load(
        f"""
negsim: 1
name: Fearon split with a demand
issues:
  x: {{kind: continuous, range: [0, 1], unit: share to A, grid: 9}}
parties:
  a:
    utility: {{x: {{weight: 1, points: [[0, 0], [1, 1]]}}}}
    no_deal:
      war: {{cost: {cost_a}, lottery: [{{p: {p}, utility: 1}}, {{p: {1 - p}, utility: 0}}]}}
    red_lines:
      - {{id: demand, rule: x >= {demand}, says: A settles for no less, source: test}}
  b:
    utility: {{x: {{weight: 1, points: [[0, 1], [1, 0]]}}}}
    no_deal:
      war: {{cost: 0.0, lottery: [{{p: {p}, utility: 0}}, {{p: {1 - p}, utility: 1}}]}}
"""
    )


@pytest.mark.parametrize(("p", "demand", "top"), [(0.5, 0.75, 0.5), (0.375, 0.875, 0.9)])
@pytest.mark.parametrize("points", [17, 12])
def test_sweep_threshold_of_a_fearon_case_is_the_closed_form(p, demand, top, points):
    # Fearon's range is [p - c_A, p + c_B]; A's demand q meets it once
    # p + c_B >= q, so the zone opens at c_B = q - p, and below the range's
    # midpoint the margin is B's surplus at x = q: p + c_B - q
    cost_a = 0.125
    costs = np.linspace(0.0, top, points)
    assert ((2 * p - cost_a + costs) / 2 < demand).all()  # the demand binds throughout
    path = "parties.b.no_deal.war.cost"
    table = sweep(fearon_with_a_demand(p, cost_a, demand), {path: costs}, progress=False)
    threshold = demand - p
    np.testing.assert_allclose(table["margin"], p + costs - demand, atol=1e-12)
    np.testing.assert_array_equal(table["zone"], costs >= threshold - 1e-12)
    assert table["zone"].any() and not table["zone"].all()
    (crossing,) = margin_curve_data(table).crossings
    assert crossing == pytest.approx(threshold, abs=1e-9)


def test_seeded_runs_agree_on_every_executor(minimal):
    ranges = {
        "parties.alpha.no_deal": [0.0, 0.4],
        "parties.beta.no_deal.war.lottery.0.p": [0.2, 0.8],
        "parties.alpha.utility.regions.weight": [0.2, 0.8],
    }
    common = dict(seed=42, ranges=ranges, progress=False)
    serial = sample(minimal, 60, **common)
    pooled = sample(minimal, 60, executor=2, chunk_size=7, **common)
    with ThreadPoolExecutor(max_workers=3) as pool:
        threaded = sample(minimal, 60, executor=pool, chunk_size=5, **common)
    pd.testing.assert_frame_equal(serial, pooled)
    pd.testing.assert_frame_equal(serial, threaded)
    assert serial["zone"].any() and not serial["zone"].all()


def test_structure_runs_agree_on_a_process_pool(minimal):
    grid = {
        "issues.share.grid": [3, 5, 11],
        "parties.alpha.no_deal": [0.0, 0.2, 0.4],
    }
    serial = sweep(minimal, grid, progress=False)
    pooled = sweep(minimal, grid, executor="processes", chunk_size=2, progress=False)
    pd.testing.assert_frame_equal(serial, pooled)


# ---------------------------------------------------------------- seeded runs on processes

# the kinds of paths a generated scenario may vary without breaking a rule of the
# format: war costs stay non-negative, no weight or probability is drawn
_FREE = {"no_deal": (-1.0, 1.0), "war_cost": (0.0, 0.5), "level_value": (-1.0, 1.0)}
_FREE |= {"point_value": (-1.0, 1.0), "lottery_utility": (-1.0, 1.0)}


@functools.cache
def bundled(name: str) -> negsim.Scenario:
    return negsim.load(SCENARIOS / name)


@st.composite
def uncertain_scenarios(draw: st.DrawFn) -> negsim.Scenario:
    """A bundled scenario with an uncertainty section, or a small generated one given one."""
    if draw(st.booleans()):
        return bundled(draw(st.sampled_from(UNCERTAIN)))
    scenario = draw(scenarios(max_outcomes=60, max_parties=3))
    free = [p for p in numeric_paths(scenario) if classify(scenario, p).kind in _FREE]
    paths = draw(st.lists(st.sampled_from(free), min_size=1, max_size=3, unique=True))
    return scenario.with_(
        {"uncertainty": {p: list(_FREE[classify(scenario, p).kind]) for p in paths}}
    )


@pytest.fixture(scope="module")
def two_processes():
    """One pool of two worker processes for every example: starting processes is slow."""
    with ProcessPoolExecutor(max_workers=2) as pool:
        yield pool


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    scenario=uncertain_scenarios(),
    seeds=st.lists(st.integers(0, 2**32 - 1), min_size=2, max_size=2, unique=True),
    sampler=st.sampled_from(SAMPLERS),
    data=st.data(),
)
def test_a_seeded_sample_is_the_same_table_on_two_processes(
    two_processes, scenario, seeds, sampler, data
):
    # Sobol' designs want a power of 2
    n = data.draw(st.sampled_from([8, 16]) if sampler == "sobol" else st.integers(8, 16))
    chunk_size = data.draw(st.integers(1, n))
    seed, other_seed = seeds
    common = dict(sampler=sampler, progress=False)
    serial = sample(scenario, n, seed=seed, **common)
    pooled = sample(scenario, n, seed=seed, executor=two_processes, chunk_size=chunk_size, **common)
    pd.testing.assert_frame_equal(serial, pooled)
    assert pooled.attrs == serial.attrs
    other = sample(scenario, n, seed=other_seed, executor=two_processes, **common)
    paths = list(scenario.uncertainty)
    assert not np.array_equal(serial[paths].to_numpy(), other[paths].to_numpy())
    with pytest.raises(AssertionError):
        pd.testing.assert_frame_equal(serial, other)
