"""negsim.common.serialize: one conversion to plain JSON data."""

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from negsim.common.serialize import fields_jsonable, to_jsonable


@dataclass(frozen=True)
class _Point:
    x: float
    tags: tuple[str, ...]
    weights: np.ndarray = field(default_factory=lambda: np.arange(2))


@dataclass(frozen=True)
class _Named:
    name: str

    def to_dict(self):
        return {"called": self.name}


def test_numpy_scalars_and_arrays_become_python_values():
    data = to_jsonable({"a": np.float64(1.5), "b": np.arange(3), 4: np.bool_(True)})
    assert data == {"a": 1.5, "b": [0, 1, 2], "4": True}
    assert type(data["a"]) is float and type(data["b"][0]) is int and type(data["4"]) is bool


def test_non_finite_floats_become_none_at_any_depth():
    data = to_jsonable({"c": (math.inf, -math.nan), "d": np.array([[1.0, np.nan]])})
    assert data == {"c": [None, None], "d": [[1.0, None]]}
    json.dumps(data, allow_nan=False)


def test_sets_paths_and_plain_values():
    assert to_jsonable(frozenset({"x"})) == ["x"]
    assert to_jsonable(Path("a") / "b") == str(Path("a") / "b")
    assert to_jsonable("text") == "text"
    assert to_jsonable(None) is None


def test_dataclasses_by_their_fields_in_order():
    point = _Point(np.float32(0.5), ("p", "q"))
    assert list(to_jsonable(point)) == ["x", "tags", "weights"]
    assert to_jsonable(point) == {"x": 0.5, "tags": ["p", "q"], "weights": [0, 1]}
    assert fields_jsonable(point, exclude=("weights",)) == {"x": 0.5, "tags": ["p", "q"]}


def test_an_object_with_to_dict_gives_its_own_data():
    assert to_jsonable([_Named("n")]) == [{"called": "n"}]


def test_to_python_unwraps_numpy_scalars_only():
    from negsim.common.serialize import to_python

    assert type(to_python(np.int64(3))) is int
    assert to_python((np.int64(3),)) == (np.int64(3),)
    assert math.isnan(to_python(np.float64("nan")))
