"""Observations: one stated figure each, with where it came from.

An observation is what one source says about one metric for one period and one
place or organisation: "gần 9.000 tin có giá trị" in the Nam Định police's
2017–2021 review. The source's exact wording is kept beside the parsed figure.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

import attrs
import pendulum

from danvan._fields import (
    check_date,
    check_id,
    check_member,
    check_name,
    check_optional_instance,
    check_ref,
    check_text,
    member,
    optional_date,
    optional_text,
    text,
    where,
)
from danvan._lang import Text
from danvan._period import Period
from danvan._quantity import Quantity
from danvan._ratio import Ratio
from danvan._text import match_key
from danvan.errors import InvalidValueError

__all__ = ["ROLE_WORDS", "Observation", "Role", "Source", "SourceKind", "latest_end"]


class SourceKind(enum.Enum):
    """What kind of publication a figure comes from."""

    ARTICLE = "article"
    REPORT = "report"
    DOCUMENT = "document"
    SPREADSHEET = "spreadsheet"
    OTHER = "other"


class Role(enum.Enum):
    """Where in its source a figure is stated, and so whether it restates another.

    Articles state their main figure two or three times: in the headline, in the lead
    (sa-pô), in the body, again in a closing summary or a table. Recorded once per
    statement, those are one figure, not several: mark every statement but the body's
    with its role. Validation then reconciles them as restatements and warns only when a
    source lists the same figure of the same thing twice without saying so.
    """

    BODY = "body"
    """The figure as the text states it (the default)."""
    HEADLINE = "headline"
    """The headline (tiêu đề) restates a figure of the text."""
    SUMMARY = "summary"
    """A lead, summary or conclusion (sa-pô, phần tóm tắt, kết luận) restates it."""
    REPEAT = "repeat"
    """The text states it again elsewhere (a later paragraph, a table)."""

    @property
    def restates(self) -> bool:
        """Whether a figure in this role restates a figure stated elsewhere in its source."""
        return self is not Role.BODY


ROLE_WORDS: dict[Role, Text] = {
    Role.BODY: Text("nội dung", "body"),
    Role.HEADLINE: Text("tiêu đề", "headline"),
    Role.SUMMARY: Text("phần tóm tắt", "summary"),
    Role.REPEAT: Text("nêu lại", "repeat"),
}
"""Each role as readers are told."""


def _role(value: Role | str) -> Role:
    return member(Role, value)


def _check_value(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Quantity | Ratio):
        raise InvalidValueError(
            f"must be a Quantity or a Ratio, got {type(value).__name__} {value!r}",
            where=where(instance, attribute.name),
        )


def _source_kind(value: SourceKind | str) -> SourceKind:
    return member(SourceKind, value)


@attrs.frozen(kw_only=True)
class Source:
    """A publication figures are taken from: an article, a report, a spreadsheet.

    Args:
        id: Key in the dataset.
        title: Title as published (NFC).
        kind: What kind of publication it is.
        publisher: Who published it.
        date: Publication date; relative periods ("5 năm qua") resolve against it.
        url: Where it can be read.
        document: Id of a `Document` record, when the source is a legal document.
        note: The analyst's remark ("published February 2022, no day given").

    >>> import pendulum
    >>> Source(id="seed", title="Hiệu quả công tác dân vận", date=pendulum.Date(2022, 2, 1)).date
    Date(2022, 2, 1)
    """

    id: str = attrs.field(converter=text, validator=check_id)
    title: str = attrs.field(converter=text, validator=check_name)
    kind: SourceKind = attrs.field(
        default=SourceKind.ARTICLE, converter=_source_kind, validator=check_member(SourceKind)
    )
    publisher: str = attrs.field(default="", converter=text, validator=check_text)
    date: pendulum.Date | None = attrs.field(
        default=None, converter=optional_date, validator=check_date
    )
    url: str = attrs.field(default="", converter=text, validator=check_text)
    document: str | None = attrs.field(default=None, converter=optional_text, validator=check_ref)
    note: str = attrs.field(default="", converter=text, validator=check_text)


@attrs.frozen(kw_only=True)
class Observation:
    """One figure as a source states it.

    Args:
        id: Key in the dataset.
        metric: Code of the metric measured.
        value: The figure: a `Quantity`; or a `Ratio`, for a ratio metric, or for any
            metric stated against a base the source names ("85% mô hình": `Ratio.base`),
            which needs no ratio metric of its own (the base counts what the metric
            counts: "85% hộ dân" is no rate of tips, a `unit-mismatch` finding).
        period: The period the figure covers, or None when the source states none
            ("đã vận động được 120 hộ"). Such a figure is held as *not stated*: it
            happened on or before its source's date (`latest_end`), and aggregation
            leaves it out of totals with the reason, never putting it on a year.
        place: Code of the place it covers, if any.
        organisation: Id of the organisation it covers, if any.
        source: Id of the `Source` it comes from.
        quote: The source's exact wording ("gần 9.000 tin có giá trị"), NFC.
        activity: Id of the campaign, charity drive or community model it belongs to.
        disaggregation: A label that tells apart disjoint figures of one metric, place
            and period (like a DHIS2 category option): figures that differ only here are
            added, figures that share it are restatements of one figure. An unlabelled
            figure beside labelled ones of the same metric, place and period is their
            whole ("120, gồm 70 + 45 + 5 by kind"): counted once, parts checked against it.
        role: Where in the source the figure is stated: a `Role` (or its value);
            ``"headline"`` for a headline restating a figure of the body.
        note: The analyst's remark.

    >>> import pendulum
    >>> from danvan import parse_quantity
    >>> obs = Observation(id="tips", metric="tips", value=parse_quantity("gần 9.000 tin"),
    ...                   period=Period.between(pendulum.Date(2017, 1, 1),
    ...                                         pendulum.Date(2021, 12, 31)),
    ...                   place="36", source="seed")
    >>> str(obs.value), str(obs.period)
    ('gần 9.000 tin', '2017/2021')
    """

    id: str = attrs.field(converter=text, validator=check_id)
    metric: str = attrs.field(converter=text, validator=check_id)
    value: Quantity | Ratio = attrs.field(validator=_check_value)
    period: Period | None = attrs.field(validator=check_optional_instance(Period))
    place: str | None = attrs.field(default=None, converter=optional_text, validator=check_ref)
    organisation: str | None = attrs.field(
        default=None, converter=optional_text, validator=check_ref
    )
    source: str | None = attrs.field(default=None, converter=optional_text, validator=check_ref)
    quote: str = attrs.field(default="", converter=text, validator=check_text)
    activity: str | None = attrs.field(default=None, converter=optional_text, validator=check_ref)
    disaggregation: str = attrs.field(default="", converter=text, validator=check_text)
    role: Role = attrs.field(default=Role.BODY, converter=_role, validator=check_member(Role))
    note: str = attrs.field(default="", converter=text, validator=check_text)

    @property
    def quantity(self) -> Quantity:
        """The figure as a `Quantity` (a ratio's numerator for coverage figures)."""
        return self.value if isinstance(self.value, Quantity) else self.value.numerator

    @property
    def key(self) -> tuple[str, str | None, str | None, Period | None, str]:
        """What one true figure is identified by: metric, place, organisation, period, label.

        Two observations with the same key state the same figure (perhaps from two
        sources, or a headline restating its body); they are never added together.
        Figures of different organisations are different actors' work and add up; a
        figure naming no organisation is the whole of every organisation's at its place
        (see `danvan._breakdown`). Labels compare as names do (`match_key`: "Nam" and
        "nam" are one label).
        """
        return (
            self.metric,
            self.place,
            self.organisation,
            self.period,
            match_key(self.disaggregation),
        )

    @property
    def owner(self) -> str | None:
        """The organisation whose work the figure counts (None: every organisation's)."""
        return self.organisation


def latest_end(observation: Observation, sources: Mapping[str, Source]) -> pendulum.Date | None:
    """The last day the events of ``observation`` can have happened, if anything says.

    The end of its period; for a period not stated, the date of its source (a figure
    cannot report what had not happened when it was published). None when nothing bounds
    it: an open period, or no dated source.

    >>> import pendulum
    >>> from danvan import parse_quantity
    >>> source = Source(id="bao", title="Tin", date=pendulum.Date(2022, 2, 1))
    >>> obs = Observation(id="hh", metric="tips", value=parse_quantity("120 tin"),
    ...                   period=None, source="bao")
    >>> latest_end(obs, {"bao": source})
    Date(2022, 2, 1)
    """
    if observation.period is not None:
        return observation.period.end
    source = sources.get(observation.source) if observation.source is not None else None
    return None if source is None else source.date
