"""The cells of an Excel workbook (.xlsx), streamed from its zip and XML parts.

A workbook is a zip file of XML parts: the workbook (its sheets), relationships (which
part holds which sheet), shared strings (the text of cells), styles (which numbers are
dates) and one part per sheet. This module reads them with the standard library alone:
``zipfile`` and the expat XML parser, fed a slice at a time.

What it costs is bounded by what the sheet holds, not by where: only the ``<row>`` and
``<c>`` elements in the file are read, so a stray cell at row 1048576 or a merge down a
whole column costs nothing. Memory holds the shared strings (as Python text: at worst,
for very many one-letter strings, about 3.5 bytes per byte of their XML) and the rows of
one slice of XML; time is linear in the size of the parts. A part larger than `MAX_PART_BYTES`
(uncompressed, as its zip entry declares; zipfile stops reading past it) is refused
before it is read, so a small file that unpacks to gigabytes is refused too.

Every problem is a `danvan.errors.LoadError` naming the file: a damaged zip, a missing
part, XML that does not parse (a DOCTYPE or entity is refused outright), a cell that
names a shared string that is not there.
"""

from __future__ import annotations

import datetime as _dt
import math
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import IO, Any
from xml.parsers import expat

from danvan._lang import Message
from danvan.errors import LoadError, Problem

__all__ = [
    "MAX_PART_BYTES",
    "ErrorCell",
    "Sheet",
    "Uncomputed",
    "Workbook",
    "column_letter",
]

MAX_PART_BYTES = 512 * 1024 * 1024
"""The largest part (a sheet's XML, the shared strings) read, uncompressed: 512 MiB.

A sheet of a million rows of fifteen filled cells is about 400 MiB of XML; beyond this,
save the sheet as CSV, which is read as a stream of any length."""

MAX_ROW = 1_048_576
MAX_COLUMN = 16_384
_CHUNK = 1 << 16
_PACKAGE_RELS = "_rels/.rels"
_DEFAULT_WORKBOOK = "xl/workbook.xml"


def damaged(why: str) -> Message:
    """The problem of a workbook that cannot be read: ``why`` is a technical detail
    (kept as it is), or a `Message` saying what to do."""
    vi = why.vi if isinstance(why, Message) else f"chi tiết kỹ thuật: {why}"
    return Message(
        f"not a readable .xlsx workbook ({why})",
        f"không phải sổ Excel .xlsx đọc được ({vi}); hãy mở bằng Excel hoặc LibreOffice "
        "và lưu lại thành .xlsx",
    )


_OLE = b"\xd0\xcf\x11\xe0"


class ErrorCell:
    """A cell holding a formula's error ("#DIV/0!", "#N/A")."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


class Uncomputed:
    """A formula cell saved without its computed value (a workbook written by a program)."""

    __slots__ = ("formula",)

    def __init__(self, formula: str) -> None:
        self.formula = formula


class MonthOrYear(_dt.datetime):
    """A date cell whose number format shows only its month ("mm/yyyy", "mmm-yy") or its
    year ("yyyy"): a reader of the sheet sees "06/2023", not the 1 June it holds."""

    shows: str
    """ "month" or "year"."""

    @classmethod
    def of(cls, moment: _dt.datetime, shows: str) -> MonthOrYear:
        found = cls(moment.year, moment.month, moment.day, moment.hour, moment.minute)
        found.shows = shows
        return found


Value = str | int | float | bool | _dt.datetime | _dt.time | ErrorCell | Uncomputed
"""A cell's value: text, a number, a true/false, a date (and time) or time, or a marker."""


