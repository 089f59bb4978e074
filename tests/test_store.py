"""The store's invariants: WAL, idempotent upserts, metric history, migrations, triage side effects."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import sqlite_utils

from engage import migrations
from engage.store import Store, StoreError


def test_wal_foreign_keys_and_schema(store: Store) -> None:
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.schema_version() == migrations.latest()
    for table in ("accounts", "posts", "metric_snapshots", "classifications", "triage", "audit_log",
                  "cursors", "runs", "corrections", "active_models", "posts_fts"):
        assert table in store.db.table_names()


def test_same_data_twice_leaves_identical_counts(store: Store, make_record) -> None:
    records = [make_record(str(i)) for i in range(50)]
    first = store.upsert_records(records)
    counts = {t: store.db[t].count for t in ("posts", "metric_snapshots", "triage", "audit_log")}
    second = store.upsert_records(records)
    assert (first.new, second.new, second.updated, second.unchanged) == (50, 0, 0, 50)
    assert counts == {t: store.db[t].count for t in counts}


def test_changed_record_updates_row_and_snapshots_metrics(store: Store, make_record) -> None:
    store.upsert_records([make_record("7", text="first wording")])
    edited = make_record("7", text="edited wording", metrics={"likes": 9, "replies": 2})
    counts = store.upsert_records([edited])
    assert counts.updated == 1
    row = store.db["posts"].get("x:7")
    assert (row["text"], row["likes"], row["replies"]) == ("edited wording", 9, 2)
    likes = [r["likes"] for r in store.db.query("SELECT likes FROM metric_snapshots ORDER BY observed_at")]
    assert likes == [1, 9]
    assert store.db["posts"].count == 1
    # full-text search follows the edit
    hits = list(store.db.query("SELECT rowid FROM posts_fts WHERE posts_fts MATCH 'edited'"))
    assert len(hits) == 1


def test_department_response_closes_triage_item(store: Store, make_record) -> None:
    store.upsert_records([make_record("1", kind="post", is_department=True, author_handle="RivertonPD")])
    store.upsert_records([make_record("2", parent_uid="x:1", root_uid="x:1")])
    assert store.db["triage"].get("x:2")["status"] == "new"
    store.upsert_records([make_record("3", is_department=True, parent_uid="x:2", root_uid="x:1")])
    assert store.db["triage"].get("x:2")["status"] == "responded"
    audit = list(store.db["audit_log"].rows_where("uid = ?", ["x:2"]))
    assert [(a["actor"], a["before"], a["after"]) for a in audit] == [("system", "new", "responded")]
    # the department's own records never become triage items
    assert store.db["triage"].count == 1


def test_answer_collected_before_the_reply_it_answers(store: Store, make_record) -> None:
    """On X the department's answer to a mention can arrive (own stream) before the mention itself."""
    store.upsert_records([make_record("9", is_department=True, parent_uid="x:8", root_uid="x:7")])
    store.upsert_records([make_record("8", kind="mention", root_uid="x:7")])
    assert store.db["triage"].get("x:8")["status"] == "responded"


def test_deleted_record_is_tombstoned_not_dropped(store: Store, make_record) -> None:
    store.upsert_records([make_record("5", text="call me on 555-0100")])
    store.upsert_records([make_record("5", deleted=True)])
    row = store.db["posts"].get("x:5")
    assert row["text"] == "" and row["author_handle"] is None and row["deleted_at"] and row["tombstoned_at"]
    # a later re-collection cannot resurrect the content
    store.upsert_records([make_record("5", text="call me on 555-0100")])
    assert store.db["posts"].get("x:5")["text"] == ""


def test_old_database_upgrades_in_place(tmp_path: Path, make_record) -> None:
    path = tmp_path / "old.db"
    db = sqlite_utils.Database(path)
    migrations.migrate(db, up_to=1)
    db.conn.execute(
        "INSERT INTO posts (uid, platform, native_id, account, kind, text, created_at, collected_at, updated_at)"
        " VALUES ('x:1', 'x', '1', 'RivertonPD', 'reply', 'kept', '2026-10-01T00:00:00.000+00:00',"
        " '2026-10-01T00:00:00.000+00:00', '2026-10-01T00:00:00.000+00:00')"
    )
    db.conn.commit()
    db.conn.close()
    with Store.open(path) as store:
        assert store.schema_version() == migrations.latest()
        assert "deleted_at" in store.db["posts"].columns_dict
        assert store.db["posts"].get("x:1")["text"] == "kept"


