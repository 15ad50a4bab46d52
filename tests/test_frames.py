"""Pandas both ways: figures from a DataFrame by the rules of CSV, and frames with names,
typed periods and years as numbers."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd  # type: ignore[import-untyped]  # the test group installs no stubs
import pytest
from hypothesis import HealthCheck, given, settings

import danvan
from danvan import (
    Dataset,
    LoadError,
    Metric,
    Observation,
    Period,
    parse_period,
    parse_quantity,
    parse_ratio,
    standard_catalogue,
)


def _shared() -> Any:
    """The observation strategies of test_serialization.py (tests are not a package)."""
    name = "_danvan_tests_serialization"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, Path(__file__).with_name("test_serialization.py")
        )
        assert spec is not None
        assert spec.loader is not None
        sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[name])
    return sys.modules[name]


observation_lists = _shared().observation_lists
texts = _shared().texts
LAW = settings(suppress_health_check=[HealthCheck.too_slow])


def problems(frame: pd.DataFrame) -> list[str]:
    with pytest.raises(LoadError) as caught:
        danvan.from_pandas(frame)
    return [f"{p.where} | {p.message}" for p in caught.value.problems]


# -- from a frame ------------------------------------------------------------------------------


@LAW
@given(observation_lists(text=texts(control=False)))
def test_a_frame_of_observations_reads_back(observations: tuple[Observation, ...]) -> None:
    """from_pandas(Dataset(observations=obs).to_pandas()) holds obs again (for every list a
    table can hold: what CSV writes)."""
    frame = Dataset(observations=observations).to_pandas()
    assert observations == danvan.from_pandas(frame).observations


def test_vietnamese_column_names_and_place_names() -> None:
    """A frame headed "Chỉ tiêu", "Giá trị", "Kỳ", "Địa bàn" reads as a CSV file does."""
    frame = pd.DataFrame(
        {
            "Chỉ tiêu": ["tips", "surrendered.fireworks"],
            "Giá trị": ["gần 9.000", Decimal("2.50")],
            "Đơn vị tính": [None, "kg"],
            "Kỳ": ["2017/2021", "quý III/2021"],
            "Địa bàn": ["Nam Định", "366"],
        }
    )
    found = danvan.from_pandas(frame).observations
    assert [("DataFrame-0", "gần 9.000 tin", "36"), ("DataFrame-1", "2,50 kg", "366")] == [
        (o.id, str(o.value), o.place) for o in found
    ]


def test_typed_cells_are_read_as_typed() -> None:
    """Numbers, NaN (an empty cell), timestamps and pandas periods read as their values."""
    frame = pd.DataFrame(
        {
            "metric": ["tips", "tips", "tips"],
            "value": [8968.0, 12.0, float("nan")],
            "unit": ["tin", "tin", "tin"],
            "qualifier": [None, None, "range"],
            "bounds": [None, None, "[4; 5]"],
            "period": [pd.Period("2021Q3", freq="Q"), None, pd.Period("2021", freq="Y")],
            "start": [None, pd.Timestamp("2021-01-01"), None],
            "end": [None, dt.date(2021, 6, 30), None],
        }
    )
    found = danvan.from_pandas(frame).observations
    assert [("8.968 tin", "2021-Q3"), ("12 tin", "2021-H1"), ("từ 4 đến 5 tin", "2021")] == [
        (str(o.value), str(o.period)) for o in found
    ]


def test_problems_are_located_by_the_frames_own_labels() -> None:
    """Every problem of the frame comes together, at its row label and column."""
    frame = pd.DataFrame(
        {"metric": ["tips", "tips", "tips"], "value": ["1.5", "5", True], "period": ["2021"] * 3},
        index=["hn", "nd", "hp"],
    )
    found = problems(frame)
    assert ['row hn, column "value"', 'row hp, column "value"'] == [
        p.split(" | ")[0] for p in found
    ]
    assert found[1].endswith("a true/false cell (True) is not a figure, date or text")


def test_unknown_columns_are_problems() -> None:
    """A column the reader does not know is a problem, as in a CSV header."""
    frame = pd.DataFrame({"metric": ["tips"], "value": [5], "period": ["2021"], "x": [1]})
    assert ['column "x" | unknown column'] == [p[:27] for p in problems(frame)]


def test_only_frames_are_read() -> None:
    """Anything else than a DataFrame is refused, naming the argument."""
    with pytest.raises(danvan.InvalidValueError, match="frame"):
        danvan.from_pandas([{"metric": "tips"}])


# -- to a frame --------------------------------------------------------------------------------


def test_a_datasets_frame_has_names_and_years(seed: Dataset) -> None:
    """Dataset.to_pandas gives metric and place names beside their codes, and the year of a
    one-year period as a number."""
    frame = Dataset(
        places=seed.places,
        observations=[
            Observation(
                id="a", metric="tips", value=parse_quantity("5 tin"), period=Period.year(2021),
                place="366",
            ),
            Observation(
                id="b", metric="tips", value=parse_quantity("9 tin"),
                period=parse_period("2017/2021"), place="36",
            ),
        ],
    ).to_pandas()  # fmt: skip
    assert ["Hải Hậu", "Nam Định"] == list(frame["place_name"])
    assert ["tin có giá trị do quần chúng cung cấp"] * 2 == list(frame["metric_name"])
    assert [2021, None] == list(frame["year"])


def test_a_stated_percent_keeps_its_columns_and_reads_back() -> None:
    """A percentage stated alone ("khoảng 70% hộ dân") has its percent, qualifier and base
    as columns, and reads back as itself, not as "at least 0 households"."""
    catalogue = standard_catalogue().extended(
        Metric(code="pledges", name_vi="cam kết", name_en="pledges", unit="household")
    )
    rate = Observation(
        id="p", metric="pledges", value=parse_ratio("khoảng 70% hộ dân"),
        period=parse_period("2023"), place="36",
    )  # fmt: skip
    frame = Dataset(catalogue=catalogue, observations=[rate]).to_pandas()
    assert (Decimal(70), "about", "hộ dân") == tuple(
        frame.loc[0, ["percent", "percent_qualifier", "base"]]
    )
    assert (rate,) == danvan.from_pandas(frame, catalogue=catalogue).observations


def test_a_results_frame_has_names_numbers_and_dates(seed: Dataset) -> None:
    """AggregationResult.to_pandas: place names beside codes, years as numbers, quarters with
    their first and last day and year."""
    data = Dataset(
        places=seed.places,
        observations=[
            Observation(
                id=f"q{q}", metric="tips", value=parse_quantity(f"{q} tin"),
                period=Period.quarter(2021, q), place="366",
            )
            for q in (1, 3)
        ],
    )  # fmt: skip
    by_year = data.aggregate("tips", period=Period.year(2021), by="province,year")
    frame = by_year.to_pandas(dataset=data)
    columns = ("province", "province_name", "year", "value_point")
    assert [("36", "Nam Định", 2021, 4)] == list(zip(*(frame[c] for c in columns), strict=True))
    by_quarter = data.aggregate("tips", period=Period.year(2021), by="quarter").to_pandas()
    assert ["2021-Q1", "2021-Q3"] == list(by_quarter["quarter"])
    assert [dt.date(2021, 7, 1), dt.date(2021, 9, 30), 2021] == [
        by_quarter["quarter_start"][1],
        by_quarter["quarter_end"][1],
        by_quarter["quarter_year"][1],
    ]


def test_names_come_from_the_nation_without_a_dataset() -> None:
    """Without the dataset, national codes are named from the national gazetteer."""
    data = Dataset(
        places=danvan.national_gazetteer(),
        observations=[
            Observation(
                id="a", metric="tips", value=parse_quantity("5 tin"), period=Period.year(2021),
                place="01",
            )
        ],
    )  # fmt: skip
    frame = data.aggregate("tips", period=Period.year(2021), by="province").to_pandas()
    assert ["Hà Nội"] == list(frame["province_name"])