def column_letter(column: int) -> str:
    """The letters of a column number: 1 → "A", 28 → "AB"."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")


def _split_ref(ref: str) -> tuple[int, int] | None:
    """(row, column) of a cell reference such as "AB12", or None if it is not one."""
    match = _REF.fullmatch(ref)
    if match is None:
        return None
    column = 0
    for letter in match[1]:
        column = column * 26 + ord(letter) - 64
    return int(match[2]), column


def _unescape(text: str) -> str:
    """Decode the ``_xHHHH_`` escapes Excel writes for characters XML cannot hold."""
    if "_x" not in text:
        return text
    out: list[str] = []
    start = 0
    index = text.find("_x")
    while index >= 0:
        code = text[index + 2 : index + 6]
        if (
            len(code) == 4
            and text[index + 6 : index + 7] == "_"
            and all(c in "0123456789abcdefABCDEF" for c in code)
        ):
            out.append(text[start:index])
            out.append(chr(int(code, 16)))
            start = index + 7
            index = text.find("_x", start)
        else:
            index = text.find("_x", index + 1)
    out.append(text[start:])
    return "".join(out)


_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f]|_x[0-9A-Fa-f]{4}_")


def escape(text: str) -> str:
    """Text as a workbook holds it: what XML cannot carry, and literal escapes, escaped.

    Control characters (a carriage return among them, which XML reads as a line feed)
    are written ``_xHHHH_``, as Excel writes them; a literal ``_xHHHH_`` in the text
    has its ``_`` written ``_x005F_``, so that it reads back as itself.

    >>> escape("a_x0041_b"), escape("line\\r\\nnext")
    ('a_x005F_x0041_b', 'line_x000D_\\nnext')
    """

    def one(match: re.Match[str]) -> str:
        found = match[0]
        return "_x005F_" + found[1:] if len(found) > 1 else f"_x{ord(found):04X}_"

    return _UNSAFE.sub(one, text) if ("_x" in text or not text.isprintable()) else text


# --- XML, fed a slice at a time ---------------------------------------------------------------


def _local(name: str) -> str:
    """An element or attribute name without its namespace prefix ("x:row" → "row")."""
    return name[name.index(":") + 1 :] if ":" in name else name


def _attribute(attributes: dict[str, str], name: str) -> str | None:
    for key, value in attributes.items():
        if _local(key) == name:
            return value
    return None


class _RefusedError(Exception):
    """A construct no workbook part holds (a DOCTYPE, an entity), refused while parsing."""


def _parser(
    start: Callable[[str, dict[str, str]], None] | None,
    end: Callable[[str], None] | None,
    text: Callable[[str], None] | None,
) -> Any:
    # Names are matched without their prefix: parts written with "x:row" read as those
    # with "row" (namespaces are not resolved, which costs a third of the time).
    parser = expat.ParserCreate()
    parser.buffer_text = True

    def refuse(*_: object) -> None:
        raise _RefusedError("a DOCTYPE or entity declaration, which no workbook part holds")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    if start is not None:
        parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    return parser


class Workbook:
    """An open workbook: its sheets, shared strings and date styles.

    Args:
        stream: The file, opened for reading in binary.
        source: The file's name, for problems.

    Raises:
        LoadError: the file is not a workbook danvan can read, or is damaged.
    """

    def __init__(self, stream: IO[bytes], source: str) -> None:
        self.source = source
        try:
            self.zip = zipfile.ZipFile(stream)
        except (
            zipfile.BadZipFile,
            OSError,
            ValueError,
            EOFError,
            RuntimeError,
            NotImplementedError,  # a zip feature zipfile lacks (a newer format version)
        ) as error:
            stream.seek(0)
            detail = f"{type(error).__name__}: {error}"
            if stream.read(4) == _OLE:
                raise self.damaged(
                    Message(
                        f"{detail}; this is an old .xls workbook or a password-protected one: "
                        "save it as .xlsx without a password",
                        "đây là sổ .xls cũ hoặc sổ có mật khẩu: hãy lưu lại thành .xlsx, không "
                        "đặt mật khẩu",
                    )
                ) from None
            raise self.damaged(detail) from None
        self.names = {name.lower(): name for name in self.zip.namelist()}
        workbook_part = self._package_target()
        self.sheets: list[tuple[str, str | None]] = []
        self.date1904 = False
        rels = self._relationships(workbook_part)
        self._read_workbook(workbook_part, rels)
        strings = next((t for kind, t in rels.values() if kind == "sharedStrings"), None)
        styles = next((t for kind, t in rels.values() if kind == "styles"), None)
        # Both parts are optional; a cell naming a string that is not there says so.
        self.strings = self._read_strings(strings) if strings and self._has(strings) else []
        self.date_styles = self._read_styles(styles) if styles and self._has(styles) else {}

    def damaged(self, why: str, where: str = "file") -> LoadError:
        """The error for a workbook that cannot be read (``why``: a technical detail, or
        a `Message` readers can act on)."""
        return LoadError(self.source, [Problem(where, damaged(why))])

    # --- parts ---

    def _has(self, part: str) -> bool:
        return self._member(part) is not None

    def _member(self, part: str) -> str | None:
        return self.names.get(part.lstrip("/").lower())

    def _open(self, part: str) -> IO[bytes]:
        name = self._member(part)
        if name is None:
            raise self.damaged(f"its part {part!r} is missing")
        size = self.zip.getinfo(name).file_size
        if size > MAX_PART_BYTES:
            raise LoadError(
                self.source,
                [
                    Problem(
                        "file",
                        Message(
                            f"the part {part!r} is {size / 2**20:.0f} MiB of XML, more than "
                            f"the {MAX_PART_BYTES // 2**20} MiB danvan reads from a workbook; "
                            "save the sheet as CSV, which is read as a stream of any length",
                            f"phần {part!r} của sổ có {size / 2**20:.0f} MiB XML, quá "
                            f"{MAX_PART_BYTES // 2**20} MiB danvan đọc từ một sổ Excel; hãy "
                            "lưu trang tính thành CSV, tệp CSV dài bao nhiêu cũng đọc được",
                        ),
                    )
                ],
            )
        try:
            return self.zip.open(name)
        except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError) as e:
            raise self.damaged(f"{part}: {type(e).__name__}: {e}") from None

    def parse(
        self,
        part: str,
        start: Callable[[str, dict[str, str]], None] | None = None,
        end: Callable[[str], None] | None = None,
        text: Callable[[str], None] | None = None,
    ) -> Iterator[None]:
        """Parse ``part``, calling the handlers; yields after each slice of XML is fed."""
        parser = _parser(start, end, text)
        stream = self._open(part)
        try:
            with stream:
                while True:
                    chunk = stream.read(_CHUNK)
                    parser.Parse(chunk, not chunk)
                    yield
                    if not chunk:
                        return
        except expat.ExpatError as error:
            raise self.damaged(
                f"{part}, line {error.lineno}, column {error.offset + 1}: the XML is damaged: "
                f"{expat.errors.messages.get(error.code, error)}"
            ) from None
        except _RefusedError as error:
            raise self.damaged(f"{part} holds {error}") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError) as error:
            raise self.damaged(f"{part}: {type(error).__name__}: {error}") from None
        except NotImplementedError as error:  # a compression method zipfile lacks
            raise self.damaged(f"{part}: {error}") from None

    def _run(self, part: str, **handlers: Any) -> None:
        for _ in self.parse(part, **handlers):
            pass

    def _package_target(self) -> str:
        """The workbook part the package names (xl/workbook.xml in every file seen)."""
        if self._member(_PACKAGE_RELS) is None:
            return _DEFAULT_WORKBOOK
        for kind, target in self._relationships("", _PACKAGE_RELS).values():
            if kind == "officeDocument":
                return target
        return _DEFAULT_WORKBOOK

    def _relationships(self, part: str, rels: str | None = None) -> dict[str, tuple[str, str]]:
        """Id → (type's last word, target part) of the relationships of ``part``."""
        folder = posixpath.dirname(part)
        if rels is None:
            rels = posixpath.join(folder, "_rels", posixpath.basename(part) + ".rels")
        found: dict[str, tuple[str, str]] = {}
        if self._member(rels) is None:
            return found

        def start(name: str, attrs: dict[str, str]) -> None:
            name = _local(name)
            if name != "Relationship" or attrs.get("TargetMode") == "External":
                return
            target = attrs.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else f"{folder}/{target}"
            kind = attrs.get("Type", "").rsplit("/", 1)[-1]
            found[attrs.get("Id", "")] = (kind, posixpath.normpath(path).lstrip("/"))

        self._run(rels, start=start)
        return found

    def _read_workbook(self, part: str, rels: dict[str, tuple[str, str]]) -> None:
        def start(name: str, attrs: dict[str, str]) -> None:
            name = _local(name)
            if name == "workbookPr":
                self.date1904 = attrs.get("date1904", "").lower() in ("1", "true")
            elif name == "sheet":
                relation = rels.get(_attribute(attrs, "id") or "")
                target = relation[1] if relation and relation[0] == "worksheet" else None
                self.sheets.append((attrs.get("name", ""), target))

        self._run(part, start=start)

    def _read_strings(self, part: str) -> list[str]:
        strings: list[str] = []
        pieces: list[str] = []
        depth = {"t": 0, "rPh": 0}

        def start(name: str, _: dict[str, str]) -> None:
            name = _local(name)
            if name in depth:
                depth[name] += 1
            elif name == "si":
                pieces.clear()

        def end(name: str) -> None:
            name = _local(name)
            if name in depth:
                depth[name] -= 1
            elif name == "si":
                strings.append(_unescape("".join(pieces)))

        def text(data: str) -> None:
            if depth["t"] and not depth["rPh"]:  # phonetic runs are not the cell's text
                pieces.append(data)

        self._run(part, start=start, end=end, text=text)
        return strings

    def _read_styles(self, part: str) -> dict[int, str]:
        """Style index → what the style shows of a date: "day", "month", "year" or "time"."""
        formats: dict[int, str] = {}
        cell_formats: list[int] = []
        inside = {"cellXfs": False}

        def start(name: str, attrs: dict[str, str]) -> None:
            name = _local(name)
            if name == "numFmt":
                number = _int(attrs.get("numFmtId"))
                if number is not None:
                    formats[number] = attrs.get("formatCode", "")
            elif name == "cellXfs":
                inside["cellXfs"] = True
            elif name == "xf" and inside["cellXfs"]:
                cell_formats.append(_int(attrs.get("numFmtId")) or 0)

        def end(name: str) -> None:
            name = _local(name)
            if name == "cellXfs":
                inside["cellXfs"] = False

        self._run(part, start=start, end=end)
        found: dict[int, str] = {}
        for index, number in enumerate(cell_formats):
            kind = _date_kind(number, formats.get(number))
            if kind is not None:
                found[index] = kind
        return found

    # --- sheets ---

    def sheet(self, name: str | None) -> Sheet:
        """The sheet named ``name``; by default the one named "observations", else the first.

        Raises:
            LoadError: no such sheet, or it is a chart.
        """
        names = [n for n, _ in self.sheets]
        if name is None:
            chosen = next(
                (s for s in self.sheets if s[0].strip().casefold() == "observations" and s[1]),
                next((s for s in self.sheets if s[1]), None),
            )
            if chosen is None:
                raise self.damaged("it has no worksheet")
        else:
            chosen = next((s for s in self.sheets if s[0] == name), None)
            if chosen is None:
                raise LoadError(
                    self.source,
                    [
                        Problem(
                            f"sheet {name!r}",
                            Message(
                                f"no such sheet; the sheets are {names}",
                                f"không có trang tính này; các trang tính là {names}",
                            ),
                        )
                    ],
                )
            if chosen[1] is None:
                raise LoadError(
                    self.source,
                    [
                        Problem(
                            f"sheet {name!r}",
                            Message(
                                "is a chart, not a worksheet", "là biểu đồ, không phải trang tính"
                            ),
                        )
                    ],
                )
        assert chosen[1] is not None
        return Sheet(self, chosen[0], chosen[1])


def _int(text: str | None) -> int | None:
    return int(text) if text is not None and text.isascii() and text.isdigit() else None


# Excel's built-in number formats that show dates (and times), and times alone.
_BUILTIN_DATES = frozenset({*range(14, 18), 22, *range(27, 37), *range(50, 59)})
_BUILTIN_TIMES = frozenset({*range(18, 22), *range(45, 48)})


def _date_kind(number: int, code: str | None) -> str | None:
    """What a number format shows of a date: "day", "month" (mm/yyyy, mmm-yy), "year"
    (yyyy), "time" (a time alone), or None (not a date)."""
    if number == 17:  # mmm-yy: what Excel makes of "6/2023" typed in a cell
        return "month"
    if number in _BUILTIN_DATES:
        return "day"
    if number in _BUILTIN_TIMES:
        return "time"
    if not code:
        return None
    section = _visible(code.split(";", 1)[0]).lower()
    timed = any(ch in section for ch in "hs")
    if "d" in section:
        return "day"
    if "y" in section and "m" in section and not timed:
        return "month"
    if "y" in section and not timed:
        return "year"
    if "m" in section and not timed:
        return "day"  # a month alone ("mmmm"): the date is all a reader can take
    if timed:
        return "time"
    return None


def _visible(code: str) -> str:
    """A format code without its quoted text, [colours and locales] and escaped characters."""
    out: list[str] = []
    index = 0
    while index < len(code):
        ch = code[index]
        if ch == '"':
            close = code.find('"', index + 1)
            index = len(code) if close < 0 else close + 1
        elif ch == "[":
            close = code.find("]", index + 1)
            index = len(code) if close < 0 else close + 1
        elif ch in "\\_*":  # an escaped character, or padding by the next one
            index += 2
        else:
            out.append(ch)
            index += 1
    return "".join(out)


_WINDOWS_EPOCH = _dt.datetime(1899, 12, 30)
_MAC_EPOCH = _dt.datetime(1904, 1, 1)
_NUMBER_CHARS = frozenset("0123456789+-.eE")


def _number(text: str) -> int | float | None:
    """The number a cell's text holds, as openpyxl reads it (an int unless it has . or E)."""
    if not text or not set(text) <= _NUMBER_CHARS:
        return None
    try:
        if "." in text or "e" in text or "E" in text:
            return float(text)
        return int(text)
    except ValueError:
        return None


def _from_serial(serial: float, date1904: bool) -> _dt.datetime | _dt.time | None:
    """The date (and time) of an Excel serial number, as openpyxl reads it; None if none."""
    if not math.isfinite(serial) or serial < 0 or serial > 2_958_466:  # after 9999-12-31
        return None
    epoch = _MAC_EPOCH if date1904 else _WINDOWS_EPOCH
    if not date1904 and 0 < serial < 60:
        epoch += _dt.timedelta(days=1)  # Excel counts a 29 February 1900 that never was
    day, fraction = divmod(serial, 1)
    moment = _dt.timedelta(milliseconds=round(fraction * 86_400_000))
    if serial < 1 and moment.days == 0:
        return (_dt.datetime.min + moment).time()
    return epoch + _dt.timedelta(days=day) + moment


Row = list[tuple[int, Value]]
"""The cells of a row that hold something, as (column number, value), left to right."""


class Sheet:
    """One worksheet: its merged ranges and its rows, read as a stream."""

    def __init__(self, book: Workbook, name: str, part: str) -> None:
        self.book = book
        self.name = name
        self.part = part

    def merges(self) -> list[tuple[int, int, int, int]]:
        """Every merged range, as (first row, first column, last row, last column).

        Merges are written after the rows: the part is first searched for the word, and
        parsed for the ranges only if it is there.
        """
        if not self._mentions(b"mergeCell"):
            return []
        found: list[tuple[int, int, int, int]] = []

        def start(name: str, attrs: dict[str, str]) -> None:
            name = _local(name)
            if name != "mergeCell":
                return
            first, _, last = attrs.get("ref", "").partition(":")
            a, b = _split_ref(first), _split_ref(last or first)
            if a is not None and b is not None:
                found.append((min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])))

        self.book._run(self.part, start=start)
        return found

    def _mentions(self, word: bytes) -> bool:
        tail = b""
        with self.book._open(self.part) as stream:
            try:
                while chunk := stream.read(_CHUNK):
                    if word in tail + chunk:
                        return True
                    tail = chunk[-len(word) :]
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
                raise self.book.damaged(f"{self.part}: {type(error).__name__}: {error}") from None
        return False

    def rows(self) -> Iterator[tuple[int, Row, list[Problem]]]:
        """Each row holding a cell with something in it: its number, cells and problems.

        Rows come in the order of the file, which Excel writes top to bottom.
        """
        reader = _RowReader(self)
        for _ in self.book.parse(self.part, start=reader.start, end=reader.end, text=reader.text):
            yield from reader.ready
            reader.ready.clear()


