"""The flat records as table rows: places, organisations, documents, sources and metrics.

One record a row and one column a field, named as the field is (and as the JSON key is).
The rules are those of the observations table (`danvan._io.csv_observations`): UTF-8
with or without a BOM, comma or semicolon between cells (whichever the header line holds
more of), cells read in NFC, formula cells neutralised on export and restored on import, and every
problem of a file reported together, at ``line N, column "name"``.

Cells hold:

- text as it is (free text keeps its spaces); codes, ids, enum values, dates and units
  lose surrounding spaces;
- enum members by value ("province", "police", "directive");
- dates as "1-11-2016", "01/11/2016" or ISO (written ISO);
- units by code or word (written as the code);
- a place's aliases joined by "; " ("Giao Thuỷ; Giao Thủy");
- a place's successors as ``kind:target@date`` joined by "; "
  ("merged-into:37@2025-07-01").

An empty cell (or a missing column) leaves a field at its default; a field without one
(a record's key, a name) must be given. Only the records themselves are checked: whether
references resolve (a place's parent, a metric's parent) is for `Gazetteer`, `Catalogue`
and `Dataset` to say, since a file may hold only part of the set (the metrics a user adds
to the standard catalogue).

>>> from danvan import seed_gazetteer
>>> cells = table("places").cells(seed_gazetteer().get("36"))
>>> cells["name"], cells["level"], cells["valid_to"], cells["successors"]
('Nam Định', 'province', '2025-06-30', 'merged-into:37@2025-07-01')
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import pendulum

from danvan._dates import parse_date
from danvan._digits import foreign_digit, foreign_digit_message
from danvan._documents import Document, DocumentKind
from danvan._fields import record_name
from danvan._io import csv_observations
from danvan._io.formulas import neutralise, restore
from danvan._lang import Message
from danvan._metrics import Aggregation, Breakdown, Counting, Metric
from danvan._observations import Source, SourceKind
from danvan._organisations import Organisation, OrganisationKind
from danvan._places import Level, Place, Succession, SuccessionKind
from danvan._text import nfc
from danvan._units import Unit, unit
from danvan.errors import DanvanError, InvalidValueError, LoadError, Problem

__all__ = ["KINDS", "Column", "Table", "read_records", "table", "write_records"]

# --- columns -------------------------------------------------------------------------------


def _same(text: str) -> str:
    return text


def _plain(value: str | None) -> str:
    return "" if value is None else value


def _iso(value: pendulum.Date | None) -> str:
    return "" if value is None else value.isoformat()


def _unit_code(value: Unit | None) -> str:
    return "" if value is None else value.code


def _value(member: enum.Enum) -> str:
    return str(member.value)


def _member(enum_type: type[enum.Enum]) -> Callable[[str], enum.Enum]:
    def read(text: str) -> enum.Enum:
        for member in enum_type:
            if member.value == text.casefold():
                return member
        known = ", ".join(repr(m.value) for m in enum_type)
        raise InvalidValueError(
            Message(
                f"unknown value {text!r}; expected one of {known}",
                f"không rõ giá trị {text!r}; hãy ghi một trong {known}",
            )
        )

    return read


def _aliases(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(";") if part.strip())


def _join_aliases(aliases: tuple[str, ...]) -> str:
    for alias in aliases:
        if ";" in alias:
            raise InvalidValueError(
                f"the alias {alias!r} holds a ';', which separates aliases in a table cell"
            )
    return "; ".join(aliases)


_LINK_KINDS = {kind.value: kind for kind in SuccessionKind}


_KIND_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-")


def split_link(part: str) -> tuple[str, str, str] | None:
    """Kind, target and date of one successor link ("merged-into: 37 @ 2025-07-01"), or None.

    Cut with string operations at the first ":" and the first "@" after it, so the time
    is linear in the text (a regular expression with three quantifiers that could all
    take the same spaces took cubic time).
    """
    kind, colon, rest = part.partition(":")
    kind = kind.strip()
    if not colon or not kind or not all(ch in _KIND_LETTERS for ch in kind):
        return None
    target, at, date = rest.partition("@")
    date = date.strip()
    if not at or "\n" in date:
        return None
    return kind, target.strip(), date


def _successors(text: str) -> tuple[Succession, ...]:
    links: list[Succession] = []
    problems: list[str] = []
    for part in (part.strip() for part in text.split(";")):
        if not part:
            continue
        match = split_link(part)
        if match is None:
            problems.append(
                f"a successor link is written kind:target@date, as merged-into:37@2025-07-01, "
                f"got {part!r}"
            )
            continue
        kind = _LINK_KINDS.get(match[0].casefold())
        if kind is None:
            problems.append(
                f"unknown succession kind {match[0]!r} in {part!r}; expected one of "
                + ", ".join(_LINK_KINDS)
            )
            continue
        try:
            links.append(Succession(kind=kind, target=match[1], date=parse_date(match[2])))
        except DanvanError as error:
            problems.append(f"{error} (in {part!r})")
    if problems:
        raise InvalidValueError("; ".join(problems))
    return tuple(links)


def _join_successors(links: tuple[Succession, ...]) -> str:
    return "; ".join(f"{s.kind.value}:{s.target}@{s.date.isoformat()}" for s in links)


@attrs.frozen
class Column:
    """How one field is read from a cell and written to one.

    ``read`` gets the cell's text, never empty: an empty cell leaves the field at its
    default. ``code`` columns lose surrounding spaces; free text keeps them.
    """

    name: str
    read: Callable[[str], Any] = _same
    write: Callable[[Any], str] = _plain
    code: bool = False
    figures: bool = False
    """Whether the cell holds dates or figures, written with the digits 0-9."""


def _code(name: str) -> Column:
    return Column(name, code=True)


def _enum(name: str, enum_type: type[enum.Enum]) -> Column:
    return Column(name, _member(enum_type), _value, code=True)


def _date(name: str) -> Column:
    return Column(name, parse_date, _iso, code=True, figures=True)


# --- tables --------------------------------------------------------------------------------


@attrs.frozen
class Table:
    """The columns of one kind of record, and the column that keys it."""

    kind: str
    record: type[Any]
    key: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """The column names, in the order they are written."""
        return tuple(column.name for column in self.columns)

    @property
    def required(self) -> frozenset[str]:
        """The columns of fields without a default: the header must name them."""
        return frozenset(f.name for f in attrs.fields(self.record) if f.default is attrs.NOTHING)

    def cells(self, record: Any) -> dict[str, str]:
        """The cells of a record's row, as written (NFC, formulas neutralised).

        Raises:
            InvalidValueError: a field cannot be written to a cell and read back
                exactly; ``where`` names the record and field.
        """
        cells: dict[str, str] = {}
        for column in self.columns:
            where = f"{record_name(record)}[{getattr(record, self.key)}].{column.name}"
            try:
                text = column.write(getattr(record, column.name))
            except DanvanError as error:
                raise InvalidValueError(str(error), where=where) from None
            if "\x00" in text:
                raise InvalidValueError(
                    "holds a NUL character, which a CSV file cannot carry", where=where
                )
            cells[column.name] = neutralise(nfc(text))
        # Read the row back, as the file will be: what a cell cannot hold is refused now
        # rather than found changed later.
        back, problems = self.record_from(cells)
        name = f"{record_name(record)}[{getattr(record, self.key)}]"
        if problems:
            field, message = problems[0]
            raise InvalidValueError(
                f"cannot be written to a table and read back: {message}",
                where=f"{name}.{field or self.key}",
            )
        if back != record:
            field = next(
                (c.name for c in self.columns if getattr(record, c.name) != getattr(back, c.name)),
                self.key,
            )
            raise InvalidValueError(
                f"{getattr(record, field)!r} cannot be written to a table without loss (it "
                f"reads back as {getattr(back, field)!r}); keep such records in a .json dataset",
                where=f"{name}.{field}",
            )
        return cells

    def record_from(self, cells: Mapping[str, str]) -> tuple[Any, list[tuple[str, str]]]:
        """The record a row describes, or None and the row's problems by column.

        Args:
            cells: The row's cells by column name, as the file holds them; a column
                missing here leaves its field at the default (or is required).

        Returns:
            ``(record, [])``, or ``(None, [(column, message), ...])``; the column is ""
            for a problem of the row as a whole.
        """
        problems: list[tuple[str, str]] = []
        fields: dict[str, Any] = {}
        required = self.required
        for column in self.columns:
            if column.name not in cells and column.name not in required:
                continue
            # A short row leaves its last cells out: a required one reads as empty.
            text = nfc(restore(cells.get(column.name, "")))
            if column.code:
                text = text.strip()
            if not text:
                if column.name in required:
                    problems.append((column.name, "is required, but the cell is empty"))
                continue
            digit = foreign_digit(text) if column.figures else None
            if digit is not None:
                problems.append((column.name, foreign_digit_message(digit)))
                continue
            try:
                fields[column.name] = column.read(text)
            except DanvanError as error:
                problems.append((column.name, str(error)))
        if problems:
            return None, problems
        try:
            return self.record(**fields), []
        except DanvanError as error:
            # The record's own rules name the field last: "place[36].valid_to".
            field = (getattr(error, "where", None) or "").rsplit(".", 1)[-1]
            return None, [(field if field in self.names else "", str(error))]


KINDS: dict[str, Table] = {
    "places": Table(
        "places",
        Place,
        "code",
        (
            _code("code"),
            Column("name"),
            _enum("level", Level),
            Column("kind"),
            _code("parent"),
            _date("valid_from"),
            _date("valid_to"),
            Column("aliases", _aliases, _join_aliases, code=True),
            Column("successors", _successors, _join_successors, code=True, figures=True),
        ),
    ),
    "organisations": Table(
        "organisations",
        Organisation,
        "id",
        (
            _code("id"),
            Column("name"),
            _enum("kind", OrganisationKind),
            _code("parent"),
            _code("place"),
            Column("name_en"),
            Column("note"),
        ),
    ),
    "documents": Table(
        "documents",
        Document,
        "id",
        (
            _code("id"),
            _enum("kind", DocumentKind),
            _code("number"),
            Column("issuer"),
            _date("date"),
            Column("title"),
            Column("note"),
        ),
    ),
    "sources": Table(
        "sources",
        Source,
        "id",
        (
            _code("id"),
            Column("title"),
            _enum("kind", SourceKind),
            Column("publisher"),
            _date("date"),
            Column("url"),
            _code("document"),
            Column("note"),
        ),
    ),
    "metrics": Table(
        "metrics",
        Metric,
        "code",
        (
            _code("code"),
            Column("name_vi"),
            Column("name_en"),
            Column("unit", unit, _unit_code, code=True),
            _enum("counts", Counting),
            _enum("aggregation", Aggregation),
            _code("parent"),
            _enum("breakdown", Breakdown),
            _code("numerator"),
            _code("denominator"),
            Column("description"),
        ),
    ),
}
"""The table of each kind of record, by its kind."""
_BY_TYPE = {t.record: t for t in KINDS.values()}


def table(kind: str | type[Any]) -> Table:
    """The table of a kind: "places" (or `Place`), "organisations", "documents", "sources",
    "metrics".

    Raises:
        InvalidValueError: not one of these.
    """
    if isinstance(kind, str) and kind in KINDS:
        return KINDS[kind]
    if isinstance(kind, type) and kind in _BY_TYPE:
        return _BY_TYPE[kind]
    known = ", ".join(repr(k) for k in KINDS)
    types = ", ".join(t.__name__ for t in _BY_TYPE)
    raise InvalidValueError(
        f"must be one of {known} or the record type ({types}), got {kind!r}", where="kind"
    )


# --- reading -------------------------------------------------------------------------------


def _header(names: Sequence[str], of: Table) -> tuple[list[str | None], list[Problem]]:
    """The column of each position of the header line, and the header's problems."""
    columns: list[str | None] = []
    problems: list[Problem] = []
    for index, name in enumerate(names):
        text = restore(nfc(name)).strip().casefold()
        if not text:
            columns.append(None)
            continue
        where = f"line 1, column {index + 1}"
        if text not in of.names:
            problems.append(
                Problem(
                    where,
                    Message(
                        f"unknown column {name!r}; the columns of {of.kind} are "
                        f"{', '.join(of.names)}",
                        f"không rõ cột {name!r}; các cột của bảng {of.kind} là "
                        f"{', '.join(of.names)}",
                    ),
                )
            )
        elif text in columns:
            problems.append(
                Problem(
                    where,
                    Message(f"column {text!r} appears twice", f"cột {text!r} xuất hiện hai lần"),
                )
            )
        columns.append(text)
    for name in of.names:  # in column order, so that messages come out in a stable order
        if name in of.required and name not in columns:
            problems.append(
                Problem(
                    "line 1",
                    Message(
                        f"the header has no {name!r} column",
                        f"dòng tiêu đề không có cột {name!r}",
                    ),
                )
            )
    return columns, problems


