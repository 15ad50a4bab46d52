"""Benchmark: danvan's SQL engines against plain SQL over the same table.

The figures are `gen`'s (one per commune, month and metric, 95 % exact), made straight
into the flat observation schema (Arrow columns, no Python record per row), so that ten
million of them can be written to Parquet on this machine. Two questions, as in
`bench_aggregate`: the **grouped sum** (each metric by province and year) and the
**roll-up** (each metric by commune, by district and by province).

* **In memory** (1,000,000 figures): ``aggregate(table, query, engine="duckdb")`` on an
  `ObservationTable` over an Arrow table, against hand-written DuckDB SQL summing the
  value and both bounds over the same Arrow table, with the place and period look-ups as
  small tables joined in (what a hand-written query needs to group by province and
  year). Target: danvan ≤ 1.25× plain SQL. The connection danvan keeps per table (its
  derived columns) is made once and timed apart, as "build".
* **Parquet** (10,000,000 figures by default, in files of 1,000,000): the same, with
  both reading the files where they lie, taking turns in one fresh process; each also
  runs alone in a fresh process that reports its peak resident memory. Targets:
  danvan ≤ 1.5× plain SQL, peak memory under 2 GB. Hand-written pandas (Arrow types, so
  the numbers stay decimals) answers too, alone, as a reference: time and peak memory.
* **Spark** (local mode, 1,000,000 figures from Parquet, in a fresh process): the time
  and number of rows of each question; printed, not targeted.

Usage (alone): ``python bench/run.py --only sql [--sql-size 2000000] [--spark]``.
"""

from __future__ import annotations

import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import gen
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from common import DATA, Figure, Timing, measure_together, once

import danvan
from danvan import Level, Observation, Quantity
from danvan._observation_table import COLUMNS, arrow_schema, rows_of

LEVELS = ("commune", "district", "province")
FILE_ROWS = 1_000_000
_CODES = {"metric", "unit", "period", "place", "source", "qualifier"}


# -- the data --------------------------------------------------------------------------------


def _figures() -> tuple[pa.Table, int]:
    """Every figure `gen.records` can make, as columns (``value`` .. ``upper_exponent``,
    ``qualifier``), one row per code: exact values 0..499 are codes 0..499; an
    approximate value ``10 * k`` with the ``q``-th approximate qualifier is
    ``500 + 50 * q + k``."""
    quantities = [Quantity(value=v, unit="person") for v in range(500)]
    for q in gen._APPROXIMATE:
        quantities += [Quantity(value=10 * k, unit="person", qualifier=q) for k in range(50)]
    observations = [
        Observation(id="x", metric="bench.m00", value=figure, period=gen.REVIEW, source="bench")
        for figure in quantities
    ]
    columns = rows_of(observations)
    schema = arrow_schema()
    names = [
        "value",
        "lower",
        "upper",
        "lower_closed",
        "upper_closed",
        "value_exponent",
        "lower_exponent",
        "upper_exponent",
        "qualifier",
    ]
    return pa.table({n: pa.array(columns[n], type=schema.field(n).type) for n in names}), 500


def _coded(indices: np.ndarray[Any, Any], values: list[str]) -> pa.DictionaryArray:
    return pa.DictionaryArray.from_arrays(pa.array(indices, type=pa.int32()), pa.array(values))


def flat_table(cells: np.ndarray[Any, Any], first_id: int, seed: int) -> pa.Table:
    """The figures of ``cells`` (numbers of (commune, month, metric) triples, as
    `gen.records` draws them) in the flat observation schema."""
    n = len(cells)
    rng = np.random.default_rng(seed)
    commune, rest = np.divmod(cells, gen.MONTHS * gen.METRICS)
    month, metric = np.divmod(rest, gen.METRICS)
    approximate = rng.random(n) < 0.05
    code = np.where(
        approximate,
        500 + 50 * rng.integers(0, len(gen._APPROXIMATE), n) + rng.integers(1, 50, n),
        rng.integers(0, 500, n),
    )
    figures, _ = _figures()
    picked = figures.take(pa.array(code))
    catalogue = gen.catalogue()
    codes = list(gen.metric_codes())
    periods = [str(p) for p in gen._periods().values()]
    communes = [f"{c + 1:05d}" for c in range(gen.COMMUNES)]
    units = [catalogue.get(c).unit.code for c in codes]
    schema = arrow_schema()
    columns: dict[str, pa.Array] = {
        "id": pa.array([f"o{i:08d}" for i in range(first_id, first_id + n)]),
        "metric": _coded(metric, codes),
        "unit": _coded(metric, units),
        "period": _coded(month, periods),
        "place": _coded(commune, communes),
        "source": _coded(np.zeros(n, dtype=np.int32), ["bench"]),
        "disaggregation": _coded(np.zeros(n, dtype=np.int32), [""]),
    }
    for name in picked.column_names:
        columns[name] = picked.column(name).combine_chunks()
    columns["qualifier"] = columns["qualifier"].dictionary_encode()
    arrays = []
    for name, _ in COLUMNS:
        arrays.append(columns[name] if name in columns else pa.nulls(n, schema.field(name).type))
    return pa.Table.from_arrays(arrays, names=[name for name, _ in COLUMNS])


