"""Tests for danvan._period: reporting periods, calendars, codes and Vietnamese phrases."""

from __future__ import annotations

import datetime as dt
import itertools
import unicodedata
from collections.abc import Callable

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from danvan._period import Calendar, Period, PeriodKind
from danvan._period_text import parse_period, period_mentions
from danvan.errors import CalendarMismatchError, InvalidValueError, ParseError, PeriodError

GREG = Calendar.GREGORIAN
ND09 = Calendar.DECREE_09
D = pendulum.Date

# --- a small private strategy (the public one lives in danvan.strategies, later) ----------

_YEARS = st.integers(2014, 2026)
_DATES = st.dates(min_value=dt.date(2013, 12, 1), max_value=dt.date(2027, 1, 31))
_MONTHS = st.tuples(_YEARS, st.integers(1, 12))


def _month_span(first: tuple[int, int], last: tuple[int, int], calendar: Calendar) -> Period:
    """Whole months ``first``..``last``: sometimes a quarter or a year, mostly custom."""
    start = Period.month(*min(first, last), calendar=calendar).start
    end = Period.month(*max(first, last), calendar=calendar).end
    assert end is not None
    return Period.between(start, end, calendar=calendar)


def _periods(calendar: Calendar, *, closed: bool = False) -> st.SearchStrategy[Period]:
    """Periods of every kind on ``calendar``, packed into a few years so that they overlap."""
    c = calendar
    shapes = [
        _DATES.map(lambda d: Period.day(d, calendar=c)),
        st.builds(lambda y, m: Period.month(y, m, calendar=c), _YEARS, st.integers(1, 12)),
        st.builds(lambda y, q: Period.quarter(y, q, calendar=c), _YEARS, st.integers(1, 4)),
        st.builds(lambda y, h: Period.half_year(y, h, calendar=c), _YEARS, st.integers(1, 2)),
        _YEARS.map(lambda y: Period.nine_months(y, calendar=c)),
        _YEARS.map(lambda y: Period.year(y, calendar=c)),
        st.tuples(_YEARS, _YEARS).map(lambda ys: Period.years(min(ys), max(ys), calendar=c)),
        st.tuples(_DATES, _DATES).map(lambda ds: Period.between(min(ds), max(ds), calendar=c)),
        st.builds(lambda a, b: _month_span(a, b, c), _MONTHS, _MONTHS),
    ]
    if not closed:
        shapes.append(_DATES.map(lambda d: Period.open_from(d, calendar=c)))
    # Now and then a named phase within one of these ("đợt 2" somewhere in 2021).
    phases = st.builds(Period.with_label, st.one_of(shapes), st.sampled_from(["đợt 1", "đợt 2"]))
    return st.one_of(*shapes, phases)


_CALENDARS = st.sampled_from(Calendar)
_ANY_PERIOD = _CALENDARS.flatmap(_periods)
_CLOSED_PERIOD = _CALENDARS.flatmap(lambda c: _periods(c, closed=True))
_SAME_CALENDAR_PAIR = _CALENDARS.flatmap(lambda c: st.tuples(_periods(c), _periods(c)))

_SPLITS: dict[PeriodKind, Callable[[Period], tuple[Period, ...]]] = {
    PeriodKind.MONTH: Period.split_months,
    PeriodKind.QUARTER: Period.split_quarters,
    PeriodKind.HALF_YEAR: Period.split_half_years,
    PeriodKind.YEAR: Period.split_years,
}

# --- Decree-09 and Gregorian dates --------------------------------------------------------


def test_decree_09_q1_2021_is_15_december_2020_to_14_march_2021() -> None:
    """The Decree-09 first quarter of 2021 starts on 15 Dec 2020 and ends on 14 Mar 2021."""
    period = Period.quarter(2021, 1, calendar=ND09)
    assert (D(2020, 12, 15), D(2021, 3, 14)) == (period.start, period.end)


