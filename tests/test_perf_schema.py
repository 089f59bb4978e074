"""Migrations 7 and 8: stored inbox priority parts and each reply's stored sentiment (backfilled, kept
current by triggers) and the indexes the inbox and the reports rely on, checked through EXPLAIN QUERY
PLAN rather than timings."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
import sqlite_utils

from connectors.base import Record
from engage import labels, migrations, triage
from engage.metrics.frame import FIRST_RESPONSE_SQL, replies_by_uid, reply_frame
from engage.metrics.trend import TREND_SQL
from engage.store import Store, connect
from engage.timeutil import to_db
from tests.helpers.web import EXPECTED_ORDER, MODEL, NOW, example_config, label_all, seed

TZ = example_config().department.tz
STORED = "SELECT uid, rank_urgent > 0, rank_needs, rank_negative, rank_engagement, reply_created_at FROM triage"


def reference_parts(store: Store) -> list[tuple]:
    """The priority parts computed from the labels as the inbox did before migration 7."""
    sql = (
        f"SELECT t.uid, coalesce({triage._label('urgent')} = 'yes', 0),"  # noqa: S608 - constants
        f" coalesce({triage._label('needs_response')} = 'yes', 0),"
        f" coalesce({triage._label('sentiment')} = 'negative', 0),"
        " coalesce(p.likes, 0) + coalesce(p.replies, 0) + coalesce(p.reposts, 0) + coalesce(p.quotes, 0),"
        " p.created_at FROM triage t JOIN posts p ON p.uid = t.uid ORDER BY t.uid"
    )
    return [tuple(r) for r in store.db.execute(sql, labels.active_model_params(store.db)).fetchall()]


def reference_sentiment(store: Store) -> list[tuple]:
    """Each public reply's sentiment under the rule of ``current_labels``, coded as ``sentiment_code``."""
    code = (f"CASE {labels.current_labels('sentiment', 'r.uid')} WHEN 'negative' THEN 1 WHEN 'neutral' THEN 2"  # noqa: S608 - constants
            " WHEN 'positive' THEN 3 ELSE 0 END")
    sql = f"SELECT r.uid, {code} FROM posts r WHERE r.is_public_reply = 1 ORDER BY r.uid"  # noqa: S608 - constants
    return [tuple(r) for r in store.db.execute(sql).fetchall()]


def stored_sentiment(store: Store) -> list[tuple]:
    sql = "SELECT uid, sentiment_code FROM posts WHERE is_public_reply = 1 ORDER BY uid"
    return [tuple(r) for r in store.db.execute(sql).fetchall()]


def stored_parts(store: Store) -> list[tuple]:
    return [tuple(r) for r in store.db.execute(STORED + " ORDER BY uid").fetchall()]


def plan(store: Store, sql: str, params: object) -> str:
    return "\n".join(row[3] for row in store.db.execute("EXPLAIN QUERY PLAN " + sql, params))


def seed_old(db: sqlite_utils.Database, tmp_path: Path, make_record: Callable[..., Record]) -> None:
    """The seed as a database of schema 6 held it: written by today's code, copied into the old columns."""
    with Store.open(tmp_path / "today.db") as today:
        seed(today, make_record)
        for table in ("posts", *(t for t in db.table_names() if t != "posts")):
            if table.startswith(("posts_fts", "sqlite_")) or table == "schema_migrations":
                continue
            columns = [c for c in db[table].columns_dict if c in today.db[table].columns_dict]
            rows = [dict(zip(columns, row, strict=True)) for row in today.db.execute(
                f"SELECT {', '.join(columns)} FROM [{table}]").fetchall()]  # noqa: S608 - names from the schema
            if rows:
                with db.conn:
                    db[table].insert_all(rows)


