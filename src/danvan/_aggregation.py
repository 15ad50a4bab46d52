"""Honest totals over places, periods and metric categories.

`aggregate` answers questions such as "how many valuable tips did the province
receive in 2017–2021, by district?". Each row of the answer carries its group
keys, a `Quantity` whose qualifier and bounds say how sure it is, and the ids of
the observations it came from; the result also lists every observation left out
and why, every reconciliation of a whole against its parts, and every expected
group that reported nothing (missing is never zero).

The rules, in the order they apply:

1. **Scope.** Only the metric (and, by default, its sub-metrics) counts. An
   observation on another reporting calendar than the query period is left out
   unless ``mix_calendars=True``; one whose period lies only partly inside the
   query period is left out (never pro-rated) unless ``partial="include"``.
2. **Places as of a date.** Places group by the hierarchy in force on ``as_of``
   (the end of the query period by default): figures of a unit later merged roll
   up into its successor when grouping as of a later date.
3. **Restatements count once.** Observations with the same metric, place,
   organisation, period and disaggregation state one figure; the most precise
   statement is used (exact before approximate, then narrower bounds, then the
   smaller id) and the others are reconciled against it.
4. **A whole and its parts count once.** A figure *covers* another when its metric,
   place and period contain the other's (for stocks: the same period). When the
   parts of a whole are complete (every sub-metric of a "consists of" breakdown,
   every place below, or periods that partition the whole's), the parts are used;
   otherwise the whole is used. Either way a reconciliation entry shows the whole,
   the sum of the parts and whether they are consistent given their qualifiers. A
   part shared by two wholes counts once. Figures that share events without one
   lying within the other (a province's 2021 tips and a district's 2017–2021 tips;
   a stock of a place and of a place above it) are never added: the one with the
   larger area, then the longer period, is kept and the other is left out.
5. **Over time**, a stock, minimum or ratio takes its latest figure per series;
   a flow sums.
6. **Over places and sub-metrics**, by the metric's rule, and one row per
   dimension: grams never add to pieces.
"""

from __future__ import annotations

import datetime as _dt
import gc
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal, overload

import attrs
import pendulum

from danvan._breakdown import label_covers, labels_complete, labels_disjoint
from danvan._campaigns import Campaign, Target, TargetCheck
from danvan._dates import format_date_vi, parse_date, to_date, today
from danvan._metrics import Aggregation, Breakdown, Metric
from danvan._observations import Observation
from danvan._period import Period
from danvan._places import Level
from danvan._quantity import Bounds, Certainty, Qualifier, Quantity, total
from danvan._ratio import Ratio
from danvan._semantics import combine_places, latest, sums_over_time
from danvan._units import Dimension, counts_in
from danvan.errors import InvalidValueError, UnitMismatchError

if TYPE_CHECKING:
    from danvan._dataset import Dataset

__all__ = [
    "EXCLUSION_CODES",
    "GROUPINGS",
    "AggregationResult",
    "Exclusion",
    "Reconciliation",
    "Row",
    "TargetResult",
    "aggregate",
    "attainment",
]

Key = tuple[tuple[str, str], ...]

_PLACE_LEVELS = {"province": Level.PROVINCE, "district": Level.DISTRICT, "commune": Level.COMMUNE}
_TIME = ("year", "half-year", "quarter", "month")
GROUPINGS: tuple[str, ...] = (*_PLACE_LEVELS, "place", "organisation", *_TIME, "submetric")
"""The names `aggregate` accepts in ``by``."""


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Row:
    """One total of an aggregation.

    Args:
        keys: The group, as ``(name, value)`` pairs: ``("province", "36")``,
            ``("year", "2021")``, ``("metric", "surrendered.guns")``, ``("unit", "khau")``.
        value: The total: a `Quantity` (qualifier and bounds included), or a `Ratio`.
        observations: Ids of the observations the total was computed from (an engine
            may pass a function that gathers them when first read).
        notes: What a reader should know about this total.
    """

    keys: Key
    value: Quantity | Ratio
    # Provenance of bulk results is gathered on first read: a million ids cost more
    # than the sums themselves, and most callers only read the totals.
    _observations: tuple[str, ...] | Callable[[], tuple[str, ...]] = attrs.field(
        alias="observations"
    )
    notes: tuple[str, ...] = ()

    @property
    def observations(self) -> tuple[str, ...]:
        """Ids of the observations the total was computed from."""
        ids = self._observations
        if not isinstance(ids, tuple):
            ids = ids()
            object.__setattr__(self, "_observations", ids)
        return ids

    def _fields(self) -> tuple[object, ...]:
        return (self.keys, self.value, self.observations, self.notes)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Row):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return (
            f"Row(keys={self.keys!r}, value={self.value!r}, "
            f"observations={self.observations!r}, notes={self.notes!r})"
        )

    def __reduce__(self) -> tuple[Callable[..., Row], tuple[object, ...]]:
        # Pickled with its provenance read: never the engine's columns behind it.
        return (_row, (self.keys, self.value, self.observations, self.notes))

    def key(self, name: str) -> str | None:
        """The value of group key ``name``, or None."""
        return dict(self.keys).get(name)

    @property
    def quantity(self) -> Quantity:
        """The total as a `Quantity` (for a ratio: its numerator)."""
        return self.value if isinstance(self.value, Quantity) else self.value.numerator


class _Note(str):
    """A row's note: the English text (the string itself), and the same in Vietnamese.

    A plain `str` to every caller; reports pick the language they are written in.
    """

    vi: str

    def __new__(cls, en: str, vi: str) -> _Note:
        note = super().__new__(cls, en)
        note.vi = vi
        return note

    def text(self, lang: str) -> str:
        """The note in ``lang`` (``"vi"`` or ``"en"``)."""
        return self.vi if lang == "vi" else str(self)

    def __reduce__(self) -> tuple[type[_Note], tuple[str, str]]:
        return (_Note, (str(self), self.vi))


def note_text(note: str, lang: str) -> str:
    """A row's note in ``lang`` when it has both languages; else as it is."""
    return note.text(lang) if isinstance(note, _Note) else note


