"""The utility plane of two parties: every outcome as a point, the no-deal lines, the frontier.

As every figure, it comes in two halves: :func:`utility_space_data` computes
what is shown (a small frozen dataclass that tests can check) and
:func:`utility_space` draws it (into ``ax=`` if given) and returns the
:class:`~matplotlib.figure.Figure`. How it is drawn is decided on the data: a
large cloud as shades of density (``density_kinds``), a small zone enlarged in
an inset as well (``uses_inset``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap, to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
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
    "DENSITY_POINTS",
    "FEW_ZONE_POINTS",
    "INSET_SPAN",
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
DENSITY_POINTS = 2_000
"""Above this many points outside the pair's zone, the larger categories are drawn as densities."""
INSET_SPAN = 0.10
"""A zone under this share of the axes' span across and up is also shown enlarged in an inset."""
FEW_ZONE_POINTS = 12
"""A zone of at most this many points gets an inset too, if it spans under an eighth of the axes."""
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
    zone_exists: bool | None = None
    """The zone verdict when it was decided beyond the outcomes shown (a program over
    continuous issues); ``None``: the shown outcomes decide it."""

    @property
    def n_shown(self) -> int:
        return len(self.points)

    @property
    def subsampled(self) -> bool:
        return self.n_shown < self.n_distinct

    @property
    def quadrant_empty(self) -> bool:
        return self.n_both_accept == 0

    @property
    def zone_label(self) -> str:
        """How many outcomes every party accepts: ``"zone: 3 outcomes"``, or ``"no zone"``.

        A zone proven by a program but holding no grid outcome is named as such,
        so the title never contradicts the verdict.
        """
        n = self.n_every_party
        if n:
            return f"zone: {n:,} outcome{'s' * (n != 1)}"
        if self.zone_exists:
            return "a zone narrower than the grid (no grid outcome in it)"
        return "no zone"

    @property
    def both_accept(self) -> np.ndarray:
        """Which shown points both parties accept (their zone, which holds every party's)."""
        return self.kind >= KIND_PAIR

    @property
    def focus(self) -> np.ndarray:
        """The shown points an inset zooms on: the zone of every party, else the pair's."""
        every = self.kind == KIND_ALL
        return every if every.any() else self.both_accept

    @cached_property
    def extent(self) -> _Extent:
        """The axes' limits: every point and the no-deal point in view, with room for labels."""
        return _extent(self)

    @cached_property
    def zone_box(self) -> tuple[float, float, float, float] | None:
        """``(x0, x1, y0, y1)`` around the :attr:`focus` and the solutions (``None``: no zone)."""
        if not self.focus.any():
            return None
        pts = np.vstack([self.points[self.focus], *([p] for p in self.solutions.values())])
        (x0, y0), (x1, y1) = pts.min(axis=0), pts.max(axis=0)
        return float(x0), float(x1), float(y0), float(y1)

    @property
    def zone_share(self) -> float | None:
        """The larger of the zone's width and height as a share of the axes' span."""
        if self.zone_box is None:
            return None
        x0, x1, y0, y1 = self.zone_box
        (ax0, ax1), (ay0, ay1) = self.extent.xlim, self.extent.ylim
        return max((x1 - x0) / (ax1 - ax0), (y1 - y0) / (ay1 - ay0))

    @property
    def uses_inset(self) -> bool:
        """Whether the zone is small enough to be lost among the points, so an inset zooms on it.

        Small means the :attr:`zone_box` spans under :data:`INSET_SPAN` of the
        axes both across and up, or holds at most :data:`FEW_ZONE_POINTS`
        points within an eighth of the axes (so the inset still enlarges it).
        """
        share = self.zone_share
        if share is None:
            return False
        few = int(self.focus.sum()) <= FEW_ZONE_POINTS
        return share < INSET_SPAN or (few and share < 0.125)

    @property
    def inset_window(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """The inset's limits: the zone with room around it, scaled like the main axes."""
        x0, x1, y0, y1 = self.zone_box or (*self.extent.xlim, *self.extent.ylim)
        (ax0, ax1), (ay0, ay1) = self.extent.xlim, self.extent.ylim
        share = 1.6 * max(self.zone_share or 1.0, 0.02)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        hx, hy = share * (ax1 - ax0) / 2, share * (ay1 - ay0) / 2
        return (cx - hx, cx + hx), (cy - hy, cy + hy)

    @property
    def inset_bounds(self) -> tuple[float, float, float, float]:
        """Where the inset sits, in axes fractions ``(x, y, width, height)``.

        The corner holding the fewest points, away from the zone itself; never
        the upper right, which holds the quadrant's label.
        """
        candidates = [(0.1, 0.09), (0.1, 0.53), (0.57, 0.09)]
        return min(
            ((x, y, _INSET_SIZE, _INSET_SIZE) for x, y in candidates),
            key=self._inset_cost,
        )

    def _inset_cost(self, bounds: tuple[float, float, float, float]) -> tuple[bool, int]:
        (ax0, ax1), (ay0, ay1) = self.extent.xlim, self.extent.ylim
        x, y, w, h = bounds
        left, right = ax0 + x * (ax1 - ax0), ax0 + (x + w) * (ax1 - ax0)
        bottom, top = ay0 + y * (ay1 - ay0), ay0 + (y + h) * (ay1 - ay0)
        (wx0, wx1), (wy0, wy1) = self.inset_window
        covers_zone = wx0 < right and left < wx1 and wy0 < top and bottom < wy1
        px, py = self.points[:, 0], self.points[:, 1]
        inside = (px >= left) & (px <= right) & (py >= bottom) & (py <= top)
        return covers_zone, int(inside.sum())

    @property
    def uses_density(self) -> bool:
        """Whether the points outside the pair's zone are so many they are drawn as densities."""
        return int((~self.both_accept).sum()) > DENSITY_POINTS

    @property
    def density_kinds(self) -> tuple[int, ...]:
        """The kinds drawn as a density (hexbin) rather than as points.

        Empty when the cloud is small; otherwise every kind outside the pair's
        zone with more than a tenth of :data:`DENSITY_POINTS` points (fewer are
        drawn as points, which they do not hide).
        """
        if not self.uses_density:
            return ()
        counts = np.bincount(self.kind, minlength=KIND_PAIR)
        return tuple(k for k in range(KIND_PAIR) if counts[k] > DENSITY_POINTS // 10)


def utility_space_data(
    model: Model,
    pair: tuple[str, str] | None = None,
    *,
    solutions: Mapping[str, Sequence[float]] | None = None,
    max_points: int = MAX_POINTS,
    zone_exists: bool | None = None,
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
    zone_exists
        The zone verdict when decided beyond the enumerated outcomes (e.g.
        :attr:`negsim.zone.Analysis.zone_exists`), for the title.
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
        zone_exists=zone_exists,
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
_INSET_SIZE = 0.4
_HEX_GRID = 70
_INSET_POINTS = 300
_SOLUTION_COLOUR = OKABE_ITO["reddish_purple"]


def utility_space(data: UtilitySpaceData, *, ax: Axes | None = None) -> Figure:
    """Draw the utility plane of two parties (see :func:`utility_space_data`).

    The quadrant where both parties prefer a deal to no deal is shaded; when no
    outcome respecting their red lines lies there, the plot says so. The
    outcomes both parties accept are drawn last, above the others. A large
    cloud is drawn as shades of density (:attr:`UtilitySpaceData.density_kinds`)
    and a small zone is shown again, enlarged, in an inset
    (:attr:`UtilitySpaceData.uses_inset`).
    """
    fig, ax = new_figure(ax, (6.6, 6.4), margins=(0.75, 0.2, 0.55, 1.55))
    (na, nb), extent = data.names, data.extent
    _shade_quadrant(ax, data, extent.xlim, extent.ylim)
    shades = _draw_cloud(ax, data)
    _draw_no_deal_lines(ax, data)
    _draw_frontier(ax, data)
    _draw_solutions(ax, data, ms=11)
    _draw_zone(ax, data)
    _label_quadrant(ax, data, extent)
    ax.set_xlim(extent.xlim)
    ax.set_ylim(extent.ylim)
    ax.set_xlabel(f"utility to {na}")
    ax.set_ylabel(f"utility to {nb}")
    ax.set_title(_title(data), fontsize=10)
    handles = [*shades, *ax.get_legend_handles_labels()[0]]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.13),
        ncol=2,
        fontsize=7.5,
        frameon=False,
    )
    if data.uses_inset:
        _draw_inset(ax, data)
    return fig


def _title(data: UtilitySpaceData) -> str:
    na, nb = data.names
    title = f"{na} and {nb}: {data.n_outcomes:,} outcomes; {data.zone_label}"
    notes = []
    if data.subsampled:
        notes.append(f"{data.n_shown:,} of {data.n_distinct:,} distinct points (fixed sample)")
    if data.density_kinds:
        notes.append("darker shade: more outcomes")
    return "\n".join([title, "; ".join(notes)] if notes else [title])


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
            dict(marker="o", ms=6, mfc=OKABE_ITO["orange"], mec="black"),
        ),
        KIND_ALL: (
            "acceptable to every party",
            dict(marker="o", ms=8, mfc=ACCEPT_COLOUR, mec="black"),
        ),
    }


