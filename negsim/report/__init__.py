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
    "REPORT_FILE": "result",
    "JSON_FILE": "result",
    "PNG_DPI": "result",
    "MAX_PAIR_FIGURES": "result",
    "MAX_RANGE_FIGURES": "result",
    "Progress": "result",
    "RunResult": "result",
    "jsonable": "result",
    "run": "result",
    "game_names": "result",
    "game_spec": "result",
    "party_label": "result",
    "fmt": "result",
    "scenario_summary": "result",
    "bargaining_lines": "result",
    "game_summary": "result",
    "game_lines": "result",
    "verdict_text": "result",
    "FigureSpec": "result",
    "figure_specs": "result",
    "md_table": "result",
    "markdown": "result",
    "ReportFiles": "result",
    "write": "result",
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
    from negsim.report.result import (
        JSON_FILE,
        MAX_PAIR_FIGURES,
        MAX_RANGE_FIGURES,
        PNG_DPI,
        REPORT_FILE,
        FigureSpec,
        Progress,
        ReportFiles,
        RunResult,
        bargaining_lines,
        figure_specs,
        fmt,
        game_lines,
        game_names,
        game_spec,
        game_summary,
        jsonable,
        markdown,
        md_table,
        party_label,
        run,
        scenario_summary,
        verdict_text,
        write,
    )