def cells(n: int) -> np.ndarray[Any, Any]:
    """``n`` distinct (commune, month, metric) triples in random order."""
    rng = np.random.default_rng(gen.SEED)
    return rng.permutation(gen.COMMUNES * gen.MONTHS * gen.METRICS)[:n]


def in_memory(n: int) -> pa.Table:
    """``n`` figures as one Arrow table."""
    return flat_table(cells(n), 0, gen.SEED)


def parquet_folder(n: int) -> Path:
    """A folder of Parquet files holding ``n`` figures (written once, then reused while
    the schema's columns stay the same)."""
    folder = DATA / f"flat-{n}"
    done = folder / "done"
    columns = ",".join(name for name, _ in COLUMNS)
    if done.exists() and done.read_text() == columns:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("part-*.parquet"):
        old.unlink()
    chosen = cells(n)
    for i, start in enumerate(range(0, n, FILE_ROWS)):
        part = flat_table(chosen[start : start + FILE_ROWS], start, gen.SEED + 1 + i)
        pq.write_table(part, folder / f"part-{i:03d}.parquet")
    done.write_text(columns)
    return folder


def lookups(con: duckdb.DuckDBPyConnection) -> None:
    """Register what plain SQL needs to group by place level and year: small tables."""
    places = gen.places()
    parent = {p.code: p.parent for p in places}
    communes = [p.code for p in places if p.level is Level.COMMUNE]
    districts = [parent[c] for c in communes]
    con.register(
        "places",
        pa.table(
            {
                "place": communes,
                "commune": communes,
                "district": districts,
                "province": [parent[d] for d in districts],
            }
        ),
    )
    periods = gen._periods()
    con.register(
        "periods",
        pa.table({"period": [str(p) for p in periods.values()], "year": [y for y, _ in periods]}),
    )


def plain_sql(source: str, keys: tuple[str, ...]) -> str:
    """Hand-written SQL summing value and bounds of each metric by ``keys``."""
    columns = ", ".join(f"{'p' if k == 'year' else 'l'}.{k}" for k in keys)
    return (
        f"SELECT o.metric, {columns}, sum(o.value) AS value, sum(o.lower) AS lower, "
        f"sum(o.upper) AS upper FROM {source} o "
        f"JOIN places l ON o.place = l.place JOIN periods p ON o.period = p.period "
        f"GROUP BY ALL"
    )


SUM_KEYS = [("province", "year")]
ROLLUP_KEYS = [(level,) for level in LEVELS]


def plain(con: duckdb.DuckDBPyConnection, source: str, keys: list[tuple[str, ...]]) -> int:
    """Run plain SQL for each key set, the totals as Arrow tables; their rows."""
    return sum(con.sql(plain_sql(source, k)).to_arrow_table().num_rows for k in keys)


def ask(table: danvan.ObservationTable, keys: list[tuple[str, ...]], engine: str) -> int:
    """danvan's answer for each key set (with sub-metrics); the number of rows."""
    rows = 0
    for k in keys:
        query = danvan.Query(metric="bench", period=gen.REVIEW, by=(*k, "submetric"))
        rows += len(danvan.aggregate(table, query, engine=engine).rows)
    return rows


