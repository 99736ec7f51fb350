"""War as the outside option: Fearon's bargaining range and Powell's commitment problem.

Fearon (1995): two sides, A and B, dispute a divisible good; ``x`` is A's
share in ``[0, 1]``. Fighting gives A the whole good with probability ``p``
at a cost ``c_A``, and B the rest at a cost ``c_B`` (costs in units of the
good). A prefers a deal to war when ``x >= p - c_A``, B when
``x <= p + c_B``, so every ``x`` in ``[p - c_A, p + c_B]`` beats war for both:
with positive costs a range exists under common beliefs. If each side fights
on its own belief (``p_A`` held by A, ``p_B`` by B, both about A winning) the
range is ``[p_A - c_A, p_B + c_B]``, empty when ``p_A - c_A > p_B + c_B``
(mutual optimism). If only some values of ``x`` are possible
(indivisibility), the range may contain none of them.

Powell (2006): when power shifts (A's chance of winning goes from ``p_now``
to ``p_future``), the rising side cannot commit to keep paying the
declining side more than it will concede later. With a pie of 1 each period,
a discount factor ``delta``, and war ending the game with per-period payoff
``p - c`` for ever, the declining side (say A) fights now when

    (p_now - c_A) / (1 - delta) > 1 + delta * (p_future + c_B) / (1 - delta),

the right side being the most B can credibly offer: everything now and, after
the shift, B's war-deterrence share ``p_future + c_B`` for ever. Equivalently,
war happens when the shift ``s = p_now - p_future`` exceeds

    s* = ((1 - delta)(1 - p_now) + c_A + delta c_B) / delta,

which tends to ``c_A + c_B`` as ``delta -> 1``: war when the shift exceeds the
sum of the costs. A security guarantee is modelled as shrinking the shift by
a given amount.

Examples
--------
>>> import negsim
>>> r = negsim.war.fearon_range(0.6, 0.1, 0.15)
>>> tuple(round(x, 4) for x in r.interval)
(0.5, 0.75)
>>> negsim.war.commitment_problem(0.5, 0.2, 0.05, 0.05, 0.9).war
True
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from negsim.errors import AnalysisError

if TYPE_CHECKING:
    from negsim.model.compile import Model

__all__ = [
    "CommitmentProblem",
    "FearonRange",
    "WarBranch",
    "WarValueBreakdown",
    "allowed_shares",
    "commitment_problem",
    "fearon_range",
    "war_value_breakdown",
]

_IN_SET_TOL = 1e-12


# ---------------------------------------------------------------- Fearon


@dataclass(frozen=True)
class FearonRange:
    """The bargaining range of A's share in ``[0, 1]``.

    Attributes
    ----------
    low, high
        ``p_A - c_A`` (the least A accepts) and ``p_B + c_B`` (the most B
        concedes), before clipping to ``[0, 1]``.
    interval
        ``[max(0, low), min(1, high)]`` when it is not empty, else ``None``.
    allowed
        The values a settlement can take (``None``: any share).
    settlements
        The allowed values inside the range.
    exists, reason
        Whether some settlement beats war for both, and why in words.

    Examples
    --------
    >>> from negsim.bargaining.war import fearon_range
    >>> fearon_range(0.5, 0.1, 0.1, allowed=[0, 0.5, 1])
    <FearonRange Bargaining range [0.4, 0.6] of A's share contains the allowed settlement(s) 0.5.>
    """

    p_a: float
    p_b: float
    cost_a: float
    cost_b: float
    low: float
    high: float
    interval: tuple[float, float] | None
    allowed: tuple[float, ...] | None
    settlements: tuple[float, ...]
    exists: bool
    reason: str
    sides: tuple[str, str] = ("A", "B")

    @property
    def width(self) -> float:
        """Length of the range (0 when it is empty)."""
        return 0.0 if self.interval is None else self.interval[1] - self.interval[0]

    @property
    def mutual_optimism(self) -> bool:
        """The sides' beliefs alone close the range."""
        return self.low > self.high

    def contains(self, share: float) -> bool:
        """Does A's share ``share`` beat war for both sides (and is it allowed)?"""
        if self.interval is None:
            return False
        inside = self.interval[0] - _IN_SET_TOL <= share <= self.interval[1] + _IN_SET_TOL
        if self.allowed is None:
            return inside
        return inside and any(abs(share - v) <= _IN_SET_TOL for v in self.allowed)

    def to_dict(self) -> dict[str, Any]:
        return {
            "sides": list(self.sides),
            "p_a": self.p_a,
            "p_b": self.p_b,
            "cost_a": self.cost_a,
            "cost_b": self.cost_b,
            "low": self.low,
            "high": self.high,
            "interval": None if self.interval is None else list(self.interval),
            "allowed": None if self.allowed is None else list(self.allowed),
            "settlements": list(self.settlements),
            "exists": self.exists,
            "reason": self.reason,
        }

    def to_frame(self) -> pd.DataFrame:
        data = self.to_dict()
        for key in ("sides", "interval", "allowed", "settlements"):
            data[key] = str(data[key])
        return pd.DataFrame([data])

    def __repr__(self) -> str:
        return f"<FearonRange {self.reason}>"

    def _repr_html_(self) -> str:
        return f"<div><strong>Fearon range</strong><p>{html.escape(self.reason)}</p></div>"


