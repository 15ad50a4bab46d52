"""Coverage ratios such as "204/204 = 100%" and "7/7 vụ, đạt 100%"."""

from __future__ import annotations

import re
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal
from typing import TYPE_CHECKING

import attrs

from danvan._digits import foreign_digit, foreign_digit_message
from danvan._numbers import format_number, parse_number
from danvan._quantity import DEFAULT_POLICY, QUALIFIER_TEXT, Bounds, Qualifier, Quantity
from danvan._quantity_text import parse_quantity, parse_stated_number
from danvan._regex import LazyPattern
from danvan._text import match_key, nfc
from danvan._units import Unit, Vocabulary, standard_vocabulary
from danvan.errors import InvalidValueError, ParseError

if TYPE_CHECKING:
    # Imported where used: `fractions` costs most of a millisecond of `import danvan`,
    # and only the exact percentage of a ratio needs it.
    from fractions import Fraction

__all__ = ["Ratio", "parse_ratio"]


def _percent_value(value: object) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise InvalidValueError(
            f"must be an int or Decimal, got {type(value).__name__} {value!r}",
            where="ratio.stated_percent",
        )
    return Decimal(value)


def _qualifier(value: object) -> Qualifier:
    if isinstance(value, Qualifier):
        return value
    for q in Qualifier:
        if q.value == value:
            return q
    known = ", ".join(q.value for q in Qualifier)
    raise InvalidValueError(
        f"unknown qualifier {value!r}; expected one of {known}", where="ratio.qualifier"
    )


