"""Organisations: construction from the seed's bodies, validation, NFC names."""

from __future__ import annotations

import unicodedata
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from danvan._organisations import Organisation, OrganisationKind
from danvan.errors import InvalidValueError

POLICE = Organisation(
    id="ca-nam-dinh",
    name="Công an tỉnh Nam Định",
    kind=OrganisationKind.POLICE,
    place="36",
    name_en="Nam Định Provincial Police",
)


def test_seed_organisations_construct() -> None:
    """The seed's bodies build, with parents and places given by id and code."""
    board = Organisation(
        id="ban-dan-van-tu-nam-dinh",
        name="Ban Dân vận Tỉnh ủy",
        kind=OrganisationKind.PARTY_BOARD,
        place="36",
    )
    hospital = Organisation(
        id="benh-vien-ca-nam-dinh",
        name="Bệnh viện Công an tỉnh",
        kind=OrganisationKind.HOSPITAL,
        parent=POLICE.id,
    )
    assert OrganisationKind.PARTY_BOARD == board.kind
    assert "ca-nam-dinh" == hospital.parent
    assert "" == hospital.note


def test_kind_accepts_its_string_value() -> None:
    """A kind given as its kebab string value becomes the enum member."""
    union = Organisation(id="hoi-phu-nu", name="Hội Phụ nữ", kind="mass-organisation")
    assert OrganisationKind.MASS_ORGANISATION == union.kind


def test_enum_values_are_lower_case_kebab() -> None:
    """Every kind's value is lower-case kebab text."""
    for kind in OrganisationKind:
        assert kind.value == kind.name.lower().replace("_", "-")


@pytest.mark.parametrize("bad_id", ["", "ca nam dinh", " ca", "ca\tnd"])
def test_blank_or_spaced_id_is_rejected(bad_id: str) -> None:
    """An empty id, or one with whitespace, raises InvalidValueError naming the id field."""
    with pytest.raises(InvalidValueError) as info:
        Organisation(id=bad_id, name="X", kind="police")
    assert "organisation.id" == info.value.where


def test_own_parent_is_rejected() -> None:
    """An organisation cannot be its own parent."""
    with pytest.raises(InvalidValueError) as info:
        Organisation(id="ca-nam-dinh", name="X", kind="police", parent="ca-nam-dinh")
    assert "organisation[ca-nam-dinh].parent" == info.value.where


def test_unknown_kind_lists_the_known_ones() -> None:
    """An unknown kind raises InvalidValueError that names the field and the known values."""
    with pytest.raises(InvalidValueError) as info:
        Organisation(id="x", name="X", kind="army")
    assert "organisation[x].kind" == info.value.where
    assert "'mass-organisation'" in str(info.value)


@pytest.mark.parametrize("name", ["", "   "])
def test_blank_name_is_rejected(name: str) -> None:
    """A blank name raises InvalidValueError naming the name field."""
    with pytest.raises(InvalidValueError) as info:
        Organisation(id="x", name=name, kind="police")
    assert "organisation[x].name" == info.value.where


@pytest.mark.parametrize("field", ["name", "name_en", "note", "parent", "place"])
def test_non_text_is_rejected(field: str) -> None:
    """A number where text belongs raises InvalidValueError, never a bare TypeError."""
    bad: dict[str, Any] = {field: 36}
    with pytest.raises(InvalidValueError) as info:
        Organisation(**({"id": "x", "name": "X", "kind": "police"} | bad))
    assert f"organisation[x].{field}" == info.value.where


def test_place_with_spaces_is_rejected() -> None:
    """A place reference must be a code, not a name with spaces."""
    with pytest.raises(InvalidValueError) as info:
        Organisation(id="x", name="X", kind="police", place="Nam Định")
    assert "organisation[x].place" == info.value.where


def test_evolve_revalidates() -> None:
    """attrs.evolve runs the validators again."""
    with pytest.raises(InvalidValueError):
        attrs.evolve(POLICE, parent=POLICE.id)


def test_nfd_name_is_stored_nfc() -> None:
    """A name given in decomposed form (NFD) is stored composed (NFC)."""
    nfd = unicodedata.normalize("NFD", "Công an tỉnh Nam Định")
    org = Organisation(id="ca", name=nfd, kind="police")
    assert "Công an tỉnh Nam Định" == org.name


@given(st.text(min_size=1).filter(lambda s: s.strip() != ""))
def test_any_non_blank_name_is_kept_in_nfc(name: str) -> None:
    """Any non-blank name is accepted and stored as its NFC form."""
    org = Organisation(id="x", name=name, kind="other")
    assert unicodedata.normalize("NFC", name) == org.name
