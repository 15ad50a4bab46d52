"""Reports: aggregation results, validation findings and the metric catalogue as tables.

A `Report` is a title, a few facts (the metric, the period, ...) and sections of rows.
Cells keep their values typed (a `Quantity`, a number, a date, a `Term`) until a
renderer writes them, in Vietnamese ("gần 9.000 tin", "2,5 kg") or English ("nearly
9,000 tips"):

* `Report.to_table` for a terminal: columns aligned by display width, so Vietnamese
  text lines up whether its marks are precomposed (NFC) or combining (NFD);
* `Report.to_markdown` for documents, `Report.to_csv` for spreadsheets (cells that a
  spreadsheet would run as a formula are neutralised), `Report.to_json` for programs;
* `Report.to_pandas` for notebooks (``pip install danvan[pandas]``).

How a cell reads (text, JSON, pandas columns) is `danvan._cells`; the words are
`danvan._lang.Text` values, here for a report's own labels and beside their concepts
for the rest (groupings, severities, aggregations, breakdowns).

Why a figure was left out, a row's notes and the built-in findings are written in the
report's language; findings of user rules are as their rules write them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from danvan._aggregate.query import GROUPING_WORDS
from danvan._aggregate.results import (
    RECONCILIATION_WORDS,
    USED_WORDS,
    AggregationResult,
    Key,
    Row,
    TargetResult,
)
from danvan._aggregate.semantics import AGGREGATION_WORDS
from danvan._breakdown import BREAKDOWN_WORDS
from danvan._campaigns import ATTAINMENT_WORDS
from danvan._cells import (
    Cell,
    Term,
    cell_json,
    cell_text,
    check_cell,
    display_width,
    exact_frame,
    frame_fields,
    group_column,
    one_line,
    pandas,
)
from danvan._lang import Text, check_lang, in_lang
from danvan._metrics import Aggregation, Catalogue, Metric
from danvan._public import publish
from danvan._quantity import CERTAINTY_WORDS, Quantity
from danvan._text import nfc
from danvan._units import COUNTING_WORDS, DIMENSION_WORDS
from danvan._validation import SEVERITY_WORDS, Severity, ValidationReport
from danvan.errors import InvalidValueError, UnknownReferenceError

if TYPE_CHECKING:  # annotations only: the dataset sits above reports' inputs
    from danvan._dataset import Dataset

__all__ = ["Cell", "Column", "Fact", "Report", "Section", "Term", "display_width", "severity_term"]


@attrs.frozen(kw_only=True)
class Column:
    """A column: a stable key (JSON, CSV for programs, pandas) and a label for readers."""

    key: str
    label: str = attrs.field(converter=nfc)


@attrs.frozen(kw_only=True)
class Fact:
    """One line of a report's header: "Kỳ: 2017/2021"."""

    key: str
    label: str = attrs.field(converter=nfc)
    value: Cell = attrs.field()

    @value.validator
    def _check_value(self, _: attrs.Attribute[Cell], value: object) -> None:
        check_cell(value, f"fact[{self.key}].value")


def _columns(value: Iterable[Column]) -> tuple[Column, ...]:
    return tuple(value)


def _rows(value: Iterable[Sequence[Cell]]) -> tuple[tuple[Cell, ...], ...]:
    # Text cells are NFC like every text danvan holds.
    return tuple(tuple(nfc(c) if isinstance(c, str) else c for c in row) for row in value)


@attrs.frozen(kw_only=True)
class Section:
    """A titled table of a report.

    Args:
        key: Stable name ("rows", "excluded", "missing", "findings", ...).
        title: The heading readers see.
        columns: The columns.
        rows: One tuple of cells per row, as many cells as columns.
        empty: What to print when there are no rows ("none").
        note: A line printed under the heading ("missing, not zero").
    """

    key: str
    title: str = attrs.field(converter=nfc)
    columns: tuple[Column, ...] = attrs.field(converter=_columns)
    rows: tuple[tuple[Cell, ...], ...] = attrs.field(converter=_rows)
    empty: str = attrs.field(default="", converter=nfc)
    note: str = attrs.field(default="", converter=nfc)

    @rows.validator
    def _check_rows(self, _: attrs.Attribute[tuple[tuple[Cell, ...], ...]], rows: Any) -> None:
        for i, row in enumerate(rows):
            if len(row) != len(self.columns):
                raise InvalidValueError(
                    f"has {len(row)} cells, but the section has {len(self.columns)} columns",
                    where=f"section[{self.key}].rows[{i}]",
                )
            for j, cell in enumerate(row):
                check_cell(cell, f"section[{self.key}].rows[{i}][{j}]")


# -- words ----------------------------------------------------------------------------------

