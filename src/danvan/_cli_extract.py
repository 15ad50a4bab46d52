"""``danvan extract``: the figures a report's prose states, proposed for review.

A subcommand of `danvan._cli` (listed in `danvan._cli.COMMANDS`), written with the shared
machinery of `danvan._command`: its texts in Vietnamese and English.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from typing import Any

from danvan._command import (
    CommandError,
    Parents,
    UsageError,
    add_command,
    date_type,
    message,
)
from danvan._lang import Text
from danvan.errors import InvalidValueError

__all__ = ["add_extract"]

_T = {
    "reviewed_needs_json": Text(
        "--reviewed cần -o OUT.json: bộ dữ liệu sẽ ghi",
        "--reviewed needs -o OUT.json: the dataset to write",
    ),
    "wrote_reviewed": Text(
        "đã ghi {target}: {n} số liệu; kiểm tra bằng 'danvan validate {target}'",
        "wrote {target}: {n} observations; check them with 'danvan validate {target}'",
    ),
    "wrote_review": Text(
        "đã ghi {target}: {n} số liệu cần xem lại (điền cột 'keep')",
        "wrote {target}: {n} figures to review (fill in the 'keep' column)",
    ),
    "wrote_dataset": Text(
        "đã ghi {target}: {n} số liệu; {left} số liệu bị để ngoài",
        "wrote {target}: {n} observations; {left} figures left out",
    ),
    "out_kind": Text(
        "OUT phải là tệp .xlsx, .csv hoặc .json, nhưng là {target}",
        "OUT must be a .xlsx, .csv or .json file, got {target}",
    ),
    "place": Text("đối số --place: {error}", "argument --place: {error}"),
}


def _w(key: str, lang: str, **values: object) -> str:
    return _T[key].in_(lang).format(**values)


def _cmd_extract(args: argparse.Namespace) -> int:
    """Figures from a report: a review sheet, a dataset, or a list on the terminal; or,
    with --reviewed, the dataset a reviewed sheet describes."""
    lang = args.lang
    extraction = importlib.import_module("danvan._extract.extraction")
    review = importlib.import_module("danvan._extract.review")
    target = None if args.output is None else Path(args.output)
    if target is not None and target.exists() and not args.force:
        raise CommandError(message("exists", target=target))
    if args.reviewed:
        if target is None or target.suffix.lower() != ".json":
            raise UsageError(_T["reviewed_needs_json"].message())
        dataset = review.read_review(args.file, unreviewed=args.unreviewed)
        importlib.import_module("danvan.serialization").dump(dataset, target)
        print(_w("wrote_reviewed", lang, target=target, n=len(dataset.observations)))
        return 0
    files = importlib.import_module("danvan._extract.files")
    text = files.read_report(args.file)
    try:
        found = extraction.extract(
            text, published=args.published, place=args.place, calendar=args.calendar
        )
    except InvalidValueError as exc:
        if exc.where == "place":
            raise UsageError(_w("place", lang, error=exc.in_(lang))) from exc
        raise
    if target is None:
        _print_candidates(found)
        return 0
    suffix = target.suffix.lower()
    if suffix in (".csv", ".xlsx"):
        review.write_review(found, target, lang=lang)
        print(_w("wrote_review", lang, target=target, n=len(found)))
    elif suffix == ".json":
        dataset = found.to_dataset()
        importlib.import_module("danvan.serialization").dump(dataset, target)
        left = found.unresolved()
        print(_w("wrote_dataset", lang, target=target, n=len(dataset.observations), left=len(left)))
        for candidate, why in left:
            print(f"  {candidate.id} {candidate.text!r}: {why}", file=sys.stderr)
    else:
        raise UsageError(Text(*(t.format(target=target) for t in _T["out_kind"])).message())
    return 0


def _print_candidates(found: Any) -> None:
    for c in found:
        metric = c.metric.code if c.metric else "-"
        period = str(c.period.period) if c.period else "-"
        place = c.place.code if c.place else "-"
        value = str(c.value) if c.value is not None else f"({c.problem})"
        print(f"{c.id}\t{c.text}\t{value}\t{metric}\t{period}\t{place}\t{c.kind.value}")


def add_extract(commands: Any, parents: Parents) -> None:
    """Add ``danvan extract``: figures from report prose, for review."""
    lang = parents.lang
    extract = add_command(
        commands,
        "extract",
        [parents.common],
        lang,
        help=Text(
            "tìm các số liệu một báo cáo nêu và đề xuất bản ghi cho từng số liệu",
            "find the figures a report states and propose a record for each",
        ),
        description=Text(
            "Tìm mọi số liệu một báo cáo (.txt hoặc .docx) nêu, kèm chỉ tiêu, kỳ và địa bàn "
            "đề xuất, để cán bộ xem lại; đọc bảng đã xem lại thành bộ dữ liệu.",
            "Find every figure a report (.txt or .docx) states, with a proposed metric, "
            "period and place, for an analyst to review; read the reviewed sheet back into "
            "a dataset.",
        ),
        epilog=Text(
            "  # các số liệu của một báo cáo, kèm đề xuất, in ra màn hình\n"
            "  danvan extract bao-cao.txt --published 28-2-2022\n"
            "  # một bảng để xem lại trong Excel; rồi bộ dữ liệu của nó, rồi các vấn đề\n"
            "  danvan extract bao-cao.docx --published 28-2-2022 -o xem-lai.xlsx\n"
            "  danvan extract --reviewed xem-lai.xlsx -o du-lieu.json\n"
            "  danvan validate du-lieu.json\n\n"
            "Trong bảng, ghi có (yes) hoặc không (no) ở cột 'keep' trên mọi hàng, và một mã ở\n"
            "cột 'metric', 'period' hoặc 'place' để sửa đề xuất (để trống: giữ đề xuất).",
            "  # the figures of a report, with their proposals, on the terminal\n"
            "  danvan extract report.txt --published 28-2-2022\n"
            "  # a sheet to review in Excel; then the dataset it describes, then its problems\n"
            "  danvan extract report.docx --published 28-2-2022 -o review.xlsx\n"
            "  danvan extract --reviewed review.xlsx -o data.json\n"
            "  danvan validate data.json\n\n"
            "In the sheet, write yes (có) or no (không) in 'keep' on every row, and a code in\n"
            "'metric', 'period' or 'place' to correct a proposal (empty: the proposal stands).",
        ),
    )
    extract.add_argument(
        "file",
        metavar="FILE",
        help=Text(
            "báo cáo (.txt, .docx), hoặc với --reviewed là bảng đã xem lại",
            "the report (.txt, .docx), or with --reviewed the sheet",
        ).in_(lang),
    )
    extract.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help=Text(
            ".xlsx hoặc .csv: bảng để xem lại; .json: bộ dữ liệu các đề xuất đủ thông tin "
            "(với --reviewed: các hàng được giữ); không ghi: danh sách in ra màn hình",
            ".xlsx or .csv: a review sheet; .json: a dataset of the complete proposals "
            "(or, with --reviewed, of the rows kept); none: a list on the terminal",
        ).in_(lang),
    )
    extract.add_argument(
        "--published",
        type=date_type(lang),
        metavar=Text("NGÀY", "DATE").in_(lang),
        help=Text(
            'ngày báo cáo được công bố ("5 năm qua", "đến nay" tính lùi từ ngày này)',
            'the day the report was published ("5 năm qua", "đến nay" count back from it)',
        ).in_(lang),
    )
    extract.add_argument(
        "--place",
        metavar=Text("ĐỊA_BÀN", "PLACE").in_(lang),
        help=Text(
            "đơn vị báo cáo nói về (mã hoặc tên); mặc định lấy từ tiêu đề",
            "the unit the report covers (a code or a name); by default its title's",
        ).in_(lang),
    )
    extract.add_argument(
        "--calendar",
        choices=("gregorian", "decree-09"),
        help=Text(
            "lịch của các kỳ trong báo cáo (mặc định gregorian)",
            "the calendar of the report's periods (default gregorian)",
        ).in_(lang),
    )
    extract.add_argument(
        "--reviewed",
        action="store_true",
        help=Text(
            "FILE là bảng đã xem lại: ghi bộ dữ liệu của nó",
            "FILE is a reviewed sheet: write its dataset",
        ).in_(lang),
    )
    extract.add_argument(
        "--unreviewed",
        choices=("error", "skip", "accept"),
        default="error",
        help=Text(
            "với --reviewed, hàng có cột 'keep' trống: báo lỗi (mặc định), bỏ qua, hoặc "
            "nhận khi đề xuất đủ thông tin",
            "with --reviewed, a row whose 'keep' is empty: an error (default), skipped, or "
            "taken when its proposal is complete",
        ).in_(lang),
    )
    extract.add_argument(
        "--force",
        action="store_true",
        help=Text("ghi đè OUT nếu đã có", "replace OUT if it exists").in_(lang),
    )
    extract.set_defaults(run=_cmd_extract)
