"""Serialization: the converter, the JSON dataset document, JSON Lines, and bad input."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import sys
import tracemalloc
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import jsonschema  # type: ignore[import-untyped]  # the test group installs no stubs
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from danvan import (
    Attainment,
    Bounds,
    Calendar,
    Campaign,
    CampaignKind,
    Catalogue,
    CharityDrive,
    CommunityModel,
    DanvanError,
    Dataset,
    Document,
    DocumentKind,
    DriveKind,
    Exemplar,
    ExemplarKind,
    Gazetteer,
    InvalidValueError,
    Level,
    LifecycleEvent,
    LifecycleStage,
    LoadError,
    Metric,
    ModelCategory,
    Observation,
    Organisation,
    OrganisationKind,
    Period,
    Place,
    Qualifier,
    Quantity,
    Ratio,
    Recognition,
    RecognitionLevel,
    Role,
    Source,
    SourceKind,
    Succession,
    SuccessionKind,
    Target,
    Unit,
    Vocabulary,
    parse_quantity,
    parse_ratio,
    standard_catalogue,
)
from danvan import serialization as ser
from danvan._io.writing import atomic_write
from danvan.errors import Problem

ROOT = Path(__file__).resolve().parent.parent
BAD = Path(__file__).resolve().parent / "data" / "bad"
SEED_JSON = ROOT / "examples" / "nam_dinh_2017_2021.json"
SCHEMA_FILE = ROOT / "src" / "danvan" / "schema" / "dataset.schema.json"


def _seed_build() -> Dataset:
    spec = importlib.util.spec_from_file_location(
        "_seed_example", ROOT / "examples" / "nam_dinh_2017_2021.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built: Dataset = module.build()
    return built


SEED = _seed_build()

# --- a small private strategy for datasets -------------------------------------------------------
# (danvan.strategies is written separately; these tests must not depend on it.)

_WORDS = (
    "Nam Định",
    "Hải Hậu",
    "Giao Thuỷ",
    "công tác dân vận",
    "tin có giá trị",
    "Hội Phụ nữ",
    "Đoàn Thanh niên",
    "“Dân vận khéo”",
    "hiến máu tình nguyện",
    "Ủy ban nhân dân",
)


def texts(*, nul: bool = True, control: bool = True, max_size: int = 12) -> st.SearchStrategy[str]:
    """Vietnamese words (in NFC or NFD) and arbitrary Unicode text."""
    excluded = ["Cs"] + ([] if control else ["Cc"])
    chars = st.characters(codec="utf-8", exclude_categories=excluded)  # type: ignore[arg-type]  # category names
    if not nul:
        chars = chars.filter(lambda c: c != "\x00")
    base = st.one_of(st.sampled_from(_WORDS), st.text(chars, max_size=max_size))
    return st.builds(unicodedata.normalize, st.sampled_from(["NFC", "NFD"]), base)


def names(**kwargs: bool) -> st.SearchStrategy[str]:
    return texts(**kwargs).filter(lambda t: bool(t.strip()))


ids = st.from_regex(r"[a-z0-9][a-z0-9.\-]{0,6}", fullmatch=True)
codes = st.from_regex(r"[0-9]{2,3}", fullmatch=True)
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)).map(
    lambda d: pendulum.Date(d.year, d.month, d.day)
)
calendars = st.sampled_from(Calendar)
years = st.integers(2000, 2030)


@st.composite
def periods(draw: st.DrawFn) -> Period:
    cal = draw(calendars)
    kind = draw(
        st.sampled_from(
            ["year", "quarter", "month", "half", "9m", "years", "day", "between", "open"]
        )
    )
    year = draw(years)
    if kind == "year":
        return Period.year(year, calendar=cal)
    if kind == "quarter":
        return Period.quarter(year, draw(st.integers(1, 4)), calendar=cal)
    if kind == "month":
        return Period.month(year, draw(st.integers(1, 12)), calendar=cal)
    if kind == "half":
        return Period.half_year(year, draw(st.integers(1, 2)), calendar=cal)
    if kind == "9m":
        return Period.nine_months(year, calendar=cal)
    if kind == "years":
        return Period.years(year, year + draw(st.integers(0, 5)), calendar=cal)
    start = draw(dates)
    if kind == "day":
        return Period.day(start, calendar=cal)
    if kind == "open":
        return Period.open_from(start, calendar=cal)
    return Period.between(start, start.add(days=draw(st.integers(1, 900))), calendar=cal)


def _decimal(digits: int, places: int) -> Decimal:
    return Decimal(digits).scaleb(-places)


decimals = st.builds(_decimal, st.integers(0, 10**9), st.integers(0, 4))
counts = st.integers(0, 10**12)
APPROXIMATE = (Qualifier.ABOUT, Qualifier.NEARLY, Qualifier.MORE_THAN, Qualifier.AT_LEAST)
BELOW = (Qualifier.LESS_THAN, Qualifier.AT_MOST)


@st.composite
def quantities(draw: st.DrawFn) -> Quantity:
    kind = draw(
        st.sampled_from(["exact", "mass", "approx", "below", "magnitude", "range", "open", "about"])
    )
    unit = draw(st.sampled_from(["tin", "turn", "vnd", "commune", "officer"]))
    if kind == "exact":
        return Quantity(value=draw(counts), unit=unit)
    if kind == "mass":
        q = draw(st.sampled_from(list(Qualifier)[:3]))
        return Quantity(
            value=draw(decimals), unit=draw(st.sampled_from(["gram", "kilogram"])), qualifier=q
        )
    if kind == "approx":
        return Quantity(value=draw(counts), unit=unit, qualifier=draw(st.sampled_from(APPROXIMATE)))
    if kind == "below":
        return Quantity(
            value=draw(st.integers(1, 10**9)), unit=unit, qualifier=draw(st.sampled_from(BELOW))
        )
    if kind == "magnitude":
        return Quantity(
            value=10 ** draw(st.integers(1, 12)), unit=unit, qualifier=Qualifier.ORDER_OF_MAGNITUDE
        )
    low = draw(st.integers(0, 10**6))
    if kind == "range":
        bounds = Bounds(lower=low, upper=low + draw(st.integers(0, 10**6)))
        return Quantity(value=None, unit=unit, qualifier=Qualifier.RANGE, bounds=bounds)
    if kind == "open":
        return Quantity(
            value=None, unit=unit, qualifier=Qualifier.RANGE, bounds=Bounds(lower=low, upper=None)
        )
    spread = draw(st.integers(0, low))
    return Quantity(
        value=low,
        unit=unit,
        qualifier=Qualifier.ABOUT,
        bounds=Bounds(lower=low - spread, upper=low + spread + 1, upper_closed=False),
    )


# What a percentage is of, in words that name the unit its figures count.
BASES = {"household": ("", "hộ dân", "hộ hội viên"), "commune": ("", "xã"), "item": ("",)}
STATED = (Qualifier.EXACT, Qualifier.ABOUT, Qualifier.NEARLY, Qualifier.MORE_THAN, *BELOW)


@st.composite
def ratios(draw: st.DrawFn) -> Ratio:
    """Ratios with their figures, and percentages stated alone ("khoảng 70% hộ dân")."""
    if draw(st.booleans()):
        unit = draw(st.sampled_from(sorted(BASES)))
        return Ratio.stated(
            draw(decimals),
            qualifier=draw(st.sampled_from(STATED)),
            base=draw(st.sampled_from(BASES[unit])),
            unit=unit,
        )
    denominator = draw(st.integers(1, 10**6))
    numerator = draw(st.integers(0, denominator))
    percent = draw(st.none() | decimals)
    return Ratio(
        numerator=Quantity(value=numerator, unit="commune"),
        denominator=Quantity(value=denominator, unit="commune"),
        stated_percent=percent,
    )


def observations(*, text: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Observation]:
    free = texts() if text is None else text
    return st.builds(
        Observation,
        id=ids,
        metric=ids,
        value=quantities() | ratios(),
        period=st.none() | periods(),
        place=st.none() | codes,
        organisation=st.none() | ids,
        source=st.none() | ids,
        quote=free,
        activity=st.none() | ids,
        disaggregation=free,
        role=st.sampled_from(Role),
        note=free,
    )


REFORM = pendulum.Date(2025, 7, 1)
LAST_DAY = pendulum.Date(2025, 6, 30)


@st.composite
def gazetteers(draw: st.DrawFn) -> Gazetteer:
    """Provinces, some merged into the last one on 1 July 2025, and districts under them."""
    n = draw(st.integers(0, 3))
    if n == 0:
        return Gazetteer(())
    merged = draw(st.integers(0, n - 1))
    places = []
    for i in range(1, n + 1):
        ends = i <= merged
        places.append(
            Place(
                code=str(i),
                name=draw(names()),
                level=Level.PROVINCE,
                kind="tỉnh",
                valid_to=LAST_DAY if ends else None,
                successors=(
                    Succession(kind=SuccessionKind.MERGED_INTO, target=str(n), date=REFORM),
                )
                if ends
                else (),
                aliases=tuple(draw(st.lists(names(), max_size=2))),
            )
        )
    for j in range(draw(st.integers(0, 3))):
        parent = draw(st.integers(1, n))
        places.append(
            Place(
                code=f"{parent}0{j}",
                name=draw(names()),
                level=Level.DISTRICT,
                kind="huyện",
                parent=str(parent),
                valid_to=LAST_DAY if parent <= merged else None,
            )
        )
    return Gazetteer(places)


def _unique(strategy: st.SearchStrategy[Any], size: int = 3) -> st.SearchStrategy[tuple[Any, ...]]:
    return st.lists(strategy, max_size=size, unique_by=lambda r: r.id).map(tuple)


unique_ids = st.lists(ids, max_size=3, unique=True).map(tuple)
unique_names = st.lists(
    names(), max_size=3, unique_by=lambda t: unicodedata.normalize("NFC", t)
).map(tuple)

organisations = st.builds(
    Organisation,
    id=ids,
    name=names(),
    kind=st.sampled_from(OrganisationKind),
    place=st.none() | codes,
    name_en=texts(),
    note=texts(),
)
sources = st.builds(
    Source,
    id=ids,
    title=names(),
    kind=st.sampled_from(SourceKind),
    publisher=texts(),
    date=st.none() | dates,
    url=texts(),
    document=st.none() | ids,
    note=texts(),
)
documents = st.builds(
    Document,
    id=ids,
    kind=st.sampled_from(DocumentKind),
    number=st.none() | st.from_regex(r"[0-9]{1,3}/[A-Z]{2}-[A-Z]{3}", fullmatch=True),
    issuer=st.none() | names(),
    date=st.none() | dates,
    title=texts(),
)
targets = st.builds(
    Target,
    metric=ids,
    quantity=quantities(),
    period=periods(),
    place=st.none() | codes,
    stated_attainment=st.none() | st.sampled_from(Attainment),
)
campaigns = st.builds(
    Campaign,
    id=ids,
    name=names(),
    kind=st.sampled_from(CampaignKind),
    period=st.none() | periods(),
    legal_basis=unique_ids,
    organisers=unique_ids,
    scope=unique_ids,
    targets=st.lists(targets, max_size=2).map(tuple),
    note=texts(),
)
drives = st.builds(
    CharityDrive,
    id=ids,
    name=names(),
    kind=st.sampled_from(DriveKind),
    programmes=unique_names,
    period=st.none() | periods(),
    organisers=unique_ids,
    beneficiaries=unique_names,
    campaign=st.none() | ids,
)
events = st.one_of(
    st.builds(LifecycleEvent, stage=st.sampled_from(LifecycleStage), date=dates, note=texts()),
    st.builds(LifecycleEvent, stage=st.sampled_from(LifecycleStage), period=periods()),
)
models = st.builds(
    CommunityModel,
    id=ids,
    name=names(),
    category=st.sampled_from(ModelCategory),
    host=st.none() | ids,
    places=unique_ids,
    campaign=st.none() | ids,
    events=st.lists(events, max_size=1).map(tuple),
)
exemplars = st.builds(
    Exemplar,
    id=ids,
    name=names(),
    kind=st.sampled_from(ExemplarKind),
    organisation=st.none() | ids,
    campaign=st.none() | ids,
    recognitions=st.lists(
        st.builds(
            Recognition,
            award=names(),
            level=st.none() | st.sampled_from(RecognitionLevel),
            date=st.none() | dates,
            by=st.none() | ids,
        ),
        max_size=2,
    ).map(tuple),
)
CUSTOM = standard_catalogue().extended(
    Metric(code="custom.visits", name_vi="lượt thăm hỏi", name_en="visits", unit="turn")
)
# Words of one province's reports, registered by the user: they travel with the dataset.
CHECKPOINT = Unit(
    code="checkpoint",
    dimension="items",
    vi="chốt",
    en="checkpoint",
    en_plural="checkpoints",
    aliases=("chốt tự quản",),
    counts="places",
)
SAO = Unit(
    code="sao_bac_bo", dimension="area", factor=360, vi="sào Bắc Bộ", en="sào", en_plural="sào"
)
WITH_UNITS = (
    standard_catalogue()
    .with_units(CHECKPOINT, SAO)
    .extended(
        Metric(code="custom.checkpoints", name_vi="chốt", name_en="checkpoints", unit=CHECKPOINT)
    )
)


@st.composite
def datasets(draw: st.DrawFn) -> Dataset:
    return Dataset(
        title=draw(texts()),
        places=draw(gazetteers()),
        catalogue=(catalogue := draw(st.sampled_from([standard_catalogue(), CUSTOM, WITH_UNITS]))),
        organisations=draw(_unique(organisations)),
        documents=draw(_unique(documents)),
        campaigns=draw(_unique(campaigns, 2)),
        models=draw(_unique(models, 2)),
        exemplars=draw(_unique(exemplars, 2)),
        drives=draw(_unique(drives, 2)),
        sources=draw(_unique(sources, 2)),
        observations=tuple(
            # Figures in the units the catalogue registers, when it does.
            attrs.evolve(o, value=Quantity(value=n, unit=draw(st.sampled_from([CHECKPOINT, SAO]))))
            if catalogue is WITH_UNITS and (n := draw(st.none() | counts)) is not None
            else o
            for o in draw(_unique(observations(), 5))
        ),
    )


def observation_lists(**kwargs: Any) -> st.SearchStrategy[tuple[Observation, ...]]:
    return st.lists(observations(**kwargs), max_size=5, unique_by=lambda o: o.id).map(tuple)


# --- the converter -------------------------------------------------------------------------------


def test_dates_come_back_as_pendulum_dates() -> None:
    """A date is written "YYYY-MM-DD" and read back as a pendulum Date, not a stdlib one."""
    source = Source(id="s", title="Báo cáo", date=pendulum.Date(2022, 2, 1))
    data = ser.unstructure(source)
    back: Source = ser.structure(data, Source)
    assert "2022-02-01" == data["date"]
    assert type(back.date) is pendulum.Date
    assert type(ser.structure("2016-11-01", pendulum.Date)) is pendulum.Date


@pytest.mark.parametrize(
    ("period", "code"),
    [
        (Period.year(2021, calendar=Calendar.DECREE_09), "ND09:2021"),
        (Period.quarter(2021, 3), "2021-Q3"),
        (Period.open_from(pendulum.Date(2016, 11, 1)), "2016-11-01/.."),
        (Period.years(2017, 2021), "2017/2021"),
    ],
)
def test_periods_are_written_as_their_codes(period: Period, code: str) -> None:
    """A period is its canonical code, with the ND09: prefix for Decree-09 periods."""
    assert code == ser.unstructure(period)
    assert period == ser.structure(code, Period)


def test_numbers_keep_their_type_and_digits() -> None:
    """Ints are JSON integers; Decimals are strings of their exact digits."""
    mass = Quantity(value=Decimal("2.50"), unit="kg")
    assert {"value": "2.50", "unit": "kilogram"} == ser.unstructure(mass)
    back: Quantity = ser.structure(ser.unstructure(mass), Quantity)
    assert ("2.50", Decimal) == (str(back.value), type(back.value))
    assert {"value": 9000, "unit": "tin", "qualifier": "nearly"} == ser.unstructure(
        parse_quantity("gần 9.000 tin")
    )


def test_json_fractions_are_read_exactly() -> None:
    """A JSON number with a fraction (from another tool) is read as the Decimal written."""
    data = ser.loads(
        '{"format": "danvan-dataset", "version": "1.0", "observations": [{"id": "m", '
        '"metric": "m", "value": {"kind": "quantity", "value": 2.50, "unit": "gram"}, '
        '"period": "2021"}]}'
    )
    assert ("2.50", Decimal) == (
        str(data.observations[0].quantity.point),
        type(data.observations[0].quantity.point),
    )


def test_bounds_are_written_only_when_explicit() -> None:
    """Default bounds follow from the qualifier; only explicit ones are written."""
    about = Quantity(value=100, unit="tin", qualifier="about", bounds=Bounds(lower=90, upper=130))
    assert "bounds" not in ser.unstructure(parse_quantity("khoảng 100 tin"))
    assert {"lower": 90, "upper": 130} == ser.unstructure(about)["bounds"]
    assert about == ser.structure(ser.unstructure(about), Quantity)


def test_observation_values_are_tagged_with_their_kind() -> None:
    """An observation's value is a tagged union: "kind" is "quantity" or "ratio"."""
    ratio = parse_ratio("204/204=100%", unit="commune")
    obs = Observation(
        id="c", metric="police.regular.coverage", value=ratio, period=Period.year(2021)
    )
    data = ser.unstructure(obs)
    assert {
        "kind": "ratio",
        "numerator": {"value": 204, "unit": "commune"},
        "denominator": {"value": 204, "unit": "commune"},
        "stated_percent": "100",
    } == data["value"]
    assert obs == ser.structure(data, Observation)


