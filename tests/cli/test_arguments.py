"""What every command shares (negsim.cli.arguments): the example ``--set`` in the help works."""

from __future__ import annotations

import argparse
import re

import pytest

from negsim.cli.arguments import add_override_argument
from negsim.cli.commands import main
from negsim.scenario.bundled import FLAGSHIP, bundled_scenarios

COMMANDS = ["zopa", "bargain", "equilibria", "validate", "run", "sample"]


def _set_example() -> str:
    """The example the ``--set`` help gives, as every command prints it."""
    parser = argparse.ArgumentParser(prog="negsim x")
    add_override_argument(parser)
    found = re.search(r"e\.g\.\s+(\S+=\S+)", parser.format_help())
    assert found, "the --set help shows no example"
    return found[1]


@pytest.mark.parametrize("command", COMMANDS)
def test_the_set_example_in_the_help_works_on_the_flagship(command, tmp_path, capsys):
    example = _set_example()
    file = str(bundled_scenarios() / FLAGSHIP)
    extra = {"run": ["--no-plots", "-o", str(tmp_path)], "sample": ["-n", "4", "--seed", "0"]}
    code = main([command, file, "--set", example, *extra.get(command, [])])
    err = capsys.readouterr().err
    assert code == 0, err
    # the flagship's uncertainty varies the war lottery the example replaces: said, not fatal
    assert "uncertainty entry 'parties.ukraine.no_deal.war.cost' left out" in err


COMPILE_BASE = """\
negsim: 1
name: Base
issues:
  land: {kind: ordinal, options: [none, some, all]}
  guarantee: {kind: boolean}
parties:
  alpha:
    no_deal: 0.25
    utility:
      land: {weight: 0.6, values: {none: 1, some: 0.5, all: 0}}
      guarantee: {weight: 0.4, values: {true: 1, false: 0}}
  beta:
    no_deal: 0.4
    utility:
      land: {weight: 0.8, values: {none: 0, some: 0.6, all: 1}}
"""


def _many_parties(count: int) -> str:
    party = "{no_deal: 0, utility: {guarantee: {weight: 1, values: {true: 1, false: 0}}}}"
    parties = "".join(f"  p{i}: {party}\n" for i in range(count))
    return COMPILE_BASE.split("parties:")[0] + "parties:\n" + parties


ANALYSIS_REFUSALS = {
    # name: (text, line, field, words)
    "too many outcomes": (
        COMPILE_BASE.replace(
            "  guarantee: {kind: boolean}\n",
            "  guarantee: {kind: boolean}\n"
            + "".join(
                f"  g{i}: {{kind: subset, items: [{', '.join(f'x{j}' for j in range(16))}]}}\n"
                for i in range(2)
            ),
        ),
        3,
        "issues",
        "outcomes",
    ),
    "33 parties": (_many_parties(33), 6, "parties", "has 33 entries; at most 32 allowed"),
    "a value near the largest number": (
        COMPILE_BASE.replace("none: 1, some", "none: 1.7e308, some"),
        10,
        "parties.alpha.utility.land",
        "rescale",
    ),
    "weight times value overflows": (
        COMPILE_BASE.replace("weight: 0.6", "weight: 1e200").replace("some: 0.5", "some: 1e200"),
        10,
        "parties.alpha.utility.land",
        "rescale",
    ),
    "a war lottery beyond the range": (
        COMPILE_BASE.replace(
            "no_deal: 0.25",
            "no_deal: {war: {cost: 1.7e308, lottery: [{p: 1, utility: -1.7e308}]}}",
        ),
        8,
        "parties.alpha.no_deal",
        "no-deal value",
    ),
    "a proposal game of 11**8 profiles": (
        _many_parties(8)
        + "proposals:\n"
        + "".join(f"  q{i}: {{outcome: {{land: some, guarantee: true}}}}\n" for i in range(10))
        + "games:\n  g: {kind: proposal}\n",
        27,
        "games.g",
        "214,358,881 strategy profiles",
    ),
}


