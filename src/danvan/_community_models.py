"""Community models (mô hình): named, replicable local initiatives, and their lifecycle.

A `CommunityModel` is an initiative such as "Camera an ninh" (security cameras), "Chùa tinh
tiến" or "Hết việc mới hết giờ làm việc", not a data model. Reports tell its life in stages:
built (xây dựng), maintained (duy trì), replicated (nhân rộng), recognised, discontinued.
Each `LifecycleEvent` may carry a date, a period, or neither: reports often say "đã xây
dựng" and no more.

Counts of models ("52 mô hình") are observations of a metric, not lists of records.

>>> import datetime as dt
>>> model = CommunityModel(
...     id="het-viec-moi-het-gio",
...     name="Hết việc mới hết giờ làm việc",
...     category=ModelCategory.PUBLIC_SERVICE,
...     host="ca-nam-dinh-csqlhc",
...     events=[
...         LifecycleEvent(stage=LifecycleStage.BUILT, date=dt.date(2019, 3, 1)),
...         LifecycleEvent(stage=LifecycleStage.MAINTAINED, date=dt.date(2022, 2, 1)),
...     ],
... )
>>> model.stage_on(dt.date(2020, 1, 1))
<LifecycleStage.BUILT: 'built'>
>>> model.is_active_on(dt.date(2018, 1, 1))
False
"""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Iterable

import attrs
import pendulum

from danvan._dates import to_date
from danvan._fields import (
    as_tuple,
    check_date,
    check_id,
    check_member,
    check_name,
    check_optional_instance,
    check_ref,
    check_refs,
    check_text,
    check_tuple_of,
    member,
    optional_date,
    optional_text,
    text,
    texts,
    where,
)
from danvan._period import Period
from danvan.errors import InvalidValueError

__all__ = ["CommunityModel", "LifecycleEvent", "LifecycleStage", "ModelCategory"]


class ModelCategory(enum.Enum):
    """What area a community model works in, with Vietnamese (`vi`) and English (`en`) names."""

    SCHOOL = "school"
    """"An toàn trường học", "Trường học văn minh, học sinh thân thiện..."."""
    RELIGIOUS = "religious"
    """"Chùa tinh tiến", "Giáo xứ, giáo họ không có tội phạm..."."""
    RESIDENTIAL = "residential"
    """Hamlets and residential areas (thôn, xóm, khu dân cư)."""
    INDUSTRIAL_ZONE = "industrial-zone"
    """"Khu, cụm công nghiệp an toàn về ANTT"."""
    TOURISM = "tourism"
    """"Hai có", "Hai không" at the Quất Lâm beach area."""
    VETERANS = "veterans"
    """"Tổ cựu chiến binh vì dân"."""
    PUBLIC_SERVICE = "public-service"
    """Serving the public: "Tiếp dân như tiếp khách quý", "Hết việc mới hết giờ làm việc"."""
    SECURITY_CAMERA = "security-camera"
    """"Camera an ninh"."""
    YOUTH = "youth"
    """Youth Union initiatives."""
    WOMEN = "women"
    """Women's Union initiatives."""
    DRUG_PREVENTION = "drug-prevention"
    """"Thôn, xóm không ma túy và tệ nạn xã hội"."""
    SELF_MANAGEMENT = "self-management"
    """Self-managed security groups: "2 tự quản, 3 chủ động"."""
    OTHER = "other"
    """Anything else."""

    @property
    def vi(self) -> str:
        """The Vietnamese name: "camera an ninh"."""
        return _CATEGORY_LABELS[self][0]

    @property
    def en(self) -> str:
        """The English name: "security cameras"."""
        return _CATEGORY_LABELS[self][1]


_CATEGORY_LABELS = {
    ModelCategory.SCHOOL: ("trường học", "schools"),
    ModelCategory.RELIGIOUS: ("tôn giáo", "religious communities"),
    ModelCategory.RESIDENTIAL: ("khu dân cư", "residential areas"),
    ModelCategory.INDUSTRIAL_ZONE: ("khu, cụm công nghiệp", "industrial zones"),
    ModelCategory.TOURISM: ("du lịch", "tourism"),
    ModelCategory.VETERANS: ("cựu chiến binh", "veterans"),
    ModelCategory.PUBLIC_SERVICE: ("phục vụ nhân dân", "public service"),
    ModelCategory.SECURITY_CAMERA: ("camera an ninh", "security cameras"),
    ModelCategory.YOUTH: ("thanh niên", "youth"),
    ModelCategory.WOMEN: ("phụ nữ", "women"),
    ModelCategory.DRUG_PREVENTION: ("phòng, chống ma túy", "drug prevention"),
    ModelCategory.SELF_MANAGEMENT: ("tự quản", "self-management"),
    ModelCategory.OTHER: ("khác", "other"),
}


