"""The matrix of pairwise zones."""

from __future__ import annotations

from negsim import plots


def test_zopa_matrix_counts_pairs(minimal):
    data = plots.zopa_matrix_data(minimal)
    accept = minimal.acceptable_masks
    assert data.counts[0, 0] == accept[0].sum()
    assert data.counts[0, 1] == data.counts[1, 0] == (accept[0] & accept[1]).sum()
    assert data.n_zone == accept.all(axis=0).sum()
