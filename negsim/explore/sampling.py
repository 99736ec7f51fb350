"""Designs of experiments over uncertain parameters.

A design is ``n`` points of the unit cube ``[0, 1)^m``, drawn up front from
one seed; each column is mapped to its parameter's distribution with the
inverse cumulative distribution function (:meth:`Uncertain.ppf`). Three
samplers:

- ``mc``: independent uniform draws (``numpy.random.default_rng(seed)``);
- ``lhs``: Latin hypercube sampling (McKay, Beckman & Conover 1979), one point
  in each of ``n`` equal slices of every axis;
- ``sobol``: a scrambled Sobol' sequence (Sobol' 1967; Owen 1998), a
  low-discrepancy design whose balance properties hold when ``n`` is a power of 2.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import numpy as np

from negsim.errors import NegsimError, ScenarioError
from negsim.scenario.format import Scenario

if TYPE_CHECKING:
    from scipy.stats.qmc import QMCEngine
from negsim.scenario.uncertainty import Uncertain, as_uncertain, path_problem

__all__ = [
    "SAMPLERS",
    "draw",
    "new_seed",
    "uncertain_parameters",
    "unit_design",
]

SAMPLERS = ("mc", "lhs", "sobol")

_EDGE = 1e-12
"""Unit-cube points are kept this far from 0 and 1, where unbounded distributions are infinite."""


def new_seed() -> int:
    """A fresh seed from the operating system's entropy, to record with a run.

    Examples
    --------
    >>> from negsim.explore.sampling import new_seed
    >>> seed = new_seed()
    >>> isinstance(seed, int) and seed >= 0
    True
    """
    entropy = np.random.SeedSequence().entropy
    if not isinstance(entropy, int):  # drawn from the operating system when none is given
        raise NegsimError("the operating system gave no entropy for a seed")
    return entropy


def _qmc_engine(kind: Callable[..., QMCEngine], m: int, rng: np.random.Generator) -> QMCEngine:
    try:
        return kind(d=m, rng=rng)
    except TypeError:  # scipy before 1.15 names the argument ``seed``
        return kind(d=m, seed=rng)


def unit_design(sampler: str, n: int, m: int, seed: int) -> np.ndarray:
    """``n`` points of ``[0, 1)^m`` from ``sampler``, reproducible from ``seed``.

    Raises
    ------
    NegsimError
        For an unknown sampler or ``n < 1``.

    Examples
    --------
    A Latin hypercube puts one point in each quarter of every axis:

    >>> import numpy as np
    >>> from negsim.explore import unit_design
    >>> design = unit_design("lhs", 4, 2, seed=7)
    >>> design.shape
    (4, 2)
    >>> np.sort(np.floor(design * 4), axis=0).tolist()
    [[0.0, 0.0], [1.0, 1.0], [2.0, 2.0], [3.0, 3.0]]
    >>> bool((unit_design("lhs", 4, 2, seed=7) == design).all())
    True
    """
    if sampler not in SAMPLERS:
        raise NegsimError(f"unknown sampler {sampler!r}; use one of {', '.join(SAMPLERS)}")
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise NegsimError(
            f"the number of experiments must be a whole number of at least 1, got {n!r}"
        )
    rng = np.random.default_rng(seed)
    if m == 0:
        return np.empty((n, 0))
    if sampler == "mc":
        points = rng.random((n, m))
    else:
        from scipy.stats import qmc

        engine = _qmc_engine(qmc.LatinHypercube if sampler == "lhs" else qmc.Sobol, m, rng)
        with warnings.catch_warnings():
            # our own warning below says the same thing in negsim's words
            warnings.simplefilter("ignore", UserWarning)
            points = engine.random(n)
        if sampler == "sobol" and n & (n - 1):
            warnings.warn(
                f"Sobol' designs are balanced when n is a power of 2; {n} is not "
                f"(the nearest are {1 << (n.bit_length() - 1)} and {1 << n.bit_length()})",
                UserWarning,
                stacklevel=3,
            )
    return np.clip(points, _EDGE, 1 - _EDGE)


def uncertain_parameters(
    scenario: Scenario, ranges: Mapping[str, object] | None = None
) -> dict[str, Uncertain]:
    """The uncertain parameters of a run: ``ranges`` if given, else the scenario's section.

    Parameters
    ----------
    ranges
        ``{path: [lo, hi] | {range: [lo, hi]} | {dist: name, ...} | Uncertain}``.

    Raises
    ------
    ScenarioError
        When a path does not hold a number of the scenario or a range is invalid.
    NegsimError
        When there is nothing to sample.

    Examples
    --------
    >>> import negsim
    >>> from negsim.explore.sampling import uncertain_parameters
    >>> s = negsim.load('''
    ... negsim: 1
    ... name: Water talks
    ... issues:
    ...   share: {kind: continuous, range: [0, 100], unit: "% to Alpha", grid: 11}
    ... parties:
    ...   alpha: {no_deal: 0.3, utility: {share: {weight: 1, points: [[0, 0], [100, 1]]}}}
    ...   beta: {no_deal: 0.4, utility: {share: {weight: 1, points: [[0, 1], [100, 0]]}}}
    ... uncertainty:
    ...   parties.beta.no_deal: {dist: triang, c: 0.5, loc: 0.3, scale: 0.2}
    ... ''')
    >>> uncertain_parameters(s)
    {'parties.beta.no_deal': Uncertain(triang(c=0.5, loc=0.3, scale=0.2))}
    >>> uncertain_parameters(s, {"parties.alpha.no_deal": [0.2, 0.4]})
    {'parties.alpha.no_deal': Uncertain(uniform on [0.2, 0.4])}
    >>> uncertain_parameters(s, {"issues.share.unit": [0, 1]})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    negsim.errors.ScenarioError: <ranges>: issues.share.unit: this path holds text, not a number...
    """
    if ranges is None:
        specs = dict(scenario.uncertainty)
        if not specs:
            raise NegsimError(
                f"scenario {scenario.name!r} declares no uncertainty; give ranges= "
                "({path: [lo, hi], ...}) or add an 'uncertainty' section"
            )
        return specs
    specs = {}
    data = scenario.to_data()
    for path, value in ranges.items():
        try:
            spec = as_uncertain(value)
        except ValueError as exc:
            raise ScenarioError(str(exc), file="<ranges>", field=path) from None
        problem = path_problem(data, path, spec)
        if problem:
            raise ScenarioError(problem, file="<ranges>", field=path)
        specs[path] = spec
    if not specs:
        raise NegsimError("ranges is empty: give at least one {path: [lo, hi]}")
    return specs


def draw(specs: Mapping[str, Uncertain], n: int, *, sampler: str, seed: int) -> np.ndarray:
    """Values of every parameter in every experiment, shape ``(n, len(specs))``.

    Examples
    --------
    Each column of the unit design is mapped through its parameter's
    distribution; a uniform range on ``[0.2, 0.6]`` gets one value in each
    tenth of it:

    >>> import numpy as np
    >>> from negsim.explore import draw
    >>> from negsim.scenario import Uncertain
    >>> specs = {"parties.alpha.no_deal": Uncertain(range=(0.2, 0.6))}
    >>> values = draw(specs, 10, sampler="lhs", seed=1)
    >>> values.shape
    (10, 1)
    >>> sorted(np.floor((values[:, 0] - 0.2) / 0.04).astype(int).tolist())
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    """
    unit = unit_design(sampler, n, len(specs), seed)
    columns = [spec.ppf(unit[:, k]) for k, spec in enumerate(specs.values())]
    return np.stack(columns, axis=1) if columns else np.empty((n, 0))
