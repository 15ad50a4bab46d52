"""Files in and out: JSON datasets, JSON Lines and CSV observations, Excel workbooks.

`load` and `dump` choose the format from the file's extension:

========  =====================================================================
``.json``   a whole `Dataset` as a versioned document (its JSON Schema: `schema`)
``.jsonl``  observations, one JSON object a line, read as a stream
``.csv``    observations as rows, figures written as Vietnamese writes them
``.xlsx``   the same rows in a workbook (writing needs ``pip install danvan[xlsx]``)
========  =====================================================================

Places, organisations, documents, sources and metrics have CSV tables of their own, one
record a row, read and written by `load_records` and `dump_records`.

The formats other than ``.json`` hold observations only: `load` returns them in a
`Dataset` with the standard catalogue and an empty gazetteer, and `dump` refuses a
dataset holding anything else rather than drop it (use `dump_observations` to write
only the observations on purpose).

Nothing is lost on the way: ``load(dump(ds)) == ds``, with Decimal digits, qualifiers,
open periods, periods not stated, roles, succession links and the units a dataset
registers (a document lists them under ``units``, before the records that count in them;
observation files hold none, so `load_observations` and `dump_observations` take the
``catalogue`` that has them), and `dump` writes NFC UTF-8 text through a temporary
file that replaces the target only once complete. Nothing bad gets in: a loader returns
everything or raises one `danvan.errors.LoadError` listing every problem of the file,
each located (``$.observations[12].value.value``, ``line 4, column "value"``) with the
bad value and the rule it breaks.

Writing files: every ``dump`` writes a temporary file beside the target
(``.NAME.danvan-MACHINE-PID-RANDOM.tmp``), flushes it to the disk, renames it over the
target and flushes the folder, so a crash leaves the old file or the new one; a
temporary file left by a crash is removed by the next write to the same target once
its process is gone. A read-only target is replaced only with
``replace_read_only=True``, a symbolic link only with ``follow_symlinks=True`` (which
replaces the file it points to); a folder, device or pipe never. Errors name the target.

Reading costs time linear in the file, and memory close to what the loaded dataset
holds: a ``.json`` document is read one record at a time (peak about 1.3 MB per MB of
file, of which 0.4 MB the reading itself), ``.jsonl`` and ``.csv`` a line at a time
(`iter_observations` in flat memory, whatever the length), a workbook's sheet as a
stream of its rows (a part of more than 512 MiB of XML is refused); the figures per
loader, measured by ``make bench``, are in the documentation's "Performance" page.

In JSON, numbers keep their type: an `int` is a JSON integer and a `Decimal` is a
string of its exact digits (``"2.50"``), so no reader can round it through a float.
Fields equal to their default are left out. An observation's ``value`` carries a
``kind``: ``"quantity"`` or ``"ratio"``.

>>> import danvan, pendulum
>>> from danvan.serialization import structure, unstructure
>>> q = danvan.parse_quantity("gần 9.000 tin")
>>> unstructure(q)
{'value': 9000, 'unit': 'tin', 'qualifier': 'nearly'}
>>> structure({"value": "2.50", "unit": "kg"}, danvan.Quantity).value
Decimal('2.50')
>>> type(structure("2016-11-01", pendulum.Date)) is pendulum.Date
True
"""

from __future__ import annotations

import copy
import enum
import json
import os
import typing
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any, TypeVar, overload

import attrs
import cattrs
import pendulum

from danvan._dataset import Dataset
from danvan._digits import DIGIT_CLASS
from danvan._io import csv_observations, csv_records, json_documents, json_stream, writing
from danvan._metrics import Catalogue, Metric, standard_catalogue
from danvan._national import NATIONAL
from danvan._observations import Observation
from danvan._period import Period
from danvan._places import Place
from danvan._quantity import Qualifier, Quantity
from danvan._ratio import Ratio
from danvan._units import Counting, Dimension, Unit, units
from danvan.errors import InvalidValueError, LoadError, Problem

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "converter",
    "dump",
    "dump_observations",
    "dump_records",
    "dumps",
    "iter_observations",
    "load",
    "load_observations",
    "load_records",
    "loads",
    "schema",
    "schema_text",
    "structure",
    "unstructure",
]

