"""The review sheet: one row per candidate figure, for an analyst to confirm or correct.

`write_review` writes a .csv or .xlsx sheet with the sentence each figure stands in,
what `extract` proposes for it, and empty columns for the analyst: ``keep`` (yes or no),
and ``metric``, ``period``, ``place`` to correct a proposal (left empty, the proposal
stands). `read_review` reads the reviewed sheet back into a `Dataset`, with every bad
edit located by row and column, and nothing guessed: a row nobody marked is an error
(or skipped, or taken when complete, as the caller says).

The cells use the rules of the observation files (`danvan._io.csv_observations`): figures as reports
write them ("gần 9.000 tin", "204/204=100%"), periods as codes or phrases ("2021",
"quý III/2021"), places as codes; a place may also be written by name ("huyện Ý Yên").
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import ModuleType
from typing import IO, Any

import pendulum

from danvan._dataset import Dataset
from danvan._dates import parse_date
from danvan._extract.extraction import (
    Candidate,
    Extraction,
    FigureKind,
    labels,
    organisation_record,
    record_note,
    remark,
    report_source,
    why_left_out,
)
from danvan._io import csv_observations, formulas, writing, xlsx
from danvan._io.xlsx_stream import Workbook, column_letter
from danvan._lang import Message, Text, check_lang, message_of
from danvan._metrics import Catalogue, standard_catalogue
from danvan._national import national_gazetteer
from danvan._observations import Observation, Source, SourceKind
from danvan._organisations import Organisation
from danvan._period_text import parse_period
from danvan._place_cells import place_code
from danvan._places import Gazetteer
from danvan._quantity import Quantity
from danvan._ratio import Ratio
from danvan._text import match_key, nfc
from danvan.errors import DanvanError, InvalidValueError, LoadError, Problem

__all__ = ["COLUMNS", "HEADERS", "read_review", "write_review"]

COLUMNS = (
    "candidate",
    "keep",
    "figure",
    "value",
    "proposed metric",
    "metric",
    "proposed period",
    "period",
    "proposed place",
    "place",
    "organisation",
    "disaggregation",
    "kind",
    "why",
    "structure",
    "quote",
    "problem",
    "note",
    "source",
    "source title",
    "published",
)
"""The columns of a review sheet, in order. The analyst fills ``keep`` and, to correct a
proposal, ``metric``, ``period``, ``place`` (and may edit ``value``, ``organisation``,
``disaggregation``, ``kind`` and ``note``); the other columns say what was read."""

HEADERS: dict[str, Text] = {
    "candidate": Text("Mã đề xuất", "candidate"),
    "keep": Text("Giữ", "keep"),
    "figure": Text("Số liệu trong bài", "figure"),
    "value": Text("Giá trị", "value"),
    "proposed metric": Text("Chỉ tiêu đề xuất", "proposed metric"),
    "metric": Text("Chỉ tiêu", "metric"),
    "proposed period": Text("Kỳ đề xuất", "proposed period"),
    "period": Text("Kỳ", "period"),
    "proposed place": Text("Địa bàn đề xuất", "proposed place"),
    "place": Text("Địa bàn", "place"),
    "organisation": Text("Tổ chức", "organisation"),
    "disaggregation": Text("Phân tổ", "disaggregation"),
    "kind": Text("Loại", "kind"),
    "why": Text("Lý do đề xuất", "why"),
    "structure": Text("Cấu trúc", "structure"),
    "quote": Text("Trích dẫn", "quote"),
    "problem": Text("Vấn đề", "problem"),
    "note": Text("Ghi chú", "note"),
    "source": Text("Nguồn", "source"),
    "source title": Text("Tên nguồn", "source title"),
    "published": Text("Ngày đăng", "published"),
}
"""Each column's header in both languages: a sheet is written in one and read in either."""
_BY_HEADER = {match_key(t.in_(lang)): c for c, t in HEADERS.items() for lang in ("vi", "en")}

_YES = frozenset({"yes", "y", "x", "có", "c", "1", "true", "keep", "ok", "đúng", "giữ"})
_NO = frozenset({"no", "n", "không", "k", "0", "false", "bỏ", "loại", "sai"})
_SHEET = "review"
_INSTALL = "writing .xlsx review sheets needs openpyxl: pip install 'danvan[xlsx]'"
_UNREVIEWED = ("error", "skip", "accept")

