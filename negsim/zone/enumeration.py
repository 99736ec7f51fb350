"""The zone of possible agreement (ZOPA), the pairwise zones and the margin.

Conventions (Raiffa, Richardson & Metcalfe 2002; Fearon 1995 for no-deal values
derived from a war lottery):

- outcome ``x`` is *acceptable* to party ``p`` when it respects every red line
  of ``p`` and ``u_p(x) >= d_p`` (ties count as acceptable);
- the *ZOPA* is the set of outcomes acceptable to every party;
- the *margin* is ``max_x min_p (u_p(x) - d_p)`` over the outcomes ``x`` that
  respect every red line of every party.

With these conventions ``margin >= 0`` exactly when the ZOPA is non-empty:
an outcome with ``min_p (u_p - d_p) >= 0`` meets every no-deal constraint.
The equivalence also holds in floating point, since for IEEE doubles (with
gradual underflow) ``u - d >= 0`` exactly when ``u >= d``. When no outcome
respects every red line the margin is undefined: :class:`Margin` then holds
``value=None`` and says why, never a NaN.

On a discrete space every outcome is enumerated, which is a proof. With
continuous issues the enumerated points are a grid: a grid point in the zone
proves the zone exists, but an empty grid zone proves nothing, and the grid
margin is a lower bound of the true margin. :func:`margin` then decides with a
mixed-integer program (:mod:`negsim.zone.milp`) whenever the rules allow it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from negsim.errors import AnalysisError
from negsim.model.compile import Model

MEMBERS_LIMIT = 1000
"""Default number of rows :meth:`Zopa.members` returns."""

MEMBERS_IN_DICT = 20
"""Number of members :meth:`Zopa.to_dict` lists."""

ENUMERATION, GRID, MILP = "enumeration", "grid", "milp"


def resolution_of(model: Model) -> dict[str, int] | None:
    """Grid points per continuous issue, or ``None`` when the space is discrete."""
    grid = {a.name: a.size for a in model.space.axes if a.kind == "continuous"}
    return grid or None


def method_of(model: Model) -> str:
    """``"enumeration"`` for a discrete space, ``"grid"`` when continuous issues are sampled."""
    return GRID if resolution_of(model) else ENUMERATION


def describe_method(method: str, resolution: dict[str, int] | None, n_outcomes: int) -> str:
    """How a result was reached, in words (``"enumerating all 25,920 outcomes"``)."""
    if method == ENUMERATION:
        return f"enumerating all {n_outcomes:,} outcomes"
    if method == MILP:
        return "a mixed-integer program over the continuous issues (exact)"
    grid = ", ".join(f"{name} {points} points" for name, points in (resolution or {}).items())
    return f"a grid of {n_outcomes:,} outcomes ({grid})"


# ---------------------------------------------------------------- arrays


def zone_mask(model: Model) -> np.ndarray:
    """Outcomes acceptable to every party, shape ``(n_outcomes,)``."""
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


def decode_rows(model: Model, indices: np.ndarray) -> pd.DataFrame:
    """Decoded issue values (scenario-file values) of the outcomes at ``indices``."""
    indices = np.asarray(indices, dtype=np.int64)
    levels = np.unravel_index(indices, model.space.shape) if model.space.axes else ()
    data: dict[str, Any] = {}
    for axis, codes in zip(model.space.axes, levels, strict=True):
        if axis.kind == "boolean":
            data[axis.name] = codes.astype(bool)
        elif axis.kind in ("categorical", "ordinal"):
            data[axis.name] = np.asarray(axis.levels, dtype=object)[codes]
        elif axis.kind == "subset":
            data[axis.name] = [axis.decode(int(c)) for c in codes]
        else:
            data[axis.name] = axis.grid[codes]
    return pd.DataFrame(data, index=pd.Index(indices, name="outcome"))


def _utility_columns(model: Model, indices: np.ndarray) -> dict[str, np.ndarray]:
    utility = model.utility[indices]
    surplus = utility - model.no_deal
    columns: dict[str, np.ndarray] = {}
    for p, party in enumerate(model.parties):
        columns[f"{party} utility"] = utility[:, p]
    for p, party in enumerate(model.parties):
        columns[f"{party} surplus"] = surplus[:, p]
    return columns


def _jsonable(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


# ---------------------------------------------------------------- zone


@dataclass(frozen=True, eq=False)
class Zopa:
    """The outcomes acceptable to every party.

    Attributes
    ----------
    count, n_outcomes, share
        Outcomes in the zone, outcomes enumerated, and their ratio.
    method
        ``"enumeration"`` (every outcome of a discrete space: a proof) or
        ``"grid"`` (continuous issues sampled at ``resolution`` points each:
        a non-empty zone is proved by its members, an empty one is not).
    """

    parties: tuple[str, ...]
    count: int
    n_outcomes: int
    method: str
    resolution: dict[str, int] | None
    mask: np.ndarray = field(repr=False)
    model: Model = field(repr=False)

    @property
    def share(self) -> float:
        return self.count / self.n_outcomes if self.n_outcomes else 0.0

    @property
    def exists(self) -> bool:
        """Whether an enumerated outcome lies in the zone (see :attr:`method`)."""
        return self.count > 0

    @property
    def indices(self) -> np.ndarray:
        """Positions of the zone's outcomes in the enumerated space."""
        return np.flatnonzero(self.mask)

    def members(self, limit: int | None = MEMBERS_LIMIT) -> pd.DataFrame:
        """The zone's outcomes with each party's utility and surplus ``u_p - d_p``.

        Rows are ordered by the smallest surplus across parties, largest first
        (the best-cushioned deals first), ties by position. At most ``limit``
        rows are returned (all when ``None``); ``frame.attrs`` holds ``total``,
        ``limit`` and ``truncated``.
        """
        indices = self.indices
        if indices.size:
            surplus = self.model.utility[indices] - self.model.no_deal
            order = np.lexsort((indices, -surplus.min(axis=1)))
            indices = indices[order]
        truncated = limit is not None and indices.size > limit
        if truncated:
            indices = indices[:limit]
        frame = decode_rows(self.model, indices)
        for name, column in _utility_columns(self.model, indices).items():
            frame[name] = column
        frame.attrs.update(total=self.count, limit=limit, truncated=bool(truncated))
        return frame

    def to_frame(self, limit: int | None = MEMBERS_LIMIT) -> pd.DataFrame:
        """Same as :meth:`members`."""
        return self.members(limit)

    def to_dict(self) -> dict[str, Any]:
        members = self.members(MEMBERS_IN_DICT)
        records = [
            {"outcome": int(index), **{k: _jsonable(v) for k, v in row.items()}}
            for index, row in zip(members.index, members.to_dict("records"), strict=True)
        ]
        return {
            "exists": self.exists,
            "count": self.count,
            "n_outcomes": self.n_outcomes,
            "share": self.share,
            "method": self.method,
            "resolution": self.resolution,
            "parties": list(self.parties),
            "members": records,
            "members_truncated": bool(members.attrs["truncated"]),
        }

    def describe(self) -> str:
        text = (
            f"{self.count:,} of {self.n_outcomes:,} outcomes ({self.share:.2%}) acceptable to "
            f"every party, by {describe_method(self.method, self.resolution, self.n_outcomes)}"
        )
        if self.method == GRID and not self.count:
            text += "; an empty grid zone is not a proof that no zone exists"
        return text

    def __repr__(self) -> str:
        return f"<Zopa: {self.describe()}>"

    def _repr_html_(self) -> str:
        table = self.members(20).to_html()
        return f"<p>ZOPA: {html.escape(self.describe())}</p>{table}"


