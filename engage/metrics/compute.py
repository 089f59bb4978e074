"""The metrics of docs/metrics.md per period, platform, account and topic.

``compute_metrics`` streams the two frames for a time range and aggregates them in numpy: group
keys are small integer codes, each group is a slice of one sort, and the Kaplan-Meier curve runs on
that slice. Every figure for a period is as it stood at the period's end (or now, if earlier): an
answer after that moment counts as not yet answered (censored), so re-running an old report gives
the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

import numpy as np

import engage.metrics.periods as P
from engage.config import Config
from engage.metrics.business import BusinessClock
from engage.metrics.definitions import METRICS_VERSION
from engage.metrics.frame import DepartmentFrame, ReplyFrame, department_frame, reply_frame
from engage.metrics.stats import Interval, Survival, kaplan_meier, naive_quantile, net_sentiment, wilson
from engage.store import Store
from engage.timeutil import utcnow

Dimension = Literal["week", "day", "platform", "account", "topic"]
DIMENSIONS: tuple[str, ...] = ("week", "day", "platform", "account", "topic")
ALL = "all"


@dataclass
class MetricRow:
    """Every figure for one group. Times are in hours; ``None`` = not defined (or not reached)."""

    period: str
    period_start: str
    period_end: str
    platform: str
    account: str
    topic: str
    public_replies: int
    actionable: int
    answered: int
    answered_elsewhere: int  # of ``answered``: first answered off the platform (phone, direct message, in person)
    response_rate: float | None
    response_rate_low: float | None
    response_rate_high: float | None
    within_sla: int
    sla_rate: float | None
    sla_rate_low: float | None
    sla_rate_high: float | None
    frt_median_h: float | None
    frt_median_low_h: float | None
    frt_median_high_h: float | None
    frt_p90_h: float | None
    frt_naive_median_h: float | None
    frt_business_median_h: float | None
    frt_business_p90_h: float | None
    collection_delay_median_h: float | None
    collection_delay_p90_h: float | None
    imported: int  # public replies imported without a collection time (no collection delay)
    department_posts: int | None
    department_responses: int | None
    engagement: int | None
    engagement_rate: float | None
    conversation_ratio: float | None
    classified: int
    positive: int
    neutral: int
    negative: int
    net_sentiment: float | None
    net_sentiment_low: float | None
    net_sentiment_high: float | None
    metrics_version: str = METRICS_VERSION

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def interval(self, name: str) -> Interval | None:
        low, high = getattr(self, f"{name}_low"), getattr(self, f"{name}_high")
        return None if low is None or high is None else Interval(low, high)


@dataclass
class GroupResult:
    """A row plus the survival curve behind it (the weekly report draws the curve)."""

    row: MetricRow
    survival: Survival


def _hours(seconds: float | None) -> float | None:
    return None if seconds is None else seconds / 3600.0


def _ratio(num: float, den: float) -> float | None:
    return None if den <= 0 else float(num) / float(den)


def response_clock(frame: ReplyFrame, as_of: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For actionable replies: created, end of the response clock, and whether it ended in an answer.

    The clock ends at the first response if that came by ``as_of``: a department response on the
    platform or an answer recorded as given elsewhere, whichever was first; otherwise at ``as_of``
    (censored). Answers before the reply (clock skew) count as immediate.
    """
    act = frame.actionable
    created = frame.created[act]
    answered_at = np.fmin(frame.answered[act], frame.elsewhere[act])  # fmin: NaN only when both are
    done = np.isfinite(answered_at) & (answered_at <= as_of)
    return created, np.maximum(np.where(done, answered_at, as_of), created), done


def first_answered_elsewhere(frame: ReplyFrame, as_of: float) -> np.ndarray:
    """For actionable replies (as :func:`response_clock`): whose first answer by ``as_of`` was off the
    platform (a public answer at the same moment counts as the public one)."""
    act = frame.actionable
    public, elsewhere = frame.answered[act], frame.elsewhere[act]
    with np.errstate(invalid="ignore"):
        return (elsewhere <= as_of) & ~(public <= elsewhere)


