"""Where batches of experiments run (negsim.explore.executors)."""

from __future__ import annotations

import pandas as pd
import pytest

from negsim.errors import NegsimError
from negsim.explore import sample, sweep


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
