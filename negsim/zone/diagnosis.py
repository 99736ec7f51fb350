"""Why there is no zone of agreement: minimal conflicts, minimal corrections, least concession.

The constraints are every red line (``party/id``) and every party's no-deal
constraint (``party/no-deal``: ``u_p(x) >= d_p``). A set of constraints is
*feasible* when some outcome meets all of them.

- A *minimal conflict* (minimal unsatisfiable subset) is an infeasible set
  whose every proper subset is feasible.
- A *minimal correction* (minimal correction set) is a set whose removal
  leaves the other constraints feasible, and no proper subset does.

The two are hitting-set duals (Liffiton & Sakallah 2008, after Reiter 1987):
the minimal conflicts are exactly the minimal hitting sets of the family of
all minimal corrections. On an enumerated space the corrections come straight
from the data: each outcome's *violation set* (the constraints it breaks) is a
correction set, so the minimal corrections are the inclusion-minimal
violation sets. Violation sets are bit-packed (one ``uint64`` per outcome up
to 64 constraints; rows of words beyond), deduplicated with ``np.unique`` and
reduced to their minimal members; the conflicts are then enumerated smallest
first by a minimal-hitting-set search (Murakami & Uno 2014) up to a cap.

The *least concession* is the outcome respecting every red line that
minimises the total shortfall ``sum_p max(0, d_p - u_p(x))``.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from negsim.model.compile import Model
from negsim.zone.enumeration import ENUMERATION, GRID, method_of, resolution_of

MAX_CONFLICTS = 100
"""Default cap on the minimal conflicts listed."""

MAX_CORRECTIONS = 1000
"""Default cap on the minimal corrections listed (all are used to derive the conflicts)."""

NO_DEAL = "no-deal"


# ---------------------------------------------------------------- constraints


@dataclass(frozen=True)
class Constraint:
    """A red line or a no-deal constraint, named ``party/id`` or ``party/no-deal``."""

    key: str
    party: str
    kind: str  # "red-line" or "no-deal"
    says: str
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "party": self.party,
            "kind": self.kind,
            "says": self.says,
            "source": self.source,
        }


def constraints_of(model: Model) -> tuple[Constraint, ...]:
    """Red lines in scenario order, then one no-deal constraint per party."""
    red = tuple(Constraint(r.key, r.party, "red-line", r.says, r.source) for r in model.red_lines)
    taken = {c.key for c in red}
    no_deal = []
    for party, value in zip(model.parties, model.no_deal, strict=True):
        key = f"{party}/{NO_DEAL}"
        if key in taken:
            key = f"{party}/{NO_DEAL}-value"
        says = f"{party} gets at least its no-deal value ({value:.4g})"
        no_deal.append(Constraint(key, party, NO_DEAL, says))
    return red + tuple(no_deal)


def satisfied(model: Model, c: int) -> np.ndarray:
    """Outcomes meeting constraint ``c`` (index into :func:`constraints_of`)."""
    n_red = len(model.red_lines)
    if c < n_red:
        return model.red_line_masks[c]
    p = c - n_red
    return model.utility[:, p] >= model.no_deal[p]


def constraint_masks(model: Model) -> np.ndarray:
    """``out[c, i]``: outcome ``i`` meets constraint ``c``; shape ``(constraints, outcomes)``."""
    n = len(model.red_lines) + len(model.parties)
    if n == 0:
        return np.ones((0, model.n_outcomes), dtype=bool)
    return np.stack([satisfied(model, c) for c in range(n)])


# ---------------------------------------------------------------- bit sets


def bits_of(mask: int) -> list[int]:
    """Positions of the set bits of ``mask``, lowest first."""
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


def violation_sets(model: Model) -> tuple[list[int], np.ndarray]:
    """Distinct violation sets (as Python-int bit masks) and how many outcomes have each.

    Bit ``c`` is set when the outcome breaks constraint ``c``.
    """
    n_constraints = len(model.red_lines) + len(model.parties)
    if n_constraints <= 64:
        dtype = _WORD[max(8, 1 << (max(n_constraints, 1) - 1).bit_length())]
        distinct, counts = np.unique(_pack(model, range(n_constraints), dtype), return_counts=True)
        return [int(v) for v in distinct], counts
    words = np.stack(
        [
            _pack(model, range(start, min(start + 64, n_constraints)), np.uint64)
            for start in range(0, n_constraints, 64)
        ],
        axis=1,
    )
    rows, counts = np.unique(words, axis=0, return_counts=True)
    sets = [sum(int(w) << (64 * j) for j, w in enumerate(row)) for row in rows]
    return sets, counts


_WORD = {8: np.uint8, 16: np.uint16, 32: np.uint32, 64: np.uint64}


def _pack(model: Model, constraints: range, dtype: type) -> np.ndarray:
    """Bits ``c - constraints.start`` set where the outcome breaks constraint ``c``."""
    kept = np.zeros(model.n_outcomes, dtype=dtype)
    bit = np.empty(model.n_outcomes, dtype=dtype)
    for shift, c in enumerate(constraints):
        np.copyto(bit, satisfied(model, c), casting="unsafe")
        np.left_shift(bit, dtype(shift), out=bit)
        np.bitwise_or(kept, bit, out=kept)
    return np.bitwise_xor(kept, dtype((1 << len(constraints)) - 1))


def minimal_sets(sets: Sequence[int]) -> list[int]:
    """The inclusion-minimal members of a family of bit sets (duplicates collapsed).

    Sets are taken by increasing size; each minimal set removes its supersets
    from the rest in one vectorised pass.
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
    """Up to ``limit`` items and whether more were left."""
    out: list[int] = []
    for item in iterator:
        if limit is not None and len(out) >= limit:
            return out, True
        out.append(item)
    return out, False


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class Conflict:
    """Constraints that together exclude every outcome; dropping any one of them does not."""

    keys: tuple[str, ...]

    @property
    def size(self) -> int:
        return len(self.keys)

    def to_dict(self) -> dict[str, Any]:
        return {"keys": list(self.keys), "size": self.size}

    def __repr__(self) -> str:
        return f"<Conflict of {self.size}: {' with '.join(self.keys)}>"


