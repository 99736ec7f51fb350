"""Where batches of experiments run (negsim.explore.executors)."""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import pandas as pd
import pytest

from negsim.errors import NegsimError
from negsim.explore import sample, sweep
from negsim.explore.executors import map_chunks, open_executor, worker_count


def square(x: int) -> int:
    return x * x


def fail_on_three(x: int) -> int:
    if x == 3:
        raise ValueError("three")
    return x


@pytest.mark.parametrize(
    ("executor", "count"),
    [(None, 1), ("serial", 1), (1, 1), (3, 3), (0, 1), ("processes", os.cpu_count() or 1)],
    ids=["none", "serial", "one", "three", "zero", "processes"],
)
def test_worker_count(executor, count):
    assert worker_count(executor) == count


def test_worker_count_of_a_pool_is_its_size_and_a_flag_is_refused():
    with ThreadPoolExecutor(max_workers=3) as pool:
        assert worker_count(pool) == 3
    with pytest.raises(NegsimError, match="executor must be"):
        worker_count(True)


@pytest.mark.parametrize("executor", [None, "serial"])
def test_serial_opens_no_pool(executor):
    with open_executor(executor) as pool:
        assert pool is None


def test_a_pool_the_caller_owns_is_used_and_left_open():
    with ThreadPoolExecutor(max_workers=2) as owned:
        with open_executor(owned) as pool:
            assert pool is owned
        assert owned.submit(square, 4).result() == 16


def test_pools_opened_here_are_shut_down_here():
    with open_executor("threads") as pool:
        assert isinstance(pool, ThreadPoolExecutor)
        assert pool.submit(square, 3).result() == 9
    with pytest.raises(RuntimeError):
        pool.submit(square, 3)
    with open_executor(1) as pool:
        assert isinstance(pool, ProcessPoolExecutor)
        assert pool.submit(square, 5).result() == 25
    with pytest.raises(RuntimeError):
        pool.submit(square, 5)


@pytest.mark.parametrize("executor", [True, 2.0, ["processes"]])
def test_what_is_not_an_executor_is_refused(executor):
    with pytest.raises(NegsimError, match="executor must be"), open_executor(executor):
        pass


def test_results_come_back_in_the_order_of_the_chunks():
    chunks = [("a", 0.2), ("b", 0.0), ("c", 0.15), ("d", 0.05), ("e", 0.1)]
    finished = []

    def nap(chunk: tuple[str, float]) -> str:
        label, seconds = chunk
        time.sleep(seconds)
        finished.append(label)
        return label.upper()

    serial = map_chunks(nap, chunks, progress=False)
    assert finished == list("abcde")
    finished.clear()
    threaded = map_chunks(nap, chunks, executor="threads", progress=False)
    assert serial == threaded == list("ABCDE")
    # a nap of no time ended before the longest nap, yet the order held
    assert finished.index("b") < finished.index("a")
    assert map_chunks(square, [], executor="threads", progress=False) == []


def test_map_chunks_on_a_process_pool_and_with_a_progress_bar(capsys):
    chunks = list(range(7))
    expected = [x * x for x in chunks]
    assert map_chunks(square, chunks, executor=2, progress=False) == expected
    assert map_chunks(square, chunks, progress=True, sizes=[2] * 7) == expected
    capsys.readouterr()


def test_a_failing_chunk_raises_its_own_error():
    with pytest.raises(ValueError, match="three"):
        map_chunks(fail_on_three, list(range(6)), progress=False)
    with pytest.raises(ValueError, match="three"):
        map_chunks(fail_on_three, list(range(6)), executor="threads", progress=False)


def test_threads_share_the_work():
    names = set()

    def who(x: int) -> int:
        names.add(threading.current_thread().name)
        time.sleep(0.05)
        return x

    with ThreadPoolExecutor(max_workers=3) as pool:
        assert map_chunks(who, list(range(9)), executor=pool, progress=False) == list(range(9))
    assert len(names) > 1


def test_dask_executor_says_what_to_install(hide_modules):
    from negsim.explore.executors import dask_executor

    hide_modules("distributed")
    with pytest.raises(NegsimError, match=r"negsim\[dask\]"):
        dask_executor()


def test_unknown_executors_are_refused(minimal):
    with pytest.raises(NegsimError, match="unknown executor"):
        sweep(minimal, {"parties.alpha.no_deal": [0.1]}, executor="gpu", progress=False)
    with pytest.raises(NegsimError, match="at least 1"):
        sweep(minimal, {"parties.alpha.no_deal": [0.1]}, executor=0, progress=False)


def test_dask_executor_gives_the_same_table(minimal):
    pytest.importorskip("distributed")
    from negsim.explore.executors import dask_executor

    ranges = {"parties.alpha.no_deal": [0.0, 0.4]}
    # a local cluster of two workers that talk TCP on loopback, as remote ones would
    executor = dask_executor(
        processes=False,
        n_workers=2,
        threads_per_worker=1,
        protocol="tcp://",
        host="127.0.0.1",
        dashboard_address=None,
    )
    client = executor._client
    try:
        workers = list(client.scheduler_info()["workers"])
        assert len(workers) == 2 and all(w.startswith("tcp://127.0.0.1:") for w in workers)
        on_dask = sample(
            minimal, 20, seed=1, ranges=ranges, executor=executor, chunk_size=2, progress=False
        )
        ran = client.run(lambda dask_worker: dask_worker.state.executed_count)
        assert sorted(ran) == sorted(workers) and all(count > 0 for count in ran.values())
    finally:
        client.close()
    serial = sample(minimal, 20, seed=1, ranges=ranges, progress=False)
    pd.testing.assert_frame_equal(serial, on_dask)


def test_ctrl_c_in_a_run_on_processes_stops_the_workers_then_propagates():
    import signal

    from tests.processes import alive, children, wait_until

    flagship = "scenarios/ukraine_land_for_peace_2026.yaml"
    before = set(children(os.getpid()))
    started: list[int] = []

    def interrupt_once_working() -> None:
        if wait_until(lambda: len(set(children(os.getpid())) - before) >= 2, 120):
            started.extend(set(children(os.getpid())) - before)
            time.sleep(1)
        signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)

    timer = threading.Thread(target=interrupt_once_working, daemon=True)
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        sample(flagship, 4000, seed=1, executor=2, outputs=["zone", "equilibria"], progress=False)
    timer.join()
    assert len(started) == 2
    assert not any(alive(pid) for pid in started)