def superseded_note(old: str, old_period: object, new: str, new_period: object) -> str:
    """The note on a stock's figure replaced by a later one of the same series."""
    return _Note(
        f"{old} ({old_period}) superseded by the later figure {new} ({new_period})",
        f"{old} ({old_period}) được thay bằng số liệu mới hơn {new} ({new_period})",
    )


def lower_bound_note(metric: str) -> str:
    """The note on a total built from "of which" parts only."""
    return _Note(
        f"no figure for {metric} itself: the sum of the sub-metrics reported is only a "
        f"lower bound, as they need not cover every kind",
        f"không có số liệu của chính chỉ tiêu {metric}: tổng các chỉ tiêu con được báo cáo "
        f"chỉ là cận dưới, vì chúng không nhất thiết gồm mọi loại",
    )


_CHUNK = 1024  # rows first built at a time while iterating


class Rows(Sequence[Row]):
    """The rows of an `AggregationResult`: a read-only sequence of `Row`.

    It indexes, slices (to a tuple), iterates, concatenates (to a tuple) and compares
    equal to a tuple of equal rows; ``tuple(rows)`` gives the tuple itself. A bulk
    engine may hand over its totals as columns: each `Row` (with its `Quantity`) is then
    built when first read, and kept, so that a query over a million figures does not pay
    for two hundred thousand Python objects nobody reads.

    >>> rows = Rows([])
    >>> (len(rows), rows == (), list(rows), rows + ())
    (0, True, [], ())
    """

    __slots__ = ("_build", "_rows", "_unbuilt")

    def __init__(self, rows: Iterable[Row] = ()) -> None:
        self._rows: list[Row | None] = list(rows)
        self._build: Callable[[int], Row] | None = None
        self._unbuilt = 0

    @classmethod
    def lazy(cls, size: int, build: Callable[[int], Row]) -> Rows:
        """``size`` rows, row ``i`` being ``build(i)``, called on first read only."""
        rows = cls()
        rows._rows = [None] * size
        rows._build = build
        rows._unbuilt = size
        return rows

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> Row: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Row, ...]: ...

    def __getitem__(self, index: int | slice) -> Row | tuple[Row, ...]:
        if isinstance(index, slice):
            chosen = range(*index.indices(len(self._rows)))
            self._build_all(chosen)
            return tuple(self[i] for i in chosen)
        row = self._rows[index]  # an index out of range raises IndexError, as a tuple does
        if row is None:
            at = index % len(self._rows)
            row = self._build_one(at)
        return row

    def __iter__(self) -> Iterator[Row]:
        # Rows are built ahead in chunks that double in size: the first rows come at once,
        # and a full pass pauses the collector only a few times.
        start, size = 0, _CHUNK
        while start < len(self._rows):
            chunk = range(start, min(start + size, len(self._rows)))
            self._build_all(chunk)
            for i in chunk:
                yield self[i]
            start, size = chunk.stop, size * 2

    def _build_one(self, i: int) -> Row:
        build = self._build
        assert build is not None  # only rows of a lazy sequence are ever unbuilt
        row = self._rows[i] = build(i)
        self._unbuilt -= 1
        if not self._unbuilt:
            self._build = None  # every row is built: let go of the columns
        return row

    def _build_all(self, indexes: range) -> None:
        """Build the rows at ``indexes`` with the garbage collector paused.

        Building many rows allocates many objects and no cycles; a full collection over a
        large dataset, triggered midway, would cost more than the rows themselves.
        """
        if self._build is None:
            return  # every row is built
        rows = self._rows
        paused = gc.isenabled()
        gc.disable()
        try:
            for i in indexes:
                if rows[i] is None:
                    self._build_one(i)
        finally:
            if paused:
                gc.enable()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Rows | tuple):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __add__(self, other: object) -> tuple[Row, ...]:
        if not isinstance(other, Rows | tuple):
            return NotImplemented
        return (*self, *other)

    def __radd__(self, other: object) -> tuple[Row, ...]:
        if not isinstance(other, tuple):
            return NotImplemented
        return (*other, *self)

    def __mul__(self, times: int) -> tuple[Row, ...]:
        return tuple(self) * times

    __rmul__ = __mul__

    def __repr__(self) -> str:
        return repr(tuple(self))

    def __reduce__(self) -> tuple[type[Rows], tuple[tuple[Row, ...]]]:
        return (Rows, (tuple(self),))


def _row(
    keys: Key, value: Quantity | Ratio, observations: tuple[str, ...], notes: tuple[str, ...]
) -> Row:
    """A row from its parts (how a pickled `Row` is rebuilt)."""
    return Row(keys=keys, value=value, observations=observations, notes=notes)


def _as_rows(rows: Iterable[Row]) -> Rows:
    return rows if isinstance(rows, Rows) else Rows(rows)


def _sorted_pairs(pairs: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((str(k), str(v)) for k, v in pairs))


# Each reason an observation is left out: the values its message names.
_EXCLUSION_DETAILS: dict[str, tuple[str, ...]] = {
    "group-metric": ("metric",),
    "ratio-expected": ("metric",),
    "ratio-unexpected": ("metric",),
    "unit-mismatch": ("dimension", "quantity"),
    "open-period": ("period",),
    "other-calendar": ("calendar", "period", "query_calendar"),
    "partial-period": ("period", "query"),
    "no-place": (),
    "unknown-place": ("place",),
    "not-attributable": ("as_of", "level", "place"),
    "no-organisation": (),
    "spans-buckets": ("grouping", "period"),
    "overlapping": ("other",),
}

EXCLUSION_CODES: tuple[str, ...] = tuple(_EXCLUSION_DETAILS)
"""The codes an `Exclusion` may carry."""

# Vietnamese words for the values the messages name (unknown values are shown as they are).
_LEVEL_VI = {"province": "tỉnh", "district": "huyện", "commune": "xã"}
_SPAN_VI = {"year": "năm", "half-year": "kỳ 6 tháng", "quarter": "quý", "month": "tháng"}
_CALENDAR_VI = {
    "gregorian": "dương lịch",
    "decree-09": "lịch báo cáo của Nghị định 09/2019/NĐ-CP",
}
_NO_PRO_RATA_VI = "không chia số liệu theo tỷ lệ thời gian"


