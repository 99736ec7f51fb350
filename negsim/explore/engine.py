"""Evaluate many numeric variants of one scenario without compiling it again.

The scenario is compiled once. A variant that only changes numbers (no-deal
values, war costs and beliefs, utility weights, values of levels, values of
piecewise-linear points) changes only some arrays of the model:

- the utility of party ``p`` is ``u_p(x) = sum_k w_pk V_pk[x_k]`` (Raiffa,
  Richardson & Metcalfe 2002), so a batch of variants rebuilds the weighted
  value table ``w_pk V_pk`` of each changed issue and gathers it at the codes
  of the outcomes, for every variant at once;
- no-deal values are recomputed from their war lotteries (Fearon 1995) with
  the lottery outcomes' utilities under the variant's tables.

The arithmetic repeats :class:`negsim.model.Model` operation by operation, in
the same order, so a batched variant gives the same floating-point numbers as
``compile_scenario(scenario.with_(changes))`` and the same verdicts at ties.

Fewer rows are searched than there are outcomes, always keeping the answer
exact:

- margin, zone existence and least concession only depend on the undominated
  outcomes that respect every red line and are monotone in every utility:
  when only no-deal values change, the rows searched are the Pareto frontier
  of those outcomes; when only weights change, the frontier of their
  per-issue contributions (worse on every contribution is worse under every
  non-negative weight);
- for each batch of variants, bounds on every row's utility (summed from the
  smallest and largest table entries in the same order, so monotone rounding
  makes them true bounds) discard rows that can never be a variant's best;
- the best row of each variant is found on utilities summed in a cheaper
  order, and only the rows within a bound on the rounding difference
  (Higham 2002) are summed again in the model's order.

Zone size and the Nash bargaining solution need every outcome of the zone and
are computed only for variants that have one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from negsim.errors import NegsimError, ScenarioError
from negsim.explore.measures import (
    CELLS,
    check_outputs,
    equilibrium_count,
    first_undominated,
    measure_batch,
    nash_row,
    total_shortfall,
    worst_surplus,
)
from negsim.explore.parameters import (
    NO_DEAL_KINDS,
    UTILITY_KINDS,
    Parameter,
    check_values,
    complete_lotteries,
    variant_changes,
)
from negsim.model.compile import Model, compile_scenario, value_table, weighted_tables
from negsim.scenario.format import IssueValue, Scenario, WarNoDeal

__all__ = [
    "FastEngine",
]

_PART = 256
"""Variants whose bounds are taken together when pruning rows."""

_PROBE = 32
"""Promising rows per bound whose exact values tighten the pruning."""

_MAX_PRUNE_DIMENSIONS = 8


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    """Positions of the ``k`` largest scores (all when there are fewer)."""
    if len(scores) <= k:
        return np.arange(len(scores))
    return np.argpartition(scores, len(scores) - k)[len(scores) - k :]


def _points(spec: IssueValue) -> tuple[tuple[float, float], ...]:
    """The points of a continuous issue's value function (validation ensures it has some)."""
    if spec.points is None:
        raise NegsimError("a continuous issue's value function needs points")
    return spec.points


def _point_index(param: Parameter) -> int:
    """Which point of a piecewise-linear value function a ``point_value`` parameter sets."""
    if param.index is None:
        raise NegsimError(f"{param.path} does not name a point of a value function")
    return param.index


# ---------------------------------------------------------------- the fast engine


@dataclass(frozen=True)
class _Term:
    """One issue of one party's additive utility."""

    issue: str
    position: int  # in the party's utility, file order
    weight: float
    spec: IssueValue
    table: np.ndarray  # unweighted values of every level
    codes: np.ndarray  # level of every feasible outcome


