"""Aggregation: honest totals over places, periods and metric categories, and their laws."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from danvan import (
    Bounds,
    Dataset,
    Exclusion,
    Gazetteer,
    InvalidValueError,
    Level,
    Observation,
    Period,
    Place,
    Qualifier,
    Quantity,
    Query,
    Ratio,
    Report,
    Source,
    Succession,
    SuccessionKind,
    UnknownReferenceError,
    aggregate,
    parse_period,
    parse_quantity,
    total,
)
from danvan._aggregate.results import EXCLUSION_CODES
from danvan._aggregate.rules import Scope
from danvan.strategies import datasets

REVIEW = parse_period("2017/2021")


def q(text: str) -> Quantity:
    return parse_quantity(text)


def obs(
    id: str,
    metric: str,
    figure: str,
    period: str = "2017/2021",
    place: str | None = "36",
    **kwargs: Any,
) -> Observation:
    return Observation(
        id=id,
        metric=metric,
        value=q(figure),
        period=parse_period(period),
        place=place,
        source="s",
        **kwargs,
    )


def dataset(*observations: Observation, places: Gazetteer | None = None) -> Dataset:
    from danvan import seed_gazetteer

    return Dataset(
        places=places or seed_gazetteer(),
        sources=(
            Source(id="s", title="test"),
            Source(id="bao", title="báo", date=pendulum.Date(2022, 2, 1)),
        ),
        observations=observations,
    )


# -- the seed's questions ----------------------------------------------------------------


def test_seed_tips_by_province_keep_their_qualifier(seed: Dataset) -> None:
    """Tips 2017–2021 by province: 'gần 9.000' for Nam Định; the provinces the dataset has
    no tips for are not expected, so none is missing."""
    result = seed.aggregate("tips", period=REVIEW, by="province")
    row = result.row(province="36")
    assert "gần 9.000 tin" == str(row.value)
    assert ("tips",) == row.observations
    assert () == result.missing


def test_by_names_several_groupings_separated_by_commas(seed: Dataset) -> None:
    """by="province,year" groups as by=("province", "year") does, as the command line's --by."""
    assert seed.aggregate("tips", period=REVIEW, by=("province", "year")) == seed.aggregate(
        "tips", period=REVIEW, by="province, year"
    )
    assert ("province", "year") == Query(metric="tips", by="province,year").by


def test_seed_tips_by_district_are_not_invented(seed: Dataset) -> None:
    """The province figure is not split among districts: it is left out, with the reason."""
    result = seed.aggregate("tips", period=REVIEW, by="district")
    assert () == result.rows
    assert ["tips"] == [e.observation for e in result.excluded]
    assert "no single district" in result.excluded[0].reason
    assert 10 == len(result.missing)


def test_seed_guns_roll_into_ninh_binh_as_of_2026(seed: Dataset) -> None:
    """Nam Định's 2017–2021 guns appear under Ninh Bình when grouped as of 2026."""
    result = seed.aggregate(
        "surrendered.guns", period=REVIEW, by="province", as_of=pendulum.Date(2026, 1, 1)
    )
    assert "153 khẩu" == str(result.row(province="37").value)


def test_seed_guns_since_2020_are_not_pro_rated(seed: Dataset) -> None:
    """Guns in Ninh Bình since 2020: the 2017–2021 figure lies partly outside; it is excluded."""
    since = Period.since(2020, as_of=pendulum.Date(2026, 11, 27))
    result = seed.aggregate("surrendered.guns", period=since, place="37", by="province")
    assert () == result.rows
    assert ["guns"] == [e.observation for e in result.excluded]
    assert "never pro-rated" in result.excluded[0].reason
    assert ((("province", "37"),),) == result.missing


def test_partial_period_included_only_on_request(seed: Dataset) -> None:
    """partial='include' keeps a straddling figure whole and says so on the row."""
    since = Period.since(2020, as_of=pendulum.Date(2026, 11, 27))
    result = seed.aggregate("surrendered.guns", period=since, partial="include")
    row = result.rows[0]
    assert "153 khẩu" == str(row.value)
    assert any("only partly" in note for note in row.notes)


def test_seed_surrendered_items_one_row_per_unit(seed: Dataset) -> None:
    """Grams never add to pieces, nor guns to rounds; listed kinds give lower bounds."""
    result = seed.aggregate("surrendered", period=REVIEW)
    assert {
        "qua": "ít nhất 36 quả",  # 3 bombs, 1 shell, 31 + 1 grenades
        "kip": "ít nhất 12 kíp",
        "gram": "ít nhất 180 gam",
        "khau": "ít nhất 153 khẩu",
        "vien": "ít nhất 3.089 viên",
        "weapon": "ít nhất 428 vũ khí",
        "tool": "ít nhất 355 công cụ",
    } == {r.key("unit"): str(r.value) for r in result.rows}
    pieces = result.row(unit="qua").value
    assert isinstance(pieces, Quantity)
    assert Qualifier.AT_LEAST is pieces.qualifier


def test_seed_grenades_listed_twice_are_added(seed: Dataset) -> None:
    """The two grenade entries are disjoint (different disaggregation): 31 + 1."""
    result = seed.aggregate("surrendered.grenades", period=REVIEW)
    assert ("32 quả", ("grenades", "grenades-again")) == (
        str(result.rows[0].value),
        result.rows[0].observations,
    )


def test_seed_by_submetric_keeps_each_unit(seed: Dataset) -> None:
    """By sub-metric, each kind keeps its own unit and figure."""
    result = seed.aggregate("surrendered", period=REVIEW, by="submetric")
    assert "180 gam" == str(result.row(metric="surrendered.explosive_mass").value)
    assert "3.089 viên" == str(result.row(metric="surrendered.rounds").value)
    assert 9 == len(result.rows)


def test_seed_coverage_is_a_ratio(seed: Dataset) -> None:
    """Coverage 204/204 stays a ratio recomputed from its parts."""
    value = seed.aggregate("police.regular.coverage", period=REVIEW).rows[0].value
    assert isinstance(value, Ratio)
    assert Decimal("100.00") == value.percent


# -- no double counting ---------------------------------------------------------------------


def test_restatements_count_once_and_reconcile() -> None:
    """'gần 9.000' and another source's exact 8.968 are one figure: the exact one is used."""
    ds = dataset(obs("a", "tips", "gần 9.000 tin"), obs("b", "tips", "8.968 tin"))
    result = ds.aggregate("tips", period=REVIEW)
    assert "8.968 tin" == str(result.rows[0].value)
    (rec,) = result.reconciliations
    assert ("restatement", "b", ("a",), True) == (rec.kind, rec.whole, rec.parts, rec.consistent)


