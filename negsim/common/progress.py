"""A progress bar on standard error (tqdm), or a silent stand-in with the same methods."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Protocol

__all__ = [
    "Bar",
    "Silent",
    "progress_bar",
]


class Bar(Protocol):
    """What negsim asks of a progress bar: the methods of ``tqdm`` it calls."""

    total: Any

    def update(self, n: float = 1) -> Any: ...

    def set_postfix_str(self, s: str = "", refresh: bool = True) -> None: ...

    def close(self) -> None: ...

    def __enter__(self) -> Bar: ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> Any: ...


class Silent:
    """A bar that shows nothing."""

    def __init__(self, total: float) -> None:
        self.total = total

    def update(self, n: float = 1) -> None:
        pass

    def set_postfix_str(self, s: str = "", refresh: bool = True) -> None:
        pass

    def close(self) -> None:
        pass

    def __enter__(self) -> Silent:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        pass


def progress_bar(
    total: float,
    *,
    enabled: bool = True,
    terminal_only: bool = False,
    desc: str | None = None,
    unit: str = "it",
    delay: float = 0.0,
    notebook: bool = False,
) -> Bar:
    """A bar counting to ``total`` that disappears when closed.

    Parameters
    ----------
    total
        What a full bar counts.
    enabled
        ``False``: a :class:`Silent` bar, and tqdm is not even imported.
    terminal_only
        Show the bar only when standard error is a terminal.
    desc, unit
        The bar's label and what it counts.
    delay
        Seconds before the bar first shows (quick work shows none).
    notebook
        Use ``tqdm.auto``: a widget in Jupyter, a text bar elsewhere.

    Returns
    -------
    Bar
        A ``tqdm`` bar or a :class:`Silent` one; either is a context manager.

    Examples
    --------
    >>> from negsim.common.progress import Silent, progress_bar
    >>> with progress_bar(3, enabled=False) as bar:
    ...     for _ in range(3):
    ...         bar.update()
    >>> isinstance(bar, Silent), bar.total
    (True, 3)
    """
    if not enabled:
        return Silent(total)
    if notebook:
        from tqdm.auto import tqdm
    else:
        from tqdm import tqdm
    bar: Bar = tqdm(
        total=total,
        desc=desc,
        unit=unit,
        delay=delay,
        leave=False,
        disable=None if terminal_only else False,
    )
    return bar