def _message_vi(code: str, d: dict[str, str]) -> str:
    """The Vietnamese sentence for an exclusion ``code`` with its details ``d``."""
    if code == "group-metric":
        return (
            f"chỉ tiêu {d['metric']} chỉ gộp các chỉ tiêu con có đơn vị tính khác nhau, "
            f"không có số liệu riêng"
        )
    if code == "ratio-expected":
        return f"chỉ tiêu {d['metric']} là tỷ lệ nhưng số liệu không phải là tỷ lệ"
    if code == "ratio-unexpected":
        return f"chỉ tiêu {d['metric']} không phải là tỷ lệ nhưng số liệu lại là tỷ lệ"
    if code == "unit-mismatch":
        values = {x.value: x.vi for x in Dimension}
        dimension = values.get(d["dimension"], d["dimension"])
        return f"số liệu {d['quantity']} không cùng đại lượng với chỉ tiêu ({dimension})"
    if code == "open-period":
        return f"kỳ {d['period']} chưa có ngày kết thúc"
    if code == "other-calendar":
        ours = _CALENDAR_VI.get(d["calendar"], d["calendar"])
        theirs = _CALENDAR_VI.get(d["query_calendar"], d["query_calendar"])
        return (
            f"kỳ {d['period']} tính theo {ours}, còn kỳ tổng hợp tính theo {theirs}; "
            f"dùng mix_calendars=True để so sánh theo ngày"
        )
    if code == "partial-period":
        return (
            f"kỳ {d['period']} chỉ nằm một phần trong kỳ tổng hợp {d['query']} "
            f"({_NO_PRO_RATA_VI}; dùng partial='include' để vẫn tính)"
        )
    if code == "no-place":
        return "số liệu không ghi địa bàn"
    if code == "unknown-place":
        return f"mã địa bàn {d['place']!r} không có trong danh mục địa bàn"
    if code == "not-attributable":
        level = _LEVEL_VI.get(d["level"], d["level"])
        day = format_date_vi(parse_date(d["as_of"]))
        return f"không có đơn vị cấp {level} nào chứa trọn địa bàn {d['place']} vào ngày {day}"
    if code == "no-organisation":
        return "số liệu không ghi tổ chức nào"
    if code == "overlapping":
        return (
            f"số liệu trùng một phần với số liệu {d['other']} mà không nằm trọn trong nó "
            f"(cộng cả hai sẽ tính trùng)"
        )
    assert code == "spans-buckets"  # the validator admits only known codes
    span = _SPAN_VI.get(d["grouping"], d["grouping"])
    return f"kỳ {d['period']} trải dài qua nhiều {span} ({_NO_PRO_RATA_VI})"


@attrs.frozen(kw_only=True)
class Exclusion:
    """An observation left out of an aggregation, and why.

    Args:
        observation: Id of the observation.
        reason: Why, in English (what ``message("en")`` returns).
        code: The kind of reason, stable for programs: one of `EXCLUSION_CODES`
            (``"partial-period"``, ``"not-attributable"``...).
        details: The values the reason names, as ``(name, value)`` pairs sorted by name
            (``("period", "2017/2021")``; dates in ISO form); `message` writes them.

    Raises:
        InvalidValueError: an unknown code, or a detail its message needs is absent.

    >>> e = Exclusion(observation="tips", reason="it has no place", code="no-place")
    >>> e.message("vi")
    'số liệu không ghi địa bàn'
    """

    observation: str
    reason: str
    code: str
    details: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_sorted_pairs)

    def __attrs_post_init__(self) -> None:
        needed = _EXCLUSION_DETAILS.get(self.code)
        if needed is None:
            raise InvalidValueError(
                f"must be one of {', '.join(EXCLUSION_CODES)}, got {self.code!r}",
                where="exclusion.code",
            )
        absent = [name for name in needed if name not in dict(self.details)]
        if absent:
            raise InvalidValueError(
                f"a {self.code!r} exclusion needs {', '.join(absent)}, got {self.details}",
                where="exclusion.details",
            )

    def message(self, lang: str = "vi") -> str:
        """Why the observation was left out, in ``lang`` (``"vi"`` or ``"en"``).

        Args:
            lang: ``"vi"`` for a Vietnamese sentence (dates as "31-12-2021", period
                codes as they are), ``"en"`` for `reason`.

        Returns:
            The sentence.

        Raises:
            InvalidValueError: ``lang`` is neither ``"vi"`` nor ``"en"``.

        >>> e = Exclusion(
        ...     observation="tips",
        ...     reason="no single district holds 36 on 2021-12-31",
        ...     code="not-attributable",
        ...     details=(("level", "district"), ("place", "36"), ("as_of", "2021-12-31")),
        ... )
        >>> e.message("vi")
        'không có đơn vị cấp huyện nào chứa trọn địa bàn 36 vào ngày 31-12-2021'
        >>> e.message("en")
        'no single district holds 36 on 2021-12-31'
        """
        if lang == "en":
            return self.reason
        if lang != "vi":
            raise InvalidValueError(f"must be 'vi' or 'en', got {lang!r}", where="lang")
        return _message_vi(self.code, dict(self.details))


@attrs.frozen(kw_only=True)
class Reconciliation:
    """A figure checked against other figures that state the same events.

    Args:
        kind: ``"restatement"`` (the same figure stated again) or ``"parts"`` (a whole
            against its parts).
        whole: Id of the whole (or of the restatement kept).
        whole_value: Its figure.
        parts: Ids of the parts (or of the other restatements).
        parts_total: The sum of the parts (for restatements: the first other one).
        complete: Whether the parts cover the whole completely.
        consistent: Whether the figures can all be true given their qualifiers.
        used: ``"whole"`` or ``"parts"``: which side entered the total.
    """

    kind: Literal["restatement", "parts"]
    whole: str
    whole_value: Quantity
    parts: tuple[str, ...]
    parts_total: Quantity | None
    complete: bool
    consistent: bool
    used: Literal["whole", "parts"]

    def __str__(self) -> str:
        verdict = "consistent" if self.consistent else "INCONSISTENT"
        if self.kind == "restatement":
            return (
                f"{self.whole} ({self.whole_value:en}) restated by {', '.join(self.parts)}: "
                f"{verdict}"
            )
        completeness = "complete" if self.complete else "partial"
        total = "nothing addable" if self.parts_total is None else f"{self.parts_total:en}"
        return (
            f"{self.whole} ({self.whole_value:en}) against {completeness} parts "
            f"{', '.join(self.parts)} totalling {total}: {verdict}; used {self.used}"
        )


