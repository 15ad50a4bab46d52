"""Excel workbooks (.xlsx): observations read from a sheet with the CSV column rules.

Offices send workbooks, not CSV. A sheet is read like a CSV file (`danvan._csv`), with
what workbooks add: numbers stored as numbers (Excel keeps 8968 as the float 8968.0:
an integral float becomes an int, any other a `Decimal` of its shortest text), dates
stored as dates, title rows above the header, header cells merged over several columns
or rows, and empty rows at the end. openpyxl is imported only here, when a workbook is
read or written (``pip install danvan[xlsx]``).

The header is the first row (of the first 20) with a ``metric`` cell. Merged cells may
stretch it over several rows ("period" above "start" and "end"): each column is named
by its lowest non-empty cell in those rows. A header cell merged across columns names
the first of them.
"""

from __future__ import annotations

import datetime as _dt
import importlib
import math
import re
import warnings
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import IO, Any

import pendulum

from danvan import _csv, _jsonio
from danvan._metrics import Catalogue
from danvan._observations import Observation
from danvan._text import nfc
from danvan.errors import InvalidValueError, LoadError, Problem

__all__ = ["read_observations", "write_observations"]

_HEADER_SEARCH = 20
_INSTALL = "reading and writing .xlsx workbooks needs openpyxl: pip install 'danvan[xlsx]'"


def _openpyxl(source: str) -> ModuleType:
    try:
        return importlib.import_module("openpyxl")
    except ImportError:
        raise LoadError(source, [Problem("file", _INSTALL)]) from None


