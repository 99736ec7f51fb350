"""The agreement-zone verdict in plain words, for a reader of policy rather than of code.

Every sentence states how it was reached: by enumerating every outcome (a
proof), by an exact mixed-integer program, or on a grid (with its resolution,
and never presenting "no zone" found on a grid as a fact).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from negsim.common.words import outcome_text
from negsim.zone.constraints import NO_DEAL
from negsim.zone.results import (
    ENUMERATION,
    GRID,
    MILP,
    Concession,
    Correction,
    Deal,
    Diagnosis,
    NoDealFall,
    describe_method,
)

if TYPE_CHECKING:
    from negsim.zone.analysis import Analysis
    from negsim.zone.proposals import ProposalCheck

__all__ = [
    "bounds_line",
    "concession_line",
    "conflict_text",
    "correction_text",
    "deal_text",
    "diagnosis_lines",
    "falls_text",
    "headline",
    "how_decided",
    "listing",
    "margin_line",
    "number",
    "outcomes_word",
    "pairwise_line",
    "proposal_line",
    "render",
    "verb",
]

MAX_LISTED = 5
"""Conflicts and corrections spelled out in the text; the rest are counted."""

MAX_DEALS_LISTED = 3
"""Deals shown under each correction in the text."""

MAX_CORRECTIONS_WITH_DEALS = 10
"""Corrections whose deals are shown in the text (and in the report)."""


# ---------------------------------------------------------------- words


def number(value: float) -> str:
    """A utility or surplus for reading (four significant digits).

    Examples
    --------
    >>> from negsim.zone.verdict import number
    >>> number(0.14999999999999997), number(2 / 3), number(12345.678)
    ('0.15', '0.6667', '1.235e+04')
    """
    return f"{value:.4g}"


BOUNDS_TOLERANCE = 1e-9
"""Relative gap below which a continuous issue's lowest and highest value in the zone are one
value (the program's bounds come from separate solves and differ by round-off)."""


def digits_within(value: float, low: float, high: float) -> str:
    """``value`` with the fewest significant digits (six at least) that keep it in ``[low, high]``.

    A printed deal must be a deal of the zone: when the zone is narrower than
    six digits can show, more are printed.

    Examples
    --------
    >>> from negsim.zone.verdict import digits_within
    >>> digits_within(67.5, 65, 70), digits_within(50.000002, 50.000001, 50.000003)
    ('67.5', '50.000002')
    """
    for digits in range(6, 18):
        text = f"{value:.{digits}g}"
        if low <= float(text) <= high:
            return text
    return repr(value)


def bounds_text(low: float, high: float) -> tuple[str, str] | str:
    """The two bounds printed with enough digits to tell them apart, or one number when equal.

    They are one number when they differ by less than ``BOUNDS_TOLERANCE``
    relative to their size; otherwise each is printed with the fewest
    significant digits (six at least) at which the two differ.

    Examples
    --------
    >>> from negsim.zone.verdict import bounds_text
    >>> bounds_text(65.0, 70.0), bounds_text(50.000001, 50.000003), bounds_text(40.0, 40.0 + 1e-12)
    (('65', '70'), ('50.000001', '50.000003'), '40')
    """
    if abs(high - low) <= BOUNDS_TOLERANCE * max(1.0, abs(low), abs(high)):
        return f"{(low + high) / 2:.6g}"
    for digits in range(6, 18):
        shown = f"{low:.{digits}g}", f"{high:.{digits}g}"
        if shown[0] != shown[1]:
            return shown
    return repr(low), repr(high)


def listing(items: Sequence[str], last: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c``.

    Examples
    --------
    >>> from negsim.zone.verdict import listing
    >>> listing(["a"]), listing(["a", "b"]), listing(["a", "b", "c"], last="or")
    ('a', 'a and b', 'a, b or c')
    """
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def conflict_text(keys: Sequence[str]) -> str:
    """``a with b``; ``a, b and c`` for larger conflicts.

    Examples
    --------
    >>> from negsim.zone.verdict import conflict_text
    >>> conflict_text(["alpha/keep-core", "beta/no-deal"])
    'alpha/keep-core with beta/no-deal'
    >>> conflict_text(["n/no-deal", "s/no-deal", "e/no-deal"])
    'n/no-deal, s/no-deal and e/no-deal'
    """
    return f"{keys[0]} with {keys[1]}" if len(keys) == 2 else listing(list(keys))


def outcomes_word(count: int, method: str) -> str:
    grid = "grid " if method in (GRID, MILP) else ""
    return f"{count:,} {grid}outcome{'s' * (count != 1)}"


def verb(count: int, singular: str, plural: str) -> str:
    """``singular`` for a count of one, else ``plural`` ("1 of 5 outcomes lies in it").

    Examples
    --------
    >>> from negsim.zone.verdict import verb
    >>> verb(1, "lies", "lie"), verb(4, "lies", "lie")
    ('lies', 'lie')
    """
    return singular if count == 1 else plural


# ---------------------------------------------------------------- sentences


def how_decided(analysis: Analysis) -> str:
    """``decided by enumerating all 25,920 outcomes`` and the like."""
    zone, margin = analysis.zopa, analysis.margin
    if margin.method == MILP:
        return "decided exactly by a mixed-integer program over the continuous issues"
    if margin.method == ENUMERATION:
        return "decided by " + describe_method(ENUMERATION, None, zone.n_outcomes)
    return "found on " + describe_method(GRID, zone.resolution, zone.n_outcomes)


def headline(analysis: Analysis) -> str:
    """The verdict in one or two sentences.

    Examples
    --------
    With a zone narrower than the grid (Alpha needs 65% of the water, Beta
    leaves it 68%):

    >>> import negsim
    >>> from negsim.scenario.examples import water_talks
    >>> s = water_talks(0.65, 0.32)
    >>> from negsim.zone.verdict import headline
    >>> print(headline(negsim.analyze(s, progress=False)))  # doctest: +NORMALIZE_WHITESPACE
    A zone of agreement exists (decided exactly by a mixed-integer program over the continuous
    issues), narrower than the grid: none of the 11 grid outcomes lies in it.
    """
    zone, margin = analysis.zopa, analysis.margin
    share = f"{zone.share:.2%}"
    if margin.method == ENUMERATION:
        if zone.exists:
            return (
                f"Zone of agreement: {zone.count:,} of {zone.n_outcomes:,} outcomes ({share}) "
                f"{verb(zone.count, 'is', 'are')} acceptable to every party "
                f"({how_decided(analysis)})."
            )
        return f"No zone of agreement ({how_decided(analysis)})."
    if margin.method == MILP:
        if not analysis.zone_exists:
            return f"No zone of agreement ({how_decided(analysis)})."
        if zone.exists:
            return (
                f"A zone of agreement exists ({how_decided(analysis)}); {zone.count:,} of the "
                f"{zone.n_outcomes:,} grid outcomes ({share}) "
                f"{verb(zone.count, 'lies', 'lie')} in it."
            )
        return (
            f"A zone of agreement exists ({how_decided(analysis)}), narrower than the grid: "
            f"none of the {zone.n_outcomes:,} grid outcomes lies in it."
        )
    if zone.exists:
        return (
            f"Zone of agreement: {zone.count:,} of {zone.n_outcomes:,} grid outcomes ({share}) "
            f"{verb(zone.count, 'is', 'are')} acceptable to every party "
            f"({how_decided(analysis)}; "
            f"{verb(zone.count, 'this outcome proves', 'these outcomes prove')} "
            "that a zone exists)."
        )
    return (
        f"No zone of agreement {how_decided(analysis)}. This is not a proof: a zone may lie "
        "between grid points."
    )


def bounds_line(analysis: Analysis) -> str | None:
    """The range of each continuous issue over the zone, when decided exactly.

    Examples
    --------
    >>> import negsim
    >>> from negsim.scenario.examples import water_talks
    >>> s = water_talks(0.65, 0.3)
    >>> from negsim.zone.verdict import bounds_line, margin_line
    >>> analysis = negsim.analyze(s, progress=False)
    >>> bounds_line(analysis)
    'Within the zone: share from 65 to 70 % to Alpha.'
    >>> print(margin_line(analysis))  # doctest: +NORMALIZE_WHITESPACE
    Margin 0.025: at the best deal (share=67.5) every party gains at least 0.025 over no deal.
    """
    if not analysis.bounds:
        return None
    issues = analysis.model.scenario.issues
    parts = []
    for name, (low, high) in analysis.bounds.items():
        unit = getattr(issues[name], "unit", "")
        unit = f" {unit}" if unit else ""
        # solver round-off may step just outside the range (or print as -0)
        floor, ceiling = analysis.model.range_of(name)
        low, high = (min(max(v, floor), ceiling) + 0.0 for v in (low, high))
        shown = bounds_text(low, high)
        if isinstance(shown, str):
            parts.append(f"{name} exactly {shown}{unit}")
        else:
            parts.append(f"{name} from {shown[0]} to {shown[1]}{unit}")
    return f"Within the zone: {listing(parts)}."


def margin_line(analysis: Analysis) -> str | None:
    """The margin and what it means; ``None`` when it is undefined.

    Examples
    --------
    >>> import negsim
    >>> from negsim.scenario.examples import three_hosts
    >>> s = three_hosts()
    >>> from negsim.zone.verdict import how_decided, margin_line
    >>> analysis = negsim.analyze(s, progress=False)
    >>> how_decided(analysis)
    'decided by enumerating all 3 outcomes'
    >>> print(margin_line(analysis))  # doctest: +NORMALIZE_WHITESPACE
    Margin -0.4: even the closest outcome that respects every red line (host=north)
    leaves some party 0.4 short of its no-deal value.
    """
    margin = analysis.margin
    if margin.value is None:
        return None
    bound = " (on the grid: the true margin is at least this)" if not margin.exact else ""
    where = f" ({_deal_text(analysis)})" if margin.outcome is not None else ""
    if margin.value >= 0:
        return (
            f"Margin {number(margin.value)}{bound}: at the best deal{where} every party gains "
            f"at least {number(margin.value)} over no deal."
        )
    return (
        f"Margin {number(margin.value)}{bound}: even the closest outcome that respects every red "
        f"line{where} leaves some party {number(-margin.value)} short of its no-deal value."
    )


def _deal_text(analysis: Analysis) -> str:
    """The margin's outcome; a continuous value inside the zone is printed inside its bounds."""
    outcome = dict(analysis.margin.outcome or {})
    for name, (low, high) in (analysis.bounds or {}).items():
        value = outcome.get(name)
        if isinstance(value, float) and low <= value <= high:
            outcome[name] = digits_within(value, low, high)
    return outcome_text(outcome)


def pairwise_line(analysis: Analysis) -> str | None:
    """Pairwise zones, when there are three or more parties.

    Examples
    --------
    Three parties choose a host in a cycle of preferences:

    >>> import negsim
    >>> from negsim.scenario.examples import three_hosts
    >>> s = three_hosts()
    >>> from negsim.zone.verdict import pairwise_line
    >>> print(pairwise_line(negsim.analyze(s, progress=False)))  # doctest: +NORMALIZE_WHITESPACE
    Pairwise zones: n and s 1 outcome; n and e 1 outcome; s and e 1 outcome.
    Every pair has common ground; the deadlock needs all 3.
    """
    pairs = analysis.pairwise.pairs()
    if len(analysis.parties) < 3:
        return None
    method = analysis.pairwise.method
    text = "Pairwise zones: " + "; ".join(
        f"{a} and {b} {outcomes_word(n, method) if n else 'none'}" for a, b, n in pairs
    )
    if not analysis.zone_exists and all(n for _, _, n in pairs):
        text += f". Every pair has common ground; the deadlock needs all {len(analysis.parties)}."
    else:
        text += "."
    return text


def _zone(count: int, method: str, *, up_to: bool) -> str:
    if method == MILP and count == 0:
        return "a zone narrower than the grid"
    return f"a zone of {'up to ' if up_to else ''}{outcomes_word(count, method)}"


def falls_text(falls: Sequence[NoDealFall]) -> str:
    """How far each party's no-deal value would have to fall, in words.

    Examples
    --------
    >>> from negsim.zone.results import NoDealFall
    >>> from negsim.zone.verdict import falls_text
    >>> falls_text([NoDealFall("ukraine/no-deal", "ukraine", 0.4, 0.05)])
    'ukraine accepts 0.05 less than its no-deal value (0.35 instead of 0.4)'
    >>> falls = [NoDealFall("a/no-deal", "a", 0.5, 0.1), NoDealFall("b/no-deal", "b", 1, 0.25)]
    >>> print(falls_text(falls))  # doctest: +NORMALIZE_WHITESPACE
    a accepts 0.1 less than its no-deal value (0.4 instead of 0.5) and b 0.25 less
      (0.75 instead of 1)
    """
    parts = [
        f"{f.party} {'accepts ' if i == 0 else ''}{number(f.fall)} less"
        f"{' than its no-deal value' if i == 0 else ''} ({number(f.to)} instead of "
        f"{number(f.no_deal)})"
        for i, f in enumerate(falls)
    ]
    return listing(parts)


def correction_text(correction: Correction, method: str) -> str:
    """What a correction changes and the zone it opens; a dropped no-deal demand reads as
    how far that party's no-deal value would have to fall.

    Examples
    --------
    If Beta needs 0.7:

    >>> import negsim
    >>> from negsim.scenario.examples import border_talks
    >>> from negsim.zone import diagnose
    >>> from negsim.zone.verdict import correction_text
    >>> d = diagnose(negsim.compile_scenario(border_talks().with_({"parties.beta.no_deal": 0.7})))
    >>> for correction in d.corrections:
    ...     print(correction_text(correction, d.method))  # doctest: +NORMALIZE_WHITESPACE
    dropping alpha/keep-core opens a zone of 1 outcome
    a zone of up to 4 outcomes opens if beta accepts 0.02 less than its no-deal value
      (0.68 instead of 0.7)
    """
    zone = _zone(correction.opens, method, up_to=bool(correction.falls) and correction.opens > 1)
    red_lines = correction.red_lines
    if not correction.falls:
        return f"dropping {listing(list(red_lines))} opens {zone}"
    condition = f"if {falls_text(correction.falls)}"
    if not red_lines:
        return f"{zone} opens {condition}"
    return f"dropping {listing(list(red_lines))} opens {zone} {condition}"


def deal_text(deal: Deal) -> str:
    """A deal's outcome and each party's utility; a program's witness says so.

    Examples
    --------
    >>> import negsim
    >>> from negsim.scenario.examples import border_talks
    >>> from negsim.zone.openings import deal_at
    >>> from negsim.zone.verdict import deal_text
    >>> model = negsim.compile_scenario(border_talks())
    >>> deal_text(deal_at(model, model.decode(3), 3, [0, 1]))
    'land=some, guarantee=true (utility: alpha 0.7, beta 0.48)'
    """
    utility = ", ".join(f"{p} {number(u)}" for p, u in deal.utility.items())
    found = "; the program's witness" if deal.witness else ""
    return f"{outcome_text(deal.outcome)} (utility: {utility}{found})"


def concession_line(concession: Concession) -> str:
    """The least concession in one sentence: the red lines it breaks, if any, and who falls short.

    Examples
    --------
    >>> import negsim
    >>> from negsim.scenario.examples import border_talks
    >>> from negsim.zone import diagnose
    >>> from negsim.zone.verdict import concession_line
    >>> d = diagnose(negsim.compile_scenario(border_talks().with_({"parties.beta.no_deal": 0.7})))
    >>> print(concession_line(d.least_concession))  # doctest: +NORMALIZE_WHITESPACE
    Least concession: land=some, guarantee=false respects every red line and leaves beta 0.02 short
    of the no-deal value (total 0.02).
    """
    short = [f"{p} {number(s)}" for p, s in concession.shortfall.items() if s > 0]
    where = f"Least concession: {outcome_text(concession.outcome)}"
    if concession.broken:
        where += f" breaks {listing(list(concession.broken))} (no outcome breaks fewer red lines)"
    else:
        where += " respects every red line"
    if not short:
        return f"{where} and leaves every party at least its no-deal value."
    return (
        f"{where} and leaves {listing(short)} short of the no-deal value "
        f"(total {number(concession.total)})."
    )


def _corrections_lines(diagnosis: Diagnosis, deals: int) -> list[str]:
    corrections = diagnosis.corrections
    if not corrections:
        return []
    best = "the best deal" if deals == 1 else "the best deals"
    lines = [f"Smallest changes that open a zone, with {best} each opens:"]
    for i, correction in enumerate(corrections[:MAX_LISTED], 1):
        lines.append(f"  ({i}) {correction_text(correction, diagnosis.method)}.")
        if i <= MAX_CORRECTIONS_WITH_DEALS:
            lines += [f"      - {deal_text(d)}" for d in correction.deals[:deals]]
    hidden = len(corrections) - MAX_LISTED
    if hidden > 0:
        lines.append(f"  And {hidden:,} more ways.")
    return lines


def diagnosis_lines(
    diagnosis: Diagnosis, *, said: str | None = None, deals: int = MAX_DEALS_LISTED
) -> list[str]:
    """Conflicts, corrections with their deals, and the least concession of an empty zone.

    ``said`` is a note already given (the margin's), not repeated; ``deals``
    is the most deals shown under each correction. A correction
    that drops a no-deal demand says how far that party's no-deal value would
    have to fall; its deals are ranked by that fall, then by the Nash product of
    the gains of the parties whose no-deal value stands (see
    :class:`~negsim.zone.results.Correction`).

    Examples
    --------
    >>> import negsim
    >>> from negsim.scenario.examples import three_hosts
    >>> s = three_hosts()
    >>> from negsim.zone.verdict import diagnosis_lines
    >>> for line in diagnosis_lines(negsim.analyze(s, progress=False).diagnosis)[:4]:
    ...     print(line)  # doctest: +NORMALIZE_WHITESPACE
    Conflict: n/no-deal, s/no-deal and e/no-deal.
    Smallest changes that open a zone, with the best deals each opens:
      (1) a zone of 1 outcome opens if n accepts 0.4 less than its no-deal value
          (0 instead of 0.4).
          - host=east (utility: n 0, s 0.5, e 1)
    """
    lines: list[str] = []
    conflicts = diagnosis.conflicts
    more = " (and more not listed)" if diagnosis.conflicts_truncated else ""
    if len(conflicts) == 1 and not diagnosis.conflicts_truncated:
        lines.append(f"Conflict: {conflict_text(conflicts[0].keys)}.")
    elif conflicts:
        shown = "; ".join(
            f"({i}) {conflict_text(c.keys)}" for i, c in enumerate(conflicts[:MAX_LISTED], 1)
        )
        hidden = len(conflicts) - MAX_LISTED
        extra = f"; and {hidden:,} more" if hidden > 0 else ""
        lines.append(f"Conflicts ({len(conflicts):,}{more}): {shown}{extra}.")
    lines += _corrections_lines(diagnosis, deals)
    concession = diagnosis.least_concession
    if diagnosis.red_lines_conflict:
        lines.append("The red lines alone conflict: no outcome respects all of them.")
    if concession is not None:
        lines.append(concession_line(concession))
    keys = {k for c in conflicts for k in c.keys}
    if any(k.endswith("/" + NO_DEAL) for k in keys):
        lines.append(
            "(party/no-deal stands for the party's demand to do at least as well as without "
            "a deal.)"
        )
    note = diagnosis.note
    if note and said and note.startswith(said):
        note = note[len(said) :].lstrip("; ")
    if note:
        lines.append(f"Note: {note}.")
    return lines


def proposal_line(check: ProposalCheck) -> str:
    """``name: accepted by a; rejected by b (breaks b/x; 0.05 short of its no-deal value)``.

    Examples
    --------
    >>> import negsim
    >>> from negsim.scenario.examples import border_talks
    >>> s = border_talks(proposals=True)
    >>> from negsim.zone import check_proposals
    >>> from negsim.zone.verdict import proposal_line
    >>> for check in check_proposals(negsim.compile_scenario(s)):
    ...     print(proposal_line(check))  # doctest: +NORMALIZE_WHITESPACE
    half: accepted by every party.
    all: accepted by beta; rejected by alpha (breaks alpha/keep-core; 0.25 short of its
      no-deal value).
    """
    accepted = [v.party for v in check.verdicts if v.accepted]
    if check.accepted_by_all:
        return f"{check.name}: accepted by every party."
    reasons = []
    for v in check.verdicts:
        if v.accepted:
            continue
        why = []
        if v.broken:
            why.append(f"breaks {listing(list(v.broken))}")
        if v.shortfall > 0:
            why.append(f"{number(v.shortfall)} short of its no-deal value")
        reasons.append(f"{v.party} ({'; '.join(why)})")
    text = f"{check.name}: "
    if accepted:
        text += f"accepted by {listing(accepted)}; "
    return text + f"rejected by {listing(reasons)}."


def render(analysis: Analysis) -> str:
    """The whole verdict, one statement per line; one deal per correction, to fit a screen.

    Examples
    --------
    >>> import negsim
    >>> from negsim.zone import render
    >>> from negsim.scenario.examples import three_hosts
    >>> s = three_hosts()
    >>> print(render(negsim.analyze(s, progress=False)))  # doctest: +NORMALIZE_WHITESPACE
    No zone of agreement (decided by enumerating all 3 outcomes).
    Margin -0.4: even the closest outcome that respects every red line (host=north)
      leaves some party 0.4 short of its no-deal value.
    Pairwise zones: n and s 1 outcome; n and e 1 outcome; s and e 1 outcome.
      Every pair has common ground; the deadlock needs all 3.
    Conflict: n/no-deal, s/no-deal and e/no-deal.
    Smallest changes that open a zone, with the best deal each opens:
      (1) a zone of 1 outcome opens if n accepts 0.4 less than its no-deal value
          (0 instead of 0.4).
          - host=east (utility: n 0, s 0.5, e 1)
      (2) a zone of 1 outcome opens if s accepts 0.4 less than its no-deal value
          (0 instead of 0.4).
          - host=north (utility: n 1, s 0, e 0.5)
      (3) a zone of 1 outcome opens if e accepts 0.4 less than its no-deal value
          (0 instead of 0.4).
          - host=south (utility: n 0.5, s 1, e 0)
    Least concession: host=north respects every red line and leaves s 0.4 short
      of the no-deal value (total 0.4).
    (party/no-deal stands for the party's demand to do at least as well as without a deal.)
    """
    lines = [headline(analysis)]
    for line in (bounds_line(analysis), margin_line(analysis), pairwise_line(analysis)):
        if line:
            lines.append(line)
    if analysis.margin.note:
        lines.append(f"Note: {analysis.margin.note}.")
    if analysis.diagnosis is not None:
        lines.extend(diagnosis_lines(analysis.diagnosis, said=analysis.margin.note, deals=1))
    elif not analysis.zone_exists and analysis.margin.value is None:
        lines.append("The red lines alone conflict: no outcome respects all of them.")
    if analysis.proposals:
        lines.append("Proposals:")
        lines.extend(f"  - {proposal_line(check)}" for check in analysis.proposals)
    return "\n".join(lines) + "\n"
