"""Numbers as Vietnamese reports write them: "8.968", "2,5", "3089", "33,5 triệu", "hai mươi mốt".

The dot groups thousands and the comma is the decimal mark. Many sources write no
separator at all ("3089"); both forms are read. A dot that does not group exactly
three digits ("1.5") is refused rather than guessed. Numbers are also written in words
("mười lăm", "một trăm linh năm"), and magnitudes in words ("hàng chục nghìn").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from danvan._lang import Message
from danvan._regex import LazyPattern
from danvan._text import match_key
from danvan.errors import InvalidValueError, ParseError

__all__ = ["SCALE_WORDS", "Number", "format_number", "parse_number"]

Number = int | Decimal
"""A quantity's number: an `int` or a `Decimal`, never a float."""

#: Scale words and the power of ten they multiply by: "2 chục" is 20, "5 trăm nghìn"
#: is 500.000, "1,2 nghìn tỷ" is 1.200.000.000.000.
SCALE_WORDS: dict[str, int] = {
    "chục": 1,
    "trăm": 2,
    "nghìn": 3,
    "ngàn": 3,
    "vạn": 4,
    "triệu": 6,
    "tỷ": 9,
    "tỉ": 9,
}

MAX_DIGITS = 40
"""The most digits a figure may have, and the largest exponent (either sign) of a Decimal.

Far beyond any real figure: refuses pathological input early, and keeps every figure
danvan holds one that its files can write and read back."""
_GROUPED = LazyPattern(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_PLAIN = LazyPattern(r"^\d+(?:,\d+)?$")


def parse_number(text: str) -> Number:
    """Read a number written the Vietnamese way.

    Integers come back as `int`; numbers with a decimal comma as `Decimal`,
    keeping the digits as written ("2,50" keeps its trailing zero). Whole numbers
    written in words are read too (see `format_number` with ``words=True``).

    >>> parse_number("8.968")
    8968
    >>> parse_number("2,5")
    Decimal('2.5')
    >>> parse_number("01")
    1
    >>> parse_number("một trăm linh năm"), parse_number("hai mươi mốt")
    (105, 21)

    Raises:
        ParseError: the text is not a number in this notation.
    """
    digits = text.strip()
    if not digits:
        raise ParseError(
            Message("expected a number, got nothing", "cần một số, nhưng ô trống"), text=text
        )
    if not digits[0].isdigit():
        words = match_key(digits).split()
        read = read_number_words(words)
        if read is None or read[1] != len(words):
            raise ParseError(
                Message(
                    "not a number (expected forms like 8.968, 3089, 2,5 or hai mươi mốt)",
                    "không phải là số (số viết như 8.968, 3089, 2,5 hoặc hai mươi mốt)",
                ),
                text=text,
            )
        return read[0]
    if sum(ch.isdigit() for ch in digits) > MAX_DIGITS:
        raise ParseError(
            Message(f"number has more than {MAX_DIGITS} digits", f"số có hơn {MAX_DIGITS} chữ số"),
            text=text,
        )
    if _GROUPED.match(digits) or _PLAIN.match(digits):
        plain = digits.replace(".", "").replace(",", ".")
        if "." in plain:
            return Decimal(plain)
        return int(plain)
    if re.match(r"^\d+\.\d+$", digits):
        raise ParseError(
            Message(
                "a dot separates thousands in groups of three digits; "
                "write the decimal mark as a comma (2,5)",
                "dấu chấm chỉ dùng để tách hàng nghìn (nhóm ba chữ số); "
                "dấu thập phân là dấu phẩy (2,5)",
            ),
            text=text,
        )
    raise ParseError(
        Message(
            "not a number (expected forms like 8.968, 3089 or 2,5)",
            "không phải là số (số viết như 8.968, 3089 hoặc 2,5)",
        ),
        text=text,
    )


def scale(value: Number, power: int) -> Number:
    """Multiply by ``10**power`` exactly; an integral result becomes an `int`.

    >>> scale(Decimal("33.5"), 6)
    33500000
    """
    result: Number = value * (10**power)
    if isinstance(result, Decimal):
        try:
            if result == result.to_integral_value():
                return int(result)
        except InvalidOperation:  # pragma: no cover - only for NaN/inf, refused earlier
            return result
    return result


def format_number(value: Number, *, lang: str = "vi", words: bool = False) -> str:
    """Write a number with the thousands and decimal marks of the language, or in words.

    Args:
        value: The number.
        lang: "vi" or "en" (marks only: words are Vietnamese).
        words: Write a whole number in Vietnamese words, as `parse_number` reads them.

    Raises:
        InvalidValueError: ``words`` for a number that is not whole, negative, at or
            above 10**15, or for English.

    >>> format_number(2661694000)
    '2.661.694.000'
    >>> format_number(Decimal("2.5"))
    '2,5'
    >>> format_number(9000, lang="en")
    '9,000'
    >>> format_number(1005, words=True)
    'một nghìn không trăm linh năm'
    """
    if words:
        return _format_words(value, lang)
    group, point = (".", ",") if lang == "vi" else (",", ".")
    text = format(value, "f") if isinstance(value, Decimal) else str(value)
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:]
    whole, _, fraction = text.partition(".")
    grouped = f"{int(whole):,}".replace(",", group)
    return sign + grouped + (point + fraction if fraction else "")


