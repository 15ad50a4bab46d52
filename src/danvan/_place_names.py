"""Place names as reports write them: unit type words, abbreviations and matching keys.

Reports write "huyện Hải Hậu", "H. Hải Hậu", "TP. Hồ Chí Minh", "TP.HCM", "Q.1", "Bà Rịa -
Vũng Tàu" and "Bà Rịa–Vũng Tàu". This module reads the unit type a name starts with
(`split_type`) and turns names into keys that ignore what does not tell units apart
(`name_key`, `loose_key`). It is text only: `Gazetteer` indexes its names with these keys
and the resolver reads reports with them.

>>> split_type("TP. Hồ Chí Minh")
('thành phố', 'Hồ Chí Minh')
>>> split_type("Q.1")
('quận', '1')
>>> name_key("Bà Rịa–Vũng Tàu") == name_key("bà rịa - vũng tàu")
True
"""

# The key helpers here would sit beside match_key in _text.py;
# they live here while another change owns that module.

from __future__ import annotations

import functools
import re
import unicodedata

from danvan._regex import LazyPattern
from danvan._text import match_key, nfc, plain_key

__all__ = [
    "KINDS",
    "TYPE_FIRST_WORDS",
    "has_marks",
    "kind_of_abbreviation",
    "kind_of_words",
    "loose_key",
    "name_key",
    "name_keys",
    "split_glued",
    "split_type",
    "word_keys",
    "words",
]

KINDS = ("tỉnh", "thành phố", "quận", "huyện", "thị xã", "thị trấn", "xã", "phường", "đặc khu")
"""The unit types ("kind" of a `Place`) of Vietnam's administrative units, in NFC."""

# Type words as written in full; also matched without accents when the text has none.
_FULL_WORDS = {match_key(kind): kind for kind in KINDS}
_PLAIN_WORDS = {plain_key(kind): kind for kind in KINDS}
_FIRST_PLAIN_WORDS = {key.split()[0] for key in _PLAIN_WORDS}
#: The first words of the type words, without accents: a word whose `loose_key` is not
#: one of these starts no type word written in full.
TYPE_FIRST_WORDS = frozenset(_FIRST_PLAIN_WORDS)
# Abbreviations: two letters with or without a dot ("TP.HCM", "Tp Nam Định", "TX Sơn
# Tây"), one letter only with a dot ("H. Hải Hậu", "Q.1"), or Q/P glued to a number ("Q1").
_PAIRS = {"tp": "thành phố", "tx": "thị xã", "tt": "thị trấn"}
_LETTERS = {"q": "quận", "h": "huyện", "p": "phường", "x": "xã"}
_PAIR = LazyPattern(r"(?P<abbr>[Tt][PpXxTt])(?:\.\s*|\s+|(?=[A-ZĐ0-9]))(?P<rest>\S.*)", re.S)
_LETTER = LazyPattern(r"(?P<abbr>[QqHhPpXx])\.\s*(?P<rest>\S.*)", re.S)
_GLUED = LazyPattern(r"(?P<abbr>[QqPp])(?P<rest>[0-9]+)")
_ABBREVIATED = set("TtQqHhPpXx")

