"""The columnar engine: the bulk of a question summed on columns with numpy.

The reference engine (`danvan._aggregate.reference`) handles every case one figure at a
time. Most of a large dataset is the simple case: one figure per commune, month and
metric, nothing restated, no totals beside their parts. For that part this engine
computes the same answer from columns (`danvan._aggregate.store`, built once per
dataset): each question groups them with numpy and builds each `Row` when it is first
read (`danvan._aggregate.totals`).

The reference engine works group by group: a group's total depends on its own figures
only. So each question is split:

* the figures the scope rules leave out (`danvan._aggregate.rules`, applied here per
  code of period, metric-unit pair and place) go to the reference engine, which lists
  them;
* so do the groups whose figures it would not simply add ("tangled" groups): two
  figures stating one (a restatement), an unlabelled whole beside its labelled parts,
  a metric beside one of its sub-metrics, a place beside a place within it, or, for
  flows, two periods sharing a day;
* the other groups hold only leaves, and are summed here.

It declines (returns None, and the reference engine answers the whole question) for
ratio and minimum metrics, explicit places (``by="place"``), figures that
``partial="include"`` or ``mix_calendars=True`` would keep, numbers too large for
int64, and when no group is left for it. Results equal the reference engine's, row for
row: ``tests/test_columnar.py`` checks it.
"""

from __future__ import annotations

import gc
from typing import Any

import numpy as np
import numpy.typing as npt

from danvan._aggregate.query import Query
from danvan._aggregate.reference import Run
from danvan._aggregate.results import AggregationResult, Key
from danvan._aggregate.rules import Data, Scope
from danvan._aggregate.semantics import sums_over_time, superseded_note
from danvan._aggregate.store import (
    Bools,
    Coder,
    Ints,
    Selection,
    combine,
    compact,
    positions,
    present,
    store,
    take,
)
from danvan._aggregate.totals import Ask, Keys, ranks, result
from danvan._metrics import Aggregation
from danvan._places import Level

__all__ = ["ENGINE", "Columnar"]


class Columnar:
    """The columnar engine: leaf figures summed with numpy, the rest by the reference."""

    name = "columnar"

    def answer(self, data: Data, query: Query, scope: Scope) -> AggregationResult | None:
        """The answer to ``query`` about ``data``, or None to leave it to the reference.

        See the module documentation for when it answers.
        """
        if query.places:
            return None
        head = scope.metric
        if head.aggregation not in (Aggregation.FLOW, Aggregation.STOCK):
            return None
        catalogue = data.catalogue
        if any(catalogue.get(c).aggregation is not head.aggregation for c in scope.codes):
            return None
        columns = store(data)
        if columns is None:
            return None
        q = Ask(data=data, store=columns, query=query, scope=scope, aggregation=head.aggregation)
        selected = _select(q)
        if selected is None:
            return None
        rows, aside = selected
        if not rows.size and not aside.size:  # nothing reported: every group is missing
            return AggregationResult(
                metric=head.code,
                period=query.period,
                by=query.by,
                as_of=query.as_of,
                rows=(),
                missing=_missing(q, None),
                engine=self.name,
            )
        # Building a row per group allocates many objects and no cycles: a full
        # collection over the dataset's millions of objects, triggered midway, would
        # cost more than the whole query. The collector is paused meanwhile (and
        # resumed even on error).
        paused = gc.isenabled()
        gc.disable()
        try:
            return _aggregate(q, rows, aside)
        finally:
            if paused:
                gc.enable()


ENGINE = Columnar()


