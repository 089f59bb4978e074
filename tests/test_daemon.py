"""The daemon in-process: jobs are fired through APScheduler's own API, never by waiting for the clock."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from engage.config import Config, load_config
from engage.daemon import state
from engage.daemon.__main__ import app
from engage.daemon.backoff import backoff_minutes
from engage.daemon.lock import DaemonLock, LockHeld, lock_path_for
from engage.daemon.logs import setup_logging
from engage.daemon.scheduler import previous_weekly_time
from engage.daemon.status import collect_status
from engage.store import Store
from engage.timeutil import to_db, utcnow
from tests.helpers.daemon import (
    Expect,
    FakeSuite,
    count,
    fire,
    write_config,
    write_records,
)

# -- lock -------------------------------------------------------------------------------------------


def test_lock_refuses_a_second_daemon_naming_the_holder(tmp_path: Path, inbox: Path) -> None:
    config_path = write_config(tmp_path, [{"platform": "file", "handle": "inbox", "path": str(inbox)}])
    db = load_config(config_path).default_db
    with DaemonLock(lock_path_for(db)):
        with pytest.raises(LockHeld) as held:
            DaemonLock(lock_path_for(db)).acquire()
        assert held.value.pid is not None
        result = CliRunner().invoke(app, ["run", "--config", str(config_path), "--no-classify"])
    assert result.exit_code == 1
    message = result.output.strip()
    assert len(message.splitlines()) == 1
    assert f"pid {held.value.pid}" in message and "engage.db.lock" in message
    # Released: the next daemon may take it.
    with DaemonLock(lock_path_for(db)) as lock:
        assert lock.held


# -- collection on schedule, back-off, failures ----------------------------------------------------


def test_collection_job_ingests_files_dropped_into_the_inbox(tmp_path: Path, inbox: Path, make_daemon) -> None:
    config_path = write_config(tmp_path, [{"platform": "file", "handle": "inbox", "path": str(inbox)}])
    daemon = make_daemon(config_path)
    job = daemon.scheduler.get_job("collect:file:inbox")
    assert job.coalesce and job.max_instances == 1 and job.misfire_grace_time >= 60
    assert job.trigger.jitter and job.trigger.interval == timedelta(minutes=15)

    first = write_records(inbox / "a.jsonl", 1, 40)
    fire(daemon, "collect:file:inbox")
    assert count(daemon.db_path, "SELECT COUNT(*) FROM posts") == len(first)
    assert (inbox / "done" / "a.jsonl").exists()

    second = write_records(inbox / "b.jsonl", 1000, 25)
    fire(daemon, "collect:file:inbox")
    assert count(daemon.db_path, "SELECT COUNT(*) FROM posts") == len(first | second)
    assert count(daemon.db_path, "SELECT COUNT(*) FROM runs WHERE kind = 'collect' AND outcome = 'ok'") == 2
    # The schedule is published for `engage status`.
    with Store.open(daemon.db_path) as store:
        row = state.read_jobs(store)["collect:file:inbox"]
    assert row["next_run_at"] is not None and row["failures"] == 0


def test_failing_account_backs_off_and_recovers(tmp_path: Path, make_daemon) -> None:
    missing = tmp_path / "data" / "later"
    config_path = write_config(
        tmp_path, [{"platform": "file", "handle": "later", "path": str(missing), "interval_minutes": 10}]
    )
    daemon = make_daemon(config_path)
    job_id = "collect:file:later"
    for failures, minutes in ((1, 20), (2, 40), (3, 80), (4, 80)):  # doubling, capped at 8x
        fire(daemon, job_id)
        assert daemon.failures[job_id] == failures
        assert daemon.scheduler.get_job(job_id).trigger.interval == timedelta(minutes=minutes)
    errors = count(daemon.db_path, "SELECT COUNT(*) FROM runs WHERE kind = 'collect' AND outcome = 'error'")
    assert errors == 4
    daemon.stop()

    # A restart derives the failure count from `runs` and keeps backing off.
    restarted = make_daemon(config_path)
    assert restarted.failures[job_id] == 4
    assert restarted.scheduler.get_job(job_id).trigger.interval == timedelta(minutes=80)

    missing.mkdir()
    write_records(missing / "a.jsonl", 1, 5)
    fire(restarted, job_id)
    assert restarted.failures[job_id] == 0
    assert restarted.scheduler.get_job(job_id).trigger.interval == timedelta(minutes=10)
    assert count(restarted.db_path, "SELECT COUNT(*) FROM posts") == 5


def test_backoff_formula() -> None:
    assert [backoff_minutes(15, n) for n in range(6)] == [15, 30, 60, 120, 120, 120]
    assert backoff_minutes(120, 3) == 360  # capped at 6 h before 8x
    assert backoff_minutes(600, 5) == 600  # never shorter than the base


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    root = logging.getLogger()
    before = list(root.handlers)
    path = setup_logging(tmp_path / "logs")
    yield path
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()


def test_a_job_that_raises_is_logged_recorded_and_the_scheduler_goes_on(
    tmp_path: Path, inbox: Path, make_daemon, log_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import engage.collect

    real = engage.collect.collect_account

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("disk on fire")

    config_path = write_config(tmp_path, [{"platform": "file", "handle": "inbox", "path": str(inbox)}])
    daemon = make_daemon(config_path)
    write_records(inbox / "a.jsonl", 1, 10)
    monkeypatch.setattr(engage.collect, "collect_account", broken)
    fire(daemon, "collect:file:inbox")
    text = log_file.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "RuntimeError: disk on fire" in text
    with Store.open(daemon.db_path) as store:
        run = next(store.db.query("SELECT outcome, error FROM runs WHERE kind = 'collect'"))
    assert run == {"outcome": "error", "error": "RuntimeError: disk on fire"}

    monkeypatch.setattr(engage.collect, "collect_account", real)
    assert daemon.scheduler.running
    fire(daemon, "collect:file:inbox")
    assert count(daemon.db_path, "SELECT COUNT(*) FROM posts") == 10
    assert "collect platform=file account=inbox outcome=ok fetched=10 new=10" in log_file.read_text(encoding="utf-8")


def test_runs_left_running_by_a_dead_daemon_are_marked_interrupted(tmp_path: Path, inbox: Path, make_daemon) -> None:
    config_path = write_config(tmp_path, [{"platform": "file", "handle": "inbox", "path": str(inbox)}])
    with Store.open(load_config(config_path).default_db) as store:
        run_id = store.start_run("collect", platform="file", account="inbox")
    daemon = make_daemon(config_path)
    with Store.open(daemon.db_path) as store:
        row = store.db["runs"].get(run_id)
    assert row["outcome"] == "interrupted" and row["ended_at"] is not None


def test_stop_lets_the_running_page_commit_and_closes_the_run(tmp_path: Path, inbox: Path, make_daemon,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import engage.collect
    from connectors.file import FileConnector

    monkeypatch.setattr(engage.collect, "build_connector",
                        lambda _config, _account, **_: FileConnector(inbox, page_size=50))
    config_path = write_config(tmp_path, [{"platform": "file", "handle": "inbox", "path": str(inbox)}])
    daemon = make_daemon(config_path)
    write_records(inbox / "a.jsonl", 1, 500)
    # The stop request arrives while the first page is being stored.
    original = Store.upsert_records

    def stop_during_page(self: Store, records: Any, **kwargs: Any) -> Any:
        daemon.stop_event.set()
        return original(self, records, **kwargs)

    monkeypatch.setattr(Store, "upsert_records", stop_during_page)
    fire(daemon, "collect:file:inbox")
    assert daemon.stop()
    with Store.open(daemon.db_path) as store:
        run = next(store.db.query("SELECT outcome, fetched FROM runs WHERE kind = 'collect'"))
        cursor = store.get_cursors("file", "inbox")["file:a.jsonl"]
        posts = store.count("posts")
        daemon_row = state.read_daemon(store)
    assert run == {"outcome": "stopped", "fetched": 50}
    assert posts == 50 and cursor.endswith(":50")
    assert daemon_row["stopped_at"] is not None


# -- classification --------------------------------------------------------------------------------








def test_classification_follows_collection_labels_only_what_is_new_and_reloads_on_corrections(
    tmp_path: Path, inbox: Path, make_daemon, monkeypatch: pytest.MonkeyPatch
) -> None:
    import engage.classify

    loads: list[FakeSuite] = []

    def load(config: Config, store: Store | None = None) -> FakeSuite:
        loads.append(FakeSuite(f"fake@{len(loads) + 1}"))
        return loads[-1]

    monkeypatch.setattr(engage.classify, "load_suite_from_config", load)
    config_path = write_config(tmp_path, [{"platform": "file", "handle": "inbox", "path": str(inbox)}])
    daemon = make_daemon(config_path, classify=True)
    classify_job = daemon.scheduler.get_job("classify")
    assert classify_job.next_run_time is None  # paused by the test fixture

    write_records(inbox / "a.jsonl", 1, 30)
    with Expect(daemon, "classify") as classified:
        fire(daemon, "collect:file:inbox")
        classified.wait()  # woken by the collection, not by its own (paused) schedule
    labelled = "SELECT COUNT(DISTINCT uid) FROM classifications WHERE model_id = ?"
    assert count(daemon.db_path, labelled, ("fake@1",)) == 30
    assert len(loads) == 1 and loads[0].seen == 30

    write_records(inbox / "b.jsonl", 100, 7)
    with Expect(daemon, "classify") as classified:
        fire(daemon, "collect:file:inbox")
        classified.wait()
    assert len(loads) == 1, "the suite is loaded once and reused"
    assert loads[0].seen == 37, "only the 7 new replies were classified"
    # Nothing new collected: the classification job is not woken.
    with Expect(daemon, "classify") as classified:
        fire(daemon, "collect:file:inbox")
        assert daemon.scheduler.get_job("classify").next_run_time > utcnow() + timedelta(minutes=30)
    assert not classified.events

    with Store.open(daemon.db_path) as store, store.db.conn:
        store.db["corrections"].insert({"uid": "x:1", "task": "topics", "label": "other", "actor": "ann",
                                        "at": to_db(utcnow())})
    fire(daemon, "classify")
    assert len(loads) == 2, "a topic correction reloads the suite"
    assert count(daemon.db_path, labelled, ("fake@2",)) == 37


def test_classification_failure_is_recorded_and_retried_later(
    tmp_path: Path, inbox: Path, make_daemon, monkeypatch: pytest.MonkeyPatch
) -> None:
    import engage.classify

    def no_models(config: Config, store: Store | None = None) -> FakeSuite:
        raise ImportError("models artifact missing")

    monkeypatch.setattr(engage.classify, "load_suite_from_config", no_models)
    config_path = write_config(tmp_path, [{"platform": "file", "handle": "inbox", "path": str(inbox)}])
    daemon = make_daemon(config_path, classify=True)
    fire(daemon, "classify")
    with Store.open(daemon.db_path) as store:
        run = next(store.db.query("SELECT outcome, error FROM runs WHERE kind = 'classify'"))
    assert run == {"outcome": "error", "error": "ImportError: models artifact missing"}
    assert daemon._classify_retry_at is not None and daemon._classify_retry_at > utcnow()
    assert daemon.scheduler.running


# -- weekly report and retention jobs ---------------------------------------------------------------


def test_report_job_is_a_cron_in_the_department_zone_and_records_its_run(
    tmp_path: Path, inbox: Path, make_daemon, monkeypatch: pytest.MonkeyPatch
) -> None:
    import engage.reports.writer

    written: list[dict[str, Any]] = []

    def fake_report(store: Store, config: Config, week: str | None = None, *, mail: bool = False) -> list[Path]:
        written.append({"week": week, "mail": mail})
        return [tmp_path / "weekly.html", tmp_path / "weekly.md"]

    monkeypatch.setattr(engage.reports.writer, "write_weekly_report", fake_report)
    config_path = write_config(
        tmp_path, [{"platform": "file", "handle": "inbox", "path": str(inbox)}],
        reports={"weekly": {"day_of_week": "mon", "hour": 7, "minute": 0}},
    )
    daemon = make_daemon(config_path)
    trigger = daemon.scheduler.get_job("report:weekly").trigger
    fire_time = trigger.get_next_fire_time(None, datetime(2026, 11, 25, 12, 0, tzinfo=UTC))
    assert fire_time.astimezone(ZoneInfo("America/Chicago")).isoformat() == "2026-11-30T07:00:00-06:00"
    fire(daemon, "report:weekly")
    assert written == [{"week": None, "mail": True}]
    with Store.open(daemon.db_path) as store:
        run = next(store.db.query("SELECT outcome, fetched FROM runs WHERE kind = 'report'"))
    assert run == {"outcome": "ok", "fetched": 2}
    assert daemon.scheduler.get_job("retention") is None  # retention_days not set


def test_previous_weekly_time_across_dst() -> None:
    tz = ZoneInfo("America/Chicago")
    # Wednesday 2026-11-04, after the DST change of 2026-11-01: last Monday 07:00 CST.
    now = datetime(2026, 11, 4, 12, 0, tzinfo=UTC)
    assert previous_weekly_time(now, tz, "mon", 7, 0) == datetime(2026, 11, 2, 13, 0, tzinfo=UTC)
    # Monday 06:59 local: the one a week before (07:00 CDT, still summer time).
    now = datetime(2026, 11, 2, 12, 59, tzinfo=UTC)
    assert previous_weekly_time(now, tz, "mon", 7, 0) == datetime(2026, 10, 26, 12, 0, tzinfo=UTC)


def test_retention_job_runs_daily_and_a_failure_is_recorded(tmp_path: Path, inbox: Path, make_daemon,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import engage.retention

    config_path = write_config(tmp_path, [{"platform": "file", "handle": "inbox", "path": str(inbox)}],
                               retention_days=30)
    daemon = make_daemon(config_path)
    job = daemon.scheduler.get_job("retention")
    assert job.misfire_grace_time >= 3600 and str(job.trigger.timezone) == "America/Chicago"
    write_records(inbox / "a.jsonl", 1, 6, created_at=utcnow() - timedelta(days=60))
    fire(daemon, "collect:file:inbox")

    real = engage.retention.apply_retention

    def broken(store: Store, config: Config, **kwargs: Any) -> Any:
        raise ValueError("disk full")

    monkeypatch.setattr(engage.retention, "apply_retention", broken)
    fire(daemon, "retention")
    monkeypatch.setattr(engage.retention, "apply_retention", real)
    fire(daemon, "retention")
    with Store.open(daemon.db_path) as store:
        runs = list(store.db.query("SELECT outcome, error FROM runs WHERE kind = 'retention' ORDER BY id"))
        tombstoned = store.count("posts", "tombstoned_at IS NOT NULL")
    assert runs == [{"outcome": "error", "error": "ValueError: disk full"}, {"outcome": "ok", "error": None}]
    assert tombstoned == 6


# -- status -----------------------------------------------------------------------------------------


def test_status_reports_truthfully_and_exits_non_zero_when_unhealthy(
    tmp_path: Path, inbox: Path, make_daemon
) -> None:
    config_path = write_config(
        tmp_path,
        [{"platform": "file", "handle": "inbox", "path": str(inbox), "interval_minutes": 60},
         {"platform": "file", "handle": "nowhere", "path": str(tmp_path / "missing"), "interval_minutes": 5}],
    )
    daemon = make_daemon(config_path)
    write_records(inbox / "a.jsonl", 1, 12)
    fire(daemon, "collect:file:inbox")
    fire(daemon, "collect:file:nowhere")
    with Store.open(daemon.db_path) as store, store.db.conn:
        store.activate_model("sentiment", "fake@1", ["negative", "neutral", "positive"])
        store.save_classifications([{"uid": f"x:{n}", "task": "sentiment", "model_id": "fake@1", "label": "neutral",
                                     "scores": {"neutral": 1.0}} for n in range(1, 5)])

    result = CliRunner().invoke(app, ["status", "--config", str(config_path), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["healthy"] and report["daemon"]["running"]
    inbox_row, nowhere = report["accounts"]
    assert inbox_row["new_24h"] == 12 and inbox_row["new_7d"] == 12 and inbox_row["last_success"]
    assert inbox_row["next_run"] is not None and inbox_row["last_error"] is None
    assert nowhere["last_success"] is None and "no such file or folder" in nowhere["last_error"]
    assert nowhere["failures_in_a_row"] == 1 and nowhere["current_interval_minutes"] == 10
    assert report["active_models"] == {"sentiment": "fake@1"}
    assert report["unclassified_backlog"] == 8

    # Three intervals later with no success, the failing account is a problem (and says why).
    with Store.open(daemon.db_path) as store:
        later = collect_status(store, load_config(config_path), now=utcnow() + timedelta(minutes=16))
    assert not later.healthy
    assert any("file:nowhere: no successful collection in 3 intervals" in p and "no such file" in p
               for p in later.problems)
    assert not any(p.startswith("file:inbox") for p in later.problems)

    daemon.stop()
    result = CliRunner().invoke(app, ["status", "--config", str(config_path)])
    assert result.exit_code == 1
    assert "daemon stopped at" in result.output and "file:inbox" in result.output


def test_status_is_not_healthy_while_no_account_has_ever_collected(tmp_path: Path, make_daemon) -> None:
    """Right after start, every enabled account failing (here a missing folder; in the field, missing keys)
    is not "healthy", grace period or not; a disabled account is not counted."""
    config_path = write_config(
        tmp_path,
        [{"platform": "file", "handle": "nowhere", "path": str(tmp_path / "missing")},
         {"platform": "x", "handle": "LakesidePD", "enabled": False}],
    )
    daemon = make_daemon(config_path)
    fire(daemon, "collect:file:nowhere")
    result = CliRunner().invoke(app, ["status", "--config", str(config_path), "--json"])
    report = json.loads(result.output)
    assert result.exit_code == 1 and not report["healthy"] and report["daemon"]["running"]
    [problem] = report["problems"]
    assert problem.startswith("no enabled account has collected successfully yet")
    assert "file:nowhere" in problem and "no such file or folder" in problem
    daemon.stop()
