"""The benchmarks stay runnable: each module imports and has run(); the collector renders rows."""

import importlib
from pathlib import Path

import pytest

from benchmarks.run_all import table

MODULES = sorted(p.stem for p in (Path(__file__).parent.parent / "benchmarks").glob("bench_*.py"))


@pytest.mark.parametrize("name", MODULES)
def test_benchmark_module_has_run(name: str) -> None:
    module = importlib.import_module(f"benchmarks.{name}")
    assert callable(module.run)
    assert module.__doc__, f"{name} needs a docstring saying what it measures"


def test_table_renders_the_union_of_keys() -> None:
    lines = table([{"case": "a", "ratio": 0.5}, {"case": "b", "met": True}])
    assert lines[0] == "| case | ratio | met |"
    assert lines[2] == "| a | 0.5 |  |"
    assert lines[3] == "| b |  | yes |"


def test_scaling_generator_has_the_stated_size() -> None:
    import negsim
    from benchmarks.bench_scaling import scenario_data

    model = negsim.compile_scenario(negsim.from_data(scenario_data(3, 2, 4)))
    assert model.n_outcomes == 1000
    assert len(model.parties) == 2
    assert len(model.red_lines) == 4
