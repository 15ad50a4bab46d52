"""The ``danvan`` command: validate datasets, report honest totals, list metrics, convert files.

Each subcommand is a function from parsed arguments to an exit status: 0 when all is
well, 1 when the data has errors or a command fails, 2 when the command line itself is
wrong. Errors are one readable line on stderr (``danvan: error: ...``); ``--debug``
shows the traceback instead.

A FILE is whatever `danvan.serialization.load` reads (``.json``, ``.jsonl``, ``.csv``,
``.xlsx``) or, as a convenience for scripts and examples, a Python file that defines
``build()`` returning a `danvan.Dataset` (and, optionally, ``RULES``: the validation
rules ``danvan validate`` then runs).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import importlib.util
import json
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn

import attrs
import pendulum

from danvan._aggregate.query import GROUPINGS
from danvan._dataset import Dataset
from danvan._dates import parse_date, today
from danvan._metrics import Catalogue, standard_catalogue
from danvan._national import NATIONAL, with_national
from danvan._period import Period
from danvan._period_text import parse_period
from danvan._place_resolver import label, resolve_place
from danvan._report import Report, severity_term
from danvan._validation import DEFAULT_RULES, Finding, Rule, Severity, ValidationReport
from danvan._version import __version__
from danvan.errors import DanvanError, InvalidValueError, LoadError, ParseError

__all__ = ["main"]

PROGRESS_AFTER = 1.0
"""Seconds of loading after which ``loading FILE…`` appears on a terminal's stderr
(0: at once, before loading starts)."""

_BY_CHOICES = tuple(g for g in GROUPINGS if g != "place")  # "place" needs a list of places
_REPORT_FORMATS = ("table", "markdown", "csv", "json")
_FILE_HELP = (
    "FILE is a .json, .jsonl, .csv or .xlsx file (see danvan.serialization), or a Python\n"
    "file that defines build() returning a danvan.Dataset and, optionally, RULES (the\n"
    "validation rules to run): handy for examples and scripts."
)


class _UsageError(Exception):
    """The command line is wrong: exit status 2."""


class _CommandError(Exception):
    """A command cannot do what was asked: exit status 1."""


class _Parser(argparse.ArgumentParser):
    # argparse prints the usage and exits; danvan reports one line and returns 2.
    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{message} (see '{self.prog} --help')")


# -- argument types -------------------------------------------------------------------------


def _period(text: str) -> Period:
    try:
        # Relative phrases ("5 năm qua") count back from today.
        return parse_period(text, as_of=today())
    except ParseError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _date(text: str) -> pendulum.Date:
    try:
        return parse_date(text)
    except ParseError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _groupings(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    for name in names:
        if name not in _BY_CHOICES:
            raise argparse.ArgumentTypeError(
                f"unknown grouping {name!r}; choose from {', '.join(_BY_CHOICES)}"
            )
    return names


# -- loading --------------------------------------------------------------------------------


@contextlib.contextmanager
def _progress(path: str) -> Iterator[None]:
    """Say ``loading FILE…`` on a terminal's stderr when loading takes a while."""
    stream = sys.stderr
    if not stream.isatty():
        yield
        return

    def say() -> None:
        print(f"danvan: loading {path}…", file=stream, flush=True)

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
        raise _CommandError(f"{path}: not a Python file that can be imported")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # attrs and dataclasses in the file look their module up
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        raise _CommandError(f"{path}: running it failed: {type(exc).__name__}: {exc}") from exc
    return module


def _rules_of(module: Any, path: Path) -> tuple[Rule, ...] | None:
    rules = getattr(module, "RULES", None)
    if rules is None:
        return None
    if isinstance(rules, str) or not isinstance(rules, Sequence):
        raise _CommandError(
            f"{path}: RULES must be a sequence of rules, got {type(rules).__name__}"
        )
    for i, rule in enumerate(rules):
        if not isinstance(rule, Rule):
            raise _CommandError(
                f"{path}: RULES[{i}] is not a rule (it needs code, severity, description "
                f"and check()), got {type(rule).__name__}"
            )
    return tuple(rules)


