"""Hypothesis strategies for every danvan value and record: property-test your own rules.

Each function returns a `SearchStrategy` of *valid* values, unless its name says otherwise
(`invalid_observations`). Keyword-only arguments narrow what is drawn: a unit, only exact
figures, a period range, a given gazetteer or catalogue, a maximum size. Examples shrink to
small, readable values: the first unit ("cái"), exact zero, the year 2010, one province
with one district and one commune, datasets with few records. This module needs the
``hypothesis`` extra (``pip install danvan[hypothesis]``); ``import danvan`` never loads it.

Installing danvan also registers these strategies with Hypothesis through its entry point,
so ``st.from_type(danvan.Quantity)`` (and ``from_type`` of every record type a `Dataset`
holds) draws from them. ``st.builds(danvan.Quantity)`` ignores registrations: it calls the
class with arguments inferred from its type hints, which rarely satisfy the validators.
Use ``from_type`` or these functions.

>>> from hypothesis import given
>>> from danvan.strategies import quantities
>>> @given(quantities(exact_only=True))
... def test_exact_figures_have_point_bounds(q):
...     assert q.bounds.is_point
>>> test_exact_figures_have_point_bounds()

Records that refer to other records (a campaign's organisers, an observation's source)
draw well-formed ids that need not exist; pass the ids that do exist (``organisations=
["ca-nam-dinh"]``) to draw references from them, or use `datasets`, whose references all
resolve.
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar

import attrs
import pendulum
from hypothesis import strategies as st

from danvan._campaigns import Attainment, Campaign, CampaignKind, Target
from danvan._charity import CharityDrive, DriveKind
from danvan._community_models import (
    CommunityModel,
    LifecycleEvent,
    LifecycleStage,
    ModelCategory,
)
from danvan._dataset import Dataset
from danvan._documents import Document, DocumentKind
from danvan._exemplars import Exemplar, ExemplarKind, Recognition, RecognitionLevel
from danvan._metrics import (
    Aggregation,
    Breakdown,
    Catalogue,
    Counting,
    Metric,
    standard_catalogue,
)
from danvan._observations import Observation, Role, Source, SourceKind
from danvan._organisations import Organisation, OrganisationKind
from danvan._period import Calendar, Period, PeriodKind
from danvan._places import Gazetteer, Level, Place, Succession, SuccessionKind
from danvan._quantity import ApproximationPolicy, Bounds, Qualifier, Quantity
from danvan._ratio import Ratio
from danvan._units import Dimension, Unit, Vocabulary, standard_vocabulary
from danvan._units import unit as _lookup_unit
from danvan._units import units as _known_units
from danvan.errors import InvalidValueError

__all__ = [
    "bounds",
    "campaigns",
    "catalogues",
    "charity_drives",
    "community_models",
    "datasets",
    "documents",
    "exemplars",
    "gazetteers",
    "invalid_observations",
    "lifecycle_events",
    "metrics",
    "observations",
    "organisations",
    "periods",
    "places",
    "qualifiers",
    "quantities",
    "ratios",
    "recognitions",
    "sources",
    "targets",
    "units",
    "vocabularies",
]

T = TypeVar("T")
Pool = tuple[str, ...] | None
"""Ids references are drawn from; None for any well-formed id."""

# Hypothesis checks each new strategy object the first time it is drawn from, which costs
# more than the draw: builders that run inside draws are cached on their (hashable)
# arguments, so that a dataset of 20 records builds each inner strategy once.
_cached = functools.lru_cache(maxsize=4096)

# --- words, ids and dates -----------------------------------------------------------------
# Drawn from short word lists rather than arbitrary text, so that counterexamples read like
# the reports they stand for. Every word is already in NFC, as records store it.

_SYLLABLES = (
    *("An", "Bình", "Hòa", "Phú", "Tân", "Long", "Thạnh", "Đông", "Hải", "Sơn"),
    *("Mỹ", "Lộc", "Yên", "Nghĩa", "Xuân", "Hậu", "Trực", "Giao", "Thủy", "Phước"),
)
_ENGLISH = ("tips", "cases", "items", "turns", "models", "gifts", "officers", "households")
_ORGANISATION_WORDS = ("Công an", "Hội Phụ nữ", "Đoàn Thanh niên", "Ban Dân vận", "Bệnh viện")
_AWARDS = ("Bằng khen", "Giấy khen", "Huân chương Bảo vệ Tổ quốc", "Cờ thi đua")
_BENEFICIARIES = ("gia đình liệt sĩ", "hộ nghèo", "học sinh nghèo", "người cao tuổi")
_NUMBER_SUFFIXES = ("CT-BCA", "KH-CAT", "QĐ-UBND", "NĐ-CP", "NQ-TW")
_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789-"


@_cached
def _names(max_words: int = 3) -> st.SearchStrategy[str]:
    """Vietnamese-looking names of one to ``max_words`` syllables ("An", "Hải Hậu")."""
    return st.lists(st.sampled_from(_SYLLABLES), min_size=1, max_size=max_words).map(" ".join)


@_cached
def _organisation_names() -> st.SearchStrategy[str]:
    """A name after a word saying what body it is: "Công an Hải Hậu"."""
    return st.builds("{} {}".format, st.sampled_from(_ORGANISATION_WORDS), _names(2))


@_cached
def _ids() -> st.SearchStrategy[str]:
    """Record ids: short lower-case slugs ("a", "ca-nam-dinh")."""
    return st.text(alphabet=_ID_ALPHABET, min_size=1, max_size=12)


@_cached
def _dates(min_year: int = 2010, max_year: int = 2030) -> st.SearchStrategy[pendulum.Date]:
    return st.dates(_dt.date(min_year, 1, 1), _dt.date(max_year, 12, 31)).map(
        lambda d: pendulum.Date(d.year, d.month, d.day)
    )


@_cached
def _optional(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    # None first: counterexamples shrink towards the field left out.
    return st.none() | strategy


def _pool(ids: Iterable[str] | None) -> Pool:
    return None if ids is None else tuple(ids)


@_cached
def _ref(pool: Pool) -> st.SearchStrategy[str | None]:
    """An optional reference: any id when ``pool`` is None, else one of ``pool``."""
    if pool is None:
        return _optional(_ids())
    if not pool:
        return st.none()
    return _optional(st.sampled_from(pool))


@_cached
def _refs(pool: Pool, max_size: int = 2) -> st.SearchStrategy[tuple[str, ...]]:
    """Distinct references: any ids when ``pool`` is None, else ids of ``pool``."""
    if pool is not None and not pool:
        return st.just(())
    element = _ids() if pool is None else st.sampled_from(pool)
    return st.lists(element, max_size=max_size, unique=True).map(tuple)


def _parent(draw: st.DrawFn, pool: Pool, own: str) -> str | None:
    """An optional reference to a record other than ``own``: a parent, never itself."""
    ref = draw(_ref(pool))
    return None if ref == own else ref


def _own_id(draw: st.DrawFn, own: str | None) -> str:
    return draw(_ids()) if own is None else own


def _check_size(name: str, value: object, low: int) -> int:
    if type(value) is not int or value < low:
        raise InvalidValueError(f"must be an int >= {low}, got {value!r}", where=name)
    return value


# --- units, qualifiers and quantities -----------------------------------------------------


def units(*, dimension: Dimension | None = None) -> st.SearchStrategy[Unit]:
    """Units danvan knows, optionally of one dimension; shrinks towards "cái" (item).

    Args:
        dimension: Only units measuring this.

    Raises:
        InvalidValueError: no unit measures ``dimension``.

    >>> from hypothesis import find
    >>> find(units(dimension=Dimension.MASS), lambda u: True).code
    'gram'
    """
    found = tuple(u for u in _known_units() if dimension is None or u.dimension is dimension)
    if not found:
        raise InvalidValueError(f"no unit measures {dimension!r}", where="dimension")
    return _units_of(found)


@_cached
def _units_of(found: tuple[Unit, ...]) -> st.SearchStrategy[Unit]:
    return st.sampled_from(found)


# Counting words no built-in unit uses, for units a user registers.
_NEW_WORDS = ("bao tải", "hũ", "xô", "mâm", "thúng", "sọt", "cuộn", "tấm")


def vocabularies(*, max_added: int = 2) -> st.SearchStrategy[Vocabulary]:
    """The built-in vocabulary, or it with up to ``max_added`` units a user registered.

    Added units have codes "user_1", "user_2", ... and counting words no built-in unit
    uses, in any dimension.

    >>> from hypothesis import find
    >>> find(vocabularies(), lambda v: True) == standard_vocabulary()
    True
    """
    _check_size("max_added", max_added, 0)
    return _vocabularies(max_added)


@_cached
@st.composite
def _vocabularies(draw: st.DrawFn, max_added: int) -> Vocabulary:
    count = draw(st.integers(0, min(max_added, len(_NEW_WORDS))))
    words = draw(st.permutations(_NEW_WORDS))[:count]
    added = [
        Unit(
            code=f"user_{i}",
            dimension=(dimension := draw(st.sampled_from(Dimension))),
            factor=1 if dimension.counted else draw(st.integers(1, 1000)),
            vi=word,
            en=f"user unit {i}",
            en_plural=f"user units {i}",
        )
        for i, word in enumerate(words, start=1)
    ]
    return standard_vocabulary().with_units(*added)


def qualifiers() -> st.SearchStrategy[Qualifier]:
    """Every `Qualifier`; shrinks towards EXACT."""
    return st.sampled_from(Qualifier)


def _as_unit(value: Unit | str) -> Unit:
    return value if isinstance(value, Unit) else _lookup_unit(value)


def _magnitudes(max_value: int) -> tuple[int, ...]:
    """Orders of magnitude 10, 100, ... up to ``max_value`` (and 10**12, the largest)."""
    return tuple(10**k for k in range(1, 13) if 10**k <= max_value)


@_cached
def _numbers(discrete: bool, low: int, max_value: int) -> st.SearchStrategy[int | Decimal]:
    """Stated numbers: whole for counts; mass may have two decimals, and three from 1.000
    up (below, "1,500" could be a thousands group: the ``ambiguous-number`` warning)."""
    whole: st.SearchStrategy[int | Decimal] = st.integers(low, max_value)
    if discrete:
        return whole
    two = st.decimals(min_value=low, max_value=max_value, places=2)
    three = st.decimals(min_value=max(low, 1000), max_value=max_value, places=3)
    return whole | two | three if max_value >= 1000 else whole | two


def bounds(*, max_value: int = 10**9) -> st.SearchStrategy[Bounds]:
    """Non-empty intervals within ``[0, max_value]``, each end open or closed, maybe unbounded.

    Args:
        max_value: The largest finite end.

    >>> from hypothesis import find
    >>> str(find(bounds(), lambda b: b.upper is None))
    '[0, ∞)'
    """
    _check_size("max_value", max_value, 1)
    return _bounds(max_value)


@_cached
@st.composite
def _bounds(draw: st.DrawFn, max_value: int) -> Bounds:
    lower = draw(st.integers(0, max_value))
    upper = draw(_optional(st.integers(lower, max_value)))
    lower_closed = not draw(st.booleans())  # closed first: [a, b] reads easiest
    upper_closed = upper is None or not draw(st.booleans())
    if upper == lower:  # a single value: the interval must be closed to hold it
        lower_closed = upper_closed = True
    return Bounds(lower=lower, upper=upper, lower_closed=lower_closed, upper_closed=upper_closed)


def quantities(
    *,
    unit: Unit | str | None = None,
    dimension: Dimension | None = None,
    exact_only: bool = False,
    max_value: int = 10**9,
    qualifiers: Iterable[Qualifier] | None = None,
) -> st.SearchStrategy[Quantity]:
    """Quantities of every unit and qualifier, as reports state them.

    "About" and "nearly" figures sometimes carry explicit bounds from another
    `ApproximationPolicy`; RANGE figures always do; ORDER_OF_MAGNITUDE figures are powers
    of ten. Mass may be fractional; every other dimension counts whole numbers.

    Args:
        unit: Only this unit (a `Unit` or a unit name).
        dimension: Only units measuring this.
        exact_only: Only EXACT figures.
        max_value: The largest stated number (and finite bound).
        qualifiers: Only these qualifiers.

    Raises:
        InvalidValueError: the arguments leave nothing to draw.
        UnknownReferenceError: ``unit`` names no unit.

    >>> from hypothesis import find
    >>> find(quantities(unit="tin"), lambda q: (q.value or 0) > 8000)
    Quantity(value=8001, unit='tin', qualifier='exact')
    """
    _check_size("max_value", max_value, 0)
    fixed = None if unit is None else _as_unit(unit)
    if fixed is not None and dimension is not None and fixed.dimension is not dimension:
        raise InvalidValueError(
            f"unit {fixed.code} measures {fixed.dimension.value}, not {dimension.value}",
            where="unit",
        )
    allowed = list(Qualifier if qualifiers is None else qualifiers)
    for q in allowed:
        if not isinstance(q, Qualifier):
            raise InvalidValueError(f"must be Qualifier members, got {q!r}", where="qualifiers")
    if exact_only:
        allowed = [q for q in allowed if q is Qualifier.EXACT]
    # Some qualifiers need room: "dưới 0" holds no value, "hàng chục" needs 10.
    if max_value < 1:
        allowed = [q for q in allowed if q is not Qualifier.LESS_THAN]
    if not _magnitudes(max_value):
        allowed = [q for q in allowed if q is not Qualifier.ORDER_OF_MAGNITUDE]
    if not allowed:
        raise InvalidValueError(
            f"no qualifier can be drawn (exact_only={exact_only}, max_value={max_value})",
            where="qualifiers",
        )
    if fixed is None:
        units(dimension=dimension)  # fail now if no unit measures it
    return _quantities(fixed, dimension, tuple(dict.fromkeys(allowed)), max_value)


_POLICY_FRACTIONS = (None, Decimal("0.05"), Decimal("0.2"))


@_cached
@st.composite
def _quantities(
    draw: st.DrawFn,
    fixed: Unit | None,
    dimension: Dimension | None,
    allowed: tuple[Qualifier, ...],
    max_value: int,
) -> Quantity:
    # The number comes before the qualifier, so that a shrinking example can turn
    # "hàng chục nghìn" into an exact figure without redrawing it.
    unit = draw(units(dimension=dimension)) if fixed is None else fixed
    value = draw(_numbers(unit.dimension.discrete, 0, max_value))
    qualifier = draw(st.sampled_from(allowed))
    if qualifier is Qualifier.RANGE:
        return Quantity(
            value=None, unit=unit, qualifier=qualifier, bounds=draw(_bounds(max(max_value, 1)))
        )
    if qualifier is Qualifier.ORDER_OF_MAGNITUDE:  # the magnitude of the number drawn
        value = max([m for m in _magnitudes(max_value) if m <= value], default=10)
    elif qualifier is Qualifier.LESS_THAN and value == 0:  # "dưới 0" holds no value
        value = 1
    explicit = None
    if qualifier in (Qualifier.ABOUT, Qualifier.NEARLY):
        fraction = draw(st.sampled_from(_POLICY_FRACTIONS))
        if fraction is not None:
            policy = ApproximationPolicy(about=fraction, nearly=fraction)
            explicit = policy.bounds(value, qualifier)
    return Quantity(value=value, unit=unit, qualifier=qualifier, bounds=explicit)


def ratios(*, unit: Unit | str | None = None, max_value: int = 10_000) -> st.SearchStrategy[Ratio]:
    """Coverage ratios such as "204/204 = 100%": exact, numerator at most the denominator.

    The stated percentage is absent, or agrees with the figures (rounded half-even to a
    whole number or to two decimals), so the ``ratio-percent`` rule never flags them.

    Args:
        unit: The unit of both figures; by default any unit.
        max_value: The largest denominator.

    >>> from hypothesis import find
    >>> str(find(ratios(unit="commune"), lambda r: r.stated_percent is not None))
    '0/1 = 0%'
    """
    _check_size("max_value", max_value, 1)
    return _ratios(None if unit is None else _as_unit(unit), max_value)


@_cached
@st.composite
def _ratios(draw: st.DrawFn, fixed: Unit | None, max_value: int) -> Ratio:
    unit = draw(units()) if fixed is None else fixed
    denominator = draw(st.integers(1, max_value))
    numerator = draw(st.integers(0, denominator))
    places = draw(st.sampled_from((None, 0, 2)))
    stated = None
    if places is not None:
        rounded = round(Fraction(100 * numerator, denominator), places)  # exact half-even
        stated = (Decimal(rounded.numerator) / Decimal(rounded.denominator)).quantize(
            Decimal(1).scaleb(-places)
        )
    return Ratio(
        numerator=Quantity(value=numerator, unit=unit),
        denominator=Quantity(value=denominator, unit=unit),
        stated_percent=stated,
    )


# --- periods ------------------------------------------------------------------------------

# Simplest first: a failing example shrinks towards a plain year.
_CLOSED_KINDS = (
    PeriodKind.YEAR,
    PeriodKind.QUARTER,
    PeriodKind.MONTH,
    PeriodKind.HALF_YEAR,
    PeriodKind.NINE_MONTHS,
    PeriodKind.YEARS,
    PeriodKind.DAY,
    PeriodKind.CUSTOM,
)


def periods(
    *,
    calendar: Calendar | None = None,
    kinds: Iterable[PeriodKind] | None = None,
    min_year: int = 2010,
    max_year: int = 2030,
    closed: bool = True,
    phases: bool = True,
) -> st.SearchStrategy[Period]:
    """Periods of every kind and calendar; each drawn period's `Period.kind` is its kind.

    Years, quarters, months, halves, nine-month spans and multi-year spans are nominal
    periods of ``min_year``..``max_year`` (on Decree 09 a year starts on 15 December of
    the year before); days, custom windows and open starts fall within those years.
    Some are named phases ("đợt 2/2021": `Period.with_label`), whose dates only bound
    them; a phase's kind is that of its bounds.

    Args:
        calendar: Only this calendar (default: both).
        kinds: Only these kinds (default: every closed kind, and OPEN unless ``closed``).
        min_year: The first year.
        max_year: The last year.
        closed: Only periods with an end.
        phases: Also named phases (periods with a label).

    Raises:
        InvalidValueError: years out of order or out of 2..9998, OPEN asked for with
            ``closed=True``, or YEARS asked for within a single year.

    >>> from hypothesis import find
    >>> str(find(periods(calendar=Calendar.DECREE_09), lambda p: True))
    'ND09:2010'
    """
    if type(min_year) is not int or type(max_year) is not int:
        raise InvalidValueError(f"years must be ints, got {min_year!r}, {max_year!r}")
    if not 2 <= min_year <= max_year <= 9998:
        raise InvalidValueError(
            f"need 2 <= min_year <= max_year <= 9998, got {min_year} and {max_year}",
            where="min_year",
        )
    if kinds is None:
        chosen = [*_CLOSED_KINDS, *(() if closed else (PeriodKind.OPEN,))]
    else:
        chosen = list(kinds)
        for kind in chosen:
            if not isinstance(kind, PeriodKind):
                raise InvalidValueError(f"must be PeriodKind members, got {kind!r}", where="kinds")
        if closed and PeriodKind.OPEN in chosen:
            raise InvalidValueError("OPEN periods have no end: pass closed=False", where="kinds")
        if not chosen:
            raise InvalidValueError("no kind to draw", where="kinds")
    if PeriodKind.YEARS in chosen and min_year == max_year:
        if kinds is not None:
            raise InvalidValueError("YEARS needs min_year < max_year", where="kinds")
        chosen.remove(PeriodKind.YEARS)
    if not isinstance(phases, bool):
        raise InvalidValueError(f"must be True or False, got {phases!r}", where="phases")
    calendars = tuple(Calendar) if calendar is None else (calendar,)
    return _periods(calendars, tuple(dict.fromkeys(chosen)), min_year, max_year, phases)


# Names of phases as reports write them ("đợt 2/2021", "giai đoạn 1 của phong trào").
_PHASE_NAMES = ("đợt 1", "đợt 2", "đợt cao điểm", "giai đoạn 1", "Đợt 3")


@_cached
def _periods(
    calendars: tuple[Calendar, ...],
    kinds: tuple[PeriodKind, ...],
    min_year: int,
    max_year: int,
    phases: bool,
) -> st.SearchStrategy[Period]:
    drawn = st.one_of(
        [_periods_of_kind(kind, st.sampled_from(calendars), min_year, max_year) for kind in kinds]
    )
    if not phases:
        return drawn
    # One period in five a phase: the plain ones stay the common case.
    labels = st.sampled_from(("", "", "", "", *_PHASE_NAMES))
    return st.builds(lambda p, label: p.with_label(label) if label else p, drawn, labels)


def _periods_of_kind(
    kind: PeriodKind, calendars: st.SearchStrategy[Calendar], min_year: int, max_year: int
) -> st.SearchStrategy[Period]:
    years = st.integers(min_year, max_year)
    dates = _dates(min_year, max_year)
    if kind is PeriodKind.YEAR:
        return st.builds(Period.year, years, calendar=calendars)
    if kind is PeriodKind.QUARTER:
        return st.builds(Period.quarter, years, st.integers(1, 4), calendar=calendars)
    if kind is PeriodKind.MONTH:
        return st.builds(Period.month, years, st.integers(1, 12), calendar=calendars)
    if kind is PeriodKind.HALF_YEAR:
        return st.builds(Period.half_year, years, st.integers(1, 2), calendar=calendars)
    if kind is PeriodKind.NINE_MONTHS:
        return st.builds(Period.nine_months, years, calendar=calendars)
    if kind is PeriodKind.YEARS:
        return _year_spans(calendars, min_year, max_year)
    if kind is PeriodKind.DAY:
        return st.builds(Period.day, dates, calendar=calendars)
    if kind is PeriodKind.OPEN:
        return st.builds(Period.open_from, dates, calendar=calendars)
    # CUSTOM: almost every pair of dates is a custom window; the rest are filtered out.
    return st.builds(
        lambda a, b, c: Period.between(min(a, b), max(a, b), calendar=c), dates, dates, calendars
    ).filter(lambda p: p.kind is PeriodKind.CUSTOM)


@st.composite
def _year_spans(
    draw: st.DrawFn, calendars: st.SearchStrategy[Calendar], min_year: int, max_year: int
) -> Period:
    first = draw(st.integers(min_year, max_year - 1))
    last = draw(st.integers(first + 1, max_year))
    return Period.years(first, last, calendar=draw(calendars))


# --- places -------------------------------------------------------------------------------

_REFORM = pendulum.Date(2025, 7, 1)
"""When generated reforms take effect (Resolution 202/2025/QH15: 34 provinces, no districts)."""
_LAST_DAY = pendulum.Date(2025, 6, 30)
_PROVINCE_KINDS = st.sampled_from(("tỉnh", "thành phố"))
_DISTRICT_KINDS = st.sampled_from(("huyện", "quận", "thị xã", "thành phố"))
_COMMUNE_KINDS = st.sampled_from(("xã", "phường", "thị trấn"))


def gazetteers(
    *,
    max_provinces: int = 3,
    max_districts: int = 4,
    max_communes: int = 4,
    with_reform: bool = True,
) -> st.SearchStrategy[Gazetteer]:
    """Consistent three-level gazetteers, some with a 2025-style reform.

    Every province has at least one district and every district at least one commune.
    Codes have the statistics office's shape: provinces "01", districts "001", communes
    "00001". In a reform (effective 1 July 2025), some provinces merge into another, every
    district is abolished (no successor: its area stays with its province), and the
    communes of some districts merge into one new commune placed directly under the
    surviving province; the other communes carry on.

    Args:
        max_provinces: The most provinces before the reform.
        max_districts: The most districts in a province.
        max_communes: The most communes in a district.
        with_reform: Whether a reform may be drawn.

    >>> from hypothesis import find
    >>> [p.code for p in find(gazetteers(), lambda g: True)]
    ['01', '001', '00001']
    """
    _check_size("max_provinces", max_provinces, 1)
    _check_size("max_districts", max_districts, 1)
    _check_size("max_communes", max_communes, 1)
    return _gazetteers(max_provinces, max_districts, max_communes, with_reform)


def _merged_into(target: str | None) -> tuple[Succession, ...]:
    if target is None:
        return ()
    return (Succession(kind=SuccessionKind.MERGED_INTO, target=target, date=_REFORM),)


@_cached
@st.composite
def _gazetteers(
    draw: st.DrawFn, max_provinces: int, max_districts: int, max_communes: int, reform: bool
) -> Gazetteer:
    # shape[p][d] is the number of communes in district d of province p.
    districts = st.lists(st.integers(1, max_communes), min_size=1, max_size=max_districts)
    shape = draw(st.lists(districts, min_size=1, max_size=max_provinces))
    reformed = reform and draw(st.booleans())
    survivor_of = list(range(len(shape)))
    if reformed:
        # Province 0 always survives; each other one may merge into a survivor.
        merging = [i for i in range(1, len(shape)) if draw(st.booleans())]
        survivors = [i for i in range(len(shape)) if i not in merging]
        for i in merging:
            survivor_of[i] = draw(st.sampled_from(survivors))
    ended = _LAST_DAY if reformed else None
    name = _names(2)
    places: list[Place] = []
    district_no = commune_no = 0
    for p, communes_per_district in enumerate(shape):
        province, survivor = f"{p + 1:02d}", f"{survivor_of[p] + 1:02d}"
        merges = survivor != province
        places.append(
            Place(
                code=province,
                name=draw(name),
                level=Level.PROVINCE,
                kind=draw(_PROVINCE_KINDS),
                valid_to=_LAST_DAY if merges else None,
                successors=_merged_into(survivor if merges else None),
            )
        )
        for count in communes_per_district:
            district_no += 1
            district = f"{district_no:03d}"
            places.append(
                Place(
                    code=district,
                    name=draw(name),
                    level=Level.DISTRICT,
                    kind=draw(_DISTRICT_KINDS),
                    parent=province,
                    valid_to=ended,
                )
            )
            new_commune: str | None = None
            if reformed and draw(st.booleans()):  # this district's communes merge
                commune_no += 1
                new_commune = f"{commune_no:05d}"
                places.append(
                    Place(
                        code=new_commune,
                        name=draw(name),
                        level=Level.COMMUNE,
                        kind=draw(_COMMUNE_KINDS),
                        parent=survivor,
                        valid_from=_REFORM,
                    )
                )
            for _ in range(count):
                commune_no += 1
                places.append(
                    Place(
                        code=f"{commune_no:05d}",
                        name=draw(name),
                        level=Level.COMMUNE,
                        kind=draw(_COMMUNE_KINDS),
                        parent=district,
                        valid_to=None if new_commune is None else _LAST_DAY,
                        successors=_merged_into(new_commune),
                    )
                )
    return Gazetteer(places)


def places(
    gazetteer: Gazetteer | None = None, *, level: Level | None = None
) -> st.SearchStrategy[Place]:
    """Places of ``gazetteer`` (of a drawn gazetteer when None), optionally at one level.

    Args:
        gazetteer: Where the places come from.
        level: Only places at this level.

    Raises:
        InvalidValueError: ``gazetteer`` has no place at ``level``.

    >>> from hypothesis import find
    >>> from danvan import seed_gazetteer
    >>> find(places(seed_gazetteer(), level=Level.PROVINCE), lambda p: True).name
    'Hà Nam'
    """
    if gazetteer is None:
        return gazetteers().flatmap(lambda g: places(g, level=level))
    found = tuple(p for p in gazetteer.places if level is None or p.level is level)
    if not found:
        raise InvalidValueError(f"the gazetteer has no place at level {level}", where="level")
    return st.sampled_from(found)


def _leaves(gazetteer: Gazetteer) -> tuple[Place, ...]:
    """Places nothing is recorded under: their figures never contain another's."""
    parents = {p.parent for p in gazetteer.places}
    return tuple(p for p in gazetteer.places if p.code not in parents)


