"""Calendar dates: conversion, parsing of Vietnamese date forms, and "today" in Vietnam."""

from __future__ import annotations

import datetime as _dt
import re

import pendulum

from danvan.errors import InvalidValueError, ParseError

__all__ = ["TIMEZONE", "format_date_vi", "parse_date", "to_date", "today"]

TIMEZONE = "Asia/Ho_Chi_Minh"

_DMY = re.compile(r"^(?:ngày\s+)?(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})$", re.IGNORECASE)
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_LONG = re.compile(r"^(?:ngày\s+)?(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})$", re.IGNORECASE)


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
        raise ParseError(f"no such date {day}-{month}-{year}", text=text) from None


def parse_date(text: str) -> pendulum.Date:
    """Read a date as Vietnamese reports and spreadsheets write it.

    Accepts "1-11-2016", "01/11/2016", "13.6.2005", "ngày 1-11-2016",
    "ngày 01 tháng 11 năm 2016" and ISO "2016-11-01". Day comes before month.

    >>> parse_date("ngày 1-11-2016")
    Date(2016, 11, 1)
    >>> parse_date("2016-11-01")
    Date(2016, 11, 1)

    Raises:
        ParseError: the text is not one of these forms, or names no real date.
    """
    if not isinstance(text, str):
        raise ParseError(f"expected text, got {type(text).__name__}", text=repr(text))
    cleaned = " ".join(text.split())
    if match := _ISO.match(cleaned):
        year, month, day = (int(g) for g in match.groups())
        return _make(text, year, month, day)
    if match := _DMY.match(cleaned) or _LONG.match(cleaned):
        day, month, year = (int(g) for g in match.groups())
        return _make(text, year, month, day)
    raise ParseError("not a date (expected 1-11-2016, 01/11/2016 or 2016-11-01)", text=text)


def format_date_vi(value: pendulum.Date) -> str:
    """Format a date the way Vietnamese documents cite it.

    >>> format_date_vi(pendulum.Date(2016, 11, 1))
    '1-11-2016'
    """
    return f"{value.day}-{value.month}-{value.year}"
