"""The Bluesky connector (through the atproto SDK's ``Client``): the department's posts, threads and quotes.

Streams, all read from the AppView at ``credentials.bluesky.appview_url`` without a login:

``posts``
    ``app.bsky.feed.getAuthorFeed`` (filter ``posts_with_replies``): the department's posts and its
    answers, newest first, back to the older of the cursor and the start of the watch window (so a
    gap after downtime is caught up and recent posts get fresh counts). Reposts and the pinned post
    are skipped by their ``reason``: they are not new words by the department. The cursor (the
    newest sort time committed) is written with the stream's last page; reads are free, so a crash
    simply re-reads the stream and the upserts make that idempotent.
``thread:<at-uri>``
    ``app.bsky.feed.getPostThread`` (``depth`` up to 1000) for every watched department post, newest
    first: the whole reply tree, so a new reply deep in an old thread is found while it is watched.
    A stored reply missing from the tree is looked up with ``app.bsky.feed.getPosts``; one the
    AppView no longer returns (or that the tree shows as ``notFoundPost``) is tombstoned, as is a
    watched post whose thread is ``NotFound``. A ``blockedPost`` is neither stored nor tombstoned.
``quotes:<at-uri>``
    ``app.bsky.feed.getQuotes`` for each watched post whose ``quoteCount`` is above zero.
``notifications``
    Only with a handle and an app password: ``app.bsky.notification.listNotifications`` (reasons
    mention, reply, quote) through the account's PDS, hydrated with ``getPosts``. This is what finds
    mentions outside the department's threads and replies to its answers in other people's threads.

``createdAt`` is set by the posting client and can be in the future or the far past, so a record's
``created_at`` is the earlier of ``createdAt`` and the AppView's ``indexedAt`` (the AppView's own
``sortAt`` rule); a ``createdAt`` more than a day off ``indexedAt``, or unreadable, is flagged.

Bluesky does not bill reads; ``runs.reads`` counts the XRPC requests answered (the unit the
AppView's and PDS's rate limits count). 429 waits for ``ratelimit-reset``; 5xx, dropped connections
and a body that does not parse get capped, jittered backoff; every wait goes through ``sleep``.
"""

from __future__ import annotations

import logging
import random
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar, cast
from urllib.parse import quote, urlsplit

import httpx
from atproto import Client, models
from atproto_client import exceptions as xrpc
from atproto_client.models.utils import get_model_as_dict
from atproto_client.request import Request
from pydantic import Field, field_validator

from connectors.base import (
    EARLIEST,
    CollectContext,
    ConnectorError,
    Kind,
    KnownReply,
    Page,
    Record,
    WatchedThread,
    build_record,
    make_uid,
)
from connectors.bluesky_writer import MAX_GRAPHEMES, BlueskyWriter
from connectors.registry import BuildContext, OptionalEnv, PlatformSettings, PlatformSpec, env_name
from connectors.waits import pause
from connectors.writing import require_named

log = logging.getLogger(__name__)

PUBLIC_APPVIEW = "https://public.api.bsky.app"
ENTRYWAY = "https://bsky.social"
MAX_DEPTH = 1000
GET_POSTS_BATCH = 25  # app.bsky.feed.getPosts takes at most 25 uris
NOTIFICATION_REASONS = ["mention", "reply", "quote"]
TOKEN_ERRORS = frozenset({"ExpiredToken", "InvalidToken"})  # a session the PDS no longer accepts
# The AppView's limits are per 5 minutes; a longer wait (a daily limit) ends the run instead of blocking it.
MAX_RATE_LIMIT_WAIT = 300.0
SESSION_ENDPOINTS = frozenset({"com.atproto.server.createSession", "app.bsky.notification.listNotifications"})
# How far createdAt may sit from indexedAt before it is flagged (client clocks drift; imports backdate).
CLOCK_TOLERANCE = timedelta(days=1)
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
_POST_URI = re.compile(r"^at://(did:(?:plc|web):[A-Za-z0-9._:%-]{1,200})/app\.bsky\.feed\.post/([A-Za-z0-9]{1,20})$")
T = TypeVar("T")


