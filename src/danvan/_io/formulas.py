"""Cells a spreadsheet would run as a formula, and how they are written so it does not.

A CSV file or workbook opened in Excel, LibreOffice or Google Sheets runs a cell that
starts like a formula: ``=HYPERLINK(...)``, ``+cmd|' /C calc'!A0`` (DDE), ``@SUM(...)``.
Text from a report (a quote, a note, a name) must not. Following the OWASP guidance on
CSV injection, a cell is written with a leading apostrophe (which spreadsheets show as
text, and `restore` removes on reading) when, after any leading white space, line
breaks, zero-width or direction characters and combining marks:

- it starts with ``=``, ``+``, ``-`` or ``@``, in ASCII or their full-width and small
  forms (``＝ ＋ － ＠ ﹦ ﹢ ﹣ ﹫``), or with ``|``;
- it starts with ``DDE(`` or ``DDEAUTO`` (any case);

and whenever it starts with a tab or a carriage return, which OWASP lists as well. A
cell that already starts with an apostrophe gets one more, so that `restore` gives back
exactly what was written. (CSV files also quote every cell holding a comma or
semicolon, whichever separates the cells, so that a program splitting on both keeps it
one cell: see `danvan._io.csv_observations.csv_line`.)

>>> neutralise("=1+1"), neutralise(" \\u200b＝1"), neutralise("'quoted"), neutralise("plain")
("'=1+1", "' \\u200b＝1", "''quoted", 'plain')
>>> restore("'=1+1"), restore("''quoted"), restore("'quoted")
('=1+1', "'quoted", "'quoted")
"""

from __future__ import annotations

import unicodedata

__all__ = ["formula_like", "neutralise", "restore"]

_STARTS = frozenset("=+-@|＝＋－＠﹦﹢﹣﹫")
_ALWAYS = ("\t", "\r")
_WORDS = ("dde(", "ddeauto")
# What a spreadsheet may skip before reading a cell: spaces, controls, format characters
# (zero-width, direction marks, BOM), line and paragraph separators, combining marks.
_SKIPPED = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"})


def formula_like(text: str) -> bool:
    """Whether a spreadsheet could run ``text`` as a formula (see the module doc)."""
    if not text:
        return False
    if text.startswith(_ALWAYS):
        return True
    index = 0
    if text[0] not in _STARTS and not text[0].isalnum():  # the usual first letter: no loop
        while index < len(text) and (
            text[index].isspace() or unicodedata.category(text[index]) in _SKIPPED
        ):
            index += 1
    if index == len(text):
        return False
    if text[index] in _STARTS:
        return True
    return text[index : index + 7].casefold().startswith(_WORDS)


def neutralise(cell: str) -> str:
    """Prefix an apostrophe to a cell a spreadsheet would run as a formula, or that
    starts with one."""
    return "'" + cell if cell.startswith("'") or formula_like(cell) else cell


def restore(cell: str) -> str:
    """Undo `neutralise`; other text starting with an apostrophe is left as it is."""
    if cell.startswith("'") and (cell.startswith("''") or formula_like(cell[1:])):
        return cell[1:]
    return cell
