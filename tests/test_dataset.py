"""The dataset: immutable records, indexed look-ups and simple queries."""

from __future__ import annotations

import pendulum
import pytest

from danvan import (
    Campaign,
    Dataset,
    InvalidValueError,
    Observation,
    Source,
    UnknownReferenceError,
    parse_period,
    parse_quantity,
    seed_gazetteer,
)
from danvan._dataset import REPR_FIGURES


def obs(id: str, place: str = "36", period: str = "2021", metric: str = "tips") -> Observation:
    return Observation(
        id=id,
        metric=metric,
        value=parse_quantity("5 tin"),
        period=parse_period(period),
        place=place,
        source="s",
    )


def test_duplicate_ids_are_refused_all_at_once() -> None:
    """Two records of one kind with the same id cannot be indexed: every clash is listed."""
    with pytest.raises(InvalidValueError) as info:
        Dataset(observations=[obs("a"), obs("a"), obs("b"), obs("b")])
    assert "observation id 'a' is used 2 times" in str(info.value)
    assert "observation id 'b' is used 2 times" in str(info.value)


def test_wrong_record_types_are_located() -> None:
    """A stray object in a collection is refused with its index."""
    with pytest.raises(InvalidValueError, match=r"dataset\.observations\[1\]"):
        Dataset(observations=[obs("a"), "not an observation"])  # type: ignore[list-item]  # deliberately wrong


def test_lookup_by_type_and_id() -> None:
    """lookup finds a record by its type and id, or raises naming both."""
    ds = Dataset(sources=[Source(id="s", title="t")], observations=[obs("a")])
    assert "a" == ds.lookup(Observation, "a").id
    with pytest.raises(UnknownReferenceError, match="no campaign with id 'x'"):
        ds.lookup(Campaign, "x")


def test_select_by_metric_place_and_period() -> None:
    """select filters by metric (and sub-metrics), place (and below) and period."""
    ds = Dataset(
        places=seed_gazetteer(),
        observations=[
            obs("p"),
            obs("d", place="366"),
            obs("y", period="2019"),
            obs("g", metric="surrendered.grenades"),
        ],
    )
    assert ("p", "d", "y") == tuple(o.id for o in ds.select(metric="tips"))
    assert ("d",) == tuple(o.id for o in ds.select(place="366"))
    assert ("p", "d", "g") == tuple(o.id for o in ds.select(within=parse_period("2020/2021")))
    assert ("g",) == tuple(o.id for o in ds.select(metric="surrendered", include_submetrics=True))


def test_contributions_of_a_drive(seed: Dataset) -> None:
    """A drive's figures are the observations naming it; unknown ids raise."""
    assert ("blood-turns",) == tuple(o.id for o in seed.contributions("hien-mau"))
    with pytest.raises(UnknownReferenceError):
        seed.contributions("nowhere")


def test_dataset_is_immutable(seed: Dataset) -> None:
    """Records cannot be reassigned; attrs.evolve makes a new, re-checked dataset."""
    import attrs

    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        seed.title = "x"  # type: ignore[misc]  # deliberately forbidden
    with pytest.raises(InvalidValueError):
        attrs.evolve(seed, observations=(*seed.observations, seed.observations[0]))


def test_seed_target_attainment(seed: Dataset) -> None:
    """'At least 5 officers per commune' is certainly met by the seed's figure."""
    (result,) = seed.attainment("cong-an-xa-chinh-quy")
    assert result.check is not None
    assert ("certain", "possible") == (result.check.met.value, result.check.exceeded.value)
    assert ("regular-police-per-commune",) == result.observations


def test_target_without_figures_is_missing_not_zero() -> None:
    """A target whose metric has no figures gets no actual value, not zero."""
    from danvan import CampaignKind, Target

    campaign = Campaign(
        id="c",
        name="c",
        kind=CampaignKind.PROGRAMME,
        targets=(
            Target(metric="tips", quantity=parse_quantity("10 tin"), period=parse_period("2021")),
        ),
    )
    (result,) = Dataset(campaigns=[campaign]).attainment("c")
    assert (None, None) == (result.actual, result.check)


def test_repr_counts_many_figures(seed: Dataset) -> None:
    """A dataset of more figures than REPR_FIGURES is shown by its counts, on one line."""
    assert len(seed.observations) > REPR_FIGURES
    assert (
        "<Dataset 'Công tác dân vận của lực lượng Công an tỉnh Nam Định, 2017–2021': "
        "8 organisations, 3 documents, 8 campaigns, 14 models, 5 drives, 1 source, "
        "16 observations>"
    ) == repr(seed)


def test_repr_shows_few_figures(seed: Dataset) -> None:
    """A dataset of few figures shows each (so a failing property test's example reads)."""
    few = Dataset(title="An", observations=seed.observations[:2])
    assert [
        "<Dataset 'An': 2 observations",
        "  models-dan-van-kheo: models 2017/2021 @36 org=cat-nam-dinh activity=dan-van-kheo "
        "= 52 mô hình",
        "  exemplars-dan-van-kheo: exemplars.individuals 2017/2021 @36 org=cat-nam-dinh "
        "activity=dan-van-kheo = 33 cá nhân>",
    ] == repr(few).splitlines()


def test_repr_of_no_figures_is_one_line() -> None:
    """A dataset without observations is its counts alone."""
    assert "<Dataset 'x': no records>" == repr(Dataset(title="x"))


def test_lookup_finds_a_campaign(seed: Dataset) -> None:
    """lookup(Campaign, id) gives the campaign with that id."""
    assert pendulum.Date(2016, 11, 1) == seed.lookup(Campaign, "dan-van-cat").period.start  # type: ignore[union-attr]  # set in the seed
