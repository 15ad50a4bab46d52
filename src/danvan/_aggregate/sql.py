"""The SQL the SQL engines run: one generator, its dialects told apart in one place.

`danvan._aggregate.tables` decides what a question needs (which small tables to join,
which figures go to the reference engine); this module writes it as SQL text that DuckDB
and Spark both run and answer with the same rows. The traps of writing one text for two
engines are met here, once:

* **identifiers** are always quoted (`Dialect.name`): ``"value"`` for DuckDB,
  ```value``` for Spark, whatever words either reserves;
* **literals**: no code or text from the data is written into the SQL; every value a
  question depends on (metric codes, periods, places) comes in a small table that is
  joined, so neither engine's escaping rules matter;
* **NULL ordering** is written out (``NULLS FIRST``): DuckDB sorts NULLs last by
  default, Spark first;
* **decimal sums**: the number columns are DECIMAL(38, 9), whose sums both engines keep
  at DECIMAL(38, 9); the engine checks before running that no sum can overflow (Spark
  would return NULL or fail, depending on its ANSI mode), and casts counts and bit sets
  to BIGINT so both give the same Arrow types;
* **grouping ids** (``GROUPING SETS``, ``ROLLUP``) are never used: their numbering differs
  between engines; a roll-up is one question per level;
* **hashes** (only ever compared for equality) are DuckDB's ``hash`` and Spark's
  ``xxhash64``.

The observations are the relation `OBSERVATIONS` (each backend makes it from an Arrow
table or Parquet files, with a ``pos`` column giving the table order).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import attrs

from danvan._quantity import Qualifier

__all__ = [
    "DUCKDB",
    "FLAG_BITS",
    "QUALIFIER_BITS",
    "SPARK",
    "TALLY_ZERO",
    "UNSTATED",
    "Dialect",
    "Question",
    "Traits",
    "cells_sql",
    "derived_sql",
    "facts_sql",
    "fetch_sql",
    "labels_sql",
    "notes_sql",
    "places_by_period_sql",
    "provenance_sql",
    "suspects_sql",
    "traits_sql",
]

UNSTATED = "-"
"""The code standing for a period not stated in the periods table (no period's code)."""

TALLY_ZERO = 1 << 32
"""What an exact zero adds to a cell's ``tally`` beside the one every figure adds: the
sum holds the number of figures below this and the number of zeros above it (one
aggregate instead of two)."""

# Each row's qualifier and the traits of its bounds, as bits of one integer whose
# `bit_or` over a cell says which occur there (one aggregate instead of five).
QUALIFIER_BITS = {q: 1 << i for i, q in enumerate(Qualifier)}
FLAG_BITS = {
    "upper_none": 1 << 10,  # no upper bound
    "lower_open": 1 << 11,
    "upper_open": 1 << 12,
    "value_decimal": 1 << 13,  # the number is a Decimal
    "lower_decimal": 1 << 14,
    "upper_decimal": 1 << 15,
}


def _trait_conditions(n: Callable[[str], str]) -> dict[str, str]:
    """When a figure has each trait of `FLAG_BITS` (``n`` quotes a column name)."""
    return {
        "upper_none": f"{n('upper')} IS NULL",
        "lower_open": f"NOT coalesce({n('lower_closed')}, FALSE)",
        "upper_open": f"NOT coalesce({n('upper_closed')}, FALSE)",
        **{
            f"{name}_decimal": f"{n(f'{name}_exponent')} IS NOT NULL"
            for name in ("value", "lower", "upper")
        },
    }


@attrs.frozen
class Dialect:
    """What differs between the SQL of two engines."""

    engine: str
    quote: str  # the identifier quote
    hash_function: str  # a 64-bit hash of several values

    def name(self, identifier: str) -> str:
        """``identifier`` quoted (it never holds the quote character: names are ours)."""
        assert self.quote not in identifier
        return f"{self.quote}{identifier}{self.quote}"

    def column(self, relation: str, identifier: str) -> str:
        """A column of a relation: ``o."value"``."""
        return f"{relation}.{self.name(identifier)}"


DUCKDB = Dialect(engine="duckdb", quote='"', hash_function="hash")
SPARK = Dialect(engine="spark", quote="`", hash_function="xxhash64")


@attrs.frozen(kw_only=True)
class Question:
    """A question as the SQL needs it: the relations to join and what to compute.

    Args:
        dialect: Whose SQL.
        observations: The name of the observations relation.
        periods: The periods small table: ``period``, ``state`` (0 counted, 1 set
            aside), ``bucket``, ``rid`` (an id where the period may overlap another in a
            group, else NULL), ``solo`` (1: its figures go to the reference engine),
            ``rank`` (by end, then start: the latest of a stock), ``bucket_rank`` (the
            bucket's rank among the question's buckets, by code point).
        metrics: The metrics small table (``metric``, ``rid``, ``own``, ``metric_rank``),
            or None when every metric of the table is asked about, none nests in another
            and metrics are not a group key.
        places: The places small table (``place``, ``state``: 0 counted, 1 set aside,
            2 outside the asked area; ``area``; ``area_rank``; ``rid``), or None when
            places do not matter.
        misfits: The metric-unit pairs the scope rules leave out (``metric``, ``unit``,
            ``ratio``), or None.
        groups: The group keys, as (name, source) pairs: the source is one of
            ``"area"``, ``"organisation"``, ``"bucket"``, ``"metric"``.
        aside_place: Figures without a place are set aside (places matter).
        aside_organisation: Figures without an organisation are set aside.
        stock: The latest figure of each series counts (else every figure adds up).
        decimals: Some figure holds a Decimal: the exponents are computed.
        roles: Which small tables carry ``rid`` ids to compare within a cell.
        own: Whether the ``own`` column of the metrics table is read.
        solo: Whether some period sends its figures to the reference engine.
        unit_key: Whether cells are told apart by unit (else each metric, a group key,
            has one unit: the engine adds it).
        unstated: Some figure's period is not stated: the periods table has a row of
            code `UNSTATED` for them.
        labels: The labels small table (``label``, ``key``: labels written differently
            that read as one), joined for a stock's series; or None.
        period_states: Some row of the periods table is not counted (its ``state`` is
            read; else every joined period counts).
        place_states: Likewise for the places table.
        tally: The cells count figures and exact zeros in one sum of ``tally``
            (`TALLY_ZERO` per zero, plus one per figure); else in two aggregates, for
            tables too large to keep the counts apart in one 64-bit number.
    """

    dialect: Dialect
    observations: str
    periods: str
    metrics: str | None
    places: str | None
    misfits: str | None
    groups: tuple[tuple[str, str], ...]
    aside_place: bool
    aside_organisation: bool
    stock: bool
    decimals: bool
    roles: tuple[str, ...]
    own: bool
    solo: bool = False
    unit_key: bool = True
    unstated: bool = False
    labels: str | None = None
    period_states: bool = True
    place_states: bool = True
    tally: bool = True

    def c(self, relation: str, identifier: str) -> str:
        return self.dialect.column(relation, identifier)

    def n(self, identifier: str) -> str:
        return self.dialect.name(identifier)


def _source(q: Question, source: str) -> str:
    """The expression of a group key's source, in the joined relation.

    A key decided by a small table (the area of a place, the time bucket of a period, a
    metric) is that table's ``rank`` of it: a number in the order of the text (by code
    point), so that cells group by numbers and come back already coded; an organisation
    is its text."""
    return {
        "area": q.c("l", "area_rank"),
        "organisation": q.c("o", "organisation"),
        "bucket": q.c("p", "bucket_rank"),
        "metric": q.c("m", "metric_rank"),
    }[source]


def _aside(q: Question) -> str:
    """Whether a figure goes to the reference engine (which lists it as left out)."""
    terms = [f"{q.c('p', 'state')} = 1"]
    if q.misfits is not None:
        terms.append(f"{q.c('x', 'metric')} IS NOT NULL")
    if q.aside_place:
        terms += [f"{q.c('o', 'place')} IS NULL", f"coalesce({q.c('l', 'state')}, 0) = 1"]
    if q.aside_organisation:
        terms.append(f"{q.c('o', 'organisation')} IS NULL")
    return "(" + " OR ".join(terms) + ")"


def _joined(q: Question) -> str:
    """Every column of the question's figures, with their group keys (``g0``...),
    ``aside`` (the reference engine lists it as left out) and ``dropped`` (outside the
    asked area)."""
    columns = ["o.*"]
    columns += [f"{_source(q, source)} AS {q.n(f'g{i}')}" for i, (_, source) in enumerate(q.groups)]
    columns += [f"{_aside(q)} AS {q.n('aside')}"]
    # Places only some figures name are joined on the left: NULL reads as counted.
    dropped = f"coalesce({q.c('l', 'state')}, 0) = 2" if q.places is not None else "FALSE"
    columns += [f"{dropped} AS {q.n('dropped')}"]
    joins = [f"JOIN {q.periods} p ON {_period_join(q)}"]
    if q.metrics is not None:
        joins.append(f"JOIN {q.metrics} m ON {q.c('o', 'metric')} = {q.c('m', 'metric')}")
    if q.places is not None:
        joins.append(f"LEFT JOIN {q.places} l ON {q.c('o', 'place')} = {q.c('l', 'place')}")
    if q.misfits is not None:
        joins.append(_misfits(q))
    return f"SELECT {', '.join(columns)} FROM {q.observations} o {' '.join(joins)}"


def _period_join(q: Question) -> str:
    """How a figure meets its row of the periods table: by its period's code; with
    ``unstated``, a period not stated meets the row of code ``UNSTATED``."""
    period = q.c("o", "period")
    if q.unstated:
        period = f"coalesce({period}, '{UNSTATED}')"
    return f"{period} = {q.c('p', 'period')}"


def _keys(q: Question) -> list[str]:
    return [q.n(f"g{i}") for i in range(len(q.groups))]


def _cell(q: Question) -> list[str]:
    """What tells cells apart: the group keys, and the unit unless a key determines it."""
    return [*_keys(q), q.n("unit")] if q.unit_key else _keys(q)


def _series(q: Question) -> str:
    """What a stock's series is within a group: metric, place, organisation and label
    (`Observation.key` but the period)."""
    label = "label_key" if q.labels is not None else "disaggregation"
    names = ("metric", "place", "organisation", label)
    return ", ".join([*_keys(q), *(q.n(name) for name in names)])


def _latest(q: Question) -> str:
    """The order in which a stock's figures supersede each other: latest first."""
    return f"{q.n('p_rank')} DESC, {q.n('id')} DESC"


def _counted(q: Question) -> str:
    """The figures that count in the cells, with their group keys: the small tables
    joined, and only what the scope rules keep (the rest goes to the reference engine)."""
    c = q.c
    columns = [
        c("o", name)
        for name in (
            "id",
            "metric",
            "unit",
            "value",
            "lower",
            "upper",
            "bits",
            "zero",
            "tally",
            "period",
            "place",
            "organisation",
            "disaggregation",
        )
    ]
    if q.decimals:
        columns += [c("o", f"{name}_exponent") for name in ("value", "lower", "upper")]
    columns += [f"{_source(q, source)} AS {q.n(f'g{i}')}" for i, (_, source) in enumerate(q.groups)]
    columns.append(f"{c('p', 'rank')} AS {q.n('p_rank')}")
    if q.solo:
        columns.append(f"{c('p', 'solo')} AS {q.n('solo')}")
    for role, alias in (("periods", "p"), ("places", "l"), ("metrics", "m")):
        if role in q.roles:
            columns.append(f"{c(alias, 'rid')} AS {q.n(f'{alias}_rid')}")
    if q.own:
        columns.append(f"{c('m', 'own')} AS {q.n('own')}")
    joins = [f"JOIN {q.periods} p ON {_period_join(q)}"]
    if q.labels is not None:  # one key for labels read as one (`match_key`)
        key = f"coalesce({c('b', 'key')}, {c('o', 'disaggregation')})"
        columns.append(f"{key} AS {q.n('label_key')}")
        joins.append(f"LEFT JOIN {q.labels} b ON {c('o', 'disaggregation')} = {c('b', 'label')}")
    where = [f"{c('p', 'state')} = 0"] if q.period_states else []
    if q.metrics is not None:
        joins.append(f"JOIN {q.metrics} m ON {c('o', 'metric')} = {c('m', 'metric')}")
    if q.places is not None:
        if q.aside_place:  # every place a figure names is in the table
            joins.append(f"JOIN {q.places} l ON {c('o', 'place')} = {c('l', 'place')}")
            if q.place_states:
                where.append(f"{c('l', 'state')} = 0")
        else:  # only places within others: for their ids
            joins.append(f"LEFT JOIN {q.places} l ON {c('o', 'place')} = {c('l', 'place')}")
    if q.misfits is not None:
        joins.append(_misfits(q))
        where.append(f"{c('x', 'metric')} IS NULL")
    if q.aside_organisation:
        where.append(f"{c('o', 'organisation')} IS NOT NULL")
    condition = f" WHERE {' AND '.join(where)}" if where else ""
    return f"SELECT {', '.join(columns)} FROM {q.observations} o {' '.join(joins)}{condition}"


def _misfits(q: Question) -> str:
    c = q.c
    ratio = f"({c('o', 'ratio')} IS NOT NULL)"
    return (
        f"LEFT JOIN {q.misfits} x ON {c('o', 'metric')} = {c('x', 'metric')} "
        f"AND {c('o', 'unit')} = {c('x', 'unit')} AND {ratio} = {c('x', 'ratio')}"
    )


Traits = Mapping[str | None, tuple[int, int]]
"""What a table's figures (exact zeros aside) have of the traits of `FLAG_BITS`, by
qualifier: the traits some figure with that qualifier has, and those every one has
(`traits_sql`)."""


def _determined(traits: Traits) -> tuple[dict[str | None, int], set[str]]:
    """The traits the qualifier tells (each qualifier's figures all have it or all lack
    it) with each qualifier's bits of them, and the traits some figure has that must be
    read figure by figure. Qualifiers that are not danvan's (or NULL) count as one."""
    known = {q.value for q in Qualifier}
    groups: dict[str | None, tuple[int, int]] = {}
    for qualifier, (some, every) in traits.items():
        key = qualifier if qualifier in known else None
        if key in groups:
            some, every = some | groups[key][0], every & groups[key][1]
        groups[key] = (some, every)
    read: set[str] = set()
    for trait, bit in FLAG_BITS.items():
        if any((some & bit) != (every & bit) for some, every in groups.values()):
            read.add(trait)
    told = sum(bit for trait, bit in FLAG_BITS.items() if trait not in read)
    return {key: every & told for key, (_, every) in groups.items()}, read


def derived_sql(d: Dialect, relation: str, traits: Traits | None = None) -> str:
    """The observations of ``relation`` with what each figure adds to its cell: ``bits``
    (its qualifier, `QUALIFIER_BITS`, and traits, `FLAG_BITS`), ``zero`` (1 for an
    exact zero, which `add` drops beside other figures: its traits then do not count)
    and ``tally`` (1, plus `TALLY_ZERO` for an exact zero).

    With the table's ``traits`` (`traits_sql`), a trait the qualifier tells (every
    "more than" figure has an open lower bound, no exact figure has one) is read from the
    qualifier alone, and a trait no figure has is not looked for: their columns need not
    be read for each figure.
    """
    n = d.name
    zero = f"({n('qualifier')} = '{Qualifier.EXACT.value}' AND {n('value')} = 0)"
    if traits is None:
        fixed: dict[str | None, int] = {}
        read = set(FLAG_BITS)
    else:
        fixed, read = _determined(traits)
    qualifier_bit = (
        "CASE "
        + " ".join(
            f"WHEN {n('qualifier')} = '{qualifier.value}' THEN "
            f"{bit + fixed.get(qualifier.value, 0)}"
            for qualifier, bit in QUALIFIER_BITS.items()
        )
        + f" ELSE {fixed.get(None, 0)} END"
    )
    looked_for = {t: c for t, c in _trait_conditions(n).items() if t in read}
    flags = [
        f"CASE WHEN {condition} THEN {FLAG_BITS[trait]} ELSE 0 END"
        for trait, condition in looked_for.items()
    ]
    # Most figures are exact and have none of the traits: their bits are told first,
    # from the fewest columns (the full sum below gives them the same bits).
    exact = f"{n('qualifier')} = '{Qualifier.EXACT.value}'"
    plain = " AND ".join(f"NOT ({condition})" for condition in looked_for.values())
    if fixed.get(Qualifier.EXACT.value, 0):
        exact = zero  # exact figures all have some trait: only zeros have none
    elif plain:
        exact = f"{exact} AND ({n('value')} = 0 OR ({plain}))"
    bits = (
        f"CAST(CASE WHEN {exact} THEN {QUALIFIER_BITS[Qualifier.EXACT]} "
        f"ELSE {' + '.join([qualifier_bit, *flags])} END AS INT)"
    )
    return (
        f"SELECT *, {bits} AS {n('bits')}, CAST(CASE WHEN {zero} THEN 1 ELSE 0 END AS INT) "
        f"AS {n('zero')}, CAST(CASE WHEN {zero} THEN {1 + TALLY_ZERO} ELSE 1 END AS BIGINT) "
        f"AS {n('tally')} FROM {relation}"
    )


def traits_sql(d: Dialect, observations: str) -> str:
    """The traits of `FLAG_BITS` the figures of each qualifier have (`Traits`): some
    (``some``) and every one (``every``), exact zeros aside."""
    n = d.name
    flags = " + ".join(
        f"CASE WHEN {condition} THEN {FLAG_BITS[trait]} ELSE 0 END"
        for trait, condition in _trait_conditions(n).items()
    )
    zero = f"coalesce({n('qualifier')} = '{Qualifier.EXACT.value}' AND {n('value')} = 0, FALSE)"
    return (
        f"SELECT {n('qualifier')}, CAST(bit_or(f) AS BIGINT) AS {n('some')}, "
        f"CAST(bit_and(f) AS BIGINT) AS {n('every')} FROM (SELECT {n('qualifier')}, "
        f"CAST({flags} AS BIGINT) AS f FROM {observations} WHERE NOT {zero}) t "
        f"GROUP BY {n('qualifier')}"
    )


def cells_sql(q: Question) -> str:
    """Per cell (a group and a unit), what its total is computed from.

    Columns: the group keys ``g0``...; ``unit``; ``n`` (figures that count: for a stock,
    the latest of each series) and ``zeros`` (exact zeros among them), or with
    ``tally`` the two in one number (`TALLY_ZERO`); ``v``, ``lo``, ``hi``
    (sums of the value and bounds); ``bits`` (the qualifiers and traits that occur,
    `QUALIFIER_BITS` and `FLAG_BITS`, exact zeros' traits aside); ``ev``, ``el``, ``eu``
    (with ``decimals``: the least exponent among the Decimals and ints that count); ``all``
    (every figure, for a stock); ``solo``; per role, the least and greatest id
    (``p_min``, ``p_max``...); ``own``. In no order: the engine sorts the cells. For a
    stock, a cell whose figures were all superseded by a later figure of their series in
    another unit counts none: its ``bits`` are NULL.
    """
    n = q.n

    def kept(expression: str) -> str:
        """The expression where a figure counts (for a stock: the latest of its series)."""
        return f"CASE WHEN {n('rn')} = 1 THEN {expression} END" if q.stock else expression

    if q.tally:
        counts = [f"CAST(sum({kept(n('tally'))}) AS BIGINT) AS {n('tally')}"]
    else:
        counts = [
            f"CAST(count({kept('1')}) AS BIGINT) AS {n('n')}",
            f"CAST(sum({kept(n('zero'))}) AS BIGINT) AS {n('zeros')}",
        ]
    aggregates = [
        *counts,
        f"sum({kept(n('value'))}) AS {n('v')}",
        f"sum({kept(n('lower'))}) AS {n('lo')}",
        f"sum({kept(n('upper'))}) AS {n('hi')}",
        f"CAST(bit_or({kept(n('bits'))}) AS BIGINT) AS {n('bits')}",
    ]
    if q.solo:
        aggregates.append(f"CAST(max({n('solo')}) AS BIGINT) AS {n('solo')}")
    if q.decimals:
        for name, alias in (("value", "ev"), ("lower", "el"), ("upper", "eu")):
            # Exact zeros aside; an int has exponent 0 in a Decimal sum.
            exponent = f"CASE WHEN {n('zero')} = 0 THEN coalesce({n(f'{name}_exponent')}, 0) END"
            aggregates.append(f"CAST(min({kept(exponent)}) AS BIGINT) AS {n(alias)}")
    if q.stock:
        aggregates.append(f"CAST(count(*) AS BIGINT) AS {n('all')}")
    for alias in ("p", "l", "m"):
        if {"p": "periods", "l": "places", "m": "metrics"}[alias] in q.roles:
            rid = n(f"{alias}_rid")
            aggregates += [
                f"CAST(min({rid}) AS BIGINT) AS {n(f'{alias}_min')}",
                f"CAST(max({rid}) AS BIGINT) AS {n(f'{alias}_max')}",
            ]
    if q.own:
        aggregates.append(f"CAST(max({kept(n('own'))}) AS BIGINT) AS {n('own')}")
    keys = _cell(q)
    source = _counted(q)
    if q.stock:
        window = f"row_number() OVER (PARTITION BY {_series(q)} ORDER BY {_latest(q)})"
        source = f"SELECT *, {window} AS {n('rn')} FROM ({source}) c"
    return f"SELECT {', '.join([*keys, *aggregates])} FROM ({source}) s GROUP BY {', '.join(keys)}"


def provenance_sql(q: Question) -> str:
    """The ids of the figures each cell's total comes from, as (``cell``, ``id``) sorted.

    ``cell`` numbers the cells in the order of their keys and unit (from 0), as the
    engine sorts them (both compare text by its bytes: by code point).
    """
    n = q.n
    keys = _cell(q)
    source = _counted(q)
    where = ""
    if q.stock:
        window = f"row_number() OVER (PARTITION BY {_series(q)} ORDER BY {_latest(q)})"
        source = f"SELECT *, {window} AS {n('rn')} FROM ({source}) c"
        where = f"WHERE {n('rn')} = 1"
    order = ", ".join(f"{k} ASC NULLS FIRST" for k in keys)
    cell = f"dense_rank() OVER (ORDER BY {order}) - 1"
    return (
        f"SELECT CAST({cell} AS BIGINT) AS {n('cell')}, {n('id')} FROM ({source}) s {where} "
        f"ORDER BY {n('cell')}, {n('id')}"
    )


def notes_sql(q: Question) -> str:
    """The superseded figures of a stock: each with the figure that replaced it, in the
    order the reference engine writes its notes (by group, series, id)."""
    n = q.n
    series, latest = _series(q), _latest(q)
    columns = [
        *_keys(q),
        n("id"),
        n("period"),
        f"row_number() OVER (PARTITION BY {series} ORDER BY {latest}) AS {n('rn')}",
        f"first_value({n('id')}) OVER (PARTITION BY {series} ORDER BY {latest}) AS {n('kept')}",
        f"first_value({n('period')}) OVER (PARTITION BY {series} ORDER BY {latest}) "
        f"AS {n('kept_period')}",
        f"min({n('id')}) OVER (PARTITION BY {series}) AS {n('first')}",
    ]
    order = ", ".join(f"{k} ASC NULLS FIRST" for k in [*_keys(q), n("first"), n("id")])
    return (
        f"SELECT * FROM (SELECT {', '.join(columns)} FROM ({_counted(q)}) c) s "
        f"WHERE {n('rn')} > 1 ORDER BY {order}"
    )


def fetch_sql(q: Question, tangled: str | None, *, everything: bool = False) -> str:
    """Every column of the figures the reference engine must see, in table order: those set
    aside, and those of the groups in the ``tangled`` table (``g0``..., ``hit``); with
    ``everything``, every figure of the question."""
    n = q.n
    if everything:
        condition = "TRUE"
    else:
        condition = n("aside")
        if tangled is not None:
            condition = f"({condition} OR ({n('hit')} IS NOT NULL AND NOT {n('dropped')}))"
    source = f"({_joined(q)}) f"
    if tangled is not None and not everything:
        on = " AND ".join(
            f"{q.c('f', f'g{i}')} = {q.c('t', f'g{i}')}" for i in range(len(q.groups))
        )
        source += f" LEFT JOIN {tangled} t ON {on or 'TRUE'}"
        condition = condition.replace(n("hit"), q.c("t", "hit"))
    return f"SELECT f.* FROM {source} WHERE {condition} ORDER BY {q.c('f', 'pos')}"


def facts_sql(d: Dialect, observations: str) -> str:
    """What a table holds, per metric, unit and period: how many figures, whether any is
    a ratio or holds a Decimal, the largest number and the least exponent."""
    n = d.name
    decimals = " OR ".join(f"{n(f'{c}_exponent')} IS NOT NULL" for c in ("value", "lower", "upper"))
    return (
        f"SELECT {n('metric')}, {n('unit')}, ({n('ratio')} IS NOT NULL) AS {n('is_ratio')}, "
        f"{n('period')}, CAST(count(*) AS BIGINT) AS {n('n')}, "
        f"max(CASE WHEN {decimals} THEN 1 ELSE 0 END) AS {n('decimals')}, "
        f"max(CASE WHEN {n('organisation')} IS NULL THEN 1 ELSE 0 END) AS {n('no_organisation')}, "
        f"max(abs({n('value')})) AS {n('largest_value')}, "
        f"max(abs({n('lower')})) AS {n('largest_lower')}, "
        f"max(abs({n('upper')})) AS {n('largest_upper')}, "
        f"CAST(min(least({n('value_exponent')}, {n('lower_exponent')}, "
        f"{n('upper_exponent')})) AS BIGINT) AS {n('exponent')} "
        f"FROM {observations} GROUP BY {n('metric')}, {n('unit')}, ({n('ratio')} IS NOT NULL), "
        f"{n('period')}"
    )


def places_sql(d: Dialect, observations: str) -> str:
    """The places each metric's figures name (NULL: none)."""
    n = d.name
    return f"SELECT DISTINCT {n('metric')}, {n('place')} FROM {observations}"


def suspects_sql(d: Dialect, observations: str, *, nested: bool, clash: bool) -> str:
    """Every column of the figures that may state one figure twice (a restatement) or sit
    beside their parts by organisation or label (a whole), in table order.

    Figures about one metric, place and period are suspects when two share their
    organisation and label, or one has no label or no organisation beside others; with
    ``nested`` (an organisation is above another), when they name two organisations;
    with ``clash`` (two labels read as one, `match_key`), when one organisation has two
    labels. Hashes find them in one pass; the engine checks the suspects' own keys (a
    hash may collide) by the one rule (`danvan._breakdown.told_apart`).
    """
    n = d.name
    about = _about(d, "o")
    label = d.column("o", "disaggregation")
    organisation = d.column("o", "organisation")
    # Every condition below needs two figures about one thing: those are found first,
    # grouping by one number (most figures are alone: a national table's tens of
    # millions of groups would otherwise each hold two texts too).
    shared = (
        f"SELECT {about} AS {n('about')} FROM {observations} o GROUP BY {about} HAVING count(*) > 1"
    )
    inner = (
        f"SELECT {about} AS {n('about')}, {organisation} AS {n('who')}, {label} AS "
        f"{n('label')}, CAST(count(*) AS BIGINT) AS {n('k')} FROM {observations} o "
        f"JOIN ({shared}) d ON {about} = {d.column('d', 'about')} "
        f"GROUP BY {about}, {organisation}, {label}"
    )
    conditions = [
        f"max({n('k')}) > 1",
        f"(count(*) > 1 AND max(CASE WHEN {n('label')} = '' THEN 1 ELSE 0 END) = 1)",
        f"(count(*) > 1 AND max(CASE WHEN {n('who')} IS NULL THEN 1 ELSE 0 END) = 1)",
    ]
    if nested:
        conditions.append(f"count(DISTINCT {n('who')}) > 1")
    if clash:
        conditions.append(f"count(*) > count(DISTINCT coalesce({n('who')}, ''))")
    suspects = (
        f"SELECT {n('about')} FROM ({inner}) i GROUP BY {n('about')} "
        f"HAVING {' OR '.join(conditions)}"
    )
    return (
        f"SELECT o.* FROM {observations} o JOIN ({suspects}) s ON {_about(d, 'o')} = "
        f"{d.column('s', 'about')} ORDER BY {d.column('o', 'pos')}"
    )


def _about(d: Dialect, alias: str) -> str:
    """A hash of what a figure is about: metric, place and period."""
    c = d.column
    return f"{d.hash_function}({c(alias, 'metric')}, {c(alias, 'place')}, {c(alias, 'period')})"


def labels_sql(d: Dialect, observations: str) -> str:
    """The labels figures carry."""
    return f"SELECT DISTINCT {d.name('disaggregation')} FROM {observations}"


def places_by_period_sql(d: Dialect, observations: str, metrics: str) -> str:
    """The places (stated) of the figures of the metrics in the table ``metrics``
    (``metric``), by period (stated)."""
    c = d.column
    return (
        f"SELECT DISTINCT {c('o', 'period')}, {c('o', 'place')} "
        f"FROM {observations} o JOIN {metrics} m ON {c('o', 'metric')} = {c('m', 'metric')} "
        f"WHERE {c('o', 'place')} IS NOT NULL AND {c('o', 'period')} IS NOT NULL"
    )
