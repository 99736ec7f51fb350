"""The utility plane of two parties: every outcome as a point, the no-deal lines, the frontier.

As every figure, it comes in two halves: :func:`utility_space_data` computes
what is shown (a small frozen dataclass that tests can check) and
:func:`utility_space` draws it (into ``ax=`` if given) and returns the
:class:`~matplotlib.figure.Figure`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.patheffects import withStroke

from negsim.bargaining.pareto import pareto_frontier
from negsim.errors import AnalysisError
from negsim.model.compile import Model
from negsim.plots.style import (
    ACCEPT_COLOUR,
    GREY,
    OKABE_ITO,
    new_figure,
    party_colour,
    party_name,
    possessive,
)

__all__ = [
    "KIND_ALL",
    "KIND_FIRST_ONLY",
    "KIND_NEITHER",
    "KIND_OPEN",
    "KIND_PAIR",
    "KIND_SECOND_ONLY",
    "MAX_POINTS",
    "UtilitySpaceData",
    "utility_space",
    "utility_space_data",
]

MAX_POINTS = 20_000
"""Above this many distinct points a utility plot shows a deterministic sample."""
KIND_NEITHER, KIND_FIRST_ONLY, KIND_SECOND_ONLY, KIND_OPEN, KIND_PAIR, KIND_ALL = range(6)
"""Categories of a point of the utility plane of parties A and B: crosses red lines of
both; respects only A's red lines; respects only B's; respects both sides' red lines but
is not acceptable to both; acceptable to both; acceptable to every party."""


@dataclass(frozen=True, eq=False)
class UtilitySpaceData:
    """Every outcome of a scenario as a point in the utility plane of two parties.

    ``kind`` classifies each shown point (``KIND_*`` constants of this module).
    Identical points of the same kind are shown once. ``frontier`` is the
    Pareto frontier of the outcomes both parties accept (empty when none).
    """

    parties: tuple[str, str]
    names: tuple[str, str]
    colours: tuple[str, str]
    points: np.ndarray = field(repr=False)
    kind: np.ndarray = field(repr=False)
    no_deal: tuple[float, float]
    n_outcomes: int
    n_distinct: int
    n_both_accept: int
    """Outcomes in the shaded quadrant that respect both parties' red lines."""
    n_every_party: int
    frontier: np.ndarray = field(repr=False)
    solutions: Mapping[str, tuple[float, float]] = field(default_factory=dict)

    @property
    def n_shown(self) -> int:
        return len(self.points)

    @property
    def subsampled(self) -> bool:
        return self.n_shown < self.n_distinct

    @property
    def quadrant_empty(self) -> bool:
        return self.n_both_accept == 0


def utility_space_data(
    model: Model,
    pair: tuple[str, str] | None = None,
    *,
    solutions: Mapping[str, Sequence[float]] | None = None,
    max_points: int = MAX_POINTS,
) -> UtilitySpaceData:
    """Points, categories, no-deal lines and frontier of the utility plane of two parties.

    Parameters
    ----------
    model
        The compiled scenario.
    pair
        The two party ids (default: the first two parties).
    solutions
        Optional bargaining solutions by name, each the utilities of the pair.
    max_points
        Identical (point, category) rows are merged. If more distinct rows
        remain, every row acceptable to both parties is kept and the others
        are sampled with a fixed seed (0), each category getting an equal share
        of the room left (categories smaller than their share are kept whole),
        so rare categories stay visible and the figure is the same every run.
    """
    if len(model.parties) < 2:
        raise AnalysisError("a utility plane needs two parties; this scenario has one")
    a, b = pair if pair is not None else model.parties[:2]
    ia, ib = model.party_index(a), model.party_index(b)
    masks = model.red_line_masks
    respects = []
    for party in (a, b):
        ok = np.ones(model.n_outcomes, dtype=bool)
        for r in model.red_lines_of(party):
            ok &= masks[r]
        respects.append(ok)
    accept = model.acceptable_masks
    both = accept[ia] & accept[ib]
    every = accept.all(axis=0)
    kind = np.select(
        [every, both, respects[0] & respects[1], respects[0], respects[1]],
        [KIND_ALL, KIND_PAIR, KIND_OPEN, KIND_FIRST_ONLY, KIND_SECOND_ONLY],
        KIND_NEITHER,
    )
    rows = _distinct_rows(np.column_stack([np.round(model.utility[:, [ia, ib]], 9), kind]))
    n_distinct = len(rows)
    zone_rows = rows[rows[:, 2] >= KIND_PAIR]
    if n_distinct > max_points:
        rows = _stratified_sample(rows, max_points)
    frontier = zone_rows[:0, :2]
    if len(zone_rows):
        frontier = zone_rows[pareto_frontier(zone_rows[:, :2], keep="first"), :2]
    return UtilitySpaceData(
        parties=(a, b),
        names=(party_name(model, a), party_name(model, b)),
        colours=(party_colour(ia), party_colour(ib)),
        points=rows[:, :2],
        kind=rows[:, 2].astype(np.int8),
        no_deal=(float(model.no_deal[ia]), float(model.no_deal[ib])),
        n_outcomes=model.n_outcomes,
        n_distinct=n_distinct,
        n_both_accept=int(np.count_nonzero(both)),
        n_every_party=int(np.count_nonzero(every)),
        frontier=frontier[np.argsort(frontier[:, 0])],
        solutions={k: (float(v[0]), float(v[1])) for k, v in (solutions or {}).items()},
    )


