"""A columnar engine for the bulk of `aggregate`: leaf figures summed with numpy.

The reference engine (`danvan._aggregation`) handles every case one observation at a
time. Most of a large dataset is the simple case: one figure per commune, month and
metric, nothing restated, no totals beside their parts. For that part this engine
computes the same answer from columns: the observations of a dataset are turned into
integer columns once (kept in the dataset's index cache), and each query groups them
with numpy and builds each `Row` when it is first read.

The reference engine works group by group: a group's total depends on its own figures
only. So each query is split:

* the figures the reference engine would leave out (a ratio or a figure of another
  dimension, an open period or one across the query's edge, another calendar, no
  place or no unit at the level asked for, no organisation, no time piece) go to it,
  and it lists them;
* so do the groups whose figures it would not simply add ("tangled" groups): two
  figures stating one (a restatement), a metric beside one of its sub-metrics, a
  place beside a place within it, or, for flows, two periods sharing a day;
* the other groups hold only leaves, and are summed here.

It declines (returns None, and the reference engine answers the whole question) for
ratio and minimum metrics, explicit places (``by="place"``), figures that
``partial="include"`` or ``mix_calendars=True`` would keep, numbers too large for
int64, and when no group is left for it.

The rules stay defined once: group keys and time buckets come from
`danvan._aggregation`, how a total reads from `danvan._quantity`, and the groups the
vectorised sums leave aside (fewer than two non-zero figures, units without a whole
conversion factor) are combined by `danvan._semantics.combine_places` itself. Results
equal the reference engine's, row for row: ``tests/test_columnar.py`` checks it.
"""

from __future__ import annotations

import decimal
import functools
import gc
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, TypeVar

import attrs
import numpy as np
import numpy.typing as npt
import pendulum

from danvan._aggregation import (
    _PLACE_LEVELS,
    _TIME,
    AggregationResult,
    Key,
    Row,
    Rows,
    _at_least,
    _Engine,
    _time_bucket,
    lower_bound_note,
    superseded_note,
)
from danvan._dataset import Dataset
from danvan._metrics import Aggregation, Breakdown, Metric
from danvan._period import Period
from danvan._places import Level
from danvan._quantity import Qualifier, Quantity, reading, trusted_bounds, trusted_quantity
from danvan._ratio import Ratio
from danvan._semantics import combine_places, sums_over_time
from danvan._units import Dimension, Unit, base_unit, counts_in

__all__ = ["aggregate_columnar"]

T = TypeVar("T", bound=np.generic)
Ints = npt.NDArray[np.int64]
Codes = npt.NDArray[np.int32]
Bools = npt.NDArray[np.bool_]

_QUALIFIERS = tuple(Qualifier)
_INDEX = {q: i for i, q in enumerate(_QUALIFIERS)}
_BIT = {q: 1 << i for i, q in enumerate(_QUALIFIERS)}


@functools.cache
def _qualifiers(bits: int) -> frozenset[Qualifier]:
    """The qualifiers whose bits are set."""
    return frozenset(x for x in _QUALIFIERS if bits & _BIT[x])


_DIMENSIONS = tuple(Dimension)
_NO_EXPONENT = 127  # above any exponent: where a cell has no Decimal, its minimum stays this
_LIMIT = 2**62  # every scaled number and every sum stays below this in int64
_MAX_SCALE = 18
_TEN: list[int] = [int(10**i) for i in range(2 * _MAX_SCALE + 1)]
_CACHE_KEY = "columnar"


# -- the columns of a dataset, built once ---------------------------------------------------


class _Coder:
    """Distinct values of one column and their integer codes, in order of first sight."""

    def __init__(self) -> None:
        self.index: dict[Any, int] = {}
        self.values: list[Any] = []

    def code(self, value: Any) -> int:
        found = self.index.get(value)
        if found is None:
            found = self.index[value] = len(self.values)
            self.values.append(value)
        return found


@attrs.define(eq=False)
class _Number:
    """A number column: values times 10**scale as int64, and how to read sums back."""

    scaled: Ints
    decimal: Bools  # the number is a Decimal (else an int)
    exponent: npt.NDArray[np.int8]  # its Decimal exponent; 0 for ints


@attrs.define(eq=False)
class _Bounds:
    """The bounds of the figures that are not exact (a few rows: kept apart, to save memory).

    Exact figures have lower = upper = point; the point column holds every figure's
    point (0 where it has none).
    """

    rows: Ints  # the store rows, ascending
    lower: _Number
    upper: _Number  # 0 where there is no upper end
    upper_none: Bools
    point_none: Bools
    lower_open: Bools
    upper_open: Bools


@attrs.define(eq=False)
class _Store:
    """Every observation of a dataset as columns, rows sorted by observation id.

    Codes index the lists below them; -1 stands for None (no place, no organisation)
    and, in ``unit``, for a figure that is a `Ratio`.
    """

    position: npt.NDArray[np.int32 | np.int64]  # the row's index in dataset.observations
    ids: npt.NDArray[np.object_]
    metric: Codes
    place: Codes
    organisation: Codes
    period: Codes
    label: Codes  # the disaggregation
    unit: Codes
    qualifier: npt.NDArray[np.int8]  # index in _QUALIFIERS
    point: _Number
    bounds: _Bounds
    decimal_rows: Ints  # the rows whose point is a Decimal (few, usually)
    metrics: list[str]
    places: list[str]
    organisations: list[str]
    periods: list[Period]
    period_row: list[int]  # a row of each period, to ask `_time_bucket` about it
    labels: list[str]
    units: list[Unit]
    scale: int
    largest: int  # the largest scaled number: sums of n numbers stay below n times it
    # The rows that state a figure another row states too (restatements), or sit beside
    # their labelled parts or their unlabelled whole, ascending: never simply added.
    entangled: Ints
    memo: dict[Any, Any] = attrs.field(factory=dict)  # place look-ups, by level and date

    def owner(self, rows: Ints) -> Codes:
        """The organisation where it identifies a figure: when the figure names no place."""
        found: Codes = np.where(_take(self.place, rows) < 0, _take(self.organisation, rows), -1)
        return found


def _store(dataset: Dataset) -> _Store | None:
    """The columns of ``dataset`` (None if its numbers do not fit), built on first use."""
    # The dataset's own cache: it is immutable, so the columns never go stale.
    index: dict[str, Any] = dataset._index
    if _CACHE_KEY not in index:
        index[_CACHE_KEY] = _build(dataset)
    found: _Store | None = index[_CACHE_KEY]
    return found


