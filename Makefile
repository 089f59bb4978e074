# Two commands for a fresh machine with Python 3.11:  `make demo`  and  `make test`.
# Both create .venv and install the project with the CPU build of torch (pinned: an unpinned torch
# pulls a multi-GB CUDA build). `make test` also installs Debian's chromium for the browser tests.

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
TORCH  := torch==2.13.0
STAMP  := $(VENV)/.installed

.PHONY: demo test setup browser lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet $(TORCH)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

# Debian's chromium for the Playwright browser tests and the demo's screenshots (Playwright cannot
# download its own browser here). Needs root or sudo; skipped when chromium is already installed.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

demo: $(STAMP)
	-@$(MAKE) --no-print-directory browser
	$(BIN)/engage demo --out demo-output

test: $(STAMP) browser
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python bench/classify.py
	$(BIN)/python bench/reports.py
	$(BIN)/python bench/inbox.py
	$(BIN)/python bench/export.py

clean:
	rm -rf $(VENV) demo-output .pytest_cache
