"""Alternating offers (Rubinstein 1982) and the Nash demand game (Nash 1953).

Two parties split a surplus of size 1. In Rubinstein's game they take turns
proposing; a rejected offer costs a period, discounted by ``delta_i``. The
unique subgame-perfect equilibrium is an immediate agreement giving the first
proposer

    x* = (1 - delta_2) / (1 - delta_1 delta_2)

and the responder ``1 - x*``. With discount factors ``exp(-r_i Δ)`` for a
time ``Δ`` between offers, the split tends, as ``Δ -> 0``, to
``(r_2 / (r_1 + r_2), r_1 / (r_1 + r_2))``: the asymmetric Nash bargaining
solution with bargaining powers ``1 / r_i`` (Binmore, Rubinstein & Wolinsky
1986), and the first proposer's advantage vanishes.

In the Nash demand game both parties name a demand at once; they get their
demands when the demands are compatible (sum at most 1) and their
disagreement payoffs otherwise.

Examples
--------
>>> import negsim
>>> split = negsim.rubinstein.rubinstein_split(0.9, 0.8)
>>> round(split.proposer_share, 4), round((1 - 0.8) / (1 - 0.9 * 0.8), 4)
(0.7143, 0.7143)
>>> negsim.rubinstein.nash_limit_shares(1.0, 3.0)
(0.75, 0.25)
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from negsim.common.provenance import Provenance
from negsim.common.serialize import fields_jsonable
from negsim.errors import AnalysisError

__all__ = [
    "DemandEquilibrium",
    "NashDemandGame",
    "RubinsteinSplit",
    "nash_demand_game",
    "nash_limit_shares",
    "rubinstein_convergence",
    "rubinstein_split",
    "rubinstein_with_rates",
]

COMPATIBLE_TOL = 1e-9
"""Demands summing to at most ``1 + COMPATIBLE_TOL`` are compatible (grid rounding)."""


# ---------------------------------------------------------------- alternating offers


@dataclass(frozen=True)
class RubinsteinSplit:
    """The subgame-perfect split of alternating offers.

    Attributes
    ----------
    delta1, delta2
        Per-period discount factors of the first proposer (1) and the responder (2).
    proposer_share, responder_share
        Shares agreed at once in equilibrium.
    share1_if_second
        What party 1 would get if party 2 proposed first.
    proposer_advantage
        ``proposer_share - share1_if_second``: the value of moving first,
        ``(1 - delta1)(1 - delta2) / (1 - delta1 delta2)``.
    provenance
        A closed form, exact.

    Examples
    --------
    >>> from negsim.bargaining.rubinstein import rubinstein_split
    >>> split = rubinstein_split(0.5, 0.5)
    >>> round(split.proposer_share, 4), round(split.share1_if_second, 4)
    (0.6667, 0.3333)
    """

    delta1: float
    delta2: float
    proposer_share: float
    responder_share: float
    share1_if_second: float
    proposer_advantage: float
    provenance: Provenance = field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        return fields_jsonable(self, exclude=("provenance",))

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([self.to_dict()])

    def __repr__(self) -> str:
        return (
            f"<RubinsteinSplit delta=({self.delta1:g}, {self.delta2:g}): proposer "
            f"{self.proposer_share:.4f}, responder {self.responder_share:.4f}, "
            f"advantage {self.proposer_advantage:.4f}>"
        )

    def _repr_html_(self) -> str:
        return f"<div><strong>Rubinstein split</strong>{self.to_frame().to_html(index=False)}</div>"


def rubinstein_split(delta1: float, delta2: float) -> RubinsteinSplit:
    """Subgame-perfect equilibrium of alternating offers (Rubinstein 1982).

    Parameters
    ----------
    delta1, delta2
        Discount factors of the first proposer and of the responder, each in
        ``[0, 1)`` (with both equal to 1 every split is an equilibrium).

    Returns
    -------
    RubinsteinSplit
        ``proposer_share = (1 - delta2) / (1 - delta1 delta2)``.

    Examples
    --------
    With discount factors 0.9 (the first proposer) and 0.8, the proposer gets
    ``(1 - 0.8) / (1 - 0.9 * 0.8) = 5/7``, at once:

    >>> from negsim.bargaining.rubinstein import rubinstein_split
    >>> split = rubinstein_split(0.9, 0.8)
    >>> split
    <RubinsteinSplit delta=(0.9, 0.8): proposer 0.7143, responder 0.2857, advantage 0.0714>
    >>> round(split.proposer_share, 6) == round(5 / 7, 6)
    True

    Equal patience still favours the first proposer, by ``(1 - d) / (1 + d)``:

    >>> round(rubinstein_split(0.9, 0.9).proposer_advantage, 4)
    0.0526
    """
    d1, d2 = _discount(delta1, "delta1"), _discount(delta2, "delta2")
    denominator = 1.0 - d1 * d2
    share = (1.0 - d2) / denominator
    share1_if_second = d1 * (1.0 - d2) / denominator
    return RubinsteinSplit(
        delta1=d1,
        delta2=d2,
        proposer_share=share,
        responder_share=1.0 - share,
        share1_if_second=share1_if_second,
        proposer_advantage=share - share1_if_second,
        provenance=Provenance("closed form (Rubinstein 1982)", exact=True),
    )


def rubinstein_with_rates(r1: float, r2: float, dt: float) -> RubinsteinSplit:
    """The split when offers come every ``dt`` and party ``i`` discounts at rate ``r_i``.

    Discount factors are ``exp(-r_i dt)``.

    Examples
    --------
    The more impatient party (rate 0.2) gets less; offers once a period:

    >>> from negsim.bargaining.rubinstein import rubinstein_with_rates
    >>> split = rubinstein_with_rates(0.1, 0.2, dt=1.0)
    >>> round(split.delta1, 4), round(split.delta2, 4), round(split.proposer_share, 4)
    (0.9048, 0.8187, 0.6994)
    """
    r1, r2 = _rate(r1, "r1"), _rate(r2, "r2")
    if not (math.isfinite(dt) and dt > 0):
        raise AnalysisError(f"the time between offers must be a positive number, got {dt!r}")
    return rubinstein_split(math.exp(-r1 * dt), math.exp(-r2 * dt))


def nash_limit_shares(r1: float, r2: float) -> tuple[float, float]:
    """Shares ``(r2 / (r1 + r2), r1 / (r1 + r2))`` that the split tends to as offers speed up.

    Examples
    --------
    A party three times as patient gets three quarters:

    >>> from negsim.bargaining.rubinstein import nash_limit_shares
    >>> nash_limit_shares(1.0, 3.0)
    (0.75, 0.25)
    """
    r1, r2 = _rate(r1, "r1"), _rate(r2, "r2")
    return r2 / (r1 + r2), r1 / (r1 + r2)


def rubinstein_convergence(r1: float, r2: float, dts: Sequence[float]) -> pd.DataFrame:
    """The first proposer's share and advantage for each time between offers in ``dts``.

    A column ``limit`` holds the Nash limit share ``r2 / (r1 + r2)`` and
    ``gap`` the distance to it.

    Examples
    --------
    As offers come faster the first proposer's share tends to ``0.3 / 0.4``
    and its advantage vanishes:

    >>> from negsim.bargaining.rubinstein import rubinstein_convergence
    >>> df = rubinstein_convergence(0.1, 0.3, [1.0, 0.1, 0.01])
    >>> df[["dt", "proposer_share", "proposer_advantage", "limit"]].round(4)
         dt  proposer_share  proposer_advantage  limit
    0  1.00          0.7862              0.0748   0.75
    1  0.10          0.7537              0.0075   0.75
    2  0.01          0.7504              0.0007   0.75
    """
    limit = nash_limit_shares(r1, r2)[0]
    rows = []
    for dt in dts:
        split = rubinstein_with_rates(r1, r2, float(dt))
        rows.append(
            {
                "dt": float(dt),
                "delta1": split.delta1,
                "delta2": split.delta2,
                "proposer_share": split.proposer_share,
                "proposer_advantage": split.proposer_advantage,
                "limit": limit,
                "gap": split.proposer_share - limit,
            }
        )
    return pd.DataFrame(rows)


def _discount(value: float, name: str) -> float:
    value = float(value)
    if not (0.0 <= value < 1.0):
        raise AnalysisError(
            f"{name} must be a discount factor in [0, 1), got {value!r} "
            "(with both factors equal to 1 the game has no unique equilibrium)"
        )
    return value


def _rate(value: float, name: str) -> float:
    value = float(value)
    if not (math.isfinite(value) and value > 0):
        raise AnalysisError(f"{name} must be a positive discount rate, got {value!r}")
    return value


# ---------------------------------------------------------------- Nash demand game


@dataclass(frozen=True)
class DemandEquilibrium:
    """A pure equilibrium of the Nash demand game.

    Examples
    --------
    >>> from negsim.bargaining.rubinstein import nash_demand_game
    >>> nash_demand_game(3).equilibria[1]
    <DemandEquilibrium split: demands (0.5, 0.5), payoffs (0.5, 0.5)>
    """

    demand1: float
    demand2: float
    payoff1: float
    payoff2: float

    @property
    def kind(self) -> str:
        """``"split"`` when the demands are compatible, ``"disagreement"`` otherwise."""
        return "split" if self.demand1 + self.demand2 <= 1 + COMPATIBLE_TOL else "disagreement"

    def to_dict(self) -> dict[str, Any]:
        return {**fields_jsonable(self), "kind": self.kind}

    def __repr__(self) -> str:
        return (
            f"<DemandEquilibrium {self.kind}: demands ({self.demand1:.4g}, {self.demand2:.4g}),"
            f" payoffs ({self.payoff1:.4g}, {self.payoff2:.4g})>"
        )


@dataclass(frozen=True)
class NashDemandGame:
    """Every pure equilibrium of the Nash demand game on a grid of demands.

    ``provenance``: every pair of demands checked for a profitable deviation,
    exact on the grid (``resolution``) up to the ``tolerance`` on sums of demands.

    Examples
    --------
    >>> from negsim.bargaining.rubinstein import nash_demand_game
    >>> nash_demand_game(3).to_frame()
       demand1  demand2  payoff1  payoff2          kind
    0      0.0      1.0      0.0      1.0         split
    1      0.5      0.5      0.5      0.5         split
    2      1.0      0.0      1.0      0.0         split
    3      1.0      1.0      0.0      0.0  disagreement
    """

    demands: tuple[float, ...]
    disagreement: tuple[float, float]
    equilibria: tuple[DemandEquilibrium, ...]
    provenance: Provenance = field(repr=False)

    @property
    def splits(self) -> tuple[DemandEquilibrium, ...]:
        return tuple(e for e in self.equilibria if e.kind == "split")

    @property
    def disagreements(self) -> tuple[DemandEquilibrium, ...]:
        return tuple(e for e in self.equilibria if e.kind == "disagreement")

    def to_dict(self) -> dict[str, Any]:
        return fields_jsonable(self, exclude=("provenance",))

    def to_frame(self) -> pd.DataFrame:
        columns = ["demand1", "demand2", "payoff1", "payoff2", "kind"]
        return pd.DataFrame([e.to_dict() for e in self.equilibria], columns=columns)

    def __repr__(self) -> str:
        splits, disagreements = len(self.splits), len(self.disagreements)
        return (
            f"<NashDemandGame {len(self.demands)} demands: {len(self.equilibria)} pure "
            f"equilibria ({splits} split{'s' * (splits != 1)}, {disagreements} "
            f"disagreement{'s' * (disagreements != 1)})>"
        )

    def _repr_html_(self) -> str:
        heading = html.escape(repr(self))
        return f"<div><strong>{heading}</strong>{self.to_frame().to_html(index=False)}</div>"


def nash_demand_game(
    demands: int | ArrayLike = 11, disagreement: tuple[float, float] = (0.0, 0.0)
) -> NashDemandGame:
    """Pure equilibria of the Nash demand game on a share of 1.

    Both parties demand a share from the same grid; with ``x1 + x2 <= 1``
    each gets its demand, otherwise each gets its disagreement payoff. The
    equilibria are found by checking every pair of demands for a profitable
    deviation (a best-response check on the whole payoff matrix).

    Parameters
    ----------
    demands
        Number of evenly spaced demands in ``[0, 1]``, or the demands themselves.
    disagreement
        Payoffs when the demands are incompatible.

    Returns
    -------
    NashDemandGame
        Equilibria ordered by party 1's demand, then party 2's.

    Examples
    --------
    Without a disagreement payoff every split that uses the whole good is an
    equilibrium, and so is the pair of greedy demands (1, 1):

    >>> from negsim.bargaining.rubinstein import nash_demand_game
    >>> game = nash_demand_game(5)
    >>> game
    <NashDemandGame 5 demands: 6 pure equilibria (5 splits, 1 disagreement)>
    >>> [(e.demand1, e.demand2) for e in game.splits]
    [(0.0, 1.0), (0.25, 0.75), (0.5, 0.5), (0.75, 0.25), (1.0, 0.0)]

    A disagreement payoff of 0.3 each rules out every split giving one side less:

    >>> game = nash_demand_game(5, disagreement=(0.3, 0.3))
    >>> [(e.demand1, e.demand2) for e in game.splits]
    [(0.5, 0.5)]
    """
    grid = _demand_grid(demands)
    d1, d2 = (float(x) for x in disagreement)
    if not (math.isfinite(d1) and math.isfinite(d2)):
        raise AnalysisError("disagreement payoffs must be finite numbers")
    compatible = grid[:, None] + grid[None, :] <= 1.0 + COMPATIBLE_TOL
    pay1 = np.where(compatible, grid[:, None], d1)
    pay2 = np.where(compatible, grid[None, :], d2)
    tol = COMPATIBLE_TOL * max(1.0, abs(d1), abs(d2))
    best1 = pay1 >= pay1.max(axis=0, keepdims=True) - tol
    best2 = pay2 >= pay2.max(axis=1, keepdims=True) - tol
    rows, cols = np.nonzero(best1 & best2)
    equilibria = tuple(
        DemandEquilibrium(float(grid[i]), float(grid[j]), float(pay1[i, j]), float(pay2[i, j]))
        for i, j in zip(rows, cols, strict=True)
    )
    provenance = Provenance(
        "every pair of demands checked for a profitable deviation",
        exact=True,
        tolerance=COMPATIBLE_TOL,
        resolution={"demands": len(grid)},
    )
    return NashDemandGame(tuple(float(x) for x in grid), (d1, d2), equilibria, provenance)


def _demand_grid(demands: int | ArrayLike) -> np.ndarray:
    if isinstance(demands, int | np.integer):
        if demands < 2:
            raise AnalysisError(f"the demand grid needs at least 2 points, got {demands}")
        return np.linspace(0.0, 1.0, int(demands))
    grid = np.unique(np.asarray(demands, dtype=float).reshape(-1))
    if not len(grid) or not np.isfinite(grid).all() or grid[0] < 0 or grid[-1] > 1:
        raise AnalysisError("demands must be numbers in [0, 1]")
    return grid