_WORDS: dict[str, Text] = {
    "metric": Text("Chỉ tiêu", "Metric"),
    "period": Text("Kỳ", "Period"),
    "all_time": Text("mọi thời gian", "all time"),
    "by": Text("Nhóm theo", "Grouped by"),
    "one_total": Text("không (một tổng)", "nothing (one total)"),
    "as_of": Text("Địa giới hành chính tại ngày", "Places as of"),
    "scope": Text("Trong phạm vi", "Within"),
    "aggregation": Text("Cách cộng", "Aggregation"),
    "rows": Text("Kết quả", "Totals"),
    "no_rows": Text("không có số liệu nào", "no figures"),
    "value": Text("Giá trị", "Value"),
    "bounds": Text("Khoảng giá trị", "Bounds"),
    "observations": Text("Số liệu gốc", "Observations"),
    "none": Text("không có", "none"),
    "notes": Text("Ghi chú", "Notes"),
    "heed": Text("Lưu ý", "Note"),
    "count": Text("{n} dòng (bấm để xem)", "{n} rows (click to show)"),
    "row": Text("Dòng", "Row"),
    "note": Text("Ghi chú", "Note"),
    "excluded": Text("Để ngoài", "Left out"),
    "observation": Text("Số liệu", "Observation"),
    "reason": Text("Lý do", "Reason"),
    "reconciliations": Text("Đối chiếu", "Reconciliations"),
    "kind": Text("Loại", "Kind"),
    "whole": Text("Tổng", "Whole"),
    "whole_value": Text("Giá trị tổng", "Whole value"),
    "parts": Text("Các phần", "Parts"),
    "parts_total": Text("Cộng các phần", "Parts total"),
    "complete": Text("Đủ", "Complete"),
    "consistent": Text("Khớp", "Consistent"),
    "used": Text("Dùng", "Used"),
    "missing": Text("Không có số liệu", "No figures"),
    "missing_note": Text("thiếu, không phải bằng 0", "missing, not zero"),
    "grouping": Text("Nhóm", "Grouping"),
    "code": Text("Mã", "Code"),
    "name": Text("Tên", "Name"),
    "sources": Text("Nguồn", "Sources"),
    "source": Text("Nguồn", "Source"),
    "quote": Text("Trích dẫn", "Quote"),
    "findings": Text("Vấn đề", "Findings"),
    "no_findings": Text("không phát hiện vấn đề", "no problems found"),
    "severity": Text("Mức độ", "Severity"),
    "rule": Text("Quy tắc", "Rule"),
    "record": Text("Bản ghi", "Record"),
    "message": Text("Nội dung", "Message"),
    "validation": Text("Kết quả kiểm tra", "Validation"),
    "catalogue": Text("Danh mục chỉ tiêu", "Metric catalogue"),
    "metrics": Text("Các chỉ tiêu", "Metrics"),
    "unit": Text("Đơn vị", "Unit"),
    "dimension": Text("Đại lượng", "Dimension"),
    "counts": Text("Đếm", "Counts"),
    "parent": Text("Thuộc", "Part of"),
    "breakdown": Text("Các chỉ tiêu con", "Sub-metrics"),
    "attainment": Text("Kết quả thực hiện chỉ tiêu", "Targets and attainment"),
    "targets": Text("Các chỉ tiêu đặt ra", "Targets"),
    "targets_note": Text(
        "tỷ lệ = số liệu đạt được / chỉ tiêu; khoảng tỷ lệ theo từ hạn định của số liệu",
        "percent = achieved / target; its interval follows the figures' qualifiers",
    ),
    "no_targets": Text("không có chỉ tiêu nào", "no targets"),
    "campaign": Text("Phong trào", "Campaign"),
    "place": Text("Địa bàn", "Place"),
    "target": Text("Chỉ tiêu đặt ra", "Target"),
    "actual": Text("Đạt được", "Achieved"),
    "percent": Text("Tỷ lệ (%)", "Percent"),
    "percent_bounds": Text("Tỷ lệ: khoảng", "Percent: interval"),
    "met": Text("Đạt", "Met"),
    "exceeded": Text("Vượt", "Exceeded"),
    "stated": Text("Báo cáo ghi", "Report says"),
    "agrees": Text("Khớp với số liệu", "Agrees with figures"),
}

# The columns of each grouping of `aggregate(by=...)`: its codes, and their names.
_GROUP_COLUMNS: dict[str, tuple[Text, Text | None]] = {
    "province": (Text("Mã tỉnh", "Province code"), Text("Tỉnh", "Province")),
    "district": (Text("Mã huyện", "District code"), Text("Huyện", "District")),
    "commune": (Text("Mã xã", "Commune code"), Text("Xã", "Commune")),
    "place": (Text("Mã địa bàn", "Place code"), Text("Địa bàn", "Place")),
    "organisation": (Text("Mã tổ chức", "Organisation id"), Text("Tổ chức", "Organisation")),
    "metric": (Text("Mã chỉ tiêu", "Metric code"), Text("Chỉ tiêu", "Metric")),
    "year": (Text("Năm", "Year"), None),
    "half-year": (Text("Kỳ 6 tháng", "Half-year"), None),
    "quarter": (Text("Quý", "Quarter"), None),
    "month": (Text("Tháng", "Month"), None),
}
_NAMED = ("province", "district", "commune", "place", "organisation", "metric")


