"""The analysis's verdict in words (negsim.zone.verdict)."""

from __future__ import annotations

import re

import negsim
from negsim import from_data, load
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
    text = analysis.summary()
    # a dropped no-deal demand reads as how far the party's no-deal value would have to fall
    assert "(1) a zone of up to 2 outcomes opens if a accepts 1 less than its no-deal value" in text
    assert "(1 instead of 2)" in text
    assert "a/no-deal opens" not in text


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


NARROW = """
negsim: 1
name: Narrow
issues:
  t: {kind: continuous, range: [0, 100], unit: "%", grid: 11}
parties:
  a: {no_deal: A_NO_DEAL, utility: {t: {weight: 1, points: [[0, 0], [100, 1]]}}}
  b: {no_deal: B_NO_DEAL, utility: {t: {weight: 1, points: [[0, 1], [100, 0]]}}}
"""


def _narrow(a: float, b: float) -> str:
    return NARROW.replace("A_NO_DEAL", repr(a)).replace("B_NO_DEAL", repr(b))


def test_a_zone_narrower_than_six_digits_is_not_called_one_value():
    # the zone is t in [50.000001, 50.000003]; 50 itself is outside it
    analysis = analyze(load(_narrow(0.50000001, 0.49999997)), progress=False)
    text = analysis.summary()
    assert "t exactly" not in text
    assert "t from 50.000001 to 50.000003 %" in text
    shown = re.search(r"best deal \(t=([0-9.]+)\)", text)
    assert shown is not None
    printed = float(shown[1])
    low, high = analysis.bounds["t"]
    assert low <= printed <= high
    utility = analysis.model.utility_of([{"t": printed}])[0]
    assert (utility >= analysis.model.no_deal).all()  # the printed deal is in the zone


def test_a_zone_of_one_value_is_called_exactly_that_value():
    analysis = analyze(load(_narrow(0.5, 0.5)), progress=False)
    assert "Within the zone: t exactly 50 %." in analysis.summary()


def test_corrections_read_as_falls_and_list_their_deals() -> None:
    from negsim.scenario.examples import border_talks
    from negsim.zone.verdict import diagnosis_lines

    analysis = quiet(border_talks().with_({"parties.beta.no_deal": 0.7}))
    lines = diagnosis_lines(analysis.diagnosis)
    assert "  (1) dropping alpha/keep-core opens a zone of 1 outcome." in lines
    assert (
        "  (2) a zone of up to 4 outcomes opens if beta accepts 0.02 less than its no-deal value "
        "(0.68 instead of 0.7)." in lines
    )
    assert "      - land=all, guarantee=true (utility: alpha 0.4, beta 0.8)" in lines
    assert sum(line.startswith("      - ") for line in lines) == 1 + 3
    assert not any("beta/no-deal opens" in line for line in lines)
    # the terminal verdict shows the best deal of each correction only
    assert analysis.summary().count("\n      - ") == 2


def test_least_concession_names_the_red_lines_it_breaks() -> None:
    from negsim.zone.verdict import diagnosis_lines

    data = one_party(0.5)
    data["parties"]["a"]["red_lines"] = [red_line("yes", "deal"), red_line("no", "not deal")]
    lines = diagnosis_lines(quiet(from_data(data)).diagnosis)
    assert "The red lines alone conflict: no outcome respects all of them." in lines
    assert (
        "Least concession: deal=true breaks a/no (no outcome breaks fewer red lines) and leaves "
        "every party at least its no-deal value." in lines
    )
