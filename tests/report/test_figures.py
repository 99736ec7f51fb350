"""Which figures a report draws."""

from __future__ import annotations

from negsim import report


def test_figure_specs_of_the_flagship(flagship_run):
    names = [s.name for s in report.figure_specs(flagship_run)]
    assert "conflicts" in names
    assert "issue_map" in names
    # every pair of the four parties, pairs without a zone first
    pairs = [n for n in names if n.startswith("utility_")]
    assert len(pairs) == 6
    assert pairs[0] == "utility_ukraine_russia"
    # a payoff table for the normal-form game, a tree for the sequential one
    assert "game_simultaneous_moves" in names
    assert "game_guarantee_for_donbas" in names
