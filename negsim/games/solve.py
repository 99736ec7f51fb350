"""Find, verify and report the equilibria of a scenario's games.

:func:`equilibria` is the entry point: it builds the game from the compiled
model, picks the solver for its kind and size, checks every candidate with a
regret test (:mod:`negsim.games.verify`) and says what the list is complete
for.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from negsim.common.suggest import did_you_mean
from negsim.errors import AnalysisError
from negsim.games import bimatrix, gambit
from negsim.games.normal_form import NormalForm, normal_form
from negsim.games.pure import pure_equilibria
from negsim.games.results import Equilibria, Equilibrium, OutcomeShare, solver_provenance
from negsim.games.sequential import (
    DEFAULT_MAX_EQUILIBRIA,
    GameTree,
    game_tree,
    path_of,
    subgame_perfect_equilibria,
)
from negsim.games.verify import (
    DEFAULT_TOLERANCE,
    allowed_regret,
    deviation_payoffs,
    plan_regrets,
    pure_regrets,
    regrets,
)
from negsim.model.compile import Model, compile_scenario
from negsim.scenario.format import Scenario
from negsim.scenario.games import NormalFormGame, ProposalGame, SequentialGame

__all__ = [
    "DEFAULT_GAME",
    "GameSpec",
    "TWO_PLAYER_METHODS",
    "build_game",
    "equilibria",
    "solve_normal_form",
    "solve_tree",
]

GameSpec = NormalFormGame | ProposalGame | SequentialGame
DEFAULT_GAME = "proposals"
"""Name of the proposal game used when a scenario declares no games."""
TWO_PLAYER_METHODS = ("vertex", "nashpy-vertex")
PROBABILITY_FLOOR = 1e-12


def equilibria(
    source: Scenario | Model,
    game: str | GameSpec | None = None,
    *,
    mixed: bool | None = None,
    method: str | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
    time_limit: float | None = bimatrix.DEFAULT_TIME_LIMIT,
    max_equilibria: int = DEFAULT_MAX_EQUILIBRIA,
) -> Equilibria:
    """Every equilibrium of one game of a scenario, each verified.

    Parameters
    ----------
    source
        A scenario or a compiled model.
    game
        A game's name in the scenario's ``games``, a game specification, or
        ``None``: the scenario's only game or, when it declares none, the
        proposal game over every party and proposal.
    mixed
        Look for mixed equilibria too. Default: yes for two players, no for more
        (pure equilibria are then listed exactly; mixed ones need Gambit).
    method
        Two players: ``vertex`` (default; every extreme equilibrium) or
        ``nashpy-vertex``. More players with ``mixed=True``: ``gambit-<name>``
        with a name from :data:`negsim.games.gambit.METHODS` (default
        ``gambit-gnm``). ``pure`` lists pure equilibria only.
    tolerance
        A profile is reported only when each player's regret is at most
        ``tolerance`` times its payoff range.
    time_limit
        Seconds allowed to vertex enumeration or to a Gambit run.
    max_equilibria
        Sequential games: refuse when there are more subgame-perfect equilibria.

    Returns
    -------
    Equilibria

    Examples
    --------
    Alpha offers Beta half the water or a third of it, and Beta accepts or
    refuses. Beta refuses a third (0.35 is below its no-deal value 0.4), so in
    the only subgame-perfect equilibrium Alpha offers half:

    >>> import negsim
    >>> s = negsim.load('''
    ... negsim: 1
    ... name: Water talks
    ... issues:
    ...   share: {kind: continuous, range: [0, 100], unit: "% to Alpha", grid: 11}
    ... parties:
    ...   alpha: {no_deal: 0.3, utility: {share: {weight: 1, points: [[0, 0], [100, 1]]}}}
    ...   beta: {no_deal: 0.4, utility: {share: {weight: 1, points: [[0, 1], [100, 0]]}}}
    ... proposals:
    ...   even: {says: Half each., outcome: {share: 50}}
    ...   greedy: {says: Most to Alpha., outcome: {share: 65}}
    ... games:
    ...   ultimatum:
    ...     kind: sequential
    ...     root:
    ...       player: alpha
    ...       moves:
    ...         offer_even:
    ...           player: beta
    ...           moves: {accept: {outcome: even}, refuse: {outcome: no_deal}}
    ...         offer_greedy:
    ...           player: beta
    ...           moves: {accept: {outcome: greedy}, refuse: {outcome: no_deal}}
    ... ''')
    >>> negsim.equilibria(s, "ultimatum").equilibria
    (<Equilibrium alpha offer_even -> beta accept => even (alpha 0.5, beta 0.5)>,)

    In the proposal game each names ``even``, ``greedy`` or ``hold_out``; a deal
    needs both to name the same proposal. Agreeing on ``even`` is an
    equilibrium, and so is holding out (nobody makes a deal alone):

    >>> found = negsim.equilibria(s.with_({"games": {}}))
    >>> found.scope, len(found.equilibria)
    ('extreme', 3)
    >>> found.by_outcome()["equilibria"]
    outcome
    even       1
    no deal    2
    Name: equilibria, dtype: int64
    """
    model = source if isinstance(source, Model) else compile_scenario(source)
    name, spec = _resolve_game(model.scenario, game)
    if isinstance(spec, SequentialGame):
        return solve_tree(game_tree(model, name, spec), tolerance, max_equilibria)
    return solve_normal_form(
        normal_form(model, name, spec),
        mixed=mixed,
        method=method,
        tolerance=tolerance,
        time_limit=time_limit,
    )


def build_game(model: Model, name: str) -> NormalForm | GameTree:
    """The payoffs of the scenario's game ``name``, without solving it.

    Raises
    ------
    AnalysisError
        When the game cannot be built: a strategy profile without an outcome,
        an outcome the model cannot score.

    Examples
    --------
    >>> import negsim
    >>> from negsim.games.solve import build_game
    >>> from negsim.scenario.examples import water_talks
    >>> s = water_talks(ultimatum=True)
    >>> build_game(negsim.compile_scenario(s), "ultimatum").players
    ('alpha', 'beta')
    """
    spec = model.scenario.games[name]
    if isinstance(spec, SequentialGame):
        return game_tree(model, name, spec)
    return normal_form(model, name, spec)


def _resolve_game(scenario: Scenario, game: str | GameSpec | None) -> tuple[str, GameSpec]:
    games = scenario.games
    if game is None:
        if len(games) == 1:
            return next(iter(games.items()))
        if not games:
            return DEFAULT_GAME, ProposalGame(kind="proposal")
        raise AnalysisError(
            f"the scenario declares {len(games)} games ({', '.join(games)}); name one"
        )
    if isinstance(game, str):
        if game in games:
            return game, games[game]
        if game == DEFAULT_GAME:
            return game, ProposalGame(kind="proposal")
        known = ", ".join(games) or "none"
        raise AnalysisError(
            f"no game {game!r} in the scenario (games: {known})"
            f"{did_you_mean(game, [*games, DEFAULT_GAME])}"
        )
    return game.kind, game


# ---------------------------------------------------------------- normal form


def solve_normal_form(
    game: NormalForm,
    *,
    mixed: bool | None = None,
    method: str | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
    time_limit: float | None = bimatrix.DEFAULT_TIME_LIMIT,
) -> Equilibria:
    """Every equilibrium of a normal-form game that the chosen method guarantees.

    See :func:`equilibria` for the parameters.

    Examples
    --------
    The battle of the sexes has two pure equilibria and one mixed, in which
    each player plays its favourite with probability 2/3:

    >>> from negsim.games import NormalForm, solve_normal_form
    >>> game = NormalForm.from_payoffs(
    ...     [[[2, 0], [0, 1]], [[1, 0], [0, 2]]],
    ...     players=["row", "col"],
    ...     strategies=[["opera", "football"], ["opera", "football"]],
    ... )
    >>> found = solve_normal_form(game)
    >>> found.scope, len(found.equilibria), found.degenerate
    ('all', 3, False)
    >>> found.equilibria[0]
    <Equilibrium row: opera; col: opera => opera, opera (row 2, col 1)>
    >>> {s: round(p, 4) for s, p in found.equilibria[2].strategies["row"].items()}
    {'opera': 0.6667, 'football': 0.3333}
    >>> len(solve_normal_form(game, method="pure").equilibria)
    2
    """
    n = len(game.players)
    if mixed is None:
        mixed = n == 2 and method != "pure"
    if method is None:
        method = ("vertex" if n == 2 else "gambit-gnm") if mixed else "pure"
    if method == "pure":
        return _pure_only(game, tolerance)
    if method in TWO_PLAYER_METHODS:
        if n != 2:
            raise AnalysisError(f"method {method!r} is for two-player games")
        if method == "vertex":
            return _vertex(game, tolerance, time_limit)
        return _nashpy(game, tolerance)
    if method.startswith("gambit-"):
        return _gambit(game, method.removeprefix("gambit-"), tolerance, time_limit)
    raise AnalysisError(
        f"unknown method {method!r}; use vertex, nashpy-vertex, pure or gambit-<name> "
        f"(<name> one of {', '.join(gambit.METHODS)})"
    )


def _base(game: NormalForm, *, method: str, tolerance: float, **fields: Any) -> Equilibria:
    return Equilibria(
        game=game.name,
        kind=game.kind,
        players=game.players,
        provenance=solver_provenance(method, fields["scope"], tolerance),
        breach_penalty=game.breach_penalty,
        says=game.says,
        **fields,
    )


def _pure_only(game: NormalForm, tolerance: float) -> Equilibria:
    found = _pure_equilibria(game, tolerance)
    statement = (
        f"{_count(len(found), 'pure equilibrium', 'pure equilibria')}: every pure "
        "equilibrium of the game (vectorised best-response check); mixed ones not searched"
    )
    return _base(
        game,
        equilibria=tuple(found),
        method="pure",
        scope="pure",
        statement=statement,
        tolerance=tolerance,
    )


def _pure_equilibria(game: NormalForm, tolerance: float) -> list[Equilibrium]:
    payoffs = game.payoffs
    profiles = pure_equilibria(payoffs, tolerance)
    regret = pure_regrets(payoffs, profiles)
    ok = (regret <= allowed_regret(payoffs, tolerance)).all(axis=1)
    if not ok.all():  # the check and the search disagree only if the code is wrong
        raise AnalysisError("a pure equilibrium failed its regret check")
    index = tuple(profiles.T)
    outcome = game.outcome_of[index]
    values = payoffs[index]
    out = []
    for k, profile in enumerate(profiles.tolist()):
        out.append(
            Equilibrium(
                strategies={
                    p: {game.strategies[i][profile[i]]: 1.0} for i, p in enumerate(game.players)
                },
                outcomes=(OutcomeShare(game.outcomes[outcome[k]], 1.0),),
                payoffs=dict(zip(game.players, values[k].tolist(), strict=True)),
                regrets=dict(zip(game.players, regret[k].tolist(), strict=True)),
            )
        )
    return out


def _mixed_equilibrium(game: NormalForm, profile: Sequence[np.ndarray]) -> Equilibrium:
    payoffs = game.payoffs
    values = deviation_payoffs(payoffs, profile)
    regret = regrets(payoffs, profile)
    shares = game.outcome_distribution(profile)
    order = np.argsort(-shares, kind="stable")
    return Equilibrium(
        strategies={
            p: {s: float(x) for s, x in zip(game.strategies[i], profile[i], strict=True) if x > 0}
            for i, p in enumerate(game.players)
        },
        outcomes=tuple(
            OutcomeShare(game.outcomes[k], float(shares[k]))
            for k in order
            if shares[k] > PROBABILITY_FLOOR
        ),
        payoffs={p: float(values[i] @ profile[i]) for i, p in enumerate(game.players)},
        regrets=dict(zip(game.players, regret.tolist(), strict=True)),
    )


def _clean(profile: Sequence[np.ndarray]) -> list[np.ndarray]:
    """Clip rounding noise (tiny or negative probabilities) and renormalise."""
    out = []
    for mix in profile:
        mix = np.where(np.asarray(mix, dtype=float) > PROBABILITY_FLOOR, mix, 0.0)
        out.append(mix / mix.sum())
    return out


def _verified(
    game: NormalForm, candidates: Sequence[Sequence[np.ndarray]], tolerance: float
) -> tuple[list[list[np.ndarray]], int]:
    """Candidates that pass the regret test, without duplicates; and the number dropped."""
    allowed = allowed_regret(game.payoffs, tolerance)
    kept: list[list[np.ndarray]] = []
    keys: set[tuple[float, ...]] = set()
    rejected = 0
    for candidate in candidates:
        profile = _clean(candidate)
        if not np.all(regrets(game.payoffs, profile) <= allowed):
            rejected += 1
            continue
        key = tuple(np.round(np.concatenate(profile), 9).tolist())
        if key not in keys:
            keys.add(key)
            kept.append(profile)
    return kept, rejected


def _vertex(game: NormalForm, tolerance: float, time_limit: float | None) -> Equilibria:
    payoffs = game.payoffs
    solution = bimatrix.extreme_equilibria(payoffs[..., 0], payoffs[..., 1], time_limit=time_limit)
    candidates = [[r, c] for r, c in zip(solution.rows, solution.cols, strict=True)]
    profiles, rejected = _verified(game, candidates, tolerance)
    if rejected or len(profiles) != len(candidates):
        # indices of Nash subsets refer to the solver's list; keep them only if intact
        subsets: tuple[tuple[int, ...], ...] = ()
    else:
        subsets = solution.nash_subsets
    found = tuple(_mixed_equilibrium(game, p) for p in profiles)
    isolated = solution.subsets_complete and all(len(s) == 1 for s in subsets) and subsets
    witness = _degeneracy_text(game, solution.degeneracy)
    if not found:  # Nash (1951) guarantees one; only a numerical failure gets here
        scope = "some"
        statement = "no candidate passed verification (vertex enumeration failed numerically)"
    elif isolated:
        scope = "all"
        statement = (
            f"{_count(len(found), 'equilibrium', 'equilibria')}: every equilibrium of the "
            "game (vertex enumeration of the best-response polytopes"
            + ("; the game is degenerate but every equilibrium is isolated)" if witness else ")")
        )
    elif not subsets:
        scope = "extreme"
        statement = (
            f"{_count(len(found), 'extreme equilibrium', 'extreme equilibria')} "
            "(vertex enumeration of the best-response polytopes); maximal Nash subsets "
            "not reported"
        )
    else:
        scope = "extreme"
        statement = (
            f"{_count(len(found), 'extreme equilibrium', 'extreme equilibria')} in "
            f"{_count(len(subsets), 'maximal Nash subset', 'maximal Nash subsets')}: "
            "equilibria form connected sets, and every equilibrium mixes the extreme "
            "equilibria of one subset (vertex enumeration of the best-response polytopes)"
        )
    if rejected:
        statement += f"; {rejected} candidate(s) failed verification and were dropped"
    return _base(
        game,
        equilibria=found,
        method="vertex enumeration (Avis, Rosenberg, Savani & von Stengel 2010)",
        scope=scope,
        statement=statement,
        tolerance=tolerance,
        degenerate=solution.degenerate,
        degeneracy=witness,
        nash_subsets=subsets,
        rejected=rejected,
    )


def _degeneracy_text(game: NormalForm, witness: bimatrix.Degeneracy | None) -> str:
    if witness is None:
        return ""
    player = game.players[witness.player]
    other = game.players[1 - witness.player]
    mine = [game.strategies[witness.player][i] for i in witness.support]
    replies = [game.strategies[1 - witness.player][j] for j in witness.best_responses]
    what = mine[0] if len(mine) == 1 else "a mix of " + ", ".join(mine)
    return (
        f"{other} has {len(replies)} best responses ({', '.join(replies)}) to {player} "
        f"playing {what}"
    )


def _nashpy(game: NormalForm, tolerance: float) -> Equilibria:
    import nashpy

    payoffs = game.payoffs
    nash_game = nashpy.Game(
        bimatrix.scale_payoffs(payoffs[..., 0]), bimatrix.scale_payoffs(payoffs[..., 1])
    )
    try:
        candidates = [[r, c] for r, c in nash_game.vertex_enumeration()]
    except Exception as exc:  # qhull and LP failures inside nashpy
        raise AnalysisError(f"nashpy's vertex enumeration failed: {exc}") from None
    profiles, rejected = _verified(game, candidates, tolerance)
    found = tuple(_mixed_equilibrium(game, p) for p in profiles)
    statement = (
        f"{_count(len(found), 'equilibrium', 'equilibria')} from nashpy's vertex "
        "enumeration on payoffs scaled to [1, 2]; no completeness guarantee"
    )
    if rejected:
        statement += f"; {rejected} candidate(s) failed verification and were dropped"
    return _base(
        game,
        equilibria=found,
        method="nashpy vertex enumeration",
        scope="some",
        statement=statement,
        tolerance=tolerance,
        rejected=rejected,
    )


def _gambit(game: NormalForm, name: str, tolerance: float, time_limit: float | None) -> Equilibria:
    candidates = gambit.solve_with_gambit(game.payoffs, name, timeout=time_limit)
    profiles, rejected = _verified(game, candidates, tolerance)
    pure = _pure_equilibria(game, tolerance)
    pure_keys = {_pure_key(e) for e in pure}
    mixed = []
    for profile in profiles:
        found = _mixed_equilibrium(game, profile)
        if not (found.pure and _pure_key(found) in pure_keys):
            mixed.append(found)
    complete = name == "enummixed"
    statement = (
        f"{_count(len(pure), 'pure equilibrium', 'pure equilibria')} (every one) and "
        f"{_count(len(mixed), 'other equilibrium', 'other equilibria')} found by Gambit's "
        f"{name}" + ("" if complete else " (not necessarily all)")
    )
    if rejected:
        statement += f"; {rejected} candidate(s) failed verification and were dropped"
    return _base(
        game,
        equilibria=(*pure, *mixed),
        method=f"pure: best-response check; mixed: Gambit {name}",
        scope="extreme" if complete else "pure+some",
        statement=statement,
        tolerance=tolerance,
        rejected=rejected,
    )


def _pure_key(found: Equilibrium) -> tuple[str, ...]:
    return tuple(next(iter(mix)) for mix in found.strategies.values())


def _count(k: int, one: str, many: str) -> str:
    return f"{k} {one if k == 1 else many}"


# ---------------------------------------------------------------- sequential


def solve_tree(
    tree: GameTree,
    tolerance: float = DEFAULT_TOLERANCE,
    max_equilibria: int = DEFAULT_MAX_EQUILIBRIA,
) -> Equilibria:
    """Every subgame-perfect equilibrium (pure strategies) of a sequential game.

    Examples
    --------
    Beta refuses a third (0.35 is below its no-deal value 0.4), so Alpha offers half:

    >>> import negsim
    >>> from negsim.scenario.examples import water_talks
    >>> s = water_talks(ultimatum=True)
    >>> from negsim.games import game_tree, solve_tree
    >>> tree = game_tree(negsim.compile_scenario(s), "ultimatum", s.games["ultimatum"])
    >>> found = solve_tree(tree)
    >>> found.scope, found.equilibria[0].path
    ('subgame_perfect', (('alpha', 'offer_half'), ('beta', 'accept')))
    >>> found.equilibria[0].plan["beta"]
    {'root/offer_half': 'accept', 'root/offer_third': 'refuse'}
    """
    leaf_payoffs = tree.leaf_payoffs
    allowed = allowed_regret(leaf_payoffs[None, :, :], tolerance)
    plans = subgame_perfect_equilibria(tree, slack=allowed, max_equilibria=max_equilibria)
    found = []
    rejected = 0
    for plan in plans:
        regret = plan_regrets(tree, plan)
        if not np.all(regret <= allowed):
            rejected += 1
            continue
        moves: dict[str, dict[str, str]] = {p: {} for p in tree.players}
        for node, choice in zip(tree.nodes, plan.choices, strict=True):
            moves[tree.players[node.player]][node.label] = node.moves[choice]
        outcome = tree.outcomes[tree.leaf_outcome[plan.leaf]]
        found.append(
            Equilibrium(
                strategies={},
                outcomes=(OutcomeShare(outcome, 1.0),),
                payoffs=dict(zip(tree.players, leaf_payoffs[plan.leaf].tolist(), strict=True)),
                regrets=dict(zip(tree.players, regret.tolist(), strict=True)),
                plan=moves,
                path=tuple(path_of(tree, plan)),
            )
        )
    paths = len({e.path for e in found})
    statement = (
        f"{_count(len(found), 'subgame-perfect equilibrium', 'subgame-perfect equilibria')} "
        f"with {_count(paths, 'path', 'distinct paths')} of play: every subgame-perfect "
        "equilibrium in pure strategies (backward induction keeping every tie)"
    )
    if rejected:
        statement += f"; {rejected} candidate(s) failed verification and were dropped"
    return Equilibria(
        game=tree.name,
        kind="sequential",
        players=tree.players,
        equilibria=tuple(found),
        provenance=solver_provenance("backward induction", "subgame_perfect", tolerance),
        scope="subgame_perfect",
        statement=statement,
        breach_penalty=tree.breach_penalty,
        says=tree.says,
        rejected=rejected,
    )
