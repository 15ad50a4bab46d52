"""Extraction against the annotated corpus: precision and recall above the floors set here.

The corpus (tests/data/extract, described in its README) is the seed article and texts
written in the style of provincial reports, each figure annotated before the extractor
was written. The held-out texts were not looked at while it was tuned; they are scored
apart, with floors of their own. `make bench` prints the same table with the speed.
"""

from __future__ import annotations

import functools
import itertools
from pathlib import Path

import pytest

from danvan import extract
from danvan._extract.scoring import Annotation, Scores, figure_key, load_annotation, score

CORPUS = Path(__file__).parent / "data" / "extract"
ANNOTATIONS = sorted((CORPUS / "annotations").glob("*.json"))

# (precision, recall) floors per corpus. The targets: figures found with
# precision >= 0.98 and recall >= 0.97; the metric proposed right for >= 90% of the
# figures whose metric is in the catalogue (metric recall).
FLOORS: dict[str, dict[str, tuple[float, float]]] = {
    "tuned": {
        "figures": (0.98, 0.97),
        "metric": (0.90, 0.90),
        "period": (0.90, 0.90),
        "place": (0.95, 0.95),
    },
    # Texts 23 and 24, measured once untuned: figures 1.000/1.000, metric 1.000/1.000,
    # period 0.933/0.933, place 1.000/0.935 (the first held-out texts, 17 and 18, scored
    # place 0.828 and 19 to 22 figures 0.875/0.860 before the extractor was corrected
    # for them; see tests/data/extract/README.md).
    "held-out": {
        "figures": (0.95, 0.95),
        "metric": (0.85, 0.85),
        "period": (0.85, 0.85),
        "place": (0.75, 0.75),
    },
}


def _annotation(path: Path) -> Annotation:
    return load_annotation(path)


@functools.cache
def _scores(held_out: bool) -> Scores:
    total = Scores()
    for path in ANNOTATIONS:
        annotation = _annotation(path)
        if annotation.held_out == held_out:
            found = extract(annotation.text, published=annotation.published)
            total.add(score(found, annotation))
    return total


def test_the_corpus_is_the_seed_and_ten_texts_or_more() -> None:
    """The corpus holds the seed article with its 16 figures and at least ten more texts."""
    seed = _annotation(CORPUS / "annotations" / "01_seed_nam_dinh.json")
    assert 16 == len(seed.figures)
    assert len(ANNOTATIONS) >= 11


@pytest.mark.parametrize("path", ANNOTATIONS, ids=lambda p: p.stem)
def test_every_annotated_span_holds_its_figure(path: Path) -> None:
    """Each annotation's span is its figure's text, and figures are in order, apart."""
    annotation = _annotation(path)
    spans = [(f["start"], f["end"]) for f in annotation.figures]
    assert [f["text"] for f in annotation.figures] == [annotation.text[a:b] for a, b in spans]
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


@pytest.mark.parametrize("corpus", list(FLOORS))
def test_precision_and_recall_reach_their_floors(corpus: str) -> None:
    """Figures, and metric, period and place proposals, score above the corpus's floors."""
    measured = _scores(held_out=corpus == "held-out").table()
    below = [
        f"{kind}: precision {p:.3f}, recall {r:.3f} (floors {fp}, {fr})"
        for kind, (fp, fr) in FLOORS[corpus].items()
        for p, r in [measured[kind]]
        if p < fp or r < fr
    ]
    assert [] == below, "\n".join(_scores(held_out=corpus == "held-out").misses)


def test_seed_figures_are_found_exactly() -> None:
    """Every figure of the seed is found with its exact span, value, qualifier and unit."""
    seed = _annotation(CORPUS / "annotations" / "01_seed_nam_dinh.json")
    found = extract(seed.text, published=seed.published)
    expected = [(f["start"], f["end"], f["value"], f["qualifier"], f["unit"]) for f in seed.figures]
    assert expected == [(c.start, c.end, *figure_key(c.value)) for c in found]
