"""Documents: the directives, plans and agreements that campaigns cite as their legal basis.

Reports cite documents in one fixed pattern: kind, number, date, issuer, title.

>>> doc = parse_citation(
...     "Chỉ thị số 09/CT-BCA ngày 1-11-2016 của Bộ Công an về “Tăng cường công tác dân vận"
...     " của lực lượng Công an nhân dân trong tình hình mới”"
... )
>>> (doc.id, doc.kind, doc.number, str(doc.date), doc.issuer)
('09-ct-bca', <DocumentKind.DIRECTIVE: 'directive'>, '09/CT-BCA', '2016-11-01', 'Bộ Công an')
>>> format_citation(attrs.evolve(doc, title=""))
'Chỉ thị số 09/CT-BCA ngày 1-11-2016 của Bộ Công an'

A document's ``issuer`` is kept as written (a name or an organisation id); the dataset may
resolve it to an `Organisation`.
"""

from __future__ import annotations

import enum
import re

import attrs
import pendulum

from danvan._dates import format_date_vi, parse_date
from danvan._fields import (
    check_date,
    check_id,
    check_member,
    check_optional_name,
    check_text,
    member,
    optional_date,
    optional_text,
    text,
    where,
)
from danvan._regex import LazyPattern
from danvan._text import nfc, plain_key
from danvan.errors import InvalidValueError, ParseError

__all__ = ["Document", "DocumentKind", "document_id", "format_citation", "parse_citation"]


class DocumentKind(enum.Enum):
    """The kind of a legal or administrative document, with its Vietnamese name (`vi`)."""

    DIRECTIVE = "directive"
    """Chỉ thị: "Chỉ thị số 09/CT-BCA"."""
    PLAN = "plan"
    """Kế hoạch: an implementation plan."""
    DECISION = "decision"
    """Quyết định."""
    AGREEMENT = "agreement"
    """Quy chế / Chương trình phối hợp: a coordination agreement two bodies sign (ký kết)."""
    DECREE = "decree"
    """Nghị định: a government decree ("Nghị định 09/2019/NĐ-CP")."""
    CIRCULAR = "circular"
    """Thông tư: a ministry's circular."""
    RESOLUTION = "resolution"
    """Nghị quyết: a Party or National Assembly resolution."""
    LAW = "law"
    """Luật."""
    OTHER = "other"
    """Any other document (văn bản, công văn, hướng dẫn...)."""

    @property
    def vi(self) -> str:
        """The Vietnamese name, as a citation starts: "Chỉ thị"."""
        return _VI[self]

    @property
    def en(self) -> str:
        """The English name: "directive"."""
        return _EN[self]


_VI = {
    DocumentKind.DIRECTIVE: "Chỉ thị",
    DocumentKind.PLAN: "Kế hoạch",
    DocumentKind.DECISION: "Quyết định",
    DocumentKind.AGREEMENT: "Quy chế phối hợp",
    DocumentKind.DECREE: "Nghị định",
    DocumentKind.CIRCULAR: "Thông tư",
    DocumentKind.RESOLUTION: "Nghị quyết",
    DocumentKind.LAW: "Luật",
    DocumentKind.OTHER: "Văn bản",
}
_EN = {
    DocumentKind.DIRECTIVE: "directive",
    DocumentKind.PLAN: "plan",
    DocumentKind.DECISION: "decision",
    DocumentKind.AGREEMENT: "coordination agreement",
    DocumentKind.DECREE: "decree",
    DocumentKind.CIRCULAR: "circular",
    DocumentKind.RESOLUTION: "resolution",
    DocumentKind.LAW: "law",
    DocumentKind.OTHER: "document",
}
# Words a citation may start with, beyond each kind's own name.
_WORDS = {nfc(k.vi).lower(): k for k in DocumentKind} | {
    "chương trình phối hợp": DocumentKind.AGREEMENT,
    "thỏa thuận phối hợp": DocumentKind.AGREEMENT,
    "thoả thuận phối hợp": DocumentKind.AGREEMENT,  # old-style tone placement
    "thông tư liên tịch": DocumentKind.CIRCULAR,
    "công văn": DocumentKind.OTHER,
    "hướng dẫn": DocumentKind.OTHER,
}


def _to_kind(value: DocumentKind | str) -> DocumentKind:
    return member(DocumentKind, value)


def _check_number(
    instance: Document, attribute: attrs.Attribute[str | None], value: object
) -> None:
    if value is not None and (
        not isinstance(value, str) or not value or any(ch.isspace() for ch in value)
    ):
        raise InvalidValueError(
            f"must be a document number without whitespace (09/CT-BCA) or None, got {value!r}",
            where=where(instance, attribute.name),
        )


