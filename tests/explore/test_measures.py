"""What each experiment measures (negsim.explore.measures)."""

from __future__ import annotations

from pathlib import Path

import pytest

import negsim
from negsim.bargaining.solutions import bargain
from negsim.common.words import outcome_text
from negsim.errors import NegsimError
from negsim.explore import classify_all, run_variants, sample, sweep
from negsim.explore.parameters import variant_changes
from negsim.model.compile import compile_scenario
from negsim.scenario.examples import water_talks

MINIMAL = Path(__file__).parents[1] / "data" / "minimal.yaml"
FLAGSHIP = Path(__file__).parents[2] / "scenarios" / "ukraine_land_for_peace_2026.yaml"


def test_shortfall_is_zero_with_a_zone_and_positive_without(minimal):
    df = sweep(minimal, {"parties.alpha.no_deal": [0.0, 2.0]}, progress=False)
    assert df["zone"].tolist() == [True, False]
    assert df.at[0, "shortfall"] == 0
    assert df.at[1, "shortfall"] > 0
    parts = df.loc[1, ["shortfall_alpha", "shortfall_beta"]]
    assert parts.sum() == pytest.approx(df.at[1, "shortfall"])
    assert df.at[1, "margin"] < 0


def test_outputs_can_be_limited(minimal):
    df = sweep(minimal, {"parties.alpha.no_deal": [0.1]}, outputs=["zone"], progress=False)
    assert "zone_size" not in df.columns and "shortfall" not in df.columns
    with pytest.raises(NegsimError, match="unknown output"):
        sweep(minimal, {"parties.alpha.no_deal": [0.1]}, outputs=["speed"], progress=False)


def test_nash_column_names_the_bargaining_solution(minimal):
    df = sweep(minimal, {"parties.alpha.no_deal": [0.0, 0.1, 2.0]}, progress=False)
    assert str(df["nash"].dtype) == "string" and str(df["nash_index"].dtype) == "Int64"
    assert df["nash"].isna().tolist() == df["nash_index"].isna().tolist() == [False, False, True]
    for i in (0, 1):
        variant = minimal.with_({"parties.alpha.no_deal": df.at[i, "parties.alpha.no_deal"]})
        solution = bargain(variant, exact=False)["nash"]
        assert df.at[i, "nash_index"] == solution.index
        assert df.at[i, "nash"] == outcome_text(solution.outcome)


def test_nash_deal_is_decoded_in_the_variants_own_outcome_space():
    # the grid of a continuous issue is part of the variant: index 45 of a 101-point grid is 45
    df = run_variants(water_talks(), ["issues.share.grid"], [[11], [101]], progress=False)
    assert df["nash"].tolist() == ["share=40", "share=45"]
    assert df["nash_index"].tolist() == [4, 45]


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
