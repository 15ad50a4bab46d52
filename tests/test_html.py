"""HTML to look at: a page that stands alone, escapes its text, charts where it helps."""

from __future__ import annotations

import re

import pytest

import danvan
from danvan import Dataset, Observation, Period, Report, ValidationReport, parse_quantity
from danvan._report import Column, Section

YEAR = Period.year(2021)


def tips(id: str, text: str, place: str) -> Observation:
    return Observation(id=id, metric="tips", value=parse_quantity(text), period=YEAR, place=place)


@pytest.fixture(scope="module")
def provinces() -> Dataset:
    """Tips of three provinces in 2021: exact, nearly, and more than."""
    return Dataset(
        places=danvan.national_gazetteer(),
        observations=[
            tips("nd", "gần 9.000 tin", "36"),
            tips("hn", "8.200 tin", "35"),
            tips("hanoi", "hơn 3.100 tin", "01"),
        ],
    )


@pytest.fixture(scope="module")
def page(provinces: Dataset) -> str:
    result = provinces.aggregate("tips", period=YEAR, by="province")
    return Report.from_aggregation(result, dataset=provinces).to_html()


def test_the_page_fetches_nothing(page: str) -> None:
    """No script, stylesheet, image or frame to fetch, and a policy forbidding any fetch."""
    assert [] == re.findall(r"<(?:script|link|img|iframe|object)\b", page)
    assert [] == re.findall(r"\b(?:src|href)=|@import|url\((?!#)", page)
    assert "Content-Security-Policy\" content=\"default-src 'none'" in page


def test_the_page_is_vietnamese_and_says_so(page: str) -> None:
    """The page declares its language and encoding, and writes Vietnamese as NFC text."""
    assert page.startswith('<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">')
    assert "<h1>Tin có giá trị do quần chúng cung cấp</h1>" in page


def test_estimates_are_marked(page: str) -> None:
    """An estimate is marked ≈ in the table and drawn hatched; an exact figure is not."""
    assert '<span class="approx" title="[8.100; 9.000]">≈ gần 9.000 tin</span>' in page
    assert "<td>8.200 tin</td>" in page
    assert 2 == page.count('fill="url(#hatch)"')


def test_an_open_upper_bound_is_an_arrow(page: str) -> None:
    """ "Hơn 3.100" has no upper limit: its whisker ends in an arrow."""
    assert 1 == page.count("<path d=")


def test_text_is_escaped() -> None:
    """Markup in a title, a label or a cell is shown as text."""
    report = danvan.Report(
        title="<b>T</b>",
        sections=[
            Section(
                key="rows",
                title="<i>s</i>",
                columns=[Column(key="a", label="<u>a</u>")],
                rows=[("<script>alert(1)</script>",)],
            )
        ],
    )
    page = report.to_html()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<h1>&lt;b&gt;T&lt;/b&gt;</h1>" in page


def test_one_total_gets_no_chart(provinces: Dataset) -> None:
    """A single total needs no chart: its table says it all."""
    result = provinces.aggregate("tips", period=YEAR)
    assert "<svg" not in Report.from_aggregation(result, dataset=provinces).to_html()


def test_each_unit_gets_its_own_chart() -> None:
    """Figures in different units never share an axis: a chart per unit with two or more."""
    from danvan._html import Bar, bar_chart

    bars = [
        Bar("a", parse_quantity("3 khẩu")),
        Bar("b", parse_quantity("4 khẩu")),
        Bar("c", parse_quantity("180 gam")),
        Bar("d", parse_quantity("2,5 kg")),
        Bar("e", parse_quantity("5 quả")),
    ]
    chart = bar_chart(bars, "vi")
    assert 1 == chart.count("<svg")  # khẩu; not gam, kg or quả, one bar each
    assert "" == bar_chart(bars[2:], "vi")


def test_notebooks_show_rich_fragments(provinces: Dataset) -> None:
    """Report, AggregationResult, ValidationReport and Dataset each show an HTML fragment."""
    result = provinces.aggregate("tips", period=YEAR, by="province")
    report = Report.from_aggregation(result, dataset=provinces)
    fragments = [
        report._repr_html_(),
        result._repr_html_(),
        provinces.validate()._repr_html_(),
        ValidationReport(())._repr_html_(),
        provinces._repr_html_(),
    ]
    for fragment in fragments:
        assert fragment.startswith('<div class="danvan"><style>')
        assert "<html" not in fragment
    assert "gần 9.000 tin" in fragments[1]
    assert "<svg" in fragments[1]
    assert "hanoi" in fragments[4]