def _kind_colour(data: UtilitySpaceData, kind: int) -> str:
    return {KIND_FIRST_ONLY: data.colours[0], KIND_SECOND_ONLY: data.colours[1]}.get(
        kind, GREY if kind == KIND_NEITHER else "black"
    )


def _tint(colour: str, white: float) -> tuple[float, float, float]:
    """``colour`` mixed with ``white`` parts of white."""
    rgb = np.array(to_rgb(colour))
    r, g, b = rgb + (1 - rgb) * white
    return float(r), float(g), float(b)


def _shade_quadrant(
    ax: Axes, data: UtilitySpaceData, xlim: tuple[float, float], ylim: tuple[float, float]
) -> None:
    da, db = data.no_deal
    ax.add_patch(
        Rectangle(
            (da, db),
            max(xlim[1] - da, 0.0),
            max(ylim[1] - db, 0.0),
            facecolor=OKABE_ITO["yellow"],
            alpha=0.25,
            edgecolor="none",
            zorder=0,
        )
    )


def _plot_points(ax: Axes, pts: np.ndarray, style: dict[str, Any], **kwargs: Any) -> None:
    # Line2D markers are stamped by the renderer, far faster than a scatter collection
    ax.plot(
        pts[:, 0],
        pts[:, 1],
        linestyle="none",
        **{"mew": 0.8, "mec": style.get("mfc"), **style, **kwargs},
    )


