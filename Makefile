# `make run`: a working QCDC on http://127.0.0.1:8000 (SQLite in var/). `make test`: every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test install lint test-backend postgres system-packages compose-check openapi

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(INSTALLED)

run: install
	$(BIN)/qcdc db upgrade
	$(BIN)/qcdc demo load
	@echo "QCDC on http://127.0.0.1:8000 (API under /api/v1, docs at /api/v1/docs)"
	$(BIN)/qcdc serve --host 127.0.0.1 --port 8000

openapi: install
	$(BIN)/qcdc openapi export

# PostgreSQL is the test database; start the machine's cluster when it is down.
postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 || { \
	  echo "starting PostgreSQL"; \
	  pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start; \
	  for i in $$(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; }

system-packages:
	@command -v docker-compose >/dev/null || { apt-get update -qq && apt-get install -y -qq docker-compose >/dev/null; }

lint: install
	$(BIN)/ruff check backend tests
	$(BIN)/mypy

compose-check: system-packages
	QCDC_SECRET_KEY=compose-check docker-compose -f docker-compose.yml config -q

test-backend: install postgres
	$(BIN)/qcdc openapi export --check
	$(BIN)/pytest

test: lint test-backend compose-check
