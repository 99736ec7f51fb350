"""The matrix of pairwise zones: how many outcomes each pair of parties accepts."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.patches import Rectangle

from negsim.model.compile import Model
from negsim.plots.style import REJECT_COLOUR, new_figure, party_name

__all__ = [
    "ZopaMatrixData",
    "zopa_matrix",
    "zopa_matrix_data",
]


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
    vmax = max(float(np.sqrt(share).max()), 1e-9)
    image = ax.imshow(shown, cmap="cividis", vmin=0, vmax=vmax)
    _draw_counts(ax, data, share, vmax)
    ax.set_xticks(np.arange(n), data.names, rotation=30, ha="right")
    ax.set_yticks(np.arange(n), data.names)
    ax.set_xticks(np.arange(n + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(n + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="white", linewidth=2)
    ax.tick_params(which="minor", length=0)
    zone = f"{data.n_zone:,} acceptable to every party" if data.n_zone else "none for all together"
    ax.set_title(f"Outcomes both parties accept (of {data.n_outcomes:,})\n{zone}", fontsize=10)
    _colour_bar(fig, ax, image, vmax)
    return fig


def _draw_counts(ax: Axes, data: ZopaMatrixData, share: np.ndarray, vmax: float) -> None:
    """Each cell's count, or 'none' on a hatched cell; white text on dark cells."""
    n = len(data.parties)
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
                colour = "white" if np.sqrt(share[p, q]) < 0.6 * vmax else "black"
            label_box = dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor="none")
            ax.text(
                q,
                p,
                text,
                ha="center",
                va="center",
                fontsize=9,
                color=colour,
                bbox=label_box if count == 0 else None,
            )


def _colour_bar(fig: Figure, ax: Axes, image: AxesImage, vmax: float) -> None:
    """The colour bar: in the right margin of a fixed layout, else beside the axes."""
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
    ticks = ticks[np.sqrt(ticks) <= vmax + 1e-12]
    colorbar.set_ticks(np.sqrt(ticks), labels=[f"{t:.0%}" for t in ticks])
