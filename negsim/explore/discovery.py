"""Answers on top of a table of experiments: how likely a zone is, what matters, and where.

- :func:`zone_probability`: the share of experiments with a zone of possible
  agreement, with a Wilson (1927) score confidence interval.
- :func:`sensitivity`: which parameters matter most for an output, from a
  table of random draws (:func:`negsim.sample`), by SALib's given-data
  estimators (the optional extra ``negsim[sensitivity]``):

  * ``rbd_fast`` (default): the first-order index
    ``S1 = Var(E[Y | X_i]) / Var(Y)`` by random balance designs read off the
    sample (Tarantola et al. 2006; Plischke 2010, EASI), with the bias
    correction of Tissot & Prieur (2012);
  * ``delta``: Borgonovo's (2007) moment-independent delta and S1 from the
    same data, by the estimators of Plischke, Borgonovo & Smith (2013);

  or by ``srrc``, standardized rank regression coefficients (Iman & Conover
  1979; Saltelli et al. 2008), which need nothing beyond numpy. When a
  measure means nothing for the table (a grid rather than random draws, too
  few experiments, a parameter that barely varies, a constant output) the
  table and the text say ``not meaningful: <reason>`` instead of a number.
- :func:`sobol_indices`: Sobol' first-order and total indices (Sobol' 2001;
  Saltelli 2002) with SALib, on Saltelli's design built for them.
- :func:`prim`: scenario discovery with the Patient Rule Induction Method
  (Friedman & Fisher 1999; Bryant & Lempert 2010): the box of parameter
  ranges in which a zone exists, found by peeling and pasting, with its
  coverage and density.
"""

from __future__ import annotations

import html
import math
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import ModuleType
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
    "DELTA_MIN_OUTPUT_VALUES",
    "METHODS",
    "MIN_DISTINCT_SHARE",
    "MIN_ROWS",
    "NOT_MEANINGFUL",
    "RBD_HARMONICS",
    "PrimBox",
    "Sensitivity",
    "ZoneProbability",
    "input_columns",
    "not_meaningful",
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

METHODS = ("rbd_fast", "delta", "srrc")
"""The estimators :func:`sensitivity` offers on a given table (Sobol' needs its own design)."""

GIVEN_DATA = ("rbd_fast", "delta")

NOT_MEANINGFUL = "not meaningful"
"""How the table and the text begin the reason an index is not given."""

RBD_HARMONICS = 10
"""Harmonics RBD-FAST sums over (SALib's default ``M``)."""

MIN_ROWS: Mapping[str, int] = {"rbd_fast": 20 * RBD_HARMONICS, "delta": 100, "srrc": 10}
"""Fewest experiments for which each estimator gives a meaningful number.

``rbd_fast``: its bias correction removes ``2 M / N`` of the unexplained
variance (Tissot & Prieur 2012) and its bootstrap uses half the rows, so with
fewer than ``20 M`` rows the correction in each resample exceeds a fifth.
``delta``: SALib resamples each parameter evenly from 10 bins of its range
and refuses bins of fewer than 10 rows. ``srrc``: a regression needs more
rows than coefficients; 10 (and two more than the parameters) is a floor.
"""

MIN_DISTINCT_SHARE = 0.9
"""Share of experiments in which a parameter must take a value of its own.

The given-data estimators order the experiments along each parameter
(RBD-FAST reads the output as a signal in that order; delta cuts it into
classes of equal size by rank). Tied values have no order, so a parameter
drawn from a continuous distribution, which differs in every experiment,
qualifies; one with a few levels does not.
"""

DELTA_MIN_OUTPUT_VALUES = 10
"""Fewest distinct output values for delta, which compares kernel density estimates."""

_LABELS = {
    "rbd_fast": "RBD-FAST",
    "delta": "the delta estimator",
    "srrc": "rank regression",
    "sobol": "Sobol' analysis",
}


