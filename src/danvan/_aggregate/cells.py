"""The SQL engines' totals: each cell's sums read back as the reference engine gives them.

A SQL engine sums each cell (a group and a unit) in one pass (`danvan._aggregate.sql`):
how many figures count, how many are exact zeros or not exact, the sums of the value
and of both bounds, which qualifiers and traits occur, the least Decimal exponents.
From these alone `total` gives the `Quantity` that `danvan._quantity.add` gives for the
figures themselves: the same bounds, point value, qualifier, unit and Decimal digits.
Where they do not suffice (a figure converted to another unit by a fraction, figures
that are not exact converted at all, zeros whose digits were not kept), `Cells` says so,
and the engine gives the whole group to the reference engine.

Rows are built when first read, as the columnar engine builds them
(`danvan._aggregate.totals`): a question with two hundred thousand groups pays for the
rows a caller reads.
"""

from __future__ import annotations

import decimal
import functools
import importlib
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from danvan._aggregate.query import Query
from danvan._aggregate.results import Key, Row
from danvan._aggregate.semantics import (
    at_least,
    counted_unit,
    lower_bound_note,
    only_a_lower_bound,
    row_unit,
)
from danvan._aggregate.sql import FLAG_BITS, QUALIFIER_BITS, TALLY_ZERO
from danvan._aggregate.store import combine
from danvan._metrics import Metric
from danvan._observation_table import pyarrow
from danvan._quantity import Bounds, Qualifier, Quantity, reading, trusted_bounds
from danvan._units import Dimension, Unit, Vocabulary, base_unit

__all__ = ["Aggregate", "Cells", "total"]

Ints = npt.NDArray[np.int64]

_EXACT = QUALIFIER_BITS[Qualifier.EXACT]
_NO_POINT = QUALIFIER_BITS[Qualifier.ORDER_OF_MAGNITUDE] | QUALIFIER_BITS[Qualifier.RANGE]
_INEXACT = [(q, bit) for q, bit in QUALIFIER_BITS.items() if q is not Qualifier.EXACT]
_ANY_INEXACT = sum(bit for _, bit in _INEXACT)


@attrs.frozen
class Aggregate:
    """What a SQL engine computes of the figures of one cell.

    Args:
        n: Figures that count (for a stock, the latest of each series).
        zeros: Exact zeros among them (`add` drops them beside other figures).
        inexact: Whether some figure is not exact (1) or none (0).
        value, lower, upper: Sums of the stated value and of the bounds (None: no
            figure has one; ``upper`` is meaningless when some figure has no upper bound).
        bits: The qualifiers (`QUALIFIER_BITS`) and traits (`FLAG_BITS`) that occur.
        exponents: The least exponent of the value, lower and upper sums among the
            figures other than exact zeros (None when not computed or none counts).
    """

    n: int
    zeros: int
    inexact: int
    value: Decimal | None
    lower: Decimal | None
    upper: Decimal | None
    bits: int
    exponents: tuple[int | None, int | None, int | None]

    def times(self, factor: int) -> Aggregate:
        """The same figures counted in a unit ``factor`` times smaller (exact figures only)."""
        if factor == 1:
            return self
        return attrs.evolve(
            self,
            value=None if self.value is None else self.value * factor,
            lower=None if self.lower is None else self.lower * factor,
            upper=None if self.upper is None else self.upper * factor,
        )

    def __add__(self, other: Aggregate) -> Aggregate:
        def plus(a: Decimal | None, b: Decimal | None) -> Decimal | None:
            return b if a is None else a if b is None else a + b

        def least(a: int | None, b: int | None) -> int | None:
            return b if a is None else a if b is None else min(a, b)

        return Aggregate(
            n=self.n + other.n,
            zeros=self.zeros + other.zeros,
            inexact=self.inexact + other.inexact,
            value=plus(self.value, other.value),
            lower=plus(self.lower, other.lower),
            upper=plus(self.upper, other.upper),
            bits=self.bits | other.bits,
            exponents=(
                least(self.exponents[0], other.exponents[0]),
                least(self.exponents[1], other.exponents[1]),
                least(self.exponents[2], other.exponents[2]),
            ),
        )


