"""Every regular expression in danvan runs in time linear in its input.

Python's `re` backtracks. Two quantifiers that can take the same characters, with only
optional parts between them (``\\s*[^=]*?\\s*``), make a failing match try every way of
sharing a run of those characters: quadratic time for two, cubic for three, and a
quantifier inside another (``(a+)+``) is exponential. A pattern searched for (``search``,
``sub``, ``findall``, ``split``) that starts with a quantifier retries it at each
position of a run: quadratic too. This module finds every pattern in ``src/danvan``
(compiled at module level, held by a `LazyPattern` that compiles on first use, or written
in a call to `re`) and checks it for these shapes. A pattern it cannot evaluate (one built
inside a function from the function's own names) is a failure: it would go unchecked.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import pkgutil
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import danvan
from danvan._regex import LazyPattern

_PARSER: Any = importlib.import_module("re._parser")
_C: Any = importlib.import_module("re._constants")

SRC = Path(danvan.__file__).parent
_SEARCHING = frozenset({"search", "sub", "subn", "findall", "finditer", "split"})
_CALLS = _SEARCHING | {"compile", "match", "fullmatch"}
# Where each function of `re` takes its flags, when given by position.
_FLAGS_AT = {"compile": 1, "split": 3, "sub": 4, "subn": 4}
# A bounded repeat of up to this many items (\d{1,4}) is too short to matter.
_SHORT = 8

# The characters each class is tested on: Latin and Vietnamese letters, digits of other
# scripts, every kind of space, full-width signs.
_SAMPLE = "".join(
    [
        *map(chr, range(0x250)),
        *map(chr, range(0x1E00, 0x1F00)),
        *map(chr, range(0x2000, 0x2030)),
        "\u1680\u205f\u3000\ufeff٠١٢٣٤٥٦٧٨٩०१＝＋－＠０１∞–“”",
    ]
)


def _category(code: Any, ch: str, ascii_only: bool) -> bool:
    tests: dict[Any, Callable[[str], bool]] = {
        _C.CATEGORY_DIGIT: lambda c: c.isdecimal() and (c.isascii() or not ascii_only),
        _C.CATEGORY_SPACE: lambda c: c.isspace() and (c.isascii() or not ascii_only),
        _C.CATEGORY_WORD: lambda c: (c.isalnum() or c == "_") and (c.isascii() or not ascii_only),
        _C.CATEGORY_LINEBREAK: lambda c: c == "\n",
    }
    for positive, test in tests.items():
        if code == positive:
            return bool(test(ch))
        if str(code) == str(positive).replace("CATEGORY_", "CATEGORY_NOT_"):
            return not test(ch)
    raise AssertionError(f"unknown category {code}")  # pragma: no cover - a new re feature


def _in_class(items: list[tuple[Any, Any]], ch: str, flags: int) -> bool:
    negate = False
    found = False
    folded = {ch, ch.lower(), ch.upper()} if flags & re.IGNORECASE else {ch}
    for op, av in items:
        if op is _C.NEGATE:
            negate = True
        elif op is _C.LITERAL:
            found |= chr(av) in folded
        elif op is _C.RANGE:
            found |= any(av[0] <= ord(c) <= av[1] for c in folded)
        elif op is _C.CATEGORY:
            found |= _category(av, ch, bool(flags & re.ASCII))
        else:  # pragma: no cover - a new re feature
            raise AssertionError(f"unknown class item {op}")
    return found != negate


class _Audit:
    """Walks one parsed pattern, noting every shape that backtracks without bound."""

    def __init__(self, flags: int) -> None:
        self.flags = flags
        self.found: list[str] = []

    def chars(self, seq: Any) -> frozenset[str]:
        """Every sample character some position of ``seq`` can match."""
        out: set[str] = set()
        for op, av in seq:
            if op is _C.LITERAL:
                out |= {c for c in _SAMPLE if _in_class([(op, av)], c, self.flags)}
            elif op is _C.NOT_LITERAL:
                out |= {c for c in _SAMPLE if c != chr(av)}
            elif op is _C.ANY:
                out |= {c for c in _SAMPLE if c != "\n" or self.flags & re.DOTALL}
            elif op is _C.IN:
                out |= {c for c in _SAMPLE if _in_class(av, c, self.flags)}
            elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT):
                out |= self.chars(av[2])
            elif op is _C.SUBPATTERN:
                out |= self.chars(av[3])
            elif op is _C.ATOMIC_GROUP:
                out |= self.chars(av)
            elif op is _C.BRANCH:
                for alternative in av[1]:
                    out |= self.chars(alternative)
        return frozenset(out)

    def nullable(self, item: tuple[Any, Any]) -> bool:
        op, av = item
        if op in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
            return True
        if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT):
            return av[0] == 0 or all(self.nullable(i) for i in av[2])
        if op is _C.SUBPATTERN:
            return all(self.nullable(i) for i in av[3])
        if op is _C.BRANCH:
            return any(all(self.nullable(i) for i in alt) for alt in av[1])
        return False

    @staticmethod
    def loops(item: tuple[Any, Any]) -> bool:
        op, av = item
        return op in (_C.MAX_REPEAT, _C.MIN_REPEAT) and av[1] - av[0] > _SHORT

    def boundary(self, seq: Any, last: bool) -> frozenset[str]:
        """The characters ``seq`` can start with (or end with, when ``last``)."""
        out: set[str] = set()
        for item in reversed(list(seq)) if last else seq:
            op, av = item
            if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT):
                out |= self.boundary(av[2], last)
            elif op is _C.SUBPATTERN:
                out |= self.boundary(av[3], last)
            elif op is _C.ATOMIC_GROUP:
                out |= self.boundary(av, last)
            elif op is _C.BRANCH:
                for alternative in av[1]:
                    out |= self.boundary(alternative, last)
            else:
                out |= self.chars([item])
            if not self.nullable(item):
                break
        return frozenset(out)

    def edge(self, seq: Any, last: bool) -> list[frozenset[str]]:
        """The characters of each backtracking loop that can end (or start) ``seq``.

        A loop's edge is what its body can end (or start) with: a run that must begin
        with a separator (``(?: [a-z]+)*``) shares nothing with a run of letters before it.
        """
        out: list[frozenset[str]] = []
        for item in reversed(seq) if last else seq:
            op, av = item
            if self.loops(item):
                out.append(self.boundary(av[2], last))
            elif op is _C.SUBPATTERN:
                out += self.edge(av[3], last)
            elif op is _C.BRANCH:
                for alternative in av[1]:
                    out += self.edge(alternative, last)
            if not self.nullable(item):
                break
        return out

    def walk(self, seq: Any, inside_loop: frozenset[str] | None = None) -> None:
        """``inside_loop``: what the enclosing loop's body starts with, inside one."""
        items = list(seq)
        for i, item in enumerate(items):
            op, av = item
            ends = self.edge([item], last=True)
            for j in range(i + 1, len(items)):
                starts = self.edge([items[j]], last=False)
                if any(a & b for a in ends for b in starts):
                    shared = sorted(set().union(*(a & b for a in ends for b in starts)))[:5]
                    self.found.append(
                        f"items {i} and {j} are neighbouring quantifiers that can both "
                        f"take {''.join(shared)!r}"
                    )
                if not self.nullable(items[j]):
                    break
            if self.loops(item):
                if inside_loop is not None and self.chars(av[2]) & inside_loop:
                    # The outer loop's next turn could start on what this one takes:
                    # a run splits between the turns in many ways ("(a+)+").
                    self.found.append(f"item {i} is a quantifier inside a quantifier")
                self.walk(av[2], inside_loop=self.boundary(av[2], last=False))
            elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT):
                self.walk(av[2], inside_loop)
            elif op is _C.SUBPATTERN:
                self.walk(av[3], inside_loop)
            elif op is _C.BRANCH:
                for alternative in av[1]:
                    self.walk(alternative, inside_loop)


