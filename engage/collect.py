"""Running a connector into the store: one ``runs`` row per run, one transaction per page.

The page is the unit of atomicity: its records, its cursor and the reads it cost commit together,
so a crash at any point followed by a re-run gives the same rows as an uninterrupted run, and the
read budget counts exactly what was paid for.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from connectors.base import AccountRef, CollectContext, Connector, ConnectorError, Page
from connectors.waits import WaitInterrupted, stoppable
from engage.answering.sending import reconcile as reconcile_sent_answers
from engage.config import Account, Config
from engage.connectors_factory import build_connector
from engage.errors import error_line
from engage.platforms import platforms
from engage.store import Store, UpsertCounts
from engage.timeutil import to_db, utcnow

log = logging.getLogger(__name__)


@dataclass
class RunSummary:
    run_id: int
    platform: str
    account: str
    outcome: str = "ok"
    fetched: int = 0
    counts: UpsertCounts = field(default_factory=UpsertCounts)
    reads: int = 0
    user_reads: int = 0
    rejected: list[str] = field(default_factory=list)
    flagged: int = 0
    error: str | None = None
    seconds: float = 0.0

    def line(self) -> str:
        """The one log line a run leaves (grep-able key=value pairs)."""
        return (
            f"collect platform={self.platform} account={self.account} outcome={self.outcome} "
            f"fetched={self.fetched} new={self.counts.new} updated={self.counts.updated} "
            f"deleted={self.counts.deleted} skipped={len(self.rejected)} flagged={self.flagged} reads={self.reads} "
            f"seconds={self.seconds:.1f}" + (f" error={self.error!r}" if self.error else "")
        )


def month_start(now: datetime) -> datetime:
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def reads_this_month(store: Store, platform: str, now: datetime | None = None) -> int:
    """Billable reads recorded for ``platform`` since the start of the current UTC month."""
    since = to_db(month_start(now or utcnow()))
    row = store.db.execute(
        "SELECT COALESCE(SUM(reads), 0) FROM runs WHERE platform = ? AND started_at >= ?", [platform, since]
    ).fetchone()
    return int(row[0])


def monthly_cap(config: Config, platform: str) -> int | None:
    """The platform's billable-read cap per month (its ``PLATFORM.monthly_read_cap``); ``None``: not billed."""
    spec = platforms().get(platform)
    return None if spec is None else spec.monthly_read_cap(config.collection_for(platform))


def build_context(store: Store, config: Config, account: Account) -> CollectContext:
    now = utcnow()
    siblings = config.accounts_for(account.platform)
    cap = monthly_cap(config, account.platform)
    budget = None if cap is None else max(0, cap - reads_this_month(store, account.platform, now))
    watch_since = now - timedelta(days=config.collection.watch_days)
    return CollectContext(
        account=AccountRef(account.platform, account.handle, account.user_id, account.label),
        cursors=store.get_cursors(account.platform, account.handle),
        watched=store.watched_threads(account.platform, account.handle, watch_since),
        read_budget=budget,
        department_handles=frozenset(a.handle.lower() for a in siblings),
        department_ids=frozenset(a.user_id for a in siblings if a.user_id),
        now=now,
        recheck=store.replies_in_threads(account.platform, account.handle, watch_since),
        parent_of=store.parent_of,
    )


