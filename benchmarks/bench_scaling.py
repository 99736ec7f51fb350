"""Scaling of the agreement-zone check: time against outcomes, parties and red lines.

Generated scenarios of ordinal issues with ten options each (so the space has
10^k outcomes), seeded random additive utilities and red lines of the form
``issue >= level`` / ``issue <= level``. For each size the zone, margin and
(when the zone is empty) diagnosis are timed from the compiled arrays, next to
the physical floor: one numpy pass ``(U >= d).all(1).any()`` over the same
utility matrix, in the same run. Writes ``benchmarks/scaling.png``.

Usage::

    python -m benchmarks.bench_scaling
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from negsim import compile_scenario, from_data
from negsim.model.compile import Model
from negsim.zone.decide import diagnose, margin
from negsim.zone.enumeration import zopa

REPEATS = 5
FIGURE = "scaling.png"
OPTIONS = [f"o{i}" for i in range(10)]


def scenario_data(n_issues: int, n_parties: int, n_red_lines: int, seed: int = 0) -> dict[str, Any]:
    """A scenario with ``10**n_issues`` outcomes, spread red lines and random utilities."""
    rng = np.random.default_rng(seed)
    issues = {f"i{k}": {"kind": "ordinal", "options": OPTIONS} for k in range(n_issues)}
    parties: dict[str, Any] = {}
    for p in range(n_parties):
        utility = {
            name: {
                "weight": float(rng.uniform(0.2, 1)),
                "values": {
                    o: float(v) for o, v in zip(OPTIONS, rng.permutation(10) / 9, strict=True)
                },
            }
            for name in issues
        }
        parties[f"p{p}"] = {"utility": utility, "no_deal": float(rng.uniform(0.3, 0.45) * n_issues)}
    for r in range(n_red_lines):
        party = parties[f"p{r % n_parties}"]
        issue = f"i{int(rng.integers(n_issues))}"
        op, level = (
            (">=", int(rng.integers(1, 3)))
            if rng.random() < 0.5
            else ("<=", int(rng.integers(7, 9)))
        )
        party.setdefault("red_lines", []).append(
            {
                "id": f"r{r}",
                "rule": f"{issue} {op} o{level}",
                "says": "generated",
                "source": "bench",
            }
        )
    return {"negsim": 1, "name": "scaling", "issues": issues, "parties": parties}


def _median(fn: Callable[[], Any]) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _analysis(model: Model) -> None:
    zone = zopa(model)
    margin(model)
    if not zone.exists:
        diagnose(model)


def _fresh(model: Model) -> Model:
    """The model with analysis caches cleared but compiled arrays kept."""
    clone = compile_scenario(model.scenario)
    for name in ("utility", "red_line_masks", "no_deal"):
        clone.__dict__[name] = model.__dict__[name]
    return clone


def measure(n_issues: int, n_parties: int, n_red_lines: int) -> dict[str, Any]:
    model = compile_scenario(from_data(scenario_data(n_issues, n_parties, n_red_lines)))
    utility, no_deal = model.utility, model.no_deal
    model.red_line_masks  # noqa: B018 - build once, outside the timing
    ours = _median(lambda: _analysis(_fresh(model)))
    floor = _median(lambda: bool((utility >= no_deal).all(1).any()))
    return {
        "outcomes": model.n_outcomes,
        "parties": n_parties,
        "red_lines": n_red_lines,
        "zone": bool(zopa(model).exists),
        "negsim_s": ours,
        "numpy_floor_s": floor,
        "ratio": ours / floor,
    }


CURVES = {
    "outcomes": [(k, 4, 8) for k in (3, 4, 5, 6)],
    "parties": [(5, p, 8) for p in (2, 4, 8, 16)],
    "red_lines": [(5, 4, r) for r in (4, 8, 16, 32)],
}


def run() -> list[dict[str, Any]]:
    rows = []
    for curve, points in CURVES.items():
        for point in points:
            rows.append({"curve": curve, **measure(*point)})
    plot(rows, Path(__file__).with_name(FIGURE))
    return rows


def plot(rows: list[dict[str, Any]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(12, 3.6), constrained_layout=True)
    for ax, curve in zip(axes, CURVES, strict=True):
        xs = [r[curve] for r in rows if r["curve"] == curve]
        ax.plot(
            xs, [r["negsim_s"] for r in rows if r["curve"] == curve], "o-", label="negsim analysis"
        )
        ax.plot(
            xs,
            [r["numpy_floor_s"] for r in rows if r["curve"] == curve],
            "s--",
            label="numpy floor",
        )
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(curve.replace("_", " "))
        ax.set_ylabel("seconds (median)")
        ax.grid(True, which="both", alpha=0.3)
    axes[0].legend()
    fig.suptitle("Zone, margin and diagnosis against the size of the problem")
    fig.savefig(path, dpi=110)
    plt.close(fig)


if __name__ == "__main__":
    from benchmarks.run_all import table

    print("\n".join(table(run())))
