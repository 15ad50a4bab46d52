"""Figures in running text: found with their exact span and value, and only figures."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from danvan import ParseError, Qualifier, Quantity, Ratio, format_quantity, parse_quantity
from danvan._figure_text import find_figures
from danvan._period_text import period_mentions
from danvan.strategies import quantities


def found(text: str) -> list[tuple[str, str]]:
    """The figures of ``text`` as (span, value) pairs, periods skipped as `extract` does."""
    skip = [(m.start, m.end) for m in period_mentions(text)]
    return [(text[f.start : f.end], str(f.value)) for f in find_figures(text, skip=skip)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cung cấp gần 9.000 tin có giá trị cho", [("gần 9.000 tin có giá trị", "gần 9.000 tin")]),
        (
            "giao nộp 3 quả bom, 1 quả đạn pháo, 31 lựu đạn, 180 gam thuốc nổ",
            [
                ("3 quả bom", "3 quả"),
                ("1 quả đạn pháo", "1 quả"),
                ("31 lựu đạn", "31 quả"),
                ("180 gam", "180 gam"),
            ],
        ),
        (
            "vận động hơn 3.100 lượt cán bộ, chiến sĩ, đoàn viên",
            [("hơn 3.100 lượt cán bộ, chiến sĩ", "hơn 3.100 lượt")],
        ),
        ("ủng hộ được hơn 2,6 tỷ đồng;", [("hơn 2,6 tỷ đồng", "hơn 2.600.000.000 đồng")]),
        ("thu giữ 180g, hiến 50ha đất", [("180g", "180 gam"), ("50ha", "50 ha")]),
        (
            "tặng cho sáu tập thể và năm cá nhân",
            [("sáu tập thể", "6 tập thể"), ("năm cá nhân", "5 cá nhân")],
        ),
        ("hai mươi mốt cá nhân", [("hai mươi mốt cá nhân", "21 cá nhân")]),
        (
            "Hàng chục nghìn lượt người dân",
            [("Hàng chục nghìn lượt người dân", "hàng chục nghìn lượt")],
        ),
        ("thu giữ vài trăm viên ma túy", [("vài trăm viên", "từ 200 đến 900 viên")]),
        ("từ 4 đến 5 lượt mỗi năm", [("từ 4 đến 5 lượt", "từ 4 đến 5 lượt")]),
        (
            "tối thiểu 5 Công an chính quy/xã",
            [("tối thiểu 5 Công an chính quy", "ít nhất 5 cán bộ, chiến sĩ")],
        ),
        (
            "đối với 204/204=100% xã, thị trấn (bố trí",
            [("204/204=100% xã, thị trấn", "204/204 = 100% xã, thị trấn")],
        ),
        ("làm rõ 7/7 vụ, đạt 100%.", [("7/7 vụ, đạt 100%", "7/7 = 100%")]),
        (
            "Đến nay, 22/23 xã, thị trấn (95,7%) đã xây dựng",
            [("22/23 xã, thị trấn (95,7%)", "22/23 = 95,7%")],
        ),
        ("có 20/25 xã (đạt 80%) và", [("20/25 xã (đạt 80%)", "20/25 = 80%")]),
        (
            "tuần tra 146 lần, ít nhất 2 lần tập huấn, hai lần ra quân",
            [("146 lần", "146 lần"), ("ít nhất 2 lần", "ít nhất 2 lần"), ("hai lần", "2 lần")],
        ),
        ("tại 27/27 xã, thị trấn với", [("27/27 xã, thị trấn", "27/27")]),
        (
            "đạt trên 90%, 100% cơ sở Hội",
            [("trên 90%", "hơn 90%"), ("100% cơ sở Hội", "100% cơ sở Hội")],
        ),
        ("bắt 05 đối tượng", [("05 đối tượng", "5 đối tượng")]),
        ("ước đạt 21 tỷ đồng", [("ước đạt 21 tỷ đồng", "khoảng 21.000.000.000 đồng")]),
        ("không có 1 vụ nào", [("1 vụ", "1 vụ")]),
        ("phát 19500000 đồng", [("19500000 đồng", "19.500.000 đồng")]),
        (
            "lắp 2.400 bóng đèn trên 18 km đường, hiến trên 35.000 m² đất",
            [
                ("2.400 bóng đèn", "2.400 bóng đèn"),
                ("18 km", "18 km"),
                ("trên 35.000 m²", "hơn 35.000 m²"),
            ],
        ),
    ],
)
def test_figures_are_found_with_span_and_value(text: str, expected: list[tuple[str, str]]) -> None:
    """Each figure reads from its qualifier through its longest unit word, as reports write it."""
    assert expected == found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Thực hiện Chỉ thị số 09/CT-BCA ngày 1-11-2016 của Bộ Công an",
        "theo tiêu chuẩn quốc gia TCVN ISO 9001:2015",
        "phòng, chống dịch COVID-19 và Phòng PC08",
        "tại bãi thải khu vực Quốc lộ 18, Điều 5 của Luật",
        "lần thứ 15 anh tham gia; Đại hội XIII",
        "mô hình “2 tự quản, 3 chủ động” và “5 không, 3 sạch”",
        "đường dây nóng 0203.3835.115 hoặc 0227 3823 456 hoặc 0912345678, gọi 113.",
        "lúc 7h30 ngày 19/8/2023, từ 6 giờ 30 sáng",
        "kỷ niệm 92 năm Ngày thành lập Đoàn; tổng kết 5 năm phong trào; ba năm nay",
        "Trong 5 năm qua, năm 2021, 6 tháng đầu năm 2023, giai đoạn 2016-2021",
        "một trong hai địa phương dẫn đầu, một số mô hình, một mô hình mới",
        "sinh năm 1990, Kế hoạch số 15/KH-CAT-PV05, Chỉ thị số 05-CT/TW",
        "I. KẾT QUẢ\n1. Công tác tuyên truyền\n2.1. Mô hình",
        "trong năm. Mô hình camera",
        "Địa chỉ: Khối 3, thị trấn Cầu Giát",
        "số vụ tăng gấp 3 lần, số tin tăng 1,5 lần so với cùng kỳ",
        "nhiều đồng chí hiến máu từ 10 lần trở lên; hộ có từ 3 người trở lên",
        "ông Nguyễn Văn A, 65 tuổi, và các cháu dưới 16 tuổi",
        "Công an xã Yên Thế: Ba tháng vận hành mô hình mới; sau 5 năm thực hiện Chỉ thị",
    ],
)
def test_what_is_not_a_figure_is_not_found(text: str) -> None:
    """Document numbers, dates, standards, names with digits, quoted names, ordinals,
    phones, times, periods under review, "một" as an article, numbering, multiples ("gấp 3
    lần") and the bounds of a group ("từ 10 lần trở lên"): no figure."""
    assert [] == found(text)


def test_a_figure_with_an_unknown_counting_word_says_why() -> None:
    """ "45 học viên": found (a count stands before a noun), unread, the word named."""
    figures = find_figures("lớp học có 45 học viên.")
    assert [("45", None)] == [
        ("lớp học có 45 học viên."[f.start : f.end], f.value) for f in figures
    ]
    assert "học viên" in figures[0].problem or "học" in figures[0].problem


def test_an_amount_without_its_unit_is_found_and_says_why() -> None:
    """ "ủng hộ 1,5 tỷ cho Quỹ": found with its scale word, unread (no unit), never dropped."""
    text = "ủng hộ 1,5 tỷ cho Quỹ"
    figures = find_figures(text)
    assert [("1,5 tỷ", None)] == [(text[f.start : f.end], f.value) for f in figures]
    assert "no unit" in figures[0].problem


def test_a_signed_percentage_is_a_change() -> None:
    """ "(-7,2%)": found, signed, not read as a level."""
    figures = find_figures("giảm 15 vụ (-7,2%).")
    signed = [f for f in figures if f.signed]
    assert [("-7,2%", None)] == [("giảm 15 vụ (-7,2%)."[f.start : f.end], f.value) for f in signed]


GLOSSARY_CLAUSES = [
    "Công an tỉnh đã vận động",
    "Quần chúng nhân dân đã cung cấp",
    "Người dân tự giao nộp cho lực lượng Công an",
    "đến nay đã xây dựng",
    "Trong phong trào thi đua “Dân vận khéo”, Công an tỉnh đã khen thưởng",
    "Hội Phụ nữ, Đoàn Thanh niên Công an tỉnh đã tổ chức",
    "phát động đợt cao điểm ủng hộ phòng, chống dịch COVID-19, tiếp nhận",
]
GLOSSARY_ENDINGS = [
    "",
    ".",
    ",",
    ";",
    " cho nhân dân.",
    " tại các xã, thị trấn.",
    ", góp phần giữ gìn ANTT.",
    "… góp phần xây dựng nông thôn mới",
]


@given(quantities(), st.sampled_from(GLOSSARY_CLAUSES), st.sampled_from(GLOSSARY_ENDINGS))
def test_a_formatted_figure_in_a_report_sentence_is_found_exactly(
    quantity: Quantity, clause: str, ending: str
) -> None:
    """Law: a figure written by format_quantity (one parse_quantity reads back), put in a
    sentence built from the glossary, is found with its exact span and value. (A range of
    hours, "từ 8 đến 10 giờ", reads as times of day: not a figure, by design.)"""
    assume(not (quantity.unit.code == "hour" and quantity.qualifier is Qualifier.RANGE))
    written = format_quantity(quantity)
    try:
        assume(parse_quantity(written) == quantity)
    except ParseError:
        assume(False)
    text = f"{clause} {written}{ending}"
    start = len(clause) + 1
    figures = find_figures(text)
    assert [(start, start + len(written), quantity)] == [
        (f.start, f.end, f.value) for f in figures if f.start >= start
    ][:1]


VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạầấẩẫậđềếểễệòóỏõọồốổỗộờớởỡợùúủũụừứửữự"
TEXTS = st.one_of(
    st.text(max_size=300),
    st.text(
        alphabet=VIETNAMESE + VIETNAMESE.upper() + '0123456789 .,;:/-–%()“”"\n',
        max_size=300,
    ),
)


@given(TEXTS)
def test_finding_figures_never_raises_and_spans_are_in_order(text: str) -> None:
    """Law: any string gives figures in order, apart, within the text, each read or
    said unreadable."""
    figures = find_figures(text)
    assert all(0 <= f.start < f.end <= len(text) for f in figures)
    assert all(a.end <= b.start for a, b in itertools.pairwise(figures))
    assert all((f.value is None) == bool(f.problem) or f.signed for f in figures)
    assert all(isinstance(f.value, Quantity | Ratio | type(None)) for f in figures)
