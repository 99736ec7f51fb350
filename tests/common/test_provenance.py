"""negsim.common.provenance: how a result was decided."""

import dataclasses

import pytest

from negsim.common.provenance import Provenance


def test_defaults_and_fields():
    record = Provenance("enumeration", exact=True)
    assert (record.tolerance, record.resolution, record.note) == (None, None, None)
    grid = Provenance("grid", exact=False, resolution={"share": 21}, note="sampled")
    assert grid.resolution == {"share": 21} and not grid.exact


def test_it_is_frozen():
    record = Provenance("milp", exact=True, tolerance=1e-7)
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.exact = False  # type: ignore[misc]
