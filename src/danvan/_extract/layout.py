"""The layout of a report: its title, headings, list items, paragraphs and sentences.

Reports state a period or a place once and let it stand for what follows: the title
("Báo cáo kết quả ... 9 tháng đầu năm 2022"), a heading ("II. PHƯƠNG HƯỚNG NĂM 2022"),
the line that introduces a list ("Năm 2023, ... đạt các kết quả sau:"), the first words
of a sentence ("Trong 5 năm qua, ..."). This module finds those pieces; `periods` and
`places` read what they say.

Each line of the text is a block: reports put one paragraph, heading or list item on a
line. Leading short lines without a full stop are the title.
"""

from __future__ import annotations

import bisect
import enum
import re

import attrs

__all__ = ["Block", "BlockKind", "Layout", "read_layout"]


class BlockKind(enum.Enum):
    """What a line of a report is."""

    TITLE = "title"
    HEADING = "heading"
    ITEM = "item"  # a list item: "- ...", "+ ...", "a) ..."
    PARAGRAPH = "paragraph"


@attrs.frozen
class Block:
    """One non-blank line: its span, kind, heading level and sentences.

    ``level`` orders headings: 1 for "I.", 2 for "1.", 3 for "1.1." or "a)"; 0 for
    other blocks. ``intro`` is true for a line that introduces a list (ends with ":").
    """

    start: int
    end: int
    kind: BlockKind
    level: int
    intro: bool
    sentences: tuple[tuple[int, int], ...]
    sentence_starts: tuple[int, ...] = attrs.field(init=False)

    @sentence_starts.default
    def _sentence_starts(self) -> tuple[int, ...]:
        return tuple(start for start, _ in self.sentences)


@attrs.frozen
class Layout:
    """The blocks of a text, in order."""

    blocks: tuple[Block, ...]
    starts: tuple[int, ...] = attrs.field(init=False)

    @starts.default
    def _starts(self) -> tuple[int, ...]:
        return tuple(b.start for b in self.blocks)

    def block_at(self, pos: int) -> int:
        """The index of the block holding offset ``pos`` (the last one before it if none)."""
        return max(bisect.bisect_right(self.starts, pos) - 1, 0)

    def around(self, start: int, end: int) -> tuple[int, int]:
        """The sentence holding ``[start, end)``, cut to `REACH` characters on each side:
        the context a figure is read in (an endless sentence is not read whole for
        every figure in it)."""
        sentence = self.sentence_at(start)
        return max(sentence[0], start - REACH), min(sentence[1], end + REACH)

    def sentence_at(self, pos: int) -> tuple[int, int]:
        """The span of the sentence holding offset ``pos``."""
        block = self.blocks[self.block_at(pos)]
        if not block.sentences:
            return block.start, block.end
        index = bisect.bisect_right(block.sentence_starts, pos) - 1
        return block.sentences[max(index, 0)]


_LINE = re.compile(r"[^\n]{1,100000}")
REACH = 600
"""Characters of a sentence read on each side of a figure: sentences of reports are
shorter; a longer one (a list run together) is read near each figure only."""
_ROMAN = re.compile(r"[ \t]{0,8}[IVX]{1,5}[.)][ \t]")
_NUMBERED = re.compile(r"[ \t]{0,8}(\d{1,2}(?:\.\d{1,2}){0,3})[.)]?[ \t]")
_LETTERED = re.compile(r"[ \t]{0,8}[a-zđ]\)[ \t]")
_BULLET = re.compile(r"[ \t]{0,8}[-+•*–][ \t]")
_TITLE_LENGTH = 160
# A sentence ends at . ! ? … before a space and a capital letter, digit, quote or bracket
# (or at the end of the line), except after the abbreviations of unit types and titles.
_END = re.compile(r"[.!?…]{1,3}[”\"’)]{0,2}(?=[ \t]{1,8}[\w“\"(\-–]|[ \t]{0,8}$)")
_NUMBERING = re.compile(r"[\dIVX]{1,4}(?:\.\d{1,2}){0,3}")
_ABBREVIATIONS = frozenset(
    [
        "tp",
        "tx",
        "tt",
        "q",
        "h",
        "p",
        "x",
        "ths",
        "ts",
        "pgs",
        "gs",
        "đ/c",
        "v.v",
        "st",
        "no",
        "tr",
        "đt",
    ]
)


def read_layout(text: str) -> Layout:
    """The blocks of ``text``: title lines, headings, list items and paragraphs.

    >>> layout = read_layout("BÁO CÁO\\nKết quả năm 2021\\n\\nI. KẾT QUẢ\\n- Tổ chức 5 buổi.")
    >>> [b.kind.value for b in layout.blocks]
    ['title', 'title', 'heading', 'item']
    """
    blocks: list[Block] = []
    in_title = True
    for line in _LINE.finditer(text):
        raw = line.group()
        if not raw.strip():
            continue
        start = line.start() + len(raw) - len(raw.lstrip())
        end = line.start() + len(raw.rstrip())
        body = raw.strip()
        kind, level = _kind(raw, body)
        title_line = (kind is BlockKind.PARAGRAPH and _title_like(body)) or (
            kind is BlockKind.HEADING and level == 0
        )
        if in_title and title_line:
            kind = BlockKind.TITLE
        else:
            in_title = False
        blocks.append(
            Block(start, end, kind, level, body.endswith(":"), tuple(_sentences(text, start, end)))
        )
    if not blocks:
        blocks.append(Block(0, len(text), BlockKind.PARAGRAPH, 0, False, ((0, len(text)),)))
    return Layout(tuple(blocks))


def _kind(raw: str, body: str) -> tuple[BlockKind, int]:
    if _BULLET.match(raw) or _LETTERED.match(raw):
        return BlockKind.ITEM, 0
    short = len(body) <= _TITLE_LENGTH and not body.endswith((".", ";", ":", ","))
    if _ROMAN.match(raw) and short:
        return BlockKind.HEADING, 1
    numbered = _NUMBERED.match(raw)
    if numbered and short:
        return BlockKind.HEADING, 2 + numbered.group(1).count(".")
    if short and body.upper() == body and any(ch.isalpha() for ch in body):
        return BlockKind.HEADING, 0  # a line in capitals
    return BlockKind.PARAGRAPH, 0


def _title_like(body: str) -> bool:
    return len(body) <= _TITLE_LENGTH and not body.endswith((".", ";", ":"))


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    begin = start
    for stop in _END.finditer(text, start, end):
        word = text[max(begin, stop.start() - 6) : stop.start()].split()
        last = word[-1].casefold() if word else ""
        if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
            continue
        if _NUMBERING.fullmatch(text[begin : stop.start()].strip()):
            continue  # "1. Công tác tuyên truyền", "II. PHƯƠNG HƯỚNG": a heading's number
        out.append((begin, stop.end()))
        begin = stop.end()
        while begin < end and text[begin] in " \t":
            begin += 1
    if begin < end:
        out.append((begin, end))
    return out
