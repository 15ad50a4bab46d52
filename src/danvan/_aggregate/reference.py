"""The reference engine: every question answered one figure at a time.

It answers any question `danvan.aggregate` accepts, and it is the engine others are
checked against. A question runs in six steps (see `danvan.aggregate` for the rules):

1. and 2. **scope**: each figure is judged by `danvan._aggregate.rules.Scope` (left out
   and listed, outside the question, or put in its groups);
3. **restatements** (figures with one key) count once: the most precise is kept and the
   others reconciled against it;
4. **wholes and parts**: a figure covering others (`danvan._breakdown.covers`) is
   replaced by them when they are complete (`danvan._breakdown.complete`), and
   reconciled with them either way; figures that overlap without one covering the other
   are never added: one is kept;
5. and 6. **combination** over time, places and sub-metrics, by
   `danvan._aggregate.semantics`.

Bulk engines give the groups they cannot simply add (restatements, wholes beside their
parts, overlaps) to `Run.run`, which answers about those figures alone; engines of
other authors do the same through `reference_answer`, which also merges their rows.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

import attrs

from danvan._aggregate.query import Query
from danvan._aggregate.results import (
    AggregationResult,
    Exclusion,
    Key,
    Reconciliation,
    Row,
    left_out,
)
from danvan._aggregate.rules import Data, Scope, Verdict, Why
from danvan._aggregate.semantics import (
    at_least,
    combine_places,
    counted_unit,
    latest,
    lower_bound_note,
    only_a_lower_bound,
    partial_note,
    row_unit,
    sums_over_time,
    superseded_note,
)
from danvan._breakdown import complete, covers, parts_consistent, same_who, told_apart
from danvan._metrics import Aggregation, Metric
from danvan._observations import Observation
from danvan._period import Period
from danvan._quantity import Quantity, total
from danvan._ratio import Ratio
from danvan.errors import InvalidValueError, UnitMismatchError

__all__ = ["ENGINE", "Reference", "Run", "reference_answer"]


class Reference:
    """The reference engine: one figure at a time; answers every question."""

    name = "reference"

    def answer(self, data: Data, query: Query, scope: Scope) -> AggregationResult:
        """The answer to ``query`` about ``data`` (``scope``: its rules, decided once)."""
        return Run(data, scope).run()


ENGINE = Reference()


def reference_answer(
    scope: Scope,
    observations: Iterable[Observation] | None = None,
    *,
    rows: Iterable[Row] = (),
) -> AggregationResult:
    """The reference engine's answer to the question of ``scope``, or to the part of it
    an engine leaves to it, merged with the rows that engine computed.

    An `Engine` that totals some groups itself gives the reference engine every other
    figure of the question: the figures `Scope.judge` leaves out (the answer lists them
    with their reasons), and the figures of each group it does not total. A group's
    total depends on its own figures only, so a group goes whole to one or the other.

    Args:
        scope: The question's scope, as the engine was given it.
        observations: The figures left to the reference engine, in the data's order
            (it meets them by metric as `Scope.codes` lists them, then in the order
            given; the order of reconciliations follows it); figures of other metrics
            are not part of the question. None: every figure of the question.
        rows: The rows the engine computed, for groups none of ``observations`` counts
            in, each keyed as the reference engine keys it: the group's ``(name,
            value)`` pairs (`Verdict.keys`) and ``("unit", code)``.

    Returns:
        The answer: the engine's rows and the reference engine's in the order of their
        keys; the figures left out and the reconciliations, from the reference engine;
        the groups missing (`Scope.missing`), from all the rows.

    Raises:
        InvalidValueError: ``rows`` holds something other than a `Row`, two rows with one
            key, or a row of a group the reference engine also answers (where="rows").

    >>> import danvan
    >>> data = danvan.Dataset(places=danvan.seed_gazetteer())
    >>> scope = danvan.Scope(data, danvan.Query(metric="tips", by="province"))
    >>> mine = danvan.Row(
    ...     keys=(("province", "36"), ("unit", "tin")),
    ...     value=danvan.parse_quantity("5 tin"),
    ...     observations=("a",),
    ... )
    >>> [str(row.value) for row in danvan.reference_answer(scope, [], rows=[mine])]
    ['5 tin']
    """
    if observations is not None:
        order = {code: i for i, code in enumerate(scope.codes)}
        # Stable: the order given is kept within each metric.
        observations = sorted(observations, key=lambda o: order.get(o.metric, len(order)))
    part = Run(scope.data, scope).run(observations)
    own = tuple(rows)
    if not own:
        return part
    for row in own:
        if not isinstance(row, Row):
            raise InvalidValueError(
                f"expected Row values, got {type(row).__name__} {row!r}", where="rows"
            )
    twice = [key for key, n in Counter(row.keys for row in own).items() if n > 1]
    if twice:
        raise InvalidValueError(f"two rows have the key {min(twice)}", where="rows")
    answered = {_group(row.keys) for row in part.rows}
    shared = sorted({_group(row.keys) for row in own} & answered)
    if shared:
        raise InvalidValueError(
            f"the group {shared[0]} has rows of the engine and of the reference engine: a "
            f"group goes whole to one or the other (give the reference engine all its figures)",
            where="rows",
        )
    merged = sorted((*own, *part.rows), key=lambda row: row.keys)
    names = [name for name, _ in scope.expected()]
    reported = {tuple(dict(row.keys).get(name, "") for name in names) for row in merged}
    return attrs.evolve(part, rows=tuple(merged), missing=scope.missing(reported))


def _group(key: Key) -> Key:
    """The group a row's key names: the key without its unit."""
    return tuple(pair for pair in key if pair[0] != "unit")


