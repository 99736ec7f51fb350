"""What every figure shares: it renders without warnings and draws into the axes it is given."""

from __future__ import annotations

from negsim import plots
from tests.plots.examples import render


def test_every_figure_renders_without_warnings(minimal, flagship, flagship_analysis):
    from negsim import games
    from negsim.bargaining.war import fearon_range

    name = "simultaneous_moves"
    game = games.normal_form(flagship, name, flagship.scenario.games[name])
    diagnosis = flagship_analysis.diagnosis
    figures = [
        plots.utility_space(
            plots.utility_space_data(flagship, ("ukraine", "russia"), max_points=3000)
        ),
        plots.utility_space(
            plots.utility_space_data(minimal, solutions={"Nash": (0.2, 0.3), "KS": (0.2, 0.3)})
        ),
        plots.issue_map(plots.issue_map_data(flagship)),
        plots.zopa_matrix(plots.zopa_matrix_data(flagship)),
        plots.conflict_diagram(
            plots.conflict_diagram_data(
                flagship,
                [c.keys for c in diagnosis.conflicts],
                constraints=[(c.key, c.party) for c in diagnosis.constraints],
            )
        ),
        plots.proposal_matrix(plots.proposal_matrix_data(flagship_analysis.proposals)),
        plots.game_table(plots.game_table_data(game, games.equilibria(flagship, name))),
        plots.game_tree_figure(
            plots.game_tree_data(
                games.game_tree(
                    flagship,
                    "guarantee_for_donbas",
                    flagship.scenario.games["guarantee_for_donbas"],
                ),
                games.equilibria(flagship, "guarantee_for_donbas"),
            )
        ),
        plots.bargaining_range(plots.bargaining_range_data(minimal, "share")),
        plots.bargaining_range(plots.fearon_range_data(fearon_range(0.7, 0.05, 0.05, p_b=0.4))),
        plots.utility_space(plots.utility_space_data(minimal, max_points=100)),
        plots.issue_map(plots.issue_map_data(minimal)),
        plots.zopa_matrix(plots.zopa_matrix_data(minimal)),
        plots.conflict_diagram(plots.conflict_diagram_data(minimal, [])),
        plots.conflict_diagram(
            plots.conflict_diagram_data(
                minimal, [["alpha/keep-north", "beta/some-land", "beta/no-deal"]]
            )
        ),
    ]
    for fig in figures:
        render(fig)


def test_drawing_into_a_given_axes_returns_its_figure(minimal):
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.add_subplot()
    assert plots.zopa_matrix(plots.zopa_matrix_data(minimal), ax=ax) is fig
