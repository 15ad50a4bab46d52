"""Validation: every problem at once, with severity, code, record and message."""

from __future__ import annotations

from typing import Any

import attrs
import pendulum
import pytest

from danvan import (
    DEFAULT_RULES,
    AtLeast,
    Campaign,
    CampaignKind,
    CompareMetrics,
    Dataset,
    Finding,
    FunctionRule,
    InvalidValueError,
    Observation,
    Role,
    Rule,
    Severity,
    Source,
    parse_period,
    parse_quantity,
    parse_ratio,
    seed_gazetteer,
)


def obs(
    id: str, metric: str, figure: str, period: str = "2021", place: str = "36", **kwargs: Any
) -> Observation:
    return Observation(
        id=id,
        metric=metric,
        value=parse_quantity(figure),
        period=parse_period(period),
        place=place,
        source="s",
        **kwargs,
    )


def data(*observations: Observation, **kwargs: object) -> Dataset:
    fields: dict[str, object] = {
        "places": seed_gazetteer(),
        "sources": (Source(id="s", title="t"),),
    }
    fields.update(kwargs)
    return Dataset(observations=observations, **fields)  # type: ignore[arg-type]  # test helper


def codes(ds: Dataset) -> list[tuple[str, str, Severity]]:
    return [(f.code, f.record, f.severity) for f in ds.validate()]


def test_clean_dataset_has_no_findings() -> None:
    """A consistent dataset validates with no findings at all."""
    assert [] == codes(data(obs("a", "tips", "5 tin")))


def test_unknown_references_are_errors() -> None:
    """Unknown metric, place and source are each reported, all at once."""
    bad = Observation(
        id="x",
        metric="tipz",
        value=parse_quantity("5 tin"),
        period=parse_period("2021"),
        place="99",
        source="nowhere",
    )
    found = codes(data(bad))
    assert 3 == len(found)
    assert {("unknown-reference", "x", Severity.ERROR)} == set(found)


def test_unit_must_fit_metric() -> None:
    """Grams under a metric counted in pieces is an error; so are figures of a group metric."""
    found = codes(data(obs("a", "surrendered.guns", "180 gam"), obs("b", "surrendered", "5 quả")))
    assert [("unit-mismatch", "a", Severity.ERROR), ("unit-mismatch", "b", Severity.ERROR)] == found


def test_ratio_percentage_must_agree() -> None:
    """A stated percentage that disagrees with its numerator and denominator is an error."""
    bad = Observation(
        id="r",
        metric="police.regular.coverage",
        value=parse_ratio("200/204=100%"),
        period=parse_period("2021"),
        place="36",
        source="s",
    )
    assert [("ratio-percent", "r", Severity.ERROR)] == codes(data(bad))


def test_part_larger_than_whole_is_an_error() -> None:
    """A sub-metric figure certainly above its parent's is an error."""
    found = codes(
        data(
            obs("w", "surrendered.explosives", "20 quả"), obs("p", "surrendered.grenades", "31 quả")
        )
    )
    assert [("part-exceeds-whole", "w", Severity.ERROR)] == found


def test_district_above_province_is_an_error() -> None:
    """A district's figure certainly above its province's for the same period is an error."""
    found = codes(data(obs("p", "tips", "10 tin"), obs("d", "tips", "50 tin", place="366")))
    assert [("part-exceeds-whole", "d", Severity.ERROR)] == found


def test_complete_breakdown_that_does_not_add_up_is_a_warning() -> None:
    """'gần 600' against complete parts 279 + 209 is doubtful: a warning, data held."""
    found = codes(
        data(
            obs("w", "exemplars", "gần 600 tập thể, cá nhân"),
            obs("i", "exemplars.individuals", "279 cá nhân"),
            obs("c", "exemplars.collectives", "209 tập thể"),
        )
    )
    assert [("breakdown-mismatch", "w", Severity.WARNING)] == found


def test_of_which_parts_below_the_whole_are_fine() -> None:
    """Parts summing to 737 under an 'of which' total of 772 are not a problem."""
    found = codes(
        data(
            obs("w", "surrendered.explosives", "772 quả"),
            obs("a", "surrendered.grenades", "700 quả"),
            obs("b", "surrendered.bombs", "37 quả"),
        )
    )
    assert [] == found


