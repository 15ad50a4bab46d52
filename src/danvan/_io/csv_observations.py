"""Observations as table rows: CSV files, and the column rules the workbook reader shares.

One observation a row. Figures are written as Vietnamese reports write them ("gần 9.000",
"8.968", "2,5", "204/204=100%"), so a row reads like the report it came from:

==============  ==========================================================================
column          holds
==============  ==========================================================================
id              the observation's id (optional on import: ``<file name>-<line>``)
metric          the metric's code ("tips")
value           the figure: "gần 9.000", "8.968", "2,5", "hàng trăm", "từ 4 đến 5",
                or a ratio "204/204=100%"; may carry its unit ("gần 9.000 tin")
unit            the unit's code or word (by default the value's, else the metric's)
qualifier       "nearly", "more-than"... or the Vietnamese word ("gần"); only needed
                when the value does not say it
bounds          explicit bounds of the true value, "[8.100; 9.000]" or "(3.100; ∞)"
period          a period code ("2021", "2021-Q3", "ND09:2021") or phrase ("quý III/2021");
                empty (and no start) when the source states no period
start, end      instead of ``period``: dates "1-11-2016", "01/11/2016" or ISO; no end =
                open-ended
calendar        for start/end: "gregorian" (default) or "decree-09"
role            where the source states the figure: empty (the body), "headline",
                "summary", "repeat", or their Vietnamese words ("tiêu đề")
place           the place's code ("36") or name ("Nam Định", "huyện Hải Hậu"), read as of
                the period's end (`danvan._place_cells`)
organisation, source, activity, disaggregation, quote, note: as in `Observation`
==============  ==========================================================================

Cells that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` or ``|`` in any
width, after any invisible characters; ``DDE(``; a leading tab or carriage return) are
written with a leading apostrophe, which the reader removes again (`danvan._io.formulas`);
cells holding a comma or semicolon are quoted, whichever separates the cells.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, overload

import pendulum

from danvan._dates import parse_date
from danvan._digits import foreign_digit, foreign_digit_message
from danvan._io import json_documents
from danvan._io.column_names import column_named, place_level, unknown_column
from danvan._io.formulas import neutralise, restore
from danvan._lang import Message, message_of
from danvan._metrics import Catalogue, standard_catalogue
from danvan._numbers import format_number, parse_number
from danvan._observations import ROLE_WORDS, Observation, Role
from danvan._period import Calendar, Period
from danvan._period_text import parse_period
from danvan._place_cells import place_code
from danvan._places import Level
from danvan._quantity import Bounds, Qualifier, Quantity
from danvan._quantity_text import QUALIFIER_WORDS, parse_quantity
from danvan._ratio import Ratio, parse_ratio
from danvan._text import match_key, nfc
from danvan._units import Unit
from danvan.errors import DanvanError, InvalidValueError, LoadError, Problem, where_text

__all__ = [
    "COLUMNS",
    "EXPORT_COLUMNS",
    "RowError",
    "bad_cell",
    "cells_of",
    "csv_line",
    "header",
    "header_level",
    "id_used_again",
    "line_problems",
    "named_cells",
    "no_column_name",
    "observation_from_cells",
    "read_rows",
    "table_rows",
    "write_rows",
]

Cell = str | int | Decimal | pendulum.Date
"""A cell's value: text (CSV, and text cells of a workbook), or a workbook's number or date."""

EXPORT_COLUMNS = (
    "id",
    "metric",
    "value",
    "unit",
    "qualifier",
    "bounds",
    "period",
    "place",
    "organisation",
    "source",
    "activity",
    "disaggregation",
    "role",
    "quote",
    "note",
)
"""The columns written, in order."""
COLUMNS = (*EXPORT_COLUMNS, "start", "end", "calendar")
"""Every column the reader knows."""
_CODES = frozenset(
    {"id", "metric", "unit", "qualifier", "bounds", "period", "start", "end", "calendar"}
    | {"place", "organisation", "source", "activity", "role"}
)
"""Columns of codes and ids: surrounding spaces are dropped (free text keeps them)."""

_FIGURE_COLUMNS = ("value", "bounds", "period", "start", "end")
"""Columns of figures, dates and periods: written with the digits 0-9 (danvan._digits)."""

# --- formulas and quoting ------------------------------------------------------------------------

# Either separator, the quote, line breaks and tabs: a cell holding one is quoted, so that
# a program splitting on both separators (or on tabs) cannot start a new cell, maybe a
# formula, inside it (OWASP, "CSV injection").
_QUOTED = re.compile('[,;"\r\n\t]')


def csv_line(cells: Iterable[str], delimiter: str) -> str:
    """One CSV line (ending in CRLF): cells holding a separator, quote, line break or tab
    are quoted, their quotes doubled.

    >>> csv_line(["a", "b;c", 'say "hi" now'], ",")
    'a,"b;c","say ""hi"" now"\\r\\n'
    """
    return (
        delimiter.join(
            '"' + cell.replace('"', '""') + '"' if _QUOTED.search(cell) else cell for cell in cells
        )
        + "\r\n"
    )


# --- reading a row ------------------------------------------------------------------------------


class RowError(Exception):
    """The problems of one row, each named by its column ("" for the row as a whole)."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__(problems)


