"""Reports: aggregation results, validation findings and the metric catalogue as tables.

A `Report` is a title, a few facts (the metric, the period, ...) and sections of rows.
Cells keep their values typed (a `Quantity`, a number, a date, a `Term`) until a
renderer writes them, in Vietnamese ("gần 9.000 tin", "2,5 kg") or English ("nearly
9,000 tips"):

* `Report.to_table` for a terminal: columns aligned by display width, so Vietnamese
  text lines up whether its marks are precomposed (NFC) or combining (NFD);
* `Report.to_markdown` for documents, `Report.to_csv` for spreadsheets (cells that a
  spreadsheet would run as a formula are neutralised), `Report.to_json` for programs;
* `Report.to_pandas` and `observations_frame` for notebooks (``pip install danvan[pandas]``).

Why a figure was left out, a row's notes and the built-in findings are written in the
report's language; findings of user rules are as their rules write them.
"""

from __future__ import annotations

import csv
import datetime as _dt
import importlib
import io
import json
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from danvan._aggregation import AggregationResult, Row, note_text
from danvan._metrics import Aggregation, Catalogue, Metric
from danvan._numbers import format_number
from danvan._quantity import Bounds, Quantity
from danvan._ratio import Ratio
from danvan._text import nfc
from danvan._validation import Severity, ValidationReport
from danvan.errors import DanvanError, InvalidValueError, UnknownReferenceError

if TYPE_CHECKING:  # only for annotations of functions, never of attrs fields
    from danvan._dataset import Dataset

__all__ = ["Column", "Fact", "Report", "Section", "Term", "display_width", "observations_frame"]

LANGS = ("vi", "en")


@attrs.frozen
class Term:
    """A fixed term: a stable value for programs, and its text for readers.

    JSON and pandas get ``value``; tables, Markdown and CSV get ``text``.

    >>> Term("error", "lỗi")
    Term(value='error', text='lỗi')
    """

    value: str
    text: str = attrs.field(converter=nfc)


Cell = Quantity | Ratio | Bounds | Term | _dt.date | bool | int | Decimal | str | None
"""What a report cell holds; renderers write it per language and format."""


def _check_lang(lang: object) -> str:
    if lang not in LANGS:
        raise InvalidValueError(f"must be 'vi' or 'en', got {lang!r}", where="lang")
    return str(lang)


@attrs.frozen(kw_only=True)
class Column:
    """A column: a stable key (JSON, CSV for programs, pandas) and a label for readers."""

    key: str
    label: str = attrs.field(converter=nfc)


@attrs.frozen(kw_only=True)
class Fact:
    """One line of a report's header: "Kỳ: 2017/2021"."""

    key: str
    label: str = attrs.field(converter=nfc)
    value: Cell = attrs.field()

    @value.validator
    def _check_value(self, _: attrs.Attribute[Cell], value: object) -> None:
        _check_cell(value, f"fact[{self.key}].value")


def _columns(value: Iterable[Column]) -> tuple[Column, ...]:
    return tuple(value)


def _rows(value: Iterable[Sequence[Cell]]) -> tuple[tuple[Cell, ...], ...]:
    # Text cells are NFC like every text danvan holds.
    return tuple(tuple(nfc(c) if isinstance(c, str) else c for c in row) for row in value)


_CELL_TYPES = (Quantity, Ratio, Bounds, Term, _dt.date, int, Decimal, str)


def _check_cell(cell: object, where: str) -> None:
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


@attrs.frozen(kw_only=True)
class Section:
    """A titled table of a report.

    Args:
        key: Stable name ("rows", "excluded", "missing", "findings", ...).
        title: The heading readers see.
        columns: The columns.
        rows: One tuple of cells per row, as many cells as columns.
        empty: What to print when there are no rows ("none").
        note: A line printed under the heading ("missing, not zero").
    """

    key: str
    title: str = attrs.field(converter=nfc)
    columns: tuple[Column, ...] = attrs.field(converter=_columns)
    rows: tuple[tuple[Cell, ...], ...] = attrs.field(converter=_rows)
    empty: str = attrs.field(default="", converter=nfc)
    note: str = attrs.field(default="", converter=nfc)

    @rows.validator
    def _check_rows(self, _: attrs.Attribute[tuple[tuple[Cell, ...], ...]], rows: Any) -> None:
        for i, row in enumerate(rows):
            if len(row) != len(self.columns):
                raise InvalidValueError(
                    f"has {len(row)} cells, but the section has {len(self.columns)} columns",
                    where=f"section[{self.key}].rows[{i}]",
                )
            for j, cell in enumerate(row):
                _check_cell(cell, f"section[{self.key}].rows[{i}][{j}]")


