# Two commands do everything on a fresh machine: `make plan` and `make test`.
# Both create .venv from requirements.txt first; nothing is installed globally.
# `./plan` is the same plan with its documented exit status (make turns any failure into 2).
VENV ?= .venv
PY := $(VENV)/bin/python
STACK ?= all
OUT ?= build/plan
BASE ?= origin/main
BASE_DIR ?= build/base
BASE_OUT ?= build/plan-base
WORKFLOWS := $(wildcard .github/workflows/*.yml)

.PHONY: plan plan-base plan-diff test check lint typecheck workflows bench venv clean

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

plan: $(VENV)/.installed  ## offline plan of prod then dr (mock engine, no cloud)
	VENV=$(VENV) ./plan --stack $(STACK) --out $(OUT) $(if $(CONFIG),--config $(CONFIG),)

# plan-base: plan BASE (a git ref) in a git worktree, with this checkout's virtualenv, into
# BASE_OUT. A base that does not plan leaves BASE_OUT without JSON: "not compared" in the report.
plan-base: $(VENV)/.installed
	rm -rf $(BASE_OUT) && mkdir -p $(BASE_OUT)
	git worktree remove --force $(BASE_DIR) 2>/dev/null || rm -rf $(BASE_DIR)
	git worktree prune
	git worktree add --quiet --detach $(BASE_DIR) $(BASE)
	cd $(BASE_DIR) && $(abspath $(PY)) -m offline.plan --stack all --out $(abspath $(BASE_OUT)) \
		> $(abspath $(BASE_OUT))/console.txt 2>&1 \
		|| echo "plan-base: $(BASE) did not plan cleanly (exit $$?); see $(BASE_OUT)/console.txt" >&2
	git worktree remove --force $(BASE_DIR)

# plan-diff: the plan with "What changed" against BASE (default origin/main).
plan-diff: plan-base
	VENV=$(VENV) ./plan --stack $(STACK) --out $(OUT) --compare-to $(BASE_OUT) $(if $(CONFIG),--config $(CONFIG),)

test: check  ## lint, type-check, then the test suite
	$(PY) -m pytest

check: lint typecheck workflows

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(VENV)/.installed
	$(VENV)/bin/pyright

workflows: $(VENV)/.installed  ## GitHub Actions workflows against GitHub's schema (bundled: offline)
	$(VENV)/bin/check-jsonschema --builtin-schema vendor.github-workflows $(WORKFLOWS)

bench: $(VENV)/.installed  ## the whole ./plan process by phase, vs a flat replay; targets met or not
	$(PY) -m bench.plan_bench

clean:
	rm -rf build .pytest_cache
