"""A provincial police's five-year review: one figure stated three times, a "gồm" list.

Written for danvan's tests in the style of a provincial police review; the figures are
invented. Shows: a headline and a lead (sa-pô) restating a body figure (`Role`), the
period "giai đoạn 2018-2022", a complete breakdown ("651 tập thể, cá nhân, gồm 215 tập
thể và 436 cá nhân"), an order of magnitude ("hàng chục nghìn lượt"), "đơn vị" counting
organisations, and classes ("lớp").
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
    Role,
    Source,
    national_gazetteer,
    parse_period,
    parse_quantity,
    standard_catalogue,
)

TEXT = """\
Quảng Ngãi: Vận động hơn 1.100 đối tượng truy nã ra đầu thú

Giai đoạn 2018-2022, lực lượng Công an tỉnh đã phối hợp với cấp ủy, chính quyền và gia \
đình vận động 1.126 đối tượng truy nã, đối tượng phạm tội ra đầu thú.

Trong giai đoạn 2018-2022, phong trào toàn dân bảo vệ an ninh Tổ quốc có bước phát triển \
mới. Lực lượng Công an đã mở 24 lớp tập huấn nghiệp vụ cho lực lượng nòng cốt ở cơ sở; hàng \
chục nghìn lượt người dân tham gia tuần tra, canh gác. Đáng chú ý, đã vận động 1.126 đối \
tượng ra đầu thú. Có 48 cơ quan, đơn vị ký kết quy chế phối hợp với lực lượng Công an. Toàn \
tỉnh đã biểu dương, khen thưởng 651 tập thể, cá nhân, gồm 215 tập thể và 436 cá nhân có \
thành tích xuất sắc.
"""

SOURCE = Source(
    id="qng-2018-2022",
    title="Quảng Ngãi: Vận động hơn 1.100 đối tượng truy nã ra đầu thú",
    publisher="Báo Quảng Ngãi",
    date=pendulum.Date(2023, 1, 12),
)
ORGANISATIONS = (Organisation(id="ca-qng", name="Công an tỉnh Quảng Ngãi", kind="police"),)
CATALOGUE = standard_catalogue().extended(
    Metric(
        code="wanted.surrendered",
        name_vi="đối tượng ra đầu thú",
        name_en="wanted people who gave themselves up",
        unit="subject",
    ),
    Metric(
        code="training.classes", name_vi="lớp tập huấn", name_en="training classes", unit="class"
    ),
    Metric(
        code="patrol.turns", name_vi="lượt người dân tuần tra", name_en="patrol turns", unit="turn"
    ),
    Metric(
        code="coordination.partners",
        name_vi="cơ quan, đơn vị ký kết phối hợp",
        name_en="partner organisations",
        unit="organisation",
    ),
)
REVIEW = parse_period("Giai đoạn 2018-2022", as_of=SOURCE.date)
figure = functools.partial(
    Observation, source=SOURCE.id, place="51", organisation="ca-qng", period=REVIEW
)

OBSERVATIONS = (
    figure(
        id="title",
        metric="wanted.surrendered",
        value=parse_quantity("hơn 1.100 đối tượng"),
        quote="hơn 1.100 đối tượng",
        role=Role.HEADLINE,
    ),
    figure(
        id="lead",
        metric="wanted.surrendered",
        value=parse_quantity("1.126 đối tượng"),
        quote="1.126 đối tượng truy nã, đối tượng phạm tội",
        role=Role.SUMMARY,
    ),
    figure(
        id="classes",
        metric="training.classes",
        value=parse_quantity("24 lớp tập huấn"),
        quote="24 lớp tập huấn",
    ),
    figure(
        id="patrols",
        metric="patrol.turns",
        value=parse_quantity("hàng chục nghìn lượt người dân"),
        quote="hàng chục nghìn lượt người dân",
        organisation=None,  # the people's turns, not the police's
    ),
    figure(
        id="surrendered",
        metric="wanted.surrendered",
        value=parse_quantity("1.126 đối tượng"),
        quote="1.126 đối tượng ra đầu thú",
    ),
    figure(
        id="partners",
        metric="coordination.partners",
        value=parse_quantity("48 cơ quan, đơn vị"),
        quote="48 cơ quan, đơn vị",
    ),
    figure(
        id="exemplars",
        metric="exemplars",
        value=parse_quantity("651 tập thể, cá nhân"),
        quote="651 tập thể, cá nhân",
        organisation=None,  # the province's awards
    ),
    figure(
        id="collectives",
        metric="exemplars.collectives",
        value=parse_quantity("215 tập thể"),
        quote="215 tập thể",
        organisation=None,
    ),
    figure(
        id="individuals",
        metric="exemplars.individuals",
        value=parse_quantity("436 cá nhân"),
        quote="436 cá nhân",
        organisation=None,
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
    # Stated three times, counted once.
    ({"metric": "wanted.surrendered", "period": REVIEW}, ("1.126 đối tượng",)),
    # A complete "gồm" breakdown: the parts are used, and they agree with the whole.
    ({"metric": "exemplars", "period": REVIEW}, ("651 tập thể, cá nhân",)),
    ({"metric": "patrol.turns", "period": REVIEW}, ("hàng chục nghìn lượt",)),
)
"""Questions about the passage and the totals they must give."""
