"""Tests of the figures: the data each one shows, and that every one renders."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import numpy as np
import pytest

import negsim
from negsim.errors import AnalysisError
from negsim.plots import figures as plots

DATA = Path(__file__).parents[1] / "data"
SCENARIOS = Path(__file__).parents[2] / "scenarios"
FLAGSHIP = SCENARIOS / "ukraine_land_for_peace_2026.yaml"


@pytest.fixture(scope="module")
def minimal() -> negsim.Model:
    return negsim.compile_scenario(negsim.load(DATA / "minimal.yaml"))


@pytest.fixture(scope="module")
def flagship() -> negsim.Model:
    return negsim.compile_scenario(negsim.load(FLAGSHIP))


@pytest.fixture(scope="module")
def flagship_analysis(flagship):
    from negsim.zone.analysis import analyze

    return analyze(flagship, progress=False)


def render(fig) -> bytes:
    """Render a figure to PNG with every warning raised as an error."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(buffer, format="png", dpi=60)
    data = buffer.getvalue()
    assert data.startswith(b"\x89PNG")
    return data


# ---------------------------------------------------------------- utility space


def test_utility_space_points_are_classified_by_the_model(minimal):
    data = plots.utility_space_data(minimal)
    da, db = data.no_deal
    in_quadrant = (data.points[:, 0] >= da) & (data.points[:, 1] >= db)
    # an outcome respecting both sides' red lines inside the quadrant is acceptable to both
    assert not (in_quadrant & (data.kind == plots.KIND_OPEN)).any()
    accepted = data.kind >= plots.KIND_PAIR
    assert in_quadrant[accepted].all()
    both = minimal.acceptable_masks[0] & minimal.acceptable_masks[1]
    assert data.n_both_accept == both.sum() > 0
    assert not data.quadrant_empty
    assert data.n_distinct == data.n_shown <= minimal.n_outcomes


def test_utility_space_quadrant_empty_when_no_deal_too_high(minimal):
    scenario = minimal.scenario.with_({"parties.alpha.no_deal": 5})
    data = plots.utility_space_data(negsim.compile_scenario(scenario))
    assert data.quadrant_empty
    assert data.n_both_accept == 0
    assert not (data.kind >= plots.KIND_PAIR).any()
    render(plots.utility_space(data))


def test_utility_space_subsample_is_deterministic_and_keeps_the_zone(minimal):
    first = plots.utility_space_data(minimal, max_points=60)
    second = plots.utility_space_data(minimal, max_points=60)
    assert first.subsampled
    assert np.array_equal(first.points, second.points)
    full = plots.utility_space_data(minimal)
    assert (first.kind >= plots.KIND_PAIR).sum() == (full.kind >= plots.KIND_PAIR).sum()
    assert first.n_shown == 60


def test_utility_space_pair_order_swaps_axes(minimal):
    ab = plots.utility_space_data(minimal, ("alpha", "beta"))
    ba = plots.utility_space_data(minimal, ("beta", "alpha"))
    assert ab.no_deal == ba.no_deal[::-1]
    assert sorted(map(tuple, ab.points)) == sorted(map(tuple, ba.points[:, ::-1]))


# ---------------------------------------------------------------- issue map


def test_issue_contest_ranks_opposed_issues_first(minimal):
    contest = plots.issue_contest(minimal)
    # alpha's red line keeps the north, beta's needs land: their acceptable regions differ;
    # only alpha values the guarantee and beta is indifferent to it
    assert contest["regions"][0] > 0
    assert contest["guarantee"] == (0.0, 0.0)
    assert contest["share"][0] == 0 < contest["share"][1]
    assert plots.most_contested(minimal) == ("regions", "recognition")


def test_issue_map_cells_match_the_outcomes(minimal):
    data = plots.issue_map_data(minimal, ("recognition", "regions"))
    codes = minimal.space.codes
    accept = minimal.acceptable_masks
    regions = minimal.space.axis("regions")
    assert data.labels[0] == ("none", "de_facto", "de_jure")
    assert data.labels[1][0] == "···" and data.labels[1][-1] == "NSE"
    assert data.notes == ("regions:\n  N north\n  S south\n  E east",)
    for j, label in enumerate(data.labels[1]):
        items = {item for item, mark in zip(regions.levels, label, strict=True) if mark != "·"}
        (code,) = [c for c in range(regions.size) if set(regions.decode(c)) == items]
        for i in range(3):
            here = (codes["recognition"] == i) & (codes["regions"] == code)
            for p in range(2):
                assert data.accepts[p, i, j] == (accept[p] & here).any()
            assert data.zone[i, j] == (accept.all(axis=0) & here).any()


def test_issue_map_default_puts_the_larger_issue_on_the_rows(minimal):
    data = plots.issue_map_data(minimal)
    assert set(data.issues) == set(plots.most_contested(minimal))
    assert data.accepts.shape == (2, 8, 3)
    assert data.chosen_by == "the two most contested"


def test_issue_map_bins_a_fine_continuous_issue(minimal):
    data = plots.issue_map_data(minimal, ("share", "recognition"), max_levels=4)
    assert data.accepts.shape == (2, 4, 3)
    assert data.labels[0][0].startswith("0")
    full = plots.issue_map_data(minimal, ("share", "recognition"))
    assert data.accepts[:, 0].any() == full.accepts[:, :3].any()


def test_issue_map_rejects_unknown_issue(minimal):
    with pytest.raises(AnalysisError, match="unknown issue"):
        plots.issue_map_data(minimal, ("share", "nope"))


# ---------------------------------------------------------------- pairwise zones


