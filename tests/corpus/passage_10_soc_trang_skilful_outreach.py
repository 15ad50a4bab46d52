"""A Party mobilisation board's year of "Dân vận khéo" models, by organisation.

Written for danvan's tests in the style of a provincial Party mobilisation board's
review; the figures are invented. Shows: the province's total naming no organisation,
and two organisations' shares "trong đó" (the whole counts once; the shares add up
within it), a headline restating the total, dialogues counted in "cuộc", organisations
counted as "cơ quan, đơn vị", and "85% hộ dân" stated against its base.
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
    parse_ratio,
    standard_catalogue,
)

TEXT = """\
Sóc Trăng: 1.326 mô hình "Dân vận khéo" được công nhận trong năm 2022

Năm 2022, toàn tỉnh có 1.326 mô hình "Dân vận khéo" được công nhận, trong đó Hội Liên hiệp \
Phụ nữ tỉnh xây dựng 412 mô hình, Hội Nông dân tỉnh 385 mô hình. Khối dân vận các cấp đã tổ \
chức 312 cuộc tiếp xúc, đối thoại với nhân dân; 15 cơ quan, đơn vị ký kết quy chế phối hợp \
thực hiện công tác dân vận. Có 85% hộ dân ở các ấp, khóm đăng ký thực hiện các mô hình.
"""

SOURCE = Source(
    id="soc-trang-dvk-2022",
    title='Sóc Trăng: 1.326 mô hình "Dân vận khéo" được công nhận trong năm 2022',
    publisher="Ban Dân vận Tỉnh ủy Sóc Trăng",
    date=pendulum.Date(2023, 1, 5),
)
ORGANISATIONS = (
    Organisation(id="bdv-st", name="Ban Dân vận Tỉnh ủy Sóc Trăng", kind="party-board", place="94"),
    Organisation(id="hpn-st", name="Hội LHPN tỉnh Sóc Trăng", kind="mass-organisation", place="94"),
    Organisation(
        id="hnd-st", name="Hội Nông dân tỉnh Sóc Trăng", kind="mass-organisation", place="94"
    ),
)
CATALOGUE = standard_catalogue().extended(
    Metric(
        code="skilful.models",
        name_vi='mô hình "Dân vận khéo" được công nhận',
        name_en='"skilful outreach" models recognised',
        unit="model",
    ),
    Metric(
        code="dialogues",
        name_vi="cuộc tiếp xúc, đối thoại",
        name_en="dialogues with the people",
        unit="meeting",
    ),
    Metric(
        code="coordination.partners",
        name_vi="cơ quan, đơn vị ký kết phối hợp",
        name_en="partner organisations",
        unit="organisation",
    ),
    Metric(
        code="skilful.households",
        name_vi="hộ dân đăng ký mô hình",
        name_en="households signed up",
        unit="household",
        aggregation=Aggregation.STOCK,
    ),
)
YEAR = parse_period("Năm 2022", as_of=SOURCE.date)
figure = functools.partial(Observation, source=SOURCE.id, place="94", period=YEAR)

OBSERVATIONS = (
    figure(
        id="title",
        metric="skilful.models",
        value=parse_quantity("1.326 mô hình"),
        quote='1.326 mô hình "Dân vận khéo" được công nhận trong năm 2022',
        role="headline",
    ),
    figure(
        id="models",
        metric="skilful.models",
        value=parse_quantity("1.326 mô hình"),
        quote='toàn tỉnh có 1.326 mô hình "Dân vận khéo"',
    ),
    figure(
        id="models-women",
        metric="skilful.models",
        value=parse_quantity("412 mô hình"),
        organisation="hpn-st",
        quote="412 mô hình",
    ),
    figure(
        id="models-farmers",
        metric="skilful.models",
        value=parse_quantity("385 mô hình"),
        organisation="hnd-st",
        quote="385 mô hình",
    ),
    figure(
        id="dialogues",
        metric="dialogues",
        value=parse_quantity("312 cuộc"),
        organisation="bdv-st",
        quote="312 cuộc tiếp xúc, đối thoại",
    ),
    figure(
        id="partners",
        metric="coordination.partners",
        value=parse_quantity("15 cơ quan, đơn vị"),
        quote="15 cơ quan, đơn vị",
    ),
    figure(
        id="households",
        metric="skilful.households",
        value=parse_ratio("85% hộ dân"),
        quote="85% hộ dân",
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
    # The province's 1.326 holds the unions' 412 and 385: counted once, never 2.123.
    ({"metric": "skilful.models", "period": YEAR}, ("1.326 mô hình",)),
    (
        {"metric": "skilful.models", "period": YEAR, "by": "organisation"},
        ("385 mô hình", "412 mô hình"),
    ),
    ({"metric": "skilful.households", "period": YEAR}, ()),  # a stated rate, listed apart
)
"""Questions about the passage and the totals they must give."""