def test_decree_09_january_starts_in_the_previous_year() -> None:
    """The Decree-09 January runs from 15 December of the previous year to 14 January."""
    period = Period.month(2021, 1, calendar=ND09)
    assert (D(2020, 12, 15), D(2021, 1, 14)) == (period.start, period.end)
    assert "ND09:2021-01" == str(period)


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        (Period.quarter(2021, 2, calendar=ND09), D(2021, 3, 15), D(2021, 6, 14)),
        (Period.quarter(2021, 3, calendar=ND09), D(2021, 6, 15), D(2021, 9, 14)),
        (Period.quarter(2021, 4, calendar=ND09), D(2021, 9, 15), D(2021, 12, 14)),
        (Period.half_year(2021, 1, calendar=ND09), D(2020, 12, 15), D(2021, 6, 14)),
        (Period.half_year(2021, 2, calendar=ND09), D(2021, 6, 15), D(2021, 12, 14)),
        (Period.nine_months(2021, calendar=ND09), D(2020, 12, 15), D(2021, 9, 14)),
        (Period.year(2021, calendar=ND09), D(2020, 12, 15), D(2021, 12, 14)),
        (Period.month(2021, 7, calendar=ND09), D(2021, 6, 15), D(2021, 7, 14)),
        (Period.month(2024, 2), D(2024, 2, 1), D(2024, 2, 29)),
        (Period.quarter(2021, 4), D(2021, 10, 1), D(2021, 12, 31)),
        (Period.half_year(2021, 2), D(2021, 7, 1), D(2021, 12, 31)),
        (Period.nine_months(2021), D(2021, 1, 1), D(2021, 9, 30)),
        (Period.years(2017, 2021), D(2017, 1, 1), D(2021, 12, 31)),
        (Period.years(2017, 2021, calendar=ND09), D(2016, 12, 15), D(2021, 12, 14)),
    ],
)
def test_constructors_give_the_published_dates(
    period: Period, start: pendulum.Date, end: pendulum.Date
) -> None:
    """Each constructor yields the dates Decree 09 (or the plain calendar) prescribes."""
    assert (start, end) == (period.start, period.end)


@pytest.mark.parametrize("calendar", list(Calendar))
def test_kind_is_recognised_from_the_dates(calendar: Calendar) -> None:
    """The kind is derived from the dates in the period's own calendar."""
    cases = {
        PeriodKind.DAY: Period.day(dt.date(2021, 7, 15), calendar=calendar),
        PeriodKind.MONTH: Period.month(2021, 7, calendar=calendar),
        PeriodKind.QUARTER: Period.quarter(2021, 3, calendar=calendar),
        PeriodKind.HALF_YEAR: Period.half_year(2021, 2, calendar=calendar),
        PeriodKind.NINE_MONTHS: Period.nine_months(2021, calendar=calendar),
        PeriodKind.YEAR: Period.year(2021, calendar=calendar),
        PeriodKind.YEARS: Period.years(2021, 2025, calendar=calendar),
        PeriodKind.CUSTOM: Period.between(
            dt.date(2021, 7, 2), dt.date(2021, 9, 30), calendar=calendar
        ),
        PeriodKind.OPEN: Period.open_from(dt.date(2016, 11, 1), calendar=calendar),
    }
    assert {kind: kind for kind in cases} == {p.kind: kind for kind, p in cases.items()}


@pytest.mark.parametrize("calendar", list(Calendar))
def test_six_months_off_the_half_year_boundary_are_custom(calendar: Calendar) -> None:
    """April to September is six whole months but no half year."""
    span = _month_span((2021, 4), (2021, 9), calendar)
    assert PeriodKind.CUSTOM == span.kind


def test_gregorian_dates_on_the_decree_calendar_are_custom() -> None:
    """The calendar quarter relabelled as Decree-09 is no Decree-09 quarter."""
    assert PeriodKind.CUSTOM == Period.quarter(2021, 3).with_calendar(ND09).kind


def test_days_counts_both_ends() -> None:
    """days is inclusive: the Decree-09 year 2021 has 365 days, a single day has 1."""
    assert 365 == Period.year(2021, calendar=ND09).days
    assert 1 == Period.day(dt.date(2021, 1, 1)).days


def test_days_of_an_open_period_is_an_error() -> None:
    """An open period has no day count."""
    with pytest.raises(PeriodError, match=r"open period 2016-11-01/\.\."):
        _ = Period.open_from(dt.date(2016, 11, 1)).days


# --- construction errors ------------------------------------------------------------------


def test_end_before_start_names_both_dates() -> None:
    """A period ending before it starts is refused, and the message names both dates."""
    with pytest.raises(PeriodError, match=r"2021-03-01.*2021-02-28"):
        Period(start=dt.date(2021, 3, 1), end=dt.date(2021, 2, 28))


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(lambda: Period.month(2021, 13), id="month 13"),
        pytest.param(lambda: Period.month(2021, 0), id="month 0"),
        pytest.param(lambda: Period.quarter(2021, 5), id="quarter 5"),
        pytest.param(lambda: Period.half_year(2021, 3), id="half 3"),
        pytest.param(lambda: Period.years(2025, 2021), id="years reversed"),
        pytest.param(lambda: Period.year(0), id="year 0"),
        pytest.param(lambda: Period.year(1, calendar=ND09), id="decree year 1 starts in year 0"),
        pytest.param(
            lambda: Period.month(2021, "7"),  # type: ignore[arg-type]  # bad input on purpose
            id="month as text",
        ),
        pytest.param(lambda: Period.past_years(0, as_of=dt.date(2022, 1, 1)), id="0 past years"),
        pytest.param(lambda: Period.since(2023, as_of=dt.date(2022, 1, 1)), id="since future"),
    ],
)
def test_impossible_periods_raise_period_error(build: Callable[[], Period]) -> None:
    """Out-of-range numbers, reversed years and impossible dates raise PeriodError."""
    with pytest.raises(PeriodError):
        build()


