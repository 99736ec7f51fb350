"""Subgame-perfect equilibria of game trees: every one, ties included."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import negsim
from negsim.errors import AnalysisError
from negsim.games import equilibria, solve_tree
from negsim.games.normal_form import GameOutcome
from negsim.games.sequential import GameTree, Plan, TreeNode, path_of, subgame_perfect_equilibria
from negsim.games.verify import plan_regrets

MINIMAL = Path(__file__).parents[1] / "data" / "minimal.yaml"


def build_tree(spec, payoffs, players=("a", "b")):
    """A GameTree from nested ``(player, [child, ...])`` tuples; a leaf is a row of ``payoffs``."""
    nodes: list[TreeNode] = []
    leaves: list[int] = []
    paths: list[tuple[str, ...]] = []

    def visit(node, path):
        player, children = node
        index = len(nodes)
        nodes.append(None)
        codes = []
        for k, child in enumerate(children):
            move = f"m{k}"
            if isinstance(child, int):
                leaves.append(child)
                paths.append((*path, move))
                codes.append(-len(leaves))
            else:
                codes.append(visit(child, (*path, move)))
        nodes[index] = TreeNode(
            path, player, tuple(f"m{k}" for k in range(len(children))), tuple(codes)
        )
        return index

    visit(spec, ())
    payoffs = np.asarray(payoffs, dtype=float)
    return GameTree(
        name="t",
        players=players,
        nodes=tuple(nodes),
        leaf_paths=tuple(paths),
        leaf_outcome=np.array(leaves, dtype=np.intp),
        outcomes=tuple(GameOutcome(f"o{k}", None) for k in range(len(payoffs))),
        outcome_payoffs=payoffs,
    )


def brute_force(tree):
    """Every plan with no profitable one-shot deviation (subgame perfect, for finite trees)."""
    found = set()
    for choices in itertools.product(*(range(len(n.moves)) for n in tree.nodes)):
        plan = Plan(tuple(choices), -1)
        if np.all(plan_regrets(tree, plan) == 0):
            found.add(tuple(choices))
    return found


# a moves first: m0 leads to b's choice between leaf 0 and leaf 1 (b is indifferent),
# m1 ends the game at leaf 2
TIE_TREE = (0, [(1, [0, 1]), 2])


def test_indifference_below_gives_two_equilibria_with_different_paths():
    payoffs = [[1, 1], [2, 1], [1.5, 0]]
    tree = build_tree(TIE_TREE, payoffs)
    plans = subgame_perfect_equilibria(tree)
    assert {p.choices for p in plans} == {(1, 0), (0, 1)}  # (a's move, b's move)
    assert {tuple(path_of(tree, p)) for p in plans} == {
        (("a", "m1"),),
        (("a", "m0"), ("b", "m1")),
    }
    assert {p.choices for p in plans} == brute_force(tree)


def test_ties_at_two_levels_give_three_equilibria():
    payoffs = [[1, 1], [2, 1], [2, 0]]  # now a is also indifferent when b plays m1
    tree = build_tree(TIE_TREE, payoffs)
    plans = subgame_perfect_equilibria(tree)
    assert {p.choices for p in plans} == {(1, 0), (0, 1), (1, 1)}
    assert {p.choices for p in plans} == brute_force(tree)


def test_no_ties_gives_the_unique_backward_induction_plan():
    tree = build_tree(TIE_TREE, [[1, 2], [3, 1], [2, 0]])
    plans = subgame_perfect_equilibria(tree)
    assert [p.choices for p in plans] == [(1, 0)]
    assert plans[0].leaf == 2


tree_shapes = st.recursive(
    st.just(None),
    lambda children: st.tuples(st.integers(0, 2), st.lists(children, min_size=1, max_size=3)),
    max_leaves=9,
).filter(lambda t: t is not None)


@settings(max_examples=40, deadline=None)
@given(tree_shapes, st.data())
def test_property_backward_induction_finds_exactly_the_subgame_perfect_plans(shape, data):
    leaves = []

    def number(node):
        if node is None:
            leaves.append(len(leaves))
            return leaves[-1]
        player, children = node
        return (player, [number(c) for c in children])

    spec = number(shape)
    payoffs = data.draw(
        st.lists(
            st.lists(st.integers(0, 2), min_size=3, max_size=3),
            min_size=len(leaves),
            max_size=len(leaves),
        )
    )
    tree = build_tree(spec, payoffs, players=("a", "b", "c"))
    plans = subgame_perfect_equilibria(tree)
    assert len({p.choices for p in plans}) == len(plans)
    assert {p.choices for p in plans} == brute_force(tree)


def test_too_many_equilibria_is_refused():
    # three nodes of one indifferent player below the root: 2 * 2**3 plans
    spec = (0, [(1, [0, 1]), (1, [2, 3]), (1, [4, 5])])
    tree = build_tree(spec, [[0, 0]] * 6)
    assert len(subgame_perfect_equilibria(tree)) == 3 * 2**3
    with pytest.raises(AnalysisError, match="more than 5"):
        subgame_perfect_equilibria(tree, max_equilibria=5)


# ---------------------------------------------------------------- from a scenario

DEMAND_GAME = """
games:
  demand:
    kind: sequential
    says: Beta demands the east or waits; Alpha accepts or refuses a demand.
    root:
      player: beta
      moves:
        demand:
          player: alpha
          moves:
            accept: {outcome: east_for_peace}
            refuse: {outcome: no_deal}
        wait: {outcome: no_deal}
"""


def test_scenario_tree_is_solved_with_payoffs_from_utilities():
    scenario = negsim.load(MINIMAL.read_text() + DEMAND_GAME)
    model = negsim.compile_scenario(scenario)
    result = equilibria(model, "demand")
    assert result.kind == "sequential" and result.scope == "subgame_perfect"
    # both prefer the proposal to no deal (it respects both red lines)
    deal = model.utility_of([scenario.proposals["east_for_peace"].outcome])[0]
    assert np.all(deal > model.no_deal)
    (only,) = result.equilibria
    assert only.path == (("beta", "demand"), ("alpha", "accept"))
    assert only.outcome.label == "east_for_peace"
    assert only.plan == {"beta": {"root": "demand"}, "alpha": {"root/demand": "accept"}}
    assert only.payoffs == pytest.approx(dict(zip(("beta", "alpha"), deal[::-1], strict=True)))
    frame = result.to_frame()
    assert frame.loc[0, "path"] == "beta demand -> alpha accept"
    assert result.to_dict()["equilibria"][0]["path"][1] == {"player": "alpha", "move": "accept"}


def test_a_higher_no_deal_value_changes_the_prediction():
    scenario = negsim.load(MINIMAL.read_text() + DEMAND_GAME)
    # if Alpha values no deal above the proposal, it refuses, and Beta is indifferent
    high = scenario.with_({"parties.alpha.no_deal": 0.9})
    result = solve_tree_of(high)
    assert {e.path for e in result} == {
        (("beta", "demand"), ("alpha", "refuse")),
        (("beta", "wait"),),
    }
    assert all(e.deal_probability == 0 for e in result)


def solve_tree_of(scenario):
    from negsim.games import game_tree

    model = negsim.compile_scenario(scenario)
    return solve_tree(game_tree(model, "demand", scenario.games["demand"]))
