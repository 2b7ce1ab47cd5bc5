# `make run`: a working QCDC on http://127.0.0.1:8000 (SQLite in var/). `make test`: every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
export PIP_DISABLE_PIP_VERSION_CHECK := 1

NPM := cd frontend && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm
WEB_SOURCES := $(shell find frontend/src frontend/index.html frontend/vite.config.ts -type f 2>/dev/null)

.PHONY: run test install web lint test-backend test-web postgres redis system-packages compose-check openapi

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(INSTALLED)

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	$(NPM) ci --no-audit --no-fund
	touch $@

# The SPA that `qcdc serve` serves from frontend/dist.
frontend/dist/index.html: frontend/node_modules/.installed $(WEB_SOURCES)
	$(NPM) run build

web: frontend/dist/index.html

run: install web
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

# Redis keeps the shared rate limits under test; start the machine's server when it is down.
redis:
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || { \
	  echo "starting Redis"; \
	  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null; \
	  for i in $$(seq 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done; }

# Debian's Chromium drives the browser tests (no browser is ever downloaded); docker-compose checks
# the compose file; LibreOffice turns report documents into PDF, kept running and driven through
# its UNO bridge (python3-uno) so that a conversion does not wait for it to start. Liberation 2
# (metric twin of Times New Roman) has every Vietnamese letter; 1.x lacks some (Ệ, Ủ, Ả …), which
# LibreOffice then takes from another font, breaking the PDF's text.
system-packages:
	@missing=""; command -v docker-compose >/dev/null || missing="$$missing docker-compose"; \
	  test -x /usr/bin/chromium || missing="$$missing chromium"; \
	  command -v soffice >/dev/null || missing="$$missing libreoffice-writer-nogui"; \
	  /usr/bin/python3 -c "import uno" 2>/dev/null || missing="$$missing python3-uno"; \
	  dpkg -s fonts-liberation2 >/dev/null 2>&1 || missing="$$missing fonts-liberation2"; \
	  if [ -n "$$missing" ]; then apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; fi

lint: install
	$(BIN)/ruff check backend tests bench
	$(BIN)/mypy

compose-check: system-packages
	QCDC_SECRET_KEY=compose-check docker-compose -f docker-compose.yml config -q

test-backend: install postgres redis system-packages
	$(BIN)/qcdc openapi export --check
	$(BIN)/pytest

test-web: install system-packages frontend/node_modules/.installed
	$(NPM) run check:api
	$(NPM) test
	$(NPM) run e2e

test: lint test-backend test-web compose-check

# National-scale benchmark (bench/README.md); not part of `make test`.
# Generates qcdc_bench once (REGENERATE=1 to redo it, SCALE=0.1 for a quick run), then measures.
.PHONY: bench
SCALE ?= 1.0
USERS ?= 200
WORKERS ?= 2
bench: install postgres redis
	$(BIN)/pip install -q -e '.[dev,bench]'
	$(BIN)/python -m bench.generate --scale $(SCALE) $(if $(REGENERATE),,--if-missing)
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.deadline_day --users $(USERS) --workers $(WORKERS)

# The deadline day: a locust load of communes, reviewers, dashboards, public pages and a script, on
# the benchmark data, with 1 and WORKERS server processes (bench/README.md).
.PHONY: bench-deadline
bench-deadline: install postgres redis
	$(BIN)/pip install -q -e '.[dev,bench]'
	$(BIN)/python -m bench.generate --scale $(SCALE) --if-missing
	$(BIN)/python -m bench.deadline_day --users $(USERS) --workers $(WORKERS)

# The national reform imported as one batch, on a tree of 2024 of its own (qcdc_bench_reform).
.PHONY: bench-reform
bench-reform: install postgres
	$(BIN)/python -m bench.reform --scale $(SCALE) $(if $(REGENERATE),--regenerate,)
