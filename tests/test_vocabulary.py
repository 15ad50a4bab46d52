"""The vocabulary: counting words and units, what they count, registering more, dimensions."""

from __future__ import annotations

from decimal import Decimal

import pytest

from danvan import (
    Catalogue,
    Counting,
    Dataset,
    Dimension,
    InvalidValueError,
    Metric,
    Observation,
    ParseError,
    Period,
    Qualifier,
    Quantity,
    Unit,
    UnitMismatchError,
    Vocabulary,
    parse_quantity,
    seed_gazetteer,
    standard_catalogue,
    standard_vocabulary,
    unit,
    units,
)
from danvan._units import counts_in


def q(text: str) -> Quantity:
    return parse_quantity(text)


BAO = Unit(code="bao_gao", dimension="items", vi="bao gạo", en="sack of rice", en_plural="sacks")

# -- the built-in words of provincial reports ----------------------------------------------

REPORT_WORDS = [
    ("12 tổ", "team", Counting.GROUPS),
    ("350 hộ", "household", Counting.HOUSEHOLDS),
    ("85 hộ dân", "household", Counting.HOUSEHOLDS),
    ("40 buổi", "session", Counting.EVENTS),
    ("120 cuộc", "meeting", Counting.EVENTS),
    ("6 lớp", "class", Counting.EVENTS),
    ("3 đội", "squad", Counting.GROUPS),
    ("25 thành viên", "member", Counting.PERSONS),
    ("1.200 hội viên", "association_member", Counting.PERSONS),
    ("30 cán bộ", "officer", Counting.PERSONS),
    ("150 chiến sĩ", "officer", Counting.PERSONS),
    ("200 CBCS", "officer", Counting.PERSONS),
    ("15 đơn vị", "organisation", Counting.ORGANISATIONS),
    ("250 đơn vị máu", "blood_unit", Counting.AMOUNT),
    ("4 đầu đạn", "qua", Counting.ITEMS),
    ("500 suất", "gift", Counting.ITEMS),
    ("500 phần quà", "gift", Counting.ITEMS),
    ("500 xuất quà", "gift", Counting.ITEMS),
    ("7 mô hình", "model", Counting.MODELS),
    ("49 tập thể", "collective", Counting.AWARDEES),
    ("33 cá nhân", "individual", Counting.AWARDEES),
    ("3.100 lượt", "turn", Counting.PARTICIPATIONS),
    ("12 vụ", "case", Counting.CASES),
    ("9 tin", "tin", Counting.TIPS),
    ("9 nguồn tin", "tin", Counting.TIPS),
    ("153 khẩu", "khau", Counting.ITEMS),
    ("3 quả", "qua", Counting.ITEMS),
    ("3.089 viên", "vien", Counting.ITEMS),
    ("12 kíp", "kip", Counting.ITEMS),
    ("180 gam", "gram", Counting.AMOUNT),
    ("2 tạ", "ta", Counting.AMOUNT),
    ("5 tấn", "tonne", Counting.AMOUNT),
    ("2 triệu đồng", "vnd", Counting.AMOUNT),
    ("40 người", "person", Counting.PERSONS),
    ("8 đối tượng", "subject", Counting.SUBJECTS),
    ("20 trường hợp", "instance", Counting.CASES),
    ("14 hồ sơ", "dossier", Counting.DOCUMENTS),
    ("60 camera", "camera", Counting.ITEMS),
    ("15 km", "kilometre", Counting.AMOUNT),
    ("1.500 ngày công", "workday", Counting.AMOUNT),
    ("300 tin, bài", "article", Counting.DOCUMENTS),
    ("10.000 tờ rơi", "leaflet", Counting.DOCUMENTS),
]


@pytest.mark.parametrize(("text", "code", "counts"), REPORT_WORDS)
def test_report_counting_words_are_built_in(text: str, code: str, counts: Counting) -> None:
    """The counting words of police and mass-organisation reports read, with what they count."""
    found = q(text).unit
    assert (code, counts) == (found.code, found.counts)


