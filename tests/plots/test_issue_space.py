"""The issue map: the most contested issues and what each cell of the map shows."""

from __future__ import annotations

import pytest

from negsim import plots
from negsim.errors import AnalysisError


def test_issue_contest_ranks_opposed_issues_first(minimal):
    contest = plots.issue_contest(minimal)
    # alpha's red line keeps the north, beta's needs land: their acceptable regions differ;
    # only alpha values the guarantee and beta is indifferent to it
    assert contest["regions"][0] > 0
    assert contest["guarantee"] == (0.0, 0.0)
    assert contest["share"][0] == 0 < contest["share"][1]
    assert plots.most_contested(minimal) == ("regions", "recognition")


def test_issue_map_cells_match_the_outcomes(minimal):
    data = plots.issue_map_data(minimal, ("recognition", "regions"))
    codes = minimal.space.codes
    accept = minimal.acceptable_masks
    regions = minimal.space.axis("regions")
    assert data.labels[0] == ("none", "de_facto", "de_jure")
    assert data.labels[1][0] == "···" and data.labels[1][-1] == "NSE"
    assert data.notes == ("regions:\n  N north\n  S south\n  E east",)
    for j, label in enumerate(data.labels[1]):
        items = {item for item, mark in zip(regions.levels, label, strict=True) if mark != "·"}
        (code,) = [c for c in range(regions.size) if set(regions.decode(c)) == items]
        for i in range(3):
            here = (codes["recognition"] == i) & (codes["regions"] == code)
            for p in range(2):
                assert data.accepts[p, i, j] == (accept[p] & here).any()
            assert data.zone[i, j] == (accept.all(axis=0) & here).any()


def test_issue_map_default_puts_the_larger_issue_on_the_rows(minimal):
    data = plots.issue_map_data(minimal)
    assert set(data.issues) == set(plots.most_contested(minimal))
    assert data.accepts.shape == (2, 8, 3)
    assert data.chosen_by == "the two most contested"


def test_issue_map_bins_a_fine_continuous_issue(minimal):
    data = plots.issue_map_data(minimal, ("share", "recognition"), max_levels=4)
    assert data.accepts.shape == (2, 4, 3)
    assert data.labels[0][0].startswith("0")
    full = plots.issue_map_data(minimal, ("share", "recognition"))
    assert data.accepts[:, 0].any() == full.accepts[:, :3].any()


def test_issue_map_rejects_unknown_issue(minimal):
    with pytest.raises(AnalysisError, match="unknown issue"):
        plots.issue_map_data(minimal, ("share", "nope"))


def test_flagship_issue_map_picks_the_territorial_issues(flagship):
    data = plots.issue_map_data(flagship)
    assert set(data.issues) == {"recognised_russian", "line_of_control"}
    assert data.n_zone_cells == 0
    ukraine = data.parties.index("ukraine")
    russia = data.parties.index("russia")
    # no cell where both Ukraine and Russia could accept something
    assert not (data.accepts[ukraine] & data.accepts[russia]).any()
