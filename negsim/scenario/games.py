"""Strategic games declared in a scenario file: the ``games`` section.

A game names who moves and which outcome each play leads to; the payoffs are
never written down, they come from the parties' utilities in the same scenario
(see ``docs/games.md``). Three kinds:

``normal_form``
    Each player picks one of its strategies at once; ``outcomes`` maps strategy
    profiles to an outcome (first matching rule wins, ``"*"`` matches any
    strategy, a player left out of ``when`` matches any strategy).
``proposal``
    Derived from the scenario's proposals: each player names one proposal or
    holds out; a deal happens only when every player names the same proposal.
``sequential``
    A finite tree with perfect information: decision nodes
    ``{player, moves: {move: node}}`` and leaves ``{outcome}``.

An outcome reference is the name of a proposal, ``no_deal``, or an inline
outcome (a value for every issue). This module holds the schema and the checks
that need the rest of the scenario (:func:`check_games`); it imports nothing
from negsim so that ``negsim.scenario`` can import it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    WrapValidator,
    model_validator,
)

from negsim.common.suggest import did_you_mean

__all__ = [
    "BRANCH_LABELS",
    "DEFAULT_BREACH_PENALTY",
    "DecisionNode",
    "FIELD_NAMES",
    "Fail",
    "GAME_KINDS",
    "Game",
    "HOLD_OUT",
    "Identifier",
    "Leaf",
    "MAX_PROFILES",
    "MAX_TREE_DEPTH",
    "NO_DEAL",
    "Node",
    "NormalFormGame",
    "OutcomeRule",
    "ProposalGame",
    "SequentialGame",
    "Text",
    "check_games",
    "first_uncovered_profile",
    "rule_mask",
]

NO_DEAL = "no_deal"
"""Outcome reference for no deal (continued war): each party gets its no-deal value."""
HOLD_OUT = "hold_out"
"""The strategy of a proposal-game player who names no proposal."""
WILDCARD = "*"
"""In ``when``: any strategy of that player."""

DEFAULT_BREACH_PENALTY = 1.0
MAX_PLAYERS = 16
MAX_STRATEGIES = 64
MAX_PROFILES = 1_000_000
MAX_TREE_NODES = 5_000
MAX_TREE_DEPTH = 16
MAX_MOVES = 32

GAME_KINDS = ("normal_form", "proposal", "sequential")
BRANCH_LABELS = frozenset({*GAME_KINDS, "decision", "leaf"})
"""Union labels pydantic puts in error locations of games (not keys of the data)."""

Identifier = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$", max_length=64)]
Text = Annotated[str, Field(max_length=4000)]


def _outcome_ref(value: Any, handler: Callable[[Any], Any]) -> Any:
    if not isinstance(value, str | dict):
        raise ValueError(
            f"an outcome is a proposal name, {NO_DEAL!r}, or a mapping of issue values; "
            f"got {value!r}"
        )
    return handler(value)


OutcomeRef = Annotated[Identifier | dict[Identifier, Any], WrapValidator(_outcome_ref)]
"""A proposal name, ``no_deal``, or an inline outcome ``{issue: value, ...}``."""
BreachPenalty = Annotated[float, Field(ge=0, allow_inf_nan=False, strict=True)]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ---------------------------------------------------------------- normal form


class OutcomeRule(_Frozen):
    """One row of a normal-form game's outcome table: profiles matching ``when`` lead to
    ``outcome``."""

    when: dict[Identifier, Identifier | Literal["*"]] = {}
    outcome: OutcomeRef
    says: Text = ""


class NormalFormGame(_Frozen):
    """Players choose simultaneously; ``outcomes`` maps every profile to an outcome.

    Parameters
    ----------
    players
        ``{party: [strategy, ...]}`` in the order the game lists them.
    outcomes
        Rules tried in order; the first whose ``when`` matches a profile gives
        its outcome. Every profile must be matched by some rule.
    breach_penalty
        A party whose red line an outcome breaks scores its no-deal value minus
        this amount.

    Examples
    --------
    >>> from negsim.scenario.games import NormalFormGame
    >>> game = NormalFormGame.model_validate(
    ...     {
    ...         "kind": "normal_form",
    ...         "players": {"alpha": ["give", "firm"], "beta": ["give", "firm"]},
    ...         "outcomes": [{"when": {"alpha": "give", "beta": "give"}, "outcome": "even"},
    ...                      {"outcome": "no_deal"}],
    ...     }
    ... )
    >>> game.players, game.breach_penalty
    ({'alpha': ('give', 'firm'), 'beta': ('give', 'firm')}, 1.0)
    """

    kind: Literal["normal_form"]
    players: Annotated[dict[Identifier, tuple[Identifier, ...]], Field(min_length=2)]
    outcomes: Annotated[tuple[OutcomeRule, ...], Field(min_length=1, max_length=10_000)]
    breach_penalty: BreachPenalty = DEFAULT_BREACH_PENALTY
    says: Text = ""

    @model_validator(mode="after")
    def _sizes(self) -> NormalFormGame:
        if len(self.players) > MAX_PLAYERS:
            raise ValueError(f"a game has at most {MAX_PLAYERS} players")
        profiles = 1
        for party, strategies in self.players.items():
            if not 1 <= len(strategies) <= MAX_STRATEGIES:
                raise ValueError(
                    f"player {party!r} needs between 1 and {MAX_STRATEGIES} strategies"
                )
            if len(set(strategies)) != len(strategies):
                twice = next(s for s in strategies if strategies.count(s) > 1)
                raise ValueError(f"player {party!r} lists strategy {twice!r} twice")
            profiles *= len(strategies)
        if profiles > MAX_PROFILES:
            raise ValueError(
                f"the game has {profiles:,} strategy profiles, above the limit of {MAX_PROFILES:,}"
            )
        return self


# ---------------------------------------------------------------- proposal game


class ProposalGame(_Frozen):
    """Each player names one of ``proposals`` or holds out; all name the same one: deal.

    Parameters
    ----------
    players
        Parties that play (default: every party of the scenario).
    proposals
        Proposals that may be named (default: every proposal of the scenario).

    Examples
    --------
    >>> from pydantic import ValidationError
    >>> from negsim.scenario.games import ProposalGame
    >>> game = ProposalGame.model_validate({"kind": "proposal", "players": ["alpha", "beta"]})
    >>> game.proposals is None
    True
    >>> try:
    ...     ProposalGame.model_validate({"kind": "proposal", "proposals": ["even", "even"]})
    ... except ValidationError as error:
    ...     print(error.errors()[0]["msg"])
    Value error, proposal 'even' is listed twice
    """

    kind: Literal["proposal"]
    players: Annotated[tuple[Identifier, ...], Field(min_length=2)] | None = None
    proposals: Annotated[tuple[Identifier, ...], Field(min_length=1)] | None = None
    breach_penalty: BreachPenalty = DEFAULT_BREACH_PENALTY
    says: Text = ""

    @model_validator(mode="after")
    def _unique(self) -> ProposalGame:
        for what, names in (("player", self.players), ("proposal", self.proposals)):
            if names is not None and len(set(names)) != len(names):
                twice = next(n for n in names if names.count(n) > 1)
                raise ValueError(f"{what} {twice!r} is listed twice")
        if self.proposals is not None and HOLD_OUT in self.proposals:
            raise ValueError(f"{HOLD_OUT!r} is the strategy of naming no proposal")
        return self


# ---------------------------------------------------------------- sequential game


class Leaf(_Frozen):
    """The end of a play: the outcome it leads to."""

    outcome: OutcomeRef
    says: Text = ""


def _node_tag(value: Any) -> str:
    if isinstance(value, Mapping):
        return "decision" if "moves" in value or "player" in value else "leaf"
    return "decision" if isinstance(value, DecisionNode) else "leaf"


class DecisionNode(_Frozen):
    """A point where ``player`` chooses one of ``moves``; each move leads to a node or leaf."""

    player: Identifier
    moves: Annotated[
        dict[Identifier, Node],
        Field(min_length=1, max_length=MAX_MOVES),
    ]
    says: Text = ""

    def walk(self, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], DecisionNode]]:
        """Every decision node below and including this one, with its path of moves."""
        yield path, self
        for move, child in self.moves.items():
            if isinstance(child, DecisionNode):
                yield from child.walk((*path, move))

    def leaves(self, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Leaf]]:
        """Every leaf below this node, with its path of moves."""
        for move, child in self.moves.items():
            if isinstance(child, DecisionNode):
                yield from child.leaves((*path, move))
            else:
                yield (*path, move), child


Node = Annotated[
    Annotated[DecisionNode, Tag("decision")] | Annotated[Leaf, Tag("leaf")],
    Discriminator(_node_tag),
]
DecisionNode.model_rebuild()


class SequentialGame(_Frozen):
    """A game tree with perfect information, solved by backward induction.

    Parameters
    ----------
    root
        The first decision node.

    Examples
    --------
    Alpha offers or waits; after an offer Beta accepts or refuses:

    >>> from negsim.scenario.games import SequentialGame
    >>> game = SequentialGame.model_validate(
    ...     {
    ...         "kind": "sequential",
    ...         "root": {
    ...             "player": "alpha",
    ...             "moves": {
    ...                 "offer": {
    ...                     "player": "beta",
    ...                     "moves": {
    ...                         "accept": {"outcome": "even"},
    ...                         "refuse": {"outcome": "no_deal"},
    ...                     },
    ...                 },
    ...                 "wait": {"outcome": "no_deal"},
    ...             },
    ...         },
    ...     }
    ... )
    >>> game.players, [path for path, _ in game.root.walk()]
    (('alpha', 'beta'), [(), ('offer',)])
    >>> [(path, leaf.outcome) for path, leaf in game.root.leaves()]
    [(('offer', 'accept'), 'even'), (('offer', 'refuse'), 'no_deal'), (('wait',), 'no_deal')]
    """

    kind: Literal["sequential"]
    root: DecisionNode
    breach_penalty: BreachPenalty = DEFAULT_BREACH_PENALTY
    says: Text = ""

    @model_validator(mode="before")
    @classmethod
    def _size_first(cls, data: Any) -> Any:
        """Count the nodes of the tree as written, before validating any of them."""
        nodes, depth = _tree_extent(data.get("root") if isinstance(data, dict) else None)
        if nodes > MAX_TREE_NODES:
            raise ValueError(f"the tree has more than {MAX_TREE_NODES:,} nodes")
        if depth > MAX_TREE_DEPTH:
            raise ValueError(f"the tree is {depth} moves deep; the limit is {MAX_TREE_DEPTH}")
        return data

    @model_validator(mode="after")
    def _size(self) -> SequentialGame:
        nodes = 0
        depth = 0
        for path, node in self.root.walk():
            nodes += 1 + sum(not isinstance(c, DecisionNode) for c in node.moves.values())
            depth = max(depth, len(path) + 1)
            if nodes > MAX_TREE_NODES:
                raise ValueError(f"the tree has more than {MAX_TREE_NODES:,} nodes")
        if depth > MAX_TREE_DEPTH:
            raise ValueError(f"the tree is {depth} moves deep; the limit is {MAX_TREE_DEPTH}")
        return self

    @property
    def players(self) -> tuple[str, ...]:
        """Parties that move somewhere in the tree, in order of first appearance."""
        return tuple(dict.fromkeys(node.player for _, node in self.root.walk()))


Game = Annotated[NormalFormGame | ProposalGame | SequentialGame, Field(discriminator="kind")]

FIELD_NAMES = frozenset(
    {
        *NormalFormGame.model_fields,
        *OutcomeRule.model_fields,
        *ProposalGame.model_fields,
        *SequentialGame.model_fields,
        *DecisionNode.model_fields,
        *Leaf.model_fields,
    }
)
"""Every field name a game may use (for 'did you mean' hints)."""


def _tree_extent(root: Any) -> tuple[int, int]:
    """Nodes (decisions and leaves) and depth in moves of a tree as plain data, counting
    no further than one node past :data:`MAX_TREE_NODES`."""
    nodes, depth = 0, 0
    stack: list[tuple[Any, int]] = [(root, 0)]
    while stack and nodes <= MAX_TREE_NODES:
        node, level = stack.pop()
        nodes += 1
        moves = node.get("moves") if isinstance(node, dict) else None
        if isinstance(moves, dict):
            depth = max(depth, level + 1)
            stack.extend((child, level + 1) for child in moves.values())
    return nodes, depth


# ---------------------------------------------------------------- cross-references

Fail = Callable[..., Exception]
"""``fail(message, *path)`` builds the error to raise for a field at ``path``."""


def check_games(
    games: Mapping[str, Game],
    *,
    parties: Collection[str],
    proposals: Collection[str],
    check_outcome: Callable[[Mapping[str, Any], Fail], None],
    fail: Fail,
) -> None:
    """Check the references of every game against the rest of the scenario.

    Parameters
    ----------
    games
        The scenario's ``games``.
    parties, proposals
        Names of the scenario's parties and proposals.
    check_outcome
        ``check_outcome(outcome, fail_at)`` raises ``fail_at(message, *subpath)``
        when an inline outcome is not a full, valid outcome.
    fail
        ``fail(message, *path)`` with the path from the top of the scenario.
    """
    for name, game in games.items():
        base = ("games", name)
        if game.kind == "normal_form":
            _check_normal_form(game, base, parties, proposals, check_outcome, fail)
        elif game.kind == "proposal":
            _check_proposal_game(game, base, parties, proposals, fail)
        else:
            for path, node in game.root.walk():
                where = (*base, "root", *_tree_path(path))
                if node.player not in parties:
                    raise fail(_unknown("party", node.player, parties), *where, "player")
            for path, leaf in game.root.leaves():
                where = (*base, "root", *_tree_path(path), "outcome")
                _check_reference(leaf.outcome, where, proposals, check_outcome, fail)


def _tree_path(moves: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(part for move in moves for part in ("moves", move))


def _check_reference(
    ref: OutcomeRef,
    where: tuple[str | int, ...],
    proposals: Collection[str],
    check_outcome: Callable[[Mapping[str, Any], Fail], None],
    fail: Fail,
) -> None:
    if isinstance(ref, str):
        if ref == NO_DEAL:
            if NO_DEAL in proposals:
                raise fail(f"{NO_DEAL!r} is ambiguous: a proposal has that name", *where)
            return
        if ref not in proposals:
            known = (*proposals, NO_DEAL)
            raise fail(
                f"{ref!r} is neither a proposal nor {NO_DEAL!r}{did_you_mean(ref, known)}", *where
            )
        return
    check_outcome(ref, lambda message, *path: fail(message, *where, *path))


def _check_proposal_game(
    game: ProposalGame,
    base: tuple[str, ...],
    parties: Collection[str],
    proposals: Collection[str],
    fail: Fail,
) -> None:
    for i, player in enumerate(game.players or ()):
        if player not in parties:
            raise fail(_unknown("party", player, parties), *base, "players", i)
    if game.players is None and len(parties) < 2:
        raise fail("a proposal game needs at least two parties", *base)
    for i, proposal in enumerate(game.proposals or ()):
        if proposal not in proposals:
            raise fail(_unknown("proposal", proposal, proposals), *base, "proposals", i)
    if game.proposals is None:
        if not proposals:
            raise fail("a proposal game needs proposals, and the scenario has none", *base)
        if HOLD_OUT in proposals:
            raise fail(f"a proposal named {HOLD_OUT!r} clashes with holding out", *base)


def _check_normal_form(
    game: NormalFormGame,
    base: tuple[str, ...],
    parties: Collection[str],
    proposals: Collection[str],
    check_outcome: Callable[[Mapping[str, Any], Fail], None],
    fail: Fail,
) -> None:
    for player in game.players:
        if player not in parties:
            raise fail(_unknown("party", player, parties), *base, "players", player)
    for i, rule in enumerate(game.outcomes):
        where: tuple[str | int, ...] = (*base, "outcomes", i)
        for player, strategy in rule.when.items():
            if player not in game.players:
                raise fail(
                    _unknown("player of this game", player, game.players), *where, "when", player
                )
            if strategy != WILDCARD and strategy not in game.players[player]:
                raise fail(
                    f"{strategy!r} is not a strategy of {player}"
                    f"{did_you_mean(strategy, game.players[player])}",
                    *where,
                    "when",
                    player,
                )
        _check_reference(rule.outcome, (*where, "outcome"), proposals, check_outcome, fail)
    uncovered = first_uncovered_profile(game)
    if uncovered is not None:
        profile = ", ".join(f"{p}={s}" for p, s in uncovered.items())
        raise fail(
            f"no rule gives the outcome of the profile ({profile}); add a rule for it "
            "or a final catch-all rule with an empty 'when'",
            *base,
            "outcomes",
        )


def first_uncovered_profile(game: NormalFormGame) -> dict[str, str] | None:
    """A strategy profile no rule matches, or ``None`` when the rules cover every profile.

    Examples
    --------
    Two rules leave Alpha firm against Beta giving way without an outcome:

    >>> from negsim.scenario.games import NormalFormGame
    >>> game = NormalFormGame.model_validate(
    ...     {
    ...         "kind": "normal_form",
    ...         "players": {"alpha": ["give", "firm"], "beta": ["give", "firm"]},
    ...         "outcomes": [
    ...             {"when": {"alpha": "give", "beta": "give"}, "outcome": "even"},
    ...             {"when": {"beta": "firm"}, "outcome": "no_deal"},
    ...         ],
    ...     }
    ... )
    >>> from negsim.scenario.games import first_uncovered_profile
    >>> first_uncovered_profile(game)
    {'alpha': 'firm', 'beta': 'give'}
    """
    shape = tuple(len(s) for s in game.players.values())
    covered = np.zeros(shape, dtype=bool)
    for rule in game.outcomes:
        covered |= rule_mask(game, rule)
        if covered.all():
            return None
    first = np.unravel_index(int(np.argmin(covered)), shape)
    return {p: game.players[p][k] for p, k in zip(game.players, first, strict=True)}


def rule_mask(game: NormalFormGame, rule: OutcomeRule) -> np.ndarray:
    """Boolean array over the game's profiles (one axis per player): where ``rule`` matches.

    Examples
    --------
    A player left out of when matches any strategy:

    >>> from negsim.scenario.games import NormalFormGame
    >>> game = NormalFormGame.model_validate(
    ...     {
    ...         "kind": "normal_form",
    ...         "players": {"alpha": ["give", "firm"], "beta": ["give", "firm"]},
    ...         "outcomes": [
    ...             {"when": {"alpha": "give", "beta": "give"}, "outcome": "even"},
    ...             {"when": {"beta": "firm"}, "outcome": "no_deal"},
    ...         ],
    ...     }
    ... )
    >>> from negsim.scenario.games import rule_mask
    >>> rule_mask(game, game.outcomes[1]).tolist()
    [[False, True], [False, True]]
    """
    shape = tuple(len(s) for s in game.players.values())
    mask = np.ones(shape, dtype=bool)
    for axis, (player, strategies) in enumerate(game.players.items()):
        strategy = rule.when.get(player, WILDCARD)
        if strategy == WILDCARD:
            continue
        picks = np.zeros(len(strategies), dtype=bool)
        if strategy in strategies:
            picks[strategies.index(strategy)] = True
        view = [1] * len(shape)
        view[axis] = len(strategies)
        mask = mask & picks.reshape(view)
    return mask


def _unknown(what: str, name: str, known: Collection[str]) -> str:
    return f"unknown {what} {name!r}{did_you_mean(name, known)}"
