"""Administrative units (tỉnh, huyện, xã) and how they changed over time.

A `Place` is one administrative unit, keyed by its national statistics office code
(names change; codes are the key). Units have a validity span and, when they end,
`Succession` links saying where their area went. A `Gazetteer` holds a validated set
of places and answers hierarchy questions *as of a date*, so that figures reported
for units that no longer exist can be rolled up into today's units without
rewriting history (Vietnam abolished its district level on 1 July 2025 and merged
63 provinces into 34).

>>> gazetteer = seed_gazetteer()
>>> gazetteer.get("366").name
'Hải Hậu'
>>> gazetteer.ancestor_at("366", Level.PROVINCE, as_of=pendulum.Date(2021, 1, 1)).name
'Nam Định'
>>> gazetteer.ancestor_at("366", Level.PROVINCE, as_of=pendulum.Date(2026, 1, 1)).name
'Ninh Bình'
"""

from __future__ import annotations

import datetime as _dt
import enum
import functools
from collections.abc import Iterable, Iterator
from typing import Any, cast

import attrs
import pendulum

from danvan._dates import to_date
from danvan._regex import LazyPattern
from danvan._text import nfc
from danvan.errors import InvalidValueError, UnknownReferenceError

__all__ = ["Gazetteer", "Level", "Place", "Succession", "SuccessionKind", "seed_gazetteer"]


class Level(enum.Enum):
    """Administrative level, ordered top-down.

    >>> Level.PROVINCE.rank < Level.DISTRICT.rank < Level.COMMUNE.rank
    True
    """

    PROVINCE = "province"
    """Tỉnh, or thành phố trực thuộc trung ương (centrally-run city)."""
    DISTRICT = "district"
    """Huyện, quận, thị xã, thành phố thuộc tỉnh; abolished on 1 July 2025."""
    COMMUNE = "commune"
    """Xã, phường, thị trấn, đặc khu."""

    @property
    def rank(self) -> int:
        """1 for provinces, 2 for districts, 3 for communes: a smaller rank is a higher level."""
        return _RANKS[self]


_RANKS = {Level.PROVINCE: 1, Level.DISTRICT: 2, Level.COMMUNE: 3}


class SuccessionKind(enum.Enum):
    """How the area of a unit that ended passed to a successor.

    The reverse view of `SPLIT_INTO` ("split from") is `Gazetteer.predecessors`.
    """

    MERGED_INTO = "merged-into"
    """The unit's whole area went into the target (with other units, usually)."""
    SPLIT_INTO = "split-into"
    """Part of the unit's area went into the target; a split has one link per part."""
    RENAMED_TO = "renamed-to"
    """Same area, new code or name."""


_VERBS = {
    SuccessionKind.MERGED_INTO: "merged into",
    SuccessionKind.SPLIT_INTO: "split into",
    SuccessionKind.RENAMED_TO: "renamed to",
}
_CODE = LazyPattern(r"[0-9A-Za-z]+")


def _is_code(value: object) -> bool:
    return isinstance(value, str) and _CODE.fullmatch(value) is not None


# Converters normalise what they can and leave anything else untouched, so that the
# validators (which know the place's code) can reject it with a full field path.
def _nfc_or_raw(value: str) -> str:
    raw: object = value
    return nfc(raw) if isinstance(raw, str) else value


def _date_or_raw(value: _dt.date) -> pendulum.Date:
    raw: object = value
    if isinstance(raw, _dt.date) and not isinstance(raw, _dt.datetime):
        return to_date(raw)
    return cast("pendulum.Date", value)


def _optional_date_or_raw(value: _dt.date | None) -> pendulum.Date | None:
    return None if value is None else _date_or_raw(value)


def _tuple_or_raw(value: Iterable[Succession]) -> tuple[Succession, ...]:
    raw: object = value
    if isinstance(raw, Iterable) and not isinstance(raw, str | bytes):
        return tuple(value)
    return cast("tuple[Succession, ...]", value)


def _names_or_raw(value: Iterable[str]) -> tuple[str, ...]:
    raw: object = value
    if isinstance(raw, Iterable) and not isinstance(raw, str | bytes):
        return tuple(_nfc_or_raw(item) for item in value)
    return cast("tuple[str, ...]", value)


def _require_date(value: object, where: str) -> None:
    if value is not None:
        to_date(value, where=where)  # rejects datetimes and non-dates, naming the field


def _in_force(place: Place, day: pendulum.Date) -> bool:
    return (place.valid_from is None or place.valid_from <= day) and (
        place.valid_to is None or day <= place.valid_to
    )


def validity(place: Place) -> str:
    """When ``place`` is in force, in words ("valid until 2025-06-30"), for messages."""
    if place.valid_from is None and place.valid_to is None:
        return "always valid"
    if place.valid_to is None:
        return f"valid from {place.valid_from}"
    if place.valid_from is None:
        return f"valid until {place.valid_to}"
    return f"valid from {place.valid_from} to {place.valid_to}"


