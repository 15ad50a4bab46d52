"""Exceptions raised by danvan.

Every exception derives from `DanvanError`, and the specific ones also derive from
the builtin a caller would expect (`ValueError`, `KeyError`), so code written
against the builtins keeps working:

>>> from danvan.errors import DanvanError, UnitMismatchError
>>> issubclass(UnitMismatchError, ValueError)
True
>>> issubclass(UnitMismatchError, DanvanError)
True

Messages name what was wrong, the bad value and, where known, where it came from
(a field path, a record id, a line number).
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "AmbiguousReferenceError",
    "CalendarMismatchError",
    "DanvanError",
    "InvalidValueError",
    "LoadError",
    "ParseError",
    "PeriodError",
    "Problem",
    "UnitMismatchError",
    "UnknownReferenceError",
]


class DanvanError(Exception):
    """Base class of every error danvan raises on purpose."""


class InvalidValueError(DanvanError, ValueError):
    """A value breaks a rule of the record or value type it was given to.

    Args:
        message: What is wrong, with the bad value.
        where: The field path or record id, when known (``"quantity.value"``).
    """

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


class UnitMismatchError(DanvanError, ValueError):
    """Quantities of different dimensions (grams and pieces, turns and persons) were combined."""


class PeriodError(DanvanError, ValueError):
    """A period is malformed, or an operation on periods is not defined (an open end, ...)."""


class CalendarMismatchError(PeriodError):
    """Periods on different reporting calendars were related without saying how."""


class ParseError(DanvanError, ValueError):
    """Text could not be read as a quantity, period, number, date or citation.

    Args:
        message: What could not be read, and why.
        text: The whole text that was being parsed; quoted in the message.
        position: Character offset of the problem in ``text``, when known.
    """

    def __init__(self, message: str, *, text: str, position: int | None = None) -> None:
        self.text = text
        self.position = position
        where = f" at position {position}" if position is not None else ""
        super().__init__(f"{message}{where}: {text!r}")


class UnknownReferenceError(DanvanError, KeyError):
    """A code or id does not name any record that is held."""

    def __str__(self) -> str:
        # KeyError quotes its argument with repr(); a message reads better as is.
        return str(self.args[0]) if self.args else ""


class AmbiguousReferenceError(DanvanError, LookupError):
    """A name fits several records equally well; the message lists them.

    Raised when one record is asked for (`PlaceResolution.one`); say which one is meant
    (the place it lies in, the date) rather than take the first.
    """

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class Problem:
    """One problem found while loading a file: where it is, and what is wrong.

    Args:
        where: A JSON path (``$.observations[12].quantity.value``), or a
            ``line 4, column "value"`` location for CSV.
        message: The rule that was broken, with the bad value.
    """

    __slots__ = ("message", "where")

    def __init__(self, where: str, message: str) -> None:
        self.where = where
        self.message = message

    def __repr__(self) -> str:
        return f"Problem(where={self.where!r}, message={self.message!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return (self.where, self.message) == (other.where, other.message)

    def __hash__(self) -> int:
        return hash((self.where, self.message))

    def __str__(self) -> str:
        return f"{self.message} @ {self.where}"


class LoadError(DanvanError, ValueError):
    """A file or document could not be loaded; `problems` lists every problem found.

    Nothing partial is ever returned alongside this error.
    """

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        self.source = source
        self.problems = tuple(problems)
        shown = "\n".join(f"  - {p}" for p in self.problems[:20])
        more = len(self.problems) - 20
        tail = f"\n  ... and {more} more" if more > 0 else ""
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"cannot load {source}: {count} {noun}\n{shown}{tail}")
