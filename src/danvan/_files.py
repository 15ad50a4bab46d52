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
