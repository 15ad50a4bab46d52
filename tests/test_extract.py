"""`extract`: every figure of a report with a proposed metric, period, place and structure."""

from __future__ import annotations

import unicodedata

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from danvan import (
    Breakdown,
    Candidate,
    Extraction,
    FigureKind,
    InvalidValueError,
    Metric,
    Severity,
    Source,
    extract,
    standard_catalogue,
)

PUBLISHED = pendulum.Date(2022, 12, 20)


def one(text: str, figure: str, **kwargs: object) -> Candidate:
    """The candidate of ``text`` whose figure reads ``figure``."""
    found = extract(text, published=kwargs.pop("published", PUBLISHED), **kwargs)  # type: ignore[arg-type]  # keyword pass-through in tests
    matches = [c for c in found if c.text == figure]
    assert 1 == len(matches), [c.text for c in found]
    return matches[0]


def period(c: Candidate) -> str | None:
    return None if c.period is None else str(c.period.period)


# -- spans and text ---------------------------------------------------------------------------


def test_offsets_index_the_nfc_text_which_equals_nfc_input() -> None:
    """Text with combining marks is read in NFC: spans index `Extraction.text`."""
    text = unicodedata.normalize("NFD", "Năm 2022, thu hồi 153 khẩu súng.")
    found = extract(text, published=PUBLISHED, place="36")
    assert unicodedata.normalize("NFC", text) == found.text
    assert ["153 khẩu súng"] == [found.text[c.start : c.end] for c in found]


def test_candidates_keep_their_sentence_as_the_quote() -> None:
    """The quote is the whole sentence the figure stands in, single-spaced."""
    c = one("Mở đầu.  Năm 2022,   thu hồi 153 khẩu súng. Hết.", "153 khẩu súng", place="36")
    assert "Năm 2022, thu hồi 153 khẩu súng." == c.sentence


# -- periods ----------------------------------------------------------------------------------


def test_a_period_opening_a_sentence_holds_for_its_paragraph() -> None:
    """ "Năm 2022, ..." holds for the later sentences of its paragraph."""
    text = "Năm 2022, Công an tổ chức 5 buổi tuyên truyền. Nhân dân cung cấp 12 tin có giá trị."
    c = one(text, "12 tin có giá trị", place="36")
    assert ("2022", "paragraph") == (period(c), c.period.how if c.period else None)


def test_a_list_takes_the_period_of_its_introduction() -> None:
    """A line ending with ':' states the period of the list items below it."""
    text = (
        "Kết quả 6 tháng đầu năm 2023 như sau:\n- Tổ chức 5 buổi tuyên truyền;\n"
        "- Thu hồi 3 khẩu súng."
    )
    c = one(text, "3 khẩu súng", place="36")
    assert ("2023-H1", "list") == (period(c), c.period.how if c.period else None)


def test_a_heading_states_the_period_of_its_section_and_plans_are_targets() -> None:
    """ "II. PHƯƠNG HƯỚNG NĂM 2022" holds for its section; its figures are targets."""
    text = (
        "BÁO CÁO NĂM 2021\n\nI. KẾT QUẢ\nXây dựng 64 mô hình.\n\n"
        "II. PHƯƠNG HƯỚNG NĂM 2022\nXây dựng thêm 10 mô hình."
    )
    done, planned = one(text, "64 mô hình", place="360"), one(text, "10 mô hình", place="360")
    assert ("2021", "document", FigureKind.RESULT) == (
        period(done),
        done.period.how if done.period else None,
        done.kind,
    )
    assert ("2022", "section", FigureKind.TARGET) == (
        period(planned),
        planned.period.how if planned.period else None,
        planned.kind,
    )


def test_the_base_of_a_comparison_is_not_a_figures_period() -> None:
    """ "so với năm 2021" names the base: the change has no period, the level keeps 2022."""
    text = "Năm 2022 tiếp nhận 12 tin có giá trị, tăng 3 tin so với năm 2021."
    level, change = one(text, "12 tin có giá trị", place="36"), one(text, "3 tin", place="36")
    assert ("2022", FigureKind.RESULT) == (period(level), level.kind)
    assert (None, FigureKind.CHANGE) == (period(change), change.kind)


