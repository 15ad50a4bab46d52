"""Two mass organisations' Tết gifts in one province, and the province's total.

Written for danvan's tests in the style of a provincial newspaper item on a Women's
Union and a Youth Union drive; the figures are invented. Shows: two organisations at one
place and period (their gifts add up), a figure naming no organisation (the whole of
theirs) restated by the headline, "phần quà" and "suất quà" as one counting word, money
in "tỷ đồng".
"""

from __future__ import annotations

import functools
from typing import Any

import pendulum

from danvan import (
    Dataset,
    Observation,
    Organisation,
    Source,
    national_gazetteer,
    parse_period,
    parse_quantity,
    standard_catalogue,
)

TEXT = """\
Quảng Bình: Hơn 4.300 suất quà Tết đến với người nghèo

Trong tháng 1/2023, dịp Tết Nguyên đán Quý Mão, các cấp Hội Liên hiệp Phụ nữ tỉnh đã trao \
3.500 suất quà cho hội viên, phụ nữ có hoàn cảnh khó khăn, tổng trị giá hơn 1,2 tỷ đồng. \
Cùng dịp này, Tỉnh đoàn trao 850 phần quà cho thanh thiếu nhi nghèo. Tính chung, toàn tỉnh \
có 4.350 suất quà được trao từ hai tổ chức.
"""

SOURCE = Source(
    id="qb-tet-2023",
    title="Quảng Bình: Hơn 4.300 suất quà Tết đến với người nghèo",
    publisher="Báo Quảng Bình",
    date=pendulum.Date(2023, 1, 30),
)
ORGANISATIONS = (
    Organisation(
        id="hpn-qb", name="Hội LHPN tỉnh Quảng Bình", kind="mass-organisation", place="44"
    ),
    Organisation(id="td-qb", name="Tỉnh đoàn Quảng Bình", kind="mass-organisation", place="44"),
)
JANUARY = parse_period("trong tháng 1/2023", as_of=SOURCE.date)
figure = functools.partial(Observation, source=SOURCE.id, place="44", period=JANUARY)

OBSERVATIONS = (
    figure(
        id="title-gifts",
        metric="charity.gifts",
        value=parse_quantity("Hơn 4.300 suất quà"),
        quote="Hơn 4.300 suất quà",
        role="headline",
    ),
    figure(
        id="hpn-gifts",
        metric="charity.gifts",
        value=parse_quantity("3.500 suất quà"),
        organisation="hpn-qb",
        quote="3.500 suất quà",
    ),
    figure(
        id="hpn-money",
        metric="charity.money",
        value=parse_quantity("hơn 1,2 tỷ đồng"),
        organisation="hpn-qb",
        quote="tổng trị giá hơn 1,2 tỷ đồng",
    ),
    figure(
        id="td-gifts",
        metric="charity.gifts",
        value=parse_quantity("850 phần quà"),
        organisation="td-qb",
        quote="850 phần quà",
    ),
    figure(
        id="gifts",
        metric="charity.gifts",
        value=parse_quantity("4.350 suất quà"),
        quote="4.350 suất quà",
        note="no organisation: the province's total, the whole of the two organisations'",
    ),
)


def build() -> Dataset:
    """The passage as a dataset."""
    return Dataset(
        title=SOURCE.title,
        places=national_gazetteer(),
        catalogue=standard_catalogue(),
        organisations=ORGANISATIONS,
        sources=(SOURCE,),
        observations=OBSERVATIONS,
    )


FINDINGS: tuple[tuple[str, str], ...] = ()
"""What validation finds: nothing, the source being consistent."""

TOTALS: tuple[tuple[dict[str, Any], tuple[str, ...]], ...] = (
    # The province's 4.350 holds the two organisations' 3.500 and 850: counted once.
    ({"metric": "charity.gifts", "period": JANUARY}, ("4.350 suất quà",)),
    # Each organisation's own gifts, apart.
    (
        {"metric": "charity.gifts", "period": JANUARY, "by": "organisation"},
        ("3.500 suất quà", "850 suất quà"),
    ),
)
"""Questions about the passage and the totals they must give."""
