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
    return inspect.cleandoc(obj.__doc__ or "(no docstring)")


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


MODULES = [
    "negsim.scenario",
    "negsim.scenario.format",
    "negsim.scenario.loading",
    "negsim.scenario.messages",
    "negsim.scenario.references",
    "negsim.scenario.paths",
    "negsim.scenario.schema",
    "negsim.scenario.rules",
    "negsim.model.space",
    "negsim.model",
    "negsim.zone.results",
    "negsim.zone.enumeration",
    "negsim.zone.hitting_sets",
    "negsim.zone.milp",
    "negsim.zone.decide",
    "negsim.zone.proposals",
    "negsim.zone.analysis",
    "negsim.zone.verdict",
    "negsim.bargaining.pareto",
    "negsim.bargaining",
    "negsim.bargaining.rubinstein",
    "negsim.bargaining.war",
    "negsim.games",
    "negsim.explore",
    "negsim.explore.discovery",
    "negsim.explore.executors",
    "negsim.report.result",
    "negsim.report.text",
    "negsim.report.markdown_page",
    "negsim.report.figures",
    "negsim.report.files",
    "negsim.plots.style",
    "negsim.plots.utility_plane",
    "negsim.plots.issue_space",
    "negsim.plots.zone_matrix",
    "negsim.plots.conflicts",
    "negsim.plots.games",
    "negsim.plots.proposals",
    "negsim.plots.ranges",
    "negsim.plots.explore",
]


def _summary(obj: object) -> str:
    """The first paragraph of a docstring."""
    return _doc(obj).split("\n\n")[0]


def modules_section() -> list[str]:
    """One section per module: its docstring and the one-line summary of each public name."""
    import importlib

    lines = [
        "",
        "# Modules",
        "",
        "The modules behind the top-level names, with their public functions and classes.",
    ]
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        lines += ["", f"## `{module_name}`", "", _doc(module)]
        # dir() and getattr(), not vars(): packages import their names on first use
        for attr in sorted(dir(module)):
            member = getattr(module, attr)
            if attr.startswith("_") or not (inspect.isfunction(member) or inspect.isclass(member)):
                continue
            if not (member.__module__ or "").startswith(module_name):
                continue
            kind = "class " if inspect.isclass(member) else ""
            signature = "" if inspect.isclass(member) else str(inspect.signature(member))
            lines += ["", f"- {kind}`{attr}{signature}`: {_summary(member)}"]
    return lines


def main() -> int:
    PAGES["cli"].write_text(cli_page(), encoding="utf-8")
    PAGES["api"].write_text(api_page(), encoding="utf-8")
    print("wrote docs/reference/cli.md and docs/reference/api.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
