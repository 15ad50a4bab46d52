"""Build danvan's national gazetteer from the pinned ``vietnamadminunits`` release.

Usage (from the repository root, with the project's virtual environment)::

    python tools/build_gazetteer.py            # derive the shipped file from gazetteer_source/
    python tools/build_gazetteer.py --check    # exit 1 if the shipped file is not what it gives
    python tools/build_gazetteer.py --refresh  # download the pinned wheel, check its sha256,
                                               # extract the source tables again, then derive
    python tools/build_gazetteer.py --refresh --wheel FILE  # the same from a downloaded wheel

Two steps, so that a fresh clone can check the shipped file without the network:

1. **Extract** (``--refresh``): the wheel of ``vietnamadminunits`` 1.0.4 (MIT licence) is
   downloaded with ``pip download --no-deps`` and its sha256 checked; the package is never
   imported (it pulls in shapely and geopy). From its ``data/dataset.db`` (SQLite) and
   ``data/converter_2025.json`` the columns danvan needs are written, unchanged, to
   ``tools/gazetteer_source/*.tsv``, with the package's licence notice.
2. **Derive** (always): those tables become `danvan.Place` records, keyed, linked and
   checked (see `check`), with the corrections of `TYPE_CORRECTIONS` and the names of
   `ALIASES`, and are written to ``src/danvan/data/national_gazetteer.tsv.gz``.

``tests/test_national.py`` runs step 2 and compares its output with the shipped file.
"""

from __future__ import annotations

import argparse
import collections
import csv
import gzip
import hashlib
import io
import json
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import pendulum

from danvan._national import DATA_FILE, LICENCE_FILE, NEW_SUFFIX, format_places
from danvan._place_names import KINDS
from danvan._places import Gazetteer, Level, Place, Succession, SuccessionKind
from danvan._text import nfc

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIR = ROOT / "tools" / "gazetteer_source"
DATA_DIR = ROOT / "src" / "danvan" / "data"

PACKAGE = "vietnamadminunits"
VERSION = "1.0.4"
WHEEL = f"{PACKAGE}-{VERSION}-py3-none-any.whl"
WHEEL_SHA256 = "737ee3662e877290386c1c45ed4d71f2e5fae34ab6fb9c64bfb4cb74b216ea35"
HOME = "https://github.com/tranngocminhhieu/vietnamadminunits"

LAST_OLD_DAY = pendulum.Date(2025, 6, 30)
REFORM = pendulum.Date(2025, 7, 1)  # Resolution 202/2025/QH15 and the commune resolutions

# -- corrections: the one place where danvan departs from the source --------------------

# A unit's kind is read from its official full name ("Thị trấn Ngọc Lặc"). Where the
# source's type column disagrees, the disagreement is listed here with the reason the name
# is right; the build fails on any disagreement not listed and on any entry that no
# longer matches the source (fixed upstream: remove it).
# (list, code) -> (type column, type in the name, reason)
TYPE_CORRECTIONS: dict[tuple[str, str], tuple[str, str, str]] = {
    ("before", "15061"): (
        "Xã",
        "Thị trấn",
        "thị trấn Ngọc Lặc is the seat of huyện Ngọc Lặc (Thanh Hóa); the name says thị trấn",
    ),
    ("before", "27046"): (
        "Xã",
        "Phường",
        "Phường 5 of quận Phú Nhuận (TP. Hồ Chí Minh): a quận is made of phường only",
    ),
    ("before", "27076"): (
        "Xã",
        "Phường",
        "Phường 15 of quận Phú Nhuận (TP. Hồ Chí Minh): a quận is made of phường only",
    ),
    ("from 2025", "10543"): (
        "Xã",
        "Phường",
        "phường Việt Hòa (Hải Phòng) is formed mainly from phường Việt Hòa and Tứ Minh of "
        "thành phố Hải Dương; the name says phường",
    ),
    ("from 2025", "11848"): (
        "Phường",
        "Xã",
        "xã Vĩnh Hòa (Hải Phòng) is formed from two xã of huyện Vĩnh Bảo; the name says xã",
    ),
    ("from 2025", "31213"): (
        "Xã",
        "Phường",
        "phường Tân Lộc (Cần Thơ) continues phường Tân Lộc of quận Thốt Nốt; the name says phường",
    ),
    ("from 2025", "31299"): (
        "Phường",
        "Xã",
        "xã Phong Điền (Cần Thơ) is formed from a thị trấn and two xã of huyện Phong Điền; "
        "the name says xã",
    ),
}

