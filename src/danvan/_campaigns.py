"""Campaigns: movements, emulation movements, peak drives, programmes and projects.

A `Campaign` is what outreach work is organised under: the all-people movement to protect
national security (phong trào toàn dân bảo vệ an ninh Tổ quốc), the emulation movement
"Dân vận khéo", a peak drive against COVID-19. It cites documents as its legal basis,
names its organisers and scope, and may set `Target` figures (chỉ tiêu). Every reference is
an id (documents, organisations, place codes, metric codes); the dataset checks that they
exist, and warns when a target's period falls outside the campaign's.

>>> import datetime as dt
>>> from danvan._quantity import Quantity
>>> from danvan._period import Period
>>> target = Target(
...     metric="communes-with-regular-police",
...     quantity=Quantity(value=204, unit="commune"),
...     period=Period.years(2018, 2021),
...     stated_attainment=Attainment.MET,
... )
>>> check = target.attainment(Quantity(value=204, unit="commune"))
>>> (check.met, check.exceeded, check.consistent)
(<Certainty.CERTAIN: 'certain'>, <Certainty.IMPOSSIBLE: 'impossible'>, True)
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs

from danvan._fields import (
    as_tuple,
    check_id,
    check_instance,
    check_member,
    check_name,
    check_not_own_id,
    check_optional_instance,
    check_optional_member,
    check_ref,
    check_refs,
    check_text,
    check_tuple_of,
    member,
    optional_text,
    text,
    texts,
)
from danvan._lang import Text
from danvan._period import Period
from danvan._quantity import Certainty, Quantity
from danvan._text import match_key

__all__ = [
    "ATTAINMENT_WORDS",
    "Attainment",
    "Campaign",
    "CampaignKind",
    "Target",
    "TargetCheck",
    "attainment_named",
]


class CampaignKind(enum.Enum):
    """The kind of a campaign, with its Vietnamese (`vi`) and English (`en`) names."""

    MOVEMENT = "movement"
    """Phong trào: a long-running movement, such as the all-people movement (ANTQ)."""
    EMULATION_MOVEMENT = "emulation-movement"
    """Phong trào thi đua: a movement with competition and awards, such as "Dân vận khéo"."""
    PEAK_DRIVE = "peak-drive"
    """Đợt cao điểm: a short, intensive drive."""
    PROGRAMME = "programme"
    """Chương trình: a programme of activities."""
    PROJECT = "project"
    """Dự án, đề án: a project with its own plan, such as chip-based citizen ID cards."""

    @property
    def vi(self) -> str:
        """The Vietnamese name: "phong trào thi đua"."""
        return _KIND_VI[self]

    @property
    def en(self) -> str:
        """The English name: "emulation movement"."""
        return _KIND_EN[self]


_KIND_VI = {
    CampaignKind.MOVEMENT: "phong trào",
    CampaignKind.EMULATION_MOVEMENT: "phong trào thi đua",
    CampaignKind.PEAK_DRIVE: "đợt cao điểm",
    CampaignKind.PROGRAMME: "chương trình",
    CampaignKind.PROJECT: "dự án",
}
_KIND_EN = {
    CampaignKind.MOVEMENT: "movement",
    CampaignKind.EMULATION_MOVEMENT: "emulation movement",
    CampaignKind.PEAK_DRIVE: "peak drive",
    CampaignKind.PROGRAMME: "programme",
    CampaignKind.PROJECT: "project",
}


class Attainment(enum.Enum):
    """What a report says of a target, with the Vietnamese words (`vi`).

    A member is named by its value or by the words reports use (`ATTAINMENT_WORDS`,
    read as `Target` reads ``stated_attainment``): "vượt chỉ tiêu", "hoàn thành",
    "chưa đạt".
    """

    EXCEEDED = "exceeded"
    """Vượt chỉ tiêu: above the target."""
    MET = "met"
    """Đạt: at or above the target."""
    NOT_MET = "not-met"
    """Không đạt: below the target."""

    @property
    def vi(self) -> str:
        """The Vietnamese words: "vượt chỉ tiêu"."""
        return ATTAINMENT_WORDS[self].vi


ATTAINMENT_WORDS: dict[Attainment, Text] = {
    Attainment.EXCEEDED: Text("vượt chỉ tiêu", "exceeded"),
    Attainment.MET: Text("đạt", "met"),
    Attainment.NOT_MET: Text("không đạt", "not met"),
}
"""Each attainment as readers are told."""

# The other words reports use for each attainment (besides its value and its words above).
_ATTAINMENT_SAID: dict[str, Attainment] = {
    **{words.vi: a for a, words in ATTAINMENT_WORDS.items()},
    **{words.en: a for a, words in ATTAINMENT_WORDS.items()},
    "vượt": Attainment.EXCEEDED,
    "vượt mức": Attainment.EXCEEDED,
    "vượt kế hoạch": Attainment.EXCEEDED,
    "hoàn thành vượt mức": Attainment.EXCEEDED,
    "hoàn thành vượt chỉ tiêu": Attainment.EXCEEDED,
    "đạt chỉ tiêu": Attainment.MET,
    "đạt kế hoạch": Attainment.MET,
    "hoàn thành": Attainment.MET,
    "hoàn thành chỉ tiêu": Attainment.MET,
    "chưa đạt": Attainment.NOT_MET,
    "không đạt chỉ tiêu": Attainment.NOT_MET,
    "chưa đạt chỉ tiêu": Attainment.NOT_MET,
    "không hoàn thành": Attainment.NOT_MET,
    "chưa hoàn thành": Attainment.NOT_MET,
}
_ATTAINMENT_KEYS = {match_key(said): a for said, a in _ATTAINMENT_SAID.items()}


def attainment_named(text: str) -> Attainment | None:
    """The attainment ``text`` names (its value, or words a report uses), or None.

    >>> attainment_named("Vượt chỉ tiêu"), attainment_named("chưa đạt")
    (<Attainment.EXCEEDED: 'exceeded'>, <Attainment.NOT_MET: 'not-met'>)
    """
    for a in Attainment:
        if a.value == text:
            return a
    return _ATTAINMENT_KEYS.get(match_key(text))


@attrs.frozen(kw_only=True)
class TargetCheck:
    """How an actual figure compares with a target, under the figures' uncertainty.

    Args:
        exceeded: Is the actual value above the target?
        met: Is the actual value at or above the target?
        stated: What the report said of the target, if anything.
        consistent: Whether the figures allow what the report said (True when it said
            nothing). False means the report's claim and its figures contradict each other.
    """

    exceeded: Certainty
    met: Certainty
    stated: Attainment | None
    consistent: bool


_NOT = {
    Certainty.CERTAIN: Certainty.IMPOSSIBLE,
    Certainty.POSSIBLE: Certainty.POSSIBLE,
    Certainty.IMPOSSIBLE: Certainty.CERTAIN,
}


def _to_attainment(value: Attainment | str | None) -> Attainment | None:
    if isinstance(value, str):
        # Words a report uses ("vượt chỉ tiêu") name a member as its value does.
        return attainment_named(value) or member(Attainment, value)
    return None if value is None else member(Attainment, value)


@attrs.frozen(kw_only=True)
class Target:
    """A campaign's target figure (chỉ tiêu) for one metric, period and place.

    Args:
        metric: The code of the metric the target is set on.
        quantity: The target figure. It is normally exact; a qualified figure ("khoảng
            200") is read like any stated figure: its bounds say where the target lies.
        period: When the target is to be reached.
        place: The code of the place it applies to; None for the campaign's whole scope.
        stated_attainment: What a report says of it, if anything: an `Attainment`, its
            value, or the words reports use ("vượt chỉ tiêu", "hoàn thành", "chưa đạt").

    Raises:
        InvalidValueError: a metric code that is blank or has spaces, a quantity that is
            not a `Quantity`, a period that is not a `Period`, an unknown attainment.
    """

    metric: str = attrs.field(converter=text, validator=check_id)
    quantity: Quantity = attrs.field(validator=check_instance(Quantity))
    period: Period = attrs.field(validator=check_instance(Period))
    place: str | None = attrs.field(default=None, converter=optional_text, validator=check_ref)
    stated_attainment: Attainment | None = attrs.field(
        default=None, converter=_to_attainment, validator=check_optional_member(Attainment)
    )

    def attainment(self, actual: Quantity) -> TargetCheck:
        """Compare ``actual`` (for the same metric, period and place) with the target.

        ``met`` is CERTAIN when the lowest possible actual value reaches the highest
        possible target, IMPOSSIBLE when every possible actual value is below every
        possible target, POSSIBLE otherwise; ``exceeded`` is `Quantity.above`.

        >>> from danvan._quantity_text import parse_quantity
        >>> from danvan._period import Period
        >>> target = Target(metric="blood-turns", quantity=parse_quantity("3.000 lượt"),
        ...                 period=Period.year(2021), stated_attainment="exceeded")
        >>> check = target.attainment(parse_quantity("hơn 3.100 lượt"))
        >>> (check.exceeded.value, check.met.value, check.consistent)
        ('certain', 'certain', True)

        Raises:
            UnitMismatchError: ``actual`` measures another dimension than the target.
        """
        exceeded = actual.above(self.quantity)
        met = _NOT[actual.below(self.quantity)]
        stated = self.stated_attainment
        if stated is Attainment.EXCEEDED:
            consistent = exceeded.possible
        elif stated is Attainment.MET:
            consistent = met.possible
        elif stated is Attainment.NOT_MET:
            consistent = met is not Certainty.CERTAIN
        else:
            consistent = True
        return TargetCheck(exceeded=exceeded, met=met, stated=stated, consistent=consistent)


def _to_kind(value: CampaignKind | str) -> CampaignKind:
    return member(CampaignKind, value)


def _targets(value: Iterable[Target]) -> tuple[Target, ...]:
    return as_tuple(value)


@attrs.frozen(kw_only=True)
class Campaign:
    """A movement, emulation movement, peak drive, programme or project.

    Args:
        id: The dataset's key (no whitespace): "dan-van-kheo".
        name: The Vietnamese name as sources write it, without quotes: "Dân vận khéo".
        kind: Movement, emulation movement... (a member or its string value).
        period: When it runs; may be open-ended; None when unknown.
        legal_basis: Ids of the documents it implements.
        organisers: Ids of the organisations that run it.
        scope: Codes of the places it covers.
        parent: Id of the campaign it is part of.
        targets: Its target figures.
        note: The analyst's remarks.

    Raises:
        InvalidValueError: a blank id or name, an unknown kind, a reference that is not an
            id or is given twice, a campaign that is its own parent, a target that is not a
            `Target`.

    >>> from danvan._period import Period
    >>> Campaign(id="dan-van-kheo", name="Dân vận khéo", kind="emulation-movement",
    ...          period=Period.years(2021, 2025), legal_basis=["09-ct-bca"]).legal_basis
    ('09-ct-bca',)
    """

    id: str = attrs.field(converter=text, validator=check_id)
    name: str = attrs.field(converter=text, validator=check_name)
    kind: CampaignKind = attrs.field(converter=_to_kind, validator=check_member(CampaignKind))
    period: Period | None = attrs.field(default=None, validator=check_optional_instance(Period))
    legal_basis: tuple[str, ...] = attrs.field(default=(), converter=texts, validator=check_refs)
    organisers: tuple[str, ...] = attrs.field(default=(), converter=texts, validator=check_refs)
    scope: tuple[str, ...] = attrs.field(default=(), converter=texts, validator=check_refs)
    parent: str | None = attrs.field(
        default=None, converter=optional_text, validator=check_not_own_id
    )
    targets: tuple[Target, ...] = attrs.field(
        default=(), converter=_targets, validator=check_tuple_of(Target)
    )
    note: str = attrs.field(default="", converter=text, validator=check_text)
