"""Reading quantities as Vietnamese reports write them ("gần 9.000 tin", "hai mươi hộ").

Writing them is `danvan._quantity.format_quantity`, beside the value: this module
imports the value and never the other way round.
"""

from __future__ import annotations

from danvan._lang import Message
from danvan._numbers import Number, parse_number, read_number_words, read_scale_words, scale
from danvan._quantity import DEFAULT_POLICY, ApproximationPolicy, Bounds, Qualifier, Quantity
from danvan._regex import LazyPattern
from danvan._text import match_key, nfc
from danvan._units import HOW_TO_REGISTER, HOW_TO_REGISTER_VI, Unit, Vocabulary, standard_vocabulary
from danvan.errors import InvalidValueError, ParseError

__all__ = ["QUALIFIER_WORDS", "parse_quantity", "parse_stated_number"]

#: Words that qualify a number, as reports write them.
QUALIFIER_WORDS: dict[str, Qualifier] = {
    "khoảng chừng": Qualifier.ABOUT,
    "khoảng": Qualifier.ABOUT,
    "chừng": Qualifier.ABOUT,
    "xấp xỉ": Qualifier.ABOUT,
    "ước tính": Qualifier.ABOUT,
    "ước đạt": Qualifier.ABOUT,  # "tổng giá trị ước đạt 21 tỷ đồng": an estimate
    "ước": Qualifier.ABOUT,
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

#: "vài trăm" (a few hundred): from 2 to 9 of the magnitude, no point value.
FEW_WORDS = ("vài", "mấy")
FEW = (2, 9)

_QUALIFIER_KEYS = sorted(
    ((match_key(w), q) for w, q in QUALIFIER_WORDS.items()), key=lambda kv: -len(kv[0])
)
_FEW_KEYS = {match_key(w) for w in FEW_WORDS}
_MAGNITUDE, _SOME, _YEAR, _FROM = (match_key(w) for w in ("hàng", "một số", "năm", "từ"))
_PERCENT = {"%", match_key("phần trăm")}
# Digits and the marks inside them: a simple class, read once from the start.
_NUMBER = LazyPattern(r"\d[\d.,]*")
_RANGE_SEPARATOR = LazyPattern(r" ?(?:-|–|đến|tới) ?")


def parse_quantity(
    text: str,
    *,
    default_unit: Unit | str = "item",
    policy: ApproximationPolicy = DEFAULT_POLICY,
    vocabulary: Vocabulary | None = None,
) -> Quantity:
    """Read a figure as Vietnamese reports write it.

    The grammar is: an optional qualifier ("gần", "hơn", "khoảng", "tối thiểu", ...),
    a number ("8.968", "3089", "2,5", "01", or words: "mười lăm", "hai mươi mốt"), optional
    scale words ("nghìn", "triệu", "tỷ", "trăm nghìn", "triệu rưỡi"), and a unit or
    counting word from the vocabulary ("tin", "lượt", "hộ", "buổi", "kg", "ha", "lít",
    "đơn vị máu", ...), glued to the number or not ("180g", "50ha"). Magnitudes read
    "hàng trăm vụ", "hàng chục nghìn người"; "vài trăm" is from 200 to 900. A range reads
    "từ 4 đến 5 lượt" or "4 - 5 lượt". A bare number counts ``default_unit``.

    Words that mean two things are reported, never guessed: "năm" alone is five or a
    year, "sào" is a different area in each region.

    >>> str(parse_quantity("gần 9.000 tin"))
    'gần 9.000 tin'
    >>> parse_quantity("khoảng 1,5 tỷ đồng").value
    1500000000
    >>> parse_quantity("180g") == parse_quantity("180 gam")
    True
    >>> parse_quantity("hàng trăm vụ").bounds.upper
    1000
    >>> str(parse_quantity("hai mươi mốt hộ")), str(parse_quantity("vài trăm người"))
    ('21 hộ', 'từ 200 đến 900 người')

    Args:
        text: The figure, without surrounding prose.
        default_unit: Unit for a bare number.
        policy: Tolerances for "khoảng" and "gần"; bounds are fixed at parse time.
        vocabulary: The units to read words with (the built-in ones by default); see
            `Vocabulary.with_units` to register more.

    Raises:
        ParseError: the text is not a figure in this grammar, or names an unknown or
            ambiguous counting word; the message quotes the text and says what to do.
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
    if vocabulary is None:
        vocabulary = standard_vocabulary()
    elif not isinstance(vocabulary, Vocabulary):
        raise InvalidValueError(
            f"must be a Vocabulary, got {type(vocabulary).__name__}", where="vocabulary"
        )
    original = text
    rest = match_key(nfc(text))
    if not rest:
        raise ParseError(
            Message("expected a figure, got empty text", "cần một số liệu, nhưng ô trống"),
            text=original,
        )
    reader = _Reader(original, default_unit, vocabulary)
    try:
        return reader.quantity(rest, policy)
    except ParseError as exc:
        if exc.text == original:
            raise
        message = str(exc).rsplit(": ", 1)[0]
        vi = exc.in_("vi").rsplit(": ", 1)[0]
        raise ParseError(Message(message, vi), text=original) from None
    except InvalidValueError as exc:
        raise ParseError(
            Message(f"not a valid figure ({exc})", f"số liệu không hợp lệ ({exc.in_('vi')})"),
            text=original,
        ) from None


class _Reader:
    """The steps of one `parse_quantity` call, over the match-keyed text."""

    def __init__(self, original: str, default: Unit | str, vocabulary: Vocabulary) -> None:
        self.original = original
        self.default = default
        self.vocabulary = vocabulary

    def fail(self, message: str, vi: str) -> ParseError:
        return ParseError(Message(message, vi), text=self.original)

    def quantity(self, rest: str, policy: ApproximationPolicy) -> Quantity:
        words = rest.split()
        first = words[0]
        if rest == _SOME or rest.startswith(_SOME + " "):
            raise self.fail(
                "'một số' means 'some': the text states no figure",
                "'một số' nghĩa là 'vài': văn bản không nêu số liệu",
            )
        if first == _YEAR and len(words) > 1 and len(words[1]) == 4 and words[1].isdigit():
            raise self.fail(
                "this names a year (a period), not a figure: use parse_period",
                "đây là một năm (một kỳ), không phải số liệu: dùng parse_period",
            )
        if first == _MAGNITUDE:
            power, end, half = read_scale_words(words, 1)
            if power and not half:
                return Quantity(
                    value=10**power,
                    unit=self.unit(" ".join(words[end:])),
                    qualifier=Qualifier.ORDER_OF_MAGNITUDE,
                )
        if first in _FEW_KEYS:
            power, end, half = read_scale_words(words, 1)
            if not half:
                low, high = (n * 10**power for n in FEW)
                return _range(low, high, self.unit(" ".join(words[end:])))
        if first == _FROM:
            low, after = self.number(rest[len(_FROM) :].lstrip())
            sep = _RANGE_SEPARATOR.match(after)
            if not sep:
                raise self.fail("a range reads 'từ 4 đến 5'", "khoảng số viết 'từ 4 đến 5'")
            high, after = self.number(after[sep.end() :])
            return _range(low, high, self.unit(after))
        qualifier, rest = _qualifier(rest)
        value, after = self.number(rest)
        sep = _RANGE_SEPARATOR.match(after)
        if sep and qualifier is Qualifier.EXACT and self.starts_number(after[sep.end() :]):
            high, after = self.number(after[sep.end() :])
            return _range(value, high, self.unit(after))
        if not after and rest == _YEAR:
            raise self.fail(
                "'năm' alone is five or a year: write 5, or name the unit",
                "'năm' đứng một mình có thể là số 5 hoặc một năm: hãy viết 5, hoặc ghi đơn vị",
            )
        found = self.unit(after)
        bounds = None
        if qualifier in (Qualifier.ABOUT, Qualifier.NEARLY):
            bounds = policy.bounds(value, qualifier)
        return Quantity(value=value, unit=found, qualifier=qualifier, bounds=bounds)

    @staticmethod
    def starts_number(text: str) -> bool:
        return bool(text) and (text[0].isdigit() or read_number_words(text.split()) is not None)

    def number(self, rest: str) -> tuple[Number, str]:
        """A number in digits (with scale words) or in words, and the text after it."""
        if match := _NUMBER.match(rest):
            digits = match.group().rstrip(".,")
            value = parse_number(digits)
            words = rest[len(digits) :].split()
            power, end, half = read_scale_words(words)
            if power:
                value = scale(value, power)
                if half:  # "2 triệu rưỡi": and a half million
                    value = value + 5 * 10 ** (power - 1)
            return value, " ".join(words[end:])
        words = rest.split()
        found = read_number_words(words)
        if found is None:
            raise self.fail("expected a number", "cần một số")
        return found[0], " ".join(words[found[1] :])

    def unit(self, rest: str) -> Unit:
        # A long text is quoted in full by the error: the word itself need not be again.
        word = rest if len(rest) <= 60 else rest[:57] + "..."
        """The unit ``rest`` names, or the default for nothing; else a ParseError saying why."""
        rest = rest.strip()
        if not rest:
            if isinstance(self.default, Unit):
                return self.default
            return self.vocabulary.unit(self.default)
        found = self.vocabulary.word(rest)
        if found is not None:
            return found
        if any(rest == p or rest.startswith(p + " ") for p in _PERCENT) or rest[0] == "%":
            # "92% hộ hội viên" is a rate of a base, however the base is written.
            raise self.fail(
                "a percentage is a rate, not a quantity: read it with parse_ratio",
                "tỷ lệ phần trăm là một tỷ lệ, không phải số lượng: đọc bằng parse_ratio",
            )
        why = self.vocabulary.ambiguity(rest)
        if why is not None:
            raise self.fail(
                f"the counting word {word!r} is ambiguous: {why}; {HOW_TO_REGISTER}",
                f"từ chỉ đơn vị {word!r} có thể hiểu nhiều nghĩa: {why}; {HOW_TO_REGISTER_VI}",
            )
        words = rest.split()
        prefix = self.vocabulary.match_words(words)
        if prefix is not None:
            tail = " ".join(words[prefix[1] :])
            tail = tail if len(tail) <= 60 else tail[:57] + "..."
            raise self.fail(
                f"{prefix[0].vi!r} is a unit but {tail!r} after it is not: give the figure "
                f"alone and say what it counts in the metric, or register {word!r} as a "
                f"counting word ({HOW_TO_REGISTER})",
                f"{prefix[0].vi!r} là đơn vị nhưng {tail!r} sau nó thì không: hãy ghi riêng "
                f"số liệu và nói nó đếm gì ở chỉ tiêu, hoặc khai báo {word!r} là từ chỉ đơn "
                f"vị ({HOW_TO_REGISTER_VI})",
            )
        raise self.fail(
            f"unknown counting word {word!r}; {HOW_TO_REGISTER}",
            f"không rõ từ chỉ đơn vị {word!r}; {HOW_TO_REGISTER_VI}",
        )


def _qualifier(rest: str) -> tuple[Qualifier, str]:
    """The qualifier words at the start of ``rest`` (match keys), and the text after them."""
    for word, meaning in _QUALIFIER_KEYS:
        if rest.startswith(word + " "):
            return meaning, rest[len(word) + 1 :]
    return Qualifier.EXACT, rest


def parse_stated_number(text: str) -> tuple[Qualifier, Number]:
    """A qualified number alone ("khoảng 40", "hơn 90,5"): the percentage of a stated rate.

    Raises:
        ParseError: the text is not one qualified number.
    """
    rest = match_key(nfc(text))
    qualifier, rest = _qualifier(rest)
    value, after = _Reader(text, "item", standard_vocabulary()).number(rest)
    if after:
        raise ParseError(
            Message(f"unexpected {after!r} after the number", f"không rõ {after!r} sau số"),
            text=text,
        )
    return qualifier, value


def _range(low: Number, high: Number, found: Unit) -> Quantity:
    if high < low:
        raise InvalidValueError(f"range end {high} is below its start {low}")
    return Quantity(
        value=None, unit=found, qualifier=Qualifier.RANGE, bounds=Bounds(lower=low, upper=high)
    )
