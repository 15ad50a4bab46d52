"""Reading a report file as text: plain text (.txt, .md) and Word documents (.docx).

Provincial reports are Word files. python-docx reads them (``pip install
danvan[docx]``), imported on the first .docx read. Paragraphs become lines in document
order; a table becomes its header row, then a sentence per row of figures that says
what its headers say ("Xã Võ Miếu: 25 tin có giá trị; 2 khẩu súng.", see
`danvan._extract.tables`), so that `extract` finds each figure with its place or period.
HTML is the caller's to turn into text.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Any

from danvan._extract.tables import table_lines
from danvan._text import nfc
from danvan.errors import LoadError, Problem

__all__ = ["read_report"]

_INSTALL = "reading .docx reports needs python-docx: pip install 'danvan[docx]'"
_TEXT = (".txt", ".text", ".md")


def read_report(path: str | os.PathLike[str]) -> str:
    """The text of a report file, in NFC, for `extract`.

    Args:
        path: A .txt (or .md) file in UTF-8, or a .docx Word document.

    Returns:
        The text: a .docx file's paragraphs, one a line, and its tables: a table's
        rows of figures as sentences built from its headers ("Xã Võ Miếu: 25 tin có giá
        trị; 2 khẩu súng."), its other rows with their cells joined by " | ".

    Raises:
        LoadError: the file is not UTF-8 text or a readable Word document, its kind is
            not one of these, or python-docx is missing for a .docx file.
        OSError: the file cannot be opened.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "r.txt").write_text("Thu hồi 3 quả bom.", encoding="utf-8")
    >>> read_report(folder / "r.txt")
    'Thu hồi 3 quả bom.'
    """
    file = Path(path)
    source = str(file)
    suffix = file.suffix.lower()
    if suffix in _TEXT:
        data = file.read_bytes()
        try:
            return nfc(data.decode("utf-8-sig"))
        except UnicodeDecodeError as error:
            raise LoadError(
                source,
                [Problem(f"byte {error.start}", "not UTF-8 text: save the report as UTF-8")],
            ) from None
    if suffix == ".docx":
        return nfc(_docx_text(file, source))
    raise LoadError(
        source, [Problem("file", f"a report is a .txt or .docx file, got {suffix or 'none'!r}")]
    )


def _docx_text(file: Path, source: str) -> str:
    try:
        docx = importlib.import_module("docx")
    except ImportError:
        raise LoadError(source, [Problem("file", _INSTALL)]) from None
    if not file.is_file():
        raise FileNotFoundError(2, "No such file or directory", source)
    try:
        document = docx.Document(str(file))
    except Exception as error:  # a damaged or foreign file fails in many ways inside the zip
        raise LoadError(
            source, [Problem("file", f"not a readable .docx document ({type(error).__name__})")]
        ) from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            lines.extend(_table_lines(block))
        else:
            lines.append(block.text)
    return "\n".join(lines)


def _table_lines(table: Any) -> list[str]:
    rows = [[" ".join(cell.text.split()) for cell in row.cells] for row in table.rows]
    width = max((len(row) for row in rows), default=0)
    rows = [[*row, *[""] * (width - len(row))] for row in rows]
    # A cell merged across columns repeats in each: keep one column of a repeated pair.
    kept = [i for i in range(width) if i == 0 or any(row[i] != row[i - 1] for row in rows)]
    return table_lines([[row[i] for i in kept] for row in rows])