def _draw_cloud(ax: Axes, data: UtilitySpaceData) -> list[Patch]:
    """The points outside the pair's zone, as points or shades; the shades' legend entries."""
    shades = []
    for k, (label, style) in _point_styles(data).items():
        sel = data.kind == k
        if k >= KIND_PAIR or not sel.any():
            continue
        if k in data.density_kinds:
            limits = (*data.extent.xlim, *data.extent.ylim)
            _draw_density(ax, data.points[sel], _kind_colour(data, k), limits, 1 + k)
            shades.append(Patch(facecolor=_tint(_kind_colour(data, k), 0.5), label=label))
        else:
            _plot_points(
                ax, data.points[sel], style, rasterized=True, zorder=1 + k, label=label, gid="cloud"
            )
    return shades


def _draw_density(
    ax: Axes,
    pts: np.ndarray,
    colour: str,
    limits: tuple[float, float, float, float],
    zorder: float,
    gridsize: int = _HEX_GRID,
) -> None:
    """A hexbin of points in light shades of ``colour`` (every kind on the same grid)."""
    shades = LinearSegmentedColormap.from_list(colour, [_tint(colour, 0.85), _tint(colour, 0.2)])
    ax.hexbin(
        pts[:, 0],
        pts[:, 1],
        gridsize=gridsize,
        extent=limits,
        mincnt=1,
        bins="log",
        cmap=shades,
        linewidths=0,
        alpha=0.7,
        zorder=zorder,
        rasterized=True,
        gid="cloud",
    )


