"""The SQL engines: a question answered by SQL over a table of observations.

A SQL engine (`danvan._aggregate.duckdb_engine`, `danvan._aggregate.spark_engine`)
reads the observations as a table in the flat observation schema
(`danvan._observation_table`): a `Dataset`'s, turned into an Arrow table once, or an
`ObservationTable`'s own (Arrow in memory, Parquet files, a Spark DataFrame). It never
makes a Python record of a row unless the reference engine must see it.

For each table, once (`Facts`): which metric, unit and period the rows hold (and how
many, with their largest number), which places each metric's figures name, and the
figures that may restate one another or stand beside their labelled parts (suspects,
checked here on their own keys).

For each question:

1. the scope rules (`danvan._aggregate.rules.Scope`) are decided for the distinct
   periods, metric-unit pairs and places the question touches, into small tables
   joined to the rows (`danvan._aggregate.sql`);
2. one query sums each cell (a group and a unit) and says which groups hold figures that
   may cover or overlap one another (a period within another, a place within another,
   a metric within another) or that the reference engine must see;
3. those groups, the suspects' groups, the groups whose totals the sums do not give
   (`danvan._aggregate.cells`), and the figures the scope rules set aside are fetched
   and answered by the reference engine (`danvan._aggregate.reference.Run`), which
   lists what it leaves out and reconciles;
4. the other groups' rows come from the sums (`danvan._aggregate.cells`).

Questions the sums cannot answer at all (ratios, minimums, explicit places, a metric
whose sub-metrics combine otherwise) are answered by the reference engine over the
question's figures alone, fetched by SQL. Results equal the reference engine's, row for
row: ``tests/test_engines.py`` checks it.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import importlib
import itertools
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any, Protocol

import attrs

from danvan._aggregate.cells import Cells
from danvan._aggregate.query import Query
from danvan._aggregate.reference import Run
from danvan._aggregate.regrouping import PlacesByPeriod, map_changes, places_by_period
from danvan._aggregate.results import AggregationResult, Row
from danvan._aggregate.rules import Data, PeriodFit, Scope, Verdict, places_of
from danvan._aggregate.semantics import superseded_note
from danvan._aggregate.sql import (
    UNSTATED,
    Dialect,
    Question,
    Traits,
    cells_sql,
    facts_sql,
    fetch_sql,
    labels_sql,
    notes_sql,
    places_by_period_sql,
    places_sql,
    provenance_sql,
    suspects_sql,
    traits_sql,
)
from danvan._breakdown import actors_of, told_apart
from danvan._metrics import Aggregation, Breakdown
from danvan._observation_table import ObservationTable, decode, pyarrow
from danvan._observations import Observation
from danvan._period import Period
from danvan._period_text import parse_period
from danvan._text import match_key
from danvan.errors import InvalidValueError

__all__ = ["Backend", "Facts", "SqlEngine"]

# Sums stay below this (scaled to whole numbers): a Python Decimal of 28 digits holds
# them exactly, as it holds the reference engine's sums; so do DECIMAL(38, 9) columns.
_LIMIT = 10**27
# Below this many figures, a cell's count of figures and of exact zeros share one 64-bit
# sum (`sql.TALLY_ZERO`).
_TALLY_LIMIT = 1 << 31


class Backend(Protocol):
    """A SQL engine's connection to one table of observations."""

    @property
    def dialect(self) -> Dialect:
        """Whose SQL it runs."""
        ...

    @property
    def observations(self) -> str:
        """The relation of the observations: the flat schema plus ``pos`` (table order)."""
        ...

    def run(self, sql: str) -> Any:
        """The result of ``sql`` as a `pyarrow.Table`."""
        ...

    def register(self, name: str, table: Any) -> None:
        """Make a small `pyarrow.Table` the relation ``name`` (replacing one of that name)."""
        ...

    def unregister(self, name: str) -> None:
        """Drop a relation `register` made."""
        ...

    def narrow(self, traits: Traits) -> None:
        """Work out each figure's traits (`sql.FLAG_BITS`) from now on knowing which
        the table's figures have (`Facts.traits`): those the qualifier tells, or that no
        figure has, need not be read figure by figure."""
        ...


@attrs.frozen
class Key:
    """A metric, unit and period the table's rows hold, and what the rows of it hold."""

    metric: str
    unit: str
    ratio: bool
    period: str | None  # None: not stated
    n: int
    decimals: bool
    no_organisation: bool
    largest: Decimal
    exponent: int | None


