"""Exemplars (điển hình tiên tiến): named individuals and collectives held up as examples.

An `Exemplar` is one named individual (cá nhân) or collective (tập thể), such as the Women's
Union of the provincial police in the "Dân vận khéo" movement, with the awards it received
(`Recognition`, khen thưởng).

Pooled counts are not exemplars. "33 cá nhân điển hình" or "49 tập thể, cá nhân được khen
thưởng" name nobody: they are observations of a metric (a count of exemplars or awardees for
a campaign, place and period), recorded with the other observations. Make an `Exemplar` only
for someone a report names.

>>> import datetime as dt
>>> union = Exemplar(
...     id="ca-nam-dinh-doan-thanh-nien",
...     name="Đoàn Thanh niên Công an tỉnh Nam Định",
...     kind=ExemplarKind.COLLECTIVE,
...     campaign="dan-van-kheo",
...     recognitions=[Recognition(award="Bằng khen", level="province")],
... )
>>> union.kind.vi, union.recognitions[0].level.vi
('tập thể', 'cấp tỉnh')
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs
import pendulum

from danvan._fields import (
    as_tuple,
    check_date,
    check_id,
    check_member,
    check_name,
    check_optional_member,
    check_ref,
    check_text,
    check_tuple_of,
    member,
    optional_date,
    optional_text,
    text,
)

__all__ = ["Exemplar", "ExemplarKind", "Recognition", "RecognitionLevel"]


class ExemplarKind(enum.Enum):
    """Whether an exemplar is one person or a group, with the Vietnamese word (`vi`)."""

    INDIVIDUAL = "individual"
    """Cá nhân: one person."""
    COLLECTIVE = "collective"
    """Tập thể: a unit, team or union."""

    @property
    def vi(self) -> str:
        """The Vietnamese word: "cá nhân" or "tập thể"."""
        return "cá nhân" if self is ExemplarKind.INDIVIDUAL else "tập thể"


class RecognitionLevel(enum.Enum):
    """The level an award was given at, with the Vietnamese name (`vi`)."""

    COMMUNE = "commune"
    """Cấp xã: by a commune."""
    DISTRICT = "district"
    """Cấp huyện: by a district."""
    PROVINCE = "province"
    """Cấp tỉnh: by a province (its people's committee, its police)."""
    MINISTRY = "ministry"
    """Cấp bộ: by a ministry, such as Bộ Công an."""
    NATIONAL = "national"
    """Cấp nhà nước: by the State (the President, the Prime Minister)."""
    UNIT = "unit"
    """Within a unit: an internal commendation by the exemplar's own organisation."""

    @property
    def vi(self) -> str:
        """The Vietnamese name: "cấp tỉnh"."""
        return _LEVEL_VI[self]


_LEVEL_VI = {
    RecognitionLevel.COMMUNE: "cấp xã",
    RecognitionLevel.DISTRICT: "cấp huyện",
    RecognitionLevel.PROVINCE: "cấp tỉnh",
    RecognitionLevel.MINISTRY: "cấp bộ",
    RecognitionLevel.NATIONAL: "cấp nhà nước",
    RecognitionLevel.UNIT: "cấp đơn vị",
}


def _to_level(value: RecognitionLevel | str | None) -> RecognitionLevel | None:
    return None if value is None else member(RecognitionLevel, value)


@attrs.frozen(kw_only=True)
class Recognition:
    """An award an exemplar received (khen thưởng).

    Args:
        award: The award as written: "Bằng khen", "Giấy khen", "Huân chương Bảo vệ Tổ quốc".
        level: The level it was given at, if known.
        date: When it was given, if known.
        by: Id of the organisation that gave it, if known.

    Raises:
        InvalidValueError: a blank award, an unknown level, a datetime, a bad reference.
    """

    award: str = attrs.field(converter=text, validator=check_name)
    level: RecognitionLevel | None = attrs.field(
        default=None, converter=_to_level, validator=check_optional_member(RecognitionLevel)
    )
    date: pendulum.Date | None = attrs.field(
        default=None, converter=optional_date, validator=check_date
    )
    by: str | None = attrs.field(default=None, converter=optional_text, validator=check_ref)


def _to_kind(value: ExemplarKind | str) -> ExemplarKind:
    return member(ExemplarKind, value)


def _recognitions(value: Iterable[Recognition]) -> tuple[Recognition, ...]:
    return as_tuple(value)


@attrs.frozen(kw_only=True)
class Exemplar:
    """A named individual or collective held up as an example (điển hình tiên tiến).

    Args:
        id: The dataset's key (no whitespace).
        name: The person's or collective's name as sources write it.
        kind: Individual or collective (a member or its string value).
        organisation: Id of the organisation the exemplar belongs to, or is, for a
            collective.
        campaign: Id of the campaign it is an exemplar of ("dan-van-kheo").
        recognitions: The awards it received.
        note: The analyst's remarks.

    Raises:
        InvalidValueError: a blank id or name, an unknown kind, a bad reference, a
            recognition that is not a `Recognition`.
    """

    id: str = attrs.field(converter=text, validator=check_id)
    name: str = attrs.field(converter=text, validator=check_name)
    kind: ExemplarKind = attrs.field(converter=_to_kind, validator=check_member(ExemplarKind))
    organisation: str | None = attrs.field(
        default=None, converter=optional_text, validator=check_ref
    )
    campaign: str | None = attrs.field(default=None, converter=optional_text, validator=check_ref)
    recognitions: tuple[Recognition, ...] = attrs.field(
        default=(), converter=_recognitions, validator=check_tuple_of(Recognition)
    )
    note: str = attrs.field(default="", converter=text, validator=check_text)
