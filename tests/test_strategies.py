"""The Hypothesis strategies of danvan.strategies: valid output, narrowing, shrinking, from_type."""

from __future__ import annotations

import datetime as dt
import sys
import typing
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st

import danvan
from danvan import (
    Calendar,
    Dimension,
    Level,
    Observation,
    PeriodKind,
    Qualifier,
    Quantity,
    Ratio,
    serialization,
    standard_catalogue,
)
from danvan import strategies as ds
from danvan._hypothesis import _STRATEGIES, _hypothesis_setup_hook
from danvan.errors import InvalidValueError, UnknownReferenceError
from danvan.serialization import structure, unstructure

# `find` looks for the simplest example that satisfies a condition; these settings let it
# search long enough and keep it out of the example database. REACH skips the shrinking,
# for tests that only ask whether such an example exists.
SEARCH = settings(max_examples=1000, database=None)
REACH = settings(SEARCH, phases=[Phase.generate])

# Every public strategy function, called without arguments, and the type it draws. Datasets
# have tests of their own, below.
DRAWN: list[tuple[str, type[Any]]] = [
    (function, getattr(danvan, type_name))
    for type_name, function in _STRATEGIES.items()
    if type_name != "Dataset"
]


# --- every example is valid ---------------------------------------------------------------


@pytest.mark.parametrize(("function", "kind"), DRAWN, ids=[f for f, _ in DRAWN])
@given(data=st.data())
def test_every_example_is_valid(function: str, kind: type[Any], data: st.DataObject) -> None:
    """Each strategy draws values of its type that pass their own validators again and
    survive the JSON converter: a value built again from its fields, or read back from its
    JSON form, equals it."""
    value = data.draw(getattr(ds, function)())
    assert kind is type(value)
    # attrs.evolve builds a new instance from the fields, running converters and validators.
    assert value == attrs.evolve(value)
    assert value == structure(unstructure(value), kind)


@given(ds.datasets())
def test_consistent_datasets_have_no_findings(dataset: danvan.Dataset) -> None:
    """A consistent dataset validates with no finding at all: no error, warning or note."""
    assert () == dataset.validate().findings


@given(ds.datasets(consistent=False, max_records=1, max_observations=5))
def test_inconsistent_datasets_are_valid_records(dataset: danvan.Dataset) -> None:
    """An inconsistent dataset is still a valid Dataset (unique ids), only its data is not."""
    assert dataset == attrs.evolve(dataset)


def test_inconsistent_datasets_can_break_rules() -> None:
    """consistent=False draws figures that name metrics the catalogue lacks."""
    found = find(
        ds.datasets(consistent=False),
        lambda d: any(o.metric == "unknown" for o in d.observations),
        settings=REACH,
    )
    assert "unknown" in {o.metric for o in found.observations}


def _same_types(a: object, b: object) -> bool:
    """Whether ``a`` and ``b`` have the same type all the way down (Date, not date; int, not
    Decimal), as well as being equal."""
    kind: Any = type(a)
    if kind is not type(b):
        return False
    if attrs.has(kind):
        return all(
            _same_types(getattr(a, f.name), getattr(b, f.name)) for f in attrs.fields(kind) if f.eq
        )
    if isinstance(a, tuple | list):
        assert isinstance(b, tuple | list)
        return len(a) == len(b) and all(map(_same_types, a, b))
    return a == b


@pytest.mark.parametrize(("function", "kind"), DRAWN, ids=[f for f, _ in DRAWN])
@given(data=st.data())
def test_every_example_round_trips(function: str, kind: type[Any], data: st.DataObject) -> None:
    """structure(unstructure(x), X) == x, with the same types throughout, for every type."""
    value = data.draw(getattr(ds, function)())
    assert _same_types(value, serialization.structure(serialization.unstructure(value), kind))


@given(
    ds.datasets(max_observations=8)
    | ds.datasets(consistent=False, max_records=1, max_observations=8)
)
def test_datasets_round_trip_through_json(dataset: danvan.Dataset) -> None:
    """loads(dumps(dataset)) == dataset, consistent or not, with the same types throughout."""
    assert _same_types(dataset, serialization.loads(serialization.dumps(dataset)))


