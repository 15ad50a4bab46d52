"""Importing danvan: no Hypothesis unless asked for, and the Hypothesis entry point works.

Each test runs a fresh interpreter, since this process has long imported everything.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import danvan

SOURCE = Path(danvan.__file__).resolve().parent.parent  # the directory holding danvan/
PYPROJECT = SOURCE.parent / "pyproject.toml"


def run(code: str, *extra_path: Path) -> str:
    """Run ``code`` in a fresh interpreter that finds danvan; return what it printed."""
    path = os.pathsep.join(str(p) for p in (*extra_path, SOURCE))
    env = {**os.environ, "PYTHONPATH": path}
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert 0 == result.returncode, result.stderr
    return result.stdout.strip()


def test_import_danvan_does_not_import_hypothesis() -> None:
    """`import danvan` loads no Hypothesis: it is an optional extra."""
    out = run("""
        import sys
        import danvan
        print("hypothesis" in sys.modules, "danvan.strategies" in sys.modules)
    """)
    assert "False False" == out


def test_loading_the_hook_module_does_no_work() -> None:
    """Importing the entry-point module imports neither Hypothesis nor the strategies."""
    out = run("""
        import sys
        import danvan._hypothesis
        print("hypothesis" in sys.modules, "danvan.strategies" in sys.modules)
    """)
    assert "False False" == out


def test_the_hook_registers_without_importing_the_strategies() -> None:
    """The hook registers lazily: danvan.strategies loads only when a type is asked for."""
    out = run("""
        import sys
        from hypothesis import given, settings, strategies as st
        import danvan
        from danvan._hypothesis import _hypothesis_setup_hook
        _hypothesis_setup_hook()
        before = "danvan.strategies" in sys.modules

        @settings(max_examples=5, database=None)
        @given(st.from_type(danvan.Quantity))
        def check(quantity):
            assert isinstance(quantity, danvan.Quantity)

        check()
        print(before, "danvan.strategies" in sys.modules)
    """)
    assert "False True" == out


def test_entry_point_declared_in_pyproject_registers_strategies(tmp_path: Path) -> None:
    """The pyproject entry point, installed, makes from_type draw valid danvan records."""
    declared = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["entry-points"]
    assert {"_": "danvan._hypothesis:_hypothesis_setup_hook"} == declared["hypothesis"]
    # What installing danvan writes, reduced to what importlib.metadata reads.
    dist = tmp_path / "danvan_entry_point_test-0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: danvan-entry-point-test\nVersion: 0\n", encoding="utf-8"
    )
    lines = [f"{name} = {target}" for name, target in declared["hypothesis"].items()]
    (dist / "entry_points.txt").write_text(
        "[hypothesis]\n" + "\n".join(lines) + "\n", encoding="utf-8"
    )
    out = run(
        """
        from hypothesis import given, settings, strategies as st
        import danvan

        @settings(max_examples=10, database=None)
        @given(st.from_type(danvan.Observation), st.from_type(danvan.Period))
        def check(observation, period):
            assert isinstance(observation.value, danvan.Quantity | danvan.Ratio)
            assert isinstance(period, danvan.Period)

        check()
        print("ok")
        """,
        tmp_path,
    )
    assert "ok" == out


def test_import_danvan_does_not_import_the_sql_engines() -> None:
    """`import danvan`, and aggregating a dataset by the default engines, load neither
    duckdb nor pyspark nor pyarrow: they are the extras of the SQL engines."""
    out = run("""
        import sys
        import danvan
        question = danvan.Query(metric="tips", period=danvan.Period.years(2017, 2021))
        danvan.aggregate(danvan.Dataset(), question)
        print(sorted({m.split(".")[0] for m in sys.modules} & {"duckdb", "pyspark", "pyarrow"}))
    """)
    assert "[]" == out


def test_an_engine_of_your_own_loads_no_engine_of_danvan() -> None:
    """`import danvan` and the names an engine is written with (`Engine`, `Scope`,
    `Verdict`, `reference_answer`), and aggregating by an engine passed in, load neither
    numpy (the columnar engine's) nor duckdb, pyspark or pyarrow."""
    out = run("""
        import sys
        import danvan
        heavy = {"numpy", "duckdb", "pyspark", "pyarrow"}
        before = sorted({m.split(".")[0] for m in sys.modules} & heavy)

        class Mine:
            name = "mine"

            def answer(self, data, query, scope):
                assert isinstance(scope, danvan.Scope)
                return danvan.reference_answer(scope)  # every figure, by the reference

        assert isinstance(Mine(), danvan.Engine) and danvan.Verdict and danvan.PlaceFit
        figures = [
            danvan.Observation(
                id=f"o{i}", metric="tips", value=danvan.parse_quantity("5 tin"),
                period=danvan.Period.year(2021), place="36",
            )
            for i in range(1200)  # enough for engine=None to take the columnar engine
        ]
        data = danvan.Dataset(places=danvan.seed_gazetteer(), observations=figures)
        result = data.aggregate("tips", engine=Mine())
        print(before, sorted({m.split(".")[0] for m in sys.modules} & heavy), result.engine)
    """)
    assert "[] [] mine" == out


def test_the_duckdb_engine_loads_its_extra_on_first_use() -> None:
    """Asking the DuckDB engine loads duckdb and pyarrow (and still not pyspark)."""
    out = run("""
        import sys
        import danvan
        question = danvan.Query(metric="tips", period=danvan.Period.years(2017, 2021))
        danvan.aggregate(danvan.Dataset(), question, engine="duckdb")
        print(sorted({m.split(".")[0] for m in sys.modules} & {"duckdb", "pyspark", "pyarrow"}))
    """)
    assert "['duckdb', 'pyarrow']" == out


def test_import_danvan_defers_its_tables() -> None:
    """`import danvan` compiles none of its regular expressions, makes none of the built-in
    units and loads neither fractions nor gzip: all of them wait for their first use."""
    out = run("""
        import re, sys
        import attrs, cattrs, pendulum
        compiled = []
        original = re._compile
        def counting(pattern, flags):
            caller = sys._getframe(1)
            while caller.f_code.co_filename.endswith(("re/__init__.py", "functools.py")):
                caller = caller.f_back
            if "danvan" in caller.f_code.co_filename:
                compiled.append(pattern)
            return original(pattern, flags)
        re._compile = counting
        import danvan
        from danvan import _units
        print(len(compiled), _units._builtin.cache_info().currsize,
              sorted({"fractions", "gzip", "danvan._unit_words"} & set(sys.modules)))
        print(danvan.parse_period("quý III/2021"), len(danvan.units()) > 100, len(compiled) > 0)
    """)
    assert "0 0 []\n2021-Q3 True True" == out


FIRST_USE_MODULES = [
    "danvan._aggregate.aggregate",
    "danvan._aggregate.query",
    "danvan._aggregate.results",
    "danvan._ambiguity",
    "danvan._breakdown",
    "danvan._io.parquet",
    "danvan._observation_table",
    "danvan._period_text",
    "danvan._validation",
]


def test_import_danvan_leaves_aggregation_and_validation_for_first_use() -> None:
    """`import danvan` loads none of the aggregation, validation, period-text and flat-table
    modules; asking for one of their names loads it, and its class says danvan.X."""
    out = run(f"""
        import sys
        import danvan
        modules = {FIRST_USE_MODULES!r}
        print([m for m in modules if m in sys.modules])
        row = danvan.Row
        print(row.__module__, "danvan._aggregate.results" in sys.modules,
              "danvan._validation" in sys.modules)
        from danvan import ValidationReport, parse_period
        print(ValidationReport.__module__, "danvan._validation" in sys.modules,
              parse_period("2021"), "Severity" in dir(danvan), danvan.Severity.__module__)
    """)
    assert "[]\ndanvan True False\ndanvan True 2021 True danvan" == out


def test_a_dataset_answers_in_public_classes_before_any_is_asked_for() -> None:
    """In a fresh interpreter, `Dataset.aggregate` and `Dataset.validate` (which load their
    modules themselves) return classes that say danvan.X, and pickles name only danvan."""
    out = run("""
        import pickle, pickletools
        import danvan

        def modules(value):  # the danvan modules a pickle of value names
            data = pickle.dumps(value, protocol=2)
            return sorted({
                arg.split(" ")[0] for op, arg, _ in pickletools.genops(data)
                if op.name == "GLOBAL" and arg.startswith("danvan")
            })

        figure = danvan.Observation(
            id="a", metric="tips", value=danvan.parse_quantity("5 tin"),
            period=danvan.Period.year(2021), place="36",
        )
        data = danvan.Dataset(places=danvan.seed_gazetteer(), observations=[figure])
        result = data.aggregate("tips", period=danvan.Period.year(2021), by="province")
        report = data.validate()
        print(type(result).__module__, type(result.rows[0]).__module__, type(report).__module__)
        print(modules(result), modules(report))
    """)
    assert "danvan danvan danvan\n['danvan'] ['danvan']" == out


def test_classes_met_through_other_public_calls_say_danvan_before_they_are_asked_for() -> None:
    """In a fresh interpreter, the classes a call hands back from a module `import danvan`
    leaves for first use say danvan.X though nobody asked for danvan.X: the `Scope` an
    engine of one's own is given, a place resolution, an extraction and its candidates,
    and a report."""
    out = run("""
        import danvan

        class Peek:
            name = "peek"
            def answer(self, data, query, scope):
                print(type(scope).__module__)
                return None

        data = danvan.Dataset(places=danvan.seed_gazetteer())
        question = danvan.Query(metric="tips", period=danvan.Period.year(2021))
        danvan.aggregate(data, question, engine=Peek())
        found = danvan.resolve_place("huyện Ý Yên")
        print(type(found).__module__, type(found.candidates[0]).__module__)
        extraction = danvan.extract("Năm 2021, tỉnh tiếp nhận 52 tin báo.")
        print(type(extraction).__module__, type(extraction.candidates[0]).__module__)
    """)
    assert "danvan\ndanvan danvan\ndanvan danvan" == out