T = TypeVar("T")
PathLike = str | os.PathLike[str]

FORMAT = json_documents.FORMAT
"""The ``format`` key of every dataset document: ``"danvan-dataset"``."""
FORMAT_VERSION = json_documents.FORMAT_VERSION
"""The document version written, ``"MAJOR.MINOR"``. Readers refuse a newer MAJOR."""

_SUFFIXES = (".json", ".jsonl", ".csv", ".xlsx")


# --- the converter -----------------------------------------------------------------------------


def converter() -> cattrs.Converter:
    """A copy of the cattrs converter danvan reads and writes JSON with.

    It structures and unstructures every danvan record and value type, with detailed
    validation and unknown keys forbidden. Each call returns a new copy, so hooks
    registered on it do not change how danvan itself reads files. Errors it raises are
    cattrs' exception groups; `structure` turns them into a located `LoadError`.

    >>> import danvan
    >>> converter().unstructure(danvan.Period.quarter(2021, 3, calendar=danvan.Calendar.DECREE_09))
    'ND09:2021-Q3'

    Returns:
        A `cattrs.Converter` (from `cattrs.preconf.json`).
    """
    return json_documents.full_converter().copy()


def unstructure(obj: object) -> Any:
    """The JSON-ready value (dicts, lists, str, int, bool, None) of any danvan object.

    >>> import danvan
    >>> unstructure(danvan.parse_ratio("204/204=100%", unit="commune"))["stated_percent"]
    '100'
    """
    return json_documents.full_converter().unstructure(obj)


def structure(data: object, cls: type[T] | Any, *, source: str = "<data>") -> T:
    """Read ``data`` (as `json.loads` returns it) as a ``cls``.

    Args:
        data: JSON-shaped data.
        cls: A danvan type (`Observation`, `Quantity`, `Dataset`...), or a type built
            from them (``tuple[Observation, ...]``).
        source: Names the data in error messages.

    Raises:
        LoadError: listing every problem, each at its JSON path.

    >>> structure({"value": -3, "unit": "tin"}, Quantity)
    Traceback (most recent call last):
    ...
    danvan.errors.LoadError: cannot load <data>: 1 problem
      - quantity.value: must be >= 0, got -3 @ $.value
    """
    result: T = json_documents.structure_located(data, cls, source)
    return result


# --- whole datasets -----------------------------------------------------------------------------


def loads(text: str | bytes, *, source: str = "<string>") -> Dataset:
    """Read a dataset document from JSON text (or UTF-8 bytes).

    Raises:
        LoadError: listing every problem of the text.
    """
    raw: object = text
    if isinstance(raw, bytes | bytearray):
        decoded = json_documents.decode_text(bytes(raw), source)
    elif isinstance(raw, str):
        decoded = raw.removeprefix("\ufeff")
    else:
        raise InvalidValueError(f"must be str or bytes, got {type(raw).__name__}", where="text")
    return json_stream.read_dataset(json_stream.Text(decoded), source)


def dumps(dataset: Dataset) -> str:
    """The dataset document as JSON text (indented, NFC, ending with a newline).

    Raises:
        InvalidValueError: ``dataset`` is not a `Dataset`.
    """
    if not isinstance(dataset, Dataset):
        raise InvalidValueError(f"must be a Dataset, got {type(dataset).__name__}", where="dataset")
    return json_documents.dump_json_text(unstructure(dataset))


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in _SUFFIXES:
        raise InvalidValueError(
            f"cannot tell the format of {str(path)!r} from its extension; "
            f"expected one of {', '.join(_SUFFIXES)}",
            where="path",
        )
    return suffix


