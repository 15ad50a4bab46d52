"""Public classes report ``danvan`` as their module, wherever they are written.

Reprs, pickles and documentation then name ``danvan.Quantity``, and survive moving a
class to another private module. ``danvan/__init__.py`` publishes the classes it imports
when it loads; a module that ``import danvan`` leaves for first use (aggregation,
validation) publishes its own public classes when it loads, so that they say ``danvan``
however they are reached: by ``danvan.Row``, or by ``Dataset.aggregate`` before anyone
asked for ``danvan.Row``.
"""

from __future__ import annotations

import functools
import inspect
import sys
import types
from collections import ChainMap
from typing import Any

__all__ = ["DEFINED_IN", "public_names", "publish"]

DEFINED_IN: dict[type, str] = {}
"""The private module each public class is written in (doctests are collected there)."""

_PUBLIC: dict[str, Any] = {}
"""danvan's own namespace, handed down by ``danvan/__init__.py`` as it loads: an
annotation may name a public type from a floor above its module (``FunctionRule`` names
`Dataset`), which that module imports for type checking only."""


def public_names(namespace: dict[str, Any]) -> None:
    """Resolve annotations with ``namespace``, danvan's own, at hand (see `publish`)."""
    global _PUBLIC
    _PUBLIC = namespace


@functools.cache
def _annotation(hint: str) -> types.CodeType:
    """An annotation compiled once: classes repeat them ("str | None"), and compiling
    each anew was a noticeable part of `import danvan`."""
    return compile(hint, "<annotation>", "eval")


def publish(cls: type) -> type:
    """Make ``cls`` report ``danvan`` as its module, and return it.

    Its annotations are resolved first, in its own module with danvan's public names at
    hand: `typing.get_type_hints`, which cattrs and Hypothesis use, would otherwise look
    them up in ``danvan``. Publishing a class twice does nothing.
    """
    if cls in DEFINED_IN:
        return cls  # already published
    home = vars(sys.modules[cls.__module__])
    names = ChainMap(_PUBLIC, home)
    cls.__annotations__ = {
        # What typing.get_type_hints does for each of our own annotations, once.
        name: eval(_annotation(hint), home, names) if isinstance(hint, str) else hint
        for name, hint in inspect.get_annotations(cls).items()
    }
    DEFINED_IN[cls] = cls.__module__
    cls.__module__ = _PUBLIC["__name__"]  # the module that handed its names down: danvan
    return cls
