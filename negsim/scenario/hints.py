"""Suggestions for a misspelt name."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(word: str, names: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` naming the closest of ``names`` (a mapping's keys), or ``""``."""
    hint = difflib.get_close_matches(word, list(names), n=1)
    return f"; did you mean {hint[0]!r}?" if hint else ""
