"""Observations as a table: one row a figure, in columns SQL engines can sum.

The flat observation schema is the CSV format's (`danvan._io.csv_observations`), with
the figure spread over typed columns instead of written as words, so that a query engine
sums it as it stands and every figure reads back exactly as it was:

====================  =====================  ===============================================
column                type                   holds
====================  =====================  ===============================================
id                    string                 the observation's id
metric                string                 the metric's code
value                 decimal(38, 9)         the stated number ("gần 9.000": 9000; the
                                             magnitude of "hàng trăm"); null for a range
unit                  string                 the unit's code
qualifier             string                 "exact", "nearly", "more-than"...
lower, upper          decimal(38, 9)         the bounds of the true value (upper null:
                                             none), whether stated or implied
lower_closed,         bool                   whether each end belongs to the bounds
upper_closed
value_exponent,       int8                   the exponent of a `Decimal` number (-2 for
lower_exponent,                              "2.50"), null for a whole number held as `int`:
upper_exponent                               numbers keep their written digits
ratio                 string                 a ratio as the CSV format writes it
                                             ("204/204=100%", or a percentage stated
                                             alone: "khoảng 40% hộ dân"; unit: its
                                             denominator's); the number columns are
                                             then null
period                string                 the period's code ("2021-07", "ND09:2021");
                                             null: not stated
place, organisation,  string                 as in `Observation` (null: none)
source, activity
disaggregation,       string                 as in `Observation` ("": none)
quote, note
role                  string                 "headline", "summary" or "repeat" for a
                                             restatement; null: the body (`Role`)
====================  =====================  ===============================================

`ObservationTable` holds such a table (an Arrow table in memory, or Parquet files) with
the catalogue, gazetteer, organisations and sources its codes refer to;
`danvan.aggregate` runs questions on it with a SQL engine without making a Python record
of each row. pyarrow (the ``duckdb`` or
``spark`` extra) is imported on first use.
"""

from __future__ import annotations

import decimal
import importlib
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any, TypeVar

from danvan._metrics import Catalogue, standard_catalogue
from danvan._observations import Observation, Role, Source
from danvan._organisations import Organisation
from danvan._period import Period
from danvan._period_text import parse_period
from danvan._places import Gazetteer
from danvan._public import publish
from danvan._quantity import Bounds, Qualifier, Quantity
from danvan._ratio import Ratio, parse_ratio
from danvan.errors import DanvanError, InvalidValueError, UnknownReferenceError

__all__ = [
    "COLUMNS",
    "NUMBER_DIGITS",
    "NUMBER_SCALE",
    "ObservationTable",
    "arrow_schema",
    "arrow_table",
    "decode",
    "pyarrow",
]

T = TypeVar("T")

NUMBER_SCALE = 9
"""Decimal places the number columns hold: `Decimal` figures need at most this many."""
NUMBER_DIGITS = 38
"""Digits the number columns hold (the widest decimal Parquet, DuckDB and Spark share)."""

COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "string"),
    ("metric", "string"),
    ("value", "number"),
    ("unit", "string"),
    ("qualifier", "string"),
    ("lower", "number"),
    ("upper", "number"),
    ("lower_closed", "bool"),
    ("upper_closed", "bool"),
    ("value_exponent", "int8"),
    ("lower_exponent", "int8"),
    ("upper_exponent", "int8"),
    ("ratio", "string"),
    ("period", "string"),
    ("place", "string"),
    ("organisation", "string"),
    ("source", "string"),
    ("activity", "string"),
    ("disaggregation", "string"),
    ("quote", "string"),
    ("note", "string"),
    ("role", "string"),
)
"""The columns of the flat observation schema, in order, with their kind of value."""

# Columns of codes many rows repeat: held dictionary-encoded in memory (as Parquet does).
_CODES = frozenset(
    {"metric", "unit", "qualifier", "period", "place", "organisation", "source", "activity"}
    | {"disaggregation", "role"}
)
_LARGEST = Decimal(10) ** (NUMBER_DIGITS - NUMBER_SCALE)
_QUALIFIERS = {q.value: q for q in Qualifier}
_ROLES = {r.value: r for r in Role}


