"""The ``uncertainty`` section of a scenario: what is not known, and how unknown.

A scenario may declare, for any number in it, the range or probability
distribution an analyst believes it lies in::

    uncertainty:
      parties.ukraine.no_deal: {range: [0.2, 0.5]}
      parties.russia.no_deal.war.cost: {dist: triang, c: 0.5, loc: 0.1, scale: 0.3}
      parties.eu.utility.guarantee.weight: {dist: beta, a: 2, b: 5}

Keys are the dotted paths of :meth:`negsim.Scenario.with_`. A ``range`` is a
uniform distribution on ``[lo, hi]``; ``dist`` names one of a fixed list of
``scipy.stats`` distributions (:data:`DISTRIBUTIONS`) with its shape
parameters and optional ``loc``/``scale``, in scipy's parametrisation.
Sampling maps points of the unit cube through each distribution's inverse
cumulative distribution function (:meth:`Uncertain.ppf`), so Monte Carlo,
Latin hypercube and Sobol designs all share one code path (the approach of
the EMA Workbench; Kwakkel 2017).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated, Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from negsim.scenario.paths import get_path

__all__ = [
    "DISTRIBUTIONS",
    "FiniteFloat",
    "Uncertain",
    "as_uncertain",
    "field_bounds",
    "path_problem",
]

FiniteFloat = Annotated[float, Field(allow_inf_nan=False, strict=True)]


@dataclass(frozen=True)
class _DistInfo:
    shapes: tuple[str, ...]
    says: str


DISTRIBUTIONS: dict[str, _DistInfo] = {
    "uniform": _DistInfo((), "uniform on [loc, loc + scale]"),
    "norm": _DistInfo((), "normal with mean loc and standard deviation scale"),
    "truncnorm": _DistInfo(
        ("a", "b"), "normal truncated to [loc + a*scale, loc + b*scale] (a, b in sd units)"
    ),
    "beta": _DistInfo(("a", "b"), "beta(a, b) on [loc, loc + scale]"),
    "triang": _DistInfo(("c",), "triangular on [loc, loc + scale], mode at loc + c*scale"),
    "lognorm": _DistInfo(("s",), "log-normal with shape s"),
    "gamma": _DistInfo(("a",), "gamma with shape a"),
    "expon": _DistInfo((), "exponential from loc with mean scale"),
}
"""The ``scipy.stats`` distributions a scenario may name, with their shape parameters."""

_PARAMETERS = ("a", "b", "c", "s", "loc", "scale")


def _scipy_distribution(name: str) -> Any:
    """The ``scipy.stats`` object of a whitelisted name (never looked up by attribute name)."""
    from scipy import stats

    table = {
        "uniform": stats.uniform,
        "norm": stats.norm,
        "truncnorm": stats.truncnorm,
        "beta": stats.beta,
        "triang": stats.triang,
        "lognorm": stats.lognorm,
        "gamma": stats.gamma,
        "expon": stats.expon,
    }
    return table[name]


class Uncertain(BaseModel):
    """An uncertain number: ``{range: [lo, hi]}`` or ``{dist: name, <parameters>}``.

    A bare ``[lo, hi]`` list is read as ``{range: [lo, hi]}``.

    Examples
    --------
    >>> from negsim.scenario import Uncertain
    >>> Uncertain(range=(0.2, 0.6))
    Uncertain(uniform on [0.2, 0.6])
    >>> triangle = Uncertain(dist="triang", c=0.5, loc=0, scale=1)
    >>> triangle.support, triangle.ppf([0.5]).tolist()
    ((0.0, 1.0), [0.5])
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    range: tuple[FiniteFloat, FiniteFloat] | None = None
    dist: str | None = None
    a: FiniteFloat | None = None
    b: FiniteFloat | None = None
    c: FiniteFloat | None = None
    s: FiniteFloat | None = None
    loc: FiniteFloat | None = None
    scale: FiniteFloat | None = None
    says: Annotated[str, Field(max_length=4000)] = ""

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return {"range": value}
        return value

    @model_validator(mode="after")
    def _check(self) -> Uncertain:
        given = [name for name in _PARAMETERS if getattr(self, name) is not None]
        if (self.range is None) == (self.dist is None):
            raise ValueError("give either 'range: [lo, hi]' or 'dist: <name>' with its parameters")
        if self.range is not None:
            if given:
                raise ValueError(
                    f"a 'range' takes no distribution parameters (got {', '.join(given)})"
                )
            low, high = self.range
            if not low < high:
                raise ValueError(f"range must go from low to high, got [{low:g}, {high:g}]")
            return self
        info = DISTRIBUTIONS.get(self.dist or "")
        if info is None:
            raise ValueError(
                f"unknown distribution {self.dist!r}; use one of {', '.join(DISTRIBUTIONS)}"
            )
        allowed = (*info.shapes, "loc", "scale")
        extra = [name for name in given if name not in allowed]
        if extra:
            raise ValueError(f"{self.dist} takes {', '.join(allowed)}; not {', '.join(extra)}")
        missing = [name for name in info.shapes if getattr(self, name) is None]
        if missing:
            raise ValueError(f"{self.dist} needs {', '.join(missing)}")
        problem = _parameter_problem(self)
        if problem:
            raise ValueError(problem)
        return self

    # ------------------------------------------------------------ use

    @property
    def shapes(self) -> tuple[float, ...]:
        info = DISTRIBUTIONS[self.dist or ""]
        return tuple(float(getattr(self, name)) for name in info.shapes)

    def _frozen(self) -> Any:
        loc = 0.0 if self.loc is None else self.loc
        scale = 1.0 if self.scale is None else self.scale
        return _scipy_distribution(self.dist or "")(*self.shapes, loc=loc, scale=scale)

    def ppf(self, u: np.ndarray) -> np.ndarray:
        """Map probabilities ``u`` in (0, 1) to values (inverse cumulative distribution)."""
        u = np.asarray(u, dtype=float)
        if self.range is not None:
            low, high = self.range
            return low + u * (high - low)
        return np.asarray(self._frozen().ppf(u), dtype=float)

    @property
    def support(self) -> tuple[float, float]:
        """The smallest and largest value the distribution can take (may be infinite)."""
        if self.range is not None:
            return self.range
        low, high = self._frozen().support()
        return float(low), float(high)

    def describe(self) -> str:
        """A short human description, e.g. ``uniform on [0.2, 0.5]``."""
        if self.range is not None:
            return f"uniform on [{self.range[0]:g}, {self.range[1]:g}]"
        names = (*DISTRIBUTIONS[self.dist or ""].shapes, "loc", "scale")
        parts = [f"{n}={getattr(self, n):g}" for n in names if getattr(self, n) is not None]
        return f"{self.dist}({', '.join(parts)})"

    def __repr__(self) -> str:
        return f"Uncertain({self.describe()})"

    def to_data(self) -> dict[str, Any]:
        """Plain data that validates back to an equal :class:`Uncertain`."""
        return self.model_dump(exclude_none=True, exclude_defaults=True)


