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
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from negsim.common.provenance import Provenance
from negsim.common.serialize import fields_jsonable, to_jsonable
from negsim.errors import AnalysisError, NegsimError
from negsim.explore.prim import PrimBox, html_table, prim, require_numbers, takes_numbers
from negsim.explore.runner import input_columns

if TYPE_CHECKING:
    from pathlib import Path

    from negsim.explore.executors import ExecutorLike
    from negsim.scenario.format import Scenario

__all__ = [
    "PrimBox",
    "Sensitivity",
    "ZoneProbability",
    "binned_first_order",
    "input_columns",
    "prim",
    "rank_regression",
    "sensitivity",
    "sobol_indices",
    "summarize",
    "wilson_interval",
    "zone_probability",
]


# ---------------------------------------------------------------- probability of a zone

WILSON = Provenance("Wilson score interval", exact=False)
"""How :func:`zone_probability` decides: an estimate with a score interval (Wilson 1927)."""


@dataclass(frozen=True)
class ZoneProbability:
    """The share of experiments in which a zone exists, with a Wilson score interval.

    ``provenance``: an estimate (not exact) by the Wilson score interval;
    ``method`` reads it.

    Examples
    --------
    >>> from negsim.explore.discovery import zone_probability
    >>> p = zone_probability([True, False, True, True])
    >>> p.successes, p.n, p.estimate, round(p.low, 4), round(p.high, 4)
    (3, 4, 0.75, 0.3006, 0.9544)
    """

    successes: int
    n: int
    estimate: float
    low: float
    high: float
    confidence: float
    provenance: Provenance = field(default=WILSON, repr=False)

    @property
    def method(self) -> str:
        return self.provenance.method

    def describe(self) -> str:
        return (
            f"a zone of possible agreement exists in {self.successes:,} of {self.n:,} "
            f"experiments ({self.estimate:.1%}; {self.confidence:.0%} interval "
            f"{self.low:.1%} to {self.high:.1%}, Wilson score)"
        )

    def to_dict(self) -> dict[str, Any]:
        return {**fields_jsonable(self, exclude=("provenance",)), "method": self.method}

    def __repr__(self) -> str:
        return f"<ZoneProbability {self.describe()}>"

    def _repr_html_(self) -> str:
        return html_table(
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
    """Wilson (1927) score interval of a binomial proportion.

    Examples
    --------
    8 successes in 10 trials:

    >>> from negsim.explore.discovery import wilson_interval
    >>> [round(x, 4) for x in wilson_interval(8, 10)]
    [0.4902, 0.9433]

    Unlike the normal approximation, the interval is not empty at 0 of 10:

    >>> [round(x, 4) for x in wilson_interval(0, 10)]
    [0.0, 0.2775]
    """
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

    Examples
    --------
    >>> from negsim.explore.discovery import zone_probability
    >>> zone_probability([True] * 8 + [False] * 2)  # doctest: +NORMALIZE_WHITESPACE
    <ZoneProbability a zone of possible agreement exists in 8 of 10 experiments
      (80.0%; 95% interval 49.0% to 94.3%, Wilson score)>
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
    provenance
        ``method`` ``binned``, ``srrc`` or ``sobol`` (estimates, not exact),
        and a ``note`` on what the numbers mean and how far to trust them;
        ``method`` and ``note`` read it.
    output
        The output column analysed.
    table
        One row per parameter, most influential first; columns depend on the method
        (``S1`` for ``binned``; ``SRRC`` and ``SRRC2`` for ``srrc``; ``S1``,
        ``S1_conf``, ``ST``, ``ST_conf`` for ``sobol``).
    n
        Experiments used.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from negsim.explore.discovery import sensitivity
    >>> x, y = (a.ravel() for a in np.meshgrid(np.linspace(0, 1, 11), np.linspace(0, 1, 11)))
    >>> table = pd.DataFrame({"a.x": x, "a.y": y, "margin": 2 * x + y})
    >>> ranks = sensitivity(table, inputs=["a.x", "a.y"], method="srrc")
    >>> ranks.table["SRRC"].round(4).to_dict()
    {'a.x': 0.9012, 'a.y': 0.4227}
    >>> print(ranks.note)  # doctest: +NORMALIZE_WHITESPACE
    standardized rank regression coefficients; the rank regression explains
    R2 = 0.99 of the ranks' variance
    """

    provenance: Provenance
    output: str
    table: pd.DataFrame = field(repr=False)
    n: int

    @property
    def method(self) -> str:
        return self.provenance.method

    @property
    def note(self) -> str:
        return self.provenance.note or ""

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
            "parameters": to_jsonable(self.table.to_dict(orient="index")),
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


def _estimate(method: str, note: str) -> Provenance:
    return Provenance(method, exact=False, note=note)


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
    require_numbers(frame, names)
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

    Examples
    --------
    On an 11 x 11 grid, ``y = 0.3 - x`` owes all its variance to ``x``, and
    ``x + y`` about half to each (a little less after the bias correction):

    >>> import numpy as np
    >>> from negsim.explore.discovery import binned_first_order
    >>> a, b = (v.ravel() for v in np.meshgrid(np.linspace(0, 1, 11), np.linspace(0, 1, 11)))
    >>> x = np.column_stack([a, b])
    >>> binned_first_order(x, 0.3 - a).round(4).tolist()
    [1.0, 0.0]
    >>> binned_first_order(x, a + b).round(4).tolist()
    [0.4545, 0.4545]
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
    """Standardized rank regression coefficients and the rank regression's ``R^2``.

    Examples
    --------
    >>> import numpy as np
    >>> from negsim.explore.discovery import rank_regression
    >>> a, b = (v.ravel() for v in np.meshgrid(np.linspace(0, 1, 11), np.linspace(0, 1, 11)))
    >>> coefficients, r2 = rank_regression(np.column_stack([a, b]), 2 * a + b)
    >>> coefficients.round(4).tolist(), round(r2, 4)
    ([0.9012, 0.4227], 0.9908)
    """
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

    Examples
    --------
    On a grid of two parameters where the margin depends on ``x`` only, all
    its variance is explained by ``x``:

    >>> import numpy as np, pandas as pd
    >>> from negsim.explore.discovery import sensitivity
    >>> x, y = (a.ravel() for a in np.meshgrid(np.linspace(0, 1, 11), np.linspace(0, 1, 11)))
    >>> table = pd.DataFrame({"a.x": x, "a.y": y, "margin": 0.3 - x})
    >>> sensitivity(table, inputs=["a.x", "a.y"])
    <Sensitivity of margin (binned, n=121)
      a.x: 1.000
      a.y: 0.000>
    """
    if method == "sobol":
        raise NegsimError(
            "Sobol' indices need their own design of experiments: use "
            "negsim.explore.discovery.sobol_indices(scenario, n, ...)"
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
    return Sensitivity(_estimate(method, note), output, table, len(y))


def sobol_indices(
    scenario: Scenario | str | Path,
    n: int,
    *,
    output: str = "margin",
    ranges: Mapping[str, Any] | None = None,
    seed: int | None = None,
    executor: ExecutorLike = None,
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

    Examples
    --------
    The margin of the water talks is about (1 - a - b) / 2 for no-deal values
    a and b; uniform on widths 0.4 and 0.05 they share its variance
    as 0.4**2 : 0.05**2, about 0.985 : 0.015:

    >>> import negsim
    >>> from negsim.scenario.examples import water_talks
    >>> s = water_talks(grid=101)
    >>> from negsim.explore.discovery import sobol_indices
    >>> ranges = {"parties.alpha.no_deal": [0.1, 0.5], "parties.beta.no_deal": [0.35, 0.4]}
    >>> indices = sobol_indices(s, 64, ranges=ranges, seed=3, progress=False)
    >>> indices.n, indices.table["S1"].round(1).to_dict()
    (256, {'parties.alpha.no_deal': 1.0, 'parties.beta.no_deal': 0.0})
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
    return Sensitivity(_estimate("sobol", note), output, table, len(y))


# ---------------------------------------------------------------- summary


def summarize(results: pd.DataFrame, *, confidence: float = 0.95) -> str:
    """One paragraph on a table of experiments: how often a zone exists, and what matters.

    For samples the share comes with a Wilson score interval; for sweeps it is
    the share of grid points. The most influential parameter is ranked by
    binned first-order variance shares of the margin (of the least total
    shortfall when the margin is undefined somewhere, of zone existence when
    neither varies).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from negsim.explore.discovery import summarize
    >>> x, y = (a.ravel() for a in np.meshgrid(np.linspace(0, 1, 11), np.linspace(0, 1, 11)))
    >>> table = pd.DataFrame({"a.x": x, "a.y": y, "zone": x < 0.35, "margin": 0.3 - x})
    >>> table.attrs.update(kind="sweep", parameters=["a.x", "a.y"])
    >>> print(summarize(table))  # doctest: +NORMALIZE_WHITESPACE
    121 experiments (a grid): a zone of possible agreement exists at 44 of 121 grid points (36.4%).
    By binned first-order variance shares, the parameter that matters most for the margin is a.x
    (S1 = 1.00, binned estimate from 121 experiments).
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
    numeric = [c for c in varying if takes_numbers(results[c])]
    if not numeric or n < 3:
        return text
    among = "" if len(numeric) == len(varying) else " among the parameters that take numbers"
    for output in ("margin", "shortfall", "zone"):
        if output not in results:
            continue
        values = results[output].to_numpy(dtype=float)
        if not np.isfinite(values).all() or np.ptp(values) == 0:
            continue
        try:
            ranked = sensitivity(results, output, inputs=numeric)
        except AnalysisError:
            continue
        return text + f" By binned first-order variance shares{among}, {ranked.describe()}."
    return text + " No output varies across these experiments."
