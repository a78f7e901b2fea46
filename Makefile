# Hackney Opportunities. `make run` and `make test` are all a newcomer needs; see README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Where links in emails point: the address `make run` serves on, unless SITE_URL is set (environment or command
# line), e.g. to the machine's own address when HOST=0.0.0.0 lets a phone on the same network in.
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: run test lint format bench up install css collectstatic clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

static/dist/main.css: node_modules/.installed static/build.mjs $(wildcard static/scss/*.scss)
	npm run --silent build

install: $(VENV)/.installed node_modules/.installed

css: static/dist/main.css

# Development server on SQLite with eager tasks (set DATABASE_URL / REDIS_URL to use PostgreSQL / Redis).
run: install css
	DEBUG=true $(PY) manage.py migrate --no-input
	DEBUG=true SITE_URL=$(SITE_URL) $(PY) manage.py seed_demo
	@echo "Serving Hackney Opportunities on http://$(HOST):$(PORT)/ (Ctrl+C to stop; links in emails use $(SITE_URL))"
	DEBUG=true SITE_URL=$(SITE_URL) $(PY) manage.py runserver $(HOST):$(PORT)

collectstatic: install css
	$(PY) manage.py collectstatic --no-input --verbosity 0

# The whole suite on PostgreSQL and Redis (bin/services.py finds them; with CI=true both are required).
test: install css collectstatic
	@set -euo pipefail; services=$$($(PY) bin/services.py); \
	env $$services $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DATABASE_URL=sqlite:////tmp/hackney-makemigrations-check.sqlite3 $(PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install css collectstatic
	$(PY) bench/catalogue.py
	$(PY) bench/notifications.py
	$(PY) bench/applications.py
	$(PY) bench/appointments.py
	$(PY) bench/matching.py
	$(PY) bench/courses.py

# Production-like: gunicorn, a Celery worker and beat (Procfile) on PostgreSQL and Redis.
UP_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/hackney_opportunities_up
UP_REDIS_URL ?= redis://127.0.0.1:6379/1
up: install css collectstatic
	@createdb -h 127.0.0.1 -U postgres hackney_opportunities_up 2>/dev/null || true
	DATABASE_URL=$(UP_DATABASE_URL) $(PY) manage.py migrate --no-input
	DATABASE_URL=$(UP_DATABASE_URL) SITE_URL=$(SITE_URL) $(PY) manage.py seed_demo --not-production
	DATABASE_URL=$(UP_DATABASE_URL) REDIS_URL=$(UP_REDIS_URL) SITE_URL=$(SITE_URL) SECRET_KEY=$${SECRET_KEY:-$$(head -c 32 /dev/urandom | base64)} \
	  SECURE_COOKIES=false PATH=$(VENV)/bin:$$PATH $(VENV)/bin/honcho start -f Procfile -p $(PORT)

clean:
	rm -rf $(VENV) node_modules static/dist staticfiles db.sqlite3
