"""``negsim sweep`` and ``negsim sample``: read the grid or ranges, run, write, summarise."""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from negsim.cli.arguments import add_scenario_arguments, load_with_overrides, positive_int
from negsim.errors import NegsimError, ScenarioError
from negsim.explore.checkpoints import checkpoint_beside, remove_checkpoint, stored_identity
from negsim.explore.measures import DEFAULT_OUTPUTS, OUTPUTS
from negsim.explore.runner import MAX_EXPERIMENTS, check_experiments
from negsim.explore.sampling import SAMPLERS
from negsim.scenario.yaml_source import read_yaml

if TYPE_CHECKING:
    import pandas as pd
from negsim.explore.tables import table_format, write_table

__all__ = [
    "cmd_sample",
    "cmd_sweep",
    "parse_grid",
    "parse_range",
    "sample_arguments",
    "sweep_arguments",
]


def parse_grid(text: str, max_count: int | None = None) -> tuple[str, list[Any]]:
    """``path=lo:hi:n`` (``n`` evenly spaced values) or ``path=v1,v2,...`` (YAML scalars).

    ``n`` above ``max_count`` is refused before any value is made.
    """
    path, sep, spec = text.partition("=")
    path = path.strip()
    if not sep or not path or not spec.strip():
        raise ScenarioError(
            f"--grid expects path=lo:hi:n or path=v1,v2,..., got {text!r}", file="<command line>"
        )
    if ":" in spec and "," not in spec:
        parts = spec.split(":")
        try:
            low, high, count = float(parts[0]), float(parts[1]), int(parts[2])
        except (ValueError, IndexError):
            raise ScenarioError(
                f"--grid {path}: expected lo:hi:n with numbers and a whole n, got {spec!r}",
                file="<command line>",
            ) from None
        if len(parts) != 3 or count < 1:
            raise ScenarioError(
                f"--grid {path}: expected lo:hi:n with n at least 1, got {spec!r}",
                file="<command line>",
            )
        if not (math.isfinite(low) and math.isfinite(high)):
            raise ScenarioError(
                f"--grid {path}: lo and hi must be finite numbers, got {spec!r}",
                file="<command line>",
            )
        check_experiments(count, max_count)
        import numpy as np

        # 12 significant digits: the values the user means (0.6, not 0.6000000000000001)
        return path, [float(f"{v:.12g}") for v in np.linspace(low, high, count)]
    values = [read_yaml(item.strip() or "''", "<command line>").data for item in spec.split(",")]
    return path, values


def parse_range(text: str) -> tuple[str, list[float]]:
    """``path=lo:hi``: a uniform range."""
    path, sep, spec = text.partition("=")
    parts = spec.split(":")
    try:
        if not sep or len(parts) != 2:
            raise ValueError
        return path.strip(), [float(parts[0]), float(parts[1])]
    except ValueError:
        raise ScenarioError(
            f"--range expects path=lo:hi, got {text!r}", file="<command line>"
        ) from None


def _outputs(text: str) -> list[str]:
    names = [t.strip() for t in text.split(",") if t.strip()]
    unknown = [n for n in names if n not in OUTPUTS]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown output {unknown[0]!r}; choose from {', '.join(OUTPUTS)}"
        )
    return names


