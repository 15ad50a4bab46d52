"""Finding administrative units by the names reports use.

`resolve_place` reads one name ("Công an huyện Ý Yên", "TP.HCM", "Q.1", "xã Hải Phú,
huyện Hải Hậu") and returns every unit it may name, ranked, each with its reasons; a
name that fits several units equally well is reported as ambiguous, never settled by a
guess. `place_mentions` finds every place name in a longer text, with its position.
Both use the national gazetteer unless given another one.

>>> import pendulum
>>> found = resolve_place("Công an huyện Ý Yên", as_of=pendulum.Date(2021, 6, 1))
>>> found.place.code, found.place.name
('360', 'Ý Yên')
>>> resolve_place("xã Tân Thành").ambiguous
True
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import pendulum

from danvan._dates import to_date, today
from danvan._national import NEW_SUFFIX, national_gazetteer
from danvan._place_names import (
    TYPE_FIRST_WORDS,
    has_marks,
    kind_of_abbreviation,
    kind_of_words,
    name_keys,
    split_glued,
    split_type,
    word_keys,
    words,
)
from danvan._places import Gazetteer, Level, Place, validity
from danvan._public import publish
from danvan._text import nfc
from danvan.errors import AmbiguousReferenceError, InvalidValueError, UnknownReferenceError

__all__ = ["PlaceCandidate", "PlaceMention", "PlaceResolution", "place_mentions", "resolve_place"]


def label(place: Place) -> str:
    """A unit as people write it, with its code: "huyện Hải Hậu (366)", "Quận 1 (760)"."""
    if not place.kind or split_type(place.name, loose=False)[0] is not None:
        return f"{place.name} ({place.code})"
    return f"{place.kind} {place.name} ({place.code})"


@attrs.frozen(kw_only=True)
class PlaceCandidate:
    """A unit a name may refer to, how well it fits, and why.

    Args:
        place: The unit.
        rank: 1 for the best fit; candidates of equal rank fit equally well.
        reasons: Why it is a candidate, and what counts for or against it.
    """

    place: Place
    rank: int
    reasons: tuple[str, ...]

    def __str__(self) -> str:
        return f"#{self.rank} {label(self.place)}: {'; '.join(self.reasons)}"


@attrs.frozen(kw_only=True, repr=False)
class PlaceResolution:
    """What a name may refer to: candidates ranked best first, and notes on the reading.

    Args:
        text: The name as it was read.
        candidates: Every unit the name fits, best first (rank 1), then by level and code.
        notes: How the text was read ("read 'huyện Ý Yên' in 'Công an huyện Ý Yên'"), and
            context that could not be used.

    A resolution names a unit (`place`) only when exactly one candidate has rank 1.
    """

    text: str
    candidates: tuple[PlaceCandidate, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def best(self) -> tuple[PlaceCandidate, ...]:
        """The candidates of rank 1."""
        return tuple(c for c in self.candidates if c.rank == 1)

    @property
    def ambiguous(self) -> bool:
        """Whether several units fit the name equally well."""
        return len(self.best) > 1

    @property
    def place(self) -> Place | None:
        """The unit named when exactly one fits best; None when none or several do."""
        best = self.best
        return best[0].place if len(best) == 1 else None

    def one(self) -> Place:
        """The unit named.

        Raises:
            UnknownReferenceError: no unit has this name.
            AmbiguousReferenceError: several fit equally well (the message lists them).
        """
        best = self.best
        if len(best) == 1:
            return best[0].place
        if not best:
            raise UnknownReferenceError(f"no place is named {self.text!r}")
        listed = "; ".join(label(c.place) for c in best[:10])
        more = f" and {len(best) - 10} more" if len(best) > 10 else ""
        raise AmbiguousReferenceError(
            f"{self.text!r} may name {len(best)} places: {listed}{more}; say which "
            "place it lies in (within=) or when (as_of=)"
        )

    def __repr__(self) -> str:
        state = "ambiguous" if self.ambiguous else "one place" if self.place else "no place"
        shown = ", ".join(f"#{c.rank} {label(c.place)}" for c in self.candidates[:3])
        more = ", ..." if len(self.candidates) > 3 else ""
        return f"<PlaceResolution {self.text!r}: {state} [{shown}{more}]>"

    def __str__(self) -> str:
        lines = [repr(self), *(f"  note: {note}" for note in self.notes)]
        return "\n".join([*lines, *(f"  {c}" for c in self.candidates)])

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))


@attrs.frozen(kw_only=True)
class PlaceMention:
    """A place name found in a text: where it is and what it may refer to.

    Args:
        start: Offset of its first character in the text.
        end: Offset just after its last character: ``text[start:end]`` is the name.
        text: The name as written, type word included ("huyện Hải Hậu").
        resolution: The units it may name.
    """

    start: int
    end: int
    text: str
    resolution: PlaceResolution


# -- ranking ------------------------------------------------------------------------------

# A match: the unit, the kind its matching name gives it, how it matched, and the type
# word written before the name (None when there was none).
_Match = tuple[Place, str, str, str | None]
# Context: the unit must lie in one of the places of every group.
_Within = tuple[tuple[Place, ...], ...]


@attrs.frozen
class _Query:
    """What is asked besides the name: the gazetteer, a date, a level, containing units."""

    places: Gazetteer
    day: pendulum.Date | None
    level: Level | None
    within: _Within


def _lies_in(query: _Query, place: Place, container: Place) -> bool:
    """Whether the area of ``place`` is in ``container`` at a time ``container`` existed."""
    if place.code == container.code:
        return True
    if query.day is not None and container.is_valid_on(query.day):
        day = query.day
    else:
        day = container.valid_to or container.valid_from or today()
    found = query.places.ancestor_at(place.code, container.level, as_of=day)
    return found is not None and found.code == container.code


def _container_of(query: _Query, place: Place, group: Sequence[Place]) -> Place | None:
    return next((c for c in group if _lies_in(query, place, c)), None)


def _rank(
    query: _Query, matches: Iterable[_Match], comparison: _Comparison = (False, 0, "")
) -> list[PlaceCandidate]:
    """Rank the units of ``matches`` for one name.

    Penalties, in this order: a type word that does not fit the unit, a match found only
    without accents, a unit not in force on the date, and, when no type word is
    written, a unit inside a province of the same name (see `_namesake`). Units at
    another level than asked, or outside the containing units, are dropped, and so are
    units of another type than the one written when some unit of that type has the name.
    """
    grouped: dict[str, list[_Match]] = {}
    typed = False
    for match in matches:
        grouped.setdefault(match[0].code, []).append(match)
        typed = typed or match[3] is not None
    scored: list[tuple[tuple[int, int, int], Place, tuple[str, ...]]] = []
    for found in grouped.values():
        place = found[0][0]
        if query.level is not None and place.level is not query.level:
            continue
        containers = [_container_of(query, place, group) for group in query.within]
        if None in containers:
            continue
        _, accent_penalty, said = comparison
        reasons = [found[0][2] + said]
        fits = [m for m in found if m[3] is None or m[3] == m[1]]
        stated = found[0][3]
        type_penalty = 0 if fits else 1
        if fits and fits[0][3] is not None:
            reasons.append(f"a {fits[0][3]} as written")
        elif not fits:
            reasons.append(f"written as a {stated}, but it is a {place.kind}")
        date_penalty = 0
        if query.day is not None:
            if place.is_valid_on(query.day):
                reasons.append(f"in force on {query.day}")
            else:
                date_penalty = 1
                reasons.append(f"not in force on {query.day} ({validity(place)})")
        reasons += [f"lies in {label(c)}" for c in containers if c is not None]
        scored.append(((type_penalty, accent_penalty, date_penalty), place, tuple(reasons)))
    if any(penalty[0] == 0 for penalty, _, _ in scored):
        # Units of the type written are there: the others are not what the text names.
        scored = [s for s in scored if s[0][0] == 0]
    ranked = []
    for penalty, place, why in scored:
        inside = _namesake(query, place, penalty, scored, typed)
        if inside:
            why = (*why, "its province has the same name, and a bare name is the province's")
        ranked.append(((*penalty, inside), place, why))
    ranks = {penalty: n for n, penalty in enumerate(sorted({s[0] for s in ranked}), start=1)}
    ranked.sort(key=lambda s: (s[0], s[1].level.rank, s[1].code))
    return [PlaceCandidate(place=p, rank=ranks[pen], reasons=why) for pen, p, why in ranked]


def _namesake(
    query: _Query,
    place: Place,
    penalty: tuple[int, int, int],
    scored: Sequence[tuple[tuple[int, int, int], Place, tuple[str, ...]]],
    typed: bool,
) -> int:
    """1 when no type word was written and ``place`` lies in a province of the same name
    that fits as well; else 0. Reports write "Nam Định" for the province and "TP Nam
    Định" for its capital: the bare name is the province's."""
    if typed or place.level is Level.PROVINCE:
        return 0
    return int(
        any(
            other.level is Level.PROVINCE and rank == penalty and _lies_in(query, place, other)
            for rank, other, _ in scored
        )
    )


