"""Answers on top of a table of experiments: how likely a zone is, what matters, and where.

- :func:`zone_probability`: the share of experiments with a zone of possible
  agreement, with a Wilson (1927) score confidence interval.
- :func:`sensitivity`: which parameters matter most for an output, from any
  sample (Monte Carlo or Latin hypercube), by one of two methods that need
  nothing beyond numpy:

  * ``binned`` (default): a first-order variance-based index per parameter,
    ``S_i = Var(E[Y | X_i]) / Var(Y)``, estimated by cutting ``X_i`` into
    equal-count bins and taking the between-bin share of the variance with
    the small-sample bias removed (the epsilon-squared of Kelley 1935).
    It estimates the same quantity as the Sobol' first-order index and
    needs no monotone relation.
  * ``srrc``: standardized rank regression coefficients (Iman & Conover
    1979; Saltelli et al. 2008): regress the ranks of ``Y`` on the ranks of
    the inputs; ``SRRC_i^2`` approximates the share of variance when the
    rank regression fits (its ``R^2`` is reported).

- :func:`sobol_indices`: Sobol' first-order and total indices (Sobol' 2001;
  Saltelli 2002) with SALib, on a design built for them (the optional extra
  ``negsim[sensitivity]``).
- :func:`prim`: scenario discovery with the Patient Rule Induction Method
  (Friedman & Fisher 1999; Bryant & Lempert 2010): the box of parameter
  ranges in which a zone exists, found by peeling and pasting, with its
  coverage and density.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from negsim.errors import AnalysisError, NegsimError

OUTPUT_COLUMNS = (
    "zone",
    "margin",
    "zone_size",
    "shortfall",
    "nash",
    "equilibria",
    "seed",
    "scenario_hash",
)


def input_columns(frame: pd.DataFrame) -> list[str]:
    """The parameter columns of an experiment table (dotted paths, as recorded in its attrs)."""
    recorded = frame.attrs.get("parameters")
    if recorded:
        return [c for c in recorded if c in frame.columns]
    return [
        c
        for c in frame.columns
        if c not in OUTPUT_COLUMNS and not str(c).startswith("shortfall_") and "." in str(c)
    ]


def _html(title: str, rows: Sequence[tuple[str, str]]) -> str:
    cells = "".join(
        f"<tr><th style='text-align:left'>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
        for k, v in rows
    )
    return f"<div><strong>{html.escape(title)}</strong><table>{cells}</table></div>"


# ---------------------------------------------------------------- probability of a zone


@dataclass(frozen=True)
class ZoneProbability:
    """The share of experiments in which a zone exists, with a Wilson score interval."""

    successes: int
    n: int
    estimate: float
    low: float
    high: float
    confidence: float

    def describe(self) -> str:
        return (
            f"a zone of possible agreement exists in {self.successes:,} of {self.n:,} "
            f"experiments ({self.estimate:.1%}; {self.confidence:.0%} interval "
            f"{self.low:.1%} to {self.high:.1%}, Wilson score)"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "successes": self.successes,
            "n": self.n,
            "estimate": self.estimate,
            "low": self.low,
            "high": self.high,
            "confidence": self.confidence,
            "method": "Wilson score interval",
        }

    def __repr__(self) -> str:
        return f"<ZoneProbability {self.describe()}>"

    def _repr_html_(self) -> str:
        return _html(
            "Probability of a zone of possible agreement",
            [
                ("experiments", f"{self.n:,}"),
                ("with a zone", f"{self.successes:,}"),
                ("estimate", f"{self.estimate:.3f}"),
                (f"{self.confidence:.0%} interval", f"[{self.low:.3f}, {self.high:.3f}]"),
                ("method", "Wilson score"),
            ],
        )


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson (1927) score interval of a binomial proportion."""
    if n < 1:
        raise AnalysisError("a proportion needs at least one experiment")
    if not 0 < confidence < 1:
        raise AnalysisError(f"confidence must be between 0 and 1, got {confidence}")
    from scipy.stats import norm

    z = float(norm.ppf(0.5 + confidence / 2))
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def zone_probability(
    results: pd.DataFrame | Sequence[bool], *, column: str = "zone", confidence: float = 0.95
) -> ZoneProbability:
    """Probability that a zone exists, over the experiments of a sample.

    Parameters
    ----------
    results
        A table from :func:`negsim.sample` (or any boolean sequence).
    column
        The boolean column to count.
    confidence
        Coverage of the interval.
    """
    values = results[column] if isinstance(results, pd.DataFrame) else results
    flags = np.asarray(values, dtype=bool)
    n = int(flags.size)
    k = int(flags.sum())
    low, high = wilson_interval(k, n, confidence)
    return ZoneProbability(k, n, k / n if n else math.nan, low, high, confidence)


