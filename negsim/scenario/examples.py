"""Small scenarios the documentation's examples use.

Each function loads one scenario from the YAML text in the module constant of
the same name in capitals (:data:`WATER_TALKS`, ...), so an example can say
``s = water_talks()`` instead of repeating the YAML; each docstring says what
makes the scenario useful.
"""

from __future__ import annotations

from collections.abc import Sequence

from negsim.scenario.format import Scenario
from negsim.scenario.loading import load

__all__ = [
    "BORDER_TALKS",
    "ISSUES_ONLY",
    "RIVER_TALKS",
    "THREE_HOSTS",
    "WATER_TALKS",
    "border_talks",
    "issues_only",
    "river_talks",
    "three_hosts",
    "water_talks",
]

WATER_TALKS = """\
negsim: 1
name: Water talks
issues:
  share: {kind: continuous, range: [0, 100], unit: "% to Alpha", grid: GRID}
parties:
  alpha: {no_deal: ALPHA_NO_DEAL, utility: {share: {weight: 1, points: [[0, 0], [100, 1]]}}}
  beta: {no_deal: BETA_NO_DEAL, utility: {share: {weight: 1, points: [[0, 1], [100, 0]]}}}
"""
"""The YAML of :func:`water_talks`; GRID, ALPHA_NO_DEAL and BETA_NO_DEAL are filled in."""

BORDER_TALKS = """\
negsim: 1
name: Border talks
issues:
  land: {kind: ordinal, options: [none, some, all]}
  guarantee: {kind: boolean}
parties:
  alpha:
    utility:
      land: {weight: 0.6, values: {none: 1, some: 0.5, all: 0}}
      guarantee: {weight: 0.4, values: {true: 1, false: 0}}
    no_deal: 0.25
    red_lines: [{id: keep-core, rule: land <= some, says: Not all., source: example}]
  beta:
    utility:
      land: {weight: 0.8, values: {none: 0, some: 0.6, all: 1}}
      guarantee: {weight: 0.2, values: {true: 0, false: 1}}
    no_deal: 0.4
"""
"""The YAML of :func:`border_talks`, without its proposals."""

THREE_HOSTS = """\
negsim: 1
name: Three hosts
issues:
  host: {kind: categorical, options: [north, south, east]}
parties:
  n: {no_deal: 0.4, utility: {host: {weight: 1, values: {north: 1, south: 0.5, east: 0}}}}
  s: {no_deal: 0.4, utility: {host: {weight: 1, values: {north: 0, south: 1, east: 0.5}}}}
  e: {no_deal: 0.4, utility: {host: {weight: 1, values: {north: 0.5, south: 0, east: 1}}}}
"""
"""The YAML of :func:`three_hosts`."""

RIVER_TALKS = """\
negsim: 1
name: River talks
issues:
  share: {kind: continuous, range: [0, 100], unit: "% to Alpha", grid: 5}
parties:
  alpha:
    utility: {share: {weight: 1, points: [[0, 0], [100, 1]]}}
    no_deal: 0.3
  beta:
    utility: {share: {weight: 1, points: [[0, 1], [100, 0]]}}
    no_deal:
      war:
        cost: 0.1
        lottery:
          - {p: 0.4, outcome: {share: 0}, says: Beta takes the river}
          - {p: 0.6, outcome: {share: 100}, says: Alpha takes the river}
"""
"""The YAML of :func:`river_talks`."""

ISSUES_ONLY = """\
negsim: 1
name: Issues only
issues:
  districts: {kind: subset, items: [north, south, east]}
  guarantee: {kind: boolean}
  water: {kind: continuous, range: [0, 100], unit: "% to Alpha", grid: 5}
parties:
  alpha: {no_deal: 0, utility: {guarantee: {weight: 1, values: {true: 1, false: 0}}}}
"""
"""The YAML of :func:`issues_only`."""

_ULTIMATUM = """\
games:
  ultimatum:
    kind: sequential
    root:
      player: alpha
      moves:
        offer_half:
          player: beta
          moves: {accept: {outcome: {share: 50}}, refuse: {outcome: no_deal}}
        offer_third:
          player: beta
          moves: {accept: {outcome: {share: 65}}, refuse: {outcome: no_deal}}
"""


