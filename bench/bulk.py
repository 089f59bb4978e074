"""Bulk loading for the benchmarks: the live schema, built in minutes instead of hours.

A synthetic database of millions of rows is written with the secondary indexes, the full-text
triggers and the triggers that keep the inbox priority parts and the stored sentiment current
dropped; :func:`restore` then rebuilds them once (and fills what the triggers would have filled with
one UPDATE each), so the result has the same schema and contents as a database filled row by row.
"""

from __future__ import annotations

import sqlite_utils

from engage.schema import SENTIMENT_BACKFILL, TRIAGE_RANK_BACKFILL

Deferred = list[tuple[str, str, str]]


def drop_deferred(db: sqlite_utils.Database) -> Deferred:
    """Drop (and return, as type, name, SQL) the indexes and triggers a bulk load would fire per row."""
    deferred = db.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND ("
        " (type = 'index' AND tbl_name IN ('posts', 'classifications', 'triage'))"
        " OR (type = 'trigger' AND tbl_name IN ('posts', 'classifications', 'triage', 'corrections',"
        " 'active_models')))"
    ).fetchall()
    with db.conn:
        for kind, name, _sql in deferred:
            db.execute(f'DROP {kind.upper()} "{name}"')
    return deferred


def restore(db: sqlite_utils.Database, deferred: Deferred) -> None:
    """Label and post indexes first (the backfills look labels up by uid), then the priority parts and
    sentiment codes, then the triage indexes over them, the triggers, and the full-text index."""
    after_backfill = [d for d in deferred if d[0] == "trigger" or d[1].startswith("idx_triage")]
    with db.conn:
        for _kind, _name, sql in (d for d in deferred if d not in after_backfill):
            db.execute(sql)
        db.execute(TRIAGE_RANK_BACKFILL)
        db.execute(SENTIMENT_BACKFILL)
        for _kind, _name, sql in after_backfill:
            db.execute(sql)
        db.execute("INSERT INTO posts_fts(posts_fts) VALUES ('rebuild')")
    db.execute("ANALYZE")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
