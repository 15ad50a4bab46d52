"""Reading workbooks as a stream: cost bounded by the cells that hold data, damage located.

Workbooks here are built part by part (`book`), so that each test holds exactly the XML
it is about: shared strings, styles, a stray cell a million rows down, a damaged part.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from danvan import LoadError, Observation, Period, Quantity
from danvan import serialization as ser
from danvan._io.xlsx_stream import MAX_PART_BYTES, escape
from danvan.errors import LoadWarning

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def _rels(*links: tuple[str, str, str]) -> str:
    items = "".join(
        f'<Relationship Id="{i}" Type="{REL}/{kind}" Target="{target}"/>'
        for i, kind, target in links
    )
    return f'<Relationships xmlns="{PKG}">{items}</Relationships>'


def cell(ref: str, value: object) -> str:
    """A cell's XML: text inline, numbers as numbers, or the XML given as bytes."""
    if isinstance(value, bytes):
        return f'<c r="{ref}"{value.decode()}</c>'
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def rows(*table: Sequence[object], start: int = 1) -> str:
    """The XML of rows of cells, from row ``start``; None leaves a cell out."""
    out = []
    for number, values in enumerate(table, start):
        cells = "".join(
            cell(f"{chr(65 + i)}{number}", v) for i, v in enumerate(values) if v is not None
        )
        out.append(f'<row r="{number}">{cells}</row>')
    return "".join(out)


HEADER = ["id", "metric", "value", "unit", "period"]


def book(
    tmp_path: Path,
    sheet_rows: str,
    *,
    after: str = "",
    strings: list[str] | None = None,
    styles: str = "",
    workbook_pr: str = "",
    drop: str = "",
    sheet_xml: str | None = None,
) -> Path:
    """A workbook of one sheet ("Số liệu") holding ``sheet_rows`` (and ``after`` them)."""
    parts = {
        "[Content_Types].xml": "<Types/>",
        "_rels/.rels": _rels(("rId1", "officeDocument", "xl/workbook.xml")),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{REL}">{workbook_pr}'
            '<sheets><sheet name="Số liệu" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": _rels(
            ("rId1", "worksheet", "worksheets/sheet1.xml"),
            ("rId2", "sharedStrings", "sharedStrings.xml"),
            ("rId3", "styles", "styles.xml"),
        ),
        "xl/worksheets/sheet1.xml": sheet_xml
        or f'<worksheet xmlns="{MAIN}"><sheetData>{sheet_rows}</sheetData>{after}</worksheet>',
        "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}">'
        + "".join(f"<si><t>{s}</t></si>" for s in strings or [])
        + "</sst>",
        "xl/styles.xml": f'<styleSheet xmlns="{MAIN}">{styles}</styleSheet>',
    }
    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            if name != drop:
                z.writestr(name, text.encode("utf-8"))
    return path


def problems(path: Path) -> list[tuple[str, str]]:
    with pytest.raises(LoadError) as caught:
        ser.load_observations(path)
    return [(p.where, p.message) for p in caught.value.problems]


def tips(obs_id: str, value: int, period: Period | None = None) -> Observation:
    return Observation(
        id=obs_id,
        metric="tips",
        value=Quantity(value=value, unit="tin"),
        period=period or Period.year(2021),
    )


def test_a_hand_built_workbook_reads(tmp_path: Path) -> None:
    """The workbooks of these tests read as openpyxl's do: a header, then one row each."""
    path = book(tmp_path, rows(HEADER, ["a", "tips", 5, "tin", "2021"]))
    assert (tips("a", 5),) == ser.load_observations(path)


# --- cost bounded by the cells that hold data ----------------------------------------------------


def test_a_stray_blank_cell_a_million_rows_down_costs_nothing(tmp_path: Path) -> None:
    """A blank cell at N1048576 (53 s and 3.3 GB before issue 15) adds no row to read."""
    stray = '<row r="1048576"><c r="N1048576" s="0"/></row>'
    path = book(tmp_path, rows(HEADER, ["a", "tips", 5, "tin", "2021"]) + stray)
    assert (tips("a", 5),) == ser.load_observations(path)


