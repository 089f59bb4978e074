# Two commands for a fresh machine with Python 3.11:  `make demo`  and  `make test`.
# Both create .venv and install the project with the CPU build of torch (pinned: an unpinned torch
# pulls a multi-GB CUDA build). `make test` also installs Debian's chromium for the browser tests.

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
TORCH  := torch==2.13.0
STAMP  := $(VENV)/.installed

.PHONY: demo test setup system-deps lint bench bench-scale clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet $(TORCH)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

# Debian packages: chromium for the Playwright browser tests and the demo's screenshots (Playwright
# cannot download its own browser here), R's readr to check that exports load in R. Needs root or
# sudo; skipped when already installed.
APT_PACKAGES := chromium fonts-liberation r-base-core r-cran-readr
system-deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  echo "installing $$missing"; \
	  $$SUDO apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

demo: $(STAMP)
	-@$(MAKE) --no-print-directory system-deps
	$(BIN)/engage demo --out demo-output

test: $(STAMP) system-deps
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python bench/classify.py
	$(BIN)/python bench/reports.py
	$(BIN)/python bench/inbox.py
	$(BIN)/python bench/export.py

# Research scale (docs/scaling.md): 10M public replies over two years for 50 accounts. Needs the
# optional duckdb (`pip install -e '.[bench]'`) for the panel query; without it that figure is skipped.
# Run time: the 1M run took 15 min to build and ~75 min in all on 2 cores shared with other jobs; 10M is
# about ten times that (docs/scaling.md). Figures land in /tmp/engage-scale-10m/figures.json after each step.
bench-scale: $(STAMP)
	nice -n 10 $(BIN)/python bench/scale.py --replies 10000000 --db /tmp/engage-scale-10m.db --keep /tmp/engage-scale-10m

clean:
	rm -rf $(VENV) demo-output .pytest_cache
