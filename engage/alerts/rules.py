"""What raises an alert: urgent replies, SLA at risk, spikes, stalled collection.

Each evaluation reads the database and returns :class:`NewAlert` values; it never sends anything.
Urgent rules read forward from a watermark (the ``posts`` rowid for phrases, the ``classifications`` id
for the classifier), so every reply is looked at once however many pages commit at once, and a crash
between a page's commit and its evaluation only delays it. Spikes and stalls are episodes: one alert
when one starts, none while it lasts.
"""

from __future__ import annotations

import json
import re
import statistics
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property

from engage import labels
from engage.alerts.outbox import NewAlert, drop_mark, get_mark, set_mark
from engage.alerts.settings import CollectionStalledRule, Schedule, SlaAtRiskRule, SpikeRule, UrgentRule
from engage.config import Config
from engage.schema import PUBLIC_REPLY_WHERE
from engage.store import Store
from engage.timeutil import from_db, to_db
from models.language import NOT_CLASSIFIED

SCAN_BATCH = 500
WEEK = timedelta(days=7)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def fold(text: str) -> str:
    """Case- and accent-insensitive form: NFKD, combining marks dropped, casefolded."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@dataclass(frozen=True)
class PhraseMatcher:
    """Configured phrases matched on word boundaries in folded text (``gas leak`` in "GAS  LEAK!!")."""

    phrases: tuple[str, ...]

    @cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        parts = sorted({r"\s+".join(map(re.escape, fold(p).split())) for p in self.phrases if p.strip()},
                       key=len, reverse=True)
        return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)") if parts else None

    def match(self, text: str) -> str | None:
        """The first configured phrase found in ``text`` (as configured), or ``None``."""
        if self._pattern is None:
            return None
        found = self._pattern.search(fold(text))
        if found is None:
            return None
        hit = " ".join(found.group(0).split())
        return next((p for p in self.phrases if " ".join(fold(p).split()) == hit), hit)


def in_schedule(schedule: Schedule | None, config: Config, now: datetime) -> bool:
    if schedule is None:
        return True
    local = now.astimezone(config.department.tz)
    return WEEKDAYS[local.weekday()] in schedule.days and schedule.start <= local.time() < schedule.end


def _where(row_platform: str, row_account: str) -> str:
    return f"{row_platform}/{row_account}"


# -- urgent ---------------------------------------------------------------------------------------


def _scan(store: Store, mark_key: str, table: str, id_col: str) -> Iterator[tuple[int, int]]:
    """(low, high] id ranges from the rule's watermark up to the table's current maximum."""
    low = int(get_mark(store, mark_key) or 0)
    high = store.db.execute(f"SELECT coalesce(max({id_col}), 0) FROM {table}").fetchone()[0]  # noqa: S608 - constants
    while low < high:
        top = min(high, low + SCAN_BATCH * 20)
        yield low, top
        low = top


def urgent_by_phrase(store: Store, config: Config, rule: UrgentRule, now: datetime) -> list[NewAlert]:
    """Public replies stored since the last look whose text contains one of the rule's phrases."""
    mark_key = f"{rule.name}:posts"
    if not rule.keywords:
        return []
    matcher = PhraseMatcher(tuple(rule.keywords))
    quiet = not in_schedule(rule.schedule, config, now)
    oldest = to_db(now - timedelta(hours=rule.max_age_hours))
    found: list[NewAlert] = []
    for low, high in _scan(store, mark_key, "posts", "rowid"):
        if not quiet:
            for row in store.db.execute(
                "SELECT uid, platform, account, text FROM posts WHERE rowid > ? AND rowid <= ?"  # noqa: S608
                f" AND {PUBLIC_REPLY_WHERE} AND tombstoned_at IS NULL"
                " AND created_at >= ?",
                [low, high, oldest],
            ):
                phrase = matcher.match(row[3] or "")
                if phrase:
                    found.append(NewAlert(
                        key=f"{rule.name}:{row[0]}", rule=rule.name, kind="urgent", uid=row[0],
                        title=f"Urgent reply on {_where(row[1], row[2])} (phrase '{phrase}')",
                        detail={"source": "phrase", "phrase": phrase},
                    ))
        set_mark(store, mark_key, str(high), now)
    return found


