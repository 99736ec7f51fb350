"""Parameters of a scenario named by dotted path, and what a change to each one touches.

A parameter is a number of the scenario file reached by the dotted path of
:meth:`negsim.Scenario.with_`. Each path is classified by what a new value
changes in the compiled model, so a batch of variants recomputes only that:

============================  ===============================================
kind                          path (``P`` a party, ``I`` an issue)
============================  ===============================================
``no_deal``                   ``parties.P.no_deal`` (a number)
``war_cost``                  ``parties.P.no_deal.war.cost``
``lottery_p``                 ``parties.P.no_deal.war.lottery.<i>.p``
``lottery_utility``           ``parties.P.no_deal.war.lottery.<i>.utility``
``weight``                    ``parties.P.utility.I.weight``
``level_value``               ``parties.P.utility.I.values.<level or item>``
``point_value``               ``parties.P.utility.I.points.<j>.1``
``structure``                 anything else (rules, options, grids, ...)
============================  ===============================================

The first four change only the no-deal values; the next three change one
party's value table of one issue (and its no-deal value when its war lottery
ends in outcomes). ``structure`` paths are applied with ``with_`` and the
scenario is compiled again.

A war lottery's probabilities must add up to one, so varying the probability
of some branches rescales the *other* branches of the same lottery in
proportion to their current values (with two branches, the other one gets
``1 - p``). :func:`complete_lotteries` applies the same rule everywhere.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from negsim.common.serialize import to_python
from negsim.errors import NegsimError, ScenarioError
from negsim.scenario.format import Scenario, WarNoDeal
from negsim.scenario.paths import get_path

__all__ = [
    "KINDS",
    "NO_DEAL_KINDS",
    "Parameter",
    "UTILITY_KINDS",
    "check_values",
    "classify",
    "classify_all",
    "complete_lotteries",
    "complete_lottery",
    "numeric_paths",
    "variant_changes",
]

NO_DEAL_KINDS = ("no_deal", "war_cost", "lottery_p", "lottery_utility")
UTILITY_KINDS = ("weight", "level_value", "point_value")
KINDS = (*NO_DEAL_KINDS, *UTILITY_KINDS, "structure")

_PROBABILITY_SLACK = 1e-9


@dataclass(frozen=True)
class Parameter:
    """One varied number of a scenario and what it touches.

    Attributes
    ----------
    path
        The dotted path, as given.
    kind
        One of :data:`KINDS`.
    party, issue, level, index
        Where it sits: the party, the issue of a utility term, the level
        (option, item, ``true``/``false``) of a value, and the position of a
        lottery branch or of a point of a piecewise-linear value function.
    base
        Its value in the scenario (``None`` for ``structure`` paths that do
        not hold a number).

    Examples
    --------
    >>> from negsim.scenario.examples import river_talks
    >>> s = river_talks()
    >>> from negsim.explore import classify
    >>> p = classify(s, "parties.beta.no_deal.war.cost")
    >>> p.kind, p.party, p.base, p.fast, p.bounds
    ('war_cost', 'beta', 0.1, True, (0.0, inf))
    """

    path: str
    kind: str
    party: str | None = None
    issue: str | None = None
    level: str | None = None
    index: int | None = None
    base: Any = None

    @property
    def fast(self) -> bool:
        """True when a new value is applied to the compiled arrays without recompiling."""
        return self.kind != "structure"

    @property
    def bounds(self) -> tuple[float, float]:
        """The values the scenario schema allows for this number."""
        if self.kind == "lottery_p":
            return 0.0, 1.0
        if self.kind in ("weight", "war_cost"):
            return 0.0, math.inf
        return -math.inf, math.inf

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "kind": self.kind,
            "party": self.party,
            "issue": self.issue,
            "level": self.level,
            "index": self.index,
            "base": self.base if _jsonable(self.base) else repr(self.base),
        }


def _jsonable(value: object) -> bool:
    return (
        value is None
        or isinstance(value, bool | int | str)
        or (isinstance(value, float) and math.isfinite(value))
    )


def _number(value: object) -> bool:
    return not isinstance(value, bool) and isinstance(value, int | float)


def _position(items: Sequence[object], part: str) -> int | None:
    if part.isdigit() and int(part) < len(items):
        return int(part)
    return None


def classify(scenario: Scenario, path: str, data: Mapping[str, Any] | None = None) -> Parameter:
    """Classify the dotted ``path`` of ``scenario`` (see the module docstring).

    Examples
    --------
    >>> from negsim.scenario.examples import river_talks
    >>> s = river_talks()
    >>> from negsim.explore import classify
    >>> classify(s, "parties.beta.no_deal.war.lottery.0.p")  # doctest: +NORMALIZE_WHITESPACE
    Parameter(path='parties.beta.no_deal.war.lottery.0.p', kind='lottery_p', party='beta',
              issue=None, level=None, index=0, base=0.4)
    >>> classify(s, "parties.alpha.utility.share.weight").kind
    'weight'
    >>> param = classify(s, "issues.share.grid")
    >>> param.kind, param.fast, param.base
    ('structure', False, 5)
    """
    data = scenario.to_data() if data is None else data
    try:
        base = get_path(data, path)
    except LookupError:
        base = None
    parts = path.split(".")
    structure = Parameter(path, "structure", base=base)
    if len(parts) < 3 or parts[0] != "parties" or parts[1] not in scenario.parties:
        return structure
    pid, rest = parts[1], parts[2:]
    party = scenario.parties[pid]
    if rest == ["no_deal"]:
        return Parameter(path, "no_deal", pid, base=party.no_deal if _number(base) else None)
    if not _number(base):
        return structure
    if rest[:2] == ["no_deal", "war"] and isinstance(party.no_deal, WarNoDeal):
        war = party.no_deal.war
        if rest[2:] == ["cost"]:
            return Parameter(path, "war_cost", pid, base=base)
        if len(rest) == 5 and rest[2] == "lottery":
            j = _position(war.lottery, rest[3])
            if j is not None and rest[4] == "p":
                return Parameter(path, "lottery_p", pid, index=j, base=base)
            if j is not None and rest[4] == "utility" and war.lottery[j].utility is not None:
                return Parameter(path, "lottery_utility", pid, index=j, base=base)
        return structure
    if rest[0] == "utility" and len(rest) >= 3 and rest[1] in party.utility:
        iid, spec, tail = rest[1], party.utility[rest[1]], rest[2:]
        if tail == ["weight"]:
            return Parameter(path, "weight", pid, iid, base=base)
        if len(tail) == 2 and tail[0] == "values" and spec.values and tail[1] in spec.values:
            return Parameter(path, "level_value", pid, iid, level=tail[1], base=base)
        if len(tail) == 3 and tail[0] == "points" and spec.points is not None and tail[2] == "1":
            j = _position(spec.points, tail[1])
            if j is not None:
                return Parameter(path, "point_value", pid, iid, index=j, base=base)
    return structure


def classify_all(scenario: Scenario, paths: Sequence[str]) -> tuple[Parameter, ...]:
    """Classify every path, refusing combinations that contradict each other.

    Examples
    --------
    >>> import negsim
    >>> from negsim.scenario.examples import river_talks
    >>> s = river_talks()
    >>> from negsim.explore import classify_all
    >>> paths = ["parties.alpha.no_deal", "parties.beta.no_deal.war.cost"]
    >>> [p.kind for p in classify_all(s, paths)]
    ['no_deal', 'war_cost']
    >>> classify_all(s, ["parties.alpha.no_deal", "parties.alpha.no_deal"])
    Traceback (most recent call last):
    ...
    negsim.errors.NegsimError: a parameter path is given twice
    """
    if len(set(paths)) != len(paths):
        raise NegsimError("a parameter path is given twice")
    data = scenario.to_data()
    params = tuple(classify(scenario, path, data) for path in paths)
    by_party: dict[str, set[str]] = {}
    for param in params:
        if param.party is not None:
            by_party.setdefault(param.party, set()).add(param.kind)
    for pid, kinds in by_party.items():
        if "no_deal" in kinds and kinds & {"war_cost", "lottery_p", "lottery_utility"}:
            raise NegsimError(
                f"parties.{pid}.no_deal is varied as a number and as a war lottery at once; "
                "vary one or the other"
            )
        if "no_deal" in kinds and isinstance(scenario.parties[pid].no_deal, WarNoDeal):
            below = f"parties.{pid}.no_deal."
            declared = [path for path in scenario.uncertainty if path.startswith(below)]
            if declared:
                raise ScenarioError(
                    f"parties.{pid}.no_deal cannot become a number while the uncertainty "
                    f"section varies {declared[0]}",
                    file="<variant>",
                    field=f"parties.{pid}.no_deal",
                )
    return params


# ---------------------------------------------------------------- values


def check_values(param: Parameter, values: np.ndarray) -> None:
    """Raise :class:`ScenarioError` naming the first value the schema would refuse.

    Examples
    --------
    >>> import numpy as np
    >>> from negsim.explore.parameters import Parameter, check_values
    >>> weight = Parameter("parties.alpha.utility.share.weight", "weight", party="alpha")
    >>> check_values(weight, np.array([0.5, 2.0]))
    >>> check_values(weight, np.array([0.5, -1.0]))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    negsim.errors.ScenarioError: ...: value -1 is not allowed here; it must be in [0, inf]
    """
    if not param.fast:
        return
    bad = ~np.isfinite(values)
    low, high = param.bounds
    bad |= (values < low) | (values > high)
    if bad.any():
        value = values[np.argmax(bad)]
        allowed = f"in [{low:g}, {high:g}]" if math.isfinite(low) else "a finite number"
        raise ScenarioError(
            f"value {value:g} is not allowed here; it must be {allowed}",
            file="<variant>",
            field=param.path,
        )


def complete_lottery(base: np.ndarray, varied: Mapping[int, np.ndarray], path: str) -> np.ndarray:
    """Probabilities of every branch when those in ``varied`` take new values.

    The other branches are rescaled in proportion to ``base`` so that each row
    adds up to one.

    Parameters
    ----------
    base
        The lottery's probabilities in the scenario, shape ``(n_branches,)``.
    varied
        Branch index -> new probabilities, each of shape ``(n_variants,)``.
    path
        The lottery's path, for error messages.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_variants, n_branches)``.

    Examples
    --------
    The branch of probability 0.2 becomes 0.6 (or 0); the other two share the
    rest in the proportion 3 : 5 they had:

    >>> import numpy as np
    >>> from negsim.explore.parameters import complete_lottery
    >>> probs = complete_lottery(np.array([0.2, 0.3, 0.5]), {0: np.array([0.6, 0.0])}, "lottery")
    >>> probs.round(4).tolist()
    [[0.6, 0.15, 0.25], [0.0, 0.375, 0.625]]
    """
    n = len(next(iter(varied.values())))
    out = np.empty((n, len(base)))
    given = np.zeros(n)
    for j in sorted(varied):
        out[:, j] = varied[j]
        given = given + varied[j]
    rest = [j for j in range(len(base)) if j not in varied]
    rest_total = math.fsum(base[j] for j in rest)
    too_much = given > 1 + _PROBABILITY_SLACK
    if rest_total == 0:
        too_much |= given < 1 - _PROBABILITY_SLACK
    if too_much.any():
        total = given[np.argmax(too_much)]
        raise ScenarioError(
            f"the varied probabilities add up to {total:g}; with the other branches "
            f"{'at zero' if rest_total == 0 else 'rescaled'} the lottery cannot add up to 1",
            file="<variant>",
            field=path,
        )
    if rest:
        scale = np.maximum(1.0 - given, 0.0) / rest_total if rest_total > 0 else np.zeros(n)
        for j in rest:
            out[:, j] = base[j] * scale
    return out


def complete_lotteries(
    scenario: Scenario, params: Sequence[Parameter], values: np.ndarray
) -> dict[str, np.ndarray]:
    """New probabilities of the branches not varied directly, by dotted path.

    ``values`` has one column per parameter and one row per variant.

    Examples
    --------
    Beta's first branch takes 0.25 or 1; the second gets what is left:

    >>> from negsim.scenario.examples import river_talks
    >>> s = river_talks()
    >>> import numpy as np
    >>> from negsim.explore import classify_all
    >>> from negsim.explore.parameters import complete_lotteries
    >>> params = classify_all(s, ["parties.beta.no_deal.war.lottery.0.p", "parties.alpha.no_deal"])
    >>> filled = complete_lotteries(s, params, np.array([[0.25, 0.3], [1.0, 0.3]]))
    >>> {path: values.tolist() for path, values in filled.items()}
    {'parties.beta.no_deal.war.lottery.1.p': [0.75, 0.0]}
    """
    out: dict[str, np.ndarray] = {}
    lottery_ps = [(k, p.party, p.index) for k, p in enumerate(params) if p.kind == "lottery_p"]
    parties = {pid for _, pid, _ in lottery_ps if pid is not None}
    for pid in sorted(parties, key=list(scenario.parties).index):
        no_deal = scenario.parties[pid].no_deal
        if not isinstance(no_deal, WarNoDeal):
            raise NegsimError(f"parties.{pid}.no_deal is not a war lottery")
        base = np.array([branch.p for branch in no_deal.war.lottery])
        varied = {j: values[:, k] for k, party, j in lottery_ps if party == pid and j is not None}
        probs = complete_lottery(base, varied, f"parties.{pid}.no_deal.war.lottery")
        for j in range(len(base)):
            if j not in varied:
                out[f"parties.{pid}.no_deal.war.lottery.{j}.p"] = probs[:, j]
    return out


def variant_changes(
    scenario: Scenario, params: Sequence[Parameter], row: Sequence[Any]
) -> dict[str, Any]:
    """The ``with_`` changes of one variant, lottery completion included.

    Examples
    --------
    Setting one of two branches to 0.25 sets the other to 0.75:

    >>> from negsim.scenario.examples import river_talks
    >>> s = river_talks()
    >>> from negsim.explore import classify_all
    >>> from negsim.explore.parameters import variant_changes
    >>> params = classify_all(s, ["parties.beta.no_deal.war.lottery.0.p"])
    >>> variant_changes(s, params, [0.25])  # doctest: +NORMALIZE_WHITESPACE
    {'parties.beta.no_deal.war.lottery.0.p': 0.25,
     'parties.beta.no_deal.war.lottery.1.p': 0.75}
    """
    changes = {p.path: to_python(v) for p, v in zip(params, row, strict=True)}
    if any(p.kind == "lottery_p" for p in params):
        values = np.array([[float(v) if p.fast else 0.0 for p, v in zip(params, row, strict=True)]])
        for path, probs in complete_lotteries(scenario, params, values).items():
            changes[path] = float(probs[0])
    return changes


def numeric_paths(scenario: Scenario) -> list[str]:
    """Every number of ``scenario`` a batch varies without recompiling, as dotted paths.

    No-deal values, war costs, lottery probabilities and utilities, utility
    weights, values of levels and values of piecewise-linear points, in file
    order.

    Examples
    --------
    >>> from negsim.scenario.examples import river_talks
    >>> s = river_talks()
    >>> from negsim.explore import numeric_paths
    >>> numeric_paths(s)  # doctest: +NORMALIZE_WHITESPACE
    ['parties.alpha.no_deal', 'parties.alpha.utility.share.weight',
     'parties.alpha.utility.share.points.0.1', 'parties.alpha.utility.share.points.1.1',
     'parties.beta.no_deal.war.cost', 'parties.beta.no_deal.war.lottery.0.p',
     'parties.beta.no_deal.war.lottery.1.p', 'parties.beta.utility.share.weight',
     'parties.beta.utility.share.points.0.1', 'parties.beta.utility.share.points.1.1']
    """
    out: list[str] = []
    for pid, party in scenario.parties.items():
        base = f"parties.{pid}"
        if isinstance(party.no_deal, WarNoDeal):
            war = party.no_deal.war
            out.append(f"{base}.no_deal.war.cost")
            for j, branch in enumerate(war.lottery):
                out.append(f"{base}.no_deal.war.lottery.{j}.p")
                if branch.utility is not None:
                    out.append(f"{base}.no_deal.war.lottery.{j}.utility")
        else:
            out.append(f"{base}.no_deal")
        for issue, spec in party.utility.items():
            out.append(f"{base}.utility.{issue}.weight")
            if spec.values is not None:
                out.extend(f"{base}.utility.{issue}.values.{level}" for level in spec.values)
            elif spec.points is not None:
                out.extend(f"{base}.utility.{issue}.points.{j}.1" for j in range(len(spec.points)))
    return out
