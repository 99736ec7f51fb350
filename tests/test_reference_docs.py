"""The generated reference pages match the code (regenerate with tools/gen_reference.py)."""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _generator():
    spec = importlib.util.spec_from_file_location(
        "gen_reference", ROOT / "tools" / "gen_reference.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("page", ["cli", "api"])
def test_reference_page_is_current(page: str) -> None:
    if page == "cli" and sys.version_info[:2] != (3, 11):
        pytest.skip(
            "argparse lays out help differently across Python versions; pages are made on 3.11"
        )
    generator = _generator()
    expected = getattr(generator, f"{page}_page")()
    committed = generator.PAGES[page].read_text(encoding="utf-8")
    assert committed == expected, "run: python tools/gen_reference.py"
