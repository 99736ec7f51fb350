"""``negsim equilibria``: the command line over :func:`negsim.equilibria`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import negsim
from negsim.cli.arguments import EXIT_OK, EXIT_USAGE
from negsim.cli.commands import main

MINIMAL = (Path(__file__).parents[1] / "data" / "minimal.yaml").read_text()

GAMES = """
games:
  standoff:
    kind: normal_form
    players:
      alpha: [give, hold]
      beta: [give, hold]
    outcomes:
      - when: {alpha: give, beta: give}
        outcome: east_for_peace
      - outcome: no_deal
  demand:
    kind: sequential
    root:
      player: beta
      moves:
        ask:
          player: alpha
          moves:
            yes: {outcome: east_for_peace}
            no: {outcome: no_deal}
        wait: {outcome: no_deal}
"""


@pytest.fixture
def scenario_file(tmp_path):
    path = tmp_path / "talks.yaml"
    path.write_text(MINIMAL + GAMES)
    return path


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_output_has_every_game_and_matches_the_library(capsys, scenario_file):
    code, out, err = run(capsys, "equilibria", str(scenario_file), "--json")
    assert code == EXIT_OK, err
    data = json.loads(out)
    assert data["scenario"] == "Border talks"
    assert list(data["games"]) == ["standoff", "demand"]
    scenario = negsim.load(scenario_file)
    for name, result in data["games"].items():
        assert result == negsim.equilibria(scenario, name).to_dict()
    standoff = data["games"]["standoff"]
    assert standoff["kind"] == "normal_form" and standoff["breach_penalty"] == 1
    labels = {e["outcomes"][0]["label"] for e in standoff["equilibria"] if e["pure"]}
    assert "east_for_peace" in labels


def test_text_output_states_what_was_found(capsys, scenario_file):
    code, out, _ = run(capsys, "equilibria", str(scenario_file), "--game", "demand")
    assert code == EXIT_OK
    assert out.startswith("game demand (sequential): 1 subgame-perfect equilibrium")
    assert "beta ask -> alpha yes" in out
    assert "a red-line breach scores no-deal - 1" in out
    assert "standoff" not in out


def test_without_games_the_proposal_game_is_solved(capsys, tmp_path):
    path = tmp_path / "plain.yaml"
    path.write_text(MINIMAL)
    code, out, _ = run(capsys, "equilibria", str(path), "--json")
    assert code == EXIT_OK
    assert list(json.loads(out)["games"]) == ["proposals"]


def test_overrides_reach_the_payoffs(capsys, scenario_file):
    code, out, _ = run(
        capsys,
        "equilibria",
        str(scenario_file),
        "--game",
        "demand",
        "--json",
        "--set",
        "parties.alpha.no_deal=0.9",
    )
    assert code == EXIT_OK
    result = json.loads(out)["games"]["demand"]
    assert all(e["outcomes"][0]["label"] == "no deal" for e in result["equilibria"])


def test_pure_method_on_the_command_line(capsys, scenario_file):
    code, out, _ = run(
        capsys,
        "equilibria",
        str(scenario_file),
        "--game",
        "standoff",
        "--method",
        "pure",
        "--json",
    )
    assert code == EXIT_OK
    assert json.loads(out)["games"]["standoff"]["scope"] == "pure"


def test_unknown_game_is_one_line_with_a_hint(capsys, scenario_file):
    code, out, err = run(capsys, "equilibria", str(scenario_file), "--game", "standof")
    assert code == EXIT_USAGE and out == ""
    assert err.count("\n") == 1
    assert "no game 'standof'" in err and "did you mean 'standoff'?" in err


def test_bad_scenario_is_one_line(capsys, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(
        MINIMAL + GAMES.replace("outcome: no_deal\n  demand", "outcome: nodeal\n  demand")
    )
    code, _, err = run(capsys, "equilibria", str(path))
    assert code == EXIT_USAGE
    assert err.count("\n") == 1 and "did you mean 'no_deal'?" in err


def test_equilibria_is_exported_from_the_package():
    assert negsim.equilibria is negsim.games.equilibria
    assert "equilibria" in negsim.__all__ and "Equilibria" in negsim.__all__
