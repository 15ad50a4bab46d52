"""The dataset document read as a stream: the same result as reading it whole, in less memory.

Also the JSON problems issue 15 found escaping: numbers no figure can be, versions of
thousands of digits, digits of other scripts, and text whose escapes NFC would change.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from danvan import DanvanError, Dataset, LoadError, Observation, Period, Quantity
from danvan import serialization as ser
from danvan._io.json_documents import parse_json, structure_located
from danvan._io.json_stream import Text, read_dataset

LAW = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def _shared() -> Any:
    """The strategies and seed document of test_serialization.py (tests are not a package)."""
    name = "_danvan_tests_serialization"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, Path(__file__).with_name("test_serialization.py")
        )
        assert spec is not None
        assert spec.loader is not None
        sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[name])
    return sys.modules[name]


SEED_DOC = _shared().SEED_DOC
SEED_PATHS = _shared().SEED_PATHS
json_values = _shared().json_values
replace = _shared()._replace
datasets = _shared().datasets
observation_lists = _shared().observation_lists
texts = _shared().texts
VALIDATOR: Any = _shared().VALIDATOR


def whole(text: str) -> Dataset | list[tuple[str, str]]:
    """What reading the document whole (json.loads, then the converter) gives."""
    try:
        data = parse_json(text, "<doc>")
        result: Dataset = structure_located(data, Dataset, "<doc>")
    except LoadError as error:
        return [(p.where, p.message) for p in error.problems]
    return result


def sliced(text: str, sizes: list[int]) -> Callable[[int], str]:
    """A reader giving ``text`` in slices of the sizes given (then what is left)."""
    state = {"at": 0, "turn": 0}

    def read(_: int) -> str:
        at = state["at"]
        size = sizes[state["turn"] % len(sizes)] if sizes else len(text)
        state["turn"] += 1
        state["at"] = at + size
        return text[at : at + size]

    return read


def streamed(text: str, sizes: list[int]) -> Dataset | list[tuple[str, str]]:
    try:
        return read_dataset(Text(read=sliced(text, sizes)), "<doc>")
    except LoadError as error:
        return [(p.where, p.message) for p in error.problems]


documents = st.one_of(
    json_values.map(json.dumps),
    st.tuples(st.sampled_from(SEED_PATHS), json_values).map(
        lambda pv: json.dumps(replace(SEED_DOC, *pv), indent=1)
    ),
    st.just(json.dumps(SEED_DOC, indent=1)),
)
slices = st.lists(st.integers(1, 40), min_size=1, max_size=5)


@LAW
@given(documents, slices)
def test_law_streamed_equals_whole(text: str, sizes: list[int]) -> None:
    """Law: read in slices of any size, a document gives what reading it whole gives: the
    same dataset, or the same problems at the same places."""
    expected = whole(text)
    if isinstance(expected, list) and expected and expected[0][1].endswith("nested too deeply"):
        return  # located more precisely when streamed
    assert expected == streamed(text, sizes)


@LAW
@given(documents, slices, st.integers(0, 60))
def test_law_cut_documents_are_located_errors(text: str, sizes: list[int], cut: int) -> None:
    """Law: a document cut short anywhere gives the syntax error reading it whole gives, at
    the same line and column, whatever the slices."""
    short = text[: max(0, len(text) - cut)]
    assert whole(short) == streamed(short, sizes)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "{",
        '{"format"',
        '{"format": "danvan-dataset",}',
        '{"format": "danvan-dataset"} x',
        '{"format": "danvan-dataset", "observations": [1,]}',
        '{"format": "danvan-dataset", "observations": [1 2]}',
        '{"format": "danvan-dataset", "a": 1, "a": 2}',
        '{"format": "danvan-dataset", "version": "1.0", "observations": 5}',
        '{"format": "danvan-dataset", "version": "1.0", "extra": [1, {"a": [2]}]}',
        '{"format": "danvan-dataset", "version": "1.0", "title": "\\ud800"}',
        '[{"format": "danvan-dataset"}]',
        '{"version": "1.0", "observations": [{}], "format": "x"}',
        '{"format": "danvan-dataset", "version": "1.0", "places": [{"code": "1"}]}',
    ],
)
@pytest.mark.parametrize("sizes", [[], [1], [3, 7]])
def test_odd_documents_read_as_whole(text: str, sizes: list[int]) -> None:
    """Syntax errors, duplicate keys, arrays where objects go and back: as read whole."""
    assert whole(text) == streamed(text, sizes)


def test_peak_memory_stays_near_what_the_dataset_holds(tmp_path: Path) -> None:
    """Loading a .json document holds one slice of text and one record as JSON at a time,
    beyond the dataset itself (455 MB for a 66 MB file, read whole, before issue 15)."""
    observations = tuple(
        Observation(
            id=f"o{i}",
            metric="tips",
            value=Quantity(value=i, unit="tin"),
            period=Period.year(2021),
            note="gần 9.000 tin có giá trị " * 3,
        )
        for i in range(4_000)
    )
    path = tmp_path / "big.json"
    ser.dump(Dataset(observations=observations), path)
    size = path.stat().st_size
    tracemalloc.start()
    try:
        loaded = ser.load(path)
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert observations == loaded.observations
    # Read whole, the text and its dicts alone took several times the file's size.
    assert peak - kept < size / 2, (peak, kept, size)


# --- numbers, versions and digits ---------------------------------------------------------------


def _document(value: str, period: str = '"2021"', version: str = '"1.0"') -> str:
    return (
        f'{{"format": "danvan-dataset", "version": {version}, "observations": [{{"id": "a", '
        f'"metric": "tips", "value": {{"kind": "quantity", "value": {value}, "unit": "tin"}}, '
        f'"period": {period}}}]}}'
    )


@pytest.mark.parametrize("value", ["1e9999999999999999999", "-1.5E-99999999999999999999"])
def test_huge_exponents_are_located_load_errors(tmp_path: Path, value: str) -> None:
    """A number whose exponent no Decimal holds (a bare decimal.InvalidOperation before) is
    a LoadError at its path, in .json, .jsonl and iter_observations alike."""
    with pytest.raises(LoadError) as caught:
        ser.loads(_document(value))
    [problem] = caught.value.problems
    assert "$.observations[0].value.value" == problem.where
    assert "has an exponent no figure can have" in problem.message
    line = json.dumps(json.loads(_document("1"))["observations"][0]).replace(": 1,", f": {value},")
    path = tmp_path / "x.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    for read in (ser.load_observations, lambda p: tuple(ser.iter_observations(p))):
        with pytest.raises(LoadError) as caught:
            read(path)
        assert ["line 1, $.value.value"] == [p.where for p in caught.value.problems]


def test_a_version_of_thousands_of_digits_is_at_dollar_version() -> None:
    """A major version of 5,000 digits is reported at $.version as newer, not as Python's
    int-conversion message at $."""
    with pytest.raises(LoadError) as caught:
        ser.loads(_document("1", version='"1' + "0" * 5000 + '.0"'))
    [problem] = caught.value.problems
    assert "$.version" == problem.where
    assert "newer than this danvan reads" in problem.message
    assert len(problem.message) < 200


@pytest.mark.parametrize(
    ("period", "schema_ok"),
    [('"2021"', True), ('"٢٠٢١"', False), ('"２０２１"', False), ('"2021-Q３"', False)],
)
def test_digits_are_one_rule_for_loader_and_schema(period: str, schema_ok: bool) -> None:
    """A period in another script's digits is refused by the loader exactly when the JSON
    Schema refuses it: digits are 0-9 in both."""
    text = _document("1", period=period)
    assert schema_ok == VALIDATOR.is_valid(json.loads(text))
    if schema_ok:
        assert Period.year(2021) == ser.loads(text).observations[0].period
        return
    with pytest.raises(LoadError) as caught:
        ser.loads(text)
    assert ["$.observations[0].period"] == [p.where for p in caught.value.problems]
    assert "is not one of 0-9" in caught.value.problems[0].message


# --- NFC before escaping: load(dump(x)) == x ----------------------------------------------------

marks = st.sampled_from(["\u0301", "\u0300", "\u0323", "\u0338", "\u0302\u0301"])
controls = st.sampled_from(["\n", "\t", "\r", "\x01", "\x1f", "\\", '"', "/"])
tricky = st.lists(
    st.one_of(marks, controls, st.sampled_from(["e", "n", "dòng", "=", "<", "Đ"])), max_size=8
).map("".join)


@LAW
@given(tricky)
def test_law_text_round_trips_through_json(text: str) -> None:
    """Law: load(dump(ds)) == ds for text mixing control characters, escapes and combining
    marks ("dòng 1\\n\\u0301" was written as "\\ń" before issue 15); the file is NFC."""
    import unicodedata

    dataset = Dataset(title=text)
    written = ser.dumps(dataset)
    assert unicodedata.is_normalized("NFC", written)
    assert dataset == ser.loads(written)


@LAW
@given(tricky, st.sampled_from([".jsonl", ".csv"]))
def test_law_text_round_trips_through_observation_files(
    tmp_path_factory: pytest.TempPathFactory, text: str, suffix: str
) -> None:
    """Law: load_observations(dump_observations(obs)) == obs for such text, in every format
    that accepts it."""
    obs = Observation(
        id="a",
        metric="tips",
        value=Quantity(value=5, unit="tin"),
        period=Period.year(2021),
        note=text,
        quote=text,
    )
    path = tmp_path_factory.mktemp("nfc") / f"x{suffix}"
    ser.dump_observations([obs], path)
    assert (obs,) == ser.load_observations(path)


@LAW
@given(datasets())
def test_law_any_dataset_round_trips_streamed(dataset: Dataset) -> None:
    """Law: a dumped dataset read back in slices equals the dataset."""
    assert dataset == read_dataset(Text(read=sliced(ser.dumps(dataset), [5, 17])), "<doc>")


tricky_or_any = st.one_of(tricky, texts())


@LAW
@given(
    observation_lists(text=tricky_or_any),
    st.sampled_from([".json", ".jsonl", ".csv", ".xlsx"]),
)
def test_law_what_dump_accepts_load_gives_back(
    tmp_path_factory: pytest.TempPathFactory,
    observations: tuple[Observation, ...],
    suffix: str,
) -> None:
    """Law: load(dump(ds)) == ds in every format, for every dataset dump accepts (a table
    refuses, by a danvan error, a figure it cannot hold or a NUL character)."""
    dataset = Dataset(observations=observations)
    path = tmp_path_factory.mktemp("any") / f"data{suffix}"
    try:
        ser.dump(dataset, path)
    except DanvanError:
        assert not path.exists()
        return
    assert dataset == ser.load(path)
