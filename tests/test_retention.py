"""Retention (text and author of old public replies removed, aggregates kept) and the compliance feed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from engage.export.exporter import ExportOptions, run_export
from engage.metrics.frame import reply_frame
from engage.retention import apply_retention, forget, read_id_list
from engage.retention_cli import retention_app
from engage.store import Store
from tests.helpers.export import KEY, KEY_ENV, T0, all_text, config, populate, records, rows

# Retention of 30 days, applied 32 days after the fixture's first day: the X thread (day 0) is past
# it, the Reddit (day 1) and Bluesky (day 2) threads are not.
NOW = T0 + timedelta(days=30, hours=12)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(tmp_path / "engage.db")
    populate(store)
    yield store
    store.close()


def aggregates(store: Store) -> dict[str, object]:
    """Everything a report counts: rows, labels, snapshots, and the metrics module's reply frame."""
    frame = reply_frame(store, T0 - timedelta(days=1), NOW)
    return {
        "posts": store.count("posts"),
        "public": store.count("posts", "is_public_reply = 1"),
        "labels": store.count("classifications"),
        "snapshots": store.count("metric_snapshots"),
        "metrics": list(store.db.execute("SELECT uid, likes, replies, reposts, quotes, views FROM posts ORDER BY uid")),
        "triage": list(store.db.execute("SELECT uid, status FROM triage ORDER BY uid")),
        "created": frame.created.tolist(),
        "answered": np.nan_to_num(frame.answered, nan=-1).tolist(),
        "actionable": frame.actionable.tolist(),
    }


def test_retention_removes_old_texts_and_authors_but_keeps_every_aggregate(db: Store, tmp_path: Path) -> None:
    cfg = config(tmp_path, retention_days=30)
    before = aggregates(db)
    texts = {r.uid: r.text for r in records()}
    result = apply_retention(db, cfg, now=NOW)
    assert result.replies == 3  # x:1001..1003; x:1004 was already tombstoned as deleted
    assert aggregates(db) == before
    old = list(db.db.execute(
        "SELECT uid, text, author_id, author_handle, raw, url, tombstoned_at FROM posts"
        " WHERE is_public_reply = 1 AND platform = 'x'"))
    assert old and all(r[1] == "" and r[2] is None and r[3] is None and r[4] is None and r[6] for r in old)
    recent = db.db.execute("SELECT text FROM posts WHERE uid = 'reddit:t1_def'").fetchone()[0]
    assert recent == texts["reddit:t1_def"]
    # The department's answer keeps its words but no longer names the people it answered.
    answer = db.db.execute("SELECT text FROM posts WHERE uid = 'x:1005'").fetchone()[0]
    assert answer == "@[removed] @[removed] It reopens at 6pm. Thanks!"
    assert result.mentions_scrubbed == 1
    # Nothing to search for: full-text search no longer finds the old words.
    assert not list(db.db.execute("SELECT rowid FROM posts_fts WHERE posts_fts MATCH 'reopen'"))
    audit = db.db.execute("SELECT COUNT(*) FROM audit_log WHERE field = 'tombstone' AND after = 'retention'")
    assert audit.fetchone()[0] == 3
    run = db.db.execute("SELECT outcome, updated, details FROM runs WHERE kind = 'retention'").fetchone()
    assert run[0] == "ok" and run[1] == 4 and json.loads(run[2])["replies"] == 3
    # A second pass finds nothing left to do.
    assert apply_retention(db, cfg, now=NOW).replies == 0


def test_dry_run_counts_and_changes_nothing(db: Store, tmp_path: Path) -> None:
    snapshot = list(db.db.execute("SELECT uid, text, author_id, tombstoned_at FROM posts ORDER BY uid"))
    result = apply_retention(db, config(tmp_path, retention_days=30), dry_run=True, now=NOW)
    assert (result.replies, result.mentions_scrubbed, result.dry_run) == (3, 1, True)
    assert "would tombstone replies=3" in result.line()
    assert list(db.db.execute("SELECT uid, text, author_id, tombstoned_at FROM posts ORDER BY uid")) == snapshot
    assert db.count("runs", "kind = 'retention'") == 0


def test_retention_is_off_without_retention_days(db: Store, tmp_path: Path) -> None:
    result = apply_retention(db, config(tmp_path), now=NOW)
    assert not result.enabled and "disabled" in result.line()
    assert db.count("posts", "tombstoned_at IS NOT NULL") == 1  # only the deleted reply


