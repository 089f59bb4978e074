"""Sending an approved (or, under ``direct``, a written) answer through the platform, exactly once.

The order is the point: the draft is stored as ``sending`` with a fresh key (a partial unique index
allows one ``sending``/``sent`` draft per reply) and committed *before* :meth:`Writer.reply` is called;
the platform's id and ``created_at`` are recorded after, together with the answer as a department
record whose parent is the reply, through :meth:`Store.upsert_records`, the path a collected answer
takes, so the triage item becomes ``responded`` and the response clock stops at the platform's time
at once. If the process dies between the call and that record, the draft stays ``sending`` and
blocks any second send; :func:`reconcile` links it when the answer is collected back.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from connectors.base import AccountRef, ConnectorError, Record, make_uid
from connectors.writing import ReplyTarget, Sent, WriteError, Writer
from engage import triage
from engage.answering import drafts
from engage.answering.machine import SYSTEM, AnswerError
from engage.answering.settings import SendPolicy
from engage.config import Account, Config
from engage.connectors_factory import build_context
from engage.errors import error_line
from engage.platforms import platforms
from engage.store import Store
from engage.timeutil import to_db, utcnow

log = logging.getLogger(__name__)

UNKNOWN_LIMIT = 2_000  # a platform whose registry entry names no reply limit
DRY_RUN_PREFIX = "dry-run-"


class DryRunWriter:
    """The ``answering.dry_run`` writer: says what would be sent and fakes the platform's answer.

    The fake id starts ``dry-run-`` so it can never be taken for a real post.
    """

    can_hide = True

    def __init__(self, platform: str, clock: Callable[[], datetime] = utcnow) -> None:
        self.platform = platform
        self.max_chars = documented_limit(platform)
        self._clock = clock

    def reply(self, target: ReplyTarget, text: str) -> Sent:
        log.info("dry run: would answer %s:%s on %s (%d characters)", self.platform, target.native_id,
                 target.account.handle, len(text))
        return Sent(f"{DRY_RUN_PREFIX}{uuid.uuid4().hex[:12]}", self._clock())

    def set_hidden(self, native_id: str, hidden: bool) -> None:
        log.info("dry run: would %s %s:%s", "hide" if hidden else "unhide", self.platform, native_id)


@dataclass(frozen=True)
class Item:
    """The public reply being answered, as the send path needs it."""

    uid: str
    platform: str
    native_id: str
    account: str
    author_handle: str | None
    root_uid: str | None
    root_native_id: str | None


def item(store: Store, uid: str) -> Item:
    rows = list(store.db.query(
        "SELECT p.uid, p.platform, p.native_id, p.account, p.author_handle, p.root_uid, r.native_id AS root_native"
        " FROM posts p LEFT JOIN posts r ON r.uid = p.root_uid WHERE p.uid = ?", [uid]))
    if not rows:
        raise AnswerError(f"{uid}: no such reply")
    r = rows[0]
    return Item(r["uid"], r["platform"], r["native_id"], r["account"], r["author_handle"], r["root_uid"],
                r["root_native"])


def account_for(config: Config, platform: str, handle: str) -> Account | None:
    return next((a for a in config.accounts if a.platform == platform and a.handle == handle), None)


def policy_for(config: Config, it: Item) -> SendPolicy:
    """The account's send policy; a reply on an account no longer configured needs approval."""
    account = account_for(config, it.platform, it.account)
    return account.send_policy if account else "approval"


def build_writer(config: Config, it: Item, clock: Callable[[], datetime] = utcnow) -> Writer:
    """The account's writer (its write credentials), or the dry-run writer; AnswerError when none exists."""
    if config.answering.dry_run:
        return DryRunWriter(it.platform, clock)
    account = account_for(config, it.platform, it.account)
    spec = platforms().get(it.platform)
    if account is None or spec is None:
        raise AnswerError(f"{it.platform} account {it.account!r} is not in config.yaml: answers cannot be sent")
    if spec.writer is None:
        raise AnswerError(f"{spec.title}: answers cannot be sent from engage on this platform yet")
    try:
        return spec.writer(build_context(config, account))
    except ConnectorError as exc:
        raise AnswerError(f"{spec.title} account {account.handle}: {exc}") from None


def max_chars(config: Config, it: Item) -> int:
    """The reply limit the editor counts against: the writer's, else the platform's documented one."""
    try:
        return build_writer(config, it).max_chars
    except AnswerError:
        return documented_limit(it.platform)


def documented_limit(platform: str) -> int:
    """The platform's reply limit as its registry entry documents it (what its writer enforces)."""
    spec = platforms().get(platform)
    return spec.reply_chars if spec and spec.reply_chars else UNKNOWN_LIMIT


def target(it: Item) -> ReplyTarget:
    return ReplyTarget(account=AccountRef(it.platform, it.account), native_id=it.native_id,
                       root_native_id=it.root_native_id, author_handle=it.author_handle)


