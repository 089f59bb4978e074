"""Collection health per connector for a period: runs, errors, gaps, rate-limit waits, budget spent.

A report that hides a collection outage reports an outage as silence. So every report carries this
table, and a week with a gap says so on its first page. A gap is a stretch longer than three
collection intervals (at least an hour) with no successful run of that connector, counting the
stretches from the period's start to the first run and from the last run to the period's end.
File imports have no gaps: their records were collected elsewhere, and a week without an import
is not a week without collection. Rate-limit waits are read from the run's ``details`` JSON
(``rate_limit_waits``, ``rate_limit_wait_s``) when the connector recorded them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from engage.config import Config
from engage.metrics.periods import Period
from engage.store import Store
from engage.timeutil import from_db, to_db

MIN_GAP = timedelta(hours=1)


@dataclass
class Gap:
    start: datetime
    end: datetime

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600.0


@dataclass
class ConnectorHealth:
    platform: str
    account: str
    runs: int = 0
    errors: int = 0
    budget_stops: int = 0
    interrupted: int = 0  # runs whose process was killed or crashed (the next run resumed them)
    reads: int = 0
    cost_usd: float | None = None
    rate_limit_waits: int = 0
    rate_limit_wait_s: float = 0.0
    first: datetime | None = None
    last: datetime | None = None
    gaps: list[Gap] = field(default_factory=list)
    last_error: str | None = None
    ever_ran: bool = True
    imported: bool = False  # a file import (records collected elsewhere): a quiet spell is not a gap

    @property
    def gap_hours(self) -> float:
        return sum(g.hours for g in self.gaps)


def _threshold(config: Config, platform: str, account: str) -> timedelta:
    interval = config.collection.interval_minutes
    for acc in config.accounts:
        if acc.platform == platform and acc.handle == account:
            interval = config.interval_for(acc)
    return max(MIN_GAP, timedelta(minutes=3 * interval))


def collection_health(store: Store, config: Config, period: Period, now: datetime) -> list[ConnectorHealth]:
    """Health of every configured connector (and any other that ran) over ``period`` as of ``now``."""
    end = min(period.end, now)
    keys = {(a.platform, a.handle) for a in config.accounts if a.enabled}
    ever = {(r[0], r[1]) for r in store.db.execute(
        "SELECT DISTINCT platform, account FROM runs WHERE kind = 'collect' AND platform IS NOT NULL")}
    rows = store.db.execute(
        "SELECT platform, account, started_at, ended_at, outcome, reads, error,"
        " COALESCE(json_extract(details, '$.rate_limit_waits'), 0),"
        " COALESCE(json_extract(details, '$.rate_limit_wait_s'), 0)"
        " FROM runs WHERE kind = 'collect' AND started_at >= ? AND started_at < ? ORDER BY started_at",
        [to_db(period.start), to_db(end)],
    )
    out: dict[tuple[str, str], ConnectorHealth] = {k: ConnectorHealth(*k, ever_ran=k in ever) for k in keys}
    good: dict[tuple[str, str], list[datetime]] = {k: [] for k in keys}
    for platform, account, started, ended, outcome, reads, error, waits, wait_s in rows:
        key = (platform, account)
        health = out.setdefault(key, ConnectorHealth(platform, account))
        started_at = from_db(started)
        health.runs += 1
        health.reads += int(reads or 0)
        health.rate_limit_waits += int(waits)
        health.rate_limit_wait_s += float(wait_s)
        health.first = health.first or started_at
        health.last = from_db(ended) if ended else started_at
        if outcome == "error":
            health.errors += 1
            health.last_error = error
        else:
            good.setdefault(key, []).append(started_at)
        health.budget_stops += outcome == "budget"
        health.interrupted += outcome == "interrupted"
    for key, health in out.items():
        if health.platform == "x":
            health.cost_usd = health.reads * config.collection.x.post_read_usd
        health.imported = health.platform == "file"
        if not health.ever_ran or health.imported:
            continue
        limit = _threshold(config, *key)
        marks = [period.start, *good.get(key, []), end]
        health.gaps = [Gap(a, b) for a, b in zip(marks, marks[1:], strict=False) if b - a > limit]
    return sorted(out.values(), key=lambda h: (h.platform, h.account))