def _in_force_throughout(place: Place, period: Period) -> bool:
    return (place.valid_from is None or place.valid_from <= period.start) and (
        place.valid_to is None or (period.end is not None and period.end <= place.valid_to)
    )


# --- metrics ------------------------------------------------------------------------------

_NON_RATIO = (Aggregation.FLOW, Aggregation.STOCK, Aggregation.MINIMUM)


def _figure_metrics(catalogue: Catalogue) -> tuple[Metric, ...]:
    """Metrics that hold figures: every one but groups."""
    return tuple(m for m in catalogue.metrics if not m.is_group)


@_cached
@st.composite
def _new_metric(
    draw: st.DrawFn, code: str, parent: Metric | None, own: tuple[Unit, ...] = ()
) -> Metric:
    """A metric that fits under ``parent``: same dimension and aggregation as it; it may
    count in one of the units a user registered (``own``)."""
    unit: Unit | None
    if parent is not None and parent.dimension is not None:
        fitting = [u for u in own if u.dimension is parent.dimension]
        unit = draw(units(dimension=parent.dimension) | _units_or_nothing(fitting))
        aggregation = parent.aggregation
    else:
        # Only a top-level metric may be a group (of sub-metrics of different units).
        drawn = units() | _units_or_nothing(list(own))
        unit = draw(drawn) if parent is not None else draw(st.one_of(drawn, st.none()))
        aggregation = draw(st.sampled_from(_NON_RATIO))
    return Metric(
        code=code,
        name_vi=draw(_names()),
        name_en=draw(st.sampled_from(_ENGLISH)),
        unit=unit,
        counts=Counting.ITEMS if unit is None else unit.counts,
        aggregation=aggregation,
        parent=None if parent is None else parent.code,
        breakdown=draw(st.sampled_from(Breakdown)),
    )


