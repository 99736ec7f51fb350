"""What every command shares: the scenario argument, ``--set``, exit codes, JSON output."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from negsim.common.memory import parse_size
from negsim.errors import NegsimError, ScenarioError, SpaceTooLargeError
from negsim.scenario.bundled import FLAGSHIP, bundled_scenarios
from negsim.scenario.format import Scenario
from negsim.scenario.loading import load_document
from negsim.scenario.messages import placed
from negsim.scenario.paths import held_warnings
from negsim.scenario.yaml_source import YamlDocument, read_yaml

__all__ = [
    "EXIT_OK",
    "EXIT_USAGE",
    "add_memory_argument",
    "add_override_argument",
    "add_scenario_arguments",
    "check_compiles",
    "load_with_overrides",
    "memory_size",
    "parse_override",
    "positive_int",
    "print_json",
]

EXIT_OK, EXIT_USAGE = 0, 2


def parse_override(text: str) -> tuple[str, Any]:
    """``path=value`` with the value read as a YAML scalar or flow collection.

    A rule (a path ending in ``.rule``) is text: unless quoted, its value is
    taken as written, so ``...rule=true`` and ``...rule=share >= 50`` set the
    rules ``true`` and ``share >= 50``.

    Examples
    --------
    >>> from negsim.cli.arguments import parse_override
    >>> parse_override("parties.a.no_deal=0.4"), parse_override("parties.a.red_lines.x.rule=true")
    (('parties.a.no_deal', 0.4), ('parties.a.red_lines.x.rule', 'true'))
    """
    path, sep, raw = text.partition("=")
    if not sep or not path.strip():
        raise ScenarioError(f"--set expects path=value, got {text!r}", file="<command line>")
    path = path.strip()
    if path.rsplit(".", 1)[-1] == "rule" and raw.strip()[:1] not in ("'", '"'):
        return path, raw.strip()
    value = read_yaml(raw if raw.strip() else "''", "<command line>").data
    return path, value


def load_with_overrides(file: str | None, overrides: Sequence[str] | None) -> Scenario:
    """Load ``file`` (or the bundled flagship) applying ``--set`` overrides.

    What compiling the scenario would refuse is refused here, on the line of
    the field to blame (:func:`check_compiles`), so every command refuses a
    file in the same words as ``negsim validate``.
    """
    path = file if file is not None else str(bundled_scenarios() / FLAGSHIP)
    changes = dict(parse_override(o) for o in overrides or ())
    with held_warnings():
        scenario, document = load_document(Path(path), overrides=changes)
        check_compiles(scenario, document)
    return scenario


def check_compiles(scenario: Scenario, document: YamlDocument) -> None:
    """Compile the scenario and build its games; what they refuse, on the field's line.

    The model is compiled here and again by the command that uses it: tens of
    milliseconds for the bundled scenarios, but the full compile time for a
    large outcome space.

    Raises
    ------
    ScenarioError
        Naming the file, the line and the field of what compiling refused:
        an outcome space too large for its limit or for memory, utilities
        that overflow, a game that cannot be built.
    """
    from negsim.model.compile import compile_scenario

    try:
        model = compile_scenario(scenario)
    except SpaceTooLargeError as exc:
        raise placed(exc, document, field="issues") from None
    except NegsimError as exc:
        raise placed(exc, document) from None
    if not scenario.games:
        return
    from negsim.games.solve import build_game

    for name in scenario.games:
        try:
            build_game(model, name)
        except NegsimError as exc:
            raise placed(exc, document, field=f"games.{name}") from None


def add_scenario_arguments(parser: argparse.ArgumentParser, *, optional_file: bool = False) -> None:
    """The FILE argument and ``--set`` shared by every command that reads a scenario."""
    if optional_file:
        parser.add_argument("file", nargs="?", help="scenario file (default: the bundled flagship)")
    else:
        parser.add_argument("file", help="scenario file (YAML)")
    add_override_argument(parser)
    add_memory_argument(parser)


def add_memory_argument(parser: argparse.ArgumentParser) -> None:
    """``--max-memory SIZE``: the memory limit analyses respect (default: what is available)."""
    parser.add_argument(
        "--max-memory",
        type=memory_size,
        default=None,
        metavar="SIZE",
        help="refuse scenarios whose analysis would need more memory than this, e.g. 500M or "
        "2G (default: the memory available)",
    )


def memory_size(text: str) -> int:
    """An argparse type: a size such as ``500M`` or ``2G``, in bytes."""
    try:
        return parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


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
