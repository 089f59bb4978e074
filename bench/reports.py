"""Benchmark the reports on a synthetic two-year database (1,000,000 public replies by default).

Builds the database once (``--db`` keeps it for re-runs), then times ``engage report weekly`` and
``engage report metrics --by week`` as child processes of the ``engage`` script beside this Python,
so the figures include start-up and imports the way an operator sees them, and reads each child's
peak resident memory. Prints the figures; the last line is JSON. Never asserts a timing.

    .venv/bin/python bench/reports.py                       # temp database, deleted afterwards
    .venv/bin/python bench/reports.py --db /tmp/bench.db    # build once, reuse on the next run
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.bulk import drop_deferred, restore  # noqa: E402
from engage.metrics.periods import last_full_week  # noqa: E402
from engage.store import Store  # noqa: E402

TZ_NAME = "America/Chicago"
PLATFORMS = ("x", "reddit", "bluesky")
ACCOUNTS = {"x": "RivertonPD", "reddit": "RivertonPD_Official", "bluesky": "rivertonpd.bsky.social"}
# The department accounts as (platform, handle); bench/scale.py passes 50 agencies' accounts instead.
DEPARTMENT = tuple((p, h) for p, h in ACCOUNTS.items())
TOPICS = ("crime_and_safety", "traffic_and_roads", "community_events", "praise_and_thanks",
          "service_complaints", "questions_and_information", "other")
SENTIMENTS = ("negative", "neutral", "positive")
WORDS = ("when", "will", "the", "road", "open", "thanks", "officer", "great", "why", "nobody", "answered",
         "my", "call", "car", "stolen", "park", "event", "saturday", "please", "help", "speeding", "again")

CONFIG = """\
department:
  name: Bench Police Department
  timezone: {tz}
data_dir: {data}
accounts:
  - {{platform: x, handle: RivertonPD}}
  - {{platform: reddit, handle: RivertonPD_Official}}
  - {{platform: bluesky, handle: rivertonpd.bsky.social}}
response:
  sla_hours: 24
  business_hours: {{days: [mon, tue, wed, thu, fri], start: "08:00", end: "18:00"}}
topics:
{topics}
"""


def iso(seconds: np.ndarray) -> list[str]:
    """Epoch seconds as the store's fixed ISO text (vectorised through numpy datetime64)."""
    ms = np.round(seconds * 1000).astype("int64").astype("datetime64[ms]")
    return [s + "+00:00" for s in np.datetime_as_string(ms, unit="ms").tolist()]


def texts(rng: np.random.Generator, n: int) -> list[str]:
    picks = rng.integers(0, len(WORDS), size=(n, 8))
    words = np.array(WORDS)[picks]
    return [" ".join(row) for row in words.tolist()]


def agencies(n: int) -> tuple[tuple[str, str], ...]:
    """``n`` department accounts spread over the platforms, for a panel of agencies."""
    return tuple((PLATFORMS[i % len(PLATFORMS)], f"agency{i:03d}_{PLATFORMS[i % len(PLATFORMS)]}") for i in range(n))


