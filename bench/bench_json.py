"""Benchmarks 1 and 2: load and validate observations from JSON, and construct them in Python.

danvan reads the dataset document its own `danvan.serialization.dump` writes. pydantic v2
reads the same observations (the document's ``observations`` array, byte for byte the
same objects) with ``TypeAdapter(list[Observation]).validate_json`` into models that
check what danvan checks: ids without spaces, NFC text, known units and qualifiers,
non-negative int-or-Decimal numbers (Decimals as strings), whole numbers for counted
units, the rules tying a value, its qualifier and explicit bounds together, and period
codes parsed into periods (cached per code, as danvan's loader does). msgspec decodes
the same array into typed structs without any of those checks: the floor.

Construction builds the same observations from Python values: danvan's validated
records, the same pydantic models, and attrs classes without validators (the floor).
"""

from __future__ import annotations

import functools
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

import attrs
import gen
import msgspec
import pydantic
from common import DATA, Timing, measure

from danvan import Dataset, Observation, Period, Quantity, Source, parse_period, serialization
from danvan import units as danvan_units

# Standard-catalogue flows, so the document needs no catalogue of its own.
METRICS = {
    "tips": "tin",
    "crimes.reported": "case",
    "crimes.solved": "case",
    "blood.turns": "turn",
    "blood.units": "blood_unit",
    "charity.money": "vnd",
    "charity.gifts": "gift",
    "commendations": "commendation",
    "surrendered.guns": "khau",
    "surrendered.rounds": "vien",
    "surrendered.explosive_mass": "gram",
}


def observations(rows: list[gen.Record]) -> list[Observation]:
    """The benchmark records as standard-catalogue observations."""
    codes = list(METRICS)
    periods = {(y, m): Period.month(y, m) for y in range(2017, 2022) for m in range(1, 13)}
    return [
        Observation(
            id=r.id,
            metric=codes[int(r.metric[-2:]) % len(codes)],
            value=Quantity(
                value=r.value,
                unit=METRICS[codes[int(r.metric[-2:]) % len(codes)]],
                qualifier=r.qualifier,
            ),
            period=periods[(r.year, r.month)],
            place=r.commune,
            source="bench",
        )
        for r in rows
    ]


def write(n: int) -> tuple[Path, Path]:
    """The dataset document (danvan) and its observations array (pydantic, msgspec)."""
    DATA.mkdir(exist_ok=True)
    document = DATA / f"observations-{n}.json"
    array = DATA / f"observations-{n}.array.json"
    ds = Dataset(
        sources=(Source(id="bench", title="generated"),),
        observations=observations(gen.records(n)),
    )
    serialization.dump(ds, document)
    array.write_bytes(
        msgspec.json.encode(msgspec.json.decode(document.read_bytes())["observations"])
    )
    return document, array


# -- pydantic: the same rules ------------------------------------------------------------------

_UNITS = {u.code: u for u in danvan_units()}
_ID = r"^\S+$"


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


Id = Annotated[str, pydantic.StringConstraints(pattern=_ID), pydantic.AfterValidator(_nfc)]
Text = Annotated[str, pydantic.AfterValidator(_nfc)]


@functools.lru_cache(maxsize=4096)
def _period(code: str) -> Period:
    return parse_period(code)


def _to_period(value: Any) -> Period:
    if isinstance(value, Period):
        return value
    if not isinstance(value, str):
        raise ValueError(f"must be a period code, got {value!r}")
    return _period(value)


def _number(value: Any) -> int | Decimal:
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
        raise ValueError(f"must be an int or a Decimal string, got {value!r}")
    number = Decimal(value) if isinstance(value, str) else value
    if isinstance(number, Decimal) and not number.is_finite():
        raise ValueError(f"must be finite, got {value!r}")
    if number < 0:
        raise ValueError(f"must be >= 0, got {value!r}")
    return number


Number = Annotated[int | Decimal, pydantic.BeforeValidator(_number)]
Qualifier = Literal[
    "exact",
    "about",
    "nearly",
    "more-than",
    "at-least",
    "less-than",
    "at-most",
    "order-of-magnitude",
    "range",
]


class PBounds(pydantic.BaseModel):
    """Explicit bounds."""

    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)
    lower: Number
    upper: Number | None
    lower_closed: bool = True
    upper_closed: bool = True


class PQuantity(pydantic.BaseModel):
    """A figure: the rules of `danvan.Quantity` that a loader must enforce."""

    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)
    kind: Literal["quantity"] = "quantity"
    value: Number | None
    unit: str
    qualifier: Qualifier = "exact"
    bounds: PBounds | None = None

    @pydantic.field_validator("unit")
    @classmethod
    def _known_unit(cls, value: str) -> str:
        if value not in _UNITS:
            raise ValueError(f"unknown unit {value!r}")
        return value

    @pydantic.model_validator(mode="after")
    def _consistent(self) -> PQuantity:
        value = self.value
        if value is not None and _UNITS[self.unit].dimension.discrete and value != int(value):
            raise ValueError(f"counted in whole numbers, got {value}")
        if self.qualifier == "range":
            if value is not None or self.bounds is None:
                raise ValueError("a range has bounds and no value")
        elif value is None:
            raise ValueError(f"a {self.qualifier} quantity needs a value")
        if self.bounds is not None and value is not None:
            b = self.bounds
            if b.lower > value or (b.upper is not None and b.upper < value):
                raise ValueError("bounds do not fit the value")
        return self