@attrs.define
class Facts:
    """What one table holds, found once (each question reads it)."""

    keys: list[Key]
    places: dict[str, set[str | None]]  # by metric
    suspects: list[Observation]  # figures stating one figure twice, or beside parts
    # Labels written differently that read as one (`match_key`), with their one key:
    # a stock's series joins them (empty: every label is its own).
    labels: dict[str, str] = attrs.field(factory=dict)
    periods: dict[str, Period] = attrs.field(factory=dict)
    traits: Traits | None = None  # the traits its figures have, by qualifier

    def period(self, code: str) -> Period:
        """The period of a code (read once)."""
        found = self.periods.get(code)
        if found is None:
            try:
                found = self.periods[code] = parse_period(code)
            except InvalidValueError as error:
                raise InvalidValueError(
                    f"the table holds a period code that does not read: {error}", where="period"
                ) from None
        return found


def facts(backend: Backend, data: Data) -> Facts:
    """What the table behind ``data``'s ``backend`` holds (four passes over it)."""
    d = backend.dialect
    keys = []
    rows = backend.run(facts_sql(d, backend.observations)).to_pylist()
    for row in rows:
        largest = max(
            (row[f"largest_{c}"] for c in ("value", "lower", "upper") if row[f"largest_{c}"]),
            default=Decimal(0),
        )
        keys.append(
            Key(
                metric=row["metric"],
                unit=row["unit"],
                ratio=bool(row["is_ratio"]),
                period=row["period"],
                n=row["n"],
                decimals=bool(row["decimals"]),
                no_organisation=bool(row["no_organisation"]),
                largest=largest,
                exponent=row["exponent"],
            )
        )
    places: dict[str, set[str | None]] = defaultdict(set)
    for row in backend.run(places_sql(d, backend.observations)).to_pylist():
        places[row["metric"]].add(row["place"])
    labels = _clashing_labels(backend)
    return Facts(
        traits={
            row["qualifier"]: (row["some"], row["every"])
            for row in backend.run(traits_sql(d, backend.observations)).to_pylist()
        },
        keys=keys,
        places=dict(places),
        suspects=_suspects(backend, data, clash=bool(labels)),
        labels=labels,
    )


def _clashing_labels(backend: Backend) -> dict[str, str]:
    """The labels that read as another label (`match_key`), each with the key they share."""
    found = backend.run(labels_sql(backend.dialect, backend.observations)).column(0)
    by_key: dict[str, list[str]] = defaultdict(list)
    for label in found.to_pylist():
        by_key[match_key(label or "")].append(label or "")
    return {label: key for key, labels in by_key.items() if len(labels) > 1 for label in labels}


def _suspects(backend: Backend, data: Data, *, clash: bool) -> list[Observation]:
    """The figures of one metric, place and period that another such figure is not told
    apart from by organisation or label (`danvan._breakdown.told_apart`): the same
    figure stated twice, or a whole beside its parts. They are never simply added.
    """
    actors = actors_of(data)
    d = backend.dialect
    organisations = {o.id for o in data.organisations}
    nested = any(actors.above(o) & organisations for o in organisations)
    sql = suspects_sql(d, backend.observations, nested=nested, clash=clash)
    found = _rows(backend.run(sql), data.catalogue)
    by_spot: dict[tuple[object, ...], list[Observation]] = defaultdict(list)
    for obs in found:
        by_spot[(obs.metric, obs.place, obs.period)].append(obs)
    suspects = []
    for group in by_spot.values():
        suspects += [
            o for o in group if any(g is not o and not told_apart(o, g, actors) for g in group)
        ]
    return suspects


def _rows(table: Any, catalogue: Any) -> list[Observation]:
    """The observations of rows in the flat schema (an Arrow table)."""
    from danvan._observation_table import COLUMNS

    columns = {name: table.column(name).to_pylist() for name, _ in COLUMNS}
    return list(decode(columns, catalogue))


