"""Validation errors worded for a scenario author (negsim.scenario.messages)."""

from __future__ import annotations

import pytest

from negsim import load
from negsim.errors import ScenarioError
from negsim.scenario.messages import MAX_ERRORS


def _parties(n: int, no_deal: str) -> str:
    return "".join(
        f"  p{i}:\n    utility:\n      flag: {{weight: 1, values: {{true: 1, false: 0}}}}\n"
        f"    no_deal: {no_deal}\n"
        for i in range(n)
    )


def _scenario(n: int, no_deal: str) -> str:
    return "negsim: 1\nname: Many\nissues:\n  flag: {kind: boolean}\nparties:\n" + _parties(
        n, no_deal
    )


def test_every_problem_is_carried_in_file_order_up_to_the_limit():
    with pytest.raises(ScenarioError) as info:
        load(_scenario(30, "lots"))
    every = info.value.every()
    assert len(every) == MAX_ERRORS
    assert every[-1].message == f"{30 - (MAX_ERRORS - 1)} more problem(s) not listed"
    lines = [e.line for e in every[:-1]]
    assert lines == sorted(lines) and len(set(lines)) == len(lines)
    assert {e.field for e in every[:-1]} == {f"parties.p{i}.no_deal" for i in range(MAX_ERRORS - 1)}
    assert str(info.value) == every[0].__str__()  # the first alone makes the one line


def test_a_single_problem_has_nothing_more():
    assert load(_scenario(2, "0.5")).name == "Many"
    with pytest.raises(ScenarioError) as info:
        load(_scenario(1, "lots"))
    assert info.value.more == () and info.value.every() == (info.value,)
