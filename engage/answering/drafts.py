"""Answer drafts in the store: each change goes through :func:`~engage.answering.machine.transition`
and is written with its ``audit_log`` row (the draft's text in ``after``) in one transaction.

A change is applied only if the draft is still in the state it was read in (``UPDATE ... WHERE
state = ?``), so two people acting on one draft at once cannot both win.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from engage.answering.machine import OPEN, Action, AnswerError, State, transition
from engage.answering.settings import SendPolicy
from engage.store import Store
from engage.timeutil import to_db, utcnow

MAX_TEXT = 10_000  # above every platform's limit: a bound on what a form may store


@dataclass(frozen=True)
class Draft:
    id: int
    uid: str
    author: str
    text: str
    state: State
    key: str | None
    approved_by: str | None
    return_comment: str | None
    error: str | None
    sent_uid: str | None
    sent_native_id: str | None
    sent_at: str | None
    dry_run: bool
    updated_at: str
    updated_by: str


@dataclass(frozen=True)
class Collision:
    """Someone else's work on the same reply: an open draft, or an answer already given."""

    who: str
    what: str
    at: str


def _draft(row: dict[str, Any]) -> Draft:
    return Draft(
        row["id"], row["uid"], row["author"], row["text"], row["state"], row["key"], row["approved_by"],
        row["return_comment"], row["error"], row["sent_uid"], row["sent_native_id"], row["sent_at"],
        bool(row["dry_run"]), row["updated_at"], row["updated_by"],
    )


def get_draft(store: Store, draft_id: int) -> Draft:
    rows = list(store.db.query("SELECT * FROM answer_drafts WHERE id = ?", [draft_id]))
    if not rows:
        raise AnswerError(f"no answer draft {draft_id}")
    return _draft(rows[0])


def drafts_for(store: Store, uid: str) -> list[Draft]:
    """The reply's drafts, newest first."""
    return [_draft(r) for r in store.db.query(
        "SELECT * FROM answer_drafts WHERE uid = ? ORDER BY updated_at DESC, id DESC", [uid])]


def audit(store: Store, draft_id: int, uid: str, actor: str, now_s: str, field: str, note: str,
          text: str) -> None:
    """One ``audit_log`` row of an answer: ``before`` is ``#<draft> <note>`` (the state it left, an error,
    the platform id), ``after`` the text as it stood (or was sent)."""
    store.db["audit_log"].insert({"uid": uid, "at": now_s, "actor": actor, "field": field,
                                  "before": f"#{draft_id} {note}", "after": text})


def clean_text(text: str, max_chars: int) -> str:
    """The answer as it will be sent: trimmed, not empty, within the platform's limit."""
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise AnswerError("the answer is empty")
    limit = min(max_chars, MAX_TEXT)
    if len(text) > limit:
        raise AnswerError(f"the answer is {len(text)} characters; this platform allows {limit}")
    return text


def _is_answerable(store: Store, uid: str) -> None:
    if not store.db.execute("SELECT 1 FROM triage WHERE uid = ?", [uid]).fetchone():
        raise AnswerError(f"{uid}: not a public reply in the triage inbox")


def change(store: Store, draft: Draft, action: Action, *, actor: str, role: str, policy: SendPolicy,
           now: datetime, note: str | None = None, **updates: Any) -> Draft:
    """Apply ``action`` to ``draft`` (as read) with ``updates``, audited; caller may hold the transaction."""
    new_state = transition(draft.state, action, policy=policy, role=role, is_author=actor == draft.author)
    now_s = to_db(now)
    values = {**updates, "state": new_state, "updated_at": now_s, "updated_by": actor}
    sets = ", ".join(f"{k} = :{k}" for k in values)
    with store.db.atomic():
        cursor = store.db.execute(
            f"UPDATE answer_drafts SET {sets} WHERE id = :id AND state = :old",  # noqa: S608 - column names only
            {**values, "id": draft.id, "old": draft.state},
        )
        if cursor.rowcount != 1:
            raise AnswerError("someone changed this draft meanwhile: reload the page")
        audit(store, draft.id, draft.uid, actor, now_s, f"answer_{new_state}", note or draft.state,
              updates.get("text", draft.text))
    return get_draft(store, draft.id)