def test_migration_backfills_an_old_database(tmp_path: Path, make_record: Callable[..., Record]) -> None:
    path = tmp_path / "old.db"
    db = connect(path)
    migrations.migrate(db, up_to=6)
    seed_old(db, tmp_path, make_record)
    old = Store(db, path)
    with db.conn:  # a person's correction made before the upgrade must count too
        db["corrections"].insert({"uid": "x:205", "task": "urgent", "label": "yes", "actor": "ann", "at": to_db(NOW)})
    old.close()

    with Store.open(path) as store:
        assert {7, 8} <= migrations.applied(store.db)
        assert stored_parts(store) == reference_parts(store)
        assert stored_sentiment(store) == reference_sentiment(store)
        assert {code for _, code in stored_sentiment(store)} >= {1, 2, 3}
        indexes = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"idx_triage_open_rank", "idx_triage_status_rank", "idx_triage_status_uid",
                "idx_posts_public_reply_cover", "idx_posts_parent_department", "idx_posts_uid_live",
                "idx_classifications_task_model_uid"} <= indexes
        assert not {"idx_triage_status", "idx_posts_parent_uid", "idx_posts_is_public_reply_created_at"} & indexes
        # A person marked the reply urgent, so it leads (above the model's urgent flags); the rest keep
        # the order of the seed.
        assert [it.uid for it in triage.inbox(store, triage.InboxFilter(), sla_hours=24, tz=TZ, now=NOW)] == [
            "x:205", "x:201", "x:202", "x:204", "x:203"]
        assert dict((r[0], r[1]) for r in store.db.execute("SELECT uid, rank_urgent FROM triage"))["x:205"] == 1000


def test_triggers_keep_the_parts_current(store: Store, make_record: Callable[..., Record]) -> None:
    seed(store, make_record)
    assert stored_parts(store) == reference_parts(store)
    topics = [t.name for t in example_config().topics]

    triage.correct_label(store, "x:203", "urgent", ["yes"], actor="ann", topics=topics, now=NOW)
    triage.correct_label(store, "x:201", "sentiment", ["positive"], actor="ann", topics=topics, now=NOW)
    assert stored_parts(store) == reference_parts(store)
    assert [it.uid for it in triage.inbox(store, triage.InboxFilter(), sla_hours=24, tz=TZ, now=NOW)][:2] == [
        "x:203", "x:201"]  # a person's "urgent" outranks the model's

    with store.db.conn:  # engagement grows on re-collection
        store.upsert_records([make_record("204", parent_uid="x:100", root_uid="x:100",
                                          created_at=NOW - timedelta(hours=20),
                                          metrics={"likes": 99, "replies": 1, "reposts": 0, "quotes": 0,
                                                   "views": None})], now=NOW)
    with store.db.conn:  # a model label withdrawn, a correction removed
        store.db.execute("DELETE FROM classifications WHERE uid = 'x:202' AND task = 'needs_response'")
        store.db.execute("DELETE FROM corrections WHERE uid = 'x:203'")
    assert stored_parts(store) == reference_parts(store)
    assert dict((r[0], r[4]) for r in stored_parts(store))["x:204"] == 100

    store.activate_model("urgent", "other-model@2", [])  # no labels from the new model yet
    assert stored_parts(store) == reference_parts(store)
    assert all(r[1] == 0 for r in stored_parts(store))
    store.activate_model("urgent", MODEL, [])
    assert stored_parts(store) == reference_parts(store)
    with store.db.conn:  # a reply collected after its labels were written
        store.upsert_records([make_record("207", parent_uid="x:100", root_uid="x:100", created_at=NOW)], now=NOW)
    label_all(store, {"x:207": {"urgent": "yes", "needs_response": "no", "sentiment": "negative"}})
    assert stored_parts(store) == reference_parts(store)


