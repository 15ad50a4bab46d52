"""A report as spreadsheet tables: figures spread into numbers, bounds, qualifier and unit.

A report cell holding a figure ("gần 9.000 tin") becomes several spreadsheet cells, so
that a spreadsheet can add, sort and chart it while a reader still sees how sure it is:

=====================  =====================================================  ===========
key                    holds                                                  kind
=====================  =====================================================  ===========
``value_point``        the figure's value (none for "hàng trăm", a range)     number
``value_lower``        the lowest value it allows                             number
``value_upper``        the highest (none: no upper limit)                     number
``value_qualifier``    how sure it is: "chính xác", "gần", "hơn"...           text
``value_unit``         its unit                                               text
``value``              the figure as the report writes it                     text
=====================  =====================================================  ===========

(the keys are those of `Report.to_pandas`; a ratio spreads into its percentage,
numerator and denominator). A workbook of a report (`report_sheets`) has three sheets:
the answer under a title block; what was left out, reconciled or missing (every other
section, one line each); and a pivot-ready table of the answer (no title, one header
row, typed cells, a period spread into its start, end and year).
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import TYPE_CHECKING

from danvan._aggregate.query import TIME_SPANS
from danvan._cells import Cell, cell_text, ratio_text
from danvan._io.sheets import Sheet, SheetColumn, SheetValue
from danvan._lang import Text
from danvan._period_text import parse_period
from danvan._quantity import QUALIFIER_NAMES, Bounds, Quantity
from danvan._ratio import Ratio
from danvan.errors import DanvanError

if TYPE_CHECKING:  # annotations only: the report module imports this one
    from danvan._report import Report, Section

__all__ = ["report_sheets", "section_sheet"]

_WORDS = {
    "lower": Text("cận dưới", "lower bound"),
    "upper": Text("cận trên", "upper bound"),
    "qualifier": Text("mức chắc chắn", "qualifier"),
    "unit": Text("đơn vị", "unit"),
    "text": Text("ghi bằng chữ", "as written"),
    "percent": Text("%", "%"),
    "numerator": Text("tử số", "numerator"),
    "denominator": Text("mẫu số", "denominator"),
    "start": Text("từ ngày", "from"),
    "end": Text("đến ngày", "to"),
    "year": Text("năm", "year"),
    "others": Text("Để ngoài, đối chiếu, thiếu", "Left out, reconciled, missing"),
    "pivot": Text("Dữ liệu", "Data"),
    "part": Text("Phần", "Part"),
    "item": Text("Mục", "Item"),
    "detail": Text("Chi tiết", "Detail"),
}


def _w(key: str, lang: str) -> str:
    return _WORDS[key].in_(lang)


def _spread_column(key: str, label: str, cells: list[Cell], lang: str) -> list[SheetColumn]:
    """The spreadsheet columns one report column spreads into."""
    if any(isinstance(c, Quantity) for c in cells):
        return [
            SheetColumn(key=f"{key}_point", label=label, kind="number"),
            SheetColumn(key=f"{key}_lower", label=f"{label}: {_w('lower', lang)}", kind="number"),
            SheetColumn(key=f"{key}_upper", label=f"{label}: {_w('upper', lang)}", kind="number"),
            SheetColumn(key=f"{key}_qualifier", label=f"{label}: {_w('qualifier', lang)}"),
            SheetColumn(key=f"{key}_unit", label=f"{label}: {_w('unit', lang)}"),
            SheetColumn(key=key, label=f"{label}: {_w('text', lang)}"),
        ]
    if any(isinstance(c, Ratio) for c in cells):
        return [
            SheetColumn(key=f"{key}_percent", label=f"{label} (%)", kind="number"),
            SheetColumn(
                key=f"{key}_numerator", label=f"{label}: {_w('numerator', lang)}", kind="number"
            ),
            SheetColumn(
                key=f"{key}_denominator",
                label=f"{label}: {_w('denominator', lang)}",
                kind="number",
            ),
            SheetColumn(key=key, label=f"{label}: {_w('text', lang)}"),
        ]
    if any(isinstance(c, Bounds) for c in cells):
        return [
            SheetColumn(key=f"{key}_lower", label=f"{label}: {_w('lower', lang)}", kind="number"),
            SheetColumn(key=f"{key}_upper", label=f"{label}: {_w('upper', lang)}", kind="number"),
        ]
    given = [c for c in cells if c is not None]
    numbers = bool(given) and all(
        isinstance(c, int | Decimal) and not isinstance(c, bool) for c in given
    )
    return [SheetColumn(key=key, label=label, kind="number" if numbers else "text")]


def _spread_cell(cell: Cell, columns: list[SheetColumn], lang: str) -> list[SheetValue]:
    """One report cell as the values of its spreadsheet columns."""
    if len(columns) == 1:
        return [_plain(cell, lang)]
    if isinstance(cell, Quantity):
        b = cell.bounds
        qualifier = QUALIFIER_NAMES[cell.qualifier].in_(lang)
        unit = cell.unit.label(cell.point if cell.point is not None else 2, lang=lang)
        return [cell.point, b.lower, b.upper, qualifier, unit, cell.format(lang=lang)]
    if isinstance(cell, Ratio):
        return [
            cell.percent if cell.stated_percent is None else cell.stated_percent,
            cell.numerator.point,
            cell.denominator.point,
            ratio_text(cell, lang),
        ]
    if isinstance(cell, Bounds):
        return [cell.lower, cell.upper]
    return [None] * (len(columns) - 1) + [_plain(cell, lang)]


def _plain(cell: Cell, lang: str) -> SheetValue:
    """A cell that spreads into nothing: numbers, dates and text as they are, terms and
    figures as their text."""
    if cell is None or isinstance(cell, bool | int | Decimal | str):
        return cell
    if isinstance(cell, _dt.date):
        return _dt.date(cell.year, cell.month, cell.day)
    return cell_text(cell, lang)


def _spread(section: Section, lang: str) -> tuple[list[SheetColumn], list[list[SheetValue]]]:
    spreads = [
        _spread_column(column.key, column.label, [row[i] for row in section.rows], lang)
        for i, column in enumerate(section.columns)
    ]
    columns = [c for spread in spreads for c in spread]
    rows = [
        [
            v
            for cell, spread in zip(row, spreads, strict=True)
            for v in _spread_cell(cell, spread, lang)
        ]
        for row in section.rows
    ]
    return columns, rows


def section_sheet(
    section: Section, *, lang: str, name: str | None = None, title: tuple[str, ...] = ()
) -> Sheet:
    """One report section as a sheet, its figures spread into numbers."""
    columns, rows = _spread(section, lang)
    return Sheet(name=name or section.title, columns=columns, rows=rows, title=title)


def _pivot(section: Section, lang: str) -> Sheet:
    """The answer as a table for pivots: typed cells, periods spread into dates and years."""
    columns, rows = _spread(section, lang)
    out_columns: list[SheetColumn] = []
    extra: list[tuple[int, str]] = []  # (position of the period column, its key)
    for i, column in enumerate(columns):
        out_columns.append(column)
        if column.key in TIME_SPANS:
            extra.append((i, column.key))
            out_columns += [
                SheetColumn(
                    key=f"{column.key}_start",
                    label=f"{column.label}: {_w('start', lang)}",
                    kind="date",
                ),
                SheetColumn(
                    key=f"{column.key}_end", label=f"{column.label}: {_w('end', lang)}", kind="date"
                ),
            ]
            if column.key != "year":
                out_columns.append(
                    SheetColumn(
                        key=f"{column.key}_year", label=_w("year", lang).capitalize(), kind="number"
                    )
                )
    out_rows = []
    for row in rows:
        values: list[SheetValue] = []
        for i, value in enumerate(row):
            key = columns[i].key
            if key not in TIME_SPANS:
                values.append(value)
                continue
            start = end = None
            year: int | None = None
            try:
                period = parse_period(str(value)) if value else None
            except DanvanError:
                period = None
            if period is not None:
                start = _dt.date(period.start.year, period.start.month, period.start.day)
                if period.end is not None:
                    end = _dt.date(period.end.year, period.end.month, period.end.day)
                if period.end is not None and period.start.year == period.end.year:
                    year = period.start.year
            if key == "year":
                values += [year if year is not None else value, start, end]
            else:
                values += [value, start, end, year]
        out_rows.append(values)
    return Sheet(name=_w("pivot", lang), columns=out_columns, rows=out_rows)


def _others(report: Report) -> Sheet:
    """Every section after the answer, one line per row: what was left out, reconciled,
    missing (and any notes or sources)."""
    lang = report.lang
    rows: list[list[SheetValue]] = []
    for section in report.sections[1:]:
        if not section.rows:
            rows.append([section.title, None, section.empty])
            continue
        for row in section.rows:
            first, *rest = row
            detail = "; ".join(
                f"{column.label}: {cell_text(cell, lang)}"
                for column, cell in zip(section.columns[1:], rest, strict=True)
                if cell is not None
            )
            rows.append([section.title, cell_text(first, lang), detail])
    columns = [
        SheetColumn(key="part", label=_w("part", lang)),
        SheetColumn(key="item", label=_w("item", lang)),
        SheetColumn(key="detail", label=_w("detail", lang)),
    ]
    return Sheet(name=_w("others", lang), columns=columns, rows=rows)


def report_sheets(report: Report) -> list[Sheet]:
    """The sheets of a report's workbook: the answer under a title block, what was left
    out, reconciled or missing, and the answer as a pivot-ready table."""
    lang = report.lang
    title = (
        report.title,
        *(f"{fact.label}: {cell_text(fact.value, lang)}" for fact in report.facts),
    )
    if not report.sections:
        return [Sheet(name=report.title[:31] or "-", columns=[], rows=[], title=title)]
    first = report.sections[0]
    sheets = [section_sheet(first, lang=lang, title=title)]
    if len(report.sections) > 1:
        sheets.append(_others(report))
    sheets.append(_pivot(first, lang))
    return sheets
