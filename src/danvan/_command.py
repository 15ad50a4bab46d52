"""What every ``danvan`` subcommand shares: its language, words, errors, loading and output.

`danvan._cli` builds the command line from subcommands (`danvan._cli.COMMANDS`); each is
a function that adds its parser with `add_command`, speaks through `Text` values in the
language `command_lang` chose, loads its FILE with `load`, prints with `emit`, and
raises `CommandError` (exit 1) or `UsageError` (exit 2) with a `Message`.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import importlib.util
import os
import re
import sys
import threading
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, NoReturn

import attrs
import pendulum

from danvan._aggregate.query import GROUPINGS
from danvan._cells import cell_text
from danvan._dataset import Dataset
from danvan._dates import parse_date, today
from danvan._lang import LANGS, Message, Text
from danvan._national import NATIONAL, with_national
from danvan._period import Period
from danvan._period_text import parse_period
from danvan._report import Report
from danvan._validation import Rule
from danvan.errors import DanvanError, LoadWarning, ParseError

__all__ = [
    "AUTO",
    "BY_CHOICES",
    "PROGRESS_AFTER",
    "CommandError",
    "Parents",
    "Parser",
    "UsageError",
    "add_command",
    "command_lang",
    "date_type",
    "emit",
    "groupings_type",
    "load",
    "load_rules",
    "message",
    "output_options",
    "parents",
    "parser_of",
    "period_type",
    "say",
    "text_of",
    "words",
    "write_text",
]

PROGRESS_AFTER = 1.0
"""Seconds of loading after which ``loading FILE…`` appears on a terminal's stderr
(0: at once, before loading starts)."""

AUTO = "auto"
BY_CHOICES = tuple(g for g in GROUPINGS if g != "place")  # "place" needs a list of places
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def command_lang(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """The language the command speaks: ``--lang``, else the locale's, else Vietnamese.

    >>> command_lang(["report", "--lang", "en"]), command_lang(["--lang=vi"], {"LANG": "en_US"})
    ('en', 'vi')
    >>> command_lang([], {"LANG": "en_GB.UTF-8"}), command_lang([], {"LANG": "C.UTF-8"})
    ('en', 'vi')
    """
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        given = arg.partition("=")[2] if arg.startswith("--lang=") else None
        if arg == "--lang" and i + 1 < len(argv):
            given = argv[i + 1]
        if given in LANGS:
            return given
    env = os.environ if environ is None else environ
    for name in _LOCALE_VARIABLES:
        value = env.get(name, "")
        if value:  # the first one set decides, as the C library reads them
            code = value.split("_")[0].split(".")[0].casefold()
            return code if code in LANGS else "vi"
    return "vi"


# -- words ----------------------------------------------------------------------------------

_T: dict[str, Text] = {
    # argparse's own words
    "usage": Text("cách dùng: ", "usage: "),
    "positionals": Text("đối số", "positional arguments"),
    "options": Text("tuỳ chọn", "options"),
    "commands": Text("lệnh", "commands"),
    "help": Text("in hướng dẫn này rồi thoát", "show this help message and exit"),
    "version": Text("in phiên bản của danvan rồi thoát", "show danvan's version and exit"),
    "see_help": Text("xem '{prog} --help'", "see '{prog} --help'"),
    # prefixes of what the command says on stderr
    "error": Text("lỗi", "error"),
    "note": Text("lưu ý", "note"),
    "warning": Text("cảnh báo", "warning"),
    # common options
    "debug": Text("in toàn bộ traceback khi có lỗi", "show the traceback of an error"),
    "lang": Text(
        "ngôn ngữ của nhãn, thông báo và số: vi (9.000; 2,5 kg) hoặc en (9,000; 2.5 kg); "
        "mặc định theo locale, không thì vi",
        "language of labels, messages and numbers: vi (9.000; 2,5 kg) or en (9,000; 2.5 kg); "
        "by default the locale's, else vi",
    ),
    "places": Text(
        "own: các địa bàn tệp dữ liệu tự liệt kê; national: thêm mọi đơn vị hành chính "
        "Việt Nam trước và sau 1-7-2025, để số liệu ghi mã tỉnh, huyện, xã nào cũng được; "
        "auto (mặc định): national khi tệp không tự liệt kê địa bàn nào (tệp .csv, .xlsx, "
        ".jsonl)",
        "own: the places the dataset lists; national: those on top of every unit of "
        "Vietnam before and after 1 July 2025, so figures may name any province, district "
        "or commune by its code; auto (the default): national when the file lists no "
        "places of its own (.csv, .xlsx, .jsonl files)",
    ),
    "file_help": Text(
        "FILE là tệp .json, .jsonl, .csv hoặc .xlsx (xem danvan.serialization), hoặc tệp\n"
        "Python định nghĩa build() trả về một danvan.Dataset và, nếu muốn, RULES (các quy\n"
        "tắc kiểm tra): tiện cho ví dụ và script. Bảng tính có thể đặt tên cột bằng tiếng\n"
        "Việt (Chỉ tiêu, Giá trị, Kỳ, Địa bàn) và là bảng như trong báo cáo (mỗi hàng một\n"
        "địa bàn, mỗi cột một kỳ).",
        "FILE is a .json, .jsonl, .csv or .xlsx file (see danvan.serialization), or a Python\n"
        "file that defines build() returning a danvan.Dataset and, optionally, RULES (the\n"
        "validation rules to run): handy for examples and scripts. Spreadsheets may name\n"
        "their columns in Vietnamese (Chỉ tiêu, Giá trị, Kỳ, Địa bàn) and be laid out as\n"
        "reports are (a row per place, a column per period).",
    ),
    "more": Text(
        "Chạy 'danvan LỆNH --help' để xem các tuỳ chọn của từng lệnh.",
        "Run 'danvan COMMAND --help' for the options of a command.",
    ),
    "examples": Text("ví dụ:", "examples:"),
    "description": Text(
        "Số liệu trung thực từ báo cáo công tác dân vận: kiểm tra dữ liệu, tổng hợp, "
        "liệt kê chỉ tiêu, chuyển đổi tệp.",
        "Honest figures from Vietnamese outreach (dân vận) reports: validate datasets, "
        "report totals, list metrics, convert files.",
    ),
    # loading
    "loading": Text("danvan: đang đọc {path}…", "danvan: loading {path}…"),
    "no_such_file": Text("{path}: không có tệp này", "{path}: no such file"),
    "not_a_file": Text("{path}: không phải là tệp", "{path}: not a file"),
    "not_python": Text(
        "{path}: không phải tệp Python có thể nạp được",
        "{path}: not a Python file that can be imported",
    ),
    "run_failed": Text("{path}: chạy tệp thất bại: {error}", "{path}: running it failed: {error}"),
    "no_build": Text(
        "{path}: không định nghĩa hàm build() trả về một Dataset",
        "{path}: defines no build() function returning a Dataset",
    ),
    "build_failed": Text("{path}: build() thất bại: {error}", "{path}: build() failed: {error}"),
    "build_type": Text(
        "{path}: build() phải trả về một danvan.Dataset, nhưng trả về {kind}",
        "{path}: build() must return a danvan.Dataset, got {kind}",
    ),
    "rules_type": Text(
        "{path}: RULES phải là một dãy quy tắc, nhưng là {kind}",
        "{path}: RULES must be a sequence of rules, got {kind}",
    ),
    "rule_type": Text(
        "{path}: RULES[{i}] không phải là quy tắc (cần code, severity, description và "
        "check()), mà là {kind}",
        "{path}: RULES[{i}] is not a rule (it needs code, severity, description and "
        "check()), got {kind}",
    ),
    "rules_file": Text(
        "--rules cần một tệp Python định nghĩa RULES, nhưng nhận {name!r}",
        "--rules takes a Python file that defines RULES, got {name!r}",
    ),
    "no_rules": Text("{path}: không định nghĩa RULES", "{path}: defines no RULES"),
    # report
    "metric_ambiguous": Text(
        "chỉ tiêu {wanted!r} chưa rõ: có thể là {codes}",
        "metric {wanted!r} is ambiguous: it could be {codes}",
    ),
    "place_ambiguous": Text(
        "địa bàn {wanted!r} chưa rõ: có thể là {codes}; hãy ghi mã, cấp hành chính "
        "('huyện ...', 'TP ...') hoặc nơi nó thuộc về ('xã ..., huyện ...')",
        "place {wanted!r} is ambiguous: it could be {codes}; give its code, its type "
        "('huyện ...', 'TP ...') or the place it lies in ('xã ..., huyện ...')",
    ),
    "not_in_force": Text(
        "địa bàn {place} không còn hiệu lực vào ngày {day}, ngày dùng địa giới để nhóm "
        "số liệu; dùng --as-of (hoặc --period) để hỏi về một ngày trước đó",
        "place {place} is not in force on {day}, the date whose places group the "
        "figures; pass --as-of (or --period) to ask about an earlier date",
    ),
    "csv_first_only": Text(
        "tệp CSV chỉ chứa bảng đầu tiên; báo cáo còn có {others}: --format table, json "
        "hoặc xlsx sẽ có đủ",
        "the CSV holds the first table only; the report also has {others}: --format "
        "table, json or xlsx shows them",
    ),
    "empty": Text(
        "không có số liệu nào để tổng hợp: {why}; báo cáo trống được in ra và lệnh trả về mã 1",
        "no figures to total: {why}; the empty report is printed and the command exits 1",
    ),
    "empty_none": Text(
        "tệp không có số liệu nào của chỉ tiêu này trong kỳ đã chọn",
        "the file has no figures of this metric in the period asked",
    ),
    "empty_left_out": Text(
        "{n} số liệu bị để ngoài ({reasons})", "{n} figures were left out ({reasons})"
    ),
    "empty_hint_places": Text(
        "; các mã địa bàn không có trong danh mục: thử --places national",
        "; their place codes are unknown: try --places national",
    ),
    "empty_hint_as_of": Text(
        "; thử --as-of với một ngày trong kỳ của số liệu, khi các đơn vị ấy còn",
        "; try --as-of a date within the figures' periods, when those units existed",
    ),
    "needs_output": Text(
        "--format {fmt} ghi ra tệp: hãy thêm -o TỆP.{fmt}",
        "--format {fmt} writes a file: add -o FILE.{fmt}",
    ),
    "wrote": Text("đã ghi {target}", "wrote {target}"),
    "wrote_n": Text("đã ghi {target}: {n} số liệu", "wrote {target}: {n} observations"),
    "exists": Text(
        "{target}: đã có tệp này; thêm --force để ghi đè",
        "{target}: already exists; pass --force to replace it",
    ),
    "out_kind": Text(
        "OUT phải là tệp .json, .jsonl, .csv hoặc .xlsx, nhưng là {target}",
        "OUT must be a .json, .jsonl, .csv or .xlsx file, got {target}",
    ),
    "observations_only": Text(
        "{error}; --observations-only chỉ ghi các số liệu",
        "{error}; --observations-only writes just those",
    ),
    "unexpected": Text(
        "lỗi không lường trước {kind}: {error} (lỗi của danvan; --debug cho xem traceback)",
        "unexpected {kind}: {error} (a bug in danvan; --debug shows the traceback)",
    ),
    "unknown_grouping": Text(
        "không có cách nhóm {name!r}; chọn trong {choices}",
        "unknown grouping {name!r}; choose from {choices}",
    ),
}


def words(key: str, lang: str, **values: object) -> str:
    return _T[key].in_(lang).format(**values)


def message(key: str, **values: object) -> Message:
    """The text ``key`` as a message carrying both languages."""
    words = _T[key]
    return Message(words.en.format(**values), words.vi.format(**values))


class UsageError(Exception):
    """The command line is wrong: exit status 2. Its message may be a `Message`."""


class CommandError(Exception):
    """A command cannot do what was asked: exit status 1. Its message may be a `Message`."""


def text_of(error: BaseException, lang: str) -> str:
    """An error's message in ``lang`` (Vietnamese where it carries it)."""
    if isinstance(error, DanvanError):
        return error.in_(lang)
    message = error.args[0] if error.args else ""
    if isinstance(message, Message):
        return message.in_(lang)
    if isinstance(error, OSError) and error.filename is not None:
        return f"{error.filename}: {error.strerror or error}"
    return str(error)


