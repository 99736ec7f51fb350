"""Agreement zone, margin and diagnosis on a million outcomes, against a plain numpy pass.

The space is generated: six discrete issues (16 x 5 x 10 x 2 x 25 x 25 =
1,000,000 outcomes), four parties with seeded random additive utilities and
red lines. The model's utility matrix and red-line masks are built once
(compilation); each timed call then starts from those arrays with the
analysis caches cleared. The baseline is one numpy pass over the same
utility matrix, ``(U >= d).all(1).any()``, timed in the same run. Times are
medians of several runs.

Usage::

    python -m benchmarks.bench_zopa
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from negsim import compile_scenario, from_data
from negsim.model.compile import Model
from negsim.zone.enumeration import enumerated_diagnosis, enumerated_margin, pairwise, zopa

REPEATS = 7
PARTIES = ("north", "south", "east", "west")
ISSUES: dict[str, dict[str, Any]] = {
    "regions": {"kind": "subset", "items": ["r1", "r2", "r3", "r4"]},
    "recognition": {"kind": "ordinal", "options": [f"level{i}" for i in range(5)]},
    "capital": {"kind": "categorical", "options": [f"city{i}" for i in range(10)]},
    "guarantee": {"kind": "boolean"},
    "troops": {"kind": "ordinal", "options": [f"cap{i}" for i in range(25)]},
    "water": {"kind": "ordinal", "options": [f"share{i}" for i in range(25)]},
}


def _levels(spec: dict[str, Any]) -> list[str]:
    if spec["kind"] == "boolean":
        return ["false", "true"]
    return list(spec.get("items") or spec["options"])


def _rule(rng: np.random.Generator, issue: str) -> str:
    """A red line on ``issue`` that rules out a tenth to a third of the space, as real ones do."""
    spec = ISSUES[issue]
    levels = _levels(spec)
    if spec["kind"] == "ordinal":
        k = int(rng.integers(1, max(2, len(levels) // 4) + 1))
        if rng.random() < 0.5:
            return f"{issue} >= {levels[k]}"
        return f"{issue} <= {levels[-1 - k]}"
    if spec["kind"] == "subset":
        a, b = rng.choice(levels, size=2, replace=False)
        return f"not ({a} in {issue} and {b} in {issue})"
    if spec["kind"] == "boolean":
        return f"{issue} implies troops <= {_levels(ISSUES['troops'])[int(rng.integers(15, 24))]}"
    chosen = rng.choice(levels, size=2, replace=False)
    return f"{issue} not in {{{', '.join(chosen)}}}"


def scenario_data(n_red_lines: int, *, seed: int = 0, no_deal: float = 0.0) -> dict[str, Any]:
    """A generated scenario: 10^6 outcomes, four parties, ``n_red_lines`` red lines in all."""
    rng = np.random.default_rng(seed)
    parties = {}
    names = list(ISSUES)
    for k, party in enumerate(PARTIES):
        utility = {
            issue: {
                "weight": float(rng.uniform(0.2, 1)),
                "values": {level: float(rng.uniform(-1, 1)) for level in _levels(spec)},
            }
            for issue, spec in ISSUES.items()
        }
        count = n_red_lines // len(PARTIES) + (k < n_red_lines % len(PARTIES))
        red_lines = [
            {
                "id": f"line{j}",
                "rule": _rule(rng, names[int(rng.integers(len(names)))]),
                "says": "generated",
                "source": "benchmark",
            }
            for j in range(count)
        ]
        parties[party] = {"utility": utility, "no_deal": no_deal, "red_lines": red_lines}
    return {"negsim": 1, "name": "generated", "issues": ISSUES, "parties": parties}


def compiled(n_red_lines: int, *, seed: int = 0, no_deal: float = 0.0) -> Model:
    model = compile_scenario(from_data(scenario_data(n_red_lines, seed=seed, no_deal=no_deal)))
    model.utility  # noqa: B018 - compilation, not analysis
    model.red_line_masks  # noqa: B018
    return model


def _fresh(model: Model) -> Model:
    for name in ("acceptable_masks", "feasible_mask"):
        model.__dict__.pop(name, None)
    return model


def median_time(call: Callable[[], Any], repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _row(case: str, negsim_s: float, baseline_s: float, goal: str, met: bool) -> dict[str, Any]:
    return {
        "case": case,
        "negsim_s": negsim_s,
        "baseline_s": baseline_s,
        "ratio": negsim_s / baseline_s,
        "goal": goal,
        "met": met,
    }


def run() -> list[dict[str, Any]]:
    """Time zone, pairwise zones, margin and diagnosis; one row per case."""
    model = compiled(8, seed=1, no_deal=0.5)
    utility, no_deal = model.utility, model.no_deal
    baseline = median_time(lambda: bool((utility >= no_deal).all(1).any()))
    size = f"{model.n_outcomes:,} outcomes x {len(model.parties)} parties"
    rows = []
    for case, call in (
        (f"zone, {size}, {len(model.red_lines)} red lines", lambda: zopa(_fresh(model))),
        (f"pairwise zones, {size}", lambda: pairwise(_fresh(model))),
        (f"margin, {size}", lambda: enumerated_margin(_fresh(model))),
    ):
        seconds = median_time(call)
        rows.append(_row(case, seconds, baseline, "<= 5x numpy pass", seconds <= 5 * baseline))

    deadlocked = compiled(20, seed=1, no_deal=0.8)
    found = enumerated_diagnosis(deadlocked, max_conflicts=None)
    if found is None:
        raise RuntimeError("the generated diagnosis case has a zone; change its seed")
    seconds = median_time(lambda: enumerated_diagnosis(_fresh(deadlocked), max_conflicts=None))
    case = (
        f"diagnosis, 20 red lines + 4 no-deal, {size}: all {len(found.conflicts)} minimal "
        f"conflicts, {len(found.corrections)} corrections, least concession"
    )
    rows.append(_row(case, seconds, baseline, "< 1 s", seconds < 1.0))
    return rows


def main() -> None:
    rows = run()
    keys = ["case", "negsim_s", "baseline_s", "ratio", "goal", "met"]
    print("| " + " | ".join(keys) + " |")
    print("|" + "---|" * len(keys))
    for row in rows:
        cells = [
            row["case"],
            f"{row['negsim_s']:.4f}",
            f"{row['baseline_s']:.4f}",
            f"{row['ratio']:.2f}",
            row["goal"],
            "yes" if row["met"] else "no",
        ]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