def observation_table(source: Any) -> danvan.ObservationTable:
    if isinstance(source, Path):
        return danvan.read_parquet(source, places=gen.gazetteer(), catalogue=gen.catalogue())
    return danvan.ObservationTable(source, places=gen.gazetteer(), catalogue=gen.catalogue())


# -- the runs ----------------------------------------------------------------------------------


def check(n: int) -> None:
    """The DuckDB engine gives the reference engine's answer on this data (a sanity check)."""
    table = observation_table(in_memory(n))
    for keys in (SUM_KEYS, ROLLUP_KEYS):
        for k in keys:
            query = danvan.Query(metric="bench", period=gen.REVIEW, by=(*k, "submetric"))
            expected = danvan.aggregate(table, query, engine="reference")
            assert expected == danvan.aggregate(table, query, engine="duckdb")


def run_memory(n: int, *, repeat: int) -> list[Timing]:
    """danvan's DuckDB engine and plain DuckDB SQL on ``n`` figures in one Arrow table."""
    arrow = in_memory(n)
    table = observation_table(arrow)
    con = duckdb.connect()
    con.register("obs", arrow)
    lookups(con)
    size = f"{n:,} obs in memory"
    out = [
        once(
            f"SQL engine build ({size})",
            "danvan",
            lambda: ask(table, SUM_KEYS, "duckdb"),
            note="connection, derived columns; first question",
        )
    ]
    for task, keys in (("grouped sum", SUM_KEYS), ("roll-up", ROLLUP_KEYS)):
        out += measure_together(
            f"{task}, DuckDB engine ({size})",
            [
                ("danvan", lambda k=keys: ask(table, k, "duckdb"), ""),
                (
                    "plain DuckDB SQL",
                    lambda k=keys: plain(con, "obs", k),
                    "sum value, lower, upper; look-ups joined; to Arrow",
                ),
                (
                    "danvan numpy engine",
                    lambda k=keys: ask(table, k, "columnar"),
                    "on the table's observations, decoded once",
                ),
            ],
            repeat=repeat,
        )
    return out


def pandas_sums(folder: str, keys: list[tuple[str, ...]]) -> int:
    """Hand-written pandas: the files' metric, place, period and numbers read (Arrow
    types: the numbers stay decimals), the look-ups merged, value and bounds summed by
    ``keys``; the number of rows."""
    import pandas as pd

    places = gen.places()
    parent = {p.code: p.parent for p in places}
    communes = [p.code for p in places if p.level is Level.COMMUNE]
    look_up = pd.DataFrame({"place": communes, "commune": communes})
    look_up["district"] = look_up["commune"].map(parent)
    look_up["province"] = look_up["district"].map(parent)
    periods = gen._periods()
    years = pd.DataFrame(
        {"period": [str(p) for p in periods.values()], "year": [y for y, _ in periods]}
    )
    files = sorted(str(path) for path in Path(folder).glob("*.parquet"))
    columns = ["metric", "place", "period", "value", "lower", "upper"]
    frame = pd.read_parquet(files, columns=columns, dtype_backend="pyarrow")
    joined = frame.merge(look_up, on="place").merge(years, on="period")
    rows = 0
    for k in keys:
        sums = joined.groupby(["metric", *k], observed=True)[["value", "lower", "upper"]].sum()
        rows += len(sums)
    return rows


def _work(contender: str, folder: str, task: str) -> Callable[[], int]:
    """One contender's answer to ``task`` about the Parquet files of ``folder``."""
    keys = SUM_KEYS if task == "grouped sum" else ROLLUP_KEYS
    if contender == "pandas":
        return lambda: pandas_sums(folder, keys)
    if contender == "plain":
        con = duckdb.connect()
        lookups(con)
        source = f"read_parquet('{folder}/*.parquet')"
        return lambda: plain(con, source, keys)
    table = observation_table(Path(folder))
    return lambda: ask(table, keys, contender)


def _child(contender: str, folder: str, task: str, repeat: int) -> None:
    """In a fresh process: time one contender on the Parquet files (its first run, then
    ``repeat`` more) and print them as JSON with its peak memory. With ``contender``
    ``"together"``, danvan and plain SQL take turns instead (see `measure_together`)."""
    if contender == "together":
        works = {c: _work(c, folder, task) for c in ("duckdb", "plain")}
        for work in works.values():
            work()
        runs: dict[str, list[float]] = {c: [] for c in works}
        for _ in range(repeat):
            for c, work in works.items():
                gc.collect()
                start = time.perf_counter()
                work()
                runs[c].append(time.perf_counter() - start)
        print(json.dumps({"runs": runs}))
        return
    work = _work(contender, folder, task)
    first = time.perf_counter()
    rows = work()
    timed = [time.perf_counter() - first]
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        work()
        timed.append(time.perf_counter() - start)
    print(json.dumps({"runs": timed, "rows": rows, "peak": _peak()}))


