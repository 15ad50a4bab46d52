"""Every problem a spreadsheet or CSV load reports reads in Vietnamese when asked: no
English sentence after "lỗi:" in the Vietnamese command line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]  # the test group installs no stubs
import pytest

from danvan import LoadError
from danvan._cli import main
from danvan.serialization import load_observations

BAD = Path(__file__).resolve().parent / "data" / "bad"
SAMPLE = sorted(p.name for p in BAD.iterdir() if p.suffix in (".csv", ".xlsx"))
_ENGLISH = re.compile(
    r"\b(the|is|are|not|no|has|have|must|expected|cannot|cell|header|saved|without|got|"
    r"from|of|and|or|with|only|file|this|that|an|be|to|in|on|its|as|unknown|appears)\b"
)


def english_words(text: str) -> list[str]:
    """English words of ``text`` outside quoted values, code names and technical details."""
    text = re.sub(r"chi tiết kỹ thuật: [^)]*\)", ")", text)
    text = re.sub(r"'[^']*'|\"[^\"]*\"", "", text)
    text = re.sub(r"\S*/\S*|\w+(-\w+)+", "", text)  # paths, and codes such as more-than
    text = re.sub(r"hoặc [a-z, ]+\)", ")", text)  # the column names, after the Vietnamese ones
    return _ENGLISH.findall(text)


def vietnamese_problems(path: Path) -> list[str]:
    with pytest.raises(LoadError) as caught:
        load_observations(path)
    return [p.in_("vi") for p in caught.value.problems]


@pytest.mark.parametrize("name", SAMPLE)
def test_a_bad_files_problems_read_in_vietnamese(name: str) -> None:
    """The problems of each bad CSV file and workbook hold no English sentence in Vietnamese."""
    problems = vietnamese_problems(BAD / name)
    assert [] == [(p, english_words(p)) for p in problems if english_words(p)]


CSV_CASES = {
    "empty": "",
    "no value column": "Chỉ tiêu;Kỳ\ntips;2021\n",
    "no period column": "Chỉ tiêu;Giá trị\ntips;5\n",
    "a column twice": "Chỉ tiêu;Giá trị;Kỳ;Giá trị\ntips;5;2021;6\n",
    "a cell without a column": "Chỉ tiêu;Giá trị;Kỳ\ntips;5;2021;extra\n",
    "quarter 7": "Chỉ tiêu;Giá trị;Kỳ\ntips;5;quý 7/2021\n",
    "month 13": "Chỉ tiêu;Giá trị;Kỳ\ntips;5;2021-13\n",
    "unknown qualifier": "Chỉ tiêu;Giá trị;Kỳ;qualifier\ntips;5;2021;roughly\n",
    "bad bounds": "Chỉ tiêu;Giá trị;Kỳ;bounds\ntips;5;2021;4 to 6\n",
    "unknown role": "Chỉ tiêu;Giá trị;Kỳ;role\ntips;5;2021;lead\n",
    "unknown calendar": "Chỉ tiêu;Giá trị;start;calendar\ntips;5;2021-01-01;lunar\n",
    "end without start": "Chỉ tiêu;Giá trị;end\ntips;5;2021-12-31\n",
    "start and period disagree": "Chỉ tiêu;Giá trị;Kỳ;start\ntips;5;2021;2020-01-01\n",
    "no figure": "Chỉ tiêu;Giá trị;Kỳ\ntips;;2021\n",
    "no metric": "Chỉ tiêu;Giá trị;Kỳ\n;5;2021\n",
    "a ratio with a qualifier": "Chỉ tiêu;Giá trị;Kỳ;qualifier\ntips;5/7;2021;about\n",
    "a unit clash": "Chỉ tiêu;Giá trị;Kỳ;Đơn vị tính\ntips;5 tin;2021;kg\n",
    "an unclosed quote": 'Chỉ tiêu;Giá trị;Kỳ\ntips;"5;2021\n',
    "an id twice": "id;Chỉ tiêu;Giá trị;Kỳ\na;tips;5;2021\na;tips;6;2022\n",
}


@pytest.mark.parametrize("case", sorted(CSV_CASES))
def test_a_csv_files_problems_read_in_vietnamese(tmp_path: Path, case: str) -> None:
    """Each kind of problem a CSV file can have is said in Vietnamese."""
    path = tmp_path / "bad.csv"
    path.write_text(CSV_CASES[case], encoding="utf-8")
    problems = vietnamese_problems(path)
    assert [] == [(p, english_words(p)) for p in problems if english_words(p)]


def test_a_workbooks_cell_problems_read_in_vietnamese(tmp_path: Path) -> None:
    """A formula saved without its value, a true/false cell, an unnamed column: Vietnamese."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Chỉ tiêu", "Giá trị", "Kỳ"])
    sheet.append(["tips", "=1+1", "2021"])
    sheet.append(["tips", True, "2021"])
    sheet.append(["tips", 5, "2021", "stray"])
    path = tmp_path / "bad.xlsx"
    book.save(path)
    problems = vietnamese_problems(path)
    assert 3 == len(problems)
    assert [] == [(p, english_words(p)) for p in problems if english_words(p)]


def test_the_vietnamese_command_line_says_load_errors_in_vietnamese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`danvan validate` of an empty file and of a wrong header says it in Vietnamese."""
    shutil.copy(BAD / "missing-period.csv", tmp_path / "a.csv")
    (tmp_path / "b.csv").write_bytes(b"")
    for name in ("a.csv", "b.csv"):
        main(["validate", str(tmp_path / name)])
        said = capsys.readouterr()
        assert [] == english_words(said.out + said.err)
