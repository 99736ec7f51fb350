"""Checks that span fields: the names used in utilities, rules, proposals, lotteries and games."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from negsim.common.suggest import did_you_mean
from negsim.errors import ScenarioError
from negsim.scenario.format import (
    BooleanIssue,
    CategoricalIssue,
    Issue,
    IssueValue,
    OrdinalIssue,
    Party,
    Scenario,
    SubsetIssue,
    WarNoDeal,
)
from negsim.scenario.games import check_games
from negsim.scenario.messages import error_at
from negsim.scenario.rules import KEYWORDS, RuleError, compile_rule
from negsim.scenario.uncertainty import path_problem
from negsim.scenario.yaml_source import YamlDocument

__all__ = [
    "Fail",
    "check_references",
    "outcome_value_problem",
]

Fail = Callable[..., ScenarioError]
"""``fail(message, *path)``: the error to raise for the field at ``path``."""


def check_references(scenario: Scenario, document: YamlDocument) -> None:
    """Checks that span fields: names used in utilities, rules, proposals and lotteries."""

    def fail(message: str, *path: str | int) -> ScenarioError:
        return error_at(document, tuple(path), message)

    issues = scenario.issues
    _check_issue_names(issues, fail)
    for pid, party in scenario.parties.items():
        _check_party(("parties", pid), party, issues, document, fail)
    for name, proposal in scenario.proposals.items():
        _check_outcome(issues, proposal.outcome, _under(fail, "proposals", name, "outcome"))
    if scenario.uncertainty:
        data = scenario.to_data()
        for path, spec in scenario.uncertainty.items():
            problem = path_problem(data, path, spec)
            if problem:
                raise fail(problem, "uncertainty", path)
    check_games(
        scenario.games,
        parties=tuple(scenario.parties),
        proposals=tuple(scenario.proposals),
        check_outcome=lambda outcome, fail_at: _check_outcome(issues, outcome, fail_at),
        fail=fail,
    )


def _under(fail: Fail, *where: str | int) -> Fail:
    """``fail`` for paths below ``where``."""
    return lambda message, *path: fail(message, *where, *path)


def _check_issue_names(issues: Mapping[str, Issue], fail: Fail) -> None:
    """No issue, option or item is named by a word of the rule language."""
    for iid, issue in issues.items():
        if iid in KEYWORDS:
            raise fail(
                f"{iid!r} is a word of the rule language; give the issue another name",
                "issues",
                iid,
            )
        field = "items" if issue.kind == "subset" else "options"
        for k, level in enumerate(issue.levels if issue.kind != "boolean" else ()):
            if level in KEYWORDS:
                raise fail(
                    f"{level!r} is a word of the rule language and cannot name an {field[:-1]}",
                    "issues",
                    iid,
                    field,
                    k,
                )


def _check_party(
    base: tuple[str, str],
    party: Party,
    issues: Mapping[str, Issue],
    document: YamlDocument,
    fail: Fail,
) -> None:
    """A party's red line ids, utilities, rules and war lottery against the issues."""
    _check_red_line_ids(base, party, document, fail)
    for iid, value in party.utility.items():
        where = (*base, "utility", iid)
        if iid not in issues:
            raise fail(f"unknown issue {iid!r}{did_you_mean(iid, issues)}", *where)
        _check_value_function(issues[iid], value, _under(fail, *where))
    if not any(v.weight > 0 for v in party.utility.values()):
        raise fail("weights that do not make sense: every weight is zero", *base, "utility")
    for i, red_line in enumerate(party.red_lines):
        try:
            compile_rule(red_line.rule, issues)
        except RuleError as exc:
            raise fail(str(exc), *base, "red_lines", i, "rule") from None
    if isinstance(party.no_deal, WarNoDeal):
        for j, branch in enumerate(party.no_deal.war.lottery):
            if branch.outcome is not None:
                lottery = (*base, "no_deal", "war", "lottery", j, "outcome")
                _check_outcome(issues, branch.outcome, _under(fail, *lottery))


def _check_red_line_ids(
    base: tuple[str, str], party: Party, document: YamlDocument, fail: Fail
) -> None:
    first: dict[str, int] = {}
    for i, red_line in enumerate(party.red_lines):
        if red_line.id in first:
            line = document.line_of((*base, "red_lines", first[red_line.id], "id"))
            raise fail(
                f"red line id {red_line.id!r} is used twice in this party"
                + (f" (first on line {line})" if line else ""),
                *base,
                "red_lines",
                i,
                "id",
            )
        first[red_line.id] = i


def _check_value_function(issue: Issue, value: IssueValue, fail: Fail) -> None:
    if issue.kind == "continuous":
        if value.points is None:
            raise fail("a continuous issue takes 'points' ([[x, value], ...]), not 'values'")
        low, high = issue.range
        if value.points[0][0] > low or value.points[-1][0] < high:
            raise fail(
                f"'points' must cover the issue's range [{low:g}, {high:g}]; they cover "
                f"[{value.points[0][0]:g}, {value.points[-1][0]:g}]",
                "points",
            )
        return
    if value.values is None:
        raise fail(f"{issue.kind} issues take 'values' for each of their levels, not 'points'")
    levels = issue.levels
    for key in value.values:
        if key not in levels:
            raise fail(
                f"{key!r} is not one of {', '.join(levels)}{did_you_mean(key, levels)}",
                "values",
                key,
            )
    missing = [level for level in levels if level not in value.values]
    if missing:
        raise fail(f"no value given for {', '.join(missing)}", "values")


def _check_outcome(
    issues: Mapping[str, Issue], outcome: Mapping[str, Any], fail: Callable[..., Exception]
) -> None:
    for iid, val in outcome.items():
        if iid not in issues:
            raise fail(f"unknown issue {iid!r}{did_you_mean(iid, issues)}", iid)
        problem = outcome_value_problem(issues[iid], val)
        if problem:
            raise fail(problem, iid)
    missing = [iid for iid in issues if iid not in outcome]
    if missing:
        raise fail(f"an outcome needs a value for every issue; missing {', '.join(missing)}")


def outcome_value_problem(issue: Issue, value: Any) -> str | None:
    """Why ``value`` is not a valid value of ``issue``, or ``None`` if it is."""
    if isinstance(issue, BooleanIssue):
        return None if isinstance(value, bool) else f"expected true or false, got {value!r}"
    if isinstance(issue, CategoricalIssue | OrdinalIssue):
        if isinstance(value, str) and value in issue.options:
            return None
        return f"{value!r} is not one of {', '.join(issue.options)}" + (
            did_you_mean(value, issue.options) if isinstance(value, str) else ""
        )
    if isinstance(issue, SubsetIssue):
        if not isinstance(value, list | tuple):
            return f"expected a list of items of {', '.join(issue.items)}, got {value!r}"
        for item in value:
            if item not in issue.items:
                return f"{item!r} is not an item of this issue" + (
                    did_you_mean(item, issue.items) if isinstance(item, str) else ""
                )
        if len(set(value)) != len(value):
            return "an item is listed twice"
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return f"expected a number, got {value!r}"
    low, high = issue.range
    if not low <= value <= high:
        return f"{value:g} is outside the range [{low:g}, {high:g}]"
    return None