def audit(pattern: str, flags: int = 0, *, searched: bool = False) -> list[str]:
    """The shapes of ``pattern`` that take more than linear time, described ([] if none).

    >>> audit(r" *x? *")
    ["items 0 and 2 are neighbouring quantifiers that can both take ' '"]
    """
    parsed = _PARSER.parse(pattern, flags)
    checker = _Audit(flags | parsed.state.flags)
    checker.walk(parsed)
    anchored = bool(parsed) and parsed[0] == (_C.AT, _C.AT_BEGINNING_STRING)
    # A search retries at each position of a run the leading quantifier takes; that costs
    # only if the rest of the pattern can then fail (a lone "[^a-z]+" always succeeds).
    leading = checker.edge(parsed, last=False)
    rest_can_fail = not all(checker.nullable(item) for item in list(parsed)[1:])
    if searched and not anchored and leading and rest_can_fail:
        checker.found.append("searched for, and starts with a quantifier: tried at each position")
    return checker.found


# --- the patterns of danvan -----------------------------------------------------------------


def _modules() -> Iterator[Any]:
    """Every module of the package, those of its subpackages (``danvan._io``) included."""
    for info in pkgutil.walk_packages([str(SRC)], prefix="danvan."):
        yield importlib.import_module(info.name)


def _patterns() -> Iterator[tuple[str, str, int, bool]]:
    """(where, pattern, flags, searched) of every pattern in src/danvan."""
    for module in _modules():
        yield from _patterns_of(module)


