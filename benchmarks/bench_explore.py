"""Explore: batched variants per second against loading and analysing each variant from scratch.

Each row samples the uncertainty section of the flagship scenario (or a
variant of it) with ``negsim.sample(..., outputs=["zone"])`` on one core,
timed end to end (compiling the scenario once included), and compares it
with a loop that, for each variant, loads the scenario file with the
variant's overrides, compiles it and computes zone existence and margin
(``negsim.zone.enumeration.margin_from_arrays``) on a subset of the same variants, whose
answers must equal the batched ones. The goal is at least 10,000 variants per
second and at least 50 times the loop.

The shipped flagship has no outcome that respects every red line, so its
variants are decided by the red lines alone; the rows without some or all red
lines make every variant search thousands of feasible outcomes:

- ``no Russian red lines``: a few hundred outcomes respect the remaining red lines;
- ``no red lines``: all 34,560 outcomes, with only the no-deal numbers
  varied (war costs and beliefs) and with every uncertain number varied
  (weights and values of levels too).

Usage::

    python -m benchmarks.bench_explore
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

import negsim
from negsim.explore.parameters import classify_all, variant_changes
from negsim.explore.sampling import draw
from negsim.model.compile import compile_scenario
from negsim.zone.enumeration import margin_from_arrays

ROOT = Path(__file__).resolve().parent.parent
FLAGSHIP = ROOT / "scenarios" / "ukraine_land_for_peace_2026.yaml"
GOAL_RATE = 10_000
GOAL_SPEEDUP = 50
SEED = 2026


def from_scratch(path: Path, paths: list[str], values: np.ndarray) -> tuple[float, list]:
    """Seconds per variant of load + compile + margin, and the answers."""
    scenario = negsim.load(path)
    params = classify_all(scenario, paths)
    answers = []
    start = time.perf_counter()
    for row in values:
        variant = negsim.load(path, overrides=variant_changes(scenario, params, row))
        model = compile_scenario(variant)
        margin, _ = margin_from_arrays(model.utility, model.no_deal, model.feasible_mask)
        answers.append((margin is not None and margin >= 0, margin))
    return (time.perf_counter() - start) / len(values), answers


def case(
    name: str, scenario: negsim.Scenario, paths: list[str], n: int, n_loop: int, folder: Path
) -> dict[str, Any]:
    ranges = {p: scenario.uncertainty[p] for p in paths}
    # warm imports and caches that any real session has warmed already
    negsim.sample(scenario, 8, seed=1, ranges=ranges, outputs=["zone"], progress=False)
    negsim.explore.runner._cache.clear()
    start = time.perf_counter()
    table = negsim.sample(scenario, n, seed=SEED, ranges=ranges, outputs=["zone"], progress=False)
    batched = time.perf_counter() - start
    file = folder / f"{name.replace(' ', '_')}.yaml"
    file.write_text(scenario.to_yaml(), encoding="utf-8")
    values = draw(ranges, n, sampler="lhs", seed=SEED)[:n_loop]
    per_variant, answers = from_scratch(file, paths, values)
    for i, (zone, margin) in enumerate(answers):
        assert bool(table["zone"].iloc[i]) == zone, (name, i)
        assert np.array_equal(table["margin"].iloc[i], np.nan if margin is None else margin, True)
    rate = n / batched
    loop_rate = 1 / per_variant
    model = compile_scenario(scenario)
    return {
        "case": name,
        "outcomes respecting every red line": int(model.feasible_mask.sum()),
        "parameters": len(paths),
        "variants": n,
        "batched variants/s": rate,
        "from scratch variants/s": loop_rate,
        "speed-up": rate / loop_rate,
        "goal met": rate >= GOAL_RATE and rate / loop_rate >= GOAL_SPEEDUP,
    }


def run() -> list[dict]:
    """Rows of the benchmark table."""
    flagship = negsim.load(FLAGSHIP)
    every = list(flagship.uncertainty)
    no_deal_only = [p for p in every if ".no_deal." in p]
    open_russia = flagship.with_({"parties.russia.red_lines": []})
    no_red_lines = flagship.with_({f"parties.{p}.red_lines": [] for p in flagship.parties})
    with tempfile.TemporaryDirectory() as folder:
        where = Path(folder)
        return [
            case("flagship", flagship, every, 50_000, 20, where),
            case("no Russian red lines", open_russia, every, 20_000, 20, where),
            case("no red lines, no-deal numbers", no_red_lines, no_deal_only, 20_000, 10, where),
            case("no red lines, every number", no_red_lines, every, 4_000, 10, where),
        ]


def main() -> None:
    from benchmarks.run_all import table

    print("\n".join(table(run())))


if __name__ == "__main__":
    main()
