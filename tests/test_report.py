"""Reports: display width, the four renderings, the builders, and pandas interoperability."""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import re
import sys
import unicodedata
from decimal import Decimal

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import danvan
from danvan import Dataset, parse_period, parse_quantity, parse_ratio
from danvan._report import Cell, Column, Fact, Report, Section, Term, display_width
from danvan.errors import DanvanError, InvalidValueError, UnknownReferenceError

REVIEW = parse_period("2017/2021")
NAMES = ["Nam Định", "Giao Thủy", "Hoằng Hóa", "Ý Yên", "Trực Ninh"]


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def names_report(names: list[str], *, lang: str = "vi") -> Report:
    """A report of place names with a figure each."""
    rows: list[tuple[Cell, ...]] = [
        (name, parse_quantity(f"{i * 1000 + 5} tin")) for i, name in enumerate(names)
    ]
    section = Section(
        key="rows",
        title="Kết quả",
        columns=[Column(key="place", label="Địa bàn"), Column(key="value", label="Giá trị")],
        rows=rows,
    )
    return Report(title="Tin", lang=lang, sections=[section])


def second_column(line: str) -> int:
    """The display column where the second cell of a table line starts."""
    gap = re.search(r" {2,}", line)
    assert gap is not None
    return display_width(line[: gap.end()])


# -- display width ---------------------------------------------------------------------------


def test_display_width_ignores_combining_marks() -> None:
    """A Vietnamese word is as wide in NFD as in NFC: its marks take no column."""
    for name in NAMES:
        assert len(unicodedata.normalize("NFC", name)) == display_width(nfd(name))


def test_display_width_counts_wide_characters_twice() -> None:
    """East Asian wide characters take two terminal columns; format characters none."""
    assert 4 == display_width("日本")
    assert 2 == display_width("a\u200bb")


@given(st.text(alphabet="aăâeêioôơuưyđAĂÂĐ \u0300\u0301\u0303\u0309\u0323", max_size=30))
def test_display_width_is_the_same_in_every_normal_form(text: str) -> None:
    """display_width(NFC(t)) == display_width(NFD(t)) for every text t."""
    assert display_width(unicodedata.normalize("NFC", text)) == display_width(nfd(text))


# -- the terminal table --------------------------------------------------------------------


def test_nfd_input_renders_like_nfc() -> None:
    """A table of NFD names is the same text, aligned the same, as one of NFC names."""
    assert names_report(NAMES).to_table() == names_report([nfd(n) for n in NAMES]).to_table()


def test_columns_align_by_display_width() -> None:
    """Every line of a table starts its second column at the same display column."""
    table = names_report([nfd(n) for n in NAMES]).to_table().splitlines()
    body = table[table.index("Kết quả") + 1 :]
    assert 1 == len({second_column(line) for line in body})


def test_table_numbers_follow_the_language() -> None:
    """Vietnamese tables write 9.000 and 2,5 kg; English ones 9,000 and 2.5 kg."""
    rows: list[tuple[Cell, ...]] = [(parse_quantity("gần 9.000 tin"), parse_quantity("2,5 kg"))]
    section = Section(
        key="rows",
        title="t",
        columns=[Column(key="a", label="a"), Column(key="b", label="b")],
        rows=rows,
    )
    vi = Report(title="t", lang="vi", sections=[section]).to_table()
    en = Report(title="t", lang="en", sections=[section]).to_table()
    assert "gần 9.000 tin" in vi
    assert "2,5 kg" in vi
    assert "nearly 9,000 tips" in en
    assert "2.5 kilograms" in en


def test_numbers_are_right_aligned() -> None:
    """A column of numbers is right-aligned, as numbers are compared by their last digits."""
    section = Section(
        key="rows", title="t", columns=[Column(key="n", label="n")], rows=[(5,), (12345,)]
    )
    lines = Report(title="t", sections=[section]).to_table().splitlines()
    assert ["     5", "12.345"] == lines[-2:]


def test_control_characters_cannot_reach_the_terminal() -> None:
    """Escape and newline characters in data become a replacement mark and a space."""
    section = Section(
        key="rows", title="t", columns=[Column(key="a", label="a")], rows=[("x\x1b[31my\nz",)]
    )
    table = Report(title="t", sections=[section]).to_table()
    assert "\x1b" not in table
    assert "x\ufffd[31my z" == table.splitlines()[-1]


