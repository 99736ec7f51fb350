"""The models the figures' tests draw: the minimal scenario and the flagship with its analysis."""

from __future__ import annotations

import pytest

import negsim
from tests.plots.examples import DATA, FLAGSHIP


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
