"""Charity drives: construction from the seed, validation, and the no-figures design."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from danvan._charity import CharityDrive, DriveKind
from danvan._period import Period
from danvan.errors import InvalidValueError

PROGRAMMES = ("Ngày hội giọt máu hồng", "Chủ nhật đỏ", "Giọt máu nghĩa tình vì đồng đội")
BLOOD = CharityDrive(
    id="hien-mau-ca-nam-dinh",
    name="Hiến máu tình nguyện",
    kind=DriveKind.BLOOD_DONATION,
    programmes=PROGRAMMES,
    period=Period.years(2017, 2021),
    organisers=("ca-nam-dinh", "ca-nam-dinh-doan-thanh-nien"),
)


def test_seed_drives_construct() -> None:
    """The seed's blood, gratitude, flood and COVID-19 drives build."""
    gratitude = CharityDrive(
        id="den-on-dap-nghia",
        name="Uống nước nhớ nguồn, đền ơn đáp nghĩa",
        kind="gratitude",
        beneficiaries=["thương binh", "gia đình liệt sĩ", "Mẹ Việt Nam Anh hùng"],
    )
    flood = CharityDrive(
        id="ung-ho-mien-trung",
        name="Ủng hộ đồng bào miền Trung bị ảnh hưởng lũ lụt",
        kind=DriveKind.DISASTER_RELIEF,
    )
    covid = CharityDrive(
        id="cao-diem-covid",
        name="Đợt cao điểm ủng hộ phòng, chống dịch COVID-19",
        kind=DriveKind.PANDEMIC_SUPPORT,
        period=Period.open_from(dt.date(2021, 5, 1)),
        campaign="cao-diem-covid-19",
    )
    assert PROGRAMMES == BLOOD.programmes
    assert ("thương binh", "gia đình liệt sĩ", "Mẹ Việt Nam Anh hùng") == gratitude.beneficiaries
    assert () == flood.organisers
    assert covid.period is not None
    assert covid.period.is_open


def test_labels() -> None:
    """Every kind has Vietnamese and English names."""
    assert "hiến máu tình nguyện" == DriveKind.BLOOD_DONATION.vi
    assert all(kind.vi and kind.en for kind in DriveKind)


def test_drive_holds_no_figures() -> None:
    """A drive has no quantity fields: its figures are observations that name it."""
    import danvan._charity as module

    names = {field.name for field in attrs.fields(CharityDrive)}
    assert not names & {"quantity", "quantities", "amount", "turns", "contributions"}
    assert module.__doc__ is not None
    assert "contributions(drive_id)" in module.__doc__


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"id": ""}, "charity_drive.id"),
        ({"id": "hien mau"}, "charity_drive.id"),
        ({"kind": "blood"}, "charity_drive[hien-mau-ca-nam-dinh].kind"),
        ({"programmes": "Chủ nhật đỏ"}, "charity_drive[hien-mau-ca-nam-dinh].programmes"),
        ({"programmes": ("Chủ nhật đỏ", "")}, "charity_drive[hien-mau-ca-nam-dinh].programmes[1]"),
        (
            {"programmes": ("Chủ nhật đỏ", "Chủ nhật đỏ")},
            "charity_drive[hien-mau-ca-nam-dinh].programmes[1]",
        ),
        ({"period": dt.date(2021, 1, 1)}, "charity_drive[hien-mau-ca-nam-dinh].period"),
        ({"organisers": ("Công an tỉnh",)}, "charity_drive[hien-mau-ca-nam-dinh].organisers[0]"),
        ({"beneficiaries": (" ",)}, "charity_drive[hien-mau-ca-nam-dinh].beneficiaries[0]"),
        ({"campaign": "a b"}, "charity_drive[hien-mau-ca-nam-dinh].campaign"),
    ],
)
def test_invalid_drive_names_the_field(changes: dict[str, Any], field: str) -> None:
    """Bad ids, kinds, programmes, periods, references and beneficiaries name the field."""
    with pytest.raises(InvalidValueError) as info:
        attrs.evolve(BLOOD, **changes)
    assert field == info.value.where


def test_nfd_texts_are_stored_nfc() -> None:
    """Names, programmes and beneficiaries given in NFD are stored in NFC."""
    nfd = [unicodedata.normalize("NFD", p) for p in PROGRAMMES]
    drive = attrs.evolve(
        BLOOD,
        name=unicodedata.normalize("NFD", BLOOD.name),
        programmes=nfd,
        beneficiaries=[unicodedata.normalize("NFD", "gia đình liệt sĩ")],
    )
    assert (BLOOD.name, PROGRAMMES, ("gia đình liệt sĩ",)) == (
        drive.name,
        drive.programmes,
        drive.beneficiaries,
    )


@given(st.lists(st.text(min_size=1).filter(lambda s: s.strip() != ""), unique=True, max_size=5))
def test_distinct_programmes_are_kept_in_nfc_and_order(programmes: list[str]) -> None:
    """Distinct non-blank programme names are stored in NFC, in the order given."""
    normalised = [unicodedata.normalize("NFC", p) for p in programmes]
    if len(set(normalised)) < len(normalised):
        with pytest.raises(InvalidValueError):
            attrs.evolve(BLOOD, programmes=programmes)
    else:
        assert tuple(normalised) == attrs.evolve(BLOOD, programmes=programmes).programmes
