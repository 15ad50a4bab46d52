"""JSON documents and JSON Lines: the converter, safe decoding and located problems.

Reading goes through three layers, each of which reports every problem it finds as a
`danvan.errors.Problem` and never lets another exception out:

1. bytes → text (`decode_text`): BOMs, UTF-16, NUL bytes, text that is not UTF-8;
2. text → JSON value (`parse_json`): syntax, duplicate keys, NaN and Infinity, integers
   of absurd length, deep nesting, unpaired surrogates;
3. JSON value → records (the converter's hooks): wrong types, unknown keys, and the
   rules of the records themselves, each at its JSON path (``$.observations[12].period``).

The converter is built twice from one recipe: with cattrs' detailed validation, which
locates every problem, and without, which is faster. Input is read with the fast one
first; only when that fails is it read again with the detailed one, to say why.
"""

from __future__ import annotations

import codecs
import contextlib
import contextvars
import enum
import json
import re
import reprlib
import typing
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

import attrs
import cattrs
import pendulum
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn
from cattrs.preconf.json import make_converter

from danvan._dataset import Dataset
from danvan._digits import DIGIT_CLASS, foreign_digit, foreign_digit_message
from danvan._lang import Message
from danvan._metrics import Catalogue, Metric, standard_catalogue
from danvan._national import NATIONAL, beyond_national, with_national
from danvan._numbers import MAX_DIGITS, Number
from danvan._observations import Observation, Role
from danvan._period import Period
from danvan._period_text import parse_period
from danvan._places import Gazetteer, Place
from danvan._quantity import Bounds, Qualifier, Quantity
from danvan._ratio import Ratio
from danvan._text import nfc
from danvan._units import Counting, Dimension, Unit, Vocabulary, standard_vocabulary, unit, units
from danvan.errors import DanvanError, InvalidValueError, LoadError, Problem

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "MAX_DIGITS",
    "Decoder",
    "decode_text",
    "describe",
    "dump_json_text",
    "full_converter",
    "locate",
    "parse_json",
    "shared",
    "structure_located",
]

T = TypeVar("T")

FORMAT = "danvan-dataset"
"""The value of the ``format`` key of a dataset document."""
FORMAT_VERSION = "1.1"
"""The version of the dataset document this danvan writes (MAJOR.MINOR).

1.1 added the units a dataset registers (``units``), an observation's ``role`` and a
``period`` of ``null`` (not stated); a 1.0 document reads as it did.
"""
"""Numbers with more digits (or a larger exponent) are refused, as `parse_number` does."""

# --- describing bad values -------------------------------------------------------------------

_REPR = reprlib.Repr()
_REPR.maxstring = 60
_REPR.maxother = 60
_REPR.maxlong = 50
_REPR.maxlevel = 2
_REPR.maxdict = 4
_REPR.maxlist = 4


