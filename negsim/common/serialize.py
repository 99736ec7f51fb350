"""Plain JSON data from results: dataclasses, numpy values, mappings and sequences.

One conversion for every ``to_dict``: what :func:`json.dumps` takes with
``allow_nan=False``, so a result file never holds ``NaN`` or ``Infinity``
(RFC 8259 has neither).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Collection, Mapping
from pathlib import PurePath
from typing import Any

import numpy as np

__all__ = [
    "fields_jsonable",
    "to_jsonable",
    "to_python",
]


def to_jsonable(value: Any) -> Any:
    """``value`` as plain JSON data.

    Mappings become dicts with string keys; lists, tuples and sets become
    lists; numpy arrays become nested lists and numpy scalars Python numbers;
    non-finite floats become ``None``; paths become strings; an object with a
    ``to_dict`` method becomes its data, and any other dataclass its fields
    (:func:`fields_jsonable`). Anything else is returned as it is.

    Examples
    --------
    >>> import numpy as np
    >>> from negsim.common.serialize import to_jsonable
    >>> to_jsonable({"margin": np.float64(0.15), "codes": np.array([0, 2]), "gap": float("nan")})
    {'margin': 0.15, 'codes': [0, 2], 'gap': None}
    """
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return to_jsonable(value.tolist())
    value = to_python(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, PurePath):
        return str(value)
    if callable(getattr(value, "to_dict", None)):
        return to_jsonable(value.to_dict())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return fields_jsonable(value)
    return value


def fields_jsonable(obj: Any, *, exclude: Collection[str] = ()) -> dict[str, Any]:
    """The fields of the dataclass instance ``obj``, in declaration order, as JSON data.

    Parameters
    ----------
    obj
        A dataclass instance; a ``to_dict`` method may return this.
    exclude
        Names of fields left out.
    """
    return {
        f.name: to_jsonable(getattr(obj, f.name))
        for f in dataclasses.fields(obj)
        if f.name not in exclude
    }


def to_python(value: Any) -> Any:
    """A numpy scalar as the Python scalar it holds; anything else as it is.

    Examples
    --------
    >>> import numpy as np
    >>> from negsim.common.serialize import to_python
    >>> to_python(np.int64(3)), to_python(np.float64(0.5)), to_python("text")
    (3, 0.5, 'text')
    """
    return value.item() if isinstance(value, np.generic) else value
