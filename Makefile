# Two commands for a newcomer: `make demo` shows the product, `make test` runs the tests.
VENV := .venv
PY := $(VENV)/bin/python
export DJANGO_SETTINGS_MODULE := standalone.settings

.PHONY: demo test lint services browser venv

venv: $(VENV)/.installed

$(VENV)/.installed: setup.py
	test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

services:
	scripts/services

browser:
	scripts/browser

demo: venv services
	$(PY) -m django migrate -v 0
	$(PY) -m standalone.demo

test: venv services browser
	$(PY) -m pytest

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