@attrs.frozen(kw_only=True)
class Document:
    """A legal or administrative document, as reports cite it.

    Args:
        id: The dataset's key (no whitespace); `parse_citation` derives it from the number.
        kind: Directive, plan, agreement... (a member or its string value).
        number: The document number as written: "09/CT-BCA", "09/2019/NĐ-CP".
        issuer: Who issued it, as written ("Bộ Công an") or as an organisation id.
        date: The date it was signed.
        title: The subject, without quotes; "" when not cited.
        note: The analyst's remarks.

    Raises:
        InvalidValueError: a blank id, an unknown kind, a number with spaces, a blank
            issuer, or a date that is a datetime.

    >>> Document(id="09-ct-bca", kind="directive", number="09/CT-BCA").kind.vi
    'Chỉ thị'
    """

    id: str = attrs.field(converter=text, validator=check_id)
    kind: DocumentKind = attrs.field(converter=_to_kind, validator=check_member(DocumentKind))
    number: str | None = attrs.field(default=None, converter=optional_text, validator=_check_number)
    issuer: str | None = attrs.field(
        default=None, converter=optional_text, validator=check_optional_name
    )
    date: pendulum.Date | None = attrs.field(
        default=None, converter=optional_date, validator=check_date
    )
    title: str = attrs.field(default="", converter=text, validator=check_text)
    note: str = attrs.field(default="", converter=text, validator=check_text)


def document_id(number: str) -> str:
    """The default id of a document: its number, lower-case, letters folded, "/" → "-".

    >>> document_id("09/2019/NĐ-CP")
    '09-2019-nd-cp'

    Raises:
        InvalidValueError: the number has no letters or digits to make an id from.
    """
    slug = re.sub(r"[^0-9a-z]+", "-", plain_key(number)).strip("-")
    if not slug:
        raise InvalidValueError(f"cannot make an id from the number {number!r}", where="number")
    return slug


_KIND = "|".join(re.escape(w) for w in sorted(_WORDS, key=len, reverse=True))
_DATE = r"[0-9]{1,2} ?[-/.] ?[0-9]{1,2} ?[-/.] ?[0-9]{4}|[0-9]{1,2} tháng [0-9]{1,2} năm [0-9]{4}"
_CITATION = LazyPattern(
    rf"(?P<kind>{_KIND})"
    r"(?: (?:số )?(?P<number>[0-9][\w./-]*))?"
    rf"(?:,? ngày (?P<date>{_DATE}))?"
    r"(?:,? của (?P<issuer>.+?))?"
    r"(?:,? về (?P<title>.+))?",
    re.IGNORECASE,
)
_QUOTED = LazyPattern(r"“(.*)”|\"(.*)\"")


def parse_citation(text: str, *, id: str | None = None) -> Document:
    """Read a citation: "Chỉ thị số 09/CT-BCA ngày 1-11-2016 của Bộ Công an về “...”".

    Every part after the kind is optional, in this order: number (with or without "số"),
    "ngày" and a date, "của" and the issuer, "về" and the title (in “ ” or " quotes, or
    bare). Case, spacing, line breaks and Unicode normal form do not matter.

    >>> doc = parse_citation("Nghị định 09/2019/NĐ-CP ngày 24-01-2019")
    >>> (doc.id, doc.kind.en, str(doc.date))
    ('09-2019-nd-cp', 'decree', '2019-01-24')
    >>> parse_citation("Kế hoạch số 123/KH-CAT").issuer is None
    True

    Args:
        text: The citation alone (not the sentence around it).
        id: The id to give the document; by default `document_id` of its number.

    Returns:
        The document; ``parse_citation(format_citation(d), id=d.id) == d`` for documents
        without a note whose texts are single-spaced.

    Raises:
        ParseError: the text is not a citation, names an impossible date, or has neither
            a number nor an ``id``.
        InvalidValueError: the ``id`` given is blank or has whitespace.
    """
    if not isinstance(text, str):
        raise ParseError(f"expected text, got {type(text).__name__}", text=repr(text))
    cleaned = " ".join(nfc(text).split()).rstrip(".,;:")
    match = _CITATION.fullmatch(cleaned)
    if match is None:
        kinds = ", ".join(k.vi for k in DocumentKind)
        raise ParseError(
            f"not a citation (expected a kind such as {kinds}, then a number, "
            "'ngày' and a date, 'của' and the issuer, 'về' and the title)",
            text=text,
        )
    number = match["number"]
    if id is None:
        if number is None:
            raise ParseError("a citation without a number needs id=", text=text)
        id = document_id(number)
    date = None
    if match["date"] is not None:
        try:
            date = parse_date(match["date"])
        except ParseError:
            raise ParseError(f"no such date {match['date']!r}", text=text) from None
    title = match["title"] or ""
    if quoted := _QUOTED.fullmatch(title):
        title = quoted[1] if quoted[1] is not None else quoted[2]
    return Document(
        id=id,
        kind=_WORDS[match["kind"].lower()],
        number=number,
        issuer=match["issuer"],
        date=date,
        title=title,
    )


def format_citation(document: Document) -> str:
    """Write a document as reports cite it; `parse_citation` reads it back.

    >>> format_citation(Document(id="kh-123", kind="plan", number="123/KH-CAT"))
    'Kế hoạch số 123/KH-CAT'

    Args:
        document: The document to cite (its id and note are not part of a citation).

    Returns:
        Kind, "số" and number, "ngày" and date, "của" and issuer, "về" and the title
        in “ ” quotes, leaving out the parts that are unknown.
    """
    parts = [document.kind.vi]
    if document.number is not None:
        parts.append(f"số {document.number}")
    if document.date is not None:
        parts.append(f"ngày {format_date_vi(document.date)}")
    if document.issuer is not None:
        parts.append(f"của {document.issuer}")
    if document.title:
        parts.append(f"về “{document.title}”")
    return " ".join(parts)
