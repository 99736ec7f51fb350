"""The command line's parser and its help (negsim.cli.commands): every example printed works."""

from __future__ import annotations

import glob
import re
import shlex
from pathlib import Path

import pytest

from negsim.cli.commands import EXAMPLES, build_parser, main
from negsim.scenario.bundled import FLAGSHIP

REPO = Path(__file__).resolve().parents[2]
ALL = [(name, command) for name, examples in EXAMPLES.items() for _, command in examples]


def test_every_command_prints_examples_in_its_help():
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # noqa: SLF001
    assert set(EXAMPLES) == set(commands)
    for name, sub in commands.items():
        text = sub.format_help()
        assert "examples:" in text
        for _, command in EXAMPLES[name]:
            assert command in text


@pytest.mark.parametrize(("name", "command"), ALL, ids=[c for _, c in ALL])
def test_every_example_in_the_help_runs(name, command, tmp_path, monkeypatch, capsys):
    (tmp_path / "scenarios").symlink_to(REPO / "scenarios")
    monkeypatch.chdir(tmp_path)
    words = shlex.split(command)
    assert words[:2] == ["negsim", name]
    target = None
    if ">" in words:
        words, target = words[: words.index(">")], words[words.index(">") + 1]
    argv = [match for w in words[1:] for match in (sorted(glob.glob(w)) if "*" in w else [w])]
    assert main(argv) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert out.strip() or "-o" in argv
    if "-o" in argv:
        assert (tmp_path / argv[argv.index("-o") + 1]).stat().st_size > 0
    if target:
        (tmp_path / target).write_text(out)


_FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
_SHELL = ("", "bash", "sh", "shell", "console")
_STAND_INS = {"": "scenarios/camp_david_1978.yaml", "ukraine": f"scenarios/{FLAGSHIP}"}
"""What a command written with the placeholder FILE runs on: the flagship when it changes one of
the flagship's parties, else a small scenario."""
_MAX_DRAWS = 1_000
"""Commands of more experiments than this are left out (a long run, not a check of the text)."""


def _doc_commands() -> list[tuple[str, str]]:
    """Every ``negsim ...`` line of the shell blocks of README.md and docs/*.md."""
    found = []
    for page in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        for language, body in _FENCE.findall(page.read_text(encoding="utf-8")):
            if language not in _SHELL:
                continue
            for line in body.replace("\\\n", " ").splitlines():
                line = line.strip().removeprefix("$ ")
                if line.startswith("negsim "):
                    found.append((page.name, " ".join(line.split())))
    return list({command: (page, command) for page, command in found}.values())


def _runnable(command: str) -> list[str] | None:
    """The arguments of a documented command, or ``None`` for a synopsis or a long run."""
    words = shlex.split(command, comments=True)
    if any(w.startswith("[") or w.isupper() and w != "FILE" for w in words):
        return None
    party = "ukraine" if "parties.ukraine" in command else ""
    words = [_STAND_INS[party] if w == "FILE" else w for w in words]
    if "-n" in words and int(words[words.index("-n") + 1]) > _MAX_DRAWS:
        return None
    return words[1:]


DOC_COMMANDS = _doc_commands()


def test_the_docs_show_commands():
    assert len(DOC_COMMANDS) >= 10
    assert sum(_runnable(c) is not None for _, c in DOC_COMMANDS) >= 8


@pytest.mark.parametrize(("page", "command"), DOC_COMMANDS, ids=[c for _, c in DOC_COMMANDS])
def test_every_command_in_the_docs_runs(page, command, tmp_path, monkeypatch, capsys):
    argv = _runnable(command)
    if argv is None:
        pytest.skip("a synopsis with placeholders, or a long run")
    (tmp_path / "scenarios").symlink_to(REPO / "scenarios")
    monkeypatch.chdir(tmp_path)
    target = None
    if ">" in argv:
        argv, target = argv[: argv.index(">")], argv[argv.index(">") + 1]
    assert main(argv) == 0, f"{page}: {command}: {capsys.readouterr().err}"
    if target:
        (tmp_path / target).write_text(capsys.readouterr().out)