_VI_NAMES = {"metric": "Chỉ tiêu", "value": "Giá trị"}


def header(names: Sequence[object]) -> tuple[list[str | None], list[tuple[int, str]]]:
    """The column of each position of a header row, and its problems by position.

    Columns are named in English or Vietnamese (`danvan._io.column_names`). Empty header
    cells give None (their cells must then be empty).
    """
    columns: list[str | None] = []
    problems: list[tuple[int, str]] = []
    for index, name in enumerate(names):
        given = "" if name is None else restore(nfc(str(name))).strip()
        if not given:
            columns.append(None)
            continue
        # Vietnamese and English names alike ("Chỉ tiêu", "metric"): danvan._io.column_names.
        text = column_named(given, COLUMNS)
        if text is None:
            problems.append((index, unknown_column(given, COLUMNS)))
        elif text in columns:
            problems.append(
                (
                    index,
                    Message(
                        f"column {text!r} appears twice (here as {given!r})",
                        f"cột {text!r} xuất hiện hai lần (ở đây ghi {given!r})",
                    ),
                )
            )
        columns.append(text)
    present = set(columns)
    for required in ("metric", "value"):
        if required not in present:
            problems.append(
                (
                    -1,
                    Message(
                        f"the header has no {required!r} column",
                        f"dòng tiêu đề không có cột {required!r} "
                        f"({_VI_NAMES.get(required, required)!r})",
                    ),
                )
            )
    if "period" not in present and "start" not in present:
        problems.append(
            (
                -1,
                Message(
                    "the header has neither a 'period' nor a 'start' column",
                    "dòng tiêu đề không có cột 'period' ('Kỳ') hay 'start' ('Từ ngày')",
                ),
            )
        )
    return columns, problems


def header_level(names: Sequence[object], columns: Sequence[str | None]) -> Level | None:
    """The level the header of the place column names ("Huyện", "province"), or None."""
    for name, column in zip(names, columns, strict=False):
        if column == "place" and name is not None:
            level = place_level(restore(nfc(str(name))).strip())
            return None if level is None else Level(level)
    return None


def _text(cell: Cell | None) -> str:
    if cell is None:
        return ""
    if isinstance(cell, str):
        return restore(cell)
    if isinstance(cell, pendulum.Date):
        return cell.isoformat()
    return format(cell, "f") if isinstance(cell, Decimal) else str(cell)


class _Row:
    """Reads the cells of one row, collecting the problem of each column."""

    def __init__(self, cells: Mapping[str, Cell]) -> None:
        self.cells = cells
        self.problems: list[tuple[str, str]] = []

    def text(self, column: str) -> str:
        text = _text(self.cells.get(column))
        return text.strip() if column in _CODES else text

    def optional(self, column: str) -> str | None:
        return self.text(column) or None

    def problem(self, column: str, message: str) -> None:
        self.problems.append((column, message))


def _qualifier(text: str) -> Qualifier:
    for q in Qualifier:
        if q.value == text.casefold():
            return q
    key = match_key(text)
    for word, q in QUALIFIER_WORDS.items():
        if match_key(word) == key:
            return q
    known = ", ".join(q.value for q in Qualifier)
    raise InvalidValueError(
        Message(
            f"unknown qualifier {text!r}; expected one of {known} or a word such as 'gần'",
            f"không rõ mức chắc chắn {text!r}; hãy ghi một trong {known} hoặc một từ như 'gần'",
        )
    )


