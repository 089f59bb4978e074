"""The Mastodon connector (through Mastodon.py): the department's statuses, its threads and its mentions.

Every request goes to the configured instance (``credentials.mastodon.api_base_url``). Streams:

``statuses``
    ``GET /api/v1/accounts/:id/statuses?exclude_reblogs=true``: the department's posts and its answers,
    read forward with ``min_id`` from the newest id committed (the first run from the start of the
    watch window), one committed page per response, so a crash resumes at the next page.
``mentions`` (with an access token only)
    ``GET /api/v1/notifications?types[]=mention``: public statuses naming the account, in its threads
    or elsewhere. Forward with ``min_id`` from the cursor; the first run reads back (``max_id``) to the
    watch window and writes the cursor with its last page, so a crash there re-reads from the top.
``thread:<id>``
    For every watched department post (newest first): ``GET /api/v1/statuses/:id`` (fresh counts; a
    404 tombstones it) and ``GET /api/v1/statuses/:id/context``, whose descendants are the thread's
    replies. Anonymously Mastodon caps a context at 60 descendants, 20 levels deep (the oldest
    branches first); with a token it returns the whole thread. A reply stored earlier that a
    complete context no longer holds is looked up (at most ``max_confirms`` a run) and tombstoned
    on 404.

Only ``public`` and ``unlisted`` statuses become records; ``private`` and ``direct`` ones (a mention
notification can carry a direct message) are dropped before anything is built, raw payload
included. ``content`` is sanitised HTML: the text is its plain-text rendering (see
:func:`html_to_text`), the HTML stays in ``raw``. Remote authors' handles are Mastodon's ``acct``,
``user@domain``; local ones are the bare username.

Reads: Mastodon does not bill, but it limits requests (300 per 5 minutes per account and per IP),
so every HTTP response is counted as one read, the moment it arrives. ``X-RateLimit-Remaining`` at
0 waits for ``X-RateLimit-Reset`` (an ISO time, or an integer: epoch seconds or seconds from now)
before the next request; a 429 waits the same way; 5xx, network failures and 2xx bodies that are
not valid JSON (cut off mid-transfer) get capped, jittered backoff; then a one-line
:class:`ConnectorError` names the endpoint. Mastodon.py's own "wait" mode is off (it sleeps with
``time.sleep`` and retries a 429 forever); waits go through :func:`connectors.waits.pause`, which a
stopping daemon cuts short (the run then ends as ``stopped``, its committed pages kept).
"""

from __future__ import annotations

import json
import logging
import random
import re
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from html import unescape
from typing import Any, cast
from urllib.parse import urlsplit

import requests
from bs4 import BeautifulSoup
from mastodon import Mastodon
from mastodon.errors import (
    MastodonAPIError,
    MastodonNetworkError,
    MastodonNotFoundError,
    MastodonRatelimitError,
    MastodonServerError,
    MastodonUnauthorizedError,
)
from pydantic import Field, field_validator

from connectors.base import (
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
from connectors.mastodon_writer import MAX_CHARS, MastodonWriter
from connectors.registry import BuildContext, NotShown, OptionalEnv, PlatformSettings, PlatformSpec, env_name
from connectors.waits import pause
from connectors.writing import require_named

log = logging.getLogger(__name__)

PUBLIC = frozenset({"public", "unlisted"})
ANON_DESCENDANTS_LIMIT = 60  # Mastodon's context caps for a caller without a token
ANON_DEPTH_LIMIT = 20
STATUSES_MAX = 40  # the largest ``limit`` each endpoint accepts
NOTIFICATIONS_MAX = 80
MAX_RATE_LIMIT_WAIT_S = 330.0  # one 5-minute window and a margin; a later reset ends the run instead
_STATUS_ID = re.compile(r"^[0-9]{1,20}$")
_HTTPS_BASE = re.compile(r"^https://[A-Za-z0-9.-]+(?::[0-9]{1,5})?$")
_LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})


# -- settings -------------------------------------------------------------------------------------


