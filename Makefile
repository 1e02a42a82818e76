# The two setup commands: `make run` and `make test` (see README).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: run test install install-dev system-deps locale messages lint clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Debian's gettext (msgfmt, for compilemessages) and, for the browser tests,
# Debian's chromium. Installed when missing and this is a Debian machine we
# are root on; otherwise the message says what to install.
system-deps:
	@missing=""; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	[ -z "$(WITH_BROWSER)" ] || [ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else echo "make: please install:$$missing (Debian/Ubuntu: sudo apt-get install$$missing)"; \
	    command -v msgfmt >/dev/null || exit 1; fi; \
	fi

locale: install system-deps
	DJANGO_DEBUG=1 $(PY) manage.py compilemessages --ignore=$(VENV) -v 0

## Update locale/*/django.po from the code and templates (no file locations, no obsolete
## entries: the catalogues change only when a message does; CI checks they are current).
messages: install system-deps
	DJANGO_DEBUG=1 $(PY) manage.py makemessages -l id -l fr -l es -l de --no-location --no-obsolete \
	    --ignore=$(VENV) --ignore=tests --ignore=artifacts --ignore=bench --ignore=staticfiles --ignore=node_modules -v 0

## Install, migrate, import the seed bundle, create the demo accounts, publish the
## drafts that pass the checks as demo content (load_demo), serve on 127.0.0.1:8000
## with the background-task worker beside it (stopped when the server stops).
run: export DJANGO_DEBUG ?= 1
run: install locale
	@test -f .env.local || printf '# Written by make run: manage.py reads it (newsroom/local_env.py).\nDJANGO_DEBUG=1\n' > .env.local
	$(PY) manage.py migrate --noinput
	$(PY) manage.py import_seeds
	$(PY) manage.py create_demo_accounts
	$(PY) manage.py load_demo --site-url http://$(HOST)/
	@$(PY) manage.py db_worker --no-reload --queue-name '*' & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST)

## Install the development dependencies and run the whole test suite, in parallel on every
## core (pytest-xdist; PYTEST_WORKERS=0 runs it in one process), printing the 20 slowest.
PYTEST_WORKERS ?= auto
test: export WITH_BROWSER = 1
test: install-dev locale
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist worksteal --durations=20

lint: install-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles
