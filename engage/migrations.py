"""Numbered schema migrations. An old database opens and upgrades in place, one step at a time.

Each migration is a function registered with :func:`migration` under a unique number; applied
numbers are recorded in ``schema_migrations`` so gaps are harmless and nothing runs twice. A
migration runs inside one transaction: a failure leaves the database at the previous version.
Never edit a migration that has shipped; add a new one at the end. Each migration's SQL is literal
text, never built from constants other code uses (those live in :mod:`engage.schema`), so a shipped
migration cannot change under a database that ran it.
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


# The name is stored in every database this migration ran on, so it keeps citing the first brief;
# the tables are described in docs/data-model.md.
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


# -- 7: performance at a million replies ----------------------------------------------------------
# The inbox order's parts that do not depend on the clock, stored on the triage row so the first page
# is read from an index instead of computing every open item's labels (urgent first, then needs
# response, then the SLA clock, which is a range of reply_created_at, then negative, then engagement).
# A flag is 1 when the reply's current label (a person's correction, else the active model's) says so.
# Triggers keep them current whatever writes labels, corrections, active models or engagement counts.
# rank_urgent is graded, not a flag: 0 = not urgent; 1..999 = the model's confidence that it is urgent
# (so the clearest emergencies head the inbox, borderline flags follow); 1000 = a person marked it urgent.
# Switching a task's active model recomputes that flag on every row: rare (a model upgrade, which itself
# re-classifies every reply), and it touches only the one column. The SQL below is the text this
# migration ran when it shipped; the current rules are engage.schema's (built by engage.labels).
_M7_RANK_BACKFILL = (
    "UPDATE triage SET rank_urgent = CASE WHEN (SELECT k.label FROM corrections k WHERE k.uid = triage.uid AND"
    " k.task = 'urgent' LIMIT 1) IS NOT NULL THEN CASE WHEN (SELECT k.label FROM corrections k WHERE k.uid ="
    " triage.uid AND k.task = 'urgent' LIMIT 1) = 'yes' THEN 1000 ELSE 0 END ELSE coalesce((SELECT CASE WHEN"
    " c.label = 'yes' THEN 1 + CAST(round(min(max(coalesce(json_extract(c.scores, '$.yes'), 0.5), 0), 1) * 998) AS"
    " INTEGER) ELSE 0 END FROM classifications c WHERE c.uid = triage.uid AND c.task = 'urgent' AND c.model_id ="
    " (SELECT a.model_id FROM active_models a WHERE a.task = 'urgent') LIMIT 1), 0) END, rank_needs ="
    " coalesce(coalesce((SELECT k.label FROM corrections k WHERE k.uid = triage.uid AND k.task = 'needs_response'"
    " LIMIT 1), (SELECT c.label FROM classifications c WHERE c.uid = triage.uid AND c.task = 'needs_response' AND"
    " c.model_id = (SELECT a.model_id FROM active_models a WHERE a.task = 'needs_response') LIMIT 1)) = 'yes', 0),"
    " rank_negative = coalesce(coalesce((SELECT k.label FROM corrections k WHERE k.uid = triage.uid AND k.task ="
    " 'sentiment' LIMIT 1), (SELECT c.label FROM classifications c WHERE c.uid = triage.uid AND c.task ="
    " 'sentiment' AND c.model_id = (SELECT a.model_id FROM active_models a WHERE a.task = 'sentiment') LIMIT 1)) ="
    " 'negative', 0), rank_engagement = coalesce((SELECT coalesce(p.likes, 0) + coalesce(p.replies, 0) +"
    " coalesce(p.reposts, 0) + coalesce(p.quotes, 0) FROM posts p WHERE p.uid = triage.uid), 0), reply_created_at ="
    " (SELECT p.created_at FROM posts p WHERE p.uid = triage.uid)"
)
_M7_RANK_TRIGGERS = (
    "CREATE TRIGGER triage_rank_label_added AFTER INSERT ON classifications WHEN NEW.task IN ('urgent',"
    " 'needs_response', 'sentiment') BEGIN UPDATE triage SET rank_urgent = CASE WHEN (SELECT k.label FROM"
    " corrections k WHERE k.uid = triage.uid AND k.task = 'urgent' LIMIT 1) IS NOT NULL THEN CASE WHEN (SELECT"
    " k.label FROM corrections k WHERE k.uid = triage.uid AND k.task = 'urgent' LIMIT 1) = 'yes' THEN 1000 ELSE 0"
    " END ELSE coalesce((SELECT CASE WHEN c.label = 'yes' THEN 1 +"
    " CAST(round(min(max(coalesce(json_extract(c.scores, '$.yes'), 0.5), 0), 1) * 998) AS INTEGER) ELSE 0 END FROM"
    " classifications c WHERE c.uid = triage.uid AND c.task = 'urgent' AND c.model_id = (SELECT a.model_id FROM"
    " active_models a WHERE a.task = 'urgent') LIMIT 1), 0) END, rank_needs = coalesce(coalesce((SELECT k.label"
    " FROM corrections k WHERE k.uid = triage.uid AND k.task = 'needs_response' LIMIT 1), (SELECT c.label FROM"
    " classifications c WHERE c.uid = triage.uid AND c.task = 'needs_response' AND c.model_id = (SELECT a.model_id"
    " FROM active_models a WHERE a.task = 'needs_response') LIMIT 1)) = 'yes', 0), rank_negative ="
    " coalesce(coalesce((SELECT k.label FROM corrections k WHERE k.uid = triage.uid AND k.task = 'sentiment' LIMIT"
    " 1), (SELECT c.label FROM classifications c WHERE c.uid = triage.uid AND c.task = 'sentiment' AND c.model_id ="
    " (SELECT a.model_id FROM active_models a WHERE a.task = 'sentiment') LIMIT 1)) = 'negative', 0) WHERE uid ="
    " NEW.uid; END",
    "CREATE TRIGGER triage_rank_label_removed AFTER DELETE ON classifications WHEN OLD.task IN ('urgent',"
    " 'needs_response', 'sentiment') BEGIN UPDATE triage SET rank_urgent = CASE WHEN (SELECT k.label FROM"
    " corrections k WHERE k.uid = triage.uid AND k.task = 'urgent' LIMIT 1) IS NOT NULL THEN CASE WHEN (SELECT"
    " k.label FROM corrections k WHERE k.uid = triage.uid AND k.task = 'urgent' LIMIT 1) = 'yes' THEN 1000 ELSE 0"
    " END ELSE coalesce((SELECT CASE WHEN c.label = 'yes' THEN 1 +"
    " CAST(round(min(max(coalesce(json_extract(c.scores, '$.yes'), 0.5), 0), 1) * 998) AS INTEGER) ELSE 0 END FROM"
    " classifications c WHERE c.uid = triage.uid AND c.task = 'urgent' AND c.model_id = (SELECT a.model_id FROM"
    " active_models a WHERE a.task = 'urgent') LIMIT 1), 0) END, rank_needs = coalesce(coalesce((SELECT k.label"
    " FROM corrections k WHERE k.uid = triage.uid AND k.task = 'needs_response' LIMIT 1), (SELECT c.label FROM"
    " classifications c WHERE c.uid = triage.uid AND c.task = 'needs_response' AND c.model_id = (SELECT a.model_id"
    " FROM active_models a WHERE a.task = 'needs_response') LIMIT 1)) = 'yes', 0), rank_negative ="
    " coalesce(coalesce((SELECT k.label FROM corrections k WHERE k.uid = triage.uid AND k.task = 'sentiment' LIMIT"
    " 1), (SELECT c.label FROM classifications c WHERE c.uid = triage.uid AND c.task = 'sentiment' AND c.model_id ="
    " (SELECT a.model_id FROM active_models a WHERE a.task = 'sentiment') LIMIT 1)) = 'negative', 0) WHERE uid ="
    " OLD.uid; END",
    "CREATE TRIGGER triage_rank_label_changed AFTER UPDATE ON classifications BEGIN UPDATE triage SET rank_urgent ="
    " CASE WHEN (SELECT k.label FROM corrections k WHERE k.uid = triage.uid AND k.task = 'urgent' LIMIT 1) IS NOT"
    " NULL THEN CASE WHEN (SELECT k.label FROM corrections k WHERE k.uid = triage.uid AND k.task = 'urgent' LIMIT"
    " 1) = 'yes' THEN 1000 ELSE 0 END ELSE coalesce((SELECT CASE WHEN c.label = 'yes' THEN 1 +"
    " CAST(round(min(max(coalesce(json_extract(c.scores, '$.yes'), 0.5), 0), 1) * 998) AS INTEGER) ELSE 0 END FROM"
    " classifications c WHERE c.uid = triage.uid AND c.task = 'urgent' AND c.model_id = (SELECT a.model_id FROM"
    " active_models a WHERE a.task = 'urgent') LIMIT 1), 0) END, rank_needs = coalesce(coalesce((SELECT k.label"
    " FROM corrections k WHERE k.uid = triage.uid AND k.task = 'needs_response' LIMIT 1), (SELECT c.label FROM"
    " classifications c WHERE c.uid = triage.uid AND c.task = 'needs_response' AND c.model_id = (SELECT a.model_id"
    " FROM active_models a WHERE a.task = 'needs_response') LIMIT 1)) = 'yes', 0), rank_negative ="
    " coalesce(coalesce((SELECT k.label FROM corrections k WHERE k.uid = triage.uid AND k.task = 'sentiment' LIMIT"
    " 1), (SELECT c.label FROM classifications c WHERE c.uid = triage.uid AND c.task = 'sentiment' AND c.model_id ="
    " (SELECT a.model_id FROM active_models a WHERE a.task = 'sentiment') LIMIT 1)) = 'negative', 0) WHERE uid IN"
    " (OLD.uid, NEW.uid); END",
    "CREATE TRIGGER triage_rank_correction_added AFTER INSERT ON corrections WHEN NEW.task IN ('urgent',"
    " 'needs_response', 'sentiment') BEGIN UPDATE triage SET rank_urgent = CASE WHEN (SELECT k.label FROM"
    " corrections k WHERE k.uid = triage.uid AND k.task = 'urgent' LIMIT 1) IS NOT NULL THEN CASE WHEN (SELECT"
    " k.label FROM corrections k WHERE k.uid = triage.uid AND k.task = 'urgent' LIMIT 1) = 'yes' THEN 1000 ELSE 0"
    " END ELSE coalesce((SELECT CASE WHEN c.label = 'yes' THEN 1 +"
    " CAST(round(min(max(coalesce(json_extract(c.scores, '$.yes'), 0.5), 0), 1) * 998) AS INTEGER) ELSE 0 END FROM"
    " classifications c WHERE c.uid = triage.uid AND c.task = 'urgent' AND c.model_id = (SELECT a.model_id FROM"
    " active_models a WHERE a.task = 'urgent') LIMIT 1), 0) END, rank_needs = coalesce(coalesce((SELECT k.label"
    " FROM corrections k WHERE k.uid = triage.uid AND k.task = 'needs_response' LIMIT 1), (SELECT c.label FROM"
    " classifications c WHERE c.uid = triage.uid AND c.task = 'needs_response' AND c.model_id = (SELECT a.model_id"
    " FROM active_models a WHERE a.task = 'needs_response') LIMIT 1)) = 'yes', 0), rank_negative ="
    " coalesce(coalesce((SELECT k.label FROM corrections k WHERE k.uid = triage.uid AND k.task = 'sentiment' LIMIT"
    " 1), (SELECT c.label FROM classifications c WHERE c.uid = triage.uid AND c.task = 'sentiment' AND c.model_id ="
    " (SELECT a.model_id FROM active_models a WHERE a.task = 'sentiment') LIMIT 1)) = 'negative', 0) WHERE uid ="
    " NEW.uid; END",
    "CREATE TRIGGER triage_rank_correction_removed AFTER DELETE ON corrections WHEN OLD.task IN ('urgent',"
    " 'needs_response', 'sentiment') BEGIN UPDATE triage SET rank_urgent = CASE WHEN (SELECT k.label FROM"
    " corrections k WHERE k.uid = triage.uid AND k.task = 'urgent' LIMIT 1) IS NOT NULL THEN CASE WHEN (SELECT"
    " k.label FROM corrections k WHERE k.uid = triage.uid AND k.task = 'urgent' LIMIT 1) = 'yes' THEN 1000 ELSE 0"
    " END ELSE coalesce((SELECT CASE WHEN c.label = 'yes' THEN 1 +"
    " CAST(round(min(max(coalesce(json_extract(c.scores, '$.yes'), 0.5), 0), 1) * 998) AS INTEGER) ELSE 0 END FROM"
    " classifications c WHERE c.uid = triage.uid AND c.task = 'urgent' AND c.model_id = (SELECT a.model_id FROM"
    " active_models a WHERE a.task = 'urgent') LIMIT 1), 0) END, rank_needs = coalesce(coalesce((SELECT k.label"
    " FROM corrections k WHERE k.uid = triage.uid AND k.task = 'needs_response' LIMIT 1), (SELECT c.label FROM"
    " classifications c WHERE c.uid = triage.uid AND c.task = 'needs_response' AND c.model_id = (SELECT a.model_id"
    " FROM active_models a WHERE a.task = 'needs_response') LIMIT 1)) = 'yes', 0), rank_negative ="
    " coalesce(coalesce((SELECT k.label FROM corrections k WHERE k.uid = triage.uid AND k.task = 'sentiment' LIMIT"
    " 1), (SELECT c.label FROM classifications c WHERE c.uid = triage.uid AND c.task = 'sentiment' AND c.model_id ="
    " (SELECT a.model_id FROM active_models a WHERE a.task = 'sentiment') LIMIT 1)) = 'negative', 0) WHERE uid ="
    " OLD.uid; END",
    "CREATE TRIGGER triage_rank_correction_changed AFTER UPDATE ON corrections BEGIN UPDATE triage SET rank_urgent"
    " = CASE WHEN (SELECT k.label FROM corrections k WHERE k.uid = triage.uid AND k.task = 'urgent' LIMIT 1) IS NOT"
    " NULL THEN CASE WHEN (SELECT k.label FROM corrections k WHERE k.uid = triage.uid AND k.task = 'urgent' LIMIT"
    " 1) = 'yes' THEN 1000 ELSE 0 END ELSE coalesce((SELECT CASE WHEN c.label = 'yes' THEN 1 +"
    " CAST(round(min(max(coalesce(json_extract(c.scores, '$.yes'), 0.5), 0), 1) * 998) AS INTEGER) ELSE 0 END FROM"
    " classifications c WHERE c.uid = triage.uid AND c.task = 'urgent' AND c.model_id = (SELECT a.model_id FROM"
    " active_models a WHERE a.task = 'urgent') LIMIT 1), 0) END, rank_needs = coalesce(coalesce((SELECT k.label"
    " FROM corrections k WHERE k.uid = triage.uid AND k.task = 'needs_response' LIMIT 1), (SELECT c.label FROM"
    " classifications c WHERE c.uid = triage.uid AND c.task = 'needs_response' AND c.model_id = (SELECT a.model_id"
    " FROM active_models a WHERE a.task = 'needs_response') LIMIT 1)) = 'yes', 0), rank_negative ="
    " coalesce(coalesce((SELECT k.label FROM corrections k WHERE k.uid = triage.uid AND k.task = 'sentiment' LIMIT"
    " 1), (SELECT c.label FROM classifications c WHERE c.uid = triage.uid AND c.task = 'sentiment' AND c.model_id ="
    " (SELECT a.model_id FROM active_models a WHERE a.task = 'sentiment') LIMIT 1)) = 'negative', 0) WHERE uid IN"
    " (OLD.uid, NEW.uid); END",
    "CREATE TRIGGER triage_rank_new_item AFTER INSERT ON triage BEGIN UPDATE triage SET rank_urgent = CASE WHEN"
    " (SELECT k.label FROM corrections k WHERE k.uid = triage.uid AND k.task = 'urgent' LIMIT 1) IS NOT NULL THEN"
    " CASE WHEN (SELECT k.label FROM corrections k WHERE k.uid = triage.uid AND k.task = 'urgent' LIMIT 1) = 'yes'"
    " THEN 1000 ELSE 0 END ELSE coalesce((SELECT CASE WHEN c.label = 'yes' THEN 1 +"
    " CAST(round(min(max(coalesce(json_extract(c.scores, '$.yes'), 0.5), 0), 1) * 998) AS INTEGER) ELSE 0 END FROM"
    " classifications c WHERE c.uid = triage.uid AND c.task = 'urgent' AND c.model_id = (SELECT a.model_id FROM"
    " active_models a WHERE a.task = 'urgent') LIMIT 1), 0) END, rank_needs = coalesce(coalesce((SELECT k.label"
    " FROM corrections k WHERE k.uid = triage.uid AND k.task = 'needs_response' LIMIT 1), (SELECT c.label FROM"
    " classifications c WHERE c.uid = triage.uid AND c.task = 'needs_response' AND c.model_id = (SELECT a.model_id"
    " FROM active_models a WHERE a.task = 'needs_response') LIMIT 1)) = 'yes', 0), rank_negative ="
    " coalesce(coalesce((SELECT k.label FROM corrections k WHERE k.uid = triage.uid AND k.task = 'sentiment' LIMIT"
    " 1), (SELECT c.label FROM classifications c WHERE c.uid = triage.uid AND c.task = 'sentiment' AND c.model_id ="
    " (SELECT a.model_id FROM active_models a WHERE a.task = 'sentiment') LIMIT 1)) = 'negative', 0),"
    " rank_engagement = coalesce((SELECT coalesce(p.likes, 0) + coalesce(p.replies, 0) + coalesce(p.reposts, 0) +"
    " coalesce(p.quotes, 0) FROM posts p WHERE p.uid = triage.uid), 0), reply_created_at = (SELECT p.created_at"
    " FROM posts p WHERE p.uid = triage.uid) WHERE uid = NEW.uid; END",
    "CREATE TRIGGER triage_rank_post_counts AFTER UPDATE OF likes, replies, reposts, quotes, created_at ON posts"
    " BEGIN UPDATE triage SET rank_engagement = coalesce((SELECT coalesce(p.likes, 0) + coalesce(p.replies, 0) +"
    " coalesce(p.reposts, 0) + coalesce(p.quotes, 0) FROM posts p WHERE p.uid = triage.uid), 0), reply_created_at ="
    " (SELECT p.created_at FROM posts p WHERE p.uid = triage.uid) WHERE uid = NEW.uid; END",
    "CREATE TRIGGER triage_rank_model_added AFTER INSERT ON active_models WHEN NEW.task IN ('urgent',"
    " 'needs_response', 'sentiment') BEGIN UPDATE triage SET rank_urgent = CASE WHEN NEW.task = 'urgent' THEN CASE"
    " WHEN (SELECT k.label FROM corrections k WHERE k.uid = triage.uid AND k.task = 'urgent' LIMIT 1) IS NOT NULL"
    " THEN CASE WHEN (SELECT k.label FROM corrections k WHERE k.uid = triage.uid AND k.task = 'urgent' LIMIT 1) ="
    " 'yes' THEN 1000 ELSE 0 END ELSE coalesce((SELECT CASE WHEN c.label = 'yes' THEN 1 +"
    " CAST(round(min(max(coalesce(json_extract(c.scores, '$.yes'), 0.5), 0), 1) * 998) AS INTEGER) ELSE 0 END FROM"
    " classifications c WHERE c.uid = triage.uid AND c.task = 'urgent' AND c.model_id = (SELECT a.model_id FROM"
    " active_models a WHERE a.task = 'urgent') LIMIT 1), 0) END ELSE rank_urgent END, rank_needs = CASE WHEN"
    " NEW.task = 'needs_response' THEN coalesce(coalesce((SELECT k.label FROM corrections k WHERE k.uid ="
    " triage.uid AND k.task = 'needs_response' LIMIT 1), (SELECT c.label FROM classifications c WHERE c.uid ="
    " triage.uid AND c.task = 'needs_response' AND c.model_id = (SELECT a.model_id FROM active_models a WHERE"
    " a.task = 'needs_response') LIMIT 1)) = 'yes', 0) ELSE rank_needs END, rank_negative = CASE WHEN NEW.task ="
    " 'sentiment' THEN coalesce(coalesce((SELECT k.label FROM corrections k WHERE k.uid = triage.uid AND k.task ="
    " 'sentiment' LIMIT 1), (SELECT c.label FROM classifications c WHERE c.uid = triage.uid AND c.task ="
    " 'sentiment' AND c.model_id = (SELECT a.model_id FROM active_models a WHERE a.task = 'sentiment') LIMIT 1)) ="
    " 'negative', 0) ELSE rank_negative END; END",
    "CREATE TRIGGER triage_rank_model_switched AFTER UPDATE OF model_id ON active_models WHEN OLD.model_id IS NOT"
    " NEW.model_id AND NEW.task IN ('urgent', 'needs_response', 'sentiment') BEGIN UPDATE triage SET rank_urgent ="
    " CASE WHEN NEW.task = 'urgent' THEN CASE WHEN (SELECT k.label FROM corrections k WHERE k.uid = triage.uid AND"
    " k.task = 'urgent' LIMIT 1) IS NOT NULL THEN CASE WHEN (SELECT k.label FROM corrections k WHERE k.uid ="
    " triage.uid AND k.task = 'urgent' LIMIT 1) = 'yes' THEN 1000 ELSE 0 END ELSE coalesce((SELECT CASE WHEN"
    " c.label = 'yes' THEN 1 + CAST(round(min(max(coalesce(json_extract(c.scores, '$.yes'), 0.5), 0), 1) * 998) AS"
    " INTEGER) ELSE 0 END FROM classifications c WHERE c.uid = triage.uid AND c.task = 'urgent' AND c.model_id ="
    " (SELECT a.model_id FROM active_models a WHERE a.task = 'urgent') LIMIT 1), 0) END ELSE rank_urgent END,"
    " rank_needs = CASE WHEN NEW.task = 'needs_response' THEN coalesce(coalesce((SELECT k.label FROM corrections k"
    " WHERE k.uid = triage.uid AND k.task = 'needs_response' LIMIT 1), (SELECT c.label FROM classifications c WHERE"
    " c.uid = triage.uid AND c.task = 'needs_response' AND c.model_id = (SELECT a.model_id FROM active_models a"
    " WHERE a.task = 'needs_response') LIMIT 1)) = 'yes', 0) ELSE rank_needs END, rank_negative = CASE WHEN"
    " NEW.task = 'sentiment' THEN coalesce(coalesce((SELECT k.label FROM corrections k WHERE k.uid = triage.uid AND"
    " k.task = 'sentiment' LIMIT 1), (SELECT c.label FROM classifications c WHERE c.uid = triage.uid AND c.task ="
    " 'sentiment' AND c.model_id = (SELECT a.model_id FROM active_models a WHERE a.task = 'sentiment') LIMIT 1)) ="
    " 'negative', 0) ELSE rank_negative END; END",
    "CREATE TRIGGER triage_rank_model_removed AFTER DELETE ON active_models WHEN OLD.task IN ('urgent',"
    " 'needs_response', 'sentiment') BEGIN UPDATE triage SET rank_urgent = CASE WHEN OLD.task = 'urgent' THEN CASE"
    " WHEN (SELECT k.label FROM corrections k WHERE k.uid = triage.uid AND k.task = 'urgent' LIMIT 1) IS NOT NULL"
    " THEN CASE WHEN (SELECT k.label FROM corrections k WHERE k.uid = triage.uid AND k.task = 'urgent' LIMIT 1) ="
    " 'yes' THEN 1000 ELSE 0 END ELSE coalesce((SELECT CASE WHEN c.label = 'yes' THEN 1 +"
    " CAST(round(min(max(coalesce(json_extract(c.scores, '$.yes'), 0.5), 0), 1) * 998) AS INTEGER) ELSE 0 END FROM"
    " classifications c WHERE c.uid = triage.uid AND c.task = 'urgent' AND c.model_id = (SELECT a.model_id FROM"
    " active_models a WHERE a.task = 'urgent') LIMIT 1), 0) END ELSE rank_urgent END, rank_needs = CASE WHEN"
    " OLD.task = 'needs_response' THEN coalesce(coalesce((SELECT k.label FROM corrections k WHERE k.uid ="
    " triage.uid AND k.task = 'needs_response' LIMIT 1), (SELECT c.label FROM classifications c WHERE c.uid ="
    " triage.uid AND c.task = 'needs_response' AND c.model_id = (SELECT a.model_id FROM active_models a WHERE"
    " a.task = 'needs_response') LIMIT 1)) = 'yes', 0) ELSE rank_needs END, rank_negative = CASE WHEN OLD.task ="
    " 'sentiment' THEN coalesce(coalesce((SELECT k.label FROM corrections k WHERE k.uid = triage.uid AND k.task ="
    " 'sentiment' LIMIT 1), (SELECT c.label FROM classifications c WHERE c.uid = triage.uid AND c.task ="
    " 'sentiment' AND c.model_id = (SELECT a.model_id FROM active_models a WHERE a.task = 'sentiment') LIMIT 1)) ="
    " 'negative', 0) ELSE rank_negative END; END",
)
_M7_RANK_INDEXES = (
    "CREATE INDEX idx_triage_open_rank ON triage (rank_urgent DESC, rank_needs DESC, rank_negative DESC,"
    " rank_engagement DESC, reply_created_at, uid, status) WHERE status IN ('new', 'in_progress')",
    "CREATE INDEX idx_triage_status_rank ON triage (status, rank_urgent DESC, rank_needs DESC, rank_negative DESC,"
    " rank_engagement DESC, reply_created_at, uid)",
)


@migration(7, "performance: covering indexes for reports, stored inbox priority parts")
def _m7_performance(db: sqlite_utils.Database) -> None:
    # Reports read a week of public replies by time and need only these columns of each (no table row);
    # the first department response to a reply is one covering-index probe. Both extend older indexes,
    # which they replace.
    db.execute("CREATE INDEX idx_posts_public_reply_cover ON posts"
               " (is_public_reply, created_at, uid, platform, account, collected_at)")
    db.execute("DROP INDEX IF EXISTS idx_posts_is_public_reply_created_at")
    db.execute("CREATE INDEX idx_posts_parent_department ON posts (parent_uid, is_department, created_at)")
    db.execute("DROP INDEX IF EXISTS idx_posts_parent_uid")
    # Label lookups of one task for many replies (reports) probe one task's contiguous part of this
    # index instead of an index where every task's labels of a reply sit together.
    db.execute("CREATE INDEX idx_classifications_task_model_uid ON classifications (task, model_id, uid, label)")
    # The inbox joins each triage item to its post only to check it is live: answered from this index,
    # counting the open items reads no posts rows. (Not is_public_reply: a virtual generated column in
    # an index probed by a Bloom-filter join made SQLite 3.40 drop every row.)
    db.execute("CREATE INDEX idx_posts_uid_live ON posts (uid, tombstoned_at)")

    for column, kind in (("rank_urgent", "INTEGER NOT NULL DEFAULT 0"), ("rank_needs", "INTEGER NOT NULL DEFAULT 0"),
                         ("rank_negative", "INTEGER NOT NULL DEFAULT 0"),
                         ("rank_engagement", "INTEGER NOT NULL DEFAULT 0"), ("reply_created_at", "TEXT")):
        db.execute(f"ALTER TABLE triage ADD COLUMN {column} {kind}")
    db.execute(_M7_RANK_BACKFILL)
    for statement in _M7_RANK_TRIGGERS:
        db.execute(statement)
    # The open inbox (the default view) reads its first page from this partial index, a chosen status
    # from the second. Counting walks a status in uid order (the third), so its posts lookups are
    # neighbours rather than one random page each; it replaces the plain status index.
    for statement in _M7_RANK_INDEXES:
        db.execute(statement)
    db.execute("CREATE INDEX idx_triage_status_uid ON triage (status, uid, rank_urgent)")
    db.execute("DROP INDEX IF EXISTS idx_triage_status")
    # A database analysed before would otherwise plan with statistics for every index but these; one
    # never analysed keeps SQLite's defaults (statistics of near-empty tables would mislead it later).
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
        for index in ("idx_posts_public_reply_cover", "idx_posts_parent_department", "idx_posts_uid_live",
                      "idx_classifications_task_model_uid",
                      "idx_triage_open_rank", "idx_triage_status_rank", "idx_triage_status_uid"):
            db.execute(f"ANALYZE {index}")


# Migration 8: each reply's current sentiment, stored on its row as a code (0 unlabelled, 1 negative,
# 2 neutral, 3 positive), and a partial index over public replies by time that carries every column a
# report reads of them, so a report reads a span of replies from the index alone (the 12-week trend at a
# million replies: 100,000 index entries instead of 100,000 rows and 200,000 label lookups). The rule is
# the one of ``current_labels`` (a person's correction, else the active model's label); triggers keep
# the code current as migration 7's do; a new active sentiment model re-codes every reply.
#
# Why a new index rather than migration 7's ``idx_posts_public_reply_cover``: that one leads with the
# virtual column ``is_public_reply``, and SQLite 3.40 never treats an index on a virtual column as
# covering, so every reply's row was read after all. This one names only stored columns; queries repeat
# its WHERE (engage.schema.PUBLIC_REPLY_WHERE) and name it. The SQL is the text that shipped.
_M8_SENTIMENT_BACKFILL = (
    "UPDATE posts SET sentiment_code = (CASE coalesce((SELECT k.label FROM corrections k WHERE k.uid = posts.uid"
    " AND k.task = 'sentiment' LIMIT 1), (SELECT c.label FROM classifications c WHERE c.uid = posts.uid AND c.task"
    " = 'sentiment' AND c.model_id = (SELECT a.model_id FROM active_models a WHERE a.task = 'sentiment') LIMIT 1))"
    " WHEN 'negative' THEN 1 WHEN 'neutral' THEN 2 WHEN 'positive' THEN 3 ELSE 0 END) WHERE is_public_reply = 1"
)
_M8_SENTIMENT_TRIGGERS = (
    "CREATE TRIGGER sentiment_code_label_added AFTER INSERT ON classifications WHEN NEW.task = 'sentiment' BEGIN"
    " UPDATE posts SET sentiment_code = (CASE coalesce((SELECT k.label FROM corrections k WHERE k.uid = posts.uid"
    " AND k.task = 'sentiment' LIMIT 1), (SELECT c.label FROM classifications c WHERE c.uid = posts.uid AND c.task"
    " = 'sentiment' AND c.model_id = (SELECT a.model_id FROM active_models a WHERE a.task = 'sentiment') LIMIT 1))"
    " WHEN 'negative' THEN 1 WHEN 'neutral' THEN 2 WHEN 'positive' THEN 3 ELSE 0 END) WHERE uid = NEW.uid; END",
    "CREATE TRIGGER sentiment_code_label_removed AFTER DELETE ON classifications WHEN OLD.task = 'sentiment' BEGIN"
    " UPDATE posts SET sentiment_code = (CASE coalesce((SELECT k.label FROM corrections k WHERE k.uid = posts.uid"
    " AND k.task = 'sentiment' LIMIT 1), (SELECT c.label FROM classifications c WHERE c.uid = posts.uid AND c.task"
    " = 'sentiment' AND c.model_id = (SELECT a.model_id FROM active_models a WHERE a.task = 'sentiment') LIMIT 1))"
    " WHEN 'negative' THEN 1 WHEN 'neutral' THEN 2 WHEN 'positive' THEN 3 ELSE 0 END) WHERE uid = OLD.uid; END",
    "CREATE TRIGGER sentiment_code_label_changed AFTER UPDATE ON classifications WHEN 'sentiment' IN (OLD.task,"
    " NEW.task) BEGIN UPDATE posts SET sentiment_code = (CASE coalesce((SELECT k.label FROM corrections k WHERE"
    " k.uid = posts.uid AND k.task = 'sentiment' LIMIT 1), (SELECT c.label FROM classifications c WHERE c.uid ="
    " posts.uid AND c.task = 'sentiment' AND c.model_id = (SELECT a.model_id FROM active_models a WHERE a.task ="
    " 'sentiment') LIMIT 1)) WHEN 'negative' THEN 1 WHEN 'neutral' THEN 2 WHEN 'positive' THEN 3 ELSE 0 END) WHERE"
    " uid IN (OLD.uid, NEW.uid); END",
    "CREATE TRIGGER sentiment_code_correction_added AFTER INSERT ON corrections WHEN NEW.task = 'sentiment' BEGIN"
    " UPDATE posts SET sentiment_code = (CASE coalesce((SELECT k.label FROM corrections k WHERE k.uid = posts.uid"
    " AND k.task = 'sentiment' LIMIT 1), (SELECT c.label FROM classifications c WHERE c.uid = posts.uid AND c.task"
    " = 'sentiment' AND c.model_id = (SELECT a.model_id FROM active_models a WHERE a.task = 'sentiment') LIMIT 1))"
    " WHEN 'negative' THEN 1 WHEN 'neutral' THEN 2 WHEN 'positive' THEN 3 ELSE 0 END) WHERE uid = NEW.uid; END",
    "CREATE TRIGGER sentiment_code_correction_removed AFTER DELETE ON corrections WHEN OLD.task = 'sentiment' BEGIN"
    " UPDATE posts SET sentiment_code = (CASE coalesce((SELECT k.label FROM corrections k WHERE k.uid = posts.uid"
    " AND k.task = 'sentiment' LIMIT 1), (SELECT c.label FROM classifications c WHERE c.uid = posts.uid AND c.task"
    " = 'sentiment' AND c.model_id = (SELECT a.model_id FROM active_models a WHERE a.task = 'sentiment') LIMIT 1))"
    " WHEN 'negative' THEN 1 WHEN 'neutral' THEN 2 WHEN 'positive' THEN 3 ELSE 0 END) WHERE uid = OLD.uid; END",
    "CREATE TRIGGER sentiment_code_correction_changed AFTER UPDATE ON corrections WHEN 'sentiment' IN (OLD.task,"
    " NEW.task) BEGIN UPDATE posts SET sentiment_code = (CASE coalesce((SELECT k.label FROM corrections k WHERE"
    " k.uid = posts.uid AND k.task = 'sentiment' LIMIT 1), (SELECT c.label FROM classifications c WHERE c.uid ="
    " posts.uid AND c.task = 'sentiment' AND c.model_id = (SELECT a.model_id FROM active_models a WHERE a.task ="
    " 'sentiment') LIMIT 1)) WHEN 'negative' THEN 1 WHEN 'neutral' THEN 2 WHEN 'positive' THEN 3 ELSE 0 END) WHERE"
    " uid IN (OLD.uid, NEW.uid); END",
    "CREATE TRIGGER sentiment_code_model_added AFTER INSERT ON active_models WHEN NEW.task = 'sentiment' BEGIN"
    " UPDATE posts SET sentiment_code = (CASE coalesce((SELECT k.label FROM corrections k WHERE k.uid = posts.uid"
    " AND k.task = 'sentiment' LIMIT 1), (SELECT c.label FROM classifications c WHERE c.uid = posts.uid AND c.task"
    " = 'sentiment' AND c.model_id = (SELECT a.model_id FROM active_models a WHERE a.task = 'sentiment') LIMIT 1))"
    " WHEN 'negative' THEN 1 WHEN 'neutral' THEN 2 WHEN 'positive' THEN 3 ELSE 0 END) WHERE is_public_reply = 1;"
    " END",
    "CREATE TRIGGER sentiment_code_model_switched AFTER UPDATE OF model_id ON active_models WHEN NEW.task ="
    " 'sentiment' AND OLD.model_id IS NOT NEW.model_id BEGIN UPDATE posts SET sentiment_code = (CASE"
    " coalesce((SELECT k.label FROM corrections k WHERE k.uid = posts.uid AND k.task = 'sentiment' LIMIT 1),"
    " (SELECT c.label FROM classifications c WHERE c.uid = posts.uid AND c.task = 'sentiment' AND c.model_id ="
    " (SELECT a.model_id FROM active_models a WHERE a.task = 'sentiment') LIMIT 1)) WHEN 'negative' THEN 1 WHEN"
    " 'neutral' THEN 2 WHEN 'positive' THEN 3 ELSE 0 END) WHERE is_public_reply = 1; END",
    "CREATE TRIGGER sentiment_code_model_removed AFTER DELETE ON active_models WHEN OLD.task = 'sentiment' BEGIN"
    " UPDATE posts SET sentiment_code = (CASE coalesce((SELECT k.label FROM corrections k WHERE k.uid = posts.uid"
    " AND k.task = 'sentiment' LIMIT 1), (SELECT c.label FROM classifications c WHERE c.uid = posts.uid AND c.task"
    " = 'sentiment' AND c.model_id = (SELECT a.model_id FROM active_models a WHERE a.task = 'sentiment') LIMIT 1))"
    " WHEN 'negative' THEN 1 WHEN 'neutral' THEN 2 WHEN 'positive' THEN 3 ELSE 0 END) WHERE is_public_reply = 1;"
    " END",
)
_M8_SPAN_INDEX = (
    "CREATE INDEX idx_posts_public_reply_span ON posts (created_at, uid, platform, account, collected_at,"
    " sentiment_code, is_department, kind) WHERE is_department = 0 AND kind IN ('reply', 'mention', 'quote')",
)


@migration(8, "performance: current sentiment stored on each reply, in the public-reply covering index")
def _m8_sentiment_code(db: sqlite_utils.Database) -> None:
    db.execute("ALTER TABLE posts ADD COLUMN sentiment_code INTEGER NOT NULL DEFAULT 0")
    db.execute(_M8_SENTIMENT_BACKFILL)
    for statement in (*_M8_SENTIMENT_TRIGGERS, *_M8_SPAN_INDEX):
        db.execute(statement)
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
        db.execute("ANALYZE idx_posts_public_reply_span")


@migration(9, "collection: signed score, flagged fields, the process behind each run")
def _m9_collection_integrity(db: sqlite_utils.Database) -> None:
    # A platform's signed vote balance (Reddit's score) is its own metric, not a like count.
    db.execute("ALTER TABLE posts ADD COLUMN score INTEGER")
    db.execute("ALTER TABLE metric_snapshots ADD COLUMN score INTEGER")
    # Fields a connector emptied because the platform sent an odd value (JSON list of "field: why").
    db.execute("ALTER TABLE posts ADD COLUMN flags TEXT")
    # Which process runs a `runs` row, so any command can tell a killed run from a live one.
    db.execute("ALTER TABLE runs ADD COLUMN pid INTEGER")
    db.execute("ALTER TABLE runs ADD COLUMN host TEXT")
    db.execute("CREATE INDEX idx_runs_running ON runs (host, pid) WHERE outcome = 'running'")


@migration(10, "imported records without a collection time; answers given off the platform")
def _m10_imported_and_answered_elsewhere(db: sqlite_utils.Database) -> None:
    # 1 for a record imported from a file without its own collected_at: its collected_at is then the
    # import time, not when anyone collected it, so reports give it no collection delay and call it
    # "imported data, collected elsewhere". Records stored before this migration keep 0 (unknown).
    db.execute("ALTER TABLE posts ADD COLUMN collected_elsewhere INTEGER NOT NULL DEFAULT 0")
    # Migration 8's span index, with the new column, so a report still reads a week of replies from
    # the index alone (the SQL is written out: this migration must not change if that one's constants do).
    db.execute("DROP INDEX idx_posts_public_reply_span")
    db.execute("CREATE INDEX idx_posts_public_reply_span ON posts (created_at, uid, platform, account, collected_at,"
               " collected_elsewhere, sentiment_code, is_department, kind)"
               " WHERE is_department = 0 AND kind IN ('reply', 'mention', 'quote')")
    # An answer given off the platform (phone, direct message, in person) and when, recorded in triage.
    # One per reply: recording it again replaces it, and the audit log keeps the history.
    db.execute(
        """
        CREATE TABLE answers_elsewhere (
            uid TEXT PRIMARY KEY REFERENCES posts(uid),
            channel TEXT NOT NULL CHECK (channel IN ('phone', 'direct_message', 'in_person')),
            answered_at TEXT NOT NULL,
            actor TEXT NOT NULL,
            recorded_at TEXT NOT NULL
        )
        """
    )
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
        db.execute("ANALYZE idx_posts_public_reply_span")


@migration(11, "triage desk: escalated items stay open, escalation reason, incident reference")
def _m11_triage_desk(db: sqlite_utils.Database) -> None:
    # Escalated is open until someone closes it: the open inbox's partial index takes escalated items
    # too (same columns and order as migration 7's, which it replaces under the same name).
    db.execute("DROP INDEX IF EXISTS idx_triage_open_rank")
    db.execute("CREATE INDEX idx_triage_open_rank ON triage (rank_urgent DESC, rank_needs DESC, rank_negative DESC,"
               " rank_engagement DESC, reply_created_at, uid, status)"
               " WHERE status IN ('new', 'in_progress', 'escalated')")
    # Why an officer escalated (who did is in audit_log); a CAD/case number tying the reply to an incident.
    db.execute("ALTER TABLE triage ADD COLUMN escalation_reason TEXT")
    db.execute("ALTER TABLE triage ADD COLUMN incident_ref TEXT")
    db.execute("CREATE INDEX idx_triage_incident_ref ON triage (incident_ref COLLATE NOCASE)"
               " WHERE incident_ref IS NOT NULL")
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
        db.execute("ANALYZE idx_triage_open_rank")


# Migration 9: alerts. An alert is stored before anything is sent (its ``key`` is unique per rule and
# reply, or per rule and episode, so re-evaluating never raises it twice); each (alert, channel, stage)
# gets a delivery row; the worker packs due deliveries of one rule and channel into a message whose
# ``key`` stays the same across retries (receivers can deduplicate on it). ``alert_marks`` holds how far
# each rule has read (a rowid or id watermark) and open spike or stall episodes, so a crash between a
# page's commit and its evaluation only delays the evaluation.
@migration(12, "alerts: alerts, deliveries, messages and rule watermarks")
def _m12_alerts(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE alerts (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            rule TEXT NOT NULL,
            kind TEXT NOT NULL,
            uid TEXT REFERENCES posts(uid),
            title TEXT NOT NULL,
            detail TEXT,
            created_at TEXT NOT NULL,
            acknowledged_at TEXT,
            acknowledged_by TEXT,
            escalated_at TEXT
        )
        """
    )
    db.execute("CREATE INDEX idx_alerts_created ON alerts (created_at)")
    db.execute("CREATE INDEX idx_alerts_uid ON alerts (uid)")
    db.execute("CREATE INDEX idx_alerts_open ON alerts (rule, created_at) WHERE acknowledged_at IS NULL")
    db.execute(
        """
        CREATE TABLE alert_messages (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            rule TEXT NOT NULL,
            channel TEXT NOT NULL,
            stage TEXT NOT NULL,
            created_at TEXT NOT NULL,
            next_attempt_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            delivered_at TEXT,
            error TEXT
        )
        """
    )
    db.execute("CREATE INDEX idx_alert_messages_pending ON alert_messages (next_attempt_at) WHERE delivered_at IS NULL")
    db.execute(
        """
        CREATE TABLE alert_deliveries (
            id INTEGER PRIMARY KEY,
            alert_id INTEGER NOT NULL REFERENCES alerts(id),
            channel TEXT NOT NULL,
            stage TEXT NOT NULL CHECK (stage IN ('alert', 'escalation')),
            due_at TEXT NOT NULL,
            message_id INTEGER REFERENCES alert_messages(id),
            delivered_at TEXT,
            UNIQUE (alert_id, channel, stage)
        )
        """
    )
    db.execute("CREATE INDEX idx_alert_deliveries_unsent ON alert_deliveries (due_at) WHERE message_id IS NULL")
    db.execute("CREATE INDEX idx_alert_deliveries_message ON alert_deliveries (message_id)")
    db.execute("CREATE TABLE alert_marks (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL)")


# Migration 13: a reply in a language no model reads must still reach a person. Its urgent label is
# ``not classified: language``, which migration 7's rank gives 0 (routine); this trigger lifts such a row
# to rank_urgent 1, the grade no model flag uses (a model's "yes" is at least 500, a person's 1000): below
# every urgent flag, above every routine item. It runs after any statement that sets rank_urgent (every
# rank trigger does), so it holds whatever recomputed the rank; a person's urgent correction wins. The SQL
# is written out so this migration never changes with the code (triage.CANNOT_READ_RANK names the grade).
@migration(13, "triage: a reply no model can read ranks above routine items")
def _m13_cannot_read_rank(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TRIGGER triage_rank_cannot_read AFTER UPDATE OF rank_urgent ON triage
        WHEN NEW.rank_urgent = 0
            AND NOT EXISTS (SELECT 1 FROM corrections k WHERE k.uid = NEW.uid AND k.task = 'urgent')
            AND EXISTS (SELECT 1 FROM classifications c WHERE c.uid = NEW.uid AND c.task = 'urgent'
                AND c.label = 'not classified: language'
                AND c.model_id = (SELECT a.model_id FROM active_models a WHERE a.task = 'urgent'))
        BEGIN UPDATE triage SET rank_urgent = 1 WHERE uid = NEW.uid; END
        """
    )
    db.execute(
        """
        UPDATE triage SET rank_urgent = 1 WHERE rank_urgent = 0
            AND NOT EXISTS (SELECT 1 FROM corrections k WHERE k.uid = triage.uid AND k.task = 'urgent')
            AND EXISTS (SELECT 1 FROM classifications c WHERE c.uid = triage.uid AND c.task = 'urgent'
                AND c.label = 'not classified: language'
                AND c.model_id = (SELECT a.model_id FROM active_models a WHERE a.task = 'urgent'))
        """
    )


# Answering from engage (#22). A draft moves draft -> submitted -> approved -> sending -> sent (or
# returned / failed); ``key`` is stored with ``sending`` before the platform is called, so a crash
# between the call and recording its id is reconciled when the answer is collected back. At most one
# draft per reply is ever sending or sent: the partial unique index is the last word on "no two sends".
@migration(14, "answering: drafts, saved replies and moderation with a reason")
def _m14_answering(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE answer_drafts (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL REFERENCES posts(uid),
            author TEXT NOT NULL,
            text TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN
                ('draft', 'submitted', 'approved', 'returned', 'sending', 'sent', 'failed')),
            key TEXT UNIQUE,
            approved_by TEXT,
            return_comment TEXT,
            error TEXT,
            sent_uid TEXT,
            sent_native_id TEXT,
            sent_at TEXT,
            dry_run INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            updated_by TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX idx_answer_drafts_uid ON answer_drafts (uid, updated_at)")
    db.execute("CREATE UNIQUE INDEX idx_answer_drafts_one_send ON answer_drafts (uid)"
               " WHERE state IN ('sending', 'sent')")
    db.execute("CREATE INDEX idx_answer_drafts_sending ON answer_drafts (uid) WHERE state = 'sending'")
    db.execute(
        """
        CREATE TABLE saved_replies (
            key TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            updated_by TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    # Every hide and unhide, never a delete: the latest row per reply is its current state.
    db.execute(
        """
        CREATE TABLE moderation_actions (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL REFERENCES posts(uid),
            hidden INTEGER NOT NULL CHECK (hidden IN (0, 1)),
            reason TEXT NOT NULL,
            actor TEXT NOT NULL,
            at TEXT NOT NULL,
            dry_run INTEGER NOT NULL DEFAULT 0
        )
        """
    )
    db.execute("CREATE INDEX idx_moderation_uid ON moderation_actions (uid, id)")
    db.execute("CREATE INDEX idx_moderation_at ON moderation_actions (at)")