def test_up_to_a_day_is_a_stock_period_and_no_flow_period() -> None:
    """ "đến nay có 52 mô hình" is a stock at the day; tips "đến nay" have no start."""
    stock = one("Đến nay có 52 mô hình.", "52 mô hình", place="36")
    flow = one("Đến nay đã tiếp nhận 12 tin có giá trị.", "12 tin có giá trị", place="36")
    assert "2022-12-20" == period(stock)
    assert None is flow.period
    assert any("no stated start" in note for note in flow.notes)


def test_relative_periods_need_the_publication_day() -> None:
    """Without ``published``, "trong 5 năm qua" proposes no period."""
    text = "Trong 5 năm qua, nhân dân cung cấp 9.000 tin có giá trị."
    assert "2017/2021" == period(one(text, "9.000 tin có giá trị", place="36"))
    assert None is one(text, "9.000 tin có giá trị", place="36", published=None).period


def test_how_long_a_drive_ran_is_the_drive_the_text_names() -> None:
    """ "Qua 3 tháng triển khai" refers to the drive the lead dates, not 3 months back."""
    text = (
        "Từ ngày 15/3 đến 15/6/2023, Công an tỉnh mở đợt cao điểm.\n\n"
        "Qua 3 tháng triển khai, người dân giao nộp 215 khẩu súng."
    )
    c = one(text, "215 khẩu súng", place="22", published=pendulum.Date(2023, 6, 20))
    assert "2023-03-15/2023-06-15" == period(c)


# -- places -----------------------------------------------------------------------------------


def test_a_place_named_with_an_organisation() -> None:
    """ "Công an huyện Ý Yên" names the district and the organisation."""
    c = one("Năm 2021, Công an huyện Ý Yên tiếp nhận 12 tin có giá trị.", "12 tin có giá trị")
    assert c.place is not None
    assert ("360", "Công an huyện Ý Yên") == (c.place.code, c.place.organisation)


def test_the_unit_a_report_covers_comes_from_its_title() -> None:
    """The title's deepest unit is the report's: "toàn huyện" and unnamed figures are it."""
    text = (
        "CÔNG AN TỈNH NAM ĐỊNH\nCÔNG AN HUYỆN Ý YÊN\nBáo cáo năm 2021\n\nToàn huyện có 64 mô hình."
    )
    found = extract(text, published=PUBLISHED)
    assert found.place is not None
    assert "360" == found.place.code
    assert ["360"] == [c.place.code for c in found if c.place]


def test_the_communes_of_the_report_are_its_unit() -> None:
    """ "Công an các xã" in a provincial report: the province, the communes' police."""
    text = "Năm 2021, Công an các xã đã tiếp nhận 12 tin có giá trị."
    c = one(text, "12 tin có giá trị", place="36")
    assert c.place is not None
    assert ("36", "Công an các xã, tỉnh Nam Định") == (c.place.code, c.place.organisation)


def test_a_level_word_refers_to_the_unit_just_named() -> None:
    """ "Hội Cựu chiến binh xã" after "xã Yên Tiến, huyện Ý Yên" is that commune's."""
    text = (
        "Năm 2021, tại xã Yên Tiến, huyện Ý Yên, Công an phối hợp tổ chức 5 buổi tuyên truyền. "
        "Hội Cựu chiến binh xã vận động 20 hộ dân ký cam kết."
    )
    c = one(text, "20 hộ dân", place="360")
    assert c.place is not None
    assert "13861" == c.place.code


def test_places_resolve_as_of_the_figures_period() -> None:
    """A commune named after the 2025 reform resolves to the new unit for a 2025 figure."""
    text = "6 tháng cuối năm 2025, tại xã Hải Hậu, Công an xã tiếp nhận 12 tin có giá trị."
    c = one(text, "12 tin có giá trị", place="37", published=pendulum.Date(2025, 12, 26))
    assert c.place is not None
    assert "14215N" == c.place.code


