"""Who and which: organisations and labels tell figures apart, once for every engine.

Different organisations' figures at one place and period are different actors' work and
add up; the same organisation's figure restated by two sources counts once; a figure of
everyone (no organisation), or of an organisation above, is the whole of theirs. Labels
match as names do ("Nam" and "nam").
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from danvan import (
    Aggregation,
    Dataset,
    Observation,
    Organisation,
    Period,
    Quantity,
    Source,
    parse_quantity,
    seed_gazetteer,
)
from danvan._breakdown import Actors, holds, told_apart
from danvan.strategies import datasets

YEAR = Period.year(2021)
ENGINES = ("reference", "columnar")
ORGANISATIONS = (
    Organisation(id="hpn", name="Hội LHPN tỉnh Nam Định", kind="mass-organisation"),
    Organisation(
        id="hpn-hh", name="Hội LHPN huyện Hải Hậu", kind="mass-organisation", parent="hpn"
    ),
    Organisation(id="dtn", name="Tỉnh đoàn Nam Định", kind="mass-organisation"),
)


def gifts(
    id: str, figure: str, organisation: str | None, *, place: str = "36", **kwargs: Any
) -> Observation:
    """Gift parcels handed out in 2021 (a flow), by ``organisation``."""
    fields: dict[str, Any] = {"source": "bao", **kwargs}
    return Observation(
        id=id,
        metric="charity.gifts",
        value=parse_quantity(figure),
        period=YEAR,
        place=place,
        organisation=organisation,
        **fields,
    )


def dataset(*observations: Observation) -> Dataset:
    return Dataset(
        places=seed_gazetteer(),
        organisations=ORGANISATIONS,
        sources=(Source(id="bao", title="Báo Nam Định"), Source(id="dai", title="Đài tỉnh")),
        observations=observations,
    )


def totals(data: Dataset, engine: str, **question: Any) -> list[tuple[str, tuple[str, ...]]]:
    result = data.aggregate("charity.gifts", period=YEAR, engine=engine, **question)
    return [(str(row.value), row.observations) for row in result.rows]


# -- the rule, on its own --------------------------------------------------------------------


def test_an_organisation_holds_those_below_it_and_everyone_holds_all() -> None:
    """The province's union holds its district chapter; no organisation holds every one."""
    actors = Actors(ORGANISATIONS)
    assert (True, True, False, True) == (
        actors.covers("hpn", "hpn-hh"),
        actors.covers(None, "dtn"),
        actors.covers("hpn-hh", "hpn"),
        actors.covers("dtn", "dtn"),
    )
    assert (True, False, False) == (
        actors.disjoint("hpn-hh", "dtn"),
        actors.disjoint("hpn", "hpn-hh"),
        actors.disjoint(None, "dtn"),
    )


def test_a_loop_of_parents_ends() -> None:
    """Parents that loop (a mistake in the data) end the chain instead of hanging."""
    looped = Actors(
        [
            Organisation(id="a", name="A", kind="other", parent="b"),
            Organisation(id="b", name="B", kind="other", parent="a"),
        ]
    )
    assert (frozenset({"b"}), True) == (looped.above("a"), looped.covers("a", "b"))


@pytest.mark.parametrize(
    ("whole", "part"),
    [("Nam", "nam"), ("hoà bình", "hòa bình"), ("Người  dân tộc", "người dân tộc")],
)
def test_labels_match_as_names_do(whole: str, part: str) -> None:
    """A label written with another case, tone placement or spacing is the same label."""
    a = attrs.evolve(gifts("a", "5 suất", None), disaggregation=whole)
    b = attrs.evolve(gifts("b", "5 suất", None), disaggregation=part)
    actors = Actors()
    assert (a.key, True, False) == (b.key, holds(a, b, actors), told_apart(a, b, actors))


# -- two organisations at one place ---------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_two_organisations_at_one_place_add_up(engine: str) -> None:
    """The Women's Union's 100 parcels and the Youth Union's 50 in the province: 150."""
    data = dataset(gifts("hpn", "100 suất", "hpn"), gifts("dtn", "50 suất", "dtn"))
    assert [("150 suất quà", ("dtn", "hpn"))] == totals(data, engine)
    assert () == data.validate().findings


