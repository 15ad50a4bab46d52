"""A provincial Farmers' Union in a pandemic quarter: a named phase, a counting word of its own.

Written for danvan's tests in the style of a provincial Farmers' Union report; the
figures are invented. Shows: "quý III/2021", a named phase with unknown exact dates
("đợt 2/2021"), "qua 3 tháng triển khai", tonnes, a counting word the built-in
vocabulary lacks ("tổ hội", registered with `Catalogue.with_units`), and a percentage
stated with no period at all ("khoảng 40% số hội viên").
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
    Unit,
    national_gazetteer,
    parse_period,
    parse_quantity,
    parse_ratio,
    standard_catalogue,
)

TEXT = """\
Trong quý III/2021, các cấp Hội Nông dân tỉnh Đắk Lắk đã vận động hội viên ủng hộ 326 tấn \
nông sản cho các tỉnh phía Nam phòng, chống dịch COVID-19. Trong đợt 2/2021 của chương \
trình "Nông dân chung tay phòng, chống dịch", Hội đã tiếp nhận và trao 4.600 phần quà. Qua \
3 tháng triển khai, mô hình "Tổ hội nông dân tự quản về an ninh, trật tự" đã thu hút 1.340 \
hội viên tham gia, với 52 tổ hội được thành lập. Khoảng 40% số hội viên trong tỉnh đã đăng \
ký tham gia các tổ tuần tra.
"""

SOURCE = Source(
    id="dak-lak-2021-q3",
    title="Hội Nông dân Đắk Lắk chung tay phòng, chống dịch",
    publisher="Hội Nông dân tỉnh Đắk Lắk",
    date=pendulum.Date(2021, 10, 8),
)
ORGANISATIONS = (
    Organisation(id="hnd-dak-lak", name="Hội Nông dân tỉnh Đắk Lắk", kind="mass-organisation"),
)
# "Tổ hội" (a union's cell) is not a built-in counting word: register it once, with what
# it counts, and the catalogue's vocabulary reads it (and files carry it).
TO_HOI = Unit(
    code="union_cell",
    dimension="items",
    vi="tổ hội",
    en="union cell",
    en_plural="union cells",
    counts="groups",
)
CATALOGUE = (
    standard_catalogue()
    .with_units(TO_HOI)
    .extended(
        Metric(
            code="charity.produce", name_vi="nông sản ủng hộ", name_en="produce given", unit="tonne"
        ),
        Metric(
            code="model.members",
            name_vi="hội viên tham gia mô hình",
            name_en="members in the model",
            unit="association_member",
            aggregation=Aggregation.STOCK,
        ),
        Metric(
            code="model.cells",
            name_vi="tổ hội tự quản",
            name_en="self-managed union cells",
            unit=TO_HOI,
            aggregation=Aggregation.STOCK,
        ),
        Metric(
            code="patrol.members",
            name_vi="hội viên tham gia tuần tra",
            name_en="members on patrol",
            unit="association_member",
            aggregation=Aggregation.STOCK,
        ),
    )
)
VOCABULARY = CATALOGUE.vocabulary
QUARTER = parse_period("Trong quý III/2021", as_of=SOURCE.date)
PHASE = parse_period("Trong đợt 2/2021", as_of=SOURCE.date)
THREE_MONTHS = parse_period("Qua 3 tháng triển khai", as_of=SOURCE.date)
figure = functools.partial(Observation, source=SOURCE.id, place="66", organisation="hnd-dak-lak")

OBSERVATIONS = (
    figure(
        id="produce",
        metric="charity.produce",
        value=parse_quantity("326 tấn"),
        period=QUARTER,
        quote="326 tấn nông sản",
    ),
    figure(
        id="gifts",
        metric="charity.gifts",
        value=parse_quantity("4.600 phần quà"),
        period=PHASE,
        quote="4.600 phần quà",
    ),
    figure(
        id="members",
        metric="model.members",
        value=parse_quantity("1.340 hội viên", vocabulary=VOCABULARY),
        period=THREE_MONTHS,
        quote="1.340 hội viên",
    ),
    figure(
        id="cells",
        metric="model.cells",
        value=parse_quantity("52 tổ hội", vocabulary=VOCABULARY),
        period=THREE_MONTHS,
        quote="52 tổ hội",
    ),
    figure(
        id="patrol-share",
        metric="patrol.members",
        value=parse_ratio("Khoảng 40% số hội viên"),
        period=None,  # the report does not say when
        quote="Khoảng 40% số hội viên",
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
    ({"metric": "charity.produce", "period": parse_period("2021")}, ("326 tấn",)),
    # A phase of 2021 lies within 2021; its exact dates are unknown, so it is in no quarter.
    ({"metric": "charity.gifts", "period": parse_period("2021")}, ("4.600 suất quà",)),
    ({"metric": "model.cells", "period": THREE_MONTHS}, ("52 tổ hội",)),
)
"""Questions about the passage and the totals they must give."""