def _build(dataset: Dataset) -> _Store | None:
    observations = dataset.observations
    ids = [o.id for o in observations]
    order = sorted(range(len(ids)), key=ids.__getitem__)
    n = len(order)
    metric, place, org, period, label, unit, qualifier = ([0] * n for _ in range(7))
    points: list[int | Decimal] = [0] * n
    special: list[tuple[int, Quantity]] = []  # rows whose bounds are not just their value
    metrics, places, orgs, labels, units, periods = (_Coder() for _ in range(6))
    places.code(None)
    orgs.code(None)
    period_of: dict[int, int] = {}  # loaders share period objects: find them by identity
    period_row: list[int] = []
    for row, i in enumerate(order):
        o = observations[i]
        p = o.period
        pid = period_of.get(id(p))
        if pid is None:
            pid = period_of[id(p)] = periods.code(p)
            if pid == len(period_row):
                period_row.append(row)
        metric[row] = metrics.code(o.metric)
        place[row] = places.code(o.place) - 1  # code 0 is None
        org[row] = orgs.code(o.organisation) - 1
        period[row] = pid
        label[row] = labels.code(o.disaggregation)
        value = o.value
        if type(value) is Ratio:
            unit[row] = -1
            continue
        assert isinstance(value, Quantity)
        unit[row] = units.code(value.unit)
        qualifier[row] = _INDEX[value.qualifier]
        if value.qualifier is Qualifier.EXACT:
            assert value.value is not None
            points[row] = value.value
        else:
            special.append((row, value))
    numbers = _numbers(points, special)
    if numbers is None:
        return None
    point, bounds, scale = numbers
    columns = [_codes(c) for c in (metric, place, org, period, label, unit)]
    owner = np.where(columns[1] < 0, columns[2], -1)
    # What a figure is about (metric, place or owner, period), then with its label: its key.
    about, about_size = _combine(
        n, [(c + 1, int(c.max(initial=0)) + 2) for c in (*columns[:2], owner, columns[3])]
    )
    key, _ = _combine(n, [(about, about_size), (columns[4], len(labels.values))])
    largest = [np.abs(c.scaled).max(initial=0) for c in (point, bounds.lower, bounds.upper)]
    return _Store(
        position=_codes(order),
        ids=np.array([ids[i] for i in order], dtype=object),
        metric=columns[0],
        place=columns[1],
        organisation=columns[2],
        period=columns[3],
        label=columns[4],
        unit=columns[5],
        qualifier=np.array(qualifier, dtype=np.int8),
        point=point,
        bounds=bounds,
        decimal_rows=np.flatnonzero(point.decimal),
        metrics=metrics.values,
        places=places.values[1:],
        organisations=orgs.values[1:],
        periods=periods.values,
        period_row=period_row,
        labels=labels.values,
        units=units.values,
        scale=scale,
        largest=int(max(largest)),
        entangled=np.union1d(
            _shared_keys(key), _breakdowns(about, about_size, columns[4], labels.index)
        ),
    )


def _shared_keys(key: Ints) -> Ints:
    """The rows whose key another row has too, ascending."""
    order = np.argsort(key, kind="stable")
    same = key[order][1:] == key[order][:-1]
    found: Ints = np.unique(np.concatenate([order[1:][same], order[:-1][same]]))
    return found


def _breakdowns(about: Ints, size: int, label: Codes, codes: dict[Any, int]) -> Ints:
    """The rows of an unlabelled whole and its labelled parts (same metric, place, period).

    `danvan._breakdown`: an unlabelled figure beside labelled ones is their whole.
    """
    blank = codes.get("")
    if blank is None or len(codes) == 1:
        return np.zeros(0, dtype=np.int64)  # no unlabelled figure, or no labelled one
    unlabelled = label == blank
    dense, originals = _compact(about, size)
    both = (np.bincount(dense[unlabelled], minlength=len(originals)) > 0) & (
        np.bincount(dense[~unlabelled], minlength=len(originals)) > 0
    )
    found: Ints = np.flatnonzero(both[dense])
    return found


def _codes(values: list[int]) -> Codes:
    """Integer codes in the smallest type that holds them (memory is the point here)."""
    low, high = min(values, default=0), max(values, default=0)
    kind = np.int16 if -(2**15) <= low and high < 2**15 else np.int32
    found: Codes = np.array(values, dtype=kind)
    return found


def _exponent(value: int | Decimal) -> int:
    if isinstance(value, int):
        return 0
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # Quantity and Bounds refuse non-finite numbers
    return exponent


def _scaled(value: int | Decimal, scale: int) -> int:
    """``value * 10**scale``, exactly, as an int (``scale`` is at least its decimal places)."""
    if isinstance(value, int):
        return value * _TEN[scale]
    return int(value.scaleb(scale))


def _column(values: list[int | Decimal], scale: int) -> _Number | None:
    """A number column of ``values``, None if one does not fit in int64 with room to add."""
    try:
        scaled = np.array([_scaled(v, scale) for v in values], dtype=np.int64)
    except OverflowError:
        return None
    if scaled.size and int(np.abs(scaled).max()) >= _LIMIT:
        return None
    decimal = np.array([not isinstance(v, int) for v in values], dtype=np.bool_)
    exponent = np.zeros(len(values), dtype=np.int8)
    if decimal.any():
        exponent[:] = [_exponent(v) for v in values]
    return _Number(scaled, decimal, exponent)


def _numbers(
    points: list[int | Decimal], special: list[tuple[int, Quantity]]
) -> tuple[_Number, _Bounds, int] | None:
    """The point column and the sparse bounds, scaled to int64; None when they do not fit."""
    lowers: list[int | Decimal] = []
    uppers: list[int | Decimal] = []
    flags: list[list[bool]] = [[], [], [], []]
    for row, q in special:
        b = q.bounds
        points[row] = 0 if q.point is None else q.point
        lowers.append(b.lower)
        uppers.append(0 if b.upper is None else b.upper)
        for flag, value in zip(
            flags,
            (b.upper is None, q.point is None, not b.lower_closed, not b.upper_closed),
            strict=True,
        ):
            flag.append(value)
    exponents = [_exponent(v) for v in (*points, *lowers, *uppers) if not isinstance(v, int)]
    if exponents and (max(exponents) > 100 or min(exponents) < -_MAX_SCALE):
        return None
    scale = max(0, *(-e for e in exponents)) if exponents else 0
    point, lower, upper = (_column(c, scale) for c in (points, lowers, uppers))
    if point is None or lower is None or upper is None:
        return None
    bounds = _Bounds(
        rows=np.array([row for row, _ in special], dtype=np.int64),
        lower=lower,
        upper=upper,
        upper_none=np.array(flags[0], dtype=np.bool_),
        point_none=np.array(flags[1], dtype=np.bool_),
        lower_open=np.array(flags[2], dtype=np.bool_),
        upper_open=np.array(flags[3], dtype=np.bool_),
    )
    return point, bounds, scale


def _take(column: npt.NDArray[T], rows: Ints) -> npt.NDArray[T]:
    """``column[rows]`` for ascending distinct ``rows``: the column itself when they are all."""
    return column if len(rows) == len(column) else column[rows]


def _compact(codes: Ints, size: int) -> tuple[Ints, Ints]:
    """Dense codes 0..k-1 for ``codes`` (each below ``size``), and the code each stands for."""
    if size <= 4 * len(codes) + 4096:
        present = np.bincount(codes, minlength=size) > 0
        dense = np.cumsum(present) - 1
        return dense[codes], np.flatnonzero(present)
    originals, dense_codes = np.unique(codes, return_inverse=True)
    return dense_codes.astype(np.int64), originals