def test_stored_sentiment_follows_labels_corrections_and_model_switches(
    store: Store, make_record: Callable[..., Record]
) -> None:
    seed(store, make_record)
    codes = lambda: dict(stored_sentiment(store))  # noqa: E731
    assert stored_sentiment(store) == reference_sentiment(store)
    assert codes()["x:201"] == 1 and codes()["x:202"] == 2 and codes()["x:203"] == 3

    topics = [t.name for t in example_config().topics]
    triage.correct_label(store, "x:201", "sentiment", ["positive"], actor="ann", topics=topics, now=NOW)
    assert codes()["x:201"] == 3  # a person's label wins
    with store.db.conn:  # a model label rewritten, a correction withdrawn
        store.db.execute("UPDATE classifications SET label = 'negative' WHERE uid = 'x:202' AND task = 'sentiment'")
        store.db.execute("DELETE FROM corrections WHERE uid = 'x:201'")
    assert codes()["x:202"] == 1 and codes()["x:201"] == 1
    assert stored_sentiment(store) == reference_sentiment(store)

    store.activate_model("sentiment", "other-model@2", [])  # no labels from the new model yet
    assert set(codes().values()) == {0}
    store.activate_model("sentiment", MODEL, [])
    assert stored_sentiment(store) == reference_sentiment(store)
    with store.db.conn:
        store.upsert_records([make_record("207", parent_uid="x:100", root_uid="x:100", created_at=NOW)], now=NOW)
    assert codes()["x:207"] == 0
    label_all(store, {"x:207": {"sentiment": "neutral"}})
    assert codes()["x:207"] == 2
    with store.db.conn:
        store.db.execute("DELETE FROM active_models WHERE task = 'sentiment'")
    assert set(codes().values()) == {0}


def test_inbox_order_is_the_documented_order(store: Store, make_record: Callable[..., Record]) -> None:
    """Random labels, ages and engagement: every page equals a sort by the definition, ties included."""
    rng = random.Random(3)
    records = [make_record("100", is_department=True, kind="post", created_at=NOW - timedelta(days=3),
                           root_uid="x:100")]
    labels: dict[str, dict[str, object]] = {}
    for i in range(120):
        uid = f"x:{1000 + i}"
        records.append(make_record(str(1000 + i), parent_uid="x:100", root_uid="x:100",
                                   created_at=NOW - timedelta(hours=rng.choice((1, 5, 19, 20, 30, 30, 60))),
                                   metrics={"likes": rng.choice((0, 0, 3, 7)), "replies": 0, "reposts": 0,
                                            "quotes": 0, "views": None}))
        if rng.random() < 0.9:  # some replies are not classified yet
            labels[uid] = {"urgent": rng.choice(("yes", "no", "no")), "needs_response": rng.choice(("yes", "no")),
                           "sentiment": rng.choice(("negative", "neutral", "positive"))}
    with store.db.conn:
        store.upsert_records(records, now=NOW)
    label_all(store, labels)

    rows = {r.uid: ((NOW - r.created_at).total_seconds() / 3600, r.metrics.likes) for r in records[1:]}

    def key(uid: str) -> tuple:
        got = labels.get(uid, {})
        created = NOW - timedelta(hours=rows[uid][0])
        age = (NOW - created).total_seconds() / 3600
        sla = 2 if age >= 24 else 1 if age >= 18 else 0
        return (-(got.get("urgent") == "yes"), -(got.get("needs_response") == "yes"), -sla,
                -(got.get("sentiment") == "negative"), -rows[uid][1], to_db(created), uid)

    expected = sorted(rows, key=key)
    pages = [triage.inbox(store, triage.InboxFilter(page=n), sla_hours=24, tz=TZ, now=NOW, page_size=25)
             for n in range(1, 6)]
    assert [it.uid for page in pages for it in page] == expected
    assert triage.count_inbox(store, triage.InboxFilter(), tz=TZ) == len(expected)


def test_inbox_plans_read_the_rank_indexes(store: Store, make_record: Callable[..., Record]) -> None:
    seed(store, make_record)
    assert [it.uid for it in triage.inbox(store, triage.InboxFilter(), sla_hours=24, tz=TZ, now=NOW)] == EXPECTED_ORDER
    sql, params = triage.inbox_query(store, triage.InboxFilter(), sla_hours=24, tz=TZ, now=NOW)
    open_plan = plan(store, sql, params)
    assert "idx_triage_open_rank" in open_plan
    assert "RIGHT PART OF ORDER BY" in open_plan  # sorted group by group, not all open items at once
    # A search among open items filters the triage-driven scan; it must not seek every match per item.
    sql, params = triage.inbox_query(store, triage.InboxFilter(query="road"), sla_hours=24, tz=TZ, now=NOW)
    assert "rowid=?" not in plan(store, sql, params).split("LIST SUBQUERY")[0]
    sql, params = triage.inbox_query(store, triage.InboxFilter(status="responded"), sla_hours=24, tz=TZ, now=NOW)
    assert "idx_triage_status_rank (status=?)" in plan(store, sql, params)
    where, params = triage._where(triage.InboxFilter(), TZ)
    count_plan = plan(store, "SELECT count(*)" + triage._count_from(triage.InboxFilter()) + "WHERE "
                      + " AND ".join(where), params)
    assert "idx_triage_status_uid" in count_plan and "idx_posts_uid_live" in count_plan


