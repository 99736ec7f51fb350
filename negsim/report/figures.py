"""The figures of a report: which to draw, their captions, and drawing them in parallel."""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from negsim import plots
from negsim.common.atomic import replacing
from negsim.errors import NegsimError
from negsim.games import Equilibria, GameTree, NormalForm
from negsim.model.compile import Model
from negsim.report.result import Progress, RunResult, game_spec
from negsim.report.text import party_label
from negsim.zone.proposals import ProposalCheck
from negsim.zone.results import Diagnosis

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "FORMATS",
    "FigureSpec",
    "MAX_PAIR_FIGURES",
    "MAX_RANGE_FIGURES",
    "PNG_DPI",
    "figure_specs",
    "render_figures",
    "why",
]

PNG_DPI = 120
MAX_PAIR_FIGURES = 6
"""Utility planes drawn at most; pairs without a zone come first."""
MAX_RANGE_FIGURES = 2
"""Bargaining-range figures drawn at most (one per continuous issue)."""


@dataclass(frozen=True)
class FigureSpec:
    """A figure of the report: file stem, caption and how to draw it."""

    name: str
    caption: str
    draw: Callable[[], Figure] = field(repr=False, compare=False)


def figure_specs(result: RunResult) -> list[FigureSpec]:
    """The figures of a report, in reading order (each drawn only when asked)."""
    model = result.model
    names = {p: party_label(model, p) for p in model.parties}
    specs: list[FigureSpec] = []
    if result.diagnosis is not None:
        specs.append(_conflicts_spec(model, result.diagnosis))
    if result.analysis.proposals:
        specs.append(_proposals_spec(result.analysis.proposals, names))
    if len(model.parties) >= 2:
        specs.append(_pairwise_spec(result))
    specs += [_utility_spec(result, a, b, names) for a, b in _pairs_to_draw(result)]
    if len(model.space.axes) >= 2:
        specs.append(_issue_map_spec(model))
    specs += [_range_spec(model, issue) for issue in _divisible_issues(model)]
    for name, game in result.games.items():
        spec = _game_spec(model, name, game, names)
        if spec is not None:
            specs.append(spec)
    return specs


def _conflicts_spec(model: Model, d: Diagnosis) -> FigureSpec:
    return FigureSpec(
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


def _proposals_spec(checks: Sequence[ProposalCheck], names: Mapping[str, str]) -> FigureSpec:
    return FigureSpec(
        "proposals",
        "Proposals by parties: who accepts each proposal, and why the others reject it "
        "(red lines broken, shortfall below the no-deal value).",
        lambda: plots.proposal_matrix(plots.proposal_matrix_data(checks, names=names)),
    )


def _pairwise_spec(result: RunResult) -> FigureSpec:
    return FigureSpec(
        "pairwise_zones",
        "Pairwise zones of agreement: outcomes acceptable to both parties of each pair "
        "(diagonal: to the party alone).",
        lambda: plots.zopa_matrix(plots.zopa_matrix_data(result.model, result.pairwise.counts)),
    )


def _utility_spec(result: RunResult, a: str, b: str, names: Mapping[str, str]) -> FigureSpec:
    return FigureSpec(
        f"utility_{a}_{b}",
        f"Every outcome in the utility plane of {names[a]} and {names[b]}. In the "
        "shaded quadrant both prefer a deal to no deal.",
        lambda: plots.utility_space(
            plots.utility_space_data(
                result.model,
                (a, b),
                solutions=_solutions_for(result, a, b),
                zone_exists=result.analysis.zone_exists,
            )
        ),
    )


def _issue_map_spec(model: Model) -> FigureSpec:
    return FigureSpec(
        "issue_map",
        "Issue-space map of the two most contested issues: for each pair of terms, "
        "which parties could accept some deal with them (the other issues free).",
        lambda: plots.issue_map(plots.issue_map_data(model)),
    )


def _range_spec(model: Model, issue: str) -> FigureSpec:
    return FigureSpec(
        f"range_{issue}",
        f"Bargaining range on {issue}: the values each party could accept (the other "
        "issues free) and the gap between the sides, after Fearon (1995).",
        lambda: plots.bargaining_range(plots.bargaining_range_data(model, issue)),
    )


def _game_spec(
    model: Model, name: str, game: Equilibria, names: Mapping[str, str]
) -> FigureSpec | None:
    """The payoff table of a game, or the tree of a sequential one (``None``: too large)."""
    if game.kind != "sequential":
        return FigureSpec(
            f"game_{name}",
            f"Payoff table of the game {name}, equilibria framed.",
            lambda: plots.game_table(
                plots.game_table_data(_normal_form(model, name), game, names=names)
            ),
        )
    tree = game_spec(model, name)
    assert isinstance(tree, GameTree)  # a sequential game's structure is its tree
    if len(tree.leaf_paths) > plots.MAX_TREE_LEAVES:
        return None
    return FigureSpec(
        f"game_{name}",
        f"Game tree of {name}: the paths of play of its subgame-perfect "
        "equilibria thick, moves chosen off those paths dashed.",
        lambda: plots.game_tree_figure(plots.game_tree_data(tree, game, names=names)),
    )


def _normal_form(model: Model, name: str) -> NormalForm:
    spec = game_spec(model, name)
    assert isinstance(spec, NormalForm)  # a game that is not sequential has a payoff table
    return spec


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


def _jobs(jobs: int | None, n_figures: int) -> int:
    if jobs is not None:
        return max(1, min(int(jobs), max(n_figures, 1)))
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(os.cpu_count() or 1, 4, n_figures))


