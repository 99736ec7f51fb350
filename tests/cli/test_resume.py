"""With ``-o FILE`` finished chunks are kept in FILE.partial; ``--resume`` finishes the run."""

from __future__ import annotations

from pathlib import Path

import pytest

import negsim.explore.runner as runner
from negsim.cli.commands import main

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = str(ROOT / "tests" / "data" / "minimal.yaml")
SAMPLE = ["sample", MINIMAL, "-n", "40", "--seed", "2", "--no-progress"]
SAMPLE += ["--range", "parties.alpha.no_deal=0:0.6"]
SWEEP = ["sweep", MINIMAL, "--grid", "parties.alpha.no_deal=0:0.9:30", "--no-progress"]


def interrupt_on(monkeypatch: pytest.MonkeyPatch, k: int) -> None:
    real = runner.run_chunk
    calls: list[int] = []

    def chunk(task):
        calls.append(1)
        if len(calls) == k:
            raise KeyboardInterrupt
        return real(task)

    monkeypatch.setattr(runner, "run_chunk", chunk)


@pytest.mark.parametrize("command", [SAMPLE, SWEEP], ids=["sample", "sweep"])
def test_an_interrupted_command_resumes_to_the_same_file(command, tmp_path, monkeypatch, capsys):
    whole, out = tmp_path / "whole.csv", tmp_path / "out.csv"
    partial = tmp_path / "out.csv.partial"
    assert main([*command, "-o", str(whole)]) == 0
    capsys.readouterr()
    interrupt_on(monkeypatch, 5)
    assert main([*command, "-o", str(out)]) == 130
    assert capsys.readouterr().err.splitlines() == [
        f"negsim: interrupted (finished experiments kept in {partial}: "
        "add --resume to finish the run)"
    ]
    assert len(list(partial.glob("chunk-*.npz"))) == 4 and not out.exists()
    monkeypatch.undo()

    assert main([*command, "-o", str(out)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "add --resume to finish it, or delete" in err[0]

    assert main([*command, "-o", str(out), "--resume", "-j", "2"]) == 0
    assert out.read_bytes() == whole.read_bytes()
    assert not partial.exists()


def test_resume_with_another_request_says_what_differs(tmp_path, monkeypatch, capsys):
    out = tmp_path / "out.csv"
    interrupt_on(monkeypatch, 2)
    assert main([*SAMPLE, "-o", str(out)]) == 130
    monkeypatch.undo()
    capsys.readouterr()
    changed = [*SAMPLE[:-1], "parties.alpha.no_deal=0:0.5"]
    assert main([*changed, "-o", str(out), "--resume"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "is of another run (uncertainty:" in err[0]


def test_resume_needs_an_output_file(capsys):
    assert main([*SAMPLE, "--resume"]) == 2
    assert "--resume needs -o FILE" in capsys.readouterr().err


def test_resume_without_a_checkpoint_runs_the_whole_command(tmp_path):
    out = tmp_path / "out.csv"
    assert main([*SAMPLE, "-o", str(out), "--resume"]) == 0
    assert out.exists() and not (tmp_path / "out.csv.partial").exists()