def _load_python(path: Path) -> tuple[Dataset, tuple[Rule, ...] | None]:
    module = _run_python(path)
    build = getattr(module, "build", None)
    if not callable(build):
        raise _CommandError(f"{path}: defines no build() function returning a Dataset")
    try:
        dataset = build()
    except Exception as exc:
        raise _CommandError(f"{path}: build() failed: {type(exc).__name__}: {exc}") from exc
    if not isinstance(dataset, Dataset):
        raise _CommandError(
            f"{path}: build() must return a danvan.Dataset, got {type(dataset).__name__}"
        )
    return dataset, _rules_of(module, path)


def _load(name: str, places: str = "own") -> tuple[Dataset, tuple[Rule, ...] | None]:
    """The dataset in file ``name``, and the rules it defines (Python files only).

    ``places="national"`` puts the dataset's own places on top of the national gazetteer.
    """
    path = Path(name)
    if not path.is_file():
        raise _CommandError(f"{name}: {'not a file' if path.exists() else 'no such file'}")
    with _progress(name):
        if path.suffix == ".py":
            dataset, rules = _load_python(path)
        else:
            serialization = importlib.import_module("danvan.serialization")
            dataset, rules = serialization.load(path), None
        if places == NATIONAL:
            dataset = attrs.evolve(dataset, places=with_national(dataset.places))
        return dataset, rules


def _load_rules(name: str) -> tuple[Rule, ...]:
    path = Path(name)
    if not path.is_file():
        raise _CommandError(f"{name}: no such file")
    if path.suffix != ".py":
        raise _UsageError(f"--rules takes a Python file that defines RULES, got {name!r}")
    rules = _rules_of(_run_python(path), path)
    if rules is None:
        raise _CommandError(f"{path}: defines no RULES")
    return rules


# -- output ---------------------------------------------------------------------------------


def _emit(report: Report, fmt: str) -> None:
    if fmt == "csv":
        sys.stdout.write(report.to_csv())
        others = [f"{s.title} ({len(s.rows)})" for s in report.sections[1:] if s.rows]
        if others:
            print(
                f"danvan: note: the CSV holds the first table only; the report also has "
                f"{', '.join(others)}: --format table or json shows them",
                file=sys.stderr,
            )
        return
    render: dict[str, Callable[[], str]] = {
        "table": report.to_table,
        "markdown": report.to_markdown,
        "json": report.to_json,
    }
    print(render[fmt]())


# -- commands -------------------------------------------------------------------------------


def _resolve_metric(catalogue: Catalogue, wanted: str) -> str:
    """A metric code, or a name that finds exactly one metric ("guns", "súng")."""
    if wanted in catalogue:
        return wanted
    found = catalogue.find(wanted)
    if len(found) == 1:
        return found[0].code
    if len(found) > 1:
        codes = ", ".join(m.code for m in found[:8])
        raise _CommandError(f"metric {wanted!r} is ambiguous: it could be {codes}")
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
        raise _CommandError(
            f"place {wanted!r} is ambiguous: it could be {codes}; give its code, its type "
            "('huyện ...', 'TP ...') or the place it lies in ('xã ..., huyện ...')"
        )
    dataset.places.get(wanted)  # raises "unknown place code", suggesting what matched
    raise AssertionError("unreachable")  # pragma: no cover


def _cmd_report(args: argparse.Namespace) -> int:
    dataset, _ = _load(args.file, args.places)
    metric = _resolve_metric(dataset.catalogue, args.metric)
    period_end = None if args.period is None else args.period.end
    as_of = args.as_of or period_end
    place = None if args.place is None else _resolve_place(dataset, args.place, as_of)
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
            raise _UsageError(f"argument --by: {exc}") from exc
        raise
    if place is not None and not dataset.places.get(place).is_valid_on(result.as_of):
        # The engine then finds nothing within the place: say why rather than print silence.
        print(
            f"danvan: note: place {place} is not in force on {result.as_of.isoformat()}, "
            "the date whose places group the figures; pass --as-of (or --period) to ask "
            "about an earlier date",
            file=sys.stderr,
        )
    report = Report.from_aggregation(
        result,
        dataset=dataset,
        lang=args.lang,
        show_bounds=args.bounds,
        show_sources=args.sources,
        scope=place,
    )
    _emit(report, args.format)
    return 0