def test_empty_section_prints_its_empty_text() -> None:
    """A section without rows is one line: its title and what "none" reads as."""
    section = Section(
        key="x", title="Để ngoài", columns=[Column(key="a", label="a")], rows=[], empty="không có"
    )
    assert "Để ngoài: không có" == Report(title="t", sections=[section]).to_table().splitlines()[-1]


# -- CSV, Markdown, JSON ----------------------------------------------------------------------


FORMULAS = ["=1+2", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx", " =1+2", "＝1+2", "|cmd", "'quoted"]


@pytest.mark.parametrize("text", FORMULAS)
def test_csv_neutralises_formula_cells(text: str) -> None:
    """A text cell a spreadsheet could run as a formula (danvan._io.formulas: = + - @ | in any
    width, after spaces; a tab or CR), or starting with a quote, gets a leading quote."""
    section = Section(key="rows", title="t", columns=[Column(key="a", label="a")], rows=[(text,)])
    text_of = Report(title="t", sections=[section]).to_csv()
    rows = list(csv.reader(io.StringIO(text_of), delimiter=";"))
    assert "'" + text == rows[1][0]


def test_csv_writes_numbers_for_the_spreadsheet_of_its_language() -> None:
    """Text is written as it is; numbers ungrouped, with ";" and the decimal comma for a
    Vietnamese spreadsheet, "," and the dot for an English one."""
    section = Section(
        key="rows",
        title="t",
        columns=[
            Column(key="a", label="Tên"),
            Column(key="n", label="Số"),
            Column(key="d", label="D"),
        ],
        rows=[("Nam Định", 9000, Decimal("8100.5")), ("a=b", -3, None)],
    )
    vi = Report(title="t", sections=[section]).to_csv()
    en = Report(title="t", lang="en", sections=[section]).to_csv()
    # A cell holding either separator is quoted (danvan._io.csv_observations.csv_line);
    # spreadsheets read a quoted number as a number.
    assert 'Tên;Số;D\r\nNam Định;9000;"8100,5"\r\na=b;-3;\r\n' == vi
    assert "Tên,Số,D\r\nNam Định,9000,8100.5\r\na=b,-3,\r\n" == en


def test_csv_spreads_figures_into_numbers() -> None:
    """A figure becomes its value, bounds, qualifier, unit and text, each in its cell, under
    the keys of to_pandas."""
    report = names_report(["Nam Định"])
    report = attrs.evolve(
        report,
        sections=[
            attrs.evolve(report.sections[0], rows=[("Nam Định", parse_quantity("gần 9.000 tin"))])
        ],
    )
    keys, values = report.to_csv(header="key").splitlines()
    assert "place;value_point;value_lower;value_upper;value_qualifier;value_unit;value" == keys
    assert "Nam Định;9000;8100;9000;gần;tin;gần 9.000 tin" == values


def test_csv_header_can_be_keys() -> None:
    """header="key" writes the stable column keys instead of the labels."""
    report = names_report(NAMES[:1])
    assert "place;value_point" == ";".join(report.to_csv(header="key").split(";")[:2])
    with pytest.raises(InvalidValueError, match="header"):
        report.to_csv(header="both")


def test_csv_writes_nfc() -> None:
    """CSV text is NFC whatever the input's normal form."""
    text = names_report([nfd("Nam Định")]).to_csv()
    assert unicodedata.normalize("NFC", text) == text


def test_markdown_tables_have_one_cell_per_column() -> None:
    """Every Markdown table row has as many cells as the header, pipes in cells escaped."""
    report = names_report(["a|b", *NAMES])
    lines = [line for line in report.to_markdown().splitlines() if line.startswith("|")]
    header, separator, *body = lines
    assert "| Địa bàn | Giá trị |" == header
    assert "| --- | --- |" == separator
    assert "| a\\|b | 5 tin |" == body[0]
    for line in lines:
        assert 2 == line.replace("\\|", "").count("|") - 1


def test_markdown_shape() -> None:
    """Markdown: a level-2 title, facts as a bold-labelled list, a level-3 heading per section."""
    report = Report(
        title="Tin",
        facts=[Fact(key="period", label="Kỳ", value="2017/2021")],
        sections=[names_report(NAMES).sections[0]],
    )
    lines = report.to_markdown().splitlines()
    assert ["## Tin", "", "- **Kỳ:** 2017/2021", "", "### Kết quả", ""] == lines[:6]


def test_json_keeps_values_typed() -> None:
    """JSON: quantities as objects, Decimals as exact strings, terms by value, dates in ISO."""
    section = Section(
        key="rows",
        title="t",
        columns=[Column(key=k, label=k) for k in ("q", "d", "t", "day", "b")],
        rows=[
            (parse_quantity("khoảng 2,5 kg"), Decimal("2.50"), Term("error", "lỗi"),
             pendulum.Date(2021, 12, 31), True),
        ],
    )  # fmt: skip
    data = json.loads(Report(title="t", sections=[section]).to_json())
    row = data["sections"][0]["rows"][0]
    bounds = parse_quantity("khoảng 2,5 kg").bounds
    assert {
        "text": "khoảng 2,5 kg",
        "value": "2.5",
        "unit": "kilogram",
        "qualifier": "about",
        "lower": format(bounds.lower, "f"),
        "upper": format(bounds.upper, "f"),
        "lower_closed": True,
        "upper_closed": True,
    } == row["q"]
    assert ("2.50", "error", "2021-12-31", True) == (row["d"], row["t"], row["day"], row["b"])


# -- construction rules -----------------------------------------------------------------------


def test_rows_must_fit_the_columns() -> None:
    """A row with more or fewer cells than columns is refused, naming the row."""
    with pytest.raises(InvalidValueError, match=r"rows\[0\]: has 2 cells"):
        Section(key="x", title="x", columns=[Column(key="a", label="a")], rows=[("1", "2")])


def test_language_must_be_vi_or_en() -> None:
    """Report(lang=...) accepts only "vi" and "en"."""
    with pytest.raises(InvalidValueError, match="lang"):
        Report(title="t", lang="fr")


def test_unknown_section_is_named() -> None:
    """Asking for a section that is not there names it and lists those that are."""
    with pytest.raises(UnknownReferenceError, match=r"no section 'nope'.*rows"):
        names_report(NAMES).section("nope")


# -- the builders ------------------------------------------------------------------------------


def test_aggregation_report_answers_the_guns_question(seed: Dataset) -> None:
    """Guns surrendered in Nam Định, 2017–2021: 153 khẩu, with the province named."""
    result = seed.aggregate("surrendered.guns", period=REVIEW, by="province", place="36")
    report = Report.from_aggregation(result, dataset=seed, scope="36")
    assert [("36", "Nam Định", parse_quantity("153 khẩu"))] == list(report.section("rows").rows)
    assert "36       Nam Định  153 khẩu" in report.to_table().splitlines()


def test_aggregation_report_without_dataset_shows_codes_only(seed: Dataset) -> None:
    """Without the dataset, a report has code columns and no names."""
    result = seed.aggregate("tips", period=REVIEW, by="province", place="36")
    report = Report.from_aggregation(result, lang="en")
    assert ["province", "value"] == [c.key for c in report.section("rows").columns]
    assert "Tips" == report.title  # no catalogue to name it: the code, capitalised


def test_bounds_and_sources_on_request(seed: Dataset) -> None:
    """show_bounds adds each total's interval; show_sources its observations and their quotes."""
    result = seed.aggregate("blood.turns", period=REVIEW, place="36")
    plain = Report.from_aggregation(result, dataset=seed)
    full = Report.from_aggregation(result, dataset=seed, show_bounds=True, show_sources=True)
    assert ["value"] == [c.key for c in plain.section("rows").columns]
    assert ["value", "bounds", "observations"] == [c.key for c in full.section("rows").columns]
    assert "(3.100; ∞)" in full.to_table()
    quote = full.section("sources").rows[0][3]
    assert isinstance(quote, str)
    assert quote.startswith("vận động hơn 3.100 lượt")
    with pytest.raises(UnknownReferenceError):
        plain.section("sources")


def test_left_out_and_missing_are_reported(seed: Dataset) -> None:
    """Figures left out are listed with their reason; groups without figures as missing."""
    result = seed.aggregate("tips", period=REVIEW, by="year")
    report = Report.from_aggregation(result, dataset=seed, lang="en")
    assert () == report.section("rows").rows
    excluded = report.section("excluded").rows
    assert "tips" == excluded[0][0]
    assert "spans several years" in str(excluded[0][1])
    missing = report.section("missing").rows
    assert ["2017", "2018", "2019", "2020", "2021"] == [row[1] for row in missing]
    assert "No figures (missing, not zero)" in report.to_table()


def test_row_notes_become_a_section_in_the_reports_language(seed: Dataset) -> None:
    """A total built from "of which" parts carries its note, only a lower bound, written in
    the report's language."""
    result = seed.aggregate("surrendered", period=REVIEW, place="36")
    notes = Report.from_aggregation(result, dataset=seed, lang="en").section("notes").rows
    assert len(result.rows) == len(notes)  # one per unit: pieces, guns, rounds, grams...
    assert all("lower bound" in str(note[1]) for note in notes)
    notes_vi = Report.from_aggregation(result, dataset=seed).section("notes").rows
    assert all("chỉ là cận dưới" in str(note[1]) for note in notes_vi)
    assert all("lower bound" in note for row in result.rows for note in row.notes)


def test_a_superseded_stock_says_so_in_both_languages() -> None:
    """A stock replaced by a later figure of its series is noted, in English and Vietnamese."""
    models = [
        danvan.Observation(
            id=f"m{year}", metric="models", value=parse_quantity(f"{n} mô hình"),
            period=parse_period(str(year)), place="36",
        )
        for year, n in ((2020, 40), (2021, 52))
    ]  # fmt: skip
    result = Dataset(observations=models).aggregate("models", period=REVIEW)
    assert ("m2020 (2020) superseded by the later figure m2021 (2021)",) == result.rows[0].notes
    (note,) = Report.from_aggregation(result).section("notes").rows
    assert "m2020 (2020) được thay bằng số liệu mới hơn m2021 (2021)" == note[1]


def test_ratio_shows_its_percentage(seed: Dataset) -> None:
    """A coverage total reads 204/204 = 100%, recomputed from the figures."""
    result = seed.aggregate("police.regular.coverage", period=REVIEW, place="36")
    table = Report.from_aggregation(result, dataset=seed).to_table()
    assert "204/204 = 100%" in table


@pytest.mark.parametrize(
    ("text", "vi", "en"),
    [
        ("hơn 20/25", "hơn 20/25 = trên 80%", "more than 20/25 = over 80%"),
        ("gần 20/25", "gần 20/25 = 72–80%", "nearly 20/25 = 72–80%"),
        ("20/25", "20/25 = 80%", "20/25 = 80%"),
    ],
)
def test_an_approximate_ratio_shows_the_percentages_it_allows(text: str, vi: str, en: str) -> None:
    """ "hơn 20/25" is over 80 %, never exactly 80 %: the table says so, in each language."""
    rows: list[tuple[Cell, ...]] = [(parse_ratio(text, unit="commune"),)]
    columns = [Column(key="v", label="v")]
    sections = [Section(key="r", title="r", columns=columns, rows=rows)]
    assert vi in Report(title="t", sections=sections).to_table()
    assert en in Report(title="t", sections=sections, lang="en").to_table()


def test_reconciliations_are_listed() -> None:
    """A restatement appears in the reconciliations, with whether the figures agree."""
    tips = [
        danvan.Observation(id=i, metric="tips", value=parse_quantity(v), period=REVIEW)
        for i, v in (("a", "gần 9.000 tin"), ("b", "8.968 tin"))
    ]
    result = Dataset(observations=tips).aggregate("tips", period=REVIEW)
    rows = Report.from_aggregation(result, lang="en").section("reconciliations").rows
    assert 1 == len(rows)
    kind, whole, *_, consistent, used = rows[0]
    assert (Term("restatement", "restatement"), "b", True) == (kind, whole, consistent)
    assert Term("whole", "whole") == used


def test_validation_report_counts_and_lists_findings() -> None:
    """A validation report counts findings by severity and lists each with its record."""
    tips, period = parse_quantity("120 tin"), parse_period("2021")
    repeated = Dataset(
        sources=[danvan.Source(id="bao", title="Tin")],
        observations=[
            danvan.Observation(id=name, metric="tips", value=tips, period=period, source="bao")
            for name in ("x", "y")
        ],
    )
    report = Report.from_validation(repeated.validate(), lang="vi", title="bao")
    assert "Kết quả kiểm tra: bao" == report.title
    assert {"errors": 0, "warnings": 1, "infos": 0} == {f.key: f.value for f in report.facts}
    severity, code, record, _ = report.section("findings").rows[0]
    assert (Term("warning", "cảnh báo"), "repeated-in-source", "y") == (
        severity,
        code,
        record,
    )


def test_catalogue_report_lists_every_metric() -> None:
    """The catalogue report has a row per metric, with unit, aggregation and parent."""
    catalogue = danvan.standard_catalogue()
    report = Report.from_catalogue(catalogue, lang="en")
    rows = {row[0]: row for row in report.section("metrics").rows}
    assert len(catalogue) == len(rows)
    guns = rows["surrendered.guns"]
    assert (Term("khau", "guns"), "surrendered") == (guns[2], guns[6])
    coverage = rows["police.regular.coverage"]
    assert (None, "ratio") == (coverage[2], getattr(coverage[5], "value", None))
    assert "gồm (đủ)" in Report.from_catalogue(catalogue).to_table()


# -- pandas -------------------------------------------------------------------------------------


def test_to_pandas_spreads_quantities_and_keeps_numbers_exact(seed: Dataset) -> None:
    """to_pandas: one column per part of a figure; ints stay ints, Decimals stay Decimals."""
    result = seed.aggregate("tips", period=REVIEW, by="province", place="36")
    frame = Report.from_aggregation(result, dataset=seed).to_pandas()
    assert [
        "province", "province_name", "value", "value_point", "value_lower", "value_upper",
        "value_lower_closed", "value_upper_closed", "value_qualifier", "value_unit",
    ] == list(frame.columns)  # fmt: skip
    row = frame.iloc[0]
    assert ("36", 9000, 8100, "nearly") == (
        row["province"],
        row["value_point"],
        row["value_lower"],
        row["value_qualifier"],
    )


def test_to_pandas_keeps_decimals() -> None:
    """Decimal figures reach pandas as Decimal objects, never rounded through a float."""
    report = names_report([])
    rows: list[tuple[Cell, ...]] = [("x", parse_quantity("2,5 kg"))]
    report = Report(
        title="t",
        sections=[Section(key="r", title="r", columns=report.sections[0].columns, rows=rows)],
    )
    point = report.to_pandas().loc[0, "value_point"]
    assert (Decimal, Decimal("2.5")) == (type(point), point)


def test_to_pandas_never_turns_a_gap_into_a_float(seed: Dataset) -> None:
    """A number column with a gap ("hơn 3.100" has no upper bound) keeps ints and None,
    never NaN and floats; a column without gaps stays int64."""
    result = seed.aggregate("surrendered", period=REVIEW, by="submetric")
    frames = [
        Report.from_aggregation(result).to_pandas(),
        seed.aggregate("blood.turns", period=REVIEW).to_pandas(),
        seed.to_pandas(),
    ]
    for frame in frames:
        assert [] == [c for c in frame.columns if frame[c].dtype.kind == "f"]  # no floats
    assert [None] == list(frames[1]["value_upper"])
    observations = frames[2].set_index("id")
    assert (None, 3100, 204) == (
        observations.loc["blood-turns", "upper"],
        observations.loc["blood-turns", "lower"],
        observations.loc["regular-police-coverage", "denominator"],
    )
    assert "int64" == str(frames[0]["value_point"].dtype)


def one_column(rows: list[tuple[Cell, ...]]) -> Report:
    """A report of one section with one column ``v``."""
    columns = [Column(key="v", label="v")]
    return Report(title="t", sections=[Section(key="r", title="r", columns=columns, rows=rows)])


@pytest.mark.parametrize(
    ("cell", "fragment"),
    [
        (1.5, "never a float"),
        (_dt.datetime(2021, 5, 1, 13, 0), "never a float or a datetime"),
        (Decimal("NaN"), "finite"),
        (object(), "got object"),
    ],
)
def test_a_section_refuses_cells_it_cannot_write_honestly(cell: object, fragment: str) -> None:
    """Floats, datetimes, NaN and other objects are refused where they are, not when printed."""
    with pytest.raises(InvalidValueError, match=fragment) as caught:
        one_column([(cell,)])  # type: ignore[list-item]  # deliberately not a Cell
    assert "section[r].rows[0][0]" == caught.value.where


def test_a_sections_text_cells_are_nfc() -> None:
    """Text cells are NFC whatever form they arrive in, for every renderer."""
    decomposed = unicodedata.normalize("NFD", "Hải Hậu")
    report = one_column([(decomposed,)])
    assert unicodedata.normalize("NFC", "Hải Hậu") == report.sections[0].rows[0][0]


def test_to_pandas_says_which_ends_are_included() -> None:
    """An open end is marked: "hàng trăm" + 5 lies in [105; 1.005), and 1.005 is not possible."""
    total = parse_quantity("hàng trăm tin") + parse_quantity("5 tin")
    row = one_column([(total,)]).to_pandas().iloc[0]
    assert (105, 1005, True, False) == (
        row["v_lower"],
        row["v_upper"],
        row["v_lower_closed"],
        row["v_upper_closed"],
    )


def test_to_pandas_spreads_every_row_whatever_the_first_holds() -> None:
    """Columns come from every row: a figure after a gap still spreads into its parts."""
    frame = one_column([(None,), (parse_quantity("gần 9.000 tin"),)]).to_pandas()
    assert [None, 9000] == list(frame["v_point"])
    assert [None, "nearly"] == list(frame["v_qualifier"])


def test_to_pandas_writes_text_in_the_reports_language(seed: Dataset) -> None:
    """The text column of a figure is in the report's language, as its table is."""
    result = seed.aggregate("blood.turns", period=REVIEW)
    assert ["more than 3,100 turns"] == list(result.to_pandas(lang="en")["value"])
    assert ["hơn 3.100 lượt"] == list(result.to_pandas()["value"])


def test_to_pandas_keeps_a_ratios_qualifiers() -> None:
    """A ratio's parts keep their qualifiers: "gần 20/25" is not an exact 80 %."""
    ratio = parse_ratio("gần 20/25", unit="commune")
    row = one_column([(ratio,)]).to_pandas().iloc[0]
    assert ("nearly", "exact") == (row["v_numerator_qualifier"], row["v_denominator_qualifier"])


def test_text_gaps_stay_none_in_pandas(seed: Dataset) -> None:
    """A gap in a text column is None, not pandas' float NaN."""
    frame = seed.to_pandas().set_index("id")
    assert None is frame.loc["tips", "activity"]
    catalogue = Report.from_catalogue(seed.catalogue).to_pandas()
    assert None in list(catalogue["parent"])


def test_to_pandas_of_an_empty_section_has_its_columns(seed: Dataset) -> None:
    """An empty section gives an empty frame that still names its columns."""
    report = Report.from_aggregation(seed.aggregate("tips", period=REVIEW, by="year"))
    assert ["year", "value"] == list(report.to_pandas().columns)


def test_observations_frame_has_a_row_per_observation(seed: Dataset) -> None:
    """Dataset.to_pandas: every observation, its figure spread into exact numbers and dates."""
    frame = seed.to_pandas(lang="en").set_index("id")
    assert len(seed.observations) == len(frame)
    assert ("nearly 9,000 tips", 9000, _dt.date(2021, 12, 31)) == (
        frame.loc["tips", "value"],
        frame.loc["tips", "point"],
        frame.loc["tips", "end"],
    )
    assert 204 == frame.loc["regular-police-coverage", "denominator"]


def test_missing_pandas_is_a_clear_error(seed: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pandas, to_pandas raises a DanvanError saying how to install it."""
    monkeypatch.setitem(sys.modules, "pandas", None)
    report = names_report(NAMES)
    with pytest.raises(DanvanError, match=r"pip install 'danvan\[pandas\]'"):
        report.to_pandas()


def test_results_and_datasets_convert_to_pandas(seed: Dataset) -> None:
    """AggregationResult.to_pandas and Dataset.to_pandas keep exact numbers, never floats."""
    frame = seed.aggregate("surrendered", period=REVIEW, by="submetric").to_pandas()
    rounds = frame[frame["metric"] == "surrendered.rounds"].iloc[0]
    assert (3089, "exact", "vien") == (
        rounds["value_point"],
        rounds["value_qualifier"],
        rounds["value_unit"],
    )
    observations = seed.to_pandas()
    tips = observations[observations["id"] == "tips"].iloc[0]
    assert (9000, "nearly", 8100) == (tips["point"], tips["qualifier"], tips["lower"])
    assert len(seed.observations) == len(observations)


def test_a_catalogue_of_any_counting_reports() -> None:
    """A metric counting households, groups or events (beyond the first ten countings) is
    listed with its words, in both languages."""
    metric = danvan.Metric(
        code="households.helped", name_vi="hộ được giúp", name_en="households helped", unit="hộ"
    )
    catalogue = danvan.standard_catalogue().extended([metric])
    for lang, word in (("vi", "hộ"), ("en", "households")):
        report = Report.from_catalogue(catalogue, lang=lang)
        row = next(r for r in report.section("metrics").rows if r[0] == "households.helped")
        assert Term("households", word) == row[4]