def describe(value: object) -> str:
    """A bad value as JSON names it, shortened: ``string 'abc'``, ``number 5``, ``null``."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, str):
        return f"string {_REPR.repr(value)}"
    if isinstance(value, int | Decimal | float):
        return f"number {_REPR.repr(value)}"
    if isinstance(value, dict):
        return f"object {_REPR.repr(value)}"
    if isinstance(value, list):
        return f"array {_REPR.repr(value)}"
    return f"{type(value).__name__} {_REPR.repr(value)}"


def _segment(key: str) -> str:
    """A JSON path step for an object key: ``.name``, or ``["odd key"]``."""
    return f".{key}" if key.isidentifier() else f"[{json.dumps(key, ensure_ascii=False)}]"


class HookError(InvalidValueError):
    """Problems a hand-written hook found, each at a path relative to the value it read.

    It is a danvan error, so that it reads sensibly even if it escapes a public
    converter's ``structure`` call.
    """

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{message} @ ${path}" for path, message in problems))


def _fail(message: str, at: str = "") -> typing.NoReturn:
    raise HookError([(at, message)])


# --- layer 1: bytes to text --------------------------------------------------------------------


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _column_of(data: bytes, offset: int) -> int:
    """The byte column (from 1) of ``offset`` in its line."""
    return offset - data.rfind(b"\n", 0, offset)


def decode_text(data: bytes, source: str) -> str:
    """Decode a whole file as UTF-8 (a leading BOM is dropped), or say why it is not.

    Raises:
        LoadError: UTF-16/UTF-32 text, NUL bytes, or bytes that are not UTF-8.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise LoadError(
            source,
            [
                Problem(
                    "line 1",
                    Message(
                        "the file is UTF-16 (or UTF-32) encoded; save it as UTF-8",
                        "tệp được mã hoá UTF-16 (hoặc UTF-32); hãy lưu lại thành UTF-8",
                    ),
                )
            ],
        )
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    nul = data.find(b"\x00")
    if nul >= 0:
        raise LoadError(
            source,
            [
                Problem(
                    f"line {_line_of(data, nul)}",
                    Message(
                        f"NUL byte in column {_column_of(data, nul)}: this is a binary file or "
                        "UTF-16 text without a BOM, not UTF-8 text",
                        f"byte NUL ở cột {_column_of(data, nul)}: đây là tệp nhị phân hoặc chữ "
                        "UTF-16 không có BOM, không phải chữ UTF-8",
                    ),
                )
            ],
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise LoadError(source, [_not_utf8(data, error.start)]) from None


def decode_line(line: bytes, number: int, source: str) -> str:
    """Decode one line of a file read line by line; problems name line ``number``.

    Raises:
        LoadError: as `decode_text`.
    """
    if line.isascii() and b"\x00" not in line:
        return line.decode("ascii")  # the common case, without the checks
    if number > 1 and line.startswith(codecs.BOM_UTF8):
        # Only a file starts with a BOM; on a later line it is text (a CSV cell that
        # continues after a line break) and is kept.
        return "\ufeff" + decode_line(line[len(codecs.BOM_UTF8) :], number, source)
    try:
        return decode_text(line, source)
    except LoadError as error:  # decoded on its own: give the line of the file
        raise LoadError(
            source, [Problem(f"line {number}", p.message) for p in error.problems]
        ) from None


def _not_utf8(data: bytes, offset: int) -> Problem:
    return Problem(
        f"line {_line_of(data, offset)}",
        Message(
            f"byte 0x{data[offset]:02x} in column {_column_of(data, offset)} is not UTF-8; the "
            "file may be in Windows-1258 or another legacy encoding: save it as UTF-8",
            f"byte 0x{data[offset]:02x} ở cột {_column_of(data, offset)} không phải UTF-8; tệp "
            "có thể mã hoá Windows-1258 hay một bảng mã cũ khác: hãy lưu lại thành UTF-8",
        ),
    )


# --- layer 2: text to a JSON value ------------------------------------------------------------


class _Bad:
    """Stands in the parsed value for a token JSON must not hold (NaN, a 5000-digit int)."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message


_INT_DIGITS = 4300  # Python's int_max_str_digits: json refuses longer integers


def _short(text: str) -> str:
    return text if len(text) <= 24 else f"{text[:12]}…{text[-8:]} ({len(text)} characters)"


class _Marks:
    """Collects what the JSON hooks saw, to be located by path after parsing."""

    def __init__(self) -> None:
        self.duplicates: dict[int, tuple[dict[str, Any], list[str]]] = {}
        self.bad = False

    def object(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            seen: set[str] = set()
            repeated = [k for k, _ in pairs if k in seen or seen.add(k)]  # type: ignore[func-returns-value]  # set.add returns None: collects repeats in one pass
            # Keep the dict alive, so that its id() stays unique until it is located.
            self.duplicates[id(result)] = (result, sorted(set(repeated)))
        return result

    def clear(self) -> None:
        self.duplicates.clear()
        self.bad = False

    def decimal(self, text: str) -> Decimal | _Bad:
        try:
            return Decimal(text)
        except InvalidOperation:
            self.bad = True
            return _Bad(
                f"the number {_short(text)} has an exponent no figure can have (at most "
                f"{MAX_DIGITS} digits and an exponent within ±{MAX_DIGITS})"
            )

    def integer(self, text: str) -> int | _Bad:
        digits = len(text) - text.startswith("-")
        if digits > _INT_DIGITS:
            self.bad = True
            return _Bad(f"an integer of {digits} digits; figures have at most {MAX_DIGITS}")
        return int(text)

    def constant(self, name: str) -> _Bad:
        self.bad = True
        return _Bad(f"{name} is not a number JSON allows (nor danvan: figures are finite)")


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


class Decoder:
    """Decodes JSON strictly, marking what no danvan value can be to locate it afterwards.

    Decimal fractions (``2.5``) are read as `Decimal`, exactly as written. Integers longer
    than Python reads (4300 digits), numbers whose exponent no `Decimal` holds
    (``1e9999999999999999999``), NaN and Infinity, and keys given twice do not stop the
    parse: each is marked where it stands, and `problems` locates them by JSON path. The
    usual numbers take the fast way; only text that holds such a number is decoded again.
    One decoder reads any number of values, one after the other.
    """

    def __init__(self) -> None:
        self.marks = _Marks()
        self._fast = json.JSONDecoder(
            object_pairs_hook=self.marks.object,
            parse_constant=self.marks.constant,
            parse_float=Decimal,
        )

    def _careful(self) -> json.JSONDecoder:
        return json.JSONDecoder(
            object_pairs_hook=self.marks.object,
            parse_constant=self.marks.constant,
            parse_float=self.marks.decimal,
            parse_int=self.marks.integer,
        )

    def decode(self, text: str, start: int | None = None) -> tuple[Any, int]:
        """The value in ``text``: the whole text, or the one starting at ``start`` and where
        it ends.

        Raises:
            json.JSONDecodeError: bad syntax.
            RecursionError: nesting deeper than Python's recursion limit.
        """
        self.marks.clear()
        try:
            if start is None:
                return self._fast.decode(text), len(text)
            return self._fast.raw_decode(text, start)
        except json.JSONDecodeError:
            raise
        except (InvalidOperation, ValueError):  # a number only the careful hooks take
            self.marks.clear()
        careful = self._careful()
        if start is None:
            return careful.decode(text), len(text)
        return careful.raw_decode(text, start)

    def problems(
        self,
        value: Any,
        text: str,
        where: str = "",
        path: str = "$",
        span: tuple[int, int] | None = None,
    ) -> list[Problem]:
        """The problems marked in ``value`` (decoded from ``text``, or its ``span``), each
        located; then the marks are cleared for the next value."""
        start, end = span or (0, len(text))
        # A search of the text costs time: only when it holds escapes at all.
        surrogates = (
            text.find("\\u", start, end) >= 0
            and _SURROGATE_ESCAPE.search(text, start, end) is not None
        )
        found: list[Problem] = []
        if self.marks.duplicates or self.marks.bad or surrogates:
            found = list(_marked(value, self.marks, surrogates, where, path))
        self.marks.clear()
        return found


def parse_json(
    text: str, source: str, *, line: int | None = None, decoder: Decoder | None = None
) -> Any:
    """Parse JSON text strictly; every problem is reported as a `LoadError`.

    ``line`` is the number of the text's line in its file, for a JSON Lines file, whose
    lines may share one ``decoder``. Where a figure is expected, more than `MAX_DIGITS`
    digits are refused by the number hook.

    Raises:
        LoadError: bad syntax, duplicate keys, NaN or Infinity, numbers no figure can
            be (each at its JSON path), nesting deeper than Python's recursion limit, or
            text with unpaired surrogates.
    """
    where = "" if line is None else f"line {line}, "
    decoder = decoder or Decoder()
    try:
        value, _ = decoder.decode(text)
    except json.JSONDecodeError as error:
        first = 1 if line is None else line
        at = f"line {first + error.lineno - 1}, column {error.colno}"
        raise LoadError(source, [Problem(at, f"not valid JSON: {error.msg}")]) from None
    except RecursionError:
        raise LoadError(
            source, [Problem(f"{where}$", "JSON nested too deeply to be a danvan document")]
        ) from None
    problems = decoder.problems(value, text, where)
    if problems:
        raise LoadError(source, problems)
    return value


def _unpaired(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _marked(
    value: Any, marks: _Marks, surrogates: bool, where: str, root: str = "$"
) -> Iterator[Problem]:
    """Locate what the hooks marked, walking the value without recursion."""
    todo: list[tuple[str, Any]] = [(root, value)]
    while todo:
        path, item = todo.pop()
        if isinstance(item, _Bad):
            yield Problem(where + path, item.message)
        elif isinstance(item, str):
            if surrogates and _unpaired(item):
                yield Problem(where + path, "text holds an unpaired surrogate (not Unicode)")
        elif isinstance(item, dict):
            marked = marks.duplicates.get(id(item))
            if marked is not None and marked[0] is item:
                for key in marked[1]:
                    yield Problem(
                        where + path + _segment(key),
                        f"duplicate key {key!r}: an object names each key once",
                    )
            for key, sub in reversed(item.items()):
                if surrogates and _unpaired(key):
                    yield Problem(where + path, "a key holds an unpaired surrogate")
                todo.append((path + _segment(key), sub))
        elif isinstance(item, list):
            todo.extend((f"{path}[{i}]", sub) for i, sub in reversed(list(enumerate(item))))


# --- layer 3: hooks for the value types ------------------------------------------------------

_D = DIGIT_CLASS
_DECIMAL_TEXT = re.compile(rf"-?{_D}+(?:\.{_D}+)?(?:[eE][-+]?{_D}+)?")
_NUMBER_RULE = 'an integer, or a decimal written as a string such as "2.5"'


def _check_decimal(value: Decimal, raw: object) -> Decimal:
    if not value.is_finite():
        _fail(f"must be a finite number, got {describe(raw)}")
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    if len(digits) > MAX_DIGITS or abs(exponent) > MAX_DIGITS:
        _fail(
            f"must have at most {MAX_DIGITS} digits and an exponent within "
            f"±{MAX_DIGITS}, got {describe(raw)}"
        )
    return value


def number(raw: object) -> Number:
    """A figure's number from JSON: an int, a decimal string, or a JSON fraction."""
    if type(raw) is int:
        if abs(raw) >= 10**MAX_DIGITS:
            _fail(f"must have at most {MAX_DIGITS} digits, got {describe(raw)}")
        return raw
    if isinstance(raw, str):
        if _DECIMAL_TEXT.fullmatch(raw) is None:
            _fail(f"must be {_NUMBER_RULE}, got {describe(raw)}")
        try:
            return _check_decimal(Decimal(raw), raw)
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid text
            _fail(f"must be {_NUMBER_RULE}, got {describe(raw)}")
    if isinstance(raw, Decimal):  # a JSON fraction, read exactly as written
        return _check_decimal(raw, raw)
    _fail(f"must be {_NUMBER_RULE}, got {describe(raw)}")


def number_json(value: Number) -> int | str:
    """How a number is written: an int as a JSON integer, a Decimal as its exact string."""
    return str(value) if isinstance(value, Decimal) else value


_DATE_TEXT = re.compile(rf"({_D}{{4}})-({_D}{{2}})-({_D}{{2}})")


def date(raw: object) -> pendulum.Date:
    """A calendar date from ``"YYYY-MM-DD"`` (always a `pendulum.Date`)."""
    match = _DATE_TEXT.fullmatch(raw) if isinstance(raw, str) else None
    if match is None:
        _fail(f'must be a date written "YYYY-MM-DD", got {describe(raw)}')
    try:
        return pendulum.Date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        _fail(f"no such date: {describe(raw)}")


_PERIODS: dict[str, Period] = {}
_CACHE_SIZE = 4096


def period(raw: object) -> Period:
    """A period from its code (``"2021-Q3"``, ``"ND09:2021"``, ``"2016-11-01/.."``).

    Periods repeat across observations, so parsed codes are kept (up to a bound, so
    memory does not grow with the input); periods are immutable, so sharing is safe.
    """
    if type(raw) is str:
        found = _PERIODS.get(raw)
        if found is not None:
            return found
        digit = foreign_digit(raw)
        if digit is not None:
            _fail(foreign_digit_message(digit))
        try:
            found = parse_period(raw)
        except DanvanError as error:
            _fail(str(error))
        if len(_PERIODS) >= _CACHE_SIZE:
            _PERIODS.clear()
        _PERIODS[raw] = found
        return found
    _fail(f'must be a period code such as "2021-Q3" or "2016-11-01/..", got {describe(raw)}')


# The units the document (or file) being read registers beyond the built-in ones. Set
# by the reader that knows them, only while it reads (`vocabulary_in_use`): the hooks
# that read a unit code sit deep in the converter, which cannot take an argument.
_VOCABULARY: contextvars.ContextVar[Vocabulary | None] = contextvars.ContextVar(
    "danvan_vocabulary", default=None
)


@contextlib.contextmanager
def vocabulary_in_use(vocabulary: Vocabulary | None) -> Iterator[None]:
    """Read unit codes with ``vocabulary`` (None: the built-in units) meanwhile."""
    token = _VOCABULARY.set(vocabulary)
    try:
        yield
    finally:
        _VOCABULARY.reset(token)


def unit_of(raw: object) -> Unit:
    """A unit from its code (``"tin"``); other names `danvan.unit` knows are accepted, and
    the units of the vocabulary in use (`vocabulary_in_use`)."""
    if not isinstance(raw, str):
        _fail(f'must be a unit code such as "tin", got {describe(raw)}')
    vocabulary = _VOCABULARY.get()
    try:
        return unit(raw) if vocabulary is None else vocabulary.unit(raw)
    except DanvanError as error:
        _fail(str(error))


_UNIT_KEYS = frozenset(f.name for f in attrs.fields(Unit))
_UNIT_TEXTS = ("code", "vi", "en", "en_plural")


def _texts_of(raw: object) -> tuple[str, ...]:
    if type(raw) is not list or any(type(item) is not str for item in raw):
        _fail(f"must be an array of strings, got {describe(raw)}")
    return tuple(raw)


def unit_record(raw: object) -> Unit:
    """A unit a dataset registers, from its plain fields: ``Unit(**fields)``.

    ``{"code": "chot", "dimension": "items", "counts": "places", "vi": "chốt", "en":
    "checkpoint", "en_plural": "checkpoints"}``, with ``factor``, ``aliases`` and
    ``covers`` when they differ from their defaults (``counts`` too may be left out).
    """
    data = _keys(raw, _UNIT_KEYS, "a unit")
    read = _Collect(data)
    fields: dict[str, Any] = {name: read(name, _text) for name in _UNIT_TEXTS}
    fields["dimension"] = read("dimension", lambda r: _enum_member(Dimension, r))
    fields["factor"] = read("factor", number, 1)
    fields["aliases"] = read("aliases", _texts_of, ())
    fields["covers"] = read("covers", _texts_of, ())
    if "counts" in data:
        fields["counts"] = read("counts", lambda r: _enum_member(Counting, r))
    read.raise_any()
    try:
        return Unit(**fields)
    except DanvanError as error:
        _fail(str(error))


def unstructure_unit_record(u: Unit) -> dict[str, Any]:
    """The plain fields of a unit a dataset registers (defaults left out, but ``counts``)."""
    out: dict[str, Any] = {
        "code": u.code,
        "dimension": u.dimension.value,
        "counts": u.counts.value,
        "vi": u.vi,
        "en": u.en,
        "en_plural": u.en_plural,
    }
    if u.factor != 1:
        out["factor"] = number_json(u.factor)
    if u.aliases:
        out["aliases"] = list(u.aliases)
    if u.covers:
        out["covers"] = list(u.covers)
    return out


def vocabulary_of(raw: object) -> Vocabulary:
    """The vocabulary of a document's ``units``: the built-in units and those.

    Raises:
        HookError: a unit is not valid, or clashes with another (located by index).
    """
    if type(raw) is not list:
        _fail(f"must be an array of units, got {describe(raw)}")
    found: list[Unit] = []
    problems: list[tuple[str, str]] = []
    for index, item in enumerate(raw):
        try:
            found.append(unit_record(item))
        except HookError as error:
            problems.extend((f"[{index}]{path}", m) for path, m in error.problems)
    if problems:
        raise HookError(problems)
    try:
        return standard_vocabulary().with_units(*found)
    except DanvanError as error:
        _fail(str(error))


_QUALIFIERS: dict[object, Qualifier] = {q.value: q for q in Qualifier}


def _enum_member(enum_type: type[enum.Enum], raw: object) -> Any:
    for member in enum_type:
        if member.value == raw and type(raw) is type(member.value):
            return member
    known = ", ".join(repr(m.value) for m in enum_type)
    _fail(f"must be one of {known}, got {describe(raw)}")


# Where a value type's own validator names a field ("quantity.value"), the JSON path
# of that field relative to the object being read.
_FIELD_PATHS = {"quantity.": ".", "bounds.": ".bounds.", "ratio.": "."}


def _relative(error: DanvanError) -> str:
    where = getattr(error, "where", None) or ""
    for prefix, path in _FIELD_PATHS.items():
        if where.startswith(prefix):
            return path + where[len(prefix) :]
    return ""


def _keys(raw: object, allowed: frozenset[str], what: str) -> dict[str, Any]:
    if type(raw) is not dict:
        _fail(f"must be an object ({what}), got {describe(raw)}")
    extra = raw.keys() - allowed
    if extra:
        known = ", ".join(sorted(allowed))
        raise HookError(
            [(_segment(k), f"unknown key {k!r}; {what} has {known}") for k in sorted(extra)]
        )
    return raw


_ABSENT: Any = object()


class _Collect:
    """Reads the keys of one object, keeping every problem rather than stopping at the first."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.problems: list[tuple[str, str]] = []

    def __call__(self, key: str, read: Callable[[Any], T], default: Any = _ABSENT) -> T | None:
        if key not in self.data:
            if default is _ABSENT:
                self.problems.append((_segment(key), "is required but missing"))
                return None
            return default  # type: ignore[no-any-return]  # the caller's default has its type
        try:
            return read(self.data[key])
        except HookError as error:
            self.problems.extend((_segment(key) + path, m) for path, m in error.problems)
            return None

    def raise_any(self) -> None:
        if self.problems:
            raise HookError(self.problems)


_BOUNDS_KEYS = frozenset({"lower", "upper", "lower_closed", "upper_closed"})


def _flag(raw: object) -> bool:
    if type(raw) is not bool:
        _fail(f"must be true or false, got {describe(raw)}")
    return raw


def bounds(raw: object) -> Bounds:
    """Explicit bounds: ``{"lower": 8100, "upper": 9000}`` (``upper`` null = unbounded)."""
    data = _keys(raw, _BOUNDS_KEYS, "bounds")
    read = _Collect(data)
    lower = read("lower", number)
    upper = read("upper", _optional_number)
    lower_closed = read("lower_closed", _flag, True)
    upper_closed = read("upper_closed", _flag, True)
    read.raise_any()
    assert lower is not None
    assert lower_closed is not None
    assert upper_closed is not None
    try:
        return Bounds(
            lower=lower, upper=upper, lower_closed=lower_closed, upper_closed=upper_closed
        )
    except DanvanError as error:
        raise HookError([(_relative(error)[len(".bounds") :], str(error))]) from None


def _optional_number(raw: object) -> Number | None:
    return None if raw is None else number(raw)


def _optional_bounds(raw: object) -> Bounds | None:
    return None if raw is None else bounds(raw)


_QUANTITY_KEYS = frozenset({"value", "unit", "qualifier", "bounds"})


def _qualifier(raw: object) -> Qualifier:
    found = _QUALIFIERS.get(raw) if type(raw) is str else None
    if found is None:
        found = _enum_member(Qualifier, raw)
    return found


_UNITS = {u.code: u for u in units()}
_SMALL = 10**MAX_DIGITS
# Figures repeat (many communes report 0, 1, 2 ... of a metric): quantities read in the
# common shape are kept, up to a bound. Quantities are immutable, so sharing is safe.
_QUANTITIES: dict[tuple[object, ...], Quantity] = {}
_QUANTITY_CACHE_SIZE = 16384


def quantity(raw: object, allowed: frozenset[str] = _QUANTITY_KEYS) -> Quantity:
    """A quantity: ``{"value": 9000, "unit": "tin", "qualifier": "nearly"}``."""
    if type(raw) is dict and raw.keys() <= allowed and "bounds" not in raw:
        # The common shape (an int, a unit code, a qualifier) without the bookkeeping
        # that locates problems; anything else takes the careful way below.
        value, code, word = raw.get("value"), raw.get("unit"), raw.get("qualifier", "exact")
        found_unit = _UNITS.get(code) if type(code) is str else None
        qualifier = _QUALIFIERS.get(word) if type(word) is str else None
        if type(value) is int and -_SMALL < value < _SMALL and found_unit and qualifier:
            key = (value, code, word)
            found = _QUANTITIES.get(key)
            if found is not None:
                return found
            try:
                found = Quantity(value=value, unit=found_unit, qualifier=qualifier)
            except DanvanError:
                pass  # said again below, with its location
            else:
                if len(_QUANTITIES) >= _QUANTITY_CACHE_SIZE:
                    _QUANTITIES.clear()
                _QUANTITIES[key] = found
                return found
    data = _keys(raw, allowed, "a quantity")
    read = _Collect(data)
    value = read("value", _optional_number)
    found_unit = read("unit", unit_of)
    qualifier = read("qualifier", _qualifier, Qualifier.EXACT)
    explicit = read("bounds", _optional_bounds, None)
    read.raise_any()
    assert found_unit is not None
    assert qualifier is not None
    try:
        return Quantity(value=value, unit=found_unit, qualifier=qualifier, bounds=explicit)
    except DanvanError as error:
        raise HookError([(_relative(error), str(error))]) from None


def unstructure_quantity(q: Quantity) -> dict[str, Any]:
    """The JSON object of a quantity; the qualifier only when not exact, bounds only when given."""
    out: dict[str, Any] = {
        "value": None if q.value is None else number_json(q.value),
        "unit": q.unit.code,
    }
    if q.qualifier is not Qualifier.EXACT:
        out["qualifier"] = q.qualifier.value
    if q.has_explicit_bounds:
        b = q.bounds
        out["bounds"] = {
            "lower": number_json(b.lower),
            "upper": None if b.upper is None else number_json(b.upper),
        }
        if not b.lower_closed:
            out["bounds"]["lower_closed"] = False
        if not b.upper_closed:
            out["bounds"]["upper_closed"] = False
    return out


_RATIO_KEYS = frozenset({"numerator", "denominator", "stated_percent", "qualifier", "base"})


def ratio(raw: object, allowed: frozenset[str] = _RATIO_KEYS) -> Ratio:
    """A ratio: ``{"numerator": {...}, "denominator": {...}, "stated_percent": "100"}``."""
    data = _keys(raw, allowed, "a ratio")
    read = _Collect(data)
    numerator = read("numerator", quantity)
    denominator = read("denominator", quantity)
    percent = read("stated_percent", _optional_number, None)
    qualifier = read("qualifier", _qualifier, Qualifier.EXACT)
    base = read("base", _text, "")
    read.raise_any()
    try:
        return Ratio(
            numerator=numerator,  # type: ignore[arg-type]  # read without problems
            denominator=denominator,  # type: ignore[arg-type]  # read without problems
            stated_percent=percent,
            qualifier=qualifier or Qualifier.EXACT,
            base=base or "",
        )
    except DanvanError as error:
        raise HookError([(_relative(error), str(error))]) from None


def unstructure_ratio(r: Ratio) -> dict[str, Any]:
    """The JSON object of a ratio; the stated percent only when the source states one."""
    out: dict[str, Any] = {
        "numerator": unstructure_quantity(r.numerator),
        "denominator": unstructure_quantity(r.denominator),
    }
    if r.stated_percent is not None:
        out["stated_percent"] = str(r.stated_percent)
    if r.qualifier is not Qualifier.EXACT:
        out["qualifier"] = r.qualifier.value
    if r.base:
        out["base"] = r.base
    return out


def figure(raw: object) -> Quantity | Ratio:
    """An observation's value: a quantity or a ratio, told apart by its ``kind`` tag."""
    if type(raw) is not dict:
        _fail(f'must be an object with "kind": "quantity" or "ratio", got {describe(raw)}')
    kind = raw.get("kind")
    if kind == "quantity":
        return quantity(raw, _QUANTITY_KEYS | {"kind"})
    if kind == "ratio":
        return ratio(raw, _RATIO_KEYS | {"kind"})
    if "kind" not in raw:
        _fail('is required but missing ("quantity" or "ratio")', ".kind")
    _fail(f'must be "quantity" or "ratio", got {describe(kind)}', ".kind")


def unstructure_figure(value: Quantity | Ratio) -> dict[str, Any]:
    """The JSON object of an observation's value, tagged with its ``kind``."""
    if isinstance(value, Ratio):
        return {"kind": "ratio", **unstructure_ratio(value)}
    return {"kind": "quantity", **unstructure_quantity(value)}


# --- the converter ---------------------------------------------------------------------------


def _text(raw: object, _: object = None) -> str:
    if type(raw) is not str:
        _fail(f"must be a string, got {describe(raw)}")
    return raw


def _boolean(raw: object, _: object = None) -> bool:
    return _flag(raw)


def _is_enum(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, enum.Enum)


def _enum_hook(t: type[enum.Enum]) -> Callable[[object, object], Any]:
    by_value = {m.value: m for m in t}

    def hook(raw: object, _: object) -> Any:
        if type(raw) is str and raw in by_value:
            return by_value[raw]
        return _enum_member(t, raw)

    return hook


def _is_tuple(t: Any) -> bool:
    args = typing.get_args(t)
    return typing.get_origin(t) is tuple and len(args) == 2 and args[1] is Ellipsis


def _tuple_hook(t: Any, conv: cattrs.Converter) -> Callable[[object, object], tuple[Any, ...]]:
    item_type = typing.get_args(t)[0]
    item = conv.get_structure_hook(item_type)
    detailed = conv.detailed_validation

    def hook(raw: object, _: object) -> tuple[Any, ...]:
        if type(raw) is not list:
            _fail(f"must be an array, got {describe(raw)}")
        if not detailed:
            return tuple([item(x, item_type) for x in raw])
        out: list[Any] = []
        errors: list[Exception] = []
        for index, x in enumerate(raw):
            try:
                out.append(item(x, item_type))
            except Exception as error:  # collected, located and reported together
                note = IterableValidationNote(f"Structuring @ index {index}", index, item_type)
                error.__notes__ = [*getattr(error, "__notes__", []), note]
                errors.append(error)
        if errors:
            raise IterableValidationError(f"While structuring {t!r}", errors, t)
        return tuple(out)

    return hook


def _record_hook(cls: type[Any], conv: cattrs.Converter) -> Callable[[object, object], Any]:
    inner = make_dict_structure_fn(cls, conv)

    def hook(raw: object, _: object) -> Any:
        if type(raw) is not dict:
            _fail(f"must be an object ({cls.__name__}), got {describe(raw)}")
        return inner(raw, cls)

    return hook


# Gazetteer and Catalogue check a whole set and list every problem in one message, a
# line each, naming the record ("place[366].parent: ...", "metric 'tips' names ...").
# Each line becomes a problem at the path of the record it names, where it names one.
_PLACE_LINE = re.compile(r"\s*- place\[([0-9A-Za-z]+)\]\.(\w+): (.*)")
_METRIC_LINE = re.compile(r"\s*(metric '([^']*)' .*|duplicate metric code '([^']*)')")


def _split(message: str, pattern: re.Pattern[str], codes: list[str]) -> HookError:
    first = {code: i for i, code in reversed(list(enumerate(codes)))}
    last = {code: i for i, code in enumerate(codes)}
    problems: list[tuple[str, str]] = []
    for line in message.splitlines()[1:]:
        match = pattern.fullmatch(line)
        if match is None or not line.strip():
            continue
        # A duplicate is named where it repeats, any other problem where it first occurs.
        index = last if "duplicate" in line else first
        if pattern is _PLACE_LINE:
            code, field, text = match[1], match[2], match[3]
            if code in index:
                problems.append((f"[{index[code]}].{field}", f"place[{code}].{field}: {text}"))
                continue
        else:
            code = match[2] or match[3]
            if code in index:
                problems.append((f"[{index[code]}]", match[0].strip()))
                continue
        problems.append(("", line.strip().removeprefix("- ")))
    return HookError(problems or [("", message)])


def gazetteer_of(found: tuple[Place, ...], *, national: bool = False) -> Gazetteer:
    """The gazetteer of places read one by one (added to the national gazetteer when
    ``national``); its problems at each place's index.

    Raises:
        HookError: the places do not make a gazetteer (paths relative to the array).
    """
    try:
        return with_national(found) if national else Gazetteer(found)
    except DanvanError as error:
        raise _split(str(error), _PLACE_LINE, [p.code for p in found]) from None


def on_national(document: Mapping[str, object]) -> tuple[bool, list[tuple[str, str]]]:
    """Whether a document's places are added to the national gazetteer
    (``"gazetteer": "national"``), and the problem of a key holding anything else."""
    if "gazetteer" not in document:
        return False, []
    if document["gazetteer"] == NATIONAL:
        return True, []
    return False, [
        (
            ".gazetteer",
            f"must be {NATIONAL!r} (the places listed are then added to the national "
            f"gazetteer), got {describe(document['gazetteer'])}",
        )
    ]


def catalogue_of(found: tuple[Metric, ...]) -> Catalogue:
    """The catalogue of metrics read one by one (with the vocabulary in use); its
    problems at each metric's index.

    Raises:
        HookError: the metrics do not make a catalogue (paths relative to the array).
    """
    vocabulary = _VOCABULARY.get()
    try:
        if vocabulary is None:
            return Catalogue(found)
        return Catalogue(found, vocabulary=vocabulary)
    except DanvanError as error:
        raise _split(str(error), _METRIC_LINE, [m.code for m in found]) from None


def _gazetteer(raw: object, places: Callable[[object, object], tuple[Place, ...]]) -> Gazetteer:
    return gazetteer_of(places(raw, tuple[Place, ...]))


_CATALOGUE_KEYS = frozenset({"units", "metrics"})


def _catalogue(raw: object, metrics: Callable[[object, object], tuple[Metric, ...]]) -> Catalogue:
    """A catalogue: its metrics, or ``{"units": [...], "metrics": [...]}`` when its
    vocabulary holds units of its own."""
    if type(raw) is not dict:
        return catalogue_of(metrics(raw, tuple[Metric, ...]))
    data = _keys(raw, _CATALOGUE_KEYS, "a catalogue")
    vocabulary = vocabulary_of(data.get("units", []))
    with vocabulary_in_use(vocabulary):
        try:
            found = metrics(data.get("metrics", []), tuple[Metric, ...])
        except Exception as error:
            raise HookError(locate(error, ".metrics")) from None
        try:
            return catalogue_of(found)
        except HookError as error:
            raise HookError([(".metrics" + w, m) for w, m in error.problems]) from None


def unstructure_catalogue(catalogue: Catalogue, conv: cattrs.Converter) -> Any:
    """A catalogue's metrics; with its own units beside them when it has any."""
    found = conv.unstructure(catalogue.metrics, tuple[Metric, ...])
    added = catalogue.vocabulary.added
    if not added:
        return found
    return {"units": [unstructure_unit_record(u) for u in added], "metrics": found}


def _build(detailed: bool) -> cattrs.Converter:
    conv = make_converter(
        forbid_extra_keys=True, omit_if_default=True, detailed_validation=detailed
    )
    conv.register_structure_hook(str, _text)
    conv.register_structure_hook(bool, _boolean)
    conv.register_structure_hook_factory(_is_enum, _enum_hook)
    conv.register_structure_hook_factory(_is_tuple, _tuple_hook)
    conv.register_structure_hook_factory(attrs.has, _record_hook)
    # Value types: explicit hooks (class hooks win over the factories above).
    conv.register_structure_hook(pendulum.Date, lambda raw, _: date(raw))
    conv.register_unstructure_hook(pendulum.Date, lambda d: d.isoformat())
    conv.register_structure_hook(Period, lambda raw, _: period(raw))
    conv.register_unstructure_hook(Period, str)
    conv.register_structure_hook(Unit, lambda raw, _: unit_of(raw))
    conv.register_unstructure_hook(Unit, lambda u: u.code)
    conv.register_structure_hook(Quantity, lambda raw, _: quantity(raw))
    conv.register_unstructure_hook(Quantity, unstructure_quantity)
    conv.register_structure_hook(Ratio, lambda raw, _: ratio(raw))
    conv.register_unstructure_hook(Ratio, unstructure_ratio)
    figure_type = Quantity | Ratio
    conv.register_structure_hook_func(lambda t: t == figure_type, lambda raw, _: figure(raw))
    conv.register_unstructure_hook_func(lambda t: t == figure_type, unstructure_figure)
    places = conv.get_structure_hook(tuple[Place, ...])
    conv.register_structure_hook(Gazetteer, lambda raw, _: _gazetteer(raw, places))
    conv.register_unstructure_hook(
        Gazetteer, lambda g: conv.unstructure(g.places, tuple[Place, ...])
    )
    metrics = conv.get_structure_hook(tuple[Metric, ...])
    conv.register_structure_hook(Catalogue, lambda raw, _: _catalogue(raw, metrics))
    conv.register_unstructure_hook(Catalogue, lambda c: unstructure_catalogue(c, conv))
    conv.register_structure_hook(Vocabulary, lambda raw, _: vocabulary_of(raw))
    conv.register_unstructure_hook(
        Vocabulary, lambda v: [unstructure_unit_record(u) for u in v.added]
    )
    if not detailed and _observation_fast_path_applies():
        conv.register_structure_hook(Observation, lambda raw, _: _fast_observation(raw))
    conv.register_structure_hook(Dataset, lambda raw, _: structure_dataset(raw, conv))
    conv.register_unstructure_hook(Dataset, lambda ds: unstructure_dataset(ds, conv))
    return conv


# --- codes many records repeat ----------------------------------------------------------------

_CODES: dict[str, str] = {}
_CODES_SIZE = 8192


def shared(code: str) -> str:
    """One string object for each code many records repeat (a metric, a place).

    The codes are kept up to a bound, then forgotten: a stream of observations holds the
    same memory however long it runs (`sys.intern` grows the interpreter's own table, and
    rebuilds it, as new codes come and go).
    """
    found = _CODES.get(code)
    if found is None:
        if len(_CODES) >= _CODES_SIZE:
            _CODES.clear()
        found = _CODES[code] = code
    return found


# --- observations: the fast path -------------------------------------------------------------

_TEXT_TYPES = (str, str | None, "str", "str | None")
# Codes many observations repeat: one string each (the JSON parser makes one per use).
_SHARED_CODES = ("metric", "place", "organisation", "source", "activity", "disaggregation")


_ROLES = {r.value: r for r in Role}


def _observation_fast_path_applies() -> bool:
    """Whether every field but ``value``, ``period`` and ``role`` is text, passed as JSON
    gives it.

    The fast path hands JSON strings straight to `Observation`, whose own validators
    check them. Should a field of another type be added, this turns the fast path off
    rather than let it pass an unconverted value.
    """
    for field in attrs.fields(Observation):
        if field.name in ("value", "period", "role"):
            continue
        if field.alias != field.name or field.type not in _TEXT_TYPES:
            return False
    return True


def _fast_observation(raw: object) -> Observation:
    """Build an observation from the common, well-formed shape; raise on anything else.

    Any failure is not reported from here: the caller reads the input again with the
    detailed converter, which locates every problem.
    """
    if type(raw) is not dict:
        raise TypeError("not an object")
    fields = dict(raw)
    fields["value"] = figure(raw["value"])
    stated = raw["period"]
    fields["period"] = None if stated is None else period(stated)
    if "role" in raw:
        fields["role"] = _ROLES[raw["role"]]  # anything else: read again, carefully
    for key in _SHARED_CODES:
        if key in fields:
            code = fields[key]
            if code.__class__ is str:
                fields[key] = shared(code)
    return Observation(**fields)


# --- the dataset document --------------------------------------------------------------------


def _dataset_fields() -> list[tuple[str, str, Any]]:
    """(document key, Dataset field, type) of every part of a dataset, in document order."""
    attrs.resolve_types(Dataset)
    out: list[tuple[str, str, Any]] = []
    for field in attrs.fields(Dataset):
        if not field.init:
            continue
        key = "metrics" if field.name == "catalogue" else field.name
        out.append((key, field.name, field.type))
    return out


_DATASET_FIELDS = _dataset_fields()
# "gazetteer": "national" says the places listed are added to the national gazetteer;
# "units" lists the units the dataset registers beyond the built-in ones.
_DOCUMENT_KEYS = frozenset(
    {"format", "version", "gazetteer", "units"} | {key for key, _, _ in _DATASET_FIELDS}
)


_VERSION = re.compile(rf"({DIGIT_CLASS}+)\.({DIGIT_CLASS}+)")


def check_version(raw: object) -> None:
    """Refuse a document of a newer major format version, or a malformed version."""
    match = _VERSION.fullmatch(raw) if isinstance(raw, str) else None
    if match is None:
        _fail(
            f'must be a format version such as "{FORMAT_VERSION}", got {describe(raw)}', ".version"
        )
    # Compared as digits, not as an int: a major of 5000 digits is newer, not an error.
    major = match[1].lstrip("0") or "0"
    ours = FORMAT_VERSION.split(".")[0]
    if (len(major), major) > (len(ours), ours):
        _fail(
            f"the document is in format version {_short(match[0])}, newer than this danvan "
            f"reads (up to {ours}.x): upgrade danvan to read it",
            ".version",
        )


def structure_dataset(raw: object, conv: cattrs.Converter) -> Dataset:
    """A dataset from its JSON document; with a detailed converter, every problem located."""
    if type(raw) is not dict:
        _fail(f"a dataset document must be a JSON object, got {describe(raw)}")
    if raw.get("format") != FORMAT:
        _fail(
            f"must be {FORMAT!r} (this is not a danvan dataset document), got "
            f"{describe(raw.get('format')) if 'format' in raw else 'nothing'}",
            ".format",
        )
    check_version(raw.get("version"))
    problems: list[tuple[str, str]] = [
        (
            _segment(k),
            f"unknown key {k!r}; a dataset document has {', '.join(sorted(_DOCUMENT_KEYS))}",
        )
        for k in sorted(raw.keys() - _DOCUMENT_KEYS)
    ]
    national, wrong = on_national(raw)
    problems.extend(wrong)
    vocabulary: Vocabulary | None = None
    if "units" in raw:
        try:
            vocabulary = vocabulary_of(raw["units"])
        except HookError as error:
            problems.extend((".units" + path, m) for path, m in error.problems)
    with vocabulary_in_use(vocabulary):
        fields = _dataset_parts(raw, conv, national, problems)
    if vocabulary is not None and "catalogue" not in fields and "metrics" not in raw:
        fields["catalogue"] = catalogue_with(vocabulary)
    if problems:
        raise HookError(problems)
    try:
        return Dataset(**fields)
    except DanvanError as error:
        _fail(str(error))


def catalogue_with(vocabulary: Vocabulary) -> Catalogue:
    """The standard catalogue, its vocabulary holding ``vocabulary``'s added units."""
    return standard_catalogue().with_units(*vocabulary.added)


def _dataset_parts(
    raw: dict[str, Any], conv: cattrs.Converter, national: bool, problems: list[tuple[str, str]]
) -> dict[str, Any]:
    """The dataset's fields a document holds (its problems added to ``problems``)."""
    fields: dict[str, Any] = {}
    if national and "places" not in raw:
        fields["places"] = with_national(())
    for key, name, field_type in _DATASET_FIELDS:
        if key not in raw:
            continue
        try:
            if name == "places" and national:
                found = conv.structure(raw[key], tuple[Place, ...])
                fields[name] = gazetteer_of(found, national=True)
            else:
                fields[name] = conv.structure(raw[key], field_type)
        except Exception as error:
            if not conv.detailed_validation:
                raise
            problems.extend(locate(error, _segment(key)))
            continue
        if name not in ("title", "places", "catalogue"):
            problems.extend(_duplicate_ids(key, fields[name]))
    return fields


def _duplicate_ids(key: str, records: Iterable[Any]) -> Iterator[tuple[str, str]]:
    first: dict[str, int] = {}
    for index, record in enumerate(records):
        if record.id in first:
            yield (
                f".{key}[{index}].id",
                f"id {record.id!r} is used again (first at $.{key}[{first[record.id]}]); "
                "ids are unique within each kind of record",
            )
        else:
            first[record.id] = index


def unstructure_dataset(ds: Dataset, conv: cattrs.Converter) -> dict[str, Any]:
    """The JSON document of a dataset: every part written, in a fixed order.

    Places on the national gazetteer are written as ``"gazetteer": "national"`` and the
    places it lacks: the 14,000 national units are not copied into every file.
    """
    out: dict[str, Any] = {"format": FORMAT, "version": FORMAT_VERSION}
    own = beyond_national(ds.places)
    if own is not None:
        out["gazetteer"] = NATIONAL
    added = ds.catalogue.vocabulary.added
    if added:  # before the records that count in them: a stream reads them first
        out["units"] = [unstructure_unit_record(u) for u in added]
    for key, name, field_type in _DATASET_FIELDS:
        if name == "places" and own is not None:
            out[key] = conv.unstructure(own, tuple[Place, ...])
        elif name == "catalogue":  # its units are written apart, above
            out[key] = conv.unstructure(ds.catalogue.metrics, tuple[Metric, ...])
        else:
            out[key] = conv.unstructure(getattr(ds, name), field_type)
    return out


# --- located problems ------------------------------------------------------------------------


def locate(
    error: BaseException, path: str, record: type[Any] | None = None
) -> list[tuple[str, str]]:
    """Every problem inside ``error`` (cattrs' exception groups included), with its path.

    ``record`` is the attrs class whose construction raised ``error``; a validator's
    ``where`` ("observation[x].metric") then names the field the problem is in.
    """
    if isinstance(error, HookError):
        return [(path + sub, message) for sub, message in error.problems]
    if isinstance(error, ClassValidationError):
        found: list[tuple[str, str]] = []
        with_notes, others = error.group_exceptions()
        for sub, note in with_notes:
            found.extend(locate(sub, path + _segment(note.name)))
        for sub in others:
            if isinstance(sub, ForbiddenExtraKeysError):
                known = ", ".join(a.name for a in attrs.fields(error.cl))
                found.extend(
                    (path + _segment(key), f"unknown key {key!r}; {error.cl.__name__} has {known}")
                    for key in sorted(sub.extra_fields)
                )
            else:
                found.extend(locate(sub, path, error.cl))
        return found
    if isinstance(error, IterableValidationError):
        found = []
        with_notes_i, others_i = error.group_exceptions()
        for sub, inote in with_notes_i:
            found.extend(locate(sub, f"{path}[{inote.index}]"))
        for sub in others_i:
            found.extend(locate(sub, path))
        return found
    if isinstance(error, DanvanError):
        where = getattr(error, "where", None) or ""
        field = where.rsplit(".", 1)[-1]
        if (
            record is not None
            and attrs.has(record)
            and "." in where
            and field in {a.name for a in attrs.fields(record)}
        ):
            path += _segment(field)
        return [(path, str(error))]
    if isinstance(error, KeyError):  # cattrs reads a required key that is not there
        return [(path, "is required but missing")]
    return [(path, f"cannot be read: {type(error).__name__}: {error}")]


_FAST = _build(detailed=False)
_FULL = _build(detailed=True)


def full_converter() -> cattrs.Converter:
    """The converter with detailed validation (danvan's own; do not change it)."""
    return _FULL


def structure_located(raw: object, cls: Any, source: str, where: str = "") -> Any:
    """Read ``raw`` as ``cls``: fast when it is well formed, else every problem located.

    Raises:
        LoadError: listing every problem, each at its JSON path.
    """
    try:
        return _FAST.structure(raw, cls)
    except Exception:  # read again below, to say exactly what is wrong
        pass
    try:
        return _FULL.structure(raw, cls)
    except Exception as error:
        problems = [Problem(f"{where}${path}", message) for path, message in locate(error, "")]
        raise LoadError(source, problems) from None


# --- writing ---------------------------------------------------------------------------------


_ESCAPE_THEN_OTHER = re.compile(r'(\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))([^\x00-\x7f]+)')


def _nfc_strings(value: Any) -> Any:
    """``value`` with every string (keys too) in NFC."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, dict):
        return {nfc(k): _nfc_strings(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_nfc_strings(v) for v in value]
    return value


def _escape_after_escapes(text: str) -> str:
    """Write as ``\\uXXXX`` the characters that follow an escape such as ``\\n``.

    NFC of the file would join a combining mark to the letter of the escape before it
    ("\\n" and U+0301 become "\\ń"), changing what the text says.
    """

    def escape(match: re.Match[str]) -> str:
        return match[1] + json.dumps(match[2])[1:-1]

    return _ESCAPE_THEN_OTHER.sub(escape, text)


def dump_json_text(value: Any, *, indent: int | None = 2) -> str:
    """JSON text in NFC, UTF-8-ready (no ASCII escapes), with no NaN, ending in a newline.

    Every string is put in NFC first; the text as a whole is then NFC as written, so
    that reading it back gives exactly these strings (``load(dump(x)) == x``).
    """
    separators = (",", ": ") if indent is not None else (",", ":")

    def dumps(data: Any, ascii_only: bool = False) -> str:
        return json.dumps(
            data, ensure_ascii=ascii_only, allow_nan=False, indent=indent, separators=separators
        )

    text = dumps(value)
    if not unicodedata.is_normalized("NFC", text):
        value = _nfc_strings(value)
        text = dumps(value)
        if not unicodedata.is_normalized("NFC", text):
            text = _escape_after_escapes(text)
        if not unicodedata.is_normalized("NFC", text):  # pragma: no cover - no such case known
            text = dumps(value, ascii_only=True)
    return text + "\n"


def encode(text: str, what: str) -> bytes:
    """UTF-8 bytes of ``text``; text that cannot be UTF-8 raises a danvan error.

    Raises:
        InvalidValueError: the text holds an unpaired surrogate.
    """
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise InvalidValueError(
            f"holds an unpaired surrogate at position {error.start}, which UTF-8 cannot "
            "hold; fix the text before writing it",
            where=what,
        ) from None
