"""The national gazetteer shipped with danvan: every unit before and after 1 July 2025.

The data file ``data/national_gazetteer.tsv.gz`` is derived from the MIT-licensed
``vietnamadminunits`` package (its notice is ``data/LICENSE-vietnamadminunits``) by
``tools/build_gazetteer.py``, which also checks it; `national_gazetteer` reads it on
first use, never at ``import danvan``.

Keys. A `Place` is keyed on its official code, and the 1 July 2025 lists reuse old codes
for different units (new commune "00004" is phường Ba Đình; old "00004" was phường Trúc
Bạch). Units in force until 30 June 2025 keep their code as it was; a unit created on 1
July 2025 has ``N`` after its official code ("00004N", and "15N" for the new Lào Cai,
since "15" was Yên Bái). Provinces the reform left with their code and name ("37" Ninh
Bình, "01" Hà Nội) are one unit before and after, as in `seed_gazetteer`.

The file is tab-separated UTF-8, one unit a line after ``#`` comment lines and a header;
successors are written ``<date> <kind> <target> [<target> ...]`` and aliases are
separated by ``|``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from importlib import resources

import pendulum

from danvan._places import (
    Gazetteer,
    Level,
    Place,
    Succession,
    SuccessionKind,
    trusted_place,
    trusted_succession,
)
from danvan.errors import InvalidValueError

__all__ = [
    "COLUMNS",
    "NATIONAL",
    "NATIONAL_UNITS",
    "NEW_SUFFIX",
    "beyond_national",
    "format_places",
    "national_gazetteer",
    "official_code",
    "parse_places",
    "with_national",
]

COLUMNS = (
    "code",
    "level",
    "kind",
    "name",
    "parent",
    "valid_from",
    "valid_to",
    "successors",
    "aliases",
)
NEW_SUFFIX = "N"
"""Marks the key of a unit created on 1 July 2025 whose official code is the key without it."""

NATIONAL = "national"
"""How files and the command line name the national gazetteer (``"gazetteer": "national"``)."""
NATIONAL_UNITS = 14_122
"""How many units the shipped data holds (a test checks it): a smaller gazetteer cannot
hold them all, which `beyond_national` tells without loading them."""
DATA_FILE = "national_gazetteer.tsv.gz"
LICENCE_FILE = "LICENSE-vietnamadminunits"


def official_code(code: str) -> str:
    """The code in the official lists of the key of a national unit ("00004N" -> "00004").

    >>> official_code("00004N"), official_code("366")
    ('00004', '366')
    """
    return code.removesuffix(NEW_SUFFIX)


def format_places(places: Iterable[Place], *, comments: Iterable[str] = ()) -> str:
    """The data file's text for ``places`` (in the order given), after ``comments``.

    Raises:
        InvalidValueError: a field holds a tab, a newline or the alias separator.
    """
    lines = [f"# {comment}" for comment in comments]
    lines.append("\t".join(COLUMNS))
    for place in places:
        successors = ""
        if place.successors:
            dates = {str(link.date) for link in place.successors}
            kinds = {link.kind for link in place.successors}
            if len(dates) != 1 or len(kinds) != 1:
                raise InvalidValueError(
                    "the data file holds links of one kind and one date per unit",
                    where=f"place[{place.code}].successors",
                )
            targets = " ".join(link.target for link in place.successors)
            successors = f"{dates.pop()} {kinds.pop().value} {targets}"
        fields = (
            place.code,
            place.level.value,
            place.kind,
            place.name,
            place.parent or "",
            "" if place.valid_from is None else str(place.valid_from),
            "" if place.valid_to is None else str(place.valid_to),
            successors,
            "|".join(place.aliases),
        )
        for field in (*fields, *place.aliases):
            if any(ch in field for ch in "\t\n\r") or (field in place.aliases and "|" in field):
                raise InvalidValueError(
                    f"cannot hold {field!r} in the data file", where=f"place[{place.code}]"
                )
        lines.append("\t".join(fields))
    return "\n".join(lines) + "\n"


def parse_places(text: str, *, source: str = DATA_FILE) -> tuple[Place, ...]:
    """The places of a data file written by `format_places`.

    The rows are built without per-field checks: the file is the one the build script
    checked (and a test rebuilds it). `national_gazetteer` still checks the set.

    Raises:
        InvalidValueError: the header is not the expected one, or a row is malformed
            (naming ``source`` and the line).
    """
    dates: dict[str, pendulum.Date] = {}
    kinds = {kind.value: kind for kind in SuccessionKind}
    levels = {level.value: level for level in Level}

    def date(value: str) -> pendulum.Date:
        found = dates.get(value)
        if found is None:
            found = dates[value] = pendulum.Date.fromisoformat(value)
        return found

    places: list[Place] = []
    header_seen = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        if not header_seen:
            if tuple(fields) != COLUMNS:
                raise InvalidValueError(
                    f"expected the columns {COLUMNS}, got {tuple(fields)}",
                    where=f"{source}, line {number}",
                )
            header_seen = True
            continue
        try:
            code, level, kind, name, parent, start, end, links, aliases = fields
            successors: tuple[Succession, ...] = ()
            if links:
                day, how, *targets = links.split(" ")
                successors = tuple(
                    trusted_succession(kinds[how], target, date(day)) for target in targets
                )
            places.append(
                trusted_place(
                    code=code,
                    name=name,
                    level=levels[level],
                    kind=kind,
                    parent=parent or None,
                    valid_from=date(start) if start else None,
                    valid_to=date(end) if end else None,
                    successors=successors,
                    aliases=tuple(aliases.split("|")) if aliases else (),
                )
            )
        except (ValueError, KeyError) as error:
            raise InvalidValueError(
                f"malformed row ({error}): {line!r}", where=f"{source}, line {number}"
            ) from None
    return tuple(places)


@functools.cache
def national_gazetteer() -> Gazetteer:
    """Every administrative unit of Vietnam before and after the reform of 1 July 2025.

    Until 30 June 2025: the 63 provinces and centrally-run cities, their 696 districts
    and 10,035 communes. From 1 July 2025 (Resolution 202/2025/QH15 and the resolutions
    of the Standing Committee that rearranged the communes): 34 provinces and 3,321
    communes (2,621 xã, 687 phường, 13 đặc khu), with no district level. Old provinces
    are merged into their successor, old communes merged into or split between the new
    ones, and districts end without successors: their area stays with their province,
    so `Gazetteer.ancestor_at` rolls any old unit up to a 2026 province.

    Units created on 1 July 2025 are keyed on their official code followed by ``N``
    ("15N" is the new Lào Cai; "15" stays Yên Bái); see `danvan.resolve_place` to find a
    unit by the names and codes reports use. Units that ended before 30 June 2025 (the
    commune mergers of 2019-2025) are not included: add them with `Gazetteer.with_places`.

    Loaded on first call (about a tenth of a second) and shared afterwards. Data:
    the ``vietnamadminunits`` package 1.0.4 (MIT licence), checked and corrected by
    ``tools/build_gazetteer.py``; see the places page of the documentation.

    Returns:
        The gazetteer (one shared immutable instance).

    >>> import pendulum
    >>> places = national_gazetteer()
    >>> len(places.at_level(Level.PROVINCE, as_of=pendulum.Date(2026, 1, 1)))
    34
    >>> places.ancestor_at("366", Level.PROVINCE, as_of=pendulum.Date(2026, 1, 1)).name
    'Ninh Bình'
    """
    import gzip  # here, not at import time: most programs never read the file

    # The package's own data folder (this module's package, named so that reading a data
    # file is not mistaken for importing the package from below).
    raw = resources.files(__name__.rpartition(".")[0]).joinpath("data", DATA_FILE).read_bytes()
    return Gazetteer(parse_places(gzip.decompress(raw).decode("utf-8")))


def with_national(places: Iterable[Place]) -> Gazetteer:
    """The national gazetteer with ``places`` added; those equal to a national unit are
    in it already, and the national gazetteer itself is returned when nothing is added.

    Raises:
        InvalidValueError: a place has the code of a national unit but differs from it,
            or the combined set breaks another rule (every problem listed).

    >>> from danvan import seed_gazetteer
    >>> combined = with_national(seed_gazetteer())
    >>> len(combined) - len(national_gazetteer()), combined.get("358").name
    (1, 'Mỹ Lộc')
    """
    national = national_gazetteer()
    added = [p for p in places if p.code not in national or national.get(p.code) != p]
    return national.with_places(added) if added else national


def beyond_national(gazetteer: Gazetteer) -> tuple[Place, ...] | None:
    """The places of ``gazetteer`` that the national gazetteer lacks, when it holds every
    national unit (how a dataset on the national gazetteer is written to a file); None
    when it does not hold them all.

    >>> beyond_national(national_gazetteer()), beyond_national(Gazetteer(()))
    ((), None)
    """
    if len(gazetteer) < NATIONAL_UNITS:
        return None
    national = national_gazetteer()
    if gazetteer is national:
        return ()
    if not all(p.code in gazetteer and gazetteer.get(p.code) == p for p in national):
        return None
    return tuple(p for p in gazetteer if p.code not in national)
