"""Vary a scenario's parameters: grids, samples of uncertainty, and what changes.

:func:`sweep` runs a grid of values of one or more dotted paths;
:func:`sample` draws experiments from the scenario's ``uncertainty`` section
(or given ranges). Both return one tidy DataFrame, one row per experiment.
Numeric variants are batched on the compiled arrays (:mod:`.engine`); paths
that change structure are applied with :meth:`negsim.Scenario.with_`.
"""

from negsim.explore.engine import FastEngine
from negsim.explore.measures import DEFAULT_OUTPUTS, OUTPUTS, measure_arrays, measure_model
from negsim.explore.parameters import KINDS, Parameter, classify, classify_all, numeric_paths
from negsim.explore.runner import run_variants, sample, scenario_hash, sweep
from negsim.explore.sampling import SAMPLERS, draw, unit_design

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