class LifecycleStage(enum.Enum):
    """A step in a model's life, with Vietnamese (`vi`) and English (`en`) names."""

    BUILT = "built"
    """Xây dựng: set up."""
    MAINTAINED = "maintained"
    """Duy trì: kept running."""
    REPLICATED = "replicated"
    """Nhân rộng: copied to more places."""
    RECOGNISED = "recognised"
    """Công nhận: recognised or commended."""
    DISCONTINUED = "discontinued"
    """Ngừng hoạt động: stopped. Nothing can follow it."""

    @property
    def vi(self) -> str:
        """The Vietnamese name: "nhân rộng"."""
        return _STAGE_LABELS[self][0]

    @property
    def en(self) -> str:
        """The English name: "replicated"."""
        return _STAGE_LABELS[self][1]


_STAGE_LABELS = {
    LifecycleStage.BUILT: ("xây dựng", "built"),
    LifecycleStage.MAINTAINED: ("duy trì", "maintained"),
    LifecycleStage.REPLICATED: ("nhân rộng", "replicated"),
    LifecycleStage.RECOGNISED: ("công nhận", "recognised"),
    LifecycleStage.DISCONTINUED: ("ngừng hoạt động", "discontinued"),
}


def _to_stage(value: LifecycleStage | str) -> LifecycleStage:
    return member(LifecycleStage, value)


@attrs.frozen(kw_only=True)
class LifecycleEvent:
    """One step in a model's life, dated as precisely as the report dates it.

    Args:
        stage: What happened.
        date: The day it happened, if known.
        period: The period it happened in, if known ("năm 2021"); may be given with a date,
            which must then lie inside it.
        note: The analyst's remarks.

    Raises:
        InvalidValueError: an unknown stage, a datetime, or a date outside the period.
    """

    stage: LifecycleStage = attrs.field(converter=_to_stage, validator=check_member(LifecycleStage))
    date: pendulum.Date | None = attrs.field(
        default=None, converter=optional_date, validator=check_date
    )
    period: Period | None = attrs.field(default=None, validator=check_optional_instance(Period))
    note: str = attrs.field(default="", converter=text, validator=check_text)

    @period.validator
    def _check_date_in_period(
        self, attribute: attrs.Attribute[Period | None], value: object
    ) -> None:
        if isinstance(value, Period) and self.date is not None and not value.contains(self.date):
            raise InvalidValueError(
                f"the date {self.date} lies outside the period {value}",
                where=where(self, attribute.name),
            )

    @property
    def earliest(self) -> pendulum.Date | None:
        """The first day the event can have happened on, if known."""
        if self.date is not None:
            return self.date
        return None if self.period is None else self.period.start

    @property
    def latest(self) -> pendulum.Date | None:
        """The last day the event can have happened on, if known (None for an open period)."""
        if self.date is not None:
            return self.date
        return None if self.period is None else self.period.end


def _to_category(value: ModelCategory | str) -> ModelCategory:
    return member(ModelCategory, value)


def _events(value: Iterable[LifecycleEvent]) -> tuple[LifecycleEvent, ...]:
    return as_tuple(value)


def _describe(event: LifecycleEvent) -> str:
    when = event.date if event.date is not None else event.period
    return f"{event.stage.value}, {when}"


