"""``engage run`` as a real process, killed with ``kill -9`` while a webhook request is in flight.

Every urgent reply must reach the receiver after the restart (none lost), and none under two
different message keys (none duplicated). A message whose "200 OK" the killed daemon never recorded
is sent again under its original ``Idempotency-Key``, which is what lets a receiver drop the repeat.
"""

from __future__ import annotations

import json
import os
import random
import signal
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.daemon_process import Daemon, scalar, wait_for
from tests.webhook_receiver import Receiver

URGENT_FILES, PER_FILE = 4, 30
DEADLINE_S = 120.0


def write_urgent_inbox(inbox: Path) -> set[str]:
    uids = set()
    for f in range(URGENT_FILES):
        with (inbox / f"batch{f}.jsonl").open("w", encoding="utf-8") as fh:
            for k in range(PER_FILE):
                n = 1 + f * PER_FILE + k
                urgent = k % 3 != 2  # two in three are urgent
                text = f"there is a gas leak at number {n}" if urgent else f"nice work number {n}"
                fh.write(json.dumps({"uid": f"x:{n}", "platform": "x", "native_id": str(n), "account": "RivertonPD",
                                     "kind": "reply", "text": text, "created_at": "2026-10-05T15:00:00+00:00",
                                     "parent_uid": "x:0", "root_uid": "x:0"}) + "\n")
                if urgent:
                    uids.add(f"x:{n}")
    return uids


def test_kill_9_mid_delivery_loses_nothing_and_duplicates_nothing(
    tmp_path: Path, daemons: Callable[..., Daemon], monkeypatch: pytest.MonkeyPatch,  # noqa: F811
) -> None:
    failures = random.Random(14)
    with Receiver(fail=lambda _n: failures.random() < 0.3, delay_s=0.4) as receiver:
        inbox = tmp_path / "data" / "inbox"
        inbox.mkdir(parents=True)
        config = tmp_path / "config.yaml"
        config.write_text(json.dumps({
            "department": {"name": "Test PD", "timezone": "America/Chicago"}, "data_dir": "data",
            "accounts": [{"platform": "file", "handle": "inbox", "path": "data/inbox", "interval_minutes": 5}],
            "alerts": {"channels": {"hook": {"type": "webhook", "url_env": "ALERT_HOOK_URL"}},
                       "rules": [{"name": "urgent", "type": "urgent", "classifier": False, "keywords": ["gas leak"],
                                  "channels": ["hook"], "group_seconds": 0, "max_age_hours": 100000}]},
        }), encoding="utf-8")
        monkeypatch.setenv("ALERT_HOOK_URL", receiver.url("/hook"))
        expected = write_urgent_inbox(inbox)
        db = tmp_path / "data" / "engage.db"
        first = daemons(config, "--no-classify")
        wait_for(lambda: len(receiver.received) >= 2, "two delivery attempts", first, DEADLINE_S)
        os.kill(first.proc.pid, signal.SIGKILL)  # the receiver holds each answer 0.4 s: one is in flight
        assert first.proc.wait(10) == -signal.SIGKILL
        delivered_before = scalar(db, "SELECT COUNT(*) FROM alert_deliveries WHERE delivered_at IS NOT NULL")
        assert delivered_before < len(expected), "the kill must land mid-delivery"

        second = daemons(config, "--no-classify")
        wait_for(
            lambda: scalar(db, "SELECT COUNT(*) FROM alert_deliveries WHERE delivered_at IS NOT NULL")
            == len(expected) and not list(inbox.glob("*.jsonl")),
            "every alert delivered", second, DEADLINE_S,
        )
        second.proc.send_signal(signal.SIGTERM)
        assert second.proc.wait(15) == 0, second.output()

    keys_per_uid: dict[str, set[str]] = defaultdict(set)
    for request in receiver.accepted():
        for alert in request.body["alerts"]:
            keys_per_uid[alert["uid"]].add(request.headers["Idempotency-Key"])
    resent = len(receiver.accepted()) - len({r.headers["Idempotency-Key"] for r in receiver.accepted()})
    print(f"\nalert crash test: alerts={len(expected)} requests={len(receiver.received)} "
          f"refused={sum(not r.accepted for r in receiver.received)} delivered before the kill={delivered_before} "
          f"resent under the same key={resent}")
    assert set(keys_per_uid) == expected  # none lost
    assert all(len(keys) == 1 for keys in keys_per_uid.values())  # none sent under two keys
    assert scalar(db, "SELECT COUNT(*) FROM alerts") == len(expected)
    assert any(not r.accepted for r in receiver.received), "the receiver's failures were exercised"
