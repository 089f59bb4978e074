"""Per-reply and per-department-record columns, streamed from SQLite straight into numpy arrays.

The definitions of docs/metrics.md that need SQL live here, each in one place (current labels, a
person's correction first, are engage.labels'): ``ACTIONABLE_SQL`` (actionable reply),
``FIRST_RESPONSE_SQL`` (earliest department response). The current sentiment under the same rule is
stored on each reply as ``sentiment_code`` (kept by migration 8's triggers) and read from the index.
Both frames read a time range through the ``created_at`` indexes and arrive in chunks
(``fetchmany``), so memory is a few numpy columns, never a list of row objects. Public replies are
read in uid order (``replies_by_uid``: their label and response lookups then hit neighbouring index
pages) and put back in time order in numpy.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from engage.labels import current_labels
from engage.schema import PUBLIC_REPLY_SPAN_INDEX, PUBLIC_REPLY_WHERE
from engage.store import Store
from engage.timeutil import to_db

CHUNK = 50_000


def epoch_sql(column: str) -> str:
    """Epoch seconds (to the millisecond, as stored) of a timestamp column; julianday reads the ISO text."""
    return f"ROUND((julianday({column}) - 2440587.5) * 86400.0, 3)"


# A reply is actionable when it is labelled as needing a response (a person's correction overrides
# the model) or a person marked it in triage as owed an answer (status changes by 'system', such as
# the automatic 'responded' when the department answers, do not count).
# A reply someone answered off the platform was owed an answer by that person's judgement too.
ACTIONABLE_SQL = f"""(
    COALESCE({current_labels('needs_response', 'r.uid')}, '') = 'yes'
    OR EXISTS (SELECT 1 FROM audit_log al WHERE al.uid = r.uid AND al.field = 'status'
               AND al.actor <> 'system' AND al."after" IN ('in_progress', 'responded', 'escalated'))
    OR EXISTS (SELECT 1 FROM answers_elsewhere o WHERE o.uid = r.uid)
)"""  # noqa: S608 - fixed fragments

# The earliest department record whose parent is the reply: its first response, however made.
# The unary + keeps SQLite on the parent_uid index (not the is_department one).
FIRST_RESPONSE_SQL = (
    "(SELECT MIN(d.created_at) FROM posts d WHERE d.parent_uid = r.uid AND +d.is_department = 1)"
)
# When a person recorded that the reply was answered off the platform (phone, direct message, in person).
ANSWERED_ELSEWHERE_SQL = "(SELECT o.answered_at FROM answers_elsewhere o WHERE o.uid = r.uid)"
# A reply's collection time, NULL when it was imported without one (its collected_at is the import's).
COLLECTED_SQL = "CASE WHEN r.collected_elsewhere = 1 THEN NULL ELSE r.collected_at END"

SEP = "\x1f"

NO_TOPIC = "(no topic)"
UNCLASSIFIED = "(not classified)"


@dataclass
class Codes:
    """Strings (platform, account, topic) as small integer codes, so grouping stays in numpy."""

    names: list[str] = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict)

    def encode(self, values: list[str]) -> np.ndarray:
        out = np.empty(len(values), dtype=np.int32)
        for i, value in enumerate(values):
            code = self.index.get(value)
            if code is None:
                code = self.index[value] = len(self.names)
                self.names.append(value)
            out[i] = code
        return out


@dataclass
class ReplyFrame:
    """One entry per public reply (per reply and topic when topics are included: a reply with two
    topics appears twice, once under each)."""

    created: np.ndarray
    collected: np.ndarray  # NaN when imported without a collection time
    answered: np.ndarray  # epoch seconds of the first department response on the platform, NaN when none
    elsewhere: np.ndarray  # epoch seconds of an answer given off the platform, NaN when none
    actionable: np.ndarray  # bool
    sentiment: np.ndarray  # int8: 0 unlabelled, 1 negative, 2 neutral, 3 positive
    platform: np.ndarray
    account: np.ndarray
    topic: np.ndarray
    platforms: Codes
    accounts: Codes
    topics: Codes

    def __len__(self) -> int:
        return int(self.created.size)

    def subset(self, mask: np.ndarray) -> ReplyFrame:
        return ReplyFrame(
            self.created[mask], self.collected[mask], self.answered[mask], self.elsewhere[mask], self.actionable[mask],
            self.sentiment[mask], self.platform[mask], self.account[mask], self.topic[mask],
            self.platforms, self.accounts, self.topics,
        )


@dataclass
class DepartmentFrame:
    """One entry per department record: original posts and responses to public replies."""

    created: np.ndarray
    is_post: np.ndarray
    is_response: np.ndarray
    engagement: np.ndarray  # NaN when the platform gave no counts
    views: np.ndarray  # NaN when the platform gives no views
    platform: np.ndarray
    account: np.ndarray
    platforms: Codes
    accounts: Codes


def _chunks(conn: sqlite3.Connection, sql: str, params: list[object]) -> Iterator[list[tuple]]:
    cursor = conn.execute(sql, params)
    while rows := cursor.fetchmany(CHUNK):
        yield rows


def _floats(values: tuple) -> np.ndarray:
    return np.array(values, dtype=np.float64)  # None becomes NaN


def replies_by_uid(
    columns: str = ("uid, created_at, collected_at, collected_elsewhere, platform, account, sentiment_code,"
                    " rowid AS row_id"),
) -> str:
    """FROM-clause subquery: public replies created in [?, ?) with ``columns``, in uid order.

    Every per-reply label and first-response lookup probes an index keyed by uid; made in uid order,
    consecutive probes land on the same index pages instead of one random page each (ten times
    faster at a million replies when uids are not in time order). SQLite keeps the ORDER BY of a
    FROM-clause subquery when it is the outer query's only source and the outer query has no ORDER
    BY of its own, so callers must not add a join or an ORDER BY around it (sort in numpy/Python).
    The columns come from the covering partial index of migration 8: no posts row is read.
    """
    return (f"(SELECT {columns} FROM posts INDEXED BY {PUBLIC_REPLY_SPAN_INDEX} WHERE {PUBLIC_REPLY_WHERE}"  # noqa: S608
            " AND created_at >= ? AND created_at < ? ORDER BY uid) r")


@dataclass
class _Replies:
    """Per-reply columns as read (local codes), plus each reply's topic codes when asked for."""

    columns: dict[str, np.ndarray]
    platforms: Codes
    accounts: Codes
    topics: Codes
    topic_codes: np.ndarray  # flat, reply after reply
    topic_counts: np.ndarray  # topics per reply

    def in_time_order(self) -> None:
        """Sort by (created, insertion order), as the created_at index gave them before uid-ordered reads."""
        order = np.lexsort((self.columns["row_id"], self.columns["created"]))
        starts = np.cumsum(self.topic_counts) - self.topic_counts
        counts = self.topic_counts[order]
        flat = np.repeat(starts[order] - (np.cumsum(counts) - counts), counts) + np.arange(int(counts.sum()))
        self.columns = {k: v[order] for k, v in self.columns.items()}
        self.topic_codes, self.topic_counts = self.topic_codes[flat], counts

    def frame(self, platforms: Codes, accounts: Codes, topics: Codes | None) -> ReplyFrame:
        """One entry per reply, or (``topics`` given) one per reply and topic."""
        c = self.columns
        repeat = self.topic_counts if topics is not None else None
        pick = (lambda a: a) if repeat is None else (lambda a: np.repeat(a, repeat))
        topic = (_first_seen(self.topic_codes, self.topics, topics) if topics is not None
                 else np.zeros(len(c["created"]), dtype=np.int32))
        return ReplyFrame(
            created=pick(c["created"]), collected=pick(c["collected"]), answered=pick(c["answered"]),
            elsewhere=pick(c["elsewhere"]), actionable=pick(c["actionable"]), sentiment=pick(c["sentiment"]),
            platform=pick(_first_seen(c["platform"], self.platforms, platforms)),
            account=pick(_first_seen(c["account"], self.accounts, accounts)),
            topic=topic, platforms=platforms, accounts=accounts, topics=topics or Codes(),
        )