_PENDING: tuple[Sequence[FigureSpec], Path, tuple[str, ...]] | None = None
"""Figures a forked worker draws: set just before the workers are forked."""


FORMATS = ("png", "svg")
"""The file formats a figure can be saved in; the report embeds the PNG."""


def render_figures(
    specs: Sequence[FigureSpec],
    folder: Path,
    *,
    progress: bool,
    jobs: int | None,
    formats: Sequence[str] = ("png",),
) -> None:
    """Draw and save every figure in each of ``formats`` (PNG by default).

    Parameters
    ----------
    formats
        Some of :data:`FORMATS`; SVG (text kept as text) only when asked for,
        as it doubles the time a figure takes to save.
    jobs
        Processes drawing at once; ``None``: one per CPU core (at most 4) where
        processes can be forked, else 1.
    """
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise NegsimError(f"unknown figure format {unknown[0]!r}; use {' or '.join(FORMATS)}")
    if not specs:
        return
    kinds = tuple(dict.fromkeys(formats))
    jobs = _jobs(jobs, len(specs))
    if jobs == 1:
        _render_serial(specs, folder, kinds, progress=progress)
    else:
        _render_forked(specs, folder, kinds, progress=progress, jobs=jobs)


def _render_serial(
    specs: Sequence[FigureSpec], folder: Path, formats: tuple[str, ...], *, progress: bool
) -> None:
    bar = Progress(len(specs), enabled=progress, desc="figures")
    try:
        for i, spec in enumerate(specs):
            with bar.step(spec.name):
                _render_one(i, specs, folder, formats)
    finally:
        bar.close()


def _render_forked(
    specs: Sequence[FigureSpec],
    folder: Path,
    formats: tuple[str, ...],
    *,
    progress: bool,
    jobs: int,
) -> None:
    global _PENDING
    _PENDING = (specs, folder, formats)
    try:
        # fork before any progress bar exists, so no thread is running at the fork
        with multiprocessing.get_context("fork").Pool(jobs, initializer=_worker_signals) as pool:
            bar = Progress(len(specs), enabled=progress, desc="figures")
            try:
                for name in pool.imap_unordered(_render_pending, range(len(specs))):
                    with bar.step(name):
                        pass
            finally:
                bar.close()
    finally:
        _PENDING = None


def _worker_signals() -> None:
    """In a figure worker: leave Ctrl-C to the parent and end at once on SIGTERM.

    A handler inherited from the command line's process would turn the
    SIGTERM by which the pool ends its workers into an exception that a
    worker can meet while holding the pool's queue lock, leaving the others
    waiting on that lock and the pool's exit waiting on them.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _render_pending(index: int) -> str:
    assert _PENDING is not None, "figures are drawn only by workers forked from render_figures()"
    specs, folder, formats = _PENDING
    return _render_one(index, specs, folder, formats)


def _render_one(
    index: int, specs: Sequence[FigureSpec], folder: Path, formats: tuple[str, ...]
) -> str:
    spec = specs[index]
    fig = spec.draw()
    for kind in formats:
        _save(fig, folder / f"{spec.name}.{kind}")
    return spec.name


def _save(fig: Figure, path: Path) -> None:
    from matplotlib import rc_context

    try:
        with replacing(path) as temporary:
            if path.suffix == ".png":
                # light compression: PNG encoding is much of the time a figure takes
                fig.savefig(temporary, format="png", dpi=PNG_DPI, pil_kwargs={"compress_level": 1})
            else:
                # text stays text: smaller files, searchable, and faster than glyph outlines
                with rc_context({"svg.fonttype": "none"}):
                    fig.savefig(temporary, format="svg")
    except OSError as exc:
        raise NegsimError(f"cannot write {path}: {why(exc)}") from None


def why(exc: OSError) -> str:
    """The reason an operating-system error gives, for a message."""
    return exc.strerror or str(exc)