def test_report_plans_probe_in_uid_order_from_covering_indexes(store: Store,
                                                                make_record: Callable[..., Record]) -> None:
    seed(store, make_record)
    span = [to_db(NOW - timedelta(days=7)), to_db(NOW)]
    sql = f"SELECT r.sentiment_code, {FIRST_RESPONSE_SQL} FROM {replies_by_uid()}"  # noqa: S608 - constants
    text = plan(store, sql, span)
    assert "USING COVERING INDEX idx_posts_public_reply_span" in text  # no posts row read
    assert "USE TEMP B-TREE FOR ORDER BY" in text  # the uid order the probes rely on
    assert "idx_posts_parent_department" in text
    trend = plan(store, TREND_SQL, span)  # the trend reads nothing but the covering index
    assert "USING COVERING INDEX idx_posts_public_reply_span" in trend and "classifications" not in trend


@pytest.mark.parametrize("with_topics", [False, True])
def test_reply_frame_is_in_time_order_whatever_the_uid_order(
    store: Store, make_record: Callable[..., Record], with_topics: bool
) -> None:
    # uids sort the other way round from time, and platforms first appear in time order x, reddit.
    records = [make_record(str(9 - i), platform="reddit" if i % 2 else "x", created_at=NOW - timedelta(hours=10 - i))
               for i in range(6)]
    with store.db.conn:
        store.upsert_records(records, now=NOW)
    label_all(store, {r.uid: {"topics": ["b_topic", "a_topic"] if i == 0 else ["c_topic"]}
                      for i, r in enumerate(records)})
    frame = reply_frame(store, NOW - timedelta(days=1), NOW, with_topics=with_topics)
    assert list(frame.created) == sorted(frame.created)
    assert frame.platforms.names == ["x", "reddit"]
    if with_topics:
        assert len(frame) == 7
        assert [frame.topics.names[c] for c in frame.topic[:3]] == ["a_topic", "b_topic", "c_topic"]


def test_urgent_items_are_ordered_by_the_model_confidence(store: Store, make_record: Callable[..., Record]) -> None:
    """Among the model's urgent flags, the clearest emergency comes first: a 0.97 above a 0.55."""
    with store.db.atomic():
        store.upsert_records([make_record("100", is_department=True, kind="post", root_uid="x:100",
                                          created_at=NOW - timedelta(days=1))], now=NOW)
        store.upsert_records([make_record(str(n), parent_uid="x:100", root_uid="x:100",
                                          created_at=NOW - timedelta(hours=2)) for n in (301, 302, 303)], now=NOW)
    store.activate_model("urgent", MODEL, ["yes", "no"])
    store.save_classifications([
        {"uid": "x:301", "task": "urgent", "model_id": MODEL, "label": "yes", "scores": {"yes": 0.55, "no": 0.45}},
        {"uid": "x:302", "task": "urgent", "model_id": MODEL, "label": "yes", "scores": {"yes": 0.97, "no": 0.03}},
        {"uid": "x:303", "task": "urgent", "model_id": MODEL, "label": "no", "scores": {"yes": 0.2, "no": 0.8}},
    ])
    ranks = dict(store.db.execute("SELECT uid, rank_urgent FROM triage").fetchall())
    assert ranks == {"x:301": 550, "x:302": 969, "x:303": 0}
    page = triage.inbox(store, triage.InboxFilter(), sla_hours=24, tz=TZ, now=NOW)
    assert [it.uid for it in page] == ["x:302", "x:301", "x:303"]
    assert triage.headline_counts(store, tz=TZ, now=NOW)["urgent_open"] == 2