def test_inconsistent_complete_breakdown_is_flagged() -> None:
    """'gần 600' exemplars against complete parts 279 + 209: parts used, flagged inconsistent."""
    ds = dataset(
        obs("whole", "exemplars", "gần 600 tập thể, cá nhân"),
        obs("ind", "exemplars.individuals", "279 cá nhân"),
        obs("col", "exemplars.collectives", "209 tập thể"),
    )
    result = ds.aggregate("exemplars", period=REVIEW)
    (rec,) = result.reconciliations
    assert (True, False, "parts") == (rec.complete, rec.consistent, rec.used)
    assert 488 == result.rows[0].value.point  # type: ignore[union-attr]  # a Quantity here


def test_partial_parts_give_way_to_the_whole() -> None:
    """An 'of which' part under its whole: the whole is used, the part reconciled."""
    ds = dataset(
        obs("whole", "surrendered.explosives", "50 quả"),
        obs("part", "surrendered.grenades", "31 quả"),
    )
    result = ds.aggregate("surrendered.explosives", period=REVIEW)
    assert ("50 quả", ("whole",)) == (str(result.rows[0].value), result.rows[0].observations)
    (rec,) = result.reconciliations
    assert (False, True, "whole") == (rec.complete, rec.consistent, rec.used)


def test_part_larger_than_whole_is_inconsistent() -> None:
    """A part certainly above its whole is reported as inconsistent."""
    ds = dataset(
        obs("whole", "surrendered.explosives", "20 quả"),
        obs("part", "surrendered.grenades", "31 quả"),
    )
    (rec,) = ds.aggregate("surrendered.explosives", period=REVIEW).reconciliations
    assert not rec.consistent


def test_province_total_and_district_parts_count_once() -> None:
    """A province total over two of ten districts: the total is used, the districts reconciled."""
    ds = dataset(
        obs("p", "tips", "100 tin"),
        obs("d1", "tips", "30 tin", place="356"),
        obs("d2", "tips", "40 tin", place="366"),
    )
    result = ds.aggregate("tips", period=REVIEW, by="province")
    assert "100 tin" == str(result.row(province="36").value)
    assert ("p", ("d1", "d2"), True) == (
        result.reconciliations[0].whole,
        result.reconciliations[0].parts,
        result.reconciliations[0].consistent,
    )
    by_district = ds.aggregate("tips", period=REVIEW, by="district")
    assert {"356": "30 tin", "366": "40 tin"} == {
        r.key("district"): str(r.value) for r in by_district.rows
    }
    assert ["p"] == [e.observation for e in by_district.excluded]


# -- a whole and its labelled parts (a "gồm" list of one metric) ----------------------------


def _guns_by_kind(whole: str, *parts: str, **kwargs: Any) -> Dataset:
    """A whole of one metric beside its parts of the same metric, told apart by labels."""
    return dataset(
        obs("whole", "surrendered.guns", whole, **kwargs),
        *(
            obs(f"part{i}", "surrendered.guns", part, disaggregation=f"kind {i}", **kwargs)
            for i, part in enumerate(parts, start=1)
        ),
    )


def test_labelled_parts_beside_their_whole_count_once() -> None:
    """120 guns "gồm" 70 + 45 + 5 by kind: the total is 120, never 240, and is reconciled."""
    ds = _guns_by_kind("120 khẩu", "70 khẩu", "45 khẩu", "5 khẩu")
    result = ds.aggregate("surrendered.guns", period=REVIEW)
    assert [("120 khẩu", ("whole",))] == [(str(r.value), r.observations) for r in result.rows]
    (rec,) = result.reconciliations
    assert ("parts", "whole", ("part1", "part2", "part3"), "120 khẩu", True, "whole") == (
        rec.kind,
        rec.whole,
        rec.parts,
        str(rec.parts_total),
        rec.consistent,
        rec.used,
    )


def test_labelled_parts_beside_their_whole_count_once_up_the_tree() -> None:
    """The parent metric and the province count the whole once too (guns are surrendered
    items; the district lies in the province)."""
    ds = _guns_by_kind("120 khẩu", "70 khẩu", "50 khẩu", place="356")
    asked = (
        ("surrendered", (), "ít nhất 120 khẩu"),  # "of which" parts: a lower bound
        ("surrendered.guns", ("province",), "120 khẩu"),
    )
    for metric, by, expected in asked:
        result = ds.aggregate(metric, period=REVIEW, by=by)
        assert [expected] == [str(r.value) for r in result.rows], metric


def test_labelled_part_above_its_whole_is_inconsistent() -> None:
    """A labelled part certainly above its unlabelled whole: the whole is used, and the
    reconciliation says the figures cannot all be true."""
    result = _guns_by_kind("50 khẩu", "70 khẩu").aggregate("surrendered.guns", period=REVIEW)
    assert ["50 khẩu"] == [str(r.value) for r in result.rows]
    (rec,) = result.reconciliations
    assert (False, "whole") == (rec.consistent, rec.used)


def test_labelled_parts_under_a_whole_of_a_place_above_count_once() -> None:
    """A province's unlabelled figure covers a district's labelled ones: never added."""
    ds = dataset(
        obs("p", "tips", "100 tin"),
        obs("d1", "tips", "30 tin", place="356", disaggregation="nam"),
        obs("d2", "tips", "20 tin", place="356", disaggregation="nữ"),
    )
    result = ds.aggregate("tips", period=REVIEW, by="province")
    assert ["100 tin"] == [str(r.value) for r in result.rows]


def test_labelled_parts_of_a_minimum_beside_their_whole() -> None:
    """'At least 5 officers per commune', of which 3 police and 2 militia: the minimum is 5."""
    ds = dataset(
        obs("w", "police.regular.per_commune", "5 người", place="356"),
        obs("a", "police.regular.per_commune", "3 người", place="356", disaggregation="công an"),
        obs("b", "police.regular.per_commune", "2 người", place="356", disaggregation="dân quân"),
    )
    result = ds.aggregate("police.regular.per_commune", period=REVIEW)
    # The figures count "người": the metric's unit (officers) does not rename them.
    assert ["5 người"] == [str(r.value) for r in result.rows]


