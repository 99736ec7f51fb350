"""Scaling of the agreement-zone check: time against outcomes, parties and red lines.

Generated scenarios of ordinal issues with ten options each (so the space has
10^k outcomes), seeded random additive utilities and red lines of the form
``issue >= level`` / ``issue <= level``. For each size the zone and margin are
timed from the compiled arrays (analysis caches cleared), next to the floor
doing the same work from the same arrays: a column-wise numpy pass testing
every party's utility and every red line, then the margin
(:mod:`benchmarks.common`), in the same run. Both must give the same zone size
and margin first. Writes ``benchmarks/scaling.png``.

Usage::

    python -m benchmarks.bench_scaling
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.common import margin_floor, median_time, zone_floor
from negsim import compile_scenario, from_data
from negsim.model.compile import Model
from negsim.zone.enumeration import enumerated_margin, zopa

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


def _analysis(model: Model) -> tuple[int, float | None]:
    """Zone size and margin, from the compiled arrays."""
    return zopa(model).count, enumerated_margin(model).value


def _floor(model: Model) -> tuple[int, float | None]:
    """The same two answers from the same arrays, column by column."""
    utility, no_deal, masks = model.utility, model.no_deal, model.red_line_masks
    return int(np.count_nonzero(zone_floor(utility, no_deal, masks))), margin_floor(
        utility, no_deal, masks
    )[0]


def _fresh(model: Model) -> Model:
    """``model`` with the analysis caches cleared and the compiled arrays kept."""
    for name in ("acceptable_masks", "feasible_mask"):
        model.__dict__.pop(name, None)
    return model


def measure(n_issues: int, n_parties: int, n_red_lines: int) -> dict[str, Any]:
    """One point of a curve: negsim's zone and margin against the floor, same arrays."""
    model = compile_scenario(from_data(scenario_data(n_issues, n_parties, n_red_lines)))
    model.red_line_masks  # noqa: B018 - built once, outside the timing
    ours, floor = _analysis(_fresh(model)), _floor(model)
    ours_s = median_time(lambda: _analysis(_fresh(model)), REPEATS)
    floor_s = median_time(lambda: _floor(model), REPEATS)
    return {
        "outcomes": model.n_outcomes,
        "parties": n_parties,
        "red_lines": n_red_lines,
        "zone": ours[0] > 0,
        "same answer": ours == floor,
        "runs": REPEATS,
        "negsim_s": ours_s,
        "numpy_floor_s": floor_s,
        "ratio": ours_s / floor_s,
    }


CURVES = {
    "outcomes": [(k, 4, 8) for k in (3, 4, 5, 6)],
    "parties": [(5, p, 8) for p in (2, 4, 8, 16)],
    "red_lines": [(5, 4, r) for r in (4, 8, 16, 32)],
}


QUICK_CURVES = {"outcomes": [(3, 4, 8)], "parties": [(3, 16, 8)], "red_lines": [(3, 4, 32)]}


def run(quick: bool = False) -> list[dict[str, Any]]:
    """One row per point of each curve; the figure is drawn only on a full run."""
    rows = []
    for curve, points in (QUICK_CURVES if quick else CURVES).items():
        for point in points:
            rows.append({"curve": curve, **measure(*point)})
    if not quick:
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
            xs,
            [r["negsim_s"] for r in rows if r["curve"] == curve],
            "o-",
            label="negsim zone + margin",
        )
        ax.plot(
            xs,
            [r["numpy_floor_s"] for r in rows if r["curve"] == curve],
            "s--",
            label="column-wise floor",
        )
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(curve.replace("_", " "))
        ax.set_ylabel("seconds (median)")
        ax.grid(True, which="both", alpha=0.3)
    axes[0].legend()
    fig.suptitle("Zone and margin against the size of the problem, same arrays")
    fig.savefig(path, dpi=110)
    plt.close(fig)


if __name__ == "__main__":
    from benchmarks.run_all import table

    print("\n".join(table(run())))