def fearon_range(
    p_a: float,
    cost_a: float,
    cost_b: float,
    *,
    p_b: float | None = None,
    allowed: Sequence[float] | None = None,
    sides: tuple[str, str] = ("A", "B"),
) -> FearonRange:
    """Fearon's (1995) bargaining range on A's share of a divisible good.

    Parameters
    ----------
    p_a
        A's belief that A wins a war (the common belief when ``p_b`` is not given).
    cost_a, cost_b
        Each side's cost of war, in units of the good (non-negative).
    p_b
        B's belief that A wins; ``p_a > p_b`` is mutual optimism.
    allowed
        The only shares a settlement can give A (indivisibility), in ``[0, 1]``.
    sides
        Names of A and B for the sentences.

    Returns
    -------
    FearonRange
        ``[p_a - cost_a, p_b + cost_b]`` clipped to ``[0, 1]``, with the
        allowed settlements inside it.

    Examples
    --------
    A wins a war with probability 0.6; fighting costs A 0.1 and B 0.15 of the
    good. Every share of A's in ``[0.6 - 0.1, 0.6 + 0.15]`` beats war for both:

    >>> from negsim.bargaining.war import fearon_range
    >>> r = fearon_range(0.6, 0.1, 0.15)
    >>> r.exists, tuple(round(x, 4) for x in r.interval), round(r.width, 4)
    (True, (0.5, 0.75), 0.25)
    >>> r.contains(0.7), r.contains(0.8)
    (True, False)

    Mutual optimism: A thinks it wins with 0.7, B thinks A wins with 0.5, and
    A's least acceptable share 0.65 exceeds the 0.55 B would give:

    >>> r = fearon_range(0.7, 0.05, 0.05, p_b=0.5)
    >>> r.exists, r.mutual_optimism, round(r.low, 4), round(r.high, 4)
    (False, True, 0.65, 0.55)

    Indivisibility: if the good goes whole to one side, the range ``[0.4, 0.6]``
    holds no possible settlement:

    >>> fearon_range(0.5, 0.1, 0.1, allowed=[0, 1]).exists
    False
    >>> fearon_range(0.5, 0.1, 0.1, allowed=[0, 0.5, 1]).settlements
    (0.5,)
    """
    p_a = _probability(p_a, "p_a")
    p_b = p_a if p_b is None else _probability(p_b, "p_b")
    cost_a, cost_b = _cost(cost_a, "cost_a"), _cost(cost_b, "cost_b")
    a, b = sides
    low, high = p_a - cost_a, p_b + cost_b
    values = None if allowed is None else _shares(allowed)
    if low > high:
        reason = (
            f"No bargaining range: {a} fights unless it gets at least {low:.4g} "
            f"({p_a:.4g} - {cost_a:.4g}) but {b} concedes at most {high:.4g} "
            f"({p_b:.4g} + {cost_b:.4g}); mutual optimism ({a} believes it wins with "
            f"p = {p_a:.4g}, {b} believes {a} wins with p = {p_b:.4g}) closes the range."
        )
        return FearonRange(
            p_a, p_b, cost_a, cost_b, low, high, None, values, (), False, reason, sides
        )
    interval = (max(0.0, low), min(1.0, high))
    text = f"[{interval[0]:.4g}, {interval[1]:.4g}]"
    if values is None:
        reason = (
            f"Bargaining range {text} of {a}'s share: every split in it beats war for both "
            f"({a} needs at least {low:.4g}, {b} concedes up to {high:.4g})."
        )
        return FearonRange(
            p_a, p_b, cost_a, cost_b, low, high, interval, None, (), True, reason, sides
        )
    inside = tuple(v for v in values if interval[0] - _IN_SET_TOL <= v <= interval[1] + _IN_SET_TOL)
    listed = ", ".join(f"{v:.4g}" for v in values)
    if inside:
        reason = (
            f"Bargaining range {text} of {a}'s share contains the allowed settlement(s) "
            f"{', '.join(f'{v:.4g}' for v in inside)}."
        )
    else:
        reason = (
            f"No bargaining range in practice: the range {text} of {a}'s share contains none "
            f"of the allowed settlements ({listed}); indivisibility closes it."
        )
    return FearonRange(
        p_a, p_b, cost_a, cost_b, low, high, interval, values, inside, bool(inside), reason, sides
    )


