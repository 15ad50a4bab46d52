"""`danvan.load`, `danvan.dump` and `danvan.from_pandas`: imported only when first used.

The serialization layer builds cattrs converters; importing it lazily keeps
``import danvan`` fast for programs that never read a file.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # annotations only: the dataset module imports nothing from here
    from danvan._dataset import Dataset
    from danvan._metrics import Catalogue

__all__ = ["dump", "from_pandas", "load"]


def load(path: str | os.PathLike[str]) -> Dataset:
    """Read a dataset from a .json, .jsonl, .csv or .xlsx file.

    See `danvan.serialization.load` for the formats and errors.

    Raises:
        LoadError: every problem of the file, each with its location.
    """
    from danvan.serialization import load as _load

    return _load(path)


def dump(
    dataset: Dataset,
    path: str | os.PathLike[str],
    *,
    replace_read_only: bool = False,
    follow_symlinks: bool = False,
) -> None:
    """Write ``dataset`` to a .json, .jsonl, .csv or .xlsx file, atomically.

    A read-only target, or a symbolic link, is refused unless ``replace_read_only`` or
    ``follow_symlinks`` says to replace it (or the file the link points to). See
    `danvan.serialization.dump` for the formats and errors.

    Raises:
        OSError: the file cannot be written, or is refused; the error names it.
    """
    from danvan.serialization import dump as _dump

    _dump(dataset, path, replace_read_only=replace_read_only, follow_symlinks=follow_symlinks)


def from_pandas(frame: Any, *, catalogue: Catalogue | None = None) -> Dataset:
    """The observations of a `pandas.DataFrame`, one a row, in a dataset (its catalogue
    ``catalogue``, the standard one by default; no places of its own).

    Columns are named as a CSV file's, in English or Vietnamese ("metric" or "Chỉ tiêu",
    "value" or "Giá trị"...), and read by the same rules, every problem located at
    ``row LABEL, column "name"`` and reported together. A frame that `Dataset.to_pandas`
    wrote reads back equal. Needs the ``pandas`` extra.

    >>> import pandas as pd, danvan
    >>> frame = pd.DataFrame({"Chỉ tiêu": ["tips"], "Giá trị": ["gần 9.000"],
    ...                       "Kỳ": ["2017/2021"], "Địa bàn": ["Nam Định"]})
    >>> [(o.metric, str(o.value), o.place) for o in danvan.from_pandas(frame).observations]
    [('tips', 'gần 9.000 tin', '36')]

    Raises:
        LoadError: every problem of the frame, each with its row and column.
        DanvanError: pandas is not installed.
    """
    from danvan._io.frames import from_pandas as _from_pandas  # pandas loads on first use

    return _from_pandas(frame, catalogue=catalogue)
