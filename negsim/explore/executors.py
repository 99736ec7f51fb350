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

An interruption (Ctrl-C, or an error in a chunk) stops the run at once: pending
chunks are cancelled, and the processes of a pool opened here are terminated,
after up to :data:`GRACE` seconds for running chunks whose results are kept
(``on_result``). Worker processes ignore Ctrl-C, which a terminal sends to
every process of the run, and leave the decision to the process that owns
them; they exit by themselves if that process dies without stopping them.
A further Ctrl-C or SIGTERM while the workers are being stopped is ignored.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import (
    Executor,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    as_completed,
    wait,
)
from contextlib import contextmanager
from typing import Any, TypeVar

from negsim.common.progress import progress_bar
from negsim.errors import NegsimError

__all__ = [
    "GRACE",
    "MAX_WORKERS",
    "ExecutorLike",
    "R",
    "T",
    "dask_executor",
    "map_chunks",
    "open_executor",
    "shielded",
    "worker_count",
]

T = TypeVar("T")
R = TypeVar("R")

ExecutorLike = Executor | str | int | None

MAX_WORKERS = max(8, 4 * (os.cpu_count() or 1))
"""The most worker processes a number can ask for: beyond it they only contend for the cores."""

GRACE = 2.0
"""Seconds running chunks get to finish after an interruption, when their results are kept."""

_WATCH_INTERVAL = 0.5


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
        pool: Executor = _process_pool(executor)
    elif executor == "processes":
        pool = _process_pool(None)
    elif executor == "threads":
        pool = ThreadPoolExecutor()
    else:
        raise NegsimError(
            f"unknown executor {executor!r}; use 'serial', 'processes', 'threads', a number of "
            "processes or a concurrent.futures.Executor"
        )
    try:
        yield pool
    except BaseException:
        with shielded():
            _stop(pool)
        raise
    pool.shutdown(wait=True)


def _process_pool(workers: int | None) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=workers, initializer=_start_worker, initargs=(os.getpid(),)
    )


def _start_worker(owner: int) -> None:
    """In each worker: ignore Ctrl-C, end on SIGTERM, and exit when the owning process is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # a handler inherited from the owner (the command line's) would be caught by the pool
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    threading.Thread(target=_watch_owner, args=(owner,), daemon=True).start()


def _watch_owner(owner: int) -> None:
    while os.getppid() == owner:
        time.sleep(_WATCH_INTERVAL)
    os._exit(1)


def _stop(pool: Executor) -> None:
    """Cancel what has not started and terminate the processes of a pool opened here."""
    # the pool's own process list and manager thread: shutdown(wait=False) forgets both
    processes = list((getattr(pool, "_processes", None) or {}).values())
    manager = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(GRACE)
        if process.is_alive():
            process.kill()
            process.join()
    if isinstance(manager, threading.Thread):
        manager.join(GRACE)


@contextmanager
def shielded() -> Iterator[None]:
    """Ignore SIGINT and SIGTERM for the duration (in the main thread; elsewhere a no-op).

    Cleaning up after a first interruption must not be cut short by a second.

    Examples
    --------
    >>> import signal
    >>> from negsim.explore.executors import shielded
    >>> with shielded():
    ...     print(signal.getsignal(signal.SIGINT) is signal.SIG_IGN)
    True
    >>> signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    False
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    kept = {s: h for s, h in previous.items() if h is not None}
    for number in kept:
        signal.signal(number, signal.SIG_IGN)
    try:
        yield
    finally:
        for number, handler in kept.items():
            signal.signal(number, handler)


def map_chunks(
    function: Callable[[T], R],
    chunks: Sequence[T],
    *,
    executor: ExecutorLike = None,
    progress: bool = True,
    sizes: Sequence[int] | None = None,
    description: str = "variants",
    on_result: Callable[[int, R], None] | None = None,
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
    on_result
        Called in this process as ``on_result(i, result)`` as soon as chunk
        ``i`` is done, e.g. to keep it on disk. After an interruption, chunks
        already running get :data:`GRACE` seconds to finish and be passed here.

    Examples
    --------
    Results come back in the order of the chunks, whatever order they finish in:

    >>> from negsim.explore.executors import map_chunks
    >>> map_chunks(abs, [-1, 2, -3], executor="threads", progress=False)
    [1, 2, 3]
    """
    sizes = list(sizes) if sizes is not None else [1] * len(chunks)
    results: dict[int, R] = {}

    def done(i: int, result: R) -> None:
        results[i] = result
        if on_result is not None:
            on_result(i, result)
        bar.update(sizes[i])

    with (
        progress_bar(sum(sizes), enabled=progress, unit=" " + description, notebook=True) as bar,
        open_executor(executor) as pool,
    ):
        if pool is None:
            for i, chunk in enumerate(chunks):
                done(i, function(chunk))
        else:
            _gather(pool, function, chunks, done, keep=on_result is not None)
    return [results[i] for i in range(len(chunks))]


def _gather(
    pool: Executor,
    function: Callable[[T], R],
    chunks: Sequence[T],
    done: Callable[[int, R], None],
    *,
    keep: bool,
) -> None:
    """Submit every chunk and pass each result to ``done`` as it arrives."""
    futures: dict[Future[R], int] = {
        pool.submit(function, chunk): i for i, chunk in enumerate(chunks)
    }
    passed: set[int] = set()
    try:
        for future in as_completed(futures):
            done(futures[future], future.result())
            passed.add(futures[future])
    except BaseException:
        with shielded():
            for future in futures:
                future.cancel()
            if keep:
                _keep_finishing(futures, passed, done)
        raise


def _keep_finishing(
    futures: dict[Future[R], int], passed: set[int], done: Callable[[int, R], None]
) -> None:
    """Pass on the chunks that finish within :data:`GRACE` seconds of an interruption."""
    finished, _ = wait([f for f, i in futures.items() if i not in passed], timeout=GRACE)
    for future in finished:
        if not future.cancelled() and future.exception() is None:
            done(futures[future], future.result())


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
