"""Benchmark: research export of a database with 1,000,000 public replies (time and peak memory).

Builds a synthetic database by bulk insert (department posts, public replies with mentions, e-mail
addresses and phone numbers, department responses to a third of them, a metric snapshot per
record, and sentiment/topics/needs_response labels from one active model each), then runs
``engage export`` as CSV and as Parquet, each in a child process so its peak resident memory can be
read with ``getrusage(RUSAGE_CHILDREN)``. Prints one line per step and, last, one JSON line:
``{"replies": ..., "export_csv_s": ..., "export_parquet_s": ..., "peak_mb": ...}``.

    .venv/bin/python bench/export.py [--replies 1000000] [--db PATH (reused if it exists)]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from engage.store import Store  # noqa: E402
from engage.timeutil import to_db  # noqa: E402

START = datetime(2025, 11, 1, tzinfo=UTC)
DEPARTMENT = [("x", "RivertonPD", "1402987715531431936"), ("reddit", "RivertonPD_Official", "t2_8qm4rx2kz"),
              ("bluesky", "rivertonpd.bsky.social", "did:plc:rvtnpd6x3k2m4qz7w5j8h1ab")]
TOPICS = ["crime_and_safety", "traffic_and_roads", "community_events", "praise_and_thanks", "questions_and_information"]
WORDS = ("the road by the school is closed again and nobody said when it reopens, can someone tell us what is "
         "going on with the detour signs near the bridge because traffic is backed up for miles").split()
POSTS_PER_ROOT = 100
CONFIG = """
department: {{name: Bench Police Department, timezone: America/Chicago}}
data_dir: {data}
accounts:
  - {{platform: x, handle: RivertonPD, user_id: "1402987715531431936"}}
  - {{platform: reddit, handle: RivertonPD_Official}}
  - {{platform: bluesky, handle: rivertonpd.bsky.social, user_id: "did:plc:rvtnpd6x3k2m4qz7w5j8h1ab"}}