def test_datetimes_are_refused() -> None:
    """A datetime is a moment, not a calendar date: refused as start and in contains()."""
    with pytest.raises(InvalidValueError, match=r"period\.start"):
        Period(start=dt.datetime(2021, 1, 1), end=None)
    with pytest.raises(InvalidValueError):
        Period.year(2021).contains(pendulum.datetime(2021, 5, 1))


def test_stdlib_dates_become_pendulum_dates() -> None:
    """A stdlib date is accepted and stored as a pendulum Date."""
    period = Period.between(dt.date(2021, 1, 1), dt.date(2021, 2, 1))
    assert (pendulum.Date, pendulum.Date) == (type(period.start), type(period.end))


def test_a_calendar_must_be_a_calendar() -> None:
    """A string is not accepted as a calendar."""
    bad: object = "decree-09"  # a string, not a Calendar: bad input on purpose
    with pytest.raises(InvalidValueError, match=r"period\.calendar"):
        Period(start=dt.date(2021, 1, 1), end=None, calendar=bad)  # type: ignore[arg-type]


# --- codes and phrases --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "code"),
    [
        (Period.year(2021), "2021"),
        (Period.quarter(2021, 3), "2021-Q3"),
        (Period.half_year(2021, 1), "2021-H1"),
        (Period.nine_months(2021), "2021-9M"),
        (Period.month(2021, 7), "2021-07"),
        (Period.years(2017, 2021), "2017/2021"),
        (Period.day(dt.date(2021, 7, 15)), "2021-07-15"),
        (Period.between(dt.date(2022, 7, 1), dt.date(2022, 9, 29)), "2022-07-01/2022-09-29"),
        (Period.open_from(dt.date(2016, 11, 1)), "2016-11-01/.."),
        (Period.quarter(2021, 3, calendar=ND09), "ND09:2021-Q3"),
        (
            Period.between(dt.date(2022, 7, 1), dt.date(2022, 9, 30), calendar=ND09),
            "ND09:2022-07-01/2022-09-30",
        ),
        (Period.day(dt.date(2021, 7, 15), calendar=ND09), "ND09:2021-07-15"),
    ],
)
def test_str_is_the_canonical_code(period: Period, code: str) -> None:
    """str() writes the canonical code, and parse_period reads it back."""
    assert code == str(period)
    assert period == parse_period(code)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-2025", Period.years(2021, 2025)),
        ("2021/2025", Period.years(2021, 2025)),
        ("năm 2021", Period.year(2021)),
        ("giai đoạn 2021-2025", Period.years(2021, 2025)),
        ("giai đoạn 2021 - 2025", Period.years(2021, 2025)),
        ("quý III/2021", Period.quarter(2021, 3)),
        ("quý 3/2021", Period.quarter(2021, 3)),
        ("Quý IV năm 2021", Period.quarter(2021, 4)),
        ("6 tháng đầu năm 2021", Period.half_year(2021, 1)),
        ("6 tháng cuối năm 2021", Period.half_year(2021, 2)),
        ("9 tháng đầu năm 2021", Period.nine_months(2021)),
        ("tháng 7/2021", Period.month(2021, 7)),
        ("tháng 7 năm 2021", Period.month(2021, 7)),
        ("tháng 07/2021", Period.month(2021, 7)),
        ("nd09:2021-q1", Period.quarter(2021, 1, calendar=ND09)),
        ("ND09: 6 tháng đầu năm 2021", Period.half_year(2021, 1, calendar=ND09)),
        ("dịp Tết Nguyên đán 2023", Period.year(2023).with_label("Tết Nguyên đán")),
        (
            "Nhân dịp TẾT NGUYÊN ĐÁN GIÁP THÌN 2024",
            Period.year(2024).with_label("Tết Nguyên đán Giáp Thìn"),
        ),
        ("Tháng Thanh niên năm 2024", Period.year(2024).with_label("Tháng Thanh niên")),
        ("2024 (Tháng Thanh niên)", Period.year(2024).with_label("Tháng Thanh niên")),
    ],
)
def test_parse_reads_codes_and_vietnamese_phrases(text: str, expected: Period) -> None:
    """parse_period reads the alternative codes and the usual Vietnamese phrases."""
    assert expected == parse_period(text)


