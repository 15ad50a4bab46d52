"""The dataset: every record of one body of reports, indexed, queryable and checkable.

`Dataset` holds the records and their indexes; its verbs (`Dataset.aggregate`,
`Dataset.attainment`, `Dataset.validate`, `Dataset.to_pandas`) are thin conveniences
over the functions that do the work (`danvan.aggregate`, `danvan._validation`,
`danvan._cells`). Those sit *below* this module and name `Dataset` in annotations only,
so that no import runs upward (see CONTRIBUTING.md, "Floor plan").
"""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import attrs

from danvan._campaigns import Campaign
from danvan._charity import CharityDrive
from danvan._community_models import CommunityModel
from danvan._documents import Document
from danvan._exemplars import Exemplar
from danvan._metrics import Catalogue, standard_catalogue
from danvan._observations import Observation, Source
from danvan._organisations import Organisation
from danvan._period import Period
from danvan._places import Gazetteer
from danvan._text import nfc
from danvan.errors import InvalidValueError, UnknownReferenceError

if TYPE_CHECKING:  # imported where they are called: `import danvan` leaves them for first use
    from danvan._aggregate.aggregate import Engine
    from danvan._aggregate.results import AggregationResult, TargetResult
    from danvan._validation import Rule, ValidationReport

__all__ = ["Dataset"]

R = TypeVar("R")
T = TypeVar("T")

REPR_FIGURES = 12
"""Up to this many observations, a dataset's repr shows each (else it counts them)."""

#: Record collections of a dataset: field name, record type, and the kind named in messages.
_COLLECTIONS: tuple[tuple[str, type[Any], str], ...] = (
    ("organisations", Organisation, "organisation"),
    ("documents", Document, "document"),
    ("campaigns", Campaign, "campaign"),
    ("models", CommunityModel, "model"),
    ("exemplars", Exemplar, "exemplar"),
    ("drives", CharityDrive, "drive"),
    ("sources", Source, "source"),
    ("observations", Observation, "observation"),
)
_KIND_OF_TYPE = {record_type: kind for _, record_type, kind in _COLLECTIONS}


def _figure_line(obs: Observation) -> str:
    """One observation as a dataset's repr shows it: "tips-1: tips 2021 @36 = gần 9.000 tin"."""
    where = "".join(
        f" {mark}{value}"
        for mark, value in (
            ("@", obs.place),
            ("org=", obs.organisation),
            ("label=", obs.disaggregation),
            ("activity=", obs.activity),
        )
        if value
    )
    return f"{obs.id}: {obs.metric} {obs.period}{where} = {obs.value}"