@given(ds.invalid_observations())
def test_invalid_observations_are_refused(case: tuple[dict[str, Any], type[Exception]]) -> None:
    """Every invalid observation raises the error it is drawn with."""
    kwargs, error = case
    with pytest.raises(error):
        Observation(**kwargs)


# --- narrowing ----------------------------------------------------------------------------


@given(ds.quantities(unit="kg", max_value=50))
def test_quantities_keep_to_unit_and_maximum(quantity: Quantity) -> None:
    """A fixed unit and maximum hold for every figure and every finite bound."""
    assert "kilogram" == quantity.unit.code
    upper = quantity.bounds.upper
    assert upper is None or upper <= 50 * 10  # an order of magnitude reaches ten times
    assert quantity.value is None or quantity.value <= 50


@given(ds.quantities(exact_only=True, dimension=Dimension.PERSONS))
def test_exact_only_quantities(quantity: Quantity) -> None:
    """exact_only draws exact figures, whole numbers for counts of persons."""
    assert quantity.is_exact
    assert Dimension.PERSONS == quantity.dimension
    assert isinstance(quantity.value, int)


@pytest.mark.parametrize("qualifier", list(Qualifier))
def test_every_qualifier_is_drawn(qualifier: Qualifier) -> None:
    """Unrestricted quantities reach every qualifier."""
    found = find(ds.quantities(), lambda q: q.qualifier is qualifier, settings=REACH)
    assert qualifier == found.qualifier


@pytest.mark.parametrize("unit", danvan.units(), ids=lambda u: u.code)
def test_every_unit_is_drawn(unit: danvan.Unit) -> None:
    """Unrestricted quantities reach every unit."""
    # Over a hundred units: give the search room (it stops at the first hit).
    wide = settings(REACH, max_examples=4000)
    assert unit == find(ds.quantities(), lambda q: q.unit == unit, settings=wide).unit


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"unit": "parsec"}, UnknownReferenceError),
        ({"unit": "kg", "dimension": Dimension.PERSONS}, InvalidValueError),
        ({"exact_only": True, "qualifiers": [Qualifier.ABOUT]}, InvalidValueError),
        ({"max_value": 5, "qualifiers": [Qualifier.ORDER_OF_MAGNITUDE]}, InvalidValueError),
        ({"max_value": -1}, InvalidValueError),
    ],
)
def test_quantities_refuse_impossible_arguments(
    kwargs: dict[str, Any], error: type[Exception]
) -> None:
    """Arguments that leave nothing to draw are refused when the strategy is built."""
    with pytest.raises(error):
        ds.quantities(**kwargs)


@given(ds.ratios())
def test_ratio_percentages_agree(ratio: Ratio) -> None:
    """A drawn ratio's stated percentage, if any, agrees with its figures."""
    assert ratio.percent_agrees in (None, True)
    assert ratio.numerator.value is not None
    assert ratio.denominator.value is not None
    assert ratio.numerator.value <= ratio.denominator.value


@given(
    kind=st.sampled_from(PeriodKind),
    calendar=st.sampled_from(Calendar),
    data=st.data(),
)
def test_periods_have_the_kind_asked_for(
    kind: PeriodKind, calendar: Calendar, data: st.DataObject
) -> None:
    """A period drawn for one kind and calendar has that kind and calendar, within the years."""
    period = data.draw(ds.periods(kinds=[kind], calendar=calendar, closed=False, max_year=2021))
    assert kind == period.kind
    assert calendar == period.calendar
    # A Decree-09 year starts on 15 December of the year before.
    assert dt.date(2009, 12, 15) <= period.start
    assert period.end is None or period.end <= dt.date(2021, 12, 31)


@given(ds.periods())
def test_periods_are_closed_by_default(period: danvan.Period) -> None:
    """periods() draws closed periods unless closed=False."""
    assert not period.is_open


def test_periods_draw_named_phases() -> None:
    """periods() draws named phases ("đợt 2" within 2021) among the others."""
    phase = find(ds.periods(), lambda p: bool(p.label))
    assert ("2010 (đợt 1)", phase) == (str(phase), danvan.parse_period(str(phase)))


@given(ds.periods(phases=False))
def test_periods_without_phases_have_no_label(period: danvan.Period) -> None:
    """periods(phases=False) draws only periods whose dates are their own."""
    assert "" == period.label


