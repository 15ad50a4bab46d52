# Every target works on a fresh clone where only python3 and make exist.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: test demo bench fuzz docs lint typecheck pytest gazetteer clean
DOCS_STAMP := $(VENV)/.docs-installed
BENCH_STAMP := $(VENV)/.bench-installed
FUZZ_STAMP := $(VENV)/.fuzz-installed

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[hypothesis]' --group test
	touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check src tests examples bench tools fuzz
	$(BIN)/ruff format --check src tests examples bench tools fuzz

typecheck: $(STAMP)
	$(BIN)/mypy --strict src tests tools
	$(BIN)/mypy --strict examples  # apart: examples/ and tests/ each have a conftest.py
	$(BIN)/mypy --strict fuzz

pytest: $(STAMP)
	HYPOTHESIS_PROFILE=ci $(BIN)/pytest -q

test: lint typecheck pytest

SEED := examples/nam_dinh_2017_2021.py
# The seed article's figures, reported by the command line in Vietnamese, then validated.
demo: $(STAMP)
	$(BIN)/danvan report $(SEED) --metric tips --period 2017/2021 --by province --place 36
	$(BIN)/danvan report $(SEED) --metric blood.turns --period 2017/2021 --by province --place 36
	$(BIN)/danvan report $(SEED) --metric models --period 2017/2021 --by province --place 36
	$(BIN)/danvan report $(SEED) --metric exemplars.individuals --period 2017/2021 --by province --place 36
	$(BIN)/danvan report $(SEED) --metric surrendered --period 2017/2021 --by submetric --place 36
	$(BIN)/danvan report $(SEED) --metric police.regular.coverage --period 2017/2021 --place 36
	$(BIN)/danvan report $(SEED) --metric surrendered.guns --period 2017/2021 --by province --as-of 1-1-2026 --sources
	$(BIN)/danvan validate $(SEED)

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --group bench
	touch $(BENCH_STAMP)

# Ratios against pandas, DuckDB, pydantic and msgspec in one run; see docs/performance.md.
bench: $(BENCH_STAMP)
	$(BIN)/python bench/run.py

$(FUZZ_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --group fuzz
	touch $(FUZZ_STAMP)

# Coverage-guided fuzzing of every loader (atheris), FUZZ_SECONDS each, then the
# property tests at length. `make test` runs the same targets briefly (tests/test_fuzz.py).
FUZZ_SECONDS ?= 60
fuzz: $(FUZZ_STAMP)
	$(BIN)/python fuzz/run.py --seconds $(FUZZ_SECONDS)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -q tests

$(DOCS_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --group docs
	touch $(DOCS_STAMP)

docs: $(DOCS_STAMP)
	$(BIN)/sphinx-build -W --keep-going -q -b html docs docs/_build/html

# Rebuild the national gazetteer from the vendored source tables (tools/gazetteer_source/);
# `make gazetteer REFRESH=1` first downloads the pinned vietnamadminunits wheel again.
gazetteer: $(STAMP)
	$(BIN)/python tools/build_gazetteer.py $(if $(REFRESH),--refresh)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis
