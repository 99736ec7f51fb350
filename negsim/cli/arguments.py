"""What every command shares: the scenario argument, ``--set``, exit codes, JSON output."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from negsim.errors import ScenarioError
from negsim.scenario.bundled import FLAGSHIP, bundled_scenarios
from negsim.scenario.format import Scenario
from negsim.scenario.loading import load
from negsim.scenario.yaml_source import read_yaml

__all__ = [
    "EXIT_OK",
    "EXIT_USAGE",
    "add_override_argument",
    "add_scenario_arguments",
    "load_with_overrides",
    "parse_override",
    "positive_int",
    "print_json",
]

EXIT_OK, EXIT_USAGE = 0, 2


def parse_override(text: str) -> tuple[str, Any]:
    """``path=value`` with the value read as a YAML scalar or flow collection."""
    path, sep, raw = text.partition("=")
    if not sep or not path.strip():
        raise ScenarioError(f"--set expects path=value, got {text!r}", file="<command line>")
    value = read_yaml(raw if raw.strip() else "''", "<command line>").data
    return path.strip(), value


def load_with_overrides(file: str | None, overrides: Sequence[str] | None) -> Scenario:
    """Load ``file`` (or the bundled flagship) applying ``--set`` overrides."""
    path = file if file is not None else str(bundled_scenarios() / FLAGSHIP)
    changes = dict(parse_override(o) for o in overrides or ())
    return load(Path(path), overrides=changes)


def add_scenario_arguments(parser: argparse.ArgumentParser, *, optional_file: bool = False) -> None:
    """The FILE argument and ``--set`` shared by every command that reads a scenario."""
    if optional_file:
        parser.add_argument("file", nargs="?", help="scenario file (default: the bundled flagship)")
    else:
        parser.add_argument("file", help="scenario file (YAML)")
    add_override_argument(parser)


def add_override_argument(parser: argparse.ArgumentParser) -> None:
    """The repeatable ``--set PATH=VALUE`` option (read by :func:`load_with_overrides`)."""
    parser.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="PATH=VALUE",
        help="override a field by dotted path, e.g. parties.ukraine.no_deal=0.4 (repeatable)",
    )


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, allow_nan=False)
    sys.stdout.write("\n")


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value
