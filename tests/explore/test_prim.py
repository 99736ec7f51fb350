"""PRIM finds where a zone exists, on cases with known answers (negsim.explore.prim)."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import negsim
from negsim.errors import AnalysisError
from negsim.explore.prim import prim

ROOT = Path(__file__).resolve().parents[2]


def synthetic(n: int = 2000, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = rng.random((n, 3))
    df = pd.DataFrame(x, columns=["p.a", "p.b", "p.c"])
    df["zone"] = (x[:, 0] > 0.5) & (x[:, 1] < 0.3)
    return df


def test_prim_finds_a_known_box():
    df = synthetic()
    box = prim(df, inputs=["p.a", "p.b", "p.c"])
    assert box.restricted == ("p.a", "p.b")
    assert box.limits["p.a"][0] == pytest.approx(0.5, abs=0.03)
    assert box.limits["p.b"][1] == pytest.approx(0.3, abs=0.03)
    assert box.density >= 0.95
    assert box.coverage >= 0.9
    inside = box.contains(df)
    assert inside.mean() == pytest.approx(box.support)
    assert df["zone"][inside].mean() == pytest.approx(box.density)
    assert df["zone"][inside].sum() / df["zone"].sum() == pytest.approx(box.coverage)
    assert list(box.trajectory["stage"][:2]) == ["start", "peel"]
    json.dumps(box.to_dict())
    assert "p.a in [" in repr(box)


def test_prim_with_noise_pastes_and_respects_min_support():
    df = synthetic(3000, seed=1)
    rng = np.random.default_rng(2)
    flip = rng.random(len(df)) < 0.1
    df["zone"] = df["zone"] ^ flip
    box = prim(df, inputs=["p.a", "p.b", "p.c"], min_support=0.1)
    assert box.support >= 0.1 - 1e-12
    assert {"p.a", "p.b"} <= set(box.restricted)
    assert box.density > df["zone"].mean()
    looser = prim(df, inputs=["p.a", "p.b", "p.c"], min_support=0.1, threshold=0.5)
    assert looser.coverage >= box.coverage


def test_prim_accepts_a_condition_and_refuses_bad_settings():
    df = synthetic()
    box = prim(df, df["p.c"].to_numpy() > 0.8, inputs=["p.a", "p.b", "p.c"])
    assert box.restricted == ("p.c",)
    assert box.limits["p.c"][0] == pytest.approx(0.8, abs=0.03)
    with pytest.raises(AnalysisError, match="alpha"):
        prim(df, inputs=["p.a"], alpha=0.7)
    with pytest.raises(AnalysisError, match="never holds"):
        prim(df, np.zeros(len(df), dtype=bool), inputs=["p.a"])
    with pytest.raises(AnalysisError, match="true/false"):
        prim(df, "p.a", inputs=["p.b"])


def test_prim_on_a_sweep_of_no_deal_values():
    minimal = negsim.load(ROOT / "tests" / "data" / "minimal.yaml")
    grid = {
        "parties.alpha.no_deal": np.linspace(-0.2, 0.6, 21),
        "parties.beta.no_deal.war.cost": np.linspace(0.0, 0.4, 21),
    }
    df = negsim.sweep(minimal, grid, progress=False)
    box = prim(df)
    assert "parties.alpha.no_deal" in box.restricted
    inside = box.contains(df)
    # within the box a zone exists; the box's upper limit on alpha's no-deal value is
    # where the zone closes
    assert df["zone"][inside].all()
    closes = df.loc[~df["zone"], "parties.alpha.no_deal"].min()
    assert box.limits["parties.alpha.no_deal"][1] < closes


# ---------------------------------------------------------------- EMA Workbench cross-check
# negsim's PRIM against ema_workbench.analysis.prim (Kwakkel 2017) on the same table,
# with the same peeling alpha and minimum mass and EMA's ORIGINAL objective (the
# density of the box, as Friedman & Fisher 1999); EMA peels to the minimum mass and
# leaves the choice of box to its user, so its trajectory is read with negsim's rule
# (the first densest box, or the first at least `threshold` dense).

RELAXED_PATHS = (
    "parties.ukraine.no_deal.war.cost",
    "parties.russia.no_deal.war.cost",
    "parties.russia.no_deal.war.lottery.1.p",
)


def ema_box(df: pd.DataFrame, cases: np.ndarray, names, *, min_support=0.05, threshold=None):
    """EMA Workbench's box on negsim's rule, and the rows inside it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # its optional plotting and parallel back ends
        ema = pytest.importorskip("ema_workbench.analysis.prim")
        from ema_workbench.analysis.prim_util import PRIMObjectiveFunctions

        x = df[list(names)].astype(float).reset_index(drop=True)
        run = ema.Prim(
            x,
            np.asarray(cases, dtype=int),
            threshold=0.5,  # with 0/1 cases: a case of interest is y >= 0.5
            obj_function=PRIMObjectiveFunctions.ORIGINAL,
            peel_alpha=0.05,
            paste_alpha=0.05,
            mass_min=min_support,
        )
        box = run.find_box()
    density = box.peeling_trajectory["density"].to_numpy()
    good = density >= threshold if threshold is not None else density == density.max()
    box.select(int(np.flatnonzero(good)[0]))
    inside = np.zeros(len(df), dtype=bool)
    inside[box.yi] = True
    return box, inside


