"""The ``negsim`` command line: a thin shell over the library.

Every command reads scenario files with :func:`negsim.load`; errors a user can
cause are printed as one line and exit with status 2.
"""

from __future__ import annotations

import argparse
import functools
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TextIO

from negsim.cli.arguments import (
    EXIT_OK,
    EXIT_USAGE,
    FLAGSHIP,
    add_memory_argument,
    add_override_argument,
    add_scenario_arguments,
    bundled_scenarios,
    load_with_overrides,
    positive_int,
    print_json,
)
from negsim.common.memory import using_memory_limit
from negsim.errors import NegsimError, ScenarioError
from negsim.explore.executors import shielded
from negsim.scenario.schema import json_schema

__all__ = [
    "Command",
    "EXAMPLES",
    "EXIT_INTERRUPTED",
    "EXIT_TERMINATED",
    "Terminated",
    "build_parser",
    "cmd_sample",
    "cmd_sweep",
    "main",
]


def cmd_validate(args: argparse.Namespace) -> int:
    """Check every file named, not just up to the first bad one; status 2 if any is bad."""
    bad = 0
    for file in args.files:
        try:
            scenario = load_with_overrides(file, args.overrides)
        except ScenarioError as exc:
            for each in exc.every():
                print(f"negsim: error: {each}", file=sys.stderr)
            bad += 1
            continue
        except NegsimError as exc:
            print(f"negsim: error: {exc}", file=sys.stderr)
            bad += 1
            continue
        print(f"ok  {file}  {scenario!r}")
    if bad and len(args.files) > 1:
        print(f"negsim: {bad} of {len(args.files)} files have errors", file=sys.stderr)
    return EXIT_USAGE if bad else EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    print_json(json_schema())
    return EXIT_OK


Command = tuple[
    str, str, Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]
]


def _validate_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help="scenario files to check")
    add_override_argument(p)
    add_memory_argument(p)


COMMANDS: list[Command] = [
    (
        "validate",
        "check scenario files and report every problem in each (up to 20 a file)",
        _validate_args,
        cmd_validate,
    ),
    ("schema", "print the JSON Schema of the scenario format", lambda p: None, cmd_schema),
]


def _run_args(p: argparse.ArgumentParser) -> None:
    add_scenario_arguments(p, optional_file=True)
    p.add_argument(
        "-o",
        "--out",
        metavar="DIR",
        help="folder for report.md, result.json and the figures "
        "(default: negsim-out/<scenario file name>/)",
    )
    p.add_argument("--no-plots", action="store_true", help="write the report without figures")
    p.add_argument(
        "--svg", action="store_true", help="also save each figure as SVG (PNG is always written)"
    )
    p.add_argument(
        "--json", action="store_true", help="print result.json on stdout instead of the verdict"
    )


def cmd_run(args: argparse.Namespace) -> int:
    from negsim import report

    path = args.file if args.file is not None else str(bundled_scenarios() / FLAGSHIP)
    scenario = load_with_overrides(path, args.overrides)
    out = Path(args.out) if args.out else Path("negsim-out") / Path(path).stem
    source = path if args.file is not None else f"{FLAGSHIP} (bundled)"
    result = report.run(scenario, source=source, overrides=args.overrides, progress=True)
    files = report.write(result, out, plots=not args.no_plots, progress=True, svg=args.svg)
    if args.json:
        print_json(result.to_dict())
    else:
        sys.stdout.write(report.verdict_text(result))
    print(f"negsim: report written to {files.report}", file=sys.stderr)
    return EXIT_OK


COMMANDS.append(
    (
        "run",
        "analyse a scenario: print the verdict, write a report with figures and JSON",
        _run_args,
        cmd_run,
    )
)


def _equilibria_args(p: argparse.ArgumentParser) -> None:
    add_scenario_arguments(p)
    p.add_argument(
        "--game",
        metavar="NAME",
        help="solve this game only (default: every game of the scenario, or the "
        "proposal game when it declares none)",
    )
    p.add_argument(
        "--method",
        help="vertex (two players, default), nashpy-vertex, pure, or gambit-<name> "
        "for mixed equilibria of larger games",
    )
    p.add_argument("--json", action="store_true", help="print the results as JSON")


