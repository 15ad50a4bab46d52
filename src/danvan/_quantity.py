"""Quantities as reports state them: a number, a unit and a qualifier, with honest bounds."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from decimal import Decimal
from typing import Any

import attrs

from danvan._lang import Message, Text
from danvan._numbers import MAX_DIGITS, Number, format_number, magnitude_words
from danvan._units import DIMENSION_WORDS, Dimension, Unit, base_unit, unit
from danvan.errors import InvalidValueError, UnitMismatchError

__all__ = [
    "CERTAINTY_WORDS",
    "DEFAULT_POLICY",
    "QUALIFIER_NAMES",
    "QUALIFIER_TEXT",
    "ApproximationPolicy",
    "Bounds",
    "Certainty",
    "Qualifier",
    "Quantity",
    "format_quantity",
]


class Qualifier(enum.Enum):
    """How a stated figure relates to the true value.

    The Vietnamese words each qualifier stands for are listed in `QUALIFIER_WORDS`
    of `danvan.parse_quantity`'s module; the English ones follow each member.
    """

    EXACT = "exact"
    """The true value is the stated one ("8.968")."""
    ABOUT = "about"
    """Within a tolerance on either side (khoảng, chừng, xấp xỉ)."""
    NEARLY = "nearly"
    """At or slightly below (gần): "gần 9.000" allows 8.968, not 9.100."""
    MORE_THAN = "more-than"
    """Strictly above, no upper limit (hơn, trên, ngoài)."""
    AT_LEAST = "at-least"
    """At or above, no upper limit (tối thiểu, ít nhất)."""
    LESS_THAN = "less-than"
    """Strictly below, down to zero (dưới)."""
    AT_MOST = "at-most"
    """At or below, down to zero (tối đa)."""
    ORDER_OF_MAGNITUDE = "order-of-magnitude"
    """A count with no point value: "hàng trăm" = hundreds, from 100 up to (not incl.) 1000."""
    RANGE = "range"
    """Between two stated ends ("4 - 5 lần"), or a derived total with no single point value."""

    @property
    def is_exact(self) -> bool:
        """Whether the stated number is the true value."""
        return self is Qualifier.EXACT


class Certainty(enum.Enum):
    """The answer to "is the true value above / below / equal to ...?" under uncertainty."""

    CERTAIN = "certain"
    POSSIBLE = "possible"
    IMPOSSIBLE = "impossible"

    @property
    def possible(self) -> bool:
        """True unless the relation is ruled out."""
        return self is not Certainty.IMPOSSIBLE


CERTAINTY_WORDS: dict[Certainty, Text] = {
    Certainty.CERTAIN: Text("chắc chắn", "certainly"),
    Certainty.POSSIBLE: Text("có thể", "possibly"),
    Certainty.IMPOSSIBLE: Text("không", "no"),
}
"""Each certainty as readers are told ("đạt chỉ tiêu: có thể")."""


def _check_number(value: object, where: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise InvalidValueError(
            f"must be an int or Decimal (never a float), got {type(value).__name__} {value!r}",
            where=where,
        )
    if isinstance(value, Decimal) and not value.is_finite():
        raise InvalidValueError(f"must be a finite number, got {value!r}", where=where)
    if isinstance(value, int):
        if not -(10**MAX_DIGITS) < value < 10**MAX_DIGITS:
            raise InvalidValueError(
                f"must have at most {MAX_DIGITS} digits, got {value:.3e}", where=where
            )
    else:
        _, digits, exponent = value.as_tuple()
        assert isinstance(exponent, int)  # finite, checked above
        if len(digits) > MAX_DIGITS or abs(exponent) > MAX_DIGITS:
            raise InvalidValueError(
                f"must have at most {MAX_DIGITS} digits and an exponent within "
                f"±{MAX_DIGITS}, got {value!r}",
                where=where,
            )


@attrs.frozen(kw_only=True)
class Bounds:
    """The interval the true value lies in; each end open or closed; no upper end = unbounded.

    >>> str(Bounds(lower=8100, upper=9000))
    '[8100, 9000]'
    >>> Bounds(lower=3100, lower_closed=False, upper=None).contains(3101)
    True
    """

    lower: Number = attrs.field()
    upper: Number | None = attrs.field()
    lower_closed: bool = True
    upper_closed: bool = True

    @lower.validator
    def _check_lower(self, _: attrs.Attribute[Number], value: Number) -> None:
        _check_number(value, "bounds.lower")

    @upper.validator
    def _check_upper(self, _: attrs.Attribute[Number | None], value: Number | None) -> None:
        if value is None:
            return
        _check_number(value, "bounds.upper")
        if value < self.lower or (
            value == self.lower and not (self.lower_closed and self.upper_closed)
        ):
            raise InvalidValueError(
                f"upper end {value} must not lie below lower end {self.lower} (empty interval)",
                where="bounds.upper",
            )

    @property
    def is_point(self) -> bool:
        """Whether the interval holds exactly one value."""
        return self.upper is not None and self.upper == self.lower

    def contains(self, value: Number) -> bool:
        """Whether ``value`` lies in the interval."""
        if value < self.lower or (value == self.lower and not self.lower_closed):
            return False
        if self.upper is None:
            return True
        return value < self.upper or (value == self.upper and self.upper_closed)

    def __add__(self, other: Bounds) -> Bounds:
        """The interval of every sum x + y with x in self and y in other (exact)."""
        upper = None if self.upper is None or other.upper is None else self.upper + other.upper
        return Bounds(
            lower=self.lower + other.lower,
            upper=upper,
            lower_closed=self.lower_closed and other.lower_closed,
            upper_closed=upper is None or (self.upper_closed and other.upper_closed),
        )

    def scaled(self, factor: Number) -> Bounds:
        """The same interval with both ends multiplied by a positive ``factor``."""
        return attrs.evolve(
            self,
            lower=self.lower * factor,
            upper=None if self.upper is None else self.upper * factor,
        )

    def intersects(self, other: Bounds) -> bool:
        """Whether some value lies in both intervals."""
        return not (_strictly_below(self, other) or _strictly_below(other, self))

    def __str__(self) -> str:
        left = "[" if self.lower_closed else "("
        if self.upper is None:
            return f"{left}{self.lower}, ∞)"
        right = "]" if self.upper_closed else ")"
        return f"{left}{self.lower}, {self.upper}{right}"


def _strictly_below(a: Bounds, b: Bounds) -> bool:
    """Whether every value of ``a`` is below every value of ``b``."""
    if a.upper is None:
        return False
    return a.upper < b.lower or (a.upper == b.lower and not (a.upper_closed and b.lower_closed))


def _fraction(value: object, name: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
        raise InvalidValueError(
            f"must be a Decimal fraction such as '0.1', got {value!r}", where=f"policy.{name}"
        )
    try:
        number = Decimal(value)
    except ArithmeticError:  # decimal.InvalidOperation for text that is no number
        raise InvalidValueError(
            f"must be a Decimal fraction such as '0.1', got {value!r}", where=f"policy.{name}"
        ) from None
    if not (Decimal(0) <= number < Decimal(1)):
        raise InvalidValueError(f"must lie in [0, 1), got {number}", where=f"policy.{name}")
    return number


def _tidy(value: Number) -> Number:
    """A whole Decimal as an int (8100 rather than 8100.0); other values unchanged."""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


def _about_fraction(value: object) -> Decimal:
    return _fraction(value, "about")


def _nearly_fraction(value: object) -> Decimal:
    return _fraction(value, "nearly")


@attrs.frozen(kw_only=True)
class ApproximationPolicy:
    """How far "about" (khoảng) and "nearly" (gần) may stray from the stated number.

    Both are fractions of the stated value. With the default 10 %, "khoảng 1.000"
    means 900 to 1.100 and "gần 9.000" means 8.100 to 9.000. Pass another policy to
    `parse_quantity` or `Quantity.bounds_under` where a source warrants it.

    >>> DEFAULT_POLICY.bounds(9000, Qualifier.NEARLY)
    Bounds(lower=8100, upper=9000, lower_closed=True, upper_closed=True)
    """

    about: Decimal = attrs.field(default=Decimal("0.1"), converter=_about_fraction)
    nearly: Decimal = attrs.field(default=Decimal("0.1"), converter=_nearly_fraction)

    def bounds(self, value: Number, qualifier: Qualifier) -> Bounds:
        """The bounds of a stated figure ``value`` read with ``qualifier`` under this policy."""
        if qualifier is Qualifier.EXACT:
            return Bounds(lower=value, upper=value)
        if qualifier is Qualifier.ABOUT:
            return Bounds(
                lower=_tidy(value * (1 - self.about)), upper=_tidy(value * (1 + self.about))
            )
        if qualifier is Qualifier.NEARLY:
            return Bounds(lower=_tidy(value * (1 - self.nearly)), upper=value)
        if qualifier is Qualifier.MORE_THAN:
            return Bounds(lower=value, upper=None, lower_closed=False)
        if qualifier is Qualifier.AT_LEAST:
            return Bounds(lower=value, upper=None)
        if qualifier is Qualifier.LESS_THAN:
            return Bounds(lower=0, upper=value, upper_closed=False)
        if qualifier is Qualifier.AT_MOST:
            return Bounds(lower=0, upper=value)
        if qualifier is Qualifier.ORDER_OF_MAGNITUDE:
            return Bounds(lower=value, upper=value * 10, upper_closed=False)
        raise InvalidValueError("a range has no bounds of its own: give them", where="bounds")


DEFAULT_POLICY = ApproximationPolicy()
"""The policy used when none is given: ±10 % for "about", −10 % for "nearly"."""


def _to_unit(value: Unit | str) -> Unit:
    if isinstance(value, Unit):
        return value
    if not isinstance(value, str):
        raise InvalidValueError(
            f"must be a Unit or a unit name, got {type(value).__name__} {value!r}",
            where="quantity.unit",
        )
    return unit(value)


def _to_qualifier(value: Qualifier | str) -> Qualifier:
    if isinstance(value, Qualifier):
        return value
    try:
        return Qualifier(value)
    except ValueError:
        known = ", ".join(q.value for q in Qualifier)
        raise InvalidValueError(
            f"unknown qualifier {value!r}; expected one of {known}", where="quantity.qualifier"
        ) from None


def _is_power_of_ten(value: Number) -> bool:
    if value < 10:
        return False
    text = format(Decimal(value).normalize(), "f")
    return text.startswith("1") and set(text[1:]) <= {"0"}


@attrs.frozen(kw_only=True, repr=False)
class Quantity:
    """A figure as a report states it: number, unit, qualifier, and the bounds of the truth.

    Args:
        value: The stated number (`int` or `Decimal`; never a float). For
            ORDER_OF_MAGNITUDE, the magnitude (100 for "hàng trăm"). None only for
            RANGE, which has no point value.
        unit: A `Unit`, or a unit name ("tin", "kg", "gram").
        qualifier: How the number relates to the truth (default EXACT).
        bounds: Explicit bounds, for derived totals and non-default policies. Leave
            None to use `DEFAULT_POLICY` (equal explicit bounds are dropped).

    >>> q = Quantity(value=9000, unit="tin", qualifier=Qualifier.NEARLY)
    >>> str(q), q.format(lang="en")
    ('gần 9.000 tin', 'nearly 9,000 tips')
    >>> q.equal(Quantity(value=8968, unit="tin")).possible
    True

    Raises:
        InvalidValueError: a float, a negative number, a fractional count, or bounds
            that do not fit the qualifier.
    """

    value: Number | None = attrs.field()
    unit: Unit = attrs.field(converter=_to_unit)
    qualifier: Qualifier = attrs.field(default=Qualifier.EXACT, converter=_to_qualifier)
    _bounds: Bounds | None = attrs.field(default=None, alias="bounds")

    @value.validator
    def _check_value(self, _: attrs.Attribute[Number | None], value: Number | None) -> None:
        if value is None:
            return
        _check_number(value, "quantity.value")
        if value < 0:
            raise InvalidValueError(f"must be >= 0, got {value}", where="quantity.value")

    @_bounds.validator
    def _check_consistency(self, _: attrs.Attribute[Bounds | None], bounds: Bounds | None) -> None:
        # Runs after every field is set, so it checks the rules that span fields.
        if bounds is not None and not isinstance(bounds, Bounds):
            raise InvalidValueError(
                f"must be Bounds or None, got {type(bounds).__name__}", where="quantity.bounds"
            )
        value, qualifier = self.value, self.qualifier
        if value is not None and self.unit.dimension.discrete and value != int(value):
            raise InvalidValueError(
                Message(
                    f"{self.unit.dimension.value} are counted in whole numbers, got {value}",
                    f"{DIMENSION_WORDS[self.unit.dimension].vi} phải là số nguyên, nhưng là "
                    f"{format_number(value)}",
                ),
                where="quantity.value",
            )
        if qualifier is Qualifier.RANGE:
            if value is not None:
                raise InvalidValueError("a range has no point value", where="quantity.value")
            if bounds is None:
                raise InvalidValueError("a range needs explicit bounds", where="quantity.bounds")
        elif value is None:
            raise InvalidValueError(
                f"a {qualifier.value} quantity needs a value", where="quantity.value"
            )
        if (
            qualifier is Qualifier.ORDER_OF_MAGNITUDE
            and value is not None
            and (not _is_power_of_ten(value) or value > 10**12)
        ):
            raise InvalidValueError(
                f"an order of magnitude is 10, 100, 1000, ... up to 10**12, got {value}",
                where="quantity.value",
            )
        if bounds is None:
            # Of the derived bounds, only "less than 0" is empty.
            if qualifier is Qualifier.LESS_THAN and value == 0:
                raise InvalidValueError(
                    f"{qualifier.value} {value} leaves no possible value", where="quantity.value"
                )
            return
        if bounds.lower < 0:
            raise InvalidValueError(
                f"bounds must not reach below zero, got {bounds}", where="quantity.bounds"
            )
        if (
            value is not None
            and qualifier is not Qualifier.ORDER_OF_MAGNITUDE
            and not bounds.contains(value)
            and not _touches(bounds, value, qualifier)
        ):
            raise InvalidValueError(
                f"bounds {bounds} do not fit the stated {value} ({qualifier.value})",
                where="quantity.bounds",
            )
        if qualifier is Qualifier.EXACT and not bounds.is_point:
            raise InvalidValueError(
                f"an exact quantity has point bounds, got {bounds}", where="quantity.bounds"
            )

    def __attrs_post_init__(self) -> None:
        # Canonical form: explicit bounds equal to the default ones are not kept, so
        # equality does not depend on how a quantity was built.
        if (
            self._bounds is not None
            and self.value is not None
            and self.qualifier is not Qualifier.RANGE
            and DEFAULT_POLICY.bounds(self.value, self.qualifier) == self._bounds
        ):
            object.__setattr__(self, "_bounds", None)

    def __repr__(self) -> str:
        bounds = f", bounds={self._bounds}" if self._bounds is not None else ""
        return (
            f"Quantity(value={self.value!r}, unit={self.unit.code!r}, "
            f"qualifier={self.qualifier.value!r}{bounds})"
        )

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        # Hypothesis and IPython print attrs objects field by field unless told otherwise.
        printer.text(repr(self))

    # -- construction -------------------------------------------------------------------

    @classmethod
    def zero(cls, unit: Unit | str) -> Quantity:
        """Exact zero in ``unit``: the identity of addition.

        >>> Quantity.zero("tin") + Quantity(value=5, unit="tin") == Quantity(value=5, unit="tin")
        True
        """
        return cls(value=0, unit=unit)

    # -- reading ------------------------------------------------------------------------

    @property
    def dimension(self) -> Dimension:
        """The dimension of the unit."""
        return self.unit.dimension

    @property
    def point(self) -> Number | None:
        """The best single value, or None where the report gives none ("hàng trăm")."""
        if self.qualifier in (Qualifier.ORDER_OF_MAGNITUDE, Qualifier.RANGE):
            return None
        return self.value

    @property
    def is_exact(self) -> bool:
        """Whether the true value is known exactly."""
        return self.qualifier is Qualifier.EXACT

    @property
    def bounds(self) -> Bounds:
        """The interval the true value lies in (under `DEFAULT_POLICY` unless given)."""
        if self._bounds is not None:
            return self._bounds
        assert self.value is not None  # guaranteed by the validator for non-ranges
        return DEFAULT_POLICY.bounds(self.value, self.qualifier)

    @property
    def has_explicit_bounds(self) -> bool:
        """Whether the bounds were given rather than derived from the qualifier."""
        return self._bounds is not None

    def bounds_under(self, policy: ApproximationPolicy) -> Bounds:
        """The bounds under another approximation ``policy`` (explicit bounds win)."""
        if self._bounds is not None:
            return self._bounds
        assert self.value is not None
        return policy.bounds(self.value, self.qualifier)

    def to_unit(self, target: Unit | str) -> Quantity:
        """The same quantity in another unit of the same dimension, converted exactly.

        >>> str(Quantity(value=Decimal("2.5"), unit="kg").to_unit("gram"))
        '2.500,0 gam'

        Raises:
            UnitMismatchError: the target unit measures another dimension.
        """
        target = _to_unit(target)
        if target == self.unit:
            return self
        _require_same_dimension(self, target)
        ratio: Number = (
            self.unit.factor // target.factor
            if self.unit.factor % target.factor == 0
            else Decimal(self.unit.factor) / Decimal(target.factor)
        )
        if self.qualifier is Qualifier.ORDER_OF_MAGNITUDE:
            # "hàng trăm gam" is 0.1 to 1 kg: no order of magnitude in kilograms.
            assert self.value is not None
            scaled = self.value * ratio
            if not _is_power_of_ten(scaled) or scaled > 10**12:
                return Quantity(
                    value=None,
                    unit=target,
                    qualifier=Qualifier.RANGE,
                    bounds=self.bounds.scaled(ratio),
                )
        return Quantity(
            value=None if self.value is None else self.value * ratio,
            unit=target,
            qualifier=self.qualifier,
            bounds=None if self._bounds is None else self._bounds.scaled(ratio),
        )

    # -- arithmetic ---------------------------------------------------------------------

    def __add__(self, other: Quantity) -> Quantity:
        if not isinstance(other, Quantity):
            return NotImplemented
        return add(self, other)

    def __radd__(self, other: object) -> Quantity:
        # sum() starts from the int 0: treat it as the identity.
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        return NotImplemented

    def __mul__(self, times: int) -> Quantity:
        """``n`` times the quantity, for a whole ``n`` >= 0 ("5 each in 204 communes").

        The bounds are every ``n`` times a possible true value, and the qualifier reads
        them honestly: "tối thiểu 5" times 204 is "tối thiểu 1.020", "hàng trăm" times
        10 is "hàng nghìn", times 5 the range from 500 to below 5.000. Zero times anything
        is exactly zero.

        >>> str(Quantity(value=5, unit="officer", qualifier="at-least") * 204)
        'ít nhất 1.020 cán bộ, chiến sĩ'

        Raises:
            InvalidValueError: ``times`` is not a whole number >= 0.
        """
        given: object = times  # callers may pass anything: check at run time
        if type(given) is not int or times < 0:
            raise InvalidValueError(
                f"a quantity multiplies by a whole number >= 0, got {times!r}", where="times"
            )
        return multiply(self, times)

    __rmul__ = __mul__

    # -- comparing under uncertainty ----------------------------------------------------

    def above(self, other: Quantity) -> Certainty:
        """Is the true value of ``self`` above that of ``other``?

        >>> Quantity(value=9100, unit="tin").above(
        ...     Quantity(value=9000, unit="tin", qualifier=Qualifier.NEARLY))
        <Certainty.CERTAIN: 'certain'>
        """
        a, b = _comparable_bounds(self, other)
        if _strictly_below(b, a):
            return Certainty.CERTAIN
        if a.upper is not None and a.upper <= b.lower:
            return Certainty.IMPOSSIBLE
        return Certainty.POSSIBLE

    def below(self, other: Quantity) -> Certainty:
        """Is the true value of ``self`` below that of ``other``?"""
        return other.above(self)

    def equal(self, other: Quantity) -> Certainty:
        """Can the true values be equal?  CERTAIN only for two equal exact figures."""
        a, b = _comparable_bounds(self, other)
        if not a.intersects(b):
            return Certainty.IMPOSSIBLE
        if a.is_point and b.is_point:
            return Certainty.CERTAIN
        return Certainty.POSSIBLE

    def consistent_with(self, other: Quantity) -> bool:
        """Whether both figures can describe the same true value.

        >>> nearly = Quantity(value=9000, unit="tin", qualifier="nearly")
        >>> nearly.consistent_with(Quantity(value=8968, unit="tin"))
        True
        >>> nearly.consistent_with(Quantity(value=9100, unit="tin"))
        False
        """
        return self.equal(other).possible

    # -- text ---------------------------------------------------------------------------

    def format(self, *, lang: str = "vi", unit: bool = True) -> str:
        """The quantity in words: "gần 9.000 tin", "nearly 9,000 tips"."""
        return format_quantity(self, lang=lang, unit=unit)

    def __str__(self) -> str:
        return self.format()

    def __format__(self, spec: str) -> str:
        """``f"{q}"`` and ``f"{q:vi}"`` write Vietnamese, ``f"{q:en}"`` English.

        >>> q = Quantity(value=9000, unit="tin", qualifier="nearly")
        >>> f"{q} / {q:en}"
        'gần 9.000 tin / nearly 9,000 tips'
        """
        if spec not in ("", "vi", "en"):
            raise ValueError(f"a Quantity formats as 'vi' or 'en', got {spec!r}")
        return self.format(lang=spec or "vi")


def _touches(bounds: Bounds, value: Number, qualifier: Qualifier) -> bool:
    # "hơn 3.100" stands at the open lower end of its bounds; "dưới 5" at the open upper.
    if qualifier is Qualifier.MORE_THAN:
        return value == bounds.lower and not bounds.lower_closed
    if qualifier is Qualifier.LESS_THAN:
        return value == bounds.upper and not bounds.upper_closed
    return False


def _require_same_dimension(a: Quantity, target: Unit) -> None:
    if a.unit.dimension is not target.dimension:
        raise UnitMismatchError(
            f"cannot compare or convert {a} ({a.unit.dimension.value}) to {target.vi} "
            f"({target.dimension.value}): different dimensions"
        )


def _comparable_bounds(a: Quantity, b: Quantity) -> tuple[Bounds, Bounds]:
    if a.unit == b.unit:
        return a.bounds, b.bounds
    _require_same_dimension(a, b.unit)
    base = base_unit(a.dimension)
    return a.to_unit(base).bounds, b.to_unit(base).bounds


def _sum_qualifier(
    qualifiers: AbstractSet[Qualifier], bounds: Bounds, point: Number | None
) -> Qualifier:
    """How a total reads, from where its point value sits in its (exact) bounds."""
    if point is None:
        return Qualifier.RANGE
    if bounds.is_point:
        return Qualifier.EXACT
    if bounds.upper is None:
        if bounds.lower == point:
            return Qualifier.AT_LEAST if bounds.lower_closed else Qualifier.MORE_THAN
        return Qualifier.ABOUT  # formatted with its lower bound: see format_quantity
    if bounds.lower == point:
        return Qualifier.RANGE  # the point is the least possible value: say "from .. to .."
    if bounds.upper == point:
        if not bounds.upper_closed:
            return Qualifier.LESS_THAN
        if qualifiers - {Qualifier.EXACT} == {Qualifier.NEARLY}:
            return Qualifier.NEARLY
        return Qualifier.AT_MOST
    return Qualifier.ABOUT


def add(*quantities: Quantity) -> Quantity:
    """The total of quantities of one dimension, with exact bounds and an honest qualifier.

    The bounds of the total are exactly the set of sums of possible true values; the
    point value is the sum of point values (none if a part has none); the qualifier
    reads the total honestly ("hơn 3.100" + "hơn 200" = "hơn 3.300"; "gần 9.000" + 150
    is still approximate). Parts in different units of one dimension are converted
    exactly to the dimension's base unit.

    Raises:
        UnitMismatchError: the parts measure different dimensions.
        InvalidValueError: no parts were given.
    """
    if not quantities:
        raise InvalidValueError("cannot add no quantities: the unit of the total is unknown")
    # Exact zero is the identity: dropping it keeps "hàng trăm" + 0 a "hàng trăm".
    for q in quantities[1:]:
        if q.dimension is not quantities[0].dimension:
            a = quantities[0]
            raise UnitMismatchError(
                f"cannot add {a} ({a.dimension.value}) and {q} ({q.dimension.value}): "
                f"different dimensions"
            )
    nonzero = tuple(q for q in quantities if not (q.is_exact and q.value == 0))
    if nonzero and len(nonzero) < len(quantities):
        quantities = nonzero
    first = quantities[0]
    target = first.unit
    if any(q.unit != target for q in quantities):
        target = base_unit(first.dimension)
        quantities = tuple(q.to_unit(target) for q in quantities)
    if len(quantities) == 1:
        return first if first.unit == target else quantities[0]
    # Exact parts add as numbers (their bounds are that one number), the others as
    # intervals: the same sums, without an interval per exact part.
    # No int 0 to start from: Decimal('1E+3') + 0 would read Decimal('1000').
    exact: Number | None = None
    inexact: Bounds | None = None
    point: Number | None = None
    for q in quantities:
        if q.qualifier is Qualifier.EXACT:
            assert q.value is not None  # an exact figure has a value
            exact = q.value if exact is None else exact + q.value
            continue
        p = q.point
        point = p if inexact is None else (None if point is None or p is None else point + p)
        inexact = q.bounds if inexact is None else inexact + q.bounds
    if exact is None:
        assert inexact is not None  # two parts or more, none exact
        return reading(inexact, target, point=point, qualifiers={q.qualifier for q in quantities})
    if inexact is None:
        bounds, point = Bounds(lower=exact, upper=exact), exact
    else:
        bounds = inexact + Bounds(lower=exact, upper=exact)
        point = None if point is None else point + exact
    return reading(bounds, target, point=point, qualifiers={q.qualifier for q in quantities})


def multiply(quantity: Quantity, times: int) -> Quantity:
    """``times`` (an int >= 0) times ``quantity``, with exact bounds; see `Quantity.__mul__`."""
    if times == 0:
        return Quantity.zero(quantity.unit)
    q = quantity
    value = None if q.value is None else q.value * times
    if q.qualifier is Qualifier.ORDER_OF_MAGNITUDE:
        assert value is not None
        if _is_power_of_ten(value) and value <= 10**12:
            return Quantity(value=value, unit=q.unit, qualifier=q.qualifier)
        return Quantity(
            value=None, unit=q.unit, qualifier=Qualifier.RANGE, bounds=q.bounds.scaled(times)
        )
    explicit = None if q._bounds is None else q._bounds.scaled(times)
    return Quantity(value=value, unit=q.unit, qualifier=q.qualifier, bounds=explicit)


def reading(
    bounds: Bounds,
    unit: Unit,
    *,
    point: Number | None,
    qualifiers: AbstractSet[Qualifier],
    trusted: bool = False,
) -> Quantity:
    """The quantity a derived total stands for: its exact bounds, read honestly.

    The qualifier follows from where the point value sits in the bounds; ``qualifiers``
    (those of the parts) only decide between "nearly" and "at most". ``trusted`` skips
    the validators, for engines whose totals are sums of figures that passed them (the
    qualifier rule above always gives bounds that fit).
    """
    qualifier = _sum_qualifier(qualifiers, bounds, point)
    value = None if qualifier is Qualifier.RANGE else point
    if not trusted:
        return Quantity(value=value, unit=unit, qualifier=qualifier, bounds=bounds)
    explicit: Bounds | None = bounds
    if value is not None and DEFAULT_POLICY.bounds(value, qualifier) == bounds:
        explicit = None  # the canonical form the constructor would give
    return trusted_quantity(value, unit, qualifier, explicit)


def trusted_quantity(
    value: Number | None, unit: Unit, qualifier: Qualifier, bounds: Bounds | None
) -> Quantity:
    """A quantity built without running the validators: only for values known valid.

    Building hundreds of thousands of totals is several times cheaper this way.
    """
    result: Quantity = object.__new__(Quantity)
    object.__setattr__(result, "value", value)
    object.__setattr__(result, "unit", unit)
    object.__setattr__(result, "qualifier", qualifier)
    object.__setattr__(result, "_bounds", bounds)
    return result


def trusted_bounds(
    lower: Number, upper: Number | None, *, lower_closed: bool, upper_closed: bool
) -> Bounds:
    """Bounds built without running the validators: only for ends known valid.

    The sum of valid bounds is valid: engines summing them use this.
    """
    result: Bounds = object.__new__(Bounds)
    object.__setattr__(result, "lower", lower)
    object.__setattr__(result, "upper", upper)
    object.__setattr__(result, "lower_closed", lower_closed)
    object.__setattr__(result, "upper_closed", upper_closed)
    return result


def total(quantities: Iterable[Quantity], *, unit: Unit | str | None = None) -> Quantity:
    """`add` over an iterable; an empty iterable needs ``unit`` and gives exact zero.

    >>> total([Quantity(value=3, unit="qua"), Quantity(value=31, unit="qua")]).value
    34
    """
    items = tuple(quantities)
    if not items:
        if unit is None:
            raise InvalidValueError("the total of nothing needs a unit")
        return Quantity.zero(unit)
    return add(*items)


# --- writing ---------------------------------------------------------------------------------
# Formatting sits beside the value; `danvan._quantity_text` (parsing) imports from here.

QUALIFIER_TEXT: dict[Qualifier, Text] = {
    Qualifier.ABOUT: Text("khoảng", "about"),
    Qualifier.NEARLY: Text("gần", "nearly"),
    Qualifier.MORE_THAN: Text("hơn", "more than"),
    Qualifier.AT_LEAST: Text("ít nhất", "at least"),
    Qualifier.LESS_THAN: Text("dưới", "less than"),
    Qualifier.AT_MOST: Text("tối đa", "at most"),
}
"""The words each qualifier is written with before its number (the parser also reads
synonyms: `danvan._quantity_text.QUALIFIER_WORDS`)."""

QUALIFIER_NAMES: dict[Qualifier, Text] = {
    Qualifier.EXACT: Text("chính xác", "exact"),
    Qualifier.ORDER_OF_MAGNITUDE: Text("hàng (bậc độ lớn)", "order of magnitude"),
    Qualifier.RANGE: Text("khoảng giá trị", "range"),
    **QUALIFIER_TEXT,
}
"""Every qualifier as a column of a table names it."""

# The same words by language, as older code reads them.
QUALIFIER_VI = {q: words.vi for q, words in QUALIFIER_TEXT.items()}
QUALIFIER_EN = {q: words.en for q, words in QUALIFIER_TEXT.items()}


def _range_text(bounds: Bounds, lang: str, label: str = "") -> str:
    """The bounds as words, with the unit's ``label`` where the language puts it: after
    the number ("từ 270 viên trở lên", "trên 2.494 tin"), or after the range ("từ 10 đến
    20 vụ", "270 or more rounds")."""
    low = format_number(bounds.lower, lang=lang)
    if bounds.upper is None:
        if lang == "vi":
            counted = f"{low} {label}".strip()
            return f"từ {counted} trở lên" if bounds.lower_closed else f"trên {counted}"
        text = f"{low} or more" if bounds.lower_closed else f"more than {low}"
        return f"{text} {label}".strip()
    high = format_number(bounds.upper, lang=lang)
    if lang == "vi":
        start = "từ" if bounds.lower_closed else "từ trên"
        end = "đến" if bounds.upper_closed else "đến dưới"
        return f"{start} {low} {end} {high} {label}".strip()
    start = "from" if bounds.lower_closed else "from more than"
    end = "to" if bounds.upper_closed else "to less than"
    return f"{start} {low} {end} {high} {label}".strip()


def _exponent(value: Number) -> int:
    return len(format(int(value), "d")) - 1


def format_quantity(quantity: Quantity, *, lang: str = "vi", unit: bool = True) -> str:
    """Write a quantity in Vietnamese ("gần 9.000 tin", "2,5 kg") or English.

    `parse_quantity` reads the Vietnamese text back to an equal quantity, for every
    quantity without explicit bounds and every closed range.

    >>> format_quantity(Quantity(value=3100, unit="lượt", qualifier="more-than"), lang="en")
    'more than 3,100 turns'
    >>> format_quantity(Quantity(value=100, unit="vụ", qualifier="order-of-magnitude"))
    'hàng trăm vụ'

    Raises:
        InvalidValueError: ``lang`` is neither "vi" nor "en".
    """
    if lang not in ("vi", "en"):
        raise InvalidValueError(f"lang must be 'vi' or 'en', got {lang!r}", where="lang")
    q = quantity
    label = q.unit.label(q.value, lang=lang) if unit else ""
    if q.qualifier is Qualifier.ORDER_OF_MAGNITUDE:
        assert q.value is not None
        label = q.unit.label(2, lang=lang) if unit else ""
        return f"{magnitude_words(_exponent(q.value), lang)} {label}".strip()
    if q.qualifier is Qualifier.RANGE:
        label = q.unit.label(2, lang=lang) if unit else ""
        return _range_text(q.bounds, lang, label)
    assert q.value is not None
    number = format_number(q.value, lang=lang)
    words = QUALIFIER_TEXT.get(q.qualifier)
    word = "" if words is None else words.in_(lang)
    text = " ".join(part for part in (word, number, label) if part)
    b = q.bounds
    if q.qualifier is Qualifier.ABOUT and b.upper is None:
        # A total of "about" and "more than" parts has no upper limit: say so.
        low = format_number(b.lower, lang=lang)
        if lang == "vi":  # "từ 2.494 trở lên", "trên 2.494": never both words
            text += f" ({f'từ {low} trở lên' if b.lower_closed else f'trên {low}'})"
        else:
            text += f" ({'at least' if b.lower_closed else 'more than'} {low}, no upper limit)"
    return text
