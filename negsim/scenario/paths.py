"""Dotted paths into plain scenario data, as :meth:`~negsim.scenario.Scenario.with_` takes them.

A path names a value by the keys leading to it (``parties.ukraine.no_deal``);
list entries are reached by their ``id`` or by position
(``parties.ukraine.red_lines.not-an-inch.rule``, ``...lottery.0.p``).
:func:`get_path` reads a value, :func:`set_path` sets one; both follow the
path with :func:`_walk` and differ only in what they say when it leads nowhere.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from negsim.common.suggest import did_you_mean
from negsim.errors import ScenarioError
from negsim.scenario.yaml_source import MAX_DEPTH, MAX_NODES

__all__ = [
    "drop_stale_uncertainty",
    "held_warnings",
    "Key",
    "check_changes",
    "data_path",
    "get_path",
    "set_path",
]

Key = str | int
"""One step of a data path: a mapping's key or a list entry's position."""


def get_path(data: Any, path: str) -> Any:
    """The value at dotted ``path`` in plain scenario data.

    List entries are reached by ``id`` or position, as in
    :meth:`negsim.Scenario.with_`.

    Raises
    ------
    LookupError
        Naming the first part of the path that does not exist.

    Examples
    --------
    >>> from negsim.scenario.paths import get_path
    >>> data = {"parties": {"alpha": {"no_deal": 0.3, "red_lines": [{"id": "keep", "rule": "x"}]}}}
    >>> get_path(data, "parties.alpha.no_deal"), get_path(data, "parties.alpha.red_lines.keep.rule")
    (0.3, 'x')
    >>> get_path(data, "parties.alpha.no_dael")
    Traceback (most recent call last):
    ...
    LookupError: no field 'no_dael' in parties.alpha; did you mean 'no_deal'?
    """
    parts = path.split(".")
    walk = _walk(data, parts)
    if walk.stop is None:
        return walk.node
    raise LookupError(_lookup_problem(walk.node, parts, walk.stop))


def set_path(data: Any, path: str, value: Any, *, source: str = "<override>") -> tuple[Key, ...]:
    """Set ``value`` at dotted ``path`` inside plain scenario data, in place.

    List entries are addressed by position or by their ``id``; the last part
    may name a field a mapping does not have yet. ``None`` for a list entry
    removes it (``parties.x.red_lines.some-id: None`` drops that red line).

    Returns
    -------
    tuple
        The data path that was set (list entries as positions).

    Raises
    ------
    ScenarioError
        Naming the first part of the path that does not exist.
    """
    _check_change(path, value, source)
    parts = path.split(".")
    walk = _walk(data, parts[:-1])
    if walk.stop is None:
        key = _key(walk.node, parts[-1], new=True)
        if key is not None:
            if value is None and isinstance(walk.node, list) and isinstance(key, int):
                del walk.node[key]
            else:
                walk.node[key] = value
            return (*walk.keys, key)
    depth = len(parts) - 1 if walk.stop is None else walk.stop
    raise ScenarioError(
        _override_problem(walk.node, parts, depth),
        file=source,
        field=".".join(parts[: depth + 1]),
    )


def data_path(data: Any, path: str) -> tuple[Key, ...]:
    """The keys a dotted ``path`` leads through in ``data`` (list entries as positions), as far
    as it exists.

    Examples
    --------
    >>> from negsim.scenario.paths import data_path
    >>> data = {"parties": {"alpha": {"red_lines": [{"id": "keep", "rule": "x"}]}}}
    >>> data_path(data, "parties.alpha.red_lines.keep.rule")
    ('parties', 'alpha', 'red_lines', 0, 'rule')
    >>> data_path(data, "parties.beta.no_deal")
    ('parties',)
    """
    return _walk(data, path.split(".")).keys


def check_changes(changes: Any, *, source: str = "<override>") -> Mapping[Any, Any]:
    """``changes`` if it is a mapping of dotted paths; else a one-line :class:`ScenarioError`.

    Examples
    --------
    >>> from negsim.scenario.paths import check_changes
    >>> check_changes("name=x")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    negsim.errors.ScenarioError: <override>: changes are a mapping of dotted paths ..., not str
    """
    if not isinstance(changes, Mapping):
        raise ScenarioError(
            "changes are a mapping of dotted paths to values, e.g. {'name': 'Talks'}, "
            f"not {type(changes).__name__}",
            file=source,
        )
    return changes


def _check_change(path: Any, value: Any, source: str) -> None:
    if not isinstance(path, str):
        raise ScenarioError(
            f"a path is dotted text such as 'parties.alpha.no_deal', not {type(path).__name__} "
            f"{str(path)[:40]!r}",
            file=source,
        )
    depth, count = _extent(value)
    if depth > MAX_DEPTH or count > MAX_NODES:
        raise ScenarioError(
            f"the value is nested more than {MAX_DEPTH} levels deep or holds more than "
            f"{MAX_NODES:,} values",
            file=source,
            field=path[:200],
        )


def _extent(value: Any) -> tuple[int, int]:
    """Depth and number of values of plain data, stopping once past the limits."""
    deepest, count = 0, 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack and deepest <= MAX_DEPTH and count <= MAX_NODES:
        node, depth = stack.pop()
        count += 1
        deepest = max(deepest, depth)
        if isinstance(node, Mapping):
            stack.extend((item, depth + 1) for item in node.values())
        elif isinstance(node, list | tuple):
            stack.extend((item, depth + 1) for item in node)
    return deepest, count


@dataclass(frozen=True)
class _Walk:
    """How far a path leads: the node reached, the keys taken, where it stopped."""

    node: Any
    keys: tuple[Key, ...]
    stop: int | None
    """Index of the part not found in ``node``; ``None`` when every part was followed."""


def drop_stale_uncertainty(data: dict[str, Any], changed: Sequence[str]) -> list[str]:
    """Remove the ``uncertainty`` entries that a change of ``changed`` paths left pointing nowhere.

    Replacing a value (``parties.x.no_deal``, a war lottery, by a single number)
    takes away the fields an ``uncertainty`` entry may vary inside it
    (``parties.x.no_deal.war.lottery.1.p``). Such an entry no longer means
    anything, so it is left out, with a warning naming it, rather than making
    the changed scenario invalid. Entries that still resolve are kept.

    Returns
    -------
    list[str]
        The entries removed, in file order.

    Examples
    --------
    >>> from negsim.scenario.paths import drop_stale_uncertainty
    >>> data = {"parties": {"x": {"no_deal": 0.4}},
    ...         "uncertainty": {"parties.x.no_deal.war.cost": [0, 1], "parties.y.no_deal": [0, 1]}}
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     drop_stale_uncertainty(data, ["parties.x.no_deal"])
    ['parties.x.no_deal.war.cost']
    >>> list(data["uncertainty"]), str(caught[0].message)[:44]
    (['parties.y.no_deal'], "uncertainty entry 'parties.x.no_deal.war.cos")
    """
    entries = data.get("uncertainty")
    if not isinstance(entries, dict):
        return []
    dropped = []
    for key in list(entries):
        inside = [c for c in changed if str(key).startswith(f"{c}.")]
        if not inside:
            continue
        try:
            get_path(data, str(key))
        except LookupError:
            del entries[key]
            dropped.append(str(key))
            warnings.warn(
                f"uncertainty entry {key!r} left out: it varies a field of {inside[0]}, "
                "which the change replaced",
                stacklevel=3,
            )
    return dropped


@contextmanager
def held_warnings() -> Iterator[None]:
    """Warnings of the block, shown only when it ends without an error.

    A change that leaves an uncertainty entry out warns; when the changed
    scenario is then refused, the refusal alone is shown, in one line.

    Examples
    --------
    >>> import warnings
    >>> from negsim.scenario.paths import held_warnings
    >>> with warnings.catch_warnings(record=True) as shown:
    ...     warnings.simplefilter("always")
    ...     try:
    ...         with held_warnings():
    ...             warnings.warn("left out")
    ...             raise ValueError("refused")
    ...     except ValueError:
    ...         pass
    >>> shown
    []
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    for warning in caught:
        warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)


