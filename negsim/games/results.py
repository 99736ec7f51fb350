"""Results of solving a game: each equilibrium and the list with its guarantees."""

from __future__ import annotations

import html
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from negsim.common.provenance import Provenance
from negsim.games.normal_form import GameOutcome

__all__ = [
    "Equilibria",
    "Equilibrium",
    "OutcomeShare",
    "solver_provenance",
]

COMPLETE_SCOPES = ("all", "extreme", "pure", "subgame_perfect")
"""Scopes whose list is every equilibrium of its kind (the others may miss some)."""


def solver_provenance(method: str, scope: str, tolerance: float) -> Provenance:
    """How a list of equilibria was found; exact when complete for its ``scope``."""
    return Provenance(method, exact=scope in COMPLETE_SCOPES, tolerance=tolerance)


def _number(value: float) -> float:
    """A JSON-safe float with the noise of the last digits removed."""
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {value}")
    return float(f"{value:.12g}") + 0.0


def _mix(probabilities: Mapping[str, float]) -> str:
    if len(probabilities) == 1:
        return next(iter(probabilities))
    return ", ".join(f"{s} {p:.4g}" for s, p in probabilities.items())


@dataclass(frozen=True)
class OutcomeShare:
    """An outcome and the probability that play ends in it.

    Examples
    --------
    >>> from negsim.games import NormalForm, solve_normal_form
    >>> pennies = NormalForm.from_payoffs([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> share = solve_normal_form(pennies).equilibria[0].outcomes[0]
    >>> share.outcome.label, round(share.probability, 4)
    ('s1, s1', 0.25)
    """

    outcome: GameOutcome
    probability: float

    def to_dict(self) -> dict[str, Any]:
        return {**self.outcome.to_dict(), "probability": _number(self.probability)}


@dataclass(frozen=True)
class Equilibrium:
    """One equilibrium of a game.

    Attributes
    ----------
    strategies
        Normal-form games: each player's mix as ``{strategy: probability}``,
        listing the strategies played with positive probability.
    outcomes
        Where play ends, most likely first (one entry with probability 1 for
        pure play).
    payoffs
        Each player's expected payoff.
    regrets
        Each player's gain from its best deviation (zero up to rounding).
    plan
        Sequential games: each player's move at each of its decision nodes
        (``root``, ``root/move``, ...).
    path
        Sequential games: ``(player, move)`` along the path of play.

    Examples
    --------
    >>> from negsim.games import NormalForm, solve_normal_form
    >>> pennies = NormalForm.from_payoffs([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> found = solve_normal_form(pennies).equilibria[0]
    >>> found.pure, {s: round(p, 4) for s, p in found.strategies["p1"].items()}
    (False, {'s1': 0.5, 's2': 0.5})
    >>> [round(share.probability, 4) for share in found.outcomes]
    [0.25, 0.25, 0.25, 0.25]
    """

    strategies: Mapping[str, Mapping[str, float]]
    outcomes: tuple[OutcomeShare, ...]
    payoffs: Mapping[str, float]
    regrets: Mapping[str, float]
    plan: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    path: tuple[tuple[str, str], ...] = ()

    @property
    def pure(self) -> bool:
        return all(len(mix) == 1 for mix in self.strategies.values())

    @property
    def regret(self) -> float:
        """The largest regret of any player."""
        return max(self.regrets.values(), default=0.0)

    @property
    def outcome(self) -> GameOutcome | None:
        """The outcome when play ends in one outcome for sure, else ``None``."""
        if len(self.outcomes) == 1:
            return self.outcomes[0].outcome
        return None

    @property
    def deal_probability(self) -> float:
        return sum(share.probability for share in self.outcomes if share.outcome.is_deal)

    def describe_outcome(self) -> str:
        if self.outcome is not None:
            return self.outcome.label
        return ", ".join(f"{s.outcome.label} {s.probability:.4g}" for s in self.outcomes)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.path:
            data["path"] = [{"player": p, "move": m} for p, m in self.path]
            data["plan"] = {p: dict(moves) for p, moves in self.plan.items()}
        else:
            data["pure"] = self.pure
            data["strategies"] = {
                p: {s: _number(x) for s, x in mix.items()} for p, mix in self.strategies.items()
            }
        data["outcomes"] = [share.to_dict() for share in self.outcomes]
        data["payoffs"] = {p: _number(v) for p, v in self.payoffs.items()}
        data["regrets"] = {p: _number(v) for p, v in self.regrets.items()}
        return data

    def __repr__(self) -> str:
        if self.path:
            play = " -> ".join(f"{p} {m}" for p, m in self.path)
        else:
            play = "; ".join(f"{p}: {_mix(mix)}" for p, mix in self.strategies.items())
        pays = ", ".join(f"{p} {v:.4g}" for p, v in self.payoffs.items())
        return f"<Equilibrium {play} => {self.describe_outcome()} ({pays})>"

    def _repr_html_(self) -> str:
        return f"<code>{html.escape(repr(self))}</code>"


@dataclass(frozen=True)
class Equilibria:
    """The equilibria of one game, with what the list is guaranteed to contain.

    Attributes
    ----------
    game, kind, says
        The game's name, kind (``normal_form``, ``proposal``, ``sequential``) and
        description.
    players
        Parties that play, in order.
    equilibria
        Every equilibrium found, each verified (regret within ``tolerance``).
    provenance
        How they were found (``method``), whether the list is complete for its
        scope (``exact``) and the ``tolerance``; ``method`` and ``tolerance``
        read it.
    scope
        ``all`` (every equilibrium), ``extreme`` (every extreme equilibrium of a
        degenerate game; see ``nash_subsets``), ``pure`` (every pure equilibrium),
        ``subgame_perfect`` (every subgame-perfect equilibrium in pure strategies)
        or ``some`` (a method without a completeness guarantee).
    statement
        One sentence saying what was found and what it is complete for.
    breach_penalty
        Subtracted from the no-deal value of a party whose red line an outcome breaks.
    degenerate
        Whether a degeneracy was found (two-player games; ``None`` otherwise).
    degeneracy
        A witness in words, when degenerate.
    nash_subsets
        Two-player games: maximal Nash subsets as tuples of equilibrium indices;
        every mix of the row strategies of a subset against every mix of its
        column strategies is an equilibrium.
    rejected
        Candidates dropped because they failed verification.

    Examples
    --------
    The prisoner's dilemma has one equilibrium, and the list is complete:

    >>> from negsim.games import NormalForm, solve_normal_form
    >>> game = NormalForm.from_payoffs(
    ...     [[[3, 0], [5, 1]], [[3, 5], [0, 1]]], strategies=[["cooperate", "defect"]] * 2
    ... )
    >>> found = solve_normal_form(game)
    >>> found.scope, found.equilibria
    ('all', (<Equilibrium p1: defect; p2: defect => defect, defect (p1 1, p2 1)>,))
    >>> found.to_frame()[["p1 plays", "p2 plays", "p1 payoff", "p2 payoff"]].reset_index()
       equilibrium p1 plays p2 plays  p1 payoff  p2 payoff
    0            0   defect   defect        1.0        1.0
    """

    game: str
    kind: str
    players: tuple[str, ...]
    equilibria: tuple[Equilibrium, ...]
    provenance: Provenance
    scope: str
    statement: str
    breach_penalty: float
    says: str = ""
    degenerate: bool | None = None
    degeneracy: str = ""
    nash_subsets: tuple[tuple[int, ...], ...] = ()
    rejected: int = 0

    @property
    def method(self) -> str:
        return self.provenance.method

    @property
    def tolerance(self) -> float:
        """Each player's regret is at most ``tolerance`` times its payoff range."""
        return self.provenance.tolerance or 0.0

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self) -> Iterator[Equilibrium]:
        return iter(self.equilibria)

    def __getitem__(self, index: int) -> Equilibrium:
        return self.equilibria[index]

    def to_dict(self) -> dict[str, Any]:
        return {
            "game": self.game,
            "kind": self.kind,
            "says": self.says,
            "players": list(self.players),
            "method": self.method,
            "scope": self.scope,
            "statement": self.statement,
            "tolerance": self.tolerance,
            "breach_penalty": self.breach_penalty,
            "degenerate": self.degenerate,
            "degeneracy": self.degeneracy,
            "nash_subsets": [list(s) for s in self.nash_subsets],
            "rejected": self.rejected,
            "equilibria": [e.to_dict() for e in self.equilibria],
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per equilibrium: play, outcome, deal probability, payoffs, regret."""
        rows = []
        for e in self.equilibria:
            row: dict[str, Any] = {}
            if self.kind == "sequential":
                row["path"] = " -> ".join(f"{p} {m}" for p, m in e.path)
                for p in self.players:
                    row[f"{p} plan"] = "; ".join(f"{n}: {m}" for n, m in e.plan.get(p, {}).items())
            else:
                row["pure"] = e.pure
                for p in self.players:
                    row[f"{p} plays"] = _mix(e.strategies[p])
            row["outcome"] = e.describe_outcome()
            row["deal probability"] = e.deal_probability
            for p in self.players:
                row[f"{p} payoff"] = e.payoffs[p]
            row["regret"] = e.regret
            rows.append(row)
        frame = pd.DataFrame(rows)
        frame.index.name = "equilibrium"
        return frame

    def to_text(self) -> str:
        """A plain-text report: the statement, the scoring and one line per equilibrium."""
        lines = [f"game {self.game} ({self.kind}): {self.statement}"]
        if self.says:
            lines.append(f"  {self.says}")
        lines.append(
            f"  method: {self.method}; verified: regret <= {self.tolerance:g} x payoff range; "
            f"a red-line breach scores no-deal - {self.breach_penalty:g}"
        )
        if self.degeneracy:
            lines.append(f"  degenerate: {self.degeneracy}")
        if self.nash_subsets and any(len(s) > 1 for s in self.nash_subsets):
            groups = "; ".join("{" + ", ".join(map(str, s)) + "}" for s in self.nash_subsets)
            lines.append(f"  maximal Nash subsets (equilibrium numbers): {groups}")
        if self.equilibria:
            frame = self.to_frame().drop(columns=["regret"])
            if self.kind == "sequential":
                frame = frame.drop(columns=[f"{p} plan" for p in self.players])
            lines += ["", *("  " + row for row in frame.to_string().splitlines())]
            if self.kind == "sequential" and len({e.path for e in self}) < len(self):
                lines.append(
                    "  (equilibria with the same path differ in moves off the path: "
                    "see the plans in to_frame() or --json)"
                )
        return "\n".join(lines) + "\n"

    def by_outcome(self) -> pd.DataFrame:
        """How many equilibria end in each outcome (or mix of outcomes), with payoffs."""
        frame = self.to_frame()
        if frame.empty:
            return frame
        payoffs = [f"{p} payoff" for p in self.players]
        grouped = frame.groupby("outcome", sort=False)
        out = grouped[payoffs].agg(["min", "max"])
        out.columns = [" ".join(column) for column in out.columns]  # (payoff, statistic)
        out.insert(0, "equilibria", grouped.size())
        out.insert(1, "deal probability", grouped["deal probability"].max())
        return out

    def __repr__(self) -> str:
        lines = [f"<Equilibria of {self.kind} game {self.game!r}: {self.statement}>"]
        lines += [f"  {i}: {e!r}" for i, e in enumerate(self.equilibria[:20])]
        if len(self.equilibria) > 20:
            lines.append(f"  ... {len(self.equilibria) - 20} more (see to_frame())")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = (
            f"<p><b>{html.escape(self.kind)} game {html.escape(self.game)}</b>: "
            f"{html.escape(self.statement)}</p>"
        )
        return head + self.to_frame().to_html()
