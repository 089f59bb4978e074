"""The weekly leadership summary: the figures of one ISO week, compared with the week before.

``build_weekly`` gathers everything the one-page summary shows (as plain data, no formatting);
``engage.reports.writer`` renders and writes it. Figures are as they stood at the week's end (see engage.metrics).
"""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np

from engage import labels
from engage.answering.moderation import hidden_by_reason
from engage.config import Config
from engage.metrics import periods as P
from engage.metrics.compute import GroupResult, MetricRow, aggregate, response_clock
from engage.metrics.definitions import SMALL_SAMPLE
from engage.metrics.frame import (
    FIRST_RESPONSE_SQL,
    SEP,
    Codes,
    department_frame,
    replies_by_uid,
    reply_frames,
)
from engage.metrics.health import ConnectorHealth, collection_health
from engage.metrics.quality import TaskQuality, model_quality
from engage.metrics.trend import TrendPoint, sentiment_trend
from engage.schema import SENTIMENT_CODES
from engage.store import Store, connect
from engage.timeutil import from_db, to_db, utcnow

TREND_WEEKS = 12
TOP_POSTS = 5
URGENT_LIMIT = 25
EXCERPT = 280
FRT_BUCKETS = ((1, "within 1 hour"), (4, "1 to 4 hours"), (24, "4 to 24 hours"), (72, "1 to 3 days"),
               (float("inf"), "more than 3 days"))
HANDLE = re.compile(r"(?<![\w@])@[\w.\-]+")


@dataclass
class Change:
    """A week-over-week comparison of one figure: ``kind`` is up, down, same, small or none."""

    kind: str
    text: str
    good: bool | None = None


@dataclass
class Example:
    topic: str
    sentiment: str
    text: str
    platform: str
    when: datetime


@dataclass
class TopPost:
    text: str
    platform: str
    account: str
    when: datetime
    url: str | None
    likes: int | None
    replies: int | None
    reposts: int | None
    quotes: int | None
    views: int | None
    engagement: int
    public_replies: int

    @property
    def rate(self) -> float | None:
        return self.engagement / self.views if self.views else None


@dataclass
class UrgentItem:
    text: str
    platform: str
    when: datetime
    status: str
    answered_after_h: float | None
    handled: bool


@dataclass
class WeeklyReport:
    department: str
    tz_name: str
    week: P.Period
    previous: P.Period
    generated_at: datetime
    this: GroupResult
    last: GroupResult
    trend: list[TrendPoint]
    topics: list[MetricRow]
    examples: dict[str, list[Example]]
    frt_buckets: list[tuple[str, int]]
    unanswered_at_end: int
    top_posts: list[TopPost]
    urgent: list[UrgentItem]
    urgent_total: int
    health: list[ConnectorHealth]
    quality: list[TaskQuality]
    sla_hours: float
    business_hours: str | None
    changes: dict[str, Change] = field(default_factory=dict)
    hidden: list[tuple[str, int]] = field(default_factory=list)  # comments hidden this week, by reason

    @property
    def model_ids(self) -> dict[str, str]:
        return {q.task: q.model_id for q in self.quality}

    @property
    def gaps(self) -> list[ConnectorHealth]:
        return [h for h in self.health if h.gaps]

    @property
    def never_collected(self) -> bool:
        return all(not h.ever_ran for h in self.health)

    def local(self, instant: datetime) -> datetime:
        """``instant`` on the department's wall clock (what every date in the report shows)."""
        return instant.astimezone(ZoneInfo(self.tz_name))


def mask_handles(text: str, department_handles: set[str]) -> str:
    """Hide @handles of members of the public inside quoted text (department handles stay)."""

    def repl(match: re.Match[str]) -> str:
        return match.group(0) if match.group(0)[1:].lower() in department_handles else "@[someone]"

    return HANDLE.sub(repl, text)


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """One line of at most ``limit`` characters, control characters removed."""
    flat = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def compare(now: float | None, before: float | None, now_ci: Any, before_ci: Any, n_now: int, n_before: int,
            *, higher_is_better: bool, fmt: Any) -> Change:
    """The verdict on a change: a change only when the 95% intervals do not overlap."""
    if now is None or before is None:
        return Change("none", "no comparison (no figure for one of the weeks)")
    if min(n_now, n_before) < SMALL_SAMPLE:
        return Change("small", f"small sample (n={n_now} vs {n_before}): no clear change can be called")
    if now_ci is None or before_ci is None or now_ci.overlaps(before_ci):
        return Change("same", f"no clear change (last week {fmt(before)})")
    up = now > before
    good = up == higher_is_better
    return Change("up" if up else "down", f"{'up' if up else 'down'} from {fmt(before)}", good)


