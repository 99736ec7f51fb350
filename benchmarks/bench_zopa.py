"""Agreement zone, margin and diagnosis, against a plain numpy pass doing the same check.

Two sets of cases. The goal grid uses the scaling benchmark's generated
scenarios (ordinal issues of ten options): 10^6 outcomes with 4 parties and 8
red lines or 16 parties and 32 red lines, and 10^7 outcomes with 4 parties and
32 red lines (10^7 x 16 parties takes about a minute to compile on two cores,
more than this benchmark's share of the run). The analysis cases use a
generated space of six issues (16 x 5 x 10 x 2 x 25 x 25 = 1,000,000
outcomes) and four parties.

Compile and decide are reported apart. *Compile* is ``compile_scenario`` of the
validated scenario plus its utility matrix and red-line masks. *Decide* starts
from those arrays with the analysis caches cleared. The floor starts from the
same arrays and does the same work with plain numpy (:mod:`benchmarks.common`):
the utility test of every party and every red line, column by column or
row-wise, whichever is faster there (the row says which). Before anything is
timed, negsim and the floor must give the same answer. The diagnosis case
divides by the floor on its own model.

Memory is the peak that ``tracemalloc`` sees while compiling and deciding,
over the size of the utility matrix.

Goals: decide <= 1.5x the floor at 10^6-10^7 outcomes, 4-16 parties, up to 32
red lines; peak memory <= 2x the utility matrix.

Usage::

    python -m benchmarks.bench_zopa
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np

from benchmarks import bench_scaling
from benchmarks.common import (
    margin_floor,
    median_time,
    pairwise_floor,
    verdict,
    zone_floor,
    zone_floors,
)
from negsim import compile_scenario, from_data
from negsim.model.compile import Model
from negsim.scenario.format import Scenario
from negsim.zone.enumeration import enumerated_diagnosis, enumerated_margin, pairwise, zopa

REPEATS = 5
ZONE_GOAL = 1.5
MEMORY_GOAL = 2.0
GRID = ((6, 4, 8), (6, 16, 32), (7, 4, 32))
QUICK_GRID = ((3, 4, 8), (3, 16, 32))

PARTIES = ("north", "south", "east", "west")
ISSUES: dict[str, dict[str, Any]] = {
    "regions": {"kind": "subset", "items": ["r1", "r2", "r3", "r4"]},
    "recognition": {"kind": "ordinal", "options": [f"level{i}" for i in range(5)]},
    "capital": {"kind": "categorical", "options": [f"city{i}" for i in range(10)]},
    "guarantee": {"kind": "boolean"},
    "troops": {"kind": "ordinal", "options": [f"cap{i}" for i in range(25)]},
    "water": {"kind": "ordinal", "options": [f"share{i}" for i in range(25)]},
}
QUICK_ISSUES = ("regions", "recognition", "guarantee", "troops")


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


def scenario_data(
    n_red_lines: int, *, seed: int = 0, no_deal: float = 0.0, quick: bool = False
) -> dict[str, Any]:
    """A generated scenario: four parties, ``n_red_lines`` red lines in all, and 10^6
    outcomes (4,000 when ``quick``)."""
    rng = np.random.default_rng(seed)
    parties = {}
    issues = {k: v for k, v in ISSUES.items() if not quick or k in QUICK_ISSUES}
    names = list(issues)
    for k, party in enumerate(PARTIES):
        utility = {
            issue: {
                "weight": float(rng.uniform(0.2, 1)),
                "values": {level: float(rng.uniform(-1, 1)) for level in _levels(spec)},
            }
            for issue, spec in issues.items()
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
    return {"negsim": 1, "name": "generated", "issues": issues, "parties": parties}


def compiled(scenario: Scenario) -> Model:
    """The model of ``scenario`` with its utility matrix and red-line masks built."""
    model = compile_scenario(scenario)
    model.utility  # noqa: B018 - compilation, not analysis
    model.red_line_masks  # noqa: B018
    return model


def fresh(model: Model) -> Model:
    """``model`` with the analysis caches cleared and the compiled arrays kept."""
    for name in ("acceptable_masks", "feasible_mask"):
        model.__dict__.pop(name, None)
    return model


def arrays(model: Model) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[int]]:
    """The floor's inputs: utility matrix, no-deal values, red-line masks, red-line owners."""
    owners = [model.party_index(r.party) for r in model.red_lines]
    return model.utility, model.no_deal, model.red_line_masks, owners


def memory_ratio(scenario: Scenario) -> float:
    """Peak traced bytes of compiling and deciding, over the utility matrix's bytes."""
    tracemalloc.start()
    try:
        model = compiled(scenario)
        zopa(model)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / model.utility.nbytes


def _compare(
    case: str,
    ours: Callable[[], Any],
    floor: Callable[[], Any],
    same: bool,
    runs: int,
) -> dict[str, Any]:
    """One row: negsim's decide time against the floor's, from the same arrays."""
    ours_s, floor_s = median_time(ours, runs), median_time(floor, runs)
    return {
        "case": case,
        "same answer": bool(same),
        "runs": runs,
        "decide s": ours_s,
        "floor s": floor_s,
        "decide / floor": ours_s / floor_s,
    }


