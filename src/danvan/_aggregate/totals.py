"""The columnar engine's totals: per-cell sums read back as the reference engine gives them.

A question's groups are split by unit (`danvan._aggregate.semantics`: one row per
counting word, one per measured dimension, sub-metrics in the asked metric's unit) into
cells. `result` sums each cell's point and bounds on columns and hands over a result
whose rows are built when first read (`_Table.row`): the same `Row` and `Quantity` the
reference engine would give, Decimal digits and qualifiers included. Cells the sums
cannot give exactly (a single figure, conversions by a fraction) are combined by
`danvan._aggregate.semantics.combine_places` itself.
"""

from __future__ import annotations

import decimal
import functools
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from danvan._aggregate.query import Query
from danvan._aggregate.results import AggregationResult, Key, Row, Rows
from danvan._aggregate.rules import Data, Scope
from danvan._aggregate.semantics import (
    at_least,
    combine_places,
    counted_unit,
    lower_bound_note,
    only_a_lower_bound,
    row_unit,
)
from danvan._aggregate.store import (
    LIMIT,
    NO_EXPONENT,
    TEN,
    Bools,
    Ints,
    Store,
    any_in,
    compact,
    positions,
    qualifiers_of,
    stable_order,
    take,
)
from danvan._metrics import Aggregation, Metric
from danvan._places import Level
from danvan._quantity import Qualifier, Quantity, reading, trusted_bounds, trusted_quantity
from danvan._units import Dimension, Unit, base_unit

__all__ = ["Ask", "Keys", "ranks", "result"]

_DIMENSIONS = tuple(Dimension)


@attrs.define(eq=False)
class Ask:
    """One question to the columnar engine: the query, its scope, its dataset's columns."""

    data: Data
    store: Store
    query: Query
    scope: Scope
    aggregation: Aggregation

    @property
    def metric(self) -> Metric:
        return self.scope.metric

    @property
    def by(self) -> tuple[str, ...]:
        return self.query.by

    @property
    def level(self) -> Level | None:
        return self.query.level

    @property
    def time(self) -> str | None:
        return self.query.time


@attrs.define(eq=False)
class Keys:
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
    ) -> Keys:
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

    def projection(self, names: Sequence[str]) -> set[tuple[str, ...]]:
        """The distinct values of the key parts ``names`` (in that order) among the keys."""
        if not self.size:
            return set()
        parts = {name: i for i, (name, _) in enumerate(self.names)}
        chosen = [parts[name] for name in names]
        values = [self.names[i][1] for i in chosen]
        # One number per combination (mixed radix), so that finding the distinct ones is
        # one pass over a flat column.
        combined = np.zeros(self.size, dtype=np.int64)
        for i, vals in zip(chosen, values, strict=True):
            combined = combined * len(vals) + self.codes[i]
        found: list[tuple[str, ...]] = []
        for number in np.unique(combined).tolist():
            digits: list[str] = []
            for vals in reversed(values):
                number, digit = divmod(number, len(vals))
                digits.append(vals[digit])
            found.append(tuple(reversed(digits)))
        return set(found)


def ranks(values: list[str]) -> Ints:
    """Each value's place in the sorted values (as Python orders strings)."""
    rank = np.empty(len(values), dtype=np.int64)
    rank[sorted(range(len(values)), key=values.__getitem__)] = np.arange(len(values))
    return rank


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
        exponent = np.full(size, NO_EXPONENT, dtype=np.int64)
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
            return total // TEN[scale]  # Decimal addition keeps the smallest exponent
        shift = scale + exponent
        coefficient = total // TEN[shift] if shift >= 0 else total * 10 ** (-shift)
        return Decimal(coefficient).scaleb(exponent)


