"""Bargaining ranges on one divisible issue: each party's acceptable values, after Fearon (1995)."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from negsim.errors import AnalysisError
from negsim.model.compile import Model
from negsim.plots.style import (
    ACCEPT_COLOUR,
    LIGHT,
    REJECT_COLOUR,
    issue_unit,
    new_figure,
    party_colour,
    party_name,
)

if TYPE_CHECKING:
    from negsim.bargaining.war import FearonRange

__all__ = [
    "BargainingRangeData",
    "bargaining_range",
    "bargaining_range_data",
    "fearon_range_data",
]


@dataclass(frozen=True, eq=False)
class BargainingRangeData:
    """Each side's acceptable values of one divisible issue, and the gap between them.

    ``intervals[p]`` lists the ranges of the issue party ``p`` accepts (as
    ``(low, high)``; a single value has ``low == high``); ``common`` the ranges
    where one deal suits every party. ``gap`` is ``(low, high)`` when the
    parties' acceptable values do not meet: the highest lower end and the
    lowest upper end among the parties, the most distant pair of demands.
    """

    issue: str
    unit: str
    span: tuple[float, float]
    rows: tuple[str, ...]
    intervals: tuple[tuple[tuple[float, float], ...], ...]
    common: tuple[tuple[float, float], ...]
    gap: tuple[float, float] | None
    gap_between: tuple[str, str] | None
    note: str = ""


def _runs(values: np.ndarray, accepted: np.ndarray) -> tuple[tuple[float, float], ...]:
    """Consecutive accepted grid points as ``(first, last)`` value pairs."""
    edges = np.diff(np.concatenate([[0], accepted.astype(np.int8), [0]]))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1
    return tuple((float(values[s]), float(values[e])) for s, e in zip(starts, ends, strict=True))


def bargaining_range_data(model: Model, issue: str) -> BargainingRangeData:
    """The values of a continuous issue each party could accept (the other issues free).

    On a single divisible issue with war as the outside option this is
    Fearon's (1995) picture: A accepts a share of at least ``p_A - c_A``, B
    concedes at most ``p_B + c_B``, and a bargaining range exists when the two
    overlap. Here each party's acceptable set comes from the model (red lines
    and no-deal value), so indivisibilities and other issues are accounted
    for; values are the issue's grid points.
    """
    if issue not in model.space.names:
        raise AnalysisError(f"unknown issue {issue!r}; issues are {', '.join(model.space.names)}")
    axis = model.space.axis(issue)
    if axis.kind != "continuous" or axis.grid is None:
        raise AnalysisError(f"issue {issue!r} is {axis.kind}; a bargaining range needs a number")
    k = model.space.names.index(issue)
    shape = model.space.shape
    others = tuple(1 + i for i in range(len(shape)) if i != k)
    accept = model.acceptable_masks
    stacked = np.concatenate([accept, accept.all(axis=0, keepdims=True)])
    full = stacked.reshape(len(stacked), *shape)
    levels = np.any(full, axis=others) if others else full.reshape(len(stacked), -1)
    grid = axis.grid
    intervals = tuple(_runs(grid, levels[p]) for p in range(len(model.parties)))
    # the lowest and highest acceptable value of each party that accepts any
    spans = {p: (iv[0][0], iv[-1][1]) for p, iv in enumerate(intervals) if iv}
    gap = gap_between = None
    if spans and not levels[:-1].all(axis=0).any():
        top = max(spans, key=lambda p: spans[p][0])  # the party demanding the most
        bottom = min(spans, key=lambda p: spans[p][1])  # the party conceding the least
        if spans[top][0] > spans[bottom][1]:
            gap = (float(spans[bottom][1]), float(spans[top][0]))
            gap_between = (model.parties[bottom], model.parties[top])
    unit = issue_unit(model, issue)
    return BargainingRangeData(
        issue=issue,
        unit=unit,
        span=(float(grid[0]), float(grid[-1])),
        rows=tuple(party_name(model, p) for p in model.parties),
        intervals=intervals,
        common=_runs(grid, levels[-1]),
        gap=gap,
        gap_between=None
        if gap_between is None
        else (party_name(model, gap_between[0]), party_name(model, gap_between[1])),
        note=f"grid of {axis.size} points",
    )


def fearon_range_data(fearon: FearonRange, *, issue: str = "share of A") -> BargainingRangeData:
    """The same picture for a :class:`negsim.bargaining.war.FearonRange`: A accepts
    ``[p_A - c_A, 1]``, B concedes ``[0, p_B + c_B]`` of A's share."""
    a, b = fearon.sides
    low, high = fearon.low, fearon.high
    a_iv = ((max(0.0, low), 1.0),) if low <= 1 else ()
    b_iv = ((0.0, min(1.0, high)),) if high >= 0 else ()
    common: tuple[tuple[float, float], ...] = (
        (fearon.interval,) if fearon.interval is not None else ()
    )
    if fearon.allowed is not None:
        common = tuple((v, v) for v in fearon.settlements)
    gap = None if fearon.interval is not None else (max(high, 0.0), min(low, 1.0))
    return BargainingRangeData(
        issue=issue,
        unit=f"share of the good to {a}",
        span=(0.0, 1.0),
        rows=(a, b),
        intervals=(a_iv, b_iv),
        common=common,
        gap=gap,
        gap_between=None if gap is None else (b, a),
        note=fearon.reason,
    )