def urgent_by_classifier(store: Store, config: Config, rule: UrgentRule, now: datetime) -> list[NewAlert]:
    """Public replies the active urgent model labelled yes since the last look (recent ones only).

    "Yes" is the model card's threshold; ``min_score`` can raise it. Replies collected or created more
    than ``max_age_hours`` ago never alert, so a model upgrade that relabels history stays quiet. A reply
    in a language no urgent model reads (label ``NOT_CLASSIFIED``) was never screened for danger: it is
    raised too, as one a person who reads the language must look at (``min_score`` cannot apply to it).
    """
    mark_key = f"{rule.name}:classifications"
    if not rule.classifier:
        return []
    quiet = not in_schedule(rule.schedule, config, now)
    oldest = to_db(now - timedelta(hours=rule.max_age_hours))
    found: list[NewAlert] = []
    for low, high in _scan(store, mark_key, "classifications", "id"):
        if not quiet:
            for row in store.db.execute(
                "SELECT p.uid, p.platform, p.account, c.scores, c.label,"  # noqa: S608
                f" {labels.current_label('language', 'p.uid')}"
                " FROM classifications c JOIN posts p ON p.uid = c.uid"
                " WHERE c.id > ? AND c.id <= ? AND c.task = 'urgent' AND c.label IN ('yes', ?)"
                f" AND c.model_id = {labels.model_id('urgent')}"
                f" AND {PUBLIC_REPLY_WHERE} AND p.tombstoned_at IS NULL"
                " AND p.created_at >= ? AND p.collected_at >= ?",
                [low, high, NOT_CLASSIFIED, oldest, oldest],
            ):
                if row[4] == NOT_CLASSIFIED:
                    found.append(NewAlert(
                        key=f"{rule.name}:{row[0]}", rule=rule.name, kind="urgent", uid=row[0],
                        title=f"Reply on {_where(row[1], row[2])} needs a person:"
                              f" cannot read {row[5] or 'its language'}",
                        detail={"source": "cannot_read", "language": row[5]},
                    ))
                    continue
                score = _yes_score(row[3])
                if rule.min_score is not None and (score is None or score < rule.min_score):
                    continue
                found.append(NewAlert(
                    key=f"{rule.name}:{row[0]}", rule=rule.name, kind="urgent", uid=row[0],
                    title=f"Urgent reply on {_where(row[1], row[2])} (classifier"
                          + (f", score {score:.2f})" if score is not None else ")"),
                    detail={"source": "classifier", "score": score},
                ))
        set_mark(store, mark_key, str(high), now)
    return found


def _yes_score(scores: str | None) -> float | None:
    try:
        value = json.loads(scores or "{}").get("yes")
    except (ValueError, AttributeError):
        return None
    return float(value) if isinstance(value, int | float) else None


# -- SLA at risk ----------------------------------------------------------------------------------


def business_elapsed_hours(config: Config, start: datetime, now: datetime) -> float:
    """Hours of the SLA clock used between ``start`` and ``now`` (business hours when configured)."""
    hours = config.response.business_hours
    if hours is None:
        return (now - start).total_seconds() / 3600
    import numpy as np

    from engage.metrics.business import BusinessClock

    clock = BusinessClock.covering(hours, config.department.tz, start.timestamp(), now.timestamp())
    used = clock(np.array([now.timestamp()]))[0] - clock(np.array([start.timestamp()]))[0]
    return float(used) / 3600


def _sla_wall_span(config: Config) -> timedelta:
    """The longest wall-clock time ``sla_hours`` of business time can take (a bound for the query)."""
    hours = config.response.business_hours
    sla = config.response.sla_hours
    if hours is None:
        return timedelta(hours=sla)
    daily = (datetime.combine(datetime.min, hours.end) - datetime.combine(datetime.min, hours.start))
    weekly_h = len(set(hours.days)) * daily.total_seconds() / 3600
    return WEEK * (sla / weekly_h + 1) + timedelta(days=2)


def sla_at_risk(store: Store, config: Config, rule: SlaAtRiskRule, now: datetime) -> list[NewAlert]:
    """Open actionable replies whose SLA clock is between ``fraction`` and 100% of ``sla_hours``.

    Already-breached replies are not alerted (the handover lists breaches); nor are those the
    department answered (their triage item is no longer open).
    """
    if not in_schedule(rule.schedule, config, now):
        return []
    sla = config.response.sla_hours
    found = []
    for row in store.db.execute(
        "SELECT p.uid, p.platform, p.account, p.created_at FROM triage t JOIN posts p ON p.uid = t.uid"
        " WHERE t.status IN ('new', 'in_progress') AND (t.rank_needs > 0 OR t.rank_urgent > 0)"
        " AND p.tombstoned_at IS NULL AND p.created_at <= ? AND p.created_at >= ?"
        " AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.key = ? || ':' || p.uid)",
        [to_db(now - timedelta(hours=sla * rule.fraction)), to_db(now - _sla_wall_span(config)), rule.name],
    ):
        used = business_elapsed_hours(config, from_db(row[3]), now)
        if rule.fraction * sla <= used < sla:
            found.append(NewAlert(
                key=f"{rule.name}:{row[0]}", rule=rule.name, kind="sla_at_risk", uid=row[0],
                title=f"Reply on {_where(row[1], row[2])} unanswered for {used:.1f} h of the {sla:g} h SLA",
                detail={"used_hours": round(used, 2), "sla_hours": sla},
            ))
    return found


# -- spikes ---------------------------------------------------------------------------------------

