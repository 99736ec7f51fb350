"""Safe YAML reading that keeps the line of every field.

A scenario file is data, never code: only the plain YAML types are accepted
(mappings, sequences, strings, numbers, ``true``/``false``, ``null``); any
tag that would build an object is refused, as are duplicate keys, merge keys,
files above a size limit, deep nesting and alias bombs. Scalars follow the
YAML 1.2 core schema, so ``no`` and ``on`` stay strings and dates stay text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from negsim.errors import ScenarioError

__all__ = [
    "MAX_BYTES",
    "MAX_CHARACTERS",
    "MAX_DEPTH",
    "MAX_NODES",
    "Path",
    "YamlDocument",
    "dotted",
    "dump_yaml",
    "read_yaml",
]

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 32
MAX_NODES = 200_000
MAX_CHARACTERS = 2 * MAX_BYTES
"""Characters of all the text values together, once aliases are expanded (a text of 1.5 MB
repeated by alias a thousand times is refused before any validation)."""

Path = tuple[str | int, ...]

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


class _TooDeep(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


class _TooMany(_TooDeep):
    """More than :data:`MAX_NODES` nodes, counted while composing."""


class _Bounded:
    """Composing that stops early on deep nesting (which would otherwise recurse until the
    interpreter's limit) and on more than :data:`MAX_NODES` nodes, before any is built."""

    _depth = 0
    _deep_line = 0
    _nodes = 0

    def compose_node(
        self, parent: yaml.Node | None, index: int | yaml.Node | None
    ) -> yaml.Node | None:
        self._depth += 1
        self._nodes += 1
        try:
            is_key = isinstance(parent, yaml.MappingNode) and index is None
            if self._depth == MAX_DEPTH + 2 and not self._deep_line and not is_key:
                self._deep_line = self.peek_event().start_mark.line + 1  # type: ignore[attr-defined]
            if self._depth > 3 * MAX_DEPTH:
                raise _TooDeep(self._deep_line)
            if self._nodes > MAX_NODES:
                raise _TooMany(self.peek_event().start_mark.line + 1)  # type: ignore[attr-defined]
            # PyYAML passes None for a mapping key and the key's node for its value;
            # its stubs declare only the int index of a sequence item
            return super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            self._depth -= 1


class _CoreLoader(_Bounded, yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core-schema scalars (no yes/no booleans, no dates)."""


_CoreLoader.yaml_implicit_resolvers = {}
_CoreLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_CoreLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^[-+]?(?:[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
_CoreLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+.0123456789"),
)
_CoreLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


class _CoreDumper(yaml.SafeDumper):
    """SafeDumper that quotes every string either YAML 1.1 or the 1.2 core schema reads as
    something else (``yes``, ``1e5``, ``0o17``), so the text reads back the same."""


for _first, _resolvers in _CoreLoader.yaml_implicit_resolvers.items():
    for _tag, _regexp in _resolvers:
        _CoreDumper.add_implicit_resolver(_tag, _regexp, [_first])


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # PyYAML writes these line separators raw outside double quotes, and reads them back as
    # line breaks; escaped in double quotes they survive
    style = '"' if any(c in value for c in "\x85\u2028\u2029\ufeff") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_CoreDumper.add_representer(str, _represent_str)


def dump_yaml(data: Any) -> str:
    """YAML text of plain data that :func:`read_yaml` reads back to equal data.

    Examples
    --------
    Strings YAML would read as something else are quoted:

    >>> from negsim.scenario.yaml_source import dump_yaml, read_yaml
    >>> text = dump_yaml({"name": "Talks", "no_deal": 0.3, "items": ["north", "yes"]})
    >>> print(text, end="")
    name: Talks
    no_deal: 0.3
    items:
    - north
    - 'yes'
    >>> read_yaml(text, "<text>").data["items"]
    ['north', 'yes']
    """
    return yaml.dump(data, Dumper=_CoreDumper, sort_keys=False, allow_unicode=True)


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    """Integers as YAML 1.2 reads them: ``017`` is seventeen, octal is written ``0o17``."""
    text = str(loader.construct_scalar(node))
    digits = text.lstrip("+-")
    sign = -1 if text.startswith("-") else 1
    if digits[:2] == "0o":
        return sign * int(digits[2:], 8)
    if digits[:2] == "0x":
        return sign * int(digits[2:], 16)
    return sign * int(digits, 10)


_CoreLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)

_FastLoader: type | None = None
if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class _CFastLoader(
        _Bounded,
        yaml.composer.Composer,
        CParser,
        yaml.constructor.SafeConstructor,
        yaml.resolver.Resolver,
    ):
        """:class:`_CoreLoader` reading with libyaml: the same nodes, several times faster."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
            yaml.composer.Composer.__init__(self)

    _CFastLoader.yaml_implicit_resolvers = _CoreLoader.yaml_implicit_resolvers
    _CFastLoader.yaml_constructors = _CoreLoader.yaml_constructors
    _FastLoader = _CFastLoader


@dataclass(frozen=True)
class YamlDocument:
    """Plain data read from YAML, with the 1-based line of every path in it.

    Examples
    --------
    >>> from negsim.scenario.yaml_source import read_yaml
    >>> doc = read_yaml("parties:\\n  alpha:\\n    no_deal: 0.3\\n", "talks.yaml")
    >>> doc.line_of(("parties", "alpha", "no_deal")), doc.line_of(("parties", "alpha", "missing"))
    (3, 2)
    """

    data: Any
    source: str
    lines: dict[Path, int] = field(default_factory=dict)
    overrides: tuple[tuple[str, Path], ...] = ()
    """Dotted paths given as overrides, each with the data path it set (not from the text)."""

    def line_of(self, path: Path) -> int | None:
        """Line of the deepest prefix of ``path`` that exists in the document."""
        for cut in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:cut]))
            if line is not None:
                return line
        return None