# argparse's messages, as Vietnamese readers are told them.
_ARGPARSE_VI = (
    (re.compile(r"the following arguments are required: (.*)"), "thiếu đối số bắt buộc: {0}"),
    (
        re.compile(r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)"),
        "đối số {0}: lựa chọn không hợp lệ: {1} (chọn một trong {2})",
    ),
    (re.compile(r"argument (\S+): expected one argument"), "đối số {0}: cần một giá trị"),
    (re.compile(r"argument (\S+): (.*)"), "đối số {0}: {1}"),
    (re.compile(r"unrecognized arguments: (.*)"), "đối số không nhận ra: {0}"),
    (
        re.compile(r"ambiguous option: (\S+) could match (.*)"),
        "tuỳ chọn {0} chưa rõ: có thể là {1}",
    ),
)


def _argparse_vi(message: str) -> str:
    for pattern, vi in _ARGPARSE_VI:
        found = pattern.fullmatch(message)
        if found:
            return vi.format(*found.groups())
    return message


class Parser(argparse.ArgumentParser):
    """A parser that reports one line (and exit status 2), in its language."""

    lang = "vi"

    def error(self, message: str) -> NoReturn:
        # argparse prints the usage and exits; danvan reports one line and returns 2.
        text = _argparse_vi(message) if self.lang == "vi" else message
        raise UsageError(f"{text} ({words('see_help', self.lang, prog=self.prog)})")


