"""A commune Veterans' Association: figures with no period, and words of its own.

Written for danvan's tests in the style of a commune association's report; the figures
are invented. Shows: figures the source gives no period for ("những năm qua", or nothing),
held as not stated and bounded by the report's date; a stock "hiện có" (as of the report);
two counting words registered by the user ("chốt", "nhà đồng đội").
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
    Period,
    Source,
    Unit,
    national_gazetteer,
    parse_period,
    parse_quantity,
    standard_catalogue,
)

TEXT = """\
Hội Cựu chiến binh xã Hồng Thủy hiện có 246 hội viên, sinh hoạt ở 9 chi hội. Những năm qua, \
Hội đã vận động được 120 hộ gia đình hội viên hiến đất mở rộng đường làng, xây dựng 2 nhà \
đồng đội cho hội viên khó khăn. Trong năm 2022, Hội phối hợp với Công an xã duy trì 14 chốt \
tự quản về an ninh, trật tự; tổ chức 24 buổi tuần tra đêm.
"""

SOURCE = Source(
    id="hong-thuy-ccb-2022",
    title="Hội Cựu chiến binh xã Hồng Thủy: báo cáo tổng kết năm 2022",
    kind="report",
    publisher="Hội Cựu chiến binh xã Hồng Thủy",
    date=pendulum.Date(2022, 12, 20),
)
ORGANISATIONS = (
    Organisation(
        id="ccb-hong-thuy", name="Hội CCB xã Hồng Thủy", kind="mass-organisation", place="19252"
    ),
)
CHECKPOINT = Unit(
    code="checkpoint",
    dimension="items",
    vi="chốt",
    en="checkpoint",
    en_plural="checkpoints",
    aliases=("chốt tự quản",),
    counts="places",
)
COMRADE_HOUSE = Unit(
    code="comrade_house",
    dimension="items",
    vi="nhà đồng đội",
    en="house for a comrade",
    en_plural="houses for comrades",
)
CATALOGUE = (
    standard_catalogue()
    .with_units(CHECKPOINT, COMRADE_HOUSE)
    .extended(
        Metric(
            code="association.members",
            name_vi="hội viên",
            name_en="members",
            unit="association_member",
            aggregation=Aggregation.STOCK,
        ),
        Metric(
            code="association.branches",
            name_vi="chi hội",
            name_en="branches",
            unit="branch",
            aggregation=Aggregation.STOCK,
        ),
        Metric(
            code="households.land",
            name_vi="hộ hiến đất",
            name_en="households that gave land",
            unit="household",
        ),
        Metric(
            code="houses.comrades",
            name_vi="nhà đồng đội",
            name_en="houses for comrades",
            unit=COMRADE_HOUSE,
        ),
        Metric(
            code="checkpoints",
            name_vi="chốt tự quản",
            name_en="self-managed checkpoints",
            unit=CHECKPOINT,
            aggregation=Aggregation.STOCK,
        ),
        Metric(code="patrol.sessions", name_vi="buổi tuần tra", name_en="patrols", unit="session"),
    )
)
VOCABULARY = CATALOGUE.vocabulary
NOW = Period.day(pendulum.Date(2022, 12, 20))  # "hiện có": as of the report
YEAR = parse_period("Trong năm 2022", as_of=SOURCE.date)
figure = functools.partial(
    Observation, source=SOURCE.id, place="19252", organisation="ccb-hong-thuy"
)

OBSERVATIONS = (
    figure(
        id="members",
        metric="association.members",
        value=parse_quantity("246 hội viên"),
        period=NOW,
        quote="hiện có 246 hội viên",
        note="'hiện có': as of the report's date",
    ),
    figure(
        id="branches",
        metric="association.branches",
        value=parse_quantity("9 chi hội"),
        period=NOW,
        quote="9 chi hội",
    ),
    figure(
        id="households",
        metric="households.land",
        value=parse_quantity("120 hộ gia đình"),
        period=None,  # "những năm qua": no period stated
        quote="120 hộ gia đình hội viên hiến đất",
    ),
    figure(
        id="houses",
        metric="houses.comrades",
        value=parse_quantity("2 nhà đồng đội", vocabulary=VOCABULARY),
        period=None,
        quote="2 nhà đồng đội",
    ),
    figure(
        id="checkpoints",
        metric="checkpoints",
        value=parse_quantity("14 chốt tự quản", vocabulary=VOCABULARY),
        period=YEAR,
        quote="14 chốt tự quản",
    ),
    figure(
        id="patrols",
        metric="patrol.sessions",
        value=parse_quantity("24 buổi"),
        period=YEAR,
        quote="24 buổi tuần tra đêm",
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
"""What validation finds: nothing, the source being consistent (and dated)."""

TOTALS: tuple[tuple[dict[str, Any], tuple[str, ...]], ...] = (
    # No period stated: in no total, not even all time (listed as left out).
    ({"metric": "households.land"}, ()),
    ({"metric": "association.members", "period": NOW}, ("246 hội viên",)),
    ({"metric": "checkpoints", "period": YEAR}, ("14 chốt",)),
)
"""Questions about the passage and the totals they must give."""