def test_an_event_without_its_year_is_no_period() -> None:
    """ "dịp Tết Nguyên đán" says no year: refused with what to write, never guessed."""
    with pytest.raises(ParseError, match="needs its year"):
        parse_period("dịp Tết Nguyên đán")


def test_tet_named_in_the_sexagenary_cycle_is_its_year_near_the_report() -> None:
    """ "Tết Giáp Thìn" is the Tết of 2024, the Giáp Thìn year nearest the report date."""
    found = parse_period("Tết Giáp Thìn", as_of=pendulum.Date(2024, 7, 1))
    assert Period.year(2024).with_label("Tết Giáp Thìn") == found


def test_events_in_running_text_take_their_year_and_leave_months_alone() -> None:
    """An event with its year is one period phrase; "6 tháng đầu năm", "Tháng 5" stay months."""
    text = (
        "Trong dịp Tết Nguyên đán Giáp Thìn 2024 và Tháng Thanh niên năm 2024, 6 tháng đầu năm 2024"
    )
    found = [(text[m.start : m.end], str(m.period)) for m in period_mentions(text)]
    assert [
        ("Trong dịp Tết Nguyên đán Giáp Thìn 2024", "2024 (Tết Nguyên đán Giáp Thìn)"),
        ("Tháng Thanh niên năm 2024", "2024 (Tháng Thanh niên)"),
        ("6 tháng đầu năm 2024", "2024-H1"),
    ] == found


def test_parse_ignores_case_spacing_and_unicode_form() -> None:
    """Decomposed (NFD), upper-case, oddly spaced text reads like the plain phrase."""
    text = unicodedata.normalize("NFD", "  6  THÁNG   ĐẦU NĂM\t2021 ")
    assert Period.half_year(2021, 1) == parse_period(text)
    assert Period.quarter(2021, 3) == parse_period("QUÝ  iii /  2021")


def test_parse_applies_the_calendar_argument_to_unprefixed_text() -> None:
    """calendar= labels texts without a prefix; an agreeing prefix is fine."""
    assert Period.quarter(2021, 3, calendar=ND09) == parse_period("quý III/2021", calendar=ND09)
    assert Period.year(2021, calendar=ND09) == parse_period("ND09:2021", calendar=ND09)


def test_parse_refuses_a_prefix_that_contradicts_the_calendar() -> None:
    """An ND09: prefix with calendar=GREGORIAN is a contradiction."""
    with pytest.raises(ParseError, match="ND09:2021"):
        parse_period("ND09:2021", calendar=GREG)


def test_seed_five_past_years_as_of_february_2022_are_2017_to_2021() -> None:
    """Seed article dated 2022-02: "Trong 5 năm qua" means the years 2017 to 2021."""
    period = parse_period("Trong 5 năm qua", as_of=dt.date(2022, 2, 15))
    assert Period.years(2017, 2021) == period
    assert "2017/2021" == str(period)
    assert period == parse_period("5 năm qua", as_of=D(2022, 2, 15))


def test_past_years_include_the_current_year_on_its_last_day() -> None:
    """On 31 December the current year counts as complete; on 30 December it does not."""
    assert Period.years(2017, 2021) == Period.past_years(5, as_of=dt.date(2021, 12, 31))
    assert Period.years(2016, 2020) == Period.past_years(5, as_of=dt.date(2021, 12, 30))


def test_decree_09_past_years_end_on_14_december() -> None:
    """On Decree 09 the year 2021 is complete from 14 Dec 2021."""
    expected = Period.years(2019, 2021, calendar=ND09)
    assert expected == Period.past_years(3, as_of=dt.date(2021, 12, 14), calendar=ND09)
    assert expected == parse_period("3 năm qua", as_of=dt.date(2022, 1, 5), calendar=ND09)


def test_since_runs_from_a_year_or_date_to_as_of() -> None:
    """ "từ (năm) 2017 đến nay" starts on the year's first day and ends on as_of."""
    as_of = dt.date(2022, 2, 15)
    expected = Period.between(dt.date(2017, 1, 1), as_of)
    assert expected == Period.since(2017, as_of=as_of)
    assert expected == parse_period("từ năm 2017 đến nay", as_of=as_of)
    assert expected == parse_period("Từ 2017 đến nay", as_of=as_of)
    assert Period.between(dt.date(2016, 11, 1), as_of) == parse_period(
        "từ ngày 1-11-2016 đến nay", as_of=as_of
    )
    assert D(2016, 12, 15) == Period.since(2017, as_of=as_of, calendar=ND09).start


