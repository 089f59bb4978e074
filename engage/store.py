"""The SQLite store (through sqlite-utils): WAL mode, foreign keys on, idempotent upserts.

Everything that reaches the database goes through here, so the invariants live in one place:
a re-collected record updates its row and never duplicates it; engagement counts keep their
history in ``metric_snapshots``;  a department response moves the reply it answers to ``responded`` in triage.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from connectors.base import KnownReply, Record, WatchedThread
from engage import migrations
from engage.errors import EngageError, error_line
from engage.timeutil import from_db, to_db, utcnow

log = logging.getLogger(__name__)

METRIC_FIELDS = ("likes", "replies", "reposts", "quotes", "views", "score")
# Fields whose change makes a re-collected record count as "updated".
CONTENT_FIELDS = (
    "text", "lang", "author_handle", "parent_uid", "root_uid", "url", "kind", "is_department", "flags",
)
TOMBSTONE_TEXT = ""
HIDDEN_REASON = "hidden by the account"
TRIAGE_STATUSES = ("new", "in_progress", "responded", "no_action", "escalated")
OPEN_STATUSES = ("new", "in_progress")


class StoreError(EngageError):
    """A database that cannot be opened or written; the message is one line naming the file."""


@dataclass
class UpsertCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    def __iadd__(self, other: UpsertCounts) -> UpsertCounts:
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.deleted += other.deleted
        return self


class Database(sqlite_utils.Database):
    """sqlite-utils' Database whose transactions take the write lock up front (``BEGIN IMMEDIATE``).

    With sqlite-utils' deferred ``BEGIN``, a transaction that reads before it writes fails at once
    with "database is locked" (SQLITE_BUSY_SNAPSHOT, which no busy timeout retries) when another
    connection committed in between. The daemon collects and classifies on separate threads and the
    web app writes beside it, so every write transaction must queue for the lock instead.
    """

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        if self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise


def connect(path: str | Path) -> sqlite_utils.Database:
    """Open ``path`` as a WAL-mode database with foreign keys on, or raise :class:`StoreError`."""
    path = Path(path)
    if path.exists() and path.is_dir():
        raise StoreError(f"{path}: is a directory, not a database file")
    if not path.parent.exists():
        raise StoreError(f"{path}: folder {path.parent} does not exist")
    try:
        conn = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
        db = Database(conn)
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA busy_timeout = 30000")
        mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise StoreError(f"{path}: could not switch to WAL mode (got {mode})")
        db.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.OperationalError as exc:
        if not path.exists() or "readonly" in str(exc):
            raise StoreError(f"{path}: cannot create or write the database here ({exc}); "
                             f"is {path.parent} read-only?") from None
        raise StoreError(f"{path}: cannot open ({exc})") from None
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not a usable SQLite database ({exc})") from None
    return db


@dataclass
class Run:
    """The ``runs`` row of one job while it works (see :meth:`Store.run`): what it will be finished with.

    ``counts`` are the row's count columns (fetched, new, updated, skipped); :meth:`count` also writes
    them at once, so a long run shows its progress. ``outcome`` stays ``ok`` unless the job sets another
    (``partial``, ``budget``, ``stopped``) or fails.
    """

    store: Store
    id: int
    outcome: str = "ok"
    error: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    details: dict[str, Any] | None = None

    def count(self, **counts: int) -> None:
        """Set and write count columns now (inside the caller's transaction when it has one open)."""
        self.counts |= counts
        with self.store.db.atomic():
            self.store.db["runs"].update(self.id, counts)

    def fail(self, error: str) -> None:
        """Finish as ``error`` with ``error``'s first line."""
        lines = error.strip().splitlines()
        self.outcome, self.error = "error", lines[0] if lines else "error"


class Store:
    """The application's single door to SQLite. Open with :meth:`open`; migrates on open."""

    def __init__(self, db: sqlite_utils.Database, path: Path | None = None) -> None:
        self.db = db
        self.path = path

    @classmethod
    def open(cls, path: str | Path, *, migrate: bool = True) -> Store:
        path = Path(path)
        db = connect(path)
        if migrate:
            try:
                ran = migrations.migrate(db)
            except sqlite3.OperationalError as exc:
                raise StoreError(f"{path}: cannot write ({exc})") from None
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"{path}: not a usable SQLite database ({exc})") from None
            if ran:
                log.info("migrated %s: applied %s", path, ran)
        store = cls(db, path)
        store.mark_dead_runs()
        return store

    def close(self) -> None:
        """Close, first letting SQLite refresh planner statistics that bulk writes made stale.

        ``PRAGMA optimize`` (bounded by ``analysis_limit``, as SQLite recommends on close) re-runs
        ANALYZE only where this connection's queries showed it matters, so an index added by a
        migration or a table grown tenfold gets statistics without a manual ANALYZE.
        """
        try:
            self.db.execute("PRAGMA analysis_limit = 400")
            self.db.execute("PRAGMA optimize")
        except sqlite3.Error as exc:  # read-only or busy: statistics can wait for the next close
            log.debug("PRAGMA optimize skipped on %s: %s", self.path, exc)
        self.db.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema -----------------------------------------------------------------------------------

    def schema_version(self) -> int:
        done = migrations.applied(self.db)
        return max(done) if done else 0

    # -- accounts ---------------------------------------------------------------------------------

    def sync_accounts(self, accounts: Iterable[dict[str, Any]]) -> None:
        """Upsert the configured accounts (platform, handle, user_id, label)."""
        with self.db.atomic():
            for acc in accounts:
                existing = list(
                    self.db["accounts"].rows_where(
                        "platform = ? AND handle = ?", [acc["platform"], acc["handle"]], limit=1
                    )
                )
                row = {k: acc.get(k) for k in ("platform", "handle", "user_id", "label")}
                if existing:
                    self.db["accounts"].update(existing[0]["id"], row)
                else:
                    self.db["accounts"].insert(row)

    # -- records ----------------------------------------------------------------------------------

    def upsert_records(self, records: Sequence[Record], *, now: datetime | None = None,
                       collected_elsewhere: bool = False) -> UpsertCounts:
        """Insert new records, update changed ones, snapshot metrics; call inside a transaction.

        ``collected_elsewhere``: the records were imported; a new one without ``collected_at`` is
        flagged (``posts.collected_elsewhere``), since the time stamped on it is the import's.
        """
        now_s = to_db(now or utcnow())
        counts = UpsertCounts()
        if not records:
            return counts
        # A page can repeat a record (overlapping pages): the last occurrence wins.
        unique = {r.uid: r for r in records}
        existing = self._existing(list(unique))
        inserts: list[dict[str, Any]] = []
        snapshots: list[dict[str, Any]] = []
        to_tombstone: list[str] = []
        to_hide: list[str] = []  # hidden by the department's moderators: tombstoned, not deleted
        no_collection_time: list[str] = []
        for uid, rec in unique.items():
            row = _row(rec)
            old = existing.get(uid)
            if old is None:
                collected = to_db(rec.collected_at) if rec.collected_at else now_s
                inserts.append({**row, "collected_at": collected, "updated_at": now_s})
                if collected_elsewhere and rec.collected_at is None:
                    no_collection_time.append(uid)
                snapshots.append(_snapshot(uid, now_s, row))
                counts.new += 1
                if rec.deleted:
                    to_tombstone.append(uid)
                    counts.deleted += 1
                elif rec.hidden:
                    to_hide.append(uid)
                continue
            if old.get("tombstoned_at"):
                # Deleted or past retention: never bring the content back; but a retained record later
                # deleted on the platform must still be marked deleted (deleted content is never exported).
                if rec.deleted and old.get("deleted_at") is None:
                    self.db["posts"].update(uid, {"deleted_at": now_s, "updated_at": now_s})
                    counts.deleted += 1
                else:
                    counts.unchanged += 1
                continue
            if rec.deleted:
                to_tombstone.append(uid)
                counts.deleted += 1
                continue
            if rec.hidden:
                self.db["posts"].update(uid, {"flags": row["flags"], "updated_at": now_s})
                to_hide.append(uid)
                counts.updated += 1
                continue
            changed = {k: row[k] for k in CONTENT_FIELDS if row[k] != old[k]}
            metrics_changed = any(row[k] != old[k] for k in METRIC_FIELDS)
            if changed or metrics_changed:
                update = {**changed, **{k: row[k] for k in METRIC_FIELDS}, "raw": row["raw"], "updated_at": now_s}
                self.db["posts"].update(uid, update)
                if metrics_changed:
                    snapshots.append(_snapshot(uid, now_s, row))
                counts.updated += 1
            else:
                counts.unchanged += 1
        if inserts:
            self._insert_rows("INSERT", "posts", inserts)
        if no_collection_time:
            self.db.conn.executemany("UPDATE posts SET collected_elsewhere = 1 WHERE uid = ?",
                                     [(uid,) for uid in no_collection_time])
        snapshots = [snap for snap in snapshots if snap is not None]
        if snapshots:
            self._insert_rows("INSERT OR REPLACE", "metric_snapshots", snapshots)
        if to_tombstone:
            self.tombstone(to_tombstone, reason="deleted on platform", now=now)
        if to_hide:
            self.tombstone(to_hide, reason=HIDDEN_REASON, now=now)
        opened = self._open_triage([r for r in unique.values() if not r.is_department], now_s)
        answered = {r.parent_uid for r in unique.values() if r.is_department and r.parent_uid}
        # Either side can arrive first (on X a department answer in someone else's thread comes in on
        # the department's own stream before the mention it answers), so check both directions.
        self._mark_responded(answered | set(opened), now_s)
        return counts

    def parent_of(self, uid: str) -> str | None:
        """The stored ``parent_uid`` of ``uid`` (None when it has none or is not stored)."""
        row = self.db.execute("SELECT parent_uid FROM posts WHERE uid = ?", [uid]).fetchone()
        return row[0] if row else None

    def _existing(self, uids: list[str]) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        cols = ", ".join(("uid", "tombstoned_at", "deleted_at", "raw", *CONTENT_FIELDS, *METRIC_FIELDS))
        for start in range(0, len(uids), 500):
            chunk = uids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT {cols} FROM posts WHERE uid IN ({marks})"  # noqa: S608 - placeholders only
            for row in self.db.query(sql, chunk):
                out[row["uid"]] = row
        return out

    def _open_triage(self, public: list[Record], now_s: str) -> list[str]:
        """Open a ``new`` triage item for each public reply; returns the uids passed in."""
        rows = [
            {"uid": r.uid, "status": "new", "updated_at": now_s, "updated_by": "system"}
            for r in public
            if r.kind in ("reply", "mention", "quote")
        ]
        if rows:
            self._insert_rows("INSERT OR IGNORE", "triage", rows)
        return [r["uid"] for r in rows]

    def _insert_rows(self, verb: str, table: str, rows: list[dict[str, Any]]) -> None:
        """Rows with the same keys in one ``executemany``: on the import path sqlite-utils' ``insert_all``
        spent more Python per value (type checks, JSON conversion) than SQLite spent storing it."""
        cols = list(rows[0])
        sql = f"{verb} INTO {table} ({', '.join(cols)}) VALUES ({', '.join(':' + c for c in cols)})"  # noqa: S608
        self.db.conn.executemany(sql, rows)

    def _mark_responded(self, uids: set[str], now_s: str) -> None:
        """Open triage items among ``uids`` that a department record answers become ``responded``.

        A department answer seen on the platform counts wherever staff made it (native app included).
        """
        if not uids:
            return
        # One query per page, not one per reply (a page of an archive import holds hundreds).
        for row in list(self.db.query(
            "SELECT t.uid, t.status FROM triage t WHERE t.uid IN (SELECT value FROM json_each(?))"
            " AND t.status IN (?, ?) AND EXISTS"
            " (SELECT 1 FROM posts d WHERE d.parent_uid = t.uid AND d.is_department = 1) ORDER BY t.uid",
            [json.dumps(sorted(uids)), *OPEN_STATUSES],
        )):
            self.db["triage"].update(row["uid"], {"status": "responded", "updated_at": now_s, "updated_by": "system"})
            self.db["audit_log"].insert(
                {
                    "uid": row["uid"], "at": now_s, "actor": "system", "field": "status",
                    "before": row["status"], "after": "responded",
                }
            )

    def tombstone(self, uids: Sequence[str], *, reason: str, now: datetime | None = None) -> int:
        """Replace text, author and raw payload of ``uids`` with a tombstone; keep times, labels, thread links.

        Used for content deleted on the platform and for content past ``retention_days``: the
        aggregate figures (counts, response times, labels) survive, the words and the person do not.
        """
        now_s = to_db(now or utcnow())
        done = 0
        for uid in uids:
            cur = self.db.execute(
                "UPDATE posts SET text = ?, author_id = NULL, author_handle = NULL, raw = NULL, url = NULL,"
                " tombstoned_at = ?, deleted_at = CASE WHEN ? = 'deleted on platform' THEN ? ELSE deleted_at END"
                " WHERE uid = ? AND tombstoned_at IS NULL",
                [TOMBSTONE_TEXT, now_s, reason, now_s, uid],
            )
            if cur.rowcount:
                self.db["audit_log"].insert(
                    {"uid": uid, "at": now_s, "actor": "system", "field": "tombstone", "before": None, "after": reason}
                )
                done += 1
        return done

    # -- cursors and watched threads --------------------------------------------------------------

    def get_cursors(self, platform: str, account: str) -> dict[str, str]:
        rows = self.db.query(
            "SELECT stream, value FROM cursors WHERE platform = ? AND account = ?", [platform, account]
        )
        return {r["stream"]: r["value"] for r in rows}

    def set_cursor(self, platform: str, account: str, stream: str, value: str, *, now: datetime | None = None) -> None:
        self.db["cursors"].upsert(
            {"platform": platform, "account": account, "stream": stream, "value": value,
             "updated_at": to_db(now or utcnow())},
            pk=("platform", "account", "stream"),
        )

    def watched_threads(self, platform: str, account: str, since: datetime) -> list[WatchedThread]:
        """Department-rooted threads of ``account`` whose root is newer than ``since``, newest first."""
        rows = self.db.query(
            "SELECT uid, native_id, created_at FROM posts WHERE platform = ? AND account = ? AND is_department = 1"
            " AND kind = 'post' AND created_at >= ? ORDER BY created_at DESC",
            [platform, account, to_db(since)],
        )
        return [
            WatchedThread(root_uid=r["uid"], native_id=r["native_id"], created_at=from_db(r["created_at"]))
            for r in rows
        ]

    def replies_in_threads(self, platform: str, account: str, since: datetime) -> list[KnownReply]:
        """Live public replies in ``account``'s department threads rooted after ``since``, newest first."""
        rows = self.db.query(
            "SELECT uid, native_id, created_at, root_uid, parent_uid FROM posts WHERE platform = ? AND account = ?"
            " AND is_public_reply = 1 AND tombstoned_at IS NULL AND root_uid IN (SELECT uid FROM posts"
            " WHERE platform = ? AND account = ? AND is_department = 1 AND kind = 'post' AND created_at >= ?)"
            " ORDER BY created_at DESC, uid DESC",
            [platform, account, platform, account, to_db(since)],
        )
        return [
            KnownReply(r["uid"], r["native_id"], from_db(r["created_at"]), r["root_uid"], r["parent_uid"])
            for r in rows
        ]

    # -- runs -------------------------------------------------------------------------------------

    @contextmanager
    def run(self, kind: str, *, platform: str | None = None, account: str | None = None) -> Iterator[Run]:
        """One ``runs`` row for the work inside the block: opened ``running`` (with this process's pid and
        host, so a killed run is later marked ``interrupted``), finished with the outcome, counts and
        details the block set on the :class:`Run`. An exception escaping the block finishes the row as
        ``error`` with the exception's one line (never a traceback) and propagates.
        """
        run = Run(self, self.start_run(kind, platform=platform, account=account))
        try:
            yield run
        except Exception as exc:  # not KeyboardInterrupt/SystemExit: those leave it running, then interrupted
            run.fail(error_line(exc))
            self._finish_run(run)
            raise
        self._finish_run(run)

    def start_run(self, kind: str, *, platform: str | None = None, account: str | None = None) -> int:
        """Open a ``running`` row owned by this process (pid and host, so a killed run can be told apart).

        A job uses :meth:`run`, which opens and finishes its row; this alone leaves the row running.
        """
        with self.db.atomic():
            table = self.db["runs"]
            table.insert(
                {"kind": kind, "platform": platform, "account": account, "started_at": to_db(utcnow()),
                 "outcome": "running", "pid": os.getpid(), "host": socket.gethostname()}
            )
            return int(table.last_pk)

    def _finish_run(self, run: Run) -> None:
        fields: dict[str, Any] = {"outcome": run.outcome, "ended_at": to_db(utcnow()), "error": run.error,
                                  **run.counts}
        if run.details is not None:
            fields["details"] = json.dumps(run.details, sort_keys=True)
        with self.db.atomic():
            self.db["runs"].update(run.id, fields)

    def add_reads(self, run_id: int, reads: int) -> None:
        """Count billable reads on the run the moment they are made, in their own small transaction.

        The page they belong to may never commit (a crash, a bad payload), but the platform billed
        them, so the monthly budget must see them.
        """
        if reads:
            with self.db.atomic():
                self.db.execute("UPDATE runs SET reads = reads + ? WHERE id = ?", [reads, run_id])

    def mark_dead_runs(self, now: datetime | None = None) -> int:
        """Mark ``running`` rows whose process on this host is gone as ``interrupted``; return how many.

        Runs by other hosts, and rows from before pids were recorded, are left to their own host
        (or to the daemon's start-up sweep). A read-only database keeps its rows as they are.
        """
        host = socket.gethostname()
        if "pid" not in self.db["runs"].columns_dict:
            return 0  # opened without migrating an old database
        rows = self.db.execute(
            "SELECT id, pid FROM runs WHERE outcome = 'running' AND host = ? AND pid IS NOT NULL", [host]
        ).fetchall()
        dead = [(run_id, pid) for run_id, pid in rows if not _process_alive(pid)]
        if not dead:
            return 0
        now_s = to_db(now or utcnow())
        try:
            with self.db.atomic():
                for run_id, pid in dead:
                    self.db.execute(
                        "UPDATE runs SET outcome = 'interrupted', ended_at = ?, error = ?"
                        " WHERE id = ? AND outcome = 'running'",
                        [now_s, f"process {pid} on {host} ended before this run finished (killed or crashed);"
                         " the next run resumes it", run_id],
                    )
        except sqlite3.OperationalError as exc:
            log.debug("%s: could not mark dead runs interrupted: %s", self.path, exc)
            return 0
        log.info("marked %d run(s) interrupted: their process is gone", len(dead))
        return len(dead)

    # -- classifications --------------------------------------------------------------------------

    def activate_model(self, task: str, model_id: str, labels: Sequence[str]) -> None:
        self.db["active_models"].upsert(
            {"task": task, "model_id": model_id, "labels": json.dumps(list(labels)), "activated_at": to_db(utcnow())},
            pk="task",
        )

    def _unlabelled_where(self, models: dict[str, str]) -> tuple[str, list[Any]]:
        """WHERE for live public replies lacking a label from any of ``models`` (task -> model id)."""
        missing = " OR ".join(
            ["NOT EXISTS (SELECT 1 FROM classifications c WHERE c.uid = p.uid AND c.task = ? AND c.model_id = ?)"]
            * len(models)
        )
        params = [v for task, model_id in sorted(models.items()) for v in (task, model_id)]
        return f"p.is_public_reply = 1 AND p.tombstoned_at IS NULL AND ({missing or '0'})", params

    def count_unlabelled(self, models: dict[str, str]) -> int:
        where, params = self._unlabelled_where(models)
        return self.db.execute(f"SELECT count(*) FROM posts p WHERE {where}", params).fetchone()[0]  # noqa: S608

    def unlabelled(self, models: dict[str, str], *, batch: int = 512) -> Iterator[list[tuple[str, str]]]:
        """Batches of (uid, text) of live public replies that some of ``models`` have not labelled yet.

        Streams in uid order (a backlog of a million replies after a model upgrade never sits in memory);
        each batch is read after the previous one was stored, so it resumes where it stopped.
        """
        where, params = self._unlabelled_where(models)
        last = ""
        while True:
            rows = self.db.execute(
                f"SELECT p.uid, p.text FROM posts p WHERE {where} AND p.uid > ? ORDER BY p.uid LIMIT ?",  # noqa: S608
                [*params, last, batch],
            ).fetchall()
            if not rows:
                return
            yield [(r[0], r[1]) for r in rows]
            last = rows[-1][0]

    def save_classifications(self, rows: Sequence[dict[str, Any]]) -> None:
        """Rows of uid, task, model_id, label, scores (dict); one row per label for multi-label tasks."""
        now_s = to_db(utcnow())
        prepared = [
            {**r, "scores": json.dumps(r["scores"], sort_keys=True), "classified_at": r.get("classified_at", now_s)}
            for r in rows
        ]
        with self.db.atomic():
            self.db["classifications"].insert_all(prepared, ignore=True, batch_size=500)

    def count(self, table: str, where: str | None = None, params: Sequence[Any] = ()) -> int:
        return self.db[table].count_where(where, params) if where else self.db[table].count


