"""Record what every CLI command prints on every bundled scenario, to compare two versions.

A refactoring that promises "behaviour unchanged" is checked by running this
before and after and comparing the two folders::

    python tools/cli_snapshot.py before/
    ... change the code ...
    python tools/cli_snapshot.py after/
    diff -r before/ after/

For each scenario and command it stores stdout, stderr and the exit code, and
for ``run``, ``sweep`` and ``sample`` the files they write (figures are left
out: PNG metadata is not the point).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))


def commands(scenario: Path) -> dict[str, list[str]]:
    """Command name -> arguments after ``negsim``; ``{out}`` is a fresh folder."""
    file = str(scenario.relative_to(ROOT))
    return {
        "validate": ["validate", file],
        "zopa": ["zopa", file],
        "zopa-json": ["zopa", file, "--json"],
        "zopa-grid": ["zopa", file, "--grid"],
        "bargain": ["bargain", file],
        "bargain-json": ["bargain", file, "--json", "--lotteries"],
        "equilibria": ["equilibria", file],
        "equilibria-json": ["equilibria", file, "--json"],
        "run": ["run", file, "-o", "{out}", "--no-plots"],
        "run-json": ["run", file, "-o", "{out}", "--json", "--no-plots"],
        "sample": ["sample", file, "-n", "16", "--seed", "3", "-o", "{out}/t.csv", "--no-progress"],
        "sweep-bad": ["sweep", file, "--grid", "nowhere.at.all=0:1:3", "-o", "{out}/t.csv"],
    }


TIMINGS = re.compile(r'("timings": \{)(.*?)(\})', re.S)
SECONDS = re.compile(r"(: )[0-9.e-]+")


def _stable(text: str) -> str:
    """``text`` with the seconds of its ``"timings"`` blocks replaced by ``0``."""
    return TIMINGS.sub(lambda m: m[1] + SECONDS.sub(r"\g<1>0", m[2]) + m[3], text)


def _without_bars(text: str) -> str:
    """``text`` without progress-bar lines: a bar shows only when a step is slow."""
    return "".join(line for line in text.splitlines(keepends=True) if "\r" not in line)


def record(name: str, scenario: Path, args: list[str], dest: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        argv = [a.replace("{out}", tmp) for a in args]
        proc = subprocess.run(
            [sys.executable, "-m", "negsim", *argv],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        folder = dest / scenario.stem / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "stdout").write_text(_stable(proc.stdout.replace(tmp, "{out}")))
        (folder / "stderr").write_text(_without_bars(proc.stderr.replace(tmp, "{out}")))
        (folder / "rc").write_text(f"{proc.returncode}\n")
        for written in sorted(Path(tmp).rglob("*")):
            if written.is_file() and written.suffix in {".md", ".json", ".csv"}:
                (folder / written.name).write_text(_stable(written.read_text()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path, help="folder to write the snapshot into")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    args = parser.parse_args()
    jobs = [
        (name, scenario, argv)
        for scenario in SCENARIOS
        for name, argv in commands(scenario).items()
    ]
    jobs.append(("schema", ROOT / "schema", ["schema"]))
    with ThreadPoolExecutor(args.jobs) as pool:
        list(pool.map(lambda job: record(*job, args.dest), jobs))
    print(f"{len(jobs)} commands recorded in {args.dest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
