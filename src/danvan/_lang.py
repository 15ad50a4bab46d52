"""Vietnamese and English: the one way danvan holds text in both languages.

Every text danvan writes for readers is either written once per language side by side,
as a `Text`, or is a `Message`: an English string (what programs and logs see) that also
carries its Vietnamese. Code that writes for a reader picks the language with
`Text.in_` or `in_lang`; `check_lang` is the one check of a language argument. A report
cell holding a fixed term keeps both its stable value and its text (`danvan._cells.Term`).

Words belong beside the concept they name (the words for severities beside `Severity`,
for groupings beside the query); this module holds only the mechanism, and sits below
everything else, so that any module may use it.
"""

from __future__ import annotations

from typing import NamedTuple

from danvan.errors import DanvanError, InvalidValueError

__all__ = ["LANGS", "Message", "Text", "check_lang", "in_lang", "message_of"]

LANGS: tuple[str, ...] = ("vi", "en")
"""The languages danvan writes: Vietnamese (the default) and English."""


def check_lang(lang: object, *, where: str = "lang") -> str:
    """``lang`` when it is ``"vi"`` or ``"en"``.

    Raises:
        InvalidValueError: any other value.
    """
    if lang not in LANGS:
        raise InvalidValueError(f"must be 'vi' or 'en', got {lang!r}", where=where)
    return str(lang)


class Text(NamedTuple):
    """A text written in both languages.

    >>> year = Text("năm", "year")
    >>> year.in_("vi"), year.in_("en")
    ('năm', 'year')
    """

    vi: str
    en: str

    def in_(self, lang: str) -> str:
        """The text in ``lang`` (``"vi"`` or ``"en"``)."""
        return self.vi if check_lang(lang) == "vi" else self.en

    def message(self) -> Message:
        """The text as a `Message`: the English string, carrying the Vietnamese."""
        return Message(self.en, self.vi)


class Message(str):
    """An English string that carries its Vietnamese (``vi``).

    A plain `str` to every caller (notes, reasons, messages stay strings); writers for
    readers ask for ``in_(lang)``.

    >>> note = Message("superseded", "được thay thế")
    >>> (note == "superseded", note.in_("vi"))
    (True, 'được thay thế')
    """

    __slots__ = ("vi",)
    vi: str

    def __new__(cls, en: str, vi: str) -> Message:
        message = super().__new__(cls, en)
        message.vi = vi
        return message

    def in_(self, lang: str) -> str:
        """The message in ``lang`` (``"vi"`` or ``"en"``)."""
        return self.vi if check_lang(lang) == "vi" else str(self)

    def __reduce__(self) -> tuple[type[Message], tuple[str, str]]:
        return (Message, (str(self), self.vi))


def in_lang(text: str, lang: str) -> str:
    """``text`` in ``lang``: a `Message`'s Vietnamese when asked for, else as it is.

    >>> in_lang(Message("yes", "có"), "vi"), in_lang("plain", "vi")
    ('có', 'plain')
    """
    return text.in_(lang) if isinstance(text, Message) else text


def message_of(error: BaseException) -> str:
    """An error's message, as a `Message` when the error carries Vietnamese (so that a
    problem built from it keeps both languages), else as plain text.

    >>> message_of(InvalidValueError(Message("too big", "quá lớn"))).in_("vi")
    'quá lớn'
    """
    text = str(error)
    if isinstance(error, DanvanError):
        vi = error.in_("vi")
        if vi != text:
            return Message(text, vi)
    return text