def test_enums_are_written_by_value() -> None:
    """Enum members are their string values."""
    org = Organisation(id="hpn", name="Hội Phụ nữ", kind=OrganisationKind.MASS_ORGANISATION)
    assert "mass-organisation" == ser.unstructure(org)["kind"]


def test_unknown_keys_are_refused_by_name() -> None:
    """A key the record does not have is a problem naming the key."""
    with pytest.raises(LoadError) as caught:
        ser.structure({"id": "x", "name": "X", "kind": "police", "nmae": "Y"}, Organisation)
    assert [Problem("$.nmae", caught.value.problems[0].message)] == list(caught.value.problems)
    assert "unknown key 'nmae'" in caught.value.problems[0].message


def test_validator_messages_are_kept_with_their_path() -> None:
    """The message of the attrs validator that refused a value is reported at its path."""
    with pytest.raises(LoadError) as caught:
        ser.structure({"id": "x", "name": "X", "kind": "police", "parent": "x"}, Organisation)
    problem = caught.value.problems[0]
    assert "$.parent" == problem.where
    assert "a record cannot be its own parent, got 'x'" in problem.message


def test_converter_returns_an_independent_copy() -> None:
    """Hooks registered on converter() do not change how danvan reads."""
    mine = ser.converter()
    mine.register_unstructure_hook(Period, lambda p: "changed")
    assert "changed" == mine.unstructure(Period.year(2021))
    assert "2021" == ser.unstructure(Period.year(2021))