def test_missing_is_not_zero() -> None:
    """Districts that reported nothing are listed as missing, never as rows of 0."""
    ds = dataset(obs("d1", "tips", "30 tin", place="356"))
    result = ds.aggregate("tips", period=REVIEW, by="district")
    assert ["356"] == [r.key("district") for r in result.rows]
    assert 9 == len(result.missing)
    assert (("district", "366"),) in result.missing


def test_stock_takes_the_latest_figure() -> None:
    """Models in operation: the latest figure of the period stands, earlier ones are noted."""
    ds = dataset(
        obs("m2019", "models", "40 mô hình", period="2019"),
        obs("m2021", "models", "52 mô hình", period="2021"),
    )
    row = ds.aggregate("models", period=REVIEW).rows[0]
    assert ("52 mô hình", ("m2021",)) == (str(row.value), row.observations)
    assert any("superseded" in n for n in row.notes)


def test_minimum_over_places() -> None:
    """'At least 5 per commune' rules take the minimum over places."""
    ds = dataset(
        obs("a", "police.regular.per_commune", "7 người", place="356"),
        obs("b", "police.regular.per_commune", "5 người", place="366"),
    )
    # The figures count "người": the metric's unit (officers) does not rename them.
    assert "5 người" == str(ds.aggregate("police.regular.per_commune", period=REVIEW).rows[0].value)


def test_calendars_are_not_mixed_silently() -> None:
    """A Decree-09 figure is left out of a calendar-year question unless asked for."""
    ds = dataset(obs("a", "tips", "10 tin", period="ND09:2021"))
    year = parse_period("2021")
    assert () == ds.aggregate("tips", period=year).rows
    assert "calendar" in ds.aggregate("tips", period=year).excluded[0].reason
    mixed = ds.aggregate("tips", period=parse_period("2020/2021"), mix_calendars=True)
    assert "10 tin" == str(mixed.rows[0].value)


def test_by_year_never_splits_a_multi_year_figure() -> None:
    """Per-year grouping leaves out figures spanning several years, saying why."""
    ds = dataset(obs("span", "tips", "100 tin"), obs("y", "tips", "10 tin", period="2019"))
    result = ds.aggregate("tips", period=REVIEW, by="year")
    assert ["2019"] == [r.key("year") for r in result.rows]
    assert ["span"] == [e.observation for e in result.excluded]


def test_bad_questions_raise_clear_errors(seed: Dataset) -> None:
    """Unknown groupings, metrics and places raise danvan errors naming them."""
    with pytest.raises(InvalidValueError, match="unknown grouping"):
        seed.aggregate("tips", by="county")
    with pytest.raises(InvalidValueError, match="at most one place level"):
        seed.aggregate("tips", by=("province", "district"))
    with pytest.raises(UnknownReferenceError, match="unknown metric"):
        seed.aggregate("tipz")
    with pytest.raises(UnknownReferenceError):
        seed.aggregate("tips", place="99")


def test_a_query_is_checked_once_when_built() -> None:
    """A Query refuses a bad question when it is made, before any data is read."""
    with pytest.raises(InvalidValueError, match="unknown grouping"):
        Query(metric="tips", by="county")
    with pytest.raises(InvalidValueError, match="at most one place level"):
        Query(metric="tips", by=("province", "commune"))
    with pytest.raises(InvalidValueError, match="go together"):
        Query(metric="tips", places=("36",))
    with pytest.raises(InvalidValueError, match="must be a Period"):
        Query(metric="tips", period="2021")
    with pytest.raises(InvalidValueError, match="partial must be"):
        Query(metric="tips", partial="some")  # type: ignore[arg-type]  # likewise
    question = Query(metric="tips", period=REVIEW, by="district")
    assert (("district",), pendulum.Date(2021, 12, 31)) == (question.by, question.as_of)


def test_the_front_door_takes_a_query(seed: Dataset) -> None:
    """`danvan.aggregate` answers a Query; `Dataset.aggregate` makes the same one."""
    question = Query(metric="tips", period=REVIEW, by="province")
    assert seed.aggregate("tips", period=REVIEW, by="province") == aggregate(seed, question)
    with pytest.raises(InvalidValueError, match="must be a Query"):
        aggregate(seed, "tips")  # type: ignore[arg-type]  # the old form, refused clearly


# -- why a figure is left out, in both languages ---------------------------------------------


def _ratio_obs() -> Observation:
    ratio = Ratio(numerator=q("5 tin"), denominator=q("10 tin"))
    return Observation(id="x", metric="tips", value=ratio, period=REVIEW, place="36", source="s")


def _unstated(source: str) -> Observation:
    return attrs.evolve(obs("x", "tips", "120 tin"), period=None, source=source)


def _stated_rate(metric: str) -> Observation:
    rate = Ratio.stated(40, qualifier="about", base="hộ dân", unit="household")
    return Observation(id="x", metric=metric, value=rate, period=REVIEW, place="36", source="s")


def _open_obs() -> Observation:
    since = Period.open_from(pendulum.Date(2020, 1, 1))
    return Observation(
        id="x", metric="tips", value=q("5 tin"), period=since, place="36", source="s"
    )