@attrs.frozen(kw_only=True)
class Succession:
    """A link from a unit that ended to a unit that took (part of) its area.

    Args:
        kind: Merge, split or rename.
        target: Code of the successor unit.
        date: First day the successor is in force (2025-07-01 for the 2025 reform).

    Raises:
        InvalidValueError: a field has the wrong type or the target is not a code.

    >>> Succession(kind=SuccessionKind.MERGED_INTO, target="37", date=pendulum.Date(2025, 7, 1))
    Succession(kind=<SuccessionKind.MERGED_INTO: 'merged-into'>, target='37', date=Date(2025, 7, 1))
    """

    kind: SuccessionKind = attrs.field()
    target: str = attrs.field()
    date: pendulum.Date = attrs.field(converter=_date_or_raw)

    @kind.validator
    def _check_kind(self, _: object, value: object) -> None:
        if not isinstance(value, SuccessionKind):
            raise InvalidValueError(
                f"must be a SuccessionKind, got {value!r}", where="succession.kind"
            )

    @target.validator
    def _check_target(self, _: object, value: object) -> None:
        if not _is_code(value):
            raise InvalidValueError(
                f"must be a code of letters and digits without spaces, got {value!r}",
                where="succession.target",
            )

    @date.validator
    def _check_the_date(self, _: object, value: object) -> None:
        to_date(value, where="succession.date")


@attrs.frozen(kw_only=True)
class Place:
    """An administrative unit during the span it was valid.

    Args:
        code: National statistics office code ("36" for Nam Định): the key, never the name.
        name: Official name, stored in NFC ("Nam Định").
        level: Province, district or commune.
        kind: Unit type as written in Vietnamese ("tỉnh", "huyện", "thành phố", "xã", ...).
        parent: Code of the parent unit while this unit is valid; ``None`` for provinces.
        valid_from: First day in force; ``None`` means since before our records.
        valid_to: Last day in force (inclusive); ``None`` means still valid.
        successors: Where the area went when the unit ended; requires ``valid_to``,
            and every link is dated after ``valid_to``.
        aliases: Other spellings and former names (NFC); `Gazetteer.find` matches them.

    Raises:
        InvalidValueError: a rule is broken; ``where`` is ``"place[<code>].<field>"``.

    >>> hai_hau = Place(code="366", name="Hải Hậu", level=Level.DISTRICT, kind="huyện",
    ...                 parent="36", valid_to=pendulum.Date(2025, 6, 30))
    >>> hai_hau.is_valid_on(pendulum.Date(2025, 7, 1))
    False
    """

    code: str = attrs.field()
    name: str = attrs.field(converter=_nfc_or_raw)
    level: Level = attrs.field()
    kind: str = attrs.field(default="", converter=_nfc_or_raw)
    parent: str | None = attrs.field(default=None)
    valid_from: pendulum.Date | None = attrs.field(default=None, converter=_optional_date_or_raw)
    valid_to: pendulum.Date | None = attrs.field(default=None, converter=_optional_date_or_raw)
    successors: tuple[Succession, ...] = attrs.field(default=(), converter=_tuple_or_raw)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_names_or_raw)

    def _where(self, field: str) -> str:
        return f"place[{self.code}].{field}"

    @code.validator
    def _check_code(self, _: object, value: object) -> None:
        if not _is_code(value):
            raise InvalidValueError(
                f"must be a non-empty code of letters and digits without spaces, got {value!r}",
                where=self._where("code"),
            )

    @name.validator
    def _check_name(self, _: object, value: object) -> None:
        if not isinstance(value, str) or not value.strip():
            raise InvalidValueError(
                f"must be a non-empty string, got {value!r}", where=self._where("name")
            )

    @level.validator
    def _check_level(self, _: object, value: object) -> None:
        if not isinstance(value, Level):
            raise InvalidValueError(f"must be a Level, got {value!r}", where=self._where("level"))

    @kind.validator
    def _check_kind(self, _: object, value: object) -> None:
        if not isinstance(value, str):
            raise InvalidValueError(f"must be a string, got {value!r}", where=self._where("kind"))

    @parent.validator
    def _check_parent(self, _: object, value: object) -> None:
        where = self._where("parent")
        if self.level is Level.PROVINCE:
            if value is not None:
                raise InvalidValueError(f"a province has no parent, got {value!r}", where=where)
            return
        if value is None:
            raise InvalidValueError(f"a {self.level.value} must have a parent code", where=where)
        if not _is_code(value):
            raise InvalidValueError(
                f"must be a code of letters and digits without spaces, got {value!r}", where=where
            )
        if value == self.code:
            raise InvalidValueError(f"a unit cannot be its own parent, got {value!r}", where=where)

    @valid_from.validator
    def _check_valid_from(self, _: object, value: object) -> None:
        _require_date(value, self._where("valid_from"))

    @valid_to.validator
    def _check_valid_to(self, _: object, value: pendulum.Date | None) -> None:
        _require_date(value, self._where("valid_to"))
        if value is not None and self.valid_from is not None and value < self.valid_from:
            raise InvalidValueError(
                f"must be on or after valid_from {self.valid_from}, got {value}",
                where=self._where("valid_to"),
            )

    @successors.validator
    def _check_successors(self, _: object, value: tuple[Succession, ...]) -> None:
        where = self._where("successors")
        raw: object = value
        if not isinstance(raw, tuple) or not all(isinstance(s, Succession) for s in raw):
            raise InvalidValueError(f"must be a sequence of Succession, got {raw!r}", where=where)
        if not value:
            return
        if self.valid_to is None:
            raise InvalidValueError(
                "a unit with successors must have valid_to (the last day it was in force)",
                where=where,
            )
        if len(value) > 1 and any(s.kind is not SuccessionKind.SPLIT_INTO for s in value):
            raise InvalidValueError(
                "only a split has several links; merged-into and renamed-to are the only link",
                where=where,
            )
        targets = [s.target for s in value]
        if len(set(targets)) != len(targets):
            raise InvalidValueError(f"lists a target twice: {targets}", where=where)
        for link in value:
            if link.target == self.code:
                raise InvalidValueError(
                    f"a unit cannot succeed itself ({link.target})", where=where
                )
            if link.date <= self.valid_to:
                raise InvalidValueError(
                    f"succession to {link.target} must be dated after valid_to {self.valid_to} "
                    f"(normally the day after), got {link.date}",
                    where=where,
                )

    @aliases.validator
    def _check_aliases(self, _: object, value: tuple[str, ...]) -> None:
        raw: object = value
        if not isinstance(raw, tuple) or not all(isinstance(a, str) and a.strip() for a in raw):
            raise InvalidValueError(
                f"must be a sequence of non-empty names, got {raw!r}", where=self._where("aliases")
            )

    def is_valid_on(self, date: _dt.date) -> bool:
        """Whether the unit is in force on ``date`` (both ends inclusive).

        Args:
            date: A calendar date (a `pendulum.Date` or `datetime.date`).

        Returns:
            True when ``valid_from <= date <= valid_to`` (open ends always pass).

        Raises:
            InvalidValueError: ``date`` is a datetime or not a date.
        """
        return _in_force(self, to_date(date, where="date"))


