"""The benchmarks stay runnable and fair: each module has run(); on tiny sizes every
comparison gives the same answer on both sides; optional comparisons skip cleanly.

Nothing here asserts a time: the machines are noisy and the goals are ratios
reported in benchmarks/RESULTS.md.
"""

import importlib
from pathlib import Path

import numpy as np
import pytest

from benchmarks.common import margin_floor, zone_floor, zone_floor_rowwise
from benchmarks.run_all import CONTEXT, goals, table, tables

MODULES = sorted(p.stem for p in (Path(__file__).parent.parent / "benchmarks").glob("bench_*.py"))
COMPARED = [m for m in MODULES if m != "bench_run"]  # bench_run times whole processes


@pytest.mark.parametrize("name", MODULES)
def test_benchmark_module_has_run(name: str) -> None:
    module = importlib.import_module(f"benchmarks.{name}")
    assert callable(module.run)
    assert module.__doc__, f"{name} needs a docstring saying what it measures"


@pytest.mark.parametrize("name", COMPARED)
def test_every_comparison_gives_the_same_answer_on_both_sides(name: str) -> None:
    rows = importlib.import_module(f"benchmarks.{name}").run(quick=True)
    checked = [row for row in rows if "same answer" in row]
    skipped = [row for row in rows if "skipped" in row]
    assert checked or skipped, f"{name} compares nothing"
    assert all(row["same answer"] is True for row in checked), [
        row["case"] for row in checked if row["same answer"] is not True
    ]


def test_bargaining_without_negmas_says_why(hide_modules) -> None:
    from benchmarks import bench_bargaining

    hide_modules("negmas")
    (row,) = bench_bargaining.run(quick=True)
    assert "NegMAS not installed" in row["skipped"]


def test_games_without_gambit_still_compare_with_nashpy(hide_modules) -> None:
    from benchmarks import bench_games

    hide_modules("pygambit")
    rows = bench_games.two_player_rows(quick=True)
    assert all(row["gambit enummixed s"] == "pygambit not installed" for row in rows)
    assert all(row["same answer"] is True for row in rows)


def test_zone_floors_check_the_red_lines() -> None:
    utility = np.array([[1.0, 1.0], [1.0, 0.0], [2.0, 2.0]])
    no_deal = np.array([0.5, 0.5])
    masks = np.array([[True, True, False]])
    for floor in (zone_floor, zone_floor_rowwise):
        assert floor(utility, no_deal, masks).tolist() == [True, False, False]
    assert margin_floor(utility, no_deal, masks) == (0.5, 0)
    assert margin_floor(utility, no_deal, np.zeros((1, 3), dtype=bool)) == (None, None)


def test_the_run_floor_imports_what_the_command_does_but_negsim() -> None:
    from benchmarks.bench_run import FLAGSHIP, imported_by

    modules = imported_by(["validate", str(FLAGSHIP)])
    assert "yaml" in modules
    assert not any(m.startswith("negsim") for m in modules)


def test_table_renders_the_union_of_keys() -> None:
    lines = table([{"case": "a", "ratio": 0.5}, {"case": "b", "met": True}])
    assert lines[0] == "| case | ratio | met |"
    assert lines[2] == "| a | 0.5 |  |"
    assert lines[3] == "| b |  | yes |"


def test_rows_without_a_goal_say_they_are_context_and_goals_are_gathered() -> None:
    rows = [
        {"table": "t", "case": "a", "goal": "<= 2x", "met": "met"},
        {"table": "t", "case": "b"},
    ]
    lines = tables(rows)
    assert lines[0] == "### t"
    assert lines[-1].endswith(f"| {CONTEXT} |  |")
    gathered = goals({"bench_x": rows})
    assert gathered[1:] == ["|---|---|---|---|", "| bench_x | a | <= 2x | met |"]


def test_scaling_generator_has_the_stated_size() -> None:
    import negsim
    from benchmarks.bench_scaling import scenario_data

    model = negsim.compile_scenario(negsim.from_data(scenario_data(3, 2, 4)))
    assert model.n_outcomes == 1000
    assert len(model.parties) == 2
    assert len(model.red_lines) == 4
