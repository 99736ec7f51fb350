"""Payoff tensors of normal-form games, built from a compiled model.

A game only says which outcome each strategy profile leads to; the payoffs are
the players' utilities of those outcomes (``docs/games.md``, "Scoring"):

- no deal: the party's no-deal value;
- a deal respecting every red line of the party: its utility ``u_p(x)``;
- a deal breaking one of its red lines: no-deal value minus ``breach_penalty``.

The tensor is stored as an outcome index per profile plus a small table of
payoffs per outcome, so a game with a million profiles and ten outcomes costs a
million integers, and a mixed profile's distribution over outcomes is one
weighted count.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from negsim.errors import AnalysisError
from negsim.model.compile import Model
from negsim.scenario.games import (
    HOLD_OUT,
    MAX_PROFILES,
    NO_DEAL,
    NormalFormGame,
    ProposalGame,
    rule_mask,
)

__all__ = [
    "GameOutcome",
    "NormalForm",
    "OutcomeReference",
    "normal_form",
    "score_outcomes",
]


@dataclass(frozen=True)
class GameOutcome:
    """An outcome a game can lead to.

    Attributes
    ----------
    label
        The proposal's name, ``"no deal"``, or ``"deal: issue=value, ..."`` for an
        inline outcome.
    terms
        The deal's value on every issue; ``None`` for no deal.
    breaches
        Red lines of the game's players that the deal breaks, as ``party/id``.

    Examples
    --------
    >>> import negsim
    >>> from negsim.scenario.examples import border_talks
    >>> s = border_talks(proposals=True)
    >>> from negsim.games.normal_form import score_outcomes
    >>> model = negsim.compile_scenario(s)
    >>> (deal, war), _ = score_outcomes(model, ["all", "no_deal"], ["alpha", "beta"], 1.0)
    >>> deal.is_deal, deal.terms, deal.breaches
    (True, {'land': 'all', 'guarantee': False}, ('alpha/keep-core',))
    >>> war.is_deal, war.label
    (False, 'no deal')
    """

    label: str
    terms: Mapping[str, Any] | None
    breaches: tuple[str, ...] = ()

    @property
    def is_deal(self) -> bool:
        return self.terms is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "deal": self.is_deal,
            "terms": None if self.terms is None else dict(self.terms),
            "breaches": list(self.breaches),
        }

    def __repr__(self) -> str:
        breaks = f", breaks {', '.join(self.breaches)}" if self.breaches else ""
        return f"<GameOutcome {self.label}{breaks}>"


def _terms_label(terms: Mapping[str, Any]) -> str:
    def show(value: object) -> str:
        if isinstance(value, list | tuple):
            return "[" + ", ".join(map(str, value)) + "]"
        if isinstance(value, float):
            return f"{value:g}"
        return str(value)

    return "deal: " + ", ".join(f"{k}={show(v)}" for k, v in terms.items())


OutcomeReference = str | Mapping[str, Any]
"""A proposal name, ``"no_deal"`` or an inline outcome ``{issue: value, ...}``."""


def score_outcomes(
    model: Model,
    refs: Sequence[OutcomeReference],
    players: Sequence[str],
    breach_penalty: float,
) -> tuple[tuple[GameOutcome, ...], np.ndarray]:
    """Resolve outcome references and score them for the players.

    Parameters
    ----------
    model
        The compiled scenario.
    refs
        Proposal names, ``"no_deal"`` or inline outcomes (mappings).
    players
        Parties whose payoffs are wanted, in order.
    breach_penalty
        Subtracted from a party's no-deal value when the deal breaks its red line.

    Returns
    -------
    outcomes, payoffs
        One :class:`GameOutcome` per reference and an array ``(len(refs), len(players))``.

    Examples
    --------
    A deal that breaks a player's red line scores its no-deal value less the
    penalty: all the land gives Alpha 0.25 - 1:

    >>> import negsim
    >>> from negsim.scenario.examples import border_talks
    >>> s = border_talks(proposals=True)
    >>> from negsim.games.normal_form import score_outcomes
    >>> refs = ["half", "all", "no_deal", {"land": "none", "guarantee": True}]
    >>> outcomes, payoffs = score_outcomes(negsim.compile_scenario(s), refs, ["alpha", "beta"], 1.0)
    >>> outcomes[1], outcomes[3].label
    (<GameOutcome all, breaks alpha/keep-core>, 'deal: land=none, guarantee=True')
    >>> payoffs.round(2).tolist()
    [[0.7, 0.48], [-0.75, 1.0], [0.25, 0.4], [1.0, 0.0]]
    """
    columns = [model.party_index(p) for p in players]
    no_deal = model.no_deal[columns]
    payoffs = np.tile(no_deal, (len(refs), 1))
    deals = [i for i, ref in enumerate(refs) if not (isinstance(ref, str) and ref == NO_DEAL)]
    terms, labels = _resolve(model, refs, deals)
    breaches: dict[int, tuple[str, ...]] = {}
    if deals:
        payoffs[deals], broken = _score_deals(
            model, [terms[i] for i in deals], players, columns, no_deal - breach_penalty
        )
        breaches = dict(zip(deals, broken, strict=True))
    table = tuple(
        GameOutcome(labels[i], dict(terms[i]), breaches[i])
        if i in terms
        else GameOutcome("no deal", None)
        for i in range(len(refs))
    )
    return table, payoffs


def _resolve(
    model: Model, refs: Sequence[OutcomeReference], deals: Sequence[int]
) -> tuple[dict[int, Mapping[str, Any]], dict[int, str]]:
    """The terms and the label of each deal among ``refs`` (by position)."""
    terms: dict[int, Mapping[str, Any]] = {}
    labels: dict[int, str] = {}
    for i in deals:
        ref = refs[i]
        if isinstance(ref, str):
            if ref not in model.scenario.proposals:
                raise AnalysisError(f"unknown proposal {ref!r}")
            terms[i], labels[i] = model.scenario.proposals[ref].outcome, ref
        else:
            terms[i], labels[i] = ref, _terms_label(ref)
    return terms, labels


def _score_deals(
    model: Model,
    outcomes: Sequence[Mapping[str, Any]],
    players: Sequence[str],
    columns: Sequence[int],
    penalised: np.ndarray,
) -> tuple[np.ndarray, list[tuple[str, ...]]]:
    """Payoffs of the deals, ``penalised`` for a player whose red line a deal breaks,
    and the red lines each deal breaks (``party/id``)."""
    utility = model.utility_of(outcomes)[:, columns]
    respects = model.respects(outcomes)
    broken = np.zeros((len(outcomes), len(players)), dtype=bool)
    for p, party in enumerate(players):
        mine = model.red_lines_of(party)
        if mine:
            broken[:, p] = ~respects[:, mine].all(axis=1)
    breaches = [
        tuple(
            model.red_lines[r].key
            for p, party in enumerate(players)
            if broken[row, p]
            for r in model.red_lines_of(party)
            if not respects[row, r]
        )
        for row in range(len(outcomes))
    ]
    return np.where(broken, penalised, utility), breaches


@dataclass(frozen=True, eq=False)
class NormalForm:
    """A finite game in strategic form with payoffs from the scenario.

    Attributes
    ----------
    name, kind, says
        The game's name, ``normal_form`` or ``proposal``, and its description.
    players
        Parties in axis order.
    strategies
        Strategy names per player.
    outcome_of
        Integer array with one axis per player: the outcome index of each profile.
    outcomes
        The distinct outcomes the game can lead to.
    outcome_payoffs
        ``(n_outcomes, n_players)`` payoff of each outcome for each player.
    breach_penalty
        The penalty used when scoring red-line breaches.

    Examples
    --------
    Matching pennies, and where play ends when both mix evenly:

    >>> from negsim.games import NormalForm
    >>> game = NormalForm.from_payoffs([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> game.shape, [o.label for o in game.outcomes]
    ((2, 2), ['s1, s1', 's1, s2', 's2, s1', 's2, s2'])
    >>> game.outcome_distribution([[0.5, 0.5], [0.5, 0.5]]).tolist()
    [0.25, 0.25, 0.25, 0.25]
    """

    name: str
    kind: str
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    outcome_of: np.ndarray = field(repr=False)
    outcomes: tuple[GameOutcome, ...] = field(repr=False)
    outcome_payoffs: np.ndarray = field(repr=False)
    breach_penalty: float = 1.0
    says: str = ""

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(s) for s in self.strategies)

    @cached_property
    def payoffs(self) -> np.ndarray:
        """Payoff tensor ``(s_1, ..., s_n, n)``."""
        return self.outcome_payoffs[self.outcome_of]

    def outcome_distribution(self, profile: Sequence[np.ndarray]) -> np.ndarray:
        """Probability of each outcome under a mixed profile, shape ``(n_outcomes,)``."""
        weights = np.ones(())
        for probabilities in profile:
            weights = np.multiply.outer(weights, np.asarray(probabilities, dtype=float))
        return np.bincount(
            self.outcome_of.reshape(-1), weights=weights.reshape(-1), minlength=len(self.outcomes)
        )

    @classmethod
    def from_payoffs(
        cls,
        payoffs: Sequence[np.ndarray],
        *,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | None = None,
        name: str = "game",
    ) -> NormalForm:
        """A game given directly by payoff arrays, one per player (``[A, B]`` for a
        bimatrix game), each with one axis per player.

        Every profile is its own outcome, labelled by its strategies. Useful for
        textbook games and for checking the solvers.

        Examples
        --------
        The prisoner's dilemma:

        >>> from negsim.games import NormalForm
        >>> game = NormalForm.from_payoffs([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
        >>> game.players, game.strategies, game.shape
        (('p1', 'p2'), (('s1', 's2'), ('s1', 's2')), (2, 2))
        >>> game.payoffs[1, 0].tolist()
        [5.0, 0.0]
        """
        arrays = [np.asarray(p, dtype=float) for p in payoffs]
        if len({a.shape for a in arrays}) != 1 or arrays[0].ndim != len(arrays):
            raise AnalysisError("give one payoff array per player, each with one axis per player")
        tensor = np.stack(arrays, axis=-1)
        shape = tensor.shape[:-1]
        n = len(shape)
        names = tuple(players) if players is not None else tuple(f"p{i + 1}" for i in range(n))
        strats = (
            tuple(tuple(s) for s in strategies)
            if strategies is not None
            else tuple(tuple(f"s{j + 1}" for j in range(k)) for k in shape)
        )
        profiles = np.indices(shape).reshape(n, -1).T
        outcomes = tuple(
            GameOutcome(", ".join(strats[i][a] for i, a in enumerate(p)), None) for p in profiles
        )
        return cls(
            name=name,
            kind="normal_form",
            players=names,
            strategies=strats,
            outcome_of=np.arange(len(profiles)).reshape(shape),
            outcomes=outcomes,
            outcome_payoffs=tensor.reshape(-1, n),
            breach_penalty=0.0,
        )


def _check_profiles(shape: tuple[int, ...], name: str) -> None:
    count = int(np.prod(shape, dtype=object))
    if count > MAX_PROFILES:
        raise AnalysisError(
            f"game {name!r} has {count:,} strategy profiles, above the limit of "
            f"{MAX_PROFILES:,}; list fewer players or proposals"
        )


def normal_form(model: Model, name: str, spec: NormalFormGame | ProposalGame) -> NormalForm:
    """Build the payoff tensor of a declared ``normal_form`` or ``proposal`` game.

    Examples
    --------
    Alpha and Beta each stand firm or give way on the split of the water;
    Beta's higher no-deal value makes standing firm its best reply to anything:

    >>> import negsim
    >>> from negsim.games import normal_form
    >>> s = negsim.load('''
    ... negsim: 1
    ... name: Water talks
    ... issues:
    ...   share: {kind: continuous, range: [0, 100], unit: "% to Alpha", grid: 11}
    ... parties:
    ...   alpha: {no_deal: 0.3, utility: {share: {weight: 1, points: [[0, 0], [100, 1]]}}}
    ...   beta: {no_deal: 0.4, utility: {share: {weight: 1, points: [[0, 1], [100, 0]]}}}
    ... games:
    ...   stand:
    ...     kind: normal_form
    ...     players: {alpha: [give, firm], beta: [give, firm]}
    ...     outcomes:
    ...       - {when: {alpha: give, beta: give}, outcome: {share: 50}}
    ...       - {when: {alpha: firm, beta: give}, outcome: {share: 65}}
    ...       - {when: {alpha: give, beta: firm}, outcome: {share: 35}}
    ...       - {outcome: no_deal}
    ... ''')
    >>> game = normal_form(negsim.compile_scenario(s), "stand", s.games["stand"])
    >>> game.payoffs[..., 1].round(2).tolist()
    [[0.5, 0.65], [0.35, 0.4]]
    >>> negsim.equilibria(s).equilibria
    (<Equilibrium alpha: give; beta: firm => deal: share=35 (alpha 0.35, beta 0.65)>,)
    """
    if isinstance(spec, ProposalGame):
        return _proposal_game(model, name, spec)
    players = tuple(spec.players)
    shape = tuple(len(s) for s in spec.players.values())
    _check_profiles(shape, name)
    refs: list[OutcomeReference] = []
    keys: dict[str, int] = {}
    outcome_of = np.full(shape, -1, dtype=np.int64)
    for rule in spec.outcomes:
        key = rule.outcome if isinstance(rule.outcome, str) else repr(sorted(rule.outcome.items()))
        if key not in keys:
            keys[key] = len(refs)
            refs.append(rule.outcome)
        outcome_of[(outcome_of < 0) & rule_mask(spec, rule)] = keys[key]
    if (outcome_of < 0).any():
        raise AnalysisError(f"game {name!r}: some strategy profiles have no outcome")
    outcomes, payoffs = score_outcomes(model, refs, players, spec.breach_penalty)
    return NormalForm(
        name=name,
        kind="normal_form",
        players=players,
        strategies=tuple(spec.players.values()),
        outcome_of=outcome_of,
        outcomes=outcomes,
        outcome_payoffs=payoffs,
        breach_penalty=spec.breach_penalty,
        says=spec.says,
    )


def _proposal_game(model: Model, name: str, spec: ProposalGame) -> NormalForm:
    """Each player names a proposal or holds out; a deal needs every player on one proposal."""
    scenario = model.scenario
    players = spec.players if spec.players is not None else tuple(scenario.parties)
    proposals = spec.proposals if spec.proposals is not None else tuple(scenario.proposals)
    if len(players) < 2:
        raise AnalysisError(f"game {name!r}: a proposal game needs at least two players")
    if not proposals:
        raise AnalysisError(f"game {name!r}: the scenario has no proposals to name")
    if HOLD_OUT in proposals:
        raise AnalysisError(
            f"game {name!r}: a proposal named {HOLD_OUT!r} clashes with holding out"
        )
    k = len(proposals)
    shape = (k + 1,) * len(players)
    _check_profiles(shape, name)
    choice = np.indices(shape)
    agreed = (choice == choice[0]).all(axis=0) & (choice[0] < k)
    outcome_of = np.where(agreed, choice[0], k)
    outcomes, payoffs = score_outcomes(model, [*proposals, NO_DEAL], players, spec.breach_penalty)
    return NormalForm(
        name=name,
        kind="proposal",
        players=tuple(players),
        strategies=(tuple([*proposals, HOLD_OUT]),) * len(players),
        outcome_of=outcome_of,
        outcomes=outcomes,
        outcome_payoffs=payoffs,
        breach_penalty=spec.breach_penalty,
        says=spec.says,
    )
