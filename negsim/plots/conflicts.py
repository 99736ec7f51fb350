"""The conflict diagram: the constraints of each minimal conflict, by party."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from negsim.errors import AnalysisError
from negsim.model.compile import Model
from negsim.plots.style import GREY, new_figure, party_colour, party_name, shorten

__all__ = [
    "ConflictDiagramData",
    "conflict_diagram",
    "conflict_diagram_data",
    "no_deal_key",
]


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
    shown = data.conflicts[:12]
    for c, members in enumerate(shown):
        _draw_conflict(ax, data.positions[list(members)], c, len(shown))
    involved = data.in_conflict
    for i, key in enumerate(data.nodes):
        _draw_node(ax, data, i, key, involved=bool(involved[i]))
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


def _draw_conflict(ax: Axes, pts: np.ndarray, c: int, n_shown: int) -> None:
    """Conflict number ``c`` (from 0) joining the nodes at ``pts``, its number on a hub."""
    colour = _CONFLICT_GREYS[c % 2]
    style = _CONFLICT_STYLES[(c // 2) % len(_CONFLICT_STYLES)]
    # offset parallel conflicts slightly so shared edges stay visible
    shift = (c - (n_shown - 1) / 2) * 0.025
    if len(pts) == 2:
        ax.plot(pts[:, 0] + shift, pts[:, 1] + shift, color=colour, linestyle=style, lw=1.8)
        hub = pts.mean(axis=0) + shift
    elif len(pts) == 1:
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


def _draw_node(ax: Axes, data: ConflictDiagramData, i: int, key: str, *, involved: bool) -> None:
    """Constraint ``i`` in its party's colour (filled when ``involved`` in a conflict)."""
    colour = party_colour(data.party_of[i])
    ax.scatter(
        [data.positions[i, 0]],
        [data.positions[i, 1]],
        s=150 if involved else 70,
        facecolor=colour if involved else "white",
        edgecolor=colour,
        linewidth=2,
        zorder=4,
    )
    x, y = data.positions[i] * 1.12
    ax.text(
        x,
        y,
        shorten(key, 40),
        ha="left" if x > 0.05 else "right" if x < -0.05 else "center",
        va="bottom" if y > 0.05 else "top" if y < -0.05 else "center",
        fontsize=8,
        color="black" if involved else GREY,
    )
