"""The package's layout: public names report their public module; pickles name only those."""

from __future__ import annotations

import ast
import pickle
import pickletools
import re
from collections.abc import Iterable
from pathlib import Path

import attrs

import danvan
from danvan import Dataset, Observation, Period, Source, parse_quantity, seed_gazetteer


def test_public_classes_report_danvan_as_their_module() -> None:
    """Every public class (errors aside, in danvan.errors) says it is danvan.X, wherever it
    is written: reprs, pickles and documentation survive moving it between private modules."""
    classes = [getattr(danvan, name) for name in danvan.__all__]
    public = [c for c in classes if isinstance(c, type) and c.__module__ != "danvan.errors"]
    assert len(public) > 40  # the list is not vacuous
    assert [] == [c.__qualname__ for c in public if c.__module__ != "danvan"]
    assert all(getattr(danvan, c.__qualname__) is c for c in public)


def _globals(data: bytes) -> set[str]:
    """The module of every class or function a protocol-2 pickle refers to."""
    found = set()
    for op, arg, _ in pickletools.genops(data):
        if op.name == "GLOBAL":
            assert isinstance(arg, str)
            found.add(arg.split(" ")[0])
    return found


def test_pickles_name_only_public_modules() -> None:
    """A pickled result (rows, notes, exclusions, reconciliations) refers to danvan's public
    names only, never to the private module a class happens to live in."""
    review = Period.years(2017, 2021)

    def figure(id: str, text: str, year: int, place: str | None = "36") -> Observation:
        value = parse_quantity(text)
        return Observation(
            id=id, metric="models", value=value, period=Period.year(year), place=place
        )

    dataset = Dataset(
        places=seed_gazetteer(),
        observations=[
            figure("old", "40 mô hình", 2019),
            figure("new", "52 mô hình", 2021),
            attrs.evolve(figure("again", "52 mô hình", 2021), source="s"),
            figure("nowhere", "5 mô hình", 2021, place=None),
        ],
        sources=(Source(id="s", title="t"),),
    )
    result = dataset.aggregate("models", period=review, by="province")
    assert result.rows[0].notes
    assert result.excluded
    assert result.reconciliations
    data = pickle.dumps(result, protocol=2)
    assert result == pickle.loads(data)
    assert [] == sorted(m for m in _globals(data) if m.startswith("danvan."))


# -- the floor plan --------------------------------------------------------------------------

ROOT = Path(danvan.__file__).resolve().parent.parent.parent  # the repository
SRC = ROOT / "src"


def _modules() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name)."""
    found = {}
    for path in sorted((SRC / "danvan").rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _under_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The danvan modules ``name`` imports when it runs: at import time, inside functions,
    and by name (``importlib.import_module("danvan._aggregate.columnar")``). Imports under
    ``if TYPE_CHECKING:`` never run and are not counted."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _under_type_checking(node):
            for other in node.orelse:
                visit(other)
            return
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("danvan"))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("danvan"):
            assert node.module is not None
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in modules else node.module)
        elif isinstance(node, ast.Constant) and node.value in modules and node.value != name:
            found.add(str(node.value))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _floors(modules: Iterable[str]) -> dict[str, int]:
    """Each module's floor, as CONTRIBUTING.md's floor plan lists it (by its name within
    the package: ``_aggregate.rules`` for ``danvan._aggregate.rules``)."""
    known = set(modules)
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    plan = text.split("## Floor plan", 1)[1].split("\n## ", 1)[0]
    floors: dict[str, int] = {}
    for item in re.findall(r"^\d+\. .*?(?=\n\d+\. |\n\n|\Z)", plan, flags=re.M | re.S):
        floor = int(item.split(".", 1)[0])
        for name in re.findall(r"`([\w.]+)`", item):
            module = "danvan" if name == "danvan" else f"danvan.{name}"
            if module in known:
                floors[module] = floor
    return floors


def test_no_import_circles() -> None:
    """The modules import each other without a circle, counting imports inside
    functions."""
    graph = _graph()
    assert len(graph) > 30  # the package, not an empty directory
    circles = []
    state: dict[str, int] = {}  # 1: being visited, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                circles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert [] == circles


def test_every_import_goes_down_the_floor_plan() -> None:
    """Every module is on a floor of CONTRIBUTING.md's plan, and imports only modules on
    its floor or below: none reaches up, at import time or inside a function."""
    graph = _graph()
    floors = _floors(graph)
    assert [] == sorted(set(graph) - set(floors))  # every module has its floor
    upward = sorted(
        f"{module} (floor {floors[module]}) imports {target} (floor {floors[target]})"
        for module, targets in graph.items()
        for target in targets
        if floors[target] > floors[module]
    )
    assert [] == upward