def _present(codes: npt.NDArray[Any], size: int) -> list[int]:
    """The distinct codes among ``codes`` (each in ``range(size)``), in increasing order."""
    found: list[int] = np.flatnonzero(np.bincount(codes, minlength=size)).tolist()
    return found


def _combine(n: int, columns: Sequence[tuple[npt.NDArray[Any], int]]) -> tuple[Ints, int]:
    """One code per combination of the columns' codes (each ``(codes, size)``), and the size.

    The code is the mixed-radix number of the column codes, so ``_keys`` can take it
    apart; should that exceed int64, the codes so far are compacted first.
    """
    code = np.zeros(n, dtype=np.int64)
    size = 1
    for column, width in columns:
        width = max(width, 1)
        if size * width >= _LIMIT:
            code, originals = _compact(code, size)
            size = len(originals)
        code = code * width + column
        size *= width
    return code, size


# -- one query --------------------------------------------------------------------------------


@attrs.define(eq=False)
class _Query:
    """One `aggregate` question, with the columns of its dataset."""

    ds: Dataset
    store: _Store
    metric: Metric
    period: Period | None
    by: tuple[str, ...]
    scope: str | None
    as_of: pendulum.Date
    aggregation: Aggregation
    include_submetrics: bool = True
    partial: str = "exclude"
    mix_calendars: bool = False

    def reference_engine(self) -> _Engine:
        """The reference engine, asked the same question."""
        return _Engine(
            self.ds,
            self.metric,
            period=self.period,
            by=self.by,
            places=(),
            scope=self.scope,
            as_of=self.as_of,
            include_submetrics=self.include_submetrics,
            partial=self.partial,
            mix_calendars=self.mix_calendars,
        )

    @property
    def level(self) -> Level | None:
        return next((_PLACE_LEVELS[b] for b in self.by if b in _PLACE_LEVELS), None)

    @property
    def time(self) -> str | None:
        return next((b for b in self.by if b in _TIME), None)


def aggregate_columnar(
    dataset: Dataset,
    metric: str,
    *,
    period: Period | None,
    by: tuple[str, ...],
    places: tuple[str, ...],
    scope: str | None,
    as_of: pendulum.Date,
    include_submetrics: bool,
    partial: str = "exclude",
    mix_calendars: bool = False,
) -> AggregationResult | None:
    """`aggregate`'s answer computed on columns, or None when the reference engine must run.

    The arguments are those `aggregate` has checked and passes to its engine. See the
    module documentation for when it answers.

    Args:
        dataset: The data.
        metric: Code of the metric.
        period: The query period, or None.
        by: The grouping names.
        places: Explicit places (``by="place"``): always declined.
        scope: Only figures within this place.
        as_of: The date whose place hierarchy is used.
        include_submetrics: Whether the metric's sub-metrics count.
        partial: ``"include"`` keeps figures partly inside the period (declined here).
        mix_calendars: Whether figures of another calendar count (declined here).

    Returns:
        The result, equal to the reference engine's; None when a precondition fails.
    """
    if places or "place" in by:
        return None
    head = dataset.catalogue.get(metric)
    if head.aggregation not in (Aggregation.FLOW, Aggregation.STOCK):
        return None
    codes = [head.code]
    if include_submetrics:
        codes += [m.code for m in dataset.catalogue.descendants(head.code)]
    if any(dataset.catalogue.get(c).aggregation is not head.aggregation for c in codes):
        return None
    store = _store(dataset)
    if store is None:
        return None
    query = _Query(
        ds=dataset,
        store=store,
        metric=head,
        period=period,
        by=by,
        scope=scope,
        as_of=as_of,
        aggregation=head.aggregation,
        include_submetrics=include_submetrics,
        partial=partial,
        mix_calendars=mix_calendars,
    )
    selected = _select(query, codes)
    if selected is None:
        return None
    rows, aside = selected
    if not rows.size and not aside.size:  # nothing reported: every expected group is missing
        return AggregationResult(
            metric=head.code,
            period=period,
            by=by,
            as_of=as_of,
            rows=(),
            missing=_missing(query, set()),
        )
    # Building a row per group allocates many objects and no cycles: a full collection
    # over the dataset's millions of objects, triggered midway, would cost more than the
    # whole query. The collector is paused meanwhile (and resumed even on error).
    paused = gc.isenabled()
    gc.disable()
    try:
        return _aggregate(query, rows, aside)
    finally:
        if paused:
            gc.enable()


class _Rows:
    """The rows a query looks at, and which codes of a column they hold.

    While the rows are exactly those of some metrics, the codes present come from small
    per-metric tables built once per dataset, instead of a pass over a million rows.
    """

    def __init__(self, store: _Store, rows: Ints, metrics: Bools | None) -> None:
        self.store = store
        self.rows = rows
        self.metrics = metrics  # the metrics whose rows these are, while that holds

    def keep(self, mask: Bools) -> None:
        """Keep only the rows where ``mask`` holds."""
        if not mask.all():
            self.rows = self.rows[mask]
            self.metrics = None

    def present(self, name: str) -> list[int]:
        """The distinct codes of column ``name`` among the rows, ascending (-1 included)."""
        s = self.store
        column: Codes = getattr(s, name)
        if self.metrics is None:
            return [c - 1 for c in _present(_take(column, self.rows) + 1, _width(s, name))]
        table = _presence(s, name)
        return (np.flatnonzero(table[self.metrics].any(axis=0)) - 1).tolist()

    def by_metric(self, name: str) -> dict[int, list[int]]:
        """For each metric among the rows, the codes of column ``name`` its rows hold."""
        assert self.metrics is not None
        table = _presence(self.store, name)
        return {
            m: (np.flatnonzero(table[m]) - 1).tolist()
            for m in np.flatnonzero(self.metrics).tolist()
        }


def _width(s: _Store, name: str) -> int:
    """How many codes column ``name`` has, plus one for -1."""
    sizes = {
        "metric": len(s.metrics),
        "place": len(s.places),
        "organisation": len(s.organisations),
        "period": len(s.periods),
        "unit": len(s.units),
    }
    return sizes[name] + 1


def _presence(s: _Store, name: str) -> Bools:
    """Which codes of column ``name`` (shifted by one: -1 first) each metric's rows hold."""
    key = ("presence", name)
    if key not in s.memo:
        width = _width(s, name)
        table = np.zeros((len(s.metrics), width), dtype=np.bool_)
        column: Codes = getattr(s, name)
        table.reshape(-1)[_present(s.metric.astype(np.int64) * width + column + 1, table.size)] = (
            True
        )
        s.memo[key] = table
    found: Bools = s.memo[key]
    return found


