"""Units, counting words and their dimensions; the vocabulary parsing, validation and files use.

Only quantities of one `Dimension` combine: pieces add to pieces, grams to kilograms
(converted exactly), but turns (lượt) never add to persons and grams never to pieces.
A `Vocabulary` holds the units a program knows: the built-in ones (`standard_vocabulary`)
and those a user registers with `Vocabulary.with_units`.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

import attrs

from danvan._lang import Message, Text
from danvan._text import match_key, nfc
from danvan.errors import InvalidValueError, UnknownReferenceError

__all__ = [
    "COUNTING_WORDS",
    "DIMENSION_WORDS",
    "Counting",
    "Dimension",
    "Unit",
    "Vocabulary",
    "base_unit",
    "counts_in",
    "default_counting",
    "standard_vocabulary",
    "unit",
    "units",
]


class Dimension(enum.Enum):
    """What a unit measures. Quantities combine only within one dimension."""

    ITEMS = "items"
    """Countable things: pieces, guns, rounds, tips, models, cases (quả, khẩu, viên, tin, vụ)."""
    PERSONS = "persons"
    """Distinct people (người, cán bộ, hội viên, đối tượng)."""
    PARTICIPATIONS = "participations"
    """Person-times (lượt): one person donating blood twice is two turns."""
    MASS = "mass"
    """Mass, in grams, kilograms, yến, tạ or tonnes."""
    MONEY = "money"
    """Money in Vietnamese đồng (VND)."""
    BLOOD_UNITS = "blood-units"
    """Units of donated blood (đơn vị máu, of 250 or 350 ml)."""
    DURATION = "duration"
    """A length of time in minutes, hours, days or weeks ("4 ngày", "một tuần")."""
    CALENDAR_DURATION = "calendar-duration"
    """A length of time in months, quarters or years ("2 năm", "3 tháng").

    Months differ in days, so these never convert to days: "1 tháng" + "4 ngày" is refused.
    """
    AREA = "area"
    """Area, in m², hectares or km² ("50.000 m² đất", "2 ha")."""
    VOLUME = "volume"
    """Volume, in millilitres, litres or m³."""
    LENGTH = "length"
    """Length, in metres or kilometres ("15 km đường giao thông")."""
    LABOUR = "labour"
    """Work given, in workdays (ngày công): one person's work for one day."""

    @property
    def vi(self) -> str:
        """What the dimension measures, in Vietnamese ("khối lượng" for mass)."""
        return DIMENSION_WORDS[self].vi

    @property
    def discrete(self) -> bool:
        """Whether values are whole numbers (counts, money and blood units).

        >>> Dimension.ITEMS.discrete, Dimension.AREA.discrete
        (True, False)
        """
        return self in _DISCRETE

    @property
    def counted(self) -> bool:
        """Whether its units are counting words, each counting a different thing.

        Guns (khẩu) and rounds (viên) are both items, but one is not the other; grams
        and kilograms are one measure in two sizes.

        >>> Dimension.ITEMS.counted, Dimension.MASS.counted
        (True, False)
        """
        return self in _COUNTED


DIMENSION_WORDS: dict[Dimension, Text] = {
    Dimension.ITEMS: Text("số lượng đếm được", "items"),
    Dimension.PERSONS: Text("số người", "persons"),
    Dimension.PARTICIPATIONS: Text("số lượt người", "participations"),
    Dimension.MASS: Text("khối lượng", "mass"),
    Dimension.MONEY: Text("số tiền", "money"),
    Dimension.BLOOD_UNITS: Text("số đơn vị máu", "blood units"),
    Dimension.DURATION: Text("thời lượng", "duration"),
    Dimension.CALENDAR_DURATION: Text("thời lượng tính theo tháng, năm", "calendar duration"),
    Dimension.AREA: Text("diện tích", "area"),
    Dimension.VOLUME: Text("thể tích", "volume"),
    Dimension.LENGTH: Text("chiều dài", "length"),
    Dimension.LABOUR: Text("số ngày công", "labour"),
}
"""What each dimension measures, as readers are told."""
_COUNTED = frozenset({Dimension.ITEMS, Dimension.PERSONS, Dimension.PARTICIPATIONS})
_DISCRETE = _COUNTED | {Dimension.MONEY, Dimension.BLOOD_UNITS}


