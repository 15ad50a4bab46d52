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
    "LoadWarning",
    "ParseError",
    "PeriodError",
    "Problem",
    "UnitMismatchError",
    "UnknownReferenceError",
]


def _vi(message: object) -> str | None:
    """The Vietnamese a message carries (a `danvan._lang.Message`), or None."""
    vi = getattr(message, "vi", None)
    return vi if isinstance(vi, str) and vi else None


_WHERE_WORDS = (
    ("line ", "dòng "),
    ("column ", "cột "),
    ("sheet ", "trang tính "),
    ("row ", "hàng "),
    ("rows ", "các hàng "),
    (" at position ", " ở vị trí "),
)


def where_text(where: str, lang: str = "en") -> str:
    """A location as readers of ``lang`` read it ("line 4" is "dòng 4" in Vietnamese).

    >>> where_text("sheet Q3, row 5, column B", "vi")
    'trang tính Q3, hàng 5, cột B'
    """
    if lang != "vi":
        return where
    parts = []
    if where == "file":
        return "tệp"
    for part in where.split(", "):
        for en, vi in _WHERE_WORDS:
            if part.startswith(en):
                part = vi + part[len(en) :]
                break
        parts.append(part)
    return ", ".join(parts)


class DanvanError(Exception):
    """Base class of every error danvan raises on purpose.

    Its message is English (``str(error)``); `in_` gives it in Vietnamese too, where
    the code that raised it wrote one.
    """

    def in_(self, lang: str) -> str:
        """The message in ``lang`` (``"vi"`` or ``"en"``): English where no Vietnamese
        was written.

        >>> from danvan._lang import Message
        >>> InvalidValueError(Message("too big", "quá lớn"), where="value").in_("vi")
        'value: quá lớn'
        """
        if lang == "vi":
            vi = getattr(self, "_vi", None) or _vi(self.args[0] if self.args else None)
            if vi:
                return vi
        return str(self)


class InvalidValueError(DanvanError, ValueError):
    """A value breaks a rule of the record or value type it was given to.

    Args:
        message: What is wrong, with the bad value.
        where: The field path or record id, when known (``"quantity.value"``).
    """

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.where = where
        vi = _vi(message)
        self._vi = vi if vi is None or not where else f"{where}: {vi}"
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
        vi = _vi(message)
        if vi is not None:
            at = f" ở vị trí {position}" if position is not None else ""
            self._vi = f"{vi}{at}: {text!r}"
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

    def in_(self, lang: str) -> str:
        """The problem in ``lang``: "expected a number @ line 4" or, where its message
        carries Vietnamese, "cần một số @ dòng 4"."""
        message = (_vi(self.message) or self.message) if lang == "vi" else self.message
        return f"{message} @ {where_text(self.where, lang)}"


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

    def in_(self, lang: str) -> str:
        """Every problem in ``lang`` (Vietnamese where its message carries it)."""
        if lang != "vi":
            return str(self)
        shown = "\n".join(f"  - {p.in_(lang)}" for p in self.problems[:20])
        more = len(self.problems) - 20
        tail = f"\n  ... và {more} vấn đề khác" if more > 0 else ""
        return f"không đọc được {self.source}: {len(self.problems)} vấn đề\n{shown}{tail}"


class LoadWarning(UserWarning):
    """A file was loaded, but one of its cells may not say what its reader meant: a date
    cell of a workbook's period column shown with its day (1 June 2023, typed perhaps as
    "6/2023" for the month) is read as that single day, and this warning says so.

    Args:
        problem: Where the cell is and what was read (its message may carry Vietnamese).
    """

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))

    def in_(self, lang: str) -> str:
        """The warning in ``lang`` (Vietnamese where its message carries it)."""
        return self.problem.in_(lang)