def split_bounds(text: str) -> tuple[str, str, str, str] | None:
    """Opening bracket, lower end, upper end and closing bracket of "[8.100; 9.000]", or None.

    Cut with string operations, so the time is linear in the text (a regular expression
    with two quantifiers that could take the same spaces took quadratic time).
    """
    text = text.strip()
    if len(text) < 2 or text[0] not in "[(" or text[-1] not in "])":
        return None
    lower, semicolon, upper = text[1:-1].partition(";")
    lower, upper = lower.strip(), upper.strip()
    if not semicolon or not lower or _has_any(lower, ";") or _has_any(upper, ";])"):
        return None
    return text[0], lower, upper, text[-1]


def _has_any(text: str, characters: str) -> bool:
    """Whether ``text`` holds whitespace or one of ``characters``."""
    return any(ch.isspace() or ch in characters for ch in text)


def format_bounds(bounds: Bounds) -> str:
    """Bounds as the ``bounds`` column writes them: "[8.100; 9.000]", "(3.100; ∞)"."""
    left = "[" if bounds.lower_closed else "("
    if bounds.upper is None:
        return f"{left}{format_number(bounds.lower)}; ∞)"
    right = "]" if bounds.upper_closed else ")"
    return f"{left}{format_number(bounds.lower)}; {format_number(bounds.upper)}{right}"


def parse_bounds(text: str) -> Bounds:
    """Read the ``bounds`` column: "[8.100; 9.000]", "(3.100; ∞)" (numbers as in reports)."""
    match = split_bounds(text)
    if match is None:
        raise InvalidValueError(
            Message(
                f"not bounds: {text!r}; write them as [8.100; 9.000] or (3.100; ∞), with '(' "
                "or ')' for an end that is not included",
                f"không phải khoảng giá trị: {text!r}; hãy ghi như [8.100; 9.000] hoặc "
                "(3.100; ∞), dùng '(' hoặc ')' cho đầu mút không tính vào",
            )
        )
    upper = None if match[2] in ("", "∞") else parse_number(match[2])
    return Bounds(
        lower=parse_number(match[1]),
        upper=upper,
        lower_closed=match[0] == "[",
        upper_closed=upper is None or match[3] == "]",
    )


def _figure(row: _Row, metric: str, catalogue: Catalogue) -> Quantity | Ratio | None:
    given_unit: Unit | None = None
    qualifier: Qualifier | None = None
    explicit: Bounds | None = None
    try:
        if text := row.text("unit"):
            given_unit = catalogue.vocabulary.unit(text)
    except DanvanError as error:
        row.problem("unit", message_of(error))
    try:
        if text := row.text("qualifier"):
            qualifier = _qualifier(text)
    except DanvanError as error:
        row.problem("qualifier", message_of(error))
    try:
        if text := row.text("bounds"):
            explicit = parse_bounds(text)
    except DanvanError as error:
        row.problem("bounds", message_of(error))
    if row.problems:
        return None
    default: Unit | str = "item"
    if given_unit is not None:
        default = given_unit
    elif metric in catalogue and (metric_unit := catalogue.get(metric).unit) is not None:
        default = metric_unit
    raw = row.cells.get("value")
    try:
        if isinstance(raw, int | Decimal):  # a workbook's number cell
            return Quantity(
                value=raw, unit=default, qualifier=qualifier or Qualifier.EXACT, bounds=explicit
            )
        text = _text(raw).strip()
        if not text:
            if qualifier is Qualifier.RANGE and explicit is not None:
                return Quantity(value=None, unit=default, qualifier=qualifier, bounds=explicit)
            row.problem(
                "value",
                Message(
                    "is required: a figure such as 8.968, gần 9.000 or 204/204=100%",
                    "cần có số liệu, như 8.968, gần 9.000 hoặc 204/204=100%",
                ),
            )
            return None
        if "/" in text or "%" in text:  # a ratio, or a percentage stated alone
            if qualifier is not None or explicit is not None:
                row.problem(
                    "value",
                    Message(
                        "a ratio takes no qualifier or bounds column",
                        "một tỷ lệ không dùng cột mức chắc chắn hay khoảng giá trị",
                    ),
                )
                return None
            found = parse_ratio(
                text,
                unit=default.code if isinstance(default, Unit) else default,
                vocabulary=catalogue.vocabulary,
            )
            if given_unit is not None and found.denominator.unit != given_unit:
                row.problem("unit", _unit_clash(found.denominator.unit, given_unit))
                return None
            return found
        figure = parse_quantity(text, default_unit=default, vocabulary=catalogue.vocabulary)
        if given_unit is not None and figure.unit != given_unit:
            row.problem("unit", _unit_clash(figure.unit, given_unit))
            return None
        if qualifier is not None and qualifier is not figure.qualifier:
            if figure.qualifier is not Qualifier.EXACT:
                row.problem(
                    "qualifier",
                    Message(
                        f"the value {text!r} reads {figure.qualifier.value!r}, but the "
                        f"qualifier column says {qualifier.value!r}",
                        f"giá trị {text!r} đọc là {figure.qualifier.value!r}, nhưng cột mức "
                        f"chắc chắn ghi {qualifier.value!r}",
                    ),
                )
                return None
            figure = Quantity(value=figure.value, unit=figure.unit, qualifier=qualifier)
        if explicit is not None:
            figure = Quantity(
                value=figure.value, unit=figure.unit, qualifier=figure.qualifier, bounds=explicit
            )
        return figure
    except DanvanError as error:
        where = getattr(error, "where", None) or ""
        in_bounds = explicit is not None and where.startswith(("quantity.bounds", "bounds."))
        row.problem("bounds" if in_bounds else "value", message_of(error))
        return None


