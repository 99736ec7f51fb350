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

import importlib
from typing import TYPE_CHECKING, Any

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


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f"negsim.explore.{_EXPORTS[name]}"), name)
    else:
        # any submodule, as when every module was imported eagerly
        try:
            value = importlib.import_module(f"negsim.explore.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"negsim.explore.{name}":
                raise
            raise AttributeError(f"module 'negsim.explore' has no attribute {name!r}") from None
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


if TYPE_CHECKING:
    from negsim.explore.engine import FastEngine
    from negsim.explore.measures import DEFAULT_OUTPUTS, OUTPUTS, measure_arrays, measure_model
    from negsim.explore.parameters import KINDS, Parameter, classify, classify_all, numeric_paths
    from negsim.explore.runner import run_variants, sample, scenario_hash, sweep
    from negsim.explore.sampling import SAMPLERS, draw, unit_design