class SqlEngine:
    """An engine that answers by SQL; `backend` connects it to a table."""

    name = "sql"
    dialect: Dialect

    def backend(self, data: Data) -> Backend:
        """The connection to ``data``'s observations (made once per data)."""
        raise NotImplementedError

    def answer(self, data: Data, query: Query, scope: Scope) -> AggregationResult | None:
        """The answer to ``query`` about ``data``; None (a `Dataset` only) to leave a
        question the sums cannot answer to the reference engine."""
        is_table = isinstance(data, ObservationTable)
        if not _summable(data, query, scope) and not is_table:
            return None
        backend = self.backend(data)

        def learn() -> Facts:
            found = facts(backend, data)
            assert found.traits is not None  # `facts` finds them
            backend.narrow(found.traits)
            return found

        found = data._cached(("sql-facts", self.name), learn)
        ask = _Ask(self, data, query, scope, backend, found)
        if is_table:
            ask.places_known()
        if not _summable(data, query, scope) or ask.too_large():
            if not is_table:
                return None
            return ask.by_reference(everything=True)
        return ask.answer()


def _summable(data: Data, query: Query, scope: Scope) -> bool:
    """Whether the sums answer the question: flows or stocks throughout, no explicit places."""
    head = scope.metric
    if query.places or head.aggregation not in (Aggregation.FLOW, Aggregation.STOCK):
        return False
    catalogue = data.catalogue
    return all(catalogue.get(code).aggregation is head.aggregation for code in scope.codes)


_COUNTED, _ASIDE, _OUTSIDE = 0, 1, 2


@attrs.frozen
class _PlacesTable:
    """The places small table of a question (None: places do not matter), and what the
    question needs to know of it."""

    table: Any
    aside: bool = False  # a figure may be set aside by its place
    nested: bool = False  # places within others may meet in a group
    areas: list[str] = attrs.field(factory=list)  # the areas, by their ``area_rank``
    states: bool = False  # some place is not counted (its ``state`` is read)


