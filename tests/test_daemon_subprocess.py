"""``engage run`` as a real process: SIGTERM stops it cleanly, ``kill -9`` loses nothing and duplicates nothing.

The daemon runs ``python -m engage.daemon run`` on a temporary config whose file account watches an
inbox folder. Waits poll the database with a deadline (no sleeping for a fixed time); each test
stays well under 30 s on two cores.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.daemon_process import DEADLINE_S, REPO, Daemon, query, scalar, wait_for, write_config

PAGE = 500  # the file connector's page size: one commit per 500 lines


def write_inbox(inbox: Path, files: int, lines: int, *, repeat: int = 0) -> dict[str, int]:
    """``files`` JSONL files of ``lines`` public replies; each file after the first re-sends ``repeat``
    uids of the previous one with a higher like count (a re-collected record). Return uid -> final likes.
    """
    final: dict[str, int] = {}
    n = 0
    for f in range(files):
        with (inbox / f"batch{f:02d}.jsonl").open("w", encoding="utf-8") as fh:
            repeated = [k for k in range(n - repeat + 1, n + 1)] if f and repeat else []
            fresh = list(range(n + 1, n + 1 + lines - len(repeated)))
            for k in repeated + fresh:
                likes = final.get(f"x:{k}", -1) + 1
                rec = {"uid": f"x:{k}", "platform": "x", "native_id": str(k), "account": "RivertonPD",
                       "author_id": f"u{k % 97}", "kind": "reply", "text": f"public reply number {k}",
                       "created_at": "2026-10-05T15:00:00+00:00", "parent_uid": "x:0", "root_uid": "x:0",
                       "metrics": {"likes": likes}}
                fh.write(json.dumps(rec) + "\n")
                final[rec["uid"]] = likes
            n = fresh[-1]
        # Oldest first: the connector reads the inbox in mtime order.
        os.utime(inbox / f"batch{f:02d}.jsonl", (1_700_000_000 + f, 1_700_000_000 + f))
    return final












def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def test_kill_9_mid_ingest_then_restart_gives_every_record_once(
    tmp_path: Path, daemons: Callable[..., Daemon]
) -> None:
    config = write_config(tmp_path)
    inbox, db = tmp_path / "data" / "inbox", tmp_path / "data" / "engage.db"
    final = write_inbox(inbox, files=10, lines=150, repeat=30)
    lines = 10 * 150
    unique = len(final)

    first = daemons(config, "--no-classify")
    # One page per file: wait until a few files are in, so the kill lands between many commits.
    wait_for(lambda: scalar(db, "SELECT COUNT(*) FROM posts") >= 400, "three committed files", first)
    os.kill(first.proc.pid, signal.SIGKILL)
    assert first.proc.wait(10) == -signal.SIGKILL
    before = scalar(db, "SELECT COUNT(*) FROM posts")
    assert 0 < before < unique, "the kill must land mid-ingest"
    assert scalar(db, "SELECT COUNT(*) FROM runs WHERE outcome = 'running'") == 1

    second = daemons(config, "--no-classify")
    wait_for(
        lambda: not list(inbox.glob("*.jsonl"))
        and scalar(db, "SELECT outcome FROM runs WHERE kind = 'collect' ORDER BY id DESC LIMIT 1") == "ok",
        "the inbox to be empty", second,
    )
    status = subprocess.run(
        [sys.executable, "-m", "engage.daemon", "status", "--config", str(config), "--json"],
        cwd=tmp_path, capture_output=True, text=True, timeout=180, env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    second.proc.send_signal(signal.SIGTERM)
    assert second.proc.wait(10) == 0, second.output()

    after = scalar(db, "SELECT COUNT(*) FROM posts")
    duplicates = scalar(db, "SELECT COUNT(*) - COUNT(DISTINCT native_id) FROM posts")
    print(f"\ncrash test: input lines={lines} unique uids={unique}; posts after kill -9={before}; "
          f"after restart={after}; duplicates={duplicates}")
    assert after == unique and duplicates == 0
    # No gap: the re-sent records carry their final like counts; every reply has its triage row.
    stored = dict(query(db, "SELECT uid, likes FROM posts"))
    assert stored == final
    assert scalar(db, "SELECT COUNT(*) FROM triage") == unique
    # Cursors are coherent: each file's cursor is its content hash and its last line.
    cursors = dict(query(db, "SELECT stream, value FROM cursors WHERE platform = 'file' AND account = 'inbox'"))
    done = sorted((inbox / "done").glob("*.jsonl"))
    assert [p.name for p in done] == [f"batch{f:02d}.jsonl" for f in range(10)]
    assert cursors == {f"file:{p.name}": f"{file_hash(p)}:150" for p in done}
    # The killed run is closed as interrupted; the run counters add up to exactly what is stored.
    outcomes = [r[0] for r in query(db, "SELECT outcome FROM runs WHERE kind = 'collect' ORDER BY id")]
    assert outcomes == ["interrupted", "ok"]
    assert scalar(db, "SELECT SUM(fetched) FROM runs WHERE kind = 'collect'") == lines
    # `engage status` told the truth while the daemon ran.
    assert status.returncode == 0, status.stdout + status.stderr
    report = json.loads(status.stdout)
    assert report["daemon"]["running"] and report["healthy"]
    (account,) = report["accounts"]
    assert account["last_success"] is not None
    assert account["next_run"] is not None and report["unclassified_backlog"] == unique
    # A page's rows, cursor and counters commit together, so the counters add up even across the kill.
    assert scalar(db, "SELECT SUM(new) FROM runs WHERE kind = 'collect'") == unique
    assert account["new_24h"] == unique


def test_sigterm_finishes_the_page_and_exits_0_within_10_s(tmp_path: Path, daemons: Callable[..., Daemon]) -> None:
    config = write_config(tmp_path)
    inbox, db = tmp_path / "data" / "inbox", tmp_path / "data" / "engage.db"
    write_inbox(inbox, files=3, lines=1000)

    daemon = daemons(config, "--no-classify")
    wait_for(lambda: scalar(db, "SELECT COUNT(*) FROM posts") > 0, "the first committed page", daemon)
    asked = time.monotonic()
    daemon.proc.send_signal(signal.SIGTERM)
    code = daemon.proc.wait(10)
    elapsed = time.monotonic() - asked
    assert code == 0 and elapsed < 10, daemon.output()
    print(f"\nSIGTERM test: exited {code} in {elapsed:.2f} s")

    assert scalar(db, "SELECT COUNT(*) FROM runs WHERE outcome = 'running'") == 0
    outcome, fetched = query(db, "SELECT outcome, fetched FROM runs WHERE kind = 'collect' ORDER BY id DESC")[0]
    assert outcome in ("stopped", "ok")
    # What was committed is exactly what the cursors say was read: the next start resumes there.
    committed = sum(int(v.rsplit(":", 1)[1]) for (v,) in query(db, "SELECT value FROM cursors"))
    posts = scalar(db, "SELECT COUNT(*) FROM posts")
    assert posts == committed == fetched
    assert posts % PAGE == 0  # whole pages only: 1000-line files, 500-line pages
    assert scalar(db, "SELECT stopped_at IS NOT NULL FROM daemon_state") == 1
    log_text = (tmp_path / "data" / "logs" / "engage.log").read_text(encoding="utf-8")
    assert "SIGTERM received" in log_text and "daemon stopped cleanly" in log_text


TEXTS = (
    "thank you officers for the quick response last night",
    "someone broke into my car on Elm street, who do I call?",
    "when will Main St reopen after the crash",
    "waited three hours and nobody came, unacceptable",
    "how do I apply to the academy",
    "great work at the food drive today!",
    "is the missing boy still missing? I think I saw him near the station",
    "release the full bodycam footage",
)


def demo_config(tmp_path: Path) -> Path:
    """The shipped demo config (topics, models, schedule) with only a watched inbox as account."""
    import yaml

    data = yaml.safe_load((REPO / "engage" / "config.example.yaml").read_text(encoding="utf-8"))
    data["accounts"] = [{"platform": "file", "handle": "inbox", "path": "data/inbox", "interval_minutes": 5}]
    data["data_dir"] = "data"
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    (tmp_path / "data" / "inbox").mkdir(parents=True)
    return path


def test_demo_config_daemon_collects_classifies_and_survives_kill_9(
    tmp_path: Path, daemons: Callable[..., Daemon]
) -> None:
    # The models package is built separately. Importing it here would load torch for nothing, so
    # look for its shipped sentiment artifact on disk (models/suite.py: SENTIMENT_DIR).
    spec = importlib.util.find_spec("models")
    artifact = Path(spec.submodule_search_locations[0]) / "artifacts" / "sentiment" / "config.json" if spec else None
    if artifact is None or not artifact.exists():
        pytest.skip(f"models cannot load their default artifact: {artifact or 'models'} is missing")
    config = demo_config(tmp_path)
    inbox, db = tmp_path / "data" / "inbox", tmp_path / "data" / "engage.db"
    for f in range(2):
        with (inbox / f"drop{f}.jsonl").open("w", encoding="utf-8") as fh:
            for k in range(40):
                n = f * 40 + k + 1
                fh.write(json.dumps({
                    "uid": f"x:{n}", "platform": "x", "native_id": str(n), "account": "RivertonPD",
                    "kind": "reply", "text": f"{TEXTS[n % len(TEXTS)]} #{n}", "created_at": "2026-10-05T15:00:00+00:00",
                    "parent_uid": "x:0", "root_uid": "x:0",
                }) + "\n")
    labelled = "SELECT COUNT(DISTINCT uid) FROM current_labels WHERE task = 'sentiment'"

    first = daemons(config)

    def classified() -> bool:
        error = scalar(db, "SELECT error FROM runs WHERE kind = 'classify' AND outcome = 'error'")
        assert not error, f"classification failed in the daemon: {error}"
        return scalar(db, labelled) == 80

    # Loading the transformer takes a few seconds on an idle 2-core machine; allow for a busy one.
    wait_for(classified, "80 replies collected and classified", first, deadline=DEADLINE_S)
    os.kill(first.proc.pid, signal.SIGKILL)
    first.proc.wait(10)
    counts = {t: scalar(db, f"SELECT COUNT(*) FROM {t}") for t in ("posts", "classifications", "triage")}  # noqa: S608

    second = daemons(config)
    # Until the new daemon publishes itself, daemon_state still names the killed one.
    wait_for(lambda: scalar(db, "SELECT pid FROM daemon_state") == second.proc.pid,
             "the restarted daemon's state row", second)
    wait_for(lambda: scalar(db, "SELECT COUNT(*) FROM runs WHERE kind = 'classify' AND outcome != 'running'"
                                " AND started_at > (SELECT started_at FROM daemon_state)") > 0,
             "the restarted daemon's classification pass", second, deadline=DEADLINE_S)
    status = subprocess.run(
        [sys.executable, "-m", "engage.daemon", "status", "--config", str(config), "--json"],
        cwd=tmp_path, capture_output=True, text=True, timeout=180, env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    second.proc.send_signal(signal.SIGTERM)
    assert second.proc.wait(10) == 0, second.output()
    assert {t: scalar(db, f"SELECT COUNT(*) FROM {t}") for t in counts} == counts  # noqa: S608
    assert counts["posts"] == 80
    report = json.loads(status.stdout)
    assert status.returncode == 0 and report["healthy"], status.stdout + status.stderr
    assert report["unclassified_backlog"] == 0 and "sentiment" in report["active_models"]