def load(path: PathLike, *, catalogue: Catalogue | None = None) -> Dataset:
    """Read a dataset from a file; the extension says the format (see the module doc).

    A ``.jsonl``, ``.csv`` or ``.xlsx`` file holds observations only: they come back in a
    `Dataset` with the standard catalogue (or ``catalogue``) and no places, which
    `Dataset.validate` then reports as unresolved references, if any. A ``.json``
    document carries its own catalogue, and the units it registers.

    Args:
        path: A ``.json``, ``.jsonl``, ``.csv`` or ``.xlsx`` file.
        catalogue: For the observation formats: the metrics and units (`Catalogue.with_units`)
            the figures are read with, and the dataset's catalogue.

    Raises:
        LoadError: listing every problem of the file; nothing is returned partially.
        InvalidValueError: the extension is not one of these, or a catalogue is given
            for a ``.json`` document.
        OSError: the file cannot be read.
    """
    file = Path(path)
    if _suffix(file) == ".json":
        if catalogue is not None:
            raise InvalidValueError(
                "a .json document carries its own catalogue: give none", where="catalogue"
            )
        with file.open("rb") as stream:
            text = json_stream.text_of_file(stream, str(file), file.read_bytes)
            return json_stream.read_dataset(text, str(file))
    found = load_observations(file, catalogue=catalogue)
    if catalogue is None:
        return Dataset(observations=found)
    return Dataset(catalogue=catalogue, observations=found)


def dump(
    dataset: Dataset,
    path: PathLike,
    *,
    replace_read_only: bool = False,
    follow_symlinks: bool = False,
) -> None:
    """Write a dataset to a file, atomically; the extension says the format.

    The file is written beside the target and renamed over it once complete (see
    "Writing files" in the module doc): a crash leaves the old file or the new one.

    Args:
        dataset: The dataset.
        path: A ``.json``, ``.jsonl``, ``.csv`` or ``.xlsx`` file.
        replace_read_only: Replace a target that is read-only (it keeps its mode);
            without it, such a target raises PermissionError.
        follow_symlinks: If ``path`` is a symbolic link, replace the file it points to
            (the link stays); without it, a link raises OSError.

    Raises:
        InvalidValueError: the format cannot hold everything the dataset has (a
            ``.csv`` file holds observations only), an observation's figure cannot be
            written to CSV without loss, or text cannot be encoded.
        ImportError: ``.xlsx`` without openpyxl installed.
        OSError: the file cannot be written, or is refused (read-only, a symbolic link,
            not a regular file); the error names the target.
    """
    file = Path(path)
    policy = _Policy(replace_read_only, follow_symlinks)
    if _suffix(file) == ".json":
        data = json_documents.encode(dumps(dataset), "dataset")
        policy.write(file, lambda stream: _write(stream, data))
        return
    if not isinstance(dataset, Dataset):
        raise InvalidValueError(f"must be a Dataset, got {type(dataset).__name__}", where="dataset")
    extra = [name for name in _NOT_OBSERVATIONS if getattr(dataset, name)]
    if dataset.title:
        extra.append("title")
    if dataset.catalogue != standard_catalogue():
        extra.append("metrics beyond the standard catalogue")
    if extra:
        raise InvalidValueError(
            f"a {file.suffix} file holds observations only, but this dataset also has "
            f"{', '.join(extra)}; write it as .json, or write only its observations with "
            "dump_observations()",
            where="dataset",
        )
    if _suffix(file) == ".xlsx":
        from danvan._io import xlsx

        # Its pivot sheet names metrics and places by the dataset's own lists.
        xlsx.write_observations(
            dataset.observations,
            file,
            policy.write,
            catalogue=dataset.catalogue,
            places=dataset.places,
            organisations=dataset.organisations,
        )
        return
    dump_observations(
        dataset.observations,
        file,
        replace_read_only=replace_read_only,
        follow_symlinks=follow_symlinks,
    )


def _write(stream: IO[bytes], data: bytes) -> None:
    stream.write(data)