class _Ask:
    """One question being answered by a SQL engine."""

    def __init__(
        self,
        engine: SqlEngine,
        data: Data,
        query: Query,
        scope: Scope,
        backend: Backend,
        found: Facts,
    ) -> None:
        self.engine = engine
        self.data = data
        self.query = query
        self.scope = scope
        self.backend = backend
        self.facts = found
        wanted = set(scope.codes)
        self.keys = [k for k in found.keys if k.metric in wanted]
        self.registered: list[tuple[str, Any]] = []
        self.unit_of: dict[str, str] = {}
        self.coded: dict[int, list[str]] = {}

    def places_known(self) -> None:
        """Tell the rules which places each metric's figures name, from SQL: a table's
        rows are not read as observations to find them (`places_of`, `places_by_period`)."""
        data, facts = self.data, self.facts
        for metric in self.scope.codes:
            places = facts.places.get(metric, set())
            places_of(data, metric, functools.partial(_stated, places))
        q = self.query
        if (q.level is None and q.place is None and not q.places) or not map_changes(data):
            return  # nothing is regrouped (`regrouped`): the places by period are not read
        codes = tuple(self.scope.codes)
        places_by_period(data, codes, functools.partial(self._places_by_period, codes))

    def _places_by_period(self, metrics: tuple[str, ...]) -> PlacesByPeriod:
        """The places of the figures of ``metrics`` by period, by one SQL query."""
        d, backend = self.backend.dialect, self.backend
        name = f"danvan_m{next(_NUMBERS)}"
        backend.register(name, _arrow({"metric": ("string", list(metrics))}))
        try:
            table = backend.run(places_by_period_sql(d, backend.observations, name))
        finally:
            backend.unregister(name)
        found: dict[Period, set[str]] = defaultdict(set)
        periods, places = (table.column(i).to_pylist() for i in range(2))
        for code, place in zip(periods, places, strict=True):
            found[self.facts.period(code)].add(place)
        return {p: frozenset(c) for p, c in found.items()}

    def too_large(self) -> bool:
        """Whether a sum might not fit exactly (the reference engine then answers)."""
        if not self.keys:
            return False
        largest = max(k.largest for k in self.keys)
        places = max((-k.exponent for k in self.keys if k.exponent is not None), default=0)
        places = max(places, 0)
        count = sum(k.n for k in self.keys)
        return bool(largest * count * 10**places >= _LIMIT)

    def register(self, prefix: str, columns: dict[str, tuple[str, list[Any]]] | Any) -> str:
        """The name of a small table (typed columns, or an Arrow table) for this question,
        registered with the backend (or kept from an earlier question: `_SmallTables`)."""
        name, table = _SmallTables.of(self).name(prefix, columns)
        self.registered.append((name, table))
        return name

    # -- the small tables ---------------------------------------------------------------------

    def periods(self) -> tuple[dict[str, tuple[str, list[Any]]], bool, bool]:
        """The periods small table, whether a figure may be set aside by its period, and
        whether periods of the question may share days."""
        scope, q = self.scope, self.query
        codes = sorted({k.period for k in self.keys if k.period is not None})
        rows: list[tuple[str, Period | None, int, PeriodFit]] = []
        if any(k.period is None for k in self.keys):
            # Not stated: the reference engine leaves them out, or finds them outside
            # the question (`Scope.unstated`), by their sources.
            rows.append((UNSTATED, None, _ASIDE, PeriodFit()))
        for code in codes:
            p = self.facts.period(code)
            fit = scope.period(p)
            if fit.outside:
                continue
            aside = fit.left_out is not None or (q.time is not None and fit.bucket is None)
            rows.append((code, p, _ASIDE if aside else _COUNTED, fit))
        # The latest of a stock ends last, then starts last (`semantics.latest`).
        counted = [(code, p) for code, p, state, _ in rows if state == _COUNTED and p is not None]
        ends = sorted({(p.end, p.start) for _, p in counted})
        rank = {key: i for i, key in enumerate(ends)}
        overlapping = self._overlapping(counted)
        ids = {code: i + 1 for i, code in enumerate(sorted(overlapping))}
        _, buckets = _ranks(fit.bucket for *_, fit in rows)
        table: dict[str, tuple[str, list[Any]]] = {
            "period": ("string", [code for code, *_ in rows]),
            "state": ("int", [state for _, _, state, _ in rows]),
            "bucket": ("string", [fit.bucket for *_, fit in rows]),
            "bucket_rank": ("int", buckets),
            "rid": ("int", [ids.get(code) for code, *_ in rows]),
            "solo": ("int", [int(fit.partial or fit.converted) for *_, fit in rows]),
            "rank": ("int", [rank.get((p.end, p.start), -1) if p else -1 for _, p, _, _ in rows]),
        }
        return table, any(state == _ASIDE for _, _, state, _ in rows), bool(ids)

    def solo(self, periods: dict[str, tuple[str, list[Any]]]) -> bool:
        """Whether a period of the question sends its figures to the reference engine."""
        return any(periods["solo"][1])

    def _overlapping(self, periods: list[tuple[str, Period]]) -> set[str]:
        """The periods sharing a day with another (for flows: added, they count twice)."""
        if self.scope.metric.aggregation is not Aggregation.FLOW:
            return set()
        spans = sorted(
            ((p.start, p.end, code) for code, p in periods if p.end is not None),
            key=lambda s: (s[0], s[1]),
        )
        found: set[str] = set()
        reach = None  # the latest end so far, and its period
        for start, end, code in spans:
            if reach is not None and start <= reach[0]:
                found.update((code, reach[1]))
            if reach is None or end > reach[0]:
                reach = (end, code)
        # A period overlapping an earlier one that ends before `reach`'s is caught above
        # through `reach` (it ends no earlier), so each overlapping period is found.
        return found

    def misfits(self) -> dict[str, tuple[str, list[Any]]] | None:
        """The metric-unit pairs the scope rules leave out, or None."""
        vocabulary = self.data.catalogue.vocabulary
        rows = []
        for metric, unit, ratio in sorted({(k.metric, k.unit, k.ratio) for k in self.keys}):
            try:
                found = vocabulary.unit(unit)
            except InvalidValueError as error:
                raise InvalidValueError(
                    f"the table holds a unit its catalogue does not know: {error}", where="unit"
                ) from None
            if self.scope.unit(metric, None if ratio else found) is not None:
                rows.append((metric, unit, ratio))
        if not rows:
            return None
        return {
            "metric": ("string", [m for m, _, _ in rows]),
            "unit": ("string", [u for _, u, _ in rows]),
            "ratio": ("bool", [r for _, _, r in rows]),
        }

    def metrics(self) -> tuple[dict[str, tuple[str, list[Any]]] | None, bool, bool]:
        """The metrics small table (or None when not needed), whether metrics may nest in a
        group, and whether a figure of the asked metric itself is looked for."""
        q, scope = self.query, self.scope
        present = sorted({k.metric for k in self.keys})
        everything = {k.metric for k in self.facts.keys} <= set(present)
        nested: set[str] = set()
        if "submetric" not in q.by:
            catalogue = self.data.catalogue
            for code in present:
                above = [a.code for a in catalogue.ancestors(code) if a.code in present]
                if above:
                    nested.update((code, *above))
        own = "submetric" not in q.by and scope.metric.breakdown is Breakdown.PARTIAL
        if everything and not nested and not own and "submetric" not in q.by:
            return None, False, False
        ids = {code: i + 1 for i, code in enumerate(sorted(nested))}
        table: dict[str, tuple[str, list[Any]]] = {
            "metric": ("string", present),
            "rid": ("int", [ids.get(code) for code in present]),
            "own": ("int", [int(code == scope.metric.code) for code in present]),
            "metric_rank": ("int", list(range(len(present)))),  # sorted: its own rank
        }
        return table, bool(ids), own

    def places(self) -> _PlacesTable:
        """The places small table, and what the question needs to know of it.

        Questions asked as of one date about one area share it: it is decided once for
        the table (a national table names ten thousand places).
        """
        q = self.query
        metrics = frozenset(k.metric for k in self.keys)
        key = ("sql-places", q.as_of, q.level, q.place, q.needs_place, metrics)
        found: _PlacesTable = self.data._cached(key, self._places)
        return found

    def _places(self) -> _PlacesTable:
        q, scope, data = self.query, self.scope, self.data
        codes: set[str | None] = set()
        for metric in {k.metric for k in self.keys}:
            codes |= self.facts.places.get(metric, set())
        known = sorted(c for c in codes if c is not None and c in data.places)
        # Places within others among the question's figures may cover one another.
        present = set(known)
        nested: set[str] = set()
        for code in known:
            above = [a.code for a in data.places.ancestors(code) if a.code in present]
            if above:
                nested.update((code, *above))
        ids = {code: i + 1 for i, code in enumerate(sorted(nested))}
        if not q.needs_place:
            if not ids:
                return _PlacesTable(None)
            chosen = sorted(ids)
            table: dict[str, tuple[str, list[Any]]] = {
                "place": ("string", chosen),
                "state": ("int", [_COUNTED] * len(chosen)),
                "area": ("string", [None] * len(chosen)),
                "area_rank": ("int", [None] * len(chosen)),
                "rid": ("int", [ids[c] for c in chosen]),
            }
            return _PlacesTable(_arrow(table), nested=True)
        everyone = sorted(c for c in codes if c is not None)
        states, areas = [], []
        for code in everyone:
            fit = scope.place(code)
            if not fit.known:
                state = _ASIDE
            elif not fit.in_scope:
                state = _OUTSIDE
            elif q.level is not None and fit.area is None:
                state = _ASIDE  # no single unit at the level holds it
            else:
                state = _COUNTED
            states.append(state)
            areas.append(fit.area)
        distinct, ranks = _ranks(areas)
        table = {
            "place": ("string", everyone),
            "state": ("int", states),
            "area": ("string", areas),
            "area_rank": ("int", ranks),
            "rid": ("int", [ids.get(c) for c in everyone]),
        }
        return _PlacesTable(
            _arrow(table),
            aside=None in codes or _ASIDE in states,
            nested=bool(ids),
            areas=distinct,
            states=any(state != _COUNTED for state in states),
        )

    # -- the question ---------------------------------------------------------------------

    def question(self, *, stock: bool) -> tuple[Question, bool, list[str]]:
        """The question as SQL needs it, whether figures may be set aside, and the roles."""
        q = self.query
        name = "danvan_q"
        periods, period_aside, overlap = self.periods()
        misfits = self.misfits()
        metrics, nested_metrics, own = self.metrics()
        places = self.places()
        groups: list[tuple[str, str]] = []
        # The texts of the keys SQL gives as ranks (`sql._source`), by the key's index.
        self.coded = {}
        if q.level is not None:
            self.coded[len(groups)] = places.areas
            groups.append((q.level.value, "area"))
        if "organisation" in q.by:
            groups.append(("organisation", "organisation"))
        if q.time is not None:
            self.coded[len(groups)] = sorted({b for b in periods["bucket"][1] if b is not None})
            groups.append((q.time, "bucket"))
        if "submetric" in q.by:
            assert metrics is not None  # a group key: ranked by the metrics table
            self.coded[len(groups)] = metrics["metric"][1]
            groups.append(("metric", "metric"))
        roles = []
        if overlap:
            roles.append("periods")
        if places.nested:
            roles.append("places")
        if nested_metrics:
            roles.append("metrics")
        no_organisation = any(k.no_organisation for k in self.keys)
        # By sub-metric, a metric of a single unit needs no unit to tell its cells apart.
        units: dict[str, set[str]] = defaultdict(set)
        for k in self.keys:
            units[k.metric].add(k.unit)
        self.unit_of = {m: next(iter(u)) for m, u in units.items() if len(u) == 1}
        unit_key = "submetric" not in q.by or len(self.unit_of) < len(units)
        question = Question(
            dialect=self.backend.dialect,
            observations=self.backend.observations,
            periods=self.register(f"{name}_periods_", periods),
            metrics=None if metrics is None else self.register(f"{name}_metrics_", metrics),
            places=None if places.table is None else self.register(f"{name}_places_", places.table),
            misfits=None if misfits is None else self.register(f"{name}_misfits_", misfits),
            groups=tuple(groups),
            aside_place=q.needs_place,
            aside_organisation="organisation" in q.by and no_organisation,
            stock=stock,
            decimals=any(k.decimals for k in self.keys),
            roles=tuple(roles),
            own=own,
            solo=self.solo(periods),
            unit_key=unit_key,
            unstated=any(k.period is None for k in self.keys),
            labels=self._labels() if stock else None,
            period_states=period_aside,
            place_states=places.states or places.table is None,
            tally=sum(k.n for k in self.keys) < _TALLY_LIMIT,
        )
        aside = period_aside or misfits is not None or places.aside or question.aside_organisation
        return question, aside, [{"periods": "p", "places": "l", "metrics": "m"}[r] for r in roles]

    def _labels(self) -> str | None:
        """The small table of labels read as one (`Facts.labels`), or None."""
        labels = self.facts.labels
        if not labels:
            return None
        table = {"label": ("string", list(labels)), "key": ("string", list(labels.values()))}
        return self.register("danvan_b", table)

    def answer(self) -> AggregationResult:
        q, scope = self.query, self.scope
        head = scope.metric
        stock = head.aggregation is not Aggregation.FLOW
        if not self.keys:
            return self.result(None, None, None)
        question, aside, roles = self.question(stock=stock)
        found = self.backend.run(cells_sql(question))
        superseded = False
        if stock:
            # Cells of figures all superseded in another unit (`cells_sql`) are no cells;
            # their figures are named in the notes of the cell that superseded them.
            pc = importlib.import_module("pyarrow.compute")
            empty = pc.is_null(found.column("bits"))
            superseded = bool(pc.any(empty).as_py())
            if superseded:
                found = found.filter(pc.invert(empty))
        if not question.unit_key:  # each metric's one unit
            metric = len(question.groups) - 1
            units = [self.unit_of[m] for m in self.coded[metric]]
            found = _with_units(found, metric, units)
            self.coded[metric + 1] = sorted(set(units))  # the unit, after the keys
        cells = Cells(
            found,
            names=[name for name, _ in question.groups],
            coded=self.coded,
            query=q,
            metric=head,
            vocabulary=self.data.catalogue.vocabulary,
            decimals=question.decimals,
        )
        tangled = cells.flagged(*roles)
        for obs in self.facts.suspects:
            verdict = scope.judge(obs) if obs.metric in set(scope.codes) else None
            if isinstance(verdict, Verdict):
                for key in verdict.keys:
                    g = cells.group_of(tuple(value for _, value in key))
                    if g is not None:
                        tangled.add(g)
        if stock and (superseded or self._superseded(cells)):
            notes = self.notes(question, cells)
        else:
            notes = {}
        provenance = _Provenance(self, question)
        rows, unsure = cells.rows(tangled, own=question.own, notes=notes, provenance=provenance)
        tangled |= unsure
        part = None
        if tangled or aside:
            part = self.reference_part(question, cells, tangled)
        return self.result(rows, part, cells, engine=self.engine.name)

    def _superseded(self, cells: Cells) -> bool:
        return bool((cells.numbers("all") != cells.numbers("n")).any())

    def notes(self, question: Question, cells: Cells) -> dict[int, list[str]]:
        """The superseded figures of each group's stock series, as notes."""
        found: dict[int, list[str]] = defaultdict(list)
        table = self.backend.run(notes_sql(question))
        names = len(question.groups)
        keys = [self._texts(i, table.column(f"g{i}").to_pylist()) for i in range(names)]
        columns = [table.column(c).to_pylist() for c in ("id", "period", "kept", "kept_period")]
        for i, (old, old_period, new, new_period) in enumerate(zip(*columns, strict=True)):
            g = cells.group_of(tuple(k[i] for k in keys))
            if g is not None:
                found[g].append(superseded_note(old, old_period, new, new_period))
        return dict(found)

    def _texts(self, i: int, keys: list[Any]) -> list[Any]:
        """Values of group key ``i`` as SQL gives them, as text."""
        coded = self.coded.get(i)
        return keys if coded is None else [None if k is None else coded[k] for k in keys]

    def reference_part(self, question: Question, cells: Cells, tangled: set[int]) -> Any:
        """The reference engine's answer about the figures set aside and those of the
        ``tangled`` groups."""
        name = None
        if tangled:
            keys = [cells.key(int(cells.first[g])) for g in sorted(tangled)]
            columns: dict[str, tuple[str, list[Any]]] = {}
            for i in range(len(question.groups)):
                texts = [key[i] for key in keys]
                if i in self.coded:  # SQL knows this key by its rank
                    rank = {text: r for r, text in enumerate(self.coded[i])}
                    columns[f"g{i}"] = ("int", [rank[text] for text in texts])
                else:
                    columns[f"g{i}"] = ("string", texts)
            columns["hit"] = ("int", [1] * len(keys))
            name = self.register("danvan_t", columns)
        return self.run_reference(self.backend.run(fetch_sql(question, name)))

    def run_reference(self, table: Any) -> AggregationResult:
        """The reference engine's answer about these figures, met in its order: by metric
        as it lists them, then in table order."""
        found = _rows(table, self.data.catalogue)
        if isinstance(self.data, ObservationTable):
            self.data.read(found)  # for notes naming them (`ObservationTable.lookup`)
        order = {code: i for i, code in enumerate(self.scope.codes)}
        found.sort(key=lambda o: order.get(o.metric, len(order)))  # stable: table order kept
        return Run(self.data, self.scope).run(found)

    def by_reference(self, *, everything: bool) -> AggregationResult:
        """The reference engine's answer about every figure of the question."""
        if not self.keys:
            return Run(self.data, self.scope).run([])
        question, _, _ = self.question(stock=False)
        result = self.run_reference(
            self.backend.run(fetch_sql(question, None, everything=everything))
        )
        return attrs.evolve(result, engine=self.engine.name)

    def result(
        self,
        rows: Any,
        part: AggregationResult | None,
        cells: Cells | None,
        *,
        engine: str = "",
    ) -> AggregationResult:
        """The answer: the rows from sums and the reference engine's, in key order; the
        groups missing are those no cell holds (`Scope.missing`: every figure that
        counts is in a cell)."""
        q = self.query
        names = [name for name, _ in self.scope.expected()]
        return AggregationResult(
            metric=self.scope.metric.code,
            period=q.period,
            by=q.by,
            as_of=q.as_of,
            rows=_merged(rows, list(part.rows) if part is not None else [])
            if rows is not None
            else (part.rows if part is not None else ()),
            excluded=part.excluded if part is not None else (),
            reconciliations=part.reconciliations if part is not None else (),
            missing=self.scope.missing(set() if cells is None else cells.projection(names)),
            engine=engine or self.engine.name,
        )


