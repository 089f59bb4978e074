"""The daemon behind ``engage run``: APScheduler jobs built from config, stopped cleanly or not at all.

Jobs (APScheduler 3, in-memory job store; the schedule is rebuilt from config on every start and the
resume points live in the database, so nothing scheduler-side needs to survive a crash):

- ``collect:<platform>:<handle>``: one per enabled account, at its interval with jitter; runs at
  start; failing accounts back off (doubling, capped) and return to their interval on success.
- ``watch:inboxes`` (when a file account is enabled): lists the inbox folders every few seconds and
  runs a file account's collect job at once when a settled file appears (``engage.daemon.inbox_watch``).
- ``classify``: woken after each collection that changed records, plus an hourly safety net; labels
  only what the current model ids have not labelled. The suite is loaded once and reloaded when the
  model settings, the topics or the topic corrections change.
- ``report:weekly``: cron in the department time zone; ``retention``: daily at night.
- ``heartbeat``: refreshes ``daemon_state``/``daemon_jobs`` for ``engage status``.
- ``alerts:deliver`` and ``alerts:tick`` (when ``alerts.rules`` are configured): rules are evaluated
  after every committed collection page and classified batch (``engage.alerts.engine``); the worker
  delivers at once when alerts are raised, and retries every few seconds; ``handover:<hh:mm>`` at shift
  changes when ``alerts.handover`` is set.

Every job opens its own connection (SQLite WAL: readers never block, writers queue on busy_timeout)
and commits page by page or batch by batch, so stopping means: set the stop event, let each running
job finish its page or batch, commit, and return. ``kill -9`` at any moment loses at most the
uncommitted page, which the cursors make the next run read again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import signal
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_EXECUTED,
    EVENT_JOB_MAX_INSTANCES,
    EVENT_JOB_MISSED,
    JobEvent,
)
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.job import Job
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from connectors.base import ConnectorError
from engage.alerts.engine import TICK_S, AlertEngine
from engage.config import Account, Config, ConfigError, load_config
from engage.daemon import state
from engage.daemon.backoff import backoff_minutes
from engage.daemon.inbox_watch import POLL_S, SETTLE_S, InboxWatcher
from engage.errors import error_line
from engage.store import Store
from engage.timeutil import utcnow

log = logging.getLogger(__name__)

# SIGTERM to exit: systemd's default stop timeout is 90 s, the issue asks for 10 s; pages and
# batches are sized to finish well within this.
STOP_TIMEOUT_S = 8.0
MAX_WORKERS = 4
CLASSIFY_BATCH = 128  # texts per committed batch: a few seconds on 2 CPU cores, so SIGTERM stays prompt
CLASSIFY_SAFETY_NET = timedelta(hours=1)
CLASSIFY_BACKOFF_BASE_MIN = 5.0
RETENTION_HOUR, RETENTION_MINUTE = 3, 30
# How late a job may still run when the scheduler was busy or the machine asleep.
REPORT_GRACE = timedelta(hours=12)
RETENTION_GRACE = timedelta(hours=12)
CLASSIFY_GRACE = timedelta(minutes=30)
HEARTBEAT_GRACE = timedelta(seconds=30)
WATCH_JOB_ID = "watch:inboxes"  # runs every few seconds: too often to rewrite ``daemon_jobs`` after each run
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def collect_job_id(account: Account) -> str:
    return f"collect:{account.platform}:{account.handle}"


def previous_weekly_time(now: datetime, tz: Any, day_of_week: str, hour: int, minute: int) -> datetime:
    """The latest scheduled weekly time at or before ``now`` (aware, UTC)."""
    local = now.astimezone(tz)
    candidate = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
    back = (local.weekday() - WEEKDAYS.index(day_of_week)) % 7
    candidate -= timedelta(days=back)
    if candidate > local:
        candidate -= timedelta(days=7)
    # Rebuild from wall-clock fields so a DST change between then and now keeps the local time.
    candidate = datetime(candidate.year, candidate.month, candidate.day, hour, minute, tzinfo=tz)
    return candidate.astimezone(UTC)


class Daemon:
    """The scheduler and its jobs for one database. ``serve()`` runs until SIGTERM/SIGINT.

    Tests build it, call :meth:`start` with ``paused=True`` and trigger jobs through APScheduler
    (``job.modify(next_run_time=...)`` then ``scheduler.resume()``, or ``job.func(*job.args)``).
    """

    def __init__(
        self,
        config: Config,
        db_path: Path,
        *,
        config_path: Path | None = None,
        classify: bool = True,
        max_workers: int = MAX_WORKERS,
    ) -> None:
        self.config = config
        self.db_path = db_path
        self.config_path = config_path
        self.classify_enabled = classify
        self.stop_event = threading.Event()
        self.failures: dict[str, int] = {}
        self.scheduler = BackgroundScheduler(
            timezone=UTC,
            executors={"default": ThreadPoolExecutor(max_workers)},
            job_defaults={"coalesce": True, "max_instances": 1},
        )
        self._state_lock = threading.Lock()
        self._state_store: Store | None = None
        self._suite: Any = None
        self._suite_key: str | None = None
        self._classify_wanted = threading.Event()
        self._classify_running = threading.Event()
        self._classify_failures = 0
        self._classify_retry_at: datetime | None = None
        self._config_mtime: float | None = None
        self.alerts = AlertEngine(config, on_raised=self.request_delivery)
        self._delivery_wake = threading.Event()
        self._delivery_worker: Any = None  # an engage.alerts.worker.DeliveryWorker, built on first use
        self.inbox_watcher = InboxWatcher({
            collect_job_id(a): config.resolve(a.path or "") for a in config.accounts
            if a.enabled and a.platform == "file"
        })
        self._collecting: set[str] = set()  # collect job ids running now
        self._collecting_lock = threading.Lock()

    # -- lifecycle --------------------------------------------------------------------------------

    def should_stop(self) -> bool:
        return self.stop_event.is_set()

    def open_store(self) -> Store:
        return Store.open(self.db_path)

    def start(self, *, paused: bool = False) -> None:
        """Close runs a dead daemon left open, publish this daemon, add the jobs, start the scheduler."""
        self._state_store = self.open_store()
        interrupted = state.mark_interrupted(self._state_store)
        if interrupted:
            log.warning("daemon: %d run(s) left 'running' by a previous daemon marked 'interrupted'", interrupted)
        self._state_store.sync_accounts([a.model_dump() for a in self.config.accounts])
        state.record_start(self._state_store, classify=self.classify_enabled)
        self._add_jobs(self._state_store)
        self.scheduler.add_listener(
            self._on_job_event, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR | EVENT_JOB_MISSED | EVENT_JOB_MAX_INSTANCES
        )
        self.scheduler.start(paused=paused)
        self.publish()
        enabled = [a for a in self.config.accounts if a.enabled]
        log.info(
            "daemon started: db=%s accounts=%d classify=%s jobs=%s",
            self.db_path, len(enabled), self.classify_enabled, ",".join(j.id for j in self.scheduler.get_jobs()),
        )

    def stop(self, timeout: float = STOP_TIMEOUT_S) -> bool:
        """Ask running jobs to stop after their page/batch, wait up to ``timeout``; True when all did."""
        self.stop_event.set()
        clean = True
        if self.scheduler.running:
            stopper = threading.Thread(target=self.scheduler.shutdown, kwargs={"wait": True}, daemon=True)
            stopper.start()
            stopper.join(timeout)
            clean = not stopper.is_alive()
        if clean and self._delivery_worker is not None:
            self._delivery_worker.close()
        with self._state_lock:
            if self._state_store is not None:
                if not clean:
                    # A job is stuck (e.g. in a network call); its page was not committed, so the
                    # next start reads it again. Close its run row now: the process exits hard.
                    state.mark_interrupted(self._state_store)
                state.record_stop(self._state_store)
                self._state_store.close()
                self._state_store = None
        if clean:
            log.info("daemon stopped cleanly")
        else:
            log.error("daemon: a job did not stop within %.0f s; exiting anyway (work resumes from the last commit)",
                      timeout)
        return clean

    def serve(self) -> bool:
        """Run until SIGTERM or SIGINT; return whether every job stopped in time."""
        def on_signal(signum: int, _frame: object) -> None:
            if not self.stop_event.is_set():
                log.info("daemon: %s received; finishing the current page or batch, then exiting",
                         signal.Signals(signum).name)
            self.stop_event.set()

        previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            self.start()
            while not self.stop_event.wait(1.0):
                pass
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return self.stop()

    # -- jobs -------------------------------------------------------------------------------------

    def _collect_trigger(self, account: Account, failures: int) -> IntervalTrigger:
        base = self.config.interval_for(account)
        minutes = backoff_minutes(base, failures)
        # Jitter spreads accounts sharing an interval so they do not hit the database and the
        # platforms in the same second, month after month.
        jitter = int(min(60.0, base * 60 * 0.1))
        return IntervalTrigger(minutes=minutes, jitter=jitter or None, timezone=UTC)

    def _add_jobs(self, store: Store) -> None:
        now = utcnow()
        enabled = [a for a in self.config.accounts if a.enabled]
        for i, account in enumerate(enabled):
            job_id = collect_job_id(account)
            failures = state.consecutive_failures(store, account.platform, account.handle)
            self.failures[job_id] = failures
            base = self.config.interval_for(account)
            self.scheduler.add_job(
                self._collect_job, self._collect_trigger(account, failures), args=[account], id=job_id,
                name=f"collect {account.platform}:{account.handle}",
                misfire_grace_time=max(60, int(base * 60 / 2)),
                next_run_time=now + timedelta(seconds=2 * i),  # at start, staggered
            )
        if self.classify_enabled:
            self.scheduler.add_job(
                self._classify_job, IntervalTrigger(seconds=int(CLASSIFY_SAFETY_NET.total_seconds()), timezone=UTC),
                id="classify", name="classify pending replies",
                misfire_grace_time=int(CLASSIFY_GRACE.total_seconds()),
                next_run_time=now + timedelta(seconds=2 * len(enabled) + 5),
            )
        weekly = self.config.reports.weekly
        tz = self.config.department.tz
        report = self.scheduler.add_job(
            self._report_job,
            CronTrigger(day_of_week=weekly.day_of_week, hour=weekly.hour, minute=weekly.minute, timezone=tz),
            id="report:weekly", name="weekly report", misfire_grace_time=int(REPORT_GRACE.total_seconds()),
        )
        # The job store is in memory: a daemon that was down at report time catches up on start.
        due = previous_weekly_time(now, tz, weekly.day_of_week, weekly.hour, weekly.minute)
        done = state.last_success(store, "report")
        if now - due <= REPORT_GRACE and (done is None or done < due):
            report.modify(next_run_time=now + timedelta(minutes=1))
        if self.config.retention_days is not None:
            retention = self.scheduler.add_job(
                self._retention_job, CronTrigger(hour=RETENTION_HOUR, minute=RETENTION_MINUTE, timezone=tz),
                id="retention", name="retention", misfire_grace_time=int(RETENTION_GRACE.total_seconds()),
            )
            last = state.last_success(store, "retention")
            if last is None or now - last > timedelta(hours=36):
                retention.modify(next_run_time=now + timedelta(minutes=5))
        self.scheduler.add_job(
            self._heartbeat_job, IntervalTrigger(seconds=state.HEARTBEAT_S, timezone=UTC), id="heartbeat",
            name="heartbeat", misfire_grace_time=int(HEARTBEAT_GRACE.total_seconds()),
        )
        if self.inbox_watcher.folders:
            self.scheduler.add_job(self._watch_job, IntervalTrigger(seconds=POLL_S, timezone=UTC),
                                   id=WATCH_JOB_ID, name="watch inbox folders", misfire_grace_time=10)
        self._add_alert_jobs(now)

    def _add_alert_jobs(self, now: datetime) -> None:
        alerts = self.config.alerts
        if alerts.rules:
            self.scheduler.add_job(self._deliver_job, IntervalTrigger(seconds=5, timezone=UTC), id="alerts:deliver",
                                   name="deliver alerts", misfire_grace_time=30, next_run_time=now)
            self.scheduler.add_job(self._alerts_tick_job, IntervalTrigger(seconds=TICK_S, timezone=UTC),
                                   id="alerts:tick", name="alert rules on a clock", misfire_grace_time=TICK_S,
                                   next_run_time=now)
        for at in alerts.handover.times if alerts.handover else []:
            self.scheduler.add_job(self._handover_job, CronTrigger(hour=at.hour, minute=at.minute,
                                                                   timezone=self.config.department.tz),
                                   id=f"handover:{at:%H:%M}", name="shift handover", misfire_grace_time=1800)

    def _collect_job(self, account: Account) -> None:
        """Collect one account (never twice at once: one job per account, ``max_instances=1``)."""
        job_id = collect_job_id(account)
        with self._collecting_lock:
            self._collecting.add(job_id)
        try:
            self._collect(account, job_id)
        finally:
            with self._collecting_lock:
                self._collecting.discard(job_id)

    def _collect(self, account: Account, job_id: str) -> None:
        """Collect one account; record failures in ``runs``; back off or recover; wake classification."""
        from engage.collect import collect_account

        if self.should_stop():
            return
        started = time.monotonic()
        ok, changed = False, 0
        with self.open_store() as store:
            before = state.last_run_id(store, "collect", account.platform, account.handle)
            try:
                summary = collect_account(
                    store, self.config, account, settle_seconds=SETTLE_S, should_stop=self.should_stop,
                    on_page=lambda _page, _counts: self._alerts_guarded(self.alerts.after_page, store),
                )
                log.info(summary.line())
                ok = summary.outcome != "error"
                changed = summary.counts.new + summary.counts.updated + summary.counts.deleted
            except Exception as exc:
                error = error_line(exc)
                if isinstance(exc, ConnectorError):
                    log.error("collect platform=%s account=%s outcome=error seconds=%.1f error=%r",
                              account.platform, account.handle, time.monotonic() - started, error)
                else:
                    log.exception("collect platform=%s account=%s outcome=error seconds=%.1f error=%r",
                                  account.platform, account.handle, time.monotonic() - started, error)
                # collect_account records its own row once the run started; not when it failed earlier.
                if state.last_run_id(store, "collect", account.platform, account.handle) == before:
                    state.record_failed_run(store, "collect", error, platform=account.platform,
                                            account=account.handle)
        self._after_collect(job_id, account, ok)
        if ok and changed:
            self.request_classify()

    def _watch_job(self) -> None:
        """Collect a file account now when a settled file appeared in its inbox folder."""
        if self.should_stop():
            return
        with self._collecting_lock:
            running = set(self._collecting)
        for job_id in self.inbox_watcher.poll(busy=running.__contains__):
            try:
                self.scheduler.modify_job(job_id, next_run_time=utcnow())
            except JobLookupError:  # removed by a shutdown racing this job
                return

    def _after_collect(self, job_id: str, account: Account, ok: bool) -> None:
        previous = self.failures.get(job_id, 0)
        failures = 0 if ok else previous + 1
        self.failures[job_id] = failures
        if self.should_stop():
            return
        base = self.config.interval_for(account)
        before, after = backoff_minutes(base, previous), backoff_minutes(base, failures)
        if not ok:
            log.warning("collect platform=%s account=%s failed %d time(s) in a row; next attempt in %.0f min",
                        account.platform, account.handle, failures, after)
        elif previous:
            log.info("collect platform=%s account=%s recovered after %d failure(s); back to every %.0f min",
                     account.platform, account.handle, previous, base)
        if before != after:
            try:
                self.scheduler.reschedule_job(job_id, trigger=self._collect_trigger(account, failures))
            except JobLookupError:  # removed by a shutdown racing this job
                return
        self.publish()

    def request_classify(self) -> None:
        """Wake the classification job now (or make the running one go round once more)."""
        if not self.classify_enabled or self.should_stop():
            return
        self._classify_wanted.set()
        if self._classify_running.is_set():
            return
        try:
            self.scheduler.modify_job("classify", next_run_time=utcnow())
        except JobLookupError:
            return

    def _classify_job(self) -> None:
        now = utcnow()
        if self.should_stop() or (self._classify_retry_at is not None and now < self._classify_retry_at):
            return
        self._classify_running.set()
        try:
            while not self.should_stop():
                self._classify_wanted.clear()
                self._classify_once()
                if not self._classify_wanted.is_set() or self._classify_retry_at is not None:
                    break
        finally:
            self._classify_running.clear()

    def _classify_once(self) -> None:
        from engage.classify import classify_pending

        started = time.monotonic()
        with self.open_store() as store:
            before = state.last_run_id(store, "classify")
            try:
                suite = self._current_suite(store)
                log.info(classify_pending(
                    store, suite, batch=CLASSIFY_BATCH, should_stop=self.should_stop,
                    progress=lambda _done, _total: self._alerts_guarded(self.alerts.after_classify, store),
                ).line())
            except Exception as exc:
                error = error_line(exc)
                if state.last_run_id(store, "classify") == before:
                    state.record_failed_run(store, "classify", error)
                self._classify_failures += 1
                wait = backoff_minutes(CLASSIFY_BACKOFF_BASE_MIN, self._classify_failures)
                self._classify_retry_at = utcnow() + timedelta(minutes=wait)
                log.exception("classify outcome=error seconds=%.1f error=%r; next attempt in %.0f min",
                              time.monotonic() - started, error, wait)
                return
        self._classify_failures = 0
        self._classify_retry_at = None

    def _suite_config(self) -> Config:
        """The config for the model suite: re-read when the file changed, so model edits need no restart."""
        if self.config_path is None:
            return self.config
        try:
            mtime = self.config_path.stat().st_mtime
            if self._config_mtime is None:
                self._config_mtime = mtime
            elif mtime != self._config_mtime:
                fresh = load_config(self.config_path)
                self._config_mtime = mtime
                self.config = self.config.model_copy(update={"models": fresh.models, "topics": fresh.topics})
                log.info("daemon: %s changed; model and topic settings reloaded", self.config_path)
        except (OSError, ConfigError) as exc:
            log.warning("daemon: keeping the model settings in use: %s", exc)
        return self.config

    def _current_suite(self, store: Store) -> Any:
        """The loaded suite, reloaded when model settings, topics or topic corrections changed."""
        from engage.classify import load_suite_from_config

        config = self._suite_config()
        corrections = store.db.execute(
            "SELECT uid, label FROM corrections WHERE task = 'topics' ORDER BY uid, label"
        ).fetchall()
        payload = json.dumps(
            [config.models.model_dump(mode="json"), [t.model_dump(mode="json") for t in config.topics],
             [list(r) for r in corrections]],
            sort_keys=True,
        )
        key = hashlib.sha256(payload.encode("utf-8")).hexdigest()
        if self._suite is None or key != self._suite_key:
            started = time.monotonic()
            reason = "first use" if self._suite is None else "model settings, topics or corrections changed"
            self._suite = load_suite_from_config(config, store)
            self._suite_key = key
            log.info("classify: suite loaded (%s) in %.1f s", reason, time.monotonic() - started)
        return self._suite

    def _guarded(self, kind: str, work: Callable[[Store], tuple[int, dict[str, Any]]]) -> None:
        """Run ``work`` as one ``runs`` row of ``kind``: outcome, counts, error, one log line."""
        if self.should_stop():
            return
        started = time.monotonic()
        with self.open_store() as store:
            try:
                with store.run(kind) as run:
                    count, details = work(store)
                    run.counts["fetched"], run.details = count, details
            except Exception as exc:  # recorded on the run by Store.run
                log.exception("%s outcome=error seconds=%.1f error=%r", kind, time.monotonic() - started,
                              error_line(exc))
                return
        log.info("%s outcome=ok items=%d seconds=%.1f", kind, count, time.monotonic() - started)

    def _report_job(self) -> None:
        self._guarded("report", self._write_report)

    def _write_report(self, store: Store) -> tuple[int, dict[str, Any]]:
        from engage.reports.writer import write_weekly_report

        # Last full ISO week in the department's zone; mailed too when reports.smtp is configured.
        paths = write_weekly_report(store, self.config, mail=True)
        return len(paths), {"files": [str(p) for p in paths], "mailed": self.config.reports.smtp is not None}

    def _retention_job(self) -> None:
        """Daily retention pass; ``apply_retention`` records its own ``runs`` row and log line."""
        from engage.retention import apply_retention

        if self.should_stop():
            return
        started = time.monotonic()
        with self.open_store() as store:
            before = state.last_run_id(store, "retention")
            try:
                apply_retention(store, self.config)
            except Exception as exc:
                error = error_line(exc)
                if state.last_run_id(store, "retention") == before:
                    state.record_failed_run(store, "retention", error)
                log.exception("retention outcome=error seconds=%.1f error=%r", time.monotonic() - started, error)

    def _heartbeat_job(self) -> None:
        self.publish()

    # -- alerts -----------------------------------------------------------------------------------

    def _alerts_guarded(self, evaluate: Callable[[Store], int], store: Store) -> None:
        """Evaluate alert rules without ever failing the collection or classification that called."""
        try:
            evaluate(store)
        except Exception:  # the tick re-evaluates from the watermarks; collection must go on
            log.exception("alerts: evaluation failed (retried on the next tick)")

    def request_delivery(self) -> None:
        """Wake the delivery worker now (or make the running one look again)."""
        self._delivery_wake.set()
        if self.should_stop():
            return
        try:
            self.scheduler.modify_job("alerts:deliver", next_run_time=utcnow())
        except JobLookupError:
            return

    def _deliver_job(self) -> None:
        from engage.alerts.worker import DeliveryWorker

        if self.should_stop():
            return
        if self._delivery_worker is None:  # one HTTP client for the daemon's life (connections reused)
            self._delivery_worker = DeliveryWorker(self.config, should_stop=self.should_stop)
        try:
            with self.open_store() as store:
                self._delivery_worker.drain(store, self._delivery_wake)
        except Exception:
            log.exception("alerts: delivery pass failed (retried in a few seconds)")

    def _alerts_tick_job(self) -> None:
        if self.should_stop():
            return
        with self.open_store() as store:
            self._alerts_guarded(self.alerts.tick, store)

    def _handover_job(self) -> None:
        from engage.alerts.handover import send_handover

        self._guarded("handover", lambda store: send_handover(store, self.config))

    # -- state for `engage status` ----------------------------------------------------------------

    def _job_state(self, job: Job) -> state.JobState:
        kind = job.id.partition(":")[0]
        account = job.args[0] if kind == "collect" else None
        interval = None
        if isinstance(job.trigger, IntervalTrigger):
            interval = job.trigger.interval.total_seconds() / 60
        return state.JobState(
            job_id=job.id, kind=kind, platform=account.platform if account else None,
            account=account.handle if account else None, interval_minutes=interval,
            failures=self.failures.get(job.id, 0), next_run_at=job.next_run_time,
        )

    def publish(self) -> None:
        """Write heartbeat and every job's next run to the database (for ``engage status``)."""
        jobs = [self._job_state(j) for j in self.scheduler.get_jobs()]
        with self._state_lock:
            if self._state_store is None:
                return
            state.heartbeat(self._state_store)
            state.publish_jobs(self._state_store, jobs)

    def _on_job_event(self, event: JobEvent) -> None:
        if event.code == EVENT_JOB_ERROR:  # only reached by a bug in a job wrapper; keep running
            log.error("daemon: job %s raised outside its guard: %r", event.job_id, getattr(event, "exception", None))
        if not self.should_stop() and (event.job_id != WATCH_JOB_ID or event.code != EVENT_JOB_EXECUTED):
            self.publish()
