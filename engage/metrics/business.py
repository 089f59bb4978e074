"""Business-hours clock: how many seconds of configured business time lie between two instants.

Built once per report as a table of the business windows (local start/end on each business day,
converted to UTC with ``zoneinfo`` so DST shifts the windows correctly), then read vectorised: the
business seconds up to instant *t* are the completed windows before it plus the part of the current
one. A response time in business hours is ``clock(answered) - clock(created)``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from engage.config import BusinessHours

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class BusinessClock:
    """Cumulative business seconds since the first window, for epoch-second arrays."""

    def __init__(self, hours: BusinessHours, tz: ZoneInfo, first: date, last: date) -> None:
        open_days = {WEEKDAYS.index(d) for d in hours.days}
        starts, ends = [], []
        day = first
        while day <= last:
            if day.weekday() in open_days:
                starts.append(datetime.combine(day, hours.start, tzinfo=tz).timestamp())
                ends.append(datetime.combine(day, hours.end, tzinfo=tz).timestamp())
            day += timedelta(days=1)
        self.starts = np.array(starts, dtype=np.float64)
        lengths = np.array(ends, dtype=np.float64) - self.starts
        self.lengths = lengths
        self.before = np.concatenate(([0.0], np.cumsum(lengths)[:-1])) if lengths.size else lengths

    @classmethod
    def covering(cls, hours: BusinessHours, tz: ZoneInfo, lo: float, hi: float) -> BusinessClock:
        """A clock whose windows cover the epoch seconds [lo, hi] (with a day's margin each side)."""
        first = datetime.fromtimestamp(lo, tz).date() - timedelta(days=1)
        last = datetime.fromtimestamp(hi, tz).date() + timedelta(days=1)
        return cls(hours, tz, first, last)

    def __call__(self, t: np.ndarray) -> np.ndarray:
        t = np.asarray(t, dtype=np.float64)
        if self.starts.size == 0:
            return np.zeros_like(t)
        i = np.searchsorted(self.starts, t, side="right") - 1
        inside = i >= 0
        j = np.clip(i, 0, None)
        partial = np.clip(t - self.starts[j], 0.0, self.lengths[j])
        return np.where(inside, self.before[j] + partial, 0.0)