def _distinct_rows(rows: np.ndarray) -> np.ndarray:
    """Distinct rows in lexicographic order (as ``np.unique(rows, axis=0)``, sorted by
    ``lexsort`` on the columns, which is much faster than comparing whole rows)."""
    if len(rows) == 0:
        return rows
    order = np.lexsort(rows.T[::-1])
    ordered = rows[order]
    new = np.ones(len(ordered), dtype=bool)
    new[1:] = (ordered[1:] != ordered[:-1]).any(axis=1)
    return ordered[new]


def _stratified_sample(rows: np.ndarray, max_points: int) -> np.ndarray:
    """Keep zone rows; share the remaining room equally among the other categories."""
    keep = rows[:, 2] >= KIND_PAIR
    room = max(max_points - int(keep.sum()), 0)
    groups = [np.flatnonzero(rows[:, 2] == k) for k in range(KIND_PAIR)]
    groups = sorted((g for g in groups if len(g)), key=len)
    rng = np.random.default_rng(0)
    for left, group in zip(range(len(groups), 0, -1), groups, strict=True):
        take = min(len(group), room // left)
        keep[rng.choice(group, size=take, replace=False)] = True
        room -= take
    return rows[keep]


_SOLUTION_MARKERS = ("*", "D", "^", "s", "P", "X", "v")


def utility_space(data: UtilitySpaceData, *, ax: Axes | None = None) -> Figure:
    """Draw the utility plane of two parties (see :func:`utility_space_data`).

    The quadrant where both parties prefer a deal to no deal is shaded; when no
    outcome respecting their red lines lies there, the plot says so.
    """
    fig, ax = new_figure(ax, (6.6, 6.4), margins=(0.75, 0.2, 0.55, 1.55))
    (na, nb), (da, db) = data.names, data.no_deal
    extent = _extent(data)
    xlim, ylim = extent.xlim, extent.ylim
    ax.add_patch(
        Rectangle(
            (da, db),
            xlim[1] - da,
            ylim[1] - db,
            facecolor=OKABE_ITO["yellow"],
            alpha=0.25,
            edgecolor="none",
            zorder=0,
        )
    )
    _draw_points(ax, data)
    _draw_no_deal_lines(ax, data, xlim, ylim)
    _draw_frontier(ax, data)
    _draw_solutions(ax, data)
    _label_quadrant(ax, data, extent)
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
    ax.set_xlabel(f"utility to {na}")
    ax.set_ylabel(f"utility to {nb}")
    note = f"{data.n_outcomes:,} outcomes"
    if data.subsampled:
        note += f"; {data.n_shown:,} of {data.n_distinct:,} distinct points shown (fixed sample)"
    ax.set_title(f"{na} and {nb}: every outcome\n{note}", fontsize=10)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, fontsize=7.5, frameon=False)
    return fig


@dataclass(frozen=True)
class _Extent:
    """The axes' limits and the padding added around the points."""

    xlim: tuple[float, float]
    ylim: tuple[float, float]
    padx: float
    pady: float


def _extent(data: UtilitySpaceData) -> _Extent:
    """Every point and the no-deal point in view, with room for the quadrant and its label."""
    (da, db), pts = data.no_deal, data.points
    xs = np.append(pts[:, 0], da)
    ys = np.append(pts[:, 1], db)
    x0, x1 = float(xs.min()), float(xs.max())
    y0, y1 = float(ys.min()), float(ys.max())
    # leave room beyond the no-deal point so the quadrant is visible even when empty
    # and headroom above the points for the quadrant's label
    x1 = max(x1, da + 0.25 * (x1 - x0 or 1.0))
    y1 = max(y1 + 0.16 * (y1 - y0 or 1.0), db + 0.3 * (y1 - y0 or 1.0))
    padx, pady = 0.05 * (x1 - x0 or 1.0), 0.05 * (y1 - y0 or 1.0)
    return _Extent((x0 - padx, x1 + padx), (y0 - pady, y1 + pady), padx, pady)


