"""Excel workbooks (.xlsx): observations read from a sheet with the CSV column rules.

Offices send workbooks, not CSV. A sheet is read like a CSV file
(`danvan._io.csv_observations`), with what workbooks add: numbers stored as numbers
(Excel keeps 8968 as the float 8968.0: an integral float becomes an int, any other a
`Decimal` of its shortest text), dates stored as dates, title rows above the header,
header cells merged over several columns or rows, and empty rows at the end.

Reading streams the sheet (`danvan._io.xlsx_stream`, the standard library alone): time and
memory follow the cells that hold something, wherever they are, and a part of more than
`danvan._io.xlsx_stream.MAX_PART_BYTES` (512 MiB of XML) is refused with a `LoadError`.
Writing needs openpyxl, imported only then (``pip install danvan[xlsx]``).

The header is the first row (of the first 20) with a ``metric`` and a ``value`` cell (or
"Chỉ tiêu" and "Giá trị": columns have Vietnamese names too, `danvan._io.column_names`). A
sheet without one may hold a table as reports lay them out, one row per place or metric
and one column per period or metric: `danvan._io.wide_tables` reads those. Merged cells may
stretch it over several rows ("period" above "start" and "end"): each column is named
by its lowest non-empty cell in those rows. A header cell merged across columns names
the first of them. A merge taller than 20 rows is no header's layout (a whole column
merged by mistake): it names its column, and the rows under it are read as data.
"""

from __future__ import annotations

import datetime as _dt
import importlib
import importlib.util
import math
import warnings
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import IO

import pendulum

from danvan._io import csv_observations, sheets, wide_tables
from danvan._io.column_names import column_named
from danvan._io.xlsx_stream import (
    ErrorCell,
    MonthOrYear,
    Row,
    Sheet,
    Uncomputed,
    Value,
    Workbook,
)
from danvan._io.xlsx_stream import column_letter as _letter
from danvan._lang import Message, message_of
from danvan._metrics import Catalogue
from danvan._observations import Observation
from danvan._organisations import Organisation
from danvan._places import Gazetteer, Level
from danvan._quantity import Quantity
from danvan.errors import InvalidValueError, LoadError, LoadWarning, Problem

__all__ = ["read_observations", "write_observations"]

_HEADER_SEARCH = 20
_HEADER_DEPTH = 20
_INSTALL = sheets.INSTALL


