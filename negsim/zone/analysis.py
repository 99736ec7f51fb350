"""One call for the whole agreement-zone question: :func:`analyze`.

It gathers the zone (:mod:`negsim.zone.enumeration`), the pairwise zones, the
margin and the diagnosis of an empty zone, decided as exactly as the scenario
allows (:mod:`negsim.zone.decide`), the range of each continuous issue over the
zone (:func:`negsim.zone.milp.zone_bounds`) and each proposal's verdict per
party (:mod:`negsim.zone.proposals`), worded by :mod:`negsim.zone.verdict`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from negsim.common.progress import Bar, progress_bar
from negsim.errors import AnalysisError
from negsim.model.compile import Model, compile_scenario
from negsim.scenario.format import Scenario
from negsim.zone import verdict
from negsim.zone.decide import diagnose, margin
from negsim.zone.enumeration import pairwise, zopa
from negsim.zone.proposals import ProposalCheck, check_proposals, verdict_frame
from negsim.zone.results import (
    MAX_CONFLICTS,
    MAX_CORRECTIONS,
    MILP,
    Diagnosis,
    Margin,
    PairwiseZopa,
    Zopa,
)

__all__ = [
    "Analysis",
    "analyze",
]


@dataclass(frozen=True, eq=False)
class Analysis:
    """Everything :func:`analyze` found about the zone of agreement of one scenario.

    Attributes
    ----------
    zopa, pairwise
        The zone and the pairwise zones on the enumerated outcomes.
    margin
        The margin, exact (enumeration or mixed-integer program) when possible.
    diagnosis
        Minimal conflicts, corrections and least concession; ``None`` when a zone exists.
    bounds
        With continuous issues decided exactly: each one's lowest and highest
        value over the zone (``None`` otherwise).
    proposals
        Every proposal's verdict per party.

    Examples
    --------
    With a continuous issue the verdict is exact (a mixed-integer program) and
    ``bounds`` gives the zone's extent: Alpha needs 30% of the water, Beta 40%.

    >>> import negsim
    >>> from negsim.scenario.examples import water_talks
    >>> s = water_talks()
    >>> a = negsim.analyze(s, progress=False)
    >>> a.zone_exists, a.method, a.bounds
    (True, 'milp', {'share': (30.0, 60.0)})
    >>> round(a.margin.value, 4), a.zopa.count
    (0.15, 4)
    """

    scenario: str
    zopa: Zopa
    pairwise: PairwiseZopa
    margin: Margin
    diagnosis: Diagnosis | None
    bounds: dict[str, tuple[float, float]] | None
    proposals: tuple[ProposalCheck, ...]
    model: Model = field(repr=False)

    @property
    def parties(self) -> tuple[str, ...]:
        return self.model.parties

    @property
    def zone_exists(self) -> bool:
        """A zone exists: an enumerated member, or an exact margin of at least zero."""
        return self.zopa.exists or self.margin.zone_exists

    @property
    def method(self) -> str:
        """How existence was decided: ``"enumeration"``, ``"milp"`` or ``"grid"``."""
        return self.margin.method

    @property
    def exact(self) -> bool:
        """Whether the verdict is a proof: enumeration, an exact program, or a member found."""
        return self.margin.exact or self.zopa.exists

    def proposals_frame(self) -> pd.DataFrame:
        """One row per proposal and party."""
        return verdict_frame(v for check in self.proposals for v in check.verdicts)

    def to_frame(self) -> pd.DataFrame:
        """What was found, as a table: the zone's deals, or why there are none.

        With enumerated members in the zone, the members (best-cushioned first,
        :meth:`negsim.zone.results.Zopa.members`); otherwise the minimal
        conflicts and corrections (:meth:`negsim.zone.results.Diagnosis.to_frame`).
        ``frame.attrs["table"]`` says which (``"zone"`` or ``"diagnosis"``); an
        empty frame only when a zone is proven but no enumerated outcome lies
        in it (a zone narrower than the grid: see :attr:`bounds`).

        Examples
        --------
        Border talks with Beta needing 0.7 has no zone; the table says why:

        >>> import negsim
        >>> from negsim.scenario.examples import border_talks
        >>> a = negsim.analyze(border_talks().with_({"parties.beta.no_deal": 0.7}), progress=False)
        >>> frame = a.to_frame()
        >>> frame.attrs["table"], frame["kind"].tolist()
        ('diagnosis', ['conflict', 'correction', 'correction'])
        >>> negsim.analyze(border_talks(), progress=False).to_frame().attrs["table"]
        'zone'
        """
        if self.zopa.exists or self.diagnosis is None:
            frame = self.zopa.members()
            frame.attrs["table"] = "zone"
        else:
            frame = self.diagnosis.to_frame()
            frame.attrs["table"] = "diagnosis"
        return frame

    def summary(self) -> str:
        """The verdict in plain words (:func:`negsim.zone.verdict.render`)."""
        return verdict.render(self)

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "parties": list(self.parties),
            "zone_exists": self.zone_exists,
            "method": self.method,
            "exact": self.exact,
            "headline": verdict.headline(self),
            "zopa": _enumerated_zone(self.zopa),
            "pairwise": self.pairwise.to_dict(),
            "margin": self.margin.to_dict(),
            "bounds": (
                None
                if self.bounds is None
                else {k: [float(lo), float(hi)] for k, (lo, hi) in self.bounds.items()}
            ),
            "diagnosis": None if self.diagnosis is None else self.diagnosis.to_dict(),
            "proposals": [p.to_dict() for p in self.proposals],
        }

    def __repr__(self) -> str:
        return f"<Analysis of {self.scenario!r}: {verdict.headline(self)}>"

    def _repr_html_(self) -> str:
        parts = [f"<pre>{html.escape(self.summary())}</pre>"]
        if self.zopa.exists:
            parts.append(self.zopa.members(20).to_html())
        if self.proposals:
            parts.append(self.proposals_frame().to_html(index=False))
        return "".join(parts)


def _enumerated_zone(zone: Zopa) -> dict[str, Any]:
    """The zone's enumerated outcomes, without a verdict of their own.

    With continuous issues a zone can lie between grid points: ``count`` is
    then 0 while ``zone_exists`` (the one verdict, from the margin) is true,
    so the enumerated zone's own ``exists`` is left out rather than
    contradict it.
    """
    data = zone.to_dict()
    data.pop("exists", None)
    return data


def analyze(
    scenario_or_model: Scenario | Model,
    *,
    max_conflicts: int | None = MAX_CONFLICTS,
    max_corrections: int | None = MAX_CORRECTIONS,
    exact: bool = True,
    progress: bool = True,
    max_memory: int | None = None,
) -> Analysis:
    """Zone of agreement, pairwise zones, margin, diagnosis and proposals of a scenario.

    Parameters
    ----------
    scenario_or_model
        A :class:`~negsim.Scenario` (compiled here) or a compiled :class:`~negsim.Model`.
    max_conflicts, max_corrections
        Caps on the minimal conflicts and corrections listed (``None``: all).
    exact
        With continuous issues, decide by mixed-integer programs where the
        rules allow (``False``: the grid only, and the results say so).
    progress
        Show a progress bar on stderr (only when it is a terminal).
    max_memory
        Refuse, before any array is built, a scenario whose analysis would
        need more bytes than this (``None``: the memory available); see
        :func:`~negsim.model.compile.compile_scenario`.

    Examples
    --------
    Alpha gives Beta none, some or all of the land, with or without a guarantee
    for Alpha; Alpha never gives all of it. Of the 6 outcomes, the two with
    some land beat no deal for both:

    >>> import negsim
    >>> from negsim.scenario.examples import border_talks
    >>> s = border_talks(proposals=["all"])
    >>> a = negsim.analyze(s, progress=False)
    >>> a.zone_exists, a.method, a.exact
    (True, 'enumeration', True)
    >>> a.to_frame()[["land", "guarantee", "alpha surplus", "beta surplus"]].round(2).reset_index()
       outcome  land  guarantee  alpha surplus  beta surplus
    0        3  some       True           0.45          0.08
    1        2  some      False           0.05          0.28
    >>> a.proposals_frame()[["party", "broken", "accepted"]]
       party           broken  accepted
    0  alpha  alpha/keep-core     False
    1   beta                       True

    If Beta needs 0.7, only all of the land would do, and Alpha's red line
    forbids it:

    >>> b = negsim.analyze(s.with_({"parties.beta.no_deal": 0.7}), progress=False)
    >>> b.zone_exists, b.margin
    (False, <Margin -0.02 (enumeration) at {'land': 'some', 'guarantee': False}>)
    >>> b.diagnosis.conflicts
    (<Conflict of 2: alpha/keep-core with beta/no-deal>,)
    >>> b.diagnosis.corrections[0]  # doctest: +NORMALIZE_WHITESPACE
    <Correction: drop alpha/keep-core (opens 1 outcome;
      best {'land': 'all', 'guarantee': True})>
    """
    if not isinstance(scenario_or_model, Scenario | Model):
        raise AnalysisError(
            "analyze() takes a Scenario or a compiled Model, "
            f"not {type(scenario_or_model).__name__}"
        )
    with progress_bar(5, enabled=progress, terminal_only=True, desc="negsim", unit="step") as bar:
        bar.set_postfix_str("compile")
        model = (
            scenario_or_model
            if isinstance(scenario_or_model, Model)
            else compile_scenario(scenario_or_model, max_memory=max_memory)
        )
        _next_step(bar, "zone")
        zone = zopa(model)
        pairs = pairwise(model)
        _next_step(bar, "margin")
        found = margin(model, exact=exact)
        bounds = _bounds(model, found)
        _next_step(bar, "diagnosis")
        diagnosis = None
        if not (zone.exists or found.zone_exists):
            diagnosis = diagnose(
                model, max_conflicts=max_conflicts, max_corrections=max_corrections, exact=exact
            )
        _next_step(bar, "proposals")
        proposals = check_proposals(model)
        bar.update()
    return Analysis(
        scenario=model.scenario.name,
        zopa=zone,
        pairwise=pairs,
        margin=found,
        diagnosis=diagnosis,
        bounds=bounds,
        proposals=proposals,
        model=model,
    )


def _next_step(bar: Bar, name: str) -> None:
    bar.update()
    bar.set_postfix_str(name)


def _bounds(model: Model, found: Margin) -> dict[str, tuple[float, float]] | None:
    """Each continuous issue's range over the zone, when a program decided that a zone exists."""
    if found.method == MILP and found.zone_exists:
        from negsim.zone.milp import zone_bounds

        return zone_bounds(model)
    return None