@attrs.frozen
class _Policy:
    """What a write may replace besides an ordinary file (see danvan._io.writing)."""

    replace_read_only: bool
    follow_symlinks: bool

    def write(self, file: Path, write: Callable[[IO[bytes]], None]) -> None:
        writing.atomic_write(
            file,
            write,
            replace_read_only=self.replace_read_only,
            follow_symlinks=self.follow_symlinks,
        )


_NOT_OBSERVATIONS = tuple(
    f.name
    for f in attrs.fields(Dataset)
    if f.init and f.name not in ("observations", "title", "catalogue")
)


# --- observations -------------------------------------------------------------------------------


def iter_observations(
    path: PathLike, *, catalogue: Catalogue | None = None
) -> Iterator[Observation]:
    """Read observations one at a time from a ``.jsonl`` or ``.csv`` file.

    Memory stays flat however long the file: each line is read, checked and handed
    over before the next (a CSV file holding a wide table, as reports lay them out, is
    read whole first). The first bad line stops the stream with a `LoadError`
    naming it (``line 12, $.value.value``); ids are not checked for uniqueness while
    streaming (`load_observations` does both: all problems, and ids). ``catalogue``:
    the metrics and units the figures are read with (the standard ones by default).

    Raises:
        LoadError: a line holds a problem (the observations before it were yielded).
        InvalidValueError: the extension is not ``.jsonl`` or ``.csv``.
        OSError: the file cannot be read.
    """
    file = Path(path)
    suffix = _suffix(file)
    if suffix not in (".jsonl", ".csv"):
        raise InvalidValueError(
            f"only .jsonl and .csv files are read as a stream, got {str(file)!r}", where="path"
        )
    if suffix == ".csv":
        from danvan._io import wide_tables

        # A wide table is read whole; None: one figure a row.
        wide = wide_tables.read_csv(file, catalogue)
        if wide is not None:
            yield from wide
            return
    rows = _jsonl(file, catalogue) if suffix == ".jsonl" else _csv_rows(file, catalogue)
    for _, item in rows:
        if isinstance(item, LoadError):
            raise item
        yield item


def _jsonl(
    file: Path, catalogue: Catalogue | None
) -> Iterator[tuple[int, Observation | LoadError]]:
    """Each non-blank line of a JSON Lines file as an observation, or its `LoadError`."""
    source = str(file)
    decoder = json_documents.Decoder()
    vocabulary = None if catalogue is None else catalogue.vocabulary
    with file.open("rb") as stream:
        for number, line in enumerate(stream, 1):
            try:
                text = json_documents.decode_line(line, number, source)
                if not text.strip():
                    continue  # a blank line (often the last) holds nothing
                data = json_documents.parse_json(
                    text.rstrip("\r\n"), source, line=number, decoder=decoder
                )
                # Set and reset around each line: the stream yields between lines.
                with json_documents.vocabulary_in_use(vocabulary):
                    found = json_documents.structure_located(
                        data, Observation, source, f"line {number}, "
                    )
                yield number, found
            except LoadError as error:
                yield number, error


def _csv_rows(
    file: Path, catalogue: Catalogue | None
) -> Iterator[tuple[int, Observation | LoadError]]:
    """Each row of a CSV file as an observation, or its `LoadError`
    (see `csv_observations.read_rows`)."""
    with file.open("rb") as stream:
        yield from csv_observations.read_rows(stream, str(file), catalogue)


