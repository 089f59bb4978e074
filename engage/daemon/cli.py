"""The daemon's two commands, as plain functions the main ``engage`` app registers.

``run`` is the service (systemd/Docker start it); ``status`` is what monitoring calls. Heavy imports
(APScheduler, the models) happen inside, so ``engage --help`` stays instant.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Annotated

import typer

from engage.context import DEFAULT_CONFIG, ConfigOpt, DbOpt, app_context, fail

log = logging.getLogger(__name__)


def run(
    config: ConfigOpt = Path(DEFAULT_CONFIG),
    db: DbOpt = None,
    no_classify: Annotated[
        bool, typer.Option("--no-classify", help="Collect, report and apply retention, but do not load the models.")
    ] = False,
) -> None:
    """Run collection, classification, the weekly report and retention on schedule until stopped.

    Every account is collected at start and then at its interval (failing accounts back off and
    recover on their own); new replies are classified after each collection; the weekly report is
    written at `reports.weekly` in the department's time zone. Alert rules (`alerts:` in config) are
    evaluated after every committed page and delivered with retries. Logs go to <data_dir>/logs/engage.log
    and stderr. SIGTERM or Ctrl-C finishes the current page or batch and exits 0; after a crash or
    `kill -9` the next start resumes from the saved cursors. Only one `engage run` per database.
    """
    from engage.daemon.lock import DaemonLock, lock_path_for
    from engage.daemon.logs import setup_logging
    from engage.daemon.scheduler import Daemon

    ctx = app_context(config, db)
    lock = DaemonLock(lock_path_for(ctx.db_path))
    try:
        lock.acquire()
    except OSError as exc:
        fail(f"{lock.path}: cannot create the lock file ({exc.strerror})")
    try:
        log_file = setup_logging(ctx.config.data_path / "logs")
        log.info("engage run: config=%s db=%s log=%s pid=%d", config, ctx.db_path, log_file, os.getpid())
        daemon = Daemon(ctx.config, ctx.db_path, config_path=config, classify=not no_classify)
        clean = daemon.serve()
    finally:
        lock.release()
    if not clean:
        # A job thread is stuck in I/O; its uncommitted page is re-read on the next start.
        logging.shutdown()
        os._exit(0)


def status(
    config: ConfigOpt = Path(DEFAULT_CONFIG),
    db: DbOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object (for monitoring).")] = False,
) -> None:
    """Show collection health per account; exit 1 when something is unhealthy (for monitoring).

    Per account: last success, last error, next run, records collected in 24 h and 7 days, read budget
    used; then the daemon's heartbeat, the active model ids and the unclassified backlog. Unhealthy
    means: no live `engage run` on this database, or an enabled account without a successful
    collection in 3 of its intervals. Safe to run while the daemon runs (it only reads).
    """
    from engage.daemon.status import collect_status, render
    from engage.store import Store

    ctx = app_context(config, db)
    if not ctx.db_path.exists():
        fail(f"{ctx.db_path}: no database yet (start `engage run` or `engage collect`)")
    with Store.open(ctx.db_path, migrate=False) as store:
        report = collect_status(store, ctx.config)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), sort_keys=True, indent=2))
    else:
        render(report, ctx.config)
    if not report.healthy:
        raise typer.Exit(1)
