"""What each minimal correction opens: its best deals, and how far dropped no-deal values fall.

A correction ``M`` (Liffiton & Sakallah 2008) opens the outcomes whose
violation set lies within ``M``. Its deals are those outcomes ranked by the
Nash product of the surpluses ``u_p(x) - d_p`` of the parties whose no-deal
constraint ``M`` keeps (Nash 1950), ties by the sum of those surpluses, then by
lowest position. Dropping ``p/no-deal`` is read as party ``p`` accepting less
than its no-deal value: the *fall* is the least total shortfall
``min_x sum_{p in M} max(0, d_p - u_p(x))`` over the opened outcomes, split by
party at the minimiser; for a single party it is ``d_p - max_x u_p(x)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from negsim.model.compile import Model
from negsim.model.space import LevelValue
from negsim.zone.constraints import NO_DEAL, Constraint, constraints_of, violation_index
from negsim.zone.hitting_sets import bits_of
from negsim.zone.results import Deal, NoDealFall

__all__ = [
    "Opening",
    "deal_at",
    "dropped_parties",
    "enumerated_openings",
    "falls_of",
    "inside",
    "least_fall_row",
    "rank_deals",
]


@dataclass(frozen=True)
class Opening:
    """The deals a correction opens and the no-deal falls it needs."""

    deals: tuple[Deal, ...] = ()
    falls: tuple[NoDealFall, ...] = ()


def rank_deals(
    surplus: np.ndarray, rows: np.ndarray, kept: Sequence[int], limit: int
) -> np.ndarray:
    """Positions in ``rows`` of the best ``limit`` deals.

    Ranked by the total shortfall of the parties not in ``kept`` (smallest
    first, so the top deal asks no more of them than the least fall a
    correction states), then the Nash product and the sum of surpluses over
    ``kept``, then the row.

    Parameters
    ----------
    surplus
        ``u_p - d_p`` of each candidate, shape ``(k, n_parties)``.
    rows
        The candidates' outcome positions, shape ``(k,)`` (the last tie-break).
    kept
        The parties whose no-deal constraint is kept; the product and the sum
        run over them (an empty product is 1); the others' shortfall ranks first.

    Examples
    --------
    Three candidates tie on the product 0.02 (up to round-off); row 9 has the
    largest sum, and rows 7 and 3 tie on it too, so row 3 comes first. The
    third party is not kept, but it falls short only at row 7, which goes last:

    >>> import numpy as np
    >>> from negsim.zone.openings import rank_deals
    >>> surplus = np.array([[0.1, 0.2, -1], [0.2, 0.1, 5], [0.01, 2.0, 0], [0.05, 0.1, 0]])
    >>> rank_deals(surplus, np.array([7, 3, 9, 1]), [0, 1], 4).tolist()
    [2, 1, 3, 0]
    """
    chosen = surplus[:, list(kept)]
    nash = _quantised(np.prod(chosen, axis=1))
    total = _quantised(chosen.sum(axis=1))
    dropped = [p for p in range(surplus.shape[1]) if p not in set(kept)]
    # the dropped parties' total shortfall first: the top deal needs no more than the least fall
    need = _quantised(np.maximum(-surplus[:, dropped], 0.0).sum(axis=1))
    return np.lexsort((rows, -total, -nash, need))[:limit]


TIE = 1e-9
"""Products or sums within this of each other, relative to the largest, are a tie: the
order of a product's factors must not decide a ranking."""


def _quantised(values: np.ndarray) -> np.ndarray:
    scale = float(np.max(np.abs(values), initial=0.0)) or 1.0
    # a scale near the smallest float would round the step to zero
    return np.round(values / max(scale * TIE, float(np.finfo(float).tiny)))


def least_fall_row(shortfall: np.ndarray) -> int:
    """Row of least total shortfall (the first on a tie), shortfalls shape ``(k, parties)``.

    Examples
    --------
    >>> import numpy as np
    >>> from negsim.zone.openings import least_fall_row
    >>> least_fall_row(np.array([[0.3, 0.1], [0.1, 0.2], [0.2, 0.1]]))
    1
    """
    return int(np.argmin(shortfall.sum(axis=1)))


def dropped_parties(model: Model, correction: int) -> list[int]:
    """Parties whose no-deal constraint is in ``correction`` (a bit mask over ``constraints_of``).

    Examples
    --------
    Bit 2 is Beta's no-deal constraint in Border talks:

    >>> import negsim
    >>> from negsim.scenario.examples import border_talks
    >>> from negsim.zone.openings import dropped_parties
    >>> dropped_parties(negsim.compile_scenario(border_talks()), 0b101)
    [1]
    """
    n_red = len(model.red_lines)
    return [c - n_red for c in bits_of(correction) if c >= n_red]


