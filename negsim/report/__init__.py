"""Stage 7: a full run arranged as text, Markdown, JSON and figure files.

Takes a :class:`~negsim.scenario.Scenario`; :func:`run` returns a
:class:`RunResult` of every analysis, :func:`verdict_text` and :func:`markdown`
word it, :func:`write` saves the report, ``result.json`` and the figures.
Nothing here computes an analysis of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from negsim._lazy import lazy_exports

_EXPORTS: dict[str, str] = {
    "REPORT_FILE": "files",
    "JSON_FILE": "result",
    "PNG_DPI": "figures",
    "MAX_PAIR_FIGURES": "figures",
    "MAX_RANGE_FIGURES": "figures",
    "Progress": "result",
    "RunResult": "result",
    "jsonable": "result",
    "run": "result",
    "game_names": "result",
    "game_spec": "result",
    "party_label": "text",
    "fmt": "text",
    "scenario_summary": "result",
    "bargaining_lines": "text",
    "game_summary": "text",
    "game_lines": "text",
    "verdict_text": "text",
    "FigureSpec": "figures",
    "figure_specs": "figures",
    "md_table": "markdown_page",
    "markdown": "markdown_page",
    "ReportFiles": "files",
    "write": "files",
}
"""Exported name -> the submodule that defines it."""

__all__ = [
    "FigureSpec",
    "JSON_FILE",
    "MAX_PAIR_FIGURES",
    "MAX_RANGE_FIGURES",
    "PNG_DPI",
    "Progress",
    "REPORT_FILE",
    "ReportFiles",
    "RunResult",
    "bargaining_lines",
    "figure_specs",
    "fmt",
    "game_lines",
    "game_names",
    "game_spec",
    "game_summary",
    "jsonable",
    "markdown",
    "md_table",
    "party_label",
    "run",
    "scenario_summary",
    "verdict_text",
    "write",
]

__getattr__, __dir__ = lazy_exports(
    "negsim.report",
    {name: f"negsim.report.{module}" for name, module in _EXPORTS.items()},
    globals(),
)

if TYPE_CHECKING:
    from negsim.report.figures import (
        MAX_PAIR_FIGURES,
        MAX_RANGE_FIGURES,
        PNG_DPI,
        FigureSpec,
        figure_specs,
    )
    from negsim.report.files import REPORT_FILE, ReportFiles, write
    from negsim.report.markdown_page import markdown, md_table
    from negsim.report.result import (
        JSON_FILE,
        Progress,
        RunResult,
        game_names,
        game_spec,
        jsonable,
        run,
        scenario_summary,
    )
    from negsim.report.text import (
        bargaining_lines,
        fmt,
        game_lines,
        game_summary,
        party_label,
        verdict_text,
    )
