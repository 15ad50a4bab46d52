"""Figures in running text: where a report states how many or how much of something.

`find_figures` scans a text for the figures a report states ("gần 9.000 tin có giá
trị", "3.089 viên đạn", "hơn 2,6 tỷ đồng", "sáu tập thể", "204/204=100% xã, thị trấn",
"đạt 94,3%") and gives each its exact span and its value, read by `parse_quantity` and
`parse_ratio` (the one grammar of figures), or the reason it cannot be read ("45 học
viên": a counting word the vocabulary does not know).

A figure is a number *before* the noun it counts: Vietnamese puts the count first. A
number after a noun is a name or an ordinal ("Điều 5", "Quốc lộ 18", "lần thứ 2",
"Khối 3"), and so are numbers glued to letters ("COVID-19", "PC08"), document numbers
("09/CT-BCA"), standards and times ("ISO 9001:2015", "7h30", "lúc 6 giờ 30"), phone
numbers, numbers in short quoted names ("2 tự quản, 3 chủ động"), numbers in headings'
numbering ("1.", "2.1."), "một" used as the article "a", and the length of the period
under review ("tổng kết 5 năm", "kỷ niệm 92 năm", "ba năm nay"). Dates and period
phrases are found by `danvan._period_text.period_mentions`; the caller passes their
spans as ``skip``.

Every pattern here repeats with bounds, and each site reads a bounded window of the
text around it, so a scan is linear in the length of the text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import attrs

from danvan._numbers import read_number_words, read_scale_words
from danvan._quantity import Quantity
from danvan._quantity_text import QUALIFIER_WORDS, parse_quantity
from danvan._ratio import Ratio, parse_ratio
from danvan._text import match_key
from danvan._units import TRAILING_PUNCTUATION, Dimension, Unit, Vocabulary, standard_vocabulary
from danvan.errors import DanvanError

__all__ = ["FoundFigure", "find_figures"]


@attrs.frozen
class FoundFigure:
    """A figure found in a text: ``text[start:end]`` states it.

    Args:
        start: Offset of its first character (a qualifier word, or the number).
        end: Offset just after its last character (the unit word, or the number).
        value: What it states, or None when it cannot be read.
        problem: Why it cannot be read ("" when it can).
        number: Offset of the number itself, after any qualifier words.
        signed: Whether a sign stands before it ("-7,2%"): a change, not a level.
    """

    start: int
    end: int
    value: Quantity | Ratio | None
    problem: str
    number: int
    signed: bool = False


# -- words ------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def _key(word: str) -> str:
    """The match key of one word of running text, without the punctuation around it."""
    return match_key(word.strip(TRAILING_PUNCTUATION + "(“‘\"'«[{"))


_QUALIFIERS = {match_key(word): q for word, q in QUALIFIER_WORDS.items()}
_TWO_WORD_QUALIFIERS = {k for k in _QUALIFIERS if " " in k}
_FROM = match_key("từ")
_ONE, _SOME = match_key("một"), match_key("số")
_YEAR = match_key("năm")
_MAGNITUDES = {match_key(w) for w in ("hàng", "vài", "mấy")}

# Nouns a number *follows* when it is a name or an ordinal: "Điều 5", "số 6", "lần thứ 2".
_NAME_NOUNS = frozenset(
    match_key(w)
    for w in [
        "điều",
        "khoản",
        "mục",
        "chương",
        "phần",
        "số",
        "thứ",
        "lần",
        "lộ",
        "khóa",
        "khoá",
        "khu",
        "khối",
        "phòng",
        "quận",
        "phường",
        "xóm",
        "thôn",
        "ấp",
        "tổ",
        "đội",
        "lớp",
        "tầng",
        "phiên",
        "hạng",
        "đoạn",
        "đợt",
        "tháng",
        "năm",
        "quý",
        "ngày",
        "tuần",
        "kỳ",
        "mã",
        "kênh",
        "trang",
        "tập",
        "hẻm",
        "ngõ",
        "ngách",
        "kiệt",
        "lô",
        "bước",
        "cụm",
        "niệm",
        "sinh",
    ]
)
_TOTAL = match_key("tổng")
# Qualifiers that are also prepositions: right after a figure they place, not qualify.
_PLACING = frozenset(
    {match_key("trên"), match_key("dưới")}
)  # "tổng số 52 mô hình": a total, not a name
# Words around a length of time that make it the period under review, not a figure.
_PERIOD_BEFORE = frozenset(
    match_key(w) for w in ["qua", "sau", "trong", "suốt", "niệm", "kết", "những"]
)
_PERIOD_AFTER = frozenset(match_key(w) for w in ["qua", "nay", "tới", "trước", "liền", "trở"])
# Verbs after a length of time that make it how long something has run ("Ba tháng vận
# hành mô hình", "sau 5 năm thực hiện Chỉ thị"): the period under review, not a figure.
_RUNNING_AFTER = frozenset(
    match_key(w) for w in ["thực hiện", "triển khai", "vận hành", "hoạt động", "thi hành"]
)
# "gấp 3 lần", "tăng 1,5 lần": a multiple of another figure, not a count of times.
_MULTIPLE_BEFORE = frozenset(match_key(w) for w in ["gấp", "tăng", "giảm"])
_TIMES = match_key("lần")
# "từ 10 lần trở lên", "hộ có từ 3 người trở lên": a threshold that names a group.
_THRESHOLD_AFTER = re.compile(r"[ \t]{1,3}trở[ \t]{1,3}(?:lên|xuống)(?!\w)", re.IGNORECASE)
# Words that cannot be the counting word after a number ("5 không, 3 sạch" aside).
_FUNCTION_WORDS = frozenset(
    match_key(w)
    for w in [
        "và",
        "của",
        "là",
        "có",
        "được",
        "đã",
        "với",
        "cho",
        "tại",
        "ở",
        "trong",
        "từ",
        "đến",
        "tới",
        "không",
        "thì",
        "mà",
        "này",
        "đó",
        "các",
        "những",
        "so",
        "theo",
        "về",
        "bị",
        "do",
        "để",
        "khi",
        "nếu",
        "hoặc",
        "hay",
        "cũng",
        "còn",
        "vẫn",
        "sẽ",
        "đang",
        "như",
        "trên",
        "dưới",
        "sau",
        "trước",
        "gồm",
        "bao",
        "thuộc",
        "nhằm",
        "qua",
        "rồi",
        "nữa",
        "đều",
        "chỉ",
        "mới",
        "lên",
        "xuống",
        "ra",
        "vào",
        "lại",
        "thêm",
        "nay",
        "hơn",
        "kém",
        "đạt",
        "chiếm",
        "giảm",
        "tăng",
        "gấp",
        "trong",
        "đến",
    ]
)
_TIME_UNITS = (Dimension.DURATION, Dimension.CALENDAR_DURATION)

# -- patterns (every repetition bounded) --------------------------------------------------

_NUMBER = r"\d{1,40}(?:[.,]\d{1,40}){0,12}"
_NUMBER_AT = re.compile(_NUMBER)
_SITE = re.compile(
    _NUMBER + r"|(?<!\w)(?:hàng|vài|mấy|mười|một|hai|ba|bốn|năm|sáu|bảy|bẩy|tám|chín)(?!\w)",
    re.IGNORECASE,
)
_CHUNK = re.compile(r"[^\s/]{1,100}")
_GLUED = re.compile(r"[^\W\d_]{1,12}[23²³]?(?![\w])")
_PERCENT = re.compile(r"[ \t]{0,2}(?:%|phần trăm(?!\w))", re.IGNORECASE)
_RANGE = re.compile(r"[ \t]{0,2}(?:-|–|đến|tới)[ \t]{0,2}(" + _NUMBER + ")", re.IGNORECASE)
_EQUALS_PERCENT = re.compile(r"[ \t]{0,2}=[ \t]{0,2}\d{1,3}(?:,\d{1,4})?[ \t]{0,2}%")
# "20/25 xã (80%)", "22/23 xã (đạt 95,7%)": a ratio's percentage in brackets after it.
_BRACKETED_PERCENT = re.compile(
    r"[ \t]{0,2}\([ \t]{0,2}(?:(?:đạt|bằng|chiếm)[ \t]{1,2}|=[ \t]{0,2})?"
    r"\d{1,3}(?:,\d{1,4})?[ \t]{0,2}%[ \t]{0,2}\)",
    re.IGNORECASE,
)
_REACHED_PERCENT = re.compile(
    r"(?:,[ \t]{0,2}|[ \t]{1,2})đạt[ \t]{1,2}\d{1,3}(?:,\d{1,4})?[ \t]{0,2}%", re.IGNORECASE
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;(\n\-–•“])[ \t]{0,8}$")

# Spans that look like numbers but are not figures.
_NOT_FIGURES = (
    # short quoted names: “2 tự quản, 3 chủ động” (longer quotations are speech)
    re.compile(r"“[^”\n]{0,200}”|\"[^\"\n]{0,200}\""),
    # document numbers: 09/CT-BCA, 16/2018/TT-BCA, 05-CT/TW, 15/KH-CAT-PV05
    re.compile(r"(?<![\w/])\d{1,5}(?:[./-]\d{1,5}){0,3}[/-](?=[^\W\d_])[\w./-]{1,40}"),
    # ages and age bounds: "ông A, 65 tuổi", "trẻ em dưới 16 tuổi"
    re.compile(r"(?<!\w)\d{1,3}[ \t]{1,2}tuổi(?!\w)", re.IGNORECASE),
    # standards and times: 9001:2015, 8:30
    re.compile(r"\d{1,5}:\d{1,5}"),
    # times: 7h30, 14h, "lúc 6 giờ 30", "6 giờ 30 sáng"
    re.compile(r"(?<!\w)\d{1,2}[ \t]?h(?:[ \t]?\d{1,2})?(?!\w)", re.IGNORECASE),
    re.compile(
        r"(?:(?<=lúc )|(?<=vào )|(?<=đúng )|(?<=từ )|(?<=đến ))\d{1,2} giờ(?: \d{1,2})?"
        r"(?: phút)?|\d{1,2} giờ(?: \d{1,2})?(?: phút)?(?= (?:sáng|chiều|tối|trưa|đêm))",
        re.IGNORECASE,
    ),
    # phone numbers: 0228.3820.113, 0227 3823 456, 0912345678, +84 ...
    re.compile(r"(?<![\w.,])(?:0|\+84[ .]?)\d{1,4}(?:[ .]\d{2,4}){2,3}(?![\w])"),
    re.compile(r"(?<![\w.,])0\d{8,10}(?!\d)"),
    # the numbering of headings: "1.", "2.1.", "3)" at the start of a line
    re.compile(r"(?m)^[ \t]{0,8}(?:\d{1,2}\.){1,3}(?=[ \t])|^[ \t]{0,8}\d{1,2}\)(?=[ \t])"),
)
_LONG_QUOTE = 15  # words: a quotation this long is speech, whose figures count


def find_figures(
    text: str, *, vocabulary: Vocabulary | None = None, skip: Iterable[tuple[int, int]] = ()
) -> list[FoundFigure]:
    """Every figure ``text`` states, in order.

    Args:
        text: The text, in NFC.
        vocabulary: The units to read counting words with (the built-in ones by default).
        skip: Spans that hold no figure: the period phrases and dates of the text.

    >>> [str(f.value) for f in find_figures("giao nộp 3 quả bom, 180 gam thuốc nổ")]
    ['3 quả', '180 gam']
    >>> find_figures("Chỉ thị số 09/CT-BCA, ISO 9001:2015, COVID-19, Điều 5, lần thứ 2")
    []
    """
    vocab = standard_vocabulary() if vocabulary is None else vocabulary
    return _Scan(text, vocab, skip).run()


class _Scan:
    """One scan of a text: its masked spans, and the figures found so far."""

    def __init__(self, text: str, vocabulary: Vocabulary, skip: Iterable[tuple[int, int]]) -> None:
        self.text = text
        self.vocab = vocabulary
        self.done = 0  # where the last figure ends: figures never overlap
        self.masked = bytearray(len(text))
        for start, end in skip:
            self.mask(start, end)
        for pattern in _NOT_FIGURES:
            for m in pattern.finditer(text):
                if m.group().startswith(("“", '"')) and len(m.group().split()) > _LONG_QUOTE:
                    continue
                self.mask(*m.span())

    def mask(self, start: int, end: int) -> None:
        self.masked[start:end] = b"\x01" * (end - start)

    def run(self) -> list[FoundFigure]:
        found: list[FoundFigure] = []
        for site in _SITE.finditer(self.text):
            start = site.start()
            if start < self.done or self.masked[start]:
                continue
            if site.group()[0].isdigit():
                figure = self.digits(start, site.end())
            else:
                figure = self.words(start)
            if figure is not None:
                found.append(figure)
                self.done = figure.end
        return found

    # -- around a site ------------------------------------------------------------------

    def line_end(self, pos: int) -> int:
        end = self.text.find("\n", pos)
        return len(self.text) if end < 0 else end

    def chunks(self, pos: int, count: int) -> list[tuple[int, int]]:
        """The next ``count`` words after ``pos`` on its line (split at spaces and "/")."""
        out = []
        for m in _CHUNK.finditer(self.text, pos, self.line_end(pos)):
            out.append(m.span())
            if len(out) == count:
                break
        return out

    def before(self, pos: int) -> tuple[int, str] | None:
        """The word right before ``pos`` on its line (one to three spaces or tabs between),
        and its start; cut with string operations, a bounded walk back."""
        text = self.text
        end = pos
        while end > 0 and pos - end < 3 and text[end - 1] in " \t":
            end -= 1
        if end == pos or (end > 0 and text[end - 1] in " \t"):
            return None
        start = end
        while start > 0 and end - start < 60 and not text[start - 1].isspace():
            if text[start - 1] == "/":
                break
            start -= 1
        return (start, text[start:end]) if start < end else None

    def initial(self, pos: int) -> bool:
        """Whether ``pos`` starts a sentence, a line or a list item."""
        return _SENTENCE_START.search(self.text, max(0, pos - 10), pos) is not None

    def qualifier_start(self, pos: int) -> int:
        """Where the qualifier words right before ``pos`` start ("gần 9.000"), or ``pos``."""
        one = self.before(pos)
        if one is None or one[1][-1] in TRAILING_PUNCTUATION:
            return pos
        first = _key(one[1])
        two = self.before(one[0])
        if (
            two is not None
            and two[1][-1] not in TRAILING_PUNCTUATION
            and f"{_key(two[1])} {first}" in _TWO_WORD_QUALIFIERS
        ):
            return two[0]
        if first in _PLACING and self.text[self.done : one[0]].strip() == "":
            return pos  # "2.400 bóng đèn trên 18 km đường": on, after a figure
        return one[0] if first in _QUALIFIERS else pos

    def named(self, pos: int) -> bool:
        """Whether the number at ``pos`` follows a noun it names or orders ("Điều 5")."""
        one = self.before(pos)
        if one is None or one[1][-1] in TRAILING_PUNCTUATION:
            return False
        word = _key(one[1])
        if word in _NAME_NOUNS:
            two = self.before(one[0])
            return not (word == _SOME and two is not None and _key(two[1]) == _TOTAL)
        if word in _QUALIFIERS or word == _FROM:
            return False
        return one[1][0].isupper() and not self.initial(one[0])

    def unit_at(self, pos: int) -> tuple[Unit, int] | None:
        """The unit words starting at ``pos`` (longest spelling), and where they end."""
        spans = self.chunks(pos, 8)
        if not spans or spans[0][0] - pos > 3:
            return None
        found = self.vocab.match_words([self.text[a:b] for a, b in spans])
        if found is None:
            return None
        unit, n = found
        last_start, last_end = spans[n - 1]
        word = self.text[last_start:last_end]
        return unit, last_start + len(word.rstrip(TRAILING_PUNCTUATION))

    def reads(self, start: int, end: int, *, ratio: bool = False) -> FoundFigure:
        """The figure ``text[start:end]``, read by the shared grammar."""
        span = self.text[start:end]
        value: Quantity | Ratio | None = None
        problem = ""
        try:
            value = (
                parse_ratio(span, vocabulary=self.vocab)
                if ratio
                else parse_quantity(span, vocabulary=self.vocab)
            )
        except DanvanError as error:
            problem = str(error)
        return FoundFigure(start, end, value, problem, start)

    # -- figures in digits ----------------------------------------------------------------

    def digits(self, start: int, end: int) -> FoundFigure | None:
        text = self.text
        before = text[start - 1] if start else " "
        if before.isalnum() or before in "_/" or self.masked[start]:
            return None
        signed = before in "-–+−"
        if signed and start >= 2 and text[start - 2].isalnum():
            return None  # "COVID-19", "B-52"
        raw = text[start:end]
        if raw[0] == "0" and sum(c.isdigit() for c in raw) >= 7:
            return None  # a phone number or a code
        if self.named(start):
            return None
        after = text[end : end + 1]
        qualifier = self.qualifier_start(start)
        if after == "/" and text[end + 1 : end + 2].isdigit():
            return self.ratio(qualifier, start, end)
        if after.isalpha():
            glued = _GLUED.match(text, end)
            found = self.vocab.word(glued.group()) if glued else None
            if glued is None or found is None:
                return None  # "3D", "5G", a code
            return self.figure(qualifier, start, glued.end(), found)
        if percent := _PERCENT.match(text, end):
            return self.percent(qualifier, start, percent.end(), signed)
        if signed:
            return None  # a dash before a count: a list item or a range
        low = start
        range_ = _RANGE.match(text, end)
        if range_ and not self.masked[range_.start(1)]:
            one = self.before(qualifier)
            opens = one is not None and _key(one[1]) == _FROM
            unit = self.unit_after_number(range_.end())
            if unit is not None:
                begin = one[0] if opens and one is not None else qualifier
                return self.figure(begin, low, unit[1], unit[0])
        scaled = self.after_scale(end)
        unit = self.unit_at(scaled)
        if unit is not None:
            return self.figure(qualifier, start, unit[1], unit[0])
        if scaled > end:  # "ủng hộ 1,5 tỷ cho Quỹ": an amount that names no unit
            problem = f"no unit after {self.text[start:scaled]!r}: say what it counts (đồng?)"
            return FoundFigure(qualifier, scaled, None, problem, start)
        return self.unreadable(qualifier, start, end)

    def after_scale(self, pos: int) -> int:
        """Where the scale words after a number ("2,6 tỷ", "300 nghìn") end."""
        spans = self.chunks(pos, 4)
        power, count, _ = read_scale_words([_key(self.text[a:b]) for a, b in spans])
        return spans[count - 1][1] if power and count else pos

    def unit_after_number(self, pos: int) -> tuple[Unit, int] | None:
        return self.unit_at(self.after_scale(pos))

    def figure(self, start: int, number: int, end: int, unit: Unit) -> FoundFigure | None:
        if unit.dimension in _TIME_UNITS and self.reviews_a_period(start, end):
            return None
        if self.threshold(start, end) or self.multiple(start, number, end):
            return None
        found = self.reads(start, end)
        return attrs.evolve(found, number=number)

    def reviews_a_period(self, start: int, end: int) -> bool:
        """ "tổng kết 5 năm", "ba năm nay", "kỷ niệm 92 năm": the time under review."""
        one = self.before(start)
        if one is not None and _key(one[1]) in _PERIOD_BEFORE:
            return True
        after = self.chunks(end, 2)
        if not after:
            return False
        words = [_key(self.text[a:b]) for a, b in after]
        return words[0] in _PERIOD_AFTER or " ".join(words) in _RUNNING_AFTER

    def threshold(self, start: int, end: int) -> bool:
        """ "từ 10 lần trở lên": the bound of a group ("who gave blood 10 times or
        more"), not a figure of the report."""
        one = self.before(start)
        return (
            one is not None
            and _key(one[1]) == _FROM
            and _THRESHOLD_AFTER.match(self.text, end) is not None
        )

    def multiple(self, start: int, number: int, end: int) -> bool:
        """ "gấp 3 lần", "tăng 1,5 lần": how many times another figure, not a count."""
        words = self.chunks(number, 4)
        last = next((i for i, (a, b) in enumerate(words) if b >= end), None)
        if last is None or _key(self.text[words[last][0] : words[last][1]]) != _TIMES:
            return False
        one = self.before(start)
        return one is not None and _key(one[1]) in _MULTIPLE_BEFORE

    def percent(self, start: int, number: int, end: int, signed: bool) -> FoundFigure | None:
        unit = self.unit_at(end)
        stop = unit[1] if unit is not None else end
        if signed:
            sign = number - 1
            problem = "a signed percentage states a change, not a level"
            return FoundFigure(sign, stop, None, problem, number, signed=True)
        found = self.reads(start, stop, ratio=True)
        return attrs.evolve(found, number=number)

    def ratio(self, start: int, number: int, end: int) -> FoundFigure | None:
        text = self.text
        below = _NUMBER_AT.match(text, end + 1)
        if below is None or self.masked[below.start()]:
            return None
        stop = below.end()
        stated = False
        if equals := _EQUALS_PERCENT.match(text, stop):
            stop, stated = equals.end(), True
        unit = self.unit_at(stop)
        if unit is not None:
            stop = unit[1]
        if not stated and (
            reached := _EQUALS_PERCENT.match(text, stop)
            or _REACHED_PERCENT.match(text, stop)
            or _BRACKETED_PERCENT.match(text, stop)
        ):
            stop, stated = reached.end(), True
        if unit is None and not stated:
            return None  # "19/8", "3/2": a day and month or a name, not a ratio
        found = self.reads(start, stop, ratio=True)
        return attrs.evolve(found, number=number)

    def unreadable(self, start: int, number: int, end: int) -> FoundFigure | None:
        """A number before a word that may count something the vocabulary does not know."""
        raw = self.text[number:end]
        if raw.isdigit() and len(raw) == 4 and 1900 <= int(raw) <= 2100:
            return None  # a year
        after = self.chunks(end, 1)
        if not after or after[0][0] - end > 2:
            return None
        word = self.text[after[0][0] : after[0][1]]
        bare = word.rstrip(TRAILING_PUNCTUATION)
        if not bare.isalpha() or not bare[0].islower() or _key(bare) in _FUNCTION_WORDS:
            return None
        try:
            parse_quantity(self.text[start : after[0][0]] + bare, vocabulary=self.vocab)
        except DanvanError as error:
            return FoundFigure(start, end, None, str(error), number)
        return None  # pragma: no cover - a known unit would have been read above

    # -- figures in words -----------------------------------------------------------------

    def words(self, start: int) -> FoundFigure | None:
        spans = self.chunks(start, 14)
        keys = [_key(self.text[a:b]) for a, b in spans]
        if not keys:
            return None
        if keys[0] in _MAGNITUDES:
            power, count, half = read_scale_words(keys, 1)
            if half or (keys[0] == match_key("hàng") and not power):
                return None
            after = spans[count - 1][1]
        else:
            read = read_number_words(keys)
            if read is None or (keys[0] == _ONE and read[1] == 1):
                return None  # "một" alone is the article "a"
            after = spans[read[1] - 1][1]
        last = self.text[after - 1]
        if last in TRAILING_PUNCTUATION:
            return None  # "trong năm. Mô hình...": the number words end at the stop
        one = self.before(start)
        if one is not None and one[1].replace(".", "").replace(",", "").isdigit():
            return None  # "5 năm phong trào": "năm" is the unit of the 5
        unit = self.unit_at(after)
        if unit is None:
            return None
        if keys[0] == _YEAR and unit[0].dimension in _TIME_UNITS:
            return None  # "năm tháng": years and months
        if self.named(start):
            return None
        qualifier = self.qualifier_start(start) if keys[0] not in _MAGNITUDES else start
        return self.figure(qualifier, start, unit[1], unit[0])
