"""Metrics and the catalogue: codes, hierarchy, dimensions and semantics."""

from __future__ import annotations

import pytest

from danvan import (
    Aggregation,
    Breakdown,
    Catalogue,
    Dimension,
    InvalidValueError,
    Metric,
    UnknownReferenceError,
    standard_catalogue,
)

SEED_METRICS = [
    "tips",
    "models",
    "exemplars.individuals",
    "police.regular.coverage",
    "police.regular.per_commune",
    "surrendered.bombs",
    "surrendered.shells",
    "surrendered.grenades",
    "surrendered.detonators",
    "surrendered.explosive_mass",
    "surrendered.guns",
    "surrendered.rounds",
    "surrendered.rudimentary_weapons",
    "surrendered.support_tools",
    "blood.turns",
]


@pytest.mark.parametrize("code", SEED_METRICS)
def test_catalogue_covers_every_seed_figure(code: str) -> None:
    """The standard catalogue has a metric for every figure of the seed article."""
    assert code == standard_catalogue().get(code).code


def test_semantics_are_declared_on_the_metric() -> None:
    """Tips are a flow, models a stock, coverage a ratio, per-commune staffing a minimum."""
    cat = standard_catalogue()
    assert [Aggregation.FLOW, Aggregation.STOCK, Aggregation.RATIO, Aggregation.MINIMUM] == [
        cat.get(c).aggregation
        for c in ["tips", "models", "police.regular.coverage", "police.regular.per_commune"]
    ]
    assert ("sum", "sum") == (Aggregation.FLOW.over_time, Aggregation.FLOW.over_places)
    assert ("latest", "sum") == (Aggregation.STOCK.over_time, Aggregation.STOCK.over_places)
    assert ("latest", "min") == (Aggregation.MINIMUM.over_time, Aggregation.MINIMUM.over_places)


def test_hierarchy_and_dimensions() -> None:
    """Grenades are explosives are surrendered items; explosives by mass are grams."""
    cat = standard_catalogue()
    assert ["surrendered.explosives", "surrendered"] == [
        m.code for m in cat.ancestors("surrendered.grenades")
    ]
    assert Dimension.MASS is cat.get("surrendered.explosive_mass").dimension
    assert cat.get("surrendered").is_group
    assert Breakdown.COMPLETE is cat.get("exemplars").breakdown


def test_find_is_accent_insensitive() -> None:
    """Finding 'luu dan' returns the grenades metric."""
    assert ["surrendered.grenades"] == [m.code for m in standard_catalogue().find("luu dan")]


def test_unknown_metric_suggests_near_codes() -> None:
    """An unknown code raises a KeyError subclass suggesting near codes."""
    with pytest.raises(UnknownReferenceError, match="did you mean"):
        standard_catalogue().get("surrendered.grenade")


def test_users_extend_the_catalogue() -> None:
    """A user metric joins the standard ones and may hang under them."""
    extra = Metric(
        code="surrendered.mines_antitank",
        name_vi="mìn chống tăng",
        name_en="anti-tank mines",
        unit="qua",
        parent="surrendered.explosives",
    )
    cat = standard_catalogue().extended(extra)
    assert "surrendered.mines_antitank" in [m.code for m in cat.children("surrendered.explosives")]
    assert len(standard_catalogue()) + 1 == len(cat)


def test_catalogue_reports_every_problem_at_once() -> None:
    """Duplicate codes, unknown parents and mixed dimensions are listed together."""
    metrics = [
        Metric(code="a", name_vi="a", name_en="a", unit="tin"),
        Metric(code="a", name_vi="a2", name_en="a2", unit="tin"),
        Metric(code="b", name_vi="b", name_en="b", unit="gram", parent="a"),
        Metric(code="c", name_vi="c", name_en="c", unit="tin", parent="zzz"),
    ]
    with pytest.raises(InvalidValueError) as info:
        Catalogue(metrics)
    message = str(info.value)
    assert "duplicate metric code 'a'" in message
    assert "different dimensions" in message
    assert "unknown parent 'zzz'" in message


def test_ratio_metrics_need_numerator_and_denominator() -> None:
    """A ratio without numerator and denominator is refused, naming the metric."""
    with pytest.raises(InvalidValueError, match=r"metric\[r\]"):
        Metric(code="r", name_vi="r", name_en="r", aggregation=Aggregation.RATIO)


def test_metric_codes_have_no_spaces() -> None:
    """Codes are keys: whitespace is refused."""
    with pytest.raises(InvalidValueError, match="without spaces"):
        Metric(code="bad code", name_vi="x", name_en="x", unit="tin")


def test_aggregation_and_breakdown_read_their_values_and_refuse_others() -> None:
    """ "stock" is Aggregation.STOCK (never a string no rule recognises); "stok" is refused."""
    metric = Metric(code="x", name_vi="x", name_en="x", unit="team", aggregation="stock")
    assert (Aggregation.STOCK, Breakdown.PARTIAL) == (metric.aggregation, metric.breakdown)
    with pytest.raises(InvalidValueError, match=r"metric\.aggregation: must be one of"):
        Metric(code="x", name_vi="x", name_en="x", unit="team", aggregation="stok")
    with pytest.raises(InvalidValueError, match=r"metric\.breakdown"):
        Metric(code="x", name_vi="x", name_en="x", unit="team", breakdown="all")