@attrs.frozen(kw_only=True)
class AggregationResult:
    """The answer to one aggregation question.

    Args:
        metric: The metric aggregated.
        period: The query period (None: all time).
        by: The grouping.
        as_of: The date whose place hierarchy was used.
        rows: The totals, sorted by their keys: a `tuple`-like sequence of `Row`
            (a bulk result builds each row when first read).
        excluded: Observations left out, with reasons.
        reconciliations: Wholes checked against parts, restatements against each other.
        missing: Expected groups that reported nothing, as ``(name, value)`` pairs
            (a place code or a period code): missing, never zero.
    """

    metric: str
    period: Period | None
    by: tuple[str, ...]
    as_of: pendulum.Date
    rows: Sequence[Row] = attrs.field(converter=_as_rows)
    excluded: tuple[Exclusion, ...] = ()
    reconciliations: tuple[Reconciliation, ...] = ()
    missing: tuple[tuple[str, str], ...] = ()

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def to_pandas(self, *, lang: str = "vi") -> Any:
        """The totals as a `pandas.DataFrame` (the ``pandas`` extra), one row per total.

        Numbers stay `int` and `Decimal`; see `Report.to_pandas` for the columns.

        Raises:
            DanvanError: pandas is not installed.
        """
        # Reports sit above aggregation; imported here, on request, to keep it that way.
        from danvan._report import Report

        return Report.from_aggregation(self, lang=lang).to_pandas("rows")

    def row(self, **keys: str) -> Row:
        """The single row whose keys include all of ``keys``.

        Raises:
            InvalidValueError: no row, or several rows, match.
        """
        found = [r for r in self.rows if all(r.key(k) == v for k, v in keys.items())]
        if len(found) != 1:
            raise InvalidValueError(
                f"{len(found)} rows match {keys}; rows: {[dict(r.keys) for r in self.rows]}"
            )
        return found[0]


@attrs.frozen(kw_only=True)
class TargetResult:
    """A campaign target against what the figures say was achieved.

    Args:
        campaign: Id of the campaign.
        target: The target.
        actual: The aggregated figure for the target's metric, period and place; None
            when no figure was reported (missing, never zero).
        check: Whether the target was met or exceeded (certain, possible, ruled out),
            and whether a stated attainment ("vượt chỉ tiêu") agrees; None without figures.
        observations: Ids of the figures the actual value came from.
    """

    campaign: str
    target: Target
    actual: Quantity | None
    check: TargetCheck | None
    observations: tuple[str, ...] = ()


# -- the engine -------------------------------------------------------------------------


@attrs.define
class _Figure:
    """A deduplicated figure: one observation standing for its restatements."""

    obs: Observation
    value: Quantity | Ratio
    covers: list[_Figure] = attrs.field(factory=list)
    covered_by: list[_Figure] = attrs.field(factory=list)

    @property
    def quantity(self) -> Quantity:
        return self.value if isinstance(self.value, Quantity) else self.value.numerator


def _precision(obs: Observation) -> tuple[object, ...]:
    b = obs.quantity.bounds
    width: object = float("inf") if b.upper is None else b.upper - b.lower
    return (not obs.quantity.is_exact, width, obs.id)


# Why a figure is left out: its code, the English reason and the details (see `Exclusion`).
_Why = tuple[str, str, dict[str, str]]


def _time_bucket(
    obs: Observation, grouping: str, query: Period | None
) -> tuple[str | None, _Why | None]:
    """The time bucket of ``obs`` (its code), or None and why it has none."""
    p = obs.period
    base = query
    if base is None:
        assert p.end is not None
        base = Period.year(p.start.year, calendar=p.calendar)
        if not base.contains(p.start):  # a Decree-09 year starts on 15 December before
            base = Period.year(p.start.year + 1, calendar=p.calendar)
        if p.end > base.end:  # type: ignore[operator]  # a year's end is never None
            why = f"its period {p} spans several years"
            return None, ("spans-buckets", why, {"grouping": "year", "period": str(p)})
    pieces = {
        "year": base.split_years,
        "half-year": base.split_half_years,
        "quarter": base.split_quarters,
        "month": base.split_months,
    }[grouping]()
    for piece in pieces:
        if piece.calendar == p.calendar and piece.contains(p):
            return str(piece), None
    why = f"its period {p} spans several {grouping}s (never pro-rated)"
    return None, ("spans-buckets", why, {"grouping": grouping, "period": str(p)})


def _expected_buckets(grouping: str, query: Period) -> list[str]:
    return [
        str(x)
        for x in {
            "year": query.split_years,
            "half-year": query.split_half_years,
            "quarter": query.split_quarters,
            "month": query.split_months,
        }[grouping]()
    ]


