"""Fuzz targets: one per loader, each with its oracle and its seed corpus.

A target takes bytes and reads them as its loader's input. The loader must either return
what then survives a round trip (written again in the same format, it reads back equal)
or raise a `danvan.errors.DanvanError`; the target says which (True: loaded). Anything
else is an *escape*: recorded with the
input, never raised, so that fuzzing goes on. ``make fuzz`` runs the targets under
atheris (coverage-guided, `run.py`); ``make test`` runs them over the corpus and a few
hundred mutations each (``tests/test_fuzz.py``).

Targets:

- ``json``: a dataset document (`danvan.serialization.loads`);
- ``jsonl``: observations, one JSON object a line (load and stream alike);
- ``csv``: observations as table rows (load and stream alike);
- ``records``: a table of places, organisations, documents, sources or metrics; the
  first byte picks the kind;
- ``xlsx``: a workbook whose part the first byte picks (sheet, shared strings, styles,
  workbook) holds the rest of the input, the other parts those of a real workbook;
- ``xlsx-zip``: a workbook's bytes as they are.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import traceback
import zipfile
from collections.abc import Callable
from pathlib import Path

from danvan import DanvanError, Dataset, seed_gazetteer, standard_catalogue
from danvan import serialization as ser

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("places", "organisations", "documents", "sources", "metrics")
XLSX_PARTS = (
    "xl/worksheets/sheet1.xml",
    "xl/sharedStrings.xml",
    "xl/styles.xml",
    "xl/workbook.xml",
)
_FOLDER = Path(tempfile.mkdtemp(prefix="danvan-fuzz-"))


class Escapes:
    """The escapes found: how many inputs were tried, and each distinct escape once."""

    def __init__(self, report: Callable[[str], None] = print) -> None:
        self.tried = 0
        self.loaded = 0
        self.found: dict[str, bytes] = {}
        self.report = report

    def run(self, target: Callable[[bytes], bool], data: bytes) -> None:
        """Run ``target`` on ``data``, recording (not raising) any escape."""
        self.tried += 1
        try:
            self.loaded += target(data)
        except Exception as error:  # every exception that is not danvan's is an escape
            frames = traceback.extract_tb(error.__traceback__)
            inside = [f for f in frames if "danvan" in f.filename] or frames
            where = f"{Path(inside[-1].filename).name}:{inside[-1].lineno}"
            key = f"{type(error).__name__} at {where}"
            if key not in self.found:
                self.found[key] = data
                self.report(f"ESCAPE {key}: {error!s:.200}\n  input: {data[:300]!r}")


def _file(name: str, data: bytes) -> Path:
    path = _FOLDER / f"{os.getpid()}-{name}"
    path.write_bytes(data)
    return path


def _round_trip(dataset: Dataset, suffix: str) -> None:
    again = _FOLDER / f"{os.getpid()}-again{suffix}"
    ser.dump(dataset, again)
    if dataset != ser.load(again):
        raise AssertionError(f"{suffix}: what was loaded does not read back equal")


def json_document(data: bytes) -> bool:
    """A dataset document: loads or raises; what loads round-trips."""
    try:
        dataset = ser.loads(data)
    except DanvanError:
        return False
    if dataset != ser.loads(ser.dumps(dataset)):
        raise AssertionError("json: what was loaded does not read back equal")
    return True


def _observations(suffix: str) -> Callable[[bytes], bool]:
    def target(data: bytes) -> bool:
        path = _file(f"data{suffix}", data)
        try:
            found = ser.load_observations(path)
        except DanvanError:
            return False
        if suffix != ".xlsx" and found != tuple(ser.iter_observations(path)):
            raise AssertionError(f"{suffix}: streamed and loaded observations differ")
        _round_trip(Dataset(observations=found), suffix)
        return True

    return target


def records(data: bytes) -> bool:
    """A table of records, its kind picked by the first byte."""
    if not data:
        return False
    kind = KINDS[data[0] % len(KINDS)]
    path = _file(f"{kind}.csv", data[1:])
    try:
        found = ser.load_records(path, kind)
    except DanvanError:
        return False
    again = _FOLDER / f"{os.getpid()}-again.csv"
    ser.dump_records(found, again, kind=kind)
    if found != ser.load_records(again, kind):
        raise AssertionError(f"{kind}: what was loaded does not read back equal")
    return True


def _template() -> dict[str, bytes]:
    path = _FOLDER / "template.xlsx"
    ser.dump(Dataset(observations=_seed().observations), path)
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


_TEMPLATE: dict[str, bytes] = {}


def workbook(part: str, content: bytes) -> bytes:
    """A workbook whose ``part`` holds ``content``, its other parts the template's."""
    if not _TEMPLATE:
        _TEMPLATE.update(_template())
    parts = {**_TEMPLATE, part: content}
    if part == "xl/sharedStrings.xml" and not any("sharedStrings" in p for p in _TEMPLATE):
        rels = parts["xl/_rels/workbook.xml.rels"].replace(
            b"</Relationships>",
            b'<Relationship Id="rIdS" Target="sharedStrings.xml" Type="http://schemas.'
            b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
            b"</Relationships>",
        )
        parts["xl/_rels/workbook.xml.rels"] = rels
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in parts.items():
            z.writestr(name, body)
    return out.getvalue()


