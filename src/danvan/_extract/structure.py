"""How figures relate: items of one list, parts of a stated whole, the same figure twice.

* A list: figures of one sentence separated by commas, semicolons or "và", with a few
  words each ("giao nộp 3 quả bom, 1 quả đạn pháo, 31 lựu đạn...").
* Parts: figures after "trong đó" (of which: the parts may not cover the whole) or
  "gồm", "bao gồm" (consists of: they should), under the figure before the marker that
  counts the same kind of thing ("426 mô hình, trong đó 158 mô hình ... và 107 mô hình").
* A restatement: a figure of the title or a heading that the body states again ("hơn
  200 khẩu súng" over "215 khẩu súng"), or the same figure stated twice in the body.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from danvan._metrics import Breakdown
from danvan._quantity import Quantity
from danvan._ratio import Ratio
from danvan.errors import DanvanError

__all__ = ["Link", "Placed", "link"]

_SEPARATOR = re.compile(r"[,;+]|(?<!\w)và(?!\w)", re.IGNORECASE)
_MARKER = re.compile(r"(?<!\w)(trong đó|bao gồm|gồm)(?!\w)", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]{1,40}")
_LIST_GAP_WORDS = 6
_WHOLE_REACH = 6  # figures looked back at for the whole of a "trong đó"
_HEADLINE_REACH = 50  # body figures a headline is compared with


@attrs.frozen
class Placed:
    """What structure needs to know of a figure."""

    start: int
    end: int
    sentence: tuple[int, int]
    value: Quantity | Ratio | None
    metric: str | None
    heading: bool
    change: bool = False  # a change between periods is no whole and no restatement


@attrs.frozen
class Link:
    """A figure's place in the structure (indexes into the figures)."""

    group: int | None = None
    whole: int | None = None
    breakdown: Breakdown | None = None
    restates: int | None = None


def link(text: str, figures: Sequence[Placed]) -> list[Link]:
    """The structure of ``figures`` (in text order) in ``text``."""
    links = [Link() for _ in figures]
    group = 0
    for i in range(1, len(figures)):
        a, b = figures[i - 1], figures[i]
        if a.sentence != b.sentence:
            continue
        gap = text[a.end : b.start]
        if _MARKER.search(gap):
            continue
        if _SEPARATOR.search(gap) and len(_WORD.findall(gap)) <= _LIST_GAP_WORDS + 1:
            if links[i - 1].group is None:
                group += 1
                links[i - 1] = attrs.evolve(links[i - 1], group=group)
            links[i] = attrs.evolve(links[i], group=links[i - 1].group)
    _parts(text, figures, links)
    _restatements(figures, links)
    return links


def _parts(text: str, figures: Sequence[Placed], links: list[Link]) -> None:
    for j, part in enumerate(figures):
        if j == 0:
            continue
        previous = figures[j - 1]
        gap_start = previous.end if previous.sentence == part.sentence else part.sentence[0]
        markers = list(_MARKER.finditer(text, gap_start, part.start))
        if not markers:
            continue
        marker = markers[-1]
        kind = Breakdown.PARTIAL if marker.group(1).lower() == "trong đó" else Breakdown.COMPLETE
        whole = _whole(figures, j, marker.start())
        if whole is None:
            continue
        opened = "(" in text[max(gap_start, marker.start() - 2) : marker.start()]
        k = j
        while k < len(figures):
            links[k] = attrs.evolve(links[k], whole=whole, breakdown=kind)
            if k + 1 >= len(figures) or links[k + 1].group is None:
                break
            if links[k + 1].group != links[j].group:
                break
            if opened and ")" in text[figures[k].end : figures[k + 1].start]:
                break
            k += 1


def _whole(figures: Sequence[Placed], j: int, marker: int) -> int | None:
    """The figure a "trong đó" at ``marker`` breaks down: before it in the sentence (or
    the one before, for a sentence that opens with the marker), counting the same kind."""
    part = figures[j]
    candidates = []
    for i in range(j - 1, max(j - 1 - _WHOLE_REACH, -1), -1):
        if figures[i].end <= marker and (
            figures[i].sentence == part.sentence or figures[i].sentence[1] <= part.sentence[0]
        ):
            candidates.append(i)
    if not candidates:
        return None
    candidates = [i for i in candidates if not figures[i].change]
    if not candidates:
        return None
    same = [i for i in candidates if _same_dimension(figures[i].value, part.value)]
    return same[0] if same else candidates[0]


def _same_dimension(a: Quantity | Ratio | None, b: Quantity | Ratio | None) -> bool:
    if a is None or b is None:
        return False
    qa = a if isinstance(a, Quantity) else a.denominator
    qb = b if isinstance(b, Quantity) else b.denominator
    return qa.dimension is qb.dimension


def _restatements(figures: Sequence[Placed], links: list[Link]) -> None:
    body: dict[object, list[int]] = {}  # body figures by unit, in order
    for i, f in enumerate(figures):
        if not f.heading and f.value is not None and not f.change:
            body.setdefault(_unit(f.value), []).append(i)
    seen: dict[tuple[object, str], int] = {}  # the first body figure of a value and metric
    for i, figure in enumerate(figures):
        if figure.value is None or figure.change:
            continue
        if figure.heading:
            same = [
                j
                for j in body.get(_unit(figure.value), [])[:_HEADLINE_REACH]
                if _same_thing(figure, figures[j])
            ]
            consistent = [j for j in same if _consistent(figure.value, figures[j].value)]
            chosen = consistent or same
            if chosen:
                links[i] = attrs.evolve(links[i], restates=chosen[0])
            continue
        if figure.metric is None:
            continue
        key = (figure.value, figure.metric)
        j = seen.setdefault(key, i)
        if (
            j != i
            and (links[j].group is None or links[j].group != links[i].group)
            and links[i].whole is None
        ):
            links[i] = attrs.evolve(links[i], restates=j)


def _unit(value: Quantity | Ratio) -> object:
    return value.unit if isinstance(value, Quantity) else value.denominator.unit


def _same_thing(a: Placed, b: Placed) -> bool:
    if a.value is None or b.value is None or type(a.value) is not type(b.value):
        return False
    if a.metric is not None and b.metric is not None and a.metric != b.metric:
        return False
    unit_a = a.value.unit if isinstance(a.value, Quantity) else a.value.denominator.unit
    unit_b = b.value.unit if isinstance(b.value, Quantity) else b.value.denominator.unit
    return unit_a == unit_b


def _consistent(a: Quantity | Ratio | None, b: Quantity | Ratio | None) -> bool:
    if not isinstance(a, Quantity) or not isinstance(b, Quantity):
        return a == b
    try:
        return a.consistent_with(b)
    except DanvanError:
        return False