@pytest.mark.parametrize(
    ("text", "line", "field", "words"), ANALYSIS_REFUSALS.values(), ids=list(ANALYSIS_REFUSALS)
)
def test_validate_refuses_what_analysis_refuses_on_the_same_line(
    text, line, field, words, tmp_path, capsys
):
    from negsim.cli.commands import main

    path = tmp_path / "talks.yaml"
    path.write_text(text)
    for command in ("validate", "zopa", "bargain"):
        assert main([command, str(path)]) == 2, command
        (error,) = capsys.readouterr().err.strip().splitlines()
        assert error.startswith(f"negsim: error: {path}:{line}: {field}: "), error
        assert words in error


@pytest.mark.parametrize(
    "text", [t for t, *_ in ANALYSIS_REFUSALS.values()], ids=list(ANALYSIS_REFUSALS)
)
def test_the_python_api_refuses_the_same_files_with_negsim_errors(text):
    import negsim
    from negsim.errors import NegsimError

    with pytest.raises(NegsimError):
        scenario = negsim.load(text)
        model = negsim.compile_scenario(scenario)
        for name in scenario.games:
            negsim.equilibria(model, name)


OVERRIDES = {
    "a rule of true": ("parties.a.red_lines.x.rule=true", ("parties.a.red_lines.x.rule", "true")),
    "a rule as written": (
        "p.red_lines.x.rule= share >= 50 ",
        ("p.red_lines.x.rule", "share >= 50"),
    ),
    "a quoted rule": ("p.red_lines.x.rule='false'", ("p.red_lines.x.rule", "false")),
    "a rule with a colon": ("p.red_lines.x.rule=a: b", ("p.red_lines.x.rule", "a: b")),
    "a number": ("parties.a.no_deal=0.4", ("parties.a.no_deal", 0.4)),
    "a boolean elsewhere": ("issues.x.says=true", ("issues.x.says", True)),
}


@pytest.mark.parametrize(("text", "parsed"), OVERRIDES.values(), ids=list(OVERRIDES))
def test_a_rule_override_takes_the_text_as_written(text, parsed):
    from negsim.cli.arguments import parse_override

    assert parse_override(text) == parsed


def test_the_documented_rule_override_runs(capsys):
    flagship = str(bundled_scenarios() / FLAGSHIP)
    rule = "parties.russia.red_lines.four-regions.rule=true"
    assert main(["zopa", flagship, "--set", rule]) == 0, capsys.readouterr().err


@pytest.mark.parametrize("value", [True, False])
def test_a_boolean_rule_in_the_python_api_is_its_text(value):
    import negsim

    scenario = negsim.load(bundled_scenarios() / FLAGSHIP)
    changed = scenario.with_({"parties.russia.red_lines.four-regions.rule": value})
    (red_line,) = [r for r in changed.parties["russia"].red_lines if r.id == "four-regions"]
    assert red_line.rule == ("true" if value else "false")


REFUSED_CHANGES = {
    "a party replaced by a number": ("parties.ukraine=1", "parties.ukraine: expected a mapping"),
    "a no-deal value replaced by text": ("parties.ukraine.no_deal=x", "expected a number"),
}


@pytest.mark.parametrize(("change", "says"), REFUSED_CHANGES.values(), ids=list(REFUSED_CHANGES))
def test_a_refused_change_prints_one_line_without_the_warnings_it_caused(change, says, capsys):
    flagship = str(bundled_scenarios() / FLAGSHIP)
    assert main(["zopa", flagship, "--set", change]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("negsim: error: ") and says in line


def test_an_accepted_change_still_warns_of_the_uncertainty_it_left_out(capsys):
    flagship = str(bundled_scenarios() / FLAGSHIP)
    assert main(["validate", flagship, "--set", "parties.ukraine.no_deal=0.3"]) == 0
    warnings = capsys.readouterr().err.strip().splitlines()
    assert len(warnings) == 2 and all(w.startswith("negsim: warning: ") for w in warnings)