# How names are compared: without accents (or not), the penalty, what the reason adds.
_Comparison = tuple[bool, int, str]


def _comparisons(*, accents: bool, fallback: bool) -> list[_Comparison]:
    """Text with accents is compared with them (then, as a fallback, without: ranked
    lower); text typed without any accents can only be compared without them."""
    if not accents:
        return [(True, 0, "")]
    exact: list[_Comparison] = [(False, 0, "")]
    return [*exact, (True, 1, " when accents are ignored")] if fallback else exact


def _matches(
    places: Gazetteer, keys: tuple[str, str], stated: str | None, *, loose: bool
) -> list[_Match]:
    """Units with a name of these keys (exact, loose), and whether it is their own name."""
    key = keys[1] if loose else keys[0]
    found: list[_Match] = []
    for place, named in places._named(key, loose=loose):
        own = name_keys(place.name)[2 if loose else 1] == key
        how = f"name {place.name!r} matches" if own else "another name of it matches"
        found.append((place, named, how, stated))
    return found


def _reranked(candidates: Iterable[PlaceCandidate]) -> tuple[PlaceCandidate, ...]:
    """Ranks made dense again (1, 2, ...) after some candidates were dropped."""
    kept = list(candidates)
    ranks = {rank: n for n, rank in enumerate(sorted({c.rank for c in kept}), start=1)}
    return tuple(attrs.evolve(c, rank=ranks[c.rank]) for c in kept)


