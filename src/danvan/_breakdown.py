"""Wholes and their parts: the breakdown rules aggregation and validation share.

A report states a whole and then its parts: "120 khẩu súng, gồm 70 ..., 45 ... và 5 ...".
The parts are told apart from their whole in one of five ways:

* by **metric**: the whole is a parent metric, the parts its sub-metrics;
* by **place**: the whole is a place, the parts the units below it;
* by **period**: the whole's period holds the parts' periods;
* by **label**: the whole is *unlabelled* and the parts, of the same metric, place and
  period, carry `disaggregation` labels ("by kind", "nam"/"nữ");
* by **organisation**: the whole names no organisation, or an organisation above the
  parts' (`Organisation.parent`): a province's Women's Union above its district
  chapters. Different organisations' figures are different actors' work, and add up.

Labels and organisations tell disjoint figures apart, so two figures with different
labels, or of organisations neither of which is above the other, add up; a figure
without one beside figures with one is their whole. Labels compare by `match_key`
("Nam" and "nam" are one label). Which labels or organisations a breakdown has is an
open list, so such parts are never known to be complete: their whole is the figure that
counts, and the parts are checked against it.

Parts are **complete** when they cover their whole: every sub-metric of a "consists of"
(gồm) breakdown, every unit below a place (in force during the period), or periods that
partition the whole's. `complete` is the rule aggregation uses to choose the parts over
the whole; validation uses `submetrics_complete` to expect the parts to add up to it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Protocol, TypeVar

import pendulum

from danvan._lang import Text
from danvan._metrics import Aggregation, Breakdown, Catalogue
from danvan._observations import Observation
from danvan._organisations import Organisation
from danvan._period import Period
from danvan._places import Gazetteer
from danvan._quantity import Certainty, Quantity
from danvan._text import match_key
from danvan.errors import UnitMismatchError

T = TypeVar("T")


class Organised(Protocol):
    """Data that names organisations and keeps what is built from them: a `Dataset`, or
    an `ObservationTable`."""

    @property
    def organisations(self) -> tuple[Organisation, ...]:
        """The organisations figures name."""
        ...

    def _cached(self, key: object, build: Callable[[], T]) -> T:
        """``build()``, made once and kept with the data (which never changes)."""
        ...


__all__ = [
    "BREAKDOWN_WORDS",
    "Actors",
    "Organised",
    "actors_of",
    "complete",
    "covers",
    "holds",
    "label_covers",
    "labels_complete",
    "labels_disjoint",
    "parts_consistent",
    "parts_exceed",
    "periods_partition",
    "places_complete",
    "same_who",
    "submetrics_complete",
    "told_apart",
]

BREAKDOWN_WORDS: dict[Breakdown, Text] = {
    Breakdown.PARTIAL: Text("trong đó (có thể chưa đủ)", "of which (may be partial)"),
    Breakdown.COMPLETE: Text("gồm (đủ)", "consists of (complete)"),
}
"""How a metric's sub-metrics relate to it, as readers are told."""


def label_covers(whole: str, part: str) -> bool:
    """Whether a figure labelled ``whole`` may hold the events of one labelled ``part``.

    The same label (by `match_key`), or an unlabelled whole (which holds every label).

    >>> label_covers("", "nam"), label_covers("Nam", "nam"), label_covers("nam", "nữ")
    (True, True, False)
    """
    return not whole or match_key(whole) == match_key(part)


def labels_disjoint(a: str, b: str) -> bool:
    """Whether figures labelled ``a`` and ``b`` state disjoint events: two different labels.

    >>> labels_disjoint("nam", "nữ"), labels_disjoint("", "nữ"), labels_disjoint("NAM", "nam")
    (True, False, False)
    """
    return bool(a) and bool(b) and match_key(a) != match_key(b)


