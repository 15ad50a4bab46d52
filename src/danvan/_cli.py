"""The ``danvan`` command: validate datasets, report honest totals, list metrics, convert files.

Each subcommand is a function from parsed arguments to an exit status: 0 when all is
well, 1 when the data has errors, a command fails or a report finds no figures, 2 when
the command line itself is wrong. Errors are one readable line on stderr (``danvan:
lỗi: ...``); ``--debug`` shows the traceback instead.

Everything the command says, its help included, is in Vietnamese or English: the
language ``--lang`` names, else the one the locale names (``LC_ALL``, ``LC_MESSAGES``,
``LANG``: ``vi_VN.UTF-8`` or ``en_US.UTF-8``), else Vietnamese (`command_lang`).

A FILE is whatever `danvan.serialization.load` reads (``.json``, ``.jsonl``, ``.csv``,
``.xlsx``) or, as a convenience for scripts and examples, a Python file that defines
``build()`` returning a `danvan.Dataset` (and, optionally, ``RULES``: the validation
rules ``danvan validate`` then runs).

Adding a subcommand: write a function ``add(commands, parents, lang)`` that adds its
parser (with ``set_defaults(run=...)``) and list it in `COMMANDS`; its texts are `Text`
values, its errors `CommandError` or `UsageError` with a `Message`.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pendulum

from danvan import _cli_extract, _cli_more
from danvan._aggregate.query import GROUPING_WORDS
from danvan._command import (
    AUTO,
    BY_CHOICES,
    CommandError,
    Parents,
    Parser,
    UsageError,
    add_command,
    command_lang,
    date_type,
    emit,
    groupings_type,
    load,
    load_rules,
    message,
    output_options,
    parents,
    parser_of,
    period_type,
    say,
    text_of,
    words,
)
from danvan._dataset import Dataset
from danvan._lang import LANGS, Text
from danvan._metrics import Catalogue, standard_catalogue
from danvan._national import NATIONAL, beyond_national
from danvan._place_resolver import label, resolve_place
from danvan._report import Report, severity_term
from danvan._validation import (
    DEFAULT_RULES,
    RULE_WORDS,
    SEVERITY_WORDS,
    Finding,
    Rule,
    Severity,
    ValidationReport,
)
from danvan._version import __version__
from danvan.errors import DanvanError, InvalidValueError, LoadError, where_text

__all__ = ["COMMANDS", "main"]

_REPORT_FORMATS = ("table", "markdown", "csv", "json", "html", "xlsx")

# Kept for code written against the first names (tests, scripts).
_UsageError = UsageError
_CommandError = CommandError
_load = load


# -- report ---------------------------------------------------------------------------------


def _resolve_metric(catalogue: Catalogue, wanted: str) -> str:
    """A metric code, or a name that finds exactly one metric ("guns", "súng")."""
    if wanted in catalogue:
        return wanted
    found = catalogue.find(wanted)
    if len(found) == 1:
        return found[0].code
    if len(found) > 1:
        codes = ", ".join(m.code for m in found[:8])
        raise CommandError(message("metric_ambiguous", wanted=wanted, codes=codes))
    catalogue.get(wanted)  # raises the catalogue's "unknown metric" error, with hints
    raise AssertionError("unreachable")  # pragma: no cover


def _resolve_place(dataset: Dataset, wanted: str, as_of: pendulum.Date | None) -> str:
    """A place code, or a name that names one place ("Nam Định", "huyện Hải Hậu")."""
    if wanted in dataset.places:
        return wanted
    found = resolve_place(wanted, dataset.places, as_of=as_of)
    if found.place is not None:
        return found.place.code
    if found.ambiguous:
        codes = "; ".join(label(c.place) for c in found.best[:8])
        raise CommandError(message("place_ambiguous", wanted=wanted, codes=codes))
    dataset.places.get(wanted)  # raises "unknown place code", suggesting what matched
    raise AssertionError("unreachable")  # pragma: no cover


def _why_empty(dataset: Dataset, excluded: Sequence[Any], lang: str) -> str:
    """Why an aggregation found nothing to total, for the warning line: how many figures
    were left out for each reason (one example of its words), and what to try."""
    if not excluded:
        return words("empty_none", lang)
    first: dict[str, Any] = {}
    counts: dict[str, int] = {}
    for e in excluded:
        first.setdefault(e.code, e)
        counts[e.code] = counts.get(e.code, 0) + 1
    reasons = "; ".join(f"{n} × {first[code].message(lang)}" for code, n in counts.items())
    why = words("empty_left_out", lang, n=len(excluded), reasons=reasons)
    if "unknown-place" in counts and beyond_national(dataset.places) is None:
        why += words("empty_hint_places", lang)
    if "not-attributable" in counts:
        why += words("empty_hint_as_of", lang)
    return why


def _cmd_report(args: argparse.Namespace) -> int:
    lang = args.lang
    dataset, _ = load(args.file, args.places, lang)
    metric = _resolve_metric(dataset.catalogue, args.metric)
    period_end = None if args.period is None else args.period.end
    as_of = args.as_of or period_end
    place = None if args.place is None else _resolve_place(dataset, args.place, as_of)
    if args.format == "xlsx" and args.output is None:
        raise UsageError(message("needs_output", fmt="xlsx"))
    try:
        result = dataset.aggregate(
            metric,
            period=args.period,
            by=args.by,
            place=place,
            as_of=args.as_of,
            partial="include" if args.include_partial else "exclude",
            mix_calendars=args.mix_calendars,
        )
    except InvalidValueError as exc:
        if exc.where == "by":
            argument = "đối số" if lang == "vi" else "argument"
            raise UsageError(f"{argument} --by: {exc.in_(lang)}") from exc
        raise
    if place is not None and not dataset.places.get(place).is_valid_on(result.as_of):
        # The engine then finds nothing within the place: say why rather than print silence.
        say("note", words("not_in_force", lang, place=place, day=result.as_of.isoformat()), lang)
    report = Report.from_aggregation(
        result,
        dataset=dataset,
        lang=lang,
        show_bounds=args.bounds,
        show_sources=args.sources,
        scope=place,
    )
    emit(report, args.format, args.output, force=args.force)
    if not result.rows:
        # An empty answer is no answer: say why, and let scripts stop on it.
        say("warning", words("empty", lang, why=_why_empty(dataset, result.excluded, lang)), lang)
        return 1
    return 0


# -- validate -------------------------------------------------------------------------------


def _validate_one(
    name: str, rules: Sequence[Rule] | None, places: str, lang: str
) -> ValidationReport:
    try:
        dataset, own_rules = load(name, places, lang)
    except LoadError as exc:
        # A file that does not load has problems with locations too: report them alike.
        return ValidationReport(
            Finding(
                code="load",
                severity=Severity.ERROR,
                record=p.where,
                message=str(p.message),
                message_vi=p.in_("vi").rpartition(" @ ")[0],
            )
            for p in exc.problems
        )
    chosen = rules if rules is not None else own_rules
    return dataset.validate(DEFAULT_RULES if chosen is None else chosen)


def _counts(report: ValidationReport, lang: str) -> str:
    """ "0 lỗi, 1 cảnh báo, 0 thông tin" (or "1 error(s), ...")."""
    plural = "" if lang == "vi" else "(s)"
    return ", ".join(
        f"{sum(f.severity is s for f in report)} {SEVERITY_WORDS[s].in_(lang)}{plural}"
        for s in Severity
    )


def _cmd_validate(args: argparse.Namespace) -> int:
    lang = args.lang
    rules = None if args.rules is None else load_rules(args.rules)
    results = [(name, _validate_one(name, rules, args.places, lang)) for name in args.files]
    if args.format == "json":
        files = [
            {"file": name, "ok": r.ok, **Report.from_validation(r, lang=lang).to_dict()}
            for name, r in results
        ]
        ok = all(r.ok for _, r in results)
        print(json.dumps({"ok": ok, "files": files}, ensure_ascii=False, indent=2))
    elif args.format == "text":
        for name, r in results:
            for f in r:
                severity = severity_term(f.severity, lang).text
                where = where_text(f.record, lang) if f.code == "load" else f.record
                print(f"{name}: {where}: {severity}: {f.text(lang)} [{_rule_name(f.code, lang)}]")
            print(f"{name}: {_counts(r, lang)}")
    else:
        for name, r in results:
            emit(Report.from_validation(r, lang=lang, title=name), args.format)
    return 0 if all(r.ok for _, r in results) else 1


def _rule_name(code: str, lang: str) -> str:
    """A rule as the text output names it: its name beside its code, where it has one."""
    name = RULE_WORDS.get(code)
    return code if name is None or lang != "vi" else f"{name.vi}: {code}"


# -- catalogue, convert ---------------------------------------------------------------------


def _cmd_catalogue(args: argparse.Namespace) -> int:
    if args.file is None:
        catalogue = standard_catalogue()
    else:
        catalogue = load(args.file, lang=args.lang)[0].catalogue
    emit(Report.from_catalogue(catalogue, lang=args.lang), args.format)
    return 0


def _cmd_convert(args: argparse.Namespace) -> int:
    lang = args.lang
    target = Path(args.output)
    if target.suffix.lower() not in (".json", ".jsonl", ".csv", ".xlsx"):
        raise UsageError(message("out_kind", target=target))
    if (target.exists() or target.is_symlink()) and not args.force:
        raise CommandError(message("exists", target=target))
    dataset, _ = load(args.input, args.places, lang)
    serialization = importlib.import_module("danvan.serialization")
    # --force asks to replace OUT whatever it is: read-only, or (through) a symbolic link.
    policy = {"replace_read_only": args.force, "follow_symlinks": args.force}
    if args.observations_only:
        serialization.dump_observations(dataset.observations, target, **policy)
    else:
        try:
            serialization.dump(dataset, target, **policy)
        except InvalidValueError as exc:
            if exc.where != "dataset":
                raise
            raise CommandError(message("observations_only", error=str(exc))) from exc
    print(words("wrote_n", lang, target=target, n=len(dataset.observations)))
    return 0


# -- the parser -------------------------------------------------------------


def _add_report(commands: Any, parents: Parents) -> None:
    lang = parents.lang
    report = add_command(
        commands,
        "report",
        [parents.common, parents.places],
        lang,
        help=Text(
            "tổng hợp trung thực một chỉ tiêu theo địa bàn, kỳ hoặc chỉ tiêu con",
            "total a metric honestly, by place, period or sub-metric",
        ),
        description=Text(
            "Tổng hợp một chỉ tiêu theo địa bàn, kỳ và chỉ tiêu con, trung thực: giữ "
            "nguyên từ hạn định (gần 9.000), không chia theo tỷ lệ, thiếu không phải bằng 0.",
            "Total a metric over places, periods and sub-metrics, honestly: qualifiers "
            "kept (gần 9.000), nothing pro-rated, missing never zero.",
        ),
        epilog=Text(
            "  # Nam Định thu hồi bao nhiêu súng giai đoạn 2017-2021?\n"
            "  danvan report examples/nam_dinh_2017_2021.py --metric surrendered.guns \\\n"
            "      --period 2017/2021 --place 36\n"
            "  # tổng hợp một bảng tính theo tỉnh và năm, ra sổ Excel\n"
            "  danvan report bao-cao.xlsx --metric tips --by province,year -o tong-hop.xlsx "
            "--format xlsx\n"
            "  # một trang HTML có biểu đồ\n"
            "  danvan report seed.json --metric tips --by year --format html -o bao-cao.html\n\n"
            "Bảng kết quả có các tổng, rồi các số liệu bị để ngoài (và lý do), các đối chiếu\n"
            "tổng với các phần, và các nhóm không có số liệu (thiếu, không phải bằng 0). Không\n"
            "có số liệu nào để tổng hợp thì lệnh vẫn in báo cáo, nói lý do và trả về mã 1.\n"
            "--metric nhận mã (xem 'danvan catalogue') hoặc tên tìm được đúng một chỉ tiêu;\n"
            "--place nhận mã hoặc tên tìm được đúng một địa bàn.",
            "  # how many guns were surrendered in Nam Định, 2017-2021?\n"
            "  danvan report examples/nam_dinh_2017_2021.py --metric surrendered.guns \\\n"
            "      --period 2017/2021 --place 36\n"
            "  # a spreadsheet totalled by province and year, to an Excel workbook\n"
            "  danvan report bao-cao.xlsx --metric tips --by province,year -o totals.xlsx "
            "--format xlsx\n"
            "  # a page with a chart\n"
            "  danvan report seed.json --metric tips --by year --format html -o report.html\n\n"
            "The table lists the totals, then the figures left out (and why), the\n"
            "reconciliations of wholes against their parts, and the groups with no figures\n"
            "(missing, not zero). When no figure can be totalled, the report is printed, a\n"
            "warning says why, and the command exits 1.\n"
            "--metric takes a code (see 'danvan catalogue') or a name that finds one metric;\n"
            "--place a code or a name that finds one place.",
        ),
    )
    report.add_argument("file", metavar="FILE", help=Text("tệp dữ liệu", "the dataset").in_(lang))
    report.add_argument(
        "--metric",
        required=True,
        metavar=Text("MÃ", "CODE").in_(lang),
        help=Text("chỉ tiêu (xem 'danvan catalogue')", "the metric (see 'danvan catalogue')").in_(
            lang
        ),
    )
    report.add_argument(
        "--period",
        type=period_type(lang),
        metavar=Text("KỲ", "PERIOD").in_(lang),
        help=Text(
            'chỉ các số liệu trong kỳ này: 2021, 2021-Q3, 2017/2021, "quý III/2021", ...',
            'only figures within this period: 2021, 2021-Q3, 2017/2021, "quý III/2021", ...',
        ).in_(lang),
    )
    names = ", ".join(f"{g} ({GROUPING_WORDS[g].vi})" for g in BY_CHOICES)
    report.add_argument(
        "--by",
        type=groupings_type(lang),
        action="extend",
        default=[],
        metavar=Text("NHÓM", "GROUP").in_(lang),
        help=Text(
            f"nhóm theo {names}: lặp lại hoặc cách nhau bằng dấu phẩy (nhiều nhất một cấp "
            "địa bàn và một cách chia thời gian)",
            f"group by {', '.join(BY_CHOICES)}: repeat or separate with commas "
            "(at most one place level and one time subdivision)",
        ).in_(lang),
    )
    report.add_argument(
        "--place",
        metavar=Text("ĐỊA_BÀN", "PLACE").in_(lang),
        help=Text(
            "chỉ các số liệu trong địa bàn này (mã hoặc tên)",
            "only figures within this place (a code or a name)",
        ).in_(lang),
    )
    report.add_argument(
        "--as-of",
        type=date_type(lang),
        metavar=Text("NGÀY", "DATE").in_(lang),
        help=Text(
            "nhóm địa bàn theo địa giới hành chính ngày này (mặc định: cuối kỳ)",
            "group places by the hierarchy in force on this date (default: the period's end)",
        ).in_(lang),
    )
    output_options(report, _REPORT_FORMATS, lang)
    report.add_argument(
        "--bounds",
        action="store_true",
        help=Text(
            "thêm khoảng chứa giá trị thật của mỗi tổng",
            "show the interval each total's truth lies in",
        ).in_(lang),
    )
    report.add_argument(
        "--sources",
        action="store_true",
        help=Text(
            "thêm các số liệu gốc của mỗi tổng và trích dẫn nguồn",
            "show the observations behind each total and their sources' words",
        ).in_(lang),
    )
    report.add_argument(
        "--include-partial",
        action="store_true",
        help=Text(
            "giữ cả số liệu có kỳ chỉ nằm một phần trong --period (không chia theo tỷ lệ)",
            "keep figures whose period lies only partly in --period (never pro-rated)",
        ).in_(lang),
    )
    report.add_argument(
        "--mix-calendars",
        action="store_true",
        help=Text(
            "so sánh kỳ của các lịch báo cáo khác nhau theo ngày",
            "compare periods of different reporting calendars by their dates",
        ).in_(lang),
    )
    report.set_defaults(run=_cmd_report)


def _add_validate(commands: Any, parents: Parents) -> None:
    lang = parents.lang
    validate = add_command(
        commands,
        "validate",
        [parents.common, parents.places],
        lang,
        help=Text(
            "kiểm tra dữ liệu, liệt kê mọi vấn đề kèm vị trí và mức độ",
            "check datasets and list every problem with its location and severity",
        ),
        description=Text(
            "Kiểm tra dữ liệu và liệt kê mọi vấn đề: bản ghi, mức độ và quy tắc.",
            "Check datasets and list every problem: its record, severity and rule.",
        ),
        epilog=Text(
            "  danvan validate data.json other.jsonl\n"
            "  danvan validate bao-cao.xlsx --lang en\n"
            "  danvan validate data.json --rules my_rules.py --format json\n\n"
            "Mã trả về: 0 khi không tệp nào có lỗi, 1 khi có (cảnh báo và thông tin không\n"
            "tính), 2 khi dòng lệnh sai. Tệp không đọc được báo từng vấn đề là một lỗi kèm vị trí.",
            "  danvan validate data.json other.jsonl\n"
            "  danvan validate examples/nam_dinh_2017_2021.py --lang en\n"
            "  danvan validate data.json --rules my_rules.py --format json\n\n"
            "Exit status: 0 when no file has an error, 1 when one has (warnings and infos do\n"
            "not count), 2 when the command line is wrong. A file that cannot be loaded\n"
            "reports each of its problems as an error located in the file.",
        ),
    )
    validate.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help=Text("các tệp cần kiểm tra", "the dataset files to check").in_(lang),
    )
    validate.add_argument(
        "--format",
        choices=("text", "table", "markdown", "json", "html"),
        default="text",
        help=Text(
            "text: mỗi vấn đề một dòng (mặc định); json cho chương trình khác",
            "text: one line per problem (default); json for tools",
        ).in_(lang),
    )
    validate.add_argument(
        "--rules",
        metavar="RULES.py",
        help=Text(
            "chạy các RULES một tệp Python định nghĩa thay cho quy tắc mặc định",
            "run the RULES a Python file defines instead of the default rules "
            "(or of those the FILE defines)",
        ).in_(lang),
    )
    validate.set_defaults(run=_cmd_validate)


def _add_catalogue(commands: Any, parents: Parents) -> None:
    lang = parents.lang
    catalogue = add_command(
        commands,
        "catalogue",
        [parents.common],
        lang,
        help=Text(
            "liệt kê các chỉ tiêu: đơn vị tính, đại lượng, cách cộng, chỉ tiêu cha",
            "list the metrics: units, dimensions, aggregation semantics, parents",
        ),
        description=Text(
            "Liệt kê các chỉ tiêu với đơn vị tính, đại lượng, cách cộng theo thời gian và "
            "địa bàn, và chỉ tiêu mỗi chỉ tiêu thuộc về.",
            "List the metrics with their units, dimensions, how their figures combine over "
            "time and places, and the metric each is part of.",
        ),
        epilog=Text(
            "  danvan catalogue\n  danvan catalogue --lang en --format markdown\n"
            "  danvan catalogue data.json   # danh mục riêng của một tệp dữ liệu",
            "  danvan catalogue\n  danvan catalogue --lang en --format markdown\n"
            "  danvan catalogue data.json   # a dataset's own catalogue",
        ),
    )
    catalogue.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help=Text("liệt kê danh mục của tệp này", "list this dataset's catalogue instead").in_(
            lang
        ),
    )
    catalogue.add_argument(
        "--format",
        choices=("table", "markdown", "csv", "json", "html"),
        default="table",
        help=Text("định dạng kết quả (mặc định table)", "output format (default table)").in_(lang),
    )
    catalogue.set_defaults(run=_cmd_catalogue)


def _add_convert(commands: Any, parents: Parents) -> None:
    lang = parents.lang
    # Converting needs no places: the dataset's own are written as they are.
    places = Parser(add_help=False)
    places.add_argument(
        "--places", choices=(AUTO, "own", NATIONAL), default="own", help=words("places", lang)
    )
    convert = add_command(
        commands,
        "convert",
        [parents.common, places],
        lang,
        help=Text(
            "chuyển đổi giữa JSON, JSON Lines, CSV và Excel",
            "convert between JSON, JSON Lines, CSV and Excel",
        ),
        description=Text(
            "Đọc dữ liệu và ghi theo định dạng đuôi tệp OUT: .json (cả bộ dữ liệu), .jsonl, "
            ".csv hoặc .xlsx (chỉ các số liệu; .xlsx có thêm trang 'Dữ liệu' để lập bảng "
            "tổng hợp).",
            "Read a dataset and write it in the format OUT's extension names: .json (a whole "
            "dataset), .jsonl, .csv or .xlsx (observations only; .xlsx adds a pivot-ready "
            "sheet 'Dữ liệu').",
        ),
        epilog=Text(
            "  danvan convert data.json observations.jsonl\n"
            "  danvan convert bao-cao.csv so-lieu.xlsx\n"
            "  danvan convert examples/nam_dinh_2017_2021.py seed.csv --observations-only",
            "  danvan convert data.json observations.jsonl\n"
            "  danvan convert observations.csv observations.json\n"
            "  danvan convert examples/nam_dinh_2017_2021.py seed.csv --observations-only",
        ),
    )
    convert.add_argument(
        "input", metavar="IN", help=Text("tệp cần đọc", "the dataset to read").in_(lang)
    )
    convert.add_argument(
        "output", metavar="OUT", help=Text("tệp cần ghi", "the file to write").in_(lang)
    )
    convert.add_argument(
        "--force",
        action="store_true",
        help=Text(
            "ghi đè OUT nếu đã có, kể cả khi chỉ đọc; qua liên kết tượng trưng thì ghi "
            "đè tệp được trỏ tới",
            "replace OUT if it exists, even read-only; through a symbolic link, replace "
            "the file it points to",
        ).in_(lang),
    )
    convert.add_argument(
        "--observations-only",
        action="store_true",
        help=Text(
            "chỉ ghi các số liệu (những gì tệp .jsonl, .csv và .xlsx chứa)",
            "write only the observations (what .jsonl, .csv and .xlsx files hold)",
        ).in_(lang),
    )
    convert.set_defaults(run=_cmd_convert)


COMMANDS: tuple[Callable[[Any, Parents], None], ...] = (
    _add_validate,
    _add_report,
    _add_catalogue,
    _add_convert,
    _cli_more.add_template,
    _cli_more.add_attainment,
    _cli_extract.add_extract,
)
"""The functions that add each subcommand's parser, in the order help lists them."""


