"""Stage 2: compile a Scenario into arrays.

Takes a :class:`~negsim.scenario.Scenario`; returns a :class:`Model`: the
outcome space (:mod:`.space`), every party's utility of every outcome, the
red-line masks and the no-deal values, as numpy arrays every analysis reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from negsim._lazy import lazy_exports

_EXPORTS: dict[str, str] = {
    "Model": "compile",
    "compile_scenario": "compile",
    "CompiledRedLine": "compile",
    "OutcomeSpace": "space",
    "IssueAxis": "space",
    "DEFAULT_MAX_OUTCOMES": "space",
}
"""Exported name -> the submodule that defines it."""

__all__ = [
    "CompiledRedLine",
    "DEFAULT_MAX_OUTCOMES",
    "IssueAxis",
    "Model",
    "OutcomeSpace",
    "compile_scenario",
]

__getattr__, __dir__ = lazy_exports(
    "negsim.model",
    {name: f"negsim.model.{module}" for name, module in _EXPORTS.items()},
    globals(),
)

if TYPE_CHECKING:
    from negsim.model.compile import CompiledRedLine, Model, compile_scenario
    from negsim.model.space import DEFAULT_MAX_OUTCOMES, IssueAxis, OutcomeSpace
