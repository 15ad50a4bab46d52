"""`extract`: every figure a report states, with a proposed record for each.

The proposal is what a careful reader would write down, and why: the metric and the
words that led to it, the period and the phrase that states it, the place and how it
reaches the figure. Nothing is guessed: a figure whose metric, period or value the text
does not give keeps it empty, and `Extraction.to_dataset` lists it as unresolved
instead of making an observation of it.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import enum
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

import attrs
import pendulum

from danvan._dataset import Dataset
from danvan._dates import to_date
from danvan._documents import document_id
from danvan._extract.layout import REACH, BlockKind, Layout, read_layout
from danvan._extract.metrics import Evidence, MetricScorer, keys
from danvan._extract.periods import PeriodContext
from danvan._extract.places import PlaceContext, Reference
from danvan._extract.structure import Placed, link
from danvan._figure_text import FoundFigure, find_figures
from danvan._metrics import Aggregation, Breakdown, Catalogue, standard_catalogue
from danvan._national import national_gazetteer
from danvan._observations import Observation, Source, SourceKind
from danvan._organisations import Organisation, OrganisationKind
from danvan._period import Calendar, Period
from danvan._period_text import period_mentions
from danvan._place_resolver import label, resolve_place
from danvan._places import Gazetteer, Place
from danvan._public import publish
from danvan._quantity import Quantity
from danvan._ratio import Ratio
from danvan._text import match_key, nfc
from danvan._units import Dimension
from danvan.errors import InvalidValueError, UnknownReferenceError

__all__ = [
    "Candidate",
    "Extraction",
    "FigureKind",
    "MetricProposal",
    "PeriodProposal",
    "PlaceProposal",
    "extract",
    "labels",
    "organisation_record",
    "record_note",
    "remark",
    "report_source",
    "why_left_out",
]


class FigureKind(enum.Enum):
    """What a figure states: a result, a target, or a change between two periods."""

    RESULT = "result"
    """What was done or is so: "tổ chức 126 buổi", "hiện có 64 mô hình"."""
    TARGET = "target"
    """What is aimed at: "phấn đấu ... ít nhất 3 tỷ đồng", "đặt mục tiêu có thêm 3 xã"."""
    CHANGE = "change"
    """A difference from another period: "giảm 15 vụ so với cùng kỳ", "(-7,2%)"."""


@attrs.frozen(kw_only=True)
class MetricProposal:
    """The metric a figure measures, as proposed.

    Args:
        code: The metric's code in the catalogue.
        score: Its share of the evidence against the next best metric, from 0.5 (a
            tie) to 1 (no other metric fits).
        words: The words of the text that led to it ("giao nộp", "súng").
        alternatives: Other metrics that fit, best first.
    """

    code: str
    score: Decimal
    words: tuple[str, ...]
    alternatives: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class PeriodProposal:
    """The period a figure covers, as proposed.

    Args:
        period: The period.
        text: The phrase that states it, as written ("Trong 5 năm qua").
        start: Offset of the phrase in the text.
        end: Offset just after it.
        how: How it reaches the figure: "sentence" (stated in the figure's sentence),
            "paragraph" (opening an earlier sentence of its paragraph), "list" (in the
            line introducing its list), "section" (in its heading) or "document" (in the
            title, or the lead paragraph).
    """

    period: Period
    text: str
    start: int
    end: int
    how: str


@attrs.frozen(kw_only=True)
class PlaceProposal:
    """The place a figure covers, as proposed.

    Args:
        code: The unit's code in the gazetteer.
        name: The unit as people write it, with its code: "huyện Ý Yên (360)".
        text: The words that name it ("Công an huyện", "toàn tỉnh", "xã Lan Mẫu"), or
            "" when the text names none and the unit is the one the report covers.
        how: "sentence", "paragraph" (named opening its paragraph) or "report".
        organisation: The organisation named with it ("Công an huyện Ý Yên"), or "".
    """

    code: str
    name: str
    text: str
    how: str
    organisation: str = ""


@attrs.frozen(kw_only=True)
class Candidate:
    """A figure a text states, and the record proposed for it.

    Args:
        id: Its key in the extraction: "f1", "f2"... in text order.
        start: Offset of its first character in `Extraction.text`.
        end: Offset just after it: ``extraction.text[start:end] == text``.
        text: The figure as written ("gần 9.000 tin có giá trị").
        sentence: The sentence it stands in: the quote of its observation.
        value: What it states, or None when it cannot be read (see ``problem``).
        problem: Why it cannot be read; "" when it can.
        kind: A result, a target or a change.
        metric: The proposed metric, or None.
        period: The proposed period, or None.
        place: The proposed place, or None.
        group: The id of the list it is an item of ("l1"), or None.
        whole: The id of the figure it is a part of, or None.
        breakdown: How the parts of that whole relate to it: PARTIAL after "trong đó",
            COMPLETE after "gồm"; None when it is no part.
        restates: The id of a figure stating it already (a headline over its body
            figure, or a figure stated twice), or None.
        heading: Whether it stands in the title or a heading.
        notes: Why a proposal is what it is, or why there is none.
    """

    id: str
    start: int
    end: int
    text: str
    sentence: str
    value: Quantity | Ratio | None
    problem: str = ""
    kind: FigureKind = FigureKind.RESULT
    metric: MetricProposal | None = None
    period: PeriodProposal | None = None
    place: PlaceProposal | None = None
    group: str | None = None
    whole: str | None = None
    breakdown: Breakdown | None = None
    restates: str | None = None
    heading: bool = False
    notes: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Extraction:
    """The figures of a text and their proposed records (see `extract`).

    Args:
        text: The text in NFC: every candidate's span indexes it.
        published: The day the text was published, if given.
        place: The unit the report covers (given, or read from its title), or None.
        candidates: The figures, in text order.
        catalogue: The metrics proposed from.
        gazetteer: The places resolved in.
    """

    text: str
    published: pendulum.Date | None
    place: PlaceProposal | None
    candidates: tuple[Candidate, ...]
    catalogue: Catalogue = attrs.field(eq=False, repr=False)
    gazetteer: Gazetteer = attrs.field(eq=False, repr=False)

    def __iter__(self) -> Iterator[Candidate]:
        return iter(self.candidates)

    def __len__(self) -> int:
        return len(self.candidates)

    def __getitem__(self, id: str) -> Candidate:
        for candidate in self.candidates:
            if candidate.id == id:
                return candidate
        raise UnknownReferenceError(f"no candidate {id!r} in this extraction")

    @property
    def title(self) -> str:
        """The first line of the text (its title, usually)."""
        for line in self.text.splitlines():
            if line.strip():
                return " ".join(line.split())
        return ""

    def unresolved(self) -> tuple[tuple[Candidate, str], ...]:
        """Every candidate `to_dataset` leaves out, with the reason.

        A figure that cannot be read, a target or a change, and a figure without a
        proposed metric or period: an analyst settles them (see the review sheet).
        """
        return tuple((c, why) for c in self.candidates if (why := why_left_out(c)))

    def to_dataset(
        self,
        *,
        source: Source | None = None,
        title: str = "",
        accept: Iterable[str] | None = None,
    ) -> Dataset:
        """A dataset of the candidates whose record is complete: one observation each.

        Observations keep the sentence as their quote and cite ``source``. Items of one
        list, and parts of a whole, that would otherwise state one metric for one place
        and period are told apart by `Observation.disaggregation` (their describing
        words, or their id); a figure stated twice keeps both observations, so that
        validation says whether they agree. Organisations named with a place become
        records. Candidates left out are listed by `unresolved`, never guessed.

        Args:
            source: The source record (by default "report", titled with the text's
                first line, dated ``published``).
            title: The dataset's title (by default the source's).
            accept: The ids of the candidates to take (by default every complete one);
                an id whose candidate is not complete raises.

        Raises:
            InvalidValueError: ``accept`` names a candidate that is unknown or incomplete.
        """
        source = source or report_source(self)
        wanted = None if accept is None else list(accept)
        if wanted is not None:
            for id in wanted:
                why = why_left_out(self[id])
                if why:
                    raise InvalidValueError(f"candidate {id} cannot be taken: {why}", where=id)
        chosen = [
            c
            for c in self.candidates
            if (c.id in wanted if wanted is not None else not why_left_out(c))
        ]
        labelled = labels(self.text, chosen, {c.id: c for c in self.candidates})
        organisations: dict[str, Organisation] = {}
        observations = []
        for c in chosen:
            # Complete, as why_left_out checked: the asserts say so to the type checker.
            assert c.metric is not None
            assert c.period is not None
            assert c.value is not None
            organisation = None
            if c.place is not None and c.place.organisation:
                record = organisation_record(c.place.organisation, c.place.code)
                organisations.setdefault(record.id, record)
                organisation = record.id
            observations.append(
                Observation(
                    id=f"{source.id}-{c.id}",
                    metric=c.metric.code,
                    value=c.value,
                    period=c.period.period,
                    place=None if c.place is None else c.place.code,
                    organisation=organisation,
                    source=source.id,
                    quote=c.sentence,
                    disaggregation=labelled.get(c.id, ""),
                    note=record_note(c.id, remark(c)),
                )
            )
        return Dataset(
            title=title or source.title,
            places=self.gazetteer,
            catalogue=self.catalogue,
            organisations=tuple(organisations.values()),
            sources=(source,),
            observations=tuple(observations),
        )


def why_left_out(c: Candidate) -> str:
    if c.value is None:
        return f"cannot be read: {c.problem}"
    if c.kind is not FigureKind.RESULT:
        return f"a {c.kind.value}, not a result"
    if c.metric is None:
        return "no metric proposed"
    if c.period is None:
        return "no period stated"
    return ""


_ORGANISATION_KINDS = (
    ("công an", OrganisationKind.POLICE),
    ("ban dân vận", OrganisationKind.PARTY_BOARD),
    ("ủy ban nhân dân", OrganisationKind.GOVERNMENT),
    ("ubnd", OrganisationKind.GOVERNMENT),
)


def organisation_record(name: str, place: str | None) -> Organisation:
    """The record of an organisation named with a place ("Công an huyện Ý Yên"): its id
    from its name, its kind from its first words."""
    key = match_key(name)
    kind = next(
        (k for start, k in _ORGANISATION_KINDS if key.startswith(match_key(start))),
        OrganisationKind.MASS_ORGANISATION,
    )
    return Organisation(id=document_id(name), name=name, kind=kind, place=place)


def report_source(extraction: Extraction) -> Source:
    """The source of an extraction when none is given: "report", by the text's first line."""
    return Source(
        id="report",
        title=extraction.title or "report",
        kind=SourceKind.REPORT,
        date=extraction.published,
    )


