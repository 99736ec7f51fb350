"""The ``games`` section of a scenario: schema and cross-reference checks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError

import negsim
from negsim.errors import ScenarioError
from negsim.scenario.games import (
    DEFAULT_BREACH_PENALTY,
    MAX_TREE_DEPTH,
    NO_DEAL,
    DecisionNode,
    Leaf,
    NormalFormGame,
    ProposalGame,
    SequentialGame,
    first_uncovered_profile,
    rule_mask,
)

MINIMAL = (Path(__file__).parents[1] / "data" / "minimal.yaml").read_text()

NORMAL_FORM = """
games:
  standoff:
    kind: normal_form
    says: Both sides choose at once.
    players:
      alpha: [give, hold]
      beta: [give, hold]
    outcomes:
      - when: {alpha: give, beta: give}
        outcome: east_for_peace
      - when: {alpha: give}
        outcome: {regions: [east], recognition: de_jure, guarantee: false, share: 30}
      - when: {beta: "*"}
        outcome: no_deal
"""


def load(games: str):
    return negsim.load(MINIMAL + games)


def error(games: str) -> str:
    with pytest.raises(ScenarioError) as caught:
        load(games)
    return str(caught.value)


def test_normal_form_game_loads_with_defaults():
    game = load(NORMAL_FORM).games["standoff"]
    assert isinstance(game, NormalFormGame)
    assert game.players == {"alpha": ("give", "hold"), "beta": ("give", "hold")}
    assert game.outcomes[0].outcome == "east_for_peace"
    assert game.outcomes[2].when == {"beta": "*"}
    assert game.breach_penalty == DEFAULT_BREACH_PENALTY == 1


def test_first_matching_rule_wins_and_wildcards_match_everything():
    game = load(NORMAL_FORM).games["standoff"]
    masks = [rule_mask(game, rule) for rule in game.outcomes]
    assert masks[0].tolist() == [[True, False], [False, False]]
    assert masks[1].tolist() == [[True, True], [False, False]]
    assert masks[2].all()
    assert first_uncovered_profile(game) is None


def test_proposal_and_sequential_games_load():
    scenario = load(
        """
games:
  pick: {kind: proposal, players: [beta, alpha], breach_penalty: 0.5}
  everything: {kind: proposal}
  demand:
    kind: sequential
    root:
      player: beta
      moves:
        ask:
          player: alpha
          moves:
            yes: {outcome: east_for_peace, says: Alpha agrees.}
            no: {outcome: no_deal}
        wait: {outcome: no_deal}
"""
    )
    pick, everything, demand = scenario.games.values()
    assert isinstance(pick, ProposalGame) and pick.players == ("beta", "alpha")
    assert pick.breach_penalty == 0.5
    assert everything.players is None and everything.proposals is None
    assert isinstance(demand, SequentialGame)
    assert demand.players == ("beta", "alpha")
    assert isinstance(demand.root.moves["wait"], Leaf)
    assert isinstance(demand.root.moves["ask"], DecisionNode)
    assert [path for path, _ in demand.root.walk()] == [(), ("ask",)]
    assert [path for path, _ in demand.root.leaves()] == [("ask", "yes"), ("ask", "no"), ("wait",)]


def test_games_survive_a_round_trip_and_overrides():
    scenario = load(NORMAL_FORM)
    again = negsim.load(scenario.to_yaml())
    assert again.games == scenario.games
    changed = scenario.with_({"games.standoff.breach_penalty": 2})
    assert changed.games["standoff"].breach_penalty == 2


def test_json_schema_describes_games():
    schema = negsim.json_schema()
    assert "games" in schema["properties"]
    text = str(schema)
    for kind in ("normal_form", "proposal", "sequential"):
        assert kind in text


def test_uncovered_profile_is_named():
    message = error(
        """
games:
  g:
    kind: normal_form
    players: {alpha: [give, hold], beta: [give, hold]}
    outcomes:
      - when: {alpha: give, beta: give}
        outcome: east_for_peace
      - when: {alpha: hold}
        outcome: no_deal
