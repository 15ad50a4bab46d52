"""Tests for danvan._places: administrative units, hierarchy and changes over time."""

from __future__ import annotations

import datetime as _dt
import unicodedata

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from danvan._places import (
    Gazetteer,
    Level,
    Place,
    Succession,
    SuccessionKind,
    seed_gazetteer,
)
from danvan.errors import InvalidValueError, UnknownReferenceError

BEFORE = pendulum.Date(2021, 1, 1)
LAST_OLD_DAY = pendulum.Date(2025, 6, 30)
REFORM = pendulum.Date(2025, 7, 1)
AFTER = pendulum.Date(2026, 1, 1)


def codes(places: tuple[Place, ...]) -> list[str]:
    return [p.code for p in places]


def merged_into(target: str) -> tuple[Succession, ...]:
    return (Succession(kind=SuccessionKind.MERGED_INTO, target=target, date=REFORM),)


def split_into(*targets: str) -> tuple[Succession, ...]:
    return tuple(Succession(kind=SuccessionKind.SPLIT_INTO, target=t, date=REFORM) for t in targets)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# -- Level and Place ------------------------------------------------------------------


def test_level_rank_orders_levels_top_down() -> None:
    """Provinces rank 1, districts 2, communes 3."""
    assert [1, 2, 3] == [Level.PROVINCE.rank, Level.DISTRICT.rank, Level.COMMUNE.rank]


def test_place_stores_names_in_nfc() -> None:
    """Name, kind and aliases given in NFD are stored in NFC."""
    place = Place(
        code="36",
        name=nfd("Nam Định"),
        level=Level.PROVINCE,
        kind=nfd("tỉnh"),
        aliases=[nfd("Nam Đinh")],
    )
    assert ("Nam Định", "tỉnh", ("Nam Đinh",)) == (place.name, place.kind, place.aliases)


def test_place_converts_stdlib_dates_to_pendulum() -> None:
    """A datetime.date for valid_to becomes a pendulum Date."""
    place = Place(code="36", name="Nam Định", level=Level.PROVINCE, valid_to=_dt.date(2025, 6, 30))
    assert pendulum.Date is type(place.valid_to)


def test_is_valid_on_includes_both_ends() -> None:
    """valid_from and valid_to are both days in force."""
    place = Place(code="1", name="A", level=Level.PROVINCE, valid_from=REFORM, valid_to=AFTER)
    days = [REFORM.subtract(days=1), REFORM, AFTER, AFTER.add(days=1)]
    assert [False, True, True, False] == [place.is_valid_on(d) for d in days]


@pytest.mark.parametrize(
    ("fields", "where", "fragment"),
    [
        ({"code": "3 6"}, "place[3 6].code", "letters and digits"),
        ({"code": ""}, "place[].code", "non-empty"),
        ({"name": "  "}, "place[36].name", "non-empty"),
        ({"parent": "01"}, "place[36].parent", "a province has no parent"),
        ({"level": "province"}, "place[36].level", "must be a Level"),
        ({"valid_from": AFTER, "valid_to": REFORM}, "place[36].valid_to", "on or after"),
        ({"valid_to": pendulum.DateTime(2025, 6, 30)}, "place[36].valid_to", "datetime"),
        ({"successors": merged_into("37")}, "place[36].successors", "must have valid_to"),
        (
            {"valid_to": REFORM, "successors": merged_into("37")},
            "place[36].successors",
            "dated after valid_to",
        ),
        (
            {"valid_to": LAST_OLD_DAY, "successors": merged_into("36")},
            "place[36].successors",
            "cannot succeed itself",
        ),
        (
            {"valid_to": LAST_OLD_DAY, "successors": (*merged_into("37"), *split_into("38"))},
            "place[36].successors",
            "only a split",
        ),
        ({"aliases": "Nam Dinh"}, "place[36].aliases", "sequence of non-empty names"),
    ],
)
def test_place_rejects_broken_rules_naming_the_field(
    fields: dict[str, object], where: str, fragment: str
) -> None:
    """Each Place rule raises InvalidValueError with where = place[<code>].<field>."""
    values: dict[str, object] = {"code": "36", "name": "Nam Định", "level": Level.PROVINCE}
    values.update(fields)
    with pytest.raises(InvalidValueError) as caught:
        Place(**values)  # type: ignore[arg-type]  # deliberately ill-typed input
    assert where == caught.value.where
    assert fragment in str(caught.value)