def pyarrow() -> Any:
    """The pyarrow module, imported on first use.

    Raises:
        DanvanError: pyarrow is not installed.
    """
    try:
        return importlib.import_module("pyarrow")
    except ImportError:
        raise DanvanError(
            "tables of observations need pyarrow: pip install 'danvan[duckdb]' (or 'danvan[spark]')"
        ) from None


def arrow_schema() -> Any:
    """The flat observation schema as a `pyarrow.Schema` (the ``duckdb`` or ``spark`` extra)."""
    pa = pyarrow()
    types = {
        "string": pa.string(),
        "number": pa.decimal128(NUMBER_DIGITS, NUMBER_SCALE),
        "bool": pa.bool_(),
        "int8": pa.int8(),
    }
    return pa.schema([pa.field(name, types[kind]) for name, kind in COLUMNS])


# -- writing rows ------------------------------------------------------------------------------


def _number(
    value: int | Decimal, obs: Observation, column: str
) -> tuple[int | Decimal, int | None]:
    """A number as its column holds it, and the exponent that tells how it was written."""
    if isinstance(value, int):
        if abs(value) >= _LARGEST:
            raise _unwritable(obs, column, f"{value} has more than {NUMBER_DIGITS - 9} digits")
        return value, None
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # quantities refuse infinities and NaN
    if exponent < -NUMBER_SCALE or abs(value) >= _LARGEST:
        raise _unwritable(
            obs,
            column,
            f"{value} needs more than {NUMBER_SCALE} decimal places or "
            f"{NUMBER_DIGITS - NUMBER_SCALE} digits",
        )
    return value, exponent


def _unwritable(obs: Observation, column: str, why: str) -> InvalidValueError:
    return InvalidValueError(
        f"cannot be written to a table of observations without loss: {why}; "
        "write the observations as .json or .jsonl",
        where=f"observation[{obs.id}].{column}",
    )


def _ratio_text(obs: Observation, ratio: Ratio) -> str:
    """The ratio as the CSV format writes it, checked to read back unchanged."""
    text = ratio.format()
    try:
        back = parse_ratio(text, unit=ratio.denominator.unit.code)
    except DanvanError:
        back = None
    if back != ratio:
        raise _unwritable(obs, "value", f"the ratio {text!r} does not read back as {ratio!r}")
    return text


def rows_of(observations: Iterable[Observation]) -> dict[str, list[Any]]:
    """The columns of ``observations``, as lists of Python values.

    Raises:
        InvalidValueError: a figure does not fit the columns (too many digits or
            decimal places, a ratio its text cannot say).
    """
    columns: dict[str, list[Any]] = {name: [] for name, _ in COLUMNS}
    period_codes: dict[int, str] = {}  # loaders share period objects: code each once
    for obs in observations:
        figure = obs.value
        numbers: dict[str, Any] = dict.fromkeys(
            ("value", "lower", "upper", "lower_closed", "upper_closed", "ratio", "qualifier")
        )
        exponents: dict[str, int | None] = dict.fromkeys(("value", "lower", "upper"))
        if isinstance(figure, Ratio):
            numbers["ratio"] = _ratio_text(obs, figure)
            unit = figure.denominator.unit
        else:
            unit = figure.unit
            numbers["qualifier"] = figure.qualifier.value
            bounds = figure.bounds
            ends: tuple[tuple[str, int | Decimal | None], ...] = (
                ("value", figure.value),
                ("lower", bounds.lower),
                ("upper", bounds.upper),
            )
            for column, number in ends:
                if number is not None:
                    numbers[column], exponents[column] = _number(number, obs, column)
            numbers["lower_closed"] = bounds.lower_closed
            numbers["upper_closed"] = bounds.upper_closed
        period = period_codes.get(id(obs.period))
        if period is None and obs.period is not None:
            period = period_codes[id(obs.period)] = str(obs.period)
        for name, value in (
            ("id", obs.id),
            ("metric", obs.metric),
            ("unit", unit.code),
            ("period", period),
            ("place", obs.place),
            ("organisation", obs.organisation),
            ("source", obs.source),
            ("activity", obs.activity),
            ("disaggregation", obs.disaggregation),
            ("quote", obs.quote),
            ("note", obs.note),
            ("role", None if obs.role is Role.BODY else obs.role.value),
            *numbers.items(),
            *((f"{name}_exponent", e) for name, e in exponents.items()),
        ):
            columns[name].append(value)
    return columns


