"""Where a figure happened: the place or organisation its sentence names, or its context's.

A report names places in full ("Công an huyện Ý Yên", "tại xã Lan Mẫu, huyện Lục Nam"),
or by their level alone, meaning the unit it speaks of: "toàn tỉnh", "Công an huyện",
"Hội Cựu chiến binh xã" (the commune named last), "các xã" (every commune of the unit
the report covers: the figure is that unit's). Names are found by `place_mentions` and
resolved as of the figure's period. A name written without its type word counts in the
title, or after "Công an", "tại", "ở", "địa bàn": people's and organisations' names hold
place names ("Hoàng Văn Lâm" is not huyện Văn Lâm, "Đoàn TNCS Hồ Chí Minh" not the city).
Where a figure happened ("tại xã Kiến An") outranks who did it ("Công an huyện").

The unit a report covers is the one its title names (the deepest, when the title names
a unit and the units above it, which settles a name several units bear), else the only
province the text names.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import re
from collections.abc import Sequence

import attrs
import pendulum

from danvan._dates import to_date
from danvan._extract.layout import BlockKind, Layout
from danvan._period import Period
from danvan._place_names import split_type
from danvan._place_resolver import (
    PlaceCandidate,
    PlaceMention,
    label,
    place_mentions,
    resolve_place,
)
from danvan._places import Gazetteer, Level, Place

__all__ = ["PlaceContext", "Reference"]


@attrs.frozen
class Reference:
    """A place a figure may take: the unit (None when it cannot be resolved), the words
    as written, their span, an organisation named with it, and how it reaches the figure.
    """

    place: Place | None
    text: str
    start: int
    end: int
    organisation: str = ""
    how: str = "sentence"
    note: str = ""
    named: bool = True  # a name ("xã Pả Vi"), not a level word ("Công an huyện")
    candidates: tuple[Place, ...] = ()  # the units an ambiguous name may be
    located: bool = False  # written after "tại", "ở", "trên địa bàn": where, not who


_LEVEL_WORDS = {
    "tỉnh": Level.PROVINCE,
    "huyện": Level.DISTRICT,
    "quận": Level.DISTRICT,
    "thị xã": Level.DISTRICT,
    "thành phố": None,  # a province-level city or a district-level one: by the context
    "xã": Level.COMMUNE,
    "phường": Level.COMMUNE,
    "thị trấn": Level.COMMUNE,
}
_GENERIC = re.compile(
    r"(?<!\w)(?:(toàn|các|mỗi|những|cả|từng)[ \t]{1,3})?(thành phố|thị xã|thị trấn|tỉnh|huyện"
    r"|quận|xã|phường)(?!\w)(?![ \t]{1,3}(?:hội|viên)(?!\w))",
    re.IGNORECASE,
)
_NEXT_WORD = re.compile(r"[ \t]{1,3}(\S)")
_PLURAL = {"các", "mỗi", "những", "từng"}
# Organisations a place name or level word may follow, longest first.
_ORGANISATIONS = (
    "Ủy ban Mặt trận Tổ quốc",
    "Ủy ban MTTQ",
    "Ủy ban nhân dân",
    "Mặt trận Tổ quốc",
    "Hội Liên hiệp Phụ nữ",
    "Hội LHPN",
    "Hội Phụ nữ",
    "Hội Nông dân",
    "Hội Cựu chiến binh",
    "Đoàn Thanh niên",
    "Ban Dân vận",
    "Công an",
    "UBND",
)
_ORGANISATION = re.compile(
    r"(?:" + "|".join(re.escape(o) for o in _ORGANISATIONS) + r")[ \t]{1,3}$", re.IGNORECASE
)
_OPENING = 40  # characters: a name this close to a sentence's start opens it
_RECENT = 20  # names looked back at for a level word ("xã" after "xã Yên Tiến")
_LOCATIVE = re.compile(r"(?:tại|ở|trên địa bàn)[ \t]{1,3}$", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[;:]")
_LIST_GAP = re.compile(r"[ \t]{0,3}(?:,|và|,[ \t]{0,3}và)[ \t]{0,3}", re.IGNORECASE)
_QUALIFYING = re.compile(r"[ \t]{0,3}(?:,|\(|-|–)[ \t]{0,3}")  # "xã Tân Yên, tỉnh Bắc Ninh"
_OWNER = re.compile(r"(?<!\w)của[ \t]{1,3}$", re.IGNORECASE)
_CONTEXT = re.compile(r"(?:Công an|tại|ở|địa bàn)[ \t]{1,3}$", re.IGNORECASE)


class PlaceContext:
    """The places of one text, ready to be asked about each figure."""

    def __init__(
        self,
        text: str,
        layout: Layout,
        gazetteer: Gazetteer,
        published: pendulum.Date | None,
        covers: Place | None,
        figures: Sequence[tuple[int, int]],
    ) -> None:
        self.text = text
        self.layout = layout
        self.gazetteer = gazetteer
        self.published = published
        title_end = next(
            (b.start for b in layout.blocks if b.kind is not BlockKind.TITLE), len(text)
        )
        # Every name is read: a level word may refer to a unit named paragraphs before.
        self.references: list[Reference] = []
        self._read_names(title_end)
        # "Quỹ ... huyện 25 triệu đồng": a figure after a level word is no name ("phường 25").
        ends = dict(figures)
        starts = sorted(ends)
        self.references = [
            r for r in self.references if not _overlaps(starts, ends, r.start, r.end)
        ]
        self.covers = covers if covers is not None else self._covered(title_end)
        if self.covers is not None:
            self.references = self._narrow(self.references, [self.covers])
        self.references = self._without_qualifiers(self.references)
        self.named = list(self.references)  # names, in text order
        self.named_starts = [r.start for r in self.named]
        taken = bytearray(len(text))  # the characters of names and figures
        for start, end in [*((r.start, r.end) for r in self.named), *figures]:
            taken[start:end] = b"\x01" * (end - start)
        for m in _GENERIC.finditer(text):
            if any(taken[m.start() : m.end()]):
                continue
            after = _NEXT_WORD.match(text, m.end())
            if after and (
                after.group(1).isupper() or (after.group(1).isdigit() and not taken[after.start(1)])
            ):
                continue  # "huyện Ý Yên", "phường 12": a name (not "huyện 25 triệu đồng")
            self.references.append(self._generic(m))
        self.references.sort(key=lambda r: r.start)
        self.starts = [r.start for r in self.references]
        # References opening a sentence, block by block: (the sentence's start, reference).
        self.openings: list[list[tuple[int, Reference]]] = []
        for block in layout.blocks:
            found = []
            for start, end in block.sentences:
                opening = self._in(start, min(end, start + _OPENING))
                placed = [r for r in opening if r.place is not None]
                if placed:
                    found.append((start, attrs.evolve(placed[0], how="paragraph")))
            self.openings.append(found)

    def _in(self, start: int, end: int) -> list[Reference]:
        """The references starting within ``[start, end)``, found by bisection."""
        first = bisect.bisect_left(self.starts, start)
        last = bisect.bisect_left(self.starts, end)
        return self.references[first:last]

    # -- names ------------------------------------------------------------------------------

    def _read_names(self, title_end: int) -> None:
        for mention in place_mentions(self.text, self.gazetteer, as_of=self.published):
            reference = self._named(mention, in_title=mention.start < title_end)
            if reference is not None:
                self.references.append(reference)

    def _named(self, mention: PlaceMention, *, in_title: bool) -> Reference | None:
        typed = split_type(mention.text)[0] is not None
        best = mention.resolution.best
        place = _one(best, prefer_high=not typed)
        candidates: tuple[Place, ...] = ()
        if place is None:
            if not best or not (typed or in_title):
                return None
            candidates = tuple(c.place for c in best)  # "huyện Chợ Mới": two provinces have one
        before = self.text[max(0, mention.start - 20) : mention.start]
        if place is not None and not (typed or in_title) and not _CONTEXT.search(before):
            return None  # "Đoàn TNCS Hồ Chí Minh", "Hoàng Văn Lâm": names of people
        return Reference(
            place,
            mention.text,
            mention.start,
            mention.end,
            self._organisation(mention.start, mention.text),
            candidates=candidates,
            located=bool(_LOCATIVE.search(before)),
        )

    def _narrow(self, references: list[Reference], around: Sequence[Place]) -> list[Reference]:
        """Ambiguous names settled by the units around them: the one candidate that lies
        in (or holds) one of ``around``; still ambiguous ones are left without a place."""
        out = []
        for r in references:
            if r.place is None and r.candidates:
                fits = [
                    c
                    for c in r.candidates
                    if any(self._within(c, a) or self._within(a, c) for a in around)
                ]
                if len(fits) == 1:
                    r = attrs.evolve(
                        r, place=fits[0], note=f"'{r.text}': the one in the report's unit"
                    )
            out.append(r)
        return out

    def _without_qualifiers(self, references: list[Reference]) -> list[Reference]:
        """Names without those that only say where the name before them lies: in "xã Tân
        Yên, tỉnh Bắc Ninh" and "huyện Tân Yên (tỉnh Bắc Giang)" the place is the commune
        and the district, not the province."""
        out: list[Reference] = []
        for r in references:
            last = out[-1] if out else None
            if (
                last is not None
                and last.place is not None
                and r.place is not None
                and last.place.level.rank > r.place.level.rank
                and _QUALIFYING.fullmatch(self.text, last.end, r.start)
                and self._within(last.place, r.place)
            ):
                continue
            out.append(r)
        return out

    def _organisation(self, start: int, written: str) -> str:
        before = self.text[max(0, start - 40) : start]
        found = _ORGANISATION.search(before)
        if found is None:
            return ""
        return " ".join(f"{found.group().strip()} {written}".split())

    def _covered(self, title_end: int) -> Place | None:
        """The unit the report covers: the title's deepest, else the only province named.

        A letterhead names the unit and those above it ("CÔNG AN TỈNH AN GIANG / CÔNG AN
        HUYỆN CHỢ MỚI"): a name that several units bear is the one within the others."""
        title = [r for r in self.references if r.start < title_end]
        known = [r.place for r in title if r.place is not None]
        title = self._narrow(title, known)
        titled = [r.place for r in title if r.place]
        if titled:
            deepest = max(titled, key=lambda p: p.level.rank)
            if all(self._within(deepest, p) for p in titled):
                return deepest
        provinces = {
            r.place.code: r.place
            for r in self.references
            if r.place and (r.place.level is Level.PROVINCE)
        }
        if len(provinces) == 1:
            return next(iter(provinces.values()))
        return None

    def _within(self, inner: Place, outer: Place) -> bool:
        if inner.code == outer.code:
            return True
        day = self.published or inner.valid_to or inner.valid_from
        if day is None:
            return False
        found = self.gazetteer.ancestor_at(inner.code, outer.level, as_of=day)
        return found is not None and found.code == outer.code

    # -- level words ------------------------------------------------------------------------

    def _generic(self, m: re.Match[str]) -> Reference:
        determiner = (m.group(1) or "").casefold()
        word = m.group(2).casefold()
        level = _LEVEL_WORDS[word]
        written = " ".join(m.group().split())
        organisation = self._organisation(m.start(), "")
        place: Place | None = None
        note = ""
        if determiner in _PLURAL:
            place = (
                self.covers
                if self.covers is not None
                and (level is None or self.covers.level.rank <= level.rank)
                else None
            )
            note = f"'{written}': the unit the report covers"
        else:
            recent = self._recent(m.start(), level)
            if recent is not None:
                place = recent.place
                note = f"'{written}': {recent.text}, named before it"
            else:
                place = self._at_level(level)
                note = f"'{written}': the report's {word}"
        if organisation and place is not None:
            head = organisation.strip()
            if determiner in _PLURAL:  # "Công an các xã": the communes' police of the unit
                organisation = f"{head} {written}, {_kind_name(place)}"
            else:
                organisation = f"{head} {_kind_name(place)}"
        return Reference(place, written, m.start(), m.end(), organisation, "sentence", note, False)

    def _recent(self, pos: int, level: Level | None) -> Reference | None:
        """The last unit of ``level`` named before ``pos`` (a few names back): "thị trấn"
        after "tại thị trấn Hồ Xá" is Hồ Xá, in the next paragraph too."""
        i = bisect.bisect_left(self.named_starts, pos) - 1
        for r in self.named[max(0, i - _RECENT) : i + 1][::-1]:
            if r.place is not None and r.end <= pos and (level is None or r.place.level is level):
                return r
        return None

    def _at_level(self, level: Level | None) -> Place | None:
        covers = self.covers
        if covers is None:
            return None
        if level is None or covers.level is level:
            return covers
        if covers.level.rank > level.rank:
            day = self.published or covers.valid_to or covers.valid_from
            if day is None:
                return None
            return self.gazetteer.ancestor_at(covers.code, level, as_of=day)
        return None

    # -- asking -----------------------------------------------------------------------------

    def stated_for(
        self,
        pos: int,
        sentence: tuple[int, int],
        period: Period | None,
        published: _dt.date | None,
    ) -> Reference | None:
        """The place stated for a figure at ``pos``: where its clause says it happened
        ("tại xã Kiến An", before or after it), else the name before it in its sentence,
        else a level word ("Công an huyện"), else a name after it in its clause, else the
        name opening its paragraph, else the unit the report covers. ``sentence`` is the
        figure's context (see `Layout.around`)."""
        index = self.layout.block_at(pos)
        inside = [r for r in self._in(*sentence) if r.end <= sentence[1] and r.place]
        marks = [m.end() for m in _CLAUSE_END.finditer(self.text, sentence[0], pos)]
        clause_start = marks[-1] if marks else sentence[0]
        clause_end = _CLAUSE_END.search(self.text, pos, sentence[1])
        stop = clause_end.start() if clause_end else sentence[1]
        # "7 phường cũ của thành phố Thanh Hóa, có 84 tổ dân phố": a name after "của"
        # says whose the noun before it is, not where the figures after it are.
        before = [r for r in inside if r.end <= pos and not self.owner(r)]
        named = [r for r in before if r.named]
        after = [r for r in inside if pos <= r.start < stop and r.named and not self.aside(r)]
        located = [r for r in named if r.located and r.start >= clause_start]
        located_after = [r for r in after if r.located]
        # A clause states its own place: "... tại xã Thụy Hùng; cán bộ ủng hộ Quỹ huyện
        # 25 triệu đồng" is the district's, not the commune's.
        own = [r for r in before if r.start >= clause_start]
        chosen: Reference | None = None
        if located:  # "tại thị trấn Hồ Xá, Công an huyện Vĩnh Linh tổ chức ...": where
            chosen = self._listed(located[-1], inside)
        elif located_after:  # "trao 150 phần quà ... tại xã Kiến An"
            chosen = self._listed(located_after[0], inside)
        elif own and not any(r.named for r in own) and clause_start > sentence[0]:
            chosen = own[-1]
        elif named:  # "tại xã Pả Vi, Công an huyện tổ chức ...": a name over a level word
            chosen = named[-1]
        elif before:
            chosen = before[-1]
        elif after:
            chosen = after[0]
        else:
            chosen = self._where_before(index, sentence[0])
            openings = self.openings[index]
            earlier = bisect.bisect_left(openings, sentence[0], key=lambda o: o[0])
            if chosen is None and earlier:
                chosen = openings[earlier - 1][1]
        if chosen is None:
            if self.covers is None:
                return None
            chosen = Reference(
                self.covers,
                "",
                -1,
                -1,
                how="report",
                note="no place named for it: the unit the report covers",
            )
        return self._as_of(chosen, period, published)

    def _where_before(self, index: int, start: int) -> Reference | None:
        """Where the sentence before (in the same block) says its event happened ("...
        tổ chức chương trình tại thị trấn Giồng Trôm. Chương trình tiếp nhận 476 đơn vị
        máu"): the place of a sentence that names none."""
        sentences = self.layout.blocks[index].sentences
        i = bisect.bisect_left(sentences, start, key=lambda s: s[0])
        if i == 0:
            return None
        before = sentences[i - 1]
        located = [
            r
            for r in self._in(*before)
            if r.located and r.named and r.place is not None and not self.aside(r)
        ]
        if not located:
            return None
        return attrs.evolve(located[-1], how="paragraph")

    def _listed(self, reference: Reference, inside: Sequence[Reference]) -> Reference:
        """A place named in a list ("tại xã Tân Trào và xã Hợp Thành"): the unit holding
        them all, for a figure of them together."""
        group = [reference]
        for r in inside:
            last = group[-1]
            if r.start >= last.end and _LIST_GAP.fullmatch(self.text[last.end : r.start]):
                group.append(r)
        first = reference
        for r in reversed([r for r in inside if r.end <= reference.start]):
            if _LIST_GAP.fullmatch(self.text[r.end : first.start]):
                group.insert(0, r)
                first = r
            else:
                break
        places = [r.place for r in group if r.place is not None]
        if len(places) < 2:
            return reference
        day = self.published or places[0].valid_to or places[0].valid_from
        if day is None:
            return reference
        for level in (Level.DISTRICT, Level.PROVINCE):
            above = {
                (a.code if a else None)
                for a in (self.gazetteer.ancestor_at(p.code, level, as_of=day) for p in places)
            }
            if len(above) == 1 and None not in above:
                unit = self.gazetteer.get(next(iter(above)) or "")
                text = self.text[group[0].start : group[-1].end]
                return attrs.evolve(reference, place=unit, text=text, note=f"'{text}': {unit.name}")
        return reference

    def owner(self, reference: Reference) -> bool:
        """Whether a name follows "của" ("phường cũ của thành phố Thanh Hóa")."""
        return _OWNER.search(self.text, max(0, reference.start - 8), reference.start) is not None

    def aside(self, reference: Reference) -> bool:
        """Whether a name stands in brackets (an address, an aside)."""
        line_start = self.text.rfind("\n", 0, reference.start) + 1
        before = self.text[line_start : reference.start]
        return before.count("(") > before.count(")")

    def _as_of(
        self, reference: Reference, period: Period | None, published: _dt.date | None
    ) -> Reference:
        """The reference resolved again when its unit was not in force during the period
        (or on the day the report was published, for a figure without a period)."""
        place = reference.place
        if place is None or not reference.text:
            return reference
        if period is not None:
            start, end = period.start, period.end or period.start
        elif published is not None:
            start = end = to_date(published)
        else:
            return reference
        if _in_force(place, start, end):
            return reference
        again = resolve_place(reference.text, self.gazetteer, as_of=end)
        best = again.place
        if best is not None and _in_force(best, start, end):
            return attrs.evolve(reference, place=best)
        return attrs.evolve(
            reference, place=None, note=f"{label(place)} was not in force from {start} to {end}"
        )


def _overlaps(starts: Sequence[int], ends: dict[int, int], start: int, end: int) -> bool:
    """Whether a figure (``starts`` sorted, ``ends`` by start) overlaps ``[start, end)``."""
    i = bisect.bisect_left(starts, end) - 1
    return i >= 0 and ends[starts[i]] > start


def _in_force(place: Place, start: _dt.date, end: _dt.date) -> bool:
    """Whether ``place`` existed at some time from ``start`` to ``end``."""
    return (place.valid_from is None or place.valid_from <= end) and (
        place.valid_to is None or place.valid_to >= start
    )


def _one(candidates: Sequence[PlaceCandidate], *, prefer_high: bool) -> Place | None:
    """The unit the best candidates name: the one, or for a name written without its
    type word, the highest of them ("Tiền Hải" is the district, not its township)."""
    places = [c.place for c in candidates]
    if len(places) == 1:
        return places[0]
    if prefer_high and places:
        top = min(p.level.rank for p in places)
        highest = [p for p in places if p.level.rank == top]
        if len(highest) == 1:
            return highest[0]
    return None


def _kind_name(place: Place) -> str:
    """ "huyện Ý Yên": a unit as an organisation's name ends with it."""
    if not place.kind or split_type(place.name, loose=False)[0] is not None:
        return place.name
    return f"{place.kind} {place.name}"
