"""CSV and Excel observations: Vietnamese figures and dates, delimiters, formulas, bad rows."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]  # the test group installs no stubs
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import danvan
from danvan import (
    Bounds,
    Calendar,
    DanvanError,
    InvalidValueError,
    LoadError,
    Observation,
    Period,
    Qualifier,
    Quantity,
    Ratio,
    parse_quantity,
)
from danvan import serialization as ser
from danvan._io.formulas import restore


def _shared() -> Any:
    """The dataset strategies of test_serialization.py (tests are not a package)."""
    name = "_danvan_tests_serialization"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, Path(__file__).with_name("test_serialization.py")
        )
        assert spec is not None
        assert spec.loader is not None
        sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[name])
    return sys.modules[name]


SEED = _shared().SEED
observation_lists = _shared().observation_lists
texts = _shared().texts

HEADER = "id,metric,value,unit,qualifier,period,place,quote\n"


def read(
    tmp_path: Path, text: str, *, name: str = "obs.csv", bom: bool = False
) -> tuple[Observation, ...]:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return ser.load_observations(path)


def one(tmp_path: Path, row: str, header: str = HEADER) -> Observation:
    (found,) = read(tmp_path, header + row + "\n")
    return found


def five_tips(*, quote: str = "", note: str = "") -> Observation:
    """An observation of 5 tips in 2021 that carries the text under test."""
    return Observation(
        id="t",
        metric="tips",
        value=Quantity(value=5, unit="tin"),
        period=Period.year(2021),
        quote=quote,
        note=note,
    )


def test_rows_share_their_codes(tmp_path: Path) -> None:
    """Codes many rows repeat are one string each in memory, not one per row."""
    rows = "".join(f"o{i},tips,5,tin,,2021,36,\n" for i in range(3))
    a, b, c = read(tmp_path, HEADER + rows)
    assert a.metric is b.metric is c.metric
    assert a.place is b.place is c.place
    assert "36" == a.place


def problems(tmp_path: Path, text: str, name: str = "obs.csv") -> list[tuple[str, str]]:
    with pytest.raises(LoadError) as caught:
        read(tmp_path, text, name=name)
    return [(p.where, p.message) for p in caught.value.problems]


# --- figures as Vietnamese writes them -----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "expected"),
    [
        ("gần 9.000", "tin", "", parse_quantity("gần 9.000 tin")),
        ("8.968", "tin", "", Quantity(value=8968, unit="tin")),
        ("2,5", "kg", "", Quantity(value=Decimal("2.5"), unit="kg")),
        ("gần 9.000 tin", "", "", parse_quantity("gần 9.000 tin")),
        ("9.000", "tin", "nearly", parse_quantity("gần 9.000 tin")),
        ("9.000", "tin", "gần", parse_quantity("gần 9.000 tin")),
        ("hơn 3.100", "lượt", "more-than", parse_quantity("hơn 3.100 lượt")),
        ("hàng trăm", "vụ", "", parse_quantity("hàng trăm vụ")),
        ("từ 4 đến 5", "lượt", "", parse_quantity("từ 4 đến 5 lượt")),
    ],
)
def test_figures_are_read_as_reports_write_them(
    tmp_path: Path, value: str, unit: str, qualifier: str, expected: Quantity
) -> None:
    """The value column takes Vietnamese numbers and qualifiers, with unit and qualifier columns."""
    obs = one(tmp_path, f't,tips,"{value}",{unit},{qualifier},2021,36,')
    assert expected == obs.value


def test_ratios_are_read_from_the_value_column(tmp_path: Path) -> None:
    """A value "204/204=100%" is a ratio of the unit column's unit."""
    obs = one(tmp_path, "c,police.regular.coverage,204/204=100%,commune,,2021,36,")
    assert isinstance(obs.value, Ratio)
    assert (204, Decimal("100")) == (obs.value.denominator.value, obs.value.stated_percent)


def test_a_bare_number_takes_the_metrics_unit(tmp_path: Path) -> None:
    """Without a unit, a bare number is counted in its metric's unit ("tips" → tin)."""
    obs = one(tmp_path, "t,tips,8.968,,,2021,36,")
    assert Quantity(value=8968, unit="tin") == obs.value


def test_explicit_bounds_column(tmp_path: Path) -> None:
    """The bounds column gives explicit bounds, in Vietnamese numbers: "[8.500; 9.000]"."""
    header = "id,metric,value,unit,bounds,period\n"
    obs = one(tmp_path, "t,tips,gần 9.000,tin,[8.500; 9.000],2021", header)
    assert Bounds(lower=8500, upper=9000) == obs.quantity.bounds
    header = "id,metric,value,unit,qualifier,bounds,period\n"
    wide = one(tmp_path, "t,tips,,tin,range,(3.100; ∞),2021", header)
    assert Bounds(lower=3100, upper=None, lower_closed=False) == wide.quantity.bounds