def _letter(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell(value: object) -> _csv.Cell | None:
    """A workbook value as the row reader takes it.

    Raises:
        InvalidValueError: a true/false, time, or non-finite number.
    """
    if value is None or (isinstance(value, str | int) and not isinstance(value, bool)):
        return value
    if isinstance(value, bool):
        raise InvalidValueError(f"a true/false cell ({value}) is not a figure, date or text")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidValueError(f"not a finite number: {value}")
        # Excel stores every number as a float: 8968.0 was typed as 8968.
        return int(value) if value.is_integer() else Decimal(repr(value))
    if isinstance(value, _dt.datetime):
        if value.time() != _dt.time(0, 0):
            raise InvalidValueError(f"a date and time ({value}) where a date is expected")
        return pendulum.Date(value.year, value.month, value.day)
    if isinstance(value, _dt.date):
        return pendulum.Date(value.year, value.month, value.day)
    raise InvalidValueError(f"a {type(value).__name__} cell ({value}) cannot be read")


def _sheet(workbook: Any, sheet: str | None, source: str) -> Any:
    names = workbook.sheetnames
    if sheet is not None:
        if sheet not in names:
            raise LoadError(
                source, [Problem(f"sheet {sheet!r}", f"no such sheet; the sheets are {names}")]
            )
        return workbook[sheet]
    for name in names:
        if nfc(name).strip().casefold() == "observations":
            return workbook[name]
    return workbook.worksheets[0]


def _header_names(ws: Any, row: int) -> tuple[list[object], int]:
    """The column names of a header starting at ``row``, and the header's last row."""
    last = row
    for merged in ws.merged_cells.ranges:
        if merged.min_row <= row <= merged.max_row:
            last = max(last, merged.max_row)
    names: list[object] = []
    for column in range(1, ws.max_column + 1):
        name: object = None
        for r in range(last, row - 1, -1):
            value = ws.cell(r, column).value
            if value is not None and str(value).strip():
                name = value
                break
        names.append(name)
    return names, last


def read_observations(
    path: Path, *, sheet: str | None = None, catalogue: Catalogue | None = None
) -> tuple[Observation, ...]:
    """Every observation of a workbook sheet.

    Raises:
        LoadError: every problem of the sheet, located by sheet, row and column; or
            openpyxl is missing, or the file is not a readable workbook.
    """
    source = str(path)
    openpyxl = _openpyxl(source)
    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it ignores; they hold no data.
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(path, data_only=True)
    except OSError:
        raise
    except Exception as error:  # a damaged or foreign file fails in many ways inside openpyxl
        raise LoadError(
            source,
            [Problem("file", f"not a readable .xlsx workbook ({type(error).__name__}: {error})")],
        ) from None
    ws = _sheet(workbook, sheet, source)
    where = f"sheet {ws.title!r}"
    header_row = None
    for row in range(1, min(ws.max_row, _HEADER_SEARCH) + 1):
        texts = {nfc(str(c.value)).strip().casefold() for c in ws[row] if c.value is not None}
        if "metric" in texts:
            header_row = row
            break
    if header_row is None:
        raise LoadError(
            source,
            [
                Problem(
                    where,
                    f"no header row with a 'metric' column in the first {_HEADER_SEARCH} rows",
                )
            ],
        )
    names, last = _header_names(ws, header_row)
    columns, header_problems = _csv.header(names)
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
    prefix = "-".join(path.stem.split()) or "row"
    for number, values in enumerate(
        ws.iter_rows(min_row=last + 1, values_only=True), start=last + 1
    ):
        located = _row(values, columns, f"{where}, row {number}", f"{prefix}-{number}")
        if isinstance(located, list):
            problems.extend(located)
            continue
        if located is None:
            continue
        if located.id in first:
            problems.append(
                Problem(
                    f'{where}, row {number}, column "id"',
                    f"observation id {located.id!r} is used again "
                    f"(first on row {first[located.id]})",
                )
            )
        else:
            first[located.id] = number
        found.append(located)
    if problems:
        raise LoadError(source, problems)
    return tuple(found)


def _row(
    values: tuple[object, ...], columns: list[str | None], where: str, default_id: str
) -> Observation | list[Problem] | None:
    """The observation of one row, its problems, or None for an empty row."""
    if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
        return None
    problems: list[Problem] = []
    cells: dict[str, _csv.Cell] = {}
    for index, value in enumerate(values):
        column = columns[index] if index < len(columns) else None
        at = (
            f'{where}, column "{column}" ({_letter(index + 1)})'
            if column
            else (f"{where}, column {_letter(index + 1)}")
        )
        try:
            cell = _cell(value)
        except InvalidValueError as error:
            problems.append(Problem(at, str(error)))
            continue
        if cell is None:
            continue
        if column is None:
            if str(cell).strip():
                problems.append(Problem(at, f"cell {cell!r} has no column name above it"))
            continue
        cells[column] = cell
    if problems:
        return problems
    try:
        return _csv.observation_from_cells(cells, default_id=default_id)
    except _csv.RowError as error:
        return [
            Problem(
                f'{where}, column "{column}" ({_letter(columns.index(column) + 1)})'
                if column in columns
                else where,
                message,
            )
            for column, message in error.problems
        ]


# Control characters a workbook cannot hold, and the carriage return, which XML reading
# turns into a line feed (so "\r\n" would come back as "\n").
_ILLEGAL = re.compile(r"[\x00-\x08\x0b-\x1f]")


def write_observations(observations: tuple[Observation, ...], path: Path) -> None:
    """Write observations to a one-sheet workbook ("observations"), all cells as text.

    Raises:
        ImportError: openpyxl is not installed.
        InvalidValueError: a figure cannot be written without loss, or a text holds a
            control character a workbook cannot carry.
    """
    try:
        openpyxl = importlib.import_module("openpyxl")
    except ImportError:
        raise ImportError(_INSTALL) from None
    rows: list[list[str | None]] = [list(_csv.EXPORT_COLUMNS)]
    for obs in observations:
        cells = _csv.cells_of(obs)
        for column, text in cells.items():
            if _ILLEGAL.search(text):
                raise InvalidValueError(
                    "holds a control character or carriage return, which a workbook cannot "
                    "carry unchanged; write the observations as .csv or .jsonl",
                    where=f"observation[{obs.id}].{column}",
                )
        rows.append([cells[c] or None for c in _csv.EXPORT_COLUMNS])
    # Not a write-only workbook: one left unsaved by an error would hold an open file.
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = "observations"
    for row in rows:
        ws.append(row)

    def write(stream: IO[bytes]) -> None:
        workbook.save(stream)

    _jsonio.atomic_write(path, write)
