"""The names a spreadsheet gives the columns of a table of figures, in Vietnamese or English.

Offices head their columns in Vietnamese ("Chỉ tiêu", "Giá trị", "Địa bàn", "Kỳ"),
programs in English ("metric", "value", "place", "period"). Each column danvan reads
has one name (the English one, which it writes) and the other names it is known by
(`COLUMN_ALIASES`). Names are compared as `danvan._text.match_key` compares words
(case, spacing and old or new tone placement do not matter), and then without accents
when that finds exactly one column ("Chi tieu"). A name that could mean two columns
("Đơn vị": the unit, or the reporting unit?) is not guessed: the header names it.

The same names head the rows and columns of wide tables (`danvan._io.wide_tables`), where
`ROW_NUMBER` columns ("STT") are skipped and `TOTAL_ROW` rows ("Tổng cộng") are totals.

A place column headed by a level ("Tỉnh", "Huyện", "Xã", "province") says the level of
the places its cells name (`place_level`): "Thanh Hóa" under "Tỉnh" is the province, not
the commune of that name. Long and wide tables read it by the same rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from danvan._lang import Message
from danvan._text import match_key, nfc, plain_key

__all__ = [
    "AMBIGUOUS",
    "COLUMN_ALIASES",
    "PLACE_LEVELS",
    "ROW_NUMBER",
    "TOTAL_ROW",
    "column_named",
    "place_level",
    "row_number",
    "total_row",
    "unknown_column",
]

COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("mã số liệu", "số hiệu"),
    "metric": ("chỉ tiêu", "mã chỉ tiêu", "tên chỉ tiêu", "indicator"),
    "value": ("giá trị", "số liệu", "số lượng", "kết quả", "figure"),
    "unit": ("đơn vị tính", "đvt", "đv tính"),
    "qualifier": ("từ hạn định", "mức độ chính xác"),
    "bounds": ("khoảng giá trị", "cận"),
    "period": ("kỳ", "kỳ báo cáo", "thời gian", "thời kỳ", "năm"),
    "start": ("từ ngày", "ngày bắt đầu"),
    "end": ("đến ngày", "ngày kết thúc"),
    "calendar": ("lịch báo cáo", "lịch"),
    "place": (
        "địa bàn",
        "địa phương",
        "mã địa bàn",
        "tỉnh",
        "tỉnh/thành phố",
        "tỉnh, thành phố",
        "huyện",
        "quận/huyện",
        "xã",
        "xã/phường",
        "xã, phường",
        "place code",
        "province",
        "district",
        "commune",
    ),
    "organisation": ("organization", "tổ chức", "cơ quan", "đơn vị báo cáo"),
    "source": ("nguồn", "nguồn số liệu"),
    "activity": ("hoạt động", "phong trào"),
    "disaggregation": ("phân tổ", "nhãn", "chi tiết"),
    "role": ("vai trò", "vai trò trong nguồn"),
    "quote": ("trích dẫn", "nguyên văn"),
    "note": ("ghi chú", "notes"),
}
"""Each column's other names (its own name, the English one, is always known)."""

PLACE_LEVELS: dict[str, str] = {
    "tỉnh": "province",
    "tỉnh/thành phố": "province",
    "tỉnh, thành phố": "province",
    "province": "province",
    "huyện": "district",
    "quận/huyện": "district",
    "district": "district",
    "xã": "commune",
    "xã/phường": "commune",
    "xã, phường": "commune",
    "commune": "commune",
}
"""Headers of a place column that name the level of its places (a `Level` value: this
module sits on the ground floor, below the places)."""

ROW_NUMBER = ("stt", "tt", "số thứ tự", "no", "no.", "#")
"""Headers of a column of row numbers, which holds no figures."""

TOTAL_ROW = (
    "tổng cộng",
    "tổng",
    "cộng",
    "tổng số",
    "toàn tỉnh",
    "toàn thành phố",
    "toàn huyện",
    "toàn quốc",
    "total",
    "grand total",
)
"""What the first cell of a totals row says."""

