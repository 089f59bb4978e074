"""A file dropped into a watched inbox folder is collected within seconds, whole, not at the interval."""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from connectors.base import AccountRef, CollectContext
from connectors.file import FileConnector
from engage.daemon.inbox_watch import InboxWatcher
from tests.helpers.daemon_process import Daemon, daemons, query, scalar, wait_for, write_config

__all__ = ["daemons"]  # the fixture, imported for the subprocess test

HOUR_AGO = time.time() - 3600


def reply_line(n: int) -> str:
    return json.dumps({"uid": f"x:{n}", "platform": "x", "native_id": str(n), "account": "RivertonPD",
                       "kind": "reply", "text": f"public reply {n}", "created_at": "2026-10-05T15:00:00+00:00",
                       "parent_uid": "x:0", "root_uid": "x:0"}) + "\n"


def drop_by_rename(inbox: Path, name: str, lines: range) -> None:
    """What the README asks of producers: write beside the folder, then rename in (atomic)."""
    aside = inbox.parent / f"{name}.part"
    aside.write_text("".join(reply_line(n) for n in lines), encoding="utf-8")
    aside.rename(inbox / name)


def test_a_dropped_file_is_collected_long_before_the_interval(
    tmp_path: Path, daemons: Callable[..., Daemon]
) -> None:
    config = write_config(tmp_path)
    data = json.loads(config.read_text(encoding="utf-8"))
    data["accounts"][0]["interval_minutes"] = 60
    config.write_text(json.dumps(data), encoding="utf-8")
    inbox, db = tmp_path / "data" / "inbox", tmp_path / "data" / "engage.db"

    daemon = daemons(config, "--no-classify")
    wait_for(lambda: scalar(db, "SELECT COUNT(*) FROM runs WHERE kind = 'collect' AND outcome = 'ok'") == 1,
             "the collection at start (an empty inbox)", daemon)
    first_started = datetime.fromisoformat(scalar(db, "SELECT started_at FROM runs WHERE kind = 'collect'"))

    drop_by_rename(inbox, "drop1.jsonl", range(1, 4))
    wait_for(lambda: scalar(db, "SELECT COUNT(*) FROM posts") == 3, "the dropped file's replies", daemon)
    wait_for(lambda: (inbox / "done" / "drop1.jsonl").exists(), "the file to move to done/", daemon)
    drop_by_rename(inbox, "drop2.jsonl", range(4, 6))
    wait_for(lambda: scalar(db, "SELECT COUNT(*) FROM posts") == 5, "the second file's replies", daemon)

    runs = query(db, "SELECT started_at, outcome, new FROM runs WHERE kind = 'collect' ORDER BY id")
    assert [(outcome, new) for _, outcome, new in runs[-2:]] == [("ok", 3), ("ok", 2)]
    # Each file had a collection of its own, started long before the 60-minute interval came round.
    for started_at, _, _ in runs[1:]:
        assert (datetime.fromisoformat(started_at) - first_started).total_seconds() < 3600
    daemon.proc.send_signal(signal.SIGTERM)
    assert daemon.proc.wait(60) == 0, daemon.output()
    assert "inbox: 1 new file(s)" in daemon.output()


def test_the_watcher_triggers_once_per_settled_file(tmp_path: Path) -> None:
    watcher = InboxWatcher({"collect:file:inbox": tmp_path}, settle_s=60)
    idle = lambda _key: False  # noqa: E731
    path = tmp_path / "a.jsonl"
    path.write_text(reply_line(1), encoding="utf-8")
    os.utime(path, (HOUR_AGO, HOUR_AGO))
    (tmp_path / "notes.txt").write_text("not an import file", encoding="utf-8")

    assert watcher.poll(idle) == []  # seen once: not known to be stable yet
    assert watcher.poll(lambda _key: True) == []  # stable, but a collection of the account is running
    assert watcher.poll(idle) == ["collect:file:inbox"]
    assert watcher.poll(idle) == []  # one collection per file: one that stays is left to the interval

    path.write_text(reply_line(1) + reply_line(2), encoding="utf-8")  # still being written: mtime is now
    assert watcher.poll(idle) == []
    assert watcher.poll(idle) == []  # unchanged since the last look, but not yet SETTLE_S old
    os.utime(path, (HOUR_AGO + 1, HOUR_AGO + 1))
    assert watcher.poll(idle) == []  # the signature changed again; wait for one more look
    assert watcher.poll(idle) == ["collect:file:inbox"]


def test_the_daemons_file_connector_leaves_a_file_still_being_written(tmp_path: Path) -> None:
    fresh, old = tmp_path / "fresh.jsonl", tmp_path / "old.jsonl"
    fresh.write_text(reply_line(1) + '{"uid": "x:2", "platf', encoding="utf-8")  # half a line so far
    old.write_text(reply_line(3), encoding="utf-8")
    os.utime(old, (HOUR_AGO, HOUR_AGO))

    ctx = CollectContext(account=AccountRef("file", "inbox"))
    pages = list(FileConnector(tmp_path, settle_seconds=60).collect(ctx))

    assert [r.uid for page in pages for r in page.records] == ["x:3"]
    assert not [reason for page in pages for reason in page.rejected]
    assert fresh.exists() and (tmp_path / "done" / "old.jsonl").exists()
    assert [p.name for p in FileConnector(tmp_path).files()] == ["fresh.jsonl"]  # engage collect: no wait
