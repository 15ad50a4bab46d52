"""Table cells: what a report cell holds, and how it reads as text, JSON or pandas columns.

A cell keeps its value typed (a `Quantity`, a `Ratio`, a number, a date, a `Term`) until
it is written, in Vietnamese ("gần 9.000 tin", "2,5 kg") or English ("nearly 9,000
tips"). `danvan._report` lays cells out in tables; aggregation results and datasets use
the same columns for their pandas frames (``pip install danvan[pandas]``).
"""

from __future__ import annotations

import datetime as _dt
import importlib
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from danvan._lang import Message, Text, check_lang
from danvan._numbers import format_number
from danvan._observations import Observation
from danvan._quantity import Bounds, Quantity
from danvan._ratio import Ratio
from danvan._text import nfc
from danvan.errors import DanvanError, InvalidValueError

if TYPE_CHECKING:  # annotations only: results sit above cells
    from danvan._aggregate.results import Row
    from danvan._metrics import Catalogue
    from danvan._places import Gazetteer

__all__ = [
    "Cell",
    "NameOf",
    "Term",
    "cell_json",
    "cell_text",
    "check_cell",
    "display_width",
    "exact_frame",
    "frame_fields",
    "group_column",
    "names",
    "observations_frame",
    "one_line",
    "pandas",
    "ratio_text",
    "rows_frame",
]


@attrs.frozen
class Term:
    """A fixed term: a stable value for programs, and its text for readers.

    JSON and pandas get ``value``; tables, Markdown and CSV get ``text``.

    >>> Term("error", "lỗi")
    Term(value='error', text='lỗi')
    """

    value: str
    text: str = attrs.field(converter=nfc)

    @classmethod
    def of(cls, value: str, words: Text, lang: str) -> Term:
        """The term ``value`` with its ``words`` in ``lang``."""
        return cls(value, words.in_(lang))


Cell = Quantity | Ratio | Bounds | Term | _dt.date | bool | int | Decimal | str | None
"""What a report cell holds; renderers write it per language and format."""

_CELL_TYPES = (Quantity, Ratio, Bounds, Term, _dt.date, int, Decimal, str)


def check_cell(cell: object, where: str) -> None:
    """Refuse what renderers cannot write honestly: floats, datetimes, NaN, other objects."""
    if cell is None:
        return
    if isinstance(cell, _dt.datetime) or not isinstance(cell, _CELL_TYPES):
        raise InvalidValueError(
            f"must be a Quantity, Ratio, Bounds, Term, date, bool, int, Decimal, text or "
            f"None (never a float or a datetime), got {type(cell).__name__} {cell!r}",
            where=where,
        )
    if isinstance(cell, Decimal) and not cell.is_finite():
        raise InvalidValueError(f"must be a finite number, got {cell!r}", where=where)


_YES_NO = (Text("có", "yes"), Text("không", "no"))
_OVER, _FROM = Text("trên", "over"), Text("từ", "at least")


def display_width(text: str) -> int:
    """The number of terminal columns ``text`` takes.

    Combining marks and format characters take none, wide and full-width characters
    (CJK) take two, everything else one. The text is measured in NFC, so the same
    Vietnamese word measures the same whether its marks are precomposed or not.

    >>> display_width("Nam Định"), display_width("Nam Đi\\u0323nh"), display_width("日本")
    (8, 8, 4)
    """
    width = 0
    for ch in nfc(text):
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def one_line(text: str) -> str:
    # A cell is one line; control characters would move the cursor or restyle a terminal.
    out = []
    for ch in nfc(text):
        if ch in "\t\n\r":
            out.append(" ")
        elif unicodedata.category(ch) == "Cc":
            out.append("\ufffd")
        else:
            out.append(ch)
    return "".join(out)


def _bounds_text(bounds: Bounds, lang: str) -> str:
    left = "[" if bounds.lower_closed else "("
    low = format_number(bounds.lower, lang=lang)
    if bounds.upper is None:
        return f"{left}{low}; ∞)"
    right = "]" if bounds.upper_closed else ")"
    return f"{left}{low}; {format_number(bounds.upper, lang=lang)}{right}"