@pytest.mark.parametrize(
    ("column", "cell"),
    [
        ("bounds", "[1;" + " " * 60_000 + "x"),  # 6 s for a 60 KB file before issue 15
        ("bounds", "(" + " " * 60_000 + ";" + " " * 60_000),
        ("value", "1/1" + " " * 60_000 + "="),  # a ratio: seconds for 400 spaces, likewise
    ],
)
def test_long_hostile_cells_are_refused_quickly(tmp_path: Path, column: str, cell: str) -> None:
    """A cell of a long run of spaces is one located problem, found in linear time."""
    header = "id,metric,value,unit,bounds,period\n"
    row = {"value": "1", "bounds": "", column: cell}
    with pytest.raises(LoadError) as caught:
        read(tmp_path, header + f"t,tips,{row['value']},tin,{row['bounds']},2021\n")
    assert [f'line 2, column "{column}"'] == [p.where for p in caught.value.problems]


@pytest.mark.parametrize(
    ("column", "cell"),
    [("value", "٥"), ("value", "gần ９.000"), ("bounds", "[٨; 9]"), ("period", "٢٠٢١")],
)
def test_figures_in_other_scripts_digits_are_refused(
    tmp_path: Path, column: str, cell: str
) -> None:
    """Figures, bounds and periods are written with the digits 0-9, as in JSON; another
    script's digit is named, in its column."""
    header = "id,metric,value,unit,bounds,period\n"
    row = {"value": "gần 9", "bounds": "", "period": "2021", column: cell}
    with pytest.raises(LoadError) as caught:
        read(tmp_path, header + f"t,tips,{row['value']},tin,{row['bounds']},{row['period']}\n")
    [problem] = caught.value.problems
    assert f'line 2, column "{column}"' == problem.where
    assert "is not one of 0-9" in problem.message


def test_open_range_is_written_with_its_bounds(tmp_path: Path) -> None:
    """A range words cannot say ("from more than 4") is written as bounds and read back."""
    value = Quantity(
        value=None,
        unit="turn",
        qualifier=Qualifier.RANGE,
        bounds=Bounds(lower=4, upper=None, lower_closed=False),
    )
    obs = Observation(id="r", metric="blood.turns", value=value, period=Period.year(2021))
    path = tmp_path / "r.csv"
    ser.dump_observations([obs], path)
    assert ',,turn,range,"(4; ∞)",' in path.read_text(encoding="utf-8-sig")
    assert (obs,) == ser.load_observations(path)


# --- periods and dates ---------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["1-11-2016", "01/11/2016", "2016-11-01", "ngày 1-11-2016"])
def test_start_dates_in_every_form(tmp_path: Path, start: str) -> None:
    """start/end take dates as "1-11-2016", "01/11/2016" or ISO; no end is an open period."""
    obs = one(tmp_path, f"t,tips,5,tin,{start},", "id,metric,value,unit,start,end\n")
    assert Period.open_from(pendulum.Date(2016, 11, 1)) == obs.period


def test_start_end_and_calendar(tmp_path: Path) -> None:
    """start, end and calendar columns make a period on that calendar."""
    obs = one(
        tmp_path,
        "t,tips,5,tin,15/12/2020,14/12/2021,decree-09",
        "id,metric,value,unit,start,end,calendar\n",
    )
    assert Period.year(2021, calendar=Calendar.DECREE_09) == obs.period


def test_period_phrases_are_read(tmp_path: Path) -> None:
    """The period column takes codes and phrases ("quý III/2021")."""
    obs = one(tmp_path, "t,tips,5,tin,,quý III/2021,36,")
    assert Period.quarter(2021, 3) == obs.period


def test_period_and_dates_must_agree(tmp_path: Path) -> None:
    """A row giving both a period and dates is refused when they disagree."""
    found = problems(
        tmp_path, "id,metric,value,unit,period,start,end\nt,tips,5,tin,2021,1-1-2021,30-6-2021\n"
    )
    assert [('line 2, column "start"', found[0][1])] == found


# --- encodings and delimiters --------------------------------------------------------------------


