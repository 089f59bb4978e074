"""Benchmark: alert latency and delivery guarantees of a real ``engage run``.

A daemon (``python -m engage.daemon run --no-classify``) watches a file inbox folder, with the urgent
rule of the demo config (phrases; the classifier is off so the run measures the alert pipeline, not
model load on two cores) and one generic webhook channel pointed at a receiver on 127.0.0.1 that
refuses 30% of requests (HTTP 503) and holds each answer briefly so a kill can land mid-request. Files
of new replies, some urgent, are dropped into the inbox at random times (written aside, then renamed
in: the rename is the arrival); the daemon is killed with ``kill -9`` while a request the receiver has
accepted waits for its answer (twice by default), the worst moment, and restarted at once.

Reported, per urgent reply: latency from the file's arrival to the receiver's first accepted receipt
(this includes noticing the file: the daemon lists the inbox folder every 2 s and collects a file once
it has settled, unchanged for 3 s; the account's 1-minute interval is only the fallback) and from the
reply's ``collected_at`` to the receipt (the alert pipeline: evaluation, the rule's ``group_seconds``
gathering window, delivery, retries).
``lost``: urgent replies never received. ``duplicated``: replies received under two different message
keys (a receiver cannot tell those apart); a message re-sent under its own key after a kill (its "200
OK" was never recorded) is counted separately as ``resent_same_key``. Prints a table; the last line is
JSON with ``alert_latency_p50_s``, ``alert_latency_p99_s``, ``lost``, ``duplicated``.

    .venv/bin/python bench/alerts.py [--seconds 150] [--urgent 220] [--fail 0.3] [--kills 2]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.webhook_receiver import Receiver  # noqa: E402

URGENT_TEXTS = ("there is a gas leak on {street}, it smells awful", "my son wandered off near {street}, please help",
                "shots fired on {street} right now", "a missing child at the fair by {street}")
CALM_TEXTS = ("thanks for the update about {street}", "when does {street} reopen?", "great job on {street} today",
              "any news on the parking changes on {street}?")
STREETS = ("Elm St", "Main St", "5th Ave", "Oak Rd", "the bridge", "Riverside Park")
DRAIN_DEADLINE_S = 150.0


def write_config(folder: Path) -> Path:
    config = {
        "department": {"name": "Bench PD", "timezone": "America/Chicago"}, "data_dir": "data",
        "accounts": [{"platform": "file", "handle": "inbox", "path": "data/inbox", "interval_minutes": 1}],
        "alerts": {
            "channels": {"receiver": {"type": "webhook", "url_env": "BENCH_ALERT_URL"}},
            "rules": [{"name": "urgent", "type": "urgent", "classifier": False, "channels": ["receiver"],
                       "keywords": ["gas leak", "wandered off", "shots fired", "missing child"]}],
        },
    }
    path = folder / "config.yaml"
    path.write_text(json.dumps(config), encoding="utf-8")
    (folder / "data" / "inbox").mkdir(parents=True)
    return path


class Daemon:
    def __init__(self, config: Path, log: Path, env: dict[str, str]) -> None:
        self.handle = log.open("ab")
        self.proc = subprocess.Popen([sys.executable, "-m", "engage.daemon", "run", "--config", str(config),
                                      "--no-classify"], cwd=config.parent, stdout=self.handle,
                                     stderr=subprocess.STDOUT, env=env)

    def kill9(self) -> None:
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(30)
        self.handle.close()

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(30)
        self.handle.close()


class Killer(threading.Thread):
    """At each planned moment, wait for a request the receiver accepts, ``kill -9`` the daemon while its
    "200 OK" is held back, and start a new one; files keep arriving meanwhile (this runs on its own thread)."""

    def __init__(self, receiver: Receiver, start: Callable[[], Daemon], moments: list[float], t0: float) -> None:
        super().__init__(daemon=True)
        self.receiver, self.start_daemon, self.moments, self.t0 = receiver, start, moments, t0
        self.current = start()
        self.kills = 0
        self.halt = threading.Event()
        self.lock = threading.Lock()

    def run(self) -> None:
        for moment in self.moments:
            if self.halt.wait(max(0.0, self.t0 + moment - time.time())):
                return
            seen = len(self.receiver.accepted())
            while len(self.receiver.accepted()) == seen:
                if self.halt.wait(0.005):
                    return
            with self.lock:
                self.current.kill9()
                self.kills += 1
                self.current = self.start_daemon()

    def finish(self) -> None:
        self.halt.set()
        self.join(60)
        with self.lock:
            self.current.stop()


def drop_plan(rng: random.Random, seconds: float, urgent: int) -> list[tuple[float, list[tuple[str, bool]]]]:
    """(offset, [(text, urgent)]) per file: ``urgent`` urgent replies among about 2.5x as many in all."""
    kinds = [True] * urgent + [False] * int(urgent * 1.5)
    rng.shuffle(kinds)
    plan, i = [], 0
    while i < len(kinds):
        size = rng.randint(1, 8)
        batch = kinds[i:i + size]
        i += size
        texts = [(rng.choice(URGENT_TEXTS if u else CALM_TEXTS).format(street=rng.choice(STREETS)), u) for u in batch]
        plan.append((rng.uniform(0, seconds), texts))
    return sorted(plan, key=lambda p: p[0])


def drop(inbox: Path, n_file: int, first_id: int, texts: list[tuple[str, bool]]) -> dict[str, bool]:
    now = datetime.now(UTC).isoformat()
    lines, uids = [], {}
    for k, (text, urgent) in enumerate(texts):
        n = first_id + k
        uid = f"x:{n}"
        lines.append(json.dumps({"uid": uid, "platform": "x", "native_id": str(n), "account": "BenchPD",
                                 "kind": "reply", "text": f"{text} (#{n})", "created_at": now,
                                 "parent_uid": "x:1", "root_uid": "x:1"}))
        uids[uid] = urgent
    aside = inbox.parent / f"drop{n_file:04d}.tmp"
    aside.write_text("\n".join(lines) + "\n", encoding="utf-8")
    aside.rename(inbox / f"drop{n_file:04d}.jsonl")
    return uids


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def collected_at(db: Path) -> dict[str, float]:
    conn = sqlite3.connect(db, timeout=30)
    try:
        return {uid: datetime.fromisoformat(at).timestamp()
                for uid, at in conn.execute("SELECT uid, collected_at FROM posts")}
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=150.0, help="span over which files are dropped")
    parser.add_argument("--urgent", type=int, default=220, help="urgent replies to drop (alerts expected)")
    parser.add_argument("--fail", type=float, default=0.3, help="share of requests the receiver refuses")
    parser.add_argument("--kills", type=int, default=2, help="kill -9 mid-delivery this many times")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    refuse = random.Random(args.seed + 1)
    folder = Path(tempfile.mkdtemp(prefix="engage-bench-alerts-"))
    config = write_config(folder)
    inbox, db, log = folder / "data" / "inbox", folder / "data" / "engage.db", folder / "daemon.log"

    with Receiver(fail=lambda _n: refuse.random() < args.fail, delay_s=0.2) as receiver:
        env = {**os.environ, "PYTHONPATH": str(REPO), "BENCH_ALERT_URL": receiver.url("/alerts")}
        plan = drop_plan(rng, args.seconds, args.urgent)
        kill_at = sorted(rng.uniform(0.25, 0.85) * args.seconds for _ in range(args.kills))
        started = time.time()
        killer = Killer(receiver, lambda: Daemon(config, log, env), kill_at, started)
        killer.start()
        arrivals: dict[str, float] = {}
        urgent: set[str] = set()
        next_id = 2
        for n_file, (offset, texts) in enumerate(plan):
            while time.time() - started < offset:
                time.sleep(0.02)
            uids = drop(inbox, n_file, next_id, texts)
            next_id += len(texts)
            at = time.time()
            arrivals.update(dict.fromkeys(uids, at))
            urgent |= {uid for uid, is_urgent in uids.items() if is_urgent}

        def first_receipts() -> dict[str, tuple[float, str]]:
            out: dict[str, tuple[float, str]] = {}
            for request in receiver.accepted():
                for alert in request.body.get("alerts", []):
                    if alert["uid"] not in out:
                        out[alert["uid"]] = (request.at, request.headers.get("Idempotency-Key", ""))
            return out

        drain_started = time.time()
        while set(first_receipts()) < urgent and time.time() - drain_started < DRAIN_DEADLINE_S:
            time.sleep(0.25)
        time.sleep(2.0)  # anything still in flight lands
        killer.finish()
        kills_done = killer.kills
        total_s = time.time() - started

    receipts = first_receipts()
    keys: dict[str, set[str]] = defaultdict(set)
    copies: dict[str, int] = defaultdict(int)
    for request in receiver.accepted():
        for alert in request.body.get("alerts", []):
            keys[alert["uid"]].add(request.headers.get("Idempotency-Key", ""))
            copies[alert["uid"]] += 1
    collected = collected_at(db)
    from_arrival = [receipts[u][0] - arrivals[u] for u in urgent if u in receipts]
    from_collected = [receipts[u][0] - collected[u] for u in urgent if u in receipts and u in collected]
    lost = len(urgent - set(receipts))
    duplicated = sum(len(k) - 1 for k in keys.values())
    resent_same_key = sum(copies[u] - len(keys[u]) for u in copies)
    false_alarms = len(set(receipts) - urgent)
    requests = len(receiver.received)
    refused = sum(not r.accepted for r in receiver.received)

    rows = [
        ("files dropped / replies / urgent", f"{len(plan)} / {len(arrivals)} / {len(urgent)}"),
        ("receiver requests / refused (503)", f"{requests} / {refused} ({refused / max(requests, 1):.0%})"),
        ("messages accepted (urgent replies grouped)", str(len(receiver.accepted()))),
        ("kill -9 mid-delivery, restarts", f"{kills_done}"),
        ("latency file arrival -> receipt p50 / p99 / max (s)",
         f"{quantile(from_arrival, 0.5):.1f} / {quantile(from_arrival, 0.99):.1f} / "
         f"{max(from_arrival, default=0):.1f}"),
        ("latency collected_at -> receipt p50 / p99 / max (s)",
         f"{quantile(from_collected, 0.5):.1f} / {quantile(from_collected, 0.99):.1f} / "
         f"{max(from_collected, default=0):.1f}"),
        ("lost", str(lost)),
        ("duplicated (two message keys)", str(duplicated)),
        ("resent under the same key after a kill", str(resent_same_key)),
        ("alerts for non-urgent replies", str(false_alarms)),
        ("wall time (s)", f"{total_s:.0f}"),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"bench/alerts.py: daemon on a file inbox, webhook receiver on 127.0.0.1 ({folder})")
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")
    print(json.dumps({
        "alert_latency_p50_s": round(quantile(from_arrival, 0.5), 2),
        "alert_latency_p99_s": round(quantile(from_arrival, 0.99), 2),
        "pipeline_latency_p50_s": round(quantile(from_collected, 0.5), 2),
        "pipeline_latency_p99_s": round(quantile(from_collected, 0.99), 2),
        "alerts": len(urgent), "lost": lost, "duplicated": duplicated, "resent_same_key": resent_same_key,
        "receiver_failure_rate": args.fail, "kills": kills_done, "collection_interval_s": 60,
    }, sort_keys=True))


if __name__ == "__main__":
    main()