def ratio_text(ratio: Ratio, lang: str) -> str:
    """ "204/204 = 100%": the stated percentage, or else the one the figures give.

    When a figure is approximate, the percentage is the interval its bounds allow:
    "hơn 20/25 = trên 80%", "gần 20/25 = 72–80%".
    """
    percent = ratio.percent
    if ratio.stated_percent is not None:
        return ratio.format(lang=lang)
    if ratio.numerator.is_exact and ratio.denominator.is_exact and percent is not None:
        shown = percent.normalize() if percent == percent.to_integral_value() else percent
        return f"{ratio.format(lang=lang)} = {format_number(shown, lang=lang)}%"
    b = ratio.percent_bounds
    low = format_number(b.lower, lang=lang)
    if b.upper is None:
        word = _OVER if not b.lower_closed else _FROM
        return f"{ratio.format(lang=lang)} = {word.in_(lang)} {low}%"
    if b.upper == b.lower:
        return f"{ratio.format(lang=lang)} = {low}%"
    return f"{ratio.format(lang=lang)} = {low}–{format_number(b.upper, lang=lang)}%"


def cell_text(cell: Cell, lang: str) -> str:
    """A cell as readers see it, in ``lang``."""
    if cell is None:
        return "—"
    if isinstance(cell, bool):
        return _YES_NO[0 if cell else 1].in_(lang)
    if isinstance(cell, int | Decimal):
        return format_number(cell, lang=lang)
    if isinstance(cell, Quantity):
        return cell.format(lang=lang)
    if isinstance(cell, Ratio):
        return ratio_text(cell, lang)
    if isinstance(cell, Bounds):
        return _bounds_text(cell, lang)
    if isinstance(cell, Term):
        return cell.text
    if isinstance(cell, _dt.date):
        # Vietnamese documents write dates day first: 31-12-2021.
        return f"{cell.day}-{cell.month}-{cell.year}" if lang == "vi" else cell.isoformat()
    return cell


def _number_json(value: int | Decimal | None) -> int | str | None:
    # Decimals travel as strings of their exact digits, as danvan.serialization writes them.
    if value is None or isinstance(value, int):
        return value
    return format(value, "f")


def _bounds_json(bounds: Bounds) -> dict[str, Any]:
    return {
        "lower": _number_json(bounds.lower),
        "upper": _number_json(bounds.upper),
        "lower_closed": bounds.lower_closed,
        "upper_closed": bounds.upper_closed,
    }


def _quantity_json(q: Quantity, lang: str) -> dict[str, Any]:
    return {
        "text": q.format(lang=lang),
        "value": _number_json(q.value),
        "unit": q.unit.code,
        "qualifier": q.qualifier.value,
        **_bounds_json(q.bounds),
    }


def cell_json(cell: Cell, lang: str) -> Any:
    """A cell as JSON data: numbers exact, terms by value, quantities as objects."""
    if cell is None or isinstance(cell, bool | str):
        return cell
    if isinstance(cell, int | Decimal):
        return _number_json(cell)
    if isinstance(cell, Quantity):
        return _quantity_json(cell, lang)
    if isinstance(cell, Ratio):
        return {
            "text": ratio_text(cell, lang),
            "numerator": _quantity_json(cell.numerator, lang),
            "denominator": _quantity_json(cell.denominator, lang),
            "percent": _number_json(cell.percent),
            "percent_bounds": _bounds_json(cell.percent_bounds),
            "stated_percent": _number_json(cell.stated_percent),
        }
    if isinstance(cell, Bounds):
        return _bounds_json(cell)
    if isinstance(cell, Term):
        return cell.value
    return cell.isoformat()


def frame_fields(key: str, cell: Cell, lang: str) -> dict[str, Any]:
    """A cell as pandas columns: figures spread into their parts, numbers exact."""
    if isinstance(cell, Quantity):
        return {
            key: cell.format(lang=lang),
            f"{key}_point": cell.point,
            **_frame_bounds(key, cell.bounds),
            f"{key}_qualifier": cell.qualifier.value,
            f"{key}_unit": cell.unit.code,
        }
    if isinstance(cell, Ratio):
        return {
            key: ratio_text(cell, lang),
            f"{key}_numerator": cell.numerator.point,
            f"{key}_numerator_qualifier": cell.numerator.qualifier.value,
            f"{key}_denominator": cell.denominator.point,
            f"{key}_denominator_qualifier": cell.denominator.qualifier.value,
            f"{key}_percent": cell.percent,
        }
    if isinstance(cell, Bounds):
        return _frame_bounds(key, cell)
    if isinstance(cell, Term):
        return {key: cell.value}
    if isinstance(cell, _dt.date):
        return {key: _dt.date(cell.year, cell.month, cell.day)}
    return {key: cell}


