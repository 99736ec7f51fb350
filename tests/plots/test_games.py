"""Game figures: the payoff table's equilibria and the tree's subgame-perfect play."""

from __future__ import annotations

from negsim import plots


def test_game_table_marks_exactly_the_pure_equilibria(flagship):
    from negsim import games

    name = "simultaneous_moves"
    game = games.normal_form(flagship, name, flagship.scenario.games[name])
    result = games.equilibria(flagship, name)
    data = plots.game_table_data(game, result)
    assert len(data.pure) == sum(e.pure for e in result)
    for profile in data.pure:
        payoffs = data.payoffs[profile]
        for i in range(len(data.players)):
            # no player gains by deviating alone
            others = list(profile)
            for s in range(len(data.strategies[i])):
                others[i] = s
                assert data.payoffs[tuple(others)][i] <= payoffs[i] + 1e-12
    assert data.panels[0] in {p[2:] for p in data.pure}


def test_game_tree_marks_the_subgame_perfect_play(flagship):
    from negsim import games

    name = "guarantee_for_donbas"
    tree = games.game_tree(flagship, name, flagship.scenario.games[name])
    result = games.equilibria(flagship, name)
    data = plots.game_tree_data(tree, result)
    n_leaves = len(tree.leaf_paths)
    assert len(data.labels) == data.n_decisions + n_leaves
    assert len(data.edges) == data.n_decisions + n_leaves - 1  # a tree
    # every equilibrium takes one move at every decision node, and one path from the root
    assert data.chosen.sum() == len(result) * data.n_decisions
    root_edges = [e for e, (parent, _, _) in enumerate(data.edges) if parent == 0]
    assert data.on_path[root_edges].sum() == len(result)
    assert (data.on_path <= data.chosen).all()
    # every path of play ends at a leaf whose outcome the equilibria report
    reached = {
        data.labels[child].split("  (")[0]
        for e, (_, child, _) in enumerate(data.edges)
        if data.on_path[e] and child >= data.n_decisions
    }
    assert reached == {e.describe_outcome() for e in result}
