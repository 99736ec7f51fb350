"""The outcome space enumerated as integer codes, last issue fastest (negsim.model.space)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings

from negsim.errors import NegsimError, SpaceTooLargeError
from negsim.model.space import OutcomeSpace
from tests.strategies import issue_specs, issues_of

ISSUES = issues_of(
    {
        "flag": {"kind": "boolean"},
        "color": {"kind": "categorical", "options": ["red", "green", "blue"]},
        "regions": {"kind": "subset", "items": ["north", "south"]},
        "x": {"kind": "continuous", "range": [0, 10], "unit": "km", "grid": 3},
    }
)


def test_levels_and_the_mixed_radix_order():
    space = OutcomeSpace.from_issues(ISSUES)
    assert space.names == ("flag", "color", "regions", "x")
    assert space.shape == (2, 3, 4, 3)
    assert space.size == 72
    assert space.axis("regions").levels == ("north", "south")
    assert space.decode(0) == {"flag": False, "color": "red", "regions": [], "x": 0.0}
    # the last issue varies fastest; a subset's level is a bit mask of its items
    assert space.decode(1)["x"] == 5.0
    assert space.decode(3)["regions"] == ["north"]
    assert space.decode(9)["regions"] == ["north", "south"]
    assert space.decode(71) == {
        "flag": True,
        "color": "blue",
        "regions": ["north", "south"],
        "x": 10.0,
    }
    expected = list(itertools.product(range(2), range(3), range(4), range(3)))
    codes = np.column_stack([space.codes[name] for name in space.names])
    assert [tuple(row) for row in codes.tolist()] == expected
    np.testing.assert_array_equal(space.columns["x"], np.tile([0.0, 5.0, 10.0], 24))
    np.testing.assert_array_equal(space.columns["color"], space.codes["color"])


def test_continuous_values_off_the_grid_are_kept():
    space = OutcomeSpace.from_issues(ISSUES)
    outcome = {"flag": True, "color": "green", "regions": ["south"], "x": 2.5}
    columns = space.encode_columns([outcome])
    assert {name: column.tolist() for name, column in columns.items()} == {
        "flag": [1],
        "color": [1],
        "regions": [2],
        "x": [2.5],
    }
    assert columns["x"].dtype == float and columns["color"].dtype == np.int64


def test_a_space_too_large_to_enumerate_says_how_large_and_what_to_do():
    with pytest.raises(
        SpaceTooLargeError, match=r"72 outcomes \(flag 2 x color 3 x regions 4"
    ) as e:
        OutcomeSpace.from_issues(ISSUES, max_outcomes=71)
    assert isinstance(e.value, NegsimError)
    assert "coarser grid" in str(e.value) and "\n" not in str(e.value)
    assert OutcomeSpace.from_issues(ISSUES, max_outcomes=72).size == 72


@settings(max_examples=40, deadline=None)
@given(issue_specs(max_outcomes=200))
def test_every_outcome_decodes_and_encodes_back_to_its_columns(specs):
    space = OutcomeSpace.from_issues(issues_of(specs))
    assert space.size == int(np.prod(space.shape))
    outcomes = [space.decode(i) for i in range(space.size)]
    encoded = space.encode_columns(outcomes)
    for name in space.names:
        np.testing.assert_array_equal(encoded[name], space.columns[name])
    # every outcome is listed once
    assert len({repr(o) for o in outcomes}) == space.size
