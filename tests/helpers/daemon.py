"""The in-process daemon the scheduler tests drive: config and inbox writers, fakes for the models."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, JobEvent

from engage.config import load_config
from engage.daemon.scheduler import Daemon
from engage.store import Store
from engage.timeutil import utcnow

JOB_TIMEOUT_S = 120  # generous: the suite runs on 2 shared cores


def write_config(tmp_path: Path, accounts: list[dict[str, Any]], **extra: Any) -> Path:
    data = {"department": {"name": "Test PD", "timezone": "America/Chicago"}, "data_dir": "data",
            "accounts": accounts, **extra}
    path = tmp_path / "config.yaml"
    path.write_text(json.dumps(data), encoding="utf-8")  # JSON is YAML
    (tmp_path / "data").mkdir(exist_ok=True)
    return path


def write_records(path: Path, first: int, count: int, *, created_at: datetime | None = None) -> set[str]:
    """``count`` public replies (x:first..) as JSONL, last modified a minute ago (a file the daemon's
    connector takes: it leaves files changed in the last few seconds); return their uids."""
    created = (created_at or datetime(2026, 10, 5, 15, 0, tzinfo=UTC)).isoformat()
    uids = set()
    with path.open("w", encoding="utf-8") as fh:
        for n in range(first, first + count):
            rec = {"uid": f"x:{n}", "platform": "x", "native_id": str(n), "account": "RivertonPD", "kind": "reply",
                   "text": f"reply {n}", "created_at": created, "parent_uid": "x:1",
                   "root_uid": "x:1", "metrics": {"likes": n % 5}}
            fh.write(json.dumps(rec) + "\n")
            uids.add(rec["uid"])
    settled = time.time() - 60
    os.utime(path, (settled, settled))
    return uids


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "inbox"
    path.mkdir(parents=True)
    return path


@pytest.fixture
def make_daemon(tmp_path: Path) -> Iterator[Callable[..., Daemon]]:
    """Build and start daemons paused, with every job paused: a test fires the jobs it wants."""
    started: list[Daemon] = []

    def build(config_path: Path, *, classify: bool = False) -> Daemon:
        config = load_config(config_path)
        daemon = Daemon(config, config.default_db, config_path=config_path, classify=classify)
        daemon.start(paused=True)
        for job in daemon.scheduler.get_jobs():
            job.pause()
        daemon.scheduler.resume()
        started.append(daemon)
        return daemon

    yield build
    for daemon in started:
        if daemon.scheduler.running:
            daemon.stop()


class Expect:
    """Wait (bounded) for the next executions of ``job_id`` that the scheduler finishes."""

    def __init__(self, daemon: Daemon, job_id: str) -> None:
        self.daemon, self.job_id = daemon, job_id
        self.events: list[JobEvent] = []
        self.done = threading.Event()

    def _listener(self, event: JobEvent) -> None:
        if event.job_id == self.job_id:
            self.events.append(event)
            self.done.set()

    def __enter__(self) -> Expect:
        self.daemon.scheduler.add_listener(self._listener, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
        return self

    def wait(self) -> JobEvent:
        assert self.done.wait(JOB_TIMEOUT_S), f"job {self.job_id} did not run within {JOB_TIMEOUT_S} s"
        return self.events[0]

    def __exit__(self, *exc: object) -> None:
        self.daemon.scheduler.remove_listener(self._listener)


def fire(daemon: Daemon, job_id: str) -> JobEvent:
    """Run ``job_id`` now through the scheduler and wait (bounded) for it to finish."""
    with Expect(daemon, job_id) as expect:
        daemon.scheduler.get_job(job_id).modify(next_run_time=utcnow())
        return expect.wait()


def count(db: Path, sql: str, params: tuple[Any, ...] = ()) -> int:
    with Store.open(db) as store:
        return int(store.db.execute(sql, params).fetchone()[0])


@dataclass(frozen=True)
class FakeInfo:
    task: str
    model_id: str
    labels: tuple[str, ...]


@dataclass(frozen=True)
class FakePrediction:
    labels: tuple[str, ...]
    scores: dict[str, float]


class FakeSuite:
    """Stands in for models.ClassifierSuite: one task, deterministic labels, counts what it saw."""

    def __init__(self, model_id: str) -> None:
        self.infos = {"sentiment": FakeInfo("sentiment", model_id, ("negative", "neutral", "positive"))}
        self.seen = 0

    def predict(self, texts: list[str]) -> dict[str, list[FakePrediction]]:
        self.seen += len(texts)
        return {"sentiment": [FakePrediction(("neutral",), {"neutral": 1.0}) for _ in texts]}


