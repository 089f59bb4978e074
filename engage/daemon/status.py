"""``engage status``: is collection healthy? Read from the database only, so it works beside a live daemon.

An account is unhealthy when it has had no successful collection for three of its intervals (counted
from the daemon's start when it never succeeded, so one slow account of a fresh install is not
flagged in its first minutes); but until some enabled account has collected successfully, the install
as a whole is not healthy. The daemon itself is unhealthy when no live daemon holds the database (no heartbeat for
three heartbeat periods, a stop recorded, or its pid gone on this host). Monitoring reads the exit code.
"""

from __future__ import annotations

import os
import socket
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from connectors.file import failed_files
from engage.collect import monthly_cap, reads_this_month
from engage.config import Config
from engage.daemon import state
from engage.labels import ACTIVE_MODEL_JOIN
from engage.store import Store
from engage.timeutil import from_db, to_db, utcnow

UNHEALTHY_AFTER_INTERVALS = 3
HEARTBEAT_STALE = timedelta(seconds=3 * state.HEARTBEAT_S)


@dataclass
class AccountStatus:
    platform: str
    handle: str
    enabled: bool
    interval_minutes: int
    current_interval_minutes: float | None
    failures_in_a_row: int
    last_success: datetime | None
    last_error_at: datetime | None
    last_error: str | None
    next_run: datetime | None
    new_24h: int
    new_7d: int
    fetched_24h: int
    fetched_7d: int
    reads_this_month: int | None
    monthly_read_cap: int | None
    interrupted_7d: int = 0
    problem: str | None = None


@dataclass
class DaemonStatus:
    running: bool
    pid: int | None
    host: str | None
    started_at: datetime | None
    heartbeat_at: datetime | None
    stopped_at: datetime | None
    classify: bool | None
    problem: str | None = None


