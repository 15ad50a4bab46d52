"""Spreadsheets out: numbers as numbers, bounds beside them, a pivot-ready sheet."""

from __future__ import annotations

import datetime as dt
import runpy
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import openpyxl  # type: ignore[import-untyped]  # the test group installs no stubs
import pytest

from danvan import (
    Dataset,
    Observation,
    Period,
    Report,
    parse_date,
    parse_period,
    parse_quantity,
    parse_ratio,
)
from danvan import serialization as ser
from danvan._io.sheets import Sheet, SheetColumn, csv_text, write_workbook
from danvan._report import Column, Section

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def seed() -> Dataset:
    dataset: Dataset = runpy.run_path(str(ROOT / "examples" / "nam_dinh_2017_2021.py"))["build"]()
    return dataset


def figure(id: str, text: str, metric: str = "tips", period: str = "2021") -> Observation:
    value = parse_ratio(text, unit="commune") if "/" in text else parse_quantity(text)
    return Observation(id=id, metric=metric, value=value, period=parse_period(period), place="36")


def table(ws: Any) -> list[list[Any]]:
    return [list(row) for row in ws.iter_rows(values_only=True)]


def column(ws: Any, name: str, header_row: int = 1) -> list[Any]:
    rows = table(ws)
    index = rows[header_row - 1].index(name)
    return [row[index] for row in rows[header_row:]]


# -- observations ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def figures() -> tuple[Observation, ...]:
    return (
        figure("exact", "8.968 tin"),
        figure("nearly", "gần 9.000 tin"),
        figure("kg", "2,5 kg", "surrendered.fireworks"),
        figure("range", "từ 4 đến 5 tin"),
        figure("ratio", "204/204=100%", "police.regular.coverage"),
        figure("quarter", "3 tin", period="2021-Q3"),
    )


def test_observation_values_are_numbers_a_spreadsheet_can_add(
    tmp_path: Path, figures: tuple[Observation, ...]
) -> None:
    """In the sheet read back, a figure's value is a number cell (the qualifier column says
    how sure it is); a range or a ratio stays text; the file reads back equal."""
    path = tmp_path / "x.xlsx"
    ser.dump_observations(figures, path)
    ws = openpyxl.load_workbook(path)["observations"]
    assert [8968, 9000, 2.5, "từ 4 đến 5", "204/204 = 100%", 3] == column(ws, "value")
    assert [None, "nearly", None, "range", None, None] == column(ws, "qualifier")
    assert ["#,##0", "#,##0", "#,##0.0"] == [ws[f"C{r}"].number_format for r in (2, 3, 4)]
    assert figures == ser.load_observations(path)


def test_a_pivot_sheet_types_every_cell(tmp_path: Path, figures: tuple[Observation, ...]) -> None:
    """The pivot sheet gives each figure's value, bounds, year, dates, names and province."""
    path = tmp_path / "x.xlsx"
    ser.dump_observations(figures, path)
    book = openpyxl.load_workbook(path)
    assert ["observations", "Dữ liệu"] == book.sheetnames
    ws = book["Dữ liệu"]
    assert [8968, 9000, 2.5, None, 204, 3] == column(ws, "Giá trị")
    assert [8968, 8100, 2.5, 4, 204, 3] == column(ws, "Cận dưới")
    assert [8968, 9000, 2.5, 5, 204, 3] == column(ws, "Cận trên")
    assert ["chính xác", "gần"] == column(ws, "Mức chắc chắn")[:2]
    assert [2021] * 6 == column(ws, "Năm")
    assert dt.datetime(2021, 7, 1) == column(ws, "Từ ngày")[5]
    assert ["Nam Định"] * 6 == column(ws, "Tỉnh")
    assert "tin có giá trị do quần chúng cung cấp" == column(ws, "Chỉ tiêu")[0]


def test_a_dataset_workbook_names_by_its_own_lists(tmp_path: Path, seed: Dataset) -> None:
    """dump(dataset, .xlsx) names places and metrics by the dataset's own lists."""
    path = tmp_path / "seed.xlsx"
    ser.dump(Dataset(observations=seed.observations), path)
    ws = openpyxl.load_workbook(path)["Dữ liệu"]
    assert {"Nam Định"} == set(column(ws, "Địa bàn"))