def _frame_bounds(key: str, bounds: Bounds) -> dict[str, Any]:
    """Both ends and whether each is included: "(105; 1.005)" never reads as 1.005 possible."""
    return {
        f"{key}_lower": bounds.lower,
        f"{key}_upper": bounds.upper,
        f"{key}_lower_closed": bounds.lower_closed,
        f"{key}_upper_closed": bounds.upper_closed,
    }


def exact_frame(pd: Any, records: list[dict[str, Any]], columns: list[str]) -> Any:
    """A `pandas.DataFrame` of ``records`` whose values stay what they are.

    pandas turns a gap into NaN, a float, and ints beside it into floats too: a column
    with a gap, a `Decimal` or an int beyond int64 is kept as Python objects instead
    (None stays None). Other columns get pandas' own types (int64, bool, strings).
    """
    data = {}
    for column in columns:
        values = [record.get(column) for record in records]
        data[column] = pd.Series(values, dtype=object if _needs_objects(values) else None)
    return pd.DataFrame(data, columns=columns)


def _needs_objects(values: list[Any]) -> bool:
    """Whether pandas' own type for ``values`` would change one of them."""
    for v in values:
        if v is None or isinstance(v, Decimal):
            return True
        if isinstance(v, int) and not isinstance(v, bool) and not -(2**63) <= v < 2**63:
            return True
    return False


def pandas() -> Any:
    try:
        return importlib.import_module("pandas")
    except ImportError as exc:
        raise DanvanError(
            Message(
                "this needs pandas, which is not installed: pip install 'danvan[pandas]'",
                "cần pandas, chưa được cài: pip install 'danvan[pandas]'",
            )
        ) from exc


# -- the report -----------------------------------------------------------------------------


def group_column(name: str) -> str:
    """The column (and row key) of a grouping: ``"metric"`` for ``"submetric"``."""
    return "metric" if name == "submetric" else name


NameOf = Callable[[str, str], str | None]
"""The name of a code of a grouping: ``name_of("province", "36")`` is "Nam Định"."""

_TIME = ("year", "half-year", "quarter", "month")
_NAMED = ("province", "district", "commune", "place", "organisation", "metric")


def names(
    *,
    places: Gazetteer | None = None,
    catalogue: Catalogue | None = None,
    organisations: Mapping[str, str] | None = None,
    lang: str = "vi",
) -> NameOf:
    """A `NameOf` reading places (``places``, else the national gazetteer for its codes),
    metrics (``catalogue``, else the standard one) and organisations (id to name)."""
    from danvan._metrics import standard_catalogue
    from danvan._national import national_gazetteer

    metrics = catalogue or standard_catalogue()
    lookup: list[Gazetteer] = [] if places is None else [places]

    def name_of(grouping: str, code: str) -> str | None:
        if grouping == "metric":
            return metrics.get(code).name(lang) if code in metrics else None
        if grouping == "organisation":
            return None if organisations is None else organisations.get(code)
        if not lookup or (code not in lookup[0] and len(lookup) == 1):
            lookup.append(national_gazetteer())  # the nation's names, for its codes
        found = next((g for g in lookup if code in g), None)
        return None if found is None else found.get(code).name

    return name_of


def _period_fields(grouping: str, code: str | None) -> dict[str, Any]:
    """A time grouping's code as typed columns: the year a number, other pieces their
    first and last day (and year)."""
    from danvan._period_text import parse_period  # the codes the engines write

    period = None if code is None else parse_period(code)
    start = (
        None
        if period is None
        else _dt.date(period.start.year, period.start.month, period.start.day)
    )
    end = None
    if period is not None and period.end is not None:
        end = _dt.date(period.end.year, period.end.month, period.end.day)
    year = (
        None
        if period is None or end is None or start is None or start.year != end.year
        else start.year
    )
    if grouping == "year":
        return {"year": year, "year_start": start, "year_end": end}
    return {
        grouping: code,
        f"{grouping}_start": start,
        f"{grouping}_end": end,
        f"{grouping}_year": year,
    }


