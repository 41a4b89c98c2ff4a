# The two commands of the README: `make demo` (the embedded default) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_USER ?= organiser
DEMO_PASSWORD ?= hanoi-2025
DEMO_FOCAL_POINT ?= focal.point@vnm.demo.example
PYTEST_ARGS ?=
BENCH_ARGS ?=

# Debian packages: gettext (compiling translations), Pango and HarfBuzz for WeasyPrint's PDFs,
# Noto fonts for every script on badges and programmes, poppler-utils to read PDFs in tests,
# Chromium for the browser tests (driven by Playwright, never downloaded by it); Node.js and npm
# (when the machine has no npm) to fetch the pages' JavaScript libraries from the npm registry.
SYSTEM_PACKAGES := gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
	fonts-noto-core fonts-noto-cjk fonts-noto-extra poppler-utils chromium

.PHONY: demo test lint format bench load ci install system-packages messages migrate vendor clean

system-packages:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	command -v npm >/dev/null 2>&1 || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:" $$missing; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# The virtual environment, rebuilt when a requirements file changes.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: system-packages $(VENV)/.installed messages vendor

# JavaScript libraries the pages use, from the npm registry (package-lock.json pins each with its
# checksum), copied into static files: no page loads anything from a CDN. Rebuilt when the lock
# file changes; the copies are not committed.
VENDOR := config/static/vendor
vendor: $(VENDOR)/.built

$(VENDOR)/.built: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/jquery-ui
	cp node_modules/jquery-ui/dist/jquery-ui.min.js node_modules/jquery-ui/LICENSE.txt $(VENDOR)/jquery-ui/
	mkdir -p $(VENDOR)/htmx $(VENDOR)/chartjs $(VENDOR)/interactjs
	cp node_modules/htmx.org/dist/htmx.min.js node_modules/htmx.org/LICENSE $(VENDOR)/htmx/
	cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/LICENSE.md $(VENDOR)/chartjs/
	cp node_modules/interactjs/dist/interact.min.js node_modules/interactjs/LICENSE $(VENDOR)/interactjs/
	touch $@

# Translations are compiled from the .po files on every machine, never committed as .mo.
messages: $(VENV)/.installed
	$(PY) manage.py compilemessages --ignore .venv -v0

migrate: install
	$(PY) manage.py migrate --no-input

## make demo: install, migrate, load the Hanoi 2025 event, create an organiser, serve the admin.
demo: migrate
	$(PY) manage.py load_demo
	$(PY) manage.py create_organiser $(DEMO_USER) --password $(DEMO_PASSWORD)
	$(PY) manage.py create_focal_point hanoi-2025 VNM $(DEMO_FOCAL_POINT) --password $(DEMO_PASSWORD)
	@echo "Serving on http://$(HOST):$(PORT)/admin/ (organiser: $(DEMO_USER) / $(DEMO_PASSWORD))"
	@echo "  and http://$(HOST):$(PORT)/portal/ (focal point: $(DEMO_FOCAL_POINT) / $(DEMO_PASSWORD))"
	@echo "  and the public programme: http://$(HOST):$(PORT)/en/events/hanoi-2025/ (/fr/, /ar/, ...)"
	$(PY) manage.py runserver $(HOST):$(PORT)

## make test: the whole suite (PostgreSQL and Redis tests run when DATABASE_URL and
## CELERY_BROKER_URL point at them).
test: install
	env -u DATABASE_URL $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## make bench: every figure beside its target, one table (BENCH_ARGS=--quick for a tenth of the
## event; --keep keeps the generated database for the next run).
bench: install
	$(PY) benchmarks/run.py $(BENCH_ARGS)

## make load: the production set-up on loopback under locust, then the checks (needs
## DATABASE_URL=postgres://... and CELERY_BROKER_URL=redis://...; LOAD_ARGS=--quick for a try).
LOAD_ARGS ?=
load: install
	$(PY) benchmarks/bench_load.py $(LOAD_ARGS)

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) db.sqlite3 media private-media staticfiles node_modules $(VENDOR)
