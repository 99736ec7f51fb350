"""The Scenario itself: with_ validates again, it is frozen, it round-trips through YAML."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from negsim import Scenario, ScenarioError, compile_scenario, from_data, load
from tests.scenario.examples import BASE
from tests.strategies import scenarios

REPO = Path(__file__).resolve().parents[2]


# ---------------------------------------------------------------- Scenario.with_


@pytest.fixture(scope="module")
def base() -> Scenario:
    return load(BASE)


def test_with_returns_a_new_validated_scenario(base: Scenario) -> None:
    changed = base.with_({"parties.alpha.no_deal": 0.4})
    assert isinstance(changed, Scenario)
    assert changed is not base
    assert changed.parties["alpha"].no_deal == 0.4
    assert base.parties["alpha"].no_deal == 0.1
    assert changed.with_({"parties.alpha.no_deal": 0.1}) == base


def test_with_nothing_is_an_equal_copy(base: Scenario) -> None:
    assert base.with_({}) == base


def test_with_reaches_red_lines_by_id_and_by_position(base: Scenario) -> None:
    by_id = base.with_({"parties.alpha.red_lines.keep-north.rule": "south not in regions"})
    by_position = base.with_({"parties.alpha.red_lines.0.rule": "south not in regions"})
    assert by_id == by_position
    assert by_id.parties["alpha"].red_lines[0].rule == "south not in regions"
    assert by_id.parties["alpha"].red_lines[0].id == "keep-north"


def test_with_several_changes_and_whole_subtrees(base: Scenario) -> None:
    war = {"war": {"cost": 0.2, "lottery": [{"p": 1, "utility": 0.5}]}}
    changed = base.with_(
        {
            "parties.alpha.no_deal": war,
            "issues.share.grid": 3,
            "proposals.freeze": {
                "outcome": {"regions": [], "recognition": "none", "guarantee": False, "share": 0}
            },
            "parties.beta.red_lines.some-land.says": "Beta wants land.",
        }
    )
    assert changed.parties["alpha"].no_deal.war.cost == 0.2
    assert changed.issues["share"].grid == 3
    assert set(changed.proposals) == {"east_for_peace", "freeze"}
    assert changed.parties["beta"].red_lines[0].says == "Beta wants land."
    assert compile_scenario(changed).n_outcomes == 8 * 3 * 2 * 3


def test_with_validates_again(base: Scenario) -> None:
    with pytest.raises(ScenarioError) as info:
        base.with_({"parties.alpha.red_lines.keep-north.rule": "north in regionz"})
    assert str(info.value) == (
        "<override>: parties.alpha.red_lines.keep-north.rule: unknown issue 'regionz'; "
        "did you mean 'regions'? (at column 10)"
    )
    with pytest.raises(ScenarioError) as info:
        base.with_({"issues.share.range": [10, 0]})
    assert str(info.value) == (
        "<override>: issues.share.range: range must go from low to high, got [10, 0]"
    )


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (
            "parties.alpah.no_deal",
            "<override>: parties.alpah: no field 'alpah' here; did you mean 'alpha'?",
        ),
        (
            "parties.alpha.red_lines.keep-nort.rule",
            "<override>: parties.alpha.red_lines.keep-nort: no entry 'keep-nort' in this list; "
            "did you mean 'keep-north'?",
        ),
        (
            "parties.alpha.red_lines.7.rule",
            "<override>: parties.alpha.red_lines.7: no entry '7' in this list",
        ),
        (
            "parties.alpha.no_deal.war",
            "<override>: parties.alpha.no_deal.war: parties.alpha.no_deal is a number, "
            "which has no field 'war'",
        ),
        (
            "name.first",
            "<override>: name.first: name is text, which has no field 'first'",
        ),
    ],
)
def test_with_bad_path_is_one_line(base: Scenario, path: str, message: str) -> None:
    with pytest.raises(ScenarioError) as info:
        base.with_({path: 1})
    assert str(info.value) == message


def test_with_a_new_unknown_field_is_refused_with_a_hint(base: Scenario) -> None:
    with pytest.raises(ScenarioError) as info:
        base.with_({"parties.alpha.no_dael": 0.2})
    assert str(info.value) == (
        "<override>: parties.alpha.no_dael: unknown field 'no_dael'; did you mean 'no_deal'?"
    )


def test_scenarios_are_frozen(base: Scenario) -> None:
    with pytest.raises(Exception, match="frozen"):
        base.name = "other"  # type: ignore[misc]


# ---------------------------------------------------------------- round trips


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_generated_scenarios_round_trip_through_yaml(scenario: Scenario) -> None:
    text = scenario.to_yaml()
    assert load(text) == scenario
    assert from_data(scenario.to_data()) == scenario
    # no explicit tag anywhere (a string value may itself read "!!")
    assert all(getattr(event, "tag", None) is None for event in yaml.parse(text))


def test_bundled_scenarios_round_trip() -> None:
    files = sorted((REPO / "scenarios").glob("*.yaml"))
    for file in files:
        scenario = load(file)
        assert load(scenario.to_yaml()) == scenario, file.name


@pytest.mark.parametrize(
    ("path", "value", "says"),
    [
        ("parties.alpha.no_deal", True, "got true"),
        ("parties.alpha.no_deal", "0.15", "got '0.15'"),
        ("parties.alpha.utility.guarantee.weight", "0.1", "expected a number"),
        ("parties.alpha.utility.guarantee.weight", False, "expected a number"),
        ("issues.share.grid", True, "expected a whole number, got true"),
        ("issues.share.grid", "11", "expected a whole number, got '11'"),
    ],
)
def test_a_boolean_or_text_where_a_number_is_meant_is_an_error_naming_the_field(path, value, says):
    from negsim.scenario.examples import border_talks, water_talks

    scenario = water_talks() if path.startswith("issues.share") else border_talks()
    with pytest.raises(ScenarioError, match=says) as info:
        scenario.with_({path: value})
    assert info.value.field == path


def test_a_number_written_as_text_in_a_file_is_an_error_with_its_line():
    from negsim.scenario.examples import BORDER_TALKS

    text = BORDER_TALKS.replace("no_deal: 0.25", "no_deal: !!str 0.25", 1)
    assert text != BORDER_TALKS
    with pytest.raises(ScenarioError, match="got .0.25.") as info:
        load(text)
    assert info.value.line == text[: text.index("!!str")].count("\n") + 1