def test_yen_and_ta_are_decimal_kilograms() -> None:
    """Yến and tạ are 10 and 100 kg (today's decimal units), converted exactly."""
    assert Quantity(value=250, unit="kg") == (q("2 tạ") + q("5 yến")).to_unit("kg")


def test_every_unit_has_a_dimension_what_it_counts_and_an_english_gloss() -> None:
    """Each built-in unit names its dimension, what it counts and an English word."""
    for u in units():
        assert isinstance(u.dimension, Dimension)
        assert isinstance(u.counts, Counting)
        assert all((u.en, u.en_plural, u.vi))
        assert (u.counts is Counting.AMOUNT) == (not u.dimension.counted)


def test_every_spelling_means_one_unit() -> None:
    """No two built-in units share a Vietnamese spelling: every word reads one way."""
    seen: dict[str, str] = {}
    for u in units():
        for word in u.words:
            key = " ".join(word.casefold().split())
            assert seen.setdefault(key, u.code) == u.code, word


# -- ambiguity: read as the context says, or reported -------------------------------------


def test_don_vi_is_blood_only_next_to_mau() -> None:
    """ "đơn vị" alone counts organisations; "đơn vị máu" counts blood units."""
    assert ("organisation", "blood_unit") == (q("5 đơn vị").unit.code, q("5 đơn vị máu").unit.code)


@pytest.mark.parametrize("word", ["sào", "mẫu", "công", "khối", "bản", "lạng"])
def test_ambiguous_words_are_reported_not_guessed(word: str) -> None:
    """A word reports use for several units is a ParseError that says why and how to settle it."""
    with pytest.raises(ParseError, match="ambiguous") as info:
        parse_quantity(f"5 {word}")
    assert "with_units" in str(info.value)


def test_registering_an_ambiguous_word_settles_it() -> None:
    """A vocabulary that registers "sào" as 360 m² reads it so, exactly."""
    sao = Unit(code="sao_bac_bo", dimension="area", factor=360, vi="sào", en="sao", en_plural="sao")
    vocabulary = standard_vocabulary().with_units(sao)
    two = parse_quantity("2 sào", vocabulary=vocabulary)
    assert Quantity(value=720, unit="m²") == two.to_unit("square_metre")


def test_nam_is_five_before_a_unit_and_a_year_after_a_number() -> None:
    """ "năm người" is five persons, "2 năm" two years; "năm" alone is reported as ambiguous."""
    assert (5, "person") == (q("năm người").value, q("năm người").unit.code)
    assert ("year", 2) == (q("2 năm").unit.code, q("2 năm").value)
    assert (5, "year") == (q("năm năm").value, q("năm năm").unit.code)
    with pytest.raises(ParseError, match="five or a year"):
        q("năm")
    with pytest.raises(ParseError, match="parse_period"):
        q("năm 2019")


# -- unknown words and registration -------------------------------------------------------


def test_unknown_counting_word_names_it_and_how_to_register() -> None:
    """An unknown counting word is a ParseError naming the word and the way to register it."""
    with pytest.raises(ParseError) as info:
        q("5 mâm cỗ")
    message = str(info.value)
    assert "'mâm cỗ'" in message
    assert "standard_vocabulary().with_units(Unit(" in message


def test_a_unit_followed_by_what_it_counts_says_so() -> None:
    """ "5 tấn gạo": the message says "tấn" is a unit and "gạo" is not."""
    with pytest.raises(ParseError, match="'tấn' is a unit but 'gạo'"):
        q("5 tấn gạo")


def test_registered_words_read_through_the_vocabulary() -> None:
    """A unit registered on a vocabulary is read by parse_quantity given that vocabulary."""
    vocabulary = standard_vocabulary().with_units(BAO)
    assert Quantity(value=200, unit=BAO) == parse_quantity("200 bao gạo", vocabulary=vocabulary)
    assert (BAO,) == vocabulary.added
    assert (True, False) == (BAO in vocabulary, BAO in standard_vocabulary())


