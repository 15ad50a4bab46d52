"""Tests for the national gazetteer: the shipped data, its source, and the 2025 reform."""

from __future__ import annotations

import collections
import copy
import gzip
import importlib.util
import json
import os
import subprocess
import sys
import textwrap
from importlib import resources
from pathlib import Path
from types import ModuleType

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import danvan
import danvan._cli
import danvan.serialization
from danvan import Gazetteer, Level, Place, SuccessionKind, national_gazetteer, seed_gazetteer
from danvan._national import (
    DATA_FILE,
    LICENCE_FILE,
    NEW_SUFFIX,
    format_places,
    official_code,
    parse_places,
)
from danvan.errors import InvalidValueError

ROOT = Path(__file__).resolve().parent.parent
LAST_OLD_DAY = pendulum.Date(2025, 6, 30)
REFORM = pendulum.Date(2025, 7, 1)
AFTER = pendulum.Date(2026, 1, 1)
BEFORE = pendulum.Date(2019, 1, 1)


def _load_build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_gazetteer", ROOT / "tools" / "build_gazetteer.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_gazetteer"] = module
    spec.loader.exec_module(module)
    return module


build = _load_build_script()


@pytest.fixture(scope="module")
def national() -> Gazetteer:
    """The shipped national gazetteer."""
    return national_gazetteer()


@pytest.fixture(scope="module")
def source_tables() -> dict[str, list[dict[str, str]]]:
    """The vendored source tables the build script reads."""
    tables: dict[str, list[dict[str, str]]] = build.read_source()
    return tables


def by_name(places: Gazetteer, day: pendulum.Date) -> dict[str, Place]:
    """Provinces in force on ``day`` by name."""
    return {p.name: p for p in places.at_level(Level.PROVINCE, as_of=day)}


# -- the shipped file and its source ---------------------------------------------------


def test_shipped_file_is_what_the_build_script_derives_from_the_vendored_source(
    source_tables: dict[str, list[dict[str, str]]],
) -> None:
    """Deriving the data from tools/gazetteer_source/ gives the shipped file and notice."""
    data = resources.files("danvan").joinpath("data")
    shipped = gzip.decompress(data.joinpath(DATA_FILE).read_bytes()).decode("utf-8")
    source_licence = (build.SOURCE_DIR / "LICENSE").read_text(encoding="utf-8")
    assert build.shipped_text(build.derive(source_tables)) == shipped
    assert build.licence_text(source_licence) == data.joinpath(LICENCE_FILE).read_text(
        encoding="utf-8"
    )


def test_shipped_notice_names_the_source_version_and_its_mit_licence() -> None:
    """The licence notice beside the data names the package, its version and the MIT terms."""
    notice = resources.files("danvan").joinpath("data", LICENCE_FILE).read_text(encoding="utf-8")
    assert (True, True) == ("vietnamadminunits 1.0.4" in notice, "MIT License" in notice)


def test_the_wheel_ships_the_data_directory() -> None:
    """pyproject lists the data file and its notice for the wheel."""
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert (True, True) == (
        f"src/danvan/data/{DATA_FILE}" in pyproject,
        f"src/danvan/data/{LICENCE_FILE}" in pyproject,
    )


def _without_links_of(
    tables: dict[str, list[dict[str, str]]], old_code: str
) -> dict[str, list[dict[str, str]]]:
    changed = copy.deepcopy(tables)
    keys = {
        f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}"
        for r in changed["units_before_2025.tsv"]
        if r["wardCode"] == old_code
    }
    changed["communes_2025.tsv"] = [
        r for r in changed["communes_2025.tsv"] if r["oldKey"] not in keys
    ]
    return changed


def test_build_fails_when_an_old_commune_has_no_successor(
    source_tables: dict[str, list[dict[str, str]]],
) -> None:
    """A commune of before 2025 without a successor stops the build and is named."""
    with pytest.raises(build.BuildError, match="commune 14293 has no successor"):
        build.derive(_without_links_of(source_tables, "14293"))