def cmd_equilibria(args: argparse.Namespace) -> int:
    from negsim.games import equilibria
    from negsim.model.compile import compile_scenario

    scenario = load_with_overrides(args.file, args.overrides)
    model = compile_scenario(scenario)
    names: list[str | None] = [args.game] if args.game else [*scenario.games] or [None]
    results = [equilibria(model, name, method=args.method) for name in names]
    if args.json:
        print_json({"scenario": scenario.name, "games": {r.game: r.to_dict() for r in results}})
    else:
        sys.stdout.write("\n".join(r.to_text() for r in results))
    return EXIT_OK


COMMANDS.append(
    (
        "equilibria",
        "find and verify every equilibrium of the scenario's games",
        _equilibria_args,
        cmd_equilibria,
    )
)


def _zopa_args(p: argparse.ArgumentParser) -> None:
    add_scenario_arguments(p)
    p.add_argument("--json", action="store_true", help="print the analysis as JSON")
    p.add_argument(
        "--max-conflicts",
        type=positive_int,
        default=100,
        metavar="N",
        help="list at most N minimal conflicts (default 100)",
    )
    p.add_argument(
        "--grid",
        action="store_true",
        help="decide continuous issues on their grid only, without mixed-integer programs",
    )


def cmd_zopa(args: argparse.Namespace) -> int:
    from negsim.zone.analysis import analyze

    scenario = load_with_overrides(args.file, args.overrides)
    result = analyze(scenario, max_conflicts=args.max_conflicts, exact=not args.grid)
    if args.json:
        print_json(result.to_dict())
    else:
        sys.stdout.write(result.summary())
    return EXIT_OK


COMMANDS.append(
    (
        "zopa",
        "is there a zone of agreement? if not, which red lines collide and what would open one",
        _zopa_args,
        cmd_zopa,
    )
)


def _sweep_args(p: argparse.ArgumentParser) -> None:
    from negsim.cli.explore import sweep_arguments

    sweep_arguments(p)


def _sample_args(p: argparse.ArgumentParser) -> None:
    from negsim.cli.explore import sample_arguments

    sample_arguments(p)


def cmd_sweep(args: argparse.Namespace) -> int:
    from negsim.cli.explore import cmd_sweep as run

    return run(args)


def cmd_sample(args: argparse.Namespace) -> int:
    from negsim.cli.explore import cmd_sample as run

    return run(args)


COMMANDS.append(
    ("sweep", "analyse every combination of parameter values on a grid", _sweep_args, cmd_sweep)
)
COMMANDS.append(
    (
        "sample",
        "analyse experiments drawn from the scenario's uncertainty",
        _sample_args,
        cmd_sample,
    )
)


def _bargain_args(p: argparse.ArgumentParser) -> None:
    add_scenario_arguments(p)
    p.add_argument(
        "--lotteries",
        action="store_true",
        help="also allow lotteries over the zone's outcomes (the convex hull of their utilities)",
    )
    p.add_argument("--json", action="store_true", help="print the result as JSON")


def cmd_bargain(args: argparse.Namespace) -> int:
    from negsim.bargaining.solutions import bargain

    scenario = load_with_overrides(args.file, args.overrides)
    result = bargain(scenario, lotteries=args.lotteries)
    if args.json:
        print_json(result.to_dict())
    else:
        sys.stdout.write(result.to_text())
    return EXIT_OK


COMMANDS.append(
    (
        "bargain",
        "Pareto frontier and Nash, Kalai-Smorodinsky, egalitarian, utilitarian solutions "
        "on the zone of agreement",
        _bargain_args,
        cmd_bargain,
    )
)


_FLAGSHIP_FILE = "scenarios/ukraine_land_for_peace_2026.yaml"
_FREEZE_FILE = "scenarios/ukraine_variant_russia_accepts_freeze.yaml"