_SUMMARY = {
    "vi": ("lỗi", "cảnh báo", "thông tin"),
    "en": ("error(s)", "warning(s)", "info(s)"),
}


def _validate_one(name: str, rules: Sequence[Rule] | None, places: str) -> ValidationReport:
    try:
        dataset, own_rules = _load(name, places)
    except LoadError as exc:
        # A file that does not load has problems with locations too: report them alike.
        return ValidationReport(
            Finding(code="load", severity=Severity.ERROR, record=p.where, message=p.message)
            for p in exc.problems
        )
    chosen = rules if rules is not None else own_rules
    return dataset.validate(DEFAULT_RULES if chosen is None else chosen)


def _cmd_validate(args: argparse.Namespace) -> int:
    rules = None if args.rules is None else _load_rules(args.rules)
    results = [(name, _validate_one(name, rules, args.places)) for name in args.files]
    if args.format == "json":
        files = [
            {"file": name, "ok": r.ok, **Report.from_validation(r, lang=args.lang).to_dict()}
            for name, r in results
        ]
        ok = all(r.ok for _, r in results)
        print(json.dumps({"ok": ok, "files": files}, ensure_ascii=False, indent=2))
    elif args.format == "text":
        words = _SUMMARY[args.lang]
        for name, r in results:
            for f in r:
                severity = severity_term(f.severity, args.lang).text
                print(f"{name}: {f.record}: {severity}: {f.text(args.lang)} [{f.code}]")
            counts = [sum(f.severity is s for f in r) for s in Severity]
            print(f"{name}: " + ", ".join(f"{n} {w}" for n, w in zip(counts, words, strict=True)))
    else:
        for name, r in results:
            _emit(Report.from_validation(r, lang=args.lang, title=name), args.format)
    return 0 if all(r.ok for _, r in results) else 1


def _cmd_catalogue(args: argparse.Namespace) -> int:
    catalogue = standard_catalogue() if args.file is None else _load(args.file)[0].catalogue
    _emit(Report.from_catalogue(catalogue, lang=args.lang), args.format)
    return 0


def _cmd_convert(args: argparse.Namespace) -> int:
    target = Path(args.output)
    if target.suffix.lower() not in (".json", ".jsonl", ".csv", ".xlsx"):
        raise _UsageError(f"OUT must be a .json, .jsonl, .csv or .xlsx file, got {target}")
    if (target.exists() or target.is_symlink()) and not args.force:
        raise _CommandError(f"{target}: already exists; pass --force to replace it")
    dataset, _ = _load(args.input, args.places)
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
            raise _CommandError(f"{exc}; --observations-only writes just those") from exc
    print(f"wrote {target}: {len(dataset.observations)} observations")
    return 0


def _cmd_extract(args: argparse.Namespace) -> int:
    """Figures from a report: a review sheet, a dataset, or a list on the terminal; or,
    with --reviewed, the dataset a reviewed sheet describes."""
    extraction = importlib.import_module("danvan._extract.extraction")
    review = importlib.import_module("danvan._extract.review")
    target = None if args.output is None else Path(args.output)
    if target is not None and target.exists() and not args.force:
        raise _CommandError(f"{target}: already exists; pass --force to replace it")
    if args.reviewed:
        if target is None or target.suffix.lower() != ".json":
            raise _UsageError("--reviewed needs -o OUT.json: the dataset to write")
        dataset = review.read_review(args.file, unreviewed=args.unreviewed)
        importlib.import_module("danvan.serialization").dump(dataset, target)
        print(
            f"wrote {target}: {len(dataset.observations)} observations; "
            f"check them with 'danvan validate {target}'"
        )
        return 0
    files = importlib.import_module("danvan._extract.files")
    text = files.read_report(args.file)
    try:
        found = extraction.extract(
            text, published=args.published, place=args.place, calendar=args.calendar
        )
    except InvalidValueError as exc:
        if exc.where == "place":
            raise _UsageError(f"argument --place: {exc}") from exc
        raise
    if target is None:
        _print_candidates(found)
        return 0
    suffix = target.suffix.lower()
    if suffix in (".csv", ".xlsx"):
        review.write_review(found, target)
        print(f"wrote {target}: {len(found)} figures to review (fill in the 'keep' column)")
    elif suffix == ".json":
        dataset = found.to_dataset()
        importlib.import_module("danvan.serialization").dump(dataset, target)
        left = found.unresolved()
        print(
            f"wrote {target}: {len(dataset.observations)} observations; "
            f"{len(left)} figures left out"
        )
        for candidate, why in left:
            print(f"  {candidate.id} {candidate.text!r}: {why}", file=sys.stderr)
    else:
        raise _UsageError(f"OUT must be a .xlsx, .csv or .json file, got {target}")
    return 0


