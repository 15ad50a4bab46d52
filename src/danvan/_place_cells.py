"""A table cell naming a place: by its code ("36"), its name ("Nam Định") or both.

Offices write places as their people say them. A cell of a ``place`` column is read as:

1. a name followed by its code in brackets, "Giao Thủy (365)" (what `danvan template`
   offers in its lists): the code;
2. a code of the official lists ("36", "366", "14167N"), or any one word with a digit
   or of ASCII letters alone ("ND-HH"): the code, as it is (`Dataset.validate` reports
   a code no gazetteer knows);
3. anything else: a name, found in the gazetteer (the national one by default) as of
   the figure's date (its period's end), by `danvan.resolve_place`. A name that fits
   several units equally well ("Giao Thủy" in 2021: the district, and the town) is a
   problem listing them, never settled by a guess; one that fits none is a problem too,
   and so is one that fits only a unit not in force during the figure's period.

A table may narrow names down (`within`, the place its title names; `level`, the level
its column header names, "Huyện").
"""

from __future__ import annotations

import functools

import pendulum

from danvan._lang import Message
from danvan._period import Period
from danvan._place_resolver import PlaceResolution, label, resolve_place
from danvan._places import Gazetteer, Level, Place
from danvan.errors import InvalidValueError

__all__ = ["place_code", "place_day", "resolve_cell"]

_SHOWN = 8


def place_day(period: Period | None) -> pendulum.Date | None:
    """The date whose map a figure's place name is read on: its period's end (or start)."""
    if period is None:
        return None
    return period.end if period.end is not None else period.start


def _in_force_during(place: Place, period: Period) -> bool:
    """Whether ``place`` was in force on some day of ``period``."""
    starts_after = (
        place.valid_from is not None and period.end is not None and (place.valid_from > period.end)
    )
    ended_before = place.valid_to is not None and place.valid_to < period.start
    return not (starts_after or ended_before)


def validity_text(place: Place) -> str:
    """When ``place`` was in force, as ISO dates ("2025-07-01 onwards")."""
    start = "…" if place.valid_from is None else place.valid_from.isoformat()
    end = "…" if place.valid_to is None else place.valid_to.isoformat()
    return f"{start} to {end}"


def _bracketed_code(text: str) -> str | None:
    """The code of "Giao Thủy (365)", or None."""
    if not text.endswith(")") or "(" not in text:
        return None
    code = text[text.rindex("(") + 1 : -1].strip()
    return code if code and _code_like(code) else None


def _code_like(text: str) -> bool:
    # One word of ASCII letters ("HCM", "ND-HH") or with a digit is a code; "Huế" a name.
    return not any(ch.isspace() for ch in text) and (
        text.isascii() or any(ch.isdigit() for ch in text)
    )


@functools.lru_cache(maxsize=4096)
def _national(
    text: str, day: pendulum.Date | None, within: str | None, level: Level | None
) -> PlaceResolution:
    # Rows repeat their places: each name is looked up once per date.
    return resolve_place(text, as_of=day, within=within, level=level)


def resolve_cell(
    text: str,
    *,
    day: pendulum.Date | None,
    places: Gazetteer | None = None,
    within: str | None = None,
    level: Level | None = None,
) -> PlaceResolution:
    """What a place name in a table may refer to (national gazetteer unless ``places``)."""
    if places is None:
        return _national(text, day, within, level)
    return resolve_place(text, places, as_of=day, within=within, level=level)


def place_code(
    text: str,
    *,
    period: Period | None,
    places: Gazetteer | None = None,
    within: str | None = None,
    level: Level | None = None,
) -> str:
    """The place code a table cell names (see the module documentation).

    Args:
        text: The cell's text, not empty.
        period: The figure's period: its end dates the map names are read on.
        places: The gazetteer names are found in (the national one by default).
        within: The code of a unit the place lies in (a table's title names it).
        level: The level of the place (a column header names it).

    Raises:
        InvalidValueError: the name fits several units (listed) or none; its message
            carries its Vietnamese.

    >>> place_code("Nam Định", period=Period.year(2021)), place_code("36", period=None)
    ('36', '36')
    >>> place_code("Giao Thủy (365)", period=None), place_code("Hải Hậu", period=Period.year(2021))
    ('365', '366')
    >>> place_code("Giao Thủy", period=Period.year(2021))
    Traceback (most recent call last):
    ...
    danvan.errors.InvalidValueError: 'Giao Thủy' may name 2 places on 2021-12-31: huyện ...
    """
    text = " ".join(text.split())
    code = _bracketed_code(text)
    if code is not None:
        return code
    if _code_like(text):
        return text
    day = place_day(period)
    found = resolve_cell(text, day=day, places=places, within=within, level=level)
    on = "" if day is None else f" on {day.isoformat()}"
    on_vi = "" if day is None else f" vào ngày {day.day}-{day.month}-{day.year}"
    if found.place is not None:
        if period is not None and not _in_force_during(found.place, period):
            # The name fits only a unit that did not exist in the figure's period (a 2025
            # ward for a 2019 figure): the figure cannot be of it.
            raise InvalidValueError(
                Message(
                    f"{text!r} names only {label(found.place)}, which was not in force in "
                    f"{period} ({validity_text(found.place)}); write the code of the unit "
                    "the figure is of",
                    f"{text!r} chỉ khớp {label(found.place)}, đơn vị không tồn tại trong kỳ "
                    f"{period} ({validity_text(found.place)}); hãy ghi mã của địa bàn có "
                    "số liệu",
                )
            )
        return found.place.code
    if found.ambiguous:
        best = found.best
        listed = "; ".join(label(c.place) for c in best[:_SHOWN])
        more = f" and {len(best) - _SHOWN} more" if len(best) > _SHOWN else ""
        more_vi = f" và {len(best) - _SHOWN} nơi khác" if len(best) > _SHOWN else ""
        raise InvalidValueError(
            Message(
                f"{text!r} may name {len(best)} places{on}: {listed}{more}; write its code, "
                "its type ('huyện ...') or the place it lies in ('xã ..., huyện ...')",
                f"{text!r} có thể là {len(best)} địa bàn{on_vi}: {listed}{more_vi}; hãy ghi mã, "
                "cấp hành chính ('huyện ...') hoặc nơi nó thuộc về ('xã ..., huyện ...')",
            )
        )
    raise InvalidValueError(
        Message(
            f"no place is named {text!r}{on}; write its code or its name as the official "
            "lists write it",
            f"không có địa bàn nào tên {text!r}{on_vi}; hãy ghi mã hoặc tên như danh mục "
            "hành chính ghi",
        )
    )
