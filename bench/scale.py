"""Benchmark research scale: 10,000,000 public replies over two years for 50 department accounts.

Builds the database with the reports benchmark's generator (``bench/reports.py``, here with 50
agencies' accounts; ``--db`` keeps it for re-runs), then measures each step the way an operator runs
it, as a child process of the ``engage`` script beside this Python, with that child's own peak
resident memory (``os.wait4``):

- file import of normalised JSONL records and of twarc2 pages (``--import-records`` each, into a
  fresh database), records per second;
- the research export as CSV, as Parquet, and as the partitioned Parquet dataset;
- ``engage report metrics --by week`` over the two years and ``engage report weekly`` (median of 3);
- the inbox's first page and an open-item search, in process (median of 5 after a warm-up);
- a panel query (net sentiment by agency by week) in SQLite on the database and in DuckDB on the
  exported dataset, side by side (DuckDB is the optional ``bench`` dependency).

Each step also reports the CPU seconds its process used: on a shared machine the wall time includes
the wait for a core, and the CPU time is the figure that carries over to another machine.

Prints one table and, last, one JSON line. Never asserts a timing. ``--profile`` runs each step under
cProfile and prints its top functions by own time: what binds, for a target that is missed.

    nice -n 10 .venv/bin/python bench/scale.py --replies 1000000 --db /tmp/scale-1m.db
    make bench-scale        # 10M replies (see the Makefile for its run time)
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.inbox import timed as median_ms  # noqa: E402
from bench.reports import TOPICS, TZ_NAME, agencies, build  # noqa: E402
from engage.metrics.periods import last_full_week  # noqa: E402
from engage.store import Store  # noqa: E402

KEY_ENV = {"ENGAGE_PSEUDONYM_KEY": "bench-key-0123456789abcdef0123456789abcdef"}
TARGETS = {  # the targets at 10M replies
    "import_records_per_s": ">= 20,000/s", "import_twarc2_per_s": ">= 20,000/s", "export_csv_s": "< 60 s",
    "export_parquet_s": "< 60 s", "export_dataset_s": "< 60 s", "metrics_by_week_s": "< 5 s",
    "weekly_report_s": "< 2 s", "inbox_first_page_ms": "< 50 ms", "inbox_search_ms": "< 500 ms",
}


def write_config(work: Path, accounts: tuple[tuple[str, str], ...]) -> Path:
    config = {
        "department": {"name": "Bench panel of agencies", "timezone": TZ_NAME},
        "data_dir": str(work / "data"),
        "accounts": [{"platform": p, "handle": h} for p, h in accounts],
        "response": {"sla_hours": 24,
                     "business_hours": {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "08:00", "end": "18:00"}},
        "topics": [{"name": t, "description": t} for t in TOPICS],
    }
    path = work / "config.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


# A small launcher between this process and each step: a child's ru_maxrss starts at the size of the
# process it was forked from (Linux keeps the pre-exec high-water mark), and this one holds the
# generator's arrays, so forking the step from here would report this process's size, not the step's.
LAUNCHER = (
    "import os, sys\n"
    "pid = os.fork()\n"
    "if pid == 0:\n"
    "    os.execv(sys.argv[2], sys.argv[2:])\n"
    "_, status, usage = os.wait4(pid, 0)\n"
    "open(sys.argv[1], 'w').write(f'{usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}')\n"
    "sys.exit(os.waitstatus_to_exitcode(status))\n"
)


def step(args: list[str], log: Path) -> tuple[float, float, float, str]:
    """Run one child to the end: (wall seconds, its CPU seconds, its own peak RSS in MB, its stdout).

    On a shared machine the wall time includes waiting for a core; the CPU time does not."""
    rss = log.with_suffix(".maxrss")
    started = time.perf_counter()
    with log.open("w") as err:
        proc = subprocess.run([sys.executable, "-c", LAUNCHER, str(rss), *args], stdout=subprocess.PIPE,  # noqa: S603
                              stderr=err, text=True, env={**os.environ, **KEY_ENV}, cwd=REPO, check=False)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args[:3])} failed ({proc.returncode}): {log.read_text()[-400:]}")
    maxrss_kb, cpu_s = rss.read_text().split()
    return seconds, float(cpu_s), int(maxrss_kb) / 1024.0, proc.stdout


# -- import inputs ----------------------------------------------------------------------------------


def import_files(work: Path, n: int, accounts: tuple[tuple[str, str], ...]) -> tuple[Path, Path]:
    """``n`` normalised records (JSONL) and ``n`` posts as twarc2 API pages of 100, replying to one root."""
    handle = next(h for p, h in accounts if p == "x")
    records, pages = work / "records.jsonl", work / "twarc2.jsonl"
    start = datetime(2026, 1, 1, tzinfo=UTC)
    with records.open("w", encoding="utf-8") as fh:
        for i in range(n):
            created = (start + timedelta(seconds=30 * i)).isoformat()
            fh.write(json.dumps({
                "uid": f"x:{10**15 + i}", "platform": "x", "native_id": str(10**15 + i), "account": handle,
                "author_id": f"u{i % 50_000}", "author_handle": f"user{i % 50_000}", "kind": "reply",
                "text": f"when will the road by the school open again {i}", "created_at": created,
                "parent_uid": "x:1", "root_uid": "x:1", "metrics": {"likes": i % 7, "replies": 0},
            }) + "\n")
    with pages.open("w", encoding="utf-8") as fh:
        for lo in range(0, n, 100):
            ids = range(lo, min(n, lo + 100))
            data = [{
                "id": str(2 * 10**15 + i), "text": f"@{handle} is the bridge open yet {i}",
                "author_id": str(10**6 + i % 50_000), "conversation_id": "1",
                "created_at": (start + timedelta(seconds=30 * i)).isoformat().replace("+00:00", "Z"),
                "in_reply_to_user_id": "999", "referenced_tweets": [{"type": "replied_to", "id": "1"}], "lang": "en",
                "public_metrics": {"retweet_count": 0, "reply_count": 0, "like_count": i % 5, "quote_count": 0,
                                   "impression_count": 100},
            } for i in ids]
            users = [{"id": str(10**6 + i % 50_000), "username": f"user{i % 50_000}", "name": "u"} for i in ids]
            users.append({"id": "999", "username": handle, "name": "dept"})
            fh.write(json.dumps({"data": data, "includes": {"users": users}, "meta": {"result_count": len(data)},
                                 "__twarc": {"url": "bench", "version": "2.14.0",
                                             "retrieved_at": "2026-06-01T00:00:00+00:00"}}) + "\n")
    return records, pages


# -- the panel query ------------------------------------------------------------------------------

SQLITE_PANEL = """
    SELECT account, date(created_at, '-6 days', 'weekday 1') AS week, COUNT(*) AS replies,
           (SUM(sentiment_code = 3) - SUM(sentiment_code = 1)) * 1.0 / COUNT(*) AS net_sentiment
    FROM posts WHERE is_department = 0 AND kind IN ('reply', 'mention', 'quote') AND sentiment_code > 0
    GROUP BY account, week ORDER BY account, week
