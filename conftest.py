"""pytest settings for the whole repository: doctests of public classes where they are written.

Public classes report ``danvan`` as their module (reprs and pickles then survive moving
them). The standard doctest finder goes by that module, so it would collect a class's
docstring under ``danvan``, run it in the wrong namespace, and skip its methods'
docstrings (their globals are the private module's). It is told here where each public
class is written (``danvan._DEFINED_IN``), so each docstring runs once, in its own
module, as before.
"""

from __future__ import annotations

import doctest
from types import ModuleType

import danvan

_from_module = doctest.DocTestFinder._from_module  # type: ignore[attr-defined]  # private


def _from_home(self: doctest.DocTestFinder, module: ModuleType | None, obj: object) -> bool:
    home = danvan._DEFINED_IN.get(obj) if isinstance(obj, type) else None
    if home is not None and module is not None:
        return module.__name__ == home
    result: bool = _from_module(self, module, obj)
    return result


doctest.DocTestFinder._from_module = _from_home  # type: ignore[attr-defined]  # private