# ---------------------------------------------------------------- sensitivity


@dataclass(frozen=True)
class Sensitivity:
    """How much each parameter matters for an output.

    Attributes
    ----------
    method
        ``binned``, ``srrc`` or ``sobol``.
    output
        The output column analysed.
    table
        One row per parameter, most influential first; columns depend on the method
        (``S1`` for ``binned``; ``SRRC`` and ``SRRC2`` for ``srrc``; ``S1``,
        ``S1_conf``, ``ST``, ``ST_conf`` for ``sobol``).
    n
        Experiments used.
    note
        What the numbers mean and how far to trust them.
    """

    method: str
    output: str
    table: pd.DataFrame = field(repr=False)
    n: int
    note: str = ""

    @property
    def score_column(self) -> str:
        return "SRRC2" if self.method == "srrc" else "S1"

    @property
    def ranking(self) -> list[str]:
        """Parameters from most to least influential."""
        return list(self.table.index)

    @property
    def most_influential(self) -> str:
        return self.ranking[0]

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "output": self.output,
            "n": self.n,
            "note": self.note,
            "parameters": {
                name: {k: _finite(v) for k, v in row.items()}
                for name, row in self.table.to_dict(orient="index").items()
            },
        }

    def describe(self) -> str:
        top = self.table.iloc[0]
        return (
            f"the parameter that matters most for the {self.output} is {self.most_influential} "
            f"({self.score_column} = {top[self.score_column]:.2f}, {self.method} estimate "
            f"from {self.n:,} experiments)"
        )

    def __repr__(self) -> str:
        lines = [f"<Sensitivity of {self.output} ({self.method}, n={self.n:,})"]
        for name, row in self.table.iterrows():
            lines.append(f"  {name}: {row[self.score_column]:.3f}")
        return "\n".join(lines) + ">"

    def _repr_html_(self) -> str:
        head = f"<strong>Sensitivity of {html.escape(self.output)} ({self.method})</strong>"
        return f"<div>{head}{self.table.to_html(float_format=lambda x: f'{x:.3f}')}</div>"


def _finite(value: Any) -> Any:
    if isinstance(value, float | np.floating):
        return float(value) if math.isfinite(value) else None
    return value


def _xy(
    frame: pd.DataFrame, output: str, inputs: Sequence[str] | None
) -> tuple[list[str], np.ndarray, np.ndarray]:
    names = list(inputs) if inputs is not None else input_columns(frame)
    if not names:
        raise AnalysisError("no input columns found; name them with inputs=[...]")
    missing = [c for c in [*names, output] if c not in frame.columns]
    if missing:
        raise AnalysisError(f"no column {missing[0]!r} in the table")
    y = frame[output].to_numpy(dtype=float)
    x = frame[names].to_numpy(dtype=float)
    undefined = ~np.isfinite(y)
    if undefined.all():
        raise AnalysisError(
            f"the {output} is undefined in every experiment (no outcome respects every red "
            "line); analyse 'zone' or 'shortfall' instead"
        )
    if undefined.any():
        raise AnalysisError(
            f"the {output} is undefined in {int(undefined.sum()):,} of {len(y):,} experiments; "
            "analyse 'zone' or 'shortfall', or drop those rows"
        )
    return names, x, y


