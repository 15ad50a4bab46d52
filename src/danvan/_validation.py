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
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import attrs

from danvan._ambiguity import ambiguous_numbers
from danvan._breakdown import label_covers, submetrics_complete
from danvan._lang import Text, check_lang
from danvan._metrics import Aggregation
from danvan._numbers import format_number
from danvan._observations import Observation
from danvan._period import Period
from danvan._quantity import Certainty, Quantity, total
from danvan._ratio import Ratio
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


def _groups(observations: Iterable[Observation]) -> dict[tuple[object, ...], list[Observation]]:
    """Observations by what they describe: place (or organisation, without one) and period."""
    out: dict[tuple[object, ...], list[Observation]] = defaultdict(list)
    for obs in observations:
        out[(obs.place, obs.owner, obs.period)].append(obs)
    return out


def _by_label(observations: Sequence[Observation]) -> dict[str, Quantity]:
    """The figure of each label among observations of one metric, place and period (the
    first statement of each: restatements count once)."""
    by_label: dict[str, Quantity] = {}
    for obs in observations:
        if isinstance(obs.value, Quantity):
            by_label.setdefault(obs.disaggregation, obs.value)
    return by_label


def _figure(observations: Sequence[Observation]) -> Quantity | None:
    """The figure a group of observations of one metric states, restatements counted once:
    the whole of its labelled parts when one is stated, else the sum of the labels."""
    by_label = _by_label(observations)
    if not by_label:
        return None
    wholes = [q for label, q in by_label.items() if all(label_covers(label, x) for x in by_label)]
    if wholes:
        return wholes[0]
    try:
        return total(by_label.values())
    except UnitMismatchError:
        return None


def _describe(obs: Observation) -> str:
    where = obs.place or obs.organisation or "?"
    return f"{obs.metric} for {where}, {obs.period}"


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
            if o.value.base:
                continue  # the metric stated against a named base ("85% hộ dân")
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
    for o in ds.observations:
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


def _duplicates(ds: Dataset) -> Iterator[Item]:
    by_key: dict[tuple[object, ...], list[Observation]] = defaultdict(list)
    for o in ds.observations:
        # A rate ("85% hộ dân") and a count of one metric are never one figure.
        by_key[(*o.key, isinstance(o.value, Ratio))].append(o)
    for group in by_key.values():
        if len(group) < 2:
            continue
        for i, other in enumerate(group[1:], start=1):
            # Each statement against every earlier one: any two of them may clash.
            first = next((g for g in group[:i] if not _consistent_pair(g, other)), group[0])
            a, b = first.quantity, other.quantity
            ids = f"{first.id} and {other.id}"
            if _consistent_pair(first, other):
                yield Finding(
                    code="duplicate-observation",
                    severity=Severity.INFO,
                    record=other.id,
                    message=f"{ids} state the same figure ({a:en}; {b:en}): counted once",
                    message_vi=f"{first.id} và {other.id} nêu cùng một số liệu ({a}; {b}): "
                    f"chỉ tính một lần",
                )
            else:
                yield (
                    other.id,
                    f"{ids} disagree on one figure ({a:en} against {b:en}; {_describe(first)})",
                    f"{first.id} và {other.id} nêu cùng một số liệu nhưng không khớp "
                    f"({a} so với {b}; {_describe(first)})",
                )


def _consistent_pair(a: Observation, b: Observation) -> bool:
    try:
        return a.quantity.consistent_with(b.quantity)
    except UnitMismatchError:
        return False


