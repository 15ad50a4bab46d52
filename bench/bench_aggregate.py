"""Benchmark 3: aggregate leaf observations, danvan against pandas and DuckDB.

One figure per (commune, month, metric), 10,000 communes in 700 districts in 63
provinces, 60 months, 20 metrics. Two questions, asked of every contender:

* **grouped sum**: each metric by province and year (6,300 groups);
* **roll-up**: each metric by commune, by district and by province over the five years
  (about 215,000 groups at 1,000,000 observations).

pandas and DuckDB sum the point value and both bounds (the upper bound infinite where a
figure has none), over a frame that already holds the district and province of each
commune as categorical columns: the best case for them, as danvan's columns and place
look-ups are also built once per dataset (timed apart, as "build"). danvan also gives
every total its qualifier and the ids of the observations it came from.

The same questions are then asked of the same data plus three figures that must be
resolved rather than added (a province total beside its communes, a restatement, a
figure with no place; `gen.tangled`): danvan answers their groups by its reference
engine and the rest on columns. pandas is timed on the leaves alone, as it has no
notion of the others.

A danvan result holds its totals as columns and builds each `Row` (with its
`Quantity`) when first read, as a pandas result holds columns until a row is asked
for. Each question is therefore timed twice: the answer alone, and the answer with
every total read in Python (danvan: each row's value; pandas: ``itertuples``;
DuckDB: ``fetchall``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import duckdb
import gen
import numpy as np
import pandas as pd
from common import Timing, measure, once

from danvan import Dataset
from danvan._aggregate.store import store

LEVELS = ("commune", "district", "province")


def frame(rows: list[gen.Record]) -> pd.DataFrame:
    """The records as pandas would hold them: categorical keys, float bounds."""
    lower, upper = [], []
    for r in rows:
        low, high = gen.bounds(r)
        lower.append(float(low))
        upper.append(np.inf if high is None else float(high))
    return pd.DataFrame(
        {
            "id": [r.id for r in rows],
            "metric": pd.Categorical([r.metric for r in rows]),
            "commune": pd.Categorical([r.commune for r in rows]),
            "district": pd.Categorical([r.district for r in rows]),
            "province": pd.Categorical([r.province for r in rows]),
            "year": pd.Categorical([r.year for r in rows]),
            "month": np.array([r.month for r in rows], dtype=np.int8),
            "value": np.array([r.value for r in rows], dtype=np.int64),
            "lower": np.array(lower),
            "upper": np.array(upper),
        }
    )


def pandas_sum(df: pd.DataFrame) -> pd.DataFrame:
    """Each metric by province and year."""
    keys = ["metric", "province", "year"]
    return df.groupby(keys, observed=True)[["value", "lower", "upper"]].sum()


def pandas_rollup(df: pd.DataFrame) -> list[pd.DataFrame]:
    """Each metric by commune, by district and by province."""
    return [
        df.groupby(["metric", level], observed=True)[["value", "lower", "upper"]].sum()
        for level in LEVELS
    ]


SUM_SQL = [
    "SELECT metric, province, year, sum(value) AS value, sum(lower) AS lower, "
    "sum(upper) AS upper FROM obs GROUP BY metric, province, year"
]
ROLLUP_SQL = [
    f"SELECT metric, {level}, sum(value) AS value, sum(lower) AS lower, "
    f"sum(upper) AS upper FROM obs GROUP BY metric, {level}"
    for level in LEVELS
]


def duck_sum(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Each metric by province and year, in SQL."""
    return con.sql(SUM_SQL[0]).df()


def duck_rollup(con: duckdb.DuckDBPyConnection) -> list[pd.DataFrame]:
    """Each metric by commune, by district and by province, in SQL."""
    return [con.sql(query).df() for query in ROLLUP_SQL]


def read_frames(frames: list[pd.DataFrame]) -> int:
    """Read every total of pandas results in Python, as a caller looping over them does."""
    seen = 0
    for f in frames:
        for t in f.itertuples():
            seen += t.value > t.lower
    return seen


def read_duck(con: duckdb.DuckDBPyConnection, queries: list[str]) -> int:
    """Every total of DuckDB queries as Python tuples."""
    return sum(len(con.sql(query).fetchall()) for query in queries)


def read_results(results: list[Any]) -> int:
    """Read every total of danvan results: each row's value (its qualifier is read)."""
    seen = 0
    for result in results:
        for row in result.rows:
            seen += row.value.qualifier is not None
    return seen


