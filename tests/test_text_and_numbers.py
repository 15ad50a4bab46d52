"""Vietnamese numbers, dates and text keys."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from danvan import (
    InvalidValueError,
    ParseError,
    format_number,
    parse_date,
    parse_number,
    parse_ratio,
    today,
)
from danvan._dates import to_date
from danvan._text import match_key, nfc, plain_key, sort_key


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("8.968", 8968),
        ("3089", 3089),
        ("01", 1),
        ("2,5", Decimal("2.5")),
        ("2.661.694.000", 2661694000),
        ("1.234,50", Decimal("1234.50")),
        ("91,09", Decimal("91.09")),
    ],
)
def test_parse_vietnamese_numbers(text: str, value: int | Decimal) -> None:
    """Dots group thousands, the comma is the decimal mark, plain digits also occur."""
    parsed = parse_number(text)
    assert value == parsed
    assert type(value) is type(parsed)


@pytest.mark.parametrize("text", ["1.5", "9,000.5", "", "12a", "1" * 41])
def test_refuse_what_is_not_a_vietnamese_number(text: str) -> None:
    """Ambiguous or malformed numbers raise ParseError rather than being guessed."""
    with pytest.raises(ParseError):
        parse_number(text)


numbers = st.one_of(
    st.integers(min_value=0, max_value=10**15),
    st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False, allow_infinity=False),
)


@given(numbers)
def test_number_format_parse_round_trip(value: int | Decimal) -> None:
    """Law: parse_number(format_number(x)) == x, keeping int or Decimal."""
    parsed = parse_number(format_number(value))
    assert value == parsed
    assert isinstance(parsed, int) == (isinstance(value, int) or "." not in format(value, "f"))


def test_english_formatting() -> None:
    """English uses ',' for thousands and '.' for decimals."""
    assert "1,234.5" == format_number(Decimal("1234.5"), lang="en")


@pytest.mark.parametrize(
    "text",
    [
        "1-11-2016",
        "01/11/2016",
        "2016-11-01",
        "ngày 1-11-2016",
        "1.11.2016",
        "ngày 01 tháng 11 năm 2016",
    ],
)
def test_parse_date_forms(text: str) -> None:
    """Every date form of Vietnamese documents and spreadsheets reads as 1 November 2016."""
    assert pendulum.Date(2016, 11, 1) == parse_date(text)
    assert type(parse_date(text)) is pendulum.Date


@pytest.mark.parametrize("text", ["31-2-2020", "2016/11/01", "now", "1-13-2016"])
def test_bad_dates_raise(text: str) -> None:
    """Impossible or unknown dates raise ParseError quoting the text."""
    with pytest.raises(ParseError) as info:
        parse_date(text)
    assert repr(text) in str(info.value)


def test_datetimes_are_not_dates() -> None:
    """A datetime is a moment, not a calendar date: refused with a named error."""
    with pytest.raises(InvalidValueError, match="datetime"):
        to_date(pendulum.datetime(2021, 1, 1))


def test_today_is_in_vietnam() -> None:
    """today() is the date in Asia/Ho_Chi_Minh."""
    assert pendulum.today("Asia/Ho_Chi_Minh").date() == today()


def test_tone_placement_and_accents() -> None:
    """Old and new tone placement share a match key; plain keys drop every mark and fold đ."""
    assert match_key("Hoằng Hóa") == match_key("Hoằng Hoá")
    assert match_key("thuỷ") == match_key("thủy")
    assert match_key("Hòa") != match_key("Hóa")
    assert "dinh" == plain_key("Định")
    assert nfc("Định") == nfc(unicodedata.normalize("NFD", "Định"))


def test_vietnamese_sort_order() -> None:
    """Vietnamese letters sort in their alphabet: a ă â ... d đ ... o ô ơ ... u ư."""
    names = ["Ưng Hòa", "Đông Anh", "Ân Thi", "Ba Vì", "An Dương", "Ô Môn", "Dầu Tiếng"]
    assert ["An Dương", "Ân Thi", "Ba Vì", "Dầu Tiếng", "Đông Anh", "Ô Môn", "Ưng Hòa"] == sorted(
        names, key=sort_key
    )


def test_ratio_forms_and_disagreement() -> None:
    """Ratios read with or without spaces; a disagreeing percentage is detected."""
    assert parse_ratio("204/204 = 100%") == parse_ratio("204/204=100%")
    assert parse_ratio("91/100 = 91,09%").percent_agrees is False
    assert parse_ratio("15/20").percent_agrees is None
    with pytest.raises(ParseError):
        parse_ratio("204 of 204")


@pytest.mark.parametrize(
    ("text", "bounds"),
    [
        ("204/204", "[100, 100]"),
        ("hơn 20/25", "(80, ∞)"),
        ("gần 20/25", "[72, 80]"),
        ("khoảng 20/25", "[72, 88]"),
        ("1/3", "[33.33, 33.34]"),
    ],
)
def test_percent_bounds_follow_the_figures(text: str, bounds: str) -> None:
    """A ratio's percentage lies in an interval its figures' bounds allow, rounded outward."""
    assert bounds == str(parse_ratio(text, unit="commune").percent_bounds)


@given(
    num=st.integers(0, 500),
    den=st.integers(1, 500),
    num_qualifier=st.sampled_from(["", "gần ", "khoảng ", "hơn ", "dưới "]),
    den_qualifier=st.sampled_from(["", "gần ", "khoảng ", "hơn "]),
    data=st.data(),
)
def test_law_percent_bounds_hold_every_true_percentage(
    num: int, den: int, num_qualifier: str, den_qualifier: str, data: st.DataObject
) -> None:
    """Law: for any true numerator and denominator within the figures' bounds, the true
    percentage lies within `Ratio.percent_bounds`."""
    try:
        ratio = parse_ratio(f"{num_qualifier}{num}/{den_qualifier}{den}", unit="commune")
    except ParseError:
        return  # a form the reader refuses (a denominator that may be zero, "dưới 0")
    n, d = ratio.numerator.bounds, ratio.denominator.bounds
    true_num = data.draw(st.integers(0, 2_000).filter(n.contains), label="numerator")
    true_den = data.draw(st.integers(1, 2_000).filter(d.contains), label="denominator")
    assert ratio.percent_bounds.contains(Decimal(true_num * 100) / Decimal(true_den))


# -- numbers in words -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("một", 1),
        ("hai", 2),
        ("mười", 10),
        ("mười lăm", 15),
        ("hai mươi", 20),
        ("hai mươi mốt", 21),
        ("hai mươi tư", 24),
        ("ba mươi lăm", 35),
        ("một trăm", 100),
        ("một trăm linh năm", 105),
        ("một trăm lẻ năm", 105),
        ("một trăm mười", 110),
        ("hai trăm năm mươi", 250),
        ("trăm rưỡi", 150),
        ("một nghìn không trăm linh năm", 1005),
        ("một nghìn linh năm", 1005),
        ("hai ngàn", 2000),
        ("mười lăm nghìn", 15_000),
        ("hai triệu rưỡi", 2_500_000),
        ("ba triệu hai trăm nghìn", 3_200_000),
        ("một nghìn tỷ", 10**12),
        ("không", 0),
        ("năm", 5),
        ("Hai Mươi Mốt", 21),
    ],
)
def test_parse_numbers_in_words(text: str, value: int) -> None:
    """Whole numbers written in Vietnamese words read exactly, with their special forms."""
    assert value == parse_number(text)


@pytest.mark.parametrize(
    "text", ["mười năm", "hai mươi năm", "một trăm năm", "nghìn nghìn", "linh năm", "abc"]
)
def test_words_that_are_not_one_number_are_refused(text: str) -> None:
    """ "hai mươi năm" is twenty years, not 25: as a whole number it is refused."""
    with pytest.raises(ParseError):
        parse_number(text)


@given(st.integers(0, 10**15 - 1))
def test_numbers_in_words_round_trip(value: int) -> None:
    """Law: parse_number(format_number(n, words=True)) == n."""
    assert value == parse_number(format_number(value, words=True))


@pytest.mark.parametrize("value", [-1, Decimal("2.5"), 10**15])
def test_only_whole_numbers_are_written_in_words(value: int | Decimal) -> None:
    """Fractions, negatives and numbers too large have no word form: a named error."""
    with pytest.raises(InvalidValueError, match="whole numbers"):
        format_number(value, words=True)


# -- dates inside text and months without a day --------------------------------------------


def test_a_date_is_found_inside_a_longer_text() -> None:
    """A page's date line ("Thứ Ba, 19/10/2021 10:27:43") gives its one date."""
    assert pendulum.Date(2021, 10, 19) == parse_date("Thứ Ba, 19/10/2021 10:27:43")
    assert pendulum.Date(2021, 10, 19) == parse_date("Cập nhật ngày 19 tháng 10 năm 2021")


def test_several_dates_in_a_text_are_refused() -> None:
    """Two different dates in one text: which is meant is not guessed."""
    with pytest.raises(ParseError, match="several dates"):
        parse_date("từ 1/1/2021 đến 5/1/2021")


@pytest.mark.parametrize(
    "text", ["2022-02", "02/2022", "2/2022", "tháng 2/2022", "tháng 2 năm 2022"]
)
def test_a_month_without_a_day_needs_partial(text: str) -> None:
    """A month names no day: refused unless partial= says which day stands for it."""
    with pytest.raises(ParseError, match="partial"):
        parse_date(text)
    assert pendulum.Date(2022, 2, 1) == parse_date(text, partial="start")
    assert pendulum.Date(2022, 2, 28) == parse_date(text, partial="end")