class _RowReader:
    """Builds rows from the XML events of a sheet part."""

    def __init__(self, sheet: Sheet) -> None:
        self.where = f"sheet {sheet.name!r}"
        self.source = sheet.book.source
        self.strings = sheet.book.strings
        self.date_styles = sheet.book.date_styles
        self.date1904 = sheet.book.date1904
        self.ready: list[tuple[int, Row, list[Problem]]] = []
        self.row = 0
        self.cells: Row = []
        self.problems: list[Problem] = []
        self.column = 0
        self.cell: dict[str, str] = {}
        # The text of the cell's <v>, <t> and <f> elements, and which one is being read.
        self.pieces: dict[str, list[str]] = {"v": [], "t": [], "f": []}
        self.collect: list[str] | None = None
        self.phonetic = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if ":" in name:
            name = _local(name)
        if name == "c":
            self.cell = attrs
            for pieces in self.pieces.values():
                pieces.clear()
        elif name in ("v", "f") or (name == "t" and not self.phonetic):
            self.collect = self.pieces[name]
        elif name == "rPh":
            self.phonetic += 1
        elif name == "row":
            self._start_row(attrs.get("r"))

    def text(self, data: str) -> None:
        if self.collect is not None:
            self.collect.append(data)

    def end(self, name: str) -> None:
        if ":" in name:
            name = _local(name)
        if name in ("v", "f", "t"):
            self.collect = None
        elif name == "rPh":
            self.phonetic -= 1
        elif name == "c":
            self._end_cell()
        elif name == "row":
            if self.cells or self.problems:
                self.ready.append((self.row, self.cells, self.problems))
            self.cells, self.problems = [], []

    def _start_row(self, number: str | None) -> None:
        row = _int(number) if number is not None else self.row + 1
        if row is None or not self.row < row <= MAX_ROW:
            raise LoadError(
                self.source,
                [
                    Problem(
                        f"{self.where}, after row {self.row}",
                        damaged(f"row number {number!r} is out of order or out of range"),
                    )
                ],
            )
        self.row = row
        self.column = 0

    def _end_cell(self) -> None:
        ref = self.cell.get("r")
        if ref is not None:
            found = _split_ref(ref)
            if found is None or found[0] != self.row or not 0 < found[1] <= MAX_COLUMN:
                where = f"{self.where}, row {self.row}"
                self.problems.append(Problem(where, damaged(f"bad cell reference {ref!r}")))
                return
            self.column = found[1]
        else:
            self.column += 1
        value = self._value()
        if value is not None:
            self.cells.append((self.column, value))

    def _problem(self, message: str) -> None:
        where = f"{self.where}, row {self.row}, column {column_letter(self.column)}"
        self.problems.append(Problem(where, message))

    def _value(self) -> Value | None:
        kind = self.cell.get("t", "n")
        raw = "".join(self.pieces["v"])
        formula = "".join(self.pieces["f"])
        if kind == "inlineStr":
            return _unescape("".join(self.pieces["t"])) or None
        if not raw:
            return Uncomputed(formula) if formula else None
        if kind == "s":
            index = _int(raw)
            if index is None or index >= len(self.strings):
                self._problem(damaged(f"shared string {raw!r} does not exist"))
                return None
            return self.strings[index] or None
        if kind == "str":
            return _unescape(raw)
        if kind == "b":
            return raw.strip() in ("1", "true")
        if kind == "e":
            return ErrorCell(raw)
        if kind == "d":
            try:
                return _dt.datetime.fromisoformat(raw)
            except ValueError:
                self._problem(Message(f"not a date: {raw!r}", f"không phải một ngày: {raw!r}"))
                return None
        number = _number(raw)
        if number is None:
            self._problem(damaged(f"a number cell holds {raw!r}"))
            return None
        style = _int(self.cell.get("s")) or 0
        if style in self.date_styles:
            moment = _from_serial(number, self.date1904)
            shows = self.date_styles[style]
            if isinstance(moment, _dt.datetime) and shows in ("month", "year"):
                moment = MonthOrYear.of(moment, shows)
            if moment is None:
                self._problem(
                    Message(
                        f"not a date Excel can show: {raw}",
                        f"không phải một ngày Excel hiển thị được: {raw}",
                    )
                )
            return moment
        return number
