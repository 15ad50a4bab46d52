"""Figures whose digits two conventions read differently: "1,500 kg".

Vietnamese writes the comma as the decimal mark, so danvan reads "1,500" as one and a
half. A sheet typed in English means fifteen hundred by it: a thousandfold error that
no parser can see. A count cannot have decimals, so "1,500 tin" is refused when read;
a measured figure (kilograms, đồng) can, and is held as written (``Decimal("1.500")``,
its three decimal places kept) for `Dataset.validate` to warn about (the rule
``ambiguous-number``), never silently.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from danvan._numbers import format_number
from danvan._observations import Observation
from danvan._quantity import Quantity
from danvan._ratio import Ratio

if TYPE_CHECKING:  # annotations only: the dataset sits above the rules
    from danvan._dataset import Dataset

__all__ = ["ambiguous_figures", "ambiguous_numbers"]


def _ambiguous(q: Quantity) -> bool:
    # From 1.000 up a Vietnamese figure groups its thousands with a dot ("1.234,567"),
    # which no English sheet writes; zero is zero either way.
    value = q.value
    return (
        isinstance(value, Decimal)
        and value.as_tuple().exponent == -3
        and 0 < value < 1000
        and not q.unit.dimension.discrete
    )


def ambiguous_figures(obs: Observation) -> list[Quantity]:
    """The quantities of ``obs`` written with exactly three decimals in a measured unit,
    between 0 and 1.000 (where "1,500" could be a thousands group).

    >>> import danvan
    >>> o = danvan.Observation(id="a", metric="surrendered.fireworks",
    ...                        period=danvan.Period.year(2021),
    ...                        value=danvan.parse_quantity("1,500 kg"))
    >>> [str(q) for q in ambiguous_figures(o)]
    ['1,500 kg']
    """
    value = obs.value
    quantities = [value.numerator, value.denominator] if isinstance(value, Ratio) else [value]
    return [q for q in quantities if _ambiguous(q)]


def ambiguous_numbers(ds: Dataset) -> Iterator[tuple[str, str, str]]:
    """Each observation holding an ambiguous figure: (id, message, Vietnamese message)."""
    for obs in ds.observations:
        for q in ambiguous_figures(obs):
            assert isinstance(q.value, Decimal)  # what makes it ambiguous
            unit = q.unit.label(2, lang="en")
            unit_vi = q.unit.label(2, lang="vi")
            written = format_number(q.value)
            decimal, thousands = q.value.normalize(), q.value.scaleb(3)
            yield (
                obs.id,
                f"the figure written {written} reads {format_number(decimal, lang='en')} "
                f"{unit} (a decimal comma, as Vietnamese writes), but a sheet typed in "
                f"English means {format_number(thousands, lang='en')} {unit} by it; write "
                f"{format_number(decimal)} or {format_number(thousands)} to say which",
                f"số liệu ghi {written} có thể hiểu hai cách: dấu phẩy là dấu thập phân (như "
                f"danvan đọc) thì là {format_number(decimal)} {unit_vi}, còn bảng tính gõ "
                f"theo kiểu tiếng Anh thì là {format_number(thousands)} {unit_vi}; hãy ghi "
                f"{format_number(decimal)} hoặc {format_number(thousands)} cho rõ",
            )