def load_observations(
    path: PathLike, *, sheet: str | None = None, catalogue: Catalogue | None = None
) -> tuple[Observation, ...]:
    """Read every observation of a ``.jsonl``, ``.csv``, ``.xlsx`` or ``.json`` file.

    Args:
        path: The file.
        sheet: For ``.xlsx``: the sheet to read (by default one named "observations",
            else the first).
        catalogue: For ``.jsonl``, ``.csv`` and ``.xlsx``: the metrics (a bare number
            counts in its metric's unit) and the units (`Catalogue.with_units`) the
            figures are read with; the standard ones by default. A ``.json`` document
            carries its own.

    Raises:
        LoadError: listing every problem of the file, duplicate ids included.
        InvalidValueError: the extension is not one of these.
        OSError: the file cannot be read.
    """
    file = Path(path)
    suffix = _suffix(file)
    source = str(file)
    if suffix == ".json":
        return load(file, catalogue=catalogue).observations
    if suffix == ".xlsx":
        from danvan._io import xlsx

        return xlsx.read_observations(file, sheet=sheet, catalogue=catalogue)
    if suffix == ".csv":
        from danvan._io import wide_tables

        wide = wide_tables.read_csv(file, catalogue)  # None: one figure a row, read below
        if wide is not None:
            return wide
    problems: list[Problem] = []
    found: list[Observation] = []
    lines: list[int] = []
    if suffix == ".jsonl":
        items, column = _jsonl(file, catalogue), ""
    else:
        items, column = _csv_rows(file, catalogue), ', column "id"'
    for number, item in items:
        if isinstance(item, LoadError):
            problems.extend(item.problems)
        else:
            found.append(item)
            lines.append(number)
    first: dict[str, int] = {}
    for obs, number in zip(found, lines, strict=True):
        if obs.id in first:
            where = f"line {number}{column}" + (", $.id" if not column else "")
            problems.append(
                Problem(
                    where,
                    csv_observations.id_used_again(obs.id, f"line {first[obs.id]}"),
                )
            )
        else:
            first[obs.id] = number
    if problems:
        raise LoadError(source, problems)
    return tuple(found)


def dump_observations(
    observations: Iterable[Observation],
    path: PathLike,
    *,
    delimiter: str = ",",
    catalogue: Catalogue | None = None,
    replace_read_only: bool = False,
    follow_symlinks: bool = False,
) -> None:
    """Write observations to a ``.jsonl``, ``.csv`` or ``.xlsx`` file, atomically.

    CSV is written in UTF-8 with a BOM (so spreadsheet programs read Vietnamese text
    right), with ``delimiter`` between cells (``";"`` for spreadsheets set to
    Vietnamese). Each row is read back before it is written (with ``catalogue``: the
    units figures may count in beyond the built-in ones, which reading the file back
    needs too); a figure that CSV cannot hold exactly raises rather than be written
    wrong. ``replace_read_only`` and ``follow_symlinks`` are as for `dump`.

    Raises:
        InvalidValueError: a figure or text cannot be written without loss, or the
            extension is not one of these.
        ImportError: ``.xlsx`` without openpyxl installed.
        OSError: the file cannot be written, or is refused; the error names the target.
    """
    file = Path(path)
    policy = _Policy(replace_read_only, follow_symlinks)
    suffix = _suffix(file)
    items = tuple(observations)
    for index, obs in enumerate(items):
        if not isinstance(obs, Observation):
            raise InvalidValueError(
                f"must be an Observation, got {type(obs).__name__}", where=f"observations[{index}]"
            )
    if suffix == ".jsonl":
        hook = json_documents.full_converter().get_unstructure_hook(Observation)

        def write(stream: IO[bytes]) -> None:
            for obs in items:
                line = json_documents.dump_json_text(hook(obs), indent=None)
                stream.write(json_documents.encode(line, f"observation[{obs.id}]"))

        policy.write(file, write)
    elif suffix == ".csv":
        text = csv_observations.write_rows(items, delimiter=delimiter, catalogue=catalogue)
        data = json_documents.encode(text, "observations")
        policy.write(file, lambda stream: _write(stream, b"\xef\xbb\xbf" + data))
    elif suffix == ".xlsx":
        from danvan._io import xlsx

        xlsx.write_observations(items, file, policy.write, catalogue=catalogue)
    else:
        raise InvalidValueError(
            f"observations are written to .jsonl, .csv or .xlsx, got {str(file)!r}", where="path"
        )


# --- flat records --------------------------------------------------------------------------------

R = TypeVar("R")


