"""Tests for danvan._place_resolver and _place_names: names as reports write them."""

from __future__ import annotations

import collections
import itertools
import unicodedata

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import danvan
from danvan import (
    Gazetteer,
    Level,
    Place,
    PlaceResolution,
    national_gazetteer,
    place_mentions,
    resolve_place,
    seed_gazetteer,
)
from danvan._place_names import name_key, split_type
from danvan._place_resolver import label
from danvan._text import plain_key
from danvan.errors import AmbiguousReferenceError, InvalidValueError, UnknownReferenceError

BEFORE = pendulum.Date(2021, 1, 1)
LAST_OLD_DAY = pendulum.Date(2025, 6, 30)
AFTER = pendulum.Date(2026, 1, 1)


@pytest.fixture(scope="module")
def national() -> Gazetteer:
    """The shipped national gazetteer."""
    return national_gazetteer()


def best(resolution: PlaceResolution) -> list[str]:
    return [c.place.code for c in resolution.best]


# -- the forms reports use ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "as_of", "expected"),
    [
        ("Công an huyện Ý Yên", BEFORE, ["360"]),
        ("TP. Hồ Chí Minh", AFTER, ["79"]),
        ("TP.HCM", BEFORE, ["79"]),
        ("TPHCM", AFTER, ["79"]),
        ("Tp Nam Định", BEFORE, ["356"]),
        ("Q.1", BEFORE, ["760"]),
        ("quận 1", BEFORE, ["760"]),
        ("Q1", BEFORE, ["760"]),
        ("H. Hải Hậu", BEFORE, ["366"]),
        ("thị xã Sơn Tây", BEFORE, ["269"]),
        ("tỉnh Thừa Thiên Huế", BEFORE, ["46"]),
        ("Thừa Thiên - Huế", BEFORE, ["46"]),
        ("Bà Rịa - Vũng Tàu", BEFORE, ["77"]),
        ("Bà Rịa–Vũng Tàu", BEFORE, ["77"]),
        ("BR-VT", BEFORE, ["77"]),
        ("TP Cần Thơ", AFTER, ["92"]),
        ("huyện Giao Thuỷ", BEFORE, ["365"]),
        ("huyện Giao Thủy", BEFORE, ["365"]),
        ("HUYỆN HẢI HẬU", BEFORE, ["366"]),
        ("huyen Hai Hau", BEFORE, ["366"]),
        ("xã Hải Phú, huyện Hải Hậu", BEFORE, ["14293"]),
        ("xã Hải Phú, huyện Hải Hậu, tỉnh Nam Định", BEFORE, ["14293"]),
        ("Quan Hoá", BEFORE, ["385"]),
        ("quan hoa", BEFORE, ["385", "00169"]),
    ],
)
def test_names_as_reports_write_them(
    national: Gazetteer, text: str, as_of: pendulum.Date, expected: list[str]
) -> None:
    """Full and abbreviated type words, dashes, tone placement, case, accents, context."""
    assert expected == best(resolve_place(text, national, as_of=as_of))


def test_text_around_the_name_is_skipped_and_said(national: Gazetteer) -> None:
    """'Công an huyện Ý Yên' is read as 'huyện Ý Yên', and the resolution says so."""
    found = resolve_place("Công an huyện Ý Yên", national, as_of=BEFORE)
    assert ("huyện Ý Yên", ("read 'huyện Ý Yên' in 'Công an huyện Ý Yên'",)) == (
        found.text,
        found.notes,
    )


def test_a_name_many_communes_share_is_ambiguous_and_lists_them(national: Gazetteer) -> None:
    """'xã Tân Thành' without context names many communes: ambiguous, all listed, none picked."""
    found = resolve_place("xã Tân Thành", national, as_of=BEFORE)
    same_name = [
        p.code
        for p in national.at_level(Level.COMMUNE, as_of=BEFORE)
        if p.kind == "xã" and name_key(p.name) == name_key("Tân Thành")
    ]
    assert (True, None, sorted(same_name)) == (found.ambiguous, found.place, sorted(best(found)))
    assert len(same_name) > 10


def test_one_refuses_to_pick_among_equal_candidates(national: Gazetteer) -> None:
    """one() on an ambiguous name raises AmbiguousReferenceError: how many, how to choose."""
    with pytest.raises(AmbiguousReferenceError, match=r"may name 3 places: .*within="):
        resolve_place("xã Hải Phú", national, as_of=BEFORE).one()


