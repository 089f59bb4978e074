"""The write side of a platform: answering a public reply and hiding a comment, with write credentials.

A platform that can answer from ``engage`` gives its ``PlatformSpec`` a ``writer`` factory. The
writer is built from *write* credentials (env-var names of their own in the platform's credentials
model, never the read token) and knows nothing of drafts, approval or the database: the application
decides what may be sent, records the send as ``sending`` with its key before calling
:meth:`Writer.reply`, and records the platform id after. A crash between the two is reconciled when
the answer is collected back (see the application's answering module), so a writer never retries a
send on its own after the platform may have accepted it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol, runtime_checkable

from connectors.base import AccountRef, ConnectorError

WriteFailure = Literal["rate_limited", "duplicate", "parent_gone", "permission", "too_long", "unsupported", "other"]


class WriteError(ConnectorError):
    """A send or hide the platform refused; ``str()`` is one line for the UI and the audit log.

    ``kind`` lets the application decide: ``rate_limited`` may be tried again later by a person,
    ``parent_gone`` closes the item, the others need someone to act. Never carries a secret.
    """

    def __init__(self, kind: WriteFailure, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class ReplyTarget:
    """The public item being answered, as the platform needs it (ids only, no public text).

    ``native_id`` is the item's platform id; ``root_native_id`` its conversation's root where the
    platform threads by root (Bluesky reply refs need both). ``refs`` carries platform extras the
    application already has, as ``(key, value)`` pairs: Bluesky reads ``("cid", <parent cid>)``
    and ``("root_cid", <root cid>)``, and looks up whatever is missing.
    """

    account: AccountRef
    native_id: str
    root_native_id: str | None = None
    author_handle: str | None = None
    refs: tuple[tuple[str, str], ...] = ()

    def ref(self, key: str) -> str | None:
        """The value of one of ``refs``, or ``None``."""
        return dict(self.refs).get(key)


@dataclass(frozen=True)
class Sent:
    """What the platform answered: the new post's id and its own creation time (the response clock)."""

    native_id: str
    created_at: datetime


def check_length(platform: str, text: str, max_chars: int, length: int | None = None) -> None:
    """Refuse an empty answer or one over the platform's limit before any request is made.

    ``length`` is the text's length as the platform counts it (graphemes on Bluesky); ``len`` otherwise.
    """
    size = len(text) if length is None else length
    if not text.strip():
        raise WriteError("other", f"{platform}: the answer is empty")
    if size > max_chars:
        raise WriteError("too_long", f"{platform}: the answer is {size} characters; the limit is {max_chars}")


def require_named(platform: str, fields: Mapping[str, str | None]) -> None:
    """Refuse to build a writer while a write credential's env var is not named in config.

    ``fields`` maps each ``credentials.<platform>`` field a send needs to the env var name it holds.
    The read credentials never stand in: an account without its own write credentials cannot send.
    """
    missing = [name for name, value in fields.items() if not value]
    if missing:
        raise ConnectorError(f"{platform}: answers cannot be sent from engage: set "
                             f"{', '.join(f'credentials.{platform}.{name}' for name in missing)} "
                             "(write credentials of their own; the read credentials never send)")


def outcome_unknown(platform: str, what: str) -> WriteError:
    """The error for a request that may have reached the platform: never sent again by the writer."""
    return WriteError("other", f"{platform}: {what} after the request was sent; outcome unknown; "
                               "it will be matched when collected")


@runtime_checkable
class Writer(Protocol):
    """Answers and moderation for one account. ``max_chars`` is the platform's limit for a reply."""

    platform: str
    max_chars: int
    can_hide: bool

    def reply(self, target: ReplyTarget, text: str) -> Sent:
        """Post ``text`` as the account's answer to ``target``; raises :class:`WriteError`."""
        ...

    def set_hidden(self, native_id: str, hidden: bool) -> None:
        """Hide or unhide a public comment (never delete); ``WriteError("unsupported")`` where impossible."""
        ...


__all__ = ["ReplyTarget", "Sent", "WriteError", "WriteFailure", "Writer", "check_length", "outcome_unknown",
           "require_named"]
