"""Community models: construction, lifecycle validation, stage and activity on a date."""

from __future__ import annotations

import datetime as dt
import itertools
import unicodedata
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from danvan._community_models import (
    CommunityModel,
    LifecycleEvent,
    LifecycleStage,
    ModelCategory,
)
from danvan._period import Period
from danvan.errors import InvalidValueError

BUILT = LifecycleStage.BUILT
MAINTAINED = LifecycleStage.MAINTAINED
REPLICATED = LifecycleStage.REPLICATED
DISCONTINUED = LifecycleStage.DISCONTINUED
D = dt.date

HET_VIEC = CommunityModel(
    id="het-viec-moi-het-gio",
    name="Hết việc mới hết giờ làm việc",
    category=ModelCategory.PUBLIC_SERVICE,
    host="ca-nam-dinh-csqlhc",
    places=("36",),
    campaign="dan-van-kheo",
    events=(
        LifecycleEvent(stage=BUILT),  # "đã xây dựng": no date given
        LifecycleEvent(stage=MAINTAINED, period=Period.month(2022, 2)),
    ),
)


def model(*events: LifecycleEvent) -> CommunityModel:
    return CommunityModel(id="m", name="Camera an ninh", category="security-camera", events=events)


def event(stage: LifecycleStage, day: dt.date | None = None, **kw: Any) -> LifecycleEvent:
    return LifecycleEvent(stage=stage, date=day, **kw)


# --- construction ------------------------------------------------------------------------


def test_seed_models_construct() -> None:
    """The seed's models build with host, places and campaign given by id."""
    chua = CommunityModel(id="chua-tinh-tien", name="Chùa tinh tiến", category="religious")
    hai_co = CommunityModel(
        id="hai-co",
        name="Hai có",
        category=ModelCategory.TOURISM,
        note="Du lịch an ninh, an toàn - văn hóa, văn minh; khu du lịch biển Quất Lâm",
    )
    assert ModelCategory.RELIGIOUS == chua.category
    assert () == hai_co.events
    assert "ca-nam-dinh-csqlhc" == HET_VIEC.host
    assert MAINTAINED == HET_VIEC.events[1].stage


def test_labels() -> None:
    """Every category and stage has Vietnamese and English names."""
    assert "camera an ninh" == ModelCategory.SECURITY_CAMERA.vi
    assert "nhân rộng" == REPLICATED.vi
    assert all(c.vi and c.en for c in ModelCategory)
    assert all(s.vi and s.en for s in LifecycleStage)


def test_nfd_name_is_stored_nfc() -> None:
    """A name given in NFD is stored in NFC."""
    nfd = unicodedata.normalize("NFD", "Hết việc mới hết giờ làm việc")
    assert HET_VIEC.name == attrs.evolve(HET_VIEC, name=nfd).name


def test_event_date_may_lie_in_its_period() -> None:
    """An event may carry both a date and the period that contains it."""
    e = event(BUILT, D(2021, 5, 1), period=Period.year(2021))
    assert (D(2021, 5, 1), D(2021, 5, 1)) == (e.earliest, e.latest)


# --- validation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"id": ""}, "community_model.id"),
        ({"id": "het viec"}, "community_model.id"),
        ({"category": "sport"}, "community_model[het-viec-moi-het-gio].category"),
        ({"host": "Cảnh sát quản lý hành chính"}, "community_model[het-viec-moi-het-gio].host"),
        ({"places": "36"}, "community_model[het-viec-moi-het-gio].places"),
        ({"events": ["built"]}, "community_model[het-viec-moi-het-gio].events[0]"),
    ],
)
def test_invalid_model_names_the_field(changes: dict[str, Any], field: str) -> None:
    """Bad ids, categories, references and events name the field."""
    with pytest.raises(InvalidValueError) as info:
        attrs.evolve(HET_VIEC, **changes)
    assert field == info.value.where


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"stage": "started"}, "lifecycle_event.stage"),
        ({"stage": BUILT, "date": dt.datetime(2021, 5, 1, 9, 30)}, "lifecycle_event.date"),
        (
            {"stage": BUILT, "date": D(2020, 5, 1), "period": Period.year(2021)},
            "lifecycle_event.period",
        ),
        ({"stage": BUILT, "period": "2021"}, "lifecycle_event.period"),
    ],
)
def test_invalid_event_names_the_field(kwargs: dict[str, Any], field: str) -> None:
    """Unknown stages, datetimes, dates outside the period and non-periods are refused."""
    with pytest.raises(InvalidValueError) as info:
        LifecycleEvent(**kwargs)
    assert field == info.value.where


def test_dated_events_out_of_order_are_rejected() -> None:
    """Dated events must be listed in chronological order."""
    with pytest.raises(InvalidValueError) as info:
        model(event(MAINTAINED, D(2021, 1, 1)), event(BUILT, D(2019, 1, 1)))
    assert "community_model[m].events" == info.value.where
    assert "events[0]" in str(info.value)


def test_period_events_are_ordered_by_what_is_certain() -> None:
    """Overlapping periods are in order; a period wholly after a later date is not."""
    model(event(BUILT, period=Period.year(2021)), event(MAINTAINED, D(2021, 3, 1)))
    with pytest.raises(InvalidValueError):
        model(event(BUILT, period=Period.year(2022)), event(MAINTAINED, D(2021, 3, 1)))


def test_undated_events_are_not_ordered() -> None:
    """Events without a date or period can stand anywhere."""
    m = model(event(MAINTAINED, D(2020, 1, 1)), event(BUILT), event(REPLICATED, D(2021, 1, 1)))
    with pytest.raises(InvalidValueError):
        attrs.evolve(m, events=(*m.events, event(MAINTAINED, D(2019, 1, 1))))