def _cell(value: Value) -> csv_observations.Cell | None:
    """A workbook value as the row reader takes it.

    Raises:
        InvalidValueError: a true/false, time, error or uncomputed formula, or a
            non-finite number.
    """
    if isinstance(value, bool):
        raise InvalidValueError(csv_observations.bad_cell(value, "bool"))
    if isinstance(value, str | int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidValueError(csv_observations.bad_cell(value, "infinite"))
        # Excel stores every number as a float: 8968.0 was typed as 8968.
        return int(value) if value.is_integer() else Decimal(repr(value))
    if isinstance(value, _dt.datetime):
        if value.time() != _dt.time(0, 0):
            raise InvalidValueError(csv_observations.bad_cell(value, "datetime"))
        return pendulum.Date(value.year, value.month, value.day)
    if isinstance(value, ErrorCell):
        raise InvalidValueError(csv_observations.bad_cell(value.text, "error"))
    if isinstance(value, Uncomputed):
        raise InvalidValueError(csv_observations.bad_cell(value.formula, "formula"))
    raise InvalidValueError(csv_observations.bad_cell(value, "other"))


def _columns(cells: Row) -> set[str | None]:
    """The columns a row's text cells name, in English or Vietnamese."""
    return {column_named(v) for _, v in cells if isinstance(v, str)}


def _header_names(rows: list[tuple[int, Row]]) -> list[object]:
    """Each column's name: its lowest non-empty cell in the header's rows."""
    names: dict[int, object] = {}
    for _, cells in rows:  # top to bottom: a lower cell replaces the one above
        for column, value in cells:
            if not isinstance(value, str) or value.strip():
                names[column] = value
    width = max(names, default=0)
    return [names.get(column) for column in range(1, width + 1)]


def _header_end(merges: Iterable[tuple[int, int, int, int]], row: int) -> int:
    """The last row of a header starting at ``row``: merges down from it stretch it."""
    last = row
    for top, _, bottom, _ in merges:
        if top <= row <= bottom and bottom - top < _HEADER_DEPTH:
            last = max(last, bottom)
    return last


def read_observations(
    path: Path, *, sheet: str | None = None, catalogue: Catalogue | None = None
) -> tuple[Observation, ...]:
    """Every observation of a workbook sheet.

    Raises:
        LoadError: every problem of the sheet, located by sheet, row and column; or the
            file is not a readable workbook, or a part of it is too large.
        OSError: the file cannot be opened.
    """
    source = str(path)
    with path.open("rb") as stream:
        book = Workbook(stream, source)
        ws = book.sheet(sheet)
        return _read(ws, source, "-".join(path.stem.split()) or "row", catalogue)


def _read(
    ws: Sheet, source: str, prefix: str, catalogue: Catalogue | None
) -> tuple[Observation, ...]:
    where = f"sheet {ws.name!r}"
    merges = ws.merges()
    rows = ws.rows()
    head: list[tuple[int, Row, list[Problem]]] = []
    header_row = None
    for item in rows:
        head.append(item)
        if item[0] > _HEADER_SEARCH:
            break
        if {"metric", "value"} <= _columns(item[1]):
            header_row = item[0]
            break
    if header_row is None:
        # No row of column names: a table as reports lay them out (danvan._io.wide_tables)?
        wide = _wide_table(ws, source, prefix, catalogue, head, rows, merges)
        if wide is not None:
            return wide
        raise LoadError(
            source,
            [
                Problem(
                    where,
                    Message(
                        f"no header row with a 'metric' and a 'value' column in the first "
                        f"{_HEADER_SEARCH} rows, and no table with a column of places or "
                        "metrics",
                        f"trong {_HEADER_SEARCH} hàng đầu không có dòng tiêu đề nào có cột "
                        "'Chỉ tiêu' và 'Giá trị', cũng không có bảng nào có một cột địa bàn "
                        "hay chỉ tiêu",
                    ),
                )
            ],
        )
    last = _header_end(merges, header_row)
    header = [(number, cells) for number, cells, _ in head[-1:]]
    data: list[tuple[int, Row, list[Problem]]] = []
    for item in rows:
        if item[0] <= last:
            header.append((item[0], item[1]))
        else:
            data.append(item)
            break
    names = _header_names(header)
    columns, header_problems = csv_observations.header(names)
    level = csv_observations.header_level(names, columns)
    if header_problems:
        raise LoadError(
            source,
            [
                Problem(
                    f"{where}, row {header_row}" + (f", column {_letter(i + 1)}" if i >= 0 else ""),
                    message,
                )
                for i, message in header_problems
            ],
        )
    problems: list[Problem] = []
    found: list[Observation] = []
    first: dict[str, int] = {}
    for number, cells, row_problems in _chain(data, rows):
        if row_problems:  # the file itself is damaged here: say that alone
            problems.extend(row_problems)
            continue
        located = _row(
            cells, columns, f"{where}, row {number}", f"{prefix}-{number}", catalogue, level
        )
        if isinstance(located, list):
            problems.extend(located)
            continue
        if located is None:
            continue
        if located.id in first:
            problems.append(
                Problem(
                    f'{where}, row {number}, column "id"',
                    csv_observations.id_used_again(located.id, f"row {first[located.id]}"),
                )
            )
        else:
            first[located.id] = number
        found.append(located)
    if problems:
        raise LoadError(source, problems)
    return tuple(found)


def _wide_table(
    ws: Sheet,
    source: str,
    prefix: str,
    catalogue: Catalogue | None,
    head: list[tuple[int, Row, list[Problem]]],
    rows: Iterator[tuple[int, Row, list[Problem]]],
    merges: list[tuple[int, int, int, int]],
) -> tuple[Observation, ...] | None:
    """The observations of a wide table in the sheet, or None if it holds none."""
    problems: list[Problem] = []
    grid_rows: list[tuple[int, dict[int, csv_observations.Cell]]] = []
    for number, cells, row_problems in _chain(head, rows):
        problems.extend(row_problems)
        found: dict[int, csv_observations.Cell] = {}
        for column, value in cells:
            try:
                cell = value if type(value) is str else _cell(value)
            except InvalidValueError as error:
                where = f"sheet {ws.name!r}, row {number}, column {_letter(column)}"
                problems.append(Problem(where, message_of(error)))
                continue
            if cell is not None and (not isinstance(cell, str) or cell.strip()):
                found[column] = cell
        if found:
            grid_rows.append((number, found))
    grid = wide_tables.Grid(
        source=source, prefix=prefix, rows=tuple(grid_rows), merges=tuple(merges), sheet=ws.name
    )
    try:
        observations = wide_tables.read_wide(grid, catalogue)
    except LoadError as error:
        raise LoadError(source, [*problems, *error.problems]) from None
    if observations is not None and problems:
        raise LoadError(source, problems)
    return observations


def _chain(
    first: list[tuple[int, Row, list[Problem]]], rest: Iterator[tuple[int, Row, list[Problem]]]
) -> Iterator[tuple[int, Row, list[Problem]]]:
    yield from first
    yield from rest


def _at(where: str, column: str | None, number: int) -> str:
    if column:
        return f'{where}, column "{column}" ({_letter(number)})'
    return f"{where}, column {_letter(number)}"


def _single_day(where: str, day: pendulum.Date) -> LoadWarning:
    """The warning for a period cell holding a date shown with its day."""
    return LoadWarning(
        Problem(
            where,
            Message(
                f"a date cell ({day.isoformat()}) is read as that single day; if the report "
                "means a month or a year, type it as text ('6/2023', 'tháng 6/2023') or "
                "format the cell mm/yyyy",
                f"ô ngày ({day.day}-{day.month}-{day.year}) được đọc là đúng một ngày đó; nếu "
                "báo cáo nói cả tháng hay cả năm, hãy gõ dạng chữ ('6/2023', 'tháng 6/2023') "
                "hoặc định dạng ô mm/yyyy",
            ),
        )
    )


def _row(
    values: Row,
    columns: list[str | None],
    where: str,
    default_id: str,
    catalogue: Catalogue | None,
    level: Level | None = None,
) -> Observation | list[Problem] | None:
    """The observation of one row, its problems, or None for an empty row."""
    if all(isinstance(v, str) and not v.strip() for _, v in values):
        return None
    problems: list[Problem] = []
    cells: dict[str, csv_observations.Cell] = {}
    for number, value in values:
        column = columns[number - 1] if number <= len(columns) else None
        try:
            cell = value if type(value) is str else _cell(value)
        except InvalidValueError as error:
            problems.append(Problem(_at(where, column, number), message_of(error)))
            continue
        if cell is None:
            continue
        if column == "period" and isinstance(value, MonthOrYear):
            # The period a reader sees: "06/2023" is the month, not its first day.
            cell = f"{value.year}-{value.month:02d}" if value.shows == "month" else str(value.year)
        elif column == "period" and isinstance(cell, pendulum.Date):
            warnings.warn(_single_day(_at(where, column, number), cell), stacklevel=2)
        if column is None:
            if str(cell).strip():
                problems.append(
                    Problem(
                        _at(where, column, number),
                        csv_observations.no_column_name(cell, above=True),
                    )
                )
            continue
        cells[column] = cell
    if problems:
        return problems
    try:
        return csv_observations.observation_from_cells(
            cells, default_id=default_id, catalogue=catalogue, level=level
        )
    except csv_observations.RowError as error:
        return [
            Problem(
                f'{where}, column "{column}" ({_letter(columns.index(column) + 1)})'
                if column in columns
                else where,
                message,
            )
            for column, message in error.problems
        ]


def _number_cell(
    obs: Observation, cells: dict[str, str], catalogue: Catalogue | None
) -> int | Decimal | None:
    """The figure's value as a number cell, when the row reads back the same with it."""
    value = obs.value
    if not isinstance(value, Quantity) or value.point is None:
        return None
    number = value.point
    if not sheets.exact_in_a_spreadsheet(number):
        return None
    try:
        back = csv_observations.observation_from_cells(
            {**cells, "value": number}, default_id=obs.id, catalogue=catalogue
        )
    except csv_observations.RowError:
        return None
    return number if back == obs else None


def observation_sheet(
    observations: Iterable[Observation], catalogue: Catalogue | None = None
) -> sheets.Sheet:
    """The sheet the reader reads back: one observation a row, the value a number where
    the row reads back the same (else the figure's text, "từ 4 đến 5"); ``catalogue``
    holds the units figures may count in beyond the built-in ones."""
    rows: list[list[sheets.SheetValue]] = []
    for obs in observations:
        cells = csv_observations.cells_of(obs, catalogue)
        number = _number_cell(obs, cells, catalogue)
        rows.append(
            [
                number if column == "value" and number is not None else (cells[column] or None)
                for column in csv_observations.EXPORT_COLUMNS
            ]
        )
    columns = [
        sheets.SheetColumn(key=c, label=c, kind="number" if c == "value" else "text")
        for c in csv_observations.EXPORT_COLUMNS
    ]
    return sheets.Sheet(name="observations", columns=columns, rows=rows, filter=True)


def write_observations(
    observations: tuple[Observation, ...],
    path: Path,
    write_file: Callable[[Path, Callable[[IO[bytes]], None]], None],
    *,
    catalogue: Catalogue | None = None,
    places: Gazetteer | None = None,
    organisations: Iterable[Organisation] = (),
) -> None:
    """Write observations to a workbook: the sheet "observations" danvan reads back, and
    a pivot-ready sheet ("Dữ liệu") of the same figures with names, dates and bounds.

    ``write_file(path, write)`` writes the file (atomically) with ``write(stream)``;
    ``catalogue`` holds the units figures may count in beyond the built-in ones.

    A figure's value is a number cell (``#,##0``) whenever the row reads back the same
    with it: the qualifier column then says how sure it is ("nearly"). Text is escaped
    as Excel escapes it (`danvan._io.xlsx_stream.escape`): control characters and carriage
    returns are carried, and read back, exactly.

    Raises:
        ImportError: openpyxl is not installed.
        InvalidValueError: a figure cannot be written without loss.
    """
    if importlib.util.find_spec("openpyxl") is None:
        raise ImportError(_INSTALL)
    from danvan._io.dataset_sheets import pivot_sheet  # names and dates: only when writing

    items = tuple(observations)
    book = [
        observation_sheet(items, catalogue),
        pivot_sheet(items, catalogue=catalogue, places=places, organisations=organisations),
    ]

    def write(stream: IO[bytes]) -> None:
        sheets.save_workbook(book, stream)

    write_file(path, write)
