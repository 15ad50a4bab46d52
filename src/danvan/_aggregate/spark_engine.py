"""The Spark engine: questions answered by Spark SQL, locally or on a cluster.

It needs the ``spark`` extra (``pip install 'danvan[spark]'``: pyspark and pyarrow),
imported on first use, and a Java runtime. It runs the same SQL text as the DuckDB
engine (`danvan._aggregate.sql`, with Spark's dialect), so a ministry running Spark gets
the rows a laptop running DuckDB gets.

The session is the active `SparkSession` (create one for your cluster first); without
one, a local session is started. The observations are a temporary view of that session:
the Arrow table of a `Dataset` or of an `ObservationTable`, or its Parquet files, which
Spark reads where they are (any path Spark reads: ``hdfs://``, ``s3a://``...).
"""

from __future__ import annotations

import importlib
import itertools
import warnings
from typing import Any

from danvan._aggregate.rules import Data
from danvan._aggregate.sql import SPARK, Dialect, Traits, derived_sql
from danvan._aggregate.tables import SqlEngine
from danvan._observation_table import ObservationTable, arrow_table, pyarrow
from danvan.errors import DanvanError

__all__ = ["ENGINE", "Spark", "session"]

_VIEWS = itertools.count()
# Row positions: a file's index, shifted past any row number a Parquet file reaches.
_FILE_SHIFT = 1 << 40


def _pyspark_sql() -> Any:
    try:
        return importlib.import_module("pyspark.sql")
    except ImportError:
        raise DanvanError("the Spark engine needs pyspark: pip install 'danvan[spark]'") from None


def session() -> Any:
    """The active `SparkSession`, or a local one started now."""
    spark = _pyspark_sql()
    active = spark.SparkSession.getActiveSession()
    if active is not None:
        return active
    return (
        spark.SparkSession.builder.master("local[2]")
        .appName("danvan aggregation")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )


def _frame(spark: Any, table: Any) -> Any:
    """A Spark DataFrame of an Arrow table."""
    with warnings.catch_warnings():
        # pyspark checks the pandas version even for Arrow input; danvan passes none.
        warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")
        return spark.createDataFrame(table)


class _Session:
    """A Spark session holding one table of observations, as a temporary view."""

    dialect: Dialect = SPARK

    def __init__(self, data: Data) -> None:
        self.spark = session()
        functions = importlib.import_module("pyspark.sql.functions")
        self.observations = f"danvan_observations_{next(_VIEWS)}"
        if isinstance(data, ObservationTable) and data.frame is not None:
            # Its own order: partitions in order, each partition's rows in order.
            frame = data.frame.select("*", functions.monotonically_increasing_id().alias("pos"))
        elif isinstance(data, ObservationTable) and data.paths:
            frames = [
                self.spark.read.parquet(path).select(
                    "*",
                    (functions.lit(i * _FILE_SHIFT) + functions.col("_metadata.row_index")).alias(
                        "pos"
                    ),
                )
                for i, path in enumerate(data.paths)
            ]
            frame = frames[0]
            for other in frames[1:]:
                frame = frame.unionByName(other)
        else:
            source = data.arrow if isinstance(data, ObservationTable) else None
            if source is None:
                source = arrow_table(data.observations)
            pa = pyarrow()
            source = source.append_column("pos", pa.array(range(source.num_rows), type=pa.int64()))
            frame = _frame(self.spark, source)
        self.base = f"{self.observations}_rows"
        frame.createOrReplaceTempView(self.base)
        self.spark.sql(derived_sql(SPARK, self.base)).createOrReplaceTempView(self.observations)

    def run(self, sql: str) -> Any:
        return self.spark.sql(sql).toArrow()

    def register(self, name: str, table: Any) -> None:
        _frame(self.spark, table).createOrReplaceTempView(name)

    def unregister(self, name: str) -> None:
        self.spark.catalog.dropTempView(name)

    def narrow(self, traits: Traits) -> None:
        derived = derived_sql(SPARK, self.base, traits)
        self.spark.sql(derived).createOrReplaceTempView(self.observations)


class Spark(SqlEngine):
    """The Spark engine (``engine="spark"``)."""

    name = "spark"
    dialect = SPARK

    def backend(self, data: Data) -> _Session:
        """The Spark view of ``data``'s observations, made once per data."""
        found: _Session = data._cached(("spark", "session"), lambda: _Session(data))
        return found


ENGINE = Spark()
