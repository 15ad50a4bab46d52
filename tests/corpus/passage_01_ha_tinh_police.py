"""A provincial police round-up of a half year: tips, propaganda, weapons handed in, models.

Written for danvan's tests in the style of a provincial police report; the figures are
invented. Shows: a headline restating a body figure, "6 tháng đầu năm" and "tính đến
ngày", a number in words ("hai nghìn"), kilograms under a metric kept in grams, and a
"trong đó" part labelled under its whole.
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
Hà Tĩnh: Hơn 2.100 tin có giá trị từ quần chúng nhân dân trong 6 tháng đầu năm

Trong 6 tháng đầu năm 2023, phong trào toàn dân bảo vệ an ninh Tổ quốc trên địa bàn tỉnh \
tiếp tục được đẩy mạnh. Quần chúng nhân dân đã cung cấp cho lực lượng Công an 2.136 tin có \
giá trị, giúp điều tra làm rõ 47 vụ án. Lực lượng Công an toàn tỉnh đã tổ chức 460 buổi \
tuyên truyền với hơn 38.000 lượt người tham dự, phát hai nghìn tờ rơi. Nhân dân đã tự \
nguyện giao nộp 23 khẩu súng các loại, 412 viên đạn, 7 quả lựu đạn và 2,3 kg thuốc nổ. \
Tính đến ngày 30-6-2023, toàn tỉnh có 1.824 mô hình tự quản về an ninh, trật tự, trong đó \
có 312 mô hình "Camera an ninh".
"""

SOURCE = Source(
    id="ht-2023-h1",
    title="Hà Tĩnh: Hơn 2.100 tin có giá trị từ quần chúng nhân dân trong 6 tháng đầu năm",
    publisher="Công an tỉnh Hà Tĩnh",
    date=pendulum.Date(2023, 7, 14),
)
ORGANISATIONS = (Organisation(id="ca-ha-tinh", name="Công an tỉnh Hà Tĩnh", kind="police"),)
CATALOGUE = standard_catalogue().extended(
    Metric(code="outreach.sessions", name_vi="buổi tuyên truyền", name_en="talks", unit="session"),
    Metric(
        code="outreach.attendance",
        name_vi="lượt người dự tuyên truyền",
        name_en="attendances at talks",
        unit="turn",
    ),
    Metric(code="outreach.leaflets", name_vi="tờ rơi", name_en="leaflets", unit="leaflet"),
)

HALF = parse_period("6 tháng đầu năm 2023", as_of=SOURCE.date)
AS_OF = parse_period("tính đến ngày 30-6-2023", as_of=SOURCE.date)
figure = functools.partial(Observation, source=SOURCE.id, place="42", organisation="ca-ha-tinh")

OBSERVATIONS = (
    figure(
        id="title-tips",
        metric="tips",
        value=parse_quantity("Hơn 2.100 tin"),
        period=HALF,
        quote="Hơn 2.100 tin có giá trị",
        role="headline",
    ),
    figure(
        id="tips", metric="tips", value=parse_quantity("2.136 tin"), period=HALF, quote="2.136 tin"
    ),
    figure(
        id="solved",
        metric="crimes.solved",
        value=parse_quantity("47 vụ án"),
        period=HALF,
        quote="làm rõ 47 vụ án",
    ),
    figure(
        id="sessions",
        metric="outreach.sessions",
        value=parse_quantity("460 buổi tuyên truyền"),
        period=HALF,
        quote="460 buổi tuyên truyền",
    ),
    figure(
        id="attendance",
        metric="outreach.attendance",
        value=parse_quantity("hơn 38.000 lượt người"),
        period=HALF,
        quote="hơn 38.000 lượt người tham dự",
    ),
    figure(
        id="leaflets",
        metric="outreach.leaflets",
        value=parse_quantity("hai nghìn tờ rơi"),
        period=HALF,
        quote="hai nghìn tờ rơi",
    ),
    figure(
        id="guns",
        metric="surrendered.guns",
        value=parse_quantity("23 khẩu súng"),
        period=HALF,
        quote="23 khẩu súng các loại",
    ),
    figure(
        id="rounds",
        metric="surrendered.rounds",
        value=parse_quantity("412 viên đạn"),
        period=HALF,
        quote="412 viên đạn",
    ),
    figure(
        id="grenades",
        metric="surrendered.grenades",
        value=parse_quantity("7 quả lựu đạn"),
        period=HALF,
        quote="7 quả lựu đạn",
    ),
    figure(
        id="explosive",
        metric="surrendered.explosive_mass",
        value=parse_quantity("2,3 kg"),
        period=HALF,
        quote="2,3 kg thuốc nổ",
    ),
    figure(
        id="models",
        metric="models",
        value=parse_quantity("1.824 mô hình"),
        period=AS_OF,
        quote="1.824 mô hình tự quản",
    ),
    figure(
        id="models-camera",
        metric="models",
        value=parse_quantity("312 mô hình"),
        period=AS_OF,
        quote='312 mô hình "Camera an ninh"',
        disaggregation="Camera an ninh",
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
    ({"metric": "tips", "period": HALF}, ("2.136 tin",)),  # the headline restates it
    ({"metric": "surrendered.explosive_mass", "period": HALF}, ("2.300,0 gam",)),
    ({"metric": "models", "period": AS_OF}, ("1.824 mô hình",)),  # the part is inside
)
"""Questions about the passage and the totals they must give."""
