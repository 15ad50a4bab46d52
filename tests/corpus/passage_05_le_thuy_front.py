"""A district Fatherland Front's five years of a campaign: land, workdays, money, rates.

Written for danvan's tests in the style of a district Front's review; the figures are
invented. Shows: "trong 5 năm từ 2016 đến nay", "đến cuối năm 2018", square metres,
billions of đồng, and two percentages stated of a count metric against a named base
("68% khu dân cư", "khoảng 92%"), held as stated rates and never averaged.
"""

from __future__ import annotations

import functools
from typing import Any

import pendulum

from danvan import (
    Aggregation,
    Dataset,
    Metric,
    Observation,
    Organisation,
    Ratio,
    Source,
    national_gazetteer,
    parse_period,
    parse_quantity,
    parse_ratio,
    standard_catalogue,
)

TEXT = """\
Trong 5 năm từ 2016 đến nay, hưởng ứng Cuộc vận động "Toàn dân đoàn kết xây dựng nông thôn \
mới, đô thị văn minh", nhân dân huyện Lệ Thủy đã hiến 12.500 m² đất, đóng góp hơn 2.300 \
ngày công và trên 18,6 tỷ đồng để làm đường giao thông, nhà văn hóa thôn. Đến cuối năm 2018, \
toàn huyện có 68% khu dân cư đạt danh hiệu "Khu dân cư văn hóa"; đến cuối năm 2020, tỷ lệ \
này đạt khoảng 92%. Ủy ban MTTQ huyện và các đoàn thể đã vận động xây dựng 57 nhà "Đại \
đoàn kết" cho hộ nghèo.
"""

SOURCE = Source(
    id="le-thuy-2021-03",
    title="Lệ Thủy: 5 năm thực hiện Cuộc vận động xây dựng nông thôn mới",
    publisher="Ủy ban MTTQ Việt Nam huyện Lệ Thủy",
    date=pendulum.Date(2021, 3, 15),
)
ORGANISATIONS = (
    Organisation(id="mttq-le-thuy", name="Ủy ban MTTQ huyện Lệ Thủy", kind="mass-organisation"),
)
CATALOGUE = standard_catalogue().extended(
    Metric(code="land.donated", name_vi="đất hiến", name_en="land donated", unit="square_metre"),
    Metric(
        code="labour.days", name_vi="ngày công đóng góp", name_en="workdays given", unit="workday"
    ),
    Metric(
        code="houses.built", name_vi="nhà Đại đoàn kết", name_en="solidarity houses", unit="house"
    ),
    Metric(
        code="areas.cultural",
        name_vi="khu dân cư văn hóa",
        name_en="cultured residential areas",
        unit="residential_area",
        aggregation=Aggregation.STOCK,
    ),
)
FIVE_YEARS = parse_period("Trong 5 năm từ 2016 đến nay", as_of=SOURCE.date)
END_2018 = parse_period("Đến cuối năm 2018", as_of=SOURCE.date)
END_2020 = parse_period("đến cuối năm 2020", as_of=SOURCE.date)
figure = functools.partial(Observation, source=SOURCE.id, place="457", period=FIVE_YEARS)

OBSERVATIONS = (
    figure(
        id="land", metric="land.donated", value=parse_quantity("12.500 m²"), quote="12.500 m² đất"
    ),
    figure(
        id="workdays",
        metric="labour.days",
        value=parse_quantity("hơn 2.300 ngày công"),
        quote="hơn 2.300 ngày công",
    ),
    figure(
        id="money",
        metric="charity.money",
        value=parse_quantity("trên 18,6 tỷ đồng"),
        quote="trên 18,6 tỷ đồng",
    ),
    figure(
        id="cultural-2018",
        metric="areas.cultural",
        value=parse_ratio("68% khu dân cư"),
        period=END_2018,
        quote="68% khu dân cư",
    ),
    figure(
        id="cultural-2020",
        metric="areas.cultural",
        value=Ratio.stated(92, qualifier="about", base="khu dân cư", unit="residential_area"),
        period=END_2020,
        quote="tỷ lệ này đạt khoảng 92%",
    ),
    figure(
        id="houses",
        metric="houses.built",
        value=parse_quantity("57 nhà"),
        organisation="mttq-le-thuy",
        quote='57 nhà "Đại đoàn kết"',
    ),
)


def build() -> Dataset:
    """The passage as a dataset."""
    return Dataset(
        title=SOURCE.title,
        places=national_gazetteer(),
        catalogue=CATALOGUE,
        organisations=ORGANISATIONS,
        sources=(SOURCE,),
        observations=OBSERVATIONS,
    )


FINDINGS: tuple[tuple[str, str], ...] = ()
"""What validation finds: nothing, the source being consistent."""

TOTALS: tuple[tuple[dict[str, Any], tuple[str, ...]], ...] = (
    ({"metric": "land.donated", "period": FIVE_YEARS}, ("12.500 m²",)),
    # Percentages stated alone: listed apart, never averaged into a "rate of the years".
    ({"metric": "areas.cultural", "period": parse_period("2016/2020")}, ()),
)
"""Questions about the passage and the totals they must give."""
