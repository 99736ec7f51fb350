"""Each proposal checked against every red line and no-deal value (negsim.zone.proposals)."""

from __future__ import annotations

import pytest

from negsim import from_data, load
from negsim.zone.analysis import analyze
from tests.zone.examples import land_for_peace


def quiet(source):
    return analyze(source, progress=False)


def test_proposal_verdicts_name_broken_red_lines_and_shortfall() -> None:
    data = land_for_peace()
    data["proposals"] = {
        "freeze": {"outcome": {"ceded": [], "guarantee": True}},
        "all_four": {
            "outcome": {
                "ceded": ["donetsk", "luhansk", "kherson", "zaporizhzhia"],
                "guarantee": False,
            }
        },
    }
    result = quiet(from_data(data))
    freeze, all_four = result.proposals
    assert freeze.rejected_by == ("russia",)
    russia = freeze.verdicts[1]
    assert russia.broken == ("russia/four-regions",)
    assert russia.shortfall == 0  # nothing ceded is worth exactly russia's no-deal value
    ukraine = all_four.verdicts[0]
    assert ukraine.broken == ("ukraine/not-an-inch",)
    assert ukraine.utility == pytest.approx(-0.8)
    assert ukraine.shortfall == 0
    text = result.summary()
    assert (
        "freeze: accepted by ukraine and us; rejected by russia (breaks russia/four-regions)."
        in text
    )
    frame = result.proposals_frame()
    assert len(frame) == 6
    assert frame["accepted"].sum() == 4


def test_each_proposal_check_reads_in_a_notebook() -> None:
    result = analyze(load("tests/data/minimal.yaml"), progress=False)
    (check,) = result.proposals
    frame = check.to_frame()
    assert list(frame["party"]) == list(result.parties)
    assert list(frame["accepted"]) == [v.accepted for v in check.verdicts]
    assert frame.equals(
        result.proposals_frame()[result.proposals_frame()["proposal"] == check.name]
    )
    assert repr(check).startswith(f"<ProposalCheck {check.name}: ")
    assert check.name in check._repr_html_() and "<table" in check._repr_html_()