def _select(q: _Query, codes: list[str]) -> tuple[Ints, Ints] | None:
    """The figures in the question, as two sets of store rows (ascending): those that
    may enter totals here, and those the reference engine leaves out (and lists).

    None when the reference engine must answer the whole question. The checks follow
    its order: what lies outside the question period is dropped, then what it would
    leave out is set aside, then what lies outside the asked place is dropped.
    """
    s, cat = q.store, q.ds.catalogue
    wanted = np.zeros(len(s.metrics), dtype=np.bool_)
    for code in codes:
        if code in s.metrics:
            wanted[s.metrics.index(code)] = True
    every = wanted.all() or len(s.metrics) == 0
    r = _Rows(s, np.arange(len(s.position)) if every else np.flatnonzero(wanted[s.metric]), wanted)
    # A figure of a metric that groups several units, a ratio, or another dimension.
    wrong = np.zeros((len(s.metrics), len(s.units) + 1), dtype=np.bool_)
    for m, units in r.by_metric("unit").items():
        metric = cat.get(s.metrics[m])
        for u in units:
            wrong[m, u + 1] = (
                metric.is_group
                or u < 0
                or (metric.dimension is not None and s.units[u].dimension is not metric.dimension)
            )
    state = _period_states(q, r)
    if state is None:
        return None
    r.keep(state[_take(s.period, r.rows)] != _OUTSIDE)
    rows = r.rows
    # Each check reads the rows only when some value it looks up fails it (rarely).
    aside = np.zeros(len(rows), dtype=np.bool_)
    if (state == _LEFT_OUT).any():
        aside |= state[_take(s.period, rows)] == _LEFT_OUT
    if wrong.any():
        aside |= wrong[_take(s.metric, rows), _take(s.unit, rows) + 1]
    places = r.present("place")
    place = _take(s.place, rows)  # -1 (no place) reads the value appended to each table
    if q.level is not None or q.scope is not None:
        known = np.r_[_known(q), False]
        if not known[places].all():
            aside |= ~known[place]
    if q.scope is not None:
        inside = aside | np.r_[_within(q, places), False][place]
        if not inside.all():
            rows, aside, place = rows[inside], aside[inside], place[inside]
    if q.level is not None:
        area = np.r_[_areas(q, q.level)[0], -1]
        if (area[places] < 0).any():
            aside |= area[place] < 0
    if "organisation" in q.by and -1 in r.present("organisation"):
        aside |= _take(s.organisation, rows) < 0
    if not aside.any():
        return rows, rows[:0]
    return rows[~aside], rows[aside]


_OUTSIDE, _INSIDE, _LEFT_OUT = 0, 1, 2


def _period_states(q: _Query, r: _Rows) -> npt.NDArray[np.int8] | None:
    """For each period (by code): outside the question, inside it, or left out by the
    reference engine (open, another calendar, across the query's edge, no time piece).

    None when a figure might be kept whole or compared across calendars (``partial``,
    ``mix_calendars``): the reference engine then answers.
    """
    s = q.store
    state = np.full(len(s.periods), _OUTSIDE, dtype=np.int8)
    for pid in r.present("period"):
        p = s.periods[pid]
        if q.period is not None:
            dates = p if p.calendar is q.period.calendar else p.with_calendar(q.period.calendar)
            if not q.period.overlaps(dates):
                continue  # outside the question: not a figure left out
        state[pid] = _INSIDE
        if p.is_open:
            state[pid] = _LEFT_OUT
        elif q.period is not None and p.calendar is not q.period.calendar:
            if q.mix_calendars:
                return None
            state[pid] = _LEFT_OUT
        elif q.period is not None and not q.period.contains(p):
            if q.partial == "include":
                return None
            state[pid] = _LEFT_OUT
        elif q.time is not None and _bucket(q, pid) is None:
            state[pid] = _LEFT_OUT
    return state


def _bucket(q: _Query, pid: int) -> str | None:
    """The time bucket of period ``pid``, by the reference engine's own rule."""
    assert q.time is not None
    s = q.store
    obs = q.ds.observations[int(s.position[s.period_row[pid]])]
    return _time_bucket(obs, q.time, q.period)[0]


def _known(q: _Query) -> Bools:
    """For each place code, whether the dataset's gazetteer knows it (built once)."""
    s = q.store
    if "known" not in s.memo:
        s.memo["known"] = np.array([code in q.ds.places for code in s.places], dtype=np.bool_)
    known: Bools = s.memo["known"]
    return known


def _within(q: _Query, places: list[int]) -> Bools:
    """For each place code, whether it lies within the query's ``scope`` as of its date."""
    assert q.scope is not None
    s = q.store
    level = q.ds.places.get(q.scope).level
    inside = np.zeros(len(s.places), dtype=np.bool_)
    for pid in places:
        if pid < 0 or s.places[pid] not in q.ds.places:
            continue  # no place, or an unknown one: such figures are set aside already
        found = q.ds.places.ancestor_at(s.places[pid], level, as_of=q.as_of)
        inside[pid] = found is not None and found.code == q.scope
    return inside


def _areas(q: _Query, level: Level) -> tuple[Ints, list[str]]:
    """For each place, the index of its unit at ``level`` in the list returned (-1: none)."""
    s = q.store
    key = ("area", level, q.as_of)
    if key not in s.memo:
        codes = _Coder()
        area = np.full(len(s.places), -1, dtype=np.int64)
        for pid, code in enumerate(s.places):
            if code in q.ds.places:
                found = q.ds.places.ancestor_at(code, level, as_of=q.as_of)
                if found is not None:
                    area[pid] = codes.code(found.code)
        s.memo[key] = (area, codes.values)
    found_areas: tuple[Ints, list[str]] = s.memo[key]
    return found_areas


def _nesting(q: _Query) -> tuple[Ints, Ints]:
    """Pairs (place, an ancestor of it) among the places of the dataset's figures."""
    s = q.store
    if "nesting" not in s.memo:
        code_of = {code: pid for pid, code in enumerate(s.places)}
        pairs = [
            (pid, code_of[a.code])
            for pid, code in enumerate(s.places)
            if code in q.ds.places
            for a in q.ds.places.ancestors(code)
            if a.code in code_of
        ]
        s.memo["nesting"] = (
            np.array([p for p, _ in pairs], dtype=np.int64),
            np.array([a for _, a in pairs], dtype=np.int64),
        )
    nesting: tuple[Ints, Ints] = s.memo["nesting"]
    return nesting


