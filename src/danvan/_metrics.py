"""Metrics: what a figure measures, and how it combines over time and places.

A metric has a stable code, Vietnamese and English names, the dimension of its
unit, what it counts, and its aggregation semantics, declared once here rather than
guessed by each query (DHIS2 does the same with its aggregation types). Metrics
form a hierarchy: "surrendered items" > "explosives" > "grenades".
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

import attrs

from danvan._lang import Message
from danvan._text import match_key, nfc, plain_key
from danvan._units import (
    Counting,
    Dimension,
    Unit,
    Vocabulary,
    default_counting,
    standard_vocabulary,
)
from danvan.errors import InvalidValueError, UnknownReferenceError

E = TypeVar("E", bound=enum.Enum)

__all__ = [
    "Aggregation",
    "Breakdown",
    "Catalogue",
    "Counting",
    "Metric",
    "counting_fits",
    "standard_catalogue",
]


class Aggregation(enum.Enum):
    """How a metric's figures combine over time and over places.

    * FLOW: sums over time and over places.
    * STOCK: the latest value in the period over time; sums over places.
    * RATIO: recomputed from the summed numerators and denominators.
    * MINIMUM: the latest value in the period over time; the minimum over places.
    """

    FLOW = "flow"
    """Events in a period: tips, surrendered items, blood-donation turns."""
    STOCK = "stock"
    """A level at a date: models in operation, officers in post."""
    RATIO = "ratio"
    """Coverage such as 204/204: never summed or averaged."""
    MINIMUM = "minimum"
    """A floor that holds everywhere: "at least 5 officers in every commune"."""

    @property
    def over_time(self) -> str:
        """``"sum"``, ``"latest"`` or ``"recompute"``."""
        return {"flow": "sum", "ratio": "recompute"}.get(self.value, "latest")

    @property
    def over_places(self) -> str:
        """``"sum"``, ``"min"`` or ``"recompute"``."""
        return {"minimum": "min", "ratio": "recompute"}.get(self.value, "sum")


class Breakdown(enum.Enum):
    """How a metric's sub-metrics relate to it."""

    PARTIAL = "of-which"
    """"trong đó": the parts may not cover the whole; their sum can never exceed it."""
    COMPLETE = "consists-of"
    """"gồm": the parts cover the whole; their sum should equal it."""


def _code(value: object) -> str:
    if not isinstance(value, str) or not value or any(ch.isspace() for ch in value):
        raise InvalidValueError(
            f"must be a non-empty code without spaces, got {value!r}", where="metric.code"
        )
    return value


def _aggregation(value: Aggregation | str) -> Aggregation:
    return _enum_member(Aggregation, value, "aggregation")


def _breakdown(value: Breakdown | str) -> Breakdown:
    return _enum_member(Breakdown, value, "breakdown")


def _enum_member(kind: type[E], value: object, field: str) -> E:
    """The member of ``kind`` that ``value`` is or names ("stock"); anything else refused,
    never kept as a string that no rule would recognise."""
    if isinstance(value, kind):
        return value
    for member in kind:
        if member.value == value:
            return member
    known = ", ".join(repr(m.value) for m in kind)
    raise InvalidValueError(f"must be one of {known}, got {value!r}", where=f"metric.{field}")


def _optional_unit(value: Unit | str | None) -> Unit | None:
    if value is None or isinstance(value, Unit):
        return value
    return standard_vocabulary().unit(value)


