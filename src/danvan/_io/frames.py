"""Figures already in a pandas DataFrame, read as a table of observations.

A frame is read as a CSV file is (`danvan._io.csv_observations`): one observation a row,
its columns named in English or Vietnamese ("metric" or "Chỉ tiêu"), figures, periods and places as
reports write them, every problem of the frame reported together in one `LoadError`,
located at its row (by the frame's index) and column. Cells may be typed as pandas
types them: integers, floats (an integral one is an int, any other the `Decimal` of its
shortest text), `Decimal`, dates and timestamps at midnight, pandas periods; NaN, None,
NaT and pd.NA are empty cells.

A frame written by `Dataset.to_pandas` (in Vietnamese, its default) reads back equal:
the columns it derives from each figure (``point``, ``lower``, ``upper``, their
``_closed`` flags, ``qualifier``, the denominator's, a ratio's stated ``percent``, its
``percent_qualifier`` and ``base``, the names and the year) are not
read as columns of their own, since the figure's text (``value``) says them; bounds a
figure states beside its text are kept.
"""

from __future__ import annotations

import datetime as _dt
import math
from decimal import Decimal
from typing import Any

import attrs
import pendulum

from danvan._cells import pandas
from danvan._dataset import Dataset
from danvan._io import csv_observations
from danvan._lang import message_of
from danvan._metrics import Catalogue, standard_catalogue
from danvan._observations import Observation
from danvan._places import Level
from danvan._quantity import Bounds, Quantity
from danvan._ratio import Ratio
from danvan.errors import DanvanError, InvalidValueError, LoadError, Problem

__all__ = ["DERIVED", "from_pandas"]

DERIVED = frozenset(
    {
        "point",
        "lower",
        "upper",
        "lower_closed",
        "upper_closed",
        "qualifier",
        "denominator",
        "denominator_qualifier",
        "percent",
        "percent_qualifier",
        "base",
        "metric_name",
        "place_name",
        "year",
    }
)
"""The columns `Dataset.to_pandas` derives from each figure (read as that figure's)."""
_SIGNATURE = frozenset({"point", "lower", "upper", "value"})


def _period_text(value: Any) -> str:
    """A pandas Period as danvan writes periods: 2021, 2021-Q3, 2021-07."""
    freq = str(getattr(value, "freqstr", "")).upper()
    if freq.startswith(("Q", "BQ")):
        return f"{value.year}-Q{value.quarter}"
    if freq.startswith("M"):
        return f"{value.year}-{value.month:02d}"
    if freq.startswith(("Y", "A", "BY", "BA")):
        return str(value.year)
    return str(value)


def _cell(value: Any, pd: Any) -> csv_observations.Cell | None:
    """A frame's cell as the row reader takes it (None: empty).

    Raises:
        InvalidValueError: a true/false, a time of day, or a value of another type.
    """
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        raise InvalidValueError(csv_observations.bad_cell(value, "bool"))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) or type(value).__name__.startswith(("int", "uint")):
        return int(value)
    if isinstance(value, float) or type(value).__name__.startswith("float"):
        number = float(value)
        if math.isnan(number):
            return None
        if not math.isfinite(number):
            raise InvalidValueError(csv_observations.bad_cell(number, "infinite"))
        return int(number) if number.is_integer() else Decimal(repr(number))
    if isinstance(value, pd.Period):
        return _period_text(value)
    if isinstance(value, _dt.datetime):
        if value.time() != _dt.time(0, 0):
            raise InvalidValueError(csv_observations.bad_cell(value, "datetime"))
        return pendulum.Date(value.year, value.month, value.day)
    if isinstance(value, _dt.date):
        return pendulum.Date(value.year, value.month, value.day)
    raise InvalidValueError(csv_observations.bad_cell(value, "other"))


def _structured(
    cells: dict[str, csv_observations.Cell], derived: dict[str, Any], pd: Any
) -> dict[str, csv_observations.Cell] | None:
    """The cells of a `Dataset.to_pandas` row with its figure as numbers, qualifier and
    bounds (what its text may not say: "from more than 4"), or None for a ratio."""
    if _cell(derived.get("denominator_qualifier"), pd) is not None:
        return None  # a ratio: its text says all (a percentage stated alone has no point)
    point = _cell(derived.get("point"), pd)
    low = _cell(derived.get("lower"), pd)
    high = _cell(derived.get("upper"), pd)
    qualifier = _cell(derived.get("qualifier"), pd)
    if not isinstance(low, int | Decimal) or not isinstance(high, int | Decimal | None):
        return None
    bounds = Bounds(
        lower=low,
        upper=high,
        lower_closed=bool(derived.get("lower_closed", True)),
        upper_closed=high is None or bool(derived.get("upper_closed", True)),
    )
    structured = {k: v for k, v in cells.items() if k != "value"}
    structured["value"] = "" if point is None else point
    structured["qualifier"] = "" if qualifier is None else qualifier
    structured["bounds"] = csv_observations.format_bounds(bounds)
    return structured


