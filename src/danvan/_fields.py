"""Field converters and validators shared by the descriptive records.

The records (organisations, documents, campaigns, community models, exemplars, charity
drives) follow one shape: an ``id``, NFC text, enum members, tuples, and references to
other records by id. These helpers keep that shape in one place.

Converters only reshape good input: NFC text, tuples from any iterable, enum members from
their string values, pendulum dates from stdlib dates. Input they cannot reshape is passed
through untouched, because a converter does not know which record it serves; the field's
validator does, and reports the problem as ``InvalidValueError`` with a path such as
``"campaign[dan-van-kheo].kind"``.

>>> import attrs
>>> @attrs.frozen(kw_only=True)
... class Thing:
...     id: str = attrs.field(converter=text, validator=check_id)
...     name: str = attrs.field(converter=text, validator=check_name)
>>> Thing(id="x", name=" ")
Traceback (most recent call last):
...
danvan.errors.InvalidValueError: thing[x].name: must not be blank, got ' '
"""

from __future__ import annotations

import datetime as _dt
import enum
import types
import typing
from collections.abc import Callable, Iterable
from typing import Any, TypeVar, cast

import attrs
import pendulum

from danvan._dates import to_date
from danvan._regex import LazyPattern
from danvan._text import nfc
from danvan.errors import InvalidValueError

__all__ = [
    "as_tuple",
    "check_date",
    "check_id",
    "check_instance",
    "check_member",
    "check_name",
    "check_names",
    "check_not_own_id",
    "check_optional_instance",
    "check_optional_member",
    "check_optional_name",
    "check_ref",
    "check_refs",
    "check_text",
    "check_tuple_of",
    "member",
    "optional_date",
    "optional_text",
    "record_name",
    "text",
    "texts",
    "where",
]

E = TypeVar("E", bound=enum.Enum)
T = TypeVar("T")
Kind = type[Any] | types.UnionType
"""What `check_instance` accepts: a class, or a union of classes (``Quantity | Ratio``)."""
Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]

_CAMEL = LazyPattern(r"(?<!^)(?=[A-Z])")


# --- where a problem is ------------------------------------------------------------------


def record_name(instance: object) -> str:
    """The record type as error paths name it: ``CharityDrive`` → ``"charity_drive"``."""
    return _CAMEL.sub("_", type(instance).__name__).lower()


def where(instance: object, field: str) -> str:
    """The error path of ``field`` on ``instance``: ``"campaign[dan-van-kheo].period"``.

    Records without an id (a campaign's targets) are named by type only: ``"target.metric"``.
    """
    ident = getattr(instance, "id", None)
    if _is_id(ident):
        return f"{record_name(instance)}[{ident}].{field}"
    return f"{record_name(instance)}.{field}"


_ID = LazyPattern(r"\S+")


def _is_id(value: object) -> bool:
    # A compiled match is several times faster than scanning characters in Python,
    # which matters when 100,000 observations are loaded.
    return isinstance(value, str) and _ID.fullmatch(value) is not None


# --- converters (lenient: what they cannot reshape is left for the validator) -----------


def text(value: str) -> str:
    """NFC form of ``value``; a non-string is left for the validator to reject."""
    try:
        return nfc(value)
    except TypeError:
        return value


def optional_text(value: str | None) -> str | None:
    """NFC form of ``value``, or None."""
    return None if value is None else text(value)


def texts(value: Iterable[str]) -> tuple[str, ...]:
    """A tuple of NFC strings from any iterable of strings.

    A single string is left as is (``tuple("abc")`` would silently split it into letters);
    the validator then rejects it.
    """
    if isinstance(value, str):
        return cast("tuple[str, ...]", value)
    try:
        return tuple(text(item) for item in value)
    except TypeError:
        return cast("tuple[str, ...]", value)


def as_tuple(value: Iterable[T]) -> tuple[T, ...]:
    """A tuple from any iterable; a non-iterable is left for the validator.

    mypy's attrs plugin does not solve generic converters, so records wrap this in a small
    typed converter per field (``_targets``, ``_events``...).
    """
    if isinstance(value, str):
        return cast("tuple[T, ...]", value)
    try:
        return tuple(value)
    except TypeError:
        return cast("tuple[T, ...]", value)


def member(enum_type: type[E], value: E | str) -> E:
    """The member of ``enum_type`` that ``value`` is or names; other values pass through."""
    if isinstance(value, enum_type):
        return value
    try:
        return enum_type(value)
    except (ValueError, TypeError):
        return cast("E", value)


def optional_date(value: _dt.date | None) -> pendulum.Date | None:
    """A pendulum date from a pendulum or stdlib date; datetimes pass through to be refused."""
    if value is None:
        return None
    try:
        return to_date(value)
    except InvalidValueError:
        return cast("pendulum.Date", value)


# --- validators ----------------------------------------------------------------------------