def water_talks(
    alpha_no_deal: float = 0.3,
    beta_no_deal: float = 0.4,
    grid: int = 11,
    *,
    ultimatum: bool = False,
) -> Scenario:
    """Two parties split one continuous issue, the share of water to Alpha.

    Alpha's utility is ``t / 100`` and Beta's ``1 - t / 100``, so the zone is
    ``t`` in ``[100 * alpha_no_deal, 100 * (1 - beta_no_deal)]``: with the
    defaults, ``t`` in ``[30, 60]``. With ``alpha_no_deal=0.65`` and
    ``beta_no_deal=0.3`` the zone is the narrow ``[65, 70]``, which holds no
    grid point strictly inside it. ``grid`` sets how many points of the range
    are enumerated. With ``ultimatum=True`` the
    scenario also has a sequential game ``ultimatum``: Alpha offers Beta half
    (``share: 50``) or a third (``share: 65``), and Beta accepts or refuses.

    Examples
    --------
    >>> s = water_talks()
    >>> s.name, list(s.parties)
    ('Water talks', ['alpha', 'beta'])
    """
    text = (
        WATER_TALKS.replace("GRID", str(grid))
        .replace("ALPHA_NO_DEAL", repr(alpha_no_deal))
        .replace("BETA_NO_DEAL", repr(beta_no_deal))
    )
    if ultimatum:
        text += _ULTIMATUM
    return load(text)


_BORDER_PROPOSALS = {
    "half": "{says: Some land and a guarantee., outcome: {land: some, guarantee: true}}",
    "all": "{says: All the land., outcome: {land: all, guarantee: false}}",
}


def border_talks(*, proposals: bool | Sequence[str] = False) -> Scenario:
    """Two parties trade an ordinal issue against a boolean one, and Alpha has a red line.

    Of the six outcomes, the two with ``land: some`` are in the zone:
    ``land: all`` breaks Alpha's red line ``keep-core``, and ``land: none``
    leaves Beta below its no-deal value. With ``proposals=True`` the scenario
    also has two proposals: ``half`` (some land and a guarantee, in the zone)
    and ``all`` (all the land, which breaks the red line); a list of names
    keeps only those.

    Examples
    --------
    >>> s = border_talks()
    >>> s.name, list(s.parties)
    ('Border talks', ['alpha', 'beta'])
    >>> list(border_talks(proposals=True).proposals)
    ['half', 'all']
    >>> list(border_talks(proposals=["all"]).proposals)
    ['all']
    """
    names = list(_BORDER_PROPOSALS) if proposals is True else list(proposals or ())
    text = BORDER_TALKS
    if names:
        text += "proposals:\n" + "".join(f"  {n}: {_BORDER_PROPOSALS[n]}\n" for n in names)
    return load(text)


def three_hosts() -> Scenario:
    """Three parties choose one host among three, each ranking the hosts in a cycle.

    Every host gives one party 0, below its no-deal value of 0.4, so there is
    no zone among all three; each pair of parties, though, has exactly one host
    both prefer to no deal (``n`` and ``s``: south; ``n`` and ``e``: north;
    ``s`` and ``e``: east).

    Examples
    --------
    >>> s = three_hosts()
    >>> s.name, list(s.parties)
    ('Three hosts', ['n', 's', 'e'])
    """
    return load(THREE_HOSTS)


def river_talks() -> Scenario:
    """Water talks where Beta's no-deal is a war: a lottery over the outcome, at a cost.

    Beta's no-deal value is derived, not given: ``0.4 * 1 + 0.6 * 0 - 0.1 =
    0.3``, so the zone is ``t`` in ``[30, 70]``.

    Examples
    --------
    >>> s = river_talks()
    >>> s.name, list(s.parties)
    ('River talks', ['alpha', 'beta'])
    """
    return load(RIVER_TALKS)


def issues_only() -> Scenario:
    """One issue of each shape a party can care about, and one party.

    A subset, a boolean and a continuous issue side by side, for examples about
    issues, outcomes and counting: the outcome space has ``8 * 2 * 5 = 80``
    points on the grid.

    Examples
    --------
    >>> s = issues_only()
    >>> s.name, len(s.issues)
    ('Issues only', 3)
    """
    return load(ISSUES_ONLY)
