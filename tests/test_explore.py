"""Sweeps and samples: batched variants equal variants built from scratch, on any executor."""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import negsim
from negsim.bargaining.solutions import bargain
from negsim.errors import NegsimError, ScenarioError
from negsim.explore import FastEngine, classify, classify_all, measure_model, sample, sweep
from negsim.explore.parameters import numeric_paths, variant_changes
from negsim.explore.sampling import draw, unit_design
from negsim.model.compile import compile_scenario
from negsim.plots.explore import margin_curve_data
from negsim.scenario.uncertainty import as_uncertain
from tests.strategies import scenarios

DATA = Path(__file__).parent / "data"
MINIMAL = DATA / "minimal.yaml"
FLAGSHIP = Path(__file__).parent.parent / "scenarios" / "ukraine_land_for_peace_2026.yaml"


@pytest.fixture(scope="module")
def minimal() -> negsim.Scenario:
    return negsim.load(MINIMAL)


def from_scratch(scenario, paths, row, outputs=None):
    params = classify_all(scenario, paths)
    variant = scenario.with_(variant_changes(scenario, params, row))
    model = compile_scenario(variant)
    out = measure_model(model, outputs)
    if "nash" in out:
        solved = bargain(model)
        assert out["nash"][0] == (solved["nash"].index if solved.exists else -1)
    return out


def assert_same(batched: dict, b: int, reference: dict) -> None:
    for key, value in reference.items():
        assert np.array_equal(batched[key][b], value[0], equal_nan=True), (
            key,
            batched[key][b],
            value,
        )


# ---------------------------------------------------------------- classification


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("parties.alpha.no_deal", "no_deal"),
        ("parties.beta.no_deal.war.cost", "war_cost"),
        ("parties.beta.no_deal.war.lottery.0.p", "lottery_p"),
        ("parties.beta.no_deal.war.lottery.0.utility", "lottery_utility"),
        ("parties.beta.no_deal.war.lottery.1.utility", "structure"),  # that branch is an outcome
        ("parties.alpha.utility.regions.weight", "weight"),
        ("parties.alpha.utility.regions.values.north", "level_value"),
        ("parties.alpha.utility.guarantee.values.true", "level_value"),
        ("parties.alpha.utility.share.points.1.1", "point_value"),
        ("parties.alpha.utility.share.points.1.0", "structure"),
        ("parties.alpha.red_lines.keep-north.rule", "structure"),
        ("issues.share.grid", "structure"),
    ],
)
def test_paths_are_classified_by_what_they_touch(minimal, path, kind):
    assert classify(minimal, path).kind == kind


def test_contradicting_paths_are_refused(minimal):
    assert classify(minimal, "parties.beta.no_deal").kind == "no_deal"
    with pytest.raises(NegsimError, match="vary one or the other"):
        classify_all(minimal, ["parties.beta.no_deal", "parties.beta.no_deal.war.cost"])
    with pytest.raises(NegsimError, match="given twice"):
        classify_all(minimal, ["parties.alpha.no_deal", "parties.alpha.no_deal"])


def test_every_numeric_path_is_fast(minimal):
    paths = numeric_paths(minimal)
    assert "parties.alpha.utility.share.points.0.1" in paths
    assert all(classify(minimal, p).fast for p in paths)


# ---------------------------------------------------------------- batched == from scratch


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


def test_a_number_cannot_replace_a_war_the_uncertainty_section_varies():
    flagship = negsim.load(FLAGSHIP)
    with pytest.raises(ScenarioError, match="uncertainty"):
        classify_all(flagship, ["parties.ukraine.no_deal"])


def test_lottery_probabilities_rescale_the_other_branches(minimal):
    params = classify_all(minimal, ["parties.beta.no_deal.war.lottery.0.p"])
    changes = variant_changes(minimal, params, [0.8])
    assert changes["parties.beta.no_deal.war.lottery.1.p"] == pytest.approx(0.2)
    d = compile_scenario(minimal.with_(changes)).no_deal[1]
    # 0.8 * 0.6 + 0.2 * u(outcome) - 0.1
    u = compile_scenario(minimal).utility_of(
        [minimal.parties["beta"].no_deal.war.lottery[1].outcome]
    )[0, 1]
    assert d == pytest.approx(0.8 * 0.6 + 0.2 * u - 0.1)
    with pytest.raises(ScenarioError, match="add up to"):
        FastEngine(
            minimal,
            classify_all(
                minimal,
                ["parties.beta.no_deal.war.lottery.0.p", "parties.beta.no_deal.war.lottery.1.p"],
            ),
        ).evaluate(np.array([[0.7, 0.6]]))


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


# ---------------------------------------------------------------- sweep and sample


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


