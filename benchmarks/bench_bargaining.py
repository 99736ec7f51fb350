"""Pareto frontier and Nash point of two parties, against NegMAS, on 10^4 to 10^6 outcomes.

The scenarios are generated: 4, 5 or 6 categorical issues of 10 options each,
two parties with seeded random additive utilities of opposed interests
(party two's value of an option is one minus party one's, plus noise), and
reserved (no-deal) values at the 40th percentile of each party's utilities,
so that only outcomes both parties accept count.

Two comparisons per size, each labelled, each side doing the same work:

- *from utility functions*: negsim's ``bargain(compile_scenario(s))`` from the
  validated scenario (utility matrix, zone, frontier, all four solutions,
  decoded outcomes) against NegMAS's ``pareto_frontier`` from its utility
  functions (which calls a Python utility function once per outcome and
  party) then ``nash_points``. Most of NegMAS's time here is those calls.
- *on the same utility matrix*: the zone, Pareto frontier and Nash point from
  the one utility matrix both are given, negsim's ``pareto_frontier`` against
  NegMAS's ``pareto_frontier_numpy`` then ``nash_points`` with the same
  ranges.

Both sides must find the same frontier (as a set of utility vectors, to 1e-9)
and the same Nash point before the times count. The first call is reported as
cold; the warm time is the median of the calls after it, the same number on
both sides.

Usage::

    python -m benchmarks.bench_bargaining
"""

from __future__ import annotations

from typing import Any

import numpy as np

from benchmarks.common import Timing, timing
from negsim import compile_scenario, from_data
from negsim.bargaining.pareto import pareto_frontier
from negsim.bargaining.solutions import bargain, solutions_from_points

SIZES = {10_000: 4, 100_000: 5, 1_000_000: 6}  # outcomes: number of 10-option issues
QUICK_SIZES = {100: 2}
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


def _points(rows: Any) -> set[tuple[float, ...]]:
    return {tuple(round(float(x), ROUND) for x in row) for row in rows}


def negsim_core(utility: np.ndarray, d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """negsim's zone, frontier and Nash point from a utility matrix."""
    zone = utility[(utility >= d).all(axis=1)]
    front = zone[pareto_frontier(zone)]
    surplus = front - d
    return front, front[np.argmax(surplus[:, 0] * surplus[:, 1])]


def negmas_core(utility: np.ndarray, ufuns: list[Any]) -> tuple[np.ndarray, Any]:
    """NegMAS's zone, frontier and Nash points from the same utility matrix."""
    from negmas.preferences import nash_points
    from negmas.preferences.ops import pareto_frontier_numpy

    d = np.array([u.reserved_value for u in ufuns])
    ranges = list(zip(utility.min(axis=0), utility.max(axis=0), strict=True))
    zone = utility[(utility >= d).all(axis=1)]
    front = zone[pareto_frontier_numpy(zone, sort_by_welfare=True)]
    return front, nash_points(ufuns, [tuple(f) for f in front], ranges=ranges)


def negmas_from_ufuns(ufuns: list[Any], issues: list[Any], space: Any) -> tuple[Any, Any]:
    """NegMAS's frontier and Nash points from its utility functions."""
    from negmas.preferences import nash_points
    from negmas.preferences import pareto_frontier as negmas_frontier

    front, _ = negmas_frontier(ufuns, issues=issues)
    return front, nash_points(ufuns, front, outcome_space=space)


def _same(front: Any, nash: Any, our_front: Any, our_nash: Any) -> bool:
    """Same frontier as a set of points, and our Nash point among theirs."""
    return _points(front) == _points(our_front) and _points([our_nash]) <= _points(
        u for u, _ in nash
    )


def _row(case: str, runs: int, same: bool, ours: Timing, theirs: Timing) -> dict[str, Any]:
    return {
        "case": case,
        "same answer": same,
        "runs": runs,
        "negsim cold s": ours.cold,
        "NegMAS cold s": theirs.cold,
        "negsim warm s": ours.warm,
        "NegMAS warm s": theirs.warm,
        "NegMAS / negsim (warm)": theirs.warm / ours.warm,
    }


def size_rows(n_outcomes: int, n_issues: int, runs: int, version: str) -> list[dict[str, Any]]:
    """The two labelled comparisons on one generated scenario."""
    data = scenario_data(n_issues)
    scenario = from_data(data)
    space, ufuns, issues = negmas_problem(data)
    ours = timing(lambda: bargain(compile_scenario(scenario)), runs)
    theirs = timing(lambda: negmas_from_ufuns(ufuns, issues, space), runs)
    result = ours.result
    model = compile_scenario(scenario)
    oracle = solutions_from_points(model.utility, model.no_deal)
    same = _same(*theirs.result, result.frontier_utility, result["nash"].utility)
    same &= oracle["nash"].index == result["nash"].index
    label = f"{n_outcomes:,} outcomes, zone {result.zone_size}, frontier {result.frontier_size}"
    rows = [_row(f"{label}: from utility functions (NegMAS {version})", runs, same, ours, theirs)]
    utility = model.utility
    ours = timing(lambda: negsim_core(utility, model.no_deal), runs)
    theirs = timing(lambda: negmas_core(utility, ufuns), runs)
    same = _same(*theirs.result, *ours.result)
    rows.append(_row(f"{label}: on the same utility matrix", runs, same, ours, theirs))
    return rows


def run(quick: bool = False) -> list[dict[str, Any]]:
    """Two rows per size; one row saying why when NegMAS is missing."""
    try:
        import negmas
    except ImportError as exc:  # the comparison is optional
        return [{"case": "NegMAS comparison", "skipped": f"NegMAS not installed ({exc})"}]
    rows = []
    for n_outcomes, n_issues in (QUICK_SIZES if quick else SIZES).items():
        runs = 3 if quick else REPEATS[n_outcomes]
        rows += size_rows(n_outcomes, n_issues, runs, negmas.__version__)
    return rows


def main() -> None:
    from benchmarks.run_all import table

    print("\n".join(table(run())))


if __name__ == "__main__":
    main()