def _point_styles(data: UtilitySpaceData) -> dict[int, tuple[str, dict[str, Any]]]:
    """Legend label and marker style of each kind of point."""
    (na, nb), (ca, cb) = data.names, data.colours
    return {
        KIND_NEITHER: ("crosses red lines of both", dict(marker="x", ms=3.5, mec=GREY, alpha=0.4)),
        KIND_FIRST_ONLY: (
            f"respects only {possessive(na)} red lines",
            dict(marker=">", ms=4, mfc="none", mec=ca, alpha=0.75),
        ),
        KIND_SECOND_ONLY: (
            f"respects only {possessive(nb)} red lines",
            dict(marker="^", ms=4, mfc="none", mec=cb, alpha=0.75),
        ),
        KIND_OPEN: ("respects both sides' red lines", dict(marker="o", ms=2.5, mfc="black")),
        KIND_PAIR: (
            f"acceptable to {na} and {nb}",
            dict(marker="o", ms=5, mfc=OKABE_ITO["orange"], mec="black"),
        ),
        KIND_ALL: (
            "acceptable to every party",
            dict(marker="o", ms=6, mfc=ACCEPT_COLOUR, mec="black"),
        ),
    }


def _draw_points(ax: Axes, data: UtilitySpaceData) -> None:
    pts = data.points
    # Line2D markers are stamped by the renderer, far faster than a scatter collection
    for k, (label, style) in _point_styles(data).items():
        sel = data.kind == k
        if sel.any():
            style.setdefault("mec", style.get("mfc"))
            ax.plot(
                pts[sel, 0],
                pts[sel, 1],
                linestyle="none",
                mew=0.8,
                rasterized=True,
                zorder=1 + k,
                label=label,
                **style,
            )


def _draw_no_deal_lines(
    ax: Axes, data: UtilitySpaceData, xlim: tuple[float, float], ylim: tuple[float, float]
) -> None:
    (na, nb), (da, db) = data.names, data.no_deal
    ax.axvline(da, color="black", linestyle="--", linewidth=1, zorder=7)
    ax.axhline(db, color="black", linestyle="--", linewidth=1, zorder=7)
    label_box = dict(boxstyle="square,pad=0.15", facecolor="white", edgecolor="none", alpha=0.8)
    ax.annotate(
        f"{na}: no deal",
        (da, ylim[0]),
        xytext=(-3, 4),
        textcoords="offset points",
        rotation=90,
        ha="right",
        va="bottom",
        fontsize=8,
        bbox=label_box,
        zorder=8,
    )
    ax.annotate(
        f"{nb}: no deal",
        (xlim[0], db),
        xytext=(4, 3),
        textcoords="offset points",
        ha="left",
        va="bottom",
        fontsize=8,
        bbox=label_box,
        zorder=8,
    )


def _draw_frontier(ax: Axes, data: UtilitySpaceData) -> None:
    if not len(data.frontier):
        return
    f = data.frontier
    ax.plot(
        f[:, 0],
        f[:, 1],
        color="black",
        lw=2,
        zorder=8,
        path_effects=[withStroke(linewidth=4, foreground="white")],
        label="Pareto frontier of their zone",
    )


def _draw_solutions(ax: Axes, data: UtilitySpaceData) -> None:
    # solutions at the same point share one hollow marker, so the outcome stays visible
    groups: dict[tuple[float, float], list[str]] = {}
    for name, point in data.solutions.items():
        groups.setdefault((round(point[0], 9), round(point[1], 9)), []).append(name)
    for i, ((sx, sy), group) in enumerate(groups.items()):
        ax.plot(
            [sx],
            [sy],
            linestyle="none",
            marker=_SOLUTION_MARKERS[i % len(_SOLUTION_MARKERS)],
            ms=13,
            mfc="none",
            mec=OKABE_ITO["reddish_purple"],
            mew=2.2,
            zorder=9,
            label=", ".join(group),
        )


def _label_quadrant(ax: Axes, data: UtilitySpaceData, extent: _Extent) -> None:
    if data.quadrant_empty:
        message = "no outcome here\nthat both would accept"
    else:
        n = data.n_both_accept
        message = f"{n:,} outcome{'s' * (n != 1)} both accept"
    ax.text(
        extent.xlim[1] - extent.padx * 0.3,
        extent.ylim[1] - extent.pady * 0.3,
        f"both better off than with no deal\n{message}",
        ha="right",
        va="top",
        fontsize=9,
        fontweight="bold" if data.quadrant_empty else "normal",
        bbox=dict(boxstyle="round,pad=0.3", facecolor="white", edgecolor=GREY, alpha=0.9),
        zorder=10,
    )