# --- numbers in words -----------------------------------------------------------------------
# Vietnamese reads numbers in groups of three digits under the scale words nghìn, triệu,
# tỷ. Inside a group: "X trăm", then "mười"/"X mươi" for tens, with the forms that only
# follow them ("mốt" = 1, "tư" = 4, "lăm" = 5), or "linh"/"lẻ" before a lone unit digit.
# "năm" is five only where a number is being read (first, after "linh", or before
# "mươi"/"trăm"/a scale word): "hai mươi năm" is twenty years, not twenty-five.


def _keys(table: dict[str, int]) -> dict[str, int]:
    return {match_key(word): value for word, value in table.items()}


_DIGIT_WORDS = _keys(
    {"không": 0, "một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5}
    | {"sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9}
)
_AFTER_MUOI = _keys(
    {"mốt": 1, "một": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "lăm": 5, "nhăm": 5}
    | {"sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9}
)
_AFTER_MUOI_TEN = _keys(
    {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "lăm": 5}
    | {"sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9}
)
_GROUP_SCALES = _keys({"nghìn": 3, "ngàn": 3, "vạn": 4, "triệu": 6, "tỷ": 9, "tỉ": 9})
_SCALES = _keys(SCALE_WORDS)
_TEN, _TENS, _HUNDRED, _HALF = (match_key(w) for w in ("mười", "mươi", "trăm", "rưỡi"))
_TENS_COLLOQUIAL = match_key("chục")
_ZERO_TENS = {match_key("linh"), match_key("lẻ")}


def _word(words: Sequence[str], i: int) -> str:
    return words[i] if i < len(words) else ""


def _group(words: Sequence[str], i: int, *, first: bool) -> tuple[int, int] | None:
    """A number below 1000 at ``words[i]`` (match keys), and the index after it."""
    w0, w1 = _word(words, i), _word(words, i + 1)
    if first and w0 in _GROUP_SCALES:
        return 1, i  # "nghìn người", "hơn triệu lượt": one of the scale
    value, read = 0, False
    hundreds = None
    if w0 in _DIGIT_WORDS and w1 == _HUNDRED:
        hundreds, i = _DIGIT_WORDS[w0], i + 2
    elif first and w0 == _HUNDRED:
        hundreds, i = 1, i + 1  # "gần trăm người": about a hundred
    if hundreds is not None:
        value = 100 * hundreds
        if _word(words, i) == _HALF:
            return value + 50, i + 1  # "trăm rưỡi" = 150
        read = True
        w0, w1 = _word(words, i), _word(words, i + 1)
    if w0 in _ZERO_TENS and (read or not first) and _DIGIT_WORDS.get(w1, 0) > 0:
        return value + _DIGIT_WORDS[w1], i + 2
    if w0 == _TEN:
        value += 10 + _AFTER_MUOI_TEN.get(w1, 0)
        return value, i + (2 if w1 in _AFTER_MUOI_TEN else 1)
    tens = _DIGIT_WORDS.get(w0, 0)
    if (w1 == _TENS and tens >= 2) or (w1 == _TENS_COLLOQUIAL and tens >= 1):
        value += 10 * tens
        unit = _word(words, i + 2)
        if w1 == _TENS and unit in _AFTER_MUOI:
            return value + _AFTER_MUOI[unit], i + 3
        return value, i + 2
    if not read and w0 in _DIGIT_WORDS and (first or w1 in _GROUP_SCALES):
        return _DIGIT_WORDS[w0], i + 1
    return (value, i) if read else None


def read_number_words(words: Sequence[str], start: int = 0) -> tuple[int, int] | None:
    """A whole number written in words at ``words[start]``, and the index after it.

    ``words`` are match keys (`danvan._text.match_key`, split). Reads as far as the
    words make a number and stops before the first word that does not; None when no
    number starts there.

    >>> read_number_words("hai mươi năm".split())
    (20, 2)
    >>> read_number_words("một nghìn tỷ".split())
    (1000000000000, 3)
    """
    found = _group(words, start, first=True)
    if found is None:
        return None
    small, i = found
    parts: list[tuple[int, int]] = []  # (value, power) already placed under a scale word
    while (power := _GROUP_SCALES.get(_word(words, i))) is not None:
        if any(p == power for _, p in parts):
            break  # "nghìn" twice: the number ended before
        under = small + sum(v * 10**p for v, p in parts if p < power)
        if under == 0:
            break
        parts = [(v, p) for v, p in parts if p > power] + [(under, power)]
        small, i = 0, i + 1
        if _word(words, i) == _HALF:  # "hai triệu rưỡi" = 2.500.000
            return sum(v * 10**p for v, p in parts) + 5 * 10 ** (power - 1), i + 1
        if _word(words, i) in _GROUP_SCALES:
            continue  # "một nghìn tỷ": the thousand is then counted in billions
        found = _group(words, i, first=False)
        if found is None:
            break
        small, i = found
    return sum(v * 10**p for v, p in parts) + small, i


def read_scale_words(words: Sequence[str], start: int = 0) -> tuple[int, int, bool]:
    """Scale words after a number ("trăm nghìn", "nghìn tỷ", "triệu rưỡi").

    Returns the total power of ten, the index after the words, and whether "rưỡi"
    (and a half of the last scale) follows. Powers must rise: "nghìn tỷ" is 10**12.

    >>> read_scale_words("nghìn tỷ đồng".split())
    (12, 2, False)
    """
    total, last, i = 0, 0, start
    while (power := _SCALES.get(_word(words, i))) is not None and power > last:
        total, last, i = total + power, power, i + 1
    if total and _word(words, i) == _HALF:
        return total, i + 1, True
    return total, i, False


_DIGIT_NAMES = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_UNIT_AFTER_TENS = {1: "mốt", 5: "lăm"}  # "hai mươi mốt", "hai mươi lăm"
WORDS_LIMIT = 10**15
"""Numbers below this are written in words (up to "trăm nghìn tỷ")."""


def _group_words(n: int, inner: bool) -> list[str]:
    """0 < n < 1000; ``inner``: a group after a higher one ("không trăm linh năm")."""
    hundreds, rest = divmod(n, 100)
    tens, unit = divmod(rest, 10)
    out = [_DIGIT_NAMES[hundreds], "trăm"] if hundreds or inner else []
    if tens == 0:
        if unit:
            out += ["linh", _DIGIT_NAMES[unit]] if out else [_DIGIT_NAMES[unit]]
    elif tens == 1:
        out += ["mười", *(["lăm" if unit == 5 else _DIGIT_NAMES[unit]] if unit else [])]
    else:
        out += [_DIGIT_NAMES[tens], "mươi"]
        if unit:
            out.append(_UNIT_AFTER_TENS.get(unit, _DIGIT_NAMES[unit]))
    return out


def _words_of(n: int, inner: bool) -> list[str]:
    if n == 0:
        return []
    if n >= 10**9:
        high, low = divmod(n, 10**9)
        return [*_words_of(high, inner), "tỷ", *_words_of(low, True)]
    out: list[str] = []
    for power, name in ((6, "triệu"), (3, "nghìn"), (0, "")):
        group, n = divmod(n, 10**power)
        if group:
            out += _group_words(group, inner)
            out += [name] if name else []
            inner = True
    return out


def _format_words(value: Number, lang: str) -> str:
    given: object = value  # callers may pass anything: check at run time
    whole = type(given) is int or (
        isinstance(given, Decimal) and given.is_finite() and given == int(given)
    )
    if lang != "vi" or not whole or not 0 <= value < WORDS_LIMIT:
        raise InvalidValueError(
            f"numbers in words are Vietnamese whole numbers from 0 to below 10**15, "
            f"got {value!r} in {lang!r}",
            where="format_number",
        )
    n = int(value)
    return " ".join(_words_of(n, False)) if n else "không"


# --- magnitudes in words: "hàng trăm", "hàng chục nghìn" ---------------------------------

_MAGNITUDE_VI: dict[int, str] = {}
_MAGNITUDE_EN: dict[int, str] = {}
for _big, _big_vi, _big_en in ((0, "", ""), (3, "nghìn", "thousands"), (6, "triệu", "millions")):
    for _small, _small_vi, _small_en in ((0, "", ""), (1, "chục", "tens"), (2, "trăm", "hundreds")):
        if _big + _small:
            _MAGNITUDE_VI[_big + _small] = " ".join(w for w in ("hàng", _small_vi, _big_vi) if w)
            _MAGNITUDE_EN[_big + _small] = " of ".join(w for w in (_small_en, _big_en) if w) + " of"
_MAGNITUDE_VI |= {9: "hàng tỷ", 10: "hàng chục tỷ", 11: "hàng trăm tỷ", 12: "hàng nghìn tỷ"}
_MAGNITUDE_EN |= {
    9: "billions of",
    10: "tens of billions of",
    11: "hundreds of billions of",
    12: "trillions of",
}


def magnitude_words(power: int, lang: str = "vi") -> str:
    """How reports name a count of order 10**power: "hàng trăm" (hundreds of) for 2.

    >>> magnitude_words(4), magnitude_words(4, "en")
    ('hàng chục nghìn', 'tens of thousands of')
    """
    return (_MAGNITUDE_VI if lang == "vi" else _MAGNITUDE_EN)[power]
