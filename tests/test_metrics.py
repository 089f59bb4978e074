"""Metrics on hand-built fixtures: every expected value is worked out by hand in the docstring.

The department zone is America/Chicago. 2026-W47 is Mon 16 Nov 06:00 UTC to Mon 23 Nov 06:00 UTC
(CST, UTC-6). US daylight saving time ends Sun 1 Nov 2026 at 02:00 CDT, inside 2026-W44.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from connectors.base import Record
from engage.config import Config
from engage.metrics import compute_metrics, iso_week
from engage.metrics.business import BusinessClock
from engage.metrics.stats import kaplan_meier, net_sentiment, wilson
from engage.store import Store

CHI = ZoneInfo("America/Chicago")
H = timedelta(hours=1)
LATER = datetime(2027, 1, 1, tzinfo=UTC)  # "now" long after every fixture week


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=CHI).astimezone(UTC)


def make_config(**response: object) -> Config:
    return Config.model_validate({
        "department": {"name": "Riverton Police Department", "timezone": "America/Chicago"},
        "accounts": [{"platform": "x", "handle": "RivertonPD"}],
        "response": {"sla_hours": 24, **response},
    })


def label(store: Store, task: str, labels: dict[str, str], model_id: str = "m@1") -> None:
    """Store ``labels`` (uid -> label) for ``task`` from an active model ``model_id``."""
    store.activate_model(task, model_id, sorted(set(labels.values())))
    store.save_classifications(
        [{"uid": uid, "task": task, "model_id": model_id, "label": lab, "scores": {lab: 0.9}}
         for uid, lab in labels.items()]
    )


@pytest.fixture
def week47(store: Store, make_record: Callable[..., Record]) -> Store:
    """One department post and six public replies in 2026-W47.

    - r1 Tue 17 Nov 10:00: answered at 12:00 and again at 15:00 (the first answer counts: 2 h)
    - r2 Tue 10:00: answered at 11:00 (1 h) by d2; the department then answered its own answer
      (d2b, parent d2) which answers no public reply
    - r3 Tue 11:15: a public reply to the department's answer d2, answered at 11:45 (0.5 h)
    - r4 Wed 09:00: never answered (censored at the week's end)
    - r5 Sun 22 Nov 21:00: answered Mon 23 Nov 02:00, after the week's end (censored at 3 h in W47)
    - r6 Tue 10:00: praise, not actionable, answered after 1 h (not in the response rate)
    """
    mk = make_record
    post = mk("p1", is_department=True, kind="post", created_at=local(2026, 11, 16, 9),
              metrics={"likes": 10, "replies": 6, "reposts": 3, "quotes": 1, "views": 1000})
    recs = [
        post,
        mk("r1", parent_uid="x:p1", created_at=local(2026, 11, 17, 10)),
        mk("d1", is_department=True, parent_uid="x:r1", created_at=local(2026, 11, 17, 12)),
        mk("d1b", is_department=True, parent_uid="x:r1", created_at=local(2026, 11, 17, 15)),
        mk("r2", parent_uid="x:p1", created_at=local(2026, 11, 17, 10)),
        mk("d2", is_department=True, parent_uid="x:r2", created_at=local(2026, 11, 17, 11)),
        mk("d2b", is_department=True, parent_uid="x:d2", created_at=local(2026, 11, 17, 11, 5)),
        mk("r3", parent_uid="x:d2", created_at=local(2026, 11, 17, 11, 15)),
        mk("d3", is_department=True, parent_uid="x:r3", created_at=local(2026, 11, 17, 11, 45)),
        mk("r4", parent_uid="x:p1", created_at=local(2026, 11, 18, 9)),
        mk("r5", parent_uid="x:p1", created_at=local(2026, 11, 22, 21)),
        mk("d5", is_department=True, parent_uid="x:r5", created_at=local(2026, 11, 23, 2)),
        mk("r6", parent_uid="x:p1", created_at=local(2026, 11, 17, 10)),
        mk("d6", is_department=True, parent_uid="x:r6", created_at=local(2026, 11, 17, 11)),
    ]
    with store.db.conn:
        store.upsert_records(recs)
    label(store, "needs_response", {f"x:r{i}": "yes" for i in range(1, 6)} | {"x:r6": "no"})
    label(store, "sentiment", {"x:r1": "negative", "x:r2": "neutral", "x:r3": "positive", "x:r4": "negative",
                               "x:r5": "negative", "x:r6": "positive"}, "s@1")
    return store


def w47(store: Store, config: Config | None = None, by: tuple[str, ...] = ("week",), now: datetime = LATER):
    week = iso_week("2026-W47", CHI)
    rows = compute_metrics(store, config or make_config(), week.start, week.end, by, now=now)
    return rows


def test_kaplan_meier_by_hand() -> None:
    """Durations 1..5 h, answered at 1, 2, 4; censored at 3, 5.

    S(1) = 4/5 = 0.8; S(2) = 0.8 * 3/4 = 0.6; at 4 h two remain at risk: S(4) = 0.6 * 1/2 = 0.3.
    Median = first t with S <= 0.5 = 4 h; p90 needs S <= 0.1: not reached.
    """
    km = kaplan_meier(np.array([1.0, 2, 3, 4, 5]), np.array([True, True, False, True, False]))
    np.testing.assert_allclose(km.surv, [0.8, 0.6, 0.3])
    assert km.median == 4.0
    assert km.p90 is None
    low, high = km.median_interval()
    assert low is not None and low <= 4.0 and (high is None or high >= 4.0)


def test_wilson_and_net_sentiment_intervals_by_hand() -> None:
    """Wilson 8/10: centre (0.8 + 1.96²/20)/(1 + 1.96²/10) = 0.7167, half-width 0.2266 -> 0.490..0.943.

    Net sentiment of 3 replies, all positive: net = 1. Bonett-Price: p+ = (3+1)/5 = 0.8,
    p- = 1/5 = 0.2, d = 0.6, var = (0.8 + 0.2 - 0.36)/5 = 0.128, half = 1.96 * 0.3578 = 0.701
    -> -0.101 .. 1.0 (clipped): wide, as three replies deserve.
    """
    ci = wilson(8, 10)
    assert ci is not None
    assert ci.low == pytest.approx(0.4902, abs=1e-4) and ci.high == pytest.approx(0.9433, abs=1e-4)
    net, interval = net_sentiment(3, 0, 3)
    assert net == 1.0
    assert interval is not None
    assert interval.low == pytest.approx(-0.1013, abs=1e-3) and interval.high == 1.0
    assert net_sentiment(0, 0, 0) == (None, None)


def test_week_response_figures_by_hand(week47: Store) -> None:
    """Actionable: r1..r5 (r6 is praise) = 5. Answered by the week's end: r1, r2, r3 = 3 -> 60%.

    r5's answer came after the week ended, so in W47 it is censored (3 h), not answered.
    KM over r3 0.5 h, r2 1 h, r1 2 h (answers), r5 3 h and r4 (~117 h) censored:
    S(0.5) = 4/5 = 0.8, S(1) = 0.8 * 3/4 = 0.6, S(2) = 0.6 * 2/3 = 0.4 -> median 2 h.
    p90: S never reaches 0.1 -> None. Naive median of answered (0.5, 1, 2) = 1 h: it flatters.
    Within 24 h SLA: 3 of 5. Department: 1 post; responses to public replies = d1, d1b, d2, d3, d6 = 5
    (d2b answers the department's own answer; d5 falls in W48) -> conversation ratio 5.
    Engagement 10 + 6 + 3 + 1 = 20, of 1000 views -> 2%. Sentiment over all 6 replies:
    pos 2 (r3, r6), neg 3, neu 1 -> net (2 - 3)/6 = -0.1667.
    """
    [row] = w47(week47)
    assert (row.public_replies, row.actionable, row.answered, row.within_sla) == (6, 5, 3, 3)
    assert row.response_rate == pytest.approx(0.6)
    assert row.frt_median_h == pytest.approx(2.0)
    assert row.frt_p90_h is None
    assert row.frt_naive_median_h == pytest.approx(1.0)
    assert row.department_posts == 1 and row.department_responses == 5
    assert row.conversation_ratio == pytest.approx(5.0)
    assert row.engagement == 20 and row.engagement_rate == pytest.approx(0.02)
    assert (row.positive, row.neutral, row.negative) == (2, 1, 3)
    assert row.net_sentiment == pytest.approx(-1 / 6)
    assert row.net_sentiment_low < row.net_sentiment < row.net_sentiment_high


def test_human_correction_and_triage_mark_make_a_reply_actionable(week47: Store) -> None:
    """A person corrects r6 (praise) to needs_response=yes: actionable 6, answered 4 (r6 after 1 h) -> 4/6.
    A person then also escalates r6 in triage: still counted once."""
    week47.db["corrections"].insert({"uid": "x:r6", "task": "needs_response", "label": "yes", "actor": "ana",
                                     "at": "2026-11-18T10:00:00.000+00:00"})
    week47.db["audit_log"].insert({"uid": "x:r6", "at": "2026-11-18T10:00:00.000+00:00", "actor": "ana",
                                   "field": "status", "before": "responded", "after": "escalated"})
    [row] = w47(week47)
    assert (row.actionable, row.answered) == (6, 4)
    assert row.response_rate == pytest.approx(4 / 6)


def test_triage_status_set_by_the_system_does_not_make_a_reply_actionable(week47: Store) -> None:
    """r6 is 'responded' in triage because the department answered it (actor system): not actionable."""
    assert week47.db.execute("SELECT status FROM triage WHERE uid = 'x:r6'").fetchone()[0] == "responded"
    [row] = w47(week47)
    assert row.actionable == 5


def test_empty_week_is_a_row_of_zeros(store: Store) -> None:
    """No records at all: one row for W47 with zero counts and undefined rates (never 0% or 100%)."""
    [row] = w47(store)
    assert (row.public_replies, row.actionable, row.answered, row.department_posts) == (0, 0, 0, 0)
    assert row.response_rate is None and row.frt_median_h is None and row.net_sentiment is None
    assert row.conversation_ratio is None and row.engagement is None


def test_topic_with_three_replies_has_a_wide_interval(week47: Store) -> None:
    """Topics: r1, r4, r5 are 'traffic' (all negative) and r2, r3, r6 'events'. Traffic: n = 3, net = -1;
    Bonett-Price: p+ = 1/5, p- = 4/5, d = -0.6, half-width 0.701 -> -1.0 .. +0.101 (clipped)."""
    label(week47, "topics", {"x:r1": "traffic", "x:r4": "traffic", "x:r5": "traffic",
                             "x:r2": "events", "x:r3": "events", "x:r6": "events"}, "t@1")
    rows = {r.topic: r for r in w47(week47, by=("topic",))}
    traffic = rows["traffic"]
    assert traffic.public_replies == 3 and traffic.negative == 3
    assert traffic.net_sentiment == -1.0
    assert traffic.net_sentiment_low == -1.0
    assert traffic.net_sentiment_high == pytest.approx(0.1013, abs=1e-3)
    assert rows["events"].public_replies == 3 and rows["events"].department_posts is None


def test_dst_week_boundaries_and_business_hours(store: Store, make_record: Callable[..., Record]) -> None:
    """2026-W44 (Mon 26 Oct CDT to Mon 2 Nov CST) has 169 hours: it starts 05:00 UTC, ends 06:00 UTC.

    A reply at Sun 1 Nov 23:30 CST (Mon 05:30 UTC) is still in W44; a fixed UTC-5 offset would put it
    in W45. Reply Fri 30 Oct 17:00 CDT answered Mon 2 Nov 09:00 CST: wall clock 22:00 UTC -> 15:00 UTC
    = 65 h (the extra hour of the DST change); business hours Mon-Fri 08-18: Fri 17-18 + Mon 08-09 = 2 h.
    """
    w44 = iso_week("2026-W44", CHI)
    assert (w44.start, w44.end) == (datetime(2026, 10, 26, 5, tzinfo=UTC), datetime(2026, 11, 2, 6, tzinfo=UTC))
    mk = make_record
    with store.db.conn:
        store.upsert_records([
            mk("p", is_department=True, kind="post", created_at=local(2026, 10, 30, 8)),
            mk("late", parent_uid="x:p", created_at=local(2026, 11, 1, 23, 30)),
            mk("fri", parent_uid="x:p", created_at=local(2026, 10, 30, 17)),
            mk("ans", is_department=True, parent_uid="x:fri", created_at=local(2026, 11, 2, 9)),
        ])
    label(store, "needs_response", {"x:fri": "yes"})
    config = make_config(business_hours={"days": ["mon", "tue", "wed", "thu", "fri"], "start": "08:00",
                                         "end": "18:00"})
    rows = compute_metrics(store, config, w44.start, w44.end + timedelta(days=7), ("week",), now=LATER)
    assert [(r.period, r.public_replies) for r in rows] == [("2026-W44", 2), ("2026-W45", 0)]
    # In W44 the answer (Mon 2 Nov) is after the week's end: compute over both weeks as one period.
    [whole] = compute_metrics(store, config, w44.start, w44.end + timedelta(days=7), ("platform",), now=LATER)
    assert whole.frt_median_h == pytest.approx(65.0)
    assert whole.frt_business_median_h == pytest.approx(2.0)
    clock = BusinessClock(config.response.business_hours, CHI, w44.start.date(), w44.end.date())
    seconds = clock(np.array([local(2026, 10, 30, 17).timestamp(), local(2026, 11, 2, 9).timestamp()]))
    assert seconds[1] - seconds[0] == pytest.approx(2 * 3600)


def test_replies_created_before_and_answered_after_the_week_end(week47: Store) -> None:
    """r5 (Sun 21:00, answered Mon 02:00) is unanswered in W47 and absent from W48 (created in W47):
    W48 has no public replies; its one department record, d5, is a response (ratio undefined: no posts)."""
    week = iso_week("2026-W47", CHI)
    rows = compute_metrics(week47, make_config(), week.start, week.end + timedelta(days=7), ("week",), now=LATER)
    w47_row, w48_row = rows
    assert w47_row.answered == 3 and w47_row.actionable == 5
    assert w48_row.public_replies == 0 and w48_row.department_responses == 1
    assert w48_row.conversation_ratio is None


def test_grouping_by_platform_and_account(week47: Store, make_record: Callable[..., Record]) -> None:
    """A reddit reply joins the same week: by platform, x keeps its 6 replies and reddit has 1."""
    with week47.db.conn:
        week47.upsert_records([make_record("rr", platform="reddit", account="RivertonPD_Official",
                                           created_at=local(2026, 11, 18, 10))])
    rows = {r.platform: r for r in w47(week47, by=("week", "platform"))}
    assert rows["x"].public_replies == 6 and rows["reddit"].public_replies == 1
    assert rows["x"].department_posts == 1 and rows["reddit"].department_posts == 0


def test_unknown_grouping_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="unknown grouping"):
        w47(store, by=("month",))


def test_naive_median_is_the_conventional_median_and_km_reads_the_step(
    store: Store, make_record: Callable[..., Record],
) -> None:
    """Two actionable replies answered after 15 and 90 minutes, nothing censored.

    Naive median = (15 + 90) / 2 = 52.5 min, as a spreadsheet gives (it was 15, the lower median).
    Kaplan-Meier: S(15 min) = 1/2 <= 0.5, so the median is read off the curve at 15 min, the first
    time by which half the replies had an answer.
    """
    mk = make_record
    start = local(2026, 11, 17, 10)
    with store.db.conn:
        store.upsert_records([
            mk("p1", is_department=True, kind="post", created_at=start - H),
            mk("r1", parent_uid="x:p1", created_at=start),
            mk("d1", is_department=True, parent_uid="x:r1", created_at=start + timedelta(minutes=15)),
            mk("r2", parent_uid="x:p1", created_at=start),
            mk("d2", is_department=True, parent_uid="x:r2", created_at=start + timedelta(minutes=90)),
        ])
    label(store, "needs_response", {"x:r1": "yes", "x:r2": "yes"})
    [row] = w47(store)
    assert row.answered == 2
    assert row.frt_naive_median_h * 60 == pytest.approx(52.5)
    assert row.frt_median_h * 60 == pytest.approx(15.0)
