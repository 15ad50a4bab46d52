"""Two commands of ``danvan``: a blank workbook to fill (``template``), and campaign targets
against their figures (``attainment``).

They are added to the command line by `danvan._cli.COMMANDS`, as any other subcommand
can be: a function that adds its parser (`danvan._command`), its texts in both languages.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pendulum

from danvan._campaigns import Campaign
from danvan._command import (
    CommandError,
    Parents,
    UsageError,
    add_command,
    date_type,
    emit,
    load,
    message,
    output_options,
    words,
)
from danvan._dates import format_date_vi, today
from danvan._io.sheets import Sheet, SheetColumn, write_workbook
from danvan._lang import Message, Text
from danvan._metrics import standard_catalogue
from danvan._national import national_gazetteer
from danvan._place_resolver import label, resolve_place
from danvan._places import Gazetteer, Level, Place
from danvan._report import Report
from danvan._units import units

__all__ = ["TEMPLATE_COLUMNS", "add_attainment", "add_template", "template_sheets"]

TEMPLATE_COLUMNS: tuple[tuple[str, Text], ...] = (
    ("metric", Text("Chỉ tiêu", "metric")),
    ("value", Text("Giá trị", "value")),
    ("unit", Text("Đơn vị tính", "unit")),
    ("period", Text("Kỳ", "period")),
    ("place", Text("Địa bàn", "place")),
    ("source", Text("Nguồn", "source")),
    ("quote", Text("Trích dẫn", "quote")),
    ("note", Text("Ghi chú", "note")),
)
"""The columns of the blank workbook: the figures' columns, under names the reader reads."""

_T = {
    "title": Text("MẪU BÁO CÁO SỐ LIỆU (danvan)", "FIGURES TO REPORT (danvan)"),
    "how": Text(
        "Mỗi hàng một số liệu. Chọn chỉ tiêu, đơn vị tính và địa bàn trong danh sách; ghi "
        "giá trị như báo cáo (8.968; gần 9.000; hơn 3.100) và kỳ như 2021, quý III/2021, "
        "6 tháng đầu năm 2021. Để trống là không có số liệu, không phải bằng 0.",
        "One figure a row. Choose the metric, unit and place from the lists; write the "
        "value as the report does (8.968; gần 9.000; hơn 3.100) and the period as 2021, "
        "quý III/2021, 6 tháng đầu năm 2021. An empty cell is no figure, never zero.",
    ),
    "data": Text("Số liệu", "Figures"),
    "metrics": Text("Danh mục chỉ tiêu", "Metrics"),
    "places": Text("Địa bàn", "Places"),
    "code": Text("Mã", "Code"),
    "name": Text("Tên", "Name"),
    "kind": Text("Loại", "Kind"),
    "parent": Text("Thuộc", "Part of"),
    "as_of": Text("Địa giới hành chính ngày {day}", "Places as of {day}"),
}


def _w(key: str, lang: str, **values: object) -> str:
    return _T[key].in_(lang).format(**values)


def _places(gazetteer: Gazetteer, province: Place | None, day: pendulum.Date) -> list[Place]:
    """The places a form offers: the province and every unit below it in force on ``day``,
    or every province then."""
    if province is None:
        return list(gazetteer.at_level(Level.PROVINCE, as_of=day))
    below = [p for p in gazetteer.descendants(province.code) if p.is_valid_on(day)]
    return [province, *sorted(below, key=lambda p: (p.level.value != "district", p.code))]


def template_sheets(
    *, province: Place | None = None, as_of: pendulum.Date | None = None, lang: str = "vi"
) -> list[Sheet]:
    """The sheets of the blank workbook ``danvan template`` writes.

    Args:
        province: Offer the places of this province (else the provinces).
        as_of: The date whose map the places are offered on (today by default).
        lang: The language of the titles and the column names.
    """
    day = as_of or today()
    gazetteer = national_gazetteer()
    offered = _places(gazetteer, province, day)
    catalogue = standard_catalogue()
    columns = [SheetColumn(key=k, label=t.in_(lang)) for k, t in TEMPLATE_COLUMNS]
    data = Sheet(
        name=_w("data", lang),
        columns=columns,
        rows=[],
        title=(_w("title", lang), _w("how", lang), _w("as_of", lang, day=day.isoformat())),
        choices={
            "metric": [m.code for m in catalogue if not m.is_group],
            "unit": sorted({u.vi for u in units()}),
            # "Giao Thủy (365)": the name people know, and the code no name can confuse.
            "place": [f"{p.name} ({p.code})" for p in offered],
        },
    )
    metrics = Report.from_catalogue(catalogue, lang=lang)
    from danvan._io.report_sheets import section_sheet

    metric_sheet = section_sheet(metrics.sections[0], lang=lang, name=_w("metrics", lang))
    place_sheet = Sheet(
        name=_w("places", lang),
        columns=[
            SheetColumn(key="code", label=_w("code", lang)),
            SheetColumn(key="name", label=_w("name", lang)),
            SheetColumn(key="kind", label=_w("kind", lang)),
            SheetColumn(key="parent", label=_w("parent", lang)),
        ],
        rows=[(p.code, p.name, p.kind or p.level.value, p.parent) for p in offered],
        title=(_w("as_of", lang, day=day.isoformat()),),
    )
    return [data, metric_sheet, place_sheet]


