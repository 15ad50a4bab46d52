"""Tables of figures, as sentences `extract` reads: the figures of Word reports' tables.

Provincial reports put their figures in tables: a row per commune (or per line of work)
and a column per metric (or per period), the unit in the header ("Súng (khẩu)", "Số tin
có giá trị"). A bare number in a cell is no figure to `extract`, which reads a count
before its counting word, with its period and place around it. So each row with numbers
becomes one sentence that says what the table says, in the order reports write it:

    | TT | Đơn vị     | Số tin có giá trị | Súng (khẩu) |
    | 1  | Xã Võ Miếu | 25                | 2           |

becomes "Xã Võ Miếu: 25 tin có giá trị; 2 khẩu súng." The headers of the columns name
the counting word; when they do not and the headers of the rows do (a row per metric, a
column per period or place), the other way round: "Tin có giá trị (tin): năm 2023, 120
tin có giá trị; 6 tháng đầu năm 2024, 65 tin có giá trị." A table whose headers name no
counting word keeps its rows as text, cells joined by " | ": its numbers are left to the
reader, not guessed into figures.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from danvan._place_names import split_type
from danvan._text import match_key
from danvan._units import Vocabulary, standard_vocabulary

__all__ = ["table_lines"]

_INDEX_HEADERS = frozenset(match_key(w) for w in ("tt", "stt", "số tt", "số thứ tự"))
# "Số tin có giá trị", "Tổng số vụ": the words before a counting word in a header.
_COUNT_OF = re.compile(r"^(?:tổng số lượng|tổng số|số lượng|số)[ \t]{1,3}", re.IGNORECASE)
_BRACKETED_UNIT = re.compile(r"^(.*?)[ \t]{0,3}\(([^()]{1,30})\)[ \t]{0,3}$")
# Column headers that say nothing of the figures beneath them.
_GENERIC_HEADERS = frozenset(
    match_key(w) for w in ("", "số lượng", "số liệu", "kết quả", "tổng", "tổng số", "số")
)
_NUMBER = re.compile(r"[+-]?\d{1,15}(?:[.,]\d{1,15}){0,5}[ \t]{0,2}%?")


def table_lines(rows: Sequence[Sequence[str]], vocabulary: Vocabulary | None = None) -> list[str]:
    """The lines a table reads as: sentences for its rows of figures, else its rows.

    Args:
        rows: The cells of each row, as text; the first row holds the column headers.
        vocabulary: The counting words headers are read with (the built-in ones).

    >>> table_lines([["Đơn vị", "Súng (khẩu)"], ["Xã Võ Miếu", "2"]])
    ['Đơn vị | Súng (khẩu)', 'Xã Võ Miếu: 2 khẩu súng.']
    """
    vocab = standard_vocabulary() if vocabulary is None else vocabulary
    cells = [[" ".join(c.split()) for c in row] for row in rows]
    # A title merged across the table ("BẢNG TỔNG HỢP KẾT QUẢ") stands above its headers.
    titles = []
    while len(cells) > 2 and len(set(cells[0])) == 1 and len(cells[0]) > 1:
        titles.append(cells.pop(0)[0])
    return [*titles, *_lines(cells, vocab)]


def _lines(cells: list[list[str]], vocab: Vocabulary) -> list[str]:
    plain = [" | ".join(row) for row in cells]
    if len(cells) < 2:
        return plain
    width = max(len(row) for row in cells)
    cells = [[*row, *[""] * (width - len(row))] for row in cells]
    header = cells[0]
    label = next((i for i in range(width) if not _is_index(cells, i)), None)
    if label is None:
        return plain
    columns = [i for i in range(width) if i != label and not _is_index(cells, i)]
    by_column = {i: _counted(header[i], vocab) for i in columns}
    if any(by_column[i] for i in columns if _has_numbers(cells, i)):
        return [
            plain[0],
            *(_row_by_columns(row, label, columns, header, by_column) for row in cells[1:]),
        ]
    by_row = [_counted(row[label], vocab) for row in cells[1:]]
    if all(phrase for row, phrase in zip(cells[1:], by_row, strict=True) if _numbers_in(row)):
        return [
            plain[0],
            *(
                _row_by_rows(row, label, phrase, header, columns)
                for row, phrase in zip(cells[1:], by_row, strict=True)
            ),
        ]
    return plain


def _is_index(cells: Sequence[Sequence[str]], i: int) -> bool:
    """Whether column ``i`` numbers the rows ("TT", "STT")."""
    return match_key(cells[0][i]) in _INDEX_HEADERS


def _has_numbers(cells: Sequence[Sequence[str]], i: int) -> bool:
    return any(_NUMBER.fullmatch(row[i]) for row in cells[1:])


def _numbers_in(row: Sequence[str]) -> bool:
    return any(_NUMBER.fullmatch(cell) for cell in row)


def _counted(header: str, vocab: Vocabulary) -> str:
    """What a header counts, written as it would follow a number ("Súng (khẩu)": "khẩu
    súng", "Số tin có giá trị": "tin có giá trị"; "%" for "Tỷ lệ (%)"), or "" when it
    names no counting word."""
    kind, name = split_type(header, loose=False)
    if kind is not None and name[:1].isupper():
        return ""  # "Xã Võ Miếu": a place, not communes counted
    text = _COUNT_OF.sub("", header.strip())
    unit = ""
    if bracketed := _BRACKETED_UNIT.match(text):
        text, unit = bracketed[1].strip(), bracketed[2].strip()
        if unit == "%":
            return "%"
    if not text and not unit:
        return ""
    text = text[:1].lower() + text[1:] if text[1:2].islower() or len(text) == 1 else text
    if unit and match_key(text).startswith(match_key(unit)):
        unit = ""  # "Tin có giá trị (tin)"
    phrase = " ".join(part for part in (unit, text) if part)
    if any(ch.isdigit() for ch in phrase):
        return ""  # "Năm 2023", "Quý I/2024": a period, not a counting word
    return phrase if vocab.match_words(phrase.split()) is not None else ""


def _figure(cell: str, phrase: str) -> str:
    if cell.endswith("%"):
        return cell
    return f"{cell}%" if phrase == "%" else f"{cell} {phrase}"


def _row_by_columns(
    row: Sequence[str],
    label: int,
    columns: Sequence[int],
    header: Sequence[str],
    phrases: dict[int, str],
) -> str:
    """ "Xã Võ Miếu: 25 tin có giá trị; 2 khẩu súng.": a row of a column per metric. A
    column whose header names no counting word keeps its number after its header, as
    text ("Ghi chú 3"): no figure is made of it."""
    figures = [
        _figure(row[i], phrases[i]) if phrases[i] else f"{header[i]} {row[i]}"
        for i in columns
        if _NUMBER.fullmatch(row[i])
    ]
    if not figures:
        return " | ".join(row)
    return f"{row[label]}: {'; '.join(figures)}."


def _row_by_rows(
    row: Sequence[str], label: int, phrase: str, header: Sequence[str], columns: Sequence[int]
) -> str:
    """ "Tin có giá trị (tin): năm 2023, 120 tin có giá trị; ...": a row per metric, a
    column per period or place."""
    figures = [
        _figure(row[i], phrase)
        if match_key(header[i]) in _GENERIC_HEADERS
        else f"{_lower_first(header[i])}, {_figure(row[i], phrase)}"
        for i in columns
        if _NUMBER.fullmatch(row[i])
    ]
    if not figures:
        return " | ".join(row)
    return f"{row[label]}: {'; '.join(figures)}."


def _lower_first(text: str) -> str:
    """ "Năm 2023" as "năm 2023" (inside a sentence); names ("Xã Võ Miếu") keep theirs."""
    words = text.split()
    if words and match_key(words[0]) in {match_key(w) for w in ("năm", "quý", "tháng")}:
        return " ".join([words[0].lower(), *words[1:]])
    return text