# -- words ----------------------------------------------------------------------------------

_WORDS: dict[str, tuple[str, str]] = {
    # key: (Vietnamese, English)
    "metric": ("Chỉ tiêu", "Metric"),
    "period": ("Kỳ", "Period"),
    "all_time": ("mọi thời gian", "all time"),
    "by": ("Nhóm theo", "Grouped by"),
    "one_total": ("không (một tổng)", "nothing (one total)"),
    "as_of": ("Địa giới hành chính tại ngày", "Places as of"),
    "scope": ("Trong phạm vi", "Within"),
    "aggregation": ("Cách cộng", "Aggregation"),
    "rows": ("Kết quả", "Totals"),
    "no_rows": ("không có số liệu nào", "no figures"),
    "value": ("Giá trị", "Value"),
    "bounds": ("Khoảng giá trị", "Bounds"),
    "observations": ("Số liệu gốc", "Observations"),
    "none": ("không có", "none"),
    "notes": ("Ghi chú", "Notes"),
    "row": ("Dòng", "Row"),
    "note": ("Ghi chú", "Note"),
    "excluded": ("Để ngoài", "Left out"),
    "observation": ("Số liệu", "Observation"),
    "reason": ("Lý do", "Reason"),
    "reconciliations": ("Đối chiếu", "Reconciliations"),
    "kind": ("Loại", "Kind"),
    "whole": ("Tổng", "Whole"),
    "whole_value": ("Giá trị tổng", "Whole value"),
    "parts": ("Các phần", "Parts"),
    "parts_total": ("Cộng các phần", "Parts total"),
    "complete": ("Đủ", "Complete"),
    "consistent": ("Khớp", "Consistent"),
    "used": ("Dùng", "Used"),
    "missing": ("Không có số liệu", "No figures"),
    "missing_note": ("thiếu, không phải bằng 0", "missing, not zero"),
    "grouping": ("Nhóm", "Grouping"),
    "code": ("Mã", "Code"),
    "name": ("Tên", "Name"),
    "sources": ("Nguồn", "Sources"),
    "source": ("Nguồn", "Source"),
    "quote": ("Trích dẫn", "Quote"),
    "findings": ("Vấn đề", "Findings"),
    "no_findings": ("không phát hiện vấn đề", "no problems found"),
    "severity": ("Mức độ", "Severity"),
    "rule": ("Quy tắc", "Rule"),
    "record": ("Bản ghi", "Record"),
    "message": ("Nội dung", "Message"),
    "validation": ("Kết quả kiểm tra", "Validation"),
    "catalogue": ("Danh mục chỉ tiêu", "Metric catalogue"),
    "metrics": ("Các chỉ tiêu", "Metrics"),
    "unit": ("Đơn vị", "Unit"),
    "dimension": ("Đại lượng", "Dimension"),
    "counts": ("Đếm", "Counts"),
    "parent": ("Thuộc", "Part of"),
    "breakdown": ("Các chỉ tiêu con", "Sub-metrics"),
    "yes": ("có", "yes"),
    "no": ("không", "no"),
}

# Group names of `aggregate(by=...)`: the (code column, name column) labels, and the word.
_GROUPS: dict[str, tuple[tuple[str, str], tuple[str, str], tuple[str, str]]] = {
    "province": (("Mã tỉnh", "Province code"), ("Tỉnh", "Province"), ("tỉnh", "province")),
    "district": (("Mã huyện", "District code"), ("Huyện", "District"), ("huyện", "district")),
    "commune": (("Mã xã", "Commune code"), ("Xã", "Commune"), ("xã", "commune")),
    "place": (("Mã địa bàn", "Place code"), ("Địa bàn", "Place"), ("địa bàn", "place")),
    "organisation": (
        ("Mã tổ chức", "Organisation id"),
        ("Tổ chức", "Organisation"),
        ("tổ chức", "organisation"),
    ),
    "metric": (("Mã chỉ tiêu", "Metric code"), ("Chỉ tiêu", "Metric"), ("chỉ tiêu", "metric")),
    "submetric": (
        ("Mã chỉ tiêu", "Metric code"),
        ("Chỉ tiêu", "Metric"),
        ("chỉ tiêu con", "sub-metric"),
    ),
    "year": (("Năm", "Year"), ("", ""), ("năm", "year")),
    "half-year": (("Nửa năm", "Half-year"), ("", ""), ("nửa năm", "half-year")),
    "quarter": (("Quý", "Quarter"), ("", ""), ("quý", "quarter")),
    "month": (("Tháng", "Month"), ("", ""), ("tháng", "month")),
}
_NAMED = ("province", "district", "commune", "place", "organisation", "metric")

