"""Charity drives: blood donation, disaster relief, gratitude work and other social work.

A `CharityDrive` describes a drive (công tác xã hội, từ thiện): what it is, its named
programmes, when it ran, who organised it and whom it helped.

Design decision: a drive holds no figures. What it gathered (money, turns of blood
donation, blood units, gift packages) is recorded as observations that name the drive
(``observation.activity`` = the drive's id), and the dataset offers
``contributions(drive_id)`` to list them. Each figure then exists exactly once, so it can
never be counted twice: once on the drive and again in a metric's total.

>>> drive = CharityDrive(
...     id="hien-mau-ca-nam-dinh",
...     name="Hiến máu tình nguyện",
...     kind=DriveKind.BLOOD_DONATION,
...     programmes=["Ngày hội giọt máu hồng", "Chủ nhật đỏ", "Giọt máu nghĩa tình vì đồng đội"],
...     organisers=["ca-nam-dinh"],
... )
>>> drive.kind.en, len(drive.programmes)
('voluntary blood donation', 3)
"""

from __future__ import annotations

import enum

import attrs

from danvan._fields import (
    check_id,
    check_member,
    check_name,
    check_names,
    check_optional_instance,
    check_ref,
    check_refs,
    check_text,
    member,
    optional_text,
    text,
    texts,
)
from danvan._period import Period

__all__ = ["CharityDrive", "DriveKind"]


class DriveKind(enum.Enum):
    """What a drive collects or gives, with Vietnamese (`vi`) and English (`en`) names."""

    BLOOD_DONATION = "blood-donation"
    """Hiến máu tình nguyện: "Chủ nhật đỏ", "Ngày hội giọt máu hồng"."""
    DISASTER_RELIEF = "disaster-relief"
    """Relief after floods and storms: "ủng hộ đồng bào miền Trung bị lũ lụt"."""
    PANDEMIC_SUPPORT = "pandemic-support"
    """Support for COVID-19 prevention and for people hit by the pandemic."""
    GRATITUDE = "gratitude"
    """Đền ơn đáp nghĩa: care for war invalids, martyrs' families, Heroic Mothers."""
    POVERTY_RELIEF = "poverty-relief"
    """Help for poor households (giảm nghèo)."""
    SCHOLARSHIP = "scholarship"
    """Scholarships for pupils and students (học bổng)."""
    HOUSING = "housing"
    """Houses built or repaired (nhà tình nghĩa, nhà tình thương)."""
    OTHER = "other"
    """Any other social or charity work."""

    @property
    def vi(self) -> str:
        """The Vietnamese name: "hiến máu tình nguyện"."""
        return _LABELS[self][0]

    @property
    def en(self) -> str:
        """The English name: "voluntary blood donation"."""
        return _LABELS[self][1]


_LABELS = {
    DriveKind.BLOOD_DONATION: ("hiến máu tình nguyện", "voluntary blood donation"),
    DriveKind.DISASTER_RELIEF: ("cứu trợ thiên tai", "disaster relief"),
    DriveKind.PANDEMIC_SUPPORT: ("phòng, chống dịch", "pandemic support"),
    DriveKind.GRATITUDE: ("đền ơn đáp nghĩa", "gratitude to those who served"),
    DriveKind.POVERTY_RELIEF: ("giảm nghèo", "poverty relief"),
    DriveKind.SCHOLARSHIP: ("học bổng", "scholarships"),
    DriveKind.HOUSING: ("nhà tình nghĩa, nhà tình thương", "housing"),
    DriveKind.OTHER: ("khác", "other"),
}


def _to_kind(value: DriveKind | str) -> DriveKind:
    return member(DriveKind, value)


@attrs.frozen(kw_only=True)
class CharityDrive:
    """A social or charity drive; its figures live in observations that name it.

    Args:
        id: The dataset's key (no whitespace).
        name: The Vietnamese name as sources write it.
        kind: What it collects or gives (a member or its string value).
        programmes: Named programmes it ran under, as written ("Chủ nhật đỏ").
        period: When it ran; may be open-ended; None when unknown.
        organisers: Ids of the organisations that ran it.
        beneficiaries: The groups it helped, in free text ("gia đình liệt sĩ").
        campaign: Id of the campaign it belongs to, if any.
        note: The analyst's remarks.

    Raises:
        InvalidValueError: a blank id, name, programme or beneficiary, one given twice,
            an unknown kind, a bad reference, a period that is not a `Period`.
    """

    id: str = attrs.field(converter=text, validator=check_id)
    name: str = attrs.field(converter=text, validator=check_name)
    kind: DriveKind = attrs.field(converter=_to_kind, validator=check_member(DriveKind))
    programmes: tuple[str, ...] = attrs.field(default=(), converter=texts, validator=check_names)
    period: Period | None = attrs.field(default=None, validator=check_optional_instance(Period))
    organisers: tuple[str, ...] = attrs.field(default=(), converter=texts, validator=check_refs)
    beneficiaries: tuple[str, ...] = attrs.field(default=(), converter=texts, validator=check_names)
    campaign: str | None = attrs.field(default=None, converter=optional_text, validator=check_ref)
    note: str = attrs.field(default="", converter=text, validator=check_text)