def test_shortfall_is_zero_with_a_zone_and_positive_without(minimal):
    df = sweep(minimal, {"parties.alpha.no_deal": [0.0, 2.0]}, progress=False)
    assert df["zone"].tolist() == [True, False]
    assert df.at[0, "shortfall"] == 0
    assert df.at[1, "shortfall"] > 0
    parts = df.loc[1, ["shortfall_alpha", "shortfall_beta"]]
    assert parts.sum() == pytest.approx(df.at[1, "shortfall"])
    assert df.at[1, "margin"] < 0


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


def test_outputs_can_be_limited(minimal):
    df = sweep(minimal, {"parties.alpha.no_deal": [0.1]}, outputs=["zone"], progress=False)
    assert "zone_size" not in df.columns and "shortfall" not in df.columns
    with pytest.raises(NegsimError, match="unknown output"):
        sweep(minimal, {"parties.alpha.no_deal": [0.1]}, outputs=["speed"], progress=False)


def test_nash_column_names_the_bargaining_solution(minimal):
    df = sweep(minimal, {"parties.alpha.no_deal": [0.0, 0.1, 2.0]}, progress=False)
    assert str(df["nash"].dtype) == "Int64"
    assert df["nash"].isna().tolist() == [False, False, True]
    for i in (0, 1):
        variant = minimal.with_({"parties.alpha.no_deal": df.at[i, "parties.alpha.no_deal"]})
        assert df.at[i, "nash"] == bargain(variant)["nash"].index


def test_equilibrium_counts_match_the_games_solved_from_scratch():
    flagship = negsim.load(FLAGSHIP)
    paths = list(flagship.uncertainty)
    df = sample(flagship, 6, seed=9, outputs=["zone", "equilibria"], progress=False)
    assert df.attrs["game"] == next(iter(flagship.games))
    params = classify_all(flagship, paths)
    for i in range(len(df)):
        variant = flagship.with_(variant_changes(flagship, params, df.loc[i, paths].tolist()))
        solved = negsim.equilibria(compile_scenario(variant), df.attrs["game"])
        assert df.at[i, "equilibria"] == len(solved.equilibria)
    minimal_runs = sweep(
        negsim.load(MINIMAL),
        {"parties.alpha.red_lines.keep-north.rule": ["north not in regions", "true"]},
        outputs=["equilibria"],
        progress=False,
    )
    assert (minimal_runs["equilibria"] >= 0).all()


def test_a_scenario_without_feasible_outcomes_has_no_margin():
    flagship = negsim.load(FLAGSHIP)
    df = sample(flagship, 16, seed=1, progress=False)
    assert not df["zone"].any()
    assert df["margin"].isna().all()
    assert (df["zone_size"] == 0).all()


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


# ---------------------------------------------------------------- a closed form


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


# ---------------------------------------------------------------- executors


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


def test_unknown_executors_are_refused(minimal):
    with pytest.raises(NegsimError, match="unknown executor"):
        sweep(minimal, {"parties.alpha.no_deal": [0.1]}, executor="gpu", progress=False)
    with pytest.raises(NegsimError, match="at least 1"):
        sweep(minimal, {"parties.alpha.no_deal": [0.1]}, executor=0, progress=False)


def test_dask_executor_gives_the_same_table(minimal):
    pytest.importorskip("distributed")
    from negsim.explore.executors import dask_executor

    ranges = {"parties.alpha.no_deal": [0.0, 0.4]}
    # a local cluster of two workers that talk TCP on loopback, as remote ones would
    executor = dask_executor(
        processes=False,
        n_workers=2,
        threads_per_worker=1,
        protocol="tcp://",
        host="127.0.0.1",
        dashboard_address=None,
    )
    client = executor._client
    try:
        workers = list(client.scheduler_info()["workers"])
        assert len(workers) == 2 and all(w.startswith("tcp://127.0.0.1:") for w in workers)
        on_dask = sample(
            minimal, 20, seed=1, ranges=ranges, executor=executor, chunk_size=2, progress=False
        )
        ran = client.run(lambda dask_worker: dask_worker.state.executed_count)
        assert sorted(ran) == sorted(workers) and all(count > 0 for count in ran.values())
    finally:
        client.close()
    serial = sample(minimal, 20, seed=1, ranges=ranges, progress=False)
    pd.testing.assert_frame_equal(serial, on_dask)


def test_the_exploring_notebook_runs():
    nbclient = pytest.importorskip("nbclient")
    nbformat = pytest.importorskip("nbformat")
    pytest.importorskip("ipykernel")
    path = Path(__file__).resolve().parent.parent / "docs" / "notebooks" / "exploring.ipynb"
    notebook = nbformat.read(path, as_version=4)
    # stored without outputs, so what it shows is always what the code computes now
    assert all(not c.get("outputs") for c in notebook.cells if c.cell_type == "code")
    assert all(c.get("execution_count") is None for c in notebook.cells if c.cell_type == "code")
    client = nbclient.NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": path.parent}}
    )
    client.execute()
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs)