def _first_seen(codes: np.ndarray, local: Codes, shared: Codes) -> np.ndarray:
    """``codes`` (from ``local``) re-encoded in ``shared``, new names in order of first appearance.

    Codes are handed out in order of first appearance, and that order decides the row order of a
    report grouped by platform, account or topic, so it must not depend on the order rows were read.
    """
    if not codes.size:
        return codes
    present, first = np.unique(codes, return_index=True)
    mapping = np.zeros(len(local.names), dtype=np.int32)
    for code in present[np.argsort(first)]:
        mapping[code] = shared.encode([local.names[code]])[0]
    return mapping[codes]


def _read_replies(store: Store, since: datetime, until: datetime, *, with_topics: bool) -> _Replies:
    topic_col = current_labels("topics", "r.uid") if with_topics else "NULL"
    sql = f"""
        SELECT {epoch_sql('r.created_at')}, {epoch_sql(COLLECTED_SQL)},
               {epoch_sql(FIRST_RESPONSE_SQL)}, {ACTIONABLE_SQL}, r.sentiment_code,
               r.platform, r.account, {topic_col}, r.row_id, {epoch_sql(ANSWERED_ELSEWHERE_SQL)}
        FROM {replies_by_uid()}
    """  # noqa: S608 - fixed fragments, values are parameters
    raw = _Replies({}, Codes(), Codes(), Codes(), np.empty(0, dtype=np.int32), np.empty(0, dtype=np.int64))
    kinds = {"created": np.float64, "collected": np.float64, "answered": np.float64, "elsewhere": np.float64,
             "actionable": bool,
             "sentiment": np.int8, "platform": np.int32, "account": np.int32, "row_id": np.int64}
    parts: dict[str, list[np.ndarray]] = {k: [] for k in (*kinds, "topic_codes", "topic_counts")}
    for rows in _chunks(store.db.conn, sql, [to_db(since), to_db(until)]):
        cols = list(zip(*rows, strict=True))
        parts["created"].append(_floats(cols[0]))
        parts["collected"].append(_floats(cols[1]))
        parts["answered"].append(_floats(cols[2]))
        parts["elsewhere"].append(_floats(cols[9]))
        parts["actionable"].append(np.array(cols[3], dtype=bool))
        parts["sentiment"].append(np.array(cols[4], dtype=np.int8))
        parts["platform"].append(raw.platforms.encode(cols[5]))
        parts["account"].append(raw.accounts.encode(cols[6]))
        parts["row_id"].append(np.array(cols[8], dtype=np.int64))
        if with_topics:
            names = [(t.split(SEP) if t else [UNCLASSIFIED]) for t in cols[7]]
            parts["topic_counts"].append(np.fromiter((len(n) for n in names), dtype=np.int64, count=len(names)))
            parts["topic_codes"].append(raw.topics.encode([NO_TOPIC if t == "none" else t for n in names for t in n]))
        else:
            parts["topic_counts"].append(np.ones(len(rows), dtype=np.int64))
            parts["topic_codes"].append(np.zeros(len(rows), dtype=np.int32))
    kinds |= {"topic_codes": np.int32, "topic_counts": np.int64}
    arrays = {k: np.concatenate(v) if v else np.empty(0, dtype=kinds[k]) for k, v in parts.items()}
    raw.topic_codes, raw.topic_counts = arrays.pop("topic_codes"), arrays.pop("topic_counts")
    raw.columns = arrays
    raw.in_time_order()
    return raw


