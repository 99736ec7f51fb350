"""Build hook: the wheel carries the bundled scenarios and their claims ledgers.

The scenario files live at the top of the checkout (``scenarios/``, ``seeds/``)
where users read and edit them; this copies both into ``negsim/data/`` of the
built package, where :mod:`negsim.scenario.bundled` finds them after a normal
install. Everything else about the build is in ``pyproject.toml``.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

BUNDLED = ("scenarios", "seeds")


class BuildWithScenarios(build_py):
    def run(self) -> None:
        super().run()
        here = Path(__file__).resolve().parent
        for folder in BUNDLED:
            source = here / folder
            if source.is_dir():
                target = Path(self.build_lib) / "negsim" / "data" / folder
                shutil.copytree(source, target, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithScenarios})
