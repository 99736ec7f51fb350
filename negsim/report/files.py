"""Writing a run to a folder: ``report.md``, ``result.json`` and the figures."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from negsim.common.atomic import write_text
from negsim.errors import NegsimError
from negsim.report.figures import figure_specs, render_figures, why
from negsim.report.markdown_page import markdown
from negsim.report.result import JSON_FILE, RunResult

__all__ = [
    "REPORT_FILE",
    "ReportFiles",
    "write",
]

REPORT_FILE = "report.md"


@dataclass(frozen=True)
class ReportFiles:
    """What :func:`write` wrote."""

    folder: Path
    report: Path
    json: Path
    figures: tuple[Path, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "folder": str(self.folder),
            "report": str(self.report),
            "json": str(self.json),
            "figures": [str(f) for f in self.figures],
        }


def write(
    result: RunResult,
    folder: str | Path,
    *,
    plots: bool = True,
    progress: bool = False,
    jobs: int | None = None,
    svg: bool = False,
) -> ReportFiles:
    """Write ``report.md``, ``result.json`` and (with ``plots``) each figure as PNG.

    Parameters
    ----------
    svg
        Also save each figure as SVG (text kept as text, for print or editing);
        off by default, as it doubles the time figures take.
    jobs
        Processes drawing figures at once. Default: one per CPU core (at most
        4) where processes can be forked, else 1. Figures are independent, so
        the files are the same whatever the number.

    Raises
    ------
    NegsimError
        When the folder cannot be created or written.
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise NegsimError(f"cannot create the output folder {folder}: {why(exc)}") from None
    specs = figure_specs(result) if plots else []
    formats = ("png", "svg") if svg else ("png",)
    paths = [folder / f"{spec.name}.{ext}" for spec in specs for ext in formats]
    render_figures(specs, folder, progress=progress, jobs=jobs, formats=formats)
    written = [(spec, f"{spec.name}.png") for spec in specs]
    data = result.to_dict()
    data["figures"] = [
        {"name": s.name, "caption": s.caption, "png": f, "svg": f"{s.name}.svg" if svg else None}
        for s, f in written
    ]
    report = folder / REPORT_FILE
    json_path = folder / JSON_FILE
    _write_text(report, markdown(result, written))
    _write_text(json_path, json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n")
    return ReportFiles(folder, report, json_path, tuple(paths))


def _write_text(path: Path, text: str) -> None:
    try:
        write_text(path, text)
    except OSError as exc:
        raise NegsimError(f"cannot write {path}: {why(exc)}") from None
