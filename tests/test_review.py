"""From a report to a reviewed dataset: the review sheet, reading it back, the command line."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]  # the test group installs no stubs
import pendulum
import pytest

from danvan import (
    Dataset,
    LoadError,
    extract,
    load,
    read_report,
    read_review,
    write_review,
)
from danvan._cli import main
from danvan._extract.review import COLUMNS, HEADERS

REPORT = (
    "CÔNG AN HUYỆN Ý YÊN\n"
    "Báo cáo kết quả công tác dân vận năm 2021\n\n"
    "Năm 2021, quần chúng nhân dân đã cung cấp 1.245 tin có giá trị; người dân tự nguyện "
    "giao nộp 02 khẩu súng quân dụng, 07 khẩu súng tự chế và 215 viên đạn các loại.\n"
    "Toàn huyện có 64 mô hình, trong đó 12 mô hình mới. Tổ chức 126 buổi tuyên truyền.\n"
    "Phấn đấu năm 2022 xây dựng thêm 10 mô hình.\n"
)
PUBLISHED = pendulum.Date(2022, 1, 10)


def _rows(path: Path) -> list[dict[str, str]]:
    """The sheet's rows by column key, whichever language its headers are in."""
    key = {t.in_(lang): c for c, t in HEADERS.items() for lang in ("vi", "en")}
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return [{key[h]: v for h, v in row.items()} for row in csv.DictReader(stream)]


def _write_rows(path: Path, rows: list[dict[str, str]], lang: str = "en") -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow([HEADERS[c].in_(lang) for c in COLUMNS])
        writer.writerows([row[c] for c in COLUMNS] for row in rows)


