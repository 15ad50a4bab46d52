"""Parquet files and tables of observations: every observation reads back as it was."""

from __future__ import annotations

import tempfile
from pathlib import Path

import attrs
import pendulum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from danvan import (
    Dataset,
    Gazetteer,
    Level,
    Observation,
    ObservationTable,
    Organisation,
    Period,
    Place,
    Query,
    Role,
    Source,
    aggregate,
    parse_quantity,
    parse_ratio,
    read_parquet,
    write_parquet,
)
from danvan.strategies import datasets

STATED_RATES = ("khoảng 40% hộ dân", "85%", "trên 12,5% số hộ", "gần 100%", "0%")


@st.composite
def any_datasets(draw: st.DrawFn) -> Dataset:
    """Datasets of either kind the strategies draw (consistent ones name organisations
    and state roles; others break rules), some figures made percentages stated alone."""
    dataset = draw(
        st.one_of(
            datasets(min_observations=1, max_observations=12),
            datasets(consistent=False, min_observations=1, max_observations=12),
        )
    )
    observations = [
        attrs.evolve(
            o,
            value=parse_ratio(draw(st.sampled_from(STATED_RATES))),
        )
        if draw(st.integers(0, 4)) == 0
        else o
        for o in dataset.observations
    ]
    return attrs.evolve(dataset, observations=observations)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(dataset=any_datasets())
def test_law_parquet_files_hold_every_observation_as_it_was(dataset: Dataset) -> None:
    """Law: write_parquet then read_parquet gives back every observation unchanged (roles,
    organisations, periods not stated, stated percentages, Decimal digits and bounds), in
    order."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "obs.parquet"
        write_parquet(dataset, path)
        table = read_parquet(path, places=dataset.places, catalogue=dataset.catalogue)
        assert dataset.observations == table.observations


@given(dataset=any_datasets())
def test_law_a_table_of_a_dataset_holds_its_observations(dataset: Dataset) -> None:
    """Law: a dataset's observations as an Arrow table read back unchanged, and the table
    keeps the dataset's organisations and sources."""
    table = ObservationTable.from_dataset(dataset)
    assert dataset.observations == table.observations
    assert (dataset.organisations, dataset.sources) == (table.organisations, table.sources)


PLACES = Gazetteer([Place(code="1", name="Một", level=Level.PROVINCE)])
ORGANISATIONS = (
    Organisation(id="ca", name="Công an tỉnh", kind="police"),
    Organisation(id="ca-h", name="Công an huyện", kind="police", parent="ca"),
)
SOURCES = (Source(id="bao", title="Tin", date=pendulum.Date(2020, 6, 30)),)


def figure(id: str, text: str, organisation: str | None, period: Period | None) -> Observation:
    """A figure of tips in province 1, from the dated source."""
    return Observation(
        id=id,
        metric="tips",
        value=parse_quantity(text),
        period=period,
        place="1",
        organisation=organisation,
        source="bao",
    )


DATASET = Dataset(
    places=PLACES,
    organisations=ORGANISATIONS,
    sources=SOURCES,
    observations=[
        figure("tinh", "100 tin", "ca", Period.year(2021)),
        figure("huyen", "40 tin", "ca-h", Period.year(2021)),
        figure("cu", "7 tin", "ca", None),  # its source's date puts it before 2021
        attrs.evolve(figure("tieu-de", "100 tin", "ca", Period.year(2021)), role=Role.HEADLINE),
    ],
)


def test_a_parquet_file_read_with_its_organisations_and_sources_answers_as_its_dataset() -> None:
    """A table read back with the dataset's organisations and sources gets the dataset's
    answer: the district police's figure is part of the province's, and a figure whose
    period is not stated lies before the question by its source's date."""
    question = Query(metric="tips", period=Period.year(2021))
    expected = aggregate(DATASET, question, engine="reference")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "obs.parquet"
        write_parquet(DATASET, path)
        table = read_parquet(path, places=PLACES, organisations=ORGANISATIONS, sources=SOURCES)
        actual = aggregate(table, question)
    assert "100 tin" == str(expected.rows[0].value)
    assert () == expected.excluded
    assert expected == actual


def test_a_table_without_its_organisations_and_sources_says_what_it_cannot_tell() -> None:
    """Without organisations, the district police's figure adds to the province's (they
    are told apart); without the source's date, a figure with no period is listed as left
    out: the table knows only what it is given."""
    table = ObservationTable.from_dataset(DATASET)
    bare = ObservationTable(table.arrow, places=PLACES)
    question = Query(metric="tips", period=Period.year(2021))
    actual = aggregate(bare, question, engine="duckdb")
    assert "140 tin" == str(actual.rows[0].value)
    assert [("cu", "period-not-stated")] == [(e.observation, e.code) for e in actual.excluded]
    assert aggregate(bare, question, engine="reference") == actual
