"""Timing helpers and plain numpy floors shared by the benchmarks.

A floor is the least work that gives the same answer as negsim from the same
arrays: it is what a ratio is taken against. Every floor here takes the
compiled utility matrix ``U`` (outcomes x parties), the no-deal values ``d``
and the red-line masks (red lines x outcomes) and passes over them column by
column. For the zone a second form, one row-wise comparison of ``U`` then the
red lines, is timed too, and the faster of the two is the floor: column by
column wins with few parties, the row-wise pass with many.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Timing:
    """The first (cold) call and the median of the calls after it (warm).

    Attributes
    ----------
    cold
        Seconds of the first call.
    warm
        Median seconds of the later calls (the cold time when there was one call).
    runs
        Calls timed, the cold one included.
    median
        Median seconds of all the calls, the cold one included.
    result
        What the last call returned.
    """

    cold: float
    warm: float
    runs: int
    median: float
    result: Any


def timing(call: Callable[[], Any], runs: int) -> Timing:
    """Time ``call`` ``runs`` times; the first is reported apart as the cold call.

    Parameters
    ----------
    call
        What to time, with no arguments.
    runs
        Calls in all (at least one).

    Returns
    -------
    Timing
        Cold seconds, warm median seconds, the number of runs and the last result.
    """
    times, result = [], None
    for _ in range(max(1, runs)):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    warm = statistics.median(times[1:]) if len(times) > 1 else times[0]
    return Timing(times[0], warm, len(times), statistics.median(times), result)


def median_time(call: Callable[[], Any], runs: int) -> float:
    """Median seconds of ``runs`` calls of ``call``, the first included."""
    return statistics.median(_times(call, runs))


def _times(call: Callable[[], Any], runs: int) -> list[float]:
    times = []
    for _ in range(max(1, runs)):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return times


def zone_floor(utility: np.ndarray, no_deal: np.ndarray, masks: np.ndarray) -> np.ndarray:
    """Outcomes every party accepts and every red line allows, one column at a time.

    Parameters
    ----------
    utility
        ``U``, shape ``(n_outcomes, n_parties)``.
    no_deal
        ``d``, shape ``(n_parties,)``.
    masks
        ``masks[r, i]`` is True when outcome ``i`` respects red line ``r``.

    Returns
    -------
    numpy.ndarray
        The zone as a boolean mask, shape ``(n_outcomes,)``.
    """
    inside = utility[:, 0] >= no_deal[0]
    for p in range(1, utility.shape[1]):
        inside &= utility[:, p] >= no_deal[p]
    for mask in masks:
        inside &= mask
    return inside


def zone_floor_rowwise(utility: np.ndarray, no_deal: np.ndarray, masks: np.ndarray) -> np.ndarray:
    """The same zone as :func:`zone_floor`, comparing whole rows of ``U`` at once."""
    inside = (utility >= no_deal).all(axis=1)
    for mask in masks:
        inside &= mask
    return inside


def zone_floors(
    utility: np.ndarray, no_deal: np.ndarray, masks: np.ndarray, runs: int
) -> tuple[float, str, bool]:
    """Median seconds of the faster zone floor, its name, and whether both forms agree."""
    forms = {"column-wise": zone_floor, "row-wise": zone_floor_rowwise}
    counts = {np.count_nonzero(f(utility, no_deal, masks)) for f in forms.values()}
    times = {
        name: median_time(lambda f=f: np.count_nonzero(f(utility, no_deal, masks)), runs)
        for name, f in forms.items()
    }
    fastest = min(times, key=times.__getitem__)
    return times[fastest], fastest, len(counts) == 1


def margin_floor(
    utility: np.ndarray, no_deal: np.ndarray, masks: np.ndarray
) -> tuple[float | None, int | None]:
    """``max_i min_p (U[i, p] - d[p])`` over outcomes allowed by every red line, and its row.

    Returns
    -------
    (value, index)
        ``(None, None)`` when no outcome respects every red line.
    """
    worst = utility[:, 0] - no_deal[0]
    for p in range(1, utility.shape[1]):
        np.minimum(worst, utility[:, p] - no_deal[p], out=worst)
    allowed = np.ones(len(worst), dtype=bool)
    for mask in masks:
        allowed &= mask
    if not allowed.any():
        return None, None
    worst[~allowed] = -np.inf
    index = int(np.argmax(worst))
    return float(worst[index]), index


def pairwise_floor(
    utility: np.ndarray, no_deal: np.ndarray, masks: np.ndarray, owners: list[int]
) -> np.ndarray:
    """Outcomes acceptable to both parties of each pair, counted pair by pair.

    Parameters
    ----------
    owners
        The party (column of ``utility``) of each red line.

    Returns
    -------
    numpy.ndarray
        ``counts[p, q]``, shape ``(n_parties, n_parties)``.
    """
    n_parties = utility.shape[1]
    accept = [utility[:, p] >= no_deal[p] for p in range(n_parties)]
    for mask, owner in zip(masks, owners, strict=True):
        accept[owner] &= mask
    counts = np.zeros((n_parties, n_parties), dtype=np.int64)
    for p in range(n_parties):
        for q in range(p, n_parties):
            counts[p, q] = counts[q, p] = np.count_nonzero(accept[p] & accept[q])
    return counts


def verdict(ratio: float, goal: float) -> str:
    """``met`` or ``not met (ratio x)`` against a ratio no larger than ``goal``."""
    return "met" if ratio <= goal else f"not met ({ratio:.3g}x)"
