"""Settings for ``python -m pytest --doctest-modules negsim``.

A docstring whose examples need an optional extra (listed in
``tests/test_docstring_examples.py``) is skipped when the extra is missing.
"""

from __future__ import annotations

import pytest

from tests.test_docstring_examples import missing_extra


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if isinstance(item, pytest.DoctestItem):
            needed = missing_extra(item.name)
            if needed:
                item.add_marker(pytest.mark.skip(reason=f"needs {needed}"))
