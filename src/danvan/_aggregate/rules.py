"""Which figures a question counts, and in which group: the scope rules, written once.

A figure is judged by what it states: its period, its metric and unit, its place and
organisation. A dataset has far fewer distinct periods, metric-unit pairs and places
than figures, so each rule is decided once per distinct key, into small tables:

* **periods** (`PeriodFit`): outside the question (not counted, not listed), left out
  (open, on another calendar, only partly inside), kept whole though partly inside
  (``partial="include"``, noted), and the piece of the time grouping it falls in;
* **periods not stated** (`Scope.unstated`, by the latest day the figure can have
  happened: its source's date): never counted, as nothing says when it happened; left
  out with the reason, unless that day falls before the question's period (then the
  question is not about it);
* **metric-unit pairs** (`Scope.unit`): a group metric, a ratio where none belongs (or
  none where one does), a unit of another dimension, a percentage stated without the
  figures it is computed from (never averaged into a total);
* **places** (`PlaceFit`): known to the gazetteer, within the asked area, and the unit
  at the grouped level holding it on the as-of date;
* **expected groups** (`Scope.expected`, `Scope.missing`): which groups an answer lists as
  missing when nothing counts in them.

Each engine applies the tables its own way: the reference engine per figure
(`Scope.judge`, which also fixes the order the rules apply in, and so which reason a
figure is left out for), the columnar engine per code, a SQL engine by joining them
(`Scope.tables`). Place look-ups depend only on the dataset and the as-of date, so
they are kept with the dataset and shared by every question asking as of that date.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping
from typing import Protocol, TypeVar

import attrs
import pendulum

from danvan._aggregate.query import Query
from danvan._breakdown import Actors, actors_of
from danvan._metrics import Aggregation, Catalogue, Metric
from danvan._observations import Observation, Source, latest_end
from danvan._organisations import Organisation
from danvan._period import Period
from danvan._places import Gazetteer, Level
from danvan._public import publish
from danvan._ratio import Ratio
from danvan._units import Unit

__all__ = [
    "Data",
    "Key",
    "PeriodFit",
    "PlaceFit",
    "Places",
    "Scope",
    "ScopeTables",
    "Verdict",
    "Why",
    "places_of",
    "sources_of",
]

T = TypeVar("T")


class Data(Protocol):
    """What aggregation reads of the data it is asked about: a `Dataset`, or an
    `ObservationTable` (whose rows SQL engines read where they are).

    The scope rules read the catalogue, the gazetteer, the organisations, the sources
    and the cache; the reference and numpy engines read the observations too.
    """

    @property
    def places(self) -> Gazetteer:
        """The gazetteer place codes refer to."""
        ...

    @property
    def catalogue(self) -> Catalogue:
        """The metrics."""
        ...

    @property
    def observations(self) -> tuple[Observation, ...]:
        """Every observation, in order."""
        ...

    def select(self, *, metric: str) -> tuple[Observation, ...]:
        """The observations of ``metric``, in order."""
        ...

    @property
    def organisations(self) -> tuple[Organisation, ...]:
        """The organisations figures name (how they tell actors apart)."""
        ...

    @property
    def sources(self) -> tuple[Source, ...]:
        """The sources figures name (their dates bound figures with no period)."""
        ...

    def lookup(self, kind: type[T], id: str) -> T:
        """The record of type ``kind`` with ``id`` (a table: an observation)."""
        ...

    def _cached(self, key: object, build: Callable[[], T]) -> T:
        """``build()``, made once and kept with the data (which never changes)."""
        ...


def sources_of(data: Data) -> Mapping[str, Source]:
    """The sources of ``data`` by id, built once per dataset."""
    found: Mapping[str, Source] = data._cached(
        "sources by id", lambda: {s.id: s for s in data.sources}
    )
    return found


Key = tuple[tuple[str, str], ...]

Why = tuple[str, dict[str, str]]
"""Why a figure is left out: an exclusion code and the details its message names."""


@attrs.frozen
class PeriodFit:
    """How a period stands to a question.

    Args:
        outside: The period does not meet the question's: not part of it, not listed.
        left_out: Why figures of this period are left out (open, another calendar,
            only partly inside), or None.
        partial: Kept whole although only partly inside (``partial="include"``).
        converted: Compared with the question's period across calendars, by its dates.
        bucket: The piece of the time grouping it lies in (None without one).
        unbucketed: Why it lies in no piece (it spans several), or None.
    """

    outside: bool = False
    left_out: Why | None = None
    partial: bool = False
    converted: bool = False
    bucket: str | None = None
    unbucketed: Why | None = None


@attrs.frozen
class PlaceFit:
    """How a place stands to a question.

    Args:
        known: The gazetteer knows the code.
        in_scope: It lies within the asked area as of the question's date (True when
            no area is asked for).
        area: Its unit at the grouped level on that date, or None (none asked, or no
            single unit holds it).
    """

    known: bool
    in_scope: bool = True
    area: str | None = None


@attrs.frozen
class Verdict:
    """Where a figure counts (`Scope.judge`): its groups, and whether it is kept though
    only partly inside the question's period.

    Args:
        keys: The groups it counts in, each as ``(name, value)`` pairs in this order,
            whatever the order of ``by``: the place level, ``"organisation"``, the time
            piece, ``"metric"`` (by sub-metric), ``"place"``
            (``(("district", "356"), ("year", "2021"))``; ``()`` without a grouping).
            One group, or several for ``by="place"`` (a figure within two places asked
            for). A row of the answer adds its unit to its group's key:
            ``("unit", "tin")``.
        partial: Kept whole though only partly inside the question's period
            (``partial="include"``): its row carries a note naming it.
    """

    keys: tuple[Key, ...]
    partial: bool = False


@attrs.frozen
class ScopeTables:
    """The scope rules of a question for given distinct keys, as plain rows to join
    (`Scope.tables`): what `Scope.period`, `Scope.unit`, `Scope.place` and
    `Scope.unstated` say of each key.

    Args:
        periods: ``(period, fit)`` for each period.
        units: ``(metric, unit, reason)`` for each metric and unit (None: a ratio); the
            reason its figures cannot count, or None.
        places: ``(code, fit)`` for each place code (None: no place).
        unstated: ``(latest day, fit)`` for figures whose period is not stated, by the
            latest day they can have happened.
        stated_rates: ``(metric, reason)``: why a percentage of the metric stated without
            its figures cannot count.
    """

    periods: list[tuple[Period, PeriodFit]]
    units: list[tuple[str, Unit | None, Why | None]]
    places: list[tuple[str | None, PlaceFit]]
    unstated: list[tuple[pendulum.Date | None, PeriodFit]] = attrs.Factory(list)
    stated_rates: list[tuple[str, Why]] = attrs.Factory(list)


class Places:
    """Place look-ups of one dataset as of one date, each made once.

    Many figures share a place and many questions share a date: the answers are kept
    with the dataset (which is immutable) and reused.
    """

    def __init__(self, places: Gazetteer, as_of: pendulum.Date) -> None:
        self.gazetteer = places
        self.as_of = as_of
        self._areas: dict[tuple[str, Level], str | None] = {}
        self._within: dict[tuple[str, str], bool] = {}

    @classmethod
    def of(cls, data: Data, as_of: pendulum.Date) -> Places:
        """The look-ups of ``data`` as of ``as_of``, shared by every question of that date."""
        found: Places = data._cached(("places", as_of), lambda: cls(data.places, as_of))
        return found

    def known(self, code: str | None) -> bool:
        """Whether the gazetteer knows ``code``."""
        return code is not None and code in self.gazetteer

    def area(self, code: str, level: Level) -> str | None:
        """The unit at ``level`` holding the area of the known place ``code``, or None."""
        key = (code, level)
        if key not in self._areas:
            found = self.gazetteer.ancestor_at(code, level, as_of=self.as_of)
            self._areas[key] = None if found is None else found.code
        return self._areas[key]

    def within(self, code: str, scope: str) -> bool:
        """Whether the known place ``code`` lies within ``scope``'s area."""
        key = (code, scope)
        if key not in self._within:
            level = self.gazetteer.get(scope).level
            self._within[key] = self.area(code, level) == scope
        return self._within[key]


class Scope:
    """The scope rules of one question over its data, decided once per distinct key:
    what `danvan.aggregate` gives an engine beside the data and the `Query`.

    Which figures a question counts, in which group, and why it leaves the others out,
    is decided here once for every engine (see `Engine`): an engine applies these
    verdicts its own way, and never decides them by itself. What an engine reads:

    * ``query`` (the `Query`), ``metric`` (its `Metric`) and ``codes`` (the codes of
      the metrics whose figures count: the asked metric, then its sub-metrics when
      ``include_submetrics``);
    * for one figure, `judge`: where it counts (a `Verdict`), why it is left out (a
      reason), or None when the question is not about it;
    * for engines that work on columns or SQL tables, the same rules once per distinct
      key: `period` and `unstated` (a `PeriodFit`), `unit` (a reason, or None),
      `place` (a `PlaceFit`); `tables` gives them for many keys at once;
    * `expected` and `missing`: the groups an answer lists as missing (never zero).

    A *reason* is a pair ``(code, details)``: the `Exclusion` code (``"unknown-place"``)
    and the values its message names. The figures an engine does not total itself go
    to the reference engine with `danvan.reference_answer`. The other attributes
    (``data``, ``places``, ``actors``) serve danvan's own engines and may change.

    `aggregate` builds the scope once the question's names are checked against the
    data; an engine is given it.

    Args:
        data: The data asked: a `Dataset` or an `ObservationTable`.
        query: The question (already checked against the data).

    >>> import attrs
    >>> import danvan
    >>> data = danvan.Dataset(places=danvan.seed_gazetteer())
    >>> question = danvan.Query(
    ...     metric="tips", period=danvan.Period.year(2021), by="province"
    ... )
    >>> scope = danvan.Scope(data, question)
    >>> scope.codes
    ['tips']
    >>> tip = danvan.Observation(
    ...     id="a", metric="tips", value=danvan.parse_quantity("5 tin"),
    ...     period=danvan.Period.month(2021, 3), place="36",
    ... )
    >>> scope.judge(tip)
    Verdict(keys=((('province', '36'),),), partial=False)
    >>> scope.judge(attrs.evolve(tip, place="999"))
    ('unknown-place', {'place': '999'})
    >>> scope.judge(attrs.evolve(tip, period=danvan.Period.month(2020, 3))) is None
    True
    """

    def __init__(self, data: Data, query: Query) -> None:
        self.data = data
        self.query = query
        catalogue = data.catalogue
        self.metric: Metric = catalogue.get(query.metric)
        self.codes: list[str] = [self.metric.code]
        if query.include_submetrics:
            self.codes += [m.code for m in catalogue.descendants(self.metric.code)]
        self._counted = frozenset(self.codes)
        self.places = Places.of(data, query.as_of)
        # A period's fit depends on these fields of the question only: questions that
        # share them (a roll-up by place level, a question asked again) share the fits.
        fits = ("period fits", query.period, query.partial, query.mix_calendars, query.time)
        self._periods: dict[Period, PeriodFit] = data._cached(fits, dict)
        self.actors: Actors = actors_of(data)
        self._sources = sources_of(data)
        self._unstated: dict[pendulum.Date | None, PeriodFit] = {}
        self._units: dict[tuple[str, Unit | None, bool], Why | None] = {}
        self._place_fits: dict[str | None, PlaceFit] = {}
        self._expected: tuple[tuple[str, tuple[str, ...]], ...] | None = None

    # -- the tables ------------------------------------------------------------------------

    def period(self, p: Period) -> PeriodFit:
        """How figures of period ``p`` stand to the question."""
        found = self._periods.get(p)
        if found is None:
            found = self._periods[p] = _period_fit(p, self.query)
        return found

    def unstated(self, latest: pendulum.Date | None) -> PeriodFit:
        """How figures whose period is not stated stand to the question, given the
        latest day they can have happened (`latest_end`; None: nothing says)."""
        found = self._unstated.get(latest)
        if found is None:
            found = self._unstated[latest] = _unstated_fit(latest, self.query)
        return found

    def unit(self, metric: str, unit: Unit | None, *, stated: bool = False) -> Why | None:
        """Why a figure of ``metric`` in ``unit`` (None: a ratio) cannot count, or None.

        ``stated``: the figure is a percentage stated without its figures (`Ratio.stated`).
        """
        key = (metric, unit, stated)
        if key not in self._units:
            self._units[key] = _unit_misfit(self.data.catalogue.get(metric), unit, stated)
        return self._units[key]

    def place(self, code: str | None) -> PlaceFit:
        """How a figure of the place ``code`` (None: no place) stands to the question."""
        found = self._place_fits.get(code)
        if found is None:
            q, places = self.query, self.places
            known = places.known(code)
            if not known or code is None:
                found = PlaceFit(known=False)
            else:
                found = PlaceFit(
                    known=True,
                    in_scope=q.place is None or places.within(code, q.place),
                    area=None if q.level is None else places.area(code, q.level),
                )
            self._place_fits[code] = found
        return found

    def tables(
        self,
        periods: Iterable[Period],
        units: Iterable[tuple[str, Unit | None]],
        places: Iterable[str | None],
        *,
        unstated: Iterable[pendulum.Date | None] = (),
        stated_rates: Iterable[str] = (),
    ) -> ScopeTables:
        """The rules for these distinct keys, as rows an engine can join to its figures.

        ``unstated``: the latest days of figures whose period is not stated;
        ``stated_rates``: the metrics of percentages stated without their figures.
        """
        return ScopeTables(
            periods=[(p, self.period(p)) for p in periods],
            units=[(m, u, self.unit(m, u)) for m, u in units],
            places=[(code, self.place(code)) for code in places],
            unstated=[(day, self.unstated(day)) for day in unstated],
            stated_rates=[(m, self.stated_rate(m)) for m in stated_rates],
        )

    def stated_rate(self, metric: str) -> Why:
        """Why a percentage of ``metric`` stated without its figures cannot count."""
        why = self.unit(metric, None, stated=True)
        assert why is not None  # a stated rate never counts
        return why

    # -- expected groups ---------------------------------------------------------------------

    def expected(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The groups the answer expects, per grouping that has expectations, in order:
        ``(name, values)``.

        * units at the grouped level in force on the as-of date: within the asked place
          (``place=``); with none asked, within the provinces where the dataset has a
          figure of the metric (or a sub-metric counted), in any period. A file about
          two provinces expects their units, never the country's;
        * the places asked for (``by="place"``);
        * the pieces of the question's period (``by="year"``... with a period).
        """
        if self._expected is not None:
            return self._expected
        q = self.query
        out: list[tuple[str, tuple[str, ...]]] = []
        if q.level is not None:
            out.append((q.level.value, self._expected_units(q.level)))
        if q.places:
            out.append(("place", tuple(q.places)))
        if q.time is not None and q.period is not None:
            out.append((q.time, tuple(str(x) for x in pieces(q.time, q.period))))
        self._expected = tuple(out)
        return self._expected

    def missing(self, reported: Iterable[tuple[str, ...]]) -> tuple[Key, ...]:
        """The expected groups nothing counts in: missing, never zero.

        Args:
            reported: For each group some figure counts in, its values of the expected
                groupings (`expected`'s names, in order).

        Returns:
            A value of one grouping in which nothing counts at all, alone (a district
            with no figure in any year: ``(("district", "378"),)``); then each
            combination of values that all have figures elsewhere but none together (a
            district that reported 2022, not 2023: ``(("district", "378"), ("year",
            "2023"))``).
        """
        expected = self.expected()
        seen = set(reported)
        out: list[Key] = []
        present: list[tuple[str, ...]] = []
        for i, (name, values) in enumerate(expected):
            held = {group[i] for group in seen}
            out += [((name, v),) for v in values if v not in held]
            present.append(tuple(v for v in values if v in held))
        if len(expected) > 1:
            names = [name for name, _ in expected]
            out += [
                tuple(zip(names, combination, strict=True))
                for combination in itertools.product(*present)
                if combination not in seen
            ]
        return tuple(out)

    def _expected_units(self, level: Level) -> tuple[str, ...]:
        """The units at ``level`` the question expects (`expected`): found once per
        dataset, date, asked place and metrics."""
        q = self.query

        def build() -> tuple[str, ...]:
            units = self.data.places.at_level(level, as_of=q.as_of)
            if q.place is not None:
                asked = q.place
                return tuple(p.code for p in units if self.places.within(p.code, asked))
            covered = self._provinces_with_figures()
            area = self.places.area
            return tuple(p.code for p in units if area(p.code, Level.PROVINCE) in covered)

        key = ("expected-units", level, q.as_of, q.place, tuple(self.codes))
        found: tuple[str, ...] = self.data._cached(key, build)
        return found

    def _provinces_with_figures(self) -> frozenset[str | None]:
        """The provinces (as of the question's date) holding a place of a figure of the
        question's metrics, in any period: found once per dataset, date and metrics."""

        def build() -> frozenset[str | None]:
            codes: set[str] = set()
            for metric in self.codes:
                codes |= places_of(self.data, metric)
            found = {self.places.area(c, Level.PROVINCE) for c in codes if self.places.known(c)}
            found.discard(None)
            return frozenset(found)

        key = ("provinces-with-figures", self.query.as_of, tuple(self.codes))
        provinces: frozenset[str | None] = self.data._cached(key, build)
        return provinces

    # -- one figure --------------------------------------------------------------------------

    def judge(self, obs: Observation) -> Verdict | Why | None:
        """Where ``obs`` counts, why it is left out, or None when the question is not
        about it at all (a figure of another metric than `codes`, of a period outside the
        question's, or of a place outside the asked area).

        The rules apply in this order, which decides the reason given when several
        apply: the figure is of a metric counted; the period meets the question's (for a
        period not stated: the figure may have happened within it, by its latest day);
        the figure fits its metric (a percentage stated alone never counts); its period
        is stated, closed, on the question's calendar and inside it; its place is known
        (when places matter) and within the asked area; a unit at the grouped level holds
        it; it names an organisation (by organisation); it lies in one time piece.

        Returns:
            A `Verdict` (the groups it counts in), a reason ``(code, details)`` it is
            left out for (listed in the answer), or None.
        """
        q = self.query
        if obs.metric not in self._counted:
            return None
        if obs.period is None:
            period = self.unstated(latest_end(obs, self._sources))
        else:
            period = self.period(obs.period)
        if period.outside:
            return None
        value = obs.value
        if isinstance(value, Ratio):
            misfit = self.unit(obs.metric, None, stated=not value.has_figures)
        else:
            misfit = self.unit(obs.metric, value.unit)
        if misfit is not None:
            code, details = misfit
            if code == "unit-mismatch":  # the message names the figure itself
                q_ = obs.quantity
                details = {**details, "quantity": str(q_), "quantity_en": f"{q_:en}"}
            elif code == "stated-rate":
                details = {**details, "rate": str(value), "rate_en": value.format(lang="en")}
            return code, details
        if period.left_out is not None:
            return period.left_out
        keys: list[tuple[str, str]] = []
        place = self.place(obs.place) if q.needs_place else None
        if place is not None:
            if obs.place is None:
                return ("no-place", {})
            if not place.known:
                return ("unknown-place", {"place": obs.place})
            if not place.in_scope:
                return None  # outside the asked area: not part of the question
        if q.level is not None:
            assert place is not None
            if place.area is None:
                return (
                    "not-attributable",
                    {"level": q.level.value, "place": str(obs.place), "as_of": q.as_of.isoformat()},
                )
            keys.append((q.level.value, place.area))
        if "organisation" in q.by:
            if obs.organisation is None:
                return ("no-organisation", {})
            keys.append(("organisation", obs.organisation))
        if q.time is not None:
            if period.bucket is None:
                assert period.unbucketed is not None
                return period.unbucketed
            keys.append((q.time, period.bucket))
        if "submetric" in q.by:
            keys.append(("metric", obs.metric))
        if q.places:
            assert obs.place is not None
            matches = tuple(
                (*keys, ("place", code))
                for code in q.places
                if self.places.area(obs.place, self.data.places.get(code).level) == code
            )
            return Verdict(matches, period.partial) if matches else None
        return Verdict((tuple(keys),), period.partial)


def places_of(
    data: Data, metric: str, known: Callable[[], frozenset[str]] | None = None
) -> frozenset[str]:
    """The places of ``metric``'s figures (any period): found once per dataset, from its
    observations or by ``known`` (a SQL engine asks its table instead)."""

    def build() -> frozenset[str]:
        return frozenset(o.place for o in data.select(metric=metric) if o.place is not None)

    found: frozenset[str] = data._cached(("places-of-metric", metric), known or build)
    return found


def _period_fit(p: Period, q: Query) -> PeriodFit:
    """How figures of period ``p`` stand to the question ``q``."""
    query = q.period
    if query is not None:
        dates = p if p.calendar is query.calendar else p.with_calendar(query.calendar)
        if not query.overlaps(dates):
            return PeriodFit(outside=True)
    if p.is_open:
        return PeriodFit(left_out=("open-period", {"period": str(p)}))
    partial = converted = False
    if query is not None:
        compared = p
        if p.calendar is not query.calendar:
            if not q.mix_calendars:
                calendars = {
                    "period": str(p),
                    "calendar": p.calendar.value,
                    "query_calendar": query.calendar.value,
                }
                return PeriodFit(left_out=("other-calendar", calendars))
            converted = True
            compared = p.with_calendar(query.calendar)
        if not query.contains(compared):
            if q.partial != "include":
                return PeriodFit(
                    left_out=("partial-period", {"period": str(p), "query": str(query)})
                )
            partial = True
    if q.time is None:
        return PeriodFit(partial=partial, converted=converted)
    bucket, unbucketed = time_bucket(p, q.time, query)
    return PeriodFit(partial=partial, converted=converted, bucket=bucket, unbucketed=unbucketed)


def time_bucket(p: Period, grouping: str, query: Period | None) -> tuple[str | None, Why | None]:
    """The piece of the time ``grouping`` period ``p`` lies in (its code), or None and why.

    The pieces split the question's period on its calendar (all time: the year of
    ``p``); a period across two pieces is in none, never spread.
    """
    base = query
    if base is None:
        assert p.end is not None
        base = Period.year(p.start.year, calendar=p.calendar)
        if not base.contains(p.start):  # a Decree-09 year starts on 15 December before
            base = Period.year(p.start.year + 1, calendar=p.calendar)
        assert base.end is not None  # a year is closed
        if p.end > base.end:
            return None, ("spans-buckets", {"grouping": "year", "period": str(p)})
    for piece in pieces(grouping, base):
        if piece.calendar == p.calendar and piece.contains(p):
            return str(piece), None
    return None, ("spans-buckets", {"grouping": grouping, "period": str(p)})


def pieces(grouping: str, period: Period) -> list[Period]:
    """``period`` split into the pieces of the time ``grouping`` ("year", "month"...)."""
    split = {
        "year": period.split_years,
        "half-year": period.split_half_years,
        "quarter": period.split_quarters,
        "month": period.split_months,
    }[grouping]
    return list(split())


def _unstated_fit(latest: pendulum.Date | None, q: Query) -> PeriodFit:
    """How figures whose period is not stated, and that happened by ``latest`` (None:
    nothing says when), stand to the question ``q``: never counted."""
    query = q.period
    if query is not None and latest is not None and latest < query.start:
        return PeriodFit(outside=True)  # over before the question's period begins
    day = "" if latest is None else latest.isoformat()
    return PeriodFit(left_out=("period-not-stated", {"latest_end": day}))


def _unit_misfit(metric: Metric, unit: Unit | None, stated: bool = False) -> Why | None:
    """Why a figure of ``metric`` in ``unit`` (None: a ratio; ``stated``: a percentage
    stated without its figures) cannot count, or None."""
    if metric.is_group:
        return ("group-metric", {"metric": metric.code})
    if stated:  # never averaged, and no figures to recompute it from
        return ("stated-rate", {"metric": metric.code})
    if metric.aggregation is Aggregation.RATIO and unit is not None:
        return ("ratio-expected", {"metric": metric.code})
    if metric.aggregation is not Aggregation.RATIO and unit is None:
        return ("ratio-unexpected", {"metric": metric.code})
    if unit is not None and metric.dimension is not None and unit.dimension is not metric.dimension:
        return ("unit-mismatch", {"dimension": metric.dimension.value})
    return None


# danvan imports this module on first use; its classes say danvan.X however they are reached.
for _public_class in (PeriodFit, PlaceFit, Scope, ScopeTables, Verdict):
    publish(_public_class)
del _public_class