class PRatio(pydantic.BaseModel):
    """A ratio figure."""

    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)
    kind: Literal["ratio"]
    numerator: PQuantity
    denominator: PQuantity
    stated_percent: Number | None = None


class PObservation(pydantic.BaseModel):
    """An observation with the constraints of `danvan.Observation`."""

    model_config = pydantic.ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)
    id: Id
    metric: Id
    value: Annotated[PQuantity | PRatio, pydantic.Field(discriminator="kind")]
    period: Annotated[Period, pydantic.BeforeValidator(_to_period)]
    place: Id | None = None
    organisation: Id | None = None
    source: Id | None = None
    quote: Text = ""
    activity: Id | None = None
    disaggregation: Text = ""
    note: Text = ""


# -- msgspec: the same shape, no rules -----------------------------------------------------------


class MQuantity(msgspec.Struct, tag="quantity", tag_field="kind", frozen=True):
    """A figure's shape."""

    value: int | str | None
    unit: str
    qualifier: str = "exact"
    bounds: dict[str, Any] | None = None


class MObservation(msgspec.Struct, frozen=True):
    """An observation's shape."""

    id: str
    metric: str
    value: MQuantity
    period: str
    place: str | None = None
    organisation: str | None = None
    source: str | None = None
    quote: str = ""
    activity: str | None = None
    disaggregation: str = ""
    note: str = ""


# -- attrs without validators: the construction floor --------------------------------------------


@attrs.frozen(kw_only=True)
class FQuantity:
    """A figure, unchecked."""

    value: int | Decimal | None
    unit: Any
    qualifier: Any


@attrs.frozen(kw_only=True)
class FObservation:
    """An observation, unchecked."""

    id: str
    metric: str
    value: FQuantity
    period: Period
    place: str | None = None
    organisation: str | None = None
    source: str | None = None
    quote: str = ""
    activity: str | None = None
    disaggregation: str = ""
    note: str = ""


def run(n: int, *, repeat: int) -> list[Timing]:
    """Time loading ``n`` observations from JSON, and constructing them, for every contender."""
    document, array = write(n)
    adapter = pydantic.TypeAdapter(list[PObservation])
    decoder = msgspec.json.Decoder(list[MObservation])
    size = f"{n:,} obs"
    load = f"load + validate JSON ({size})"
    out = [
        measure(load, "danvan", lambda: serialization.load(document), repeat=repeat),
        measure(
            load,
            "pydantic",
            lambda: adapter.validate_json(array.read_bytes()),
            repeat=repeat,
            note="TypeAdapter(list[Model]).validate_json",
        ),
        measure(
            load,
            "msgspec",
            lambda: decoder.decode(array.read_bytes()),
            repeat=repeat,
            note="typed decode, no rules (floor)",
        ),
    ]
    assert len(serialization.load(document).observations) == n
    assert len(adapter.validate_json(array.read_bytes())) == n
    out += construct(n, repeat=repeat)
    return out


def construct(n: int, *, repeat: int) -> list[Timing]:
    """Time building ``n`` observations from Python values."""
    rows = gen.records(n)
    periods = {(y, m): Period.month(y, m) for y in range(2017, 2022) for m in range(1, 13)}
    codes = list(METRICS)
    plain = [
        (
            r.id,
            codes[int(r.metric[-2:]) % len(codes)],
            r.value,
            METRICS[codes[int(r.metric[-2:]) % len(codes)]],
            r.qualifier,
            periods[(r.year, r.month)],
            r.commune,
        )
        for r in rows
    ]
    units = {code: _UNITS[code] for code in METRICS.values()}

    def mine() -> list[Observation]:
        return [
            Observation(
                id=i,
                metric=m,
                value=Quantity(value=v, unit=units[u], qualifier=q),
                period=p,
                place=c,
                source="bench",
            )
            for i, m, v, u, q, p, c in plain
        ]

    def theirs() -> list[PObservation]:
        return [
            PObservation(
                id=i,
                metric=m,
                value=PQuantity(value=v, unit=u, qualifier=q.value),
                period=p,
                place=c,
                source="bench",
            )
            for i, m, v, u, q, p, c in plain
        ]

    def floor() -> list[FObservation]:
        return [
            FObservation(
                id=i,
                metric=m,
                value=FQuantity(value=v, unit=units[u], qualifier=q),
                period=p,
                place=c,
                source="bench",
            )
            for i, m, v, u, q, p, c in plain
        ]

    task = f"construct + validate ({n:,} obs)"
    return [
        measure(task, "danvan", mine, repeat=repeat),
        measure(task, "pydantic", theirs, repeat=repeat),
        measure(task, "attrs", floor, repeat=repeat, note="no validators (floor)"),
    ]