def test_structure_of_other_types() -> None:
    """structure reads types built from danvan types, such as a tuple of observations."""
    data = [ser.unstructure(obs) for obs in SEED.observations]
    assert SEED.observations == ser.structure(data, tuple[Observation, ...])


# --- the dataset document ------------------------------------------------------------------------


def test_seed_example_file_loads_to_the_built_dataset() -> None:
    """examples/nam_dinh_2017_2021.json loads to the dataset the example script builds."""
    assert SEED == ser.load(SEED_JSON)


def test_seed_example_file_is_what_dump_writes() -> None:
    """The shipped example file is exactly what dump writes today (regenerate it if not)."""
    assert ser.dumps(SEED) == SEED_JSON.read_text(encoding="utf-8")


def test_document_starts_with_format_and_version() -> None:
    """A document names its format and version before anything else."""
    data = json.loads(ser.dumps(Dataset()))
    assert ["format", "version"] == list(data)[:2]
    assert ("danvan-dataset", "1.1") == (data["format"], data["version"])


@pytest.mark.parametrize("version", ["1.0", "1.9", "0.3"])
def test_older_and_same_major_versions_are_read(version: str) -> None:
    """A reader accepts documents of its own major version and older ones."""
    text = json.dumps({"format": "danvan-dataset", "version": version, "title": "t"})
    assert Dataset(title="t") == ser.loads(text)


