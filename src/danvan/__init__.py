"""danvan: typed, honest records and aggregation for Vietnamese outreach (dân vận) reports.

>>> import danvan
>>> str(danvan.parse_quantity("gần 9.000 tin") + danvan.parse_quantity("150 tin"))
'gần 9.150 tin'
"""

from __future__ import annotations

from danvan._dates import parse_date, today
from danvan._numbers import format_number, parse_number
from danvan._quantity import (
    DEFAULT_POLICY,
    ApproximationPolicy,
    Bounds,
    Certainty,
    Qualifier,
    Quantity,
    total,
)
from danvan._quantity_text import format_quantity, parse_quantity
from danvan._ratio import Ratio, parse_ratio
from danvan._units import Dimension, Unit, unit, units
from danvan.errors import (
    CalendarMismatchError,
    DanvanError,
    InvalidValueError,
    LoadError,
    ParseError,
    PeriodError,
    UnitMismatchError,
    UnknownReferenceError,
)

__all__ = [
    "DEFAULT_POLICY",
    "ApproximationPolicy",
    "Bounds",
    "CalendarMismatchError",
    "Certainty",
    "DanvanError",
    "Dimension",
    "InvalidValueError",
    "LoadError",
    "ParseError",
    "PeriodError",
    "Qualifier",
    "Quantity",
    "Ratio",
    "Unit",
    "UnitMismatchError",
    "UnknownReferenceError",
    "format_number",
    "format_quantity",
    "parse_date",
    "parse_number",
    "parse_quantity",
    "parse_ratio",
    "today",
    "total",
    "unit",
    "units",
]


def __getattr__(name: str) -> str:
    # The version comes from the installed metadata, read only when asked for.
    if name == "__version__":
        from importlib.metadata import version

        return version("danvan")
    raise AttributeError(f"module 'danvan' has no attribute {name!r}")