def test_zopa_matrix_counts_pairs(minimal):
    data = plots.zopa_matrix_data(minimal)
    accept = minimal.acceptable_masks
    assert data.counts[0, 0] == accept[0].sum()
    assert data.counts[0, 1] == data.counts[1, 0] == (accept[0] & accept[1]).sum()
    assert data.n_zone == accept.all(axis=0).sum()


# ---------------------------------------------------------------- conflicts


def test_conflict_diagram_layout(minimal):
    conflicts = [["alpha/keep-north", "beta/no-deal"], ["beta/some-land", "alpha/no-deal"]]
    data = plots.conflict_diagram_data(minimal, conflicts)
    assert set(data.nodes) == {
        "alpha/keep-north",
        "beta/some-land",
        "alpha/no-deal",
        "beta/no-deal",
    }
    assert np.allclose(np.hypot(*data.positions.T), 1.0)
    first = data.conflicts[0]
    assert {data.nodes[i] for i in first} == {"alpha/keep-north", "beta/no-deal"}
    assert data.in_conflict.all()


def test_conflict_diagram_rejects_unknown_constraint(minimal):
    with pytest.raises(AnalysisError, match="unknown constraint"):
        plots.conflict_diagram_data(minimal, [["alpha/nope"]])


def test_flagship_quadrants_match_the_pairwise_zones(flagship, flagship_analysis):
    pairs = flagship_analysis.pairwise
    for a, b, count in pairs.pairs():
        data = plots.utility_space_data(flagship, (a, b))
        assert data.n_both_accept == count
        assert data.quadrant_empty == (count == 0)
        assert data.n_every_party == flagship_analysis.zopa.count
    # the flagship's central pair: the shaded quadrant holds no outcome both accept
    data = plots.utility_space_data(flagship, ("ukraine", "russia"))
    assert data.quadrant_empty
    assert not (data.kind >= plots.KIND_PAIR).any()
    assert len(data.frontier) == 0
    assert data.subsampled and data.n_shown == plots.MAX_POINTS


def test_flagship_issue_map_picks_the_territorial_issues(flagship):
    data = plots.issue_map_data(flagship)
    assert set(data.issues) == {"recognised_russian", "line_of_control"}
    assert data.n_zone_cells == 0
    ukraine = data.parties.index("ukraine")
    russia = data.parties.index("russia")
    # no cell where both Ukraine and Russia could accept something
    assert not (data.accepts[ukraine] & data.accepts[russia]).any()


# ---------------------------------------------------------------- proposals


def test_proposal_matrix_matches_the_analysis(flagship_analysis):
    checks = flagship_analysis.proposals
    data = plots.proposal_matrix_data(checks)
    assert data.proposals == tuple(c.name for c in checks)
    for k, check in enumerate(checks):
        for p, v in enumerate(check.verdicts):
            assert data.parties[p] == v.party
            assert data.accepted[k, p] == v.accepted
            cell = data.cells[k][p]
            assert cell.startswith("accepts" if v.accepted else "rejects")
            for key in v.broken:
                assert key.split("/", 1)[1] in cell
            assert data.surplus[k, p] == pytest.approx(v.utility - v.no_deal)
    assert not data.accepted_by_all.any()


def test_proposal_matrix_needs_proposals():
    with pytest.raises(AnalysisError, match="no proposals"):
        plots.proposal_matrix_data(())


# ---------------------------------------------------------------- bargaining range


def test_bargaining_range_of_the_single_issue_camp_david():
    model = negsim.compile_scenario(negsim.load(SCENARIOS / "camp_david_1978_single_issue.yaml"))
    data = plots.bargaining_range_data(model, "sinai_returned")
    egypt, israel = model.parties.index("egypt"), model.parties.index("israel")
    grid = model.space.axis("sinai_returned").grid
    accepted = [
        grid[model.space.codes["sinai_returned"][model.acceptable_masks[p]]] for p in (0, 1)
    ]
    assert data.intervals[egypt] == ((accepted[egypt].min(), accepted[egypt].max()),)
    assert data.intervals[israel][0][0] == accepted[israel].min()
    assert data.intervals[israel][-1][1] == accepted[israel].max()
    assert data.common == ()
    assert data.gap == (accepted[israel].max(), accepted[egypt].min())
    assert data.gap_between == ("Israel", "Egypt")


def test_bargaining_range_overlap_when_a_zone_exists(minimal):
    data = plots.bargaining_range_data(minimal, "share")
    assert data.gap is None
    zone_shares = minimal.space.columns["share"][minimal.acceptable_masks.all(axis=0)]
    assert data.common[0][0] == zone_shares.min()
    assert data.common[-1][1] == zone_shares.max()


def test_bargaining_range_rejects_a_discrete_issue(minimal):
    with pytest.raises(AnalysisError, match="needs a number"):
        plots.bargaining_range_data(minimal, "recognition")


def test_fearon_range_figure_data():
    from negsim.bargaining.war import fearon_range

    open_range = plots.fearon_range_data(fearon_range(0.5, 0.1, 0.2, sides=("A", "B")))
    assert open_range.common == ((0.4, 0.7),)
    assert open_range.gap is None
    optimism = plots.fearon_range_data(fearon_range(0.7, 0.05, 0.05, p_b=0.4))
    assert optimism.common == ()
    assert optimism.gap == pytest.approx((0.45, 0.65))


# ---------------------------------------------------------------- games


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


# ---------------------------------------------------------------- rendering


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


def test_distinct_rows_equal_numpy_unique():
    rng = np.random.default_rng(3)
    rows = np.round(rng.random((500, 3)) * 4) / 4
    assert np.array_equal(plots._distinct_rows(rows), np.unique(rows, axis=0))
    assert plots._distinct_rows(rows[:0]).shape == (0, 3)
