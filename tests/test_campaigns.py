"""Campaigns and targets: construction, validation and attainment under uncertainty."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from danvan._campaigns import Attainment, Campaign, CampaignKind, Target, TargetCheck
from danvan._period import Period
from danvan._quantity import Certainty, Qualifier, Quantity
from danvan._quantity_text import parse_quantity
from danvan.errors import InvalidValueError, UnitMismatchError

DAN_VAN_KHEO = Campaign(
    id="dan-van-kheo",
    name="Dân vận khéo",
    kind=CampaignKind.EMULATION_MOVEMENT,
    legal_basis=("09-ct-bca",),
    organisers=("ca-nam-dinh",),
    scope=("36",),
)
COMMUNE_POLICE = Target(
    metric="communes-with-regular-police",
    quantity=Quantity(value=204, unit="commune"),
    period=Period.years(2018, 2021),
    place="36",
    stated_attainment=Attainment.MET,
)


def q(text: str) -> Quantity:
    return parse_quantity(text)


# --- construction ------------------------------------------------------------------------


def test_seed_campaigns_construct() -> None:
    """The seed's movement, emulation movement and project build, linked by ids."""
    antq = Campaign(
        id="antq",
        name="Toàn dân bảo vệ an ninh Tổ quốc",
        kind="movement",
        period=Period.open_from(dt.date(2016, 11, 1)),
    )
    cccd = Campaign(
        id="cccd-gan-chip",
        name="Dự án cấp, sản xuất, quản lý căn cước công dân có gắn chíp điện tử",
        kind=CampaignKind.PROJECT,
        parent=antq.id,
        targets=[COMMUNE_POLICE],
    )
    assert CampaignKind.MOVEMENT == antq.kind
    assert (COMMUNE_POLICE,) == cccd.targets
    assert ("09-ct-bca",) == DAN_VAN_KHEO.legal_basis
    assert DAN_VAN_KHEO.period is None


def test_labels() -> None:
    """Kinds and attainments carry their Vietnamese words."""
    assert "phong trào thi đua" == CampaignKind.EMULATION_MOVEMENT.vi
    assert "đợt cao điểm" == CampaignKind.PEAK_DRIVE.vi
    assert "vượt chỉ tiêu" == Attainment.EXCEEDED.vi
    assert "not-met" == Attainment.NOT_MET.value


def test_lists_become_tuples() -> None:
    """References and targets given as lists are stored as tuples."""
    campaign = attrs.evolve(DAN_VAN_KHEO, organisers=["ca-nam-dinh"], targets=[COMMUNE_POLICE])
    assert (("ca-nam-dinh",), (COMMUNE_POLICE,)) == (campaign.organisers, campaign.targets)


def test_target_outside_campaign_period_is_not_an_error() -> None:
    """A target's period outside the campaign's is left to the dataset's warnings."""
    campaign = attrs.evolve(DAN_VAN_KHEO, period=Period.year(2025), targets=(COMMUNE_POLICE,))
    assert (COMMUNE_POLICE,) == campaign.targets


def test_nfd_name_is_stored_nfc() -> None:
    """A name given in NFD is stored in NFC."""
    campaign = attrs.evolve(DAN_VAN_KHEO, name=unicodedata.normalize("NFD", "Dân vận khéo"))
    assert "Dân vận khéo" == campaign.name


