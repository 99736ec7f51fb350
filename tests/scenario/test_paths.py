"""Dotted paths into a scenario's data: entries of lists by id or by position."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import negsim
from negsim import load
from negsim.scenario.bundled import bundled_path
from negsim.scenario.paths import get_path, set_path
from tests.scenario.examples import BASE

MINIMAL = (Path(__file__).parents[1] / "data" / "minimal.yaml").read_text()


def test_set_path_returns_the_data_path() -> None:
    data = load(BASE).to_data()
    assert set_path(data, "parties.beta.red_lines.some-land.rule", "true") == (
        "parties",
        "beta",
        "red_lines",
        0,
        "rule",
    )
    assert data["parties"]["beta"]["red_lines"][0]["rule"] == "true"


def test_get_path_reaches_list_entries_by_id_and_position():
    data = load(MINIMAL).to_data()
    assert get_path(data, "parties.alpha.red_lines.keep-north.source") == "test"
    assert get_path(data, "parties.alpha.red_lines.0.id") == "keep-north"
    assert get_path(data, "parties.beta.no_deal.war.lottery.1.p") == 0.5
    with pytest.raises(LookupError, match="no entry '7'"):
        get_path(data, "parties.beta.no_deal.war.lottery.7.p")


def test_with_leaves_out_the_uncertainty_a_change_made_meaningless_and_says_so():
    flagship = negsim.load(bundled_path("ukraine_land_for_peace_2026"))
    inside = [k for k in flagship.uncertainty if k.startswith("parties.ukraine.no_deal.")]
    assert inside
    with pytest.warns(UserWarning, match="left out: it varies a field of parties.ukraine.no_deal"):
        changed = flagship.with_({"parties.ukraine.no_deal": 0.4})
    assert not set(inside) & set(changed.uncertainty)
    assert set(changed.uncertainty) == set(flagship.uncertainty) - set(inside)


def test_with_keeps_the_uncertainty_that_still_points_at_a_field():
    flagship = negsim.load(bundled_path("ukraine_land_for_peace_2026"))
    war = flagship.to_data()["parties"]["ukraine"]["no_deal"]
    war["war"]["cost"] = 0.05
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        changed = flagship.with_({"parties.ukraine.no_deal": war})
    assert set(changed.uncertainty) == set(flagship.uncertainty)


def test_none_for_a_red_line_removes_it():
    flagship = negsim.load(bundled_path("ukraine_land_for_peace_2026"))
    changed = flagship.with_({"parties.russia.red_lines.four-regions": None})
    keys = [f"{party}/{rl.id}" for party, rl in changed.red_lines()]
    assert "russia/four-regions" not in keys
    assert len(keys) == len(flagship.red_lines()) - 1


def test_none_for_a_field_of_a_mapping_still_sets_it():
    data = {"a": {"b": 1}}
    set_path(data, "a.b", None)
    assert data == {"a": {"b": None}}