def _select(q: Ask) -> tuple[Ints, Ints] | None:
    """The figures in the question, as two sets of store rows (ascending): those that
    may enter totals here, and those the reference engine leaves out (and lists).

    None when the reference engine must answer the whole question. The scope rules are
    read per code: what lies outside the question period is dropped, then what they
    would leave out is set aside, then what lies outside the asked place is dropped
    (the reference engine makes the final call on what is set aside).
    """
    s, scope = q.store, q.scope
    wanted = np.zeros(len(s.metrics), dtype=np.bool_)
    for code in scope.codes:
        if code in s.metrics:
            wanted[s.metrics.index(code)] = True
    every = wanted.all() or len(s.metrics) == 0
    r = Selection(
        s, np.arange(len(s.position)) if every else np.flatnonzero(wanted[s.metric]), wanted
    )
    # Metric-unit pairs the rules leave out: a group metric, a ratio, another dimension.
    wrong = np.zeros((len(s.metrics), len(s.units) + 1), dtype=np.bool_)
    for m, units in r.by_metric("unit").items():
        for u in units:
            misfit = scope.unit(s.metrics[m], None if u < 0 else s.units[u])
            wrong[m, u + 1] = misfit is not None
    state = _period_states(q, r)
    if state is None:
        return None
    r.keep(state[take(s.period, r.rows)] != _OUTSIDE)
    rows = r.rows
    # Each check reads the rows only when some value it looks up fails it (rarely).
    aside = np.zeros(len(rows), dtype=np.bool_)
    if (state == _LEFT_OUT).any():
        aside |= state[take(s.period, rows)] == _LEFT_OUT
    if wrong.any():
        aside |= wrong[take(s.metric, rows), take(s.unit, rows) + 1]
    places = r.present("place")
    place = take(s.place, rows)  # -1 (no place) reads the value appended to each table
    asked = q.query.place
    if q.query.needs_place:
        known = np.r_[_known(q), False]
        if not known[places].all():
            aside |= ~known[place]
    if asked is not None:
        inside = aside | np.r_[_within(q, asked, places), False][place]
        if not inside.all():
            rows, aside, place = rows[inside], aside[inside], place[inside]
    if q.level is not None:
        area = np.r_[_areas(q, q.level)[0], -1]
        if (area[places] < 0).any():
            aside |= area[place] < 0
    if "organisation" in q.by and -1 in r.present("organisation"):
        aside |= take(s.organisation, rows) < 0
    if not aside.any():
        return rows, rows[:0]
    return rows[~aside], rows[aside]


_OUTSIDE, _INSIDE, _LEFT_OUT = 0, 1, 2


def _period_states(q: Ask, r: Selection) -> npt.NDArray[np.int8] | None:
    """For each period (by code): outside the question, inside it, or left out by the
    scope rules (open, another calendar, across the query's edge, in no time piece).

    None when a figure might be kept whole or compared across calendars (``partial``,
    ``mix_calendars``): the reference engine then answers.
    """
    s = q.store
    state = np.full(len(s.periods), _OUTSIDE, dtype=np.int8)
    for pid in r.present("period"):
        period = s.periods[pid]
        if period is None:  # not stated: never counted (`Scope.unstated`)
            state[pid] = _LEFT_OUT  # the reference engine lists it, or finds it outside
            continue
        fit = q.scope.period(period)
        if fit.outside:
            continue  # outside the question: not a figure left out
        if fit.partial or fit.converted:
            return None
        unbucketed = q.query.time is not None and fit.bucket is None
        state[pid] = _LEFT_OUT if fit.left_out is not None or unbucketed else _INSIDE
    return state


def _known(q: Ask) -> Bools:
    """For each place code, whether the dataset's gazetteer knows it (built once)."""
    s = q.store
    if "known" not in s.memo:
        known = q.scope.places.known
        s.memo["known"] = np.array([known(code) for code in s.places], dtype=np.bool_)
    found: Bools = s.memo["known"]
    return found


def _within(q: Ask, asked: str, places: list[int]) -> Bools:
    """For each place code among ``places``, whether it lies within the place ``asked``."""
    s, rules = q.store, q.scope.places
    inside = np.zeros(len(s.places), dtype=np.bool_)
    for pid in places:
        if pid >= 0 and rules.known(s.places[pid]):  # others are set aside already
            inside[pid] = rules.within(s.places[pid], asked)
    return inside


def _areas(q: Ask, level: Level) -> tuple[Ints, list[str]]:
    """For each place, the index of its unit at ``level`` in the list returned (-1: none)."""
    s, rules = q.store, q.scope.places
    key = ("area", level, rules.as_of)
    if key not in s.memo:
        codes = Coder()
        area = np.full(len(s.places), -1, dtype=np.int64)
        for pid, code in enumerate(s.places):
            found = rules.area(code, level) if rules.known(code) else None
            if found is not None:
                area[pid] = codes.code(found)
        s.memo[key] = (area, codes.values)
    found_areas: tuple[Ints, list[str]] = s.memo[key]
    return found_areas


def _nesting(q: Ask) -> tuple[Ints, Ints]:
    """Pairs (place, an ancestor of it) among the places of the dataset's figures."""
    s = q.store
    if "nesting" not in s.memo:
        code_of = {code: pid for pid, code in enumerate(s.places)}
        pairs = [
            (pid, code_of[a.code])
            for pid, code in enumerate(s.places)
            if code in q.data.places
            for a in q.data.places.ancestors(code)
            if a.code in code_of
        ]
        s.memo["nesting"] = (
            np.array([p for p, _ in pairs], dtype=np.int64),
            np.array([a for _, a in pairs], dtype=np.int64),
        )
    nesting: tuple[Ints, Ints] = s.memo["nesting"]
    return nesting


