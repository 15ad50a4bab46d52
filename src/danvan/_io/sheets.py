"""Tables for spreadsheets: typed cells, written to workbooks (.xlsx) and to CSV.

What danvan hands to a spreadsheet is a `Sheet`: a name, a few title lines, columns
(each a key for programs and a label for readers) and rows of typed cells. Numbers are
numbers (an `int` or a `Decimal`, formatted ``#,##0`` or ``#,##0.0…`` with as many
decimals as the figure has), dates are dates, and text is text: a cell that would read
as a formula is written as text, never run. A column may offer a list to choose from
(a drop-down list of metrics, units or places); the lists live on a hidden sheet.

Reports (`Report.to_xlsx`), datasets (the pivot sheet of an observations workbook), the
blank workbook of ``danvan template`` and any other table danvan writes for people (a
review sheet of figures extracted from text) go through `write_workbook` and
`csv_text`, so that every spreadsheet danvan writes follows the same rules.

Writing workbooks needs openpyxl, imported on first use (``pip install danvan[xlsx]``).
"""

from __future__ import annotations

import datetime as _dt
import importlib
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import attrs

from danvan._cells import display_width, one_line
from danvan._io import writing
from danvan._io.csv_observations import csv_line
from danvan._io.formulas import neutralise
from danvan._io.xlsx_stream import escape
from danvan._lang import Message
from danvan._text import nfc
from danvan.errors import InvalidValueError

__all__ = [
    "INSTALL",
    "Sheet",
    "SheetColumn",
    "SheetValue",
    "csv_bytes",
    "csv_text",
    "exact_in_a_spreadsheet",
    "save_workbook",
    "write_workbook",
]

INSTALL = Message(
    "writing .xlsx workbooks needs openpyxl: pip install 'danvan[xlsx]'",
    "ghi sổ Excel (.xlsx) cần openpyxl: pip install 'danvan[xlsx]'",
)

SheetValue = str | int | Decimal | _dt.date | bool | None
"""What a spreadsheet cell holds: text, a number, a date, a true/false, or nothing."""

_MAX_WIDTH = 60
_LISTS = "_lists"  # the hidden sheet holding the drop-down lists
_MAX_EXACT = 2**53  # an int above this would change in a spreadsheet's float


def _values(value: Iterable[SheetValue]) -> tuple[SheetValue, ...]:
    return tuple(value)


def _rows(value: Iterable[Iterable[SheetValue]]) -> tuple[tuple[SheetValue, ...], ...]:
    return tuple(tuple(row) for row in value)


