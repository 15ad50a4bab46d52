"""Exemplars and their recognitions: construction, validation, NFC names."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from danvan._exemplars import Exemplar, ExemplarKind, Recognition, RecognitionLevel
from danvan.errors import InvalidValueError

BANG_KHEN = Recognition(
    award="Bằng khen",
    level=RecognitionLevel.PROVINCE,
    date=dt.date(2021, 12, 20),
    by="ubnd-nam-dinh",
)
HOI_PHU_NU = Exemplar(
    id="hoi-phu-nu-ca-nam-dinh",
    name="Hội Phụ nữ Công an tỉnh",
    kind=ExemplarKind.COLLECTIVE,
    organisation="ca-nam-dinh-hoi-phu-nu",
    campaign="dan-van-kheo",
    recognitions=(BANG_KHEN,),
    note="Phong trào “Làm theo lời Bác, thực hiện tiết kiệm giúp nhau giảm nghèo bền vững”",
)


def test_seed_exemplars_construct() -> None:
    """The seed's collectives build, linked to their organisation and campaign by id."""
    hospital = Exemplar(
        id="benh-vien-ca-nam-dinh",
        name="Bệnh viện Công an tỉnh",
        kind="collective",
        campaign="dan-van-kheo",
    )
    assert ExemplarKind.COLLECTIVE == hospital.kind
    assert () == hospital.recognitions
    assert pendulum.Date(2021, 12, 20) == HOI_PHU_NU.recognitions[0].date
    assert pendulum.Date is type(HOI_PHU_NU.recognitions[0].date)


def test_labels() -> None:
    """Kinds and levels carry their Vietnamese words."""
    assert ("cá nhân", "tập thể") == (ExemplarKind.INDIVIDUAL.vi, ExemplarKind.COLLECTIVE.vi)
    assert "cấp bộ" == RecognitionLevel.MINISTRY.vi
    assert all(level.vi for level in RecognitionLevel)


def test_level_accepts_its_string_value_and_none() -> None:
    """A level may be given as its string value, or left unknown."""
    assert RecognitionLevel.UNIT == Recognition(award="Giấy khen", level="unit").level
    assert Recognition(award="Giấy khen").level is None


def test_pooled_count_is_not_an_exemplar() -> None:
    """The module docstring tells callers that pooled counts are observations."""
    import danvan._exemplars as module

    assert module.__doc__ is not None
    assert "observations of a metric" in module.__doc__


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"id": ""}, "exemplar.id"),
        ({"id": "hoi phu nu"}, "exemplar.id"),
        ({"name": " "}, "exemplar[hoi-phu-nu-ca-nam-dinh].name"),
        ({"kind": "group"}, "exemplar[hoi-phu-nu-ca-nam-dinh].kind"),
        ({"organisation": "Công an tỉnh"}, "exemplar[hoi-phu-nu-ca-nam-dinh].organisation"),
        ({"campaign": ""}, "exemplar[hoi-phu-nu-ca-nam-dinh].campaign"),
        ({"recognitions": ("Bằng khen",)}, "exemplar[hoi-phu-nu-ca-nam-dinh].recognitions[0]"),
        ({"recognitions": BANG_KHEN}, "exemplar[hoi-phu-nu-ca-nam-dinh].recognitions"),
    ],
)
def test_invalid_exemplar_names_the_field(changes: dict[str, Any], field: str) -> None:
    """Bad ids, names, kinds, references and recognitions name the field (via evolve)."""
    with pytest.raises(InvalidValueError) as info:
        attrs.evolve(HOI_PHU_NU, **changes)
    assert field == info.value.where


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"award": ""}, "recognition.award"),
        ({"level": "village"}, "recognition.level"),
        ({"date": dt.datetime(2021, 12, 20, 10, 0)}, "recognition.date"),
        ({"by": "UBND tỉnh"}, "recognition.by"),
    ],
)
def test_invalid_recognition_names_the_field(changes: dict[str, Any], field: str) -> None:
    """A blank award, unknown level, datetime or bad reference is refused."""
    with pytest.raises(InvalidValueError) as info:
        attrs.evolve(BANG_KHEN, **changes)
    assert field == info.value.where


def test_nfd_names_are_stored_nfc() -> None:
    """Names and awards given in NFD are stored in NFC."""
    exemplar = attrs.evolve(
        HOI_PHU_NU,
        name=unicodedata.normalize("NFD", HOI_PHU_NU.name),
        recognitions=[Recognition(award=unicodedata.normalize("NFD", "Bằng khen"))],
    )
    assert ("Hội Phụ nữ Công an tỉnh", "Bằng khen") == (
        exemplar.name,
        exemplar.recognitions[0].award,
    )


@given(
    st.lists(
        st.builds(
            Recognition,
            award=st.sampled_from(["Bằng khen", "Giấy khen", "Huân chương Bảo vệ Tổ quốc"]),
            level=st.none() | st.sampled_from(RecognitionLevel),
            date=st.none() | st.dates(),
        ),
        max_size=4,
    )
)
def test_recognitions_are_kept_in_order(recognitions: list[Recognition]) -> None:
    """Any list of recognitions is stored as a tuple in the order given."""
    exemplar = attrs.evolve(HOI_PHU_NU, recognitions=recognitions)
    assert tuple(recognitions) == exemplar.recognitions