def _tangled(q: Ask, rows: Ints, group: Ints, size: int) -> Bools:
    """Which groups hold figures the reference engine would not simply add.

    A group is tangled when two of its figures state one figure (a restatement), or one
    may cover or overlap another: a metric beside one of its sub-metrics, a place
    beside a place within it, or (for flows) two periods sharing a day. Such groups are
    left to the reference engine; the others hold only leaves, which it would add.
    """
    s = q.store
    tangled = np.zeros(size, dtype=np.bool_)
    metric, place, period = (take(c, rows) for c in (s.metric, s.place, s.period))
    if s.entangled.size:  # restatements, wholes beside their labelled parts
        tangled[group[positions(rows, s.entangled)[0]]] = True
    named = [s.metrics[m] for m in present(metric, len(s.metrics))]
    code_of = {code: m for m, code in enumerate(s.metrics)}
    nested = [
        (code_of[m], code_of[a.code])
        for m in named
        for a in q.data.catalogue.ancestors(m)
        if a.code in code_of
    ]
    _mark_pairs(tangled, group, metric, len(s.metrics), nested)
    child, ancestor = _nesting(q)
    within = list(zip((child + 1).tolist(), (ancestor + 1).tolist(), strict=True))
    _mark_pairs(tangled, group, place + 1, len(s.places) + 1, within)
    if q.aggregation is Aggregation.FLOW:
        spans = []
        for pid in present(period, len(s.periods)):
            p = s.periods[pid]
            assert p is not None
            assert p.end is not None
            spans.append((pid, p.start, p.end))
        sharing = [
            (a, b)
            for a, start_a, end_a in spans
            for b, start_b, end_b in spans
            if a != b and start_a <= end_b and start_b <= end_a
        ]
        _mark_pairs(tangled, group, period, len(s.periods), sharing)
    return tangled


def _mark_pairs(
    tangled: Bools, group: Ints, column: npt.NDArray[Any], width: int, pairs: list[tuple[int, int]]
) -> None:
    """Mark the groups holding both values of some pair ``(x, y)`` of ``column``."""
    if not pairs:
        return
    x = np.array([a for a, _ in pairs], dtype=np.int64)
    y = np.array([b for _, b in pairs], dtype=np.int64)
    order = np.argsort(x, kind="stable")
    x, y = x[order], y[order]
    count = np.bincount(x, minlength=width)
    first = np.cumsum(count) - count
    column = column.astype(np.int64)
    partners = count[column]  # how many values each row's value pairs with
    row = np.repeat(np.arange(len(column)), partners)
    if not row.size:
        return
    offset = np.arange(len(row)) - np.repeat(np.cumsum(partners) - partners, partners)
    partner = y[first[column[row]] + offset]
    # Which (group, value) the rows hold, among the values that are someone's partner.
    wanted = np.zeros(width, dtype=np.bool_)
    wanted[y] = True
    holds = wanted[column]
    held = np.unique(group[holds] * width + column[holds])
    hit = np.isin(group[row] * width + partner, held)
    tangled[group[row[hit]]] = True


# -- grouping and summing ---------------------------------------------------------------------


# -- grouping and summing ---------------------------------------------------------------------


def _aggregate(q: Ask, rows: Ints, aside: Ints) -> AggregationResult | None:
    """Group the rows; leave the groups the reference engine must resolve (and the rows it
    leaves out) to it; sum the others here."""
    if not rows.size:
        return None  # every figure is left out or tangled: the reference engine answers
    s = q.store
    # Each grouping column is coded by the rank of its values, so that groups coded in
    # mixed radix come out in the order of their keys.
    parts: list[tuple[Ints, int]] = []
    names: list[tuple[str, list[str]]] = []

    def part(name: str, codes: npt.NDArray[Any], values: list[str]) -> None:
        rank = ranks(values)
        parts.append((rank[codes], len(values)))
        names.append((name, sorted(values)))

    if q.level is not None:
        area, area_codes = _areas(q, q.level)
        part(q.level.value, area[take(s.place, rows)], area_codes)
    if "organisation" in q.by:
        part("organisation", take(s.organisation, rows), s.organisations)
    if q.time is not None:
        buckets = Coder()
        bucket = np.zeros(len(s.periods), dtype=np.int64)
        for pid in present(take(s.period, rows), len(s.periods)):
            inside = s.periods[pid]
            assert inside is not None  # periods not stated are set aside
            bucket[pid] = buckets.code(q.scope.period(inside).bucket)
        part(q.time, bucket[take(s.period, rows)], buckets.values)
    if "submetric" in q.by:
        part("metric", take(s.metric, rows), s.metrics)
    code, size = combine(len(rows), parts)
    group, originals = compact(code, size)
    keys = Keys.of(group, len(originals), parts, names)
    tangled = _tangled(q, rows, group, len(originals))
    tangled_groups = np.flatnonzero(tangled)
    if tangled_groups.size:
        loose = ~tangled[group]
        aside = np.union1d(aside, rows[~loose])
        rows, group = rows[loose], group[loose]
        if not rows.size:
            return None
    part_result = _reference_part(q, aside) if aside.size else None
    notes: dict[int, list[str]] = {}
    if not sums_over_time(q.aggregation):
        rows, group, notes = _latest(q, rows, group)
    missing = _missing(q, keys)
    return result(q, rows, group, keys, notes, part_result, tangled_groups, missing)


