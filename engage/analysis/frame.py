"""The analysis tables, built from thread records: one row per department post, one per actionable reply.

``read_threads`` reads the records of a window from SQLite into ``ThreadRecords`` (plain columns, the
way the store holds them); the synthetic-department generator produces the same ``ThreadRecords``, so
everything from ``build_tables`` on is the same code for a real database and a planted one.

Authors are used only inside ``build_tables``, as codes compared within one thread, to tell whether the
person who asked wrote again; they never leave it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import count, repeat
from zoneinfo import ZoneInfo

import numpy as np

from engage import labels
from engage.analysis.definitions import FOLLOW_DAYS, NO_DEPARTMENT_POST, NOT_CLASSIFIED
from engage.metrics.frame import ACTIONABLE_SQL, CHUNK, NO_TOPIC, SEP, UNCLASSIFIED, epoch_sql
from engage.store import Store
from engage.timeutil import to_db

FOLLOW_S = FOLLOW_DAYS * 86400.0


@dataclass
class ThreadRecords:
    """Department posts, public replies and department responses of a window, as stored."""

    post_uid: list[str]
    post_created: np.ndarray
    post_platform: list[str]
    post_views: np.ndarray  # NaN where the platform gives none
    post_engagement: np.ndarray  # NaN where the platform gives no counts
    post_type: list[str]
    post_topic: list[str]
    reply_uid: list[str]
    reply_created: np.ndarray
    reply_parent: list[str | None]
    reply_root: list[str | None]
    reply_author: list[str | None]
    reply_sentiment: np.ndarray  # 0 unlabelled, 1 negative, 2 neutral, 3 positive
    reply_actionable: np.ndarray
    reply_need: np.ndarray  # needs-response "yes" score, NaN when a person decided
    reply_topic: list[str]
    reply_platform: list[str]
    reply_post_type: list[str]  # type of the department post at the thread's root
    response_uid: list[str]
    response_created: np.ndarray
    response_parent: list[str | None]


@dataclass
class PostTable:
    """One row per department original post of the window (counts within FOLLOW_DAYS of the post)."""

    created: np.ndarray
    post_type: list[str]
    topic: list[str]
    platform: list[str]
    views: np.ndarray
    engagement: np.ndarray
    replies: np.ndarray
    actionable: np.ndarray
    positive: np.ndarray
    negative: np.ndarray
    classified: np.ndarray
    responses: np.ndarray
    complete: np.ndarray  # FOLLOW_DAYS have passed since the post


@dataclass
class ReplyTable:
    """One row per actionable public reply created in the window."""

    created: np.ndarray
    hour: np.ndarray  # local hour 0-23
    sentiment: np.ndarray
    need: np.ndarray
    topic: list[str]
    platform: list[str]
    post_type: list[str]
    answer_hours: np.ndarray  # to the first department response within FOLLOW_DAYS, NaN when none
    later_n: np.ndarray  # classified later replies by others in the conversation under it
    later_sum: np.ndarray  # their sentiment, +1 / 0 / -1, summed
    asker_known: np.ndarray  # the author is known, so "writes again" is defined
    asker_again: np.ndarray
    asker_next_sentiment: np.ndarray  # code of that next reply, 0 when none
    complete: np.ndarray  # FOLLOW_DAYS have passed since the reply

    def subset(self, mask: np.ndarray) -> ReplyTable:
        picked = np.flatnonzero(mask)
        return ReplyTable(**{k: (v[mask] if isinstance(v, np.ndarray) else [v[i] for i in picked])
                             for k, v in vars(self).items()})


SCORE = np.array([0.0, -1.0, 0.0, 1.0])  # sentiment code -> later-sentiment score


def local_hours(epoch: np.ndarray, tz: ZoneInfo) -> np.ndarray:
    """Local hour of each instant, looking each distinct UTC hour up once (DST-correct)."""
    if not epoch.size:
        return np.empty(0, dtype=np.int64)
    hours = np.floor(epoch / 3600.0).astype(np.int64)
    distinct, inverse = np.unique(hours, return_inverse=True)
    offsets = np.array([datetime.fromtimestamp(h * 3600, tz).utcoffset().total_seconds() for h in distinct.tolist()])
    return (((distinct * 3600 + offsets) // 3600) % 24).astype(np.int64)[inverse.ravel()]


def _positions(uids: list[str]) -> dict[str, int]:
    return dict(zip(uids, range(len(uids)), strict=True))


def _lookup(index: dict[str, int], keys: list[str | None]) -> np.ndarray:
    """Position of each key in ``index``, -1 when absent or None (``map`` keeps the loop in C)."""
    return np.fromiter(map(index.get, keys, repeat(-1)), dtype=np.int64, count=len(keys))


def _time_order(created: np.ndarray, uids: list[str]) -> np.ndarray:
    return np.lexsort((np.array(uids, dtype=str), created)) if uids else np.empty(0, dtype=np.int64)


def build_tables(rec: ThreadRecords, tz: ZoneInfo, since: datetime, until: datetime, as_of: datetime,
                 ) -> tuple[PostTable, ReplyTable]:
    """The per-post and per-actionable-reply tables of [since, until), as of ``as_of``."""
    post_at, reply_at, response_at = _positions(rec.post_uid), _positions(rec.reply_uid), _positions(rec.response_uid)
    n_posts = len(rec.post_uid)

    # Replies and responses in each post's thread within FOLLOW_DAYS of the post.
    root = _lookup(post_at, rec.reply_root)
    since_post = rec.reply_created - np.where(root >= 0, rec.post_created[np.maximum(root, 0)], np.nan)
    in_thread = (root >= 0) & (since_post >= 0) & (since_post <= FOLLOW_S)
    on = root[in_thread]
    sentiment = rec.reply_sentiment.astype(np.int64)

    def per_post(values: np.ndarray | None = None) -> np.ndarray:
        return np.bincount(on, weights=None if values is None else values[in_thread].astype(float),
                           minlength=n_posts).astype(np.int64)

    answered_reply = _lookup(reply_at, rec.response_parent)
    resp_root = np.where(answered_reply >= 0, root[np.maximum(answered_reply, 0)], -1)
    resp_age = rec.response_created - np.where(resp_root >= 0, rec.post_created[np.maximum(resp_root, 0)], np.nan)
    counted = (resp_root >= 0) & (resp_age >= 0) & (resp_age <= FOLLOW_S)
    o = _time_order(rec.post_created, rec.post_uid)
    posts = PostTable(
        created=rec.post_created[o], post_type=[rec.post_type[i] for i in o], topic=[rec.post_topic[i] for i in o],
        platform=[rec.post_platform[i] for i in o], views=rec.post_views[o], engagement=rec.post_engagement[o],
        replies=per_post()[o], actionable=per_post(rec.reply_actionable)[o], positive=per_post(sentiment == 3)[o],
        negative=per_post(sentiment == 1)[o], classified=per_post(sentiment > 0)[o],
        responses=np.bincount(resp_root[counted], minlength=n_posts).astype(np.int64)[o],
        complete=rec.post_created[o] + FOLLOW_S <= as_of.timestamp(),
    )

    # First department response to each reply, within FOLLOW_DAYS.
    n_replies = len(rec.reply_uid)
    first = np.full(n_replies, np.inf)
    has = answered_reply >= 0
    np.minimum.at(first, answered_reply[has], rec.response_created[has])
    delay = first - rec.reply_created
    answer_hours = np.where((delay >= 0) & (delay <= FOLLOW_S), delay / 3600.0, np.nan)

    # The conversation under each reply: replies to it, or to the department's response to it.
    parent_reply = _lookup(reply_at, rec.reply_parent)
    parent_response = _lookup(response_at, rec.reply_parent)
    via_response = np.where(parent_response >= 0, answered_reply[np.maximum(parent_response, 0)], -1)
    owner = np.where(parent_reply >= 0, parent_reply, via_response)
    authors = np.array([a if a is not None else "" for a in rec.reply_author], dtype=object)
    safe_owner = np.maximum(owner, 0)
    other = (authors == "") | (authors[safe_owner] == "") | (authors != authors[safe_owner])
    age = rec.reply_created - rec.reply_created[safe_owner]
    later = (owner >= 0) & other & (age > 0) & (age <= FOLLOW_S) & (sentiment > 0)
    later_n = np.bincount(owner[later], minlength=n_replies)
    later_sum = np.bincount(owner[later], weights=SCORE[sentiment[later]], minlength=n_replies)

    # The asker's next reply in the same thread (authors compared within a thread only).
    known = (authors != "") & np.array([r is not None for r in rec.reply_root], dtype=bool)
    again = np.zeros(n_replies, dtype=bool)
    next_sentiment = np.zeros(n_replies, dtype=np.int64)
    idx = np.flatnonzero(known)
    if idx.size:
        # A code per (thread, author), increasing in order of first appearance (not dense: only equality
        # and that order matter below).
        codes: dict[tuple[str | None, str], int] = {}
        pairs = zip([rec.reply_root[i] for i in idx.tolist()], authors[idx].tolist(), strict=True)
        group = np.fromiter(map(codes.setdefault, pairs, count()), dtype=np.int64, count=idx.size)
        order = idx[np.lexsort((rec.reply_created[idx], group))]
        grouped = np.empty(n_replies, dtype=np.int64)
        grouped[idx] = group
        same = grouped[order[1:]] == grouped[order[:-1]]
        gap = rec.reply_created[order[1:]] - rec.reply_created[order[:-1]]
        hit = same & (gap > 0) & (gap <= FOLLOW_S)
        again[order[:-1][hit]] = True
        next_sentiment[order[:-1][hit]] = sentiment[order[1:][hit]]

    window = (rec.reply_created >= since.timestamp()) & (rec.reply_created < until.timestamp()) & rec.reply_actionable
    pick = np.flatnonzero(window)
    # Rows in (time, uid) order, so the seeded bootstrap gives the same interval however the records were read.
    pick = pick[_time_order(rec.reply_created[pick], [rec.reply_uid[i] for i in pick])]
    replies = ReplyTable(
        created=rec.reply_created[pick], hour=local_hours(rec.reply_created[pick], tz),
        sentiment=sentiment[pick], need=rec.reply_need[pick],
        topic=[rec.reply_topic[i] for i in pick], platform=[rec.reply_platform[i] for i in pick],
        post_type=[rec.reply_post_type[i] for i in pick], answer_hours=answer_hours[pick],
        later_n=later_n[pick], later_sum=later_sum[pick], asker_known=known[pick], asker_again=again[pick],
        asker_next_sentiment=next_sentiment[pick],
        complete=rec.reply_created[pick] + FOLLOW_S <= as_of.timestamp(),
    )
    return posts, replies


def _label(task: str, uid: str) -> str:
    return labels.current_labels(task, uid)


def _first(labels: str | None, missing: str) -> str:
    if not labels:
        return missing
    first = sorted(labels.split(SEP))[0]
    return NO_TOPIC if first == "none" else first


def _columns(conn: sqlite3.Connection, sql: str, params: list[str], width: int) -> list[list]:
    """The result of ``sql`` as ``width`` column lists, fetched in chunks: the rows as tuples never all
    exist at once (at a million replies they were a fifth of the report's memory)."""
    columns: list[list] = [[] for _ in range(width)]
    cursor = conn.execute(sql, params)
    while rows := cursor.fetchmany(CHUNK):
        for column, values in zip(columns, zip(*rows, strict=True), strict=True):
            column.extend(values)
    return columns


def read_threads(store: Store, since: datetime, until: datetime) -> ThreadRecords:
    """The department posts created in [since, until), and the public replies and department responses
    created from ``since`` to FOLLOW_DAYS after ``until`` (for the follow-ups of the window's last days)."""
    conn = store.db.conn
    span = [to_db(since), to_db(until)]
    follow = [to_db(since), to_db(until + timedelta(days=FOLLOW_DAYS))]
    p = _columns(conn, f"""
        SELECT p.uid, {epoch_sql('p.created_at')}, p.platform, p.views,
               CASE WHEN COALESCE(p.likes, p.replies, p.reposts, p.quotes) IS NULL THEN NULL ELSE
                   COALESCE(p.likes, 0) + COALESCE(p.replies, 0) + COALESCE(p.reposts, 0) + COALESCE(p.quotes, 0) END,
               {_label('post_type', 'p.uid')}, {_label('topics', 'p.uid')}
        FROM posts p WHERE p.is_department = 1 AND p.kind = 'post' AND p.tombstoned_at IS NULL
          AND p.created_at >= ? AND p.created_at < ?
    """, span, 7)  # noqa: S608 - fixed fragments, values are parameters
    need = labels.model_unless_corrected("needs_response", "yes_score", "r.uid")
    # Materialised, so the actionable rule is evaluated once per reply; the details that only the
    # answer-effect sample needs are looked up for actionable replies alone. In uid order, so the label
    # and response lookups (indexes keyed by uid) land on neighbouring pages, as in engage.metrics.frame.
    r = _columns(conn, f"""
        WITH r AS MATERIALIZED (
            SELECT r.uid, r.created_at, r.parent_uid, r.root_uid, r.author_id, r.sentiment_code, r.platform,
                   {ACTIONABLE_SQL} AS actionable
            FROM posts r WHERE r.is_public_reply = 1
              AND r.tombstoned_at IS NULL AND r.created_at >= ? AND r.created_at < ? ORDER BY r.uid)
        SELECT r.uid, {epoch_sql('r.created_at')}, r.parent_uid, r.root_uid, r.author_id, r.sentiment_code,
               r.actionable, r.platform,
               CASE WHEN r.actionable THEN {need} END,
               CASE WHEN r.actionable THEN {_label('topics', 'r.uid')} END,
               CASE WHEN r.actionable THEN COALESCE({_label('post_type', 'r.root_uid')},
                   (SELECT CASE WHEN q.is_department = 1 AND q.kind = 'post' THEN 1 END FROM posts q
                    WHERE q.uid = r.root_uid)) END
        FROM r
    """, follow, 11)  # noqa: S608 - fixed fragments, values are parameters
    d = _columns(conn, f"""
        SELECT d.uid, {epoch_sql('d.created_at')}, d.parent_uid FROM posts d
        WHERE d.is_department = 1 AND d.parent_uid IS NOT NULL AND d.kind <> 'post'
          AND d.created_at >= ? AND d.created_at < ?
    """, follow, 3)  # noqa: S608 - fixed fragments, values are parameters
    floats = lambda values: np.array(values, dtype=np.float64)  # noqa: E731 - None becomes NaN
    return ThreadRecords(
        post_uid=p[0], post_created=floats(p[1]), post_platform=p[2], post_views=floats(p[3]),
        post_engagement=floats(p[4]), post_type=[_first(t, NOT_CLASSIFIED) for t in p[5]],
        post_topic=[_first(t, NOT_CLASSIFIED) for t in p[6]],
        reply_uid=r[0], reply_created=floats(r[1]), reply_parent=r[2], reply_root=r[3],
        reply_author=r[4], reply_sentiment=np.array(r[5], dtype=np.int8),
        reply_actionable=np.array(r[6], dtype=bool), reply_platform=r[7], reply_need=floats(r[8]),
        reply_topic=[_first(t, UNCLASSIFIED) for t in r[9]],
        reply_post_type=[NO_DEPARTMENT_POST if t is None else (NOT_CLASSIFIED if t == 1 else _first(t, NOT_CLASSIFIED))
                         for t in r[10]],
        response_uid=d[0], response_created=floats(d[1]), response_parent=d[2],
    )