@attrs.frozen(kw_only=True)
class Metric:
    """What a figure measures.

    Args:
        code: Stable key ("surrendered.grenades").
        name_vi: Vietnamese name, as reports word it.
        name_en: English name.
        unit: The unit figures are usually stated in; None for a group of sub-metrics
            of different units ("surrendered items": pieces and grams), which holds
            no figures of its own.
        counts: What one unit stands for; by default what the unit counts
            (`Unit.counts`: "đồng" an amount, "hộ" households), items without a unit.
        aggregation: How figures combine over time and places.
        parent: Code of the metric this one is a part of.
        breakdown: How *this* metric's sub-metrics relate to it.
        numerator: For a RATIO, the metric counted on top.
        denominator: For a RATIO, the metric counted below.
        description: Free text.

    >>> m = standard_catalogue().get("tips")
    >>> (m.name_en, m.dimension.value, m.aggregation.value)
    ('valuable tips from the public', 'items', 'flow')
    """

    code: str = attrs.field(converter=_code)
    name_vi: str = attrs.field(converter=nfc)
    name_en: str = attrs.field(converter=nfc)
    unit: Unit | None = attrs.field(default=None, converter=_optional_unit)
    counts: Counting = attrs.field()
    aggregation: Aggregation = attrs.field(default=Aggregation.FLOW, converter=_aggregation)
    parent: str | None = None
    breakdown: Breakdown = attrs.field(default=Breakdown.PARTIAL, converter=_breakdown)
    numerator: str | None = None
    denominator: str | None = attrs.field(default=None)
    description: str = attrs.field(default="", converter=nfc)

    @counts.default
    def _counts_of_unit(self) -> Counting:
        # What the unit counts: "đồng" is an amount, "hộ" households, "lượt" turns.
        return Counting.ITEMS if self.unit is None else self.unit.counts

    @denominator.validator
    def _check(self, _: attrs.Attribute[str | None], value: str | None) -> None:
        where = f"metric[{self.code}]"
        if not isinstance(self.counts, Counting):
            raise InvalidValueError(f"counts must be a Counting, got {self.counts!r}", where=where)
        if self.unit is not None and self.unit.dimension.counted == (
            self.counts is Counting.AMOUNT
        ):
            what = "a counting word" if self.unit.dimension.counted else "a measure"
            raise InvalidValueError(
                f"its unit {self.unit.vi!r} is {what} ({self.unit.dimension.value}): the "
                f"metric cannot count {self.counts.value}",
                where=where,
            )
        if self.aggregation is Aggregation.RATIO:
            if not (self.numerator and value):
                raise InvalidValueError("a ratio needs a numerator and a denominator", where=where)
        elif self.numerator or value:
            raise InvalidValueError("only a ratio has a numerator and denominator", where=where)
        if self.parent == self.code:
            raise InvalidValueError("a metric cannot be its own parent", where=where)

    @property
    def dimension(self) -> Dimension | None:
        """The dimension of the metric's unit; None for a group."""
        return None if self.unit is None else self.unit.dimension

    @property
    def is_group(self) -> bool:
        """Whether the metric only groups sub-metrics of different units."""
        return self.unit is None and self.aggregation is not Aggregation.RATIO

    def name(self, lang: str = "vi") -> str:
        """The name in ``lang`` ("vi" or "en")."""
        return self.name_vi if lang == "vi" else self.name_en


def _metric_tuple(value: Iterable[Metric]) -> tuple[Metric, ...]:
    items = tuple(value)
    for i, item in enumerate(items):
        if not isinstance(item, Metric):
            raise InvalidValueError(
                f"must be a Metric, got {type(item).__name__}", where=f"catalogue.metrics[{i}]"
            )
    return items


def _vocabulary(value: object) -> Vocabulary:
    if not isinstance(value, Vocabulary):
        raise InvalidValueError(
            f"must be a Vocabulary, got {type(value).__name__}", where="catalogue.vocabulary"
        )
    return value