def _w(key: str, lang: str) -> str:
    return _WORDS[key].in_(lang)


def _labelled(lang: str, *keys: str) -> list[Column]:
    """Columns labelled each by the word of its own key."""
    return [Column(key=key, label=_w(key, lang)) for key in keys]


def _missing_row(key: Key, names: _Names, lang: str) -> tuple[Cell, ...]:
    """A missing group as a report row: its groupings, codes and names ("huyện, năm";
    "378, 2023"; "Hoằng Hóa, 2023"), each joined in the key's order."""
    if len(key) == 1:
        ((g, code),) = key
        return (_grouping(g, lang), code, names.name(g, code) if g in _NAMED else None)
    groupings = Term(
        ",".join(g for g, _ in key), ", ".join(_grouping(g, lang).text for g, _ in key)
    )
    named = ", ".join((names.name(g, code) if g in _NAMED else None) or code for g, code in key)
    return (groupings, ", ".join(code for _, code in key), named)


def _grouping(name: str, lang: str) -> Term:
    """A grouping (or a row key) as a term: ``Term("year", "năm")``."""
    words = GROUPING_WORDS.get(name)
    return Term(name, name if words is None else words.in_(lang))


def aggregation_term(aggregation: Aggregation, lang: str) -> Term:
    """How a metric's figures combine, as a term ("flow: summed over time and places")."""
    return Term.of(aggregation.value, AGGREGATION_WORDS[aggregation], lang)


# -- display width and cell text ------------------------------------------------------------


def _facts(value: Iterable[Fact]) -> tuple[Fact, ...]:
    return tuple(value)


