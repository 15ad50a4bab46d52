"""A district police report "from the start of the year to now", with a "gồm" list.

Written for danvan's tests in the style of a district police report; the figures are
invented. Shows: "từ đầu năm đến nay" read against the report's date, a day range ("từ
ngày 3 đến 7/9"), a month without its year ("tháng 9"), a "gồm" list recorded as labelled
parts of an unlabelled whole, "CBCS", "đầu đạn", a stock "tính đến ngày", and "100%"
stated without its figures (a stated rate).
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
    parse_ratio,
    standard_catalogue,
)

TEXT = """\
Từ đầu năm đến nay, Công an huyện Can Lộc đã phối hợp với các xã, thị trấn thành lập mới \
48 tổ tự quản về an ninh, trật tự, gồm 30 tổ an ninh xung kích, 12 tổ hòa giải và 6 tổ \
liên gia tự quản. Trong đợt cao điểm từ ngày 3 đến 7/9, lực lượng Công an đã tổ chức 26 \
buổi tuyên truyền lưu động tại các thôn, xóm. Riêng trong tháng 9, người dân đã giao nộp 5 \
khẩu súng tự chế, 1 quả đầu đạn và 14 vũ khí thô sơ. Tính đến ngày 30-9-2022, 100% xã, thị \
trấn trên địa bàn huyện đã bố trí Công an chính quy, với 96 CBCS.
"""

SOURCE = Source(
    id="can-loc-2022-10",
    title="Công an huyện Can Lộc: kết quả phong trào toàn dân bảo vệ an ninh Tổ quốc",
    kind="report",
    publisher="Công an huyện Can Lộc",
    date=pendulum.Date(2022, 10, 5),
)
ORGANISATIONS = (
    Organisation(id="ca-can-loc", name="Công an huyện Can Lộc", kind="police", place="443"),
)
CATALOGUE = standard_catalogue().extended(
    Metric(
        code="teams.formed", name_vi="tổ tự quản thành lập mới", name_en="teams formed", unit="team"
    ),
    Metric(code="outreach.sessions", name_vi="buổi tuyên truyền", name_en="talks", unit="session"),
)

SO_FAR = parse_period("Từ đầu năm đến nay", as_of=SOURCE.date)
DRIVE = parse_period("từ ngày 3 đến 7/9", as_of=SOURCE.date)
SEPTEMBER = parse_period("tháng 9", as_of=SOURCE.date)
AS_OF = parse_period("Tính đến ngày 30-9-2022", as_of=SOURCE.date)
figure = functools.partial(
    Observation, source=SOURCE.id, place="443", organisation="ca-can-loc", period=SO_FAR
)

OBSERVATIONS = (
    figure(
        id="teams",
        metric="teams.formed",
        value=parse_quantity("48 tổ tự quản"),
        quote="48 tổ tự quản",
    ),
    figure(
        id="teams-security",
        metric="teams.formed",
        value=parse_quantity("30 tổ an ninh xung kích"),
        quote="30 tổ an ninh xung kích",
        disaggregation="an ninh xung kích",
    ),
    figure(
        id="teams-mediation",
        metric="teams.formed",
        value=parse_quantity("12 tổ hòa giải"),
        quote="12 tổ hòa giải",
        disaggregation="hòa giải",
    ),
    figure(
        id="teams-households",
        metric="teams.formed",
        value=parse_quantity("6 tổ liên gia"),
        quote="6 tổ liên gia tự quản",
        disaggregation="liên gia tự quản",
    ),
    figure(
        id="talks",
        metric="outreach.sessions",
        value=parse_quantity("26 buổi"),
        period=DRIVE,
        quote="26 buổi tuyên truyền",
    ),
    figure(
        id="guns",
        metric="surrendered.guns",
        value=parse_quantity("5 khẩu súng"),
        period=SEPTEMBER,
        quote="5 khẩu súng tự chế",
    ),
    figure(
        id="warheads",
        metric="surrendered.warheads",
        value=parse_quantity("1 quả đầu đạn"),
        period=SEPTEMBER,
        quote="1 quả đầu đạn",
    ),
    figure(
        id="rudimentary",
        metric="surrendered.rudimentary_weapons",
        value=parse_quantity("14 vũ khí thô sơ"),
        period=SEPTEMBER,
        quote="14 vũ khí thô sơ",
    ),
    figure(
        id="coverage",
        metric="police.regular.coverage",
        value=parse_ratio("100% xã, thị trấn"),
        period=AS_OF,
        quote="100% xã, thị trấn",
    ),
    figure(
        id="officers",
        metric="police.regular.officers",
        value=parse_quantity("96 CBCS"),
        period=AS_OF,
        quote="96 CBCS",
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
    ({"metric": "teams.formed", "period": SO_FAR}, ("48 tổ",)),  # never 96
    ({"metric": "surrendered.guns", "period": SEPTEMBER}, ("5 khẩu",)),
    # "100%" without its figures: nothing to recompute a total from, listed apart.
    ({"metric": "police.regular.coverage", "period": AS_OF}, ()),
)
"""Questions about the passage and the totals they must give."""