def _walk(data: Any, parts: Sequence[str]) -> _Walk:
    node = data
    keys: list[Key] = []
    for depth, part in enumerate(parts):
        key = _key(node, part)
        if key is None:
            return _Walk(node, tuple(keys), depth)
        keys.append(key)
        node = node[key]
    return _Walk(node, tuple(keys), None)


def _key(node: Any, part: str, *, new: bool = False) -> Key | None:
    """The key ``part`` names in ``node``, or ``None``; with ``new``, a mapping takes any part."""
    if isinstance(node, Mapping):
        return part if new or part in node else None
    if isinstance(node, list):
        return _list_index(node, part)
    return None


def _list_index(node: list[Any], part: str) -> int | None:
    for i, item in enumerate(node):
        if isinstance(item, dict) and item.get("id") == part:
            return i
    if part.isdigit() and int(part) < len(node):
        return int(part)
    return None


def _lookup_problem(node: Any, parts: Sequence[str], depth: int) -> str:
    part, here = parts[depth], ".".join(parts[:depth]) or "the scenario"
    if isinstance(node, Mapping):
        return f"no field {part!r} in {here}" + did_you_mean(part, [str(k) for k in node])
    if isinstance(node, list):
        return f"no entry {part!r} in the list {here}"
    return f"{here} is a single value; it has no field {part!r}"


def _override_problem(node: Any, parts: Sequence[str], depth: int) -> str:
    part = parts[depth]
    if isinstance(node, Mapping):
        return f"no field {part!r} here{did_you_mean(part, node)}"
    if isinstance(node, list):
        ids = [str(item.get("id")) for item in node if isinstance(item, dict)]
        return f"no entry {part!r} in this list{did_you_mean(part, ids)}"
    return f"{'.'.join(parts[:depth])} is {_kind_of_value(node)}, which has no field {part!r}"


def _kind_of_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    return "empty" if value is None else type(value).__name__