@overload
def load_records(path: PathLike, kind: type[R]) -> tuple[R, ...]: ...
@overload
def load_records(path: PathLike, kind: str) -> tuple[Any, ...]: ...
def load_records(path: PathLike, kind: str | type[Any]) -> tuple[Any, ...]:
    """Read the places, organisations, documents, sources or metrics of a ``.csv`` file.

    One record a row, one column a field named as the field is, under the rules of the
    observations table: UTF-8 with or without a BOM, comma or semicolon, NFC, dates as
    "1-11-2016", "01/11/2016" or ISO, enum members by value, units by code or word. A
    place's aliases are joined by "; ", its successors written
    ``merged-into:37@2025-07-01``. An empty cell or a missing column leaves a field at its
    default; the header must name the fields that have none (a record's key, a name).

    Only each record is checked, and that keys are unique: check a set of places with
    `Gazetteer`, metrics with `Catalogue` (or `Catalogue.extended`), the others in a
    `Dataset`.

    >>> import pathlib, tempfile
    >>> from danvan import Organisation
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "don-vi.csv"
    >>> text = "id;name;kind;place\\nca-nam-dinh;Công an tỉnh Nam Định;police;36\\n"
    >>> _ = path.write_text(text, encoding="utf-8")
    >>> load_records(path, Organisation)[0].name
    'Công an tỉnh Nam Định'

    Args:
        path: A ``.csv`` file.
        kind: ``"places"``, ``"organisations"``, ``"documents"``, ``"sources"`` or
            ``"metrics"``, or the record type (`Place`, `Organisation`, `Document`,
            `Source`, `Metric`), which also tells a type checker what comes back.

    Returns:
        The records, in file order.

    Raises:
        LoadError: listing every problem of the file (``line 4, column "level"``), keys
            used twice included; nothing is returned partially.
        InvalidValueError: ``kind`` is not one of these, or the file is not ``.csv``.
        OSError: the file cannot be read.
    """
    file = Path(path)
    _records_suffix(file)
    return csv_records.read_records(file, kind)


def dump_records(
    records: Iterable[Any],
    path: PathLike,
    *,
    kind: str | type[Any] | None = None,
    delimiter: str = ",",
    replace_read_only: bool = False,
    follow_symlinks: bool = False,
) -> None:
    """Write places, organisations, documents, sources or metrics to a ``.csv`` file, atomically.

    The table `load_records` reads: UTF-8 with a BOM, ``delimiter`` between cells (``";"``
    for spreadsheets set to Vietnamese), dates in ISO form, cells a spreadsheet would run
    as a formula prefixed with an apostrophe. Each row is read back before it is
    written: a record a table cannot hold exactly (an alias holding ";") raises rather
    than be written wrong.

    Args:
        records: Records of one kind.
        path: A ``.csv`` file.
        kind: The kind, as for `load_records`; by default that of the first record
            (required when there are none, to write the header).
        delimiter: ``","`` or ``";"``.
        replace_read_only: As for `dump`.
        follow_symlinks: As for `dump`.

    Raises:
        InvalidValueError: the records are of different or unknown kinds, one cannot be
            written without loss, or the file is not ``.csv``.
        OSError: the file cannot be written, or is refused; the error names the target.
    """
    file = Path(path)
    _records_suffix(file)
    items = tuple(records)
    if kind is None:
        if not items:
            raise InvalidValueError(
                "cannot tell the kind of no records; pass kind='places' (or another)",
                where="kind",
            )
        kind = type(items[0])
    text = csv_records.write_records(items, kind, delimiter=delimiter)
    data = json_documents.encode(text, csv_records.table(kind).kind)
    _Policy(replace_read_only, follow_symlinks).write(
        file, lambda stream: _write(stream, b"\xef\xbb\xbf" + data)
    )


def _records_suffix(file: Path) -> None:
    if file.suffix.lower() != ".csv":
        raise InvalidValueError(f"records are kept in .csv files, got {str(file)!r}", where="path")


