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
combination rules (`danvan._aggregate.semantics`). An engine of your own plugs in the
same way (``engine=MyEngine()``): see `Engine`, `danvan.Scope` and
`danvan.reference_answer`.
"""

from __future__ import annotations

import importlib
import reprlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import attrs

from danvan._aggregate.query import Query
from danvan._aggregate.results import AggregationResult, Reconciliation, TargetResult
from danvan._breakdown import parts_exceed
from danvan._campaigns import Campaign
from danvan._lang import Message, Text
from danvan._observations import Observation
from danvan._public import publish
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
    "engine_of",
]


@runtime_checkable
class Engine(Protocol):
    """An aggregation engine: a name, and an answer to a checked question.

    Pass one to `aggregate` (``engine=MyEngine()``) as you would an engine's name. Its
    `answer` is given the data asked, the `Query`, and the question's `Scope`: the scope
    rules (which figures count, in which groups, and why the others are left out),
    decided once. An engine never decides those by itself: it applies the scope's
    verdicts its own way (per figure with `Scope.judge`, or per distinct period, unit and
    place for engines that work on columns or SQL tables).

    An engine may answer the whole question, part of it, or none:

    * **part**: it computes the groups it can simply add and hands every other figure
      of the question (those the scope leaves out, and each group it does not compute,
      whole) to the reference engine with `danvan.reference_answer`, which answers about
      them and merges its rows with the engine's;
    * **none**: it returns None, and the reference engine answers the whole question
      (an engine declines what it does not handle: ratios, say, or ``by="place"``).

    The contract: an engine's answer equals the reference engine's, rows, exclusions,
    reconciliations and missing groups included (``==`` and ``repr``). Check a new
    engine as danvan checks its own: the differential laws of ``tests/test_engines.py``
    compare every engine with ``engine="reference"`` on generated messy data
    (restatements, wholes beside their parts, overlapping periods, unknown places).
    `AggregationResult.engine` then says which engine answered: its `name`.

    >>> import danvan
    >>> class Cautious:
    ...     name = "cautious"
    ...
    ...     def answer(self, data, query, scope):
    ...         return None  # leaves every question to the reference engine
    >>> isinstance(Cautious(), danvan.Engine)
    True
    >>> question = danvan.Query(metric="tips")
    >>> danvan.aggregate(danvan.Dataset(), question, engine=Cautious()).engine
    'reference'

    See "Writing an engine" in docs/large-data.md for an engine that answers part of a
    question.
    """

    @property
    def name(self) -> str:
        """What `AggregationResult.engine` says when this engine answered: a short name,
        not one of danvan's own engines' (``"reference"``, ``"columnar"``...)."""
        ...

    def answer(
        self, data: Dataset | ObservationTable, query: Query, scope: Scope
    ) -> AggregationResult | None:
        """The answer to ``query`` about ``data``, or None to leave it to the reference engine.

        Args:
            data: The data asked: a `Dataset`, or an `ObservationTable` (read its
                figures with ``data.select(metric=code)``).
            query: The question, checked against ``data`` (its metric and places exist).
            scope: The question's scope rules over ``data``, decided once.

        Returns:
            The answer (the same as the reference engine's), or None.
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
            f"unknown engine {name!r}; expected one of {', '.join(ENGINES)}, an Engine, or None",
            where="engine",
        )
    found: Engine = importlib.import_module(module).ENGINE
    return found


