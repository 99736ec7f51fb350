"""What every command shares (negsim.cli.arguments): the example ``--set`` in the help works."""

from __future__ import annotations

import argparse
import re

import pytest

from negsim.cli.arguments import add_override_argument
from negsim.cli.commands import main
from negsim.scenario.bundled import FLAGSHIP, bundled_scenarios

COMMANDS = ["zopa", "bargain", "equilibria", "validate", "run", "sample"]


def _set_example() -> str:
    """The example the ``--set`` help gives, as every command prints it."""
    parser = argparse.ArgumentParser(prog="negsim x")
    add_override_argument(parser)
    found = re.search(r"e\.g\.\s+(\S+=\S+)", parser.format_help())
    assert found, "the --set help shows no example"
    return found[1]


@pytest.mark.parametrize("command", COMMANDS)
def test_the_set_example_in_the_help_works_on_the_flagship(command, tmp_path, capsys):
    example = _set_example()
    file = str(bundled_scenarios() / FLAGSHIP)
    extra = {"run": ["--no-plots", "-o", str(tmp_path)], "sample": ["-n", "4", "--seed", "0"]}
    code = main([command, file, "--set", example, *extra.get(command, [])])
    err = capsys.readouterr().err
    assert code == 0, err
    # the flagship's uncertainty varies the war lottery the example replaces: said, not fatal
    assert "uncertainty entry 'parties.ukraine.no_deal.war.cost' left out" in err