EXAMPLES: dict[str, list[tuple[str, str]]] = {
    "validate": [
        ("check every bundled scenario", "negsim validate scenarios/*.yaml"),
    ],
    "schema": [("the schema, for an editor", "negsim schema > negsim-scenario.schema.json")],
    "run": [
        ("the bundled flagship, report in negsim-out/", "negsim run"),
        ("a file, no figures, the result as JSON", f"negsim run {_FREEZE_FILE} --no-plots --json"),
    ],
    "equilibria": [
        ("every game of a scenario", f"negsim equilibria {_FLAGSHIP_FILE}"),
        (
            "one game, pure equilibria only",
            f"negsim equilibria {_FLAGSHIP_FILE} --game simultaneous_moves --method pure",
        ),
    ],
    "zopa": [
        ("which red lines collide", f"negsim zopa {_FLAGSHIP_FILE}"),
        (
            "if Ukraine would settle for less",
            f"negsim zopa {_FLAGSHIP_FILE} --set parties.ukraine.no_deal=0.4",
        ),
        (
            "a red line removed",
            f"negsim zopa {_FLAGSHIP_FILE} --set parties.russia.red_lines.four-regions=null",
        ),
    ],
    "sweep": [
        (
            "Ukraine's cost of war from 0 to 0.2 in 5 steps, into a CSV file",
            f"negsim sweep {_FLAGSHIP_FILE} --grid parties.ukraine.no_deal.war.cost=0:0.2:5 "
            "-o sweep.csv",
        ),
    ],
    "sample": [
        (
            "40 draws of the scenario's uncertainty, seeded",
            f"negsim sample {_FLAGSHIP_FILE} -n 40 --seed 1 --no-progress",
        ),
    ],
    "bargain": [
        ("the solutions where the zone opens", f"negsim bargain {_FREEZE_FILE}"),
        ("with lotteries over its deals", f"negsim bargain {_FREEZE_FILE} --lotteries"),
    ],
}
"""Examples each command's ``--help`` prints, run from a checkout (the tests run every one)."""


def _examples_text(name: str) -> str | None:
    examples = EXAMPLES.get(name)
    if not examples:
        return None
    lines = ["examples:"]
    for what, command in examples:
        lines += [f"  # {what}", f"  {command}"]
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    from negsim import __version__

    parser = argparse.ArgumentParser(
        prog="negsim",
        description="Zones of agreement, red-line conflicts, bargaining and equilibria "
        "of negotiations described in scenario files.",
    )
    parser.add_argument("--version", action="version", version=f"negsim {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name, help_text, add_arguments, handler in COMMANDS:
        p = sub.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=_examples_text(name),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        add_arguments(p)
        p.set_defaults(handler=functools.partial(_within_memory_limit, handler))
    return parser


def _within_memory_limit(
    handler: Callable[[argparse.Namespace], int], args: argparse.Namespace
) -> int:
    """Run a command with ``--max-memory`` (when it takes one) as the memory limit in force."""
    with using_memory_limit(getattr(args, "max_memory", None)):
        return handler(args)


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    """A warning as one line on stderr, like an error, without the source line."""
    print(f"negsim: warning: {message}", file=sys.stderr)


EXIT_INTERRUPTED = 128 + signal.SIGINT
"""Exit status after Ctrl-C (SIGINT), as a shell reports a command killed by it."""

EXIT_TERMINATED = 128 + signal.SIGTERM
"""Exit status after SIGTERM."""


class Terminated(BaseException):
    """SIGTERM, raised where the command is, so that it stops its workers as after Ctrl-C."""


def _raise_terminated(number: int, frame: FrameType | None) -> None:
    raise Terminated


@contextmanager
def _terminable() -> Iterator[None]:
    """SIGTERM raises :class:`Terminated` for the duration (in the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _stopped(what: str, error: BaseException) -> str:
    notes = "; ".join(getattr(error, "__notes__", []))
    return f"negsim: {what}" + (f" ({notes})" if notes else "")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``negsim`` console script.

    Ctrl-C exits with :data:`EXIT_INTERRUPTED` and SIGTERM with
    :data:`EXIT_TERMINATED`, each after one line on stderr, once any worker
    processes are stopped. Run as the command (``argv`` ``None``), the process
    then ignores further signals while it exits, so that a second Ctrl-C does
    not cut the exit short.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        with _terminable(), warnings.catch_warnings():
            warnings.showwarning = _show_warning
            return int(args.handler(args))
    except NegsimError as exc:
        more = len(exc.more) if isinstance(exc, ScenarioError) else 0
        hint = f" (and {more} more: 'negsim validate' lists them)" if more else ""
        print(f"negsim: error: {exc}{hint}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt as exc:
        return _stop_after("interrupted", exc, EXIT_INTERRUPTED, exiting=argv is None)
    except Terminated as exc:
        return _stop_after("terminated", exc, EXIT_TERMINATED, exiting=argv is None)
    except BrokenPipeError:
        return EXIT_OK


def _stop_after(what: str, error: BaseException, status: int, *, exiting: bool) -> int:
    """Print one line for a stopped command and return its exit status."""
    with shielded():
        print(_stopped(what, error), file=sys.stderr)
    if exiting and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    return status


if __name__ == "__main__":
    sys.exit(main())
