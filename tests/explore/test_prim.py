"""PRIM finds where a zone exists, on cases with known answers (negsim.explore.prim)."""

from __future__ import annotations

import json
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
