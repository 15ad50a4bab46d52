"""The hostile inputs of issue 15, timed on any checkout: the numbers before and after.

Usage::

    python bench/bench_hostile.py                        # this checkout's src/
    python bench/bench_hostile.py --src /old/checkout/src --limit 120

Each case runs in a process of its own, stopped after ``--limit`` seconds, and reports
its wall time and the process's peak resident memory. The cases are those the issue
measured: a ratio with a run of spaces, the CSV holding it, a places CSV's successors
cell, a CSV bounds cell, workbooks with a stray cell or a merge at row 1048576, a sheet
of 10⁶ rows, and a 66 MB JSON document.
"""

from __future__ import annotations

import argparse
import io
import itertools
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data" / "hostile"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _book(rows: Iterable[str], after: str = "") -> bytes:
    """A workbook of one sheet, written part by part (the rows as a stream)."""
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'relationships"><Relationship Id="r1" Type="{REL}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
            '<sheet name="observations" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'relationships"><Relationship Id="rId1" Type="{REL}/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>'
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)
        with z.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(f'<worksheet xmlns="{MAIN}"><sheetData>'.encode())
            for row in rows:
                sheet.write(row.encode())
            sheet.write(f"</sheetData>{after}</worksheet>".encode())
    return out.getvalue()


def _row(number: int, values: list[str | int | None]) -> str:
    cells = "".join(
        f'<c r="{chr(65 + i)}{number}"><v>{v}</v></c>'
        if isinstance(v, int)
        else f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{v}</t></is></c>'
        for i, v in enumerate(values)
        if v is not None
    )
    return f'<row r="{number}">{cells}</row>'


HEADER: list[str | int | None] = ["id", "metric", "value", "unit", "period"]


def _files() -> dict[str, Path]:
    DATA.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {
        "ratio.csv": (
            "id,metric,value,unit,period\nr,police.regular.coverage,1/1" + " " * 400 + "=,,2021\n"
        ).encode(),
        "successors.csv": (
            "code,name,level,successors\n36,A,province,merged-into:" + " " * 3000 + "x\n"
        ).encode(),
        "bounds.csv": (
            "id,metric,value,unit,bounds,period\nt,tips,1,tin,[1;" + " " * 60_000 + "x,2021\n"
        ).encode(),
        "stray-cell.xlsx": _book(
            [
                _row(1, HEADER),
                _row(2, ["a", "tips", 5, "tin", "2021"]),
                '<row r="1048576"><c r="N1048576" s="0"/></row>',
            ]
        ),
        "merged-header.xlsx": _book(
            [_row(1, HEADER), _row(2, [None, "tips", 5, "tin", "2021"])],
            '<mergeCells count="1"><mergeCell ref="A1:A1048576"/></mergeCells>',
        ),
    }
    rows = (_row(r, [f"o{r}", "tips", r % 97, "tin", "2021"]) for r in range(2, 1_000_002))
    files["million-rows.xlsx"] = _book(itertools.chain([_row(1, HEADER)], rows))
    out = {name: DATA / name for name in files}
    for name, data in files.items():
        if not out[name].exists() or out[name].stat().st_size != len(data):
            out[name].write_bytes(data)
    document = DATA / "66mb.json"
    if not document.exists():
        _document(document)
    out["66mb.json"] = document
    return out


def _document(path: Path) -> None:
    sys.path.insert(0, str(HERE))
    import bench_json
    import gen

    from danvan import Dataset, Source, serialization

    obs = bench_json.observations(gen.records(270_000))
    serialization.dump(Dataset(sources=(Source(id="b", title="b"),), observations=obs), path)


CASES = [
    ("parse_ratio, 1/1 + 400 spaces + =", "parse_ratio('1/1' + ' ' * 400 + '=')"),
    ("parse_ratio, 1/1 + 600 spaces + =", "parse_ratio('1/1' + ' ' * 600 + '=')"),
    ("CSV, a ratio cell of 400 spaces", "load_observations(F['ratio.csv'])"),
    (
        "places CSV, a successors cell of 3,000 spaces",
        "load_records(F['successors.csv'], 'places')",
    ),
    ("CSV, a bounds cell of 60,000 spaces", "load_observations(F['bounds.csv'])"),
    ("xlsx, a blank cell at N1048576", "load_observations(F['stray-cell.xlsx'])"),
    ("xlsx, a header merged to row 1048576", "load_observations(F['merged-header.xlsx'])"),
    ("xlsx, a sheet of 10^6 rows", "load_observations(F['million-rows.xlsx'])"),
    (".json, a 66 MB document", "load(F['66mb.json'])"),
]

_RUN = """
import resource, sys, time
sys.path.insert(0, {src!r})
from pathlib import Path
from danvan import DanvanError, parse_ratio
from danvan.serialization import load, load_observations, load_records
F = {{k: Path(v) for k, v in {files!r}.items()}}
start = time.perf_counter()
try:
    {code}
    outcome = "read"
except DanvanError as error:
    outcome = type(error).__name__
except Exception as error:
    outcome = "escaped: " + type(error).__name__
seconds = time.perf_counter() - start
# VmHWM: this program's peak (ru_maxrss would count the parent's, inherited across exec).
try:
    status = Path("/proc/self/status").read_text()
    peak = int(status.split("VmHWM:")[1].split()[0])
except (OSError, IndexError):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(seconds, peak, outcome)
"""


def main(argv: list[str] | None = None) -> None:
    """Time each case on the checkout's src/ and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", default=str(HERE.parent / "src"))
    parser.add_argument("--limit", type=float, default=120.0, help="seconds per case")
    args = parser.parse_args(argv)
    files = {name: str(path) for name, path in _files().items()}
    sizes = {name: Path(path).stat().st_size for name, path in files.items()}
    print(f"src: {args.src}\n")
    print("| case | time | peak memory | outcome |\n| --- | ---: | ---: | --- |")
    for label, code in CASES:
        script = _RUN.format(src=args.src, files=files, code=code)
        start = time.perf_counter()
        try:
            done = subprocess.run(
                [sys.executable, "-c", script],
                capture_output=True,
                text=True,
                timeout=args.limit,
                check=False,
            )
        except subprocess.TimeoutExpired:
            print(f"| {label} | > {args.limit:.0f} s (stopped) | | |", flush=True)
            continue
        fields = done.stdout.split(maxsplit=2)
        if len(fields) < 3:
            wall = time.perf_counter() - start
            tail = done.stderr.strip().splitlines()[-1:] or ["?"]
            print(f"| {label} | {wall:.1f} s | | died: {tail[0][:80]} |", flush=True)
            continue
        seconds, rss_kb, outcome = float(fields[0]), int(fields[1]), fields[2].strip()
        print(f"| {label} | {seconds:.3f} s | {rss_kb / 1024:.0f} MB | {outcome} |", flush=True)
    print("\nFile sizes: " + ", ".join(f"{n} {s / 1e6:.3g} MB" for n, s in sizes.items()))


if __name__ == "__main__":
    main()
