"""Run every benchmark, print its tables and write ``benchmarks/RESULTS.md``.

Each ``benchmarks/bench_*.py`` module exposes ``run(quick=False) -> list[dict]``;
every row names a case and, where there is one, the comparison measured in the
same run and the ratio between the two (these machines are noisy: ratios, not
absolute times, are what the goals are stated in). A row whose goal is one of
the project's goals carries ``goal`` and ``met``; the others say they are
context. A row with a ``table`` key goes into the sub-table of that name.

Usage::

    python -m benchmarks.run_all            # all benchmarks, writes RESULTS.md
    python -m benchmarks.run_all zopa games # only bench_zopa and bench_games, prints only
    python -m benchmarks.run_all --quick    # tiny sizes, prints only (for the tests)
"""

from __future__ import annotations

import argparse
import datetime as _dt
import importlib
import importlib.metadata as md
import os
import platform
import sys
import time
import traceback
from itertools import groupby
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PACKAGES = ["negsim", "numpy", "scipy", "pandas", "nashpy", "pygambit", "negmas", "SALib"]
CONTEXT = "none (context)"


def cpu_model() -> str:
    """The processor's model name, or the machine type when the system does not say."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> list[str]:
    """Lines describing the machine and the versions measured."""
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {md.version(name)}")
        except md.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    return [
        f"- date: {_dt.datetime.now(_dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- machine: {platform.machine()}, {cpu_model()}, {os.cpu_count()} cores, "
        f"{platform.system()}",
        f"- load average when the run started: {_load()} (other work on the machine slows both "
        "sides of a comparison; ratios are what the goals are judged on)",
        f"- python: {platform.python_version()}",
        f"- versions: {', '.join(versions)}",
    ]


def _load() -> str:
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def table(rows: list[dict]) -> list[str]:
    """A Markdown table of benchmark rows (the union of their keys, in first-seen order)."""
    if not rows:
        return ["(no rows)"]
    keys: list[str] = []
    for row in rows:
        keys.extend(k for k in row if k not in keys)
    lines = ["| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
    for row in rows:
        lines.append("| " + " | ".join(_cell(row.get(k, "")) for k in keys) + " |")
    return lines


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1e4 else f"{value:,.0f}"
    return str(value).replace("|", "/")


def tables(rows: list[dict]) -> list[str]:
    """One table, or one sub-table per ``table`` key, each row saying its goal."""
    rows = [{**row, "goal": row.get("goal", CONTEXT)} for row in rows]
    if not any("table" in row for row in rows):
        return table(rows)
    out: list[str] = []
    for title, group in groupby(rows, key=lambda row: row.get("table", "")):
        out += [f"### {title}", "", *table([_without(r, "table") for r in group]), ""]
    return out[:-1]


def goals(results: dict[str, list[dict]]) -> list[str]:
    """The rows that carry a goal, gathered in one table."""
    rows = [
        {"benchmark": name, "case": row["case"], "goal": row["goal"], "met": row["met"]}
        for name, found in results.items()
        for row in found
        if "met" in row
    ]
    for name, found in results.items():
        rows += [
            {
                "benchmark": name,
                "case": row["case"],
                "goal": row["memory goal"],
                "met": row["memory met"],
            }
            for row in found
            if "memory met" in row
        ]
    return table(rows)


def _without(row: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != key}


def _collect(name: str, quick: bool) -> tuple[list[dict], str, str | None, float]:
    """Rows, first docstring line, figure and seconds of one benchmark module."""
    start = time.perf_counter()
    module = importlib.import_module(f"benchmarks.{name}")
    rows = module.run(quick=quick)
    doc = (module.__doc__ or "").strip().splitlines()
    return rows, doc[0] if doc else "", getattr(module, "FIGURE", None), time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run_all")
    parser.add_argument(
        "names", nargs="*", help="benchmarks to run (zopa, games, ...); printed only"
    )
    parser.add_argument("--quick", action="store_true", help="tiny sizes; print, write nothing")
    args = parser.parse_args(argv)
    modules = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if args.names:
        wanted = set(args.names)
        modules = [m for m in modules if m.removeprefix("bench_") in wanted or m in wanted]
    body: list[str] = []
    results: dict[str, list[dict]] = {}
    failed = 0
    for name in modules:
        print(f"== {name}", file=sys.stderr, flush=True)
        try:
            rows, doc, figure, took = _collect(name, args.quick)
        except Exception:  # a broken benchmark is reported, the others still run
            failed += 1
            body += ["", f"## {name}", "", "```", traceback.format_exc(limit=3).strip(), "```"]
            print(body[-2], file=sys.stderr)
            continue
        results[name] = rows
        section = ["", f"## {name}", "", *([doc, ""] if doc else []), *tables(rows)]
        if figure and not args.quick:
            section += ["", f"![{name}]({figure})"]
        section += ["", f"(whole benchmark took {took:.1f} s)"]
        print("\n".join(section), flush=True)
        body += section
    if args.quick or args.names:
        # RESULTS.md holds every benchmark of one run; a part of a run would replace it
        print("RESULTS.md is written only by a run of every benchmark", file=sys.stderr)
    else:
        write(body, results)
    print(f"{len(modules)} benchmarks, {failed} failed", file=sys.stderr)
    return 1 if failed else 0


def write(body: list[str], results: dict[str, list[dict]]) -> None:
    """``benchmarks/RESULTS.md``: the machine, the goals at a glance, then every table."""
    out = ["# negsim benchmark results", "", *machine(), ""]
    out.append(
        "Each comparison in a row was measured in the same run, both sides from the same "
        "inputs doing the same work, and checked to give the same answer before it was "
        "timed. Rows give the number of runs (or games) and say which times are cold (first "
        "call) and which warm (median of the calls after it). Produced by "
        "`python -m benchmarks.run_all`."
    )
    out += ["", "## Goals", "", *goals(results), *body]
    (HERE / "RESULTS.md").write_text("\n".join(out) + "\n", encoding="utf-8")
    print("wrote benchmarks/RESULTS.md", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
