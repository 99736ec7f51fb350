"""docs/limits.md states the limits the code enforces, each at its current value."""

from __future__ import annotations

from pathlib import Path

import annotated_types
import pytest

from negsim.explore.runner import MAX_EXPERIMENTS
from negsim.model.compile import BYTES_PER_CELL
from negsim.model.space import DEFAULT_MAX_OUTCOMES
from negsim.scenario import games, rules, yaml_source
from negsim.scenario.format import CategoricalIssue, ContinuousIssue, Scenario, SubsetIssue
from negsim.scenario.messages import MAX_ERRORS

REPO = Path(__file__).resolve().parent.parent
PAGE = (REPO / "docs" / "limits.md").read_text(encoding="utf-8")


def _bound(model: type, field: str, kind: type) -> int:
    (found,) = [m for m in model.model_fields[field].metadata if isinstance(m, kind)]
    return int(found.max_length if kind is annotated_types.MaxLen else found.le)


LIMITS = {
    "file size": yaml_source.MAX_BYTES,
    "YAML nesting": yaml_source.MAX_DEPTH,
    "YAML values": yaml_source.MAX_NODES,
    "characters": yaml_source.MAX_CHARACTERS,
    "errors listed": MAX_ERRORS,
    "rule length": rules.MAX_RULE_LENGTH,
    "rule depth": rules.MAX_RULE_DEPTH,
    "issues": _bound(Scenario, "issues", annotated_types.MaxLen),
    "parties": _bound(Scenario, "parties", annotated_types.MaxLen),
    "options": _bound(CategoricalIssue, "options", annotated_types.MaxLen),
    "items": _bound(SubsetIssue, "items", annotated_types.MaxLen),
    "grid": _bound(ContinuousIssue, "grid", annotated_types.Le),
    "outcomes": DEFAULT_MAX_OUTCOMES,
    "bytes per cell": BYTES_PER_CELL,
    "players": games.MAX_PLAYERS,
    "strategies": games.MAX_STRATEGIES,
    "profiles": games.MAX_PROFILES,
    "tree nodes": games.MAX_TREE_NODES,
    "tree depth": games.MAX_TREE_DEPTH,
    "moves": games.MAX_MOVES,
    "experiments": MAX_EXPERIMENTS,
}


@pytest.mark.parametrize(("what", "value"), LIMITS.items(), ids=list(LIMITS))
def test_the_limits_page_states_the_current_value(what, value):
    assert f"| {value:,} " in PAGE or f"is the {value})" in PAGE, f"{what}: {value:,}"


@pytest.mark.parametrize("option", ["--max-memory", "--max-experiments", "max_outcomes="])
def test_the_limits_page_says_how_to_raise_them(option):
    assert option in PAGE


def test_the_limits_page_is_linked_from_the_index_and_the_readme():
    assert "(limits.md)" in (REPO / "docs" / "index.md").read_text(encoding="utf-8")
    assert "(docs/limits.md)" in (REPO / "README.md").read_text(encoding="utf-8")