def _number(total: Decimal, exponent: int | None, is_decimal: bool) -> int | Decimal:
    """A sum as `add` gives it: an int, or a Decimal with the least exponent of its terms."""
    with decimal.localcontext(prec=80):
        if not is_decimal:
            return int(total)
        assert exponent is not None  # computed wherever a Decimal counts
        return total.quantize(Decimal(1).scaleb(exponent))


def _qualifier(bits: int) -> Qualifier:
    """The one qualifier other than EXACT among ``bits``, or EXACT."""
    for q, bit in _INEXACT:
        if bits & bit:
            return q
    return Qualifier.EXACT


def total(cell: Aggregate, unit: Unit, *, decimals: bool) -> Quantity | None:
    """The total `add` gives for a cell's figures, all in ``unit``, or None when the sums
    do not say it (``decimals``: some figure may hold a Decimal, whose exponent an exact
    zero's sum does not keep)."""
    bits = cell.bits
    counted = cell.n - cell.zeros
    if counted == 0:  # only exact zeros: `add` keeps them all
        return None if decimals else Quantity(value=0, unit=unit)
    ev, el, eu = cell.exponents
    if counted == 1:  # one figure beside exact zeros is its own total
        qualifier = _qualifier(bits) if cell.inexact else Qualifier.EXACT
        assert cell.lower is not None
        value = None  # a range states no value (the zeros beside it sum to 0)
        if cell.value is not None and qualifier is not Qualifier.RANGE:
            value = _number(cell.value, ev, bool(bits & _decimal("value")))
        upper = None if bits & FLAG_BITS["upper_none"] else cell.upper
        return Quantity(
            value=value,
            unit=unit,
            qualifier=qualifier,
            bounds=Bounds(
                lower=_number(cell.lower, el, bool(bits & _decimal("lower"))),
                upper=None if upper is None else _number(upper, eu, bool(bits & _decimal("upper"))),
                lower_closed=not bits & FLAG_BITS["lower_open"],
                upper_closed=upper is None or not bits & FLAG_BITS["upper_open"],
            ),
        )
    if not cell.inexact:
        assert cell.value is not None
        exact = _number(cell.value, ev, bool(bits & _decimal("value")))
        return reading(
            trusted_bounds(exact, exact, lower_closed=True, upper_closed=True),
            unit,
            point=exact,
            qualifiers={Qualifier.EXACT},
            trusted=True,
        )
    assert cell.lower is not None
    upper_none = bool(bits & FLAG_BITS["upper_none"])
    bounds = trusted_bounds(  # sums of valid bounds
        _number(cell.lower, el, bool(bits & _decimal("lower"))),
        None
        if upper_none or cell.upper is None
        else _number(cell.upper, eu, bool(bits & _decimal("upper"))),
        lower_closed=not bits & FLAG_BITS["lower_open"],
        upper_closed=upper_none or not bits & FLAG_BITS["upper_open"],
    )
    point: int | Decimal | None = None
    if not bits & _NO_POINT and cell.value is not None:
        point = _number(cell.value, ev, bool(bits & _decimal("value")))
    qualifiers = {q for q, bit in QUALIFIER_BITS.items() if bits & bit}
    return reading(bounds, unit, point=point, qualifiers=qualifiers, trusted=True)


def _decimal(name: str) -> int:
    return FLAG_BITS[f"{name}_decimal"]


# -- a question's cells -----------------------------------------------------------------------


@attrs.define(eq=False)
class _Unit:
    """A unit code of the cells, and how its figures count in the question."""

    unit: Unit
    target: Unit  # the unit they count in (`counted_unit`)
    factor: int  # target units in one unit (0: not a whole number)
    bucket: Unit | Dimension  # the row they go to within a group (`row_unit`)


