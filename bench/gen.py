"""Deterministic generated data for the benchmarks: a national gazetteer and leaf observations.

Every benchmark builds its inputs from here, so danvan and its baselines see the same
records. The shapes follow issue 8: 63 provinces, 700 districts, 10,000 communes,
60 months (2017-2021), 20 flow metrics; each observation is one figure for one
(commune, month, metric), mostly exact, some approximate ("khoảng", "gần", "hơn").
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs

from danvan import (
    Catalogue,
    Dataset,
    Gazetteer,
    Level,
    Metric,
    Observation,
    Period,
    Place,
    Qualifier,
    Quantity,
    Source,
    standard_catalogue,
)

SEED = 8
PROVINCES = 63
DISTRICTS = 700
COMMUNES = 10_000
FIRST_YEAR, LAST_YEAR = 2017, 2021
MONTHS = (LAST_YEAR - FIRST_YEAR + 1) * 12
METRICS = 20
REVIEW = Period.years(FIRST_YEAR, LAST_YEAR)

# A realistic spread of units: several counting words (one dimension, base unit "item"),
# persons, turns, money and mass.
_UNITS = ("tin", "case", "khau", "vien", "qua", "turn", "person", "vnd", "gram", "gift")
_APPROXIMATE = (Qualifier.ABOUT, Qualifier.NEARLY, Qualifier.MORE_THAN)


def metric_codes() -> tuple[str, ...]:
    """Codes of the 20 benchmark metrics, children of the group metric ``bench``."""
    return tuple(f"bench.m{i:02d}" for i in range(METRICS))


def catalogue() -> Catalogue:
    """The standard catalogue plus the group ``bench`` and its 20 flow sub-metrics."""
    group = Metric(code="bench", name_vi="chỉ số thử", name_en="benchmark metrics")
    children = [
        Metric(
            code=code,
            name_vi=f"chỉ số {i}",
            name_en=f"metric {i}",
            unit=_UNITS[i % len(_UNITS)],
            parent="bench",
        )
        for i, code in enumerate(metric_codes())
    ]
    return standard_catalogue().extended(group, *children)


def places() -> list[Place]:
    """63 provinces, 700 districts and 10,000 communes, always valid, evenly spread."""
    out = [
        Place(code=f"{p + 1:02d}", name=f"Tỉnh {p + 1}", level=Level.PROVINCE, kind="tỉnh")
        for p in range(PROVINCES)
    ]
    out += [
        Place(
            code=f"{d + 1:03d}",
            name=f"Huyện {d + 1}",
            level=Level.DISTRICT,
            kind="huyện",
            parent=f"{d * PROVINCES // DISTRICTS + 1:02d}",
        )
        for d in range(DISTRICTS)
    ]
    out += [
        Place(
            code=f"{c + 1:05d}",
            name=f"Xã {c + 1}",
            level=Level.COMMUNE,
            kind="xã",
            parent=f"{c * DISTRICTS // COMMUNES + 1:03d}",
        )
        for c in range(COMMUNES)
    ]
    return out


def gazetteer() -> Gazetteer:
    """The validated gazetteer of `places`."""
    return Gazetteer(places())


@attrs.frozen
class Record:
    """One generated figure as plain values: what every engine is fed."""

    id: str
    metric: str
    commune: str
    district: str
    province: str
    year: int
    month: int
    value: int
    qualifier: Qualifier


def records(n: int, *, seed: int = SEED) -> list[Record]:
    """``n`` figures for distinct (commune, month, metric) triples, in random order.

    About 95 % are exact; the rest are "khoảng", "gần" or "hơn" (a third each).
    """
    rng = random.Random(seed)
    codes = metric_codes()
    communes = [f"{c + 1:05d}" for c in range(COMMUNES)]
    districts = [f"{c * DISTRICTS // COMMUNES + 1:03d}" for c in range(COMMUNES)]
    provinces = [f"{(int(d) - 1) * PROVINCES // DISTRICTS + 1:02d}" for d in districts]
    cells = rng.sample(range(COMMUNES * MONTHS * METRICS), n)
    out = []
    for i, cell in enumerate(cells):
        commune, rest = divmod(cell, MONTHS * METRICS)
        month, metric = divmod(rest, METRICS)
        qualifier = Qualifier.EXACT
        value = rng.randrange(0, 500)
        if rng.random() < 0.05:
            qualifier = rng.choice(_APPROXIMATE)
            value = rng.randrange(1, 50) * 10
        out.append(
            Record(
                id=f"o{i:07d}",
                metric=codes[metric],
                commune=communes[commune],
                district=districts[commune],
                province=provinces[commune],
                year=FIRST_YEAR + month // 12,
                month=month % 12 + 1,
                value=value,
                qualifier=qualifier,
            )
        )
    return out


def _periods() -> dict[tuple[int, int], Period]:
    return {
        (year, month): Period.month(year, month)
        for year in range(FIRST_YEAR, LAST_YEAR + 1)
        for month in range(1, 13)
    }


def observations(rows: list[Record]) -> Iterator[Observation]:
    """danvan observations for ``rows`` (periods and units shared, as a loader shares them)."""
    periods = _periods()
    cat = catalogue()
    units = {code: cat.get(code).unit for code in metric_codes()}
    for r in rows:
        yield Observation(
            id=r.id,
            metric=r.metric,
            value=Quantity(value=r.value, unit=units[r.metric], qualifier=r.qualifier),
            period=periods[(r.year, r.month)],
            place=r.commune,
            source="bench",
        )


def dataset(rows: list[Record], places: Gazetteer | None = None) -> Dataset:
    """A `Dataset` of ``rows`` over the generated gazetteer."""
    return Dataset(
        title="benchmark",
        places=places or gazetteer(),
        catalogue=catalogue(),
        sources=(Source(id="bench", title="generated"),),
        observations=tuple(observations(rows)),
    )


def tangled(rows: list[Record], places: Gazetteer | None = None) -> Dataset:
    """``dataset(rows)`` plus three figures the engines must resolve, not just add.

    A province's 2019 total beside its communes' monthly figures, a restatement of the
    first figure, and a figure with no place: what real reports hold besides leaves.
    """
    plain = dataset(rows, places)
    first = plain.observations[0]
    cat = plain.catalogue
    code = metric_codes()[1]
    extra = (
        Observation(
            id="x-province",
            metric=code,
            value=Quantity(value=5000, unit=cat.get(code).unit, qualifier=Qualifier.NEARLY),
            period=Period.year(2019),
            place="01",
            source="bench",
        ),
        attrs.evolve(first, id="x-restated"),
        Observation(
            id="x-no-place",
            metric=code,
            value=Quantity(value=7, unit=cat.get(code).unit),
            period=Period.year(2020),
            source="bench",
        ),
    )
    return attrs.evolve(plain, observations=(*plain.observations, *extra))


def bounds(r: Record) -> tuple[Decimal, Decimal | None]:
    """Lower and upper bound of a record's figure under the default policy (None: unbounded)."""
    b = Quantity(value=r.value, unit="tin", qualifier=r.qualifier).bounds
    return Decimal(b.lower), None if b.upper is None else Decimal(b.upper)


def plain(r: Record) -> dict[str, Any]:
    """A record as the plain dict a hand-written pipeline would hold."""
    return {
        "id": r.id,
        "metric": r.metric,
        "place": r.commune,
        "year": r.year,
        "month": r.month,
        "value": r.value,
        "qualifier": r.qualifier.value,
    }