def test_a_header_merged_down_the_whole_sheet_costs_nothing(tmp_path: Path) -> None:
    """A header cell merged to row 1048576 (61 s, 3.8 GB before) names its column; the rows
    under it are data."""
    merge = '<mergeCells count="1"><mergeCell ref="A1:A1048576"/></mergeCells>'
    path = book(tmp_path, rows(HEADER, [None, "tips", 5, "tin", "2021"]), after=merge)
    (obs,) = ser.load_observations(path)
    assert (5, "book-2") == (obs.quantity.point, obs.id)


def test_a_stray_cell_with_text_far_down_is_located(tmp_path: Path) -> None:
    """Text far below the data, under no column name, is one located problem."""
    stray = '<row r="1048576"><c r="N1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    path = book(tmp_path, rows(HEADER, ["a", "tips", 5, "tin", "2021"]) + stray)
    assert [("sheet 'Số liệu', row 1048576, column N", "cell 'x' has no column name above it")] == (
        problems(path)
    )


def test_a_part_larger_than_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    """A sheet whose XML unpacks to more than MAX_PART_BYTES is refused, saying the limit."""
    path = book(tmp_path, rows(HEADER, ["a", "tips", 5, "tin", "2021"]))
    _declare_size(path, "xl/worksheets/sheet1.xml", MAX_PART_BYTES + 1)
    [(where, message)] = problems(path)
    assert "file" == where
    assert "512 MiB danvan reads from a workbook; save the sheet as CSV" in message


def _declare_size(path: Path, member: str, size: int) -> None:
    """Rewrite the uncompressed size a zip's central directory declares for ``member``."""
    data = bytearray(path.read_bytes())
    at = data.rfind(b"PK\x01\x02", 0, data.rfind(member.encode()) + 1)
    struct.pack_into("<I", data, at + 24, size)
    path.write_bytes(bytes(data))


# --- what cells hold -----------------------------------------------------------------------------


def test_shared_strings_rich_text_and_phonetic_runs(tmp_path: Path) -> None:
    """Shared strings are the cells' text; rich-text runs join, phonetic runs are left out."""
    rich = b' t="inlineStr"><is><r><t>ti</t></r><r><t>ps</t></r><rPh><t>x</t></rPh></is>'
    sheet = rows(
        [b' t="s"><v>0</v>', b' t="s"><v>1</v>', "value", "unit", "period"],
        ["a", rich, 5, "tin", "2021"],
    )
    path = book(tmp_path, sheet, strings=["id", "metric"])
    assert (tips("a", 5),) == ser.load_observations(path)


def test_dates_by_style_in_either_date_system(tmp_path: Path) -> None:
    """A number styled as a date is a date, counted from 1900 or, if the workbook says so, 1904."""
    styles = (
        '<numFmts><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
        '<cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs>'
    )
    header = ["id", "metric", "value", "unit", "start", "end"]
    table = rows(header, ["a", "tips", 5, "tin", b' s="1"><v>44197</v>', b' s="2"><v>44561</v>'])
    (obs,) = ser.load_observations(book(tmp_path, table, styles=styles))
    assert Period.year(2021) == obs.period
    table = rows(header, ["a", "tips", 5, "tin", b' s="1"><v>42735</v>', b' s="2"><v>43099</v>'])
    path = book(tmp_path, table, styles=styles, workbook_pr='<workbookPr date1904="1"/>')
    (obs,) = ser.load_observations(path)
    assert Period.year(2021) == obs.period