def _cmd_template(args: argparse.Namespace) -> int:
    lang = args.lang
    target = Path(args.output)
    if target.suffix.lower() != ".xlsx":
        raise UsageError(
            Text(
                f"OUT phải là tệp .xlsx, nhưng là {target}",
                f"OUT must be a .xlsx file, got {target}",
            ).message()
        )
    if (target.exists() or target.is_symlink()) and not args.force:
        raise CommandError(message("exists", target=target))
    day = args.as_of or today()
    province = None if args.province is None else template_province(args.province, day)
    write_workbook(
        template_sheets(province=province, as_of=day, lang=lang),
        target,
        replace_read_only=args.force,
        follow_symlinks=args.force,
    )
    print(words("wrote", lang, target=target))
    return 0


def template_province(text: str, day: pendulum.Date) -> Place:
    """The province ``--province`` names, in force on ``day``.

    Raises:
        CommandError: no province has this name (saying what the name does name), the
            province no longer exists or does not yet exist on ``day`` (naming its
            successor and the last day it existed), or the name fits several provinces.
    """
    found = resolve_place(text, as_of=day, level=Level.PROVINCE)
    best = [c.place for c in found.best]
    if len(best) > 1:
        listed = "; ".join(label(p) for p in best)
        raise CommandError(
            Message(
                f"{text!r} may name {len(best)} provinces: {listed}; write its code",
                f"{text!r} có thể là {len(best)} tỉnh: {listed}; hãy ghi mã tỉnh",
            )
        )
    if not best:
        raise CommandError(_not_a_province(text))
    province = best[0]
    if province.is_valid_on(day):
        return province
    gazetteer = national_gazetteer()
    on = format_date_vi(day)
    if province.valid_from is not None and day < province.valid_from:
        first = format_date_vi(province.valid_from)
        raise CommandError(
            Message(
                f"{label(province)} is not yet a province on {day.isoformat()}: it exists "
                f"from {province.valid_from.isoformat()}; give --as-of {first} or later",
                f"{label(province)} chưa là tỉnh vào ngày {on}: tỉnh có từ ngày {first}; hãy "
                f"ghi --as-of {first} hoặc muộn hơn",
            )
        )
    successors = [gazetteer.get(s.target) for s in province.successors if s.target in gazetteer]
    into = ", ".join(label(p) for p in successors)
    last = "" if province.valid_to is None else format_date_vi(province.valid_to)
    last_en = "" if province.valid_to is None else province.valid_to.isoformat()
    names = " or ".join(repr(p.name) for p in successors)
    names_vi = " hoặc ".join(repr(p.name) for p in successors)
    raise CommandError(
        Message(
            f"{label(province)} is no longer a province on {day.isoformat()}"
            + (f": it merged into {into} after {last_en}" if into else "")
            + (f"; write --province {names}, or" if names else "; give")
            + f" --as-of {last or 'DATE'} for its own map",
            f"{label(province)} không còn là tỉnh vào ngày {on}"
            + (f": đã nhập vào {into} sau ngày {last}" if into else "")
            + (f"; hãy ghi --province {names_vi}, hoặc" if names_vi else "; hãy ghi")
            + f" --as-of {last or 'NGÀY'} để có mẫu theo địa giới của tỉnh",
        )
    )


def _not_a_province(text: str) -> Message:
    """The problem of a --province that names no province: what it names, if anything."""
    named = [c.place for c in resolve_place(text).candidates][:5]
    if not named:
        return Message(
            f"no province is named {text!r}; write a province's name or code (see the "
            "places sheet of a template written without --province)",
            f"không có tỉnh nào tên {text!r}; hãy ghi tên hoặc mã một tỉnh (xem trang 'Địa "
            "bàn' của mẫu ghi không có --province)",
        )
    listed = "; ".join(label(p) for p in named)
    return Message(
        f"{text!r} is not a province: it names {listed}; --province takes a province, and "
        "the template offers every unit in it",
        f"{text!r} không phải là tỉnh: đó là {listed}; --province nhận một tỉnh, và mẫu sẽ "
        "có mọi địa bàn thuộc tỉnh đó",
    )