# -- settings -----------------------------------------------------------------------------------


def _service_url(value: str) -> str:
    """An https URL, or plain http to this machine only (a local AppView, or a test's fake)."""
    parts = urlsplit(value)
    local = parts.scheme == "http" and parts.hostname in LOCAL_HOSTS
    if not (parts.scheme == "https" or local) or not parts.hostname or parts.query or parts.fragment:
        raise ValueError(f"{value!r} must be an https:// URL (plain http:// only for 127.0.0.1 or localhost)")
    return value.rstrip("/")


class BlueskyCredentials(PlatformSettings):
    """``credentials.bluesky``: the AppView for public reads, and an optional login by env-var names.

    ``handle_env``/``app_password_env`` name the variables holding the login handle and an *app
    password* (Settings > Privacy and security > App passwords), never the account's own password.
    ``pds_url`` is where the session is created (Bluesky's entryway; the SDK then talks to the
    account's own PDS, which serves ``listNotifications``).
    """

    handle_env: str | None = None  # named: the login is wanted, so its variables are needed
    app_password_env: str | None = None
    # Answering: an app password of its own (and the login handle's variable, if not the account's handle).
    write_handle_env: OptionalEnv = None
    write_app_password_env: OptionalEnv = None
    appview_url: str = PUBLIC_APPVIEW
    pds_url: str = ENTRYWAY

    _names = field_validator("handle_env", "app_password_env", "write_handle_env", "write_app_password_env")(env_name)
    _urls = field_validator("appview_url", "pds_url")(_service_url)

    @property
    def login_configured(self) -> bool:
        return self.app_password_env is not None


class BlueskyCollection(PlatformSettings):
    """``collection.bluesky``: how deep threads are read and how many items a page asks for."""

    thread_depth: int = Field(default=MAX_DEPTH, ge=1, le=MAX_DEPTH)
    page_limit: int = Field(default=100, ge=1, le=100)
    quotes: bool = Field(default=True, description="read quote posts of watched posts (getQuotes)")


# -- sessions -----------------------------------------------------------------------------------


@dataclass
class SessionPool:
    """Logged-in clients kept for the life of the process, one per (PDS, handle).

    ``createSession`` is limited to about 30 per 5 minutes and 300 a day per account, and the
    daemon builds a connector every cycle, so the session (refreshed by the SDK) outlives the
    connector. Only the SDK's client holds the tokens; nothing here is written anywhere.
    """

    clients: dict[tuple[str, str], Client] = field(default_factory=dict)

    def get(self, key: tuple[str, str]) -> Client | None:
        return self.clients.get(key)

    def put(self, key: tuple[str, str], client: Client) -> None:
        self.clients[key] = client

    def drop(self, key: tuple[str, str]) -> None:
        self.clients.pop(key, None)


SESSIONS = SessionPool()


@dataclass(frozen=True)
class Login:
    """An app-password login; ``repr`` never shows the password."""

    identifier: str
    password: str = field(repr=False)
    password_env: str


# -- the connector --------------------------------------------------------------------------------


