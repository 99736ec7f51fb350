"""The constraints a diagnosis reasons about, and which outcomes meet each.

The constraints are every red line (``party/id``) and every party's no-deal
constraint (``party/no-deal``: ``u_p(x) >= d_p``). An outcome's *violation set*
(the constraints it breaks) is bit-packed: one ``uint64`` per outcome up to 64
constraints, rows of words beyond.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from negsim.model.compile import Model

__all__ = [
    "Constraint",
    "NO_DEAL",
    "constraint_masks",
    "constraints_of",
    "satisfied",
    "violation_index",
    "violation_sets",
]

NO_DEAL = "no-deal"


@dataclass(frozen=True)
class Constraint:
    """A red line or a no-deal constraint, named ``party/id`` or ``party/no-deal``.

    Examples
    --------
    >>> import negsim
    >>> from negsim.scenario.examples import border_talks
    >>> s = border_talks()
    >>> from negsim.zone.constraints import constraints_of
    >>> red_line, alpha_no_deal, _ = constraints_of(negsim.compile_scenario(s))
    >>> red_line.kind, red_line.says
    ('red-line', 'Not all.')
    >>> alpha_no_deal.key, alpha_no_deal.says
    ('alpha/no-deal', 'alpha gets at least its no-deal value (0.25)')
    """

    key: str
    party: str
    kind: str  # "red-line" or "no-deal"
    says: str
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "party": self.party,
            "kind": self.kind,
            "says": self.says,
            "source": self.source,
        }


def constraints_of(model: Model) -> tuple[Constraint, ...]:
    """Red lines in scenario order, then one no-deal constraint per party.

    Examples
    --------
    >>> import negsim
    >>> from negsim.scenario.examples import border_talks
    >>> s = border_talks()
    >>> from negsim.zone.constraints import constraints_of
    >>> [c.key for c in constraints_of(negsim.compile_scenario(s))]
    ['alpha/keep-core', 'alpha/no-deal', 'beta/no-deal']
    """
    red = tuple(Constraint(r.key, r.party, "red-line", r.says, r.source) for r in model.red_lines)
    taken = {c.key for c in red}
    no_deal = []
    for party, value in zip(model.parties, model.no_deal, strict=True):
        key = f"{party}/{NO_DEAL}"
        if key in taken:
            key = f"{party}/{NO_DEAL}-value"
        says = f"{party} gets at least its no-deal value ({value:.4g})"
        no_deal.append(Constraint(key, party, NO_DEAL, says))
    return red + tuple(no_deal)


def satisfied(model: Model, c: int) -> np.ndarray:
    """Outcomes meeting constraint ``c`` (index into :func:`constraints_of`).

    Examples
    --------
    >>> import negsim
    >>> from negsim.scenario.examples import border_talks
    >>> s = border_talks()
    >>> from negsim.zone.constraints import satisfied
    >>> model = negsim.compile_scenario(s)
    >>> satisfied(model, 0).tolist()
    [True, True, True, True, False, False]
    >>> satisfied(model, 2).tolist()
    [False, False, True, True, True, True]
    """
    n_red = len(model.red_lines)
    if c < n_red:
        return model.red_line_masks[c]
    p = c - n_red
    return model.utility[:, p] >= model.no_deal[p]


def constraint_masks(model: Model) -> np.ndarray:
    """``out[c, i]``: outcome ``i`` meets constraint ``c``; shape ``(constraints, outcomes)``.

    Examples
    --------
    Rows are the constraints (alpha/keep-core, alpha/no-deal, beta/no-deal),
    columns the 6 outcomes (none, some, all land; without, with a guarantee):

    >>> import negsim
    >>> from negsim.scenario.examples import border_talks
    >>> s = border_talks()
    >>> from negsim.zone.constraints import constraint_masks
    >>> constraint_masks(negsim.compile_scenario(s)).astype(int).tolist()
    [[1, 1, 1, 1, 0, 0], [1, 1, 1, 1, 0, 1], [0, 0, 1, 1, 1, 1]]
    """
    n = len(model.red_lines) + len(model.parties)
    if n == 0:
        return np.ones((0, model.n_outcomes), dtype=bool)
    return np.stack([satisfied(model, c) for c in range(n)])


def violation_sets(model: Model) -> tuple[list[int], np.ndarray]:
    """Distinct violation sets (as Python-int bit masks) and how many outcomes have each.

    Bit ``c`` is set when the outcome breaks constraint ``c``.

    Examples
    --------
    Two outcomes break nothing (set 0), two break beta/no-deal only (bit 2),
    all the land with a guarantee breaks alpha/keep-core (bit 0), and without
    one alpha/no-deal too (bits 0 and 1):

    >>> import negsim
    >>> from negsim.scenario.examples import border_talks
    >>> s = border_talks()
    >>> from negsim.zone.constraints import violation_sets
    >>> sets, counts = violation_sets(negsim.compile_scenario(s))
    >>> sets, counts.tolist()
    ([0, 1, 3, 4], [2, 1, 1, 2])
    """
    sets, inverse = violation_index(model)
    return sets, np.bincount(inverse, minlength=len(sets))


def violation_index(model: Model) -> tuple[list[int], np.ndarray]:
    """Distinct violation sets (sorted) and, for each outcome, the position of its set.

    Examples
    --------
    >>> import negsim
    >>> from negsim.scenario.examples import border_talks
    >>> s = border_talks()
    >>> from negsim.zone.constraints import violation_index
    >>> sets, inverse = violation_index(negsim.compile_scenario(s))
    >>> sets, inverse.tolist()
    ([0, 1, 3, 4], [3, 3, 0, 0, 2, 1])
    """
    n_constraints = len(model.red_lines) + len(model.parties)
    if n_constraints <= 64:
        dtype = _WORD[max(8, 1 << (max(n_constraints, 1) - 1).bit_length())]
        distinct, inverse = np.unique(
            _pack(model, range(n_constraints), dtype), return_inverse=True
        )
        return [int(v) for v in distinct], inverse.reshape(-1)
    words = np.stack(
        [
            _pack(model, range(start, min(start + 64, n_constraints)), np.uint64)
            for start in range(0, n_constraints, 64)
        ],
        axis=1,
    )
    rows, inverse = np.unique(words, axis=0, return_inverse=True)
    sets = [sum(int(w) << (64 * j) for j, w in enumerate(row)) for row in rows]
    return sets, inverse.reshape(-1)


_WORD: dict[int, type[np.unsignedinteger]] = {
    8: np.uint8,
    16: np.uint16,
    32: np.uint32,
    64: np.uint64,
}


def _pack(model: Model, constraints: range, dtype: type[np.unsignedinteger]) -> np.ndarray:
    """Bits ``c - constraints.start`` set where the outcome breaks constraint ``c``."""
    kept = np.zeros(model.n_outcomes, dtype=dtype)
    bit = np.empty(model.n_outcomes, dtype=dtype)
    for shift, c in enumerate(constraints):
        np.copyto(bit, satisfied(model, c), casting="unsafe")
        np.left_shift(bit, dtype(shift), out=bit)
        np.bitwise_or(kept, bit, out=kept)
    return np.bitwise_xor(kept, dtype((1 << len(constraints)) - 1))
