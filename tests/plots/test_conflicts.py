"""The conflict diagram: its nodes, their layout and the conflicts drawn between them."""

from __future__ import annotations

import numpy as np
import pytest

from negsim import plots
from negsim.errors import AnalysisError


def test_conflict_diagram_layout(minimal):
    conflicts = [["alpha/keep-north", "beta/no-deal"], ["beta/some-land", "alpha/no-deal"]]
    data = plots.conflict_diagram_data(minimal, conflicts)
    assert set(data.nodes) == {
        "alpha/keep-north",
        "beta/some-land",
        "alpha/no-deal",
        "beta/no-deal",
    }
    assert np.allclose(np.hypot(*data.positions.T), 1.0)
    first = data.conflicts[0]
    assert {data.nodes[i] for i in first} == {"alpha/keep-north", "beta/no-deal"}
    assert data.in_conflict.all()


def test_conflict_diagram_rejects_unknown_constraint(minimal):
    with pytest.raises(AnalysisError, match="unknown constraint"):
        plots.conflict_diagram_data(minimal, [["alpha/nope"]])
