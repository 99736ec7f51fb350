"""Where batches of experiments run: in this process, a process pool, or any executor.

Every experiment runner in negsim takes ``executor=``:

- ``None`` or ``"serial"``: in this process, one chunk after the other;
- ``"processes"`` or an ``int`` ``n``: a :class:`concurrent.futures.ProcessPoolExecutor`
  with ``n`` workers (all cores for ``"processes"``), started and shut down here;
- ``"threads"``: a :class:`concurrent.futures.ThreadPoolExecutor`;
- any :class:`concurrent.futures.Executor` the caller owns (and shuts down),
  e.g. a Dask cluster's ``distributed.Client(...).get_executor()``
  (see :func:`dask_executor`).

Work is split into chunks whose results are put back in submission order,
so a run's table does not depend on the executor or the number of workers.
Progress is shown with ``tqdm.auto`` (a bar in a terminal, a widget in
Jupyter); ``progress=False`` silences it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import (
    Executor,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    as_completed,
)
from contextlib import contextmanager
from typing import Any, TypeVar

from negsim.common.progress import progress_bar
from negsim.errors import NegsimError

__all__ = [
    "MAX_WORKERS",
    "ExecutorLike",
    "R",
    "T",
    "dask_executor",
    "map_chunks",
    "open_executor",
    "worker_count",
]

T = TypeVar("T")
R = TypeVar("R")

ExecutorLike = Executor | str | int | None

MAX_WORKERS = max(8, 4 * (os.cpu_count() or 1))
"""The most worker processes a number can ask for: beyond it they only contend for the cores."""


def worker_count(executor: ExecutorLike) -> int:
    """How many chunks may run at once with ``executor`` (a guess for foreign executors).

    Examples
    --------
    >>> from negsim.explore.executors import worker_count
    >>> worker_count(None), worker_count(4)
    (1, 4)
    """
    if executor is None or executor == "serial":
        return 1
    if isinstance(executor, bool):
        raise NegsimError(
            "executor must be None, 'serial', 'processes', 'threads', a number or an Executor"
        )
    if isinstance(executor, int):
        return max(1, executor)
    if isinstance(executor, str):
        return os.cpu_count() or 1
    return max(1, int(getattr(executor, "_max_workers", 0) or (os.cpu_count() or 1)))


@contextmanager
def open_executor(executor: ExecutorLike) -> Iterator[Executor | None]:
    """The executor to submit to (``None`` for serial); pools created here are shut down here.

    Raises
    ------
    NegsimError
        For an unknown name or a number of workers below 1.

    Examples
    --------
    >>> from negsim.explore.executors import open_executor
    >>> with open_executor(None) as pool:
    ...     print(pool)
    None
    >>> with open_executor("threads") as pool:
    ...     print(pool.submit(sum, [1, 2, 3]).result())
    6
    """
    if executor is None or executor == "serial":
        yield None
        return
    if isinstance(executor, Executor):
        yield executor
        return
    if isinstance(executor, bool) or not isinstance(executor, int | str):
        raise NegsimError(
            f"executor must be None, 'serial', 'processes', 'threads', a number of processes or "
            f"a concurrent.futures.Executor, got {type(executor).__name__}"
        )
    if isinstance(executor, int):
        if executor < 1:
            raise NegsimError(f"the number of worker processes must be at least 1, got {executor}")
        if executor > MAX_WORKERS:
            raise NegsimError(
                f"{executor:,} worker processes asked for; at most {MAX_WORKERS} "
                f"(4 per CPU core, at least 8) are started on this machine"
            )
        pool: Executor = ProcessPoolExecutor(max_workers=executor)
    elif executor == "processes":
        pool = ProcessPoolExecutor()
    elif executor == "threads":
        pool = ThreadPoolExecutor()
    else:
        raise NegsimError(
            f"unknown executor {executor!r}; use 'serial', 'processes', 'threads', a number of "
            "processes or a concurrent.futures.Executor"
        )
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def map_chunks(
    function: Callable[[T], R],
    chunks: Sequence[T],
    *,
    executor: ExecutorLike = None,
    progress: bool = True,
    sizes: Sequence[int] | None = None,
    description: str = "variants",
) -> list[R]:
    """``[function(c) for c in chunks]``, run on ``executor``, in the order of ``chunks``.

    Parameters
    ----------
    function
        A module-level function (process pools pickle it by name).
    chunks
        Its arguments, one per task.
    executor
        See the module docstring.
    progress
        Show a progress bar counting ``sizes`` (items per chunk; 1 each by default).
    sizes
        The number of items in each chunk, for the progress bar.
    description
        What the bar counts.

    Examples
    --------
    Results come back in the order of the chunks, whatever order they finish in:

    >>> from negsim.explore.executors import map_chunks
    >>> map_chunks(abs, [-1, 2, -3], executor="threads", progress=False)
    [1, 2, 3]
    """
    sizes = list(sizes) if sizes is not None else [1] * len(chunks)
    results: list[Any] = [None] * len(chunks)
    with (
        progress_bar(sum(sizes), enabled=progress, unit=" " + description, notebook=True) as bar,
        open_executor(executor) as pool,
    ):
        if pool is None:
            for i, chunk in enumerate(chunks):
                results[i] = function(chunk)
                bar.update(sizes[i])
            return results
        futures: dict[Future[R], int] = {
            pool.submit(function, chunk): i for i, chunk in enumerate(chunks)
        }
        try:
            for future in as_completed(futures):
                i = futures[future]
                results[i] = future.result()
                bar.update(sizes[i])
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    return results


def dask_executor(address: str | None = None, **client_options: Any) -> Executor:
    """An executor on a Dask cluster (needs the optional extra ``negsim[dask]``).

    Parameters
    ----------
    address
        The scheduler's address; ``None`` starts a local cluster.
    client_options
        Passed to ``distributed.Client``.

    Returns
    -------
    concurrent.futures.Executor
        ``Client(address, **client_options).get_executor()``; close the client
        (``executor._client.close()``) when done.
    """
    try:
        from distributed import Client
    except ImportError:
        raise NegsimError(
            "running on a Dask cluster needs the 'distributed' package: pip install 'negsim[dask]'"
        ) from None
    client = Client(address, **client_options)
    return client.get_executor()