def _narrowed(
    query: _Query, candidates: Sequence[PlaceCandidate], context: PlaceResolution
) -> tuple[tuple[PlaceCandidate, ...], str | None]:
    """``candidates`` that lie in a best candidate of ``context``; a note if none do."""
    group = tuple(c.place for c in context.best)
    if not group or not candidates:
        return tuple(candidates), None
    kept = []
    for candidate in candidates:
        container = _container_of(query, candidate.place, group)
        if container is not None and container.code != candidate.place.code:
            reason = f"lies in {label(container)}, named with it"
            kept.append(attrs.evolve(candidate, reasons=(*candidate.reasons, reason)))
    if not kept:
        return tuple(candidates), f"none of the candidates lies in {context.text!r}; ignored"
    return _reranked(kept), None


# -- reading text -------------------------------------------------------------------------

# Letters and digits, and combining marks so that text in NFD keeps its offsets; an
# apostrophe inside a word is part of it ("Ea H'Leo").
_LETTER = r"(?:[^\W_]|[\u0300-\u036f])"
_TOKEN = re.compile(rf"{_LETTER}+(?:['\u2019]{_LETTER}+)*")
_IN_NAME = re.compile(r"\s+|\s*[-\u2010-\u2015\u2212]\s*")  # between the words of a name
_AFTER_TYPE = re.compile(r"\s+|\.\s*")  # between a type word and the name
_CONTEXT_GAP = re.compile(r"\s*(?:[,;]\s*)?(?:(?:thuộc|tại|ở)\s+)?", re.IGNORECASE)
_CODE = re.compile(r"[0-9]+" + NEW_SUFFIX + "?")


@attrs.frozen
class _Token:
    start: int
    end: int
    raw: str  # NFC
    exact: str
    loose: str
    capital: bool  # starts with a capital letter or a digit