def zopa(model: Model) -> Zopa:
    """The zone of possible agreement on the enumerated outcome space."""
    mask = zone_mask(model)
    return Zopa(
        parties=model.parties,
        count=int(np.count_nonzero(mask)),
        n_outcomes=model.n_outcomes,
        method=method_of(model),
        resolution=resolution_of(model),
        mask=mask,
        model=model,
    )


# ---------------------------------------------------------------- pairs


@dataclass(frozen=True, eq=False)
class PairwiseZopa:
    """For each pair of parties, the number of outcomes acceptable to both.

    ``counts[p, q]`` counts outcomes respecting the red lines of ``p`` and
    ``q`` and giving each at least its no-deal value (other parties ignored);
    the diagonal is each party's own acceptable set.
    """

    parties: tuple[str, ...]
    counts: np.ndarray
    n_outcomes: int
    method: str
    resolution: dict[str, int] | None

    def count(self, a: str, b: str) -> int:
        """Outcomes acceptable to both ``a`` and ``b``."""
        for party in (a, b):
            if party not in self.parties:
                raise AnalysisError(
                    f"unknown party {party!r}; the parties are {', '.join(self.parties)}"
                )
        return int(self.counts[self.parties.index(a), self.parties.index(b)])

    def pairs(self) -> list[tuple[str, str, int]]:
        """``(a, b, count)`` for every unordered pair of distinct parties."""
        n = len(self.parties)
        return [
            (self.parties[i], self.parties[j], int(self.counts[i, j]))
            for i in range(n)
            for j in range(i + 1, n)
        ]

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            self.counts, index=pd.Index(self.parties, name="party"), columns=list(self.parties)
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "parties": list(self.parties),
            "counts": {
                a: {b: int(self.counts[i, j]) for j, b in enumerate(self.parties)}
                for i, a in enumerate(self.parties)
            },
            "n_outcomes": self.n_outcomes,
            "method": self.method,
            "resolution": self.resolution,
        }

    def __repr__(self) -> str:
        pairs = ", ".join(f"{a}-{b} {n:,}" for a, b, n in self.pairs()) or "one party"
        return f"<PairwiseZopa of {self.n_outcomes:,} outcomes: {pairs}>"

    def _repr_html_(self) -> str:
        return f"<p>Pairwise ZOPA sizes ({self.method})</p>{self.to_frame().to_html()}"


