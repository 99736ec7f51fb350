"""The optional Gambit bridge: mixed equilibria of n players, or a clear error."""

from __future__ import annotations

import numpy as np
import pytest

import negsim
from negsim.games import NormalForm, solve_normal_form


def test_gambit_mixed_equilibria_of_three_players_are_verified():
    pytest.importorskip("pygambit")
    rng = np.random.default_rng(0)
    game = NormalForm.from_payoffs([rng.integers(0, 10, (3, 3, 3)) for _ in range(3)])
    result = solve_normal_form(game, mixed=True, time_limit=60)
    assert result.method.endswith("Gambit gnm")
    assert result.scope == "pure+some"
    assert any(not e.pure for e in result)
    for e in result:
        assert e.regret <= 1e-9 * 9 + 1e-12


def test_gambit_missing_is_a_clear_error(hide_modules):
    hide_modules("pygambit")
    game = NormalForm.from_payoffs([np.zeros((2, 2, 2))] * 3)
    with pytest.raises(negsim.NegsimError, match=r"negsim\[gambit\]"):
        solve_normal_form(game, mixed=True)