class _Engine:
    def __init__(
        self,
        ds: Dataset,
        metric: Metric,
        *,
        period: Period | None,
        by: tuple[str, ...],
        places: tuple[str, ...],
        scope: str | None,
        as_of: pendulum.Date,
        include_submetrics: bool,
        partial: str,
        mix_calendars: bool,
    ) -> None:
        self.ds = ds
        self.metric = metric
        self.period = period
        self.by = by
        self.places = places
        self.scope = scope
        self.as_of = as_of
        self.partial = partial
        self.mix_calendars = mix_calendars
        self.codes = [metric.code]
        if include_submetrics:
            self.codes += [m.code for m in ds.catalogue.descendants(metric.code)]
        self.excluded: list[Exclusion] = []
        self.reconciliations: list[Reconciliation] = []
        self.place_level = next((_PLACE_LEVELS[b] for b in by if b in _PLACE_LEVELS), None)
        self.time = next((b for b in by if b in _TIME), None)
        self.place_ancestors: dict[str | None, tuple[str | None, ...]] = {None: (None,)}
        self.partial_ids: set[str] = set()
        self.buckets: dict[Period, tuple[str | None, _Why | None]] = {}
        self.areas: dict[tuple[str, Level], str | None] = {}  # (place, level) -> unit there
        self.scoped: dict[str, bool] = {}  # place -> within the scope

    # -- step 1 and 2: which observations, in which group ---------------------------------

    def exclude(self, obs: Observation, code: str, reason: str, **details: str) -> None:
        self.excluded.append(
            Exclusion(observation=obs.id, reason=reason, code=code, details=tuple(details.items()))
        )

    def area(self, obs: Observation, level: Level) -> str | None:
        assert obs.place is not None
        key = (obs.place, level)  # many figures share a place: look each up once
        if key not in self.areas:
            found = self.ds.places.ancestor_at(obs.place, level, as_of=self.as_of)
            self.areas[key] = None if found is None else found.code
        return self.areas[key]

    def in_scope(self, code: str) -> bool:
        assert self.scope is not None
        found = self.scoped.get(code)
        if found is None:
            level = self.ds.places.get(self.scope).level
            area = self.ds.places.ancestor_at(code, level, as_of=self.as_of)
            found = self.scoped[code] = area is not None and area.code == self.scope
        return found

    def group_of(self, obs: Observation) -> list[Key] | None:
        if self.period is not None:
            dates = obs.period
            if dates.calendar != self.period.calendar:
                dates = dates.with_calendar(self.period.calendar)
            if not self.period.overlaps(dates):
                return None  # outside the question: not an exclusion
        metric = self.ds.catalogue.get(obs.metric)
        if metric.is_group:
            self.exclude(
                obs,
                "group-metric",
                f"{obs.metric} groups metrics of different units: no own figures",
                metric=obs.metric,
            )
            return None
        if metric.aggregation is Aggregation.RATIO and not isinstance(obs.value, Ratio):
            self.exclude(
                obs,
                "ratio-expected",
                f"{obs.metric} is a ratio metric, the figure is not a ratio",
                metric=obs.metric,
            )
            return None
        if metric.aggregation is not Aggregation.RATIO and isinstance(obs.value, Ratio):
            self.exclude(
                obs,
                "ratio-unexpected",
                f"{obs.metric} is not a ratio metric, the figure is a ratio",
                metric=obs.metric,
            )
            return None
        if metric.dimension is not None and obs.quantity.dimension is not metric.dimension:
            self.exclude(
                obs,
                "unit-mismatch",
                f"{obs.quantity:en} does not measure {metric.dimension.value}",
                quantity=str(obs.quantity),
                dimension=metric.dimension.value,
            )
            return None
        p = obs.period
        if p.is_open:
            self.exclude(obs, "open-period", f"its period {p} is open-ended", period=str(p))
            return None
        notes_partial = False
        if self.period is not None:
            if p.calendar != self.period.calendar:
                if not self.mix_calendars:
                    self.exclude(
                        obs,
                        "other-calendar",
                        f"its period {p} is on the {p.calendar.value} calendar, "
                        f"the query on {self.period.calendar.value}; pass "
                        f"mix_calendars=True to compare them by their dates",
                        period=str(p),
                        calendar=p.calendar.value,
                        query_calendar=self.period.calendar.value,
                    )
                    return None
                p = p.with_calendar(self.period.calendar)
            if not self.period.contains(p):
                if self.partial != "include":
                    self.exclude(
                        obs,
                        "partial-period",
                        f"its period {obs.period} lies only partly within "
                        f"{self.period} (never pro-rated; partial='include' keeps it)",
                        period=str(obs.period),
                        query=str(self.period),
                    )
                    return None
                notes_partial = True
        needs_place = self.place_level is not None or self.scope is not None or self.places
        if needs_place and (obs.place is None or obs.place not in self.ds.places):
            if obs.place is None:
                self.exclude(obs, "no-place", "it has no place")
            else:
                self.exclude(
                    obs, "unknown-place", f"it has unknown place {obs.place!r}", place=obs.place
                )
            return None
        if self.scope is not None and not self.in_scope(str(obs.place)):
            return None  # outside the question
        keys: list[tuple[str, str]] = []
        if self.place_level is not None:
            code = self.area(obs, self.place_level)
            if code is None:
                self.exclude(
                    obs,
                    "not-attributable",
                    f"no single {self.place_level.value} holds {obs.place} on {self.as_of}",
                    level=self.place_level.value,
                    place=str(obs.place),
                    as_of=self.as_of.isoformat(),
                )
                return None
            keys.append((self.place_level.value, code))
        if "organisation" in self.by:
            if obs.organisation is None:
                self.exclude(obs, "no-organisation", "it names no organisation")
                return None
            keys.append(("organisation", obs.organisation))
        if self.time is not None:
            found = self.buckets.get(obs.period)
            if found is None:
                found = self.buckets[obs.period] = _time_bucket(obs, self.time, self.period)
            bucket, why = found
            if bucket is None:
                assert why is not None
                code, reason, details = why
                self.exclude(obs, code, reason, **details)
                return None
            keys.append((self.time, bucket))
        if "submetric" in self.by:
            keys.append(("metric", obs.metric))
        if notes_partial:
            self.partial_ids.add(obs.id)
        if "place" in self.by:
            matches = []
            for code in self.places:
                target = self.ds.places.get(code)
                if self.area(obs, target.level) == code:
                    matches.append((*keys, ("place", code)))
            if not matches:
                return None
            return matches
        return [tuple(keys)]

    # -- step 3 and 4: restatements, wholes and parts -----------------------------------

    def dedupe(self, observations: list[Observation]) -> list[_Figure]:
        by_key: dict[tuple[object, ...], list[Observation]] = defaultdict(list)
        for obs in observations:
            by_key[obs.key].append(obs)
        figures = []
        for group in by_key.values():
            if len(group) > 1:
                group.sort(key=_precision)
            kept, others = group[0], group[1:]
            figures.append(_Figure(obs=kept, value=kept.value))
            if others:
                consistent = all(_consistent(kept.quantity, o.quantity) for o in others)
                self.reconciliations.append(
                    Reconciliation(
                        kind="restatement",
                        whole=kept.id,
                        whole_value=kept.quantity,
                        parts=tuple(o.id for o in others),
                        parts_total=others[0].quantity,
                        complete=True,
                        consistent=consistent,
                        used="whole",
                    )
                )
        return figures

    def ancestors_or_self(self, place: str | None) -> tuple[str | None, ...]:
        if place not in self.place_ancestors:
            chain: tuple[str | None, ...] = (place,)
            if place is not None and place in self.ds.places:
                chain += tuple(p.code for p in self.ds.places.ancestors(place))
            self.place_ancestors[place] = chain
        return self.place_ancestors[place]

    def link_covers(self, figures: list[_Figure]) -> None:
        index: dict[tuple[str, str | None], list[_Figure]] = defaultdict(list)
        for f in figures:
            index[(f.obs.metric, f.obs.place)].append(f)
        catalogue = self.ds.catalogue
        # A minimum holds everywhere: a place's minimum is no part of the one above it.
        # Only a whole and its labelled parts (same metric, place and period) remain.
        minimum = self.metric.aggregation is Aggregation.MINIMUM
        for f in figures:
            metric_chain = [f.obs.metric, *(m.code for m in catalogue.ancestors(f.obs.metric))]
            places = self.ancestors_or_self(f.obs.place)
            if minimum:
                metric_chain, places = metric_chain[:1], places[:1]
            for metric_code in metric_chain:
                for place in places:
                    for w in index.get((metric_code, place), ()):
                        if w is not f and _covers(w, f, self.metric_of(w)):
                            w.covers.append(f)
                            f.covered_by.append(w)

    def without_overlaps(self, figures: list[_Figure]) -> list[_Figure]:
        """Drop figures that state some of another's events without being inside it.

        A province's 2021 tips and a district's 2017–2021 tips share the district's 2021
        tips: adding them would count those twice, and neither is a part of the other.
        The figure with the larger area (then the longer period, then the smaller id)
        is kept; the other is left out and listed. For stocks, figures of a place and of
        a place above it never add, whatever their periods.
        """
        by_place: dict[str | None, list[_Figure]] = defaultdict(list)
        for f in figures:
            by_place[f.obs.place].append(f)
        dropped: set[int] = set()
        for f in sorted(figures, key=self.scope_rank):
            if id(f) in dropped:
                continue
            for place in self.ancestors_or_self(f.obs.place):
                for g in by_place.get(place, ()):
                    if g is f or id(g) in dropped or not self.overlap(g, f):
                        continue
                    small = max((f, g), key=self.scope_rank)
                    large = g if small is f else f
                    dropped.add(id(small))
                    why = (
                        f"it states some of the events of {large.obs.id} without lying within "
                        f"it (adding both would count them twice)"
                    )
                    self.exclude(small.obs, "overlapping", why, other=large.obs.id)
        return [f for f in figures if id(f) not in dropped]

    def scope_rank(self, f: _Figure) -> tuple[object, ...]:
        """Larger areas, then longer periods, then smaller ids come first."""
        place = f.obs.place
        known = place is not None and place in self.ds.places
        level = self.ds.places.get(place).level.rank if known and place else 9
        p = f.obs.period
        assert p.end is not None
        return (level, -p.days, f.obs.id)

    def overlap(self, g: _Figure, f: _Figure) -> bool:
        """Whether ``g`` (at ``f``'s place or above) shares events with ``f``."""
        a, b = g.obs, f.obs
        if a.owner != b.owner or labels_disjoint(a.disaggregation, b.disaggregation):
            return False
        catalogue = self.ds.catalogue
        related = (
            a.metric == b.metric
            or any(m.code == a.metric for m in catalogue.ancestors(b.metric))
            or any(m.code == b.metric for m in catalogue.ancestors(a.metric))
        )
        if not related:
            return False
        if self.metric_of(g).aggregation is not Aggregation.FLOW:
            return a.place != b.place  # a level adds over places, never over time
        pa, pb = a.period, b.period
        if pa.calendar != pb.calendar:
            pb = pb.with_calendar(pa.calendar)
        return pa.overlaps(pb)

    def metric_of(self, f: _Figure) -> Metric:
        return self.ds.catalogue.get(f.obs.metric)

    def resolve(self, whole: _Figure) -> list[_Figure]:
        """The figures that stand for ``whole``'s events; reconcile it with its parts."""
        if not whole.covers:
            return [whole]
        inside = {id(f) for f in whole.covers}
        direct = [
            f
            for f in whole.covers
            if not any(id(g) in inside for g in f.covered_by if g is not whole)
        ]
        complete = self.complete(whole, direct)
        parts_total = _safe_total([f.quantity for f in direct])
        consistent = parts_total is not None and _parts_consistent(
            whole.quantity, parts_total, complete
        )
        use_parts = complete
        self.reconciliations.append(
            Reconciliation(
                kind="parts",
                whole=whole.obs.id,
                whole_value=whole.quantity,
                parts=tuple(sorted(f.obs.id for f in direct)),
                parts_total=parts_total,
                complete=complete,
                consistent=consistent,
                used="parts" if use_parts else "whole",
            )
        )
        if not use_parts:
            return [whole]
        leaves: list[_Figure] = []
        for part in direct:
            leaves.extend(_in_unit_of(leaf, whole) for leaf in self.resolve(part))
        return leaves

    def complete(self, whole: _Figure, parts: list[_Figure]) -> bool:
        w = whole.obs
        if not labels_complete(w.disaggregation, [p.obs.disaggregation for p in parts]):
            return False
        same = [
            (p.obs.metric == w.metric, p.obs.place == w.place, p.obs.period == w.period)
            for p in parts
        ]
        if all(s == (False, True, True) for s in same):
            metric = self.metric_of(whole)
            children = {m.code for m in self.ds.catalogue.children(w.metric)}
            return (
                metric.breakdown is Breakdown.COMPLETE
                and bool(children)
                and {p.obs.metric for p in parts} == children
            )
        if all(s == (True, False, True) for s in same) and w.place in self.ds.places:
            assert w.place is not None
            assert w.period.end is not None
            expected = {
                c.code
                for c in self.ds.places.children(w.place)
                if _in_force_during(c.valid_from, c.valid_to, w.period)
            }
            return bool(expected) and {p.obs.place for p in parts} == expected
        if all(s == (True, True, False) for s in same):
            return _partitions(w.period, [p.obs.period for p in parts])
        return False

    # -- steps 5 and 6: combine ------------------------------------------------------------

    def combine(self, key: Key, figures: list[_Figure]) -> list[Row]:
        aggregation = self.metric.aggregation
        if any(self.metric_of(f).aggregation is not aggregation for f in figures):
            aggregation = self.metric_of(figures[0]).aggregation
        notes: list[str] = []
        if not sums_over_time(aggregation):
            series: dict[tuple[object, ...], list[_Figure]] = defaultdict(list)
            for f in figures:
                o = f.obs
                series[(o.metric, o.place, o.owner, o.disaggregation)].append(f)
            kept = []
            for items in series.values():
                chosen = items[latest([(f.obs.period, f.obs.id, f.value) for f in items])]
                kept.append(chosen)
                notes.extend(
                    superseded_note(f.obs.id, f.obs.period, chosen.obs.id, chosen.obs.period)
                    for f in items
                    if f is not chosen
                )
            figures = kept
        partial = [f.obs.id for f in figures if f.obs.id in self.partial_ids]
        if partial:
            notes.append(
                _Note(
                    f"includes figures whose period lies only partly within "
                    f"{self.period}: {', '.join(partial)}",
                    f"gồm số liệu có kỳ chỉ nằm một phần trong {self.period}: {', '.join(partial)}",
                )
            )
        if aggregation is Aggregation.RATIO:
            value = combine_places(aggregation, [f.value for f in figures])
            return [Row(keys=key, value=value, observations=_ids(figures), notes=tuple(notes))]
        # Sub-metrics count in the asked metric's unit when it counts them without
        # renaming them (`counts_in`: "tập thể, cá nhân" for exemplars, never "quả" for
        # detonators); otherwise one row per counting word (pieces, guns and
        # rounds stay apart) and one per measured dimension (grams and kilograms convert).
        target = self.metric.unit if "submetric" not in self.by else None
        if target is not None:
            figures = [
                _Figure(obs=f.obs, value=f.quantity.to_unit(target))
                if isinstance(f.value, Quantity) and counts_in(f.quantity.unit, target)
                else f
                for f in figures
            ]
        by_dimension: dict[object, list[_Figure]] = defaultdict(list)
        for f in figures:
            dimension = f.quantity.dimension
            by_dimension[f.quantity.unit if dimension.discrete else dimension].append(f)
        rows = []
        for group in by_dimension.values():
            value = combine_places(aggregation, [f.quantity for f in group])
            assert isinstance(value, Quantity)
            row_notes = list(notes)
            if self.only_partial_parts(group):
                value = _at_least(value)
                row_notes.append(lower_bound_note(self.metric.code))
            rows.append(
                Row(
                    keys=(*key, ("unit", value.unit.code)),
                    value=value,
                    observations=_ids(group),
                    notes=tuple(row_notes),
                )
            )
        return rows

    def only_partial_parts(self, group: list[_Figure]) -> bool:
        """Whether a total stands for the metric but is built from "of which" parts only."""
        if "submetric" in self.by or any(f.obs.metric == self.metric.code for f in group):
            return False
        return self.metric.breakdown is Breakdown.PARTIAL

    # -- the run --------------------------------------------------------------------------

    def run(self, observations: Iterable[Observation] | None = None) -> AggregationResult:
        """The answer; about ``observations`` only when given (in the order `run` meets
        them: by metric as `codes` lists them, then in dataset order)."""
        if observations is None:
            observations = (o for code in self.codes for o in self.ds.select(metric=code))
        groups: dict[Key, list[Observation]] = defaultdict(list)
        for obs in observations:
            for key in self.group_of(obs) or ():
                groups[key].append(obs)
        rows: list[Row] = []
        for key, observations in groups.items():
            figures = self.dedupe(observations)
            self.link_covers(figures)
            leaves: list[_Figure] = []
            for top in sorted((f for f in figures if not f.covered_by), key=lambda f: f.obs.id):
                leaves.extend(self.resolve(top))
            # Two wholes may share a part: each figure counts once.
            unique = list({id(f): f for f in leaves}.values())
            rows.extend(self.combine(key, self.without_overlaps(unique)))
        rows.sort(key=lambda r: r.keys)
        return AggregationResult(
            metric=self.metric.code,
            period=self.period,
            by=self.by,
            as_of=self.as_of,
            rows=tuple(rows),
            excluded=tuple(sorted(self.excluded, key=lambda e: e.observation)),
            reconciliations=tuple(self.reconciliations),
            missing=self.missing(groups),
        )

    def missing(self, groups: dict[Key, list[Observation]]) -> tuple[tuple[str, str], ...]:
        out: list[tuple[str, str]] = []
        reported = {pair for key in groups for pair in key}
        if self.place_level is not None:
            expected = self.ds.places.at_level(self.place_level, as_of=self.as_of)
            if self.scope is not None:
                expected = tuple(p for p in expected if self.in_scope(p.code))
            name = self.place_level.value
            out += [(name, p.code) for p in expected if (name, p.code) not in reported]
        if "place" in self.by:
            out += [("place", c) for c in self.places if ("place", c) not in reported]
        if self.time is not None and self.period is not None:
            out += [
                (self.time, b)
                for b in _expected_buckets(self.time, self.period)
                if (self.time, b) not in reported
            ]
        return tuple(out)