_AGGREGATION: dict[Aggregation, tuple[str, str]] = {
    Aggregation.FLOW: (
        "phát sinh trong kỳ: cộng theo thời gian và địa bàn",
        "flow: summed over time and places",
    ),
    Aggregation.STOCK: (
        "số tại thời điểm: lấy số mới nhất, cộng theo địa bàn",
        "stock: latest in the period, summed over places",
    ),
    Aggregation.RATIO: (
        "tỷ lệ: tính lại từ tử số và mẫu số",
        "ratio: recomputed from numerator and denominator",
    ),
    Aggregation.MINIMUM: (
        "mức tối thiểu: lấy số mới nhất, nhỏ nhất theo địa bàn",
        "minimum: latest in the period, smallest over places",
    ),
}
_SEVERITY = {
    Severity.ERROR: ("lỗi", "error"),
    Severity.WARNING: ("cảnh báo", "warning"),
    Severity.INFO: ("thông tin", "info"),
}
_DIMENSION = {
    "items": "số đếm",
    "persons": "người",
    "participations": "lượt người",
    "mass": "khối lượng",
    "money": "tiền",
    "blood-units": "đơn vị máu",
}
_COUNTING = {
    "items": "vật",
    "persons": "người",
    "participations": "lượt",
    "cases": "vụ",
    "subjects": "đối tượng",
    "tips": "tin",
    "models": "mô hình",
    "awardees": "người, tập thể",
    "places": "địa bàn",
    "amount": "lượng",
}
_BREAKDOWN = {
    "of-which": ("trong đó (có thể chưa đủ)", "of which (may be partial)"),
    "consists-of": ("gồm (đủ)", "consists of (complete)"),
}
_RECONCILIATION = {
    "restatement": ("nêu lại", "restatement"),
    "parts": ("tổng và các phần", "whole and parts"),
    "whole": ("tổng", "whole"),
}


def _w(key: str, lang: str) -> str:
    vi, en = _WORDS[key]
    return vi if lang == "vi" else en


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "vi" else pair[1]


def _labelled(lang: str, *keys: str) -> list[Column]:
    """Columns labelled each by the word of its own key."""
    return [Column(key=key, label=_w(key, lang)) for key in keys]


def aggregation_term(aggregation: Aggregation, lang: str) -> Term:
    """How a metric's figures combine, as a term ("flow: summed over time and places")."""
    return Term(aggregation.value, _pick(_AGGREGATION[aggregation], lang))


# -- display width and cell text ------------------------------------------------------------


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


def _one_line(text: str) -> str:
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


def _ratio_text(ratio: Ratio, lang: str) -> str:
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
        word = ("trên", "over") if not b.lower_closed else ("từ", "at least")
        return f"{ratio.format(lang=lang)} = {word[LANGS.index(lang)]} {low}%"
    if b.upper == b.lower:
        return f"{ratio.format(lang=lang)} = {low}%"
    return f"{ratio.format(lang=lang)} = {low}–{format_number(b.upper, lang=lang)}%"


def _text(cell: Cell, lang: str) -> str:
    """A cell as readers see it, in ``lang``."""
    if cell is None:
        return "—"
    if isinstance(cell, bool):
        return _w("yes" if cell else "no", lang)
    if isinstance(cell, int | Decimal):
        return format_number(cell, lang=lang)
    if isinstance(cell, Quantity):
        return cell.format(lang=lang)
    if isinstance(cell, Ratio):
        return _ratio_text(cell, lang)
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


