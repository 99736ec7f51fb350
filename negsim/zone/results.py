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

from negsim.common.provenance import Provenance, ReadsProvenance
from negsim.common.serialize import to_jsonable
from negsim.errors import AnalysisError
from negsim.model.compile import Model
from negsim.model.space import LevelValue
from negsim.zone.constraints import Constraint

__all__ = [
    "Concession",
    "Conflict",
    "Correction",
    "DEALS_PER_CORRECTION",
    "Deal",
    "Diagnosis",
    "ENUMERATION",
    "GRID",
    "MAX_CONFLICTS",
    "MAX_CORRECTIONS",
    "MILP",
    "Margin",
    "NO_FEASIBLE_REASON",
    "NoDealFall",
    "PairwiseZopa",
    "Zopa",
    "decode_rows",
    "describe_method",
    "method_of",
    "provenance_of",
    "resolution_of",
    "zone_provenance",
]

MEMBERS_LIMIT = 1000
"""Default number of rows :meth:`Zopa.members` returns."""


MEMBERS_IN_DICT = 20
"""Number of members :meth:`Zopa.to_dict` lists."""


ENUMERATION, GRID, MILP = "enumeration", "grid", "milp"


def resolution_of(model: Model) -> dict[str, int] | None:
    """Grid points per continuous issue, or ``None`` when the space is discrete.

    Examples
    --------
    >>> import negsim
    >>> from negsim.scenario.examples import water_talks
    >>> s = water_talks()
    >>> from negsim.zone.results import resolution_of
    >>> resolution_of(negsim.compile_scenario(s))
    {'share': 11}
    """
    grid = {a.name: a.size for a in model.space.axes if a.kind == "continuous"}
    return grid or None


def method_of(model: Model) -> str:
    """``"enumeration"`` for a discrete space, ``"grid"`` when continuous issues are sampled.

    Examples
    --------
    A discrete space is enumerated; a continuous issue puts the model on a grid:

    >>> import negsim
    >>> from negsim.scenario.examples import water_talks
    >>> s = water_talks()
    >>> from negsim.zone.results import method_of, resolution_of
    >>> model = negsim.compile_scenario(s)
    >>> method_of(model), resolution_of(model)
    ('grid', {'share': 11})
    """
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
    """How a result was reached, in words (``"enumerating all 25,920 outcomes"``).

    Examples
    --------
    >>> from negsim.zone.results import describe_method
    >>> describe_method("enumeration", None, 25920)
    'enumerating all 25,920 outcomes'
    >>> describe_method("grid", {"share": 11}, 44)
    'a grid of 44 outcomes (share 11 points)'
    """
    if method == ENUMERATION:
        return f"enumerating all {n_outcomes:,} outcomes"
    if method == MILP:
        return "a mixed-integer program over the continuous issues (exact)"
    grid = ", ".join(f"{name} {points} points" for name, points in (resolution or {}).items())
    return f"a grid of {n_outcomes:,} outcomes ({grid})"


