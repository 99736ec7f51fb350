"""The proposal matrix: who accepts each proposal, which red lines it breaks."""

from __future__ import annotations

import pytest

from negsim import plots
from negsim.errors import AnalysisError


def test_proposal_matrix_matches_the_analysis(flagship_analysis):
    checks = flagship_analysis.proposals
    data = plots.proposal_matrix_data(checks)
    assert data.proposals == tuple(c.name for c in checks)
    for k, check in enumerate(checks):
        for p, v in enumerate(check.verdicts):
            assert data.parties[p] == v.party
            assert data.accepted[k, p] == v.accepted
            cell = data.cells[k][p]
            assert cell.startswith("accepts" if v.accepted else "rejects")
            for key in v.broken:
                assert key.split("/", 1)[1] in cell
            assert data.surplus[k, p] == pytest.approx(v.utility - v.no_deal)
    assert not data.accepted_by_all.any()


def test_proposal_matrix_needs_proposals():
    with pytest.raises(AnalysisError, match="no proposals"):
        plots.proposal_matrix_data(())
