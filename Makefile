# Two entry points for a fresh machine (see README): `make bench` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup bench test build docs browser clean

# Two install steps: the benchmark needs only the library and the baselines' extra;
# the tests, the site and the Label Studio round trip need the rest. pip's own
# progress bar shows while it downloads (the baselines' extra is about 1 GB).
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(BIN)/.bench-installed: pyproject.toml | $(BIN)/python
	@echo "make: installing dateline and the baselines' dependencies into $(VENV) (spaCy, its small English model, CRFsuite, quantulum3, scikit-learn, matplotlib)"
	$(BIN)/pip install --progress-bar on -e '.[baselines]'
	touch $@

$(BIN)/.installed: pyproject.toml $(BIN)/.bench-installed
	@echo "make: installing the test, site and Label Studio dependencies into $(VENV)"
	$(BIN)/pip install --progress-bar on -e '.[test,docs,baselines,labelstudio]'
	touch $@

setup: $(BIN)/.installed

# The main job: validate the corpus, run every baseline on the test split, score it, publish the leaderboard.
bench: $(BIN)/.bench-installed
	$(BIN)/dateline validate
	$(BIN)/dateline bench --publish docs

test: setup browser
	$(BIN)/python -m pytest

# Debian's Chromium for the site's browser test (Playwright cannot download its own browser here).
browser:
	@test -x /usr/bin/chromium || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  apt-get update -qq && apt-get install -y -qq chromium; } || \
	  { echo "make browser: the site test needs Chromium at /usr/bin/chromium (Debian: sudo apt-get install chromium)"; exit 1; }

docs: setup
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

# Regenerate data files and generated docs blocks from corpus/documents and schema/.
build: setup
	$(BIN)/dateline build

clean:
	rm -rf $(VENV) .pytest_cache .cache bench-out
