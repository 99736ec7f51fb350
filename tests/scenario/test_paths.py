"""Dotted paths into a scenario's data: entries of lists by id or by position."""

from __future__ import annotations

from pathlib import Path

import pytest

from negsim import load
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