response: {{sla_hours: 24, business_hours: {{days: [mon, tue, wed, thu, fri], start: "08:00", end: "18:00"}}}}
"""


def _text(rng: random.Random, n: int) -> str:
    words = rng.sample(WORDS, 14)
    if n % 7 == 0:
        words.insert(3, f"@user{rng.randrange(200_000)}")
    if n % 97 == 0:
        words.append(f"call me {rng.randrange(200, 999)}-555-{rng.randrange(1000, 9999)}")
    if n % 89 == 0:
        words.append(f"or mail user{n}@example.com")
    return " ".join(words)


def build(path: Path, replies: int) -> None:
    """Bulk-insert the synthetic database (about a minute per million replies on one core)."""
    store = Store.open(path)
    rng = random.Random(7)
    conn = store.db.conn
    cols = ("uid, platform, native_id, account, author_id, author_handle, is_department, kind, text, created_at,"
            " collected_at, updated_at, parent_uid, root_uid, url, likes, replies, reposts, quotes, views")
    insert = f"INSERT INTO posts ({cols}) VALUES ({','.join('?' * 20)})"  # noqa: S608 - fixed columns
    roots = max(1, replies // POSTS_PER_ROOT)
    span = 365 * 86400
    with conn:
        rows = []
        for i in range(roots):
            platform, handle, user_id = DEPARTMENT[i % 3]
            created = to_db(START + timedelta(seconds=span * i / roots))
            native = f"at://{user_id}/app.bsky.feed.post/r{i}" if platform == "bluesky" else f"9{i:09d}"
            rows.append((f"{platform}:{native}", platform, native, handle, user_id, handle, 1, "post",
                         _text(rng, 1), created, created, created, None, f"{platform}:{native}",
                         f"https://example.org/{i}", 50, 10, 5, 1, 1000))
        conn.executemany(insert, rows)
    batch: list[tuple] = []
    labels: list[tuple] = []
    snapshots: list[tuple] = []
    for n in range(replies):
        root = n % roots
        platform, handle, user_id = DEPARTMENT[root % 3]
        root_native = f"at://{user_id}/app.bsky.feed.post/r{root}" if platform == "bluesky" else f"9{root:09d}"
        author = rng.randrange(200_000)
        author_id = f"did:plc:user{author:018d}" if platform == "bluesky" else f"11{author:017d}"
        native = f"at://{author_id}/app.bsky.feed.post/p{n}" if platform == "bluesky" else f"1{n:018d}"
        created_dt = START + timedelta(seconds=span * root / roots + rng.randrange(1, 86400))
        created = to_db(created_dt)
        uid = f"{platform}:{native}"
        batch.append((uid, platform, native, handle, author_id, f"user{author}", 0, "reply", _text(rng, n),
                      created, created, created, f"{platform}:{root_native}", f"{platform}:{root_native}", None,
                      rng.randrange(5), 0, 0, 0, None))
        snapshots.append((uid, created, 1, 0, 0, 0, None))
        labels.append((uid, "sentiment", "m-sentiment", rng.choice(("negative", "neutral", "positive"))))
        labels.append((uid, "needs_response", "m-needs_response", "yes" if n % 2 else "no"))
        for topic in rng.sample(TOPICS, 1 + (n % 3 == 0)):
            labels.append((uid, "topics", "m-topics", topic))
        if n % 3 == 0:
            answered = to_db(created_dt + timedelta(minutes=rng.randrange(5, 3000)))
            dnative = f"at://{user_id}/app.bsky.feed.post/d{n}" if platform == "bluesky" else f"8{n:018d}"
            batch.append((f"{platform}:{dnative}", platform, dnative, handle, user_id, handle, 1, "reply",
                          f"@user{author} thanks, we are on it", answered, answered, answered, uid,
                          f"{platform}:{root_native}", None, 1, 0, 0, 0, None))
        if len(batch) >= 20_000:
            _flush(conn, insert, batch, labels, snapshots)
    _flush(conn, insert, batch, labels, snapshots)
    with conn:
        for task in ("sentiment", "needs_response", "topics"):
            store.activate_model(task, f"m-{task}", [])
    store.close()


def _flush(conn, insert: str, batch: list, labels: list, snapshots: list) -> None:  # noqa: ANN001
    with conn:
        conn.executemany(insert, batch)
        conn.executemany(
            "INSERT INTO classifications (uid, task, model_id, label, scores, classified_at) VALUES (?, ?, ?, ?,"
            " json_object(?4, 0.9), '2026-11-01T00:00:00.000+00:00')",
            labels,
        )
        conn.executemany(
            "INSERT INTO metric_snapshots (uid, observed_at, likes, replies, reposts, quotes, views)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            snapshots,
        )
    batch.clear()
    labels.clear()
    snapshots.clear()


def timed_export(config: Path, db: Path, out: Path, fmt: str) -> tuple[float, float]:
    """Run ``engage export`` in a child process; (seconds, the child's max RSS in MB)."""
    env = {**os.environ, "ENGAGE_PSEUDONYM_KEY": "bench-key-0123456789abcdef"}
    code = (
        "from engage.export.cli import export_app; export_app(prog_name='engage export')"
    )
    args = [sys.executable, "-c", code, "--out", str(out), "--format", fmt, "--config", str(config),
            "--db", str(db)]
    started = time.monotonic()
    subprocess.run(args, check=True, env=env, cwd=REPO)
    seconds = time.monotonic() - started
    # ru_maxrss of RUSAGE_CHILDREN is the largest of the waited-for children (KiB on Linux).
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, peak_mb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=None, help="database path (built if missing, else reused)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="engage-bench-export-"))
    db = args.db or work / "bench.db"
    if not db.exists():
        started = time.monotonic()
        build(db, args.replies)
        print(f"built {db} with {args.replies} replies in {time.monotonic() - started:.0f} s", flush=True)
    config = work / "config.yaml"
    config.write_text(CONFIG.format(data=work), encoding="utf-8")
    csv_s, csv_mb = timed_export(config, db, work / "csv", "csv")
    print(f"export csv: {csv_s:.1f} s, peak RSS {csv_mb:.0f} MB", flush=True)
    parquet_s, peak_mb = timed_export(config, db, work / "parquet", "parquet")
    print(f"export parquet: {parquet_s:.1f} s, peak RSS (max of both runs) {peak_mb:.0f} MB", flush=True)
    for fmt in ("csv", "parquet"):
        size = sum(p.stat().st_size for p in (work / fmt).iterdir()) / 1e6
        print(f"{fmt} export size: {size:.0f} MB in {work / fmt}", flush=True)
    print(json.dumps({"replies": args.replies, "export_csv_s": round(csv_s, 1),
                      "export_parquet_s": round(parquet_s, 1), "peak_mb": round(max(csv_mb, peak_mb))}))


if __name__ == "__main__":
    main()
