"""danvan: typed, honest records and aggregation for Vietnamese outreach (dân vận) reports.

This module only re-exports; CONTRIBUTING.md's floor plan says which module sits on which.

>>> import danvan
>>> str(danvan.parse_quantity("gần 9.000 tin") + danvan.parse_quantity("150 tin"))
'gần 9.150 tin'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from danvan import _public
from danvan._campaigns import Attainment, Campaign, CampaignKind, Target, TargetCheck
from danvan._charity import CharityDrive, DriveKind
from danvan._community_models import (
    CommunityModel,
    LifecycleEvent,
    LifecycleStage,
    ModelCategory,
)
from danvan._dataset import Dataset
from danvan._dates import parse_date, today
from danvan._documents import Document, DocumentKind, format_citation, parse_citation
from danvan._exemplars import Exemplar, ExemplarKind, Recognition, RecognitionLevel
from danvan._io.files import dump, from_pandas, load
from danvan._metrics import Aggregation, Breakdown, Catalogue, Metric, standard_catalogue
from danvan._national import national_gazetteer
from danvan._numbers import format_number, parse_number
from danvan._observations import Observation, Role, Source, SourceKind
from danvan._organisations import Organisation, OrganisationKind
from danvan._period import Calendar, Period, PeriodKind
from danvan._places import Gazetteer, Level, Place, Succession, SuccessionKind, seed_gazetteer
from danvan._quantity import (
    DEFAULT_POLICY,
    ApproximationPolicy,
    Bounds,
    Certainty,
    Qualifier,
    Quantity,
    format_quantity,
    total,
)
from danvan._quantity_text import parse_quantity
from danvan._ratio import Ratio, parse_ratio
from danvan._units import (
    Counting,
    Dimension,
    Unit,
    Vocabulary,
    standard_vocabulary,
    unit,
    units,
)
from danvan.errors import (
    AmbiguousReferenceError,
    CalendarMismatchError,
    DanvanError,
    InvalidValueError,
    LoadError,
    ParseError,
    PeriodError,
    UnitMismatchError,
    UnknownReferenceError,
)

__all__ = [
    "DEFAULT_POLICY",
    "DEFAULT_RULES",
    "GROUPINGS",
    "Aggregation",
    "AggregationResult",
    "AmbiguousReferenceError",
    "ApproximationPolicy",
    "AtLeast",
    "Attainment",
    "Bounds",
    "Breakdown",
    "Calendar",
    "CalendarMismatchError",
    "Campaign",
    "CampaignKind",
    "Candidate",
    "Catalogue",
    "Certainty",
    "CharityDrive",
    "CommunityModel",
    "CompareMetrics",
    "Counting",
    "DanvanError",
    "Dataset",
    "Dimension",
    "Document",
    "DocumentKind",
    "DriveKind",
    "Engine",
    "Exclusion",
    "Exemplar",
    "ExemplarKind",
    "Extraction",
    "FigureKind",
    "Finding",
    "FunctionRule",
    "Gazetteer",
    "InvalidValueError",
    "Level",
    "LifecycleEvent",
    "LifecycleStage",
    "LoadError",
    "Metric",
    "MetricProposal",
    "ModelCategory",
    "Observation",
    "ObservationTable",
    "Organisation",
    "OrganisationKind",
    "ParseError",
    "Period",
    "PeriodError",
    "PeriodFit",
    "PeriodKind",
    "PeriodProposal",
    "Place",
    "PlaceCandidate",
    "PlaceFit",
    "PlaceMention",
    "PlaceProposal",
    "PlaceResolution",
    "Qualifier",
    "Quantity",
    "Query",
    "Ratio",
    "Recognition",
    "RecognitionLevel",
    "Reconciliation",
    "Report",
    "Role",
    "Row",
    "Rule",
    "Scope",
    "ScopeTables",
    "Severity",
    "Source",
    "SourceKind",
    "Succession",
    "SuccessionKind",
    "Target",
    "TargetCheck",
    "TargetResult",
    "Unit",
    "UnitMismatchError",
    "UnknownReferenceError",
    "ValidationReport",
    "Verdict",
    "Vocabulary",
    "aggregate",
    "attainment",
    "dump",
    "extract",
    "format_citation",
    "format_number",
    "format_quantity",
    "from_pandas",
    "load",
    "national_gazetteer",
    "parse_citation",
    "parse_date",
    "parse_number",
    "parse_period",
    "parse_quantity",
    "parse_ratio",
    "place_mentions",
    "read_parquet",
    "read_report",
    "read_review",
    "reference_answer",
    "resolve_place",
    "seed_gazetteer",
    "standard_catalogue",
    "standard_vocabulary",
    "today",
    "total",
    "unit",
    "units",
    "write_parquet",
    "write_review",
]


if TYPE_CHECKING:
    from danvan._aggregate.aggregate import Engine, aggregate, attainment
    from danvan._aggregate.query import GROUPINGS, Query
    from danvan._aggregate.reference import reference_answer
    from danvan._aggregate.results import (
        AggregationResult,
        Exclusion,
        Reconciliation,
        Row,
        TargetResult,
    )
    from danvan._aggregate.rules import PeriodFit, PlaceFit, Scope, ScopeTables, Verdict
    from danvan._extract.extraction import (
        Candidate,
        Extraction,
        FigureKind,
        MetricProposal,
        PeriodProposal,
        PlaceProposal,
        extract,
    )
    from danvan._extract.files import read_report
    from danvan._extract.review import read_review, write_review
    from danvan._io.parquet import read_parquet, write_parquet
    from danvan._observation_table import ObservationTable
    from danvan._period_text import parse_period
    from danvan._place_resolver import (
        PlaceCandidate,
        PlaceMention,
        PlaceResolution,
        place_mentions,
        resolve_place,
    )
    from danvan._report import Report
    from danvan._validation import (
        DEFAULT_RULES,
        AtLeast,
        CompareMetrics,
        Finding,
        FunctionRule,
        Rule,
        Severity,
        ValidationReport,
    )

# Imported on first use: reading names is for extraction tools and the command line.
_RESOLVER_NAMES = frozenset(
    {"PlaceCandidate", "PlaceMention", "PlaceResolution", "place_mentions", "resolve_place"}
)
# Imported on first use too: extraction reads places, and is for reading reports.
_EXTRACTION_NAMES = {
    "Candidate": "danvan._extract.extraction",
    "Extraction": "danvan._extract.extraction",
    "FigureKind": "danvan._extract.extraction",
    "MetricProposal": "danvan._extract.extraction",
    "PeriodProposal": "danvan._extract.extraction",
    "PlaceProposal": "danvan._extract.extraction",
    "extract": "danvan._extract.extraction",
    "read_report": "danvan._extract.files",
    "read_review": "danvan._extract.review",
    "write_review": "danvan._extract.review",
}
# Imported on first use too: what an engine of your own is given (`Engine`), and how it
# leaves figures to the reference engine. Aggregating loads them.
_ENGINE_NAMES = {
    "PeriodFit": "danvan._aggregate.rules",
    "PlaceFit": "danvan._aggregate.rules",
    "Scope": "danvan._aggregate.rules",
    "ScopeTables": "danvan._aggregate.rules",
    "Verdict": "danvan._aggregate.rules",
    "reference_answer": "danvan._aggregate.reference",
}
# Imported on first use too: aggregating, validating, periods read from text and tables
# in the flat schema were a third of `import danvan`, and a program that only reads and
# writes records never needs them. These modules publish their own classes when they
# load (danvan._public), so `Dataset.aggregate` returns `danvan.Row`s even before anyone
# asked for `danvan.Row`.
_FIRST_USE_NAMES = {
    "AggregationResult": "danvan._aggregate.results",
    "Exclusion": "danvan._aggregate.results",
    "Reconciliation": "danvan._aggregate.results",
    "Row": "danvan._aggregate.results",
    "TargetResult": "danvan._aggregate.results",
    "GROUPINGS": "danvan._aggregate.query",
    "Query": "danvan._aggregate.query",
    "Engine": "danvan._aggregate.aggregate",
    "aggregate": "danvan._aggregate.aggregate",
    "attainment": "danvan._aggregate.aggregate",
    "DEFAULT_RULES": "danvan._validation",
    "AtLeast": "danvan._validation",
    "CompareMetrics": "danvan._validation",
    "Finding": "danvan._validation",
    "FunctionRule": "danvan._validation",
    "Rule": "danvan._validation",
    "Severity": "danvan._validation",
    "ValidationReport": "danvan._validation",
    "ObservationTable": "danvan._observation_table",
    "read_parquet": "danvan._io.parquet",
    "write_parquet": "danvan._io.parquet",
    "parse_period": "danvan._period_text",
}


# Errors keep their public module, danvan.errors; the names above come on first use.
_public.public_names(globals())
for _value in [globals().get(name) for name in __all__]:
    if isinstance(_value, type) and _value.__module__.startswith("danvan._"):
        _public.publish(_value)
del _value

_DEFINED_IN = _public.DEFINED_IN  # where each public class is written: conftest.py reads it
_publish = _public.publish


def __getattr__(name: str) -> object:
    # Imported on first use: reports are for the command line and for apps that
    # render, and the version is read from the installed metadata only when asked for.
    if name == "Report":
        from danvan._report import Report

        globals()["Report"] = _publish(Report)  # asked for once
        return Report
    if name in _RESOLVER_NAMES:
        from danvan import _place_resolver

        for public in _RESOLVER_NAMES:  # all of them at once, asked for once
            value = getattr(_place_resolver, public)
            globals()[public] = _publish(value) if isinstance(value, type) else value
        return globals()[name]
    for group in (_EXTRACTION_NAMES, _ENGINE_NAMES):
        if name in group:
            import importlib

            for public, home in group.items():  # all of them at once, asked for once
                value = getattr(importlib.import_module(home), public)
                globals()[public] = _publish(value) if isinstance(value, type) else value
            return globals()[name]
    if name in _FIRST_USE_NAMES:
        import importlib

        value = getattr(importlib.import_module(_FIRST_USE_NAMES[name]), name)
        globals()[name] = value  # asked for once; its class published itself
        return value
    if name == "__version__":
        from importlib.metadata import version

        return version("danvan")
    raise AttributeError(f"module 'danvan' has no attribute {name!r}")


def __dir__() -> list[str]:
    # The names imported on first use are there before they are asked for.
    return sorted({*globals(), *__all__})