class Counting(enum.Enum):
    """What one unit stands for (police statistics need this explicit).

    A unit says what it counts ("hộ" counts households); a metric counts what its unit
    counts unless it says otherwise.
    """

    ITEMS = "items"
    PERSONS = "persons"
    PARTICIPATIONS = "participations"
    CASES = "cases"
    SUBJECTS = "subjects"
    TIPS = "tips"
    MODELS = "models"
    AWARDEES = "awardees"
    PLACES = "places"
    HOUSEHOLDS = "households"
    """Households and families (hộ, gia đình)."""
    GROUPS = "groups"
    """Teams, squads, clubs (tổ, đội, câu lạc bộ)."""
    ORGANISATIONS = "organisations"
    """Agencies, units, branches, enterprises, schools (cơ quan, đơn vị, chi hội)."""
    EVENTS = "events"
    """Meetings, sessions, classes, drives (cuộc, buổi, lớp, đợt)."""
    DOCUMENTS = "documents"
    """Documents, leaflets, articles, dossiers (văn bản, tờ rơi, tin bài, hồ sơ)."""
    AMOUNT = "amount"
    """A measured amount (mass, money, area, time...), not a count."""


COUNTING_WORDS: dict[Counting, Text] = {
    Counting.ITEMS: Text("vật", "items"),
    Counting.PERSONS: Text("người", "persons"),
    Counting.PARTICIPATIONS: Text("lượt", "participations"),
    Counting.CASES: Text("vụ", "cases"),
    Counting.SUBJECTS: Text("đối tượng", "subjects"),
    Counting.TIPS: Text("tin", "tips"),
    Counting.MODELS: Text("mô hình", "models"),
    Counting.AWARDEES: Text("người, tập thể", "awardees"),
    Counting.PLACES: Text("địa bàn", "places"),
    Counting.HOUSEHOLDS: Text("hộ", "households"),
    Counting.GROUPS: Text("tổ, đội", "groups"),
    Counting.ORGANISATIONS: Text("cơ quan, đơn vị", "organisations"),
    Counting.EVENTS: Text("cuộc, buổi", "events"),
    Counting.DOCUMENTS: Text("văn bản, tài liệu", "documents"),
    Counting.AMOUNT: Text("lượng", "amount"),
}
"""What one unit of each `Counting` stands for, as readers say it."""


def default_counting(dimension: Dimension) -> Counting:
    """What a unit of ``dimension`` counts unless it says otherwise (its generic word's)."""
    if dimension is Dimension.PERSONS:
        return Counting.PERSONS
    if dimension is Dimension.PARTICIPATIONS:
        return Counting.PARTICIPATIONS
    return Counting.ITEMS if dimension is Dimension.ITEMS else Counting.AMOUNT


def _dimension(value: object) -> Dimension:
    found: Dimension = _member(Dimension, value, "dimension")
    return found


def _counting(value: object) -> Counting:
    found: Counting = _member(Counting, value, "counts")
    return found


def _member(kind: type[Any], value: object, name: str) -> Any:
    if isinstance(value, kind):
        return value
    for member in kind:
        if member.value == value:
            return member
    known = ", ".join(m.value for m in kind)
    raise InvalidValueError(f"must be one of {known}, got {value!r}", where=f"unit.{name}")


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError(f"must be non-empty text, got {value!r}", where="unit")
    return nfc(value)


def _texts(values: object) -> tuple[str, ...]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise InvalidValueError(f"must be a list of words, got {values!r}", where="unit")
    return tuple(_text(v) for v in values)


def _code(value: object) -> str:
    if not isinstance(value, str) or not value or any(ch.isspace() for ch in value):
        raise InvalidValueError(
            f"must be a non-empty code without spaces, got {value!r}", where="unit.code"
        )
    return value