def _records(value: Iterable[Any], record_type: type[Any], field: str) -> tuple[Any, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidValueError(
            f"must be a sequence of {record_type.__name__}, got {type(value).__name__}",
            where=f"dataset.{field}",
        )
    items = tuple(value)
    for index, item in enumerate(items):
        if not isinstance(item, record_type):
            raise InvalidValueError(
                f"must be a {record_type.__name__}, got {type(item).__name__}",
                where=f"dataset.{field}[{index}]",
            )
    return items


# One named converter per collection: mypy's attrs plugin types __init__ from them.
def _organisations(value: Iterable[Organisation]) -> tuple[Organisation, ...]:
    return _records(value, Organisation, "organisations")


def _documents(value: Iterable[Document]) -> tuple[Document, ...]:
    return _records(value, Document, "documents")


def _campaigns(value: Iterable[Campaign]) -> tuple[Campaign, ...]:
    return _records(value, Campaign, "campaigns")


def _models(value: Iterable[CommunityModel]) -> tuple[CommunityModel, ...]:
    return _records(value, CommunityModel, "models")


def _exemplars(value: Iterable[Exemplar]) -> tuple[Exemplar, ...]:
    return _records(value, Exemplar, "exemplars")


def _drives(value: Iterable[CharityDrive]) -> tuple[CharityDrive, ...]:
    return _records(value, CharityDrive, "drives")


def _sources(value: Iterable[Source]) -> tuple[Source, ...]:
    return _records(value, Source, "sources")


def _observations(value: Iterable[Observation]) -> tuple[Observation, ...]:
    return _records(value, Observation, "observations")


def _gazetteer(value: object) -> Gazetteer:
    if not isinstance(value, Gazetteer):
        raise InvalidValueError(
            f"must be a Gazetteer, got {type(value).__name__}", where="dataset.places"
        )
    return value


def _catalogue(value: object) -> Catalogue:
    if not isinstance(value, Catalogue):
        raise InvalidValueError(
            f"must be a Catalogue, got {type(value).__name__}", where="dataset.catalogue"
        )
    return value


@attrs.frozen(kw_only=True)
class Dataset:
    """An immutable collection of every record of a body of reports.

    Records refer to each other by id; `validate` reports every reference that does
    not resolve and every figure that does not add up, without refusing the data.
    Ids must be unique within each kind of record (the only thing construction
    refuses, with every clash listed).

    Args:
        title: What the dataset holds.
        places: The administrative units figures refer to.
        catalogue: The metrics figures measure (the standard catalogue by default).
        organisations: The organisations.
        documents: Legal bases and other documents.
        campaigns: Campaigns, movements, drives, programmes and projects.
        models: Community models.
        exemplars: Exemplary individuals and collectives.
        drives: Charity drives.
        sources: The publications figures come from.
        observations: The figures.

    >>> ds = Dataset(title="empty")
    >>> len(ds.observations), ds.validate().ok
    (0, True)
    """

    title: str = attrs.field(default="", converter=nfc)
    places: Gazetteer = attrs.field(factory=lambda: Gazetteer(()), converter=_gazetteer)
    catalogue: Catalogue = attrs.field(factory=standard_catalogue, converter=_catalogue)
    organisations: tuple[Organisation, ...] = attrs.field(default=(), converter=_organisations)
    documents: tuple[Document, ...] = attrs.field(default=(), converter=_documents)
    campaigns: tuple[Campaign, ...] = attrs.field(default=(), converter=_campaigns)
    models: tuple[CommunityModel, ...] = attrs.field(default=(), converter=_models)
    exemplars: tuple[Exemplar, ...] = attrs.field(default=(), converter=_exemplars)
    drives: tuple[CharityDrive, ...] = attrs.field(default=(), converter=_drives)
    sources: tuple[Source, ...] = attrs.field(default=(), converter=_sources)
    observations: tuple[Observation, ...] = attrs.field(default=(), converter=_observations)
    # Indexes, built on first use. The dataset is immutable, so they never go stale.
    _index: dict[Any, Any] = attrs.field(init=False, factory=dict, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        problems: list[str] = []
        for field, _, kind in _COLLECTIONS:
            counts: dict[str, int] = defaultdict(int)
            for record in getattr(self, field):
                counts[record.id] += 1
            problems.extend(
                f"{kind} id {record_id!r} is used {n} times"
                for record_id, n in counts.items()
                if n > 1
            )
        if problems:
            raise InvalidValueError("duplicate ids:\n  " + "\n  ".join(problems), where="dataset")

    def __repr__(self) -> str:
        counts = ", ".join(
            f"{n} {field if n > 1 else kind}"
            for field, _, kind in _COLLECTIONS
            if (n := len(getattr(self, field)))
        )
        summary = f"<Dataset {self.title!r}: {counts or 'no records'}"
        if not 0 < len(self.observations) <= REPR_FIGURES:
            return summary + ">"
        # Few figures are shown, so that a failing property test's example can be read.
        lines = [f"  {_figure_line(o)}" for o in self.observations]
        return "\n".join([summary, *lines]) + ">"

    def _repr_html_(self) -> str:
        from danvan._html import dataset_html  # a notebook shows the first figures as a table

        return dataset_html(self)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        # Hypothesis and IPython print attrs objects field by field unless told otherwise.
        printer.text(repr(self))

    # -- look-up -----------------------------------------------------------------------

    def ids(self) -> dict[str, dict[str, Any]]:
        """Every record by kind ("organisation", "campaign", ...) and id.

        The kind "activity" holds campaigns, charity drives and community models: the
        records an observation's ``activity`` may name.
        """
        if "ids" not in self._index:
            ids: dict[str, dict[str, Any]] = {
                kind: {r.id: r for r in getattr(self, field)} for field, _, kind in _COLLECTIONS
            }
            ids["activity"] = {**ids["model"], **ids["drive"], **ids["campaign"]}
            self._index["ids"] = ids
        result: dict[str, dict[str, Any]] = self._index["ids"]
        return result

    def lookup(self, kind: type[R], id: str) -> R:
        """The record of type ``kind`` with ``id``.

        >>> Dataset().lookup(Observation, "tips")
        Traceback (most recent call last):
        ...
        danvan.errors.UnknownReferenceError: no observation with id 'tips'

        Raises:
            UnknownReferenceError: there is no such record.
        """
        name = _KIND_OF_TYPE.get(kind)
        if name is None:
            raise InvalidValueError(f"not a record type of a dataset: {kind!r}", where="kind")
        try:
            found: R = self.ids()[name][id]
        except KeyError:
            raise UnknownReferenceError(f"no {name} with id {id!r}") from None
        return found

    def _cached(self, key: object, build: Callable[[], T]) -> T:
        """``build()``, made once and kept: the dataset never changes, so it never goes stale.

        Engines keep what they derive from the whole dataset here (columns, place
        look-ups).
        """
        if key not in self._index:
            self._index[key] = build()
        found: T = self._index[key]
        return found

    def _by_metric(self) -> dict[str, tuple[Observation, ...]]:
        if "metric" not in self._index:
            groups: dict[str, list[Observation]] = defaultdict(list)
            for obs in self.observations:
                groups[obs.metric].append(obs)
            self._index["metric"] = {k: tuple(v) for k, v in groups.items()}
        result: dict[str, tuple[Observation, ...]] = self._index["metric"]
        return result

    def _under(self, place: str) -> frozenset[str]:
        """``place`` and every unit recorded below it (at any time)."""
        key = f"under:{place}"
        if key not in self._index:
            codes = {place}
            if place in self.places:
                codes.update(p.code for p in self.places.descendants(place))
            self._index[key] = frozenset(codes)
        result: frozenset[str] = self._index[key]
        return result

    def select(
        self,
        *,
        metric: str | None = None,
        include_submetrics: bool = False,
        place: str | None = None,
        within: Period | None = None,
        source: str | None = None,
        activity: str | None = None,
    ) -> tuple[Observation, ...]:
        """Observations matching every criterion given, in dataset order.

        Args:
            metric: Only this metric (and its sub-metrics with ``include_submetrics``).
            place: Only figures for this place or a unit recorded below it.
            within: Only figures whose period lies wholly within this period (the
                calendars must match; see `Period.with_calendar`); never a figure whose
                period is not stated.
            source: Only figures from this source.
            activity: Only figures of this campaign, charity drive or model.

        >>> Dataset().select(metric="tips")
        ()
        """
        if metric is None:
            found: Sequence[Observation] = self.observations
        else:
            codes = [metric]
            if include_submetrics:
                codes += [m.code for m in self.catalogue.descendants(metric)]
            index = self._by_metric()
            if len(codes) == 1:
                found = index.get(metric, ())
            else:
                wanted = set(codes)
                found = [o for o in self.observations if o.metric in wanted]
        if place is not None:
            under = self._under(place)
            found = [o for o in found if o.place in under]
        if within is not None:
            found = [o for o in found if o.period is not None and within.contains(o.period)]
        if source is not None:
            found = [o for o in found if o.source == source]
        if activity is not None:
            found = [o for o in found if o.activity == activity]
        return tuple(found)

    def contributions(self, activity: str) -> tuple[Observation, ...]:
        """The figures of a charity drive, campaign or model (observations naming it).

        Raises:
            UnknownReferenceError: no campaign, drive or model has this id.
        """
        if activity not in self.ids()["activity"]:
            raise UnknownReferenceError(f"no campaign, charity drive or model {activity!r}")
        return self.select(activity=activity)

    def to_pandas(self, *, lang: str = "vi") -> Any:
        """Every observation as a `pandas.DataFrame` (the ``pandas`` extra), one row each.

        Numbers stay `int` and `Decimal`, dates are dates; the figure's bounds, qualifier
        and unit each get a column; a ratio its denominator and a stated percentage its
        ``percent``, ``percent_qualifier`` and ``base`` ("khoảng 70% hộ dân"); the metric
        and the place their names beside their codes (``metric_name``, ``place_name``: the
        dataset's own, else the nation's); and ``year`` is the period's year, a number,
        when it lies within one year. `danvan.from_pandas` reads such a frame (or any with
        the columns of a CSV file) back: ``from_pandas(ds.to_pandas(), catalogue=...)``
        holds ``ds.observations`` again.

        Raises:
            DanvanError: pandas is not installed.
        """
        from danvan._cells import names, observations_frame  # pandas helpers on first use

        name_of = names(places=self.places, catalogue=self.catalogue, lang=lang)
        return observations_frame(self.observations, lang=lang, name_of=name_of)

    # -- aggregating --------------------------------------------------------------------

    def aggregate(
        self,
        metric: str,
        *,
        period: Period | None = None,
        by: str | Sequence[str] = (),
        places: Sequence[str] = (),
        place: str | None = None,
        as_of: _dt.date | None = None,
        include_submetrics: bool = True,
        partial: Literal["exclude", "include"] = "exclude",
        mix_calendars: bool = False,
        engine: str | Engine | None = None,
    ) -> AggregationResult:
        """Honest totals of ``metric``: `danvan.aggregate` of the `Query` these arguments make.

        See `Query` for each argument, and `danvan.aggregate` for ``engine`` (a name, or
        an `Engine` of your own) and the rules.

        >>> Dataset().aggregate("tips").rows
        ()
        """
        from danvan._aggregate.aggregate import aggregate  # on first use: import time
        from danvan._aggregate.query import Query

        question = Query(
            metric=metric,
            period=period,
            by=by,
            places=places,
            place=place,
            include_submetrics=include_submetrics,
            partial=partial,
            mix_calendars=mix_calendars,
        )
        if as_of is not None:  # else the end of the period, or today
            question = attrs.evolve(question, as_of=as_of)
        return aggregate(self, question, engine=engine)

    def attainment(self, campaign: str) -> tuple[TargetResult, ...]:
        """Each target of ``campaign`` against the figures: see `danvan.attainment`."""
        from danvan._aggregate.aggregate import attainment  # on first use: import time

        return attainment(self, campaign)

    # -- checking ----------------------------------------------------------------------

    def validate(self, rules: Sequence[Rule] | None = None) -> ValidationReport:
        """Run validation rules and return every finding at once.

        Args:
            rules: The rules to run; `DEFAULT_RULES` when None. Pass
                ``(*DEFAULT_RULES, my_rule)`` to add rules of your own.
        """
        from danvan._validation import DEFAULT_RULES, run_rules  # on first use: import time

        return run_rules(self, DEFAULT_RULES if rules is None else rules)