def test_a_letterhead_settles_a_name_two_units_bear() -> None:
    """ "CÔNG AN HUYỆN CHỢ MỚI" under "CÔNG AN TỈNH AN GIANG" is An Giang's Chợ Mới (two
    provinces have a huyện Chợ Mới), in the title and in the body."""
    text = (
        "CÔNG AN TỈNH AN GIANG\nCÔNG AN HUYỆN CHỢ MỚI\nBáo cáo năm 2022\n\n"
        "Huyện Chợ Mới có 18 xã, thị trấn. Công an huyện tiếp nhận 856 tin có giá trị."
    )
    found = extract(text, published=PUBLISHED)
    assert found.place is not None
    assert ("893", ["893", "893"]) == (found.place.code, [c.place.code for c in found if c.place])


def test_where_a_clause_says_it_happened_is_the_place() -> None:
    """ "tại xã Kiến An" after the figure, in its clause, outranks "Công an huyện" before."""
    text = (
        "Năm 2022, Đoàn Thanh niên Công an huyện vận động 420 lượt đoàn viên hiến máu; "
        "trao 150 phần quà cho gia đình chính sách tại xã Kiến An."
    )
    found = extract(text, place="893", published=PUBLISHED)
    assert ["893", "30634"] == [c.place.code for c in found if c.place]


def test_a_figure_of_places_listed_together_is_the_unit_holding_them() -> None:
    """ "tại xã Tân Trào và xã Hợp Thành, thu hút 1.500 lượt người": huyện Sơn Dương."""
    text = (
        "Năm 2023, tổ chức buổi nói chuyện tại xã Tân Trào và xã Hợp Thành, "
        "thu hút khoảng 1.500 lượt người tham dự."
    )
    c = one(text, "khoảng 1.500 lượt người", place="08")
    assert c.place is not None
    assert "076" == c.place.code


def test_a_level_word_refers_to_a_unit_named_in_an_earlier_paragraph() -> None:
    """ "Thị trấn hiện có ..." after "tại thị trấn Hồ Xá" in the lead is Hồ Xá."""
    text = (
        "Năm 2024, tại thị trấn Hồ Xá, Công an huyện Vĩnh Linh tổ chức ngày hội.\n\n"
        "Thị trấn hiện có 5 mô hình tự quản."
    )
    c = one(text, "5 mô hình", place="464", published=pendulum.Date(2024, 8, 18))
    assert c.place is not None
    assert "19363" == c.place.code


def test_a_day_within_the_year_named_later_is_the_period() -> None:
    """ "Sáng 18/8/2024, ... Ngày hội ... năm 2024, thu hút 1.000 người": the day."""
    text = "Sáng 18/8/2024, Công an tổ chức Ngày hội năm 2024, thu hút hơn 1.000 người dân."
    c = one(text, "hơn 1.000 người dân", place="464", published=pendulum.Date(2024, 8, 18))
    assert "2024-08-18" == period(c)


def test_a_change_measures_no_metric() -> None:
    """ "tăng 112 tin so với năm 2021" is a change: no period, and not 112 tips."""
    c = one(
        "Năm 2022 cung cấp 856 tin có giá trị, tăng 112 tin so với năm 2021.",
        "112 tin",
        place="893",
    )
    assert (FigureKind.CHANGE, None, None) == (c.kind, c.metric, c.period)


def test_each_phase_of_a_sentence_is_its_figures_period() -> None:
    """ "Đợt 1 năm 2023 ... 45 buổi; đợt 2/2023 ... 38 buổi": each its own phase."""
    text = "Đợt 1 năm 2023 tổ chức 45 buổi; đợt 2/2023 tổ chức 38 buổi."
    found = extract(text, published=pendulum.Date(2023, 12, 25), place="42")
    assert ["2023 (đợt 1)", "2023 (đợt 2)"] == [period(c) for c in found]


def test_a_change_aimed_at_is_a_target_of_its_period() -> None:
    """ "phấn đấu tăng 10% số tin" in a section for 2023 is a target, with its period."""
    c = one("Năm 2023, phấn đấu tăng 10% số tin có giá trị.", "10%", place="893")
    assert (FigureKind.TARGET, "2023") == (c.kind, period(c))


