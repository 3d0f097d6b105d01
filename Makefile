# Two commands for a newcomer: `make demo` shows the product, `make test` runs the tests.
# `make help` lists every target.
VENV := .venv
PY := $(VENV)/bin/python
export DJANGO_SETTINGS_MODULE := standalone.settings

.PHONY: help demo test page lint services browser venv frontend

help: ## list the targets
	@awk -F':.*## ' '/^[a-z]+:.*## /{printf "  make %-9s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

venv: $(VENV)/.installed ## create .venv/ and install the package with its dev dependencies

$(VENV)/.installed: setup.py
	test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

services: ## start PostgreSQL and Redis when they are not answering (installs them as root)
	scripts/services

browser: ## install headless Chromium for the browser tests when missing (as root)
	scripts/browser

demo: venv services ## a simulated month of step mail; every mail in out/demo/
	$(PY) -m standalone.database
	$(PY) -m django migrate -v 0
	$(PY) -m standalone.demo

test: venv services browser frontend ## the test suite on real PostgreSQL and Redis (no Saleor needed)
	$(PY) -m pytest

# The operator page's source (frontend/): its unit tests, and the shipped bundle checked to be a
# fresh build of it. Installing the package needs no Node; this does (node 20.19+, npm).
frontend: frontend/node_modules/.installed ## the operator page's unit tests and bundle check (needs Node)
	cd frontend && npm run --silent check

frontend/node_modules/.installed: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $@

page: venv services ## the operator page on the demo's data (after make demo), demo sign-in
	$(PY) -m standalone.database
	$(PY) -m django migrate -v 0
	@echo "Operator page: http://127.0.0.1:8000/plugins/stepmail/dashboard/"
	@echo "Sign in as demo@stepmail.example / stepmail-demo (standalone only). Ctrl-C stops it."
	@# A Celery worker beside the page server runs what the page starts (a backfill).
	export DJANGO_SETTINGS_MODULE=standalone.page_settings; \
	$(PY) -m celery -A standalone.celery worker -l WARNING -P solo & worker=$$!; \
	trap 'kill $$worker' EXIT INT TERM; \
	$(PY) -m django runserver 127.0.0.1:8000 --noreload

lint: venv ## ruff check and ruff format --check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