def test_one_on_an_unknown_name_is_an_unknown_reference(national: Gazetteer) -> None:
    """one() when nothing matches raises UnknownReferenceError."""
    with pytest.raises(UnknownReferenceError, match="no place is named 'xã Không Có'"):
        resolve_place("xã Không Có", national).one()


def test_context_picks_one_of_the_communes_sharing_a_name(national: Gazetteer) -> None:
    """within= a province keeps the xã Hải Phú in it, and says where it lies."""
    found = resolve_place("xã Hải Phú", national, within="36", as_of=BEFORE)
    assert (["14293"], "lies in tỉnh Nam Định (36)") == (best(found), found.best[0].reasons[-1])


def test_names_of_one_side_of_the_reform_resolve_as_of_the_date(national: Gazetteer) -> None:
    """'Hoằng Hoá' is the huyện in 2021 and the xã in 2026; ambiguous without a date."""
    assert ["399"] == best(resolve_place("Hoằng Hoá", national, as_of=BEFORE))
    assert ["15865N"] == best(resolve_place("Hoằng Hoá", national, as_of=AFTER))
    assert ["399", "15865N"] == best(resolve_place("Hoằng Hoá", national))


def test_a_bare_province_name_is_the_province_not_its_capital(national: Gazetteer) -> None:
    """'Nam Định' alone is the province in 2021 (its city, written 'TP Nam Định', second);
    in 2026, when the province is gone, it is phường Nam Định."""
    in_2021 = resolve_place("Nam Định", national, as_of=BEFORE)
    assert (["36"], ["36", "356", "13669N"]) == (
        best(in_2021),
        [c.place.code for c in in_2021.candidates],
    )
    assert "a bare name is the province's" in in_2021.candidates[1].reasons[-1]
    assert ["13669N"] == best(resolve_place("Nam Định", national, as_of=AFTER))


def test_a_unit_of_the_type_written_wins_even_when_it_has_ended(national: Gazetteer) -> None:
    """'huyện Hải Hậu' in 2026 is still the district (not in force, and said so)."""
    found = resolve_place("huyện Hải Hậu", national, as_of=AFTER)
    assert (["366"], "not in force on 2026-01-01 (valid until 2025-06-30)") == (
        best(found),
        found.best[0].reasons[-1],
    )


def test_official_codes_resolve_by_date(national: Gazetteer) -> None:
    """'00004' is phường Trúc Bạch until 30 June 2025, phường Ba Đình after; both without a date."""
    assert ["00004"] == best(resolve_place("00004", national, as_of=BEFORE))
    assert ["00004N"] == best(resolve_place("00004", national, as_of=AFTER))
    assert ["00004", "00004N"] == best(resolve_place("00004", national))


def test_a_type_word_that_fits_no_unit_keeps_the_others_with_the_reason() -> None:
    """'quận Hải Hậu' finds the huyện, ranked first, and says the type does not fit."""
    found = resolve_place("quận Hải Hậu", seed_gazetteer())
    assert (["366"], "written as a quận, but it is a huyện") == (
        best(found),
        found.best[0].reasons[1],
    )


def test_candidates_of_another_type_are_dropped_when_the_written_type_fits() -> None:
    """'tỉnh Nam Định' lists the province only, not the city of the same name."""
    assert ["36"] == [
        c.place.code for c in resolve_place("tỉnh Nam Định", seed_gazetteer()).candidates
    ]


def test_level_keeps_only_units_at_that_level(national: Gazetteer) -> None:
    """level=PROVINCE drops the city and the phường named Nam Định."""
    found = resolve_place("Nam Định", national, level=Level.PROVINCE)
    assert ["36"] == [c.place.code for c in found.candidates]


def test_a_resolution_prints_its_candidates_and_reasons(national: Gazetteer) -> None:
    """str() shows the state, then each candidate with its rank and reasons."""
    text = str(resolve_place("xã Hải Phú, huyện Hải Hậu", national, as_of=BEFORE))
    assert (
        "<PlaceResolution 'xã Hải Phú': one place [#1 xã Hải Phú (14293)]>\n"
        "  #1 xã Hải Phú (14293): name 'Hải Phú' matches; a xã as written; "
        "in force on 2021-01-01; lies in huyện Hải Hậu (366), named with it"
    ) == text


