"""The fuzz targets of ``make fuzz``, run briefly: the corpus of every format and a few
hundred deterministic mutations each; nothing may escape (see fuzz/targets.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

FUZZ = Path(__file__).resolve().parent.parent / "fuzz"


def _module(name: str) -> ModuleType:
    """Import ``fuzz/<name>.py`` (the fuzz folder is not a package)."""
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, FUZZ / f"{name}.py")
        assert spec is not None
        assert spec.loader is not None
        sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[name])
    return sys.modules[name]


targets = _module("targets")
run = _module("run")
# Mutations per target: a few seconds in all, well inside `make test`.
MUTATIONS = {"json": 800, "jsonl": 800, "csv": 800, "records": 800, "xlsx": 300, "xlsx-zip": 100}


@pytest.mark.parametrize("name", sorted(targets.TARGETS))
def test_no_input_escapes(name: str) -> None:
    """Each target's corpus and mutations either load and round-trip or raise a danvan error."""
    record = targets.Escapes(lambda _: None)
    inputs = run.mutations(name, MUTATIONS[name])
    for data in inputs:
        record.run(targets.TARGETS[name], data)
    assert (len(inputs), {}) == (record.tried, record.found)


@pytest.mark.parametrize("name", sorted(targets.TARGETS))
def test_the_corpus_holds_input_that_loads(name: str) -> None:
    """Each target's corpus holds input that loads, so that the oracle is exercised."""
    record = targets.Escapes(lambda _: None)
    corpus = targets.corpus(name)
    for data in corpus:
        record.run(targets.TARGETS[name], data)
    assert {} == record.found
    assert 0 < record.loaded