@dataclass(frozen=True)
class Sensitivity:
    """How much each parameter matters for an output.

    Attributes
    ----------
    provenance
        ``method`` ``rbd_fast``, ``delta``, ``srrc`` or ``sobol`` (estimates,
        not exact), and a ``note`` on what the numbers mean and how far to
        trust them; ``method`` and ``note`` read it.
    output
        The output column analysed.
    table
        One row per parameter, the influential first; columns depend on the
        method (``S1``, ``S1_conf`` for ``rbd_fast``; ``delta``,
        ``delta_conf``, ``S1``, ``S1_conf`` for ``delta``; ``SRRC`` and
        ``SRRC2`` for ``srrc``; ``S1``, ``S1_conf``, ``ST``, ``ST_conf`` for
        ``sobol``; ``_conf`` columns are 95% bootstrap half-widths). The
        ``status`` column says ``estimated``, or ``not meaningful: <reason>``
        where the numbers are missing (NaN) because the estimator cannot
        give one for this table.
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
        return {"srrc": "SRRC2", "delta": "delta"}.get(self.method, "S1")

    @property
    def ranking(self) -> list[str]:
        """Parameters with a meaningful index, from most to least influential."""
        return list(self.table.index[self.table["status"] == "estimated"])

    @property
    def meaningful(self) -> bool:
        """Whether any parameter has a meaningful index."""
        return bool(self.ranking)

    @property
    def most_influential(self) -> str | None:
        return self.ranking[0] if self.ranking else None

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
        top = self.most_influential
        if top is not None:
            value = float(self.table[self.score_column].to_numpy(dtype=float)[0])
            return (
                f"the parameter that matters most for the {self.output} is {top} "
                f"({self.score_column} = {value:.2f}, {self.method} estimate "
                f"from {self.n:,} experiments)"
            )
        reasons = list(dict.fromkeys(self.table["status"]))
        if len(reasons) == 1:
            return f"the sensitivity of the {self.output} to {self._parameters()} is {reasons[0]}"
        each = "; ".join(f"{name}: {status}" for name, status in self.table["status"].items())
        return (
            f"the sensitivity of the {self.output} is {NOT_MEANINGFUL} for any parameter ({each})"
        )

    def _parameters(self) -> str:
        names = list(self.table.index)
        if len(names) > 4:
            return f"its {len(names)} parameters"
        return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"

    def __repr__(self) -> str:
        lines = [f"<Sensitivity of {self.output} ({self.method}, n={self.n:,})"]
        for name, row in self.table.iterrows():
            value = row[self.score_column]
            lines.append(f"  {name}: {row['status'] if pd.isna(value) else f'{value:.3f}'}")
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


def not_meaningful(method: str, x: np.ndarray, y: np.ndarray, *, kind: str = "sample") -> list[str]:
    """Why each parameter's index would mean nothing for this table (``""`` where it would).

    A reason for every parameter: the output is constant; the table is a
    grid (``kind="sweep"``) while the given-data estimators assume random
    draws; fewer experiments than :data:`MIN_ROWS`; for ``delta``, fewer
    than :data:`DELTA_MIN_OUTPUT_VALUES` output values. A reason for one
    parameter: it does not vary or, for the given-data estimators, takes its
    own value in less than :data:`MIN_DISTINCT_SHARE` of the experiments.

    Examples
    --------
    >>> import numpy as np
    >>> from negsim.explore.discovery import not_meaningful
    >>> x = np.random.default_rng(1).random((300, 2))
    >>> not_meaningful("rbd_fast", x, x[:, 0])
    ['', '']
    >>> not_meaningful("rbd_fast", x[:6], x[:6, 0])[0]
    'not meaningful: 6 experiments, fewer than the 200 RBD-FAST needs'
    >>> x[:, 1] = np.repeat([0.0, 0.5, 1.0], 100)
    >>> not_meaningful("rbd_fast", x, x[:, 0])[1]  # doctest: +NORMALIZE_WHITESPACE
    'not meaningful: 3 distinct values in 300 experiments; RBD-FAST orders the
     experiments along the parameter and needs its own value in at least 90% of them'
    """
    common = _common_reason(method, y, kind, x.shape[1])
    if common:
        return [common] * x.shape[1]
    return [_parameter_reason(method, x[:, i]) for i in range(x.shape[1])]


def _common_reason(method: str, y: np.ndarray, kind: str, parameters: int) -> str:
    label = _LABELS[method]
    if len(y) == 0 or np.ptp(y) == 0:
        return f"{NOT_MEANINGFUL}: the output is the same in every experiment"
    if kind == "sweep" and method in GIVEN_DATA:
        return (
            f"{NOT_MEANINGFUL}: a grid is not a random sample, and {label} assumes random "
            "draws (use negsim sample, or sobol_indices)"
        )
    least = max(MIN_ROWS[method], parameters + 2) if method == "srrc" else MIN_ROWS.get(method, 0)
    if len(y) < least:
        return f"{NOT_MEANINGFUL}: {len(y):,} experiments, fewer than the {least} {label} needs"
    values = len(np.unique(y))
    if method == "delta" and values < DELTA_MIN_OUTPUT_VALUES:
        return (
            f"{NOT_MEANINGFUL}: the output takes {values} values; delta compares kernel density "
            f"estimates of a continuous output (at least {DELTA_MIN_OUTPUT_VALUES} values)"
        )
    return ""


def _parameter_reason(method: str, column: np.ndarray) -> str:
    distinct = len(np.unique(column))
    if distinct < 2:
        return f"{NOT_MEANINGFUL}: the parameter does not vary"
    if method in GIVEN_DATA and distinct < MIN_DISTINCT_SHARE * len(column):
        return (
            f"{NOT_MEANINGFUL}: {distinct:,} distinct values in {len(column):,} experiments; "
            f"{_LABELS[method]} orders the experiments along the parameter and needs its own "
            f"value in at least {MIN_DISTINCT_SHARE:.0%} of them"
        )
    return ""


def _salib(kind: str, name: str) -> ModuleType:
    """``SALib.<kind>.<name>``, or a :class:`NegsimError` naming the extra that installs it."""
    try:
        return __import__(f"SALib.{kind}.{name}", fromlist=["analyze"])
    except ImportError:
        raise NegsimError(
            "sensitivity indices need SALib: pip install 'negsim[sensitivity]' "
            "(or use sensitivity(results, method='srrc'), which needs nothing more)"
        ) from None


@contextmanager
def _quietly() -> Iterator[None]:
    """Run SALib without its warnings and without leaving its global seed or warning format."""
    # SALib's delta seeds numpy's global generator
    state = np.random.get_state()  # noqa: NPY002
    formatter = warnings.formatwarning
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        np.random.set_state(state)  # noqa: NPY002
        warnings.formatwarning = formatter


def _problem(m: int) -> dict[str, Any]:
    return {"num_vars": m, "names": [f"x{i}" for i in range(m)], "bounds": [[0.0, 1.0]] * m}


def rbd_fast_indices(x: np.ndarray, y: np.ndarray, *, seed: int, resamples: int) -> pd.DataFrame:
    """First-order indices by RBD-FAST on given data, with SALib's ``rbd_fast.analyze``.

    The experiments are ordered along each parameter in a zigzag, and the
    share of the output's spectrum in the first :data:`RBD_HARMONICS`
    frequencies estimates ``S1`` (Tarantola, Gatelli & Mara 2006; Plischke
    2010), less its bias (Tissot & Prieur 2012); ``S1_conf`` is a 95%
    bootstrap half-width over half-size resamples.
    """
    analyze = _salib("analyze", "rbd_fast").analyze
    with _quietly():
        result = analyze(
            _problem(x.shape[1]), x, y, M=RBD_HARMONICS, num_resamples=resamples, seed=seed
        )
    return pd.DataFrame({"S1": result["S1"], "S1_conf": result["S1_conf"]}, dtype=float)


def delta_indices(x: np.ndarray, y: np.ndarray, *, seed: int, resamples: int) -> pd.DataFrame:
    """Borgonovo's delta and first-order indices on given data, with SALib's ``delta.analyze``.

    ``delta`` (Borgonovo 2007) is half the expected L1 distance between the
    output's density and its density given the parameter, estimated from
    classes of equal size by rank with kernel densities and bias-reduced by
    the bootstrap (Plischke, Borgonovo & Smith 2013; SALib's ``delta_raw``,
    the data resampled as they are); ``S1`` is the between-class share of
    the variance on the same classes (SALib computes it on one bootstrap
    resample of the rows). ``_conf`` are 95% bootstrap half-widths. Slow:
    ``resamples`` kernel density passes per parameter.
    """
    analyze = _salib("analyze", "delta").analyze
    with _quietly():
        result = analyze(
            _problem(x.shape[1]), x, y, num_resamples=resamples, seed=seed, method="all"
        )
    columns = {
        "delta": "delta_raw",
        "delta_conf": "delta_raw_conf",
        "S1": "S1",
        "S1_conf": "S1_conf",
    }
    return pd.DataFrame({ours: result[theirs] for ours, theirs in columns.items()}, dtype=float)


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


def _srrc(x: np.ndarray, y: np.ndarray) -> tuple[pd.DataFrame, str]:
    coefficients, r2 = rank_regression(x, y)
    note = (
        f"standardized rank regression coefficients; the rank regression explains "
        f"R2 = {r2:.2f} of the ranks' variance"
        + ("" if r2 >= 0.7 else " (low: the relation is not monotone, prefer 'rbd_fast')")
    )
    return pd.DataFrame({"SRRC": coefficients, "SRRC2": coefficients**2}), note


def _ranked(
    names: Sequence[str], scores: pd.DataFrame, reasons: Sequence[str], score: str
) -> pd.DataFrame:
    """One row per parameter: ``scores`` where meaningful, NaN and the reason elsewhere,
    the highest ``score`` first and the parameters without one last."""
    table = pd.DataFrame(np.nan, index=pd.Index(names, name="parameter"), columns=scores.columns)
    estimated = [name for name, reason in zip(names, reasons, strict=True) if not reason]
    table.loc[estimated, :] = scores.to_numpy(dtype=float)
    table["status"] = [reason or "estimated" for reason in reasons]
    return table.sort_values(score, ascending=False, kind="stable", na_position="last")


_NOTES = {
    "rbd_fast": (
        "S1: share of the output's variance explained by each parameter alone (RBD-FAST "
        "on the given sample, SALib; Tarantola et al. 2006, Plischke 2010, bias-corrected "
        "after Tissot & Prieur 2012), with 95% bootstrap half-widths; shares of independent "
        "parameters add up to at most 1, the rest is interactions; the bias correction can "
        "leave a parameter without effect slightly below 0"
    ),
    "delta": (
        "delta: Borgonovo's moment-independent importance (0 none, 1 the output is a "
        "function of the parameter alone), and S1, the first-order variance share, both "
        "from the given sample (Plischke, Borgonovo & Smith 2013, SALib), with 95% "
        "bootstrap half-widths"
    ),
}


def sensitivity(
    results: pd.DataFrame,
    output: str = "margin",
    *,
    inputs: Sequence[str] | None = None,
    method: str = "rbd_fast",
    seed: int = 1,
    resamples: int = 100,
) -> Sensitivity:
    """Rank the parameters of a sample by how much they move an output.

    Parameters
    ----------
    results
        A table from :func:`negsim.sample` (random draws: ``lhs``, ``mc``,
        ``sobol``). On a sweep the given-data estimators are not meaningful:
        they assume random draws.
    output
        An output column: ``margin`` (default), ``zone`` (as 0/1), ``shortfall``...
    inputs
        Parameter columns (default: those recorded in ``results.attrs``).
    method
        ``rbd_fast`` (first-order indices, the default), ``delta`` (Borgonovo's
        delta and first-order indices; slow) or ``srrc`` (rank regression,
        without SALib). For Sobol' indices use :func:`sobol_indices`, which
        builds its own design.
    seed
        Seed of SALib's bootstrap (and, for ``delta``, of its resampling), a
        positive integer.
    resamples
        Bootstrap resamples for the confidence half-widths (and, for ``delta``,
        the bias reduction).

    Raises
    ------
    NegsimError
        For ``rbd_fast`` and ``delta`` when SALib is not installed
        (``pip install 'negsim[sensitivity]'``) and some index is meaningful.

    Examples
    --------
    On 1,000 random draws of two parameters where the margin depends on
    ``x`` only, all its variance is explained by ``x``:

    >>> import numpy as np, pandas as pd
    >>> from negsim.explore.discovery import sensitivity
    >>> x, y = np.random.default_rng(3).random((2, 1000))
    >>> table = pd.DataFrame({"a.x": x, "a.y": y, "margin": 0.3 - x})
    >>> sensitivity(table, inputs=["a.x", "a.y"]).table["S1"].round(1).to_dict()
    {'a.x': 1.0, 'a.y': 0.0}

    Six points of a one-parameter sweep say nothing about variance shares:

    >>> six = pd.DataFrame({"a.x": np.linspace(0, 1, 6), "margin": np.linspace(0.3, -0.7, 6)})
    >>> six.attrs.update(kind="sweep", parameters=["a.x"])
    >>> sensitivity(six)  # doctest: +NORMALIZE_WHITESPACE
    <Sensitivity of margin (rbd_fast, n=6)
      a.x: not meaningful: a grid is not a random sample, and RBD-FAST assumes random
      draws (use negsim sample, or sobol_indices)>
    """
    if method == "sobol":
        raise NegsimError(
            "Sobol' indices need their own design of experiments: use "
            "negsim.explore.discovery.sobol_indices(scenario, n, ...)"
        )
    if method not in METHODS:
        raise NegsimError(f"unknown method {method!r}; use one of {', '.join(METHODS)}")
    if seed < 1:
        raise AnalysisError(f"seed must be a positive integer, got {seed}")
    names, x, y = _xy(results, output, inputs)
    reasons = not_meaningful(method, x, y, kind=results.attrs.get("kind", "sample"))
    usable = x[:, [not reason for reason in reasons]]
    if method == "srrc":
        scores, note = _srrc(usable, y) if usable.shape[1] else (pd.DataFrame(), "")
        scores = scores.reindex(columns=["SRRC", "SRRC2"])
        note = note or "standardized rank regression coefficients"
    else:
        estimate = rbd_fast_indices if method == "rbd_fast" else delta_indices
        columns = (
            ["S1", "S1_conf"] if method == "rbd_fast" else ["delta", "delta_conf", "S1", "S1_conf"]
        )
        scores = (
            estimate(usable, y, seed=seed, resamples=resamples)
            if usable.shape[1]
            else pd.DataFrame(columns=columns)
        )
        note = f"{_NOTES[method]} (seed {seed}, {resamples} resamples)"
    score = {"srrc": "SRRC2", "delta": "delta"}.get(method, "S1")
    table = _ranked(names, scores, reasons, score)
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

    Builds Saltelli's (2002) design of ``n * (m + 2)`` experiments for ``m``
    parameters over the scenario's uncertainty (or ``ranges``), runs it with
    :func:`negsim.explore.run_variants` and analyses it with
    ``SALib.analyze.sobol`` (bootstrap confidence intervals). When the output
    is the same in every experiment every index is ``not meaningful``.

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
    sobol_analyze = _salib("analyze", "sobol")
    sobol_sample = _salib("sample", "sobol")
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
    reasons = [_common_reason("sobol", y, "sample", len(names))] * len(names)
    columns = ["S1", "S1_conf", "ST", "ST_conf"]
    scores = pd.DataFrame(columns=columns)
    if not reasons[0]:
        with _quietly():
            analysis = sobol_analyze.analyze(
                problem, y, calc_second_order=False, print_to_console=False, seed=seed
            )
        scores = pd.DataFrame({c: analysis[c] for c in columns}, dtype=float)
    note = (
        f"Sobol' indices (Saltelli design, {len(y):,} experiments, seed {seed}); "
        "S1 first-order, ST total effect, with 95% bootstrap half-widths"
    )
    table = _ranked(names, scores, reasons, "S1")
    return Sensitivity(_estimate("sobol", note), output, table, len(y))


# ---------------------------------------------------------------- summary


def summarize(results: pd.DataFrame, *, confidence: float = 0.95) -> str:
    """One paragraph on a table of experiments: how often a zone exists, and what matters.

    For samples the share comes with a Wilson score interval; for sweeps it is
    the share of grid points. The most influential parameter is ranked by
    RBD-FAST first-order indices (SALib) of the margin (of the least total
    shortfall when the margin is undefined somewhere, of zone existence when
    neither varies); where they are not meaningful (a grid, too few
    experiments) the paragraph says so and why.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from negsim.explore.discovery import summarize
    >>> x, y = (a.ravel() for a in np.meshgrid(np.linspace(0, 1, 11), np.linspace(0, 1, 11)))
    >>> table = pd.DataFrame({"a.x": x, "a.y": y, "zone": x < 0.35, "margin": 0.3 - x})
    >>> table.attrs.update(kind="sweep", parameters=["a.x", "a.y"])
    >>> print(summarize(table))  # doctest: +NORMALIZE_WHITESPACE
    121 experiments (a grid): a zone of possible agreement exists at 44 of 121 grid points (36.4%).
    The sensitivity of the margin to a.x and a.y is not meaningful: a grid is not a random
    sample, and RBD-FAST assumes random draws (use negsim sample, or sobol_indices).
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
        except NegsimError as missing:
            return f"{text} {_sentence(str(missing))}"
        if ranked.meaningful:
            return text + f" By RBD-FAST first-order indices{among}, {ranked.describe()}."
        return f"{text} {_sentence((among.strip() + ', ' if among else '') + ranked.describe())}"
    return text + " No output varies across these experiments."


def _sentence(clause: str) -> str:
    return clause[:1].upper() + clause[1:] + "."
