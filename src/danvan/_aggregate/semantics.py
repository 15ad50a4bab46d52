"""How figures combine: the aggregation semantics, in one place.

The engines decide *which* figures go together (with `danvan._aggregate.rules`); this
module decides *how* they combine, by the metric's declared `Aggregation`:

* over time, a FLOW sums and a STOCK, MINIMUM or RATIO takes the latest figure;
* over places, FLOW and STOCK sum, MINIMUM takes the minimum, and a RATIO is
  recomputed from its summed numerators and denominators;
* sub-metrics count in the asked metric's unit when they share its dimension; otherwise
  one row per counting word (guns never add to rounds) and one per measured dimension
  (grams and kilograms convert);
* a total built only from "of which" parts is a lower bound ("ít nhất").

Each engine applies these rules its own way (the columnar engine on columns, per unit
and per cell), and is checked against the reference engine, which calls them directly.
"""

from __future__ import annotations

from collections.abc import Sequence

from danvan._lang import Message, Text
from danvan._metrics import Aggregation, Breakdown, Metric
from danvan._numbers import Number
from danvan._period import Period
from danvan._quantity import Bounds, Qualifier, Quantity, reading, total
from danvan._ratio import Ratio
from danvan._units import Dimension, Unit, base_unit, counts_in
from danvan.errors import InvalidValueError

__all__ = [
    "AGGREGATION_WORDS",
    "at_least",
    "combine_places",
    "counted_unit",
    "latest",
    "lower_bound_note",
    "minimum",
    "only_a_lower_bound",
    "partial_note",
    "row_unit",
    "sums_over_time",
    "superseded_note",
]

AGGREGATION_WORDS: dict[Aggregation, Text] = {
    Aggregation.FLOW: Text(
        "phát sinh trong kỳ: cộng theo thời gian và địa bàn",
        "flow: summed over time and places",
    ),
    Aggregation.STOCK: Text(
        "số tại thời điểm: lấy số mới nhất, cộng theo địa bàn",
        "stock: latest in the period, summed over places",
    ),
    Aggregation.RATIO: Text(
        "tỷ lệ: tính lại từ tử số và mẫu số",
        "ratio: recomputed from numerator and denominator",
    ),
    Aggregation.MINIMUM: Text(
        "mức tối thiểu: lấy số mới nhất, nhỏ nhất theo địa bàn",
        "minimum: latest in the period, smallest over places",
    ),
}
"""How each kind of metric combines, as readers are told."""


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


def counted_unit(asked: Metric, by: tuple[str, ...], unit: Unit) -> Unit:
    """The unit a figure in ``unit`` counts in, in a question about ``asked``.

    Sub-metrics count in the asked metric's unit when it counts them without renaming
    them (`counts_in`: "tập thể, cá nhân" for exemplars, never "quả" for detonators),
    unless each sub-metric is its own group.
    """
    target = asked.unit if "submetric" not in by else None
    return target if target is not None and counts_in(unit, target) else unit


def row_unit(unit: Unit) -> Unit | Dimension:
    """What a figure in ``unit`` shares its row with: its counting word, or its dimension
    when measured (grams and kilograms add; pieces, guns and rounds never do)."""
    return unit if unit.dimension.discrete else unit.dimension


def only_a_lower_bound(asked: Metric, by: tuple[str, ...], has_own_figure: bool) -> bool:
    """Whether a total stands for ``asked`` but is built from "of which" parts only."""
    if "submetric" in by or has_own_figure:
        return False
    return asked.breakdown is Breakdown.PARTIAL


def at_least(value: Quantity) -> Quantity:
    """The same figure read as a lower bound: the true total may be larger."""
    b = value.bounds
    bounds = Bounds(lower=b.lower, lower_closed=b.lower_closed, upper=None)
    if value.point is None or value.point != b.lower:
        return Quantity(value=None, unit=value.unit, qualifier=Qualifier.RANGE, bounds=bounds)
    qualifier = Qualifier.AT_LEAST if b.lower_closed else Qualifier.MORE_THAN
    return Quantity(value=value.point, unit=value.unit, qualifier=qualifier, bounds=bounds)


def superseded_note(old: str, old_period: object, new: str, new_period: object) -> Message:
    """The note on a stock's figure replaced by a later one of the same series."""
    return Text(
        f"{old} ({old_period}) được thay bằng số liệu mới hơn {new} ({new_period})",
        f"{old} ({old_period}) superseded by the later figure {new} ({new_period})",
    ).message()


def lower_bound_note(metric: str) -> Message:
    """The note on a total built from "of which" parts only."""
    return Text(
        f"không có số liệu của chính chỉ tiêu {metric}: tổng các chỉ tiêu con được báo cáo "
        f"chỉ là cận dưới, vì chúng không nhất thiết gồm mọi loại",
        f"no figure for {metric} itself: the sum of the sub-metrics reported is only a "
        f"lower bound, as they need not cover every kind",
    ).message()


def partial_note(period: object, ids: list[str]) -> Message:
    """The note on a total that keeps figures partly outside its period (never pro-rated)."""
    return Text(
        f"gồm số liệu có kỳ chỉ nằm một phần trong {period}: {', '.join(ids)}",
        f"includes figures whose period lies only partly within {period}: {', '.join(ids)}",
    ).message()
