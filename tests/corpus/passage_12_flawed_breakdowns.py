"""A report whose parts overrun their wholes: a "gồm" list, and organisations' shares.

Written for danvan's tests, in the style of a provincial mobilisation report; the
figures are invented and the flaws deliberate. "48 tổ, gồm 30 + 15 + 6" lists 51 teams
under 48; "700 mô hình, trong đó Hội LHPN 412, Hội Nông dân 385" gives the two unions 797
of the province's 700. Each is `part-exceeds-whole`; the totals still count each whole
once, and say the parts do not fit.
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
Năm 2021, toàn tỉnh Hải Dương thành lập mới 48 tổ tự quản, gồm 30 tổ an ninh xung kích, 15 \
tổ hòa giải và 6 tổ liên gia. Toàn tỉnh có 700 mô hình "Dân vận khéo" được công nhận, trong \
đó Hội Liên hiệp Phụ nữ tỉnh 412 mô hình, Hội Nông dân tỉnh 385 mô hình.
"""

SOURCE = Source(
    id="hai-duong-2021",
    title="Hải Dương: kết quả công tác dân vận năm 2021",
    kind="report",
    publisher="Ban Dân vận Tỉnh ủy Hải Dương",
    date=pendulum.Date(2022, 1, 10),
)
ORGANISATIONS = (
    Organisation(id="hpn-hd", name="Hội LHPN tỉnh Hải Dương", kind="mass-organisation"),
    Organisation(id="hnd-hd", name="Hội Nông dân tỉnh Hải Dương", kind="mass-organisation"),
)
CATALOGUE = standard_catalogue().extended(
    Metric(
        code="teams.formed", name_vi="tổ tự quản thành lập mới", name_en="teams formed", unit="team"
    ),
    Metric(
        code="skilful.models",
        name_vi='mô hình "Dân vận khéo" được công nhận',
        name_en='"skilful outreach" models recognised',
        unit="model",
    ),
)
YEAR = parse_period("Năm 2021", as_of=SOURCE.date)
figure = functools.partial(Observation, source=SOURCE.id, place="30", period=YEAR)

OBSERVATIONS = (
    figure(
        id="teams",
        metric="teams.formed",
        value=parse_quantity("48 tổ tự quản"),
        quote="48 tổ tự quản",
    ),
    *(
        figure(
            id=f"teams-{n}",
            metric="teams.formed",
            value=parse_quantity(text),
            quote=text,
            disaggregation=label,
        )
        for n, (text, label) in enumerate(
            [
                ("30 tổ an ninh xung kích", "an ninh xung kích"),
                ("15 tổ hòa giải", "hòa giải"),
                ("6 tổ liên gia", "liên gia"),
            ],
            start=1,
        )
    ),
    figure(
        id="models",
        metric="skilful.models",
        value=parse_quantity("700 mô hình"),
        quote='700 mô hình "Dân vận khéo"',
    ),
    figure(
        id="models-women",
        metric="skilful.models",
        value=parse_quantity("412 mô hình"),
        organisation="hpn-hd",
        quote="412 mô hình",
    ),
    figure(
        id="models-farmers",
        metric="skilful.models",
        value=parse_quantity("385 mô hình"),
        organisation="hnd-hd",
        quote="385 mô hình",
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
    ("part-exceeds-whole", "models"),  # 412 + 385 of 700
    ("part-exceeds-whole", "teams"),  # 30 + 15 + 6 of 48
)
"""What validation finds: each flaw, once."""

TOTALS: tuple[tuple[dict[str, Any], tuple[str, ...]], ...] = (
    ({"metric": "teams.formed", "period": YEAR}, ("48 tổ",)),
    ({"metric": "skilful.models", "period": YEAR}, ("700 mô hình",)),
)
"""Questions about the passage and the totals they must give."""
