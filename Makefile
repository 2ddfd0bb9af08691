# Portal Satu Data & PPID Kabupaten Pekalongan — the two commands are `make run` and `make test`.
# Every target installs what is missing first (Debian packages, .venv, Solr from Maven), so a
# bare machine needs nothing else. The logic lives in config/stack.py (standard library only).

PYTHON ?= python3
STACK  := $(PYTHON) config/stack.py
VENV   := .venv/bin
ARGS   ?=
PYTEST_ARGS ?=
# TEST_SLOT=N runs the suite against the isolated site var/test-N.ini (N = 1..8; 9 and 10 are
# the parallel workers' sites of `make test`)
TEST_SLOT ?=
TEST_SITE := $(if $(TEST_SLOT),test-$(TEST_SLOT),test)
TEST_INI  := var/$(TEST_SITE).ini
# make test without TEST_SLOT: TEST_WORKERS pytest-xdist workers, each on a site of its own
# (var/test.ini, var/test-9.ini, var/test-10.ini: at most 3; tests/conftest.py); TEST_WORKERS=1: one process
TEST_WORKERS ?= $(if $(TEST_SLOT),1,3)
XDIST_ARGS := $(if $(filter-out 1,$(TEST_WORKERS)),-n $(TEST_WORKERS) --dist loadgroup)
XDIST_SITES := $(if $(XDIST_ARGS),test-9 test-10)

.PHONY: run up down status ckan test lint unit bench install prepare-test constraints clean-venv docs i18n backup restore loadtest

## make run: install, start services, init the database, load the demo catalogue, serve (Ctrl-C stops)
run:
	@$(STACK) run

## make up / down / status: the same in the background
up:
	@$(STACK) up

down:
	@$(STACK) down

status:
	@$(STACK) status

## make ckan ARGS="...": the ckan CLI against the development config (var/ckan.ini)
ckan:
	@$(STACK) install >/dev/null
	@$(VENV)/ckan -c var/ckan.ini $(ARGS)

install:
	@$(STACK) install

prepare-test:
	@$(STACK) prepare $(TEST_SITE) $(XDIST_SITES)

## make lint: ruff over our code
lint: install
	@$(VENV)/ruff check ckanext-pekalongan harvesters tests config

## make test: set-up, lint, then the whole suite against the real PostgreSQL, Solr and Redis
test: prepare-test
	@$(VENV)/ruff check ckanext-pekalongan harvesters tests config
	@rc=0; $(VENV)/pytest -p no:cacheprovider --ckan-ini=$(TEST_INI) $(XDIST_ARGS) $(PYTEST_ARGS) || rc=$$?; \
	 if [ "$$CI" = "true" ]; then $(STACK) down; fi; exit $$rc

## make unit: only tests/unit (the pure rules; quick). Same set-up as make test
unit: prepare-test
	@$(VENV)/pytest tests/unit --ckan-ini=$(TEST_INI) $(PYTEST_ARGS)

## make bench: benchmarks under tests/bench (figures printed and saved in var/bench)
bench: prepare-test
	@PEKALONGAN_BENCH=1 $(VENV)/pytest tests/bench -s -p no:cacheprovider --ckan-ini=$(TEST_INI) $(PYTEST_ARGS)

## make backup [SITE=dev]: one dated archive (databases, uploads, secrets) in var/backups/ (0600)
backup: install
	@$(PYTHON) config/backup.py backup $(or $(SITE),dev)

## make restore FILE=var/backups/... [SITE=...] [FORCE=1]: restore onto an empty site, reindex
restore: install
	@$(PYTHON) config/backup.py restore "$(FILE)" --start-services $(if $(SITE),--site $(SITE)) \
	 $(if $(FORCE),--force) $(if $(REPLACE_SECRETS),--replace-secrets)

## make loadtest [DURATION=5m] [USERS=50]: locust citizens against one web node, then two
## behind nginx, on the dev site (make up first); table printed and in var/bench/loadtest.md
loadtest: install
	@$(VENV)/python tests/load/run.py --duration $(or $(DURATION),5m) --users $(or $(USERS),50)

## make constraints: refreeze constraints.txt from the current venv
constraints:
	@{ echo "# Every package version of the venv, frozen from a working install (pip freeze)."; \
	   echo "# Regenerate with \`make constraints\` after changing requirements*.txt."; \
	   $(VENV)/pip freeze --exclude-editable | grep -v '^-e'; } > constraints.txt

## make docs: regenerate the README's options table from the config declarations
docs: install
	@$(VENV)/python config/options_table.py

## make i18n: extract messages and merge them into the id and en catalogues
i18n: install
	@$(VENV)/python config/i18n.py