def decode_rows(model: Model, indices: np.ndarray) -> pd.DataFrame:
    """Decoded issue values (scenario-file values) of the outcomes at ``indices``.

    Examples
    --------
    >>> import negsim
    >>> from negsim.scenario.examples import border_talks
    >>> s = border_talks()
    >>> from negsim.zone.results import decode_rows
    >>> decode_rows(negsim.compile_scenario(s), [0, 5]).reset_index()
       outcome  land  guarantee
    0        0  none      False
    1        5   all       True
    """
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
class Zopa(ReadsProvenance):
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

    Examples
    --------
    Alpha never gives all the land; the two outcomes with some land beat no
    deal for both, the best-cushioned first:

    >>> import negsim
    >>> from negsim.scenario.examples import border_talks
    >>> s = border_talks()
    >>> from negsim.zone import zopa
    >>> zone = zopa(negsim.compile_scenario(s))
    >>> zone.count, zone.indices.tolist(), round(zone.share, 4)
    (2, [2, 3], 0.3333)
    >>> zone.members()[["land", "guarantee", "alpha surplus", "beta surplus"]].reset_index()
       outcome  land  guarantee  alpha surplus  beta surplus
    0        3  some       True           0.45          0.08
    1        2  some      False           0.05          0.28
    """

    parties: tuple[str, ...]
    count: int
    n_outcomes: int
    provenance: Provenance
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
class PairwiseZopa(ReadsProvenance):
    """For each pair of parties, the number of outcomes acceptable to both.

    ``counts[p, q]`` counts outcomes respecting the red lines of ``p`` and
    ``q`` and giving each at least its no-deal value (other parties ignored);
    the diagonal is each party's own acceptable set. ``provenance`` says how
    they were counted, as for :class:`Zopa`.

    Examples
    --------
    Three parties choose a host, each accepting its own site and one other; the
    diagonal counts each party's acceptable sites:

    >>> import negsim
    >>> from negsim.zone import pairwise
    >>> from negsim.scenario.examples import three_hosts
    >>> s = three_hosts()
    >>> pairwise(negsim.compile_scenario(s)).counts.tolist()
    [[2, 1, 1], [1, 2, 1], [1, 1, 2]]
    """

    parties: tuple[str, ...]
    counts: np.ndarray
    n_outcomes: int
    provenance: Provenance

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
class Margin(ReadsProvenance):
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

    Examples
    --------
    If Beta needs 0.7, the closest outcome that respects Alpha's red line leaves
    Beta 0.02 short:

    >>> import negsim
    >>> from negsim.scenario.examples import border_talks
    >>> s = border_talks()
    >>> from negsim.zone import margin
    >>> m = margin(negsim.compile_scenario(s.with_({"parties.beta.no_deal": 0.7})))
    >>> round(m.value, 4), m.outcome, m.zone_exists, m.exact
    (-0.02, {'land': 'some', 'guarantee': False}, False, True)
    >>> {party: round(x, 4) for party, x in m.surplus.items()}
    {'alpha': 0.05, 'beta': -0.02}
    """

    value: float | None
    outcome: dict[str, LevelValue] | None
    index: int | None
    surplus: dict[str, float] | None
    provenance: Provenance
    reason: str | None = None

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
    """Constraints that together exclude every outcome; dropping any one of them does not.

    Examples
    --------
    If Beta needs 0.7, Alpha's red line and Beta's no-deal value collide;
    dropping either opens a zone:

    >>> import negsim
    >>> from negsim.scenario.examples import border_talks
    >>> s = border_talks()
    >>> from negsim.zone import diagnose
    >>> d = diagnose(negsim.compile_scenario(s.with_({"parties.beta.no_deal": 0.7})))
    >>> (conflict,) = d.conflicts
    >>> conflict.keys, conflict.size
    (('alpha/keep-core', 'beta/no-deal'), 2)
    """

    keys: tuple[str, ...]

    @property
    def size(self) -> int:
        return len(self.keys)

    def to_dict(self) -> dict[str, Any]:
        return {"keys": list(self.keys), "size": self.size}

    def __repr__(self) -> str:
        return f"<Conflict of {self.size}: {' with '.join(self.keys)}>"


DEALS_PER_CORRECTION = 3
"""Default number of deals listed for each correction."""


def _rounded(values: dict[str, float]) -> str:
    return ", ".join(f"{p} {v:.4g}" for p, v in values.items())


@dataclass(frozen=True)
class Deal:
    """An outcome a correction opens, with each party's utility and surplus ``u_p - d_p``.

    Attributes
    ----------
    outcome, index
        The outcome (scenario-file values) and its position in the enumerated
        space (``None`` for a mixed-integer witness off the grid).
    utility, surplus
        Each party's utility and its gain over its no-deal value (negative for
        a party whose no-deal constraint the correction drops).
    nash_product
        The product of the surpluses of the parties whose no-deal constraint
        the correction keeps (Nash 1950); deals are ranked by it.
    witness
        True for the outcome of a mixed-integer program (the deal maximising
        the smallest surplus of the kept parties), False for an enumerated one.

    Examples
    --------
    If Beta needs 0.7, dropping Alpha's red line opens one deal, all the land
    with a guarantee:

    >>> import negsim
    >>> from negsim.scenario.examples import border_talks
    >>> s = border_talks()
    >>> from negsim.zone import diagnose
    >>> d = diagnose(negsim.compile_scenario(s.with_({"parties.beta.no_deal": 0.7})))
    >>> (deal,) = d.corrections[0].deals
    >>> deal.outcome, {p: round(u, 4) for p, u in deal.utility.items()}
    ({'land': 'all', 'guarantee': True}, {'alpha': 0.4, 'beta': 0.8})
    """

    outcome: dict[str, LevelValue]
    index: int | None
    utility: dict[str, float]
    surplus: dict[str, float]
    nash_product: float
    witness: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "index": self.index,
            "utility": self.utility,
            "surplus": self.surplus,
            "nash_product": self.nash_product,
            "witness": self.witness,
        }

    def __repr__(self) -> str:
        kind = "Witness deal" if self.witness else "Deal"
        return f"<{kind} {self.outcome} (utility: {_rounded(self.utility)})>"