def allowed_shares(
    model: Model, issue: str, *, parties: Sequence[str] | None = None
) -> tuple[float, ...]:
    """Grid values of a continuous issue that some outcome respecting the red lines takes.

    The values are returned as shares of the issue's range (0 at its low end,
    1 at its high end), ready for ``fearon_range(..., allowed=...)``.

    Parameters
    ----------
    model
        A compiled :class:`~negsim.model.Model`.
    issue
        A continuous issue of the scenario.
    parties
        Whose red lines count (default: every party's).

    Examples
    --------
    Alpha wants at least half of the river, Beta leaves it at most three
    quarters; on a grid of 5 values the red lines allow 50 and 75:

    >>> import negsim
    >>> from negsim.bargaining.war import allowed_shares
    >>> s = negsim.load('''
    ... negsim: 1
    ... name: River talks
    ... issues:
    ...   share: {kind: continuous, range: [0, 100], unit: "% to Alpha", grid: 5}
    ... parties:
    ...   alpha:
    ...     utility: {share: {weight: 1, points: [[0, 0], [100, 1]]}}
    ...     no_deal: 0.3
    ...     red_lines: [{id: half, rule: share >= 50, says: Half at least., source: example}]
    ...   beta:
    ...     utility: {share: {weight: 1, points: [[0, 1], [100, 0]]}}
    ...     no_deal: 0.3
    ...     red_lines: [{id: quarter, rule: share <= 75, says: A quarter., source: example}]
    ... ''')
    >>> model = negsim.compile_scenario(s)
    >>> allowed_shares(model, "share")
    (0.5, 0.75)
    >>> allowed_shares(model, "share", parties=["alpha"])
    (0.5, 0.75, 1.0)
    """
    names = model.space.names
    if issue not in names:
        raise AnalysisError(f"unknown issue {issue!r}; the issues are {', '.join(names)}")
    axis = model.space.axis(issue)
    if axis.kind != "continuous":
        raise AnalysisError(f"issue {issue!r} is {axis.kind}, not continuous")
    chosen = model.parties if parties is None else tuple(parties)
    for p in chosen:
        if p not in model.parties:
            raise AnalysisError(f"unknown party {p!r}; the parties are {', '.join(model.parties)}")
    rows = [i for i, r in enumerate(model.red_lines) if r.party in chosen]
    ok = (
        np.logical_and.reduce(model.red_line_masks[rows], axis=0)
        if rows
        else np.ones(model.n_outcomes, dtype=bool)
    )
    codes = np.unique(model.space.codes[issue][ok])
    assert axis.grid is not None  # a continuous axis always has its grid
    low, high = axis.grid[0], axis.grid[-1]
    return tuple(float(x) for x in (axis.grid[codes] - low) / (high - low))


# ---------------------------------------------------------------- Powell