def test_a_figure_in_an_event_with_its_year_has_the_event_as_period() -> None:
    """ "Trong dịp Tết Nguyên đán 2024, ... 146 lần": the year 2024, labelled with the event."""
    text = "Năm 2024, tuần tra 300 lần. Trong dịp Tết Nguyên đán 2024, tuần tra 146 lần."
    c = one(text, "146 lần", place="238", published=pendulum.Date(2024, 7, 5))
    assert "2024 (Tết Nguyên đán)" == period(c)


def test_a_clause_names_its_own_place() -> None:
    """ "... tại xã Thụy Hùng; ... ủng hộ Quỹ huyện 25 triệu đồng": the district's money."""
    text = (
        "Năm 2024, Công an huyện trao 200 suất quà tại xã Thụy Hùng; cán bộ, chiến sĩ "
        "ủng hộ Quỹ “Vì người nghèo” huyện 25 triệu đồng."
    )
    c = one(text, "25 triệu đồng", place="183", published=pendulum.Date(2024, 4, 5))
    assert c.place is not None
    assert "183" == c.place.code


def test_where_the_sentence_before_happened_holds_for_the_next() -> None:
    """ "tổ chức chương trình tại thị trấn Giồng Trôm. Chương trình tiếp nhận 476 đơn vị
    máu": the township, where the event the next sentence counts took place."""
    text = (
        "Ngày 8/1/2023, Huyện đoàn tổ chức chương trình hiến máu tại thị trấn Giồng Trôm. "
        "Chương trình tiếp nhận 476 đơn vị máu."
    )
    c = one(text, "476 đơn vị máu", place="834", published=pendulum.Date(2023, 1, 8))
    assert c.place is not None
    assert "28984" == c.place.code


def test_the_base_of_a_multiple_is_no_period_of_the_figure() -> None:
    """ "tiếp nhận 1.320 đơn vị máu, gấp 1,2 lần năm 2022" in a 2023 report: 2023."""
    text = (
        "Năm 2023, Huyện đoàn tổ chức ngày hội.\n\n"
        "Tiếp nhận 1.320 đơn vị máu, gấp 1,2 lần năm 2022."
    )
    c = one(text, "1.320 đơn vị máu", place="951", published=pendulum.Date(2023, 12, 20))
    assert "2023" == period(c)


def test_a_name_after_cua_is_whose_not_where() -> None:
    """ "Phường Hạc Thành ... sáp nhập 7 phường cũ của thành phố Thanh Hóa, có 84 tổ dân
    phố": the ward's, not the old city's (no longer in force)."""
    text = (
        "Phường Hạc Thành được thành lập từ ngày 01/7/2025 trên cơ sở sáp nhập 7 phường cũ "
        "của thành phố Thanh Hóa, có 84 tổ dân phố."
    )
    c = one(text, "84 tổ dân phố", published=pendulum.Date(2025, 10, 5))
    assert c.place is not None
    assert "14797N" == c.place.code


@pytest.mark.parametrize(
    ("text", "figure", "published", "code"),
    [
        (
            "Ngày 12/9/2025, Công an xã Tân Yên, tỉnh Bắc Ninh tiếp nhận 15 tin có giá trị.",
            "15 tin có giá trị",
            pendulum.Date(2025, 9, 20),
            "07339N",
        ),
        (
            "Năm 2024, huyện Tân Yên (tỉnh Bắc Giang) xây dựng 35 mô hình tự quản.",
            "35 mô hình",
            pendulum.Date(2025, 1, 10),
            "216",
        ),
    ],
)
def test_a_unit_named_with_the_units_above_it_is_the_place(
    text: str, figure: str, published: pendulum.Date, code: str
) -> None:
    """ "xã Tân Yên, tỉnh Bắc Ninh": the commune (the province only says where it lies)."""
    c = one(text, figure, published=published)
    assert c.place is not None
    assert code == c.place.code


def test_a_persons_name_is_no_place() -> None:
    """ "Hoàng Văn Lâm" holds the name of huyện Văn Lâm: not a place without its type word."""
    c = one(
        "Thượng tá Hoàng Văn Lâm cho biết, năm 2022 có 12 tin có giá trị.",
        "12 tin có giá trị",
        place="36",
    )
    assert c.place is not None
    assert ("36", "report") == (c.place.code, c.place.how)


