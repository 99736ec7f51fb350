"""Vary a scenario's parameters: grids, samples of uncertainty, and what changes.

:func:`sweep` runs a grid of values of one or more dotted paths;
:func:`sample` draws experiments from the scenario's ``uncertainty`` section
(or given ranges). Both return one tidy DataFrame, one row per experiment.
Numeric variants are batched on the compiled arrays (:mod:`.engine`); paths
that change structure are applied with :meth:`negsim.Scenario.with_`.
"""

# Names are imported on first use (PEP 562): the command line reads the lists
# of outputs and samplers without loading the runner and pandas.

from __future__ import annotations

from typing import TYPE_CHECKING

from negsim._lazy import lazy_exports

_EXPORTS: dict[str, str] = {
    "FastEngine": "engine",
    "DEFAULT_OUTPUTS": "measures",
    "OUTPUTS": "measures",
    "measure_arrays": "measures",
    "measure_model": "measures",
    "KINDS": "parameters",
    "Parameter": "parameters",
    "classify": "parameters",
    "classify_all": "parameters",
    "numeric_paths": "parameters",
    "run_variants": "runner",
    "sample": "runner",
    "scenario_hash": "runner",
    "sweep": "runner",
    "SAMPLERS": "sampling",
    "draw": "sampling",
    "unit_design": "sampling",
}
"""Exported name -> the submodule that defines it."""

__all__ = [
    "DEFAULT_OUTPUTS",
    "KINDS",
    "OUTPUTS",
    "SAMPLERS",
    "FastEngine",
    "Parameter",
    "classify",
    "classify_all",
    "draw",
    "measure_arrays",
    "measure_model",
    "numeric_paths",
    "run_variants",
    "sample",
    "scenario_hash",
    "sweep",
    "unit_design",
]


__getattr__, __dir__ = lazy_exports(
    "negsim.explore",
    {name: f"negsim.explore.{module}" for name, module in _EXPORTS.items()},
    globals(),
)


if TYPE_CHECKING:
    from negsim.explore.engine import FastEngine
    from negsim.explore.measures import DEFAULT_OUTPUTS, OUTPUTS, measure_arrays, measure_model
    from negsim.explore.parameters import KINDS, Parameter, classify, classify_all, numeric_paths
    from negsim.explore.runner import run_variants, sample, scenario_hash, sweep
    from negsim.explore.sampling import SAMPLERS, draw, unit_design