def reply_figures(
    frame: ReplyFrame, as_of: float, sla_hours: float, clock: BusinessClock | None
) -> tuple[dict[str, Any], Survival]:
    """The reply-side figures of one group, as they stood at epoch second ``as_of``."""
    created, ends, done = response_clock(frame, as_of)
    elsewhere = int(np.count_nonzero(first_answered_elsewhere(frame, as_of)))
    durations = ends - created
    survival = kaplan_meier(durations, done)
    within = int(np.count_nonzero(done & (durations <= sla_hours * 3600.0)))
    n_act, n_done = int(created.size), int(done.sum())
    rate, sla = wilson(n_done, n_act), wilson(within, n_act)
    med_low, med_high = survival.median_interval()
    business_median = business_p90 = None
    if clock is not None and created.size:
        business = kaplan_meier(clock(ends) - clock(created), done)
        business_median, business_p90 = business.median, business.p90
    delay = frame.collected - frame.created
    pos = int(np.count_nonzero(frame.sentiment == 3))
    neu = int(np.count_nonzero(frame.sentiment == 2))
    neg = int(np.count_nonzero(frame.sentiment == 1))
    classified = pos + neu + neg
    net, net_ci = net_sentiment(pos, neg, classified)
    figures = {
        "public_replies": len(frame),
        "actionable": n_act,
        "answered": n_done,
        "answered_elsewhere": elsewhere,
        "response_rate": _ratio(n_done, n_act),
        "response_rate_low": rate.low if rate else None,
        "response_rate_high": rate.high if rate else None,
        "within_sla": within,
        "sla_rate": _ratio(within, n_act),
        "sla_rate_low": sla.low if sla else None,
        "sla_rate_high": sla.high if sla else None,
        "frt_median_h": _hours(survival.median),
        "frt_median_low_h": _hours(med_low),
        "frt_median_high_h": _hours(med_high),
        "frt_p90_h": _hours(survival.p90),
        "frt_naive_median_h": _hours(naive_quantile(durations[done], 0.5)),
        "frt_business_median_h": _hours(business_median),
        "frt_business_p90_h": _hours(business_p90),
        "collection_delay_median_h": _hours(naive_quantile(delay, 0.5)),
        "collection_delay_p90_h": _hours(naive_quantile(delay, 0.9)),
        "imported": int(np.count_nonzero(np.isnan(frame.collected))),
        "classified": classified,
        "positive": pos,
        "neutral": neu,
        "negative": neg,
        "net_sentiment": net,
        "net_sentiment_low": net_ci.low if net_ci else None,
        "net_sentiment_high": net_ci.high if net_ci else None,
    }
    return figures, survival


def department_figures(frame: DepartmentFrame, mask: np.ndarray) -> dict[str, Any]:
    """Posts, engagement, engagement rate and conversation ratio of the department records in ``mask``."""
    posts = mask & frame.is_post
    n_posts = int(posts.sum())
    responses = int(np.count_nonzero(mask & frame.is_response))
    engagement = frame.engagement[posts]
    known = np.isfinite(engagement)
    with_views = posts & np.isfinite(frame.views) & np.isfinite(frame.engagement) & (frame.views > 0)
    views = float(frame.views[with_views].sum())
    return {
        "department_posts": n_posts,
        "department_responses": responses,
        "engagement": int(engagement[known].sum()) if known.any() else None,
        "engagement_rate": float(frame.engagement[with_views].sum()) / views if views > 0 else None,
        "conversation_ratio": _ratio(responses, n_posts),
    }


NO_DEPARTMENT = dict.fromkeys(
    ("department_posts", "department_responses", "engagement", "engagement_rate", "conversation_ratio")
)


def business_clock(config: Config, lo: float, hi: float) -> BusinessClock | None:
    hours = config.response.business_hours
    return None if hours is None else BusinessClock.covering(hours, config.department.tz, lo, hi)


def periods_for(by: Sequence[str], since: datetime, until: datetime, config: Config) -> list[P.Period]:
    """Weeks, days or the whole range as one period (keyed ``since..until`` in local dates)."""
    tz = config.department.tz
    if "week" in by:
        return P.weeks(since, until, tz)
    if "day" in by:
        return P.days(since, until, tz)
    last_day = (until - timedelta(microseconds=1)).astimezone(tz)
    return [P.Period(f"{since.astimezone(tz):%Y-%m-%d}..{last_day:%Y-%m-%d}", since, until)]


def _group_keys(dims: Sequence[str], period_idx: np.ndarray, platform: np.ndarray, account: np.ndarray,
                topic: np.ndarray | None) -> np.ndarray:
    """One int64 key per entry combining the requested dimensions (others are 0)."""
    key = period_idx.astype(np.int64) + 1
    key = key * 100_000 + (platform.astype(np.int64) if "platform" in dims else 0)
    key = key * 100_000 + (account.astype(np.int64) if "account" in dims else 0)
    if topic is not None and "topic" in dims:
        key = key * 10_000 + topic.astype(np.int64)
    else:
        key = key * 10_000
    return key


