"""Figures of sweeps and samples: margin against a parameter, zone maps, PRIM boxes.

As every figure of :mod:`negsim.plots`, each figure has a ``<name>_data(results, ...)``
function computing what is drawn (a frozen dataclass that tests check) and a
``<name>(results, ..., ax=None)`` function drawing it into ``ax`` (or a new
figure) and returning the :class:`~matplotlib.figure.Figure`. ``results`` is
a table from :func:`negsim.sweep` or :func:`negsim.sample`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from negsim.errors import AnalysisError
from negsim.explore.discovery import PrimBox, input_columns, prim
from negsim.explore.prim import require_numbers
from negsim.plots.style import ACCEPT_COLOUR, GREY, LIGHT, OKABE_ITO, REJECT_COLOUR, new_figure

__all__ = [
    "MarginCurveData",
    "PrimScatterData",
    "ZONE_MAP",
    "ZoneHeatmapData",
    "margin_curve",
    "margin_curve_data",
    "prim_scatter",
    "prim_scatter_data",
    "zone_heatmap",
    "zone_heatmap_data",
]

ZONE_MAP = LinearSegmentedColormap.from_list("zone_share", ["#FFFFFF", ACCEPT_COLOUR])


def _short_path(path: str, width: int = 48) -> str:
    return path if len(path) <= width else "…" + path[-(width - 1) :]


def _varying(results: pd.DataFrame) -> list[str]:
    return [c for c in input_columns(results) if results[c].nunique(dropna=False) > 1]


def _parameter(results: pd.DataFrame, parameter: str | None) -> str:
    if parameter is not None:
        if parameter not in results.columns:
            raise AnalysisError(f"no column {parameter!r} in the results")
        require_numbers(results, [parameter])
        return parameter
    varying = _varying(results)
    if len(varying) != 1:
        raise AnalysisError(
            f"the results vary {len(varying)} parameters; name the one to plot with parameter="
        )
    require_numbers(results, varying)
    return varying[0]


# ---------------------------------------------------------------- margin curve


@dataclass(frozen=True, eq=False)
class MarginCurveData:
    """The margin at each value of one parameter (across the other parameters).

    Attributes
    ----------
    parameter
        The dotted path on the x axis.
    values
        Its distinct values, increasing.
    low, middle, high
        Smallest, median and largest margin at each value (equal when nothing
        else varies); NaN where no outcome respects every red line.
    zone_share
        Share of the experiments at each value with a zone.
    crossings
        Values where the median margin crosses zero (linear interpolation):
        where a zone opens or closes.
    """

    parameter: str
    values: np.ndarray
    low: np.ndarray
    middle: np.ndarray
    high: np.ndarray
    zone_share: np.ndarray
    crossings: tuple[float, ...]


def margin_curve_data(results: pd.DataFrame, parameter: str | None = None) -> MarginCurveData:
    """The data of :func:`margin_curve`.

    Raises
    ------
    AnalysisError
        When the margin is undefined everywhere, or the parameter is ambiguous.
    """
    name = _parameter(results, parameter)
    if results["margin"].isna().all():
        raise AnalysisError(
            "the margin is undefined in every experiment: no outcome respects every red line"
        )
    grouped = results.groupby(name, sort=True)
    margin = grouped["margin"]
    values = np.asarray(margin.median().index, dtype=float)
    middle = margin.median().to_numpy(dtype=float)
    crossings = []
    for i in range(len(values) - 1):
        a, b = middle[i], middle[i + 1]
        if np.isfinite(a) and np.isfinite(b) and (a < 0) != (b < 0):
            crossings.append(float(values[i] + (values[i + 1] - values[i]) * a / (a - b)))
    return MarginCurveData(
        parameter=name,
        values=values,
        low=margin.min().to_numpy(dtype=float),
        middle=middle,
        high=margin.max().to_numpy(dtype=float),
        zone_share=grouped["zone"].mean().to_numpy(dtype=float),
        crossings=tuple(crossings),
    )


def margin_curve(
    results: pd.DataFrame, parameter: str | None = None, *, ax: Axes | None = None
) -> Figure:
    """The margin against one parameter, with the zero line where a zone opens or closes."""
    data = margin_curve_data(results, parameter)
    fig, ax = new_figure(ax, (6.4, 4.0))
    x = data.values
    above = np.where(data.middle >= 0, data.middle, 0.0)
    ax.fill_between(x, 0, above, color=ACCEPT_COLOUR, alpha=0.25, linewidth=0, label="zone exists")
    if not np.allclose(data.low, data.high, equal_nan=True):
        ax.fill_between(
            x,
            data.low,
            data.high,
            color=OKABE_ITO["blue"],
            alpha=0.15,
            linewidth=0,
            label="range over the other parameters",
        )
    ax.plot(x, data.middle, color=OKABE_ITO["blue"], marker="o", markersize=3, label="margin")
    ax.axhline(0, color=OKABE_ITO["black"], linewidth=1, linestyle="--")
    for value in data.crossings:
        ax.axvline(value, color=GREY, linewidth=0.8, linestyle=":")
        ax.annotate(
            f"{value:.3g}", (value, 0), xytext=(3, 4), textcoords="offset points", fontsize=8
        )
    ax.set_xlabel(_short_path(data.parameter))
    ax.set_ylabel("margin: best outcome's smallest surplus")
    ax.set_title("Margin of agreement (zone exists above zero)", fontsize=10)
    ax.legend(fontsize=8, loc="best")
    return fig


# ---------------------------------------------------------------- zone heatmap


@dataclass(frozen=True, eq=False)
class ZoneHeatmapData:
    """Share of experiments with a zone at each pair of values of two parameters.

    ``share[i, j]`` is for ``y_values[i]`` and ``x_values[j]`` (NaN where no
    experiment has that pair); ``counts`` the experiments behind each cell.
    """

    x: str
    y: str
    x_values: np.ndarray
    y_values: np.ndarray
    share: np.ndarray
    counts: np.ndarray


def zone_heatmap_data(
    results: pd.DataFrame, x: str | None = None, y: str | None = None
) -> ZoneHeatmapData:
    """The data of :func:`zone_heatmap`; ``x`` and ``y`` default to the two varying parameters."""
    if x is None or y is None:
        varying = [c for c in _varying(results) if c not in (x, y)]
        chosen = [c for c in (x, y) if c is not None] + varying
        if len(chosen) < 2:
            raise AnalysisError("a zone map needs two varying parameters")
        x, y = chosen[0], chosen[1]
    for name in (x, y):
        if name not in results.columns:
            raise AnalysisError(f"no column {name!r} in the results")
    require_numbers(results, [x, y])
    table = results.pivot_table(index=y, columns=x, values="zone", aggfunc=["mean", "count"])
    share = table["mean"].to_numpy(dtype=float)
    counts = table["count"].fillna(0).to_numpy(dtype=np.int64)
    return ZoneHeatmapData(
        x=x,
        y=y,
        x_values=np.asarray(table["mean"].columns, dtype=float),
        y_values=np.asarray(table["mean"].index, dtype=float),
        share=share,
        counts=counts,
    )


def _edges(values: np.ndarray) -> np.ndarray:
    if len(values) == 1:
        return np.array([values[0] - 0.5, values[0] + 0.5])
    middle = (values[1:] + values[:-1]) / 2
    return np.concatenate([[2 * values[0] - middle[0]], middle, [2 * values[-1] - middle[-1]]])


def zone_heatmap(
    results: pd.DataFrame,
    x: str | None = None,
    y: str | None = None,
    *,
    ax: Axes | None = None,
) -> Figure:
    """Where a zone exists over a grid of two parameters (share of experiments per cell)."""
    data = zone_heatmap_data(results, x, y)
    fig, ax = new_figure(ax, (6.0, 4.8))
    mesh = ax.pcolormesh(
        _edges(data.x_values),
        _edges(data.y_values),
        np.ma.masked_invalid(data.share),
        cmap=ZONE_MAP,
        vmin=0,
        vmax=1,
        edgecolors=LIGHT,
        linewidth=0.3,
    )
    binary = np.isin(data.share[np.isfinite(data.share)], [0.0, 1.0]).all()
    if binary:
        ax.legend(
            handles=[
                Patch(facecolor=ACCEPT_COLOUR, edgecolor=GREY, label="zone exists"),
                Patch(facecolor="#FFFFFF", edgecolor=GREY, label="no zone"),
            ],
            fontsize=8,
            loc="upper right",
        )
    else:
        fig.colorbar(mesh, ax=ax, label="share of experiments with a zone")
    ax.set_xlabel(_short_path(data.x))
    ax.set_ylabel(_short_path(data.y))
    ax.set_title("Zone of possible agreement", fontsize=10)
    return fig


# ---------------------------------------------------------------- PRIM box


@dataclass(frozen=True, eq=False)
class PrimScatterData:
    """Experiments in the plane of two parameters, and a PRIM box's limits on them."""

    x: str
    y: str
    x_values: np.ndarray
    y_values: np.ndarray
    case: np.ndarray
    inside: np.ndarray
    x_limits: tuple[float, float]
    y_limits: tuple[float, float]
    box: PrimBox = field(repr=False)