def send(store: Store, config: Config, draft_id: int, *, actor: str, role: str, writer: Writer,
         collision_ack: str, now: Callable[[], datetime] = utcnow) -> drafts.Draft:
    """Send draft ``draft_id`` once; returns it ``sent``, or raises AnswerError (``failed`` is stored first).

    ``collision_ack`` is :func:`drafts.collision_token` of what the editor showed: if the server now
    sees a colleague's draft or answer the page did not show, nothing is sent.
    """
    draft = drafts.get_draft(store, draft_id)
    it = item(store, draft.uid)
    policy = policy_for(config, it)
    found = drafts.collisions(store, it.uid, actor=actor, minutes=config.answering.collision_minutes,
                              now=now(), exclude_draft=draft.id)
    if found and drafts.collision_token(found) != collision_ack:
        first = found[0]
        raise AnswerError(f"not sent: {first.who} {first.what} (at {first.at}); read the thread and send again "
                          "if a second answer is right")
    text = drafts.clean_text(draft.text, writer.max_chars)
    try:
        draft = drafts.change(store, draft, "send", actor=actor, role=role, policy=policy, now=now(),
                              key=uuid.uuid4().hex, dry_run=int(isinstance(writer, DryRunWriter)), error=None)
    except sqlite3.IntegrityError:
        raise AnswerError("not sent: this reply already has an answer being sent or sent") from None
    try:
        sent = writer.reply(target(it), text)
    except WriteError as exc:
        line = f"{exc.kind}: {error_line(exc)}"
        drafts.change(store, draft, "fail", actor=actor, role=SYSTEM, policy=policy, now=now(), note=line, error=line)
        if exc.kind == "parent_gone":  # nothing left to answer: the item leaves the open inbox, audited
            triage.set_status(store, it.uid, "no_action", actor=SYSTEM, now=now())
        raise AnswerError(f"not sent ({line})") from None
    except Exception as exc:  # the platform may have posted it: keep 'sending', match it when collected back
        log.error("answer %s: no confirmation from %s (%s); left 'sending' until collected back", draft.id,
                  it.platform, type(exc).__name__)
        raise AnswerError("the platform did not confirm the answer: it stays 'sending' and is matched when "
                          "the account is next collected (it is never sent again)") from None
    return record_sent(store, draft, it, text, sent, actor=actor, policy=policy, now=now())


def record_sent(store: Store, draft: drafts.Draft, it: Item, text: str, sent: Sent, *, actor: str,
                policy: SendPolicy, now: datetime) -> drafts.Draft:
    """The platform's answer: the draft ``sent`` and the answer stored as the reply's department response."""
    sent_uid = make_uid(it.platform, sent.native_id)
    record = Record(uid=sent_uid, platform=it.platform, native_id=sent.native_id, account=it.account,
                    is_department=True, kind="reply", text=text, created_at=sent.created_at,
                    parent_uid=it.uid, root_uid=it.root_uid or it.uid)
    with store.db.atomic():
        store.upsert_records([record], now=now)
        return drafts.change(store, draft, "sent", actor=actor, role=SYSTEM, policy=policy, now=now,
                             note=sent.native_id, sent_uid=sent_uid, sent_native_id=sent.native_id,
                             sent_at=to_db(sent.created_at))


_MENTIONS = re.compile(r"^(?:@[\w.@-]+\s+)+")
_LINKS = re.compile(r"https?://\S+")


def normalised(text: str) -> str:
    """Text as compared when matching a collected answer: leading @mentions (Mastodon adds them), links
    (X rewrites them to t.co), whitespace and case do not count."""
    return " ".join(_LINKS.sub("", _MENTIONS.sub("", text.strip())).split()).casefold()


def reconcile(store: Store, records: Sequence[Record], now: datetime | None = None) -> int:
    """Link ``sending`` drafts to department answers just collected (caller holds the page's transaction).

    A draft whose platform call never confirmed is matched by parent (the reply), a department author
    and the same text normalised; it becomes ``sent`` with the collected id and time. Returns how many.
    """
    answers = [r for r in records if r.is_department and r.parent_uid]
    if not answers:
        return 0
    linked = 0
    now_s = to_db(now or utcnow())
    for rec in answers:
        row = store.db.execute(
            "SELECT id, uid, text, updated_by FROM answer_drafts WHERE uid = ? AND state = 'sending'",
            [rec.parent_uid]).fetchone()
        if row is None or normalised(row[2]) != normalised(rec.text):
            continue
        store.db.execute(
            "UPDATE answer_drafts SET state = 'sent', sent_uid = ?, sent_native_id = ?, sent_at = ?, updated_at = ?,"
            " updated_by = ? WHERE id = ? AND state = 'sending'",
            [rec.uid, rec.native_id, to_db(rec.created_at), now_s, SYSTEM, row[0]])
        drafts.audit(store, row[0], row[1], SYSTEM, now_s, "answer_sent",
                     f"matched when collected back: {rec.native_id}", row[2])
        linked += 1
    return linked