@pytest.mark.parametrize(
    "kwargs",
    [
        {"phases": 1},
        {"kinds": [PeriodKind.OPEN]},
        {"min_year": 2021, "max_year": 2020},
        {"kinds": [PeriodKind.YEARS], "min_year": 2021, "max_year": 2021},
        {"kinds": []},
    ],
)
def test_periods_refuse_impossible_arguments(kwargs: dict[str, Any]) -> None:
    """An open kind with closed=True, reversed years or no room for a span are refused."""
    with pytest.raises(InvalidValueError):
        ds.periods(**kwargs)


AFTER_REFORM = pendulum.Date(2026, 1, 1)
BEFORE_REFORM = pendulum.Date(2020, 1, 1)


@given(ds.gazetteers(max_provinces=2, max_districts=2, max_communes=2))
def test_every_commune_rolls_up_to_one_province(gazetteer: danvan.Gazetteer) -> None:
    """On any date, every commune in force lies in exactly one province in force that day."""
    for day in (BEFORE_REFORM, AFTER_REFORM):
        for commune in gazetteer.at_level(Level.COMMUNE, as_of=day):
            province = gazetteer.ancestor_at(commune.code, Level.PROVINCE, as_of=day)
            assert province is not None
            assert province.is_valid_on(day)


@given(ds.gazetteers(max_provinces=2, max_districts=3, max_communes=2, with_reform=False))
def test_gazetteers_without_reform_never_change(gazetteer: danvan.Gazetteer) -> None:
    """with_reform=False draws timeless hierarchies within the size limits."""
    assert all(p.valid_from is None and p.valid_to is None for p in gazetteer)
    provinces = gazetteer.at_level(Level.PROVINCE)
    assert 1 <= len(provinces) <= 2
    for province in provinces:
        assert 1 <= len(gazetteer.children(province.code)) <= 3


def test_reforms_abolish_districts() -> None:
    """A drawn reform ends every district on 30 June 2025, as Resolution 202/2025 did."""
    gazetteer = find(ds.gazetteers(), lambda g: any(p.successors for p in g.places), settings=REACH)
    assert () == gazetteer.at_level(Level.DISTRICT, as_of=AFTER_REFORM)
    assert all(pendulum.Date(2025, 6, 30) == d.valid_to for d in gazetteer.at_level(Level.DISTRICT))


@given(data=st.data(), gazetteer=ds.gazetteers(), level=st.sampled_from(Level))
def test_places_come_from_their_gazetteer(
    data: st.DataObject, gazetteer: danvan.Gazetteer, level: Level
) -> None:
    """places(g, level=...) draws places of g at that level."""
    place = data.draw(ds.places(gazetteer, level=level))
    assert place is gazetteer.get(place.code)
    assert level == place.level


@given(ds.catalogues())
def test_catalogues_extend_the_standard_one(catalogue: danvan.Catalogue) -> None:
    """Drawn catalogues hold every standard metric; new ones are named custom.N."""
    codes = {m.code for m in catalogue}
    standard = {m.code for m in standard_catalogue()}
    assert standard <= codes
    assert all(code.startswith("custom.") for code in codes - standard)


@given(data=st.data(), catalogue=ds.catalogues(), gazetteer=ds.gazetteers(max_provinces=2))
def test_observations_validate_on_their_own(
    data: st.DataObject, catalogue: danvan.Catalogue, gazetteer: danvan.Gazetteer
) -> None:
    """An observation drawn for a catalogue and gazetteer fits them: a dataset of it is ok."""
    observation = data.draw(
        ds.observations(
            catalogue=catalogue,
            gazetteer=gazetteer,
            leaf_places_only=True,
            sources=[],
            organisations=[],
            activities=[],
        )
    )
    assert observation.place is None or not gazetteer.children(observation.place)
    dataset = danvan.Dataset(places=gazetteer, catalogue=catalogue, observations=[observation])
    assert dataset.validate().ok


def test_observations_refuse_unknown_metrics() -> None:
    """Asking for a metric the catalogue lacks fails when the strategy is built."""
    with pytest.raises(UnknownReferenceError):
        ds.observations(metrics=["no.such.metric"])