def check_id(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """The record's own id: a non-empty string without whitespace."""
    if not _is_id(value):
        raise InvalidValueError(
            f"must be a non-empty string without whitespace, got {value!r}",
            where=f"{record_name(instance)}.{attribute.name}",
        )


def check_ref(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """An optional reference to another record: None, or an id-like string."""
    if value is not None and not _is_id(value):
        raise InvalidValueError(
            f"must be an id (a non-empty string without whitespace) or None, got {value!r}",
            where=where(instance, attribute.name),
        )


def check_refs(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A tuple of references: id-like strings, each named once."""
    path = where(instance, attribute.name)
    _require_tuple(value, path, "ids")
    for i, item in enumerate(cast("tuple[object, ...]", value)):
        if not _is_id(item):
            raise InvalidValueError(
                f"must be an id (a non-empty string without whitespace), got {item!r}",
                where=f"{path}[{i}]",
            )
    _require_unique(cast("tuple[object, ...]", value), path)


def check_not_own_id(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A parent reference that is not the record itself."""
    check_ref(instance, attribute, value)
    if value is not None and value == getattr(instance, "id", None):
        raise InvalidValueError(
            f"a record cannot be its own {attribute.name}, got {value!r}",
            where=where(instance, attribute.name),
        )


def check_name(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Required text: a string that is not blank."""
    path = where(instance, attribute.name)
    _require_str(value, path)
    if not cast("str", value).strip():
        raise InvalidValueError(f"must not be blank, got {value!r}", where=path)


def check_optional_name(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Optional text: None, or a string that is not blank."""
    if value is not None:
        check_name(instance, attribute, value)


def check_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Free text that may be empty (a note, an English name)."""
    if not isinstance(value, str):  # the path is only worth computing on failure
        _require_str(value, where(instance, attribute.name))


def check_names(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A tuple of non-blank strings, each given once (programme names, beneficiary groups)."""
    path = where(instance, attribute.name)
    _require_tuple(value, path, "strings")
    items = cast("tuple[object, ...]", value)
    for i, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            raise InvalidValueError(
                f"must be a non-blank string, got {item!r}", where=f"{path}[{i}]"
            )
    _require_unique(items, path)


def check_member(enum_type: type[enum.Enum]) -> Validator:
    """A validator requiring a member of ``enum_type`` (its string value was converted)."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, enum_type):
            known = ", ".join(repr(m.value) for m in enum_type)
            raise InvalidValueError(
                f"must be {_type_name(enum_type)} (one of {known}), got {value!r}",
                where=where(instance, attribute.name),
            )

    return check


def check_optional_member(enum_type: type[enum.Enum]) -> Validator:
    """Like `check_member`, but None is allowed."""
    required = check_member(enum_type)

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            required(instance, attribute, value)

    return check


def check_date(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """An optional calendar date (pendulum ``Date``; never a datetime)."""
    if value is not None and type(value) is not pendulum.Date:
        to_date(value, where=where(instance, attribute.name))  # raises, saying why


def check_instance(kind: Kind) -> Validator:
    """A validator requiring an instance of ``kind`` (a class, or a union such as ``A | B``).

    >>> @attrs.frozen
    ... class Box:
    ...     content: object = attrs.field(validator=check_instance(int | str))
    >>> try:
    ...     Box(1.5)
    ... except InvalidValueError as error:
    ...     print(error)
    box.content: must be an int or a str, got float 1.5
    """

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kind):
            raise InvalidValueError(
                f"must be {_type_name(kind)}, got {type(value).__name__} {value!r}",
                where=where(instance, attribute.name),
            )

    return check


def check_optional_instance(kind: Kind) -> Validator:
    """Like `check_instance`, but None is allowed."""
    required = check_instance(kind)

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            required(instance, attribute, value)

    return check


def check_tuple_of(kind: Kind) -> Validator:
    """A validator requiring a tuple whose items are all instances of ``kind``."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        path = where(instance, attribute.name)
        _require_tuple(value, path, "records")
        for i, item in enumerate(cast("tuple[object, ...]", value)):
            if not isinstance(item, kind):
                raise InvalidValueError(
                    f"must be {_type_name(kind)}, got {type(item).__name__} {item!r}",
                    where=f"{path}[{i}]",
                )

    return check


def _type_name(kind: Kind) -> str:
    """ "a Period", "an int or a str": the type(s) with their article, for messages."""
    if isinstance(kind, types.UnionType):
        return " or ".join(_type_name(k) for k in typing.get_args(kind))
    name: str = kind.__name__
    return f"an {name}" if name[0].lower() in "aeiou" else f"a {name}"


def _require_str(value: object, path: str) -> None:
    if not isinstance(value, str):
        raise InvalidValueError(
            f"must be a string, got {type(value).__name__} {value!r}", where=path
        )


def _require_tuple(value: object, path: str, of: str) -> None:
    if isinstance(value, str):
        raise InvalidValueError(
            f"must be a tuple of {of}, got the single string {value!r}; write ({value!r},)",
            where=path,
        )
    if not isinstance(value, tuple):
        raise InvalidValueError(
            f"must be a tuple (or other iterable) of {of}, got {type(value).__name__} {value!r}",
            where=path,
        )


def _require_unique(items: tuple[object, ...], path: str) -> None:
    seen: dict[object, int] = {}
    for i, item in enumerate(items):
        if item in seen:
            raise InvalidValueError(
                f"gives {item!r} twice, at [{seen[item]}] and [{i}]", where=f"{path}[{i}]"
            )
        seen[item] = i