def test_bad_arguments_raise_danvan_errors(national: Gazetteer) -> None:
    """A non-string text, a datetime or an unknown unit to lie in raise danvan errors."""
    with pytest.raises(InvalidValueError, match="text: must be a string"):
        resolve_place(36, national)  # type: ignore[arg-type]  # the wrong type on purpose
    with pytest.raises(InvalidValueError, match="as_of"):
        resolve_place("Nam Định", national, as_of=pendulum.datetime(2021, 1, 1))
    with pytest.raises(UnknownReferenceError, match="'999'"):
        resolve_place("Nam Định", national, within="999")


def test_public_classes_report_danvan_as_their_module() -> None:
    """The resolver's public classes say `danvan`, where users import them from."""
    classes = (danvan.PlaceCandidate, danvan.PlaceResolution, danvan.PlaceMention)
    assert ["danvan"] * 3 == [cls.__module__ for cls in classes]


# -- laws over the whole country --------------------------------------------------------


def _written(place: Place) -> str:
    return label(place).rsplit(" (", 1)[0]


def _a_day_in_force(place: Place) -> pendulum.Date:
    return place.valid_to or place.valid_from or AFTER


def test_every_unit_resolves_from_its_name_its_province_and_a_date(national: Gazetteer) -> None:
    """Law: each of the 14,122 units is a best candidate for its name given its province
    and a date it was in force, and the only one unless another unit of that kind and
    name lay in the same province that day."""
    twins: collections.Counter[tuple[str, str, str, pendulum.Date]] = collections.Counter()
    provinces: dict[str, Place] = {}
    for place in national:
        day = _a_day_in_force(place)
        province = national.ancestor_at(place.code, Level.PROVINCE, as_of=day)
        assert province is not None
        provinces[place.code] = province
        twins[(place.kind, name_key(place.name), province.code, day)] += 1
    wrong = []
    for place in national:
        day = _a_day_in_force(place)
        province = provinces[place.code]
        within = None if place.level is Level.PROVINCE else province.code
        found = resolve_place(_written(place), national, within=within, as_of=day)
        alone = twins[(place.kind, name_key(place.name), province.code, day)] == 1
        if place.code not in best(found) or alone == found.ambiguous:
            wrong.append((place.code, repr(found)))
    assert [] == wrong


def _retoned(text: str) -> str:
    """The other tone placement of 'oa', 'oe', 'uy' syllables (Hòa <-> Hoà)."""
    out = []
    for word in text.split():
        decomposed = unicodedata.normalize("NFD", word)
        for old, new in (
            ("o\u0300a", "oa\u0300"),
            ("oa\u0300", "o\u0300a"),
            ("o\u0301a", "oa\u0301"),
            ("oa\u0301", "o\u0301a"),
            ("u\u0309y", "uy\u0309"),
            ("uy\u0309", "u\u0309y"),
        ):
            if old in decomposed:
                decomposed = decomposed.replace(old, new)
                break
        out.append(unicodedata.normalize("NFC", decomposed))
    return " ".join(out)


@given(data=st.data(), form=st.sampled_from(["upper", "nfd", "plain", "retoned", "dash"]))
def test_spelling_variants_find_the_same_unit(
    national: Gazetteer, data: st.DataObject, form: str
) -> None:
    """Law: upper case, NFD, no accents, the other tone placement or a dash between the
    words of a name do not change which units are the best candidates."""
    place = data.draw(st.sampled_from(national.places))
    day = _a_day_in_force(place)
    written = _written(place)
    kind, name = split_type(written)
    variant = {
        "upper": written.upper(),
        "nfd": unicodedata.normalize("NFD", written),
        "plain": plain_key(written),
        "retoned": _retoned(written),
        "dash": f"{kind} {' - '.join(name.split())}" if kind else " - ".join(name.split()),
    }[form]
    province = national.ancestor_at(place.code, Level.PROVINCE, as_of=day)
    assert province is not None
    within = None if place.level is Level.PROVINCE else province.code
    found = resolve_place(variant, national, within=within, as_of=day)
    assert place.code in best(found)


# -- names in a text ------------------------------------------------------------------