def add_template(commands: Any, parents: Parents) -> None:
    """Add ``danvan template``: a blank workbook with lists of metrics, units and places."""

    lang = parents.lang
    parser = add_command(
        commands,
        "template",
        [parents.common],
        lang,
        help=Text(
            "ghi một sổ Excel trống để điền số liệu, có danh sách chỉ tiêu, đơn vị, địa bàn",
            "write a blank workbook to fill, with lists of metrics, units and places",
        ),
        description=Text(
            "Ghi một sổ Excel để điền số liệu: mỗi hàng một số liệu, chọn chỉ tiêu, đơn vị "
            "tính và địa bàn trong danh sách thả xuống. danvan đọc lại sổ này như mọi bảng tính.",
            "Write a workbook to fill with figures: one a row, the metric, unit and place "
            "chosen from drop-down lists. danvan reads it back as any spreadsheet.",
        ),
        epilog=Text(
            "  danvan template mau-bao-cao.xlsx\n"
            "  danvan template nam-dinh.xlsx --province 'Nam Định' --as-of 31-12-2021\n"
            "  danvan report nam-dinh.xlsx --metric tips --by district",
            "  danvan template form.xlsx\n"
            "  danvan template nam-dinh.xlsx --province 'Nam Định' --as-of 31-12-2021\n"
            "  danvan report nam-dinh.xlsx --metric tips --by district",
        ),
    )
    parser.add_argument(
        "output", metavar="OUT", help=Text("tệp .xlsx cần ghi", "the .xlsx file to write").in_(lang)
    )
    parser.add_argument(
        "--province",
        metavar=Text("TỈNH", "PROVINCE").in_(lang),
        help=Text(
            "đưa các địa bàn của tỉnh này vào danh sách (mã hoặc tên); mặc định: các tỉnh",
            "offer the places of this province (a code or a name); by default: the provinces",
        ).in_(lang),
    )
    parser.add_argument(
        "--as-of",
        type=date_type(lang),
        metavar=Text("NGÀY", "DATE").in_(lang),
        help=Text(
            "địa giới hành chính của ngày này (mặc định: hôm nay)",
            "the map of this date (default: today)",
        ).in_(lang),
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help=Text("ghi đè OUT nếu đã có", "replace OUT if it exists").in_(lang),
    )
    parser.set_defaults(run=_cmd_template)


def _cmd_attainment(args: argparse.Namespace) -> int:
    lang = args.lang
    dataset, _ = load(args.file, args.places, lang)
    wanted = args.campaign or [c.id for c in dataset.campaigns if c.targets]
    results = [r for campaign in wanted for r in dataset.attainment(campaign)]
    for campaign in wanted:
        dataset.lookup(Campaign, campaign)  # an unknown id raises, naming it
    report = Report.from_attainment(results, dataset=dataset, lang=lang)
    emit(report, args.format, args.output, force=args.force)
    # A report's claim its own figures rule out is an error of the data.
    return 0 if all(r.check is None or r.check.consistent for r in results) else 1


def add_attainment(commands: Any, parents: Parents) -> None:
    """Add ``danvan attainment``: each campaign target against the figures."""

    lang = parents.lang
    parser = add_command(
        commands,
        "attainment",
        [parents.common, parents.places],
        lang,
        help=Text(
            "so các chỉ tiêu của phong trào với số liệu: tỷ lệ, đạt, vượt",
            "campaign targets against the figures: percent, met, exceeded",
        ),
        description=Text(
            "So mỗi chỉ tiêu của phong trào với số liệu tổng hợp: tỷ lệ đạt được (và khoảng "
            "của nó theo từ hạn định), đạt hay vượt (chắc chắn, có thể, không), và điều báo "
            "cáo ghi ('vượt chỉ tiêu') có khớp với số liệu không. Mã trả về 1 khi có điều "
            "báo cáo ghi mà số liệu bác bỏ.",
            "Each campaign target against the aggregated figures: the percent reached (and "
            "its interval, given the qualifiers), whether it is met or exceeded (certainly, "
            "possibly, no), and whether what the report says ('vượt chỉ tiêu') agrees. Exits "
            "1 when the figures rule out what a report says.",
        ),
        epilog=Text(
            "  danvan attainment examples/nam_dinh_2017_2021.py\n"
            "  danvan attainment data.json --campaign dan-van-kheo --format xlsx -o chi-tieu.xlsx",
            "  danvan attainment examples/nam_dinh_2017_2021.py --lang en\n"
            "  danvan attainment data.json --campaign dan-van-kheo --format xlsx -o targets.xlsx",
        ),
    )
    parser.add_argument("file", metavar="FILE", help=Text("tệp dữ liệu", "the dataset").in_(lang))
    parser.add_argument(
        "--campaign",
        action="append",
        metavar="ID",
        help=Text(
            "chỉ phong trào này (lặp lại được); mặc định: mọi phong trào có chỉ tiêu",
            "only this campaign (may repeat); by default every campaign with targets",
        ).in_(lang),
    )
    output_options(parser, ("table", "markdown", "csv", "json", "html", "xlsx"), lang)
    parser.set_defaults(run=_cmd_attainment)