def build(path: Path, end: datetime, n_replies: int, n_posts: int, n_responses: int, seed: int = 7,
          accounts: tuple[tuple[str, str], ...] = DEPARTMENT) -> None:
    """Write the synthetic database: posts, responses, labels, triage rows and collection runs.

    Replies are written in chunks of 200,000, so memory grows with the reply count only by the
    numpy arrays of times and parents (about 50 bytes a reply), not by the rows.
    """
    rng = np.random.default_rng(seed)
    store = Store.open(path)
    db = store.db
    conn = db.conn
    conn.execute("PRAGMA synchronous = OFF")
    deferred = drop_deferred(db)
    span = 2 * 365 * 86400.0
    t_end = end.timestamp()
    t0 = t_end - span
    start = time.monotonic()

    post_t = np.sort(rng.uniform(t0, t_end - 3600, n_posts))
    post_account = rng.integers(0, len(accounts), n_posts)
    account_platform = np.array([PLATFORMS.index(p) for p, _ in accounts])
    handles = [h for _, h in accounts]
    post_platform = account_platform[post_account]
    views = rng.integers(200, 20_000, n_posts).astype(float)
    views[post_platform != 0] = np.nan  # only X gives views
    likes, replies_n, reposts = (rng.poisson(lam, n_posts) for lam in (40, 12, 6))
    post_uids = [f"{PLATFORMS[p]}:p{i:07d}" for i, p in enumerate(post_platform.tolist())]
    parent = rng.integers(0, n_posts, n_replies)
    reply_t = post_t[parent] + rng.exponential(6 * 3600, n_replies)
    reply_t = np.minimum(reply_t, t_end - 1)
    # Insert in time order with time-ordered ids, as collection does (X/Bluesky/Reddit ids grow with time).
    by_time = np.argsort(reply_t, kind="stable")
    parent, reply_t = parent[by_time], reply_t[by_time]
    reply_platform = post_platform[parent]
    reply_account = post_account[parent]
    reply_uids = [f"{PLATFORMS[p]}:r{i:08d}" for i, p in enumerate(reply_platform.tolist())]
    collected = reply_t + rng.exponential(600, n_replies)

    cols = ("uid, platform, native_id, account, author_id, author_handle, is_department, kind, text, lang,"
            " created_at, collected_at, updated_at, parent_uid, root_uid, url, likes, replies, reposts, quotes,"
            " views")
    sql = f"INSERT INTO posts ({cols}) VALUES ({', '.join('?' * 21)})"  # noqa: S608 - fixed columns
    with conn:
        post_iso = iso(post_t)
        conn.executemany(sql, (
            (uid, PLATFORMS[p], uid.split(":")[1], handles[a], "dept", handles[a], 1,
             "post", text, "en", ts, ts, ts, None, uid, None, lk, rp, rs, 0, None if np.isnan(v) else int(v))
            for uid, p, a, text, ts, lk, rp, rs, v in zip(
                post_uids, post_platform.tolist(), post_account.tolist(), texts(rng, n_posts), post_iso,
                likes.tolist(), replies_n.tolist(), reposts.tolist(), views.tolist(), strict=True)
        ))
        for lo in range(0, n_replies, 200_000):
            hi = min(n_replies, lo + 200_000)
            created, coll = iso(reply_t[lo:hi]), iso(collected[lo:hi])
            authors = rng.integers(0, 50_000, hi - lo).tolist()
            conn.executemany(sql, (
                (reply_uids[i], PLATFORMS[reply_platform[i]], reply_uids[i].split(":")[1],
                 handles[reply_account[i]], f"u{a}", f"user{a}", 0, "reply", text, "en", c, k, k,
                 post_uids[parent[i]], post_uids[parent[i]],
                 None, 0, 0, 0, 0, None)
                for i, a, text, c, k in zip(range(lo, hi), authors, texts(rng, hi - lo), created, coll,
                                            strict=True)
            ))
    print(f"posts written in {time.monotonic() - start:.0f}s", flush=True)

    answered = rng.choice(n_replies, n_responses, replace=False)
    resp_t = np.minimum(reply_t[answered] + rng.lognormal(np.log(3 * 3600), 1.3, n_responses), t_end)
    order = np.argsort(resp_t, kind="stable")
    answered, resp_t = answered[order], resp_t[order]
    with conn:
        conn.executemany(sql, (
            (f"{PLATFORMS[reply_platform[i]]}:a{j:08d}", PLATFORMS[reply_platform[i]], f"a{j:08d}",
             handles[reply_account[i]], "dept", handles[reply_account[i]], 1, "reply",
             "Thanks for letting us know, we are looking into it.", "en", ts, ts, ts, reply_uids[i],
             post_uids[parent[i]], None, 0, 0, 0, 0, None)
            for j, (i, ts) in enumerate(zip(answered.tolist(), iso(resp_t), strict=True))
        ))
        for lo in range(0, n_replies, 200_000):
            conn.executemany(
                "INSERT INTO triage (uid, status, updated_at, updated_by) VALUES (?, 'new', ?, 'system')",
                zip(reply_uids[lo:lo + 200_000], iso(collected[lo:lo + 200_000]), strict=True),
            )
        conn.execute(
            "UPDATE triage SET status = 'responded' WHERE uid IN (SELECT parent_uid FROM posts"
            " WHERE is_department = 1 AND parent_uid IS NOT NULL)"
        )
    print(f"responses and triage written in {time.monotonic() - start:.0f}s", flush=True)

    models = {"sentiment": "bench-sentiment@00000001", "needs_response": "bench-needs@00000002",
              "topics": "bench-topics@00000003", "urgent": "bench-urgent@00000004"}
    for task, model_id in models.items():
        labels = {"sentiment": SENTIMENTS, "topics": TOPICS}.get(task, ("yes", "no"))
        store.activate_model(task, model_id, labels)
    now_s = datetime.now(UTC).isoformat(timespec="milliseconds")
    ins = ("INSERT INTO classifications (uid, task, model_id, label, scores, classified_at)"
           " VALUES (?, ?, ?, ?, ?, ?)")
    for lo in range(0, n_replies, 200_000):
        hi = min(n_replies, lo + 200_000)
        sent = rng.choice(3, hi - lo, p=(0.35, 0.45, 0.2))
        need = rng.random(hi - lo) < 0.45
        urgent = rng.random(hi - lo) < 0.002
        topic = rng.integers(0, len(TOPICS), hi - lo)
        conf = rng.uniform(0.5, 0.99, hi - lo)
        with conn:
            for task, labels in (("sentiment", [SENTIMENTS[s] for s in sent.tolist()]),
                                 ("needs_response", ["yes" if x else "no" for x in need.tolist()]),
                                 ("urgent", ["yes" if x else "no" for x in urgent.tolist()]),
                                 ("topics", [TOPICS[t] for t in topic.tolist()])):
                conn.executemany(ins, (
                    (reply_uids[lo + k], task, models[task], label, f'{{"{label}": {c:.3f}}}', now_s)
                    for k, (label, c) in enumerate(zip(labels, conf.tolist(), strict=True))
                ))
    print(f"labels written in {time.monotonic() - start:.0f}s", flush=True)

    run_t = np.arange(t0, t_end, 15 * 60.0)
    first_account = {p: h for p, h in reversed(accounts)}
    with conn:
        for platform in first_account:
            keep = rng.random(run_t.size) > 0.002
            starts = run_t[keep]
            outcome = np.where(rng.random(starts.size) < 0.01, "error", "ok")
            conn.executemany(
                "INSERT INTO runs (kind, platform, account, started_at, ended_at, outcome, fetched, new, updated,"
                " skipped, reads, error) VALUES ('collect', ?, ?, ?, ?, ?, 20, 10, 2, 0, ?, ?)",
                ((platform, first_account[platform], s, e, o, 20 if platform == "x" else 0,
                  "HTTP 503 from platform" if o == "error" else None)
                 for s, e, o in zip(iso(starts), iso(starts + 20), outcome.tolist(), strict=True)),
            )
    restore(db, deferred)
    store.close()
    print(f"database built in {time.monotonic() - start:.0f}s", flush=True)


