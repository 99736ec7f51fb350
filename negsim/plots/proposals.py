"""The proposal matrix: who accepts each proposal, and why the others reject it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from negsim.errors import AnalysisError
from negsim.plots.style import new_figure, shorten

if TYPE_CHECKING:
    from negsim.zone.proposals import ProposalCheck

__all__ = [
    "ProposalMatrixData",
    "proposal_matrix",
    "proposal_matrix_data",
]


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
        return np.all(self.accepted, axis=1)


def proposal_matrix_data(
    checks: Sequence[ProposalCheck], *, names: Mapping[str, str] | None = None
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
            _draw_cell(ax, data, k, p)
    for p, name in enumerate(data.names):
        ax.text(p + 0.5, n_rows + 0.06, shorten(name, 18), ha="center", va="bottom", fontsize=8.5)
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


def _draw_cell(ax: Axes, data: ProposalMatrixData, k: int, p: int) -> None:
    """Proposal ``k`` against party ``p``: green when accepted, else vermillion; the why."""
    y = data.accepted.shape[0] - 1 - k
    ax.add_patch(
        Rectangle(
            (p, y),
            1,
            1,
            facecolor="#CCEBE3" if data.accepted[k, p] else "#F9DCCB",
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
