"""A full run of negsim on one scenario: the verdict, the Markdown report, the JSON.

:func:`run` analyses a scenario (agreement zone, margin, pairwise zones,
diagnosis, proposals, bargaining solutions, games) and returns a :class:`RunResult`;
:func:`verdict_text` renders it for a terminal, :func:`markdown` as a report,
and :func:`write` saves ``report.md``, ``result.json`` and the figures (PNG and
SVG) into a folder. Nothing here computes an analysis of its own: every number
comes from the analysis modules; this module only arranges their results.
"""

from __future__ import annotations

import html
import json
import math
import multiprocessing
import os
import textwrap
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from negsim.bargaining.solutions import BargainingResult, bargain
from negsim.common.progress import progress_bar
from negsim.common.serialize import to_jsonable as jsonable
from negsim.errors import NegsimError
from negsim.games import Equilibria, equilibria, game_tree, normal_form
from negsim.games.solve import DEFAULT_GAME
from negsim.model.compile import Model, compile_scenario
from negsim.scenario.format import Scenario
from negsim.scenario.games import ProposalGame, SequentialGame
from negsim.zone import verdict
from negsim.zone.analysis import Analysis, analyze
from negsim.zone.results import Diagnosis, PairwiseZopa

REPORT_FILE = "report.md"
JSON_FILE = "result.json"
PNG_DPI = 120
MAX_PAIR_FIGURES = 6
"""Utility planes drawn at most; pairs without a zone come first."""
MAX_RANGE_FIGURES = 2
"""Bargaining-range figures drawn at most (one per continuous issue)."""


# ---------------------------------------------------------------- progress


class Progress:
    """Steps of a run, shown as a tqdm bar on stderr once they take over a second."""

    def __init__(self, total: int, *, enabled: bool, desc: str = "negsim") -> None:
        self.timings: dict[str, float] = {}
        self._bar = None
        if enabled:
            self._bar = progress_bar(total, desc=desc, unit="step", delay=1.0)

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        """Time one step and advance the bar when it ends."""
        if self._bar is not None:
            self._bar.set_postfix_str(name, refresh=False)
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start
            if self._bar is not None:
                self._bar.update(1)

    def add(self, steps: int) -> None:
        """Announce more steps than first counted."""
        if self._bar is not None:
            self._bar.total += steps

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


# ---------------------------------------------------------------- the result