# Names reports use that the source does not carry, by unit key, each with its reason.
ALIASES: dict[str, tuple[tuple[str, ...], str]] = {
    "46": (
        ("tỉnh Thừa Thiên Huế",),
        "the province's name until 31 December 2024; it became the centrally-run city of "
        "Huế on 1 January 2025 (Resolution 1314/NQ-UBTVQH15), same code and area",
    ),
    "79": (("HCM", "TPHCM"), "the usual abbreviation (TP.HCM, TPHCM) in reports and the press"),
    "77": (("BR-VT", "BRVT"), "the usual abbreviation of Bà Rịa - Vũng Tàu in reports"),
}

# Published facts the derived data must show (the reform's project documents and the
# statistics office: 63 provinces, 696 districts and 10,035 communes before; 34 provinces
# and 3,321 communes, 2,621 xã, 687 phường and 13 đặc khu, after).
EXPECTED_BEFORE = {Level.PROVINCE: 63, Level.DISTRICT: 696, Level.COMMUNE: 10_035}
EXPECTED_AFTER = {Level.PROVINCE: 34, Level.COMMUNE: 3_321}
EXPECTED_COMMUNE_KINDS_AFTER = {"xã": 2_621, "phường": 687, "đặc khu": 13}

# -- the source tables ----------------------------------------------------------------

# file -> (SQL or converter table, columns); the columns keep the source's names.
TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "units_before_2025.tsv": (
        "admin_units_legacy",
        (
            "provinceCode",
            "province",
            "provinceKey",
            "districtCode",
            "district",
            "districtType",
            "districtKey",
            "wardCode",
            "ward",
            "wardType",
            "wardKey",
        ),
    ),
    "units_from_2025.tsv": (
        "admin_units",
        ("provinceCode", "province", "provinceKey", "wardCode", "ward", "wardType", "wardKey"),
    ),
    "provinces_2025.tsv": ("DICT_PROVINCE", ("newProvinceKey", "oldProvinceKey")),
    "communes_2025.tsv": (
        "DICT_PROVINCE_WARD_NO_DIVIDED + DICT_PROVINCE_WARD_DIVIDED",
        ("newProvinceKey", "newWardKey", "oldKey", "divided", "isDefaultNewWard"),
    ),
}
Row = dict[str, str]


class BuildError(Exception):
    """The source does not pass the checks; every problem is listed."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{len(problems)} problem(s) in the source:\n{lines}")


def download_wheel(directory: Path) -> Path:
    """Download the pinned wheel (no dependencies) into ``directory``."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            f"{PACKAGE}=={VERSION}",
            "--no-deps",
            "--only-binary=:all:",
            "--dest",
            str(directory),
        ],
        check=True,
    )
    return directory / WHEEL