# (code, observation, metric, query, English reason, Vietnamese message): one per code path.
LEFT_OUT: list[tuple[str, Observation, str, dict[str, Any], str, str]] = [
    (
        "group-metric",
        obs("x", "surrendered", "5 quả"),
        "surrendered",
        {"period": REVIEW},
        "surrendered groups metrics of different units: no own figures",
        "chỉ tiêu surrendered chỉ gộp các chỉ tiêu con có đơn vị tính khác nhau, "
        "không có số liệu riêng",
    ),
    (
        "ratio-expected",
        obs("x", "police.regular.coverage", "5 xã"),
        "police.regular.coverage",
        {"period": REVIEW},
        "police.regular.coverage is a ratio metric, the figure is not a ratio",
        "chỉ tiêu police.regular.coverage là tỷ lệ nhưng số liệu không phải là tỷ lệ",
    ),
    (
        "ratio-unexpected",
        _ratio_obs(),
        "tips",
        {"period": REVIEW},
        "tips is not a ratio metric, the figure is a ratio",
        "chỉ tiêu tips không phải là tỷ lệ nhưng số liệu lại là tỷ lệ",
    ),
    (
        "stated-rate",
        _stated_rate("police.regular.coverage"),
        "police.regular.coverage",
        {"period": REVIEW},
        "it states only a percentage (about 40% hộ dân), without the figures a total is "
        "computed from (percentages are never averaged)",
        "số liệu chỉ nêu tỷ lệ khoảng 40% hộ dân, không có tử số và mẫu số để tổng hợp "
        "(không lấy trung bình các tỷ lệ)",
    ),
    (
        "stated-rate",
        _stated_rate("models"),
        "models",
        {},
        "it states only a percentage (about 40% hộ dân), without the figures a total is "
        "computed from (percentages are never averaged)",
        "số liệu chỉ nêu tỷ lệ khoảng 40% hộ dân, không có tử số và mẫu số để tổng hợp "
        "(không lấy trung bình các tỷ lệ)",
    ),
    (
        "period-not-stated",
        _unstated("bao"),
        "tips",
        {"period": REVIEW},
        "its source states no period for it (only that it was by 2022-02-01, when the source "
        "was published)",
        "nguồn không nêu kỳ của số liệu (chỉ biết là đến ngày 1-2-2022, ngày đăng nguồn)",
    ),
    (
        "period-not-stated",
        _unstated("s"),
        "tips",
        {},
        "its source states no period for it, and no date either",
        "nguồn không nêu kỳ của số liệu, cũng không ghi ngày đăng",
    ),
    (
        "unit-mismatch",
        obs("x", "tips", "1.500,5 kg"),
        "tips",
        {"period": REVIEW},
        "1,500.5 kilograms does not measure items",
        "số liệu 1.500,5 kg không cùng đại lượng với chỉ tiêu (số lượng đếm được)",
    ),
    (
        "open-period",
        _open_obs(),
        "tips",
        {},
        "its period 2020-01-01/.. is open-ended",
        "kỳ 2020-01-01/.. chưa có ngày kết thúc",
    ),
    (
        "other-calendar",
        obs("x", "tips", "5 tin", period="ND09:2021"),
        "tips",
        {"period": parse_period("2021")},
        "its period ND09:2021 is on the decree-09 calendar, the query on gregorian; "
        "pass mix_calendars=True to compare them by their dates",
        "kỳ ND09:2021 tính theo lịch báo cáo của Nghị định 09/2019/NĐ-CP, còn kỳ tổng hợp "
        "tính theo dương lịch; dùng mix_calendars=True để so sánh theo ngày",
    ),
    (
        "partial-period",
        obs("x", "tips", "5 tin"),
        "tips",
        {"period": Period.since(2020, as_of=pendulum.Date(2026, 11, 27))},
        "its period 2017/2021 lies only partly within 2020-01-01/2026-11-27 "
        "(never pro-rated; partial='include' keeps it)",
        "kỳ 2017/2021 chỉ nằm một phần trong kỳ tổng hợp 2020-01-01/2026-11-27 "
        "(không chia số liệu theo tỷ lệ thời gian; dùng partial='include' để vẫn tính)",
    ),
    (
        "no-place",
        obs("x", "tips", "5 tin", place=None, organisation="o"),
        "tips",
        {"period": REVIEW, "by": "district"},
        "it has no place",
        "số liệu không ghi địa bàn",
    ),
    (
        "unknown-place",
        obs("x", "tips", "5 tin", place="999"),
        "tips",
        {"period": REVIEW, "by": "district"},
        "it has unknown place '999'",
        "mã địa bàn '999' không có trong danh mục địa bàn",
    ),
    (
        "not-attributable",
        obs("x", "tips", "5 tin"),
        "tips",
        {"period": REVIEW, "by": "district"},
        "no single district holds 36 on 2021-12-31",
        "không có đơn vị cấp huyện nào chứa trọn địa bàn 36 vào ngày 31-12-2021",
    ),
    (
        "no-organisation",
        obs("x", "tips", "5 tin"),
        "tips",
        {"period": REVIEW, "by": "organisation"},
        "it names no organisation",
        "số liệu không ghi tổ chức nào",
    ),
    (
        "spans-buckets",
        obs("x", "tips", "5 tin"),
        "tips",
        {"period": REVIEW, "by": "half-year"},
        "its period 2017/2021 spans several half-years (never pro-rated)",
        "kỳ 2017/2021 trải dài qua nhiều kỳ 6 tháng (không chia số liệu theo tỷ lệ thời gian)",
    ),
    (
        "spans-buckets",
        obs("x", "tips", "5 tin"),
        "tips",
        {"by": "quarter"},
        "its period 2017/2021 spans several years (never pro-rated)",
        "kỳ 2017/2021 trải dài qua nhiều năm (không chia số liệu theo tỷ lệ thời gian)",
    ),
]


@pytest.mark.parametrize(
    ("code", "observation", "metric", "query", "en", "vi"),
    LEFT_OUT,
    ids=[f"{case[0]}-{i}" for i, case in enumerate(LEFT_OUT)],
)
def test_every_exclusion_has_a_code_and_both_messages(
    code: str, observation: Observation, metric: str, query: dict[str, Any], en: str, vi: str
) -> None:
    """Each way of leaving a figure out gives its code, the English reason and a Vietnamese one."""
    (left,) = dataset(observation).aggregate(metric, **query).excluded
    assert (code, en, en, vi) == (left.code, left.reason, left.message("en"), left.message("vi"))


def test_scope_tables_hold_one_row_per_distinct_key() -> None:
    """The scope rules as small tables an engine joins: one row per distinct period, metric
    and unit, and place, each saying what judging a figure of it says."""
    ds = dataset(
        obs("a", "tips", "5 tin", period="2021", place="356"),
        obs("b", "tips", "6 tin", period="2021", place="366"),
        obs("c", "tips", "7 tin", period="2020/2021", place="999"),
        obs("d", "tips", "2 kg", period="ND09:2021", place="356"),
        obs("e", "tips", "8 tin", period="2019", place="356"),
    )
    scope = Scope(ds, Query(metric="tips", period=parse_period("2021"), by="district"))
    tables = scope.tables(
        dict.fromkeys(o.period for o in ds.observations if o.period is not None),
        dict.fromkeys((o.metric, o.quantity.unit) for o in ds.observations),
        dict.fromkeys(o.place for o in ds.observations),
        unstated=[pendulum.Date(2020, 12, 31), pendulum.Date(2022, 2, 1), None],
        stated_rates=["tips"],
    )
    unstated = [(fit.outside, fit.left_out) for _, fit in tables.unstated]
    assert [
        (True, None),  # over before the question's period begins: not part of it
        (False, ("period-not-stated", {"latest_end": "2022-02-01"})),
        (False, ("period-not-stated", {"latest_end": ""})),
    ] == unstated
    assert [("tips", ("stated-rate", {"metric": "tips"}))] == tables.stated_rates
    periods = {str(p): (fit.outside, fit.left_out and fit.left_out[0]) for p, fit in tables.periods}
    assert {
        "2021": (False, None),
        "2020/2021": (False, "partial-period"),
        "ND09:2021": (False, "other-calendar"),
        "2019": (True, None),
    } == periods
    assert [None, "unit-mismatch"] == [why and why[0] for _, _, why in tables.units]
    assert [("356", True, "356"), ("366", True, "366"), ("999", False, None)] == [
        (code, fit.known, fit.area) for code, fit in tables.places
    ]
    verdicts = {o.id: scope.judge(o) for o in ds.observations}
    reasons = {i: v[0] for i, v in verdicts.items() if isinstance(v, tuple)}
    assert {"c": "partial-period", "d": "unit-mismatch"} == reasons  # in the rules' order
    assert verdicts["e"] is None  # outside the question, not left out