# -- reports ---------------------------------------------------------------------------------


def test_a_report_workbook_has_the_answer_what_was_left_out_and_a_pivot(
    tmp_path: Path, seed: Dataset
) -> None:
    """A report's workbook: the answer under its title block with figures as numbers, one
    sheet of what was left out, reconciled or missing, and a pivot-ready table."""
    result = seed.aggregate("tips", period=parse_period("2017/2021"), by="province")
    # The seed has tips of Nam Định only, so no province is expected beside it: the
    # sheet is shown with Hà Nam missing, as a dataset holding its other figures would.
    result = attrs.evolve(result, missing=((("province", "35"),),))
    path = tmp_path / "r.xlsx"
    Report.from_aggregation(result, dataset=seed).to_xlsx(path)
    book = openpyxl.load_workbook(path)
    assert ["Kết quả", "Để ngoài, đối chiếu, thiếu", "Dữ liệu"] == book.sheetnames
    answer = table(book["Kết quả"])
    assert "Tin có giá trị do quần chúng cung cấp" == answer[0][0]
    assert "Kỳ: 2017/2021" in [row[0] for row in answer]
    header = answer.index(
        [
            "Mã tỉnh",
            "Tỉnh",
            "Giá trị",
            "Giá trị: cận dưới",
            "Giá trị: cận trên",
            "Giá trị: mức chắc chắn",
            "Giá trị: đơn vị",
            "Giá trị: ghi bằng chữ",
        ]
    )
    assert ["36", "Nam Định", 9000, 8100, 9000, "gần", "tin", "gần 9.000 tin"] == answer[header + 1]
    others = table(book["Để ngoài, đối chiếu, thiếu"])
    assert ["Không có số liệu", "tỉnh", "Mã: 35; Tên: Hà Nam"] in others


def test_a_report_pivot_gives_years_as_numbers_and_periods_as_dates(
    tmp_path: Path, seed: Dataset
) -> None:
    """By quarter, the pivot sheet has the quarter's code, first and last day, and year."""
    data = Dataset(observations=[figure("q", "3 tin", period="2021-Q3")], places=seed.places)
    result = data.aggregate("tips", period=Period.year(2021), by="quarter")
    path = tmp_path / "q.xlsx"
    Report.from_aggregation(result, dataset=data, lang="en").to_xlsx(path)
    ws = openpyxl.load_workbook(path)["Data"]
    assert ["2021-Q3"] == column(ws, "Quarter")
    assert [dt.datetime(2021, 7, 1)] == column(ws, "Quarter: from")
    assert [dt.datetime(2021, 9, 30)] == column(ws, "Quarter: to")
    assert [2021] == column(ws, "Year")


def test_text_is_never_run_as_a_formula(tmp_path: Path) -> None:
    """A text cell starting with "=" is written as text, not as a formula."""
    section = Section(key="rows", title="t", columns=[Column(key="a", label="a")], rows=[("=1+1",)])
    path = tmp_path / "f.xlsx"
    Report(title="t", sections=[section]).to_xlsx(path)
    cell = openpyxl.load_workbook(path)["t"]["A4"]
    assert ("=1+1", "s") == (cell.value, cell.data_type)


# -- the sheet writer ------------------------------------------------------------------------


def test_numbers_beyond_a_spreadsheets_digits_stay_exact_text(tmp_path: Path) -> None:
    """A number a spreadsheet's float would change is written as its exact digits."""
    sheet = Sheet(
        name="n",
        columns=[SheetColumn(key="n", label="n", kind="number")],
        rows=[(2**60,), (Decimal("0.1000000000000000000001"),), (Decimal("1.500"),)],
    )
    write_workbook([sheet], tmp_path / "n.xlsx")
    assert ["1152921504606846976", "0.1000000000000000000001", "1.500"] == column(
        openpyxl.load_workbook(tmp_path / "n.xlsx")["n"], "n"
    )