@dataclass
class Status:
    checked_at: datetime
    daemon: DaemonStatus
    accounts: list[AccountStatus]
    active_models: dict[str, str]
    unclassified_backlog: int
    last_classify_at: datetime | None
    problems: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: times as ISO 8601 with offset."""
        return _jsonable({**asdict(self), "healthy": self.healthy})


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return to_db(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def _time(value: str | None) -> datetime | None:
    return from_db(value) if value else None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by another user (e.g. the service user)
        return True
    return True


def daemon_status(store: Store, now: datetime) -> DaemonStatus:
    row = state.read_daemon(store)
    if row is None:
        return DaemonStatus(False, None, None, None, None, None, None, "no daemon has run on this database")
    heartbeat = _time(row["heartbeat_at"])
    stopped = _time(row["stopped_at"])
    problem = None
    if stopped is not None:
        problem = f"daemon stopped at {to_db(stopped)}"
    elif heartbeat is None or now - heartbeat > HEARTBEAT_STALE:
        problem = f"daemon not running (last heartbeat {to_db(heartbeat) if heartbeat else 'never'})"
    elif row["host"] == socket.gethostname() and not _pid_alive(int(row["pid"])):
        problem = f"daemon pid {row['pid']} is gone (killed?)"
    return DaemonStatus(
        running=problem is None, pid=row["pid"], host=row["host"], started_at=_time(row["started_at"]),
        heartbeat_at=heartbeat, stopped_at=stopped, classify=bool(row["classify"]), problem=problem,
    )


def _sums(store: Store, platform: str, handle: str, since: datetime) -> tuple[int, int]:
    row = store.db.execute(
        "SELECT COALESCE(SUM(new), 0), COALESCE(SUM(fetched), 0) FROM runs"
        " WHERE kind = 'collect' AND platform = ? AND account = ? AND started_at >= ?",
        [platform, handle, to_db(since)],
    ).fetchone()
    return int(row[0]), int(row[1])


def account_status(
    store: Store, config: Config, platform: str, handle: str, enabled: bool, interval: int,
    jobs: dict[str, dict[str, Any]], daemon: DaemonStatus, now: datetime,
) -> AccountStatus:
    outcomes = ",".join("?" * len(state.SUCCESS_OUTCOMES))
    success = store.db.execute(
        f"SELECT MAX(ended_at) FROM runs WHERE kind = 'collect' AND platform = ? AND account = ?"  # noqa: S608
        f" AND outcome IN ({outcomes})",
        [platform, handle, *state.SUCCESS_OUTCOMES],
    ).fetchone()[0]
    error = store.db.execute(
        "SELECT ended_at, error FROM runs WHERE kind = 'collect' AND platform = ? AND account = ?"
        " AND outcome = 'error' ORDER BY id DESC LIMIT 1",
        [platform, handle],
    ).fetchone()
    job = jobs.get(f"collect:{platform}:{handle}") if daemon.running else None
    new_24h, fetched_24h = _sums(store, platform, handle, now - timedelta(hours=24))
    new_7d, fetched_7d = _sums(store, platform, handle, now - timedelta(days=7))
    cap = monthly_cap(config, platform)
    interrupted = store.db.execute(
        "SELECT COUNT(*) FROM runs WHERE kind = 'collect' AND platform = ? AND account = ? AND started_at >= ?"
        " AND outcome = 'interrupted'",
        [platform, handle, to_db(now - timedelta(days=7))],
    ).fetchone()[0]
    status = AccountStatus(
        platform=platform, handle=handle, enabled=enabled, interval_minutes=interval,
        current_interval_minutes=job["interval_minutes"] if job else None,
        failures_in_a_row=job["failures"] if job else state.consecutive_failures(store, platform, handle),
        last_success=_time(success), last_error_at=_time(error[0]) if error else None,
        last_error=(error[1] or "").splitlines()[0] if error and error[1] else None,
        next_run=_time(job["next_run_at"]) if job else None,
        new_24h=new_24h, new_7d=new_7d, fetched_24h=fetched_24h, fetched_7d=fetched_7d,
        reads_this_month=reads_this_month(store, platform, now) if cap is not None else None,
        monthly_read_cap=cap, interrupted_7d=int(interrupted),
    )
    if enabled:
        reference = status.last_success or (daemon.started_at if daemon.running else None)
        window = timedelta(minutes=UNHEALTHY_AFTER_INTERVALS * interval)
        if reference is None or now - reference > window:
            since = f"since {to_db(status.last_success)}" if status.last_success else "ever"
            why = f"; last error: {status.last_error}" if status.last_error else ""
            status.problem = (
                f"{platform}:{handle}: no successful collection in {UNHEALTHY_AFTER_INTERVALS} intervals "
                f"({UNHEALTHY_AFTER_INTERVALS * interval} min), none {since}{why}"
            )
    return status


def collect_status(store: Store, config: Config, now: datetime | None = None) -> Status:
    """Everything ``engage status`` shows, computed from the database."""
    now = now or utcnow()
    daemon = daemon_status(store, now)
    jobs = state.read_jobs(store)
    accounts = [
        account_status(store, config, a.platform, a.handle, a.enabled, config.interval_for(a), jobs, daemon, now)
        for a in config.accounts
    ]
    models = {r["task"]: r["model_id"] for r in store.db.query("SELECT task, model_id FROM active_models")}
    backlog = store.db.execute(
        "SELECT COUNT(*) FROM posts p WHERE p.is_public_reply = 1 AND p.tombstoned_at IS NULL AND NOT EXISTS"  # noqa: S608 - constant join
        f" (SELECT 1 FROM classifications c {ACTIVE_MODEL_JOIN}"
        " WHERE c.uid = p.uid AND c.task = 'sentiment')"
    ).fetchone()[0]
    problems = [daemon.problem] if daemon.problem else []
    problems += [a.problem for a in accounts if a.problem]
    problems += failed_import_problems(config)
    problems += [p for p in (_nothing_collected(accounts),) if p]
    return Status(
        checked_at=now, daemon=daemon, accounts=accounts, active_models=models,
        unclassified_backlog=int(backlog), last_classify_at=state.last_success(store, "classify"),
        problems=problems,
    )


def failed_import_problems(config: Config) -> list[str]:
    """One line per watched inbox folder holding files it could not read (parked in ``failed/``)."""
    out = []
    for account in config.accounts:
        folder = config.resolve(account.path) if account.platform == "file" and account.path else None
        failed = failed_files(folder) if folder is not None and folder.is_dir() else []
        if failed:
            out.append(f"file:{account.handle}: {len(failed)} file(s) could not be imported, see the .error "
                       f"files in {folder / 'failed'}")
    return out
def _nothing_collected(accounts: list[AccountStatus]) -> str | None:
    """A problem when no enabled account has ever collected successfully.

    Each account has three intervals' grace, so a fresh install is not flagged for one slow account;
    but an install where nothing has come in at all is not healthy, whatever the grace says.
    """
    enabled = [a for a in accounts if a.enabled]
    if not enabled:
        return "no account is enabled in the config: nothing is collected"
    if any(a.last_success for a in enabled):
        return None
    errors = [f"{a.platform}:{a.handle}: {a.last_error}" for a in enabled if a.last_error]
    return "no enabled account has collected successfully yet" + (f" (last error {errors[0]})" if errors else "")


def _ago(value: datetime | None, now: datetime) -> str:
    if value is None:
        return "never"
    seconds = (now - value).total_seconds()
    if seconds < 0:
        minutes = -seconds / 60
        return f"in {minutes:.0f} min" if minutes >= 1 else f"in {-seconds:.0f} s"
    if seconds < 120:
        return f"{seconds:.0f} s ago"
    if seconds < 2 * 3600:
        return f"{seconds / 60:.0f} min ago"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.1f} h ago"
    return f"{seconds / 86400:.1f} d ago"


def _clip(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render(status: Status, config: Config) -> None:
    """The human view: one table of accounts, then daemon, models, backlog and problems."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    if not console.is_terminal:  # piped or captured: do not fold the table into 80 columns
        console.width = 160
    now = status.checked_at
    tz = config.department.tz
    table = Table(title=f"engage status ({now.astimezone(tz).isoformat(timespec='seconds')})")
    for column in ("account", "every", "last success", "last error", "next run", "new 24h", "new 7d", "reads"):
        table.add_column(column, overflow="fold")
    for a in status.accounts:
        every = f"{a.interval_minutes} min"
        if a.current_interval_minutes and a.current_interval_minutes != a.interval_minutes:
            every += f" (backoff {a.current_interval_minutes:.0f})"
        error = "" if a.last_error is None else f"{_ago(a.last_error_at, now)}: {_clip(a.last_error)}"
        if a.interrupted_7d:
            error += f"{'; ' if error else ''}{a.interrupted_7d} run(s) interrupted in 7 d"
        reads = "" if a.monthly_read_cap is None else f"{a.reads_this_month}/{a.monthly_read_cap}"
        name = f"{a.platform}:{a.handle}" + ("" if a.enabled else " (disabled)")
        style = "red" if a.problem else None
        # Cells are Text, never markup: an error message may contain anything.
        table.add_row(
            Text(name, style=style or ""), Text(every), Text(_ago(a.last_success, now)), Text(error),
            Text(_ago(a.next_run, now) if a.next_run else "-"), Text(str(a.new_24h)), Text(str(a.new_7d)),
            Text(reads),
        )
    console.print(table)
    d = status.daemon
    if d.running:
        console.print(Text(f"daemon   running, pid {d.pid} on {d.host}, since {_ago(d.started_at, now)}, "
                           f"heartbeat {_ago(d.heartbeat_at, now)}"))
    else:
        console.print(Text(f"daemon   {d.problem}", style="red"))
    models = ", ".join(f"{task}={model}" for task, model in sorted(status.active_models.items())) or "none yet"
    console.print(Text(f"models   {models}"))
    console.print(Text(f"backlog  {status.unclassified_backlog} public replies without a current sentiment label; "
                       f"last classification {_ago(status.last_classify_at, now)}"))
    for problem in status.problems:
        console.print(Text(f"PROBLEM  {problem}", style="bold red"))
    if status.healthy:
        console.print(Text("healthy", style="green"))
