"""Which digits danvan reads: 0 to 9, and no other script's.

Python's ``int()`` and the ``\\d`` of a regular expression accept the decimal digits of
every script ("٢٠٢١" reads as 2021), while JSON and the JSON Schema of a dataset document
know only 0-9. danvan keeps one rule for figures, dates, periods and versions in every
loader and in the schema: they are written with the ASCII digits 0-9. A figure in other
digits is refused, saying which digit, rather than read as a number nobody typed.

Free text (a note, a quote, a title) may hold any character; the rule is for values.
"""

from __future__ import annotations

__all__ = ["DIGIT_CLASS", "foreign_digit", "foreign_digit_message"]

DIGIT_CLASS = "[0-9]"
"""The digits as a regular-expression class; the JSON Schema's patterns are built on it."""


def foreign_digit(text: str) -> str | None:
    """The first decimal digit of ``text`` that is not one of 0-9, or None.

    >>> foreign_digit("2021"), foreign_digit("٢٠٢١"), foreign_digit("quý III/2021")
    (None, '٢', None)
    """
    if text.isascii():  # the common case, checked in C
        return None
    for ch in text:
        if ch.isdecimal() and not ch.isascii():
            return ch
    return None


def foreign_digit_message(digit: str) -> str:
    """What to say about a digit `foreign_digit` found."""
    return (
        f"the digit {digit!r} (U+{ord(digit):04X}) is not one of 0-9; figures, dates and "
        "periods are written with the digits 0-9"
    )
