"""Benchmark 5: each parser and loader on adversarial input of 10³ to 10⁶ characters.

Each input is shaped to make a backtracking regular expression or a quadratic loop slow:
long runs of spaces between the parts a parser looks for, runs of digits, words repeated
without end, a cell holding all of it. The time of each size is printed with its growth
over the size ten times smaller: about 10 is linear; 100 would be quadratic, 1000 cubic.
The baseline of each ratio is the same parser on the smaller input, in the same run. At
10³ characters fixed costs dominate, so the first ratio is often below 10; the last is
the telling one. A size whose time would pass ``BUDGET`` seconds (judged by the growth
so far) is skipped and marked.
"""

from __future__ import annotations

import io
import itertools
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pendulum
from common import DATA

from danvan import (
    DanvanError,
    parse_citation,
    parse_date,
    parse_period,
    parse_quantity,
    parse_ratio,
    serialization,
)
from danvan._numbers import parse_number

_AS_OF = pendulum.Date(2023, 7, 10)
SIZES = (1_000, 10_000, 100_000, 1_000_000)
BUDGET = 30.0  # seconds one measurement may be expected to take

Make = Callable[[int], Callable[[], object]]


def _quietly(parse: Callable[[str], object], text: str) -> Callable[[], object]:
    def run() -> object:
        try:
            return parse(text)
        except DanvanError as error:
            return error

    return run


def _text(parse: Callable[[str], object], shape: Callable[[int], str]) -> Make:
    return lambda n: _quietly(parse, shape(n))


def _spaces(before: str, after: str) -> Callable[[int], str]:
    """``before``, spaces to make ``n`` characters, ``after``."""
    return lambda n: before + " " * max(0, n - len(before) - len(after)) + after


