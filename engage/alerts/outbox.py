"""The alerts outbox: alerts are stored before they are sent, and sent until a channel takes them.

An alert's ``key`` is unique (``<rule>:<reply uid>`` or ``<rule>:<subject>:<episode start>``), so
evaluating the same replies twice, or after a crash, raises nothing new. Each alert gets one delivery
row per channel and stage (``alert``, later perhaps ``escalation``); when its ``due_at`` comes, the
worker packs the waiting deliveries of one rule, channel and stage into one message (several urgent
replies in the same minute become one chat message) and commits that before the first attempt. A
message keeps its key and its alerts across retries, so a receiver can deduplicate on the key, and
the only window in which a message can be sent twice is between a receiver's "200 OK" and our commit.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from engage.store import Store
from engage.timeutil import from_db, to_db, utcnow

MAX_ALERTS_PER_MESSAGE = 20
RETRY_BASE_S = 2.0
RETRY_CAP_S = 300.0  # a dead webhook is tried every 5 minutes, forever: late beats lost
STAGES = ("alert", "escalation")


def retry_delay(attempts: int) -> timedelta:
    """Wait before attempt ``attempts + 1``: 2 s, 4 s, 8 s, ... capped at five minutes."""
    return timedelta(seconds=min(RETRY_CAP_S, RETRY_BASE_S * 2 ** max(0, attempts - 1)))


@dataclass(frozen=True)
class NewAlert:
    """What a rule found; ``key`` makes it idempotent."""

    key: str
    rule: str
    kind: str
    title: str
    uid: str | None = None
    detail: dict[str, Any] | None = None


@dataclass(frozen=True)
class Message:
    """A packed message waiting for (another) attempt."""

    id: int
    key: str
    rule: str
    channel: str
    stage: str
    attempts: int
    alert_ids: tuple[int, ...]


def raise_alerts(
    store: Store, alerts: Iterable[NewAlert], channels: Sequence[str], *, group_seconds: float = 0.0,
    now: datetime | None = None,
) -> list[int]:
    """Store each alert not stored before, with a delivery per channel; return the new alert ids.

    Call inside a transaction (the evaluation's marks commit with the alerts they produced).
    """
    now = now or utcnow()
    now_s, due_s = to_db(now), to_db(now + timedelta(seconds=group_seconds))
    new_ids = []
    for alert in alerts:
        cursor = store.db.execute(
            "INSERT INTO alerts (key, rule, kind, uid, title, detail, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (key) DO NOTHING",
            [alert.key, alert.rule, alert.kind, alert.uid, alert.title,
             json.dumps(alert.detail, sort_keys=True) if alert.detail else None, now_s],
        )
        if not cursor.rowcount:
            continue
        alert_id = int(cursor.lastrowid)
        add_deliveries(store, alert_id, channels, "alert", due_s)
        new_ids.append(alert_id)
    return new_ids


def add_deliveries(store: Store, alert_id: int, channels: Sequence[str], stage: str, due_s: str) -> None:
    for channel in channels:
        store.db.execute(
            "INSERT INTO alert_deliveries (alert_id, channel, stage, due_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (alert_id, channel, stage) DO NOTHING",
            [alert_id, channel, stage, due_s],
        )


def pack_due(store: Store, now: datetime | None = None) -> int:
    """Pack due unsent deliveries into messages (one per rule, channel and stage); return how many."""
    now_s = to_db(now or utcnow())
    packed = 0
    with store.db.atomic():
        groups = store.db.execute(
            "SELECT DISTINCT a.rule, d.channel, d.stage FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id"
            " WHERE d.message_id IS NULL AND d.due_at <= ?",
            [now_s],
        ).fetchall()
        for rule, channel, stage in groups:
            # Everything waiting for this rule and channel goes together, due or about to be.
            ids = [row[0] for row in store.db.execute(
                "SELECT d.id FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id WHERE d.message_id IS NULL"
                " AND a.rule = ? AND d.channel = ? AND d.stage = ? ORDER BY d.alert_id",
                [rule, channel, stage],
            )]
            for start in range(0, len(ids), MAX_ALERTS_PER_MESSAGE):
                chunk = ids[start:start + MAX_ALERTS_PER_MESSAGE]
                message_id = store.db.execute(
                    "INSERT INTO alert_messages (key, rule, channel, stage, created_at, next_attempt_at)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    [secrets.token_hex(16), rule, channel, stage, now_s, now_s],
                ).lastrowid
                marks = ",".join("?" * len(chunk))
                store.db.execute(
                    f"UPDATE alert_deliveries SET message_id = ? WHERE id IN ({marks})",  # noqa: S608 - placeholders
                    [message_id, *chunk],
                )
                packed += 1
    return packed


def due_messages(store: Store, now: datetime | None = None, limit: int = 50) -> list[Message]:
    now_s = to_db(now or utcnow())
    rows = store.db.execute(
        "SELECT id, key, rule, channel, stage, attempts FROM alert_messages"
        " WHERE delivered_at IS NULL AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?",
        [now_s, limit],
    ).fetchall()
    out = []
    for row in rows:
        alert_ids = tuple(r[0] for r in store.db.execute(
            "SELECT alert_id FROM alert_deliveries WHERE message_id = ? ORDER BY alert_id", [row[0]]
        ))
        out.append(Message(row[0], row[1], row[2], row[3], row[4], row[5], alert_ids))
    return out


def record_attempt(store: Store, message: Message, error: str | None, now: datetime | None = None) -> None:
    """A delivered message marks its deliveries delivered; a failed one is retried after a backoff."""
    now = now or utcnow()
    now_s = to_db(now)
    attempts = message.attempts + 1
    with store.db.atomic():
        if error is None:
            store.db.execute(
                "UPDATE alert_messages SET attempts = ?, delivered_at = ?, error = NULL WHERE id = ?",
                [attempts, now_s, message.id],
            )
            store.db.execute("UPDATE alert_deliveries SET delivered_at = ? WHERE message_id = ?", [now_s, message.id])
        else:
            store.db.execute(
                "UPDATE alert_messages SET attempts = ?, error = ?, next_attempt_at = ? WHERE id = ?",
                [attempts, error[:500], to_db(now + retry_delay(attempts)), message.id],
            )


def next_wakeup(store: Store) -> datetime | None:
    """When the worker has something to do next (a due delivery or a retry), if ever."""
    row = store.db.execute(
        "SELECT min(t) FROM (SELECT min(due_at) AS t FROM alert_deliveries WHERE message_id IS NULL"
        " UNION ALL SELECT min(next_attempt_at) FROM alert_messages WHERE delivered_at IS NULL)"
    ).fetchone()
    return from_db(row[0]) if row and row[0] else None


# -- marks: watermarks and open episodes ------------------------------------------------------------


def get_mark(store: Store, key: str) -> str | None:
    row = store.db.execute("SELECT value FROM alert_marks WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def set_mark(store: Store, key: str, value: str, now: datetime | None = None) -> None:
    store.db.execute(
        "INSERT INTO alert_marks (key, value, updated_at) VALUES (?, ?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        [key, value, to_db(now or utcnow())],
    )


def drop_mark(store: Store, key: str) -> None:
    store.db.execute("DELETE FROM alert_marks WHERE key = ?", [key])


# -- acknowledgement and escalation ---------------------------------------------------------------


def sync_acknowledgements(store: Store) -> int:
    """Mark alerts acknowledged by the first audited triage action on their reply after the alert.

    Any action counts (status, assignment, note, label correction), and so does the department
    answering on the platform (recorded by ``system``); a tombstone does not.
    """
    first = (
        "SELECT {col} FROM audit_log l WHERE l.uid = alerts.uid AND l.at >= alerts.created_at"
        " AND l.field != 'tombstone' ORDER BY l.at, l.id LIMIT 1"
    )
    with store.db.atomic():
        cursor = store.db.execute(
            f"UPDATE alerts SET acknowledged_at = ({first.format(col='l.at')}),"  # noqa: S608 - constant text
            f" acknowledged_by = ({first.format(col='l.actor')})"
            " WHERE acknowledged_at IS NULL AND uid IS NOT NULL AND EXISTS"
            " (SELECT 1 FROM audit_log l WHERE l.uid = alerts.uid AND l.at >= alerts.created_at"
            " AND l.field != 'tombstone')"
        )
    return cursor.rowcount


def escalate_unacknowledged(
    store: Store, rule: str, after: timedelta, channels: Sequence[str], now: datetime | None = None
) -> int:
    """Give ``rule``'s alerts still unacknowledged after ``after`` an escalation delivery per channel."""
    now = now or utcnow()
    now_s = to_db(now)
    with store.db.atomic():
        ids = [row[0] for row in store.db.execute(
            "SELECT id FROM alerts WHERE rule = ? AND acknowledged_at IS NULL AND escalated_at IS NULL"
            " AND created_at <= ?",
            [rule, to_db(now - after)],
        )]
        for alert_id in ids:
            add_deliveries(store, alert_id, channels, "escalation", now_s)
            store.db.execute("UPDATE alerts SET escalated_at = ? WHERE id = ?", [now_s, alert_id])
    return len(ids)


def recent(store: Store, since: datetime, limit: int = 200) -> list[dict[str, Any]]:
    """Alerts since ``since`` with each channel's delivery state (for ``engage alerts list`` and handover)."""
    alerts = [dict(r) for r in store.db.query(
        "SELECT id, rule, kind, uid, title, created_at, acknowledged_at, acknowledged_by, escalated_at"
        " FROM alerts WHERE created_at >= ? ORDER BY created_at DESC, id DESC LIMIT ?",
        [to_db(since), limit],
    )]
    for alert in alerts:
        alert["deliveries"] = [dict(r) for r in store.db.query(
            "SELECT d.channel, d.stage, d.delivered_at, m.attempts, m.error FROM alert_deliveries d"
            " LEFT JOIN alert_messages m ON m.id = d.message_id WHERE d.alert_id = ? ORDER BY d.stage, d.channel",
            [alert["id"]],
        )]
    return alerts


def alerted_uids(store: Store, uids: Sequence[str]) -> set[str]:
    """Which of ``uids`` raised an alert (the inbox marks them)."""
    if not uids:
        return set()
    marks = ",".join("?" * len(uids))
    sql = f"SELECT DISTINCT uid FROM alerts WHERE uid IN ({marks})"  # noqa: S608 - placeholders only
    return {row[0] for row in store.db.execute(sql, list(uids))}