def _tangled(q: _Query, rows: Ints, group: Ints, size: int) -> Bools:
    """Which groups hold figures the reference engine would not simply add.

    A group is tangled when two of its figures state one figure (a restatement), or one
    may cover or overlap another: a metric beside one of its sub-metrics, a place
    beside a place within it, or (for flows) two periods sharing a day. Such groups are
    left to the reference engine; the others hold only leaves, which it would add.
    """
    s = q.store
    tangled = np.zeros(size, dtype=np.bool_)
    metric, place, period = (_take(c, rows) for c in (s.metric, s.place, s.period))
    if s.entangled.size:  # restatements, wholes beside their labelled parts
        tangled[group[_positions(rows, s.entangled)[0]]] = True
    present = [s.metrics[m] for m in _present(metric, len(s.metrics))]
    code_of = {code: m for m, code in enumerate(s.metrics)}
    nested = [
        (code_of[m], code_of[a.code])
        for m in present
        for a in q.ds.catalogue.ancestors(m)
        if a.code in code_of
    ]
    _mark_pairs(tangled, group, metric, len(s.metrics), nested)
    child, ancestor = _nesting(q)
    within = list(zip((child + 1).tolist(), (ancestor + 1).tolist(), strict=True))
    _mark_pairs(tangled, group, place + 1, len(s.places) + 1, within)
    if q.aggregation is Aggregation.FLOW:
        spans = []
        for pid in _present(period, len(s.periods)):
            p = s.periods[pid]
            assert p.end is not None  # open periods were set aside
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


def _aggregate(q: _Query, rows: Ints, aside: Ints) -> AggregationResult | None:
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
        rank = _ranks(values)
        parts.append((rank[codes], len(values)))
        names.append((name, sorted(values)))

    if q.level is not None:
        area, area_codes = _areas(q, q.level)
        part(q.level.value, area[_take(s.place, rows)], area_codes)
    if "organisation" in q.by:
        part("organisation", _take(s.organisation, rows), s.organisations)
    if q.time is not None:
        buckets = _Coder()
        bucket = np.zeros(len(s.periods), dtype=np.int64)
        for pid in _present(_take(s.period, rows), len(s.periods)):
            bucket[pid] = buckets.code(_bucket(q, pid))
        part(q.time, bucket[_take(s.period, rows)], buckets.values)
    if "submetric" in q.by:
        part("metric", _take(s.metric, rows), s.metrics)
    code, size = _combine(len(rows), parts)
    group, originals = _compact(code, size)
    keys = _Keys.of(group, len(originals), parts, names)
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
    return _result(q, rows, group, keys, notes, part_result, tangled_groups)


def _reference_part(q: _Query, rows: Ints) -> AggregationResult:
    """The reference engine's answer about these figures alone: the rows of their groups,
    and what it leaves out and reconciles (the other groups never hold them)."""
    engine = q.reference_engine()
    # In the order the engine meets them: by metric as it lists them, then dataset order.
    s = q.store
    metric_order = np.full(len(s.metrics), len(s.metrics), dtype=np.int64)
    for i, code in enumerate(engine.codes):
        if code in s.metrics:
            metric_order[s.metrics.index(code)] = i
    position = s.position[rows]
    order = np.lexsort((position, metric_order[s.metric[rows]]))
    observations = q.ds.observations
    return engine.run([observations[i] for i in position[order].tolist()])


@attrs.define(eq=False)
class _Keys:
    """The groups' keys as codes, each written as the reference engine writes it on request.

    Groups are numbered in the order of their keys.
    """

    size: int
    names: list[tuple[str, list[str]]]  # each key part's name, and its values
    codes: list[Ints]  # for each key part, each group's index in its values
    # Once many keys are read: for each part, its (name, value) pairs, shared by the keys
    # that hold them, and each group's code as a list
    _parts: list[tuple[list[tuple[str, str]], list[int]]] | None = attrs.field(
        default=None, init=False
    )

    @classmethod
    def of(
        cls,
        group: Ints,
        size: int,
        parts: list[tuple[Ints, int]],
        names: list[tuple[str, list[str]]],
    ) -> _Keys:
        one = np.zeros(size, dtype=np.int64)
        one[group] = np.arange(len(group))  # a row of each group
        return cls(size, names, [codes[one] for codes, _ in parts])

    def bulk(self) -> None:
        """Read the codes from Python lists from now on (many keys are about to be read)."""
        self._parts = [
            ([(name, value) for value in values], codes.tolist())
            for (name, values), codes in zip(self.names, self.codes, strict=True)
        ]

    def key(self, group: int) -> Key:
        """The key of ``group``."""
        if self._parts is None:
            pairs = zip(self.names, self.codes, strict=True)
            return tuple([(name, values[int(codes[group])]) for (name, values), codes in pairs])
        return tuple([pairs[codes[group]] for pairs, codes in self._parts])

    def pairs(self) -> set[tuple[str, str]]:
        """Every ``(name, value)`` pair some key holds."""
        return {
            (name, values[c])
            for (name, values), codes in zip(self.names, self.codes, strict=True)
            for c in _present(codes, len(values))
        }


def _ranks(values: list[str]) -> Ints:
    """Each value's place in the sorted values (as Python orders strings)."""
    rank = np.empty(len(values), dtype=np.int64)
    rank[sorted(range(len(values)), key=values.__getitem__)] = np.arange(len(values))
    return rank


def _latest(q: _Query, rows: Ints, group: Ints) -> tuple[Ints, Ints, dict[int, list[str]]]:
    """For stocks: the latest figure of each series in each group, a note per superseded one.

    The latest ends last, then starts last, then has the larger id, as in
    `danvan._semantics.latest`; notes come in the order the reference engine writes them.
    """
    s = q.store
    series, size = _combine(
        len(rows),
        [
            (group, int(group.max()) + 1),
            (_take(s.metric, rows), len(s.metrics)),
            (_take(s.place, rows) + 1, len(s.places) + 1),
            (s.owner(rows) + 1, len(s.organisations) + 1),
            (_take(s.label, rows), len(s.labels)),
        ],
    )
    series, _ = _compact(series, size)
    # The rows' periods are closed (open ones are set aside): rank them by end, then start.
    rank = np.zeros(len(s.periods), dtype=np.int64)
    present = _present(_take(s.period, rows), len(s.periods))
    by_end = sorted(present, key=lambda pid: (s.periods[pid].end, s.periods[pid].start))
    rank_of: dict[tuple[object, object], int] = {}
    for r, pid in enumerate(by_end):
        # Equal ends and starts (one period on two calendars) share a rank.
        rank[pid] = rank_of.setdefault((s.periods[pid].end, s.periods[pid].start), r)
    local = np.arange(len(rows))  # rows are in id order: a larger index is a larger id
    order = np.lexsort((local, rank[_take(s.period, rows)], series))
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
        ids, period = _take(s.ids, rows).tolist(), _take(s.period, rows).tolist()
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


