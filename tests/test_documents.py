"""Documents: records, citation parsing and formatting, default ids."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from danvan._documents import (
    Document,
    DocumentKind,
    document_id,
    format_citation,
    parse_citation,
)
from danvan.errors import InvalidValueError, ParseError

SEED_CITATION = (
    "Chỉ thị số 09/CT-BCA ngày 1-11-2016 của Bộ Công an về “Tăng cường công tác dân vận "
    "của lực lượng Công an nhân dân trong tình hình mới”"
)
SEED_DOCUMENT = Document(
    id="09-ct-bca",
    kind=DocumentKind.DIRECTIVE,
    number="09/CT-BCA",
    issuer="Bộ Công an",
    date=pendulum.Date(2016, 11, 1),
    title="Tăng cường công tác dân vận của lực lượng Công an nhân dân trong tình hình mới",
)

# --- parsing ------------------------------------------------------------------------------


def test_parse_seed_citation() -> None:
    """The seed's citation reads as kind, number, date, issuer and title, id from the number."""
    assert SEED_DOCUMENT == parse_citation(SEED_CITATION)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Nghị định 09/2019/NĐ-CP ngày 24-01-2019",
            Document(
                id="09-2019-nd-cp",
                kind="decree",
                number="09/2019/NĐ-CP",
                date=pendulum.Date(2019, 1, 24),
            ),
        ),
        (
            "Chỉ thị 11/CT-BCA-V05 ngày 17/12/2021",
            Document(
                id="11-ct-bca-v05",
                kind="directive",
                number="11/CT-BCA-V05",
                date=pendulum.Date(2021, 12, 17),
            ),
        ),
        (
            "Kế hoạch số 123/KH-CAT",
            Document(id="123-kh-cat", kind="plan", number="123/KH-CAT"),
        ),
        (
            "Nghị quyết số 25-NQ/TW ngày 3 tháng 6 năm 2013",
            Document(
                id="25-nq-tw", kind="resolution", number="25-NQ/TW", date=pendulum.Date(2013, 6, 3)
            ),
        ),
        (
            'chương trình phối hợp số 01/CTPH, ngày 5/3/2021 của Ban Dân vận Tỉnh ủy về "Dân vận".',
            Document(
                id="01-ctph",
                kind="agreement",
                number="01/CTPH",
                date=pendulum.Date(2021, 3, 5),
                issuer="Ban Dân vận Tỉnh ủy",
                title="Dân vận",
            ),
        ),
    ],
)
def test_parse_other_citation_forms(text: str, expected: Document) -> None:
    """Citations without "số", with slashes or words in dates, commas and straight quotes read."""
    assert expected == parse_citation(text)


def test_parse_ignores_normal_form_and_line_breaks() -> None:
    """A citation in NFD with a line break reads the same as the clean one."""
    messy = unicodedata.normalize("NFD", SEED_CITATION.replace(" của Bộ", "\n  của Bộ"))
    assert SEED_DOCUMENT == parse_citation(messy)


def test_parse_uses_the_given_id() -> None:
    """An explicit id wins over the one derived from the number."""
    assert "ct-09-2016" == parse_citation(SEED_CITATION, id="ct-09-2016").id


def test_parse_without_number_needs_an_id() -> None:
    """A citation without a number reads only when an id is given."""
    doc = parse_citation("Kế hoạch ngày 5-3-2021 của Công an tỉnh", id="kh-2021")
    assert (None, "Công an tỉnh") == (doc.number, doc.issuer)
    with pytest.raises(ParseError):
        parse_citation("Kế hoạch ngày 5-3-2021 của Công an tỉnh")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Thực hiện Chỉ thị số 09/CT-BCA",  # the sentence around a citation is not read
        "Chỉ thị số 09/CT-BCA hôm qua",
        "Luật Công an nhân dân số 37/2018/QH14",
    ],
)
def test_unreadable_citation_raises_parse_error_quoting_it(text: str) -> None:
    """Text that is not a citation raises ParseError, and the message quotes the text."""
    with pytest.raises(ParseError) as info:
        parse_citation(text)
    assert repr(text) in str(info.value)


def test_impossible_date_raises_parse_error() -> None:
    """A citation dated 31 February raises ParseError quoting the citation."""
    text = "Chỉ thị số 09/CT-BCA ngày 31-02-2016"
    with pytest.raises(ParseError) as info:
        parse_citation(text)
    assert repr(text) in str(info.value)


# --- formatting and ids --------------------------------------------------------------------


def test_format_seed_citation() -> None:
    """The seed directive is written back as the seed cites it."""
    assert SEED_CITATION == format_citation(SEED_DOCUMENT)


