"""Reading and writing quantities in Vietnamese ("gần 9.000 tin") and English."""

from __future__ import annotations

import re

from danvan._numbers import SCALE_WORDS, Number, format_number, parse_number, scale
from danvan._quantity import DEFAULT_POLICY, ApproximationPolicy, Bounds, Qualifier, Quantity
from danvan._text import match_key, nfc
from danvan._units import Unit, unit, unit_words
from danvan.errors import InvalidValueError, ParseError, UnknownReferenceError

__all__ = ["QUALIFIER_WORDS", "format_quantity", "parse_quantity"]

#: Words that qualify a number, as reports write them.
QUALIFIER_WORDS: dict[str, Qualifier] = {
    "khoảng chừng": Qualifier.ABOUT,
    "khoảng": Qualifier.ABOUT,
    "chừng": Qualifier.ABOUT,
    "xấp xỉ": Qualifier.ABOUT,
    "ước tính": Qualifier.ABOUT,
    "gần": Qualifier.NEARLY,
    "hơn": Qualifier.MORE_THAN,
    "trên": Qualifier.MORE_THAN,
    "ngoài": Qualifier.MORE_THAN,
    "tối thiểu": Qualifier.AT_LEAST,
    "ít nhất": Qualifier.AT_LEAST,
    "không dưới": Qualifier.AT_LEAST,
    "dưới": Qualifier.LESS_THAN,
    "chưa đến": Qualifier.LESS_THAN,
    "chưa tới": Qualifier.LESS_THAN,
    "tối đa": Qualifier.AT_MOST,
    "không quá": Qualifier.AT_MOST,
    "nhiều nhất": Qualifier.AT_MOST,
}

_VI_WORD = {
    Qualifier.ABOUT: "khoảng",
    Qualifier.NEARLY: "gần",
    Qualifier.MORE_THAN: "hơn",
    Qualifier.AT_LEAST: "ít nhất",
    Qualifier.LESS_THAN: "dưới",
    Qualifier.AT_MOST: "tối đa",
}
_EN_WORD = {
    Qualifier.ABOUT: "about",
    Qualifier.NEARLY: "nearly",
    Qualifier.MORE_THAN: "more than",
    Qualifier.AT_LEAST: "at least",
    Qualifier.LESS_THAN: "less than",
    Qualifier.AT_MOST: "at most",
}

# "hàng trăm" = hundreds: magnitude words for 10 ... 10^12.
_SMALL = {1: ("chục", "tens"), 2: ("trăm", "hundreds")}
_BIG = {0: ("", ""), 3: ("nghìn", "thousands"), 6: ("triệu", "millions"), 9: ("tỷ", "billions")}
_MAGNITUDE_VI: dict[int, str] = {}
_MAGNITUDE_EN: dict[int, str] = {}
for _big, (_big_vi, _big_en) in _BIG.items():
    for _small in (0, 1, 2):
        _power = _big + _small
        if _power == 0:
            continue
        _vi = " ".join(w for w in (_SMALL.get(_small, ("", ""))[0], _big_vi) if w)
        _en = (
            _SMALL[_small][1] + " of " + _big_en
            if _small and _big
            else (_SMALL[_small][1] if _small else _big_en)
        )
        _MAGNITUDE_VI[_power] = "hàng " + _vi
        _MAGNITUDE_EN[_power] = _en + " of"
_MAGNITUDE_VI[12] = "hàng nghìn tỷ"
_MAGNITUDE_EN[12] = "trillions of"
_MAGNITUDE_BY_WORDS = {match_key(words): 10**p for p, words in _MAGNITUDE_VI.items()}
_MAGNITUDE_BY_WORDS[match_key("hàng ngàn")] = 10**3
_MAGNITUDE_BY_WORDS[match_key("hàng vạn")] = 10**4
_MAGNITUDE_BY_WORDS[match_key("hàng tỉ")] = 10**9