def _repeated_in_source(ds: Dataset) -> Iterator[Item]:
    seen: dict[tuple[object, ...], Observation] = {}
    for o in ds.observations:
        if o.source is None:
            continue
        key = (o.source, o.metric, o.place, o.owner, o.period)
        if key in seen:
            first = seen[key]
            if o.disaggregation != first.disaggregation and (
                label_covers(o.disaggregation, first.disaggregation)
                or label_covers(first.disaggregation, o.disaggregation)
            ):
                continue  # a whole and one of its labelled parts: a breakdown, no repetition
            separate = o.disaggregation != first.disaggregation
            how = (
                "as separate figures, added together"
                if separate
                else ("as the same figure, counted once")
            )
            how_vi = (
                "hai số liệu riêng, được cộng lại"
                if separate
                else ("cùng một số liệu, chỉ tính một lần")
            )
            yield (
                o.id,
                f"source {o.source!r} states {o.metric} for this place and "
                f"period again ({first.quantity:en}, then {o.quantity:en}); held {how}",
                f"nguồn {o.source!r} nêu {o.metric} cho cùng địa bàn và kỳ hai lần "
                f"({first.quantity}, rồi {o.quantity}); được giữ là {how_vi}",
            )
        else:
            seen[key] = o


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
                if part.above(whole) is Certainty.CERTAIN:
                    flagged = True
                    yield (
                        whole_obs[0].id,
                        f"part {part_code} {part} exceeds the whole {parent_code} {whole}",
                        f"phần {part_code} {part} lớn hơn tổng {parent_code} {whole}",
                    )
            summed = total(parts)
            if not flagged and summed.above(whole) is Certainty.CERTAIN:
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
    # Labels: the labelled parts of an unlabelled whole of the same metric cannot exceed it.
    for metric_code, groups in by_metric.items():
        for whole_obs in groups.values():
            yield from _labelled_parts(metric_code, whole_obs)
    # Places: a figure for a place cannot exceed its ancestor's for the same metric and period.
    for metric_code, groups in by_metric.items():
        metric = catalogue.get(metric_code)
        if metric.aggregation not in (Aggregation.FLOW, Aggregation.STOCK):
            continue
        figures = {k: f for k, obs in groups.items() if (f := _figure(obs)) is not None}
        for (place, org, period), figure in figures.items():
            if place is None or place not in ds.places:
                continue
            for ancestor in ds.places.ancestors(str(place)):
                whole = figures.get((ancestor.code, org, period))
                if (
                    whole is not None
                    and figure.dimension is whole.dimension
                    and figure.above(whole) is Certainty.CERTAIN
                ):
                    yield (
                        groups[(place, org, period)][0].id,
                        f"{metric_code} for {place} ({figure}) exceeds the figure "
                        f"for {ancestor.code} ({whole})",
                        f"{metric_code} của {place} ({figure}) lớn hơn số liệu của "
                        f"{ancestor.code} ({whole})",
                    )


def _labelled_parts(metric: str, observations: list[Observation]) -> Iterator[Item]:
    """Labelled parts above the unlabelled whole beside them (one metric, place, period)."""
    by_label = _by_label(observations)
    whole = by_label.pop("", None)
    parts = [(label, q) for label, q in by_label.items() if label_covers("", label)]
    if whole is None or not parts:
        return
    record = next(o.id for o in observations if not o.disaggregation)
    parts = [(label, q) for label, q in parts if q.dimension is whole.dimension]
    for label, part in parts:
        if part.above(whole) is Certainty.CERTAIN:
            yield (
                record,
                f"part {label!r} of {metric} ({part:en}) exceeds the whole {whole:en}",
                f"phần {label!r} của {metric} ({part}) lớn hơn tổng {whole}",
            )
            return
    summed = _safe_total([q for _, q in parts])
    if summed is not None and summed.above(whole) is Certainty.CERTAIN:
        yield (
            record,
            f"the labelled parts of {metric} add up to {summed:en}, more than the whole {whole:en}",
            f"các phần có nhãn của {metric} cộng lại được {summed}, lớn hơn tổng {whole}",
        )


def _safe_total(quantities: list[Quantity]) -> Quantity | None:
    try:
        return total(quantities)
    except UnitMismatchError:
        return None


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
        "Figures stated twice for one metric, place and period agree (given their "
        "qualifiers); restatements that agree are reported as INFO.",
        _duplicates,
    ),
    _builtin(
        "repeated-in-source",
        Severity.WARNING,
        "A source states a metric for one place and period only once.",
        _repeated_in_source,
    ),
    _builtin(
        "part-exceeds-whole",
        Severity.ERROR,
        "No part (sub-metric, or place below) exceeds its whole; parts of a complete "
        "breakdown add up to it (breakdown-mismatch, WARNING).",
        _parts_and_wholes,
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
    "ambiguous-number": Text("số có thể hiểu hai cách", "ambiguous number"),
    "ratio-percent": Text("tỷ lệ không khớp", "percentage does not agree"),
    "load": Text("không đọc được", "cannot be read"),
}
"""The built-in rules (and the codes of their findings) as readers call them."""