@dataclass(frozen=True)
class CommitmentProblem:
    """Powell's (2006) commitment problem under complete information.

    Attributes
    ----------
    declining
        The side whose chance of winning falls (``None`` when power does not shift).
    shift, effective_shift
        The fall in the declining side's chance of winning, before and after
        the guarantee.
    war_value
        The declining side's discounted value of fighting now.
    best_offer_value
        The most the rising side can credibly give it: the whole pie now and
        its post-shift war-deterrence share for ever.
    war
        ``war_value > best_offer_value``: no credible deal prevents war.
    threshold
        The largest shift compatible with peace, ``s*``.
    guarantee_needed
        The least reduction of the shift that makes peace possible.

    Examples
    --------
    >>> from negsim.bargaining.war import commitment_problem
    >>> commitment_problem(0.5, 0.5, 0.1, 0.1, 0.9)
    <CommitmentProblem No shift of power: no commitment problem; a deal beats war.>
    """

    p_now: float
    p_future: float
    cost_a: float
    cost_b: float
    delta: float
    guarantee: float
    declining: str | None
    shift: float
    effective_shift: float
    war_value: float
    best_offer_value: float
    war: bool
    threshold: float
    guarantee_needed: float
    reason: str
    sides: tuple[str, str] = ("A", "B")

    def to_dict(self) -> dict[str, Any]:
        return {
            "sides": list(self.sides),
            "p_now": self.p_now,
            "p_future": self.p_future,
            "cost_a": self.cost_a,
            "cost_b": self.cost_b,
            "delta": self.delta,
            "guarantee": self.guarantee,
            "declining": self.declining,
            "shift": self.shift,
            "effective_shift": self.effective_shift,
            "war_value": self.war_value,
            "best_offer_value": self.best_offer_value,
            "war": self.war,
            "threshold": self.threshold,
            "guarantee_needed": self.guarantee_needed,
            "reason": self.reason,
        }

    def to_frame(self) -> pd.DataFrame:
        data = self.to_dict()
        data["sides"] = "/".join(self.sides)
        return pd.DataFrame([data])

    def __repr__(self) -> str:
        return f"<CommitmentProblem {self.reason}>"

    def _repr_html_(self) -> str:
        return f"<div><strong>Commitment problem</strong><p>{html.escape(self.reason)}</p></div>"


def commitment_problem(
    p_now: float,
    p_future: float,
    cost_a: float,
    cost_b: float,
    delta: float,
    *,
    guarantee: float = 0.0,
    sides: tuple[str, str] = ("A", "B"),
) -> CommitmentProblem:
    """Does a shift of power make war rational under complete information (Powell 2006)?

    Parameters
    ----------
    p_now, p_future
        A's chance of winning a war now and after the shift.
    cost_a, cost_b
        Per-period costs of war, in units of the per-period pie.
    delta
        Common discount factor in ``(0, 1)``.
    guarantee
        How much a guarantee shrinks the shift (e.g. a security guarantee
        that keeps the declining side's chance from falling as far).
    sides
        Names of A and B for the sentences.

    Returns
    -------
    CommitmentProblem
        See the module docstring for the model and the condition.

    Examples
    --------
    A's chance of winning falls from 0.5 to 0.2; war costs each side 0.05 a
    period and both discount by 0.9. Fighting now is worth ``(0.5 - 0.05) / 0.1
    = 4.5`` to A, but B can credibly offer only ``1 + 0.9 * (0.2 + 0.05) / 0.1
    = 3.25``:

    >>> from negsim.bargaining.war import commitment_problem
    >>> c = commitment_problem(0.5, 0.2, 0.05, 0.05, 0.9)
    >>> c.declining, c.war, round(c.war_value, 4), round(c.best_offer_value, 4)
    ('A', True, 4.5, 3.25)
    >>> round(c.threshold, 4), round(c.guarantee_needed, 4)
    (0.1611, 0.1389)

    A guarantee that shrinks the shift by 0.2 makes peace possible:

    >>> commitment_problem(0.5, 0.2, 0.05, 0.05, 0.9, guarantee=0.2).war
    False
    """
    p_now, p_future = _probability(p_now, "p_now"), _probability(p_future, "p_future")
    cost_a, cost_b = _cost(cost_a, "cost_a"), _cost(cost_b, "cost_b")
    delta = _discount(delta)
    guarantee = _cost(guarantee, "guarantee")
    declining, rising, q_now, c_d, c_r = _declining_side(p_now, p_future, cost_a, cost_b, sides)
    shift = abs(p_now - p_future)
    effective = max(0.0, shift - guarantee)
    q_future = q_now - effective
    war_value = (q_now - c_d) / (1.0 - delta)
    best_offer = 1.0 + delta * min(1.0, q_future + c_r) / (1.0 - delta)
    # without a shift the best offer is never below the war value; rounding aside
    war = shift > 0 and war_value > best_offer + 1e-12 * max(1.0, abs(best_offer))
    threshold = ((1.0 - delta) * (1.0 - q_now) + c_d + delta * c_r) / delta
    needed = max(0.0, shift - threshold)
    if shift == 0.0:
        declining_name = None
        reason = "No shift of power: no commitment problem; a deal beats war."
    else:
        declining_name = declining
        reason = _commitment_reason(
            declining,
            rising,
            shift=shift,
            effective=effective,
            guarantee=guarantee,
            war_value=war_value,
            best_offer=best_offer,
            war=war,
            threshold=threshold,
            needed=needed,
        )
    return CommitmentProblem(
        p_now=p_now,
        p_future=p_future,
        cost_a=cost_a,
        cost_b=cost_b,
        delta=delta,
        guarantee=guarantee,
        declining=declining_name,
        shift=shift,
        effective_shift=effective,
        war_value=war_value,
        best_offer_value=best_offer,
        war=war,
        threshold=threshold,
        guarantee_needed=needed,
        reason=reason,
        sides=sides,
    )