@attrs.frozen
class Catalogue:
    """A consistent set of metrics, indexed by code, with the vocabulary of their units.

    Construction checks every metric against the others and reports every problem
    at once: duplicate codes, unknown parents, numerators or denominators, cycles,
    sub-metrics whose dimension cannot add up to their parent's, and units the
    vocabulary does not hold.

    Args:
        metrics: The metrics.
        vocabulary: The units and counting words the metrics' figures are stated in
            (the built-in ones by default); files and parsers of a dataset read words
            through it. Add units with `with_units`.

    >>> cat = standard_catalogue()
    >>> [m.code for m in cat.children("surrendered.explosives")][:3]
    ['surrendered.bombs', 'surrendered.shells', 'surrendered.grenades']
    """

    metrics: tuple[Metric, ...] = attrs.field(converter=_metric_tuple)
    vocabulary: Vocabulary = attrs.field(
        factory=standard_vocabulary, converter=_vocabulary, kw_only=True
    )
    _by_code: dict[str, Metric] = attrs.field(init=False, repr=False, eq=False)
    _children: dict[str, tuple[Metric, ...]] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        by_code: dict[str, Metric] = {}
        problems: list[str] = []
        for m in self.metrics:
            if m.code in by_code:
                problems.append(f"duplicate metric code {m.code!r}")
            by_code[m.code] = m
        children: dict[str, list[Metric]] = {}
        for m in self.metrics:
            for ref, what in (
                (m.parent, "parent"),
                (m.numerator, "numerator"),
                (m.denominator, "denominator"),
            ):
                if ref is not None and ref not in by_code:
                    problems.append(f"metric {m.code!r} names unknown {what} {ref!r}")
            if m.unit is not None and m.unit not in self.vocabulary:
                problems.append(
                    f"metric {m.code!r} counts in {m.unit.vi!r} ({m.unit.code}), which the "
                    f"catalogue's vocabulary does not hold; add it with Catalogue.with_units"
                )
            if m.parent is None or m.parent not in by_code:
                continue
            parent = by_code[m.parent]
            children.setdefault(parent.code, []).append(m)
            if parent.dimension is not None and m.dimension is not parent.dimension:
                problems.append(
                    f"metric {m.code!r} ({_dim(m)}) cannot be part of {parent.code!r} "
                    f"({_dim(parent)}): different dimensions"
                )
        for m in self.metrics:
            seen = {m.code}
            current = m
            while current.parent is not None and current.parent in by_code:
                if current.parent in seen:
                    problems.append(f"metric {m.code!r} is its own ancestor")
                    break
                seen.add(current.parent)
                current = by_code[current.parent]
        if problems:
            raise InvalidValueError("invalid catalogue:\n  " + "\n  ".join(problems))
        object.__setattr__(self, "_by_code", by_code)
        object.__setattr__(self, "_children", {k: tuple(v) for k, v in children.items()})

    def __repr__(self) -> str:
        return f"<Catalogue of {len(self.metrics)} metrics>"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))

    def __iter__(self) -> Iterator[Metric]:
        return iter(self.metrics)

    def __len__(self) -> int:
        return len(self.metrics)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def get(self, code: str) -> Metric:
        """The metric with ``code``.

        Raises:
            UnknownReferenceError: no such metric; the message suggests near names.
        """
        try:
            return self._by_code[code]
        except KeyError:
            near = [m.code for m in self.metrics if code.split(".")[-1] in m.code][:5]
            hint = f"; did you mean {', '.join(near)}?" if near else ""
            hint_vi = f"; có phải là {', '.join(near)}?" if near else ""
            raise UnknownReferenceError(
                Message(
                    f"unknown metric {code!r}{hint}",
                    f"không có chỉ tiêu {code!r} trong danh mục{hint_vi}",
                )
            ) from None

    def children(self, code: str) -> tuple[Metric, ...]:
        """Direct sub-metrics of ``code``, in catalogue order."""
        self.get(code)
        return self._children.get(code, ())

    def descendants(self, code: str) -> tuple[Metric, ...]:
        """All sub-metrics below ``code``, depth first."""
        out: list[Metric] = []
        for child in self.children(code):
            out.append(child)
            out.extend(self.descendants(child.code))
        return tuple(out)

    def ancestors(self, code: str) -> tuple[Metric, ...]:
        """The metrics ``code`` is part of, nearest first."""
        out: list[Metric] = []
        current = self.get(code)
        while current.parent is not None:
            current = self._by_code[current.parent]
            out.append(current)
        return tuple(out)

    def find(self, name: str) -> tuple[Metric, ...]:
        """Metrics whose code or Vietnamese or English name contains ``name``.

        Matching ignores case and accents ("tin co gia tri" finds "tin có giá trị").
        """
        wanted = plain_key(name)
        return tuple(
            m
            for m in self.metrics
            if wanted in plain_key(m.code)
            or wanted in plain_key(m.name_vi)
            or wanted in plain_key(m.name_en)
            or match_key(name) == match_key(m.name_vi)
        )

    def extended(self, *metrics: Metric | Iterable[Metric]) -> Catalogue:
        """A new catalogue with ``metrics`` added (the whole set is validated again).

        Takes metrics and iterables of metrics alike, as `Gazetteer.with_places` takes
        places: ``c.extended(a, b)`` and ``c.extended([a, b])`` are the same.

        Raises:
            InvalidValueError: the combined set breaks a rule (all problems listed), or
                an argument is neither a Metric nor an iterable of metrics.
        """
        added: list[Metric] = []
        for position, item in enumerate(metrics):
            raw: object = item
            if isinstance(raw, Metric):
                added.append(raw)
            elif isinstance(raw, Iterable) and not isinstance(raw, str | bytes):
                added.extend(raw)  # the catalogue names any item that is not a Metric
            else:
                raise InvalidValueError(
                    f"must be a Metric or an iterable of metrics, got {type(raw).__name__} {raw!r}",
                    where=f"extended[{position}]",
                )
        return Catalogue((*self.metrics, *added), vocabulary=self.vocabulary)

    def with_units(self, *units: Unit) -> Catalogue:
        """A new catalogue whose vocabulary also holds ``units``, for metrics counted in them.

        >>> from danvan import Unit
        >>> bao = Unit(code="bao_gao", dimension="items", vi="bao gạo", en="sack of rice",
        ...            en_plural="sacks of rice")
        >>> cat = standard_catalogue().with_units(bao).extended(
        ...     Metric(code="charity.rice", name_vi="gạo", name_en="rice", unit=bao))
        >>> cat.get("charity.rice").unit.vi
        'bao gạo'

        Raises:
            InvalidValueError: a unit's code or word is already taken.
        """
        return Catalogue(self.metrics, vocabulary=self.vocabulary.with_units(*units))