@dataclass(frozen=True)
class Correction:
    """Constraints whose removal opens a zone; ``opens`` outcomes are then in it.

    With continuous issues ``opens`` counts grid points and may be zero when
    the zone opened is narrower than the grid (see :attr:`Diagnosis.method`).
    """

    keys: tuple[str, ...]
    opens: int

    @property
    def size(self) -> int:
        return len(self.keys)

    def to_dict(self) -> dict[str, Any]:
        return {"keys": list(self.keys), "size": self.size, "opens": self.opens}

    def __repr__(self) -> str:
        noun = "outcome" if self.opens == 1 else "outcomes"
        return f"<Correction: drop {' and '.join(self.keys)} (opens {self.opens} {noun})>"


@dataclass(frozen=True)
class Concession:
    """The outcome respecting every red line with the least total shortfall below no-deal values."""

    outcome: dict[str, Any]
    index: int | None
    total: float
    shortfall: dict[str, float]
    utility: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "index": self.index,
            "total_shortfall": self.total,
            "shortfall": self.shortfall,
            "utility": self.utility,
        }

    def __repr__(self) -> str:
        short = ", ".join(f"{p} {s:.4g}" for p, s in self.shortfall.items() if s > 0) or "none"
        return f"<Concession of {self.total:.4g} in all (short: {short}) at {self.outcome}>"


