"""Text parsers take time linear in their input: bounded patterns, adversarial inputs.

Two kinds of evidence, and no timing assertion (timings live in bench/bench_parsers.py):

* structural: every regular expression of the parsing modules repeats only with bounded
  quantifiers ({m,n}, ?), except a listed few whose repeated item cannot match what
  follows it. Anchored or scanned, each match attempt then reads a bounded number of
  characters, so a whole parse is linear;
* adversarial: inputs of 10^5 characters built to make a backtracking matcher or a
  quadratic loop stall are parsed (or refused) here, and must come back.
"""

from __future__ import annotations

import re
import types
from collections.abc import Callable

import pytest

from danvan import (
    ParseError,
    _dates,
    _figure_text,
    _numbers,
    _period_text,
    _quantity_text,
    _units,
    extract,
    parse_date,
    parse_number,
    parse_period,
    parse_quantity,
    parse_ratio,
)
from danvan._extract import extraction, layout, metrics, periods, places, structure
from danvan._numbers import read_number_words
from danvan._regex import LazyPattern
from danvan._units import standard_vocabulary

N = 100_000

# Unbounded repetition that is still linear, and why.
ALLOWED = {
    r"\d[\d.,]*": "matched at the start only: one class repeated, nothing after it",
    r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$": "each repeat starts with a dot the digits cannot match",
    r"^\d+(?:,\d+)?$": "the comma separates the two runs of digits",
}


def _patterns(module: types.ModuleType) -> list[re.Pattern[str] | LazyPattern]:
    """The patterns a module holds (compiled, or compiled on first use), at top level or
    in its tables."""
    found: list[re.Pattern[str] | LazyPattern] = []

    def visit(value: object, depth: int) -> None:
        if isinstance(value, re.Pattern | LazyPattern):
            found.append(value)
        elif depth and isinstance(value, tuple | list):
            for item in value:
                visit(item, depth - 1)
        elif depth and isinstance(value, dict):
            for item in value.values():
                visit(item, depth - 1)

    for value in vars(module).values():
        visit(value, 3)
    return found


def _unbounded(pattern: str) -> bool:
    """Whether ``pattern`` repeats something without bound (*, + or {n,})."""
    bare = re.sub(r"\\.", "", pattern)  # escapes
    bare = re.sub(r"\[[^\]]*\]", "", bare)  # character classes
    return bool(re.search(r"[*+]|\{\d+,\}", bare))


PARSERS = [
    _dates,
    _numbers,
    _period_text,
    _quantity_text,
    _units,
    _figure_text,
    layout,
    periods,
    places,
    metrics,
    structure,
    extraction,
]


@pytest.mark.parametrize("module", PARSERS, ids=lambda m: m.__name__)
def test_every_pattern_repeats_with_bounds(module: types.ModuleType) -> None:
    """Every regular expression of the parsers repeats with bounds, or is a listed safe one."""
    patterns = _patterns(module)
    assert patterns or module is _units  # the vocabulary needs no pattern at all
    unbounded = [p.pattern for p in patterns if _unbounded(p.pattern)]
    assert [] == [p for p in unbounded if p not in ALLOWED]


def test_the_check_finds_unbounded_repetition() -> None:
    """The structural check is not vacuous: neighbouring unbounded repeats are caught."""
    assert _unbounded(r"^\s*(?P<num>[^/]+?)\s*/")
    assert not _unbounded(r"(\d{1,2}) ?[-/.] ?(\d{4})")