def _draw_zone(ax: Axes, data: UtilitySpaceData, *, legend: bool = True) -> None:
    """The outcomes both parties accept, above everything but the labels."""
    halo = [withStroke(linewidth=2.5, foreground="white")]
    for k, (label, style) in _point_styles(data).items():
        sel = data.kind == k
        if k < KIND_PAIR or not sel.any():
            continue
        _plot_points(
            ax,
            data.points[sel],
            style,
            mew=1,
            zorder=10 + k - KIND_PAIR,
            path_effects=halo,
            label=label if legend else "_nolegend_",
            gid="zone",
        )


def _draw_no_deal_lines(ax: Axes, data: UtilitySpaceData) -> None:
    """The no-deal lines, labelled at the axes' edge or, if an inset sits there, beyond it."""
    (na, nb), (da, db) = data.names, data.no_deal
    ax.axvline(da, color="black", linestyle="--", linewidth=1, zorder=6)
    ax.axhline(db, color="black", linestyle="--", linewidth=1, zorder=6)
    label_box = dict(boxstyle="square,pad=0.15", facecolor="white", edgecolor="none", alpha=0.8)
    at_x, at_y, below = _no_deal_label_places(data)
    ax.annotate(
        f"{na}: no deal",
        (da, at_y),
        xycoords=ax.get_xaxis_transform(),
        xytext=(-3, 4),
        textcoords="offset points",
        rotation=90,
        ha="right",
        va="bottom",
        fontsize=8,
        bbox=label_box,
        zorder=11,
    )
    ax.annotate(
        f"{nb}: no deal",
        (at_x, db),
        xycoords=ax.get_yaxis_transform(),
        xytext=(4, -3 if below else 3),
        textcoords="offset points",
        ha="left",
        va="top" if below else "bottom",
        fontsize=8,
        bbox=label_box,
        zorder=11,
    )


def _no_deal_label_places(data: UtilitySpaceData) -> tuple[float, float, bool]:
    """Where the no-deal labels start, in axes fractions (across for the horizontal
    line's, up for the vertical line's), and whether the horizontal one goes below
    its line: past an inset the line crosses, clear of the inset's tick labels."""
    if not data.uses_inset:
        return 0.0, 0.0, False
    (ax0, ax1), (ay0, ay1) = data.extent.xlim, data.extent.ylim
    x, y, w, h = data.inset_bounds
    da, db = (data.no_deal[0] - ax0) / (ax1 - ax0), (data.no_deal[1] - ay0) / (ay1 - ay0)
    at_x = x + w + 0.01 if x < 0.5 and y <= db <= y + h else 0.0
    at_y = y + h + 0.04 if y < 0.5 and x <= da <= x + w else 0.0
    below = x < 0.5 and y - 0.07 <= db < y
    return at_x, at_y, below


def _draw_frontier(ax: Axes, data: UtilitySpaceData, *, legend: bool = True) -> None:
    if not len(data.frontier):
        return
    f = data.frontier
    ax.plot(
        f[:, 0],
        f[:, 1],
        color="black",
        lw=2,
        zorder=7,
        path_effects=[withStroke(linewidth=4, foreground="white")],
        label="Pareto frontier of their zone" if legend else "_nolegend_",
    )


def _solution_groups(data: UtilitySpaceData) -> dict[tuple[float, float], list[str]]:
    """The solutions' names by point: solutions at the same point share one marker."""
    groups: dict[tuple[float, float], list[str]] = {}
    for name, point in data.solutions.items():
        groups.setdefault((round(point[0], 9), round(point[1], 9)), []).append(name)
    return groups