def _by_kind(whole: str, *parts: str, metric: str = "surrendered.guns") -> list[Observation]:
    """A whole beside labelled parts of the same metric, all stated by one source."""
    return [
        obs("w", metric, whole),
        *(
            obs(f"p{i}", metric, part, disaggregation=f"kind {i}")
            for i, part in enumerate(parts, start=1)
        ),
    ]


def test_labelled_parts_within_their_whole_are_fine() -> None:
    """120 guns "gồm" 70 + 45 + 5 by kind, in one source: a breakdown, not a repetition."""
    assert [] == codes(data(*_by_kind("120 khẩu", "70 khẩu", "45 khẩu", "5 khẩu")))


def test_labelled_part_above_its_whole_is_an_error() -> None:
    """A labelled part certainly above the unlabelled whole of its metric is an error."""
    found = codes(data(*_by_kind("50 khẩu", "70 khẩu")))
    assert [("part-exceeds-whole", "w", Severity.ERROR)] == found


def test_labelled_parts_adding_up_above_their_whole_are_an_error() -> None:
    """Labelled parts whose sum is certainly above their whole: an error."""
    found = codes(data(*_by_kind("50 khẩu", "30 khẩu", "khoảng 30 khẩu")))
    assert [("part-exceeds-whole", "w", Severity.ERROR)] == found


def test_a_whole_with_labelled_parts_is_one_figure_to_other_rules() -> None:
    """Grenades 40 (30 + 10 by kind) under explosives 50: the part is 40, not 80."""
    grenades = _by_kind("40 quả", "30 quả", "10 quả", metric="surrendered.grenades")
    assert [] == codes(data(obs("e", "surrendered.explosives", "50 quả"), *grenades))


def test_duplicates_agreeing_are_info_and_conflicts_warnings() -> None:
    """Two sources agreeing is INFO; disagreeing on one figure is a WARNING."""
    agreeing = codes(
        data(
            obs("a", "tips", "gần 9.000 tin"),
            Observation(
                id="b",
                metric="tips",
                value=parse_quantity("8.968 tin"),
                period=parse_period("2021"),
                place="36",
                source="s2",
            ),
            sources=(Source(id="s", title="t"), Source(id="s2", title="u")),
        )
    )
    assert [("duplicate-observation", "b", Severity.INFO)] == agreeing
    clash = codes(data(obs("a", "tips", "gần 9.000 tin"), obs("b", "tips", "9.100 tin")))
    assert ("conflicting-observations", "b", Severity.WARNING) in clash


# -- one source stating a figure more than once ----------------------------------------------


def test_a_headline_restating_its_body_is_no_repetition() -> None:
    """The headline's "gần 9.000 tin" restates the body's 8.968: one figure, no finding."""
    body = obs("body", "tips", "8.968 tin")
    headline = obs("title", "tips", "gần 9.000 tin", role="headline")
    summary = obs("lead", "tips", "hơn 8.900 tin", role=Role.SUMMARY)
    assert [] == codes(data(headline, body, summary))


def test_a_restatement_that_disagrees_is_a_conflict() -> None:
    """A lead saying "hơn 9.000" of the body's 8.968 disagrees: a warning, once."""
    found = codes(
        data(obs("body", "tips", "8.968 tin"), obs("lead", "tips", "hơn 9.000 tin", role="summary"))
    )
    assert [("conflicting-observations", "lead", Severity.WARNING)] == found


def test_one_figure_of_one_thing_listed_twice_is_a_repetition() -> None:
    """The body giving the same district's tips twice, unmarked: a warning naming both."""
    found = data(obs("a", "tips", "120 tin"), obs("b", "tips", "120 tin")).validate()
    assert [("repeated-in-source", "b")] == [(f.code, f.record) for f in found]
    assert "states tips for 36, 2021 twice (a: 120 tips; b: 120 tips)" in found.findings[0].message


def test_a_label_written_twice_another_way_is_the_same_thing() -> None:
    """ "Nam" and "nam" are one label: two statements of one figure, a repetition."""
    found = codes(
        data(
            obs("a", "tips", "12 tin", disaggregation="Nam"),
            obs("b", "tips", "12 tin", disaggregation="nam"),
        )
    )
    assert [("repeated-in-source", "b", Severity.WARNING)] == found


def test_equal_numbers_of_different_things_are_no_repetition() -> None:
    """A list where 2 recurs for two kinds, two districts and two metrics: nothing to flag."""
    found = codes(
        data(
            obs("a", "models", "2 mô hình", disaggregation="tự quản"),
            obs("b", "models", "2 mô hình", disaggregation="camera an ninh"),
            obs("c", "models", "2 mô hình", place="356"),
            obs("d", "tips", "2 tin", place="356"),
        )
    )
    assert [] == found


