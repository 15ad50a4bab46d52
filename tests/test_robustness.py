"""Messy data never crashes validation or aggregation: problems are reported, not raised."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from danvan import (
    Aggregation,
    DanvanError,
    Dataset,
    Observation,
    Period,
    Quantity,
    seed_gazetteer,
)
from danvan import strategies as ds

GROUPINGS: list[tuple[str, ...]] = [(), ("province",), ("district", "year"), ("submetric",)]


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(ds.datasets(consistent=False, min_observations=1, max_observations=12))
def test_validate_and_aggregate_never_crash(dataset: Dataset) -> None:
    """Law: on inconsistent data, validate() returns findings and aggregate() answers or
    raises a DanvanError; no other exception escapes."""
    report = dataset.validate()
    assert all(f.code and f.record for f in report)
    span = Period.years(2010, 2030)
    for metric in sorted({o.metric for o in dataset.observations if o.metric in dataset.catalogue}):
        for by in GROUPINGS:
            try:
                result = dataset.aggregate(metric, period=span, by=by)
            except DanvanError:
                continue
            for row in result.rows:
                assert row.observations  # every total says where it came from


SPAN = Period.years(2010, 2030)


@given(ds.datasets(min_observations=1, max_observations=12))
def test_consistent_data_validates_and_keeps_every_figure(dataset: Dataset) -> None:
    """Law: a consistent dataset validates without findings, and every figure of a metric
    whose dates meet the question's period is used in exactly one row, listed as left
    out, reconciled against the figure that counts its events, or (for a stock)
    superseded by a later figure of its series used in a row."""
    assert () == dataset.validate().findings
    for metric in sorted({o.metric for o in dataset.observations}):
        _check_every_figure_accounted_for(dataset, metric)


def test_a_superseded_stock_figure_is_accounted_for() -> None:
    """An earlier figure of a stock's series is left out for the later one, which is used;
    the law's check finds it superseded (the drawn datasets rarely hold such series)."""
    figures = [
        Observation(
            id=f"models-{year}",
            metric="models",
            value=Quantity(value=value, unit="model"),
            period=Period.year(year),
            place="36",
        )
        for year, value in ((2020, 40), (2021, 52))
    ]
    dataset = Dataset(places=seed_gazetteer(), observations=figures)
    used = _check_every_figure_accounted_for(dataset, "models")
    assert ["models-2021"] == used


def _check_every_figure_accounted_for(dataset: Dataset, metric: str) -> list[str]:
    """Check the law above for ``metric``; return the ids used in rows."""
    result = dataset.aggregate(metric, period=SPAN, include_submetrics=False)
    used = [i for row in result.rows for i in row.observations]
    excluded = [e.observation for e in result.excluded]
    reconciled = {i for r in result.reconciliations for i in (r.whole, *r.parts)}
    in_span = {
        o.id
        for o in dataset.select(metric=metric)
        # A period not stated is listed, unless its source dates it before the span.
        if o.period is None or SPAN.overlaps(o.period.with_calendar(SPAN.calendar))
    }
    assert len(used) == len(set(used))
    assert not set(used) & set(excluded)
    assert set(used) | set(excluded) <= in_span
    # What is left is a stock's figure superseded by a later one of its series, used in
    # a row: found from the figures themselves, not from the text of the notes.
    by_id = {o.id: o for o in dataset.observations}
    for left in in_span - set(used) - set(excluded) - reconciled:
        figure = by_id[left]
        assert figure.period is not None, left  # a period not stated is always listed
        assert dataset.catalogue.get(metric).aggregation is not Aggregation.FLOW, left
        later = [
            by_id[i]
            for row in result.rows
            for i in row.observations
            if _series(by_id[i]) == _series(figure)
        ]
        assert any(
            o.period is not None and _ends_no_earlier(o.period, figure.period) for o in later
        ), left
    return used


def _series(o: Observation) -> tuple[object, ...]:
    """The series a stock's figure belongs to: later figures of it supersede earlier ones."""
    return (o.metric, o.place, o.owner, o.disaggregation)


def _ends_no_earlier(later: Period, earlier: Period) -> bool:
    """Whether ``later`` ends no earlier than ``earlier`` (an open end is the latest)."""
    if later.end is None:
        return True
    return earlier.end is not None and later.end >= earlier.end