def trusted_place(
    *,
    code: str,
    name: str,
    level: Level,
    kind: str,
    parent: str | None,
    valid_from: pendulum.Date | None,
    valid_to: pendulum.Date | None,
    successors: tuple[Succession, ...],
    aliases: tuple[str, ...],
) -> Place:
    """A `Place` built without its converters and checks, for data checked before.

    Reading the national data file builds 14,000 places; the checks of `Place` would
    double the time it takes. The file is written by the build script from places that
    passed every check (a test rebuilds it), and `Gazetteer` still checks the set.
    Values must already be what the converters produce: NFC text, pendulum Dates, tuples.
    """
    place = object.__new__(Place)
    put = object.__setattr__  # frozen attrs classes refuse plain assignment
    put(place, "code", code)
    put(place, "name", name)
    put(place, "level", level)
    put(place, "kind", kind)
    put(place, "parent", parent)
    put(place, "valid_from", valid_from)
    put(place, "valid_to", valid_to)
    put(place, "successors", successors)
    put(place, "aliases", aliases)
    return place


def trusted_succession(kind: SuccessionKind, target: str, date: pendulum.Date) -> Succession:
    """A `Succession` built without its checks, for data checked before (see `trusted_place`)."""
    link = object.__new__(Succession)
    object.__setattr__(link, "kind", kind)
    object.__setattr__(link, "target", target)
    object.__setattr__(link, "date", date)
    return link


def _places_tuple(value: Iterable[Place]) -> tuple[Place, ...]:
    raw: object = value
    if not isinstance(raw, Iterable) or isinstance(raw, str | bytes):
        raise InvalidValueError(
            f"must be a sequence of Place, got {type(raw).__name__}", where="gazetteer.places"
        )
    return tuple(value)


def _overlap(a: Place, b: Place) -> bool:
    return (a.valid_from is None or b.valid_to is None or a.valid_from <= b.valid_to) and (
        b.valid_from is None or a.valid_to is None or b.valid_from <= a.valid_to
    )


def _succession_cycles(by_code: dict[str, Place]) -> list[list[str]]:
    """Each cycle in the succession links once, as a path ending where it started."""
    on_path: set[str] = set()
    done: set[str] = set()
    cycles: list[list[str]] = []
    for start in by_code:
        if start in done:
            continue
        path = [start]
        stack: list[Iterator[str]] = [iter(s.target for s in by_code[start].successors)]
        on_path.add(start)
        while stack:
            target = next(stack[-1], None)
            if target is None:
                stack.pop()
                finished = path.pop()
                on_path.discard(finished)
                done.add(finished)
            elif target in on_path:
                cycles.append([*path[path.index(target) :], target])
            elif target in by_code and target not in done:
                path.append(target)
                on_path.add(target)
                stack.append(iter(s.target for s in by_code[target].successors))
    return cycles