def test_drop_down_lists_offer_their_values(tmp_path: Path) -> None:
    """A column with choices gets a list validation reading a hidden sheet of them."""
    sheet = Sheet(
        name="s",
        columns=[SheetColumn(key="metric", label="Chỉ tiêu")],
        rows=[],
        choices={"metric": ["tips", "surrendered.guns"]},
    )
    write_workbook([sheet], tmp_path / "s.xlsx")
    book = openpyxl.load_workbook(tmp_path / "s.xlsx")
    assert "hidden" == book["_lists"].sheet_state
    assert ["s:metric", "tips", "surrendered.guns"] == [c.value for c in book["_lists"]["A"]]
    [rule] = book["s"].data_validations.dataValidation
    assert ("list", "='_lists'!$A$2:$A$3") == (rule.type, rule.formula1)


def test_csv_of_a_sheet_follows_its_language() -> None:
    """CSV for Vietnamese spreadsheets: ";" and the decimal comma; English: "," and the dot."""
    sheet = Sheet(
        name="n",
        columns=[SheetColumn(key="d", label="Ngày"), SheetColumn(key="n", label="Số")],
        rows=[(parse_date("1-7-2025"), Decimal("2.5"))],
    )
    assert 'Ngày;Số\r\n2025-07-01;"2,5"\r\n' == csv_text(sheet, lang="vi")
    assert "Ngày,Số\r\n2025-07-01,2.5\r\n" == csv_text(sheet, lang="en")


def test_a_pivot_sheet_keeps_a_stated_percent(tmp_path: Path) -> None:
    """A percentage stated alone keeps its percent, qualifier and base in the pivot sheet,
    and a ratio its denominator."""
    figures = (
        Observation(
            id="rate",
            metric="tips",
            value=parse_ratio("khoảng 70% hộ dân"),
            period=parse_period("2023"),
            place="36",
        ),
        figure("ratio", "200/204", "police.regular.coverage"),
    )
    path = tmp_path / "x.xlsx"
    ser.dump_observations(figures, path)
    ws = openpyxl.load_workbook(path)["Dữ liệu"]
    assert [70, None] == column(ws, "Tỷ lệ nêu (%)")
    assert ["khoảng", None] == column(ws, "Mức chắc chắn của tỷ lệ")
    assert ["hộ dân", None] == column(ws, "Tỷ lệ trên")
    assert [None, 204] == column(ws, "Mẫu số")


def test_a_pivot_sheet_says_which_rows_a_total_counts(tmp_path: Path) -> None:
    """Summing only the rows "Tính vào tổng" counts gives the province's figure once: its
    districts lie within its "Tổng cộng" row, which they name."""
    found = ser.load_observations(ROOT / "examples" / "bao-cao-tin-bao.csv")
    path = tmp_path / "bc.xlsx"
    ser.dump_observations(found, path)
    ws = openpyxl.load_workbook(path)["Dữ liệu"]
    rows = list(
        zip(
            column(ws, "Năm"),
            column(ws, "Giá trị"),
            column(ws, "Tính vào tổng"),
            column(ws, "Nằm trong dòng"),
            column(ws, "Cấp địa bàn"),
            strict=True,
        )
    )
    counted = dict.fromkeys((2020, 2021), 0)
    for year, value, counts, _, _ in rows:
        if counts == "có":
            counted[year] += value
    assert {2020: 1160, 2021: 1150} == counted
    assert {("bao-cao-tin-bao-C15", "huyện")} == {
        (within, level)
        for year, _, counts, within, level in rows
        if year == 2020 and counts == "không"
    }


def test_a_pivot_sheet_counts_a_restated_figure_once(
    tmp_path: Path, figures: tuple[Observation, ...]
) -> None:
    """A figure stated twice (same metric, place, period) and a quarter inside a year are
    not counted in a total; each names the rows that hold it."""
    path = tmp_path / "x.xlsx"
    ser.dump_observations(figures, path)
    ws = openpyxl.load_workbook(path)["Dữ liệu"]
    assert ["có", "không", "có", "không", "có", "không"] == column(ws, "Tính vào tổng")
    assert [None, "exact", None, "exact", None, "exact, nearly, range"] == column(
        ws, "Nằm trong dòng"
    )