def _pattern_calls(tree: ast.Module) -> Iterator[tuple[ast.Call, str, bool]]:
    """Each call that takes a pattern (``re.compile``, ``re.sub``, ``LazyPattern``...),
    with the function it calls and whether it runs inside a function (at call time)."""

    def visit(node: ast.AST, inside: bool) -> Iterator[tuple[ast.Call, str, bool]]:
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                if func.value.id == "re" and func.attr in _CALLS:
                    yield node, func.attr, inside
            elif isinstance(func, ast.Name) and func.id == LazyPattern.__name__:
                yield node, "compile", inside
        inner = inside or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        for child in ast.iter_child_nodes(node):
            yield from visit(child, inner)

    yield from visit(tree, False)


def _unseen(module: Any) -> list[str]:
    """The calls of ``module`` whose pattern the audit cannot evaluate: built at call time
    from a function's own names, they would never be checked."""
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    out = []
    for node, _, inside in _pattern_calls(tree):
        try:
            eval(compile(ast.Expression(node.args[0]), module.__file__, "eval"), vars(module))
        except NameError:
            # At module level, a table compiled in a comprehension: found among the tables.
            if inside:
                out.append(f"{module.__name__}:{node.lineno}")
    return out


def _patterns_of(module: Any) -> Iterator[tuple[str, str, int, bool]]:
    """(where, pattern, flags, searched) of every pattern of one module."""
    source = Path(module.__file__).read_text(encoding="utf-8")
    tree = ast.parse(source)
    searched_names = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        func = node.func
        target = func.value
        if isinstance(target, ast.Name) and target.id != "re" and func.attr in _SEARCHING:
            searched_names.add(target.id)
    for node, name, _ in _pattern_calls(tree):
        # Patterns are literals or built from module-level names: evaluate them there.
        # One built from a loop's name (a table compiled in a comprehension) is
        # found below, among the module's tables; `_unseen` lists any other.
        expression = ast.Expression(node.args[0])
        try:
            pattern = eval(compile(expression, module.__file__, "eval"), vars(module))
        except NameError:
            continue
        flags = 0
        position = _FLAGS_AT.get(name, 2)  # LazyPattern's are as re.compile's
        flag_node = next((k.value for k in node.keywords if k.arg == "flags"), None)
        if flag_node is None and len(node.args) > position:
            flag_node = node.args[position]
        if flag_node is not None:
            flags = eval(compile(ast.Expression(flag_node), "", "eval"), vars(module))
        yield (
            f"{module.__name__}:{node.lineno}",
            pattern,
            int(flags),
            name in _SEARCHING,
        )
    for name, value in vars(module).items():
        found = list(_compiled(value))
        for i, (pattern, flags) in enumerate(found):
            yield (
                f"{module.__name__}.{name}" + (f"[{i}]" if len(found) > 1 else ""),
                pattern,
                flags,
                name in searched_names,
            )


def _compiled(value: object, depth: int = 3) -> Iterator[tuple[str, int]]:
    """The (pattern, flags) of each pattern ``value`` is or holds, compiled or lazy, in
    tables up to ``depth`` deep."""
    if isinstance(value, re.Pattern):
        if isinstance(value.pattern, str):
            yield value.pattern, value.flags
    elif isinstance(value, LazyPattern):
        yield value.pattern, value.flags
    elif depth and isinstance(value, tuple | list):
        for item in value:
            yield from _compiled(item, depth - 1)
    elif depth and isinstance(value, dict):
        for item in value.values():
            yield from _compiled(item, depth - 1)


PATTERNS = sorted(set(_patterns()))
# Shapes the audit flags that cannot slow down, because of the text they are given.
EXEMPT: dict[str, str] = {}
# Modules whose calls may compile a pattern the audit cannot evaluate, and why that is safe.
UNSEEN_OK = {
    "danvan._regex": "LazyPattern compiles the patterns the audit reads where they are made",
}


def test_every_pattern_is_found() -> None:
    """The audit sees the patterns of the modules that use regular expressions."""
    assert {"danvan._documents", "danvan._io.json_documents", "danvan._fields"} <= {
        where.split(":")[0].rsplit(".", 1)[0] if ":" not in where else where.split(":")[0]
        for where, _, _, _ in PATTERNS
    }


def test_lazy_patterns_are_found() -> None:
    """Patterns compiled on first use are audited, alone and in tables."""
    where = {w for w, _, _, _ in PATTERNS}
    assert {"danvan._period_text._EVENT", "danvan._period_text._RULES[0]"} <= where


def test_no_pattern_is_out_of_sight() -> None:
    """Every pattern of src/danvan can be evaluated by the audit: none is built at call
    time from a function's own names."""
    unseen = [u for m in _modules() if m.__name__ not in UNSEEN_OK for u in _unseen(m)]
    assert [] == unseen


def test_every_exemption_names_a_pattern() -> None:
    """An exemption names a pattern the audit finds (a renamed one would hide nothing)."""
    where = {w for w, _, _, _ in PATTERNS}
    assert set() == set(EXEMPT) - where


_PLANTED = """
import functools
import re

from danvan._regex import LazyPattern

_SLOW = LazyPattern(r"(a+)+b")
_TABLE = ((LazyPattern(r"x*y?x*"), "method"),)
_SEARCHED = LazyPattern(r"\\s*([-/:])")


def searched(text):
    return _SEARCHED.search(text)


def hidden(word):
    return re.compile(word + "+"), LazyPattern(word + "*")
"""


def _plant(tmp_path: Path) -> Any:
    """A module written like danvan's, with slow patterns held lazily."""
    path = tmp_path / "planted.py"
    path.write_text(_PLANTED, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("planted", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_audit_finds_slow_lazy_patterns(tmp_path: Path) -> None:
    """A slow pattern compiled on first use, alone, in a table or searched for, is flagged."""
    found = {
        where: audit(pattern, flags, searched=searched)
        for where, pattern, flags, searched in _patterns_of(_plant(tmp_path))
    }
    assert {"planted._SLOW", "planted._TABLE", "planted._SEARCHED"} <= {
        where for where, problems in found.items() if problems
    }


def test_the_audit_reports_patterns_out_of_its_sight(tmp_path: Path) -> None:
    """A pattern built inside a function from its own names is reported, compiled or lazy."""
    assert ["planted:17", "planted:17"] == _unseen(_plant(tmp_path))


AUDITED = [p for p in PATTERNS if p[0] not in EXEMPT]


@pytest.mark.parametrize(
    ("where", "pattern", "flags", "searched"), AUDITED, ids=[p[0] for p in AUDITED]
)
def test_pattern_runs_in_linear_time(where: str, pattern: str, flags: int, searched: bool) -> None:
    """No pattern has neighbouring quantifiers over the same characters, nests one
    quantifier in another, or is searched for starting with a quantifier."""
    assert [] == audit(pattern, flags, searched=searched)


@pytest.mark.parametrize(
    ("pattern", "searched"),
    [
        (r"^\s*(?P<num>[^/]+?)\s*/\s*(?P<den>[\d.,]+)", False),  # parse_ratio before issue 15
        (r"([A-Za-z-]+)\s*:\s*([^@]*?)\s*@\s*(.*)", False),  # successor links, likewise
        (r"([\[(])\s*([^;\s]+)\s*;\s*([^;\s\])]*)\s*([\])])", False),  # CSV bounds, likewise
        (r"(a+)+b", False),
        (r"(?:a+b?)+c", False),
        (r"\s*([-/:])\s*", True),
    ],
)
def test_the_audit_finds_slow_patterns(pattern: str, searched: bool) -> None:
    """Each shape known to backtrack without bound is found."""
    assert [] != audit(pattern, searched=searched)


@pytest.mark.parametrize(
    "pattern",
    [
        r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$",
        r"\d[\d.,]*",
        r"\S+",
        r"([0-9]+)\.([0-9]+)",
        r"a*b*",
        r"[^\W_]+(?: [^\W_]+)*",
        r"(?:ab+)+",
    ],
)
def test_the_audit_passes_linear_patterns(pattern: str) -> None:
    """Quantifiers over disjoint characters, or bounded ones, are not flagged."""
    assert [] == audit(pattern)