def bargaining_range(data: BargainingRangeData, *, ax: Axes | None = None) -> Figure:
    """Draw each side's acceptable range of the issue as bars, the common range
    (if any) as a last bar, and the gap between the sides hatched."""
    n = len(data.rows)
    fig, ax = new_figure(ax, (7.2, 1.6 + 0.5 * (n + 1)))
    lo, hi = data.span
    width = hi - lo or 1.0
    dot = 0.008 * width
    rows = [*data.rows, "one deal for all"]
    for r, intervals in enumerate([*data.intervals, data.common]):
        y = n - r
        colour = party_colour(r) if r < n else ACCEPT_COLOUR
        for a, b in intervals:
            ax.add_patch(
                Rectangle(
                    (a - dot, y - 0.3), b - a + 2 * dot, 0.6, facecolor=colour, edgecolor="black"
                )
            )
        if not intervals:
            ax.text(
                lo + 0.01 * width,
                y,
                "no value suits every party" if r == n else "nothing acceptable",
                ha="left",
                va="center",
                fontsize=8,
                bbox=dict(boxstyle="square,pad=0.2", facecolor="white", edgecolor="none"),
            )
    if data.gap is not None:
        g0, g1 = data.gap
        ax.axvspan(g0, g1, facecolor="none", edgecolor=REJECT_COLOUR, hatch="//", lw=0, zorder=0)
        low_side, high_side = data.gap_between or ("", "")
        ax.text(
            (g0 + g1) / 2,
            n + 0.55,
            f"gap: {low_side} accepts at most {g0:.4g}, {high_side} needs at least {g1:.4g}",
            ha="center",
            va="bottom",
            fontsize=8.5,
            fontweight="bold",
            bbox=dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor=REJECT_COLOUR),
        )
    ax.set_yticks(np.arange(n, -1, -1), rows, fontsize=9)
    ax.set_xlim(lo - 0.03 * width, hi + 0.03 * width)
    ax.set_ylim(-0.6, n + 1.2)
    ax.set_xlabel(f"{data.issue} ({data.unit})" if data.unit else data.issue, fontsize=9)
    ax.grid(axis="x", color=LIGHT)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)
    common = "no value suits every party" if not data.common else "green: one deal suits all"
    note = textwrap.fill(f"{common}; {data.note}", 110)
    ax.set_title(f"Bargaining range on {data.issue}: what each side accepts\n{note}", fontsize=9.5)
    return fig
