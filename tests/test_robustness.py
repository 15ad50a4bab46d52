"""Messy data never crashes validation or aggregation: problems are reported, not raised."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from danvan import DanvanError, Dataset, Period
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


@given(ds.datasets(min_observations=1, max_observations=12))
def test_consistent_data_validates_and_keeps_every_figure(dataset: Dataset) -> None:
    """Law: a consistent dataset validates without findings, and every figure of a metric
    whose dates meet the question's period is used in exactly one row, listed as left
    out, reconciled against the figure that counts its events, or (for a stock) named in
    a row note as superseded by a later figure."""
    assert () == dataset.validate().findings
    span = Period.years(2010, 2030)
    for metric in sorted({o.metric for o in dataset.observations}):
        result = dataset.aggregate(metric, period=span, include_submetrics=False)
        used = [i for row in result.rows for i in row.observations]
        excluded = [e.observation for e in result.excluded]
        reconciled = {i for r in result.reconciliations for i in (r.whole, *r.parts)}
        in_span = {
            o.id
            for o in dataset.select(metric=metric)
            # A period not stated is listed, unless its source dates it before the span.
            if o.period is None or span.overlaps(o.period.with_calendar(span.calendar))
        }
        assert len(used) == len(set(used))
        assert not set(used) & set(excluded)
        superseded = {
            note.split(" ", 1)[0]
            for row in result.rows
            for note in row.notes
            if "superseded by the later figure" in note
        }
        accounted = set(used) | set(excluded) | reconciled | superseded
        assert in_span == accounted & in_span
        assert set(used) | set(excluded) <= in_span