@dataclass(frozen=True)
class Diagnosis:
    """Minimal conflicts, minimal corrections and the least concession of an empty zone.

    Attributes
    ----------
    method
        ``"enumeration"`` (a proof on a discrete space), ``"milp"`` (conflicts
        and corrections decided exactly by mixed-integer programs; zone sizes
        counted on the grid) or ``"grid"`` (continuous issues sampled at
        ``resolution`` points: not a proof).
    red_lines_conflict
        True when no outcome respects every red line; there is then no least
        concession and some conflict holds red lines only.
    """

    constraints: tuple[Constraint, ...]
    conflicts: tuple[Conflict, ...]
    conflicts_truncated: bool
    corrections: tuple[Correction, ...]
    corrections_truncated: bool
    least_concession: Concession | None
    red_lines_conflict: bool
    method: str
    resolution: dict[str, int] | None
    n_outcomes: int
    note: str | None = None

    def constraint(self, key: str) -> Constraint:
        for c in self.constraints:
            if c.key == key:
                return c
        raise KeyError(key)

    def conflicts_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "conflict": [" + ".join(c.keys) for c in self.conflicts],
                "size": [c.size for c in self.conflicts],
            },
            index=pd.RangeIndex(1, len(self.conflicts) + 1, name="#"),
        )

    def corrections_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "drop": [" + ".join(c.keys) for c in self.corrections],
                "size": [c.size for c in self.corrections],
                "opens": [c.opens for c in self.corrections],
            },
            index=pd.RangeIndex(1, len(self.corrections) + 1, name="#"),
        )

    def to_frame(self) -> pd.DataFrame:
        """Conflicts and corrections in one table, with a ``kind`` column."""
        conflicts = self.conflicts_frame().rename(columns={"conflict": "constraints"})
        corrections = self.corrections_frame().rename(columns={"drop": "constraints"})
        conflicts.insert(0, "kind", "conflict")
        corrections.insert(0, "kind", "correction")
        return pd.concat([conflicts, corrections], ignore_index=True)

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "resolution": self.resolution,
            "n_outcomes": self.n_outcomes,
            "constraints": [c.to_dict() for c in self.constraints],
            "conflicts": [c.to_dict() for c in self.conflicts],
            "conflicts_truncated": self.conflicts_truncated,
            "corrections": [c.to_dict() for c in self.corrections],
            "corrections_truncated": self.corrections_truncated,
            "least_concession": (
                self.least_concession.to_dict() if self.least_concession is not None else None
            ),
            "red_lines_conflict": self.red_lines_conflict,
            "note": self.note,
        }

    def __repr__(self) -> str:
        more = "+" if self.conflicts_truncated else ""
        return (
            f"<Diagnosis ({self.method}): {len(self.conflicts)}{more} minimal conflicts, "
            f"{len(self.corrections)}{'+' if self.corrections_truncated else ''} minimal "
            f"corrections, smallest conflict "
            f"{' + '.join(self.conflicts[0].keys) if self.conflicts else '-'}>"
        )

    def _repr_html_(self) -> str:
        return (
            f"<p>{html.escape(repr(self))}</p>"
            f"<p>Minimal conflicts</p>{self.conflicts_frame().to_html()}"
            f"<p>Minimal corrections</p>{self.corrections_frame().to_html()}"
        )


# ---------------------------------------------------------------- engine


def _named(constraints: Sequence[Constraint], mask: int) -> tuple[str, ...]:
    return tuple(constraints[c].key for c in bits_of(mask))


def _order(sets: Sequence[int]) -> list[int]:
    return sorted(sets, key=lambda s: (s.bit_count(), bits_of(s)))


def least_concession_from_arrays(
    utility: np.ndarray, no_deal: np.ndarray, feasible: np.ndarray
) -> tuple[int | None, np.ndarray | None]:
    """Feasible row of least ``sum_p max(0, d_p - U[i, p])``, and its shortfall per party."""
    if not feasible.any():
        return None, None
    total = np.maximum(no_deal - utility, 0.0).sum(axis=1)
    total[~feasible] = np.inf
    index = int(np.argmin(total))
    return index, np.maximum(no_deal - utility[index], 0.0)


def concession_at(model: Model, outcome: dict[str, Any], index: int | None) -> Concession:
    """A :class:`Concession` for an outcome given by its values (and grid position if any)."""
    utility = model.utility_of([outcome])[0] if index is None else model.utility[index]
    shortfall = np.maximum(model.no_deal - utility, 0.0)
    return Concession(
        outcome=outcome,
        index=index,
        total=float(shortfall.sum()),
        shortfall={p: float(s) for p, s in zip(model.parties, shortfall, strict=True)},
        utility={p: float(u) for p, u in zip(model.parties, utility, strict=True)},
    )