@attrs.frozen(kw_only=True, repr=False)
class Unit:
    """A unit of measure or a counting word, with its dimension and what it counts.

    Every field is plain data (text, an enum value, a number, lists of text), so a
    unit written as a JSON object reads back with ``Unit(**fields)``.

    Args:
        code: Stable identifier used in files ("gram", "qua").
        dimension: What the unit measures (a `Dimension` or its value, "items").
        factor: Size in the dimension's base unit (a kilogram is 1000 grams). Counting
            words are 1.
        vi: Vietnamese word ("quả", "kg").
        en: English singular ("piece").
        en_plural: English plural ("pieces").
        aliases: Other spellings recognised when parsing ("g", "gr", "gram").
        counts: What one unit stands for (a `Counting` or its value); by default what
            the dimension counts: items, persons, participations, or an amount.
        covers: Codes of counting words this one also counts: "tập thể, cá nhân" covers
            "tập thể" and "cá nhân", so parts in those count in it without being renamed.

    Raises:
        InvalidValueError: a field is empty or of the wrong kind, the factor is not
            positive, or ``counts`` is an amount for a counting word (or the reverse).

    >>> unit("kg").factor
    1000
    >>> hop = Unit(code="hop", dimension="items", vi="hộp", en="box", en_plural="boxes")
    >>> hop.counts
    <Counting.ITEMS: 'items'>
    """

    code: str = attrs.field(converter=_code)
    dimension: Dimension = attrs.field(converter=_dimension)
    factor: int | Decimal = attrs.field(default=1)
    vi: str = attrs.field(converter=_text)
    en: str = attrs.field(converter=_text)
    en_plural: str = attrs.field(converter=_text)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    counts: Counting = attrs.field(converter=_counting)
    covers: tuple[str, ...] = attrs.field(default=(), converter=_texts)

    @counts.default
    def _counts_default(self) -> Counting:
        return default_counting(self.dimension)

    @factor.validator
    def _check_factor(self, _: attrs.Attribute[int | Decimal], value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int | Decimal) or not value > 0:
            raise InvalidValueError(
                f"factor must be a positive int or Decimal, got {value!r}",
                where=f"unit[{self.code}].factor",
            )
        if self.dimension.discrete and not isinstance(value, int):
            raise InvalidValueError(
                f"{self.dimension.value} are counted in whole numbers: the factor must be a "
                f"whole number, got {value!r}",
                where=f"unit[{self.code}].factor",
            )

    @counts.validator
    def _check_counts(self, _: attrs.Attribute[Counting], value: Counting) -> None:
        if self.dimension.counted == (value is Counting.AMOUNT):
            what = "a counting word" if self.dimension.counted else "a measure"
            raise InvalidValueError(
                f"{self.vi!r} is {what} ({self.dimension.value}): it cannot count {value.value}",
                where=f"unit[{self.code}].counts",
            )

    @property
    def words(self) -> tuple[str, ...]:
        """Every Vietnamese spelling: the word and its aliases."""
        return (self.vi, *self.aliases)

    def label(self, count: object = 2, *, lang: str = "vi") -> str:
        """The unit's word for ``count`` things in ``lang`` ("vi" or "en").

        >>> unit("tin").label(1, lang="en"), unit("tin").label(9000, lang="en")
        ('tip', 'tips')
        """
        if lang == "vi":
            return self.vi
        return self.en if count == 1 else self.en_plural

    def __str__(self) -> str:
        return self.vi

    def __repr__(self) -> str:
        return f"Unit({self.code!r})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        # Hypothesis and IPython print attrs objects field by field unless told otherwise.
        printer.text(repr(self))


def _unit_tuple(value: Iterable[Unit]) -> tuple[Unit, ...]:
    if isinstance(value, Unit):
        return (value,)
    items = tuple(value)
    for i, item in enumerate(items):
        if not isinstance(item, Unit):
            raise InvalidValueError(
                f"must be a Unit, got {type(item).__name__} {item!r}",
                where=f"vocabulary.added[{i}]",
            )
    return items


