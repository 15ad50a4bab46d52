"""Reporting periods: calendar and Decree-09 windows, canonical codes, Vietnamese phrases.

A `Period` is an inclusive range of dates (``end=None`` for "until further notice") labelled
with the `Calendar` it was reported on. Vietnamese administrative reports follow Decree
09/2019/NĐ-CP, whose data cut-off is the 14th: the Decree-09 year 2021 runs from
15 Dec 2020 to 14 Dec 2021, so it is *not* the calendar year 2021. Mixing the two without
saying how raises `CalendarMismatchError`.

The kind of a period (month, quarter, year...) is derived from its dates, never stored:

>>> Period.quarter(2021, 1, calendar=Calendar.DECREE_09).start
Date(2020, 12, 15)
>>> Period.between(pendulum.Date(2021, 7, 1), pendulum.Date(2021, 9, 30)).kind
<PeriodKind.QUARTER: 'quarter'>
>>> from danvan import parse_period
>>> str(parse_period("quý III/2021"))
'2021-Q3'
"""

from __future__ import annotations

import datetime as _dt
import enum
from typing import Any, NamedTuple

import attrs
import pendulum

from danvan._dates import to_date
from danvan._lang import Message, Text
from danvan._text import nfc
from danvan.errors import CalendarMismatchError, InvalidValueError, PeriodError

__all__ = ["CALENDAR_WORDS", "Calendar", "Period", "PeriodKind"]


class Calendar(enum.Enum):
    """The reporting calendar a period is counted on."""

    GREGORIAN = "gregorian"
    """Plain calendar periods: a month runs from the 1st to its last day."""
    DECREE_09 = "decree-09"
    """Decree 09/2019/NĐ-CP periods: month M runs from the 15th of M−1 to the 14th of M."""


CALENDAR_WORDS: dict[Calendar, Text] = {
    Calendar.GREGORIAN: Text("dương lịch", "gregorian"),
    Calendar.DECREE_09: Text("lịch báo cáo của Nghị định 09/2019/NĐ-CP", "decree-09"),
}
"""Each reporting calendar as readers are told."""


class PeriodKind(enum.Enum):
    """The shape of a period, recognised from its dates in its own calendar."""

    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half-year"
    NINE_MONTHS = "nine-months"
    YEAR = "year"
    YEARS = "years"
    """Several whole years, such as "giai đoạn 2021-2025"."""
    CUSTOM = "custom"
    """Any other closed window."""
    OPEN = "open"
    """No end yet ("từ ... đến nay" before the end is known)."""


# --- month arithmetic --------------------------------------------------------------------
# Months are numbered year * 12 + (month - 1), so that quarters, halves and years are plain
# integer division. In the Decree-09 calendar, nominal month M starts on the 15th of M−1.


def _date(year: int, month: int, day: int) -> pendulum.Date:
    try:
        return pendulum.Date(year, month, day)
    except (ValueError, OverflowError):
        raise PeriodError(f"no such date: year {year}, month {month}, day {day}") from None


def _month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def _month_start(index: int, calendar: Calendar) -> pendulum.Date:
    if calendar is Calendar.GREGORIAN:
        year, month0 = divmod(index, 12)
        return _date(year, month0 + 1, 1)
    year, month0 = divmod(index - 1, 12)
    return _date(year, month0 + 1, 15)


def _month_end(index: int, calendar: Calendar) -> pendulum.Date:
    year, month0 = divmod(index, 12)
    if calendar is Calendar.GREGORIAN:
        return _date(year, month0 + 1, _date(year, month0 + 1, 1).days_in_month)
    return _date(year, month0 + 1, 14)


def _first_month(day: pendulum.Date, calendar: Calendar) -> int | None:
    """Index of the nominal month that starts on ``day``, if any."""
    if calendar is Calendar.GREGORIAN:
        return _month_index(day.year, day.month) if day.day == 1 else None
    return _month_index(day.year, day.month) + 1 if day.day == 15 else None