def test_the_exclusion_cases_cover_every_code() -> None:
    """Every exclusion code is produced by some case above (overlaps: the tests below)."""
    assert set(EXCLUSION_CODES) == {case[0] for case in LEFT_OUT} | {"overlapping"}


# -- figures whose period is not stated -------------------------------------------------------


@pytest.mark.parametrize("engine", ["reference", "columnar"])
@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ({}, True),  # all time: when it happened is unknown, so it is in no total
        ({"by": "year"}, True),
        ({"period": parse_period("2021")}, True),  # it may have happened in 2021
        ({"period": parse_period("2023")}, False),  # published in February 2022: over by then
    ],
)
def test_a_figure_without_a_stated_period_is_never_counted(
    engine: str, query: dict[str, Any], listed: bool
) -> None:
    """ "Đã tiếp nhận 120 tin" with no period: held, never put on a year, listed when the
    question may be about it, and left alone when its source's date puts it before."""
    ds = dataset(
        obs("y", "tips", "30 tin", period="2021"),
        obs("z", "tips", "40 tin", period="2023"),
        _unstated("bao"),
    )
    result = ds.aggregate("tips", engine=engine, **query)
    assert "x" not in {i for row in result.rows for i in row.observations}
    expected = [("x", "period-not-stated", (("latest_end", "2022-02-01"),))] if listed else []
    assert expected == [(e.observation, e.code, e.details) for e in result.excluded]


@given(datasets(min_observations=1, max_observations=8), st.data())
def test_law_figures_without_a_stated_period_change_no_total(
    data: Dataset, draw: st.DataObject
) -> None:
    """Law: restating any figures without their period changes no row of any total, by
    either engine; each is listed as left out, or lies before the question."""
    unstated = [
        attrs.evolve(o, id=f"u{i}", period=None)
        for i, o in enumerate(draw.draw(st.lists(st.sampled_from(data.observations), max_size=3)))
    ]
    after = attrs.evolve(data, observations=(*data.observations, *unstated))
    for metric in sorted({o.metric for o in data.observations}):
        before = data.aggregate(metric, by="year", engine="reference")
        for engine in ("reference", "columnar"):
            result = after.aggregate(metric, by="year", engine=engine)
            assert before.rows == result.rows
            left_out = {e.observation for e in result.excluded if e.code == "period-not-stated"}
            expected = {o.id for o in after.observations if o.period is None and o.metric == metric}
            assert expected == left_out


def test_overlapping_figures_are_not_added() -> None:
    """A province's 2021 tips and a district's 2017–2021 tips share events: one is left out."""
    ds = dataset(
        obs("p", "tips", "100 tin", period="2021"), obs("d", "tips", "300 tin", place="365")
    )
    result = ds.aggregate("tips", period=REVIEW)
    assert ("100 tin", ("p",)) == (str(result.rows[0].value), result.rows[0].observations)
    (left,) = result.excluded
    assert ("d", "overlapping", (("other", "p"),)) == (left.observation, left.code, left.details)
    assert "tính trùng" in left.message("vi")


def test_stock_of_a_place_and_its_district_never_add() -> None:
    """Models of a province (2020) and of one of its districts (2021) are not summed."""
    ds = dataset(
        obs("p", "models", "10 mô hình", period="2020"),
        obs("d", "models", "4 mô hình", period="2021", place="365"),
    )
    result = ds.aggregate("models", period=REVIEW)
    assert ["10 mô hình"] == [str(r.value) for r in result.rows]
    assert ["d"] == [e.observation for e in result.excluded]


def test_two_wholes_sharing_a_part_count_it_once() -> None:
    """A part used by two complete wholes counts once (no id twice in a row)."""
    from danvan import seed_gazetteer

    districts = [p.code for p in seed_gazetteer().children("36")]
    figures = [obs("A", "tips", "100 tin", period="2021")]
    figures += [obs(f"d{d}", "tips", "10 tin", period="2021", place=d) for d in districts]
    figures += [
        obs(f"b{y}", "tips", "5 tin", period=str(y), place="365") for y in range(2017, 2021)
    ]
    figures += [obs("B", "tips", "30 tin", place="365")]
    row = dataset(*figures).aggregate("tips", period=REVIEW).rows[0]
    assert len(row.observations) == len(set(row.observations))


def test_exclusion_details_are_sorted_pairs() -> None:
    """Details keep the values the message names, sorted by name, dates in ISO form."""
    result = dataset(obs("x", "tips", "5 tin")).aggregate("tips", period=REVIEW, by="district")
    (left,) = result.excluded
    expected = (("as_of", "2021-12-31"), ("level", "district"), ("place", "36"))
    assert expected == left.details


def test_exclusion_rejects_unknown_codes_missing_details_and_languages() -> None:
    """An unknown code, an absent detail or an unknown language raise InvalidValueError."""
    with pytest.raises(InvalidValueError, match="got 'because'"):
        Exclusion(observation="x", reason="?", code="because")
    with pytest.raises(InvalidValueError, match="needs period"):
        Exclusion(observation="x", reason="?", code="open-period")
    left = Exclusion(observation="x", reason="it has no place", code="no-place")
    with pytest.raises(InvalidValueError, match="'vi' or 'en'"):
        left.message("fr")


def test_vietnamese_report_gives_vietnamese_reasons(seed: Dataset) -> None:
    """A report says why a figure was left out in its own language: Vietnamese or English."""
    result = seed.aggregate("tips", period=REVIEW, by="district")
    vi = Report.from_aggregation(result, dataset=seed, lang="vi")
    en = Report.from_aggregation(result, dataset=seed, lang="en")
    reason_vi = "không có đơn vị cấp huyện nào chứa trọn địa bàn 36 vào ngày 31-12-2021"
    assert [("tips", reason_vi)] == list(vi.section("excluded").rows)
    assert [("tips", "no single district holds 36 on 2021-12-31")] == list(
        en.section("excluded").rows
    )
    assert reason_vi in vi.to_table()


# -- laws ------------------------------------------------------------------------------------

COMMUNES = {"1001": "101", "1002": "101", "1003": "102", "2001": "201", "2002": "201"}
DISTRICTS = {"101": "10", "102": "10", "201": "20"}


def _gazetteer() -> Gazetteer:
    provinces = [
        Place(code="10", name="Tỉnh A", level=Level.PROVINCE),
        Place(
            code="20",
            name="Tỉnh B",
            level=Level.PROVINCE,
            valid_to=pendulum.Date(2025, 6, 30),
            successors=(
                Succession(
                    kind=SuccessionKind.MERGED_INTO, target="10", date=pendulum.Date(2025, 7, 1)
                ),
            ),
        ),
    ]
    districts = [
        Place(
            code=c,
            name=f"Huyện {c}",
            level=Level.DISTRICT,
            parent=p,
            valid_to=pendulum.Date(2025, 6, 30),
        )
        for c, p in DISTRICTS.items()
    ]
    communes = [
        Place(code=c, name=f"Xã {c}", level=Level.COMMUNE, parent=p) for c, p in COMMUNES.items()
    ]
    return Gazetteer((*provinces, *districts, *communes))


GAZETTEER = _gazetteer()
YEARS = Period.years(2019, 2021)
METRICS = ["tips", "surrendered.guns", "surrendered.explosive_mass", "blood.turns"]
UNIT_OF = {
    "tips": "tin",
    "surrendered.guns": "khau",
    "surrendered.explosive_mass": "gram",
    "blood.turns": "turn",
}
QUALIFIERS = ["exact", "exact", "about", "nearly", "more-than", "at-least"]


@st.composite
def leaf_observations(draw: st.DrawFn, min_size: int = 0, max_size: int = 12) -> list[Observation]:
    """Commune-level flow figures for single months or years, describing disjoint events.

    At most one figure per commune, metric and year, so no figure covers another.
    """
    keys = draw(
        st.lists(
            st.tuples(
                st.sampled_from(sorted(COMMUNES)),
                st.sampled_from(METRICS),
                st.integers(2019, 2021),
            ),
            min_size=min_size,
            max_size=max_size,
            unique=True,
        )
    )
    out = []
    for i, (place, metric, year) in enumerate(keys):
        month = draw(st.integers(0, 12))
        period = Period.year(year) if month == 0 else Period.month(year, month)
        value = draw(st.integers(0, 10_000))
        qualifier = draw(st.sampled_from(QUALIFIERS))
        out.append(
            Observation(
                id=f"o{i}",
                metric=metric,
                period=period,
                place=place,
                value=Quantity(value=value, unit=UNIT_OF[metric], qualifier=qualifier),
            )
        )
    return out


def _leaf_dataset(observations: list[Observation]) -> Dataset:
    return Dataset(places=GAZETTEER, observations=observations)


def _table(result: object) -> dict[tuple[tuple[str, str], ...], Quantity]:
    return {r.keys: r.value for r in result.rows}  # type: ignore[attr-defined]  # AggregationResult


@given(leaf_observations(), st.randoms())
def test_law_order_independent(observations: list[Observation], rnd: object) -> None:
    """Law: the result does not depend on the order of observations."""
    shuffled = list(observations)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]  # hypothesis Random
    for by in [(), ("province",), ("district", "year"), ("submetric",)]:
        a = _leaf_dataset(observations).aggregate("surrendered", period=YEARS, by=by)
        b = _leaf_dataset(shuffled).aggregate("surrendered", period=YEARS, by=by)
        assert a.rows == b.rows
        assert a.missing == b.missing
        assert set(a.excluded) == set(b.excluded)


@given(leaf_observations(max_size=16))
def test_law_disjoint_union(observations: list[Observation]) -> None:
    """Law: aggregating A ∪ B (disjoint) equals combining the results of A and B by key."""
    half = len(observations) // 2
    a, b = observations[:half], observations[half:]
    for metric in ["tips", "blood.turns"]:
        whole = _table(_leaf_dataset(observations).aggregate(metric, period=YEARS, by="province"))
        parts: dict[tuple[tuple[str, str], ...], list[Quantity]] = {}
        for chunk in (a, b):
            for key, value in _table(
                _leaf_dataset(chunk).aggregate(metric, period=YEARS, by="province")
            ).items():
                parts.setdefault(key, []).append(value)
        assert whole == {k: total(v) for k, v in parts.items()}


@given(leaf_observations(min_size=1), st.data())
def test_law_bounds_contain_true_totals(
    observations: list[Observation], data: st.DataObject
) -> None:
    """Law: every total's bounds contain the sum of any true values within its figures' bounds."""
    ds = _leaf_dataset(observations)
    by_id = {o.id: o for o in observations}
    for row in ds.aggregate(
        "surrendered", period=YEARS, by="province", include_submetrics=True
    ).rows:
        chosen: list[int | Decimal] = []
        for oid in row.observations:
            b = by_id[oid].quantity.bounds
            options = [
                x for x in (b.lower, b.lower + 1, b.upper) if x is not None and b.contains(x)
            ]
            chosen.append(data.draw(st.sampled_from(options)))
        assert row.quantity.bounds.contains(sum(chosen))


@given(
    st.lists(st.integers(0, 500), min_size=2, max_size=2),
    st.sampled_from(["exact", "about", "nearly"]),
)
def test_law_consistent_parent_changes_nothing(parts: list[int], qualifier: str) -> None:
    """Law: adding a whole consistent with its complete parts does not change the result."""
    children = [
        obs("ind", "exemplars.individuals", f"{parts[0]} cá nhân"),
        obs("col", "exemplars.collectives", f"{parts[1]} tập thể"),
    ]
    before = dataset(*children).aggregate("exemplars", period=REVIEW)
    whole = Quantity(value=sum(parts), unit="awardee", qualifier=qualifier)
    after = dataset(
        *children,
        Observation(
            id="whole", metric="exemplars", value=whole, period=REVIEW, place="36", source="s"
        ),
    ).aggregate("exemplars", period=REVIEW)
    assert [r.value for r in before.rows] == [r.value for r in after.rows]
    assert after.reconciliations[0].consistent


@given(
    leaf_observations(), st.sampled_from([pendulum.Date(2021, 12, 31), pendulum.Date(2026, 1, 1)])
)
def test_law_rollup_transitive(observations: list[Observation], as_of: pendulum.Date) -> None:
    """Law: communes → districts → provinces equals communes → provinces, at any as-of date."""
    ds = _leaf_dataset(observations)
    direct = _table(ds.aggregate("tips", period=YEARS, by="province", as_of=as_of))
    if as_of.year < 2025:
        via = {}
        districts = ds.aggregate("tips", period=YEARS, by="district", as_of=as_of)
        grouped: dict[str, list[Quantity]] = {}
        for row in districts.rows:
            grouped.setdefault(DISTRICTS[str(row.key("district"))], []).append(row.quantity)
        for province, values in grouped.items():
            via[(("province", province), ("unit", "tin"))] = total(values)
        assert direct == via
    else:  # districts are gone: everything lies in the merged province
        assert set(direct) <= {(("province", "10"), ("unit", "tin"))}


@given(leaf_observations(min_size=1))
def test_law_years_combine_to_span(observations: list[Observation]) -> None:
    """Law: for a flow, per-year results over a span combine to the result over the span
    (a metric the figures hold, so that neither side is empty)."""
    metric = observations[0].metric
    ds = _leaf_dataset(observations)
    span = ds.aggregate(metric, period=YEARS)
    years = ds.aggregate(metric, period=YEARS, by="year")
    per_year = [r.quantity for r in years.rows]
    assert [] != per_year
    assert [total(per_year)] == [r.quantity for r in span.rows]


@given(leaf_observations())
def test_law_one_unit_per_row(observations: list[Observation]) -> None:
    """Law: cross-dimension sums are impossible: every row has one unit, of one dimension."""
    ds = _leaf_dataset(observations)
    for by in [(), ("province",), ("submetric",)]:
        result = ds.aggregate("surrendered", period=YEARS, by=by)
        seen: set[tuple[object, ...]] = set()
        for row in result.rows:
            assert row.key("unit") == row.quantity.unit.code
            contributing = {ds.lookup(Observation, i).quantity.dimension for i in row.observations}
            assert {row.quantity.dimension} == contributing
            group = tuple(k for k in row.keys if k[0] != "unit")
            assert (group, row.quantity.dimension) not in seen  # one row per dimension
            seen.add((group, row.quantity.dimension))


def test_bounds_example_is_exact() -> None:
    """A total of 'gần 9.000' and exact 150 has exact bounds [8.250, 9.150]."""
    ds = dataset(
        obs("a", "tips", "gần 9.000 tin", place="356"), obs("b", "tips", "150 tin", place="366")
    )
    assert (
        Bounds(lower=Decimal("8250.0"), upper=9150)
        == ds.aggregate("tips", period=REVIEW).rows[0].quantity.bounds
    )


def test_row_provenance_may_be_gathered_on_first_read() -> None:
    """A row given a function for its provenance equals one given the ids, once read."""
    from danvan import Row

    calls: list[int] = []

    def gather() -> tuple[str, ...]:
        calls.append(1)
        return ("a", "b")

    lazy = Row(keys=(("unit", "tin"),), value=q("5 tin"), observations=gather)
    eager = Row(keys=(("unit", "tin"),), value=q("5 tin"), observations=("a", "b"))
    assert [] == calls
    assert eager == lazy
    assert ("a", "b") == lazy.observations
    assert [1] == calls  # gathered once, then kept
    assert hash(eager) == hash(lazy)


@st.composite
def labelled_parts(draw: st.DrawFn, dataset: Dataset) -> tuple[Observation, ...]:
    """Parts of one unlabelled figure of ``dataset``, labelled apart, that add up to it."""
    wholes = [
        o
        for o in dataset.observations
        if not o.disaggregation and isinstance(o.value, Quantity) and o.value.point is not None
    ]
    assume(wholes)
    whole = draw(st.sampled_from(wholes))
    point = whole.quantity.point
    assert point is not None
    cuts = sorted(draw(st.lists(st.integers(0, int(point)), max_size=2)))
    values = [b - a for a, b in zip([0, *cuts], [*cuts, point], strict=True)]
    labels = {o.disaggregation for o in dataset.observations}
    return tuple(
        attrs.evolve(
            whole,
            id=f"{whole.id}-part-{i}",
            value=Quantity(value=value, unit=whole.quantity.unit),
            disaggregation=f"part {i}",
        )
        for i, value in enumerate(values)
        if f"part {i}" not in labels
    )


def _totals(dataset: Dataset, metric: str, **question: Any) -> list[tuple[object, ...]]:
    return [(r.keys, r.value) for r in dataset.aggregate(metric, **question).rows]


@given(datasets(consistent=False, min_observations=1, max_observations=8), st.data())
def test_law_labelled_parts_of_a_whole_change_no_total(
    before: Dataset, data: st.DataObject
) -> None:
    """Law: adding labelled parts that sum to an existing unlabelled whole changes no total."""
    parts = data.draw(labelled_parts(before))
    after = attrs.evolve(before, observations=(*before.observations, *parts))
    whole = before.lookup(Observation, parts[0].id.rsplit("-part-", 1)[0]) if parts else None
    assume(whole is not None and whole.metric in before.catalogue)
    assert whole is not None
    metrics = [whole.metric, *(m.code for m in before.catalogue.ancestors(whole.metric))]
    for metric in metrics:
        for period in (None, whole.period):
            for by in ((), ("submetric",), ("province",), ("year",)):
                question: dict[str, Any] = {"period": period, "by": by}
                assert _totals(before, metric, **question) == _totals(after, metric, **question)