@pytest.mark.parametrize(
    ("format_id", "code", "period"),
    [
        (164, "mm/yyyy", "2023-06"),
        (17, "", "2023-06"),  # mmm-yy: Excel's own reading of "6/2023" typed in a cell
        (164, "yyyy", "2023"),
        (164, "[$-42A]mmmm\\ yyyy;@", "2023-06"),
        (164, "dd/mm/yyyy", "2023-06-01"),
        (14, "", "2023-06-01"),
    ],
)
def test_a_date_cell_in_the_period_column_is_the_period_its_format_shows(
    tmp_path: Path, format_id: int, code: str, period: str
) -> None:
    """A date cell of the period column formatted mm/yyyy is that month, yyyy that year; a
    date shown with its day is that day, with a warning saying so."""
    numbers = f'<numFmts><numFmt numFmtId="164" formatCode="{code}"/></numFmts>' if code else ""
    styles = f'{numbers}<cellXfs><xf numFmtId="0"/><xf numFmtId="{format_id}"/></cellXfs>'
    table = rows(HEADER, ["a", "tips", 5, "tin", b' s="1"><v>45078</v>'])  # 1 June 2023
    path = book(tmp_path, table, styles=styles)
    if len(period) > 7:
        with pytest.warns(LoadWarning) as heard:
            (obs,) = ser.load_observations(path)
        [warning] = heard
        assert isinstance(warning.message, LoadWarning)
        assert warning.message.in_("vi").startswith(
            "ô ngày (1-6-2023) được đọc là đúng một ngày đó; nếu báo cáo nói cả tháng"
        )
    else:
        (obs,) = ser.load_observations(path)
    assert period == str(obs.period)


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        (b' t="e"><v>#DIV/0!</v>', "an error cell (#DIV/0!): the formula that fills it failed"),
        (b"><f>SUM(A1:A2)</f>", "a formula (=SUM(A1:A2)) saved without its value"),
        (b' t="b"><v>0</v>', "a true/false cell (False) is not a figure, date or text"),
        (b"><v>1_000</v>", "not a readable .xlsx workbook (a number cell holds '1_000')"),
        (b"><v>nan</v>", "not a readable .xlsx workbook (a number cell holds 'nan')"),
        (b' t="s"><v>7</v>', "not a readable .xlsx workbook (shared string '7' does not exist)"),
        (b' t="d"><v>2021-13-01</v>', "not a date: '2021-13-01'"),
    ],
)
def test_cells_a_figure_cannot_be(tmp_path: Path, xml: bytes, message: str) -> None:
    """Error cells, formulas without values, booleans and damaged cells are located problems."""
    path = book(tmp_path, rows(HEADER, ["a", "tips", xml, "tin", "2021"]))
    [(where, found)] = problems(path)
    assert "sheet 'Số liệu', row 2, column" in where
    assert found.startswith(message)


def test_a_formula_with_its_value_reads_the_value(tmp_path: Path) -> None:
    """A formula saved with its computed value gives that value, number or text."""
    text = b' t="str"><f>"ti"&amp;"ps"</f><v>tips</v>'
    path = book(tmp_path, rows(HEADER, ["a", text, b"><f>2+3</f><v>5</v>", "tin", "2021"]))
    assert (tips("a", 5),) == ser.load_observations(path)


def test_excel_escapes_are_decoded(tmp_path: Path) -> None:
    """Excel writes characters XML cannot hold as _xHHHH_: they read as the character."""
    table = rows([*HEADER, "note"], ["a", "tips", 5, "tin", "2021", "x_x0009_y_x005F_x0041_"])
    (obs,) = ser.load_observations(book(tmp_path, table))
    assert "x\ty_x0041_" == obs.note


@given(st.text(alphabet="_x0123456789aAfF5", max_size=20))
def test_law_escaped_text_reads_back(text: str) -> None:
    """Law: what `escape` writes, the reader's decoding gives back exactly."""
    from danvan._io.xlsx_stream import _unescape

    assert text == _unescape(escape(text))


def test_literal_escapes_round_trip_through_a_written_workbook(tmp_path: Path) -> None:
    """A note holding "_x0041_" is written so that it reads back as itself, not "A"."""
    obs = Observation(
        id="a",
        metric="tips",
        value=Quantity(value=5, unit="tin"),
        period=Period.year(2021),
        note="_x0041_ and _x005F_",
    )
    path = tmp_path / "n.xlsx"
    ser.dump_observations([obs], path)
    assert (obs,) == ser.load_observations(path)


# --- damage --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("drop", "fragment"),
    [
        ("xl/worksheets/sheet1.xml", "its part 'xl/worksheets/sheet1.xml' is missing"),
        ("xl/workbook.xml", "its part 'xl/workbook.xml' is missing"),
    ],
)
def test_a_missing_part_is_a_load_error(tmp_path: Path, drop: str, fragment: str) -> None:
    """A workbook without its sheet part (a bare IndexError before) names the part."""
    path = book(tmp_path, rows(HEADER), drop=drop)
    [(where, message)] = problems(path)
    assert ("file", True) == (where, fragment in message)