def _peak() -> int:
    """The peak resident memory of this process, in bytes (Linux: VmHWM, which unlike
    ``ru_maxrss`` does not carry the parent's peak over ``exec``)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _fresh(contender: str, folder: Path, task: str, repeat: int) -> dict[str, Any]:
    env = dict(os.environ, SPARK_LOCAL_IP="127.0.0.1")
    done = subprocess.run(
        [sys.executable, __file__, contender, str(folder), task, str(repeat)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{contender} {task} failed:\n{done.stderr[-3000:]}")
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def run_parquet(n: int, *, repeat: int) -> tuple[list[Timing], list[Figure]]:
    """danvan's DuckDB engine and plain DuckDB SQL on ``n`` figures in Parquet files.

    Each contender's peak memory and first (cold) question come from a fresh process of
    its own; the times, from one more process where the two take turns ``repeat`` times
    after a warm-up (separate processes met different loads, and their ratio moved
    threefold from run to run).
    """
    started = time.perf_counter()
    folder = parquet_folder(n)
    print(f"({n:,} figures in Parquet at {folder}: {time.perf_counter() - started:.0f} s)\n")
    size = f"{n:,} obs in Parquet"
    contenders = (
        ("duckdb", "danvan", "DuckDB engine, read_parquet"),
        ("plain", "plain DuckDB SQL", "read_parquet('*.parquet'), look-ups joined"),
    )
    timings, figures = [], []
    for task in ("grouped sum", "roll-up"):
        together = _fresh("together", folder, task, repeat)["runs"]
        for contender, name, note in contenders:
            alone = _fresh(contender, folder, task, 1)
            timed = tuple(together[contender])
            timings.append(Timing(f"{task} ({size})", name, statistics.median(timed), timed, note))
            figures.append(_peak_figure(f"{task} ({size})", name, alone))
        # pandas as a reference where it fits in memory: alone, its second run timed.
        alone = _fresh("pandas", folder, task, 1)
        timings.append(
            Timing(
                f"{task} ({size})",
                "pandas (pyarrow types)",
                alone["runs"][1],
                (alone["runs"][1],),
                "read_parquet of 6 columns, merge look-ups, groupby sum; not targeted",
            )
        )
        figures.append(_peak_figure(f"{task} ({size})", "pandas (pyarrow types)", alone))
    return timings, figures


def _peak_figure(task: str, name: str, alone: dict[str, Any]) -> Figure:
    return Figure(
        task,
        name,
        alone["peak"] / 2**20,
        "MiB",
        f"peak resident memory of its own process; first question {alone['runs'][0]:.1f} s",
    )


def run_spark(n: int) -> list[Timing]:
    """The Spark engine, local mode, on ``n`` figures in Parquet (time and rows, once
    warm)."""
    folder = parquet_folder(n)
    out = []
    for task in ("grouped sum", "roll-up"):
        found = _fresh("spark", folder, task, 1)
        out.append(
            Timing(
                f"{task}, Spark local[2] ({n:,} obs in Parquet)",
                "danvan",
                found["runs"][1],
                (found["runs"][1],),
                f"{found['rows']:,} rows; first run {found['runs'][0]:.1f} s (starts Spark)",
            )
        )
    return out


def run(
    memory_n: int, parquet_n: int, *, repeat: int, spark_n: int = 0
) -> tuple[list[Timing], list[Figure]]:
    """Every part of this benchmark (Spark only when ``spark_n``)."""
    check(20_000)
    print("The DuckDB engine gives the reference engine's answers on the generated table.\n")
    timings = run_memory(memory_n, repeat=repeat)
    found, figures = run_parquet(parquet_n, repeat=repeat)
    timings += found
    if spark_n:
        timings += run_spark(spark_n)
    return timings, figures


if __name__ == "__main__":
    _child(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
