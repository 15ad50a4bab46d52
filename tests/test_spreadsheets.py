"""Spreadsheets as offices send them: Vietnamese headers, places by name, wide tables."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]  # the test group installs no stubs
import pytest

from danvan import Dataset, LoadError, national_gazetteer
from danvan import serialization as ser
from danvan._io.column_names import COLUMN_ALIASES, column_named
from danvan.errors import Problem

ROOT = Path(__file__).resolve().parent.parent


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path, lang: str = "en") -> list[str]:
    """Each problem of loading ``path``, as "where | message" in ``lang``."""
    with pytest.raises(LoadError) as caught:
        ser.load_observations(path)
    return [p.in_(lang) for p in caught.value.problems]


def summary(path: Path) -> list[tuple[str, str, str | None, str, str]]:
    """(id, metric, place, period, value) of each observation of the file."""
    return [
        (o.id, o.metric, o.place, str(o.period), str(o.value)) for o in ser.load_observations(path)
    ]


# -- column names ------------------------------------------------------------------------------


def test_vietnamese_headers_read_as_their_columns(tmp_path: Path) -> None:
    """ "Chỉ tiêu", "Giá trị", "Đơn vị tính", "Kỳ", "Địa bàn" head the columns metric, value,
    unit, period and place."""
    path = write(
        tmp_path,
        "bao-cao.csv",
        "Chỉ tiêu;Giá trị;Đơn vị tính;Kỳ;Địa bàn;Ghi chú\ntips;gần 9.000;tin;2017/2021;36;x\n",
    )
    [obs] = ser.load_observations(path)
    assert ("tips", "gần 9.000 tin", "2017/2021", "36", "x") == (
        obs.metric,
        str(obs.value),
        str(obs.period),
        obs.place,
        obs.note,
    )


@pytest.mark.parametrize(
    ("name", "column"),
    [
        ("CHỈ TIÊU", "metric"),
        ("Chi tieu", "metric"),
        ("Giá trị:", "value"),
        ("ĐVT", "unit"),
        ("Kỳ báo cáo", "period"),
        ("Tỉnh/thành phố", "place"),
        ("Nguồn", "source"),
        ("metric", "metric"),
        ("Ghi chú", "note"),
    ],
)
def test_column_names_are_matched_as_words(name: str, column: str) -> None:
    """Case, a trailing colon, old or new tone placement and missing accents do not matter."""
    assert column == column_named(name)


def test_a_name_of_two_columns_is_a_problem_saying_what_to_write(tmp_path: Path) -> None:
    """ "Đơn vị" (the unit, or who reports?) is not guessed: the problem says what to write,
    in both languages."""
    path = write(tmp_path, "x.csv", "Chỉ tiêu,Giá trị,Đơn vị,Kỳ\ntips,5,tin,2021\n")
    [en] = problems(path)
    [vi] = problems(path, "vi")
    assert en.startswith("the column name 'Đơn vị' could mean two columns")
    assert en.endswith("@ line 1, column 3")
    assert vi.startswith("tên cột 'Đơn vị' có thể hiểu hai nghĩa")
    assert vi.endswith("@ dòng 1, cột 3")


def test_the_documented_table_lists_every_alias() -> None:
    """docs/howto/load-a-spreadsheet.md lists each column's Vietnamese and English names as
    danvan._io.column_names knows them."""
    page = (ROOT / "docs" / "howto" / "load-a-spreadsheet.md").read_text(encoding="utf-8")
    table = page.split("<!-- aliases -->")[1]
    listed = {
        m[1]: tuple(re.findall(r"`([^`]+)`", m[2]))
        for m in re.finditer(r"^\| `([a-z]+)` \| ([^|]*) \|$", table, re.MULTILINE)
    }
    assert COLUMN_ALIASES == listed


# -- places by name ----------------------------------------------------------------------------


def test_places_by_code_or_name_read_as_of_the_period(tmp_path: Path) -> None:
    """A place cell holds a code, a name (read on the map of the figure's period) or a name
    with its code in brackets."""
    path = write(
        tmp_path,
        "p.csv",
        "metric,value,period,place\n"
        "tips,1,2021,36\n"
        "tips,2,2021,Nam Định\n"
        "tips,3,2021,huyện Hải Hậu\n"
        "tips,4,2021,Giao Thủy (365)\n"
        "tips,5,2026,Ninh Bình\n"
        "tips,6,2021,ND-HH\n",
    )
    assert ["36", "36", "366", "365", "37", "ND-HH"] == [
        o.place for o in ser.load_observations(path)
    ]


def test_an_ambiguous_place_name_lists_its_candidates(tmp_path: Path) -> None:
    """ "Giao Thủy" in 2021 is the district and the town: a located problem lists both."""
    path = write(tmp_path, "p.csv", "metric,value,period,place\ntips,1,2021,Giao Thủy\n")
    assert [
        "'Giao Thủy' may name 2 places on 2021-12-31: huyện Giao Thủy (365); thị trấn Giao "
        "Thủy (14167); write its code, its type ('huyện ...') or the place it lies in "
        "('xã ..., huyện ...') @ line 2, column \"place\""
    ] == problems(path)


def test_a_name_of_no_place_is_a_problem(tmp_path: Path) -> None:
    """A name the gazetteer does not know is a located problem, never dropped."""
    path = write(tmp_path, "p.csv", "metric,value,period,place\ntips,1,2021,Xứ Sở Thần Tiên\n")
    [problem] = problems(path, "vi")
    assert problem.startswith("không có địa bàn nào tên 'Xứ Sở Thần Tiên' vào ngày 31-12-2021")


def test_a_name_fitting_only_a_unit_not_yet_in_force_is_a_problem(tmp_path: Path) -> None:
    """'huyện Tĩnh Gia' for 2019 fits only the ward made in 2025: a located problem, not
    a 2019 figure of a 2025 ward (which would go unnoticed under later maps)."""
    path = write(tmp_path, "p.csv", "metric,value,period,place\ntips,1,2019,huyện Tĩnh Gia\n")
    assert [
        "'huyện Tĩnh Gia' names only phường Tĩnh Gia (16561N), which was not in force in "
        "2019 (2025-07-01 to …); write the code of the unit the figure is of "
        '@ line 2, column "place"'
    ] == problems(path)


def test_vietnamese_headers_in_a_workbook(tmp_path: Path) -> None:
    """A workbook headed in Vietnamese, under a title, reads like its CSV twin."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["BÁO CÁO QUÝ III/2021"])
    ws.append(["Chỉ tiêu", "Giá trị", "Kỳ", "Địa bàn"])
    ws.append(["tips", 8968, "quý III/2021", "Nam Định"])
    book.save(tmp_path / "q3.xlsx")
    [obs] = ser.load_observations(tmp_path / "q3.xlsx")
    assert (8968, "2021-Q3", "36") == (obs.quantity.value, str(obs.period), obs.place)


# -- wide tables -------------------------------------------------------------------------------

TIPS_BY_DISTRICT = """BÁO CÁO KẾT QUẢ TIẾP NHẬN TIN BÁO;;;;
Chỉ tiêu: tips;;;;
Đơn vị tính: tin;;;;
STT;Địa bàn;Năm 2021;Năm 2022;Ghi chú
1;Giao Thủy;120;gần 200;
2;Hải Hậu;80;-;chưa báo cáo
3;Ý Yên;10;;
;Tổng cộng;210;gần 200;
"""


def test_a_wide_table_gives_a_figure_per_cell(tmp_path: Path) -> None:
    """Rows of places, columns of years, the metric and unit from the title block: one
    observation per filled cell; "-" and empty cells are missing, never zero; the ambiguous
    "Giao Thủy" is the district its sibling rows are."""
    path = write(tmp_path, "tin.csv", TIPS_BY_DISTRICT)
    assert [
        ("tin-C5", "tips", "365", "2021", "120 tin"),
        ("tin-D5", "tips", "365", "2022", "gần 200 tin"),
        ("tin-C6", "tips", "366", "2021", "80 tin"),
        ("tin-C7", "tips", "360", "2021", "10 tin"),
    ] == summary(path)
    assert ["", "", "chưa báo cáo", ""] == [o.note for o in ser.load_observations(path)]


def test_a_wide_table_streams_as_it_loads(tmp_path: Path) -> None:
    """iter_observations gives a wide table's figures as load_observations does."""
    path = write(tmp_path, "tin.csv", TIPS_BY_DISTRICT)
    assert ser.load_observations(path) == tuple(ser.iter_observations(path))


def test_a_total_that_its_rows_do_not_make_is_a_located_problem(tmp_path: Path) -> None:
    """A "Tổng cộng" of 300 over rows adding up to 210 is a problem at its cell."""
    path = write(
        tmp_path, "tin.csv", TIPS_BY_DISTRICT.replace(";Tổng cộng;210;", ";Tổng cộng;300;")
    )
    [problem] = problems(path)
    assert problem.startswith("the total says 300 tips, but rows 5 to 7 add up to 210 tips")
    assert problem.endswith("@ line 8, column 3")


def test_a_total_of_the_titled_place_is_its_figure_counted_once(tmp_path: Path) -> None:
    """With "Địa bàn: tỉnh Nam Định" above, the total is Nam Định's own figure: by province,
    the rows (every district? no: three) or the total count once, never both."""
    text = TIPS_BY_DISTRICT.replace(
        "Đơn vị tính: tin;;;;", "Đơn vị tính: tin;;;;\nĐịa bàn: tỉnh Nam Định;;;;"
    )
    path = write(tmp_path, "tin.csv", text)
    loaded = ser.load_observations(path)
    totals = [o for o in loaded if o.place == "36"]
    assert [("2021", "210 tin", "Tổng cộng")] == [
        (str(o.period), str(o.value), o.note) for o in totals if str(o.period) == "2021"
    ]
    dataset = Dataset(places=national_gazetteer(), observations=loaded)
    result = dataset.aggregate(
        "tips", period=ser.structure("2021", type(totals[0].period)), by="province"
    )
    assert "210 tin" == str(result.row(province="36").value)
    assert result.reconciliations


def test_a_workbook_header_merged_over_quarters(tmp_path: Path) -> None:
    """ "Năm 2021" merged over "Quý I" and "Quý II" names each column's quarter; a column of
    row numbers is skipped, figures stored as numbers stay numbers."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Súng"
    ws.append(["KẾT QUẢ THU HỒI VŨ KHÍ"])
    ws.append(["Chỉ tiêu: Súng các loại"])
    ws.append(["STT", "Huyện", "Năm 2021", None])
    ws.append([None, None, "Quý I", "Quý II"])
    ws.append([1, "Hải Hậu", 3, 4.0])
    ws.append([2, "Ý Yên", None, 2])
    ws.merge_cells("C3:D3")
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:B4")
    book.save(tmp_path / "sung.xlsx")
    assert [
        ("sung-C5", "surrendered.guns", "366", "2021-Q1", "3 khẩu"),
        ("sung-D5", "surrendered.guns", "366", "2021-Q2", "4 khẩu"),
        ("sung-D6", "surrendered.guns", "360", "2021-Q2", "2 khẩu"),
    ] == summary(tmp_path / "sung.xlsx")


def test_rows_of_metrics_and_columns_of_years(tmp_path: Path) -> None:
    """Rows may be metrics (by name) and the place come from the title block."""
    path = write(
        tmp_path,
        "vu-khi.csv",
        "Địa bàn: Nam Định\nChỉ tiêu,2020,2021\nSúng các loại,10,12\nLựu đạn,3,\n",
    )
    assert [
        ("vu-khi-B3", "surrendered.guns", "36", "2020", "10 khẩu"),
        ("vu-khi-C3", "surrendered.guns", "36", "2021", "12 khẩu"),
        ("vu-khi-B4", "surrendered.grenades", "36", "2020", "3 quả"),
    ] == summary(path)


def test_rows_of_places_and_columns_of_metrics(tmp_path: Path) -> None:
    """Columns may be metrics, the period coming from the title block."""
    path = write(
        tmp_path,
        "tinh.csv",
        "Kỳ: 2021\nTỉnh,Tin có giá trị,Súng các loại\nNam Định,gần 9.000,153\nHà Nam,120,\n",
    )
    assert [
        ("tinh-B3", "tips", "36", "2021", "gần 9.000 tin"),
        ("tinh-C3", "surrendered.guns", "36", "2021", "153 khẩu"),
        ("tinh-B4", "tips", "35", "2021", "120 tin"),
    ] == summary(path)


def test_a_wide_table_names_what_it_lacks(tmp_path: Path) -> None:
    """Without a metric anywhere, each figure's problem says to add "Chỉ tiêu: ..."."""
    path = write(tmp_path, "x.csv", "Địa bàn,2021\nNam Định,5\n")
    [problem] = problems(path, "vi")
    assert "hãy thêm dòng 'Chỉ tiêu: ...' phía trên dòng tiêu đề @ dòng 2, cột 2" in problem


def test_a_bad_figure_in_a_wide_table_is_located_at_its_cell(tmp_path: Path) -> None:
    """A figure that does not read is a problem at its own line and column."""
    path = write(tmp_path, "x.csv", "Chỉ tiêu: tips\nĐịa bàn,2021,2022\nNam Định,5,1.5\n")
    [problem] = problems(path)
    assert problem.startswith("a dot separates thousands in groups of three digits")
    assert problem.endswith("@ line 3, column 3")


def test_problem_locations_read_in_vietnamese() -> None:
    """A problem's location is written for Vietnamese readers too."""
    problem = Problem("sheet 'Q3', row 5, column \"value\" (B)", "x")
    assert "x @ trang tính 'Q3', hàng 5, cột \"value\" (B)" == problem.in_("vi")


# -- "1,500": a decimal comma, or a thousands group? ------------------------------------------


def _validated(tmp_path: Path, value: str, unit: str) -> list[tuple[str, str]]:
    path = write(
        tmp_path,
        "kg.csv",
        f"metric;value;unit;period\nsurrendered.fireworks;{value};{unit};2021\n",
    )
    report = Dataset(observations=ser.load_observations(path)).validate()
    return [(f.severity.value, f.code) for f in report]


def test_three_decimals_in_a_measured_unit_are_a_warning(tmp_path: Path) -> None:
    """ "1,500" kg loads as written (1.500 kg) and validation warns that it may be 1500 kg."""
    assert [("warning", "ambiguous-number")] == _validated(tmp_path, "1,500", "kg")


@pytest.mark.parametrize("value", ["1,5", "1.500", "1,25", "1500"])
def test_unambiguous_forms_are_not_warned_about(tmp_path: Path, value: str) -> None:
    """1,5, 1.500, 1,25 and 1500 say what they mean: no warning."""
    assert [] == _validated(tmp_path, value, "kg")


def test_the_warning_says_both_readings_in_both_languages(tmp_path: Path) -> None:
    """The warning names both readings and how to write each."""
    path = write(
        tmp_path, "kg.csv", "metric;value;unit;period\nsurrendered.fireworks;2,125;kg;2021\n"
    )
    [finding] = Dataset(observations=ser.load_observations(path)).validate()
    assert "typed in English means 2,125 kilograms" in finding.text("en")
    assert finding.text("vi").endswith("hãy ghi 2,125 hoặc 2.125 cho rõ")


def test_three_decimals_in_a_counted_unit_are_refused(tmp_path: Path) -> None:
    """ "1,500 tin" cannot be a count of one and a half: it is refused when read."""
    path = write(tmp_path, "tin.csv", "metric;value;period\ntips;1,500;2021\n")
    [problem] = problems(path)
    assert "counted in whole numbers" in problem


def test_a_titled_total_its_rows_exceed_is_a_validation_error(tmp_path: Path) -> None:
    """A titled province's "Tổng cộng" of 150 over district rows adding up to 210 is kept as
    the province's figure, and validation reports the contradiction at the total's cell."""
    text = TIPS_BY_DISTRICT.replace(
        "Đơn vị tính: tin;;;;", "Đơn vị tính: tin;;;;\nĐịa bàn: tỉnh Nam Định;;;;"
    ).replace(";Tổng cộng;210;", ";Tổng cộng;150;")
    loaded = ser.load_observations(write(tmp_path, "tin.csv", text))
    report = Dataset(places=national_gazetteer(), observations=loaded).validate()
    assert [("part-exceeds-whole", "tin-C9")] == [(f.code, f.record) for f in report]
