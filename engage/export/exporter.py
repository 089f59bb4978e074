"""Research exports: pseudonymous tables streamed from SQLite in chunks, with codebook and manifest.

The export reads inside one read transaction, so every table describes the same instant even while
the collector keeps writing (WAL readers see a snapshot). The records in scope are put in a temporary
table once; each exported table then joins against it and streams ``chunk_size`` rows at a time
through a writer, so memory stays flat whatever the size of the database.

Files are written to a hidden sibling folder and renamed into place at the end: a failed export
leaves no half-written folder that looks finished.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from engage.config import Config
from engage.errors import EngageError
from engage.export.codebook import codebook_dict, write_codebook
from engage.export.manifest import config_hash, software_version, write_manifest
from engage.export.privacy import Pseudonymizer, PseudonymKeyError
from engage.export.schema import LABELS, POSTS, RESPONSE_TIMES, SNAPSHOTS, Table
from engage.export.writers import FORMATS, file_name, open_writer
from engage.metrics.business import BusinessClock
from engage.metrics.definitions import METRICS_VERSION
from engage.metrics.frame import ACTIONABLE_SQL, ANSWERED_ELSEWHERE_SQL, FIRST_RESPONSE_SQL, epoch_sql
from engage.store import Store
from engage.timeutil import to_db, utcnow

log = logging.getLogger(__name__)

MODES = ("full", "dehydrated")
Progress = Callable[[int, int], None]


class ExportError(EngageError):
    """An export that cannot run (bad options, missing key, occupied folder); one operator-facing line."""


@dataclass(frozen=True)
class ExportOptions:
    out: Path
    fmt: str = "csv"
    since: datetime | None = None
    until: datetime | None = None
    platforms: tuple[str, ...] = ()
    accounts: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    mode: str = "full"
    include_text: bool = True
    snapshots: bool = False
    spreadsheet_safe: bool = False
    analysis: bool = False
    chunk_size: int = 10_000

    def query(self) -> dict[str, Any]:
        """The options as they go into the manifest (what a reader needs to reproduce the export)."""
        return {
            "format": self.fmt,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "platforms": list(self.platforms),
            "accounts": list(self.accounts),
            "topics": list(self.topics),
            "mode": self.mode,
            "text": self.include_text,
            "snapshots": self.snapshots,
            "spreadsheet_safe": self.spreadsheet_safe,
            "analysis": self.analysis,
        }


@dataclass
class ExportResult:
    out: Path
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def line(self) -> str:
        counts = " ".join(f"{name}={n}" for name, n in self.rows.items())
        return f"export out={self.out} {counts} seconds={self.seconds:.1f}"


def pseudonym_key(config: Config) -> bytes:
    """The HMAC key from the env var named in config, or :class:`ExportError` (the value is never shown)."""
    name = config.export.pseudonym_key_env
    value = config.secret(name)
    if not value:
        raise ExportError(
            f"{name} is not set: exports pseudonymise public authors with a secret key; set it to a long random "
            f"value kept by the department (e.g. python -c 'import secrets; print(secrets.token_hex(32))')"
        )
    return value.encode("utf-8")


def run_export(
    store: Store,
    config: Config,
    options: ExportOptions,
    *,
    key: bytes,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Write the export described by ``options`` into ``options.out`` (which must not hold files)."""
    started = time.monotonic()
    _check_options(options)
    out = options.out
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ExportError(f"{out}: already exists and is not empty (choose a new folder)")
    if not out.parent.is_dir():
        raise ExportError(f"{out.parent}: folder does not exist")
    as_of = now or utcnow()
    work = out.parent / f".{out.name}.partial-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    try:
        result = _Export(store, config, options, key, as_of, work, progress).run()
        if out.exists():
            out.rmdir()
        work.rename(out)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    result.out = out
    result.seconds = time.monotonic() - started
    log.info(result.line())
    return result


def _check_options(options: ExportOptions) -> None:
    if options.fmt not in FORMATS:
        raise ExportError(f"--format {options.fmt!r}: choose one of {', '.join(FORMATS)}")
    if options.mode not in MODES:
        raise ExportError(f"--mode {options.mode!r}: choose one of {', '.join(MODES)}")
    if options.since and options.until and options.since >= options.until:
        raise ExportError(f"--since {options.since.isoformat()} is not before --until {options.until.isoformat()}")
    if options.chunk_size < 1:
        raise ExportError("chunk size must be at least 1")
    if options.spreadsheet_safe and options.fmt != "csv":
        raise ExportError(f"--spreadsheet-safe is for --format csv, not {options.fmt}")