def _parser(lang: str = "vi") -> Parser:
    shared = parents(lang)
    parser = parser_of(
        lang,
        prog="danvan",
        description=words("description", lang),
        epilog=f"{words('examples', lang)}\n"
        + Text(
            "  danvan report examples/nam_dinh_2017_2021.py --metric surrendered.guns \\\n"
            "      --period 2017/2021 --by province --place 36\n"
            "  danvan report bao-cao.xlsx --metric tips --by province,year --format xlsx "
            "-o tong-hop.xlsx\n"
            "  danvan validate data.json --format json\n"
            "  danvan template mau-bao-cao.xlsx --province 'Nam Định'\n"
            "  danvan catalogue --lang en",
            "  danvan report examples/nam_dinh_2017_2021.py --metric surrendered.guns \\\n"
            "      --period 2017/2021 --by province --place 36\n"
            "  danvan report bao-cao.xlsx --metric tips --by province,year --format xlsx "
            "-o totals.xlsx\n"
            "  danvan validate data.json --format json\n"
            "  danvan template form.xlsx --province 'Nam Định'\n"
            "  danvan catalogue --lang en",
        ).in_(lang)
        + f"\n\n{words('file_help', lang)}\n\n{words('more', lang)}",
    )
    parser.add_argument(
        "--version", action="version", version=f"danvan {__version__}", help=words("version", lang)
    )
    parser.add_argument("--debug", action="store_true", help=words("debug", lang))
    parser.add_argument("--lang", choices=LANGS, default=lang, help=words("lang", lang))
    commands = parser.add_subparsers(
        dest="command",
        metavar=Text("LỆNH", "COMMAND").in_(lang),
        required=True,
        title=words("commands", lang),
        parser_class=Parser,
    )
    for add in COMMANDS:
        add(commands, shared)
    return parser