_QUALIFIER_KEYS = sorted(
    ((match_key(w), q) for w, q in QUALIFIER_WORDS.items()), key=lambda kv: -len(kv[0])
)
_MAGNITUDE_KEYS = sorted(_MAGNITUDE_BY_WORDS.items(), key=lambda kv: -len(kv[0]))
_SCALE_KEYS = {match_key(w): p for w, p in SCALE_WORDS.items()}
_NUMBER = re.compile(r"\d[\d.,]*")
_RANGE_SEPARATOR = re.compile(r"^\s*(?:-|–|đến|tới)\s*")


def _take_word(text: str, words: list[tuple[str, object]]) -> tuple[object, str] | None:
    for word, meaning in words:
        if text == word or text.startswith(word + " "):
            return meaning, text[len(word) :].lstrip()
    return None


def _read_number(rest: str, original: str) -> tuple[Number, str]:
    match = _NUMBER.match(rest)
    if not match:
        raise ParseError("expected a number", text=original)
    digits = match.group().rstrip(".,")
    value = parse_number(digits)
    rest = rest[len(digits) :].lstrip()
    for word, power in _SCALE_KEYS.items():
        if rest == word or rest.startswith(word + " "):
            return scale(value, power), rest[len(word) :].lstrip()
    return value, rest


def _read_unit(rest: str, original: str, default: Unit | str) -> Unit:
    rest = rest.strip()
    if not rest:
        return default if isinstance(default, Unit) else unit(default)
    found = unit_words().get(rest)
    if found is None:
        try:
            return unit(rest)
        except UnknownReferenceError:
            raise ParseError(f"unknown unit {rest!r}", text=original) from None
    return found


def parse_quantity(
    text: str,
    *,
    default_unit: Unit | str = "item",
    policy: ApproximationPolicy = DEFAULT_POLICY,
) -> Quantity:
    """Read a figure as Vietnamese reports write it.

    The grammar is: an optional qualifier ("gần", "hơn", "khoảng", "tối thiểu",
    "hàng trăm", ...), a number ("8.968", "3089", "2,5", "01"), an optional scale
    word ("nghìn", "triệu", "tỷ"), and a unit word ("tin", "lượt", "gam", "g",
    "kg", "đồng", "đơn vị máu", ...). A range reads "từ 4 đến 5 lượt" or "4 - 5 lượt".
    A bare number counts items of ``default_unit``.

    >>> str(parse_quantity("gần 9.000 tin"))
    'gần 9.000 tin'
    >>> parse_quantity("khoảng 1,5 tỷ đồng").value
    1500000000
    >>> parse_quantity("180g") == parse_quantity("180 gam")
    True
    >>> parse_quantity("hàng trăm vụ").bounds.upper
    1000

    Args:
        text: The figure, without surrounding prose.
        default_unit: Unit for a bare number.
        policy: Tolerances for "khoảng" and "gần"; bounds are fixed at parse time.

    Raises:
        ParseError: the text is not a figure in this grammar; the message quotes it.
    """
    if not isinstance(text, str):
        raise ParseError(f"expected text, got {type(text).__name__}", text=repr(text))
    if not isinstance(policy, ApproximationPolicy):
        raise InvalidValueError(
            f"must be an ApproximationPolicy, got {type(policy).__name__}", where="policy"
        )
    if not isinstance(default_unit, Unit | str):
        raise InvalidValueError(
            f"must be a Unit or a unit name, got {type(default_unit).__name__}",
            where="default_unit",
        )
    original = text
    rest = match_key(nfc(text))
    if not rest:
        raise ParseError("expected a figure, got empty text", text=original)
    try:
        magnitude = _take_word(rest, list(_MAGNITUDE_KEYS))
        if magnitude is not None:
            value, rest = magnitude
            assert isinstance(value, int)
            return Quantity(
                value=value,
                unit=_read_unit(rest, original, default_unit),
                qualifier=Qualifier.ORDER_OF_MAGNITUDE,
            )
        if rest.startswith("từ "):
            low, rest = _read_number(rest[3:], original)
            sep = _RANGE_SEPARATOR.match(rest)
            if not sep:
                raise ParseError("a range reads 'từ 4 đến 5'", text=original)
            high, rest = _read_number(rest[sep.end() :], original)
            return _range(low, high, _read_unit(rest, original, default_unit))
        qualifier = Qualifier.EXACT
        taken = _take_word(rest, list(_QUALIFIER_KEYS))
        if taken is not None:
            word, rest = taken
            assert isinstance(word, Qualifier)
            qualifier = word
        value, rest = _read_number(rest, original)
        sep = _RANGE_SEPARATOR.match(rest)
        if sep and qualifier is Qualifier.EXACT and _NUMBER.match(rest[sep.end() :]):
            high, rest = _read_number(rest[sep.end() :], original)
            return _range(value, high, _read_unit(rest, original, default_unit))
        found_unit = _read_unit(rest, original, default_unit)
        bounds = None
        if qualifier in (Qualifier.ABOUT, Qualifier.NEARLY):
            bounds = policy.bounds(value, qualifier)
        return Quantity(value=value, unit=found_unit, qualifier=qualifier, bounds=bounds)
    except ParseError as exc:
        if exc.text == original:
            raise
        message = str(exc).rsplit(": ", 1)[0]
        raise ParseError(message, text=original) from None
    except InvalidValueError as exc:
        raise ParseError(f"not a valid figure ({exc})", text=original) from None


