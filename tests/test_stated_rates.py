"""Percentages stated without their figures: recorded with their qualifier, never averaged."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import danvan.serialization as ser
from danvan import (
    Bounds,
    Dataset,
    InvalidValueError,
    Observation,
    ParseError,
    Period,
    Qualifier,
    Ratio,
    parse_quantity,
    parse_ratio,
    seed_gazetteer,
)

YEAR = Period.year(2021)


@pytest.mark.parametrize(
    ("text", "percent", "qualifier", "base", "unit"),
    [
        ("khoảng 40%", 40, Qualifier.ABOUT, "", "item"),
        ("85% hộ dân", 85, Qualifier.EXACT, "hộ dân", "household"),
        ("hơn 90 phần trăm số hộ", 90, Qualifier.MORE_THAN, "số hộ", "household"),
        ("gần 100 %", 100, Qualifier.NEARLY, "", "item"),
        ("40,5%", Decimal("40.5"), Qualifier.EXACT, "", "item"),
        ("trên 95% cán bộ, chiến sĩ", 95, Qualifier.MORE_THAN, "cán bộ, chiến sĩ", "officer"),
    ],
)
def test_a_bare_percentage_is_a_stated_rate(
    text: str, percent: int | Decimal, qualifier: Qualifier, base: str, unit: str
) -> None:
    """ "khoảng 40%", "85% hộ dân": the percentage, its qualifier and its base are kept."""
    rate = parse_ratio(text)
    assert (Decimal(percent), qualifier, base, unit, False) == (
        rate.stated_percent,
        rate.qualifier,
        rate.base,
        rate.numerator.unit.code,
        rate.has_figures,
    )


def test_a_stated_rate_has_the_bounds_its_qualifier_gives() -> None:
    """ "khoảng 40%" lies in [36, 44]; "hơn 90%" above 90; "85%" is 85."""
    assert Bounds(lower=36, upper=44) == parse_ratio("khoảng 40%").percent_bounds
    assert Bounds(lower=90, upper=None, lower_closed=False) == parse_ratio("hơn 90%").percent_bounds
    assert Bounds(lower=85, upper=85) == parse_ratio("85%").percent_bounds
    assert parse_ratio("85%").percent is None  # no figures: nothing to recompute


def test_figures_keep_their_base_after_the_percentage() -> None:
    """ "170/200 = 85% hộ dân": figures, the stated percentage and its base."""
    rate = parse_ratio("170/200 = 85% hộ dân", unit="household")
    assert (True, "hộ dân", True) == (rate.has_figures, rate.base, rate.percent_agrees)
    assert "170/200 = 85% hộ dân" == str(rate)


@pytest.mark.parametrize(
    ("text", "unit", "shown"),
    [
        ("27/27 xã, thị trấn", "commune", "27/27"),
        ("204/204=100% xã, thị trấn", "commune", "204/204 = 100% xã, thị trấn"),
        ("7/7 vụ, đạt 100%", "case", "7/7 = 100%"),
        ("12/16 xã, phường, thị trấn", "commune", "12/16"),
    ],
)
def test_a_ratio_names_its_unit_with_commas_or_after_its_percentage(
    text: str, unit: str, shown: str
) -> None:
    """Unit words with commas ("xã, thị trấn") read before the percentage or after it."""
    rate = parse_ratio(text)
    assert (unit, unit, shown) == (rate.numerator.unit.code, rate.denominator.unit.code, str(rate))


def test_stated_rates_never_average() -> None:
    """Two stated rates combine into an unknown percentage, not the mean of 40% and 60%."""
    a, b = parse_ratio("40%"), parse_ratio("60%")
    combined = Ratio(numerator=a.numerator + b.numerator, denominator=a.denominator + b.denominator)
    assert (None, Bounds(lower=0, upper=None)) == (combined.percent, combined.percent_bounds)


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"base": "hộ dân"}, "belongs to a stated percentage"),
        ({"qualifier": "about"}, "belongs to a stated percentage"),
        ({"stated_percent": 90, "qualifier": "about"}, "qualify the numerator"),
        ({"stated_percent": -5}, ">= 0"),
        ({"stated_percent": 5, "qualifier": "range"}, "cannot be a range"),
        ({"stated_percent": 5, "qualifier": "sort of"}, "unknown qualifier"),
    ],
)
def test_bad_stated_rates_are_refused(kwargs: dict[str, object], fragment: str) -> None:
    """A qualifier or base needs a percentage; a qualified percentage has no figures."""
    figures = parse_ratio("170/200")
    with pytest.raises(InvalidValueError, match=fragment):
        Ratio(numerator=figures.numerator, denominator=figures.denominator, **kwargs)


@pytest.mark.parametrize("text", ["%", "khoảng%", "hàng trăm%", "từ 40 đến 50%", "5 người%"])
def test_what_is_not_one_percentage_is_refused(text: str) -> None:
    """A percentage needs one number: magnitudes and ranges of percentages are refused."""
    with pytest.raises(ParseError):
        parse_ratio(text)


qualifiers = st.sampled_from(
    [q for q in Qualifier if q not in (Qualifier.RANGE, Qualifier.ORDER_OF_MAGNITUDE)]
)
percents = st.integers(0, 1000) | st.decimals(0, 1000, places=2, allow_nan=False)
bases = st.sampled_from(["", "hộ dân", "số hộ", "cán bộ, chiến sĩ", "xã đạt chuẩn"])


@given(percents, qualifiers, bases)
def test_stated_rates_round_trip_through_text(
    percent: int | Decimal, qualifier: Qualifier, base: str
) -> None:
    """Law: parse_ratio(str(rate)) == rate for every stated percentage, qualifier and base."""
    if qualifier is Qualifier.LESS_THAN and percent == 0:
        percent = 1
    rate = parse_ratio(str(Ratio.stated(percent, qualifier=qualifier, base=base)))
    unit = rate.numerator.unit
    assert Ratio.stated(percent, qualifier=qualifier, base=base, unit=unit) == rate


def rates_dataset() -> Dataset:
    return Dataset(
        observations=[
            Observation(
                id="share",
                metric="models",
                value=parse_ratio("85% mô hình"),
                period=YEAR,
                place="36",
                quote="85% mô hình hoạt động hiệu quả",
            ),
            Observation(
                id="count",
                metric="models",
                value=parse_quantity("20 mô hình"),
                period=YEAR,
                place="36",
            ),
            Observation(
                id="coverage",
                metric="police.regular.coverage",
                value=parse_ratio("khoảng 90%", unit="commune"),
                period=YEAR,
                place="36",
            ),
        ],
        places=seed_gazetteer(),
    )


def test_a_metric_may_be_stated_against_a_named_base() -> None:
    """ "85% mô hình" of a metric counting models validates, and is not taken for its count."""
    assert () == rates_dataset().validate().findings


@pytest.mark.parametrize(
    ("metric", "text"),
    [("tips", "khoảng 85% hộ dân"), ("models", "85% hộ dân"), ("surrendered.guns", "85% hộ")],
)
def test_a_rate_of_a_base_the_metric_does_not_count_is_a_unit_mismatch(
    metric: str, text: str
) -> None:
    """A rate of households on a metric counting tips, models or guns is an error saying
    what each counts, in both languages."""
    rate = Observation(id="x", metric=metric, value=parse_ratio(text), period=YEAR, place="36")
    [finding] = Dataset(observations=[rate], places=seed_gazetteer()).validate().findings
    assert ("unit-mismatch", "x") == (finding.code, finding.record)
    assert "is a rate of households" in finding.message
    assert "là tỷ lệ tính trên hộ" in finding.text("vi")


@pytest.mark.parametrize("text", ["85% tin", "85% tổng số"])
def test_a_rate_of_a_base_the_metric_counts_is_fine(text: str) -> None:
    """A rate of tips on tips, or of a base no counting word names, validates."""
    rate = Observation(id="x", metric="tips", value=parse_ratio(text), period=YEAR, place="36")
    assert () == Dataset(observations=[rate], places=seed_gazetteer()).validate().findings


def test_a_rate_of_a_count_metric_needs_its_base() -> None:
    """Without a base, a rate on a count metric is an error that says to name the base."""
    bare = Observation(id="x", metric="models", value=parse_ratio("85%"), period=YEAR, place="36")
    findings = Dataset(observations=[bare], places=seed_gazetteer()).validate().findings
    assert any("Ratio.base" in f.message for f in findings)


def test_a_rate_against_a_base_is_left_out_of_totals_with_a_reason() -> None:
    """Totals of the count metric add counts only; the rate is listed as a stated rate."""
    result = rates_dataset().aggregate("models", period=YEAR)
    assert "20 mô hình" == str(result.row().value)
    assert [("share", "stated-rate")] == [(e.observation, e.code) for e in result.excluded]
    assert "85% mô hình" in result.excluded[0].message("vi")


def coverage(id: str, text: str, place: str) -> Observation:
    return Observation(
        id=id,
        metric="police.regular.coverage",
        value=parse_ratio(text, unit="commune"),
        period=YEAR,
        place=place,
    )


@pytest.mark.parametrize("engine", ["reference", "columnar"])
def test_stated_rates_of_a_ratio_metric_are_listed_apart(engine: str) -> None:
    """Two districts' 20/25 and 9/10 recompute to 29/35; Giao Thủy's bare "khoảng 90%" has
    no figures to add: it is listed apart with its percentage, never averaged in."""
    dataset = Dataset(
        observations=[
            coverage("hh", "20/25", "356"),
            coverage("xt", "9/10", "357"),
            coverage("gt", "khoảng 90%", "358"),
        ],
        places=seed_gazetteer(),
    )
    result = dataset.aggregate("police.regular.coverage", period=YEAR, engine=engine)
    assert ("29/35", ("hh", "xt")) == (str(result.row().value), result.row().observations)
    (rate,) = result.excluded
    assert ("gt", "stated-rate") == (rate.observation, rate.code)
    assert "it states only a percentage (about 90%)" in rate.message("en")


def test_a_lone_stated_rate_gives_no_row() -> None:
    """A ratio metric with only a stated rate has no total: missing, its rate listed."""
    dataset = Dataset(observations=[coverage("gt", "100%", "358")], places=seed_gazetteer())
    result = dataset.aggregate("police.regular.coverage", period=YEAR, by="district")
    assert ((), ["gt"]) == (tuple(result.rows), [e.observation for e in result.excluded])
    assert (("district", "358"),) in result.missing


def test_stated_rates_round_trip_through_json_and_csv(tmp_path: Path) -> None:
    """Qualifier and base travel through JSON and CSV files without loss."""
    dataset = rates_dataset()
    assert dataset == ser.loads(ser.dumps(dataset))
    path = tmp_path / "rates.csv"
    ser.dump_observations(dataset.observations, path)
    assert dataset.observations == ser.load_observations(path)
