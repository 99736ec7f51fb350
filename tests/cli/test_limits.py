"""Huge or hostile requests are refused before work starts, with one line and status 2."""

from __future__ import annotations

import time

import pytest

import negsim
from negsim.cli.commands import main
from negsim.errors import NegsimError
from negsim.explore.executors import MAX_WORKERS
from negsim.explore.runner import MAX_EXPERIMENTS
from negsim.scenario.bundled import FLAGSHIP, bundled_path

FILE = str(bundled_path(FLAGSHIP))
COST = "parties.ukraine.no_deal.war.cost"
REQUESTS = {
    "grid of a billion": (["sweep", FILE, "--grid", f"{COST}=0:1:1000000000"], "experiments"),
    "grid count of 31 digits": (["sweep", FILE, "--grid", f"{COST}=0:1:1{'0' * 30}"], "limit"),
    "two grids of 100,000": (
        [
            "sweep",
            FILE,
            "--grid",
            f"{COST}=0:1:100000",
            "--grid",
            "parties.russia.no_deal.war.cost=0:1:100000",
        ],
        "10,000,000,000 experiments",
    ),
    "infinite grid": (["sweep", FILE, "--grid", f"{COST}=-inf:inf:3"], "finite"),
    "sample of a billion": (["sample", FILE, "-n", "1000000000"], "experiments"),
    "sample of 10**30": (["sample", FILE, "-n", str(10**30)], "experiments"),
    "100,000 workers": (["sample", FILE, "-n", "5", "-j", "100000"], "worker processes"),
    "over a raised limit": (
        ["sample", FILE, "-n", "11", "--max-experiments", "10"],
        "the limit is 10 ",
    ),
}


@pytest.mark.parametrize(("argv", "says"), REQUESTS.values(), ids=list(REQUESTS))
def test_huge_requests_get_one_line_before_any_work(argv, says, capsys):
    start = time.monotonic()
    assert main([*argv, "--no-progress"]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("negsim: error: ") and says in line
    assert time.monotonic() - start < 30  # refused up front, not after a long computation


def test_the_python_api_refuses_the_same_requests():
    scenario = negsim.load(FILE)
    with pytest.raises(NegsimError, match="experiments asked for"):
        negsim.sample(scenario, 10**9, seed=1, progress=False)
    with pytest.raises(NegsimError, match="experiments asked for"):
        negsim.sweep(scenario, {COST: range(MAX_EXPERIMENTS + 1)}, progress=False)
    with pytest.raises(NegsimError, match="worker processes"):
        negsim.sample(scenario, 4, seed=1, executor=MAX_WORKERS + 1, progress=False)
    with pytest.raises(NegsimError, match="whole number"):
        negsim.sample(scenario, 2.5, seed=1, progress=False)
    small = negsim.sample(scenario, 3, seed=1, progress=False, max_experiments=3)
    assert len(small) == 3


def test_a_scenario_too_large_for_memory_gets_one_line_naming_the_file(tmp_path, capsys):
    from tests.model.test_compile import many_outcomes

    path = tmp_path / "many.yaml"
    path.write_text(many_outcomes())
    for command in ("validate", "zopa", "run", "bargain", "equilibria"):
        start = time.monotonic()
        assert main([command, str(path), "--max-memory", "1G"]) == 2
        (line,) = capsys.readouterr().err.strip().splitlines()
        assert line.startswith(f"negsim: error: {path}:3: issues: the analysis needs about")
        assert "above the limit given of 1.0 GiB" in line and "--max-memory" in line
        assert time.monotonic() - start < 30


def test_a_bad_memory_size_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["zopa", FILE, "--max-memory", "lots"])
    assert caught.value.code == 2
    assert "expected a size such as 500M or 2G" in capsys.readouterr().err


def test_a_refused_variant_names_the_scenario_file(capsys):
    argv = ["sweep", FILE, "--grid", "parties.ukraine.no_deal=0.2:0.6:3", "--no-progress"]
    assert main(argv) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"negsim: error: {FILE}: parties.ukraine.no_deal: ")
    assert line.endswith("(in a variant of the run)") and "<variant>" not in line