@dataclass(frozen=True, eq=False)
class RunResult:
    """Everything one run found about a scenario.

    Attributes
    ----------
    scenario, model
        The scenario analysed (overrides applied) and its compiled model.
    source
        The file it came from, as given (``None`` for an object built in code).
    overrides
        The ``path=value`` overrides applied, as text.
    analysis
        Zone, pairwise zones, margin, diagnosis and proposal verdicts
        (:func:`negsim.zone.analysis.analyze`).
    bargaining
        Pareto frontier and bargaining solutions (:func:`negsim.bargaining.bargain`).
    games
        The equilibria of each game of the scenario (the proposal game when
        it declares none and has proposals), by name (:mod:`negsim.games`).
    timings
        Seconds spent in each step.
    """

    scenario: Scenario
    model: Model = field(repr=False)
    source: str | None
    overrides: tuple[str, ...]
    analysis: Analysis = field(repr=False)
    bargaining: BargainingResult = field(repr=False)
    games: Mapping[str, Equilibria] = field(default_factory=dict, repr=False)
    timings: Mapping[str, float] = field(default_factory=dict, repr=False)

    @property
    def zone_exists(self) -> bool:
        return self.analysis.zone_exists

    @property
    def exact(self) -> bool:
        """Whether the verdict is a proof (enumeration, an exact program, or a member found)."""
        return self.analysis.exact

    @property
    def pairwise(self) -> PairwiseZopa:
        return self.analysis.pairwise

    @property
    def diagnosis(self) -> Diagnosis | None:
        return self.analysis.diagnosis

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-safe data: the whole result (no NaN or infinity)."""
        return jsonable(
            {
                "negsim_result": 1,
                "scenario": scenario_summary(self),
                "verdict": {
                    "zone_exists": self.zone_exists,
                    "exact": self.exact,
                    "method": self.analysis.method,
                    "headline": verdict.headline(self.analysis),
                    "text": verdict.render(self.analysis),
                },
                "analysis": self.analysis.to_dict(),
                "bargaining": self.bargaining.to_dict(),
                "games": {name: g.to_dict() for name, g in self.games.items()},
                "timings": dict(self.timings),
            }
        )

    def __repr__(self) -> str:
        return f"<RunResult {self.scenario.name!r}: {verdict.headline(self.analysis)}>"

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(verdict_text(self))}</pre>"


def run(
    scenario_or_model: Scenario | Model,
    *,
    source: str | None = None,
    overrides: Sequence[str] = (),
    progress: bool = False,
) -> RunResult:
    """Analyse a scenario as ``negsim run`` does: zone, diagnosis, proposals, bargaining, games.

    Parameters
    ----------
    scenario_or_model
        A scenario (compiled here) or a compiled model.
    source
        The file the scenario came from, for the report's header.
    overrides
        The ``--set`` overrides already applied, for the report's header.
    progress
        Show a progress bar on stderr when the run takes more than a second.
    """
    bar = Progress(3, enabled=progress)
    try:
        with bar.step("compile"):
            model = (
                scenario_or_model
                if isinstance(scenario_or_model, Model)
                else compile_scenario(scenario_or_model)
            )
            model.acceptable_masks  # noqa: B018 - build the arrays inside this step
        with bar.step("zone of agreement"):
            found = analyze(model, progress=False)
        with bar.step("bargaining"):
            bargaining = bargain(model)
        names = game_names(model)
        bar.add(len(names))
        solved = {}
        for name in names:
            with bar.step(f"game {name}"):
                solved[name] = equilibria(model, name)
    finally:
        bar.close()
    return RunResult(
        scenario=model.scenario,
        model=model,
        source=source,
        overrides=tuple(overrides),
        analysis=found,
        bargaining=bargaining,
        games=solved,
        timings=bar.timings,
    )


def game_names(model: Model) -> list[str]:
    """The games a run solves: every declared game, else the proposal game if there are
    proposals and at least two parties."""
    declared = list(model.scenario.games)
    if declared:
        return declared
    if model.scenario.proposals and len(model.parties) >= 2:
        return [DEFAULT_GAME]
    return []


def game_spec(model: Model, name: str) -> Any:
    """The payoff structure of a game: a :class:`~negsim.games.NormalForm` or a
    :class:`~negsim.games.GameTree`."""
    spec = model.scenario.games.get(name, ProposalGame(kind="proposal"))
    if isinstance(spec, SequentialGame):
        return game_tree(model, name, spec)
    return normal_form(model, name, spec)


# ---------------------------------------------------------------- words


def party_label(model: Model, party: str) -> str:
    """A party's display name."""
    return model.scenario.parties[party].name or party