def _range(low: Number, high: Number, found: Unit) -> Quantity:
    if high < low:
        raise InvalidValueError(f"range end {high} is below its start {low}")
    return Quantity(
        value=None, unit=found, qualifier=Qualifier.RANGE, bounds=Bounds(lower=low, upper=high)
    )


def _range_text(bounds: Bounds, lang: str) -> str:
    low = format_number(bounds.lower, lang=lang)
    if bounds.upper is None:
        if lang == "vi":
            return f"từ {low} trở lên" if bounds.lower_closed else f"trên {low}"
        return f"{low} or more" if bounds.lower_closed else f"more than {low}"
    high = format_number(bounds.upper, lang=lang)
    if lang == "vi":
        start = "từ" if bounds.lower_closed else "từ trên"
        end = "đến" if bounds.upper_closed else "đến dưới"
        return f"{start} {low} {end} {high}"
    start = "from" if bounds.lower_closed else "from more than"
    end = "to" if bounds.upper_closed else "to less than"
    return f"{start} {low} {end} {high}"


def _exponent(value: Number) -> int:
    return len(format(int(value), "d")) - 1


def format_quantity(quantity: Quantity, *, lang: str = "vi", unit: bool = True) -> str:
    """Write a quantity in Vietnamese ("gần 9.000 tin", "2,5 kg") or English.

    `parse_quantity` reads the Vietnamese text back to an equal quantity, for every
    quantity without explicit bounds and every closed range.

    >>> format_quantity(parse_quantity("hơn 3.100 lượt"), lang="en")
    'more than 3,100 turns'
    >>> format_quantity(parse_quantity("hàng trăm vụ"), lang="en")
    'hundreds of cases'
    """
    if lang not in ("vi", "en"):
        raise InvalidValueError(f"lang must be 'vi' or 'en', got {lang!r}", where="lang")
    q = quantity
    label = q.unit.label(q.value, lang=lang) if unit else ""
    if q.qualifier is Qualifier.ORDER_OF_MAGNITUDE:
        assert q.value is not None
        words = (_MAGNITUDE_VI if lang == "vi" else _MAGNITUDE_EN)[_exponent(q.value)]
        label = q.unit.label(2, lang=lang) if unit else ""
        return f"{words} {label}".strip()
    if q.qualifier is Qualifier.RANGE:
        label = q.unit.label(2, lang=lang) if unit else ""
        return f"{_range_text(q.bounds, lang)} {label}".strip()
    assert q.value is not None
    number = format_number(q.value, lang=lang)
    word = (_VI_WORD if lang == "vi" else _EN_WORD).get(q.qualifier, "")
    text = " ".join(part for part in (word, number, label) if part)
    b = q.bounds
    if q.qualifier is Qualifier.ABOUT and b.upper is None:
        # A total of "about" and "more than" parts has no upper limit: say so.
        low = format_number(b.lower, lang=lang)
        if lang == "vi":
            text += f" ({'từ' if b.lower_closed else 'trên'} {low} trở lên)"
        else:
            text += f" ({'at least' if b.lower_closed else 'more than'} {low}, no upper limit)"
    return text
