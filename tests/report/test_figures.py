"""Which figures a report draws."""

from __future__ import annotations

from negsim import report


def test_figure_specs_of_the_flagship(flagship_run):
    names = [s.name for s in report.figure_specs(flagship_run)]
    assert "conflicts" in names
    assert "issue_map" in names
    # every pair of the four parties, pairs without a zone first
    pairs = [n for n in names if n.startswith("utility_")]
    assert len(pairs) == 6
    assert pairs[0] == "utility_ukraine_russia"
    # a payoff table for the normal-form game, a tree for the sequential one
    assert "game_simultaneous_moves" in names
    assert "game_guarantee_for_donbas" in names


def test_figure_workers_end_at_once_on_sigterm_and_leave_ctrl_c_to_the_parent():
    import signal

    from negsim.report.figures import _worker_signals

    before = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    signal.signal(signal.SIGTERM, lambda *_: None)  # as the command line's handler would be
    try:
        _worker_signals()
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)
