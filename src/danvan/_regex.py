"""Regular expressions compiled the first time they are used.

Compiling danvan's patterns when their modules load cost several milliseconds of every
``import danvan``, most of it for parsers a program may never call. A `LazyPattern`
holds the pattern's text and flags at module level, where they are read (and where
tests/test_regex_audit.py finds and checks them), and compiles on first use. Python's
`re` module keeps its own cache of compiled patterns, so two threads that compile one
pattern at once get equal patterns: nothing here needs a lock.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator

__all__ = ["LazyPattern"]


class LazyPattern:
    """A regular expression over text, compiled on first use; used like `re.Pattern`.

    Args:
        pattern: The regular expression.
        flags: `re` flags, as for `re.compile`.

    >>> word = LazyPattern(r"[a-z]+", re.IGNORECASE)
    >>> word.fullmatch("Hello")[0], word.findall("two words")
    ('Hello', ['two', 'words'])
    """

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int | re.RegexFlag = 0) -> None:
        self.pattern = pattern
        self.flags = int(flags)
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiled now, if this is its first use)."""
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self.pattern, self.flags)
        return compiled

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r}, {self.flags})"

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """`re.Pattern.match`."""
        return self.compiled.match(string, pos, endpos)

    def fullmatch(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[str] | None:
        """`re.Pattern.fullmatch`."""
        return self.compiled.fullmatch(string, pos, endpos)

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """`re.Pattern.search`."""
        return self.compiled.search(string, pos, endpos)

    def finditer(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        """`re.Pattern.finditer`."""
        return self.compiled.finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[str]:
        """`re.Pattern.findall` (for a pattern with one group or none)."""
        return self.compiled.findall(string, pos, endpos)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        """`re.Pattern.sub`."""
        return self.compiled.sub(repl, string, count)