@attrs.define(eq=False)
class _Sums:
    """Per-cell sums of one number column, and how to read them back."""

    total: Ints
    decimal: Bools
    exponent: Ints
    # The columns as lists, once many rows are read
    _lists: tuple[list[int], list[bool], list[int]] | None = attrs.field(default=None, init=False)

    @classmethod
    def of(cls, total: Ints, cells: Ints, exponents: npt.NDArray[Any], counted: Ints) -> _Sums:
        """Sums from their totals and, for each Decimal among the counted figures, its cell
        and exponent (``counted``: how many figures of each cell count)."""
        size = len(total)
        decimals = np.bincount(cells, minlength=size)
        exponent = np.full(size, _NO_EXPONENT, dtype=np.int64)
        np.minimum.at(exponent, cells, exponents.astype(np.int64))
        has_int = counted > decimals
        exponent[has_int] = np.minimum(exponent[has_int], 0)  # an int has exponent 0
        return cls(total, decimals > 0, exponent)

    def bulk(self) -> None:
        """Read the sums from Python lists from now on (many rows are about to be read)."""
        if self._lists is None:
            self._lists = (self.total.tolist(), self.decimal.tolist(), self.exponent.tolist())

    def number(self, cell: int, scale: int) -> int | Decimal:
        """The sum of ``cell`` as `add` gives it: an int, or a Decimal of the right exponent."""
        if self._lists is None:
            total, is_decimal = int(self.total[cell]), bool(self.decimal[cell])
            exponent = int(self.exponent[cell])
        else:
            totals, decimals, exponents = self._lists
            total, is_decimal, exponent = totals[cell], decimals[cell], exponents[cell]
        if not is_decimal:
            return total // _TEN[scale]  # Decimal addition keeps the smallest exponent
        shift = scale + exponent
        coefficient = total // _TEN[shift] if shift >= 0 else total * 10 ** (-shift)
        return Decimal(coefficient).scaleb(exponent)


def _any(flags: Bools, cell: Ints, size: int) -> Bools:
    """Whether any row of each cell has the flag (flags are rare: count the set ones)."""
    found: Bools = np.bincount(cell[flags], minlength=size) > 0
    return found


def _order(cell: Ints, size: int) -> Ints:
    """Indexes sorting ``cell`` with ties in their original order (a stable argsort, faster)."""
    if size < 2**16:
        return np.argsort(cell.astype(np.uint16), kind="stable")  # a radix sort
    # Unique keys make the faster unstable sort give the stable order.
    order: Ints = np.argsort(cell * len(cell) + np.arange(len(cell)))
    return order


@attrs.define(eq=False)
class _Units:
    """The unit each figure counts in, by the reference engine's rule, and its row bucket.

    Without a ``submetric`` grouping, sub-metrics count in the asked metric's unit when
    it has one that counts them without renaming them (`counts_in`). Rows then split per
    counting word for
    discrete dimensions, and per dimension for measured ones (grams and kilograms add).
    """

    units: list[Unit]  # the dataset's units, and the asked metric's unit
    counted: Ints  # for each unit, the index of the unit it counts in
    factor: Ints  # how many of that unit one of it makes (0: not a whole number)
    to_base: Ints  # for each unit, how many base units of its dimension one makes (0: ...)
    bucket: Ints  # for each unit, the row it goes to within a group
    into: dict[Unit, int]  # for each unit, the index of the unit it counts in
    all_units: list[Unit]  # the units, then each dimension's base unit: a bucket's unit

    @classmethod
    def of(cls, q: _Query) -> _Units:
        units = list(q.store.units)
        target = q.metric.unit if "submetric" not in q.by else None
        if target is not None and target not in units:
            units.append(target)
        counted, factor = [], []
        for i, u in enumerate(units):
            if target is not None and counts_in(u, target):
                counted.append(units.index(target))
                factor.append(_whole(u.factor, target.factor))
            else:
                counted.append(i)
                factor.append(1)
        bucket = [
            i if u.dimension.discrete else len(units) + _DIMENSIONS.index(u.dimension)
            for i, u in enumerate(units)
        ]
        return cls(
            units=units,
            counted=np.array(counted, dtype=np.int64),
            factor=np.array(factor, dtype=np.int64),
            to_base=np.array(
                [_whole(u.factor, base_unit(u.dimension).factor) for u in units], dtype=np.int64
            ),
            bucket=np.array(bucket, dtype=np.int64),
            into=dict(zip(units, counted, strict=True)),
            all_units=[*units, *(base_unit(d) for d in _DIMENSIONS)],
        )

    @property
    def buckets(self) -> int:
        return len(self.units) + len(_DIMENSIONS)

    def figure(self, q: Quantity) -> Quantity:
        """A figure in the unit it counts in (as the reference engine converts it)."""
        unit = self.units[self.into[q.unit]]
        return q if unit is q.unit else q.to_unit(unit)


