"""A provincial Youth Union's Youth Month: volunteering in many units of measure.

Written for danvan's tests in the style of a provincial Youth Union summary; the
figures are invented. Shows: squads ("đội"), kilometres of road, trees in words ("hai mươi nghìn"),
workdays, blood units, hours as a length of time, turns of members, and a named month
("tháng 3/2023").
"""

from __future__ import annotations

import functools
from typing import Any

import pendulum

from danvan import (
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
Trong Tháng Thanh niên (tháng 3/2023), các cấp bộ Đoàn trong tỉnh Nghệ An đã tổ chức hơn \
1.200 hoạt động tình nguyện, thu hút trên 45.000 lượt đoàn viên, thanh niên tham gia. Các \
cơ sở Đoàn đã làm mới, tu sửa 36,5 km đường giao thông nông thôn, trồng hai mươi nghìn cây \
xanh, đóng góp hơn 15.000 ngày công lao động. Ngày hội hiến máu "Giọt hồng xứ Nghệ" tiếp \
nhận 1.250 đơn vị máu. 12 đội thanh niên tình nguyện đã thực hiện trên 4.800 giờ tình \
nguyện tại các bệnh viện.
"""

SOURCE = Source(
    id="na-thang-thanh-nien-2023",
    title="Nghệ An: sôi nổi Tháng Thanh niên năm 2023",
    publisher="Tỉnh đoàn Nghệ An",
    date=pendulum.Date(2023, 4, 3),
)
ORGANISATIONS = (
    Organisation(id="td-nghe-an", name="Tỉnh đoàn Nghệ An", kind="mass-organisation", place="40"),
)
CATALOGUE = standard_catalogue().extended(
    Metric(
        code="volunteer.activities",
        name_vi="hoạt động tình nguyện",
        name_en="volunteer activities",
        unit="activity",
    ),
    Metric(
        code="volunteer.turns",
        name_vi="lượt đoàn viên tham gia",
        name_en="member turns",
        unit="turn",
    ),
    Metric(
        code="volunteer.squads",
        name_vi="đội thanh niên tình nguyện",
        name_en="volunteer squads",
        unit="squad",
    ),
    Metric(
        code="volunteer.hours", name_vi="giờ tình nguyện", name_en="volunteer hours", unit="hour"
    ),
    Metric(
        code="roads.built",
        name_vi="đường giao thông làm mới, tu sửa",
        name_en="roads built or repaired",
        unit="kilometre",
    ),
    Metric(
        code="trees.planted", name_vi="cây xanh trồng mới", name_en="trees planted", unit="tree"
    ),
    Metric(
        code="labour.days", name_vi="ngày công đóng góp", name_en="workdays given", unit="workday"
    ),
)
MARCH = parse_period("tháng 3/2023", as_of=SOURCE.date)
figure = functools.partial(
    Observation, source=SOURCE.id, place="40", organisation="td-nghe-an", period=MARCH
)

OBSERVATIONS = (
    figure(
        id="activities",
        metric="volunteer.activities",
        value=parse_quantity("hơn 1.200 hoạt động"),
        quote="hơn 1.200 hoạt động tình nguyện",
    ),
    figure(
        id="turns",
        metric="volunteer.turns",
        value=parse_quantity("trên 45.000 lượt đoàn viên"),
        quote="trên 45.000 lượt đoàn viên, thanh niên",
    ),
    figure(
        id="roads",
        metric="roads.built",
        value=parse_quantity("36,5 km"),
        quote="36,5 km đường giao thông nông thôn",
    ),
    figure(
        id="trees",
        metric="trees.planted",
        value=parse_quantity("hai mươi nghìn cây xanh"),
        quote="hai mươi nghìn cây xanh",
    ),
    figure(
        id="workdays",
        metric="labour.days",
        value=parse_quantity("hơn 15.000 ngày công lao động"),
        quote="hơn 15.000 ngày công lao động",
    ),
    figure(
        id="blood",
        metric="blood.units",
        value=parse_quantity("1.250 đơn vị máu"),
        quote="1.250 đơn vị máu",
    ),
    figure(
        id="squads",
        metric="volunteer.squads",
        value=parse_quantity("12 đội thanh niên tình nguyện"),
        quote="12 đội thanh niên tình nguyện",
    ),
    figure(
        id="hours",
        metric="volunteer.hours",
        value=parse_quantity("trên 4.800 giờ"),
        quote="trên 4.800 giờ tình nguyện",
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
    ({"metric": "trees.planted", "period": MARCH}, ("20.000 cây",)),
    ({"metric": "roads.built", "period": parse_period("2023")}, ("36,5 km",)),
    ({"metric": "volunteer.hours", "period": MARCH}, ("hơn 4.800 giờ",)),
)
"""Questions about the passage and the totals they must give."""
