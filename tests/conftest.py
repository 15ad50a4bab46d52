"""Test configuration: Hypothesis profiles.

``ci`` (used by ``make test``) is derandomised so every run checks the same
examples; ``fuzz`` (used by ``make fuzz``) searches far longer.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from danvan import Dataset

settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    print_blob=True,
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=30, deadline=None)
settings.register_profile(
    "fuzz",
    max_examples=5_000,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


_EXAMPLES = Path(__file__).parent.parent / "examples"
_BROWSERS = ("chromium", "chromium-browser", "google-chrome")
_BROWSER = next((found for name in _BROWSERS if (found := shutil.which(name))), None)

# The browser tests need a real Chromium (make browser; make test installs it where it
# can). Without one they are not collected, and the header of the run says so.
collect_ignore = [] if _BROWSER else ["test_browser.py"]


def pytest_report_header() -> str:
    if _BROWSER:
        return f"browser tests: {_BROWSER}"
    return "browser tests: NOT RUN, no Chromium (run 'make browser')"


def load_example(name: str) -> ModuleType:
    """Import ``examples/<name>.py`` (the examples folder is not a package)."""
    spec = importlib.util.spec_from_file_location(name, _EXAMPLES / f"{name}.py")
    if spec is None or spec.loader is None:  # pragma: no cover - a missing example file
        raise FileNotFoundError(_EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def seed_example() -> ModuleType:
    """The module that builds the seed article's dataset."""
    return load_example("nam_dinh_2017_2021")


@pytest.fixture(scope="session")
def seed(seed_example: ModuleType) -> Dataset:
    """The seed article's dataset (Nam Định, 2017–2021)."""
    dataset: Dataset = seed_example.build()
    return dataset


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """One local Spark session for the whole test run, tuned for tiny data.

    The Spark engine uses the active session: tests that ask it for answers request
    this fixture. Starting the JVM takes seconds; jobs on a single core with a single
    shuffle partition take about a second each.
    """
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # no network look-up
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[1]")
        .appName("danvan-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.default.parallelism", "1")
        .config("spark.sql.adaptive.enabled", "false")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
