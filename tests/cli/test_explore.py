"""``negsim sweep`` and ``negsim sample`` through the command-line entry point."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import negsim
from negsim.cli.commands import main
from negsim.cli.explore import parse_grid, parse_range

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = str(ROOT / "tests" / "data" / "minimal.yaml")
FLAGSHIP = str(ROOT / "scenarios" / "ukraine_land_for_peace_2026.yaml")


def test_parse_grid_gives_the_decimals_meant():
    assert parse_grid("x=0:1:6")[1] == [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]


def test_parse_grid_forms():
    assert parse_grid("parties.a.no_deal=0:1:3") == ("parties.a.no_deal", [0.0, 0.5, 1.0])
    assert parse_grid("issues.x.grid=3,5") == ("issues.x.grid", [3, 5])
    assert parse_grid("p.rule=a < 1,b") == ("p.rule", ["a < 1", "b"])
    assert parse_range("p.q=0.1:0.4") == ("p.q", [0.1, 0.4])


@pytest.mark.parametrize("bad", ["nopath", "p=", "p=0:1", "p=0:1:x", "p=0:1:0", "=1,2"])
def test_bad_grids_fail_with_one_line(bad, capsys):
    code = main(["sweep", MINIMAL, "--grid", bad, "--no-progress"])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert err.startswith("negsim: error:") and "\n" not in err


def test_sweep_writes_csv_and_prints_a_summary(tmp_path, capsys):
    out = tmp_path / "results.csv"
    code = main(
        [
            "sweep",
            MINIMAL,
            "--grid",
            "parties.alpha.no_deal=0:0.5:11",
            "--grid",
            "parties.beta.no_deal.war.cost=0,0.1",
            "-o",
            str(out),
            "--no-progress",
        ]
    )
    captured = capsys.readouterr()
    assert code == 0
    table = pd.read_csv(out, index_col="experiment")
    assert len(table) == 22
    expected = negsim.sweep(
        negsim.load(MINIMAL),
        {
            "parties.alpha.no_deal": [i / 20 for i in range(11)],
            "parties.beta.no_deal.war.cost": [0, 0.1],
        },
        progress=False,
    )
    assert table["zone"].tolist() == expected["zone"].tolist()
    assert table["zone_size"].tolist() == expected["zone_size"].tolist()
    share = int(expected["zone"].sum())
    assert f"exists at {share} of 22 grid points" in captured.out
    # a grid is no random sample: the summary names the parameters and says why no index is given
    assert "parties.alpha.no_deal" in captured.out and "not meaningful" in captured.out
    assert "written to" in captured.err


def test_sample_writes_parquet_with_seed_and_is_repeatable(tmp_path, capsys):
    pytest.importorskip("pyarrow")
    first, second = tmp_path / "a.parquet", tmp_path / "b.parquet"
    args = ["sample", MINIMAL, "-n", "40", "--seed", "3", "--sampler", "mc"]
    args += ["--range", "parties.alpha.no_deal=0:0.5", "--no-progress"]
    assert main([*args, "-o", str(first)]) == 0
    assert main([*args, "-o", str(second), "-j", "2"]) == 0
    a, b = pd.read_parquet(first), pd.read_parquet(second)
    pd.testing.assert_frame_equal(a, b)
    assert (a["seed"] == 3).all()
    out = capsys.readouterr().out
    assert "Wilson score" in out and "95% interval" in out


def test_sample_uses_the_uncertainty_section(capsys):
    code = main(["sample", FLAGSHIP, "-n", "16", "--seed", "1", "--no-progress"])
    out = capsys.readouterr().out
    assert code == 0
    assert "0 of 16 experiments" in out
    assert "undefined whatever the numbers" in out


def test_parquet_without_pyarrow_says_what_to_install(tmp_path, capsys, hide_modules):
    hide_modules("pyarrow")
    code = main(
        ["sample", MINIMAL, "-n", "4", "--seed", "1", "--range", "parties.alpha.no_deal=0:1"]
        + ["-o", str(tmp_path / "x.parquet"), "--no-progress"]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert "pyarrow" in err


def test_output_folder_is_created(tmp_path, capsys):
    target = tmp_path / "not" / "yet" / "sweep.csv"
    grid = ["--grid", "parties.alpha.no_deal=0:0.4:3"]
    code = main(["sweep", MINIMAL, *grid, "-o", str(target), "--no-progress"])
    capsys.readouterr()
    assert code == 0
    assert len(pd.read_csv(target)) == 3


def test_output_that_cannot_be_written_is_one_line(tmp_path, capsys):
    folder = tmp_path / "taken.csv"
    folder.mkdir()
    grid = ["--grid", "parties.alpha.no_deal=0:0.4:3"]
    code = main(["sweep", MINIMAL, *grid, "-o", str(folder), "--no-progress"])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert err.startswith("negsim: error: cannot write") and "\n" not in err


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["sample", MINIMAL, "-n", "4", "--seed", "1"], "declares no uncertainty"),
        (["sample", MINIMAL, "-n", "4", "--range", "parties.alpha.nodeal=0:1"], "no field"),
        (["sweep", MINIMAL, "--grid", "parties.alpha.no_deal=0,1", "-o", "x.xlsx"], ".csv or"),
        (["sample", MINIMAL, "-n", "4", "--range", "p=0"], "--range expects"),
    ],
)
def test_user_errors_are_one_line(args, words, capsys):
    assert main([*args, "--no-progress"]) == 2
    err = capsys.readouterr().err.strip()
    assert words in err and "\n" not in err


def test_progress_bar_goes_to_stderr(capsys):
    code = main(["sweep", MINIMAL, "--grid", "parties.alpha.no_deal=0:0.5:3", "--outputs", "zone"])
    captured = capsys.readouterr()
    assert code == 0
    assert "variants" in captured.err
    assert "variants" not in captured.out


def test_a_warning_is_one_line_on_stderr(capsys):
    args = ["sample", FLAGSHIP, "-n", "5", "--seed", "0", "--sampler", "sobol", "--no-progress"]
    code = main(args)
    err = capsys.readouterr().err.strip()
    assert code == 0
    assert err.startswith("negsim: warning: Sobol' designs are balanced") and "\n" not in err


def test_parquet_without_pyarrow_is_refused_before_any_experiment_runs(
    tmp_path, monkeypatch, capsys, hide_modules
):
    def must_not_run(*args, **kwargs):
        raise AssertionError("the experiments ran before the output was checked")

    hide_modules("pyarrow")
    monkeypatch.setattr("negsim.explore.runner.sample", must_not_run)
    target = tmp_path / "runs.parquet"
    code = main(["sample", FLAGSHIP, "-n", "4", "--seed", "0", "-o", str(target)])
    assert code == 2
    assert "negsim[parquet]" in capsys.readouterr().err
    assert not target.exists()