def _repeat(before: str, unit: str, after: str = "") -> Callable[[int], str]:
    return lambda n: before + unit * max(0, (n - len(before) - len(after)) // len(unit)) + after


PARSERS: list[tuple[str, str, Make]] = [
    ("parse_ratio", '"1/1" + spaces + "="', _text(parse_ratio, _spaces("1/1", "="))),
    ("parse_ratio", '"1/1 " + "vụ "… + "=5%"', _text(parse_ratio, _repeat("1/1 ", "vụ ", "=5%"))),
    ("parse_quantity", '"gần" + spaces + "9.000 x"', _text(parse_quantity, _spaces("gần", "9 x"))),
    ("parse_quantity", '"từ 4" + spaces + "đến"', _text(parse_quantity, _spaces("từ 4", "đến"))),
    ("parse_quantity", '"1" + ".000"…+ "x"', _text(parse_quantity, _repeat("1", ".000", "x"))),
    ("parse_period", '"quý" + spaces + "III/x"', _text(parse_period, _spaces("quý", "III/x"))),
    ("parse_period", '"2021" + " - "…', _text(parse_period, _repeat("2021", " - "))),
    ("parse_period", '"từ ngày 1" + "-1"…', _text(parse_period, _repeat("từ ngày 1", "-1"))),
    ("parse_date", '"ngày" + spaces + "1-1-x"', _text(parse_date, _spaces("ngày", "1-1-x"))),
    ("parse_date", '"1" + spaces + "-1-2021x"', _text(parse_date, _spaces("1", "-1-2021x"))),
    ("parse_number", '"1" + ".111"… + "x"', _text(parse_number, _repeat("1", ".111", "x"))),
    ("parse_number", 'spaces + "1,5x"', _text(parse_number, _spaces("", "1,5x"))),
    (
        "parse_citation",
        '"Chỉ thị của " + "a về "…',
        _text(parse_citation, _repeat("Chỉ thị của ", "a về ", "x")),
    ),
    (
        "parse_citation",
        '"Chỉ thị số 1" + "1"… + " ngày"',
        _text(parse_citation, _repeat("Chỉ thị số 1", "1", " ngày 1-1-x")),
    ),
    # Runs of the words the vocabulary, number-word and period readers look for.
    ("parse_quantity", '"một nghìn "…', _text(parse_quantity, _repeat("", "một nghìn "))),
    ("parse_quantity", '"khoảng "… + "5"', _text(parse_quantity, _repeat("", "khoảng ", "5"))),
    ("parse_quantity", '"1" + spaces + "kg"', _text(parse_quantity, _spaces("1", "kg"))),
    (
        "parse_period",
        '"từ "… + "đến nay"',
        _text(lambda t: parse_period(t, as_of=_AS_OF), _repeat("", "từ ", "đến nay")),
    ),
    ("parse_date", '"19/10/2021 "…', _text(parse_date, _repeat("", "19/10/2021 "))),
    ("parse_date", '"1/"…', _text(parse_date, _repeat("", "1/"))),
    ("parse_ratio", '"khoảng "… + "40%"', _text(parse_ratio, _repeat("", "khoảng ", "40%"))),
]


def _file(name: str, data: bytes) -> Path:
    folder = DATA / "adversarial"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def _loader(suffix: str, content: Callable[[int], bytes], kind: str | None = None) -> Make:
    def make(n: int) -> Callable[[], object]:
        path = _file(f"{id(content)}-{n}{suffix}", content(n))

        def run() -> object:
            try:
                if kind is not None:
                    return serialization.load_records(path, kind)
                return serialization.load(path)
            except DanvanError as error:
                return error

        return run

    return make


_ROW = '{"id": "a", "metric": "tips", "value": {"kind": "quantity", "value": 1, "unit": "tin"}, '


def _json_title(n: int) -> bytes:
    head = '{"format": "danvan-dataset", "version": "1.0", "title": "'
    return (head + "x" * max(0, n - len(head) - 2) + '"}').encode()


def _json_space(n: int) -> bytes:
    return ("{" + " " * (n - 2) + "}").encode()


def _jsonl_space(n: int) -> bytes:
    line = _ROW + '"period": "2021"}'
    return (" " * max(0, n - len(line)) + line + "\n").encode()


def _csv_cell(column: str, cell: Callable[[int], str]) -> Callable[[int], bytes]:
    def content(n: int) -> bytes:
        row = {"value": "1", "bounds": "", column: cell(n)}
        return (
            f"id,metric,value,unit,bounds,period\nt,tips,{row['value']},tin,{row['bounds']},2021\n"
        ).encode()

    return content


def _places(n: int) -> bytes:
    return ("code,name,level,successors\n36,A,province,merged-into:" + " " * n + "x\n").encode()


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _xlsx_cell(n: int) -> bytes:
    """A workbook whose value cell holds "1/1", n spaces and "=", written part by part
    (openpyxl cuts a cell to Excel's 32,767 characters; a file may hold more)."""
    cells = ["metric", "value", "unit", "period"], ["tips", "1/1" + " " * n + "=", "tin", "2021"]
    rows = "".join(
        f'<row r="{r}">'
        + "".join(
            f'<c r="{chr(65 + i)}{r}" t="inlineStr"><is><t>{v}</t></is></c>'
            for i, v in enumerate(values)
        )
        + "</row>"
        for r, values in enumerate(cells, 1)
    )
    parts = {
        "xl/workbook.xml": f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
        '<sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships><Relationship Id="rId1" '
        f'Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{_MAIN}"><sheetData>{rows}'
        "</sheetData></worksheet>",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text.encode("utf-8"))
    return out.getvalue()


LOADERS: list[tuple[str, str, Make]] = [
    ("load .json", "a title of n characters", _loader(".json", _json_title)),
    ("load .json", "{ + spaces + }", _loader(".json", _json_space)),
    ("load .jsonl", "spaces before a line", _loader(".jsonl", _jsonl_space)),
    (
        "load .csv",
        'value "1/1" + spaces + "="',
        _loader(".csv", _csv_cell("value", _spaces("1/1", "="))),
    ),
    (
        "load .csv",
        'bounds "[1;" + spaces + "x"',
        _loader(".csv", _csv_cell("bounds", _spaces("[1;", "x"))),
    ),
    (
        "load_records places",
        'successors "merged-into:" + spaces',
        _loader(".csv", _places, "places"),
    ),
    ("load .xlsx", 'a cell "1/1" + spaces + "="', _loader(".xlsx", _xlsx_cell)),
]


def _time(run: Callable[[], object], n: int) -> float:
    repeat = 5 if n <= 10_000 else (3 if n <= 100_000 else 1)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def _row(name: str, shape: str, make: Make, sizes: tuple[int, ...]) -> str:
    times: list[float | None] = []
    for n in sizes:
        known = [t for t in times if t is not None]
        if len(known) >= 2 and known[-1] * max(10.0, known[-1] / known[-2]) > BUDGET:
            times.append(None)
            continue
        times.append(_time(make(n), n))
    cells = [_seconds(t) for t in times]
    growth = [
        f"{b / a:.0f}" if a is not None and b is not None and a > 0 else "—"
        for a, b in itertools.pairwise(times)
    ]
    return f"| {name} | {shape} | {' | '.join(cells)} | {' / '.join(growth)} |"


def _seconds(value: float | None) -> str:
    if value is None:
        return f"> {BUDGET:.0f} s (skipped)"
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 1e-3:
        return f"{value * 1e3:.1f} ms"
    return f"{value * 1e6:.0f} µs"


def run(*, quick: bool = False) -> None:
    """Print the table: time per size and growth per ×10, for every parser and loader."""
    sizes = SIZES[:3] if quick else SIZES
    header = " | ".join(f"{n:,} chars" for n in sizes)
    print("## Adversarial input: time by size, and growth per ×10 (≈10 is linear)\n")
    print(f"| parser | input | {header} | growth per ×10 |")
    print("| --- | --- |" + " ---: |" * len(sizes) + " ---: |")
    for name, shape, make in PARSERS + LOADERS:
        print(_row(name, shape, make, sizes), flush=True)
    print()