def reply_frame(
    store: Store, since: datetime, until: datetime, *, with_topics: bool = False,
    platforms: Codes | None = None, accounts: Codes | None = None,
) -> ReplyFrame:
    """Public replies created in [since, until): times, first answer, actionable, sentiment, keys.

    Entries are in time order (created_at, then insertion order); with topics, a reply's entries are
    in the order of its labels.
    """
    raw = _read_replies(store, since, until, with_topics=with_topics)
    return raw.frame(platforms or Codes(), accounts or Codes(), Codes() if with_topics else None)


def reply_frames(
    store: Store, since: datetime, until: datetime, *, platforms: Codes | None = None,
    accounts: Codes | None = None,
) -> tuple[ReplyFrame, ReplyFrame]:
    """Both frames of [since, until) from one read: one entry per reply, and one per reply and topic."""
    raw = _read_replies(store, since, until, with_topics=True)
    platforms, accounts = platforms or Codes(), accounts or Codes()
    return raw.frame(platforms, accounts, None), raw.frame(platforms, accounts, Codes())


def department_frame(
    store: Store, since: datetime, until: datetime, *, platforms: Codes | None = None,
    accounts: Codes | None = None,
) -> DepartmentFrame:
    """Department records created in [since, until): original posts with engagement, and responses."""
    sql = f"""
        SELECT {epoch_sql('d.created_at')}, d.kind = 'post',
               d.parent_uid IS NOT NULL AND EXISTS (
                   SELECT 1 FROM posts q WHERE q.uid = d.parent_uid AND q.is_public_reply = 1),
               CASE WHEN COALESCE(d.likes, d.replies, d.reposts, d.quotes) IS NULL THEN NULL ELSE
                   COALESCE(d.likes, 0) + COALESCE(d.replies, 0) + COALESCE(d.reposts, 0) + COALESCE(d.quotes, 0)
               END,
               d.views, d.platform, d.account
        FROM posts d
        WHERE d.is_department = 1 AND d.created_at >= ? AND d.created_at < ?
    """  # noqa: S608 - fixed fragments, values are parameters
    platforms, accounts = platforms or Codes(), accounts or Codes()
    parts: dict[str, list[np.ndarray]] = {k: [] for k in
                                           ("created", "is_post", "is_response", "engagement", "views",
                                            "platform", "account")}
    for rows in _chunks(store.db.conn, sql, [to_db(since), to_db(until)]):
        cols = list(zip(*rows, strict=True))
        parts["created"].append(_floats(cols[0]))
        parts["is_post"].append(np.array(cols[1], dtype=bool))
        parts["is_response"].append(np.array(cols[2], dtype=bool))
        parts["engagement"].append(_floats(cols[3]))
        parts["views"].append(_floats(cols[4]))
        parts["platform"].append(platforms.encode(cols[5]))
        parts["account"].append(accounts.encode(cols[6]))
    empty = {"is_post": bool, "is_response": bool, "platform": np.int32, "account": np.int32}
    arrays = {k: np.concatenate(v) if v else np.empty(0, dtype=empty.get(k, np.float64)) for k, v in parts.items()}
    return DepartmentFrame(**arrays, platforms=platforms, accounts=accounts)