def _units_or_nothing(found: list[Unit]) -> st.SearchStrategy[Unit]:
    """One of ``found``; nothing at all (left out of a union) when there are none."""
    return st.sampled_from(found) if found else st.nothing()


def _new_ratio(draw: st.DrawFn, code: str, known: Sequence[Metric]) -> Metric | None:
    """A ratio of two known metrics of one dimension, or None if there are none."""
    candidates = [m for m in known if m.aggregation is not Aggregation.RATIO and m.unit]
    if not candidates:
        return None
    numerator = draw(st.sampled_from(candidates))
    same = [m for m in candidates if m.dimension is numerator.dimension]
    denominator = draw(st.sampled_from(same))  # may be the numerator's metric itself
    return Metric(
        code=code,
        name_vi=f"tỷ lệ {numerator.name_vi}",
        name_en=f"share of {numerator.name_en}",
        counts=numerator.counts,
        aggregation=Aggregation.RATIO,
        numerator=numerator.code,
        denominator=denominator.code,
    )


def metrics(*, catalogue: Catalogue | None = None) -> st.SearchStrategy[Metric]:
    """Metrics of ``catalogue``; when None, standard metrics and new standalone ones.

    Args:
        catalogue: Where the metrics come from.

    Raises:
        InvalidValueError: ``catalogue`` is empty.

    >>> from hypothesis import find
    >>> find(metrics(catalogue=standard_catalogue()), lambda m: True).code
    'tips'
    """
    if catalogue is not None:
        if not catalogue.metrics:
            raise InvalidValueError("the catalogue has no metric", where="catalogue")
        return st.sampled_from(catalogue.metrics)
    fresh = _ids().flatmap(lambda slug: _new_metric(f"custom.{slug}", None))
    return st.sampled_from(standard_catalogue().metrics) | fresh