def arrow_table(observations: Iterable[Observation]) -> Any:
    """``observations`` as a `pyarrow.Table` in the flat observation schema.

    Columns of codes are dictionary-encoded, as Parquet files hold them.

    Raises:
        InvalidValueError: a figure does not fit the columns.
        DanvanError: pyarrow is not installed.
    """
    pa = pyarrow()
    schema = arrow_schema()
    columns = rows_of(observations)
    arrays = []
    for field in schema:
        array = pa.array(columns[field.name], type=field.type)
        arrays.append(array.dictionary_encode() if field.name in _CODES else array)
    return pa.Table.from_arrays(arrays, names=schema.names)


# -- reading rows --------------------------------------------------------------------------------


def check_schema(schema: Any, source: str) -> None:
    """Raise unless ``schema`` (a `pyarrow.Schema`) has the flat observation columns.

    Codes may be dictionary-encoded; numbers may be any decimal of at most
    `NUMBER_SCALE` places (or integers).

    Raises:
        InvalidValueError: a column is missing or of another type, naming ``source``.
    """
    pa = pyarrow()
    problems = []
    for name, kind in COLUMNS:
        if name not in schema.names:
            problems.append(f"no column {name!r}")
            continue
        found = schema.field(name).type
        if pa.types.is_dictionary(found):
            found = found.value_type
        fits = {
            "string": pa.types.is_string(found) or pa.types.is_large_string(found),
            "number": (pa.types.is_decimal(found) and found.scale <= NUMBER_SCALE)
            or pa.types.is_integer(found),
            "bool": pa.types.is_boolean(found),
            "int8": pa.types.is_integer(found),
        }[kind]
        if not fits:
            problems.append(f"column {name!r} is {found}, expected {kind}")
    if problems:
        raise InvalidValueError(
            f"not a table of observations ({'; '.join(problems)}); "
            f"the columns are {', '.join(name for name, _ in COLUMNS)}",
            where=source,
        )


def _read_number(stored: Any, exponent: int | None) -> int | Decimal:
    """A number from its column and its exponent (None: an int)."""
    number = Decimal(stored)
    with decimal.localcontext(prec=2 * NUMBER_DIGITS):
        if exponent is None:
            found: int | Decimal = int(number)
        else:
            found = number.quantize(Decimal(1).scaleb(exponent))
    if found != number:
        raise ValueError(f"{stored} has more digits than its exponent {exponent} allows")
    return found


def decode(columns: dict[str, list[Any]], catalogue: Catalogue) -> Iterator[Observation]:
    """The observations of rows given as columns of Python values (as `rows_of` makes them).

    Raises:
        InvalidValueError: a row does not describe a valid observation; the message
            names its id and column.
    """
    periods: dict[str, Period] = {}
    vocabulary = catalogue.vocabulary
    units: dict[str, Any] = {}
    for i, obs_id in enumerate(columns["id"]):
        column = "unit"
        try:
            code = columns["unit"][i]
            unit = units.get(code)
            if unit is None:
                unit = units[code] = vocabulary.unit(code)
            ratio = columns["ratio"][i]
            figure: Quantity | Ratio
            if ratio is not None:
                column = "ratio"
                figure = parse_ratio(ratio, unit=unit.code)
            else:
                column = "value"
                value, lower, upper = (
                    None
                    if columns[name][i] is None
                    else _read_number(columns[name][i], columns[f"{name}_exponent"][i])
                    for name in ("value", "lower", "upper")
                )
                column = "qualifier"
                qualifier = _QUALIFIERS[columns["qualifier"][i]]
                column = "lower"
                assert lower is not None, "the lower bound is required"
                bounds = Bounds(
                    lower=lower,
                    upper=upper,
                    lower_closed=columns["lower_closed"][i],
                    upper_closed=columns["upper_closed"][i],
                )
                column = "value"
                figure = Quantity(value=value, unit=unit, qualifier=qualifier, bounds=bounds)
            column = "period"
            text = columns["period"][i]
            period = None if text is None else periods.get(text)
            if period is None and text is not None:
                period = periods[text] = parse_period(text)
            column = "role"
            role = columns["role"][i]
            column = ""
            yield Observation(
                id=obs_id,
                metric=columns["metric"][i],
                value=figure,
                period=period,
                place=columns["place"][i],
                organisation=columns["organisation"][i],
                source=columns["source"][i],
                activity=columns["activity"][i],
                disaggregation=columns["disaggregation"][i] or "",
                quote=columns["quote"][i] or "",
                note=columns["note"][i] or "",
                role=_ROLES[role] if role else Role.BODY,
            )
        except (DanvanError, ValueError, TypeError, KeyError, AssertionError) as error:
            where = f"observation[{obs_id}]" + (f".{column}" if column else "")
            raise InvalidValueError(f"cannot read the row: {error}", where=where) from None


