"""The scenarios that ship with negsim, found in a checkout and in an installed wheel.

A wheel carries them in ``negsim/data/scenarios`` (copied there at build time,
see ``setup.py``); a checkout or an editable install reads the ``scenarios/``
folder at the top of the repository.
"""

from __future__ import annotations

from pathlib import Path

from negsim.errors import ScenarioError

__all__ = ["FLAGSHIP", "bundled_path", "bundled_scenarios"]

FLAGSHIP = "ukraine_land_for_peace_2026.yaml"
"""The file name of the flagship scenario, which ``negsim run`` analyses by default."""

_PACKAGE = Path(__file__).resolve().parent.parent


def bundled_scenarios() -> Path:
    """The folder of scenarios that ships with negsim.

    Examples
    --------
    >>> (bundled_scenarios() / FLAGSHIP).is_file()
    True
    """
    installed = _PACKAGE / "data" / "scenarios"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / "scenarios"


def bundled_path(name: str) -> Path:
    """The path of a bundled scenario, by file name with or without ``.yaml``.

    Raises
    ------
    ScenarioError
        When no bundled scenario has that name; the message lists those that do.

    Examples
    --------
    >>> bundled_path("camp_david_1978").name
    'camp_david_1978.yaml'
    """
    folder = bundled_scenarios()
    file = folder / (name if name.endswith(".yaml") else f"{name}.yaml")
    if not file.is_file():
        known = ", ".join(sorted(p.stem for p in folder.glob("*.yaml")))
        raise ScenarioError(f"no bundled scenario is called {name!r}; there are: {known}")
    return file