def _at_least(value: Quantity) -> Quantity:
    """The same figure read as a lower bound: the true total may be larger."""
    b = value.bounds
    bounds = Bounds(lower=b.lower, lower_closed=b.lower_closed, upper=None)
    if value.point is None or value.point != b.lower:
        return Quantity(value=None, unit=value.unit, qualifier=Qualifier.RANGE, bounds=bounds)
    qualifier = Qualifier.AT_LEAST if b.lower_closed else Qualifier.MORE_THAN
    return Quantity(value=value.point, unit=value.unit, qualifier=qualifier, bounds=bounds)


def _in_unit_of(part: _Figure, whole: _Figure) -> _Figure:
    """A part standing in for its whole, counted in the whole's unit where it converts."""
    if not isinstance(part.value, Quantity) or not isinstance(whole.value, Quantity):
        return part
    if part.value.unit == whole.value.unit or part.value.dimension is not whole.value.dimension:
        return part
    return _Figure(obs=part.obs, value=part.value.to_unit(whole.value.unit))


def _ids(figures: Sequence[_Figure]) -> tuple[str, ...]:
    return tuple(sorted(f.obs.id for f in figures))


def _safe_total(quantities: list[Quantity]) -> Quantity | None:
    try:
        return total(quantities)
    except UnitMismatchError:
        return None