def test_commune_needs_a_parent() -> None:
    """Districts and communes must name a parent code."""
    with pytest.raises(InvalidValueError, match="must have a parent") as caught:
        Place(code="1", name="A", level=Level.COMMUNE)
    assert "place[1].parent" == caught.value.where


def test_succession_rejects_bad_target() -> None:
    """A succession target must be a code."""
    with pytest.raises(InvalidValueError) as caught:
        Succession(kind=SuccessionKind.MERGED_INTO, target="", date=REFORM)
    assert "succession.target" == caught.value.where


# -- the seed gazetteer ---------------------------------------------------------------


def test_seed_parent_and_ancestors_of_hai_hau_in_2021() -> None:
    """In 2021 Hải Hậu district sat directly under Nam Định province."""
    gazetteer = seed_gazetteer()
    assert gazetteer.get("36") == gazetteer.parent("366", as_of=BEFORE)
    assert ["36"] == codes(gazetteer.ancestors("366", as_of=BEFORE))


def test_seed_district_rolls_up_to_ninh_binh_after_the_reform() -> None:
    """As of 2026 a Nam Định district belongs to Ninh Bình, which Nam Định merged into."""
    gazetteer = seed_gazetteer()
    assert gazetteer.get("37") == gazetteer.ancestor_at("366", Level.PROVINCE, as_of=AFTER)
    assert gazetteer.get("36") == gazetteer.ancestor_at("366", Level.PROVINCE, as_of=BEFORE)


def test_seed_has_no_district_after_the_reform() -> None:
    """The district level is gone on 1 July 2025: no unit at that level as of 2026."""
    gazetteer = seed_gazetteer()
    assert gazetteer.ancestor_at("366", Level.DISTRICT, as_of=AFTER) is None
    assert () == gazetteer.at_level(Level.DISTRICT, as_of=AFTER)
    assert gazetteer.get("366") == gazetteer.ancestor_at("366", Level.DISTRICT, as_of=BEFORE)


def test_seed_provinces_as_of_2026_exclude_nam_dinh() -> None:
    """Only Ninh Bình of the three seed provinces is in force in 2026."""
    gazetteer = seed_gazetteer()
    assert ["37"] == codes(gazetteer.at_level(Level.PROVINCE, as_of=AFTER))
    assert ["35", "36", "37"] == codes(gazetteer.at_level(Level.PROVINCE, as_of=BEFORE))


def test_seed_succession_views() -> None:
    """Nam Định's successor is Ninh Bình, whose predecessors are Hà Nam and Nam Định."""
    gazetteer = seed_gazetteer()
    assert ["37"] == codes(gazetteer.successors("36"))
    assert ["35", "36"] == codes(gazetteer.predecessors("37"))
    assert ["37"] == codes(gazetteer.current("36", as_of=AFTER))
    assert ["36"] == codes(gazetteer.current("36", as_of=BEFORE))
    assert [] == codes(gazetteer.current("366", as_of=AFTER))


def test_seed_children_and_descendants() -> None:
    """Nam Định had ten districts; Ninh Bình holds none of them as of 2026."""
    gazetteer = seed_gazetteer()
    expected = ["356", "358", "359", "360", "361", "362", "363", "364", "365", "366"]
    assert expected == codes(gazetteer.children("36"))
    assert expected == codes(gazetteer.descendants("36", as_of=BEFORE))
    assert [] == codes(gazetteer.descendants("37", as_of=AFTER))


def test_seed_size_and_membership() -> None:
    """The seed holds 3 provinces and 10 districts, and `in` looks up codes only."""
    gazetteer = seed_gazetteer()
    assert 13 == len(gazetteer) == len(list(gazetteer))
    assert (True, False, False) == ("366" in gazetteer, "357" in gazetteer, 366 in gazetteer)


