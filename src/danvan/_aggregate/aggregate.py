"""Honest totals over places, periods and metric categories.

`aggregate` answers questions such as "how many valuable tips did the province
receive in 2017–2021, by district?". Each row of the answer carries its group
keys, a `Quantity` whose qualifier and bounds say how sure it is, and the ids of
the observations it came from; the result also lists every observation left out
and why, every reconciliation of a whole against its parts, and every expected
group that reported nothing (missing is never zero).

The rules, in the order they apply:

1. **Scope.** Only the metric (and, by default, its sub-metrics) counts. An
   observation on another reporting calendar than the query period is left out
   unless ``mix_calendars=True``; one whose period lies only partly inside the
   query period is left out (never pro-rated) unless ``partial="include"``. One
   whose period the source does not state is left out of every question (unless
   its source's date puts it before the question's period), and so is a percentage
   stated without its figures (never averaged).
2. **Places as of a date.** Places group by the hierarchy in force on ``as_of``
   (the end of the query period by default): figures of a unit later merged roll
   up into its successor when grouping as of a later date.
3. **Restatements count once.** Observations with the same metric, place,
   organisation, period and disaggregation (`Observation.key`) state one figure; the
   most precise statement is used (exact before approximate, then narrower bounds,
   then the smaller id) and the others are reconciled against it.
4. **A whole and its parts count once.** A figure *covers* another when its metric,
   place and period contain the other's (for stocks: the same period), its label is
   the other's or none (an unlabelled figure is the whole of labelled ones), and its
   organisation is the other's, one above it, or none (a figure of everyone is the
   whole of the organisations'). Different organisations' figures add up. When the
   parts of a whole are complete (every sub-metric of a "consists of" breakdown,
   every place below, or periods that partition the whole's), the parts are used;
   otherwise the whole is used. Either way a reconciliation entry shows the whole,
   the sum of the parts and whether they are consistent given their qualifiers. A
   part shared by two wholes counts once. Figures that share events without one
   lying within the other (a province's 2021 tips and a district's 2017–2021 tips;
   a stock of a place and of a place above it) are never added: the one with the
   larger area, then the longer period, is kept and the other is left out.
5. **Over time**, a stock, minimum or ratio takes its latest figure per series;
   a flow sums.
6. **Over places and sub-metrics**, by the metric's rule, and one row per
   dimension: grams never add to pieces.

Engines
-------
An engine computes the answer; every engine gives the reference engine's answer (a
differential property test checks it). ``engine="reference"`` answers one figure at a
time; ``engine="columnar"`` groups and sums columns with numpy, and leaves to the
reference engine the groups it cannot simply add (and, with ``None`` returned, whole
questions it does not handle: ratios, minimums, ``by="place"``, partial periods kept,
calendars compared by dates). By default (``engine=None``) datasets of 1,000 figures or
more go to the columnar engine. Every engine reads the same `Query`, and applies the same
scope rules (`danvan._aggregate.rules`), breakdown rules (`danvan._breakdown`) and
combination rules (`danvan._aggregate.semantics`).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

import attrs

from danvan._aggregate.query import Query
from danvan._aggregate.results import AggregationResult, Reconciliation, TargetResult
from danvan._breakdown import parts_exceed
from danvan._campaigns import Campaign
from danvan._lang import Message, Text
from danvan._observations import Observation
from danvan.errors import InvalidValueError

if TYPE_CHECKING:
    from danvan._aggregate.rules import Data, Scope  # imported on first use, below
    from danvan._dataset import Dataset  # annotations only: the dataset sits above
    from danvan._observation_table import ObservationTable

__all__ = [
    "BULK",
    "ENGINES",
    "Engine",
    "aggregate",
    "attainment",
    "contradiction_note",
    "engine_named",
]


class Engine(Protocol):
    """What an engine offers: a name, and an answer to a checked question.

    An engine may answer part of a question itself and give the groups it cannot
    simply add to the reference engine (`danvan._aggregate.reference.Run.run` over those
    figures); it returns None to leave the whole question to the reference engine.
    A SQL engine joins the small tables of `Scope.tables` to its figures.
    """

    @property
    def name(self) -> str:
        """The name ``aggregate(engine=...)`` knows it by."""
        ...

    def answer(self, data: Data, query: Query, scope: Scope) -> AggregationResult | None:
        """The answer to ``query`` about ``data``, or None to leave it to the reference.

        ``scope`` holds the question's scope rules over ``data``, decided once.
        """
        ...


ENGINES: dict[str, str] = {
    "reference": "danvan._aggregate.reference",
    "columnar": "danvan._aggregate.columnar",
    "duckdb": "danvan._aggregate.duckdb_engine",
    "spark": "danvan._aggregate.spark_engine",
}
"""The engines by name, and the module holding each (imported on first use: the
columnar engine needs numpy, the SQL engines duckdb or pyspark, which ``import danvan``
never loads)."""

BULK = 1_000
"""From this many figures, ``engine=None`` chooses the columnar engine."""


def engine_named(name: str) -> Engine:
    """The engine called ``name`` (one of `ENGINES`).

    Raises:
        InvalidValueError: no engine has that name.
    """
    module = ENGINES.get(name)
    if module is None:
        raise InvalidValueError(
            f"unknown engine {name!r}; expected one of {', '.join(ENGINES)} or None",
            where="engine",
        )
    found: Engine = importlib.import_module(module).ENGINE
    return found


def aggregate(
    data: Dataset | ObservationTable, query: Query, *, engine: str | None = None
) -> AggregationResult:
    """Answer ``query`` about ``data``: honest totals over places, periods and sub-metrics.

    See the module documentation of `danvan._aggregate.aggregate` (or
    docs/metrics-and-aggregation.md) for the rules. `Dataset.aggregate` builds the
    `Query` from keyword arguments.

    Args:
        data: The dataset, or a table of observations (`ObservationTable`).
        query: The question.
        engine: ``"reference"``, ``"columnar"``, ``"duckdb"`` or ``"spark"``; None
            chooses: DuckDB for a table (Spark for a Spark DataFrame), else by size.
            Every engine gives the same answer.

    Returns:
        The totals, with what was left out, reconciled and missing.

    Raises:
        UnknownReferenceError: unknown metric or place.
        InvalidValueError: a place not in force on ``query.as_of``; an unknown engine.

    >>> import danvan
    >>> question = danvan.Query(metric="tips", period=danvan.Period.years(2017, 2021))
    >>> danvan.aggregate(danvan.Dataset(), question, engine="reference").rows
    ()
    """
    if not isinstance(query, Query):
        raise InvalidValueError(
            f"must be a Query, got {type(query).__name__} {query!r}", where="query"
        )
    chosen = engine_named(engine) if engine is not None else None
    scope = _checked(data, query)
    if chosen is None:
        chosen = _default(data)
    answer = None
    if chosen is not None and chosen.name != "reference":
        answer = chosen.answer(data, query, scope)
    if answer is None:
        reference = engine_named("reference")  # imported on first use, as every engine
        answer = reference.answer(data, query, scope)
    assert answer is not None  # the reference engine answers every question
    return _noted(data, query, scope, answer)


def _noted(data: Data, query: Query, scope: Scope, answer: AggregationResult) -> AggregationResult:
    """The answer, saying (for every engine) which units it regrouped under the ``as_of``
    map, and which wholes its own parts contradict."""
    from danvan._aggregate.regrouping import regrouped, regrouping_note  # on first use

    pairs = regrouped(data, query, scope)
    notes = [
        note
        for note in (
            regrouping_note(data.places, pairs, query.as_of),
            contradiction_note(data, answer.reconciliations),
        )
        if note is not None
    ]
    if not notes:
        return answer
    return attrs.evolve(answer, regrouped=pairs, notes=(*answer.notes, *notes))


def contradiction_note(data: Data, reconciliations: Iterable[Reconciliation]) -> Message | None:
    """The note telling a reader which figures the totals took though the source's own
    figures contradict them: a whole kept beside parts that add up to more than it can be
    (`danvan._breakdown.parts_exceed`), or complete parts used that cannot add up to their
    whole. Neither figure is "fixed": the reader is told, and the reconciliations show both.
    """
    kept: list[tuple[str, str]] = []
    replaced: list[tuple[str, str]] = []
    for r in reconciliations:
        if r.kind != "parts" or r.consistent or r.parts_total is None:
            continue
        whole = data.lookup(Observation, r.whole)
        where = _where(data, whole)
        if r.used == "whole" and parts_exceed(r.whole_value, r.parts_total):
            kept.append(
                (
                    f"{where.vi}: {r.whole_value}, các phần cộng lại được {r.parts_total}",
                    f"{where.en}: {r.whole_value:en}, its parts add up to {r.parts_total:en}",
                )
            )
        elif r.used == "parts":
            replaced.append(
                (
                    f"{where.vi}: {r.whole_value}, các phần cộng lại được {r.parts_total}",
                    f"{where.en}: {r.whole_value:en}, its parts add up to {r.parts_total:en}",
                )
            )
    vi: list[str] = []
    en: list[str] = []
    if kept:
        vi.append(
            "Tổng giữ nguyên số liệu mà chính các phần của nó mâu thuẫn (các phần cộng lại "
            "lớn hơn; nguồn tự mâu thuẫn, cần kiểm tra lại): " + "; ".join(v for v, _ in kept)
        )
        en.append(
            "A total keeps a figure its own parts contradict (they add up to more; the "
            "source contradicts itself, check it): " + "; ".join(e for _, e in kept)
        )
    if replaced:
        vi.append(
            "Tổng dùng các phần thay cho số liệu tổng mà chúng không khớp: "
            + "; ".join(v for v, _ in replaced)
        )
        en.append(
            "A total uses parts in place of a whole they do not add up to: "
            + "; ".join(e for _, e in replaced)
        )
    if not en:
        return None
    return Message(". ".join(en), ". ".join(vi))


def _where(data: Data, obs: Observation) -> Text:
    """The figure ``obs`` as a note names it: its id, metric, place (by name) and period."""
    place = obs.place
    if place is not None and place in data.places:
        place = f"{data.places.get(place).name} ({place})"
    when = "" if obs.period is None else f", {obs.period}"
    return Text(
        f"{obs.id} ({obs.metric}, {place or 'không ghi địa bàn'}{when})",
        f"{obs.id} ({obs.metric}, {place or 'no place'}{when})",
    )


def _default(data: Data) -> Engine | None:
    """The engine ``engine=None`` chooses: DuckDB for a table (Spark for a Spark
    DataFrame), the numpy engine for a large dataset (None: the reference engine)."""
    from danvan._observation_table import ObservationTable  # no pyarrow: a plain class

    if isinstance(data, ObservationTable):
        return engine_named("spark" if data.frame is not None else "duckdb")
    return engine_named("columnar") if len(data.observations) >= BULK else None


def _checked(data: Data, query: Query) -> Scope:
    """The scope of ``query`` over ``data``, once the names it gives are checked there."""
    from danvan._aggregate.rules import Scope  # on first use: import time

    data.catalogue.get(query.metric)  # an unknown metric raises, naming near ones
    day = query.as_of
    for code in (*query.places, *((query.place,) if query.place else ())):
        # Areas are asked about as of a date: a unit not in force then has no area.
        if not data.places.get(code).is_valid_on(day):
            raise InvalidValueError(
                f"place {code} is not in force on {day}: ask as of a date when it was "
                f"(as_of=...), or about the units that hold its area then",
                where="places" if code in query.places else "place",
            )
    return Scope(data, query)


def attainment(data: Dataset, campaign: str) -> tuple[TargetResult, ...]:
    """Each target of ``campaign`` against the aggregated figures for it.

    The actual value is `aggregate` of the target's metric over the target's period
    (within its place, when it names one), in the target's dimension.

    Raises:
        UnknownReferenceError: no such campaign, or a target names an unknown metric.
    """
    record = data.lookup(Campaign, campaign)
    results = []
    for target in record.targets:
        # As of the end of the target's period (the default), where its place is.
        question = Query(metric=target.metric, period=target.period, place=target.place)
        result = aggregate(data, question)
        rows = [r for r in result.rows if r.quantity.dimension is target.quantity.dimension]
        if len(rows) != 1:
            results.append(TargetResult(campaign=campaign, target=target, actual=None, check=None))
            continue
        actual = rows[0].quantity
        results.append(
            TargetResult(
                campaign=campaign,
                target=target,
                actual=actual,
                check=target.attainment(actual),
                observations=rows[0].observations,
            )
        )
    return tuple(results)
