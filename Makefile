# The two commands of the README: `make demo` (the embedded default) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_USER ?= organiser
DEMO_PASSWORD ?= hanoi-2025
PYTEST_ARGS ?=

.PHONY: demo test lint format bench ci install migrate serve clean

# The virtual environment, rebuilt when a requirements file changes.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --no-input

## make demo: install, migrate, load the Hanoi 2025 event, create an organiser, serve the admin.
demo: migrate
	$(PY) manage.py load_demo
	$(PY) manage.py create_organiser $(DEMO_USER) --password $(DEMO_PASSWORD)
	@echo "Serving on http://$(HOST):$(PORT)/admin/  (log in as $(DEMO_USER) / $(DEMO_PASSWORD))"
	$(PY) manage.py runserver $(HOST):$(PORT)

## make test: the whole suite (PostgreSQL and Redis tests run when DATABASE_URL and
## CELERY_BROKER_URL point at them).
test: install
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install
	$(PY) benchmarks/bench_scheduling.py

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) db.sqlite3 media private-media staticfiles