def _read_row(
    cells: dict[str, csv_observations.Cell],
    derived: dict[str, Any],
    default_id: str,
    catalogue: Catalogue,
    pd: Any,
    level: Level | None = None,
) -> Observation:
    """The observation of a row: from its cells; for a row `Dataset.to_pandas` wrote, from
    its figure's text if that says all its numbers do, else from the numbers.

    Raises:
        RowError: the row's problems (of its text, when its numbers do not read either).
    """
    try:
        found = csv_observations.observation_from_cells(
            cells, default_id=default_id, catalogue=catalogue, level=level
        )
    except csv_observations.RowError as error:
        refused: csv_observations.RowError | None = error
        found = None
    else:
        refused = None
    if not derived:
        if found is None:
            assert refused is not None
            raise refused
        return found
    stated = _stated(cells, derived, catalogue, pd)
    if stated is not None and (found is None or found.value != stated):
        # The text may not say it alone: "70% hộ dân" of figures counted in communes.
        cells = {k: v for k, v in cells.items() if k != "unit"} | {"value": 0, "unit": "item"}
        try:
            bare = csv_observations.observation_from_cells(
                cells, default_id=default_id, catalogue=catalogue, level=level
            )
        except csv_observations.RowError:
            bare = None
        if bare is not None:
            return attrs.evolve(bare, value=stated)
    structured = _structured(cells, derived, pd)
    if structured is None or (found is not None and _same_bounds(found, structured)):
        if found is None:
            assert refused is not None
            raise refused
        return found
    try:
        return csv_observations.observation_from_cells(
            structured, default_id=default_id, catalogue=catalogue, level=level
        )
    except csv_observations.RowError:
        if found is None:
            assert refused is not None
            raise refused from None
        return found


def _stated(
    cells: dict[str, csv_observations.Cell], derived: dict[str, Any], catalogue: Catalogue, pd: Any
) -> Ratio | None:
    """The percentage a `Dataset.to_pandas` row states alone, from its columns (None: the
    row holds no such percentage, or its columns do not make one)."""
    percent = _cell(derived.get("percent"), pd)
    if not isinstance(percent, int | Decimal) or _cell(derived.get("denominator"), pd) is not None:
        return None
    if _cell(derived.get("denominator_qualifier"), pd) is None:
        return None
    qualifier = _cell(derived.get("percent_qualifier"), pd)
    base = _cell(derived.get("base"), pd)
    unit = cells.get("unit")
    try:
        return Ratio.stated(
            percent,
            qualifier=qualifier if isinstance(qualifier, str) else "exact",
            base=base if isinstance(base, str) else "",
            unit=catalogue.vocabulary.unit(unit) if isinstance(unit, str) else "item",
        )
    except DanvanError:
        return None


def _same_bounds(found: Observation, structured: dict[str, csv_observations.Cell]) -> bool:
    """Whether the figure read from its text has the bounds its numbers state."""
    return isinstance(found.value, Quantity) and csv_observations.format_bounds(
        found.value.bounds
    ) == structured.get("bounds")


def from_pandas(
    frame: Any, *, catalogue: Catalogue | None = None, source: str = "DataFrame"
) -> Dataset:
    """The observations of a `pandas.DataFrame`, one a row, in a `Dataset`.

    Args:
        frame: The frame; its columns named as a CSV file's (English or Vietnamese).
        catalogue: The metrics the figures measure (the standard catalogue by default).
        source: Names the frame in problems and in the ids given to rows without one
            (``DataFrame-3`` for the row labelled 3).

    Returns:
        A dataset of the observations, with ``catalogue`` and no places of its own.

    Raises:
        LoadError: every problem of the frame, each at ``row LABEL, column "name"``.
        DanvanError: pandas is not installed.
        InvalidValueError: ``frame`` is not a DataFrame.
    """
    pd = pandas()
    if not isinstance(frame, pd.DataFrame):
        raise InvalidValueError(
            f"must be a pandas DataFrame, got {type(frame).__name__}", where="frame"
        )
    catalogue = catalogue or standard_catalogue()
    names = [str(name) for name in frame.columns]
    to_pandas = _SIGNATURE <= set(names)
    read = [n for n in names if not (to_pandas and n in DERIVED)]
    columns, header_problems = csv_observations.header(read)
    if header_problems:
        raise LoadError(
            source,
            [
                Problem(f'column "{read[i]}"' if i >= 0 else "columns", message)
                for i, message in header_problems
            ],
        )
    by_name = dict(zip(read, columns, strict=True))
    level = csv_observations.header_level(read, columns)
    problems: list[Problem] = []
    found: list[Observation] = []
    first: dict[str, object] = {}
    for label, *values in frame.itertuples(index=True, name=None):
        where = f"row {label}"
        cells: dict[str, csv_observations.Cell] = {}
        derived: dict[str, Any] = {}
        unread = len(problems)
        for name, value in zip(names, values, strict=True):
            column = by_name.get(name)
            if column is None:
                derived[name] = value
                continue
            try:
                cell = _cell(value, pd)
            except InvalidValueError as error:
                problems.append(Problem(f'{where}, column "{name}"', message_of(error)))
                continue
            if cell is not None:
                cells[column] = cell
        if len(problems) > unread:
            continue  # a cell that cannot be read: that alone is said of the row
        if not any(
            (isinstance(c, str) and c.strip()) or not isinstance(c, str) for c in cells.values()
        ):
            continue  # an empty row
        try:
            obs = _read_row(
                cells, derived if to_pandas else {}, f"{source}-{label}", catalogue, pd, level
            )
        except csv_observations.RowError as error:
            problems.extend(
                Problem(f'{where}, column "{column}"' if column else where, message)
                for column, message in error.problems
            )
            continue
        except InvalidValueError as error:  # a derived cell of another type
            problems.append(Problem(where, message_of(error)))
            continue
        if obs.id in first:
            problems.append(
                Problem(
                    f'{where}, column "id"',
                    csv_observations.id_used_again(obs.id, f"row {first[obs.id]}"),
                )
            )
            continue
        first[obs.id] = label
        found.append(obs)
    if problems:
        raise LoadError(source, problems)
    return Dataset(catalogue=catalogue, observations=found)