def binned_first_order(x: np.ndarray, y: np.ndarray, bins: int | None = None) -> np.ndarray:
    """First-order variance shares ``Var(E[Y|X_i]) / Var(Y)``, one per column of ``x``.

    Each column is cut into ``bins`` equal-count bins (its distinct values
    when it has fewer); the estimate is the between-bin sum of squares less
    its expected value under no effect, ``(SSB - (k - 1) MSW) / SST``
    (Kelley's epsilon-squared), clipped to ``[0, 1]``.
    """
    n = len(y)
    k_default = int(np.clip(round(math.sqrt(n)), 2, 50)) if bins is None else bins
    total = float(((y - y.mean()) ** 2).sum())
    out = np.zeros(x.shape[1])
    if total == 0 or n < 3:
        return out
    for i in range(x.shape[1]):
        column = x[:, i]
        distinct = np.unique(column)
        if len(distinct) <= k_default:
            labels = np.searchsorted(distinct, column)
        else:
            order = np.argsort(column, kind="stable")
            labels = np.empty(n, dtype=np.int64)
            labels[order] = np.arange(n) * k_default // n
        k = int(labels.max()) + 1
        if k < 2 or n <= k:
            continue
        counts = np.bincount(labels, minlength=k)
        means = np.bincount(labels, weights=y, minlength=k) / np.maximum(counts, 1)
        between = float((counts * (means - y.mean()) ** 2).sum())
        within = total - between
        out[i] = (between - (k - 1) * within / (n - k)) / total
    return np.clip(out, 0.0, 1.0)