def prim_scatter_data(
    results: pd.DataFrame,
    box: PrimBox | None = None,
    x: str | None = None,
    y: str | None = None,
    *,
    target: str | Sequence[bool] | np.ndarray = "zone",
) -> PrimScatterData:
    """The data of :func:`prim_scatter`; the box is found with :func:`prim` when not given.

    ``x`` and ``y`` default to the box's restricted parameters (then the other
    varying ones).
    """
    if box is None:
        box = prim(results, target)
    names = [c for c in (x, y) if c is not None]
    for candidate in [*box.restricted, *_varying(results)]:
        if len(names) >= 2:
            break
        if candidate not in names:
            names.append(candidate)
    if len(names) < 2:
        raise AnalysisError("a PRIM scatter needs two parameters")
    x, y = names[0], names[1]
    if len(box.cases) == len(results):
        case = np.asarray(box.cases, dtype=bool)
    elif isinstance(target, str):
        case = results[target].to_numpy(dtype=bool)
    else:
        case = np.asarray(target, dtype=bool)
    return PrimScatterData(
        x=x,
        y=y,
        x_values=results[x].to_numpy(dtype=float),
        y_values=results[y].to_numpy(dtype=float),
        case=case,
        inside=box.contains(results),
        x_limits=box.limits[x],
        y_limits=box.limits[y],
        box=box,
    )