def _base(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidValueError(f"must be text, got {value!r}", where="ratio.base")
    return nfc(value).strip()


def _unknown(unit: Unit, *, of_whole: bool) -> Quantity:
    """A count the source does not give: any number (above zero for a whole)."""
    return Quantity(
        value=None,
        unit=unit,
        qualifier=Qualifier.RANGE,
        bounds=Bounds(lower=0, upper=None, lower_closed=not of_whole),
    )


@attrs.frozen(kw_only=True)
class Ratio:
    """A numerator out of a denominator, with the percentage a source states, if any.

    Ratios are never summed or averaged: totals recompute them from the summed
    numerators and denominators.

    A percentage stated without its figures ("khoảng 40%", "85% hộ dân") is a ratio too
    (`Ratio.stated`): its numerator and denominator are counts the source does not give,
    so combining it with others gives an unknown percentage rather than an average. It
    keeps the stated percentage, its qualifier and what it is a percentage of (``base``):
    an observation of a count metric may hold one, as that metric against the base.

    >>> r = parse_ratio("204/204=100%", unit="commune")
    >>> r.percent, r.percent_agrees
    (Decimal('100.00'), True)
    >>> str(Ratio.stated(85, base="hộ dân").percent_bounds)
    '[85, 85]'

    Args:
        numerator: The part ("communes with regular police").
        denominator: The whole ("communes"); same dimension, and above zero.
        stated_percent: The percentage as the source writes it (100 for "100%").
        qualifier: How the stated percentage relates to the truth ("khoảng 40%" is
            ABOUT); only for a percentage stated without its figures.
        base: What the stated percentage is of, in the source's words ("hộ dân").

    Raises:
        InvalidValueError: dimensions differ, the denominator may be zero, a qualifier
            comes with figures or without a percentage, or a base without a percentage.
    """

    numerator: Quantity = attrs.field()
    denominator: Quantity = attrs.field()
    stated_percent: Decimal | None = attrs.field(default=None, converter=_percent_value)
    qualifier: Qualifier = attrs.field(default=Qualifier.EXACT, converter=_qualifier)
    base: str = attrs.field(default="", converter=_base)

    @classmethod
    def stated(
        cls,
        percent: int | Decimal,
        *,
        qualifier: Qualifier | str = Qualifier.EXACT,
        base: str = "",
        unit: Unit | str = "item",
    ) -> Ratio:
        """A percentage a source states without its numerator and denominator.

        Args:
            percent: The percentage (85 for "85%").
            qualifier: How it relates to the truth ("khoảng" is ABOUT).
            base: What it is a percentage of, in the source's words ("hộ dân").
            unit: What the unknown figures count ("household" for "hộ dân").

        >>> rate = Ratio.stated(40, qualifier="about")
        >>> str(rate), str(rate.percent_bounds), rate.has_figures
        ('khoảng 40%', '[36, 44]', False)

        Raises:
            InvalidValueError: the percentage or the qualifier is not valid.
        """
        counted = unit if isinstance(unit, Unit) else standard_vocabulary().unit(unit)
        return cls(
            numerator=_unknown(counted, of_whole=False),
            denominator=_unknown(counted, of_whole=True),
            stated_percent=Decimal(percent),
            qualifier=qualifier,
            base=base,
        )

    @property
    def has_figures(self) -> bool:
        """Whether the source gives the numerator and denominator, not only a percentage."""
        return not (
            self.numerator == _unknown(self.numerator.unit, of_whole=False)
            and self.denominator == _unknown(self.denominator.unit, of_whole=True)
        )

    @base.validator
    def _check_stated(self, _: attrs.Attribute[str], base: str) -> None:
        # Runs after every field is set: the rules that span fields.
        if self.qualifier in (Qualifier.RANGE, Qualifier.ORDER_OF_MAGNITUDE):
            raise InvalidValueError(
                f"a stated percentage cannot be a {self.qualifier.value}", where="ratio.qualifier"
            )
        if self.stated_percent is None and (base or not self.qualifier.is_exact):
            raise InvalidValueError(
                "a qualifier or a base belongs to a stated percentage, and none is given",
                where="ratio.stated_percent",
            )
        if self.stated_percent is not None and self.stated_percent < 0:
            raise InvalidValueError(
                f"must be >= 0, got {self.stated_percent}", where="ratio.stated_percent"
            )
        if not self.qualifier.is_exact and self.has_figures:
            raise InvalidValueError(
                "a qualifier is for a percentage stated without its figures; with figures, "
                "qualify the numerator or the denominator",
                where="ratio.qualifier",
            )

    @numerator.validator
    def _check_numerator(self, _: attrs.Attribute[Quantity], value: object) -> None:
        if not isinstance(value, Quantity):
            raise InvalidValueError(
                f"must be a Quantity, got {type(value).__name__}", where="ratio.numerator"
            )

    @denominator.validator
    def _check(self, _: attrs.Attribute[Quantity], value: Quantity) -> None:
        if not isinstance(value, Quantity):
            raise InvalidValueError(
                f"must be a Quantity, got {type(value).__name__}", where="ratio.denominator"
            )
        if value.dimension is not self.numerator.dimension:
            raise InvalidValueError(
                f"numerator ({self.numerator.dimension.value}) and denominator "
                f"({value.dimension.value}) must measure the same thing",
                where="ratio.denominator",
            )
        if value.bounds.lower <= 0 and value.bounds.contains(0):
            raise InvalidValueError(f"must be above zero, got {value}", where="ratio.denominator")

    @property
    def fraction(self) -> Fraction | None:
        """The exact ratio of the point values, or None if either has no point value."""
        from fractions import Fraction

        num = self.numerator.to_unit(self.denominator.unit).point
        den = self.denominator.point
        if num is None or den is None:
            return None
        return Fraction(num) / Fraction(den)

    @property
    def percent(self) -> Decimal | None:
        """The percentage recomputed from the figures, to two decimals (half-even)."""
        frac = self.fraction
        if frac is None:
            return None
        exact = Decimal(frac.numerator * 100) / Decimal(frac.denominator)
        return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)

    @property
    def percent_agrees(self) -> bool | None:
        """Whether the stated percentage agrees with the figures, to its own precision.

        "91,09%" must be within 0,005 of the computed value, "100%" within 0,5. None
        when no percentage is stated or the figures have no point values.
        """
        from fractions import Fraction

        frac = self.fraction
        if self.stated_percent is None or frac is None:
            return None
        # A qualified percentage has figures of its own only via `Ratio.stated`, which
        # gives none: `frac` is None there, so the precision rule below is all there is.
        exponent = self.stated_percent.as_tuple().exponent
        assert isinstance(exponent, int)
        half_step = Fraction(1, 2) * Fraction(10) ** exponent
        return abs(frac * 100 - Fraction(self.stated_percent)) <= half_step

    @property
    def percent_bounds(self) -> Bounds:
        """The interval the true percentage lies in, given both figures' bounds.

        Ends are rounded outward to two decimals, so the interval always holds the true
        value; an unbounded numerator (or a denominator that may be near zero) leaves no
        upper end.

        >>> str(parse_ratio("hơn 20/25", unit="commune").percent_bounds)
        '(80, ∞)'
        >>> str(parse_ratio("204/204", unit="commune").percent_bounds)
        '[100, 100]'
        """
        from fractions import Fraction

        if not self.has_figures and self.stated_percent is not None:
            return DEFAULT_POLICY.bounds(_tidy_percent(self.stated_percent), self.qualifier)
        num = self.numerator.to_unit(self.denominator.unit).bounds
        den = self.denominator.bounds
        if den.upper is None:
            lower, lower_closed = Fraction(0), True
        else:
            lower = Fraction(num.lower) * 100 / Fraction(den.upper)
            lower_closed = num.lower_closed and den.upper_closed
        if num.upper is None or den.lower == 0:
            upper, upper_closed = None, True
        else:
            upper = Fraction(num.upper) * 100 / Fraction(den.lower)
            upper_closed = num.upper_closed and den.lower_closed
        low = _hundredths(lower, ROUND_FLOOR)
        high = None if upper is None else _hundredths(upper, ROUND_CEILING)
        return Bounds(
            lower=low,
            upper=high,
            # An end moved outward by rounding is included; an exact one keeps its kind.
            lower_closed=lower_closed or Fraction(low) != lower,
            upper_closed=upper is None or upper_closed or Fraction(high or 0) != upper,
        )

    def format(self, *, lang: str = "vi") -> str:
        """Write the ratio as reports do: "204/204 = 100%", "khoảng 40%", "85% hộ dân".

        `parse_ratio` reads the Vietnamese text back (with the unit of the figures).
        """
        percent = ""
        if self.stated_percent is not None:
            words = QUALIFIER_TEXT.get(self.qualifier)
            word = "" if words is None else words.in_(lang)
            number = format_number(self.stated_percent, lang=lang)
            percent = " ".join(w for w in (word, f"{number}%", self.base) if w)
        if not self.has_figures:
            return percent
        num = self.numerator.format(lang=lang, unit=False)
        den = self.denominator.format(lang=lang, unit=False)
        return f"{num}/{den}" + (f" = {percent}" if percent else "")

    def __str__(self) -> str:
        return self.format()