@attrs.frozen(kw_only=True)
class CommunityModel:
    """A named, replicable community initiative and its lifecycle.

    A model counts as active from its first recorded event until a recorded
    discontinuation; after its last event it is presumed still active, as reports record
    a model's end when it comes.

    Args:
        id: The dataset's key (no whitespace).
        name: The Vietnamese name as sources write it, without quotes.
        category: The area it works in (a member or its string value).
        host: Id of the organisation that runs it.
        places: Codes of the places it runs in.
        campaign: Id of the campaign it belongs to ("dan-van-kheo").
        events: Its lifecycle, in chronological order where dated.
        note: The analyst's remarks.

    Raises:
        InvalidValueError: a blank id or name, an unknown category, a bad reference, events
            out of chronological order, or an event after DISCONTINUED.
    """

    id: str = attrs.field(converter=text, validator=check_id)
    name: str = attrs.field(converter=text, validator=check_name)
    category: ModelCategory = attrs.field(
        converter=_to_category, validator=check_member(ModelCategory)
    )
    host: str | None = attrs.field(default=None, converter=optional_text, validator=check_ref)
    places: tuple[str, ...] = attrs.field(default=(), converter=texts, validator=check_refs)
    campaign: str | None = attrs.field(default=None, converter=optional_text, validator=check_ref)
    events: tuple[LifecycleEvent, ...] = attrs.field(
        default=(), converter=_events, validator=check_tuple_of(LifecycleEvent)
    )
    note: str = attrs.field(default="", converter=text, validator=check_text)

    @events.validator
    def _check_lifecycle(
        self, attribute: attrs.Attribute[tuple[LifecycleEvent, ...]], value: object
    ) -> None:
        events = self.events
        path = where(self, attribute.name)
        for i, event in enumerate(events):
            if event.stage is LifecycleStage.DISCONTINUED and i != len(events) - 1:
                raise InvalidValueError(
                    f"events[{i}] discontinues the model, but events follow it; "
                    "nothing can come after 'discontinued'",
                    where=path,
                )
        # An event may not certainly have happened after one listed later. Pairs, not
        # neighbours: events dated by periods overlap, so the order is not transitive.
        for i, before in enumerate(events):
            for j in range(i + 1, len(events)):
                after = events[j]
                if before.earliest is None or after.latest is None:
                    continue
                if before.earliest > after.latest:
                    raise InvalidValueError(
                        f"events[{i}] ({_describe(before)}) comes after events[{j}] "
                        f"({_describe(after)}); list events in chronological order",
                        where=path,
                    )

    def event_on(self, date: _dt.date) -> LifecycleEvent | None:
        """The latest event that had certainly happened by ``date`` (inclusive), if any.

        An event dated only by a period counts once the period has ended.

        Raises:
            InvalidValueError: ``date`` is a datetime or not a date.
        """
        day = to_date(date, where="date")
        found = None
        for event in self.events:
            if event.latest is not None and event.latest <= day:
                found = event
        return found

    def stage_on(self, date: _dt.date) -> LifecycleStage | None:
        """The stage of the latest event that had certainly happened by ``date``, if any.

        Raises:
            InvalidValueError: ``date`` is a datetime or not a date.
        """
        event = self.event_on(date)
        return None if event is None else event.stage

    def is_active_on(self, date: _dt.date) -> bool | None:
        """Whether the model was running on ``date``; None when the records cannot tell.

        False once a discontinuation had certainly happened, or before the model was
        certainly built; True once some event had certainly happened and no
        discontinuation can have happened yet; None otherwise.

        >>> import datetime as dt
        >>> model = CommunityModel(id="m", name="Camera an ninh", category="security-camera",
        ...                        events=[LifecycleEvent(stage="built")])
        >>> model.is_active_on(dt.date(2022, 1, 1)) is None  # built, but when?
        True

        Raises:
            InvalidValueError: ``date`` is a datetime or not a date.
        """
        day = to_date(date, where="date")
        ended = [e for e in self.events if e.stage is LifecycleStage.DISCONTINUED]
        running = [e for e in self.events if e.stage is not LifecycleStage.DISCONTINUED]
        end = ended[0] if ended else None
        if end is not None and end.latest is not None and end.latest <= day:
            return False
        built = next((e for e in running if e.stage is LifecycleStage.BUILT), None)
        if built is not None and built.earliest is not None and built.earliest > day:
            return False
        if not any(e.latest is not None and e.latest <= day for e in running):
            return None
        if end is None or (end.earliest is not None and end.earliest > day):
            return True
        # The end comes after every other event: one on or after the day means it was later.
        if any(e.earliest is not None and e.earliest >= day for e in running):
            return True
        return None