def test_no_shared_strings_or_styles_part_is_fine(tmp_path: Path) -> None:
    """Shared strings and styles are optional parts."""
    table = rows(HEADER, ["a", "tips", 5, "tin", "2021"])
    path = book(tmp_path, table, drop="xl/sharedStrings.xml")
    assert (tips("a", 5),) == ser.load_observations(path)
    path = book(tmp_path, table, drop="xl/styles.xml")
    assert (tips("a", 5),) == ser.load_observations(path)


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.9, 0.99])
def test_a_truncated_workbook_is_a_load_error_naming_the_file(tmp_path: Path, cut: float) -> None:
    """A workbook cut short (a bare OSError naming no file before) is a LoadError for it."""
    path = book(tmp_path, rows(HEADER, *[["a", "tips", i, "tin", "2021"] for i in range(500)]))
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * cut)])
    with pytest.raises(LoadError) as caught:
        ser.load_observations(path)
    assert str(path) == caught.value.source
    assert caught.value.problems[0].message.startswith("not a readable .xlsx workbook")


def test_a_corrupted_part_is_located(tmp_path: Path) -> None:
    """Damaged compressed data in the sheet part is a LoadError naming the part."""
    path = book(tmp_path, rows(HEADER, *[["a", "tips", i, "tin", "2021"] for i in range(500)]))
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + 10
    data[start : start + 40] = b"\xff" * 40
    path.write_bytes(bytes(data))
    [(_where, message)] = problems(path)
    assert "xl/worksheets/sheet1.xml" in message


@pytest.mark.parametrize(
    "sheet_xml",
    [
        '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><worksheet><sheetData/></worksheet>',
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1"',
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="5"/><row r="2"/></sheetData></worksheet>',
    ],
)
def test_damaged_or_hostile_xml_is_a_load_error(tmp_path: Path, sheet_xml: str) -> None:
    """A DOCTYPE or entity, XML cut short, rows out of order: a LoadError, never a hang."""
    path = book(tmp_path, "", sheet_xml=sheet_xml)
    [(_, message)] = problems(path)
    assert message.startswith("not a readable .xlsx workbook")


def test_a_zip_of_a_version_zipfile_cannot_read_is_a_load_error(tmp_path: Path) -> None:
    """A zip declaring a format version zipfile does not implement (found by make fuzz: a
    bare NotImplementedError) is a LoadError for the file."""
    path = book(tmp_path, rows(HEADER, ["a", "tips", 5, "tin", "2021"]))
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")
    struct.pack_into("<H", data, at + 6, 231)  # "version needed to extract": 23.1
    path.write_bytes(bytes(data))
    [(where, message)] = problems(path)
    assert ("file", True) == (where, "zip file version 23.1" in message)


def test_an_old_xls_file_is_named_as_such(tmp_path: Path) -> None:
    """An .xls (OLE) file saved as .xlsx gets a hint: save it as .xlsx without a password."""
    path = tmp_path / "old.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    [(_, message)] = problems(path)
    assert "an old .xls workbook or a password-protected one" in message


def test_a_missing_file_is_an_os_error_naming_it(tmp_path: Path) -> None:
    """A file that is not there raises FileNotFoundError for that file."""
    with pytest.raises(FileNotFoundError) as caught:
        ser.load_observations(tmp_path / "none.xlsx")
    assert str(tmp_path / "none.xlsx") == caught.value.filename


def test_numbers_read_as_excel_stores_them(tmp_path: Path) -> None:
    """Integral floats are ints; other floats are the Decimal of their shortest text."""
    table = rows(
        HEADER,
        ["a", "tips", "8968.0", "tin", "2021"],
        ["b", "surrendered.explosive_mass", "2.5", "kg", "2021"],
    )
    table = table.replace("<is><t>8968.0</t></is>", "").replace(
        'r="C2" t="inlineStr">', 'r="C2"><v>8968.0</v>'
    )
    table = table.replace("<is><t>2.5</t></is>", "").replace(
        'r="C3" t="inlineStr">', 'r="C3"><v>2.5</v>'
    )
    a, b = ser.load_observations(book(tmp_path, table))
    assert (8968, Decimal("2.5")) == (a.quantity.point, b.quantity.point)
    assert a.period is not None
    assert b.period is not None
    assert pendulum.Date(2021, 1, 1) == a.period.start
    assert dt.date(2021, 12, 31) == b.period.end
