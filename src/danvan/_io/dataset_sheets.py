"""Observations as a pivot-ready sheet: one figure a row, typed, with names and dates.

The sheet a workbook of observations carries beside the one danvan reads back
("observations"): for the analyst's own pivots and charts. Its cells are typed: the
figure's value, lower and upper bound are numbers, the period's first and last day
dates, its year a number; the metric and the place keep their codes beside their names,
and each place its province on the figure's own map (as of its period's end).
Nothing here is read back: edit the "observations" sheet.

A pivot must not count a figure twice: a province's "Tổng cộng" row holds its districts'
figures, a year's figure its quarters', a headline restates its body. Each row says
whether a total counts it ("Tính vào tổng"): not when another row of the sheet holds its
events ("Nằm trong dòng", their ids), by the rule aggregation links a whole to its parts
(`danvan._breakdown.covers`), or when it restates a row stated the same way (same
metric, place, organisation, period and label). Summing only the rows a total counts, one
metric at a time (the unit column says what each counts), counts every event once.
"""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal

from danvan._breakdown import Actors, covers
from danvan._io.sheets import Sheet, SheetColumn, SheetValue
from danvan._lang import Text
from danvan._metrics import Aggregation, Catalogue, standard_catalogue
from danvan._national import national_gazetteer
from danvan._observations import ROLE_WORDS, Observation
from danvan._organisations import Organisation
from danvan._places import Gazetteer, Level
from danvan._quantity import QUALIFIER_NAMES
from danvan._ratio import Ratio

__all__ = ["PIVOT_COLUMNS", "pivot_sheet"]

PIVOT_COLUMNS: tuple[tuple[str, Text, str], ...] = (
    ("id", Text("Mã số liệu", "Id"), "text"),
    ("metric", Text("Mã chỉ tiêu", "Metric code"), "text"),
    ("metric_name", Text("Chỉ tiêu", "Metric"), "text"),
    ("place", Text("Mã địa bàn", "Place code"), "text"),
    ("place_name", Text("Địa bàn", "Place"), "text"),
    ("level", Text("Cấp địa bàn", "Place level"), "text"),
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
    ("denominator", Text("Mẫu số", "Denominator"), "number"),
    ("percent", Text("Tỷ lệ nêu (%)", "Stated percent"), "number"),
    ("percent_qualifier", Text("Mức chắc chắn của tỷ lệ", "Percent qualifier"), "text"),
    ("base", Text("Tỷ lệ trên", "Percent of"), "text"),
    ("value", Text("Số liệu (ghi bằng chữ)", "Figure as written"), "text"),
    ("counted", Text("Tính vào tổng", "Counted in a total"), "text"),
    ("within", Text("Nằm trong dòng", "Within rows"), "text"),
    ("role", Text("Vai trò", "Role"), "text"),
    ("organisation", Text("Tổ chức", "Organisation"), "text"),
    ("source", Text("Nguồn", "Source"), "text"),
    ("activity", Text("Hoạt động", "Activity"), "text"),
    ("disaggregation", Text("Phân tổ", "Breakdown"), "text"),
    ("note", Text("Ghi chú", "Note"), "text"),
)
"""The columns of the pivot sheet: key, label, kind."""


_LEVELS = {
    Level.PROVINCE: Text("tỉnh", "province"),
    Level.DISTRICT: Text("huyện", "district"),
    Level.COMMUNE: Text("xã", "commune"),
}
_YES_NO = (Text("có", "yes"), Text("không", "no"))


def _whole(number: Decimal | None) -> int | Decimal | None:
    """A Decimal without decimals as an int: a number cell, not text ("70" of "70%")."""
    if number is None:
        return None
    exponent = number.as_tuple().exponent
    return int(number) if isinstance(exponent, int) and exponent >= 0 else number


def _qualifier(ratio: Ratio, lang: str) -> str:
    return QUALIFIER_NAMES[ratio.qualifier].in_(lang)


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

    def chain(self, code: str | None) -> tuple[str | None, ...]:
        """``code`` and the codes of the places above it."""
        gazetteer = None if code is None else self.gazetteer(code)
        if gazetteer is None or code is None:
            return (code,)
        return (code, *(p.code for p in gazetteer.ancestors(code)))

    def level(self, code: str | None, lang: str) -> str | None:
        gazetteer = None if code is None else self.gazetteer(code)
        if gazetteer is None or code is None:
            return None
        return _LEVELS[gazetteer.get(code).level].in_(lang)


def within(
    observations: Sequence[Observation],
    catalogue: Catalogue,
    places: _Places,
    actors: Actors,
) -> list[list[str]]:
    """For each figure, the ids of the other figures that hold its events: a whole that
    covers it (`danvan._breakdown.covers`, its metric and place the same or above), or an
    earlier figure it restates (the same `Observation.key`)."""
    by_place: dict[tuple[str, str | None], list[Observation]] = defaultdict(list)
    first: dict[tuple[object, ...], Observation] = {}
    for obs in observations:
        by_place[(obs.metric, obs.place)].append(obs)
    found: list[list[str]] = []
    for obs in observations:
        holders: list[str] = []
        same = first.setdefault(obs.key, obs)
        if same is not obs:
            holders.append(same.id)
        known = obs.metric in catalogue
        metrics = [obs.metric, *(m.code for m in catalogue.ancestors(obs.metric))] if known else []
        chain = places.chain(obs.place)
        if known and catalogue.get(obs.metric).aggregation is Aggregation.MINIMUM:
            metrics, chain = metrics[:1], chain[:1]  # a minimum holds everywhere
        for metric in metrics:
            how = catalogue.get(metric).aggregation
            for place in chain:
                holders.extend(
                    w.id
                    for w in by_place.get((metric, place), ())
                    if w is not obs and covers(w, obs, how, actors)
                )
        found.append(list(dict.fromkeys(holders)))
    return found


def pivot_sheet(
    observations: Iterable[Observation],
    *,
    catalogue: Catalogue | None = None,
    places: Gazetteer | None = None,
    organisations: Iterable[Organisation] = (),
    lang: str = "vi",
) -> Sheet:
    """The observations as a pivot-ready sheet (named "Dữ liệu", or "Data" in English).

    Args:
        observations: The figures.
        catalogue: Names of metrics (the standard catalogue by default).
        places: Names of places (else the national gazetteer's, for its codes).
        organisations: Which organisation is above which (a figure of the one above
            holds those below it).
        lang: The language of labels, qualifiers, units and texts.
    """
    catalogue = catalogue or standard_catalogue()
    names = _Places(places)
    items = tuple(observations)
    holders = within(items, catalogue, names, Actors(organisations))
    rows: list[list[SheetValue]] = []
    for obs, held in zip(items, holders, strict=True):
        ratio = obs.value if isinstance(obs.value, Ratio) else None
        stated = None if ratio is None else ratio.stated_percent
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
                names.level(obs.place, lang),
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
                None if ratio is None else ratio.denominator.point,
                _whole(stated),
                None if ratio is None or stated is None else _qualifier(ratio, lang),
                None if ratio is None else ratio.base or None,
                obs.value.format(lang=lang),
                _YES_NO[1 if held else 0].in_(lang),
                ", ".join(held) or None,
                ROLE_WORDS[obs.role].in_(lang),
                obs.organisation,
                obs.source,
                obs.activity,
                obs.disaggregation or None,
                obs.note or None,
            ]
        )
    columns = [SheetColumn(key=k, label=t.in_(lang), kind=kind) for k, t, kind in PIVOT_COLUMNS]
    return Sheet(name="Dữ liệu" if lang == "vi" else "Data", columns=columns, rows=rows)