def extract(wheel: bytes) -> dict[str, str]:
    """The source tables (file name -> TSV text) and licence read from the wheel's bytes.

    Raises:
        BuildError: the wheel is not the pinned one.
    """
    digest = hashlib.sha256(wheel).hexdigest()
    if digest != WHEEL_SHA256:
        raise BuildError([f"{WHEEL} has sha256 {digest}, expected {WHEEL_SHA256}"])
    with zipfile.ZipFile(io.BytesIO(wheel)) as archive:
        database = archive.read(f"{PACKAGE}/data/dataset.db")
        converter = json.loads(archive.read(f"{PACKAGE}/data/converter_2025.json"))
        licence = archive.read(f"{PACKAGE}-{VERSION}.dist-info/licenses/LICENSE").decode()
    connection = sqlite3.connect(":memory:")
    connection.deserialize(database)
    files: dict[str, str] = {}
    for name in ("units_before_2025.tsv", "units_from_2025.tsv"):
        table, columns = TABLES[name]
        query = f"SELECT {', '.join(columns)} FROM {table}"
        rows = [["" if v is None else str(v) for v in row] for row in connection.execute(query)]
        files[name] = _tsv(columns, sorted(rows))
    provinces = [[new, old] for new, olds in converter["DICT_PROVINCE"].items() for old in olds]
    files["provinces_2025.tsv"] = _tsv(TABLES["provinces_2025.tsv"][1], sorted(provinces))
    links = [
        [province, ward, old, "0", ""]
        for province, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items()
        for ward, olds in wards.items()
        for old in olds
    ]
    links += [
        [province, new["newWardKey"], old, "1", "1" if new["isDefaultNewWard"] else "0"]
        for province, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items()
        for old, news in olds.items()
        for new in news
    ]
    files["communes_2025.tsv"] = _tsv(TABLES["communes_2025.tsv"][1], sorted(links))
    files["LICENSE"] = licence
    return files


def _tsv(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE)
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


def read_source(directory: Path = SOURCE_DIR) -> dict[str, list[Row]]:
    """The vendored source tables as rows of column -> text."""
    tables: dict[str, list[Row]] = {}
    for name, (_, columns) in TABLES.items():
        text = (directory / name).read_text(encoding="utf-8")
        reader = csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
        if tuple(reader.fieldnames or ()) != columns:
            raise BuildError([f"{name}: expected the columns {columns}, got {reader.fieldnames}"])
        tables[name] = list(reader)
    return tables


# -- deriving places --------------------------------------------------------------------

_TYPES = sorted(KINDS, key=len, reverse=True)  # "thị xã" before "xã"


def official_name(full: str, where: str, problems: list[str]) -> tuple[str, str]:
    """The kind and name of an official full name: ("huyện", "Hải Hậu") from "Huyện Hải Hậu".

    A name that is a number keeps its type word, as it is written: ("quận", "Quận 1").
    """
    text = nfc(full).strip()
    for kind in _TYPES:
        if text.casefold().startswith(kind + " "):
            rest = " ".join(text[len(kind) :].split())
            return kind, f"{kind.capitalize()} {rest}" if rest.isdigit() else rest
    problems.append(f"{where}: {full!r} does not start with a unit type")
    return "", text


def _kind_of(
    full: str, type_column: str, where: tuple[str, str], problems: list[str]
) -> tuple[str, str]:
    kind, name = official_name(full, f"{where[0]} {where[1]}", problems)
    if type_column.casefold() != kind:
        correction = TYPE_CORRECTIONS.get(where)
        if correction is None or correction[:2] != (type_column, kind.capitalize()):
            problems.append(
                f"{where[0]} {where[1]}: type column {type_column!r} but the name {full!r} "
                "says otherwise (add it to TYPE_CORRECTIONS with the reason, if the name is right)"
            )
    return kind, name