def _formatter(lang: str) -> type[argparse.HelpFormatter]:
    class Formatter(argparse.RawDescriptionHelpFormatter):
        def add_usage(
            self,
            usage: str | None,
            actions: Any,
            groups: Any,
            prefix: str | None = None,
        ) -> None:
            # argparse asks with prefix "" for a subcommand's prog: only the heading is ours.
            super().add_usage(
                usage, actions, groups, words("usage", lang) if prefix is None else prefix
            )

    return Formatter


def parser_of(lang: str, **kwargs: Any) -> Parser:
    """A parser speaking ``lang``: its section titles, usage and --help in that language."""
    parser = Parser(add_help=False, formatter_class=_formatter(lang), **kwargs)
    parser.lang = lang
    parser._positionals.title = words("positionals", lang)
    parser._optionals.title = words("options", lang)
    parser.add_argument(
        "-h", "--help", action="help", default=argparse.SUPPRESS, help=words("help", lang)
    )
    return parser


# -- argument types -------------------------------------------------------------------------


def period_type(lang: str) -> Callable[[str], Period]:
    def read(text: str) -> Period:
        try:
            # Relative phrases ("5 năm qua") count back from today.
            return parse_period(text, as_of=today())
        except ParseError as exc:
            raise argparse.ArgumentTypeError(exc.in_(lang)) from None

    return read