@pytest.mark.parametrize("bom", [True, False])
@pytest.mark.parametrize("delimiter", [",", ";"])
def test_bom_and_delimiters(tmp_path: Path, bom: bool, delimiter: str) -> None:
    """UTF-8 with or without BOM, comma- or semicolon-separated (sniffed from the header)."""
    text = f"id{delimiter}metric{delimiter}value{delimiter}unit{delimiter}period\r\n"
    text += (
        f'm{delimiter}surrendered.explosive_mass{delimiter}"2,5"{delimiter}kg{delimiter}2021\r\n'
    )
    (obs,) = read(tmp_path, text, bom=bom)
    assert Quantity(value=Decimal("2.5"), unit="kg") == obs.value


def test_semicolon_export_reads_back(tmp_path: Path) -> None:
    """delimiter=";" writes what Vietnamese spreadsheets expect, and it reads back."""
    path = tmp_path / "seed.csv"
    ser.dump_observations(SEED.observations, path, delimiter=";")
    assert path.read_text(encoding="utf-8-sig").startswith("id;metric;value;")
    assert SEED.observations == ser.load_observations(path)


def test_nfd_cells_are_stored_in_nfc(tmp_path: Path) -> None:
    """Cells in NFD (as some tools write Vietnamese) are stored in NFC."""
    obs = one(tmp_path, "t,tips,5,tin,,2021,36," + unicodedata.normalize("NFD", "gần 9.000 tin"))
    assert "gần 9.000 tin" == obs.quote


def test_empty_rows_are_skipped_and_ids_default_to_the_line(tmp_path: Path) -> None:
    """Blank rows are skipped; a row without id gets "<file name>-<line>"."""
    found = read(
        tmp_path,
        "metric,value,unit,period\ntips,5,tin,2021\n,,,\n\ntips,6,tin,2022\n",
        name="tỉnh báo cáo.csv",
    )
    assert ["tỉnh-báo-cáo-2", "tỉnh-báo-cáo-5"] == [obs.id for obs in found]


# --- formulas ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        *("=1+1", "+84 912", "-5", "@SUM(A1)", "\tx", "\rx", "'quoted", "''", "plain"),
        *("＝1+1", " =1", "\n=1", "\u200b=1", "|calc", "DDE(x)", "=cmd|' /C calc'!A0"),
    ],
)
def test_formula_cells_are_neutralised_and_restored(tmp_path: Path, text: str) -> None:
    """Cells a spreadsheet would run get an apostrophe on export; import removes it again."""
    obs = five_tips(quote=text, note=text)
    path = tmp_path / "f.csv"
    ser.dump_observations([obs], path)
    with path.open(encoding="utf-8-sig", newline="") as stream:
        (row,) = csv.DictReader(stream)
    expected = text if text == "plain" else "'" + text
    assert (expected, expected) == (row["quote"], row["note"])
    assert (obs,) == ser.load_observations(path)


def test_restore_leaves_other_apostrophes() -> None:
    """A leading apostrophe before ordinary text is the cell's own, and stays."""
    assert ("'abc", "=x", "'=x") == (restore("'abc"), restore("'=x"), restore("''=x"))


# --- errors --------------------------------------------------------------------------------------


def test_every_bad_row_is_reported_with_line_and_column(tmp_path: Path) -> None:
    """All problems of a file come together, each as line N, column "name"."""
    text = (
        HEADER
        + "a,tips,gần nhiều,tin,,2021,36,\n"
        + "b,tips,5,bananas,,2021,36,\n"
        + "c,tips,5,tin,,2021-Q7,36,\n"
    )
    assert [
        'line 2, column "value"',
        'line 3, column "unit"',
        'line 4, column "period"',
    ] == [where for where, _ in problems(tmp_path, text)]


def test_validator_messages_name_the_column(tmp_path: Path) -> None:
    """A record's own rule (an id with spaces) is reported at its column."""
    ((where, message),) = problems(tmp_path, HEADER + "a b,tips,5,tin,,2021,36,\n")
    assert 'line 2, column "id"' == where
    assert "without whitespace" in message


def test_rows_spanning_lines_are_numbered_by_their_first_line(tmp_path: Path) -> None:
    """A quoted cell with line breaks: the next row's problems name its own first line."""
    text = HEADER + 'a,tips,5,tin,,2021,36,"two\nlines"\nb,tips,-5,tin,,2021,36,\n'
    assert ['line 4, column "value"'] == [where for where, _ in problems(tmp_path, text)]


def test_export_refuses_nul(tmp_path: Path) -> None:
    """A NUL character cannot go into a CSV file: dump raises before writing anything."""
    obs = five_tips(note="a\x00b")
    with pytest.raises(InvalidValueError, match="NUL"):
        ser.dump_observations([obs], tmp_path / "x.csv")
    assert [] == list(tmp_path.iterdir())


