# The two setup commands: `make run` and `make test` (see README).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: run test install install-dev lint clean

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

## Install, migrate, import the seed bundle, create the demo accounts, serve on 127.0.0.1:8000.
run: export DJANGO_DEBUG ?= 1
run: install
	$(PY) manage.py compilemessages --ignore=$(VENV) -v 0
	$(PY) manage.py migrate --noinput
	$(PY) manage.py import_seeds
	$(PY) manage.py create_demo_accounts
	$(PY) manage.py runserver $(HOST)

## Install the development dependencies and run the whole test suite.
test: install-dev
	DJANGO_DEBUG=1 $(PY) manage.py compilemessages --ignore=$(VENV) -v 0
	$(PY) -m pytest

lint: install-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles
