"""The delivery worker: pack due deliveries into messages, send each, record the outcome, back off.

One pass (:meth:`DeliveryWorker.run_once`) commits the packing before any attempt and each attempt's
outcome right after it, so ``kill -9`` at any point leaves every alert either delivered (and recorded)
or still pending; the next pass resends pending messages under their original key. Channels fail
independently: a dead Teams webhook delays only the Teams messages.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from urllib.parse import quote

from engage.alerts import outbox
from engage.alerts.channels import DeliveryError, Item, Rendered, Sender
from engage.config import Config
from engage.labels import REPLY_TASKS
from engage.store import Store
from engage.timeutil import utcnow
from models.tasks import BINARY, REGISTRY

log = logging.getLogger(__name__)

POLL = timedelta(seconds=5)  # the longest the drain loop sleeps before looking again



def engage_link(config: Config, uid: str | None) -> str | None:
    """The reply's thread in the inbox (needs ``alerts.public_url``)."""
    if not uid or not config.alerts.public_url:
        return None
    return f"{config.alerts.public_url.rstrip('/')}/thread?uid={quote(uid, safe='')}"


def _labels(store: Store, uid: str) -> tuple[str, ...]:
    rows = store.db.execute(
        "SELECT task, label FROM current_labels WHERE uid = ? ORDER BY task, label", [uid]
    ).fetchall()
    out = []
    for task, label in rows:
        if task not in REPLY_TASKS or label in ("none", "no"):
            continue
        # a yes/no task is shown by its name (urgent), any other by its label (negative, a topic)
        out.append(task.replace("_", " ") if REGISTRY[task].labels == BINARY else label)
    return tuple(sorted(set(out), key=out.index))


def item_for(store: Store, config: Config, alert_id: int) -> Item:
    """What a message says about one alert: our title, and the reply's text, labels and links."""
    from engage.web.links import original_link

    alert = store.db.execute("SELECT title, uid FROM alerts WHERE id = ?", [alert_id]).fetchone()
    title, uid = alert[0], alert[1]
    post = store.db.execute(
        "SELECT platform, account, author_handle, text, created_at, native_id, root_uid FROM posts WHERE uid = ?",
        [uid],
    ).fetchone() if uid else None
    if post is None:
        return Item(title=title, alert_id=alert_id)
    return Item(
        title=title, text=post[3], platform=post[0], account=post[1], author=post[2], created_at=post[4],
        labels=_labels(store, uid), thread_url=original_link(post[0], post[5], post[6], credentials=config.credentials),
        engage_url=engage_link(config, uid), uid=uid, alert_id=alert_id,
    )


def render(store: Store, config: Config, message: outbox.Message) -> Rendered:
    kind_row = store.db.execute("SELECT kind FROM alerts WHERE id = ?", [message.alert_ids[0]]).fetchone()
    return Rendered(
        key=message.key, rule=message.rule, kind=kind_row[0] if kind_row else "alert", stage=message.stage,
        items=tuple(item_for(store, config, a) for a in message.alert_ids), department=config.department.name,
    )


class DeliveryWorker:
    """Sends what the outbox holds. ``send`` is replaceable so tests can interpose a crash."""

    def __init__(self, config: Config, sender: Sender | None = None,
                 should_stop: Callable[[], bool] | None = None) -> None:
        self.config = config
        self.sender = sender or Sender(config)
        self.should_stop = should_stop or (lambda: False)

    def close(self) -> None:
        self.sender.close()

    def run_once(self, store: Store, now: datetime | None = None) -> int:
        """Pack, then attempt every due message once; return how many were delivered."""
        outbox.pack_due(store, now)
        delivered = 0
        for message in outbox.due_messages(store, now):
            if self.should_stop():
                break
            if not message.alert_ids:  # its alerts were removed (cannot happen through engage)
                outbox.record_attempt(store, message, None)
                continue
            error = None
            try:
                self.sender.send(message.channel, render(store, self.config, message))
            except DeliveryError as exc:
                error = str(exc)
            outbox.record_attempt(store, message, error, utcnow() if now is None else now)
            if error is None:
                delivered += 1
                log.info("alert delivered rule=%s channel=%s stage=%s alerts=%d attempt=%d",
                         message.rule, message.channel, message.stage, len(message.alert_ids), message.attempts + 1)
            else:
                log.warning("alert delivery failed rule=%s channel=%s attempt=%d error=%r; retrying in %.0f s",
                            message.rule, message.channel, message.attempts + 1, error,
                            outbox.retry_delay(message.attempts + 1).total_seconds())
        return delivered

    def drain(self, store: Store, wake: threading.Event) -> None:
        """Deliver until nothing is due within ``POLL``; ``wake`` (set when alerts are raised) cuts a wait short."""
        while not self.should_stop():
            wake.clear()
            self.run_once(store)
            upcoming = outbox.next_wakeup(store)
            if upcoming is None:
                return
            wait = (upcoming - utcnow()).total_seconds()
            if wait > POLL.total_seconds():
                return
            if wait > 0:
                wake.wait(wait)