def remark(c: Candidate) -> str:
    """What an observation's note says of the figure's place in the text's structure."""
    parts = []
    if c.restates:
        parts.append(f"restates {c.restates}")
    if c.whole:
        word = "trong đó" if c.breakdown is Breakdown.PARTIAL else "gồm"
        parts.append(f"part of {c.whole} ({word})")
    return "; ".join(parts)


def record_note(candidate: str, remark: str) -> str:
    """An observation's note: the candidate it was extracted as, then the remark."""
    return "; ".join(part for part in (f"extracted as {candidate}", remark) if part)


_DESCRIBING = re.compile(r"[^\W\d_][^\n,;.()]{0,60}")
_QUOTES = "\"'“”‘’«»"


def labels(text: str, chosen: Sequence[Candidate], by_id: dict[str, Candidate]) -> dict[str, str]:
    """Disaggregation labels for the figures of ``chosen`` that would otherwise state one
    figure twice: items of a list and parts of a whole sharing a metric, place and period
    are labelled by the words that describe them ("quân dụng", "tự chế"), else their id."""
    out: dict[str, str] = {}
    same: dict[tuple[object, ...], list[Candidate]] = {}
    for c in chosen:
        if c.restates or (c.group is None and c.whole is None):
            continue
        assert c.metric is not None
        assert c.period is not None
        key = (c.metric.code, c.period.period, None if c.place is None else c.place.code)
        same.setdefault(key, []).append(c)
    for group in same.values():
        wholes = {c.whole for c in group}
        parts = [c for c in group if c.id not in wholes]
        if len(parts) < 2 and not any(c.whole and by_id[c.whole].metric == c.metric for c in parts):
            continue
        for c in parts:
            start = _skip_spaces(text, c.end)
            quoted = start < len(text) and text[start] in _QUOTES  # 15 mô hình "Camera..."
            described = _DESCRIBING.match(text, start + 1 if quoted else start)
            said = described.group() if described else ""
            if quoted:  # the name ends where its quotation does
                said = re.split(f"[{_QUOTES}]", said, maxsplit=1)[0]
            words = " ".join(said.split()[:5])
            out[c.id] = words or f"as listed ({c.id})"
        if len({out[c.id] for c in parts}) < len(parts):
            for c in parts:
                out[c.id] = f"{out[c.id]} ({c.id})"
    return out