def _last_month(day: pendulum.Date, calendar: Calendar) -> int | None:
    """Index of the nominal month that ends on ``day``, if any."""
    last_day = day.days_in_month if calendar is Calendar.GREGORIAN else 14
    return _month_index(day.year, day.month) if day.day == last_day else None


def _containing_month(day: pendulum.Date, calendar: Calendar) -> int:
    index = _month_index(day.year, day.month)
    if calendar is Calendar.DECREE_09 and day.day >= 15:
        index += 1
    return index


class _Shape(NamedTuple):
    kind: PeriodKind
    year: int = 0
    number: int = 0  # month 1-12, quarter 1-4 or half 1-2
    last_year: int = 0  # for YEARS


def _shape(start: pendulum.Date, end: pendulum.Date | None, calendar: Calendar) -> _Shape:
    if end is None:
        return _Shape(PeriodKind.OPEN)
    if start == end:
        return _Shape(PeriodKind.DAY)
    first = _first_month(start, calendar)
    last = _last_month(end, calendar)
    if first is None or last is None or last < first:
        return _Shape(PeriodKind.CUSTOM)
    year, month0 = divmod(first, 12)
    last_year, last_month0 = divmod(last, 12)
    if first == last:
        return _Shape(PeriodKind.MONTH, year, month0 + 1)
    if year == last_year:
        if month0 % 3 == 0 and last_month0 == month0 + 2:
            return _Shape(PeriodKind.QUARTER, year, month0 // 3 + 1)
        if month0 % 6 == 0 and last_month0 == month0 + 5:
            return _Shape(PeriodKind.HALF_YEAR, year, month0 // 6 + 1)
        if (month0, last_month0) == (0, 8):
            return _Shape(PeriodKind.NINE_MONTHS, year)
        if (month0, last_month0) == (0, 11):
            return _Shape(PeriodKind.YEAR, year)
    elif (month0, last_month0) == (0, 11):
        return _Shape(PeriodKind.YEARS, year, last_year=last_year)
    return _Shape(PeriodKind.CUSTOM)


# --- field converters and validators ------------------------------------------------------


def _to_start(value: object) -> pendulum.Date:
    return to_date(value, where="period.start")


def _to_end(value: object) -> pendulum.Date | None:
    return None if value is None else to_date(value, where="period.end")


def _check_end(
    instance: Period, attribute: attrs.Attribute[pendulum.Date | None], value: object
) -> None:
    if isinstance(value, _dt.date) and value < instance.start:
        raise PeriodError(
            Message(
                f"period.end must be on or after period.start, got start {instance.start} "
                f"and end {value}",
                f"ngày kết thúc của kỳ phải từ ngày bắt đầu trở đi, nhưng bắt đầu "
                f"{instance.start} và kết thúc {value}",
            )
        )


def _check_calendar(instance: Period, attribute: attrs.Attribute[Calendar], value: object) -> None:
    if not isinstance(value, Calendar):
        raise InvalidValueError(f"must be a Calendar, got {value!r}", where="period.calendar")


def _label(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidValueError(f"must be text, got {value!r}", where="period.label")
    label = " ".join(nfc(value).split())
    if "(" in label or ")" in label:
        raise InvalidValueError(
            f"must not hold parentheses (they mark it in the period code), got {value!r}",
            where="period.label",
        )
    return label


_NUMBER_NAMES = {
    "year": "năm",
    "month": "tháng",
    "quarter": "quý",
    "half": "nửa năm",
    "first": "năm đầu",
    "last": "năm cuối",
    "start": "năm bắt đầu",
    "n": "số",
}


def _check_number(name: str, value: object, low: int, high: int) -> int:
    if type(value) is not int or not low <= value <= high:
        raise PeriodError(out_of_range(name, value, low, high))
    return value


def out_of_range(name: str, value: object, low: int, high: int) -> Message:
    """The problem of a year, month, quarter... (``name``) outside ``low``..``high``."""
    return Message(
        f"{name} must be an integer from {low} to {high}, got {value!r}",
        f"{_NUMBER_NAMES.get(name, name)} phải là số nguyên từ {low} đến {high}, "
        f"nhưng là {value!r}",
    )


def _check_year(name: str, value: object) -> int:
    return _check_number(name, value, 1, 9999)


@attrs.frozen(kw_only=True, repr=False)
class Period:
    """An inclusive range of dates on a reporting calendar; ``end=None`` means open-ended.

    Build periods with the classmethods (`month`, `quarter`, `year`, `between`...) or
    `parse_period`. Periods order by start, then end (open last), then calendar, then label.

    A period with a ``label`` is a named phase whose exact dates the source does not
    state ("đợt 2/2021"): its start and end bound the phase, as far as the text says, and
    the label tells it apart from other phases within the same bounds.

    Args:
        start: First day (a pendulum or stdlib date; datetimes are refused).
        end: Last day, inclusive, or None for "until further notice".
        calendar: The reporting calendar the dates were counted on.
        label: The name of a phase with unknown exact dates ("đợt 2"); empty for a
            period whose dates are its own.

    Raises:
        PeriodError: ``end`` is before ``start``.
        InvalidValueError: a date is a datetime or not a date.

    >>> p = Period.year(2021, calendar=Calendar.DECREE_09)
    >>> (str(p.start), str(p.end), p.days)
    ('2020-12-15', '2021-12-14', 365)
    >>> str(p)
    'ND09:2021'
    """

    start: pendulum.Date = attrs.field(converter=_to_start)
    end: pendulum.Date | None = attrs.field(converter=_to_end, validator=_check_end)
    calendar: Calendar = attrs.field(default=Calendar.GREGORIAN, validator=_check_calendar)
    label: str = attrs.field(default="", converter=_label)

    def __repr__(self) -> str:
        # The label only when there is one: most periods are plain dates.
        label = f", label={self.label!r}" if self.label else ""
        return f"Period(start={self.start!r}, end={self.end!r}, calendar={self.calendar!r}{label})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))

    # --- constructors ---------------------------------------------------------------------

    @classmethod
    def _span(cls, first: int, last: int, calendar: Calendar) -> Period:
        """Nominal months ``first``..``last`` (indices) as one period."""
        return cls(
            start=_month_start(first, calendar), end=_month_end(last, calendar), calendar=calendar
        )

    @classmethod
    def day(cls, day: _dt.date, *, calendar: Calendar = Calendar.GREGORIAN) -> Period:
        """A single day (the same dates on every calendar).

        >>> str(Period.day(_dt.date(2021, 8, 19)))
        '2021-08-19'
        """
        return cls(start=day, end=day, calendar=calendar)

    @classmethod
    def month(cls, year: int, month: int, *, calendar: Calendar = Calendar.GREGORIAN) -> Period:
        """Month ``month`` of ``year``; on Decree 09, the 15th of the month before to the 14th.

        >>> p = Period.month(2021, 1, calendar=Calendar.DECREE_09)
        >>> (str(p.start), str(p.end))
        ('2020-12-15', '2021-01-14')

        Raises:
            PeriodError: ``month`` is not 1..12 or the year is out of range.
        """
        index = _month_index(_check_year("year", year), _check_number("month", month, 1, 12))
        return cls._span(index, index, calendar)

    @classmethod
    def quarter(cls, year: int, q: int, *, calendar: Calendar = Calendar.GREGORIAN) -> Period:
        """Quarter ``q`` (1..4) of ``year``.

        >>> p = Period.quarter(2021, 1, calendar=Calendar.DECREE_09)
        >>> (str(p.start), str(p.end))
        ('2020-12-15', '2021-03-14')

        Raises:
            PeriodError: ``q`` is not 1..4 or the year is out of range.
        """
        first = _month_index(_check_year("year", year), 3 * _check_number("quarter", q, 1, 4) - 2)
        return cls._span(first, first + 2, calendar)

    @classmethod
    def half_year(cls, year: int, h: int, *, calendar: Calendar = Calendar.GREGORIAN) -> Period:
        """Half ``h`` (1 = "6 tháng đầu năm", 2 = "6 tháng cuối năm") of ``year``.

        >>> str(Period.half_year(2021, 2, calendar=Calendar.DECREE_09).start)
        '2021-06-15'

        Raises:
            PeriodError: ``h`` is not 1 or 2 or the year is out of range.
        """
        first = _month_index(_check_year("year", year), 6 * _check_number("half", h, 1, 2) - 5)
        return cls._span(first, first + 5, calendar)

    @classmethod
    def nine_months(cls, year: int, *, calendar: Calendar = Calendar.GREGORIAN) -> Period:
        """The first nine months of ``year`` ("9 tháng đầu năm").

        >>> str(Period.nine_months(2021, calendar=Calendar.DECREE_09).end)
        '2021-09-14'

        Raises:
            PeriodError: the year is out of range.
        """
        first = _month_index(_check_year("year", year), 1)
        return cls._span(first, first + 8, calendar)

    @classmethod
    def year(cls, year: int, *, calendar: Calendar = Calendar.GREGORIAN) -> Period:
        """The whole ``year``; on Decree 09, 15 Dec of the year before to 14 Dec.

        >>> str(Period.year(2021).end)
        '2021-12-31'

        Raises:
            PeriodError: the year is out of range.
        """
        first = _month_index(_check_year("year", year), 1)
        return cls._span(first, first + 11, calendar)

    @classmethod
    def years(cls, first: int, last: int, *, calendar: Calendar = Calendar.GREGORIAN) -> Period:
        """Whole years ``first``..``last`` ("giai đoạn 2021-2025").

        >>> str(Period.years(2021, 2025))
        '2021/2025'

        Raises:
            PeriodError: ``last`` is before ``first`` or a year is out of range.
        """
        _check_year("first", first)
        _check_year("last", last)
        if last < first:
            raise PeriodError(f"last year must be >= first year, got {first} to {last}")
        return cls._span(_month_index(first, 1), _month_index(last, 12), calendar)

    @classmethod
    def between(
        cls, start: _dt.date, end: _dt.date, *, calendar: Calendar = Calendar.GREGORIAN
    ) -> Period:
        """An ad hoc window from ``start`` to ``end``, both inclusive.

        >>> str(Period.between(_dt.date(2022, 7, 1), _dt.date(2022, 9, 14)))
        '2022-07-01/2022-09-14'

        Raises:
            PeriodError: ``end`` is before ``start``.
        """
        return cls(start=start, end=end, calendar=calendar)

    @classmethod
    def open_from(cls, start: _dt.date, *, calendar: Calendar = Calendar.GREGORIAN) -> Period:
        """An open-ended period from ``start`` on ("until further notice").

        >>> str(Period.open_from(_dt.date(2016, 11, 1)))
        '2016-11-01/..'
        """
        return cls(start=start, end=None, calendar=calendar)

    @classmethod
    def past_years(
        cls, n: int, *, as_of: _dt.date, calendar: Calendar = Calendar.GREGORIAN
    ) -> Period:
        """The ``n`` most recent whole years that had ended by ``as_of`` ("trong 5 năm qua").

        On the Gregorian calendar these are the ``n`` years before ``as_of``'s year, or up to
        and including it when ``as_of`` is 31 December. On Decree 09 the year ends on
        14 December, and the same rule applies with that date.

        >>> str(Period.past_years(5, as_of=_dt.date(2022, 2, 15)))
        '2017/2021'
        >>> str(Period.past_years(5, as_of=_dt.date(2021, 12, 31)))
        '2017/2021'

        Raises:
            PeriodError: ``n`` is not a positive integer, or the years are out of range.
        """
        _check_number("n", n, 1, 9999)
        as_of = to_date(as_of, where="as_of")
        last = as_of.year
        if _month_end(_month_index(last, 12), calendar) > as_of:
            last -= 1
        return cls.years(last - n + 1, last, calendar=calendar)

    @classmethod
    def since(
        cls, start: int | _dt.date, *, as_of: _dt.date, calendar: Calendar = Calendar.GREGORIAN
    ) -> Period:
        """From ``start`` up to ``as_of`` inclusive ("từ 2017 đến nay").

        An int ``start`` is a year and means the first day of that year in ``calendar``
        (1 January, or 15 December of the year before on Decree 09).

        >>> str(Period.since(2017, as_of=_dt.date(2022, 2, 15)))
        '2017-01-01/2022-02-15'

        Raises:
            PeriodError: ``as_of`` is before the start, or the year is out of range.
        """
        if isinstance(start, int):
            first = _month_start(_month_index(_check_year("start", start), 1), calendar)
        else:
            first = to_date(start, where="start")
        end = to_date(as_of, where="as_of")
        if end < first:
            raise PeriodError(f"as_of must be on or after the start {first}, got {end}")
        return cls(start=first, end=end, calendar=calendar)

    # --- derived values -------------------------------------------------------------------

    @property
    def kind(self) -> PeriodKind:
        """What the dates are in this period's own calendar (a quarter, a year, ...).

        >>> Period.quarter(2021, 3).with_calendar(Calendar.DECREE_09).kind
        <PeriodKind.CUSTOM: 'custom'>
        """
        return _shape(self.start, self.end, self.calendar).kind

    @property
    def is_phase(self) -> bool:
        """True for a named phase whose dates only bound it (a period with a label)."""
        return bool(self.label)

    @property
    def is_open(self) -> bool:
        """True when the period has no end."""
        return self.end is None

    @property
    def days(self) -> int:
        """Number of days, counting both ends.

        >>> Period.year(2024).days
        366

        Raises:
            PeriodError: the period is open.
        """
        return self._closed_end("count the days of").toordinal() - self.start.toordinal() + 1

    def _closed_end(self, action: str) -> pendulum.Date:
        if self.end is None:
            raise PeriodError(f"cannot {action} the open period {self}")
        return self.end

    def __str__(self) -> str:
        """The canonical code, read back by `parse_period` ("2021-Q3", "ND09:2021-07", ...).

        A phase adds its label in parentheses: "2021 (đợt 2)".
        """
        code = self._dates_code()
        return f"{code} ({self.label})" if self.label else code

    def _dates_code(self) -> str:
        shape = _shape(self.start, self.end, self.calendar)
        prefix = "ND09:" if self.calendar is Calendar.DECREE_09 else ""
        match shape.kind:
            case PeriodKind.OPEN:
                code = f"{self.start}/.."
            case PeriodKind.DAY:
                code = str(self.start)
            case PeriodKind.MONTH:
                code = f"{shape.year:04d}-{shape.number:02d}"
            case PeriodKind.QUARTER:
                code = f"{shape.year:04d}-Q{shape.number}"
            case PeriodKind.HALF_YEAR:
                code = f"{shape.year:04d}-H{shape.number}"
            case PeriodKind.NINE_MONTHS:
                code = f"{shape.year:04d}-9M"
            case PeriodKind.YEAR:
                code = f"{shape.year:04d}"
            case PeriodKind.YEARS:
                code = f"{shape.year:04d}/{shape.last_year:04d}"
            case PeriodKind.CUSTOM:
                code = f"{self.start}/{self.end}"
        return prefix + code

    # --- ordering ---------------------------------------------------------------------------

    def _order_key(self) -> tuple[pendulum.Date, bool, pendulum.Date, str, str]:
        # An open end sorts after every closed end with the same start.
        end = self.start if self.end is None else self.end
        return (self.start, self.end is None, end, self.calendar.value, self.label)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._order_key() < other._order_key()

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._order_key() <= other._order_key()

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._order_key() > other._order_key()

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._order_key() >= other._order_key()

    # --- relations ------------------------------------------------------------------------

    def _same_calendar(self, other: Period) -> None:
        if self.calendar is not other.calendar:
            raise CalendarMismatchError(
                f"cannot relate {self} ({self.calendar.value}) and {other} "
                f"({other.calendar.value}): they are on different calendars; use "
                f"with_calendar() to treat one as plain dates, or to_calendar() to take its "
                f"nominal equivalent"
            )

    def contains(self, other: Period | _dt.date) -> bool:
        """True when ``other`` (a period or a date) lies wholly inside this period.

        A date is compared by its value only; periods must share a calendar. A phase
        (a labelled period) lies somewhere within its bounds, so a period containing the
        bounds contains the phase; a phase is only known to contain itself (the same
        label within its bounds), never a date or an unlabelled period.

        >>> Period.year(2021).contains(Period.quarter(2021, 3))
        True
        >>> Period.open_from(_dt.date(2016, 11, 1)).contains(_dt.date(2030, 1, 1))
        True
        >>> phase = Period.year(2021).with_label("đợt 2")
        >>> Period.year(2021).contains(phase), phase.contains(Period.quarter(2021, 3))
        (True, False)

        Raises:
            CalendarMismatchError: ``other`` is a period on another calendar.
        """
        if isinstance(other, Period):
            self._same_calendar(other)
            if self.label and other.label != self.label:
                return False
            return self._holds(other.start, other.end)
        day = to_date(other, where="other")
        return not self.label and self._holds(day, day)

    def _holds(self, start: pendulum.Date, end: pendulum.Date | None) -> bool:
        """Whether the days ``start``..``end`` lie within this period's dates."""
        if start < self.start:
            return False
        if self.end is None:
            return True
        return end is not None and end <= self.end

    def with_label(self, label: str) -> Period:
        """The phase named ``label`` within these dates ("đợt 2" within 2021).

        >>> str(Period.year(2021).with_label("đợt 2"))
        '2021 (đợt 2)'
        """
        return attrs.evolve(self, label=label)

    def is_within(self, other: Period) -> bool:
        """True when this period lies wholly inside ``other`` (``other.contains(self)``).

        Raises:
            CalendarMismatchError: the periods are on different calendars.
        """
        return other.contains(self)

    def overlaps(self, other: Period) -> bool:
        """True when the two periods share at least one day.

        >>> Period.year(2021).overlaps(Period.open_from(_dt.date(2021, 12, 31)))
        True

        Raises:
            CalendarMismatchError: the periods are on different calendars.
        """
        self._same_calendar(other)
        if self.label and other.label and self.label != other.label:
            return False  # two named phases are distinct: "đợt 1" and "đợt 2"
        # They share a day when each ends no earlier than the other starts.
        return (self.end is None or self.end >= other.start) and (
            other.end is None or other.end >= self.start
        )

    def intersection(self, other: Period) -> Period | None:
        """The days both periods share, or None when they share none.

        >>> str(Period.year(2021).intersection(Period.open_from(_dt.date(2021, 12, 1))))
        '2021-12'

        Raises:
            CalendarMismatchError: the periods are on different calendars.
        """
        if not self.overlaps(other):
            return None
        start = max(self.start, other.start)
        ends = [e for e in (self.end, other.end) if e is not None]
        end = min(ends) if ends else None
        # The part of a phase within a window is still that phase, with narrower bounds.
        shared = Period(
            start=start, end=end, calendar=self.calendar, label=self.label or other.label
        )
        for period in (other, self):
            if period == shared:
                return period
        return shared

    # --- subdivision ----------------------------------------------------------------------

    def _split(self, size: int) -> tuple[Period, ...]:
        """Cut into nominal units of ``size`` months, clipping the first and last pieces."""
        end = self._closed_end("subdivide")
        first_unit = _containing_month(self.start, self.calendar) // size
        last_unit = _containing_month(end, self.calendar) // size
        pieces = []
        for unit in range(first_unit, last_unit + 1):
            # Only inner bounds are computed: they lie inside the period, so always exist.
            start = self.start if unit == first_unit else _month_start(unit * size, self.calendar)
            stop = end if unit == last_unit else _month_end(unit * size + size - 1, self.calendar)
            pieces.append(Period(start=start, end=stop, calendar=self.calendar, label=self.label))
        return tuple(pieces)

    def split_months(self) -> tuple[Period, ...]:
        """Split into months of this period's calendar; the edge pieces are clipped.

        >>> window = Period.between(_dt.date(2021, 1, 20), _dt.date(2021, 3, 31))
        >>> [str(m) for m in window.split_months()]
        ['2021-01-20/2021-01-31', '2021-02', '2021-03']

        Raises:
            PeriodError: the period is open.
        """
        return self._split(1)

    def split_quarters(self) -> tuple[Period, ...]:
        """Split into quarters of this period's calendar; the edge pieces are clipped.

        >>> half = Period.half_year(2021, 1, calendar=Calendar.DECREE_09)
        >>> [str(q) for q in half.split_quarters()]
        ['ND09:2021-Q1', 'ND09:2021-Q2']

        Raises:
            PeriodError: the period is open.
        """
        return self._split(3)

    def split_half_years(self) -> tuple[Period, ...]:
        """Split into half years of this period's calendar; the edge pieces are clipped.

        Raises:
            PeriodError: the period is open.
        """
        return self._split(6)

    def split_years(self) -> tuple[Period, ...]:
        """Split into years of this period's calendar.

        >>> [str(y) for y in Period.years(2017, 2019).split_years()]
        ['2017', '2018', '2019']

        Raises:
            PeriodError: the period is open.
        """
        return self._split(12)

    # --- calendars ------------------------------------------------------------------------

    def with_calendar(self, calendar: Calendar) -> Period:
        """The same dates labelled with another calendar ("these are just dates").

        >>> p = Period.year(2021).with_calendar(Calendar.DECREE_09)
        >>> (str(p), p.kind)
        ('ND09:2021-01-01/2021-12-31', <PeriodKind.CUSTOM: 'custom'>)
        """
        return attrs.evolve(self, calendar=calendar)

    def to_calendar(self, calendar: Calendar) -> Period:
        """The nominally equal period on another calendar (year 2021 → Decree-09 year 2021).

        >>> str(Period.quarter(2021, 1).to_calendar(Calendar.DECREE_09).start)
        '2020-12-15'

        Raises:
            PeriodError: the period is custom or open, so has no nominal equivalent, or the
                equivalent falls outside the supported years.
        """
        nominal = self._nominal(calendar)
        return attrs.evolve(nominal, label=self.label) if self.label else nominal

    def _nominal(self, calendar: Calendar) -> Period:
        shape = _shape(self.start, self.end, self.calendar)
        match shape.kind:
            case PeriodKind.DAY:
                return self.with_calendar(calendar)
            case PeriodKind.MONTH:
                return Period.month(shape.year, shape.number, calendar=calendar)
            case PeriodKind.QUARTER:
                return Period.quarter(shape.year, shape.number, calendar=calendar)
            case PeriodKind.HALF_YEAR:
                return Period.half_year(shape.year, shape.number, calendar=calendar)
            case PeriodKind.NINE_MONTHS:
                return Period.nine_months(shape.year, calendar=calendar)
            case PeriodKind.YEAR:
                return Period.year(shape.year, calendar=calendar)
            case PeriodKind.YEARS:
                return Period.years(shape.year, shape.last_year, calendar=calendar)
            case PeriodKind.CUSTOM | PeriodKind.OPEN:
                raise PeriodError(
                    f"the {shape.kind.value} period {self} has no nominal equivalent on the "
                    f"{calendar.value} calendar; use with_calendar() to keep its dates"
                )
