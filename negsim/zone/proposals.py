"""Each named proposal of a scenario against each party.

A party accepts a proposal when it respects every red line of the party and
gives it at least its no-deal value; otherwise the verdict names the red lines
it crosses and the shortfall ``max(0, d_p - u_p)``.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from negsim.common.words import outcome_text
from negsim.model.compile import Model
from negsim.zone import verdict

__all__ = [
    "ProposalCheck",
    "ProposalVerdict",
    "check_proposals",
    "verdict_frame",
]


@dataclass(frozen=True)
class ProposalVerdict:
    """One party's answer to one proposal.

    ``accepted`` when the proposal respects every red line of the party and
    gives it at least its no-deal value; otherwise ``broken`` names the red
    lines it crosses and ``shortfall`` is ``max(0, d_p - u_p)``.

    Examples
    --------
    >>> import negsim
    >>> from negsim.scenario.examples import border_talks
    >>> s = border_talks(proposals=True)
    >>> from negsim.zone import check_proposals
    >>> half, everything = check_proposals(negsim.compile_scenario(s))
    >>> alpha = everything.verdicts[0]
    >>> alpha.accepted, alpha.broken, alpha.shortfall
    (False, ('alpha/keep-core',), 0.25)
    """

    proposal: str
    party: str
    accepted: bool
    broken: tuple[str, ...]
    utility: float
    no_deal: float

    @property
    def shortfall(self) -> float:
        return max(0.0, self.no_deal - self.utility)

    def to_dict(self) -> dict[str, Any]:
        return {
            "proposal": self.proposal,
            "party": self.party,
            "accepted": self.accepted,
            "broken": list(self.broken),
            "utility": self.utility,
            "no_deal": self.no_deal,
            "shortfall": self.shortfall,
        }


@dataclass(frozen=True)
class ProposalCheck:
    """A named proposal of the scenario and every party's verdict on it.

    Examples
    --------
    Alpha never gives all the land, so a proposal to give it all is rejected
    by Alpha for that red line and for falling 0.25 short of its no-deal value:

    >>> import negsim
    >>> from negsim.scenario.examples import border_talks
    >>> s = border_talks(proposals=["all"])
    >>> from negsim.zone import check_proposals
    >>> (check,) = check_proposals(negsim.compile_scenario(s))
    >>> check.accepted_by_all, check.rejected_by
    (False, ('alpha',))
    >>> check.to_frame()[["party", "broken", "utility", "no_deal", "shortfall"]]
       party           broken  utility  no_deal  shortfall
    0  alpha  alpha/keep-core      0.0     0.25       0.25
    1   beta                       1.0     0.40       0.00
    """

    name: str
    says: str
    outcome: dict[str, Any]
    verdicts: tuple[ProposalVerdict, ...]

    @property
    def accepted_by_all(self) -> bool:
        return all(v.accepted for v in self.verdicts)

    @property
    def rejected_by(self) -> tuple[str, ...]:
        return tuple(v.party for v in self.verdicts if not v.accepted)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "says": self.says,
            "outcome": self.outcome,
            "accepted_by_all": self.accepted_by_all,
            "verdicts": [v.to_dict() for v in self.verdicts],
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per party: accepted, red lines broken, utility, no-deal value, shortfall."""
        return verdict_frame(self.verdicts)

    def __repr__(self) -> str:
        return f"<ProposalCheck {verdict.proposal_line(self)}>"

    def _repr_html_(self) -> str:
        return (
            f"<p>{html.escape(verdict.proposal_line(self))}<br>{html.escape(outcome_text(self.outcome))}"
            f"</p>{self.to_frame().to_html(index=False)}"
        )


VERDICT_COLUMNS = ["proposal", "party", "accepted", "broken", "utility", "no_deal", "shortfall"]


def verdict_frame(verdicts: Iterable[ProposalVerdict]) -> pd.DataFrame:
    rows = [{**v.to_dict(), "broken": ", ".join(v.broken)} for v in verdicts]
    return pd.DataFrame(rows, columns=VERDICT_COLUMNS)


def check_proposals(model: Model) -> tuple[ProposalCheck, ...]:
    """Each proposal of the scenario against each party (values off the grid are used as given).

    Examples
    --------
    Two proposals on the split of the water; Alpha needs 30%, Beta 40%:

    >>> import negsim
    >>> from negsim.zone import check_proposals
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
    ... ''')
    >>> even, greedy = check_proposals(negsim.compile_scenario(s))
    >>> even
    <ProposalCheck even: accepted by every party.>
    >>> [(v.party, v.accepted, round(v.shortfall, 4)) for v in greedy.verdicts]
    [('alpha', True, 0.0), ('beta', False, 0.05)]
    """
    proposals = model.scenario.proposals
    if not proposals:
        return ()
    outcomes = [dict(p.outcome) for p in proposals.values()]
    utility = model.utility_of(outcomes)
    respects = model.respects(outcomes)
    checks = []
    for k, (name, proposal) in enumerate(proposals.items()):
        verdicts = []
        for p, party in enumerate(model.parties):
            broken = tuple(
                model.red_lines[r].key for r in model.red_lines_of(party) if not respects[k, r]
            )
            u, d = float(utility[k, p]), float(model.no_deal[p])
            verdicts.append(ProposalVerdict(name, party, not broken and u >= d, broken, u, d))
        checks.append(ProposalCheck(name, proposal.says, outcomes[k], tuple(verdicts)))
    return tuple(checks)