def test_format_leaves_out_unknown_parts() -> None:
    """Parts that are unknown are left out of the citation."""
    doc = Document(id="x", kind="decree", number="09/2019/NĐ-CP")
    assert "Nghị định số 09/2019/NĐ-CP" == format_citation(doc)


@pytest.mark.parametrize(
    ("number", "expected"),
    [("09/CT-BCA", "09-ct-bca"), ("09/2019/NĐ-CP", "09-2019-nd-cp"), ("25-NQ/TW", "25-nq-tw")],
)
def test_document_id_slugs_the_number(number: str, expected: str) -> None:
    """The default id is the number lower-cased, letters folded, "/" turned into "-"."""
    assert expected == document_id(number)


def test_document_id_of_punctuation_is_rejected() -> None:
    """A number with no letters or digits gives no id."""
    with pytest.raises(InvalidValueError):
        document_id("//")


# --- record validation -------------------------------------------------------------------


def test_kind_labels() -> None:
    """Each kind has a Vietnamese name, and the seed's kind reads "Chỉ thị"."""
    assert "Chỉ thị" == DocumentKind.DIRECTIVE.vi
    assert all(kind.vi and kind.en for kind in DocumentKind)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"id": ""}, "document.id"),
        ({"id": "09 ct"}, "document.id"),
        ({"number": "09 / CT-BCA"}, "document[09-ct-bca].number"),
        ({"number": ""}, "document[09-ct-bca].number"),
        ({"issuer": " "}, "document[09-ct-bca].issuer"),
        ({"date": dt.datetime(2016, 11, 1, 8, 0)}, "document[09-ct-bca].date"),
        ({"date": pendulum.datetime(2016, 11, 1)}, "document[09-ct-bca].date"),
        ({"date": "2016-11-01"}, "document[09-ct-bca].date"),
        ({"kind": "memo"}, "document[09-ct-bca].kind"),
    ],
)
def test_invalid_document_names_the_field(changes: dict[str, Any], field: str) -> None:
    """Bad ids, numbers, issuers, datetimes and kinds raise InvalidValueError naming the field."""
    with pytest.raises(InvalidValueError) as info:
        attrs.evolve(SEED_DOCUMENT, **changes)
    assert field == info.value.where


def test_stdlib_date_becomes_pendulum_date() -> None:
    """A stdlib date is accepted and stored as a pendulum Date."""
    doc = attrs.evolve(SEED_DOCUMENT, date=dt.date(2016, 11, 1))
    assert pendulum.Date is type(doc.date)


def test_nfd_title_is_stored_nfc() -> None:
    """Titles and issuers given in NFD are stored in NFC."""
    doc = attrs.evolve(
        SEED_DOCUMENT,
        title=unicodedata.normalize("NFD", SEED_DOCUMENT.title),
        issuer=unicodedata.normalize("NFD", "Bộ Công an"),
    )
    assert SEED_DOCUMENT == doc


# --- laws ----------------------------------------------------------------------------------

_WORD = st.text(
    alphabet=st.characters(exclude_categories=["Cs", "Cc", "Z"]), min_size=1, max_size=8
)
_ISSUERS = st.lists(
    st.sampled_from(["Bộ", "Công", "an", "Ban", "Dân", "vận", "Tỉnh", "ủy", "UBND", "Đảng"]),
    min_size=1,
    max_size=5,
).map(" ".join)
_NUMBERS = st.from_regex(r"[0-9]{1,3}(/[0-9A-ZĐ]{1,4}(-[0-9A-ZĐ]{1,4})?){0,3}", fullmatch=True)
_DATES = st.dates(min_value=dt.date(1945, 1, 1), max_value=dt.date(2100, 12, 31))
_IDS = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,3}", fullmatch=True)


@st.composite
def _documents(draw: st.DrawFn) -> Document:
    """Documents without a note whose texts are single-spaced."""
    return Document(
        id=draw(_IDS),
        kind=draw(st.sampled_from(DocumentKind)),
        number=draw(st.none() | _NUMBERS),
        issuer=draw(st.none() | _ISSUERS),
        date=draw(st.none() | _DATES),
        title=draw(st.lists(_WORD, max_size=6).map(" ".join)),
    )


@given(_documents())
def test_parse_reads_back_what_format_writes(doc: Document) -> None:
    """parse_citation(format_citation(d), id=d.id) == d for documents without a note."""
    assert doc == parse_citation(format_citation(doc), id=doc.id)


@given(_NUMBERS)
def test_document_id_is_idempotent(number: str) -> None:
    """A default id is its own default id, and a valid id."""
    slug = document_id(number)
    assert slug == document_id(slug)
    assert slug == Document(id=slug, kind="other").id