def _negative_count(store: Store, start: datetime, end: datetime) -> dict[str, int]:
    n = store.db.execute(
        f"SELECT count(*) FROM posts p WHERE {PUBLIC_REPLY_WHERE} AND p.sentiment_code = 1"  # noqa: S608 - constants
        " AND p.created_at > ? AND p.created_at <= ?",
        [to_db(start), to_db(end)],
    ).fetchone()[0]
    return {"negative": int(n)}


def _post_counts(store: Store, start: datetime, end: datetime) -> dict[str, int]:
    """Public replies per department post (by thread root) created in (start, end]."""
    rows = store.db.execute(
        f"SELECT p.root_uid, count(*) FROM posts p WHERE {PUBLIC_REPLY_WHERE}"  # noqa: S608 - constants
        " AND p.created_at > ? AND p.created_at <= ?"
        " AND EXISTS (SELECT 1 FROM posts d WHERE d.uid = p.root_uid AND d.is_department = 1) GROUP BY p.root_uid",
        [to_db(start), to_db(end)],
    ).fetchall()
    return {row[0]: int(row[1]) for row in rows}


@dataclass(frozen=True)
class SpikeReading:
    subject: str
    count: int
    baseline: float

    def is_spike(self, rule: SpikeRule) -> bool:
        return self.count >= rule.min_count and self.count > rule.multiple * self.baseline


def spike_readings(store: Store, rule: SpikeRule, now: datetime) -> list[SpikeReading]:
    """This window's counts against the median of the same window 1..``baseline_weeks`` weeks ago.

    For ``post_replies`` the baseline is the busiest department post of each earlier window, so a post
    is compared with what a busy post usually gets at that hour of the week.
    """
    window = timedelta(minutes=rule.window_minutes)
    counts = _negative_count if rule.metric == "negative" else _post_counts
    current = counts(store, now - window, now)
    history = []
    for weeks in range(1, rule.baseline_weeks + 1):
        earlier = counts(store, now - weeks * WEEK - window, now - weeks * WEEK)
        history.append(max(earlier.values(), default=0))
    baseline = float(statistics.median(history))
    return [SpikeReading(subject, count, baseline) for subject, count in current.items()]


def spikes(store: Store, config: Config, rule: SpikeRule, now: datetime) -> list[NewAlert]:
    """One alert when a subject's episode starts; the episode ends after a whole window without a spike."""
    window = timedelta(minutes=rule.window_minutes)
    found = []
    quiet = not in_schedule(rule.schedule, config, now)
    spiking = {r.subject: r for r in spike_readings(store, rule, now) if r.is_spike(rule)}
    for subject, reading in spiking.items():
        mark_key = f"{rule.name}:episode:{subject}"
        episode = get_mark(store, mark_key)
        since = json.loads(episode)["since"] if episode else to_db(now)
        set_mark(store, mark_key, json.dumps({"since": since, "last": to_db(now)}), now)
        if episode or quiet:
            continue
        what = "negative replies" if rule.metric == "negative" else "replies to one department post"
        found.append(NewAlert(
            key=f"{rule.name}:{subject}:{since}", rule=rule.name, kind="spike",
            uid=subject if rule.metric == "post_replies" else None,
            title=f"Spike: {reading.count} {what} in {rule.window_minutes} min (usually {reading.baseline:g})",
            detail={"count": reading.count, "baseline": reading.baseline, "subject": subject},
        ))
    _end_episodes(store, f"{rule.name}:episode:", set(spiking), now - window)
    return found


def _end_episodes(store: Store, prefix: str, ongoing: set[str], quiet_since: datetime | None) -> None:
    """Close episodes of ``prefix`` whose subject is not in ``ongoing`` (and last seen before ``quiet_since``)."""
    for key, value in store.db.execute(
        "SELECT key, value FROM alert_marks WHERE substr(key, 1, ?) = ?", [len(prefix), prefix]
    ).fetchall():
        subject = key[len(prefix):]
        if subject in ongoing:
            continue
        if quiet_since is None or from_db(json.loads(value)["last"]) < quiet_since:
            drop_mark(store, key)


# -- collection stalled ---------------------------------------------------------------------------


def collection_stalled(store: Store, config: Config, rule: CollectionStalledRule, now: datetime) -> list[NewAlert]:
    """Accounts ``engage status`` calls unhealthy; one alert per account per stall."""
    from engage.daemon.status import collect_status

    status = collect_status(store, config, now)
    stalled = {f"{a.platform}:{a.handle}": a.problem for a in status.accounts if a.problem}
    found = []
    quiet = not in_schedule(rule.schedule, config, now)
    for subject, problem in stalled.items():
        mark_key = f"{rule.name}:episode:{subject}"
        episode = get_mark(store, mark_key)
        if episode:
            continue
        since = to_db(now)
        set_mark(store, mark_key, json.dumps({"since": since, "last": since}), now)
        if not quiet:
            found.append(NewAlert(key=f"{rule.name}:{subject}:{since}", rule=rule.name, kind="collection_stalled",
                                  title=f"Collection stalled: {problem}", detail={"account": subject}))
    _end_episodes(store, f"{rule.name}:episode:", set(stalled), None)
    return found