def _dim(m: Metric) -> str:
    return m.dimension.value if m.dimension else "group"


def _m(code: str, vi: str, en: str, unit_code: str | None, **kw: object) -> Metric:
    return Metric(code=code, name_vi=vi, name_en=en, unit=unit_code, **kw)  # type: ignore[arg-type]  # keyword pass-through of a fixed table


_F, _S = Aggregation.FLOW, Aggregation.STOCK


def _standard_metrics() -> tuple[Metric, ...]:
    # Built on first use (by `_standard`): import time stays small.
    return (
        _m(
            "tips",
            "tin có giá trị do quần chúng cung cấp",
            "valuable tips from the public",
            "tin",
            counts=Counting.TIPS,
        ),
        _m(
            "crimes.reported",
            "tin báo, tố giác tội phạm",
            "crimes reported",
            "case",
            counts=Counting.CASES,
        ),
        _m(
            "crimes.solved",
            "vụ án được điều tra làm rõ",
            "crimes solved",
            "case",
            counts=Counting.CASES,
        ),
        _m(
            "surrendered",
            "vũ khí, vật liệu nổ, công cụ hỗ trợ do nhân dân tự giao nộp",
            "weapons, explosives and support tools surrendered by the public",
            None,
        ),
        _m(
            "surrendered.explosives",
            "vật liệu nổ (tính bằng quả, cái)",
            "explosive devices (counted in pieces)",
            "qua",
            parent="surrendered",
        ),
        _m("surrendered.bombs", "bom", "bombs", "qua", parent="surrendered.explosives"),
        _m(
            "surrendered.shells",
            "đạn pháo",
            "artillery shells",
            "qua",
            parent="surrendered.explosives",
        ),
        _m("surrendered.grenades", "lựu đạn", "grenades", "qua", parent="surrendered.explosives"),
        _m("surrendered.warheads", "đầu đạn", "warheads", "qua", parent="surrendered.explosives"),
        _m("surrendered.mines", "mìn", "mines", "qua", parent="surrendered.explosives"),
        _m(
            "surrendered.detonators", "kíp nổ", "detonators", "kip", parent="surrendered.explosives"
        ),
        _m(
            "surrendered.explosive_mass",
            "thuốc nổ",
            "explosives by mass",
            "gram",
            parent="surrendered",
            counts=Counting.AMOUNT,
        ),
        _m("surrendered.guns", "súng các loại", "guns", "khau", parent="surrendered"),
        _m(
            "surrendered.rounds",
            "đạn các loại",
            "rounds of ammunition",
            "vien",
            parent="surrendered",
        ),
        _m(
            "surrendered.rudimentary_weapons",
            "vũ khí thô sơ",
            "rudimentary weapons",
            "weapon",
            parent="surrendered",
        ),
        _m(
            "surrendered.support_tools",
            "công cụ hỗ trợ",
            "support tools",
            "tool",
            parent="surrendered",
        ),
        _m(
            "surrendered.fireworks",
            "pháo nổ",
            "fireworks",
            "kilogram",
            parent="surrendered",
            counts=Counting.AMOUNT,
        ),
        _m(
            "models",
            "mô hình quần chúng tham gia bảo vệ ANTT",
            "community models",
            "model",
            aggregation=_S,
            counts=Counting.MODELS,
        ),
        _m(
            "model_types",
            "loại mô hình",
            "types of community model",
            "model_type",
            aggregation=_S,
            counts=Counting.MODELS,
        ),
        _m(
            "model_sites",
            "điểm mô hình",
            "community model sites",
            "site",
            aggregation=_S,
            counts=Counting.PLACES,
        ),
        _m(
            "exemplars",
            "tập thể, cá nhân điển hình",
            "exemplary collectives and individuals",
            "awardee",
            aggregation=_S,
            counts=Counting.AWARDEES,
            breakdown=Breakdown.COMPLETE,
        ),
        _m(
            "exemplars.individuals",
            "cá nhân điển hình",
            "exemplary individuals",
            "individual",
            aggregation=_S,
            counts=Counting.AWARDEES,
            parent="exemplars",
        ),
        _m(
            "exemplars.collectives",
            "tập thể điển hình",
            "exemplary collectives",
            "collective",
            aggregation=_S,
            counts=Counting.AWARDEES,
            parent="exemplars",
        ),
        _m(
            "commendations",
            "khen thưởng",
            "commendations",
            "commendation",
            counts=Counting.AWARDEES,
        ),
        _m(
            "blood.turns",
            "lượt hiến máu tình nguyện",
            "voluntary blood-donation turns",
            "turn",
            counts=Counting.PARTICIPATIONS,
        ),
        _m(
            "blood.units",
            "đơn vị máu tiếp nhận",
            "units of blood collected",
            "blood_unit",
            counts=Counting.AMOUNT,
        ),
        _m("charity.money", "tiền ủng hộ, từ thiện", "money raised", "vnd", counts=Counting.AMOUNT),
        _m("charity.gifts", "suất quà", "gift packages", "gift"),
        _m(
            "charity.participants",
            "lượt người tham gia ủng hộ",
            "participations in drives",
            "turn",
            counts=Counting.PARTICIPATIONS,
        ),
        _m(
            "communes.total",
            "số xã, phường, thị trấn",
            "communes",
            "commune",
            aggregation=_S,
            counts=Counting.PLACES,
        ),
        _m(
            "police.regular.communes",
            "xã, thị trấn có Công an chính quy",
            "communes with regular police",
            "commune",
            aggregation=_S,
            counts=Counting.PLACES,
        ),
        _m(
            "police.regular.coverage",
            "tỷ lệ xã, thị trấn có Công an chính quy",
            "share of communes with regular police",
            None,
            aggregation=Aggregation.RATIO,
            numerator="police.regular.communes",
            denominator="communes.total",
            counts=Counting.PLACES,
        ),
        _m(
            "police.regular.officers",
            "Công an chính quy về xã",
            "regular officers in communes",
            "officer",
            aggregation=_S,
            counts=Counting.PERSONS,
        ),
        _m(
            "police.regular.per_commune",
            "số Công an chính quy mỗi xã, thị trấn",
            "regular officers per commune",
            "officer",
            aggregation=Aggregation.MINIMUM,
            counts=Counting.PERSONS,
        ),
    )


def counting_fits(metric: Metric, unit: Unit) -> bool:
    """Whether figures counted in ``unit`` can be of ``metric``: what a rate of a named
    base counts must be what the metric counts.

    The same dimension, and the same kind of thing counted, or a generic word ("người",
    "cái", a base no word names: its dimension's own counting). Households ("85% hộ
    dân") are not tips, nor models; people ("85% người dân") may be any metric's persons.

    >>> from danvan._units import unit
    >>> tips = standard_catalogue().get("tips")
    >>> counting_fits(tips, unit("hộ")), counting_fits(tips, unit("tin"))
    (False, True)
    >>> counting_fits(tips, unit("cái")), counting_fits(tips, unit("người"))
    (True, False)
    """
    if unit.dimension is not metric.dimension:
        return False
    return unit.counts in (metric.counts, default_counting(unit.dimension))


def standard_catalogue() -> Catalogue:
    """The metrics danvan ships: every figure of the seed and the common ones of such reports.

    Extend it with `Catalogue.extended`.

    >>> "surrendered.grenades" in standard_catalogue()
    True
    """
    return _standard()


@functools.cache
def _standard() -> Catalogue:
    # Built on first use, once: the catalogue is immutable.
    return Catalogue(_standard_metrics())