def test_find_ignores_accents_when_nothing_else_matches() -> None:
    """find("hai hau") falls back to accent-insensitive matching."""
    assert ["366"] == codes(seed_gazetteer().find("hai hau"))


def test_find_ignores_tone_placement() -> None:
    """Old and new tone placement ("Thuỷ" / "Thủy") find the same unit."""
    gazetteer = seed_gazetteer()
    assert ["365"] == codes(gazetteer.find("Giao Thủy"))
    assert gazetteer.find("Giao Thủy") == gazetteer.find("Giao Thuỷ")


def test_find_accepts_nfd_input_and_unit_type() -> None:
    """NFD text, other case and a leading unit type ("huyện") still match."""
    gazetteer = seed_gazetteer()
    assert ["366"] == codes(gazetteer.find(nfd("Hải Hậu")))
    assert ["366"] == codes(gazetteer.find("HUYỆN HẢI HẬU"))
    assert ["36"] == codes(gazetteer.find("tỉnh Nam Định"))


def test_find_filters_by_level_and_date() -> None:
    """level= and as_of= restrict the matches."""
    gazetteer = seed_gazetteer()
    assert ["36"] == codes(gazetteer.find("Nam Định", level=Level.PROVINCE, as_of=BEFORE))
    assert [] == codes(gazetteer.find("Nam Định", as_of=AFTER))
    assert [] == codes(gazetteer.find("Nam Định", level=Level.COMMUNE))


def test_find_matches_a_name_without_its_type_word() -> None:
    """ "Nam Định" names the province and its city (thành phố Nam Định); the type word picks."""
    gazetteer = seed_gazetteer()
    assert ["356", "36"] == codes(gazetteer.find("Nam Định"))
    assert ["356"] == codes(gazetteer.find("thành phố Nam Định"))
    assert ["36"] == codes(gazetteer.find("tỉnh Nam Định"))


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("TP Nam Định", ["356"]),
        ("Tp. Nam Định", ["356"]),
        ("TP.Nam Định", ["356"]),
        ("H. Hải Hậu", ["366"]),
        ("huyen Hai Hau", ["366"]),
        ("Giao Thuỷ", ["365"]),
        ("giao thuy", ["365"]),
        ("Hà - Nam", ["35"]),
        ("Hà–Nam", ["35"]),
        ("  Hải Hậu, ", ["366"]),
    ],
)
def test_find_reads_type_abbreviations_dashes_and_punctuation(
    written: str, expected: list[str]
) -> None:
    """Abbreviated type words, dashes of any kind and edge punctuation do not stop a match."""
    assert expected == codes(seed_gazetteer().find(written))


def test_find_with_a_type_word_keeps_only_units_of_that_type() -> None:
    """A type word that no unit of that name has finds nothing (no silent fallback)."""
    assert [] == codes(seed_gazetteer().find("quận Hải Hậu"))


def test_with_places_takes_places_and_iterables_of_places() -> None:
    """with_places(a, b), with_places([a, b]) and with_places([a], b) give the same gazetteer."""
    a = Place(code="353", name="Lý Nhân", level=Level.DISTRICT, parent="35")
    b = Place(code="354", name="Thanh Liêm", level=Level.DISTRICT, parent="35")
    seed = seed_gazetteer()
    assert seed.with_places(a, b) == seed.with_places([a, b]) == seed.with_places((a,), b)


def test_with_places_rejects_what_is_not_a_place() -> None:
    """An argument that is neither a Place nor places is named by its position."""
    with pytest.raises(InvalidValueError, match=r"with_places\[1\]: must be a Place or an"):
        seed_gazetteer().with_places([], 5)  # type: ignore[arg-type]  # the wrong type on purpose


def test_get_unknown_code_suggests_a_matching_name() -> None:
    """get() with a name instead of a code raises and suggests the code."""
    with pytest.raises(UnknownReferenceError, match=r"'Hải Hậu'; did you mean '366'"):
        seed_gazetteer().get("Hải Hậu")