def pairwise(model: Model) -> PairwiseZopa:
    """Pairwise zone sizes: one matrix product of the acceptable masks."""
    accept = model.acceptable_masks.astype(np.float64)
    counts = np.rint(accept @ accept.T).astype(np.int64)
    return PairwiseZopa(
        parties=model.parties,
        counts=counts,
        n_outcomes=model.n_outcomes,
        method=method_of(model),
        resolution=resolution_of(model),
    )


# ---------------------------------------------------------------- margin


@dataclass(frozen=True)
class Margin:
    """``max_x min_p (u_p(x) - d_p)`` over the outcomes that respect every red line.

    Attributes
    ----------
    value
        The margin, or ``None`` when no outcome respects every red line
        (``reason`` then says so). ``value >= 0`` exactly when the ZOPA is
        non-empty; a negative value is the distance to agreement.
    outcome, index
        The outcome attaining it (scenario-file values) and its position in the
        enumerated space (``None`` for a mixed-integer witness off the grid).
    surplus
        Each party's ``u_p - d_p`` at that outcome.
    method
        ``"enumeration"`` or ``"milp"`` (exact) or ``"grid"`` (a lower bound
        of the true margin, at ``resolution`` points per continuous issue).
    note
        Why a grid was used instead of a mixed-integer program, if it was.
    """

    value: float | None
    outcome: dict[str, Any] | None
    index: int | None
    surplus: dict[str, float] | None
    method: str
    resolution: dict[str, int] | None = None
    reason: str | None = None
    note: str | None = None

    @property
    def defined(self) -> bool:
        return self.value is not None

    @property
    def zone_exists(self) -> bool:
        """``margin >= 0``; False when no outcome respects every red line."""
        return self.value is not None and self.value >= 0

    @property
    def exact(self) -> bool:
        return self.method in (ENUMERATION, MILP)

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "defined": self.defined,
            "zone_exists": self.zone_exists,
            "outcome": self.outcome,
            "index": self.index,
            "surplus": self.surplus,
            "method": self.method,
            "exact": self.exact,
            "resolution": self.resolution,
            "reason": self.reason,
            "note": self.note,
        }

    def __repr__(self) -> str:
        if self.value is None:
            return f"<Margin undefined ({self.method}): {self.reason}>"
        return f"<Margin {self.value:+.4g} ({self.method}) at {self.outcome}>"

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(repr(self))}</p>"


NO_FEASIBLE_REASON = "no outcome respects every red line, so no deal can be compared with no deal"


def enumerated_margin(model: Model) -> Margin:
    """The margin over the enumerated outcomes (exact on a discrete space)."""
    value, index = margin_from_arrays(model.utility, model.no_deal, model.feasible_mask)
    method, resolution = method_of(model), resolution_of(model)
    if value is None or index is None:
        reason = NO_FEASIBLE_REASON + (" (on the grid)" if method == GRID else "")
        return Margin(None, None, None, None, method, resolution, reason=reason)
    surplus = model.utility[index] - model.no_deal
    return Margin(
        value=value,
        outcome=model.decode(index),
        index=index,
        surplus={p: float(s) for p, s in zip(model.parties, surplus, strict=True)},
        method=method,
        resolution=resolution,
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
