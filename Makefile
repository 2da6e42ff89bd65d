# govsim developer commands. Each target creates .venv on first use and installs
# the project with the extras that target needs, so a fresh clone needs only python3.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test bench lint format clean docs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test,dev,plot,cli,dask,pandas,docs,arrow,sensitivity]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/govsim run examples/kazakhstan.toml --changes --out report/

# pytest-xdist: one worker per core (-n auto); the suite takes about half the time on
# this project's 2-core machines. Hypothesis is derandomized (tests/conftest.py), so
# every worker draws the same examples on every run.
test: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider -n auto

# The documentation site: every warning is an error; the tutorial and the examples run.
docs: $(STAMP)
	MPLBACKEND=Agg $(BIN)/python -m sphinx -W --keep-going -b html docs docs/_build/html

# Each benchmark is a script that times govsim and its reference or peers in one
# process and prints the ratios.
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	@for script in benchmarks/bench_*.py; do \
		echo "== $$script"; $(BIN)/python $$script || exit 1; done

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks examples tools docs
	$(BIN)/ruff format --check src tests benchmarks examples tools docs
	$(BIN)/mypy --strict src/govsim

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks examples tools docs
	$(BIN)/ruff check --fix src tests benchmarks examples tools docs

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .hypothesis .benchmarks report
	rm -rf docs/_build docs/api/generated docs/auto_examples docs/auto_tutorials docs/api/govsim*.rst