def _consistent(a: Quantity, b: Quantity) -> bool:
    try:
        return a.consistent_with(b)
    except UnitMismatchError:
        return False


def _parts_consistent(whole: Quantity, parts: Quantity, complete: bool) -> bool:
    try:
        if parts.above(whole) is Certainty.CERTAIN:
            return False
        return not (complete and parts.equal(whole) is Certainty.IMPOSSIBLE)
    except UnitMismatchError:
        return False


def _covers(w: _Figure, f: _Figure, metric: Metric) -> bool:
    """Whether ``w`` states (among others) the events ``f`` states."""
    a, b = w.obs, f.obs
    if a.owner != b.owner or a.key == b.key:
        return False
    if not label_covers(a.disaggregation, b.disaggregation):
        return False  # labels tell apart disjoint figures; an unlabelled one is their whole
    if a.period.calendar != b.period.calendar:
        return False
    if metric.aggregation is Aggregation.FLOW:
        return a.period.contains(b.period)
    return a.period == b.period


def _in_force_during(
    valid_from: pendulum.Date | None, valid_to: pendulum.Date | None, period: Period
) -> bool:
    assert period.end is not None
    return (valid_from is None or valid_from <= period.end) and (
        valid_to is None or valid_to >= period.start
    )


def _partitions(whole: Period, parts: list[Period]) -> bool:
    ordered = sorted(parts)
    if not ordered or ordered[0].start != whole.start or ordered[-1].end != whole.end:
        return False
    for before, after in itertools.pairwise(ordered):
        if before.end is None or before.end.add(days=1) != after.start:
            return False
    return True