def _row(rec: Record) -> dict[str, Any]:
    return {
        "uid": rec.uid,
        "platform": rec.platform,
        "native_id": rec.native_id,
        "account": rec.account,
        "author_id": rec.author_id,
        "author_handle": rec.author_handle,
        "is_department": int(rec.is_department),
        "kind": rec.kind,
        "text": rec.text,
        "lang": rec.lang,
        "created_at": to_db(rec.created_at),
        "parent_uid": rec.parent_uid,
        "root_uid": rec.root_uid,
        "url": rec.url,
        **{k: getattr(rec.metrics, k) for k in METRIC_FIELDS},
        "raw": json.dumps(rec.raw, sort_keys=True, ensure_ascii=False) if rec.raw is not None else None,
        "flags": json.dumps(rec.flags, ensure_ascii=False) if rec.flags else None,
    }


def _process_alive(pid: int) -> bool:
    """Whether process ``pid`` exists on this host (signal 0 checks without touching it)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


def _snapshot(uid: str, now_s: str, row: dict[str, Any]) -> dict[str, Any] | None:
    """A metric_snapshots row, or None when the platform gave no counts at all."""
    if all(row[k] is None for k in METRIC_FIELDS):
        return None
    return {"uid": uid, "observed_at": now_s, **{k: row[k] for k in METRIC_FIELDS}}
