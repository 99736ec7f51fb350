"""Minimal sets and minimal hitting sets of families of bit sets.

A family is a sequence of Python ints used as bit sets. :func:`minimal_sets`
keeps the inclusion-minimal members; :func:`minimal_hitting_sets` enumerates
the minimal transversals smallest first (Murakami & Uno 2014), which turns the
minimal corrections of a constraint system into its minimal conflicts
(Reiter 1987; Liffiton & Sakallah 2008).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

__all__ = [
    "bits_of",
    "minimal_hitting_sets",
    "minimal_sets",
    "take",
]


def bits_of(mask: int) -> list[int]:
    """Positions of the set bits of ``mask``, lowest first.

    Examples
    --------
    >>> from negsim.zone.hitting_sets import bits_of
    >>> bits_of(0b1011)
    [0, 1, 3]
    """
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


def minimal_sets(sets: Sequence[int]) -> list[int]:
    """The inclusion-minimal members of a family of bit sets (duplicates collapsed).

    Sets are taken by increasing size; each minimal set removes its supersets
    from the rest in one vectorised pass.

    Examples
    --------
    ``{0}`` is inside ``{0, 1}`` and ``{0, 1, 2}``; ``{1, 2}`` holds no other set:

    >>> from negsim.zone.hitting_sets import minimal_sets
    >>> minimal_sets([0b011, 0b001, 0b110, 0b111, 0b001])
    [1, 6]
    """
    unique = sorted(set(sets), key=lambda s: (s.bit_count(), s))
    if not unique:
        return []
    wide = unique[-1].bit_length() > 63
    rest = np.array(unique, dtype=object if wide else np.uint64)
    sizes = np.array([s.bit_count() for s in unique])
    out: list[int] = []
    while rest.size:
        level = sizes == sizes[0]
        found = rest[level]
        out.extend(int(s) for s in found)
        rest, sizes = rest[~level], sizes[~level]
        for s in found:
            keep = (rest & s) != s
            rest, sizes = rest[keep], sizes[keep]
    return out


def _critical_ok(family: Sequence[int], chosen: int) -> bool:
    """Every element of ``chosen`` is the only one of ``chosen`` in some set of ``family``."""
    critical = 0
    for s in family:
        hit = s & chosen
        if hit and hit & (hit - 1) == 0:
            critical |= hit
            if critical == chosen:
                return True
    return critical == chosen


def minimal_hitting_sets(family: Sequence[int]) -> Iterator[int]:
    """Every minimal hitting set of ``family``, each once, smallest first.

    A depth-limited MMCS search (Murakami & Uno 2014) run with growing size
    limits: branch on the uncovered set with fewest candidates, keep an
    element only while every chosen element still has a set it alone hits.

    Examples
    --------
    The sets ``{0, 1}`` and ``{1, 2}`` are both hit by ``{1}`` alone, or by
    ``{0, 2}``:

    >>> from negsim.zone.hitting_sets import bits_of, minimal_hitting_sets
    >>> [bits_of(s) for s in minimal_hitting_sets([0b011, 0b110])]
    [[1], [0, 2]]

    When dropping any one of three constraints opens a zone (three corrections
    of one constraint each), the only conflict is all three together:

    >>> [bits_of(s) for s in minimal_hitting_sets([0b001, 0b010, 0b100])]
    [[0, 1, 2]]
    """
    family = minimal_sets(family)
    if not family:
        yield 0
        return
    if 0 in family:
        return
    universe = 0
    for s in family:
        universe |= s

    for limit in range(1, universe.bit_count() + 1):
        deeper = False

        def search(
            chosen: int, size: int, candidates: int, uncovered: list[int], limit: int = limit
        ) -> Iterator[int]:
            nonlocal deeper
            if not uncovered:
                if size == limit:
                    yield chosen
                return
            if size == limit:
                deeper = True
                return
            target = min(uncovered, key=lambda s: (s & candidates).bit_count())
            branch = target & candidates
            candidates &= ~branch
            for e in bits_of(branch):
                bit = 1 << e
                grown = chosen | bit
                if _critical_ok(family, grown):
                    yield from search(
                        grown, size + 1, candidates, [s for s in uncovered if not s & bit]
                    )
                candidates |= bit

        yield from search(0, 0, universe, list(family))
        if not deeper:
            return


def take(iterator: Iterator[int], limit: int | None) -> tuple[list[int], bool]:
    """Up to ``limit`` items and whether more were left.

    Examples
    --------
    >>> from negsim.zone.hitting_sets import take
    >>> take(iter(range(5)), 3)
    ([0, 1, 2], True)
    >>> take(iter(range(2)), 3)
    ([0, 1], False)
    """
    out: list[int] = []
    for item in iterator:
        if limit is not None and len(out) >= limit:
            return out, True
        out.append(item)
    return out, False