def _common(p: argparse.ArgumentParser) -> None:
    add_scenario_arguments(p)
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the table of experiments here (.csv, or .parquet with pyarrow)",
    )
    p.add_argument(
        "-j",
        "--jobs",
        type=positive_int,
        default=1,
        metavar="N",
        help="worker processes (default 1: run in this process)",
    )
    p.add_argument(
        "--outputs",
        type=_outputs,
        default=None,
        metavar="LIST",
        help=f"measures to compute, comma-separated from {', '.join(OUTPUTS)} "
        f"(default: {','.join(DEFAULT_OUTPUTS)})",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument(
        "--resume",
        action="store_true",
        help="finish an interrupted run of the same command: with -o FILE, finished "
        "experiments are kept in FILE.partial/ until the table is written",
    )
    p.add_argument(
        "--max-experiments",
        type=positive_int,
        default=MAX_EXPERIMENTS,
        metavar="N",
        help=f"refuse runs of more experiments than this, before any work "
        f"(default {MAX_EXPERIMENTS:,})",
    )


def sweep_arguments(p: argparse.ArgumentParser) -> None:
    _common(p)
    p.add_argument(
        "--grid",
        action="append",
        required=True,
        metavar="PATH=LO:HI:N",
        help="a parameter and its values: lo:hi:n evenly spaced, or v1,v2,... (repeatable; "
        "the grid is every combination)",
    )


def sample_arguments(p: argparse.ArgumentParser) -> None:
    _common(p)
    p.add_argument(
        "-n", type=positive_int, required=True, metavar="N", help="number of experiments"
    )
    p.add_argument("--seed", type=int, default=None, help="seed of the design (default: fresh)")
    p.add_argument("--sampler", choices=SAMPLERS, default="lhs", help="design (default lhs)")
    p.add_argument(
        "--range",
        dest="ranges",
        action="append",
        default=[],
        metavar="PATH=LO:HI",
        help="sample this parameter uniformly (repeatable) instead of the scenario's "
        "uncertainty section",
    )


def _finish(args: argparse.Namespace, frame: pd.DataFrame) -> int:
    from negsim.explore.discovery import summarize

    # the table first: the experiments are kept even if the summary fails
    if args.output:
        written = write_table(frame, args.output)
        remove_checkpoint(checkpoint_beside(args.output))
        print(f"negsim: {len(frame):,} experiments written to {written}", file=sys.stderr)
    print(summarize(frame))
    return 0


def _executor(args: argparse.Namespace) -> int | None:
    return args.jobs if args.jobs > 1 else None


def _check_output(args: argparse.Namespace) -> Path | None:
    """Check the output's format and its checkpoint; the checkpoint folder to use, if any."""
    if not args.output:
        if args.resume:
            raise NegsimError("--resume needs -o FILE: the finished experiments are kept beside it")
        return None
    table_format(args.output)
    folder = checkpoint_beside(args.output)
    if not args.resume and folder.exists():
        raise NegsimError(
            f"{folder} holds the finished part of an interrupted run writing {args.output}: "
            f"add --resume to finish it, or delete {folder} to start over"
        )
    return folder


@contextmanager
def _resumable(folder: Path | None) -> Iterator[None]:
    """On any stop, say how to finish the run when its finished chunks are kept."""
    try:
        yield
    except BaseException as exc:
        if folder is not None and not isinstance(exc, NegsimError) and _kept(folder):
            exc.add_note(f"finished experiments kept in {folder}: add --resume to finish the run")
        raise


@contextmanager
def _naming_the_file(file: str | None) -> Iterator[None]:
    """A variant the run refuses is named by the scenario file it came from."""
    try:
        yield
    except ScenarioError as exc:
        if exc.file != "<variant>":
            raise
        source = file if file is not None else "the bundled flagship"
        raise ScenarioError(
            f"{exc.message} (in a variant of the run)", file=source, field=exc.field
        ) from None


def _kept(folder: Path) -> bool:
    try:
        return stored_identity(folder) is not None
    except NegsimError:
        return False


def _run_options(args: argparse.Namespace, folder: Path | None) -> dict[str, Any]:
    """What sweeps and samples take alike from the command line."""
    return {
        "executor": _executor(args),
        "progress": not args.no_progress,
        "outputs": args.outputs,
        "max_experiments": args.max_experiments,
        "checkpoint": folder,
        "keep_checkpoint": True,
    }


def cmd_sweep(args: argparse.Namespace) -> int:
    from negsim.explore.runner import sweep

    folder = _check_output(args)
    scenario = load_with_overrides(args.file, args.overrides)
    grid = dict(parse_grid(g, args.max_experiments) for g in args.grid)
    with _resumable(folder), _naming_the_file(args.file):
        frame = sweep(scenario, grid, **_run_options(args, folder))
    return _finish(args, frame)


def cmd_sample(args: argparse.Namespace) -> int:
    from negsim.explore.runner import sample

    folder = _check_output(args)
    scenario = load_with_overrides(args.file, args.overrides)
    ranges = dict(parse_range(r) for r in args.ranges) or None
    with _resumable(folder), _naming_the_file(args.file):
        frame = sample(
            scenario,
            args.n,
            seed=args.seed,
            sampler=args.sampler,
            ranges=ranges,
            **_run_options(args, folder),
        )
    return _finish(args, frame)