@pytest.mark.parametrize("text", ["trong 5 năm qua", "từ năm 2017 đến nay"])
def test_relative_phrases_need_as_of(text: str) -> None:
    """A relative phrase without as_of is a ParseError that says as_of is needed."""
    with pytest.raises(ParseError, match="as_of"):
        parse_period(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "2021-Q5",
        "2021-13",
        "2021-02-30",
        "quý V/2021",
        "tháng 13/2021",
        "giai đoạn 2025-2021",
        "2021-07-02/2021-07-01",
        "từ ngày 1-13-2016 đến nay",
    ],
)
def test_bad_text_is_a_parse_error_quoting_the_text(text: str) -> None:
    """Unreadable or impossible periods raise ParseError, and the message quotes the text."""
    with pytest.raises(ParseError) as info:
        parse_period(text, as_of=dt.date(2022, 2, 15))
    assert repr(text) in str(info.value)


# --- relations ----------------------------------------------------------------------------


def test_relating_periods_on_different_calendars_is_an_error() -> None:
    """Periods on different calendars are not compared silently; the message says how."""
    gregorian, decree = Period.year(2021), Period.year(2021, calendar=ND09)
    for relate in (Period.contains, Period.overlaps, Period.intersection, Period.is_within):
        with pytest.raises(CalendarMismatchError, match=r"with_calendar.*to_calendar") as info:
            relate(gregorian, decree)
        message = str(info.value)
        assert (True, True) == ("2021 (gregorian)" in message, "ND09:2021 (decree-09)" in message)


def test_containing_a_date_ignores_the_calendar() -> None:
    """A date is a date: containment of a date does not look at the calendar."""
    period = Period.year(2021, calendar=ND09)
    assert period.contains(dt.date(2020, 12, 15))
    assert not period.contains(D(2021, 12, 15))


def test_open_periods_reach_forever() -> None:
    """An open period overlaps and contains all after its start, and fits in no closed one."""
    since = Period.open_from(dt.date(2016, 11, 1))
    assert since.overlaps(Period.year(2030))
    assert since.contains(Period.open_from(dt.date(2020, 1, 1)))
    assert not since.overlaps(Period.year(2015))
    assert not Period.years(2016, 2030).contains(since)
    assert Period.open_from(dt.date(2021, 12, 1)) == since.intersection(
        Period.open_from(dt.date(2021, 12, 1))
    )


def test_disjoint_periods_have_no_intersection() -> None:
    """Two quarters share no day."""
    assert Period.quarter(2021, 1).intersection(Period.quarter(2021, 2)) is None


def test_is_within_mirrors_contains() -> None:
    """A quarter is within its year and the year is not within the quarter."""
    year, quarter = Period.year(2021), Period.quarter(2021, 2)
    assert (True, False) == (quarter.is_within(year), year.is_within(quarter))


# --- subdivision and calendars ------------------------------------------------------------


def test_decree_09_year_splits_into_twelve_decree_months() -> None:
    """The Decree-09 year splits into its twelve Decree-09 months, January first."""
    months = Period.year(2021, calendar=ND09).split_months()
    assert [Period.month(2021, m, calendar=ND09) for m in range(1, 13)] == list(months)


def test_edge_pieces_are_clipped() -> None:
    """Pieces at the edges are cut to the period and so may be custom."""
    period = Period.between(dt.date(2021, 2, 10), dt.date(2021, 8, 20))
    assert ["2021-02-10/2021-03-31", "2021-Q2", "2021-07-01/2021-08-20"] == [
        str(q) for q in period.split_quarters()
    ]


def test_open_periods_cannot_be_split() -> None:
    """Splitting an open period is an error."""
    with pytest.raises(PeriodError, match="subdivide"):
        Period.open_from(dt.date(2016, 11, 1)).split_months()


def test_with_calendar_keeps_dates_and_to_calendar_keeps_the_name() -> None:
    """with_calendar relabels the same dates; to_calendar takes the nominally equal period."""
    year = Period.year(2021)
    relabelled = year.with_calendar(ND09)
    assert (year.start, year.end, ND09) == (relabelled.start, relabelled.end, relabelled.calendar)
    assert Period.year(2021, calendar=ND09) == year.to_calendar(ND09)
    day = Period.day(dt.date(2021, 8, 19))
    assert Period.day(dt.date(2021, 8, 19), calendar=ND09) == day.to_calendar(ND09)