def _skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    return pos


# -- extracting -------------------------------------------------------------------------------

_TARGET = re.compile(
    r"(?<!\w)(?:phấn đấu|mục tiêu|đề ra|đặt ra|dự kiến|sẽ|(?<!vượt )(?<!thành )chỉ tiêu)(?!\w)",
    re.IGNORECASE,
)
_PLANS = re.compile(r"(?<!\w)phương hướng(?!\w)", re.IGNORECASE)
_CHANGE = re.compile(r"(?<!\w)(?:tăng|giảm)[ \t]{1,3}$", re.IGNORECASE)
_CLAUSE_MARK = re.compile(r"[;:]")
_WORDS = re.compile(r"\S{1,100}")
_PER = re.compile(r"(?<!\w)mỗi(?!\w)", re.IGNORECASE)
_PER_REACH = 12  # words: how far "mỗi" reaches forward
_UP_TO = re.compile(r"(?:tính[ \t]{1,3})?(?:đến|tới)(?!\w)", re.IGNORECASE)
# Dimensions whose figures are always flows: money given, turns, blood, workdays.
_FLOWING = frozenset(
    {Dimension.MONEY, Dimension.PARTICIPATIONS, Dimension.BLOOD_UNITS, Dimension.LABOUR}
)


def extract(
    text: str,
    *,
    published: _dt.date | None = None,
    place: str | Place | None = None,
    catalogue: Catalogue | None = None,
    gazetteer: Gazetteer | None = None,
    calendar: Calendar | str | None = None,
) -> Extraction:
    """Find every figure a report states and propose a record for each.

    Args:
        text: The report as plain text (see `read_report` for .docx files). It is
            normalised to NFC first: offsets index `Extraction.text`, which equals
            ``text`` when it is in NFC already (most text is); for text with combining
            marks they index its NFC form.
        published: The day it was published: relative periods ("trong 5 năm qua",
            "đến nay") are read against it, and places resolved as of it. Without it,
            relative periods are not proposed.
        place: The unit the report covers (a code, a name such as "huyện Ý Yên", or a
            Place): what "toàn huyện", "Công an tỉnh" and figures naming no place refer
            to. By default the unit its title names, else the only province it names.
        catalogue: The metrics to propose (the standard catalogue by default); its
            vocabulary reads the counting words.
        gazetteer: The places (the national gazetteer by default).
        calendar: The calendar of the periods the text states ("decree-09" for reports
            on the Decree 09/2019 calendar); Gregorian by default.

    Returns:
        The candidates, in text order.

    Raises:
        InvalidValueError: an argument is of the wrong type, or ``place`` names no unit
            or several.

    >>> import pendulum
    >>> found = extract("Trong 5 năm qua, nhân dân đã cung cấp gần 9.000 tin có giá trị.",
    ...                 published=pendulum.Date(2022, 2, 28), place="36")
    >>> c = found.candidates[0]
    >>> c.text, str(c.value), c.metric.code, str(c.period.period), c.place.code
    ('gần 9.000 tin có giá trị', 'gần 9.000 tin', 'tips', '2017/2021', '36')
    """
    raw: object = text
    if not isinstance(raw, str):
        raise InvalidValueError(f"must be text, got {type(raw).__name__}", where="text")
    text = nfc(text)
    day = None if published is None else to_date(published, where="published")
    catalogue = standard_catalogue() if catalogue is None else catalogue
    if not isinstance(catalogue, Catalogue):
        raise InvalidValueError(
            f"must be a Catalogue, got {type(catalogue).__name__}", where="catalogue"
        )
    places = national_gazetteer() if gazetteer is None else gazetteer
    if not isinstance(places, Gazetteer):
        raise InvalidValueError(
            f"must be a Gazetteer, got {type(places).__name__}", where="gazetteer"
        )
    if isinstance(calendar, str):
        try:
            calendar = Calendar(calendar)
        except ValueError:
            known = ", ".join(c.value for c in Calendar)
            raise InvalidValueError(
                f"must be one of {known}, got {calendar!r}", where="calendar"
            ) from None
    covers = _covered(place, places, day)
    return _Reader(text, day, covers, catalogue, places, calendar).read()


