"""Validation rules: public values, each with a code, a severity and a description.

`Dataset.validate` runs a tuple of rules and returns every finding at once. Real
reports contradict themselves, so a dataset *holds* what its sources say and the
rules *flag* what does not add up: ERROR for data that cannot be right, WARNING
for data that is doubtful, INFO for what a reader should know.

Users add their own rules: a `FunctionRule` wraps any function over the dataset,
a `CompareMetrics` states "left <op> right" for a metric pair per place and period,
and `AtLeast` states a floor that every figure of a metric must reach.
"""

from __future__ import annotations

import enum
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import attrs

from danvan._ambiguity import ambiguous_numbers
from danvan._breakdown import (
    Actors,
    actors_of,
    holds,
    parts_exceed,
    submetrics_complete,
    told_apart,
)
from danvan._lang import Text, check_lang
from danvan._metrics import Aggregation, counting_fits
from danvan._numbers import format_number
from danvan._observations import Observation, latest_end
from danvan._period import Period
from danvan._public import publish
from danvan._quantity import Certainty, Quantity, total
from danvan._ratio import Ratio
from danvan._text import match_key
from danvan._units import COUNTING_WORDS
from danvan.errors import InvalidValueError, UnitMismatchError

if TYPE_CHECKING:  # only for annotations of functions, never of attrs fields
    from danvan._dataset import Dataset

__all__ = [
    "DEFAULT_RULES",
    "RULE_WORDS",
    "SEVERITY_WORDS",
    "AtLeast",
    "CompareMetrics",
    "Finding",
    "FunctionRule",
    "Rule",
    "Severity",
    "ValidationReport",
]


class Severity(enum.Enum):
    """How bad a finding is."""

    ERROR = "error"
    """The data cannot be right as it stands."""
    WARNING = "warning"
    """The data is doubtful: a reader should check the source."""
    INFO = "info"
    """Worth knowing; nothing is wrong."""


SEVERITY_WORDS: dict[Severity, Text] = {
    Severity.ERROR: Text("lỗi", "error"),
    Severity.WARNING: Text("cảnh báo", "warning"),
    Severity.INFO: Text("thông tin", "info"),
}
"""Each severity as readers are told."""


@attrs.frozen(kw_only=True)
class Finding:
    """One problem a rule found.

    Args:
        code: The stable code of the rule ("part-exceeds-whole").
        severity: How bad it is.
        record: Id of the record concerned (an observation id, a campaign id, ...).
        message: What is wrong, with the figures involved.
        message_vi: The same in Vietnamese, where the rule gives it.
    """

    code: str
    severity: Severity
    record: str
    message: str
    message_vi: str = ""

    def text(self, lang: str = "en") -> str:
        """The message in ``lang``: Vietnamese where the rule gives it, else English.

        Raises:
            InvalidValueError: ``lang`` is neither ``"vi"`` nor ``"en"``.
        """
        if check_lang(lang) == "vi" and self.message_vi:
            return self.message_vi
        return self.message

    def __str__(self) -> str:
        return f"{self.severity.value}: [{self.code}] {self.record}: {self.message}"


Item = tuple[str, str] | tuple[str, str, str] | Finding
"""What a rule function yields: (record, message[, message in Vietnamese]) or a Finding."""


@runtime_checkable
class Rule(Protocol):
    """What every rule offers: a code, a severity, a description and a check."""

    @property
    def code(self) -> str: ...

    @property
    def severity(self) -> Severity: ...

    @property
    def description(self) -> str: ...

    def check(self, dataset: Dataset) -> Iterable[Finding]:
        """Yield a finding for each problem in ``dataset``."""
        ...


def _finding_tuple(value: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(value)


@attrs.frozen
class ValidationReport:
    """Every finding of a validation run, most severe first.

    >>> ValidationReport(()).ok
    True
    """

    findings: tuple[Finding, ...] = attrs.field(converter=_finding_tuple)

    @property
    def errors(self) -> tuple[Finding, ...]:
        """Findings of ERROR severity."""
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """Findings of WARNING severity."""
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    @property
    def ok(self) -> bool:
        """True when there is no ERROR."""
        return not self.errors

    def by_code(self, code: str) -> tuple[Finding, ...]:
        """Findings of the rule ``code``."""
        return tuple(f for f in self.findings if f.code == code)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def _repr_html_(self) -> str:
        from danvan._html import validation_html  # a notebook shows the findings as a table

        return validation_html(self)

    def __str__(self) -> str:
        if not self.findings:
            return "no problems found"
        counts = ", ".join(
            f"{sum(f.severity is s for f in self.findings)} {s.value}(s)" for s in Severity
        )
        return counts + "\n" + "\n".join(str(f) for f in self.findings)


_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}

# The kinds of record the built-in rules' messages name.
_KIND_WORDS = {
    "metric": Text("chỉ tiêu", "metric"),
    "place": Text("địa bàn", "place"),
    "organisation": Text("tổ chức", "organisation"),
    "source": Text("nguồn", "source"),
    "document": Text("văn bản", "document"),
    "campaign": Text("phong trào", "campaign"),
    "activity": Text("hoạt động", "activity"),
}


def run_rules(dataset: Dataset, rules: Sequence[Rule]) -> ValidationReport:
    """Run ``rules`` over ``dataset`` and collect every finding, most severe first."""
    findings: list[Finding] = []
    for rule in rules:
        findings.extend(rule.check(dataset))
    findings.sort(key=lambda f: (_ORDER[f.severity], f.code, f.record))
    return ValidationReport(findings)


# -- helpers shared by the rules -------------------------------------------------------


When = tuple[object, ...]
"""When a figure happened, as validation compares figures: its period; for a period not
stated, the source that states it (one source's unstated figures are of one time)."""


def _when(obs: Observation) -> When:
    return (obs.period,) if obs.period is not None else (None, obs.source)


def _statement_key(obs: Observation) -> tuple[object, ...]:
    """What one statement of one figure is identified by: its key (with its source, for a
    period not stated), and whether it is a rate ("85% hộ dân" is never a count)."""
    return (*obs.key, *_when(obs), isinstance(obs.value, Ratio))


def _groups(observations: Iterable[Observation]) -> dict[tuple[object, ...], list[Observation]]:
    """Observations by what they describe: place, organisation and when."""
    out: dict[tuple[object, ...], list[Observation]] = defaultdict(list)
    for obs in observations:
        out[(obs.place, obs.organisation, *_when(obs))].append(obs)
    return out


def _by_label(observations: Sequence[Observation]) -> dict[str, tuple[str, Quantity]]:
    """The figure of each label (by its match key: the label as first written, and the
    figure) among observations of one metric, place, organisation and period (the first
    statement of each: restatements count once)."""
    by_label: dict[str, tuple[str, Quantity]] = {}
    for obs in observations:
        if isinstance(obs.value, Quantity):
            by_label.setdefault(match_key(obs.disaggregation), (obs.disaggregation, obs.value))
    return by_label


def _figure(observations: Sequence[Observation]) -> Quantity | None:
    """The figure a group of observations of one metric states, restatements counted once:
    the whole of its labelled parts when one is stated, else the sum of the labels."""
    by_label = _by_label(observations)
    if not by_label:
        return None
    if "" in by_label:
        return by_label[""][1]
    try:
        return total(q for _, q in by_label.values())
    except UnitMismatchError:
        return None


def _describe(obs: Observation, lang: str = "en") -> str:
    """The figure ``obs`` states, as messages name it: "tips for 36, 2017/2021"."""
    where = obs.place or obs.organisation or "?"
    if lang == "vi":
        when = "kỳ không nêu" if obs.period is None else f"kỳ {obs.period}"
        return f"{obs.metric} của {where}, {when}"
    when = "period not stated" if obs.period is None else str(obs.period)
    return f"{obs.metric} for {where}, {when}"


# -- built-in rule types --------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class FunctionRule:
    """A rule defined by a function from the dataset to ``(record id, message)`` pairs.

    >>> rule = FunctionRule(
    ...     code="quote-required", severity=Severity.WARNING,
    ...     description="every observation quotes its source",
    ...     function=lambda ds: ((o.id, "no quote") for o in ds.observations if not o.quote))
    >>> rule.code
    'quote-required'
    """

    code: str
    severity: Severity
    description: str
    function: Callable[[Dataset], Iterable[Item]]

    def check(self, dataset: Dataset) -> Iterator[Finding]:
        """Yield a finding for each ``(record id, message)`` pair the function returns.

        A third item, when given, is the message in Vietnamese. The function may also
        yield whole `Finding` objects, for findings of another severity or code than the
        rule's own.
        """
        for item in self.function(dataset):
            if isinstance(item, Finding):
                yield item
            else:
                record, message, *vi = item
                yield Finding(
                    code=self.code,
                    severity=self.severity,
                    record=record,
                    message=message,
                    message_vi=vi[0] if vi else "",
                )


_OPERATORS: dict[str, Callable[[Quantity, Quantity], Certainty]] = {
    "<=": lambda a, b: _not(a.above(b)),
    "<": lambda a, b: a.below(b),
    ">=": lambda a, b: _not(a.below(b)),
    ">": lambda a, b: a.above(b),
    "==": lambda a, b: a.equal(b),
}


def _not(c: Certainty) -> Certainty:
    return {
        Certainty.CERTAIN: Certainty.IMPOSSIBLE,
        Certainty.IMPOSSIBLE: Certainty.CERTAIN,
        Certainty.POSSIBLE: Certainty.POSSIBLE,
    }[c]


def _check_operator(_: object, __: object, value: str) -> None:
    if value not in _OPERATORS:
        raise InvalidValueError(
            f"must be one of {', '.join(_OPERATORS)}, got {value!r}", where="rule.op"
        )


@attrs.frozen(kw_only=True)
class CompareMetrics:
    """A declarative rule "left <op> right" for two metrics, per place and period.

    The relation is checked under uncertainty: a finding is made when the figures
    rule it out. Pairs where either figure is missing are skipped.

    >>> rule = CompareMetrics(code="solved-within-reported", left="crimes.solved", op="<=",
    ...                       right="crimes.reported")
    >>> rule.severity
    <Severity.ERROR: 'error'>
    """

    code: str
    left: str
    op: str = attrs.field(validator=_check_operator)
    right: str
    severity: Severity = Severity.ERROR
    description: str = ""

    def check(self, dataset: Dataset) -> Iterator[Finding]:
        """Yield a finding where the figures rule the relation out."""
        lefts = _groups(dataset.select(metric=self.left))
        rights = _groups(dataset.select(metric=self.right))
        compare = _OPERATORS[self.op]
        for key, left_obs in lefts.items():
            if key not in rights:
                continue
            a, b = _figure(left_obs), _figure(rights[key])
            if a is None or b is None:
                continue
            try:
                verdict = compare(a, b)
            except UnitMismatchError as exc:
                yield Finding(
                    code=self.code, severity=self.severity, record=left_obs[0].id, message=str(exc)
                )
                continue
            if verdict is Certainty.IMPOSSIBLE:
                yield Finding(
                    code=self.code,
                    severity=self.severity,
                    record=left_obs[0].id,
                    message=f"{self.left} {a:en} {self.op} {self.right} {b:en} cannot hold "
                    f"({_describe(left_obs[0])})",
                )


@attrs.frozen(kw_only=True)
class AtLeast:
    """Every figure of ``metric`` must reach ``minimum`` ("at least 5 officers per commune").

    A figure certainly below the minimum is a finding of this rule's severity; one
    that only possibly falls below it is a WARNING.
    """

    code: str
    metric: str
    minimum: Quantity
    severity: Severity = Severity.ERROR
    description: str = ""

    def check(self, dataset: Dataset) -> Iterator[Finding]:
        """Yield a finding for each figure that falls, or may fall, below the minimum."""
        for obs in dataset.select(metric=self.metric):
            try:
                verdict = obs.quantity.below(self.minimum)
            except UnitMismatchError as exc:
                yield Finding(
                    code=self.code, severity=Severity.ERROR, record=obs.id, message=str(exc)
                )
                continue
            if verdict is Certainty.IMPOSSIBLE:
                continue
            severity = self.severity if verdict is Certainty.CERTAIN else Severity.WARNING
            yield Finding(
                code=self.code,
                severity=severity,
                record=obs.id,
                message=f"{obs.quantity:en} is "
                f"{'' if verdict is Certainty.CERTAIN else 'possibly '}"
                f"below the minimum {self.minimum:en} ({_describe(obs)})",
            )


def _references(ds: Dataset) -> Iterator[Item]:
    ids = ds.ids()
    places, metrics = ds.places, ds.catalogue

    def missing(kind: str, ref: str | None) -> bool:
        if ref is None:
            return False
        if kind == "place":
            return ref not in places
        if kind == "metric":
            return ref not in metrics
        return ref not in ids[kind]

    def refs(
        record: str, pairs: Iterable[tuple[str, str, str | None]]
    ) -> Iterator[tuple[str, str, str]]:
        for field, kind, ref in pairs:
            if missing(kind, ref):
                words = _KIND_WORDS[kind]
                yield (
                    record,
                    f"{field} names unknown {words.en} {ref!r}",
                    f"{field} trỏ đến {words.vi} {ref!r} không có trong dữ liệu",
                )

    for o in ds.observations:
        yield from refs(
            o.id,
            [
                ("metric", "metric", o.metric),
                ("place", "place", o.place),
                ("organisation", "organisation", o.organisation),
                ("source", "source", o.source),
                ("activity", "activity", o.activity),
            ],
        )
        counted = o.quantity.unit
        if counted not in metrics.vocabulary:  # files could not read the figure back
            yield (
                o.id,
                f"value counts in {counted.vi!r} ({counted.code}), which the catalogue's "
                f"vocabulary does not hold; register it with Catalogue.with_units",
                f"số liệu tính bằng {counted.vi!r} ({counted.code}), đơn vị chưa có trong "
                f"danh mục; hãy đăng ký bằng Catalogue.with_units",
            )
    for org in ds.organisations:
        yield from refs(
            org.id, [("parent", "organisation", org.parent), ("place", "place", org.place)]
        )
    for s in ds.sources:
        yield from refs(s.id, [("document", "document", s.document)])
    for c in ds.campaigns:
        yield from refs(
            c.id,
            [
                *(("legal_basis", "document", d) for d in c.legal_basis),
                *(("organisers", "organisation", o) for o in c.organisers),
                *(("scope", "place", p) for p in c.scope),
                ("parent", "campaign", c.parent),
                *(("targets.metric", "metric", t.metric) for t in c.targets),
                *(("targets.place", "place", t.place) for t in c.targets),
            ],
        )
    for m in ds.models:
        yield from refs(
            m.id,
            [
                ("host", "organisation", m.host),
                *(("places", "place", p) for p in m.places),
                ("campaign", "campaign", m.campaign),
            ],
        )
    for e in ds.exemplars:
        yield from refs(
            e.id,
            [
                ("organisation", "organisation", e.organisation),
                ("campaign", "campaign", e.campaign),
                *(("recognitions.by", "organisation", r.by) for r in e.recognitions),
            ],
        )
    for d in ds.drives:
        yield from refs(
            d.id,
            [
                *(("organisers", "organisation", o) for o in d.organisers),
                ("campaign", "campaign", d.campaign),
            ],
        )


def _units(ds: Dataset) -> Iterator[Item]:
    for o in ds.observations:
        if o.metric not in ds.catalogue:
            continue  # reported by unknown-reference
        metric = ds.catalogue.get(o.metric)
        if metric.aggregation is Aggregation.RATIO:
            if not isinstance(o.value, Ratio):
                yield (
                    o.id,
                    f"{o.metric} is a ratio: its figures must be ratios "
                    f"(numerator/denominator), got {o.value}",
                    f"{o.metric} là chỉ tiêu tỷ lệ: số liệu phải là tỷ lệ (tử số/mẫu số), "
                    f"nhưng lại là {o.value}",
                )
            continue
        if isinstance(o.value, Ratio):
            counted = o.value.numerator.unit
            if o.value.base and counting_fits(metric, counted):
                continue  # the metric stated against a named base ("85% người dân")
            if o.value.base:  # a rate of something the metric does not count
                theirs, ours = COUNTING_WORDS[counted.counts], COUNTING_WORDS[metric.counts]
                yield (
                    o.id,
                    f"{o.value.format(lang='en')} is a rate of {theirs.en} "
                    f"({o.value.base!r}), but {o.metric} counts {ours.en}: record it under "
                    f"a metric that counts {theirs.en}",
                    f"{o.value} là tỷ lệ tính trên {theirs.vi} ({o.value.base!r}), nhưng chỉ "
                    f"tiêu {o.metric} đếm {ours.vi}: hãy ghi vào chỉ tiêu đếm {theirs.vi}",
                )
                continue
            yield (
                o.id,
                f"{o.metric} is not a ratio, got {o.value}; name what a rate of it is of "
                f"(Ratio.base) to state it against a base",
                f"{o.metric} không phải là tỷ lệ, nhưng số liệu là {o.value}",
            )
        elif metric.is_group:
            yield (
                o.id,
                f"{o.metric} groups metrics of different units and holds "
                f"no figures of its own; use one of its sub-metrics",
                f"{o.metric} gộp các chỉ tiêu có đơn vị khác nhau, không có số liệu riêng; "
                f"hãy ghi vào một chỉ tiêu con",
            )
        elif o.value.dimension is not metric.dimension:
            assert metric.dimension is not None
            yield (
                o.id,
                f"{o.value} measures {o.value.dimension.value}, but {o.metric} "
                f"measures {metric.dimension.value}",
                f"{o.value} đo {o.value.dimension.vi}, nhưng {o.metric} đo {metric.dimension.vi}",
            )


def _campaign_periods(ds: Dataset) -> Iterator[Item]:
    campaigns = {c.id: c for c in ds.campaigns}

    def outside(inner: object, campaign_id: str | None) -> bool:
        campaign = campaigns.get(campaign_id or "")
        if campaign is None or campaign.period is None or inner is None:
            return False
        period = campaign.period
        if isinstance(inner, Period) and inner.calendar is not period.calendar:
            period = period.with_calendar(inner.calendar)  # a question of dates here
        try:
            return not period.contains(inner)  # type: ignore[arg-type]  # Period or Date
        except InvalidValueError:
            return False

    for c in ds.campaigns:
        for t in c.targets:
            if outside(t.period, c.id):
                yield (
                    c.id,
                    f"target period {t.period} lies outside the campaign period {c.period}",
                    f"kỳ chỉ tiêu {t.period} nằm ngoài thời gian của phong trào {c.period}",
                )
        if c.parent and outside(c.period, c.parent):
            yield (
                c.id,
                f"period {c.period} lies outside the parent campaign's",
                f"kỳ {c.period} nằm ngoài thời gian của phong trào cấp trên",
            )
    sources = ds.ids()["source"]
    for o in ds.observations:
        if o.period is None:  # not stated: it cannot have happened after its source's date
            campaign = campaigns.get(o.activity or "")
            span = None if campaign is None else campaign.period
            day = latest_end(o, sources)
            if day is not None and span is not None and day < span.start:
                yield (
                    o.id,
                    f"its source was published on {day}, before campaign {o.activity!r} "
                    f"began ({span})",
                    f"nguồn của số liệu đăng ngày {day}, trước khi phong trào {o.activity!r} "
                    f"bắt đầu ({span})",
                )
            continue
        if outside(o.period, o.activity):
            yield (
                o.id,
                f"period {o.period} lies outside campaign "
                f"{o.activity!r} ({campaigns[o.activity or ''].period})",
                f"kỳ {o.period} nằm ngoài thời gian của phong trào "
                f"{o.activity!r} ({campaigns[o.activity or ''].period})",
            )
    for m in ds.models:
        for event in m.events:
            if outside(event.date, m.campaign):
                yield (
                    m.id,
                    f"{event.stage.value} on {event.date} lies outside campaign {m.campaign!r}",
                    f"mốc {event.stage.value} ngày {event.date} nằm ngoài thời gian của "
                    f"phong trào {m.campaign!r}",
                )


def _statements(ds: Dataset) -> Iterator[list[Observation]]:
    """The statements of each figure stated more than once, in dataset order."""
    by_key: dict[tuple[object, ...], list[Observation]] = defaultdict(list)
    for o in ds.observations:
        by_key[_statement_key(o)].append(o)
    return (group for group in by_key.values() if len(group) > 1)


def _same_source(a: Observation, b: Observation) -> bool:
    return a.source is not None and a.source == b.source


def _duplicates(ds: Dataset) -> Iterator[Item]:
    for group in _statements(ds):
        for i, other in enumerate(group[1:], start=1):
            # Each statement against every earlier one: any two of them may clash.
            clash = next((g for g in group[:i] if not _consistent_pair(g, other)), None)
            if clash is not None:
                a, b = clash.quantity, other.quantity
                ids = f"{clash.id} and {other.id}"
                yield (
                    other.id,
                    f"{ids} disagree on one figure ({a:en} against {b:en}; {_describe(clash)})",
                    f"{clash.id} và {other.id} nêu cùng một số liệu nhưng không khớp "
                    f"({a} so với {b}; {_describe(clash, 'vi')})",
                )
                continue
            # Restatements within one source are the repeated-in-source rule's.
            first = next((g for g in group[:i] if not _same_source(g, other)), None)
            if first is not None:
                a, b = first.quantity, other.quantity
                yield Finding(
                    code="duplicate-observation",
                    severity=Severity.INFO,
                    record=other.id,
                    message=f"{first.id} and {other.id} state the same figure ({a:en}; {b:en}): "
                    f"counted once",
                    message_vi=f"{first.id} và {other.id} nêu cùng một số liệu ({a}; {b}): "
                    f"chỉ tính một lần",
                )


def _consistent_pair(a: Observation, b: Observation) -> bool:
    try:
        return a.quantity.consistent_with(b.quantity)
    except UnitMismatchError:
        return False


def _repeated_in_source(ds: Dataset) -> Iterator[Item]:
    """A source listing one figure of one thing twice, neither statement marked as
    restating the other (`Role`): the same key, both in the body. Figures of different
    things (another label, place, organisation, metric or period) are never repetitions,
    however equal their numbers; statements that disagree are conflicting-observations'."""
    for group in _statements(ds):
        for i, other in enumerate(group[1:], start=1):
            if other.role.restates or any(not _consistent_pair(g, other) for g in group[:i]):
                continue
            first = next(
                (g for g in group[:i] if _same_source(g, other) and not g.role.restates), None
            )
            if first is None:
                continue
            yield (
                other.id,
                f"source {other.source!r} states {_describe(other)} twice ({first.id}: "
                f"{first.quantity:en}; {other.id}: {other.quantity:en}), counted once: mark a "
                f"restatement with its role, or tell two things apart with a label",
                f"nguồn {other.source!r} nêu {_describe(other, 'vi')} hai lần ({first.id}: "
                f"{first.quantity}; {other.id}: {other.quantity}), chỉ tính một lần: hãy ghi "
                f"vai trò (role) cho số liệu nêu lại, hoặc nhãn phân tổ nếu là hai nội dung",
            )


def _parts_and_wholes(ds: Dataset) -> Iterator[Item]:
    catalogue = ds.catalogue
    by_metric: dict[str, dict[tuple[object, ...], list[Observation]]] = {}
    for metric_code in {o.metric for o in ds.observations}:
        if metric_code in catalogue:
            by_metric[metric_code] = _groups(ds.select(metric=metric_code))
    for parent_code, parent_groups in by_metric.items():
        parent = catalogue.get(parent_code)
        if parent.is_group or parent.aggregation is Aggregation.RATIO:
            continue
        children = [c.code for c in catalogue.children(parent_code) if c.code in by_metric]
        for key, whole_obs in parent_groups.items():
            whole = _figure(whole_obs)
            if whole is None:
                continue
            # Parts in another dimension than their whole are unit-mismatch findings.
            named_parts = [
                (c, f)
                for c in children
                if key in by_metric[c]
                if (f := _figure(by_metric[c][key])) is not None and f.dimension is whole.dimension
            ]
            if not named_parts:
                continue
            parts = [f for _, f in named_parts]
            flagged = False
            for part_code, part in named_parts:
                if parts_exceed(whole, part):
                    flagged = True
                    yield (
                        whole_obs[0].id,
                        f"part {part_code} {part} exceeds the whole {parent_code} {whole}",
                        f"phần {part_code} {part} lớn hơn tổng {parent_code} {whole}",
                    )
            summed = total(parts)
            if not flagged and parts_exceed(whole, summed):
                yield (
                    whole_obs[0].id,
                    f"parts of {parent_code} add up to {summed:en}, more than the whole {whole:en}",
                    f"các phần của {parent_code} cộng lại được {summed}, lớn hơn tổng {whole}",
                )
            elif (
                submetrics_complete(catalogue, parent_code, [code for code, _ in named_parts])
                and summed.equal(whole) is Certainty.IMPOSSIBLE
            ):
                yield Finding(
                    code="breakdown-mismatch",
                    severity=Severity.WARNING,
                    record=whole_obs[0].id,
                    message=f"{parent_code} consists of its parts, but they add up "
                    f"to {summed:en}, not {whole:en}",
                    message_vi=f"{parent_code} gồm các phần của nó, nhưng các phần cộng lại "
                    f"được {summed}, không phải {whole}",
                )
    # Who and which: figures of organisations or labels a figure of the same metric, place
    # and period holds (an unlabelled whole, a figure of everyone) cannot exceed it.
    actors = actors_of(ds)
    for metric_code in by_metric:
        spots: dict[tuple[object, ...], list[Observation]] = defaultdict(list)
        for o in ds.select(metric=metric_code):
            spots[(o.place, *_when(o))].append(o)
        for spot in spots.values():
            yield from _held_parts(metric_code, spot, actors)
    # Places: a figure for a place cannot exceed one for a place above it, of the same
    # metric and period, whose organisation holds its own (the same, above it, or none);
    # nor can the places below it that are nearest to it (none of which holds another)
    # add up to more, for the same organisation.
    for metric_code, groups in by_metric.items():
        metric = catalogue.get(metric_code)
        if metric.aggregation not in (Aggregation.FLOW, Aggregation.STOCK):
            continue
        figures = {k: f for k, obs in groups.items() if (f := _figure(obs)) is not None}
        nearest: dict[tuple[object, ...], list[tuple[str, Quantity]]] = defaultdict(list)
        exceeded: set[tuple[object, ...]] = set()
        for (place, org, *when), figure in figures.items():
            if place is None or place not in ds.places:
                continue
            holders = (org, *(() if org is None else (*actors.above(str(org)), None)))
            ancestors = ds.places.ancestors(str(place))
            for ancestor in ancestors:
                for holder in holders:
                    whole = figures.get((ancestor.code, holder, *when))
                    if (
                        whole is not None
                        and figure.dimension is whole.dimension
                        and parts_exceed(whole, figure)
                    ):
                        exceeded.add((ancestor.code, holder, *when))
                        yield (
                            groups[(place, org, *when)][0].id,
                            f"{metric_code} for {place} ({figure}) exceeds the figure "
                            f"for {ancestor.code} ({whole})",
                            f"{metric_code} của {place} ({figure}) lớn hơn số liệu của "
                            f"{ancestor.code} ({whole})",
                        )
            above = next((a for a in ancestors if (a.code, org, *when) in figures), None)
            if above is not None:
                nearest[(above.code, org, *when)].append((str(place), figure))
        for key, below in nearest.items():
            stated = figures[key]
            addable = [(code, q) for code, q in below if q.dimension is stated.dimension]
            if key in exceeded or len(addable) < 2:
                continue
            added = _safe_total([q for _, q in addable])
            if added is not None and parts_exceed(stated, added):
                where, places = str(key[0]), ", ".join(code for code, _ in addable)
                yield (
                    groups[key][0].id,
                    f"{metric_code}: the places below {where} ({places}) add up to "
                    f"{added:en}, more than the figure for {where} ({stated:en})",
                    f"{metric_code}: các địa bàn trực thuộc {where} ({places}) cộng lại "
                    f"được {added}, lớn hơn số liệu của {where} ({stated})",
                )


def _held_parts(metric: str, observations: list[Observation], actors: Actors) -> Iterator[Item]:
    """Parts above a whole that holds them, among figures of one metric, place and period:
    labelled parts of an unlabelled whole, organisations' figures under one of everyone
    or of an organisation above them (`danvan._breakdown.holds`)."""
    figures: dict[tuple[str | None, str], Observation] = {}
    for o in observations:  # restatements count once: the first statement of each
        if isinstance(o.value, Quantity):
            figures.setdefault((o.organisation, match_key(o.disaggregation)), o)
    if len(figures) < 2:
        return
    for whole in figures.values():
        w = whole.quantity
        parts = [
            p
            for p in figures.values()
            if p is not whole and holds(whole, p, actors) and p.quantity.dimension is w.dimension
        ]
        if not parts:
            continue
        above = next((p for p in parts if parts_exceed(w, p.quantity)), None)
        of, of_vi = _who(whole)
        if above is not None:
            part, part_vi = _who(above)
            yield (
                whole.id,
                f"part{part} of {metric} ({above.quantity:en}) exceeds its whole{of} ({w:en})",
                f"phần{part_vi} của {metric} ({above.quantity}) lớn hơn tổng{of_vi} ({w})",
            )
            continue
        # The parts nothing else among them holds; added up only when disjoint.
        direct = [p for p in parts if not any(q is not p and holds(q, p, actors) for q in parts)]
        if not all(told_apart(a, b, actors) for a, b in itertools.combinations(direct, 2)):
            continue
        summed = _safe_total([p.quantity for p in direct])
        if len(direct) > 1 and summed is not None and parts_exceed(w, summed):
            yield (
                whole.id,
                f"the parts of {metric} add up to {summed:en}, more than their whole{of} ({w:en})",
                f"các phần của {metric} cộng lại được {summed}, lớn hơn tổng{of_vi} ({w})",
            )


def _who(obs: Observation) -> tuple[str, str]:
    """Whose and which figure ``obs`` is, as messages name it, in English and Vietnamese:
    "'nam' of hpn-hh", "hpn-hh", "'nam'"; both empty for a figure of everyone, unlabelled.
    A name starts with a space, so that it follows its word."""
    label = repr(obs.disaggregation) if obs.disaggregation else ""
    org = obs.organisation or ""
    en = " of ".join(x for x in (label, org) if x)
    vi = " của ".join(x for x in (label, org) if x)
    return (f" {en}" if en else "", f" {vi}" if vi else "")


def _safe_total(quantities: list[Quantity]) -> Quantity | None:
    try:
        return total(quantities)
    except UnitMismatchError:
        return None


def _unstated_periods(ds: Dataset) -> Iterator[Item]:
    sources = ds.ids()["source"]
    for o in ds.observations:
        if o.period is None and latest_end(o, sources) is None:
            yield (
                o.id,
                "states no period, and no dated source bounds it: nothing says when it "
                "happened (give its source a date)",
                "số liệu không nêu kỳ, nguồn cũng không ghi ngày: không biết số liệu thuộc "
                "thời gian nào (hãy ghi ngày của nguồn)",
            )