@pytest.mark.parametrize(
    "period",
    [
        Period.between(dt.date(2021, 1, 2), dt.date(2021, 3, 1)),
        Period.open_from(dt.date(2016, 11, 1)),
    ],
)
def test_custom_and_open_periods_have_no_nominal_equivalent(period: Period) -> None:
    """to_calendar refuses custom and open periods and points to with_calendar."""
    with pytest.raises(PeriodError, match="with_calendar"):
        period.to_calendar(ND09)


def test_open_end_sorts_last_and_equal_periods_hash_alike() -> None:
    """Ordering is by start, then end with open last, then calendar; equal periods hash alike."""
    periods = [
        Period.open_from(dt.date(2021, 1, 1)),
        Period.year(2021),
        Period.month(2021, 1),
        Period.year(2021, calendar=ND09),
    ]
    assert [periods[3], periods[2], periods[1], periods[0]] == sorted(periods)
    assert 1 == len({Period.year(2021), parse_period("năm 2021")})


# --- properties ---------------------------------------------------------------------------


@given(_ANY_PERIOD)
def test_str_and_parse_round_trip(period: Period) -> None:
    """Law: parse_period(str(p)) == p for every kind and calendar."""
    assert period == parse_period(str(period))


@given(_CLOSED_PERIOD, st.sampled_from(list(_SPLITS)))
def test_subdivision_partitions_the_period(period: Period, unit: PeriodKind) -> None:
    """Law: pieces cover start..end, each touches the next, none overlap, inner ones are whole."""
    pieces = _SPLITS[unit](period)
    assert (period.start, period.end) == (pieces[0].start, pieces[-1].end)
    for before, after in itertools.pairwise(pieces):
        assert before.end is not None
        assert after.start == before.end.add(days=1)
    assert period.days == sum(piece.days for piece in pieces)
    assert {period.calendar} == {piece.calendar for piece in pieces}
    assert [unit] * len(pieces[1:-1]) == [piece.kind for piece in pieces[1:-1]]


@given(_SAME_CALENDAR_PAIR)
def test_intersection_agrees_with_overlaps(pair: tuple[Period, Period]) -> None:
    """Law: a ∩ b exists iff a overlaps b, and both are symmetric."""
    a, b = pair
    assert a.overlaps(b) == (a.intersection(b) is not None)
    assert a.overlaps(b) == b.overlaps(a)
    assert a.intersection(b) == b.intersection(a)


@given(_SAME_CALENDAR_PAIR, _DATES)
def test_a_date_is_in_the_intersection_iff_in_both(
    pair: tuple[Period, Period], day: dt.date
) -> None:
    """Law: d ∈ a ∩ b iff d ∈ a and d ∈ b."""
    a, b = pair
    both = a.intersection(b)
    in_both = a.contains(day) and b.contains(day)
    assert in_both == (both is not None and both.contains(day))


@given(_SAME_CALENDAR_PAIR)
def test_contains_iff_intersection_is_the_other(pair: tuple[Period, Period]) -> None:
    """Law: a.contains(b) iff a ∩ b == b, and b.is_within(a) says the same."""
    a, b = pair
    assert a.contains(b) == (a.intersection(b) == b)
    assert a.contains(b) == b.is_within(a)


@given(_ANY_PERIOD, _CALENDARS)
def test_to_calendar_round_trips_for_nominal_kinds(period: Period, calendar: Calendar) -> None:
    """Law: going to another calendar and back returns the period, keeping its kind."""
    if period.kind in (PeriodKind.CUSTOM, PeriodKind.OPEN):
        with pytest.raises(PeriodError):
            period.to_calendar(calendar)
        return
    moved = period.to_calendar(calendar)
    assert (period.kind, calendar) == (moved.kind, moved.calendar)
    assert period == moved.to_calendar(period.calendar)


@given(_ANY_PERIOD, _ANY_PERIOD)
def test_ordering_is_total_and_agrees_with_equality(a: Period, b: Period) -> None:
    """Law: exactly one of a < b, a == b, a > b holds, and <=, >= agree with them."""
    assert 1 == [a < b, a == b, a > b].count(True)
    assert (a <= b) == (a < b or a == b)
    assert (a >= b) == (a > b or a == b)


# --- periods as reports state them ---------------------------------------------------------