def test_export_refuses_figures_a_table_cannot_hold(tmp_path: Path) -> None:
    """A ratio whose numerator and denominator differ in unit cannot be a row: refused."""
    ratio = Ratio(
        numerator=Quantity(value=1, unit="kg"), denominator=Quantity(value=2000, unit="gram")
    )
    obs = Observation(id="r", metric="m", value=ratio, period=Period.year(2021))
    with pytest.raises(InvalidValueError, match="without loss"):
        ser.dump_observations([obs], tmp_path / "x.csv")


# --- laws ----------------------------------------------------------------------------------------

LAW = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@LAW
@given(observation_lists(text=texts(nul=False)), st.sampled_from([",", ";"]))
def test_csv_round_trip(
    tmp_path_factory: pytest.TempPathFactory, observations: tuple[Observation, ...], delimiter: str
) -> None:
    """load_observations(dump_observations(obs)) == obs in CSV, for text without NUL."""
    path = tmp_path_factory.mktemp("csv") / "obs.csv"
    ser.dump_observations(observations, path, delimiter=delimiter)
    assert observations == ser.load_observations(path)
    assert observations == tuple(ser.iter_observations(path))


@LAW
@given(observation_lists(text=texts(control=False)))
def test_xlsx_round_trip(
    tmp_path_factory: pytest.TempPathFactory, observations: tuple[Observation, ...]
) -> None:
    """load_observations(dump_observations(obs)) == obs in .xlsx (text without controls)."""
    path = tmp_path_factory.mktemp("xlsx") / "obs.xlsx"
    ser.dump_observations(observations, path)
    assert observations == ser.load_observations(path)


cells = st.lists(st.sampled_from([*'ab,;"\n\r 9.=-/%', "gần", "tin", "2021", "'"]), max_size=8).map(
    "".join
)


@LAW
@given(
    st.sampled_from([HEADER, "metric;value;period\n", "", "id,metric\n"]),
    st.lists(st.lists(cells, max_size=9), max_size=4),
)
def test_arbitrary_csv_text_loads_or_raises_a_danvan_error(
    tmp_path_factory: pytest.TempPathFactory, header: str, rows: list[list[str]]
) -> None:
    """Any CSV text raises a DanvanError, or loads one observation per row with text,
    which written again (either separator) read back equal."""
    folder = tmp_path_factory.mktemp("csvtext")
    path = folder / "x.csv"
    path.write_text(header + "\n".join(",".join(row) for row in rows), encoding="utf-8")
    try:
        loaded = ser.load_observations(path)
    except DanvanError:
        return
    text = path.read_text(encoding="utf-8")
    delimiter = ";" if header.count(";") > header.count(",") else ","
    table = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    assert len([r for r in table[1:] if any(c.strip() for c in r)]) == len(loaded)
    for delimiter in (",", ";"):
        ser.dump_observations(loaded, folder / "again.csv", delimiter=delimiter)
        assert loaded == ser.load_observations(folder / "again.csv")


# --- Excel workbooks -----------------------------------------------------------------------------


def workbook(
    tmp_path: Path, rows: list[list[Any]], *, merge: tuple[str, ...] = (), title: str = "Báo cáo"
) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for cells_range in merge:
        sheet.merge_cells(cells_range)
    path = tmp_path / "tinh.xlsx"
    book.save(path)
    return path


def test_xlsx_numbers_dates_title_rows_and_trailing_rows(tmp_path: Path) -> None:
    """Excel floats become ints or Decimals, dates periods; titles and empty rows are skipped."""
    path = workbook(
        tmp_path,
        [
            ["BÁO CÁO KẾT QUẢ CÔNG TÁC DÂN VẬN"],
            [],
            ["id", "metric", "value", "unit", "start", "end", "place"],
            ["a", "tips", 8968.0, "tin", dt.datetime(2021, 1, 1), dt.datetime(2021, 12, 31), 36],
            ["b", "surrendered.explosive_mass", 2.5, "kg", dt.date(2021, 1, 1), None, "36"],
            ["c", "tips", "gần 9.000", "tin", "1-1-2021", "31/12/2021", "36"],
            [None, None, None],
            [],
        ],
    )
    a, b, c = ser.load_observations(path)
    assert (8968, int) == (a.quantity.point, type(a.quantity.point))
    assert (Decimal("2.5"), "36") == (b.quantity.point, a.place)
    assert Period.open_from(pendulum.Date(2021, 1, 1)) == b.period
    assert (Period.year(2021), Qualifier.NEARLY) == (c.period, c.quantity.qualifier)


