"""A township's security festival day, a month of tips, and water in a hot spell.

Written for danvan's tests in the style of a commune-level police and youth report; the
figures are invented. Shows: a single day ("Ngày 19/8"), a month without its year
("trong tháng 5", the last May before the report), "tính đến ngày 30-6-2023" for stocks,
cubic metres, a figure whose period is only a named spell with no dates ("trong đợt nắng
nóng": not stated), and a sub-metric pair stated on one day.
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
    Source,
    national_gazetteer,
    parse_period,
    parse_quantity,
    standard_catalogue,
)

TEXT = """\
Ngày 19/8, thị trấn Vôi tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm 2023 với sự \
tham gia của hơn 600 người dân. Dịp này, UBND thị trấn khen thưởng 4 tập thể, 11 cá nhân có \
thành tích xuất sắc. Trong tháng 5, Công an thị trấn đã tiếp nhận 17 tin báo của quần chúng, \
phối hợp giải quyết 9 vụ việc ngay tại cơ sở. Tính đến ngày 30-6-2023, trên địa bàn có 21 tổ \
an ninh xung kích với 126 thành viên. Đoàn Thanh niên thị trấn đã hỗ trợ người dân 150 m³ \
nước sạch trong đợt nắng nóng.
"""

SOURCE = Source(
    id="voi-2023-08",
    title="Thị trấn Vôi tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc",
    publisher="Cổng thông tin huyện Lạng Giang",
    date=pendulum.Date(2023, 8, 25),
)
ORGANISATIONS = (
    Organisation(id="ca-voi", name="Công an thị trấn Vôi", kind="police", place="07375"),
    Organisation(
        id="doan-voi", name="Đoàn Thanh niên thị trấn Vôi", kind="mass-organisation", place="07375"
    ),
)
CATALOGUE = standard_catalogue().extended(
    Metric(
        code="festival.attendance",
        name_vi="người dự ngày hội",
        name_en="people at the festival",
        unit="person",
    ),
    Metric(
        code="disputes.settled",
        name_vi="vụ việc giải quyết tại cơ sở",
        name_en="disputes settled locally",
        unit="case",
    ),
    Metric(
        code="teams.security",
        name_vi="tổ an ninh xung kích",
        name_en="security teams",
        unit="team",
        aggregation=Aggregation.STOCK,
    ),
    Metric(
        code="teams.members",
        name_vi="thành viên tổ an ninh",
        name_en="team members",
        unit="member",
        aggregation=Aggregation.STOCK,
    ),
    Metric(
        code="water.supplied",
        name_vi="nước sạch hỗ trợ",
        name_en="clean water supplied",
        unit="cubic_metre",
    ),
)
FESTIVAL = parse_period("Ngày 19/8", as_of=SOURCE.date)
MAY = parse_period("Trong tháng 5", as_of=SOURCE.date)
AS_OF = parse_period("Tính đến ngày 30-6-2023", as_of=SOURCE.date)
figure = functools.partial(Observation, source=SOURCE.id, place="07375")

OBSERVATIONS = (
    figure(
        id="attendance",
        metric="festival.attendance",
        value=parse_quantity("hơn 600 người dân"),
        period=FESTIVAL,
        quote="hơn 600 người dân",
    ),
    figure(
        id="collectives",
        metric="exemplars.collectives",
        value=parse_quantity("4 tập thể"),
        period=FESTIVAL,
        quote="4 tập thể",
    ),
    figure(
        id="individuals",
        metric="exemplars.individuals",
        value=parse_quantity("11 cá nhân"),
        period=FESTIVAL,
        quote="11 cá nhân",
    ),
    figure(
        id="tips",
        metric="tips",
        value=parse_quantity("17 tin báo"),
        period=MAY,
        organisation="ca-voi",
        quote="17 tin báo",
    ),
    figure(
        id="disputes",
        metric="disputes.settled",
        value=parse_quantity("9 vụ việc"),
        period=MAY,
        organisation="ca-voi",
        quote="9 vụ việc",
    ),
    figure(
        id="teams",
        metric="teams.security",
        value=parse_quantity("21 tổ an ninh xung kích"),
        period=AS_OF,
        quote="21 tổ an ninh xung kích",
    ),
    figure(
        id="members",
        metric="teams.members",
        value=parse_quantity("126 thành viên"),
        period=AS_OF,
        quote="126 thành viên",
    ),
    figure(
        id="water",
        metric="water.supplied",
        value=parse_quantity("150 m³"),
        period=None,  # "trong đợt nắng nóng": a spell the report gives no dates for
        organisation="doan-voi",
        quote="150 m³ nước sạch",
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
    # "Exemplars" consists of collectives and individuals: both given, so 15 in all.
    ({"metric": "exemplars", "period": FESTIVAL}, ("15 tập thể, cá nhân",)),
    ({"metric": "tips", "period": parse_period("2023-Q2")}, ("17 tin",)),
    # The water's spell has no dates: listed for 2023, counted nowhere.
    ({"metric": "water.supplied", "period": parse_period("2023")}, ()),
    # Published in August 2023: the water cannot belong to 2024.
    ({"metric": "water.supplied", "period": parse_period("2024")}, ()),
)
"""Questions about the passage and the totals they must give."""
