"""Vietnamese text: NFC normalisation, matching keys and sort keys.

Source texts mix precomposed and combining characters, and old and new tone
placement ("Hoá" / "Hóa"). danvan stores text in NFC as the source spelled it,
and compares names through `match_key`.
"""

from __future__ import annotations

import functools
import unicodedata

__all__ = ["match_key", "nfc", "plain_key", "sort_key"]

_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Vowels (after NFD, without tone marks) as they sort in the Vietnamese alphabet.
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
_VOWELS = set("aăâeêioôơuưy")


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC, the form danvan stores.

    >>> nfc("Ho\\u0300a") == "Hòa"
    True
    """
    return unicodedata.normalize("NFC", text)


def _split_tone(syllable: str) -> tuple[str, str | None]:
    """Remove the tone mark of one syllable; return the bare syllable and the mark."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tone = None
    kept = []
    for ch in decomposed:
        if ch in _TONES:
            tone = ch
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def _tone_position(bare: str) -> int | None:
    """Index of the vowel that carries the tone in the new (2018-style) placement."""
    lower = bare.lower()
    vowel_idx = [i for i, ch in enumerate(lower) if ch in _VOWELS]
    if not vowel_idx:
        return None
    # "qu" and "gi" start a syllable with a consonant cluster: the u/i is not a vowel there.
    if lower.startswith("qu") and vowel_idx and vowel_idx[0] == 1:
        vowel_idx = vowel_idx[1:] or vowel_idx
    elif lower.startswith("gi") and len(vowel_idx) > 1 and vowel_idx[0] == 1:
        vowel_idx = vowel_idx[1:]
    # A vowel with a diacritic (ă â ê ô ơ ư) takes the tone; for "ươ" the second one.
    marked = [i for i in vowel_idx if lower[i] in "ăâêôơư"]
    if marked:
        return marked[-1]
    if len(vowel_idx) == 1:
        return vowel_idx[0]
    ends_with_consonant = vowel_idx[-1] != len(lower) - 1
    if ends_with_consonant:
        return vowel_idx[-1]
    cluster = lower[vowel_idx[0] : vowel_idx[-1] + 1]
    # New-style placement: oa, oe, uy in open syllables put the tone on the second vowel.
    if len(vowel_idx) == 2 and cluster in ("oa", "oe", "uy"):
        return vowel_idx[1]
    if len(vowel_idx) == 3:
        return vowel_idx[1]
    return vowel_idx[0]


def _retone(word: str) -> str:
    bare, tone = _split_tone(word)
    if tone is None:
        return bare
    pos = _tone_position(bare)
    if pos is None:
        return nfc(word)
    return unicodedata.normalize("NFC", bare[: pos + 1] + tone + bare[pos + 1 :])


# Labels and names recur across millions of figures: each distinct text is keyed once.
@functools.lru_cache(maxsize=65536)
def match_key(text: str) -> str:
    """Key for comparing names: NFC, case-folded, tone marks moved to one placement.

    "Hoằng Hóa" and "Hoằng Hoá" (old and new tone placement) get the same key;
    different tones stay different.

    >>> match_key("Hoằng Hoá") == match_key("hoằng hóa")
    True
    >>> match_key("Hòa") == match_key("Hóa")
    False
    """
    words = nfc(text).casefold().split()
    return " ".join(_retone(w) for w in words)


def plain_key(text: str) -> str:
    """Accent-insensitive key: no tone or vowel marks, đ folded to d, case-folded.

    >>> plain_key("Nam Định") == plain_key("nam dinh")
    True
    """
    decomposed = unicodedata.normalize("NFD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.replace("đ", "d").split())


def sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Sort key in Vietnamese alphabetical order (a ă â b c d đ ... y), tones after letters.

    >>> sorted(["Đà Nẵng", "Ân Thi", "Bắc Ninh", "An Giang"], key=sort_key)
    ['An Giang', 'Ân Thi', 'Bắc Ninh', 'Đà Nẵng']
    """
    letters: list[int] = []
    tones: list[int] = []
    for word in nfc(text).casefold().split():
        bare, tone = _split_tone(word)
        for ch in bare:
            letters.append(_RANK[ch] if ch in _RANK else 1000 + ord(ch))
        letters.append(-1)  # word boundary sorts before any letter
        tones.append(_TONES.get(tone, 0) if tone else 0)
    return tuple(letters), tuple(tones)
