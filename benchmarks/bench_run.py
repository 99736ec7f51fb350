"""`negsim run` on the flagship, cold, against importing the scientific stack it sits on.

Each case starts a fresh Python process, as a user at a terminal would, so the
times include interpreter start-up and every import. The comparison is the
time of ``python -c "import numpy, scipy, pandas, matplotlib.pyplot, pydantic,
yaml"`` measured in the same run: the floor no command built on that stack can
go below. The goal is a full run (verdict, report, figures) well under 5
seconds on a 2-core machine.

Usage::

    python -m benchmarks.bench_run
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLAGSHIP = ROOT / "scenarios" / "ukraine_land_for_peace_2026.yaml"
IMPORTS = "import numpy, scipy, pandas, matplotlib.pyplot, pydantic, yaml"
REPEATS = 5
GOAL_SECONDS = 5.0


def _time(command: list[str], repeats: int = REPEATS) -> float:
    """Median wall time of ``command`` over ``repeats`` runs (one warm-up run first)."""
    times = []
    for i in range(repeats + 1):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        if i:  # the first run fills the OS file cache and writes bytecode
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(repeats: int = REPEATS) -> list[dict]:
    """Median times of ``negsim run`` with and without figures and of the bare imports."""
    baseline = _time([sys.executable, "-c", IMPORTS], repeats)
    rows = [
        {
            "case": "import numpy, scipy, pandas, matplotlib.pyplot, pydantic, yaml",
            "seconds": baseline,
            "vs imports": 1.0,
        }
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for label, extra in (("negsim run (report, figures)", []), ("--no-plots", ["--no-plots"])):
            command = [sys.executable, "-m", "negsim", "run", str(FLAGSHIP), "--out", tmp, *extra]
            seconds = _time(command, repeats)
            rows.append(
                {
                    "case": f"{label}, flagship",
                    "seconds": seconds,
                    "vs imports": seconds / baseline,
                    f"under {GOAL_SECONDS:g} s": seconds < GOAL_SECONDS,
                }
            )
    return rows


def markdown(rows: list[dict]) -> str:
    """The rows as a Markdown table."""
    from benchmarks.run_all import table

    return "\n".join(table(rows))


if __name__ == "__main__":
    print(markdown(run()))