PUBLISHED = dt.date(2023, 7, 10)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Trong năm 2019", Period.year(2019)),
        ("trong quý III/2021", Period.quarter(2021, 3)),
        ("6 tháng đầu năm 2023", Period.half_year(2023, 1)),
        ("6 tháng đầu năm", Period.half_year(2023, 1)),
        ("9 tháng", Period.nine_months(2023)),
        ("9 tháng đầu năm", Period.nine_months(2023)),
        ("quý III", Period.quarter(2023, 3)),
        ("quý IV", Period.quarter(2022, 4)),
        ("năm nay", Period.year(2023)),
        ("tháng 5", Period.month(2023, 5)),
        ("tháng 8", Period.month(2022, 8)),
        ("02/2022", Period.month(2022, 2)),
        ("từ đầu năm đến nay", Period.between(D(2023, 1, 1), PUBLISHED)),
        ("từ đầu năm 2022 đến nay", Period.between(D(2022, 1, 1), PUBLISHED)),
        ("trong 5 năm từ 2016 đến nay", Period.between(D(2016, 1, 1), PUBLISHED)),
        ("từ tháng 3 đến nay", Period.between(D(2023, 3, 1), PUBLISHED)),
        ("từ tháng 3 đến tháng 5/2023", Period.between(D(2023, 3, 1), D(2023, 5, 31))),
        ("từ tháng 11 đến tháng 2/2023", Period.between(D(2022, 11, 1), D(2023, 2, 28))),
        ("từ năm 2016 đến năm 2021", Period.years(2016, 2021)),
        ("3 tháng qua", Period.quarter(2023, 2)),
        ("tính đến ngày 30-6-2019", Period.day(D(2019, 6, 30))),
        ("tính đến ngày 30 tháng 6 năm 2019", Period.day(D(2019, 6, 30))),
        ("đến ngày 30/6", Period.day(D(2023, 6, 30))),
        ("tính đến nay", Period.day(PUBLISHED)),
        ("đến cuối năm 2018", Period.day(D(2018, 12, 31))),
        ("đến hết quý III/2021", Period.day(D(2021, 9, 30))),
        ("ngày 19/8/2021", Period.day(D(2021, 8, 19))),
        ("ngày 19/8", Period.day(D(2022, 8, 19))),
        ("19-8-2021", Period.day(D(2021, 8, 19))),
        ("từ 3 đến 7/9", Period.between(D(2022, 9, 3), D(2022, 9, 7))),
        ("từ ngày 3 đến ngày 7/9/2021", Period.between(D(2021, 9, 3), D(2021, 9, 7))),
        ("từ 28/8 đến 3/9/2021", Period.between(D(2021, 8, 28), D(2021, 9, 3))),
        ("từ 30/12 đến 3/1/2023", Period.between(D(2022, 12, 30), D(2023, 1, 3))),
        ("ngày 3-7/9/2021", Period.between(D(2021, 9, 3), D(2021, 9, 7))),
        ("đợt 2/2021", Period.year(2021).with_label("đợt 2")),
        ("đợt 2 năm 2021", Period.year(2021).with_label("đợt 2")),
        (
            "qua 3 tháng triển khai",
            Period.between(D(2023, 4, 11), PUBLISHED).with_label("qua 3 tháng triển khai"),
        ),
    ],
)
def test_parse_reads_periods_as_reports_state_them(text: str, expected: Period) -> None:
    """With the published date as as_of, parse_period reads the phrases of real reports."""
    assert expected == parse_period(text, as_of=PUBLISHED)


def test_the_last_may_on_or_before_as_of() -> None:
    """ "tháng 5" is this May once begun, else last year's; on Decree 09 it begins 15 April."""
    assert Period.month(2023, 5) == parse_period("tháng 5", as_of=dt.date(2023, 5, 1))
    assert Period.month(2022, 5) == parse_period("tháng 5", as_of=dt.date(2023, 4, 30))
    assert Period.month(2023, 5, calendar=ND09) == parse_period(
        "tháng 5", as_of=dt.date(2023, 4, 20), calendar=ND09
    )


@pytest.mark.parametrize(
    "text", ["6 tháng đầu năm", "quý III", "tháng 5", "tính đến nay", "ngày 19/8", "từ 3 đến 7/9"]
)
def test_phrases_without_a_year_need_as_of(text: str) -> None:
    """A phrase that leaves the year to the report date needs as_of: never guessed."""
    with pytest.raises(ParseError, match="as_of"):
        parse_period(text)


def test_a_phase_needs_its_year() -> None:
    """ "đợt 2" alone bounds nothing: the error says to write its year."""
    with pytest.raises(ParseError, match="đợt 2/2021"):
        parse_period("đợt 2", as_of=PUBLISHED)