def derive(tables: dict[str, list[Row]]) -> list[Place]:
    """The places of the national gazetteer, checked, in file order (level, then code).

    Raises:
        BuildError: every problem found in the source, at once.
    """
    problems: list[str] = []
    before, after = tables["units_before_2025.tsv"], tables["units_from_2025.tsv"]

    # Units before the reform, one record per code; a code names one unit per level.
    old_provinces: dict[str, Row] = {}
    old_districts: dict[str, Row] = {}
    old_communes: dict[str, Row] = {}
    old_by_key: dict[str, Row] = {}  # the converter's "province_district_ward" keys
    for row in before:
        for table, code, same in (
            (old_provinces, row["provinceCode"], ("province", "provinceKey")),
            (old_districts, row["districtCode"], ("district", "provinceCode", "districtKey")),
        ):
            seen = table.setdefault(code, row)
            if any(seen[f] != row[f] for f in same):
                problems.append(f"before: code {code} names two units ({seen[same[0]]!r})")
        ward = row["wardCode"]
        if ward:
            if ward in old_communes:
                problems.append(f"before: commune code {ward} is used twice")
            old_communes[ward] = row
        key = f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey']}"
        if key in old_by_key:
            problems.append(f"before: converter key {key} names two units")
        old_by_key[key] = row
    new_provinces: dict[str, Row] = {}
    new_communes: dict[str, Row] = {}
    new_by_key: dict[tuple[str, str], Row] = {}
    for row in after:
        seen = new_provinces.setdefault(row["provinceCode"], row)
        if (seen["province"], seen["provinceKey"]) != (row["province"], row["provinceKey"]):
            problems.append(f"from 2025: code {row['provinceCode']} names two provinces")
        if row["wardCode"] in new_communes:
            problems.append(f"from 2025: commune code {row['wardCode']} is used twice")
        new_communes[row["wardCode"]] = row
        new_by_key[(row["provinceKey"], row["wardKey"])] = row
    for codes, digits, what in (
        (old_provinces, 2, "before: province"),
        (old_districts, 3, "before: district"),
        (old_communes, 5, "before: commune"),
        (new_provinces, 2, "from 2025: province"),
        (new_communes, 5, "from 2025: commune"),
    ):
        problems.extend(
            f"{what} code {c!r} is not {digits} digits"
            for c in codes
            if not (c.isascii() and c.isdigit() and len(c) == digits)
        )

    # Provinces: who merged into whom (DICT_PROVINCE), by the converter's keys.
    old_province_by_key = {row["provinceKey"]: code for code, row in old_provinces.items()}
    new_province_by_key = {row["provinceKey"]: code for code, row in new_provinces.items()}
    merged: dict[str, list[str]] = collections.defaultdict(list)  # new code -> old codes
    province_successor: dict[str, str] = {}  # old code -> new code
    for link in tables["provinces_2025.tsv"]:
        new = new_province_by_key.get(link["newProvinceKey"])
        old = old_province_by_key.get(link["oldProvinceKey"])
        if new is None or old is None:
            problems.append(f"provinces_2025: unknown key in {link}")
            continue
        if old in province_successor:
            problems.append(f"provinces_2025: old province {old} has two successors")
        province_successor[old] = new
        merged[new].append(old)
    problems.extend(
        f"before: province {code} has no successor"
        for code in old_provinces
        if code not in province_successor
    )
    problems.extend(
        f"from 2025: province {code} has no predecessor"
        for code in new_provinces
        if code not in merged
    )

    # A province the reform left with its code and name (alone or absorbing others) is
    # one unit before and after, as in seed_gazetteer; any other new province is new.
    new_key: dict[str, str] = {}  # new province code -> its key in the gazetteer
    places: list[Place] = []
    province_names: dict[str, tuple[str, str]] = {}
    for code, row in old_provinces.items():
        province_names[code] = official_name(row["province"], f"before {code}", problems)
    for code, row in sorted(new_provinces.items()):
        kind, name = official_name(row["province"], f"from 2025 {code}", problems)
        continues = code in merged[code] and province_names.get(code) == (kind, name)
        new_key[code] = code if continues else code + NEW_SUFFIX
        if not continues:
            places.append(
                Place(
                    code=new_key[code],
                    name=name,
                    level=Level.PROVINCE,
                    kind=kind,
                    valid_from=REFORM,
                    aliases=ALIASES.get(new_key[code], ((), ""))[0],
                )
            )
    for code in sorted(old_provinces):
        kind, name = province_names[code]
        target = new_key.get(province_successor.get(code, ""), "")
        ends = target != code
        places.append(
            Place(
                code=code,
                name=name,
                level=Level.PROVINCE,
                kind=kind,
                valid_to=LAST_OLD_DAY if ends else None,
                successors=_links(SuccessionKind.MERGED_INTO, [target] if ends and target else []),
                aliases=ALIASES.get(code, ((), ""))[0],
            )
        )

    # Communes from 1 July 2025: under their province, keyed with the suffix.
    predecessors: dict[str, list[str]] = collections.defaultdict(list)
    successors: dict[str, list[str]] = collections.defaultdict(list)
    split: dict[str, bool] = {}
    for link in tables["communes_2025.tsv"]:
        new_row = new_by_key.get((link["newProvinceKey"], link["newWardKey"]))
        old_row = old_by_key.get(link["oldKey"])
        if new_row is None or old_row is None:
            problems.append(f"communes_2025: unknown key in {dict(link)}")
            continue
        old = old_row["wardCode"] or old_row["districtCode"]  # an island district, whole
        new = new_row["wardCode"] + NEW_SUFFIX
        if new in successors[old]:
            problems.append(f"communes_2025: {old} -> {new} is listed twice")
        successors[old].append(new)
        predecessors[new].append(old)
        if split.setdefault(old, link["divided"] == "1") != (link["divided"] == "1"):
            problems.append(f"communes_2025: {old} is listed both whole and divided")
        expected = province_successor.get(old_row["provinceCode"])
        if expected != new_row["provinceCode"]:
            problems.append(
                f"communes_2025: {old} of province {old_row['provinceCode']} goes to {new} "
                f"in province {new_row['provinceCode']}, not to {expected}"
            )
    for code, row in sorted(new_communes.items()):
        kind, name = _kind_of(row["ward"], row["wardType"], ("from 2025", code), problems)
        places.append(
            Place(
                code=code + NEW_SUFFIX,
                name=name,
                level=Level.COMMUNE,
                kind=kind,
                parent=new_key[row["provinceCode"]],
                valid_from=REFORM,
            )
        )
        if code + NEW_SUFFIX not in predecessors:
            problems.append(f"from 2025: commune {code} has no predecessor")

    # Districts and communes before: they end on 30 June 2025.
    for code, row in sorted(old_districts.items()):
        kind, name = _kind_of(row["district"], row["districtType"], ("before", code), problems)
        places.append(
            Place(
                code=code,
                name=name,
                level=Level.DISTRICT,
                kind=kind,
                parent=row["provinceCode"],
                valid_to=LAST_OLD_DAY,
                # Districts end without successors (their area stays with the province),
                # except the island districts without communes, whole in a đặc khu.
                successors=_links(SuccessionKind.MERGED_INTO, successors.get(code, [])),
            )
        )
    with_communes = {row["districtCode"] for row in old_communes.values()}
    problems.extend(
        f"before: district {code} has neither communes nor a successor"
        for code in old_districts
        if code not in with_communes and code not in successors
    )
    for code, row in sorted(old_communes.items()):
        kind, name = _kind_of(row["ward"], row["wardType"], ("before", code), problems)
        targets = sorted(successors.get(code, []))
        if not targets:
            problems.append(f"before: commune {code} has no successor")
        how = SuccessionKind.SPLIT_INTO if split.get(code) else SuccessionKind.MERGED_INTO
        if how is SuccessionKind.SPLIT_INTO and len(targets) < 2:
            problems.append(f"before: commune {code} is divided into fewer than two communes")
        places.append(
            Place(
                code=code,
                name=name,
                level=Level.COMMUNE,
                kind=kind,
                parent=row["districtCode"],
                valid_to=LAST_OLD_DAY,
                successors=_links(how, targets),
            )
        )

    for where, (column, _, _) in TYPE_CORRECTIONS.items():
        listed = (old_communes if where[0] == "before" else new_communes).get(where[1])
        if listed is None or listed["wardType"] != column:
            problems.append(f"TYPE_CORRECTIONS {where} no longer matches the source: remove it")
    known = {p.code for p in places}
    problems.extend(f"ALIASES: no unit {code}" for code in ALIASES if code not in known)
    problems.extend(check(places))
    if problems:
        raise BuildError(problems)
    return sorted(places, key=lambda p: (p.level.rank, p.code))


