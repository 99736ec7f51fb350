"""The scenario most tests of a run vary: ``tests/data/minimal.yaml``."""

from pathlib import Path

import pytest

import negsim

MINIMAL = Path(__file__).parents[1] / "data" / "minimal.yaml"


@pytest.fixture(scope="module")
def minimal() -> negsim.Scenario:
    return negsim.load(MINIMAL)