# Dashes and apostrophes come in many code points; names use them as plain separators.
_APOSTROPHES = dict.fromkeys(map(ord, "\u2019\u2018\u02bc\u00b4`"), "'")
_SEPARATORS = {
    **_APOSTROPHES,
    **dict.fromkeys(map(ord, "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), " "),
}
_EDGE_PUNCTUATION = '.,;:!?()[]"“”«»'
_WORD = LazyPattern(r"[^\W_]+(?:'[^\W_]+)*")
_PLAIN_NAME = LazyPattern(r"[^\W_]+(?: [^\W_]+)*")  # words() of it are its split()


def has_marks(text: str) -> bool:
    """Whether ``text`` has any accent, tone mark or đ (text typed without them has none).

    >>> has_marks("Hải Hậu"), has_marks("Hai Hau")
    (True, False)
    """
    return any(unicodedata.combining(ch) or ch in "đĐ" for ch in unicodedata.normalize("NFD", text))


def _clean(text: str) -> str:
    """NFC, one kind of apostrophe, dashes as spaces, no punctuation at either end."""
    return nfc(text).translate(_SEPARATORS).strip(_EDGE_PUNCTUATION + " \t\n")


def words(text: str) -> list[str]:
    """The words of a name: letters and digits, apostrophes kept inside ("H'Leo").

    >>> words("Ea H’Leo - Đắk Lắk")
    ['Ea', "H'Leo", 'Đắk', 'Lắk']
    """
    return _WORD.findall(nfc(text).translate(_APOSTROPHES))


@functools.lru_cache(maxsize=65536)
def _word_key(word: str) -> str:
    # Numbers written with leading zeros ("Phường 01") are the same number.
    return _number_key(word) if word.isdecimal() else match_key(word)


@functools.lru_cache(maxsize=65536)
def _loose_word_key(word: str) -> str:
    return _number_key(word) if word.isdecimal() else plain_key(word)


def _number_key(digits: str) -> str:
    """A number without its leading zeros, in ASCII digits (of any length: no int())."""
    ascii_digits = "".join(str(unicodedata.decimal(ch)) for ch in digits)
    return ascii_digits.lstrip("0") or "0"


def name_key(text: str) -> str:
    """Key for comparing names: `match_key` of the words, without dashes or punctuation.

    Ignores case, Unicode form, old or new tone placement, dashes, the kind of
    apostrophe and leading zeros of numbers. Words are keyed one by one and cached,
    since the 14,000 units of the country share a few thousand syllables.

    >>> name_key("Phường 01") == name_key("phường 1")
    True
    >>> name_key("Hoằng Hoá") == name_key("HOẰNG HÓA")
    True
    """
    return " ".join(_word_key(w) for w in words(text))


def loose_key(text: str) -> str:
    """Like `name_key`, and accent-insensitive too (`plain_key` of the words).

    >>> loose_key("Bà Rịa - Vũng Tàu") == loose_key("ba ria vung tau")
    True
    """
    return " ".join(_loose_word_key(w) for w in words(text))


def word_keys(word: str) -> tuple[str, str]:
    """`name_key` and `loose_key` of one word (cached), for readers that key word by word."""
    return _word_key(word), _loose_word_key(word)


@functools.lru_cache(maxsize=32768)
def name_keys(text: str) -> tuple[str | None, str, str]:
    """The type word an official name starts with, and the `name_key` and `loose_key` of
    the rest (cached): what a gazetteer indexes for each name.

    Only a type word written in full with its accents is split off (the seed's "Thành
    phố Nam Định"; "Quận 1"): phường Quan Hoa is not a quận named Hoa. Names are NFC,
    as `Place` stores them.

    >>> name_keys("Huyện Hải Hậu")
    ('huyện', 'hải hậu', 'hai hau')
    >>> name_keys("Quan Hoa")
    (None, 'quan hoa', 'quan hoa')
    """
    parts = text.split()
    if _PLAIN_NAME.fullmatch(text) and word_keys(parts[0])[1] not in _FIRST_PLAIN_WORDS:
        # Most names: words of letters and digits, no type word (keyed 3x faster).
        kind: str | None = None
    else:
        kind, rest = split_type(text, loose=False)
        parts = words(rest)
    keys = [word_keys(word) for word in parts]
    return kind, " ".join(k for k, _ in keys), " ".join(k for _, k in keys)


def kind_of_words(text: str) -> str | None:
    """The kind a type word written in full names ("huyện", "Thị xã"), or None.

    Without accents ("thi xa") only when ``text`` has none at all.

    >>> kind_of_words("Thị Xã"), kind_of_words("thi xa"), kind_of_words("Hải")
    ('thị xã', 'thị xã', None)
    """
    keys = [word_keys(word) for word in text.split()]
    kind = _FULL_WORDS.get(" ".join(exact for exact, _ in keys))
    if kind is None and not has_marks(text):
        kind = _PLAIN_WORDS.get(" ".join(loose for _, loose in keys))
    return kind


def kind_of_abbreviation(token: str, *, dotted: bool) -> str | None:
    """The kind an abbreviation names: "TP", "TX", "TT"; "Q", "H", "P", "X" only ``dotted``.

    >>> kind_of_abbreviation("Tp", dotted=False), kind_of_abbreviation("H", dotted=False)
    ('thành phố', None)
    """
    lower = token.lower()
    if lower in _PAIRS:
        return _PAIRS[lower]
    return _LETTERS.get(lower) if dotted and len(token) == 1 else None


def split_glued(token: str) -> tuple[str, str] | None:
    """The kind and number of a glued abbreviation ("Q1" -> ("quận", "1")), or None.

    >>> split_glued("P12"), split_glued("Phú")
    (('phường', '12'), None)
    """
    found = _GLUED.fullmatch(token)
    return (_LETTERS[found["abbr"].lower()], found["rest"]) if found else None


def split_type(text: str, *, loose: bool = True) -> tuple[str | None, str]:
    """The unit type a name starts with, and the rest of the name.

    Reads the type words in full ("huyện", "thị xã", "thành phố"; without accents when
    the whole text has none: "huyen Hai Hau") and the usual abbreviations: "TP", "TX",
    "TT" with or without a dot ("TP.HCM", "Tp Nam Định"), "Q.", "H.", "P.", "X." with a
    dot, "Q1" and "P12". A type word with nothing after it is not split off.

    Args:
        text: A name as a report writes it.
        loose: Whether abbreviations and type words without accents are read too;
            official names are read with ``loose=False``.

    Returns:
        The kind (one of `KINDS`) or None, and the rest of the text (cleaned of
        dashes and edge punctuation).

    >>> split_type("Thành phố Nam Định")
    ('thành phố', 'Nam Định')
    >>> split_type("huyen Hai Hau")
    ('huyện', 'Hai Hau')
    >>> split_type("Quan Hóa")
    (None, 'Quan Hóa')
    """
    cleaned = _clean(text)
    if loose and cleaned[:1] in _ABBREVIATED:
        for pattern, table in ((_PAIR, _PAIRS), (_LETTER, _LETTERS), (_GLUED, _LETTERS)):
            found = pattern.fullmatch(cleaned)
            if found:
                return table[found["abbr"].lower()], _clean(found["rest"])
    parts = cleaned.split()
    # Most names do not start with a type word: one cached look-up tells.
    if len(parts) < 2 or word_keys(parts[0])[1] not in _FIRST_PLAIN_WORDS:
        return None, cleaned
    for size in (2, 1):
        if len(parts) > size:
            head = [word_keys(word) for word in parts[:size]]
            kind = _FULL_WORDS.get(" ".join(exact for exact, _ in head))
            if kind is None:
                kind = _PLAIN_WORDS.get(" ".join(loose for _, loose in head))
                if kind is not None and (not loose or has_marks(cleaned)):
                    kind = None  # "Quan Hóa" is a name: a type word without accents is
                    # read only in text typed without any
            if kind is not None:
                return kind, " ".join(parts[size:])
    return None, cleaned
