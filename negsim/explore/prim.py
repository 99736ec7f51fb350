"""Scenario discovery with the Patient Rule Induction Method (PRIM).

Friedman & Fisher (1999) find a box of input ranges in which an outcome of
interest is dense; Bryant & Lempert (2010) use it to say under which
conditions a policy fails. Here the outcome is usually that a zone of possible
agreement exists (or is missing), over the parameters of a sample.

Cross-checked against EMA Workbench
-----------------------------------
``tests/explore/test_prim.py`` runs ``ema_workbench.analysis.prim``
(Kwakkel 2017; version 2.5) on the same tables, with the same peeling alpha
and minimum mass and its ``ORIGINAL`` objective (the box's density, as
here), and reads its peeling trajectory with this module's rule for
choosing a box (the first densest, or the first at least ``threshold``
dense). The boxes agree:

- 2,000 uniform draws with a known box: bounds within 0.005; support,
  density and coverage within 0.005 (one experiment);
- an 11 x 11 sweep of the bundled flagship scenario: the same grid points
  inside, so the same support, density and coverage; bounds at most half a
  grid step apart;
- 3,000 random draws of that scenario, cases ``margin < 0.01``, three
  parameters: support, density and coverage within 0.01 and bounds within
  3% of each parameter's range, for the densest box and for threshold 0.5.

What differs, and why:

- The quantile. Here a peel removes the experiments strictly below the
  alpha-quantile (linearly interpolated), Friedman & Fisher's
  ``x_j < x_j(alpha)``; on tied values (a grid) that is less than alpha, at
  least one value's slice. EMA uses sdtoolkit's quantile: it removes the
  ``floor((n - 1) alpha) + 1`` lowest values and every value tied with them,
  and puts the bound midway to the next value. On continuous data both
  remove the same experiments except when ``(n - 1) alpha`` is a whole
  number (EMA removes one more); on a grid EMA may peel two slices where
  this peels one, and its bounds lie half a step outside the grid values
  kept here.
- Equal candidates: this keeps the peel that leaves more experiments, EMA
  the one that restricts fewer parameters.
- The box and pasting: EMA peels to the minimum mass, pastes that last box
  and leaves the choice on the trajectory to its user
  (``PrimBox.select``); this chooses first, pastes the chosen box and then
  lifts restrictions that do not lower its density. EMA's default
  objective, ``LENIENT1`` (gain in density per experiment removed), gives
  other trajectories.
- Small noisy samples: with 600 draws and boxes of some 30 experiments, a
  one-experiment difference early on steers the trajectories apart (the
  densities at equal support stay within 0.1), and the chosen boxes differ.
- Categorical parameters: EMA peels them a category at a time; here
  parameters take numbers (booleans as 0 and 1, which for two levels is the
  same peel) and :func:`prim` refuses parameters that hold words.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from negsim.errors import AnalysisError
from negsim.explore.runner import input_columns

__all__ = [
    "PrimBox",
    "Record",
    "html_table",
    "prim",
    "require_numbers",
    "takes_numbers",
]


def html_table(title: str, rows: Sequence[tuple[str, str]]) -> str:
    """A titled two-column HTML table of ``(label, value)`` rows, for ``_repr_html_``."""
    cells = "".join(
        f"<tr><th style='text-align:left'>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
        for k, v in rows
    )
    return f"<div><strong>{html.escape(title)}</strong><table>{cells}</table></div>"


def takes_numbers(column: pd.Series) -> bool:
    """Whether a parameter column holds numbers (booleans count as 0 and 1).

    Examples
    --------
    >>> import pandas as pd
    >>> from negsim.explore.prim import takes_numbers
    >>> takes_numbers(pd.Series([0.1, 0.2])), takes_numbers(pd.Series([True, False]))
    (True, True)
    >>> takes_numbers(pd.Series(["land <= some"]))
    False
    """
    try:
        column.to_numpy(dtype=float)
    except (TypeError, ValueError):
        return False
    return True


def require_numbers(results: pd.DataFrame, names: Sequence[str]) -> None:
    """Refuse, with an :class:`AnalysisError`, parameter columns that hold words (rules, names).

    Examples
    --------
    >>> import pandas as pd
    >>> from negsim.explore.prim import require_numbers
    >>> table = pd.DataFrame({"parties.a.no_deal": [0.1, 0.2], "rule": ["x >= 1", "x >= 2"]})
    >>> require_numbers(table, ["parties.a.no_deal"])
    >>> require_numbers(table, ["parties.a.no_deal", "rule"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    negsim.errors.AnalysisError: rule does not take numbers; choose numeric parameters ...
    """
    words = [c for c in names if c in results.columns and not takes_numbers(results[c])]
    if words:
        raise AnalysisError(
            f"{words[0]} does not take numbers; choose numeric parameters (inputs=[...])"
        )


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

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from negsim.explore.prim import prim
    >>> x, y = (a.ravel() for a in np.meshgrid(np.linspace(0, 1, 11), np.linspace(0, 1, 11)))
    >>> box = prim(pd.DataFrame({"a.x": x, "a.y": y, "zone": x < 0.35}), inputs=["a.x", "a.y"])
    >>> box  # doctest: +NORMALIZE_WHITESPACE
    <PrimBox zone holds in 100% of the experiments with a.x in [0, 0.3] (that box holds
      100% of all such cases and 36% of the experiments)>
    >>> round(box.support, 4), box.limits["a.y"]
    (0.3636, (0.0, 1.0))
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
        return html_table(f"PRIM box for {self.target}", rows)


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

    Examples
    --------
    On an 11 x 11 grid a zone exists when ``x < 0.35``, whatever ``y``; PRIM
    finds the box ``x`` in ``[0, 0.3]`` and leaves ``y`` free:

    >>> import numpy as np, pandas as pd
    >>> from negsim.explore.prim import prim
    >>> x, y = (a.ravel() for a in np.meshgrid(np.linspace(0, 1, 11), np.linspace(0, 1, 11)))
    >>> table = pd.DataFrame({"a.x": x, "a.y": y, "zone": x < 0.35})
    >>> box = prim(table, inputs=["a.x", "a.y"])
    >>> box.restricted, [round(v, 4) for v in box.limits["a.x"]]
    (('a.x',), [0.0, 0.3])
    >>> box.density, box.coverage
    (1.0, 1.0)
    """
    if not 0 < alpha < 0.5:
        raise AnalysisError(f"alpha must be between 0 and 0.5, got {alpha}")
    if not 0 < min_support <= 1:
        raise AnalysisError(f"min_support must be in (0, 1], got {min_support}")
    name, y = _target(results, target)
    names = list(inputs) if inputs is not None else input_columns(results)
    if not names:
        raise AnalysisError("no input columns found; name them with inputs=[...]")
    require_numbers(results, names)
    x = results[names].to_numpy(dtype=float)
    if not y.any():
        raise AnalysisError(f"{name} never holds in these experiments: there is no box to find")
    low, high = x.min(axis=0), x.max(axis=0)
    trajectory = _Trajectory(y)
    trajectory.record("start", low, high, np.ones(len(y), dtype=bool))
    _peel(x, y, low, high, alpha, max(1, math.ceil(min_support * len(y))), trajectory.record)
    lo, hi = trajectory.chosen(threshold)
    inside = _inside(x, lo, hi)
    if paste:
        lo, hi, inside = _paste(x, y, lo, hi, inside, alpha, trajectory.record)
        lo, hi, inside = _lift(x, y, lo, hi, low, high, trajectory.record)
    count, cases = int(inside.sum()), int(y.sum())
    return PrimBox(
        limits={names[j]: (float(lo[j]), float(hi[j])) for j in range(len(names))},
        restricted=tuple(names[j] for j in range(len(names)) if lo[j] > low[j] or hi[j] < high[j]),
        coverage=float(y[inside].sum()) / cases,
        density=float(y[inside].mean()) if count else 0.0,
        support=count / len(y),
        n_inside=count,
        n_cases=cases,
        target=name,
        alpha=alpha,
        min_support=min_support,
        trajectory=pd.DataFrame(trajectory.steps),
        cases=y,
    )


Record = Callable[[str, np.ndarray, np.ndarray, np.ndarray], None]
"""Called with each new box of a run: its stage, bounds and membership mask."""


class _Trajectory:
    """The boxes of one PRIM run in order, with the support, density and coverage of each."""

    def __init__(self, y: np.ndarray) -> None:
        self.y = y
        self.cases = int(y.sum())
        self.steps: list[dict[str, Any]] = []
        self.boxes: list[tuple[np.ndarray, np.ndarray]] = []

    def record(self, stage: str, lo: np.ndarray, hi: np.ndarray, mask: np.ndarray) -> None:
        count = int(mask.sum())
        self.steps.append(
            {
                "stage": stage,
                "support": count / len(self.y),
                "density": float(self.y[mask].mean()) if count else 0.0,
                "coverage": float(self.y[mask].sum()) / self.cases,
                "n_inside": count,
            }
        )
        self.boxes.append((lo.copy(), hi.copy()))

    def chosen(self, threshold: float | None) -> tuple[np.ndarray, np.ndarray]:
        """The densest box so far or, with ``threshold``, the first at least that dense."""
        densities = np.array([s["density"] for s in self.steps])
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
        lo, hi = self.boxes[chosen]
        return lo.copy(), hi.copy()


def _peel(
    x: np.ndarray,
    y: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    alpha: float,
    minimum: int,
    record: Record,
) -> None:
    """Peel the box of all experiments down while at least ``minimum`` of them stay inside."""
    lo, hi = low.copy(), high.copy()
    inside = np.ones(len(y), dtype=bool)
    while (best := _best_peel(x, y, inside, alpha, minimum)) is not None:
        j, side, cut, inside = best
        if side == "low":
            lo[j] = cut
        else:
            hi[j] = cut
        record("peel", lo, hi, inside)


def _best_peel(
    x: np.ndarray, y: np.ndarray, inside: np.ndarray, alpha: float, minimum: int
) -> tuple[int, str, float, np.ndarray] | None:
    """The peel leaving the highest density (then the most points): parameter, side, new
    bound and membership mask; ``None`` when no peel keeps ``minimum`` points inside."""
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
    return None if best is None else best[1:]


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
    return np.all((x >= lo) & (x <= hi), axis=1)


def _widest_densest(
    x: np.ndarray,
    y: np.ndarray,
    boxes: Iterator[tuple[np.ndarray, np.ndarray]],
    density: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Of candidate boxes ``(lo, hi)``, the densest (then the largest) whose density is at
    least ``density``, with its membership mask; ``None`` when no candidate qualifies."""
    best = None
    for lo, hi in boxes:
        mask = _inside(x, lo, hi)
        score = (float(y[mask].mean()), int(mask.sum()))
        if score[0] >= density and (best is None or score > best[0]):
            best = (score, lo, hi, mask)
    return None if best is None else best[1:]


def _paste(
    x: np.ndarray,
    y: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    inside: np.ndarray,
    alpha: float,
    record: Record,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Widen the box one ``alpha`` slice at a time while its density does not fall."""

    def widened(step: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
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
                yield new_lo, new_hi

    while True:
        step = max(1, math.ceil(alpha * int(inside.sum())))
        best = _widest_densest(x, y, widened(step), float(y[inside].mean()))
        if best is None:
            return lo, hi, inside
        lo, hi, inside = best
        record("paste", lo, hi, inside)


def _lift(
    x: np.ndarray,
    y: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    record: Record,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Drop restrictions, one parameter at a time, while the density does not fall."""

    def lifted() -> Iterator[tuple[np.ndarray, np.ndarray]]:
        for j in range(x.shape[1]):
            if lo[j] <= low[j] and hi[j] >= high[j]:
                continue
            new_lo, new_hi = lo.copy(), hi.copy()
            new_lo[j], new_hi[j] = low[j], high[j]
            yield new_lo, new_hi

    inside = _inside(x, lo, hi)
    while True:
        best = _widest_densest(x, y, lifted(), float(y[inside].mean()))
        if best is None:
            return lo, hi, inside
        lo, hi, inside = best
        record("lift", lo, hi, inside)
