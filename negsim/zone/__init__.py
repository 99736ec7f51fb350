"""Stage 3: the zone of possible agreement and why it is empty.

Takes a compiled :class:`~negsim.model.Model`; returns the zone, the pairwise
zones and the margin (:mod:`.enumeration`, or exactly by a mixed-integer
program, :mod:`.milp`), the minimal conflicts, corrections (with the deals
each opens, :mod:`.openings`) and least concession, each proposal's fate, all
in one :class:`Analysis` (:mod:`.analysis`), worded by :mod:`.verdict`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from negsim._lazy import lazy_exports

_EXPORTS: dict[str, str] = {
    "Analysis": "analysis",
    "analyze": "analysis",
    "ProposalCheck": "proposals",
    "ProposalVerdict": "proposals",
    "check_proposals": "proposals",
    "Zopa": "results",
    "zopa": "enumeration",
    "PairwiseZopa": "results",
    "pairwise": "enumeration",
    "Margin": "results",
    "margin": "decide",
    "Diagnosis": "results",
    "Conflict": "results",
    "Correction": "results",
    "Concession": "results",
    "Deal": "results",
    "NoDealFall": "results",
    "diagnose": "decide",
    "render": "verdict",
}
"""Exported name -> the submodule that defines it."""

__all__ = [
    "Analysis",
    "Concession",
    "Conflict",
    "Correction",
    "Deal",
    "Diagnosis",
    "Margin",
    "NoDealFall",
    "PairwiseZopa",
    "ProposalCheck",
    "ProposalVerdict",
    "Zopa",
    "analyze",
    "check_proposals",
    "diagnose",
    "margin",
    "pairwise",
    "render",
    "zopa",
]

__getattr__, __dir__ = lazy_exports(
    "negsim.zone",
    {name: f"negsim.zone.{module}" for name, module in _EXPORTS.items()},
    globals(),
)

if TYPE_CHECKING:
    from negsim.zone.analysis import Analysis, analyze
    from negsim.zone.decide import diagnose, margin
    from negsim.zone.enumeration import pairwise, zopa
    from negsim.zone.proposals import ProposalCheck, ProposalVerdict, check_proposals
    from negsim.zone.results import (
        Concession,
        Conflict,
        Correction,
        Deal,
        Diagnosis,
        Margin,
        NoDealFall,
        PairwiseZopa,
        Zopa,
    )
    from negsim.zone.verdict import render
