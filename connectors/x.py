"""The X connector (API v2 through ``tweepy.Client``): the department's posts, mentions and conversations.

Streams, in the order the read budget is spent on them:

``tweets``
    ``GET /2/users/:id/tweets``: the department's own posts and replies (retweets excluded: they are
    not the department's words and would inflate its post count).
``mentions``
    ``GET /2/users/:id/mentions``: public posts naming the account, inside or outside its threads.
``conv:<id>``
    ``GET /2/tweets/search/recent`` with ``conversation_id:<id>``: every reply in a department
    conversation, the department's own answers included (they are what response time is measured
    on). Conversations are polled newest first while their root is younger than ``watch_days``.
``refresh``
    ``GET /2/tweets?ids=``: once per UTC day the watched department posts, then the public replies
    already stored in their conversations (newest first), are looked up again, so engagement counts
    keep growing in ``metric_snapshots`` and a post or reply deleted on X (it comes back in
    ``errors``) is tombstoned. Once a day because X deduplicates reads of a post within a UTC day.

X bills per resource returned, so every response is counted the moment it arrives
(``CollectContext.count_reads``: post reads, the unit of the monthly cap, and the authors expanded
into it), before its page is built or committed. A page is never requested larger than the budget
left; when the budget cannot cover the smallest page the endpoint allows, the connector yields a
``budget_exhausted`` page and stops.

Cursors (JSON): ``pass_at`` is when the last finished pass started; the next pass asks for posts
from ``pass_at`` minus ``index_overlap`` (search indexes with a lag, so a reply can appear after a
newer one was read; a ``since_id`` would skip it for good). While a stream is mid-way through its
pages the cursor also holds the pass's exact query and ``next_token``, so a crash or a budget stop
resumes at the next page with the query that token belongs to, instead of re-reading (and paying
for) the earlier pages.
"""

from __future__ import annotations

import json
import logging
import random
import re
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import requests
import tweepy
from pydantic import Field, field_validator

from connectors.base import (
    CollectContext,
    ConnectorError,
    Kind,
    Page,
    Record,
    WatchedThread,
    build_record,
    make_uid,
)
from connectors.registry import BuildContext, OptionalEnv, PlatformSettings, PlatformSpec, env_name
from connectors.waits import pause
from connectors.writing import require_named
from connectors.x_writer import MAX_CHARS, XUserTokens, XWriter

log = logging.getLogger(__name__)

TWEET_FIELDS = [
    "created_at", "conversation_id", "in_reply_to_user_id", "referenced_tweets", "public_metrics",
    "author_id", "lang", "edit_history_tweet_ids",
]
USER_FIELDS = ["username", "name"]
EXPANSIONS = ["author_id"]
# The smallest max_results each endpoint accepts (X rejects smaller values with 400).
MIN_TIMELINE = 5
MIN_SEARCH = 10
LOOKUP_BATCH = 100
# Recent search reaches back 7 days; a start_time older than that is a 400.
SEARCH_WINDOW = timedelta(days=7) - timedelta(minutes=1)
# Problem types X uses in ``errors`` for a post that is gone or hidden (deleted, suspended, protected).
GONE_PROBLEMS = (
    "https://api.twitter.com/2/problems/resource-not-found",
    "https://api.twitter.com/2/problems/not-authorized-for-resource",
)

ENDPOINT_ACCESS = {
    "/2/users/:id/tweets": "user timeline reads (pay-per-use credits, or Basic/Pro)",
    "/2/users/:id/mentions": "mentions timeline reads (pay-per-use credits, or Basic/Pro)",
    "/2/tweets/search/recent": "recent search (pay-per-use credits, or Basic/Pro)",
    "/2/tweets": "post lookup (pay-per-use credits, or Basic/Pro)",
    "/2/users/by/username/:username": "user lookup (pay-per-use credits, or Basic/Pro)",
}


