"""Benchmark: figures from report prose, speed against a plain regex and quality on the corpus.

Speed: `danvan.extract` on a generated report of about 200 KB (and 1 MB): the lines of the
annotated corpus (tests/data/extract) shuffled, their numbers redrawn, so that the text
reads like a long provincial report without repeating itself word for word. The baseline
is a plain regex number finder (every digit run and the word after it), timed in the same
run: it finds numbers, but none of the spans, units, qualifiers, non-figures, periods,
places or metrics. Figures in KB/s are UTF-8 kilobytes of text per second. The national
gazetteer is loaded before timing (its first load is `bench_gazetteer`'s).

Quality: precision and recall of figures and of the metric, period and place proposals,
per corpus (the texts the extractor was tuned on, and those held out), as the corpus test
checks them against its floors.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pendulum
from common import Figure, Timing, measure

from danvan import extract, national_gazetteer
from danvan._extract.scoring import Scores, load_annotation, score

CORPUS = Path(__file__).parent.parent / "tests" / "data" / "extract"
_DIGITS = re.compile(r"\d+")
_BASELINE = re.compile(r"\d+(?:[.,]\d+)*(?:\s+\w+)?")


def report_text(size: int, *, seed: int = 13) -> str:
    """A report of about ``size`` bytes from the corpus lines, shuffled, numbers redrawn."""
    rng = random.Random(seed)
    texts = [CORPUS.parent / "seed" / "000_768c0945d9ac2b1c.txt"]
    texts += sorted((CORPUS / "texts").glob("*.txt"))
    lines = [
        line
        for path in texts
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]

    def redraw(match: re.Match[str]) -> str:
        digits = match.group()
        low = 10 ** (len(digits) - 1) if len(digits) > 1 else 0
        return str(rng.randint(low, 10 ** len(digits) - 1))

    out: list[str] = []
    total = 0
    while total < size:
        line = _DIGITS.sub(redraw, rng.choice(lines))
        out.append(line)
        total += len(line.encode("utf-8")) + 1
    return "\n".join(out)


def _baseline(text: str) -> int:
    return len(_BASELINE.findall(text))


def run(sizes: tuple[int, ...], *, repeat: int) -> tuple[list[Timing], list[Figure]]:
    """Time extraction beside the baseline at each size; report KB/s of each."""
    national_gazetteer()  # loaded once, as a long-running program has it
    published = pendulum.Date(2023, 12, 31)
    timings: list[Timing] = []
    figures: list[Figure] = []
    for size in sizes:
        text = report_text(size)
        kb = len(text.encode("utf-8")) / 1000
        task = f"extract a {kb:,.0f} KB report"
        found = extract(text, published=published)
        mine = measure(
            task,
            "danvan",
            lambda text=text: extract(text, published=published),  # type: ignore[misc]  # bound per size
            repeat=repeat,
            note=f"{len(found):,} figures with proposals",
        )
        plain = measure(
            task,
            "regex number finder",
            lambda text=text: _baseline(text),  # type: ignore[misc]  # bound per size
            repeat=repeat,
            note=f"{_baseline(text):,} numbers, nothing else",
        )
        timings += [mine, plain]
        figures.append(Figure(task, "danvan", kb / mine.median, "KB/s", "target: >= 200"))
        figures.append(Figure(task, "regex number finder", kb / plain.median, "KB/s"))
    return timings, figures


def quality() -> str:
    """A Markdown table of precision and recall per corpus."""
    totals = {"tuned": Scores(), "held-out": Scores()}
    counts = {"tuned": 0, "held-out": 0}
    for path in sorted((CORPUS / "annotations").glob("*.json")):
        annotation = load_annotation(path)
        corpus = "held-out" if annotation.held_out else "tuned"
        counts[corpus] += 1
        totals[corpus].add(
            score(extract(annotation.text, published=annotation.published), annotation)
        )
    lines = [
        "| corpus | texts | figures | kind | precision | recall |",
        "| --- | ---: | ---: | --- | ---: | ---: |",
    ]
    for corpus, scores in totals.items():
        for kind, (precision, recall) in scores.table().items():
            lines.append(
                f"| {corpus} | {counts[corpus]} | {scores.annotated} | {kind} "
                f"| {precision:.3f} | {recall:.3f} |"
            )
    return "\n".join(lines)
