"""Decide the margin and the diagnosis as exactly as the scenario allows.

A discrete space is enumerated (:mod:`negsim.zone.enumeration`), a proof.
With continuous issues and ``exact=True``, a mixed-integer program
(:mod:`negsim.zone.milp`) decides whenever every rule is linear; otherwise the
grid is used and the result says so.
"""

from __future__ import annotations

from negsim.model.compile import Model
from negsim.zone.enumeration import enumerated_diagnosis, enumerated_margin
from negsim.zone.results import (
    DEALS_PER_CORRECTION,
    ENUMERATION,
    MAX_CONFLICTS,
    MAX_CORRECTIONS,
    Diagnosis,
    Margin,
    method_of,
)

__all__ = [
    "diagnose",
    "margin",
]


def margin(model: Model, *, exact: bool = True) -> Margin:
    """The margin of agreement, decided as exactly as the scenario allows.

    A discrete space is enumerated. With continuous issues, ``exact=True``
    solves a mixed-integer program (:func:`negsim.zone.milp.solve_margin`) when
    every rule is linear; otherwise (or with ``exact=False``) the grid is used
    and the result says so.

    Examples
    --------
    Exactly, the best deal gives Alpha 45% of the water and each party 0.15
    over no deal; the grid of 11 points only finds 0.1:

    >>> import negsim
    >>> from negsim.zone import margin
    >>> from negsim.scenario.examples import water_talks
    >>> s = water_talks()
    >>> model = negsim.compile_scenario(s)
    >>> m = margin(model)
    >>> m.method, round(m.value, 4), round(m.outcome["share"], 4)
    ('milp', 0.15, 45.0)
    >>> g = margin(model, exact=False)
    >>> g.method, round(g.value, 4)
    ('grid', 0.1)
    """
    if method_of(model) == ENUMERATION or not exact:
        return enumerated_margin(model)
    from negsim.zone import milp

    return milp.margin(model)


def diagnose(
    model: Model,
    *,
    max_conflicts: int | None = MAX_CONFLICTS,
    max_corrections: int | None = MAX_CORRECTIONS,
    exact: bool = True,
    deals: int = DEALS_PER_CORRECTION,
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
    deals
        The best deals listed for each correction (ranked by the Nash product
        of the kept parties' surpluses); with a mixed-integer program the
        first is the program's witness.

    Examples
    --------
    Three parties choose a host; each accepts its own site and one other, in a
    cycle. No site suits all three; the conflict needs all three no-deal
    values, and dropping any one opens a zone:

    >>> import negsim
    >>> from negsim.zone import diagnose
    >>> from negsim.scenario.examples import three_hosts
    >>> s = three_hosts()
    >>> d = diagnose(negsim.compile_scenario(s))
    >>> d.conflicts
    (<Conflict of 3: n/no-deal with s/no-deal with e/no-deal>,)
    >>> [c.keys for c in d.corrections]
    [('n/no-deal',), ('s/no-deal',), ('e/no-deal',)]
    >>> d.least_concession
    <Concession of 0.4 in all (short: s 0.4) at {'host': 'north'}>
    """
    if method_of(model) == ENUMERATION or not exact:
        return enumerated_diagnosis(
            model, max_conflicts=max_conflicts, max_corrections=max_corrections, deals=deals
        )
    from negsim.zone import milp

    return milp.diagnose(
        model, max_conflicts=max_conflicts, max_corrections=max_corrections, deals=deals
    )