def rank_regression(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Standardized rank regression coefficients and the rank regression's ``R^2``."""
    from scipy.stats import rankdata

    rx = np.column_stack([rankdata(x[:, i]) for i in range(x.shape[1])])
    ry = rankdata(y)
    sx = rx.std(axis=0)
    sy = ry.std()
    if sy == 0:
        return np.zeros(x.shape[1]), 0.0
    usable = sx > 0
    zx = (rx[:, usable] - rx[:, usable].mean(axis=0)) / sx[usable]
    zy = (ry - ry.mean()) / sy
    beta, *_ = np.linalg.lstsq(zx, zy, rcond=None)
    coefficients = np.zeros(x.shape[1])
    coefficients[usable] = beta
    fitted = zx @ beta
    r2 = 1 - float(((zy - fitted) ** 2).sum()) / float((zy**2).sum())
    return coefficients, r2


def sensitivity(
    results: pd.DataFrame,
    output: str = "margin",
    *,
    inputs: Sequence[str] | None = None,
    method: str = "binned",
    bins: int | None = None,
) -> Sensitivity:
    """Rank the parameters of a sample by how much they move an output.

    Parameters
    ----------
    results
        A table from :func:`negsim.sample` (independent draws: ``mc`` or ``lhs``).
    output
        An output column: ``margin`` (default), ``zone`` (as 0/1), ``shortfall``...
    inputs
        Parameter columns (default: those recorded in ``results.attrs``).
    method
        ``binned`` (first-order variance shares) or ``srrc`` (rank regression).
        For Sobol' indices use :func:`sobol_indices`, which builds its own design.
    bins
        Bins per parameter for ``binned`` (default ``sqrt(n)``, between 2 and 50).
    """
    if method == "sobol":
        raise NegsimError(
            "Sobol' indices need their own design of experiments: use "
            "negsim.discovery.sobol_indices(scenario, n, ...)"
        )
    if method not in ("binned", "srrc"):
        raise NegsimError(f"unknown method {method!r}; use 'binned' or 'srrc'")
    names, x, y = _xy(results, output, inputs)
    if method == "binned":
        scores = binned_first_order(x, y, bins)
        table = pd.DataFrame({"S1": scores}, index=pd.Index(names, name="parameter"))
        note = (
            "S1: share of the output's variance explained by each parameter alone "
            "(binned first-order estimate, bias-corrected); shares of independent "
            "parameters add up to at most 1, the rest is interactions and noise"
        )
        table = table.sort_values("S1", ascending=False, kind="stable")
    else:
        coefficients, r2 = rank_regression(x, y)
        table = pd.DataFrame(
            {"SRRC": coefficients, "SRRC2": coefficients**2},
            index=pd.Index(names, name="parameter"),
        )
        table = table.sort_values("SRRC2", ascending=False, kind="stable")
        note = (
            f"standardized rank regression coefficients; the rank regression explains "
            f"R2 = {r2:.2f} of the ranks' variance"
            + ("" if r2 >= 0.7 else " (low: the relation is not monotone, prefer 'binned')")
        )
    return Sensitivity(method, output, table, len(y), note)


def sobol_indices(
    scenario: Any,
    n: int,
    *,
    output: str = "margin",
    ranges: Mapping[str, Any] | None = None,
    seed: int | None = None,
    executor: Any = None,
    progress: bool = True,
) -> Sensitivity:
    """Sobol' first-order and total indices of an output, with SALib.

    Builds Saltelli's design of ``n * (m + 2)`` experiments for ``m``
    parameters over the scenario's uncertainty (or ``ranges``), runs it with
    :func:`negsim.explore.run_variants` and analyses it with
    ``SALib.analyze.sobol`` (bootstrap confidence intervals).

    Raises
    ------
    NegsimError
        When SALib is not installed (``pip install 'negsim[sensitivity]'``).
    """
    try:
        from SALib.analyze import sobol as sobol_analyze
        from SALib.sample import sobol as sobol_sample
    except ImportError:
        raise NegsimError(
            "Sobol' indices need SALib: pip install 'negsim[sensitivity]' "
            "(or use sensitivity(results, method='binned'), which needs nothing more)"
        ) from None
    from negsim.explore.runner import _as_scenario, run_variants
    from negsim.explore.sampling import new_seed, uncertain_parameters

    scenario = _as_scenario(scenario)
    specs = uncertain_parameters(scenario, ranges)
    seed = new_seed() if seed is None else int(seed)
    names = list(specs)
    problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
    unit = sobol_sample.sample(problem, n, calc_second_order=False, seed=seed)
    unit = np.clip(unit, 1e-12, 1 - 1e-12)
    values = np.column_stack([specs[p].ppf(unit[:, k]) for k, p in enumerate(names)])
    frame = run_variants(scenario, tuple(names), values, executor=executor, progress=progress)
    y = frame[output].to_numpy(dtype=float)
    if not np.isfinite(y).all():
        raise AnalysisError(
            f"the {output} is undefined in some experiments; use output='zone' or 'shortfall'"
        )
    analysis = sobol_analyze.analyze(
        problem, y, calc_second_order=False, print_to_console=False, seed=seed
    )
    table = pd.DataFrame(
        {
            "S1": analysis["S1"],
            "S1_conf": analysis["S1_conf"],
            "ST": analysis["ST"],
            "ST_conf": analysis["ST_conf"],
        },
        index=pd.Index(names, name="parameter"),
    ).sort_values("S1", ascending=False, kind="stable")
    note = (
        f"Sobol' indices (Saltelli design, {len(y):,} experiments, seed {seed}); "
        "S1 first-order, ST total effect, with 95% bootstrap half-widths"
    )
    return Sensitivity("sobol", output, table, len(y), note)


# ---------------------------------------------------------------- PRIM


@dataclass(frozen=True)
class PrimBox:
    """A box of parameter ranges found by PRIM, and how well it captures the cases.

    Attributes
    ----------
    limits
        ``{parameter: (low, high)}`` for every parameter (inclusive bounds;
        unrestricted parameters keep the data's range).
    restricted
        Parameters whose range the box narrows, in input order.
    coverage
        Share of all cases of interest that fall inside the box.
    density
        Share of the experiments inside the box that are cases of interest.
    support
        Share of all experiments inside the box.
    trajectory
        The peeling (and pasting) steps: support, density, coverage of each box.
    cases
        Which experiments are cases of interest (the target), in table order.
    """

    limits: Mapping[str, tuple[float, float]]
    restricted: tuple[str, ...]
    coverage: float
    density: float
    support: float
    n_inside: int
    n_cases: int
    target: str
    alpha: float
    min_support: float
    trajectory: pd.DataFrame = field(repr=False)
    cases: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0, dtype=bool))

    def contains(self, frame: pd.DataFrame) -> np.ndarray:
        """Which rows of ``frame`` fall inside the box."""
        inside = np.ones(len(frame), dtype=bool)
        for name in self.restricted:
            low, high = self.limits[name]
            values = frame[name].to_numpy(dtype=float)
            inside &= (values >= low) & (values <= high)
        return inside

    def to_frame(self) -> pd.DataFrame:
        rows = [
            {"parameter": n, "low": lo, "high": hi, "restricted": n in self.restricted}
            for n, (lo, hi) in self.limits.items()
        ]
        return pd.DataFrame(rows).set_index("parameter")

    def to_dict(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "limits": {n: [float(lo), float(hi)] for n, (lo, hi) in self.limits.items()},
            "restricted": list(self.restricted),
            "coverage": self.coverage,
            "density": self.density,
            "support": self.support,
            "n_inside": self.n_inside,
            "n_cases": self.n_cases,
            "alpha": self.alpha,
            "min_support": self.min_support,
            "method": "PRIM (Friedman & Fisher 1999): peeling and pasting",
        }

    def describe(self) -> str:
        if not self.restricted:
            ranges = "no parameter needs restricting"
        else:
            ranges = "; ".join(
                f"{n} in [{self.limits[n][0]:.4g}, {self.limits[n][1]:.4g}]"
                for n in self.restricted
            )
        return (
            f"{self.target} holds in {self.density:.0%} of the experiments with {ranges} "
            f"(that box holds {self.coverage:.0%} of all such cases and "
            f"{self.support:.0%} of the experiments)"
        )

    def __repr__(self) -> str:
        return f"<PrimBox {self.describe()}>"

    def _repr_html_(self) -> str:
        rows = [(n, f"[{self.limits[n][0]:.4g}, {self.limits[n][1]:.4g}]") for n in self.restricted]
        rows += [
            ("coverage", f"{self.coverage:.3f}"),
            ("density", f"{self.density:.3f}"),
            ("support", f"{self.support:.3f}"),
        ]
        return _html(f"PRIM box for {self.target}", rows)