def test_a_figure_without_a_period_needs_a_dated_source() -> None:
    """No period and no dated source: nothing bounds the figure, a warning; dated: fine."""
    undated = attrs.evolve(obs("x", "tips", "7 tin"), period=None)
    dated = attrs.evolve(undated, source="d")
    sources = (Source(id="s", title="t"), Source(id="d", title="u", date=pendulum.Date(2022, 2, 1)))
    assert [("period-not-stated", "x", Severity.WARNING)] == codes(data(undated, sources=sources))
    assert [] == codes(data(dated, sources=sources))


def test_a_figure_without_a_period_published_before_its_campaign_is_a_warning() -> None:
    """A figure of a 2023 drive from an article of 2022 cannot belong to the drive."""
    campaign = Campaign(id="c", name="c", kind=CampaignKind.PEAK_DRIVE, period=parse_period("2023"))
    early = attrs.evolve(obs("x", "tips", "7 tin", activity="c"), period=None, source="d")
    sources = (Source(id="d", title="u", date=pendulum.Date(2022, 2, 1)),)
    found = codes(data(early, sources=sources, campaigns=(campaign,)))
    assert [("period-outside-campaign", "x", Severity.WARNING)] == found


def test_period_outside_campaign_is_a_warning() -> None:
    """A figure of a campaign dated outside the campaign's period is doubtful."""
    campaign = Campaign(
        id="c", name="Đợt cao điểm", kind=CampaignKind.PEAK_DRIVE, period=parse_period("2020")
    )
    found = codes(data(obs("a", "tips", "5 tin", activity="c"), campaigns=(campaign,)))
    assert [("period-outside-campaign", "a", Severity.WARNING)] == found


def test_declarative_comparison_rule() -> None:
    """'cases solved <= cases reported' per place and period flags an impossible pair."""
    rule = CompareMetrics(
        code="solved-le-reported", left="crimes.solved", op="<=", right="crimes.reported"
    )
    ds = data(obs("s", "crimes.solved", "hơn 50 vụ"), obs("r", "crimes.reported", "40 vụ"))
    report = ds.validate([rule])
    assert [("solved-le-reported", "s")] == [(f.code, f.record) for f in report]
    assert "cannot hold" in report.findings[0].message


def test_at_least_rule() -> None:
    """An AtLeast rule flags a figure certainly below, and warns when only possibly below."""
    rule = AtLeast(
        code="min5", metric="police.regular.per_commune", minimum=parse_quantity("5 người")
    )
    ds = data(
        obs("a", "police.regular.per_commune", "3 người"),
        obs("b", "police.regular.per_commune", "khoảng 5 người", place="366"),
        obs("c", "police.regular.per_commune", "tối thiểu 5 người", place="356"),
    )
    assert [("a", Severity.ERROR), ("b", Severity.WARNING)] == [
        (f.record, f.severity) for f in ds.validate([rule])
    ]


def test_function_rule_and_custom_selection() -> None:
    """Users add a function rule and choose which rules run."""
    rule = FunctionRule(
        code="quote",
        severity=Severity.INFO,
        description="quotes wanted",
        function=lambda ds: ((o.id, "no quote") for o in ds.observations if not o.quote),
    )
    assert isinstance(rule, Rule)
    report = data(obs("a", "tips", "5 tin")).validate([*DEFAULT_RULES, rule])
    assert [Finding(code="quote", severity=Severity.INFO, record="a", message="no quote")] == list(
        report
    )


def test_every_builtin_rule_is_documented() -> None:
    """Built-in rules are public values with a code, a severity and a description."""
    assert len({r.code for r in DEFAULT_RULES}) == len(DEFAULT_RULES)
    for rule in DEFAULT_RULES:
        assert isinstance(rule, Rule)
        assert rule.description, rule.code


def test_bad_operator_is_refused() -> None:
    """A comparison rule with an unknown operator raises, naming the field."""
    with pytest.raises(InvalidValueError, match=r"rule\.op"):
        CompareMetrics(code="x", left="a", op="=<", right="b")


def test_report_text_lists_every_finding() -> None:
    """The report's text counts findings by severity and lists each one."""
    text = str(data(obs("a", "surrendered.guns", "180 gam")).validate())
    assert text.startswith("1 error(s)")
    assert "[unit-mismatch] a:" in text


