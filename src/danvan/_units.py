"""Units and their dimensions.

Only quantities of one `Dimension` combine: pieces add to pieces, grams to kilograms
(converted exactly), but turns (lượt) never add to persons and grams never to pieces.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs

from danvan._text import match_key, nfc
from danvan.errors import InvalidValueError, UnknownReferenceError

__all__ = ["Dimension", "Unit", "unit", "units"]


class Dimension(enum.Enum):
    """What a unit measures. Quantities combine only within one dimension."""

    ITEMS = "items"
    """Countable things: pieces, guns, rounds, tips, models, cases (quả, khẩu, viên, tin, vụ)."""
    PERSONS = "persons"
    """Distinct people (người, cá nhân, đối tượng)."""
    PARTICIPATIONS = "participations"
    """Person-times (lượt): one person donating blood twice is two turns."""
    MASS = "mass"
    """Mass, in grams, kilograms or tonnes."""
    MONEY = "money"
    """Money in Vietnamese đồng (VND)."""
    BLOOD_UNITS = "blood-units"
    """Units of donated blood (đơn vị máu, of 250 or 350 ml)."""

    @property
    def vi(self) -> str:
        """What the dimension measures, in Vietnamese ("khối lượng" for mass)."""
        return _DIMENSION_VI[self]

    @property
    def discrete(self) -> bool:
        """Whether values are whole numbers (everything but mass)."""
        return self is not Dimension.MASS


_DIMENSION_VI = {
    Dimension.ITEMS: "số lượng đếm được",
    Dimension.PERSONS: "số người",
    Dimension.PARTICIPATIONS: "số lượt người",
    Dimension.MASS: "khối lượng",
    Dimension.MONEY: "số tiền",
    Dimension.BLOOD_UNITS: "số đơn vị máu",
}


def _key(text: str) -> str:
    return match_key(text)


def _nfc_all(texts: Iterable[str]) -> tuple[str, ...]:
    return tuple(nfc(t) for t in texts)


@attrs.frozen(kw_only=True, repr=False)
class Unit:
    """A unit of measure or a counting word, with its dimension.

    Args:
        code: Stable identifier used in files ("gram", "qua").
        dimension: What the unit measures.
        factor: Size in the dimension's base unit (a kilogram is 1000 grams).
        vi: Vietnamese label ("quả", "kg").
        en: English singular ("piece").
        en_plural: English plural ("pieces").
        aliases: Other spellings recognised when parsing ("g", "gr", "gram").

    >>> unit("kg").factor
    1000
    """

    code: str
    dimension: Dimension
    factor: int | Decimal = attrs.field(default=1)
    vi: str = attrs.field(converter=nfc)
    en: str
    en_plural: str
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_nfc_all)

    @factor.validator
    def _check_factor(self, _: attrs.Attribute[int | Decimal], value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int | Decimal) or value <= 0:
            raise InvalidValueError(
                f"factor must be a positive int or Decimal, got {value!r}",
                where=f"unit[{self.code}].factor",
            )

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


def _u(
    code: str,
    dimension: Dimension,
    vi: str,
    en: str,
    en_plural: str,
    *aliases: str,
    factor: int | Decimal = 1,
) -> Unit:
    return Unit(
        code=code,
        dimension=dimension,
        factor=factor,
        vi=vi,
        en=en,
        en_plural=en_plural,
        aliases=aliases,
    )


_I, _P, _L = Dimension.ITEMS, Dimension.PERSONS, Dimension.PARTICIPATIONS
_BUILTIN: tuple[Unit, ...] = (
    # Items. "item" is the base unit: sums over different counting words land there.
    _u("item", _I, "cái", "item", "items", "chiếc"),
    _u(
        "qua",
        _I,
        "quả",
        "piece",
        "pieces",
        "quả bom",
        "bom",
        "quả đạn pháo",
        "đạn pháo",
        "quả lựu đạn",
        "lựu đạn",
    ),
    _u("khau", _I, "khẩu", "gun", "guns", "khẩu súng", "súng"),
    _u("vien", _I, "viên", "round", "rounds", "viên đạn"),
    _u("kip", _I, "kíp", "detonator", "detonators", "kíp nổ"),
    _u("weapon", _I, "vũ khí", "weapon", "weapons", "vũ khí thô sơ"),
    _u("tool", _I, "công cụ", "tool", "tools", "công cụ hỗ trợ"),
    _u("firework", _I, "quả pháo", "firework", "fireworks", "pháo"),
    _u("tin", _I, "tin", "tip", "tips", "nguồn tin", "tin có giá trị"),
    _u("case", _I, "vụ", "case", "cases", "vụ việc"),
    _u("model", _I, "mô hình", "model", "models"),
    _u("model_type", _I, "loại mô hình", "model type", "model types", "loại"),
    _u("site", _I, "điểm", "site", "sites", "điểm mô hình"),
    _u("collective", _I, "tập thể", "collective", "collectives"),
    # "cá nhân" in these reports counts awardees and exemplars, pooled with collectives
    # ("49 tập thể, cá nhân"), so it is an item here; distinct people are "người".
    _u("individual", _I, "cá nhân", "individual", "individuals"),
    _u(
        "awardee",
        _I,
        "tập thể, cá nhân",
        "collective or individual",
        "collectives and individuals",
        "tập thể và cá nhân",
        "tập thể, cá nhân",
    ),
    _u("commune", _I, "xã", "commune", "communes", "xã, thị trấn", "xã, phường, thị trấn"),
    _u("household", _I, "hộ", "household", "households"),
    _u("gift", _I, "suất quà", "gift package", "gift packages", "suất", "phần quà"),
    _u("commendation", _I, "lượt khen thưởng", "commendation", "commendations", "khen thưởng"),
    _u("document", _I, "văn bản", "document", "documents"),
    # Persons.
    _u("person", _P, "người", "person", "persons", "người dân"),
    _u(
        "officer",
        _P,
        "cán bộ, chiến sĩ",
        "officer",
        "officers",
        "công an",
        "cán bộ",
        "chiến sĩ",
        "công an chính quy",
    ),
    _u("subject", _P, "đối tượng", "subject", "subjects"),
    # Participations.
    _u("turn", _L, "lượt", "turn", "turns", "lượt người"),
    # Mass.
    _u("gram", Dimension.MASS, "gam", "gram", "grams", "g", "gr", "gram"),
    _u(
        "kilogram",
        Dimension.MASS,
        "kg",
        "kilogram",
        "kilograms",
        "kilôgam",
        "kilogam",
        "ki-lô-gam",
        factor=1000,
    ),
    _u("tonne", Dimension.MASS, "tấn", "tonne", "tonnes", "t", factor=1_000_000),
    # Money.
    _u("vnd", Dimension.MONEY, "đồng", "VND", "VND", "vnđ", "vnd", "đ"),
    # Blood.
    _u(
        "blood_unit",
        Dimension.BLOOD_UNITS,
        "đơn vị máu",
        "unit of blood",
        "units of blood",
        "đơn vị",
    ),
)

_BY_CODE: dict[str, Unit] = {u.code: u for u in _BUILTIN}
_BY_WORD: dict[str, Unit] = {}
for _unit in _BUILTIN:
    for _word in (_unit.vi, *_unit.aliases):
        _BY_WORD.setdefault(_key(_word), _unit)
for _unit in _BUILTIN:  # English labels last: Vietnamese spellings win a clash
    for _word in (_unit.en, _unit.en_plural):
        _BY_WORD.setdefault(_key(_word), _unit)
_BASE: dict[Dimension, Unit] = {
    Dimension.ITEMS: _BY_CODE["item"],
    Dimension.PERSONS: _BY_CODE["person"],
    Dimension.PARTICIPATIONS: _BY_CODE["turn"],
    Dimension.MASS: _BY_CODE["gram"],
    Dimension.MONEY: _BY_CODE["vnd"],
    Dimension.BLOOD_UNITS: _BY_CODE["blood_unit"],
}


def base_unit(dimension: Dimension) -> Unit:
    """The unit that sums of different units of ``dimension`` are expressed in."""
    return _BASE[dimension]


def unit(name: str) -> Unit:
    """Look a unit up by code ("gram"), Vietnamese word ("gam", "g") or English label.

    Look-up ignores case, NFC/NFD differences and old/new tone placement.

    >>> unit("lượt").dimension
    <Dimension.PARTICIPATIONS: 'participations'>
    >>> unit("g") == unit("gram")
    True

    Raises:
        UnknownReferenceError: no unit has this name.
    """
    if name in _BY_CODE:
        return _BY_CODE[name]
    found = _BY_WORD.get(_key(name))
    if found is None:
        raise UnknownReferenceError(
            f"unknown unit {name!r}; known codes: {', '.join(sorted(_BY_CODE))}"
        )
    return found


def units() -> tuple[Unit, ...]:
    """Every unit danvan knows, in a stable order.

    >>> len(units()) > 20
    True
    """
    return _BUILTIN


def unit_words() -> dict[str, Unit]:
    """The match-keyed spelling → unit table used by the quantity parser."""
    return _BY_WORD