def _declining_side(
    p_now: float, p_future: float, cost_a: float, cost_b: float, sides: tuple[str, str]
) -> tuple[str, str, float, float, float]:
    """The declining side, the rising side, the declining side's chance of winning now,
    its cost of war and the rising side's."""
    a, b = sides
    if p_future < p_now:
        return a, b, p_now, cost_a, cost_b
    return b, a, 1.0 - p_now, cost_b, cost_a


def _commitment_reason(
    declining: str,
    rising: str,
    *,
    shift: float,
    effective: float,
    guarantee: float,
    war_value: float,
    best_offer: float,
    war: bool,
    threshold: float,
    needed: float,
) -> str:
    """Why a shift of power does or does not make war rational, in a few sentences."""
    guarantee_text = f" (a guarantee shrinks it to {effective:.4g})" if guarantee > 0 else ""
    verdict = (
        f"war: {declining} gains {war_value:.4g} by fighting now but {rising} can credibly "
        f"offer at most {best_offer:.4g}"
        if war
        else f"peace is possible: {rising} can credibly offer {best_offer:.4g}, at least "
        f"{declining}'s value of fighting now, {war_value:.4g}"
    )
    reason = (
        f"{declining}'s chance of winning falls by {shift:.4g}{guarantee_text}; shifts "
        f"above {threshold:.4g} make promises incredible; {verdict}."
    )
    if war:
        given = f" ({guarantee:.4g} given)" if guarantee > 0 else ""
        reason += f" Peace needs a guarantee shrinking the shift by over {needed:.4g}{given}."
    return reason


# ---------------------------------------------------------------- no-deal values


@dataclass(frozen=True)
class WarBranch:
    """One way a war could end, in a party's own belief."""

    p: float
    utility: float
    outcome: Mapping[str, Any] | None
    says: str

    @property
    def contribution(self) -> float:
        return self.p * self.utility

    def to_dict(self) -> dict[str, Any]:
        return {
            "p": self.p,
            "utility": self.utility,
            "contribution": self.contribution,
            "outcome": None if self.outcome is None else dict(self.outcome),
            "says": self.says,
        }

    def __repr__(self) -> str:
        name = f"{self.says!r} " if self.says else ""
        return f"<WarBranch {name}p={self.p:.4g}, utility {self.utility:.4g}>"


