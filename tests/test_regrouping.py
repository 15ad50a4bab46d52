"""Figures grouped by today's map say so: a note naming the units merged, in result and report."""

from __future__ import annotations

import pendulum
import pytest

from danvan import (
    Dataset,
    Observation,
    Period,
    Report,
    national_gazetteer,
    parse_date,
    parse_quantity,
    seed_gazetteer,
)

ENGINES = ["reference", "columnar"]


def tips(id: str, place: str, year: int, text: str = "10 tin") -> Observation:
    return Observation(
        id=id, metric="tips", value=parse_quantity(text), period=Period.year(year), place=place
    )


@pytest.fixture(scope="module")
def provinces() -> Dataset:
    """Tips of Nam Định (36) and Hà Nam (35) in 2021-2022, and of Hà Nội (01)."""
    return Dataset(
        places=national_gazetteer(),
        observations=[
            tips("nd-2021", "36", 2021),
            tips("nd-2022", "36", 2022),
            tips("hn-2022", "35", 2022, "7 tin"),
            tips("hanoi-2022", "01", 2022),
        ],
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_figures_grouped_by_todays_map_name_the_merged_units(
    provinces: Dataset, engine: str
) -> None:
    """By province and year as of 2026, 2021-2022 figures of Nam Định and Hà Nam total under
    Ninh Bình, and the result names both merged units."""
    result = provinces.aggregate(
        "tips", by="province,year", as_of=pendulum.Date(2026, 1, 1), engine=engine
    )
    assert "17 tin" == str(result.row(province="37", year="2022").value)
    assert (("35", "37"), ("36", "37")) == result.regrouped
    (note,) = result.notes
    assert note.endswith("Hà Nam (35), Nam Định (36) now lie in Ninh Bình (37)")
    assert note.in_("vi").endswith("Hà Nam (35), Nam Định (36) nay thuộc Ninh Bình (37)")  # type: ignore[attr-defined]  # notes carry their Vietnamese


def test_no_note_when_the_map_is_the_figures_own(provinces: Dataset) -> None:
    """As of the end of 2022 the provinces are as the figures knew them: nothing to say."""
    result = provinces.aggregate("tips", by="province", as_of=pendulum.Date(2022, 12, 31))
    assert ((), ()) == (result.regrouped, result.notes)


def test_no_note_without_place_groups(provinces: Dataset) -> None:
    """A total by year alone groups no places, so no place is regrouped."""
    result = provinces.aggregate("tips", by="year", as_of=pendulum.Date(2026, 1, 1))
    assert () == result.regrouped


def test_only_figures_that_count_are_named(provinces: Dataset) -> None:
    """Asked about 2021 only, Hà Nam's 2022 figure does not count and is not named."""
    result = provinces.aggregate(
        "tips", period=Period.year(2021), by="province", as_of=pendulum.Date(2026, 1, 1)
    )
    assert (("36", "37"),) == result.regrouped


def test_a_place_limit_is_regrouped_too(provinces: Dataset) -> None:
    """Limited to Ninh Bình as of 2026, Nam Định's figures count and are named."""
    result = provinces.aggregate(
        "tips", period=Period.year(2021), place="37", as_of=pendulum.Date(2026, 1, 1)
    )
    assert "10 tin" == str(result.rows[0].value)
    assert (("36", "37"),) == result.regrouped


def test_a_unit_ended_within_the_period_is_regrouped(provinces: Dataset) -> None:
    """A 2025 figure of Nam Định (which ended on 30 June 2025) is Nam Định's on its own map,
    though the year ends after the merger."""
    data = Dataset(places=national_gazetteer(), observations=[tips("nd-2025", "36", 2025)])
    result = data.aggregate("tips", period=Period.year(2025), by="province")
    assert (("36", "37"),) == result.regrouped


def test_districts_roll_up_named_by_their_old_province() -> None:
    """A district's figure regrouped at the province level names its old province."""
    data = Dataset(places=seed_gazetteer(), observations=[tips("hh", "366", 2021)])
    result = data.aggregate("tips", by="province", as_of=parse_date("1-1-2026"))
    assert (("36", "37"),) == result.regrouped


def test_the_report_says_so(provinces: Dataset) -> None:
    """The report of a regrouped answer shows the note among its facts, in its language."""
    result = provinces.aggregate("tips", by="province", as_of=pendulum.Date(2026, 1, 1))
    vi = Report.from_aggregation(result, dataset=provinces).to_table()
    en = Report.from_aggregation(result, dataset=provinces, lang="en").to_table()
    assert "Lưu ý: Số liệu được nhóm theo địa giới hành chính ngày 1-1-2026" in vi
    assert "Note: Figures are grouped by the map of 2026-01-01" in en


@pytest.mark.parametrize("engine", ENGINES)
def test_a_place_without_a_unit_on_its_own_map_is_regrouped_from_itself(engine: str) -> None:
    """A 2026 figure of the ward Tĩnh Gia (formed in 2025, when districts ended), asked by
    district as of 2023, counts under Nghi Sơn (407), and the result says so."""
    data = Dataset(places=national_gazetteer(), observations=[tips("w", "16561N", 2026)])
    result = data.aggregate("tips", by="district", as_of=pendulum.Date(2023, 12, 31), engine=engine)
    assert ["407"] == [row.key("district") for row in result]
    assert (("16561N", "407"),) == result.regrouped
    (note,) = result.notes
    assert note.endswith("Tĩnh Gia (16561N) now lies in Nghi Sơn (407)")