def save(store: Store, uid: str, text: str, *, actor: str, role: str, policy: SendPolicy, max_chars: int,
         draft_id: int | None = None, now: datetime | None = None) -> Draft:
    """Create a draft for ``uid`` or replace the text of the actor's own draft (back to ``draft``)."""
    now = now or utcnow()
    text = clean_text(text, max_chars)
    if draft_id is not None:
        draft = get_draft(store, draft_id)
        if draft.uid != uid:
            raise AnswerError(f"draft {draft_id} is not on {uid}")
        if draft.author != actor:
            raise AnswerError(f"this draft is {draft.author}'s: return it with a comment instead of editing it")
        return change(store, draft, "edit", actor=actor, role=role, policy=policy, now=now, text=text,
                      approved_by=None, error=None)
    transition("draft", "edit", policy=policy, role=role, is_author=True)
    _is_answerable(store, uid)
    now_s = to_db(now)
    with store.db.atomic():
        table = store.db["answer_drafts"]
        table.insert({"uid": uid, "author": actor, "text": text, "state": "draft", "created_at": now_s,
                      "updated_at": now_s, "updated_by": actor})
        new_id = int(table.last_pk)
        audit(store, new_id, uid, actor, now_s, "answer_draft", "new", text)
    return get_draft(store, new_id)


def collisions(store: Store, uid: str, *, actor: str, minutes: int, now: datetime | None = None,
               exclude_draft: int | None = None) -> list[Collision]:
    """Other people's open drafts on ``uid`` changed in the last ``minutes``, and every answer already given.

    An answer already sent or collected (however long ago) is always listed: answering twice is the
    accident this guards against.
    """
    since = to_db((now or utcnow()) - timedelta(minutes=minutes))
    open_states = sorted(OPEN)
    marks = ", ".join("?" * len(open_states))
    found = [Collision(r["author"], f"has a draft {r['state']}", r["updated_at"]) for r in store.db.query(
        "SELECT author, state, updated_at FROM answer_drafts WHERE uid = ? AND author <> ? AND id IS NOT ?"  # noqa: S608
        f" AND state IN ({marks}) AND updated_at >= ? ORDER BY updated_at",
        [uid, actor, exclude_draft, *open_states, since])]
    for r in store.db.query("SELECT updated_by, state, updated_at FROM answer_drafts"
                            " WHERE uid = ? AND state IN ('sending', 'sent')", [uid]):
        what = "is sending an answer" if r["state"] == "sending" else "answered from engage"
        found.append(Collision(r["updated_by"], what, r["updated_at"]))
    found += [Collision(r["account"], "answered on the platform", r["created_at"]) for r in store.db.query(
        "SELECT p.account, p.created_at FROM posts p WHERE p.parent_uid = ? AND +p.is_department = 1"
        " AND NOT EXISTS (SELECT 1 FROM answer_drafts d WHERE d.sent_uid = p.uid) ORDER BY p.created_at", [uid])]
    return found


def collision_token(found: list[Collision]) -> str:
    """What the editor showed: the send is refused if the server now sees something else."""
    text = "\n".join(f"{c.who}\x1f{c.what}\x1f{c.at}" for c in found)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def decide(store: Store, draft_id: int, action: Action, *, actor: str, role: str, policy: SendPolicy,
           comment: str = "", now: datetime | None = None) -> Draft:
    """Submit, approve or return (with a comment, required) a draft."""
    if action not in ("submit", "approve", "return"):
        raise AnswerError(f"unknown decision {action!r}")
    comment = " ".join(comment.split())[:1000]
    if action == "return" and not comment:
        raise AnswerError("say why the draft is returned: the comment is required")
    draft = get_draft(store, draft_id)
    extra: dict[str, Any] = {"approved_by": actor} if action == "approve" else {}
    if action == "return":
        extra["return_comment"] = comment
    return change(store, draft, action, actor=actor, role=role, policy=policy, now=now or utcnow(),
                  note=f"returned: {comment}" if comment else None, **extra)


def audit_moderation(store: Store, uid: str, actor: str, now_s: str, field: str, note: str, text: str) -> None:
    """The ``audit_log`` row of a hide or unhide: ``before`` the reason, ``after`` the comment's text."""
    store.db["audit_log"].insert({"uid": uid, "at": now_s, "actor": actor, "field": field, "before": note,
                                  "after": text})