def date_type(lang: str) -> Callable[[str], pendulum.Date]:
    def read(text: str) -> pendulum.Date:
        try:
            return parse_date(text)
        except ParseError as exc:
            raise argparse.ArgumentTypeError(exc.in_(lang)) from None

    return read


def groupings_type(lang: str) -> Callable[[str], list[str]]:
    def read(text: str) -> list[str]:
        names = [name.strip() for name in text.split(",") if name.strip()]
        for name in names:
            if name not in BY_CHOICES:
                raise argparse.ArgumentTypeError(
                    words("unknown_grouping", lang, name=name, choices=", ".join(BY_CHOICES))
                )
        return names

    return read


# -- loading --------------------------------------------------------------------------------


@contextlib.contextmanager
def _progress(path: str, lang: str) -> Iterator[None]:
    """Say ``loading FILE…`` on a terminal's stderr when loading takes a while."""
    stream = sys.stderr
    if not stream.isatty():
        yield
        return

    def say() -> None:
        print(words("loading", lang, path=path), file=stream, flush=True)

    if PROGRESS_AFTER <= 0:
        say()
        yield
        return
    timer = threading.Timer(PROGRESS_AFTER, say)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


def _run_python(path: Path) -> Any:
    name = "_danvan_input_" + "".join(ch if ch.isalnum() else "_" for ch in path.stem)
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise CommandError(message("not_python", path=path))
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # attrs and dataclasses in the file look their module up
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        raise CommandError(
            message("run_failed", path=path, error=f"{type(exc).__name__}: {exc}")
        ) from exc
    return module