def test_get_unknown_code_is_a_key_error() -> None:
    """An unknown code raises UnknownReferenceError, which is a KeyError."""
    with pytest.raises(KeyError, match="unknown place code '357'"):
        seed_gazetteer().get("357")


def test_as_of_on_a_unit_not_in_force_names_its_successor() -> None:
    """Asking for Nam Định's children in 2026 fails and says it merged into Ninh Bình."""
    with pytest.raises(InvalidValueError, match=r"merged into Ninh Bình \(37\) from 2025-07-01"):
        seed_gazetteer().children("36", as_of=AFTER)


def test_as_of_rejects_datetimes() -> None:
    """as_of must be a calendar date, not a moment."""
    with pytest.raises(InvalidValueError, match="datetime"):
        seed_gazetteer().ancestor_at("366", Level.PROVINCE, as_of=pendulum.datetime(2026, 1, 1))


def test_ancestor_at_repeats_the_same_answer() -> None:
    """ancestor_at answers from its cache consistently."""
    gazetteer = seed_gazetteer()
    first = gazetteer.ancestor_at("360", Level.PROVINCE, as_of=AFTER)
    assert first is gazetteer.ancestor_at("360", Level.PROVINCE, as_of=AFTER)


def test_repr_summarises_instead_of_listing() -> None:
    """The repr counts units per level."""
    assert "<Gazetteer of 13 places (province: 3, district: 10)>" == repr(seed_gazetteer())


# -- validation of the whole set -------------------------------------------------------


def test_gazetteer_lists_every_problem_at_once() -> None:
    """Duplicates, unknown parents, bad levels, dates and cycles are all reported together."""
    places = [
        Place(code="1", name="A", level=Level.PROVINCE),
        Place(code="1", name="A again", level=Level.PROVINCE),
        Place(code="10", name="B", level=Level.DISTRICT, parent="99"),
        Place(code="11", name="C", level=Level.DISTRICT, parent="12"),
        Place(code="12", name="D", level=Level.DISTRICT, parent="1"),
        Place(code="13", name="E", level=Level.DISTRICT, parent="2", valid_from=AFTER),
        Place(
            code="2",
            name="F",
            level=Level.PROVINCE,
            valid_to=LAST_OLD_DAY,
            successors=merged_into("3"),
        ),
        Place(
            code="3",
            name="G",
            level=Level.PROVINCE,
            valid_to=LAST_OLD_DAY,
            successors=merged_into("2"),
        ),
        Place(
            code="4",
            name="H",
            level=Level.PROVINCE,
            valid_to=LAST_OLD_DAY,
            successors=merged_into("98"),
        ),
    ]
    with pytest.raises(InvalidValueError) as caught:
        Gazetteer([*places, "not a place"])  # type: ignore[list-item]  # deliberately wrong
    message = str(caught.value)
    expected = [
        "places[9]: must be a Place",
        "place[1].code: duplicate code",
        "place[10].parent: unknown code '99'",
        "place[11].parent: a district must be under a higher level",
        "place[13].parent: validity (valid from 2026-01-01) does not overlap",
        "place[4].successors: unknown target code '98'",
        "place[2].successors: target G (3) is not in force",
        "succession cycle 2 -> 3 -> 2",
    ]
    assert [] == [fragment for fragment in expected if fragment not in message]
    assert message.startswith("gazetteer: 9 problems:")


def test_with_places_adds_and_validates() -> None:
    """with_places returns a larger gazetteer and rejects a duplicate code."""
    commune = Place(
        code="T1", name="Xã Thử", level=Level.COMMUNE, parent="366", valid_to=LAST_OLD_DAY
    )
    larger = seed_gazetteer().with_places(commune)
    assert (14, ["T1"]) == (len(larger), codes(larger.children("366")))
    with pytest.raises(InvalidValueError, match="duplicate code"):
        larger.with_places(commune)


# -- history beyond the seed ------------------------------------------------------------


