"""The question `aggregate` answers, as one value: checked once, then read by every engine."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import Any, Literal

import attrs
import pendulum

from danvan._dates import to_date, today
from danvan._lang import Text
from danvan._period import Period
from danvan._places import Level
from danvan._public import publish
from danvan.errors import InvalidValueError

__all__ = ["GROUPINGS", "GROUPING_WORDS", "PLACE_LEVELS", "TIME_SPANS", "Query"]

PLACE_LEVELS = {"province": Level.PROVINCE, "district": Level.DISTRICT, "commune": Level.COMMUNE}
TIME_SPANS = ("year", "half-year", "quarter", "month")
GROUPINGS: tuple[str, ...] = (*PLACE_LEVELS, "place", "organisation", *TIME_SPANS, "submetric")
"""The names `aggregate` accepts in ``by``."""

GROUPING_WORDS: dict[str, Text] = {
    "province": Text("tỉnh", "province"),
    "district": Text("huyện", "district"),
    "commune": Text("xã", "commune"),
    "place": Text("địa bàn", "place"),
    "organisation": Text("tổ chức", "organisation"),
    "year": Text("năm", "year"),
    "half-year": Text("kỳ 6 tháng", "half-year"),
    "quarter": Text("quý", "quarter"),
    "month": Text("tháng", "month"),
    "submetric": Text("chỉ tiêu con", "sub-metric"),
    "metric": Text("chỉ tiêu", "metric"),  # the key of a ``submetric`` grouping
}
"""Each grouping (and each key a row may carry) as readers call it."""


def _metric(value: object) -> str:
    if not isinstance(value, str) or not value:
        raise InvalidValueError(f"must be a metric code, got {value!r}", where="metric")
    return value


def _period(value: object) -> Period | None:
    if value is not None and not isinstance(value, Period):
        raise InvalidValueError(
            f"must be a Period (see parse_period), got {type(value).__name__} {value!r}",
            where="period",
        )
    return value


def _by(value: object) -> tuple[str, ...]:
    if not isinstance(value, str | Sequence):
        raise InvalidValueError(
            f"must be a grouping name or a sequence of them, got {value!r}", where="by"
        )
    # "province,year" names two groupings, as the command line's --by does.
    given = value.split(",") if isinstance(value, str) else list(value)
    names = tuple(n.strip() if isinstance(n, str) else n for n in given)
    for name in names:
        if name not in GROUPINGS:
            raise InvalidValueError(
                f"unknown grouping {name!r}; expected some of {', '.join(GROUPINGS)}", where="by"
            )
    places = [n for n in names if n in PLACE_LEVELS or n == "place"]
    if len(places) > 1 or sum(n in TIME_SPANS for n in names) > 1:
        raise InvalidValueError(
            f"group by at most one place level and one time subdivision, got {names}", where="by"
        )
    return names


def _codes(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise InvalidValueError(f"must be a sequence of place codes, got {value!r}", where="places")
    return tuple(value)


def _default_as_of(query: Query) -> pendulum.Date:
    period = query.period
    return period.end if period is not None and period.end is not None else today()


def _as_of(value: _dt.date) -> pendulum.Date:
    return to_date(value, where="as_of")


def _flag(name: str) -> Any:
    def check(_: object, __: object, value: object) -> None:
        if not isinstance(value, bool):
            raise InvalidValueError(f"must be True or False, got {value!r}", where=name)

    return check


@attrs.frozen(kw_only=True)
class Query:
    """One aggregation question: what to total, over which period, grouped how.

    Built and checked once; `danvan.aggregate` and every engine read it as it is.
    `Dataset.aggregate` builds one from its keyword arguments.

    Args:
        metric: Code of the metric (its sub-metrics are included by default).
        period: The question's period; None for all time.
        by: Grouping names from `GROUPINGS` (at most one place level and one time
            subdivision): ``"province"``, ``("district", "year")``, ``"submetric"``...;
            a string may name several, separated by commas: ``"province,year"``.
        places: The places for ``by="place"``.
        place: Only figures within this place's area (as of ``as_of``); expected
            groups are then the units within it.
        as_of: The date whose place hierarchy is used; the end of ``period`` by
            default (today, in Vietnam, when there is no period).
        include_submetrics: Whether the metric's sub-metrics count.
        partial: ``"include"`` keeps figures whose period lies only partly in the
            query period (noted on the row); they are never pro-rated.
        mix_calendars: Compare periods of different reporting calendars by their dates.

    Raises:
        InvalidValueError: an unknown grouping name, two place levels or two time
            subdivisions, ``by="place"`` without ``places`` (or the other way round),
            a period that is not a `Period`, an unknown ``partial``.

    >>> q = Query(metric="tips", period=Period.years(2017, 2021), by="province")
    >>> q.by, q.as_of
    (('province',), Date(2021, 12, 31))
    """

    metric: str = attrs.field(converter=_metric)
    period: Period | None = attrs.field(default=None, converter=_period)
    by: tuple[str, ...] = attrs.field(default=(), converter=_by)
    places: tuple[str, ...] = attrs.field(default=(), converter=_codes)
    place: str | None = None
    as_of: pendulum.Date = attrs.field(
        default=attrs.Factory(_default_as_of, takes_self=True), converter=_as_of
    )
    include_submetrics: bool = attrs.field(default=True, validator=_flag("include_submetrics"))
    partial: Literal["exclude", "include"] = attrs.field(default="exclude")
    mix_calendars: bool = attrs.field(default=False, validator=_flag("mix_calendars"))

    @places.validator
    def _check_places(self, _: attrs.Attribute[tuple[str, ...]], places: tuple[str, ...]) -> None:
        if ("place" in self.by) != bool(places):
            raise InvalidValueError("by='place' and places=[...] go together", where="places")

    @partial.validator
    def _check_partial(self, _: attrs.Attribute[str], value: object) -> None:
        if value not in ("exclude", "include"):
            raise InvalidValueError(
                f"partial must be 'exclude' or 'include', got {value!r}", where="partial"
            )

    @property
    def level(self) -> Level | None:
        """The place level grouped by, if any."""
        return next((PLACE_LEVELS[b] for b in self.by if b in PLACE_LEVELS), None)

    @property
    def time(self) -> str | None:
        """The time subdivision grouped by, if any (``"year"``, ``"month"``...)."""
        return next((b for b in self.by if b in TIME_SPANS), None)

    @property
    def needs_place(self) -> bool:
        """Whether a figure must name a known place to be counted."""
        return self.level is not None or self.place is not None or bool(self.places)


# danvan imports this module on first use; the class says danvan.X however it is reached.
publish(Query)