def _rules_of(module: Any, path: Path) -> tuple[Rule, ...] | None:
    rules = getattr(module, "RULES", None)
    if rules is None:
        return None
    if isinstance(rules, str) or not isinstance(rules, Sequence):
        raise CommandError(message("rules_type", path=path, kind=type(rules).__name__))
    for i, rule in enumerate(rules):
        if not isinstance(rule, Rule):
            raise CommandError(message("rule_type", path=path, i=i, kind=type(rule).__name__))
    return tuple(rules)


def _load_python(path: Path) -> tuple[Dataset, tuple[Rule, ...] | None]:
    module = _run_python(path)
    build = getattr(module, "build", None)
    if not callable(build):
        raise CommandError(message("no_build", path=path))
    try:
        dataset = build()
    except Exception as exc:
        raise CommandError(
            message("build_failed", path=path, error=f"{type(exc).__name__}: {exc}")
        ) from exc
    if not isinstance(dataset, Dataset):
        raise CommandError(message("build_type", path=path, kind=type(dataset).__name__))
    return dataset, _rules_of(module, path)


def load(
    name: str, places: str = "own", lang: str = "vi"
) -> tuple[Dataset, tuple[Rule, ...] | None]:
    """The dataset in file ``name``, and the rules it defines (Python files only).

    ``places="national"`` puts the dataset's own places on top of the national
    gazetteer; ``"auto"`` does so when the dataset lists no places of its own (a file of
    figures only: .csv, .xlsx, .jsonl).
    """
    path = Path(name)
    if not path.is_file():
        raise CommandError(message("not_a_file" if path.exists() else "no_such_file", path=name))
    with _progress(name, lang), warnings.catch_warnings(record=True) as heard:
        warnings.simplefilter("always", LoadWarning)
        if path.suffix == ".py":
            dataset, rules = _load_python(path)
        else:
            serialization = importlib.import_module("danvan.serialization")
            dataset, rules = serialization.load(path), None
        for warning in heard:
            if isinstance(warning.message, LoadWarning):
                say("warning", f"{name}: {warning.message.in_(lang)}", lang)
            else:  # not ours: as Python would show it
                warnings.warn_explicit(
                    warning.message, warning.category, warning.filename, warning.lineno
                )
        if places == NATIONAL or (places == AUTO and len(dataset.places) == 0):
            dataset = attrs.evolve(dataset, places=with_national(dataset.places))
        return dataset, rules


def load_rules(name: str) -> tuple[Rule, ...]:
    path = Path(name)
    if not path.is_file():
        raise CommandError(message("no_such_file", path=name))
    if path.suffix != ".py":
        raise UsageError(message("rules_file", name=name))
    rules = _rules_of(_run_python(path), path)
    if rules is None:
        raise CommandError(message("no_rules", path=path))
    return rules


# -- output ---------------------------------------------------------------------------------


def say(kind: str, message: str, lang: str) -> None:
    """One line on stderr: ``danvan: lưu ý: ...`` (or ``lỗi``, ``cảnh báo``)."""
    print(f"danvan: {words(kind, lang)}: {message}", file=sys.stderr)


def write_text(output: str, text: str, force: bool) -> None:
    from danvan._io import writing  # files are written whole or not at all

    data = text.encode("utf-8")

    def write(stream: IO[bytes]) -> None:
        stream.write(data)

    writing.atomic_write(Path(output), write, replace_read_only=force, follow_symlinks=force)


