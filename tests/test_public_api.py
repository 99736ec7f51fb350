"""What negsim declares public: every module's ``__all__``, the packages' exports, the reference."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest

import negsim

ROOT = Path(__file__).resolve().parent.parent
MODULES = [
    info.name
    for info in pkgutil.walk_packages(negsim.__path__, "negsim.")
    if not info.name.rsplit(".", 1)[1].startswith("_")
]
PACKAGES = [name for name in MODULES if hasattr(importlib.import_module(name), "__path__")]


@pytest.mark.parametrize("name", ["negsim", *MODULES])
def test_every_module_declares_its_public_names_and_they_exist(name: str) -> None:
    module = importlib.import_module(name)
    public = getattr(module, "__all__", None)
    assert public is not None, f"{name} has no __all__"
    assert len(set(public)) == len(public), f"{name}.__all__ lists a name twice"
    missing = [n for n in public if not hasattr(module, n)]
    assert not missing, f"{name}.__all__ names what it does not have: {missing}"


@pytest.mark.parametrize("name", PACKAGES)
def test_a_package_exports_only_what_its_modules_declare_public(name: str) -> None:
    package = importlib.import_module(name)
    exports = getattr(package, "_EXPORTS", {})
    for attr in package.__all__:
        if attr not in exports or attr.startswith("__"):
            continue
        target = exports[attr]
        home = importlib.import_module(target if "." in target else f"{name}.{target}")
        if home.__name__.endswith(f".{attr}"):
            continue  # a submodule exported by name
        assert attr in home.__all__, f"{name}.{attr} is not public in {home.__name__}"


def test_the_api_reference_lists_every_public_name_of_every_module() -> None:
    page = (ROOT / "docs" / "reference" / "api.md").read_text(encoding="utf-8")
    sections = {block.split("`", 1)[0]: block for block in page.split("\n## `")[1:]}
    for name in MODULES:
        assert name in sections, f"the API reference has no section for {name}"
        for attr in importlib.import_module(name).__all__:
            assert f"`{attr}" in sections[name], f"{name}.{attr} is missing from the reference"