def reform_example() -> Gazetteer:
    """Two provinces merge; a district and its communes are reshaped on REFORM."""
    return Gazetteer(
        [
            Place(code="1", name="Một", level=Level.PROVINCE),
            Place(
                code="2",
                name="Hai",
                level=Level.PROVINCE,
                successors=merged_into("1"),
                valid_to=LAST_OLD_DAY,
            ),
            Place(code="9", name="Chín", level=Level.PROVINCE),
            Place(code="10", name="Mười", level=Level.DISTRICT, parent="1", valid_to=LAST_OLD_DAY),
            Place(
                code="20", name="Hai Mươi", level=Level.DISTRICT, parent="2", valid_to=LAST_OLD_DAY
            ),
            Place(
                code="90", name="Chín Mươi", level=Level.DISTRICT, parent="9", valid_to=LAST_OLD_DAY
            ),
            # Commune kept unchanged (same code) across the reform, under an abolished district.
            Place(code="201", name="Giữ", level=Level.COMMUNE, parent="20"),
            # Split between two new communes of the same province, then across provinces.
            Place(
                code="202",
                name="Chia",
                level=Level.COMMUNE,
                parent="20",
                successors=split_into("N1", "N2"),
                valid_to=LAST_OLD_DAY,
            ),
            Place(
                code="203",
                name="Chia Xa",
                level=Level.COMMUNE,
                parent="20",
                successors=split_into("N1", "N9"),
                valid_to=LAST_OLD_DAY,
            ),
            Place(
                code="101",
                name="Gộp",
                level=Level.COMMUNE,
                parent="10",
                successors=merged_into("N1"),
                valid_to=LAST_OLD_DAY,
            ),
            Place(code="N1", name="Mới Một", level=Level.COMMUNE, parent="1", valid_from=REFORM),
            Place(code="N2", name="Mới Hai", level=Level.COMMUNE, parent="1", valid_from=REFORM),
            Place(code="N9", name="Mới Chín", level=Level.COMMUNE, parent="9", valid_from=REFORM),
        ]
    )


def test_unit_that_outlives_its_parent_rolls_up_through_the_parent() -> None:
    """A commune kept across the reform sits, as of 2026, in the province its district's went to."""
    gazetteer = reform_example()
    assert ["1"] == codes(gazetteer.ancestors("201", as_of=AFTER))
    assert ["20", "2"] == codes(gazetteer.ancestors("201", as_of=BEFORE))
    assert "201" in codes(gazetteer.children("1", as_of=AFTER))


def test_split_within_one_province_still_rolls_up() -> None:
    """A commune split into two communes of one province rolls up to that province."""
    gazetteer = reform_example()
    assert gazetteer.get("1") == gazetteer.ancestor_at("202", Level.PROVINCE, as_of=AFTER)
    assert ["N1", "N2"] == codes(gazetteer.current("202", as_of=AFTER))


def test_split_across_provinces_is_ambiguous() -> None:
    """A commune split across two provinces has no single province as of 2026."""
    assert reform_example().ancestor_at("203", Level.PROVINCE, as_of=AFTER) is None


def test_new_unit_maps_back_through_its_predecessors() -> None:
    """Before it existed, a new commune's area lay where all its predecessors agree, or nowhere."""
    gazetteer = reform_example()
    assert gazetteer.ancestor_at("N2", Level.DISTRICT, as_of=BEFORE) == gazetteer.get("20")
    assert gazetteer.ancestor_at("N1", Level.DISTRICT, as_of=BEFORE) is None  # from 10 and 20
    assert gazetteer.ancestor_at("N1", Level.PROVINCE, as_of=BEFORE) is None  # from 1 and 2


def test_current_refuses_dates_before_the_unit_existed() -> None:
    """current() maps forward only; a date before valid_from is an error."""
    with pytest.raises(InvalidValueError, match="not yet in force"):
        reform_example().current("N1", as_of=BEFORE)


def test_level_below_the_unit_has_no_answer() -> None:
    """A province cannot be placed in a commune."""
    assert reform_example().ancestor_at("1", Level.COMMUNE, as_of=AFTER) is None


# -- properties over random hierarchies -------------------------------------------------