"""
    )
    assert "games.g.outcomes" in message
    assert "(alpha=give, beta=hold)" in message


def test_unknown_strategy_suggests_the_closest():
    message = error(NORMAL_FORM.replace("{alpha: give, beta: give}", "{alpha: giv, beta: give}"))
    assert "games.standoff.outcomes.0.when.alpha" in message
    assert "'giv' is not a strategy of alpha; did you mean 'give'?" in message


def test_players_must_be_parties():
    message = error(NORMAL_FORM.replace("      alpha: [give, hold]", "      alpah: [give, hold]"))
    assert "unknown party 'alpah'; did you mean 'alpha'?" in message


def test_when_names_only_players_of_the_game():
    message = error(NORMAL_FORM.replace('{beta: "*"}', '{gamma: "*"}'))
    assert "unknown player of this game 'gamma'" in message


def test_outcome_reference_must_be_a_proposal_or_no_deal():
    message = error(NORMAL_FORM.replace("outcome: east_for_peace", "outcome: east_for_peas"))
    assert (
        "'east_for_peas' is neither a proposal nor 'no_deal'; did you mean 'east_for_peace'?"
        in (message)
    )


def test_inline_outcome_is_checked_like_a_proposal():
    message = error(NORMAL_FORM.replace("recognition: de_jure", "recognition: dejure"))
    assert "games.standoff.outcomes.1.outcome.recognition" in message
    assert "did you mean 'de_jure'?" in message
    message = error(NORMAL_FORM.replace(", share: 30}", "}"))
    assert "missing share" in message


def test_outcome_of_the_wrong_type_is_explained():
    message = error(NORMAL_FORM.replace("outcome: no_deal", "outcome: 5"))
    assert "an outcome is a proposal name, 'no_deal', or a mapping of issue values" in message


def test_duplicate_strategy_is_refused():
    message = error(NORMAL_FORM.replace("alpha: [give, hold]", "alpha: [give, give]"))
    assert "lists strategy 'give' twice" in message


def test_unknown_kind_lists_the_kinds():
    message = error("\ngames:\n  g: {kind: extensive}\n")
    assert "a game needs a 'kind': one of normal_form, proposal, sequential" in message


def test_typo_in_a_game_field_suggests_the_field():
    message = error("\ngames:\n  g: {kind: proposal, player: [alpha, beta]}\n")
    assert "unknown field 'player'; did you mean 'players'?" in message


def test_proposal_game_references_are_checked():
    assert "unknown proposal 'east'" in error(
        "\ngames:\n  g: {kind: proposal, proposals: [east]}\n"
    )
    assert "unknown party 'gamma'" in error(
        "\ngames:\n  g: {kind: proposal, players: [alpha, gamma]}\n"
    )
    assert "'hold_out' is the strategy of naming no proposal" in error(
        "\ngames:\n  g: {kind: proposal, proposals: [hold_out]}\n"
    )


def test_no_deal_reference_is_ambiguous_when_a_proposal_has_that_name():
    text = MINIMAL.replace("  east_for_peace:", f"  {NO_DEAL}:") + NORMAL_FORM.replace(
        "outcome: east_for_peace", "outcome: no_deal"
    )
    with pytest.raises(ScenarioError, match="'no_deal' is ambiguous"):
        negsim.load(text)


def test_tree_leaves_and_players_are_checked_with_their_path():
    message = error(
        """
games:
  t:
    kind: sequential
    root:
      player: beta
      moves:
        ask:
          player: alpah
          moves:
            yes: {outcome: east_for_peace}
"""
    )
    assert "games.t.root.moves.ask.player" in message
    assert "did you mean 'alpha'?" in message
    message = error(
        """
games:
  t:
    kind: sequential
    root:
      player: beta
      moves:
        ask: {outcom: no_deal}
"""
    )
    assert "games.t.root.moves.ask.outcom: unknown field 'outcom'; did you mean 'outcome'?" in (
        message
    )


def test_tree_depth_is_limited():
    node: dict = {"outcome": "no_deal"}
    for _ in range(MAX_TREE_DEPTH + 1):
        node = {"player": "alpha", "moves": {"go": node}}
    with pytest.raises(ValidationError, match="moves deep"):
        SequentialGame(kind="sequential", root=node)


def test_profile_count_is_limited():
    many = [f"s{i}" for i in range(60)]
    with pytest.raises(ValidationError, match="strategy profiles"):
        NormalFormGame(
            kind="normal_form",
            players={"a": many, "b": many, "c": many, "d": many},
            outcomes=[{"outcome": "no_deal"}],
        )


def test_rule_mask_shape_follows_the_players():
    game = NormalFormGame(
        kind="normal_form",
        players={"a": ["x", "y", "z"], "b": ["u", "v"]},
        outcomes=[{"when": {"b": "v"}, "outcome": "no_deal"}],
    )
    mask = rule_mask(game, game.outcomes[0])
    assert mask.shape == (3, 2)
    assert np.array_equal(mask[:, 1], [True] * 3) and not mask[:, 0].any()
    assert first_uncovered_profile(game) == {"a": "x", "b": "u"}


def _wide_tree(width: int, depth: int) -> str:
    if depth == 0:
        return "{outcome: no_deal}"
    player = "alpha" if depth % 2 else "beta"
    moves = ", ".join(f"m{i}: {_wide_tree(width, depth - 1)}" for i in range(width))
    return f"{{player: {player}, moves: {{{moves}}}}}"


def test_a_tree_of_32_cubed_nodes_is_refused_promptly_with_its_line(tmp_path, capsys):
    import time

    from negsim.cli.commands import main

    path = tmp_path / "tree.yaml"
    text = MINIMAL + "games:\n  wide:\n    kind: sequential\n    root: " + _wide_tree(32, 3) + "\n"
    path.write_text(text)
    line = text.splitlines().index("  wide:") + 1
    start = time.monotonic()
    with pytest.raises(ScenarioError, match="more than 5,000 nodes"):
        negsim.load(path)
    assert main(["validate", str(path)]) == 2
    (error,) = capsys.readouterr().err.strip().splitlines()
    assert error == f"negsim: error: {path}:{line}: games.wide: the tree has more than 5,000 nodes"
    assert time.monotonic() - start < 30  # counted before the nodes are validated


def test_the_tree_is_measured_before_its_nodes_are_validated():
    wide = {"player": "nobody", "moves": {f"m{i}": {"bad": i} for i in range(6000)}}
    with pytest.raises(ValidationError, match="more than 5,000 nodes") as caught:
        SequentialGame(kind="sequential", root=wide)
    assert caught.value.error_count() == 1