AMBIGUOUS: dict[str, str] = {
    "đơn vị": "write 'Đơn vị tính' for the unit, 'Địa bàn' or 'Cơ quan' for who reports",
}
"""Names that could mean two columns, and what to write instead."""


def _table() -> tuple[dict[str, str], dict[str, set[str]]]:
    exact: dict[str, str] = {}
    loose: dict[str, set[str]] = {}
    for column, aliases in COLUMN_ALIASES.items():
        for name in (column, *aliases):
            exact[match_key(name)] = column
            loose.setdefault(plain_key(name), set()).add(column)
    return exact, loose


_EXACT, _LOOSE = _table()
_ROW_NUMBER = frozenset(match_key(n) for n in ROW_NUMBER)
_TOTAL = frozenset(match_key(n) for n in TOTAL_ROW) | frozenset(plain_key(n) for n in TOTAL_ROW)
_LEVELS = {match_key(name): level for name, level in PLACE_LEVELS.items()}
_AMBIGUOUS = {match_key(name): hint for name, hint in AMBIGUOUS.items()}


def _key(name: str) -> str:
    # A trailing colon or asterisk ("Chỉ tiêu:", "Giá trị*") is decoration.
    return match_key(nfc(name).strip().rstrip(":*").strip())


def column_named(name: str, known: Iterable[str] | None = None) -> str | None:
    """The column ``name`` heads, or None.

    Args:
        name: A header cell's text.
        known: The columns that count (all of `COLUMN_ALIASES` by default).

    >>> column_named("Chỉ tiêu"), column_named(" GIÁ TRỊ "), column_named("Chi tieu")
    ('metric', 'value', 'metric')
    >>> column_named("Đơn vị") is None
    True
    """
    allowed = set(COLUMN_ALIASES) if known is None else set(known)
    key = _key(name)
    found = _EXACT.get(key)
    if found is None:
        loose = _LOOSE.get(plain_key(key), set()) & allowed
        found = next(iter(loose)) if len(loose) == 1 else None
    return found if found in allowed else None


def place_level(name: str) -> str | None:
    """The level (a `Level` value) of the places a column headed ``name`` names, or None.

    >>> place_level("Tỉnh"), place_level("HUYỆN"), place_level("Địa bàn")
    ('province', 'district', None)
    """
    return _LEVELS.get(_key(name))


def row_number(name: str) -> bool:
    """Whether ``name`` heads a column of row numbers ("STT").

    >>> row_number("STT"), row_number("Địa bàn")
    (True, False)
    """
    return _key(name) in _ROW_NUMBER


def total_row(text: str) -> bool:
    """Whether a row whose first cell says ``text`` is a totals row ("Tổng cộng").

    >>> total_row("Tổng cộng"), total_row("TONG CONG"), total_row("Giao Thủy")
    (True, True, False)
    """
    key = _key(text)
    return key in _TOTAL or plain_key(key) in _TOTAL


def unknown_column(name: str, known: Sequence[str]) -> Message:
    """The problem of a header cell that names no column (or could name two).

    >>> print(unknown_column("Đơn vị", ["unit", "place"]).in_("vi").partition(":")[0])
    tên cột 'Đơn vị' có thể hiểu hai nghĩa
    """
    hint = _AMBIGUOUS.get(_key(name))
    if hint is not None:
        return Message(
            f"the column name {name!r} could mean two columns: {hint}",
            f"tên cột {name!r} có thể hiểu hai nghĩa: viết 'Đơn vị tính' cho đơn vị tính, "
            f"'Địa bàn' hoặc 'Cơ quan' cho nơi báo cáo",
        )
    return Message(
        f"unknown column {name!r}; the columns are {', '.join(known)}, or their Vietnamese "
        "names (Chỉ tiêu, Giá trị, Đơn vị tính, Kỳ, Địa bàn...)",
        f"không rõ cột {name!r}; các cột là {', '.join(known)}, hoặc tên tiếng Việt của "
        "chúng (Chỉ tiêu, Giá trị, Đơn vị tính, Kỳ, Địa bàn...)",
    )
