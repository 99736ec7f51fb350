"""The terminal verdict and the summary of a game's equilibria."""

from __future__ import annotations

from negsim import report
from negsim.report import text as report_text
from negsim.zone import verdict


def test_verdict_text_of_the_flagship(flagship_run):
    text = report.verdict_text(flagship_run)
    assert verdict.headline(flagship_run.analysis).split(" (")[0] in text
    for conflict in flagship_run.analysis.diagnosis.conflicts:
        for key in conflict.keys:
            assert key in text
    for name in flagship_run.scenario.proposals:
        assert name in text
    for name in flagship_run.games:
        assert name in text
    assert "No zone, so no bargaining solution." in text
    assert all(len(line) <= 100 for line in text.splitlines())
    assert len(text.splitlines()) <= 60


def test_verdict_text_with_a_zone_lists_the_bargaining_solutions(minimal_run):
    text = report.verdict_text(minimal_run)
    for solution in minimal_run.bargaining.solutions.values():
        assert solution.title in text
    assert "every equilibrium" in text or "ends in" in text


def test_game_summary_counts_outcomes(minimal_run):
    game = minimal_run.games["proposals"]
    summary = report_text.game_summary(game)
    labels = {e.describe_outcome() for e in game}
    for label in labels:
        assert label in summary
    assert summary.startswith("every equilibrium ends in") == (len(labels) == 1)