def _row(
    cells: list[str], columns: list[str | None], line: int, of: Table
) -> tuple[Any, list[Problem]]:
    named, problems = csv_observations.named_cells(cells, columns, line)
    record, found = of.record_from(named)
    problems.extend(csv_observations.line_problems(line, found))
    return (None if problems else record), problems


def read_records(path: Path, kind: str | type[Any]) -> tuple[Any, ...]:
    """Every record of a CSV file of ``kind``.

    Raises:
        LoadError: every problem of the file, keys used twice included.
        InvalidValueError: ``kind`` is not a kind of record a table holds.
        OSError: the file cannot be read.
    """
    of = table(kind)
    source = str(path)
    problems: list[Problem] = []
    found: list[tuple[int, Any]] = []
    with path.open("rb") as stream:
        rows = csv_observations.table_rows(
            stream,
            source,
            Message(
                f"expected a header line naming the columns of {of.kind}",
                f"cần dòng tiêu đề ghi tên các cột của bảng {of.kind}, nhưng tệp trống",
            ),
        )
        _, names = next(rows)
        if isinstance(names, LoadError):
            raise names
        columns, header_problems = _header(names, of)
        if header_problems:
            raise LoadError(source, header_problems)
        for line, cells in rows:
            if isinstance(cells, LoadError):
                problems.extend(cells.problems)
                continue
            record, row_problems = _row(cells, columns, line, of)
            problems.extend(row_problems)
            if record is not None:
                found.append((line, record))
    first_line: dict[object, int] = {}
    noun = f"{of.record.__name__.lower()} {of.key}"
    for number, record in found:
        key = getattr(record, of.key)
        if key in first_line:
            problems.append(
                Problem(
                    f'line {number}, column "{of.key}"',
                    Message(
                        f"{noun} {key!r} is used again (first on line {first_line[key]})",
                        f"{of.key} {key!r} bị dùng lại (lần đầu ở dòng {first_line[key]})",
                    ),
                )
            )
        else:
            first_line[key] = number
    if problems:
        raise LoadError(source, problems)
    return tuple(record for _, record in found)


# --- writing -------------------------------------------------------------------------------


def write_records(records: Iterable[Any], kind: str | type[Any], *, delimiter: str = ",") -> str:
    """The CSV text of ``records`` of ``kind``: a header line, then a line each (CRLF).

    Raises:
        InvalidValueError: a record is not of ``kind`` or cannot be written without
            loss, or the delimiter is not "," or ";".
    """
    of = table(kind)
    if delimiter not in (",", ";"):
        raise InvalidValueError(f"must be ',' or ';', got {delimiter!r}", where="delimiter")
    lines = [csv_observations.csv_line(of.names, delimiter)]
    for index, record in enumerate(records):
        if not isinstance(record, of.record):
            raise InvalidValueError(
                f"must be a {of.record.__name__} like the other {of.kind}, got "
                f"{type(record).__name__}",
                where=f"records[{index}]",
            )
        cells = of.cells(record)
        lines.append(csv_observations.csv_line([cells[name] for name in of.names], delimiter))
    return "".join(lines)