def test_build_fails_on_a_type_disagreement_not_listed_as_a_correction(
    source_tables: dict[str, list[dict[str, str]]],
) -> None:
    """A type column that contradicts the official name, and is not in the table, stops it."""
    changed = copy.deepcopy(source_tables)
    row = next(r for r in changed["units_before_2025.tsv"] if r["wardCode"] == "14293")
    row["wardType"] = "Phường"
    with pytest.raises(build.BuildError, match="before 14293: type column 'Phường'"):
        build.derive(changed)


def test_build_fails_when_a_correction_no_longer_matches_the_source(
    source_tables: dict[str, list[dict[str, str]]],
) -> None:
    """A correction the source no longer needs (fixed upstream) stops the build."""
    changed = copy.deepcopy(source_tables)
    row = next(r for r in changed["units_before_2025.tsv"] if r["wardCode"] == "15061")
    row["wardType"] = "Thị trấn"
    with pytest.raises(build.BuildError, match=r"TYPE_CORRECTIONS \('before', '15061'\)"):
        build.derive(changed)


def test_every_correction_gives_its_reason() -> None:
    """Each correction and alias of the build script carries a reason."""
    reasons = [r for _, _, r in build.TYPE_CORRECTIONS.values()]
    reasons += [r for _, r in build.ALIASES.values()]
    assert [] == [r for r in reasons if len(r) < 20]


def test_extraction_refuses_a_wheel_that_is_not_the_pinned_one() -> None:
    """A wheel whose sha256 is not the pinned one is refused before it is read."""
    with pytest.raises(build.BuildError, match="expected 737ee366"):
        build.extract(b"not the wheel")


