"""Test-suite settings.

Under ``CI=true`` hypothesis runs derandomized (a fixed sequence of examples),
so a CI verdict does not depend on the luck of the draw; locally it explores
new examples on every run and keeps failures in its database.
"""

import os

import pytest
from hypothesis import settings

# helpers shared by test modules report failed asserts as test modules do
pytest.register_assert_rewrite("tests.explore.reference")

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
    settings.load_profile("ci")


@pytest.fixture
def hide_modules(monkeypatch):
    """A function making ``import`` of modules starting with the given names fail, as if absent."""
    import builtins

    real_import = builtins.__import__

    def hide(*prefixes: str) -> None:
        def without(name, *args, **kwargs):
            if name.startswith(prefixes):
                raise ImportError(name)
            return real_import(name, *args, **kwargs)

        monkeypatch.setattr(builtins, "__import__", without)

    return hide