# --- JSON Schema ---------------------------------------------------------------------------------

# Digits are 0-9 in the schema as in the loaders: one rule (danvan._digits).
_D = DIGIT_CLASS
_NUMBER_PATTERN = f"^-?{_D}+(\\.{_D}+)?([eE][-+]?{_D}+)?$"
_DATE = f"{_D}{{4}}-{_D}{{2}}-{_D}{{2}}"
_PERIOD_PATTERN = (
    f"^(ND09:)?({_D}{{4}}(-Q[1-4]|-H[12]|-9M|-{_D}{{2}}(-{_D}{{2}})?)?|{_D}{{4}}/{_D}{{4}}"
    f"|{_DATE}/({_DATE}|\\.\\.))( \\([^()]+\\))?$"
)


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{name}"}


def _quantity_properties() -> dict[str, Any]:
    return {
        "value": {"anyOf": [_ref("number"), {"type": "null"}]},
        "unit": _ref("unit"),
        "qualifier": {"enum": [q.value for q in Qualifier]},
        "bounds": _ref("bounds"),
    }


def _ratio_properties() -> dict[str, Any]:
    return {
        "numerator": _ref("quantity"),
        "denominator": _ref("quantity"),
        "stated_percent": _ref("number"),
        "qualifier": {"enum": [q.value for q in Qualifier]},
        "base": {"type": "string", "description": "What the stated percentage is of."},
    }


