"""Minimal sets and minimal hitting sets of bit masks (negsim.zone.hitting_sets)."""

from __future__ import annotations

from negsim.zone.hitting_sets import minimal_hitting_sets, minimal_sets


def test_minimal_sets_and_hitting_sets_on_bit_masks() -> None:
    assert sorted(minimal_sets([0b111, 0b011, 0b110, 0b011, 0b1000])) == [0b011, 0b110, 0b1000]
    assert sorted(minimal_hitting_sets([0b0011, 0b0110, 0b1100])) == [0b0101, 0b0110, 0b1010]
    assert list(minimal_hitting_sets([])) == [0]
    assert list(minimal_hitting_sets([0, 0b1])) == []
    wide = [1 << 70 | 1, 1 << 80]
    assert sorted(minimal_hitting_sets(wide)) == [1 << 80 | 1, 1 << 80 | 1 << 70]