def _host_shaped(host: str | None) -> bool:
    """A dotted host name, an IP address or localhost: what an instance's address can be."""
    return bool(host) and (host in _LOCAL_HOSTS or re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", host) is not None)


class MastodonCredentials(PlatformSettings):
    """``credentials.mastodon``: the instance every request goes to, and the token's env var name.

    Without ``api_base_url`` nothing can be collected (the account's instance is not guessed). A
    bare host gets ``https://``; plain ``http://`` is allowed only for 127.0.0.1/localhost (a test
    server), so a token is never sent in clear over a network.
    """

    api_base_url: str | None = None
    access_token_env: OptionalEnv = "MASTODON_ACCESS_TOKEN"  # without it: anonymous reads, capped threads
    write_access_token_env: OptionalEnv = None  # a token with write:statuses: answers from engage
    _check = field_validator("access_token_env", "write_access_token_env")(env_name)

    @field_validator("api_base_url")
    @classmethod
    def _instance_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        url = value.strip().rstrip("/")
        if "://" not in url:
            url = f"https://{url}"
        parts = urlsplit(url)
        if not _host_shaped(parts.hostname):  # a token pasted here has no dot: refused, never echoed
            raise NotShown("must be an instance URL such as https://mastodon.social (what was written is not "
                           "shown: it does not look like a host name)")
        if parts.scheme not in ("https", "http") or parts.path or parts.query:
            raise ValueError(f"{value!r} is not an instance URL such as https://mastodon.social")
        if parts.scheme == "http" and parts.hostname not in _LOCAL_HOSTS:
            raise ValueError(f"{value!r}: plain http:// is only allowed for 127.0.0.1/localhost; use https://")
        return url


class MastodonCollection(PlatformSettings):
    """``collection.mastodon``: request sizes and how many vanished replies a run may look up."""

    page_size: int = Field(default=STATUSES_MAX, ge=1, le=STATUSES_MAX)
    max_confirms: int = Field(
        default=20, ge=0, le=300, description="replies missing from a thread looked up per run (404: tombstoned)"
    )


# -- HTML to text ---------------------------------------------------------------------------------


def html_to_text(html: str) -> str:
    """The text a reader sees in a status's sanitised HTML.

    ``span.invisible`` (the ``https://`` and the tail Mastodon hides in long links) is dropped and a
    ``span.ellipsis`` gets the "…" the web interface draws after it; ``<br>`` is a line break and
    each ``<p>`` a paragraph; links and mentions keep their text (``@alice``, ``#tag``).
    """
    if "<" not in html:  # no markup (other servers send plain text); BeautifulSoup would take a bare link for a URL
        return unescape(html).strip()
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup.select("span.invisible"):
        hidden.decompose()
    for cut in soup.select("span.ellipsis"):
        cut.append("…")
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for paragraph in soup.find_all("p"):
        paragraph.insert_after("\n\n")
    return soup.get_text().strip()


# -- HTTP -----------------------------------------------------------------------------------------


class UnparsableBody(Exception):
    """A 2xx answer whose body is not valid JSON (cut off mid-transfer, or an HTML error page)."""


class _Session(requests.Session):
    """The session Mastodon.py sends through: a timeout, a read count per response, the raw JSON kept.

    ``last_json`` is the body exactly as the instance sent it (Mastodon.py's typed objects fill
    absent fields with ``None`` and turn times into datetimes; ``raw`` must be what was sent).
    A 2xx body that does not parse raises :class:`UnparsableBody`, which Mastodon.py wraps in
    ``MastodonNetworkError`` and the connector retries.
    """

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self.timeout = timeout
        self.on_response: Callable[[], None] = lambda: None
        self.last_json: Any = None
        self.last_headers: Mapping[str, str] = {}

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs["timeout"] = self.timeout
        response = super().request(method, url, *args, **kwargs)
        self.on_response()
        self.last_headers = response.headers
        self.last_json = None
        if response.ok and response.status_code != 204:  # every GET it makes answers JSON; empty is cut off
            try:
                self.last_json = json.loads(response.content)
            except ValueError:
                raise UnparsableBody(f"HTTP {response.status_code} with a body that is not valid JSON") from None
        return response


def reset_in(headers: Mapping[str, str], now: float) -> float | None:
    """Seconds until ``X-RateLimit-Reset`` (or ``Retry-After``), by the server's clock when it sent ``Date``.

    Mastodon sends an ISO 8601 time; some servers send an integer, which is epoch seconds when it
    is that large and otherwise seconds from now. ``None``: no usable header.
    """
    value = (headers.get("X-RateLimit-Reset") or headers.get("Retry-After") or "").strip()
    if not value:
        return None
    server_now = now
    if headers.get("Date"):
        try:
            server_now = parsedate_to_datetime(headers["Date"]).timestamp()
        except (TypeError, ValueError):
            pass
    try:
        number = float(value)
    except ValueError:
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp() - server_now
        except ValueError:
            return None
    return number - server_now if number > 1e9 else number


def status_id_at(moment: datetime) -> str:
    """The smallest status id Mastodon can give a status created at ``moment`` (ids are time-based)."""
    return str(int(moment.timestamp() * 1000) << 16)


def _newer(a: str | None, b: str | None) -> str | None:
    """The larger of two ids (numeric text: compare as integers)."""
    if a is None or b is None:
        return a or b
    return a if int(a) >= int(b) else b


def _time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


# -- the connector --------------------------------------------------------------------------------


class MastodonConnector:
    """Collects one department account on one instance, anonymously or with an access token."""

    platform = "mastodon"

    def __init__(
        self,
        api_base_url: str,
        access_token: str | None = None,
        *,
        token_env: str | None = "MASTODON_ACCESS_TOKEN",
        watch_days: int = 7,
        page_size: int = STATUSES_MAX,
        max_confirms: int = 20,
        sleep: Callable[[float], None] = pause,
        clock: Callable[[], float] = time.time,
        timeout: float = 30.0,
        max_attempts: int = 5,
        backoff_base: float = 2.0,
        backoff_cap: float = 120.0,
        rng: random.Random | None = None,
    ) -> None:
        self.base_url = api_base_url.rstrip("/")
        self.authenticated = access_token is not None
        self.token_env = token_env
        self.watch_days = watch_days
        self.page_size = page_size
        self.max_confirms = max_confirms
        self.session = _Session(timeout)
        self.api = Mastodon(
            api_base_url=self.base_url, access_token=access_token, ratelimit_method="throw",
            request_timeout=timeout, session=self.session, version_check_mode="none",
            user_agent="engage (public-engagement monitor; Mastodon.py)",
        )
        self._sleep = sleep
        self._clock = clock
        self._max_attempts = max_attempts
        self._backoff_base = backoff_base
        self._backoff_cap = backoff_cap
        self._rng = rng or random.Random()
        self._host = (urlsplit(self.base_url).hostname or "").lower()

    # -- the run ----------------------------------------------------------------------------------

    def collect(self, ctx: CollectContext) -> Iterator[Page]:
        self.session.on_response = lambda: ctx.count_reads(1, 0)
        since = ctx.now - timedelta(days=self.watch_days)
        account_id = ctx.account.platform_user_id or self._lookup(ctx)
        run = _Run(self, ctx, account_id, since)
        yield from run.statuses()
        if self.authenticated:
            yield from run.mentions()
        yield from run.threads()

    def _lookup(self, ctx: CollectContext) -> str:
        """The account's id on this instance from its handle (set ``user_id`` in config to skip the request)."""
        handle = ctx.account.handle.lstrip("@")
        found = self.call("/api/v1/accounts/lookup", self.api.account_lookup, handle, missing_ok=True)
        if found is None or not isinstance(found, dict) or found.get("id") is None:
            raise ConnectorError(f"mastodon: account @{handle} not found on {self.base_url} (renamed or moved?)")
        if found.get("suspended"):
            raise ConnectorError(f"mastodon: account @{handle} is suspended on {self.base_url}")
        if found.get("moved"):
            log.warning("mastodon: @%s says it moved to another account; still reading its old statuses", handle)
        log.info("mastodon: @%s has account id %s; set it as user_id in config to save a request", handle,
                 found["id"])
        return str(found["id"])

    # -- requests ---------------------------------------------------------------------------------

    def call(self, endpoint: str, method: Callable[..., Any], *args: Any, missing_ok: bool = False,
             **kwargs: Any) -> Any:
        """``method(*args, **kwargs)``'s body as the instance sent it, waiting and retrying as documented.

        ``missing_ok``: a 404 gives ``None`` (a deleted status) instead of an error.
        """
        failures = 0
        while True:
            self._respect_remaining(endpoint)
            try:
                method(*args, **kwargs)
                return self.session.last_json
            except MastodonNotFoundError:
                if missing_ok:
                    return None
                raise ConnectorError(f"mastodon: GET {endpoint} on {self.base_url}: 404 Not Found") from None
            except MastodonUnauthorizedError:
                raise ConnectorError(self._auth_message(endpoint, 401)) from None
            except MastodonRatelimitError:
                failures += 1
                wait = reset_in(self.session.last_headers, self._clock())
                if wait is not None and wait > MAX_RATE_LIMIT_WAIT_S:
                    raise ConnectorError(f"mastodon: GET {endpoint}: rate limited for {wait:.0f} s more; "
                                         "the next run resumes") from None
                self.api.ratelimit_remaining = 1  # this wait covers the reset: no second wait before the retry
                self._retry_or_fail(endpoint, failures, "HTTP 429", wait)
            except (MastodonServerError, MastodonNetworkError) as exc:
                failures += 1
                self._retry_or_fail(endpoint, failures, _describe(exc), None)
            except MastodonAPIError as exc:
                status = exc.args[1] if len(exc.args) > 1 and isinstance(exc.args[1], int) else None
                if status == 403:
                    raise ConnectorError(self._auth_message(endpoint, 403)) from None
                detail = exc.args[3] if len(exc.args) > 3 and exc.args[3] else "unexpected answer"
                raise ConnectorError(
                    f"mastodon: GET {endpoint} on {self.base_url}: HTTP {status or '?'}: {detail}".splitlines()[0]
                ) from None

    def _retry_or_fail(self, endpoint: str, failures: int, what: str, wait: float | None) -> None:
        if failures >= self._max_attempts:
            raise ConnectorError(f"mastodon: GET {endpoint} on {self.base_url} failed after {failures} attempts "
                                 f"({what})")
        if wait is None or wait <= 0:
            ceiling = min(self._backoff_cap, self._backoff_base * 2 ** (failures - 1))
            wait = self._rng.uniform(ceiling / 2, ceiling)
        else:
            wait += 1.0  # the reset is to the second; asking at it exactly can still be refused
        log.warning("mastodon: %s on GET %s; retry %d in %.1f s", what, endpoint, failures, wait)
        self._sleep(wait)

    def _respect_remaining(self, endpoint: str) -> None:
        """With no requests left in the window, wait for its reset instead of asking for a 429."""
        if self.api.ratelimit_remaining > 0:
            return
        wait = reset_in(self.session.last_headers, self._clock())
        self.api.ratelimit_remaining = 1  # one request after the wait; its headers say what is left
        if wait is None or wait <= 0:
            return
        if wait > MAX_RATE_LIMIT_WAIT_S:
            raise ConnectorError(f"mastodon: GET {endpoint}: no requests left for {wait:.0f} s; the next run resumes")
        log.warning("mastodon: rate limit reached before GET %s; waiting %.0f s for X-RateLimit-Reset", endpoint, wait)
        self._sleep(wait + 1.0)

    def _auth_message(self, endpoint: str, status: int) -> str:
        if not self.authenticated:
            return (f"mastodon: GET {endpoint} on {self.base_url}: HTTP {status}: this instance does not serve it "
                    f"without a token; set {self.token_env} (scopes read:statuses read:notifications)")
        if status == 401:
            return (f"mastodon: GET {endpoint}: 401 Unauthorized: the token in {self.token_env} is revoked, expired "
                    f"or not from {self.base_url}")
        return (f"mastodon: GET {endpoint}: 403 Forbidden: the token in {self.token_env} lacks a scope "
                "(it needs read:statuses and read:notifications)")

    # -- payload to record ------------------------------------------------------------------------

    def handle_key(self, acct: str) -> str:
        """A handle as compared with the configured ones: lower case, no ``@``, no ``@this-instance``."""
        key = acct.strip().lstrip("@").lower()
        return key.removesuffix(f"@{self._host}") if self._host else key

    def record(self, ctx: CollectContext, status: dict[str, Any], dept_ids: set[str], *, kind: Kind | None = None,
               root_uid: str | None = None) -> Record:
        native = str(status["id"])
        account = status.get("account") if isinstance(status.get("account"), dict) else {}
        author_id = str(account["id"]) if account.get("id") is not None else None
        acct = account.get("acct") if isinstance(account.get("acct"), str) else None
        dept_handles = {self.handle_key(h) for h in ctx.department_handles}
        is_dept = author_id in dept_ids or (acct is not None and self.handle_key(acct) in dept_handles)
        parent = status.get("in_reply_to_id")
        parent_uid = make_uid("mastodon", str(parent)) if parent is not None else None
        if kind is None:
            kind = "reply" if parent is not None else ("post" if is_dept else "mention")
        content = status.get("content")
        body = html_to_text(content) if isinstance(content, str) else ""
        warning = status.get("spoiler_text")
        text = f"{warning}\n\n{body}" if isinstance(warning, str) and warning.strip() else body
        return build_record(
            uid=make_uid("mastodon", native),
            platform="mastodon",
            native_id=native,
            account=ctx.account.handle,
            author_id=author_id,
            author_handle=acct,
            is_department=is_dept,
            kind=kind,
            text=text,
            lang=status.get("language"),
            created_at=_time(status["created_at"]),
            parent_uid=parent_uid,
            root_uid=root_uid if root_uid is not None else (make_uid("mastodon", native) if parent is None else None),
            url=status.get("url"),
            metrics={
                "likes": status.get("favourites_count"),
                "replies": status.get("replies_count"),
                "reposts": status.get("reblogs_count"),
            },
            raw=status,
        )

    def records(self, ctx: CollectContext, statuses: list[Any], dept_ids: set[str], *,
                kind: Callable[[dict[str, Any]], Kind | None] = lambda s: None,
                root_uid: Callable[[dict[str, Any]], str | None] = lambda s: None) -> tuple[list[Record], list[str]]:
        """Records for the public/unlisted statuses among ``statuses``; one line per status that cannot be one."""
        out: list[Record] = []
        rejected: list[str] = []
        for status in statuses:
            if not isinstance(status, dict) or status.get("visibility") not in PUBLIC or status.get("reblog"):
                continue  # private, direct, limited or a boost: never collected
            try:
                out.append(self.record(ctx, status, dept_ids, kind=kind(status), root_uid=root_uid(status)))
            except (KeyError, ValueError, TypeError, AttributeError) as exc:
                rejected.append(f"mastodon:{status.get('id', '?')}: {type(exc).__name__}: {exc}".splitlines()[0])
        return out, rejected


def _describe(exc: Exception) -> str:
    if isinstance(exc, MastodonServerError) and len(exc.args) > 1:
        return f"HTTP {exc.args[1]}"
    cause = exc.__context__
    if isinstance(cause, UnparsableBody):
        return str(cause)
    return type(cause).__name__ if cause is not None else type(exc).__name__


class _Run:
    """One collection run's state: the account id, the department's ids and the threads to poll."""

    def __init__(self, conn: MastodonConnector, ctx: CollectContext, account_id: str, since: datetime) -> None:
        self.conn, self.ctx, self.since = conn, ctx, since
        self.account_id = account_id
        self.dept_ids = {account_id, *ctx.department_ids}
        self.roots: dict[str, WatchedThread] = {w.native_id: w for w in ctx.watched if w.created_at >= since}
        self.recheck: dict[str, list[KnownReply]] = {}
        for reply in ctx.recheck:
            self.recheck.setdefault(reply.root_uid or "", []).append(reply)
        self.confirms_left = conn.max_confirms

    def _root_of(self, status: dict[str, Any]) -> str | None:
        """The thread root of a reply when its parent is a watched root (deeper replies: set by the context)."""
        parent = status.get("in_reply_to_id")
        return self.roots[str(parent)].root_uid if parent is not None and str(parent) in self.roots else None

    def _watch(self, records: list[Record]) -> None:
        for rec in records:
            if rec.is_department and rec.kind == "post" and rec.created_at >= self.since:
                self.roots.setdefault(rec.native_id, WatchedThread(rec.uid, rec.native_id, rec.created_at))

    def statuses(self) -> Iterator[Page]:
        """The department's own statuses, forward from the cursor (first run: from the watch window)."""
        cursor = self.ctx.cursors.get("statuses")
        min_id = cursor or status_id_at(self.since)
        endpoint = "/api/v1/accounts/:id/statuses"
        while True:
            body = self.conn.call(endpoint, self.conn.api.account_statuses, self.account_id, exclude_reblogs=True,
                                  min_id=min_id, limit=self.conn.page_size)
            statuses = body if isinstance(body, list) else []
            newest = min_id
            for status in statuses:
                if isinstance(status, dict) and _STATUS_ID.match(str(status.get("id", ""))):
                    newest = _newer(newest, str(status["id"]))
            records, rejected = self.conn.records(self.ctx, statuses, self.dept_ids, root_uid=self._root_of)
            self._watch(records)
            cursor = _newer(cursor, newest) if statuses else cursor
            yield Page("statuses", records, cursor=cursor, rejected=rejected)
            if len(statuses) < self.conn.page_size or newest == min_id:
                return
            min_id = newest

    def mentions(self) -> Iterator[Page]:
        """Mention notifications: forward from the cursor, or (first run) back to the watch window."""
        cursor = self.ctx.cursors.get("mentions")
        endpoint = "/api/v1/notifications"
        forward = cursor is not None
        max_id: str | None = None
        newest = cursor
        while True:
            params = {"min_id": cursor} if forward else ({"max_id": max_id} if max_id else {})
            body = self.conn.call(endpoint, self.conn.api.notifications, types=["mention"],
                                  limit=NOTIFICATIONS_MAX, **params)
            notes = [n for n in (body if isinstance(body, list) else []) if isinstance(n, dict)]
            ids = [str(n["id"]) for n in notes if _STATUS_ID.match(str(n.get("id", "")))]
            for note_id in ids:
                newest = _newer(newest, note_id)
            statuses = [n["status"] for n in notes if n.get("type") == "mention" and isinstance(n.get("status"), dict)]
            records, rejected = self.conn.records(self.ctx, statuses, self.dept_ids, kind=self._mention_kind,
                                                  root_uid=self._root_of)
            oldest = min(ids, key=int) if ids else None
            if forward:  # a full page that moved nothing on would be asked for again and again
                last = len(notes) < NOTIFICATIONS_MAX or newest == cursor
            else:
                old = any(r.created_at < self.since for r in records)
                stuck = oldest is None or (max_id is not None and int(oldest) >= int(max_id))
                last = len(notes) < NOTIFICATIONS_MAX or old or stuck
            # Forward pages commit their cursor; a first pass only with its last page (it reads newest first).
            yield Page("mentions", records, cursor=newest if forward or last else None, rejected=rejected)
            if last:
                return
            cursor, max_id = newest, oldest

    def _mention_kind(self, status: dict[str, Any]) -> Kind:
        if status.get("in_reply_to_id") is not None and str(status.get("in_reply_to_account_id")) in self.dept_ids:
            return "reply"
        return "mention"

    def threads(self) -> Iterator[Page]:
        for root in sorted(self.roots.values(), key=lambda w: w.created_at, reverse=True):
            yield self._thread(root)

    def _thread(self, root: WatchedThread) -> Page:
        """A watched post refreshed, its context's public descendants, and tombstones for what is gone."""
        stream = f"thread:{root.native_id}"
        conn, ctx = self.conn, self.ctx
        status = conn.call("/api/v1/statuses/:id", conn.api.status, root.native_id, missing_ok=True)
        if status is None:
            log.info("mastodon: status %s is gone from %s; marking it deleted", root.native_id, conn.base_url)
            return Page(stream, [self._tombstone(root.native_id, root.created_at, root.root_uid, kind="post")])
        records, rejected = conn.records(ctx, [status], self.dept_ids, kind=lambda s: "post",
                                         root_uid=lambda s: root.root_uid)
        context = conn.call("/api/v1/statuses/:id/context", conn.api.status_context, root.native_id, missing_ok=True)
        descendants = [s for s in (context or {}).get("descendants") or [] if isinstance(s, dict)]
        replies, skipped = conn.records(ctx, descendants, self.dept_ids, kind=lambda s: "reply",
                                        root_uid=lambda s: root.root_uid)
        records += replies
        rejected += skipped
        capped = not conn.authenticated and len(descendants) >= ANON_DESCENDANTS_LIMIT
        if capped:
            log.warning("mastodon: thread %s has more replies than the %d shown without a token; set %s to read "
                        "them all", root.native_id, ANON_DESCENDANTS_LIMIT, conn.token_env)
        else:
            seen = {str(s.get("id")) for s in descendants}
            records += self._confirm_gone([r for r in self.recheck.get(root.root_uid, []) if r.native_id not in seen])
        return Page(stream, records, rejected=rejected)

    def _confirm_gone(self, missing: list[KnownReply]) -> list[Record]:
        """Look up stored replies a thread no longer shows (newest first): a 404 is a deletion.

        Absence alone is not proof: a muted author, or a reply deeper than an anonymous context goes,
        is absent too. Those come back 200 and are refreshed instead.
        """
        out: list[Record] = []
        for reply in missing:
            if self.confirms_left <= 0:
                break
            self.confirms_left -= 1
            status = self.conn.call("/api/v1/statuses/:id", self.conn.api.status, reply.native_id, missing_ok=True)
            if status is None:
                log.info("mastodon: reply %s is gone; marking it deleted", reply.native_id)
                out.append(self._tombstone(reply.native_id, reply.created_at, reply.root_uid, kind="reply",
                                           parent_uid=reply.parent_uid))
            else:
                found, _ = self.conn.records(self.ctx, [status], self.dept_ids, kind=lambda s: "reply",
                                             root_uid=lambda s, root=reply.root_uid: root)
                out += found
        return out

    def _tombstone(self, native: str, created: datetime, root_uid: str | None, *, kind: Kind,
                   parent_uid: str | None = None) -> Record:
        return Record(
            uid=make_uid("mastodon", native), platform="mastodon", native_id=native, account=self.ctx.account.handle,
            is_department=kind == "post", kind=kind, created_at=created, parent_uid=parent_uid, root_uid=root_uid,
            deleted=True,
        )


# -- the platform, as the application sees it -----------------------------------------------------


def _instance(creds: MastodonCredentials) -> str:
    if not creds.api_base_url:
        raise ConnectorError("mastodon: set credentials.mastodon.api_base_url to the account's instance "
                             "(e.g. https://mastodon.social)")
    return creds.api_base_url


def build(ctx: BuildContext) -> MastodonConnector:
    """A connector for one configured account; anonymous unless the token's env var is set."""
    creds = cast(MastodonCredentials, ctx.credentials)
    options = cast(MastodonCollection, ctx.collection)
    return MastodonConnector(
        _instance(creds), ctx.optional_secret(creds.access_token_env), token_env=creds.access_token_env,
        watch_days=ctx.watch_days, page_size=options.page_size, max_confirms=options.max_confirms,
    )


def writer(ctx: BuildContext) -> MastodonWriter:
    """Answers with the token in ``write_access_token_env`` (scope write:statuses), never the read token."""
    creds = cast(MastodonCredentials, ctx.credentials)
    instance = _instance(creds)
    require_named("mastodon", {"write_access_token_env": creds.write_access_token_env})
    env = cast(str, creds.write_access_token_env)
    return MastodonWriter(instance, ctx.secret(env), token_env=env, session=_Session(30.0))


def permalink(native_id: str, root_uid: str | None, credentials: PlatformSettings) -> str | None:
    """``<instance>/web/statuses/<id>``, only for an https instance and a numeric id."""
    base = cast(MastodonCredentials, credentials).api_base_url
    if not base or not _HTTPS_BASE.match(base.rstrip("/")) or not _STATUS_ID.match(native_id):
        return None
    return f"{base.rstrip('/')}/web/statuses/{native_id}"


def doctor(credentials: PlatformSettings, environ: dict[str, str]) -> list[str]:
    """Which mode collection runs in, and what that mode misses."""
    creds = cast(MastodonCredentials, credentials)
    if not creds.api_base_url:
        return ["credentials.mastodon.api_base_url is not set: Mastodon accounts cannot be collected"]
    env = creds.access_token_env
    if env and environ.get(env):
        return [f"token mode ({env} set) on {creds.api_base_url}: whole threads and mention "
                "notifications are read"]
    return [f"anonymous mode ({env or 'no token env var'} not set) on {creds.api_base_url}: each thread "
            f"shows at most {ANON_DESCENDANTS_LIMIT} replies, {ANON_DEPTH_LIMIT} levels deep (newer replies and "
            "deletions in busier threads are missed); mentions outside the department's threads and replies to "
            "its answers in other people's threads are not collected"]


PLATFORM = PlatformSpec(
    name="mastodon", title="Mastodon", credentials=MastodonCredentials, collection=MastodonCollection,
    build=build, permalink=permalink, doctor=doctor, required_settings=("api_base_url",), writer=writer,
    reply_chars=MAX_CHARS,
    user_id_hint=('"109..."', "its numeric account id on the instance: saves a lookup per run"),
)