def grid_row(n_issues: int, n_parties: int, n_red_lines: int, runs: int) -> dict[str, Any]:
    """Zone existence on one point of the goal grid: compile, decide, floor and memory."""
    scenario = from_data(bench_scaling.scenario_data(n_issues, n_parties, n_red_lines))
    row = _grid_times(scenario, runs)
    memory = memory_ratio(scenario)
    row.update(
        {
            "goal": f"decide <= {ZONE_GOAL:g}x floor",
            "met": verdict(row["decide / floor"], ZONE_GOAL),
            "peak memory / utility matrix": memory,
            "memory goal": f"peak memory <= {MEMORY_GOAL:g}x utility matrix",
            "memory met": verdict(memory, MEMORY_GOAL),
        }
    )
    return row


def _grid_times(scenario: Scenario, runs: int) -> dict[str, Any]:
    start = time.perf_counter()
    model = compiled(scenario)
    compile_s = time.perf_counter() - start
    utility, no_deal, masks, _ = arrays(model)
    same = zopa(fresh(model)).count == np.count_nonzero(zone_floor(utility, no_deal, masks))
    return {
        "table": "Goal grid: does a zone exist",
        **_zone_row(
            f"zone, {model.n_outcomes:,} outcomes x {len(model.parties)} parties, "
            f"{len(masks)} red lines",
            model,
            same,
            runs,
        ),
        "compile s (once, cold)": compile_s,
    }


def _zone_row(case: str, model: Model, same: bool, runs: int) -> dict[str, Any]:
    """Zone existence against the faster of the two zone floors."""
    utility, no_deal, masks, _ = arrays(model)
    floor_s, form, agree = zone_floors(utility, no_deal, masks, runs)
    ours_s = median_time(lambda: zopa(fresh(model)).count, runs)
    return {
        "case": case,
        "same answer": bool(same and agree),
        "runs": runs,
        "decide s": ours_s,
        "floor s": floor_s,
        "floor form": form,
        "decide / floor": ours_s / floor_s,
    }


def analysis_rows(runs: int, quick: bool) -> list[dict[str, Any]]:
    """Zone, pairwise zones, margin and diagnosis on the generated six-issue space."""
    model = compiled(from_data(scenario_data(8, seed=1, no_deal=0.5, quick=quick)))
    utility, no_deal, masks, owners = arrays(model)
    size = f"{model.n_outcomes:,} outcomes x {len(model.parties)} parties"
    same = zopa(fresh(model)).count == np.count_nonzero(zone_floor(utility, no_deal, masks))
    rows = [
        _zone_row(f"zone, {size}, {len(masks)} red lines", model, same, runs),
        _compare(
            f"pairwise zones, {size}",
            lambda: pairwise(fresh(model)),
            lambda: pairwise_floor(utility, no_deal, masks, owners),
            np.array_equal(
                pairwise(fresh(model)).counts, pairwise_floor(utility, no_deal, masks, owners)
            ),
            runs,
        ),
        _compare(
            f"margin, {size}",
            lambda: enumerated_margin(fresh(model)),
            lambda: margin_floor(utility, no_deal, masks),
            _same_margin(model, margin_floor(utility, no_deal, masks)),
            runs,
        ),
    ]
    return [*rows, diagnosis_row(runs, quick)]


def _same_margin(model: Model, floor: tuple[float | None, int | None]) -> bool:
    found = enumerated_margin(fresh(model))
    return (found.value, found.index) == floor


def diagnosis_row(runs: int, quick: bool) -> dict[str, Any]:
    """Diagnosis of a deadlocked model, against the zone floor on that same model."""
    model = compiled(from_data(scenario_data(20, seed=1, no_deal=0.8, quick=quick)))
    utility, no_deal, masks, _ = arrays(model)
    found = enumerated_diagnosis(fresh(model), max_conflicts=None)
    empty = not zone_floor(utility, no_deal, masks).any()
    conflicts = "no" if found is None else len(found.conflicts)
    corrections = "no" if found is None else len(found.corrections)
    return _compare(
        f"diagnosis, 20 red lines + 4 no-deal, {model.n_outcomes:,} outcomes x 4 parties: "
        f"all {conflicts} minimal conflicts, {corrections} corrections, least concession "
        "(the floor only finds the zone empty)",
        lambda: enumerated_diagnosis(fresh(model), max_conflicts=None),
        lambda: np.count_nonzero(zone_floor(utility, no_deal, masks)),
        found is not None and empty,
        runs,
    )


def run(quick: bool = False) -> list[dict[str, Any]]:
    """Rows of the benchmark table: the goal grid, then the analysis cases."""
    runs = 3 if quick else REPEATS
    rows = [grid_row(*point, runs) for point in (QUICK_GRID if quick else GRID)]
    context = "Analysis cases (context: no goal stated for them)"
    return rows + [{"table": context, **row} for row in analysis_rows(runs, quick)]


def main() -> None:
    from benchmarks.run_all import table

    print("\n".join(table(run())))


if __name__ == "__main__":
    main()
