# Ratsspur: `make ingest` builds data/ratsspur.db from corpus/, `make serve` publishes it,
# `make test` runs the suite. Every target bootstraps .venv with the pinned dependencies first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= data/ratsspur.db
PORT ?= 8001
STAMP := $(VENV)/.installed

.PHONY: ingest serve test test-fast eval bench bench-corpus screenshots system-deps lock clean help

help:
	@echo "make ingest       build $(DB) from corpus/"
	@echo "make serve        browse it with Datasette on http://127.0.0.1:$(PORT)/"
	@echo "make test         run the whole test suite (what CI runs)"
	@echo "make eval         score the extractors on the gold files"
	@echo "make bench        throughput benchmark (see docs/benchmarks.md)"
	@echo "make screenshots  write screenshots of the trail and timeline pages to docs/"

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

ingest: $(STAMP)
	@mkdir -p $(dir $(DB))
	$(BIN)/ratsspur ingest corpus/ --db $(DB)

$(DB):
	$(MAKE) ingest

serve: $(STAMP) $(DB)
	$(BIN)/ratsspur serve $(DB) --port $(PORT)

# Debian packages the browser and OCR tests need (chromium, tesseract with German); skipped where
# apt-get is missing or we are not root.
system-deps:
	@if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  missing=""; \
	  test -x /usr/bin/chromium || missing="$$missing chromium"; \
	  command -v tesseract >/dev/null 2>&1 || missing="$$missing tesseract-ocr tesseract-ocr-deu"; \
	  command -v qpdf >/dev/null 2>&1 || missing="$$missing qpdf"; \
	  if [ -n "$$missing" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi; \
	else echo "system-deps: not root or no apt-get; browser/OCR tests skip if their tools are missing"; fi

test: $(STAMP) system-deps
	$(BIN)/python -m pytest -n 2 --dist loadgroup

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow and not browser" -x -q

eval: $(STAMP)
	$(BIN)/ratsspur eval tests/gold tests/shapes

# The synthetic benchmark corpus (N papers as text and PDF); its manifest is written last.
BENCH_CORPUS := data/bench/manifest.csv

bench-corpus: $(STAMP)
	$(BIN)/python -m pipeline.bench corpus --out data/bench --papers $${N:-10000}

$(BENCH_CORPUS):
	$(MAKE) bench-corpus

# Every figure of docs/benchmarks.md in one run; BENCH_ARGS="--quick" for a five-minute version.
bench: $(STAMP) $(BENCH_CORPUS)
	$(BIN)/python -m pipeline.bench run --corpus data/bench --markdown $(BENCH_ARGS)

screenshots: $(STAMP) system-deps $(DB)
	$(BIN)/python -m pipeline.publish.screenshots --db $(DB) --out docs

lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable | sed '1i # Pinned dependencies of Ratsspur (pip freeze of a working environment, Python 3.11).\n# Regenerate with: make lock' > requirements.lock

clean:
	rm -rf $(VENV) data/ratsspur.db* .pytest_cache