_NUMBERS = itertools.count()


def _ranks(values: Iterable[str | None]) -> tuple[list[str], list[int | None]]:
    """The distinct texts in order (by code point, as Python and SQL sort text), and
    each value's rank among them (NULL has none)."""
    given = list(values)
    distinct = sorted({v for v in given if v is not None})
    rank = {v: i for i, v in enumerate(distinct)}
    return distinct, [None if v is None else rank[v] for v in given]


def _stated(codes: Iterable[str | None]) -> frozenset[str]:
    return frozenset(c for c in codes if c is not None)


def _with_units(cells: Any, metric: int, units: list[str]) -> Any:
    """Cells of metrics of one unit each, with that unit's rank among the ``units`` (group
    key ``metric`` is the metric's rank; ``units`` each ranked metric's unit)."""
    pa = pyarrow()
    pc = importlib.import_module("pyarrow.compute")
    distinct = sorted(set(units))
    ranks = pa.array([distinct.index(u) for u in units], type=pa.int32())
    return cells.append_column("unit", pc.take(ranks, cells.column(f"g{metric}")))


def _arrow(columns: dict[str, tuple[str, list[Any]]]) -> Any:
    """An Arrow table of typed columns: ``{"name": ("string" | "int" | "bool", values)}``."""
    pa = pyarrow()
    types = {"string": pa.string(), "int": pa.int32(), "bool": pa.bool_()}
    return pa.table(
        {column: pa.array(values, type=types[kind]) for column, (kind, values) in columns.items()}
    )