def _tidy_percent(value: Decimal) -> int | Decimal:
    return int(value) if value == value.to_integral_value() else value


def _hundredths(value: Fraction, rounding: str) -> int | Decimal:
    """``value`` to two decimals by ``rounding``; a whole number as an int."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    rounded = exact.quantize(Decimal("0.01"), rounding=rounding)
    return int(rounded) if rounded == rounded.to_integral_value() else rounded.normalize()


_FIGURE_CHARS = frozenset("0123456789.,")
# Words between the unit and the stated percentage: "= 100%", ", đạt 100%", "đạt 100%".
_PERCENT_LINKS = ("=", "đạt")
# A unit may hold commas ("xã, thị trấn"): a comma before "đạt" is cut off above.
_NOT_IN_UNIT = frozenset("=%0123456789")


def _trailing_figure(text: str) -> str:
    """The run of digits, dots and commas at the end of ``text`` ("" if none)."""
    end = len(text)
    start = end
    while start > 0 and text[start - 1] in _FIGURE_CHARS:
        start -= 1
    return text[start:end]


def _leading_figure(text: str) -> str:
    """The run of digits, dots and commas at the start of ``text`` ("" if none)."""
    end = 0
    while end < len(text) and text[end] in _FIGURE_CHARS:
        end += 1
    return text[:end]


def _split_ratio(text: str) -> tuple[str, str, str, str | None] | None:
    """Numerator, denominator, unit and stated percentage of a ratio's text, or None.

    The form is ``NUM / DEN [UNIT] [(= | đạt | , đạt) PCT %]``. Each part is cut off with
    string operations, left to right, so the time is linear in the text, whatever it
    holds (a regular expression with neighbouring quantifiers over spaces took seconds
    on a few hundred spaces).
    """
    numerator, slash, rest = text.partition("/")
    numerator = numerator.strip()
    if not slash or not numerator:
        return None
    rest = rest.lstrip()
    denominator = _leading_figure(rest)
    if not denominator:
        return None
    tail = rest[len(denominator) :].strip()
    percent = None
    if tail.endswith("%"):
        body = tail[:-1].rstrip()
        percent = _trailing_figure(body)
        if not percent:
            return None
        tail = body[: len(body) - len(percent)].rstrip()
        link = next((w for w in _PERCENT_LINKS if tail.endswith(w)), None)
        if link is None:
            return None
        tail = tail[: len(tail) - len(link)].rstrip()
        if link == "đạt" and tail.endswith(","):  # "7/7 vụ, đạt 100%"
            tail = tail[:-1].rstrip()
    if any(ch in _NOT_IN_UNIT for ch in tail):
        return None
    return numerator, denominator, tail, percent


def parse_ratio(text: str, *, unit: str = "item", vocabulary: Vocabulary | None = None) -> Ratio:
    """Read a coverage figure or a stated rate: "204/204=100%", "7/7 vụ, đạt 100%",
    "27/27 xã, thị trấn", "204/204=100% xã, thị trấn", "15/20", "khoảng 40%",
    "85% hộ dân", "hơn 90 phần trăm số hộ".

    A percentage without its figures becomes `Ratio.stated`, with its qualifier and what
    it is a percentage of; the unknown figures count what the base names ("hộ dân":
    households) or ``unit``.

    Args:
        text: The figure.
        unit: Unit of numerator and denominator when the text names none.
        vocabulary: The units to read words with (the built-in ones by default).

    >>> parse_ratio("7/7 vụ, đạt 100%").denominator.unit.code
    'case'
    >>> parse_ratio("204/204=100% xã, thị trấn").denominator.unit.code
    'commune'
    >>> rate = parse_ratio("85% hộ dân")
    >>> rate.stated_percent, rate.base, rate.numerator.unit.code
    (Decimal('85'), 'hộ dân', 'household')

    Raises:
        ParseError: the text is not such a ratio.
    """
    if not isinstance(text, str):
        raise ParseError(f"expected text, got {type(text).__name__}", text=repr(text))
    cleaned = _bracketed_percent(_percent_sign(nfc(text)))
    head, sign, base = cleaned.partition("%")
    if "%" in base:  # "1/1 = 50% = 50%": one percentage per figure
        raise ParseError("not a ratio: more than one percentage", text=text)
    vocab = standard_vocabulary() if vocabulary is None else vocabulary
    if sign and "/" not in head:
        return _stated(text, head, base, unit, vocab)
    if sign:  # "170/200 = 85% hộ dân": the base follows the percentage
        cleaned = head + sign
    parts = _split_ratio(cleaned)
    if parts is None:
        raise ParseError("not a ratio (expected forms like 204/204 = 100%)", text=text)
    num, den, unit_text, pct = parts
    digit = foreign_digit(num)
    if digit is not None:
        raise ParseError(f"not a ratio: {foreign_digit_message(digit)}", text=text)
    if not unit_text:
        # "204/204=100% xã, thị trấn": the unit may follow the percentage instead.
        named = vocab.word(base.strip()) if sign and base.strip() else None
        unit_text = named.code if named is not None else unit
    try:
        numerator = parse_quantity(f"{num} {unit_text}", vocabulary=vocab)
        denominator = parse_quantity(f"{den} {unit_text}", vocabulary=vocab)
        return Ratio(
            numerator=numerator,
            denominator=denominator,
            stated_percent=None if pct is None else Decimal(parse_number(pct)),
            base=base if pct is not None else "",
        )
    except ParseError:
        raise ParseError("not a ratio (expected forms like 204/204 = 100%)", text=text) from None
    except InvalidValueError as exc:
        raise ParseError(f"not a valid ratio ({exc})", text=text) from None


_PERCENT_WORDS = match_key("phần trăm")
# "20/25 xã (80%)": the percentage of a ratio in brackets after it, as reports write it.
_BRACKETED = LazyPattern(
    r"[ \t]{0,3}(?:(?:đạt|bằng|chiếm)[ \t]{1,3}|=[ \t]{0,3})?([^()%]{1,20}%)[ \t]{0,3}",
    re.IGNORECASE,
)


def _bracketed_percent(text: str) -> str:
    """ "20/25 xã (80%)" as "20/25 xã = 80%"; other texts unchanged. Cut with string
    operations, so the time is linear in the text."""
    stripped = text.rstrip()
    open_at = stripped.rfind("(")
    if not stripped.endswith(")") or open_at < 0 or "/" not in stripped[:open_at]:
        return text
    found = _BRACKETED.fullmatch(stripped, open_at + 1, len(stripped) - 1)
    return text if found is None else f"{stripped[:open_at].rstrip()} = {found[1]}"


def _percent_sign(text: str) -> str:
    """ "85 phần trăm hộ dân" as "85% hộ dân" (the words are found on their match keys)."""
    words = text.split()
    keys = [match_key(w) for w in words]
    for i in range(len(words) - 1):
        if f"{keys[i]} {keys[i + 1]}" == _PERCENT_WORDS:
            return " ".join([*words[:i], "%", *words[i + 2 :]]).replace(" %", "%")
    return text


def _stated(text: str, head: str, base: str, unit: str, vocab: Vocabulary) -> Ratio:
    """A percentage stated alone: "[qualifier] number%[ base]"."""
    try:
        qualifier, percent = parse_stated_number(head)
    except ParseError:
        raise ParseError(
            "not a percentage (expected forms like 85%, khoảng 40% or 85% hộ dân)", text=text
        ) from None
    base = " ".join(base.split())
    words = base.split()
    if words and match_key(words[0]) == match_key("số"):
        words = words[1:]  # "số hộ": the number of households
    found = vocab.match_words(words)
    counted = found[0] if found is not None else vocab.unit(unit)
    try:
        return Ratio.stated(percent, qualifier=qualifier, base=base, unit=counted)
    except InvalidValueError as exc:
        raise ParseError(f"not a valid percentage ({exc})", text=text) from None
