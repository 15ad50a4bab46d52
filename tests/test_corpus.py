"""Report passages recorded through the public API: what they hold, find and total.

``tests/corpus/`` holds report passages written for these tests in the style of
provincial police, Front, Party board and mass-organisation reports (the figures are
invented), each recorded figure by figure through the public API. The first ten are
consistent sources: validation finds nothing in them. The others carry deliberate flaws,
and validation finds each flaw once.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from danvan import Dataset, Dimension, Observation, Ratio, Role
from danvan import serialization as ser

CORPUS = Path(__file__).parent / "corpus"


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    if spec is None or spec.loader is None:  # pragma: no cover - a missing passage file
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    return module


PASSAGES = {path.stem: _load(path) for path in sorted(CORPUS.glob("passage_*.py"))}
CONSISTENT = [name for name, module in PASSAGES.items() if not module.FINDINGS]


def build(name: str) -> Dataset:
    dataset: Dataset = PASSAGES[name].build()
    return dataset


def everything() -> list[Observation]:
    return [o for name in PASSAGES for o in build(name).observations]


def test_the_corpus_has_consistent_and_flawed_passages() -> None:
    """Ten consistent passages, and flawed ones beside them."""
    assert (13, 10) == (len(PASSAGES), len(CONSISTENT))


@pytest.mark.parametrize("name", PASSAGES)
def test_validation_finds_exactly_each_flaw(name: str) -> None:
    """No finding on a consistent source; every flaw of a flawed one, once."""
    found = sorted((f.code, f.record) for f in build(name).validate())
    assert sorted(PASSAGES[name].FINDINGS) == found


@pytest.mark.parametrize("name", PASSAGES)
def test_every_figure_quotes_its_source(name: str) -> None:
    """Each figure keeps the source's exact words, and they are in the passage."""
    text = PASSAGES[name].TEXT
    for observation in build(name).observations:
        assert observation.quote, observation.id
        assert observation.quote in text, observation.id


@pytest.mark.parametrize("engine", ["reference", "columnar"])
@pytest.mark.parametrize("name", PASSAGES)
def test_every_passage_totals_as_it_says(name: str, engine: str) -> None:
    """The totals each passage states (restatements once, wholes over their parts,
    rates and figures of no period listed apart) by both engines."""
    dataset = build(name)
    question: dict[str, Any]
    for question, expected in PASSAGES[name].TOTALS:
        result = dataset.aggregate(**question, engine=engine)
        assert expected == tuple(str(row.value) for row in result.rows), question


def test_the_passages_use_the_vocabulary_of_reports() -> None:
    """Counting words of many kinds, among them words a user registered."""
    units = {o.quantity.unit.code for o in everything()}
    assert {
        "team",  # tổ
        "household",  # hộ
        "session",  # buổi
        "meeting",  # cuộc
        "class",  # lớp
        "squad",  # đội
        "member",  # thành viên
        "association_member",  # hội viên
        "officer",  # CBCS
        "organisation",  # cơ quan, đơn vị
        "gift",  # suất quà, phần quà
        "qua",  # đầu đạn
        "union_cell",  # registered by the user: tổ hội
        "checkpoint",  # registered by the user: chốt
        "comrade_house",  # registered by the user: nhà đồng đội
    } <= units


def test_the_passages_measure_every_new_dimension() -> None:
    """Lengths of time, areas, volumes, lengths, labour, mass and money, beside counts."""
    dimensions = {o.quantity.dimension for o in everything()}
    assert {
        Dimension.DURATION,
        Dimension.AREA,
        Dimension.VOLUME,
        Dimension.LENGTH,
        Dimension.LABOUR,
        Dimension.MASS,
        Dimension.MONEY,
        Dimension.PERSONS,
        Dimension.PARTICIPATIONS,
    } <= dimensions


def test_the_passages_state_numbers_in_words_and_magnitudes() -> None:
    """ "hai nghìn", "hai mươi nghìn" and "hàng chục nghìn" are among the quotes."""
    quotes = " | ".join(o.quote for o in everything())
    for words in ("hai nghìn tờ rơi", "hai mươi nghìn cây", "hàng chục nghìn lượt"):
        assert words in quotes


def test_the_passages_state_periods_in_every_form() -> None:
    """Halves, months, quarters, years, spans, days, day ranges, "to date", phases, and no
    period at all."""
    periods = {o.period for o in everything()}
    codes = {str(p) for p in periods if p is not None}
    assert {
        "2023-H1",  # 6 tháng đầu năm 2023
        "2023-06-30",  # tính đến ngày 30-6-2023
        "2022-01-01/2022-10-05",  # từ đầu năm đến nay
        "2022-09-03/2022-09-07",  # từ ngày 3 đến 7/9
        "2022-09",  # tháng 9, the last September before the report
        "2023-03",  # tháng 3/2023
        "2016-01-01/2021-03-15",  # trong 5 năm từ 2016 đến nay
        "2018-12-31",  # đến cuối năm 2018
        "2018/2022",  # giai đoạn 2018-2022
        "2021-Q3",  # quý III/2021
        "2021 (đợt 2)",  # a named phase
        "2021-07-09/2021-10-08 (qua 3 tháng triển khai)",
        "2023-08-19",  # ngày 19/8
        "2023-05",  # trong tháng 5
        "2022",  # năm 2022
    } <= codes
    assert None in periods


def test_the_passages_restate_break_down_and_rate() -> None:
    """Headlines and leads restating the body, labelled parts under a whole, organisations
    at one place, and percentages stated alone."""
    observations = everything()
    assert {Role.BODY, Role.HEADLINE, Role.SUMMARY} <= {o.role for o in observations}
    assert any(o.disaggregation for o in observations)
    rates = [o for o in observations if isinstance(o.value, Ratio) and not o.value.has_figures]
    assert 5 <= len(rates)
    spots: dict[tuple[object, ...], set[str | None]] = {}
    for o in observations:
        spots.setdefault((o.source, o.metric, o.place, o.period), set()).add(o.organisation)
    assert any(len(orgs - {None}) >= 2 for orgs in spots.values())


# -- every figure through every file format --------------------------------------------------


@pytest.mark.parametrize("name", PASSAGES)
def test_every_passage_round_trips_through_a_json_document(name: str, tmp_path: Path) -> None:
    """load(dump(ds)) == ds: figures, periods not stated, roles and the units a passage
    registers travel with the dataset."""
    dataset = build(name)
    path = tmp_path / "passage.json"
    ser.dump(dataset, path)
    assert dataset == ser.load(path)


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".xlsx"])
@pytest.mark.parametrize("name", PASSAGES)
def test_every_figure_round_trips_through_observation_files(
    name: str, suffix: str, tmp_path: Path
) -> None:
    """Every observation comes back equal from JSON Lines, CSV and a workbook, read with the
    passage's catalogue (its metrics, and the units it registers)."""
    dataset = build(name)
    path = tmp_path / f"passage{suffix}"
    ser.dump_observations(dataset.observations, path, catalogue=dataset.catalogue)
    assert dataset.observations == ser.load_observations(path, catalogue=dataset.catalogue)
