"""Generate the reference pages ``docs/reference/cli.md`` and ``docs/reference/api.md``.

The CLI page is the ``--help`` text of every command; the API page is built from
the docstrings of everything ``negsim`` exports. Run after changing either::

    python tools/gen_reference.py

The test suite fails when the committed pages differ from what this prints.
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "cli": ROOT / "docs" / "reference" / "cli.md",
    "api": ROOT / "docs" / "reference" / "api.md",
}


def cli_page() -> str:
    import argparse
    import os

    from negsim.cli.commands import build_parser

    os.environ["COLUMNS"] = "100"
    parser = build_parser()
    lines = [
        "# Command-line reference",
        "",
        "Generated from the commands' help by `python tools/gen_reference.py`.",
        "Every command exits with 0 on success and 2 on an error a user can cause",
        "(one line on standard error, naming the file, line and field).",
        "",
        "```text",
        parser.format_help().rstrip(),
        "```",
    ]
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, command in sub.choices.items():
        lines += ["", f"## negsim {name}", "", "```text", command.format_help().rstrip(), "```"]
    return "\n".join(lines) + "\n"


def _doc(obj: object) -> str:
    """The docstring, with its doctest examples in ``pycon`` code blocks."""
    text = inspect.cleandoc(obj.__doc__ or "(no docstring)")
    out: list[str] = []
    in_code = False
    for line in text.splitlines():
        starts = line.startswith(">>>")
        if starts and not in_code:
            out.append("```pycon")
            in_code = True
        elif in_code and not line.strip():
            out.append("```")
            in_code = False
        out.append(line)
    if in_code:
        out.append("```")
    return "\n".join(out)


def api_page() -> str:
    import negsim

    lines = [
        "# Python API reference",
        "",
        "Generated from docstrings by `python tools/gen_reference.py`; everything here is",
        "importable from `negsim`.",
    ]
    for name in sorted(negsim.__all__, key=str.lower):
        obj = getattr(negsim, name)
        if name.startswith("__"):
            continue
        if inspect.isclass(obj):
            lines += ["", f"## class `{name}`", "", _doc(obj)]
            for attr, member in sorted(vars(obj).items()):
                if attr.startswith("_") or not (
                    inspect.isfunction(member) or isinstance(member, property)
                ):
                    continue
                if not member.__doc__:
                    continue
                target = member.fget if isinstance(member, property) else member
                signature = "" if isinstance(member, property) else str(inspect.signature(target))
                lines += ["", f"### `{name}.{attr}{signature}`", "", _doc(member)]
        elif callable(obj):
            lines += ["", f"## `{name}{inspect.signature(obj)}`", "", _doc(obj)]
        elif inspect.ismodule(obj):
            lines += ["", f"## module `{name}`", "", _doc(obj)]
            for attr in sorted(getattr(obj, "__all__", ())):
                member = getattr(obj, attr)
                if callable(member):
                    sig = str(inspect.signature(member)) if not inspect.isclass(member) else ""
                    lines += ["", f"### `{name}.{attr}{sig}`", "", _doc(member)]
    lines += modules_section()
    return "\n".join(lines) + "\n"


def public_modules() -> list[str]:
    """Every module of negsim, in the order of the stages, packages before their modules."""
    import importlib
    import pkgutil

    import negsim

    names = ["negsim"]
    for info in pkgutil.walk_packages(negsim.__path__, "negsim."):
        leaf = info.name.rsplit(".", 1)[1]
        if not leaf.startswith("_"):
            names.append(info.name)
    order = [
        "common", "errors", "scenario", "model", "zone", "bargaining", "games",
        "explore", "plots", "report", "cli",
    ]  # fmt: skip

    def key(name: str) -> tuple[int, str]:
        parts = name.split(".")
        stage = parts[1] if len(parts) > 1 else ""
        return (order.index(stage) + 1 if stage in order else 0, name)

    for name in names:
        importlib.import_module(name)
    return sorted(names, key=key)


def _summary(obj: object) -> str:
    """The first paragraph of a docstring."""
    return _doc(obj).split("\n\n")[0]


def _signature(member: object) -> str:
    if inspect.isclass(member) or not callable(member):
        return ""
    try:
        return str(inspect.signature(member))
    except (TypeError, ValueError):
        return ""


def modules_section() -> list[str]:
    """One section per module: its docstring and the one-line summary of each name in ``__all__``.

    A module's ``__all__`` is its public API; what is not listed there is a helper.
    """
    import importlib

    lines = [
        "",
        "# Modules",
        "",
        "Every module, with its public names (its `__all__`); anything else is a helper.",
    ]
    for module_name in public_modules():
        if module_name == "negsim":
            continue
        module = importlib.import_module(module_name)
        lines += ["", f"## `{module_name}`", "", _doc(module)]
        for attr in sorted(getattr(module, "__all__", ())):
            member = getattr(module, attr)
            if inspect.ismodule(member):
                lines += ["", f"- module `{attr}`: {_summary(member)}"]
            elif inspect.isclass(member) or inspect.isfunction(member):
                kind = "class " if inspect.isclass(member) else ""
                lines += ["", f"- {kind}`{attr}{_signature(member)}`: {_summary(member)}"]
            else:
                lines += ["", f"- `{attr}`"]
    return lines


def main() -> int:
    PAGES["cli"].write_text(cli_page(), encoding="utf-8")
    PAGES["api"].write_text(api_page(), encoding="utf-8")
    print("wrote docs/reference/cli.md and docs/reference/api.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