def test_newer_major_version_is_refused() -> None:
    """A document of a newer major version is refused with a message saying to upgrade."""
    with pytest.raises(LoadError) as caught:
        ser.loads(json.dumps({"format": "danvan-dataset", "version": "2.0"}))
    assert "$.version" == caught.value.problems[0].where
    assert "upgrade danvan" in caught.value.problems[0].message


def test_document_without_metrics_gets_the_standard_catalogue() -> None:
    """Leaving out "metrics" means the standard catalogue, as for a new Dataset."""
    dataset = ser.loads('{"format": "danvan-dataset", "version": "1.0"}')
    assert standard_catalogue() == dataset.catalogue


def test_all_problems_of_a_document_are_reported_together() -> None:
    """Every problem of a document is listed in one LoadError, each at its path."""
    text = json.dumps(
        {
            "format": "danvan-dataset",
            "version": "1.0",
            "organisations": [{"id": "o", "name": "O", "kind": "pol"}],
            "observations": [
                {
                    "id": "a",
                    "metric": "tips",
                    "value": {"kind": "quantity", "value": -3, "unit": "tin"},
                    "period": "2021",
                },
                {
                    "id": "b",
                    "metric": "tips",
                    "value": {"kind": "quantity", "value": 3, "unit": "tin"},
                    "period": "2021-Q5",
                },
            ],
        }
    )
    with pytest.raises(LoadError) as caught:
        ser.loads(text)
    assert [
        "$.organisations[0].kind",
        "$.observations[0].value.value",
        "$.observations[1].period",
    ] == [p.where for p in caught.value.problems]