# -- entry point ----------------------------------------------------------------------------


def _utf8_where_needed() -> None:
    """Write UTF-8 to a terminal or pipe whose encoding cannot hold Vietnamese letters.

    Reports are Vietnamese text: an ASCII or Latin-1 stream (``PYTHONIOENCODING``, an
    old console) would otherwise fail midway through the first "ồ".
    """
    for stream in (sys.stdout, sys.stderr):
        try:
            "ồđ".encode(getattr(stream, "encoding", None) or "utf-8")
        except (UnicodeEncodeError, LookupError):
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``danvan`` command line; return the exit status.

    Args:
        argv: The arguments after the program name; ``sys.argv[1:]`` when None.

    Returns:
        0 on success, 1 when the data has errors, a command fails or a report finds no
        figures, 2 for a wrong command line.

    >>> main(["report", "examples/nam_dinh_2017_2021.py", "--metric", "surrendered.guns",
    ...       "--period", "2017/2021", "--place", "36", "--lang", "en"])
    Guns
    ====
    Metric: guns (surrendered.guns)
    Period: 2017/2021
    Grouped by: nothing (one total)
    Places as of: 2021-12-31
    Within: Nam Định (36)
    Aggregation: flow: summed over time and places
    <BLANKLINE>
    Totals
    Value
    --------
    153 guns
    <BLANKLINE>
    Left out: none
    Reconciliations: none
    No figures (missing, not zero): none
    0
    """
    _utf8_where_needed()
    args_list = list(sys.argv[1:] if argv is None else argv)
    lang = command_lang(args_list)
    parser = _parser(lang)
    try:
        args = parser.parse_args(args_list)
    except UsageError as exc:
        say("error", text_of(exc, lang), lang)
        return 2
    except SystemExit as exc:  # --help and --version print and exit 0
        return exc.code if isinstance(exc.code, int) else 0
    debug = bool(getattr(args, "debug", False))
    try:
        status: int = args.run(args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
    except UsageError as exc:
        if debug:
            raise
        say("error", text_of(exc, lang), lang)
        return 2
    except BrokenPipeError:
        # The reader (head, less) left early: nothing is wrong, and nothing more to say.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except (DanvanError, OSError, CommandError, ImportError) as exc:
        if debug:
            raise
        say("error", text_of(exc, lang), lang)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if debug:
            raise
        say("error", words("unexpected", lang, kind=type(exc).__name__, error=exc), lang)
        return 1
    return status
