"""The columnar engine's columns: every observation of a dataset as integer columns.

Built once per dataset (and kept with it: a dataset never changes) by `store`, read by
each question of `danvan._aggregate.columnar`. Codes number the distinct values of a
column (metrics, places, periods, units, labels) in order of first sight; numbers are
scaled to int64 so that numpy sums them exactly, with what it takes to read a sum back
as `danvan._quantity` would give it.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import numpy as np
import numpy.typing as npt

from danvan._breakdown import Actors, actors_of
from danvan._period import Period
from danvan._quantity import Qualifier, Quantity
from danvan._ratio import Ratio
from danvan._text import match_key
from danvan._units import Dimension, Unit

if TYPE_CHECKING:  # annotations only
    from danvan._aggregate.rules import Data


__all__ = [
    "LIMIT",
    "NO_EXPONENT",
    "TEN",
    "Bools",
    "Coder",
    "Codes",
    "Ints",
    "Selection",
    "Store",
    "any_in",
    "combine",
    "compact",
    "positions",
    "present",
    "qualifiers_of",
    "stable_order",
    "store",
    "take",
]

Ints = npt.NDArray[np.int64]
Codes = npt.NDArray[np.int32]
Bools = npt.NDArray[np.bool_]

T = TypeVar("T", bound=np.generic)

_QUALIFIERS = tuple(Qualifier)
_INDEX = {q: i for i, q in enumerate(_QUALIFIERS)}
_BIT = {q: 1 << i for i, q in enumerate(_QUALIFIERS)}


@functools.cache
def qualifiers_of(bits: int) -> frozenset[Qualifier]:
    """The qualifiers whose bits are set."""
    return frozenset(x for x in _QUALIFIERS if bits & _BIT[x])


_DIMENSIONS = tuple(Dimension)
NO_EXPONENT = 127  # above any exponent: where a cell has no Decimal, its minimum stays this
LIMIT = 2**62  # every scaled number and every sum stays below this in int64
_MAX_SCALE = 18
TEN: list[int] = [int(10**i) for i in range(2 * _MAX_SCALE + 1)]
_CACHE_KEY = "columnar"


# -- the columns of a dataset, built once ---------------------------------------------------


class Coder:
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
class Store:
    """Every observation of a dataset as columns, rows sorted by observation id.

    Codes index the lists below them; -1 stands for None (no place, no organisation)
    and, in ``unit``, for a figure that is a `Ratio`.
    """

    position: npt.NDArray[np.int32 | np.int64]  # the row's index in dataset.observations
    ids: npt.NDArray[np.object_]
    metric: Codes
    place: Codes
    organisation: Codes
    period: Codes  # codes of `periods`; a period not stated is None there
    label: Codes  # the disaggregation, by its match key
    unit: Codes
    qualifier: npt.NDArray[np.int8]  # index in _QUALIFIERS
    point: _Number
    bounds: _Bounds
    decimal_rows: Ints  # the rows whose point is a Decimal (few, usually)
    metrics: list[str]
    places: list[str]
    organisations: list[str]
    periods: list[Period | None]
    labels: list[str]  # match keys
    units: list[Unit]
    scale: int
    largest: int  # the largest scaled number: sums of n numbers stay below n times it
    # The rows that state a figure another row states too (restatements), or sit beside
    # a figure of the same metric, place and period whose organisation or label holds
    # theirs or is held by it (`danvan._breakdown.holds`), ascending: never simply added.
    entangled: Ints
    memo: dict[Any, Any] = attrs.field(factory=dict)  # place look-ups, by level and date


def store(dataset: Data) -> Store | None:
    """The columns of ``dataset`` (None if its numbers do not fit), built on first use."""
    found: Store | None = dataset._cached(_CACHE_KEY, lambda: _build(dataset, actors_of(dataset)))
    return found


def _build(dataset: Data, actors: Actors) -> Store | None:
    observations = dataset.observations
    ids = [o.id for o in observations]
    order = sorted(range(len(ids)), key=ids.__getitem__)
    n = len(order)
    metric, place, org, period, label, unit, qualifier = ([0] * n for _ in range(7))
    points: list[int | Decimal] = [0] * n
    special: list[tuple[int, Quantity]] = []  # rows whose bounds are not just their value
    metrics, places, orgs, labels, units, periods = (Coder() for _ in range(6))
    places.code(None)
    orgs.code(None)
    period_of: dict[int, int] = {}  # loaders share period objects: find them by identity
    for row, i in enumerate(order):
        o = observations[i]
        p = o.period
        pid = period_of.get(id(p))
        if pid is None:
            pid = period_of[id(p)] = periods.code(p)
        metric[row] = metrics.code(o.metric)
        place[row] = places.code(o.place) - 1  # code 0 is None
        org[row] = orgs.code(o.organisation) - 1
        period[row] = pid
        label[row] = labels.code(match_key(o.disaggregation))
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
    # Where and when a figure is (metric, place, period); with who and which, its key.
    spot, spot_size = combine(
        n, [(c + 1, int(c.max(initial=0)) + 2) for c in (columns[0], columns[1], columns[3])]
    )
    key, _ = combine(
        n, [(spot, spot_size), (columns[2] + 1, len(orgs.values)), (columns[4], len(labels.values))]
    )
    largest = [np.abs(c.scaled).max(initial=0) for c in (point, bounds.lower, bounds.upper)]
    return Store(
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
        labels=labels.values,
        units=units.values,
        scale=scale,
        largest=int(max(largest)),
        entangled=np.union1d(
            _shared_keys(key),
            _held(spot, spot_size, columns[2], orgs.values[1:], columns[4], labels.index, actors),
        ),
    )


def _shared_keys(key: Ints) -> Ints:
    """The rows whose key another row has too, ascending."""
    order = np.argsort(key, kind="stable")
    same = key[order][1:] == key[order][:-1]
    found: Ints = np.unique(np.concatenate([order[1:][same], order[:-1][same]]))
    return found


def _held(
    spot: Ints,
    size: int,
    org: Codes,
    orgs: list[str],
    label: Codes,
    labels: dict[Any, int],
    actors: Actors,
) -> Ints:
    """The rows of a spot (metric, place, period) that also holds a figure whose
    organisation or label holds theirs, or is held by it (`danvan._breakdown.holds`).

    Marked generously: a spot with a figure of no organisation (or no label) beside
    figures of one, or with an organisation beside one above it, is marked whole. The
    reference engine resolves each marked group exactly.
    """
    dense, originals = compact(spot, size)
    width = len(originals)
    marked = np.zeros(width, dtype=np.bool_)
    blank = labels.get("")
    if blank is not None and len(labels) > 1:  # an unlabelled whole beside labelled parts
        marked |= _both(dense, width, label == blank)
    if len(orgs):  # a figure of everyone beside an organisation's
        marked |= _both(dense, width, org < 0)
    code_of = {o: i for i, o in enumerate(orgs)}
    nested = [(i, code_of[a]) for i, o in enumerate(orgs) for a in actors.above(o) if a in code_of]
    if nested:  # an organisation beside one above it
        spots = np.zeros(width, dtype=np.bool_)
        for child, parent in nested:
            spots |= (np.bincount(dense[org == child], minlength=width) > 0) & (
                np.bincount(dense[org == parent], minlength=width) > 0
            )
        marked |= spots
    found: Ints = np.flatnonzero(marked[dense])
    return found


def _both(dense: Ints, width: int, flag: Bools) -> Bools:
    """The spots holding rows with ``flag`` and rows without it."""
    found: Bools = (np.bincount(dense[flag], minlength=width) > 0) & (
        np.bincount(dense[~flag], minlength=width) > 0
    )
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
        return value * TEN[scale]
    return int(value.scaleb(scale))


def _column(values: list[int | Decimal], scale: int) -> _Number | None:
    """A number column of ``values``, None if one does not fit in int64 with room to add."""
    try:
        scaled = np.array([_scaled(v, scale) for v in values], dtype=np.int64)
    except OverflowError:
        return None
    if scaled.size and int(np.abs(scaled).max()) >= LIMIT:
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


def take(column: npt.NDArray[T], rows: Ints) -> npt.NDArray[T]:
    """``column[rows]`` for ascending distinct ``rows``: the column itself when they are all."""
    return column if len(rows) == len(column) else column[rows]


def compact(codes: Ints, size: int) -> tuple[Ints, Ints]:
    """Dense codes 0..k-1 for ``codes`` (each below ``size``), and the code each stands for."""
    if size <= 4 * len(codes) + 4096:
        present = np.bincount(codes, minlength=size) > 0
        dense = np.cumsum(present) - 1
        return dense[codes], np.flatnonzero(present)
    originals, dense_codes = np.unique(codes, return_inverse=True)
    return dense_codes.astype(np.int64), originals


def present(codes: npt.NDArray[Any], size: int) -> list[int]:
    """The distinct codes among ``codes`` (each in ``range(size)``), in increasing order."""
    found: list[int] = np.flatnonzero(np.bincount(codes, minlength=size)).tolist()
    return found


def combine(n: int, columns: Sequence[tuple[npt.NDArray[Any], int]]) -> tuple[Ints, int]:
    """One code per combination of the columns' codes (each ``(codes, size)``), and the size.

    The code is the mixed-radix number of the column codes, so ``_keys`` can take it
    apart; should that exceed int64, the codes so far are compacted first.
    """
    code = np.zeros(n, dtype=np.int64)
    size = 1
    for column, width in columns:
        width = max(width, 1)
        if size * width >= LIMIT:
            code, originals = compact(code, size)
            size = len(originals)
        code = code * width + column
        size *= width
    return code, size


class Selection:
    """The rows a query looks at, and which codes of a column they hold.

    While the rows are exactly those of some metrics, the codes present come from small
    per-metric tables built once per dataset, instead of a pass over a million rows.
    """

    def __init__(self, store: Store, rows: Ints, metrics: Bools | None) -> None:
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
            return [c - 1 for c in present(take(column, self.rows) + 1, _width(s, name))]
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


def _width(s: Store, name: str) -> int:
    """How many codes column ``name`` has, plus one for -1."""
    sizes = {
        "metric": len(s.metrics),
        "place": len(s.places),
        "organisation": len(s.organisations),
        "period": len(s.periods),
        "unit": len(s.units),
    }
    return sizes[name] + 1


def _presence(s: Store, name: str) -> Bools:
    """Which codes of column ``name`` (shifted by one: -1 first) each metric's rows hold."""
    key = ("presence", name)
    if key not in s.memo:
        width = _width(s, name)
        table = np.zeros((len(s.metrics), width), dtype=np.bool_)
        column: Codes = getattr(s, name)
        table.reshape(-1)[present(s.metric.astype(np.int64) * width + column + 1, table.size)] = (
            True
        )
        s.memo[key] = table
    found: Bools = s.memo[key]
    return found


def any_in(flags: Bools, cell: Ints, size: int) -> Bools:
    """Whether any row of each cell has the flag (flags are rare: count the set ones)."""
    found: Bools = np.bincount(cell[flags], minlength=size) > 0
    return found


def stable_order(cell: Ints, size: int) -> Ints:
    """Indexes sorting ``cell`` with ties in their original order (a stable argsort, faster)."""
    if size < 2**16:
        return np.argsort(cell.astype(np.uint16), kind="stable")  # a radix sort
    # Unique keys make the faster unstable sort give the stable order.
    order: Ints = np.argsort(cell * len(cell) + np.arange(len(cell)))
    return order


def positions(rows: Ints, wanted: Ints) -> tuple[Ints, Ints]:
    """Where the ``wanted`` store rows are among ``rows`` (both ascending), for those found.

    Returns their positions in ``rows`` and their indexes in ``wanted``.
    """
    at = np.searchsorted(rows, wanted)
    hit = at < len(rows)
    hit[hit] = rows[at[hit]] == wanted[hit]
    return at[hit], np.flatnonzero(hit)