def _links(kind: SuccessionKind, targets: Sequence[str]) -> tuple[Succession, ...]:
    return tuple(Succession(kind=kind, target=t, date=REFORM) for t in targets)


def check(places: Sequence[Place]) -> list[str]:
    """The published facts and danvan's own rules, checked on the derived places."""
    problems: list[str] = []
    try:
        gazetteer = Gazetteer(places)  # codes unique, parents, links, no cycles
    except ValueError as error:
        return [str(error)]
    for day, expected in ((LAST_OLD_DAY, EXPECTED_BEFORE), (REFORM, EXPECTED_AFTER)):
        for level in Level:
            found = len(gazetteer.at_level(level, as_of=day))
            if found != expected.get(level, 0):
                problems.append(f"{found} {level.value} units on {day}, expected {expected}")
    kinds = collections.Counter(p.kind for p in gazetteer.at_level(Level.COMMUNE, as_of=REFORM))
    if dict(kinds) != EXPECTED_COMMUNE_KINDS_AFTER:
        problems.append(f"communes from 2025 by kind: {dict(kinds)}")
    for place in gazetteer.at_level(Level.COMMUNE, as_of=LAST_OLD_DAY):
        if gazetteer.ancestor_at(place.code, Level.PROVINCE, as_of=REFORM) is None:
            problems.append(f"commune {place.code} does not roll up to one 2025 province")
    return problems