def _keep_complete(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Yes on every row whose proposal is complete, no on the others."""
    for row in rows:
        complete = row["kind"] == "result" and row["proposed metric"] and row["proposed period"]
        row["keep"] = "có" if complete else "không"
    return rows


def test_the_sheet_has_one_row_per_candidate_with_empty_columns_to_fill(tmp_path: Path) -> None:
    """A row per figure: its quote and proposal, and keep/metric/period/place left empty."""
    found = extract(REPORT, published=PUBLISHED)
    write_review(found, tmp_path / "review.csv")
    rows = _rows(tmp_path / "review.csv")
    assert [c.id for c in found] == [r["candidate"] for r in rows]
    assert {""} == {r[c] for r in rows for c in ("keep", "metric", "period", "place")}
    first = rows[0]
    assert ("1.245 tin có giá trị", "tips", "2021", "360") == (
        first["figure"],
        first["proposed metric"],
        first["proposed period"],
        first["proposed place"],
    )
    assert first["quote"].startswith("Năm 2021, quần chúng")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_keeping_every_complete_proposal_gives_the_dataset_of_to_dataset(
    tmp_path: Path, suffix: str
) -> None:
    """Law: a sheet whose complete rows are all kept reads back as `to_dataset` builds."""
    found = extract(REPORT, published=PUBLISHED)
    path = tmp_path / f"review{suffix}"
    write_review(found, path)
    dataset = read_review(path, unreviewed="accept")
    expected = found.to_dataset()
    assert expected.observations == dataset.observations
    assert expected.organisations == dataset.organisations
    assert expected.sources == dataset.sources


def test_corrections_replace_the_proposal(tmp_path: Path) -> None:
    """A metric, period and place written by the analyst (a name is resolved) win."""
    path = tmp_path / "review.csv"
    write_review(extract(REPORT, published=PUBLISHED), path)
    rows = _keep_complete(_rows(path))
    sessions = next(r for r in rows if r["figure"] == "126 buổi tuyên truyền")
    sessions.update(keep="có", metric="models", period="quý IV/2021", place="xã Yên Tiến")
    sessions["value"] = "126 mô hình"  # the analyst re-reads the figure too
    _write_rows(path, rows)
    dataset = read_review(path)
    observation = next(o for o in dataset.observations if o.id.endswith(sessions["candidate"]))
    assert ("models", "2021-Q4", "13861", "126 mô hình") == (
        observation.metric,
        str(observation.period),
        observation.place,
        str(observation.value),
    )


def test_bad_edits_are_each_located_by_row_and_column(tmp_path: Path) -> None:
    """Every bad cell is reported together, each with its line and column."""
    path = tmp_path / "review.csv"
    write_review(extract(REPORT, published=PUBLISHED), path)
    rows = _keep_complete(_rows(path))
    rows[0]["keep"] = "maybe"
    rows[1]["metric"] = "guns"
    rows[2]["period"] = "quý V/2021"
    rows[3]["value"] = "hai con mèo"
    rows[4]["place"] = "huyện Không Có"
    target = next(r for r in rows if r["kind"] == "target")
    target["keep"] = "có"
    _write_rows(path, rows)
    with pytest.raises(LoadError) as info:
        read_review(path)
    found = [(p.where, p.message.split(" ")[0]) for p in info.value.problems]
    line = {r["candidate"]: n for n, r in enumerate(rows, start=2)}
    expected = [
        (f'line {line[rows[0]["candidate"]]}, column "keep"', "must"),
        (f'line {line[rows[1]["candidate"]]}, column "metric"', "unknown"),
        (f'line {line[rows[2]["candidate"]]}, column "period"', "not"),
        (f'line {line[rows[3]["candidate"]]}, column "value"', ""),
        (f'line {line[rows[4]["candidate"]]}, column "place"', "no"),
        (f'line {line[target["candidate"]]}, column "kind"', "a"),
    ]
    assert [w for w, _ in expected] == [w for w, _ in found]
    assert [m for _, m in expected if m] == [
        m for (_, m), (_, e) in zip(found, expected, strict=True) if e
    ]


def test_a_place_name_that_fits_several_lists_them_in_both_languages(tmp_path: Path) -> None:
    """ "Hậu Lộc" in the place column is a problem listing the units it may name, by the
    rule of every table's place cells, in Vietnamese and English; so is an unknown metric."""
    path = tmp_path / "review.csv"
    write_review(extract(REPORT, published=PUBLISHED), path)
    rows = _keep_complete(_rows(path))
    kept = [r for r in rows if r["keep"] == "có"]
    kept[0]["place"] = "Hậu Lộc"
    kept[1]["metric"] = "xyz"
    _write_rows(path, rows)
    with pytest.raises(LoadError) as info:
        read_review(path)
    place, metric = info.value.problems
    assert place.in_("vi").startswith(
        "'Hậu Lộc' có thể là 3 địa bàn vào ngày 31-12-2021: huyện Hậu Lộc (400); thị trấn "
        "Hậu Lộc (16012); xã Hậu Lộc (29728)"
    )
    assert place.in_("en").startswith("'Hậu Lộc' may name 3 places on 2021-12-31: huyện")
    assert metric.in_("vi").startswith("không rõ chỉ tiêu 'xyz'")


def test_a_vietnamese_sheet_has_vietnamese_headers_and_reads_back(tmp_path: Path) -> None:
    """write_review(lang="vi") heads its columns in Vietnamese ("Giữ", "Chỉ tiêu") and says
    why in Vietnamese; read_review reads it as it reads an English one."""
    english, vietnamese = tmp_path / "en.csv", tmp_path / "vi.csv"
    found = extract(REPORT, published=PUBLISHED)
    write_review(found, english)
    write_review(found, vietnamese, lang="vi")
    header = vietnamese.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert ["Mã đề xuất", "Giữ", "Số liệu trong bài", "Giá trị"] == header[:4]
    rows = _keep_complete(_rows(vietnamese))
    assert rows[0]["why"].startswith("chỉ tiêu: ")
    _write_rows(vietnamese, rows, "vi")
    _write_rows(english, _keep_complete(_rows(english)))
    assert read_review(english).observations == read_review(vietnamese).observations


def test_a_row_nobody_marked_is_an_error_unless_asked_otherwise(tmp_path: Path) -> None:
    """Empty 'keep': an error by default; skipped, or taken when complete, if asked."""
    path = tmp_path / "review.csv"
    found = extract(REPORT, published=PUBLISHED)
    write_review(found, path)
    with pytest.raises(LoadError) as info:
        read_review(path)
    assert len(found) == len(info.value.problems)
    assert 0 == len(read_review(path, unreviewed="skip").observations)
    assert len(found.to_dataset().observations) == len(
        read_review(path, unreviewed="accept").observations
    )


def test_the_workbook_lists_the_metrics_and_a_guide(tmp_path: Path) -> None:
    """The .xlsx has the review sheet, the catalogue's metrics and a bilingual guide."""
    path = tmp_path / "review.xlsx"
    write_review(extract(REPORT, published=PUBLISHED), path)
    workbook = openpyxl.load_workbook(path)
    assert ["review", "metrics", "guide"] == workbook.sheetnames
    assert list(COLUMNS) == [c.value for c in workbook["review"][1]]


def test_a_reviewed_workbook_reads_edits_typed_as_numbers(tmp_path: Path) -> None:
    """A figure typed as a number in Excel reads in the metric's unit."""
    path = tmp_path / "review.xlsx"
    write_review(extract(REPORT, published=PUBLISHED), path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["review"]
    keep, value = COLUMNS.index("keep") + 1, COLUMNS.index("value") + 1
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, keep).value = "không"
    sheet.cell(2, keep).value = "có"
    sheet.cell(2, value).value = 1250
    workbook.save(path)
    (observation,) = read_review(path).observations
    assert "1.250 tin" == str(observation.value)


# -- reports as files -------------------------------------------------------------------------


def _docx(path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("CÔNG AN HUYỆN Ý YÊN")
    document.add_paragraph("Năm 2021, quần chúng nhân dân đã cung cấp 1.245 tin có giá trị.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Nội dung"
    table.cell(0, 1).text = "Số lượng"
    table.cell(1, 0).text = "Súng"
    table.cell(1, 1).text = "9"
    document.add_paragraph("Người dân giao nộp 02 khẩu súng.")
    document.save(str(path))


def test_a_word_report_reads_as_its_paragraphs_and_table_rows(tmp_path: Path) -> None:
    """A .docx reads in document order: paragraphs, then each table row on a line (a row
    of figures as a sentence that gives each its counting word)."""
    path = tmp_path / "report.docx"
    _docx(path)
    assert (
        "CÔNG AN HUYỆN Ý YÊN\n"
        "Năm 2021, quần chúng nhân dân đã cung cấp 1.245 tin có giá trị.\n"
        "Nội dung | Số lượng\nSúng: 9 súng.\n"
        "Người dân giao nộp 02 khẩu súng."
    ) == read_report(path)


def _table(document: Any, rows: list[list[str]]) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text


def test_the_figures_of_a_word_table_are_found_with_their_row_and_column(
    tmp_path: Path,
) -> None:
    """A table of a row per commune and a column per metric (or a row per metric and a
    column per period) reads as sentences: each figure has its unit, place and period."""
    import docx

    document = docx.Document()
    document.add_paragraph("CÔNG AN HUYỆN THANH SƠN")
    document.add_paragraph("Báo cáo kết quả 6 tháng đầu năm 2024")
    _table(
        document,
        [
            ["TT", "Đơn vị", "Số tin có giá trị", "Súng (khẩu)", "Ghi chú"],
            ["1", "Xã Võ Miếu", "25", "2", ""],
            ["2", "Xã Địch Quả", "13", "-", "3"],
        ],
    )
    _table(
        document,
        [
            ["KẾT QUẢ SO VỚI NĂM TRƯỚC", "KẾT QUẢ SO VỚI NĂM TRƯỚC"],
            ["Nội dung", "Năm 2023"],
            ["Tin có giá trị (tin)", "120"],
        ],
    )
    path = tmp_path / "report.docx"
    document.save(str(path))
    text = read_report(path)
    assert "Xã Võ Miếu: 25 tin có giá trị; 2 khẩu súng." in text.splitlines()
    assert "KẾT QUẢ SO VỚI NĂM TRƯỚC" in text.splitlines()  # a title merged across a table
    found = extract(text, published=pendulum.Date(2024, 7, 5))
    assert [
        ("25 tin có giá trị", "tips", "2024-H1", "08584"),
        ("2 khẩu súng", "surrendered.guns", "2024-H1", "08584"),
        ("13 tin có giá trị", "tips", "2024-H1", "08572"),
        ("120 tin có giá trị", "tips", "2023", "238"),
    ] == [
        (
            c.text,
            c.metric and c.metric.code,
            c.period and str(c.period.period),
            c.place and c.place.code,
        )
        for c in found
    ]


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("report.txt", "Tiếp nhận 5 tin".encode("utf-16"), "not UTF-8"),
        ("report.pdf", b"%PDF", "a report is a .txt or .docx"),
        ("report.docx", b"not a zip", "not a readable .docx"),
    ],
)
def test_reports_that_cannot_be_read_say_why(
    tmp_path: Path, name: str, content: bytes, fragment: str
) -> None:
    """A report file of another kind or encoding raises a LoadError saying what to do."""
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(LoadError, match=fragment):
        read_report(path)


# -- the command line -------------------------------------------------------------------------


def test_from_a_word_report_to_a_validated_dataset_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """extract -o review.csv, mark the sheet, extract --reviewed -o data.json, validate."""
    report, sheet, data = tmp_path / "r.docx", tmp_path / "review.csv", tmp_path / "data.json"
    _docx(report)
    assert 0 == main(["extract", str(report), "--published", "10-1-2022", "-o", str(sheet)])
    _write_rows(sheet, _keep_complete(_rows(sheet)))
    assert 0 == main(["extract", "--reviewed", str(sheet), "-o", str(data)])
    dataset = load(data)
    assert isinstance(dataset, Dataset)
    # The table's "Súng | 9" is a figure too, between the two paragraphs' figures.
    assert [("tips", "360"), ("surrendered.guns", "360"), ("surrendered.guns", "360")] == [
        (o.metric, o.place) for o in dataset.observations
    ]
    capsys.readouterr()
    assert 0 == main(["validate", str(data), "--lang", "en"])
    assert "0 error(s)" in capsys.readouterr().out


def test_extract_lists_the_figures_on_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without -o, one line per figure: id, figure, value, metric, period, place, kind."""
    report = tmp_path / "r.txt"
    report.write_text(REPORT, encoding="utf-8")
    assert 0 == main(["extract", str(report), "--published", "10-1-2022"])
    first = capsys.readouterr().out.splitlines()[0].split("\t")
    assert ["f1", "1.245 tin có giá trị", "1.245 tin", "tips", "2021", "360", "result"] == first


def test_extract_to_json_writes_the_complete_proposals(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """-o data.json writes `to_dataset` and lists the figures left out on stderr."""
    report, data = tmp_path / "r.txt", tmp_path / "data.json"
    report.write_text(REPORT, encoding="utf-8")
    assert 0 == main(["extract", str(report), "--published", "10-1-2022", "-o", str(data)])
    found = extract(REPORT, published=PUBLISHED)
    assert found.to_dataset().observations == load(data).observations
    assert "a target, not a result" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "status", "fragment"),
    [
        (["extract", "--reviewed", "{sheet}"], 2, "--reviewed needs -o OUT.json"),
        (["extract", "{report}", "-o", "{tmp}/out.pdf"], 2, "OUT must be"),
        (["extract", "{report}", "--place", "huyện Không Có"], 2, "argument --place"),
        (["extract", "{tmp}/none.txt"], 1, "none.txt"),
    ],
)
def test_extract_command_errors_are_one_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    status: int,
    fragment: str,
) -> None:
    """Wrong command lines and missing files end with one readable line and a status."""
    report = tmp_path / "r.txt"
    report.write_text(REPORT, encoding="utf-8")
    sheet = tmp_path / "review.csv"
    names = {"report": str(report), "sheet": str(sheet), "tmp": str(tmp_path)}
    assert status == main([*(a.format(**names) for a in args), "--lang", "en"])
    err = capsys.readouterr().err
    assert fragment in err
    assert 1 == len(err.strip().splitlines())


def test_review_csv_is_excel_friendly(tmp_path: Path) -> None:
    """The CSV starts with a byte-order mark; a cell Excel would run as a formula is
    written with an apostrophe and read back as it was."""
    found = extract("=Năm 2021, tiếp nhận 5 tin có giá trị.", place="36")
    path = tmp_path / "review.csv"
    write_review(found, path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "'=Năm 2021" in data.decode("utf-8-sig")
    (observation,) = read_review(path, unreviewed="accept").observations
    assert "=Năm 2021, tiếp nhận 5 tin có giá trị." == observation.quote