def _tokens(text: str) -> list[_Token]:
    found = []
    for match in _TOKEN.finditer(text):
        raw = nfc(match.group()).replace("\u2019", "'")
        exact, loose = word_keys(raw)
        capital = raw[0].isupper() or raw[0].isdigit()
        found.append(_Token(match.start(), match.end(), raw, exact, loose, capital))
    return found


def _gap(text: str, left: _Token, right: _Token) -> str:
    return text[left.end : right.start]


@attrs.frozen
class _Found:
    start: int
    end: int
    candidates: tuple[PlaceCandidate, ...]


def _scan(query: _Query, text: str, *, capitals: bool) -> list[_Found]:
    """Every place name in ``text``, left to right, longest first, without overlaps.

    A name is found after a type word ("huyện", "TP.", "Q.") or, without one, as a run
    of capitalised words (two at least, or one abbreviation in capitals: "HCM").
    Accent-insensitive matches are tried only in text typed without any accents.
    """
    tokens = _tokens(text)
    longest = query.places._longest_name()
    loose_allowed = not has_marks(text)
    found: list[_Found] = []
    i = 0
    while i < len(tokens):
        hit = _match_at(query, text, tokens, i, longest, capitals, loose_allowed)
        if hit is None:
            i += 1
            continue
        found.append(hit[0])
        i = hit[1]
    return found


def _type_at(text: str, tokens: Sequence[_Token], i: int) -> tuple[str, int] | None:
    """The kind of a type word starting at token ``i`` and the index of the token after it."""
    token = tokens[i]
    # Most words start no type word (one look-up tells) and abbreviate none.
    if token.loose in TYPE_FIRST_WORDS:
        if i + 1 < len(tokens) and _gap(text, token, tokens[i + 1]).isspace():
            kind = kind_of_words(f"{token.raw} {tokens[i + 1].raw}")
            if kind is not None and len(kind.split()) == 2:
                return kind, i + 2
        kind = kind_of_words(token.raw)
        if kind is not None and " " not in kind:
            return kind, i + 1
    if len(token.raw) > 2:
        return None
    dotted = text[token.end : token.end + 1] == "."
    kind = kind_of_abbreviation(token.raw, dotted=dotted)
    if kind is not None and (dotted or text[token.end : token.end + 1].isspace()):
        return kind, i + 1
    return None


def _match_at(
    query: _Query,
    text: str,
    tokens: Sequence[_Token],
    i: int,
    longest: int,
    capitals: bool,
    loose_allowed: bool,
) -> tuple[_Found, int] | None:
    """The place name starting at token ``i`` and the token after it, if there is one."""
    glued = split_glued(tokens[i].raw)
    if glued is not None:  # "Q1", "P12"
        number_keys = word_keys(glued[1])
        matches = _matches(query.places, number_keys, glued[0], loose=False)
        candidates = _rank(query, matches)
        if candidates:
            return _Found(tokens[i].start, tokens[i].end, tuple(candidates)), i + 1
    kind: str | None = None
    first = i
    typed = _type_at(text, tokens, i)
    if typed is not None and typed[1] < len(tokens):
        between = _gap(text, tokens[typed[1] - 1], tokens[typed[1]])
        if _AFTER_TYPE.fullmatch(between):
            kind, first = typed
    # The words that may form a name: joined by spaces or dashes, capitalised if asked.
    last = first
    while (
        last < len(tokens)
        and last - first < longest
        and (not capitals or tokens[last].capital)
        and (last == first or _IN_NAME.fullmatch(_gap(text, tokens[last - 1], tokens[last])))
    ):
        last += 1
    for comparison in _comparisons(accents=not loose_allowed, fallback=False):
        loose = comparison[0]
        for end in range(last, first, -1):
            span = tokens[first:end]
            if kind is None and len(span) == 1:
                raw = span[0].raw
                if not (raw.isupper() and len(raw) >= 3):
                    continue  # one word alone is too often not a place; "HCM" is one
            keys = (" ".join(t.exact for t in span), " ".join(t.loose for t in span))
            matches = _matches(query.places, keys, kind, loose=loose)
            candidates = _rank(query, matches, comparison) if matches else []
            if candidates:
                start = tokens[i].start
                return _Found(start, span[-1].end, tuple(candidates)), end
    return None


