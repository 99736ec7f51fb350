import json
import subprocess
import sys
from pathlib import Path

import pytest

import negsim
from negsim.bargaining.solutions import RULES, TITLES, bargain
from negsim.cli.commands import build_parser, main

MINIMAL = str(Path(__file__).parents[1] / "data" / "minimal.yaml")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_text_lists_frontier_and_solutions(capsys):
    code, out, err = run(capsys, "bargain", MINIMAL)
    expected = bargain(negsim.load(MINIMAL))
    assert code == 0 and err == ""
    assert f"Pareto frontier: {expected.frontier_size} {expected.frontier_of}" in out
    for rule in RULES:
        assert TITLES[rule] in out
        assert expected[rule].index is None  # found exactly, off the grid
    assert "    outcome: " in out
    assert "alpha" in out and "beta" in out


def test_json_is_the_library_result(capsys):
    code, out, _ = run(capsys, "bargain", MINIMAL, "--json")
    data = json.loads(out)
    assert code == 0
    expected = json.loads(json.dumps(bargain(negsim.load(MINIMAL)).to_dict()))
    assert data == expected
    assert set(data["solutions"]) == set(RULES)


def test_overrides_can_close_the_zone(capsys):
    code, out, _ = run(capsys, "bargain", MINIMAL, "--set", "parties.alpha.no_deal=5")
    assert code == 0
    assert "No zone of possible agreement" in out
    assert "Nash" not in out
    code, out, _ = run(capsys, "bargain", MINIMAL, "--set", "parties.alpha.no_deal=5", "--json")
    data = json.loads(out)
    assert data["exists"] is False and data["solutions"] == {}
    assert "No zone" in data["reason"]


def test_lotteries_flag(capsys):
    code, out, _ = run(capsys, "bargain", MINIMAL, "--lotteries", "--json")
    data = json.loads(out)
    assert code == 0 and data["lotteries"] is True
    nash = data["solutions"]["nash"]
    assert sum(term["weight"] for term in nash["mixture"]) == pytest.approx(1.0)
    assert data["hull"]


def test_user_errors_are_one_line(capsys):
    code, out, err = run(capsys, "bargain", "no-such-file.yaml")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "no such file" in err
    code, _, err = run(capsys, "bargain", MINIMAL, "--set", "parties.alpha.no_deal")
    assert code == 2 and "path=value" in err


def test_command_is_registered():
    parser = build_parser()
    args = parser.parse_args(["bargain", MINIMAL, "--lotteries"])
    assert args.command == "bargain" and args.lotteries


def test_entry_point_runs():
    done = subprocess.run(
        [sys.executable, "-m", "negsim", "bargain", MINIMAL],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Kalai–Smorodinsky" in done.stdout