class FastEngine:
    """Measures of numeric variants of one compiled scenario, in batches.

    Parameters
    ----------
    scenario
        The scenario whose numbers are varied.
    params
        Parameters of the fast kinds only (see :mod:`negsim.explore.parameters`).
    outputs
        Output groups (:data:`OUTPUTS`).
    model
        The compiled scenario, when already at hand.

    Examples
    --------
    Many no-deal values at once, without recompiling: the zone closes when
    the two sum to more than 1.

    >>> import negsim
    >>> from negsim.scenario.examples import water_talks
    >>> s = water_talks()
    >>> import numpy as np
    >>> from negsim.explore import FastEngine, classify_all
    >>> engine = FastEngine(s, classify_all(s, ["parties.alpha.no_deal", "parties.beta.no_deal"]))
    >>> out = engine.evaluate(np.array([[0.3, 0.4], [0.5, 0.5], [0.6, 0.5]]))
    >>> out["zone"].tolist(), out["zone_size"].tolist(), out["margin"].round(4).tolist()
    ([True, True, False], [4, 1, 0], [0.1, 0.0, -0.1])
    """

    def __init__(
        self,
        scenario: Scenario,
        params: Sequence[Parameter],
        outputs: Sequence[str] | None = None,
        model: Model | None = None,
    ) -> None:
        if any(not p.fast for p in params):
            raise NegsimError("the fast engine only varies numbers; structure changes recompile")
        self.scenario = scenario
        self.params = tuple(params)
        self.outputs = check_outputs(outputs)
        self.model = model if model is not None else compile_scenario(scenario)
        m = self.model
        self.parties = m.parties
        self.feasible = np.flatnonzero(m.feasible_mask)
        self.base_no_deal = m.no_deal
        utility = m.utility[self.feasible]
        self.base_utility = utility
        self.columns: dict[str, int] = {p.path: k for k, p in enumerate(self.params)}

        touched = {p.party for p in self.params if p.kind in UTILITY_KINDS and p.party}
        self.terms: dict[int, list[_Term]] = {}
        self.first: dict[int, int] = {}
        self.prefix: dict[int, np.ndarray] = {}
        self.fixed: dict[int, np.ndarray] = {}
        self.varied: dict[int, list[_Term]] = {}
        for pid in touched:
            p = self.parties.index(pid)
            terms = self._terms_of(pid)
            changed = {q.issue for q in self.params if q.party == pid and q.kind in UTILITY_KINDS}
            first = min(t.position for t in terms if t.issue in changed)
            prefix = np.zeros(len(self.feasible))
            for term in terms[:first]:
                prefix += (term.weight * term.table)[term.codes]
            self.terms[p] = terms
            self.first[p] = first
            self.prefix[p] = prefix
            fixed = prefix.copy()
            for term in terms[first:]:
                if term.issue not in changed:
                    fixed += (term.weight * term.table)[term.codes]
            self.fixed[p] = fixed
            self.varied[p] = [t for t in terms if t.issue in changed]
        self.war_parties = self._war_parties(touched)
        self.reach = [
            sum(float(np.abs(table).max(initial=0.0)) for table in m.tables[p].values())
            for p in range(len(self.parties))
        ]
        self.candidates = self._candidates()

    # --- construction helpers

    def _terms_of(self, pid: str) -> list[_Term]:
        space = self.model.space
        codes = space.codes
        return [
            _Term(
                issue,
                position,
                spec.weight,
                spec,
                value_table(space.axis(issue), spec),
                codes[issue][self.feasible],
            )
            for position, (issue, spec) in enumerate(self.scenario.parties[pid].utility.items())
        ]

    def _war_parties(self, touched: set[str]) -> list[int]:
        out = []
        for p, pid in enumerate(self.parties):
            no_deal = self.scenario.parties[pid].no_deal
            if not isinstance(no_deal, WarNoDeal):
                continue
            kinds = {q.kind for q in self.params if q.party == pid}
            if "no_deal" in kinds:
                continue  # a number replaces the war lottery
            has_outcome = any(b.outcome is not None for b in no_deal.war.lottery)
            if kinds & set(NO_DEAL_KINDS) or (pid in touched and has_outcome):
                out.append(p)
        return out

    def _candidates(self) -> np.ndarray:
        """Positions (into the feasible outcomes) searched for margin and shortfall."""
        n = len(self.feasible)
        every = np.arange(n)
        if n < 2:
            return every
        from negsim.bargaining.pareto import pareto_mask

        if not self.terms:
            return np.flatnonzero(pareto_mask(self.base_utility))
        if any(q.kind != "weight" for q in self.params if q.kind in UTILITY_KINDS):
            return every
        components = []
        for p in range(len(self.parties)):
            if p not in self.terms:
                components.append(self.base_utility[:, p])
                continue
            varied = {
                q.issue for q in self.params if q.kind == "weight" and q.party == self.parties[p]
            }
            components.append(self.prefix[p])
            for term in self.terms[p][self.first[p] :]:
                if term.issue in varied:
                    components.append(term.table[term.codes])
                else:
                    components.append((term.weight * term.table)[term.codes])
        points = np.stack(components, axis=1)
        points = points[:, points.min(axis=0) < points.max(axis=0)]
        if not 0 < points.shape[1] <= _MAX_PRUNE_DIMENSIONS:
            return every
        return np.flatnonzero(pareto_mask(points))

    # --- evaluation

    def evaluate(self, values: np.ndarray) -> dict[str, np.ndarray]:
        """Measures of the variants in the rows of ``values`` (one column per parameter).

        Raises
        ------
        ScenarioError
            When a value is one the scenario schema refuses (e.g. a negative weight).
        """
        values = np.asarray(values, dtype=float).reshape(-1, len(self.params))
        for k, param in enumerate(self.params):
            check_values(param, values[:, k])
        n = len(values)
        unweighted = self._unweighted_tables(values)
        tables = self._tables(values, unweighted)
        no_deal = self._no_deal(values, unweighted)
        self._check_magnitudes(tables, no_deal)
        if len(self.feasible) == 0:
            out = measure_batch(np.empty((0, len(self.parties))), no_deal, None, self.outputs)
        else:
            pieces = []
            for start in range(0, n, _PART):
                part = np.arange(start, min(n, start + _PART))
                pieces.append(self._evaluate_part(part, tables, no_deal[part]))
            out = {key: np.concatenate([piece[key] for piece in pieces]) for key in pieces[0]}
        if "equilibria" in self.outputs:
            out["equilibria"] = self._equilibria(values)
        return out

    # --- one part of a batch: bounds first, then exact values on the rows that can matter

    def _bounds(
        self, part: np.ndarray, tables: dict[tuple[int, int], np.ndarray], rows: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Lowest and highest utility of each row over the variants of ``part``, ``(R, P)``.

        Summed in the same order as the exact utilities from the smallest (largest)
        table entries, so by monotone rounding they bound the exact values.
        """
        low = self.base_utility[rows].copy()
        high = low.copy()
        for p, terms in self.terms.items():
            lo = self.prefix[p][rows].copy()
            hi = lo.copy()
            for term in terms[self.first[p] :]:
                codes = term.codes[rows]
                table = tables.get((p, term.position))
                if table is None:
                    fixed = (term.weight * term.table)[codes]
                    lo += fixed
                    hi += fixed
                else:
                    lo += table[part].min(axis=0)[codes]
                    hi += table[part].max(axis=0)[codes]
            low[:, p] = lo
            high[:, p] = hi
        return low, high

    def _check_magnitudes(
        self, tables: dict[tuple[int, int], np.ndarray], no_deal: np.ndarray
    ) -> None:
        """Refuse variants whose utilities could overflow, as compiling them would."""
        limit = np.finfo(float).max / 4
        with np.errstate(over="ignore", invalid="ignore"):
            for p, pid in enumerate(self.parties):
                if p not in self.terms:
                    reach = np.abs(no_deal[:, p]) + self.reach[p]
                else:
                    reach = np.abs(no_deal[:, p])
                    for term in self.terms[p]:
                        table = tables.get((p, term.position))
                        weighted = term.weight * term.table[None, :] if table is None else table
                        reach = reach + np.abs(weighted).max(axis=1, initial=0.0)
                if not (reach <= limit).all():
                    raise ScenarioError(
                        f"weights times values reach about {reach.max():.3g}, beyond the range "
                        "floating-point sums and differences can hold; rescale this party's "
                        "utilities and no-deal value",
                        file="<variant>",
                        field=f"parties.{pid}.utility",
                    )

    def _approximate(
        self, variants: np.ndarray, tables: dict[tuple[int, int], np.ndarray], rows: np.ndarray
    ) -> np.ndarray:
        """Utilities ``(B, R, P)`` summed in a cheaper order: the fixed terms first."""
        out = np.empty((len(variants), len(rows), len(self.parties)))
        out[:] = self.base_utility[rows]
        for p, varied in self.varied.items():
            column = np.broadcast_to(self.fixed[p][rows], (len(variants), len(rows))).copy()
            for term in varied:
                column += tables[(p, term.position)][variants][:, term.codes[rows]]
            out[:, :, p] = column
        return out

    def _slack(
        self, part: np.ndarray, tables: dict[tuple[int, int], np.ndarray], no_deal: np.ndarray
    ) -> float:
        """A bound on how far :meth:`_approximate`'s worst surplus is from the exact one.

        Either sum of ``n`` terms is within ``(n - 1) u sum|t|`` of the real sum
        (Higham 2002, section 4.2), and the subtraction of ``d`` adds ``u`` times
        its operands; the bound is doubled for safety.
        """
        unit = np.finfo(float).eps / 2
        slack = 0.0
        for p, terms in self.terms.items():
            total = 0.0
            for term in terms:
                table = tables.get((p, term.position))
                weighted = term.weight * term.table if table is None else table[part]
                total += float(np.abs(weighted).max(initial=0.0))
            d = float(np.abs(no_deal[:, p]).max(initial=0.0))
            slack = max(slack, 2 * len(terms) * unit * total + 2 * unit * (total + d))
        return 2 * slack

    def _split(self, count: int, rows: int) -> list[slice]:
        step = max(1, CELLS // max(1, rows * len(self.parties)))
        return [slice(s, min(count, s + step)) for s in range(0, count, step)]

    def _evaluate_part(
        self, part: np.ndarray, tables: dict[tuple[int, int], np.ndarray], no_deal: np.ndarray
    ) -> dict[str, np.ndarray]:
        n, parties = no_deal.shape
        out: dict[str, np.ndarray] = {}
        rows = self.candidates
        low, high = self._bounds(part, tables, rows)
        d_low, d_high = no_deal.min(axis=0), no_deal.max(axis=0)
        # a row whose best case is below what every variant surely reaches is never
        # the maximiser; what each variant surely reaches is its exact best over a
        # few promising rows
        pessimistic = worst_surplus(low, d_high[None])[0]
        optimistic = worst_surplus(high, d_low[None])[0]
        probe = np.union1d(_top(pessimistic, _PROBE), _top(optimistic, _PROBE))
        reached = np.empty(n)
        for piece in self._split(n, len(probe)):
            utility = self._utilities(part[piece], tables, rows[probe])
            reached[piece] = worst_surplus(utility, no_deal[piece]).max(axis=1)
        surely = max(pessimistic.max(), reached.min())
        keep = rows[optimistic >= surely]
        margin = np.empty(n)
        slack = self._slack(part, tables, no_deal)
        for piece in self._split(n, len(keep)):
            near = keep
            if self.terms:
                # rows whose approximate worst surplus is within the rounding slack
                # of the best approximate one; the exact maximiser is among them
                approx = worst_surplus(self._approximate(part[piece], tables, keep), no_deal[piece])
                best = approx.max(axis=1, keepdims=True)
                near = keep[(approx >= best - 2 * slack).any(axis=0)]
            utility = self._utilities(part[piece], tables, near)
            margin[piece] = worst_surplus(utility, no_deal[piece]).max(axis=1)
        zone = margin >= 0
        out["zone"] = zone
        out["margin"] = margin
        if "size" in self.outputs:
            out["zone_size"] = self._sizes(part, tables, no_deal, zone)
        if "shortfall" in self.outputs:
            least, by_party = self._shortfalls(part, tables, no_deal, ~zone)
            out["shortfall"] = least
            out["shortfall_by_party"] = by_party
        if "nash" in self.outputs:
            out["nash"] = self._nash(part, tables, no_deal, zone)
        return out

    def _equilibria(self, values: np.ndarray) -> np.ndarray:
        """Equilibrium counts of the first game, one variant at a time.

        Each variant is validated with ``with_`` and compiled on the base
        model's outcome space and red lines, which numbers cannot change.
        """
        out = np.empty(len(values), dtype=np.int64)
        for b, row in enumerate(values):
            variant = self.scenario.with_(variant_changes(self.scenario, self.params, row))
            tables = weighted_tables(variant, self.model.space)
            out[b] = equilibrium_count(replace(self.model, scenario=variant, tables=tables))
        return out

    def _nash(
        self,
        part: np.ndarray,
        tables: dict[tuple[int, int], np.ndarray],
        no_deal: np.ndarray,
        zone: np.ndarray,
    ) -> np.ndarray:
        """Outcome of the Nash bargaining solution of each variant with a zone (-1 without)."""
        nash = np.full(len(no_deal), -1, dtype=np.int64)
        chosen = np.flatnonzero(zone)
        if not len(chosen):
            return nash
        if self.terms:
            # every row that may be in some chosen variant's zone
            every = np.arange(len(self.feasible))
            _, high = self._bounds(part[chosen], tables, every)
            rows = every[worst_surplus(high, no_deal[chosen].min(axis=0)[None])[0] >= 0]
        else:
            # the zone's frontier is the feasible frontier within the zone
            rows = self.candidates
        for b in chosen:
            utility = self._utilities(part[[b]], tables, rows)
            utility = utility if utility.ndim == 2 else utility[0]
            worst = worst_surplus(utility, no_deal[[b]])[0]
            nash[b] = self.feasible[rows[nash_row(utility, worst, no_deal[b])]]
        return nash

    def _sizes(
        self,
        part: np.ndarray,
        tables: dict[tuple[int, int], np.ndarray],
        no_deal: np.ndarray,
        zone: np.ndarray,
    ) -> np.ndarray:
        size = np.zeros(len(no_deal), dtype=np.int64)
        chosen = np.flatnonzero(zone)
        if not len(chosen):
            return size
        every = np.arange(len(self.feasible))
        low, high = self._bounds(part[chosen], tables, every)
        d = no_deal[chosen]
        inside = worst_surplus(low, d.max(axis=0)[None])[0] >= 0
        maybe = every[~inside & (worst_surplus(high, d.min(axis=0)[None])[0] >= 0)]
        size[chosen] = np.count_nonzero(inside)
        for piece in self._split(len(chosen), len(maybe)):
            utility = self._utilities(part[chosen[piece]], tables, maybe)
            size[chosen[piece]] += np.count_nonzero(worst_surplus(utility, d[piece]) >= 0, axis=1)
        return size

    def _shortfalls(
        self,
        part: np.ndarray,
        tables: dict[tuple[int, int], np.ndarray],
        no_deal: np.ndarray,
        chosen_mask: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Least total shortfall and its split; zero wherever a zone exists."""
        n, parties = no_deal.shape
        least = np.zeros(n)
        by_party = np.zeros((n, parties))
        chosen = np.flatnonzero(chosen_mask)
        if not len(chosen):
            return least, by_party
        rows = self.candidates
        low, high = self._bounds(part[chosen], tables, rows)
        d = no_deal[chosen]
        best_case = total_shortfall(high, d.min(axis=0)[None])[0]
        worst_case = total_shortfall(low, d.max(axis=0)[None])[0]
        keep = rows[best_case <= worst_case.min()]
        for piece in self._split(len(chosen), len(keep)):
            utility = self._utilities(part[chosen[piece]], tables, keep)
            total = total_shortfall(utility, d[piece])
            least[chosen[piece]] = total.min(axis=1)
            for j, b in enumerate(chosen[piece]):
                ties = np.flatnonzero(total[j] == least[b])
                mine = utility if utility.ndim == 2 else utility[j]
                pick = ties[0] if len(ties) == 1 else ties[first_undominated(mine[ties])]
                by_party[b] = np.maximum(no_deal[b] - mine[pick], 0.0)
        return least, by_party

    def _edits(self, p: int, issue: str) -> list[tuple[int, Parameter]]:
        pid = self.parties[p]
        return [
            (k, q)
            for k, q in enumerate(self.params)
            if q.party == pid and q.issue == issue and q.kind in ("level_value", "point_value")
        ]

    def _weight_column(self, p: int, term: _Term, n: int, values: np.ndarray) -> np.ndarray | None:
        k = self.columns.get(f"parties.{self.parties[p]}.utility.{term.issue}.weight")
        return None if k is None else values[:, k]

    def _unweighted_tables(self, values: np.ndarray) -> dict[tuple[int, int], np.ndarray]:
        """Unweighted value tables of the terms whose values change, ``(n_variants, levels)``."""
        out = {}
        for p, terms in self.terms.items():
            for term in terms:
                edits = self._edits(p, term.issue)
                if edits:
                    out[(p, term.position)] = self._unweighted(term, edits, values)
        return out

    def _tables(
        self, values: np.ndarray, unweighted: dict[tuple[int, int], np.ndarray]
    ) -> dict[tuple[int, int], np.ndarray]:
        """Weighted value tables ``w V`` of the changed terms, ``(n_variants, levels)`` each."""
        out: dict[tuple[int, int], np.ndarray] = {}
        n = len(values)
        for p, terms in self.terms.items():
            positive = np.zeros(n, dtype=bool)
            for term in terms:
                weight = self._weight_column(p, term, n, values)
                table = unweighted.get((p, term.position))
                w = np.full(n, term.weight) if weight is None else weight
                positive |= w > 0
                if weight is None and table is None:
                    continue
                table = term.table[None, :] if table is None else table
                out[(p, term.position)] = w[:, None] * table
            if not positive.all():
                raise ScenarioError(
                    "weights that do not make sense: every weight is zero",
                    file="<variant>",
                    field=f"parties.{self.parties[p]}.utility",
                )
        return out

    def _unweighted(
        self, term: _Term, edits: list[tuple[int, Parameter]], values: np.ndarray
    ) -> np.ndarray:
        """The term's value table in every variant, built as :func:`value_table` builds it."""
        axis = self.model.space.axis(term.issue)
        spec = term.spec
        if axis.kind in ("boolean", "categorical", "ordinal"):
            out = np.tile(term.table, (len(values), 1))
            for k, q in edits:
                out[:, axis.levels.index(q.level)] = values[:, k]
            return out
        out = np.empty((len(values), len(term.table)))
        for b, row in enumerate(values):
            if spec.points is not None:
                points = [list(point) for point in spec.points]
                for k, q in edits:
                    points[_point_index(q)][1] = row[k]
                changed = spec.model_copy(update={"points": tuple(map(tuple, points))})
            else:
                assert spec.values is not None  # an issue's value function has points or values
                numbers = dict(spec.values)
                for k, q in edits:
                    assert q.level is not None  # an edit of a value names its level
                    numbers[q.level] = row[k]
                changed = spec.model_copy(update={"values": numbers})
            out[b] = value_table(axis, changed)
        return out

    def _utilities(
        self,
        variants: np.ndarray,
        tables: dict[tuple[int, int], np.ndarray],
        rows: np.ndarray,
    ) -> np.ndarray:
        """Utilities of the feasible outcomes at positions ``rows``.

        ``(len(rows), P)`` when no utility changes, else ``(len(variants), len(rows), P)``.
        """
        if not self.terms:
            return self.base_utility[rows]
        count = len(variants)
        out = np.empty((count, len(rows), len(self.parties)))
        out[:] = self.base_utility[rows]
        for p, terms in self.terms.items():
            column = np.broadcast_to(self.prefix[p][rows], (count, len(rows))).copy()
            for term in terms[self.first[p] :]:
                table = tables.get((p, term.position))
                codes = term.codes[rows]
                if table is None:
                    column += (term.weight * term.table)[codes]
                else:
                    column += table[variants][:, codes]
            out[:, :, p] = column
        return out

    def _no_deal(
        self, values: np.ndarray, unweighted: dict[tuple[int, int], np.ndarray]
    ) -> np.ndarray:
        n = len(values)
        out = np.tile(self.base_no_deal, (n, 1))
        for k, q in enumerate(self.params):
            if q.kind == "no_deal":
                out[:, self.parties.index(q.party)] = values[:, k]
        lotteries = complete_lotteries(self.scenario, self.params, values)
        for p in self.war_parties:
            out[:, p] = self._war_value(p, values, unweighted, lotteries)
        return out

    def _war_value(
        self,
        p: int,
        values: np.ndarray,
        unweighted: dict[tuple[int, int], np.ndarray],
        lotteries: dict[str, np.ndarray],
    ) -> np.ndarray:
        """``sum_i p_i u_i - cost`` in :meth:`negsim.model.Model._war_value`'s order."""
        pid = self.parties[p]
        # only parties whose no-deal value is a war lottery reach here
        war = self.scenario.parties[pid].no_deal.war  # type: ignore[union-attr]
        n = len(values)

        def column(path: str, default: float) -> np.ndarray:
            if path in self.columns:
                return values[:, self.columns[path]]
            if path in lotteries:
                return lotteries[path]
            return np.full(n, default)

        base = f"parties.{pid}.no_deal.war"
        by_branch = {
            (q.kind, q.index): q.path
            for q in self.params
            if q.party == pid and q.kind in ("lottery_p", "lottery_utility")
        }
        total = np.zeros(n)
        for j, branch in enumerate(war.lottery):
            prob = column(by_branch.get(("lottery_p", j), f"{base}.lottery.{j}.p"), branch.p)
            if branch.utility is not None:
                path = by_branch.get(("lottery_utility", j), f"{base}.lottery.{j}.utility")
                utility = column(path, branch.utility)
            else:
                utility = self._outcome_utility(p, branch.outcome, values, unweighted)
            total = total + prob * utility
        return total - column(f"{base}.cost", war.cost)

    def _outcome_utility(
        self,
        p: int,
        outcome: dict[str, Any],
        values: np.ndarray,
        unweighted: dict[tuple[int, int], np.ndarray],
    ) -> np.ndarray:
        """Utility of one lottery outcome, as :meth:`negsim.model.Model.utility_of` sums it."""
        pid = self.parties[p]
        space = self.model.space
        columns = space.encode_columns([outcome])
        n = len(values)
        total = np.zeros(n)
        for position, (issue, spec) in enumerate(self.scenario.parties[pid].utility.items()):
            axis = space.axis(issue)
            k = self.columns.get(f"parties.{pid}.utility.{issue}.weight")
            w = np.full(n, spec.weight) if k is None else values[:, k]
            edits = self._edits(p, issue) if p in self.terms else []
            if axis.kind == "continuous":
                x = columns[issue]
                if edits:
                    value = np.empty(n)
                    for b, row in enumerate(values):
                        points = [list(point) for point in _points(spec)]
                        for j, q in edits:
                            points[_point_index(q)][1] = row[j]
                        xs, vs = zip(*points, strict=True)
                        value[b] = np.interp(x, xs, vs)[0]
                else:
                    xs, vs = zip(*_points(spec), strict=True)
                    value = np.full(n, np.interp(x, xs, vs)[0])
            else:
                code = int(columns[issue][0])
                table = unweighted.get((p, position))
                if table is not None:
                    value = table[:, code]
                else:
                    value = np.full(n, value_table(axis, spec)[code])
            total = total + w * value
        return total