def _whole(factor: int | Decimal, target: int | Decimal) -> int:
    """``factor / target`` when a whole number; else 0."""
    return int(factor // target) if factor % target == 0 else 0


def _result(
    q: _Query,
    rows: Ints,
    group: Ints,
    keys: _Keys,
    notes: dict[int, list[str]],
    part: AggregationResult | None = None,
    part_groups: Ints | None = None,
) -> AggregationResult | None:
    """One row per group and unit, sorted by keys, with what is missing.

    The sums, the unit and the place of every row are computed here, on columns; each
    `Row` and its total are built when first read (`_Table.row`).
    """
    s = q.store
    u = _Units.of(q)
    own_unit = _take(s.unit, rows).astype(np.int64)  # ufunc.at is fast only without casts
    unit = u.counted[own_unit]
    converted = u.factor[own_unit]
    if (converted == 0).any() or not _fits(
        s, len(rows), int(converted.max()) * int(u.to_base.max())
    ):
        return None  # a conversion by a fraction, or sums too large for int64
    factor = None if (converted == 1).all() else converted
    bucket = u.bucket[unit]
    cell, cell_code = _compact(group * u.buckets + bucket, keys.size * u.buckets)
    size = len(cell_code)
    f = _Sparse.of(s, rows, cell, size)
    # The unit of each cell, as `add` gives it: the bucket's for counting words; for
    # measured dimensions, the figures' own when they share one (exact zeros, which
    # `add` drops, aside), else the dimension's base unit, which `_Units` numbers after
    # the units themselves, as the cell's bucket.
    bucket_of_cell = cell_code % u.buckets
    measured = np.flatnonzero(bucket >= len(u.units))
    low, high = _unit_range(u, bucket_of_cell, cell, unit, measured[~f.zero[measured]])
    mixed = low != high
    only_zeros = f.counted == 0
    if only_zeros.any():
        low_all, high_all = _unit_range(u, bucket_of_cell, cell, unit, measured)
        low = np.where(only_zeros, low_all, low)
        one_unit = np.where(only_zeros, low_all == high_all, ~mixed)
    else:
        one_unit = ~mixed
    cell_unit = np.where(one_unit, low, bucket_of_cell)
    sums = f.sums(factor)
    # A converted figure that is not exact gets its bounds anew in the new unit, where a
    # whole Decimal reads as an int: cells with such figures go to the reference rule.
    plain = np.ones(size, dtype=np.bool_) if factor is None else f.none(factor[f.at] != 1)
    based = sums
    if mixed.any():
        # Units of one measured dimension convert to its base unit, as `add` does,
        # when the factor is whole; cells with another factor go to the reference rule.
        to_base = u.to_base[unit] * (1 if factor is None else factor)
        based = f.sums(to_base)
        whole = np.bincount(cell[to_base == 0], minlength=size) == 0
        plain = np.where(mixed, whole & f.none(to_base[f.at] != 1), plain)
    own = np.zeros(size, dtype=np.bool_)
    if q.metric.code in s.metrics:
        own = _any(_take(s.metric, rows) == s.metrics.index(q.metric.code), cell, size)
    # Rows sort by key, then by unit code; groups are already numbered in key order. The
    # rows of the reference engine's groups (``part``) take their places among them.
    groups = cell_code // u.buckets
    extra = list(part.rows) if part is not None else []
    # Only the groups the reference engine answered can hold its rows.
    chosen = range(keys.size) if part_groups is None else part_groups.tolist()
    group_of = {keys.key(g): g for g in chosen} if extra else {}
    extra_group = [group_of[row.keys[:-1]] for row in extra]
    codes = [x.code for x in u.all_units]
    extra_codes = [row.keys[-1][1] for row in extra]
    rank_of = {code: r for r, code in enumerate(sorted({*codes, *extra_codes}))}
    unit_rank = np.array([rank_of[code] for code in codes], dtype=np.int64)
    order = np.arange(size)
    if extra or np.count_nonzero(np.diff(groups)) + 1 != size:  # a group has several units
        place = np.concatenate(
            [
                groups * len(rank_of) + unit_rank[cell_unit],
                np.array(extra_group, dtype=np.int64) * len(rank_of)
                + np.array([rank_of[c] for c in extra_codes], dtype=np.int64),
            ]
        )
        order = np.argsort(place)
    columns = (groups, cell_unit, f.rows, f.counted, mixed, plain, own, f.bits, *f.flags)
    assert len(columns) == len(_CELL_COLUMNS)  # `_Table.value` reads them by position
    table = _Table(
        q=q,
        units=u,
        keys=keys,
        notes=notes,
        members=_Members(s, rows, cell, f.rows),
        order=order,
        columns=np.column_stack([np.asarray(x, dtype=np.int64) for x in columns]),
        sums=sums,
        based=based,
        extra=extra,
    )
    return AggregationResult(
        metric=q.metric.code,
        period=q.period,
        by=q.by,
        as_of=q.as_of,
        rows=Rows.lazy(size + len(extra), table.row),
        excluded=part.excluded if part is not None else (),
        reconciliations=part.reconciliations if part is not None else (),
        missing=_missing(q, keys.pairs()),
    )


def _unit_range(u: _Units, bucket: Ints, cell: Ints, unit: Ints, rows: Ints) -> tuple[Ints, Ints]:
    """Per cell, the least and greatest unit among ``rows`` (a counting word's own bucket's)."""
    discrete = bucket < len(u.units)
    low = np.where(discrete, bucket, len(u.units))
    high = np.where(discrete, bucket, -1)
    np.minimum.at(low, cell[rows], unit[rows])
    np.maximum.at(high, cell[rows], unit[rows])
    return low, high


@attrs.define(eq=False)
class _Sparse:
    """A query's figures by cell: exact ones are dense, the others few and kept apart."""

    store: _Store
    query: Ints  # the query's rows (store rows, ascending)
    rows: Ints  # how many rows each cell has
    cell: Ints  # each row's cell
    size: int
    point: Ints  # each row's point, scaled
    zero: Bools  # each row is an exact zero, which `add` drops
    counted: Ints  # how many rows of each cell count (are not exact zeros)
    at: Ints  # positions of the figures that are not exact
    source: Ints  # and where their bounds are in the store's sparse bounds
    decimal: Ints  # positions of counted figures whose point is a Decimal
    bits: Ints  # each cell's qualifiers other than EXACT, as bits
    flags: tuple[Bools, ...]  # per cell: any upper None, point None, open lower, open upper

    @classmethod
    def of(cls, s: _Store, rows: Ints, cell: Ints, size: int) -> _Sparse:
        b = s.bounds
        at, source = _positions(rows, b.rows)
        point = _take(s.point.scaled, rows)
        zero = point == 0
        zero[at] = False  # a figure that is not exact is never dropped
        decimal, _ = _positions(rows, s.decimal_rows)
        decimal = decimal[~zero[decimal]]
        in_cell = np.bincount(cell, minlength=size)
        counted = in_cell - np.bincount(cell[zero], minlength=size)
        bits = np.zeros(size, dtype=np.int64)
        qualifiers = s.qualifier[b.rows[source]].astype(np.int64)
        np.bitwise_or.at(bits, cell[at], np.left_shift(1, qualifiers))
        flags = tuple(
            np.bincount(cell[at[flag[source]]], minlength=size) > 0
            for flag in (b.upper_none, b.point_none, b.lower_open, b.upper_open)
        )
        return cls(
            s, rows, in_cell, cell, size, point, zero, counted, at, source, decimal, bits, flags
        )

    def none(self, flags: Bools) -> Bools:
        """Per cell, whether none of its figures that are not exact has the flag."""
        found: Bools = np.bincount(self.cell[self.at[flags]], minlength=self.size) == 0
        return found

    def sums(self, factor: Ints | None) -> list[_Sums]:
        """The lower, upper and point sums of each cell, each row times ``factor``."""
        s, b, cell = self.store, self.store.bounds, self.cell
        base = np.zeros(self.size, dtype=np.int64)
        np.add.at(base, cell, self.point if factor is None else self.point * factor)
        exact = self.decimal[~np.isin(self.decimal, self.at, assume_unique=True)]
        out = []
        for column in (b.lower, b.upper):
            # Bounds differ from the point only where a figure is not exact.
            total = base.copy()
            delta = column.scaled[self.source] - s.point.scaled[b.rows[self.source]]
            np.add.at(total, cell[self.at], delta if factor is None else delta * factor[self.at])
            mine = column.decimal[self.source]
            at = np.concatenate([exact, self.at[mine]])
            exponents = np.concatenate(
                [s.point.exponent[self.query[exact]], column.exponent[self.source[mine]]]
            )
            out.append(_Sums.of(total, cell[at], exponents, self.counted))
        exponents = s.point.exponent[self.query[self.decimal]]
        out.append(_Sums.of(base, cell[self.decimal], exponents, self.counted))
        return out


def _positions(rows: Ints, wanted: Ints) -> tuple[Ints, Ints]:
    """Where the ``wanted`` store rows are among ``rows`` (both ascending), for those found.

    Returns their positions in ``rows`` and their indexes in ``wanted``.
    """
    at = np.searchsorted(rows, wanted)
    hit = at < len(rows)
    hit[hit] = rows[at[hit]] == wanted[hit]
    return at[hit], np.flatnonzero(hit)


class _Members:
    """Which figures each cell holds, sorted by cell on first request (provenance is lazy)."""

    __slots__ = ("_asked", "_order", "cell", "edges", "ids", "position", "rows")

    def __init__(self, s: _Store, rows: Ints, cell: Ints, count: Ints) -> None:
        self.rows = rows
        self.cell = cell
        self.ids = s.ids
        self.position = s.position
        self.edges: Ints = np.r_[0, np.cumsum(count)]
        self._order: Ints | None = None
        self._asked = 0

    def of(self, c: int) -> Ints:
        """The store rows of cell ``c``, in id order."""
        if self._order is None:
            self._asked += 1
            if self._asked <= _SCANS:  # a few cells: a scan each beats sorting them all
                found: Ints = self.rows[np.flatnonzero(self.cell == c)]
                return found
            self._order = self.rows[_order(self.cell, len(self.edges) - 1)]
        return self._order[self.edges[c] : self.edges[c + 1]]

    def observations(self, c: int) -> list[int]:
        """The positions in ``dataset.observations`` of the figures of cell ``c``."""
        found: list[int] = self.position[self.of(c)].tolist()
        return found

    def provenance(self, c: int) -> tuple[str, ...]:
        """The ids of the figures of cell ``c``."""
        return tuple(self.ids[self.of(c)].tolist())


# The per-cell columns a row is built from, in `_Table.columns`.
# After this many rows are read, a table reads its columns as Python lists (converted
# once, in time proportional to the whole result) rather than numpy values one by one.
_BULK_READS = 64
# The figures of the first few cells asked for are found by a scan of the query's rows
# (about a millisecond a million); after that, the rows are sorted by cell once.
_SCANS = 8
_CELL_COLUMNS = (
    "group",
    "unit",  # in `_Units.all_units`
    "count",  # figures in the cell
    "counted",  # figures that count (exact zeros do not)
    "mixed",  # measured in several units: added in the base unit
    "plain",  # the sums give the total (else the reference rule does)
    "own",  # a figure of the asked metric itself is among them
    "bits",  # the qualifiers other than EXACT, as bits
    "upper_none",  # some figure has no upper bound
    "point_none",  # some figure has no point value
    "lower_open",  # some figure has an open lower bound
    "upper_open",  # some figure has an open upper bound
)


@attrs.define(eq=False)
class _Table:
    """A query's totals as columns, one entry per cell; `row` builds a cell's `Row`."""

    q: _Query
    units: _Units
    keys: _Keys
    notes: dict[int, list[str]]
    members: _Members
    order: Ints  # the cells in the result's order
    columns: Ints  # one row per cell, the `_CELL_COLUMNS`
    sums: list[_Sums]  # lower, upper, point
    based: list[_Sums]  # the same in base units, for mixed cells
    extra: list[Row]  # rows of the reference engine; ``order`` numbers them after the cells
    # The decimal context when the query ran: rows read later compute as they would then.
    context: decimal.Context = attrs.field(factory=lambda: decimal.getcontext().copy())
    shared: dict[tuple[int, int], Quantity] = attrs.field(factory=dict)  # exact totals
    unit_pairs: dict[str, tuple[str, str]] = attrs.field(factory=dict)  # ("unit", code) keys
    reads: int = 0
    # `columns` and `order` as lists, once many rows are read
    cells: list[list[int]] | None = None
    cell_order: list[int] | None = None

    def row(self, i: int) -> Row:
        """The ``i``-th row of the result, computed as it would have been at query time."""
        self.reads += 1
        if self.reads == _BULK_READS:  # many rows are read: Python lists serve them faster
            self.cells, self.cell_order = self.columns.tolist(), self.order.tolist()
            self.keys.bulk()
            for sums in (*self.sums, *self.based):
                sums.bulk()
        if self.cells is None or self.cell_order is None:
            c = int(self.order[i])
            if c >= len(self.columns):
                return self.extra[c - len(self.columns)]
            cell: list[int] = self.columns[c].tolist()
        else:
            c = self.cell_order[i]
            if c >= len(self.cells):
                return self.extra[c - len(self.cells)]
            cell = self.cells[c]
        with decimal.localcontext(self.context):
            return self._row(c, cell)

    def _row(self, c: int, cell: list[int]) -> Row:
        q, g = self.q, cell[0]
        value = self.value(c, cell)
        notes = tuple(self.notes[g]) if g in self.notes else ()
        if "submetric" not in q.by and q.metric.breakdown is Breakdown.PARTIAL and not cell[6]:
            value = _at_least(value)
            notes = (*notes, lower_bound_note(q.metric.code))
        code = value.unit.code
        unit = self.unit_pairs.get(code) or self.unit_pairs.setdefault(code, ("unit", code))
        return Row(
            keys=(*self.keys.key(g), unit),
            value=value,
            observations=functools.partial(self.members.provenance, c),
            notes=notes,
        )

    def value(self, c: int, cell: list[int]) -> Quantity:
        """The total of cell ``c`` (its columns ``cell``), as `danvan._quantity.add` gives it."""
        _, unit_index, count, counted, mixed, plain, _, bits, *flags = cell
        observations, u = self.q.ds.observations, self.units
        if count == 1:  # a single figure is its own total
            return u.figure(observations[self.members.observations(c)[0]].quantity)
        unit = u.all_units[unit_index]
        if counted < 2 or not plain:
            figures = [u.figure(observations[i].quantity) for i in self.members.observations(c)]
            total = combine_places(self.q.aggregation, figures)
            assert isinstance(total, Quantity)  # flows and stocks combine quantities
            return total
        lower, upper, point_sum = self.based if mixed else self.sums
        scale = self.q.store.scale
        if not bits:  # exact: shared when equal (a million figures have few distinct totals)
            point = point_sum.number(c, scale)
            found = self.shared.get((point, unit_index)) if isinstance(point, int) else None
            if found is None:
                found = _exact(point, unit)
                if isinstance(point, int):
                    self.shared[(point, unit_index)] = found
            return found
        upper_none, point_none, lower_open, upper_open = flags
        bounds = trusted_bounds(  # sums of valid bounds
            lower.number(c, scale),
            None if upper_none else upper.number(c, scale),
            lower_closed=not lower_open,
            upper_closed=bool(upper_none) or not upper_open,
        )
        return reading(
            bounds,
            unit,
            point=None if point_none else point_sum.number(c, scale),
            qualifiers=_qualifiers(bits),  # EXACT may be left out
            trusted=True,
        )


def _fits(s: _Store, n: int, factor: int) -> bool:
    """Whether sums of ``n`` scaled numbers, times ``factor``, stay within int64."""
    return s.largest * max(factor, 1) * max(n, 1) < _LIMIT


def _missing(q: _Query, pairs: set[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """The expected groups that reported nothing, by the reference engine's own method.

    It only asks which ``(name, value)`` pairs some key holds: one key per pair will do.
    """
    return q.reference_engine().missing({(pair,): [] for pair in pairs})


def _exact(value: int | Decimal, unit: Unit) -> Quantity:
    """An exact total, built without running again the checks its exact parts passed.

    The sum of valid exact figures in one unit is a valid exact figure, in the canonical
    form the constructor gives it (no explicit bounds).
    """
    return trusted_quantity(value, unit, Qualifier.EXACT, None)
