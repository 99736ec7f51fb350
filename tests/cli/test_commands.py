"""The command line's parser and its help (negsim.cli.commands): every example printed works."""

from __future__ import annotations

import glob
import shlex
from pathlib import Path

import pytest

from negsim.cli.commands import EXAMPLES, build_parser, main

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