def catalogues(*, max_new: int = 4, max_units: int = 2) -> st.SearchStrategy[Catalogue]:
    """The standard catalogue, or the standard catalogue extended with consistent new metrics.

    New metrics ("custom.1", "custom.2", ...) are top-level metrics or groups, sub-metrics
    of a standard or new metric (same dimension and aggregation as their parent), or
    ratios of two metrics of one dimension. The catalogue's vocabulary may hold units a
    user registered (`vocabularies`), which new metrics may count in.

    Args:
        max_new: The most metrics added.
        max_units: The most units added to the vocabulary.

    >>> from hypothesis import find
    >>> find(catalogues(), lambda c: True) == standard_catalogue()
    True
    """
    _check_size("max_new", max_new, 0)
    _check_size("max_units", max_units, 0)
    return _catalogues(max_new, max_units)


@_cached
@st.composite
def _catalogues(draw: st.DrawFn, max_new: int, max_units: int) -> Catalogue:
    own = draw(vocabularies(max_added=max_units)).added
    base = standard_catalogue().with_units(*own) if own else standard_catalogue()
    known = list(base.metrics)
    added: list[Metric] = []
    for i in range(1, draw(st.integers(0, max_new)) + 1):
        code = f"custom.{i}"
        metric = None
        if draw(st.integers(0, 4)) == 4:  # now and then a ratio
            metric = _new_ratio(draw, code, known)
        if metric is None:
            parents = tuple(m for m in known if m.aggregation is not Aggregation.RATIO)
            parent = draw(_optional(st.sampled_from(parents)))
            metric = draw(_new_metric(code, parent, own))
        known.append(metric)
        added.append(metric)
    return base.extended(*added) if added else base


