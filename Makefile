# Two entry points for a fresh machine (see README): `make bench` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup bench test build clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

setup: $(BIN)/.installed

# The main job. Until the baselines land it validates the corpus and prints its statistics.
bench: setup
	$(BIN)/dateline validate
	$(BIN)/dateline stats --by-type

test: setup
	$(BIN)/python -m pytest

# Regenerate data files and generated docs blocks from corpus/documents and schema/.
build: setup
	$(BIN)/dateline build

clean:
	rm -rf $(VENV) .pytest_cache
