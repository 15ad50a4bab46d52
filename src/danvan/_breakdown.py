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
"""

from __future__ import annotations

__all__ = ["label_covers", "labels_complete", "labels_disjoint"]


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
