"""Coverage ratios such as "204/204 = 100%" and "7/7 vụ, đạt 100%"."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal
from fractions import Fraction

import attrs

from danvan._digits import foreign_digit, foreign_digit_message
from danvan._numbers import format_number, parse_number
from danvan._quantity import Bounds, Quantity
from danvan._quantity_text import parse_quantity
from danvan._text import nfc
from danvan.errors import InvalidValueError, ParseError

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


@attrs.frozen(kw_only=True)
class Ratio:
    """A numerator out of a denominator, with the percentage a source states, if any.

    Ratios are never summed or averaged: totals recompute them from the summed
    numerators and denominators.

    >>> r = parse_ratio("204/204=100%", unit="commune")
    >>> r.percent, r.percent_agrees
    (Decimal('100.00'), True)

    Args:
        numerator: The part ("communes with regular police").
        denominator: The whole ("communes"); same dimension, and above zero.
        stated_percent: The percentage as the source writes it (100 for "100%").

    Raises:
        InvalidValueError: dimensions differ, or the denominator may be zero.
    """

    numerator: Quantity = attrs.field()
    denominator: Quantity = attrs.field()
    stated_percent: Decimal | None = attrs.field(default=None, converter=_percent_value)

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
        frac = self.fraction
        if self.stated_percent is None or frac is None:
            return None
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
        """Write the ratio as reports do: "204/204 = 100%"."""
        num = self.numerator.format(lang=lang, unit=False)
        den = self.denominator.format(lang=lang, unit=False)
        text = f"{num}/{den}"
        if self.stated_percent is not None:
            text += f" = {format_number(self.stated_percent, lang=lang)}%"
        return text

    def __str__(self) -> str:
        return self.format()


def _hundredths(value: Fraction, rounding: str) -> int | Decimal:
    """``value`` to two decimals by ``rounding``; a whole number as an int."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    rounded = exact.quantize(Decimal("0.01"), rounding=rounding)
    return int(rounded) if rounded == rounded.to_integral_value() else rounded.normalize()


_FIGURE_CHARS = frozenset("0123456789.,")
# Words between the unit and the stated percentage: "= 100%", ", đạt 100%", "đạt 100%".
_PERCENT_LINKS = ("=", "đạt")
_NOT_IN_UNIT = frozenset("=,%0123456789")


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


def parse_ratio(text: str, *, unit: str = "item") -> Ratio:
    """Read a coverage figure: "204/204=100%", "7/7 vụ, đạt 100%", "15/20".

    Args:
        text: The figure.
        unit: Unit of numerator and denominator when the text names none.

    >>> parse_ratio("7/7 vụ, đạt 100%").denominator.unit.code
    'case'

    Raises:
        ParseError: the text is not such a ratio.
    """
    if not isinstance(text, str):
        raise ParseError(f"expected text, got {type(text).__name__}", text=repr(text))
    parts = _split_ratio(nfc(text))
    if parts is None:
        raise ParseError("not a ratio (expected forms like 204/204 = 100%)", text=text)
    num, den, unit_text, pct = parts
    digit = foreign_digit(num)
    if digit is not None:
        raise ParseError(f"not a ratio: {foreign_digit_message(digit)}", text=text)
    unit_text = unit_text or unit
    try:
        numerator = parse_quantity(f"{num} {unit_text}")
        denominator = parse_quantity(f"{den} {unit_text}")
        return Ratio(
            numerator=numerator,
            denominator=denominator,
            stated_percent=None if pct is None else Decimal(parse_number(pct)),
        )
    except ParseError:
        raise ParseError("not a ratio (expected forms like 204/204 = 100%)", text=text) from None
    except InvalidValueError as exc:
        raise ParseError(f"not a valid ratio ({exc})", text=text) from None