def test_a_phase_lies_within_its_bounds_and_is_told_apart_by_its_label() -> None:
    """Phases of one year are distinct; the year contains each; a phase contains no quarter."""
    one, two = (parse_period(f"đợt {n}/2021") for n in (1, 2))
    year = Period.year(2021)
    assert (True, True, False) == (year.contains(one), year.contains(two), one.overlaps(two))
    assert not one.contains(Period.quarter(2021, 3))
    assert not one.contains(dt.date(2021, 5, 1))
    assert (True, False) == (one.is_phase, year.is_phase)
    assert "2021 (đợt 1)" == str(one)
    assert one == parse_period(str(one))


def test_labels_keep_their_case_and_refuse_parentheses() -> None:
    """A label keeps its spelling; parentheses (which mark it in codes) are refused."""
    assert "Đợt Cao Điểm" == parse_period("2021-Q3 (Đợt Cao Điểm)").label
    with pytest.raises(InvalidValueError, match="parentheses"):
        Period.year(2021).with_label("a (b)")
    with pytest.raises(ParseError, match="label"):
        parse_period("năm 2021 (đợt 2)")


def test_two_phases_of_a_year_add_and_the_year_covers_them() -> None:
    """Tips of "đợt 1/2021" and "đợt 2/2021" add; a figure for 2021 is their whole."""
    from danvan import Dataset, Observation, parse_quantity, seed_gazetteer

    def tips(id_: str, period: str, figure: str) -> Observation:
        return Observation(
            id=id_,
            metric="tips",
            value=parse_quantity(figure),
            period=parse_period(period),
            place="36",
        )

    phases = [tips("a", "đợt 1/2021", "5 tin"), tips("b", "đợt 2/2021", "7 tin")]
    ds = Dataset(observations=phases, places=seed_gazetteer())
    assert "12 tin" == str(ds.aggregate("tips", period=Period.year(2021)).row().value)
    with_year = Dataset(
        observations=[*phases, tips("c", "2021", "20 tin")], places=seed_gazetteer()
    )
    result = with_year.aggregate("tips", period=Period.year(2021))
    assert ("20 tin", ("c",)) == (str(result.row().value), result.row().observations)


# -- periods in running text ------------------------------------------------------------------

AS_OF = pendulum.Date(2023, 6, 20)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Trong 5 năm qua, có 52 mô hình", [("Trong 5 năm qua", "2018/2022")]),
        ("Năm 2022, huyện có 8 xã", [("Năm 2022", "2022")]),
        (
            "từ ngày 15/3 đến 15/6/2023, Công an",
            [("từ ngày 15/3 đến 15/6/2023", "2023-03-15/2023-06-15")],
        ),
        ("đến hết tháng 9/2022, toàn huyện", [("đến hết tháng 9/2022", "2022-09-30")]),
        ("sơ kết 6 tháng đầu năm 2023.", [("6 tháng đầu năm 2023", "2023-H1")]),
        ("giai đoạn 2016 - 2021", [("giai đoạn 2016 - 2021", "2016/2021")]),
        ("Từ năm 2019 đến nay, Đoàn", [("Từ năm 2019 đến nay", "2019-01-01/2023-06-20")]),
        ("đạt 7/7 vụ, 204/204 xã, 2.150 buổi, 3.089 viên", []),
        ("ngày hội (19/8) và 2021", []),
        ("ba năm nay, trong buôn", []),
    ],
)
def test_period_mentions_finds_the_phrases_of_a_text(
    text: str, found: list[tuple[str, str]]
) -> None:
    """The phrases `parse_period` reads are found in running text, longest first, with
    their spans; counts, ratios, a bare day and month and "N năm nay" are not periods."""
    mentions = period_mentions(text, as_of=AS_OF)
    assert found == [(text[m.start : m.end], str(m.period)) for m in mentions]


def test_period_mentions_needs_as_of_for_relative_phrases() -> None:
    """Without the report's date, "5 năm qua" is not found (it means nothing yet)."""
    assert () == period_mentions("Trong 5 năm qua, đến nay")
    assert 1 == len(period_mentions("Trong 5 năm qua", as_of=AS_OF))


@given(st.text(alphabet="năm tháng quý từ đến nay 0123456789/-., ", max_size=200))
def test_period_mentions_never_raises_and_spans_read_back(text: str) -> None:
    """Any text: mentions are in order, apart, and each span reads as its period."""
    mentions = period_mentions(text, as_of=AS_OF)
    assert all(a.end <= b.start for a, b in itertools.pairwise(mentions))
    for m in mentions:
        assert m.period == parse_period(" ".join(text[m.start : m.end].split()), as_of=AS_OF)
