"""Run experiments on a scenario: grids of parameter values and samples of uncertainty.

Both entry points return one tidy :class:`pandas.DataFrame`, one row per
experiment, with the inputs (one column per dotted path) and the outputs:

=====================  =====================================================
column                 meaning
=====================  =====================================================
``zone``               a zone of possible agreement exists
``margin``             ``max_x min_p (u_p(x) - d_p)`` over outcomes ``x`` that
                       respect every red line; NaN when none does
``zone_size``          outcomes in the zone
``shortfall``          least total shortfall ``min_x sum_p max(0, d_p - u_p(x))``
                       over outcomes respecting every red line (0 with a zone)
``shortfall_<party>``  each party's shortfall at that least concession
``nash``               the Nash bargaining solution on the zone's enumerated
                       outcomes (continuous issues on their grid), as a deal
                       (``issue=value, ...``); missing without one
``nash_index``         its outcome index in the variant's outcome space
``equilibria``         equilibria of the scenario's first game (only when asked
                       for with ``outputs=[..., "equilibria"]``)
=====================  =====================================================

``df.attrs`` records the negsim version, a hash of the scenario, the seed and
sampler (for samples) and how each parameter was applied.

Given ``checkpoint=FOLDER``, a run keeps each finished chunk in that folder
(:mod:`negsim.explore.checkpoints`); the same run given the same folder after
an interruption computes only the chunks missing, and returns the table an
uninterrupted run gives.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import threading
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import pandas as pd

from negsim.common.serialize import to_python
from negsim.common.words import outcome_text
from negsim.errors import NegsimError, ScenarioError
from negsim.explore.checkpoints import (
    Checkpoint,
    open_checkpoint,
    remove_checkpoint,
    stored_identity,
)
from negsim.explore.engine import FastEngine
from negsim.explore.executors import ExecutorLike, map_chunks, worker_count
from negsim.explore.measures import check_outputs, first_game, measure_model
from negsim.explore.parameters import Parameter, classify_all, variant_changes
from negsim.explore.sampling import draw, new_seed, uncertain_parameters
from negsim.model.compile import Model, compile_scenario
from negsim.scenario.format import Scenario
from negsim.scenario.loading import load

if TYPE_CHECKING:
    from pandas.api.extensions import ExtensionArray

__all__ = [
    "MAX_EXPERIMENTS",
    "check_experiments",
    "Plan",
    "input_columns",
    "run_chunk",
    "run_variants",
    "sample",
    "scenario_hash",
    "sweep",
]

MAX_EXPERIMENTS = 1_000_000
"""Experiments one sweep or sample may ask for unless told otherwise (``max_experiments``):
about 100 bytes a row in the table, so the default keeps a run near 100 MB."""

FAST_CHUNK = 4096
SLOW_CHUNK = 16
CHECKPOINT_CHUNKS = 100
"""Chunks a checkpointed run is split into (fewer when chunks would exceed their cap):
a fixed number, so that the same request is split the same way on any executor."""


OUTPUT_COLUMNS = (
    "zone",
    "margin",
    "zone_size",
    "shortfall",
    "nash",
    "nash_index",
    "equilibria",
    "seed",
    "scenario_hash",
)


def check_experiments(n: int, limit: int | None) -> None:
    """Refuse, before any work, a request for more than ``limit`` experiments.

    Examples
    --------
    >>> from negsim.explore.runner import check_experiments
    >>> from negsim.errors import NegsimError
    >>> check_experiments(1_000_000, 1_000_000)  # at the limit: fine
    >>> try:
    ...     check_experiments(10**30, 1_000_000)
    ... except NegsimError as error:
    ...     print(str(error).split(";")[0])
    1,000,000,000,000,000,000,000,000,000,000 experiments asked for
    """
    if limit is not None and n > limit:
        raise NegsimError(
            f"{n:,} experiments asked for; the limit is {limit:,} (raise it with "
            "max_experiments=, or --max-experiments on the command line)"
        )


def input_columns(frame: pd.DataFrame) -> list[str]:
    """The parameter columns of an experiment table (dotted paths, as recorded in its attrs).

    Examples
    --------
    >>> import negsim
    >>> from negsim.scenario.examples import water_talks
    >>> s = water_talks()
    >>> from negsim.explore.runner import input_columns
    >>> df = negsim.sweep(s, {"parties.alpha.no_deal": [0.3, 0.7]}, progress=False)
    >>> input_columns(df)
    ['parties.alpha.no_deal']
    """
    recorded = frame.attrs.get("parameters")
    if recorded:
        return [c for c in recorded if c in frame.columns]
    return [
        c
        for c in frame.columns
        if c not in OUTPUT_COLUMNS and not str(c).startswith("shortfall_") and "." in str(c)
    ]


def scenario_hash(scenario: Scenario) -> str:
    """A short SHA-256 of the scenario's canonical JSON: equal scenarios, equal hashes.

    Examples
    --------
    >>> from negsim.scenario.examples import water_talks
    >>> s = water_talks()
    >>> from negsim.explore import scenario_hash
    >>> len(scenario_hash(s)), scenario_hash(s.with_({})) == scenario_hash(s)
    (16, True)
    >>> scenario_hash(s.with_({"parties.beta.no_deal": 0.5})) == scenario_hash(s)
    False
    """
    text = json.dumps(scenario.to_data(), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _as_scenario(scenario: Scenario | str | Path) -> Scenario:
    return scenario if isinstance(scenario, Scenario) else load(scenario)


# ---------------------------------------------------------------- plans run in workers


@dataclass(frozen=True)
class Plan:
    """What every chunk of a run needs; pickled to worker processes."""

    scenario: Scenario
    paths: tuple[str, ...]
    outputs: tuple[str, ...]
    key: str

    @property
    def params(self) -> tuple[Parameter, ...]:
        return _params(self.key, self.scenario, self.paths)


_T = TypeVar("_T")

_CACHE_LIMIT = 8
_cache: dict[tuple[Hashable, ...], Any] = {}
_lock = threading.Lock()


def _cached(key: tuple[Hashable, ...], build: Callable[[], _T]) -> _T:
    with _lock:
        if key in _cache:
            return _cache[key]
    value = build()
    with _lock:
        if len(_cache) >= _CACHE_LIMIT:
            _cache.pop(next(iter(_cache)))
        _cache[key] = value
    return value


def _params(key: str, scenario: Scenario, paths: tuple[str, ...]) -> tuple[Parameter, ...]:
    return _cached(("params", key, paths), lambda: classify_all(scenario, paths))


def _engine(plan: Plan, scenario: Scenario, params: tuple[Parameter, ...], tag: str) -> FastEngine:
    key = ("engine", plan.key, tag, tuple(p.path for p in params), plan.outputs)
    return _cached(key, lambda: FastEngine(scenario, params, plan.outputs))


def run_chunk(task: tuple[Plan, np.ndarray | list[tuple[Any, ...]]]) -> dict[str, np.ndarray]:
    """Measures of one chunk of variants (rows of values, one column per path)."""
    plan, rows = task
    params = plan.params
    if all(p.fast for p in params):
        engine = _engine(plan, plan.scenario, params, "")
        return _named_deals(engine.evaluate(np.asarray(rows, dtype=float)), engine.model)
    return _run_mixed(plan, params, list(rows))


def _named_deals(measures: dict[str, np.ndarray], model: Model) -> dict[str, np.ndarray]:
    """Add ``nash_deal``: the Nash solution's outcome in words, decoded in its variant's space."""
    if "nash" in measures:
        found, where = np.unique(measures["nash"], return_inverse=True)
        words = np.array(
            [outcome_text(model.decode(int(i))) if i >= 0 else "" for i in found], dtype=object
        )
        measures["nash_deal"] = words[where.reshape(-1)]
    return measures


def _run_mixed(
    plan: Plan, params: tuple[Parameter, ...], rows: list[Sequence[Any]]
) -> dict[str, np.ndarray]:
    """Variants that change structure: one compile per distinct structure, numbers batched."""
    structural = [k for k, p in enumerate(params) if not p.fast]
    fast = [k for k, p in enumerate(params) if p.fast]
    groups: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        key = json.dumps([row[k] for k in structural], sort_keys=True, default=repr)
        groups.setdefault(key, []).append(i)
    pieces: list[tuple[list[int], dict[str, np.ndarray]]] = []
    for key, members in groups.items():
        first = rows[members[0]]
        result = None
        if _groupable(params):
            result = _run_group(
                plan, params, structural, fast, key, first, [rows[i] for i in members]
            )
        if result is None:
            result = _stack([_run_one(plan, params, rows[i]) for i in members])
        pieces.append((members, result))
    n = len(rows)
    out: dict[str, np.ndarray] = {}
    for members, result in pieces:
        for name, values in result.items():
            if name not in out:
                out[name] = np.empty((n, *values.shape[1:]), dtype=values.dtype)
            out[name][members] = values
    return out


def _groupable(params: tuple[Parameter, ...]) -> bool:
    """Structure changes can be applied first only if they do not reach a varied number's party."""
    touched = {p.party for p in params if p.fast}
    for p in params:
        if not p.fast:
            parts = p.path.split(".")
            if parts[0] == "parties" and (len(parts) < 2 or parts[1] in touched):
                return False
    return True


