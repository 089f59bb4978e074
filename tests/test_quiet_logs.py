"""What lands in a log: loading the models off a terminal writes no progress bar to stderr."""

from __future__ import annotations

import os
import subprocess
import sys

from .conftest import REPO

LOAD = """
from engage.classify import load_suite_from_config
from engage.config import Config
config = Config.model_validate({"department": {"name": "Lakeside PD"}, "models": {"runtime": "torch"},
                                "accounts": [{"platform": "file", "handle": "inbox", "path": "inbox"}]})
load_suite_from_config(config, tasks=["sentiment"])
print("loaded")
"""


def test_loading_models_off_a_terminal_prints_no_progress_bar(model_graph_cache) -> None:
    """The daemon's stderr is its log (journald, docker logs): a "Loading weights" bar must not land there."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "ENGAGE_CACHE_DIR": str(model_graph_cache)}
    done = subprocess.run([sys.executable, "-c", LOAD], capture_output=True, text=True, env=env, cwd=REPO,
                          timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "loaded"
    assert "Loading weights" not in done.stderr and "it/s]" not in done.stderr, done.stderr[-500:]
