"""Quantities: bounds, sums, comparisons, units, parsing and formatting."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from danvan import (
    DEFAULT_POLICY,
    ApproximationPolicy,
    Bounds,
    Certainty,
    Dimension,
    InvalidValueError,
    ParseError,
    Qualifier,
    Quantity,
    UnitMismatchError,
    parse_quantity,
    total,
    unit,
    units,
)


def q(text: str) -> Quantity:
    return parse_quantity(text)


# -- parsing the forms real reports use -----------------------------------------------

PARSED = [
    ("gần 9.000", 9000, "item", Qualifier.NEARLY),
    ("hơn 3.100 lượt", 3100, "turn", Qualifier.MORE_THAN),
    ("trên 3.100 lượt", 3100, "turn", Qualifier.MORE_THAN),
    ("8.968", 8968, "item", Qualifier.EXACT),
    ("3089 viên", 3089, "vien", Qualifier.EXACT),
    ("01 lựu đạn", 1, "qua", Qualifier.EXACT),
    ("180 gam", 180, "gram", Qualifier.EXACT),
    ("180g", 180, "gram", Qualifier.EXACT),
    ("2,5 kg", Decimal("2.5"), "kilogram", Qualifier.EXACT),
    ("5,6kg", Decimal("5.6"), "kilogram", Qualifier.EXACT),
    ("khoảng 1,5 tỷ đồng", 1_500_000_000, "vnd", Qualifier.ABOUT),
    ("700 nghìn đồng", 700_000, "vnd", Qualifier.EXACT),
    ("33,5 triệu đồng", 33_500_000, "vnd", Qualifier.EXACT),
    ("2.661.694.000 đồng", 2_661_694_000, "vnd", Qualifier.EXACT),
    ("hàng trăm vụ", 100, "case", Qualifier.ORDER_OF_MAGNITUDE),
    ("tối thiểu 5 công an", 5, "officer", Qualifier.AT_LEAST),
    ("ít nhất 5 người", 5, "person", Qualifier.AT_LEAST),
    ("dưới 10 vụ", 10, "case", Qualifier.LESS_THAN),
    ("tối đa 3 lượt", 3, "turn", Qualifier.AT_MOST),
    ("xấp xỉ 200 đơn vị máu", 200, "blood_unit", Qualifier.ABOUT),
]


@pytest.mark.parametrize(("text", "value", "code", "qualifier"), PARSED)
def test_parse_real_forms(text: str, value: int | Decimal, code: str, qualifier: Qualifier) -> None:
    """Each figure form found in real reports parses to its number, unit and qualifier."""
    parsed = parse_quantity(text)
    assert (value, code, qualifier) == (parsed.value, parsed.unit.code, parsed.qualifier)
    assert type(value) is type(parsed.value)


def test_parse_is_insensitive_to_nfd_and_case() -> None:
    """Decomposed (NFD) and upper-case input reads the same as NFC."""
    import unicodedata

    assert q("gần 9.000 tin") == q(unicodedata.normalize("NFD", "GẦN 9.000 TIN"))


@pytest.mark.parametrize("text", ["", "abc", "gần", "5 foo", "1.5 kg", "9,000.5", "--3", "2.50"])
def test_unparseable_text_raises_parse_error_quoting_it(text: str) -> None:
    """Text that is not a figure raises ParseError, and the message quotes the text."""
    with pytest.raises(ParseError) as info:
        parse_quantity(text)
    assert repr(text) in str(info.value)


def test_range_parses_to_bounds_without_point() -> None:
    """ "4 - 5 lượt" is a range: bounds [4, 5] and no point value."""
    r = q("4 - 5 lượt")
    assert (Qualifier.RANGE, None, Bounds(lower=4, upper=5)) == (r.qualifier, r.point, r.bounds)
    assert q("từ 4 đến 5 lượt") == r


# -- bounds -----------------------------------------------------------------------------


def test_bounds_follow_the_qualifier() -> None:
    """Every qualifier gives the documented bounds under the default policy."""
    assert Bounds(lower=Decimal("8100.0"), upper=9000) == q("gần 9.000 tin").bounds
    assert Bounds(lower=3100, upper=None, lower_closed=False) == q("hơn 3.100 lượt").bounds
    assert Bounds(lower=5, upper=None) == q("tối thiểu 5 người").bounds
    assert Bounds(lower=0, upper=10, upper_closed=False) == q("dưới 10 vụ").bounds
    assert Bounds(lower=0, upper=3) == q("tối đa 3 vụ").bounds
    assert Bounds(lower=100, upper=1000, upper_closed=False) == q("hàng trăm vụ").bounds
    assert Bounds(lower=Decimal("900.0"), upper=Decimal("1100.0")) == q("khoảng 1.000 vụ").bounds
    assert q("hàng trăm vụ").point is None


def test_policy_is_explicit_and_configurable() -> None:
    """A stricter policy narrows 'nearly'; the quantity keeps the bounds it was read with."""
    strict = ApproximationPolicy(nearly=Decimal("0.01"))
    tight = parse_quantity("gần 9.000 tin", policy=strict)
    assert Bounds(lower=Decimal("8910.00"), upper=9000) == tight.bounds
    assert tight != q("gần 9.000 tin")
    assert DEFAULT_POLICY.bounds(9000, Qualifier.NEARLY) == q("gần 9.000 tin").bounds


def test_policy_rejects_bad_tolerances() -> None:
    """Tolerances outside [0, 1) are refused with the field named."""
    with pytest.raises(InvalidValueError, match=r"policy\.about"):
        ApproximationPolicy(about=Decimal("1.5"))


# -- comparisons ----------------------------------------------------------------------


def test_seed_tips_consistent_with_exact_count() -> None:
    """8.968 is consistent with 'gần 9.000'; 9.100 is not."""
    nearly = q("gần 9.000 tin")
    assert nearly.consistent_with(q("8.968 tin"))
    assert not nearly.consistent_with(q("9.100 tin"))
    assert Certainty.CERTAIN == q("9.100 tin").above(nearly)
    assert Certainty.POSSIBLE == q("8.968 tin").below(nearly)
    assert Certainty.IMPOSSIBLE == q("9.100 tin").below(nearly)


def test_exact_equal_is_certain() -> None:
    """Two equal exact figures are certainly equal, even across units of one dimension."""
    assert Certainty.CERTAIN == q("2,5 kg").equal(q("2.500 gam"))
    assert Certainty.IMPOSSIBLE == q("2,5 kg").equal(q("2.400 gam"))


def test_more_than_is_never_equal_to_its_number() -> None:
    """'hơn 3.100' rules out exactly 3.100 and allows 3.101."""
    more = q("hơn 3.100 lượt")
    assert Certainty.IMPOSSIBLE == more.equal(q("3.100 lượt"))
    assert Certainty.POSSIBLE == more.equal(q("3.101 lượt"))
    assert Certainty.CERTAIN == more.above(q("3.100 lượt"))


def test_comparing_dimensions_raises() -> None:
    """Comparing grams with pieces is a unit mismatch."""
    with pytest.raises(UnitMismatchError):
        q("180 gam").above(q("3 quả"))


# -- sums -------------------------------------------------------------------------------


def test_sum_of_more_than_reads_more_than() -> None:
    """ "hơn 3.100" + "hơn 200" is "hơn 3.300"."""
    result = q("hơn 3.100 lượt") + q("hơn 200 lượt")
    assert "hơn 3.300 lượt" == str(result)
    assert q("hơn 3.300 lượt") == result


def test_nearly_plus_exact_stays_approximate() -> None:
    """ "gần 9.000" + exact 150 is still approximate, with exact bounds."""
    result = q("gần 9.000 tin") + q("150 tin")
    assert (Qualifier.NEARLY, 9150) == (result.qualifier, result.value)
    assert Bounds(lower=Decimal("8250.0"), upper=9150) == result.bounds


def test_sum_with_magnitude_has_no_point() -> None:
    """A total with an order-of-magnitude part is a range with no point value."""
    result = q("hàng trăm vụ") + q("5 vụ")
    assert (Qualifier.RANGE, None) == (result.qualifier, result.point)
    assert Bounds(lower=105, upper=1005, upper_closed=False) == result.bounds


def test_mass_converts_exactly() -> None:
    """Grams and kilograms add exactly, in grams."""
    result = q("2,5 kg") + q("180 gam")
    assert ("gram", Decimal("2680.0")) == (result.unit.code, result.value)


def test_different_counting_words_sum_to_items() -> None:
    """Pieces and guns are both items: their total is in the base unit 'cái'."""
    assert ("item", 156) == (total([q("3 quả"), q("153 khẩu")]).unit.code, 156)


@pytest.mark.parametrize(
    ("a", "b"),
    [("180 gam", "3 quả"), ("3.100 lượt", "3.100 người"), ("5 đơn vị máu", "5 lượt")],
)
def test_adding_across_dimensions_raises(a: str, b: str) -> None:
    """Grams never add to pieces, nor turns to persons."""
    with pytest.raises(UnitMismatchError, match="different dimensions"):
        q(a) + q(b)


def test_builtin_sum_and_empty_total() -> None:
    """sum() works from its int 0 start; total([]) needs a unit and gives exact zero."""
    assert q("34 quả") == sum([q("3 quả"), q("31 quả")])
    assert Quantity.zero("qua") == total([], unit="qua")
    with pytest.raises(InvalidValueError):
        total([])


# -- validation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"value": 2.5, "unit": "kg"}, "never a float"),
        ({"value": -3, "unit": "tin"}, "must be >= 0, got -3"),
        ({"value": Decimal("2.5"), "unit": "tin"}, "whole numbers"),
        ({"value": 150, "unit": "tin", "qualifier": "order-of-magnitude"}, "order of magnitude"),
        ({"value": None, "unit": "tin"}, "needs a value"),
        ({"value": 5, "unit": "tin", "qualifier": "range"}, "no point value"),
        ({"value": 5, "unit": "tin", "qualifier": "bogus"}, "unknown qualifier"),
        ({"value": True, "unit": "tin"}, "int or Decimal"),
        ({"value": Decimal("NaN"), "unit": "kg"}, "finite"),
        ({"value": 10**40, "unit": "vnd"}, "at most 40 digits"),
        ({"value": Decimal("1E-50"), "unit": "kg"}, "exponent within ±40"),
        ({"value": Decimal("1E+50"), "unit": "kg"}, "exponent within ±40"),
        ({"value": Decimal("1." + "1" * 45), "unit": "kg"}, "at most 40 digits"),
    ],
)
def test_invalid_quantities_raise_named_errors(kwargs: dict[str, object], fragment: str) -> None:
    """Bad values raise InvalidValueError naming the rule (also a ValueError)."""
    with pytest.raises(InvalidValueError, match=fragment) as info:
        Quantity(**kwargs)  # type: ignore[arg-type]  # deliberately wrong types
    assert isinstance(info.value, ValueError)


def test_bounds_must_fit_the_figure() -> None:
    """Explicit bounds that exclude the stated value are refused."""
    with pytest.raises(InvalidValueError, match="do not fit"):
        Quantity(value=10, unit="tin", qualifier="about", bounds=Bounds(lower=20, upper=30))


def test_evolve_revalidates() -> None:
    """attrs.evolve runs the validators again."""
    import attrs

    with pytest.raises(InvalidValueError):
        attrs.evolve(q("5 tin"), value=-1)


def test_unknown_unit_lists_codes() -> None:
    """An unknown unit name raises a KeyError subclass naming the known codes."""
    with pytest.raises(KeyError, match="known codes"):
        unit("furlong")


def test_units_have_one_dimension_each() -> None:
    """Every built-in unit has a dimension, and kilograms are 1000 grams."""
    assert all(isinstance(u.dimension, Dimension) for u in units())
    assert 1000 == unit("kg").factor // unit("g").factor


# -- formatting --------------------------------------------------------------------------


def test_format_vietnamese_and_english() -> None:
    """Vietnamese uses '.' for thousands and ',' for decimals; English the reverse."""
    assert "gần 9.000 tin" == q("gần 9.000 tin").format()
    assert "nearly 9,000 tips" == q("gần 9.000 tin").format(lang="en")
    assert "2,5 kg" == str(q("2,5 kg"))
    assert "2.5 kilograms" == q("2,5 kg").format(lang="en")
    assert "1 piece" == q("01 lựu đạn").format(lang="en")
    assert "hundreds of cases" == q("hàng trăm vụ").format(lang="en")


# -- properties ---------------------------------------------------------------------------

SIMPLE_UNITS = ["tin", "qua", "turn", "person", "vnd", "blood_unit"]
numbers = st.integers(min_value=0, max_value=10**12)
decimals = st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False)
stated = st.sampled_from(
    [q for q in Qualifier if q not in (Qualifier.RANGE, Qualifier.ORDER_OF_MAGNITUDE)]
)


@st.composite
def quantities(draw: st.DrawFn, unit_code: str | None = None) -> Quantity:
    code = unit_code or draw(st.sampled_from([*SIMPLE_UNITS, "gram", "kilogram"]))
    kind = draw(st.sampled_from(["stated", "magnitude", "range"]))
    if kind == "magnitude":
        return Quantity(
            value=10 ** draw(st.integers(1, 12)), unit=code, qualifier="order-of-magnitude"
        )
    value: int | Decimal = (
        draw(decimals) if unit(code).dimension is Dimension.MASS else draw(numbers)
    )
    if kind == "range":
        high = value + draw(numbers)
        return Quantity(
            value=None, unit=code, qualifier="range", bounds=Bounds(lower=value, upper=high)
        )
    qualifier = draw(stated)
    if qualifier is Qualifier.LESS_THAN and value == 0:
        value = 1  # "dưới 0" leaves no possible value
    return Quantity(value=value, unit=code, qualifier=qualifier)


same_unit_lists = st.sampled_from(SIMPLE_UNITS).flatmap(
    lambda code: st.lists(quantities(code), min_size=1, max_size=6)
)


@given(quantities())
def test_format_parse_round_trip(quantity: Quantity) -> None:
    """Law: parse(format(q)) == q for every stated quantity."""
    assert quantity == parse_quantity(quantity.format())


@given(same_unit_lists, st.randoms())
def test_sum_is_order_independent(parts: list[Quantity], rnd: object) -> None:
    """Law: the total does not depend on the order of its parts (commutative, associative)."""
    shuffled = list(parts)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]  # hypothesis Random
    assert total(parts) == total(shuffled)
    if len(parts) >= 3:
        a, b, c = parts[0], parts[1], total(parts[2:])
        assert (a + b) + c == a + (b + c)


@given(quantities())
def test_exact_zero_is_the_identity(quantity: Quantity) -> None:
    """Law: q + 0 == q == 0 + q for exact zero in the same unit."""
    zero = Quantity.zero(quantity.unit)
    assert quantity == total([quantity, zero]).to_unit(quantity.unit)
    assert (quantity + zero).bounds == quantity.bounds


@given(same_unit_lists, st.data())
def test_bounds_of_sum_contain_every_possible_total(
    parts: list[Quantity], data: st.DataObject
) -> None:
    """Law: any choice of true values within each part's bounds sums into the total's bounds."""
    chosen = []
    for part in parts:
        b = part.bounds
        candidates: list[int | Decimal] = (
            [b.lower] if b.lower_closed else [b.lower + Decimal("0.5")]
        )
        if b.upper is not None:
            candidates.append(b.upper if b.upper_closed else b.upper - Decimal("0.001"))
            candidates.append(Decimal(b.lower + b.upper) / 2)
        else:
            candidates.append(b.lower + 10**6)
        chosen.append(data.draw(st.sampled_from([c for c in candidates if b.contains(c)])))
    assert total(parts).bounds.contains(sum(chosen))


@given(quantities(), quantities())
def test_mixing_dimensions_always_raises(a: Quantity, b: Quantity) -> None:
    """Law: adding quantities of different dimensions raises; same dimension never does."""
    if a.dimension is b.dimension:
        assert (a + b).dimension is a.dimension
    else:
        with pytest.raises(UnitMismatchError):
            a + b


# -- the wider grammar: words, glued units, compound scales, magnitudes --------------------

WIDER = [
    ("hai mươi mốt hộ", 21, "household", Qualifier.EXACT),
    ("mười lăm buổi", 15, "session", Qualifier.EXACT),
    ("một trăm linh năm cán bộ", 105, "officer", Qualifier.EXACT),
    ("gần hai nghìn lượt", 2000, "turn", Qualifier.NEARLY),
    ("hơn nghìn người", 1000, "person", Qualifier.MORE_THAN),
    ("gần trăm hộ", 100, "household", Qualifier.NEARLY),
    ("hàng chục nghìn người", 10_000, "person", Qualifier.ORDER_OF_MAGNITUDE),
    ("hàng chục tổ", 10, "team", Qualifier.ORDER_OF_MAGNITUDE),
    ("1,2 nghìn tỷ đồng", 1_200_000_000_000, "vnd", Qualifier.EXACT),
    ("5 trăm nghìn đồng", 500_000, "vnd", Qualifier.EXACT),
    ("2 triệu rưỡi đồng", 2_500_000, "vnd", Qualifier.EXACT),
    ("2 chục người", 20, "person", Qualifier.EXACT),
    ("50ha", 50, "hectare", Qualifier.EXACT),
    ("2.000m2", 2000, "square_metre", Qualifier.EXACT),
    ("100km", 100, "kilometre", Qualifier.EXACT),
    ("500ml", 500, "millilitre", Qualifier.EXACT),
]


@pytest.mark.parametrize(("text", "value", "code", "qualifier"), WIDER)
def test_parse_numbers_in_words_glued_units_and_compound_scales(
    text: str, value: int, code: str, qualifier: Qualifier
) -> None:
    """Numbers in words, units glued to figures and compound scale words read exactly."""
    parsed = parse_quantity(text)
    assert (value, code, qualifier) == (parsed.value, parsed.unit.code, parsed.qualifier)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [("vài trăm người", 200, 900), ("mấy chục hộ", 20, 90), ("vài người", 2, 9)],
)
def test_a_few_is_a_range_without_a_point(text: str, low: int, high: int) -> None:
    """ "vài trăm" (a few hundred) is from 200 to 900, with no point value."""
    parsed = q(text)
    assert (Qualifier.RANGE, None, Bounds(lower=low, upper=high)) == (
        parsed.qualifier,
        parsed.point,
        parsed.bounds,
    )


def test_some_is_no_figure() -> None:
    """ "một số người" (some people) states no figure: a ParseError, not 1."""
    with pytest.raises(ParseError, match="some"):
        q("một số người")


def test_a_percentage_is_sent_to_parse_ratio() -> None:
    """ "40%" is a rate: parse_quantity says to read it with parse_ratio."""
    with pytest.raises(ParseError, match="parse_ratio"):
        q("40%")


# -- multiplication by a whole number ----------------------------------------------------


def test_multiplication_reads_honestly() -> None:
    """5 each in 204 communes, at least 5 each, hundreds each: n × q says what is known."""
    assert "1.020 cán bộ, chiến sĩ" == str(q("5 cán bộ") * 204)
    assert "ít nhất 1.020 cán bộ, chiến sĩ" == str(204 * q("tối thiểu 5 cán bộ"))
    assert "hàng nghìn vụ" == str(q("hàng trăm vụ") * 10)
    assert "từ 500 đến dưới 5.000 vụ" == str(q("hàng trăm vụ") * 5)
    assert Quantity.zero("tin") == q("gần 9.000 tin") * 0


@pytest.mark.parametrize("times", [-1, 2.5, True, Decimal(2), "3"])
def test_multiplication_needs_a_whole_number(times: object) -> None:
    """Only whole numbers >= 0 multiply a quantity; anything else is a named error."""
    with pytest.raises(InvalidValueError, match="whole number"):
        q("5 tin") * times  # type: ignore[operator]  # deliberately wrong


@given(quantities(), st.integers(0, 50), st.data())
def test_bounds_of_a_multiple_hold_every_multiple_of_a_true_value(
    quantity: Quantity, times: int, data: st.DataObject
) -> None:
    """Law: for every true value t within q's bounds, n·t lies within the bounds of n·q."""
    b = quantity.bounds
    candidates: list[int | Decimal] = [b.lower + (0 if b.lower_closed else Decimal("0.5"))]
    if b.upper is not None:
        candidates.append(b.upper if b.upper_closed else b.upper - Decimal("0.001"))
    else:
        candidates.append(b.lower + 10**6)
    true = data.draw(st.sampled_from([c for c in candidates if b.contains(c)]))
    assert (quantity * times).bounds.contains(true * times)


