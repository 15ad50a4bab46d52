"""How figures combine: the aggregation semantics, in one place.

The engine (`danvan._aggregation`) decides *which* figures go together; this
module decides *how* they combine, by the metric's declared `Aggregation`:

* over time, a FLOW sums and a STOCK, MINIMUM or RATIO takes the latest figure;
* over places, FLOW and STOCK sum, MINIMUM takes the minimum, and a RATIO is
  recomputed from its summed numerators and denominators.

Keeping these rules apart from the loop that executes them lets a second engine
(columnar, for tens of millions of rows) be checked against this one.
"""

from __future__ import annotations

from collections.abc import Sequence

from danvan._metrics import Aggregation
from danvan._numbers import Number
from danvan._period import Period
from danvan._quantity import Bounds, Quantity, reading, total
from danvan._ratio import Ratio
from danvan._units import base_unit
from danvan.errors import InvalidValueError

__all__ = ["combine_places", "latest", "minimum", "sums_over_time"]


def sums_over_time(aggregation: Aggregation) -> bool:
    """Whether figures of successive periods add up (FLOW) or supersede each other."""
    return aggregation is Aggregation.FLOW


def latest(figures: Sequence[tuple[Period, str, Quantity | Ratio]]) -> int:
    """Index of the figure that stands for a stock over a period: the one ending last.

    Ties (same end) go to the shorter period, then to the larger observation id, so
    the choice never depends on the order of the data.
    """
    if not figures:
        raise InvalidValueError("no figures to choose the latest from")

    def key(i: int) -> tuple[object, ...]:
        period, obs_id, _ = figures[i]
        assert period.end is not None  # open periods never reach the engine
        return (period.end, period.start, obs_id)

    return max(range(len(figures)), key=key)


def minimum(quantities: Sequence[Quantity]) -> Quantity:
    """The smallest of several uncertain figures, with exact bounds.

    The true minimum lies between the smallest lower end and the smallest upper end.

    >>> from danvan import parse_quantity
    >>> str(minimum([parse_quantity("tối thiểu 5 người"), parse_quantity("7 người")]))
    'từ 5 đến 7 người'
    """
    if not quantities:
        raise InvalidValueError("the minimum of nothing is undefined")
    unit = quantities[0].unit
    if any(q.unit != unit for q in quantities):
        unit = base_unit(quantities[0].dimension)
        quantities = [q.to_unit(unit) for q in quantities]
    if len(quantities) == 1:
        return quantities[0]
    low = min(quantities, key=lambda q: (q.bounds.lower, not q.bounds.lower_closed)).bounds
    uppers = [q.bounds for q in quantities if q.bounds.upper is not None]
    upper: Number | None = None
    upper_closed = True
    if uppers:
        top = min(uppers, key=lambda b: (b.upper, b.upper_closed))
        upper, upper_closed = top.upper, top.upper_closed
    bounds = Bounds(
        lower=low.lower, lower_closed=low.lower_closed, upper=upper, upper_closed=upper_closed
    )
    points = [q.point for q in quantities]
    point = None if any(p is None for p in points) else min(p for p in points if p is not None)
    if point is not None and not bounds.contains(point):
        point = None  # "tối thiểu 5" and "4": the minimum is 4, the point min(5, 4) fits
    return reading(bounds, unit, point=point, qualifiers={q.qualifier for q in quantities})


def combine_places(
    aggregation: Aggregation, values: Sequence[Quantity | Ratio]
) -> Quantity | Ratio:
    """Combine one figure per place (and per series) by the metric's rule over places."""
    if aggregation is Aggregation.RATIO:
        ratios = [v for v in values if isinstance(v, Ratio)]
        if len(ratios) != len(values):
            raise InvalidValueError("a ratio metric combines only ratios")
        return Ratio(
            numerator=total([r.numerator for r in ratios]),
            denominator=total([r.denominator for r in ratios]),
        )
    quantities = [v for v in values if isinstance(v, Quantity)]
    if len(quantities) != len(values):
        raise InvalidValueError("only a ratio metric holds ratios")
    if aggregation is Aggregation.MINIMUM:
        return minimum(quantities)
    return total(quantities)