def _target(
    frame: pd.DataFrame, target: str | Sequence[bool] | np.ndarray
) -> tuple[str, np.ndarray]:
    if isinstance(target, str):
        if target not in frame.columns:
            raise AnalysisError(f"no column {target!r} in the table")
        values = frame[target]
        name = target
    else:
        values = pd.Series(np.asarray(target))
        name = "the condition"
        if len(values) != len(frame):
            raise AnalysisError(f"the condition has {len(values)} values for {len(frame)} rows")
    y = values.to_numpy()
    if y.dtype != bool:
        if not np.isin(y, [0, 1]).all():
            raise AnalysisError(f"{name} must be true/false (or 0/1) for PRIM")
        y = y.astype(bool)
    return name, y


def prim(
    results: pd.DataFrame,
    target: str | Sequence[bool] | np.ndarray = "zone",
    *,
    inputs: Sequence[str] | None = None,
    alpha: float = 0.05,
    min_support: float = 0.05,
    paste: bool = True,
    threshold: float | None = None,
) -> PrimBox:
    """The box of parameter ranges where ``target`` holds (PRIM, Friedman & Fisher 1999).

    Peeling: starting from the box of all experiments, repeatedly remove the
    slice of ``alpha`` of the points inside, at the low or high end of one
    parameter, whose removal leaves the highest share of cases inside; stop
    when the box would hold less than ``min_support`` of all experiments.
    The box chosen from this trajectory is the densest one (or, with
    ``threshold``, the one with most coverage among those at least that
    dense). Pasting then widens it again, one ``alpha`` slice at a time,
    while that does not lower its density, and finally lifts every
    restriction whose removal does not lower it either, so the box names
    only the parameters that matter.

    Parameters
    ----------
    results
        A table of experiments.
    target
        A boolean column name (``"zone"`` by default) or a boolean array, e.g.
        ``results["margin"] < -0.05``.
    inputs
        Parameter columns (default: those recorded in ``results.attrs``).
    alpha
        Peeling (and pasting) fraction, between 0 and 0.5.
    min_support
        Smallest share of experiments the box may hold.
    paste
        Whether to paste after peeling.
    threshold
        Minimum density of the box chosen from the trajectory.
    """
    if not 0 < alpha < 0.5:
        raise AnalysisError(f"alpha must be between 0 and 0.5, got {alpha}")
    if not 0 < min_support <= 1:
        raise AnalysisError(f"min_support must be in (0, 1], got {min_support}")
    name, y = _target(results, target)
    names = list(inputs) if inputs is not None else input_columns(results)
    if not names:
        raise AnalysisError("no input columns found; name them with inputs=[...]")
    x = results[names].to_numpy(dtype=float)
    n = len(y)
    cases = int(y.sum())
    if cases == 0:
        raise AnalysisError(f"{name} never holds in these experiments: there is no box to find")
    low = x.min(axis=0)
    high = x.max(axis=0)
    inside = np.ones(n, dtype=bool)
    steps: list[dict[str, Any]] = []
    boxes: list[tuple[np.ndarray, np.ndarray]] = []

    def record(stage: str, lo: np.ndarray, hi: np.ndarray, mask: np.ndarray) -> None:
        count = int(mask.sum())
        steps.append(
            {
                "stage": stage,
                "support": count / n,
                "density": float(y[mask].mean()) if count else 0.0,
                "coverage": float(y[mask].sum()) / cases,
                "n_inside": count,
            }
        )
        boxes.append((lo.copy(), hi.copy()))

    lo, hi = low.copy(), high.copy()
    record("start", lo, hi, inside)
    minimum = max(1, math.ceil(min_support * n))
    while True:
        best = None
        for j in range(x.shape[1]):
            values = x[inside, j]
            for side in ("low", "high"):
                cut = _peel_cut(values, alpha, side)
                if cut is None:
                    continue
                keep = inside & ((x[:, j] >= cut) if side == "low" else (x[:, j] <= cut))
                count = int(keep.sum())
                if count < minimum or count == int(inside.sum()):
                    continue
                score = (float(y[keep].mean()), count)
                if best is None or score > best[0]:
                    best = (score, j, side, cut, keep)
        if best is None:
            break
        _, j, side, cut, keep = best
        if side == "low":
            lo[j] = cut
        else:
            hi[j] = cut
        inside = keep
        record("peel", lo, hi, inside)

    densities = np.array([s["density"] for s in steps])
    if threshold is not None:
        good = np.flatnonzero(densities >= threshold)
        if not len(good):
            raise AnalysisError(
                f"no box on the peeling trajectory reaches a density of {threshold:g} "
                f"(the densest reaches {densities.max():.3f})"
            )
        chosen = int(good[0])
    else:
        chosen = int(np.flatnonzero(densities == densities.max())[0])
    lo, hi = (b.copy() for b in boxes[chosen])
    inside = _inside(x, lo, hi)
    if paste:
        lo, hi, inside = _paste(x, y, lo, hi, inside, alpha, record)
        lo, hi, inside = _lift(x, y, lo, hi, low, high, record)
    count = int(inside.sum())
    restricted = tuple(names[j] for j in range(len(names)) if lo[j] > low[j] or hi[j] < high[j])
    return PrimBox(
        limits={names[j]: (float(lo[j]), float(hi[j])) for j in range(len(names))},
        restricted=restricted,
        coverage=float(y[inside].sum()) / cases,
        density=float(y[inside].mean()) if count else 0.0,
        support=count / n,
        n_inside=count,
        n_cases=cases,
        target=name,
        alpha=alpha,
        min_support=min_support,
        trajectory=pd.DataFrame(steps),
        cases=y,
    )


