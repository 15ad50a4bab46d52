"""Scoring an extraction against an annotated text: precision and recall.

An annotation lists every figure of a text (see tests/data/extract/README.md): its span,
value, qualifier and unit, and the metric, period and place it measures. A found figure
is right when span, value, qualifier and unit all match. Proposals are scored on the
figures found right: a metric, period or place is right when it equals the annotation's;
recall counts the annotated ones proposed right, precision the proposals made that are
right (a proposal where the annotation has none is wrong).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs
import pendulum

from danvan._extract.extraction import Candidate, Extraction
from danvan._quantity import Quantity
from danvan._ratio import Ratio

__all__ = ["Annotation", "Scores", "figure_key", "load_annotation", "score"]


@attrs.frozen
class Annotation:
    """An annotated text: its file, publication day, whether it is held out, figures."""

    name: str
    text: str
    published: pendulum.Date | None
    held_out: bool
    figures: tuple[dict[str, Any], ...]


def load_annotation(path: Path) -> Annotation:
    """The annotation at ``path`` and the text it names (relative to its folder's parent)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    text = (path.parent.parent / data["text"]).read_text(encoding="utf-8")
    published = data.get("published")
    day = None if published is None else pendulum.Date.fromisoformat(published)
    return Annotation(path.stem, text, day, bool(data.get("held_out")), tuple(data["figures"]))


def figure_key(value: Quantity | Ratio | None) -> tuple[str | None, str | None, str | None]:
    """A figure's value, qualifier and unit as annotations write them."""
    if value is None:
        return None, None, None
    if isinstance(value, Ratio):
        if value.has_figures:
            text = f"{value.numerator.point}/{value.denominator.point}"
            if value.stated_percent is not None:
                text += f"={value.stated_percent}%"
            return text, "exact", value.denominator.unit.code
        return f"{value.stated_percent}%", value.qualifier.value, value.numerator.unit.code
    if value.value is None:
        return f"{value.bounds.lower}..{value.bounds.upper}", value.qualifier.value, value.unit.code
    return str(value.value), value.qualifier.value, value.unit.code


@attrs.define
class Scores:
    """Counts behind precision and recall, summed over texts."""

    found_right: int = 0
    found: int = 0
    annotated: int = 0
    metric_right: int = 0
    metric_proposed: int = 0
    metric_annotated: int = 0
    period_right: int = 0
    period_proposed: int = 0
    period_annotated: int = 0
    place_right: int = 0
    place_proposed: int = 0
    place_annotated: int = 0
    misses: list[str] = attrs.field(factory=list)

    def add(self, other: Scores) -> None:
        for field in attrs.fields(Scores):
            if field.name == "misses":
                self.misses.extend(other.misses)
            else:
                setattr(self, field.name, getattr(self, field.name) + getattr(other, field.name))

    def table(self) -> dict[str, tuple[float, float]]:
        """Precision and recall of figures and of each kind of proposal."""
        return {
            "figures": (
                _ratio(self.found_right, self.found),
                _ratio(self.found_right, self.annotated),
            ),
            "metric": (
                _ratio(self.metric_right, self.metric_proposed),
                _ratio(self.metric_right, self.metric_annotated),
            ),
            "period": (
                _ratio(self.period_right, self.period_proposed),
                _ratio(self.period_right, self.period_annotated),
            ),
            "place": (
                _ratio(self.place_right, self.place_proposed),
                _ratio(self.place_right, self.place_annotated),
            ),
        }


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def score(extraction: Extraction, annotation: Annotation) -> Scores:
    """How ``extraction`` of the annotated text compares with its annotation."""
    out = Scores()
    expected = {(f["start"], f["end"]): f for f in annotation.figures}
    found: dict[tuple[int, int], Candidate] = {(c.start, c.end): c for c in extraction}
    out.found = len(found)
    out.annotated = len(expected)
    for span, candidate in found.items():
        want = expected.get(span)
        read = figure_key(candidate.value)
        if want is None or read != (want["value"], want["qualifier"], want["unit"]):
            out.misses.append(f"{annotation.name}: extra {candidate.text!r} read {read}")
            continue
        out.found_right += 1
        _proposals(out, candidate, want, annotation.name)
    for span, want in expected.items():
        match = found.get(span)
        if match is None or figure_key(match.value) != (
            want["value"],
            want["qualifier"],
            want["unit"],
        ):
            out.misses.append(f"{annotation.name}: missed {want['text']!r}")
    return out


def _proposals(out: Scores, c: Candidate, want: dict[str, Any], name: str) -> None:
    pairs: Iterable[tuple[str, str | None]] = (
        ("metric", None if c.metric is None else c.metric.code),
        ("period", None if c.period is None else str(c.period.period)),
        ("place", None if c.place is None else c.place.code),
    )
    for kind, proposed in pairs:
        wanted = want[kind]
        right = proposed is not None and proposed == wanted
        if wanted is not None:
            setattr(out, f"{kind}_annotated", getattr(out, f"{kind}_annotated") + 1)
        if proposed is not None:
            setattr(out, f"{kind}_proposed", getattr(out, f"{kind}_proposed") + 1)
        if right:
            setattr(out, f"{kind}_right", getattr(out, f"{kind}_right") + 1)
        elif proposed != wanted:
            out.misses.append(f"{name}: {kind} of {c.text!r} is {proposed}, not {wanted}")