@dataclass(frozen=True)
class NoDealFall:
    """How far a party's no-deal value would have to fall for a correction to open a zone.

    ``fall`` is the least drop of the no-deal value ``no_deal`` (to
    ``no_deal - fall``) at which some outcome meeting every constraint the
    correction keeps also meets this party's lowered demand; with several
    parties, the drops of least total (see :class:`Correction`).

    Examples
    --------
    If Beta needs 0.7, Beta would have to accept 0.02 less for some land
    without a guarantee to do:

    >>> import negsim
    >>> from negsim.scenario.examples import border_talks
    >>> s = border_talks()
    >>> from negsim.zone import diagnose
    >>> d = diagnose(negsim.compile_scenario(s.with_({"parties.beta.no_deal": 0.7})))
    >>> (fall,) = d.corrections[1].falls
    >>> fall.key, fall.party, round(fall.fall, 4), round(fall.to, 4)
    ('beta/no-deal', 'beta', 0.02, 0.68)
    """

    key: str
    party: str
    no_deal: float
    fall: float

    @property
    def to(self) -> float:
        """The no-deal value the party would have to accept."""
        return self.no_deal - self.fall

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "party": self.party,
            "no_deal": self.no_deal,
            "fall": self.fall,
            "to": self.to,
        }

    def __repr__(self) -> str:
        return f"<NoDealFall: {self.party} {self.no_deal:.4g} -> {self.to:.4g}>"


@dataclass(frozen=True)
class Correction:
    """Constraints whose removal opens a zone; ``opens`` outcomes are then in it.

    With continuous issues ``opens`` counts grid points and may be zero when
    the zone opened is narrower than the grid (see :attr:`Diagnosis.method`).

    Attributes
    ----------
    deals
        The best deals the correction opens, ranked first by the total
        shortfall of the parties whose no-deal constraint it drops (so the
        first deal asks no more of them than ``falls`` states), then by the
        Nash product of the surpluses of the parties whose no-deal constraint
        it keeps, then by the sum of those surpluses, then by position. With a
        mixed-integer program the first is the program's witness.
    falls
        For each no-deal constraint the correction drops, how far that party's
        no-deal value would have to fall: the least total fall over the
        outcomes meeting every constraint the correction keeps,
        ``min_x sum_p max(0, d_p - u_p(x))``, split by party. For a single
        party this is ``d_p - max_x u_p(x)``.

    Examples
    --------
    If Beta needs 0.7, dropping Alpha's red line opens a zone of one outcome
    (all the land, with a guarantee), dropping Beta's no-deal value one of four,
    where Beta would have to accept 0.68 instead of 0.7; its best deal is the
    one that asks no more of Beta than that:

    >>> import negsim
    >>> from negsim.scenario.examples import border_talks
    >>> s = border_talks()
    >>> from negsim.zone import diagnose
    >>> d = diagnose(negsim.compile_scenario(s.with_({"parties.beta.no_deal": 0.7})))
    >>> [(c.keys, c.opens) for c in d.corrections]
    [(('alpha/keep-core',), 1), (('beta/no-deal',), 4)]
    >>> d.corrections[1]  # doctest: +NORMALIZE_WHITESPACE
    <Correction: drop beta/no-deal (beta 0.7 -> 0.68; opens 4 outcomes;
      best {'land': 'some', 'guarantee': False})>
    """

    keys: tuple[str, ...]
    opens: int
    deals: tuple[Deal, ...] = ()
    falls: tuple[NoDealFall, ...] = ()

    @property
    def size(self) -> int:
        return len(self.keys)

    @property
    def red_lines(self) -> tuple[str, ...]:
        """The red lines the correction drops (its keys less the no-deal constraints)."""
        dropped = {f.key for f in self.falls}
        return tuple(k for k in self.keys if k not in dropped)

    def to_dict(self) -> dict[str, Any]:
        return {
            "keys": list(self.keys),
            "size": self.size,
            "opens": self.opens,
            "no_deal_falls": [f.to_dict() for f in self.falls],
            "deals": [d.to_dict() for d in self.deals],
        }

    def __repr__(self) -> str:
        noun = "outcome" if self.opens == 1 else "outcomes"
        parts = [f"{f.party} {f.no_deal:.4g} -> {f.to:.4g}" for f in self.falls]
        parts.append(f"opens {self.opens} {noun}")
        if self.deals:
            parts.append(f"best {self.deals[0].outcome}")
        return f"<Correction: drop {' and '.join(self.keys)} ({'; '.join(parts)})>"