def test_xlsx_merged_header_cells(tmp_path: Path) -> None:
    """A header merged over two rows: each column takes its lowest name (start under period)."""
    path = workbook(
        tmp_path,
        [
            ["id", "metric", "value", "period", None],
            [None, None, None, "start", "end"],
            ["a", "tips", 5, "1-1-2021", "31-12-2021"],
        ],
        merge=("A1:A2", "B1:B2", "C1:C2", "D1:E1"),
    )
    (obs,) = ser.load_observations(path)
    assert (5, Period.year(2021)) == (obs.quantity.point, obs.period)


def test_xlsx_problems_name_sheet_row_and_column(tmp_path: Path) -> None:
    """Problems in a workbook are located by sheet, row and column."""
    path = workbook(
        tmp_path,
        [
            ["id", "metric", "value", "period"],
            ["a", "tips", -5, "2021"],
            ["b", "tips", True, "2021"],
        ],
    )
    with pytest.raises(LoadError) as caught:
        ser.load_observations(path)
    assert [
        "sheet 'Báo cáo', row 2, column \"value\" (C)",
        "sheet 'Báo cáo', row 3, column \"value\" (C)",
    ] == [p.where for p in caught.value.problems]


def test_xlsx_sheet_by_name(tmp_path: Path) -> None:
    """load_observations(sheet=) reads the named sheet; an unknown name is a LoadError."""
    path = workbook(
        tmp_path, [["metric", "value", "unit", "period"], ["tips", 5, "tin", "2021"]], title="Quý 3"
    )
    assert 1 == len(ser.load_observations(path, sheet="Quý 3"))
    with pytest.raises(LoadError, match="no such sheet"):
        ser.load_observations(path, sheet="Sheet9")


def test_xlsx_export_keeps_formulas_as_text(tmp_path: Path) -> None:
    """Exported cells are text: a quote "=1+1" is not a formula in the workbook."""
    obs = five_tips(quote="=1+1")
    path = tmp_path / "f.xlsx"
    ser.dump_observations([obs], path)
    sheet = openpyxl.load_workbook(path).active
    column = [cell.value for cell in sheet[1]].index("quote") + 1
    assert "'=1+1" == sheet.cell(row=2, column=column).value
    assert (obs,) == ser.load_observations(path)


def test_xlsx_export_carries_carriage_returns_and_controls(tmp_path: Path) -> None:
    """XML reads "\\r\\n" as "\\n" and holds no control characters: a workbook carries
    them escaped as Excel does (_x000D_), and they read back exactly (refused before)."""
    obs = five_tips(note="line\r\nbreak\x01\x1f", quote="tab\there")
    ser.dump_observations([obs], tmp_path / "x.xlsx")
    assert (obs,) == ser.load_observations(tmp_path / "x.xlsx")


def test_bom_inside_a_cell_survives(tmp_path: Path) -> None:
    """A BOM that starts a later line of a multi-line cell is text, kept on reading."""
    obs = five_tips(note="x\n\ufeffy")
    path = tmp_path / "obs.csv"
    ser.dump_observations([obs], path)
    assert (obs,) == ser.load_observations(path)


@pytest.mark.parametrize(
    ("header", "name", "code"),
    [
        ("Tỉnh", "Thanh Hóa", "38"),
        ("province", "Thanh Hóa", "38"),
        ("Huyện", "Hậu Lộc", "400"),
        ("district", "Hậu Lộc", "400"),
    ],
)
def test_a_level_header_gives_the_level_of_place_names(
    tmp_path: Path, header: str, name: str, code: str
) -> None:
    """A place column headed "Tỉnh" or "province" reads its names at that level, as wide
    tables do: "Thanh Hóa" is the province, not the commune of that name."""
    found = one(tmp_path, f"tips;10;2019;{name}", header=f"Chỉ tiêu;Giá trị;Kỳ;{header}\n")
    assert code == found.place


def test_a_level_header_reads_the_same_in_a_workbook_and_a_frame(tmp_path: Path) -> None:
    """The level a "Tỉnh" header names holds in a workbook and a pandas frame too."""
    import pandas as pd  # type: ignore[import-untyped]  # the test group installs no stubs

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Chỉ tiêu", "Giá trị", "Kỳ", "Tỉnh"])
    sheet.append(["tips", 10, "2019", "Thanh Hóa"])
    path = tmp_path / "p.xlsx"
    book.save(path)
    frame = pd.DataFrame(
        {"Chỉ tiêu": ["tips"], "Giá trị": [10], "Kỳ": ["2019"], "Tỉnh": ["Thanh Hóa"]}
    )
    assert ["38", "38"] == [
        ser.load_observations(path)[0].place,
        danvan.from_pandas(frame).observations[0].place,
    ]