def _marks(values: Sequence[Any]) -> str:
    return ",".join("?" * len(values))


class _Export:
    """One export run: the scope, the tables, then codebook, README and manifest."""

    def __init__(
        self, store: Store, config: Config, options: ExportOptions, key: bytes, as_of: datetime, work: Path,
        progress: Progress | None,
    ) -> None:
        self.store = store
        self.conn = store.db.conn
        self.config = config
        self.options = options
        self.key = key
        self.as_of = as_of
        self.work = work
        self.progress = progress
        self.done = 0
        self.total = 0
        self.dehydrate_x = options.mode == "dehydrated"

    # -- orchestration ----------------------------------------------------------------------------

    def run(self) -> ExportResult:
        if self.conn.in_transaction:
            raise ExportError("the database connection is busy in another transaction")
        self.conn.execute("BEGIN")  # one read snapshot for every table
        try:
            self.pseudo = self._pseudonymizer()
            self._build_scope()
            tables: list[tuple[Table, str, Callable[[], Iterator[list[tuple[Any, ...]]]]]] = [
                (POSTS, self._count("SELECT COUNT(*) FROM temp.export_scope"), self._posts),
                (LABELS, self._count("SELECT COUNT(*) FROM temp.export_labels"), self._labels),
                (RESPONSE_TIMES, self._count("SELECT COUNT(*) FROM temp.export_replies"), self._response_times),
            ]
            if self.options.snapshots:
                tables.append((SNAPSHOTS, self._count(self._snapshot_sql(count=True)), self._snapshots))
            self.total = sum(n for _, n, _ in tables)
            rows: dict[str, int] = {}
            written: list[tuple[Table, str, int]] = []
            for table, _, produce in tables:
                name = file_name(self.options.fmt, table)
                rows[table.name] = self._write_table(table, self.work / name, produce)
                written.append((table, name, rows[table.name]))
            models = {r[0]: r[1] for r in self.conn.execute("SELECT task, model_id FROM active_models ORDER BY task")}
            if self.options.analysis:  # same read snapshot as the tables
                from engage.analysis.export import write_analysis

                write_analysis(self.store, self.config, self.work, self.options.since, self.options.until, self.as_of)
        finally:
            self.conn.execute("ROLLBACK")
        book = codebook_dict(written, dehydrated=self.dehydrate_x)
        write_codebook(self.work, book)
        self._write_readme(written)
        write_manifest(self.work, self._manifest_body(rows, models))
        return ExportResult(self.work, rows)

    def _count(self, sql: str) -> int:
        return int(self.conn.execute(sql).fetchone()[0])

    def _write_table(
        self, table: Table, path: Path, produce: Callable[[], Iterator[list[tuple[Any, ...]]]]
    ) -> int:
        writer = open_writer(self.options.fmt, path, table, spreadsheet_safe=self.options.spreadsheet_safe)
        written = 0
        try:
            for chunk in produce():
                writer.write(chunk)
                written += len(chunk)
                self.done += len(chunk)
                if self.progress:
                    self.progress(self.done, self.total)
        finally:
            writer.close()
        return written

    def _chunks(self, sql: str, params: Sequence[Any] = ()) -> Iterator[list[tuple[Any, ...]]]:
        cursor = self.conn.execute(sql, list(params))
        try:
            while rows := cursor.fetchmany(self.options.chunk_size):
                yield rows
        finally:
            cursor.close()

    # -- pseudonyms and scope ---------------------------------------------------------------------

    def _pseudonymizer(self) -> Pseudonymizer:
        handles = {(a.platform, a.handle) for a in self.config.accounts}
        ids = {(a.platform, a.user_id) for a in self.config.accounts if a.user_id}
        for platform, handle, author_id in self.conn.execute(
            "SELECT DISTINCT platform, author_handle, author_id FROM posts WHERE is_department = 1"
        ):
            if handle:
                handles.add((platform, handle))
            if author_id:
                ids.add((platform, author_id))
        # Public authors' handles -> ids, so "@jane" in a text gets the pseudonym of Jane's own rows. A
        # temp table rather than a dict: a million replies may have hundreds of thousands of authors.
        self.conn.execute(
            "CREATE TEMP TABLE export_handles (platform TEXT, handle TEXT, author_id TEXT,"
            " PRIMARY KEY (platform, handle)) WITHOUT ROWID"
        )
        self.conn.execute(
            "INSERT INTO temp.export_handles SELECT platform, ltrim(lower(author_handle), '@'), MAX(author_id)"
            " FROM posts WHERE is_department = 0 AND author_handle IS NOT NULL AND author_id IS NOT NULL"
            " GROUP BY 1, 2"
        )
        try:
            return Pseudonymizer(
                self.key, department_handles=handles, department_ids=ids, handle_ids=_HandleTable(self.conn)
            )
        except PseudonymKeyError as exc:
            raise ExportError(f"{self.config.export.pseudonym_key_env}: {exc}") from None

    def _filters(self, alias: str) -> tuple[str, list[Any]]:
        opts = self.options
        where: list[str] = []
        params: list[Any] = []
        if opts.since:
            where.append(f"{alias}.created_at >= ?")
            params.append(to_db(opts.since))
        if opts.until:
            where.append(f"{alias}.created_at < ?")
            params.append(to_db(opts.until))
        if opts.platforms:
            where.append(f"{alias}.platform IN ({_marks(opts.platforms)})")
            params += list(opts.platforms)
        if opts.accounts:
            where.append(f"{alias}.account IN ({_marks(opts.accounts)})")
            params += list(opts.accounts)
        return (" AND ".join(where) or "1"), params

    def _build_scope(self) -> None:
        """Temp tables: ``export_replies`` (public replies incl. deleted), ``export_scope`` (live rows),
        ``export_labels`` (the current labels of the live rows, read once from the ``current_labels`` view:
        a correlated lookup into the view per reply would rebuild it each time)."""
        self._select_rows()
        self.conn.execute(
            "CREATE TEMP TABLE export_labels (uid TEXT, task TEXT, label TEXT, score REAL, source TEXT,"
            " model_id TEXT, PRIMARY KEY (uid, task, label)) WITHOUT ROWID"
        )
        self.conn.execute(
            "INSERT OR IGNORE INTO temp.export_labels"
            " SELECT l.uid, l.task, l.label, CASE WHEN json_valid(l.scores) AND json_type(l.scores) = 'object'"
            " THEN json_extract(l.scores, '$.\"' || l.label || '\"') END, l.source, l.model_id"
            " FROM temp.export_scope s JOIN current_labels l ON l.uid = s.uid"
        )

    def _select_rows(self) -> None:
        conn = self.conn
        conn.execute("CREATE TEMP TABLE export_replies (uid TEXT PRIMARY KEY) WITHOUT ROWID")
        conn.execute("CREATE TEMP TABLE export_scope (uid TEXT PRIMARY KEY) WITHOUT ROWID")
        where, params = self._filters("r")
        topics = self.options.topics
        topic_sql = ""
        if topics:
            topic_sql = (
                " AND EXISTS (SELECT 1 FROM current_labels t WHERE t.uid = r.uid AND t.task = 'topics'"  # noqa: S608
                f" AND t.label IN ({_marks(topics)}))"
            )
            params = params + list(topics)
        sql = f"INSERT INTO temp.export_replies SELECT r.uid FROM posts r WHERE r.is_public_reply = 1 AND {where}"  # noqa: S608
        conn.execute(sql + topic_sql, params)
        if not topics:
            where, params = self._filters("p")
            conn.execute(
                f"INSERT INTO temp.export_scope SELECT p.uid FROM posts p WHERE p.deleted_at IS NULL AND {where}",  # noqa: S608
                params,
            )
            return
        # Topic filter: the matching replies plus the department records of their threads.
        conn.execute(
            "INSERT INTO temp.export_scope SELECT r.uid FROM temp.export_replies e JOIN posts r ON r.uid = e.uid"
            " WHERE r.deleted_at IS NULL"
        )
        conn.execute(
            "INSERT OR IGNORE INTO temp.export_scope"
            " SELECT d.uid FROM temp.export_replies e JOIN posts d ON d.parent_uid = e.uid"
            " WHERE d.is_department = 1 AND d.deleted_at IS NULL"
            " UNION SELECT d.uid FROM temp.export_replies e JOIN posts r ON r.uid = e.uid"
            " JOIN posts d ON d.uid IN (r.root_uid, r.parent_uid) WHERE d.is_department = 1 AND d.deleted_at IS NULL"
        )

    # -- tables -----------------------------------------------------------------------------------

    def _posts(self) -> Iterator[list[tuple[Any, ...]]]:
        sql = """
            SELECT p.uid, p.platform, p.native_id, p.account, p.kind, p.is_department, p.author_id,
                   p.author_handle, p.text, p.lang, p.created_at, p.collected_at, p.parent_uid, p.root_uid,
                   p.url, p.likes, p.replies, p.reposts, p.quotes, p.views, p.score,
                   (SELECT MAX(m.observed_at) FROM metric_snapshots m WHERE m.uid = p.uid),
                   p.tombstoned_at IS NOT NULL, p.is_public_reply,
                   p.is_department = 1 AND p.parent_uid IS NOT NULL AND EXISTS (
                       SELECT 1 FROM posts q WHERE q.uid = p.parent_uid AND q.is_public_reply = 1),
                   CASE WHEN p.platform = 'facebook' THEN json_extract(p.raw, '$.message_tags') END
            FROM temp.export_scope s JOIN posts p ON p.uid = s.uid
            ORDER BY p.created_at, p.uid
        """
        pseudo = self.pseudo
        include_text = self.options.include_text
        ids_file = (self.work / "ids_x.txt").open("w", encoding="utf-8") if self.dehydrate_x else None
        try:
            for chunk in self._chunks(sql):
                out = []
                x_ids = []
                for (uid, platform, native_id, account, kind, is_dept, author_id, handle, text, lang, created,
                     collected, parent, root, url, likes, replies, reposts, quotes, views, score, observed,
                     retained, public, response, tags) in chunk:
                    dry = self.dehydrate_x and platform == "x"
                    if dry:
                        x_ids.append(native_id)
                    counts = (likes, replies, reposts, quotes, views, score)
                    engagement = None
                    if any(v is not None for v in counts[:4]):
                        engagement = sum(v or 0 for v in counts[:4])
                    keep_text = include_text and not dry and not retained
                    out.append((
                        pseudo.export_id(uid), platform, pseudo.export_native_id(platform, native_id), account,
                        kind, _role(kind, bool(is_dept), bool(public), bool(response)), bool(is_dept),
                        None if retained else pseudo.author(platform, bool(is_dept), author_id, handle),
                        pseudo.scrub_text(platform, text, department=bool(is_dept), tags=tags) if keep_text else None,
                        None if dry else lang, created, collected,
                        pseudo.export_id(parent), pseudo.export_id(root),
                        url if is_dept and not dry else None,
                        *((None,) * len(counts) if dry else counts), None if dry else engagement,
                        None if dry else observed, bool(retained),
                    ))
                if ids_file is not None and x_ids:
                    ids_file.write("".join(f"{i}\n" for i in x_ids))
                yield out
        finally:
            if ids_file is not None:
                ids_file.close()
                if self.work.joinpath("ids_x.txt").stat().st_size == 0:
                    self.work.joinpath("ids_x.txt").unlink()

    def _labels(self) -> Iterator[list[tuple[Any, ...]]]:
        sql = "SELECT uid, task, label, score, source, model_id FROM temp.export_labels ORDER BY uid, task, label"
        export_id = self.pseudo.export_id
        for chunk in self._chunks(sql):
            yield [
                (export_id(uid), task, label, _score(score) if source == "model" else None, source,
                 model_id if source == "model" else "human")
                for uid, task, label, score, source, model_id in chunk
            ]

    def _response_times(self) -> Iterator[list[tuple[Any, ...]]]:
        sql = f"""
            SELECT r.uid, r.platform, r.account, r.created_at, r.deleted_at IS NOT NULL, {ACTIONABLE_SQL},
                   (SELECT nr.label FROM temp.export_labels nr WHERE nr.uid = r.uid AND nr.task = 'needs_response'
                    ORDER BY nr.label LIMIT 1),
                   (SELECT group_concat(label, ';') FROM (SELECT t.label FROM temp.export_labels t
                    WHERE t.uid = r.uid AND t.task = 'topics' ORDER BY t.label)),
                   (SELECT d.uid FROM posts d WHERE d.parent_uid = r.uid AND +d.is_department = 1
                    ORDER BY +d.created_at, d.uid LIMIT 1),
                   {FIRST_RESPONSE_SQL}, {epoch_sql('r.created_at')}, {epoch_sql(FIRST_RESPONSE_SQL)},
                   (SELECT o.channel FROM answers_elsewhere o WHERE o.uid = r.uid), {ANSWERED_ELSEWHERE_SQL},
                   {epoch_sql(ANSWERED_ELSEWHERE_SQL)},
                   EXISTS (SELECT 1 FROM triage ti WHERE ti.uid = r.uid AND ti.incident_ref IS NOT NULL)
            FROM temp.export_replies e JOIN posts r ON r.uid = e.uid
            ORDER BY r.created_at, r.uid
        """  # noqa: S608 - fixed fragments from engage.metrics
        export_id = self.pseudo.export_id
        as_of_s = to_db(self.as_of)
        as_of_epoch = self.as_of.timestamp()
        sla_s = self.config.response.sla_hours * 3600.0
        hours = self.config.response.business_hours
        tz = self.config.department.tz
        for chunk in self._chunks(sql):
            created = np.array([row[10] for row in chunk], dtype=np.float64)
            public = np.array([np.nan if row[11] is None else row[11] for row in chunk], dtype=np.float64)
            elsewhere = np.array([np.nan if row[14] is None else row[14] for row in chunk], dtype=np.float64)
            # As in engage.metrics.compute: the first response either way ends the clock (a public one
            # at the same moment counts as public), and an answer stamped before the reply is immediate.
            with np.errstate(invalid="ignore"):
                by_elsewhere = (elsewhere <= as_of_epoch) & ~(public <= elsewhere)
                answered = np.fmin(np.where(public <= as_of_epoch, public, np.nan),
                                   np.where(elsewhere <= as_of_epoch, elsewhere, np.nan))
            answered = np.where(np.isnan(answered), np.nan, np.maximum(answered, created))
            business = np.full(len(chunk), np.nan)
            if hours is not None:
                hi = float(np.nanmax(np.concatenate((created, answered))))
                clock = BusinessClock.covering(hours, tz, float(created.min()), hi)
                mask = ~np.isnan(answered)
                business[mask] = clock(answered[mask]) - clock(created[mask])
            out = []
            for i, (uid, platform, account, created_at, deleted, actionable, needs, topics, first_id, first_at,
                    _, _, channel, elsewhere_at, _, has_incident) in enumerate(chunk):
                is_answered = not np.isnan(answered[i])
                frt = round(float(answered[i] - created[i]), 3) if is_answered else None
                via = (channel if by_elsewhere[i] else "platform") if is_answered else None
                out.append((
                    None if deleted else export_id(uid), platform, account, created_at, bool(deleted),
                    bool(actionable), None if deleted else needs, None if deleted else topics, bool(has_incident),
                    is_answered, via,
                    export_id(first_id), first_at, elsewhere_at, frt,
                    round(float(business[i]), 3) if is_answered and hours is not None else None,
                    frt is not None and frt <= sla_s, as_of_s,
                    frt if is_answered else round(as_of_epoch - float(created[i]), 3),
                ))
            yield out

    def _snapshot_sql(self, *, count: bool) -> str:
        dry = " AND m.uid NOT LIKE 'x:%'" if self.dehydrate_x else ""
        if count:
            return f"SELECT COUNT(*) FROM temp.export_scope s JOIN metric_snapshots m ON m.uid = s.uid WHERE 1{dry}"  # noqa: S608
        return (
            "SELECT m.uid, m.observed_at, m.likes, m.replies, m.reposts, m.quotes, m.views, m.score"  # noqa: S608
            f" FROM temp.export_scope s JOIN metric_snapshots m ON m.uid = s.uid WHERE 1{dry}"
            " ORDER BY m.uid, m.observed_at"
        )

    def _snapshots(self) -> Iterator[list[tuple[Any, ...]]]:
        export_id = self.pseudo.export_id
        for chunk in self._chunks(self._snapshot_sql(count=False)):
            yield [(export_id(row[0]), *row[1:]) for row in chunk]

    # -- documents --------------------------------------------------------------------------------

    def _manifest_body(self, rows: dict[str, int], models: dict[str, str]) -> dict[str, Any]:
        hours = self.config.response.business_hours
        return {
            "engage_export": 1,
            "software": {"name": "engage", "version": software_version()},
            "metrics_version": METRICS_VERSION,
            "created_at": self.as_of.isoformat(),
            "as_of": to_db(self.as_of),
            "department": self.config.department.name,
            "timezone": self.config.department.timezone,
            "config_sha256": config_hash(self.config),
            "config_hash_method": "SHA-256 of the validated config as canonical JSON (sorted keys, compact); the "
                                  "config holds only names of secret environment variables, never their values",
            "sla_hours": self.config.response.sla_hours,
            "business_hours": hours.model_dump(mode="json") if hours else None,
            "models": models,
            "query": self.options.query(),
            "pseudonyms": {
                "scheme": "p_ + first 16 hex of HMAC-SHA256(key, 'platform:author_id')",
                "key_env": self.config.export.pseudonym_key_env,
                "pseudonym_key_id": self.pseudo.key_id,
            },
            "rows": rows,
        }

    def _write_readme(self, written: list[tuple[Table, str, int]]) -> None:
        listing = "\n".join(f"- `{name}`: {table.name}, {n} rows" for table, name, n in written)
        loaders = {
            "csv": "pandas.read_csv(\"posts.csv\")` (R: `readr::read_csv(\"posts.csv\")`",
            "jsonl": "pandas.read_json(\"posts.jsonl\", lines=True)` (R: `jsonlite::stream_in(file(\"posts.jsonl\"))`",
            "parquet": "pandas.read_parquet(\"posts.parquet\")` (R: `arrow::read_parquet(\"posts.parquet\")`",
            "parquet-dataset": "duckdb.sql(\"FROM read_parquet('posts/**/*.parquet', hive_partitioning=true)\")`"
                               " (R: `arrow::open_dataset(\"posts\")`; pandas: `pandas.read_parquet(\"posts\")`",
        }
        text = [
            f"# engage export: {self.config.department.name}",
            "",
            f"Exported {self.as_of.isoformat()} by engage {software_version()} (metric definitions "
            f"{METRICS_VERSION}). Every column is described in `codebook.md` (and `codebook.json`); "
            "`manifest.json` records the query, model ids, config hash, row counts and file hashes; check the "
            "files with `engage export verify <this folder>`.",
            "",
            listing,
            "",
            f"Load a table with `{loaders[self.options.fmt]}). Join tables on `post_id`.",
            "",
            "Public authors are keyed pseudonyms (`p_...`); e-mail addresses and phone numbers in public texts "
            "are redacted (department posts keep the contacts the department published). Do not try to "
            "re-identify people, and publish only aggregates or pseudonymous data.",
        ]
        if (self.work / "ids_x.txt").exists():
            text += [
                "",
                "## Rehydrating X posts",
                "",
                "X's developer terms allow sharing post ids, not content, so X records here carry ids, times, "
                "pseudonymous authors, thread links and labels only. With your own X API access and "
                "[twarc](https://twarc-project.readthedocs.io/) (`pip install twarc`, then `twarc2 configure`):",
                "",
                "    twarc2 hydrate ids_x.txt > tweets.jsonl",
                "",
                "Posts deleted or made private since the export will not come back, as the terms intend. "
                "Join the result to `posts` on `native_id` = the tweet `id`.",
            ]
        (self.work / "README.md").write_text("\n".join(text) + "\n", encoding="utf-8")


class _HandleTable:
    """Handle -> author id lookups in the ``export_handles`` temp table (indexed by its primary key)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def get(self, key: tuple[str, str], /) -> str | None:
        row = self.conn.execute(
            "SELECT author_id FROM temp.export_handles WHERE platform = ? AND handle = ?", key
        ).fetchone()
        return row[0] if row else None


def _role(kind: str, is_department: bool, public_reply: bool, response: bool) -> str:
    if public_reply:
        return "public_reply"
    if not is_department:
        return "public_other"
    if response:
        return "department_response"
    return "department_post" if kind == "post" else "department_other"


def _score(value: object) -> float | None:
    """The model's score for the label, when the stored scores map labels to numbers."""
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