# --- descriptive records ------------------------------------------------------------------
# Each public function draws standalone records; the cached builder behind it takes the
# record's id (None: any id) and the pools its references come from, so that `datasets`
# can number the records and make every reference resolve.


def organisations(
    *, parents: Iterable[str] | None = None, places: Iterable[str] | None = None
) -> st.SearchStrategy[Organisation]:
    """Organisations, with parents and places drawn from the ids given (any ids if None).

    Args:
        parents: Ids of organisations a drawn one may belong to.
        places: Codes of places a drawn one may serve.
    """
    return _organisations(None, _pool(parents), _pool(places))


@_cached
@st.composite
def _organisations(draw: st.DrawFn, own: str | None, parents: Pool, places: Pool) -> Organisation:
    record_id = _own_id(draw, own)
    return Organisation(
        id=record_id,
        name=draw(_organisation_names()),
        kind=draw(st.sampled_from(OrganisationKind)),
        parent=_parent(draw, parents, record_id),
        place=draw(_ref(places)),
    )


def documents() -> st.SearchStrategy[Document]:
    """Documents as reports cite them: kind, number ("12/KH-CAT"), issuer, date, title."""
    return _documents(None)


@_cached
@st.composite
def _documents(draw: st.DrawFn, own: str | None) -> Document:
    number = draw(_optional(st.integers(1, 999)))
    return Document(
        id=_own_id(draw, own),
        kind=draw(st.sampled_from(DocumentKind)),
        number=None if number is None else f"{number}/{draw(st.sampled_from(_NUMBER_SUFFIXES))}",
        issuer=draw(_optional(_organisation_names())),
        date=draw(_optional(_dates())),
        title=draw(st.one_of(st.just(""), _names())),
    )


def targets(
    *,
    catalogue: Catalogue | None = None,
    places: Iterable[str] | None = None,
    periods: st.SearchStrategy[Period] | None = None,
) -> st.SearchStrategy[Target]:
    """Targets on a figure metric of ``catalogue`` (the standard one by default), in its unit.

    Args:
        catalogue: Where the metric comes from.
        places: Codes the target may apply to (any codes if None).
        periods: The target periods (default: closed periods).
    """
    cat = standard_catalogue() if catalogue is None else catalogue
    return _targets(cat, _pool(places), _closed_periods() if periods is None else periods)


def _closed_periods() -> st.SearchStrategy[Period]:
    return periods()


@_cached
@st.composite
def _targets(
    draw: st.DrawFn, catalogue: Catalogue, places: Pool, period_strategy: st.SearchStrategy[Period]
) -> Target:
    metric = draw(st.sampled_from([m for m in _figure_metrics(catalogue) if m.unit is not None]))
    assert metric.unit is not None
    return Target(
        metric=metric.code,
        quantity=draw(quantities(unit=metric.unit, max_value=10**6)),
        period=draw(period_strategy),
        place=draw(_ref(places)),
        stated_attainment=draw(_optional(st.sampled_from(Attainment))),
    )


def campaigns(
    *,
    documents: Iterable[str] | None = None,
    organisations: Iterable[str] | None = None,
    places: Iterable[str] | None = None,
    parents: Iterable[str] | None = None,
    catalogue: Catalogue | None = None,
) -> st.SearchStrategy[Campaign]:
    """Campaigns with their period (maybe open), references and targets.

    Targets lie within the campaign's period when it has one, so the
    ``period-outside-campaign`` rule does not flag them.

    Args:
        documents: Ids its legal basis is drawn from (any ids if None).
        organisations: Ids its organisers are drawn from.
        places: Codes its scope and its targets' places are drawn from.
        parents: Ids of campaigns it may be part of.
        catalogue: Where its targets' metrics come from (the standard one by default).
    """
    cat = standard_catalogue() if catalogue is None else catalogue
    pools = (_pool(documents), _pool(organisations), _pool(places), _pool(parents))
    return _campaigns(None, *pools, cat)