def test_parts_in_another_dimension_do_not_crash_validation() -> None:
    """A part in another unit dimension than its whole is a unit-mismatch finding, not a crash."""
    found = codes(
        data(
            obs("a", "surrendered.explosive_mass", "5 cái"),
            obs("b", "surrendered.explosive_mass", "5 gam", place="366"),
        )
    )
    assert [("unit-mismatch", "a", Severity.ERROR)] == found


def test_campaign_periods_compare_dates_across_calendars() -> None:
    """A Decree-09 figure of a calendar-year campaign is checked by its dates, not refused."""
    campaign = Campaign(id="c", name="c", kind=CampaignKind.PROGRAMME, period=parse_period("2021"))
    found = codes(
        data(obs("a", "tips", "5 tin", period="ND09:2021", activity="c"), campaigns=(campaign,))
    )
    assert [("period-outside-campaign", "a", Severity.WARNING)] == found  # starts 15 Dec 2020


def test_builtin_findings_read_in_vietnamese() -> None:
    """Every built-in rule gives its message in Vietnamese too; text(lang) picks it."""
    campaign = Campaign(id="c", name="c", kind=CampaignKind.PROGRAMME, period=parse_period("2020"))
    ratio = Observation(
        id="r",
        metric="police.regular.coverage",
        value=parse_ratio("200/204=100%"),
        period=parse_period("2021"),
        place="36",
        source="s",
    )
    ds = data(
        obs("u", "surrendered.guns", "180 gam"),
        obs("g", "surrendered", "5 quả"),
        obs("w", "surrendered.explosives", "20 quả"),
        obs("p", "surrendered.grenades", "31 quả"),
        obs("a", "tips", "gần 9.000 tin"),
        obs("b", "tips", "9.100 tin"),
        obs("x", "tipz", "5 tin", activity="c"),
        obs("k", "blood.turns", "5 lượt", activity="c"),
        obs("t1", "tips", "5 tin", period="2020"),
        obs("t2", "tips", "5 tin", period="2020"),
        attrs.evolve(obs("n", "tips", "7 tin"), period=None),
        ratio,
        campaigns=(campaign,),
    )
    report = ds.validate()
    codes_seen = {f.code for f in report}
    assert {
        "unit-mismatch",
        "part-exceeds-whole",
        "conflicting-observations",
        "repeated-in-source",
        "unknown-reference",
        "period-outside-campaign",
        "period-not-stated",
        "ratio-percent",
    } <= codes_seen
    for finding in report:
        assert finding.message_vi, finding.code
        assert finding.message_vi == finding.text("vi")
        assert finding.message == finding.text("en")


def test_findings_write_figures_in_their_own_language() -> None:
    """An English message writes "9,100 tips", its Vietnamese twin "9.100 tin"."""
    ds = data(obs("a", "tips", "gần 9.000 tin"), obs("b", "tips", "9.100 tin"))
    (conflict,) = [f for f in ds.validate() if f.code == "conflicting-observations"]
    assert "nearly 9,000 tips against 9,100 tips" in conflict.text("en")
    assert "gần 9.000 tin" in conflict.text("vi")
    assert "9.100 tin" in conflict.text("vi")


def test_places_below_adding_up_above_their_whole_are_an_error() -> None:
    """Districts of 80 and 70 tips under a province of 100 (none alone above it): an error,
    in both languages, on the province's figure."""
    found = data(
        obs("p", "tips", "100 tin"),
        obs("a", "tips", "80 tin", place="366"),
        obs("b", "tips", "70 tin", place="365"),
    ).validate()
    assert [("part-exceeds-whole", "p", Severity.ERROR)] == [
        (f.code, f.record, f.severity) for f in found
    ]
    assert "add up to 150 tips, more than the figure for 36 (100 tips)" in found.findings[0].message
    assert "cộng lại được 150 tin, lớn hơn số liệu của 36 (100 tin)" in found.findings[0].text("vi")


def test_places_below_that_may_fit_their_whole_are_fine() -> None:
    """Districts of 80 and 'khoảng 30' under 'gần 110' may all be true: no finding."""
    found = codes(
        data(
            obs("p", "tips", "gần 110 tin"),
            obs("a", "tips", "80 tin", place="366"),
            obs("b", "tips", "khoảng 30 tin", place="365"),
        )
    )
    assert [] == found