def test_a_word_already_taken_is_refused() -> None:
    """Registering a spelling that already means another unit lists the clash."""
    clash = Unit(code="my_tin", dimension="items", vi="tin", en="news", en_plural="news")
    with pytest.raises(InvalidValueError, match="'tin' of unit 'my_tin' already means unit 'tin'"):
        standard_vocabulary().with_units(clash)
    with pytest.raises(InvalidValueError, match="code 'qua' is already taken"):
        standard_vocabulary().with_units(
            Unit(code="qua", dimension="items", vi="quả cầu", en="ball", en_plural="balls")
        )


def test_unit_is_plain_data() -> None:
    """A unit's fields are JSON types (enum values as text): Unit(**fields) rebuilds it."""
    fields = {
        "code": "vo",
        "dimension": "items",
        "factor": 1,
        "vi": "vò",
        "en": "jar",
        "en_plural": "jars",
        "aliases": ["vò rượu"],
        "counts": "items",
        "covers": [],
    }
    built = Unit(**fields)  # type: ignore[arg-type]  # plain data, as a file holds it
    assert (Dimension.ITEMS, ("vò rượu",)) == (built.dimension, built.aliases)
    assert built == standard_vocabulary().with_units(built).unit("vò rượu")


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ({"dimension": "furlongs"}, "must be one of items"),
        ({"counts": "amount"}, "cannot count amount"),
        ({"factor": 0}, "positive"),
        ({"factor": Decimal("1.5")}, "whole number"),
        ({"vi": " "}, "non-empty"),
        ({"code": "a b"}, "without spaces"),
    ],
)
def test_bad_units_are_refused_with_the_rule(fields: dict[str, object], fragment: str) -> None:
    """A unit with a bad field raises InvalidValueError naming the rule."""
    base: dict[str, object] = {
        "code": "x",
        "dimension": "items",
        "vi": "x",
        "en": "x",
        "en_plural": "xs",
    }
    with pytest.raises(InvalidValueError, match=fragment):
        Unit(**(base | fields))  # type: ignore[arg-type]  # deliberately bad fields


def test_match_words_finds_the_longest_unit_in_running_text() -> None:
    """For text after a number, the longest known spelling wins ("tập thể, cá nhân")."""
    vocabulary = standard_vocabulary()
    found = vocabulary.match_words(["tập", "thể,", "cá", "nhân", "điển", "hình"])
    assert found is not None
    assert ("awardee", 4) == (found[0].code, found[1])
    assert vocabulary.match_words(["ngày", "19/8"]) is not None
    assert vocabulary.match_words(["xyz"]) is None


@pytest.mark.parametrize(
    ("words", "code", "count"),
    [
        (["quả", "đạn", "pháo,", "31", "lựu"], "qua", 3),
        (["lượt", "cán", "bộ,", "chiến", "sĩ,", "đoàn", "viên"], "turn", 5),
        (["đơn", "vị", "máu;"], "blood_unit", 3),
        (["tin", "báo,", "tố", "giác"], "tin", 2),
        (["hộ."], "household", 1),
    ],
)
def test_match_words_ends_a_unit_before_the_punctuation_after_it(
    words: list[str], code: str, count: int
) -> None:
    """A list item's last word keeps its comma in running text: the unit ends before it
    (keyed without it: a comma after "pháo" would move the tone mark)."""
    found = standard_vocabulary().match_words(words)
    assert found is not None
    assert (code, count) == (found[0].code, found[1])


def test_reports_words_for_cubic_metres_and_estimates() -> None:
    """ "350 m khối" is cubic metres; "ước đạt 21 tỷ đồng" is an estimate (about)."""
    assert "cubic_metre" == parse_quantity("350 m khối").unit.code
    estimate = parse_quantity("ước đạt 21 tỷ đồng")
    assert (21_000_000_000, Qualifier.ABOUT) == (estimate.value, estimate.qualifier)
    assert Qualifier.ABOUT == parse_quantity("ước 5 tấn").qualifier


# -- catalogue: registering units, extending, what a metric counts ---------------------------


def test_metric_counts_what_its_unit_counts() -> None:
    """Metric(unit="đồng") counts an amount, unit "hộ" households; no silent "items"."""
    money = Metric(code="x.money", name_vi="tiền", name_en="money", unit="đồng")
    homes = Metric(code="x.homes", name_vi="hộ", name_en="homes", unit="hộ")
    assert (Counting.AMOUNT, Counting.HOUSEHOLDS) == (money.counts, homes.counts)
    with pytest.raises(InvalidValueError, match="cannot count items"):
        Metric(code="x.bad", name_vi="x", name_en="x", unit="đồng", counts=Counting.ITEMS)


def test_catalogue_holds_the_vocabulary_of_its_metrics() -> None:
    """A metric in a registered unit joins a catalogue that registered it; else it is refused."""
    rice = Metric(code="charity.rice", name_vi="gạo", name_en="rice", unit=BAO)
    with pytest.raises(InvalidValueError, match=r"add it with Catalogue\.with_units"):
        standard_catalogue().extended(rice)
    catalogue = standard_catalogue().with_units(BAO).extended(rice)
    assert BAO is catalogue.vocabulary.unit("bao gạo")
    assert catalogue.get("charity.rice").unit == BAO


def test_extended_takes_metrics_as_with_places_takes_places() -> None:
    """Catalogue.extended takes metrics and iterables alike, as Gazetteer.with_places does."""
    a = Metric(code="x.a", name_vi="a", name_en="a", unit="tin")
    b = Metric(code="x.b", name_vi="b", name_en="b", unit="tin")
    catalogue = standard_catalogue()
    assert catalogue.extended(a, b) == catalogue.extended([a, b]) == catalogue.extended(a, [b])
    assert 2 + len(catalogue) == len(catalogue.extended(a, b))
    with pytest.raises(InvalidValueError, match=r"extended\[0\]: must be a Metric or an"):
        catalogue.extended("x.a")  # type: ignore[arg-type]  # deliberately wrong


def test_a_catalogue_vocabulary_must_be_a_vocabulary() -> None:
    """Anything but a Vocabulary is refused with the field named."""
    with pytest.raises(InvalidValueError, match=r"catalogue\.vocabulary"):
        Catalogue((), vocabulary="standard")


def test_vocabulary_reports_every_problem() -> None:
    """Building a vocabulary lists every clash and unknown cover at once."""
    bad = [
        Unit(code="a1", dimension="items", vi="hũ", en="jar", en_plural="jars", covers=("zz",)),
        Unit(code="a2", dimension="items", vi="hũ", en="jar", en_plural="jars"),
    ]
    with pytest.raises(InvalidValueError) as info:
        Vocabulary(bad)
    assert "covers unknown unit 'zz'" in str(info.value)
    assert "already means unit 'a1'" in str(info.value)


# -- counting in another unit: never renamed -----------------------------------------------


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        ("kip", "qua", False),
        ("kip", "item", True),
        ("individual", "awardee", True),
        ("awardee", "individual", False),
        ("gram", "kilogram", True),
        ("person", "officer", False),
        ("officer", "person", True),
        ("day", "month", False),
    ],
)
def test_counts_in_never_renames_a_counting_word(part: str, whole: str, expected: bool) -> None:
    """A part counts in a whole only as the same word, a size of one measure, the generic
    word, or a word that covers it."""
    assert expected is counts_in(unit(part), unit(whole))


def explosives() -> Dataset:
    period = Period.year(2021)
    figures = [("b", "surrendered.bombs", "3 quả"), ("d", "surrendered.detonators", "12 kíp")]
    return Dataset(
        observations=[
            Observation(id=i, metric=m, value=q(v), period=period, place="36")
            for i, m, v in figures
        ],
        places=seed_gazetteer(),
    )