def test_a_place_argument_that_names_no_unit_is_refused() -> None:
    """``place`` must name one unit of the gazetteer."""
    with pytest.raises(InvalidValueError, match="place"):
        extract("12 tin", place="huyện Không Có")


# -- metrics ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "figure", "metric"),
    [
        ("Người dân tự giao nộp 153 khẩu súng.", "153 khẩu súng", "surrendered.guns"),
        ("Quần chúng cung cấp 1.068 nguồn tin có giá trị.", "1.068 nguồn tin có giá trị", "tips"),
        ("Khen thưởng 15 tập thể, 42 cá nhân.", "15 tập thể", "commendations"),
        ("Có 33 cá nhân điển hình.", "33 cá nhân", "exemplars.individuals"),
        (
            "Vận động 2.100 lượt đoàn viên hiến máu tình nguyện.",
            "2.100 lượt đoàn viên",
            "blood.turns",
        ),
        ("Điều tra làm rõ 96 vụ án.", "96 vụ án", "crimes.solved"),
        ("Ủng hộ quỹ vì người nghèo 2,8 tỷ đồng.", "2,8 tỷ đồng", "charity.money"),
        ("Thu giữ 2.350 viên ma túy tổng hợp.", "2.350 viên", None),
        ("Trao 1.250 suất quà, trị giá 625 triệu đồng.", "625 triệu đồng", None),
        ("Mỗi suất quà gồm 10 kg gạo và 300 nghìn đồng.", "300 nghìn đồng", None),
        ("Mô hình “Camera an ninh” có 1.150 mắt camera.", "1.150 mắt camera", None),
        ("Tổ chức 2 đợt cao điểm vận động giao nộp vũ khí.", "2 đợt cao điểm", None),
        ("Tổ chức 126 buổi tuyên truyền.", "126 buổi tuyên truyền", None),
        ("Quỹ Hỗ trợ nông dân giải ngân 12,6 tỷ đồng cho hộ vay vốn.", "12,6 tỷ đồng", None),
    ],
)
def test_the_metric_follows_the_words_of_reports(
    text: str, figure: str, metric: str | None
) -> None:
    """A metric is proposed from the unit and the words around it, or none without them."""
    c = one(text, figure, place="36")
    assert metric == (None if c.metric is None else c.metric.code)


def test_a_metric_proposal_says_which_words_led_to_it() -> None:
    """The proposal lists the words it rests on and a score in (0, 1]."""
    c = one("Người dân tự giao nộp 153 khẩu súng.", "153 khẩu súng", place="36")
    assert c.metric is not None
    assert "súng" in c.metric.words
    assert any("giao nộp" in words for words in c.metric.words)
    assert 0 < c.metric.score <= 1


def test_a_metric_of_another_catalogue_is_known_by_its_name() -> None:
    """A metric with no cue words of its own is proposed from the words of its name."""
    sessions = Metric(
        code="propaganda.sessions",
        name_vi="buổi tuyên truyền pháp luật",
        name_en="sessions",
        unit="session",
    )
    catalogue = standard_catalogue().extended(sessions)
    text = "Tổ chức 126 buổi tuyên truyền pháp luật."
    c = one(text, "126 buổi tuyên truyền", place="36", catalogue=catalogue)
    assert "propaganda.sessions" == (None if c.metric is None else c.metric.code)


# -- structure --------------------------------------------------------------------------------


def test_items_of_a_list_share_a_group() -> None:
    """ "giao nộp 3 quả bom, 1 quả đạn pháo và 12 kíp nổ": one list."""
    found = extract("Năm 2021, giao nộp 3 quả bom, 1 quả đạn pháo và 12 kíp nổ.", place="36")
    assert 1 == len({c.group for c in found})
    assert found.candidates[0].group is not None