def danvan_sum(ds: Dataset, engine: str | None = None) -> Any:
    """Each metric by province and year, with qualifiers and provenance."""
    by = ("province", "year", "submetric")
    return ds.aggregate("bench", period=gen.REVIEW, by=by, engine=engine)


def danvan_rollup(ds: Dataset, engine: str | None = None) -> list[Any]:
    """Each metric by commune, by district and by province."""
    return [
        ds.aggregate("bench", period=gen.REVIEW, by=(level, "submetric"), engine=engine)
        for level in LEVELS
    ]


def reference(work: Callable[[Dataset, str], Any], ds: Dataset) -> Any:
    """``work(ds)`` by danvan's reference engine only."""
    return work(ds, "reference")


def run(n: int, *, repeat: int, reference_n: int = 0) -> list[Timing]:
    """Time every contender at ``n`` observations; the reference engine at ``reference_n``."""
    places = gen.gazetteer()
    rows = gen.records(n)
    ds = gen.dataset(rows, places)
    df = frame(rows)
    con = duckdb.connect()
    con.register("frame", df)
    con.execute("CREATE TABLE obs AS SELECT * FROM frame")
    con.unregister("frame")
    size = f"{n:,} obs"
    out = [
        once(f"build ({size})", "danvan", lambda: store(ds), note="columns, once"),
        measure(f"build ({size})", "pandas", lambda: frame(rows), repeat=1, note="DataFrame"),
    ]
    # The first question also looks places up once per dataset and level.
    out.append(once(f"first grouped sum ({size})", "danvan", lambda: danvan_sum(ds), note="cold"))
    cases: list[tuple[str, Any, Any, Any]] = [
        ("grouped sum", lambda: danvan_sum(ds), lambda: pandas_sum(df), lambda: duck_sum(con)),
        (
            "roll-up",
            lambda: danvan_rollup(ds),
            lambda: pandas_rollup(df),
            lambda: duck_rollup(con),
        ),
    ]
    for task, mine, pandas, duck in cases:
        name = f"{task} ({size})"
        out.append(measure(name, "danvan", mine, repeat=repeat))
        out.append(measure(name, "pandas", pandas, repeat=repeat, note="categorical keys"))
        out.append(measure(name, "duckdb", duck, repeat=repeat, note="SQL, .df()"))
    # The same questions when a few figures must be resolved, not just added: those
    # groups go to the reference engine, the rest stays on columns.
    messy = gen.tangled(rows, places)
    store(messy)  # built once per dataset, as timed above
    tangled_cases: list[tuple[str, Any, Any]] = [
        ("grouped sum", lambda: danvan_sum(messy), lambda: pandas_sum(df)),
        ("roll-up", lambda: danvan_rollup(messy), lambda: pandas_rollup(df)),
    ]
    for task, mine, pandas in tangled_cases:
        name = f"{task}, 3 tangled figures ({size})"
        out.append(measure(name, "danvan", mine, repeat=repeat))
        out.append(measure(name, "pandas", pandas, repeat=repeat, note="the leaves only"))
    reads: list[tuple[str, Any, Any, Any]] = [
        (
            "grouped sum, every total read",
            lambda: read_results([danvan_sum(ds)]),
            lambda: read_frames([pandas_sum(df)]),
            lambda: read_duck(con, SUM_SQL),
        ),
        (
            "roll-up, every total read",
            lambda: read_results(danvan_rollup(ds)),
            lambda: read_frames(pandas_rollup(df)),
            lambda: read_duck(con, ROLLUP_SQL),
        ),
    ]
    for task, mine, pandas, duck in reads:
        name = f"{task} ({size})"
        out.append(measure(name, "danvan", mine, repeat=repeat, note="each row's value"))
        out.append(measure(name, "pandas", pandas, repeat=repeat, note="itertuples"))
        out.append(measure(name, "duckdb", duck, repeat=repeat, note="fetchall"))
    if reference_n:
        small = gen.dataset(gen.records(reference_n), places)
        for task, work in (("grouped sum", danvan_sum), ("roll-up", danvan_rollup)):
            t = once(
                f"{task} ({reference_n:,} obs)",
                "danvan reference engine",
                functools.partial(reference, work, small),
                note=f"x{n // reference_n} extrapolates to {n:,}",
            )
            out.append(t)
    return out


def check(n: int) -> None:
    """Both danvan engines give equal results on the benchmark data (a sanity check)."""
    ds = gen.dataset(gen.records(n))
    for work in (danvan_sum, danvan_rollup):
        assert reference(work, ds) == work(ds)
