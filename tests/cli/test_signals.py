"""Ctrl-C and SIGTERM stop ``negsim sample -j 2`` promptly, with one line and no workers left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.processes import alive, children, wait_until

ROOT = Path(__file__).resolve().parents[2]
FLAGSHIP = str(ROOT / "scenarios" / "ukraine_land_for_peace_2026.yaml")
# minutes of work on two processes: every test stops it long before the end
LONG_RUN = [
    "sample",
    FLAGSHIP,
    "-n",
    "4000",
    "--seed",
    "1",
    "--outputs",
    "zone,size,shortfall,nash,equilibria",
    "-j",
    "2",
    "--no-progress",
]
STARTUP = 120.0
STOPPED = 30.0

pytestmark = pytest.mark.skipif(
    sys.platform != "linux", reason="reads /proc and sends POSIX signals"
)


def start(tmp_path: Path, *, session: bool = False) -> tuple[subprocess.Popen[str], list[int]]:
    """The long run, once its two workers have started work (in a session of its own)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "negsim", *LONG_RUN],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=session,
    )
    if not wait_until(lambda: len(children(process.pid)) >= 2, STARTUP):
        process.kill()
        pytest.fail(f"no workers started: {process.communicate()[1]}")
    workers = children(process.pid)
    # the workers have taken their first chunks once they have used some CPU time
    wait_until(lambda: all(_cpu_seconds(w) > 0.5 for w in workers), STARTUP)
    return process, workers


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("inf")
    return (int(fields[11]) + int(fields[12])) / 100


def stop(process: subprocess.Popen[str], *signals: signal.Signals) -> tuple[int, list[str]]:
    for number in signals:
        process.send_signal(number)
        wait_until(lambda: process.poll() is not None, 0.3)
    try:
        _, err = process.communicate(timeout=STOPPED)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        pytest.fail(f"the run did not stop within {STOPPED:.0f} s of {signals}")
    return process.returncode, err.splitlines()


@pytest.mark.parametrize(
    ("signals", "status", "line"),
    [
        ((signal.SIGINT,), 130, "negsim: interrupted"),
        ((signal.SIGTERM,), 143, "negsim: terminated"),
        ((signal.SIGINT, signal.SIGINT), 130, "negsim: interrupted"),
        ((signal.SIGTERM, signal.SIGINT), 143, "negsim: terminated"),
    ],
    ids=["sigint", "sigterm", "sigint-twice", "sigterm-then-sigint"],
)
def test_a_signal_stops_the_run_and_its_workers(tmp_path, signals, status, line):
    process, workers = start(tmp_path)
    code, lines = stop(process, *signals)
    assert (code, lines) == (status, [line])
    assert wait_until(lambda: not any(alive(w) for w in workers), STOPPED), "a worker survived"


def test_ctrl_c_at_a_terminal_reaches_the_workers_too_and_still_gives_one_line(tmp_path):
    process, workers = start(tmp_path, session=True)
    os.killpg(process.pid, signal.SIGINT)
    code, lines = stop(process)
    assert (code, lines) == (130, ["negsim: interrupted"])
    assert wait_until(lambda: not any(alive(w) for w in workers), STOPPED), "a worker survived"


def test_workers_leave_when_their_owner_is_killed(tmp_path):
    process, workers = start(tmp_path)
    process.kill()
    process.communicate(timeout=STOPPED)
    assert wait_until(lambda: not any(alive(w) for w in workers), STOPPED), "a worker survived"


def test_a_run_stopped_by_ctrl_c_resumes_to_the_file_of_one_run(tmp_path):
    run = [sys.executable, "-m", "negsim", *LONG_RUN[:3], "400", *LONG_RUN[4:]]
    whole = subprocess.run([*run, "-o", "whole.csv"], cwd=tmp_path, capture_output=True, text=True)
    assert whole.returncode == 0, whole.stderr
    partial = tmp_path / "out.csv.partial"
    process = subprocess.Popen(
        [*run, "-o", "out.csv"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    if not wait_until(lambda: len(list(partial.glob("chunk-*.npz"))) >= 3, STARTUP, 0.05):
        process.kill()
        pytest.fail(f"no chunk was kept: {process.communicate()[1]}")
    code, lines = stop(process, signal.SIGINT)
    assert code == 130 and len(lines) == 1 and "add --resume" in lines[0]
    assert not (tmp_path / "out.csv").exists()
    kept = len(list(partial.glob("chunk-*.npz")))
    assert 3 <= kept < 100

    resumed = subprocess.run(
        [*run, "-o", "out.csv", "--resume"], cwd=tmp_path, capture_output=True, text=True
    )
    assert resumed.returncode == 0, resumed.stderr
    assert not partial.exists()
    assert (tmp_path / "out.csv").read_bytes() == (tmp_path / "whole.csv").read_bytes()
    pd.testing.assert_frame_equal(
        pd.read_csv(tmp_path / "out.csv"), pd.read_csv(tmp_path / "whole.csv")
    )