# The built-in units are made on first use, not when danvan is imported: making 159
# validated units is a noticeable part of the import, and a program that reads no
# quantity never needs them. Each table is made once (functools.cache) and never changes.
@functools.cache
def _builtin() -> tuple[Unit, ...]:
    """The built-in units, in the stable order of `danvan._unit_words`."""
    from danvan._unit_words import WORDS

    return tuple(
        Unit(
            code=w.code,
            dimension=w.dimension,
            factor=w.factor,
            vi=w.vi,
            en=w.en,
            en_plural=w.en_plural,
            aliases=w.aliases,
            counts=default_counting(Dimension(w.dimension)) if w.counts is None else w.counts,
            covers=w.covers,
        )
        for w in WORDS
    )


_BASE_CODES = {
    Dimension.ITEMS: "item",
    Dimension.PERSONS: "person",
    Dimension.PARTICIPATIONS: "turn",
    Dimension.MASS: "gram",
    Dimension.MONEY: "vnd",
    Dimension.BLOOD_UNITS: "blood_unit",
    Dimension.DURATION: "minute",
    Dimension.CALENDAR_DURATION: "month",
    Dimension.AREA: "square_metre",
    Dimension.VOLUME: "millilitre",
    Dimension.LENGTH: "metre",
    Dimension.LABOUR: "workday",
}


@functools.cache
def _base() -> dict[Dimension, Unit]:
    """The unit each dimension's sums are expressed in."""
    return {d: next(u for u in _builtin() if u.code == c) for d, c in _BASE_CODES.items()}


@functools.cache
def _ambiguous_keys() -> dict[str, str]:
    """Words reports use for several units, by `match_key`, and why."""
    from danvan._unit_words import AMBIGUOUS

    return {match_key(word): why for word, why in AMBIGUOUS.items()}