def xlsx_part(data: bytes) -> bool:
    """A workbook with one part replaced: the first byte picks it."""
    if not data:
        return False
    return _observations(".xlsx")(workbook(XLSX_PARTS[data[0] % len(XLSX_PARTS)], data[1:]))


TARGETS: dict[str, Callable[[bytes], bool]] = {
    "json": json_document,
    "jsonl": _observations(".jsonl"),
    "csv": _observations(".csv"),
    "records": records,
    "xlsx": xlsx_part,
    "xlsx-zip": _observations(".xlsx"),
}


# --- the seed corpus: every format's examples ----------------------------------------------------


def _seed() -> Dataset:
    return ser.load(ROOT / "examples" / "nam_dinh_2017_2021.json")


def _written(suffix: str, write: Callable[[Path], None]) -> bytes:
    path = _FOLDER / f"seed-{hashlib.sha1(suffix.encode()).hexdigest()[:6]}{suffix}"
    write(path)
    return path.read_bytes()


def corpus(target: str) -> list[bytes]:
    """The seed inputs of ``target``: the examples, the bad files of the tests, and the
    seed dataset written in the target's format."""
    bad = ROOT / "tests" / "data" / "bad"
    seed = _seed()
    obs = seed.observations
    if target == "json":
        files = [ROOT / "examples" / "nam_dinh_2017_2021.json", *bad.glob("*.json")]
        return [p.read_bytes() for p in files] + [ser.dumps(Dataset()).encode()]
    if target in ("jsonl", "csv"):
        suffix = f".{target}"
        found = [p.read_bytes() for p in bad.glob(f"*{suffix}")]
        found.append(_written(suffix, lambda p: ser.dump_observations(obs, p)))
        if target == "csv":
            found.append(_written(";.csv", lambda p: ser.dump_observations(obs, p, delimiter=";")))
        return found
    if target == "records":
        tables = {
            "places": seed_gazetteer().places,
            "organisations": seed.organisations,
            "documents": seed.documents,
            "sources": seed.sources,
            "metrics": standard_catalogue().metrics,
        }
        found = []
        for kind, rows in tables.items():
            path = _FOLDER / f"seed-{kind}.csv"
            ser.dump_records(rows, path, kind=kind)
            found.append(bytes([KINDS.index(kind)]) + path.read_bytes())
        return found
    books = [_written(".xlsx", lambda p: ser.dump_observations(obs, p))]
    books += [p.read_bytes() for p in bad.glob("*.xlsx")]
    if target == "xlsx-zip":
        return books
    # openpyxl writes text inline: a sheet of shared strings, dates and booleans, by hand.
    found = [
        b"\x00<worksheet><sheetData><row r='1'><c r='A1' t='s'><v>0</v></c><c r='B1' t='s'>"
        b"<v>1</v></c><c r='C1' t='s'><v>2</v></c><c r='D1' t='s'><v>3</v></c></row>"
        b"<row r='2'><c r='A1' t='s'><v>4</v></c><c r='B2'><v>5</v></c><c r='C2' s='1'>"
        b"<v>44197</v></c><c r='D2' t='b'><v>0</v></c></row></sheetData>"
        b"<mergeCells><mergeCell ref='A1:A2'/></mergeCells></worksheet>",
        b"\x01<sst><si><t>metric</t></si><si><t>value</t></si><si><t>start</t></si>"
        b"<si><t>unit</t></si><si><r><t>ti</t></r><r><t>ps</t></r><rPh><t>x</t></rPh></si></sst>",
        b"\x02<styleSheet><numFmts><numFmt numFmtId='164' formatCode='dd/mm/yyyy'/></numFmts>"
        b"<cellXfs><xf numFmtId='0'/><xf numFmtId='14'/><xf numFmtId='164'/></cellXfs>"
        b"</styleSheet>",
        b"\x03<workbook><workbookPr date1904='1'/><sheets><sheet name='observations' "
        b"sheetId='1' r:id='rId1' xmlns:r='x'/></sheets></workbook>",
    ]
    for book in books:
        try:
            with zipfile.ZipFile(io.BytesIO(book)) as z:
                for index, part in enumerate(XLSX_PARTS):
                    if part in z.namelist():
                        found.append(bytes([index]) + z.read(part))
        except zipfile.BadZipFile:
            continue
    return found