def read_yaml(text: str | bytes, source: str) -> YamlDocument:
    """Parse YAML text into plain data, refusing anything that is not plain data.

    Parameters
    ----------
    text
        The YAML text.
    source
        Name shown in error messages (a file name or ``<text>``).

    Raises
    ------
    ScenarioError
        On any syntax error or refused construct, naming the line.

    Examples
    --------
    Every key remembers its line; ``017`` is seventeen, as in YAML 1.2:

    >>> from negsim.scenario.yaml_source import read_yaml
    >>> text = "name: Talks\\nissues:\\n  guarantee: {kind: boolean}\\nyear: 017\\n"
    >>> doc = read_yaml(text, "<text>")
    >>> doc.data
    {'name': 'Talks', 'issues': {'guarantee': {'kind': 'boolean'}}, 'year': 17}
    >>> doc.line_of(("issues", "guarantee", "kind"))
    3

    Tags that would build objects are refused, and so are duplicate keys:

    >>> read_yaml("a: !!python/object:os.system x", "talks.yaml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    negsim.errors.ScenarioError: talks.yaml:1: a: YAML tag '...' is not allowed in a scenario file
    >>> read_yaml("a: 1\\na: 2\\n", "talks.yaml")
    Traceback (most recent call last):
    ...
    negsim.errors.ScenarioError: talks.yaml:2: a: duplicate key 'a'
    """
    size = len(text.encode("utf-8") if isinstance(text, str) else text)
    if size > MAX_BYTES:
        raise ScenarioError(
            f"file is {size:,} bytes; scenario files are limited to {MAX_BYTES:,} bytes",
            file=source,
        )
    if isinstance(text, bytes):
        raw = text
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ScenarioError(
                f"not UTF-8 text (byte {exc.start})",
                file=source,
                line=raw.count(b"\n", 0, exc.start) + 1,
            ) from None
    try:
        loader = _CoreLoader(text)
    except yaml.reader.ReaderError as exc:
        raise _unreadable(exc, text, source) from None
    fast = _compose_fast(text, source)
    if fast is not None:
        loader.dispose()
        loader, node = fast
        return _built(loader, node, source)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise ScenarioError(
            f"invalid YAML: {_explain(exc, line)}", file=source, line=line
        ) from None
    except yaml.reader.ReaderError as exc:
        raise _unreadable(exc, text, source) from None
    except yaml.YAMLError as exc:
        raise ScenarioError(f"invalid YAML: {exc}", file=source) from None
    except _TooDeep as exc:
        raise _too_large(exc, source) from None
    finally:
        loader.dispose()
    return _built(loader, node, source)


def _compose_fast(text: str, source: str) -> tuple[Any, yaml.Node | None] | None:
    """The loader and node composed with libyaml; ``None`` when libyaml is missing or finds
    the text invalid (the pure-Python reader then words the error)."""
    if _FastLoader is None:
        return None
    loader = _FastLoader(text)
    try:
        return loader, loader.get_single_node()
    except _TooDeep as exc:
        raise _too_large(exc, source) from None
    except (yaml.YAMLError, ValueError, UnicodeError):
        return None


def _too_large(exc: _TooDeep, source: str) -> ScenarioError:
    if isinstance(exc, _TooMany):
        return ScenarioError(f"more than {MAX_NODES:,} values", file=source, line=exc.line)
    return ScenarioError(
        f"nesting is too deep (more than {MAX_DEPTH} levels)", file=source, line=exc.line
    )