def _unit_clash(found: Unit, given: Unit) -> str:
    return Message(
        f"the value names unit {found.code!r}, but the unit column says {given.code!r}",
        f"giá trị ghi đơn vị {found.code!r}, nhưng cột đơn vị tính ghi {given.code!r}",
    )


def _date(row: _Row, column: str) -> pendulum.Date | None:
    cell = row.cells.get(column)
    if isinstance(cell, pendulum.Date):
        return cell
    text = row.text(column)
    if not text:
        return None
    try:
        return parse_date(text)
    except DanvanError as error:
        row.problem(column, message_of(error))
        return None


def _calendar(row: _Row) -> Calendar | None:
    text = row.text("calendar").casefold()
    if not text:
        return None
    for calendar in Calendar:
        if calendar.value == text:
            return calendar
    if text == "nd09":
        return Calendar.DECREE_09
    row.problem(
        "calendar",
        Message(
            f"unknown calendar {text!r}; expected 'gregorian' or 'decree-09'",
            f"không rõ lịch báo cáo {text!r}; hãy ghi 'gregorian' hoặc 'decree-09'",
        ),
    )
    return None


def _period(row: _Row) -> Period | None:
    calendar = _calendar(row)
    start = _date(row, "start")
    end = _date(row, "end")
    code = row.text("period")
    if row.problems:
        return None
    try:
        if code:
            found = parse_period(code, calendar=calendar)
            if start is not None and (found.start, found.end) != (start, end):
                row.problem(
                    "start",
                    Message(
                        f"start {start} and end {end or '(none)'} disagree with the period "
                        f"{code!r} ({found.start} to {found.end or 'open'})",
                        f"từ ngày {start} đến ngày {end or '(không ghi)'} không khớp với kỳ "
                        f"{code!r} ({found.start} đến {found.end or 'nay'})",
                    ),
                )
                return None
            return found
        if start is None:
            if end is not None:
                row.problem(
                    "start",
                    Message("is required when end is given", "cần có khi đã ghi ngày kết thúc"),
                )
            elif calendar is not None:
                row.problem(
                    "start",
                    Message(
                        "is required when a calendar is given", "cần có khi đã ghi lịch báo cáo"
                    ),
                )
            return None  # the source states no period
        return Period(start=start, end=end, calendar=calendar or Calendar.GREGORIAN)
    except DanvanError as error:
        row.problem("period" if code else "end", message_of(error))
        return None


def _place(row: _Row, period: Period | None, level: Level | None) -> str | None:
    """The place code of the row: its code, or its name read as of the period's end (at
    ``level``, when the column's header names one)."""
    text = row.text("place")
    if not text:
        return None
    try:
        return place_code(text, period=period, level=level)
    except DanvanError as error:
        row.problem("place", message_of(error))
        return None