def test_parts_after_trong_do_and_gom() -> None:
    """ "trong đó" gives partial parts, "(gồm ...)" complete ones, ending at the bracket."""
    text = (
        "Năm 2021, có 426 mô hình, trong đó 158 mô hình kinh tế. Giao nộp 215 khẩu súng "
        "(gồm 18 súng quân dụng và 197 súng tự chế), 1.532 viên đạn."
    )
    found = extract(text, place="36", published=PUBLISHED)
    by_text = {c.text: c for c in found}
    assert (by_text["426 mô hình"].id, Breakdown.PARTIAL) == (
        by_text["158 mô hình"].whole,
        by_text["158 mô hình"].breakdown,
    )
    assert [by_text["215 khẩu súng"].id] * 2 == [
        by_text["18 súng"].whole,
        by_text["197 súng"].whole,
    ]
    assert Breakdown.COMPLETE == by_text["18 súng"].breakdown
    assert None is by_text["1.532 viên đạn"].whole


def test_a_headline_restates_its_body_figure_and_takes_its_period() -> None:
    """The title's "hơn 200 khẩu súng" restates the body's 215 and shares its period."""
    text = (
        "Quảng Ninh: người dân giao nộp hơn 200 khẩu súng\n\n"
        "Năm 2023, người dân giao nộp 215 khẩu súng."
    )
    found = extract(text, published=PUBLISHED)
    headline, body = found.candidates
    assert (body.id, True, "2023") == (headline.restates, headline.heading, period(headline))


def test_the_same_figure_twice_is_a_restatement() -> None:
    """A figure stated again later (same value, unit and metric) restates the first."""
    text = "Năm 2022, trao 1500 phần quà Tết. Như vậy, 1500 phần quà Tết đã đến tay hộ nghèo."
    first, again = extract(text, place="36", published=PUBLISHED).candidates
    assert first.id == again.restates


def test_a_target_is_not_a_result() -> None:
    """ "phấn đấu ... ít nhất 3 tỷ đồng" is a target."""
    c = one("Năm 2023 đơn vị phấn đấu vận động ít nhất 3 tỷ đồng.", "ít nhất 3 tỷ đồng", place="36")
    assert FigureKind.TARGET == c.kind


# -- to a dataset -----------------------------------------------------------------------------


SEED_LIKE = (
    "Công an tỉnh chú trọng công tác dân vận.\n\n"
    "Trong 5 năm qua, quần chúng nhân dân đã cung cấp gần 9.000 tin có giá trị; người dân "
    "tự giao nộp 3 quả bom, 31 lựu đạn, 1 lựu đạn.\n\nVận động hơn 3.100 lượt cán bộ, chiến sĩ "
    "tham gia hiến máu tình nguyện. Phấn đấu xây dựng thêm 10 mô hình."
)


def test_to_dataset_makes_observations_of_complete_proposals_only() -> None:
    """Complete results become observations with quote and source; the rest are listed."""
    found = extract(SEED_LIKE, published=pendulum.Date(2022, 2, 28), place="36")
    dataset = found.to_dataset()
    metrics = [o.metric for o in dataset.observations]
    assert ["tips", "surrendered.bombs", "surrendered.grenades", "surrendered.grenades"] == metrics
    assert {"report"} == {o.source for o in dataset.observations}
    assert dataset.observations[0].quote.startswith("Trong 5 năm qua")
    left = {c.text: why for c, why in found.unresolved()}
    assert "no period stated" == left["hơn 3.100 lượt cán bộ, chiến sĩ"]
    assert "a target, not a result" == left["10 mô hình"]


def test_list_items_of_one_metric_are_told_apart() -> None:
    """Two items of one list for one metric get distinct labels: they are added, not merged."""
    dataset = extract(SEED_LIKE, published=pendulum.Date(2022, 2, 28), place="36").to_dataset()
    grenades = [o for o in dataset.observations if o.metric == "surrendered.grenades"]
    assert 2 == len({o.disaggregation for o in grenades})
    assert all(o.disaggregation for o in grenades)


