"""Net sentiment per period over a longer span, cheaply: counted in SQL, one GROUP BY per period.

The weekly summary's trend needs no response times, so SQLite counts each period's replies per
current sentiment (``posts.sentiment_code``, the same rule as every other figure) and only four
numbers per period reach Python. Each period is one range of migration 8's covering index of public
replies, which carries the code: no posts row and no label is read.
"""

from __future__ import annotations

from dataclasses import dataclass

from engage.metrics.periods import Period
from engage.metrics.stats import net_sentiment
from engage.schema import PUBLIC_REPLY_SPAN_INDEX, PUBLIC_REPLY_WHERE
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


TREND_SQL = (f"SELECT sentiment_code, COUNT(*) FROM posts INDEXED BY {PUBLIC_REPLY_SPAN_INDEX}"  # noqa: S608
             f" WHERE {PUBLIC_REPLY_WHERE} AND created_at >= ? AND created_at < ? GROUP BY sentiment_code")


def sentiment_trend(store: Store, periods: list[Period]) -> list[TrendPoint]:
    """Sentiment counts and net sentiment (with its 95% interval) of public replies per period."""
    counts = [[0, 0, 0, 0] for _ in periods]  # unlabelled, negative, neutral, positive
    for row, period in zip(counts, periods, strict=True):
        for code, n in store.db.conn.execute(TREND_SQL, [to_db(period.start), to_db(period.end)]):
            row[code] = n
    out = []
    for period, (_, neg, neu, pos) in zip(periods, counts, strict=True):
        classified = neg + neu + pos
        net, ci = net_sentiment(pos, neg, classified)
        out.append(TrendPoint(period.key, classified, pos, neu, neg, net, ci.low if ci else None,
                              ci.high if ci else None))
    return out
