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
from danvan._aggregate.sql import DUCKDB, Dialect
from danvan._aggregate.tables import SqlEngine
from danvan._observation_table import ObservationTable, arrow_table, pyarrow
from danvan.errors import DanvanError, InvalidValueError

__all__ = ["ENGINE", "DuckDB", "with_positions"]

_OBSERVATIONS = "danvan_observations"


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

    def __init__(self, data: Data) -> None:
        duckdb = _duckdb()
        if isinstance(data, ObservationTable) and data.frame is not None:
            raise InvalidValueError(
                "a table held as a Spark DataFrame is answered by the Spark engine "
                "(engine='spark')",
                where="engine",
            )
        self.connection = duckdb.connect()
        if isinstance(data, ObservationTable) and data.paths:
            files = ", ".join(_literal(path) for path in data.paths)
            # Table order: the files in order, then each file's rows in order.
            self.connection.execute(
                f"CREATE VIEW {_OBSERVATIONS} AS SELECT * EXCLUDE (filename, file_row_number), "
                f"CAST((list_position([{files}], filename) - 1) * 1099511627776 "
                f"+ file_row_number AS BIGINT) AS pos "
                f"FROM read_parquet([{files}], filename = true, file_row_number = true)"
            )
        else:
            source = data.arrow if isinstance(data, ObservationTable) else None
            if source is None:
                source = arrow_table(data.observations)
            self.connection.register(_OBSERVATIONS, with_positions(source))

    def run(self, sql: str) -> Any:
        return self.connection.sql(sql).to_arrow_table()

    def register(self, name: str, table: Any) -> None:
        self.connection.register(name, table)

    def unregister(self, name: str) -> None:
        self.connection.unregister(name)


class DuckDB(SqlEngine):
    """The DuckDB engine (``engine="duckdb"``)."""

    name = "duckdb"
    dialect = DUCKDB

    def backend(self, data: Data) -> _Connection:
        """The DuckDB connection holding ``data``'s observations, made once per data."""
        found: _Connection = data._cached(("duckdb", "connection"), lambda: _Connection(data))
        return found


ENGINE = DuckDB()
