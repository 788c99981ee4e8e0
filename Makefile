# The two commands of the README: `make demo` and `make test`. Both set up everything they need.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PYTHON ?= python3

.PHONY: setup system demo serve test check lint format bench clean

system:
	@./scripts/setup-system.sh

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --upgrade pip
	@$(PY) -m pip install -q -e '.[dev]'
	@touch $(STAMP)

setup: system $(STAMP)

demo: setup
	$(VENV)/bin/reportgen demo

# The portal on the demo workspace (outputs/demo/), with demo accounts printed. PORT=8000 by default.
PORT   ?= 8000
DEMO   := $(CURDIR)/outputs/demo
REVIEW := $(CURDIR)/templates/nq11-moi-truong
serve: setup
	@test -f $(DEMO)/inputs/nq11-moi-truong/reportgen.sqlite || $(VENV)/bin/reportgen demo
	@REPORTGEN_ROOT=$(DEMO) $(VENV)/bin/reportgen access demo --review $(REVIEW)
	REPORTGEN_ROOT=$(DEMO) $(VENV)/bin/reportgen serve --review $(REVIEW) --port $(PORT)

test: setup
	@./scripts/test-services.sh
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: lint test

bench: setup
	$(PY) bench/run_all.py

clean:
	rm -rf outputs/* .pytest_cache .mypy_cache .ruff_cache
