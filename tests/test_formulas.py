"""Formula neutralisation (OWASP "CSV injection"): every form spreadsheets run is written
as text, and every neutralised value reads back exactly, from CSV and from workbooks."""

from __future__ import annotations

import csv

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from danvan import Observation, Organisation, Period, Quantity
from danvan import serialization as ser
from danvan._io.csv_observations import csv_line
from danvan._io.formulas import formula_like, neutralise, restore

LAW = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

RUN = [
    "=1+1",
    "+84 912",
    "-5",
    "@SUM(A1)",
    "\tx",
    "\rx",
    "＝1+1",  # full-width forms
    "＋1",
    "－1",
    "＠SUM(A1)",
    "﹦1",  # small forms
    " =1+1",  # leading space, line break, no-break space
    "\n=1+1",
    "\u00a0=1",
    "\u200b=1",  # zero-width space, joiner, BOM, direction marks
    "\u200d=1",
    "\ufeff=1",
    "\u202e=1",
    "\u0301=1",  # a combining mark
    "|calc",
    "=cmd|' /C calc'!A0",
    'DDE("cmd";"/C calc";"!A0")',
    "ddeauto c:\\x",
]
TEXT = ["plain", "gần 9.000 tin", "a=b", "1-2", "x|y", "Đề án", "'quoted", "''", " ", ""]


@pytest.mark.parametrize("text", RUN)
def test_forms_spreadsheets_run_are_formula_like(text: str) -> None:
    """Each form OWASP lists, and its full-width, hidden-prefix and DDE variants, is found."""
    assert formula_like(text)
    assert "'" + text == neutralise(text)


@pytest.mark.parametrize("text", TEXT)
def test_ordinary_text_is_left_alone(text: str) -> None:
    """Text that does not start like a formula is written as it is (an apostrophe doubled)."""
    assert not formula_like(text)
    assert ("'" + text if text.startswith("'") else text) == neutralise(text)


risky = st.lists(
    st.sampled_from([*"=+-@|\t\r\n '\u200b\ufeff\u00a0\u0301", "＝", "DDE(", "x", "1", ";", ","]),
    max_size=6,
).map("".join)


@given(risky | st.text(max_size=8))
def test_law_restore_undoes_neutralise(text: str) -> None:
    """Law: restore(neutralise(x)) == x, and a neutralised cell is never formula-like."""
    assert text == restore(neutralise(text))
    assert not formula_like(neutralise(text))


@LAW
@given(risky)
def test_law_neutralised_text_reads_back_from_csv_and_xlsx(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    """Law: a quote or note holding any such text is written so that it reads back exactly,
    from CSV (either separator) and from a workbook (where it holds no carriage return)."""
    obs = Observation(
        id="a",
        metric="tips",
        value=Quantity(value=5, unit="tin"),
        period=Period.year(2021),
        quote=text,
        note=text,
    )
    folder = tmp_path_factory.mktemp("formulas")
    for name, delimiter in (("c.csv", ","), ("s.csv", ";")):
        ser.dump_observations([obs], folder / name, delimiter=delimiter)
        assert (obs,) == ser.load_observations(folder / name)
    if "\r" not in text:
        ser.dump_observations([obs], folder / "x.xlsx")
        assert (obs,) == ser.load_observations(folder / "x.xlsx")


@LAW
@given(risky.filter(lambda t: t.strip() != ""))
def test_law_neutralised_records_read_back(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    """Law: a record's names and notes holding any such text read back exactly."""
    org = Organisation(id="o", name=text, kind="other", note=text)
    path = tmp_path_factory.mktemp("records") / "o.csv"
    ser.dump_records([org], path)
    assert (org,) == ser.load_records(path, Organisation)


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_cells_holding_either_separator_are_quoted(delimiter: str) -> None:
    """A cell holding "," or ";" is quoted whichever separates the cells, so that a program
    splitting on both (LibreOffice's import with comma and semicolon) keeps it one cell; it
    reads back exactly."""
    cells = ["a", "x;=1+1", "y,=2", 'say "hi"', "plain"]
    line = csv_line(cells, delimiter)
    d = delimiter
    assert f'a{d}"x;=1+1"{d}"y,=2"{d}"say ""hi"""{d}plain\r\n' == line
    assert [cells] == list(csv.reader([line], delimiter=delimiter))