def run_connector(
    store: Store,
    connector: Connector,
    ctx: CollectContext,
    *,
    on_page: Callable[[Page, UpsertCounts], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    contain: bool = False,
) -> RunSummary:
    """Drive ``connector`` to the end (or until ``should_stop``), committing page by page.

    Reads are counted on the run as the connector makes them (``ctx.count_reads``), apart from the
    page transactions, so a page that never commits still counts against the budget. An exception
    other than ConnectorError is recorded on the run and re-raised, unless ``contain`` (one account
    of many: the run fails with its one line and the caller goes on).
    """
    platform, account = ctx.account.platform, ctx.account.handle
    started = time.monotonic()
    with store.run("collect", platform=platform, account=account) as run:
        summary = RunSummary(run.id, platform, account)

        def count_reads(posts: int, users: int) -> None:
            store.add_reads(run.id, posts)
            summary.reads += posts
            summary.user_reads += users

        waits, wait_s = 0, 0.0
        try:
            for page in connector.collect(replace(ctx, count_reads=count_reads)):
                with store.db.atomic():
                    counts = store.upsert_records(page.records, collected_elsewhere=page.collected_elsewhere)
                    reconcile_sent_answers(store, page.records)
                    if page.cursor is not None:
                        store.set_cursor(platform, account, page.stream, page.cursor)
                    summary.fetched += len(page.records)
                    summary.counts += counts
                    summary.rejected.extend(page.rejected)
                    summary.flagged += sum(bool(r.flags) for r in page.records)
                    waits += page.rate_limit_waits
                    wait_s += page.rate_limit_wait_s
                    run.count(fetched=summary.fetched, new=summary.counts.new, updated=summary.counts.updated,
                              skipped=len(summary.rejected))
                for line in page.rejected:
                    log.warning("skipped %s", line)
                for record in page.records:
                    if record.flags:
                        log.warning("kept %s with odd field(s): %s", record.uid, "; ".join(record.flags))
                if on_page:
                    on_page(page, counts)
                if page.budget_exhausted:
                    summary.outcome = "budget"
                    log.warning(
                        "collect platform=%s account=%s: monthly read budget reached; collection resumes next month",
                        platform, account,
                    )
                    break
                if should_stop and should_stop():
                    summary.outcome = "stopped"
                    break
        except WaitInterrupted:  # a connector's rate-limit or backoff wait cut short by should_stop
            summary.outcome = "stopped"
        except ConnectorError as exc:  # recorded on the run; anything else is too (by Store.run), then re-raised
            summary.outcome, summary.error = "error", error_line(exc)
        except Exception as exc:
            if not contain or isinstance(exc, sqlite3.Error):  # a damaged database stops every account
                raise
            # A connector's bug (a plug-in's too): this account's run fails with one line, the
            # traceback goes to the debug log (--verbose), and the caller goes on to the next account.
            log.debug("collect platform=%s account=%s failed", platform, account, exc_info=True)
            summary.outcome, summary.error = "error", error_line(exc)
        finally:
            summary.seconds = time.monotonic() - started
            run.details = {"rejected": summary.rejected[:100]}
            if waits:  # throttling the platform asked for (collection health shows it)
                run.details |= {"rate_limit_waits": waits, "rate_limit_wait_s": round(wait_s, 1)}
        if summary.rejected and summary.outcome == "ok":
            summary.outcome = "partial"
        run.outcome, run.error = summary.outcome, summary.error
        run.details |= {"deleted": summary.counts.deleted, "user_reads": summary.user_reads,
                        "flagged": summary.flagged}
    return summary


def collect_account(
    store: Store,
    config: Config,
    account: Account,
    *,
    connector: Connector | None = None,
    on_page: Callable[[Page, UpsertCounts], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    settle_seconds: float = 0.0,
) -> RunSummary:
    """Collect one configured account with its platform's connector (built from config unless given).

    ``settle_seconds``: an inbox folder's files changed more recently are left for the next run (the
    daemon's, so a file still being copied in is not imported half).

    An account that cannot be collected at all (a credential env var not set, a platform without a
    live connector) gets an ``error`` run with that one line, so the caller goes on to the next.
    """
    if connector is None:
        try:
            connector = build_connector(config, account, settle_seconds=settle_seconds)
        except Exception as exc:  # noqa: BLE001 - a plug-in's bug too: this account fails, the others go on
            return _failed_build(store, account, exc)
    ctx = build_context(store, config, account)
    with stoppable(should_stop):  # a connector's rate-limit or backoff wait ends when should_stop does
        return run_connector(store, connector, ctx, on_page=on_page, should_stop=should_stop, contain=True)


def _failed_build(store: Store, account: Account, exc: Exception) -> RunSummary:
    """An ``error`` run for an account whose connector could not be built, with one line saying why.

    A ConnectorError is the operator's to fix (a variable not set); anything else is a connector's
    bug, whose traceback goes to the debug log (``--verbose``) rather than the terminal.
    """
    if not isinstance(exc, ConnectorError):
        log.debug("building the %s connector failed", account.platform, exc_info=True)
    with store.run("collect", platform=account.platform, account=account.handle) as run:
        run.fail(error_line(exc))
    return RunSummary(run.id, account.platform, account.handle, outcome="error", error=run.error)
