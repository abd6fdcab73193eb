# Two commands do everything on a fresh machine: `make plan` and `make test`.
# Both create .venv from requirements.txt first; nothing is installed globally.
VENV ?= .venv
PY := $(VENV)/bin/python
STACK ?= all
OUT ?= build/plan

.PHONY: plan test check lint typecheck bench clean

$(VENV)/.installed: requirements.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

plan: $(VENV)/.installed  ## offline plan of prod then dr (mock engine, no cloud)
	$(PY) -m offline.plan --stack $(STACK) --out $(OUT) $(if $(CONFIG),--config $(CONFIG),)

test: check  ## lint, type-check, then the test suite
	$(PY) -m pytest

check: lint typecheck

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(VENV)/.installed
	$(VENV)/bin/pyright

bench: $(VENV)/.installed  ## wall time and peak memory of the offline plan
	$(PY) -m bench.plan_bench

clean:
	rm -rf build .pytest_cache
