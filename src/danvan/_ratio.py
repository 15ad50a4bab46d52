"""Coverage ratios such as "204/204 = 100%" and "7/7 vụ, đạt 100%"."""

from __future__ import annotations

import re
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal
from fractions import Fraction

import attrs

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


_RATIO = re.compile(
    r"^\s*(?P<num>[^/]+?)\s*/\s*(?P<den>[\d.,]+)\s*(?P<unit>[^=,%\d]*?)\s*"
    r"(?:(?:=|,\s*đạt|đạt)\s*(?P<pct>[\d.,]+)\s*%)?\s*$"
)


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
    cleaned = nfc(text)
    match = _RATIO.match(cleaned)
    if not match:
        raise ParseError("not a ratio (expected forms like 204/204 = 100%)", text=text)
    unit_text = match.group("unit").strip() or unit
    try:
        numerator = parse_quantity(f"{match.group('num')} {unit_text}")
        denominator = parse_quantity(f"{match.group('den')} {unit_text}")
        pct = match.group("pct")
        return Ratio(
            numerator=numerator,
            denominator=denominator,
            stated_percent=None if pct is None else Decimal(parse_number(pct)),
        )
    except ParseError:
        raise ParseError("not a ratio (expected forms like 204/204 = 100%)", text=text) from None
    except InvalidValueError as exc:
        raise ParseError(f"not a valid ratio ({exc})", text=text) from None
