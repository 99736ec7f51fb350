"""Every result carries one Provenance; the old attribute names read it."""

from __future__ import annotations

from pathlib import Path

import pytest

from negsim import compile_scenario, load
from negsim.common.provenance import Provenance, with_note
from negsim.zone.analysis import analyze
from negsim.zone.enumeration import enumerated_margin, pairwise, zopa

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"
DISCRETE = ROOT / "scenarios" / "ukraine_land_for_peace_2026.yaml"


@pytest.fixture(scope="module")
def grid_model():
    return compile_scenario(load(MINIMAL))


@pytest.fixture(scope="module")
def discrete_model():
    return compile_scenario(load(DISCRETE))


def test_zone_results_on_a_discrete_space_are_exact_enumerations(discrete_model):
    for result in (
        zopa(discrete_model),
        pairwise(discrete_model),
        enumerated_margin(discrete_model),
    ):
        assert result.provenance == Provenance("enumeration", exact=True)
        assert result.method == "enumeration" and result.resolution is None


def test_zone_results_on_a_grid_say_so(grid_model):
    zone = zopa(grid_model)
    assert zone.provenance.method == "grid" and not zone.provenance.exact
    assert zone.resolution == {"share": 11} == zone.provenance.resolution
    assert zone.to_dict()["method"] == "grid"
    assert zone.to_dict()["resolution"] == {"share": 11}


def test_margin_attributes_read_its_provenance(grid_model):
    found = analyze(grid_model).margin
    assert found.method == found.provenance.method
    assert found.exact is found.provenance.exact
    assert found.note == found.provenance.note
    data = found.to_dict()
    assert (data["method"], data["exact"], data["note"]) == (found.method, found.exact, found.note)


def test_with_note_changes_only_the_note(discrete_model):
    found = enumerated_margin(discrete_model)
    noted = with_note(found, "decided on the grid")
    assert noted.note == "decided on the grid"
    assert noted.provenance == Provenance("enumeration", exact=True, note="decided on the grid")
    assert (noted.value, noted.outcome, noted.method) == (found.value, found.outcome, found.method)
    assert found.note is None


def test_diagnosis_attributes_read_its_provenance(discrete_model):
    diagnosis = analyze(discrete_model).diagnosis
    if diagnosis is None:
        pytest.skip("the scenario has a zone")
    assert diagnosis.method == diagnosis.provenance.method == "enumeration"
    assert diagnosis.provenance.exact
    assert diagnosis.to_dict()["note"] == diagnosis.note