# --- validation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"id": ""}, "campaign.id"),
        ({"id": "dân vận khéo"}, "campaign.id"),
        ({"name": ""}, "campaign[dan-van-kheo].name"),
        ({"kind": "campaign"}, "campaign[dan-van-kheo].kind"),
        ({"parent": "dan-van-kheo"}, "campaign[dan-van-kheo].parent"),
        ({"period": "2021/2025"}, "campaign[dan-van-kheo].period"),
        ({"organisers": "ca-nam-dinh"}, "campaign[dan-van-kheo].organisers"),
        ({"organisers": 5}, "campaign[dan-van-kheo].organisers"),
        ({"legal_basis": ("09-ct-bca", "09-ct-bca")}, "campaign[dan-van-kheo].legal_basis[1]"),
        ({"scope": ("36", "Nam Định")}, "campaign[dan-van-kheo].scope[1]"),
        ({"targets": (COMMUNE_POLICE, "204 xã")}, "campaign[dan-van-kheo].targets[1]"),
    ],
)
def test_invalid_campaign_names_the_field(changes: dict[str, Any], field: str) -> None:
    """Bad ids, kinds, parents, periods, references and targets name the field (via evolve)."""
    with pytest.raises(InvalidValueError) as info:
        attrs.evolve(DAN_VAN_KHEO, **changes)
    assert field == info.value.where


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"quantity": 204.0}, "target.quantity"),
        ({"quantity": 204}, "target.quantity"),
        ({"period": "2021"}, "target.period"),
        ({"metric": ""}, "target.metric"),
        ({"metric": "communes with police"}, "target.metric"),
        ({"place": ""}, "target.place"),
        ({"stated_attainment": "gần đạt"}, "target.stated_attainment"),
    ],
)
def test_invalid_target_names_the_field(changes: dict[str, Any], field: str) -> None:
    """A float or bare number as quantity, a bad period, metric, place or attainment is refused."""
    with pytest.raises(InvalidValueError) as info:
        attrs.evolve(COMMUNE_POLICE, **changes)
    assert field == info.value.where


def test_float_inside_quantity_is_refused() -> None:
    """A target figure can never hold a float."""
    bad: Any = 204.0
    with pytest.raises(InvalidValueError):
        attrs.evolve(COMMUNE_POLICE, quantity=Quantity(value=bad, unit="commune"))


def test_attainment_accepts_its_string_value() -> None:
    """A stated attainment given as "exceeded" becomes the enum member."""
    target = attrs.evolve(COMMUNE_POLICE, stated_attainment="exceeded")
    assert Attainment.EXCEEDED == target.stated_attainment


@pytest.mark.parametrize(
    ("words", "member"),
    [
        ("vượt chỉ tiêu", Attainment.EXCEEDED),
        ("Vượt chỉ tiêu", Attainment.EXCEEDED),
        ("hoàn thành vượt mức", Attainment.EXCEEDED),
        ("đạt", Attainment.MET),
        ("hoàn thành chỉ tiêu", Attainment.MET),
        ("chưa đạt", Attainment.NOT_MET),
        ("không đạt", Attainment.NOT_MET),
    ],
)
def test_attainment_accepts_the_words_reports_use(words: str, member: Attainment) -> None:
    """stated_attainment="vượt chỉ tiêu" (what Attainment.vi prints) names the member."""
    assert member == attrs.evolve(COMMUNE_POLICE, stated_attainment=words).stated_attainment


def test_attainment_prints_the_words_it_reads() -> None:
    """Every attainment's Vietnamese words read back as the same attainment."""
    assert list(Attainment) == [
        attrs.evolve(COMMUNE_POLICE, stated_attainment=a.vi).stated_attainment for a in Attainment
    ]


# --- attainment ----------------------------------------------------------------------------


def test_all_communes_meet_the_target_without_exceeding_it() -> None:
    """204 of 204 communes meets the target exactly: met certain, exceeded impossible."""
    expected = TargetCheck(
        exceeded=Certainty.IMPOSSIBLE,
        met=Certainty.CERTAIN,
        stated=Attainment.MET,
        consistent=True,
    )
    assert expected == COMMUNE_POLICE.attainment(Quantity(value=204, unit="commune"))


def test_more_than_exceeds_an_equal_exact_target() -> None:
    """ "hơn 3.100 lượt" certainly exceeds a target of 3.100 turns."""
    target = Target(metric="blood-turns", quantity=q("3.100 lượt"), period=Period.year(2021))
    check = target.attainment(q("hơn 3.100 lượt"))
    assert (Certainty.CERTAIN, Certainty.CERTAIN) == (check.exceeded, check.met)


def test_nearly_may_or_may_not_meet() -> None:
    """ "gần 9.000 tin" against 9.000 cannot exceed it and only possibly meets it."""
    target = Target(
        metric="tips",
        quantity=q("9.000 tin"),
        period=Period.years(2017, 2021),
        stated_attainment=Attainment.EXCEEDED,
    )
    check = target.attainment(q("gần 9.000 tin"))
    assert (Certainty.IMPOSSIBLE, Certainty.POSSIBLE) == (check.exceeded, check.met)
    assert check.consistent is False


