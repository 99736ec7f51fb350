"""Lazily exported names resolve, are listed, and fail like plain attributes when absent."""

import subprocess
import sys

import pytest

import negsim
from negsim import explore


@pytest.mark.parametrize("package", [negsim, explore], ids=["negsim", "negsim.explore"])
def test_every_exported_name_resolves_and_is_listed(package) -> None:
    for name in package.__all__:
        assert getattr(package, name) is not None
        assert name in dir(package)


def test_submodules_are_attributes_and_unknown_names_raise_attribute_error() -> None:
    assert negsim.plots.style.__name__ == "negsim.plots.style"
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        _ = negsim.nothing_here


def test_import_negsim_loads_no_analysis_module() -> None:
    code = "import sys, negsim; print(sorted(m for m in sys.modules if m.startswith('negsim')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['negsim', 'negsim._lazy']"


def test_dir_shows_the_public_names_not_the_package_s_own_imports() -> None:
    import negsim

    names = dir(negsim)
    assert {"load", "analyze", "Scenario", "__version__"} <= set(names)
    assert not {"TYPE_CHECKING", "annotations", "lazy_exports"} & set(names)
