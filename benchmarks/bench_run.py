"""`negsim run` on the flagship, in a fresh process, as a ratio to the import floor.

Each case starts a fresh Python process, as a user at a terminal would, so the
times include interpreter start-up and every import. The floor of a command
is a fresh process that imports, in the same order, every module that the
command itself ends up importing, negsim's own modules excepted: what any
program doing this work on this stack pays before doing anything. The command
and its floor are run in turn (A B A B ...) and the ratio taken pair by pair,
so a drift in the machine's speed moves both. One pair is run first and not
counted (it fills the operating system's file cache and writes bytecode), so
"cold" here means a new interpreter with nothing of negsim in memory, not an
empty disk cache. ``python -c "import negsim"`` (interpreter start-up: negsim
imports its parts lazily) is reported beside it.

Goal: a full run (verdict, report, figures) at most 2.5x its import floor.

Usage::

    python -m benchmarks.bench_run
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FLAGSHIP = ROOT / "scenarios" / "ukraine_land_for_peace_2026.yaml"
REPEATS = 3
GOAL = 2.5
LIST_MODULES = """
import json, sys
from negsim.cli import main
main(sys.argv[1:])
own = ("negsim", "__main__", "__mp_main__", "__editable__")
print(json.dumps([m for m in sys.modules if not m.startswith(own)]))
"""
IMPORT_ALL = """
import importlib, json, sys
for name in json.load(open(sys.argv[1])):
    try:
        importlib.import_module(name)
    except Exception:
        pass
"""


def _seconds(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def paired(command: list[str], floor: list[str], runs: int) -> tuple[float, float, float]:
    """Median seconds of ``command`` and ``floor`` run in turn, and the median pair ratio.

    One pair is run first and not counted.
    """
    pairs = []
    for i in range(runs + 1):
        a, b = _seconds(command), _seconds(floor)
        if i:
            pairs.append((a, b))
    return (
        statistics.median(a for a, _ in pairs),
        statistics.median(b for _, b in pairs),
        statistics.median(a / b for a, b in pairs),
    )


def imported_by(arguments: list[str]) -> list[str]:
    """Modules a fresh ``negsim`` process with ``arguments`` imports, in order, negsim's own
    excepted."""
    out = subprocess.run(
        [sys.executable, "-c", LIST_MODULES, *arguments],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def case(label: str, arguments: list[str], folder: Path, runs: int) -> dict[str, Any]:
    """One command against its own import floor."""
    modules = imported_by(arguments)
    listing = folder / f"modules{len(list(folder.iterdir()))}.json"
    listing.write_text(json.dumps(modules), encoding="utf-8")
    floor = [sys.executable, "-c", IMPORT_ALL, str(listing)]
    seconds, floor_s, ratio = paired([sys.executable, "-m", "negsim", *arguments], floor, runs)
    return {
        "case": label,
        "runs": runs,
        "seconds": seconds,
        "import floor s": floor_s,
        "modules in the floor": len(modules),
        "run / import floor": ratio,
        "goal": f"<= {GOAL:g}x import floor",
        "met": "met" if ratio <= GOAL else f"not met ({ratio:.3g}x)",
    }


def run(quick: bool = False) -> list[dict[str, Any]]:
    """The bare ``import negsim``, then ``negsim run`` with and without figures."""
    runs = 1 if quick else REPEATS
    bare = statistics.median(
        _seconds([sys.executable, "-c", "import negsim"]) for _ in range(runs + 1)
    )
    rows: list[dict[str, Any]] = [
        {
            "case": 'python -c "import negsim" (interpreter start-up)',
            "runs": runs + 1,
            "seconds": bare,
        }
    ]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        out = ["--out", str(folder / "out")]
        for label, extra in (("negsim run (report, figures)", []), ("--no-plots", ["--no-plots"])):
            row = case(f"{label}, flagship", ["run", str(FLAGSHIP), *out, *extra], folder, runs)
            row["run / import negsim"] = row["seconds"] / bare
            rows.append(row)
    return rows


def main() -> None:
    from benchmarks.run_all import table

    print("\n".join(table(run())))


if __name__ == "__main__":
    main()
