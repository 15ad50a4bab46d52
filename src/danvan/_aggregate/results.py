"""What an aggregation answers: rows of totals, and what was left out, reconciled or missing.

These values are the same whichever engine computed them (`danvan._aggregate.reference`
one figure at a time, `danvan._aggregate.columnar` on columns); a bulk engine may hand
its totals over as columns, each `Row` being built when first read (`Rows`).
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, overload

import attrs
import pendulum

from danvan._aggregate.query import GROUPING_WORDS
from danvan._campaigns import Target, TargetCheck
from danvan._dates import format_date_vi, parse_date
from danvan._lang import Message, Text, check_lang
from danvan._period import CALENDAR_WORDS, Period
from danvan._public import publish
from danvan._quantity import Bounds, Quantity
from danvan._ratio import Ratio
from danvan._units import Dimension
from danvan.errors import DanvanError, InvalidValueError

if TYPE_CHECKING:  # annotations only: the dataset sits above results
    from danvan._dataset import Dataset

__all__ = [
    "EXCLUSION_CODES",
    "RECONCILIATION_WORDS",
    "USED_WORDS",
    "AggregationResult",
    "Exclusion",
    "Key",
    "Reconciliation",
    "Row",
    "Rows",
    "TargetResult",
    "left_out",
]

Key = tuple[tuple[str, str], ...]
"""A group: ``(name, value)`` pairs such as ``(("province", "36"), ("unit", "tin"))``."""


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
        # Pickled through this public class, with its provenance read: never the engine's
        # columns behind it, nor the private module a note's class lives in.
        notes = tuple((str(n), n.vi if isinstance(n, Message) else None) for n in self.notes)
        return (Row._rebuild, (self.keys, self.value, self.observations, notes))

    @classmethod
    def _rebuild(
        cls,
        keys: Key,
        value: Quantity | Ratio,
        observations: tuple[str, ...],
        notes: tuple[tuple[str, str | None], ...],
    ) -> Row:
        """A row from its pickled parts."""
        texts = tuple(en if vi is None else Message(en, vi) for en, vi in notes)
        return cls(keys=keys, value=value, observations=observations, notes=texts)

    def key(self, name: str) -> str | None:
        """The value of group key ``name``, or None."""
        return dict(self.keys).get(name)

    @property
    def quantity(self) -> Quantity:
        """The total as a `Quantity` (for a ratio: its numerator)."""
        return self.value if isinstance(self.value, Quantity) else self.value.numerator


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


def _as_rows(rows: Iterable[Row]) -> Rows:
    return rows if isinstance(rows, Rows) else Rows(rows)


def _sorted_pairs(pairs: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((str(k), str(v)) for k, v in pairs))


# -- why a figure is left out ---------------------------------------------------------------

# Each reason an observation is left out: the values its message names.
_EXCLUSION_DETAILS: dict[str, tuple[str, ...]] = {
    "group-metric": ("metric",),
    "ratio-expected": ("metric",),
    "ratio-unexpected": ("metric",),
    "unit-mismatch": ("dimension", "quantity"),
    "stated-rate": ("metric", "rate"),
    "period-not-stated": ("latest_end",),
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

_CALENDAR_WORDS = {c.value: words for c, words in CALENDAR_WORDS.items()}
_NO_PRO_RATA = Text("không chia số liệu theo tỷ lệ thời gian", "never pro-rated")


def _word(words: Mapping[str, Text], value: str) -> Text:
    """The words for ``value``, or the value itself in both languages."""
    return words.get(value) or Text(value, value)


def exclusion_text(code: str, d: Mapping[str, str]) -> Text:
    """Why a figure is left out, in both languages, for ``code`` and its details ``d``."""
    if code == "group-metric":
        return Text(
            f"chỉ tiêu {d['metric']} chỉ gộp các chỉ tiêu con có đơn vị tính khác nhau, "
            f"không có số liệu riêng",
            f"{d['metric']} groups metrics of different units: no own figures",
        )
    if code == "ratio-expected":
        return Text(
            f"chỉ tiêu {d['metric']} là tỷ lệ nhưng số liệu không phải là tỷ lệ",
            f"{d['metric']} is a ratio metric, the figure is not a ratio",
        )
    if code == "ratio-unexpected":
        return Text(
            f"chỉ tiêu {d['metric']} không phải là tỷ lệ nhưng số liệu lại là tỷ lệ",
            f"{d['metric']} is not a ratio metric, the figure is a ratio",
        )
    if code == "unit-mismatch":
        dimension = {x.value: x.vi for x in Dimension}.get(d["dimension"], d["dimension"])
        return Text(
            f"số liệu {d['quantity']} không cùng đại lượng với chỉ tiêu ({dimension})",
            f"{d.get('quantity_en', d['quantity'])} does not measure {d['dimension']}",
        )
    if code == "stated-rate":
        return Text(
            f"số liệu chỉ nêu tỷ lệ {d['rate']}, không có tử số và mẫu số để tổng hợp "
            f"(không lấy trung bình các tỷ lệ)",
            f"it states only a percentage ({d.get('rate_en', d['rate'])}), without the figures "
            f"a total is computed from (percentages are never averaged)",
        )
    if code == "period-not-stated":
        if not d["latest_end"]:
            return Text(
                "nguồn không nêu kỳ của số liệu, cũng không ghi ngày đăng",
                "its source states no period for it, and no date either",
            )
        day = format_date_vi(parse_date(d["latest_end"]))
        return Text(
            f"nguồn không nêu kỳ của số liệu (chỉ biết là đến ngày {day}, ngày đăng nguồn)",
            f"its source states no period for it (only that it was by {d['latest_end']}, "
            f"when the source was published)",
        )
    if code == "open-period":
        return Text(
            f"kỳ {d['period']} chưa có ngày kết thúc", f"its period {d['period']} is open-ended"
        )
    if code == "other-calendar":
        ours = _word(_CALENDAR_WORDS, d["calendar"])
        theirs = _word(_CALENDAR_WORDS, d["query_calendar"])
        return Text(
            f"kỳ {d['period']} tính theo {ours.vi}, còn kỳ tổng hợp tính theo {theirs.vi}; "
            f"dùng mix_calendars=True để so sánh theo ngày",
            f"its period {d['period']} is on the {ours.en} calendar, the query on {theirs.en}; "
            f"pass mix_calendars=True to compare them by their dates",
        )
    if code == "partial-period":
        return Text(
            f"kỳ {d['period']} chỉ nằm một phần trong kỳ tổng hợp {d['query']} "
            f"({_NO_PRO_RATA.vi}; dùng partial='include' để vẫn tính)",
            f"its period {d['period']} lies only partly within {d['query']} "
            f"({_NO_PRO_RATA.en}; partial='include' keeps it)",
        )
    if code == "no-place":
        return Text("số liệu không ghi địa bàn", "it has no place")
    if code == "unknown-place":
        return Text(
            f"mã địa bàn {d['place']!r} không có trong danh mục địa bàn",
            f"it has unknown place {d['place']!r}",
        )
    if code == "not-attributable":
        level = _word(GROUPING_WORDS, d["level"])
        day = format_date_vi(parse_date(d["as_of"]))
        return Text(
            f"không có đơn vị cấp {level.vi} nào chứa trọn địa bàn {d['place']} vào ngày {day}",
            f"no single {level.en} holds {d['place']} on {d['as_of']}",
        )
    if code == "no-organisation":
        return Text("số liệu không ghi tổ chức nào", "it names no organisation")
    if code == "overlapping":
        return Text(
            f"số liệu trùng một phần với số liệu {d['other']} mà không nằm trọn trong nó "
            f"(cộng cả hai sẽ tính trùng)",
            f"it states some of the events of {d['other']} without lying within it (adding "
            f"both would count them twice)",
        )
    assert code == "spans-buckets"  # the validator admits only known codes
    span = _word(GROUPING_WORDS, d["grouping"])
    return Text(
        f"kỳ {d['period']} trải dài qua nhiều {span.vi} ({_NO_PRO_RATA.vi})",
        f"its period {d['period']} spans several {span.en}s ({_NO_PRO_RATA.en})",
    )


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
        if check_lang(lang) == "en":
            return self.reason
        return exclusion_text(self.code, dict(self.details)).vi


def left_out(observation: str, code: str, **details: str) -> Exclusion:
    """The exclusion of ``observation`` for ``code``, its reason written from its details.

    >>> left_out("tips", "open-period", period="2020-01-01/..").reason
    'its period 2020-01-01/.. is open-ended'
    """
    reason = exclusion_text(code, details).en
    return Exclusion(
        observation=observation, reason=reason, code=code, details=tuple(details.items())
    )


RECONCILIATION_WORDS: dict[str, Text] = {
    "restatement": Text("nêu lại", "restatement"),
    "parts": Text("tổng và các phần", "whole and parts"),
    "whole": Text("tổng", "whole"),
}
"""The kinds of reconciliation, as readers are told."""

USED_WORDS: dict[str, Text] = {
    "whole": Text("tổng", "whole"),
    "parts": Text("các phần", "parts"),
}
"""The side of a reconciliation that entered the total, as readers are told."""


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
        used: ``"whole"`` or ``"parts"``: which side entered the total. A whole broken
            down two ways (by sub-metric and by label, say) has one entry per breakdown:
            ``"parts"`` on the complete one that replaced it, ``"whole"`` on the other.
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
        missing: Expected groups nothing counts in, each a `Key`: a unit or a time piece
            with no figure at all alone (``(("district", "378"),)``), else the
            combination that has none (``(("district", "378"), ("year", "2023"))``):
            missing, never zero. Expected are the units at the grouped level within the
            asked place, or, with none asked, within the provinces the dataset has
            figures of the metric for; the places asked for; the pieces of the period.
        regrouped: Units whose figures count under another unit than on the map of
            the figures' own time, as ``(old, new)`` place codes: the question's
            ``as_of`` map merged them (Nam Định's 2021 figures under Ninh Bình as of 2026).
        notes: What a reader of the whole answer must know, in English, each carrying
            its Vietnamese (``note.in_("vi")``): which units were regrouped.
        engine: The engine that answered (``"reference"``, ``"columnar"``); not compared.
    """

    metric: str
    period: Period | None
    by: tuple[str, ...]
    as_of: pendulum.Date
    rows: Sequence[Row] = attrs.field(converter=_as_rows)
    excluded: tuple[Exclusion, ...] = ()
    reconciliations: tuple[Reconciliation, ...] = ()
    missing: tuple[Key, ...] = ()
    regrouped: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()
    # Which engine answered: every engine gives an equal result (and repr), so it is
    # neither compared nor shown.
    engine: str = attrs.field(default="reference", eq=False, repr=False)

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __reduce__(self) -> tuple[Callable[[], AggregationResult], tuple[()]]:
        # Pickled through this public class, the rows as a tuple (never the engine's
        # columns, nor the private class that holds rows lazily).
        fields = {f.name: getattr(self, f.name) for f in attrs.fields(AggregationResult)}
        fields["rows"] = tuple(self.rows)
        return (functools.partial(AggregationResult, **fields), ())

    def _repr_html_(self) -> str:
        # A notebook shows the totals, charted, and what was left out.
        from danvan._html import result_html

        return result_html(self)

    def to_pandas(self, *, lang: str = "vi", dataset: Dataset | None = None) -> Any:
        """The totals as a `pandas.DataFrame` (the ``pandas`` extra), one row per total.

        A column per grouping key (``province``, ``metric`` for sub-metrics...) with the
        names beside the codes (``province_name``: from ``dataset``, else the national
        gazetteer and the standard catalogue); a year as a number (``year``), another
        time piece with its first and last day and its year (``quarter``,
        ``quarter_start``, ``quarter_end``, ``quarter_year``); then the value spread as
        in `Report.to_pandas`. Numbers stay `int` and `Decimal`.

        Args:
            lang: The language of names and figures' text.
            dataset: The dataset asked, for the names of its places, metrics and
                organisations.

        Raises:
            DanvanError: pandas is not installed.
        """
        from danvan._cells import names, rows_frame  # pandas helpers load on first use

        name_of = names(
            places=None if dataset is None else dataset.places,
            catalogue=None if dataset is None else dataset.catalogue,
            organisations=None
            if dataset is None
            else {o.id: o.name for o in dataset.organisations},
            lang=lang,
        )
        return rows_frame(self.rows, self.by, lang, name_of)

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

    @property
    def ratio(self) -> Ratio | None:
        """The actual figure over the target, or None without an actual figure (or for a
        target of zero)."""
        if self.actual is None:
            return None
        try:
            return Ratio(numerator=self.actual, denominator=self.target.quantity)
        except DanvanError:
            return None

    @property
    def percent(self) -> Decimal | None:
        """How much of the target the figures reach, in percent (two decimals): 103,33
        for "hơn 3.100" against 3.000. None without point values (see `percent_bounds`).

        >>> import danvan
        >>> target = Target(metric="blood.turns", quantity=danvan.parse_quantity("3.000 lượt"),
        ...                 period=danvan.Period.year(2021))
        >>> result = TargetResult(campaign="c", target=target, check=None,
        ...                       actual=danvan.parse_quantity("hơn 3.100 lượt"))
        >>> result.percent, str(result.percent_bounds)
        (Decimal('103.33'), '[103.33, ∞)')
        """
        ratio = self.ratio
        return None if ratio is None else ratio.percent

    @property
    def percent_bounds(self) -> Bounds | None:
        """The percentages the figures allow, given their qualifiers (and the target's)."""
        ratio = self.ratio
        return None if ratio is None else ratio.percent_bounds


# -- the engine -------------------------------------------------------------------------


# danvan imports this module on first use; its classes say danvan.X however they are reached.
for _public_class in (AggregationResult, Exclusion, Reconciliation, Row, TargetResult):
    publish(_public_class)
del _public_class