def _parameter_problem(spec: Uncertain) -> str | None:
    name = spec.dist
    if spec.scale is not None and spec.scale <= 0:
        return f"{name}: scale must be positive, got {spec.scale:g}"
    # each distribution's own parameters were checked present before this, so the
    # comparisons below meet numbers, not None
    if name == "beta" and not (spec.a > 0 and spec.b > 0):  # type: ignore[operator]
        return f"beta: a and b must be positive, got a={spec.a:g}, b={spec.b:g}"
    if name == "truncnorm" and not spec.a < spec.b:  # type: ignore[operator]
        return f"truncnorm: a must be below b, got a={spec.a:g}, b={spec.b:g}"
    if name == "triang" and not 0 <= spec.c <= 1:  # type: ignore[operator]
        return f"triang: c must be between 0 and 1, got {spec.c:g}"
    if name == "lognorm" and not spec.s > 0:  # type: ignore[operator]
        return f"lognorm: s must be positive, got {spec.s:g}"
    if name == "gamma" and not spec.a > 0:  # type: ignore[operator]
        return f"gamma: a must be positive, got {spec.a:g}"
    return None


def as_uncertain(value: Any) -> Uncertain:
    """Read ``[lo, hi]``, a mapping, or an :class:`Uncertain` as an :class:`Uncertain`.

    Raises
    ------
    ValueError
        With the first problem, in one line.

    Examples
    --------
    >>> from negsim.scenario.uncertainty import as_uncertain
    >>> as_uncertain([0.2, 0.6]).describe()
    'uniform on [0.2, 0.6]'
    >>> as_uncertain({"dist": "norm", "loc": 0.3, "scale": 0.05}).support
    (-inf, inf)
    >>> as_uncertain([0.6, 0.2])
    Traceback (most recent call last):
    ...
    ValueError: range must go from low to high, got [0.6, 0.2]
    """
    if isinstance(value, Uncertain):
        return value
    from pydantic import ValidationError

    try:
        return Uncertain.model_validate(value)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in error["loc"])
        message = str(error["msg"]).removeprefix("Value error, ")
        raise ValueError(f"{where}: {message}" if where else message) from None


def field_bounds(path: str) -> tuple[float, float]:
    """Bounds the scenario schema puts on the number at ``path``.

    Examples
    --------
    >>> from negsim.scenario.uncertainty import field_bounds
    >>> field_bounds("parties.alpha.utility.land.weight"), field_bounds("parties.alpha.no_deal")
    ((0.0, inf), (-inf, inf))
    """
    parts = path.split(".")
    last = parts[-1]
    if last == "p" and "lottery" in parts:
        return 0.0, 1.0
    if last in ("weight", "cost"):
        return 0.0, math.inf
    return -math.inf, math.inf


def path_problem(data: Any, path: str, spec: Uncertain) -> str | None:
    """Why ``spec`` cannot describe the number at ``path`` of ``data``, or ``None``.

    Examples
    --------
    >>> from negsim.scenario.uncertainty import as_uncertain, path_problem
    >>> data = {"parties": {"a": {"no_deal": 0.3, "utility": {"x": {"weight": 1}}}}}
    >>> path_problem(data, "parties.a.no_deal", as_uncertain([0.2, 0.6])) is None
    True
    >>> path_problem(data, "parties.a.utility.x.weight", as_uncertain([-1, 1]))
    'uniform on [-1, 1] reaches values in [-1, 1] but weight must lie in [0, inf]'
    """
    try:
        value = get_path(data, path)
    except LookupError as exc:
        return str(exc)
    if isinstance(value, bool) or not isinstance(value, int | float):
        kind = {dict: "a mapping", list: "a list", str: "text", bool: "true/false"}.get(
            type(value), type(value).__name__
        )
        return f"this path holds {kind}, not a number; only numbers can be uncertain"
    low, high = spec.support
    lower, upper = field_bounds(path)
    if low < lower or high > upper:
        return (
            f"{spec.describe()} reaches values in [{low:g}, {high:g}] but {path.split('.')[-1]} "
            f"must lie in [{lower:g}, {upper:g}]"
        )
    return None
