"""The rows of an aggregation result: a tuple-like sequence whose rows may be built on read."""

from __future__ import annotations

import gc
import pickle
from collections.abc import Callable, Iterable

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from danvan import AggregationResult, Quantity, Row
from danvan._aggregate.results import Rows


def make_row(i: int) -> Row:
    return Row(
        keys=(("commune", f"{i:05d}"), ("unit", "tin")),
        value=Quantity(value=i, unit="tin"),
        observations=(f"o{i}",),
    )


class Builder:
    """Builds row ``i`` on request and remembers each request."""

    def __init__(self) -> None:
        self.calls: list[int] = []

    def __call__(self, i: int) -> Row:
        self.calls.append(i)
        return make_row(i)


def lazy(size: int) -> tuple[Rows, Builder]:
    builder = Builder()
    return Rows.lazy(size, builder), builder


def test_a_lazy_row_is_built_on_first_read_and_only_once() -> None:
    rows, builder = lazy(10_000)
    assert [] == builder.calls
    assert make_row(7) == rows[7]
    assert make_row(9_999) == rows[-1]
    assert rows[7] is rows[7]
    assert [7, 9_999] == builder.calls


def test_iterating_builds_each_row_once_in_order() -> None:
    rows, builder = lazy(5_000)
    first = rows[3]
    assert [make_row(i) for i in range(5_000)] == list(rows)
    assert first is rows[3]
    assert sorted(builder.calls) == list(range(5_000))


def test_stopping_early_builds_only_the_first_chunk() -> None:
    rows, builder = lazy(100_000)
    assert make_row(0) == next(iter(rows))
    assert len(builder.calls) < 5_000


@pytest.mark.parametrize("enabled", [True, False])
def test_iterating_leaves_the_garbage_collector_as_it_found_it(enabled: bool) -> None:
    rows, _ = lazy(3_000)
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        assert 3_000 == len(list(rows))
        assert enabled is gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()


def test_an_error_while_building_keeps_the_rows_built_and_the_collector_on() -> None:
    def build(i: int) -> Row:
        if i == 5:
            raise RuntimeError("boom")
        return make_row(i)

    rows = Rows.lazy(10, build)
    with pytest.raises(RuntimeError):
        list(rows)
    assert gc.isenabled()
    assert make_row(4) == rows[4]


def test_out_of_range_is_an_index_error_as_for_a_tuple() -> None:
    rows, builder = lazy(3)
    with pytest.raises(IndexError):
        rows[3]
    with pytest.raises(IndexError):
        rows[-4]
    assert [] == builder.calls


def test_equal_to_the_tuple_of_its_rows_with_the_same_hash_and_repr() -> None:
    rows, _ = lazy(4)
    plain = tuple(make_row(i) for i in range(4))
    assert rows == plain
    assert plain == rows
    assert rows == Rows(plain)
    assert hash(plain) == hash(rows)
    assert repr(plain) == repr(rows)
    assert rows != plain[:3]
    assert rows != list(plain)  # as a tuple is not equal to a list
    assert make_row(2) in rows
    assert 2 == rows.index(make_row(2))


def test_concatenates_and_repeats_as_a_tuple() -> None:
    rows, _ = lazy(2)
    plain = tuple(make_row(i) for i in range(2))
    assert plain + plain == rows + rows
    assert plain + plain == plain + rows
    assert plain + plain == rows + plain
    assert plain * 2 == rows * 2
    assert plain * 2 == 2 * rows
    with pytest.raises(TypeError):
        rows + [make_row(0)]  # noqa: RUF005  # as a tuple refuses a list


def test_a_slice_builds_only_the_rows_it_takes() -> None:
    rows, builder = lazy(1_000)
    assert (make_row(0), make_row(500)) == rows[::500]
    assert [0, 500] == builder.calls


def test_pickles_as_its_built_rows() -> None:
    rows, _ = lazy(3)
    again = pickle.loads(pickle.dumps(rows))
    assert rows == again
    assert isinstance(again, Rows)


def result(rows: Iterable[Row]) -> AggregationResult:
    return AggregationResult(
        metric="tips", period=None, by=(), as_of=pendulum.Date(2021, 12, 31), rows=rows
    )


def test_a_result_takes_any_iterable_of_rows() -> None:
    from_list = result([make_row(1)])
    assert from_list == result((make_row(1),))
    assert from_list == result(Rows.lazy(1, lambda i: make_row(i + 1)))
    assert (make_row(1),) == from_list.rows
    assert hash(from_list) == hash(result(iter([make_row(1)])))


@given(
    size=st.integers(0, 50),
    index=st.integers(-60, 60),
    start=st.none() | st.integers(-60, 60),
    stop=st.none() | st.integers(-60, 60),
    step=st.none() | st.integers(-5, 5).filter(bool),
)
def test_law_lazy_rows_read_as_the_tuple_of_their_rows(
    size: int, index: int, start: int | None, stop: int | None, step: int | None
) -> None:
    """Law: indexing and slicing lazy rows give what the same tuple gives, in any order."""
    rows, _ = lazy(size)
    plain = tuple(make_row(i) for i in range(size))
    assert plain[start:stop:step] == rows[start:stop:step]
    read: Callable[[], Row] = lambda: rows[index]  # noqa: E731
    if -size <= index < size:
        assert plain[index] == read()
    else:
        with pytest.raises(IndexError):
            read()
    assert plain == tuple(rows)
