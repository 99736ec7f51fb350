"""Dotted paths into a scenario's data: entries of lists by id or by position."""

from __future__ import annotations

from negsim import load
from negsim.scenario.paths import set_path
from tests.scenario.examples import BASE


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
