"""The runs the report's tests read: the minimal scenario and the flagship with an override."""

from __future__ import annotations

from pathlib import Path

import pytest

import negsim
from negsim import report

DATA = Path(__file__).parents[1] / "data"
FLAGSHIP = Path(__file__).parents[2] / "scenarios" / "ukraine_land_for_peace_2026.yaml"


@pytest.fixture(scope="module")
def minimal_run() -> report.RunResult:
    return report.run(negsim.load(DATA / "minimal.yaml"), source="minimal.yaml")


@pytest.fixture(scope="module")
def flagship_run() -> report.RunResult:
    return report.run(negsim.load(FLAGSHIP), source="flagship.yaml", overrides=("a.b=1",))