def _role(row: _Row) -> Role:
    text = row.text("role")
    if not text:
        return Role.BODY
    key = match_key(text)
    for role in Role:
        if key in (role.value, match_key(ROLE_WORDS[role].vi)):
            return role
    known = ", ".join(repr(r.value) for r in Role)
    vi_known = ", ".join(repr(ROLE_WORDS[r].vi) for r in Role)
    row.problem(
        "role",
        Message(
            f"unknown role {text!r}; expected one of {known} (or its Vietnamese word)",
            f"không rõ vai trò {text!r}; hãy ghi một trong {vi_known}",
        ),
    )
    return Role.BODY


def observation_from_cells(
    cells: Mapping[str, Cell],
    *,
    default_id: str,
    catalogue: Catalogue | None = None,
    level: Level | None = None,
) -> Observation:
    """The observation a row describes.

    Args:
        cells: The row's cells by column name (missing columns are empty).
        default_id: The id when the row has none.
        catalogue: Gives the unit of a bare number by the metric (standard by default).
        level: The level of the place a name names (the header of its column says it,
            `header_level`).

    Raises:
        RowError: every problem of the row, by column.
    """
    row = _Row(cells)
    for column in _FIGURE_COLUMNS:
        digit = foreign_digit(row.text(column))
        if digit is not None:
            row.problem(column, foreign_digit_message(digit))
    if row.problems:
        raise RowError(row.problems)
    metric = row.text("metric")
    if not metric:
        row.problem(
            "metric",
            Message("is required: a metric code such as 'tips'", "cần có mã chỉ tiêu, như 'tips'"),
        )
    value = _figure(row, metric, catalogue or standard_catalogue())
    found_period = _period(row)
    place = _place(row, found_period, level)
    role = _role(row)
    if row.problems:
        raise RowError(row.problems)
    try:
        return Observation(
            id=row.text("id") or default_id,
            metric=_shared(metric),
            value=value,  # type: ignore[arg-type]  # read without problems, so not None
            period=found_period,
            # Codes many rows repeat are shared: one string each, not one per row.
            place=_shared(place),
            organisation=_shared(row.optional("organisation")),
            source=_shared(row.optional("source")),
            activity=_shared(row.optional("activity")),
            disaggregation=_shared(row.text("disaggregation")),
            role=role,
            quote=row.text("quote"),
            note=row.text("note"),
        )
    except DanvanError as error:
        field = (getattr(error, "where", None) or "").rsplit(".", 1)[-1]
        raise RowError([(field if field in COLUMNS else "", message_of(error))]) from None


@overload
def _shared(code: str) -> str: ...


@overload
def _shared(code: None) -> None: ...


def _shared(code: str | None) -> str | None:
    # str(): cells may hold str subclasses (numpy.str_); a code is kept as a plain str.
    return None if code is None else json_documents.shared(str(code))


# --- reading a file -------------------------------------------------------------------------------


def _lines(stream: IO[bytes], source: str) -> Iterator[str]:
    """The decoded lines of a file, one at a time (problems raise `LoadError`)."""
    for number, line in enumerate(stream, 1):
        yield json_documents.decode_line(line, number, source)


def _id_prefix(source: str) -> str:
    return "-".join(Path(source).stem.split()) or "row"


def named_cells(
    cells: list[str], columns: list[str | None], line: int
) -> tuple[dict[str, str], list[Problem]]:
    """A row's cells by column name, and a problem for each cell with text but no column."""
    problems: list[Problem] = []
    named: dict[str, str] = {}
    for index, cell in enumerate(cells):
        column = columns[index] if index < len(columns) else None
        if column is not None:
            named[column] = cell
        elif cell.strip():
            problems.append(Problem(f"line {line}, column {index + 1}", no_column_name(cell)))
    return named, problems


def id_used_again(id: str, first: str) -> Message:
    """The problem of an observation id used by an earlier row (``first``: "line 3")."""
    return Message(
        f"observation id {id!r} is used again (first on {first})",
        f"mã số liệu {id!r} bị dùng lại (lần đầu ở {where_text(first, 'vi')})",
    )


