"""Wide tables: the tables reports are made of, read as observations.

A report's table has one row per place (or per metric) and one column per period (or
per metric), with a title block above the header, header cells merged over several
columns, and often a "Tổng cộng" row at the bottom::

    BÁO CÁO KẾT QUẢ TIẾP NHẬN TIN BÁO            <- title: free text, skipped
    Chỉ tiêu: tips                                <- "Label: value" lines fix what the
    Đơn vị tính: tin                                 table does not vary
    Địa bàn: tỉnh Nam Định
    STT | Huyện      | Năm 2021        | Ghi chú  <- the header ("Năm 2021" merged
        |            | Quý I  | Quý II |             over two columns)
    1   | Giao Thủy  | 120    | gần 200 |
    2   | Hải Hậu    | 80     | 95      |
        | Tổng cộng  | 200    | gần 295 |         <- checked against the rows above

Each figure cell becomes an observation read by the rules of long tables
(`danvan._io.csv_observations.observation_from_cells`): the same figures, units,
periods and place names, and the same problems, located at the cell. Its metric, period
and place come from its column header, its row's first cell (the *key* column: places or
metrics), or the title block; its unit from a "Đơn vị tính" column, the title block, or
the metric. Empty cells, "-" and "x" are figures not given (missing, never zero).

**The header** is the first row with a cell naming places ("Địa bàn", "Huyện", "Tỉnh",
"place") or metrics ("Chỉ tiêu", "metric"). It continues over the rows its merged cells
cover and the text-only rows under it whose key cell is empty. Each other column is read
from its header cells, top to bottom: a period ("Năm 2021", "Quý I/2021", or "Quý I" under
"Năm 2021"), a metric (a code or a name the catalogue finds once: "Súng các loại"), or a
column of per-row notes, units, sources or quotes ("Ghi chú", "Đơn vị tính", "Nguồn");
"STT" columns of row numbers are skipped.

**Places** in the key column are read as `danvan._place_cells` reads them, as of each
figure's period: within the place the title names, at the level the key header names
("Huyện"). A name that fits several units is read at the level the table's other rows
share ("Giao Thủy" among districts is the district), and otherwise listed as a problem.

**A totals row** ("Tổng cộng", "Cộng", "Toàn tỉnh", "Total") is never added to its rows.
When the title block names the place the table covers ("Địa bàn: tỉnh Nam Định"), the
total is that place's figure: aggregation then uses the rows or the total, once, and
reconciles them. Otherwise it is checked against the sum of its column's rows and not
kept: a total its rows cannot add up to is a problem located at its cell (a figure
without a place would be counted again beside its rows).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import attrs
import pendulum

from danvan._breakdown import parts_consistent
from danvan._io import csv_observations
from danvan._io.column_names import column_named, place_level, row_number, total_row
from danvan._lang import Message, message_of
from danvan._metrics import Catalogue, standard_catalogue
from danvan._observations import Observation
from danvan._period import Period
from danvan._period_text import parse_period
from danvan._place_cells import place_code, place_day, resolve_cell
from danvan._places import Level
from danvan._quantity import Quantity, total
from danvan._text import match_key, nfc
from danvan.errors import DanvanError, LoadError, Problem, UnitMismatchError

__all__ = ["Grid", "read_csv", "read_wide"]

Cell = csv_observations.Cell
_HEADER_SEARCH = 30
_NOT_GIVEN = frozenset({"-", "–", "—", "x", "..."})
_TITLE_FIELDS = ("metric", "period", "place", "unit", "organisation")
_ROW_FIELDS = ("unit", "note", "source", "quote", "organisation", "activity")


@attrs.frozen
class Grid:
    """The cells of a sheet or CSV file, row by row, and its merged ranges.

    Args:
        source: The file, for problems.
        prefix: The start of the ids given to figures (the file's name).
        rows: ``(row number, {column number: cell})``, in order; columns from 1.
        merges: Merged ranges as ``(top, left, bottom, right)``.
        sheet: The sheet's name (a workbook), or None (a CSV file: lines and columns).
    """

    source: str
    prefix: str
    rows: tuple[tuple[int, dict[int, Cell]], ...]
    merges: tuple[tuple[int, int, int, int], ...] = ()
    sheet: str | None = None

    def where(self, row: int, column: int | None = None) -> str:
        """The location of a row, or of a cell."""
        if self.sheet is None:
            at = f"line {row}"
            return at if column is None else f"{at}, column {column}"
        from danvan._io.xlsx_stream import column_letter  # the sheet's own letters

        at = f"sheet {self.sheet!r}, row {row}"
        return at if column is None else f"{at}, column {column_letter(column)}"


def _text(cell: Cell | None) -> str:
    if cell is None:
        return ""
    if isinstance(cell, str):
        return nfc(cell).strip()
    if isinstance(cell, pendulum.Date):
        return cell.isoformat()
    return format(cell, "f") if isinstance(cell, Decimal) else str(cell)


def _filled(grid: Grid, rows: range) -> dict[tuple[int, int], str]:
    """The header cells of ``rows``, each merged cell's text spread over its range.

    A CSV file keeps no merges: a header cell left empty above a column that has a
    header below it, right of a filled one, continues it ("Năm 2021", "", over "Quý I",
    "Quý II"), as a merged cell saved to CSV leaves it.
    """
    cells = {
        (number, column): _text(cell)
        for number, row in grid.rows
        if number in rows
        for column, cell in row.items()
    }
    for top, left, bottom, right in grid.merges:
        text = cells.get((top, left), "")
        if not text or top not in rows:
            continue
        for r in range(top, bottom + 1):
            for c in range(left, right + 1):
                if r in rows:
                    cells[(r, c)] = text
    cells = {k: v for k, v in cells.items() if v}
    if not grid.merges:
        width = max((c for _, c in cells), default=0)
        for r in rows[:-1]:
            for c in range(2, width + 1):
                below = any((b, c) in cells for b in range(r + 1, rows.stop))
                if (r, c) not in cells and (r, c - 1) in cells and below:
                    cells[(r, c)] = cells[(r, c - 1)]
    return cells


# -- the layout -------------------------------------------------------------------------


@attrs.frozen
class _Column:
    """What one column of a wide table holds."""

    number: int
    field: str | None = None  # a per-row field ("note", "unit", ...), or None
    period: Period | None = None
    metric: str | None = None
    header: str = ""


@attrs.frozen
class _Layout:
    key: int  # the key column's number
    key_field: str  # "place" or "metric"
    level: Level | None  # the level the key header names ("Huyện")
    first_data_row: int
    header_row: int
    columns: tuple[_Column, ...]
    title: dict[str, tuple[str, int]]  # field: (value, row it is on)


def _title_line(cells: dict[int, Cell]) -> tuple[str, str] | None:
    """``(field, value)`` of a "Chỉ tiêu: tips" line (one cell, or "Chỉ tiêu:" and "tips")."""
    texts = [_text(c) for _, c in sorted(cells.items()) if _text(c)]
    if not texts:
        return None
    label, colon, value = texts[0].partition(":")
    if colon and value.strip() and len(texts) == 1:
        field = column_named(label, _TITLE_FIELDS)
        return (field, value.strip()) if field else None
    if len(texts) == 2 and texts[0].endswith(":"):  # without the colon: maybe a header
        field = column_named(texts[0], _TITLE_FIELDS)
        return (field, texts[1]) if field else None
    return None


def _header_end(grid: Grid, key_row: int, key_column: int) -> int:
    """The last row of the header that starts at ``key_row``."""
    last = key_row
    for top, _, bottom, _ in grid.merges:
        if top <= key_row <= bottom and bottom - top < _HEADER_SEARCH:
            last = max(last, bottom)
    rows = dict(grid.rows)
    while True:
        below = rows.get(last + 1)
        if below is None or _text(below.get(key_column)):
            return last
        texts = [c for c in below.values() if _text(c)]
        if not texts or not all(isinstance(c, str) for c in texts):
            return last
        last += 1


def _period_of(parts: list[str]) -> Period | None:
    """The period a column's header cells name (bottom cells before top ones)."""
    tries = [" ".join(reversed(parts)), " ".join(parts), *reversed(parts)]
    for text in dict.fromkeys(t for t in tries if t):
        try:
            return parse_period(text)
        except DanvanError:
            continue
    return None


def _metric_of(text: str, catalogue: Catalogue) -> str | None:
    """The metric ``text`` names: a code, or a name the catalogue finds once."""
    if text in catalogue:
        return text
    found = catalogue.find(text)
    return found[0].code if len(found) == 1 else None


def _column(number: int, parts: list[str], catalogue: Catalogue) -> _Column:
    header = " / ".join(parts)
    if any(row_number(p) for p in parts):
        return _Column(number, field="", header=header)
    field = column_named(parts[-1], _ROW_FIELDS)
    if field is not None:
        return _Column(number, field=field, header=header)
    metric = next((m for p in reversed(parts) if (m := _metric_of(p, catalogue))), None)
    period = _period_of([p for p in parts if _metric_of(p, catalogue) is None])
    return _Column(number, period=period, metric=metric, header=header)


def _layout(grid: Grid, catalogue: Catalogue) -> _Layout | None:
    """The title block, header and columns of a wide table, or None if it has none."""
    title: dict[str, tuple[str, int]] = {}
    for number, cells in grid.rows[:_HEADER_SEARCH]:
        line = _title_line(cells)
        if line is not None:
            title.setdefault(line[0], (line[1], number))
            continue
        keys = [
            (column, field)
            for column, cell in sorted(cells.items())
            if isinstance(cell, str) and (field := column_named(cell, ("place", "metric")))
        ]
        if not keys:
            continue
        # Beside a name column, the column of codes is the key ("Mã địa bàn").
        coded = [k for k in keys if match_key("mã") in match_key(_text(cells[k[0]]))]
        key_column, key_field = (coded or keys)[0]
        end = _header_end(grid, number, key_column)
        filled = _filled(grid, range(number, end + 1))
        width = max((c for _, row in grid.rows for c in row), default=0)
        columns = []
        for column in range(1, width + 1):
            if column == key_column or any(column == k for k, _ in keys):
                continue
            parts = [filled[(r, column)] for r in range(number, end + 1) if (r, column) in filled]
            if parts:
                columns.append(_column(column, list(dict.fromkeys(parts)), catalogue))
        if not any(c.period is not None or c.metric is not None for c in columns):
            continue  # no column of figures: not this row
        named = place_level(_text(cells[key_column]))
        level = None if named is None else Level(named)
        return _Layout(key_column, key_field, level, end + 1, number, tuple(columns), title)
    return None


# -- reading ------------------------------------------------------------------------------


class _Reader:
    def __init__(self, grid: Grid, layout: _Layout, catalogue: Catalogue) -> None:
        self.grid = grid
        self.layout = layout
        self.catalogue = catalogue
        self.problems: list[Problem] = []
        self.metric: str | None = None  # the title block's

    def problem(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    def fixed(self, field: str) -> str | None:
        found = self.layout.title.get(field)
        return None if found is None else found[0]

    def title_metric(self) -> str | None:
        """The metric the title block names (a code, or a name found once), or None."""
        found = self.layout.title.get("metric")
        if found is None:
            return None
        code = _metric_of(found[0], self.catalogue)
        if code is None:
            self.problem(self.grid.where(found[1]), _no_metric(found[0]))
        return code

    def title_period(self) -> Period | None:
        found = self.layout.title.get("period")
        if found is None:
            return None
        try:
            return parse_period(found[0])
        except DanvanError as error:
            self.problem(self.grid.where(found[1]), message_of(error))
            return None

    def title_place(self, period: Period | None) -> str | None:
        found = self.layout.title.get("place")
        if found is None:
            return None
        try:
            return place_code(found[0], period=period)
        except DanvanError as error:
            self.problem(self.grid.where(found[1]), message_of(error))
            return None


def _value_given(cell: Cell | None) -> bool:
    return cell is not None and _text(cell) not in ("", *_NOT_GIVEN)


def _keys(
    reader: _Reader,
    rows: list[tuple[int, dict[int, Cell]]],
    period: Period | None,
    within: str | None,
) -> dict[int, str | None]:
    """The place or metric code of each row's key cell (None: a problem, already noted)."""
    layout, grid = reader.layout, reader.grid
    texts = {n: _text(cells.get(layout.key)) for n, cells in rows}
    found: dict[int, str | None] = {}
    if layout.key_field == "metric":
        for number, text in texts.items():
            code = _metric_of(text, reader.catalogue)
            if code is None:
                reader.problem(grid.where(number, layout.key), _no_metric(text))
            found[number] = code
        return found
    day = place_day(period)
    ambiguous: dict[int, DanvanError] = {}
    for number, text in texts.items():
        try:
            found[number] = place_code(text, period=period, within=within, level=layout.level)
        except DanvanError as error:
            found[number] = None
            ambiguous[number] = error
    # A name that fits several units is the one at the level the other rows share.
    levels = {
        reader_level
        for code in found.values()
        if code is not None and (reader_level := _level_of(code)) is not None
    }
    for number, refused in ambiguous.items():
        if len(levels) == 1:
            (level,) = levels
            resolution = resolve_cell(texts[number], day=day, within=within, level=level)
            if resolution.place is not None:
                found[number] = resolution.place.code
                continue
        reader.problem(grid.where(number, layout.key), message_of(refused))
    return found


def _no_metric(text: str) -> Message:
    return Message(
        f"{text!r} names no metric of the catalogue once; write its code (see 'danvan catalogue')",
        f"{text!r} không phải tên một chỉ tiêu trong danh mục; hãy ghi mã "
        "chỉ tiêu (xem 'danvan catalogue')",
    )


def _level_of(code: str) -> Level | None:
    from danvan._national import national_gazetteer

    places = national_gazetteer()
    return places.get(code).level if code in places else None


def read_wide(grid: Grid, catalogue: Catalogue | None = None) -> tuple[Observation, ...] | None:
    """The observations of a wide table, or None when the grid has no wide layout.

    Raises:
        LoadError: every problem of the table, each located at its cell.
    """
    catalogue = catalogue or standard_catalogue()
    layout = _layout(grid, catalogue)
    if layout is None:
        return None
    reader = _Reader(grid, layout, catalogue)
    fixed_period = reader.title_period()
    within = reader.title_place(fixed_period)
    reader.metric = reader.title_metric()
    body = [
        (number, cells)
        for number, cells in grid.rows
        if number >= layout.first_data_row and any(_text(c) for c in cells.values())
    ]
    totals = [(n, c) for n, c in body if total_row(_text(c.get(layout.key)))]
    rows = [(n, c) for n, c in body if (n, c) not in totals and _text(c.get(layout.key))]
    for number, cells in body:
        if not _text(cells.get(layout.key)) and any(
            _value_given(cells.get(col.number)) for col in layout.columns if col.field is None
        ):
            reader.problem(
                grid.where(number, layout.key),
                Message(
                    "figures in a row without a place or metric in its first cell",
                    "hàng có số liệu nhưng ô đầu không ghi địa bàn hay chỉ tiêu",
                ),
            )
    # Rows are read as of each figure's period; keys are resolved once, as of the
    # period of the table (the title's, or the latest column's).
    column_periods = [c.period for c in layout.columns if c.period is not None]
    key_period = fixed_period or (max(column_periods, key=_end_key) if column_periods else None)
    keys = _keys(reader, rows, key_period, within)
    found: list[Observation] = []
    figures: dict[int, list[tuple[int, Quantity]]] = {}  # column: (row, figure) for totals
    for number, cells in rows:
        key = keys.get(number)
        if key is None:
            continue
        place, metric = (key, None) if layout.key_field == "place" else (within, key)
        for column in layout.columns:
            if column.field is not None:
                continue
            obs = _figure(reader, number, cells, column, place, metric, fixed_period)
            if obs is not None:
                found.append(obs)
                figures.setdefault(column.number, []).append((number, obs.quantity))
    metrics = [k for k in keys.values() if k is not None]
    for number, cells in totals:
        for column in layout.columns:
            if column.field is not None or not _value_given(cells.get(column.number)):
                continue
            if layout.key_field == "place":
                place, metric = within, None
            else:  # a total of metrics is read in the unit of their parent, or the first
                place, metric = within, _parent(reader.catalogue, metrics)
            obs = _figure(reader, number, cells, column, place, metric, fixed_period, total=True)
            if obs is None:
                continue
            if layout.key_field == "place" and within is not None:
                found.append(obs)  # the titled place's own figure, reconciled with its rows
            else:
                _check_total(reader, number, column, obs.quantity, figures.get(column.number, []))
    if reader.problems:
        raise LoadError(grid.source, reader.problems)
    return tuple(found)


def _parent(catalogue: Catalogue, metrics: list[str]) -> str | None:
    """The metric every one of ``metrics`` is part of, else the first of them."""
    parents = {catalogue.get(m).parent for m in metrics if m in catalogue}
    if len(parents) == 1 and (parent := next(iter(parents))) is not None:
        return parent
    return metrics[0] if metrics else None


def _end_key(period: Period) -> pendulum.Date:
    return period.end if period.end is not None else period.start


def _figure(
    reader: _Reader,
    number: int,
    cells: dict[int, Cell],
    column: _Column,
    place: str | None,
    metric: str | None,
    fixed_period: Period | None,
    *,
    total: bool = False,
) -> Observation | None:
    """The observation of one figure cell, of the row's place or metric."""
    grid, layout = reader.grid, reader.layout
    value = cells.get(column.number)
    if not _value_given(value):
        return None
    assert value is not None
    where = grid.where(number, column.number)
    metric = column.metric or metric or reader.metric
    period = column.period or fixed_period
    if metric is None or period is None:
        reader.problem(where, _nothing_names("metric" if metric is None else "period", column))
        return None
    row: dict[str, Cell] = {"value": value, "metric": metric, "period": str(period)}
    if place is not None:
        row["place"] = place
    for field in ("unit", "organisation"):
        if (text := reader.fixed(field)) is not None:
            row[field] = text
    for other in layout.columns:
        if other.field and (text := _text(cells.get(other.number))):
            row[other.field] = text
    if total and "note" not in row:
        row["note"] = _text(cells.get(layout.key))  # "Tổng cộng": where the figure stands
    try:
        return csv_observations.observation_from_cells(
            row,
            default_id=f"{grid.prefix}-{_cell_name(number, column.number)}",
            catalogue=reader.catalogue,
        )
    except csv_observations.RowError as error:
        for field, message in error.problems:
            at = grid.where(number, layout.key) if field in ("place", "metric") else where
            reader.problem(at, message)
        return None


def _cell_name(row: int, column: int) -> str:
    from danvan._io.xlsx_stream import column_letter

    return f"{column_letter(column)}{row}"


def _nothing_names(missing: str, column: _Column) -> Message:
    header = column.header
    vi = {"metric": "chỉ tiêu", "period": "kỳ"}[missing]
    line = {"metric": "Chỉ tiêu: ...", "period": "Kỳ: ..."}[missing]
    return Message(
        f"nothing names the {missing} of this figure: its column ({header!r}), its row and "
        f"the title block do not; add a line '{line}' above the header",
        f"không có gì cho biết {vi} của số liệu này: cột ({header!r}), hàng và phần tiêu đề "
        f"đều không ghi; hãy thêm dòng '{line}' phía trên dòng tiêu đề",
    )


def _check_total(
    reader: _Reader,
    number: int,
    column: _Column,
    stated: Quantity,
    rows: Sequence[tuple[int, Quantity]],
) -> None:
    """A total that its rows cannot add up to is a problem at its cell."""
    where = reader.grid.where(number, column.number)
    if not rows:
        return
    try:
        summed = total([q for _, q in rows])
        # The rows are the whole table: complete parts, checked by the one breakdown rule.
        agrees = parts_consistent(stated, summed, complete=True)
    except UnitMismatchError:
        reader.problem(
            where,
            Message(
                "a total of figures in different units cannot be checked; delete it "
                "(danvan adds the rows itself)",
                "không thể kiểm tra tổng của các số liệu khác đơn vị; hãy xoá dòng tổng "
                "(danvan tự cộng các hàng)",
            ),
        )
        return
    if agrees:
        return
    first, last = rows[0][0], rows[-1][0]
    reader.problem(
        where,
        Message(
            f"the total says {stated:en}, but rows {first} to {last} add up to {summed:en}; "
            "correct the sheet, or name the place the table covers ('Địa bàn: ...' above "
            "the header) so that the total is kept as its figure and reconciled",
            f"dòng tổng ghi {stated}, nhưng các hàng {first} đến {last} cộng lại được "
            f"{summed}; hãy sửa bảng, hoặc ghi địa bàn của bảng ('Địa bàn: ...' phía trên "
            "dòng tiêu đề) để giữ dòng tổng làm số liệu của địa bàn đó và đối chiếu",
        ),
    )


def read_csv(path: Path, catalogue: Catalogue | None = None) -> tuple[Observation, ...] | None:
    """The observations of a CSV file holding a wide table, or None when its first line
    is the header of a long table (one figure a row), or it holds no wide table.

    Raises:
        LoadError: the file cannot be decoded or parsed as CSV, or the table's problems.
        OSError: the file cannot be read.
    """
    source = str(path)
    with path.open("rb") as stream:
        rows = csv_observations.table_rows(
            stream,
            source,
            Message("expected a header line or a table", "cần dòng tiêu đề hoặc một bảng"),
        )
        lines: list[tuple[int, dict[int, Cell]]] = []
        for line, cells in rows:
            if isinstance(cells, LoadError):
                if not lines:
                    return None  # no header at all: the long reader says so
                raise cells
            if not lines:
                columns, _ = csv_observations.header(cells)
                if "metric" in columns and "value" in columns:
                    return None  # a long table: one figure a row
            lines.append((line, {i + 1: c for i, c in enumerate(cells) if c.strip()}))
    prefix = "-".join(path.stem.split()) or "row"
    return read_wide(Grid(source=source, prefix=prefix, rows=tuple(lines)), catalogue)
