"""Saved replies: the desk's standard answers (non-emergency number, how to report online), by key.

Admins manage them; anyone drafting inserts one by its key. A saved reply may use the placeholders
in :data:`PLACEHOLDERS`, filled in when it is inserted; any other ``{name}`` is refused when it is
saved, so a typo never reaches the public.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime

from engage.answering.drafts import MAX_TEXT
from engage.answering.machine import AnswerError
from engage.store import Store
from engage.timeutil import to_db, utcnow

log = logging.getLogger(__name__)

KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
PLACEHOLDERS = {"handle": "the @handle of the person answered", "department": "the department's name"}
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class SavedReply:
    key: str
    title: str
    text: str
    updated_by: str
    updated_at: str


def check(key: str, title: str, text: str) -> tuple[str, str, str]:
    key, title, text = key.strip().lower(), " ".join(title.split()), text.replace("\r\n", "\n").strip()
    if not KEY.match(key):
        raise AnswerError(f"saved reply key {key!r}: use 1-32 lower-case letters, digits, '_' or '-'")
    if not title or len(title) > 120:
        raise AnswerError("a saved reply needs a title of 1-120 characters")
    if not text or len(text) > MAX_TEXT:
        raise AnswerError(f"a saved reply needs a text of 1-{MAX_TEXT} characters")
    unknown = sorted({m for m in _PLACEHOLDER.findall(text) if m not in PLACEHOLDERS})
    if unknown:
        raise AnswerError(f"saved reply {key!r}: unknown placeholder {{{unknown[0]}}} "
                          f"(use {', '.join('{' + p + '}' for p in PLACEHOLDERS)})")
    return key, title, text


def put(store: Store, key: str, title: str, text: str, *, actor: str, now: datetime | None = None) -> SavedReply:
    """Add or replace the saved reply ``key``."""
    key, title, text = check(key, title, text)
    with store.db.atomic():
        store.db["saved_replies"].upsert(
            {"key": key, "title": title, "text": text, "updated_by": actor, "updated_at": to_db(now or utcnow())},
            pk="key")
    log.info("saved reply %s saved by %s", key, actor)
    return get(store, key)


def remove(store: Store, key: str, *, actor: str) -> None:
    with store.db.atomic():
        if store.db.execute("DELETE FROM saved_replies WHERE key = ?", [key]).rowcount != 1:
            raise AnswerError(f"no saved reply {key!r}")
    log.info("saved reply %s removed by %s", key, actor)


def get(store: Store, key: str) -> SavedReply:
    rows = list(store.db.query("SELECT * FROM saved_replies WHERE key = ?", [key]))
    if not rows:
        raise AnswerError(f"no saved reply {key!r}")
    return SavedReply(**rows[0])


def all_saved(store: Store) -> list[SavedReply]:
    return [SavedReply(**r) for r in store.db.query("SELECT * FROM saved_replies ORDER BY key")]


def fill(reply: SavedReply, *, handle: str | None, department: str) -> str:
    """The saved reply's text with its placeholders filled in (``{handle}`` as ``@handle``, or empty)."""
    values = {"handle": f"@{handle}" if handle else "", "department": department}
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), reply.text).strip()