def decode_arrow(table: Any, catalogue: Catalogue) -> list[Observation]:
    """The observations of a `pyarrow.Table` (or record batch) in the flat schema."""
    columns = {name: table.column(name).to_pylist() for name, _ in COLUMNS}
    return list(decode(columns, catalogue))


# -- a table of observations -----------------------------------------------------------------

R = TypeVar("R")


def _records(values: Iterable[R], kind: type[R], where: str) -> tuple[R, ...]:
    """``values`` as a tuple, each checked to be a ``kind``."""
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise InvalidValueError(f"must be {kind.__name__} records", where=where)
    found = tuple(values)
    for i, value in enumerate(found):
        if not isinstance(value, kind):
            raise InvalidValueError(
                f"must be a {kind.__name__}, got {type(value).__name__}", where=f"{where}[{i}]"
            )
    return found


class ObservationTable:
    """Observations held as a table, with the catalogue and gazetteer their codes refer to.

    `danvan.aggregate` answers questions about it with a SQL engine (``"duckdb"`` by
    default, or ``"spark"``), which reads the rows where they are: no Python record is
    made of a row unless the reference engine must resolve its group (restatements, a
    whole beside its parts, overlapping periods) or it is left out and listed. The
    columns are the flat observation schema (`danvan.write_parquet` writes it); see the
    documentation page "Large data: Parquet, DuckDB and Spark".

    Build one with `danvan.read_parquet` (files), from a `pyarrow.Table` in the flat
    schema, from a Spark DataFrame (for the Spark engine: data a cluster holds), or from
    a dataset (`ObservationTable.from_dataset`). Its order (which the reference engine
    meets figures in) is the Arrow table's, the files' (in the order of their paths, each
    file's rows in order) or the DataFrame's.

    Args:
        source: A `pyarrow.Table` in the flat observation schema; a tuple of paths of
            Parquet files holding one (as `danvan.read_parquet` gives them); or a
            `pyspark.sql.DataFrame` with its columns.
        places: The gazetteer place codes refer to (none by default).
        catalogue: The metrics (the standard catalogue by default).
        organisations: The organisations figures name (none by default): a figure of an
            organisation above another holds the other's, as in a `Dataset`.
        sources: The sources figures name (none by default): a dated source bounds the
            figures whose period it does not state.

    Raises:
        InvalidValueError: the table lacks a column of the schema, or has one of
            another type.
        DanvanError: pyarrow is not installed.
    """

    def __init__(
        self,
        source: Any,
        *,
        places: Gazetteer | None = None,
        catalogue: Catalogue | None = None,
        organisations: Iterable[Organisation] = (),
        sources: Iterable[Source] = (),
    ) -> None:
        if places is not None and not isinstance(places, Gazetteer):
            raise InvalidValueError(
                f"must be a Gazetteer, got {type(places).__name__}", where="places"
            )
        if catalogue is not None and not isinstance(catalogue, Catalogue):
            raise InvalidValueError(
                f"must be a Catalogue, got {type(catalogue).__name__}", where="catalogue"
            )
        self.places: Gazetteer = places if places is not None else Gazetteer(())
        self.catalogue: Catalogue = catalogue if catalogue is not None else standard_catalogue()
        self.organisations: tuple[Organisation, ...] = _records(
            organisations, Organisation, "organisations"
        )
        self.sources: tuple[Source, ...] = _records(sources, Source, "sources")
        self.paths: tuple[str, ...] = ()
        self.arrow: Any = None
        self.frame: Any = None  # a Spark DataFrame
        if isinstance(source, tuple) and source and all(isinstance(p, str) for p in source):
            self.paths = source
        elif type(source).__module__.startswith("pyspark."):
            missing = [name for name, _ in COLUMNS if name not in source.columns]
            if missing:
                raise InvalidValueError(
                    f"not a table of observations: no column {', '.join(missing)}",
                    where="source",
                )
            self.frame = source
        else:
            pa = pyarrow()
            if not isinstance(source, pa.Table):
                raise InvalidValueError(
                    f"must be a pyarrow.Table or Parquet paths, got {type(source).__name__}",
                    where="source",
                )
            check_schema(source.schema, "source")
            self.arrow = source
        self._index: dict[Any, Any] = {}

    @classmethod
    def from_dataset(cls, data: Any) -> ObservationTable:
        """The observations of a `Dataset` as a table in memory (with its places, metrics,
        organisations and sources).

        Raises:
            InvalidValueError: a figure does not fit the columns (see `write_parquet`).
        """
        return cls(
            arrow_table(data.observations),
            places=data.places,
            catalogue=data.catalogue,
            organisations=data.organisations,
            sources=data.sources,
        )

    def __repr__(self) -> str:
        if self.paths:
            where = f"{len(self.paths)} Parquet file{'s' if len(self.paths) > 1 else ''}"
        else:
            where = "a Spark DataFrame" if self.frame is not None else "an Arrow table"
        return f"<ObservationTable: {where}>"

    def to_arrow(self) -> Any:
        """The whole table as a `pyarrow.Table` (files and DataFrames are read into memory)."""
        if self.arrow is not None:
            return self.arrow
        if self.frame is not None:
            return self.frame.toArrow()
        pa = pyarrow()
        parquet = importlib.import_module("pyarrow.parquet")
        return pa.concat_tables(
            [parquet.read_table(path) for path in self.paths], promote_options="permissive"
        )

    @property
    def observations(self) -> tuple[Observation, ...]:
        """Every row as an `Observation`, made on first read (the whole table in memory).

        The SQL engines never read it; the reference and numpy engines do.
        """
        found: tuple[Observation, ...] = self._cached(
            "observations", lambda: tuple(decode_arrow(self.to_arrow(), self.catalogue))
        )
        return found

    def select(self, *, metric: str) -> tuple[Observation, ...]:
        """The observations of ``metric``, in table order (as `Dataset.select` gives them)."""
        return tuple(o for o in self.observations if o.metric == metric)

    def lookup(self, kind: type[R], id: str) -> R:
        """The observation with ``id`` (the table holds no other records).

        One a SQL engine has read (to list it as left out, or reconcile it) is found at
        once; any other reads the whole table.

        Raises:
            UnknownReferenceError: there is no such observation.
            InvalidValueError: ``kind`` is not `Observation`.
        """
        if kind is not Observation:
            raise InvalidValueError(f"a table holds only observations, not {kind!r}", where="kind")
        read: dict[str, Observation] = self._cached("read", dict)
        found: Any = read.get(id)
        if found is None:
            found = next((o for o in self.observations if o.id == id), None)
        if found is None:
            raise UnknownReferenceError(f"no observation with id {id!r}")
        return found  # type: ignore[no-any-return]  # an Observation: ``kind`` is checked

    def read(self, observations: Iterable[Observation]) -> None:
        """Keep ``observations`` (rows an engine has read) for `lookup`."""
        found: dict[str, Observation] = self._cached("read", dict)
        found.update((o.id, o) for o in observations)

    def _cached(self, key: object, build: Callable[[], T]) -> T:
        """``build()``, made once and kept with the table (which never changes)."""
        if key not in self._index:
            self._index[key] = build()
        found: T = self._index[key]
        return found


# danvan imports this module on first use; the class says danvan.X however it is reached.
publish(ObservationTable)
