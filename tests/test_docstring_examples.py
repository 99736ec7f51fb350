"""The ``Examples`` in negsim's docstrings run and print what they show.

Every module of the package is imported and the examples of each docstring
run with :mod:`doctest`, so ``python -m pytest`` checks them as
``python -m pytest --doctest-modules negsim`` does. A module that needs an
optional extra which is not installed is skipped, and so is a docstring listed
in :data:`NEEDS` whose extra is missing.
"""

from __future__ import annotations

import doctest
import importlib
import os
import pkgutil
from importlib.util import find_spec

import pytest

import negsim

os.environ.setdefault("MPLBACKEND", "Agg")

NEEDS = {"negsim.explore.discovery.sobol_indices": "SALib"}
"""Docstrings whose examples need an optional extra -> the module it provides."""

MODULES = ["negsim"] + sorted(
    info.name
    for info in pkgutil.walk_packages(negsim.__path__, "negsim.")
    if not info.name.endswith(".__main__")
)


def missing_extra(name: str) -> str | None:
    """The extra a docstring's examples need and that is not installed, if any."""
    needed = NEEDS.get(name)
    return needed if needed is not None and find_spec(needed) is None else None


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name and not exc.name.startswith("negsim"):
            pytest.skip(f"{name} needs {exc.name}")
        raise
    failures: list[str] = []
    runner = doctest.DocTestRunner()
    for test in doctest.DocTestFinder().find(module):
        if not test.examples or missing_extra(test.name):
            continue
        report: list[str] = []
        result = runner.run(test, out=report.append)
        if result.failed:
            failures.append("".join(report))
    assert not failures, "\n".join(failures)
