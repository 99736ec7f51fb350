"""Stage 4: bargaining on the zone, and bargaining in the shadow of war.

Takes a compiled :class:`~negsim.model.Model` (or points and a disagreement
point); returns the Pareto frontier and the Nash, Kalai-Smorodinsky,
egalitarian and utilitarian solutions (:mod:`.solutions`, :mod:`.pareto`),
Rubinstein's alternating offers (:mod:`.rubinstein`), Fearon's bargaining range
and Powell's commitment problem (:mod:`.war`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from negsim._lazy import lazy_exports

_EXPORTS: dict[str, str] = {
    "BargainingResult": "solutions",
    "bargain": "solutions",
    "solutions_from_points": "solutions",
    "Solution": "solutions",
    "pareto_frontier": "pareto",
    "rubinstein": "rubinstein",
    "rubinstein_split": "rubinstein",
    "nash_demand_game": "rubinstein",
    "war": "war",
    "fearon_range": "war",
    "commitment_problem": "war",
    "allowed_shares": "war",
}
"""Exported name -> the submodule that defines it."""

__all__ = [
    "BargainingResult",
    "Solution",
    "allowed_shares",
    "bargain",
    "commitment_problem",
    "fearon_range",
    "nash_demand_game",
    "pareto_frontier",
    "rubinstein",
    "rubinstein_split",
    "solutions_from_points",
    "war",
]

__getattr__, __dir__ = lazy_exports(
    "negsim.bargaining",
    {name: f"negsim.bargaining.{module}" for name, module in _EXPORTS.items()},
    globals(),
)

if TYPE_CHECKING:
    from negsim.bargaining import rubinstein, war
    from negsim.bargaining.pareto import pareto_frontier
    from negsim.bargaining.rubinstein import nash_demand_game, rubinstein_split
    from negsim.bargaining.solutions import (
        BargainingResult,
        Solution,
        bargain,
        solutions_from_points,
    )
    from negsim.bargaining.war import allowed_shares, commitment_problem, fearon_range
