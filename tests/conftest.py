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
