"""The hint appended to a message about an unknown name."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = [
    "did_you_mean",
]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for the closest of ``choices`` to ``word``, or ``""``.

    The closest is :func:`difflib.get_close_matches`'s best match at its
    default cutoff (a similarity ratio of at least 0.6, Ratcliff & Obershelp).

    Examples
    --------
    >>> from negsim.common.suggest import did_you_mean
    >>> "no field 'no_dael'" + did_you_mean("no_dael", ["no_deal", "utility"])
    "no field 'no_dael'; did you mean 'no_deal'?"
    >>> did_you_mean("xyz", ["no_deal", "utility"])
    ''
    """
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""
