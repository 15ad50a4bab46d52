"""A report that does not agree with itself: its headline, and a list naming guns twice.

Written for danvan's tests, in the style of a provincial police item; the figures are
invented and the flaws deliberate. The headline's "hơn 2.500 tin" cannot be the body's
2.136 (`conflicting-observations`); the lead's "hơn 2.100" can, and says nothing. The
list of items handed in names "5 khẩu súng" twice: one figure of one thing listed twice
(`repeated-in-source`), while "5 quả lựu đạn" beside it is another thing, and no repeat.
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
Thái Bình: Hơn 2.500 tin có giá trị giúp phá nhiều vụ án

Năm 2022, quần chúng nhân dân đã cung cấp hơn 2.100 tin có giá trị cho lực lượng Công an.

Cụ thể, trong năm 2022, Công an tỉnh Thái Bình đã tiếp nhận 2.136 tin có giá trị từ quần \
chúng nhân dân. Nhân dân đã tự nguyện giao nộp 5 khẩu súng, 5 quả lựu đạn, 86 viên đạn và \
5 khẩu súng các loại.
"""

SOURCE = Source(
    id="thai-binh-2022",
    title="Thái Bình: Hơn 2.500 tin có giá trị giúp phá nhiều vụ án",
    publisher="Báo Thái Bình",
    date=pendulum.Date(2023, 1, 16),
)
ORGANISATIONS = (Organisation(id="ca-thai-binh", name="Công an tỉnh Thái Bình", kind="police"),)
YEAR = parse_period("năm 2022", as_of=SOURCE.date)
figure = functools.partial(
    Observation, source=SOURCE.id, place="34", organisation="ca-thai-binh", period=YEAR
)

OBSERVATIONS = (
    figure(
        id="title",
        metric="tips",
        value=parse_quantity("Hơn 2.500 tin"),
        quote="Hơn 2.500 tin có giá trị",
        role="headline",
    ),
    figure(
        id="lead",
        metric="tips",
        value=parse_quantity("hơn 2.100 tin"),
        quote="hơn 2.100 tin có giá trị",
        role="summary",
    ),
    figure(
        id="tips", metric="tips", value=parse_quantity("2.136 tin"), quote="2.136 tin có giá trị"
    ),
    figure(
        id="guns",
        metric="surrendered.guns",
        value=parse_quantity("5 khẩu súng"),
        quote="5 khẩu súng",
    ),
    figure(
        id="grenades",
        metric="surrendered.grenades",
        value=parse_quantity("5 quả lựu đạn"),
        quote="5 quả lựu đạn",
    ),
    figure(
        id="rounds",
        metric="surrendered.rounds",
        value=parse_quantity("86 viên đạn"),
        quote="86 viên đạn",
    ),
    figure(
        id="guns-again",
        metric="surrendered.guns",
        value=parse_quantity("5 khẩu súng"),
        quote="5 khẩu súng các loại",
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


FINDINGS: tuple[tuple[str, str], ...] = (
    ("conflicting-observations", "tips"),  # the headline's "hơn 2.500" against 2.136
    ("repeated-in-source", "guns-again"),
)
"""What validation finds: each flaw, once."""

TOTALS: tuple[tuple[dict[str, Any], tuple[str, ...]], ...] = (
    ({"metric": "tips", "period": YEAR}, ("2.136 tin",)),  # the most precise statement
    ({"metric": "surrendered.guns", "period": YEAR}, ("5 khẩu",)),  # one figure, once
)
"""Questions about the passage and the totals they must give."""
