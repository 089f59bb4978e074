"""Hiding a public comment, only for a reason from the department's published moderation policy.

Hiding is reversible (unhide) and never a deletion: engage has no delete path at all. Each hide and
unhide is a ``moderation_actions`` row and an ``audit_log`` row (reason and comment text), made
after the platform accepted it; the weekly report counts the week's hides by reason.
"""

from __future__ import annotations

from datetime import datetime

from connectors.writing import WriteError, Writer
from engage.answering.drafts import audit_moderation
from engage.answering.machine import APPROVERS, AnswerError
from engage.config import Config
from engage.errors import error_line
from engage.store import Store
from engage.timeutil import to_db, utcnow


def is_hidden(store: Store, uid: str) -> bool:
    row = store.db.execute("SELECT hidden FROM moderation_actions WHERE uid = ? ORDER BY id DESC LIMIT 1",
                           [uid]).fetchone()
    return bool(row and row[0])


def history(store: Store, uid: str) -> list[dict[str, object]]:
    return list(store.db.query("SELECT hidden, reason, actor, at, dry_run FROM moderation_actions WHERE uid = ?"
                               " ORDER BY id", [uid]))


def set_hidden(store: Store, config: Config, uid: str, hidden: bool, reason: str, *, actor: str, role: str,
               writer: Writer, dry_run: bool = False, now: datetime | None = None) -> None:
    """Hide (reason from ``answering.moderation_reasons``) or unhide (a reason required) a public comment."""
    if role not in APPROVERS:
        raise AnswerError("only an approver or an admin hides or unhides comments")
    reason = " ".join(reason.split())
    if hidden and reason not in config.answering.moderation_reasons:
        raise AnswerError(f"a comment is hidden only for a reason in the moderation policy "
                          f"({'; '.join(config.answering.moderation_reasons)})")
    if not hidden and not 1 <= len(reason) <= 200:
        raise AnswerError("say why the comment is shown again (1-200 characters)")
    row = store.db.execute("SELECT native_id, text, is_department FROM posts WHERE uid = ?", [uid]).fetchone()
    if row is None or row[2]:
        raise AnswerError(f"{uid}: not a public comment")
    if is_hidden(store, uid) == hidden:
        raise AnswerError(f"{uid} is already {'hidden' if hidden else 'visible'}")
    if not writer.can_hide:
        raise AnswerError(f"{writer.platform}: comments cannot be hidden through this platform's API")
    now_s = to_db(now or utcnow())
    verb = "hidden" if hidden else "unhidden"
    try:
        writer.set_hidden(row[0], hidden)
    except WriteError as exc:
        line = f"{exc.kind}: {error_line(exc)}"
        with store.db.atomic():
            audit_moderation(store, uid, actor, now_s, "moderation_failed", f"{verb} refused: {line}", row[1] or "")
        raise AnswerError(f"not {verb} ({line})") from None
    with store.db.atomic():
        store.db["moderation_actions"].insert({"uid": uid, "hidden": int(hidden), "reason": reason, "actor": actor,
                                               "at": now_s, "dry_run": int(dry_run)})
        audit_moderation(store, uid, actor, now_s, verb, reason, row[1] or "")


def hidden_by_reason(store: Store, start: datetime, end: datetime) -> list[tuple[str, int]]:
    """Comments hidden in [start, end) by reason, most first (dry-run hides are not counted)."""
    return [(r[0], r[1]) for r in store.db.execute(
        "SELECT reason, count(*) FROM moderation_actions WHERE hidden = 1 AND dry_run = 0 AND at >= ? AND at < ?"
        " GROUP BY reason ORDER BY count(*) DESC, reason", [to_db(start), to_db(end)])]