def prim_scatter(
    results: pd.DataFrame,
    box: PrimBox | None = None,
    x: str | None = None,
    y: str | None = None,
    *,
    target: str | Sequence[bool] | np.ndarray = "zone",
    ax: Axes | None = None,
) -> Figure:
    """Experiments over two parameters, cases marked, with the PRIM box drawn on them."""
    data = prim_scatter_data(results, box, x, y, target=target)
    fig, ax = new_figure(ax, (6.0, 4.8))
    ax.scatter(
        data.x_values[~data.case],
        data.y_values[~data.case],
        marker="x",
        s=12,
        color=REJECT_COLOUR,
        linewidths=0.8,
        alpha=0.6,
    )
    ax.scatter(
        data.x_values[data.case],
        data.y_values[data.case],
        marker="o",
        s=12,
        facecolor=ACCEPT_COLOUR,
        edgecolor="none",
        alpha=0.7,
    )
    (x0, x1), (y0, y1) = data.x_limits, data.y_limits
    ax.add_patch(
        Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, edgecolor=OKABE_ITO["black"], lw=1.5)
    )
    label = data.box.target
    ax.legend(
        handles=[
            Line2D([], [], marker="o", linestyle="", color=ACCEPT_COLOUR, label=label),
            Line2D([], [], marker="x", linestyle="", color=REJECT_COLOUR, label=f"not {label}"),
            Patch(fill=False, edgecolor=OKABE_ITO["black"], label="PRIM box"),
        ],
        fontsize=8,
        loc="best",
    )
    ax.set_xlabel(_short_path(data.x))
    ax.set_ylabel(_short_path(data.y))
    ax.set_title(
        f"PRIM box: coverage {data.box.coverage:.0%}, density {data.box.density:.0%}",
        fontsize=10,
    )
    return fig