def aggregate(
    dataset: Dataset,
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
) -> AggregationResult:
    """Aggregate a metric over places, periods and sub-metrics, honestly.

    See the module documentation for the rules. `Dataset.aggregate` calls this.

    Args:
        dataset: The data.
        metric: Code of the metric (its sub-metrics are included by default).
        period: The question's period; None for all time.
        by: Grouping names from `GROUPINGS` (at most one place level and one time
            subdivision): ``"province"``, ``("district", "year")``, ``"submetric"``...
        places: The places for ``by="place"``.
        place: Only figures within this place's area (as of ``as_of``); expected
            groups are then the units within it.
        as_of: The date whose place hierarchy is used; the end of ``period`` by
            default (today, in Vietnam, when there is no period).
        include_submetrics: Whether the metric's sub-metrics count.
        partial: ``"include"`` keeps figures whose period lies only partly in the
            query period (noted on the row); they are never pro-rated.
        mix_calendars: Compare periods of different reporting calendars by their dates.

    Raises:
        UnknownReferenceError: unknown metric or place.
        InvalidValueError: an unknown grouping name, two place levels or two time
            subdivisions, ``by="place"`` without ``places``.
    """
    if period is not None and not isinstance(period, Period):
        raise InvalidValueError(
            f"must be a Period (see parse_period), got {type(period).__name__} {period!r}",
            where="period",
        )
    if not isinstance(by, str | Sequence):
        raise InvalidValueError(
            f"must be a grouping name or a sequence of them, got {by!r}", where="by"
        )
    names = (by,) if isinstance(by, str) else tuple(by)
    for name in names:
        if name not in GROUPINGS:
            raise InvalidValueError(
                f"unknown grouping {name!r}; expected some of {', '.join(GROUPINGS)}", where="by"
            )
    place_groupings = [n for n in names if n in _PLACE_LEVELS or n == "place"]
    if len(place_groupings) > 1 or sum(n in _TIME for n in names) > 1:
        raise InvalidValueError(
            f"group by at most one place level and one time subdivision, got {names}", where="by"
        )
    if ("place" in names) != bool(places):
        raise InvalidValueError("by='place' and places=[...] go together", where="places")
    if partial not in ("exclude", "include"):
        raise InvalidValueError(
            f"partial must be 'exclude' or 'include', got {partial!r}", where="partial"
        )
    day = (
        to_date(as_of, where="as_of")
        if as_of is not None
        else (period.end if period is not None and period.end is not None else today())
    )
    for code in (*places, *((place,) if place else ())):
        # Areas are asked about as of a date: a unit not in force then has no area.
        if not dataset.places.get(code).is_valid_on(day):
            raise InvalidValueError(
                f"place {code} is not in force on {day}: ask as of a date when it was "
                f"(as_of=...), or about the units that hold its area then",
                where="places" if code in places else "place",
            )
    if len(dataset.observations) >= 1_000:
        # Bulk leaf data: the columnar engine gives the same result (or None to decline).
        # Imported here: it needs numpy and imports this module.
        from danvan._columnar import aggregate_columnar

        fast = aggregate_columnar(
            dataset,
            metric,
            period=period,
            by=names,
            places=tuple(places),
            scope=place,
            as_of=day,
            include_submetrics=include_submetrics,
            partial=partial,
            mix_calendars=mix_calendars,
        )
        if fast is not None:
            return fast
    engine = _Engine(
        dataset,
        dataset.catalogue.get(metric),
        period=period,
        by=names,
        places=tuple(places),
        scope=place,
        as_of=day,
        include_submetrics=include_submetrics,
        partial=partial,
        mix_calendars=mix_calendars,
    )
    return engine.run()


def attainment(dataset: Dataset, campaign: str) -> tuple[TargetResult, ...]:
    """Each target of ``campaign`` against the aggregated figures for it.

    The actual value is `aggregate` of the target's metric over the target's period
    (within its place, when it names one), in the target's dimension.

    Raises:
        UnknownReferenceError: no such campaign, or a target names an unknown metric.
    """
    record = dataset.lookup(Campaign, campaign)
    results = []
    for target in record.targets:
        result = aggregate(
            dataset,
            target.metric,
            period=target.period,
            place=target.place,
            as_of=target.period.end,
        )
        rows = [r for r in result.rows if r.quantity.dimension is target.quantity.dimension]
        if len(rows) != 1:
            results.append(TargetResult(campaign=campaign, target=target, actual=None, check=None))
            continue
        actual = rows[0].quantity
        results.append(
            TargetResult(
                campaign=campaign,
                target=target,
                actual=actual,
                check=target.attainment(actual),
                observations=rows[0].observations,
            )
        )
    return tuple(results)