def timed(args: list[str]) -> tuple[float, float, str]:
    """Run a child process; its wall seconds, its peak RSS in MB (Linux ru_maxrss is KiB), its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True, check=False)  # noqa: S603 - our own CLI
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {proc.stderr.strip()[-500:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024.0, proc.stdout


def in_process_weekly(config_path: Path, db: Path, week: str) -> float:
    """Seconds to build and render the weekly report once its modules are imported (no start-up)."""
    from engage.config import load_config
    from engage.reports import render  # noqa: F401 - import pygal and jinja2 before timing
    from engage.reports.writer import write_weekly_report

    config = load_config(config_path)
    with Store.open(db) as store:
        start = time.perf_counter()
        write_weekly_report(store, config, week)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="database to build (or reuse if it exists)")
    parser.add_argument("--replies", type=int, default=1_000_000)
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--responses", type=int, default=200_000)
    opts = parser.parse_args()

    from zoneinfo import ZoneInfo

    tz = ZoneInfo(TZ_NAME)
    end = last_full_week(datetime.now(UTC), tz).end + timedelta(days=2)
    week = last_full_week(end, tz)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        db = opts.db or work / "bench.db"
        if not db.exists():
            build(db, end, opts.replies, opts.posts, opts.responses)
        topics = "\n".join(f"  - {{name: {t}, description: {t}}}" for t in TOPICS)
        config = work / "config.yaml"
        config.write_text(CONFIG.format(tz=TZ_NAME, data=work / "data", topics=topics), encoding="utf-8")
        with Store.open(db) as store:
            public = store.count("posts", "is_public_reply = 1")
        # The installed console script, as an operator (or the daemon's cron-like job) runs it.
        cli = [str(Path(sys.executable).with_name("engage")), "report"]
        common = ["--config", str(config), "--db", str(db)]
        # The first run reads the database from disk (or the page cache, if a run came before); the
        # figure is the median of three runs, the first one shown beside it.
        runs = [timed([*cli, "weekly", "--week", week.key, *common]) for _ in range(3)]
        print(runs[0][2].strip())
        weekly_first_s = runs[0][0]
        weekly_s = sorted(r[0] for r in runs)[1]
        weekly_mb = max(r[1] for r in runs)
        since = (end - timedelta(days=2 * 365)).astimezone(tz).date().isoformat()
        until = end.astimezone(tz).date().isoformat()
        metrics_s, metrics_mb, out = timed(
            [*cli, "metrics", "--by", "week", "--since", since, "--until", until, "--format", "csv", *common]
        )
        weeks = len(out.strip().splitlines()) - 1
        inproc_s = in_process_weekly(config, db, week.key)
    figures = {
        "public_replies": public,
        "weekly_report_s": round(weekly_s, 2),
        "weekly_report_first_s": round(weekly_first_s, 2),
        "metrics_by_week_s": round(metrics_s, 2),
        "metrics_weeks": weeks,
        "peak_mb": round(max(weekly_mb, metrics_mb), 1),
        "week": week.key,
        "weekly_in_process_s": round(inproc_s, 2),
    }
    print(f"public replies          {public:,}")
    print(f"report weekly {week.key}   {weekly_s:.2f} s (whole process, median of 3; first run {weekly_first_s:.2f} s)")
    print(f"  of which build + render {inproc_s:.2f} s (in process, imports already loaded)")
    print(f"report metrics --by week {metrics_s:.2f} s for {weeks} weeks")
    print(f"peak memory             {figures['peak_mb']:.0f} MB")
    print(json.dumps(figures, sort_keys=True))


if __name__ == "__main__":
    main()