def test_nothing_may_follow_discontinued() -> None:
    """An event after DISCONTINUED is rejected, even undated."""
    with pytest.raises(InvalidValueError) as info:
        model(event(BUILT, D(2019, 1, 1)), event(DISCONTINUED), event(MAINTAINED))
    assert "discontinued" in str(info.value)


def test_evolve_revalidates() -> None:
    """attrs.evolve checks the lifecycle again."""
    m = model(event(BUILT, D(2019, 1, 1)))
    with pytest.raises(InvalidValueError):
        attrs.evolve(m, events=(*m.events, event(MAINTAINED, D(2018, 1, 1))))


# --- stage and activity on a date ------------------------------------------------------------


def test_stage_on_takes_the_latest_event_by_then() -> None:
    """stage_on gives the stage of the last event that had certainly happened by the date."""
    m = model(
        event(BUILT, D(2019, 3, 1)),
        event(REPLICATED, period=Period.year(2020)),
        event(DISCONTINUED, D(2022, 6, 1)),
    )
    assert m.stage_on(D(2019, 1, 1)) is None
    assert BUILT == m.stage_on(D(2019, 3, 1))
    assert BUILT == m.stage_on(D(2020, 12, 30))  # the 2020 replication may not have happened yet
    assert REPLICATED == m.stage_on(D(2020, 12, 31))
    assert DISCONTINUED == m.stage_on(D(2030, 1, 1))


def test_stage_on_ignores_undated_events() -> None:
    """An undated event never counts as having happened by a date."""
    assert HET_VIEC.stage_on(D(2022, 1, 1)) is None
    assert MAINTAINED == HET_VIEC.stage_on(D(2022, 3, 1))


def test_stage_on_refuses_datetimes() -> None:
    """A datetime is not a date: InvalidValueError."""
    with pytest.raises(InvalidValueError):
        HET_VIEC.stage_on(dt.datetime(2022, 3, 1, 12, 0))


@pytest.mark.parametrize(
    ("events", "day", "expected"),
    [
        ((), D(2022, 1, 1), None),
        ((event(BUILT),), D(2022, 1, 1), None),
        ((event(BUILT, D(2019, 1, 1)),), D(2018, 12, 31), False),
        ((event(BUILT, D(2019, 1, 1)),), D(2019, 1, 1), True),
        ((event(BUILT, D(2019, 1, 1)), event(DISCONTINUED, D(2021, 1, 1))), D(2020, 6, 1), True),
        ((event(BUILT, D(2019, 1, 1)), event(DISCONTINUED, D(2021, 1, 1))), D(2021, 1, 1), False),
        ((event(BUILT, D(2019, 1, 1)), event(DISCONTINUED)), D(2020, 6, 1), None),
        (
            (event(BUILT, D(2019, 1, 1)), event(MAINTAINED, D(2021, 1, 1)), event(DISCONTINUED)),
            D(2020, 6, 1),
            True,
        ),
        (
            (event(BUILT, D(2019, 1, 1)), event(DISCONTINUED, period=Period.year(2021))),
            D(2021, 6, 1),
            None,
        ),
    ],
)
def test_is_active_on(
    events: tuple[LifecycleEvent, ...], day: dt.date, expected: bool | None
) -> None:
    """Active between building and discontinuation; None where the records cannot tell."""
    assert expected == model(*events).is_active_on(day)


# --- laws ----------------------------------------------------------------------------------

_DAYS = st.dates(min_value=D(2015, 1, 1), max_value=D(2025, 12, 31))
_RUNNING = st.sampled_from([s for s in LifecycleStage if s is not DISCONTINUED])


@st.composite
def _dated_models(draw: st.DrawFn) -> CommunityModel:
    """Models whose events are all dated and listed in order, perhaps ending discontinued."""
    days: list[dt.date] = sorted(draw(st.lists(_DAYS, max_size=6)))
    stages: list[LifecycleStage] = draw(st.lists(_RUNNING, min_size=len(days), max_size=len(days)))
    discontinued: bool = draw(st.booleans())
    if stages and discontinued:
        stages[-1] = DISCONTINUED
    return model(*(event(s, d) for s, d in zip(stages, days, strict=True)))


def _index(m: CommunityModel, day: dt.date) -> int:
    found = m.event_on(day)
    return -1 if found is None else m.events.index(found)


@given(_dated_models(), _DAYS, _DAYS)
def test_stage_on_is_monotone(m: CommunityModel, a: dt.date, b: dt.date) -> None:
    """A later date never gives an earlier event: event_on is monotone over dated events."""
    first, second = sorted((a, b))
    assert _index(m, first) <= _index(m, second)


@given(_dated_models(), _DAYS)
def test_active_means_a_running_stage(m: CommunityModel, day: dt.date) -> None:
    """is_active_on True implies a stage other than DISCONTINUED; False if discontinued by then."""
    stage = m.stage_on(day)
    active = m.is_active_on(day)
    if active:
        assert stage is not None
        assert stage is not DISCONTINUED
    if stage is DISCONTINUED:
        assert active is False


@given(st.lists(st.tuples(_RUNNING, _DAYS), max_size=5))
def test_dated_lifecycle_is_valid_iff_in_order(pairs: list[tuple[LifecycleStage, dt.date]]) -> None:
    """Running events with dates are accepted exactly when the dates never decrease."""
    events = [event(s, d) for s, d in pairs]
    in_order = all(x[1] <= y[1] for x, y in itertools.pairwise(pairs))
    try:
        model(*events)
    except InvalidValueError:
        assert not in_order
    else:
        assert in_order