def _interval(low: float | None, high: float | None) -> Any:
    from engage.metrics.stats import Interval

    if low is None:
        return None
    return Interval(low, float("inf") if high is None else high)


def _changes(this: MetricRow, last: MetricRow) -> dict[str, Change]:
    pct = lambda v: f"{v:.0%}"  # noqa: E731
    hours = lambda v: f"{v:.1f} h"  # noqa: E731
    net = lambda v: f"{v:+.2f}"  # noqa: E731
    return {
        "response_rate": compare(this.response_rate, last.response_rate, this.interval("response_rate"),
                                 last.interval("response_rate"), this.actionable, last.actionable,
                                 higher_is_better=True, fmt=pct),
        "sla_rate": compare(this.sla_rate, last.sla_rate, this.interval("sla_rate"), last.interval("sla_rate"),
                            this.actionable, last.actionable, higher_is_better=True, fmt=pct),
        "frt_median": compare(this.frt_median_h, last.frt_median_h,
                              _interval(this.frt_median_low_h, this.frt_median_high_h),
                              _interval(last.frt_median_low_h, last.frt_median_high_h),
                              this.actionable, last.actionable, higher_is_better=False, fmt=hours),
        "net_sentiment": compare(this.net_sentiment, last.net_sentiment, this.interval("net_sentiment"),
                                 last.interval("net_sentiment"), this.classified, last.classified,
                                 higher_is_better=True, fmt=net),
    }


def _examples(store: Store, week: P.Period, handles: set[str], per_topic: int = 3) -> dict[str, list[Example]]:
    """Per topic, the most confidently labelled non-abusive reply of each sentiment (up to ``per_topic``).

    Ties go to the earlier reply. Replies whose text was removed (deleted, past retention) are skipped.
    Labels and scores are read for every reply of the week (in uid order, see ``replies_by_uid``); the
    text only for the leading candidates, since reading a reply's row is the expensive part.
    """
    sql = f"""
        SELECT r.uid, r.platform, r.created_at, {labels.current_labels('topics', 'r.uid')}, r.sentiment_code,
               COALESCE({labels.current_labels('abusive', 'r.uid')}, '') = 'yes',
               ({labels.model('topics', 'scores', 'r.uid')})
        FROM {replies_by_uid()}
    """  # noqa: S608 - fixed fragments, values are parameters
    ranked: dict[tuple[str, str], list[tuple[float, str, str, str]]] = {}
    for row in store.db.conn.execute(sql, [to_db(week.start), to_db(week.end)]):
        uid, platform, created, topic_labels, code, abusive, scores = row
        if abusive or not topic_labels:
            continue
        score_map = json.loads(scores) if scores else {}
        for topic in topic_labels.split(SEP):
            if topic != "none":
                ranked.setdefault((topic, SENTIMENT_CODES.get(code, "unlabelled")), []).append(
                    (-float(score_map.get(topic, 0.0)), created, uid, platform))
    best = {key: _first_with_text(store, sorted(candidates)) for key, candidates in ranked.items()}
    out: dict[str, list[Example]] = {}
    for (topic, sentiment), found in sorted(best.items()):
        items = out.setdefault(topic, [])
        if found is not None and len(items) < per_topic:
            text, platform, created = found
            items.append(Example(topic, sentiment, excerpt(mask_handles(text, handles)), platform, from_db(created)))
    return out


def _first_with_text(store: Store, candidates: list[tuple[float, str, str, str]], batch: int = 8,
                     ) -> tuple[str, str, str] | None:
    """Text, platform and time of the first candidate (best score, then earliest) whose text is still there."""
    for start in range(0, len(candidates), batch):
        chunk = candidates[start:start + batch]
        marks = ", ".join("?" * len(chunk))
        texts = dict(store.db.execute(
            f"SELECT uid, text FROM posts WHERE uid IN ({marks})"  # noqa: S608 - placeholders only
            " AND tombstoned_at IS NULL AND length(trim(text)) > 0",
            [c[2] for c in chunk],
        ).fetchall())
        for _, created, uid, platform in chunk:
            if uid in texts:
                return texts[uid], platform, created
    return None


