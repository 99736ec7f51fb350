"""The analysis's verdict in words (negsim.zone.verdict)."""

from __future__ import annotations

import negsim
from negsim import from_data
from negsim.zone.analysis import analyze
from tests.zone.examples import buyer_seller, red_line


def quiet(source):
    return analyze(source, progress=False)


def one_party(no_deal: float) -> dict:
    return {
        "negsim": 1,
        "name": "alone",
        "issues": {"deal": {"kind": "boolean"}},
        "parties": {
            "a": {
                "utility": {"deal": {"weight": 1, "values": {"true": 1, "false": 0}}},
                "no_deal": no_deal,
            }
        },
    }


def test_a_single_correction_is_named() -> None:
    analysis = analyze(from_data(one_party(2.0)), progress=False)
    (correction,) = analysis.diagnosis.corrections
    assert correction.keys == ("a/no-deal",)
    assert f"Dropping a/no-deal opens a zone of {correction.opens} outcomes." in analysis.summary()
    assert "any one of them" not in analysis.summary()


def test_a_zone_of_one_outcome_reads_in_the_singular() -> None:
    analysis = analyze(from_data(one_party(0.5)), progress=False)
    assert analysis.zopa.count == 1
    assert "1 of 2 outcomes (50.00%) is acceptable to every party" in analysis.summary()


def test_bounds_line_stays_inside_the_issue_range() -> None:
    from negsim.zone.verdict import bounds_line

    analysis = negsim.analyze(negsim.load("tests/data/minimal.yaml"), progress=False)
    line = bounds_line(analysis)
    assert line is not None
    assert "-0 " not in line
    low, high = analysis.bounds["share"]
    expected = f"share from {max(low, 0) + 0.0:.6g} to {min(high, 100):.6g} % of water rights"
    assert line == f"Within the zone: {expected} to Alpha."


def test_grid_verdict_is_not_presented_as_a_fact() -> None:
    rules = [red_line("not-sixty", "not (price == 60)")]
    result = quiet(from_data(buyer_seller(50, 52, rules=rules)))
    assert result.method == "grid"
    assert not result.exact
    assert not result.zone_exists
    text = result.summary()
    assert "This is not a proof" in text
    assert "buyer/not-sixty" in text
    assert result.diagnosis.method == "grid"
