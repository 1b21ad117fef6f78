# fazhi — two commands: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test deps static migrate demo serve lint lock bench browser-deps clean

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(PIP) install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

deps: $(VENV)/.installed node_modules/.installed

static: deps
	$(PY) manage.py collectstatic --noinput --verbosity 0

migrate: deps
	mkdir -p var
	$(PY) manage.py migrate --noinput --verbosity 0

demo: migrate
	$(VENV)/bin/fazhi demo --if-empty

run: static demo
	$(VENV)/bin/fazhi demo --accounts
	@echo "工作台: http://$(HOST):$(PORT)/workspace/   公开门户: http://$(HOST):$(PORT)/"
	@trap 'kill 0' EXIT INT TERM; \
	  $(PY) manage.py run_huey --quiet & \
	  $(PY) manage.py runserver --noreload $(HOST):$(PORT)

# Browser tests drive Debian's Chromium; install it when missing and we may (root with apt).
browser-deps:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium 未安装：浏览器测试将被跳过（Debian: apt-get install chromium）"; fi; }

test: deps browser-deps
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

lock: $(VENV)/.installed
	$(VENV)/bin/pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements.lock

bench: migrate
	for script in bench/*.py; do $(PY) $$script || exit 1; done

clean:
	rm -rf var/static .pytest_cache