@dataclass(frozen=True)
class Concession:
    """The outcome breaking the fewest red lines, then with the least total shortfall.

    When some outcome respects every red line, this is the one of least total
    shortfall below no-deal values, ``sum_p max(0, d_p - u_p(x))``, and
    ``broken`` is empty. When the red lines alone conflict, it is the outcome
    breaking the fewest of them, and among those the one of least total
    shortfall (lexicographic); ``broken`` names the red lines it breaks.

    Examples
    --------
    If Beta needs 0.7, the best Alpha's red line allows is some land without a
    guarantee, 0.02 short for Beta:

    >>> import negsim
    >>> from negsim.scenario.examples import border_talks
    >>> s = border_talks()
    >>> from negsim.zone import diagnose
    >>> d = diagnose(negsim.compile_scenario(s.with_({"parties.beta.no_deal": 0.7})))
    >>> c = d.least_concession
    >>> c.outcome, round(c.total, 4), {p: round(x, 4) for p, x in c.shortfall.items()}, c.broken
    ({'land': 'some', 'guarantee': False}, 0.02, {'alpha': 0.0, 'beta': 0.02}, ())
    """

    outcome: dict[str, LevelValue]
    index: int | None
    total: float
    shortfall: dict[str, float]
    utility: dict[str, float]
    broken: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "index": self.index,
            "total_shortfall": self.total,
            "shortfall": self.shortfall,
            "utility": self.utility,
            "broken": list(self.broken),
        }

    def __repr__(self) -> str:
        short = ", ".join(f"{p} {s:.4g}" for p, s in self.shortfall.items() if s > 0) or "none"
        breaks = f"breaks {', '.join(self.broken)}; " if self.broken else ""
        return f"<Concession of {self.total:.4g} in all ({breaks}short: {short}) at {self.outcome}>"


@dataclass(frozen=True)
class Diagnosis(ReadsProvenance):
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
        True when no outcome respects every red line; some conflict then holds
        red lines only, and the least concession breaks the fewest of them.

    Examples
    --------
    If Beta needs 0.7, only all of the land would do, which Alpha's red line
    forbids:

    >>> import negsim
    >>> from negsim.scenario.examples import border_talks
    >>> s = border_talks()
    >>> from negsim.zone import diagnose
    >>> d = diagnose(negsim.compile_scenario(s.with_({"parties.beta.no_deal": 0.7})))
    >>> d.to_frame()
             kind                     constraints  size  opens
    0    conflict  alpha/keep-core + beta/no-deal     2    NaN
    1  correction                 alpha/keep-core     1    1.0
    2  correction                    beta/no-deal     1    4.0
    >>> d.least_concession
    <Concession of 0.02 in all (short: beta 0.02) at {'land': 'some', 'guarantee': False}>
    >>> d.constraint("alpha/keep-core").says
    'Not all.'
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
        """One row per correction: what it drops, its size, the outcomes it opens,
        how far each dropped no-deal value would have to fall (``party d -> d'``)
        and its best deal (``issue=value`` pairs)."""
        return pd.DataFrame(
            {
                "drop": [" + ".join(c.keys) for c in self.corrections],
                "size": [c.size for c in self.corrections],
                "opens": [c.opens for c in self.corrections],
                "no-deal falls": [
                    "; ".join(f"{f.party} {f.no_deal:.4g} -> {f.to:.4g}" for f in c.falls)
                    for c in self.corrections
                ],
                "best deal": [
                    _outcome_pairs(c.deals[0].outcome) if c.deals else "" for c in self.corrections
                ],
            },
            index=pd.RangeIndex(1, len(self.corrections) + 1, name="#"),
        )

    def to_frame(self) -> pd.DataFrame:
        """Conflicts and corrections in one table, with a ``kind`` column (the no-deal
        falls and deals of each correction are in :meth:`corrections_frame`)."""
        conflicts = self.conflicts_frame().rename(columns={"conflict": "constraints"})
        corrections = self.corrections_frame()[["drop", "size", "opens"]]
        corrections = corrections.rename(columns={"drop": "constraints"})
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
        concession = (
            f"<p>Least concession: {html.escape(repr(self.least_concession))}</p>"
            if self.least_concession is not None
            else ""
        )
        return (
            f"<p>{html.escape(repr(self))}</p>"
            f"<p>Minimal conflicts</p>{self.conflicts_frame().to_html()}"
            f"<p>Minimal corrections</p>{self.corrections_frame().to_html()}{concession}"
        )


def _outcome_pairs(outcome: dict[str, LevelValue]) -> str:
    """``issue=value`` pairs, for a table cell."""
    return ", ".join(f"{issue}={value}" for issue, value in outcome.items())
