"""Property tests of a custom validation rule, written as a project that uses danvan would.

Install danvan with its Hypothesis extra (``pip install "danvan[hypothesis]"``) and run
``pytest examples/test_my_rules.py``. Installing danvan registers its strategies with
Hypothesis, so ``st.from_type(danvan.Quantity)`` draws valid quantities; `danvan.strategies`
offers the same strategies with arguments to narrow them.

The rule: commune police count what they report, so a commune's figure should be exact.
"khoảng 30 tin" (about 30 tips) for a commune suggests the figure was estimated upstream;
the rule flags it for a reader to check.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs
from hypothesis import assume, given
from hypothesis import strategies as st

import danvan
from danvan import strategies as ds


def approximate_commune_figures(dataset: danvan.Dataset) -> Iterator[tuple[str, str]]:
    """Yield ``(observation id, message)`` for each figure of a commune that is not exact."""
    for observation in dataset.observations:
        place = observation.place
        if place is None or place not in dataset.places:
            continue  # no place, or one the dataset lacks: the built-in rules report that
        if dataset.places.get(place).level is not danvan.Level.COMMUNE:
            continue
        if not observation.quantity.is_exact:
            yield observation.id, f"{observation.quantity}: a commune counts exactly"


EXACT_AT_COMMUNES = danvan.FunctionRule(
    code="exact-at-communes",
    severity=danvan.Severity.WARNING,
    description="Figures of communes are exact counts.",
    function=approximate_commune_figures,
)
RULES = (*danvan.DEFAULT_RULES, EXACT_AT_COMMUNES)


@given(ds.datasets(exact_only=True))
def test_exact_datasets_pass_the_rule(dataset: danvan.Dataset) -> None:
    """A consistent dataset of exact figures passes every rule, ours included."""
    assert () == dataset.validate(RULES).findings


@given(
    ds.datasets(min_observations=1, max_records=0, exact_only=True),
    st.data(),
    st.from_type(danvan.Quantity).filter(lambda q: not q.is_exact),
)
def test_an_approximate_commune_figure_is_flagged(
    dataset: danvan.Dataset, data: st.DataObject, approximate: danvan.Quantity
) -> None:
    """Making one commune's figure approximate makes the rule flag that figure, and only it."""
    at_communes = [
        o
        for o in dataset.observations
        if o.place is not None and dataset.places.get(o.place).level is danvan.Level.COMMUNE
    ]
    assume(at_communes)
    target = data.draw(st.sampled_from(at_communes))
    changed = attrs.evolve(
        dataset,
        observations=[
            attrs.evolve(o, value=approximate) if o is target else o for o in dataset.observations
        ],
    )
    findings = changed.validate([EXACT_AT_COMMUNES]).findings
    assert [target.id] == [f.record for f in findings]


@given(st.from_type(danvan.Observation))
def test_figures_without_a_known_place_are_ignored(observation: danvan.Observation) -> None:
    """An observation whose place the dataset does not hold is never flagged by this rule."""
    dataset = danvan.Dataset(observations=[observation])  # no places at all
    assert [] == list(EXACT_AT_COMMUNES.check(dataset))


@given(ds.datasets(consistent=False))
def test_the_rule_never_fails_on_bad_data(dataset: danvan.Dataset) -> None:
    """On data full of problems (unknown places and metrics, wrong units) it still runs."""
    for record, message in approximate_commune_figures(dataset):
        assert record in {o.id for o in dataset.observations}
        assert "commune" in message
