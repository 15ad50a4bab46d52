"""Calendar dates: conversion, parsing of Vietnamese date forms, and "today" in Vietnam."""

from __future__ import annotations

import datetime as _dt
import re

import pendulum

from danvan._lang import Message
from danvan._regex import LazyPattern
from danvan._text import nfc
from danvan.errors import InvalidValueError, ParseError

__all__ = ["TIMEZONE", "format_date_vi", "parse_date", "to_date", "today"]

TIMEZONE = "Asia/Ho_Chi_Minh"

# Every pattern runs on text whose whitespace is collapsed to single spaces, so " ?" is
# all the spacing there is: each attempt reads a bounded number of characters, and a
# search over a long text stays linear.
_DMY = r"(\d{1,2}) ?[-/.] ?(\d{1,2}) ?[-/.] ?(\d{4})"
_ISO = r"(\d{4})-(\d{2})-(\d{2})"
_LONG = r"(\d{1,2}) tháng (\d{1,2}) năm (\d{4})"
_FULL = {
    "iso": LazyPattern(_ISO),
    "dmy": LazyPattern(r"(?:ngày )?" + _DMY),
    "long": LazyPattern(r"(?:ngày )?" + _LONG),
}
# A month without a day: "2022-02", "02/2022", "tháng 2/2022", "tháng 2 năm 2022".
_MONTH = {
    "iso": LazyPattern(r"(\d{4})-(\d{2})"),
    "my": LazyPattern(r"(?:tháng )?(\d{1,2}) ?[-/.] ?(\d{4})"),
    "long": LazyPattern(r"tháng (\d{1,2}) năm (\d{4})"),
}
_INSIDE = LazyPattern(rf"(?<![\d.,/-])(?:{_ISO}|{_DMY}|{_LONG})(?![\d.,/-]\d)", re.IGNORECASE)
_MONTH_INSIDE = LazyPattern(r"(?<![\d.,/-])(?:(\d{4})-(\d{2})|(\d{1,2})/(\d{4}))(?![\d.,/-]\d)")


def today() -> pendulum.Date:
    """Today's date in Vietnam (Asia/Ho_Chi_Minh), whatever the machine's time zone.

    >>> isinstance(today(), pendulum.Date)
    True
    """
    return pendulum.today(TIMEZONE).date()


def to_date(value: object, *, where: str | None = None) -> pendulum.Date:
    """Return ``value`` as a pendulum `Date`; accept a stdlib ``date``, refuse datetimes.

    >>> to_date(_dt.date(2016, 11, 1))
    Date(2016, 11, 1)

    Raises:
        InvalidValueError: ``value`` is a datetime (a moment, not a calendar date) or
            not a date at all.
    """
    if isinstance(value, _dt.datetime):
        raise InvalidValueError(
            f"expected a calendar date, got a datetime {value!r}; use its .date()", where=where
        )
    if type(value) is pendulum.Date:
        return value
    if isinstance(value, _dt.date):
        return pendulum.Date(value.year, value.month, value.day)
    raise InvalidValueError(f"expected a date, got {type(value).__name__} {value!r}", where=where)


def _make(text: str, year: int, month: int, day: int) -> pendulum.Date:
    try:
        return pendulum.Date(year, month, day)
    except ValueError:
        raise ParseError(
            Message(f"no such date {day}-{month}-{year}", f"không có ngày {day}-{month}-{year}"),
            text=text,
        ) from None


def parse_date(text: str, *, partial: str | None = None) -> pendulum.Date:
    """Read a date as Vietnamese reports and spreadsheets write it.

    Accepts "1-11-2016", "01/11/2016", "13.6.2005", "ngày 1-11-2016",
    "ngày 01 tháng 11 năm 2016" and ISO "2016-11-01". Day comes before month. A longer
    text with one date in it ("Thứ Ba, 19/10/2021 10:27:43") gives that date.

    A month without a day ("2022-02", "02/2022", "tháng 2/2022") names no single day:
    it is read only when ``partial`` says which day stands for it. `parse_period` reads
    it as the month it is.

    Args:
        text: The date, or a text with one date in it.
        partial: For a month without a day, "start" (its first day) or "end" (its last).

    >>> parse_date("ngày 1-11-2016")
    Date(2016, 11, 1)
    >>> parse_date("2016-11-01")
    Date(2016, 11, 1)
    >>> parse_date("Thứ Ba, 19/10/2021 10:27:43")
    Date(2021, 10, 19)
    >>> parse_date("02/2022", partial="end")
    Date(2022, 2, 28)

    Raises:
        ParseError: the text holds no date, several different ones, names no real date,
            or names a month without a day and no ``partial``.
    """
    if not isinstance(text, str):
        raise ParseError(f"expected text, got {type(text).__name__}", text=repr(text))
    if partial not in (None, "start", "end"):
        raise InvalidValueError(f"must be 'start', 'end' or None, got {partial!r}", where="partial")
    cleaned = nfc(" ".join(text.split()).casefold())
    for kind, pattern in _FULL.items():
        if match := pattern.fullmatch(cleaned):
            return _from_groups(text, kind, match.groups())
    for kind, pattern in _MONTH.items():
        if match := pattern.fullmatch(cleaned):
            year, month = _year_month(kind, match.groups())
            return _month_day(text, year, month, partial)
    found = {_from_match(text, m) for m in _INSIDE.finditer(cleaned)}
    if len(found) == 1:
        return found.pop()
    if len(found) > 1:
        days = ", ".join(str(d) for d in sorted(found))
        raise ParseError(f"the text holds several dates ({days}): give one", text=text)
    months = {(int(m[1] or m[4]), int(m[2] or m[3])) for m in _MONTH_INSIDE.finditer(cleaned)}
    if len(months) == 1:
        year, month = months.pop()
        return _month_day(text, year, month, partial)
    raise ParseError(
        Message(
            "not a date (expected 1-11-2016, 01/11/2016 or 2016-11-01)",
            "không phải là ngày (ngày viết như 1-11-2016, 01/11/2016 hoặc 2016-11-01)",
        ),
        text=text,
    )


def _from_groups(text: str, kind: str, groups: tuple[str | None, ...]) -> pendulum.Date:
    a, b, c = (int(g) for g in groups if g is not None)
    if kind == "iso":
        return _make(text, a, b, c)
    return _make(text, c, b, a)


def _from_match(text: str, match: re.Match[str]) -> pendulum.Date:
    g = match.groups()
    if g[0] is not None:
        return _make(text, int(g[0]), int(g[1]), int(g[2]))
    day, month, year = (int(n or 0) for n in (g[3:6] if g[3] is not None else g[6:9]))
    return _make(text, year, month, day)


def _year_month(kind: str, groups: tuple[str | None, ...]) -> tuple[int, int]:
    a, b = (int(g) for g in groups if g is not None)
    return (a, b) if kind == "iso" else (b, a)


def _month_day(text: str, year: int, month: int, partial: str | None) -> pendulum.Date:
    if partial is None:
        raise ParseError(
            f"this names the month {month:02d}/{year}, not a day: pass partial='start' or "
            f"partial='end', or read it as a period with parse_period",
            text=text,
        )
    first = _make(text, year, month, 1)
    return first if partial == "start" else first.add(days=first.days_in_month - 1)


def format_date_vi(value: pendulum.Date) -> str:
    """Format a date the way Vietnamese documents cite it.

    >>> format_date_vi(pendulum.Date(2016, 11, 1))
    '1-11-2016'
    """
    return f"{value.day}-{value.month}-{value.year}"