def _decode(key: int) -> tuple[int, int, int, int]:
    topic = key % 10_000
    key //= 10_000
    account = key % 100_000
    key //= 100_000
    platform = key % 100_000
    return int(key // 100_000) - 1, int(platform), int(account), int(topic)


def aggregate(
    replies: ReplyFrame,
    department: DepartmentFrame | None,
    periods: list[P.Period],
    by: Sequence[str],
    config: Config,
    now: datetime,
) -> list[GroupResult]:
    """Group both frames by ``by`` and compute every figure; groups with no records are still listed
    for each period (an empty week is a finding, not a missing row)."""
    now_s = now.timestamp()
    ends = np.array([min(p.end.timestamp(), now_s) for p in periods])
    r_period = P.period_index(replies.created, periods)
    r_key = _group_keys(by, r_period, replies.platform, replies.account, replies.topic)
    d_key = np.empty(0, dtype=np.int64)
    if department is not None:
        d_period = P.period_index(department.created, periods)
        d_key = _group_keys(by, d_period, department.platform, department.account, None)
    wanted = set(np.unique(r_key[r_period >= 0]).tolist())
    if "topic" not in by and department is not None:
        wanted |= set(np.unique(d_key[P.period_index(department.created, periods) >= 0]).tolist())
    if not (set(by) & {"platform", "account", "topic"}):
        wanted |= {int(_group_keys(by, np.array([i]), np.zeros(1), np.zeros(1), None)[0])
                   for i in range(len(periods))}
    order = np.argsort(r_key, kind="stable")
    sorted_keys = r_key[order]
    lo_all = float(replies.created.min()) if len(replies) else periods[0].start.timestamp()
    clock = business_clock(config, min(lo_all, periods[0].start.timestamp()), float(ends.max()))
    results = []
    for key in sorted(wanted):
        p_idx, plat, acc, top = _decode(key)
        left, right = np.searchsorted(sorted_keys, [key, key + 1])
        group = replies.subset(order[left:right])
        figures, survival = reply_figures(group, float(ends[p_idx]), config.response.sla_hours, clock)
        dept = NO_DEPARTMENT
        if department is not None and "topic" not in by:
            dept = department_figures(department, d_key == key)
        period = periods[p_idx]
        row = MetricRow(
            period=period.key, period_start=period.start.isoformat(), period_end=period.end.isoformat(),
            platform=replies.platforms.names[plat] if "platform" in by else ALL,
            account=replies.accounts.names[acc] if "account" in by else ALL,
            topic=replies.topics.names[top] if "topic" in by and replies.topics.names else ALL,
            **figures, **dept,
        )
        results.append(GroupResult(row, survival))
    return results


def compute_metrics(
    store: Store,
    config: Config,
    since: datetime,
    until: datetime,
    by: Sequence[str] = ("week",),
    *,
    now: datetime | None = None,
) -> list[MetricRow]:
    """Every figure of docs/metrics.md for public replies and department posts in [since, until).

    ``by`` is any of week|day (at most one), platform, account, topic; with week or day the range is
    cut into ISO weeks / local days of the department's time zone (whole periods).
    """
    return [g.row for g in compute_groups(store, config, since, until, by, now=now)]


def compute_groups(
    store: Store, config: Config, since: datetime, until: datetime, by: Sequence[str] = ("week",),
    *, now: datetime | None = None,
) -> list[GroupResult]:
    """As :func:`compute_metrics`, keeping each group's survival curve."""
    unknown = [d for d in by if d not in DIMENSIONS]
    if unknown:
        raise ValueError(f"unknown grouping {unknown[0]!r} (use {', '.join(DIMENSIONS)})")
    if "week" in by and "day" in by:
        raise ValueError("group by week or by day, not both")
    periods = periods_for(by, since, until, config)
    if not periods:
        return []
    lo, hi = periods[0].start, periods[-1].end
    replies = reply_frame(store, lo, hi, with_topics="topic" in by)
    department = None if "topic" in by else department_frame(
        store, lo, hi, platforms=replies.platforms, accounts=replies.accounts
    )
    return aggregate(replies, department, periods, by, config, now or utcnow())