def _top_posts(store: Store, week: P.Period) -> list[TopPost]:
    rows = store.db.execute(
        """
        SELECT d.text, d.platform, d.account, d.created_at, d.url, d.likes, d.replies, d.reposts, d.quotes, d.views,
               COALESCE(d.likes, 0) + COALESCE(d.replies, 0) + COALESCE(d.reposts, 0) + COALESCE(d.quotes, 0) AS eng,
               (SELECT COUNT(*) FROM posts r WHERE r.parent_uid = d.uid AND +r.is_public_reply = 1)
        FROM posts d
        WHERE d.is_department = 1 AND d.kind = 'post' AND d.created_at >= ? AND d.created_at < ?
        ORDER BY eng DESC, d.created_at LIMIT ?
        """,
        [to_db(week.start), to_db(week.end), TOP_POSTS],
    ).fetchall()
    return [
        TopPost(excerpt(text), plat, acc, from_db(created), url, lk, rp, rs, qt, vw, int(eng), int(nrep))
        for text, plat, acc, created, url, lk, rp, rs, qt, vw, eng, nrep in rows
    ]


def _urgent(store: Store, week: P.Period, handles: set[str], now: datetime) -> tuple[list[UrgentItem], int]:
    """Replies labelled urgent this week and what happened to each (as of now, not the week's end)."""
    sql = f"""
        SELECT (SELECT p.text FROM posts p WHERE p.uid = r.uid), r.platform, r.created_at,
               COALESCE((SELECT g.status FROM triage g WHERE g.uid = r.uid), 'new'), {FIRST_RESPONSE_SQL},
               EXISTS (SELECT 1 FROM audit_log al WHERE al.uid = r.uid AND al.field = 'status'
                       AND al.actor <> 'system'), r.row_id
        FROM {replies_by_uid()}
        WHERE COALESCE({labels.current_labels('urgent', 'r.uid')}, '') = 'yes'
    """  # noqa: S608 - fixed fragments, values are parameters
    rows = sorted(store.db.execute(sql, [to_db(week.start), to_db(week.end)]).fetchall(),
                  key=lambda row: (row[2], row[6]))
    items = []
    for text, platform, created, status, answered, by_person, _ in rows:
        created_at = from_db(created)
        after = (from_db(answered) - created_at).total_seconds() / 3600.0 if answered else None
        if after is not None:
            state = f"answered after {after:.1f} h"
        elif status == "escalated":
            state = "escalated (no public answer)"
        elif status == "no_action" and by_person:
            state = "reviewed: no action needed"
        else:
            state = f"not handled (triage: {status.replace('_', ' ')})"
        handled = after is not None or status == "escalated" or (status == "no_action" and bool(by_person))
        items.append(UrgentItem(excerpt(mask_handles(text, handles)) if text else "(text removed)", platform,
                                created_at, state, after, handled))
    items.sort(key=lambda i: (i.handled, i.when))
    return items[:URGENT_LIMIT], len(items)


def build_weekly(store: Store, config: Config, week: P.Period, *, now: datetime | None = None) -> WeeklyReport:
    """Everything the weekly summary shows for ``week`` (an ISO week in the department's zone)."""
    now = now or utcnow()
    tz = config.department.tz
    first = P.shift_week(week, -(TREND_WEEKS - 1), tz)
    previous = P.shift_week(week, -1, tz)
    handles = {a.handle.lower() for a in config.accounts}
    trend_weeks = P.weeks(first.start, previous.start, tz)
    if store.path is None or not store.path.is_file():  # in memory: no second door, one read after the other
        report = _main_sections(store, config, week, previous, now, handles)
        earlier, report.examples, report.quality = _side_sections(store, week, trend_weeks, handles)
    else:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="weekly-report") as pool:
            side = pool.submit(_side_sections_apart, store.path, week, trend_weeks, handles)
            report = _main_sections(store, config, week, previous, now, handles)
            earlier, report.examples, report.quality = side.result()
    report.trend = from_first_data([*earlier, *report.trend])
    report.hidden = hidden_by_reason(store, week.start, week.end)
    return report


