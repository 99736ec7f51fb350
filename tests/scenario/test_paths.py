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


def _nested(depth: int) -> list:
    top = node = []
    for _ in range(depth):
        child: list = []
        node.append(child)
        node = child
    return top


BAD_CHANGES = {
    "int key": ({1: 2}, "a path is dotted text"),
    "None key": ({None: 2}, "a path is dotted text"),
    "Path key": ({Path("name"): "x"}, "a path is dotted text"),
    "text, not a mapping": ("name=x", "changes are a mapping"),
    "list, not a mapping": (["name"], "changes are a mapping"),
    "100,000-deep value": ({"name": _nested(100_000)}, "nested more than 32 levels"),
    "deep value under a party": (
        {"parties.alpha.no_deal": _nested(40)},
        "nested more than 32 levels",
    ),
    "300,000 values": ({"name": list(range(300_000))}, "more than 200,000 values"),
}


@pytest.mark.parametrize(("changes", "says"), BAD_CHANGES.values(), ids=list(BAD_CHANGES))
def test_bad_changes_raise_one_line_scenario_errors(changes, says):
    from negsim.errors import ScenarioError
    from negsim.scenario.examples import border_talks

    with pytest.raises(ScenarioError) as caught:
        border_talks().with_(changes)
    assert says in str(caught.value) and "\n" not in str(caught.value)
    with pytest.raises(ScenarioError) as caught:
        negsim.load(bundled_path("camp_david_1978.yaml"), overrides=changes)
    assert says in str(caught.value) and "camp_david_1978.yaml" in str(caught.value)


def test_a_deeply_nested_command_line_value_is_refused(capsys):
    from negsim.cli.commands import main

    value = "[" * 40 + "]" * 40
    assert (
        main(["validate", str(bundled_path("camp_david_1978.yaml")), "--set", f"name={value}"]) == 2
    )
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("negsim: error: <command line>") and "nesting is too deep" in line
