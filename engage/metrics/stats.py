"""The statistics behind the figures: Kaplan-Meier response times and the 95% intervals.

Small and vectorised on purpose (numpy only): every report calls these per group, and each is a
few lines that a reviewer can check against a textbook.

- Kaplan-Meier: unanswered replies are right-censored at the end of the period, so the median
  response time is not flattered by dropping the replies nobody answered.
- Response rates: Wilson score interval.
- Net sentiment (positive share minus negative share, from one multinomial sample): the adjusted
  Wald interval of Bonett and Price (2012) for a difference of dependent proportions, which adds
  one pseudo-count to each of the two shares and two to n; unlike the plain Wald interval it stays
  wide when a handful of replies all agree.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Z95 = 1.959963984540054


@dataclass(frozen=True)
class Interval:
    low: float
    high: float

    def overlaps(self, other: Interval) -> bool:
        return self.low <= other.high and other.low <= self.high


@dataclass(frozen=True)
class Survival:
    """A Kaplan-Meier curve: at each distinct event time, the share still unanswered and its band."""

    times: np.ndarray
    surv: np.ndarray
    low: np.ndarray
    high: np.ndarray
    n: int
    events: int

    def quantile(self, answered_share: float, curve: np.ndarray | None = None) -> float | None:
        """The first time by which ``answered_share`` of replies were answered; None if not reached.

        Read off the step curve as the smallest event time t with S(t) <= 1 - share (the usual
        Kaplan-Meier convention): never interpolated between two answers, so with answers at 15 and
        90 minutes the median is 15 minutes, the time by which half had their answer.
        """
        values = self.surv if curve is None else curve
        hit = np.flatnonzero(values <= 1.0 - answered_share + 1e-12)
        return float(self.times[hit[0]]) if hit.size else None

    @property
    def median(self) -> float | None:
        return self.quantile(0.5)

    @property
    def p90(self) -> float | None:
        return self.quantile(0.9)

    def median_interval(self) -> tuple[float | None, float | None]:
        """95% interval of the median (Brookmeyer-Crowley on the log-log band); None = not reached."""
        return self.quantile(0.5, self.low), self.quantile(0.5, self.high)

    def at(self, t: float) -> float:
        """The share still unanswered at time ``t``."""
        i = np.searchsorted(self.times, t, side="right") - 1
        return 1.0 if i < 0 else float(self.surv[i])


def kaplan_meier(durations: np.ndarray, answered: np.ndarray) -> Survival:
    """Kaplan-Meier estimate of "still unanswered after t" from durations and event flags.

    ``durations`` are seconds from the reply to its first answer (``answered`` True) or to the
    censoring time (False). A reply censored at the same time as an answer is still at risk at
    that time (the usual convention). The band is Greenwood's variance on the log(-log) scale.
    """
    durations = np.asarray(durations, dtype=np.float64)
    answered = np.asarray(answered, dtype=bool)
    n = durations.size
    if n == 0:
        empty = np.empty(0)
        return Survival(empty, empty, empty, empty, 0, 0)
    order = np.argsort(durations, kind="stable")
    t, e = durations[order], answered[order]
    times, first, counts = np.unique(t, return_index=True, return_counts=True)
    deaths = np.add.reduceat(e.astype(np.int64), first)
    at_risk = n - np.concatenate(([0], np.cumsum(counts)[:-1]))
    keep = deaths > 0
    times, deaths, at_risk = times[keep], deaths[keep], at_risk[keep]
    surv = np.cumprod(1.0 - deaths / at_risk)
    with np.errstate(divide="ignore", invalid="ignore"):
        greenwood = np.cumsum(deaths / (at_risk * (at_risk - deaths)))
        log_s = np.log(surv)
        se = np.sqrt(greenwood) / np.abs(log_s)
        v = np.log(-log_s)
        low = np.exp(-np.exp(v + Z95 * se))
        high = np.exp(-np.exp(v - Z95 * se))
    done = surv <= 0.0
    low[done], high[done] = 0.0, 0.0
    low, high = np.nan_to_num(low, nan=0.0), np.nan_to_num(high, nan=1.0)
    return Survival(times, surv, low, high, n, int(answered.sum()))


def wilson(successes: int, n: int) -> Interval | None:
    """Wilson score 95% interval of a proportion; None when n is 0."""
    if n <= 0:
        return None
    p = successes / n
    denom = 1 + Z95**2 / n
    centre = (p + Z95**2 / (2 * n)) / denom
    half = Z95 * np.sqrt(p * (1 - p) / n + Z95**2 / (4 * n * n)) / denom
    return Interval(float(max(0.0, centre - half)), float(min(1.0, centre + half)))


def net_sentiment(positive: int, negative: int, n: int) -> tuple[float | None, Interval | None]:
    """Net sentiment (pos - neg) / n and its Bonett-Price adjusted Wald 95% interval."""
    if n <= 0:
        return None, None
    net = (positive - negative) / n
    p_pos, p_neg = (positive + 1) / (n + 2), (negative + 1) / (n + 2)
    diff = p_pos - p_neg
    half = Z95 * np.sqrt(max(p_pos + p_neg - diff**2, 0.0) / (n + 2))
    return net, Interval(float(max(-1.0, diff - half)), float(min(1.0, diff + half)))


def naive_quantile(values: np.ndarray, q: float) -> float | None:
    """The quantile a spreadsheet gives (PERCENTILE.INC: linear between order statistics); None when empty.

    Its median is the conventional one, the mean of the two middle values of an even count (answers
    after 15 and 90 minutes: 52.5), so the naive figure matches a hand check. NaN values (unknown
    times) are left out.
    """
    values = values[~np.isnan(values)]
    if values.size == 0:
        return None
    return float(np.quantile(values, q, method="linear"))