def fmt(value: float | None, digits: int = 4) -> str:
    """A number for reading: ``digits`` significant digits, or ``n/a``."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    return f"{value:.{digits}g}"


def scenario_summary(result: RunResult) -> dict[str, Any]:
    """Name, file, overrides and size of the scenario analysed."""
    model = result.model
    return {
        "name": result.scenario.name,
        "file": result.source,
        "overrides": list(result.overrides),
        "parties": {p: party_label(model, p) for p in model.parties},
        "issues": list(model.space.names),
        "n_outcomes": model.n_outcomes,
        "red_lines": [r.key for r in model.red_lines],
        "proposals": list(result.scenario.proposals),
        "no_deal": {p: float(v) for p, v in zip(model.parties, model.no_deal, strict=True)},
    }


def bargaining_lines(result: RunResult) -> list[str]:
    """The bargaining solutions, or why there are none."""
    b = result.bargaining
    if not b.exists:
        return ["No zone, so no bargaining solution."]
    model = result.model
    lines = [f"Pareto frontier of the zone: {b.frontier_size:,} outcome(s)."]
    for s in b.solutions.values():
        gains = ", ".join(
            f"{party_label(model, p)} {fmt(u, 3)}"
            for p, u in zip(b.parties, s.utility, strict=True)
        )
        lines.append(f"{s.title}: {gains}")
        if s.outcome is not None:
            lines.append(f"    {verdict.outcome_text(s.outcome)}")
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
        _count(len(model.parties), "party", "parties"),
        _count(len(model.space.axes), "issue"),
        _count(model.n_outcomes, "outcome"),
        _count(len(model.red_lines), "red line"),
        _count(len(result.scenario.proposals), "proposal"),
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


# ---------------------------------------------------------------- figures


@dataclass(frozen=True)
class FigureSpec:
    """A figure of the report: file stem, caption and how to draw it."""

    name: str
    caption: str
    draw: Callable[[], Any] = field(repr=False, compare=False)


def figure_specs(result: RunResult) -> list[FigureSpec]:
    """The figures of a report, in reading order (each drawn only when asked)."""
    from negsim.plots import figures as plots

    model = result.model
    names = {p: party_label(model, p) for p in model.parties}
    specs: list[FigureSpec] = []
    d = result.diagnosis
    if d is not None:
        specs.append(
            FigureSpec(
                "conflicts",
                "Minimal conflicts: each numbered group of constraints (red lines and no-deal "
                "values) excludes every outcome together; filled nodes belong to some conflict.",
                lambda: plots.conflict_diagram(
                    plots.conflict_diagram_data(
                        model,
                        [c.keys for c in d.conflicts],
                        constraints=[(c.key, c.party) for c in d.constraints],
                    )
                ),
            )
        )
    checks = result.analysis.proposals
    if checks:
        specs.append(
            FigureSpec(
                "proposals",
                "Proposals by parties: who accepts each proposal, and why the others reject it "
                "(red lines broken, shortfall below the no-deal value).",
                lambda: plots.proposal_matrix(plots.proposal_matrix_data(checks, names=names)),
            )
        )
    if len(model.parties) >= 2:
        specs.append(
            FigureSpec(
                "pairwise_zones",
                "Pairwise zones of agreement: outcomes acceptable to both parties of each pair "
                "(diagonal: to the party alone).",
                lambda: plots.zopa_matrix(plots.zopa_matrix_data(model, result.pairwise.counts)),
            )
        )
    for a, b in _pairs_to_draw(result):
        specs.append(
            FigureSpec(
                f"utility_{a}_{b}",
                f"Every outcome in the utility plane of {names[a]} and {names[b]}. In the "
                "shaded quadrant both prefer a deal to no deal.",
                lambda a=a, b=b: plots.utility_space(
                    plots.utility_space_data(model, (a, b), solutions=_solutions_for(result, a, b))
                ),
            )
        )
    if len(model.space.axes) >= 2:
        specs.append(
            FigureSpec(
                "issue_map",
                "Issue-space map of the two most contested issues: for each pair of terms, "
                "which parties could accept some deal with them (the other issues free).",
                lambda: plots.issue_map(plots.issue_map_data(model)),
            )
        )
    for issue in _divisible_issues(model):
        specs.append(
            FigureSpec(
                f"range_{issue}",
                f"Bargaining range on {issue}: the values each party could accept (the other "
                "issues free) and the gap between the sides, after Fearon (1995).",
                lambda issue=issue: plots.bargaining_range(
                    plots.bargaining_range_data(model, issue)
                ),
            )
        )
    for name, game in result.games.items():
        if game.kind == "sequential":
            tree = game_spec(model, name)
            if len(tree.leaf_paths) <= plots.MAX_TREE_LEAVES:
                specs.append(
                    FigureSpec(
                        f"game_{name}",
                        f"Game tree of {name}: the paths of play of its subgame-perfect "
                        "equilibria thick, moves chosen off those paths dashed.",
                        lambda tree=tree, game=game: plots.game_tree_figure(
                            plots.game_tree_data(tree, game, names=names)
                        ),
                    )
                )
            continue
        specs.append(
            FigureSpec(
                f"game_{name}",
                f"Payoff table of the game {name}, equilibria framed.",
                lambda name=name, game=game: plots.game_table(
                    plots.game_table_data(game_spec(model, name), game, names=names)
                ),
            )
        )
    return specs


def _divisible_issues(model: Model) -> list[str]:
    return [a.name for a in model.space.axes if a.kind == "continuous"][:MAX_RANGE_FIGURES]


def _pairs_to_draw(result: RunResult) -> list[tuple[str, str]]:
    pairs = [(a, b, n) for a, b, n in result.pairwise.pairs()]
    pairs.sort(key=lambda t: (t[2] > 0, t[2]))
    return [(a, b) for a, b, _ in pairs[:MAX_PAIR_FIGURES]]


def _solutions_for(result: RunResult, a: str, b: str) -> dict[str, tuple[float, float]]:
    b_result = result.bargaining
    if not b_result.exists:
        return {}
    ia, ib = b_result.parties.index(a), b_result.parties.index(b)
    return {s.title: (s.utility[ia], s.utility[ib]) for s in b_result.solutions.values()}


# ---------------------------------------------------------------- Markdown


def md_table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    """A Markdown table (cells escaped for pipes and newlines)."""

    def cell(value: Any) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(map(cell, header)) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(map(cell, row)) + " |" for row in rows]
    return [*lines, ""]


def markdown(result: RunResult, figures: Sequence[tuple[FigureSpec, str]] = ()) -> str:
    """The report as Markdown; ``figures`` pairs each spec with its PNG file name."""
    model = result.model
    names = {p: party_label(model, p) for p in model.parties}
    files = {spec.name: (spec, file) for spec, file in figures}

    def embed(name: str) -> list[str]:
        if name not in files:
            return []
        spec, file = files[name]
        return [f"![{spec.caption}]({file})", "", f"*{spec.caption}*", ""]

    out = [f"# {result.scenario.name}", ""]
    if result.scenario.description:
        out += [result.scenario.description.strip(), ""]
    facts = [
        f"{len(model.parties)} parties ({', '.join(names.values())})",
        _count(len(model.space.axes), "issue"),
        _count(model.n_outcomes, "outcome"),
        _count(len(model.red_lines), "red line"),
        _count(len(result.scenario.proposals), "proposal"),
    ]
    if result.source:
        out += [f"- scenario: `{result.source}`"]
    out += ["- " + ", ".join(facts)]
    if result.overrides:
        out += ["- overrides: " + ", ".join(f"`{o}`" for o in result.overrides)]
    a = result.analysis
    out += ["", "## Verdict", "", f"**{verdict.headline(a)}**", ""]
    for line in (verdict.bounds_line(a), verdict.margin_line(a)):
        if line:
            out += [line, ""]
    if a.margin.note:
        out += [f"Note: {a.margin.note}.", ""]
    out += _markdown_diagnosis(result)
    out += embed("conflicts")
    out += _markdown_proposals(result)
    out += embed("proposals")

    out += ["## Pairwise zones", ""]
    rows = [
        [names[p], *(f"{int(c):,}" if c else "none" for c in result.pairwise.counts[i])]
        for i, p in enumerate(model.parties)
    ]
    out += md_table(["", *names.values()], rows)
    out += ["Each cell counts the outcomes both parties accept; the diagonal, the party alone.", ""]
    out += embed("pairwise_zones")

    out += ["## The utility space", ""]
    out += [
        "Each point is an outcome, placed by the utilities of two parties; the dashed lines "
        "are their no-deal values. Markers say whose red lines the outcome respects.",
        "",
    ]
    for spec, _ in figures:
        if spec.name.startswith("utility_"):
            out += embed(spec.name)
    out += embed("issue_map")

    ranges = [spec.name for spec, _ in figures if spec.name.startswith("range_")]
    if ranges:
        out += ["## Bargaining range on divisible issues", ""]
        out += [
            "For each continuous issue, the values each party could accept with the other "
            "issues chosen freely: where the bars of all parties overlap in one deal, a range "
            "exists; a hatched band is the gap between the most distant demands (Fearon 1995).",
            "",
        ]
        for name in ranges:
            out += embed(name)
    out += _markdown_games(result, embed)
    out += ["## Bargaining", ""]
    out += [*bargaining_lines(result), ""]
    b = result.bargaining
    if b.exists and b.solutions:
        out += md_table(
            ["solution", *names.values(), "outcome"],
            [
                [s.title, *(fmt(u, 4) for u in s.utility), verdict.outcome_text(s.outcome)]
                for s in b.solutions.values()
            ],
        )

    out += ["## How to read this report", ""]
    out += [
        "An outcome is *acceptable* to a party when it respects every red line of that party "
        "and gives it at least its no-deal value. The zone of possible agreement (ZOPA) is the "
        "set of outcomes acceptable to every party. The *margin* is the best, over outcomes "
        "meeting every red line, of the smallest gain over no deal: negative, it is the "
        "distance to agreement. A *minimal conflict* is a set of constraints that no outcome "
        "meets together while every smaller set leaves some outcome; a *minimal correction* is "
        "a smallest set of constraints whose removal opens a zone. Game payoffs come from the "
        "same utilities; an outcome that breaks a player's own red line scores below no deal.",
        "",
        f"Full data: `{JSON_FILE}`.",
        "",
    ]
    return "\n".join(out)


def _markdown_diagnosis(result: RunResult) -> list[str]:
    d = result.diagnosis
    if d is None:
        return []
    says = {c.key: c.says for c in d.constraints}
    out = ["### Why: the colliding constraints", ""]
    out += [
        "Each minimal conflict is a set of constraints no outcome meets together; drop any one "
        "of them and some outcome is left.",
        "",
    ]
    rows = [
        [i, "<br>".join(f"`{k}`: {says.get(k, '')}" for k in c.keys)]
        for i, c in enumerate(d.conflicts, 1)
    ]
    out += md_table(["#", "constraints"], rows)
    if d.conflicts_truncated:
        out += ["(The list stops here; more minimal conflicts exist.)", ""]
    if d.corrections:
        out += ["### What would open a zone: minimal corrections", ""]
        out += md_table(
            ["drop", "outcomes in the zone then"],
            [[" + ".join(f"`{k}`" for k in c.keys), f"{c.opens:,}"] for c in d.corrections],
        )
        if d.corrections_truncated:
            out += ["(More minimal corrections exist.)", ""]
    out += [_concession_sentence(d), ""]
    if d.note:
        out += [f"Note: {d.note}.", ""]
    return out


def _concession_sentence(d: Diagnosis) -> str:
    c = d.least_concession
    if c is None:
        return (
            "The red lines alone conflict: no outcome respects all of them, so no compensation "
            "opens a zone while every red line stands."
        )
    short = [f"{p} {verdict.number(v)}" for p, v in c.shortfall.items() if v > 0]
    return (
        f"Least concession: {verdict.outcome_text(c.outcome)} respects every red line and "
        f"leaves {verdict.listing(short)} short of the no-deal value (total "
        f"{verdict.number(c.total)})."
    )


def _markdown_proposals(result: RunResult) -> list[str]:
    checks = result.analysis.proposals
    if not checks:
        return []
    model = result.model
    out = ["## Proposals", ""]
    out += [
        "Each proposal checked against each party: accepted when it respects the party's red "
        "lines and gives it at least its no-deal value (the cell shows the gain), else why not.",
        "",
    ]
    rows = []
    for check in checks:
        cells = []
        for v in check.verdicts:
            if v.accepted:
                cells.append(f"accepts (+{verdict.number(v.utility - v.no_deal)})")
                continue
            why = [f"breaks `{k}`" for k in v.broken]
            if v.shortfall > 0:
                why.append(f"{verdict.number(v.shortfall)} short")
            cells.append("rejects: " + "; ".join(why))
        name = f"**{check.name}**" if check.accepted_by_all else check.name
        rows.append([name, check.says.strip(), *cells])
    out += md_table(["proposal", "says", *(party_label(model, p) for p in model.parties)], rows)
    return out


def _equilibria_table(game: Equilibria, limit: int = 20) -> list[str]:
    """Equilibria as a Markdown table; for sequential games one row per path of play
    (full plans, which differ off the path, are in the JSON)."""
    frame = game.to_frame()
    if frame.empty:
        return []
    frame = frame.drop(columns=["regret"])
    if game.kind == "sequential":
        frame = frame.drop(columns=[c for c in frame.columns if c.endswith(" plan")])
        counts = frame.groupby("path", sort=False).size()
        frame = frame.drop_duplicates("path").set_index("path")
        frame.insert(0, "equilibria", counts)
        frame = frame.reset_index()
    else:
        frame.insert(0, "#", frame.index)
    shown = frame.head(limit)

    def show(value: Any) -> str:
        if isinstance(value, bool | np.bool_):
            return "yes" if value else "no"
        if isinstance(value, float):
            return fmt(value, 4)
        return str(value)

    out = md_table(list(shown.columns), [[show(v) for v in row] for row in shown.itertuples(False)])
    if len(frame) > limit:
        out += [f"({len(frame) - limit} more rows in `{JSON_FILE}`.)", ""]
    return out


def _markdown_games(result: RunResult, embed: Callable[[str], list[str]]) -> list[str]:
    out = ["## Games", ""]
    if not result.games:
        return [*out, "No games: the scenario declares none and has no proposals.", ""]
    for name, game in result.games.items():
        out += [f"### {name} ({game.kind.replace('_', ' ')})", ""]
        if game.says:
            out += [game.says.strip(), ""]
        out += [f"{game.statement}. {game_summary(game).capitalize()}.", ""]
        out += [
            f"Method: {game.method}; each equilibrium verified (regret at most "
            f"{game.tolerance:g} of the payoff range); an outcome that breaks a player's red "
            f"line scores its no-deal value minus {game.breach_penalty:g}.",
            "",
        ]
        out += _equilibria_table(game)
        out += embed(f"game_{name}")
    return out


# ---------------------------------------------------------------- files


@dataclass(frozen=True)
class ReportFiles:
    """What :func:`write` wrote."""

    folder: Path
    report: Path
    json: Path
    figures: tuple[Path, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "folder": str(self.folder),
            "report": str(self.report),
            "json": str(self.json),
            "figures": [str(f) for f in self.figures],
        }


def write(
    result: RunResult,
    folder: str | Path,
    *,
    plots: bool = True,
    progress: bool = False,
    jobs: int | None = None,
) -> ReportFiles:
    """Write ``report.md``, ``result.json`` and (with ``plots``) each figure as PNG and SVG.

    Parameters
    ----------
    jobs
        Processes drawing figures at once. Default: one per CPU core (at most
        4) where processes can be forked, else 1. Figures are independent, so
        the files are the same whatever the number.

    Raises
    ------
    NegsimError
        When the folder cannot be created or written.
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise NegsimError(f"cannot create the output folder {folder}: {_why(exc)}") from None
    specs = figure_specs(result) if plots else []
    paths = [folder / f"{spec.name}.{ext}" for spec in specs for ext in ("png", "svg")]
    _render(specs, folder, progress=progress, jobs=_jobs(jobs, len(specs)))
    written = [(spec, f"{spec.name}.png") for spec in specs]
    data = result.to_dict()
    data["figures"] = [
        {"name": s.name, "caption": s.caption, "png": f, "svg": f"{s.name}.svg"} for s, f in written
    ]
    report = folder / REPORT_FILE
    json_path = folder / JSON_FILE
    _write_text(report, markdown(result, written))
    _write_text(json_path, json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n")
    return ReportFiles(folder, report, json_path, tuple(paths))


def _jobs(jobs: int | None, n_figures: int) -> int:
    if jobs is not None:
        return max(1, min(int(jobs), max(n_figures, 1)))
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(os.cpu_count() or 1, 4, n_figures))