def _check_places(_: object, __: object, places: tuple[Place, ...]) -> None:
    """Check the whole set, collecting every problem before raising."""
    problems: list[str] = []
    by_code: dict[str, Place] = {}
    checked: list[Place] = []
    for index, place in enumerate(places):
        raw: object = place
        if not isinstance(raw, Place):
            problems.append(f"places[{index}]: must be a Place, got {type(raw).__name__} {raw!r}")
            continue
        checked.append(place)
        if place.code in by_code:
            problems.append(
                f"place[{place.code}].code: duplicate code ({place.name!r} and "
                f"{by_code[place.code].name!r})"
            )
        else:
            by_code[place.code] = place
    for place in checked:
        where = f"place[{place.code}]"
        if place.parent is not None:
            parent = by_code.get(place.parent)
            if parent is None:
                problems.append(f"{where}.parent: unknown code {place.parent!r}")
            else:
                if parent.level.rank >= place.level.rank:
                    problems.append(
                        f"{where}.parent: a {place.level.value} must be under a higher level, "
                        f"got {parent.level.value} {parent.name} ({parent.code})"
                    )
                if not _overlap(place, parent):
                    problems.append(
                        f"{where}.parent: validity ({validity(place)}) does not overlap that of "
                        f"{parent.name} ({parent.code}, {validity(parent)})"
                    )
        for link in place.successors:
            target = by_code.get(link.target)
            if target is None:
                problems.append(f"{where}.successors: unknown target code {link.target!r}")
            elif not _in_force(target, link.date):
                problems.append(
                    f"{where}.successors: target {target.name} ({target.code}) is not in force "
                    f"on the succession date {link.date} ({validity(target)})"
                )
    for cycle in _succession_cycles(by_code):
        problems.append(f"place[{cycle[0]}].successors: succession cycle {' -> '.join(cycle)}")
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        lines = "\n".join(f"  - {problem}" for problem in problems)
        raise InvalidValueError(f"{len(problems)} {noun}:\n{lines}", where="gazetteer")


def _same(results: Iterable[Place | None]) -> Place | None:
    """The one unit all results agree on; None when any is unknown or they differ."""
    found: Place | None = None
    for result in results:
        if result is None or (found is not None and result.code != found.code):
            return None
        found = result
    return found


def _as_level(level: object) -> Level:
    if not isinstance(level, Level):
        raise InvalidValueError(f"must be a Level, got {level!r}", where="level")
    return level


def _by_code_key(place: Place) -> str:
    return place.code


_NameIndex = dict[str, tuple[tuple[Place, str], ...]]


def _name_indexes(places: Iterable[Place]) -> tuple[_NameIndex, _NameIndex]:
    """Each name and alias, without its type word, by `name_key` and by `loose_key`."""
    # How reports write names is read on first use: `import danvan` does not need it.
    from danvan._place_names import name_keys

    exact: dict[str, list[tuple[Place, str]]] = {}
    loose: dict[str, list[tuple[Place, str]]] = {}
    for place in places:
        # "Thành phố Nam Định" names a thành phố; "tỉnh Thừa Thiên Huế", an alias of Huế,
        # names the province it was.
        kind, exact_key, loose_key = name_keys(place.name)
        named = place.kind if kind is None else kind
        exact.setdefault(exact_key, []).append((place, named))
        loose.setdefault(loose_key, []).append((place, named))
        seen = {(False, exact_key, named), (True, loose_key, named)}
        for alias in place.aliases:
            kind, exact_key, loose_key = name_keys(alias)
            named = place.kind if kind is None else kind
            for index, key, is_loose in ((exact, exact_key, False), (loose, loose_key, True)):
                if (is_loose, key, named) not in seen:  # "Giao Thuỷ" for "Giao Thủy"
                    seen.add((is_loose, key, named))
                    index.setdefault(key, []).append((place, named))
    return (
        {k: tuple(entries) for k, entries in exact.items()},
        {k: tuple(entries) for k, entries in loose.items()},
    )


