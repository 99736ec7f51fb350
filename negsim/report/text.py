"""The verdict of a run as plain text for a terminal, and the lines it is made of."""

from __future__ import annotations

import math
import textwrap
from typing import TYPE_CHECKING

from negsim.common.words import outcome_text
from negsim.games import Equilibria
from negsim.model.compile import Model
from negsim.zone import verdict

if TYPE_CHECKING:
    # result.py words its result with this module, so the import runs one way
    from negsim.report.result import RunResult

__all__ = [
    "bargaining_lines",
    "counted",
    "fmt",
    "game_lines",
    "game_summary",
    "party_label",
    "verdict_text",
]


def party_label(model: Model, party: str) -> str:
    """A party's display name."""
    return model.scenario.parties[party].name or party


def fmt(value: float | None, digits: int = 4) -> str:
    """A number for reading: ``digits`` significant digits, or ``n/a``."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    return f"{value:.{digits}g}"


def bargaining_lines(result: RunResult) -> list[str]:
    """The bargaining solutions, or why there are none."""
    b = result.bargaining
    if not b.exists:
        return ["No zone, so no bargaining solution."]
    model = result.model
    points = "grid point(s)" if b.provenance.resolution else "outcome(s)"
    lines = [f"Pareto frontier of the zone: {b.frontier_size:,} {points}."]
    if any(s.index is None and not s.is_lottery for s in b.solutions.values()):
        lines.append("Solutions found exactly over the continuous issues, not only on the grid.")
    for s in b.solutions.values():
        gains = ", ".join(
            f"{party_label(model, p)} {fmt(u, 3)}"
            for p, u in zip(b.parties, s.utility, strict=True)
        )
        lines.append(f"{s.title}: {gains}")
        if s.outcome is not None:
            lines.append(f"    {outcome_text(s.outcome)}")
    return lines


def game_summary(game: Equilibria) -> str:
    """Where the equilibria of a game end, in a few words."""
    if not len(game):
        return "no equilibrium found"
    counts: dict[str, int] = {}
    for e in game:
        counts[e.describe_outcome()] = counts.get(e.describe_outcome(), 0) + 1
    if len(counts) == 1:
        (only,) = counts
        return f"every equilibrium ends in {only}"
    return "ends in " + "; ".join(
        f"{label} ({n} equilibri{'a' if n != 1 else 'um'})" for label, n in counts.items()
    )


def game_lines(result: RunResult) -> list[str]:
    """One entry per game: what was found, and where play ends."""
    if not result.games:
        return ["No games: the scenario declares none and has no proposals."]
    lines = []
    for name, game in result.games.items():
        lines.append(f"{name} ({game.kind.replace('_', ' ')}): {game.statement}")
        lines.append(f"    {game_summary(game)}")
    return lines


def verdict_text(result: RunResult, *, width: int = 100) -> str:
    """The verdict for a terminal: one screen of plain text.

    The agreement-zone sentences are :func:`negsim.zone.verdict.render`'s; the
    games and bargaining solutions follow.
    """
    model = result.model
    lines = [result.scenario.name]
    if result.source:
        lines.append(f"  {result.source}")
    facts = [
        counted(len(model.parties), "party", "parties"),
        counted(len(model.space.axes), "issue"),
        counted(model.n_outcomes, "outcome"),
        counted(len(model.red_lines), "red line"),
        counted(len(result.scenario.proposals), "proposal"),
    ]
    lines.append("  " + ", ".join(facts))
    if result.overrides:
        lines.append("  with " + ", ".join(result.overrides))
    lines += ["", *verdict.render(result.analysis).splitlines()]
    lines += ["", "Games (payoffs from the utilities):"]
    lines += ["  " + line for line in game_lines(result)]
    lines += ["", "Bargaining:"]
    lines += ["  " + line for line in bargaining_lines(result)]
    return "\n".join(_wrap(line, width) for line in lines) + "\n"


def _wrap(line: str, width: int) -> str:
    """Wrap a long line, continuing under its own indentation plus four spaces."""
    if len(line) <= width:
        return line
    indent = " " * (len(line) - len(line.lstrip()) + 4)
    return textwrap.fill(line, width, subsequent_indent=indent, break_on_hyphens=False)


def counted(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else plural or word + 's'}"
