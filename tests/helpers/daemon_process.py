"""The daemon run as a real subprocess: start, poll with generous deadlines, read its database."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent.parent


DEADLINE_S = 180.0  # generous: the suite runs on 2 shared cores; a dead daemon fails at once


class Daemon:
    """One ``engage run`` subprocess with its output in files (a pipe could fill and block it)."""

    def __init__(self, config: Path, *args: str) -> None:
        self.out = config.parent / f"daemon-{time.monotonic_ns()}.log"
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        with self.out.open("wb") as fh:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "engage.daemon", "run", "--config", str(config), *args],
                cwd=config.parent, stdout=fh, stderr=subprocess.STDOUT, env=env,
            )

    def output(self) -> str:
        return self.out.read_text(encoding="utf-8", errors="replace")

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)


@pytest.fixture
def daemons() -> Iterator[Callable[..., Daemon]]:
    started: list[Daemon] = []

    def start(config: Path, *args: str) -> Daemon:
        started.append(Daemon(config, *args))
        return started[-1]

    yield start
    for daemon in started:
        daemon.kill()


def query(db: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Read the live database from outside (WAL: never blocks the daemon); empty before it exists."""
    if not db.exists():
        return []
    conn = sqlite3.connect(db, timeout=10)
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return []
        raise
    finally:
        conn.close()


def scalar(db: Path, sql: str, params: tuple[Any, ...] = ()) -> Any:
    rows = query(db, sql, params)
    return rows[0][0] if rows else 0


def wait_for(condition: Callable[[], bool], what: str, daemon: Daemon, deadline: float = DEADLINE_S) -> float:
    """Poll ``condition`` until true; fail with the daemon's output after ``deadline`` seconds."""
    started = time.monotonic()
    while not condition():
        if daemon.proc.poll() is not None:
            pytest.fail(f"daemon exited ({daemon.proc.returncode}) while waiting for {what}:\n{daemon.output()}")
        if time.monotonic() - started > deadline:
            pytest.fail(f"timed out after {deadline:.0f} s waiting for {what}:\n{daemon.output()}")
        time.sleep(0.05)
    return time.monotonic() - started


def write_config(tmp_path: Path, **extra: Any) -> Path:
    """A config with one file account watching ``data/inbox`` (created), as JSON (which is YAML)."""
    inbox = tmp_path / "data" / "inbox"
    inbox.mkdir(parents=True)
    data = {"department": {"name": "Test PD", "timezone": "America/Chicago"}, "data_dir": "data",
            "accounts": [{"platform": "file", "handle": "inbox", "path": "data/inbox", "interval_minutes": 5}],
            **extra}
    path = tmp_path / "config.yaml"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path