def _lines(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _choices(value: dict[str, Sequence[str]]) -> dict[str, tuple[str, ...]]:
    return {key: tuple(items) for key, items in value.items()}


@attrs.frozen(kw_only=True)
class SheetColumn:
    """A column: a stable key, the label readers see, and what its cells are.

    Args:
        key: The key programs read (a CSV for programs, a pandas column).
        label: The header readers see.
        kind: ``"text"``, ``"number"`` or ``"date"``: how a spreadsheet formats it.
    """

    key: str
    label: str = attrs.field(converter=nfc)
    kind: str = "text"


def _columns(value: Iterable[SheetColumn]) -> tuple[SheetColumn, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Sheet:
    """One sheet of a workbook (or one CSV file).

    Args:
        name: The sheet's name (at most 31 characters, as Excel allows).
        columns: Its columns.
        rows: One tuple of cells per row, as many as columns.
        title: Lines written above the header (a title block); none for a table
            programs read (a pivot-ready sheet).
        choices: For some column keys, the values a drop-down list offers.
        filter: Whether the header gets filter buttons.
    """

    name: str
    columns: tuple[SheetColumn, ...] = attrs.field(converter=_columns)
    rows: tuple[tuple[SheetValue, ...], ...] = attrs.field(converter=_rows)
    title: tuple[str, ...] = attrs.field(default=(), converter=_lines)
    choices: dict[str, tuple[str, ...]] = attrs.field(factory=dict, converter=_choices)
    filter: bool = True

    @rows.validator
    def _check(self, _: attrs.Attribute[Any], rows: tuple[tuple[SheetValue, ...], ...]) -> None:
        for i, row in enumerate(rows):
            if len(row) != len(self.columns):
                raise InvalidValueError(
                    f"has {len(row)} cells, but the sheet has {len(self.columns)} columns",
                    where=f"sheet[{self.name}].rows[{i}]",
                )
            for j, cell in enumerate(row):
                if isinstance(cell, (float, _dt.datetime)):
                    raise InvalidValueError(
                        f"must be text, an int, a Decimal, a date, a bool or None, got "
                        f"{type(cell).__name__} {cell!r}",
                        where=f"sheet[{self.name}].rows[{i}][{j}]",
                    )


# -- CSV ------------------------------------------------------------------------------------


def _csv_cell(value: SheetValue, decimal_mark: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", decimal_mark)
    if isinstance(value, _dt.date):
        return value.isoformat()
    return neutralise(nfc(value))


def csv_text(
    sheet: Sheet, *, lang: str = "vi", header: str = "label", delimiter: str | None = None
) -> str:
    """The sheet as CSV text for a spreadsheet of ``lang`` (no title block).

    A spreadsheet set to Vietnamese takes ``;`` between cells and the comma as its
    decimal mark; one set to English ``,`` and the dot (the default ``delimiter`` follows
    ``lang``; the decimal mark follows the delimiter). Numbers are not grouped, dates
    are ISO, and text a spreadsheet would run as a formula gets a leading apostrophe.
    Lines end in CRLF. (A file for a Vietnamese spreadsheet also starts with a BOM; the
    writer adds it, see `csv_bytes`.)

    >>> s = Sheet(name="t", columns=[SheetColumn(key="n", label="Số", kind="number")],
    ...           rows=[(Decimal("2.5"),), (9000,)])
    >>> csv_text(s, lang="vi")
    'Số\\r\\n"2,5"\\r\\n9000\\r\\n'
    >>> csv_text(s, lang="en")
    'Số\\r\\n2.5\\r\\n9000\\r\\n'
    """
    if delimiter is None:
        delimiter = ";" if lang == "vi" else ","
    if delimiter not in (",", ";"):
        raise InvalidValueError(f"must be ',' or ';', got {delimiter!r}", where="delimiter")
    mark = "," if delimiter == ";" else "."  # a comma cannot be the decimal mark then
    names = [c.label if header == "label" else c.key for c in sheet.columns]
    lines = [csv_line([neutralise(n) for n in names], delimiter)]
    lines += [csv_line([_csv_cell(v, mark) for v in row], delimiter) for row in sheet.rows]
    return "".join(lines)


def csv_bytes(text: str, *, lang: str = "vi") -> bytes:
    """CSV text as a file's bytes: UTF-8, with a BOM for Vietnamese spreadsheets (which
    otherwise read the file in their legacy code page)."""
    return ("\ufeff" if lang == "vi" else "").encode("utf-8") + text.encode("utf-8")


# -- workbooks ------------------------------------------------------------------------------


def _openpyxl() -> Any:
    try:
        return importlib.import_module("openpyxl")
    except ImportError:
        raise ImportError(INSTALL) from None


def _number_format(value: int | Decimal) -> str:
    if isinstance(value, int):
        return "#,##0"
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return "#,##0" + ("." + "0" * places if places else "")


def exact_in_a_spreadsheet(value: int | Decimal) -> bool:
    """Whether a spreadsheet's float holds ``value`` with its digits."""
    if isinstance(value, int):
        return abs(value) <= _MAX_EXACT
    if not value.is_finite():
        return False
    return Decimal(repr(float(value))).as_tuple() == value.as_tuple()


def _put(cell: Any, value: SheetValue) -> int:
    """Write ``value`` into an openpyxl cell; return its display width."""
    if value is None:
        return 0
    if isinstance(value, bool):
        cell.value = value
        return 5
    if isinstance(value, int | Decimal):
        if exact_in_a_spreadsheet(value):
            cell.value = value if isinstance(value, int) else float(value)
            cell.number_format = _number_format(value)
        else:  # beyond a float's digits: kept exact as text
            cell.value = str(value) if isinstance(value, int) else format(value, "f")
            cell.data_type = "s"
        return len(format(value, ",f"))
    if isinstance(value, _dt.date):
        cell.value = _dt.date(value.year, value.month, value.day)
        cell.number_format = "dd/mm/yyyy"
        return 10
    text = escape(nfc(value))
    cell.value = text
    cell.data_type = "s"  # text, never a formula, whatever it starts with
    return display_width(one_line(value))


def _add_sheet(book: Any, ws: Any, sheet: Sheet, lists: Any, bold: Any) -> None:
    ws.title = sheet.name[:31]
    widths = [display_width(c.label) for c in sheet.columns]
    row = 1
    for line in sheet.title:
        title = ws.cell(row=row, column=1)
        _put(title, line)
        if row == 1:
            title.font = bold
        row += 1
    if sheet.title:
        row += 1  # a blank line between the title block and the header
    header_row = row
    for j, column in enumerate(sheet.columns, 1):
        cell = ws.cell(row=row, column=j)
        _put(cell, column.label)
        cell.font = bold
    for values in sheet.rows:
        row += 1
        for j, value in enumerate(values, 1):
            widths[j - 1] = max(widths[j - 1], _put(ws.cell(row=row, column=j), value))
    letters = importlib.import_module("openpyxl.utils").get_column_letter
    for j, width in enumerate(widths, 1):
        ws.column_dimensions[letters(j)].width = min(_MAX_WIDTH, max(8, width + 2))
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    if sheet.filter and sheet.columns:
        ws.auto_filter.ref = f"A{header_row}:{letters(len(sheet.columns))}{max(row, header_row)}"
    for key, items in sheet.choices.items():
        keys = [c.key for c in sheet.columns]
        if key not in keys or not items:
            continue
        at = lists.max_column + 1 if lists.max_row > 1 or lists["A1"].value else 1
        lists.cell(row=1, column=at, value=f"{sheet.name}:{key}")
        for i, item in enumerate(items, 2):
            _put(lists.cell(row=i, column=at), item)
        ref = f"'{_LISTS}'!${letters(at)}$2:${letters(at)}${len(items) + 1}"
        validation = importlib.import_module("openpyxl.worksheet.datavalidation")
        rule = validation.DataValidation(
            type="list", formula1=f"={ref}", allow_blank=True, errorStyle="warning"
        )
        column = letters(keys.index(key) + 1)
        rule.add(f"{column}{header_row + 1}:{column}{header_row + 1000}")
        ws.add_data_validation(rule)


def save_workbook(sheets: Sequence[Sheet], stream: IO[bytes]) -> None:
    """Write ``sheets`` as a workbook to an open binary ``stream``.

    Raises:
        ImportError: openpyxl is not installed.
        InvalidValueError: no sheets, or two with one name.
    """
    if not sheets:
        raise InvalidValueError("a workbook needs at least one sheet", where="sheets")
    names = [s.name[:31] for s in sheets]
    if len(set(names)) != len(names):
        raise InvalidValueError(f"sheet names repeat: {names}", where="sheets")
    openpyxl = _openpyxl()
    bold = importlib.import_module("openpyxl.styles").Font(bold=True)
    # Not a write-only workbook: one left unsaved by an error would hold an open file.
    book = openpyxl.Workbook()
    first = book.active
    lists = None
    if any(s.choices for s in sheets):
        lists = book.create_sheet(_LISTS)
        lists.sheet_state = "hidden"
    for i, sheet in enumerate(sheets):
        ws = first if i == 0 else book.create_sheet(index=i)
        _add_sheet(book, ws, sheet, lists, bold)
    book.save(stream)


def write_workbook(
    sheets: Sequence[Sheet],
    path: Path,
    *,
    replace_read_only: bool = False,
    follow_symlinks: bool = False,
) -> None:
    """Write ``sheets`` to a workbook at ``path``, atomically (`danvan._io.writing`).

    Raises:
        ImportError: openpyxl is not installed.
        InvalidValueError: no sheets, or two with one name.
        OSError: the file cannot be written, or is refused.
    """
    _openpyxl()  # before the target is touched

    def write(stream: IO[bytes]) -> None:
        save_workbook(sheets, stream)

    writing.atomic_write(
        path, write, replace_read_only=replace_read_only, follow_symlinks=follow_symlinks
    )