def _query(
    places: Gazetteer | None,
    within: str | Place | None,
    as_of: _dt.date | None,
    level: Level | None,
) -> _Query:
    gazetteer = national_gazetteer() if places is None else places
    raw: object = gazetteer
    if not isinstance(raw, Gazetteer):
        raise InvalidValueError(f"must be a Gazetteer, got {type(raw).__name__}", where="places")
    day = None if as_of is None else to_date(as_of, where="as_of")
    if level is not None and not isinstance(level, Level):
        raise InvalidValueError(f"must be a Level, got {level!r}", where="level")
    groups: _Within = ()
    if within is not None:
        container = within if isinstance(within, Place) else gazetteer.get(within)
        groups = ((container,),)
    return _Query(gazetteer, day, level, groups)


def _text(text: object) -> str:
    if not isinstance(text, str):
        raise InvalidValueError(f"must be a string, got {text!r}", where="text")
    return " ".join(nfc(text).split())


def resolve_place(
    text: str,
    places: Gazetteer | None = None,
    *,
    within: str | Place | None = None,
    as_of: _dt.date | None = None,
    level: Level | None = None,
) -> PlaceResolution:
    """The units a name as reports write it may refer to, ranked, with the reasons.

    Reads the name in full or abbreviated type words ("huyện Hải Hậu", "H. Hải Hậu",
    "TP. Hồ Chí Minh", "TP.HCM", "Tp Nam Định", "thị xã Sơn Tây", "Q.1", "quận 1"), in any
    case, with old or new tone placement, with or without accents, and with dashes of any
    kind ("Bà Rịa–Vũng Tàu"). Text around the name is skipped ("Công an huyện Ý Yên"),
    and names after a comma say where it lies ("xã Hải Phú, huyện Hải Hậu"). A code of
    the official lists ("366", "00004") is read as a code.

    Candidates are ranked: first those whose type fits the type word written, then
    exact spellings before matches found only without accents, then units in force on
    ``as_of``. A name valid only before (or only after) 1 July 2025 thus resolves as of
    the date given. Several candidates of rank 1 make the answer ambiguous: it is
    never settled by a guess; give ``within`` or ``as_of``.

    Args:
        text: The name, possibly inside a longer phrase.
        places: The gazetteer (the national one by default).
        within: A unit (code or Place) the place lies in; others are dropped.
        as_of: The date the text speaks of.
        level: Only units at this level.

    Returns:
        The resolution: candidates, whether it is ambiguous, and the one place if not.

    Raises:
        InvalidValueError: ``text`` is not a string, ``as_of`` not a date, ``level`` not a
            Level, ``places`` not a Gazetteer.
        UnknownReferenceError: ``within`` is an unknown code.

    >>> import pendulum
    >>> print(resolve_place("TP.HCM", as_of=pendulum.Date(2026, 1, 1)).place.name)
    Hồ Chí Minh
    >>> hai_phu = resolve_place("xã Hải Phú", as_of=pendulum.Date(2021, 1, 1))
    >>> hai_phu.ambiguous, len(hai_phu.best)
    (True, 3)
    >>> resolve_place("xã Hải Phú, huyện Hải Hậu", as_of=pendulum.Date(2021, 1, 1)).place.code
    '14293'
    """
    query = _query(places, within, as_of, level)
    cleaned = _text(text)
    if _CODE.fullmatch(cleaned):
        codes = [cleaned] if cleaned.endswith(NEW_SUFFIX) else [cleaned, cleaned + NEW_SUFFIX]
        matches = [
            (query.places.get(code), "", f"official code {cleaned}", None)
            for code in codes
            if code in query.places
        ]
        return PlaceResolution(text=cleaned, candidates=tuple(_rank(query, matches)))
    head, *context = [part.strip() for part in re.split(r"[,;]", cleaned) if part.strip()] or [""]
    notes: list[str] = []
    candidates = tuple(_whole(query, head))
    read = head
    if not candidates:
        # Typed all in lower case, names need no capitals to be found.
        found = _scan(query, head, capitals=head != head.lower())
        if found:
            read = head[found[0].start : found[0].end]
            candidates = found[0].candidates
            notes.append(f"read {read!r} in {head!r}")
            context = [head[f.start : f.end] for f in found[1:]] + context
    # Names after the first say where it lies, broadest last: "xã X, huyện Y, tỉnh Z".
    containers: _Within = ()
    for part in reversed(context):
        narrowed = attrs.evolve(query, within=(*query.within, *containers), level=None)
        resolution = PlaceResolution(text=part, candidates=tuple(_whole(narrowed, part)))
        candidates, note = _narrowed(query, candidates, resolution)
        if note is None and resolution.best:
            containers = (*containers, tuple(c.place for c in resolution.best))
        elif note is not None:
            notes.append(note)
    return PlaceResolution(text=read, candidates=candidates, notes=tuple(notes))