@pytest.mark.parametrize("engine", ["reference", "columnar"])
def test_a_parent_metric_does_not_rename_its_parts_counting_words(engine: str) -> None:
    """Explosives are counted in quả: detonators stay "12 kíp" in their own row, in
    every engine."""
    result = explosives().aggregate(
        "surrendered.explosives", period=Period.year(2021), engine=engine
    )
    assert engine == result.engine
    assert {"kip": "ít nhất 12 kíp", "qua": "ít nhất 3 quả"} == {
        row.key("unit"): str(row.value) for row in result
    }


# -- dimensions: durations, area, volume, length; exact conversions ------------------------


@pytest.mark.parametrize(
    ("text", "dimension"),
    [
        ("4 ngày", Dimension.DURATION),
        ("một tuần", Dimension.DURATION),
        ("3 giờ", Dimension.DURATION),
        ("2 năm", Dimension.CALENDAR_DURATION),
        ("3 tháng", Dimension.CALENDAR_DURATION),
        ("50 m²", Dimension.AREA),
        ("50 m2", Dimension.AREA),
        ("50m2", Dimension.AREA),
        ("2 ha", Dimension.AREA),
        ("250 ml", Dimension.VOLUME),
        ("5 lít", Dimension.VOLUME),
        ("15 km", Dimension.LENGTH),
    ],
)
def test_new_dimensions_read(text: str, dimension: Dimension) -> None:
    """Durations, areas, volumes and lengths read into their own dimensions."""
    assert dimension is q(text).dimension


@pytest.mark.parametrize(
    ("a", "b", "total"),
    [
        ("1 tuần", "4 ngày", ("minute", 15_840)),
        ("2 năm", "3 tháng", ("month", 27)),
        ("2 ha", "500 m²", ("square_metre", 20_500)),
        ("1,5 lít", "250 ml", ("millilitre", 1_750)),
        ("2 km", "300 m", ("metre", 2_300)),
    ],
)
def test_units_of_one_measure_convert_exactly(a: str, b: str, total: tuple[str, int]) -> None:
    """Sizes of one measure add exactly, in the dimension's base unit."""
    result = q(a) + q(b)
    assert total == (result.unit.code, result.value)


def test_months_never_convert_to_days() -> None:
    """A month is 28 to 31 days: months and days are different dimensions, never added."""
    with pytest.raises(UnitMismatchError, match="different dimensions"):
        q("1 tháng") + q("4 ngày")


def test_hectares_convert_to_square_metres_exactly() -> None:
    """2,5 ha is exactly 25.000 m²."""
    assert Decimal("25000") == q("2,5 ha").to_unit("square_metre").value


def test_validation_names_a_unit_the_catalogue_does_not_hold() -> None:
    """A figure in an unregistered unit is an unknown-reference finding saying how to fix it."""
    figure = Observation(
        id="rice",
        metric="charity.gifts",
        value=Quantity(value=5, unit=BAO),
        period=Period.year(2021),
    )
    findings = Dataset(observations=[figure]).validate().findings
    assert ["unknown-reference"] == [f.code for f in findings if "bao gạo" in f.message]
    registered = Dataset(observations=[figure], catalogue=standard_catalogue().with_units(BAO))
    assert [] == [f.code for f in registered.validate().findings if "bao gạo" in f.message]


def test_spreadsheets_read_words_through_the_catalogue_vocabulary() -> None:
    """A CSV figure in a registered counting word loads with the catalogue that holds it."""
    from danvan._io.csv_observations import observation_from_cells

    catalogue = standard_catalogue().with_units(BAO)
    cells = {"metric": "charity.gifts", "value": "200 bao gạo", "period": "2021"}
    found = observation_from_cells(cells, default_id="r1", catalogue=catalogue)
    assert Quantity(value=200, unit=BAO) == found.value