@pytest.mark.parametrize("engine", ENGINES)
def test_one_organisations_figure_restated_by_two_sources_counts_once(engine: str) -> None:
    """The paper and the radio both give the Union's 100 parcels: 100, reconciled."""
    data = dataset(
        gifts("bao", "100 suất", "hpn"), gifts("dai", "khoảng 100 suất", "hpn", source="dai")
    )
    result = data.aggregate("charity.gifts", period=YEAR, engine=engine)
    assert [("100 suất quà", ("bao",))] == totals(data, engine)
    assert [("restatement", "bao", ("dai",))] == [
        (r.kind, r.whole, r.parts) for r in result.reconciliations
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_figure_of_everyone_is_the_whole_of_the_organisations(engine: str) -> None:
    """ "The province handed out 180 parcels, 100 of them by the Women's Union": 180."""
    data = dataset(gifts("all", "180 suất", None), gifts("hpn", "100 suất", "hpn"))
    result = data.aggregate("charity.gifts", period=YEAR, engine=engine)
    assert [("180 suất quà", ("all",))] == totals(data, engine)
    (reconciled,) = result.reconciliations
    assert ("parts", "all", ("hpn",), False, True, "whole") == (
        reconciled.kind,
        reconciled.whole,
        reconciled.parts,
        reconciled.complete,
        reconciled.consistent,
        reconciled.used,
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_an_organisation_above_holds_its_chapters_figures_below(engine: str) -> None:
    """The provincial union's 300 parcels hold its Hải Hậu chapter's 120: 300, not 420."""
    data = dataset(gifts("tinh", "300 suất", "hpn"), gifts("hh", "120 suất", "hpn-hh", place="356"))
    assert [("300 suất quà", ("tinh",))] == totals(data, engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_other_actors_below_add_up(engine: str) -> None:
    """The Youth Union's 50 parcels in Hải Hậu are no part of the Women's Union's 300."""
    data = dataset(gifts("tinh", "300 suất", "hpn"), gifts("hh", "50 suất", "dtn", place="356"))
    assert [("350 suất quà", ("hh", "tinh"))] == totals(data, engine)


def test_an_organisations_part_above_everyones_whole_is_an_error() -> None:
    """The union alone cannot have handed out more than the whole province did."""
    data = dataset(gifts("all", "80 suất", None), gifts("hpn", "100 suất", "hpn"))
    assert [("part-exceeds-whole", "all")] == [(f.code, f.record) for f in data.validate()]


def test_organisations_parts_adding_up_above_their_whole_are_an_error() -> None:
    """Two unions' 60 and 50 cannot both lie within the province's 100."""
    data = dataset(
        gifts("all", "100 suất", None),
        gifts("hpn", "60 suất", "hpn"),
        gifts("dtn", "50 suất", "dtn"),
    )
    (finding,) = data.validate()
    assert ("part-exceeds-whole", "all") == (finding.code, finding.record)
    assert "add up to 110 gift packages, more than their whole (100" in finding.message


# -- the laws ----------------------------------------------------------------------------------

SPAN = Period.years(2010, 2030)


def answers(data: Dataset) -> dict[str, list[tuple[Any, Any]]]:
    """Every metric's totals over 2010–2030, the same by both engines (checked here)."""
    found: dict[str, list[tuple[Any, Any]]] = {}
    for metric in sorted({o.metric for o in data.observations}):
        results = [
            data.aggregate(metric, period=SPAN, include_submetrics=False, engine=engine)
            for engine in ENGINES
        ]
        assert results[0] == results[1]
        found[metric] = [(row.keys, row.value) for row in results[0].rows]
    return found


def exact_figures(data: Dataset) -> list[Observation]:
    return [
        o
        for o in data.observations
        if isinstance(o.value, Quantity) and isinstance(o.value.value, int) and o.value.is_exact
    ]


@given(datasets(min_observations=1, max_observations=8), st.data())
def test_law_a_figure_restated_by_another_source_changes_no_total(
    data: Dataset, draw: st.DataObject
) -> None:
    """Law: the same organisation's figure stated again by another source counts once."""
    figure = draw.draw(st.sampled_from(data.observations))
    again = attrs.evolve(figure, id="again", source=None, quote="restated")
    restated = attrs.evolve(data, observations=(*data.observations, again))
    assert answers(data) == answers(restated)


@given(datasets(min_observations=1, max_observations=8), st.data())
def test_law_organisations_parts_of_a_figure_of_everyone_change_no_total(
    data: Dataset, draw: st.DataObject
) -> None:
    """Law: adding two organisations' figures that sum to a figure of everyone (same metric,
    place and period) changes no total: the whole counts, its parts are reconciled."""
    figures = exact_figures(data)
    assume(figures)
    # A figure of everyone: any exact figure, its organisation (if any) taken away, so
    # that the law is tried on most drawn datasets rather than filtered to a few.
    figure = draw.draw(st.sampled_from(figures))
    whole = attrs.evolve(figure, organisation=None)
    data = attrs.evolve(
        data, observations=tuple(whole if o is figure else o for o in data.observations)
    )
    assert isinstance(whole.value, Quantity)
    point = whole.value.value
    assert isinstance(point, int)
    cut = draw.draw(st.integers(0, point))
    parts = [
        attrs.evolve(
            whole, id=f"part-{org}", value=attrs.evolve(whole.value, value=n), organisation=org
        )
        for org, n in (("actor-a", cut), ("actor-b", point - cut))
    ]
    assert answers(data) == answers(attrs.evolve(data, observations=(*data.observations, *parts)))


@given(datasets(min_observations=1, max_observations=8), st.data())
def test_law_different_actors_contributions_add(data: Dataset, draw: st.DataObject) -> None:
    """Law: a figure that adds up over places (a flow or a stock) split between two
    different organisations (that nothing relates) totals what it did whole: different
    actors' contributions add."""
    additive = (Aggregation.FLOW, Aggregation.STOCK)
    figures = [
        o for o in exact_figures(data) if data.catalogue.get(o.metric).aggregation in additive
    ]
    assume(figures)
    figure = draw.draw(st.sampled_from(figures))
    assert isinstance(figure.value, Quantity)
    point = figure.value.value
    assert isinstance(point, int)
    cut = draw.draw(st.integers(0, point))
    split = [
        attrs.evolve(
            figure,
            id=f"{figure.id}-{org}",
            value=attrs.evolve(figure.value, value=n),
            organisation=org,
        )
        for org, n in (("actor-a", cut), ("actor-b", point - cut))
    ]
    others = tuple(o for o in data.observations if o is not figure)
    before = answers(data)
    after = answers(attrs.evolve(data, observations=(*others, *split)))
    assert before == after
