"""Run every benchmark and write ``benchmarks/RESULTS.md``.

Each ``benchmarks/bench_*.py`` module exposes ``run() -> list[dict]``; every
row names a case and, where there is one, the comparison measured in the same
run and the ratio between the two (these machines are noisy: ratios, not
absolute times, are what the goals are stated in).

Usage::

    python -m benchmarks.run_all            # all benchmarks
    python -m benchmarks.run_all zopa games # only bench_zopa and bench_games
"""

from __future__ import annotations

import datetime as _dt
import importlib
import importlib.metadata as md
import os
import platform
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGES = ["negsim", "numpy", "scipy", "pandas", "nashpy", "pygambit", "negmas", "SALib"]


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
        f"- machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()}",
        f"- python: {platform.python_version()}",
        f"- versions: {', '.join(versions)}",
    ]


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


def main(argv: list[str] | None = None) -> int:
    wanted = set(argv if argv is not None else sys.argv[1:])
    modules = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if wanted:
        modules = [m for m in modules if m.removeprefix("bench_") in wanted or m in wanted]
    out = ["# negsim benchmark results", "", *machine(), ""]
    out.append(
        "Each case is timed as the median of several runs; the comparison in the same "
        "row was measured in the same run. Produced by `python -m benchmarks.run_all`."
    )
    failed = 0
    for name in modules:
        print(f"== {name}", file=sys.stderr, flush=True)
        start = time.perf_counter()
        try:
            module = importlib.import_module(f"benchmarks.{name}")
            rows = module.run()
        except Exception:  # a broken benchmark is reported, the others still run
            failed += 1
            out += ["", f"## {name}", "", "```", traceback.format_exc(limit=3).strip(), "```"]
            continue
        took = time.perf_counter() - start
        doc = (module.__doc__ or "").strip().splitlines()
        out += ["", f"## {name}", ""]
        if doc:
            out += [doc[0], ""]
        out += table(rows)
        figure = getattr(module, "FIGURE", None)
        if figure:
            out += ["", f"![{name}]({figure})"]
        out += ["", f"(whole benchmark took {took:.1f} s)"]
    (HERE / "RESULTS.md").write_text("\n".join(out) + "\n", encoding="utf-8")
    print(
        f"wrote benchmarks/RESULTS.md ({len(modules)} benchmarks, {failed} failed)", file=sys.stderr
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