def _run_group(
    plan: Plan,
    params: tuple[Parameter, ...],
    structural: list[int],
    fast: list[int],
    key: str,
    first: Sequence[Any],
    rows: list[Sequence[Any]],
) -> dict[str, np.ndarray] | None:
    def build() -> tuple[Scenario, tuple[Parameter, ...]] | None:
        try:
            changed = plan.scenario.with_({params[k].path: to_python(first[k]) for k in structural})
            again = classify_all(changed, tuple(params[k].path for k in fast))
        except ScenarioError:
            return None
        return (changed, again) if all(p.fast for p in again) else None

    built = _cached(("group", plan.key, key, plan.paths), build)
    if built is None:
        return None
    changed, again = built
    if not again:
        model = compile_scenario(changed)
        return _stack([_named_deals(measure_model(model, plan.outputs), model)] * len(rows))
    engine = _engine(plan, changed, again, key)
    values = np.array([[float(row[k]) for k in fast] for row in rows])
    return _named_deals(engine.evaluate(values), engine.model)


def _run_one(
    plan: Plan, params: tuple[Parameter, ...], row: Sequence[Any]
) -> dict[str, np.ndarray]:
    changes = variant_changes(plan.scenario, params, row)
    try:
        variant = plan.scenario.with_(changes)
    except ScenarioError as exc:
        shown = ", ".join(f"{path}={value!r}" for path, value in list(changes.items())[:4])
        raise ScenarioError(
            f"variant {shown}: {exc.message}", file="<variant>", field=exc.field
        ) from None
    model = compile_scenario(variant)
    if model.parties != tuple(plan.scenario.parties):
        raise NegsimError(
            "a variant changed the list of parties; vary numbers, rules or options only"
        )
    return _named_deals(measure_model(model, plan.outputs), model)