_GUIDE = (
    ("keep", "Ghi 'có' (giữ) hoặc 'không' (bỏ) cho từng dòng.", "Write yes or no on each row."),
    (
        "metric, period, place",
        "Để trống để giữ đề xuất; ghi mã hoặc tên khác để sửa.",
        "Leave empty to take the proposal; write another code (or a place name) to correct it.",
    ),
    (
        "value",
        "Số liệu như báo cáo viết (gần 9.000 tin, 204/204=100%); sửa nếu đọc sai.",
        "The figure as reports write it; correct it if it was misread.",
    ),
    (
        "kind",
        "result: kết quả; target: chỉ tiêu; change: mức tăng, giảm. Chỉ giữ được kết quả.",
        "result, target or change: only results become observations.",
    ),
)


def write_review(
    extraction: Extraction,
    path: str | os.PathLike[str],
    *,
    source: Source | None = None,
    lang: str = "en",
) -> None:
    """Write the review sheet of ``extraction`` to a .csv or .xlsx file, atomically.

    Args:
        extraction: What `extract` found.
        path: The file to write; its extension chooses the format (.xlsx needs openpyxl:
            ``pip install danvan[xlsx]``).
        source: The source the figures come from (by default "report", titled with the
            text's first line, dated as published).
        lang: The language of the headers and of what the sheet says of each proposal
            ("vi": "Giữ", "Chỉ tiêu"...); `read_review` reads either.

    Raises:
        InvalidValueError: the extension is neither .csv nor .xlsx.
        ImportError: openpyxl is missing for an .xlsx file.
        OSError: the file cannot be written.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InvalidValueError(f"must end in .csv or .xlsx, got {target.name!r}", where="path")
    lang = check_lang(lang)
    rows = review_rows(extraction, source, lang)
    if suffix == ".csv":
        data = _csv_bytes(rows, lang)

        def write(stream: IO[bytes]) -> None:
            stream.write(data)

        writing.atomic_write(target, write)
    else:
        _write_workbook(target, rows, extraction.catalogue, lang)


def review_rows(
    extraction: Extraction, source: Source | None = None, lang: str = "en"
) -> list[dict[str, str]]:
    """The rows of the review sheet of ``extraction``, as text cells by column."""
    source = source or report_source(extraction)
    complete = [c for c in extraction.candidates if not why_left_out(c)]
    labelled = labels(extraction.text, complete, {c.id: c for c in extraction.candidates})
    published = "" if source.date is None else source.date.isoformat()
    return [
        {
            "candidate": c.id,
            "keep": "",
            "figure": c.text,
            "value": "" if c.value is None else _figure(c.value),
            "proposed metric": "" if c.metric is None else c.metric.code,
            "metric": "",
            "proposed period": "" if c.period is None else str(c.period.period),
            "period": "",
            "proposed place": "" if c.place is None else c.place.code,
            "place": "",
            "organisation": "" if c.place is None else c.place.organisation,
            "disaggregation": labelled.get(c.id, ""),
            "kind": c.kind.value,
            "why": _why(c, lang),
            "structure": _structure(c, lang),
            "quote": c.sentence,
            "problem": c.problem,
            "note": remark(c),
            "source": source.id,
            "source title": source.title,
            "published": published,
        }
        for c in extraction.candidates
    ]


def _figure(value: Quantity | Ratio) -> str:
    """A figure as the value column of observation files reads it back."""
    return str(value)


def _why(c: Candidate, lang: str = "en") -> str:
    vi = lang == "vi"
    parts = []
    if c.metric is not None:
        words = ", ".join(c.metric.words)
        parts.append(
            f"chỉ tiêu: {words} (điểm {c.metric.score})"
            if vi
            else f"metric: {words} (score {c.metric.score})"
        )
    if c.period is not None:
        parts.append(f"{'kỳ' if vi else 'period'}: '{c.period.text}' ({c.period.how})")
    if c.place is not None:
        own = "đơn vị báo cáo" if vi else "the report's unit"
        written = f"'{c.place.text}'" if c.place.text else own
        parts.append(f"{'địa bàn' if vi else 'place'}: {written} = {c.place.name}")
    parts.extend(c.notes)
    return "; ".join(parts)


def _structure(c: Candidate, lang: str = "en") -> str:
    vi = lang == "vi"
    parts = []
    if c.group:
        parts.append(f"mục của danh sách {c.group}" if vi else f"item of list {c.group}")
    if c.whole:
        word = "trong đó" if c.breakdown is not None and c.breakdown.value == "of-which" else "gồm"
        parts.append(f"phần của {c.whole} ({word})" if vi else f"part of {c.whole} ({word})")
    if c.restates:
        parts.append(f"nêu lại {c.restates}" if vi else f"restates {c.restates}")
    if c.heading:
        parts.append("trong đề mục" if vi else "in a heading")
    return "; ".join(parts)


# -- writing ----------------------------------------------------------------------------------


def _csv_bytes(rows: list[dict[str, str]], lang: str) -> bytes:
    lines = [csv_observations.csv_line([HEADERS[c].in_(lang) for c in COLUMNS], ",")]
    lines += [
        csv_observations.csv_line([formulas.neutralise(row[c]) for c in COLUMNS], ",")
        for row in rows
    ]
    # A byte-order mark: spreadsheet programs then open the file as UTF-8.
    return ("\ufeff" + "".join(lines)).encode("utf-8")


def _openpyxl() -> ModuleType:
    try:
        return importlib.import_module("openpyxl")
    except ImportError:
        raise ImportError(_INSTALL) from None


def _write_workbook(
    path: Path, rows: list[dict[str, str]], catalogue: Catalogue, lang: str
) -> None:
    openpyxl = _openpyxl()
    styles = importlib.import_module("openpyxl.styles")
    validation = importlib.import_module("openpyxl.worksheet.datavalidation")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _SHEET
    sheet.append([HEADERS[c].in_(lang) for c in COLUMNS])
    for row in rows:
        sheet.append([_cell(row[c]) for c in COLUMNS])
    bold = styles.Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
    sheet.freeze_panes = "C2"
    widths = {"figure": 24, "value": 22, "quote": 60, "why": 40, "structure": 24}
    for index, column in enumerate(COLUMNS, start=1):
        letter = column_letter(index)
        sheet.column_dimensions[letter].width = widths.get(column, 14)
    last = len(rows) + 1
    keep = validation.DataValidation(type="list", formula1='"có,không"', allow_blank=True)
    keep.add(f"{column_letter(COLUMNS.index('keep') + 1)}2:{column_letter(2)}{last}")
    sheet.add_data_validation(keep)
    metrics = workbook.create_sheet("metrics")
    metrics.append(
        ["mã", "tên", "tên tiếng Anh", "đơn vị"]
        if lang == "vi"
        else ["code", "name (vi)", "name (en)", "unit"]
    )
    for metric in catalogue:
        unit = "" if metric.unit is None else metric.unit.vi
        metrics.append([metric.code, metric.name_vi, metric.name_en, unit])
    guide = workbook.create_sheet("guide")
    guide.append(["column", "hướng dẫn", "guide"])
    for entry in _GUIDE:
        guide.append(list(entry))

    def write(stream: IO[bytes]) -> None:
        workbook.save(stream)

    writing.atomic_write(path, write)


def _cell(text: str) -> str | None:
    if not text:
        return None
    return formulas.neutralise(text)


# -- reading ----------------------------------------------------------------------------------


def read_review(
    path: str | os.PathLike[str],
    *,
    catalogue: Catalogue | None = None,
    gazetteer: Gazetteer | None = None,
    unreviewed: str = "error",
) -> Dataset:
    """The dataset a reviewed sheet describes: one observation per row kept.

    A row's metric, period and place are the analyst's when written, else the
    proposal's. Organisations named in the ``organisation`` column become records.

    Args:
        path: The reviewed .csv or .xlsx sheet.
        catalogue: The metrics (the standard catalogue by default).
        gazetteer: The places (the national gazetteer by default); place names in the
            ``place`` column are resolved in it as of the row's period.
        unreviewed: What a row whose ``keep`` is empty means: "error" (the default:
            every row must be marked), "skip", or "accept" (taken when its proposal is
            complete, skipped when not).

    Raises:
        LoadError: every problem of the sheet, each located by row and column: a
            ``keep`` that is neither yes nor no, a figure, metric, period or place that
            cannot be read, a row kept that is a target or a change, or has no metric
            or period.
        InvalidValueError: ``unreviewed`` is not one of the three.
        OSError: the file cannot be read.
    """
    if unreviewed not in _UNREVIEWED:
        raise InvalidValueError(
            f"must be one of {', '.join(_UNREVIEWED)}, got {unreviewed!r}", where="unreviewed"
        )
    catalogue = catalogue or standard_catalogue()
    places = gazetteer or national_gazetteer()
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix == ".csv":
        table = _csv_table(file)
    elif suffix == ".xlsx":
        table = _workbook_table(file)
    else:
        message = Message(
            "a review sheet is a .csv or .xlsx file", "trang duyệt số liệu là tệp .csv hoặc .xlsx"
        )
        raise LoadError(str(file), [Problem("file", message)])
    reader = _RowReader(str(file), catalogue, places, unreviewed)
    for where, cells in table:
        reader.row(where, cells)
    return reader.dataset()


_Table = Iterator[tuple["_Where", dict[str, Any]]]


class _Where:
    """Where a row is: its line (CSV) or row (workbook), and how columns are named."""

    def __init__(self, row: str, letters: Mapping[str, str] | None = None) -> None:
        self.row = row
        self.letters = letters or {}

    def at(self, column: str) -> str:
        if not column:
            return self.row
        letter = self.letters.get(column)
        return f'{self.row}, column "{column}"' + (f" ({letter})" if letter else "")


def _header(names: Iterable[object], source: str, where: str) -> list[str | None]:
    columns: list[str | None] = []
    problems = []
    for index, name in enumerate(names):
        text = "" if name is None else nfc(str(name)).strip()
        column = _BY_HEADER.get(match_key(text))
        if not text:
            columns.append(None)
        elif column is None:
            problems.append(
                Problem(
                    f"{where}, column {index + 1}",
                    Message(
                        f"unknown column {name!r} for a review sheet",
                        f"cột {name!r} không phải cột của trang duyệt số liệu",
                    ),
                )
            )
            columns.append(None)
        else:
            columns.append(column)
    missing = [c for c in ("candidate", "keep", "value", "quote") if c not in columns]
    if missing:
        en = ", ".join(missing)
        vi = ", ".join(repr(HEADERS[c].vi) for c in missing)
        problems.append(
            Problem(
                where,
                Message(
                    f"not a review sheet: no {en} column",
                    f"không phải trang duyệt số liệu: thiếu cột {vi}",
                ),
            )
        )
    if problems:
        raise LoadError(source, problems)
    return columns


def _csv_table(file: Path) -> _Table:
    source = str(file)
    with file.open("rb") as stream:
        empty = Message("the file is empty: no header row", "tệp trống: không có dòng tiêu đề")
        rows = list(csv_observations.table_rows(stream, source, empty))
    columns: list[str | None] = []
    for line, cells in rows:
        if isinstance(cells, LoadError):
            raise cells
        if line == 1:
            columns = _header(cells, source, "line 1")
            continue
        named = {c: formulas.restore(v) for c, v in zip(columns, cells, strict=False) if c}
        yield _Where(f"line {line}"), named


def _workbook_table(file: Path) -> _Table:
    source = str(file)
    with file.open("rb") as stream:
        book = Workbook(stream, source)
        names = [name for name, _ in book.sheets]
        sheet = book.sheet(_SHEET if _SHEET in names else None)
        columns: list[str | None] = []
        letters: dict[str, str] = {}
        for number, values, damaged in sheet.rows():
            if damaged:  # the file itself is damaged here
                raise LoadError(source, damaged)
            if not columns:
                named = dict(values)
                width = max(named, default=0)
                where = f"sheet {sheet.name!r}, row {number}"
                columns = _header([named.get(i) for i in range(1, width + 1)], source, where)
                letters = {c: column_letter(i + 1) for i, c in enumerate(columns) if c}
                continue
            where_row = _Where(f"sheet {sheet.name!r}, row {number}", letters)
            cells: dict[str, Any] = {}
            problems = []
            for index, value in values:
                column = columns[index - 1] if index <= len(columns) else None
                if column is None:
                    continue
                try:
                    cell = value if type(value) is str else xlsx._cell(value)
                except InvalidValueError as error:
                    problems.append(Problem(where_row.at(column), message_of(error)))
                    continue
                if cell is not None:
                    cells[column] = formulas.restore(cell) if isinstance(cell, str) else cell
            if problems:
                raise LoadError(source, problems)
            if any(str(v).strip() for v in cells.values()):
                yield where_row, cells


class _RowReader:
    """Reads the rows of one sheet, collecting observations and located problems."""

    def __init__(
        self, source: str, catalogue: Catalogue, places: Gazetteer, unreviewed: str
    ) -> None:
        self.source = source
        self.catalogue = catalogue
        self.places = places
        self.unreviewed = unreviewed
        self.problems: list[Problem] = []
        self.observations: list[Observation] = []
        self.organisations: dict[str, Organisation] = {}
        self.sources: dict[str, Source] = {}

    def row(self, where: _Where, cells: Mapping[str, Any]) -> None:
        def text(column: str) -> str:
            value = cells.get(column)
            if value is None:
                return ""
            if isinstance(value, pendulum.Date):
                return value.isoformat()
            return str(value).strip()

        candidate = text("candidate") or "row"
        keep = text("keep").casefold()
        if keep in _NO:
            return
        if not keep:
            if self.unreviewed == "skip":
                return
            if self.unreviewed == "error":
                self.problems.append(
                    Problem(
                        where.at("keep"),
                        Message(
                            "is empty: write yes (có) or no (không)",
                            "đang trống: hãy ghi 'có' (giữ) hoặc 'không' (bỏ)",
                        ),
                    )
                )
                return
        elif keep not in _YES:
            self.problems.append(
                Problem(
                    where.at("keep"),
                    Message(
                        f"must be yes (có) or no (không), got {text('keep')!r}",
                        f"phải là 'có' hoặc 'không', nhưng ghi {text('keep')!r}",
                    ),
                )
            )
            return
        kind = text("kind") or FigureKind.RESULT.value
        metric = text("metric") or text("proposed metric")
        period = text("period") or text("proposed period")
        complete = kind == FigureKind.RESULT.value and metric and period and text("value")
        if not keep and not complete:
            return  # "accept": taken only when the proposal is complete
        if kind != FigureKind.RESULT.value:
            self.problems.append(
                Problem(
                    where.at("kind"),
                    Message(
                        f"a {kind} is not a result: only results become observations (a "
                        "target belongs to a campaign); write 'result' if it was misread",
                        f"loại {kind!r} không phải kết quả: chỉ kết quả mới thành số liệu (chỉ "
                        "tiêu thuộc về phong trào); ghi 'result' nếu đã đọc sai",
                    ),
                )
            )
            return
        if metric and metric not in self.catalogue:
            self.problems.append(
                Problem(
                    where.at("metric" if text("metric") else "proposed metric"),
                    Message(
                        f"unknown metric {metric!r}; the metrics are listed by 'danvan catalogue'",
                        f"không rõ chỉ tiêu {metric!r}; danh mục chỉ tiêu xem bằng 'danvan "
                        "catalogue'",
                    ),
                )
            )
            return
        source = self._source(where, text("source"), text("source title"), text("published"))
        place = self._place(where, text("place") or text("proposed place"), period)
        if place == "":
            return
        organisation = None
        if text("organisation") and place:
            record = organisation_record(text("organisation"), place)
            self.organisations.setdefault(record.id, record)
            organisation = record.id
        row_cells: dict[str, csv_observations.Cell] = {
            "id": f"{source.id if source else 'report'}-{candidate}",
            "metric": metric,
            "period": period,
            "quote": text("quote"),
            "disaggregation": text("disaggregation"),
            "note": record_note(candidate, text("note")),
        }
        value = cells.get("value")
        if value is not None:
            row_cells["value"] = value if not isinstance(value, pendulum.Date) else text("value")
        if place:
            row_cells["place"] = place
        if organisation:
            row_cells["organisation"] = organisation
        if source is not None:
            row_cells["source"] = source.id
        try:
            observation = csv_observations.observation_from_cells(
                row_cells, default_id=candidate, catalogue=self.catalogue
            )
        except csv_observations.RowError as error:
            for column, message in error.problems:
                named = {"metric": "metric" if text("metric") else "proposed metric"}.get(
                    column, column if column in COLUMNS else ""
                )
                if column == "period":
                    named = "period" if text("period") else "proposed period"
                self.problems.append(Problem(where.at(named), message))
            return
        self.observations.append(observation)

    def _source(self, where: _Where, id: str, title: str, published: str) -> Source | None:
        if not id:
            return None
        if id in self.sources:
            return self.sources[id]
        date = None
        if published:
            try:
                date = parse_date(published)
            except DanvanError as error:
                self.problems.append(Problem(where.at("published"), message_of(error)))
        try:
            source = Source(id=id, title=title or id, kind=SourceKind.REPORT, date=date)
        except DanvanError as error:
            self.problems.append(Problem(where.at("source"), message_of(error)))
            return None
        self.sources[id] = source
        return source

    def _place(self, where: _Where, written: str, period: str) -> str | None:
        """The code of the place a row names (a code or a name); "" after a problem."""
        if not written:
            return None
        if written in self.places:
            return written
        try:
            found = parse_period(period) if period else None
        except DanvanError:
            found = None  # the period's own problem is reported with the row
        try:
            # The rule of every table's place cells: a code, "Giao Thủy (365)", or a name
            # read on the map of the period's end; several fits are listed, never guessed.
            return place_code(written, period=found, places=self.places)
        except DanvanError as error:
            self.problems.append(Problem(where.at("place"), message_of(error)))
            return ""

    def dataset(self) -> Dataset:
        if self.problems:
            raise LoadError(self.source, self.problems)
        title = next(iter(self.sources.values())).title if self.sources else ""
        return Dataset(
            title=title,
            places=self.places,
            catalogue=self.catalogue,
            organisations=tuple(self.organisations.values()),
            sources=tuple(self.sources.values()),
            observations=tuple(self.observations),
        )
