"""The issue-space map: for each pair of terms of the two most contested issues, who accepts."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from negsim.errors import AnalysisError
from negsim.model.compile import Model
from negsim.plots.style import LIGHT, issue_unit, new_figure, party_colour, party_name

__all__ = [
    "IssueMapData",
    "MAX_MAP_LEVELS",
    "issue_contest",
    "issue_map",
    "issue_map_data",
    "most_contested",
]

MAX_MAP_LEVELS = 41
"""An issue with more levels than this is binned on the issue-space map."""


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
        levels = np.any(full, axis=others) if others else full
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
        unit = issue_unit(model, issue)
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
    grids: np.ndarray = (
        np.any(stacked.reshape(len(stacked), *shape), axis=others) if others else stacked
    )
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
    ax.imshow(
        _stripes(data),
        extent=(-0.5, n_cols - 0.5, -0.5, n_rows - 0.5),
        origin="lower",
        aspect="auto",
        interpolation="nearest",
    )
    for r, c in zip(*np.nonzero(data.zone), strict=True):
        ax.add_patch(
            Rectangle((c - 0.5, r - 0.5), 1, 1, fill=False, edgecolor="black", lw=2, zorder=5)
        )
    _label_grid(ax, data, col_labels)
    zone_text = (
        f"framed: one deal suits every party ({data.n_zone_cells} cells)"
        if data.n_zone_cells
        else "no cell where one deal suits every party"
    )
    ax.set_title(f"Who could accept a deal with these terms\n{zone_text}", fontsize=10)
    _draw_key(ax, data)
    return fig


def _stripes(data: IssueMapData) -> np.ndarray:
    """One image, each cell one pixel per party wide: stripe p is party p's colour or grey."""
    n_rows, n_cols = data.accepts.shape[1:]
    n_parties = len(data.parties)
    colours = np.array([to_rgb(party_colour(p)) for p in range(n_parties)])
    image = np.empty((n_rows, n_cols, n_parties, 3))
    image[:] = to_rgb(LIGHT)
    accepts = data.accepts.transpose(1, 2, 0)
    image[accepts] = np.broadcast_to(colours, image.shape)[accepts]
    return image.reshape(n_rows, n_cols * n_parties, 3)


def _label_grid(ax: Axes, data: IssueMapData, col_labels: Sequence[str]) -> None:
    """Limits, level labels (abbreviated subsets in monospace), cell borders, issue names."""
    n_rows, n_cols = data.accepts.shape[1:]
    ax.set_xlim(-0.5, n_cols - 0.5)
    ax.set_ylim(-0.5, n_rows - 0.5)
    ax.set_xticks(np.arange(n_cols), list(col_labels), rotation=90 if n_cols > 8 else 0, fontsize=8)
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


def _draw_key(ax: Axes, data: IssueMapData) -> None:
    """The legend of the stripes and, under it, how the issues were chosen and binned."""
    handles = [Patch(facecolor=party_colour(p), label=n) for p, n in enumerate(data.names)]
    handles.append(Patch(facecolor=LIGHT, label="nobody"))
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=8,
        title="stripe coloured:\nparty could accept\n(other issues free)",
        title_fontsize=8,
        frameon=False,
        alignment="left",
    )
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
