"""The built wheel is a whole product: it carries the bundled scenarios and their ledgers."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from negsim.errors import ScenarioError
from negsim.scenario.bundled import FLAGSHIP, bundled_path, bundled_scenarios

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q"] + ["-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("negsim-*.whl")
    return zipfile.ZipFile(built)


def test_the_wheel_carries_every_bundled_scenario_and_ledger(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    for folder in ("scenarios", "seeds"):
        shipped = {p.name for p in (ROOT / folder).iterdir() if p.is_file()}
        assert shipped, folder
        inside = {n.rsplit("/", 1)[1] for n in names if n.startswith(f"negsim/data/{folder}/")}
        assert inside == shipped


def test_the_wheel_has_every_module_of_every_stage(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "negsim").rglob("*.py")}
    assert modules <= names


def test_bundled_scenarios_are_found_by_name() -> None:
    assert (bundled_scenarios() / FLAGSHIP).is_file()
    assert bundled_path("camp_david_1978") == bundled_path("camp_david_1978.yaml")
    with pytest.raises(ScenarioError, match="no bundled scenario is called 'atlantis'.*camp_david"):
        bundled_path("atlantis")
