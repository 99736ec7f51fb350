"""Figures that show whether a negotiation has a zone of agreement, and why not.

Every figure comes in two halves: a ``<name>_data(...)`` function computes what
is shown (a small frozen dataclass that tests can check) and ``<name>(...)``
draws it. Drawing functions accept ``ax=`` (a matplotlib Axes to draw into) and
return the :class:`~matplotlib.figure.Figure`.

Figures are built with :class:`matplotlib.figure.Figure` directly rather than
through ``pyplot``: no GUI backend is ever selected, so they render the same on
a machine without a display (saving uses the Agg renderer) and nothing is kept
alive in a global figure registry. Jupyter displays a returned Figure inline.

Colours follow the Okabe & Ito (2008) palette, which stays distinguishable
under the common forms of colour blindness; categories are also told apart by
marker shape or text, never by colour alone.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.patheffects import withStroke

from negsim.bargaining.pareto import pareto_frontier
from negsim.errors import AnalysisError
from negsim.model.compile import Model

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
PARTY_COLOURS = (
    OKABE_ITO["blue"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["orange"],
    OKABE_ITO["sky_blue"],
    OKABE_ITO["yellow"],
    OKABE_ITO["black"],
)
GREY = "#8C8C8C"
LIGHT = "#EDEDED"
ACCEPT_COLOUR = OKABE_ITO["bluish_green"]
REJECT_COLOUR = OKABE_ITO["vermillion"]

MAX_POINTS = 20_000
"""Above this many distinct points a utility plot shows a deterministic sample."""
MAX_MAP_LEVELS = 41
"""An issue with more levels than this is binned on the issue-space map."""


def party_colour(index: int) -> str:
    """Colour of the party at ``index`` (cycles through the palette)."""
    return PARTY_COLOURS[index % len(PARTY_COLOURS)]


def party_name(model: Model, party: str) -> str:
    """The display name of a party (its ``name`` or its id)."""
    return model.scenario.parties[party].name or party


def new_figure(
    ax: Axes | None,
    figsize: tuple[float, float],
    margins: tuple[float, float, float, float] | None = None,
) -> tuple[Figure, Axes]:
    """The figure and axes to draw on: ``ax``'s own, or a new figure of ``figsize``.

    ``margins`` (left, right, top, bottom, in inches) fix where the axes sit;
    without them the constrained layout engine places everything, which is
    convenient for variable labels but costs a layout pass at every save.
    """
    if ax is not None:
        return ax.get_figure(root=True), ax
    if margins is None:
        fig = Figure(figsize=figsize, layout="constrained")
        return fig, fig.add_subplot()
    width, height = figsize
    left, right, top, bottom = margins
    fig = Figure(figsize=figsize)
    ax = fig.add_axes(
        (left / width, bottom / height, 1 - (left + right) / width, 1 - (top + bottom) / height)
    )
    return fig, ax


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# ---------------------------------------------------------------- utility space

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
    (na, nb), (da, db), (ca, cb) = data.names, data.no_deal, data.colours
    pts, kind = data.points, data.kind
    xs = np.append(pts[:, 0], da)
    ys = np.append(pts[:, 1], db)
    x0, x1 = float(xs.min()), float(xs.max())
    y0, y1 = float(ys.min()), float(ys.max())
    # leave room beyond the no-deal point so the quadrant is visible even when empty
    # and headroom above the points for the quadrant's label
    x1 = max(x1, da + 0.25 * (x1 - x0 or 1.0))
    y1 = max(y1 + 0.16 * (y1 - y0 or 1.0), db + 0.3 * (y1 - y0 or 1.0))
    padx, pady = 0.05 * (x1 - x0 or 1.0), 0.05 * (y1 - y0 or 1.0)
    xlim, ylim = (x0 - padx, x1 + padx), (y0 - pady, y1 + pady)

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
    # Line2D markers are stamped by the renderer, far faster than a scatter collection
    styles = {
        KIND_NEITHER: ("crosses red lines of both", dict(marker="x", ms=3.5, mec=GREY, alpha=0.4)),
        KIND_FIRST_ONLY: (
            f"respects only {_possessive(na)} red lines",
            dict(marker=">", ms=4, mfc="none", mec=ca, alpha=0.75),
        ),
        KIND_SECOND_ONLY: (
            f"respects only {_possessive(nb)} red lines",
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
    for k, (label, style) in styles.items():
        sel = kind == k
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
    if len(data.frontier):
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
    if data.quadrant_empty:
        message = "no outcome here\nthat both would accept"
    else:
        n = data.n_both_accept
        message = f"{n:,} outcome{'s' * (n != 1)} both accept"
    ax.text(
        xlim[1] - padx * 0.3,
        ylim[1] - pady * 0.3,
        f"both better off than with no deal\n{message}",
        ha="right",
        va="top",
        fontsize=9,
        fontweight="bold" if data.quadrant_empty else "normal",
        bbox=dict(boxstyle="round,pad=0.3", facecolor="white", edgecolor=GREY, alpha=0.9),
        zorder=10,
    )
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


# ---------------------------------------------------------------- issue-space map


def issue_contest(model: Model) -> dict[str, tuple[float, float]]:
    """How contested each issue is: ``(gap, disagreement)``; larger is more contested.

    *Gap*: for each party ``p`` let ``S_p`` be the levels of the issue at which
    some outcome is acceptable to ``p`` (red lines and no-deal value included).
    The gap is the sum, over pairs of parties with non-empty sets, of the
    Jaccard distance ``1 - |S_p & S_q| / |S_p | S_q|``: 1 for a pair whose
    acceptable levels do not overlap at all, 0 for a pair that could agree on
    any level. *Disagreement* breaks ties from utilities alone: the sum over
    ordered pairs of what ``p`` gives up (weighted value) at the level ``q``
    likes best (``q``'s most favourable one for ``p`` when ``q`` is indifferent).
    """
    accept = model.acceptable_masks
    shape = model.space.shape
    n = len(model.parties)
    full = accept.reshape(n, *shape)
    upper = np.triu_indices(n, k=1)
    out: dict[str, tuple[float, float]] = {}
    for k, axis in enumerate(model.space.axes):
        others = tuple(1 + i for i in range(len(shape)) if i != k)
        levels = full.any(axis=others) if others else full
        overlap = levels.astype(np.int64) @ levels.T.astype(np.int64)
        size = levels.sum(axis=1)
        union = size[:, None] + size[None, :] - overlap
        both = (size[:, None] > 0) & (size[None, :] > 0)
        distance = np.where(both, 1.0 - overlap / np.maximum(union, 1), 0.0)
        tables = np.array(
            [t.get(axis.name, np.zeros(axis.size)) for t in model.tables], dtype=float
        )
        favourite = np.isclose(tables, tables.max(axis=1, keepdims=True))
        at_their_best = np.where(favourite[None, :, :], tables[:, None, :], -np.inf).max(axis=2)
        loss = tables.max(axis=1)[:, None] - at_their_best
        out[axis.name] = (float(distance[upper].sum()), float(loss.sum()))
    return out


def most_contested(model: Model, n: int = 2) -> tuple[str, ...]:
    """The ``n`` most contested issues (see :func:`issue_contest`), in scenario order on ties."""
    contest = issue_contest(model)
    order = sorted(contest, key=lambda k: (-contest[k][0], -contest[k][1]))
    return tuple(order[:n])


@dataclass(frozen=True, eq=False)
class IssueMapData:
    """For each pair of levels of two issues, which parties could accept a deal there.

    ``accepts[p, i, j]`` is True when some outcome with level (or bin) ``i`` of
    the first issue and ``j`` of the second is acceptable to party ``p``, the
    other issues being free; ``zone[i, j]`` when one outcome there is acceptable
    to every party at once. Subset levels are ordered by size (none first) and
    labelled with one mark per item, explained in ``notes``.
    """

    issues: tuple[str, str]
    labels: tuple[tuple[str, ...], tuple[str, ...]]
    parties: tuple[str, ...]
    names: tuple[str, ...]
    accepts: np.ndarray = field(repr=False)
    zone: np.ndarray = field(repr=False)
    chosen_by: str = "given"
    notes: tuple[str, ...] = ()

    @property
    def n_zone_cells(self) -> int:
        return int(np.count_nonzero(self.zone))


def _abbreviations(items: Sequence[str]) -> tuple[str, ...]:
    """The shortest equal-length capitalised prefixes that tell the items apart."""
    for width in range(1, max(len(i) for i in items) + 1):
        marks = tuple(i[:width].capitalize().ljust(width, "_") for i in items)
        if len(set(marks)) == len(marks):
            return marks
    return tuple(items)


def _map_axis(
    model: Model, issue: str, max_levels: int
) -> tuple[tuple[str, ...], np.ndarray, np.ndarray, str]:
    """Labels, level order, bin starts (into that order) and a note for one map axis."""
    axis = model.space.axis(issue)
    if axis.kind == "continuous":
        grid = axis.grid
        assert grid is not None
        bins = min(axis.size, max_levels)
        starts = np.unique(np.linspace(0, axis.size, bins + 1)[:-1].round().astype(np.int64))
        ends = np.append(starts[1:], axis.size) - 1
        labels = tuple(
            f"{grid[s]:g}" if s == e else f"{grid[s]:g}–{grid[e]:g}"
            for s, e in zip(starts, ends, strict=True)
        )
        unit = model.scenario.issues[issue].unit
        return labels, np.arange(axis.size), starts, f"{issue} in {unit}" if unit else ""
    if axis.kind == "subset":
        marks = _abbreviations(axis.levels)
        codes = np.arange(axis.size)
        bits = (codes[:, None] >> np.arange(len(marks))) & 1
        order = np.lexsort((codes, bits.sum(axis=1)))
        sep = "" if len(marks[0]) == 1 else " "
        labels = tuple(
            sep.join(m if bits[c, i] else "·" * len(m) for i, m in enumerate(marks)) for c in order
        )
        items = zip(marks, axis.levels, strict=True)
        note = "\n".join([f"{issue}:", *(f"  {m} {item}" for m, item in items)])
        return labels, order, np.arange(axis.size), note
    return tuple(axis.levels), np.arange(axis.size), np.arange(axis.size), ""


def issue_map_data(
    model: Model,
    issues: tuple[str, str] | None = None,
    *,
    max_levels: int = MAX_MAP_LEVELS,
) -> IssueMapData:
    """Which parties could accept some outcome for each pair of levels of two issues.

    Parameters
    ----------
    issues
        Two issue ids (rows, then columns). Default: the two most contested
        (:func:`most_contested`), the one with more levels on the rows.
    max_levels
        Continuous issues with more grid points are grouped into this many bins
        (a bin counts as acceptable when any of its points is).
    """
    if len(model.space.axes) < 2:
        raise AnalysisError("an issue-space map needs two issues; this scenario has one")
    chosen_by = "given"
    names = model.space.names
    if issues is None:
        pair = most_contested(model, 2)
        sizes = [model.space.axis(k).size for k in pair]
        issues = (pair[0], pair[1]) if sizes[0] >= sizes[1] else (pair[1], pair[0])
        chosen_by = "the two most contested"
    first, second = issues
    for issue in (first, second):
        if issue not in names:
            raise AnalysisError(f"unknown issue {issue!r}; issues are {', '.join(names)}")
    if first == second:
        raise AnalysisError("an issue-space map needs two different issues")
    i, j = names.index(first), names.index(second)
    shape = model.space.shape
    others = tuple(1 + k for k in range(len(shape)) if k not in (i, j))
    accept = model.acceptable_masks
    stacked = np.concatenate([accept, accept.all(axis=0, keepdims=True)])
    grids = stacked.reshape(len(stacked), *shape).any(axis=others) if others else stacked
    grids = grids.reshape(len(stacked), shape[i], shape[j]) if not others else grids
    if i > j:
        grids = grids.transpose(0, 2, 1)
    la, order_a, starts_a, note_a = _map_axis(model, first, max_levels)
    lb, order_b, starts_b, note_b = _map_axis(model, second, max_levels)
    grids = np.logical_or.reduceat(grids[:, order_a], starts_a, axis=1)
    grids = np.logical_or.reduceat(grids[:, :, order_b], starts_b, axis=2)
    return IssueMapData(
        issues=(first, second),
        labels=(la, lb),
        parties=model.parties,
        names=tuple(party_name(model, p) for p in model.parties),
        accepts=grids[:-1],
        zone=grids[-1],
        chosen_by=chosen_by,
        notes=tuple(n for n in (note_a, note_b) if n),
    )


def _wrap_label(label: str, width: int) -> str:
    if len(label) <= width:
        return label
    return textwrap.fill(label.replace("_", " "), width=max(width, 4))


def issue_map(data: IssueMapData, *, ax: Axes | None = None) -> Figure:
    """Draw the issue-space map: each cell split into one stripe per party.

    A stripe is coloured when that party could accept some deal with the
    cell's two levels; cells where one deal suits every party are framed.
    """
    n_rows, n_cols = data.accepts.shape[1:]
    cell_w = float(np.clip(6.0 / n_cols, 0.3, 1.5))
    cell_h = float(np.clip(7.5 / n_rows, 0.22, 0.7))
    col_labels = [_wrap_label(lab, max(int(cell_w / 0.075), 4)) for lab in data.labels[1]]
    # margins in inches from the label lengths (8-point text is about 0.075 in a character)
    left = 0.075 * max(len(lab) for lab in data.labels[0]) + 0.55
    if n_cols > 8:
        bottom = 0.075 * max(len(lab) for lab in data.labels[1]) + 0.55
    else:
        bottom = 0.15 * max(lab.count("\n") + 1 for lab in col_labels) + 0.5
    fig, ax = new_figure(
        ax,
        (left + n_cols * cell_w + 2.3, bottom + n_rows * cell_h + 0.6),
        margins=(left, 2.3, 0.6, bottom),
    )
    n_parties = len(data.parties)
    # one image, each cell n_parties pixels wide: stripe p is party p's colour or grey
    colours = np.array([to_rgb(party_colour(p)) for p in range(n_parties)])
    image = np.empty((n_rows, n_cols, n_parties, 3))
    image[:] = to_rgb(LIGHT)
    accepts = data.accepts.transpose(1, 2, 0)
    image[accepts] = np.broadcast_to(colours, image.shape)[accepts]
    ax.imshow(
        image.reshape(n_rows, n_cols * n_parties, 3),
        extent=(-0.5, n_cols - 0.5, -0.5, n_rows - 0.5),
        origin="lower",
        aspect="auto",
        interpolation="nearest",
    )
    for r, c in zip(*np.nonzero(data.zone), strict=True):
        ax.add_patch(
            Rectangle((c - 0.5, r - 0.5), 1, 1, fill=False, edgecolor="black", lw=2, zorder=5)
        )
    ax.set_xlim(-0.5, n_cols - 0.5)
    ax.set_ylim(-0.5, n_rows - 0.5)
    ax.set_xticks(np.arange(n_cols), col_labels, rotation=90 if n_cols > 8 else 0, fontsize=8)
    ax.set_yticks(np.arange(n_rows), data.labels[0], fontsize=8)
    for labels, texts in ((data.labels[0], ax.get_yticklabels()), (data.labels[1], [])):
        if any("·" in lab for lab in labels):
            for text in texts:
                text.set_fontfamily("monospace")
    if any("·" in lab for lab in data.labels[1]):
        for text in ax.get_xticklabels():
            text.set_fontfamily("monospace")
    ax.vlines(np.arange(1, n_cols) - 0.5, -0.5, n_rows - 0.5, color="white", lw=1.5)
    ax.hlines(np.arange(1, n_rows) - 0.5, -0.5, n_cols - 0.5, color="white", lw=1.5)
    ax.set_ylabel(data.issues[0])
    ax.set_xlabel(data.issues[1])
    zone_text = (
        f"framed: one deal suits every party ({data.n_zone_cells} cells)"
        if data.n_zone_cells
        else "no cell where one deal suits every party"
    )
    ax.set_title(f"Who could accept a deal with these terms\n{zone_text}", fontsize=10)
    handles = [Patch(facecolor=party_colour(p), label=n) for p, n in enumerate(data.names)]
    handles.append(Patch(facecolor=LIGHT, label="nobody"))
    legend = ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=8,
        title="stripe coloured:\nparty could accept\n(other issues free)",
        title_fontsize=8,
        frameon=False,
    )
    legend._legend_box.align = "left"
    notes = [f"issues: {data.chosen_by}", *data.notes]
    ax.text(
        1.02,
        0.0,
        "\n".join(
            textwrap.fill(line, 30, subsequent_indent="    ")
            for note in notes
            for line in note.splitlines()
        ),
        transform=ax.transAxes,
        fontsize=7.5,
        va="bottom",
        ha="left",
    )
    return fig


# ---------------------------------------------------------------- pairwise zone matrix


@dataclass(frozen=True, eq=False)
class ZopaMatrixData:
    """Size of the zone of agreement of every pair of parties.

    ``counts[p, q]`` outcomes are acceptable to both ``p`` and ``q``; the
    diagonal is each party's own acceptable set.
    """

    parties: tuple[str, ...]
    names: tuple[str, ...]
    counts: np.ndarray
    n_outcomes: int
    n_zone: int


def zopa_matrix_data(model: Model, counts: np.ndarray | None = None) -> ZopaMatrixData:
    """Pairwise zone sizes: ``counts`` if given (e.g. an analysis's), else
    :func:`negsim.zone.enumeration.pairwise` of the model."""
    if counts is None:
        from negsim.zone.enumeration import pairwise

        counts = pairwise(model).counts
    return ZopaMatrixData(
        parties=model.parties,
        names=tuple(party_name(model, p) for p in model.parties),
        counts=np.asarray(counts),
        n_outcomes=model.n_outcomes,
        n_zone=int(np.count_nonzero(model.acceptable_masks.all(axis=0))),
    )


def zopa_matrix(data: ZopaMatrixData, *, ax: Axes | None = None) -> Figure:
    """Draw the pairwise zone matrix: cell shade by share of outcomes, 'none' when empty."""
    n = len(data.parties)
    label = 0.075 * max(len(name) for name in data.names) + 0.3
    side = 0.9 * n
    fig, ax = new_figure(
        ax,
        (label + side + 1.4, side + 0.65 + 0.75 * label),
        margins=(label, 1.4, 0.65, 0.75 * label),
    )
    share = data.counts / max(data.n_outcomes, 1)
    shown = np.ma.masked_where(data.counts == 0, np.sqrt(share))
    image = ax.imshow(shown, cmap="cividis", vmin=0, vmax=max(float(np.sqrt(share).max()), 1e-9))
    for p in range(n):
        for q in range(n):
            count = int(data.counts[p, q])
            if count == 0:
                ax.add_patch(
                    Rectangle(
                        (q - 0.5, p - 0.5),
                        1,
                        1,
                        facecolor="white",
                        edgecolor=REJECT_COLOUR,
                        hatch="///",
                        linewidth=0,
                    )
                )
                text, colour = "none", "black"
            else:
                text = f"{count:,}"
                colour = "white" if np.sqrt(share[p, q]) < 0.6 * image.norm.vmax else "black"
            box = dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor="none")
            ax.text(
                q,
                p,
                text,
                ha="center",
                va="center",
                fontsize=9,
                color=colour,
                bbox=box if count == 0 else None,
            )
    ax.set_xticks(np.arange(n), data.names, rotation=30, ha="right")
    ax.set_yticks(np.arange(n), data.names)
    ax.set_xticks(np.arange(n + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(n + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="white", linewidth=2)
    ax.tick_params(which="minor", length=0)
    zone = f"{data.n_zone:,} acceptable to every party" if data.n_zone else "none for all together"
    ax.set_title(f"Outcomes both parties accept (of {data.n_outcomes:,})\n{zone}", fontsize=10)
    if fig.get_layout_engine() is None and ax.get_subplotspec() is None:
        # fixed layout: the colour bar sits in the right margin
        box = ax.get_position()
        cax = fig.add_axes(
            (box.x1 + 0.25 / fig.get_figwidth(), box.y0, 0.15 / fig.get_figwidth(), box.height)
        )
        colorbar = fig.colorbar(image, cax=cax)
    else:
        colorbar = fig.colorbar(image, ax=ax, shrink=0.8)
    colorbar.set_label("share of all outcomes (square-root scale)", fontsize=8)
    ticks = np.array([0, 0.01, 0.05, 0.2, 0.5, 1.0])
    ticks = ticks[np.sqrt(ticks) <= image.norm.vmax + 1e-12]
    colorbar.set_ticks(np.sqrt(ticks), labels=[f"{t:.0%}" for t in ticks])
    return fig


# ---------------------------------------------------------------- conflict diagram


def no_deal_key(party: str) -> str:
    """Key of a party's no-deal constraint ``u_p >= d_p``, next to red-line keys."""
    return f"{party}/no-deal"


@dataclass(frozen=True, eq=False)
class ConflictDiagramData:
    """Constraints on a circle and the minimal conflicts that link them.

    ``nodes`` are constraint keys (``party/id`` red lines, then ``party/no-deal``)
    in a circular layout; ``conflicts`` lists each minimal conflict as indices
    into ``nodes``.
    """

    nodes: tuple[str, ...]
    party_of: tuple[int, ...]
    names: tuple[str, ...]
    positions: np.ndarray = field(repr=False)
    conflicts: tuple[tuple[int, ...], ...]

    @property
    def in_conflict(self) -> np.ndarray:
        """Which nodes belong to at least one minimal conflict."""
        out = np.zeros(len(self.nodes), dtype=bool)
        for c in self.conflicts:
            out[list(c)] = True
        return out


def conflict_diagram_data(
    model: Model,
    conflicts: Sequence[Sequence[str]],
    *,
    constraints: Sequence[tuple[str, str]] | None = None,
    all_constraints: bool = True,
) -> ConflictDiagramData:
    """Lay out the constraints of a scenario and the minimal conflicts among them.

    Parameters
    ----------
    conflicts
        Each minimal conflict as a collection of constraint keys.
    constraints
        Every constraint as ``(key, party)``, e.g. from a diagnosis. Default:
        the red lines (``party/id``) and each party's ``party/no-deal``.
    all_constraints
        Show every constraint of the scenario (those in no conflict faded), not
        only the ones in some conflict.
    """
    if constraints is None:
        constraints = [(r.key, r.party) for r in model.red_lines]
        constraints += [(no_deal_key(p), p) for p in model.parties]
    party_of_key = dict(constraints)
    used = {k for c in conflicts for k in c}
    unknown = sorted(used - set(party_of_key))
    if unknown:
        raise AnalysisError(f"unknown constraint(s) in a conflict: {', '.join(unknown)}")
    nodes = [k for k, _ in constraints if all_constraints or k in used]
    # group by party so one party's constraints sit together on the circle
    nodes.sort(key=lambda k: model.parties.index(party_of_key[k]))
    index = {k: i for i, k in enumerate(nodes)}
    angles = np.pi / 2 - 2 * np.pi * np.arange(len(nodes)) / max(len(nodes), 1)
    positions = np.column_stack([np.cos(angles), np.sin(angles)])
    return ConflictDiagramData(
        nodes=tuple(nodes),
        party_of=tuple(model.parties.index(party_of_key[k]) for k in nodes),
        names=tuple(party_name(model, p) for p in model.parties),
        positions=positions,
        conflicts=tuple(tuple(sorted(index[k] for k in c)) for c in conflicts),
    )


_CONFLICT_GREYS = ("#000000", "#6E6E6E")
_CONFLICT_STYLES = ("-", "--", ":", "-.")


def conflict_diagram(data: ConflictDiagramData, *, ax: Axes | None = None) -> Figure:
    """Draw the constraints on a circle, each minimal conflict as linked edges.

    A conflict of two constraints is a line between them; a larger one is a
    hub joined to each member. Each conflict carries its number (as in the
    report's list); nodes take their party's colour, filled when the
    constraint belongs to some conflict.
    """
    fig, ax = new_figure(ax, (7.6, 5.8), margins=(0.1, 0.1, 0.45, 0.1))
    pos = data.positions
    involved = data.in_conflict
    shown = data.conflicts[:12]
    for c, members in enumerate(shown):
        colour = _CONFLICT_GREYS[c % 2]
        style = _CONFLICT_STYLES[(c // 2) % len(_CONFLICT_STYLES)]
        pts = pos[list(members)]
        # offset parallel conflicts slightly so shared edges stay visible
        shift = (c - (len(shown) - 1) / 2) * 0.025
        if len(members) == 2:
            ax.plot(pts[:, 0] + shift, pts[:, 1] + shift, color=colour, linestyle=style, lw=1.8)
            hub = pts.mean(axis=0) + shift
        elif len(members) == 1:
            hub = pts[0] * 0.8
            ax.plot([hub[0], pts[0, 0]], [hub[1], pts[0, 1]], color=colour, linestyle=style)
        else:
            hub = pts.mean(axis=0) * 0.85 + shift
            for x, y in pts:
                ax.plot([hub[0], x], [hub[1], y], color=colour, linestyle=style, lw=1.8)
        ax.text(
            hub[0],
            hub[1],
            str(c + 1),
            ha="center",
            va="center",
            fontsize=8,
            fontweight="bold",
            zorder=5,
            bbox=dict(boxstyle="circle,pad=0.25", facecolor="white", edgecolor=colour),
        )
    for i, key in enumerate(data.nodes):
        colour = party_colour(data.party_of[i])
        ax.scatter(
            [pos[i, 0]],
            [pos[i, 1]],
            s=150 if involved[i] else 70,
            facecolor=colour if involved[i] else "white",
            edgecolor=colour,
            linewidth=2,
            zorder=4,
        )
        x, y = pos[i] * 1.12
        ax.text(
            x,
            y,
            _short(key, 40),
            ha="left" if x > 0.05 else "right" if x < -0.05 else "center",
            va="bottom" if y > 0.05 else "top" if y < -0.05 else "center",
            fontsize=8,
            color="black" if involved[i] else GREY,
        )
    for p, name in enumerate(data.names):
        if p in data.party_of:
            ax.scatter([], [], s=70, color=party_colour(p), label=name)
    title = (
        f"{len(data.conflicts)} minimal conflict{'s' * (len(data.conflicts) != 1)}"
        " among red lines and no-deal values"
        if data.conflicts
        else "no conflict: the constraints leave a zone of agreement"
    )
    if len(data.conflicts) > len(shown):
        title += f" (first {len(shown)} drawn)"
    ax.set_title(title, fontsize=10)
    ax.set_xlim(-2.0, 2.0)
    ax.set_ylim(-1.3, 1.3)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.legend(loc="upper left", fontsize=8, frameon=False, title="constraints of", title_fontsize=8)
    return fig


# ---------------------------------------------------------------- payoff tables

MAX_PANELS = 4
"""Payoff tables drawn at most per game (one per profile of the third and later players)."""


@dataclass(frozen=True, eq=False)
class GameTableData:
    """Payoff tables of a normal-form game with its equilibria.

    Rows are the first player's strategies, columns the second's; each panel
    fixes the strategies of the other players (``panels`` lists those
    profiles, panels holding a pure equilibrium first). ``pure`` lists the
    pure equilibria as strategy-index profiles; ``mixed`` describes the others.
    """

    game: str
    players: tuple[str, ...]
    names: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    payoffs: np.ndarray = field(repr=False)
    outcome_labels: np.ndarray = field(repr=False)
    pure: tuple[tuple[int, ...], ...]
    mixed: tuple[str, ...]
    panels: tuple[tuple[int, ...], ...]
    n_panels: int
    statement: str = ""


def game_table_data(
    game: Any, result: Any, *, names: Mapping[str, str] | None = None, max_panels: int = MAX_PANELS
) -> GameTableData:
    """Payoffs and equilibria of a normal-form game, arranged as tables.

    Parameters
    ----------
    game
        A :class:`negsim.games.NormalForm` (strategies, payoff tensor, outcomes).
    result
        Its :class:`negsim.games.Equilibria`.
    names
        Display names of the players (default their ids).
    """
    players = tuple(game.players)
    if len(players) < 2:
        raise AnalysisError("a payoff table needs at least two players")
    strategies = tuple(tuple(s) for s in game.strategies)
    pure: list[tuple[int, ...]] = []
    mixed: list[str] = []
    for e in result.equilibria:
        if e.pure:
            pure.append(
                tuple(
                    strategies[i].index(next(iter(e.strategies[p]))) for i, p in enumerate(players)
                )
            )
        else:
            mixes = "; ".join(
                f"{p}: " + ", ".join(f"{s} {x:.3g}" for s, x in e.strategies[p].items())
                for p in players
            )
            mixed.append(f"{mixes} → {e.describe_outcome()}")
    labels = np.array([o.label for o in game.outcomes], dtype=object)[game.outcome_of]
    rest = [range(len(s)) for s in strategies[2:]]
    profiles = [tuple(int(i) for i in p) for p in np.ndindex(*[len(r) for r in rest])]
    with_equilibrium = {p[2:] for p in pure}
    profiles.sort(key=lambda p: p not in with_equilibrium)
    return GameTableData(
        game=result.game,
        players=players,
        names=tuple((names or {}).get(p, p) for p in players),
        strategies=strategies,
        payoffs=np.asarray(game.payoffs, dtype=float),
        outcome_labels=labels,
        pure=tuple(pure),
        mixed=tuple(mixed),
        panels=tuple(profiles[:max_panels]),
        n_panels=len(profiles),
        statement=result.statement,
    )


def game_table(data: GameTableData, *, ax: Axes | None = None) -> Figure:
    """Draw the payoff tables; pure equilibria are shaded and framed.

    Each cell lists every player's payoff (in the order of the legend) and the
    outcome the profile leads to. All panels share one Axes, side by side.
    """
    rows, cols = len(data.strategies[0]), len(data.strategies[1])
    n_panels = len(data.panels)
    gap = 0.45
    width = n_panels * (cols + gap) - gap
    cell_w = 1.9 if len(data.players) <= 2 else 2.1
    label_w = 0.075 * max(len(s) for s in data.strategies[0]) + 0.3
    order = ", ".join(data.names)
    title = f"Game {data.game}: rows {data.names[0]}, columns {data.names[1]}"
    lines = [f"payoffs in cells: {order}; shaded and framed: pure equilibrium"]
    if data.n_panels > n_panels:
        lines.append(f"{n_panels} of {data.n_panels} tables shown (those with equilibria first)")
    for text in data.mixed[:3]:
        lines.append("mixed equilibrium: " + _short(text, 110))
    if len(data.mixed) > 3:
        lines.append(f"... and {len(data.mixed) - 3} more mixed equilibria")
    if not data.pure and not data.mixed:
        lines.append("no equilibrium found")
    title_h = 0.2 + 0.17 * (1 + len(lines))
    fig, ax = new_figure(
        ax,
        (
            min(label_w + cell_w * width + 0.3, 16),
            title_h + 0.4 + 0.75 * rows + 0.35 * (len(data.players) > 2),
        ),
        margins=(0.05, 0.05, title_h, 0.05),
    )
    equilibria = set(data.pure)
    for k, rest in enumerate(data.panels):
        x0 = k * (cols + gap)
        for r in range(rows):
            for c in range(cols):
                profile = (r, c, *rest)
                is_eq = profile in equilibria
                y = rows - 1 - r
                ax.add_patch(
                    Rectangle(
                        (x0 + c, y),
                        1,
                        1,
                        facecolor="#CCEBE3" if is_eq else "white",
                        edgecolor="black" if is_eq else GREY,
                        lw=2.4 if is_eq else 0.8,
                        zorder=3 if is_eq else 2,
                    )
                )
                pays = ", ".join(f"{v:.3g}" for v in data.payoffs[profile])
                ax.text(
                    x0 + c + 0.5,
                    y + 0.6,
                    pays,
                    ha="center",
                    va="center",
                    fontsize=8.5,
                    fontweight="bold" if is_eq else "normal",
                    zorder=4,
                )
                ax.text(
                    x0 + c + 0.5,
                    y + 0.28,
                    _short(str(data.outcome_labels[profile]), 24),
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="#444444",
                    zorder=4,
                )
        for c, s in enumerate(data.strategies[1]):
            ax.text(x0 + c + 0.5, rows + 0.08, _short(s, 20), ha="center", va="bottom", fontsize=8)
        if k == 0:
            for r, s in enumerate(data.strategies[0]):
                ax.text(
                    x0 - 0.08, rows - 0.5 - r, _short(s, 20), ha="right", va="center", fontsize=8
                )
        if len(data.players) > 2:
            fixed = ", ".join(
                f"{n}: {data.strategies[2 + i][j]}"
                for i, (n, j) in enumerate(zip(data.names[2:], rest, strict=True))
            )
            ax.text(
                x0 + cols / 2,
                rows + 0.55,
                fixed,
                ha="center",
                va="bottom",
                fontsize=8.5,
                fontweight="bold",
            )
    ax.set_xlim(-label_w / cell_w, width + 0.05)
    ax.set_ylim(-0.15, rows + (1.0 if len(data.players) > 2 else 0.5))
    ax.axis("off")
    ax.set_title(title + "\n" + "\n".join(lines), fontsize=9)
    return fig


# ---------------------------------------------------------------- proposals by parties


@dataclass(frozen=True, eq=False)
class ProposalMatrixData:
    """Each proposal's fate with each party.

    ``accepted[k, p]`` is party ``p``'s verdict on proposal ``k``; ``cells``
    holds the text of each cell: the gain over no deal when accepted, else the
    red lines broken (ids) and the shortfall below the no-deal value.
    """

    proposals: tuple[str, ...]
    parties: tuple[str, ...]
    names: tuple[str, ...]
    accepted: np.ndarray
    surplus: np.ndarray = field(repr=False)
    cells: tuple[tuple[str, ...], ...] = field(repr=False)

    @property
    def accepted_by_all(self) -> np.ndarray:
        return self.accepted.all(axis=1)


def proposal_matrix_data(
    checks: Sequence[Any], *, names: Mapping[str, str] | None = None
) -> ProposalMatrixData:
    """Arrange proposal verdicts (``ProposalCheck`` objects of
    :func:`negsim.zone.proposals.check_proposals`) as a proposals-by-parties matrix."""
    if not checks:
        raise AnalysisError("the scenario has no proposals to show")
    parties = tuple(v.party for v in checks[0].verdicts)
    accepted = np.array([[v.accepted for v in c.verdicts] for c in checks], dtype=bool)
    surplus = np.array([[v.utility - v.no_deal for v in c.verdicts] for c in checks])
    cells = []
    for check in checks:
        row = []
        for v in check.verdicts:
            if v.accepted:
                row.append(f"accepts\n+{v.utility - v.no_deal:.3g}")
                continue
            why = [key.split("/", 1)[-1] for key in v.broken]
            if v.shortfall > 0:
                why.append(f"{v.shortfall:.3g} short")
            row.append("rejects\n" + "\n".join(why))
        cells.append(tuple(row))
    return ProposalMatrixData(
        proposals=tuple(c.name for c in checks),
        parties=parties,
        names=tuple((names or {}).get(p, p) for p in parties),
        accepted=accepted,
        surplus=surplus,
        cells=tuple(cells),
    )


def proposal_matrix(data: ProposalMatrixData, *, ax: Axes | None = None) -> Figure:
    """Draw the proposals-by-parties matrix: accepted cells green, rejected ones
    vermillion, each saying why (red line ids, shortfall) in words."""
    n_rows, n_cols = data.accepted.shape
    lines = max(c.count("\n") + 1 for row in data.cells for c in row)
    cell_h = 0.2 + 0.17 * lines
    label_w = 0.075 * max(len(p) for p in data.proposals) + 0.4
    longest = max(len(line) for row in data.cells for c in row for line in c.splitlines())
    cell_w = max(1.4, 0.06 * longest + 0.25)
    fig, ax = new_figure(
        ax,
        (label_w + cell_w * n_cols + 0.3, 1.0 + cell_h * n_rows),
        margins=(0.05, 0.05, 0.5, 0.05),
    )
    for k in range(n_rows):
        for p in range(n_cols):
            ok = bool(data.accepted[k, p])
            y = n_rows - 1 - k
            ax.add_patch(
                Rectangle(
                    (p, y),
                    1,
                    1,
                    facecolor="#CCEBE3" if ok else "#F9DCCB",
                    edgecolor="white",
                    lw=2,
                )
            )
            ax.text(
                p + 0.5,
                y + 0.5,
                data.cells[k][p],
                ha="center",
                va="center",
                fontsize=7.5,
                color="black",
                linespacing=1.15,
            )
    for p, name in enumerate(data.names):
        ax.text(p + 0.5, n_rows + 0.06, _short(name, 18), ha="center", va="bottom", fontsize=8.5)
    for k, name in enumerate(data.proposals):
        all_ok = bool(data.accepted_by_all[k])
        ax.text(
            -0.06,
            n_rows - 0.5 - k,
            name,
            ha="right",
            va="center",
            fontsize=8.5,
            fontweight="bold" if all_ok else "normal",
        )
    ax.set_xlim(-label_w / cell_w, n_cols + 0.02)
    ax.set_ylim(-0.02, n_rows + 0.45)
    ax.axis("off")
    n_all = int(data.accepted_by_all.sum())
    verdict = (
        f"{n_all} proposal{'s' * (n_all != 1)} accepted by every party (bold)"
        if n_all
        else "no proposal is accepted by every party"
    )
    ax.set_title(f"Proposals and who accepts them\n{verdict}", fontsize=10)
    return fig


# ---------------------------------------------------------------- bargaining range


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
    levels = stacked.reshape(len(stacked), *shape)
    levels = levels.any(axis=others) if others else levels.reshape(len(stacked), -1)
    grid = axis.grid
    intervals = tuple(_runs(grid, levels[p]) for p in range(len(model.parties)))
    lows = [iv[0][0] if iv else None for iv in intervals]
    highs = [iv[-1][1] if iv else None for iv in intervals]
    gap = gap_between = None
    known = [p for p, low in enumerate(lows) if low is not None]
    if known and not levels[:-1].all(axis=0).any():
        top = max(known, key=lambda p: lows[p])  # the party demanding the most
        bottom = min(known, key=lambda p: highs[p])  # the party conceding the least
        if lows[top] > highs[bottom]:
            gap = (float(highs[bottom]), float(lows[top]))
            gap_between = (model.parties[bottom], model.parties[top])
    unit = model.scenario.issues[issue].unit
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


def fearon_range_data(fearon: Any, *, issue: str = "share of A") -> BargainingRangeData:
    """The same picture for a :class:`negsim.bargaining.war.FearonRange`: A accepts
    ``[p_A - c_A, 1]``, B concedes ``[0, p_B + c_B]`` of A's share."""
    a, b = fearon.sides
    low, high = fearon.low, fearon.high
    a_iv = ((max(0.0, low), 1.0),) if low <= 1 else ()
    b_iv = ((0.0, min(1.0, high)),) if high >= 0 else ()
    common = (tuple(fearon.interval),) if fearon.interval is not None else ()
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


# ---------------------------------------------------------------- game trees

MAX_TREE_LEAVES = 40
"""Larger trees are not drawn (the report lists their equilibria instead)."""


@dataclass(frozen=True, eq=False)
class GameTreeData:
    """A sequential game laid out left to right, with its subgame-perfect play.

    ``nodes`` are the decision nodes then the leaves, each as ``(x, y)`` in
    ``positions``; ``edges`` are ``(parent, child, move)``. ``chosen[e]`` counts
    the subgame-perfect equilibria that take edge ``e`` (at its node, on or
    off the path), ``on_path[e]`` those whose path of play runs through it.
    """

    game: str
    names: tuple[str, ...]
    labels: tuple[str, ...]
    positions: np.ndarray = field(repr=False)
    edges: tuple[tuple[int, int, str], ...]
    chosen: np.ndarray = field(repr=False)
    on_path: np.ndarray = field(repr=False)
    n_equilibria: int
    n_decisions: int


def game_tree_data(
    tree: Any, result: Any, *, names: Mapping[str, str] | None = None
) -> GameTreeData:
    """Lay out a :class:`negsim.games.GameTree` and mark its equilibria
    (:class:`negsim.games.Equilibria` from backward induction)."""
    n_leaves = len(tree.leaf_paths)
    if n_leaves > MAX_TREE_LEAVES:
        raise AnalysisError(f"the tree has {n_leaves} leaves; at most {MAX_TREE_LEAVES} are drawn")
    display = [(names or {}).get(p, p) for p in tree.players]
    n_nodes = len(tree.nodes)
    positions = np.zeros((n_nodes + n_leaves, 2))
    labels: list[str] = [display[node.player] for node in tree.nodes]
    payoffs = tree.leaf_payoffs
    for leaf in range(n_leaves):
        outcome = tree.outcomes[int(tree.leaf_outcome[leaf])]
        pays = ", ".join(f"{v:.3g}" for v in payoffs[leaf])
        labels.append(f"{_short(outcome.label, 28)}  ({pays})")
        positions[n_nodes + leaf] = (len(tree.leaf_paths[leaf]), -leaf)
    edges: list[tuple[int, int, str]] = []
    for i, node in enumerate(tree.nodes):
        for move, child in zip(node.moves, node.children, strict=True):
            edges.append((i, child if child >= 0 else n_nodes - 1 - child, move))
    # decision nodes sit at their depth, halfway between their first and last child
    for i in range(n_nodes - 1, -1, -1):
        node = tree.nodes[i]
        ys = [positions[c if c >= 0 else n_nodes - 1 - c, 1] for c in node.children]
        positions[i] = (len(node.path), (min(ys) + max(ys)) / 2)
    label_of = {node.label: i for i, node in enumerate(tree.nodes)}
    chosen = np.zeros(len(edges), dtype=np.int64)
    on_path = np.zeros(len(edges), dtype=np.int64)
    index = {(parent, move): e for e, (parent, _, move) in enumerate(edges)}
    for eq in result.equilibria:
        for moves in eq.plan.values():
            for node_label, move in moves.items():
                chosen[index[(label_of[node_label], move)]] += 1
        node = 0
        for _, move in eq.path:
            e = index[(node, move)]
            on_path[e] += 1
            node = edges[e][1]
    return GameTreeData(
        game=result.game,
        names=tuple(display),
        labels=tuple(labels),
        positions=positions,
        edges=tuple(edges),
        chosen=chosen,
        on_path=on_path,
        n_equilibria=len(result.equilibria),
        n_decisions=n_nodes,
    )


def game_tree_figure(data: GameTreeData, *, ax: Axes | None = None) -> Figure:
    """Draw a sequential game as a tree: paths of play thick, other moves chosen
    by a subgame-perfect equilibrium dashed, moves no equilibrium takes grey."""
    n_leaves = len(data.labels) - data.n_decisions
    depth = float(data.positions[:, 0].max())
    fig, ax = new_figure(
        ax,
        (2.0 * depth + 4.2, 0.45 * n_leaves + 1.2),
        margins=(0.2, 0.2, 0.7, 0.2),
    )
    pos = data.positions
    for e, (parent, child, move) in enumerate(data.edges):
        (x0, y0), (x1, y1) = pos[parent], pos[child]
        if data.on_path[e]:
            style = dict(color="black", lw=2.6, linestyle="-")
        elif data.chosen[e]:
            style = dict(color="black", lw=1.2, linestyle="--")
        else:
            style = dict(color=GREY, lw=0.9, linestyle="-")
        ax.plot([x0, x1], [y0, y1], zorder=1, **style)
        ax.text(
            (x0 + x1) / 2,
            (y0 + y1) / 2,
            move,
            ha="center",
            va="center",
            fontsize=7.5,
            color="black" if data.chosen[e] else GREY,
            bbox=dict(boxstyle="square,pad=0.1", facecolor="white", edgecolor="none"),
            zorder=2,
        )
    for i in range(data.n_decisions):
        ax.text(
            pos[i, 0],
            pos[i, 1],
            data.labels[i],
            ha="center",
            va="center",
            fontsize=8,
            fontweight="bold",
            bbox=dict(boxstyle="round,pad=0.3", facecolor="white", edgecolor="black"),
            zorder=3,
        )
    for leaf in range(data.n_decisions, len(data.labels)):
        reached = any(data.on_path[e] for e, (_, c, _) in enumerate(data.edges) if c == leaf)
        ax.text(
            pos[leaf, 0] + 0.06,
            pos[leaf, 1],
            data.labels[leaf],
            ha="left",
            va="center",
            fontsize=7.5,
            fontweight="bold" if reached else "normal",
            color="black" if reached else "#555555",
        )
    ax.set_xlim(-0.35, depth + 1.9)
    ax.set_ylim(-(n_leaves - 1) - 0.6, 0.6)
    ax.axis("off")
    ax.set_title(
        f"Game {data.game}: {data.n_equilibria} subgame-perfect equilibri"
        f"{'a' if data.n_equilibria != 1 else 'um'}\n"
        f"thick: a path of play; dashed: chosen off the path; payoffs: {', '.join(data.names)}",
        fontsize=9,
    )
    return fig