def test_mentions_in_a_sentence(national: Gazetteer) -> None:
    """Every place of a report's sentence, with its span, its text and the unit it names."""
    text = (
        "Năm 2020, Công an huyện Hải Hậu phối hợp với UBND xã Hải Phú, huyện Hải Hậu và "
        "Công an TP.HCM, Q.1 tổ chức tại Bà Rịa–Vũng Tàu và thị xã Sơn Tây."
    )
    found = place_mentions(text, national, as_of=BEFORE)
    assert [
        ("huyện Hải Hậu", "366"),
        ("xã Hải Phú", "14293"),
        ("huyện Hải Hậu", "366"),
        ("TP.HCM", "79"),
        ("Q.1", "760"),
        ("Bà Rịa–Vũng Tàu", "77"),
        ("thị xã Sơn Tây", "269"),
    ] == [(m.text, m.resolution.place.code if m.resolution.place else None) for m in found]


def test_a_name_next_to_its_province_is_narrowed_by_it(national: Gazetteer) -> None:
    """'xã Hải Phú thuộc huyện Hải Hậu': the second name says which xã Hải Phú."""
    found = place_mentions("xã Hải Phú thuộc huyện Hải Hậu", national, as_of=BEFORE)
    assert ["14293", "366"] == [m.resolution.place.code for m in found if m.resolution.place]


def test_ambiguous_mentions_stay_ambiguous(national: Gazetteer) -> None:
    """A shared name with nothing around it is found, and reported ambiguous."""
    (found,) = place_mentions("Hội nghị ở xã Tân Thành.", national, as_of=BEFORE)
    assert (True, "xã Tân Thành") == (found.resolution.ambiguous, found.text)


def test_capitalised_words_without_a_type_word(national: Gazetteer) -> None:
    """'Nam Định' and 'Hà Nội' in running text are found; a lone capital word is not."""
    found = place_mentions("Đoàn công tác từ Hà Nội về Nam Định.", national, as_of=BEFORE)
    assert ["Hà Nội", "Nam Định"] == [m.text for m in found]


def test_offsets_refer_to_the_text_given_even_in_nfd(national: Gazetteer) -> None:
    """Spans index the caller's text, NFD included; the mention's text is NFC."""
    text = unicodedata.normalize("NFD", "Công an huyện Ý Yên và huyện Hải Hậu")
    found = place_mentions(text, national, as_of=BEFORE)
    assert [("huyện Ý Yên", "huyện Ý Yên"), ("huyện Hải Hậu", "huyện Hải Hậu")] == [
        (unicodedata.normalize("NFC", text[m.start : m.end]), m.text) for m in found
    ]


def test_accentless_text_is_read_without_accents_only_when_it_has_none(
    national: Gazetteer,
) -> None:
    """'huyen Hai Hau' in text typed without accents is found; in accented text it is not."""
    plain = place_mentions("Cong an huyen Hai Hau", national, as_of=BEFORE)
    mixed = place_mentions("Công an huyện Hai Hau", national, as_of=BEFORE)
    assert (["366"], []) == (
        [m.resolution.place.code for m in plain if m.resolution.place],
        [m.text for m in mixed],
    )


@given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyHTQPĐ .,-–1'’\u0300\u0301", max_size=60))
def test_mentions_are_in_order_and_do_not_overlap(text: str) -> None:
    """Law: on any text, mentions are spans of it, in order, without overlaps."""
    found = place_mentions(text, seed_gazetteer())
    spans = [(m.start, m.end) for m in found]
    assert spans == sorted(spans)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(spans))
    assert all(0 <= s < e <= len(text) for s, e in spans)


@pytest.mark.parametrize("text", ["¹", "Phường ²", "xã ³⁴ và Quận ½"])
def test_digits_that_are_not_decimal_are_words(text: str) -> None:
    """Superscripts and fractions are digits to Python but no number: read as words."""
    assert () == place_mentions(text, seed_gazetteer())
    assert None is resolve_place(text, seed_gazetteer()).place


def test_resolving_with_another_gazetteer() -> None:
    """resolve_place and place_mentions use the gazetteer given."""
    found = place_mentions("Công an huyện Hải Hậu", seed_gazetteer())
    assert ["366"] == [m.resolution.place.code for m in found if m.resolution.place]