def bad_cell(value: object, kind: str) -> Message:
    """The problem of a typed cell (a workbook's, a frame's) that holds no figure, date or
    text: ``kind`` is "bool", "infinite", "datetime", "error", "formula" or "other"."""
    if kind == "bool":
        return Message(
            f"a true/false cell ({value}) is not a figure, date or text",
            f"ô đúng/sai ({value}) không phải số liệu, ngày hay chữ",
        )
    if kind == "infinite":
        return Message(f"not a finite number: {value}", f"không phải một số hữu hạn: {value}")
    if kind == "datetime":
        return Message(
            f"a date and time ({value}) where a date is expected",
            f"ô ghi cả ngày và giờ ({value}) ở chỗ cần một ngày",
        )
    if kind == "error":
        return Message(
            f"an error cell ({value}): the formula that fills it failed",
            f"ô báo lỗi ({value}): công thức tính ô này bị lỗi",
        )
    if kind == "formula":
        return Message(
            f"a formula (={value}) saved without its value; open the workbook in a "
            "spreadsheet program and save it, so that the value is stored",
            f"công thức (={value}) được lưu mà không có giá trị; hãy mở sổ bằng Excel hoặc "
            "LibreOffice rồi lưu lại để giá trị được ghi vào",
        )
    return Message(
        f"a {type(value).__name__} cell ({value!r}) cannot be read",
        f"không đọc được ô kiểu {type(value).__name__} ({value!r})",
    )


def no_column_name(cell: object, above: bool = False) -> Message:
    """The problem of a cell with text in a column the header does not name."""
    where = " above it" if above else ""
    return Message(
        f"cell {cell!r} has no column name{where}",
        f"ô {cell!r} không có tên cột{' phía trên' if above else ''}: hãy đặt tên cột hoặc xoá ô",
    )


def line_problems(line: int, found: Iterable[tuple[str, str]]) -> list[Problem]:
    """The problems of a row by column ("" for the row as a whole) as problems of ``line``."""
    return [
        Problem(f'line {line}, column "{column}"' if column else f"line {line}", message)
        for column, message in found
    ]


def table_rows(
    stream: IO[bytes], source: str, no_header: str
) -> Iterator[tuple[int, list[str] | LoadError]]:
    """The cells of each line of a CSV file with the line they start on: the header
    first (line 1), then each row that is not blank.

    The header chooses the delimiter. A problem with the file as a whole (encoding, no
    header, broken quoting) is the last item, numbered by the line after the last read.

    Args:
        stream: The file, read line by line.
        source: The file's name, for problems.
        no_header: The message when the first line is missing or blank.
    """
    lines = _lines(stream, source)
    line_number = 0
    try:
        first = next(lines, None)
        if first is None or not first.strip():
            raise LoadError(source, [Problem("line 1", no_header)])
        # The header names no column with a comma or semicolon: whichever it holds
        # more of separates the cells (Vietnamese spreadsheets write semicolons).
        delimiter = ";" if first.count(";") > first.count(",") else ","
        reader = csv.reader(itertools.chain([first], lines), delimiter=delimiter, strict=True)
        yield 1, next(reader)
        line_number = reader.line_num
        for cells in reader:
            start, line_number = line_number + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue  # spreadsheets leave empty rows
            yield start, cells
    except csv.Error as error:
        yield (
            line_number + 1,
            LoadError(
                source,
                [
                    Problem(
                        f"line {line_number + 1}",
                        Message(
                            f"not valid CSV: {error}",
                            f"không phải CSV hợp lệ, có thể do một dấu ngoặc kép chưa đóng "
                            f"(chi tiết kỹ thuật: {error})",
                        ),
                    )
                ],
            ),
        )
    except LoadError as error:
        yield line_number + 1, error


def read_rows(
    stream: IO[bytes], source: str, catalogue: Catalogue | None = None
) -> Iterator[tuple[int, Observation | LoadError]]:
    """Each row of a CSV file as an observation, or the `LoadError` of its problems.

    Rows are numbered by the line they start on. A problem with the file as a whole
    (encoding, header, broken quoting) is the last item.
    """
    rows = table_rows(
        stream,
        source,
        Message(
            f"expected a header line naming the columns ({', '.join(COLUMNS)})",
            "cần dòng tiêu đề ghi tên các cột (như Chỉ tiêu, Giá trị, Kỳ, Địa bàn; hoặc "
            f"{', '.join(COLUMNS)}), nhưng tệp trống",
        ),
    )
    _, names = next(rows)
    if isinstance(names, LoadError):
        yield 1, names
        return
    columns, header_problems = header(names)
    if header_problems:
        yield (
            1,
            LoadError(
                source,
                [
                    Problem(f"line 1, column {i + 1}" if i >= 0 else "line 1", message)
                    for i, message in header_problems
                ],
            ),
        )
        return
    prefix = _id_prefix(source)
    level = header_level(names, columns)
    for line, cells in rows:
        if isinstance(cells, LoadError):
            yield line, cells
        else:
            yield line, _observation(cells, columns, line, source, prefix, catalogue, level)


