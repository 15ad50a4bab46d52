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

import bisect
import decimal
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import attrs

from danvan._aggregate.query import Query
from danvan._aggregate.results import Key, Row
from danvan._aggregate.semantics import (
    at_least,
    counted_unit,
    lower_bound_note,
    only_a_lower_bound,
    row_unit,
)
from danvan._aggregate.sql import COUNT_SHIFT, FLAG_BITS, QUALIFIER_BITS
from danvan._metrics import Metric
from danvan._quantity import Bounds, Qualifier, Quantity, reading, trusted_bounds
from danvan._units import Dimension, Unit, Vocabulary, base_unit

__all__ = ["Aggregate", "Cells", "total"]

_MASK = (1 << COUNT_SHIFT) - 1
_EXACT = QUALIFIER_BITS[Qualifier.EXACT]
_NO_POINT = QUALIFIER_BITS[Qualifier.ORDER_OF_MAGNITUDE] | QUALIFIER_BITS[Qualifier.RANGE]
_INEXACT = [(q, bit) for q, bit in QUALIFIER_BITS.items() if q is not Qualifier.EXACT]


@attrs.frozen
class Aggregate:
    """What a SQL engine computes of the figures of one cell.

    Args:
        n: Figures that count (for a stock, the latest of each series).
        zeros: Exact zeros among them (`add` drops them beside other figures).
        inexact: Figures that are not exact.
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
    """The cells of one question (an Arrow table, sorted by group and unit), as rows.

    Args:
        table: The cells, as `danvan._aggregate.sql.cells_sql` gives them.
        names: The name of each group key (``"province"``, ``"year"``...).
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
        query: Query,
        metric: Metric,
        vocabulary: Vocabulary,
        decimals: bool,
    ) -> None:
        self.table = table
        self.names = tuple(names)
        self.query = query
        self.metric = metric
        self.decimals = decimals
        self.size = table.num_rows
        self._columns: dict[str, list[Any]] = {}
        units = table.column("unit").to_pylist()
        self.unit_codes: list[str] = units
        self.units: dict[str, _Unit] = {}
        for code in dict.fromkeys(units):
            u = vocabulary.unit(code)
            target = counted_unit(metric, query.by, u)
            self.units[code] = _Unit(
                unit=u,
                target=target,
                factor=_whole(u.factor, target.factor),
                bucket=row_unit(target),
            )
        # Each cell's group, numbered in order: the keys change from the previous cell.
        keys = [table.column(f"g{i}").to_pylist() for i in range(len(self.names))]
        self.keys: list[tuple[str, ...]] = list(zip(*keys, strict=True)) if keys else []
        if not keys:
            self.keys = [()] * self.size
        self.group: list[int] = []
        group = -1
        previous: tuple[str, ...] | None = None
        for key in self.keys:
            if key != previous:
                group += 1
                previous = key
            self.group.append(group)
        self.groups = group + 1

    def column(self, name: str) -> list[Any]:
        """A column of the cells as Python values (read once)."""
        found = self._columns.get(name)
        if found is None:
            found = self._columns[name] = self.table.column(name).to_pylist()
        return found

    def aggregate(self, c: int) -> Aggregate:
        """The sums of cell ``c``."""
        counts = self.column("counts")[c]
        exponents: tuple[int | None, int | None, int | None] = (None, None, None)
        if self.decimals:
            exponents = (self.column("ev")[c], self.column("el")[c], self.column("eu")[c])
        return Aggregate(
            n=self.column("n")[c],
            zeros=counts & _MASK,
            inexact=counts >> COUNT_SHIFT,
            value=self.column("v")[c],
            lower=self.column("lo")[c],
            upper=self.column("hi")[c],
            bits=self.column("bits")[c],
            exponents=exponents,
        )

    def flagged(self, *roles: str) -> set[int]:
        """The groups holding a figure the reference engine must see (``solo``), or two
        figures of different ids in one of the ``roles`` (``"p"``, ``"l"``, ``"m"``):
        periods sharing days, a place within another, a metric within another."""
        found = set()
        solo = self.column("solo")
        for c in range(self.size):
            if solo[c]:
                found.add(self.group[c])
        for role in roles:
            low, high = self.column(f"{role}_min"), self.column(f"{role}_max")
            for c in range(self.size):
                if low[c] is not None and low[c] != high[c]:
                    found.add(self.group[c])
        return found

    def group_of(self, key: tuple[str, ...]) -> int | None:
        """The group with these key values, if a cell has it."""
        if not self.names:
            return 0 if self.size else None
        c = bisect.bisect_left(self.keys, key)
        return self.group[c] if c < self.size and self.keys[c] == key else None

    def rows(
        self,
        skip: set[int],
        *,
        own: bool,
        notes: dict[int, list[str]],
        provenance: Callable[[list[int]], tuple[str, ...]],
    ) -> tuple[list[tuple[Key, Callable[[], Row]]], set[int]]:
        """The rows of the groups not in ``skip``, each as its key and how to build it, in
        the order of their keys; and the groups whose totals the sums do not give (the
        engine gives them to the reference engine).

        Args:
            skip: Groups the reference engine answers.
            own: Whether the ``own`` column (a figure of the asked metric itself) is read.
            notes: The notes of each group (superseded figures of a stock).
            provenance: The ids of the figures of some cells.
        """
        # Cells of one group and row (a unit's row within its group) add up into one row.
        merged: dict[tuple[int, Unit | Dimension], list[int]] = {}
        for c in range(self.size):
            g = self.group[c]
            if g not in skip:
                merged.setdefault((g, self.units[self.unit_codes[c]].bucket), []).append(c)
        unsure: set[int] = set()
        built: list[tuple[Key, int, Callable[[], Row]]] = []
        for (g, _), cells in merged.items():
            if g in unsure:
                continue
            found = self._sum(cells)
            if found is None:
                unsure.add(g)
                continue
            unit, aggregate = found
            key = (*zip(self.names, self.keys[cells[0]], strict=True), ("unit", unit.code))
            has_own = own and any(self.column("own")[c] for c in cells)
            built.append(
                (
                    key,
                    g,
                    _builder(self, key, unit, aggregate, cells, has_own, notes.get(g), provenance),
                )
            )
        rows = [(key, build) for key, g, build in built if g not in unsure]
        rows.sort(key=lambda r: r[0])
        return rows, unsure

    def _sum(self, cells: list[int]) -> tuple[Unit, Aggregate | Quantity] | None:
        """The unit of one row and what its total comes from: the cells' sums in that
        unit, or (a single figure converted) the total itself; None when the sums do not
        say it."""
        parts = []
        for c in cells:
            u = self.units[self.unit_codes[c]]
            parts.append((u, self.aggregate(c)))
        if self.decimals and all(a.n == a.zeros for _, a in parts):
            return None  # only exact zeros: their digits were not summed
        if len(parts) == 1:
            u, aggregate = parts[0]
            if u.target == u.unit:
                return u.unit, aggregate
            if aggregate.n - aggregate.zeros == 1:  # one figure (and zeros): it, converted
                figure = total(aggregate, u.unit, decimals=self.decimals)
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


def _builder(
    cells: Cells,
    key: Key,
    unit: Unit,
    source: Aggregate | Quantity,
    members: list[int],
    has_own: bool,
    notes: list[str] | None,
    provenance: Callable[[list[int]], tuple[str, ...]],
) -> Callable[[], Row]:
    """How to build one row when it is first read."""

    def build() -> Row:
        value = (
            source if isinstance(source, Quantity) else total(source, unit, decimals=cells.decimals)
        )
        assert value is not None  # rows whose sums say nothing went to the reference
        row_notes = list(notes or ())
        if only_a_lower_bound(cells.metric, cells.query.by, has_own):
            value = at_least(value)
            row_notes.append(lower_bound_note(cells.metric.code))
        return Row(
            keys=key,
            value=value,
            observations=lambda: provenance(members),
            notes=tuple(row_notes),
        )

    return build