_PENDING: tuple[Sequence[FigureSpec], Path] | None = None
"""Figures a forked worker draws: set just before the workers are forked."""


def _render(specs: Sequence[FigureSpec], folder: Path, *, progress: bool, jobs: int) -> None:
    """Draw and save every figure, in ``jobs`` forked processes when more than one."""
    global _PENDING
    if not specs:
        return
    if jobs == 1:
        bar = Progress(len(specs), enabled=progress, desc="figures")
        try:
            for i, spec in enumerate(specs):
                with bar.step(spec.name):
                    _render_one(i, specs, folder)
        finally:
            bar.close()
        return
    _PENDING = (specs, folder)
    try:
        # fork before any progress bar exists, so no thread is running at the fork
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            bar = Progress(len(specs), enabled=progress, desc="figures")
            try:
                for name in pool.imap_unordered(_render_pending, range(len(specs))):
                    with bar.step(name):
                        pass
            finally:
                bar.close()
    finally:
        _PENDING = None


def _render_pending(index: int) -> str:
    assert _PENDING is not None, "figures are drawn only by workers forked from write()"
    specs, folder = _PENDING
    return _render_one(index, specs, folder)


def _render_one(index: int, specs: Sequence[FigureSpec], folder: Path) -> str:
    spec = specs[index]
    fig = spec.draw()
    _save(fig, folder / f"{spec.name}.png")
    _save(fig, folder / f"{spec.name}.svg")
    return spec.name


def _save(fig: Any, path: Path) -> None:
    from matplotlib import rc_context

    try:
        if path.suffix == ".png":
            # light compression: PNG encoding is much of the time a figure takes
            fig.savefig(path, dpi=PNG_DPI, pil_kwargs={"compress_level": 1})
        else:
            # text stays text: smaller files, searchable, and faster than glyph outlines
            with rc_context({"svg.fonttype": "none"}):
                fig.savefig(path)
    except OSError as exc:
        raise NegsimError(f"cannot write {path}: {_why(exc)}") from None


def _write_text(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise NegsimError(f"cannot write {path}: {_why(exc)}") from None


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _count(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else plural or word + 's'}"