def inside(sets: np.ndarray, correction: int) -> np.ndarray:
    """Which bit sets lie within ``correction`` (``sets`` as ``uint64`` or Python ints).

    Examples
    --------
    >>> import numpy as np
    >>> from negsim.zone.openings import inside
    >>> inside(np.array([0, 1, 3, 4], dtype=np.uint64), 0b011).tolist()
    [True, True, True, False]
    """
    mask = correction if sets.dtype == object else np.uint64(correction)
    return np.asarray((sets & mask) == sets, dtype=bool)


def deal_at(
    model: Model,
    outcome: dict[str, LevelValue],
    index: int | None,
    kept: Sequence[int],
    *,
    witness: bool = False,
) -> Deal:
    """A :class:`Deal` for an outcome given by its values (and position, if enumerated).

    Examples
    --------
    >>> import negsim
    >>> from negsim.scenario.examples import border_talks
    >>> from negsim.zone.openings import deal_at
    >>> model = negsim.compile_scenario(border_talks())
    >>> deal = deal_at(model, model.decode(3), 3, [0, 1])
    >>> deal
    <Deal {'land': 'some', 'guarantee': True} (utility: alpha 0.7, beta 0.48)>
    >>> round(deal.nash_product, 4)
    0.036
    """
    utility = model.utility_of([outcome])[0] if index is None else model.utility[index]
    surplus = utility - model.no_deal
    return Deal(
        outcome=outcome,
        index=index,
        utility={p: float(u) for p, u in zip(model.parties, utility, strict=True)},
        surplus={p: float(s) for p, s in zip(model.parties, surplus, strict=True)},
        nash_product=float(np.prod(surplus[list(kept)])),
        witness=witness,
    )


def falls_of(
    model: Model, constraints: Sequence[Constraint], parties: Sequence[int], shortfall: np.ndarray
) -> tuple[NoDealFall, ...]:
    """One :class:`NoDealFall` per party in ``parties``, shortfalls in the same order."""
    keys = {c.party: c.key for c in constraints if c.kind == NO_DEAL}
    return tuple(
        NoDealFall(
            key=keys[model.parties[p]],
            party=model.parties[p],
            no_deal=float(model.no_deal[p]),
            fall=max(float(s), 0.0),
        )
        for p, s in zip(parties, shortfall, strict=True)
    )


def enumerated_openings(model: Model, corrections: Sequence[int], deals: int) -> list[Opening]:
    """The best ``deals`` deals and the no-deal falls of each correction, from the arrays.

    Examples
    --------
    If Beta needs 0.7, dropping Alpha's red line (bit 0) opens all the land
    with a guarantee. Dropping Beta's no-deal constraint (bit 2) opens four
    outcomes; Beta's no-deal value would have to fall by 0.02, and the first
    deal (some land, no guarantee) asks no more of it:

    >>> import negsim
    >>> from negsim.scenario.examples import border_talks
    >>> from negsim.zone.openings import enumerated_openings
    >>> model = negsim.compile_scenario(border_talks().with_({"parties.beta.no_deal": 0.7}))
    >>> red_line, no_deal = enumerated_openings(model, [0b001, 0b100], 2)
    >>> [d.outcome for d in red_line.deals], red_line.falls
    ([{'land': 'all', 'guarantee': True}], ())
    >>> [d.index for d in no_deal.deals], no_deal.falls
    ([2, 3], (<NoDealFall: beta 0.7 -> 0.68>,))
    """
    if not corrections:
        return []
    constraints = constraints_of(model)
    sets, inverse = violation_index(model)
    wide = max(max(sets, default=0), max(corrections)).bit_length() > 63
    values = np.array(sets, dtype=object if wide else np.uint64)
    surplus = model.utility - model.no_deal
    everyone = range(len(model.parties))
    out = []
    for correction in corrections:
        rows = np.flatnonzero(inside(values, correction)[inverse])
        dropped = dropped_parties(model, correction)
        kept = [p for p in everyone if p not in dropped]
        best = rows[rank_deals(surplus[rows], rows, kept, deals)]
        falls: tuple[NoDealFall, ...] = ()
        if dropped and rows.size:
            short = np.maximum(-surplus[np.ix_(rows, np.array(dropped))], 0.0)
            falls = falls_of(model, constraints, dropped, short[least_fall_row(short)])
        found = tuple(deal_at(model, model.decode(int(i)), int(i), kept) for i in best)
        out.append(Opening(found, falls))
    return out
