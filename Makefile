# The verbs a newcomer needs. Every target sets itself up on a fresh clone.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
WORKERS ?= 2
# pytest-xdist processes for make test and test-fast (TEST_WORKERS=0: one process, no xdist);
# tests/conftest.py keeps each test file on one worker.
TEST_WORKERS ?= 2
XDIST := -n $(TEST_WORKERS) --dist loadgroup --no-loadscope-reorder

.PHONY: run test test-fast lint format bench bench-render bench-throughput load faults install install-test lock curator clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Every install takes its versions from requirements.lock (pip constraints), so a fresh
# clone runs what CI ran; `make lock` refreshes it.
LOCK := requirements.lock

$(VENV)/.installed: pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/pip install --quiet -c $(LOCK) -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(LOCK) $(VENV)/.installed
	$(BIN)/pip install --quiet -c $(LOCK) -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

## run: set up, migrate, load the fixtures and serve with gunicorn on 127.0.0.1:$(PORT)
run: install
	$(BIN)/python manage.py migrate --noinput
	@# No --force: a curator's unexported edits are never overwritten by starting the site.
	$(BIN)/python manage.py reload_fixtures || echo "make run: fixtures not loaded (reason above); serving the data already in the database." >&2
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/gunicorn filmkb.wsgi --bind 127.0.0.1:$(PORT) --workers $(WORKERS) --access-logfile -

## test: install what the tests need and run the whole suite, on $(TEST_WORKERS) workers
test: install-test
	$(BIN)/pytest $(XDIST) $(PYTEST_ARGS)

## test-fast: the inner loop: everything but the tests marked slow (subprocesses) or browser
test-fast: install-test
	$(BIN)/pytest $(XDIST) -m 'not slow and not browser' $(PYTEST_ARGS)

## lock: re-resolve pyproject.toml's ranges in a scratch venv and pin the result in requirements.lock
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --upgrade pip
	.lock-venv/bin/pip install --quiet -e '.[test]'
	{ echo '# Pinned versions for make install/run/test (pip constraints). Refresh with: make lock'; \
	  .lock-venv/bin/pip freeze --exclude-editable; } > $(LOCK)
	rm -rf .lock-venv

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## curator: create a curator account (make curator USERNAME=ann EMAIL=ann@example.org [PASSWORD_ENV=VAR])
curator: install
	$(BIN)/python manage.py migrate --noinput --verbosity 0
	$(BIN)/python manage.py create_curator $(if $(USERNAME),--username $(USERNAME)) $(if $(EMAIL),--email $(EMAIL)) $(if $(PASSWORD_ENV),--password-from-env $(PASSWORD_ENV))

bench: install-test
	bash bench/run.sh

## bench-render: uncached render time and queries of every page type, in process (article scale, SQLite and PostgreSQL)
bench-render: install
	bash bench/render.sh

## bench-throughput: /healthz, cached film page and cache busting as ratios to a bare WSGI app (article scale, SQLite and PostgreSQL)
bench-throughput: install
	bash bench/throughput.sh

## load: gunicorn as `make run` serves it, 64 connections for 30 s over a mix of pages; fails on any non-2xx
load: install
	bash bench/load.sh

## faults: start the site as `make run` does, then cut, silence and kill what it depends on, one at a time
faults: install
	$(BIN)/python bench/faults.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache db.sqlite3*