@pytest.mark.parametrize("engine", ["reference", "columnar"])
def test_a_whole_broken_down_two_ways_counts_its_complete_breakdown(engine: str) -> None:
    """10 exemplars, "gồm" 4 collectives and 6 individuals, and by sex 7 + 3 (labelled):
    the complete breakdown replaces the whole (10, once), each breakdown reconciled apart."""
    ds = dataset(
        obs("all", "exemplars", "10 tập thể, cá nhân"),
        obs("col", "exemplars.collectives", "4 tập thể"),
        obs("ind", "exemplars.individuals", "6 cá nhân"),
        obs("men", "exemplars", "7 tập thể, cá nhân", disaggregation="nam"),
        obs("women", "exemplars", "3 tập thể, cá nhân", disaggregation="nữ"),
    )
    result = ds.aggregate("exemplars", period=REVIEW, engine=engine)
    assert [("10 tập thể, cá nhân", ("col", "ind"))] == [
        (str(r.value), r.observations) for r in result.rows
    ]
    assert [(("col", "ind"), True, "parts"), (("men", "women"), False, "whole")] == [
        (r.parts, r.complete, r.used) for r in result.reconciliations
    ]


@pytest.mark.parametrize("engine", ["reference", "columnar"])
def test_a_phase_never_stands_for_the_whole_year(engine: str) -> None:
    """The year's 10 tips and its phase "đợt 1" (1 tip, dates unknown): the year counts;
    the phase lies within it but is not known to cover it."""
    year = obs("year", "tips", "10 tin", period="2021")
    phase = attrs.evolve(
        obs("phase", "tips", "1 tin", period="2021"), period=parse_period("đợt 1/2021")
    )
    result = dataset(year, phase).aggregate("tips", engine=engine)
    assert [("10 tin", ("year",))] == [(str(r.value), r.observations) for r in result.rows]
    assert [(False, "whole")] == [(r.complete, r.used) for r in result.reconciliations]


@pytest.mark.parametrize("engine", ["reference", "columnar"])
def test_a_total_keeping_a_whole_its_parts_exceed_says_so(engine: str) -> None:
    """A province's 100 tips beside districts adding up to 150 is kept (never "fixed"),
    and the answer notes, in both languages and naming the whole, that its parts
    contradict it; a whole its parts may fit gets no such note."""
    ds = dataset(
        obs("p", "tips", "100 tin", period="2021"),
        obs("a", "tips", "80 tin", period="2021", place="366"),
        obs("b", "tips", "70 tin", period="2021", place="365"),
    )
    year = parse_period("2021")
    result = ds.aggregate("tips", period=year, by="province", engine=engine)
    assert "100 tin" == str(result.row(province="36").value)
    [note] = result.notes
    assert note.startswith("A total keeps a figure its own parts contradict")
    assert "p (tips, Nam Định (36), 2021): 100 tips, its parts add up to 150 tips" in note
    assert "mâu thuẫn" in note.in_("vi")  # type: ignore[attr-defined]  # a Message
    assert "p (tips, Nam Định (36), 2021): 100 tin" in note.in_("vi")  # type: ignore[attr-defined]
    fits = dataset(
        obs("p", "tips", "khoảng 150 tin", period="2021"),
        obs("a", "tips", "80 tin", period="2021", place="366"),
        obs("b", "tips", "70 tin", period="2021", place="365"),
    )
    assert () == fits.aggregate("tips", period=year, by="province", engine=engine).notes


def test_complete_parts_used_in_place_of_a_whole_they_miss_are_noted() -> None:
    """Individuals 279 and collectives 209, all of "gần 600" exemplars, are used in its
    place: the answer says the parts replace a whole they do not add up to."""
    ds = dataset(
        obs("w", "exemplars", "gần 600 tập thể, cá nhân"),
        obs("i", "exemplars.individuals", "279 cá nhân"),
        obs("c", "exemplars.collectives", "209 tập thể"),
    )
    [note] = ds.aggregate("exemplars", period=REVIEW).notes
    assert note.startswith("A total uses parts in place of a whole they do not add up to: w (")


def _two_provinces() -> Dataset:
    """Tips of Nam Định's Hải Hậu (2020, 2021) and Giao Thủy (2020 only), and of Hà Nam
    (2021), on the national map."""
    from danvan import national_gazetteer

    return dataset(
        obs("hh20", "tips", "30 tin", period="2020", place="366"),
        obs("hh21", "tips", "40 tin", period="2021", place="366"),
        obs("gt20", "tips", "20 tin", period="2020", place="365"),
        obs("hn21", "tips", "50 tin", period="2021", place="35"),
        places=national_gazetteer(),
    )


@pytest.mark.parametrize("engine", ["reference", "columnar"])
def test_missing_provinces_are_those_the_dataset_covers(engine: str) -> None:
    """By province with no place asked, the provinces the dataset has figures of the metric
    for are expected (not the country's 63): Nam Định reported 2021 too, so none is
    missing; asked by year, Hà Nam's 2020 is a gap, listed with its year."""
    data = _two_provinces()
    both = parse_period("2020/2021")
    assert () == data.aggregate("tips", period=both, by="province", engine=engine).missing
    by_year = data.aggregate("tips", period=both, by=("province", "year"), engine=engine)
    assert ((("province", "35"), ("year", "2020")),) == by_year.missing


@pytest.mark.parametrize("engine", ["reference", "columnar"])
def test_a_unit_that_reported_one_year_and_not_the_next_is_a_gap(engine: str) -> None:
    """By district and year within Nam Định: Giao Thủy's 2021 is missing beside its 2020;
    districts with no figure in any year are listed once, without a year."""
    data = _two_provinces()
    both = parse_period("2020/2021")
    result = data.aggregate("tips", period=both, by=("district", "year"), place="36", engine=engine)
    assert ("365", "2021") in [tuple(v for _, v in key) for key in result.missing]
    alone = [key[0][1] for key in result.missing if len(key) == 1]
    others = [p.code for p in data.places.children("36", as_of=pendulum.Date(2021, 12, 31))]
    assert [c for c in others if c not in ("365", "366")] == alone
    assert ((("district", "365"), ("year", "2021")),) == tuple(
        key for key in result.missing if len(key) == 2
    )


def test_a_gap_reads_as_its_unit_and_piece_in_a_report() -> None:
    """A missing district-year is one report row: groupings, codes and names joined."""
    data = _two_provinces()
    result = data.aggregate(
        "tips", period=parse_period("2020/2021"), by=("district", "year"), place="36"
    )
    rows = Report.from_aggregation(result, dataset=data).section("missing").rows
    gap = [row for row in rows if row[1] == "365, 2021"]
    assert [("huyện, năm", "365, 2021", "Giao Thủy, 2021")] == [
        (str(getattr(row[0], "text", row[0])), row[1], row[2]) for row in gap
    ]