class _TimeoutSession(requests.Session):
    """tweepy calls ``session.request`` without a timeout; a hung connection must not hang a run."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self._timeout = timeout

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", self._timeout)
        return super().request(method, url, *args, **kwargs)


class RetryingClient(tweepy.Client):
    """``tweepy.Client`` with waits the caller controls.

    429: sleep until ``x-rate-limit-reset`` (plus one second), then retry. 5xx, timeouts, dropped
    connections and a 2xx whose body is not valid JSON (a truncated answer, which tweepy would only
    find when it parses, outside any retry): capped exponential backoff with full jitter.
    ``sleep`` and ``clock`` are
    injectable so tests record the waits instead of sleeping; the default, :func:`connectors.waits.pause`,
    ends early when the daemon is stopping (a 15-minute rate-limit wait must not hold up a SIGTERM).
    tweepy's own ``wait_on_rate_limit`` stays off because it sleeps with ``time.sleep`` directly.
    """

    def __init__(
        self,
        bearer_token: str,
        *,
        sleep: Callable[[float], None] = pause,
        clock: Callable[[], float] = time.time,
        timeout: float = 30.0,
        max_attempts: int = 5,
        backoff_base: float = 2.0,
        backoff_cap: float = 120.0,
        rng: random.Random | None = None,
    ) -> None:
        super().__init__(bearer_token=bearer_token, return_type=dict, wait_on_rate_limit=False)
        self.session = _TimeoutSession(timeout)
        self._sleep = sleep
        self._clock = clock
        self._max_attempts = max_attempts
        self._backoff_base = backoff_base
        self._backoff_cap = backoff_cap
        self._rng = rng or random.Random()
        self.rate_limit_waits = 0.0

    def request(self, method: str, route: str, params: Any = None, json: Any = None, user_auth: bool = False) -> Any:
        failures = 0
        while True:
            try:
                response = super().request(method, route, params=params, json=json, user_auth=user_auth)
                _check_json(response)
                return response
            except tweepy.TooManyRequests as exc:
                failures += 1
                if failures >= self._max_attempts:
                    raise
                reset = exc.reset_time if exc.reset_time is not None else None
                wait = max(1.0, reset - self._clock() + 1) if reset is not None else self._backoff(failures)
                log.warning("x: rate limited on %s; waiting %.0f s for x-rate-limit-reset", route, wait)
                self.rate_limit_waits += wait
                self._sleep(wait)
            except (tweepy.TwitterServerError, UnparsableResponse, requests.Timeout, requests.ConnectionError) as exc:
                failures += 1
                if failures >= self._max_attempts:
                    raise
                wait = self._backoff(failures)
                log.warning("x: %s on %s; retry %d in %.1f s", _describe(exc), route, failures, wait)
                self._sleep(wait)

    def _backoff(self, failures: int) -> float:
        ceiling = min(self._backoff_cap, self._backoff_base * 2 ** (failures - 1))
        return self._rng.uniform(ceiling / 2, ceiling)


class UnparsableResponse(Exception):
    """A 2xx answer whose body is not valid JSON (cut off mid-transfer, or an HTML error page)."""


def _check_json(response: requests.Response) -> None:
    """Raise :class:`UnparsableResponse` unless the body parses (tweepy parses it again after us)."""
    try:
        response.json()
    except requests.JSONDecodeError:
        raise UnparsableResponse(f"HTTP {response.status_code} with a body that is not valid JSON") from None


def _describe(exc: Exception) -> str:
    if isinstance(exc, tweepy.HTTPException):
        return f"HTTP {exc.response.status_code}"
    if isinstance(exc, UnparsableResponse):
        return str(exc)
    return type(exc).__name__


@dataclass
class _StreamState:
    """Where a stream stands.

    Between passes: ``newest`` (the newest id seen, for people reading the cursor) and ``pass_at``,
    when the last finished pass started; the next pass asks for posts from ``pass_at`` minus the
    index overlap. Mid-pass: also ``query`` (the exact ``since_id``/``start_time`` the pass was
    started with) and ``next_token``, because a pagination token is only valid with its own query.
    """

    newest: str | None = None
    pass_at: str | None = None
    query: dict[str, str] | None = None
    next_token: str | None = None

    @classmethod
    def parse(cls, value: str | None) -> _StreamState:
        if not value:
            return cls()
        if not value.startswith("{"):
            return cls(newest=value)  # a cursor written before pass_at existed: the next pass uses since_id
        data = json.loads(value)
        query = data.get("query")
        if query is None and data.get("since_id"):
            query = {"since_id": data["since_id"]}  # mid-pass cursor of the older format
        token = data.get("next_token") if query is not None else None
        return cls(data.get("newest"), data.get("pass_at"), query, token)

    def dump(self) -> str:
        data: dict[str, Any] = {"newest": self.newest, "pass_at": self.pass_at}
        if self.next_token:
            data.update(query=self.query, next_token=self.next_token)
        return json.dumps(data, sort_keys=True)


def _x_time(value: datetime) -> str:
    """A time as X's query parameters take it (and as tweepy would format a datetime)."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _newer(a: str | None, b: str | None) -> str | None:
    """The larger of two snowflake ids (ids are time-ordered; compare as integers, not text)."""
    if a is None or b is None:
        return a or b
    return a if int(a) >= int(b) else b


def parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


class XConnector:
    """Collects one department X account. Credentials: an app-only bearer token (by env var name)."""

    platform = "x"

    def __init__(
        self,
        bearer_token: str,
        *,
        bearer_env: str = "X_BEARER_TOKEN",
        watch_days: int = 7,
        max_results: int = 100,
        daily_refresh: bool = True,
        recheck_replies: bool = True,
        index_overlap: timedelta = timedelta(minutes=10),
        client: tweepy.Client | None = None,
        sleep: Callable[[float], None] = pause,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.client = client or RetryingClient(bearer_token, sleep=sleep, clock=clock)
        self.bearer_env = bearer_env
        self.watch_days = watch_days
        self.max_results = max_results
        self.daily_refresh = daily_refresh
        self.recheck_replies = recheck_replies
        self.index_overlap = index_overlap
        self._budget: int | None = None
        self._roots: dict[str, WatchedThread] = {}
        self._count_reads: Callable[[int, int], None] = lambda posts, users: None

    # -- the run ----------------------------------------------------------------------------------

    def collect(self, ctx: CollectContext) -> Iterator[Page]:
        self._budget = ctx.read_budget
        self._roots = {w.native_id: w for w in ctx.watched}
        self._count_reads = ctx.count_reads
        route = "/2/users/:id/tweets"
        try:
            user_id = ctx.account.platform_user_id or self._lookup_user_id(ctx)
            dept_ids = set(ctx.department_ids) | {user_id}
            since = ctx.now - timedelta(days=self.watch_days)
            common = {"tweet_fields": TWEET_FIELDS, "expansions": EXPANSIONS, "user_fields": USER_FIELDS}
            streams: list[tuple[str, Callable[..., Any], dict[str, Any], int]] = [
                ("tweets", self.client.get_users_tweets, {"id": user_id, "exclude": ["retweets"], **common},
                 MIN_TIMELINE),
                ("mentions", self.client.get_users_mentions, {"id": user_id, **common}, MIN_TIMELINE),
            ]
            for stream, method, kwargs, minimum in streams:
                route = f"/2/users/:id/{stream}"
                if (yield from self._stream(ctx, stream, method, kwargs, minimum, dept_ids, first_since=since)):
                    return
            route = "/2/tweets/search/recent"
            for root in sorted(self._roots.values(), key=lambda w: w.created_at, reverse=True):
                if root.created_at < since:
                    continue
                kwargs = {"query": f"conversation_id:{root.native_id}", **common}
                stream = f"conv:{root.native_id}"
                if (yield from self._stream(ctx, stream, self.client.search_recent_tweets, kwargs, MIN_SEARCH,
                                            dept_ids, floor=ctx.now - SEARCH_WINDOW)):
                    return
            if self.daily_refresh:
                route = "/2/tweets"
                yield from self._refresh(ctx, dept_ids, since)
        except (tweepy.Unauthorized, tweepy.Forbidden) as exc:
            raise ConnectorError(self._auth_message(exc, route, ctx)) from None
        except tweepy.HTTPException as exc:
            detail = "; ".join(exc.api_messages) or exc.response.reason
            raise ConnectorError(
                f"x: @{ctx.account.handle}: HTTP {exc.response.status_code} on GET {route}: {detail}"
            ) from None
        except (requests.Timeout, requests.ConnectionError) as exc:
            raise ConnectorError(
                f"x: @{ctx.account.handle}: GET {route} failed after retries ({type(exc).__name__})"
            ) from None
        except UnparsableResponse as exc:
            raise ConnectorError(f"x: @{ctx.account.handle}: GET {route} answered {exc} after retries") from None

    def _auth_message(self, exc: tweepy.HTTPException, route: str, ctx: CollectContext) -> str:
        status = exc.response.status_code
        if status == 401:
            return (
                f"x: @{ctx.account.handle}: 401 Unauthorized on GET {route}: the bearer token in "
                f"{self.bearer_env} is missing, revoked or malformed (generate an app-only bearer token "
                "for your project's app in the X developer console)"
            )
        need = ENDPOINT_ACCESS.get(route, "read access")
        return (
            f"x: @{ctx.account.handle}: 403 Forbidden on GET {route}: the app behind {self.bearer_env} "
            f"lacks {need}; the Free tier cannot read these endpoints"
        )

    def _page_size(self, minimum: int) -> int | None:
        size = max(self.max_results, minimum)
        if self._budget is None:
            return size
        if self._budget < minimum:
            return None
        return min(size, self._budget)

    def _spend(self, response: Mapping[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The posts and users of a response, counted (budget and run) before anything else happens."""
        tweets = response.get("data") or []
        users = (response.get("includes") or {}).get("users") or []
        self._count_reads(len(tweets), len(users))
        if self._budget is not None:
            self._budget = max(0, self._budget - len(tweets))
        return tweets, users

    def _exhausted(self, stream: str) -> Page:
        log.warning("x: monthly post-read budget reached before %s; stopping until next month", stream)
        return Page(stream, [], budget_exhausted=True)

    def _lookup_user_id(self, ctx: CollectContext) -> str:
        """The account's numeric id from its handle (one user read; set ``user_id`` in config to skip)."""
        resp = self.client.get_user(username=ctx.account.handle)
        data = resp.get("data")
        self._count_reads(0, 1 if data else 0)
        if not data:
            raise ConnectorError(f"x: account @{ctx.account.handle} not found (suspended or renamed?)")
        log.info("x: @%s has user id %s; set it as user_id in config to save a user read", ctx.account.handle,
                 data["id"])
        return str(data["id"])

    # -- paged streams ----------------------------------------------------------------------------

    def _stream(
        self,
        ctx: CollectContext,
        stream: str,
        method: Callable[..., Any],
        kwargs: dict[str, Any],
        minimum: int,
        dept_ids: set[str],
        *,
        first_since: datetime | None = None,
        floor: datetime | None = None,
    ) -> Generator[Page, None, bool]:
        """Pages of one stream from its cursor, each carrying the cursor that resumes after it.

        Returns True when it stopped because the read budget ran out (its last page says so too).
        """
        state = _StreamState.parse(ctx.cursors.get(stream))
        if not state.next_token:
            state.query = self._pass_query(state, first_since, floor)
            state.pass_at = _x_time(ctx.now)
        while True:
            size = self._page_size(minimum)
            if size is None:
                yield self._exhausted(stream)
                return True
            params = dict(kwargs, **(state.query or {}), max_results=size)
            pages = iter(tweepy.Paginator(method, pagination_token=state.next_token, **params))
            resumed_with = state.next_token
            tokens_seen: set[str] = set()
            while True:
                try:
                    response = next(pages)
                except StopIteration:
                    return False
                except tweepy.BadRequest:
                    if resumed_with is None or state.next_token != resumed_with:
                        raise
                    # A stale pagination token from an interrupted pass: start the pass again.
                    log.warning("x: %s: pagination token no longer accepted; restarting the pass", stream)
                    state.next_token = None
                    break
                tweets, users = self._spend(response)
                for tweet in tweets:
                    state.newest = _newer(state.newest, str(tweet["id"]))
                state.next_token = (response.get("meta") or {}).get("next_token")
                if state.next_token in tokens_seen:
                    # The API handed back a token it already gave: end the pass rather than loop.
                    log.warning("x: %s: next_token repeated; ending this pass", stream)
                    state.next_token = None
                if state.next_token:
                    tokens_seen.add(state.next_token)
                records, rejected = self._records(ctx, tweets, users, dept_ids)
                yield Page(stream, records, cursor=state.dump(), reads=len(tweets), rejected=rejected,
                           user_reads=len(users))
                if not state.next_token:
                    return False
                if self._page_size(minimum) != size:
                    break  # the budget left no longer covers a full page: go on with smaller pages

    def _pass_query(
        self, state: _StreamState, first_since: datetime | None, floor: datetime | None
    ) -> dict[str, str]:
        """Where a new pass starts reading.

        After a finished pass: from when that pass started, minus ``index_overlap``, because search
        indexes with a lag and a reply can become visible after a newer one was already read (its id
        is then below any ``since_id``). Re-reading the overlap costs reads, counted like any other;
        the upserts make it idempotent. A first pass reads back ``first_since`` (the watch window).
        """
        if state.pass_at:
            start = parse_time(state.pass_at) - self.index_overlap
            return {"start_time": _x_time(max(start, floor) if floor else start)}
        if state.newest:
            return {"since_id": state.newest}
        return {"start_time": _x_time(first_since)} if first_since is not None else {}

    def _refresh(self, ctx: CollectContext, dept_ids: set[str], since: datetime) -> Iterator[Page]:
        """Once per UTC day: look watched department posts, then their public replies, up again.

        Fresh engagement counts, and a tombstone for whatever X now reports gone: a department post,
        or a public reply its author deleted (which no search returns any more). Newest first, so a
        budget that runs out skips the oldest.
        """
        today = ctx.now.astimezone(UTC).date().isoformat()
        if ctx.cursors.get("refresh") == today:
            return
        roots = sorted(
            (w for w in self._roots.values() if w.created_at >= since), key=lambda w: w.created_at, reverse=True
        )
        tombstones = {w.native_id: self._tombstone(ctx, w.native_id, w.created_at, w.root_uid) for w in roots}
        if self.recheck_replies:
            for reply in ctx.recheck:
                tombstones.setdefault(reply.native_id, self._tombstone(
                    ctx, reply.native_id, reply.created_at, reply.root_uid, reply=True, parent_uid=reply.parent_uid))
        ids = list(tombstones)
        batches = [ids[i : i + LOOKUP_BATCH] for i in range(0, len(ids), LOOKUP_BATCH)] or [[]]
        for n, batch in enumerate(batches, start=1):
            if not batch:
                yield Page("refresh", [], cursor=today)
                return
            cut = self._budget is not None and self._budget < len(batch)
            if cut:
                batch = batch[: self._budget]  # the newest the budget still covers
            if batch:
                response = self.client.get_tweets(
                    ids=batch, tweet_fields=TWEET_FIELDS, expansions=EXPANSIONS, user_fields=USER_FIELDS,
                )
                tweets, users = self._spend(response)
                records, rejected = self._records(ctx, tweets, users, dept_ids)
                records += self._gone(response.get("errors") or [], {i: tombstones[i] for i in batch})
                yield Page("refresh", records, cursor=today if n == len(batches) and not cut else None,
                           reads=len(tweets), rejected=rejected, user_reads=len(users))
            if cut:
                yield self._exhausted("refresh")
                return

    def _tombstone(
        self, ctx: CollectContext, native: str, created: datetime, root_uid: str | None, *, reply: bool = False,
        parent_uid: str | None = None,
    ) -> Record:
        """The record that marks a looked-up department post (or public reply) deleted, should X report it gone."""
        return Record(
            uid=make_uid("x", native), platform="x", native_id=native, account=ctx.account.handle,
            is_department=not reply, kind="reply" if reply else "post", created_at=created, parent_uid=parent_uid,
            root_uid=root_uid, deleted=True,
        )

    def _gone(self, errors: Iterable[Mapping[str, Any]], batch: Mapping[str, Record]) -> list[Record]:
        """Tombstone records for looked-up posts X reports as not found or not authorised."""
        out = []
        for err in errors:
            native = str(err.get("resource_id") or err.get("value") or "")
            if err.get("type") not in GONE_PROBLEMS or native not in batch:
                continue
            log.info("x: post %s is gone from X (%s); marking it deleted", native, err.get("title"))
            out.append(batch[native])
        return out

    # -- payload to record ------------------------------------------------------------------------

    def _records(
        self, ctx: CollectContext, tweets: list[dict[str, Any]], users: list[dict[str, Any]], dept_ids: set[str]
    ) -> tuple[list[Record], list[str]]:
        by_id = {str(u["id"]): u for u in users}
        records: list[Record] = []
        rejected: list[str] = []
        for tweet in tweets:
            try:
                records.append(self._record(ctx, tweet, by_id, dept_ids))
            except (KeyError, ValueError, TypeError) as exc:
                rejected.append(f"x:{tweet.get('id', '?')}: {type(exc).__name__}: {exc}".splitlines()[0])
        return records, rejected

    def _record(
        self, ctx: CollectContext, tweet: dict[str, Any], users: Mapping[str, Mapping[str, Any]], dept_ids: set[str]
    ) -> Record:
        native = str(tweet["id"])
        author_id = str(tweet["author_id"]) if tweet.get("author_id") is not None else None
        user = users.get(author_id or "")
        handle = user.get("username") if user else None
        is_dept = author_id in dept_ids or (handle is not None and handle.lower() in ctx.department_handles)
        refs = {r["type"]: str(r["id"]) for r in tweet.get("referenced_tweets") or []}
        conversation = str(tweet.get("conversation_id") or native)
        replied_to, quoted = refs.get("replied_to"), refs.get("quoted")
        created = parse_time(tweet["created_at"])
        kind: Kind
        if is_dept:
            kind = "reply" if replied_to else "post"
            if kind == "post" and created >= ctx.now - timedelta(days=self.watch_days):
                self._roots.setdefault(native, WatchedThread(make_uid("x", native), native, created))
        elif replied_to and (conversation in self._roots or str(tweet.get("in_reply_to_user_id")) in dept_ids):
            kind = "reply"
        elif quoted and not replied_to:
            kind = "quote"
        else:
            kind = "mention"
        metrics = tweet.get("public_metrics") or {}
        return build_record(
            uid=make_uid("x", native),
            platform="x",
            native_id=native,
            account=ctx.account.handle,
            author_id=author_id,
            author_handle=handle,
            is_department=is_dept,
            kind=kind,
            text=tweet.get("text") or "",
            lang=tweet.get("lang"),
            created_at=created,
            parent_uid=make_uid("x", replied_to or quoted) if (replied_to or quoted) else None,
            root_uid=make_uid("x", conversation),
            url=f"https://x.com/{handle or 'i/web'}/status/{native}",
            metrics={
                "likes": metrics.get("like_count"),
                "replies": metrics.get("reply_count"),
                "reposts": metrics.get("retweet_count"),
                "quotes": metrics.get("quote_count"),
                "views": metrics.get("impression_count"),
            },
            raw=tweet,
        )


class XCredentials(PlatformSettings):
    """An app-only bearer token (pay-per-use or Basic/Pro) to read; OAuth 1.0a user tokens to answer.

    The ``write_*`` variables are the app's consumer key/secret and the department account's access
    token/secret (app permission "Read and write"); unnamed, answers cannot be sent from engage.
    """

    bearer_token_env: str = "X_BEARER_TOKEN"
    write_consumer_key_env: OptionalEnv = None
    write_consumer_secret_env: OptionalEnv = None
    write_access_token_env: OptionalEnv = None
    write_access_token_secret_env: OptionalEnv = None
    _check = field_validator("bearer_token_env", "write_consumer_key_env", "write_consumer_secret_env",
                             "write_access_token_env", "write_access_token_secret_env")(env_name)


class XCollection(PlatformSettings):
    """X bills reads per resource returned (pay-per-use since 2026-02); the budget is kept in reads."""

    monthly_post_read_cap: int = Field(default=15_000, ge=0)
    post_read_usd: float = Field(default=0.005, ge=0)
    user_read_usd: float = Field(default=0.010, ge=0)
    max_results: int = Field(default=100, ge=5, le=100)
    daily_refresh: bool = Field(
        default=True, description="look watched department posts up once a UTC day (metrics, deletions)"
    )
    recheck_replies: bool = Field(
        default=True, description="the daily refresh also looks up stored public replies (to tombstone deleted ones)"
    )
    index_overlap_minutes: int = Field(
        default=10, ge=0, le=120, description="each poll re-reads this much before the last one (search lag)"
    )


def build(ctx: BuildContext) -> XConnector:
    creds = cast(XCredentials, ctx.credentials)
    opts = cast(XCollection, ctx.collection)
    return XConnector(
        ctx.secret(creds.bearer_token_env), bearer_env=creds.bearer_token_env, watch_days=ctx.watch_days,
        max_results=opts.max_results, daily_refresh=opts.daily_refresh, recheck_replies=opts.recheck_replies,
        index_overlap=timedelta(minutes=opts.index_overlap_minutes),
    )


def writer(ctx: BuildContext) -> XWriter:
    """Replies and reply-hiding with the account's user tokens (never the read bearer token)."""
    creds = cast(XCredentials, ctx.credentials)
    names = {"write_consumer_key_env": creds.write_consumer_key_env,
             "write_consumer_secret_env": creds.write_consumer_secret_env,
             "write_access_token_env": creds.write_access_token_env,
             "write_access_token_secret_env": creds.write_access_token_secret_env}
    require_named("x", names)
    key, secret, token, token_secret = (ctx.secret(env) for env in names.values())
    tokens = XUserTokens(key, secret, token, token_secret, envs="/".join(cast(list[str], list(names.values()))))
    return XWriter(tokens, session=_TimeoutSession(30.0))


_POST_ID = re.compile(r"^[0-9]{1,20}$")


def permalink(native_id: str, root_uid: str | None, credentials: PlatformSettings) -> str | None:
    """``x.com/i/web/status/<id>`` works for any author, so the link needs no handle."""
    return f"https://x.com/i/web/status/{native_id}" if _POST_ID.match(native_id) else None


def monthly_read_cap(collection: PlatformSettings) -> int:
    return cast(XCollection, collection).monthly_post_read_cap


PLATFORM = PlatformSpec(
    name="x", title="X (Twitter)", credentials=XCredentials, collection=XCollection, build=build,
    permalink=permalink, monthly_read_cap=monthly_read_cap, writer=writer, reply_chars=MAX_CHARS,
    user_id_hint=('"123..."', "its numeric id: saves one billable lookup per run"),
)
