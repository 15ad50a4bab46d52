"""Benchmark 4: memory per observation held in a Dataset (tracemalloc), against plain dicts.

Everything an observation owns is counted: its record, its figure, its id string. What
observations share (period objects, units, metric and place code strings) is made
before measuring, for every contender alike, as a loader shares them. Indexes are
counted apart: the metric index `Dataset.select` builds and the columns of the
columnar engine, both built on first use.
"""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Callable
from typing import Any

import bench_json
import gen
from common import Figure

from danvan import Dataset, Observation, Period, Quantity, Source, serialization
from danvan._aggregate.store import store


def _traced(build: Callable[[], Any]) -> tuple[int, Any]:
    """Bytes still allocated after ``build()`` (its result kept alive), and the result."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    kept = build()
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return after - before, kept


def run(n: int) -> list[Figure]:
    """Bytes per observation: danvan records, with indexes, as loaded from JSON, plain dicts."""
    rows = gen.records(n)
    periods = {(y, m): Period.month(y, m) for y in range(2017, 2022) for m in range(1, 13)}
    cat = gen.catalogue()
    units = {code: cat.get(code).unit for code in gen.metric_codes()}
    source = (Source(id="bench", title="generated"),)
    places = gen.gazetteer()
    # Ids are made during the measurement (an observation owns its id); the rest is shared.
    values = [
        (
            r.metric,
            r.value,
            units[r.metric],
            r.qualifier,
            periods[(r.year, r.month)],
            r.commune,
            int(r.id[1:]),
        )
        for r in rows
    ]

    def records() -> Dataset:
        return Dataset(
            places=places,
            catalogue=cat,
            sources=source,
            observations=[
                Observation(
                    id=f"o{i:07d}",
                    metric=m,
                    value=Quantity(value=v, unit=u, qualifier=q),
                    period=p,
                    place=c,
                    source="bench",
                )
                for m, v, u, q, p, c, i in values
            ],
        )

    def dicts() -> list[dict[str, Any]]:
        return [
            {
                "id": f"o{i:07d}",
                "metric": m,
                "value": v,
                "unit": u.code,
                "qualifier": q.value,
                "period": p,
                "place": c,
                "source": "bench",
            }
            for m, v, u, q, p, c, i in values
        ]

    size, ds = _traced(records)

    def indexes() -> None:
        ds.select(metric=gen.metric_codes()[0])
        store(ds)
        ds.aggregate("bench", period=gen.REVIEW, by=("province", "year"))

    index_size, _ = _traced(indexes)
    plain, _ = _traced(dicts)
    out = [
        Figure("memory", "danvan records", size / n, "B/obs", "Observation + Quantity + id"),
        Figure(
            "memory",
            "danvan indexes",
            index_size / n,
            "B/obs",
            "metric index + columnar engine's columns",
        ),
        Figure("memory", "danvan total", (size + index_size) / n, "B/obs", "target <= ~350"),
        Figure("memory", "plain dicts", plain / n, "B/obs", "8 keys, same shared values"),
    ]
    document, _ = bench_json.write(n)
    loaded, _ = _traced(lambda: serialization.load(document))
    out.append(
        Figure(
            "memory", "danvan, loaded from JSON", loaded / n, "B/obs", "the loader shares figures"
        )
    )
    return out
