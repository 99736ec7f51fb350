"""Issue values and outcomes in the words of a scenario file, on every surface.

A boolean is ``true``/``false``, a subset a flow list ``[a, b]`` (the empty
set ``[]``), a number its shortest form to twelve significant digits (so sums
of decimals print without round-off noise) — what one would type in YAML, so
a deal printed by any command can be pasted back into a file or ``--set``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

__all__ = ["outcome_text", "value_text"]

DIGITS = 12
"""Significant digits of a printed number: enough to tell solver bounds apart, none of the noise
of binary floating point."""


def value_text(value: Any) -> str:
    """One issue value as a scenario file writes it.

    Examples
    --------
    >>> from negsim.common.words import value_text
    >>> value_text(True), value_text([]), value_text(["north", "east"])
    ('true', '[]', '[north, east]')
    >>> value_text(0.6000000000000001), value_text(50.000002), value_text(3)
    ('0.6', '50.000002', '3')
    """
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(value_text(v) for v in value) + "]"
    if isinstance(value, float | np.floating):
        return f"{float(value):.{DIGITS}g}"
    return str(value)


def outcome_text(outcome: Mapping[str, Any] | None) -> str:
    """``issue=value`` pairs, values as :func:`value_text` writes them.

    Examples
    --------
    >>> from negsim.common.words import outcome_text
    >>> outcome = {"districts": ["north", "east"], "guarantee": True, "water": 44.99999999999999}
    >>> outcome_text(outcome)
    'districts=[north, east], guarantee=true, water=45'
    >>> outcome_text(None)
    '(none)'
    """
    if outcome is None:
        return "(none)"
    return ", ".join(f"{issue}={value_text(value)}" for issue, value in outcome.items())