def test_duplicate_ids_are_located() -> None:
    """Two records of one kind with one id: the second is named, with the first's place."""
    obs = ser.unstructure(SEED.observations[0])
    text = json.dumps({"format": "danvan-dataset", "version": "1.0", "observations": [obs, obs]})
    with pytest.raises(LoadError) as caught:
        ser.loads(text)
    assert ["$.observations[1].id"] == [p.where for p in caught.value.problems]
    assert "first at $.observations[0]" in caught.value.problems[0].message


def test_dumped_text_is_nfc_and_ends_with_a_newline() -> None:
    """Text is written in NFC, even when records were built from NFD input."""
    nfd = unicodedata.normalize("NFD", "Công an tỉnh Nam Định")
    text = ser.dumps(Dataset(title=nfd, sources=[Source(id="s", title=nfd)]))
    assert unicodedata.is_normalized("NFC", text)
    assert text.endswith("}\n")


# --- files ---------------------------------------------------------------------------------------


def test_format_follows_the_extension(tmp_path: Path) -> None:
    """load and dump pick JSON, JSON Lines, CSV or xlsx by the file's extension."""
    only_observations = Dataset(observations=SEED.observations)
    for suffix in (".json", ".jsonl", ".csv", ".xlsx"):
        path = tmp_path / f"seed{suffix}"
        ser.dump(only_observations, path)
        assert only_observations == ser.load(path)
    assert (tmp_path / "seed.json").read_bytes().startswith(b'{\n  "format"')
    assert (tmp_path / "seed.csv").read_bytes().startswith(b"\xef\xbb\xbfid,metric,value")


def test_unknown_extension_is_refused(tmp_path: Path) -> None:
    """A file whose extension names no format is refused, naming the ones known."""
    with pytest.raises(InvalidValueError, match=r"\.json, \.jsonl, \.csv, \.xlsx"):
        ser.dump(SEED, tmp_path / "seed.txt")


def test_table_formats_refuse_to_drop_records(tmp_path: Path) -> None:
    """dump to .csv or .jsonl refuses a dataset holding more than observations."""
    with pytest.raises(InvalidValueError, match="holds observations only"):
        ser.dump(SEED, tmp_path / "seed.csv")
    assert [] == list(tmp_path.iterdir())


def test_writes_leave_no_temporary_files(tmp_path: Path) -> None:
    """An atomic write renames its temporary file into place: nothing else is left."""
    ser.dump(SEED, tmp_path / "seed.json")
    ser.dump(SEED, tmp_path / "seed.json")
    assert ["seed.json"] == [p.name for p in tmp_path.iterdir()]
    assert 0o644 == (tmp_path / "seed.json").stat().st_mode & 0o777


