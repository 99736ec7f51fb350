"""Outputs written whole or not at all (negsim.common.atomic)."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from negsim.common.atomic import replacing, write_bytes, write_text
from negsim.errors import NegsimError
from negsim.explore.tables import write_table


def test_a_write_replaces_the_file_and_leaves_nothing_beside_it(tmp_path):
    target = tmp_path / "out.txt"
    write_text(target, "first")
    write_bytes(target, b"second")
    assert target.read_bytes() == b"second"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_failed_write_keeps_the_old_file_and_its_mode(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    os.chmod(target, 0o640)
    with pytest.raises(KeyboardInterrupt), replacing(target) as temporary:
        temporary.write_text("half of the new")
        raise KeyboardInterrupt
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]
    write_text(target, "new")
    assert target.stat().st_mode & 0o777 == 0o640


def test_a_new_file_gets_the_usual_permissions(tmp_path):
    umask = os.umask(0o022)
    try:
        write_text(tmp_path / "new.txt", "x")
    finally:
        os.umask(umask)
    assert (tmp_path / "new.txt").stat().st_mode & 0o777 == 0o644


def test_a_table_cut_short_by_a_failed_write_does_not_replace_the_previous_one(
    tmp_path, monkeypatch
):
    target = tmp_path / "results.csv"
    previous = pd.DataFrame({"x": range(20_000)})
    write_table(previous, str(target))
    before = target.read_text()

    def fail_half_way(self, path, **kwargs):
        with open(path, "w") as handle:
            handle.write("x\n0\n1\n")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_csv", fail_half_way)
    with pytest.raises(NegsimError, match="cannot write .*No space left on device"):
        write_table(pd.DataFrame({"x": [1]}), str(target))
    assert target.read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["results.csv"]
