"""When a figure happened: the period its sentence states, or one stated for its context.

Reports state a period once and let it stand: in the title ("... 9 tháng đầu năm 2022"),
in a heading ("II. PHƯƠNG HƯỚNG NĂM 2022"), in the line that introduces a list, or in
the first words of a sentence ("Trong 5 năm qua, ...", which holds for the rest of the
paragraph). A period inside a sentence holds for that sentence's figures, the nearest
before the figure first. Not every period phrase is the period of a figure: the base of
a comparison ("so với cùng kỳ năm 2021"), a birth year ("sinh năm 1990"), the year of a
law ("Luật ... năm 2017") and the date of a cited document ("số 15/KH-CAT ngày
20/01/2021") are left out.

The phrases themselves are read by `parse_period` (through `period_mentions`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

import attrs

from danvan._extract.layout import BlockKind, Layout
from danvan._period import Period
from danvan._period_text import PeriodMention

__all__ = ["PeriodContext", "Stated"]

# What a period phrase says when it is not the period of the figures around it.
# ... and "gấp 1,2 lần năm 2022": the base of a multiple.
_COMPARISON = re.compile(
    r"(?:(?:so với|cùng kỳ|so cùng kỳ)[ \t]{1,3}(?:cùng kỳ[ \t]{1,3})?"
    r"|gấp[ \t]{1,3}[\d.,]{1,12}[ \t]{1,3}lần[ \t]{1,3}(?:so với[ \t]{1,3})?)$",
    re.I,
)
_BIRTH = re.compile(r"(?:sinh|thành lập|ra đời)[ \t]{1,3}$", re.I)
_DOCUMENT_DATE = re.compile(r"[/-][\w.-]{1,40}[ \t]{1,3}$")  # "số 15/KH-CAT ngày ..."
_LAW = re.compile(r"(?:Luật|Bộ luật|Pháp lệnh)[^.;:\n]{0,160}$")
_CODE = re.compile(r"\d{4}-\d{2}(?:-\d{2})?")  # "date 2022-02": a file's metadata, not prose
# "qua 3 tháng triển khai": how long a drive has run, up to the report's date.
_RUNNING = re.compile(
    r"(?:(?:qua|sau)[ \t]{1,3})?\d{1,3}[ \t]{1,3}(?:ngày|tuần|tháng|năm)[ \t]", re.I
)
_WORD = re.compile(r"\S{1,100}")
_INITIAL_WORDS = 8  # a phrase this close to a sentence's start frames what follows


@attrs.frozen
class Stated:
    """A period a figure may take: the period, the phrase, and how far it reaches."""

    period: Period
    start: int
    end: int
    how: str  # "sentence", "paragraph", "list", "section", "document"


class PeriodContext:
    """The periods of one text, ready to be asked about each figure."""

    def __init__(
        self,
        text: str,
        layout: Layout,
        mentions: Sequence[PeriodMention],
        figure_starts: Sequence[int],
    ) -> None:
        self.text = text
        self.layout = layout
        self.mentions = [m for m in mentions if self._usable(m)]  # in text order
        self.starts = [m.start for m in self.mentions]
        self.figure_starts = sorted(figure_starts)
        self.document = self._document()
        # Frames, block by block: the period each block inherits from above it.
        self.inherited: list[Stated | None] = self._frames()
        # Phrases opening a sentence, block by block: (the sentence's start, the period).
        self.openings: list[list[tuple[int, Stated]]] = [
            [
                (start, _stated(m, "paragraph"))
                for start, end in block.sentences
                for m in self._in(start, end)
                if self.initial(m, (start, end))
            ]
            for block in layout.blocks
        ]

    def _usable(self, mention: PeriodMention) -> bool:
        """Whether a phrase is the period of the figures around it."""
        text = self.text
        if _CODE.fullmatch(text[mention.start : mention.end]):
            return False
        before = text[max(0, mention.start - 200) : mention.start]
        line = before.rsplit("\n", 1)[-1]
        phrase = text[mention.start : mention.end].lower()
        if _COMPARISON.search(line) or _BIRTH.search(line):
            return False
        if phrase.startswith("ngày") and _DOCUMENT_DATE.search(line):
            return False
        return not (phrase.startswith("năm") and _LAW.search(line))

    def _in(self, start: int, end: int) -> list[PeriodMention]:
        """The phrases within ``[start, end)``, found by bisection."""
        out = []
        for i in range(bisect.bisect_left(self.starts, start), len(self.mentions)):
            m = self.mentions[i]
            if m.start >= end:
                break
            if m.end <= end:
                out.append(m)
        return out

    def _document(self) -> Stated | None:
        """The period of the whole text: its title's, else the first of its lead paragraph."""
        blocks = self.layout.blocks
        for block in blocks:
            if block.kind is BlockKind.TITLE:
                found = self._in(block.start, block.end)
                if found:
                    return _stated(found[0], "document")
        lead = next((b for b in blocks if b.kind is not BlockKind.TITLE), None)
        if lead is not None:
            found = [m for m in self._in(lead.start, lead.end) if not _running(m)]
            if found:
                return _stated(found[0], "document")
        return None

    def _frames(self) -> list[Stated | None]:
        """For each block, the period its heading, list introduction or title states."""
        headings: dict[int, Stated | None] = {}
        intro: Stated | None = None
        out: list[Stated | None] = []
        for block in self.layout.blocks:
            found = self._in(block.start, block.end)
            if block.kind is BlockKind.HEADING:
                level = block.level or 1
                headings = {k: v for k, v in headings.items() if k < level}
                headings[level] = _stated(found[0], "section") if found else None
                intro = None
            elif block.kind is not BlockKind.ITEM:
                intro = None
            stated = [v for _, v in sorted(headings.items()) if v is not None]
            frame = stated[-1] if stated else self.document
            if block.kind is BlockKind.ITEM and intro is not None:
                frame = intro
            out.append(frame)
            if block.intro and found:
                intro = _stated(found[-1], "list")
        return out

    def initial(self, mention: PeriodMention, sentence: tuple[int, int]) -> bool:
        """Whether a phrase opens its sentence ("Trong 5 năm qua, ..."): before any figure
        and within its first words."""
        start = sentence[0]
        first = bisect.bisect_left(self.figure_starts, start)
        if first < len(self.figure_starts) and self.figure_starts[first] < mention.start:
            return False
        words = len(_WORD.findall(self.text, start, min(mention.start, start + 400)))
        return words <= _INITIAL_WORDS

    def stated_for(self, pos: int, sentence: tuple[int, int]) -> Stated | None:
        """The period stated for a figure at ``pos`` in ``sentence`` (its context, see
        `Layout.around`): its sentence's, else its paragraph's (a phrase opening an
        earlier sentence), else what its block inherits."""
        index = self.layout.block_at(pos)
        inside = self._in(*sentence)
        before = [m for m in inside if m.end <= pos]
        after = [m for m in inside if m.start >= pos]
        if before:
            return self._resolve(_stated(_narrowest(before), "sentence"))
        openings = self.openings[index]
        earlier = bisect.bisect_left(openings, sentence[0], key=lambda o: o[0])
        opening = openings[earlier - 1][1] if earlier else None
        if after:
            return self._resolve(_stated(after[0], "sentence"))
        if opening is not None:
            return self._resolve(opening)
        return self.inherited[index]

    def _resolve(self, stated: Stated) -> Stated:
        """ "Qua 3 tháng triển khai": the drive the text describes, when it names one."""
        phrase = self.text[stated.start : stated.end]
        if _RUNNING.match(phrase) and stated.period.label and self.document is not None:
            return self.document
        return stated


def _narrowest(before: Sequence[PeriodMention]) -> PeriodMention:
    """Of the periods before a figure in its sentence, the nearest, unless an earlier one
    lies within it: then the narrowest such ("Sáng 18/8/2024, ... Ngày hội ... năm 2024,
    thu hút 1.000 người": the day, within the year)."""
    nearest = before[-1]
    # Strictly narrower: "Đợt 1 năm 2023 ...; đợt 2/2023 ...": both the year, the nearest.
    inner = [
        m
        for m in before[:-1]
        if _holds(nearest.period, m.period) and _days(m.period) < _days(nearest.period)
    ]
    return min(inner, key=lambda m: _days(m.period)) if inner else nearest


def _holds(outer: Period, inner: Period) -> bool:
    if outer.end is None or inner.end is None:
        return False
    return outer.start <= inner.start and inner.end <= outer.end


def _days(period: Period) -> int:
    end = period.end or period.start
    return (end - period.start).days


def _running(mention: PeriodMention) -> bool:
    return bool(mention.period.label) and bool(_RUNNING.match(mention.period.label))


def _stated(mention: PeriodMention, how: str) -> Stated:
    return Stated(mention.period, mention.start, mention.end, how)