def shipped_text(places: Sequence[Place]) -> str:
    """The text of the shipped data file."""
    return format_places(
        places,
        comments=(
            "danvan national gazetteer: Vietnam's administrative units before and after "
            "1 July 2025.",
            f"Derived from {PACKAGE} {VERSION} ({HOME}), MIT licence, Copyright (c) 2025 "
            f"Tran Ngoc Minh Hieu: see {LICENCE_FILE}.",
            "Written by tools/build_gazetteer.py (corrections and aliases are listed there); "
            "do not edit by hand.",
        ),
    )


def licence_text(source_licence: str) -> str:
    """The licence notice shipped next to the data file."""
    return (
        f"The national gazetteer ({DATA_FILE}) is derived from {PACKAGE} {VERSION}\n"
        f"({HOME}), whose licence follows.\n\n{source_licence}"
    )


def _gzip(text: str) -> bytes:
    # mtime=0 and no file name: the same text always gives the same bytes here.
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0, compresslevel=9) as f:
        f.write(text.encode("utf-8"))
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Run the build; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--refresh", action="store_true", help="extract the source again")
    parser.add_argument("--wheel", type=Path, help="use this wheel instead of downloading")
    parser.add_argument("--check", action="store_true", help="only compare with the shipped file")
    args = parser.parse_args(argv)
    if args.refresh:
        with tempfile.TemporaryDirectory() as tmp:
            wheel = args.wheel or download_wheel(Path(tmp))
            files = extract(wheel.read_bytes())
        SOURCE_DIR.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (SOURCE_DIR / name).write_text(text, encoding="utf-8")
        print(f"extracted {len(files)} files from {WHEEL} into {SOURCE_DIR}")
    try:
        places = derive(read_source())
    except BuildError as error:
        print(error, file=sys.stderr)
        return 1
    text = shipped_text(places)
    licence = licence_text((SOURCE_DIR / "LICENSE").read_text(encoding="utf-8"))
    target = DATA_DIR / DATA_FILE
    if args.check:
        shipped = gzip.decompress(target.read_bytes()).decode("utf-8")
        notice = (DATA_DIR / LICENCE_FILE).read_text(encoding="utf-8")
        if shipped != text or notice != licence:
            print(f"{target} is not what {SOURCE_DIR} gives: run the build", file=sys.stderr)
            return 1
        print(f"{target} matches its source ({len(places)} units)")
        return 0
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    target.write_bytes(_gzip(text))
    (DATA_DIR / LICENCE_FILE).write_text(licence, encoding="utf-8")
    print(f"wrote {len(places)} units to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
