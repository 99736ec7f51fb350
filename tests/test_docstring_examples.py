"""The ``Examples`` in negsim's docstrings run and print what they show.

Every module of the package is imported and its doctests run with
:func:`doctest.testmod`, so ``python -m pytest`` checks them as
``python -m pytest --doctest-modules negsim`` does. A module that needs an
optional extra which is not installed is skipped, not failed.
"""

from __future__ import annotations

import doctest
import importlib
import os
import pkgutil

import pytest

import negsim

os.environ.setdefault("MPLBACKEND", "Agg")

MODULES = ["negsim"] + sorted(
    info.name
    for info in pkgutil.walk_packages(negsim.__path__, "negsim.")
    if not info.name.endswith(".__main__")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name and not exc.name.startswith("negsim"):
            pytest.skip(f"{name} needs {exc.name}")
        raise
    result = doctest.testmod(module, report=False)
    assert result.failed == 0, capsys.readouterr().out