def test_claiming_not_met_when_certainly_met_is_inconsistent() -> None:
    """Saying "không đạt" over figures that certainly meet the target is inconsistent."""
    target = attrs.evolve(COMMUNE_POLICE, stated_attainment=Attainment.NOT_MET)
    assert target.attainment(Quantity(value=204, unit="commune")).consistent is False


def test_other_dimension_raises_unit_mismatch() -> None:
    """Comparing turns with a target in communes raises UnitMismatchError."""
    with pytest.raises(UnitMismatchError):
        COMMUNE_POLICE.attainment(q("204 lượt"))


_QUALIFIERS = [
    Qualifier.EXACT,
    Qualifier.ABOUT,
    Qualifier.NEARLY,
    Qualifier.MORE_THAN,
    Qualifier.AT_LEAST,
    Qualifier.LESS_THAN,
    Qualifier.AT_MOST,
]
_QUANTITIES = st.builds(
    lambda value, qualifier: Quantity(value=value, unit="turn", qualifier=qualifier),
    st.integers(1, 60) | st.integers(1, 60).map(lambda n: n * 10),
    st.sampled_from(_QUALIFIERS),
)
_STATED = st.none() | st.sampled_from(Attainment)


def _target(quantity: Quantity, stated: Attainment | None) -> Target:
    return Target(metric="m", quantity=quantity, period=Period.year(2021), stated_attainment=stated)


@given(_QUANTITIES, _QUANTITIES, _STATED)
def test_exceeding_certainly_means_meeting_certainly(
    goal: Quantity, actual: Quantity, stated: Attainment | None
) -> None:
    """exceeded CERTAIN implies met CERTAIN; met IMPOSSIBLE implies exceeded IMPOSSIBLE."""
    check = _target(goal, stated).attainment(actual)
    if check.exceeded is Certainty.CERTAIN:
        assert Certainty.CERTAIN == check.met
    if check.met is Certainty.IMPOSSIBLE:
        assert Certainty.IMPOSSIBLE == check.exceeded


@given(_QUANTITIES, _QUANTITIES, _STATED)
def test_inconsistent_only_when_the_figures_rule_the_claim_out(
    goal: Quantity, actual: Quantity, stated: Attainment | None
) -> None:
    """consistent is False exactly when the figures rule out what the report states."""
    check = _target(goal, stated).attainment(actual)
    ruled_out = (
        (stated is Attainment.EXCEEDED and check.exceeded is Certainty.IMPOSSIBLE)
        or (stated is Attainment.MET and check.met is Certainty.IMPOSSIBLE)
        or (stated is Attainment.NOT_MET and check.met is Certainty.CERTAIN)
    )
    assert (not ruled_out) == check.consistent
    assert stated == check.stated


@given(_QUANTITIES, _QUANTITIES)
def test_certain_answers_hold_for_every_possible_true_value(
    goal: Quantity, actual: Quantity
) -> None:
    """A CERTAIN or IMPOSSIBLE answer holds at every end point the bounds allow."""
    check = _target(goal, None).attainment(actual)
    a, t = actual.bounds, goal.bounds
    a_points = [a.lower + (0 if a.lower_closed else Decimal("0.001"))]
    if a.upper is not None:
        a_points.append(a.upper - (0 if a.upper_closed else Decimal("0.001")))
    t_points = [t.lower + (0 if t.lower_closed else Decimal("0.001"))]
    if t.upper is not None:
        t_points.append(t.upper - (0 if t.upper_closed else Decimal("0.001")))
    for x in a_points:
        for y in t_points:
            if check.met is Certainty.CERTAIN:
                assert x >= y
            if check.met is Certainty.IMPOSSIBLE:
                assert x < y
            if check.exceeded is Certainty.CERTAIN:
                assert x > y


@given(st.integers(0, 500), st.integers(0, 500))
def test_exact_figures_decide_attainment(goal: int, actual: int) -> None:
    """With exact figures, met is CERTAIN iff actual >= target, else IMPOSSIBLE."""
    check = _target(Quantity(value=goal, unit="turn"), None).attainment(
        Quantity(value=actual, unit="turn")
    )
    assert (Certainty.CERTAIN if actual >= goal else Certainty.IMPOSSIBLE) == check.met
    assert (Certainty.CERTAIN if actual > goal else Certainty.IMPOSSIBLE) == check.exceeded
