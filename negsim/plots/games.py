"""Figures of games: the payoff table of a normal-form game, the tree of a sequential one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from negsim.errors import AnalysisError
from negsim.plots.style import GREY, new_figure, shorten

if TYPE_CHECKING:
    from negsim.games.normal_form import NormalForm
    from negsim.games.results import Equilibria
    from negsim.games.sequential import GameTree

__all__ = [
    "GameTableData",
    "GameTreeData",
    "MAX_PANELS",
    "MAX_TREE_LEAVES",
    "game_table",
    "game_table_data",
    "game_tree_data",
    "game_tree_figure",
]

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
    game: NormalForm,
    result: Equilibria,
    *,
    names: Mapping[str, str] | None = None,
    max_panels: int = MAX_PANELS,
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
    gap = 0.45
    width = len(data.panels) * (cols + gap) - gap
    cell_w = 1.9 if len(data.players) <= 2 else 2.1
    label_w = 0.075 * max(len(s) for s in data.strategies[0]) + 0.3
    lines = _game_table_notes(data)
    title_h = 0.2 + 0.17 * (1 + len(lines))
    fig, ax = new_figure(
        ax,
        (
            min(label_w + cell_w * width + 0.3, 16),
            title_h + 0.4 + 0.75 * rows + 0.35 * (len(data.players) > 2),
        ),
        margins=(0.05, 0.05, title_h, 0.05),
    )
    for k, rest in enumerate(data.panels):
        _draw_panel(ax, data, k * (cols + gap), rest, first=k == 0)
    ax.set_xlim(-label_w / cell_w, width + 0.05)
    ax.set_ylim(-0.15, rows + (1.0 if len(data.players) > 2 else 0.5))
    ax.axis("off")
    title = f"Game {data.game}: rows {data.names[0]}, columns {data.names[1]}"
    ax.set_title(title + "\n" + "\n".join(lines), fontsize=9)
    return fig


def _game_table_notes(data: GameTableData) -> list[str]:
    """The lines under a payoff table's title: the key, and what the tables leave out."""
    n_panels = len(data.panels)
    lines = [f"payoffs in cells: {', '.join(data.names)}; shaded and framed: pure equilibrium"]
    if data.n_panels > n_panels:
        lines.append(f"{n_panels} of {data.n_panels} tables shown (those with equilibria first)")
    for text in data.mixed[:3]:
        lines.append("mixed equilibrium: " + shorten(text, 110))
    if len(data.mixed) > 3:
        lines.append(f"... and {len(data.mixed) - 3} more mixed equilibria")
    if not data.pure and not data.mixed:
        lines.append("no equilibrium found")
    return lines


def _draw_panel(
    ax: Axes, data: GameTableData, x0: float, rest: tuple[int, ...], *, first: bool
) -> None:
    """One table at ``x0``: the cells, the strategy labels, the other players' strategies."""
    rows, cols = len(data.strategies[0]), len(data.strategies[1])
    for r in range(rows):
        for c in range(cols):
            _draw_cell(ax, data, (r, c, *rest), x0 + c, rows - 1 - r)
    for c, s in enumerate(data.strategies[1]):
        ax.text(x0 + c + 0.5, rows + 0.08, shorten(s, 20), ha="center", va="bottom", fontsize=8)
    if first:
        for r, s in enumerate(data.strategies[0]):
            ax.text(x0 - 0.08, rows - 0.5 - r, shorten(s, 20), ha="right", va="center", fontsize=8)
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


def _draw_cell(ax: Axes, data: GameTableData, profile: tuple[int, ...], x: float, y: int) -> None:
    """The cell of ``profile``: payoffs over outcome, shaded and framed if an equilibrium."""
    is_eq = profile in data.pure
    ax.add_patch(
        Rectangle(
            (x, y),
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
        x + 0.5,
        y + 0.6,
        pays,
        ha="center",
        va="center",
        fontsize=8.5,
        fontweight="bold" if is_eq else "normal",
        zorder=4,
    )
    ax.text(
        x + 0.5,
        y + 0.28,
        shorten(str(data.outcome_labels[profile]), 24),
        ha="center",
        va="center",
        fontsize=7,
        color="#444444",
        zorder=4,
    )


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
    tree: GameTree, result: Equilibria, *, names: Mapping[str, str] | None = None
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
        labels.append(f"{shorten(outcome.label, 28)}  ({pays})")
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
        at = 0
        for _, move in eq.path:
            e = index[(at, move)]
            on_path[e] += 1
            at = edges[e][1]
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
    _draw_moves(ax, data)
    pos = data.positions
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


def _draw_moves(ax: Axes, data: GameTreeData) -> None:
    """Each move as an edge named at its middle, styled by whether equilibria take it."""
    pos = data.positions
    for e, (parent, child, move) in enumerate(data.edges):
        (x0, y0), (x1, y1) = pos[parent], pos[child]
        style: dict[str, Any]
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
