"""Answering on Bluesky: an ``app.bsky.feed.post`` record with ``reply`` refs, through the atproto SDK.

A reply names its parent and its thread's root, each by ``uri`` and ``cid``. What the application
already has comes in :class:`~connectors.writing.ReplyTarget` (``native_id`` and ``root_native_id``
are AT URIs; ``refs`` may carry ``cid`` and ``root_cid``); whatever is missing is read with one
``app.bsky.feed.getPosts`` of the parent, whose own ``reply.root`` is the root when it is a reply.
Links in the text get ``app.bsky.richtext.facet#link`` facets (byte offsets, as the lexicon asks)
so they are clickable; @mentions are sent as plain text (a mention facet needs the person's DID).

The login is an *app password* of its own (``write_app_password_env``), kept in the process's
session pool under a key apart from the collector's, so ``createSession``'s daily limit is spent
once per process. ``createdAt`` is set here and is the answer's time (the AppView's ``sortAt`` is
the earlier of it and ``indexedAt``). Bluesky has no hiding of replies by the thread's author
(threadgates and moderation lists act on future replies, not one comment), so ``can_hide`` is False.

``createRecord`` is sent once. A refused session (expired or revoked token: the PDS applied nothing)
is created anew and the record sent once more; a timeout, dropped connection or 5xx after the
request left is ``WriteError("other", "... outcome unknown; it will be matched when collected")``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, MutableMapping
from datetime import UTC, datetime
from typing import Any

import httpx
import regex
from atproto import Client, models
from atproto_client import exceptions as xrpc
from atproto_client.request import Request

from connectors.writing import ReplyTarget, Sent, WriteError, check_length, outcome_unknown

MAX_GRAPHEMES = 300
TOKEN_ERRORS = frozenset({"ExpiredToken", "InvalidToken"})
_LINK = re.compile(r"https?://[^\s<>\"]+")
_TRAILING = ".,;:!?)]}'\""


def graphemes(text: str) -> int:
    """The text's length as Bluesky counts it: user-perceived characters (extended grapheme clusters)."""
    return len(regex.findall(r"\X", text))


def link_facets(text: str) -> list[models.AppBskyRichtextFacet.Main]:
    """One link facet per URL in ``text`` (trailing punctuation left out), at UTF-8 byte offsets."""
    facets = []
    for match in _LINK.finditer(text):
        url = match.group().rstrip(_TRAILING)
        start = len(text[: match.start()].encode())
        facets.append(models.AppBskyRichtextFacet.Main(
            index=models.AppBskyRichtextFacet.ByteSlice(byte_start=start, byte_end=start + len(url.encode())),
            features=[models.AppBskyRichtextFacet.Link(uri=url)],
        ))
    return facets


