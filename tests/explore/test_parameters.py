"""Which dotted paths a run may vary, and how (negsim.explore.parameters)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import negsim
from negsim.errors import NegsimError, ScenarioError
from negsim.explore import FastEngine, classify, classify_all
from negsim.explore.parameters import numeric_paths, variant_changes
from negsim.model.compile import compile_scenario

FLAGSHIP = Path(__file__).parents[2] / "scenarios" / "ukraine_land_for_peace_2026.yaml"


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