def _merged(rows: Any, extra: list[Row]) -> Any:
    """Rows from sums (``rows``: built on first read) and the reference engine's
    (``extra``, sorted), in the order of their keys."""
    from danvan._aggregate.results import Rows

    if not extra:
        return Rows.lazy(len(rows), rows.build)
    # Where each of the reference engine's rows goes: before the first row from sums
    # whose key is larger (a binary search: the rows from sums are sorted).
    slots: list[int] = []  # the final index of each extra row
    for j, row in enumerate(extra):
        low, high = 0, len(rows)
        while low < high:
            middle = (low + high) // 2
            if rows.key(middle) < row.keys:
                low = middle + 1
            else:
                high = middle
        slots.append(low + j)

    def build(i: int) -> Row:
        j = bisect.bisect_left(slots, i)
        if j < len(slots) and slots[j] == i:
            return extra[j]
        found: Row = rows.build(i - j)
        return found

    return Rows.lazy(len(rows) + len(extra), build)


class _SmallTables:
    """The small tables registered with one backend, by their content, kept for the
    questions that follow (registering one costs about a millisecond, as much as summing
    a hundred thousand figures): the last `LIMIT` used stay registered."""

    LIMIT = 32

    @classmethod
    def of(cls, ask: _Ask) -> _SmallTables:
        """The small tables of the backend ``ask`` uses (one set per data and engine)."""
        found: _SmallTables = ask.data._cached(
            ("sql-small-tables", ask.engine.name), lambda: cls(ask.backend)
        )
        return found

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        # By content: the name it is registered under, and the table (kept alive, so
        # that an Arrow table's id is not reused while it is a key).
        self.tables: OrderedDict[object, tuple[str, Any]] = OrderedDict()

    def name(self, prefix: str, columns: dict[str, tuple[str, list[Any]]] | Any) -> tuple[str, Any]:
        """The name and table of a small table, registered under a new name if no table
        with its content is."""
        if isinstance(columns, dict):
            key: object = tuple((c, kind, tuple(values)) for c, (kind, values) in columns.items())
        else:
            key = id(columns)  # an Arrow table made once and cached (`_Ask.places`)
        found = self.tables.get(key)
        if found is not None:
            self.tables.move_to_end(key)
            return found
        table = _arrow(columns) if isinstance(columns, dict) else columns
        name = f"{prefix}{next(_NUMBERS)}"
        self.backend.register(name, table)
        self.tables[key] = (name, table)
        if len(self.tables) > self.LIMIT:
            _, (old, _) = self.tables.popitem(last=False)
            self.backend.unregister(old)
        return name, table

    @contextlib.contextmanager
    def registered(self, tables: list[tuple[str, Any]]) -> Iterator[None]:
        """While in it, these tables are registered (those dropped since, again)."""
        live = {name for name, _ in self.tables.values()}
        again = [(name, table) for name, table in tables if name not in live]
        for name, table in again:
            self.backend.register(name, table)
        try:
            yield
        finally:
            for name, _ in again:
                self.backend.unregister(name)


class _Provenance:
    """The ids of each cell's figures, fetched for every cell on the first request
    (with the question's small tables registered, again if dropped since)."""

    def __init__(self, ask: _Ask, question: Question) -> None:
        self.backend = ask.backend
        self.sql = provenance_sql(question)
        self.tables = list(ask.registered)
        self.small = _SmallTables.of(ask)
        self.by_cell: dict[int, list[str]] | None = None

    def __call__(self, cells: Iterable[int]) -> tuple[str, ...]:
        if self.by_cell is None:
            with self.small.registered(self.tables):
                found = self.backend.run(self.sql)
            by_cell: dict[int, list[str]] = defaultdict(list)
            for cell, obs_id in zip(
                found.column("cell").to_pylist(), found.column("id").to_pylist(), strict=True
            ):
                by_cell[cell].append(obs_id)
            self.by_cell = dict(by_cell)
        ids: list[str] = []
        for c in cells:
            ids += self.by_cell.get(c, [])
        return tuple(sorted(ids))