@attrs.frozen(repr=False)
class Gazetteer:
    """A validated, immutable set of administrative units with indexes for look-ups.

    Hierarchy questions take an optional ``as_of`` date. Without it they follow the
    recorded ``parent`` links. With it, the unit asked about must be in force that
    day, and a recorded parent that is not in force that day (validity of parent and
    child need only overlap) is replaced by the unit that holds its area that day,
    by the rule of `ancestor_at`; results then only contain units in force that day.

    Args:
        places: The units. Codes must be unique.

    Raises:
        InvalidValueError: listing every problem at once: non-Place items, duplicate
            codes, unknown parents, a parent not at a higher level or whose validity
            does not overlap the child's, unknown successor targets or targets not in
            force on the succession date, and cycles of successions.

    >>> gazetteer = seed_gazetteer()
    >>> len(gazetteer), "36" in gazetteer
    (13, True)
    >>> [p.name for p in gazetteer.at_level(Level.PROVINCE, as_of=pendulum.Date(2026, 1, 1))]
    ['Ninh Bình']
    """

    places: tuple[Place, ...] = attrs.field(converter=_places_tuple, validator=_check_places)
    # Indexes, filled once in __attrs_post_init__. The gazetteer is immutable, so the
    # memo dicts (filled lazily) can never go stale.
    _by_code: dict[str, Place] = attrs.field(init=False, factory=dict, eq=False)
    _children: dict[str, tuple[Place, ...]] = attrs.field(init=False, factory=dict, eq=False)
    _predecessors: dict[str, tuple[Place, ...]] = attrs.field(init=False, factory=dict, eq=False)
    _levels: dict[Level, tuple[Place, ...]] = attrs.field(init=False, factory=dict, eq=False)
    # Name keys (exact, then loose) -> (place, kind the name gives it); built on first use,
    # since keying 14,000 names costs more than loading them.
    _names: dict[bool, _NameIndex] = attrs.field(init=False, factory=dict, eq=False)
    # The most words in a name, once: the resolver asks it for every text it reads.
    _longest: list[int] = attrs.field(init=False, factory=list, eq=False)
    _area_memo: dict[tuple[str, Level, pendulum.Date], Place | None] = attrs.field(
        init=False, factory=dict, eq=False
    )
    _children_memo: dict[pendulum.Date, dict[str, tuple[Place, ...]]] = attrs.field(
        init=False, factory=dict, eq=False
    )

    def __attrs_post_init__(self) -> None:
        children: dict[str, list[Place]] = {}
        predecessors: dict[str, list[Place]] = {}
        levels: dict[Level, list[Place]] = {level: [] for level in Level}
        for place in self.places:
            self._by_code.setdefault(place.code, place)
        ordered = sorted(self._by_code.values(), key=_by_code_key)
        for place in ordered:
            if place.parent is not None:
                children.setdefault(place.parent, []).append(place)
            for link in place.successors:
                predecessors.setdefault(link.target, []).append(place)
            levels[place.level].append(place)
        self._children.update((code, tuple(units)) for code, units in children.items())
        self._predecessors.update((code, tuple(units)) for code, units in predecessors.items())
        self._levels.update((level, tuple(units)) for level, units in levels.items())

    def __repr__(self) -> str:
        # The attrs repr would print every place: unreadable for 10,000 units.
        counts = ", ".join(
            f"{level.value}: {len(units)}" for level, units in self._levels.items() if units
        )
        return f"<Gazetteer of {len(self.places)} places ({counts})>"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))

    def __len__(self) -> int:
        return len(self.places)

    def __iter__(self) -> Iterator[Place]:
        return iter(self.places)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._by_code

    # -- look-up -------------------------------------------------------------------

    def get(self, code: str) -> Place:
        """The unit with this code.

        Args:
            code: A statistics office code.

        Returns:
            The place.

        Raises:
            UnknownReferenceError: no unit has this code; the message suggests codes
                whose name matches ``code`` when it looks like a name.

        >>> seed_gazetteer().get("Ý Yên")
        Traceback (most recent call last):
        ...
        danvan.errors.UnknownReferenceError: unknown place code 'Ý Yên'; did you mean '360' (Ý Yên)?
        """
        raw: object = code
        place = self._by_code.get(code) if isinstance(raw, str) else None
        if place is None:
            hint = ""
            if isinstance(raw, str) and raw.strip():
                named = self.find(raw)
                if named:
                    hint = (
                        "; did you mean "
                        + " or ".join(f"{p.code!r} ({p.name})" for p in named)
                        + "?"
                    )
            raise UnknownReferenceError(f"unknown place code {raw!r}{hint}")
        return place

    def find(
        self, name: str, *, level: Level | None = None, as_of: _dt.date | None = None
    ) -> tuple[Place, ...]:
        """Units whose name or alias matches ``name``.

        Matching ignores case, NFC/NFD form, old/new tone placement ("Hoằng Hoá" ==
        "Hoằng Hóa"), dashes ("Bà Rịa - Vũng Tàu" == "Bà Rịa–Vũng Tàu") and leading zeros
        ("Phường 01"). A unit type in front ("huyện Hải Hậu", "TP Cần Thơ", "TP.HCM",
        "Q.1", "H. Hải Hậu") keeps only units of that type. Text typed without accents
        ("hai hau") matches names with or without them; text with accents is compared
        without them only when nothing matches with them.

        For ranked candidates with the reasons they match, an answer that says when a
        name is ambiguous, and names inside longer text, see `danvan.resolve_place`.

        Args:
            name: The name to look for.
            level: Only units at this level.
            as_of: Only units in force on this date.

        Returns:
            Matching units sorted by code; empty when none match.

        Raises:
            InvalidValueError: ``name`` is not a string, ``level`` not a Level, or
                ``as_of`` not a date.

        >>> [p.code for p in seed_gazetteer().find("hai hau")]
        ['366']
        >>> [p.code for p in seed_gazetteer().find("TP Nam Định")]
        ['356']
        """
        raw: object = name
        if not isinstance(raw, str):
            raise InvalidValueError(f"must be a string, got {raw!r}", where="name")
        wanted = None if level is None else _as_level(level)
        from danvan._place_names import has_marks, loose_key, name_key, split_type

        day = None if as_of is None else to_date(as_of, where="as_of")
        kind, bare = split_type(name)
        # Text typed without accents can only be compared without them.
        for loose in (False, True) if has_marks(name) else (True,):
            key = loose_key if loose else name_key
            entries = (
                [place for place, named in self._named(key(bare), loose=loose) if named == kind]
                if kind is not None
                else [place for place, _ in self._named(key(bare), loose=loose)]
            )
            if kind is not None:
                # "Quan Hoa" typed without accents is huyện Quan Hóa, not a quận named Hoa.
                entries += [place for place, _ in self._named(key(name), loose=loose)]
            found = {
                p.code: p
                for p in entries
                if (wanted is None or p.level is wanted) and (day is None or _in_force(p, day))
            }
            if found:
                return tuple(sorted(found.values(), key=_by_code_key))
        return ()

    def at_level(self, level: Level, *, as_of: _dt.date | None = None) -> tuple[Place, ...]:
        """All units at ``level`` (in force on ``as_of`` when given), sorted by code.

        Raises:
            InvalidValueError: ``level`` is not a Level or ``as_of`` not a date.

        >>> len(seed_gazetteer().at_level(Level.DISTRICT, as_of=pendulum.Date(2021, 1, 1)))
        10
        """
        units = self._levels[_as_level(level)]
        if as_of is None:
            return units
        day = to_date(as_of, where="as_of")
        return tuple(p for p in units if _in_force(p, day))

    # -- hierarchy -----------------------------------------------------------------

    def parent(self, code: str, *, as_of: _dt.date | None = None) -> Place | None:
        """The unit directly above ``code`` (as of a date when given); None for provinces.

        Raises:
            UnknownReferenceError: unknown code.
            InvalidValueError: the unit is not in force on ``as_of`` (the message names
                its successors), or ``as_of`` is not a date.

        >>> seed_gazetteer().parent("366", as_of=pendulum.Date(2021, 1, 1)).name
        'Nam Định'
        """
        chain = self.ancestors(code, as_of=as_of)
        return chain[0] if chain else None

    def ancestors(self, code: str, *, as_of: _dt.date | None = None) -> tuple[Place, ...]:
        """Units above ``code``, nearest first (as of a date when given).

        Raises:
            UnknownReferenceError: unknown code.
            InvalidValueError: the unit is not in force on ``as_of`` (the message names
                its successors), or ``as_of`` is not a date.

        >>> [p.code for p in seed_gazetteer().ancestors("366")]
        ['36']
        """
        place = self.get(code)
        return self._ancestors_on(place, self._day_in_force(place, as_of))

    def children(self, code: str, *, as_of: _dt.date | None = None) -> tuple[Place, ...]:
        """Units directly below ``code``, sorted by code.

        With ``as_of``: the units in force that day whose `parent` that day is ``code``.

        Raises:
            UnknownReferenceError: unknown code.
            InvalidValueError: the unit is not in force on ``as_of``, or ``as_of`` is not
                a date.

        >>> len(seed_gazetteer().children("36"))
        10
        """
        place = self.get(code)
        day = self._day_in_force(place, as_of)
        if day is None:
            return self._children.get(place.code, ())
        return self._children_on(day).get(place.code, ())

    def descendants(self, code: str, *, as_of: _dt.date | None = None) -> tuple[Place, ...]:
        """All units below ``code`` at every level, sorted top-down then by code.

        With ``as_of``: only units in force that day, following `children` that day.

        Raises:
            UnknownReferenceError: unknown code.
            InvalidValueError: the unit is not in force on ``as_of``, or ``as_of`` is not
                a date.
        """
        place = self.get(code)
        day = self._day_in_force(place, as_of)
        index = self._children if day is None else self._children_on(day)
        found: dict[str, Place] = {}
        todo = [place.code]
        while todo:
            for child in index.get(todo.pop(), ()):
                if child.code not in found and child.code != place.code:
                    found[child.code] = child
                    todo.append(child.code)
        return tuple(sorted(found.values(), key=lambda p: (p.level.rank, p.code)))

    # -- change over time ----------------------------------------------------------

    def successors(self, code: str) -> tuple[Place, ...]:
        """The units ``code`` was merged, split or renamed into, in link order.

        Raises:
            UnknownReferenceError: unknown code.

        >>> [p.code for p in seed_gazetteer().successors("36")]
        ['37']
        """
        place = self.get(code)
        return tuple(self._by_code[s.target] for s in place.successors if s.target in self._by_code)

    def predecessors(self, code: str) -> tuple[Place, ...]:
        """The units with a succession link to ``code`` (merged, split or renamed into it).

        Raises:
            UnknownReferenceError: unknown code.

        >>> [p.code for p in seed_gazetteer().predecessors("37")]
        ['35', '36']
        """
        return self._predecessors.get(self.get(code).code, ())

    def current(self, code: str, *, as_of: _dt.date) -> tuple[Place, ...]:
        """The units in force on ``as_of`` that carry the area of ``code``, sorted by code.

        A unit in force on ``as_of`` gives itself; otherwise succession links are
        followed forward (only links dated on or before ``as_of``) until units in force
        that day: a chain of merges gives one unit, a split may give several, and a unit
        abolished without successors (a district in 2025) gives none.

        Raises:
            UnknownReferenceError: unknown code.
            InvalidValueError: ``as_of`` is before the unit came into force (this maps
                forward in time only; see `predecessors`), or not a date.

        >>> [p.name for p in seed_gazetteer().current("36", as_of=pendulum.Date(2026, 1, 1))]
        ['Ninh Bình']
        """
        place = self.get(code)
        day = to_date(as_of, where="as_of")
        if _in_force(place, day):
            return (place,)
        if place.valid_from is not None and day < place.valid_from:
            raise InvalidValueError(
                f"{place.name} ({place.code}) is not yet in force on {day} ({validity(place)}); "
                "current() only maps forward in time, see predecessors()",
                where=f"place[{place.code}]",
            )
        found: dict[str, Place] = {}
        seen = {place.code}
        todo = [place]
        while todo:
            for link in todo.pop().successors:
                target = self._by_code.get(link.target)
                if link.date > day or target is None or target.code in seen:
                    continue
                seen.add(target.code)
                if _in_force(target, day):
                    found[target.code] = target
                else:
                    todo.append(target)
        return tuple(sorted(found.values(), key=_by_code_key))

    def ancestor_at(self, code: str, level: Level, *, as_of: _dt.date) -> Place | None:
        """The unit at ``level`` that the area of ``code`` belongs to on ``as_of``.

        This is the roll-up key for aggregating "as of a date". The rule, applied
        recursively (every answer is in force on ``as_of``):

        - ``code`` is in force on ``as_of``: itself if at ``level``, else the unit at
          ``level`` among its ancestors that day (None if the chain has no such level,
          as for communes since the 2025 reform at the district level).
        - ``code`` ended before ``as_of``: if it has succession links dated on or before
          ``as_of``, apply the rule to every target; the answer is the unit they all
          agree on, None if they differ (a split across units at ``level``). Without
          such links (a district abolished in 2025), its area stayed with its parent:
          apply the rule to the parent, if the parent is not above ``level``.
        - ``code`` started after ``as_of``: apply the rule to its predecessors; the
          answer is the unit they all agree on, None if they differ or there are none.
        - ``level`` is below the level of ``code``: None.

        Results are cached per (code, level, as_of); the gazetteer is immutable.

        Args:
            code: The unit whose area is placed.
            level: The level of the answer.
            as_of: The date whose structure is used.

        Returns:
            The unit at ``level`` in force on ``as_of``, or None when there is no single one.

        Raises:
            UnknownReferenceError: unknown code.
            InvalidValueError: ``level`` is not a Level, or ``as_of`` not a date.

        A Nam Định district, abolished with its province on 1 July 2025, rolls up into
        Ninh Bình, into which Nam Định merged:

        >>> gazetteer = seed_gazetteer()
        >>> gazetteer.ancestor_at("366", Level.PROVINCE, as_of=pendulum.Date(2026, 1, 1)).code
        '37'
        """
        return self._area_at(self.get(code), _as_level(level), to_date(as_of, where="as_of"))

    def with_places(self, *places: Place | Iterable[Place]) -> Gazetteer:
        """A new gazetteer with ``places`` added (the whole set is validated again).

        Takes places and iterables of places alike, as `Catalogue.extended` takes metrics:
        ``g.with_places(a, b)`` and ``g.with_places([a, b])`` are the same.

        Raises:
            InvalidValueError: the combined set breaks a rule (all problems listed), or
                an argument is neither a Place nor an iterable of places.

        >>> ly_nhan = Place(code="353", name="Lý Nhân", level=Level.DISTRICT, parent="35")
        >>> len(seed_gazetteer().with_places([ly_nhan])) == len(seed_gazetteer()) + 1
        True
        """
        added: list[Place] = []
        for position, item in enumerate(places):
            raw: object = item
            if isinstance(raw, Place):
                added.append(raw)
            elif isinstance(raw, Iterable) and not isinstance(raw, str | bytes):
                added.extend(raw)  # the set check names any item that is not a Place
            else:
                raise InvalidValueError(
                    f"must be a Place or an iterable of places, got {type(raw).__name__} {raw!r}",
                    where=f"with_places[{position}]",
                )
        return Gazetteer((*self.places, *added))

    # -- names -----------------------------------------------------------------------

    def _named(self, key: str, *, loose: bool = False) -> tuple[tuple[Place, str], ...]:
        """Units (with the kind their name gives them) whose name or an alias has ``key``.

        ``key`` is a `name_key` (or a `loose_key` when ``loose``) of a name without its
        type word. The resolver reads reports with this index too.
        """
        if not self._names:
            self._names[False], self._names[True] = _name_indexes(self._by_code.values())
        return self._names[loose].get(key, ())

    def _longest_name(self) -> int:
        """The most words in a name or alias without its type word (at least 1)."""
        if not self._longest:
            self._named("")
            self._longest.append(max((len(k.split()) for k in self._names[False]), default=1) or 1)
        return self._longest[0]

    # -- internals -----------------------------------------------------------------

    def _day_in_force(self, place: Place, as_of: _dt.date | None) -> pendulum.Date | None:
        """``as_of`` as a Date, after checking ``place`` is in force that day."""
        if as_of is None:
            return None
        day = to_date(as_of, where="as_of")
        if not _in_force(place, day):
            if place.successors:
                fate = "; ".join(
                    f"{_VERBS[s.kind]} {self._label(s.target)} from {s.date}"
                    for s in place.successors
                )
            elif place.valid_from is not None and day < place.valid_from:
                fate = "not yet created"
            else:
                fate = "no successor is recorded"
            raise InvalidValueError(
                f"{place.name} ({place.code}) is not in force on {day} ({validity(place)}): {fate}",
                where=f"place[{place.code}]",
            )
        return day

    def _label(self, code: str) -> str:
        place = self._by_code.get(code)
        return f"{place.name} ({code})" if place else code

    def _ancestors_on(self, place: Place, day: pendulum.Date | None) -> tuple[Place, ...]:
        chain: list[Place] = []
        seen = {place.code}  # guards against parent loops if validation was switched off
        node = place
        while node.parent is not None:
            parent = self._by_code.get(node.parent)
            if parent is None or parent.code in seen:
                break
            seen.add(parent.code)
            if day is None or _in_force(parent, day):
                chain.append(parent)
                node = parent
                continue
            # The unit outlived (or predates) its recorded parent: use the unit at the
            # parent's level holding the parent's area that day.
            moved = self._area_at(parent, parent.level, day)
            if moved is not None and moved.code not in seen:
                seen.add(moved.code)
                chain.append(moved)
                node = moved
            elif parent.valid_to is not None and day > parent.valid_to:
                node = parent  # abolished without a single heir: its own parent kept its area
            else:
                break  # the parent came later; where the area lay before is not recorded
        return tuple(chain)

    def _children_on(self, day: pendulum.Date) -> dict[str, tuple[Place, ...]]:
        index = self._children_memo.get(day)
        if index is None:
            grouped: dict[str, list[Place]] = {}
            for place in self._by_code.values():
                if _in_force(place, day):
                    chain = self._ancestors_on(place, day)
                    if chain:
                        grouped.setdefault(chain[0].code, []).append(place)
            index = {
                code: tuple(sorted(units, key=_by_code_key)) for code, units in grouped.items()
            }
            self._children_memo[day] = index
        return index

    def _level_on(self, place: Place, level: Level, day: pendulum.Date) -> Place | None:
        """The unit at ``level`` on the ancestor chain of ``place``, in force on ``day``."""
        if place.level is level:
            return place
        if level.rank > place.level.rank:
            return None
        for ancestor in self._ancestors_on(place, day):
            if ancestor.level is level:
                return ancestor
            if ancestor.level.rank < level.rank:
                break
        return None

    def _area_at(self, place: Place, level: Level, day: pendulum.Date) -> Place | None:
        """`ancestor_at` without argument checks; memoised."""
        key = (place.code, level, day)
        if key in self._area_memo:
            return self._area_memo[key]
        # A provisional answer ends the recursion should unvalidated data loop.
        self._area_memo[key] = None
        result: Place | None
        if level.rank > place.level.rank:
            result = None
        elif _in_force(place, day):
            result = self._level_on(place, level, day)
        elif place.valid_from is not None and day < place.valid_from:
            earlier = self._predecessors.get(place.code, ())
            result = _same(self._area_at(p, level, day) for p in earlier) if earlier else None
        else:
            targets = [self._by_code.get(s.target) for s in place.successors if s.date <= day]
            parent = self._by_code.get(place.parent) if place.parent is not None else None
            if targets:
                result = _same(None if t is None else self._area_at(t, level, day) for t in targets)
            elif parent is not None and parent.level.rank >= level.rank:
                result = self._area_at(parent, level, day)
            else:
                result = None
        self._area_memo[key] = result
        return result