def _print_candidates(found: Any) -> None:
    for c in found:
        metric = c.metric.code if c.metric else "-"
        period = str(c.period.period) if c.period else "-"
        place = c.place.code if c.place else "-"
        value = str(c.value) if c.value is not None else f"({c.problem})"
        print(f"{c.id}\t{c.text}\t{value}\t{metric}\t{period}\t{place}\t{c.kind.value}")


# -- the parser -----------------------------------------------------------------------------

_MAIN_EPILOG = f"""\
examples:
  danvan report examples/nam_dinh_2017_2021.py --metric surrendered.guns \\
      --period 2017/2021 --by province --place 36
  danvan validate data.json --format json
  danvan catalogue --lang en
  danvan convert examples/nam_dinh_2017_2021.py seed.json

{_FILE_HELP}

Run 'danvan COMMAND --help' for the options of a command."""

_REPORT_EPILOG = f"""\
examples:
  # how many guns were surrendered in Nam Định, 2017-2021?
  danvan report examples/nam_dinh_2017_2021.py --metric surrendered.guns \\
      --period 2017/2021 --place 36
  # surrendered items by kind, each in its own unit, with bounds and sources
  danvan report seed.json --metric surrendered --by submetric --bounds --sources
  # tips by district and year, in English, as CSV
  danvan report seed.json --metric tips --by district,year --lang en --format csv

The table lists the totals, then the figures left out (and why), the reconciliations
of wholes against their parts, and the groups with no figures (missing, not zero).
--metric takes a code (see 'danvan catalogue') or a name that finds one metric;
--place a code or a name that finds one place.

{_FILE_HELP}"""

_VALIDATE_EPILOG = f"""\
examples:
  danvan validate data.json other.jsonl
  danvan validate examples/nam_dinh_2017_2021.py --lang en
  danvan validate data.json --rules my_rules.py --format json

Exit status: 0 when no file has an error, 1 when one has (warnings and infos do not
count), 2 when the command line is wrong. A file that cannot be loaded reports each of
its problems as an error located in the file.

{_FILE_HELP}"""


_EXTRACT_EPILOG = """\
examples:
  # the figures of a report, with their proposals, on the terminal
  danvan extract report.txt --published 28-2-2022
  # a sheet to review in Excel; then the dataset it describes, then its problems
  danvan extract report.docx --published 28-2-2022 -o review.xlsx
  danvan extract --reviewed review.xlsx -o data.json
  danvan validate data.json

In the sheet, write yes (có) or no (không) in 'keep' on every row, and a code in
'metric', 'period' or 'place' to correct a proposal (empty: the proposal stands)."""


def _parser() -> _Parser:
    common = _Parser(add_help=False)
    # SUPPRESS: the subcommand must not overwrite a --debug given before it.
    common.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show the traceback of an error",
    )
    lang = _Parser(add_help=False)
    lang.add_argument(
        "--lang",
        choices=("vi", "en"),
        default="vi",
        help="language of labels and numbers: vi (9.000; 2,5 kg) or en (9,000; 2.5 kg); default vi",
    )
    places = _Parser(add_help=False)
    places.add_argument(
        "--places",
        choices=("own", NATIONAL),
        default="own",
        help="own: the places the dataset lists (default); national: those on top of every "
        "unit of Vietnam before and after 1 July 2025, so figures may name any province, "
        "district or commune by its code",
    )
    raw = argparse.RawDescriptionHelpFormatter

    parser = _Parser(
        prog="danvan",
        description="Honest figures from Vietnamese outreach (dân vận) reports: "
        "validate datasets, report totals, list metrics, convert files.",
        epilog=_MAIN_EPILOG,
        formatter_class=raw,
    )
    parser.add_argument("--version", action="version", version=f"danvan {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the traceback of an error")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    validate = commands.add_parser(
        "validate",
        parents=[common, lang, places],
        help="check datasets and list every problem with its location and severity",
        description="Check datasets and list every problem: its record, severity and rule.",
        epilog=_VALIDATE_EPILOG,
        formatter_class=raw,
    )
    validate.add_argument("files", nargs="+", metavar="FILE", help="the dataset files to check")
    validate.add_argument(
        "--format",
        choices=("text", "table", "markdown", "json"),
        default="text",
        help="text: one line per problem (default); json for tools",
    )
    validate.add_argument(
        "--rules",
        metavar="RULES.py",
        help="run the RULES a Python file defines instead of the default rules "
        "(or of those the FILE defines)",
    )
    validate.set_defaults(run=_cmd_validate)

    report = commands.add_parser(
        "report",
        parents=[common, lang, places],
        help="total a metric honestly, by place, period or sub-metric",
        description="Total a metric over places, periods and sub-metrics, honestly: "
        "qualifiers kept (gần 9.000), nothing pro-rated, missing never zero.",
        epilog=_REPORT_EPILOG,
        formatter_class=raw,
    )
    report.add_argument("file", metavar="FILE", help="the dataset")
    report.add_argument(
        "--metric", required=True, metavar="CODE", help="the metric (see 'danvan catalogue')"
    )
    report.add_argument(
        "--period",
        type=_period,
        metavar="PERIOD",
        help='only figures within this period: 2021, 2021-Q3, 2017/2021, "quý III/2021", ...',
    )
    report.add_argument(
        "--by",
        type=_groupings,
        action="extend",
        default=[],
        metavar="GROUP",
        help=f"group by {', '.join(_BY_CHOICES)}: repeat or separate with commas "
        "(at most one place level and one time subdivision)",
    )
    report.add_argument(
        "--place", metavar="CODE", help="only figures within this place (a code or a name)"
    )
    report.add_argument(
        "--as-of",
        type=_date,
        metavar="DATE",
        help="group places by the hierarchy in force on this date (default: the period's end)",
    )
    report.add_argument(
        "--format", choices=_REPORT_FORMATS, default="table", help="output format (default table)"
    )
    report.add_argument(
        "--bounds", action="store_true", help="show the interval each total's truth lies in"
    )
    report.add_argument(
        "--sources",
        action="store_true",
        help="show the observations behind each total and their sources' words",
    )
    report.add_argument(
        "--include-partial",
        action="store_true",
        help="keep figures whose period lies only partly in --period (never pro-rated)",
    )
    report.add_argument(
        "--mix-calendars",
        action="store_true",
        help="compare periods of different reporting calendars by their dates",
    )
    report.set_defaults(run=_cmd_report)

    catalogue = commands.add_parser(
        "catalogue",
        parents=[common, lang],
        help="list the metrics: units, dimensions, aggregation semantics, parents",
        description="List the metrics with their units, dimensions, how their figures "
        "combine over time and places, and the metric each is part of.",
        epilog="examples:\n  danvan catalogue\n  danvan catalogue --lang en --format markdown\n"
        "  danvan catalogue data.json   # a dataset's own catalogue",
        formatter_class=raw,
    )
    catalogue.add_argument(
        "file", nargs="?", metavar="FILE", help="list this dataset's catalogue instead"
    )
    catalogue.add_argument(
        "--format", choices=_REPORT_FORMATS, default="table", help="output format (default table)"
    )
    catalogue.set_defaults(run=_cmd_catalogue)

    convert = commands.add_parser(
        "convert",
        parents=[common, places],
        help="convert between JSON, JSON Lines, CSV and Excel",
        description="Read a dataset and write it in the format OUT's extension names: "
        ".json (a whole dataset), .jsonl, .csv or .xlsx (observations only).",
        epilog="examples:\n  danvan convert data.json observations.jsonl\n"
        "  danvan convert observations.csv observations.json\n"
        "  danvan convert examples/nam_dinh_2017_2021.py seed.csv --observations-only\n\n"
        + _FILE_HELP,
        formatter_class=raw,
    )
    convert.add_argument("input", metavar="IN", help="the dataset to read")
    convert.add_argument("output", metavar="OUT", help="the file to write")
    convert.add_argument(
        "--force",
        action="store_true",
        help="replace OUT if it exists, even read-only; through a symbolic link, replace "
        "the file it points to",
    )
    convert.add_argument(
        "--observations-only",
        action="store_true",
        help="write only the observations (what .jsonl, .csv and .xlsx files hold)",
    )
    convert.set_defaults(run=_cmd_convert)

    extract = commands.add_parser(
        "extract",
        parents=[common],
        help="find the figures a report states and propose a record for each",
        description="Find every figure a report (.txt or .docx) states, with a proposed "
        "metric, period and place, for an analyst to review; read the reviewed sheet back "
        "into a dataset.",
        epilog=_EXTRACT_EPILOG,
        formatter_class=raw,
    )
    extract.add_argument(
        "file", metavar="FILE", help="the report (.txt, .docx), or with --reviewed the sheet"
    )
    extract.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help=".xlsx or .csv: a review sheet; .json: a dataset of the complete proposals "
        "(or, with --reviewed, of the rows kept); none: a list on the terminal",
    )
    extract.add_argument(
        "--published",
        type=_date,
        metavar="DATE",
        help='the day the report was published ("5 năm qua", "đến nay" count back from it)',
    )
    extract.add_argument(
        "--place",
        metavar="PLACE",
        help="the unit the report covers (a code or a name); by default its title's",
    )
    extract.add_argument(
        "--calendar",
        choices=("gregorian", "decree-09"),
        help="the calendar of the report's periods (default gregorian)",
    )
    extract.add_argument(
        "--reviewed", action="store_true", help="FILE is a reviewed sheet: write its dataset"
    )
    extract.add_argument(
        "--unreviewed",
        choices=("error", "skip", "accept"),
        default="error",
        help="with --reviewed, a row whose 'keep' is empty: an error (default), skipped, or "
        "taken when its proposal is complete",
    )
    extract.add_argument("--force", action="store_true", help="replace OUT if it exists")
    extract.set_defaults(run=_cmd_extract)
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


