"""How a result was decided: the method, whether it is exact, and what limits it.

Every verdict says how it was reached: enumerating every outcome of a
discrete space is a proof, a mixed-integer program is exact up to its
solver's tolerance, a grid is not a proof and states its resolution, a closed
form is exact, a named solver may find only some answers. Result classes carry
one :class:`Provenance` instead of fields of their own for each of these.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol, TypeVar

__all__ = [
    "Provenance",
    "ReadsProvenance",
    "R",
    "with_note",
]


@dataclass(frozen=True)
class Provenance:
    """How a result was decided.

    Attributes
    ----------
    method
        The method, as the result reports it (``"enumeration"``, ``"milp"``,
        ``"grid"``, ``"closed form"``, a named solver...).
    exact
        Whether the result is a proof (up to ``tolerance``) rather than an
        approximation or a search without a completeness guarantee.
    tolerance
        The numerical tolerance the answer is exact within, when one applies.
    resolution
        Grid points per sampled continuous dimension, when a grid was used.
    note
        Anything else the reader must know about how it was decided.

    Examples
    --------
    >>> from negsim.common.provenance import Provenance
    >>> grid = Provenance("grid", exact=False, resolution={"share": 11})
    >>> grid.exact, grid.resolution
    (False, {'share': 11})
    """

    method: str
    exact: bool
    tolerance: float | None = None
    resolution: dict[str, int] | None = None
    note: str | None = None


class ReadsProvenance:
    """The provenance's method, grid resolution and note, read as attributes of a result.

    A base for frozen result dataclasses with a ``provenance`` field, so each
    does not forward the same three names itself.
    """

    provenance: Provenance

    @property
    def method(self) -> str:
        """How the result was decided (:attr:`Provenance.method`)."""
        return self.provenance.method

    @property
    def resolution(self) -> dict[str, int] | None:
        """Grid points per continuous issue, or ``None`` (:attr:`Provenance.resolution`)."""
        return self.provenance.resolution

    @property
    def note(self) -> str | None:
        """What a reader should know about how it was decided (:attr:`Provenance.note`)."""
        return self.provenance.note


class _Decided(Protocol):
    __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[Any]]]

    @property
    def provenance(self) -> Provenance: ...


R = TypeVar("R", bound=_Decided)


def with_note(result: R, note: str | None) -> R:
    """A copy of the dataclass ``result`` whose provenance carries ``note``.

    Examples
    --------
    >>> from dataclasses import dataclass
    >>> from negsim.common.provenance import Provenance, with_note
    >>> @dataclass(frozen=True)
    ... class Result:
    ...     value: float
    ...     provenance: Provenance
    >>> with_note(Result(0.1, Provenance("grid", exact=False)), "a coarse grid").provenance.note
    'a coarse grid'
    """
    return dataclasses.replace(result, provenance=dataclasses.replace(result.provenance, note=note))