def emit(report: Report, fmt: str, output: str | None = None, *, force: bool = False) -> None:
    """Print ``report`` in ``fmt`` on stdout, or write it to the file ``output``.

    Raises:
        UsageError: a format that needs a file (xlsx) without one.
    """
    lang = report.lang
    if fmt == "xlsx":
        if output is None:
            raise UsageError(message("needs_output", fmt=fmt))
        report.to_xlsx(output, replace_read_only=force, follow_symlinks=force)
        print(words("wrote", lang, target=output))
        return
    if fmt == "csv":
        # A BOM for Vietnamese spreadsheets, which otherwise read a legacy code page.
        text = ("\ufeff" if lang == "vi" else "") + report.to_csv()
        # A CSV file is a table for spreadsheets: what its reader must heed (units
        # regrouped by today's map) goes to stderr, as the other notes do.
        for fact in report.facts:
            if fact.key == "notes":
                say("note", cell_text(fact.value, lang), lang)
        others = [f"{s.title} ({len(s.rows)})" for s in report.sections[1:] if s.rows]
        if others:
            say("note", words("csv_first_only", lang, others=", ".join(others)), lang)
    else:
        render: dict[str, Callable[[], str]] = {
            "table": report.to_table,
            "markdown": report.to_markdown,
            "json": report.to_json,
            "html": report.to_html,
        }
        text = render[fmt]() + "\n"
    if output is not None:
        write_text(output, text, force)
        print(words("wrote", lang, target=output))
        return
    sys.stdout.write(text)


# -- the parser -----------------------------------------------------------------------------


@attrs.frozen
class Parents:
    """The options subcommands share, as argparse parents, in the command's language."""

    common: argparse.ArgumentParser  # --debug, --lang
    places: argparse.ArgumentParser  # --places
    lang: str


def parents(lang: str) -> Parents:
    common = Parser(add_help=False)
    # SUPPRESS: the subcommand must not overwrite a --debug given before it.
    common.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help=words("debug", lang)
    )
    common.add_argument("--lang", choices=LANGS, default=lang, help=words("lang", lang))
    places = Parser(add_help=False)
    places.add_argument(
        "--places", choices=(AUTO, "own", NATIONAL), default=AUTO, help=words("places", lang)
    )
    return Parents(common=common, places=places, lang=lang)


def add_command(
    commands: Any, name: str, parents: list[argparse.ArgumentParser], lang: str, **texts: Text
) -> Parser:
    """A subcommand's parser, with its help, description and examples in ``lang``."""
    epilog = texts.get("epilog")
    parser: Parser = commands.add_parser(
        name,
        parents=parents,
        add_help=False,
        help=texts["help"].in_(lang),
        description=texts["description"].in_(lang),
        epilog=None
        if epilog is None
        else f"{words('examples', lang)}\n{epilog.in_(lang)}\n\n{words('file_help', lang)}",
        formatter_class=_formatter(lang),
    )
    parser.lang = lang
    parser._positionals.title = words("positionals", lang)
    parser._optionals.title = words("options", lang)
    parser.add_argument(
        "-h", "--help", action="help", default=argparse.SUPPRESS, help=words("help", lang)
    )
    return parser


def output_options(parser: argparse.ArgumentParser, formats: Sequence[str], lang: str) -> None:
    parser.add_argument(
        "--format",
        choices=formats,
        default=formats[0],
        help=Text(
            f"định dạng kết quả (mặc định {formats[0]}); csv cho bảng tính (dấu ; và BOM "
            "khi --lang vi), html một trang xem được, xlsx một sổ Excel (cần -o)",
            f"output format (default {formats[0]}); csv for spreadsheets (';' and a BOM "
            "with --lang vi), html a page to look at, xlsx an Excel workbook (needs -o)",
        ).in_(lang),
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar=Text("TỆP", "FILE").in_(lang),
        help=Text("ghi ra tệp này thay vì in ra", "write to this file instead of printing").in_(
            lang
        ),
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help=Text("ghi đè tệp -o nếu đã có", "replace the -o file if it exists").in_(lang),
    )
