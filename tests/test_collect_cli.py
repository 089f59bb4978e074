"""`engage collect` and `engage classify` as an operator runs them: real processes, real database.

One account that cannot be collected (no credential, no live connector) must not stop the others;
every run line is printed once; a run whose process was killed is marked interrupted by the next
command that opens the database, and `engage status` and the report's collection health count it.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from engage.cli import app
from engage.config import load_config
from engage.metrics.health import collection_health
from engage.metrics.periods import Period
from engage.store import Store
from engage.timeutil import utcnow

from .conftest import REPO

DEADLINE_S = 300


def write_config(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    record = {"uid": "x:1", "platform": "x", "native_id": "1", "account": "LakesidePD", "kind": "reply",
              "text": "is the bridge open?", "created_at": "2026-10-01T12:00:00+00:00"}
    (inbox / "a.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    config = tmp_path / "config.yaml"
    config.write_text(
        "department: {name: Lakeside PD, timezone: America/Chicago}\n"
        f"data_dir: {tmp_path}\n"
        "accounts:\n"
        "  - {platform: x, handle: LakesidePD, user_id: '123'}\n"
        "  - {platform: bluesky, handle: lakesidepd.bsky.social}\n"
        f"  - {{platform: file, handle: inbox, path: {inbox}}}\n"
        "credentials: {bluesky: {app_password_env: LAKESIDE_BSKY_APP_PASSWORD}}\n",
        encoding="utf-8",
    )
    return config


def engage(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("X_BEARER_TOKEN", "LAKESIDE_BSKY_APP_PASSWORD")}
    env["PYTHONPATH"] = str(REPO)
    code = "from engage.cli import main; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env,
                          timeout=DEADLINE_S, check=False)


def test_collect_goes_on_past_accounts_that_cannot_be_collected(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    result = engage("collect", "--config", str(config))
    output = result.stdout + result.stderr

    assert "Traceback" not in output
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == "engage: 2 of 3 accounts failed (see the error= lines above)"
    lines = result.stdout.splitlines()
    assert lines[0].startswith("collect platform=x account=LakesidePD outcome=error ")
    assert lines[0].endswith("error=\"x: environment variable X_BEARER_TOKEN is not set (see README, 'X (Twitter)')\"")
    assert lines[1].startswith("collect platform=bluesky account=lakesidepd.bsky.social outcome=error ")
    assert lines[1].endswith("error=\"bluesky: environment variable LAKESIDE_BSKY_APP_PASSWORD is not set (see README, "
                             "'Bluesky')\"")
    assert lines[2].startswith("collect platform=file account=inbox outcome=ok fetched=1 new=1 ")
    # Each run line once: on stdout, not again in the log on stderr.
    for line in lines:
        assert output.count(line.split(" seconds=")[0]) == 1
    with Store.open(tmp_path / "engage.db") as store:
        assert store.count("posts") == 1
        runs = [(r["platform"], r["outcome"]) for r in store.db.query("SELECT platform, outcome FROM runs ORDER BY id")]
    assert runs == [("x", "error"), ("bluesky", "error"), ("file", "ok")]


def test_classify_prints_its_line_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       caplog: pytest.LogCaptureFixture) -> None:
    import engage.analysis.post_types
    import engage.classify
    from tests.helpers.daemon import FakeSuite

    monkeypatch.setattr(engage.classify, "load_suite_from_config", lambda config, store=None: FakeSuite("fake@1"))
    # The department posts' post-type head is a real model: not what this test is about.
    monkeypatch.setattr(engage.analysis.post_types, "label_department_posts", lambda store, suite, config: 0)
    config = write_config(tmp_path)
    runner = CliRunner()
    runner.invoke(app, ["collect", "--config", str(config), "--platform", "file"])
    caplog.set_level(logging.INFO)
    caplog.clear()
    result = runner.invoke(app, ["classify", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("classify ") == 1
    assert not [r for r in caplog.records if r.getMessage().startswith("classify ")]


def test_a_killed_run_is_marked_interrupted_by_the_next_command(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    db = tmp_path / "engage.db"
    Store.open(db).close()
    # A collection process that opened its run and is then killed (kill -9: no chance to close it).
    script = ("import sys, time\nfrom engage.store import Store\nstore = Store.open(sys.argv[1])\n"
              "print(store.start_run('collect', platform='file', account='inbox'), flush=True)\ntime.sleep(600)\n")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    victim = subprocess.Popen([sys.executable, "-c", script, str(db)], stdout=subprocess.PIPE, text=True, env=env)
    live = subprocess.Popen([sys.executable, "-c", script, str(db)], stdout=subprocess.PIPE, text=True, env=env)
    try:
        killed_run, live_run = int(victim.stdout.readline()), int(live.stdout.readline())  # type: ignore[union-attr]
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait(timeout=DEADLINE_S)

        result = CliRunner().invoke(app, ["status", "--config", str(config), "--db", str(db), "--json"])
        with Store.open(db) as store:
            outcome = {r["id"]: r for r in store.db.query("SELECT id, outcome, error FROM runs")}
        assert outcome[killed_run]["outcome"] == "interrupted"
        assert f"process {victim.pid} on " in outcome[killed_run]["error"]
        assert outcome[live_run]["outcome"] == "running"  # its process is alive: left alone
        accounts = {a["handle"]: a for a in json.loads(result.stdout)["accounts"]}
        assert accounts["inbox"]["interrupted_7d"] == 1
        # The report's collection health counts it too.
        now = utcnow()
        with Store.open(db) as store:
            health = collection_health(store, load_config(config), Period("now", now - timedelta(days=1), now), now)
        assert {(h.platform, h.interrupted) for h in health if h.account == "inbox"} == {("file", 1)}
    finally:
        for process in (victim, live):
            if process.poll() is None:
                process.kill()
                process.wait(timeout=DEADLINE_S)