def _whole(numerator: int | Decimal, denominator: int | Decimal) -> int:
    return int(numerator // denominator) if numerator % denominator == 0 else 0


class Cells:
    """The cells of one question (an Arrow table), read as rows.

    Most cells are rows by themselves: one unit in its group, counted as it is. Their
    rows are built when first read, from columns (numpy, and Arrow for the sums). Cells
    sharing a row (two sizes of one measure in a group, sub-metrics counted in the asked
    metric's unit) are added up here, in Python; the groups whose totals their sums do
    not give are left to the reference engine.

    Args:
        table: The cells, as `danvan._aggregate.sql.cells_sql` gives them.
        names: The name of each group key (``"province"``, ``"year"``...).
        coded: The keys SQL gives as ranks, by index (the unit's is after the keys'):
            their texts in rank order.
        query: The question.
        metric: Its metric.
        vocabulary: Where unit codes are looked up.
        decimals: Some figure may hold a Decimal.
    """

    def __init__(
        self,
        table: Any,
        *,
        names: Sequence[str],
        coded: Mapping[int, list[str]],
        query: Query,
        metric: Metric,
        vocabulary: Vocabulary,
        decimals: bool,
    ) -> None:
        pyarrow()  # says which extra to install, if none is
        self.table = table
        self.names = tuple(names)
        self.query = query
        self.metric = metric
        self.decimals = decimals
        self.size: int = table.num_rows
        self.columns = {name: table.column(name).combine_chunks() for name in table.column_names}
        if "tally" in self.columns:  # figures and exact zeros in one sum (`sql.TALLY_ZERO`)
            pa = pyarrow()
            tally = self.columns.pop("tally").to_numpy(zero_copy_only=False).astype(np.int64)
            zeros, n = np.divmod(tally, TALLY_ZERO)
            self.columns["n"], self.columns["zeros"] = pa.array(n), pa.array(zeros)
        self._lists: dict[str, list[Any]] = {}
        self.reads = 0
        # The cells in the order of their keys and unit: each key column coded by the rank
        # of its value (text by code point, as Python sorts it), the codes combined.
        self.values: list[list[str]] = []  # each key column's distinct values
        parts: list[tuple[Ints, int]] = []
        for i, column in enumerate([*(f"g{i}" for i in range(len(self.names))), "unit"]):
            if i in coded:  # already ranks
                values = coded[i]
                codes = self.columns[column].to_numpy(zero_copy_only=False).astype(np.int64)
            else:
                codes, values = _ranked(self.columns[column])
            parts.append((codes, len(values)))
            self.values.append(values)
        group, size = combine(self.size, parts[:-1])
        cell, _ = combine(self.size, [(group, size), parts[-1]])
        # Keys and unit tell cells apart (they are what SQL grouped by): no two are equal,
        # so any sort gives the one order.
        self.order: Ints = np.argsort(cell)  # cell c is row order[c]
        self.unit: Ints = parts[-1][0][self.order]  # each cell's unit, in `codes`
        self.codes: list[str] = self.values[-1]
        # Each cell's group, numbered in order: its key differs from the previous cell's.
        sorted_groups = group[self.order]
        change = np.ones(self.size, dtype=np.bool_)
        change[1:] = sorted_groups[1:] != sorted_groups[:-1]
        self.group: Ints = np.cumsum(change) - 1
        self.first: Ints = np.flatnonzero(change)  # each group's first cell
        self.groups = len(self.first)
        self._keys = [parts[i][0] for i in range(len(self.names))]
        # The units: a few codes, each decided once.
        self.units: list[_Unit] = []
        for code in self.codes:
            u = vocabulary.unit(code)
            target = counted_unit(metric, query.by, u)
            self.units.append(
                _Unit(
                    unit=u,
                    target=target,
                    factor=_whole(u.factor, target.factor),
                    bucket=row_unit(target),
                )
            )

    # -- reading columns ------------------------------------------------------------------

    def numbers(self, name: str, missing: int = -1) -> Ints:
        """An integer column as numpy, in cell order (``missing`` where NULL)."""
        pc = importlib.import_module("pyarrow.compute")
        found: Ints = (
            pc.fill_null(self.columns[name], missing)
            .to_numpy(zero_copy_only=False)
            .astype(np.int64)[self.order]
        )
        return found

    def value(self, name: str, c: int) -> Any:
        """Cell ``c``'s value in column ``name``; once many are read, from Python lists."""
        at = int(self.order[c])
        found = self._lists.get(name)
        if found is not None:
            return found[at]
        if self.reads < _BULK_READS:
            return self.columns[name][at].as_py()
        found = self._lists[name] = self.columns[name].to_pylist()
        return found[at]

    def aggregate(self, c: int) -> Aggregate:
        """The sums of cell ``c``."""
        self.reads += 1
        exponents: tuple[int | None, int | None, int | None] = (None, None, None)
        if self.decimals:
            exponents = (self.value("ev", c), self.value("el", c), self.value("eu", c))
        bits = self.value("bits", c)
        return Aggregate(
            n=self.value("n", c),
            zeros=self.value("zeros", c),
            inexact=1 if bits & _ANY_INEXACT else 0,
            value=self.value("v", c),
            lower=self.value("lo", c),
            upper=self.value("hi", c),
            bits=bits,
            exponents=exponents,
        )

    def key(self, c: int) -> tuple[str, ...]:
        """The group key values of cell ``c``."""
        at = int(self.order[c])
        keys = zip(self.values[: len(self._keys)], self._keys, strict=True)
        return tuple(values[int(codes[at])] for values, codes in keys)

    # -- which groups the reference engine answers -------------------------------------------

    def flagged(self, *roles: str) -> set[int]:
        """The groups holding a figure the reference engine must see (``solo``), or two
        figures of different ids in one of the ``roles`` (``"p"``, ``"l"``, ``"m"``):
        periods sharing days, a place within another, a metric within another."""
        if not self.size:
            return set()
        mask = np.zeros(self.groups, dtype=np.bool_)
        if "solo" in self.columns:
            mask |= np.maximum.reduceat(self.numbers("solo", 0), self.first) > 0
        for role in roles:
            # Over the group's cells (one per unit): figures of two units may cover each other.
            none = np.iinfo(np.int64).max
            low = np.minimum.reduceat(self.numbers(f"{role}_min", none), self.first)
            high = np.maximum.reduceat(self.numbers(f"{role}_max", -1), self.first)
            mask |= (low != none) & (low != high)
        found: set[int] = set(np.flatnonzero(mask).tolist())
        return found

    def group_of(self, key: tuple[str, ...]) -> int | None:
        """The group with these key values, if a cell has it (a binary search)."""
        if not self.groups:
            return None
        low, high = 0, self.groups
        while low < high:  # the groups are sorted by key
            middle = (low + high) // 2
            if self.key(int(self.first[middle])) < key:
                low = middle + 1
            else:
                high = middle
        if low < self.groups and self.key(int(self.first[low])) == key:
            return low
        return None

    def projection(self, names: Sequence[str]) -> set[tuple[str, ...]]:
        """The distinct values of the group keys ``names`` (in that order) among the cells."""
        if not self.size or not names:
            return set()
        chosen = [self.names.index(name) for name in names]
        # One number per combination (mixed radix): the distinct ones in one numpy pass.
        combined = np.zeros(self.size, dtype=np.int64)
        for i in chosen:
            combined = combined * len(self.values[i]) + self._keys[i]
        numbers = _distinct(combined)
        columns: list[list[str]] = []
        for i in reversed(chosen):
            numbers, digits = np.divmod(numbers, len(self.values[i]))
            values = self.values[i]
            columns.append([values[d] for d in digits.tolist()])
        return set(zip(*reversed(columns), strict=True))

    # -- rows -----------------------------------------------------------------------------------

    def rows(
        self,
        skip: set[int],
        *,
        own: bool,
        notes: dict[int, list[str]],
        provenance: Callable[[list[int]], tuple[str, ...]],
    ) -> tuple[_Rows, set[int]]:
        """The rows of the groups not in ``skip``, in the order of their keys, built when
        first read; and the groups whose totals the sums do not give (the engine gives
        them to the reference engine).

        Args:
            skip: Groups the reference engine answers.
            own: Whether the ``own`` column (a figure of the asked metric itself) is read.
            notes: The notes of each group (superseded figures of a stock).
            provenance: The ids of the figures of some cells.
        """
        units = self.units
        counted = self.numbers("n") - self.numbers("zeros")
        inexact = (self.numbers("bits") & _ANY_INEXACT) != 0
        buckets: dict[Unit | Dimension, int] = {}
        bucket = np.array([buckets.setdefault(u.bucket, len(buckets)) for u in units])
        converts = np.array([u.target != u.unit for u in units], dtype=np.bool_)
        fraction = np.array([u.factor == 0 for u in units], dtype=np.bool_)
        cell_bucket = bucket[self.unit] if self.size else np.zeros(0, dtype=np.int64)
        # Cells sharing a row with another cell of their group are added up in Python.
        row_of = self.group * max(len(buckets), 1) + cell_bucket
        shared = np.zeros(self.size, dtype=np.bool_)
        if self.groups < self.size:  # some group has two cells (else none shares a row)
            order = np.argsort(row_of)  # to find equal neighbours: any order of ties does
            same = row_of[order][1:] == row_of[order][:-1]
            shared[order[1:][same]] = True
            shared[order[:-1][same]] = True
        convert = converts[self.unit] if self.size else shared
        unsure_cell = ~shared & (
            (convert & (counted >= 2) & (fraction[self.unit] | inexact))
            | ((counted == 0) & self.decimals)
        )
        unsure = set(np.unique(self.group[unsure_cell]).tolist())
        merged: dict[int, list[int]] = {}
        for c in np.flatnonzero(shared).tolist():
            if int(self.group[c]) not in skip:
                merged.setdefault(int(row_of[c]), []).append(c)
        sums: dict[int, tuple[Unit, Aggregate | Quantity]] = {}
        for row, members in merged.items():
            found = self._sum(members)
            if found is None:
                unsure.add(int(self.group[members[0]]))
            else:
                sums[row] = found
        left_out = skip | unsure
        kept = ~np.isin(self.group, np.array(sorted(left_out), dtype=np.int64))
        single = np.flatnonzero(kept & ~shared)
        together = [
            (members, sums[row])
            for row, members in merged.items()
            if row in sums and int(self.group[members[0]]) not in left_out
        ]
        # Rows: a cell's own (its index), or one for cells sharing it (-1 - its index in
        # ``together``); in the order of their keys: by group, then by their unit's code.
        source = np.concatenate([single, -1 - np.arange(len(together), dtype=np.int64)])
        if together or converts.any():
            targets = sorted({u.target.code for u in units} | {s[0].code for _, s in together})
            rank = {code: i for i, code in enumerate(targets)}
            unit_rank = np.array([rank[u.target.code] for u in units], dtype=np.int64)
            groups = np.concatenate(
                [self.group[single], [self.group[m[0]] for m, _ in together]]
            ).astype(np.int64)
            ranks = np.concatenate(
                [unit_rank[self.unit[single]], [rank[s[0].code] for _, s in together]]
            ).astype(np.int64)
            source = source[np.lexsort((ranks, groups))]
        return (
            _Rows(
                cells=self,
                source=source,
                together=together,
                own=own,
                notes=notes,
                provenance=provenance,
            ),
            unsure - skip,
        )

    def _sum(self, cells: list[int]) -> tuple[Unit, Aggregate | Quantity] | None:
        """The unit of one row and what its total comes from: the cells' sums in that
        unit; None when the sums do not say it."""
        parts = [(self.units[int(self.unit[c])], self.aggregate(c)) for c in cells]
        return _summed(parts, decimals=self.decimals)

    def cell_total(self, c: int) -> tuple[Unit, Aggregate | Quantity]:
        """The unit of cell ``c``'s row, and what its total comes from (a row by itself)."""
        found = _summed([(self.units[int(self.unit[c])], self.aggregate(c))], self.decimals)
        assert found is not None  # unsure cells went to the reference engine
        return found


def _distinct(numbers: Ints) -> Ints:
    """The distinct non-negative ``numbers``, in order (counted in place when they are few
    and small: faster than sorting or hashing them)."""
    if numbers.size and int(numbers.max()) < max(4 * numbers.size, 1 << 16):
        found: Ints = np.flatnonzero(np.bincount(numbers))
        return found
    return np.unique(numbers)


def _ranked(column: Any) -> tuple[Ints, list[str]]:
    """Each value's rank among the column's distinct values (sorted by code point, as
    Python sorts text), and those values in order. Keys are never NULL."""
    encoded = column.dictionary_encode()
    values: list[str] = encoded.dictionary.to_pylist()
    rank = np.empty(len(values), dtype=np.int64)
    rank[sorted(range(len(values)), key=values.__getitem__)] = np.arange(len(values))
    codes: Ints = rank[encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)]
    return codes, sorted(values)


