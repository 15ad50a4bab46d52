"""Parquet files of observations: the flat observation schema, written and read back.

`write_parquet` writes observations (only: not the organisations, sources or places
they name) in the flat observation schema
(`danvan._observation_table`): one row a figure, the figure spread over typed columns
(value, bounds, qualifier, unit), codes dictionary-encoded. `read_parquet` checks files
against that schema and returns an `ObservationTable`, which the SQL engines read where
it lies: nothing is loaded until a question needs it. Both need pyarrow (the ``duckdb``
or ``spark`` extra), imported on first use.
"""

from __future__ import annotations

import importlib
import itertools
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from danvan._metrics import Catalogue
from danvan._observation_table import (
    ObservationTable,
    arrow_schema,
    arrow_table,
    check_schema,
    pyarrow,
)
from danvan._observations import Observation, Source
from danvan._organisations import Organisation
from danvan._places import Gazetteer
from danvan.errors import DanvanError, InvalidValueError

__all__ = ["read_parquet", "write_parquet"]

_BATCH = 200_000  # observations made into columns at a time


def _parquet() -> Any:
    pyarrow()  # says which extra to install, if none is
    return importlib.import_module("pyarrow.parquet")


def write_parquet(
    data: Any,
    path: str | Path,
) -> None:
    """Write observations to a Parquet file in the flat observation schema.

    Every figure reads back exactly (its qualifier, bounds and Decimal digits), and
    any tool that reads Parquet sees plain typed columns: see the page "Large data:
    Parquet, DuckDB and Spark" for the schema. Observations are made into columns a
    batch at a time.

    Args:
        data: A `Dataset`, an `ObservationTable`, or observations (any iterable: a
            generator never needs to fit in memory).
        path: The file to write (replaced if it exists).

    Raises:
        InvalidValueError: a figure does not fit the columns (more than 9 decimal places
            or 29 digits, a ratio its text cannot state); the file is left as it was.
        DanvanError: pyarrow is not installed, or the file cannot be written.

    >>> import danvan, pathlib, tempfile
    >>> seed = danvan.load("examples/nam_dinh_2017_2021.json")
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> danvan.write_parquet(seed, folder / "seed.parquet")
    >>> table = danvan.read_parquet(folder / "seed.parquet", places=seed.places)
    >>> question = danvan.Query(metric="tips", period=danvan.Period.years(2017, 2021))
    >>> str(danvan.aggregate(table, question).rows[0].value)
    'gần 9.000 tin'
    """
    parquet = _parquet()
    target = Path(path)
    if isinstance(data, ObservationTable):
        _write(parquet, target, iter([data.to_arrow()]))
        return
    observations = data.observations if hasattr(data, "observations") else data
    if not isinstance(observations, Iterable):
        raise InvalidValueError(
            f"must be a Dataset, an ObservationTable or observations, got {type(data).__name__}",
            where="data",
        )
    _write(parquet, target, _batches(iter(observations)))


def _batches(observations: Iterator[Any]) -> Iterator[Any]:
    """Arrow tables of the observations, a batch at a time."""
    while batch := list(itertools.islice(observations, _BATCH)):
        for obs in batch:
            if not isinstance(obs, Observation):
                raise InvalidValueError(
                    f"must be an Observation, got {type(obs).__name__}", where="data"
                )
        yield arrow_table(batch)


def _write(parquet: Any, target: Path, tables: Iterator[Any]) -> None:
    """Write the tables to a file beside ``target``, then put it in its place: a failure
    halfway leaves ``target`` as it was."""
    pa = pyarrow()
    partial = target.with_name(f".{target.name}.partial")
    try:
        first = next(tables, None)
        schema = arrow_schema() if first is None else first.schema
        with parquet.ParquetWriter(str(partial), schema) as writer:
            if first is not None:
                writer.write_table(first)
            for table in tables:
                writer.write_table(table.cast(schema) if table.schema != schema else table)
        partial.replace(target)
    except (OSError, pa.ArrowException) as error:
        raise DanvanError(f"cannot write {target}: {error}") from None
    finally:
        partial.unlink(missing_ok=True)


def read_parquet(
    path: str | Path | Sequence[str | Path],
    *,
    places: Gazetteer | None = None,
    catalogue: Catalogue | None = None,
    organisations: Iterable[Organisation] = (),
    sources: Iterable[Source] = (),
) -> ObservationTable:
    """The observations of Parquet files, as a table the SQL engines read where it lies.

    Only the files' schemas are read here; `danvan.aggregate` reads the columns a
    question needs. Files written by `write_parquet`, or by any tool that writes the
    flat observation schema, may be read together.

    Args:
        path: A file, a directory (its ``*.parquet`` files at any depth), a glob
            pattern (``"obs/2021-*.parquet"``), or a list of those.
        places: The gazetteer the place codes refer to.
        catalogue: The metrics (the standard catalogue by default).
        organisations: The organisations figures name: which one's work holds which
            (the files hold observations only; none by default).
        sources: The sources figures name: a dated source bounds figures whose period
            it does not state (none by default).

    Returns:
        The table, in the order of the files' paths (sorted), each file's rows in order.

    Raises:
        InvalidValueError: no file is found, or a file lacks a column of the schema or
            holds one of another type (the message names the file).
        DanvanError: pyarrow is not installed, or a file is not Parquet.
    """
    parquet = _parquet()
    pa = pyarrow()
    paths = parquet_paths(path)
    for file in paths:
        try:
            schema = parquet.read_schema(file)
        except (OSError, pa.ArrowException) as error:
            raise DanvanError(f"cannot read {file} as Parquet: {error}") from None
        check_schema(schema, file)
    return ObservationTable(
        paths, places=places, catalogue=catalogue, organisations=organisations, sources=sources
    )


def parquet_paths(path: str | Path | Sequence[str | Path]) -> tuple[str, ...]:
    """The Parquet files ``path`` names: a file, a directory (its ``*.parquet`` files, at any
    depth), a glob pattern, or a list of those; sorted.

    Raises:
        InvalidValueError: a path does not exist, or no file is found.
    """
    items = [path] if isinstance(path, str | Path) else list(path)
    found: set[str] = set()
    for item in items:
        p = Path(item)
        if any(ch in str(item) for ch in "*?["):
            root = Path(p.anchor) if p.is_absolute() else Path()
            pattern = str(p.relative_to(p.anchor)) if p.is_absolute() else str(p)
            found.update(str(f) for f in root.glob(pattern) if f.is_file())
        elif p.is_dir():
            found.update(str(f) for f in p.rglob("*.parquet") if f.is_file())
        elif p.is_file():
            found.add(str(p))
        else:
            raise InvalidValueError(f"no such file or directory: {str(item)!r}", where="path")
    if not found:
        raise InvalidValueError(f"no Parquet file found at {str(path)!r}", where="path")
    return tuple(sorted(found))
