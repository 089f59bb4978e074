"""Per-reply and per-department-record columns, streamed from SQLite straight into numpy arrays.

The definitions of DESIGN.md section 4 that need SQL live here, each in one place:
``labels_sql`` (current labels, human corrections first), ``ACTIONABLE_SQL`` (actionable reply),
``FIRST_RESPONSE_SQL`` (earliest department response), ``SENTIMENT_SQL`` (current sentiment).
Both frames read a time range through the ``created_at`` indexes and arrive in chunks
(``fetchmany``), so memory is a few numpy columns, never a list of row objects.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from string import Template

import numpy as np

from engage.store import Store
from engage.timeutil import to_db

CHUNK = 50_000
TASKS = ("sentiment", "topics", "needs_response", "urgent", "abusive")
ALIAS = re.compile(r"^[a-z]\w*\.uid$")


def epoch_sql(column: str) -> str:
    """Epoch seconds (to the millisecond, as stored) of a timestamp column; julianday reads the ISO text."""
    return f"ROUND((julianday({column}) - 2440587.5) * 86400.0, 3)"


LABELS = Template(
    "COALESCE((SELECT group_concat(k.label, char(31)) FROM corrections k WHERE k.uid = $uid AND k.task = '$task'),"
    " (SELECT group_concat(c.label, char(31)) FROM classifications c WHERE c.uid = $uid AND c.task = '$task'"
    " AND c.model_id = (SELECT a.model_id FROM active_models a WHERE a.task = '$task')))"
)


def labels_sql(task: str, uid: str = "r.uid") -> str:
    """The current labels of ``uid`` for ``task``, joined by char(31): a person's labels if any, else the
    active model's. Same rule as the ``current_labels`` view, written against the base tables so SQLite
    looks each reply up by index (a correlated query on the view re-reads the whole view per reply).
    """
    if task not in TASKS or not ALIAS.match(uid):
        raise ValueError(f"labels_sql: unknown task {task!r} or column {uid!r}")
    return LABELS.substitute(task=task, uid=uid)


# A reply is actionable when it is labelled as needing a response (a person's correction overrides
# the model) or a person marked it in triage as owed an answer (status changes by 'system', such as
# the automatic 'responded' when the department answers, do not count).
ACTIONABLE_SQL = f"""(
    COALESCE({labels_sql('needs_response')}, '') = 'yes'
    OR EXISTS (SELECT 1 FROM audit_log al WHERE al.uid = r.uid AND al.field = 'status'
               AND al.actor <> 'system' AND al."after" IN ('in_progress', 'responded', 'escalated'))
)"""  # noqa: S608 - fixed fragments

# The earliest department record whose parent is the reply: its first response, however made.
# The unary + keeps SQLite on the parent_uid index (not the is_department one).
FIRST_RESPONSE_SQL = (
    "(SELECT MIN(d.created_at) FROM posts d WHERE d.parent_uid = r.uid AND +d.is_department = 1)"
)

SENTIMENT_SQL = f"""(CASE {labels_sql('sentiment')} WHEN 'negative' THEN 1 WHEN 'neutral' THEN 2
    WHEN 'positive' THEN 3 ELSE 0 END)"""
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
    collected: np.ndarray
    answered: np.ndarray  # epoch seconds of the first response, NaN when none
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
            self.created[mask], self.collected[mask], self.answered[mask], self.actionable[mask],
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


def reply_frame(
    store: Store, since: datetime, until: datetime, *, with_topics: bool = False,
    platforms: Codes | None = None, accounts: Codes | None = None,
) -> ReplyFrame:
    """Public replies created in [since, until): times, first answer, actionable, sentiment, keys."""
    topic_col = labels_sql("topics") if with_topics else "NULL"
    sql = f"""
        SELECT {epoch_sql('r.created_at')}, {epoch_sql('r.collected_at')},
               {epoch_sql(FIRST_RESPONSE_SQL)}, {ACTIONABLE_SQL}, {SENTIMENT_SQL},
               r.platform, r.account, {topic_col}
        FROM posts r
        WHERE r.is_public_reply = 1 AND r.created_at >= ? AND r.created_at < ?
    """  # noqa: S608 - fixed fragments, values are parameters
    params: list[object] = [to_db(since), to_db(until)]
    platforms, accounts, topics = platforms or Codes(), accounts or Codes(), Codes()
    parts: dict[str, list[np.ndarray]] = {k: [] for k in
                                           ("created", "collected", "answered", "actionable", "sentiment",
                                            "platform", "account", "topic")}
    for rows in _chunks(store.db.conn, sql, params):
        cols = list(zip(*rows, strict=True))
        repeat = None
        if with_topics:
            names = [(t.split(SEP) if t else [UNCLASSIFIED]) for t in cols[7]]
            repeat = np.fromiter((len(n) for n in names), dtype=np.int64, count=len(names))
            parts["topic"].append(topics.encode([NO_TOPIC if t == "none" else t for n in names for t in n]))
        else:
            parts["topic"].append(np.zeros(len(rows), dtype=np.int32))

        def add(key: str, values: np.ndarray, repeat: np.ndarray | None = repeat) -> None:
            parts[key].append(values if repeat is None else np.repeat(values, repeat))

        add("created", _floats(cols[0]))
        add("collected", _floats(cols[1]))
        add("answered", _floats(cols[2]))
        add("actionable", np.array(cols[3], dtype=bool))
        add("sentiment", np.array(cols[4], dtype=np.int8))
        add("platform", platforms.encode(cols[5]))
        add("account", accounts.encode(cols[6]))
    empty = {"actionable": bool, "sentiment": np.int8, "platform": np.int32, "account": np.int32,
             "topic": np.int32}
    arrays = {k: np.concatenate(v) if v else np.empty(0, dtype=empty.get(k, np.float64)) for k, v in parts.items()}
    return ReplyFrame(**arrays, platforms=platforms, accounts=accounts, topics=topics)


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
