"""Tables of experiments written to a file, CSV or Parquet by suffix (negsim.explore.tables)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from negsim.errors import NegsimError
from negsim.explore.tables import table_format, write_table


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "parties.alpha.no_deal": [0.0, 0.25, 0.5],
            "zone": [True, True, False],
            "margin": [0.125, 0.0, -0.25],
            "nash": pd.array([3, 1, None], dtype="Int64"),
        }
    )


@pytest.mark.parametrize(
    ("name", "suffix"),
    [
        ("runs.csv", ".csv"),
        ("RUNS.CSV", ".csv"),
        ("out/runs.parquet", ".parquet"),
        ("runs.Parquet", ".parquet"),
        (Path("runs.csv"), ".csv"),
    ],
)
def test_table_format_is_the_suffix_in_lower_case(name, suffix):
    assert table_format(name) == suffix


@pytest.mark.parametrize("name", ["runs.xlsx", "runs", "runs.csv.gz", "runs.json", ".csv"])
def test_table_format_refuses_other_suffixes(name):
    with pytest.raises(NegsimError, match=r"use a \.csv or \.parquet file name") as info:
        table_format(name)
    assert str(info.value).startswith(f"cannot write {name}: ")


def test_write_table_writes_csv_and_creates_the_folder(tmp_path, frame):
    target = tmp_path / "new" / "folder" / "runs.csv"
    written = write_table(frame, str(target))
    assert written == target
    assert isinstance(written, Path)
    back = pd.read_csv(target, index_col=0)
    assert list(back.columns) == list(frame.columns)
    pd.testing.assert_frame_equal(back.drop(columns="nash"), frame.drop(columns="nash"))
    assert back["nash"].isna().tolist() == [False, False, True]
    assert back["nash"].iloc[:2].tolist() == [3, 1]


def test_write_table_refuses_other_suffixes_and_writes_nothing(tmp_path, frame):
    target = tmp_path / "folder" / "runs.xlsx"
    with pytest.raises(NegsimError, match=r"use a \.csv or \.parquet file name"):
        write_table(frame, str(target))
    assert not target.exists()
    assert not target.parent.exists()


def test_a_file_that_cannot_be_written_is_a_negsim_error(tmp_path, frame):
    blocker = tmp_path / "taken"
    blocker.write_text("a file, not a folder")
    with pytest.raises(NegsimError, match="cannot write") as info:
        write_table(frame, str(blocker / "runs.csv"))
    assert "\n" not in str(info.value)


def test_parquet_round_trips(tmp_path, frame):
    pytest.importorskip("pyarrow")
    target = tmp_path / "runs.parquet"
    assert write_table(frame, str(target)) == target
    pd.testing.assert_frame_equal(pd.read_parquet(target), frame)


def test_parquet_without_pyarrow_says_what_to_install(tmp_path, frame, hide_modules):
    hide_modules("pyarrow")
    target = tmp_path / "runs.parquet"
    with pytest.raises(NegsimError, match=r"negsim\[parquet\]"):
        write_table(frame, str(target))
    assert not target.exists()


def test_csv_numbers_carry_no_floating_point_noise(tmp_path):
    frame = pd.DataFrame({"x": [0.1 + 0.2, 0.2 * 3, 2 / 3]})
    text = write_table(frame, str(tmp_path / "t.csv")).read_text()
    assert "0.30000000000000004" not in text and "0.6000000000000001" not in text
    assert pd.read_csv(tmp_path / "t.csv", index_col=0)["x"].tolist() == pytest.approx(
        frame["x"].tolist(), rel=1e-14
    )