class BlueskyWriter:
    """Replies for one Bluesky account, logged in with its own app password."""

    platform = "bluesky"
    max_chars = MAX_GRAPHEMES
    can_hide = False

    def __init__(
        self,
        identifier: str,
        password: str,
        *,
        password_env: str,
        pds_url: str,
        sessions: MutableMapping[tuple[str, str], Client],
        transport: httpx.BaseTransport | None = None,
        timeout: float = 30.0,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._identifier = identifier
        self._password = password
        self.password_env = password_env
        self.pds_url = pds_url
        self._sessions = sessions
        self._key = (pds_url, f"write:{identifier.lower()}")  # never the collector's session
        self._transport = transport
        self._timeout = timeout
        self._clock = clock

    def reply(self, target: ReplyTarget, text: str) -> Sent:
        """Post ``text`` as a reply to ``target``; the new post's AT URI and its ``createdAt``."""
        check_length(self.platform, text, self.max_chars, graphemes(text))
        client = self._session()
        parent, root = self._refs(client, target)
        now = self._clock().astimezone(UTC)
        created = now.replace(microsecond=now.microsecond // 1000 * 1000)  # createdAt has milliseconds
        record = models.AppBskyFeedPost.Record(
            text=text, created_at=created.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            reply=models.AppBskyFeedPost.ReplyRef(parent=parent, root=root), facets=link_facets(text) or None,
        )
        try:
            made = self._create(client, record)
        except _SessionRefused:
            made = self._create(self._session(fresh=True), record)
        return Sent(made.uri, created)

    def set_hidden(self, native_id: str, hidden: bool) -> None:
        raise WriteError("unsupported", "bluesky: a thread's author cannot hide one reply on Bluesky")

    # -- steps ------------------------------------------------------------------------------------

    def _session(self, *, fresh: bool = False) -> Client:
        client = None if fresh else self._sessions.get(self._key)
        if client is not None:
            return client
        self._sessions.pop(self._key, None)
        request = Request(timeout=self._timeout, transport=self._transport) if self._transport else Request(
            timeout=self._timeout)
        client = Client(self.pds_url, request=request)
        try:
            client.login(self._identifier, self._password)
        except xrpc.RateLimitExceededError:
            raise WriteError("rate_limited", "bluesky: com.atproto.server.createSession is rate limited "
                                             "(about 30 per 5 minutes, 300 a day); try again later") from None
        except (xrpc.UnauthorizedError, xrpc.BadRequestError) as exc:
            raise WriteError("permission", f"bluesky: the app password in {self.password_env} was refused "
                                           f"({_error_name(exc)}); nothing was sent") from None
        except xrpc.AtProtocolError as exc:
            raise WriteError("other", f"bluesky: createSession failed ({type(exc).__name__}); "
                                      "nothing was sent") from None
        self._sessions[self._key] = client
        return client

    def _refs(self, client: Client, target: ReplyTarget) -> tuple[models.ComAtprotoRepoStrongRef.Main, ...]:
        """The parent's and root's strong refs: from ``target`` when complete, else from ``getPosts``."""
        parent_cid, root_uri, root_cid = target.ref("cid"), target.root_native_id, target.ref("root_cid")
        if not (parent_cid and root_uri and root_cid):
            try:
                found = client.app.bsky.feed.get_posts({"uris": [target.native_id]}).posts
            except xrpc.AtProtocolError as exc:
                raise WriteError("other", f"bluesky: app.bsky.feed.getPosts failed ({type(exc).__name__}); "
                                          "nothing was sent") from None
            if not found:
                raise WriteError("parent_gone", "bluesky: the post being answered is deleted or not visible")
            view = found[0]
            parent_cid = view.cid
            thread_root = getattr(getattr(view.record, "reply", None), "root", None)
            root_uri, root_cid = (thread_root.uri, thread_root.cid) if thread_root else (view.uri, view.cid)
        strong = models.ComAtprotoRepoStrongRef.Main
        return strong(uri=target.native_id, cid=parent_cid), strong(uri=root_uri, cid=root_cid)

    def _create(self, client: Client, record: models.AppBskyFeedPost.Record) -> Any:  # noqa: ANN401 - SDK response
        repo = client.me.did if client.me else self._identifier  # ``me``: the profile read at login
        try:
            return client.app.bsky.feed.post.create(repo, record)
        except xrpc.RateLimitExceededError:
            raise WriteError("rate_limited", "bluesky: com.atproto.repo.createRecord is rate limited; "
                                             "try again later") from None
        except (xrpc.UnauthorizedError, xrpc.BadRequestError) as exc:
            name = _error_name(exc)
            if isinstance(exc, xrpc.UnauthorizedError) and exc.response and exc.response.status_code == 401 \
                    or name in TOKEN_ERRORS:
                raise _SessionRefused from None
            message = _error_message(exc)
            if "grapheme" in message.lower() or "too long" in message.lower():
                raise WriteError("too_long", f"bluesky: createRecord: {name}: {message}") from None
            if isinstance(exc, xrpc.UnauthorizedError):
                raise WriteError("permission", f"bluesky: createRecord refused ({name}): the app password in "
                                               f"{self.password_env} may not post") from None
            raise WriteError("other", f"bluesky: createRecord: {name}: {message}".rstrip(": ")) from None
        except (xrpc.NetworkError, xrpc.RequestException, ValueError) as exc:
            raise outcome_unknown(self.platform, f"com.atproto.repo.createRecord failed ({type(exc).__name__})") \
                from None


class _SessionRefused(Exception):
    """The PDS refused the session's token: nothing was written, a new session may send once more."""


def _error_name(exc: xrpc.RequestErrorBase) -> str:
    content = exc.response.content if exc.response is not None else None
    return str(getattr(content, "error", None) or type(exc).__name__)


def _error_message(exc: xrpc.RequestErrorBase) -> str:
    content = exc.response.content if exc.response is not None else None
    return " ".join(str(getattr(content, "message", None) or "").split())[:200]
