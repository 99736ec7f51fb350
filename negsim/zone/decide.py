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
    ENUMERATION,
    MAX_CONFLICTS,
    MAX_CORRECTIONS,
    Diagnosis,
    Margin,
    method_of,
)


def margin(model: Model, *, exact: bool = True) -> Margin:
    """The margin of agreement, decided as exactly as the scenario allows.

    A discrete space is enumerated. With continuous issues, ``exact=True``
    solves a mixed-integer program (:func:`negsim.zone.milp.solve_margin`) when
    every rule is linear; otherwise (or with ``exact=False``) the grid is used
    and the result says so.
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