def from_first_data(trend: list[TrendPoint]) -> list[TrendPoint]:
    """The trend from its first week with classified replies (a new install's empty weeks are not a finding);
    the report's own week is always kept."""
    first = next((i for i, point in enumerate(trend) if point.classified), len(trend) - 1)
    return trend[first:]


def _side_sections(store: Store, week: P.Period, trend_weeks: list[P.Period], handles: set[str],
                   ) -> tuple[list[TrendPoint], dict[str, list[Example]], list[TaskQuality]]:
    """The trend's earlier weeks, the example replies and the model quality."""
    return sentiment_trend(store, trend_weeks), _examples(store, week, handles), model_quality(store, week)


def _side_sections_apart(path: Path, week: P.Period, trend_weeks: list[P.Period], handles: set[str],
                         ) -> tuple[list[TrendPoint], dict[str, list[Example]], list[TaskQuality]]:
    """The side sections on a connection of their own, while the calling thread reads the rest.

    SQLite releases Python's lock while it steps through a query, so two connections keep both
    cores busy (a third off the report's time at a million replies). In WAL mode each connection
    reads a consistent snapshot; if a collection commits in between, the sections may differ by
    that commit's replies, as any two reads a moment apart would.
    """
    db = connect(path)
    try:
        return _side_sections(Store(db, path), week, trend_weeks, handles)
    finally:
        db.conn.close()


def _main_sections(store: Store, config: Config, week: P.Period, previous: P.Period, now: datetime,
                   handles: set[str]) -> WeeklyReport:
    platforms, accounts = Codes(), Codes()
    # One read of the two weeks' replies serves the headline figures, the response-time buckets and
    # (this week's part) the topic table.
    replies, replies_by_topic = reply_frames(store, previous.start, week.end, platforms=platforms,
                                             accounts=accounts)
    dept = department_frame(store, previous.start, week.end, platforms=platforms, accounts=accounts)
    last, this = aggregate(replies, dept, [previous, week], ("week",), config, now)

    in_week = (replies.created >= week.start.timestamp()) & (replies.created < week.end.timestamp())
    created, ends, done = response_clock(replies.subset(in_week), min(week.end, now).timestamp())
    hours = (ends - created)[done] / 3600.0
    buckets, lower = [], 0.0
    for upper, label in FRT_BUCKETS:
        buckets.append((label, int(np.count_nonzero((hours >= lower) & (hours < upper)))))
        lower = upper

    topic_frame = replies_by_topic.subset((replies_by_topic.created >= week.start.timestamp())
                                          & (replies_by_topic.created < week.end.timestamp()))
    topic_rows = [g.row for g in aggregate(topic_frame, None, [week], ("topic",), config, now)]
    topic_rows.sort(key=lambda r: (-r.public_replies, r.topic))
    bh = config.response.business_hours
    report = WeeklyReport(
        department=config.department.name,
        tz_name=config.department.timezone,
        week=week,
        previous=previous,
        generated_at=now,
        this=this,
        last=last,
        # The last two points are the weeks counted above (same labels, same rule); the earlier weeks
        # come from the side sections.
        trend=[_trend_point(last.row), _trend_point(this.row)],
        topics=topic_rows,
        examples={},
        frt_buckets=buckets,
        unanswered_at_end=int(np.count_nonzero(~done)),
        top_posts=_top_posts(store, week),
        urgent=[],
        urgent_total=0,
        health=collection_health(store, config, week, now),
        quality=[],
        sla_hours=config.response.sla_hours,
        business_hours=(f"{', '.join(d.capitalize() for d in bh.days)} {bh.start:%H:%M}-{bh.end:%H:%M}"
                        if bh else None),
    )
    report.urgent, report.urgent_total = _urgent(store, week, handles, now)
    report.changes = _changes(this.row, last.row)
    return report


def _trend_point(row: MetricRow) -> TrendPoint:
    return TrendPoint(row.period, row.classified, row.positive, row.neutral, row.negative, row.net_sentiment,
                      row.net_sentiment_low, row.net_sentiment_high)


def resolve_week(config: Config, week: str | None, now: datetime | None = None) -> P.Period:
    """``week`` (``2026-W47``) in the department zone, or the last full ISO week before now."""
    tz = config.department.tz
    return P.iso_week(week, tz) if week else P.last_full_week(now or utcnow(), tz)
