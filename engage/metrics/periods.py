"""Reporting periods in the department's time zone: ISO weeks and local days, as UTC instants.

Weeks are ISO weeks (Monday 00:00 to the next Monday 00:00) on the department's wall clock, so a
week that contains a DST change is 167 or 169 hours long; the boundaries are computed with
``zoneinfo`` and stored as UTC, which is what every query compares against.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from engage.timeutil import parse_iso

WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True)
class Period:
    """A half-open interval [start, end) of UTC instants with a human key (``2026-W47``, ``2026-11-16``)."""

    key: str
    start: datetime
    end: datetime

    def label(self, tz: ZoneInfo) -> str:
        """The local dates it spans, e.g. ``Mon 16 Nov - Sun 22 Nov 2026``."""
        first = self.start.astimezone(tz)
        last = (self.end - timedelta(microseconds=1)).astimezone(tz)
        if first.date() == last.date():
            return f"{first:%a %d %b %Y}"
        return f"{first:%a %d %b} - {last:%a %d %b %Y}"


def local_midnight(day: date, tz: ZoneInfo) -> datetime:
    """The UTC instant of 00:00 on ``day`` in ``tz`` (DST-correct)."""
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)


def parse_week(key: str) -> tuple[int, int]:
    """``"2026-W47"`` as (year, week), or ValueError with the expected form."""
    match = WEEK_RE.match(key.strip())
    if not match:
        raise ValueError(f"week {key!r} is not of the form 2026-W47")
    year, week = int(match.group(1)), int(match.group(2))
    try:
        date.fromisocalendar(year, week, 1)
    except ValueError:
        raise ValueError(f"week {key!r} does not exist (ISO year {year} has no week {week})") from None
    return year, week


def iso_week(key: str, tz: ZoneInfo) -> Period:
    """The ISO week ``key`` in ``tz`` as a UTC period."""
    year, week = parse_week(key)
    monday = date.fromisocalendar(year, week, 1)
    return Period(key, local_midnight(monday, tz), local_midnight(monday + timedelta(days=7), tz))


def week_of(instant: datetime, tz: ZoneInfo) -> Period:
    """The ISO week (in ``tz``) that contains ``instant``."""
    year, week, _ = instant.astimezone(tz).isocalendar()
    return iso_week(f"{year}-W{week:02d}", tz)


def shift_week(period: Period, weeks: int, tz: ZoneInfo) -> Period:
    """The ISO week ``weeks`` after (negative: before) ``period``."""
    monday = period.start.astimezone(tz).date() + timedelta(weeks=weeks)
    year, week, _ = monday.isocalendar()
    return iso_week(f"{year}-W{week:02d}", tz)


def last_full_week(now: datetime, tz: ZoneInfo) -> Period:
    """The most recent ISO week that has ended by ``now`` (in ``tz``)."""
    return shift_week(week_of(now, tz), -1, tz)


def parse_bound(value: str, tz: ZoneInfo, *, end: bool) -> datetime:
    """A ``--since``/``--until`` value: a date (local day), an ISO week or an ISO datetime with offset.

    An ``end`` date or week is inclusive (its bound is the next day's or week's start).
    """
    text = value.strip()
    if WEEK_RE.match(text):
        week = iso_week(text, tz)
        return week.end if end else week.start
    if len(text) == 10:
        day = datetime.strptime(text, "%Y-%m-%d").date()  # noqa: DTZ007 - a calendar date, no time
        return local_midnight(day + timedelta(days=1) if end else day, tz)
    return parse_iso(text, what="--until" if end else "--since")


def weeks(since: datetime, until: datetime, tz: ZoneInfo) -> list[Period]:
    """Every ISO week overlapping [since, until), whole weeks (the caller widened the range)."""
    out = []
    current = week_of(since, tz)
    while current.start < until:
        out.append(current)
        current = shift_week(current, 1, tz)
    return out


def days(since: datetime, until: datetime, tz: ZoneInfo) -> list[Period]:
    """Every local day overlapping [since, until)."""
    out = []
    day = since.astimezone(tz).date()
    while True:
        start = local_midnight(day, tz)
        if start >= until:
            return out
        out.append(Period(day.isoformat(), start, local_midnight(day + timedelta(days=1), tz)))
        day += timedelta(days=1)


def epoch(instant: datetime) -> float:
    return instant.timestamp()


def boundaries(periods: list[Period]) -> np.ndarray:
    """Contiguous periods' start instants plus the last end, as epoch seconds (for ``searchsorted``)."""
    return np.array([p.start.timestamp() for p in periods] + [periods[-1].end.timestamp()], dtype=np.float64)


def period_index(times: np.ndarray, periods: list[Period]) -> np.ndarray:
    """For each epoch second in ``times``, the index of its period (-1 when outside all of them)."""
    edges = boundaries(periods)
    idx = np.searchsorted(edges, times, side="right") - 1
    idx[(idx < 0) | (idx >= len(periods))] = -1
    return idx