def _sections(value: Iterable[Section]) -> tuple[Section, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Report:
    """A report: a title, facts, and sections of typed cells, rendered on demand.

    Build one with `from_aggregation`, `from_validation` or `from_catalogue`, or from
    your own `Section` objects.

    >>> import danvan
    >>> q = danvan.parse_quantity("gần 9.000 tin")
    >>> r = Report(title="Tin", lang="en", sections=[
    ...     Section(key="rows", title="Totals", columns=[Column(key="value", label="Value")],
    ...             rows=[(q,)])])
    >>> print(r.to_table())
    Tin
    ===
    <BLANKLINE>
    Totals
    Value
    -----------------
    nearly 9,000 tips

    Args:
        title: The heading.
        lang: ``"vi"`` or ``"en"``: the language cells are written in.
        facts: Header lines.
        sections: The tables; the first holds the answer.
    """

    title: str = attrs.field(converter=nfc)
    lang: str = attrs.field(default="vi", converter=check_lang)
    facts: tuple[Fact, ...] = attrs.field(default=(), converter=_facts)
    sections: tuple[Section, ...] = attrs.field(default=(), converter=_sections)

    def section(self, key: str) -> Section:
        """The section with ``key``.

        Raises:
            UnknownReferenceError: there is none.
        """
        for s in self.sections:
            if s.key == key:
                return s
        keys = ", ".join(s.key for s in self.sections)
        raise UnknownReferenceError(f"no section {key!r} in this report; it has {keys}")

    # -- building -----------------------------------------------------------------------

    @classmethod
    def from_aggregation(
        cls,
        result: AggregationResult,
        *,
        dataset: Dataset | None = None,
        lang: str = "vi",
        show_bounds: bool = False,
        show_sources: bool = False,
        scope: str | None = None,
    ) -> Report:
        """A report of an aggregation: totals, then what was left out, reconciled or missing.

        Args:
            result: The answer of `Dataset.aggregate`.
            dataset: The dataset asked; gives names to codes and quotes to sources.
            lang: ``"vi"`` or ``"en"``.
            show_bounds: Add the bounds of each total (the interval the truth lies in).
            show_sources: Add the observations each total came from, and a section
                quoting each observation's source.
            scope: The place code the question was limited to (``place=`` of aggregate).

        >>> import runpy, danvan
        >>> ds = runpy.run_path("examples/nam_dinh_2017_2021.py")["build"]()
        >>> result = ds.aggregate("surrendered.guns", period=danvan.parse_period("2017/2021"),
        ...                       by="province", place="36")
        >>> report = Report.from_aggregation(result, dataset=ds, lang="en", scope="36")
        >>> print(report.to_table())
        Guns
        ====
        Metric: guns (surrendered.guns)
        Period: 2017/2021
        Grouped by: province
        Places as of: 2021-12-31
        Within: Nam Định (36)
        Aggregation: flow: summed over time and places
        <BLANKLINE>
        Totals
        Province code  Province  Value
        -------------  --------  --------
        36             Nam Định  153 guns
        <BLANKLINE>
        Left out: none
        Reconciliations: none
        No figures (missing, not zero): none
        """
        lang = check_lang(lang)
        metric = _metric(dataset, result.metric)
        names = _Names(dataset, lang)
        groups = [group_column(b) for b in result.by]
        by_text = ", ".join(_grouping(b, lang).text for b in result.by)
        # A metric is named beside its code: "tin có giá trị ... (tips)".
        metric_cell: Cell = (
            result.metric
            if metric is None
            else Term(result.metric, f"{metric.name(lang)} ({result.metric})")
        )
        facts = [
            Fact(key="metric", label=_w("metric", lang), value=metric_cell),
            Fact(
                key="period",
                label=_w("period", lang),
                value=str(result.period)
                if result.period is not None
                else Term("all", _w("all_time", lang)),
            ),
            Fact(
                key="by",
                label=_w("by", lang),
                value=Term(",".join(result.by), by_text or _w("one_total", lang)),
            ),
            Fact(key="as_of", label=_w("as_of", lang), value=result.as_of),
        ]
        if scope is not None:
            facts.append(Fact(key="scope", label=_w("scope", lang), value=names.place(scope)))
        if result.notes:
            # What a reader of every total must know (units regrouped by today's map).
            text = " ".join(in_lang(note, lang) for note in result.notes)
            facts.append(Fact(key="notes", label=_w("heed", lang), value=text))
        if metric is not None:
            facts.append(
                Fact(
                    key="aggregation",
                    label=_w("aggregation", lang),
                    value=aggregation_term(metric.aggregation, lang),
                )
            )
        columns: list[Column] = []
        for g in groups:
            code_label, name_label = _GROUP_COLUMNS[g]
            columns.append(Column(key=g, label=code_label.in_(lang)))
            if name_label is not None and dataset is not None:
                columns.append(Column(key=f"{g}_name", label=name_label.in_(lang)))
        columns.append(Column(key="value", label=_w("value", lang)))
        if show_bounds:
            columns.append(Column(key="bounds", label=_w("bounds", lang)))
        if show_sources:
            columns.append(Column(key="observations", label=_w("observations", lang)))
        rows: list[tuple[Cell, ...]] = []
        for row in result.rows:
            cells: list[Cell] = []
            for g in groups:
                code = row.key(g)
                cells.append(code)
                if g in _NAMED and dataset is not None:
                    cells.append(None if code is None else names.name(g, code))
            cells.append(row.value)
            if show_bounds:
                cells.append(row.value.bounds if isinstance(row.value, Quantity) else None)
            if show_sources:
                cells.append(", ".join(row.observations))
            rows.append(tuple(cells))
        sections = [
            Section(
                key="rows",
                title=_w("rows", lang),
                columns=columns,
                rows=rows,
                empty=_w("no_rows", lang),
            )
        ]
        notes = [
            (_row_label(row, groups, names, lang), in_lang(note, lang))
            for row in result.rows
            for note in row.notes
        ]
        if notes:
            sections.append(
                Section(
                    key="notes",
                    title=_w("notes", lang),
                    columns=_labelled(lang, "row", "note"),
                    rows=notes,
                )
            )
        sections.append(
            Section(
                key="excluded",
                title=_w("excluded", lang),
                columns=_labelled(lang, "observation", "reason"),
                rows=[(e.observation, e.message(lang)) for e in result.excluded],
                empty=_w("none", lang),
            )
        )
        sections.append(_reconciliations(result, lang))
        sections.append(
            Section(
                key="missing",
                title=_w("missing", lang),
                note=_w("missing_note", lang),
                columns=_labelled(lang, "grouping", "code", "name"),
                rows=[_missing_row(key, names, lang) for key in result.missing],
                empty=_w("none", lang),
            )
        )
        if show_sources and dataset is not None:
            sections.append(_sources(result, dataset, lang))
        name = metric.name(lang) if metric is not None else result.metric
        title = name[:1].upper() + name[1:]  # names are phrases: "tin có giá trị ..."
        return cls(title=title, lang=lang, facts=facts, sections=sections)

    @classmethod
    def from_validation(
        cls, report: ValidationReport, *, lang: str = "vi", title: str = ""
    ) -> Report:
        """A report of a validation run: the counts, then every finding, most severe first.

        >>> import danvan
        >>> print(Report.from_validation(danvan.ValidationReport(()), lang="en").to_table())
        Validation
        ==========
        Errors: 0
        Warnings: 0
        Infos: 0
        <BLANKLINE>
        Findings: no problems found
        """
        lang = check_lang(lang)
        counts = {s: sum(f.severity is s for f in report.findings) for s in Severity}
        facts = [
            Fact(
                key=f"{s.value}s",
                label=severity_term(s, lang).text.capitalize() + _plural(lang),
                value=n,
            )
            for s, n in counts.items()
        ]
        section = Section(
            key="findings",
            title=_w("findings", lang),
            columns=[
                Column(key="severity", label=_w("severity", lang)),
                Column(key="code", label=_w("rule", lang)),
                Column(key="record", label=_w("record", lang)),
                Column(key="message", label=_w("message", lang)),
            ],
            rows=[
                (severity_term(f.severity, lang), f.code, f.record, f.text(lang)) for f in report
            ],
            empty=_w("no_findings", lang),
        )
        heading = _w("validation", lang) + (f": {title}" if title else "")
        return cls(title=heading, lang=lang, facts=facts, sections=[section])

    @classmethod
    def from_attainment(
        cls, results: Iterable[TargetResult], *, dataset: Dataset | None = None, lang: str = "vi"
    ) -> Report:
        """A report of campaign targets against the figures: how much of each is reached,
        whether it is met or exceeded (certainly, possibly, or not), and whether what the
        report said ("vượt chỉ tiêu") agrees.

        >>> import runpy, danvan
        >>> ds = runpy.run_path("examples/nam_dinh_2017_2021.py")["build"]()
        >>> report = Report.from_attainment(ds.attainment("cong-an-xa-chinh-quy"), dataset=ds)
        >>> [c.label for c in report.section("targets").columns][4:8]
        ['Chỉ tiêu đặt ra', 'Đạt được', 'Tỷ lệ (%)', 'Tỷ lệ: khoảng']
        """
        lang = check_lang(lang)
        names = _Names(dataset, lang)
        rows: list[tuple[Cell, ...]] = []
        for r in results:
            t = r.target
            metric = _metric(dataset, t.metric)
            check = r.check
            rows.append(
                (
                    r.campaign,
                    t.metric if metric is None else Term(t.metric, metric.name(lang)),
                    str(t.period),
                    None if t.place is None else names.place(t.place),
                    t.quantity,
                    r.actual,
                    r.percent,
                    r.percent_bounds,
                    None
                    if check is None
                    else Term.of(check.met.value, CERTAINTY_WORDS[check.met], lang),
                    None
                    if check is None
                    else Term.of(check.exceeded.value, CERTAINTY_WORDS[check.exceeded], lang),
                    None
                    if t.stated_attainment is None
                    else Term.of(
                        t.stated_attainment.value, ATTAINMENT_WORDS[t.stated_attainment], lang
                    ),
                    None if check is None else check.consistent,
                )
            )
        section = Section(
            key="targets",
            title=_w("targets", lang),
            columns=_labelled(
                lang,
                "campaign",
                "metric",
                "period",
                "place",
                "target",
                "actual",
                "percent",
                "percent_bounds",
                "met",
                "exceeded",
                "stated",
                "agrees",
            ),
            rows=rows,
            empty=_w("no_targets", lang),
            note=_w("targets_note", lang),
        )
        return cls(title=_w("attainment", lang), lang=lang, sections=[section])

    @classmethod
    def from_catalogue(cls, catalogue: Catalogue, *, lang: str = "vi") -> Report:
        """The metrics of a catalogue: unit, dimension, aggregation semantics, parent.

        >>> import danvan
        >>> report = Report.from_catalogue(danvan.standard_catalogue(), lang="en")
        >>> report.section("metrics").rows[0][:3]
        ('tips', 'valuable tips from the public', Term(value='tin', text='tips'))
        """
        lang = check_lang(lang)
        columns = _labelled(
            lang,
            "code",
            "name",
            "unit",
            "dimension",
            "counts",
            "aggregation",
            "parent",
            "breakdown",
        )
        rows = [_metric_row(m, catalogue, lang) for m in catalogue]
        section = Section(key="metrics", title=_w("metrics", lang), columns=columns, rows=rows)
        return cls(title=_w("catalogue", lang), lang=lang, sections=[section])

    # -- rendering ----------------------------------------------------------------------

    def to_table(self) -> str:
        """The report as plain text for a terminal, columns aligned by display width."""
        lines = [one_line(self.title), "=" * display_width(one_line(self.title))]
        lines += [
            f"{one_line(f.label)}: {one_line(cell_text(f.value, self.lang))}" for f in self.facts
        ]
        after_table = True
        for section in self.sections:
            heading = section.title + (f" ({section.note})" if section.note else "")
            if not section.rows:
                # Empty sections are one line each, kept together under the last table.
                if after_table:
                    lines.append("")
                lines.append(f"{heading}: {section.empty}")
                after_table = False
                continue
            lines += ["", heading, *_aligned(section, self.lang)]
            after_table = True
        # A table whose last cell is empty leaves spaces at the end of the line.
        return "\n".join(line.rstrip() for line in lines)

    def to_markdown(self) -> str:
        """The report as Markdown: a heading, the facts as a list, a pipe table per section."""
        lines = [f"## {_md(self.title)}", ""]
        if self.facts:
            lines += [
                f"- **{_md(f.label)}:** {_md(cell_text(f.value, self.lang))}" for f in self.facts
            ]
            lines.append("")
        for section in self.sections:
            lines += [f"### {_md(section.title)}", ""]
            if section.note:
                lines += [f"*{_md(section.note)}*", ""]
            if not section.rows:
                lines += [_md(section.empty), ""]
                continue
            right = _right_aligned(section)
            lines.append("| " + " | ".join(_md(c.label) for c in section.columns) + " |")
            lines.append("| " + " | ".join("---:" if r else "---" for r in right) + " |")
            lines += [
                "| " + " | ".join(_md(cell_text(cell, self.lang)) or " " for cell in row) + " |"
                for row in section.rows
            ]
            lines.append("")
        return "\n".join(lines).rstrip("\n")

    def to_csv(
        self, section: str | None = None, *, header: str = "label", delimiter: str | None = None
    ) -> str:
        """One section (the first by default) as CSV, for a spreadsheet.

        A figure spreads into numbers a spreadsheet can add (its value, lower and upper
        bound), its qualifier, its unit and its text as the report writes it (the keys
        are those of `to_pandas`: ``value_point``, ``value_lower``, ..., ``value``). A
        Vietnamese report is written for a spreadsheet set to Vietnamese: ``;`` between
        cells and the comma as decimal mark; an English one with ``,`` and the dot.
        Numbers are not grouped, dates are ISO. A cell a spreadsheet would run as a
        formula gets a leading ``'`` (`danvan._io.formulas`). Lines end in CRLF. Write the
        text to a file with a BOM for Vietnamese spreadsheets, as the command line does
        (``"\ufeff"`` first, UTF-8).

        Args:
            section: The key of the section to write.
            header: ``"label"`` for the readers' column labels, ``"key"`` for the stable keys.
            delimiter: ``","`` or ``";"``; by default ``";"`` for Vietnamese, ``","`` for
                English.

        Raises:
            UnknownReferenceError: no section has this key.
            InvalidValueError: ``header`` or ``delimiter`` is neither.
        """
        if header not in ("label", "key"):
            raise InvalidValueError(f"must be 'label' or 'key', got {header!r}", where="header")
        from danvan._io.report_sheets import section_sheet  # spreadsheets load on first use
        from danvan._io.sheets import csv_text

        chosen = self.sections[0] if section is None else self.section(section)
        sheet = section_sheet(chosen, lang=self.lang)
        return csv_text(sheet, lang=self.lang, header=header, delimiter=delimiter)

    def to_xlsx(
        self,
        path: str | os.PathLike[str],
        *,
        replace_read_only: bool = False,
        follow_symlinks: bool = False,
    ) -> None:
        """Write the report to an Excel workbook (the ``xlsx`` extra), atomically.

        Three sheets: the answer under a title block (the title and the facts), its
        figures spread into numbers (value, lower and upper bound, formatted ``#,##0``),
        qualifier, unit and text; what was left out, reconciled or missing, one line
        each; and the answer as a pivot-ready table (one header row, typed cells, each
        period with its first and last day and its year).

        Args:
            path: The ``.xlsx`` file.
            replace_read_only: As for `danvan.serialization.dump`.
            follow_symlinks: As for `danvan.serialization.dump`.

        Raises:
            ImportError: openpyxl is not installed.
            OSError: the file cannot be written, or is refused.
        """
        from danvan._io.report_sheets import report_sheets  # spreadsheets load on first use
        from danvan._io.sheets import write_workbook

        write_workbook(
            report_sheets(self),
            Path(path),
            replace_read_only=replace_read_only,
            follow_symlinks=follow_symlinks,
        )

    def to_html(self, *, page: bool = True) -> str:
        """The report as HTML to look at: one self-contained page, or a fragment.

        The page needs nothing else: its style is inline, its charts are inline SVG, and
        its Content-Security-Policy forbids fetching anything. Every text is escaped.
        The answer gets a bar chart where one helps (two or more totals of a unit): a
        bar per place, period or sub-metric, the interval each total's truth lies in as
        an error bar, estimates ("gần 9.000") hatched and marked "≈", in the table too.

        Args:
            page: A whole page (``<!DOCTYPE html>``); False for a fragment to embed (what
                a notebook shows).
        """
        from danvan import _html  # HTML is written on first use

        lang = self.lang
        parts = [f"<h1>{_html.escape(self.title)}</h1>"]
        if self.facts:
            items = "".join(
                f"<dt>{_html.escape(f.label)}</dt><dd>{_html.escape(cell_text(f.value, lang))}</dd>"
                for f in self.facts
            )
            parts.append(f'<dl class="facts">{items}</dl>')
        for i, section in enumerate(self.sections):
            parts.append(f"<section><h2>{_html.escape(section.title)}</h2>")
            if section.note:
                parts.append(f'<p class="note">{_html.escape(section.note)}</p>')
            if not section.rows:
                parts.append(f'<p class="empty">{_html.escape(section.empty)}</p></section>')
                continue
            labels = [c.label for c in section.columns]
            table = _html.table_html(labels, section.rows, lang, limit=10**9)
            if i == 0:
                parts.append(_html.bar_chart(_bars(section, lang), lang) + table)
            elif len(section.rows) > _OPEN_ROWS:  # long lists (missing groups) fold away
                count = _w("count", lang).format(n=len(section.rows))
                parts.append(f"<details><summary>{count}</summary>{table}</details>")
            else:
                parts.append(table)
            parts.append("</section>")
        body = "\n".join(p for p in parts if p)
        return _html.page(self.title, body, lang) if page else _html.fragment(body)

    def _repr_html_(self) -> str:
        return self.to_html(page=False)

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (what `to_json` writes).

        Rows are objects keyed by column key. Decimals are strings of their exact
        digits; quantities are objects with their text, value, unit, qualifier and bounds;
        terms are their stable values; dates are ISO strings.
        """
        return {
            "title": self.title,
            "lang": self.lang,
            "facts": {f.key: cell_json(f.value, self.lang) for f in self.facts},
            "sections": [
                {
                    "key": s.key,
                    "title": s.title,
                    "columns": [{"key": c.key, "label": c.label} for c in s.columns],
                    "rows": [
                        {
                            c.key: cell_json(cell, self.lang)
                            for c, cell in zip(s.columns, row, strict=True)
                        }
                        for row in s.rows
                    ],
                }
                for s in self.sections
            ],
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """The report as a JSON document (see `to_dict`), UTF-8 text unescaped."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_pandas(self, section: str | None = None) -> Any:
        """One section (the first by default) as a `pandas.DataFrame`.

        Columns are the stable keys. A quantity column ``value`` spreads into ``value``
        (its text in the report's language), ``value_point``, ``value_lower``,
        ``value_upper``, ``value_lower_closed``, ``value_upper_closed``,
        ``value_qualifier`` and ``value_unit``; a ratio into its text, numerator and
        denominator (each with its qualifier) and percentage. Numbers stay `int` and
        `Decimal` and gaps stay None (never a float NaN); terms give their stable
        values. Needs the ``pandas`` extra.

        Raises:
            DanvanError: pandas is not installed.
            UnknownReferenceError: no section has this key.
        """
        pd = pandas()
        chosen = self.sections[0] if section is None else self.section(section)
        records = []
        for row in chosen.rows:
            record: dict[str, Any] = {}
            for column, cell in zip(chosen.columns, row, strict=True):
                record.update(frame_fields(column.key, cell, self.lang))
            records.append(record)
        if not records:
            return pd.DataFrame(columns=[c.key for c in chosen.columns])
        # Every column some row has (a figure in one row spreads into several columns).
        return exact_frame(pd, records, list(dict.fromkeys(k for r in records for k in r)))

    def __str__(self) -> str:
        return self.to_table()


# -- helpers of the builders ----------------------------------------------------------------


def _metric(dataset: Dataset | None, code: str) -> Metric | None:
    if dataset is None or code not in dataset.catalogue:
        return None
    return dataset.catalogue.get(code)


class _Names:
    """Names of coded things, from the dataset when there is one."""

    def __init__(self, dataset: Dataset | None, lang: str) -> None:
        self.dataset = dataset
        self.lang = lang

    def name(self, group: str, code: str) -> str | None:
        ds = self.dataset
        if ds is None:
            return None
        if group == "metric":
            return ds.catalogue.get(code).name(self.lang) if code in ds.catalogue else None
        if group == "organisation":
            org = ds.ids()["organisation"].get(code)
            if org is None:
                return None
            name: str = org.name
            return name
        return ds.places.get(code).name if code in ds.places else None

    def place(self, code: str) -> Term:
        name = self.name("place", code)
        return Term(code, code if name is None else f"{name} ({code})")


def _row_label(row: Row, groups: list[str], names: _Names, lang: str) -> str:
    parts = []
    for g in groups:
        code = row.key(g)
        if code is None:
            continue
        name = names.name(g, code) if g in _NAMED else None
        parts.append(name or code)
    parts.append(cell_text(row.value, lang))
    return " · ".join(parts)


def _reconciliations(result: AggregationResult, lang: str) -> Section:
    return Section(
        key="reconciliations",
        title=_w("reconciliations", lang),
        columns=_labelled(
            lang,
            "kind",
            "whole",
            "whole_value",
            "parts",
            "parts_total",
            "complete",
            "consistent",
            "used",
        ),
        rows=[
            (
                Term.of(r.kind, RECONCILIATION_WORDS[r.kind], lang),
                r.whole,
                r.whole_value,
                ", ".join(r.parts),
                r.parts_total,
                r.complete,
                r.consistent,
                Term.of(r.used, USED_WORDS[r.used], lang),
            )
            for r in result.reconciliations
        ],
        empty=_w("none", lang),
    )


def _sources(result: AggregationResult, dataset: Dataset, lang: str) -> Section:
    ids: list[str] = []
    for row in result.rows:
        ids.extend(row.observations)
    ids += [e.observation for e in result.excluded]
    for r in result.reconciliations:
        ids += [r.whole, *r.parts]
    by_id = dataset.ids()
    rows = []
    for obs_id in dict.fromkeys(ids):  # first mention first, each once
        obs = by_id["observation"].get(obs_id)
        if obs is None:
            continue
        source = by_id["source"].get(obs.source or "")
        rows.append((obs.id, source.title if source else obs.source, str(obs.period), obs.quote))
    return Section(
        key="sources",
        title=_w("sources", lang),
        columns=_labelled(lang, "observation", "source", "period", "quote"),
        rows=rows,
        empty=_w("none", lang),
    )


def severity_term(severity: Severity, lang: str) -> Term:
    """A severity as a term: ``Term('error', 'lỗi')`` in Vietnamese."""
    return Term.of(severity.value, SEVERITY_WORDS[severity], lang)


def _plural(lang: str) -> str:
    return "" if lang == "vi" else "s"


def _metric_row(m: Metric, catalogue: Catalogue, lang: str) -> tuple[Cell, ...]:
    children = catalogue.children(m.code)
    dim = m.dimension
    return (
        m.code,
        m.name(lang),
        None if m.unit is None else Term(m.unit.code, m.unit.label(2, lang=lang)),
        None if dim is None else Term.of(dim.value, DIMENSION_WORDS[dim], lang),
        Term.of(m.counts.value, COUNTING_WORDS[m.counts], lang),
        aggregation_term(m.aggregation, lang),
        m.parent,
        Term.of(m.breakdown.value, BREAKDOWN_WORDS[m.breakdown], lang) if children else None,
    )


# -- helpers of the renderers ---------------------------------------------------------------

_OPEN_ROWS = 12  # an HTML section after the answer with more rows is folded


def _bars(section: Section, lang: str) -> list[Any]:
    """The bars of a section's chart: its figures, each labelled by its row's groups
    (their names where the section has them, else their codes)."""
    from danvan._html import Bar

    keys = [c.key for c in section.columns]
    if "value" not in keys:
        return []
    at = keys.index("value")
    named = {k.removesuffix("_name") for k in keys[:at] if k.endswith("_name")}
    shown = [i for i, k in enumerate(keys[:at]) if k not in named]
    bars = []
    for row in section.rows:
        value = row[at]
        if isinstance(value, Quantity):
            label = " · ".join(cell_text(row[i], lang) for i in shown if row[i] is not None)
            bars.append(Bar(label or cell_text(value, lang), value))
    return bars


def _right_aligned(section: Section) -> list[bool]:
    """Whether each column holds only numbers (right-aligned, as numbers are read)."""
    out = []
    for i in range(len(section.columns)):
        cells = [row[i] for row in section.rows if row[i] is not None]
        out.append(
            bool(cells)
            and all(isinstance(c, int | Decimal) and not isinstance(c, bool) for c in cells)
        )
    return out


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * (width - display_width(text))
    return gap + text if right else text + gap


def _aligned(section: Section, lang: str) -> list[str]:
    header = [one_line(c.label) for c in section.columns]
    body = [[one_line(cell_text(cell, lang)) for cell in row] for row in section.rows]
    widths = [max(display_width(line[i]) for line in (header, *body)) for i in range(len(header))]
    right = _right_aligned(section)
    lines = ["  ".join(_pad(h, w, r) for h, w, r in zip(header, widths, right, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += [
        "  ".join(_pad(c, w, r) for c, w, r in zip(line, widths, right, strict=True))
        for line in body
    ]
    return lines


_MD_SPECIAL = str.maketrans({ch: "\\" + ch for ch in "\\|*`<>[]"})


def _md(text: str) -> str:
    return one_line(text).translate(_MD_SPECIAL)


# -- observations for notebooks -------------------------------------------------------------


# danvan imports this module on first use; Report says danvan.Report however it is reached.
publish(Report)