def relaxed_flagship() -> negsim.Scenario:
    flagship = negsim.load(ROOT / "scenarios" / "ukraine_land_for_peace_2026.yaml")
    kept = [r.model_dump() for r in flagship.parties["russia"].red_lines if r.id != "four-regions"]
    return flagship.with_({"parties.russia.red_lines": kept})


def assert_same_statistics(ours, theirs, tolerance: float) -> None:
    assert ours.support == pytest.approx(theirs.mass, abs=tolerance)
    assert ours.density == pytest.approx(theirs.density, abs=tolerance)
    assert ours.coverage == pytest.approx(theirs.coverage, abs=tolerance)


def test_prim_matches_ema_workbench_on_a_known_box():
    df = synthetic()
    names = ["p.a", "p.b", "p.c"]
    box, _ = ema_box(df, df["zone"].to_numpy(), names)
    for paste in (False, True):
        ours = prim(df, inputs=names, paste=paste)
        # one experiment apart at most: 1/2000 of the mass, 1/318 of the cases
        assert_same_statistics(ours, box, tolerance=0.005)
        for name in names:
            for side in (0, 1):
                assert ours.limits[name][side] == pytest.approx(
                    box.box_lim.loc[side, name], abs=0.005
                )


def test_prim_matches_ema_workbench_on_a_sweep_of_a_bundled_scenario():
    p_donbas, cost = "parties.russia.no_deal.war.lottery.1.p", "parties.ukraine.no_deal.war.cost"
    axes = {p_donbas: np.linspace(0, 0.95, 11), cost: np.linspace(0, 0.2, 11)}
    df = negsim.sweep(relaxed_flagship(), axes, progress=False)
    box, inside = ema_box(df, df["zone"].to_numpy(), list(axes))
    ours = prim(df, inputs=list(axes), paste=False)
    # the same grid points inside, so the same statistics
    assert np.array_equal(ours.contains(df), inside)
    assert_same_statistics(ours, box, tolerance=1e-12)
    # negsim's bounds are the outermost grid values kept, EMA's the midpoints to the
    # next value out: half a grid step apart at most
    for name, values in axes.items():
        step = values[1] - values[0]
        for side in (0, 1):
            gap = abs(ours.limits[name][side] - box.box_lim.loc[side, name])
            assert gap <= step / 2 + 1e-12, (name, side, gap)


@pytest.mark.parametrize("threshold", [None, 0.5])
def test_prim_matches_ema_workbench_on_a_sample_of_a_bundled_scenario(threshold):
    df = negsim.sample(relaxed_flagship(), 3000, seed=8, sampler="mc", progress=False)
    thin = (df["margin"] < 0.01).to_numpy()
    box, _ = ema_box(df, thin, RELAXED_PATHS, threshold=threshold)
    ours = prim(df, thin, inputs=list(RELAXED_PATHS), paste=False, threshold=threshold)
    assert_same_statistics(ours, box, tolerance=0.01)
    for name in RELAXED_PATHS:
        width = df[name].max() - df[name].min()
        for side in (0, 1):
            gap = abs(ours.limits[name][side] - box.box_lim.loc[side, name])
            assert gap <= 0.03 * width, (name, side, gap / width)
