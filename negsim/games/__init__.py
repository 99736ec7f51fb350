"""Strategic games built on a scenario, and their equilibria.

- :func:`equilibria`: solve one game of a scenario (every equilibrium its
  method guarantees, each verified by a regret test);
- :mod:`~negsim.games.normal_form`: payoff tensors from the compiled model;
- :mod:`~negsim.games.pure`: every pure equilibrium of an n-player game;
- :mod:`~negsim.games.bimatrix`: every extreme equilibrium of a two-player game;
- :mod:`~negsim.games.sequential`: every subgame-perfect equilibrium of a tree;
- :mod:`~negsim.games.verify`: regret checks;
- :mod:`~negsim.games.gambit`: the optional Gambit bridge.
"""

from negsim.games.normal_form import GameOutcome, NormalForm, normal_form
from negsim.games.results import Equilibria, Equilibrium, OutcomeShare
from negsim.games.sequential import GameTree, game_tree
from negsim.games.solve import equilibria, solve_normal_form, solve_tree

__all__ = [
    "Equilibria",
    "Equilibrium",
    "GameOutcome",
    "GameTree",
    "NormalForm",
    "OutcomeShare",
    "equilibria",
    "game_tree",
    "normal_form",
    "solve_normal_form",
    "solve_tree",
]
