"""Numbers as Vietnamese reports write them: "8.968", "2,5", "3089", "33,5 triệu".

The dot groups thousands and the comma is the decimal mark. Many sources write no
separator at all ("3089"); both forms are read. A dot that does not group exactly
three digits ("1.5") is refused rather than guessed.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from danvan.errors import ParseError

__all__ = ["SCALE_WORDS", "Number", "format_number", "parse_number"]

Number = int | Decimal
"""A quantity's number: an `int` or a `Decimal`, never a float."""

#: Scale words and the power of ten they multiply by (longest spellings first when matching).
SCALE_WORDS: dict[str, int] = {
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
_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_PLAIN = re.compile(r"^\d+(?:,\d+)?$")


def parse_number(text: str) -> Number:
    """Read a number written the Vietnamese way.

    Integers come back as `int`; numbers with a decimal comma as `Decimal`,
    keeping the digits as written ("2,50" keeps its trailing zero).

    >>> parse_number("8.968")
    8968
    >>> parse_number("2,5")
    Decimal('2.5')
    >>> parse_number("01")
    1

    Raises:
        ParseError: the text is not a number in this notation.
    """
    digits = text.strip()
    if not digits:
        raise ParseError("expected a number, got nothing", text=text)
    if sum(ch.isdigit() for ch in digits) > MAX_DIGITS:
        raise ParseError(f"number has more than {MAX_DIGITS} digits", text=text)
    if _GROUPED.match(digits) or _PLAIN.match(digits):
        plain = digits.replace(".", "").replace(",", ".")
        if "." in plain:
            return Decimal(plain)
        return int(plain)
    if re.match(r"^\d+\.\d+$", digits):
        raise ParseError(
            "a dot separates thousands in groups of three digits; "
            "write the decimal mark as a comma (2,5)",
            text=text,
        )
    raise ParseError("not a number (expected forms like 8.968, 3089 or 2,5)", text=text)


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


def format_number(value: Number, *, lang: str = "vi") -> str:
    """Write a number with the thousands and decimal marks of the language.

    >>> format_number(2661694000)
    '2.661.694.000'
    >>> format_number(Decimal("2.5"))
    '2,5'
    >>> format_number(9000, lang="en")
    '9,000'
    """
    group, point = (".", ",") if lang == "vi" else (",", ".")
    text = format(value, "f") if isinstance(value, Decimal) else str(value)
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:]
    whole, _, fraction = text.partition(".")
    grouped = f"{int(whole):,}".replace(",", group)
    return sign + grouped + (point + fraction if fraction else "")