def _peel_cut(values: np.ndarray, alpha: float, side: str) -> float | None:
    """The new bound after peeling ``alpha`` of ``values`` off one side (``None``: cannot)."""
    if side == "low":
        cut = float(np.quantile(values, alpha))
        if cut <= values.min():
            above = values[values > values.min()]
            return float(above.min()) if len(above) else None
        return cut
    cut = float(np.quantile(values, 1 - alpha))
    if cut >= values.max():
        below = values[values < values.max()]
        return float(below.max()) if len(below) else None
    return cut


def _inside(x: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    return ((x >= lo) & (x <= hi)).all(axis=1)


def _paste(
    x: np.ndarray,
    y: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    inside: np.ndarray,
    alpha: float,
    record: Any,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Widen the box one ``alpha`` slice at a time while that raises its density."""
    while True:
        density = float(y[inside].mean())
        size = int(inside.sum())
        step = max(1, math.ceil(alpha * size))
        best = None
        for j in range(x.shape[1]):
            others = np.ones(len(y), dtype=bool)
            for k in range(x.shape[1]):
                if k != j:
                    others &= (x[:, k] >= lo[k]) & (x[:, k] <= hi[k])
            for side in ("low", "high"):
                if side == "low":
                    outside = np.sort(x[others & (x[:, j] < lo[j]), j])[::-1]
                else:
                    outside = np.sort(x[others & (x[:, j] > hi[j]), j])
                if not len(outside):
                    continue
                bound = outside[min(step, len(outside)) - 1]
                new_lo, new_hi = lo.copy(), hi.copy()
                if side == "low":
                    new_lo[j] = bound
                else:
                    new_hi[j] = bound
                mask = _inside(x, new_lo, new_hi)
                score = (float(y[mask].mean()), int(mask.sum()))
                if score[0] >= density and (best is None or score > best[0]):
                    best = (score, new_lo, new_hi, mask)
        if best is None:
            return lo, hi, inside
        _, lo, hi, inside = best
        record("paste", lo, hi, inside)


def _lift(
    x: np.ndarray,
    y: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    record: Any,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Drop restrictions, one parameter at a time, while the density does not fall."""
    inside = _inside(x, lo, hi)
    while True:
        density = float(y[inside].mean())
        best = None
        for j in range(x.shape[1]):
            if lo[j] <= low[j] and hi[j] >= high[j]:
                continue
            new_lo, new_hi = lo.copy(), hi.copy()
            new_lo[j], new_hi[j] = low[j], high[j]
            mask = _inside(x, new_lo, new_hi)
            score = (float(y[mask].mean()), int(mask.sum()))
            if score[0] >= density and (best is None or score > best[0]):
                best = (score, new_lo, new_hi, mask)
        if best is None:
            return lo, hi, inside
        _, lo, hi, inside = best
        record("lift", lo, hi, inside)


# ---------------------------------------------------------------- summary


def summarize(results: pd.DataFrame, *, confidence: float = 0.95) -> str:
    """One paragraph on a table of experiments: how often a zone exists, and what matters.

    For samples the share comes with a Wilson score interval; for sweeps it is
    the share of grid points. The most influential parameter is ranked by
    binned first-order variance shares of the margin (of the least total
    shortfall when the margin is undefined somewhere, of zone existence when
    neither varies).
    """
    n = len(results)
    kind = results.attrs.get("kind", "sample")
    name = results.attrs.get("scenario")
    head = f"{n:,} experiments" + (f" on {name!r}" if name else "")
    share = zone_probability(results, confidence=confidence)
    if kind == "sweep":
        text = (
            f"{head} (a grid): a zone of possible agreement exists at {share.successes:,} "
            f"of {n:,} grid points ({share.estimate:.1%})."
        )
    else:
        text = f"{head}: {share.describe()}."
    undefined = int(results["margin"].isna().sum()) if "margin" in results else 0
    if undefined:
        text += (
            f" In {undefined:,} of them no outcome respects every red line, so the "
            "margin is undefined whatever the numbers."
        )
    names = input_columns(results)
    varying = [c for c in names if results[c].nunique(dropna=False) > 1]
    if not varying or n < 3:
        return text
    for output in ("margin", "shortfall", "zone"):
        if output not in results:
            continue
        values = results[output].to_numpy(dtype=float)
        if not np.isfinite(values).all() or np.ptp(values) == 0:
            continue
        try:
            ranked = sensitivity(results, output, inputs=varying)
        except AnalysisError:
            continue
        return text + f" By binned first-order variance shares, {ranked.describe()}."
    return text + " No output varies across these experiments."
