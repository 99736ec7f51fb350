"""Every code example in ``docs/`` runs.

- ```` ```python ```` blocks of one page run in order in one namespace, with the
  repository root as the working directory;
- ```` ```yaml ```` blocks whose fence is preceded by a ``<!-- scenario -->``
  line are loaded with :func:`negsim.load`;
- a block preceded by a ``<!-- no-run -->`` line is skipped; nothing else is.

Blank lines may stand between a marker and its fence.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import negsim

os.environ.setdefault("MPLBACKEND", "Agg")

REPO = Path(__file__).resolve().parent.parent
DOCS = sorted((REPO / "docs").glob("**/*.md"))

NO_RUN = "<!-- no-run -->"
SCENARIO = "<!-- scenario -->"
_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`\s]*)")


@dataclass(frozen=True)
class Block:
    """A fenced code block of a Markdown page."""

    path: Path
    line: int  # 1-based line of the first line of code
    language: str
    code: str
    marker: str | None  # the marker line before the fence, if any

    @property
    def name(self) -> str:
        return f"{self.path.relative_to(REPO)}:{self.line}"


def blocks(path: Path) -> list[Block]:
    """The fenced code blocks of a Markdown file, with the marker line before each."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    previous: str | None = None
    i = 0
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if match is None:
            if lines[i].strip():
                previous = lines[i].strip()
            i += 1
            continue
        fence, indent = match["fence"], len(match["indent"])
        start = i + 1
        j = start
        while j < len(lines) and not (
            lines[j].strip().startswith(fence[0] * len(fence))
            and lines[j].strip().strip(fence[0]) == ""
        ):
            j += 1
        code = "\n".join(
            line[indent:] if line[:indent].isspace() else line for line in lines[start:j]
        )
        marker = previous if previous in (NO_RUN, SCENARIO) else None
        found.append(Block(path, start + 1, match["info"].lower(), code + "\n", marker))
        previous = None
        i = j + 1
    return found


ALL = [block for path in DOCS for block in blocks(path)]
PYTHON_PAGES = sorted({b.path for b in ALL if b.language == "python" and b.marker != NO_RUN})
SCENARIOS = [b for b in ALL if b.language == "yaml" and b.marker == SCENARIO]


@pytest.mark.parametrize("page", PYTHON_PAGES, ids=[str(p.relative_to(REPO)) for p in PYTHON_PAGES])
def test_python_examples_run(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    namespace: dict[str, object] = {"__name__": "__docs__"}
    try:
        for block in blocks(page):
            if block.language != "python" or block.marker == NO_RUN:
                continue
            # pad so that tracebacks show the line numbers of the page
            source = "\n" * (block.line - 1) + block.code
            exec(compile(source, str(page), "exec"), namespace)  # noqa: S102
    finally:
        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close("all")


@pytest.mark.parametrize("block", SCENARIOS, ids=[b.name for b in SCENARIOS])
def test_scenario_examples_load(block: Block) -> None:
    scenario = negsim.load(block.code)
    assert isinstance(scenario, negsim.Scenario)


# ---------------------------------------------------------------- the extractor itself


def test_the_format_reference_has_a_complete_example() -> None:
    names = {b.path.name for b in SCENARIOS}
    assert "scenario-format.md" in names
    assert any(b.path.name == "rules.md" and b.language == "python" for b in ALL)


def test_extractor_reads_markers_fences_and_lines(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "# Title\n"
        "\n"
        "```python\n"
        "x = 1\n"
        "```\n"
        "<!-- no-run -->\n"
        "```python\n"
        "raise SystemExit\n"
        "```\n"
        "<!-- scenario -->\n"
        "\n"
        "~~~~yaml\n"
        "negsim: 1\n"
        "```\n"
        "~~~~\n"
        "Some text.\n"
        "```yaml\n"
        "a: 1\n"
        "```\n"
        "  ```text\n"
        "  indented\n"
        "  ```\n",
        encoding="utf-8",
    )
    found = blocks(page)
    assert [(b.line, b.language, b.marker) for b in found] == [
        (4, "python", None),
        (8, "python", NO_RUN),
        (13, "yaml", SCENARIO),
        (18, "yaml", None),
        (21, "text", None),
    ]
    assert found[0].code == "x = 1\n"
    assert found[2].code == "negsim: 1\n```\n"
    assert found[4].code == "indented\n"


def test_format_reference_error_examples_are_what_negsim_prints() -> None:
    page = REPO / "docs" / "scenario-format.md"
    example = next(b for b in SCENARIOS if b.path == page).code
    text = page.read_text(encoding="utf-8")
    for old, new in [
        ("    no_deal: 0.15", "    no_dael: 0.15"),
        ("rule: north not in districts", "rule: north not in district"),
        ("districts: {weight: 0.4,", "districts: {weight: -0.4,"),
    ]:
        assert example.count(old) == 1
        with pytest.raises(negsim.ScenarioError) as info:
            negsim.load(example.replace(old, new))
        shown = str(info.value).replace("<text>", "valley.yaml")
        assert f"\n{shown}\n" in text


def test_quick_start_is_two_commands_and_ci_runs_the_second() -> None:
    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = section.split("```bash\n", 1)[1].split("```", 1)[0]
    commands = [line for line in block.splitlines() if line.strip() and not line.startswith("#")]
    assert len(commands) == 2
    assert commands[0].endswith("negsim run")
    assert commands[1].endswith("python -m pytest -q")
    ci = (root / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci.splitlines()


def test_the_exploring_notebook_runs():
    nbclient = pytest.importorskip("nbclient")
    nbformat = pytest.importorskip("nbformat")
    pytest.importorskip("ipykernel")
    path = Path(__file__).resolve().parent.parent / "docs" / "notebooks" / "exploring.ipynb"
    notebook = nbformat.read(path, as_version=4)
    # stored without outputs, so what it shows is always what the code computes now
    assert all(not c.get("outputs") for c in notebook.cells if c.cell_type == "code")
    assert all(c.get("execution_count") is None for c in notebook.cells if c.cell_type == "code")
    client = nbclient.NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": path.parent}}
    )
    client.execute()
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs)
