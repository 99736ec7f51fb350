"""negsim.common.progress: one progress bar helper."""

import sys

from negsim.common.progress import Silent, progress_bar


def test_a_disabled_bar_is_silent_and_does_not_import_tqdm(monkeypatch, capsys):
    monkeypatch.delitem(sys.modules, "tqdm.auto", raising=False)
    with progress_bar(5, enabled=False, notebook=True) as bar:
        bar.set_postfix_str("step")
        bar.update(2)
        bar.total += 1
    assert isinstance(bar, Silent) and bar.total == 6
    assert "tqdm.auto" not in sys.modules
    assert capsys.readouterr().err == ""


def test_an_enabled_bar_writes_to_stderr_and_clears(capsys):
    with progress_bar(3, desc="negsim", unit="step") as bar:
        bar.set_postfix_str("zone", refresh=False)
        bar.update()
    err = capsys.readouterr().err
    assert "negsim" in err and "step" in err


def test_terminal_only_shows_nothing_off_a_terminal(capsys):
    with progress_bar(3, terminal_only=True, desc="negsim") as bar:
        bar.update()
    assert capsys.readouterr().err == ""
