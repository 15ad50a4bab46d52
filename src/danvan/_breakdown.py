"""Wholes and their parts: the breakdown rules aggregation and validation share.

A report states a whole and then its parts: "120 khẩu súng, gồm 70 ..., 45 ... và 5 ...".
The parts are told apart from their whole in one of four ways:

* by **metric**: the whole is a parent metric, the parts its sub-metrics;
* by **place**: the whole is a place, the parts the units below it;
* by **period**: the whole's period holds the parts' periods;
* by **label**: the whole is *unlabelled* and the parts, of the same metric, place and
  period, carry `disaggregation` labels ("by kind", "nam"/"nữ").

Labels tell disjoint figures apart, so two *labelled* figures with different labels add
up; an unlabelled figure beside labelled ones of the same metric is their whole. The
labels a breakdown may use are an open list, so labelled parts are never known to be
complete: their whole is the figure that counts, and the parts are checked against it.

Parts are **complete** when they cover their whole: every sub-metric of a "consists of"
(gồm) breakdown, every unit below a place (in force during the period), or periods that
partition the whole's. `complete` is the rule aggregation uses to choose the parts over
the whole; validation uses `submetrics_complete` to expect the parts to add up to it.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Sequence

import pendulum

from danvan._lang import Text
from danvan._metrics import Aggregation, Breakdown, Catalogue
from danvan._observations import Observation
from danvan._period import Period
from danvan._places import Gazetteer
from danvan._quantity import Certainty, Quantity
from danvan.errors import UnitMismatchError

__all__ = [
    "BREAKDOWN_WORDS",
    "complete",
    "covers",
    "label_covers",
    "labels_complete",
    "labels_disjoint",
    "parts_consistent",
    "periods_partition",
    "places_complete",
    "submetrics_complete",
]

BREAKDOWN_WORDS: dict[Breakdown, Text] = {
    Breakdown.PARTIAL: Text("trong đó (có thể chưa đủ)", "of which (may be partial)"),
    Breakdown.COMPLETE: Text("gồm (đủ)", "consists of (complete)"),
}
"""How a metric's sub-metrics relate to it, as readers are told."""


def label_covers(whole: str, part: str) -> bool:
    """Whether a figure labelled ``whole`` may hold the events of one labelled ``part``.

    The same label, or an unlabelled whole (which holds every label).

    >>> label_covers("", "nam"), label_covers("nam", "nam"), label_covers("nam", "nữ")
    (True, True, False)
    """
    return whole == part or not whole


def labels_disjoint(a: str, b: str) -> bool:
    """Whether figures labelled ``a`` and ``b`` state disjoint events: two different labels.

    >>> labels_disjoint("nam", "nữ"), labels_disjoint("", "nữ"), labels_disjoint("", "")
    (True, False, False)
    """
    return a != b and bool(a) and bool(b)


def labels_complete(whole: str, parts: list[str]) -> bool:
    """Whether the labels alone never keep ``parts`` from covering ``whole`` completely.

    Parts carrying a label their whole does not (a labelled breakdown of an unlabelled
    whole) are never complete: nothing says which labels there are.

    >>> labels_complete("", ["", ""]), labels_complete("", ["nam", "nữ"])
    (True, False)
    """
    return all(part == whole for part in parts)


def submetrics_complete(catalogue: Catalogue, whole: str, parts: Collection[str]) -> bool:
    """Whether figures of the metrics ``parts`` cover the metric ``whole`` completely.

    Only a "consists of" breakdown is ever complete, and only with every sub-metric.

    >>> from danvan import standard_catalogue
    >>> cat = standard_catalogue()
    >>> parts = ["exemplars.individuals", "exemplars.collectives"]
    >>> submetrics_complete(cat, "exemplars", parts)
    True
    >>> submetrics_complete(cat, "exemplars", parts[:1])
    False
    """
    children = {m.code for m in catalogue.children(whole)}
    return (
        catalogue.get(whole).breakdown is Breakdown.COMPLETE
        and bool(children)
        and set(parts) == children
    )


def places_complete(places: Gazetteer, whole: str, period: Period, parts: Collection[str]) -> bool:
    """Whether ``parts`` are every unit below the place ``whole`` in force during ``period``."""
    expected = {
        c.code for c in places.children(whole) if _in_force_during(c.valid_from, c.valid_to, period)
    }
    return bool(expected) and set(parts) == expected


def periods_partition(whole: Period, parts: Sequence[Period]) -> bool:
    """Whether ``parts`` follow each other day after day from ``whole``'s start to its end.

    >>> periods_partition(Period.year(2021), [Period.half_year(2021, 1), Period.half_year(2021, 2)])
    True
    """
    ordered = sorted(parts)
    if not ordered or ordered[0].start != whole.start or ordered[-1].end != whole.end:
        return False
    for before, after in itertools.pairwise(ordered):
        if before.end is None or before.end.add(days=1) != after.start:
            return False
    return True


def complete(
    whole: Observation, parts: Sequence[Observation], catalogue: Catalogue, places: Gazetteer
) -> bool:
    """Whether the figures ``parts`` cover the figure ``whole`` completely.

    The parts must differ from the whole in one way only (metric, place or period), and
    carry its label.
    """
    if not labels_complete(whole.disaggregation, [p.disaggregation for p in parts]):
        return False
    same = [
        (p.metric == whole.metric, p.place == whole.place, p.period == whole.period) for p in parts
    ]
    if all(s == (False, True, True) for s in same):
        return submetrics_complete(catalogue, whole.metric, {p.metric for p in parts})
    if all(s == (True, False, True) for s in same) and whole.place in places:
        assert whole.place is not None
        return places_complete(places, whole.place, whole.period, {str(p.place) for p in parts})
    if all(s == (True, True, False) for s in same):
        return periods_partition(whole.period, [p.period for p in parts])
    return False


def covers(whole: Observation, part: Observation, aggregation: Aggregation) -> bool:
    """Whether ``whole`` states (among others) the events ``part`` states, given that
    its metric and place are ``part``'s or above them.

    Same organisation where it identifies the figures; the label rule above; the same
    calendar; for flows a period that contains the part's, for other metrics (levels at
    a date) the same period.
    """
    if whole.owner != part.owner or whole.key == part.key:
        return False
    if not label_covers(whole.disaggregation, part.disaggregation):
        return False  # labels tell apart disjoint figures; an unlabelled one is their whole
    if whole.period.calendar != part.period.calendar:
        return False
    if aggregation is Aggregation.FLOW:
        return whole.period.contains(part.period)
    return whole.period == part.period


def parts_consistent(whole: Quantity, parts: Quantity, complete: bool) -> bool:
    """Whether parts totalling ``parts`` can all be true beside their ``whole``.

    Parts can never be certainly above their whole; complete parts must be able to
    equal it.
    """
    try:
        if parts.above(whole) is Certainty.CERTAIN:
            return False
        return not (complete and parts.equal(whole) is Certainty.IMPOSSIBLE)
    except UnitMismatchError:
        return False


def _in_force_during(
    valid_from: pendulum.Date | None, valid_to: pendulum.Date | None, period: Period
) -> bool:
    assert period.end is not None
    return (valid_from is None or valid_from <= period.end) and (
        valid_to is None or valid_to >= period.start
    )
