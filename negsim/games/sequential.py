"""Subgame-perfect equilibria of finite games with perfect information.

Backward induction (Kuhn 1953; Selten 1975): at each decision node, the mover
picks a move that maximises its payoff given how play continues below. When a
mover is indifferent between moves, each choice starts a different
subgame-perfect equilibrium, and what the mover is indifferent between can
depend on which equilibrium is played in the subgames below. So every node keeps
the list of all subgame-perfect plans of its subtree: for each combination of
the children's plans, every optimal move gives one plan. The root's list is
every subgame-perfect equilibrium in pure strategies.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import product

import numpy as np

from negsim.errors import AnalysisError
from negsim.games.normal_form import GameOutcome, OutcomeReference, score_outcomes
from negsim.model.compile import Model
from negsim.scenario.games import DecisionNode, SequentialGame

__all__ = [
    "DEFAULT_MAX_EQUILIBRIA",
    "GameTree",
    "Plan",
    "TreeNode",
    "game_tree",
    "path_of",
    "subgame_perfect_equilibria",
]

DEFAULT_MAX_EQUILIBRIA = 10_000


@dataclass(frozen=True)
class TreeNode:
    """A decision node: ``children[k]`` is a node index, or ``-1 - leaf`` for a leaf.

    Examples
    --------
    >>> import negsim
    >>> from negsim.scenario.examples import water_talks
    >>> s = water_talks(ultimatum=True)
    >>> from negsim.games import game_tree
    >>> tree = game_tree(negsim.compile_scenario(s), "ultimatum", s.games["ultimatum"])
    >>> [node.label for node in tree.nodes]
    ['root', 'root/offer_half', 'root/offer_third']
    >>> tree.nodes[0].children
    (1, 2)
    """

    path: tuple[str, ...]
    player: int
    moves: tuple[str, ...]
    children: tuple[int, ...]

    @property
    def label(self) -> str:
        """``root`` or ``root/move/move``."""
        return "/".join(("root", *self.path))


@dataclass(frozen=True, eq=False)
class GameTree:
    """A sequential game with payoffs from the scenario.

    Attributes
    ----------
    nodes
        Decision nodes in depth-first order; ``nodes[0]`` is the root.
    leaf_paths, leaf_outcome
        Path of moves to each leaf and the index of its outcome.
    outcomes, outcome_payoffs
        Distinct outcomes and their payoffs ``(n_outcomes, n_players)``.

    Examples
    --------
    >>> import negsim
    >>> from negsim.scenario.examples import water_talks
    >>> s = water_talks(ultimatum=True)
    >>> from negsim.games import game_tree
    >>> tree = game_tree(negsim.compile_scenario(s), "ultimatum", s.games["ultimatum"])
    >>> tree.players, len(tree.nodes), tree.leaf_paths[2]
    (('alpha', 'beta'), 3, ('offer_third', 'accept'))
    >>> tree.nodes[1]
    TreeNode(path=('offer_half',), player=1, moves=('accept', 'refuse'), children=(-1, -2))
    """

    name: str
    players: tuple[str, ...]
    nodes: tuple[TreeNode, ...]
    leaf_paths: tuple[tuple[str, ...], ...]
    leaf_outcome: np.ndarray = field(repr=False)
    outcomes: tuple[GameOutcome, ...] = field(repr=False)
    outcome_payoffs: np.ndarray = field(repr=False)
    breach_penalty: float = 1.0
    says: str = ""

    @property
    def leaf_payoffs(self) -> np.ndarray:
        """``(n_leaves, n_players)``."""
        return self.outcome_payoffs[self.leaf_outcome]


def game_tree(model: Model, name: str, spec: SequentialGame) -> GameTree:
    """Number the nodes of a declared sequential game and score its leaves.

    Examples
    --------
    Alpha offers half or a third of the water; Beta accepts or refuses:

    >>> import negsim
    >>> from negsim.scenario.examples import water_talks
    >>> s = water_talks(ultimatum=True)
    >>> from negsim.games import game_tree
    >>> tree = game_tree(negsim.compile_scenario(s), "ultimatum", s.games["ultimatum"])
    >>> [node.label for node in tree.nodes]
    ['root', 'root/offer_half', 'root/offer_third']
    >>> tree.leaf_payoffs.round(2).tolist()
    [[0.5, 0.5], [0.3, 0.4], [0.65, 0.35], [0.3, 0.4]]
    """
    players = spec.players
    nodes: list[TreeNode] = []
    leaf_paths: list[tuple[str, ...]] = []
    refs: list[OutcomeReference] = []
    keys: dict[str, int] = {}
    leaf_outcome: list[int] = []

    def visit(node: DecisionNode, path: tuple[str, ...]) -> int:
        index = len(nodes)
        nodes.append(TreeNode(path, players.index(node.player), (), ()))
        children = []
        for move, child in node.moves.items():
            if isinstance(child, DecisionNode):
                children.append(visit(child, (*path, move)))
                continue
            ref = child.outcome
            key = ref if isinstance(ref, str) else repr(sorted(ref.items()))
            if key not in keys:
                keys[key] = len(refs)
                refs.append(ref)
            leaf_outcome.append(keys[key])
            leaf_paths.append((*path, move))
            children.append(-len(leaf_paths))
        nodes[index] = TreeNode(path, nodes[index].player, tuple(node.moves), tuple(children))
        return index

    visit(spec.root, ())
    outcomes, payoffs = score_outcomes(model, refs, players, spec.breach_penalty)
    return GameTree(
        name=name,
        players=players,
        nodes=tuple(nodes),
        leaf_paths=tuple(leaf_paths),
        leaf_outcome=np.array(leaf_outcome, dtype=np.intp),
        outcomes=outcomes,
        outcome_payoffs=payoffs,
        breach_penalty=spec.breach_penalty,
        says=spec.says,
    )


@dataclass(frozen=True)
class Plan:
    """One subgame-perfect equilibrium: a move at every decision node.

    Attributes
    ----------
    choices
        ``choices[node]`` is the index of the move taken at decision node ``node``.
    leaf
        The leaf reached when everyone follows the plan.

    Examples
    --------
    Alpha offers half (move 0 at the root); Beta accepts half (move 0) and
    refuses a third (move 1); play ends at the first leaf:

    >>> import negsim
    >>> from negsim.scenario.examples import water_talks
    >>> s = water_talks(ultimatum=True)
    >>> from negsim.games import game_tree
    >>> from negsim.games.sequential import subgame_perfect_equilibria
    >>> tree = game_tree(negsim.compile_scenario(s), "ultimatum", s.games["ultimatum"])
    >>> subgame_perfect_equilibria(tree)
    [Plan(choices=(0, 0, 1), leaf=0)]
    """

    choices: tuple[int, ...]
    leaf: int


def subgame_perfect_equilibria(
    tree: GameTree,
    *,
    slack: np.ndarray | None = None,
    max_equilibria: int = DEFAULT_MAX_EQUILIBRIA,
) -> list[Plan]:
    """Every subgame-perfect equilibrium in pure strategies, by backward induction.

    Parameters
    ----------
    tree
        The game.
    slack
        Per player, how far below the best a move may be and still count as a
        tie (default: exact comparison).
    max_equilibria
        Stop with :class:`~negsim.errors.AnalysisError` when there may be more.

    Returns
    -------
    list of Plan
        In the order of the moves (first moves first).

    Examples
    --------
    Beta refuses a third (0.35 is below its no-deal value 0.4), so Alpha offers half:

    >>> import negsim
    >>> from negsim.scenario.examples import water_talks
    >>> s = water_talks(ultimatum=True)
    >>> from negsim.games import game_tree
    >>> from negsim.games.sequential import path_of, subgame_perfect_equilibria
    >>> tree = game_tree(negsim.compile_scenario(s), "ultimatum", s.games["ultimatum"])
    >>> plans = subgame_perfect_equilibria(tree)
    >>> plans
    [Plan(choices=(0, 0, 1), leaf=0)]
    >>> path_of(tree, plans[0])
    [('alpha', 'offer_half'), ('beta', 'accept')]
    """
    payoffs = tree.leaf_payoffs
    slack = np.zeros(len(tree.players)) if slack is None else slack

    def solve(index: int) -> list[tuple[dict[int, int], int]]:
        node = tree.nodes[index]
        options: list[list[tuple[dict[int, int], int]]] = [
            solve(child) if child >= 0 else [({}, -1 - child)] for child in node.children
        ]
        bound = math.prod(len(o) for o in options)
        if bound > max_equilibria:
            raise AnalysisError(
                f"game {tree.name!r} has more than {max_equilibria:,} subgame-perfect "
                f"equilibria below node {node.label} (ties at many nodes)"
            )
        out: list[tuple[dict[int, int], int]] = []
        for combo in product(*options):
            values = payoffs[[leaf for _, leaf in combo], node.player]
            best = values.max()
            for move in np.flatnonzero(values >= best - slack[node.player]):
                choices: dict[int, int] = {index: int(move)}
                for below, _ in combo:
                    choices.update(below)
                out.append((choices, combo[move][1]))
                if len(out) > max_equilibria:
                    raise AnalysisError(
                        f"game {tree.name!r} has more than {max_equilibria:,} "
                        "subgame-perfect equilibria (ties at many nodes)"
                    )
        return out

    plans = solve(0)
    count = len(tree.nodes)
    return [Plan(tuple(choices[i] for i in range(count)), leaf) for choices, leaf in plans]


def path_of(tree: GameTree, plan: Plan) -> list[tuple[str, str]]:
    """``(player, move)`` along the path of play of a plan.

    Examples
    --------
    Beta refuses a third, so Alpha offers half:

    >>> import negsim
    >>> from negsim.scenario.examples import water_talks
    >>> s = water_talks(ultimatum=True)
    >>> from negsim.games import game_tree
    >>> from negsim.games.sequential import path_of, subgame_perfect_equilibria
    >>> tree = game_tree(negsim.compile_scenario(s), "ultimatum", s.games["ultimatum"])
    >>> path_of(tree, subgame_perfect_equilibria(tree)[0])
    [('alpha', 'offer_half'), ('beta', 'accept')]
    """
    steps = []
    index = 0
    while index >= 0:
        node = tree.nodes[index]
        move = plan.choices[index]
        steps.append((tree.players[node.player], node.moves[move]))
        index = node.children[move]
    return steps