def engine_of(engine: object) -> Engine:
    """The engine ``engine=`` asks for: by name (one of `ENGINES`), or an `Engine` itself.

    Raises:
        InvalidValueError: an unknown name; something that is not an engine (no ``name``
            string or no ``answer`` method, or an engine's class rather than an engine);
            another engine under the name of one of danvan's own.
    """
    if isinstance(engine, str):
        return engine_named(engine)
    expected = f"expected an engine's name ({', '.join(ENGINES)}), an Engine, or None"
    shown = f"{type(engine).__name__} {reprlib.repr(engine)}"
    if isinstance(engine, type):
        raise InvalidValueError(
            f"got the class {engine.__name__}, not an engine: pass an instance "
            f"(engine={engine.__name__}(...))",
            where="engine",
        )
    name = getattr(engine, "name", None)
    if not callable(getattr(engine, "answer", None)):
        raise InvalidValueError(
            f"{expected}; got {shown}, which has no answer(data, query, scope) method",
            where="engine",
        )
    if not isinstance(name, str) or not name:
        raise InvalidValueError(
            f"{expected}; got {shown}, whose name is {name!r}: an engine's name is a "
            f"non-empty string (AggregationResult.engine says it)",
            where="engine",
        )
    if name in ENGINES and engine is not engine_named(name):
        raise InvalidValueError(
            f"the engine {shown} calls itself {name!r}, the name of danvan's own engine: "
            f"give it another name, so that AggregationResult.engine says which engine answered",
            where="engine",
        )
    assert isinstance(engine, Engine)  # a name and an answer: what the protocol checks
    return engine


def aggregate(
    data: Dataset | ObservationTable, query: Query, *, engine: str | Engine | None = None
) -> AggregationResult:
    """Answer ``query`` about ``data``: honest totals over places, periods and sub-metrics.

    See the module documentation of `danvan._aggregate.aggregate` (or
    docs/metrics-and-aggregation.md) for the rules. `Dataset.aggregate` builds the
    `Query` from keyword arguments.

    Args:
        data: The dataset, or a table of observations (`ObservationTable`).
        query: The question.
        engine: ``"reference"``, ``"columnar"``, ``"duckdb"`` or ``"spark"``, or an
            `Engine` of your own; None chooses: DuckDB for a table (Spark for a Spark
            DataFrame), else by size. Every engine gives the same answer; when one
            returns None, the reference engine answers.

    Returns:
        The totals, with what was left out, reconciled and missing.
        `AggregationResult.engine` is the name of the engine that answered.

    Raises:
        UnknownReferenceError: unknown metric or place.
        InvalidValueError: a place not in force on ``query.as_of``; an unknown engine,
            or ``engine=`` given something that is not an engine, or an engine's answer
            that is not an `AggregationResult` of this question.

    >>> import danvan
    >>> question = danvan.Query(metric="tips", period=danvan.Period.years(2017, 2021))
    >>> danvan.aggregate(danvan.Dataset(), question, engine="reference").rows
    ()
    """
    if not isinstance(query, Query):
        raise InvalidValueError(
            f"must be a Query, got {type(query).__name__} {query!r}", where="query"
        )
    chosen = engine_of(engine) if engine is not None else None
    scope = _checked(data, query)
    if chosen is None:
        chosen = _default(data)
    reference = engine_named("reference")  # imported on first use, as every engine
    answer = None
    if chosen is not None and chosen is not reference:
        answer = chosen.answer(data, query, scope)
        if answer is not None:
            answer = _answered_by(chosen, query, scope, answer)
    if answer is None:
        answer = reference.answer(data, query, scope)
    assert answer is not None  # the reference engine answers every question
    return _noted(data, query, scope, answer)


def _answered_by(engine: Engine, query: Query, scope: Scope, answer: object) -> AggregationResult:
    """``engine``'s answer, once checked to be an answer to ``query``, saying it answered."""
    if not isinstance(answer, AggregationResult):
        raise InvalidValueError(
            f"the engine {engine.name!r} answered with {type(answer).__name__} "
            f"{reprlib.repr(answer)}; expected an AggregationResult, or None to leave the "
            f"question to the reference engine",
            where="engine",
        )
    asked = (scope.metric.code, query.period, query.by, query.as_of)
    if (answer.metric, answer.period, answer.by, answer.as_of) != asked:
        raise InvalidValueError(
            f"the engine {engine.name!r} answered another question (metric {answer.metric}, "
            f"period {answer.period}, by {answer.by}, as of {answer.as_of}) than the one "
            f"asked (metric {asked[0]}, period {asked[1]}, by {asked[2]}, as of {asked[3]})",
            where="engine",
        )
    if answer.engine != engine.name:
        answer = attrs.evolve(answer, engine=engine.name)
    return answer


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


# danvan imports this module on first use; the class says danvan.X however it is reached.
publish(Engine)
