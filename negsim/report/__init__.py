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
    "Progress": "result",
    "RunResult": "result",
    "run": "result",
    "verdict_text": "text",
    "FigureSpec": "figures",
    "figure_specs": "figures",
    "markdown": "markdown_page",
    "ReportFiles": "files",
    "write": "files",
}
"""Exported name -> the submodule that defines it."""

__all__ = [
    "FigureSpec",
    "JSON_FILE",
    "Progress",
    "REPORT_FILE",
    "ReportFiles",
    "RunResult",
    "figure_specs",
    "markdown",
    "run",
    "verdict_text",
    "write",
]

__getattr__, __dir__ = lazy_exports(
    "negsim.report",
    {name: f"negsim.report.{module}" for name, module in _EXPORTS.items()},
    globals(),
)

if TYPE_CHECKING:
    from negsim.report.figures import FigureSpec, figure_specs
    from negsim.report.files import REPORT_FILE, ReportFiles, write
    from negsim.report.markdown_page import markdown
    from negsim.report.result import JSON_FILE, Progress, RunResult, run
    from negsim.report.text import verdict_text