@attrs.frozen(repr=False)
class Vocabulary:
    """The units and counting words a program knows: the built-in ones and those added.

    Parsing (`parse_quantity`, `parse_ratio`), a catalogue (`Catalogue.with_units`) and the
    files that read a dataset look words up here. Every word means one unit: a word
    that two units would share is refused, and a word reports use for several units
    ("sào": 360, 500 or 1.000 m² by region) is reported as ambiguous until a vocabulary
    registers the one its source means.

    The plain form of a vocabulary is the list of units it adds to the built-in ones
    (`added`), each a record of plain fields; ``standard_vocabulary().with_units(*added)``
    rebuilds it.

    Args:
        added: Units beyond the built-in ones.

    Raises:
        InvalidValueError: codes or spellings clash, a unit covers an unknown code or
            one of another dimension (every problem is listed).

    >>> hop = Unit(code="hop", dimension="items", vi="hộp quà", en="gift box",
    ...            en_plural="gift boxes")
    >>> vocabulary = standard_vocabulary().with_units(hop)
    >>> vocabulary.unit("hộp quà") is hop, vocabulary.added == (hop,)
    (True, True)
    """

    added: tuple[Unit, ...] = attrs.field(default=(), converter=_unit_tuple)
    _by_code: dict[str, Unit] = attrs.field(init=False, eq=False)
    _by_word: dict[str, Unit] = attrs.field(init=False, eq=False)
    _longest: int = attrs.field(init=False, eq=False)

    def __attrs_post_init__(self) -> None:
        by_code: dict[str, Unit] = {}
        by_word: dict[str, Unit] = {}
        problems: list[str] = []
        every = (*_builtin(), *self.added)
        for u in every:
            if u.code in by_code:
                problems.append(f"unit code {u.code!r} is already taken")
                continue
            by_code[u.code] = u
            for word in u.words:
                key = match_key(word)
                other = by_word.setdefault(key, u)
                if other is not u:
                    problems.append(
                        f"the word {word!r} of unit {u.code!r} already means unit {other.code!r}"
                    )
        for u in every:
            for code in u.covers:
                part = by_code.get(code)
                if part is None:
                    problems.append(f"unit {u.code!r} covers unknown unit {code!r}")
                elif part.dimension is not u.dimension:
                    problems.append(
                        f"unit {u.code!r} ({u.dimension.value}) cannot cover {code!r} "
                        f"({part.dimension.value})"
                    )
        if problems:
            raise InvalidValueError("invalid vocabulary:\n  " + "\n  ".join(problems))
        for u in every:  # English labels last: Vietnamese spellings win a clash
            for word in (u.en, u.en_plural):
                by_word.setdefault(match_key(word), u)
        object.__setattr__(self, "_by_code", by_code)
        object.__setattr__(self, "_by_word", by_word)
        object.__setattr__(self, "_longest", max(len(k.split()) for k in by_word))

    @property
    def units(self) -> tuple[Unit, ...]:
        """Every unit: the built-in ones in a stable order, then the added ones."""
        return (*_builtin(), *self.added)

    def __iter__(self) -> Iterator[Unit]:
        return iter(self.units)

    def __len__(self) -> int:
        return len(self._by_code)

    def __contains__(self, item: object) -> bool:
        if isinstance(item, Unit):
            return self._by_code.get(item.code) == item
        return item in self._by_code

    def __repr__(self) -> str:
        return f"<Vocabulary of {len(self)} units, {len(self.added)} added>"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))

    def with_units(self, *units: Unit) -> Vocabulary:
        """A new vocabulary with ``units`` added (the whole is validated again).

        A unit may take a word listed as ambiguous ("sào"): that settles what the word
        means in this vocabulary.

        Raises:
            InvalidValueError: a code or a word is already taken (all problems listed).
        """
        return Vocabulary((*self.added, *units))

    def word(self, text: str) -> Unit | None:
        """The unit ``text`` names (a code, a Vietnamese spelling or an English label), or None.

        Matching ignores case, Unicode normal form and old/new tone placement.
        """
        if text in self._by_code:
            return self._by_code[text]
        return self._by_word.get(match_key(text))

    def ambiguity(self, text: str) -> str | None:
        """Why ``text`` names no single unit, when reports use it for several; else None.

        >>> standard_vocabulary().ambiguity("sào")
        '360 m² in the North, about 500 m² in the Centre and 1.000 m² in the South'
        """
        if self.word(text) is not None:
            return None
        return _ambiguous_keys().get(match_key(text))

    def match_words(self, words: Sequence[str]) -> tuple[Unit, int] | None:
        """The longest unit word at the start of ``words``, and how many words it takes.

        For finding a unit in running text ("3 quả bom, 31 quả lựu đạn"): the caller
        splits the text into words; commas inside a spelling ("tập thể, cá nhân") stay
        attached to the word before them. The last word of a match may end with
        punctuation that is not part of the unit ("lượt cán bộ, chiến sĩ," before the
        next item of a list; "súng;"): the unit ends before it.

        >>> found = standard_vocabulary().match_words(["quả", "lựu", "đạn", "và"])
        >>> found[0].code, found[1]
        ('qua', 3)
        >>> standard_vocabulary().match_words(["lượt", "cán", "bộ,", "chiến", "sĩ,", "đoàn"])[1]
        5
        """
        head = words[: self._longest]
        keys = [_word_key(w) for w in head]
        for n in range(len(keys), 0, -1):
            found = self._by_word.get(" ".join(keys[:n]))
            if found is None and head[n - 1][-1:] in TRAILING_PUNCTUATION:
                # Keyed without its punctuation: a comma changes where a tone mark goes.
                last = _word_key(head[n - 1].rstrip(TRAILING_PUNCTUATION))
                found = self._by_word.get(" ".join([*keys[: n - 1], last]))
            if found is not None:
                return found, n
        return None

    def unit(self, name: str) -> Unit:
        """The unit ``name`` names: a code ("gram"), a Vietnamese word ("gam", "g") or an
        English label.

        Raises:
            UnknownReferenceError: no unit has this name, or the name is ambiguous; the
                message says how to register a unit.
        """
        if not isinstance(name, str):
            raise UnknownReferenceError(f"a unit name must be text, got {name!r}")
        found = self.word(name)
        if found is not None:
            return found
        why = self.ambiguity(name)
        if why is not None:
            raise UnknownReferenceError(
                f"the unit word {name!r} is ambiguous: {why}; {HOW_TO_REGISTER}"
            )
        near = [u.code for u in self.units if match_key(name)[:3] in match_key(u.vi)][:5]
        hint = f" (near: {', '.join(near)})" if near else ""
        near_vi = f" (gần giống: {', '.join(near)})" if near else ""
        raise UnknownReferenceError(
            Message(
                f"unknown unit {name!r}{hint}; known codes are listed by danvan.units(); "
                f"{HOW_TO_REGISTER}",
                f"không có đơn vị tính {name!r}{near_vi}; 'danvan catalogue' liệt kê đơn vị "
                "của các chỉ tiêu; đơn vị mới được đăng ký trong Vocabulary (xem tài liệu)",
            )
        )


