"""Explore: variants per second of a batched sweep, cold and warm, against a ``with_`` loop.

Each row samples the uncertainty section of the flagship scenario, or of the
flagship with red lines dropped (``Scenario.with_`` with
``"parties.X.red_lines.ID": None``), with ``negsim.sample(...,
outputs=["zone"])`` on one core, timed end to end. *Cold* is the first call
with negsim's sweep caches empty (nothing warmed beforehand); *warm* is the
same call again. The baseline does the same work one variant at a time in the
same process: ``Scenario.with_`` of the variant's changes, compile, and zone
existence and margin (``margin_from_arrays``), on the first variants of the
same sample, whose answers must equal the batched ones.

The shipped flagship has no outcome respecting every red line, so its
variants are decided by the red lines alone and no outcome is searched; it is
reported as context. In the other rows the batched engine searches outcomes:

- ``without Russia's red lines``: a few hundred outcomes respect the rest;
- ``without red lines``: all 34,560 outcomes, with only the no-deal numbers
  varied (war costs and beliefs), and with every uncertain number varied
  (weights and values of levels too).

Goal: at least 10,000 variants/s on the flagship structure without red lines
(cold and warm are both shown; the goal is judged on the cold call).

Usage::

    python -m benchmarks.bench_explore
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import negsim
from negsim.explore.parameters import classify_all, variant_changes
from negsim.explore.sampling import draw
from negsim.model.compile import compile_scenario
from negsim.scenario.format import Scenario
from negsim.zone.enumeration import margin_from_arrays

ROOT = Path(__file__).resolve().parent.parent
FLAGSHIP = ROOT / "scenarios" / "ukraine_land_for_peace_2026.yaml"
GOAL_RATE = 10_000
SEED = 2026


def without_red_lines(scenario: Scenario, parties: list[str]) -> Scenario:
    """``scenario`` with every red line of ``parties`` dropped, one ``with_`` path each."""
    changes = {
        f"parties.{p}.red_lines.{r.id}": None
        for p in parties
        for r in scenario.parties[p].red_lines
    }
    return scenario.with_(changes)


def with_loop(scenario: Scenario, paths: list[str], values: np.ndarray) -> tuple[float, list]:
    """Seconds per variant of ``with_`` + compile + margin, and the answers."""
    params = classify_all(scenario, paths)
    answers = []
    start = time.perf_counter()
    for row in values:
        model = compile_scenario(scenario.with_(variant_changes(scenario, params, row)))
        margin, _ = margin_from_arrays(model.utility, model.no_deal, model.feasible_mask)
        answers.append((margin is not None and margin >= 0, margin))
    return (time.perf_counter() - start) / len(values), answers


def _sample(scenario: Scenario, ranges: dict[str, Any], n: int) -> tuple[float, pd.DataFrame]:
    start = time.perf_counter()
    table = negsim.sample(scenario, n, seed=SEED, ranges=ranges, outputs=["zone"], progress=False)
    return time.perf_counter() - start, table


def _same(table: pd.DataFrame, answers: list) -> bool:
    """The batched answers of the first variants equal the loop's."""
    for i, (zone, margin) in enumerate(answers):
        expected = np.nan if margin is None else margin
        if bool(table["zone"].iloc[i]) != zone:
            return False
        if not np.array_equal(table["margin"].iloc[i], expected, equal_nan=True):
            return False
    return True


def case(name: str, scenario: Scenario, paths: list[str], n: int, n_loop: int) -> dict[str, Any]:
    """One row: batched cold and warm rates against the ``with_`` loop."""
    ranges = {p: scenario.uncertainty[p] for p in paths}
    negsim.explore.runner._cache.clear()
    cold_s, table = _sample(scenario, ranges, n)
    warm_s, _ = _sample(scenario, ranges, n)
    values = draw(ranges, n, sampler="lhs", seed=SEED)[:n_loop]
    per_variant, answers = with_loop(scenario, paths, values)
    feasible = int(compile_scenario(scenario).feasible_mask.sum())
    row = {
        "case": name,
        "same answer": _same(table, answers),
        "outcomes respecting every red line": feasible,
        "outcomes searched": "yes" if feasible else "no (decided by the red lines)",
        "parameters": len(paths),
        "variants (batched)": n,
        "variants (loop)": n_loop,
        "batched cold variants/s": n / cold_s,
        "batched warm variants/s": n / warm_s,
        "with_ loop variants/s": 1 / per_variant,
        "cold / loop": per_variant * n / cold_s,
    }
    return row


def _goal(row: dict[str, Any]) -> dict[str, Any]:
    rate = row["batched cold variants/s"]
    met = "met" if rate >= GOAL_RATE else f"not met ({rate:,.0f}/s)"
    return {**row, "goal": f">= {GOAL_RATE:,} variants/s", "met": met}


def run(quick: bool = False) -> list[dict[str, Any]]:
    """Rows of the benchmark table."""
    flagship = negsim.load(FLAGSHIP)
    every = list(flagship.uncertainty)
    no_deal_only = [p for p in every if ".no_deal." in p]
    open_russia = without_red_lines(flagship, ["russia"])
    no_red_lines = without_red_lines(flagship, list(flagship.parties))
    scale = 50 if quick else 1
    n_loop = 3 if quick else 20
    return [
        case("flagship (context)", flagship, every, 50_000 // scale, n_loop),
        case("without Russia's red lines", open_russia, every, 20_000 // scale, n_loop),
        _goal(
            case(
                "without red lines, no-deal numbers",
                no_red_lines,
                no_deal_only,
                20_000 // scale,
                n_loop,
            )
        ),
        _goal(case("without red lines, every number", no_red_lines, every, 4_000 // scale, n_loop)),
    ]


def main() -> None:
    from benchmarks.run_all import table

    print("\n".join(table(run())))


if __name__ == "__main__":
    main()
