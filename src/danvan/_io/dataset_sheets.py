"""Observations as a pivot-ready sheet: one figure a row, typed, with names and dates.

The sheet a workbook of observations carries beside the one danvan reads back
("observations"): for the analyst's own pivots and charts. Its cells are typed: the
figure's value, lower and upper bound are numbers, the period's first and last day
dates, its year a number; the metric and the place keep their codes beside their names,
and each place its province on the figure's own map (as of its period's end).
Nothing here is read back: edit the "observations" sheet.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

from danvan._io.sheets import Sheet, SheetColumn, SheetValue
from danvan._lang import Text
from danvan._metrics import Catalogue, standard_catalogue
from danvan._national import national_gazetteer
from danvan._observations import Observation
from danvan._places import Gazetteer, Level
from danvan._quantity import QUALIFIER_NAMES

__all__ = ["PIVOT_COLUMNS", "pivot_sheet"]

PIVOT_COLUMNS: tuple[tuple[str, Text, str], ...] = (
    ("id", Text("Mã số liệu", "Id"), "text"),
    ("metric", Text("Mã chỉ tiêu", "Metric code"), "text"),
    ("metric_name", Text("Chỉ tiêu", "Metric"), "text"),
    ("place", Text("Mã địa bàn", "Place code"), "text"),
    ("place_name", Text("Địa bàn", "Place"), "text"),
    ("province", Text("Mã tỉnh", "Province code"), "text"),
    ("province_name", Text("Tỉnh", "Province"), "text"),
    ("period", Text("Kỳ", "Period"), "text"),
    ("start", Text("Từ ngày", "From"), "date"),
    ("end", Text("Đến ngày", "To"), "date"),
    ("year", Text("Năm", "Year"), "number"),
    ("point", Text("Giá trị", "Value"), "number"),
    ("lower", Text("Cận dưới", "Lower bound"), "number"),
    ("upper", Text("Cận trên", "Upper bound"), "number"),
    ("qualifier", Text("Mức chắc chắn", "Qualifier"), "text"),
    ("unit", Text("Đơn vị tính", "Unit"), "text"),
    ("value", Text("Số liệu (ghi bằng chữ)", "Figure as written"), "text"),
    ("organisation", Text("Tổ chức", "Organisation"), "text"),
    ("source", Text("Nguồn", "Source"), "text"),
    ("activity", Text("Hoạt động", "Activity"), "text"),
    ("disaggregation", Text("Phân tổ", "Breakdown"), "text"),
    ("note", Text("Ghi chú", "Note"), "text"),
)
"""The columns of the pivot sheet: key, label, kind."""


def _date(day: _dt.date | None) -> _dt.date | None:
    return None if day is None else _dt.date(day.year, day.month, day.day)


class _Places:
    """Names and provinces of place codes, from the dataset's places, else the nation's."""

    def __init__(self, places: Gazetteer | None) -> None:
        self.own = places
        self.national: Gazetteer | None = None

    def gazetteer(self, code: str) -> Gazetteer | None:
        if self.own is not None and code in self.own:
            return self.own
        if self.national is None:
            self.national = national_gazetteer()
        return self.national if code in self.national else None

    def name_and_province(
        self, code: str | None, day: _dt.date | None
    ) -> tuple[str | None, str | None, str | None]:
        """The place's name, and its province on ``day`` (none when the period is not
        stated: which map the figure belongs to is not known)."""
        if code is None:
            return None, None, None
        gazetteer = self.gazetteer(code)
        if gazetteer is None:
            return None, None, None
        if day is None:
            return gazetteer.get(code).name, None, None
        province = gazetteer.ancestor_at(code, Level.PROVINCE, as_of=day)
        if province is None:
            return gazetteer.get(code).name, None, None
        return gazetteer.get(code).name, province.code, province.name


def pivot_sheet(
    observations: Iterable[Observation],
    *,
    catalogue: Catalogue | None = None,
    places: Gazetteer | None = None,
    lang: str = "vi",
) -> Sheet:
    """The observations as a pivot-ready sheet (named "Dữ liệu", or "Data" in English).

    Args:
        observations: The figures.
        catalogue: Names of metrics (the standard catalogue by default).
        places: Names of places (else the national gazetteer's, for its codes).
        lang: The language of labels, qualifiers, units and texts.
    """
    catalogue = catalogue or standard_catalogue()
    names = _Places(places)
    rows: list[list[SheetValue]] = []
    for obs in observations:
        q = obs.quantity
        period = obs.period
        start = None if period is None else period.start
        end = None if period is None else period.end
        day = end if end is not None else start
        place_name, province, province_name = names.name_and_province(obs.place, day)
        metric = catalogue.get(obs.metric).name(lang) if obs.metric in catalogue else None
        year = (
            start.year if start is not None and end is not None and end.year == start.year else None
        )
        rows.append(
            [
                obs.id,
                obs.metric,
                metric,
                obs.place,
                place_name,
                province,
                province_name,
                None if period is None else str(period),
                _date(start),
                _date(end),
                year,
                q.point,
                q.bounds.lower,
                q.bounds.upper,
                QUALIFIER_NAMES[q.qualifier].in_(lang),
                q.unit.label(q.point if q.point is not None else 2, lang=lang),
                obs.value.format(lang=lang),
                obs.organisation,
                obs.source,
                obs.activity,
                obs.disaggregation or None,
                obs.note or None,
            ]
        )
    columns = [SheetColumn(key=k, label=t.in_(lang), kind=kind) for k, t, kind in PIVOT_COLUMNS]
    return Sheet(name="Dữ liệu" if lang == "vi" else "Data", columns=columns, rows=rows)