def _reference_part(q: Ask, rows: Ints) -> AggregationResult:
    """The reference engine's answer about these figures alone: the rows of their groups,
    and what it leaves out and reconciles (the other groups never hold them)."""
    engine = Run(q.data, q.scope)
    # In the order the engine meets them: by metric as it lists them, then dataset order.
    s = q.store
    metric_order = np.full(len(s.metrics), len(s.metrics), dtype=np.int64)
    for i, code in enumerate(engine.codes):
        if code in s.metrics:
            metric_order[s.metrics.index(code)] = i
    position = s.position[rows]
    order = np.lexsort((position, metric_order[s.metric[rows]]))
    observations = q.data.observations
    return engine.run([observations[i] for i in position[order].tolist()])


def _latest(q: Ask, rows: Ints, group: Ints) -> tuple[Ints, Ints, dict[int, list[str]]]:
    """For stocks: the latest figure of each series in each group, a note per superseded one.

    The latest ends last, then starts last, then has the larger id, as in
    `danvan._aggregate.semantics.latest`; notes come in the order the reference engine writes them.
    """
    s = q.store
    series, size = combine(
        len(rows),
        [
            (group, int(group.max()) + 1),
            (take(s.metric, rows), len(s.metrics)),
            (take(s.place, rows) + 1, len(s.places) + 1),
            (take(s.organisation, rows) + 1, len(s.organisations) + 1),
            (take(s.label, rows), len(s.labels)),
        ],
    )
    series, _ = compact(series, size)
    # The rows' periods are stated and closed (others are set aside): rank them by end,
    # then start.
    rank = np.zeros(len(s.periods), dtype=np.int64)
    ends: dict[int, tuple[object, object]] = {}
    for pid in present(take(s.period, rows), len(s.periods)):
        p = s.periods[pid]
        assert p is not None
        ends[pid] = (p.end, p.start)
    rank_of: dict[tuple[object, object], int] = {}
    for r, pid in enumerate(sorted(ends, key=ends.__getitem__)):
        # Equal ends and starts (one period on two calendars) share a rank.
        rank[pid] = rank_of.setdefault(ends[pid], r)
    local = np.arange(len(rows))  # rows are in id order: a larger index is a larger id
    order = np.lexsort((local, rank[take(s.period, rows)], series))
    last = np.r_[series[order][1:] != series[order][:-1], True]
    chosen_of = np.zeros(int(series.max()) + 1, dtype=np.int64)
    chosen_of[series[order[last]]] = order[last]
    keep = np.zeros(len(rows), dtype=np.bool_)
    keep[order[last]] = True
    notes: dict[int, list[str]] = {}
    superseded = np.flatnonzero(~keep)
    if superseded.size:
        first = np.full(int(series.max()) + 1, len(rows), dtype=np.int64)
        np.minimum.at(first, series, local)
        superseded = superseded[
            np.lexsort((superseded, first[series[superseded]], group[superseded]))
        ]
        text = [str(p) for p in s.periods]
        ids, period = take(s.ids, rows).tolist(), take(s.period, rows).tolist()
        for i, g, c in zip(
            superseded.tolist(),
            group[superseded].tolist(),
            chosen_of[series[superseded]].tolist(),
            strict=True,
        ):
            notes.setdefault(g, []).append(
                superseded_note(ids[i], text[period[i]], ids[c], text[period[c]])
            )
    return rows[keep], group[keep], notes


def _missing(q: Ask, keys: Keys | None) -> tuple[Key, ...]:
    """The expected groups nothing counts in, by the one rule (`Scope.missing`)."""
    names = [name for name, _ in q.scope.expected()]
    return q.scope.missing(set() if keys is None else keys.projection(names))
