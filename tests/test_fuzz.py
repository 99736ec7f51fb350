"""Mutated scenario files and arguments: every command ends with status 0 or 2 and one line.

The bundled scenarios are edited line by line (lines deleted, duplicated,
given another type of value, random scalars, deep nesting, aliases) and run
through the command line in-process. Whatever the edit, a command either
succeeds or prints one ``negsim: error:`` line (``validate`` one a problem)
and exits with status 2; no other exception escapes, and argparse's own
refusals exit with status 2.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from negsim.cli.commands import main

REPO = Path(__file__).resolve().parents[1]
SMALL = sorted((REPO / "scenarios").glob("camp_david_*.yaml"))
TEXTS = [path.read_text(encoding="utf-8") for path in SMALL]

SCALARS = st.one_of(
    st.sampled_from(
        ["true", "no", "null", "~", ".inf", "-.nan", "1e400", "0x1F", "0o17", "'0.15'", "[]", "{}"]
    ),
    st.integers(-(10**30), 10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20).map(repr),
)


def _value_of(line: str) -> tuple[str, str] | None:
    head, sep, _ = line.partition(": ")
    return (head, sep) if sep else None


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A bundled scenario with a few lines edited."""
    lines = draw(st.sampled_from(TEXTS)).splitlines()
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        edit = draw(
            st.sampled_from(["delete", "duplicate", "scalar", "retype", "nest", "alias", "indent"])
        )
        split = _value_of(lines[i])
        if edit == "delete":
            del lines[i]
        elif edit == "duplicate":
            lines.insert(i, lines[i])
        elif edit == "indent":
            lines[i] = " " * draw(st.integers(0, 6)) + lines[i].lstrip()
        elif split is None:
            lines.insert(i, draw(SCALARS))
        elif edit == "scalar":
            lines[i] = split[0] + ": " + draw(SCALARS)
        elif edit == "retype":
            lines[i] = split[0] + ": " + draw(st.sampled_from(["[a, b]", "{a: 1}", "- x", "|"]))
        elif edit == "nest":
            depth = draw(st.integers(1, 200))
            lines[i] = split[0] + ": " + "[" * depth + "1" + "]" * depth
        else:
            lines[i] = split[0] + ": &a " + split[0].strip() + "\n" + split[0] + "_x: *a"
    return "\n".join(lines) + "\n"


ARGUMENTS = st.lists(
    st.one_of(
        st.just("--json"),
        st.builds(lambda v: f"--set=name={v}", SCALARS),
        st.builds(lambda v: f"--set=parties.egypt.no_deal={v}", SCALARS),
        st.builds(lambda v: f"--set={v}", st.text(max_size=12)),
        st.builds(lambda v: f"--max-memory={v}", st.sampled_from(["1K", "2G", "0", "x", ""])),
    ),
    max_size=2,
)


def _run(argv: list[str]) -> tuple[int, list[str]]:
    err = io.StringIO()
    with (
        contextlib.redirect_stdout(io.StringIO()),
        contextlib.redirect_stderr(err),
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore")
        try:
            status = main(argv)
        except SystemExit as exc:  # argparse refusing the arguments
            assert exc.code == 2, argv
            return 2, ["negsim: error: (usage)"]
    return status, [line for line in err.getvalue().splitlines() if line.startswith("negsim:")]


FUZZ = settings(
    max_examples=100,
    deadline=timedelta(seconds=20),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=True,
)


@FUZZ
@given(
    text=mutated(),
    command=st.sampled_from(["validate", "zopa", "bargain"]),
    arguments=ARGUMENTS,
)
def test_a_mutated_scenario_ends_in_success_or_one_error_line(
    text: str, command: str, arguments: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "mutated.yaml"
    path.write_text(text, encoding="utf-8")
    extra = ["--grid"] if command == "zopa" else []
    status, lines = _run([command, str(path), *extra, *arguments])
    assert status in (0, 2)
    errors = [line for line in lines if line.startswith("negsim: error:")]
    if status == 0:
        assert not errors
    elif command == "validate":
        assert errors
    else:
        assert len(errors) == 1, lines


@FUZZ
@given(
    arguments=st.lists(
        st.one_of(
            st.sampled_from(
                ["zopa", "validate", "run", "bargain", "sample", "sweep", "-n", "--grid", "-j"]
            ),
            st.text(max_size=10),
        ),
        max_size=5,
    )
)
def test_random_arguments_end_in_status_2_or_a_usage_error(arguments: list[str]) -> None:
    status, lines = _run(["validate", *arguments]) if arguments[:1] == ["run"] else _run(arguments)
    assert status in (0, 2)
    assert status == 0 or lines
