"""What a run measures on each variant, computed from whole arrays.

:func:`measure_arrays` is the reference every batch must equal: zone
existence and margin (``max over outcomes respecting every red line of
min_p u_p - d_p``), zone size, least total shortfall and its split, and the
Nash bargaining solution on the enumerated outcomes, as
``bargain(model, exact=False)`` chooses it. The helpers that combine
utilities and no-deal values are shared with the batched engine so both do
the same floating-point operations.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from negsim.errors import NegsimError
from negsim.model.compile import TIE_TOLERANCE, Model, snap_ties
from negsim.scenario.format import Scenario

__all__ = [
    "CELLS",
    "DEFAULT_OUTPUTS",
    "OUTPUTS",
    "check_outputs",
    "equilibrium_count",
    "first_game",
    "first_undominated",
    "measure_arrays",
    "measure_batch",
    "measure_model",
    "nash_row",
    "total_shortfall",
    "worst_surplus",
]

OUTPUTS = ("zone", "size", "shortfall", "nash", "equilibria")
"""Groups of measures: ``zone`` (zone exists, margin), ``size`` (number of outcomes in
the zone), ``shortfall`` (least-concession total and per-party shortfall), ``nash``
(the outcome of the Nash bargaining solution on the zone, -1 without a zone),
``equilibria`` (the number of equilibria of the scenario's first game, solved per
variant)."""

DEFAULT_OUTPUTS = ("zone", "size", "shortfall", "nash")
"""What a run computes unless told otherwise (solving games per variant is opt-in)."""

CELLS = 1 << 20
"""Work arrays hold about this many numbers (variants x outcomes x parties)."""


def check_outputs(outputs: Sequence[str] | None) -> tuple[str, ...]:
    """The output groups asked for, in canonical order.

    Examples
    --------
    >>> from negsim.explore.measures import check_outputs
    >>> check_outputs(None)
    ('zone', 'size', 'shortfall', 'nash')
    >>> check_outputs(["nash", "zone"])
    ('zone', 'nash')
    """
    if outputs is None:
        return DEFAULT_OUTPUTS
    unknown = [o for o in outputs if o not in OUTPUTS]
    if unknown:
        raise NegsimError(f"unknown output {unknown[0]!r}; choose from {', '.join(OUTPUTS)}")
    return tuple(o for o in OUTPUTS if o in outputs)


# ---------------------------------------------------------------- measures


def worst_surplus(utility: np.ndarray, no_deal: np.ndarray) -> np.ndarray:
    """``min_p (U - d)``, as :func:`negsim.zone.enumeration.margin_from_arrays`; shape (B, R).

    Examples
    --------
    Three outcomes under two variants of the no-deal values (0.5 each, then
    0.3 each):

    >>> import numpy as np
    >>> from negsim.explore.measures import worst_surplus
    >>> utility = np.array([[0.9, 0.1], [0.6, 0.6], [0.45, 0.7]])
    >>> worst_surplus(utility, np.array([[0.5, 0.5], [0.3, 0.3]])).round(4).tolist()
    [[-0.4, 0.1, -0.05], [-0.2, 0.3, 0.15]]
    """
    worst = utility[..., 0] - no_deal[:, 0, None]
    for p in range(1, utility.shape[-1]):
        np.minimum(worst, utility[..., p] - no_deal[:, p, None], out=worst)
    worst = np.broadcast_to(worst, (len(no_deal), utility.shape[-2])).copy()
    _snap_worst_ties(worst, utility, no_deal)
    return worst


def _snap_worst_ties(worst: np.ndarray, utility: np.ndarray, no_deal: np.ndarray) -> None:
    """Recompute, with ties snapped as the compiled model does (``snap_ties``), the few
    entries of ``worst`` small enough for a tie to matter.

    A tie changes a surplus by at most its width, ``TIE_TOLERANCE`` times the
    largest magnitude involved, so only entries within that bound can change.
    """
    bound = TIE_TOLERANCE * max(
        float(np.max(np.abs(utility), initial=0.0)), float(np.max(np.abs(no_deal), initial=0.0))
    )
    b, r = np.nonzero(np.abs(worst) <= bound)
    if not len(b):
        return
    u = np.broadcast_to(utility, (len(no_deal), *utility.shape[-2:]))[b, r]
    d = no_deal[b]
    worst[b, r] = (snap_ties(u, d) - d).min(axis=-1)


def shortfall_part(utility: np.ndarray, no_deal: np.ndarray, p: int) -> np.ndarray:
    return np.maximum(no_deal[:, p, None] - utility[..., p], 0.0)


def total_shortfall(utility: np.ndarray, no_deal: np.ndarray) -> np.ndarray:
    """``sum_p max(0, d_p - u_p)``, summed party by party; shape ``(B, R)``.

    Examples
    --------
    >>> import numpy as np
    >>> from negsim.explore.measures import total_shortfall
    >>> utility = np.array([[0.9, 0.1], [0.6, 0.6], [0.45, 0.7]])
    >>> total_shortfall(utility, np.array([[0.5, 0.5], [0.3, 0.3]])).round(4).tolist()
    [[0.4, 0.0, 0.05], [0.2, 0.0, 0.0]]
    """
    total = shortfall_part(utility, no_deal, 0)
    for p in range(1, utility.shape[-1]):
        total = total + shortfall_part(utility, no_deal, p)
    return np.broadcast_to(total, (len(no_deal), utility.shape[-2]))


def first_undominated(points: np.ndarray) -> int:
    """Position of the first row no other row dominates (maximisation).

    Examples
    --------
    >>> import numpy as np
    >>> from negsim.explore.measures import first_undominated
    >>> first_undominated(np.array([[0.4, 0.4], [0.6, 0.6], [1.0, 0.0]]))
    1
    """
    from negsim.bargaining.pareto import pareto_mask

    return int(np.argmax(pareto_mask(points)))


def measure_batch(
    candidates: np.ndarray,
    no_deal: np.ndarray,
    full: Callable[[np.ndarray], np.ndarray] | None,
    outputs: tuple[str, ...],
    full_rows: int = 0,
) -> dict[str, np.ndarray]:
    """Measures of a batch of variants.

    Parameters
    ----------
    candidates
        Utilities of the searched rows, ``(R, P)`` shared by every variant or
        ``(B, R, P)``; rows in increasing outcome order.
    no_deal
        ``(B, P)``.
    full
        Utilities of every feasible outcome for the variants selected by an
        index array, or ``None`` when the candidates are every feasible outcome.
    full_rows
        The number of feasible outcomes ``full`` returns.
    """
    n, parties = no_deal.shape
    out: dict[str, np.ndarray] = {}
    rows = candidates.shape[-2]
    if rows == 0:
        out["zone"] = np.zeros(n, dtype=bool)
        out["margin"] = np.full(n, np.nan)
        if "size" in outputs:
            out["zone_size"] = np.zeros(n, dtype=np.int64)
        if "shortfall" in outputs:
            out["shortfall"] = np.full(n, np.nan)
            out["shortfall_by_party"] = np.full((n, parties), np.nan)
        if "nash" in outputs:
            out["nash"] = np.full(n, -1, dtype=np.int64)
        return out
    worst = worst_surplus(candidates, no_deal)
    margin = worst.max(axis=1)
    zone = margin >= 0
    out["zone"] = zone
    out["margin"] = margin
    if "size" in outputs:
        size = np.zeros(n, dtype=np.int64)
        if full is None:
            size = np.count_nonzero(worst >= 0, axis=1).astype(np.int64)
        else:
            zoned = np.flatnonzero(zone)
            step = max(1, CELLS // max(1, full_rows * parties))
            for start in range(0, len(zoned), step):
                chosen = zoned[start : start + step]
                worst_all = worst_surplus(full(chosen), no_deal[chosen])
                size[chosen] = np.count_nonzero(worst_all >= 0, axis=1)
        out["zone_size"] = size
    if "shortfall" in outputs:
        total = total_shortfall(candidates, no_deal)
        least = total.min(axis=1)
        by_party = np.zeros((n, parties))
        for b in np.flatnonzero(least > 0):
            ties = np.flatnonzero(total[b] == least[b])
            utility = candidates if candidates.ndim == 2 else candidates[b]
            pick = ties[0] if len(ties) == 1 else ties[first_undominated(utility[ties])]
            by_party[b] = np.maximum(no_deal[b] - utility[pick], 0.0)
        out["shortfall"] = least
        out["shortfall_by_party"] = by_party
    if "nash" in outputs:
        # the reference path: candidates are every feasible outcome
        nash = np.full(n, -1, dtype=np.int64)
        for b in np.flatnonzero(zone):
            utility = candidates if candidates.ndim == 2 else candidates[b]
            nash[b] = nash_row(utility, worst[b], no_deal[b])
        out["nash"] = nash
    return out


def nash_row(utility: np.ndarray, worst: np.ndarray, no_deal: np.ndarray) -> int:
    """Row (of ``utility``) of the Nash bargaining solution on the rows with ``worst >= 0``.

    As ``negsim.bargain(model, exact=False)`` chooses it: the zone's Pareto frontier,
    its ties broken the same way.
    """
    from negsim.bargaining.solutions import solutions_from_points

    zone = np.flatnonzero(worst >= 0)
    index = solutions_from_points(utility[zone], no_deal)["nash"].index
    return int(zone[index])


def measure_arrays(
    utility: np.ndarray,
    no_deal: np.ndarray,
    feasible: np.ndarray,
    outputs: Sequence[str] | None = None,
) -> dict[str, np.ndarray]:
    """Measures of one variant from whole arrays: the reference the batches must equal.

    Parameters
    ----------
    utility
        ``(n_outcomes, n_parties)``.
    no_deal
        ``(n_parties,)``.
    feasible
        ``(n_outcomes,)``: outcomes that respect every red line.

    Returns
    -------
    dict
        ``zone`` (bool), ``margin`` (``max over feasible x of min_p u_p(x) - d_p``;
        NaN when no outcome respects every red line), ``zone_size``,
        ``shortfall`` (least total shortfall ``min_x sum_p max(0, d_p - u_p(x))``),
        ``shortfall_by_party`` (each party's shortfall at the undominated
        outcome of least total shortfall, the first one in outcome order at
        ties) and ``nash`` (the outcome index of the Nash bargaining solution,
        as ``negsim.bargain(model, exact=False)`` finds it; -1 without a zone), each
        as an array over one variant.

    Examples
    --------
    Three outcomes, no-deal values 0.5 each: only the second is in the zone,
    0.1 above both:

    >>> import numpy as np
    >>> from negsim.explore import measure_arrays
    >>> utility = np.array([[0.9, 0.1], [0.6, 0.6], [0.45, 0.7]])
    >>> out = measure_arrays(utility, np.array([0.5, 0.5]), np.array([True, True, True]))
    >>> out["zone"].tolist(), out["margin"].round(4).tolist(), out["zone_size"].tolist()
    ([True], [0.1], [1])
    >>> out["nash"].tolist()
    [1]
    """
    outputs = check_outputs(outputs)
    feasible = np.flatnonzero(np.asarray(feasible, dtype=bool))
    rows = np.asarray(utility)[feasible]
    out = measure_batch(rows, np.asarray(no_deal, dtype=float)[None, :], None, outputs)
    if "nash" in out and len(feasible):
        out["nash"] = np.where(out["nash"] >= 0, feasible[np.maximum(out["nash"], 0)], -1)
    return out


def measure_model(model: Model, outputs: Sequence[str] | None = None) -> dict[str, np.ndarray]:
    """:func:`measure_arrays` of a compiled model, and its first game's equilibria if asked.

    Examples
    --------
    >>> import negsim
    >>> from negsim.scenario.examples import water_talks
    >>> s = water_talks()
    >>> from negsim.explore import measure_model
    >>> out = measure_model(negsim.compile_scenario(s))
    >>> out["zone_size"].tolist(), out["margin"].round(4).tolist(), out["nash"].tolist()
    ([4], [0.1], [4])
    """
    outputs = check_outputs(outputs)
    out = measure_arrays(model.utility, model.no_deal, model.feasible_mask, outputs)
    if "equilibria" in outputs:
        out["equilibria"] = np.array([equilibrium_count(model)], dtype=np.int64)
    return out


def first_game(scenario: Scenario) -> str | None:
    """The scenario's first game, or ``None`` for the proposal game when it declares none."""
    return next(iter(scenario.games), None)


def equilibrium_count(model: Model) -> int:
    """How many equilibria :func:`negsim.games.equilibria` finds in the first game.

    Examples
    --------
    >>> import negsim
    >>> s = negsim.load('''
    ... negsim: 1
    ... name: Water talks
    ... issues:
    ...   share: {kind: continuous, range: [0, 100], unit: "% to Alpha", grid: 11}
    ... parties:
    ...   alpha: {no_deal: 0.3, utility: {share: {weight: 1, points: [[0, 0], [100, 1]]}}}
    ...   beta: {no_deal: 0.4, utility: {share: {weight: 1, points: [[0, 1], [100, 0]]}}}
    ... games:
    ...   offer:
    ...     kind: sequential
    ...     root:
    ...       player: alpha
    ...       moves: {even: {outcome: {share: 50}}, none: {outcome: no_deal}}
    ... ''')
    >>> from negsim.explore.measures import equilibrium_count, first_game
    >>> first_game(s), first_game(s.with_({"games": {}}))
    ('offer', None)
    >>> equilibrium_count(negsim.compile_scenario(s))
    1
    """
    from negsim.games import equilibria

    return len(equilibria(model, first_game(model.scenario)).equilibria)