def rows_frame(
    rows: Iterable[Row], by: Sequence[str], lang: str = "vi", name_of: NameOf | None = None
) -> Any:
    """Rows of totals as a `pandas.DataFrame`: a column per grouping, the value spread.

    A place, metric or organisation grouping gets its names beside its codes (with
    ``name_of``); a year is a number, and another time piece ("2021-Q3") keeps its code
    beside its first and last day and its year.

    Raises:
        DanvanError: pandas is not installed.
    """
    lang = check_lang(lang)
    pd = pandas()
    groups = [group_column(b) for b in by]
    records = []
    for row in rows:
        record: dict[str, Any] = {}
        for g in groups:
            code = row.key(g)
            if g in _TIME:
                record.update(_period_fields(g, code))
                continue
            record[g] = code
            if name_of is not None and g in _NAMED:
                record[f"{g}_name"] = None if code is None else name_of(g, code)
        records.append(record | frame_fields("value", row.value, lang))
    if not records:
        return pd.DataFrame(columns=[*groups, "value"])
    return exact_frame(pd, records, list(dict.fromkeys(k for r in records for k in r)))


def _stated_fields(ratio: Ratio | None) -> dict[str, Any]:
    """A ratio's stated percentage, its qualifier and its base (None for a quantity)."""
    if ratio is None:
        return {"percent": None, "percent_qualifier": None, "base": None}
    stated = ratio.stated_percent
    return {
        "percent": stated,
        "percent_qualifier": None if stated is None else ratio.qualifier.value,
        "base": ratio.base,
    }


def observations_frame(
    observations: Iterable[Observation], *, lang: str = "vi", name_of: NameOf | None = None
) -> Any:
    """The ``observations`` as a `pandas.DataFrame`, one row each.

    Columns: ``id``, ``metric``, ``value`` (the figure as text in ``lang``), ``point``,
    ``lower``, ``upper``, ``lower_closed``, ``upper_closed``, ``qualifier``, ``unit``,
    ``denominator`` and ``denominator_qualifier`` (for a ratio, whose other columns
    describe its numerator), ``percent``, ``percent_qualifier`` and ``base`` (for a ratio:
    the percentage its source states, how sure that is, and what it is a percentage of,
    as in "khoảng 70% hộ dân"), ``period`` (its code), ``start``, ``end``, ``place``,
    ``organisation``, ``source``, ``activity``, ``disaggregation``, ``role``, ``quote``
    and ``note``; with ``name_of``, ``metric_name`` and ``place_name`` beside the codes; and
    ``year``, the period's year as a number when it lies within one year. A period not
    stated has no code, start, end or year. Numbers stay `int` and `Decimal` and gaps stay
    None (never NaN); dates are `datetime.date`. Needs the ``pandas`` extra.

    Raises:
        DanvanError: pandas is not installed.
    """
    lang = check_lang(lang)
    pd = pandas()
    records = []
    for obs in observations:
        q = obs.quantity
        ratio = obs.value if isinstance(obs.value, Ratio) else None
        period = obs.period
        start = None if period is None else period.start
        end = None if period is None else period.end
        records.append(
            {
                "id": obs.id,
                "metric": obs.metric,
                "value": obs.value.format(lang=lang),
                "point": q.point,
                "lower": q.bounds.lower,
                "upper": q.bounds.upper,
                "lower_closed": q.bounds.lower_closed,
                "upper_closed": q.bounds.upper_closed,
                "qualifier": q.qualifier.value,
                "unit": q.unit.code,
                "denominator": ratio.denominator.point if ratio else None,
                "denominator_qualifier": ratio.denominator.qualifier.value if ratio else None,
                **_stated_fields(ratio),
                "period": None if period is None else str(period),
                "start": None if start is None else _dt.date(start.year, start.month, start.day),
                "end": None if end is None else _dt.date(end.year, end.month, end.day),
                "year": start.year if start and end and end.year == start.year else None,
                "place": obs.place,
                "organisation": obs.organisation,
                "source": obs.source,
                "activity": obs.activity,
                "disaggregation": obs.disaggregation,
                "role": obs.role.value,
                "quote": obs.quote,
                "note": obs.note,
            }
        )
    columns = [
        "id", "metric", "value", "point", "lower", "upper", "lower_closed", "upper_closed",
        "qualifier", "unit", "denominator", "denominator_qualifier", "percent",
        "percent_qualifier", "base", "period", "start", "end",
        "year", "place", "organisation", "source", "activity", "disaggregation", "role",
        "quote", "note",
    ]  # fmt: skip
    if name_of is not None:
        for record in records:
            record["metric_name"] = name_of("metric", str(record["metric"]))
            place = record["place"]
            record["place_name"] = None if place is None else name_of("place", str(place))
        columns[2:2] = ["metric_name"]
        columns.insert(columns.index("place") + 1, "place_name")
    return exact_frame(pd, records, columns)