_SYLLABLES = ["Hòa", "Hoà", "Thủy", "Định", "Nam", "Bình", "Hải", "Hậu", "Giao", "Ý", "Yên", "Lộc"]
_DAYS = [pendulum.Date(2000, 1, 1), LAST_OLD_DAY, REFORM, AFTER]


@st.composite
def _hierarchies(draw: st.DrawFn) -> Gazetteer:
    """Provinces > districts > communes, with a 2025-style reform: merged provinces,
    abolished or merged districts, merged or split communes and new communes."""
    name = st.lists(st.sampled_from(_SYLLABLES), min_size=1, max_size=3).map(" ".join)
    places: list[Place] = []

    n_provinces = draw(st.integers(2, 4))
    provinces = [f"{i + 1:02d}" for i in range(n_provinces)]
    kept_provinces = provinces[:1] + [p for p in provinces[1:] if draw(st.booleans())]
    for code in provinces:
        if code in kept_provinces:
            places.append(Place(code=code, name=draw(name), level=Level.PROVINCE))
        else:
            target = draw(st.sampled_from(kept_provinces))
            places.append(
                Place(
                    code=code,
                    name=draw(name),
                    level=Level.PROVINCE,
                    successors=merged_into(target),
                    valid_to=LAST_OLD_DAY,
                )
            )

    districts = [f"{100 + i}" for i in range(draw(st.integers(0, 5)))]
    fates = {code: draw(st.sampled_from(["kept", "abolished", "merged"])) for code in districts}
    kept_districts = [code for code in districts if fates[code] == "kept"]
    for code in districts:
        parent = draw(st.sampled_from(provinces))
        if fates[code] == "kept":
            places.append(Place(code=code, name=draw(name), level=Level.DISTRICT, parent=parent))
        else:
            links = (
                merged_into(draw(st.sampled_from(kept_districts)))
                if (fates[code] == "merged" and kept_districts)
                else ()
            )
            places.append(
                Place(
                    code=code,
                    name=draw(name),
                    level=Level.DISTRICT,
                    parent=parent,
                    successors=links,
                    valid_to=LAST_OLD_DAY,
                )
            )

    new_communes = [f"N{i}" for i in range(draw(st.integers(0, 3)))]
    for code in new_communes:
        parent = draw(st.sampled_from(kept_provinces + kept_districts))
        places.append(
            Place(code=code, name=draw(name), level=Level.COMMUNE, parent=parent, valid_from=REFORM)
        )
    old_communes = [f"{10000 + i}" for i in range(draw(st.integers(0, 8)))]
    fates = {code: draw(st.sampled_from(["kept", "merged", "split"])) for code in old_communes}
    heirs = new_communes + [code for code in old_communes if fates[code] == "kept"]
    for code in old_communes:
        parent = draw(st.sampled_from(provinces + districts))
        if fates[code] == "kept" or not heirs:
            places.append(Place(code=code, name=draw(name), level=Level.COMMUNE, parent=parent))
        elif fates[code] == "merged":
            places.append(
                Place(
                    code=code,
                    name=draw(name),
                    level=Level.COMMUNE,
                    parent=parent,
                    successors=merged_into(draw(st.sampled_from(heirs))),
                    valid_to=LAST_OLD_DAY,
                )
            )
        else:
            parts = draw(st.lists(st.sampled_from(heirs), min_size=1, max_size=3, unique=True))
            places.append(
                Place(
                    code=code,
                    name=draw(name),
                    level=Level.COMMUNE,
                    parent=parent,
                    successors=split_into(*parts),
                    valid_to=LAST_OLD_DAY,
                )
            )
    return Gazetteer(draw(st.permutations(places)))


def _parent_chain(places: dict[str, Place], code: str) -> list[str]:
    chain: list[str] = []
    parent = places[code].parent
    while parent is not None:
        chain.append(parent)
        parent = places[parent].parent
    return chain


@given(_hierarchies())
def test_ancestors_are_the_parent_chain(gazetteer: Gazetteer) -> None:
    """Law: ancestors(c) without a date is exactly the chain of recorded parent links."""
    by_code = {p.code: p for p in gazetteer}
    for place in gazetteer:
        assert _parent_chain(by_code, place.code) == codes(gazetteer.ancestors(place.code))


