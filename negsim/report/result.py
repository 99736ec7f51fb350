"""A full run of negsim on one scenario, and the progress of that run.

:func:`run` analyses a scenario (agreement zone, margin, pairwise zones,
diagnosis, proposals, bargaining solutions, games) and returns a
:class:`RunResult`, which turns into plain JSON data with
:meth:`RunResult.to_dict`. Nothing here computes an analysis of its own:
every number comes from the analysis modules; this module only gathers
their results.
"""

from __future__ import annotations

import html
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from negsim.bargaining.solutions import BargainingResult, bargain
from negsim.common.progress import progress_bar
from negsim.common.serialize import to_jsonable as jsonable
from negsim.games import Equilibria, GameTree, NormalForm, equilibria, game_tree, normal_form
from negsim.games.solve import DEFAULT_GAME
from negsim.model.compile import Model, compile_scenario
from negsim.report.text import party_label, verdict_text
from negsim.scenario.format import Scenario
from negsim.scenario.games import ProposalGame, SequentialGame
from negsim.zone import verdict
from negsim.zone.analysis import Analysis, analyze
from negsim.zone.results import Diagnosis, PairwiseZopa

__all__ = [
    "JSON_FILE",
    "Progress",
    "RunResult",
    "game_names",
    "game_spec",
    "run",
    "scenario_summary",
]

JSON_FILE = "result.json"


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


def game_spec(model: Model, name: str) -> NormalForm | GameTree:
    """The payoff structure of a game: a :class:`~negsim.games.NormalForm` or a
    :class:`~negsim.games.GameTree`."""
    spec = model.scenario.games.get(name, ProposalGame(kind="proposal"))
    if isinstance(spec, SequentialGame):
        return game_tree(model, name, spec)
    return normal_form(model, name, spec)


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