def _summed(
    parts: list[tuple[_Unit, Aggregate]], decimals: bool
) -> tuple[Unit, Aggregate | Quantity] | None:
    """The unit of one row and what its total comes from, for the cells (each with how its
    unit counts) sharing it; None when the sums do not say it (`add` would give figures
    converted by a fraction, or figures that are not exact converted at all, new bounds;
    the digits of exact zeros were not kept)."""
    if decimals and all(a.n == a.zeros for _, a in parts):
        return None  # only exact zeros: their digits were not summed
    if len(parts) == 1:
        u, aggregate = parts[0]
        if u.target == u.unit:
            return u.unit, aggregate
        if aggregate.n - aggregate.zeros == 1:  # one figure (and zeros): it, converted
            figure = total(aggregate, u.unit, decimals=decimals)
            assert figure is not None  # one figure counts: its sums are its own
            return u.target, figure.to_unit(u.target)
    converted = []
    for u, aggregate in parts:
        if u.target != u.unit and (u.factor == 0 or aggregate.inexact):
            return None  # `to_unit` gives such figures new bounds: the reference adds
        converted.append((u.target, aggregate.times(u.factor)))
    # `add` keeps the unit the figures share (exact zeros aside), else the base unit.
    counting = {unit for unit, a in converted if a.n > a.zeros} or {u for u, _ in converted}
    if len(counting) == 1:
        unit = next(iter(counting))
        together = [a for _, a in converted]
    else:
        unit = base_unit(next(iter(counting)).dimension)
        together = []
        for each, a in converted:
            factor = _whole(each.factor, unit.factor)
            if factor == 0 or (factor != 1 and a.inexact):
                return None
            together.append(a.times(factor))
    result = together[0]
    for a in together[1:]:
        result = result + a
    return unit, result