def _covered(
    place: str | Place | None, places: Gazetteer, day: pendulum.Date | None
) -> Place | None:
    if place is None or isinstance(place, Place):
        return place
    if not isinstance(place, str):
        raise InvalidValueError(f"must be a code, a name or a Place, got {place!r}", where="place")
    if place in places:
        return places.get(place)
    found = resolve_place(place, places, as_of=day)
    if found.place is None:
        why = "names several units" if found.ambiguous else "names no unit"
        raise InvalidValueError(f"{place!r} {why} of the gazetteer", where="place")
    return found.place


class _Reader:
    """One extraction: the text, its layout and contexts, and the candidates built."""

    def __init__(
        self,
        text: str,
        published: pendulum.Date | None,
        covers: Place | None,
        catalogue: Catalogue,
        gazetteer: Gazetteer,
        calendar: Calendar | None,
    ) -> None:
        self.text = text
        self.published = published
        self.catalogue = catalogue
        self.gazetteer = gazetteer
        self.layout: Layout = read_layout(text)
        mentions = period_mentions(text, as_of=published, calendar=calendar)
        self.found = find_figures(
            text, vocabulary=catalogue.vocabulary, skip=[(m.start, m.end) for m in mentions]
        )
        starts = [f.start for f in self.found]
        self.periods = PeriodContext(text, self.layout, mentions, starts)
        spans = [(f.start, f.end) for f in self.found]
        self.places = PlaceContext(text, self.layout, gazetteer, published, covers, spans)
        self.scorer = MetricScorer(catalogue)
        self.figure_starts = starts
        # For each block, the heading above it (its own index for a heading), or None.
        self.heading_of: list[int | None] = []
        for i, block in enumerate(self.layout.blocks):
            above = self.heading_of[-1] if self.heading_of else None
            self.heading_of.append(i if block.kind is BlockKind.HEADING else above)
        top = [b for b in self.layout.blocks if b.kind is BlockKind.TITLE]
        lead = next((b for b in self.layout.blocks if b.kind is not BlockKind.TITLE), None)
        # The topic of the report: its title and the start of its lead.
        document = " ".join(
            text[b.start : min(b.end, b.start + 2 * REACH)]
            for b in [*top, *([lead] if lead else [])]
        )
        self.document = keys(document[: 4 * REACH])

    def read(self) -> Extraction:
        drafts = [self.candidate(n, f) for n, f in enumerate(self.found)]
        placed = [
            Placed(
                c.start,
                c.end,
                self.layout.sentence_at(c.start),
                c.value,
                None if c.metric is None else c.metric.code,
                c.heading,
                c.kind is FigureKind.CHANGE,
            )
            for c in drafts
        ]
        links = link(self.text, placed)
        ids = [c.id for c in drafts]
        out = []
        for c, structure in zip(drafts, links, strict=True):
            c = attrs.evolve(
                c,
                group=None if structure.group is None else f"l{structure.group}",
                whole=None if structure.whole is None else ids[structure.whole],
                breakdown=structure.breakdown,
                restates=None if structure.restates is None else ids[structure.restates],
            )
            if structure.restates is not None:
                first = drafts[structure.restates]
                c = _inherit(c, first, self.deeper(first.place, c.place))
            if structure.whole is not None:
                c = _part_of(c, drafts[structure.whole])
            out.append(c)
        covered = self.places.covers
        return Extraction(
            text=self.text,
            published=self.published,
            place=None
            if covered is None
            else PlaceProposal(code=covered.code, name=label(covered), text="", how="report"),
            candidates=tuple(out),
            catalogue=self.catalogue,
            gazetteer=self.gazetteer,
        )

    def candidate(self, n: int, found: FoundFigure) -> Candidate:
        text = self.text
        sentence = self.layout.around(found.start, found.end)
        block = self.layout.blocks[self.layout.block_at(found.start)]
        notes: list[str] = []
        kind = self.kind(found, sentence)
        evidence = self.evidence(n, found, sentence)
        metric = None
        # A change between periods measures no metric of the catalogue, whose figures are
        # levels: "tăng 112 tin so với năm 2021" is not 112 tips.
        proposed = None if kind is FigureKind.CHANGE else self.scorer.propose(found.value, evidence)
        if proposed is not None:
            m, score, words, others = proposed
            metric = MetricProposal(code=m.code, score=score, words=words, alternatives=others)
        period = None
        stated = self.periods.stated_for(found.start, sentence)
        if stated is not None:
            period = PeriodProposal(
                period=stated.period,
                text=text[stated.start : stated.end],
                start=stated.start,
                end=stated.end,
                how=stated.how,
            )
        if kind is FigureKind.CHANGE and period is not None:
            period = None
            notes.append("a change from another period has no period of its own")
        if period is not None and _UP_TO.match(period.text) and self.flow(found, metric):
            notes.append(f"'{period.text}': a flow up to a day has no stated start")
            period = None
        within = None if period is None else period.period
        reference = self.places.stated_for(found.start, sentence, within, self.published)
        place = self.place(reference, notes)
        return Candidate(
            id=f"f{n + 1}",
            start=found.start,
            end=found.end,
            text=text[found.start : found.end],
            sentence=self.quote(sentence),
            value=found.value,
            problem=found.problem,
            kind=kind,
            metric=metric,
            period=period,
            place=place,
            heading=block.kind in (BlockKind.TITLE, BlockKind.HEADING),
            notes=tuple(notes),
        )

    def quote(self, context: tuple[int, int]) -> str:
        """The sentence of a figure, single-spaced; "…" where a long one is cut."""
        whole = self.layout.sentence_at(context[0])
        text = " ".join(self.text[context[0] : context[1]].split())
        start = "…" if context[0] > whole[0] else ""
        end = "…" if context[1] < whole[1] else ""
        return f"{start}{text}{end}"

    def deeper(self, inner: PlaceProposal | None, outer: PlaceProposal | None) -> bool:
        """Whether ``inner`` is a unit below ``outer`` (as of the report's publication)."""
        if inner is None or outer is None or inner.code == outer.code:
            return False
        if inner.code not in self.gazetteer or outer.code not in self.gazetteer:
            return False
        unit = self.gazetteer.get(outer.code)
        day = self.published or unit.valid_to or unit.valid_from
        if day is None:
            return False
        found = self.gazetteer.ancestor_at(inner.code, unit.level, as_of=day)
        return found is not None and found.code == outer.code

    def flow(self, found: FoundFigure, metric: MetricProposal | None) -> bool:
        """Whether a figure counts events over time (tips, money given, blood turns): its
        metric's aggregation says, or, with no metric, a unit that only measures flows."""
        if metric is not None:
            return self.catalogue.get(metric.code).aggregation is Aggregation.FLOW
        value = found.value
        unit = value.unit if isinstance(value, Quantity) else None
        return unit is not None and unit.dimension in _FLOWING

    def place(self, reference: Reference | None, notes: list[str]) -> PlaceProposal | None:
        if reference is None:
            notes.append("no place named, and the unit the report covers is not known")
            return None
        if reference.note:
            notes.append(reference.note)
        if reference.place is None:
            return None
        return PlaceProposal(
            code=reference.place.code,
            name=label(reference.place),
            text=reference.text,
            how=reference.how,
            organisation=reference.organisation,
        )

    def clause(self, found: FoundFigure, sentence: tuple[int, int]) -> tuple[int, int]:
        """The clause of a figure: between the semicolons or colons around it."""
        start, end = sentence
        for mark in _CLAUSE_MARK.finditer(self.text, sentence[0], found.start):
            start = mark.end()
        after = _CLAUSE_MARK.search(self.text, found.end, sentence[1])
        return start, after.start() if after else end

    def clauses(self, sentence: tuple[int, int]) -> list[tuple[int, int]]:
        """The clauses of a sentence, between its semicolons and colons."""
        out = []
        start = sentence[0]
        for mark in _CLAUSE_MARK.finditer(self.text, sentence[0], sentence[1]):
            out.append((start, mark.start()))
            start = mark.end()
        out.append((start, sentence[1]))
        return out

    def holds_figure(self, start: int, end: int) -> bool:
        """Whether a figure starts within ``[start, end)``: its words are that figure's."""
        first = bisect.bisect_left(self.figure_starts, start)
        return first < len(self.figure_starts) and self.figure_starts[first] < end

    def kind(self, found: FoundFigure, sentence: tuple[int, int]) -> FigureKind:
        text = self.text
        start, _ = self.clause(found, sentence)
        aimed = _TARGET.search(text, start, found.start) is not None
        if found.signed or _CHANGE.search(text, max(0, found.start - 12), found.start):
            # "phấn đấu tăng 10% số tin": a change aimed at is a target, for its period.
            return FigureKind.TARGET if aimed and not found.signed else FigureKind.CHANGE
        if aimed:
            return FigureKind.TARGET
        above = self.heading_of[self.layout.block_at(found.start)]
        if above is not None:
            heading = self.layout.blocks[above]
            if _PLANS.search(text, heading.start, heading.end):
                return FigureKind.TARGET
        return FigureKind.RESULT

    def without_figures(self, start: int, end: int, own: FoundFigure) -> str:
        """``text[start:end]`` with the other figures taken out (their words are theirs)."""
        parts = []
        pos = start
        first = max(bisect.bisect_right(self.figure_starts, start) - 1, 0)
        last = bisect.bisect_left(self.figure_starts, end)
        for f in self.found[first:last]:
            if f is own or f.end <= start or f.start >= end:
                continue
            parts.append(self.text[pos : max(pos, f.start)])
            pos = max(pos, f.end)
        parts.append(self.text[pos:end])
        return " ".join(parts)

    def evidence(self, n: int, found: FoundFigure, sentence: tuple[int, int]) -> Evidence:
        text = self.text
        clause = self.clause(found, sentence)
        following = self.found[n + 1].start if n + 1 < len(self.found) else len(text)
        stop = min(clause[1], following)
        tail = text[found.end : max(found.end, stop)]
        tail_words = _WORDS.findall(tail)
        before = self.without_figures(clause[0], found.start, found)
        before_words = _WORDS.findall(before)
        near = before_words[-6:]
        rest = " ".join(
            self.without_figures(start, end, found)
            for start, end in self.clauses(sentence)
            if (end <= clause[0] or start >= clause[1]) and not self.holds_figure(start, end)
        )
        # "mỗi phần quà gồm 10 kg gạo", "mỗi xã xây dựng ít nhất 01 mô hình": per unit.
        per_unit = text[found.end : found.end + 1] == "/" or bool(
            _PER.search(" ".join(before_words[-_PER_REACH:]))
        )
        following_words = tail_words[:2]
        return Evidence(
            span=keys(text[found.start : found.end]),
            next=keys(" ".join([text[found.start : found.end], *following_words])),
            after=keys(" ".join(tail_words[2:14])),
            near=keys(" ".join(near)),
            clause=keys(" ".join(before_words[:-6])),
            sentence=keys(rest),
            document=self.document,
            per_unit=per_unit,
        )