@_cached
@st.composite
def _campaigns(
    draw: st.DrawFn,
    own: str | None,
    documents: Pool,
    organisations: Pool,
    places: Pool,
    parents: Pool,
    catalogue: Catalogue,
) -> Campaign:
    record_id = _own_id(draw, own)
    period = draw(_optional(periods(closed=False, phases=False)))
    if period is None:
        target_periods = _closed_periods()
    elif period.end is None:  # open: targets start within it, on its calendar
        start = period.start.year + 1
        # A Decree-09 year starts on 15 December of the year before: maybe before the
        # campaign, when it began late in December.
        target_periods = periods(
            calendar=period.calendar, min_year=start, max_year=start + 5
        ).filter(period.contains)
    else:
        target_periods = st.sampled_from((period, *period.split_years()))
    return Campaign(
        id=record_id,
        name=draw(_names()),
        kind=draw(st.sampled_from(CampaignKind)),
        period=period,
        legal_basis=draw(_refs(documents)),
        organisers=draw(_refs(organisations)),
        scope=draw(_refs(places)),
        parent=_parent(draw, parents, record_id),
        targets=draw(st.lists(_targets(catalogue, places, target_periods), max_size=2)),
    )


def lifecycle_events() -> st.SearchStrategy[LifecycleEvent]:
    """Lifecycle events dated by a day, a year, both, or neither."""
    return st.builds(_event, st.sampled_from(LifecycleStage), _dates(), st.integers(0, 3))


def _event(stage: LifecycleStage, day: pendulum.Date, how: int) -> LifecycleEvent:
    """An event on ``day``, dated: 0 not at all, 1 by the day, 2 by its year, 3 by both."""
    return LifecycleEvent(
        stage=stage,
        date=day if how in (1, 3) else None,
        period=Period.year(day.year) if how in (2, 3) else None,
    )


def community_models(
    *,
    organisations: Iterable[str] | None = None,
    places: Iterable[str] | None = None,
    campaigns: Iterable[str] | None = None,
) -> st.SearchStrategy[CommunityModel]:
    """Community models with a chronological lifecycle, sometimes ending discontinued.

    Args:
        organisations: Ids its host is drawn from (any ids if None).
        places: Codes of the places it runs in.
        campaigns: Ids of the campaign it may belong to.
    """
    return _community_models(None, _pool(organisations), _pool(places), _pool(campaigns))


_RUNNING = st.sampled_from([s for s in LifecycleStage if s is not LifecycleStage.DISCONTINUED])


@_cached
@st.composite
def _community_models(
    draw: st.DrawFn, own: str | None, organisations: Pool, places: Pool, campaigns: Pool
) -> CommunityModel:
    # Events on sorted days are in chronological order however each is dated.
    days = sorted(draw(st.lists(_dates(), max_size=4)))
    events = [_event(draw(_RUNNING), day, draw(st.integers(0, 3))) for day in days]
    discontinued = bool(events) and draw(st.booleans())
    if discontinued:
        events[-1] = attrs.evolve(events[-1], stage=LifecycleStage.DISCONTINUED)
    return CommunityModel(
        id=_own_id(draw, own),
        name=draw(_names()),
        category=draw(st.sampled_from(ModelCategory)),
        host=draw(_ref(organisations)),
        places=draw(_refs(places)),
        campaign=draw(_ref(campaigns)),
        events=events,
    )


def recognitions(*, organisations: Iterable[str] | None = None) -> st.SearchStrategy[Recognition]:
    """Awards: "Bằng khen" and the like, with an optional level, date and giver.

    Args:
        organisations: Ids the giver is drawn from (any ids if None).
    """
    return _recognitions(_pool(organisations))


@_cached
def _recognitions(organisations: Pool) -> st.SearchStrategy[Recognition]:
    return st.builds(
        Recognition,
        award=st.sampled_from(_AWARDS),
        level=_optional(st.sampled_from(RecognitionLevel)),
        date=_optional(_dates()),
        by=_ref(organisations),
    )


def exemplars(
    *, organisations: Iterable[str] | None = None, campaigns: Iterable[str] | None = None
) -> st.SearchStrategy[Exemplar]:
    """Named individuals and collectives with their awards.

    Args:
        organisations: Ids its organisation and its awards' givers are drawn from.
        campaigns: Ids of the campaign it may be an exemplar of.
    """
    return _exemplars(None, _pool(organisations), _pool(campaigns))


@_cached
def _exemplars(
    own: str | None, organisations: Pool, campaigns: Pool
) -> st.SearchStrategy[Exemplar]:
    return st.builds(
        Exemplar,
        id=_ids() if own is None else st.just(own),
        name=_names(),
        kind=st.sampled_from(ExemplarKind),
        organisation=_ref(organisations),
        campaign=_ref(campaigns),
        recognitions=st.lists(_recognitions(organisations), max_size=2),
    )


def charity_drives(
    *, organisations: Iterable[str] | None = None, campaigns: Iterable[str] | None = None
) -> st.SearchStrategy[CharityDrive]:
    """Charity drives with programmes, a period (maybe open), organisers and beneficiaries.

    Args:
        organisations: Ids its organisers are drawn from (any ids if None).
        campaigns: Ids of the campaign it may belong to.
    """
    return _charity_drives(None, _pool(organisations), _pool(campaigns))


@_cached
def _charity_drives(
    own: str | None, organisations: Pool, campaigns: Pool
) -> st.SearchStrategy[CharityDrive]:
    return st.builds(
        CharityDrive,
        id=_ids() if own is None else st.just(own),
        name=_names(),
        kind=st.sampled_from(DriveKind),
        programmes=st.lists(_names(), max_size=2, unique=True),
        period=_optional(periods(closed=False)),
        organisers=_refs(organisations),
        beneficiaries=st.lists(st.sampled_from(_BENEFICIARIES), max_size=2, unique=True),
        campaign=_ref(campaigns),
    )


def sources(*, documents: Iterable[str] | None = None) -> st.SearchStrategy[Source]:
    """Publications figures come from: articles, reports, spreadsheets.

    Args:
        documents: Ids of the documents a source may be (any ids if None).
    """
    return _sources(None, _pool(documents))


@_cached
def _sources(own: str | None, documents: Pool) -> st.SearchStrategy[Source]:
    return st.builds(
        Source,
        id=_ids() if own is None else st.just(own),
        title=_names(),
        kind=st.sampled_from(SourceKind),
        publisher=st.one_of(st.just(""), _organisation_names()),
        date=_optional(_dates()),
        url=st.one_of(st.just(""), _ids().map("https://example.vn/{}".format)),
        document=_ref(documents),
    )


# --- observations -------------------------------------------------------------------------


def observations(
    *,
    catalogue: Catalogue | None = None,
    gazetteer: Gazetteer | None = None,
    metrics: Iterable[str] | None = None,
    periods: st.SearchStrategy[Period | None] | None = None,
    exact_only: bool = False,
    leaf_places_only: bool = False,
    max_value: int = 10**6,
    sources: Iterable[str] | None = None,
    organisations: Iterable[str] | None = None,
    activities: Iterable[str] | None = None,
) -> st.SearchStrategy[Observation]:
    """Observations whose figure fits their metric: its dimension, or a ratio for ratios.

    With a gazetteer, the place is one of its places in force throughout the period (no
    place when none is). Quotes are the figure as a report writes it ("gần 9.000 tin").
    Most figures are stated in the body, some in a headline or a summary (`Role`).

    Args:
        catalogue: Where metrics come from (the standard one by default); groups are
            never drawn, as they hold no figures.
        gazetteer: Where places come from; when None, any code or no place.
        metrics: Only these metric codes.
        periods: The periods (default: closed periods of 2010..2030); one that draws None
            gives figures whose period is not stated (``st.none() | periods()``).
        exact_only: Only exact figures.
        leaf_places_only: Only places nothing is recorded under (communes, here).
        max_value: The largest stated number.
        sources: Ids of sources (any ids if None).
        organisations: Ids of organisations (any ids if None).
        activities: Ids of campaigns, drives and models (any ids if None).

    Raises:
        UnknownReferenceError: a code of ``metrics`` is not in the catalogue.
        InvalidValueError: no metric that holds figures is left.

    >>> from hypothesis import find
    >>> obs = find(observations(exact_only=True), lambda o: True)
    >>> obs.metric, str(obs.value), str(obs.period)
    ('tips', '0 tin', '2010')
    """
    _check_size("max_value", max_value, 0)
    cat = standard_catalogue() if catalogue is None else catalogue
    pool = None
    if gazetteer is not None:
        pool = _leaves(gazetteer) if leaf_places_only else gazetteer.places
    activity_pool = _pool(activities)
    return _observations(
        own=None,
        figure_metrics=_choose_metrics(cat, metrics),
        catalogue=cat,
        places=pool,
        period_strategy=_closed_periods() if periods is None else periods,
        exact_only=exact_only,
        max_value=max_value,
        sources=_pool(sources),
        organisations=_pool(organisations),
        activities=lambda _: activity_pool,
    )


