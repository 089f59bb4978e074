"""Benchmark: the triage inbox query at the demo's size and at 1,000,000 public replies.

Builds (or reuses) synthetic databases through the real schema: department posts, public
replies over a year with engagement counts, labels for every task in ``classifications`` with
``active_models`` set, and triage rows (replies of the last three days open, 3% of older ones an
unhandled backlog, the rest handled). Then times ``engage.triage.inbox`` (first page of 50, default
order), the same with a filter, a full-text search, and the total count. Prints a table; the last
line is JSON with ``inbox_query_ms_demo``, ``inbox_query_ms_1m``, ``fts_query_ms_1m``, ``replies``.

    .venv/bin/python bench/inbox.py [--replies 1000000] [--demo-replies 1000] [--dir /tmp/engage-bench]
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bulk import drop_deferred, restore  # noqa: E402
from engage import triage  # noqa: E402
from engage.store import Store  # noqa: E402
from engage.timeutil import to_db  # noqa: E402

log = logging.getLogger("bench.inbox")

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
MODEL = "bench@1"
TOPICS = ("crime_and_safety", "traffic_and_roads", "service_complaints", "questions_and_information", "other")
WORDS = (
    "road closed traffic crash police officer car stolen parking noise party missing dog help when why thanks "
    "great job slow response nobody answered call report where station downtown park bridge school night "
    "speeding bike theft fireworks meeting community event weekend update video camera footage street"
).split()
REPLIES_PER_POST = 50
BATCH = 50_000


def build(path: Path, replies: int, seed: int = 7) -> None:
    """A database with ``replies`` public replies (and their labels and triage rows) at ``path``."""
    rng = random.Random(seed)
    path.unlink(missing_ok=True)
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    store = Store.open(path)
    db = store.db
    db.execute("PRAGMA synchronous = OFF")
    # Bulk load without secondary indexes, full-text triggers and the triggers that keep the inbox
    # priority parts current, then rebuild them once (and fill those parts in one UPDATE): the same
    # schema as a live database, built in minutes instead of an hour.
    deferred = drop_deferred(db)
    posts_n = max(replies // REPLIES_PER_POST, 1)
    span = timedelta(days=365).total_seconds()
    now_s = to_db(NOW)
    started = time.perf_counter()
    post_rows = []
    for i in range(posts_n):
        created = NOW - timedelta(seconds=span * (1 - i / posts_n))
        post_rows.append((f"x:{i + 1}", "x", str(i + 1), "RivertonPD", "dept", "RivertonPD", 1, "post",
                          " ".join(rng.choices(WORDS, k=15)), to_db(created), now_s, now_s, None, f"x:{i + 1}"))
    insert_posts = (
        "INSERT INTO posts (uid, platform, native_id, account, author_id, author_handle, is_department, kind, text,"
        " created_at, collected_at, updated_at, parent_uid, root_uid, likes, replies, reposts, quotes)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )
    with db.conn:
        db.conn.executemany(insert_posts, [(*r, 0, 0, 0, 0) for r in post_rows])
    platforms = ("x", "x", "reddit", "bluesky")
    for start in range(0, replies, BATCH):
        posts, labels, states = [], [], []
        for j in range(start, min(start + BATCH, replies)):
            parent = rng.randrange(posts_n)
            parent_time = NOW - timedelta(seconds=span * (1 - parent / posts_n))
            created = min(parent_time + timedelta(hours=rng.expovariate(1 / 6)), NOW - timedelta(minutes=1))
            uid = f"{platforms[j % 4]}:r{j}"
            posts.append((uid, platforms[j % 4], f"r{j}", "RivertonPD", f"u{rng.randrange(replies // 3 + 1)}", None,
                          0, "reply", " ".join(rng.choices(WORDS, k=rng.randint(4, 30))), to_db(created), now_s,
                          now_s, f"x:{parent + 1}", f"x:{parent + 1}", rng.randrange(20), rng.randrange(3), 0, 0))
            needs = rng.random() < 0.45
            labels += [
                (uid, "urgent", MODEL, "yes" if rng.random() < 0.02 else "no", "{}", now_s),
                (uid, "needs_response", MODEL, "yes" if needs else "no", "{}", now_s),
                (uid, "sentiment", MODEL, rng.choice(("negative", "neutral", "positive")), "{}", now_s),
                (uid, "abusive", MODEL, "yes" if rng.random() < 0.03 else "no", "{}", now_s),
                (uid, "topics", MODEL, rng.choice(TOPICS), "{}", now_s),
            ]
            recent = NOW - created < timedelta(days=3)
            status = "new" if recent or rng.random() < 0.03 else rng.choice(("responded", "no_action"))
            states.append((uid, status, None, None, now_s, "bench"))
        with db.conn:
            db.conn.executemany(insert_posts, posts)
            db.conn.executemany(
                "INSERT INTO classifications (uid, task, model_id, label, scores, classified_at)"
                " VALUES (?, ?, ?, ?, ?, ?)", labels
            )
            db.conn.executemany(
                "INSERT INTO triage (uid, status, assignee, note, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)",
                states,
            )
        log.info("built %d of %d replies (%.0f s)", min(start + BATCH, replies), replies,
                 time.perf_counter() - started)
    for task in ("urgent", "needs_response", "sentiment", "abusive", "topics"):
        store.activate_model(task, MODEL, [])
    restore(db, deferred)
    log.info("inbox priority parts, indexes and full-text index rebuilt (%.0f s)", time.perf_counter() - started)
    store.close()


def reply_count(path: Path) -> int:
    if not path.exists():
        return -1
    with Store.open(path) as store:
        return int(store.db.execute("SELECT count(*) FROM posts WHERE is_public_reply = 1").fetchone()[0])


def timed(fn, runs: int = 5) -> float:  # noqa: ANN001 - any zero-argument callable
    """Median milliseconds of ``runs`` calls after one warm-up call."""
    fn()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples)


def measure(path: Path) -> dict[str, float]:
    from zoneinfo import ZoneInfo

    tz = ZoneInfo("America/Chicago")
    with Store.open(path) as store:
        def query(**f: object):  # noqa: ANN202
            return lambda: triage.inbox(store, triage.InboxFilter(**f), sla_hours=24, tz=tz, now=NOW)

        open_items = triage.count_inbox(store, triage.InboxFilter(), tz=tz)
        return {
            "open": open_items,
            "inbox_ms": timed(query()),
            "filtered_ms": timed(query(platform="x", sentiment="negative")),
            "fts_ms": timed(query(query="stolen bike")),
            "fts_all_ms": timed(query(query="stolen bike", status="all")),
            "count_ms": timed(lambda: triage.count_inbox(store, triage.InboxFilter(), tz=tz)),
        }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=1_000_000)
    parser.add_argument("--demo-replies", type=int, default=1_000, help="the demo department's size")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/engage-bench"))
    parser.add_argument("--rebuild", action="store_true", help="rebuild the databases even if present")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    args.dir.mkdir(parents=True, exist_ok=True)
    results = {}
    for label, n in (("demo", args.demo_replies), ("large", args.replies)):
        path = args.dir / f"inbox-{n}.db"
        if args.rebuild or reply_count(path) != n:
            t0 = time.perf_counter()
            build(path, n)
            log.info("%s: built %d replies in %.0f s", path, n, time.perf_counter() - t0)
        results[label] = measure(path) | {"replies": n}
    cols = ("replies", "open", "inbox_ms", "filtered_ms", "fts_ms", "fts_all_ms", "count_ms")
    print(" ".join(f"{c:>12}" for c in ("size", *cols)))
    for label, r in results.items():
        print(" ".join([f"{label:>12}", *(f"{r[c]:>12.1f}" if isinstance(r[c], float) else f"{r[c]:>12}"
                                          for c in cols)]))
    print("inbox_ms: first page of 50 open replies in priority order; filtered: platform x + negative;"
          " fts: search 'stolen bike' among open replies (fts_all: any status); count: open total. Median of 5.")
    print(json.dumps({
        "inbox_query_ms_demo": round(results["demo"]["inbox_ms"], 1),
        "inbox_query_ms_1m": round(results["large"]["inbox_ms"], 1),
        "fts_query_ms_1m": round(results["large"]["fts_ms"], 1),
        "replies": results["large"]["replies"],
    }))


if __name__ == "__main__":
    main()