def test_not_a_database_is_one_line_error(tmp_path: Path) -> None:
    bogus = tmp_path / "engage.db"
    bogus.write_bytes(b"this is not sqlite\n" * 100)
    with pytest.raises(StoreError) as err:
        Store.open(bogus)
    assert str(err.value).startswith(str(bogus)) and "\n" not in str(err.value)
    assert bogus.read_bytes().startswith(b"this is not sqlite")  # nothing overwritten


def test_read_only_directory(tmp_path: Path) -> None:
    """/proc refuses new files even to root (CI runs as root, where chmod would not bite)."""
    with pytest.raises(StoreError, match=r"^/proc/engage.db: cannot create or write the database here"):
        Store.open("/proc/engage.db")
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        if os.geteuid() != 0:
            with pytest.raises(StoreError, match="read-only"):
                Store.open(ro / "engage.db")
    finally:
        ro.chmod(0o700)


def test_missing_folder_is_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(tmp_path / "nope" / "engage.db")


def test_retained_record_later_deleted_is_marked_deleted(store: Store, make_record) -> None:
    store.upsert_records([make_record("4")])
    store.tombstone(["x:4"], reason="retention")
    assert store.db["posts"].get("x:4")["deleted_at"] is None
    counts = store.upsert_records([make_record("4", deleted=True)])
    assert counts.deleted == 1 and store.db["posts"].get("x:4")["deleted_at"] is not None


def test_imported_collection_time_is_kept(store: Store, make_record) -> None:
    """Records collected elsewhere keep their collection time, so the collection delay stays honest."""
    from engage.timeutil import to_db, utcnow

    before = to_db(utcnow())
    store.upsert_records([make_record("11", collected_at="2026-10-05T15:07:30+00:00"), make_record("12")])
    assert store.db["posts"].get("x:11")["collected_at"] == "2026-10-05T15:07:30.000+00:00"
    assert store.db["posts"].get("x:12")["collected_at"] >= before  # stamped when first seen


def test_unlabelled_streams_replies_missing_any_current_model(store: Store, make_record) -> None:
    store.upsert_records([make_record(str(i)) for i in range(1, 5)]
                         + [make_record("9", kind="post", is_department=True)])
    store.save_classifications([
        {"uid": "x:1", "task": "sentiment", "model_id": "s@1", "label": "neutral", "scores": {}},
        {"uid": "x:1", "task": "urgent", "model_id": "u@1", "label": "no", "scores": {}},
        {"uid": "x:2", "task": "sentiment", "model_id": "s@1", "label": "neutral", "scores": {}},
        {"uid": "x:3", "task": "sentiment", "model_id": "s@0", "label": "neutral", "scores": {}},
    ])
    models = {"sentiment": "s@1", "urgent": "u@1"}
    batches = list(store.unlabelled(models, batch=2))
    assert [[uid for uid, _ in b] for b in batches] == [["x:2", "x:3"], ["x:4"]]  # department post never
    assert store.count_unlabelled(models) == 3
    assert store.count_unlabelled({"sentiment": "s@1"}) == 2


def test_a_run_records_its_counts_outcome_and_owner(store: Store) -> None:
    with store.run("collect", platform="x", account="dept") as run:
        opened = store.db["runs"].get(run.id)
        run.count(fetched=3, new=2)
        run.outcome, run.details = "partial", {"rejected": ["line 4: bad"]}
    row = store.db["runs"].get(run.id)
    assert opened["outcome"] == "running" and opened["pid"] == os.getpid() and opened["host"]
    assert (row["outcome"], row["fetched"], row["new"], row["error"]) == ("partial", 3, 2, None)
    assert row["details"] == '{"rejected": ["line 4: bad"]}' and row["ended_at"] is not None


def test_a_failing_run_keeps_one_line_of_the_error_and_raises(store: Store) -> None:
    with pytest.raises(ValueError), store.run("classify") as run:
        run.count(fetched=5)
        raise ValueError("bad batch\nTraceback (most recent call last):\n  secret internals")
    row = store.db["runs"].get(run.id)
    assert (row["outcome"], row["error"], row["fetched"]) == ("error", "ValueError: bad batch", 5)


def test_an_interrupted_run_stays_running_for_the_interrupted_sweep(store: Store) -> None:
    with pytest.raises(KeyboardInterrupt), store.run("collect") as run:
        raise KeyboardInterrupt
    assert store.db["runs"].get(run.id)["outcome"] == "running"
