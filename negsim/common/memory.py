"""How much memory there is to use: sizes in words, the memory available, a limit to respect.

Before enumerating a large outcome space negsim estimates the memory the
arrays will take and compares it with the memory available: the smallest of
the system's available memory (``MemAvailable`` of ``/proc/meminfo``), what
is left of the process's address-space limit (``ulimit -v``) and what is left
of its control group's ``memory.max``. An explicit limit (``max_memory=`` in
Python, ``--max-memory`` on the command line) replaces that guess.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

__all__ = [
    "available_memory",
    "explicit_memory_limit",
    "parse_size",
    "size_text",
    "using_memory_limit",
]

_UNITS = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}
_SIZE = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*([KMGT]?)(?:I?B)?\s*$", re.IGNORECASE | re.ASCII)

_LIMIT: ContextVar[int | None] = ContextVar("negsim_memory_limit", default=None)


def parse_size(text: str) -> int:
    """A size in bytes from ``500M``, ``2G``, ``1.5GiB`` or a plain number of bytes.

    Units are binary (``1K`` is 1024 bytes).

    Raises
    ------
    ValueError
        When the text is not a size.

    Examples
    --------
    >>> from negsim.common.memory import parse_size
    >>> parse_size("2G"), parse_size("500m"), parse_size("1.5GiB"), parse_size("4096")
    (2147483648, 524288000, 1610612736, 4096)
    """
    match = _SIZE.match(text)
    if match is None or len(text) > 40:
        raise ValueError(f"expected a size such as 500M or 2G, got {text!r}")
    number, unit = match.groups()
    return int(float(number) * _UNITS[unit.upper()])


def size_text(size: float) -> str:
    """A number of bytes in words, with a binary unit.

    Examples
    --------
    >>> from negsim.common.memory import size_text
    >>> size_text(5.1 * 2**30), size_text(300 * 2**20), size_text(512)
    ('5.1 GiB', '300 MiB', '512 bytes')
    """
    for unit, scale in (("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if size >= scale:
            value = size / scale
            return f"{value:.1f} {unit}" if value < 10 else f"{value:,.0f} {unit}"
    return f"{int(size)} bytes"


def available_memory() -> int | None:
    """Bytes this process can still allocate, as far as the system says; ``None`` if unknown."""
    known = [m for m in (_system_available(), _address_space_left(), _cgroup_left()) if m]
    return min(known) if known else None


def explicit_memory_limit() -> int | None:
    """The limit set by :func:`using_memory_limit` (``--max-memory``), or ``None``."""
    return _LIMIT.get()


@contextmanager
def using_memory_limit(limit: int | None) -> Iterator[None]:
    """Within the block, :func:`explicit_memory_limit` is ``limit`` (``None``: none given)."""
    token = _LIMIT.set(limit)
    try:
        yield
    finally:
        _LIMIT.reset(token)


def _read(path: str) -> str | None:
    try:
        return Path(path).read_text(encoding="ascii", errors="replace")
    except OSError:
        return None


def _kib_field(text: str | None, name: str) -> int | None:
    match = re.search(rf"^{name}:\s+([0-9]+) kB", text or "", re.MULTILINE)
    return int(match.group(1)) * 1024 if match else None


def _system_available() -> int | None:
    found = _kib_field(_read("/proc/meminfo"), "MemAvailable")
    if found is not None:
        return found
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None


def _address_space_left() -> int | None:
    try:
        import resource
    except ImportError:
        return None
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    if soft == resource.RLIM_INFINITY:
        return None
    used = _kib_field(_read("/proc/self/status"), "VmSize") or 0
    return max(soft - used, 1)


def _cgroup_left() -> int | None:
    cgroup = _read("/proc/self/cgroup") or ""
    match = re.search(r"^0::(/.*)$", cgroup, re.MULTILINE)
    if match is None:
        return None
    folder = f"/sys/fs/cgroup{match.group(1).rstrip('/')}"
    limit, current = _read(f"{folder}/memory.max"), _read(f"{folder}/memory.current")
    if not limit or not current or not limit.strip().isdigit() or not current.strip().isdigit():
        return None
    return max(int(limit) - int(current), 1)
