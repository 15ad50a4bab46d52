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
                value=parse_ratio("85% hộ dân"),
                period=YEAR,
                place="36",
                quote="85% hộ dân tham gia mô hình",
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
    """ "85% hộ dân" of a count metric validates, and is not taken for its count."""
    assert () == rates_dataset().validate().findings


def test_a_rate_of_a_count_metric_needs_its_base() -> None:
    """Without a base, a rate on a count metric is an error that says to name the base."""
    bare = Observation(id="x", metric="models", value=parse_ratio("85%"), period=YEAR, place="36")
    findings = Dataset(observations=[bare], places=seed_gazetteer()).validate().findings
    assert any("Ratio.base" in f.message for f in findings)


def test_a_rate_against_a_base_is_left_out_of_totals_with_a_reason() -> None:
    """Totals of the count metric add counts only; the rate is listed as left out."""
    result = rates_dataset().aggregate("models", period=YEAR)
    assert "20 mô hình" == str(result.row().value)
    assert ["share"] == [e.observation for e in result.excluded]


def test_stated_rates_round_trip_through_json_and_csv(tmp_path: Path) -> None:
    """Qualifier and base travel through JSON and CSV files without loss."""
    dataset = rates_dataset()
    assert dataset == ser.loads(ser.dumps(dataset))
    path = tmp_path / "rates.csv"
    ser.dump_observations(dataset.observations, path)
    assert dataset.observations == ser.load_observations(path)
