"""Loading a scenario: from a file, YAML text or plain data, validated."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from negsim.errors import ScenarioError
from negsim.scenario.format import FORMAT_VERSION, Scenario
from negsim.scenario.messages import error_at, first_error
from negsim.scenario.paths import (
    check_changes,
    drop_stale_uncertainty,
    held_warnings,
    set_path,
)
from negsim.scenario.references import check_references
from negsim.scenario.yaml_source import MAX_BYTES, YamlDocument, read_yaml

__all__ = [
    "from_data",
    "load",
    "load_document",
    "read_scenario_file",
]


def load(source: str | Path, *, overrides: Mapping[str, Any] | None = None) -> Scenario:
    """Load and validate a scenario from a file path or from YAML text.

    Parameters
    ----------
    source
        A path to a file (a :class:`~pathlib.Path`, a name ending in
        ``.yaml``/``.yml``, or the name of an existing file), or the YAML text
        itself (any string containing a newline is read as text).
    overrides
        Optional dotted-path changes applied before validation, as with
        :meth:`Scenario.with_`.

    Raises
    ------
    ScenarioError
        One line naming the file, the YAML line, the field and the problem.
    """
    return load_document(source, overrides=overrides)[0]


def load_document(
    source: str | Path, *, overrides: Mapping[str, Any] | None = None
) -> tuple[Scenario, YamlDocument]:
    """:func:`load`, also returning the YAML document, to place later errors on their lines.

    Raises
    ------
    ScenarioError
        As :func:`load`.
    """
    if not isinstance(source, str | Path):
        raise ScenarioError(f"load() takes a file path or YAML text, not {type(source).__name__}")
    if isinstance(source, Path) or _looks_like_a_path(source):
        name = str(source)
        raw = read_scenario_file(Path(source), name)
        document = read_yaml(raw, name)
    else:
        document = read_yaml(source, "<text>")
    if overrides:
        overrides = check_changes(overrides, source=document.source)
        data = copy.deepcopy(document.data)
        changed = []
        for key, value in overrides.items():
            try:
                changed.append((key, set_path(data, key, value, source=document.source)))
            except ScenarioError as exc:
                raise ScenarioError(
                    f"{exc.message} (in override {key!r})", file=exc.file, field=exc.field
                ) from None
        document = dataclasses.replace(document, data=data, overrides=tuple(changed))
        with held_warnings():
            drop_stale_uncertainty(data, list(overrides))
            return _validate(document.data, document), document
    return _validate(document.data, document), document


def read_scenario_file(path: Path, name: str) -> bytes:
    """The bytes of a regular file of at most :data:`MAX_BYTES`; else a one-line error.

    The file is opened without blocking and checked to be a regular file
    before anything is read (a FIFO, a device such as ``/dev/zero`` or a
    socket is refused), and at most ``MAX_BYTES + 1`` bytes are read, so a file
    that grows while it is read is refused too.
    """
    import os
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise ScenarioError("no such file", file=name) from None
    except IsADirectoryError:
        raise ScenarioError("is a directory, not a scenario file", file=name) from None
    except OSError as exc:
        raise ScenarioError(f"cannot read the file: {exc.strerror}", file=name) from None
    except ValueError:
        raise ScenarioError("a file name cannot hold a NUL character", file=repr(name)) from None
    try:
        status = os.fstat(fd)
        if stat.S_ISDIR(status.st_mode):
            raise ScenarioError("is a directory, not a scenario file", file=name)
        if not stat.S_ISREG(status.st_mode):
            raise ScenarioError("is not a regular file (a device, pipe or socket)", file=name)
        if status.st_size > MAX_BYTES:
            raise ScenarioError(
                f"file is {status.st_size:,} bytes; scenario files are limited to "
                f"{MAX_BYTES:,} bytes",
                file=name,
            )
        with os.fdopen(fd, "rb", closefd=False) as stream:
            raw = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ScenarioError(f"cannot read the file: {exc.strerror}", file=name) from None
    finally:
        os.close(fd)
    if len(raw) > MAX_BYTES:
        raise ScenarioError(
            f"file grew past {MAX_BYTES:,} bytes while it was read; scenario files are "
            "limited to that",
            file=name,
        )
    return raw


def _looks_like_a_path(source: str) -> bool:
    if "\n" in source:
        return False
    if source.strip().endswith((".yaml", ".yml")):
        return True
    try:
        return Path(source).is_file()
    except (OSError, ValueError):
        return False


def from_data(data: Any, *, source: str = "<data>") -> Scenario:
    """Validate plain data (as read from YAML or JSON) into a :class:`Scenario`."""
    return _validate(data, YamlDocument(data=data, source=source))


def _validate(data: Any, document: YamlDocument) -> Scenario:
    if not isinstance(data, dict):
        hint = (
            f"; got the text {data!r} (to read a file, give a path ending in .yaml or .yml, "
            "or a pathlib.Path)"
            if isinstance(data, str) and document.source == "<text>"
            else ""
        )
        raise ScenarioError(
            f"a scenario is a mapping with 'negsim: 1' at the top{hint}",
            file=document.source,
            line=1,
        )
    if data.get("negsim") != FORMAT_VERSION:
        version = data.get("negsim")
        message = (
            "missing 'negsim: 1' (the format version) at the top"
            if version is None
            else f"format version {version!r} is not supported (this negsim reads 'negsim: 1')"
        )
        raise error_at(document, ("negsim",), message)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise first_error(exc, data, document) from None
    check_references(scenario, document)
    return scenario