@attrs.define
class _Figure:
    """A deduplicated figure: one observation standing for its restatements."""

    obs: Observation
    value: Quantity | Ratio
    covers: list[_Figure] = attrs.field(factory=list)
    covered_by: list[_Figure] = attrs.field(factory=list)

    @property
    def quantity(self) -> Quantity:
        return self.value if isinstance(self.value, Quantity) else self.value.numerator

    @property
    def period(self) -> Period:
        """The figure's period: figures whose period is not stated never reach the
        engine (the scope rules leave them out)."""
        period = self.obs.period
        assert period is not None
        return period


def _precision(obs: Observation) -> tuple[object, ...]:
    b = obs.quantity.bounds
    width: object = float("inf") if b.upper is None else b.upper - b.lower
    return (not obs.quantity.is_exact, width, obs.id)


class Run:
    """One question being answered by the reference engine.

    Args:
        data: The dataset asked.
        scope: The question's scope rules over ``data``.
    """

    def __init__(self, data: Data, scope: Scope) -> None:
        self.ds = data
        self.scope = scope
        self.query = scope.query
        self.metric = scope.metric
        self.codes = scope.codes
        self.excluded: list[Exclusion] = []
        self.reconciliations: list[Reconciliation] = []
        self.partial_ids: set[str] = set()
        self.place_ancestors: dict[str | None, tuple[str | None, ...]] = {None: (None,)}

    # -- steps 1 and 2: which observations, in which group ------------------------------------

    def exclude(self, obs: Observation, why: Why) -> None:
        code, details = why
        self.excluded.append(left_out(obs.id, code, **details))

    def group_of(self, obs: Observation) -> tuple[Key, ...]:
        """The groups ``obs`` counts in (none when it is left out or not asked about)."""
        verdict = self.scope.judge(obs)
        if verdict is None:
            return ()
        if not isinstance(verdict, Verdict):
            self.exclude(obs, verdict)
            return ()
        if verdict.partial:
            self.partial_ids.add(obs.id)
        return verdict.keys

    # -- step 3 and 4: restatements, wholes and parts -----------------------------------

    def dedupe(self, observations: list[Observation]) -> list[_Figure]:
        by_key: dict[tuple[object, ...], list[Observation]] = defaultdict(list)
        for obs in observations:
            by_key[obs.key].append(obs)
        figures = []
        for group in by_key.values():
            if len(group) > 1:
                group.sort(key=_precision)
            kept, others = group[0], group[1:]
            figures.append(_Figure(obs=kept, value=kept.value))
            if others:
                consistent = all(_consistent(kept.quantity, o.quantity) for o in others)
                self.reconciliations.append(
                    Reconciliation(
                        kind="restatement",
                        whole=kept.id,
                        whole_value=kept.quantity,
                        parts=tuple(o.id for o in others),
                        parts_total=others[0].quantity,
                        complete=True,
                        consistent=consistent,
                        used="whole",
                    )
                )
        return figures

    def ancestors_or_self(self, place: str | None) -> tuple[str | None, ...]:
        if place not in self.place_ancestors:
            chain: tuple[str | None, ...] = (place,)
            if place is not None and place in self.ds.places:
                chain += tuple(p.code for p in self.ds.places.ancestors(place))
            self.place_ancestors[place] = chain
        return self.place_ancestors[place]

    def link_covers(self, figures: list[_Figure]) -> None:
        index: dict[tuple[str, str | None], list[_Figure]] = defaultdict(list)
        for f in figures:
            index[(f.obs.metric, f.obs.place)].append(f)
        catalogue, actors = self.ds.catalogue, self.scope.actors
        # A minimum holds everywhere: a place's minimum is no part of the one above it.
        # Only a whole and its labelled parts (same metric, place and period) remain.
        minimum = self.metric.aggregation is Aggregation.MINIMUM
        for f in figures:
            metric_chain = [f.obs.metric, *(m.code for m in catalogue.ancestors(f.obs.metric))]
            places = self.ancestors_or_self(f.obs.place)
            if minimum:
                metric_chain, places = metric_chain[:1], places[:1]
            for metric_code in metric_chain:
                for place in places:
                    for w in index.get((metric_code, place), ()):
                        if w is not f and covers(w.obs, f.obs, self.metric_aggregation(w), actors):
                            w.covers.append(f)
                            f.covered_by.append(w)

    def without_overlaps(self, figures: list[_Figure]) -> list[_Figure]:
        """Drop figures that state some of another's events without being inside it.

        A province's 2021 tips and a district's 2017–2021 tips share the district's 2021
        tips: adding them would count those twice, and neither is a part of the other.
        The figure with the larger area (then the longer period, then the smaller id)
        is kept; the other is left out and listed. For stocks, figures of a place and of
        a place above it never add, whatever their periods.
        """
        by_place: dict[str | None, list[_Figure]] = defaultdict(list)
        for f in figures:
            by_place[f.obs.place].append(f)
        dropped: set[int] = set()
        for f in sorted(figures, key=self.rank):
            if id(f) in dropped:
                continue
            for place in self.ancestors_or_self(f.obs.place):
                for g in by_place.get(place, ()):
                    if g is f or id(g) in dropped or not self.overlap(g, f):
                        continue
                    small = max((f, g), key=self.rank)
                    large = g if small is f else f
                    dropped.add(id(small))
                    self.exclude(small.obs, ("overlapping", {"other": large.obs.id}))
        return [f for f in figures if id(f) not in dropped]

    def rank(self, f: _Figure) -> tuple[object, ...]:
        """Larger areas, then longer periods, then smaller ids come first."""
        place = f.obs.place
        known = place is not None and place in self.ds.places
        level = self.ds.places.get(place).level.rank if known and place else 9
        p = f.period
        assert p.end is not None
        return (level, -p.days, f.obs.id)

    def overlap(self, g: _Figure, f: _Figure) -> bool:
        """Whether ``g`` (at ``f``'s place or above) shares events with ``f``."""
        a, b = g.obs, f.obs
        if told_apart(a, b, self.scope.actors):
            return False  # different actors' work, or different labels
        catalogue = self.ds.catalogue
        related = (
            a.metric == b.metric
            or any(m.code == a.metric for m in catalogue.ancestors(b.metric))
            or any(m.code == b.metric for m in catalogue.ancestors(a.metric))
        )
        if not related:
            return False
        if self.metric_of(g).aggregation is not Aggregation.FLOW:
            return a.place != b.place  # a level adds over places, never over time
        pa, pb = g.period, f.period
        if pa.calendar != pb.calendar:
            pb = pb.with_calendar(pa.calendar)
        return pa.overlaps(pb)

    def metric_of(self, f: _Figure) -> Metric:
        return self.ds.catalogue.get(f.obs.metric)

    def metric_aggregation(self, f: _Figure) -> Aggregation:
        return self.metric_of(f).aggregation

    def resolve(self, whole: _Figure) -> list[_Figure]:
        """The figures that stand for ``whole``'s events; reconcile it with its parts."""
        if not whole.covers:
            return [whole]
        inside = {id(f) for f in whole.covers}
        direct = [
            f
            for f in whole.covers
            if not any(id(g) in inside for g in f.covered_by if g is not whole)
        ]
        # Parts of the whole's own organisation and label (by sub-metric, place or period)
        # may be complete; parts told apart by organisation or label never are. A whole
        # broken down both ways is reconciled with each breakdown apart.
        own = [f for f in direct if same_who(f.obs, whole.obs)]
        told = [f for f in direct if not same_who(f.obs, whole.obs)]
        use_parts = bool(own) and complete(
            whole.obs, [f.obs for f in own], self.ds.catalogue, self.ds.places
        )
        for parts, used in ((own, use_parts), (told, False)):
            if parts:
                self.reconcile(whole, parts, used)
        if not use_parts:
            return [whole]
        leaves: list[_Figure] = []
        for part in own:
            leaves.extend(_in_unit_of(leaf, whole) for leaf in self.resolve(part))
        return leaves

    def reconcile(self, whole: _Figure, parts: list[_Figure], used: bool) -> None:
        """Check ``whole`` against ``parts`` (complete when ``used``: they replace it)."""
        parts_total = _safe_total([f.quantity for f in parts])
        consistent = parts_total is not None and parts_consistent(whole.quantity, parts_total, used)
        self.reconciliations.append(
            Reconciliation(
                kind="parts",
                whole=whole.obs.id,
                whole_value=whole.quantity,
                parts=tuple(sorted(f.obs.id for f in parts)),
                parts_total=parts_total,
                complete=used,
                consistent=consistent,
                used="parts" if used else "whole",
            )
        )

    # -- steps 5 and 6: combine ------------------------------------------------------------

    def combine(self, key: Key, figures: list[_Figure]) -> list[Row]:
        aggregation = self.metric.aggregation
        if any(self.metric_of(f).aggregation is not aggregation for f in figures):
            aggregation = self.metric_of(figures[0]).aggregation
        notes: list[str] = []
        if not sums_over_time(aggregation):
            series: dict[tuple[object, ...], list[_Figure]] = defaultdict(list)
            for f in figures:
                metric, place, organisation, _, label = f.obs.key
                series[(metric, place, organisation, label)].append(f)
            kept = []
            for items in series.values():
                chosen = items[latest([(f.period, f.obs.id, f.value) for f in items])]
                kept.append(chosen)
                notes.extend(
                    superseded_note(f.obs.id, f.period, chosen.obs.id, chosen.period)
                    for f in items
                    if f is not chosen
                )
            figures = kept
        partial = [f.obs.id for f in figures if f.obs.id in self.partial_ids]
        if partial:
            notes.append(partial_note(self.query.period, partial))
        if aggregation is Aggregation.RATIO:
            value = combine_places(aggregation, [f.value for f in figures])
            return [Row(keys=key, value=value, observations=_ids(figures), notes=tuple(notes))]
        by_row: dict[object, list[_Figure]] = defaultdict(list)
        for f in figures:
            unit = counted_unit(self.metric, self.query.by, f.quantity.unit)
            if unit is not f.quantity.unit:
                f = _Figure(obs=f.obs, value=f.quantity.to_unit(unit))
            by_row[row_unit(unit)].append(f)
        rows = []
        for group in by_row.values():
            value = combine_places(aggregation, [f.quantity for f in group])
            assert isinstance(value, Quantity)
            row_notes = list(notes)
            own = any(f.obs.metric == self.metric.code for f in group)
            if only_a_lower_bound(self.metric, self.query.by, own):
                value = at_least(value)
                row_notes.append(lower_bound_note(self.metric.code))
            rows.append(
                Row(
                    keys=(*key, ("unit", value.unit.code)),
                    value=value,
                    observations=_ids(group),
                    notes=tuple(row_notes),
                )
            )
        return rows

    # -- the run --------------------------------------------------------------------------

    def run(self, observations: Iterable[Observation] | None = None) -> AggregationResult:
        """The answer; about ``observations`` only when given (in the order `run` meets
        them: by metric as `codes` lists them, then in dataset order)."""
        if observations is None:
            observations = (o for code in self.codes for o in self.ds.select(metric=code))
        groups: dict[Key, list[Observation]] = defaultdict(list)
        for obs in observations:
            for key in self.group_of(obs):
                groups[key].append(obs)
        rows: list[Row] = []
        for key, observations in groups.items():
            figures = self.dedupe(observations)
            self.link_covers(figures)
            leaves: list[_Figure] = []
            for top in sorted((f for f in figures if not f.covered_by), key=lambda f: f.obs.id):
                leaves.extend(self.resolve(top))
            # Two wholes may share a part: each figure counts once.
            unique = list({id(f): f for f in leaves}.values())
            rows.extend(self.combine(key, self.without_overlaps(unique)))
        rows.sort(key=lambda r: r.keys)
        q = self.query
        return AggregationResult(
            metric=self.metric.code,
            period=q.period,
            by=q.by,
            as_of=q.as_of,
            rows=tuple(rows),
            excluded=tuple(sorted(self.excluded, key=lambda e: e.observation)),
            reconciliations=tuple(self.reconciliations),
            missing=self.missing(groups),
        )

    def missing(self, groups: Iterable[Key]) -> tuple[Key, ...]:
        """The expected groups (`Scope.missing`) none of ``groups`` is: missing, not zero."""
        names = [name for name, _ in self.scope.expected()]
        reported = set()
        for key in groups:
            values = dict(key)
            reported.add(tuple(values.get(name, "") for name in names))
        return self.scope.missing(reported)


def _in_unit_of(part: _Figure, whole: _Figure) -> _Figure:
    """A part standing in for its whole, counted in the whole's unit where it converts."""
    if not isinstance(part.value, Quantity) or not isinstance(whole.value, Quantity):
        return part
    if part.value.unit == whole.value.unit or part.value.dimension is not whole.value.dimension:
        return part
    return _Figure(obs=part.obs, value=part.value.to_unit(whole.value.unit))


def _ids(figures: Sequence[_Figure]) -> tuple[str, ...]:
    return tuple(sorted(f.obs.id for f in figures))


def _safe_total(quantities: list[Quantity]) -> Quantity | None:
    try:
        return total(quantities)
    except UnitMismatchError:
        return None


def _consistent(a: Quantity, b: Quantity) -> bool:
    try:
        return a.consistent_with(b)
    except UnitMismatchError:
        return False
