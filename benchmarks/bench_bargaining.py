"""Pareto frontier and Nash point of two parties, against NegMAS, on 10^4 to 10^6 outcomes.

The scenarios are generated: 4, 5 or 6 categorical issues of 10 options each,
two parties with seeded random additive utilities of opposed interests
(party two's value of an option is one minus party one's, plus noise), and
reserved (no-deal) values at the 40th percentile of each party's utilities,
so that only outcomes both parties accept count.

Timed for negsim, from the validated scenario: ``bargain(compile_scenario(s))``
(utility matrix, zone, frontier, all four solutions, decoded outcomes); and,
as ``negsim core``, the frontier and Nash point alone from the utility matrix.
Timed for NegMAS, from its utility functions: ``pareto_frontier`` with the
reserved values applied, then ``nash_points`` on that frontier. Each row checks
that both found the same frontier (as a set of utility vectors, to 1e-9) and
the same Nash point. Times are medians of several runs; the ratio is NegMAS's
time over negsim's end-to-end time, measured in the same run.

Usage::

    python -m benchmarks.bench_bargaining
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from negsim import compile_scenario, from_data
from negsim.bargaining.pareto import pareto_frontier
from negsim.bargaining.solutions import bargain, solutions_from_points

SIZES = {10_000: 4, 100_000: 5, 1_000_000: 6}  # outcomes: number of 10-option issues
REPEATS = {10_000: 7, 100_000: 5, 1_000_000: 3}
OPTIONS = 10
ROUND = 9


def scenario_data(n_issues: int, *, seed: int = 0) -> dict[str, Any]:
    """Two parties with opposed additive utilities over ``n_issues`` 10-option issues."""
    rng = np.random.default_rng(seed)
    options = [f"o{i}" for i in range(OPTIONS)]
    issues = {f"i{k}": {"kind": "categorical", "options": options} for k in range(n_issues)}
    first = rng.random((n_issues, OPTIONS))
    second = np.clip(1.0 - first + rng.normal(0.0, 0.15, first.shape), 0.0, 1.0)
    parties = {}
    for name, values in (("a", first), ("b", second)):
        weights = rng.uniform(0.2, 1.0, n_issues)
        weights /= weights.sum()
        parties[name] = {
            "utility": {
                issue: {
                    "weight": float(w),
                    "values": {o: float(v) for o, v in zip(options, row, strict=True)},
                }
                for issue, w, row in zip(issues, weights, values, strict=True)
            },
            "no_deal": 0.0,
        }
    data = {"negsim": 1, "name": f"random {OPTIONS}^{n_issues}", "issues": issues}
    data["parties"] = parties
    # reserved values at the 40th percentile, halfway between two utilities
    utility = compile_scenario(from_data(data)).utility
    for p, name in enumerate(("a", "b")):
        column = np.sort(utility[:, p])
        k = int(0.4 * len(column))
        parties[name]["no_deal"] = float((column[k] + column[k + 1]) / 2)
    return data


def negmas_problem(data: dict[str, Any]) -> tuple[Any, list[Any], Any]:
    """The same scenario as NegMAS utility functions: (outcome space, ufuns, issues)."""
    from negmas import make_issue, make_os
    from negmas.preferences import LinearAdditiveUtilityFunction
    from negmas.preferences.value_fun import TableFun

    issues = [make_issue(values=spec["options"], name=n) for n, spec in data["issues"].items()]
    space = make_os(issues)
    ufuns = []
    for party in data["parties"].values():
        values = {n: TableFun(dict(u["values"])) for n, u in party["utility"].items()}
        weights = {n: u["weight"] for n, u in party["utility"].items()}
        ufuns.append(
            LinearAdditiveUtilityFunction(
                values=values,
                weights=weights,
                outcome_space=space,
                reserved_value=party["no_deal"],
            )
        )
    return space, ufuns, issues


def median_time(fn: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _points(rows: Any) -> set[tuple[float, ...]]:
    return {tuple(round(float(x), ROUND) for x in row) for row in rows}


def run() -> list[dict]:
    rows = []
    try:
        import negmas
        from negmas.preferences import nash_points
        from negmas.preferences import pareto_frontier as negmas_frontier

        negmas_version: str | None = negmas.__version__
    except Exception as exc:  # the comparison is optional; ours is still reported
        negmas_version = None
        missing = f"NegMAS unavailable ({type(exc).__name__}: {exc})"
    for n_outcomes, n_issues in SIZES.items():
        repeats = REPEATS[n_outcomes]
        data = scenario_data(n_issues)
        scenario = from_data(data)
        ours_s, result = median_time(lambda s=scenario: bargain(compile_scenario(s)), repeats)
        model = compile_scenario(scenario)
        utility, d = model.utility, model.no_deal

        def core(u: np.ndarray = utility, d: np.ndarray = d) -> tuple[np.ndarray, np.ndarray]:
            zone = u[(u >= d).all(axis=1)]
            front = zone[pareto_frontier(zone)]
            surplus = front - d
            return front, front[np.argmax(surplus[:, 0] * surplus[:, 1])]

        core_s, _ = median_time(core, repeats)
        row: dict[str, Any] = {
            "outcomes": n_outcomes,
            "zone": result.zone_size,
            "frontier": result.frontier_size,
            "negsim bargain (s)": ours_s,
            "negsim core (s)": core_s,
        }
        if negmas_version is None:
            row["NegMAS (s)"] = missing
            rows.append(row)
            continue
        space, ufuns, issues = negmas_problem(data)

        def theirs(ufuns: list[Any] = ufuns, issues: list[Any] = issues, space: Any = space):
            front, _ = negmas_frontier(ufuns, issues=issues)
            return front, nash_points(ufuns, front, outcome_space=space)

        theirs_s, (front, nash) = median_time(theirs, repeats)
        same_frontier = _points(front) == _points(result.frontier_utility)
        nash_utilities = _points(u for u, _ in nash)
        same_nash = _points([result["nash"].utility]) <= nash_utilities
        # the array oracle must agree with the scenario path
        oracle = solutions_from_points(utility, d)
        same_nash &= oracle["nash"].index == result["nash"].index
        row.update(
            {
                "NegMAS (s)": theirs_s,
                "speed-up": theirs_s / ours_s,
                "same frontier": same_frontier,
                "same Nash point": same_nash,
                "runs": repeats,
                "NegMAS version": negmas_version,
            }
        )
        rows.append(row)
    return rows


def main() -> None:
    from benchmarks.run_all import table

    print("\n".join(table(run())))


if __name__ == "__main__":
    main()
