"""Errors a user of negsim can cause, each rendered as one line."""

from __future__ import annotations

__all__ = [
    "AnalysisError",
    "NegsimError",
    "ScenarioError",
    "SpaceTooLargeError",
]


class NegsimError(Exception):
    """Base class of every error negsim raises on purpose.

    The command line prints ``str(error)`` alone and exits with status 2.

    Examples
    --------
    Every error negsim raises on purpose can be caught as one:

    >>> import negsim
    >>> try:
    ...     negsim.war.fearon_range(1.5, 0.1, 0.1)
    ... except negsim.NegsimError as error:
    ...     print(error)
    p_a must be a probability in [0, 1], got 1.5
    """


class ScenarioError(NegsimError):
    """A scenario file, text or override that cannot be used.

    Parameters
    ----------
    message
        What is wrong, in words a scenario author follows.
    file
        The file (or ``<text>`` / ``<override>``) the problem is in.
    line
        1-based line in the YAML text, when known.
    field
        Dotted path of the field, e.g. ``parties.ukraine.red_lines.not-an-inch.rule``.
    more
        Further problems found in the same validation pass (at most
        :data:`negsim.scenario.messages.MAX_ERRORS` in all); ``str()`` shows
        only the first, ``negsim validate`` prints each.

    Examples
    --------
    >>> from negsim.errors import NegsimError, ScenarioError
    >>> error = ScenarioError(
    ...     "this field is required", file="talks.yaml", line=12, field="parties.alpha.no_deal"
    ... )
    >>> str(error)
    'talks.yaml:12: parties.alpha.no_deal: this field is required'
    >>> isinstance(error, NegsimError), error.field
    (True, 'parties.alpha.no_deal')
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
        more: tuple[ScenarioError, ...] = (),
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.field = field
        self.more = more
        super().__init__(str(self))

    def every(self) -> tuple[ScenarioError, ...]:
        """This error and the further ones found in the same file (``more``), in order."""
        return (self, *self.more)

    def __str__(self) -> str:
        where = self.file or "<scenario>"
        if self.line is not None:
            where += f":{self.line}"
        parts = [where]
        if self.field:
            parts.append(self.field)
        parts.append(self.message)
        return " ".join(": ".join(parts).splitlines())


class SpaceTooLargeError(NegsimError):
    """The outcome space cannot be enumerated within the configured limit.

    Examples
    --------
    >>> import negsim
    >>> s = negsim.load('''
    ... negsim: 1
    ... name: Fine grid
    ... issues:
    ...   share: {kind: continuous, range: [0, 100], unit: "% to Alpha", grid: 1001}
    ... parties:
    ...   alpha: {no_deal: 0.3, utility: {share: {weight: 1, points: [[0, 0], [100, 1]]}}}
    ... ''')
    >>> try:
    ...     negsim.compile_scenario(s, max_outcomes=1000)
    ... except negsim.SpaceTooLargeError as error:
    ...     print(str(error).split(";")[0])
    the outcome space has 1,001 outcomes (share 1001), above the limit of 1,000
    """


class AnalysisError(NegsimError):
    """An analysis was asked for something the model cannot answer.

    Examples
    --------
    >>> from negsim.bargaining.rubinstein import rubinstein_split
    >>> rubinstein_split(1.0, 1.0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    negsim.errors.AnalysisError: delta1 must be a discount factor in [0, 1), got 1.0 (...)
    """
