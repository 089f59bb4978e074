"""What the daemon writes to the database so ``engage status`` can read it from another process.

``daemon_state`` (one row) holds the pid, start time and heartbeat of the daemon holding the lock;
``daemon_jobs`` holds each job's next run, current interval and failures in a row. The ``runs`` table
stays the history; these two tables are only the present.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from engage.store import Store
from engage.timeutil import from_db, to_db, utcnow

# The daemon refreshes its heartbeat this often; `engage status` calls it dead after three misses.
HEARTBEAT_S = 60
SUCCESS_OUTCOMES = ("ok", "partial", "budget")
# Outcomes that say nothing about whether the account works (the daemon stopped, not the platform).
NEUTRAL_OUTCOMES = ("running", "stopped", "interrupted")
INTERRUPTED_ERROR = "the daemon stopped before this run finished (killed or crashed); the next run resumes it"


@dataclass(frozen=True)
class JobState:
    job_id: str
    kind: str
    platform: str | None
    account: str | None
    interval_minutes: float | None
    failures: int
    next_run_at: datetime | None


def mark_interrupted(store: Store, now: datetime | None = None) -> int:
    """Close the ``runs`` rows a dead daemon left ``running``; return how many.

    Called only while holding the daemon lock. An ``engage collect`` started by hand at the same
    moment could also have a row open; if so its own finish (``Store.run``) overwrites this mark.
    """
    with store.db.atomic():
        cur = store.db.execute(
            "UPDATE runs SET outcome = 'interrupted', ended_at = ?, error = ? WHERE outcome = 'running'",
            [to_db(now or utcnow()), INTERRUPTED_ERROR],
        )
    return cur.rowcount


def consecutive_failures(store: Store, platform: str, account: str, *, limit: int = 50) -> int:
    """Collection errors in a row for an account, newest first, ignoring stopped/interrupted runs."""
    rows = store.db.execute(
        "SELECT outcome FROM runs WHERE kind = 'collect' AND platform = ? AND account = ?"
        " ORDER BY id DESC LIMIT ?",
        [platform, account, limit],
    ).fetchall()
    failures = 0
    for (outcome,) in rows:
        if outcome in NEUTRAL_OUTCOMES:
            continue
        if outcome != "error":
            break
        failures += 1
    return failures


def last_run_id(store: Store, kind: str, platform: str | None = None, account: str | None = None) -> int:
    row = store.db.execute(
        "SELECT COALESCE(MAX(id), 0) FROM runs WHERE kind = ? AND platform IS ? AND account IS ?",
        [kind, platform, account],
    ).fetchone()
    return int(row[0])


def last_success(store: Store, kind: str) -> datetime | None:
    row = store.db.execute(
        "SELECT MAX(started_at) FROM runs WHERE kind = ? AND outcome IN ('ok', 'partial')", [kind]
    ).fetchone()
    return from_db(row[0]) if row[0] else None


def record_failed_run(
    store: Store, kind: str, error: str, *, platform: str | None = None, account: str | None = None
) -> int:
    """A ``runs`` row for a job that failed before it could open its own (e.g. no connector)."""
    with store.run(kind, platform=platform, account=account) as run:
        run.fail(error)
    return run.id


def record_start(store: Store, *, classify: bool, now: datetime | None = None) -> None:
    now_s = to_db(now or utcnow())
    with store.db.atomic():
        store.db["daemon_state"].upsert(
            {"id": 1, "pid": os.getpid(), "host": socket.gethostname(), "started_at": now_s,
             "heartbeat_at": now_s, "stopped_at": None, "classify": int(classify)},
            pk="id",
        )
        store.db.execute("DELETE FROM daemon_jobs")


def heartbeat(store: Store, now: datetime | None = None) -> None:
    with store.db.atomic():
        store.db.execute(
            "UPDATE daemon_state SET heartbeat_at = ? WHERE id = 1 AND pid = ?", [to_db(now or utcnow()), os.getpid()]
        )


def record_stop(store: Store, now: datetime | None = None) -> None:
    now_s = to_db(now or utcnow())
    with store.db.atomic():
        store.db.execute("UPDATE daemon_state SET stopped_at = ? WHERE id = 1 AND pid = ?", [now_s, os.getpid()])
        store.db.execute("UPDATE daemon_jobs SET next_run_at = NULL, updated_at = ?", [now_s])


def publish_jobs(store: Store, jobs: Iterable[JobState], now: datetime | None = None) -> None:
    """Replace ``daemon_jobs`` with the scheduler's current view."""
    now_s = to_db(now or utcnow())
    rows = [
        {"job_id": j.job_id, "kind": j.kind, "platform": j.platform, "account": j.account,
         "interval_minutes": j.interval_minutes, "failures": j.failures,
         "next_run_at": to_db(j.next_run_at) if j.next_run_at else None, "updated_at": now_s}
        for j in jobs
    ]
    with store.db.atomic():
        store.db.execute("DELETE FROM daemon_jobs")
        if rows:
            store.db["daemon_jobs"].insert_all(rows, pk="job_id")


def read_daemon(store: Store) -> dict[str, Any] | None:
    """The ``daemon_state`` row, or ``None`` when no daemon ever ran on this database."""
    if "daemon_state" not in store.db.table_names():
        return None
    rows = list(store.db.query("SELECT * FROM daemon_state WHERE id = 1"))
    return rows[0] if rows else None


def read_jobs(store: Store) -> dict[str, dict[str, Any]]:
    if "daemon_jobs" not in store.db.table_names():
        return {}
    return {r["job_id"]: r for r in store.db.query("SELECT * FROM daemon_jobs")}