def test_re_export_after_retention_contains_no_retained_text(db: Store, tmp_path: Path) -> None:
    cfg = config(tmp_path, retention_days=30)
    apply_retention(db, cfg, now=NOW)
    out = tmp_path / "after"
    run_export(db, cfg, ExportOptions(out=out, snapshots=True), key=KEY.encode())
    blob = all_text(out)
    for uid in ("x:1001", "x:1002", "x:1003"):
        text = next(r.text for r in records() if r.uid == uid)
        for fragment in (text, text[:25], "reopen?", "detour", "neighbour"):
            assert fragment not in blob, fragment
    posts = {r["post_id"]: r for r in rows(out, "posts")}
    assert posts["x:1001"]["retained"] == "true" and posts["x:1001"]["author"] == ""
    assert posts["x:1001"]["text"] == "" and posts["x:1001"]["created_at"]
    assert posts["reddit:t1_def"]["retained"] == "false" and posts["reddit:t1_def"]["text"]
    times = {r["post_id"]: r for r in rows(out, "response_times")}
    assert float(times["x:1001"]["frt_s"]) == 7200.0  # response time survives retention
    assert {r["post_id"] for r in rows(out, "labels")} >= {"x:1001", "x:1002", "x:1003"}


def test_forget_tombstones_listed_records_and_they_are_never_exported(db: Store, tmp_path: Path) -> None:
    ids = tmp_path / "compliance.jsonl"
    ids.write_text(
        "# X batch compliance results and plain ids\n"
        '{"id": "1002", "action": "delete", "created_at": "2026-10-05T15:20:00.000Z", "reason": "deleted"}\n'
        "reddit:t1_def\n"
        "\n"
        "999999\n",
        encoding="utf-8",
    )
    listed = read_id_list(ids)
    assert listed == ["1002", "reddit:t1_def", "999999"]
    cfg = config(tmp_path)
    result = forget(db, cfg, listed, now=NOW)
    assert (result.matched, result.tombstoned, result.unknown) == (2, 2, ["999999"])
    gone = list(db.db.execute("SELECT text, author_id, deleted_at FROM posts WHERE uid IN ('x:1002', 'reddit:t1_def')"))
    assert all(r[0] == "" and r[1] is None and r[2] for r in gone)
    out = tmp_path / "out"
    run_export(db, cfg, ExportOptions(out=out), key=KEY.encode())
    blob = all_text(out)
    assert "x:1002" not in blob and "t1_def" not in blob and "detour" not in blob
    # Re-collecting the record (e.g. from a stale page) does not bring the content back.
    with db.db.conn:
        db.upsert_records([r for r in records() if r.uid == "x:1002"])
    assert db.db.execute("SELECT text FROM posts WHERE uid = 'x:1002'").fetchone()[0] == ""


def test_forget_dry_run_and_platform_qualified_ids(db: Store, tmp_path: Path) -> None:
    cfg = config(tmp_path)
    result = forget(db, cfg, ["1001"], platform="x", dry_run=True, now=NOW)
    assert (result.matched, result.tombstoned, result.mentions_scrubbed) == (1, 1, 1)
    assert db.count("posts", "uid = 'x:1001' AND tombstoned_at IS NULL") == 1
    assert forget(db, cfg, ["1001"], platform="reddit", now=NOW).unknown == ["1001"]


def test_read_id_list_rejects_bad_json(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "1"}\n{"action": "delete"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.jsonl:2"):
        read_id_list(path)


def test_retention_cli(db: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KEY_ENV, KEY)
    cfg_path = tmp_path / "config.yaml"
    cfg_path.write_text(json.dumps(config(tmp_path, retention_days=30).model_dump(mode="json")), encoding="utf-8")
    db_path = str(db.path)
    runner = CliRunner()
    result = runner.invoke(retention_app, ["apply", "--dry-run", "--config", str(cfg_path), "--db", db_path])
    assert result.exit_code == 0, result.output
    assert "dry_run=true" in result.output
    ids = tmp_path / "ids.txt"
    ids.write_text("x:1003\n", encoding="utf-8")
    result = runner.invoke(retention_app, ["forget", "--ids", str(ids), "--config", str(cfg_path), "--db", db_path])
    assert result.exit_code == 0 and "matched=1" in result.output, result.output
    result = runner.invoke(retention_app, ["forget", "--ids", str(tmp_path / "nope.txt"), "--config", str(cfg_path)])
    assert result.exit_code == 1 and "no such file" in result.output