def _choose_metrics(catalogue: Catalogue, codes: Iterable[str] | None) -> tuple[Metric, ...]:
    if codes is None:
        found = _figure_metrics(catalogue)
    else:
        found = tuple(catalogue.get(code) for code in codes)  # raises for unknown codes
        found = tuple(m for m in found if not m.is_group)
    if not found:
        raise InvalidValueError("no metric that holds figures to draw", where="metrics")
    return found


def _figure_of(
    metric: Metric, catalogue: Catalogue, exact_only: bool, max_value: int
) -> st.SearchStrategy[Quantity | Ratio]:
    """Figures that fit ``metric``: ratios for a ratio, else quantities of its dimension."""
    if metric.aggregation is Aggregation.RATIO:
        numerator = catalogue.get(metric.numerator) if metric.numerator else None
        unit = numerator.unit if numerator is not None and numerator.unit else "item"
        return ratios(unit=unit, max_value=max(max_value, 1))
    assert metric.unit is not None
    if metric.unit.dimension is Dimension.MASS:  # "2,5 kg" of a metric kept in grams
        return quantities(dimension=Dimension.MASS, exact_only=exact_only, max_value=max_value)
    return quantities(unit=metric.unit, exact_only=exact_only, max_value=max_value)


@st.composite
def _observations(
    draw: st.DrawFn,
    *,
    own: str | None,
    figure_metrics: Sequence[Metric],
    catalogue: Catalogue,
    places: Sequence[Place] | None,
    period_strategy: st.SearchStrategy[Period | None],
    exact_only: bool,
    max_value: int,
    sources: Pool,
    organisations: Pool,
    activities: Callable[[Period | None], Pool],
) -> Observation:
    metric = draw(st.sampled_from(figure_metrics))
    value = draw(_figure_of(metric, catalogue, exact_only, max_value))
    period = draw(period_strategy)
    place: str | None
    if places is None:
        place = draw(_ref(None))
    else:
        in_force = [p.code for p in places if period is None or _in_force_throughout(p, period)]
        place = draw(st.sampled_from(in_force)) if in_force else None
    return Observation(
        id=_own_id(draw, own),
        metric=metric.code,
        value=value,
        period=period,
        place=place,
        organisation=draw(_ref(organisations)),
        source=draw(_ref(sources)),
        quote=draw(st.sampled_from(("", str(value)))),
        activity=draw(_ref(activities(period))),
        role=draw(_ROLES),
    )


# Mostly the body; now and then a headline, a summary or a repeat restating it.
_ROLES = st.sampled_from((Role.BODY, Role.BODY, Role.BODY, *Role))


def invalid_observations() -> st.SearchStrategy[tuple[dict[str, Any], type[Exception]]]:
    """Arguments for `Observation` that it must refuse, with the error it must raise.

    Each example is a valid observation's arguments with one field broken: a blank or
    spaced id or reference, a figure that is neither a `Quantity` nor a `Ratio` (a float,
    a string), a period that is not a `Period`, text that is not a string.

    >>> from hypothesis import given
    >>> import pytest
    >>> @given(invalid_observations())
    ... def test_refused(case):
    ...     kwargs, error = case
    ...     with pytest.raises(error):
    ...         Observation(**kwargs)
    >>> test_refused()
    """
    return _invalid_observations()


_NOT_IDS = st.sampled_from(("", " ", "two words", "tab\tid", 7))
_BREAKAGES: tuple[tuple[str, st.SearchStrategy[object]], ...] = (
    ("id", _NOT_IDS),
    ("metric", _NOT_IDS),
    ("value", st.sampled_from((1.5, 12, Decimal(3), "gần 9.000 tin", None))),
    ("period", st.sampled_from(("2021", pendulum.Date(2021, 1, 1), 2021))),  # None: not stated
    ("place", _NOT_IDS),
    ("organisation", _NOT_IDS),
    ("source", _NOT_IDS),
    ("activity", _NOT_IDS),
    ("quote", st.sampled_from((None, 9000, b"bytes"))),
    ("disaggregation", st.sampled_from((None, 1))),
    ("note", st.sampled_from((None, 1))),
)


@st.composite
def _invalid_observations(draw: st.DrawFn) -> tuple[dict[str, Any], type[Exception]]:
    valid = draw(observations())
    kwargs: dict[str, Any] = {f.name: getattr(valid, f.name) for f in attrs.fields(Observation)}
    field, bad = draw(st.sampled_from(_BREAKAGES))
    kwargs[field] = draw(bad)
    return kwargs, InvalidValueError


# --- datasets -----------------------------------------------------------------------------


def datasets(
    *,
    min_observations: int = 0,
    max_observations: int = 20,
    max_records: int = 2,
    gazetteer: Gazetteer | None = None,
    catalogue: Catalogue | None = None,
    metrics: Iterable[str] | None = None,
    periods: st.SearchStrategy[Period] | None = None,
    exact_only: bool = False,
    consistent: bool = True,
) -> st.SearchStrategy[Dataset]:
    """Whole datasets: places, metrics, descriptive records and observations.

    With ``consistent=True`` (the default) every reference resolves and validation
    finds nothing at all (``dataset.validate().findings == ()``): figures fit their
    metrics; observations state figures of leaf metrics at leaf places, so no part can
    exceed its whole; no metric, place and period is stated twice (not even by two
    organisations, one of which might hold the other's figure); sub-campaigns, targets,
    model events and figures of a campaign lie within its period; a figure whose period
    is not stated comes from a dated source.

    With ``consistent=False``, records may name ids that do not exist ("unknown"),
    figures may not fit their metric, and one figure may be stated twice, differently, or
    above its whole: data for testing that validation and aggregation report problems
    rather than crash. Ids stay unique, as `Dataset` requires.

    Ids are numbered by kind ("org-1", "obs-1"), so counterexamples read easily. About
    half the examples Hypothesis draws have no observation: raise ``min_observations``
    when a test needs some.

    Args:
        min_observations: The fewest observations (fewer only when keys run out).
        max_observations: The most observations.
        max_records: The most records of each descriptive kind (organisations,
            documents, campaigns, models, exemplars, drives, sources).
        gazetteer: The places (default: a drawn gazetteer).
        catalogue: The metrics (default: a drawn catalogue; the standard one when
            ``metrics`` is given, so that new metrics never turn those into wholes).
        metrics: Only figures of these metric codes (with ``consistent=True``, of
            those that are leaves).
        periods: The observations' periods (default: closed periods of 2010..2030).
        exact_only: Only exact figures.
        consistent: Whether the dataset must validate without findings.

    Raises:
        InvalidValueError: sizes out of order, or no metric of ``metrics`` can hold
            figures (with ``consistent=True``: no leaf metric).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(datasets(metrics=["tips"], min_observations=1))
    ... def test_consistent_datasets_validate(dataset):
    ...     assert dataset.validate().ok
    ...     assert {"tips"} == {o.metric for o in dataset.observations}
    >>> test_consistent_datasets_validate()
    """
    _check_size("min_observations", min_observations, 0)
    _check_size("max_observations", max_observations, min_observations)
    _check_size("max_records", max_records, 0)
    wanted = None if metrics is None else tuple(metrics)
    if wanted is not None:
        catalogue = standard_catalogue() if catalogue is None else catalogue
        _pick_metrics(catalogue, wanted, consistent)  # fail now, not at the first draw
    return _datasets(
        sizes=(min_observations, max_observations, max_records),
        gazetteer=gazetteers() if gazetteer is None else st.just(gazetteer),
        catalogue=catalogues() if catalogue is None else st.just(catalogue),
        metrics=wanted,
        period_strategy=_closed_periods() if periods is None else periods,
        exact_only=exact_only,
        consistent=consistent,
    )