def _keys(text: str) -> tuple[str, str]:
    """The `name_key` and `loose_key` of ``text`` (no type word split off)."""
    pairs = [word_keys(word) for word in words(text)]
    return " ".join(k for k, _ in pairs), " ".join(k for _, k in pairs)


def _whole(query: _Query, text: str) -> list[PlaceCandidate]:
    """Candidates for ``text`` read whole as a name, with or without a type word."""
    kind, bare = split_type(text)
    for comparison in _comparisons(accents=has_marks(text), fallback=True):
        loose = comparison[0]
        matches = _matches(query.places, _keys(bare), kind, loose=loose)
        if kind is not None:
            # The "type word" may belong to the name: "Quan Hoa" is phường Quan Hoa.
            matches += _matches(query.places, _keys(text), None, loose=loose)
        ranked = _rank(query, matches, comparison) if matches else []
        if ranked:
            return ranked
    return []


def place_mentions(
    text: str,
    places: Gazetteer | None = None,
    *,
    as_of: _dt.date | None = None,
    within: str | Place | None = None,
) -> tuple[PlaceMention, ...]:
    """Every place name in ``text``, in order, with its position and what it may name.

    A name is found after a type word in full or abbreviated ("huyện Hải Hậu", "TP.HCM",
    "Q.1") or, without one, as capitalised words ("Nam Định"). A name right after
    another one ("xã Hải Phú, huyện Hải Hậu", "... thuộc tỉnh Nam Định") says where the
    first one lies. Built on an index of name keys: a few dictionary look-ups a word.

    Args:
        text: Any text (a sentence, a report).
        places: The gazetteer (the national one by default).
        as_of: The date the text speaks of (its publication date, usually).
        within: A unit (code or Place) every place lies in.

    Returns:
        The mentions, in order of position; each may be ambiguous (see
        `PlaceResolution`).

    Raises:
        InvalidValueError: ``text`` is not a string or ``as_of`` not a date.
        UnknownReferenceError: ``within`` is an unknown code.

    >>> import pendulum
    >>> text = "Công an huyện Hải Hậu và Công an TP. Nam Định, tỉnh Nam Định"
    >>> found = place_mentions(text, as_of=pendulum.Date(2021, 5, 1))
    >>> [(m.text, m.resolution.place.code) for m in found]
    [('huyện Hải Hậu', '366'), ('TP. Nam Định', '356'), ('tỉnh Nam Định', '36')]
    """
    raw: object = text
    if not isinstance(raw, str):
        raise InvalidValueError(f"must be a string, got {raw!r}", where="text")
    query = _query(places, within, as_of, None)
    found = _scan(query, text, capitals=True)
    resolutions = [
        PlaceResolution(text=nfc(text[f.start : f.end]), candidates=f.candidates) for f in found
    ]
    # A name right after another one says where that one lies; the broadest comes last.
    for n in range(len(found) - 2, -1, -1):
        if _CONTEXT_GAP.fullmatch(text[found[n].end : found[n + 1].start]):
            candidates, note = _narrowed(query, resolutions[n].candidates, resolutions[n + 1])
            if note is None:
                resolutions[n] = attrs.evolve(resolutions[n], candidates=candidates)
    return tuple(
        PlaceMention(start=f.start, end=f.end, text=r.text, resolution=r)
        for f, r in zip(found, resolutions, strict=True)
    )


# danvan imports this module on first use; its classes say danvan.X however they are reached.
for _public_class in (PlaceCandidate, PlaceMention, PlaceResolution):
    publish(_public_class)
del _public_class