def _error(message: str) -> None:
    print(f"danvan: error: {message}", file=sys.stderr)


def _message(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.filename is not None:
        return f"{exc.filename}: {exc.strerror or exc}"
    return str(exc)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``danvan`` command line; return the exit status.

    Args:
        argv: The arguments after the program name; ``sys.argv[1:]`` when None.

    Returns:
        0 on success, 1 when the data has errors or a command fails, 2 for a wrong
        command line.

    >>> main(["report", "examples/nam_dinh_2017_2021.py", "--metric", "surrendered.guns",
    ...       "--period", "2017/2021", "--place", "36", "--lang", "en"])
    Guns
    ====
    Metric: surrendered.guns
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
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except _UsageError as exc:
        _error(str(exc))
        return 2
    except SystemExit as exc:  # --help and --version print and exit 0
        return exc.code if isinstance(exc.code, int) else 0
    debug = bool(getattr(args, "debug", False))
    try:
        status: int = args.run(args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
    except _UsageError as exc:
        if debug:
            raise
        _error(str(exc))
        return 2
    except BrokenPipeError:
        # The reader (head, less) left early: nothing is wrong, and nothing more to say.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except (DanvanError, OSError, _CommandError) as exc:
        if debug:
            raise
        _error(_message(exc))
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if debug:
            raise
        _error(
            f"unexpected {type(exc).__name__}: {exc} (a bug in danvan; --debug shows the traceback)"
        )
        return 1
    return status