def _pick_metrics(
    catalogue: Catalogue, codes: Sequence[str] | None, consistent: bool
) -> tuple[Metric, ...]:
    """The metrics a dataset's observations measure: leaves only, when consistent."""
    if not consistent:
        if codes is None:
            return catalogue.metrics
        if not codes:
            raise InvalidValueError("no metric to draw", where="metrics")
        return tuple(catalogue.get(code) for code in codes)
    found = tuple(m for m in _choose_metrics(catalogue, codes) if not catalogue.children(m.code))
    if not found:
        raise InvalidValueError(
            "a consistent dataset needs a leaf metric (one without sub-metrics)", where="metrics"
        )
    return found


def _within(inner: Period | None, outer: Period | None) -> bool:
    """Whether ``inner`` lies in ``outer``, as the period-outside-campaign rule reads it."""
    if inner is None or outer is None:
        return True
    return inner.calendar is outer.calendar and outer.contains(inner)


@st.composite
def _datasets(
    draw: st.DrawFn,
    *,
    sizes: tuple[int, int, int],
    gazetteer: st.SearchStrategy[Gazetteer],
    catalogue: st.SearchStrategy[Catalogue],
    metrics: Sequence[str] | None,
    period_strategy: st.SearchStrategy[Period],
    exact_only: bool,
    consistent: bool,
) -> Dataset:
    min_observations, max_observations, max_records = sizes
    places = draw(gazetteer)
    cat = draw(catalogue)
    codes = tuple(p.code for p in places.places)

    def loose(pool: Iterable[str]) -> tuple[str, ...]:
        # An inconsistent dataset may also name a record that does not exist.
        return tuple(pool) if consistent else (*pool, "unknown")

    def numbered(prefix: str) -> list[str]:
        return [f"{prefix}-{i}" for i in range(1, draw(st.integers(0, max_records)) + 1)]

    # Each kind refers only to kinds drawn before it, and to earlier records of its own
    # kind (parents), so references never form cycles.
    orgs: list[Organisation] = []
    for own in numbered("org"):
        orgs.append(draw(_organisations(own, loose(o.id for o in orgs), loose(codes))))
    org_ids = loose(o.id for o in orgs)
    docs = [draw(_documents(own)) for own in numbered("doc")]
    doc_ids = loose(d.id for d in docs)
    camps: list[Campaign] = []
    for own in numbered("campaign"):
        campaign = draw(_campaigns(own, doc_ids, org_ids, loose(codes), (), cat))
        parents = loose(c.id for c in camps if _within(campaign.period, c.period))
        camps.append(attrs.evolve(campaign, parent=draw(_ref(parents))))

    def campaigns_around(*inner: Period | None) -> tuple[str, ...]:
        return loose(c.id for c in camps if all(_within(p, c.period) for p in inner))

    models = []
    for own in numbered("model"):
        model = draw(_community_models(own, org_ids, loose(codes), ()))
        days = [Period.day(e.date) for e in model.events if e.date is not None]
        models.append(attrs.evolve(model, campaign=draw(_ref(campaigns_around(*days)))))
    camp_ids = loose(c.id for c in camps)
    exemplar_list = [draw(_exemplars(own, org_ids, camp_ids)) for own in numbered("exemplar")]
    drives = [draw(_charity_drives(own, org_ids, camp_ids)) for own in numbered("drive")]
    source_list = [draw(_sources(own, doc_ids)) for own in numbered("source")]
    others = (*(m.id for m in models), *(d.id for d in drives))

    observation: st.SearchStrategy[Observation]
    if consistent:
        observation = _observations(
            own="obs",
            figure_metrics=_pick_metrics(cat, metrics, consistent),
            catalogue=cat,
            places=_leaves(places),
            period_strategy=period_strategy,
            exact_only=exact_only,
            max_value=10**6,
            sources=tuple(s.id for s in source_list),
            organisations=org_ids,
            activities=lambda period: (*others, *campaigns_around(period)),
        )
    else:
        # A few metrics (with their parts and wholes) and periods, so that figures meet:
        # restatements that disagree, parts above their wholes.
        pool = _pick_metrics(cat, metrics, consistent)
        focus = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=2, unique=True))
        related = {
            m.code: m for f in focus for m in (f, *cat.children(f.code), *cat.ancestors(f.code))
        }
        spans = draw(st.lists(period_strategy, min_size=1, max_size=2))
        observation = _loose_observations(
            tuple(related.values()), cat, codes, st.sampled_from(spans), exact_only
        )
    drawn = draw(
        st.lists(
            observation,
            min_size=min_observations,
            max_size=max_observations,
            unique_by=_key if consistent else None,
        )
    )
    # Now and then a figure whose period its source does not state: bounded by the
    # source's date (a consistent dataset gives it a dated source, and no campaign).
    dated = {s.id for s in source_list if s.date is not None}
    drawn = [
        attrs.evolve(o, period=None)
        if (not consistent or (o.source in dated and o.activity is None))
        and draw(st.integers(0, 9)) == 0
        else o
        for o in drawn
    ]
    return Dataset(
        title=draw(_names()),
        places=places,
        catalogue=cat,
        organisations=orgs,
        documents=docs,
        campaigns=camps,
        models=models,
        exemplars=exemplar_list,
        drives=drives,
        sources=source_list,
        observations=[attrs.evolve(o, id=f"obs-{i}") for i, o in enumerate(drawn, start=1)],
    )


def _key(observation: Observation) -> object:
    # One figure per metric, place and period, whatever its organisation: figures of one
    # spot by an organisation and by everyone (or one above it) would be whole and part.
    return (observation.metric, observation.place, observation.period)


@st.composite
def _loose_observations(
    draw: st.DrawFn,
    metrics: tuple[Metric, ...],
    catalogue: Catalogue,
    codes: tuple[str, ...],
    period_strategy: st.SearchStrategy[Period],
    exact_only: bool,
) -> Observation:
    """Observations that may break the rules: unknown metric or place, any figure."""
    metric = draw(st.sampled_from([*(m.code for m in metrics), "unknown"]))
    fits = metric in catalogue and not catalogue.get(metric).is_group and draw(st.booleans())
    figure: st.SearchStrategy[Quantity | Ratio]
    if fits:
        figure = _figure_of(catalogue.get(metric), catalogue, exact_only, 10**6)
    else:
        figure = quantities(exact_only=exact_only, max_value=10**6)
    return Observation(
        id="obs",
        metric=metric,
        value=draw(figure),
        period=draw(period_strategy),
        place=draw(_ref((*codes, "unknown"))),
        source=draw(_ref(("unknown",))),
    )