def _built(loader: Any, node: yaml.Node | None, source: str) -> YamlDocument:
    if node is None:
        raise ScenarioError("the file is empty", file=source, line=1)
    builder = _Builder(loader, source)
    data = builder.build(node, (), 0)
    return YamlDocument(data=data, source=source, lines=builder.lines)


def _unreadable(exc: yaml.reader.ReaderError, text: str, source: str) -> ScenarioError:
    line = text.count("\n", 0, max(exc.position, 0)) + 1
    what = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "a byte"
    return ScenarioError(
        f"invalid YAML: character {what} is not allowed in YAML text", file=source, line=line
    )


_HINTS = {
    "mapping values are not allowed here": "quote a value that contains ': ', "
    "or check the indentation",
    "found character '\\t' that cannot start any token": "indent with spaces, not tabs",
    "expected <block end>, but found '<block mapping start>'": "check the indentation",
    "expected <block end>, but found '<block sequence start>'": "check the indentation",
    "expected <block end>, but found '-'": "check the indentation of this list",
}

_CONTEXT_NOUNS = {
    "flow sequence": "[...] list",
    "flow mapping": "{...} mapping",
    "block mapping": "mapping",
    "block collection": "block",
    "quoted scalar": "quoted text",
}


def _explain(exc: yaml.MarkedYAMLError, line: int | None) -> str:
    """PyYAML's problem, with a hint for common mistakes and where the enclosing part starts."""
    problem = exc.problem or exc.context or "invalid YAML"
    if exc.context == "expected a single document in the stream":
        return "a scenario file holds one YAML document; remove the second '---'"
    text = problem
    hint = _HINTS.get(problem)
    if hint:
        text += f" ({hint})"
    context, mark = exc.context, exc.context_mark
    if context and mark is not None and mark.line + 1 != line and exc.problem:
        noun = context.removeprefix("while parsing a ").removeprefix("while scanning a ")
        noun = _CONTEXT_NOUNS.get(noun, noun)
        text += f", in the {noun} that starts on line {mark.line + 1}"
    return text


class _Builder:
    def __init__(self, loader: yaml.SafeLoader, source: str) -> None:
        self.loader = loader
        self.source = source
        self.lines: dict[Path, int] = {}
        self.count = 0
        self.characters = 0

    def fail(self, message: str, node: yaml.Node, path: Path) -> ScenarioError:
        return ScenarioError(
            message, file=self.source, line=node.start_mark.line + 1, field=dotted(path) or None
        )

    def build(self, node: yaml.Node, path: Path, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            keys = [i for i, part in enumerate(path) if isinstance(part, str)]
            where = path[: keys[-1] + 1] if keys else ()
            raise ScenarioError(
                f"more than {MAX_NODES:,} values (alias expansion?)",
                file=self.source,
                line=self.lines.get(where),
                field=dotted(where) or None,
            )
        if depth > MAX_DEPTH:
            raise self.fail(f"nesting is too deep (more than {MAX_DEPTH} levels)", node, path)
        self.lines.setdefault(path, node.start_mark.line + 1)
        if node.tag not in _PLAIN_TAGS:
            raise self.fail(f"YAML tag {node.tag!r} is not allowed in a scenario file", node, path)
        if isinstance(node, yaml.ScalarNode):
            self.characters += len(node.value)
            if self.characters > MAX_CHARACTERS:
                raise self.fail(
                    f"the values hold more than {MAX_CHARACTERS:,} characters once aliases are "
                    "expanded (an alias repeats a long text?)",
                    node,
                    path,
                )
            try:
                return self.loader.construct_object(node, deep=True)
            except (yaml.YAMLError, ValueError, KeyError, TypeError):
                kind = node.tag.rsplit(":", 1)[-1]
                raise self.fail(f"{node.value!r} is not a valid {kind}", node, path) from None
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _PLAIN_TAGS:
                raise self.fail("mapping keys must be plain names", key_node, path)
            key = key_node.value
            if key == "<<" and not key_node.style:
                raise self.fail("merge keys (<<) are not supported", key_node, path)
            if key in result:
                raise self.fail(f"duplicate key {key!r}", key_node, (*path, key))
            self.lines[(*path, key)] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result


def dotted(path: Path) -> str:
    """Render a field path as ``a.b.c`` (list positions as numbers).

    Examples
    --------
    >>> from negsim.scenario.yaml_source import dotted
    >>> dotted(("parties", "alpha", "red_lines", 0, "rule"))
    'parties.alpha.red_lines.0.rule'
    """
    return ".".join(str(p) for p in path)