def _part_of(c: Candidate, whole: Candidate) -> Candidate:
    """A part in its whole's unit, with no metric of its own, measures the whole's metric
    ("327 nguồn tin có giá trị, trong đó 41 tin ...")."""
    if c.metric is not None or whole.metric is None or c.value is None or whole.value is None:
        return c
    if not isinstance(c.value, Quantity) or not isinstance(whole.value, Quantity):
        return c
    if c.value.unit != whole.value.unit:
        return c
    note = f"metric of {whole.id}, which it is a part of"
    return attrs.evolve(c, metric=whole.metric, notes=(*c.notes, note))


def _inherit(c: Candidate, first: Candidate, within: bool) -> Candidate:
    """A restatement takes the period and place of the figure it restates when its own
    come only from the context (the title of a news item names neither), or when that
    place lies ``within`` its own (the body says where, the headline the district)."""
    notes = list(c.notes)
    period, place = c.period, c.place
    if first.period is not None and (period is None or period.how != "sentence"):
        period = first.period
    if first.place is not None and (place is None or place.how != "sentence" or within):
        place = first.place
    if c.metric is None and first.metric is not None:
        notes.append(f"metric as {first.id}, which it restates")
        return attrs.evolve(c, metric=first.metric, period=period, place=place, notes=tuple(notes))
    return attrs.evolve(c, period=period, place=place)


# danvan imports this module on first use; its classes say danvan.X however they are reached.
for _public_class in (
    Candidate,
    Extraction,
    FigureKind,
    MetricProposal,
    PeriodProposal,
    PlaceProposal,
):
    publish(_public_class)
del _public_class
