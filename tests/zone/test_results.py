"""What a zone, a pairwise count and a diagnosis show and hold (negsim.zone.results)."""

from __future__ import annotations

import json

import pytest

from negsim import compile_scenario, from_data, load
from negsim.errors import AnalysisError
from negsim.zone.decide import diagnose
from negsim.zone.enumeration import pairwise, zopa
from negsim.zone.results import GRID
from tests.zone.examples import land_for_peace, red_line, territory


def test_members_are_capped_and_ordered_by_smallest_surplus() -> None:
    model = compile_scenario(load("tests/data/minimal.yaml"))
    zone = zopa(model)
    assert zone.method == GRID
    assert zone.resolution == {"share": 11}
    capped = zone.members(limit=5)
    assert len(capped) == 5
    assert capped.attrs == {"total": zone.count, "limit": 5, "truncated": True}
    worst = capped[[f"{p} surplus" for p in model.parties]].min(axis=1)
    assert worst.is_monotonic_decreasing
    assert (worst >= 0).all()
    full = zone.members(None)
    assert len(full) == zone.count
    assert not full.attrs["truncated"]
    for index, row in full.head(3).iterrows():
        assert model.decode(index) == {k: row[k] for k in model.space.names}
    data = zone.to_dict()
    json.dumps(data, allow_nan=False)
    assert data["count"] == zone.count
    assert "41 of 528" in repr(zone) or f"{zone.count} of" in repr(zone)


def test_pairwise_count_of_an_unknown_party_is_a_negsim_error() -> None:
    pairs = pairwise(compile_scenario(load("tests/data/minimal.yaml")))
    assert pairs.count("alpha", "beta") == pairs.count("beta", "alpha")
    with pytest.raises(AnalysisError, match="unknown party 'gamma'"):
        pairs.count("alpha", "gamma")


def test_conflicts_corrections_and_concession_read_in_one_line() -> None:
    found = diagnose(compile_scenario(from_data(land_for_peace())))
    (conflict,) = found.conflicts
    assert repr(conflict) == "<Conflict of 2: ukraine/not-an-inch with russia/four-regions>"
    assert [repr(c) for c in found.corrections] == [
        f"<Correction: drop {c.keys[0]} (opens {c.opens} outcomes; best {c.deals[0].outcome})>"
        for c in found.corrections
    ]
    rule = [red_line("all-or-nothing", "control in {s0, s8}")]
    split = diagnose(compile_scenario(from_data(territory(rule))))
    lone = next(c for c in split.corrections if c.opens == 1)
    assert repr(lone).startswith(f"<Correction: drop {lone.keys[0]} (")
    assert "opens 1 outcome;" in repr(lone)
    concession = split.least_concession
    assert repr(concession) == "<Concession of 0.25 in all (short: b 0.25) at {'control': 's8'}>"
    for item in (conflict, lone, concession):
        assert "\n" not in repr(item)
        json.dumps(item.to_dict(), allow_nan=False)
