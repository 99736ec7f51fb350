"""negsim: zones of agreement, red-line conflicts, bargaining and equilibria of negotiations.

Names are imported on first use (PEP 562), so ``import negsim`` and commands that
need only part of the library do not pay for the rest.

Examples
--------
A scenario written inline, analysed and bargained over:

>>> import negsim
>>> from negsim.scenario.examples import water_talks
>>> s = water_talks()
>>> analysis = negsim.analyze(s, progress=False)
>>> analysis.zone_exists, analysis.bounds
(True, {'share': (30.0, 60.0)})
>>> negsim.bargain(s.with_({"issues.share.grid": 101}))["nash"].outcome
{'share': 45.0}
>>> more = s.with_({"parties.alpha.no_deal": 0.7})
>>> negsim.analyze(more, progress=False).diagnosis.conflicts
(<Conflict of 2: alpha/no-deal with beta/no-deal>,)

Textbook answers:

>>> round(negsim.rubinstein.rubinstein_split(0.9, 0.8).proposer_share, 4)
0.7143
>>> negsim.war.fearon_range(0.6, 0.1, 0.15).exists
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from negsim._lazy import lazy_exports

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    "Analysis": "negsim.zone",
    "analyze": "negsim.zone",
    "BargainingResult": "negsim.bargaining",
    "bargain": "negsim.bargaining",
    "solutions_from_points": "negsim.bargaining",
    "NegsimError": "negsim.errors",
    "ScenarioError": "negsim.errors",
    "SpaceTooLargeError": "negsim.errors",
    "sample": "negsim.explore",
    "sweep": "negsim.explore",
    "Equilibria": "negsim.games",
    "equilibria": "negsim.games",
    "Model": "negsim.model",
    "compile_scenario": "negsim.model",
    "Scenario": "negsim.scenario",
    "from_data": "negsim.scenario",
    "json_schema": "negsim.scenario",
    "load": "negsim.scenario",
    "rubinstein": "negsim.bargaining.rubinstein",
    "war": "negsim.bargaining.war",
}
"""Exported name -> the module that defines it."""

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


__getattr__, __dir__ = lazy_exports("negsim", _EXPORTS, globals())


if TYPE_CHECKING:
    from negsim.bargaining import (
        BargainingResult,
        bargain,
        rubinstein,
        solutions_from_points,
        war,
    )
    from negsim.errors import NegsimError, ScenarioError, SpaceTooLargeError
    from negsim.explore import sample, sweep
    from negsim.games import Equilibria, equilibria
    from negsim.model import Model, compile_scenario
    from negsim.scenario import Scenario, from_data, json_schema, load
    from negsim.zone import Analysis, analyze