@given(
    ds.datasets(
        gazetteer=danvan.seed_gazetteer(),
        catalogue=standard_catalogue(),
        metrics=["tips", "surrendered.guns"],
        min_observations=2,
        max_observations=4,
        max_records=0,
        exact_only=True,
    )
)
def test_datasets_keep_to_their_arguments(dataset: danvan.Dataset) -> None:
    """A dataset drawn with a gazetteer, catalogue, metrics and sizes keeps to all of them."""
    assert danvan.seed_gazetteer() is dataset.places
    assert 2 <= len(dataset.observations) <= 4
    assert {o.metric for o in dataset.observations} <= {"tips", "surrendered.guns"}
    assert all(o.quantity.is_exact for o in dataset.observations)


def test_consistent_datasets_need_a_leaf_metric() -> None:
    """A consistent dataset of group or parent metrics only is refused."""
    with pytest.raises(InvalidValueError):
        ds.datasets(catalogue=standard_catalogue(), metrics=["surrendered.explosives"])


# --- shrinking ----------------------------------------------------------------------------


def test_failing_datasets_shrink_to_few_records() -> None:
    """The simplest dataset with an observation has one, at the only commune, in 2010."""
    found = find(ds.datasets(), lambda d: len(d.observations) >= 1, settings=SEARCH)
    assert "<Dataset 'An': 1 observation\n  obs-1: tips 2010 @00001 = 0 tin>" == repr(found)
    assert ["01", "001", "00001"] == [p.code for p in found.places]
    assert standard_catalogue() == found.catalogue
    [observation] = found.observations
    assert ("tips", "0 tin", "2010", "00001") == (
        observation.metric,
        str(observation.value),
        str(observation.period),
        observation.place,
    )


def test_quantities_shrink_to_plain_figures() -> None:
    """A large figure shrinks to the first unit, exact, just past the threshold."""
    found = find(ds.quantities(), lambda q: (q.value or 0) > 1000, settings=SEARCH)
    assert Quantity(value=1001, unit="item") == found


# --- from_type and the entry-point hook ---------------------------------------------------

_hypothesis_setup_hook()  # what `import hypothesis` does where danvan is installed


@pytest.mark.parametrize("type_name", sorted(_STRATEGIES))
@settings(max_examples=10)  # the strategies are tested above; this checks the wiring
@given(data=st.data())
def test_from_type_draws_valid_instances(type_name: str, data: st.DataObject) -> None:
    """st.from_type(danvan.X) draws valid instances of every public record type."""
    kind = getattr(danvan, type_name)
    value = data.draw(st.from_type(kind))
    assert isinstance(value, kind)
    assert value == attrs.evolve(value)


def _attrs_classes(hint: object, found: set[type]) -> set[type]:
    """The attrs classes in a type hint, and in the hints of their fields, recursively."""
    if isinstance(hint, type) and attrs.has(hint) and hint not in found:
        found.add(hint)
        for field_hint in typing.get_type_hints(hint).values():
            _attrs_classes(field_hint, found)
    for argument in typing.get_args(hint):
        _attrs_classes(argument, found)
    return found


def test_hook_covers_every_record_type_of_a_dataset() -> None:
    """Every record and value type a Dataset holds, at any depth, can be drawn by from_type."""
    held = {kind.__name__ for kind in _attrs_classes(danvan.Dataset, set())}
    held -= {"Succession"}  # drawn within gazetteers: alone it means nothing
    assert held == set(_STRATEGIES)
    assert all(name in danvan.__all__ for name in _STRATEGIES)


def test_hook_never_raises_when_registration_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """A failing register_type_strategy is swallowed: `import hypothesis` must still work."""
    calls: list[type] = []

    def broken(kind: type, strategy: object) -> None:
        calls.append(kind)
        raise RuntimeError("registration failed")

    monkeypatch.setattr(st, "register_type_strategy", broken)
    _hypothesis_setup_hook()  # must not raise
    assert len(_STRATEGIES) == len(calls)  # one failure does not stop the others


def test_hook_never_raises_when_danvan_cannot_import(monkeypatch: pytest.MonkeyPatch) -> None:
    """If danvan itself fails to import, the hook returns quietly, registering nothing."""
    calls: list[type] = []
    monkeypatch.setattr(st, "register_type_strategy", lambda kind, _: calls.append(kind))
    monkeypatch.setitem(sys.modules, "danvan", None)  # makes `import danvan` raise
    _hypothesis_setup_hook()  # must not raise
    assert [] == calls