# Each input of about 10^5 characters, and what it reads as (None: refused).
ADVERSARIAL_QUANTITIES: list[tuple[str, str | None]] = [
    ("1" + " " * N + "kg", "1 kg"),
    ("hàng " * (N // 5), None),
    ("vài " * (N // 4), None),
    ("khoảng " * (N // 7) + "5", None),
    ("một " * (N // 4), None),
    ("một nghìn " * (N // 10), None),
    ("hai mươi " * (N // 9), None),
    ("từ " * (N // 3), None),
    ("4 - " * (N // 4), None),
    ("1.000" * (N // 5), None),
    ("5 " + "tin " * (N // 4), None),
    ("5 " + "x" * N, None),
]


def _outcome(parse: Callable[[str], object], text: str) -> str | None:
    try:
        return str(parse(text))
    except ParseError:
        return None


@pytest.mark.parametrize(("text", "expected"), ADVERSARIAL_QUANTITIES, ids=lambda t: str(t)[:12])
def test_parse_quantity_returns_on_adversarial_input(text: str, expected: str | None) -> None:
    """A 10^5-character figure is read or refused, never stalls."""
    assert expected == _outcome(parse_quantity, text)


def test_messages_quote_a_long_word_shortened() -> None:
    """An unknown counting word of 10^5 characters is quoted in a few dozen in the message."""
    with pytest.raises(ParseError) as info:
        parse_quantity("5 " + "x" * N)
    assert str(info.value).count("x") < N + 100


ADVERSARIAL_PERIODS: list[tuple[str, str | None]] = [
    ("từ " * (N // 3) + "đến nay", None),
    ("trong " * (N // 6) + "năm 2021", None),
    (" / " * (N // 3), None),
    ("1-" * (N // 2), None),
    ("tính đến " * (N // 9), None),
    ("quý " * (N // 4), None),
    ("2021 (" + "x" * N + ")", "2021 (" + "x" * N + ")"),
    ("đợt 2/" + "2" * N, None),
    ("từ 3 đến " * (N // 9), None),
]


@pytest.mark.parametrize(("text", "expected"), ADVERSARIAL_PERIODS, ids=lambda t: str(t)[:12])
def test_parse_period_returns_on_adversarial_input(text: str, expected: str | None) -> None:
    """A 10^5-character period phrase is read or refused, never stalls."""
    assert expected == _outcome(lambda t: parse_period(t, as_of=_dates.today()), text)


ADVERSARIAL_DATES: list[tuple[str, str | None]] = [
    ("1/" * (N // 2), None),
    ("19/10/2021 " * (N // 11), "2021-10-19"),
    ("ngày " * (N // 5), None),
    ("1 " * (N // 2) + "/2021", None),
    ("-" * N, None),
    ("2021-" * (N // 5), None),
]


@pytest.mark.parametrize(("text", "expected"), ADVERSARIAL_DATES, ids=lambda t: str(t)[:12])
def test_parse_date_returns_on_adversarial_input(text: str, expected: str | None) -> None:
    """A 10^5-character text is searched for its one date, read or refused, never stalls."""
    assert expected == _outcome(parse_date, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("khoảng " * (N // 7) + "40%", None),
        ("85% " + "hộ " * (N // 3), "85% " + " ".join(["hộ"] * (N // 3))),
        ("phần trăm " * (N // 10), None),
        ("%" * N, None),
    ],
    ids=lambda t: str(t)[:12],
)
def test_parse_ratio_reads_long_percentages(text: str, expected: str | None) -> None:
    """A stated percentage of 10^5 characters is read or refused, never stalls."""
    assert expected == _outcome(parse_ratio, text)


def test_number_words_and_unit_words_scan_once() -> None:
    """Reading numbers in words and finding unit words stop early on 10^5 words."""
    words = ["một"] * N
    assert (1, 1) == read_number_words(words)
    assert standard_vocabulary().match_words(["quả"] * N) is not None
    with pytest.raises(ParseError):
        parse_number("mười " * (N // 5))


# Texts of about 2.5·10^4 characters (a quarter of the parsers' inputs: each is a whole
# extraction) built to stall a scan of a report: runs of numbers, of period words, of
# level words, of markers, one endless sentence. Each is read (or found to hold nothing)
# and never stalls: every pattern is bounded, every look-up bisected, and a sentence is
# read near each figure only. `make bench` times extraction against a plain regex.
M = N // 4
ADVERSARIAL_REPORTS: list[str] = [
    "1 " * (M // 2),
    "1.000" * (M // 5),
    "1" * M,
    "năm " * (M // 4),
    "hàng " * (M // 5),
    "một nghìn " * (M // 10),
    "5 năm qua 3 quả bom, " * (M // 21),
    "trong đó 1 vụ " * (M // 14),
    "Công an huyện Ý Yên có 3 tin có giá trị. " * (M // 41),
    "xã " * (M // 3),
    "tại xã Yên Tiến và " * (M // 19),
    "- 3 quả bom;\n" * (M // 13),
    "1/" * (M // 2),
    "x" * M,
    "“" * M,
    ". " * (M // 2),
    "mỗi 5 tin " * (M // 10),
]


@pytest.mark.parametrize("text", ADVERSARIAL_REPORTS, ids=lambda t: repr(t[:14]))
def test_extract_returns_on_adversarial_reports(text: str) -> None:
    """A long adversarial text is read to the end, every candidate a span of it."""
    found = extract(text, place="36")
    assert all(found.text[c.start : c.end] == c.text for c in found)