def _stack(results: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    return {name: np.concatenate([r[name] for r in results]) for name in results[0]}


# ---------------------------------------------------------------- running


def run_variants(
    scenario: Scenario,
    paths: Sequence[str],
    rows: np.ndarray | Sequence[Sequence[Any]],
    *,
    executor: ExecutorLike = None,
    progress: bool = True,
    outputs: Sequence[str] | None = None,
    chunk_size: int | None = None,
    max_experiments: int | None = MAX_EXPERIMENTS,
    checkpoint: str | Path | None = None,
    keep_checkpoint: bool = False,
) -> pd.DataFrame:
    """Measures of the variants in ``rows`` (one value per path each), as a DataFrame.

    The run is split into chunks evaluated on ``executor`` and reassembled in
    order; each variant's numbers do not depend on the chunk it falls in.
    ``checkpoint`` and ``keep_checkpoint`` are described in :func:`sweep`.

    Examples
    --------
    Numbers and structure may vary together; a finer grid of the water share
    finds a better margin (0.15, exact, instead of 0.1):

    >>> from negsim.scenario.examples import water_talks
    >>> s = water_talks()
    >>> from negsim.explore import run_variants
    >>> paths = ["parties.beta.no_deal", "issues.share.grid"]
    >>> df = run_variants(s, paths, [[0.4, 11], [0.4, 101], [0.65, 11]], progress=False)
    >>> df[["zone", "margin", "zone_size"]].round(4).values.tolist()
    [[True, 0.1, 4], [True, 0.15, 31], [True, 0.0, 1]]
    """
    return _run(
        scenario,
        tuple(paths),
        rows,
        {"kind": "variants"},
        executor=executor,
        progress=progress,
        outputs=outputs,
        chunk_size=chunk_size,
        max_experiments=max_experiments,
        checkpoint=checkpoint,
        keep_checkpoint=keep_checkpoint,
    )


def _run(
    scenario: Scenario,
    paths: tuple[str, ...],
    rows: np.ndarray | Sequence[Sequence[Any]],
    about: Mapping[str, Any],
    *,
    executor: ExecutorLike,
    progress: bool,
    outputs: Sequence[str] | None,
    chunk_size: int | None,
    max_experiments: int | None,
    checkpoint: str | Path | None,
    keep_checkpoint: bool,
) -> pd.DataFrame:
    """:func:`run_variants`; ``about`` (what the caller asked for) joins a checkpoint's identity."""
    outputs = check_outputs(outputs)
    key = scenario_hash(scenario)
    params = _params(key, scenario, paths)  # cached: serial chunks reuse it
    fast = all(p.fast for p in params)
    check_experiments(len(rows), max_experiments)
    table = _numbers(rows, paths) if fast else list(map(tuple, rows))
    n = len(table)
    if n == 0:
        raise NegsimError("there are no experiments to run")
    size = _chunk_size(n, fast, executor, chunk_size, per_worker=checkpoint is None)
    plan = Plan(scenario, paths, outputs, key)
    chunks = [(plan, table[s : s + size]) for s in range(0, n, size)]
    kept = None
    if checkpoint is not None:
        identity = {
            **about,
            "scenario": scenario.name,
            "scenario_hash": key,
            "paths": list(paths),
            "experiments": n,
            "outputs": list(outputs),
            "chunk_size": size,
            "negsim": _version(),
            "experiments_hash": _rows_hash(table),
        }
        kept = open_checkpoint(checkpoint, identity, len(chunks))
    measures = _stack(_measure(chunks, executor, progress, kept))
    frame = _inputs_frame(paths, table)
    for name, values in _output_columns(scenario, measures).items():
        frame[name] = values
    frame.attrs.update(
        negsim_version=_version(),
        scenario=scenario.name,
        scenario_hash=key,
        parameters={p.path: p.kind for p in params},
        outputs=list(outputs),
    )
    if "equilibria" in outputs:
        frame.attrs["game"] = first_game(scenario) or "proposal"
    if kept is not None and not keep_checkpoint:
        remove_checkpoint(kept.folder)
    return frame


def _chunk_size(
    n: int, fast: bool, executor: ExecutorLike, chunk_size: int | None, *, per_worker: bool
) -> int:
    """Experiments per chunk: four chunks a worker, or a fixed number of chunks when kept."""
    if chunk_size is not None:
        if chunk_size < 1:
            raise NegsimError(f"chunk_size must be at least 1, got {chunk_size}")
        return chunk_size
    cap = FAST_CHUNK if fast else SLOW_CHUNK
    parts = 4 * worker_count(executor) if per_worker else CHECKPOINT_CHUNKS
    return max(1, min(cap, math.ceil(n / parts)))


def _measure(
    chunks: list[tuple[Plan, Any]],
    executor: ExecutorLike,
    progress: bool,
    kept: Checkpoint | None,
) -> list[dict[str, np.ndarray]]:
    """Every chunk's measures: those a checkpoint kept, and the others run (and kept)."""
    results = kept.finished() if kept is not None else {}
    missing = [i for i in range(len(chunks)) if i not in results]

    def keep(j: int, measures: dict[str, np.ndarray]) -> None:
        if kept is not None:
            kept.keep(missing[j], measures)

    todo = [chunks[i] for i in missing]
    found = map_chunks(
        run_chunk,
        todo,
        executor=executor,
        progress=progress,
        sizes=[len(c[1]) for c in todo],
        on_result=keep if kept is not None else None,
    )
    results.update(zip(missing, found, strict=True))
    return [results[i] for i in range(len(chunks))]


def _rows_hash(table: np.ndarray | list[tuple[Any, ...]]) -> str:
    """A SHA-256 of the experiments' values: equal requests, equal hashes."""
    if isinstance(table, np.ndarray):
        data = repr(table.shape).encode() + np.ascontiguousarray(table, dtype=float).tobytes()
    else:
        data = json.dumps(table, default=repr).encode()
    return hashlib.sha256(data).hexdigest()[:16]


def _numbers(rows: np.ndarray | Sequence[Sequence[Any]], paths: tuple[str, ...]) -> np.ndarray:
    try:
        return np.asarray(rows, dtype=float).reshape(-1, len(paths))
    except (TypeError, ValueError):
        for row in rows:
            for path, value in zip(paths, row, strict=True):
                if isinstance(value, bool) or not isinstance(value, int | float | np.number):
                    raise NegsimError(f"{path} takes numbers, got {value!r}") from None
        raise


def _inputs_frame(
    paths: tuple[str, ...], table: np.ndarray | list[tuple[Any, ...]]
) -> pd.DataFrame:
    if isinstance(table, np.ndarray):
        frame = pd.DataFrame(table, columns=list(paths))
    else:
        frame = pd.DataFrame.from_records(table, columns=list(paths))
    frame.index.name = "experiment"
    return frame


def _output_columns(
    scenario: Scenario, measures: Mapping[str, np.ndarray]
) -> dict[str, np.ndarray | ExtensionArray]:
    out: dict[str, np.ndarray | ExtensionArray] = {
        "zone": measures["zone"],
        "margin": measures["margin"],
    }
    if "zone_size" in measures:
        out["zone_size"] = measures["zone_size"]
    if "shortfall" in measures:
        out["shortfall"] = measures["shortfall"]
        for p, pid in enumerate(scenario.parties):
            out[f"shortfall_{pid}"] = measures["shortfall_by_party"][:, p]
    if "equilibria" in measures:
        out["equilibria"] = measures["equilibria"]
    if "nash" in measures:
        nash = measures["nash"]
        deals = pd.array(measures["nash_deal"], dtype="string")
        deals[nash < 0] = pd.NA
        out["nash"] = deals
        index = pd.array(np.where(nash >= 0, nash, 0), dtype="Int64")
        index[nash < 0] = pd.NA
        out["nash_index"] = index
    return out


def _version() -> str:
    from negsim import __version__

    return __version__


# ---------------------------------------------------------------- public entry points


def sweep(
    scenario: Scenario | str | Path,
    grid: Mapping[str, Iterable[Any]],
    *,
    executor: ExecutorLike = None,
    progress: bool = True,
    outputs: Sequence[str] | None = None,
    chunk_size: int | None = None,
    max_experiments: int | None = MAX_EXPERIMENTS,
    checkpoint: str | Path | None = None,
    keep_checkpoint: bool = False,
) -> pd.DataFrame:
    """Analyse every combination of parameter values on a grid.

    Parameters
    ----------
    scenario
        A :class:`~negsim.Scenario` or a scenario file.
    grid
        ``{dotted.path: values}``; one, two or more paths. The experiments are
        the Cartesian product in the order given (the last path varies fastest).
    executor
        ``None`` (serial), ``"processes"``, ``"threads"``, a number of
        processes, or any :class:`concurrent.futures.Executor`.
    progress
        Show a progress bar (``tqdm.auto``).
    outputs
        Output groups to compute: ``"zone"`` (always), ``"size"``, ``"shortfall"``,
        ``"nash"`` (the default is these four) and ``"equilibria"``.
    chunk_size
        Experiments per task (by default a quarter of a worker's share, or
        a hundredth of the run with a checkpoint, at most 4096).
    max_experiments
        Refuse, before any work, a grid of more experiments than this
        (default :data:`MAX_EXPERIMENTS`; ``None`` for no limit).
    checkpoint
        A folder where each finished chunk is kept. If it holds a checkpoint
        of the same run (an interrupted one), only the missing chunks run;
        a checkpoint of another run is refused, saying what differs. The
        table is the one an uninterrupted run gives.
    keep_checkpoint
        Leave the checkpoint in place once the run is complete (by default
        it is removed), e.g. until the table is saved.

    Returns
    -------
    pandas.DataFrame
        One row per experiment: the inputs, then the measures listed in
        :mod:`negsim.explore.runner`.

    Examples
    --------
    Alpha gets ``share`` percent of the water and Beta the rest; a deal
    exists as long as the two no-deal values sum to 1 or less:

    >>> import negsim
    >>> from negsim.scenario.examples import water_talks
    >>> s = water_talks()
    >>> df = negsim.sweep(s, {"parties.alpha.no_deal": [0.3, 0.5, 0.7]}, progress=False)
    >>> df[["parties.alpha.no_deal", "zone", "zone_size"]].values.tolist()
    [[0.3, True, 4], [0.5, True, 2], [0.7, False, 0]]
    """
    scenario = _as_scenario(scenario)
    if not grid:
        raise NegsimError("the grid is empty: give {path: values} for at least one path")
    axes = {path: list(values) for path, values in grid.items()}
    for path, values in axes.items():
        if not values:
            raise NegsimError(f"no values given for {path}")
    check_experiments(math.prod(len(v) for v in axes.values()), max_experiments)
    rows = list(itertools.product(*axes.values()))
    named = {p: [to_python(v) for v in vs] for p, vs in axes.items()}
    frame = _run(
        scenario,
        tuple(axes),
        rows,
        {"kind": "sweep", "grid": named},
        executor=executor,
        progress=progress,
        outputs=outputs,
        chunk_size=chunk_size,
        max_experiments=None,
        checkpoint=checkpoint,
        keep_checkpoint=keep_checkpoint,
    )
    frame.attrs.update(kind="sweep", grid=named)
    return frame


def sample(
    scenario: Scenario | str | Path,
    n: int,
    *,
    seed: int | None = None,
    sampler: str = "lhs",
    ranges: Mapping[str, Any] | None = None,
    executor: ExecutorLike = None,
    progress: bool = True,
    outputs: Sequence[str] | None = None,
    chunk_size: int | None = None,
    max_experiments: int | None = MAX_EXPERIMENTS,
    checkpoint: str | Path | None = None,
    keep_checkpoint: bool = False,
) -> pd.DataFrame:
    """Analyse ``n`` experiments drawn from the scenario's uncertainty.

    Parameters
    ----------
    scenario
        A :class:`~negsim.Scenario` or a scenario file.
    n
        Number of experiments.
    seed
        Seed of the design; ``None`` draws one from the operating system and
        records it in the table, so every run can be repeated (or, resuming
        from a checkpoint, takes the seed it records).
    sampler
        ``"mc"`` (independent draws), ``"lhs"`` (Latin hypercube) or
        ``"sobol"`` (scrambled Sobol' sequence; ``n`` a power of 2).
    ranges
        ``{path: [lo, hi] | {dist: name, ...}}`` to sample instead of the
        scenario's ``uncertainty`` section.
    executor, progress, outputs, chunk_size, max_experiments, checkpoint, keep_checkpoint
        As in :func:`sweep`. All values are drawn before the run is split, so
        a seeded run gives the same table on any executor.

    Returns
    -------
    pandas.DataFrame
        One row per experiment (inputs, measures, ``seed`` and
        ``scenario_hash`` columns); ``df.attrs`` holds the run's provenance.

    Examples
    --------
    Alpha's no-deal value is uncertain between 0.3 and 0.7; on the grid of
    ``share`` a zone exists when it is at most 0.6 (Beta keeps 0.4):

    >>> import negsim
    >>> from negsim.scenario.examples import water_talks
    >>> s = water_talks()
    >>> ranges = {"parties.alpha.no_deal": [0.3, 0.7]}
    >>> df = negsim.sample(s, 8, seed=1, ranges=ranges, progress=False)
    >>> len(df), df["seed"].unique().tolist()
    (8, [1])
    >>> bool((df["zone"] == (df["parties.alpha.no_deal"] <= 0.6)).all())
    True

    The same seed gives the same table:

    >>> df.equals(negsim.sample(s, 8, seed=1, ranges=ranges, progress=False))
    True
    """
    scenario = _as_scenario(scenario)
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise NegsimError(f"n must be a whole number of at least 1, got {n!r}")
    check_experiments(int(n), max_experiments)
    specs = uncertain_parameters(scenario, ranges)
    if seed is None:
        seed = _stored_seed(checkpoint)
    if seed is None:
        seed = new_seed()
    elif isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise NegsimError(f"seed must be a non-negative whole number, got {seed!r}")
    values = draw(specs, n, sampler=sampler, seed=int(seed))
    uncertainty = {path: spec.describe() for path, spec in specs.items()}
    about = {"kind": "sample", "seed": int(seed), "sampler": sampler, "uncertainty": uncertainty}
    frame = _run(
        scenario,
        tuple(specs),
        values,
        about,
        executor=executor,
        progress=progress,
        outputs=outputs,
        chunk_size=chunk_size,
        max_experiments=None,
        checkpoint=checkpoint,
        keep_checkpoint=keep_checkpoint,
    )
    frame["seed"] = int(seed)
    frame["scenario_hash"] = frame.attrs["scenario_hash"]
    frame.attrs.update(
        kind="sample",
        seed=int(seed),
        sampler=sampler,
        uncertainty=uncertainty,
    )
    return frame


def _stored_seed(checkpoint: str | Path | None) -> int | None:
    """The seed a sample's checkpoint records, to resume a run whose seed was drawn."""
    stored = stored_identity(checkpoint) if checkpoint is not None else None
    seed = stored.get("seed") if stored is not None and stored.get("kind") == "sample" else None
    return seed if isinstance(seed, int) and not isinstance(seed, bool) and seed >= 0 else None
