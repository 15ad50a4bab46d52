"""Reading coverage ratios: every form reports write, in time linear in the text."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from danvan import ParseError, parse_ratio


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("204/204=100%", ("204", "204", "commune", "100")),
        (" 7 / 7 vụ , đạt 100 % ", ("7", "7", "case", "100")),
        ("7/7 vụ đạt 100%", ("7", "7", "case", "100")),
        ("7/7 vụđạt 100%", ("7", "7", "case", "100")),
        ("hơn 20/25", ("hơn 20", "25", "commune", None)),
        ("91/100 = 91,09%", ("91", "100", "commune", "91.09")),
        ("15/20\t", ("15", "20", "commune", None)),
    ],
)
def test_forms_of_a_ratio(text: str, expected: tuple[str, str, str, str | None]) -> None:
    """Spaces, tabs and the links "=", "đạt" and ", đạt" are read as reports write them."""
    num, den, unit, pct = expected
    ratio = parse_ratio(text, unit="commune")
    assert parse_ratio(f"{num}/{den}", unit=unit).numerator == ratio.numerator
    assert parse_ratio(f"{num}/{den}", unit=unit).denominator == ratio.denominator
    assert (None if pct is None else Decimal(pct)) == ratio.stated_percent


@pytest.mark.parametrize(
    "text",
    [
        "204 of 204",
        "/204",
        " /204",
        "204/",
        "204/x",
        "1/1 100%",
        "1/1=%",
        "1/1 vụ, = 100%",
        "1/1 = 100",
        "1/1 vụ 5",
        "1/1 = 50% = 50%",
        "1/2/3",
    ],
)
def test_what_is_not_a_ratio(text: str) -> None:
    """Text without a numerator, a denominator, or a link before its percentage is refused."""
    with pytest.raises(ParseError, match="not a"):
        parse_ratio(text)


@pytest.mark.parametrize(
    "text",
    [
        "1/1" + " " * 100_000 + "=",  # ten seconds for 400 spaces before issue 15
        "1/1 " + "vụ " * 30_000 + "= " * 30_000,
        " " * 100_000 + "/1 x",
        "1/" + "1" * 100_000 + " " * 100_000 + "%",
    ],
)
def test_long_hostile_text_is_refused(text: str) -> None:
    """Runs of spaces, words and links of any length end in a ParseError, not a stall."""
    with pytest.raises(ParseError):
        parse_ratio(text)


def test_other_scripts_digits_are_refused() -> None:
    """Figures are written with the digits 0-9: Arabic-Indic digits are refused, by name."""
    with pytest.raises(ParseError, match="U\\+0662"):
        parse_ratio("٢/4")
    with pytest.raises(ParseError, match="not a ratio"):
        parse_ratio("2/٤")


@given(
    num=st.integers(0, 10**6),
    extra=st.integers(0, 10**6),
    spaces=st.lists(st.sampled_from(["", " ", "\t", "  "]), min_size=4, max_size=4),
    percent=st.booleans(),
)
def test_law_spacing_does_not_change_a_ratio(
    num: int, extra: int, spaces: list[str], percent: bool
) -> None:
    """Law: spaces around "/", "=" and "%" do not change the ratio read."""
    den = num + extra + 1
    a, b, c, d = spaces
    tail = f"{c}={d}50%" if percent else c
    spaced = parse_ratio(f"{a}{num}{b}/{a}{den}{tail}")
    assert parse_ratio(f"{num}/{den}" + ("=50%" if percent else "")) == spaced