def test_format_and_parse_round_trip(national: Gazetteer) -> None:
    """parse_places(format_places(places)) gives the same places."""
    places = national.places[:: len(national.places) // 500]
    assert places == parse_places(format_places(places, comments=["a comment"]))


def test_parse_names_the_line_of_a_malformed_row() -> None:
    """A row with a bad level is an InvalidValueError naming the line."""
    text = "\t".join(danvan._national.COLUMNS) + "\n36\tcounty\ttỉnh\tNam Định\t\t\t\t\t\n"
    with pytest.raises(InvalidValueError, match="line 2"):
        parse_places(text)


def test_parse_refuses_another_header() -> None:
    """A file with other columns is refused at its header."""
    with pytest.raises(InvalidValueError, match="expected the columns"):
        parse_places("code\tname\n36\tNam Định\n")


# -- what the data says ------------------------------------------------------------------


def test_counts_are_the_published_ones(national: Gazetteer) -> None:
    """63 provinces, 696 districts, 10,035 communes before; 34 and 3,321 after, no districts."""
    counts = {
        day: tuple(len(national.at_level(level, as_of=day)) for level in Level)
        for day in (LAST_OLD_DAY, REFORM)
    }
    assert {LAST_OLD_DAY: (63, 696, 10_035), REFORM: (34, 0, 3_321)} == counts


def test_communes_after_the_reform_by_kind(national: Gazetteer) -> None:
    """From 1 July 2025: 2,621 xã, 687 phường and 13 đặc khu."""
    kinds = collections.Counter(p.kind for p in national.at_level(Level.COMMUNE, as_of=REFORM))
    assert {"xã": 2_621, "phường": 687, "đặc khu": 13} == dict(kinds)


# Resolution 202/2025/QH15 of the National Assembly, Article 1: the 23 provinces formed by
# merging, and the provinces merged into each (its name first when it kept it).
RESOLUTION_202_MERGES = {
    "Tuyên Quang": {"Tuyên Quang", "Hà Giang"},
    "Lào Cai": {"Lào Cai", "Yên Bái"},
    "Thái Nguyên": {"Thái Nguyên", "Bắc Kạn"},
    "Phú Thọ": {"Phú Thọ", "Vĩnh Phúc", "Hòa Bình"},
    "Bắc Ninh": {"Bắc Ninh", "Bắc Giang"},
    "Hưng Yên": {"Hưng Yên", "Thái Bình"},
    "Hải Phòng": {"Hải Phòng", "Hải Dương"},
    "Ninh Bình": {"Ninh Bình", "Hà Nam", "Nam Định"},
    "Quảng Trị": {"Quảng Trị", "Quảng Bình"},
    "Đà Nẵng": {"Đà Nẵng", "Quảng Nam"},
    "Quảng Ngãi": {"Quảng Ngãi", "Kon Tum"},
    "Gia Lai": {"Gia Lai", "Bình Định"},
    "Khánh Hòa": {"Khánh Hòa", "Ninh Thuận"},
    "Lâm Đồng": {"Lâm Đồng", "Đắk Nông", "Bình Thuận"},
    "Đắk Lắk": {"Đắk Lắk", "Phú Yên"},
    "Hồ Chí Minh": {"Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"},
    "Đồng Nai": {"Đồng Nai", "Bình Phước"},
    "Tây Ninh": {"Tây Ninh", "Long An"},
    "Cần Thơ": {"Cần Thơ", "Sóc Trăng", "Hậu Giang"},
    "Vĩnh Long": {"Vĩnh Long", "Bến Tre", "Trà Vinh"},
    "Đồng Tháp": {"Đồng Tháp", "Tiền Giang"},
    "Cà Mau": {"Cà Mau", "Bạc Liêu"},
    "An Giang": {"An Giang", "Kiên Giang"},
}
# Article 2: the 11 provinces and cities not rearranged.
RESOLUTION_202_UNCHANGED = {
    "Hà Nội",
    "Huế",
    "Lai Châu",
    "Điện Biên",
    "Sơn La",
    "Lạng Sơn",
    "Quảng Ninh",
    "Thanh Hóa",
    "Nghệ An",
    "Hà Tĩnh",
    "Cao Bằng",
}


def test_the_resolution_lists_23_merges_and_11_unchanged_provinces() -> None:
    """The lists written from Resolution 202/2025/QH15 hold 23 + 11 = 34 units of 63 old ones."""
    old = set().union(*RESOLUTION_202_MERGES.values()) | RESOLUTION_202_UNCHANGED
    assert (23, 11, 63) == (len(RESOLUTION_202_MERGES), len(RESOLUTION_202_UNCHANGED), len(old))


def test_province_successions_follow_resolution_202(national: Gazetteer) -> None:
    """Each 2025 province holds exactly the old provinces the resolution merged into it."""
    old = by_name(national, LAST_OLD_DAY)
    found: dict[str, set[str]] = collections.defaultdict(set)
    for name, place in old.items():
        (successor,) = national.current(place.code, as_of=REFORM)
        found[successor.name].add(name)
    expected = {**RESOLUTION_202_MERGES, **{n: {n} for n in RESOLUTION_202_UNCHANGED}}
    assert expected == dict(found)


def test_nam_dinh_and_ha_nam_merge_into_ninh_binh_as_in_the_seed(national: Gazetteer) -> None:
    """Nam Định (36) and Hà Nam (35) are merged into Ninh Bình (37), which keeps its code."""
    links = {code: national.get(code).successors for code in ("35", "36")}
    assert {"35": ("merged-into", "37"), "36": ("merged-into", "37")} == {
        code: (link.kind.value, link.target) for code, (link,) in links.items()
    }
    assert (None, None) == (national.get("37").valid_from, national.get("37").valid_to)


def test_seed_gazetteer_is_a_slice_of_the_national_one(national: Gazetteer) -> None:
    """Every seed unit the national lists hold is the very same unit there."""
    differences = [
        (seed, national.get(seed.code))
        for seed in seed_gazetteer()
        if seed.code in national and national.get(seed.code) != seed
    ]
    assert [] == differences


def test_the_seed_unit_missing_from_the_national_lists_ended_before_them(
    national: Gazetteer,
) -> None:
    """Mỹ Lộc (358), merged into thành phố Nam Định on 1 January 2025, is the seed's only
    unit the national lists (of 30 June 2025) do not hold; its successor is there."""
    missing = [p for p in seed_gazetteer() if p.code not in national]
    assert [("358", pendulum.Date(2024, 12, 31), "356")] == [
        (p.code, p.valid_to, p.successors[0].target) for p in missing
    ]
    assert "356" in national


def test_codes_are_unique_per_level_and_period(national: Gazetteer) -> None:
    """On each side of the reform, an official code names one unit at each level."""
    repeated = {}
    for day in (LAST_OLD_DAY, REFORM):
        for level in Level:
            codes = [official_code(p.code) for p in national.at_level(level, as_of=day)]
            repeated[(day, level)] = [c for c, n in collections.Counter(codes).items() if n > 1]
    assert {key: [] for key in repeated} == repeated


def test_keys_mark_units_created_by_the_reform(national: Gazetteer) -> None:
    """A key ends in N exactly when the unit starts on 1 July 2025."""
    wrong = [p.code for p in national if p.code.endswith(NEW_SUFFIX) != (p.valid_from == REFORM)]
    assert [] == wrong


def test_every_old_commune_and_province_has_a_successor(national: Gazetteer) -> None:
    """Communes and merged provinces of before the reform all have successors."""
    missing = [
        p.code
        for p in national
        if p.valid_to == LAST_OLD_DAY and p.level is not Level.DISTRICT and not p.successors
    ]
    assert [] == missing


def test_every_district_leaves_its_area_reachable(national: Gazetteer) -> None:
    """A district ends with communes whose successors are in force, or a successor itself."""
    stranded = []
    for district in national.at_level(Level.DISTRICT):
        communes = national.children(district.code)
        reached = {
            c.code for commune in communes for c in national.current(commune.code, as_of=AFTER)
        }
        reached |= {c.code for c in national.current(district.code, as_of=AFTER)}
        if not reached:
            stranded.append(district.code)
    assert [] == stranded


def test_every_new_commune_has_a_predecessor(national: Gazetteer) -> None:
    """Each commune of 1 July 2025 took the area of at least one older unit."""
    orphans = [
        p.code
        for p in national.at_level(Level.COMMUNE, as_of=REFORM)
        if not national.predecessors(p.code)
    ]
    assert [] == orphans


def test_island_districts_without_communes_become_special_zones(national: Gazetteer) -> None:
    """Côn Đảo, a district without communes, is merged whole into the đặc khu Côn Đảo."""
    (zone,) = national.current("755", as_of=AFTER)
    assert ("đặc khu", "Côn Đảo", "79") == (zone.kind, zone.name, zone.parent)


def test_a_divided_commune_has_a_split_link_to_each_part(national: Gazetteer) -> None:
    """Old communes divided between new ones have one split-into link per part."""
    divided = [p for p in national if p.successors and len(p.successors) > 1]
    kinds = {link.kind for p in divided for link in p.successors}
    assert (471, {SuccessionKind.SPLIT_INTO}) == (len(divided), kinds)


def _province_through_provinces(national: Gazetteer, commune: Place) -> Place:
    """The 2026 province of a commune found by way of its old province's succession."""
    old_province = national.ancestor_at(commune.code, Level.PROVINCE, as_of=LAST_OLD_DAY)
    assert old_province is not None
    (new_province,) = national.current(old_province.code, as_of=AFTER)
    return new_province


def test_every_old_commune_rolls_up_to_exactly_its_2026_province(national: Gazetteer) -> None:
    """Through its own successors, each of the 10,035 old communes lands in one 2026
    province: the one its old province was merged into."""
    wrong = []
    for commune in national.at_level(Level.COMMUNE, as_of=LAST_OLD_DAY):
        rolled = national.ancestor_at(commune.code, Level.PROVINCE, as_of=AFTER)
        if rolled is None or rolled != _province_through_provinces(national, commune):
            wrong.append(commune.code)
    assert [] == wrong


@given(data=st.data(), days=st.integers(min_value=0, max_value=3650))
def test_roll_up_of_an_old_commune_is_its_province_successor_on_any_later_day(
    national: Gazetteer, data: st.DataObject, days: int
) -> None:
    """Law: for any old commune and any day from the reform on, its figure of 2019 rolls
    up to one province in force that day, the successor of its 2019 province."""
    communes = national.at_level(Level.COMMUNE, as_of=BEFORE)
    commune = data.draw(st.sampled_from(communes))
    day = REFORM.add(days=days)
    rolled = national.ancestor_at(commune.code, Level.PROVINCE, as_of=day)
    expected = _province_through_provinces(national, commune)
    assert (expected, True) == (rolled, rolled is not None and rolled.is_valid_on(day))


@given(data=st.data())
def test_codes_round_trip(national: Gazetteer, data: st.DataObject) -> None:
    """Law: a unit's key finds it, and its official code with the reform's date finds it."""
    place = data.draw(st.sampled_from(national.places))
    day = place.valid_to or place.valid_from or AFTER
    found = danvan.resolve_place(official_code(place.code), national, as_of=day)
    assert (place, place) == (national.get(place.code), found.place)


def test_both_engines_roll_2019_figures_of_every_old_province_up_to_2026(
    national: Gazetteer,
) -> None:
    """One 2019 figure in a commune of each of the 63 old provinces, totalled by province
    as of 2026, gives each 2025 province as many as the resolution merged into it."""
    communes: dict[str, Place] = {}
    for commune in national.at_level(Level.COMMUNE, as_of=BEFORE):
        province = national.ancestor_at(commune.code, Level.PROVINCE, as_of=BEFORE)
        assert province is not None
        communes.setdefault(province.code, commune)
    ds = danvan.Dataset(
        places=national,
        sources=[danvan.Source(id="s", title="báo cáo")],
        observations=[
            danvan.Observation(
                id=f"o{commune.code}",
                metric="tips",
                value=danvan.parse_quantity("1 tin"),
                period=danvan.Period.year(2019),
                place=commune.code,
                source="s",
            )
            for commune in communes.values()
        ],
    )
    year = danvan.Period.year(2019)
    query = danvan.Query(metric="tips", period=year, by="province", as_of=AFTER)
    reference = danvan.aggregate(ds, query, engine="reference")
    bulk = danvan.aggregate(ds, query, engine="columnar")
    assert ("reference", "columnar") == (reference.engine, bulk.engine)
    expected = {
        **{name: f"{len(olds)} tin" for name, olds in RESOLUTION_202_MERGES.items()},
        **dict.fromkeys(RESOLUTION_202_UNCHANGED, "1 tin"),
    }
    for result in (reference, bulk):
        totals = {
            national.get(dict(row.keys)["province"]).name: str(row.value) for row in result.rows
        }
        assert expected == totals


# -- cost -----------------------------------------------------------------------------


def test_import_danvan_does_not_load_the_national_gazetteer() -> None:
    """`import danvan` neither reads the data file nor builds the national gazetteer."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    code = textwrap.dedent("""
        import builtins, importlib.resources, gzip
        opened = []
        real = gzip.decompress
        gzip.decompress = lambda data: opened.append(len(data)) or real(data)
        import danvan
        from danvan import _national
        print(_national.national_gazetteer.cache_info().currsize, len(opened))
        danvan.national_gazetteer()
        print(_national.national_gazetteer.cache_info().currsize, len(opened))
    """)
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert ("0 0\n1 1\n", "") == (done.stdout, done.stderr)


def test_national_gazetteer_is_shared() -> None:
    """Every call returns the same instance."""
    assert national_gazetteer() is national_gazetteer()


# -- files and the command line -------------------------------------------------------------

# A commune that ended before the national lists (invented for the tests), on top of them.
EARLIER = Place(
    code="99999",
    name="Xã Ví Dụ",
    level=Level.COMMUNE,
    kind="xã",
    parent="366",
    valid_to=pendulum.Date(2019, 12, 31),
    successors=[
        danvan.Succession(
            kind=SuccessionKind.MERGED_INTO, target="14293", date=pendulum.Date(2020, 1, 1)
        )
    ],
)


def _figures(places: Gazetteer, where: dict[str, str]) -> danvan.Dataset:
    """One 2019 figure (tips) at each of ``where``'s codes, with the given places."""
    return danvan.Dataset(
        places=places,
        sources=[danvan.Source(id="s", title="báo cáo")],
        observations=[
            danvan.Observation(
                id=f"o{code}",
                metric="tips",
                value=danvan.parse_quantity(value),
                period=danvan.Period.year(2019),
                place=code,
                source="s",
            )
            for code, value in where.items()
        ],
    )


def test_a_dataset_on_the_national_gazetteer_round_trips_without_copying_it(
    national: Gazetteer,
) -> None:
    """dump writes "gazetteer": "national" and only the places it lacks; load gives it back."""
    ds = _figures(national.with_places(EARLIER), {"99999": "3 tin", "14293": "4 tin"})
    text = danvan.serialization.dumps(ds)
    document = json.loads(text)
    assert ("national", ["99999"]) == (
        document["gazetteer"],
        [p["code"] for p in document["places"]],
    )
    assert ds == danvan.serialization.loads(text)


def test_a_document_may_name_national_units_by_code_without_listing_them() -> None:
    """A document with "gazetteer": "national" and no places names communes by code."""
    document = {
        "format": "danvan-dataset",
        "version": "1.0",
        "gazetteer": "national",
        "sources": [{"id": "s", "title": "báo cáo"}],
        "observations": [
            {
                "id": "o1",
                "metric": "tips",
                "value": {"kind": "quantity", "value": 12, "unit": "tin"},
                "period": "2019",
                "place": "14293",
                "source": "s",
            }
        ],
    }
    ds = danvan.serialization.loads(json.dumps(document))
    assert (national_gazetteer(), True) == (ds.places, ds.validate().ok)


def test_a_document_on_the_national_gazetteer_matches_the_schema(national: Gazetteer) -> None:
    """The JSON Schema describes the "gazetteer" key."""
    jsonschema = pytest.importorskip("jsonschema")
    ds = _figures(national.with_places(EARLIER), {"99999": "3 tin"})
    jsonschema.validate(json.loads(danvan.serialization.dumps(ds)), danvan.serialization.schema())


def test_another_gazetteer_name_is_a_located_load_error() -> None:
    """ "gazetteer": "world" is refused at $.gazetteer."""
    document = {"format": "danvan-dataset", "version": "1.0", "gazetteer": "world"}
    with pytest.raises(danvan.LoadError, match=r"must be 'national'.* @ \$\.gazetteer"):
        danvan.serialization.loads(json.dumps(document))


def test_a_listed_place_that_contradicts_a_national_unit_is_a_located_load_error() -> None:
    """A place listed with a national code but other facts is refused, at its index."""
    document = {
        "format": "danvan-dataset",
        "version": "1.0",
        "gazetteer": "national",
        "places": [{"code": "366", "name": "Hải Hậu Mới", "level": "district", "parent": "36"}],
    }
    with pytest.raises(danvan.LoadError, match=r"duplicate code .* @ \$\.places\[0\]"):
        danvan.serialization.loads(json.dumps(document))


def test_a_dataset_with_its_own_places_is_written_as_before() -> None:
    """A dataset on its own places has no "gazetteer" key and lists every place."""
    document = json.loads(danvan.serialization.dumps(danvan.Dataset(places=seed_gazetteer())))
    assert (False, len(seed_gazetteer())) == ("gazetteer" in document, len(document["places"]))


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = danvan._cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


# One 2019 figure in a commune of Nam Định, Hà Nam, Quảng Nam and Long An.
SPREAD = {"14293": "5 tin", "13309": "2 tin", "20335": "7 tin", "27694": "1 tin"}


def test_report_by_province_as_of_2026_works_for_any_province(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, national: Gazetteer
) -> None:
    """`danvan report FILE --by province --as-of 2026-01-01` totals 2019 figures of
    communes anywhere into the 2026 provinces (Nam Định + Hà Nam in Ninh Bình)."""
    path = tmp_path / "data.json"
    danvan.serialization.dump(_figures(national, SPREAD), path)
    status, out, err = _cli(
        capsys,
        "report",
        str(path),
        "--metric",
        "tips",
        "--period",
        "2019",
        "--by",
        "province",
        "--as-of",
        "2026-01-01",
        "--format",
        "json",
    )
    assert (0, "") == (status, err)
    assert {"Ninh Bình": "7 tin", "Đà Nẵng": "7 tin", "Tây Ninh": "1 tin"} == _totals(out)


def _totals(report_json: str) -> dict[str, str]:
    """Each row's place name and total in a JSON report."""
    rows = json.loads(report_json)["sections"][0]["rows"]
    return {row["province_name"]: row["value"]["text"] for row in rows}


def test_places_national_lets_a_file_of_observations_name_any_unit(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, national: Gazetteer
) -> None:
    """Observations alone (.jsonl) name no places: --places national resolves their codes,
    as the default (auto) does for such a file; --places own leaves them unknown (exit 1)."""
    path = tmp_path / "data.jsonl"
    danvan.serialization.dump_observations(_figures(national, SPREAD).observations, path)
    argv = ["report", str(path), "--metric", "tips", "--period", "2019", "--by", "province"]
    answers = [
        _cli(capsys, *argv, "--as-of", "2026-01-01", "--format", "json", *places)
        for places in (["--places", "own"], [], ["--places", "national"])
    ]
    totals = [(status, len(json.loads(out)["sections"][0]["rows"])) for status, out, _ in answers]
    assert [(1, 0), (0, 3), (0, 3)] == totals


def test_places_national_with_a_dataset_of_its_own_places(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The seed example's places are a slice of the national gazetteer (plus Mỹ Lộc):
    --places national runs on it and names a Ninh Bình of 2026."""
    seed_file = str(ROOT / "examples" / "nam_dinh_2017_2021.py")
    status, out, err = _cli(
        capsys,
        "report",
        seed_file,
        "--metric",
        "surrendered.guns",
        "--period",
        "2017/2021",
        "--by",
        "province",
        "--as-of",
        "2026-01-01",
        "--places",
        "national",
        "--format",
        "json",
    )
    assert (0, "", {"Ninh Bình": "153 khẩu"}) == (status, err, _totals(out))


def test_cli_place_names_are_resolved_and_ambiguity_is_said(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, national: Gazetteer
) -> None:
    """--place takes a name as reports write it, and refuses one that names several."""
    path = tmp_path / "data.json"
    danvan.serialization.dump(_figures(national, SPREAD), path)
    argv = ["report", str(path), "--metric", "tips", "--period", "2019", "--format", "csv"]
    named = _cli(capsys, *argv, "--place", "huyện Hải Hậu")
    shared = _cli(capsys, *argv, "--place", "xã Hải Phú", "--lang", "en")
    assert (0, 1) == (named[0], shared[0])
    assert "ambiguous: it could be xã Hải Phú (14293); xã Hải Phú (19144)" in shared[2]
