# Two commands for a fresh machine: `make run` and `make test`.
# Every target sets up what it needs; the second run is fast because each step
# leaves a stamp that only goes stale when its inputs change.

PY       ?= python3.11
VENV     := .venv
BIN      := $(VENV)/bin
STAMP    := $(VENV)/.installed
GAZ      := data/build/gazetteer.sqlite
MODEL    := data/build/event_scorer.json
DB       ?= data/sitroom.duckdb
SHARED   ?= ../shared
PORT     ?= 8501

.PHONY: setup run test eval bench browser-deps sample-db clean

setup: $(STAMP) $(GAZ) $(MODEL)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

# The index is written by these modules only (the geocoder and the place ranker just read it).
$(GAZ): $(STAMP) $(addprefix sitroom/geo/,build.py sources.py centroids.py text.py) $(wildcard data/places/*.csv)
	$(BIN)/sitroom build-gazetteer -o $@

# The learned event scorer: fitted on data/training/ (deterministic, about a minute on 2 cores).
# Its features are read from the extractor's candidates, so any extractor or dictionary change
# retrains it; training loads the gazetteer too (order-only: `make -j` builds that first).
$(MODEL): $(STAMP) $(wildcard data/training/*) $(wildcard data/*.csv data/*.txt) $(wildcard sitroom/extract/*.py) \
          sitroom/taxonomy.py | $(GAZ)
	$(BIN)/sitroom train -o $@

sample-db: setup
	test -f $(DB) || $(BIN)/sitroom ingest data/sample --db $(DB)

run: sample-db
	$(BIN)/sitroom dashboard --db $(DB) --port $(PORT)

# Debian's Chromium for the browser test and for chart images (kaleido);
# Playwright's own browser download does not work on these machines.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }
	@# LibreOffice (PPTX -> PDF) and poppler (PDF -> PNG) let a test look at rendered slides and pages.
	@{ command -v soffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; } || { \
	  (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	  libreoffice-impress poppler-utils >/dev/null; } || echo "LibreOffice/poppler not installed: the slide render test will skip"

test: setup browser-deps
	SITROOM_SHARED=$(SHARED) $(BIN)/python -m pytest -q

eval: setup
	SITROOM_SHARED=$(SHARED) $(BIN)/python scripts/eval.py --shared $(SHARED)

bench: setup browser-deps
	$(BIN)/python scripts/bench.py --shared $(SHARED)
	$(BIN)/python scripts/bench_store.py
	$(BIN)/python scripts/bench_ingest.py --shared $(SHARED)
	$(BIN)/python scripts/bench_browser.py

clean:
	rm -rf data/build $(DB) tests/artifacts