def labels_complete(whole: str, parts: list[str]) -> bool:
    """Whether the labels alone never keep ``parts`` from covering ``whole`` completely.

    Parts carrying a label their whole does not (a labelled breakdown of an unlabelled
    whole) are never complete: nothing says which labels there are.

    >>> labels_complete("", ["", ""]), labels_complete("", ["nam", "nữ"])
    (True, False)
    """
    key = match_key(whole)
    return all(match_key(part) == key for part in parts)


class Actors:
    """The organisations of a dataset as figures tell them apart: who holds whose work.

    A figure of an organisation holds the figures of the organisations below it
    (through `Organisation.parent`), and a figure naming no organisation holds every
    organisation's. Organisations neither of which is above the other are different
    actors: their figures add up. An organisation the dataset does not hold has no
    organisation above it.

    Args:
        organisations: The organisations (their ids and parents).

    >>> from danvan import Organisation
    >>> actors = Actors([
    ...     Organisation(id="hpn-tinh", name="Hội LHPN tỉnh", kind="mass-organisation"),
    ...     Organisation(id="hpn-hh", name="Hội LHPN huyện Hải Hậu", kind="mass-organisation",
    ...                  parent="hpn-tinh"),
    ...     Organisation(id="dtn-tinh", name="Tỉnh đoàn", kind="mass-organisation"),
    ... ])
    >>> actors.covers("hpn-tinh", "hpn-hh"), actors.covers(None, "dtn-tinh")
    (True, True)
    >>> actors.disjoint("hpn-hh", "dtn-tinh"), actors.disjoint("hpn-tinh", "hpn-hh")
    (True, False)
    """

    def __init__(self, organisations: Iterable[Organisation] = ()) -> None:
        self._parents: Mapping[str, str | None] = {o.id: o.parent for o in organisations}
        self._above: dict[str, frozenset[str]] = {}

    def above(self, organisation: str) -> frozenset[str]:
        """The organisations above ``organisation`` (its parent, the parent's...)."""
        found = self._above.get(organisation)
        if found is None:
            chain: list[str] = []
            parent = self._parents.get(organisation)
            # Parents are ids another record may get wrong: a loop ends the chain.
            while parent is not None and parent != organisation and parent not in chain:
                chain.append(parent)
                parent = self._parents.get(parent)
            found = self._above[organisation] = frozenset(chain)
        return found

    def covers(self, whole: str | None, part: str | None) -> bool:
        """Whether a figure of ``whole`` (None: of everyone) may hold one of ``part``."""
        return whole is None or whole == part or (part is not None and whole in self.above(part))

    def disjoint(self, a: str | None, b: str | None) -> bool:
        """Whether figures of ``a`` and of ``b`` are different actors' work (they add)."""
        return not self.covers(a, b) and not self.covers(b, a)


def actors_of(data: Organised) -> Actors:
    """The organisations of ``data`` as figures tell them apart, built once per dataset."""
    found: Actors = data._cached("actors", lambda: Actors(data.organisations))
    return found


def holds(whole: Observation, part: Observation, actors: Actors) -> bool:
    """Whether ``whole``'s organisation and label hold ``part``'s (or are the same).

    A figure of everyone, or of an organisation above, holds an organisation's figure;
    an unlabelled figure holds a labelled one.
    """
    return actors.covers(whole.organisation, part.organisation) and label_covers(
        whole.disaggregation, part.disaggregation
    )


def same_who(a: Observation, b: Observation) -> bool:
    """Whether ``a`` and ``b`` are of one organisation (or none) and one label (by
    `match_key`): parts that differ from their whole only by metric, place or period.

    A whole may be broken down two ways at once ("120 guns: 70 rifles + 50 pistols by
    sub-metric; 80 + 40 by label"): the parts of the same who can be complete, the
    others never are, so each is reconciled apart.
    """
    return a.organisation == b.organisation and match_key(a.disaggregation) == match_key(
        b.disaggregation
    )


def told_apart(a: Observation, b: Observation, actors: Actors) -> bool:
    """Whether ``a`` and ``b`` state disjoint events by who or which: different actors'
    work, or different labels. Such figures add up wherever they are."""
    return actors.disjoint(a.organisation, b.organisation) or labels_disjoint(
        a.disaggregation, b.disaggregation
    )


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

    A phase's dates only bound it ("đợt 1" lies somewhere in 2021), so phases are never
    known to partition anything:

    >>> periods_partition(Period.year(2021), [Period.year(2021).with_label("đợt 1")])
    False
    """
    if any(p.is_phase for p in parts):
        return False
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
    carry its organisation and label.
    """
    if not labels_complete(whole.disaggregation, [p.disaggregation for p in parts]):
        return False
    if any(p.organisation != whole.organisation for p in parts):
        return False  # nothing says which organisations there are
    same = [
        (p.metric == whole.metric, p.place == whole.place, p.period == whole.period) for p in parts
    ]
    if all(s == (False, True, True) for s in same):
        return submetrics_complete(catalogue, whole.metric, {p.metric for p in parts})
    if all(s == (True, False, True) for s in same) and whole.place in places:
        assert whole.place is not None
        assert whole.period is not None
        return places_complete(places, whole.place, whole.period, {str(p.place) for p in parts})
    if all(s == (True, True, False) for s in same):
        assert whole.period is not None
        return periods_partition(whole.period, [p.period for p in parts if p.period is not None])
    return False


def covers(whole: Observation, part: Observation, aggregation: Aggregation, actors: Actors) -> bool:
    """Whether ``whole`` states (among others) the events ``part`` states, given that
    its metric and place are ``part``'s or above them.

    Its organisation and label hold the part's (`holds`); the same calendar; for flows
    a period that contains the part's, for other metrics (levels at a date) the same
    period. A figure whose period is not stated covers nothing and is covered by
    nothing: nothing says when it happened.
    """
    if whole.key == part.key or not holds(whole, part, actors):
        return False
    if whole.period is None or part.period is None:
        return False
    if whole.period.calendar != part.period.calendar:
        return False
    if aggregation is Aggregation.FLOW:
        return whole.period.contains(part.period)
    return whole.period == part.period


def parts_exceed(whole: Quantity, parts: Quantity) -> bool:
    """Whether parts totalling ``parts`` certainly exceed their ``whole``: the least the
    parts can be (their lower bounds, added) is above the most the whole can be.

    This is a contradiction the source states, whatever the breakdown (sub-metrics,
    places below, labels, organisations): validation reports it (`part-exceeds-whole`)
    and aggregation notes every total that keeps such a whole. A single part is a sum of
    one. Figures of different dimensions are never compared here (unit-mismatch is
    another rule's finding).

    >>> from danvan import parse_quantity
    >>> parts = parse_quantity("80 tin") + parse_quantity("70 tin")
    >>> parts_exceed(parse_quantity("100 tin"), parts)
    True
    >>> parts_exceed(parse_quantity("khoảng 150 tin"), parts)
    False
    """
    try:
        return parts.above(whole) is Certainty.CERTAIN
    except UnitMismatchError:
        return False


def parts_consistent(whole: Quantity, parts: Quantity, complete: bool) -> bool:
    """Whether parts totalling ``parts`` can all be true beside their ``whole``.

    Parts can never be certainly above their whole (`parts_exceed`); complete parts
    must be able to equal it.
    """
    try:
        equal = parts.equal(whole)
    except UnitMismatchError:
        return False  # figures that cannot be compared are never shown consistent
    if parts_exceed(whole, parts):
        return False
    return not (complete and equal is Certainty.IMPOSSIBLE)


def _in_force_during(
    valid_from: pendulum.Date | None, valid_to: pendulum.Date | None, period: Period
) -> bool:
    assert period.end is not None
    return (valid_from is None or valid_from <= period.end) and (
        valid_to is None or valid_to >= period.start
    )
