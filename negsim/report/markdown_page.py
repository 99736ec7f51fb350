"""The report of a run as Markdown: verdict, diagnosis, proposals, zones, games, bargaining."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from negsim.common.words import outcome_text, value_text
from negsim.games import Equilibria
from negsim.report.figures import FigureSpec
from negsim.report.result import JSON_FILE, RunResult
from negsim.report.text import bargaining_lines, counted, fmt, game_summary, party_label
from negsim.zone import verdict
from negsim.zone.results import Diagnosis

__all__ = [
    "markdown",
    "md_table",
]


def md_table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    """A Markdown table (cells escaped for pipes and newlines)."""

    def cell(value: Any) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(map(cell, header)) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(map(cell, row)) + " |" for row in rows]
    return [*lines, ""]


Embed = Callable[[str], list[str]]
"""The lines showing a figure of the report by name (none when it was not drawn)."""


def markdown(result: RunResult, figures: Sequence[tuple[FigureSpec, str]] = ()) -> str:
    """The report as Markdown; ``figures`` pairs each spec with its PNG file name."""
    names = {p: party_label(result.model, p) for p in result.model.parties}
    embed = _embedder(figures)
    out = _markdown_header(result, names)
    out += _markdown_verdict(result)
    out += _markdown_diagnosis(result)
    out += embed("conflicts")
    out += _markdown_proposals(result)
    out += embed("proposals")
    out += _markdown_pairwise(result, names)
    out += embed("pairwise_zones")
    out += _markdown_utility_space(figures, embed)
    out += _markdown_ranges(figures, embed)
    out += _markdown_games(result, embed)
    out += _markdown_bargaining(result, names)
    out += _HOW_TO_READ
    return "\n".join(out)


def _embedder(figures: Sequence[tuple[FigureSpec, str]]) -> Embed:
    files = {spec.name: (spec, file) for spec, file in figures}

    def embed(name: str) -> list[str]:
        if name not in files:
            return []
        spec, file = files[name]
        return [f"![{spec.caption}]({file})", "", f"*{spec.caption}*", ""]

    return embed


def _markdown_header(result: RunResult, names: Mapping[str, str]) -> list[str]:
    model = result.model
    out = [f"# {result.scenario.name}", ""]
    if result.scenario.description:
        out += [result.scenario.description.strip(), ""]
    facts = [
        f"{len(model.parties)} parties ({', '.join(names.values())})",
        counted(len(model.space.axes), "issue"),
        counted(model.n_outcomes, "outcome"),
        counted(len(model.red_lines), "red line"),
        counted(len(result.scenario.proposals), "proposal"),
    ]
    if result.source:
        out += [f"- scenario: `{result.source}`"]
    out += ["- " + ", ".join(facts)]
    if result.overrides:
        out += ["- overrides: " + ", ".join(f"`{o}`" for o in result.overrides)]
    return out


def _markdown_verdict(result: RunResult) -> list[str]:
    a = result.analysis
    out = ["", "## Verdict", "", f"**{verdict.headline(a)}**", ""]
    for line in (verdict.bounds_line(a), verdict.margin_line(a)):
        if line:
            out += [line, ""]
    if a.margin.note:
        out += [f"Note: {a.margin.note}.", ""]
    return out


def _markdown_pairwise(result: RunResult, names: Mapping[str, str]) -> list[str]:
    out = ["## Pairwise zones", ""]
    rows = [
        [names[p], *(f"{int(c):,}" if c else "none" for c in result.pairwise.counts[i])]
        for i, p in enumerate(result.model.parties)
    ]
    out += md_table(["", *names.values()], rows)
    out += ["Each cell counts the outcomes both parties accept; the diagonal, the party alone.", ""]
    return out


def _markdown_utility_space(figures: Sequence[tuple[FigureSpec, str]], embed: Embed) -> list[str]:
    out = ["## The utility space", ""]
    out += [
        "Each point is an outcome, placed by the utilities of two parties; the dashed lines "
        "are their no-deal values. Markers say whose red lines the outcome respects.",
        "",
    ]
    for spec, _ in figures:
        if spec.name.startswith("utility_"):
            out += embed(spec.name)
    out += embed("issue_map")
    return out


def _markdown_ranges(figures: Sequence[tuple[FigureSpec, str]], embed: Embed) -> list[str]:
    ranges = [spec.name for spec, _ in figures if spec.name.startswith("range_")]
    if not ranges:
        return []
    out = ["## Bargaining range on divisible issues", ""]
    out += [
        "For each continuous issue, the values each party could accept with the other "
        "issues chosen freely: where the bars of all parties overlap in one deal, a range "
        "exists; a hatched band is the gap between the most distant demands (Fearon 1995).",
        "",
    ]
    for name in ranges:
        out += embed(name)
    return out


def _markdown_bargaining(result: RunResult, names: Mapping[str, str]) -> list[str]:
    out = ["## Bargaining", ""]
    out += [*bargaining_lines(result), ""]
    b = result.bargaining
    if b.exists and b.solutions:
        out += md_table(
            ["solution", *names.values(), "outcome"],
            [
                [s.title, *(fmt(u, 4) for u in s.utility), outcome_text(s.outcome)]
                for s in b.solutions.values()
            ],
        )
    return out


_HOW_TO_READ = (
    "## How to read this report",
    "",
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
)


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
    out += _markdown_corrections(d)
    if d.red_lines_conflict:
        out += [
            "The red lines alone conflict: no outcome respects all of them, so no compensation "
            "opens a zone while every red line stands.",
            "",
        ]
    if d.least_concession is not None:
        out += [verdict.concession_line(d.least_concession), ""]
    if d.note:
        out += [f"Note: {d.note}.", ""]
    return out


def _markdown_corrections(d: Diagnosis) -> list[str]:
    """The corrections table, then the best deals of the first corrections."""
    if not d.corrections:
        return []
    out = ["### What would open a zone: minimal corrections", ""]
    out += [
        "A dropped no-deal demand is read as the party accepting less than its no-deal value: "
        "the column says how much less, at least. Deals are ranked by how much less they "
        "ask (the least first), then by the product of the gains over no deal of the "
        "parties whose no-deal value stands (Nash).",
        "",
    ]
    out += md_table(
        ["drop", "no-deal value would have to fall", "outcomes in the zone then", "best deal"],
        [
            [
                " + ".join(f"`{k}`" for k in c.red_lines) or "(no red line)",
                "; ".join(
                    f"{f.party}: {verdict.number(f.no_deal)} → {verdict.number(f.to)}"
                    for f in c.falls
                ),
                f"up to {c.opens:,}" if c.falls and c.opens > 1 else f"{c.opens:,}",
                outcome_text(c.deals[0].outcome) if c.deals else "",
            ]
            for c in d.corrections
        ],
    )
    if d.corrections_truncated:
        out += ["(More minimal corrections exist.)", ""]
    shown = [c for c in d.corrections[: verdict.MAX_CORRECTIONS_WITH_DEALS] if c.deals]
    if shown:
        out += ["#### The best deals each correction opens", ""]
    for i, c in enumerate(shown, 1):
        out += [f"{i}. {verdict.correction_text(c, d.method)}:", ""]
        out += [f"   - {verdict.deal_text(deal)}" for deal in c.deals[: verdict.MAX_DEALS_LISTED]]
        out += [""]
    return out


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
            return value_text(value)
        if isinstance(value, float):
            return fmt(value, 4)
        return str(value)

    out = md_table(list(shown.columns), [[show(v) for v in row] for row in shown.itertuples(False)])
    if len(frame) > limit:
        out += [f"({len(frame) - limit} more rows in `{JSON_FILE}`.)", ""]
    return out


def _markdown_games(result: RunResult, embed: Embed) -> list[str]:
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