def opened_counts(sets: Sequence[int], counts: np.ndarray, corrections: Sequence[int]) -> list[int]:
    """Outcomes whose violation set lies within each correction (the zone it opens)."""
    if not corrections:
        return []
    wide = max(max(sets, default=0), max(corrections)).bit_length() > 63
    values = np.array(sets, dtype=object if wide else np.uint64)
    out = []
    for m in corrections:
        inside = (values & m) == values
        out.append(int(counts[inside].sum()))
    return out


def _build(
    model: Model,
    corrections_all: Sequence[int],
    counts_of: Any,
    concession: Concession | None,
    *,
    method: str,
    max_conflicts: int | None,
    max_corrections: int | None,
    note: str | None = None,
    corrections_complete: bool = True,
) -> Diagnosis:
    constraints = constraints_of(model)
    corrections = _order(corrections_all)
    listed = corrections if max_corrections is None else corrections[:max_corrections]
    opens = counts_of(listed)
    if corrections_complete:
        conflicts, conflicts_truncated = take(minimal_hitting_sets(corrections), max_conflicts)
        conflicts = _order(conflicts)
    else:
        conflicts, conflicts_truncated = [], True
    return Diagnosis(
        constraints=constraints,
        conflicts=tuple(Conflict(_named(constraints, s)) for s in conflicts),
        conflicts_truncated=conflicts_truncated,
        corrections=tuple(
            Correction(_named(constraints, s), n) for s, n in zip(listed, opens, strict=True)
        ),
        corrections_truncated=len(listed) < len(corrections) or not corrections_complete,
        least_concession=concession,
        red_lines_conflict=concession is None,
        method=method,
        resolution=resolution_of(model),
        n_outcomes=model.n_outcomes,
        note=note,
    )


def enumerated_diagnosis(
    model: Model,
    *,
    max_conflicts: int | None = MAX_CONFLICTS,
    max_corrections: int | None = MAX_CORRECTIONS,
) -> Diagnosis | None:
    """Diagnosis over the enumerated outcomes; ``None`` when the zone is not empty there."""
    sets, counts = violation_sets(model)
    if sets and sets[0] == 0:
        return None
    corrections = minimal_sets(sets)
    index, _ = least_concession_from_arrays(model.utility, model.no_deal, model.feasible_mask)
    concession = None if index is None else concession_at(model, model.decode(index), index)
    method = method_of(model)
    note = (
        "continuous issues were sampled on the grid; conflicts there may not be conflicts "
        "of the continuous problem"
        if method == GRID
        else None
    )
    return _build(
        model,
        corrections,
        lambda listed: opened_counts(sets, counts, listed),
        concession,
        method=method,
        max_conflicts=max_conflicts,
        max_corrections=max_corrections,
        note=note,
    )


def diagnose(
    model: Model,
    *,
    max_conflicts: int | None = MAX_CONFLICTS,
    max_corrections: int | None = MAX_CORRECTIONS,
    exact: bool = True,
) -> Diagnosis | None:
    """Minimal conflicts, minimal corrections and least concession; ``None`` if a zone exists.

    A discrete space is enumerated (a proof). With continuous issues and
    ``exact=True`` the corrections and the least concession come from
    mixed-integer programs (:mod:`negsim.zone.milp`) when every rule is linear;
    otherwise the grid is used and the result says so.

    Parameters
    ----------
    max_conflicts
        Stop listing minimal conflicts after this many (``conflicts_truncated``
        then says more exist); ``None`` lists all.
    max_corrections
        List at most this many minimal corrections (all are still used to
        derive the conflicts).
    """
    if method_of(model) == ENUMERATION or not exact:
        return enumerated_diagnosis(
            model, max_conflicts=max_conflicts, max_corrections=max_corrections
        )
    from negsim.zone import milp

    return milp.diagnose(model, max_conflicts=max_conflicts, max_corrections=max_corrections)
