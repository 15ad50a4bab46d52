"""The seed article as a dataset: every fact recorded with its unit and qualifier."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from danvan import Dataset, Observation, Qualifier, Quantity, Ratio

# The article, kept in the repository so that the tests need nothing outside it.
SEED_TEXT = Path(__file__).parent / "data" / "seed" / "000_768c0945d9ac2b1c.txt"


FACTS = [
    # (observation id, metric, value, unit code, qualifier)
    ("models-dan-van-kheo", "models", 52, "model", Qualifier.EXACT),
    ("exemplars-dan-van-kheo", "exemplars.individuals", 33, "individual", Qualifier.EXACT),
    ("regular-police-per-commune", "police.regular.per_commune", 5, "officer", Qualifier.AT_LEAST),
    ("tips", "tips", 9000, "tin", Qualifier.NEARLY),
    ("bombs", "surrendered.bombs", 3, "qua", Qualifier.EXACT),
    ("shells", "surrendered.shells", 1, "qua", Qualifier.EXACT),
    ("grenades", "surrendered.grenades", 31, "qua", Qualifier.EXACT),
    ("detonators", "surrendered.detonators", 12, "kip", Qualifier.EXACT),
    ("explosive-mass", "surrendered.explosive_mass", 180, "gram", Qualifier.EXACT),
    ("guns", "surrendered.guns", 153, "khau", Qualifier.EXACT),
    ("rounds", "surrendered.rounds", 3089, "vien", Qualifier.EXACT),
    ("grenades-again", "surrendered.grenades", 1, "qua", Qualifier.EXACT),
    ("rudimentary-weapons", "surrendered.rudimentary_weapons", 428, "weapon", Qualifier.EXACT),
    ("support-tools", "surrendered.support_tools", 355, "tool", Qualifier.EXACT),
    ("blood-turns", "blood.turns", 3100, "turn", Qualifier.MORE_THAN),
]


@pytest.mark.parametrize(("obs_id", "metric", "value", "unit", "qualifier"), FACTS)
def test_each_figure_keeps_unit_and_qualifier(
    seed: Dataset, obs_id: str, metric: str, value: int, unit: str, qualifier: Qualifier
) -> None:
    """Each figure of the article is held with its metric, number, unit and qualifier."""
    obs = seed.lookup(Observation, obs_id)
    assert isinstance(obs.value, Quantity)
    assert (metric, value, unit, qualifier) == (
        obs.metric,
        obs.value.value,
        obs.value.unit.code,
        obs.value.qualifier,
    )
    assert "2017/2021" == str(obs.period)


def test_quotes_are_the_articles_words(seed: Dataset) -> None:
    """Every quote appears verbatim in the article (NFC)."""
    import unicodedata

    article = unicodedata.normalize("NFC", SEED_TEXT.read_text(encoding="utf-8"))
    for obs in seed.observations:
        assert obs.quote in article, obs.id


def test_coverage_ratio_agrees(seed: Dataset) -> None:
    """204/204 = 100% is a ratio whose stated percentage agrees."""
    value = seed.lookup(Observation, "regular-police-coverage").value
    assert isinstance(value, Ratio)
    assert (204, 204, True) == (
        value.numerator.value,
        value.denominator.value,
        value.percent_agrees,
    )


def test_named_models_and_hosts(seed: Dataset) -> None:
    """All 14 named models are held; public-service ones name their host unit."""
    from danvan import CommunityModel

    assert 14 == len(seed.models)
    assert "csqlhc" == seed.lookup(CommunityModel, "tiep-dan-nhu-khach-quy").host
    assert ("365",) == seed.lookup(CommunityModel, "hai-khong").places


def test_directive_and_drives(seed: Dataset) -> None:
    """The legal basis and the charity drives are recorded."""
    from danvan import CharityDrive, Document

    directive = seed.lookup(Document, "09-ct-bca")
    assert ("09/CT-BCA", "2016-11-01", "Bộ Công an") == (
        directive.number,
        str(directive.date),
        directive.issuer,
    )
    blood = seed.lookup(CharityDrive, "hien-mau")
    assert 3 == len(blood.programmes)
    assert ("blood-turns",) == tuple(o.id for o in seed.contributions("hien-mau"))


def test_seed_validates_without_findings(seed: Dataset, seed_example: ModuleType) -> None:
    """The seed is consistent: no finding at all, the grenade entries being labelled apart."""
    report = seed.validate(seed_example.RULES)
    assert () == report.findings, str(report)
