"""The zone, pairwise zones, margin and diagnosis by enumerating every outcome.

On a discrete space every outcome is enumerated, which is a proof. With
continuous issues the enumerated points are a grid: a grid point in the zone
proves the zone exists, but an empty grid zone proves nothing, and the grid
margin is a lower bound of the true margin (:mod:`negsim.zone.decide` then
turns to :mod:`negsim.zone.milp`). On an enumerated space each outcome's
violation set is a correction set, so the minimal corrections are the
inclusion-minimal violation sets (deduplicated with ``np.unique``); the
conflicts are their minimal hitting sets. What each correction opens (its
best deals, the no-deal falls it needs) comes from :mod:`negsim.zone.openings`.
The *least concession* is the outcome breaking the fewest red lines (none when
they are compatible) that then minimises ``sum_p max(0, d_p - u_p(x))``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from negsim.model.compile import Model
from negsim.model.space import LevelValue
from negsim.zone.constraints import Constraint, constraints_of, violation_sets
from negsim.zone.hitting_sets import bits_of, minimal_hitting_sets, minimal_sets, take
from negsim.zone.openings import Opening, enumerated_openings
from negsim.zone.results import (
    DEALS_PER_CORRECTION,
    GRID,
    MAX_CONFLICTS,
    MAX_CORRECTIONS,
    NO_FEASIBLE_REASON,
    Concession,
    Conflict,
    Correction,
    Diagnosis,
    Margin,
    PairwiseZopa,
    Zopa,
    method_of,
    provenance_of,
    resolution_of,
    zone_provenance,
)

__all__ = [
    "broken_counts",
    "build_diagnosis",
    "concession_at",
    "enumerated_diagnosis",
    "enumerated_margin",
    "fewest_broken_from_arrays",
    "margin_from_arrays",
    "opened_counts",
    "pairwise",
    "zone_mask",
    "zopa",
]


def zone_mask(model: Model) -> np.ndarray:
    """Outcomes acceptable to every party, shape ``(n_outcomes,)``.

    Examples
    --------
    >>> import negsim
    >>> from negsim.zone.enumeration import zone_mask
    >>> from negsim.scenario.examples import water_talks
    >>> s = water_talks()
    >>> zone_mask(negsim.compile_scenario(s)).nonzero()[0].tolist()
    [3, 4, 5, 6]
    """
    return np.logical_and.reduce(model.acceptable_masks, axis=0)


def margin_from_arrays(
    utility: np.ndarray, no_deal: np.ndarray, feasible: np.ndarray | None = None
) -> tuple[float | None, int | None]:
    """The margin ``max_i min_p (U[i, p] - d[p])`` over feasible rows, and the row attaining it.

    Parameters
    ----------
    utility
        Utilities, shape ``(n_outcomes, n_parties)``.
    no_deal
        No-deal values, shape ``(n_parties,)``.
    feasible
        Rows that respect every red line (all rows when ``None``).

    Returns
    -------
    (value, index)
        ``(None, None)`` when no row is feasible; otherwise the margin and the
        first row attaining it. ``value >= 0`` exactly when some feasible row
        has ``U[i] >= d`` for every party.

    Examples
    --------
    The second row leaves each party 0.1 over its no-deal value; the third
    would leave 0.2 but breaks a red line:

    >>> import numpy as np
    >>> from negsim.zone.enumeration import margin_from_arrays
    >>> utility = np.array([[0.9, 0.1], [0.6, 0.6], [0.7, 0.7]])
    >>> margin, row = margin_from_arrays(utility, np.array([0.5, 0.5]), [True, True, False])
    >>> round(margin, 4), row
    (0.1, 1)
    """
    utility = np.asarray(utility, dtype=float)
    no_deal = np.asarray(no_deal, dtype=float)
    if utility.ndim != 2 or utility.shape[1] != no_deal.shape[0]:
        raise ValueError(
            f"utility has shape {utility.shape}; expected (n_outcomes, {no_deal.shape[0]})"
        )
    if utility.shape[0] == 0 or utility.shape[1] == 0:
        return None, None
    worst = utility[:, 0] - no_deal[0]
    for p in range(1, utility.shape[1]):
        np.minimum(worst, utility[:, p] - no_deal[p], out=worst)
    if feasible is not None:
        feasible = np.asarray(feasible, dtype=bool)
        if not feasible.any():
            return None, None
        worst[~feasible] = -np.inf
    index = int(np.argmax(worst))
    return float(worst[index]), index


def zopa(model: Model) -> Zopa:
    """The zone of possible agreement on the enumerated outcome space.

    Examples
    --------
    Three parties choose a host; each accepts its own site and one other, in a
    cycle, so no site suits all three:

    >>> import negsim
    >>> from negsim.zone import zopa
    >>> from negsim.scenario.examples import three_hosts
    >>> s = three_hosts()
    >>> zopa(negsim.compile_scenario(s))
    <Zopa: 0 of 3 outcomes (0.00%) acceptable to every party, by enumerating all 3 outcomes>
    >>> zopa(negsim.compile_scenario(s.with_({"parties.s.no_deal": 0}))).members()["host"].tolist()
    ['north']
    """
    mask = zone_mask(model)
    return Zopa(
        parties=model.parties,
        count=int(np.count_nonzero(mask)),
        n_outcomes=model.n_outcomes,
        provenance=provenance_of(model),
        mask=mask,
        model=model,
    )


def pairwise(model: Model) -> PairwiseZopa:
    """Pairwise zone sizes: one matrix product of the acceptable masks.

    Examples
    --------
    Three parties choose a host; each accepts its own site and one other, in a
    cycle: every pair agrees on one site, all three on none.

    >>> import negsim
    >>> from negsim.zone import pairwise
    >>> from negsim.scenario.examples import three_hosts
    >>> s = three_hosts()
    >>> zones = pairwise(negsim.compile_scenario(s))
    >>> zones
    <PairwiseZopa of 3 outcomes: n-s 1, n-e 1, s-e 1>
    >>> zones.count("n", "n")
    2
    """
    accept = model.acceptable_masks.astype(np.float64)
    counts = np.rint(accept @ accept.T).astype(np.int64)
    return PairwiseZopa(
        parties=model.parties,
        counts=counts,
        n_outcomes=model.n_outcomes,
        provenance=provenance_of(model),
    )


def enumerated_margin(model: Model) -> Margin:
    """The margin over the enumerated outcomes (exact on a discrete space).

    Examples
    --------
    >>> import negsim
    >>> from negsim.zone.enumeration import enumerated_margin
    >>> from negsim.scenario.examples import water_talks
    >>> s = water_talks()
    >>> m = enumerated_margin(negsim.compile_scenario(s))
    >>> m.method, round(m.value, 4), m.outcome
    ('grid', 0.1, {'share': 40.0})
    """
    value, index = margin_from_arrays(model.utility, model.no_deal, model.feasible_mask)
    method, resolution = method_of(model), resolution_of(model)
    if value is None or index is None:
        reason = NO_FEASIBLE_REASON + (" (on the grid)" if method == GRID else "")
        return Margin(None, None, None, None, zone_provenance(method, resolution), reason=reason)
    surplus = model.utility[index] - model.no_deal
    return Margin(
        value=value,
        outcome=model.decode(index),
        index=index,
        surplus={p: float(s) for p, s in zip(model.parties, surplus, strict=True)},
        provenance=zone_provenance(method, resolution),
    )


def _named(constraints: Sequence[Constraint], mask: int) -> tuple[str, ...]:
    return tuple(constraints[c].key for c in bits_of(mask))


def _order(sets: Sequence[int]) -> list[int]:
    return sorted(sets, key=lambda s: (s.bit_count(), bits_of(s)))


def fewest_broken_from_arrays(
    utility: np.ndarray, no_deal: np.ndarray, broken: np.ndarray
) -> tuple[int, np.ndarray]:
    """Row breaking the fewest red lines, then of least ``sum_p max(0, d_p - U[i, p])``.

    Ties go to the first row. ``broken`` counts the red lines each row breaks.
    Returns the row and its shortfall per party.

    Examples
    --------
    The first two rows break one red line, the last two; of the first two the
    second falls shorter:

    >>> import numpy as np
    >>> from negsim.zone.enumeration import fewest_broken_from_arrays
    >>> utility = np.array([[0.9, 0.1], [0.45, 0.5], [0.6, 0.6]])
    >>> row, short = fewest_broken_from_arrays(utility, np.array([0.5, 0.5]), np.array([1, 1, 2]))
    >>> row, short.round(4).tolist()
    (1, [0.05, 0.0])
    """
    total = np.maximum(no_deal - utility, 0.0).sum(axis=1)
    total[broken != broken.min()] = np.inf
    index = int(np.argmin(total))
    return index, np.maximum(no_deal - utility[index], 0.0)


def broken_counts(model: Model) -> np.ndarray:
    """How many red lines each outcome breaks, shape ``(n_outcomes,)``."""
    if not model.red_lines:
        return np.zeros(model.n_outcomes, dtype=np.int64)
    return np.count_nonzero(~model.red_line_masks, axis=0)


def concession_at(
    model: Model,
    outcome: dict[str, LevelValue],
    index: int | None,
    broken: Sequence[str] | None = None,
) -> Concession:
    """A :class:`Concession` for an outcome given by its values (and grid position if any).

    ``broken`` names the red lines the outcome breaks; by default they are read
    from the model.

    Examples
    --------
    If Beta needs 0.7, some land with a guarantee leaves it 0.22 short:

    >>> import negsim
    >>> from negsim.scenario.examples import border_talks
    >>> s = border_talks()
    >>> from negsim.zone.enumeration import concession_at
    >>> model = negsim.compile_scenario(s.with_({"parties.beta.no_deal": 0.7}))
    >>> concession_at(model, {"land": "some", "guarantee": True}, None)
    <Concession of 0.22 in all (short: beta 0.22) at {'land': 'some', 'guarantee': True}>
    """
    utility = model.utility_of([outcome])[0] if index is None else model.utility[index]
    shortfall = np.maximum(model.no_deal - utility, 0.0)
    if broken is None:
        respected = (
            model.respects([outcome])[0] if index is None else model.red_line_masks[:, index]
        )
        broken = [r.key for r, kept in zip(model.red_lines, respected, strict=True) if not kept]
    return Concession(
        outcome=outcome,
        index=index,
        total=float(shortfall.sum()),
        shortfall={p: float(s) for p, s in zip(model.parties, shortfall, strict=True)},
        utility={p: float(u) for p, u in zip(model.parties, utility, strict=True)},
        broken=tuple(broken),
    )


def opened_counts(sets: Sequence[int], counts: np.ndarray, corrections: Sequence[int]) -> list[int]:
    """Outcomes whose violation set lies within each correction (the zone it opens).

    Examples
    --------
    Outcomes break constraint sets {0} (5 of them), {0, 1} (2) and {2} (1);
    dropping constraint 0 admits the first 5, dropping 0 and 1 the first 7:

    >>> import numpy as np
    >>> from negsim.zone.enumeration import opened_counts
    >>> opened_counts([0b001, 0b011, 0b100], np.array([5, 2, 1]), [0b001, 0b011])
    [5, 7]
    """
    if not corrections:
        return []
    wide = max(max(sets, default=0), max(corrections)).bit_length() > 63
    values = np.array(sets, dtype=object if wide else np.uint64)
    out = []
    for m in corrections:
        inside = (values & m) == values
        out.append(int(counts[inside].sum()))
    return out


def build_diagnosis(
    model: Model,
    corrections_all: Sequence[int],
    counts_of: Callable[[Sequence[int]], list[int]],
    concession: Concession | None,
    *,
    method: str,
    max_conflicts: int | None,
    max_corrections: int | None,
    note: str | None = None,
    corrections_complete: bool = True,
    openings_of: Callable[[Sequence[int]], Sequence[Opening]] | None = None,
) -> Diagnosis:
    """The :class:`Diagnosis` of the minimal corrections found, listed smallest first.

    ``counts_of`` and ``openings_of`` give, for the listed corrections, the
    outcomes each opens and its deals and no-deal falls.
    """
    constraints = constraints_of(model)
    corrections = _order(corrections_all)
    listed = corrections if max_corrections is None else corrections[:max_corrections]
    opens = counts_of(listed)
    openings = list(openings_of(listed)) if openings_of is not None else [Opening()] * len(listed)
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
            Correction(_named(constraints, s), n, opening.deals, opening.falls)
            for s, n, opening in zip(listed, opens, openings, strict=True)
        ),
        corrections_truncated=len(listed) < len(corrections) or not corrections_complete,
        least_concession=concession,
        red_lines_conflict=concession is None or bool(concession.broken),
        provenance=zone_provenance(method, resolution_of(model), note),
        n_outcomes=model.n_outcomes,
    )


def enumerated_diagnosis(
    model: Model,
    *,
    max_conflicts: int | None = MAX_CONFLICTS,
    max_corrections: int | None = MAX_CORRECTIONS,
    deals: int = DEALS_PER_CORRECTION,
) -> Diagnosis | None:
    """Diagnosis over the enumerated outcomes; ``None`` when the zone is not empty there.

    Each listed correction carries its best ``deals`` deals and the no-deal
    falls it needs (:func:`negsim.zone.openings.enumerated_openings`).

    Examples
    --------
    If Beta needs 0.7, only all of the land would do, which Alpha's red line
    forbids:

    >>> import negsim
    >>> from negsim.scenario.examples import border_talks
    >>> s = border_talks()
    >>> from negsim.zone.enumeration import enumerated_diagnosis
    >>> model = negsim.compile_scenario(s.with_({"parties.beta.no_deal": 0.7}))
    >>> d = enumerated_diagnosis(model)
    >>> d.method, d.conflicts, [c.opens for c in d.corrections]
    ('enumeration', (<Conflict of 2: alpha/keep-core with beta/no-deal>,), [1, 4])
    """
    sets, counts = violation_sets(model)
    if sets and sets[0] == 0:
        return None
    corrections = minimal_sets(sets)
    concession = None
    if model.n_outcomes:
        index, _ = fewest_broken_from_arrays(model.utility, model.no_deal, broken_counts(model))
        concession = concession_at(model, model.decode(index), index)
    method = method_of(model)
    note = (
        "continuous issues were sampled on the grid; conflicts there may not be conflicts "
        "of the continuous problem"
        if method == GRID
        else None
    )
    return build_diagnosis(
        model,
        corrections,
        lambda listed: opened_counts(sets, counts, listed),
        concession,
        method=method,
        max_conflicts=max_conflicts,
        max_corrections=max_corrections,
        note=note,
        openings_of=lambda listed: enumerated_openings(model, listed, deals),
    )