def _draw_solutions(ax: Axes, data: UtilitySpaceData, *, ms: float, labelled: bool = False) -> None:
    """Hollow markers under the zone's points, so the outcomes stay visible; in the
    inset each is named beside it instead of in the legend."""
    used: dict[tuple[bool, bool], float] = {}
    for i, ((sx, sy), group) in enumerate(_solution_groups(data).items()):
        ax.plot(
            [sx],
            [sy],
            linestyle="none",
            marker=_SOLUTION_MARKERS[i % len(_SOLUTION_MARKERS)],
            ms=ms,
            mfc="none",
            mec=_SOLUTION_COLOUR,
            mew=1.8,
            zorder=8,
            label="_nolegend_" if labelled else ", ".join(group),
        )
        if labelled:
            used = _name_solution(ax, (sx, sy), group, used)


def _name_solution(
    ax: Axes, point: tuple[float, float], names: list[str], used: dict[tuple[bool, bool], float]
) -> dict[tuple[bool, bool], float]:
    """A solution's names, off its marker toward the middle of the axes, stacked
    beyond the names already put on that side (``used``: their height in points)."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    left, up = point[0] > (x0 + x1) / 2, point[1] < (y0 + y1) / 2
    rise = 10 + used.get((left, up), 0.0)
    ax.annotate(
        "\n".join(names),
        point,
        xytext=(-12 if left else 12, rise if up else -rise),
        textcoords="offset points",
        ha="right" if left else "left",
        va="bottom" if up else "top",
        fontsize=6.5,
        color="black",
        bbox=dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor=_SOLUTION_COLOUR, lw=0.6),
        arrowprops=dict(arrowstyle="-", color=_SOLUTION_COLOUR, lw=0.8, shrinkB=4),
        zorder=12,
    )
    return {**used, (left, up): rise + 8.5 * len(names) + 4}


def _draw_cloud_near(
    ax: Axes, data: UtilitySpaceData, xlim: tuple[float, float], ylim: tuple[float, float]
) -> None:
    """The points outside the pair's zone within the limits: faint, or as shades if many."""
    pts = data.points
    x_in = (pts[:, 0] >= xlim[0]) & (pts[:, 0] <= xlim[1])
    near = x_in & (pts[:, 1] >= ylim[0]) & (pts[:, 1] <= ylim[1])
    dense = int((near & ~data.both_accept).sum()) > _INSET_POINTS
    for k, (_, style) in _point_styles(data).items():
        sel = near & (data.kind == k)
        if k >= KIND_PAIR or not sel.any():
            continue
        if dense:
            limits = (*xlim, *ylim)
            _draw_density(ax, pts[sel], _kind_colour(data, k), limits, 1 + k, gridsize=25)
        else:
            _plot_points(ax, pts[sel], style, alpha=0.5, rasterized=True, zorder=1 + k, gid="cloud")


def _draw_inset(ax: Axes, data: UtilitySpaceData) -> Axes:
    """The zone enlarged in a corner of ``ax``, with the points around it, the frontier
    and the solutions named; linked to the region it shows."""
    xlim, ylim = data.inset_window
    inset = ax.inset_axes(data.inset_bounds, xlim=xlim, ylim=ylim, zorder=20)
    inset.set_gid("zone_inset")
    _shade_quadrant(inset, data, xlim, ylim)
    _draw_cloud_near(inset, data, xlim, ylim)
    inset.axvline(data.no_deal[0], color="black", linestyle="--", linewidth=0.8, zorder=6)
    inset.axhline(data.no_deal[1], color="black", linestyle="--", linewidth=0.8, zorder=6)
    _draw_frontier(inset, data, legend=False)
    _draw_solutions(inset, data, ms=14, labelled=True)
    _draw_zone(inset, data, legend=False)
    inset.set_xlim(xlim)
    inset.set_ylim(ylim)
    inset.tick_params(labelsize=6.5, length=2, pad=1.5)
    inset.set_title("the zone, enlarged", fontsize=7.5, pad=2)
    ax.indicate_inset_zoom(inset, edgecolor="black", alpha=0.7)
    return inset


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