def _observation(
    cells: list[str],
    columns: list[str | None],
    line: int,
    source: str,
    prefix: str,
    catalogue: Catalogue | None,
    level: Level | None,
) -> Observation | LoadError:
    named, problems = named_cells(cells, columns, line)
    try:
        found = observation_from_cells(
            named, default_id=f"{prefix}-{line}", catalogue=catalogue, level=level
        )
    except RowError as error:
        problems.extend(line_problems(line, error.problems))
    if problems:
        return LoadError(source, problems)
    return found


# --- writing --------------------------------------------------------------------------------------


def _figure_cells(value: Quantity | Ratio, spoken: bool) -> dict[str, str]:
    if isinstance(value, Ratio):
        return {"value": value.format(), "unit": value.denominator.unit.code}
    cells = {"unit": value.unit.code, "value": "", "qualifier": "", "bounds": ""}
    if spoken or value.qualifier is not Qualifier.RANGE:
        cells["value"] = value.format(unit=False)
    if not value.is_exact:
        cells["qualifier"] = value.qualifier.value
    if value.has_explicit_bounds:
        cells["bounds"] = format_bounds(value.bounds)
    return cells


def cells_of(obs: Observation, catalogue: Catalogue | None = None) -> dict[str, str]:
    """The cells of an observation's row as written (formulas neutralised), checked by
    reading them back (with ``catalogue``: the units it registers).

    Raises:
        InvalidValueError: the figure or a text cannot be written without loss.
    """
    base = {
        "id": obs.id,
        "metric": obs.metric,
        "period": "" if obs.period is None else str(obs.period),
        "place": obs.place or "",
        "organisation": obs.organisation or "",
        "source": obs.source or "",
        "activity": obs.activity or "",
        "disaggregation": obs.disaggregation,
        "role": "" if obs.role is Role.BODY else obs.role.value,
        "quote": obs.quote,
        "note": obs.note,
    }
    for column, text in base.items():
        if "\x00" in text:
            raise InvalidValueError(
                "holds a NUL character, which a CSV file cannot carry",
                where=f"observation[{obs.id}].{column}",
            )
    # A range is best written as words ("từ 4 đến 5"); ranges words cannot say
    # ("from more than 4") are written as an empty value with their bounds.
    for spoken in (True, False):
        figure = {**base, **_figure_cells(obs.value, spoken)}
        cells = {column: neutralise(figure.get(column, "")) for column in EXPORT_COLUMNS}
        try:
            back = observation_from_cells(cells, default_id=obs.id, catalogue=catalogue)
        except RowError:
            continue
        if back == obs:
            return cells
    raise InvalidValueError(
        f"the figure {obs.value} ({obs.value!r}) cannot be written to a table without loss; "
        "write the observations as .json or .jsonl",
        where=f"observation[{obs.id}].value",
    )


def write_rows(
    observations: Iterable[Observation],
    *,
    delimiter: str = ",",
    catalogue: Catalogue | None = None,
) -> str:
    """The CSV text of ``observations``: a header line, then one line each (CRLF).

    ``catalogue``: the units figures may count in beyond the built-in ones.

    Raises:
        InvalidValueError: an observation cannot be written without loss, or the
            delimiter is not "," or ";".
    """
    if delimiter not in (",", ";"):
        raise InvalidValueError(f"must be ',' or ';', got {delimiter!r}", where="delimiter")
    lines = [csv_line(EXPORT_COLUMNS, delimiter)]
    for obs in observations:
        cells = cells_of(obs, catalogue)
        lines.append(csv_line([cells[column] for column in EXPORT_COLUMNS], delimiter))
    return "".join(lines)