def _object(properties: dict[str, Any], required: list[str], doc: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object"}
    if doc:
        out["description"] = doc
    out["properties"] = properties
    out["required"] = required
    out["additionalProperties"] = False
    return out


def _first_line(obj: object) -> str:
    return (obj.__doc__ or "").strip().splitlines()[0] if obj.__doc__ else ""


class _SchemaBuilder:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def of(self, t: Any) -> dict[str, Any]:
        simple = {
            str: {"type": "string"},
            bool: {"type": "boolean"},
            pendulum.Date: _ref("date"),
            Period: _ref("period"),
            Unit: _ref("unit"),
            Quantity: _ref("quantity"),
            Ratio: _ref("ratio"),
        }
        if t in simple:
            return simple[t]
        if t == Quantity | Ratio:
            return _ref("figure")
        args = typing.get_args(t)
        if typing.get_origin(t) is tuple:
            return {"type": "array", "items": self.of(args[0])}
        if type(None) in args:
            inner = [a for a in args if a is not type(None)]
            return {"anyOf": [self.of(inner[0]), {"type": "null"}]}
        if isinstance(t, type) and issubclass(t, enum.Enum):
            if t.__name__ not in self.defs:
                self.defs[t.__name__] = {
                    "description": _first_line(t),
                    "enum": [m.value for m in t],
                }
            return _ref(t.__name__)
        if attrs.has(t):
            if t.__name__ not in self.defs:
                self.defs[t.__name__] = {}  # reserve the name first: records may nest
                self.defs[t.__name__] = self.record(t)
            return _ref(t.__name__)
        raise TypeError(f"no JSON Schema for {t!r}")  # pragma: no cover - a new field type

    def record(self, cls: type[Any]) -> dict[str, Any]:
        attrs.resolve_types(cls)
        properties = {}
        required = []
        for field in attrs.fields(cls):
            if not field.init:
                continue
            properties[field.name] = self.of(field.type)
            if field.default is attrs.NOTHING:
                required.append(field.name)
        return _object(properties, required, _first_line(cls))


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a dataset document, built from the records.

    The same schema ships as ``danvan/schema/dataset.schema.json``. It describes what
    danvan writes; the reader also accepts unit names besides codes and period phrases
    besides codes.

    >>> schema()["properties"]["format"]
    {'const': 'danvan-dataset'}
    """
    build = _SchemaBuilder()
    properties: dict[str, Any] = {
        "format": {"const": FORMAT},
        "version": {"type": "string", "pattern": f"^1\\.{_D}+$"},
        "gazetteer": {
            "const": NATIONAL,
            "description": "The places listed are added to danvan's national gazetteer "
            "(every unit of Vietnam before and after 1 July 2025), which figures may name "
            "by code without listing it.",
        },
        "units": {
            "description": "The units the dataset registers beyond the built-in ones "
            "(Catalogue.with_units), before the records that count in them.",
            "type": "array",
            "items": _ref("unitRecord"),
        },
        "title": {"type": "string"},
    }
    for key, name, field_type in json_documents._DATASET_FIELDS:
        if name == "title":
            continue
        if name == "places":
            properties[key] = build.of(tuple[Place, ...])
        elif name == "catalogue":
            properties[key] = build.of(tuple[Metric, ...])
        else:
            properties[key] = build.of(field_type)
    quantity = _object(_quantity_properties(), ["value", "unit"], _first_line(Quantity))
    ratio = _object(_ratio_properties(), ["numerator", "denominator"], _first_line(Ratio))
    tagged_quantity = copy.deepcopy(quantity)
    tagged_quantity["properties"] = {"kind": {"const": "quantity"}, **quantity["properties"]}
    tagged_quantity["required"] = ["kind", *quantity["required"]]
    tagged_ratio = copy.deepcopy(ratio)
    tagged_ratio["properties"] = {"kind": {"const": "ratio"}, **ratio["properties"]}
    tagged_ratio["required"] = ["kind", *ratio["required"]]
    defs: dict[str, Any] = {
        "number": {
            "description": "An int as a JSON integer; a Decimal as a string of its exact digits.",
            "anyOf": [{"type": "integer"}, {"type": "string", "pattern": _NUMBER_PATTERN}],
        },
        "date": {"type": "string", "format": "date", "pattern": f"^{_DATE}$"},
        "period": {
            "description": "A period code, as str(period) writes it: 2021, 2021-Q3, "
            "ND09:2021-H1, 2017/2021, 2016-11-01/..",
            "type": "string",
            "pattern": _PERIOD_PATTERN,
        },
        "unit": {
            "description": "A unit code: a built-in one, or one the document's units register.",
            "anyOf": [
                {"enum": [u.code for u in units()]},
                {"type": "string", "pattern": "^\\S+$"},
            ],
        },
        "unitRecord": _object(
            {
                "code": {"type": "string", "pattern": "^\\S+$"},
                "dimension": {"enum": [d.value for d in Dimension]},
                "factor": _ref("number"),
                "counts": {"enum": [c.value for c in Counting]},
                "vi": {"type": "string"},
                "en": {"type": "string"},
                "en_plural": {"type": "string"},
                "aliases": {"type": "array", "items": {"type": "string"}},
                "covers": {"type": "array", "items": {"type": "string"}},
            },
            ["code", "dimension", "vi", "en", "en_plural"],
            "A unit a dataset registers, as Unit(**fields) takes it.",
        ),
        "bounds": _object(
            {
                "lower": _ref("number"),
                "upper": {"anyOf": [_ref("number"), {"type": "null"}]},
                "lower_closed": {"type": "boolean"},
                "upper_closed": {"type": "boolean"},
            },
            ["lower", "upper"],
            "Explicit bounds of the true value; upper null means unbounded.",
        ),
        "quantity": quantity,
        "ratio": ratio,
        "figure": {
            "description": "An observation's value, tagged with its kind.",
            "oneOf": [tagged_quantity, tagged_ratio],
        },
        **dict(sorted(build.defs.items())),
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:danvan:dataset:1",
        "title": "danvan dataset",
        "description": "A danvan dataset document (format version 1.x).",
        "type": "object",
        "properties": properties,
        "required": ["format", "version"],
        "additionalProperties": False,
        "$defs": defs,
    }


def schema_text() -> str:
    """The text of ``danvan/schema/dataset.schema.json``: `schema` as indented JSON."""
    return json.dumps(schema(), ensure_ascii=False, indent=2) + "\n"