def _json(cell: Cell, lang: str) -> Any:
    """A cell as JSON data: numbers exact, terms by value, quantities as objects."""
    if cell is None or isinstance(cell, bool | str):
        return cell
    if isinstance(cell, int | Decimal):
        return _number_json(cell)
    if isinstance(cell, Quantity):
        return _quantity_json(cell, lang)
    if isinstance(cell, Ratio):
        return {
            "text": _ratio_text(cell, lang),
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


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_text(cell: Cell, lang: str) -> str:
    """A cell for a spreadsheet: numbers plain, text that could run as a formula quoted."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, int | Decimal):
        return str(cell) if isinstance(cell, int) else format(cell, "f")
    text = nfc(_text(cell, lang))
    # OWASP "CSV injection": a leading quote keeps a spreadsheet from evaluating the cell.
    return "'" + text if text.startswith(_FORMULA_START) else text


def _frame_fields(key: str, cell: Cell, lang: str) -> dict[str, Any]:
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
            key: _ratio_text(cell, lang),
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


def _exact_frame(pd: Any, records: list[dict[str, Any]], columns: list[str]) -> Any:
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


def _pandas() -> Any:
    try:
        return importlib.import_module("pandas")
    except ImportError as exc:
        raise DanvanError(
            "this needs pandas, which is not installed: pip install 'danvan[pandas]'"
        ) from exc


# -- the report -----------------------------------------------------------------------------


def _facts(value: Iterable[Fact]) -> tuple[Fact, ...]:
    return tuple(value)


def _sections(value: Iterable[Section]) -> tuple[Section, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Report:
    """A report: a title, facts, and sections of typed cells, rendered on demand.

    Build one with `from_aggregation`, `from_validation` or `from_catalogue`, or from
    your own `Section` objects.

    >>> import danvan
    >>> q = danvan.parse_quantity("gần 9.000 tin")
    >>> r = Report(title="Tin", lang="en", sections=[
    ...     Section(key="rows", title="Totals", columns=[Column(key="value", label="Value")],
    ...             rows=[(q,)])])
    >>> print(r.to_table())
    Tin
    ===
    <BLANKLINE>
    Totals
    Value
    -----------------
    nearly 9,000 tips

    Args:
        title: The heading.
        lang: ``"vi"`` or ``"en"``: the language cells are written in.
        facts: Header lines.
        sections: The tables; the first holds the answer.
    """

    title: str = attrs.field(converter=nfc)
    lang: str = attrs.field(default="vi", converter=_check_lang)
    facts: tuple[Fact, ...] = attrs.field(default=(), converter=_facts)
    sections: tuple[Section, ...] = attrs.field(default=(), converter=_sections)

    def section(self, key: str) -> Section:
        """The section with ``key``.

        Raises:
            UnknownReferenceError: there is none.
        """
        for s in self.sections:
            if s.key == key:
                return s
        keys = ", ".join(s.key for s in self.sections)
        raise UnknownReferenceError(f"no section {key!r} in this report; it has {keys}")

    # -- building -----------------------------------------------------------------------

    @classmethod
    def from_aggregation(
        cls,
        result: AggregationResult,
        *,
        dataset: Dataset | None = None,
        lang: str = "vi",
        show_bounds: bool = False,
        show_sources: bool = False,
        scope: str | None = None,
    ) -> Report:
        """A report of an aggregation: totals, then what was left out, reconciled or missing.

        Args:
            result: The answer of `Dataset.aggregate`.
            dataset: The dataset asked; gives names to codes and quotes to sources.
            lang: ``"vi"`` or ``"en"``.
            show_bounds: Add the bounds of each total (the interval the truth lies in).
            show_sources: Add the observations each total came from, and a section
                quoting each observation's source.
            scope: The place code the question was limited to (``place=`` of aggregate).

        >>> import runpy, danvan
        >>> ds = runpy.run_path("examples/nam_dinh_2017_2021.py")["build"]()
        >>> result = ds.aggregate("surrendered.guns", period=danvan.parse_period("2017/2021"),
        ...                       by="province", place="36")
        >>> report = Report.from_aggregation(result, dataset=ds, lang="en", scope="36")
        >>> print(report.to_table())
        Guns
        ====
        Metric: surrendered.guns
        Period: 2017/2021
        Grouped by: province
        Places as of: 2021-12-31
        Within: Nam Định (36)
        Aggregation: flow: summed over time and places
        <BLANKLINE>
        Totals
        Province code  Province  Value
        -------------  --------  --------
        36             Nam Định  153 guns
        <BLANKLINE>
        Left out: none
        Reconciliations: none
        No figures (missing, not zero): none
        """
        lang = _check_lang(lang)
        metric = _metric(dataset, result.metric)
        names = _Names(dataset, lang)
        groups = [("metric" if b == "submetric" else b) for b in result.by]
        by_text = ", ".join(_pick(_GROUPS[b][2], lang) for b in result.by if b in _GROUPS)
        facts = [
            Fact(key="metric", label=_w("metric", lang), value=result.metric),
            Fact(
                key="period",
                label=_w("period", lang),
                value=str(result.period)
                if result.period is not None
                else Term("all", _w("all_time", lang)),
            ),
            Fact(
                key="by",
                label=_w("by", lang),
                value=Term(",".join(result.by), by_text or _w("one_total", lang)),
            ),
            Fact(key="as_of", label=_w("as_of", lang), value=result.as_of),
        ]
        if scope is not None:
            facts.append(Fact(key="scope", label=_w("scope", lang), value=names.place(scope)))
        if metric is not None:
            facts.append(
                Fact(
                    key="aggregation",
                    label=_w("aggregation", lang),
                    value=aggregation_term(metric.aggregation, lang),
                )
            )
        columns: list[Column] = []
        for g in groups:
            code_label, name_label, _ = _GROUPS[g]
            columns.append(Column(key=g, label=_pick(code_label, lang)))
            if g in _NAMED and dataset is not None:
                columns.append(Column(key=f"{g}_name", label=_pick(name_label, lang)))
        columns.append(Column(key="value", label=_w("value", lang)))
        if show_bounds:
            columns.append(Column(key="bounds", label=_w("bounds", lang)))
        if show_sources:
            columns.append(Column(key="observations", label=_w("observations", lang)))
        rows: list[tuple[Cell, ...]] = []
        for row in result.rows:
            cells: list[Cell] = []
            for g in groups:
                code = row.key(g)
                cells.append(code)
                if g in _NAMED and dataset is not None:
                    cells.append(None if code is None else names.name(g, code))
            cells.append(row.value)
            if show_bounds:
                cells.append(row.value.bounds if isinstance(row.value, Quantity) else None)
            if show_sources:
                cells.append(", ".join(row.observations))
            rows.append(tuple(cells))
        sections = [
            Section(
                key="rows",
                title=_w("rows", lang),
                columns=columns,
                rows=rows,
                empty=_w("no_rows", lang),
            )
        ]
        notes = [
            (_row_label(row, groups, names, lang), note_text(note, lang))
            for row in result.rows
            for note in row.notes
        ]
        if notes:
            sections.append(
                Section(
                    key="notes",
                    title=_w("notes", lang),
                    columns=_labelled(lang, "row", "note"),
                    rows=notes,
                )
            )
        sections.append(
            Section(
                key="excluded",
                title=_w("excluded", lang),
                columns=_labelled(lang, "observation", "reason"),
                rows=[(e.observation, e.message(lang)) for e in result.excluded],
                empty=_w("none", lang),
            )
        )
        sections.append(_reconciliations(result, lang))
        sections.append(
            Section(
                key="missing",
                title=_w("missing", lang),
                note=_w("missing_note", lang),
                columns=_labelled(lang, "grouping", "code", "name"),
                rows=[
                    (
                        Term(g, _pick(_GROUPS[g][2], lang) if g in _GROUPS else g),
                        code,
                        names.name(g, code) if g in _NAMED else None,
                    )
                    for g, code in result.missing
                ],
                empty=_w("none", lang),
            )
        )
        if show_sources and dataset is not None:
            sections.append(_sources(result, dataset, lang))
        name = metric.name(lang) if metric is not None else result.metric
        title = name[:1].upper() + name[1:]  # names are phrases: "tin có giá trị ..."
        return cls(title=title, lang=lang, facts=facts, sections=sections)

    @classmethod
    def from_validation(
        cls, report: ValidationReport, *, lang: str = "vi", title: str = ""
    ) -> Report:
        """A report of a validation run: the counts, then every finding, most severe first.

        >>> import danvan
        >>> print(Report.from_validation(danvan.ValidationReport(()), lang="en").to_table())
        Validation
        ==========
        Errors: 0
        Warnings: 0
        Infos: 0
        <BLANKLINE>
        Findings: no problems found
        """
        lang = _check_lang(lang)
        counts = {s: sum(f.severity is s for f in report.findings) for s in Severity}
        facts = [
            Fact(
                key=f"{s.value}s",
                label=severity_term(s, lang).text.capitalize() + _plural(lang),
                value=n,
            )
            for s, n in counts.items()
        ]
        section = Section(
            key="findings",
            title=_w("findings", lang),
            columns=[
                Column(key="severity", label=_w("severity", lang)),
                Column(key="code", label=_w("rule", lang)),
                Column(key="record", label=_w("record", lang)),
                Column(key="message", label=_w("message", lang)),
            ],
            rows=[
                (severity_term(f.severity, lang), f.code, f.record, f.text(lang)) for f in report
            ],
            empty=_w("no_findings", lang),
        )
        heading = _w("validation", lang) + (f": {title}" if title else "")
        return cls(title=heading, lang=lang, facts=facts, sections=[section])

    @classmethod
    def from_catalogue(cls, catalogue: Catalogue, *, lang: str = "vi") -> Report:
        """The metrics of a catalogue: unit, dimension, aggregation semantics, parent.

        >>> import danvan
        >>> report = Report.from_catalogue(danvan.standard_catalogue(), lang="en")
        >>> report.section("metrics").rows[0][:3]
        ('tips', 'valuable tips from the public', Term(value='tin', text='tips'))
        """
        lang = _check_lang(lang)
        columns = _labelled(
            lang,
            "code",
            "name",
            "unit",
            "dimension",
            "counts",
            "aggregation",
            "parent",
            "breakdown",
        )
        rows = [_metric_row(m, catalogue, lang) for m in catalogue]
        section = Section(key="metrics", title=_w("metrics", lang), columns=columns, rows=rows)
        return cls(title=_w("catalogue", lang), lang=lang, sections=[section])

    # -- rendering ----------------------------------------------------------------------

    def to_table(self) -> str:
        """The report as plain text for a terminal, columns aligned by display width."""
        lines = [_one_line(self.title), "=" * display_width(_one_line(self.title))]
        lines += [
            f"{_one_line(f.label)}: {_one_line(_text(f.value, self.lang))}" for f in self.facts
        ]
        after_table = True
        for section in self.sections:
            heading = section.title + (f" ({section.note})" if section.note else "")
            if not section.rows:
                # Empty sections are one line each, kept together under the last table.
                if after_table:
                    lines.append("")
                lines.append(f"{heading}: {section.empty}")
                after_table = False
                continue
            lines += ["", heading, *_aligned(section, self.lang)]
            after_table = True
        # A table whose last cell is empty leaves spaces at the end of the line.
        return "\n".join(line.rstrip() for line in lines)

    def to_markdown(self) -> str:
        """The report as Markdown: a heading, the facts as a list, a pipe table per section."""
        lines = [f"## {_md(self.title)}", ""]
        if self.facts:
            lines += [f"- **{_md(f.label)}:** {_md(_text(f.value, self.lang))}" for f in self.facts]
            lines.append("")
        for section in self.sections:
            lines += [f"### {_md(section.title)}", ""]
            if section.note:
                lines += [f"*{_md(section.note)}*", ""]
            if not section.rows:
                lines += [_md(section.empty), ""]
                continue
            right = _right_aligned(section)
            lines.append("| " + " | ".join(_md(c.label) for c in section.columns) + " |")
            lines.append("| " + " | ".join("---:" if r else "---" for r in right) + " |")
            lines += [
                "| " + " | ".join(_md(_text(cell, self.lang)) or " " for cell in row) + " |"
                for row in section.rows
            ]
            lines.append("")
        return "\n".join(lines).rstrip("\n")

    def to_csv(self, section: str | None = None, *, header: str = "label") -> str:
        """One section (the first by default) as CSV.

        Numbers are written plainly (``9000``, ``8100.0``) whatever the language; figures
        and terms as text in the report's language. A cell that begins with ``=``, ``+``,
        ``-``, ``@``, a tab or a carriage return gets a leading ``'`` so that a spreadsheet
        shows it rather than running it as a formula.

        Args:
            section: The key of the section to write.
            header: ``"label"`` for the readers' column labels, ``"key"`` for the stable keys.

        Raises:
            UnknownReferenceError: no section has this key.
            InvalidValueError: ``header`` is neither.
        """
        if header not in ("label", "key"):
            raise InvalidValueError(f"must be 'label' or 'key', got {header!r}", where="header")
        chosen = self.sections[0] if section is None else self.section(section)
        out = io.StringIO()
        # RFC 4180 line ends; they also make the writer quote a cell holding a lone CR.
        writer = csv.writer(out, lineterminator="\r\n")
        names = [c.label if header == "label" else c.key for c in chosen.columns]
        writer.writerow([_csv_text(n, self.lang) for n in names])
        writer.writerows([_csv_text(cell, self.lang) for cell in row] for row in chosen.rows)
        return out.getvalue()

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (what `to_json` writes).

        Rows are objects keyed by column key. Decimals are strings of their exact
        digits; quantities are objects with their text, value, unit, qualifier and bounds;
        terms are their stable values; dates are ISO strings.
        """
        return {
            "title": self.title,
            "lang": self.lang,
            "facts": {f.key: _json(f.value, self.lang) for f in self.facts},
            "sections": [
                {
                    "key": s.key,
                    "title": s.title,
                    "columns": [{"key": c.key, "label": c.label} for c in s.columns],
                    "rows": [
                        {
                            c.key: _json(cell, self.lang)
                            for c, cell in zip(s.columns, row, strict=True)
                        }
                        for row in s.rows
                    ],
                }
                for s in self.sections
            ],
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """The report as a JSON document (see `to_dict`), UTF-8 text unescaped."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_pandas(self, section: str | None = None) -> Any:
        """One section (the first by default) as a `pandas.DataFrame`.

        Columns are the stable keys. A quantity column ``value`` spreads into ``value``
        (its text in the report's language), ``value_point``, ``value_lower``,
        ``value_upper``, ``value_lower_closed``, ``value_upper_closed``,
        ``value_qualifier`` and ``value_unit``; a ratio into its text, numerator and
        denominator (each with its qualifier) and percentage. Numbers stay `int` and
        `Decimal` and gaps stay None (never a float NaN); terms give their stable
        values. Needs the ``pandas`` extra.

        Raises:
            DanvanError: pandas is not installed.
            UnknownReferenceError: no section has this key.
        """
        pd = _pandas()
        chosen = self.sections[0] if section is None else self.section(section)
        records = []
        for row in chosen.rows:
            record: dict[str, Any] = {}
            for column, cell in zip(chosen.columns, row, strict=True):
                record.update(_frame_fields(column.key, cell, self.lang))
            records.append(record)
        if not records:
            return pd.DataFrame(columns=[c.key for c in chosen.columns])
        # Every column some row has (a figure in one row spreads into several columns).
        return _exact_frame(pd, records, list(dict.fromkeys(k for r in records for k in r)))

    def __str__(self) -> str:
        return self.to_table()


# -- helpers of the builders ----------------------------------------------------------------


def _metric(dataset: Dataset | None, code: str) -> Metric | None:
    if dataset is None or code not in dataset.catalogue:
        return None
    return dataset.catalogue.get(code)


class _Names:
    """Names of coded things, from the dataset when there is one."""

    def __init__(self, dataset: Dataset | None, lang: str) -> None:
        self.dataset = dataset
        self.lang = lang

    def name(self, group: str, code: str) -> str | None:
        ds = self.dataset
        if ds is None:
            return None
        if group == "metric":
            return ds.catalogue.get(code).name(self.lang) if code in ds.catalogue else None
        if group == "organisation":
            org = ds.ids()["organisation"].get(code)
            if org is None:
                return None
            name: str = org.name
            return name
        return ds.places.get(code).name if code in ds.places else None

    def place(self, code: str) -> Term:
        name = self.name("place", code)
        return Term(code, code if name is None else f"{name} ({code})")


def _row_label(row: Row, groups: list[str], names: _Names, lang: str) -> str:
    parts = []
    for g in groups:
        code = row.key(g)
        if code is None:
            continue
        name = names.name(g, code) if g in _NAMED else None
        parts.append(name or code)
    parts.append(_text(row.value, lang))
    return " · ".join(parts)


def _reconciliations(result: AggregationResult, lang: str) -> Section:
    return Section(
        key="reconciliations",
        title=_w("reconciliations", lang),
        columns=_labelled(
            lang,
            "kind",
            "whole",
            "whole_value",
            "parts",
            "parts_total",
            "complete",
            "consistent",
            "used",
        ),
        rows=[
            (
                Term(r.kind, _pick(_RECONCILIATION[r.kind], lang)),
                r.whole,
                r.whole_value,
                ", ".join(r.parts),
                r.parts_total,
                r.complete,
                r.consistent,
                Term(r.used, _pick(_RECONCILIATION[r.used], lang)),
            )
            for r in result.reconciliations
        ],
        empty=_w("none", lang),
    )


def _sources(result: AggregationResult, dataset: Dataset, lang: str) -> Section:
    ids: list[str] = []
    for row in result.rows:
        ids.extend(row.observations)
    ids += [e.observation for e in result.excluded]
    for r in result.reconciliations:
        ids += [r.whole, *r.parts]
    by_id = dataset.ids()
    rows = []
    for obs_id in dict.fromkeys(ids):  # first mention first, each once
        obs = by_id["observation"].get(obs_id)
        if obs is None:
            continue
        source = by_id["source"].get(obs.source or "")
        rows.append((obs.id, source.title if source else obs.source, str(obs.period), obs.quote))
    return Section(
        key="sources",
        title=_w("sources", lang),
        columns=_labelled(lang, "observation", "source", "period", "quote"),
        rows=rows,
        empty=_w("none", lang),
    )


def severity_term(severity: Severity, lang: str) -> Term:
    """A severity as a term: ``Term('error', 'lỗi')`` in Vietnamese."""
    return Term(severity.value, _pick(_SEVERITY[severity], lang))


def _plural(lang: str) -> str:
    return "" if lang == "vi" else "s"


def _metric_row(m: Metric, catalogue: Catalogue, lang: str) -> tuple[Cell, ...]:
    children = catalogue.children(m.code)
    dim = m.dimension
    return (
        m.code,
        m.name(lang),
        None if m.unit is None else Term(m.unit.code, m.unit.label(2, lang=lang)),
        None
        if dim is None
        else Term(dim.value, _DIMENSION[dim.value] if lang == "vi" else dim.value),
        Term(m.counts.value, _COUNTING[m.counts.value] if lang == "vi" else m.counts.value),
        aggregation_term(m.aggregation, lang),
        m.parent,
        Term(m.breakdown.value, _pick(_BREAKDOWN[m.breakdown.value], lang)) if children else None,
    )


# -- helpers of the renderers ---------------------------------------------------------------


def _right_aligned(section: Section) -> list[bool]:
    """Whether each column holds only numbers (right-aligned, as numbers are read)."""
    out = []
    for i in range(len(section.columns)):
        cells = [row[i] for row in section.rows if row[i] is not None]
        out.append(
            bool(cells)
            and all(isinstance(c, int | Decimal) and not isinstance(c, bool) for c in cells)
        )
    return out


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * (width - display_width(text))
    return gap + text if right else text + gap


def _aligned(section: Section, lang: str) -> list[str]:
    header = [_one_line(c.label) for c in section.columns]
    body = [[_one_line(_text(cell, lang)) for cell in row] for row in section.rows]
    widths = [max(display_width(line[i]) for line in (header, *body)) for i in range(len(header))]
    right = _right_aligned(section)
    lines = ["  ".join(_pad(h, w, r) for h, w, r in zip(header, widths, right, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += [
        "  ".join(_pad(c, w, r) for c, w, r in zip(line, widths, right, strict=True))
        for line in body
    ]
    return lines


_MD_SPECIAL = str.maketrans({ch: "\\" + ch for ch in "\\|*`<>[]"})


def _md(text: str) -> str:
    return _one_line(text).translate(_MD_SPECIAL)


# -- observations for notebooks -------------------------------------------------------------


def observations_frame(dataset: Dataset, *, lang: str = "vi") -> Any:
    """Every observation of ``dataset`` as a `pandas.DataFrame`, one row each.

    Columns: ``id``, ``metric``, ``value`` (the figure as text in ``lang``), ``point``,
    ``lower``, ``upper``, ``lower_closed``, ``upper_closed``, ``qualifier``, ``unit``,
    ``denominator`` and ``denominator_qualifier`` (for a ratio, whose other columns
    describe its numerator), ``period`` (its code), ``start``, ``end``, ``place``,
    ``organisation``, ``source``, ``activity``, ``disaggregation``, ``quote`` and
    ``note``. Numbers stay `int` and `Decimal` and gaps stay None (never NaN); dates
    are `datetime.date`. Needs the ``pandas`` extra.

    Raises:
        DanvanError: pandas is not installed.
    """
    lang = _check_lang(lang)
    pd = _pandas()
    records = []
    for obs in dataset.observations:
        q = obs.quantity
        ratio = obs.value if isinstance(obs.value, Ratio) else None
        end = obs.period.end
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
                "period": str(obs.period),
                "start": _dt.date(
                    obs.period.start.year, obs.period.start.month, obs.period.start.day
                ),
                "end": None if end is None else _dt.date(end.year, end.month, end.day),
                "place": obs.place,
                "organisation": obs.organisation,
                "source": obs.source,
                "activity": obs.activity,
                "disaggregation": obs.disaggregation,
                "quote": obs.quote,
                "note": obs.note,
            }
        )
    columns = [
        "id", "metric", "value", "point", "lower", "upper", "lower_closed", "upper_closed",
        "qualifier", "unit", "denominator", "denominator_qualifier", "period", "start", "end",
        "place", "organisation", "source", "activity", "disaggregation", "quote", "note",
    ]  # fmt: skip
    return _exact_frame(pd, records, columns)
