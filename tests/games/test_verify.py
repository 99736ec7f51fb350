"""Regret checks: pure profiles as point masses (negsim.games.verify)."""

from __future__ import annotations

import numpy as np
import pytest

from negsim.games.verify import pure_regrets, regrets


def test_pure_regrets_match_the_mixed_regret_of_a_point_mass():
    rng = np.random.default_rng(4)
    payoffs = rng.random((3, 4, 2, 3))
    profiles = np.array([[0, 1, 1], [2, 3, 0], [1, 0, 0]])
    fast = pure_regrets(payoffs, profiles)
    for k, profile in enumerate(profiles):
        point = [np.eye(size)[a] for size, a in zip(payoffs.shape[:-1], profile, strict=True)]
        assert fast[k] == pytest.approx(regrets(payoffs, point))
