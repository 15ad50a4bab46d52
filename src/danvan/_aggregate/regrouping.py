"""Figures grouped by a map other than their own: which units the question merged.

Places group by the map in force on the question's ``as_of`` date. Figures of 2021 for
Nam Định and Hà Nam, asked about as of 2026, total under Ninh Bình, into which both
merged on 1 July 2025. That is the rule (`danvan.aggregate`, "Places as of a date"),
but a reader of the total must be told: every answer whose map differs from the
figures' own names the units it regrouped, old unit and new (`AggregationResult.regrouped`)
and says so in a note (`AggregationResult.notes`).

A figure's own map is the one in force at the end of its period (or on the last day of
its place, if the place ended before). The units compared are those at the level the
question groups by, or the level of the place it is limited to. A place that has no unit
at that level on its own map (a ward formed in 2025, named by a figure of 2019) but
counts under one on the question's map is regrouped from itself.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import pendulum

from danvan._aggregate.query import Query
from danvan._dates import format_date_vi
from danvan._lang import Message
from danvan._period import Period
from danvan._places import Gazetteer, Level, Place

if TYPE_CHECKING:  # annotations only: the dataset sits above aggregation
    from danvan._aggregate.rules import Data, Scope

__all__ = ["PlacesByPeriod", "map_changes", "places_by_period", "regrouped", "regrouping_note"]


def _levels(data: Data, query: Query) -> set[Level]:
    """The levels whose units the question groups figures into."""
    if query.level is not None:
        return {query.level}
    asked = [*query.places, *((query.place,) if query.place else ())]
    return {data.places.get(code).level for code in asked}


PlacesByPeriod = dict[Period, frozenset[str]]


def places_by_period(
    data: Data, metrics: tuple[str, ...], known: Callable[[], PlacesByPeriod] | None = None
) -> PlacesByPeriod:
    """The places of the figures of ``metrics``, by period (stated): found once per
    dataset and metrics, from its observations or by ``known`` (a SQL engine asks its
    table instead)."""

    def build() -> dict[Period, frozenset[str]]:
        found: dict[Period, set[str]] = {}
        for metric in metrics:
            for o in data.select(metric=metric):
                if o.place is not None and o.period is not None:  # no period: in no total
                    found.setdefault(o.period, set()).add(o.place)
        return {period: frozenset(codes) for period, codes in found.items()}

    table: PlacesByPeriod = data._cached(("places-by-period", metrics), known or build)
    return table


def map_changes(data: Data) -> list[pendulum.Date]:
    """Every date on which the dataset's map changes (a unit begins or ends), sorted."""

    def build() -> list[pendulum.Date]:
        days: set[pendulum.Date] = set()
        for place in data.places:
            if place.valid_from is not None:
                days.add(place.valid_from)
            if place.valid_to is not None:
                days.add(place.valid_to.add(days=1))
        return sorted(days)

    found: list[pendulum.Date] = data._cached("map-changes", build)
    return found


def _changes_between(
    changes: list[pendulum.Date], first: pendulum.Date, last: pendulum.Date
) -> bool:
    """Whether the map changes on a day after ``first`` and not after ``last``."""
    return bisect.bisect_right(changes, first) < bisect.bisect_right(changes, last)


def _own_day(place: Place, period: Period, as_of: pendulum.Date) -> pendulum.Date:
    """The date whose map is the figure's own: its period's end, within its place's life."""
    day = period.end if period.end is not None else as_of
    if place.valid_to is not None and day > place.valid_to:
        day = place.valid_to
    return day


def regrouped(data: Data, query: Query, scope: Scope) -> tuple[tuple[str, str], ...]:
    """The units the answer groups under another unit than the figures' own map does.

    Only periods across which the map changes are looked into (and places named before
    they began), so a question whose figures and ``as_of`` date share one map costs a
    look at each distinct place of each distinct period.

    Args:
        data: The dataset asked.
        query: The question.
        scope: Its scope rules (which periods count, where each place lies as of the
            question's date).

    Returns:
        ``(old, new)`` place codes, sorted by new then old: figures of ``old`` (at the
        grouped level, on the figures' own dates) count under ``new`` (as of
        ``query.as_of``). Empty when no figure that counts is regrouped.
    """
    levels = _levels(data, query)
    if not levels:
        return ()
    gazetteer = data.places
    changes = map_changes(data)
    if not changes:  # one map for all time: no place begins or ends, none is regrouped
        return ()
    as_of = query.as_of
    found: set[tuple[str, str]] = set()
    for period, codes in places_by_period(data, tuple(scope.codes)).items():
        fit = scope.period(period)
        if fit.outside or fit.left_out is not None:
            continue
        end = period.end if period.end is not None else as_of
        # One map from the figures' days to the question's: only a place that is not
        # on it (named by a figure of a time before it began) may be regrouped.
        one_map = not _changes_between(changes, min(period.start, as_of), max(end, as_of))
        for code in codes:
            if code not in gazetteer or not scope.place(code).in_scope:
                continue
            place = gazetteer.get(code)
            day = _own_day(place, period, as_of)
            if one_map and (place.valid_from is None or place.valid_from <= day):
                continue
            for level in levels:
                new = scope.places.area(code, level)
                if new is None:
                    continue
                old = gazetteer.ancestor_at(code, level, as_of=day)
                if old is None:
                    # No unit at this level holds the place on its own map (a ward of
                    # 2025 named by a figure of 2019): it is regrouped from itself.
                    if code != new:
                        found.add((code, new))
                elif old.code != new:
                    found.add((old.code, new))
    return tuple(sorted(found, key=lambda pair: (pair[1], pair[0])))


def _named(gazetteer: Gazetteer, codes: Iterable[str]) -> list[str]:
    return [f"{gazetteer.get(c).name} ({c})" for c in codes]


def regrouping_note(
    gazetteer: Gazetteer, pairs: tuple[tuple[str, str], ...], as_of: pendulum.Date
) -> Message | None:
    """The note telling a reader which units were grouped under today's (``as_of``'s) map.

    >>> import textwrap
    >>> from danvan import seed_gazetteer
    >>> note = regrouping_note(seed_gazetteer(), (("35", "37"), ("36", "37")),
    ...                        pendulum.Date(2026, 1, 1))
    >>> print(textwrap.fill(note.in_("vi"), 80))
    Số liệu được nhóm theo địa giới hành chính ngày 1-1-2026, khác với địa giới lúc
    số liệu được báo cáo: Hà Nam (35), Nam Định (36) nay thuộc Ninh Bình (37)
    >>> print(textwrap.fill(note, 80))
    Figures are grouped by the map of 2026-01-01, not the map they were reported on:
    Hà Nam (35), Nam Định (36) now lie in Ninh Bình (37)
    """
    if not pairs:
        return None
    into: dict[str, list[str]] = {}
    for old, new in pairs:
        into.setdefault(new, []).append(old)
    vi = "; ".join(
        f"{', '.join(_named(gazetteer, olds))} nay thuộc {_named(gazetteer, [new])[0]}"
        for new, olds in into.items()
    )
    en = "; ".join(
        f"{', '.join(_named(gazetteer, olds))} now lie{'s' if len(olds) == 1 else ''} in "
        f"{_named(gazetteer, [new])[0]}"
        for new, olds in into.items()
    )
    return Message(
        f"Figures are grouped by the map of {as_of.isoformat()}, not the map they were "
        f"reported on: {en}",
        f"Số liệu được nhóm theo địa giới hành chính ngày {format_date_vi(as_of)}, khác với "
        f"địa giới lúc số liệu được báo cáo: {vi}",
    )
