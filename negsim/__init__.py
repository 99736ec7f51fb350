"""negsim: zones of agreement, red-line conflicts, bargaining and equilibria of negotiations."""

from negsim import rubinstein, war
from negsim.analysis import Analysis, analyze
from negsim.bargaining import BargainingResult, bargain, solutions_from_points
from negsim.errors import NegsimError, ScenarioError, SpaceTooLargeError
from negsim.explore import sample, sweep
from negsim.games import Equilibria, equilibria
from negsim.model import Model, compile_scenario
from negsim.scenario import Scenario, from_data, json_schema, load

__version__ = "0.1.0"

__all__ = [
    "Analysis",
    "BargainingResult",
    "Equilibria",
    "Model",
    "NegsimError",
    "Scenario",
    "ScenarioError",
    "SpaceTooLargeError",
    "__version__",
    "analyze",
    "bargain",
    "compile_scenario",
    "equilibria",
    "from_data",
    "json_schema",
    "load",
    "rubinstein",
    "sample",
    "solutions_from_points",
    "sweep",
    "war",
]