_NAM_DINH_END = pendulum.Date(2025, 6, 30)
_REFORM = pendulum.Date(2025, 7, 1)  # Resolution 202/2025/QH15: 34 provinces, no districts


def _district(code: str, name: str, kind: str = "huyện") -> Place:
    # The district level was abolished outright on 1 July 2025: no successor links.
    return Place(
        code=code,
        name=name,
        level=Level.DISTRICT,
        kind=kind,
        parent="36",
        valid_to=_NAM_DINH_END,
    )


@functools.cache
def seed_gazetteer() -> Gazetteer:
    """A small real gazetteer for the seed article (Công an tỉnh Nam Định, 2022).

    Nam Định (36) and Hà Nam (35) merged into Ninh Bình (37) on 1 July 2025. Of the ten
    districts Nam Định had in the article's years, Mỹ Lộc was merged into thành phố Nam
    Định on 1 January 2025 (Resolution 1318/NQ-UBTVQH15) and the other nine end on 30
    June 2025, when the district level was abolished. Communes are not included. Codes
    are from the national statistics office list, and the units are those of
    `national_gazetteer` (which holds every other unit too), save Mỹ Lộc, which ended
    before its lists.

    Returns:
        The gazetteer (one shared immutable instance).

    >>> [(p.kind, p.name) for p in seed_gazetteer().children("36")][:2]
    [('thành phố', 'Nam Định'), ('huyện', 'Mỹ Lộc')]
    """
    merged = (Succession(kind=SuccessionKind.MERGED_INTO, target="37", date=_REFORM),)
    return Gazetteer(
        (
            # Province codes and district codes: national statistics office (GSO) list.
            Place(
                code="35",
                name="Hà Nam",
                level=Level.PROVINCE,
                kind="tỉnh",
                valid_to=_NAM_DINH_END,
                successors=merged,
            ),
            Place(
                code="36",
                name="Nam Định",
                level=Level.PROVINCE,
                kind="tỉnh",
                valid_to=_NAM_DINH_END,
                successors=merged,
            ),
            Place(code="37", name="Ninh Bình", level=Level.PROVINCE, kind="tỉnh"),
            _district("356", "Nam Định", "thành phố"),
            Place(
                code="358",
                name="Mỹ Lộc",
                level=Level.DISTRICT,
                kind="huyện",
                parent="36",
                valid_to=pendulum.Date(2024, 12, 31),
                successors=(
                    Succession(
                        kind=SuccessionKind.MERGED_INTO,
                        target="356",
                        date=pendulum.Date(2025, 1, 1),
                    ),
                ),
            ),
            _district("359", "Vụ Bản"),
            _district("360", "Ý Yên"),
            _district("361", "Nghĩa Hưng"),
            _district("362", "Nam Trực"),
            _district("363", "Trực Ninh"),
            _district("364", "Xuân Trường"),
            _district("365", "Giao Thủy"),  # "Giao Thuỷ" too: find() ignores tone placement
            _district("366", "Hải Hậu"),
        )
    )