def test_a_failed_write_leaves_the_old_file(tmp_path: Path) -> None:
    """A write that fails half-way leaves the previous file whole and no temporary file."""
    path = tmp_path / "data.json"
    path.write_text("old\n")

    def half(stream: Any) -> None:
        stream.write(b"{half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        atomic_write(path, half)
    assert "old\n" == path.read_text()
    assert ["data.json"] == [p.name for p in tmp_path.iterdir()]


def test_xlsx_is_read_without_openpyxl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading .xlsx needs no openpyxl; writing without it says how to install it."""
    path = tmp_path / "seed.xlsx"
    dataset = Dataset(observations=SEED.observations)
    ser.dump(dataset, path)
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    assert dataset == ser.load(path)
    with pytest.raises(ImportError, match=r"danvan\[xlsx\]"):
        ser.dump(dataset, tmp_path / "again.xlsx")


# --- JSON Lines ----------------------------------------------------------------------------------


def _line(**fields: Any) -> str:
    base = {
        "id": "a",
        "metric": "tips",
        "value": {"kind": "quantity", "value": 9, "unit": "tin"},
        "period": "2021",
    }
    return json.dumps({**base, **fields}, ensure_ascii=False)


def test_jsonl_is_one_observation_a_line(tmp_path: Path) -> None:
    """Each line of a .jsonl file is one observation; blank lines are skipped."""
    path = tmp_path / "obs.jsonl"
    ser.dump_observations(SEED.observations, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(SEED.observations) == len(lines)
    path.write_text("\n".join(lines[:2]) + "\n\n" + "\n".join(lines[2:]) + "\n", encoding="utf-8")
    assert SEED.observations == tuple(ser.iter_observations(path))


def test_jsonl_problems_name_their_line(tmp_path: Path) -> None:
    """Every bad line is reported by load_observations, with its line number and path."""
    path = tmp_path / "obs.jsonl"
    path.write_text(
        "\n".join([_line(id="a"), _line(id="b", period="2021-Q9"), "{", _line(id="a")]) + "\n"
    )
    with pytest.raises(LoadError) as caught:
        ser.load_observations(path)
    assert ["line 2, $.period", "line 3, column 2", "line 4, $.id"] == [
        p.where for p in caught.value.problems
    ]


def test_iter_observations_stops_at_the_first_bad_line(tmp_path: Path) -> None:
    """Streaming yields the good lines, then raises at the first bad one."""
    path = tmp_path / "obs.jsonl"
    path.write_text("\n".join([_line(id="a"), _line(id="b", metric=5)]) + "\n")
    found: list[Observation] = []
    with pytest.raises(LoadError, match="line 2"):
        found.extend(ser.iter_observations(path))
    assert ["a"] == [obs.id for obs in found]


def test_loaded_observations_share_their_codes(tmp_path: Path) -> None:
    """Codes many observations repeat are one string each in memory, not one per use."""
    path = tmp_path / "obs.jsonl"
    # Built at run time, so that the test's own constants are not what is shared.
    place, source = "".join(["3", "6"]), "".join(["bc", "-2021"])
    path.write_text(
        "\n".join(_line(id=f"o{i}", place=place, source=source) for i in range(3)) + "\n"
    )
    a, b, c = ser.load_observations(path)
    assert a.metric is b.metric is c.metric
    assert a.place is b.place is c.place
    assert a.source is b.source is c.source
    assert a.id is not b.id


def test_jsonl_streams_in_flat_memory(tmp_path: Path) -> None:
    """Reading a large .jsonl file as a stream keeps memory far below the file's size."""
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as stream:
        for i in range(6_000):
            stream.write(_line(id=f"o{i}", quote="gần 9.000 tin có giá trị " * 3) + "\n")
    size = path.stat().st_size
    tracemalloc.start()
    try:
        count = sum(1 for _ in ser.iter_observations(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert 6_000 == count
    assert peak < size / 8, (peak, size)


# --- bad input -----------------------------------------------------------------------------------

EXPECTED: dict[str, list[list[str]]] = json.loads(
    (BAD / "EXPECTED.json").read_text(encoding="utf-8")
)


def test_bad_files_are_all_paired_with_their_error() -> None:
    """tests/data/bad holds at least 30 files, each listed in EXPECTED.json."""
    files = sorted(p.name for p in BAD.iterdir() if p.name != "EXPECTED.json")
    assert len(files) >= 30
    assert files == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_gives_its_expected_problems(name: str) -> None:
    """Each bad file raises a LoadError with exactly its expected, located problems."""
    with pytest.raises(LoadError) as caught:
        ser.load(BAD / name)
    actual = [(p.where, p.message) for p in caught.value.problems]
    assert [where for where, _ in EXPECTED[name]] == [where for where, _ in actual]
    for (_, fragment), (_, message) in zip(EXPECTED[name], actual, strict=True):
        assert fragment in message


# --- laws ----------------------------------------------------------------------------------------

LAW = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@LAW
@given(datasets())
def test_json_round_trip(dataset: Dataset) -> None:
    """load(dump(ds)) == ds in JSON, and every document written fits the JSON Schema."""
    text = ser.dumps(dataset)
    assert dataset == ser.loads(text)
    VALIDATOR.validate(json.loads(text))


@LAW
@given(observation_lists(text=texts(nul=True)))
def test_jsonl_round_trip(
    tmp_path_factory: pytest.TempPathFactory, observations: tuple[Observation, ...]
) -> None:
    """load_observations(dump_observations(obs)) == obs in JSON Lines."""
    path = tmp_path_factory.mktemp("jsonl") / "obs.jsonl"
    ser.dump_observations(observations, path)
    assert observations == ser.load_observations(path)


def _containers(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.lists(children, max_size=4) | st.dictionaries(
        st.text(max_size=8), children, max_size=4
    )


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    _containers,
    max_leaves=12,
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, sub in value.items():
            found += _paths(sub, (*path, key))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            found += _paths(sub, (*path, index))
    return found


SEED_DOC = json.loads(SEED_JSON.read_text(encoding="utf-8"))
SEED_PATHS = _paths(SEED_DOC)


def _replace(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    copy = dict(doc) if isinstance(doc, dict) else list(doc)
    copy[path[0]] = _replace(doc[path[0]], path[1:], value)
    return copy


@LAW
@given(json_values)
def test_arbitrary_json_loads_or_raises_a_danvan_error(value: Any) -> None:
    """Any JSON value given to loads either raises a DanvanError or loads a dataset that
    round-trips and equals what the converter reads from the same value."""
    _loads_or_raises(json.dumps(value))


def _loads_or_raises(text: str) -> None:
    try:
        loaded = ser.loads(text)
    except DanvanError:
        return
    assert loaded == ser.loads(ser.dumps(loaded))
    assert loaded == ser.structure(json.loads(text, parse_float=Decimal), Dataset)


@LAW
@given(st.sampled_from(SEED_PATHS), json_values)
def test_corrupted_seed_loads_or_raises_a_danvan_error(path: tuple[Any, ...], value: Any) -> None:
    """The seed document with any part replaced by any JSON value raises a DanvanError or
    loads a dataset that round-trips and equals what the converter reads."""
    _loads_or_raises(json.dumps(_replace(SEED_DOC, path, value)))


@LAW
@given(
    st.sampled_from(["Observation", "Quantity", "Ratio", "Period", "Place", "Campaign"]),
    json_values,
)
def test_arbitrary_json_structures_or_raises_a_danvan_error(name: str, value: Any) -> None:
    """structure(value, T) raises a DanvanError or returns a T that round-trips, for any
    JSON value."""
    cls = {
        "Observation": Observation,
        "Quantity": Quantity,
        "Ratio": Ratio,
        "Period": Period,
        "Place": Place,
        "Campaign": Campaign,
    }[name]
    try:
        found: Any = ser.structure(value, cls)
    except DanvanError:
        return
    assert cls is type(found)
    assert found == ser.structure(ser.unstructure(found), cls)


@LAW
@given(st.binary(max_size=200), st.sampled_from([".json", ".jsonl", ".csv", ".xlsx"]))
def test_arbitrary_bytes_load_or_raise_a_danvan_error(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str
) -> None:
    """Any bytes in a file of any format raise a DanvanError or load a dataset that, written
    in the same format, reads back equal."""
    folder = tmp_path_factory.mktemp("bytes")
    path = folder / f"data{suffix}"
    path.write_bytes(data)
    try:
        loaded = ser.load(path)
    except DanvanError:
        return
    ser.dump(loaded, folder / f"again{suffix}")
    assert loaded == ser.load(folder / f"again{suffix}")


def test_long_runs_of_digits_in_text_are_fine() -> None:
    """Digits inside strings are text, however many."""
    dataset = Dataset(title="9" * 5000)
    assert dataset == ser.loads(ser.dumps(dataset))


# --- the JSON Schema -----------------------------------------------------------------------------

VALIDATOR = jsonschema.Draft202012Validator(ser.schema(), format_checker=jsonschema.FormatChecker())


def test_schema_file_is_what_schema_builds() -> None:
    """The shipped dataset.schema.json is schema_text() (regenerate it if not)."""
    assert ser.schema_text() == SCHEMA_FILE.read_text(encoding="utf-8")


def test_schema_is_a_valid_2020_12_schema() -> None:
    """The schema itself is valid JSON Schema (draft 2020-12)."""
    jsonschema.Draft202012Validator.check_schema(ser.schema())


def test_schema_accepts_the_seed_and_refuses_unknown_keys() -> None:
    """The seed document fits the schema; an unknown key does not."""
    VALIDATOR.validate(SEED_DOC)
    with pytest.raises(jsonschema.ValidationError):
        VALIDATOR.validate({**SEED_DOC, "extra": 1})


def test_records_match_their_schema_properties() -> None:
    """Every attrs field of Observation is a property of its schema, required iff no default."""
    observation = ser.schema()["$defs"]["Observation"]
    fields = attrs.fields(Observation)
    assert [f.name for f in fields] == list(observation["properties"])
    assert [f.name for f in fields if f.default is attrs.NOTHING] == observation["required"]


def test_decimal_strings_are_not_floats_in_the_file(tmp_path: Path) -> None:
    """A Decimal is never written as a JSON number, so no reader rounds it."""
    obs = Observation(
        id="m",
        metric="surrendered.explosive_mass",
        value=Quantity(value=Decimal("0.1"), unit="gram"),
        period=Period.year(2021),
    )
    ser.dump(Dataset(observations=[obs]), tmp_path / "m.json")
    assert '"value": "0.1"' in (tmp_path / "m.json").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "value", [10**40 - 1, Decimal("9" * 40), Decimal("1E-40"), Decimal("1E+40")]
)
def test_the_largest_figures_danvan_holds_come_back_from_its_files(
    tmp_path: Path, value: int | Decimal
) -> None:
    """Any figure a Quantity accepts (up to 40 digits, exponents within ±40) reads back."""
    obs = Observation(
        id="big",
        metric="money",
        value=Quantity(value=value, unit="vnd" if isinstance(value, int) else "kg"),
        period=Period.year(2021),
    )
    for name in ("big.json", "big.jsonl"):
        ser.dump(Dataset(observations=[obs]), tmp_path / name)
        assert (obs,) == ser.load(tmp_path / name).observations


def test_dump_refuses_text_utf8_cannot_hold(tmp_path: Path) -> None:
    """Text with an unpaired surrogate raises a danvan error instead of a broken file."""
    with pytest.raises(InvalidValueError, match="surrogate"):
        ser.dump(Dataset(title="a\ud800b"), tmp_path / "x.json")
    assert not (tmp_path / "x.json").exists()
    assert os.listdir(tmp_path) == []


# --- what issue 17 lets a dataset hold ------------------------------------------------------------


def _with_units() -> Dataset:
    """Figures in two units a user registered, one with no stated period, one a headline."""
    figure = Quantity(value=14, unit=CHECKPOINT)
    return Dataset(
        catalogue=WITH_UNITS,
        observations=[
            Observation(
                id="checkpoints",
                metric="custom.checkpoints",
                value=figure,
                period=Period.year(2022),
                role="headline",
            ),
            Observation(
                id="land",
                metric="custom.checkpoints",
                value=Quantity(value=3, unit=SAO),
                period=None,
            ),
        ],
    )


def test_units_a_dataset_registers_travel_with_it(tmp_path: Path) -> None:
    """load(dump(ds)) == ds for a dataset with units of its own (it said "unknown unit"):
    the document lists them as plain fields, before the records that count in them."""
    dataset = _with_units()
    path = tmp_path / "units.json"
    ser.dump(dataset, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert ["format", "version", "units"] == list(document)[:3]
    assert {
        "code": "checkpoint",
        "dimension": "items",
        "counts": "places",
        "vi": "chốt",
        "en": "checkpoint",
        "en_plural": "checkpoints",
        "aliases": ["chốt tự quản"],
    } == document["units"][0]
    assert dataset == ser.load(path)
    assert dataset.catalogue.vocabulary == ser.load(path).catalogue.vocabulary
    VALIDATOR.validate(document)


def test_a_period_not_stated_and_a_role_are_written_plainly() -> None:
    """ "period": null says the source states none; "role" is left out for the body."""
    headline, unstated = (ser.unstructure(o) for o in _with_units().observations)
    assert ("2022", "headline") == (headline["period"], headline["role"])
    assert (None, False) == (unstated["period"], "role" in unstated)


def test_units_must_come_before_the_records_that_count_in_them() -> None:
    """A document read in order cannot read a figure in a unit it has not met yet."""
    document = json.loads(ser.dumps(_with_units()))
    units = document.pop("units")
    with pytest.raises(LoadError) as caught:
        ser.loads(json.dumps({**document, "units": units}, ensure_ascii=False))
    assert any(
        p.where == "$.units" and "must come before the records" in p.message
        for p in caught.value.problems
    )


def test_a_bad_unit_is_located() -> None:
    """A unit of an unknown dimension is reported at its path, with the dimensions known."""
    document = json.loads(ser.dumps(_with_units()))
    document["units"][1]["dimension"] = "weight"
    with pytest.raises(LoadError) as caught:
        ser.loads(json.dumps(document, ensure_ascii=False))
    (problem, *_) = caught.value.problems
    assert "$.units[1].dimension" == problem.where
    assert "must be one of 'items'" in problem.message


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".xlsx"])
def test_observation_files_read_registered_units_with_their_catalogue(
    tmp_path: Path, suffix: str
) -> None:
    """Observation files hold no catalogue: given the dataset's, they read its units back;
    without it, the unknown unit is a located problem saying how to register it."""
    dataset = _with_units()
    path = tmp_path / f"units{suffix}"
    ser.dump_observations(dataset.observations, path, catalogue=WITH_UNITS)
    assert dataset.observations == ser.load_observations(path, catalogue=WITH_UNITS)
    assert dataset == ser.load(path, catalogue=WITH_UNITS)
    with pytest.raises(LoadError, match="checkpoint"):
        ser.load_observations(path)


def test_a_json_document_takes_no_catalogue(tmp_path: Path) -> None:
    """A .json document carries its own catalogue: giving another is refused, not ignored."""
    path = tmp_path / "d.json"
    ser.dump(_with_units(), path)
    with pytest.raises(InvalidValueError, match="carries its own catalogue"):
        ser.load(path, catalogue=WITH_UNITS)


def test_a_csv_row_may_state_no_period_and_a_role(tmp_path: Path) -> None:
    """An empty period cell is a period not stated; "tiêu đề" is the headline's role; an
    unknown role is a problem at its cell."""
    path = tmp_path / "rows.csv"
    path.write_text(
        "id,metric,value,period,role\n"
        "a,tips,120 tin,,\n"
        "b,tips,hơn 100 tin,2021,tiêu đề\n"
        "c,tips,5 tin,2021,footnote\n",
        encoding="utf-8",
    )
    with pytest.raises(LoadError) as caught:
        ser.load_observations(path)
    assert [('line 4, column "role"', "unknown role 'footnote'")] == [
        (p.where, p.message.split(";")[0]) for p in caught.value.problems
    ]
    path.write_text(path.read_text(encoding="utf-8").rsplit("c,", 1)[0], encoding="utf-8")
    a, b = ser.load_observations(path)
    assert (None, Role.BODY, Role.HEADLINE) == (a.period, a.role, b.role)


def test_catalogues_and_vocabularies_have_plain_forms() -> None:
    """A catalogue with units of its own is written with them; a vocabulary is the list of
    the units it adds, each as `Unit(**fields)` takes it."""
    plain = ser.unstructure(WITH_UNITS)
    assert ["units", "metrics"] == list(plain)
    back: Catalogue = ser.structure(plain, Catalogue)
    plain_custom: Catalogue = ser.structure(ser.unstructure(CUSTOM), Catalogue)
    assert (WITH_UNITS, CUSTOM) == (back, plain_custom)
    vocabulary = WITH_UNITS.vocabulary
    assert [CHECKPOINT, SAO] == [Unit(**fields) for fields in ser.unstructure(vocabulary)]
    again: Vocabulary = ser.structure(ser.unstructure(vocabulary), Vocabulary)
    assert vocabulary == again