@given(quantities(), st.integers(1, 12))
def test_a_multiple_has_the_bounds_of_the_sum_of_copies(quantity: Quantity, times: int) -> None:
    """Law: n·q has the bounds of q + q + ... + q (n copies), and 1·q == q."""
    assert total([quantity] * times).bounds == (quantity * times).bounds
    assert quantity == quantity * 1


# -- every built-in unit reads back -------------------------------------------------------


@st.composite
def any_unit_quantities(draw: st.DrawFn) -> Quantity:
    chosen = draw(st.sampled_from(units()))
    kind = draw(st.sampled_from(["stated", "magnitude", "range"]))
    if kind == "magnitude":
        return Quantity(
            value=10 ** draw(st.integers(1, 12)), unit=chosen, qualifier="order-of-magnitude"
        )
    value: int | Decimal = draw(numbers) if chosen.dimension.discrete else draw(decimals)
    if kind == "range":
        return Quantity(
            value=None,
            unit=chosen,
            qualifier="range",
            bounds=Bounds(lower=value, upper=value + draw(numbers)),
        )
    qualifier = draw(stated)
    if qualifier is Qualifier.LESS_THAN and value == 0:
        value = 1
    return Quantity(value=value, unit=chosen, qualifier=qualifier)


@given(any_unit_quantities())
def test_every_unit_and_dimension_round_trips(quantity: Quantity) -> None:
    """Law: parse_quantity(format(q)) == q for every built-in unit, old and new dimensions."""
    assert quantity == parse_quantity(quantity.format())


def test_every_unit_word_reads_back_to_its_unit() -> None:
    """Each built-in unit's Vietnamese word, after a number, reads as that unit."""
    for u in units():
        assert u == parse_quantity(f"3 {u.vi}").unit, u.code


@pytest.mark.parametrize(
    ("closed", "vi", "en"),
    [
        (True, "từ 270 viên trở lên", "270 or more rounds"),
        (False, "trên 270 viên", "more than 270 rounds"),
    ],
)
def test_a_range_without_an_upper_end_reads_as_vietnamese(closed: bool, vi: str, en: str) -> None:
    """An open-ended range puts its unit after the number, and says "trở lên" only after
    "từ": never "từ 270 trở lên viên" nor "trên 270 trở lên"."""
    q = Quantity(
        value=None,
        unit="viên",
        qualifier="range",
        bounds=Bounds(lower=270, upper=None, lower_closed=closed),
    )
    assert (vi, en) == (f"{q}", f"{q:en}")


def test_about_with_no_upper_limit_says_its_floor_once() -> None:
    """'khoảng 2.500' plus 'hơn 10' has no upper limit: "(trên 2.260)", not "trên … trở lên"."""
    q = parse_quantity("khoảng 2.500 tin") + parse_quantity("hơn 10 tin")
    assert "khoảng 2.510 tin (trên 2.260)" == str(q)


@pytest.mark.parametrize("text", ["92% hộ hội viên", "92 % hộ", "92 phần trăm số hộ", "92%"])
def test_a_percentage_with_its_base_points_to_parse_ratio(text: str) -> None:
    """A percentage, whatever base follows it, is a rate: the error names parse_ratio."""
    with pytest.raises(ParseError, match="read it with parse_ratio"):
        parse_quantity(text)


@pytest.mark.parametrize(
    ("text", "en"),
    [
        ("150 con bò", "150 head of cattle"),
        ("20 con bê", "20 calves"),
        ("12 con trâu", "12 buffaloes"),
        ("30 con lợn", "30 pigs"),
        ("5 con dê", "5 goats"),
        ("200 con gà", "200 chickens"),
        ("80 con vịt", "80 ducks"),
        ("15 con giống", "15 head of livestock"),
    ],
)
def test_an_animal_keeps_its_own_noun(text: str, en: str) -> None:
    """A counting word never renames what the source counts: cattle stay cattle, never
    breeding stock ("con giống"); the text reads back to the same figure."""
    q = parse_quantity(text)
    assert (text, en) == (str(q), f"{q:en}")
    assert q == parse_quantity(str(q))


@pytest.mark.parametrize(
    ("text", "en"),
    [
        ("15 khẩu hiệu", "15 slogans"),
        ("320 băng rôn, khẩu hiệu", "320 banners and slogans"),
        ("6 áp phích", "6 posters"),
        ("2 chuyên mục", "2 regular sections"),
        ("3 chuyên đề", "3 special topics"),
        ("5 quận", "5 urban districts"),
        ("3 thị xã", "3 towns"),
        ("7 huyện, thị xã, thành phố", "7 district-level units"),
        ("12 xóm", "12 hamlets (xóm)"),
        ("4 ấp", "4 hamlets (ấp)"),
        ("9 thôn, xóm", "9 hamlets and neighbourhoods"),
    ],
)
def test_a_counting_word_keeps_the_noun_the_source_wrote(text: str, en: str) -> None:
    """Slogans are not shown as banners, nor quận as huyện or xóm as thôn: each such word
    is a unit of its own (the lists reports write cover their members)."""
    q = parse_quantity(text)
    assert (text, en) == (str(q), f"{q:en}")
    assert q == parse_quantity(str(q))


def test_a_list_word_counts_its_members_unrenamed() -> None:
    """'băng rôn, khẩu hiệu' covers banners and slogans; 'thôn, xóm' covers xóm."""
    from danvan._units import counts_in

    assert (True, True, False) == (
        counts_in(unit("khẩu hiệu"), unit("băng rôn, khẩu hiệu")),
        counts_in(unit("xóm"), unit("thôn, xóm")),
        counts_in(unit("khẩu hiệu"), unit("băng rôn")),
    )


def test_breeding_stock_counts_each_animal_unrenamed() -> None:
    """'con giống' covers the animals: a figure of cows counts in it as cows."""
    from danvan._units import counts_in

    assert (True, False) == (
        counts_in(unit("con bò"), unit("con giống")),
        counts_in(unit("con bò"), unit("con lợn")),
    )
