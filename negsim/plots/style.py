"""What every figure shares: the palette, party colours and names, the figure itself.

Figures are built with :class:`matplotlib.figure.Figure` directly rather than
through ``pyplot``: no GUI backend is ever selected, so they render the same on
a machine without a display (saving uses the Agg renderer) and nothing is kept
alive in a global figure registry. Jupyter displays a returned Figure inline.

Colours follow the Okabe & Ito (2008) palette, which stays distinguishable
under the common forms of colour blindness; categories are also told apart by
marker shape or text, never by colour alone.
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from negsim.errors import AnalysisError
from negsim.model.compile import Model
from negsim.scenario.format import ContinuousIssue

__all__ = [
    "ACCEPT_COLOUR",
    "GREY",
    "LIGHT",
    "OKABE_ITO",
    "PARTY_COLOURS",
    "REJECT_COLOUR",
    "issue_unit",
    "new_figure",
    "party_colour",
    "party_name",
    "possessive",
    "shorten",
]

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


def party_colour(index: int) -> str:
    """Colour of the party at ``index`` (cycles through the palette)."""
    return PARTY_COLOURS[index % len(PARTY_COLOURS)]


def party_name(model: Model, party: str) -> str:
    """The display name of a party (its ``name`` or its id)."""
    return model.scenario.parties[party].name or party


def issue_unit(model: Model, issue: str) -> str:
    """What a continuous issue measures (its ``unit``); ``""`` for other issues."""
    spec = model.scenario.issues[issue]
    return spec.unit if isinstance(spec, ContinuousIssue) else ""


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
        root = ax.get_figure(root=True)
        if not isinstance(root, Figure):
            raise AnalysisError("ax= must be an Axes placed in a figure")
        return root, ax
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


def possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
