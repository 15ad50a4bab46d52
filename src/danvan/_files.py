"""`danvan.load` and `danvan.dump`: the file functions, imported only when first used.

The serialization layer builds cattrs converters; importing it lazily keeps
``import danvan`` fast for programs that never read a file.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: the dataset module imports nothing from here
    from danvan._dataset import Dataset

__all__ = ["dump", "load"]


def load(path: str | os.PathLike[str]) -> Dataset:
    """Read a dataset from a .json, .jsonl, .csv or .xlsx file.

    See `danvan.serialization.load` for the formats and errors.

    Raises:
        LoadError: every problem of the file, each with its location.
    """
    from danvan.serialization import load as _load

    return _load(path)


def dump(dataset: Dataset, path: str | os.PathLike[str]) -> None:
    """Write ``dataset`` to a .json, .jsonl, .csv or .xlsx file, atomically.

    See `danvan.serialization.dump` for the formats.
    """
    from danvan.serialization import dump as _dump

    _dump(dataset, path)
