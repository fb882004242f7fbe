# The two commands: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
DB ?= data/warehouse.duckdb
MODELS ?= data/models
PORT ?= 8501

.PHONY: run test demo install install-test system-fonts system-test-deps bench lab

$(VENV)/.runtime: requirements.txt pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	$(PY) -m pip install -q --no-deps -e .
	touch $@

$(VENV)/.test: $(VENV)/.runtime requirements-test.txt
	$(PY) -m pip install -q -r requirements-test.txt
	touch $@

install: $(VENV)/.runtime
install-test: $(VENV)/.test

$(DB): | $(VENV)/.runtime
	$(PY) -m analytics demo --db $(DB)

# The risk models the key-enterprise list needs: backtested, fitted and registered once (about a minute).
$(MODELS)/default.json: | $(DB)
	ANALYTICS_MODELS_DIR=$(MODELS) $(PY) -m analytics train --db $(DB)

demo: $(VENV)/.runtime
	$(PY) -m analytics demo --db $(DB) --force

# On the demo warehouse, demo accounts (one per role) are made once and their passwords printed;
# a real warehouse gets none (`python -m analytics users add NAME --role ROLE`).
# CJK fonts for the annual report's charts (Debian's fonts-noto-cjk); installed only where missing.
system-fonts:
	-@if ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q fonts-noto-cjk fontconfig; \
	fi

run: $(VENV)/.runtime system-fonts $(DB) $(MODELS)/default.json
	-@$(PY) -m analytics users demo --db $(DB)
	ANALYTICS_DB=$(DB) ANALYTICS_MODELS_DIR=$(MODELS) $(VENV)/bin/streamlit run app.py --server.port $(PORT) --server.headless true

# Debian's Chromium and CJK fonts for the browser tests; installed only where missing.
system-test-deps:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q chromium fonts-noto-cjk; \
	fi

test: $(VENV)/.test system-test-deps
	$(PY) -m pytest -n 2 --dist loadgroup

# JupyterLab on the project's environment, opened on notebooks/ (after `make run` has built the demo).
lab: $(VENV)/.runtime
	$(PY) -m pip install -q -r requirements-notebook.txt
	ANALYTICS_DB=$(DB) ANALYTICS_MODELS_DIR=$(MODELS) $(VENV)/bin/jupyter lab notebooks/ \
		$$( [ "$$(id -u)" = 0 ] && echo --allow-root )

# Speed figures (printed, not asserted); the warehouse benchmark builds a 1,000,000-enterprise province.
bench: $(VENV)/.test $(DB)
	$(PY) benchmarks/indicators_bench.py $(DB)
	$(PY) benchmarks/premiums_bench.py $(DB)
	$(PY) benchmarks/targeting_bench.py $(DB)
	$(PY) benchmarks/browser_bench.py $(DB)
	$(PY) benchmarks/users_bench.py $(DB) --browsers 4 --think 3 --rounds 8 --ramp 20
	$(PY) benchmarks/users_bench.py $(DB) --browsers 0 --think 3 --rounds 6
	$(PY) benchmarks/users_bench.py $(DB) --browsers 0 --think 0
	$(PY) benchmarks/warehouse_bench.py
