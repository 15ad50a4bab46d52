"""The package's layout: public names report their public module; pickles name only those."""

from __future__ import annotations

import pickle
import pickletools

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
