"""Write a table of experiments to a file, as CSV or Parquet by the file's suffix."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from negsim.common.atomic import replacing
from negsim.errors import NegsimError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "table_format",
    "write_table",
]


def write_table(frame: pd.DataFrame, path: str) -> Path:
    """Write a table of experiments as CSV or Parquet, by the file's suffix.

    The file's folder is created when missing; the table is written to a
    temporary file beside it and renamed into place, so a failed write leaves
    the previous file whole. CSV numbers carry 15
    significant digits, the most a decimal keeps through binary floating
    point, so sums of decimals read as written (``0.6``, not
    ``0.6000000000000001``); Parquet keeps every bit.

    Raises
    ------
    NegsimError
        For another suffix, a missing pyarrow, or a file that cannot be written.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import pandas as pd
    >>> from negsim.explore.tables import write_table
    >>> frame = pd.DataFrame({"zone": [True, False]}, index=pd.Index([0, 1], name="experiment"))
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = write_table(frame, str(Path(folder) / "runs" / "results.csv"))
    ...     print(path.name, path.read_text().splitlines())
    results.csv ['experiment,zone', '0,True', '1,False']
    >>> frame = pd.DataFrame({"share": [0.1 + 0.2, 1 / 3]})
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     print(write_table(frame, str(Path(folder) / "t.csv")).read_text().splitlines())
    [',share', '0,0.3', '1,0.333333333333333']
    """
    target = Path(path)
    suffix = table_format(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with replacing(target) as temporary:
            if suffix == ".parquet":
                frame.to_parquet(temporary)
            else:
                frame.to_csv(temporary, float_format="%.15g")
    except OSError as exc:
        raise NegsimError(f"cannot write {target}: {exc.strerror or exc}") from None
    return target


def table_format(path: str | Path) -> str:
    """``.csv`` or ``.parquet``, from the file name; anything else is a :class:`NegsimError`.

    Called before a run as well as when writing, so a file that cannot be
    written (another suffix, or ``.parquet`` without pyarrow) is refused before
    any work is done.

    Examples
    --------
    >>> from negsim.explore.tables import table_format
    >>> table_format("results.CSV"), table_format("runs/results.parquet")
    ('.csv', '.parquet')
    >>> table_format("results.xlsx")
    Traceback (most recent call last):
    ...
    negsim.errors.NegsimError: cannot write results.xlsx: use a .csv or .parquet file name
    """
    suffix = Path(path).suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise NegsimError(f"cannot write {path}: use a .csv or .parquet file name")
    if suffix == ".parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise NegsimError(
                "writing .parquet needs pyarrow: pip install 'negsim[parquet]'; or write .csv"
            ) from None
    return suffix