@attrs.define(eq=False)
class _Units:
    """The unit each figure counts in, by the reference engine's rule, and its row bucket.

    Without a ``submetric`` grouping, sub-metrics count in the asked metric's unit when
    it has one and they share its dimension. Rows then split per counting word for
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
    def of(cls, q: Ask) -> _Units:
        units = list(q.store.units)
        target = q.metric.unit if "submetric" not in q.by else None
        if target is not None and target not in units:
            units.append(target)
        into = [units.index(counted_unit(q.metric, q.by, u)) for u in units]
        bucket = [
            i if isinstance(row_unit(u), Unit) else len(units) + _DIMENSIONS.index(u.dimension)
            for i, u in enumerate(units)
        ]
        return cls(
            units=units,
            counted=np.array(into, dtype=np.int64),
            factor=np.array(
                [_whole(u.factor, units[i].factor) for u, i in zip(units, into, strict=True)],
                dtype=np.int64,
            ),
            to_base=np.array(
                [_whole(u.factor, base_unit(u.dimension).factor) for u in units], dtype=np.int64
            ),
            bucket=np.array(bucket, dtype=np.int64),
            into=dict(zip(units, into, strict=True)),
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


def result(
    q: Ask,
    rows: Ints,
    group: Ints,
    keys: Keys,
    notes: dict[int, list[str]],
    part: AggregationResult | None,
    part_groups: Ints | None,
    missing: tuple[Key, ...],
) -> AggregationResult | None:
    """One row per group and unit, sorted by keys, with what is missing.

    The sums, the unit and the place of every row are computed here, on columns; each
    `Row` and its total are built when first read (`_Table.row`).
    """
    s = q.store
    u = _Units.of(q)
    own_unit = take(s.unit, rows).astype(np.int64)  # ufunc.at is fast only without casts
    unit = u.counted[own_unit]
    converted = u.factor[own_unit]
    if (converted == 0).any() or not _fits(
        s, len(rows), int(converted.max()) * int(u.to_base.max())
    ):
        return None  # a conversion by a fraction, or sums too large for int64
    factor = None if (converted == 1).all() else converted
    bucket = u.bucket[unit]
    cell, cell_code = compact(group * u.buckets + bucket, keys.size * u.buckets)
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
        own = any_in(take(s.metric, rows) == s.metrics.index(q.metric.code), cell, size)
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
        period=q.query.period,
        by=q.by,
        as_of=q.query.as_of,
        rows=Rows.lazy(size + len(extra), table.row),
        excluded=part.excluded if part is not None else (),
        reconciliations=part.reconciliations if part is not None else (),
        missing=missing,
        engine="columnar",
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

    store: Store
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
    def of(cls, s: Store, rows: Ints, cell: Ints, size: int) -> _Sparse:
        b = s.bounds
        at, source = positions(rows, b.rows)
        point = take(s.point.scaled, rows)
        zero = point == 0
        zero[at] = False  # a figure that is not exact is never dropped
        decimal, _ = positions(rows, s.decimal_rows)
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


class _Members:
    """Which figures each cell holds, sorted by cell on first request (provenance is lazy)."""

    __slots__ = ("_asked", "_order", "cell", "edges", "ids", "position", "rows")

    def __init__(self, s: Store, rows: Ints, cell: Ints, count: Ints) -> None:
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
            self._order = self.rows[stable_order(self.cell, len(self.edges) - 1)]
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

    q: Ask
    units: _Units
    keys: Keys
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
        if only_a_lower_bound(q.metric, q.by, bool(cell[6])):
            value = at_least(value)
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
        observations, u = self.q.data.observations, self.units
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
            qualifiers=qualifiers_of(bits),  # EXACT may be left out
            trusted=True,
        )


def _fits(s: Store, n: int, factor: int) -> bool:
    """Whether sums of ``n`` scaled numbers, times ``factor``, stay within int64."""
    return s.largest * max(factor, 1) * max(n, 1) < LIMIT


def _exact(value: int | Decimal, unit: Unit) -> Quantity:
    """An exact total, built without running again the checks its exact parts passed.

    The sum of valid exact figures in one unit is a valid exact figure, in the canonical
    form the constructor gives it (no explicit bounds).
    """
    return trusted_quantity(value, unit, Qualifier.EXACT, None)
