"""The DuckDB engine: questions answered by DuckDB, embedded in the process.

It needs the ``duckdb`` extra (``pip install 'danvan[duckdb]'``: duckdb and pyarrow),
imported on first use. Each dataset or table gets one in-memory DuckDB connection, kept
with it; the observations are a relation of that connection: the Arrow table of a
`Dataset` (made once) or of an `ObservationTable`, or its Parquet files, which DuckDB
reads where they are, a column at a time, without loading them whole.

How a question becomes SQL, and which groups the reference engine answers, is
`danvan._aggregate.tables`'s business; this module only connects.
"""

from __future__ import annotations

import importlib
from typing import Any

from danvan._aggregate.rules import Data
from danvan._aggregate.sql import DUCKDB, Dialect, Traits, derived_sql
from danvan._aggregate.tables import SqlEngine
from danvan._observation_table import ObservationTable, arrow_table, pyarrow
from danvan.errors import DanvanError, InvalidValueError

__all__ = ["ENGINE", "DuckDB", "with_positions"]

_OBSERVATIONS = "danvan_observations"
_FILE_SHIFT = 1 << 40  # a file's rows are numbered after every row of the files before


def _duckdb() -> Any:
    try:
        return importlib.import_module("duckdb")
    except ImportError:
        raise DanvanError("the DuckDB engine needs duckdb: pip install 'danvan[duckdb]'") from None


def with_positions(table: Any) -> Any:
    """An Arrow table with a ``pos`` column numbering its rows (the table order)."""
    pa = pyarrow()
    return table.append_column("pos", pa.array(range(table.num_rows), type=pa.int64()))


def _literal(text: str) -> str:
    """A SQL string literal (DuckDB's rules: a quote is doubled)."""
    return "'" + text.replace("'", "''") + "'"


class _Connection:
    """A DuckDB connection holding one table of observations."""

    dialect: Dialect = DUCKDB
    observations = _OBSERVATIONS
    rows: str | None  # the files' rows, as SQL (None: in memory)

    def __init__(self, data: Data) -> None:
        duckdb = _duckdb()
        if isinstance(data, ObservationTable) and data.frame is not None:
            raise InvalidValueError(
                "a table held as a Spark DataFrame is answered by the Spark engine "
                "(engine='spark')",
                where="engine",
            )
        self.connection = duckdb.connect()
        name = self.dialect.name
        if isinstance(data, ObservationTable) and data.paths:
            files = ", ".join(_literal(path) for path in data.paths)
            # Read where they are, at each question. Table order: the files in order,
            # then each file's rows in order.
            rows = (
                f"(SELECT * EXCLUDE ({name('filename')}, {name('file_row_number')}), "
                f"CAST((list_position([{files}], {name('filename')}) - 1) * {_FILE_SHIFT} "
                f"+ {name('file_row_number')} AS BIGINT) AS {name('pos')} "
                f"FROM read_parquet([{files}], filename = true, file_row_number = true))"
            )
            self.rows = rows
            self.connection.execute(f"CREATE VIEW {_OBSERVATIONS} AS {derived_sql(DUCKDB, rows)}")
        else:
            self.rows = None
            # In memory: what each figure adds to a total is worked out once, by the SQL
            # that works it out for files, and kept beside the table.
            source = data.arrow if isinstance(data, ObservationTable) else None
            if source is None:
                source = arrow_table(data.observations)
            rows = with_positions(source)
            self.connection.register("danvan_source", rows)
            derived = self.run(
                f"SELECT {name('bits')}, {name('zero')}, {name('tally')} FROM "
                f"({derived_sql(DUCKDB, 'danvan_source')}) d ORDER BY {name('pos')}"
            )
            self.connection.unregister("danvan_source")
            # Kept as Arrow: DuckDB joins and groups its dictionary-encoded codes faster
            # than its own copy of them.
            for column in ("bits", "zero", "tally"):
                rows = rows.append_column(column, derived.column(column))
            self.connection.register(_OBSERVATIONS, rows)

    def run(self, sql: str) -> Any:
        return self.connection.sql(sql).to_arrow_table()

    def register(self, name: str, table: Any) -> None:
        self.connection.register(name, table)

    def unregister(self, name: str) -> None:
        self.connection.unregister(name)

    def narrow(self, traits: Traits) -> None:
        if self.rows is not None:  # files: their view reads only what it needs
            derived = derived_sql(DUCKDB, self.rows, traits)
            self.connection.execute(f"CREATE OR REPLACE VIEW {_OBSERVATIONS} AS {derived}")
        # In memory, each figure's traits were worked out once.


class DuckDB(SqlEngine):
    """The DuckDB engine (``engine="duckdb"``)."""

    name = "duckdb"
    dialect = DUCKDB

    def backend(self, data: Data) -> _Connection:
        """The DuckDB connection holding ``data``'s observations, made once per data."""
        found: _Connection = data._cached(("duckdb", "connection"), lambda: _Connection(data))
        return found


ENGINE = DuckDB()