@functools.lru_cache(maxsize=65536)
def _word_key(word: str) -> str:
    """`match_key` of one word of running text (cached: reports repeat their words)."""
    return match_key(word)


#: Punctuation that may end a word of running text without being part of a unit word.
TRAILING_PUNCTUATION = ".,;:!?…)]}”’\"'»"

#: How to register a unit, as error messages say it.
HOW_TO_REGISTER = (
    "register the unit with standard_vocabulary().with_units(Unit(code=..., "
    "dimension=..., vi=..., en=..., en_plural=...)) and pass vocabulary= to the parser "
    "(Catalogue.with_units for a dataset)"
)
HOW_TO_REGISTER_VI = (
    "khai báo đơn vị bằng standard_vocabulary().with_units(Unit(code=..., "
    "dimension=..., vi=..., en=..., en_plural=...)) và truyền vocabulary= cho hàm đọc "
    "(Catalogue.with_units cho một bộ dữ liệu)"
)


@functools.cache
def standard_vocabulary() -> Vocabulary:
    """The units and counting words danvan ships, from the language of provincial reports.

    >>> v = standard_vocabulary()
    >>> v.unit("hộ").counts, v.unit("đơn vị").counts, v.unit("đơn vị máu").code
    (<Counting.HOUSEHOLDS: 'households'>, <Counting.ORGANISATIONS: 'organisations'>, 'blood_unit')
    """
    return Vocabulary()


def base_unit(dimension: Dimension) -> Unit:
    """The unit that sums of different units of ``dimension`` are expressed in."""
    return _base()[dimension]


def counts_in(part: Unit, whole: Unit) -> bool:
    """Whether figures in ``part`` may be counted in ``whole`` without renaming what they count.

    True for the same unit, for two sizes of one measure (grams in kilograms), for the
    generic word of a counting dimension ("cái", "người", "lượt") and for a word that
    covers the part ("tập thể, cá nhân" covers "cá nhân"); false across dimensions and
    between two counting words (detonators are not pieces, "kíp" is not "quả").

    >>> counts_in(unit("kíp"), unit("quả")), counts_in(unit("kíp"), unit("cái"))
    (False, True)
    >>> counts_in(unit("cá nhân"), unit("tập thể, cá nhân")), counts_in(unit("g"), unit("kg"))
    (True, True)
    """
    if part == whole:
        return True
    if part.dimension is not whole.dimension:
        return False
    if not part.dimension.counted:
        return True
    return whole == _base()[whole.dimension] or part.code in whole.covers


def unit(name: str) -> Unit:
    """Look a built-in unit up by code ("gram"), Vietnamese word ("gam", "g") or English label.

    Look-up ignores case, NFC/NFD differences and old/new tone placement. Units a user
    registered are looked up on their `Vocabulary`.

    >>> unit("lượt").dimension
    <Dimension.PARTICIPATIONS: 'participations'>
    >>> unit("g") == unit("gram")
    True

    Raises:
        UnknownReferenceError: no unit has this name.
    """
    return standard_vocabulary().unit(name)


def units() -> tuple[Unit, ...]:
    """Every built-in unit, in a stable order.

    >>> len(units()) > 100
    True
    """
    return _builtin()
