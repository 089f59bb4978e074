"""Net sentiment per period over a longer span, cheaply: only each reply's time and sentiment label.

The weekly summary's trend needs no response times, so it reads two columns per reply instead of
the full reply frame, and counts labels per period with ``np.bincount``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engage.metrics.frame import CHUNK, SENTIMENT_SQL, epoch_sql
from engage.metrics.periods import Period, period_index
from engage.metrics.stats import net_sentiment
from engage.store import Store
from engage.timeutil import to_db


@dataclass(frozen=True)
class TrendPoint:
    period: str
    classified: int
    positive: int
    neutral: int
    negative: int
    net_sentiment: float | None
    net_sentiment_low: float | None
    net_sentiment_high: float | None


def sentiment_trend(store: Store, periods: list[Period]) -> list[TrendPoint]:
    """Sentiment counts and net sentiment (with its 95% interval) of public replies per period."""
    sql = f"""
        SELECT {epoch_sql('r.created_at')}, {SENTIMENT_SQL} FROM posts r
        WHERE r.is_public_reply = 1 AND r.created_at >= ? AND r.created_at < ?
    """  # noqa: S608 - fixed fragments, values are parameters
    counts = np.zeros((len(periods), 4), dtype=np.int64)
    cursor = store.db.conn.execute(sql, [to_db(periods[0].start), to_db(periods[-1].end)])
    while rows := cursor.fetchmany(CHUNK):
        created, sentiment = (np.array(col, dtype=np.float64) for col in zip(*rows, strict=True))
        idx = period_index(created, periods)
        keep = idx >= 0
        flat = idx[keep] * 4 + sentiment[keep].astype(np.int64)
        counts += np.bincount(flat, minlength=len(periods) * 4).reshape(len(periods), 4)
    out = []
    for period, (_, neg, neu, pos) in zip(periods, counts.tolist(), strict=True):
        classified = neg + neu + pos
        net, ci = net_sentiment(pos, neg, classified)
        out.append(TrendPoint(period.key, classified, pos, neu, neg, net, ci.low if ci else None,
                              ci.high if ci else None))
    return out
