"""Numbered schema migrations. An old database opens and upgrades in place, one step at a time.

Each migration is a function registered with :func:`migration` under a unique number; applied
numbers are recorded in ``schema_migrations`` so gaps are harmless and nothing runs twice. A
migration runs inside one transaction: a failure leaves the database at the previous version.
Never edit a migration that has shipped; add a new one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import sqlite_utils

Migration = Callable[[sqlite_utils.Database], None]
MIGRATIONS: dict[int, tuple[str, Migration]] = {}


def migration(number: int, name: str) -> Callable[[Migration], Migration]:
    """Register ``fn`` as migration ``number``."""

    def register(fn: Migration) -> Migration:
        if number in MIGRATIONS:
            raise RuntimeError(f"migration {number} registered twice")
        MIGRATIONS[number] = (name, fn)
        return fn

    return register


def applied(db: sqlite_utils.Database) -> set[int]:
    if "schema_migrations" not in db.table_names():
        return set()
    return {row["number"] for row in db["schema_migrations"].rows}


def latest() -> int:
    return max(MIGRATIONS)


def migrate(db: sqlite_utils.Database, up_to: int | None = None) -> list[int]:
    """Apply every pending migration (or those up to ``up_to``) and return their numbers."""
    if "schema_migrations" not in db.table_names():
        db["schema_migrations"].create(
            {"number": int, "name": str, "applied_at": str}, pk="number", if_not_exists=True
        )
    done = applied(db)
    ran = []
    for number in sorted(MIGRATIONS):
        if number in done or (up_to is not None and number > up_to):
            continue
        name, fn = MIGRATIONS[number]
        with db.atomic():
            fn(db)
            db["schema_migrations"].insert(
                {"number": number, "name": name, "applied_at": datetime.now(UTC).isoformat()}
            )
        ran.append(number)
    return ran


@migration(1, "core tables of DESIGN.md section 3")
def _m1_core(db: sqlite_utils.Database) -> None:
    db["accounts"].create(
        {"id": int, "platform": str, "handle": str, "user_id": str, "label": str},
        pk="id",
        not_null={"platform", "handle"},
    )
    db["accounts"].create_index(["platform", "handle"], unique=True)
    db.execute(
        """
        CREATE TABLE posts (
            uid TEXT PRIMARY KEY,
            platform TEXT NOT NULL,
            native_id TEXT NOT NULL,
            account TEXT NOT NULL,
            author_id TEXT,
            author_handle TEXT,
            is_department INTEGER NOT NULL DEFAULT 0,
            kind TEXT NOT NULL CHECK (kind IN ('post', 'reply', 'mention', 'quote')),
            text TEXT NOT NULL DEFAULT '',
            lang TEXT,
            created_at TEXT NOT NULL,
            collected_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            parent_uid TEXT,
            root_uid TEXT,
            url TEXT,
            likes INTEGER, replies INTEGER, reposts INTEGER, quotes INTEGER, views INTEGER,
            raw TEXT,
            is_public_reply INTEGER GENERATED ALWAYS AS (
                is_department = 0 AND kind IN ('reply', 'mention', 'quote')
            ) VIRTUAL
        )
        """
    )
    db["posts"].create_index(["parent_uid"])
    db["posts"].create_index(["root_uid", "created_at"])
    db["posts"].create_index(["platform", "account", "created_at"])
    db["posts"].create_index(["is_public_reply", "created_at"])
    db["posts"].create_index(["is_department", "created_at"])
    db["posts"].enable_fts(["text"], tokenize="unicode61 remove_diacritics 2", create_triggers=True)

    db["metric_snapshots"].create(
        {"uid": str, "observed_at": str, "likes": int, "replies": int, "reposts": int, "quotes": int, "views": int},
        pk=("uid", "observed_at"),
        foreign_keys=[("uid", "posts", "uid")],
    )
    db["classifications"].create(
        {"id": int, "uid": str, "task": str, "model_id": str, "label": str, "scores": str, "classified_at": str},
        pk="id",
        foreign_keys=[("uid", "posts", "uid")],
        not_null={"uid", "task", "model_id", "label"},
    )
    db["classifications"].create_index(["uid", "task", "model_id", "label"], unique=True)
    db["classifications"].create_index(["task", "model_id", "label"])

    db["triage"].create(
        {"uid": str, "status": str, "assignee": str, "note": str, "updated_at": str, "updated_by": str},
        pk="uid",
        foreign_keys=[("uid", "posts", "uid")],
        not_null={"status"},
    )
    db["triage"].create_index(["status"])
    db["audit_log"].create(
        {"id": int, "uid": str, "at": str, "actor": str, "field": str, "before": str, "after": str},
        pk="id",
        not_null={"at", "actor", "field"},
    )
    db["audit_log"].create_index(["uid", "at"])
    db["cursors"].create(
        {"platform": str, "account": str, "stream": str, "value": str, "updated_at": str},
        pk=("platform", "account", "stream"),
    )
    db["runs"].create(
        {
            "id": int, "kind": str, "platform": str, "account": str, "started_at": str, "ended_at": str,
            "outcome": str, "fetched": int, "new": int, "updated": int, "skipped": int, "reads": int,
            "error": str, "details": str,
        },
        pk="id",
        not_null={"kind", "started_at", "outcome"},
        defaults={"fetched": 0, "new": 0, "updated": 0, "skipped": 0, "reads": 0},
    )
    db["runs"].create_index(["kind", "platform", "account", "started_at"])


@migration(2, "deletions, human corrections, active model ids")
def _m2_labels_and_deletions(db: sqlite_utils.Database) -> None:
    db["posts"].add_column("deleted_at", str)
    db["posts"].add_column("tombstoned_at", str)
    db["posts"].create_index(["created_at"])
    # The current human label set of a (uid, task); its history is in audit_log.
    db["corrections"].create(
        {"uid": str, "task": str, "label": str, "actor": str, "at": str},
        pk=("uid", "task", "label"),
        foreign_keys=[("uid", "posts", "uid")],
    )
    # Which model's labels are current for each task (set by the classification pipeline).
    db["active_models"].create({"task": str, "model_id": str, "labels": str, "activated_at": str}, pk="task")
    db.execute(
        """
        CREATE VIEW current_labels AS
        SELECT c.uid, c.task, c.label, c.scores, c.model_id, 'model' AS source
        FROM classifications c
        JOIN active_models a ON a.task = c.task AND a.model_id = c.model_id
        WHERE NOT EXISTS (SELECT 1 FROM corrections k WHERE k.uid = c.uid AND k.task = c.task)
        UNION ALL
        SELECT k.uid, k.task, k.label, NULL AS scores, 'human:' || k.actor AS model_id, 'human' AS source
        FROM corrections k
        """
    )


@migration(4, "web app: users, sessions, login attempts")
def _m4_web(db: sqlite_utils.Database) -> None:
    db["users"].create(
        {"id": int, "name": str, "role": str, "password_hash": str, "created_at": str},
        pk="id",
        not_null={"name", "role", "password_hash", "created_at"},
    )
    db["users"].create_index(["name"], unique=True)
    # Server-side sessions: the cookie carries a random token, the database only its SHA-256, so a
    # leaked database cannot be replayed as cookies and removing a user ends their sessions at once.
    db["sessions"].create(
        {"token_hash": str, "user_id": int, "csrf_token": str, "created_at": str, "expires_at": str},
        pk="token_hash",
        foreign_keys=[("user_id", "users", "id")],
        not_null={"user_id", "csrf_token", "created_at", "expires_at"},
    )
    db["sessions"].create_index(["user_id"])
    db["login_attempts"].create(
        {"id": int, "name": str, "client": str, "at": str, "ok": int},
        pk="id",
        not_null={"name", "at", "ok"},
    )
    db["login_attempts"].create_index(["name", "at"])
    db["login_attempts"].create_index(["client", "at"])
    # The inbox filters and orders open items by status, assignee and age; these keep it index-driven.
    db["triage"].create_index(["assignee", "status"])
    db["corrections"].create_index(["task", "label"])


@migration(6, "daemon: heartbeat and schedule of the running `engage run`")
def _m6_daemon_state(db: sqlite_utils.Database) -> None:
    # One row (id 1): the daemon that holds the lock, so `engage status` can tell a live daemon
    # from one that was killed (stale heartbeat) without touching the lock file.
    db["daemon_state"].create(
        {"id": int, "pid": int, "host": str, "started_at": str, "heartbeat_at": str, "stopped_at": str,
         "classify": int},
        pk="id",
    )
    # One row per scheduled job: its current interval (after back-off), failures in a row, next run.
    db["daemon_jobs"].create(
        {"job_id": str, "kind": str, "platform": str, "account": str, "interval_minutes": float,
         "failures": int, "next_run_at": str, "updated_at": str},
        pk="job_id",
        not_null={"kind"},
    )