@given(_hierarchies(), st.sampled_from([None, *_DAYS]))
def test_descendants_are_the_inverse_of_ancestors(
    gazetteer: Gazetteer, day: pendulum.Date | None
) -> None:
    """Law: c in descendants(p) iff p in ancestors(c), with or without an as-of date."""
    units = [p for p in gazetteer if day is None or p.is_valid_on(day)]
    ancestors = {c.code: set(codes(gazetteer.ancestors(c.code, as_of=day))) for c in units}
    for p in units:
        below = set(codes(gazetteer.descendants(p.code, as_of=day)))
        assert {c.code for c in units if p.code in ancestors[c.code]} == below


@given(_hierarchies(), st.sampled_from(_DAYS))
def test_rolling_up_is_transitive(gazetteer: Gazetteer, day: pendulum.Date) -> None:
    """Law: commune -> district -> province equals commune -> province, as of any date."""
    for commune in gazetteer.at_level(Level.COMMUNE):
        district = gazetteer.ancestor_at(commune.code, Level.DISTRICT, as_of=day)
        direct = gazetteer.ancestor_at(commune.code, Level.PROVINCE, as_of=day)
        if district is not None:
            assert direct == gazetteer.ancestor_at(district.code, Level.PROVINCE, as_of=day)


@given(_hierarchies(), st.sampled_from(_DAYS), st.sampled_from(list(Level)))
def test_ancestor_at_gives_a_unit_in_force_at_the_level(
    gazetteer: Gazetteer, day: pendulum.Date, level: Level
) -> None:
    """Law: ancestor_at returns None or a unit at the level asked, in force that day,
    and for a unit in force it agrees with ancestors(as_of=day)."""
    for place in gazetteer:
        found = gazetteer.ancestor_at(place.code, level, as_of=day)
        if found is not None:
            assert (level, True) == (found.level, found.is_valid_on(day))
        if place.is_valid_on(day) and place.level.rank > level.rank:
            chain = [a for a in gazetteer.ancestors(place.code, as_of=day) if a.level is level]
            assert chain[:1] == ([] if found is None else [found])


@given(_hierarchies(), st.sampled_from([REFORM, AFTER]))
def test_units_follow_their_province_into_a_merger(
    gazetteer: Gazetteer, day: pendulum.Date
) -> None:
    """Law: a unit in force, whose recorded district (if any) was not itself merged,
    belongs as of any date to the province its recorded province became (current())."""
    for place in gazetteer:
        chain = gazetteer.ancestors(place.code)
        if not chain or not place.is_valid_on(day) or chain[0].successors:
            continue
        province = chain[-1]
        expected = gazetteer.current(province.code, as_of=day)
        assert expected == (gazetteer.ancestor_at(place.code, Level.PROVINCE, as_of=day),)


@given(_hierarchies(), st.sampled_from(_DAYS))
def test_current_gives_units_in_force(gazetteer: Gazetteer, day: pendulum.Date) -> None:
    """Law: every unit current() returns is in force on the date asked."""
    for place in gazetteer:
        if place.valid_from is None or place.valid_from <= day:
            assert all(unit.is_valid_on(day) for unit in gazetteer.current(place.code, as_of=day))


@given(_hierarchies())
def test_find_returns_the_unit_for_nfc_and_nfd_names(gazetteer: Gazetteer) -> None:
    """Law: find(name) contains the unit with that name, whether given in NFC or NFD."""
    for place in gazetteer:
        assert place in gazetteer.find(place.name)
        assert place in gazetteer.find(nfd(place.name))


def test_records_are_frozen() -> None:
    """Places cannot be changed in place; attrs.evolve makes a validated copy."""
    place = seed_gazetteer().get("366")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        place.name = "X"  # type: ignore[misc]  # deliberately mutating a frozen record
    assert "Hải Hậu mới" == attrs.evolve(place, name="Hải Hậu mới").name