@dataclass(frozen=True)
class WarValueBreakdown:
    """How a party's no-deal value is made up.

    ``value`` is the model's no-deal value; for a war lottery it equals
    ``expected - cost`` with ``expected = sum(p * utility)`` over the branches.
    """

    party: str
    kind: str  # "number" or "war"
    branches: tuple[WarBranch, ...]
    expected: float
    cost: float
    value: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "party": self.party,
            "kind": self.kind,
            "branches": [b.to_dict() for b in self.branches],
            "expected": self.expected,
            "cost": self.cost,
            "value": self.value,
        }

    def to_frame(self) -> pd.DataFrame:
        columns = ["p", "utility", "contribution", "outcome", "says"]
        return pd.DataFrame([b.to_dict() for b in self.branches], columns=columns)

    def __repr__(self) -> str:
        if self.kind == "number":
            return f"<WarValueBreakdown {self.party}: no-deal value {self.value:.4g} (given)>"
        return (
            f"<WarValueBreakdown {self.party}: {len(self.branches)} branches, expected "
            f"{self.expected:.4g} - cost {self.cost:.4g} = {self.value:.4g}>"
        )

    def _repr_html_(self) -> str:
        return f"<div><strong>{html.escape(repr(self))}</strong>{self.to_frame().to_html()}</div>"


def war_value_breakdown(model: Model, party: str) -> WarValueBreakdown:
    """The branches, expected utility and cost behind a party's no-deal value.

    Parameters
    ----------
    model
        A compiled :class:`~negsim.model.Model`; its ``no_deal`` is reused.
    party
        The party's id.

    Examples
    --------
    Beta expects to take the whole river with probability 0.4 and to lose it
    otherwise, at a cost of 0.1: ``0.4 * 1 + 0.6 * 0 - 0.1 = 0.3``.

    >>> import negsim
    >>> from negsim.bargaining.war import war_value_breakdown
    >>> from negsim.scenario.examples import river_talks
    >>> s = river_talks()
    >>> model = negsim.compile_scenario(s)
    >>> war_value_breakdown(model, "beta")
    <WarValueBreakdown beta: 2 branches, expected 0.4 - cost 0.1 = 0.3>
    >>> war_value_breakdown(model, "beta").branches[0]
    <WarBranch 'Beta takes the river' p=0.4, utility 1>
    >>> war_value_breakdown(model, "alpha")
    <WarValueBreakdown alpha: no-deal value 0.3 (given)>
    """
    from negsim.scenario.format import WarNoDeal

    if party not in model.parties:
        raise AnalysisError(f"unknown party {party!r}; the parties are {', '.join(model.parties)}")
    p = model.party_index(party)
    value = float(model.no_deal[p])
    spec = model.scenario.parties[party].no_deal
    if not isinstance(spec, WarNoDeal):
        return WarValueBreakdown(party, "number", (), value, 0.0, value)
    war = spec.war
    outcomes = [b.outcome for b in war.lottery if b.outcome is not None]
    utilities = iter(model.utility_of(outcomes)[:, p]) if outcomes else iter(())
    branches = tuple(
        WarBranch(
            float(b.p),
            float(b.utility) if b.utility is not None else float(next(utilities)),
            None if b.outcome is None else dict(b.outcome),
            b.says,
        )
        for b in war.lottery
    )
    expected = math.fsum(b.contribution for b in branches)
    return WarValueBreakdown(party, "war", branches, expected, float(war.cost), value)


# ---------------------------------------------------------------- checks


def _probability(value: float, name: str) -> float:
    value = float(value)
    if not 0.0 <= value <= 1.0:
        raise AnalysisError(f"{name} must be a probability in [0, 1], got {value!r}")
    return value


def _discount(value: float) -> float:
    value = float(value)
    if not 0.0 < value < 1.0:
        raise AnalysisError(f"delta must be a discount factor in (0, 1), got {value!r}")
    return value


def _cost(value: float, name: str) -> float:
    value = float(value)
    if not (math.isfinite(value) and value >= 0):
        raise AnalysisError(f"{name} must be a non-negative number, got {value!r}")
    return value


def _shares(values: Sequence[float]) -> tuple[float, ...]:
    out = sorted({float(v) for v in values})
    if not out or any(not (0.0 <= v <= 1.0) for v in out):
        raise AnalysisError("allowed settlements must be shares in [0, 1] (at least one)")
    return tuple(out)