# After this many cells are read, their columns are read as Python lists (converted once,
# in time proportional to the whole result) rather than one Arrow value at a time.
_BULK_READS = 64


class _Rows:
    """The rows of a question's cells, each built when first read."""

    def __init__(
        self,
        *,
        cells: Cells,
        source: Ints,
        together: list[tuple[list[int], tuple[Unit, Aggregate | Quantity]]],
        own: bool,
        notes: dict[int, list[str]],
        provenance: Callable[[list[int]], tuple[str, ...]],
    ) -> None:
        self.cells = cells
        self.source = source  # a cell, or (negative) cells added together
        self.together = together
        self.own = own
        self.notes = notes
        self.provenance = provenance
        self.targets = [u.target.code for u in cells.units]
        self.pairs: dict[str, tuple[str, str]] = {}
        self.list: list[int] | None = None

    def __len__(self) -> int:
        return len(self.source)

    def _members(self, i: int) -> tuple[list[int], tuple[Unit, Aggregate | Quantity] | None]:
        """The cells of row ``i``, and their sum when several share it."""
        if self.list is None and self.cells.reads >= _BULK_READS:
            self.list = self.source.tolist()
        s = self.list[i] if self.list is not None else int(self.source[i])
        if s >= 0:
            return [s], None
        members, summed = self.together[-1 - s]
        return members, summed

    def key(self, i: int) -> Key:
        """The keys of row ``i``."""
        members, summed = self._members(i)
        c = members[0]
        code = summed[0].code if summed is not None else self.targets[int(self.cells.unit[c])]
        unit = self.pairs.get(code) or self.pairs.setdefault(code, ("unit", code))
        return (*zip(self.cells.names, self.cells.key(c), strict=True), unit)

    def build(self, i: int) -> Row:
        """Row ``i``, as the reference engine would give it."""
        cells = self.cells
        members, summed = self._members(i)
        c = members[0]
        unit, source = summed if summed is not None else cells.cell_total(c)
        value = (
            source if isinstance(source, Quantity) else total(source, unit, decimals=cells.decimals)
        )
        assert value is not None  # rows whose sums say nothing went to the reference
        g = int(cells.group[c])
        notes = list(self.notes.get(g, ()))
        has_own = self.own and any(cells.value("own", m) for m in members)
        if only_a_lower_bound(cells.metric, cells.query.by, has_own):
            value = at_least(value)
            notes.append(lower_bound_note(cells.metric.code))
        return Row(
            keys=self.key(i),
            value=value,
            observations=functools.partial(self.provenance, members),
            notes=tuple(notes),
        )
