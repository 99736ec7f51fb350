"""Checkpoints of long runs: each finished chunk kept on disk, so an interrupted run can finish.

A checkpoint is a folder holding ``run.json``, what identifies the run (the
scenario's hash, the paths, the experiments, the outputs, the chunk size and
the negsim version), and one ``chunk-<i>.npz`` per finished chunk: its
measure arrays in NumPy's archive format, written whole or not at all and
read back with ``allow_pickle=False`` (text columns are stored as fixed-width
strings), so a checkpoint holds data only and reading one never runs code. A
run given the same folder again computes only the missing chunks; a
different run is refused with one line saying what differs.
"""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from negsim.common.atomic import write_bytes, write_text
from negsim.errors import NegsimError

__all__ = [
    "IDENTITY",
    "Checkpoint",
    "checkpoint_beside",
    "open_checkpoint",
    "remove_checkpoint",
    "stored_identity",
]

IDENTITY = "run.json"
"""The file of a checkpoint that says which run it belongs to."""

_CHUNK = "chunk-{:06d}.npz"
_SHOWN = 60


@dataclass(frozen=True)
class Checkpoint:
    """An open checkpoint folder of a run split into ``chunks`` chunks."""

    folder: Path
    chunks: int

    def finished(self) -> dict[int, dict[str, np.ndarray]]:
        """The measures of every chunk already kept, by chunk index."""
        found = {}
        for index in range(self.chunks):
            path = self.folder / _CHUNK.format(index)
            if path.exists():
                found[index] = _read_chunk(path)
        return found

    def keep(self, index: int, measures: Mapping[str, np.ndarray]) -> None:
        """Keep chunk ``index``'s measures, whole or not at all."""
        buffer = io.BytesIO()
        arrays: dict[str, Any] = {name: _storable(v) for name, v in measures.items()}
        np.savez(buffer, **arrays)
        data = buffer.getvalue()
        try:
            write_bytes(self.folder / _CHUNK.format(index), data)
        except OSError as exc:
            raise NegsimError(f"cannot write the checkpoint {self.folder}: {exc}") from None


def _storable(values: np.ndarray) -> np.ndarray:
    """Text columns (object arrays of str) as fixed-width strings, which need no pickle."""
    if values.dtype == object:
        return np.asarray(values, dtype=str)
    return values


def _read_chunk(path: Path) -> dict[str, np.ndarray]:
    try:
        with np.load(path, allow_pickle=False) as archive:
            return {
                name: archive[name].astype(object)
                if archive[name].dtype.kind == "U"
                else archive[name]
                for name in archive.files
            }
    except (OSError, ValueError) as exc:
        raise NegsimError(
            f"cannot read the checkpoint file {path}: {exc}; delete the checkpoint folder "
            "to start the run again"
        ) from None


def checkpoint_beside(output: str | Path) -> Path:
    """The checkpoint folder of a run writing ``output``: ``<output>.partial``.

    Examples
    --------
    >>> from negsim.explore.checkpoints import checkpoint_beside
    >>> checkpoint_beside("runs/sample.csv").as_posix()
    'runs/sample.csv.partial'
    """
    output = Path(output)
    return output.with_name(output.name + ".partial")


def stored_identity(folder: str | Path) -> dict[str, Any] | None:
    """The identity a checkpoint folder records, or ``None`` when there is none."""
    path = Path(folder) / IDENTITY
    if not path.exists():
        return None
    try:
        identity = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise NegsimError(f"cannot read the checkpoint {path}: {exc}") from None
    if not isinstance(identity, dict):
        raise NegsimError(f"{path} is not a negsim checkpoint")
    return identity


def open_checkpoint(folder: str | Path, identity: Mapping[str, Any], chunks: int) -> Checkpoint:
    """Resume the checkpoint in ``folder`` if it is of this run, or start one there.

    Parameters
    ----------
    folder
        The checkpoint's folder; created when missing.
    identity
        What identifies the run (JSON data); compared with the one recorded.
    chunks
        How many chunks the run is split into.

    Raises
    ------
    NegsimError
        When the folder holds another run's checkpoint (the line says what
        differs), or files that are not a checkpoint.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import numpy as np
    >>> from negsim.explore.checkpoints import open_checkpoint
    >>> folder = Path(tempfile.mkdtemp()) / "run.partial"
    >>> checkpoint = open_checkpoint(folder, {"seed": 1, "experiments": 8}, 2)
    >>> checkpoint.keep(0, {"zone": np.array([True, False])})
    >>> open_checkpoint(folder, {"seed": 1, "experiments": 8}, 2).finished()
    {0: {'zone': array([ True, False])}}
    >>> open_checkpoint(folder, {"seed": 2, "experiments": 8}, 2)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    negsim.errors.NegsimError: the checkpoint ... is of another run (seed: 1 there, 2 here); ...
    """
    folder = Path(folder)
    wanted = json.loads(json.dumps(dict(identity), default=str))
    stored = stored_identity(folder)
    if stored is None:
        if folder.exists() and any(folder.iterdir()):
            raise NegsimError(f"{folder} is not empty and holds no negsim checkpoint ({IDENTITY})")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            write_text(folder / IDENTITY, json.dumps(wanted, indent=1) + "\n")
        except OSError as exc:
            raise NegsimError(f"cannot write the checkpoint {folder}: {exc}") from None
    elif stored != wanted:
        raise NegsimError(
            f"the checkpoint {folder} is of another run ({differences(stored, wanted)}); "
            "delete it to start over"
        )
    return Checkpoint(folder, chunks)


def differences(stored: Mapping[str, Any], wanted: Mapping[str, Any]) -> str:
    """What differs between two identities: the first difference in full, then the other keys.

    Examples
    --------
    >>> from negsim.explore.checkpoints import differences
    >>> differences({"seed": 1, "n": 8, "x": 0}, {"seed": 2, "n": 9, "x": 0})
    'seed: 1 there, 2 here; also n'
    """
    keys = [k for k in {**stored, **wanted} if stored.get(k) != wanted.get(k)]
    first = keys[0]
    text = f"{first}: {_shown(stored.get(first))} there, {_shown(wanted.get(first))} here"
    return text + (f"; also {', '.join(keys[1:])}" if keys[1:] else "")


def _shown(value: Any) -> str:
    text = "none" if value is None else json.dumps(value) if not isinstance(value, str) else value
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def remove_checkpoint(folder: str | Path) -> None:
    """Remove a checkpoint's files, then its folder if nothing else is left in it.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from negsim.explore.checkpoints import open_checkpoint, remove_checkpoint
    >>> folder = Path(tempfile.mkdtemp()) / "run.partial"
    >>> open_checkpoint(folder, {"seed": 1}, 1).keep(0, {})
    >>> remove_checkpoint(folder)
    >>> folder.exists()
    False
    """
    folder = Path(folder)
    if not folder.is_dir():
        return
    for path in [*folder.glob("chunk-*.npz"), folder / IDENTITY]:
        path.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        folder.rmdir()