class BlueskyConnector:
    """Collects one department Bluesky account from the AppView, plus notifications when logged in."""

    platform = "bluesky"

    def __init__(
        self,
        *,
        appview_url: str = PUBLIC_APPVIEW,
        pds_url: str = ENTRYWAY,
        login: Login | None = None,
        watch_days: int = 7,
        thread_depth: int = MAX_DEPTH,
        page_limit: int = 100,
        read_quotes: bool = True,
        transport: httpx.BaseTransport | None = None,
        sessions: SessionPool = SESSIONS,
        sleep: Callable[[float], None] = pause,
        clock: Callable[[], float] = time.time,
        timeout: float = 30.0,
        max_attempts: int = 5,
        backoff_cap: float = 120.0,
        rng: random.Random | None = None,
    ) -> None:
        self._transport = transport
        self._timeout = timeout
        self.appview_url = _service_url(appview_url)
        self.public: Client  # the AppView client of the run in progress (see collect)
        self.pds_url = _service_url(pds_url)
        self.login = login
        self.watch_days = watch_days
        self.thread_depth = thread_depth
        self.page_limit = page_limit
        self.read_quotes = read_quotes
        self._sessions = sessions
        self._sleep = sleep
        self._clock = clock
        self._max_attempts = max_attempts
        self._backoff_cap = backoff_cap
        self._rng = rng or random.Random()
        self._count_reads: Callable[[int, int], None] = lambda posts, users: None
        self._roots: dict[str, WatchedThread] = {}
        self._dept_ids: set[str] = set()

    def _request(self) -> Request:
        """The SDK's own request layer (httpx), with a timeout and, in tests, a fake transport."""
        if self._transport is not None:
            return Request(timeout=self._timeout, transport=self._transport)
        return Request(timeout=self._timeout)

    # -- the run ----------------------------------------------------------------------------------

    def collect(self, ctx: CollectContext) -> Iterator[Page]:
        self._count_reads = ctx.count_reads
        self._roots = {w.native_id: w for w in ctx.watched}
        self._dept_ids = set(ctx.department_ids)
        if ctx.account.platform_user_id:
            self._dept_ids.add(ctx.account.platform_user_id)
        since = ctx.now - timedelta(days=self.watch_days)
        self.public = Client(self.appview_url, request=self._request())
        try:
            yield from self._author_feed(ctx, since)
            known = _by_root(ctx.recheck)
            for root in sorted(self._roots.values(), key=lambda w: w.created_at, reverse=True):
                if root.created_at < since:
                    continue
                page, quote_count = self._thread(ctx, root, known.get(root.root_uid, []))
                yield page
                if self.read_quotes and quote_count:
                    yield from self._quotes(ctx, root)
            if self.login is not None:
                yield from self._notifications(ctx, since)
        finally:
            self.public.request.close()  # the daemon builds a connector per cycle: no pool left behind

    # -- calls through the SDK, retried -------------------------------------------------------------

    def _call(self, ctx: CollectContext, endpoint: str, fetch: Callable[[], T], *, session_errors: bool = False) -> T:
        """``fetch()`` (one XRPC call), retried on 429, 5xx, network failures and unparsable bodies.

        Counted as one read when it answers. Anything left after the retries becomes one line naming
        the endpoint; the SDK's own exceptions are what is caught, so its parsing stays in charge.
        ``session_errors``: a refused session token raises :class:`SessionRefused` for the caller.
        """
        failures = 0
        while True:
            try:
                result = fetch()
            except xrpc.RateLimitExceededError as exc:
                wait = self._rate_limit_wait(exc, failures + 1)
                why = "HTTP 429"
                if wait > MAX_RATE_LIMIT_WAIT:  # e.g. createSession's daily limit: not worth holding the run
                    until = datetime.fromtimestamp(self._clock() + wait, UTC).strftime("%Y-%m-%d %H:%M UTC")
                    raise ConnectorError(f"bluesky: {ctx.account.handle}: {endpoint} is rate limited until {until} "
                                         "(ratelimit-reset); a later run goes on from here") from None
            # 502/409/413 and transport failures; ValueError: the SDK's JSON parser on a body cut off.
            except (xrpc.NetworkError, ValueError) as exc:
                wait, why = self._backoff(failures + 1), _describe(exc)
            except xrpc.RequestException as exc:
                status = exc.response.status_code if exc.response is not None else 0
                if status < 500:
                    raise ConnectorError(self._refusal(ctx, endpoint, exc)) from None
                wait, why = self._backoff(failures + 1), f"HTTP {status}"
            except (xrpc.BadRequestError, xrpc.UnauthorizedError) as exc:
                if session_errors and (isinstance(exc, xrpc.UnauthorizedError) or _error_name(exc) in TOKEN_ERRORS):
                    raise SessionRefused(endpoint) from None
                if _error_name(exc) == "NotFound" and endpoint == "app.bsky.feed.getPostThread":
                    self._count_reads(1, 0)  # answered: the post is gone
                    raise PostNotFound(endpoint) from None
                raise ConnectorError(self._refusal(ctx, endpoint, exc)) from None
            except xrpc.ModelError as exc:
                raise ConnectorError(
                    f"bluesky: {ctx.account.handle}: {endpoint} answered a body the atproto SDK cannot read "
                    f"({type(exc).__name__}: {exc})".splitlines()[0]
                ) from None
            else:
                self._count_reads(1, 0)
                return result
            failures += 1
            if failures >= self._max_attempts:
                raise ConnectorError(
                    f"bluesky: {ctx.account.handle}: {endpoint} failed after {failures} attempts ({why})"
                ) from None
            log.warning("bluesky: %s on %s; retry %d in %.1f s", why, endpoint, failures, wait)
            self._sleep(wait)

    def _rate_limit_wait(self, exc: xrpc.RateLimitExceededError, failures: int) -> float:
        if exc.reset_at is not None:
            return max(1.0, exc.reset_at.timestamp() - self._clock() + 1)
        if exc.retry_after is not None:
            return max(1.0, exc.retry_after)
        return self._backoff(failures)

    def _backoff(self, failures: int) -> float:
        ceiling = min(self._backoff_cap, 2.0 * 2 ** (failures - 1))
        return self._rng.uniform(ceiling / 2, ceiling)

    def _refusal(self, ctx: CollectContext, endpoint: str, exc: xrpc.RequestErrorBase) -> str:
        status = exc.response.status_code if exc.response is not None else "?"
        content = exc.response.content if exc.response is not None else None
        error = _error_name(exc)
        message = getattr(content, "message", None) or ""
        detail = f"{error}: {message}" if message else error
        where = f"bluesky: {ctx.account.handle}: HTTP {status} on {endpoint}"
        if endpoint == "app.bsky.feed.getAuthorFeed" and status == 400:
            return f"{where}: {detail or 'account not found'} (handle renamed, deactivated or suspended?)"
        if status in (401, 403) and self.login is not None and endpoint in SESSION_ENDPOINTS:
            return f"{where}: the app password in {self.login.password_env} was refused or revoked ({detail})"
        return f"{where}: {detail}".rstrip(": ").splitlines()[0]

    def _session(self, ctx: CollectContext, login: Login, *, fresh: bool = False) -> Client:
        """A logged-in client for this handle: the process's existing session, or a new one."""
        key = (self.pds_url, login.identifier.lower())
        client = None if fresh else self._sessions.get(key)
        if client is not None:
            return client
        self._sessions.drop(key)
        client = Client(self.pds_url, request=self._request())
        self._call(ctx, "com.atproto.server.createSession",
                   lambda: client.login(login.identifier, login.password, fetch_bsky_profile=False))
        self._sessions.put(key, client)
        return client

    def _list_notifications(
        self, ctx: CollectContext, login: Login, params: models.AppBskyNotificationListNotifications.Params
    ) -> models.AppBskyNotificationListNotifications.Response:
        """One page of notifications; a session the PDS no longer takes (expired, revoked) is created anew once."""
        endpoint = "app.bsky.notification.listNotifications"
        client = self._session(ctx, login)
        try:
            return self._call(ctx, endpoint, lambda: client.app.bsky.notification.list_notifications(params),
                              session_errors=True)
        except SessionRefused:
            log.info("bluesky: the stored session for %s was refused; creating a new one", login.identifier)
            client = self._session(ctx, login, fresh=True)
            return self._call(ctx, endpoint, lambda: client.app.bsky.notification.list_notifications(params))

    # -- streams ----------------------------------------------------------------------------------

    def _author_feed(self, ctx: CollectContext, since: datetime) -> Iterator[Page]:
        """The department's posts and answers back to the older of the cursor and the watch window."""
        stream = "posts"
        cursor_time = _parse_time(ctx.cursors.get(stream))
        stop = min(since, cursor_time) if cursor_time else since
        newest = ctx.cursors.get(stream)
        page_cursor: str | None = None
        actor = ctx.account.platform_user_id or ctx.account.handle
        while True:
            params = models.AppBskyFeedGetAuthorFeed.Params(
                actor=actor, filter="posts_with_replies", limit=self.page_limit, cursor=page_cursor)
            response = self._call(ctx, "app.bsky.feed.getAuthorFeed",
                                  lambda params=params: self.public.app.bsky.feed.get_author_feed(params))
            views = []
            reached_stop = False
            for item in response.feed:
                if item.reason is not None:  # a repost or the pinned post: not new words by the department
                    continue
                self._dept_ids.add(item.post.author.did)
                sort_at = _sort_time(item.post)
                if sort_at is not None and sort_at < stop:
                    reached_stop = True
                    break
                views.append(item.post)
                newest = _later(newest, sort_at)
            page_cursor = response.cursor
            last = reached_stop or not page_cursor or not response.feed
            records, rejected = self._records(ctx, views)
            yield Page(stream, records, cursor=newest if last else None, reads=1, rejected=rejected)
            if last:
                return

    def _thread(self, ctx: CollectContext, root: WatchedThread, known: list[KnownReply]) -> tuple[Page, int]:
        """A watched post's whole reply tree, and tombstones for stored replies now gone."""
        stream = f"thread:{root.native_id}"
        params = models.AppBskyFeedGetPostThread.Params(uri=root.native_id, depth=self.thread_depth, parent_height=0)
        try:
            response = self._call(ctx, "app.bsky.feed.getPostThread",
                                  lambda: self.public.app.bsky.feed.get_post_thread(params))
            if isinstance(response.thread, models.AppBskyFeedDefs.NotFoundPost):  # the lexicon allows this too
                raise PostNotFound(root.native_id)
        except PostNotFound:
            log.info("bluesky: %s is gone from Bluesky; marking it deleted", root.native_id)
            return Page(stream, [_tombstone(ctx, root.native_id, root.created_at, root.root_uid)], reads=1), 0
        views: list[models.AppBskyFeedDefs.PostView] = []
        not_found: set[str] = set()
        _walk(response.thread, views, not_found)
        seen = {v.uri for v in views}
        records, rejected = self._records(ctx, views)
        stored = {k.native_id: k for k in known}
        gone = [stored[uri] for uri in not_found if uri in stored]
        missing = [k.native_id for k in known if k.native_id not in seen and k.native_id not in not_found]
        found, lookups = self._get_posts(ctx, missing)
        more, odd = self._records(ctx, found)
        records += more
        rejected += odd
        returned = {v.uri for v in found}
        gone += [stored[uri] for uri in missing if uri not in returned]
        for reply in gone:
            log.info("bluesky: reply %s is gone from Bluesky; marking it deleted", reply.native_id)
            records.append(_tombstone(ctx, reply.native_id, reply.created_at, reply.root_uid, reply.parent_uid))
        thread = response.thread
        quote_count = (thread.post.quote_count or 0) if isinstance(thread, models.AppBskyFeedDefs.ThreadViewPost) else 0
        return Page(stream, records, reads=1 + lookups, rejected=rejected), quote_count

    def _quotes(self, ctx: CollectContext, root: WatchedThread) -> Iterator[Page]:
        """Quote posts of a watched post, newest first, every page (re-read each poll: counts change)."""
        stream = f"quotes:{root.native_id}"
        cursor: str | None = None
        while True:
            params = models.AppBskyFeedGetQuotes.Params(uri=root.native_id, limit=self.page_limit, cursor=cursor)
            response = self._call(ctx, "app.bsky.feed.getQuotes",
                                  lambda params=params: self.public.app.bsky.feed.get_quotes(params))
            records, rejected = self._records(ctx, response.posts)
            yield Page(stream, records, reads=1, rejected=rejected)
            cursor = response.cursor
            if not cursor or not response.posts:
                return

    def _notifications(self, ctx: CollectContext, since: datetime) -> Iterator[Page]:
        """Mentions, replies and quotes from the account's notifications, hydrated with getPosts."""
        stream = "notifications"
        login = cast(Login, self.login)
        cursor_time = _parse_time(ctx.cursors.get(stream))
        stop = cursor_time - timedelta(minutes=10) if cursor_time else since  # indexing is not instant
        newest = ctx.cursors.get(stream)
        page_cursor: str | None = None
        while True:
            params = models.AppBskyNotificationListNotifications.Params(
                reasons=NOTIFICATION_REASONS, limit=self.page_limit, cursor=page_cursor)
            response = self._list_notifications(ctx, login, params)
            uris: list[str] = []
            reached_stop = False
            for note in response.notifications:
                indexed = _parse_time(note.indexed_at)
                if indexed is not None and indexed < stop:
                    reached_stop = True
                    break
                if note.reason in NOTIFICATION_REASONS and note.uri not in uris:
                    uris.append(note.uri)
                newest = _later(newest, indexed)
            views, lookups = self._get_posts(ctx, uris)
            page_cursor = response.cursor
            last = reached_stop or not page_cursor or not response.notifications
            records, rejected = self._records(ctx, views)
            yield Page(stream, records, cursor=newest if last else None, reads=1 + lookups, rejected=rejected)
            if last:
                return

    def _get_posts(self, ctx: CollectContext, uris: list[str]) -> tuple[list[models.AppBskyFeedDefs.PostView], int]:
        """Hydrated views of ``uris`` (those the AppView still has), and the requests that took."""
        views: list[models.AppBskyFeedDefs.PostView] = []
        batches = [uris[i : i + GET_POSTS_BATCH] for i in range(0, len(uris), GET_POSTS_BATCH)]
        for batch in batches:
            params = models.AppBskyFeedGetPosts.Params(uris=batch)
            views += self._call(ctx, "app.bsky.feed.getPosts",
                                lambda params=params: self.public.app.bsky.feed.get_posts(params)).posts
        return views, len(batches)

    # -- payload to record --------------------------------------------------------------------------

    def _records(
        self, ctx: CollectContext, views: Iterable[models.AppBskyFeedDefs.PostView]
    ) -> tuple[list[Record], list[str]]:
        records: list[Record] = []
        rejected: list[str] = []
        for view in views:
            try:
                records.append(self._record(ctx, view))
            except (KeyError, ValueError, TypeError, AttributeError) as exc:
                rejected.append(f"bluesky:{getattr(view, 'uri', '?')}: {type(exc).__name__}: {exc}".splitlines()[0])
        return records, rejected

    def _record(self, ctx: CollectContext, view: models.AppBskyFeedDefs.PostView) -> Record:
        raw = get_model_as_dict(view)
        post = cast(dict[str, Any], raw.get("record") or {})
        author = view.author
        is_dept = author.did in self._dept_ids or author.handle.lower() in ctx.department_handles
        reply = post.get("reply") if isinstance(post.get("reply"), Mapping) else None
        parent = _ref_uri(reply, "parent")
        thread_root = _ref_uri(reply, "root") or view.uri
        quoted = _quoted_uri(post.get("embed"))
        created, flags = _created_at(post.get("createdAt"), view.indexed_at)
        kind: Kind
        if is_dept:
            kind = "reply" if parent else "post"
            if kind == "post" and created >= ctx.now - timedelta(days=self.watch_days):
                self._roots.setdefault(view.uri, WatchedThread(make_uid("bluesky", view.uri), view.uri, created))
        elif parent and (thread_root in self._roots or _author_did(parent) in self._dept_ids):
            kind = "reply"
        elif quoted and not parent:
            kind = "quote"
        else:
            kind = "mention"
        langs = post.get("langs")
        link_to = parent or quoted
        return build_record(
            uid=make_uid("bluesky", view.uri),
            platform="bluesky",
            native_id=view.uri,
            account=ctx.account.handle,
            author_id=author.did,
            author_handle=author.handle,
            is_department=is_dept,
            kind=kind,
            text=post.get("text") or "",
            lang=langs[0] if isinstance(langs, list) and langs else None,
            created_at=created,
            parent_uid=make_uid("bluesky", link_to) if link_to else None,
            root_uid=make_uid("bluesky", thread_root),
            url=permalink_of(view.uri),
            metrics={"likes": view.like_count, "replies": view.reply_count, "reposts": view.repost_count,
                     "quotes": view.quote_count},
            raw=raw,
            flags=flags,
        )


