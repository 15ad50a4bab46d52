"""Reading periods: the codes `str(period)` writes, and the phrases reports write.

Reports state their periods in words, relative to the day they were published:
"trong năm 2019", "6 tháng đầu năm", "quý III", "từ đầu năm đến nay", "tính đến ngày
30-6-2019", "tháng 5", "từ 3 đến 7/9", "đợt 2/2021", "qua 3 tháng triển khai". Relative
phrases need that day (``as_of``) and are never resolved without it.

Every pattern is anchored and reads literal words, digits of bounded length and single
spaces (the text is normalised first), so matching is linear in the length of the text.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from collections.abc import Callable
from typing import NamedTuple

import pendulum

from danvan._dates import parse_date, to_date
from danvan._lang import Message
from danvan._period import (
    Calendar,
    Period,
    _date,
    _month_end,
    _month_index,
    _month_start,
    out_of_range,
)
from danvan._regex import LazyPattern
from danvan._text import nfc
from danvan.errors import ParseError, PeriodError

__all__ = ["PeriodMention", "parse_period", "period_mentions"]

_SPACED_PUNCT = LazyPattern(r" ?([-/:]) ?")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_ISO = r"(\d{4})-(\d{2})-(\d{2})"
_EXAMPLES = (
    "2021, 2021-Q3, 2021-H1, 2021-9M, 2021-07, 2017/2021, 2021-07-15, "
    "2022-07-01/2022-09-30, 2016-11-01/..",
    '"quý III/2021", "6 tháng đầu năm 2021", "giai đoạn 2021-2025", "tháng 5", '
    '"từ đầu năm đến nay", "tính đến ngày 30-6-2019"',
)
_EXPECTED = Message(
    f"not a period (expected a code such as {_EXAMPLES[0]}, or a phrase such as {_EXAMPLES[1]})",
    f"không phải là kỳ (kỳ ghi bằng mã như {_EXAMPLES[0]}, hoặc bằng lời như {_EXAMPLES[1]})",
)


def parse_period(
    text: str, *, as_of: _dt.date | None = None, calendar: Calendar | str | None = None
) -> Period:
    """Read a period code (``str(period)``) or a Vietnamese period phrase.

    Codes: "2021", "2021-Q3", "2021-H1", "2021-9M", "2021-07", "2017/2021" (also "2017-2021"),
    "2021-07-15", "2022-07-01/2022-09-30", "2016-11-01/.."; a "ND09:" prefix marks the
    Decree-09 calendar, and a phase adds its label: "2021 (đợt 2)".

    Phrases (a leading "trong" is dropped; case, spacing and Unicode form do not matter):

    * named periods: "năm 2021", "giai đoạn 2021-2025", "quý III/2021", "quý 3 năm 2021",
      "6 tháng đầu năm 2021", "6 tháng cuối năm 2021", "9 tháng đầu năm 2021",
      "tháng 7/2021", "tháng 7 năm 2021", "02/2022"; "từ 2016 đến 2021";
    * the same without a year, in the year of ``as_of``: "6 tháng đầu năm", "9 tháng",
      "năm nay"; or the last one that began on or before ``as_of``: "quý III", "tháng 5";
    * windows up to ``as_of``: "(trong) 5 năm qua", "3 tháng qua", "từ (năm) 2017 đến nay",
      "từ đầu năm (2023) đến nay", "trong 5 năm từ 2016 đến nay", "từ tháng 3 đến nay",
      "từ ngày 1-11-2016 đến nay";
    * days: "ngày 19/8/2021", "19-8-2021", "ngày 19/8" (the last 19 August on or before
      ``as_of``), and ranges "từ 3 đến 7/9", "từ 28/8 đến 3/9/2021", "ngày 3-7/9/2021";
    * a stock stated as of a day has that day as its period: "tính đến ngày 30-6-2019",
      "đến cuối năm 2018", "đến hết quý III/2021", "tính đến nay";
    * phases whose exact dates the text does not give, as a labelled period bounded by
      what it says: "đợt 2/2021" (within 2021), "qua 3 tháng triển khai" (the three months
      up to ``as_of``).

    Args:
        text: The code or phrase.
        as_of: Date of the report, required by relative phrases; see `Period.past_years`
            and `Period.since` for the rules.
        calendar: Calendar for texts without the "ND09:" prefix (default Gregorian).

    Returns:
        The period; ``parse_period(str(p)) == p`` for every period.

    Raises:
        ParseError: the text is not a period, names an impossible one ("2021-Q5"), is
            relative without ``as_of``, or its prefix contradicts ``calendar``.

    >>> str(parse_period("6 tháng đầu năm 2021", calendar=Calendar.DECREE_09))
    'ND09:2021-H1'
    >>> str(parse_period("trong 5 năm qua", as_of=_dt.date(2022, 2, 15)))
    '2017/2021'
    >>> str(parse_period("tháng 5", as_of=_dt.date(2022, 2, 15)))
    '2021-05'
    >>> str(parse_period("đợt 2/2021"))
    '2021 (đợt 2)'
    """
    if not isinstance(text, str):
        raise ParseError(f"expected text, got {type(text).__name__}", text=repr(text))
    if isinstance(calendar, str):
        try:
            calendar = Calendar(calendar)
        except ValueError:
            known = ", ".join(c.value for c in Calendar)
            raise PeriodError(f"calendar must be one of {known}, got {calendar!r}") from None
    try:
        return _parse(text, as_of, calendar)
    except PeriodError as error:
        raise ParseError(
            Message(f"not a valid period ({error})", f"kỳ không hợp lệ ({error.in_('vi')})"),
            text=text,
        ) from error


def _normalise(text: str) -> str:
    folded = nfc(nfc(text).casefold()).replace("\u2013", "-")  # en dash in "2021–2025"
    return _SPACED_PUNCT.sub(r"\1", " ".join(folded.split()))


def _parse(text: str, as_of: _dt.date | None, calendar: Calendar | None) -> Period:
    body, label = _split_label(text)
    body = _normalise(body)
    cal = Calendar.GREGORIAN if calendar is None else calendar
    if body.startswith("nd09:"):
        if calendar is not None and calendar is not Calendar.DECREE_09:
            raise ParseError(f"the ND09: prefix contradicts calendar={calendar.value!r}", text=text)
        cal, body = Calendar.DECREE_09, body.removeprefix("nd09:")
    code = _code(body, cal)
    if label:
        if code is None:
            raise ParseError("a label in parentheses follows a period code", text=text)
        return code.with_label(label)
    if code is not None:
        return code
    today = None if as_of is None else to_date(as_of, where="as_of")
    event = _EVENT.fullmatch(" ".join(nfc(text).split()))
    if event is not None:
        found = _event_period(event, today, cal)
        if found is None:
            raise ParseError("an event needs its year: write 'dịp Tết Nguyên đán 2024'", text=text)
        return found
    return _Phrase(text, cal, today).read(_words(body))


# Events that stand for the time around them: "dịp Tết Nguyên đán Giáp Thìn 2024",
# "Tháng Thanh niên năm 2024". Reports give no dates for them: the period is the year
# the text gives (or, for Tết, the year its name in the sexagenary cycle gives),
# labelled with the event. Only a capitalised "Tháng" opens a named month, so that
# "tháng 5" and "tháng đầu năm" stay months.
_CAN = ("giáp", "ất", "bính", "đinh", "mậu", "kỷ", "canh", "tân", "nhâm", "quý")
_CHI = {
    "tý": 0, "sửu": 1, "dần": 2, "mão": 3, "mẹo": 3, "thìn": 4, "tỵ": 5, "tị": 5,
    "ngọ": 6, "mùi": 7, "thân": 8, "dậu": 9, "tuất": 10, "hợi": 11,
}  # fmt: skip
_SP = r"[ \t]{1,3}"
_EVENT = LazyPattern(
    rf"(?<!\w)(?:(?:nhân|trong|vào){_SP})?(?:dịp{_SP})?(?P<event>"
    rf"Tết(?:{_SP}Nguyên{_SP}đán)?(?:{_SP}(?P<can>{'|'.join(_CAN)}){_SP}(?P<chi>{'|'.join(_CHI)}))?"
    rf"|Tháng(?:{_SP}(?!(?:năm|đầu|cuối|này|qua|trước|sau|tới)(?!\w))[^\W\d]\w{{0,15}}){{1,6}}"
    rf")(?:{_SP}(?:năm{_SP})?(?P<year>\d{{4}}))?(?![\w/-])",
    re.IGNORECASE,
)


def _event_period(m: re.Match[str], today: pendulum.Date | None, cal: Calendar) -> Period | None:
    """The year of an event, labelled with its name; None when the text gives no year."""
    event = " ".join(m["event"].split())
    if event[0].islower():
        return None  # "tháng cao điểm": a month of the text's year, or a common noun
    if event[:3].casefold() == "tết":  # one spelling, whatever the case of a title
        words = ["Tết", *(["Nguyên đán"] if "nguyên" in event.casefold() else [])]
        words += [w.capitalize() for w in (m["can"], m["chi"]) if w]
        event = " ".join(words)
    year = int(m["year"]) if m["year"] else None
    if year is None and m["can"] and today is not None:
        can = _CAN.index(m["can"].casefold())
        chi = _CHI[m["chi"].casefold()]
        year = next(
            (
                y
                for y in (today.year, today.year + 1, today.year - 1)
                if (y - 4) % 10 == can and (y - 4) % 12 == chi
            ),
            None,
        )
    if year is None:
        return None
    return Period.year(year, calendar=cal).with_label(event)


def _split_label(text: str) -> tuple[str, str]:
    """ "2021 (đợt 2)" as ("2021", "đợt 2"); other texts unchanged, with no label."""
    stripped = text.strip()
    head, sep, tail = stripped.partition(" (")
    if sep and tail.endswith(")") and "(" not in head:
        return head, tail[:-1].strip()
    return text, ""


def _iso(groups: tuple[str | None, ...]) -> pendulum.Date:
    year, month, day = (int(g) for g in groups if g is not None)
    return _date(year, month, day)


_CODES: tuple[tuple[LazyPattern, Callable[[re.Match[str], Calendar], Period]], ...] = (
    (LazyPattern(r"(\d{4})"), lambda m, c: Period.year(int(m[1]), calendar=c)),
    (LazyPattern(r"(\d{4})-q(\d)"), lambda m, c: Period.quarter(int(m[1]), int(m[2]), calendar=c)),
    (
        LazyPattern(r"(\d{4})-h(\d)"),
        lambda m, c: Period.half_year(int(m[1]), int(m[2]), calendar=c),
    ),
    (LazyPattern(r"(\d{4})-9m"), lambda m, c: Period.nine_months(int(m[1]), calendar=c)),
    (LazyPattern(r"(\d{4})-(\d{2})"), lambda m, c: Period.month(int(m[1]), int(m[2]), calendar=c)),
    (
        LazyPattern(r"(?:giai đoạn )?(\d{4})[-/](\d{4})"),
        lambda m, c: Period.years(int(m[1]), int(m[2]), calendar=c),
    ),
    (LazyPattern(_ISO), lambda m, c: Period.day(_iso(m.groups()), calendar=c)),
    (
        LazyPattern(_ISO + "/" + _ISO),
        lambda m, c: Period.between(_iso(m.groups()[:3]), _iso(m.groups()[3:]), calendar=c),
    ),
    (LazyPattern(_ISO + r"/\.\."), lambda m, c: Period.open_from(_iso(m.groups()), calendar=c)),
)


def _code(body: str, cal: Calendar) -> Period | None:
    """The period a code names ("2021-Q3"), or None when the text is no code."""
    for pattern, build in _CODES:
        if m := pattern.fullmatch(body):
            return build(m, cal)
    return None


# Long date forms become short ones first, so that the phrases below see one form:
# "ngày 30 tháng 6 năm 2019" -> "ngày 30/6/2019", "tháng 7 năm 2021" -> "tháng 7/2021".
_SHORTER = (
    (LazyPattern(r"(\d{1,2}) tháng (\d{1,2}) năm (\d{4})"), r"\1/\2/\3"),
    (LazyPattern(r"ngày (\d{1,2}) tháng (\d{1,2})"), r"ngày \1/\2"),
    (LazyPattern(r"(tháng|quý|đợt) (\d{1,2}|iv|iii|ii|i) năm (\d{4})"), r"\1 \2/\3"),
)


def _words(body: str) -> str:
    for pattern, short in _SHORTER:
        body = pattern.sub(short, body)
    body = body.rstrip(".,;")
    for lead in ("trong thời gian ", "trong "):
        if body.startswith(lead):
            return body[len(lead) :]
    return body


_DAY = r"(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{4}))?"  # 30-6-2019, 19/8, 13.6.2005
_UNITS = {"ngày": "days", "tuần": "weeks", "tháng": "months", "năm": "years"}
_ACTION = r"(?:triển khai|thực hiện|ra quân|hoạt động)"


# Each rule: an anchored pattern over the normalised phrase, and the method reading it.
_RULES: tuple[tuple[LazyPattern, str], ...] = tuple(
    (LazyPattern(pattern), method)
    for pattern, method in (
        (r"năm (\d{4})", "named_year"),
        (r"năm nay", "this_year"),
        (r"quý (iv|iii|ii|i|\d)/(\d{4})", "quarter"),
        (r"quý (iv|iii|ii|i|\d)", "quarter"),
        (r"6 tháng (đầu|cuối) năm(?: (\d{4}))?", "half"),
        (r"9 tháng(?: đầu năm| năm)?(?: (\d{4}))?", "nine"),
        (r"(?:tháng )?(\d{1,2})/(\d{4})", "month"),
        (r"tháng (\d{1,2})", "month"),
        (r"(\d{1,4}) năm qua", "past_years"),
        (r"(\d{1,3}) tháng qua", "past_months"),
        (r"(?:\d{1,3} năm )?từ (?:năm )?(\d{4}) đến nay", "since_year"),
        (r"từ đầu năm(?: (\d{4}))? đến nay", "since_year"),
        (r"từ (?:năm )?(\d{4}) đến (?:năm )?(\d{4})", "years"),
        (r"từ tháng (\d{1,2})(?:/(\d{4}))? đến nay", "since_month"),
        (r"từ tháng (\d{1,2})(?:/(\d{4}))? đến tháng (\d{1,2})/(\d{4})", "months"),
        (r"từ (?:ngày )?" + _DAY + " đến nay", "since_day"),
        (r"từ (?:ngày )?(.{1,40}) đến nay", "since_date"),
        (
            r"từ (?:ngày )?(\d{1,2})(?:[-/.](\d{1,2}))?(?:[-/.](\d{4}))? đến (?:ngày )?" + _DAY,
            "day_range",
        ),
        (r"(?:ngày )?(\d{1,2})-(\d{1,2})/(\d{1,2})(?:/(\d{4}))?", "dash_range"),
        (r"(?:tính )?(?:đến|tới) nay", "up_to_now"),
        (r"(?:tính )?(?:đến|tới) (?:hết |cuối )?(?:ngày )?" + _DAY, "day"),
        (r"(?:tính )?(?:đến|tới) (?:cuối|hết) năm(?: (\d{4}))?", "year_end"),
        (r"(?:tính )?(?:đến|tới) (?:cuối|hết) ((?:quý|tháng) .{1,12})", "end_of"),
        (r"(?:ngày )?" + _DAY, "day"),
        (r"đợt (\d{1,2})/(\d{4})", "phase"),
        (r"(?:qua |sau )?(\d{1,3}) (ngày|tuần|tháng|năm) " + _ACTION, "running"),
    )
)
_PHASE_WITHOUT_YEAR = LazyPattern(r"đợt \d{1,2}")


class _Phrase:
    """Reads one phrase by the first rule of `_RULES` that matches it whole."""

    def __init__(self, text: str, cal: Calendar, today: pendulum.Date | None) -> None:
        self.text = text
        self.cal = cal
        self.today = today

    def read(self, body: str) -> Period:
        for pattern, method in _RULES:
            if m := pattern.fullmatch(body):
                meaning: Callable[[re.Match[str]], Period] = getattr(self, method)
                return meaning(m)
        if _PHASE_WITHOUT_YEAR.fullmatch(body):
            raise ParseError("a phase needs its year: write 'đợt 2/2021'", text=self.text)
        raise ParseError(_EXPECTED, text=self.text)

    def named_year(self, m: re.Match[str]) -> Period:
        return Period.year(int(m[1]), calendar=self.cal)

    def this_year(self, m: re.Match[str]) -> Period:
        return Period.year(self.now().year, calendar=self.cal)

    def up_to_now(self, m: re.Match[str]) -> Period:
        return Period.day(self.now(), calendar=self.cal)

    def now(self) -> pendulum.Date:
        if self.today is None:
            raise ParseError(
                "a relative period needs as_of= (the date of the report)", text=self.text
            )
        return self.today

    def _year(self, group: str | None) -> int:
        return self.now().year if group is None else int(group)

    def _last_starting(self, index_in_year: Callable[[int], int]) -> int:
        """The month index, in the latest year, whose start is on or before ``as_of``."""
        now = self.now()
        for year in (now.year + 1, now.year, now.year - 1):
            index = index_in_year(year)
            if _month_start(index, self.cal) <= now:
                return index
        raise ParseError("no such period before the report date", text=self.text)

    # -- named periods ----------------------------------------------------------------

    def quarter(self, m: re.Match[str]) -> Period:
        q = _ROMAN.get(m[1]) or int(m[1])
        if m.lastindex == 2:
            return Period.quarter(int(m[2]), q, calendar=self.cal)
        if not 1 <= q <= 4:
            raise PeriodError(out_of_range("quarter", q, 1, 4))
        first = self._last_starting(lambda year: _month_index(year, 3 * q - 2))
        return Period._span(first, first + 2, self.cal)

    def half(self, m: re.Match[str]) -> Period:
        return Period.half_year(self._year(m[2]), 1 if m[1] == "đầu" else 2, calendar=self.cal)

    def nine(self, m: re.Match[str]) -> Period:
        return Period.nine_months(self._year(m[1]), calendar=self.cal)

    def month(self, m: re.Match[str]) -> Period:
        month = int(m[1])
        if m.lastindex == 2:
            return Period.month(int(m[2]), month, calendar=self.cal)
        if not 1 <= month <= 12:
            raise PeriodError(out_of_range("month", month, 1, 12))
        index = self._last_starting(lambda year: _month_index(year, month))
        return Period._span(index, index, self.cal)

    def years(self, m: re.Match[str]) -> Period:
        return Period.years(int(m[1]), int(m[2]), calendar=self.cal)

    def months(self, m: re.Match[str]) -> Period:
        last_year = int(m[4])
        first_year = int(m[2]) if m[2] else last_year - (int(m[1]) > int(m[3]))
        first, last = _month_index(first_year, int(m[1])), _month_index(last_year, int(m[3]))
        if last < first:
            raise PeriodError(f"the last month comes before the first in {self.text!r}")
        return Period._span(first, last, self.cal)

    # -- windows up to the report date ------------------------------------------------

    def past_years(self, m: re.Match[str]) -> Period:
        return Period.past_years(int(m[1]), as_of=self.now(), calendar=self.cal)

    def past_months(self, m: re.Match[str]) -> Period:
        """The n most recent whole months that had ended by ``as_of`` ("3 tháng qua")."""
        n, now = int(m[1]), self.now()
        last = _month_index(now.year, now.month)
        if _month_end(last, self.cal) > now:
            last -= 1
        if n < 1:
            raise PeriodError(f"the number of months must be at least 1, got {n}")
        return Period._span(last - n + 1, last, self.cal)

    def since_year(self, m: re.Match[str]) -> Period:
        return Period.since(self._year(m[1]), as_of=self.now(), calendar=self.cal)

    def since_month(self, m: re.Match[str]) -> Period:
        month = int(m[1])
        if m[2]:
            index = _month_index(int(m[2]), month)
        else:
            index = self._last_starting(lambda year: _month_index(year, month))
        return Period.since(_month_start(index, self.cal), as_of=self.now(), calendar=self.cal)

    def since_day(self, m: re.Match[str]) -> Period:
        return Period.since(self._day(m[1], m[2], m[3]), as_of=self.now(), calendar=self.cal)

    def since_date(self, m: re.Match[str]) -> Period:
        """ "từ 2016-11-01 đến nay": any date form `parse_date` reads."""
        try:
            start = parse_date(m[1])
        except ParseError:
            raise ParseError(
                f"the start {m[1]!r} is not a year or a date", text=self.text
            ) from None
        return Period.since(start, as_of=self.now(), calendar=self.cal)

    def running(self, m: re.Match[str]) -> Period:
        """ "qua 3 tháng triển khai": the stated span up to the report, as a phase."""
        n, now = int(m[1]), self.now()
        start = now.subtract(**{_UNITS[m[2]]: n}).add(days=1)
        return Period(start=start, end=now, calendar=self.cal, label=m[0])

    # -- days ---------------------------------------------------------------------------

    def _day(self, day: str, month: str, year: str | None) -> pendulum.Date:
        """A day; without a year, the last such day on or before ``as_of``."""
        if year is not None:
            return _date(int(year), int(month), int(day))
        now = self.now()
        for candidate in (now.year, now.year - 1):
            found = (
                _date(candidate, int(month), int(day)) if _valid(candidate, month, day) else None
            )
            if found is not None and found <= now:
                return found
        raise PeriodError(f"no day {day}/{month} on or before {now}")

    def day(self, m: re.Match[str]) -> Period:
        return Period.day(self._day(m[1], m[2], m[3]), calendar=self.cal)

    def day_range(self, m: re.Match[str]) -> Period:
        """ "từ 3 đến 7/9", "từ 28/8 đến 3/9/2021": the start takes what it leaves out from
        the end; a start month after the end month is in the year before."""
        end_day, end_month, end_year = m[4], m[5], m[6]
        end = self._range_end(m[1], m[2] or end_month, end_day, end_month, end_year)
        start_month = int(m[2] or end_month)
        start_year = int(m[3]) if m[3] else end.year - (start_month > end.month)
        return Period.between(_date(start_year, start_month, int(m[1])), end, calendar=self.cal)

    def dash_range(self, m: re.Match[str]) -> Period:
        """ "ngày 3-7/9/2021": days 3 to 7 of one month."""
        end = self._range_end(m[1], m[3], m[2], m[3], m[4])
        return Period.between(_date(end.year, end.month, int(m[1])), end, calendar=self.cal)

    def _range_end(
        self, start_day: str, start_month: str, day: str, month: str, year: str | None
    ) -> pendulum.Date:
        if year is not None:
            return _date(int(year), int(month), int(day))
        # No year: the latest range that had begun by the report date.
        now = self.now()
        for candidate in (now.year, now.year - 1):
            start_year = candidate - (int(start_month) > int(month))
            if (
                _valid(start_year, start_month, start_day)
                and _valid(candidate, month, day)
                and _date(start_year, int(start_month), int(start_day)) <= now
            ):
                return _date(candidate, int(month), int(day))
        raise PeriodError(f"no such days before {now}")

    def year_end(self, m: re.Match[str]) -> Period:
        year = self._year(m[1])
        return Period.day(_month_end(_month_index(year, 12), self.cal), calendar=self.cal)

    def end_of(self, m: re.Match[str]) -> Period:
        inner = self.read(m[1])
        assert inner.end is not None  # quarters and months are closed
        return Period.day(inner.end, calendar=self.cal)

    def phase(self, m: re.Match[str]) -> Period:
        """ "đợt 2/2021": a named phase somewhere in 2021."""
        return Period.year(int(m[2]), calendar=self.cal).with_label(f"đợt {int(m[1])}")


def _valid(year: int, month: str, day: str) -> bool:
    try:
        pendulum.Date(year, int(month), int(day))
    except ValueError:
        return False
    return True


# -- periods inside running text ---------------------------------------------------------------
# A phrase is made of the words of the rules above, numbers and date marks. A run of
# those is where a phrase may stand; `parse_period` (the one grammar) says which part of
# the run is one. Starting and ending words prune the attempts: a phrase is at most
# _MOST_TOKENS tokens long, so the work per run is bounded and a scan stays linear.

_STARTS = frozenset(
    [
        "trong",
        "thời",
        "năm",
        "quý",
        "tháng",
        "từ",
        "tính",
        "đến",
        "tới",
        "ngày",
        "giai",
        "đợt",
        "qua",
        "sau",
    ]
)
_ENDS = frozenset(
    ["i", "ii", "iii", "iv", "nay", "qua", "năm", "tháng", "khai", "hiện", "quân", "động"]
)
_WORDS = (
    _STARTS
    | _ENDS
    | frozenset(["gian", "đầu", "cuối", "hết", "đoạn", "triển", "thực", "ra", "hoạt"])
)
_WORD = "|".join(sorted(_WORDS, key=len, reverse=True))
_TOKEN = rf"(?:(?:{_WORD})(?!\w)|\d{{1,4}}(?!\d)|[-/.\u2013])"
_RUN = LazyPattern(rf"(?<![\w/.-]){_TOKEN}(?:[ \t]{{0,3}}{_TOKEN}){{0,39}}", re.IGNORECASE)
_RUN_TOKEN = LazyPattern(_TOKEN, re.IGNORECASE)
_MOST_TOKENS = 12
_BARE = LazyPattern(r"\d{1,4}|\d{1,2}[-/.]\d{1,2}")


class PeriodMention(NamedTuple):
    """A period phrase found in a text: ``text[start:end]`` reads as ``period``."""

    start: int
    end: int
    period: Period


def period_mentions(
    text: str, *, as_of: _dt.date | None = None, calendar: Calendar | str | None = None
) -> tuple[PeriodMention, ...]:
    """Every period phrase `parse_period` reads in a longer text, in order, longest first.

    A bare number ("2021") or day and month ("7/7") is not taken for a period: in
    running text it is as often a count or a ratio. Phrases relative to the report date
    ("5 năm qua", "đến nay") are found only with ``as_of``. Offsets are into ``text`` as
    given: pass text in NFC (phrases written with combining marks are not found).

    >>> found = period_mentions("Trong 5 năm qua, đến hết tháng 9/2022, có 52 mô hình",
    ...                         as_of=_dt.date(2022, 10, 1))
    >>> [(m.start, m.end, str(m.period)) for m in found]
    [(0, 15, '2017/2021'), (17, 37, '2022-09-30')]
    """
    if not isinstance(text, str):
        raise ParseError(f"expected text, got {type(text).__name__}", text=repr(text))
    today = None if as_of is None else to_date(as_of, where="as_of")
    if isinstance(calendar, str):
        try:
            calendar = Calendar(calendar)
        except ValueError:
            known = ", ".join(c.value for c in Calendar)
            raise PeriodError(f"calendar must be one of {known}, got {calendar!r}") from None
    found: list[PeriodMention] = []
    events = _event_mentions(text, today, calendar)
    for run in _RUN.finditer(text):
        tokens = [t.span() for t in _RUN_TOKEN.finditer(text, run.start(), run.end())]
        i = 0
        while i < len(tokens):
            hit = _longest_at(text, tokens, i, today, calendar)
            if hit is None:
                i += 1
                continue
            found.append(hit[0])
            i = hit[1]
    if not events:
        return tuple(found)
    # An event's year ("Tháng Thanh niên năm 2024") is part of the event's phrase.
    kept = [m for m in found if not any(m.start < e.end and e.start < m.end for e in events)]
    return tuple(sorted([*kept, *events], key=lambda m: m.start))


def _event_mentions(
    text: str, today: pendulum.Date | None, calendar: Calendar | None
) -> list[PeriodMention]:
    cal = Calendar.GREGORIAN if calendar is None else calendar
    out = []
    for m in _EVENT.finditer(text):
        if m["year"] is None:
            continue  # "dịp Tết Giáp Thìn": the period the context states holds
        period = _event_period(m, today, cal)
        if period is not None:
            out.append(PeriodMention(m.start(), m.end(), period))
    return out


def _longest_at(
    text: str,
    tokens: list[tuple[int, int]],
    i: int,
    today: pendulum.Date | None,
    calendar: Calendar | None,
) -> tuple[PeriodMention, int] | None:
    """The longest phrase starting at token ``i``, and the token after it."""
    first = text[tokens[i][0] : tokens[i][1]].casefold()
    if not (first[0].isdigit() or first in _STARTS):
        return None
    if first in _COUNTED and _counted(text, tokens, i):
        return None  # "ba năm nay", "5 năm qua" read from the 5: years counted, not named
    for j in range(min(len(tokens), i + _MOST_TOKENS), i, -1):
        last = text[tokens[j - 1][0] : tokens[j - 1][1]].casefold()
        if not (last[0].isdigit() or last in _ENDS):
            continue
        start, end = tokens[i][0], tokens[j - 1][1]
        phrase = text[start:end]
        if _BARE.fullmatch(phrase):
            continue
        period = _read(" ".join(phrase.split()), today, calendar)
        if period is not None:
            return PeriodMention(start, end, period), j
    return None


_COUNTED = frozenset({"năm", "tháng"})
_NUMBER_BEFORE = LazyPattern(
    r"(?:\d|(?<!\w)(?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|mươi|mấy|vài))[ \t]{1,3}$",
    re.IGNORECASE,
)


def _counted(text: str, tokens: list[tuple[int, int]], i: int) -> bool:
    """Whether a number stands right before token ``i``."""
    start = tokens[i][0]
    return _NUMBER_BEFORE.search(text, max(0, start - 12), start) is not None


@functools.lru_cache(maxsize=4096)
def _read(phrase: str, today: pendulum.Date | None, calendar: Calendar | None) -> Period | None:
    try:
        return parse_period(phrase, as_of=today, calendar=calendar)
    except ParseError:
        return None