"""
DUCKDB_PANEL = """
    SELECT p.account, CAST(date_trunc('week', p.created_at AT TIME ZONE 'UTC') AS DATE) AS week, COUNT(*) AS replies,
           (COUNT(*) FILTER (l.label = 'positive') - COUNT(*) FILTER (l.label = 'negative')) * 1.0 / COUNT(*)
           AS net_sentiment
    FROM read_parquet('{posts}/**/*.parquet', hive_partitioning = true) p
    JOIN read_parquet('{labels}') l ON l.post_id = p.post_id AND l.task = 'sentiment'
    WHERE p.role = 'public_reply'
    GROUP BY 1, 2 ORDER BY 1, 2
"""


Panel = dict[tuple[str, str], tuple[int, float]]


def panel_sqlite(db: Path) -> tuple[float, Panel]:
    with Store.open(db) as store:
        started = time.perf_counter()
        rows = store.db.execute(SQLITE_PANEL).fetchall()
        return time.perf_counter() - started, {(a, w): (n, round(x, 9)) for a, w, n, x in rows}


def panel_duckdb(dataset: Path) -> tuple[float, Panel] | None:
    """The panel query on the exported dataset; ``None`` without the optional duckdb."""
    try:
        import duckdb
    except ImportError:
        return None
    sql = DUCKDB_PANEL.format(posts=dataset / "posts", labels=dataset / "labels" / "*.parquet")
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    started = time.perf_counter()
    rows = con.execute(sql).fetchall()
    return time.perf_counter() - started, {(a, str(w)): (n, round(x, 9)) for a, w, n, x in rows}


# -- the run --------------------------------------------------------------------------------------


def inbox_figures(db: Path) -> tuple[float, float]:
    from zoneinfo import ZoneInfo

    from engage import triage

    tz, now = ZoneInfo(TZ_NAME), datetime.now(UTC)
    with Store.open(db) as store:
        def page(**f: Any):  # noqa: ANN202
            return lambda: triage.inbox(store, triage.InboxFilter(**f), sla_hours=24, tz=tz, now=now)

        return median_ms(page()), median_ms(page(query="stolen car"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=10_000_000)
    parser.add_argument("--accounts", type=int, default=50)
    parser.add_argument("--import-records", type=int, default=200_000, help="records per import format")
    parser.add_argument("--db", type=Path, help="database to build (or reuse if it exists)")
    parser.add_argument("--keep", type=Path, help="keep the exports and logs in this folder")
    parser.add_argument("--profile", action="store_true",
                        help="run every step under cProfile and print where its time goes (slower figures)")
    opts = parser.parse_args()

    from zoneinfo import ZoneInfo

    accounts = agencies(opts.accounts)
    end = last_full_week(datetime.now(UTC), ZoneInfo(TZ_NAME)).end + timedelta(days=2)
    work = opts.keep or Path(tempfile.mkdtemp(prefix="engage-bench-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    db = opts.db or work / "bench.db"
    fig: dict[str, Any] = {"replies": opts.replies, "accounts": opts.accounts}
    if not db.exists():
        started = time.perf_counter()
        build(db, end, opts.replies, n_posts=max(100, opts.replies // 50), n_responses=opts.replies // 5,
              accounts=accounts)
        fig["build_s"] = round(time.perf_counter() - started, 1)
        print(f"  built {db} in {fig['build_s']:.0f} s", flush=True)
    config = write_config(work, accounts)
    cli = str(Path(sys.executable).with_name("engage"))
    common = ["--config", str(config)]
    peaks: dict[str, float] = {}
    cpu_s: dict[str, float] = {}

    def run(name: str, args: list[str]) -> tuple[float, str]:
        prof = work / f"{name}.prof"
        profiler = [sys.executable, "-m", "cProfile", "-o", str(prof)] if opts.profile else []
        seconds, cpu, peak, out = step([*profiler, cli, *args, *common], work / f"{name}.log")
        peaks[name] = round(peak)
        cpu_s[name] = round(cpu, 1)
        print(f"  {name}: {seconds:.1f} s wall, {cpu:.1f} s CPU, peak {peak:.0f} MB", flush=True)
        if opts.profile:
            pstats.Stats(str(prof), stream=sys.stdout).sort_stats("tottime").print_stats(12)
        return seconds, out

    def save() -> None:  # what a run cut short still leaves behind
        partial = {**fig, "peak_mb_by_step": peaks, "cpu_s_by_step": cpu_s}
        (work / "figures.json").write_text(json.dumps(partial, sort_keys=True) + "\n")

    # Quick figures first, the exports last: a 10M run stopped early still reports the most.
    on_db = ["--db", str(db)]
    tz = ZoneInfo(TZ_NAME)
    since = (end - timedelta(days=2 * 365)).astimezone(tz).date().isoformat()
    until = end.astimezone(tz).date().isoformat()
    fig["metrics_by_week_s"] = round(run("metrics_by_week", [
        "report", "metrics", "--by", "week", "--since", since, "--until", until, "--format", "csv", *on_db])[0], 2)
    week = last_full_week(end, tz).key
    weekly = sorted(run("weekly_report", ["report", "weekly", "--week", week, *on_db])[0] for _ in range(3))
    fig["weekly_report_s"] = round(weekly[1], 2)
    fig["inbox_first_page_ms"], fig["inbox_search_ms"] = (round(v, 1) for v in inbox_figures(db))
    sqlite_s, sqlite_panel = panel_sqlite(db)
    fig["panel_sqlite_s"], fig["panel_rows"] = round(sqlite_s, 2), len(sqlite_panel)
    save()
    n = opts.import_records
    records, pages = import_files(work, n, accounts)
    for name, fmt, path in (("import_records", "records", records), ("import_twarc2", "twarc2", pages)):
        target = work / f"{name}.db"
        target.unlink(missing_ok=True)
        seconds, _ = run(name, ["import", str(path), "--format", fmt, "--db", str(target)])
        fig[f"{name}_per_s"] = round(n / seconds)
        save()
    for name, fmt in (("export_dataset", "parquet-dataset"), ("export_csv", "csv"), ("export_parquet", "parquet")):
        shutil.rmtree(work / name, ignore_errors=True)
        fig[f"{name}_s"] = round(run(name, ["export", "--out", str(work / name), "--format", fmt, *on_db])[0], 1)
        if name == "export_dataset":
            duck = panel_duckdb(work / "export_dataset")
            fig["panel_duckdb_s"] = round(duck[0], 2) if duck else None
            fig["panel_results_match"] = duck[1] == sqlite_panel if duck else None
        save()
    db_bytes = sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))
    fig["db_mb"] = round(db_bytes / 1e6)
    fig["db_mb_per_million"] = round(db_bytes / 1e6 / (opts.replies / 1e6))
    fig["peak_mb"] = max(peaks.values())
    fig["peak_mb_by_step"] = peaks
    fig["cpu_s_by_step"] = cpu_s
    save()
    print_table(fig)
    print(json.dumps(fig, sort_keys=True))


def print_table(fig: dict[str, Any]) -> None:
    print(f"\n| figure ({fig['replies']:,} replies, {fig['accounts']} accounts) | measured | target at 10M | CPU s |"
          " peak MB |")
    print("|---|---|---|---|---|")
    for key, target in TARGETS.items():
        step_name = key.removesuffix("_per_s").removesuffix("_s")
        peak, cpu = fig["peak_mb_by_step"].get(step_name, ""), fig["cpu_s_by_step"].get(step_name, "")
        print(f"| {key} | {fig[key]:,} | {target} | {cpu} | {peak} |")
    print(f"| panel query, SQLite / DuckDB (s) | {fig['panel_sqlite_s']} / {fig['panel_duckdb_s']} |"
          f" side by side, {fig['panel_rows']:,} agency-weeks, same results: {fig['panel_results_match']} | | |")
    print(f"| database size | {fig['db_mb']:,} MB ({fig['db_mb_per_million']:,} MB per million replies) | reported |"
          " | |")


if __name__ == "__main__":
    main()
