"""An undated leaflet: a percentage that does not match its figures, and a figure of no time.

Written for danvan's tests, in the style of a district police leaflet; the figures are
invented and the flaws deliberate. "204/210 xã, đạt 100%" is 97 %, not 100 %
(`ratio-percent`); "đã vận động 35 đối tượng ra đầu thú", with no period in a leaflet
with no date, has nothing to bound when it happened (`period-not-stated`).
"""

from __future__ import annotations

import functools
from typing import Any

from danvan import (
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
Toàn tỉnh Ninh Bình đã bố trí Công an chính quy về 204/210 xã, đạt 100% trong năm \
2020. Lực lượng Công an đã vận động 35 đối tượng ra đầu thú.
"""

SOURCE = Source(
    id="ninh-binh-to-roi",
    title="Tờ rơi: Công an chính quy về xã",
    kind="other",
    publisher="Công an tỉnh Ninh Bình",
    note="a leaflet with no date",
)
ORGANISATIONS = (Organisation(id="ca-ninh-binh", name="Công an tỉnh Ninh Bình", kind="police"),)
CATALOGUE = standard_catalogue().extended(
    Metric(
        code="wanted.surrendered",
        name_vi="đối tượng ra đầu thú",
        name_en="wanted people who gave themselves up",
        unit="subject",
    ),
)
YEAR = parse_period("trong năm 2020")
figure = functools.partial(Observation, source=SOURCE.id, place="37", organisation="ca-ninh-binh")

OBSERVATIONS = (
    figure(
        id="coverage",
        metric="police.regular.coverage",
        value=parse_ratio("204/210 xã, đạt 100%"),
        period=YEAR,
        quote="204/210 xã, đạt 100%",
    ),
    figure(
        id="surrendered",
        metric="wanted.surrendered",
        value=parse_quantity("35 đối tượng"),
        period=None,
        quote="35 đối tượng ra đầu thú",
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


FINDINGS: tuple[tuple[str, str], ...] = (
    ("ratio-percent", "coverage"),
    ("period-not-stated", "surrendered"),
)
"""What validation finds: each flaw, once."""

TOTALS: tuple[tuple[dict[str, Any], tuple[str, ...]], ...] = (
    ({"metric": "police.regular.coverage", "period": YEAR}, ("204/210",)),
    ({"metric": "wanted.surrendered"}, ()),
)
"""Questions about the passage and the totals they must give."""
