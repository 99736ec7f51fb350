"""Equilibria read as a table, a dict, text and HTML (negsim.games.results)."""

from __future__ import annotations

import numpy as np
import pytest

from negsim.games import equilibria
from tests.games.examples import bimatrix_scenario


def test_battle_of_the_sexes_through_a_scenario():
    scenario = bimatrix_scenario(np.array([[3, 0], [0, 2]]), np.array([[2, 0], [0, 3]]))
    result = equilibria(scenario)
    assert result.game == "g" and result.players == ("row", "col")
    mixed = next(e for e in result if not e.pure)
    assert mixed.strategies["row"] == pytest.approx({"r0": 0.6, "r1": 0.4})
    assert mixed.strategies["col"] == pytest.approx({"k0": 0.4, "k1": 0.6})
    pure_outcomes = sorted(e.outcome.label for e in result if e.pure)
    assert pure_outcomes == ["deal: cell=c0_0", "deal: cell=c1_1"]
    data = result.to_dict()
    assert data["scope"] == "all" and len(data["equilibria"]) == 3
    frame = result.to_frame()
    assert list(frame["pure"]) == [True, True, False]
    assert frame.loc[2, "row payoff"] == pytest.approx(1.2)
    assert "row: r0 0.6, r1 0.4" in repr(result[2])
    assert "every equilibrium of the game" in repr(result)
    assert "<table" in result._repr_html_() and "&lt;Equilibrium" in result[0]._repr_html_()
    assert result.to_text().startswith("game g (normal_form): 3 equilibria")
