# Every target works on a fresh clone where only python3 and make exist.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: test demo bench fuzz docs lint typecheck pytest gazetteer clean browser dist
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

test: browser lint typecheck pytest

# A real headless browser for the HTML report tests (tests/test_browser.py): Debian's
# chromium, installed when missing and apt-get can run (as root, or through sudo without a
# password). Without it the browser tests are not collected, and pytest's header says so.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo -n)
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	{ command -v apt-get >/dev/null 2>&1 && \
	  { $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null 2>&1 || \
	    { $(SUDO) apt-get update -qq >/dev/null 2>&1 && \
	      $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null 2>&1; }; } || \
	echo "make browser: chromium is not installed and apt-get cannot install it here; the browser tests will not run"; }

# A wheel and a source archive in dist/, to install danvan into another project.
dist: $(STAMP)
	$(BIN)/python -m pip install --quiet build
	rm -rf dist
	$(BIN)/python -m build --outdir dist .

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
	$(BIN)/python examples/demo.py

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