def _ratios(ds: Dataset) -> Iterator[Item]:
    for o in ds.observations:
        if isinstance(o.value, Ratio) and o.value.percent_agrees is False:
            yield (
                o.id,
                f"stated {o.value.stated_percent}% disagrees with "
                f"{o.value.numerator.point}/{o.value.denominator.point} = "
                f"{o.value.percent}%",
                f"tỷ lệ ghi {format_number(o.value.stated_percent or 0)}% không khớp với "
                f"{o.value.numerator.point}/{o.value.denominator.point} = "
                f"{format_number(o.value.percent or 0)}%",
            )


def _builtin(
    code: str,
    severity: Severity,
    description: str,
    function: Callable[[Dataset], Iterable[Item]],
) -> FunctionRule:
    return FunctionRule(code=code, severity=severity, description=description, function=function)


DEFAULT_RULES: tuple[Rule, ...] = (
    _builtin(
        "unknown-reference",
        Severity.ERROR,
        "Every id or code a record names exists in the dataset.",
        _references,
    ),
    _builtin(
        "unit-mismatch",
        Severity.ERROR,
        "Every figure's unit measures its metric's dimension; ratio metrics hold ratios; "
        "a rate of a count metric names a base that counts what the metric counts; "
        "group metrics hold no figures.",
        _units,
    ),
    _builtin(
        "period-outside-campaign",
        Severity.WARNING,
        "Targets, figures and model events of a campaign lie within its period.",
        _campaign_periods,
    ),
    _builtin(
        "conflicting-observations",
        Severity.WARNING,
        "Statements of one figure (one metric, place, organisation, period and label) agree "
        "given their qualifiers; two sources that agree are reported as INFO.",
        _duplicates,
    ),
    _builtin(
        "repeated-in-source",
        Severity.WARNING,
        "A source states each figure once, or marks its restatements (a headline, a "
        "summary: Observation.role); equal numbers of different things are no repetition.",
        _repeated_in_source,
    ),
    _builtin(
        "part-exceeds-whole",
        Severity.ERROR,
        "No part (sub-metric, place below, labelled part, organisation's share), and no sum "
        "of parts, certainly exceeds its whole (the parts' lower bounds added above the "
        "whole's upper bound); parts of a complete breakdown add up to it "
        "(breakdown-mismatch, WARNING).",
        _parts_and_wholes,
    ),
    _builtin(
        "period-not-stated",
        Severity.WARNING,
        "A figure whose period is not stated comes from a dated source, which bounds when "
        "it happened.",
        _unstated_periods,
    ),
    _builtin(
        "ambiguous-number",
        Severity.WARNING,
        "A measured figure below 1.000 written with three decimals (1,500 kg) may be a "
        "thousands group typed in English.",
        ambiguous_numbers,
    ),
    _builtin(
        "ratio-percent",
        Severity.ERROR,
        "A stated percentage agrees with its numerator and denominator.",
        _ratios,
    ),
)
"""The rules `Dataset.validate` runs when none are given."""


RULE_WORDS: dict[str, Text] = {
    "unknown-reference": Text("tham chiếu không có trong dữ liệu", "unknown reference"),
    "unit-mismatch": Text("sai đơn vị tính", "unit mismatch"),
    "period-outside-campaign": Text("ngoài thời gian phong trào", "outside the campaign"),
    "conflicting-observations": Text("số liệu mâu thuẫn", "conflicting figures"),
    "duplicate-observation": Text("số liệu nêu lại", "figure stated again"),
    "repeated-in-source": Text("một nguồn nêu hai lần", "stated twice in a source"),
    "part-exceeds-whole": Text("phần lớn hơn tổng", "part exceeds whole"),
    "breakdown-mismatch": Text("các phần không khớp tổng", "parts do not add up"),
    "period-not-stated": Text("không nêu kỳ", "period not stated"),
    "ambiguous-number": Text("số có thể hiểu hai cách", "ambiguous number"),
    "ratio-percent": Text("tỷ lệ không khớp", "percentage does not agree"),
    "load": Text("không đọc được", "cannot be read"),
}
"""The built-in rules (and the codes of their findings) as readers call them."""


# danvan imports this module on first use; its classes say danvan.X however they are reached.
_PUBLISHED = (AtLeast, CompareMetrics, Finding, FunctionRule, Rule, Severity, ValidationReport)
for _public_class in _PUBLISHED:
    publish(_public_class)
del _public_class