def test_parts_of_a_list_are_labelled_by_their_quoted_names() -> None:
    """Parts named in quotation marks ("Camera an ninh", “Dòng họ bình yên”) are labelled
    by the name, up to its closing mark, not by their candidate ids."""
    text = (
        'Năm 2023, toàn huyện có 27 mô hình, gồm 15 mô hình "Camera an ninh", 9 mô hình '
        '"Tổ tự quản" và 3 mô hình “Dòng họ bình yên”.'
    )
    dataset = extract(text, published=pendulum.Date(2024, 1, 5), place="36").to_dataset()
    labels = [o.disaggregation for o in dataset.observations if o.disaggregation]
    assert ["Camera an ninh", "Tổ tự quản", "Dòng họ bình yên"] == labels


def test_validation_then_shows_what_the_source_gets_wrong() -> None:
    """Parts that do not add up to their stated whole are a finding of the dataset."""
    text = (
        "Năm 2022, có 50 tập thể, cá nhân điển hình, gồm 20 tập thể điển hình "
        "và 25 cá nhân điển hình."
    )
    dataset = extract(text, place="36", published=PUBLISHED).to_dataset()
    report = dataset.validate()
    assert ["breakdown-mismatch"] == [f.code for f in report if f.severity is Severity.WARNING]


def test_to_dataset_takes_a_source_and_records_organisations() -> None:
    """A given source is cited; "Công an huyện Ý Yên" becomes an organisation record."""
    found = extract("Năm 2021, Công an huyện Ý Yên tiếp nhận 12 tin có giá trị.")
    source = Source(id="yy-2021", title="Báo cáo Công an huyện Ý Yên 2021")
    dataset = found.to_dataset(source=source)
    (observation,) = dataset.observations
    (organisation,) = dataset.organisations
    assert ("yy-2021", organisation.id, "360") == (
        observation.source,
        observation.organisation,
        organisation.place,
    )


def test_accepting_an_incomplete_candidate_is_refused() -> None:
    """``accept`` naming a figure without a period says why it cannot be taken."""
    found = extract("Tiếp nhận 12 tin có giá trị.", place="36")
    with pytest.raises(InvalidValueError, match="no period"):
        found.to_dataset(accept=[found.candidates[0].id])


def test_candidates_are_found_by_id() -> None:
    """``extraction[id]`` is the candidate; an unknown id says so."""
    found = extract("Năm 2021, thu hồi 5 khẩu súng.", place="36")
    assert "5 khẩu súng" == found["f1"].text
    with pytest.raises(LookupError):
        found["f9"]


@pytest.mark.parametrize(
    ("kwargs", "where"),
    [
        ({"text": 12}, "text"),
        ({"text": "x", "catalogue": "standard"}, "catalogue"),
        ({"text": "x", "gazetteer": "national"}, "gazetteer"),
        ({"text": "x", "calendar": "lunar"}, "calendar"),
        ({"text": "x", "published": "2022-02-28"}, "published"),
    ],
)
def test_bad_arguments_are_refused_by_name(kwargs: dict[str, object], where: str) -> None:
    """An argument of the wrong kind raises a danvan error naming it."""
    with pytest.raises(InvalidValueError) as info:
        extract(**kwargs)  # type: ignore[arg-type]  # deliberately bad arguments
    assert where == info.value.where


VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạầấẩẫậềếểễệòóỏõọồốổỗộờớởỡợùúủũụừứửữự"
WORDS = [
    "năm",
    "tháng",
    "huyện",
    "xã",
    "Công an",
    "trong đó",
    "gồm",
    "tin",
    "khẩu súng",
    "mỗi",
    "đến nay",
    "qua",
    "hơn",
    "gần",
    "%",
    "/",
    ":",
    "\n",
    "-",
    "Năm 2021,",
    "tỉnh",
]


@given(
    st.one_of(
        st.text(max_size=200),
        st.lists(
            st.one_of(
                st.sampled_from(WORDS),
                st.integers(0, 10_000).map(str),
                st.text(alphabet=VIETNAMESE + VIETNAMESE.upper(), min_size=1, max_size=6),
            ),
            max_size=40,
        ).map(" ".join),
    )
)
def test_extraction_never_raises(text: str) -> None:
    """Law: any string is read without an error, and every candidate indexes the text."""
    found = extract(text, published=PUBLISHED)
    assert isinstance(found, Extraction)
    assert all(found.text[c.start : c.end] == c.text for c in found)
