"""Checkpoints: an interrupted run, given its folder again, finishes with the table of one run."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import negsim.explore.runner as runner
from negsim.errors import NegsimError
from negsim.explore import sample, sweep
from negsim.explore.checkpoints import IDENTITY, open_checkpoint, remove_checkpoint

RANGES = {"parties.alpha.no_deal": [0.0, 0.6], "parties.beta.no_deal.war.cost": [0.0, 0.3]}
GRID = {
    "parties.alpha.no_deal": [0.1 * i for i in range(10)],
    "parties.beta.no_deal.war.cost": [0.1, 0.2],
}


def interrupt_on(monkeypatch: pytest.MonkeyPatch, k: int) -> list[int]:
    """Make the ``k``-th chunk of the next serial run raise KeyboardInterrupt; count calls."""
    real = runner.run_chunk
    calls: list[int] = []

    def chunk(task):
        calls.append(len(task[1]))
        if len(calls) == k:
            raise KeyboardInterrupt
        return real(task)

    monkeypatch.setattr(runner, "run_chunk", chunk)
    return calls


def kept_chunks(folder) -> int:
    return len(list(folder.glob("chunk-*.npz")))


@pytest.mark.parametrize("executor", [None, 2], ids=["serial", "two-processes"])
def test_an_interrupted_sample_resumes_to_the_table_of_one_run(
    minimal, tmp_path, monkeypatch, executor
):
    folder = tmp_path / "run.partial"
    whole = sample(minimal, 50, seed=4, ranges=RANGES, progress=False)
    calls = interrupt_on(monkeypatch, 4)
    with pytest.raises(KeyboardInterrupt):
        sample(minimal, 50, seed=4, ranges=RANGES, progress=False, checkpoint=folder)
    assert kept_chunks(folder) == 3
    monkeypatch.undo()
    resumed = sample(
        minimal, 50, seed=4, ranges=RANGES, progress=False, checkpoint=folder, executor=executor
    )
    pd.testing.assert_frame_equal(resumed, whole)
    assert resumed.to_csv() == whole.to_csv()
    assert not folder.exists()
    assert len(calls) == 4


def test_a_resumed_sweep_runs_only_the_missing_chunks(minimal, tmp_path, monkeypatch):
    folder = tmp_path / "sweep.partial"
    whole = sweep(minimal, GRID, progress=False)
    interrupt_on(monkeypatch, 6)
    with pytest.raises(KeyboardInterrupt):
        sweep(minimal, GRID, progress=False, checkpoint=folder, chunk_size=2)
    assert kept_chunks(folder) == 5
    calls = interrupt_on(monkeypatch, 0)
    resumed = sweep(minimal, GRID, progress=False, checkpoint=folder, chunk_size=2)
    assert calls == [2] * 5  # 20 experiments in chunks of 2, 5 kept
    pd.testing.assert_frame_equal(resumed, whole)


def test_a_checkpointed_run_is_split_the_same_way_on_any_executor(minimal, tmp_path):
    for executor in (None, 2, "threads"):
        folder = tmp_path / f"{executor}.partial"
        sample(
            minimal,
            500,
            seed=1,
            ranges=RANGES,
            progress=False,
            executor=executor,
            checkpoint=folder,
            keep_checkpoint=True,
        )
        identity = json.loads((folder / IDENTITY).read_text())
        assert (identity["chunk_size"], kept_chunks(folder)) == (5, 100)


def test_a_drawn_seed_is_taken_from_the_checkpoint(minimal, tmp_path, monkeypatch):
    folder = tmp_path / "run.partial"
    interrupt_on(monkeypatch, 2)
    with pytest.raises(KeyboardInterrupt):
        sample(minimal, 30, ranges=RANGES, progress=False, checkpoint=folder)
    seed = json.loads((folder / IDENTITY).read_text())["seed"]
    monkeypatch.undo()
    resumed = sample(minimal, 30, ranges=RANGES, progress=False, checkpoint=folder)
    assert resumed.attrs["seed"] == seed
    pd.testing.assert_frame_equal(
        resumed, sample(minimal, 30, seed=seed, ranges=RANGES, progress=False)
    )


def test_the_checkpoint_of_another_run_is_refused_saying_what_differs(minimal, tmp_path):
    folder = tmp_path / "run.partial"
    sample(
        minimal, 20, seed=1, ranges=RANGES, progress=False, checkpoint=folder, keep_checkpoint=True
    )
    with pytest.raises(
        NegsimError, match=r"another run \(seed: 1 there, 2 here; also experiments_hash\)"
    ) as info:
        sample(minimal, 20, seed=2, ranges=RANGES, progress=False, checkpoint=folder)
    assert "\n" not in str(info.value)
    with pytest.raises(NegsimError, match=r"experiments: 20 there, 30 here"):
        sample(minimal, 30, seed=1, ranges=RANGES, progress=False, checkpoint=folder)
    with pytest.raises(NegsimError, match=r"outputs: "):
        sample(
            minimal, 20, seed=1, ranges=RANGES, progress=False, checkpoint=folder, outputs=["zone"]
        )
    with pytest.raises(NegsimError, match=r"kind: sample there, sweep here"):
        sweep(minimal, GRID, progress=False, checkpoint=folder)


def test_a_folder_that_is_not_a_checkpoint_is_left_alone(minimal, tmp_path):
    mine = tmp_path / "notes.txt"
    mine.write_text("keep me")
    with pytest.raises(NegsimError, match="holds no negsim checkpoint"):
        sample(minimal, 10, seed=1, ranges=RANGES, progress=False, checkpoint=tmp_path)
    assert mine.read_text() == "keep me"
    open_checkpoint(tmp_path / "c", {"seed": 1}, 1)
    (tmp_path / "c" / "mine.txt").write_text("mine")
    remove_checkpoint(tmp_path / "c")
    assert [p.name for p in (tmp_path / "c").iterdir()] == ["mine.txt"]


def test_a_checkpoint_holds_data_only_and_reading_one_runs_no_code(tmp_path):
    import numpy as np

    from negsim.explore.checkpoints import Checkpoint

    checkpoint = Checkpoint(tmp_path, 2)
    deals = np.array(["share=40", ""], dtype=object)
    checkpoint.keep(0, {"zone": np.array([True, False]), "nash_deal": deals})
    (kept,) = checkpoint.finished().values()
    assert kept["zone"].tolist() == [True, False] and kept["nash_deal"].tolist() == ["share=40", ""]
    # an object array that would need unpickling is refused, not run
    with (tmp_path / "chunk-000001.npz").open("wb") as handle:
        np.savez(handle, x=np.array([{"a": 1}], dtype=object))
    with pytest.raises(NegsimError, match="cannot read the checkpoint file"):
        checkpoint.finished()