class SessionRefused(Exception):
    """The PDS refused the session's token (expired past refresh, or the app password was revoked)."""


class PostNotFound(Exception):
    """The AppView answered that the thread's anchor post does not exist (deleted, or its account gone)."""


def _error_name(exc: xrpc.RequestErrorBase) -> str:
    """The XRPC error name of a refused request (``NotFound``, ``InvalidRequest``...), or ``""``."""
    content = exc.response.content if exc.response is not None else None
    return getattr(content, "error", None) or ""


def _walk(node: Any, views: list[Any], not_found: set[str]) -> None:  # noqa: ANN401 - an SDK union member
    """Every post of a thread tree (iteratively: a thread can be 1000 deep), and the uris not found."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, models.AppBskyFeedDefs.ThreadViewPost):
            views.append(item.post)
            stack.extend(reversed(item.replies or []))
        elif isinstance(item, models.AppBskyFeedDefs.NotFoundPost):
            not_found.add(item.uri)
        elif isinstance(item, models.AppBskyFeedDefs.BlockedPost):
            log.debug("bluesky: %s is blocked for this viewer; kept as stored", item.uri)


def _by_root(replies: Iterable[KnownReply]) -> dict[str | None, list[KnownReply]]:
    out: dict[str | None, list[KnownReply]] = {}
    for reply in replies:
        out.setdefault(reply.root_uid, []).append(reply)
    return out


def _tombstone(
    ctx: CollectContext, native: str, created: datetime, root_uid: str | None, parent_uid: str | None = None
) -> Record:
    """The record that marks a stored post (a department post when it has no parent) deleted."""
    return Record(
        uid=make_uid("bluesky", native), platform="bluesky", native_id=native, account=ctx.account.handle,
        is_department=parent_uid is None, kind="reply" if parent_uid else "post", created_at=created,
        parent_uid=parent_uid, root_uid=root_uid, deleted=True,
    )


def _ref_uri(reply: Mapping[str, Any] | None, which: str) -> str | None:
    ref = reply.get(which) if reply else None
    uri = ref.get("uri") if isinstance(ref, Mapping) else None
    return uri if isinstance(uri, str) and uri else None


def _quoted_uri(embed: Any) -> str | None:  # noqa: ANN401 - a record's embed, any shape
    """The post a record quotes (``app.bsky.embed.record``, or ``recordWithMedia``'s record)."""
    if not isinstance(embed, Mapping):
        return None
    kind = embed.get("$type")
    inner = embed.get("record")
    if kind == "app.bsky.embed.recordWithMedia" and isinstance(inner, Mapping):
        inner = inner.get("record")
    elif kind != "app.bsky.embed.record":
        return None
    uri = inner.get("uri") if isinstance(inner, Mapping) else None
    return uri if isinstance(uri, str) and "/app.bsky.feed.post/" in uri else None


def _author_did(uri: str) -> str | None:
    match = _POST_URI.match(uri)
    return match.group(1) if match else None


def _parse_time(value: Any) -> datetime | None:  # noqa: ANN401 - whatever the payload or cursor held
    """An RFC 3339 time as UTC, or ``None`` when it is not one (or has no time zone)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return parsed.astimezone(UTC) if parsed.tzinfo is not None else None
    except (ValueError, OverflowError):
        return None


def _later(cursor: str | None, seen: datetime | None) -> str | None:
    """The cursor moved on to ``seen`` when that is newer (cursors are RFC 3339 UTC times)."""
    if seen is None or (cursor is not None and seen <= (_parse_time(cursor) or EARLIEST)):
        return cursor
    return seen.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _created_at(created: Any, indexed: str) -> tuple[datetime, list[str]]:  # noqa: ANN401
    """The earlier of ``createdAt`` and ``indexedAt`` (the AppView's sortAt), and flags for an odd createdAt.

    ``indexedAt`` is the AppView's own clock; without a readable one the item cannot be placed and
    is rejected. A ``createdAt`` that is unreadable or before 1970 is not used (flagged); one more
    than :data:`CLOCK_TOLERANCE` after or before ``indexedAt`` is used by the rule and flagged.
    """
    indexed_at = _parse_time(indexed)
    if indexed_at is None:
        raise ValueError(f"indexedAt {indexed!r} is not a time")
    created_at = _parse_time(created)
    if created_at is None or created_at < EARLIEST:
        return indexed_at, [f"created_at: record.createdAt is not a usable time, indexedAt used (got {created!r:.60})"]
    flags = []
    if created_at > indexed_at + CLOCK_TOLERANCE:
        flags.append(f"created_at: record.createdAt is after indexedAt, indexedAt used (got {created!r:.60})")
    elif created_at < indexed_at - CLOCK_TOLERANCE:
        flags.append(f"created_at: record.createdAt is long before indexedAt (backdated) (got {created!r:.60})")
    return min(created_at, indexed_at), flags


def _sort_time(view: models.AppBskyFeedDefs.PostView) -> datetime | None:
    """Where the AppView placed the post in a feed (``None``: no readable ``indexedAt``; it is rejected later)."""
    post = get_model_as_dict(view.record)
    try:
        return _created_at(post.get("createdAt"), view.indexed_at)[0]
    except ValueError:
        return None


def _describe(exc: Exception) -> str:
    if isinstance(exc, ValueError):
        return "a body that is not valid JSON"
    if isinstance(exc, xrpc.RequestErrorBase) and exc.response is not None:
        return f"HTTP {exc.response.status_code}"
    cause = exc.__cause__
    return type(cause or exc).__name__


# -- the registry entry -----------------------------------------------------------------------------


def permalink_of(native_id: str) -> str | None:
    """``https://bsky.app/profile/<did>/post/<rkey>`` from an AT URI of the right shape, else ``None``."""
    match = _POST_URI.match(native_id)
    return f"https://bsky.app/profile/{quote(match.group(1), safe=':')}/post/{match.group(2)}" if match else None


def permalink(native_id: str, root_uid: str | None, credentials: PlatformSettings) -> str | None:
    return permalink_of(native_id)


def build(ctx: BuildContext) -> BlueskyConnector:
    """A connector for ``ctx``'s account: public reads, plus notifications when an app password is named."""
    creds = cast(BlueskyCredentials, ctx.credentials)
    options = cast(BlueskyCollection, ctx.collection)
    login = None
    if creds.login_configured:
        identifier = ctx.secret(creds.handle_env) if creds.handle_env else ctx.handle
        login = Login(identifier, ctx.secret(creds.app_password_env), cast(str, creds.app_password_env))
    return BlueskyConnector(
        appview_url=creds.appview_url, pds_url=creds.pds_url, login=login, watch_days=ctx.watch_days,
        thread_depth=options.thread_depth, page_limit=options.page_limit, read_quotes=options.quotes,
    )


def writer(ctx: BuildContext) -> BlueskyWriter:
    """Replies with the app password in ``write_app_password_env``, in the process's session pool."""
    creds = cast(BlueskyCredentials, ctx.credentials)
    require_named("bluesky", {"write_app_password_env": creds.write_app_password_env})
    env = cast(str, creds.write_app_password_env)
    identifier = ctx.secret(creds.write_handle_env) if creds.write_handle_env else ctx.handle
    return BlueskyWriter(identifier, ctx.secret(env), password_env=env, pds_url=creds.pds_url,
                         sessions=SESSIONS.clients)


def doctor(credentials: PlatformSettings, environ: dict[str, str]) -> list[str]:
    """Which mode ``engage doctor`` should report, and what that mode misses."""
    creds = cast(BlueskyCredentials, credentials)
    if creds.login_configured and environ.get(cast(str, creds.app_password_env)):
        return [f"public AppView {creds.appview_url} plus notifications (app password in "
                f"{creds.app_password_env}): mentions, replies and quotes anywhere on Bluesky are collected"]
    return [f"public AppView {creds.appview_url} only (no app password): mentions outside the "
            "department's threads and replies to its answers in other people's threads are missed"]


PLATFORM = PlatformSpec(
    name="bluesky", title="Bluesky", credentials=BlueskyCredentials, collection=BlueskyCollection, build=build,
    permalink=permalink, doctor=doctor, writer=writer, reply_chars=MAX_GRAPHEMES,
    user_id_hint=('"did:plc:..."', "the account's DID"),
)
