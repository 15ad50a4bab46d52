"""Organisations: the police units, unions, party boards and offices that do outreach work.

An `Organisation` names a body that organises campaigns, hosts community models or issues
documents: "Công an tỉnh Nam Định", its Women's Union (Hội Phụ nữ), the Provincial Party
Mass-Mobilisation Board (Ban Dân vận Tỉnh ủy). Organisations form a tree through ``parent``
(an organisation id) and sit in a place (a place code). Whether those ids exist is checked
by the dataset, not here.

>>> police = Organisation(
...     id="ca-nam-dinh", name="Công an tỉnh Nam Định", kind=OrganisationKind.POLICE, place="36"
... )
>>> union = Organisation(
...     id="ca-nam-dinh-hoi-phu-nu",
...     name="Hội Phụ nữ Công an tỉnh",
...     kind="mass-organisation",
...     parent="ca-nam-dinh",
... )
>>> union.kind
<OrganisationKind.MASS_ORGANISATION: 'mass-organisation'>
"""

from __future__ import annotations

import enum

import attrs

from danvan._fields import (
    check_id,
    check_member,
    check_name,
    check_not_own_id,
    check_ref,
    check_text,
    member,
    optional_text,
    text,
)

__all__ = ["Organisation", "OrganisationKind"]


class OrganisationKind(enum.Enum):
    """What sort of body an organisation is."""

    POLICE = "police"
    """A police unit at any level: Bộ Công an's departments, Công an tỉnh, Công an xã."""
    MASS_ORGANISATION = "mass-organisation"
    """A union or association: Hội Phụ nữ (Women's Union), Đoàn Thanh niên (Youth Union)."""
    PARTY_BOARD = "party-board"
    """A Party committee or board: Ban Dân vận Tỉnh ủy."""
    HOSPITAL = "hospital"
    """A hospital or clinic, such as Bệnh viện Công an tỉnh."""
    GOVERNMENT = "government"
    """A ministry, a people's committee (Ủy ban nhân dân) or another state body."""
    OTHER = "other"
    """Anything else: a school, a parish, a company."""


def _to_kind(value: OrganisationKind | str) -> OrganisationKind:
    return member(OrganisationKind, value)


@attrs.frozen(kw_only=True)
class Organisation:
    """A body that does, organises or directs outreach work.

    Args:
        id: The dataset's key for the organisation (no whitespace): "ca-nam-dinh".
        name: The Vietnamese name as sources write it (stored in NFC).
        kind: What sort of body it is (a member or its string value, "police").
        parent: The id of the organisation it belongs to, if any.
        place: The code of the place it serves, if known.
        name_en: An English name, if one is wanted.
        note: The analyst's remarks.

    Raises:
        InvalidValueError: a blank id or name, an unknown kind, a reference that is not
            an id, or an organisation that is its own parent.

    >>> try:
    ...     Organisation(id="x", name="X", kind="police", parent="x")
    ... except ValueError as error:
    ...     print(error)
    organisation[x].parent: a record cannot be its own parent, got 'x'
    """

    id: str = attrs.field(converter=text, validator=check_id)
    name: str = attrs.field(converter=text, validator=check_name)
    kind: OrganisationKind = attrs.field(
        converter=_to_kind, validator=check_member(OrganisationKind)
    )
    parent: str | None = attrs.field(
        default=None, converter=optional_text, validator=check_not_own_id
    )
    place: str | None = attrs.field(default=None, converter=optional_text, validator=check_ref)
    name_en: str = attrs.field(default="", converter=text, validator=check_text)
    note: str = attrs.field(default="", converter=text, validator=check_text)
