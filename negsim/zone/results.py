"""What the zone analyses return: the zone, the pairwise zones, the margin, the diagnosis.

Conventions (Raiffa, Richardson & Metcalfe 2002): outcome ``x`` is *acceptable*
to party ``p`` when it respects every red line of ``p`` and ``u_p(x) >= d_p``
(ties count as acceptable); the *ZOPA* is the set of outcomes acceptable to
every party; the *margin* is ``max_x min_p (u_p(x) - d_p)`` over the outcomes
that respect every red line. A *minimal conflict* is an infeasible set of
constraints whose every proper subset is feasible; a *minimal correction* is a
set whose removal leaves the rest feasible, and no proper subset does
(Liffiton & Sakallah 2008). Every result states how it was decided in its
:class:`~negsim.common.provenance.Provenance` (``method``: enumeration, grid
or milp; exact for enumeration and milp).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from negsim.common.provenance import Provenance
from negsim.common.serialize import to_jsonable
from negsim.errors import AnalysisError
from negsim.model.compile import Model
from negsim.zone.constraints import Constraint

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


def zone_provenance(
    method: str, resolution: dict[str, int] | None, note: str | None = None
) -> Provenance:
    """How a zone result was decided; exact by enumeration or a mixed-integer program."""
    return Provenance(method, exact=method in (ENUMERATION, MILP), resolution=resolution, note=note)


def provenance_of(model: Model) -> Provenance:
    """Enumeration of a discrete space (exact) or the grid of its continuous issues."""
    return zone_provenance(method_of(model), resolution_of(model))


def describe_method(method: str, resolution: dict[str, int] | None, n_outcomes: int) -> str:
    """How a result was reached, in words (``"enumerating all 25,920 outcomes"``)."""
    if method == ENUMERATION:
        return f"enumerating all {n_outcomes:,} outcomes"
    if method == MILP:
        return "a mixed-integer program over the continuous issues (exact)"
    grid = ", ".join(f"{name} {points} points" for name, points in (resolution or {}).items())
    return f"a grid of {n_outcomes:,} outcomes ({grid})"


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
            assert axis.grid is not None
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


@dataclass(frozen=True, eq=False)
class Zopa:
    """The outcomes acceptable to every party.

    Attributes
    ----------
    count, n_outcomes, share
        Outcomes in the zone, outcomes enumerated, and their ratio.
    provenance
        ``method`` ``"enumeration"`` (every outcome of a discrete space: a
        proof) or ``"grid"`` (continuous issues sampled at ``resolution``
        points each: a non-empty zone is proved by its members, an empty one
        is not); ``method`` and ``resolution`` read it.
    """

    parties: tuple[str, ...]
    count: int
    n_outcomes: int
    provenance: Provenance
    mask: np.ndarray = field(repr=False)
    model: Model = field(repr=False)

    @property
    def method(self) -> str:
        return self.provenance.method

    @property
    def resolution(self) -> dict[str, int] | None:
        return self.provenance.resolution

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
            {"outcome": int(index), **to_jsonable(row)}
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


@dataclass(frozen=True, eq=False)
class PairwiseZopa:
    """For each pair of parties, the number of outcomes acceptable to both.

    ``counts[p, q]`` counts outcomes respecting the red lines of ``p`` and
    ``q`` and giving each at least its no-deal value (other parties ignored);
    the diagonal is each party's own acceptable set. ``provenance`` says how
    they were counted, as for :class:`Zopa`.
    """

    parties: tuple[str, ...]
    counts: np.ndarray
    n_outcomes: int
    provenance: Provenance

    @property
    def method(self) -> str:
        return self.provenance.method

    @property
    def resolution(self) -> dict[str, int] | None:
        return self.provenance.resolution

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
    provenance
        ``method`` ``"enumeration"`` or ``"milp"`` (exact) or ``"grid"`` (a
        lower bound of the true margin, at ``resolution`` points per
        continuous issue); its ``note`` says why a grid was used instead of a
        mixed-integer program, if it was. ``method``, ``exact``,
        ``resolution`` and ``note`` read it.
    """

    value: float | None
    outcome: dict[str, Any] | None
    index: int | None
    surplus: dict[str, float] | None
    provenance: Provenance
    reason: str | None = None

    @property
    def method(self) -> str:
        return self.provenance.method

    @property
    def resolution(self) -> dict[str, int] | None:
        return self.provenance.resolution

    @property
    def note(self) -> str | None:
        return self.provenance.note

    @property
    def defined(self) -> bool:
        return self.value is not None

    @property
    def zone_exists(self) -> bool:
        """``margin >= 0``; False when no outcome respects every red line."""
        return self.value is not None and self.value >= 0

    @property
    def exact(self) -> bool:
        return self.provenance.exact

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


MAX_CONFLICTS = 100
"""Default cap on the minimal conflicts listed."""


MAX_CORRECTIONS = 1000
"""Default cap on the minimal corrections listed (all are used to derive the conflicts)."""


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
    provenance
        ``method`` ``"enumeration"`` (a proof on a discrete space), ``"milp"``
        (conflicts and corrections decided exactly by mixed-integer programs;
        zone sizes counted on the grid) or ``"grid"`` (continuous issues
        sampled at ``resolution`` points: not a proof), and a ``note`` when
        the grid stood in for a program; ``method``, ``resolution`` and
        ``note`` read it.
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
    provenance: Provenance
    n_outcomes: int

    @property
    def method(self) -> str:
        return self.provenance.method

    @property
    def resolution(self) -> dict[str, int] | None:
        return self.provenance.resolution

    @property
    def note(self) -> str | None:
        return self.provenance.note

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
