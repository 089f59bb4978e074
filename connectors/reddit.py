"""The Reddit connector (through praw): the department redditor's submissions, comments and their threads.

Streams:

``submissions`` / ``comments``
    ``GET /user/:name/submitted`` and ``/user/:name/comments`` (newest first). Each run reads back
    to the older of its cursor (``"<created_utc>:<fullname>"`` of the newest item committed) and
    the start of the watch window, so a gap after downtime is caught up and the department's
    recent items get fresh scores. The cursor is written with the stream's last page only: Reddit
    reads are free, so a crash simply re-reads the stream (upserts make that idempotent).
``thread:<t3_id>``
    For every watched department submission (newest first), the whole comment forest: ``GET
    /comments/:id`` plus ``POST /api/morechildren`` for up to ``replace_more_limit``
    "load more comments" stubs. praw picks the same stubs every poll, so the comments hidden behind
    the others are fetched by id (``GET /api/info``, 100 a request, at most ``replace_more_limit``
    requests a poll); the cursor keeps the ids already fetched that way, so each poll fetches the
    next ones until the thread is complete. One page per thread.
``replies:<t1_id>``
    For department comments made in other people's threads within the watch window, the replies
    under them (``GET /comments/:link/_/:id``), their hidden comments fetched by id the same way.

Native ids are fullnames (``t3_`` submissions, ``t1_`` comments), so ``parent_id``/``link_id`` map
straight onto ``parent_uid``/``root_uid``. A comment or submission that comes back with author
``None`` and body ``[deleted]``/``[removed]`` is yielded with ``deleted=True`` (tombstoned by the
store); a deleted *account* with its text still there only loses its author.

Scores: Reddit's ``score`` (upvotes minus downvotes, often negative) is stored as the signed
``score`` metric, never as likes; Reddit has no like count.

praw respects Reddit's rate-limit headers (prawcore's RateLimiter) and retries 5xx twice; on top,
429 waits for ``retry-after`` / ``x-ratelimit-reset``, and 5xx or a 200 whose body is not valid JSON
(prawcore's ``BadJSON``, or a truncated OAuth token answer) gets capped, jittered backoff. Every
wait goes through the injectable ``sleep`` so tests record instead of sleeping.
"""

from __future__ import annotations

import json
import logging
import random
import re
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar, cast

import praw
import prawcore
import requests
from praw.models import Comment, MoreComments, Submission
from praw.models.comment_forest import CommentForest
from prawcore.rate_limit import RateLimiter
from prawcore.sessions import FiniteRetryStrategy
from pydantic import Field, field_validator

from connectors.base import CollectContext, ConnectorError, Page, Record, WatchedThread, build_record, make_uid
from connectors.reddit_writer import MAX_CHARS, RedditWriter
from connectors.registry import BuildContext, OptionalEnv, PlatformSettings, PlatformSpec, env_name
from connectors.waits import pause
from connectors.writing import require_named

log = logging.getLogger(__name__)

GONE_BODIES = frozenset({"[deleted]", "[removed]"})
INFO_BATCH = 100  # fullnames per GET /api/info
T = TypeVar("T")
# A 200 whose body does not parse: prawcore's BadJSON for API calls, requests' own for the token.
UNPARSABLE = (prawcore.BadJSON, requests.JSONDecodeError)


def route_waits(reddit: praw.Reddit, sleep: Callable[[float], None]) -> None:
    """Send prawcore's own waits (rate limiter, 5xx retries) through ``sleep``.

    prawcore calls ``time.sleep`` directly; its sessions are the documented extension point only in
    part, so this touches two internal attributes, guarded so a future prawcore without them keeps
    its default (correct, merely not injectable) behaviour.
    """

    class _Retry(FiniteRetryStrategy):
        def sleep(self) -> None:
            seconds = self._sleep_seconds()
            if seconds is not None:
                sleep(seconds)

    class _Limiter(RateLimiter):
        def delay(self) -> None:
            if self.next_request_timestamp_ns is None:
                return
            seconds = (self.next_request_timestamp_ns - time.monotonic_ns()) / 1e9
            if seconds > 0:
                log.debug("reddit: rate limiter waits %.2f s", seconds)
                sleep(seconds)

    for core in {id(c): c for c in (reddit._read_only_core, reddit._authorized_core) if c is not None}.values():
        if hasattr(core, "_retry_strategy_class") and hasattr(core, "_rate_limiter"):
            core._retry_strategy_class = _Retry
            core._rate_limiter = _Limiter(window_size=core._rate_limiter.window_size)


def _raw(obj: Any) -> dict[str, Any]:
    """The object's fields as Reddit sent them (praw keeps them as attributes; objects become names)."""
    out: dict[str, Any] = {}
    for key, value in vars(obj).items():
        if key.startswith("_") or key in ("comments", "replies", "comment_sort", "comment_limit"):
            continue
        if key in ("author", "subreddit"):
            out[key] = str(value) if value is not None else None
        elif isinstance(value, str | int | float | bool | list | dict | type(None)):
            out[key] = value
    return json.loads(json.dumps(out, default=str))


def _time(created_utc: float) -> datetime:
    return datetime.fromtimestamp(float(created_utc), UTC)


def _cursor_value(item: Submission | Comment) -> str:
    return f"{float(item.created_utc):.0f}:{item.name}"


def _cursor_time(value: str | None) -> datetime | None:
    if not value:
        return None
    return _time(float(value.split(":", 1)[0]))


class RedditConnector:
    """Collects one department redditor with a praw.Reddit built from env-var credentials."""

    platform = "reddit"

    def __init__(
        self,
        reddit: praw.Reddit,
        *,
        credential_envs: str = "REDDIT_CLIENT_ID/REDDIT_CLIENT_SECRET",
        watch_days: int = 7,
        replace_more_limit: int | None = 32,
        listing_limit: int = 100,
        sleep: Callable[[float], None] = pause,
        max_attempts: int = 4,
        backoff_cap: float = 120.0,
        rng: random.Random | None = None,
    ) -> None:
        self.reddit = reddit
        self.credential_envs = credential_envs
        self.watch_days = watch_days
        self.replace_more_limit = replace_more_limit
        self.listing_limit = listing_limit
        self._sleep = sleep
        self._max_attempts = max_attempts
        self._backoff_cap = backoff_cap
        self._rng = rng or random.Random()
        route_waits(reddit, sleep)

    # -- the run ----------------------------------------------------------------------------------

    def collect(self, ctx: CollectContext) -> Iterator[Page]:
        handle = ctx.account.handle
        since = ctx.now - timedelta(days=self.watch_days)
        where = f"u/{handle}"
        try:
            redditor = self.reddit.redditor(handle)
            roots = {w.native_id: w for w in ctx.watched}
            submissions: list[Submission] = []
            comments: list[Comment] = []
            yield from self._listing(ctx, "submissions", redditor.submissions, since, submissions)
            yield from self._listing(ctx, "comments", redditor.comments, since, comments)
            for sub in submissions:
                created = _time(sub.created_utc)
                if created >= since:
                    roots.setdefault(sub.name, WatchedThread(make_uid("reddit", sub.name), sub.name, created))
            for root in sorted(roots.values(), key=lambda w: w.created_at, reverse=True):
                if root.created_at < since:
                    continue
                where = f"thread {root.native_id}"
                yield self._retrying(lambda root=root: self._thread(ctx, root))
            for comment in comments:
                if comment.link_id in roots or _time(comment.created_utc) < since:
                    continue
                where = f"replies to {comment.name}"
                yield self._retrying(lambda comment=comment: self._replies(ctx, comment))
        except prawcore.OAuthException as exc:
            raise ConnectorError(
                f"reddit: login refused ({exc.error}): check the script-app username/password env vars "
                f"and {self.credential_envs}; accounts with two-factor login cannot use password login"
            ) from None
        except (prawcore.Forbidden, prawcore.InsufficientScope) as exc:
            raise ConnectorError(self._forbidden(exc, where)) from None
        except prawcore.NotFound:
            raise ConnectorError(f"reddit: {where} not found (account renamed, deleted or suspended?)") from None
        except UNPARSABLE:
            raise ConnectorError(
                f"reddit: {where}: HTTP 200 with a body that is not valid JSON, after retries"
            ) from None
        except prawcore.ResponseException as exc:
            status = exc.response.status_code
            if status == 401:
                raise ConnectorError(
                    f"reddit: 401 Unauthorized: {self.credential_envs} are wrong or the app was deleted "
                    "(create a 'script' app at https://www.reddit.com/prefs/apps)"
                ) from None
            raise ConnectorError(f"reddit: HTTP {status} on {where} after retries") from None
        except prawcore.RequestException as exc:
            raise ConnectorError(
                f"reddit: network failure on {where} after retries ({type(exc.original_exception).__name__})"
            ) from None
        except prawcore.PrawcoreException as exc:
            raise ConnectorError(f"reddit: {where}: {type(exc).__name__}: {exc}".splitlines()[0]) from None

    def _forbidden(self, exc: prawcore.PrawcoreException, where: str) -> str:
        return (
            f"reddit: 403 Forbidden on {where}: the app in {self.credential_envs} may not read it "
            "(private or quarantined community, suspended account, or a read-only app where a script login is "
            f"needed) [{type(exc).__name__}]"
        )

    def _retrying(self, fetch: Callable[[], T]) -> T:
        """``fetch()`` again after a 429 (waiting as told) or a 5xx prawcore already retried twice."""
        failures = 0
        while True:
            try:
                return fetch()
            except prawcore.TooManyRequests as exc:
                failures += 1
                if failures >= self._max_attempts:
                    raise
                headers = exc.response.headers
                wait = float(headers.get("retry-after") or headers.get("x-ratelimit-reset") or 60)
                log.warning("reddit: 429 Too Many Requests; waiting %.0f s as Reddit asks", wait)
                self._sleep(wait)
            except (prawcore.ServerError, prawcore.RequestException, *UNPARSABLE) as exc:
                failures += 1
                if failures >= self._max_attempts:
                    raise
                ceiling = min(self._backoff_cap, 2.0 * 2 ** (failures - 1))
                wait = self._rng.uniform(ceiling / 2, ceiling)
                log.warning("reddit: %s; retry %d in %.1f s", type(exc).__name__, failures, wait)
                self._sleep(wait)

    # -- streams ----------------------------------------------------------------------------------

    def _listing(
        self, ctx: CollectContext, stream: str, sublisting: Any, since: datetime, seen: list[Any]
    ) -> Iterator[Page]:
        """The department's submissions or comments newer than max(cursor, window), in pages."""
        cursor = ctx.cursors.get(stream)
        cursor_time = _cursor_time(cursor)
        stop = min(since, cursor_time) if cursor_time else since

        def read() -> list[Any]:
            items = []
            for item in sublisting.new(limit=None, request_limit=self.listing_limit):
                if _time(item.created_utc) < stop:
                    break
                items.append(item)
            return items

        items = self._retrying(read)
        seen.extend(items)
        newest = _cursor_value(items[0]) if items else cursor
        chunks = [items[i : i + self.listing_limit] for i in range(0, len(items), self.listing_limit)] or [[]]
        for n, chunk in enumerate(chunks, start=1):
            records, rejected = self._records(ctx, chunk)
            yield Page(stream, records, cursor=newest if n == len(chunks) else None, rejected=rejected)

    def _thread(self, ctx: CollectContext, root: WatchedThread) -> Page:
        """A watched submission and its whole comment forest (newest comments loaded first)."""
        stream = f"thread:{root.native_id}"
        submission = self.reddit.submission(id=root.native_id.removeprefix("t3_"))
        submission.comment_sort = "new"
        items, cursor = self._expand(ctx, stream, submission.comments)
        records, rejected = self._records(ctx, items)
        # The root is the department's by definition, even when it comes back deleted (author None).
        records.insert(0, self._record(ctx, submission, department=True))
        return Page(stream, records, cursor=cursor, rejected=rejected)

    def _replies(self, ctx: CollectContext, comment: Comment) -> Page:
        """The replies under a department comment made in someone else's thread."""
        stream = f"replies:{comment.name}"
        comment.refresh()
        items, cursor = self._expand(ctx, stream, comment.replies)
        records, rejected = self._records(ctx, [comment, *items])
        return Page(stream, records, cursor=cursor, rejected=rejected)

    def _expand(self, ctx: CollectContext, stream: str, forest: CommentForest) -> tuple[list[Any], str | None]:
        """Every comment of ``forest``, and the stream's cursor: the hidden comments fetched by id so far.

        ``replace_more`` expands up to ``replace_more_limit`` stubs (always the same ones: praw takes the
        biggest first) and drops the rest; the comments behind those that no earlier poll fetched are
        fetched by id, newest first, up to ``replace_more_limit`` requests of 100. A comment fetched
        this way is not read again while it stays hidden, so its later score changes are not seen.
        """
        skipped = forest.replace_more(limit=self.replace_more_limit)
        hidden = {f"t1_{child}" for stub in skipped for child in stub.children}
        fetched_before = set(json.loads(ctx.cursors.get(stream) or "[]")) & hidden
        newest_first = sorted(hidden - fetched_before, key=lambda name: (len(name), name), reverse=True)
        wanted = newest_first[: INFO_BATCH * (self.replace_more_limit or 0)]
        fetched = list(self.reddit.info(fullnames=wanted)) if wanted else []
        done = fetched_before | {c.name for c in fetched}
        cursor = json.dumps(sorted(done)) if done or stream in ctx.cursors else None
        return [*forest.list(), *fetched], cursor

    # -- payload to record ------------------------------------------------------------------------

    def _records(self, ctx: CollectContext, items: Iterable[Any]) -> tuple[list[Record], list[str]]:
        records: list[Record] = []
        rejected: list[str] = []
        for item in items:
            if isinstance(item, MoreComments):
                continue  # beyond replace_more_limit: its comments are fetched by id (see _expand)
            try:
                records.append(self._record(ctx, item))
            except (AttributeError, KeyError, TypeError, ValueError) as exc:
                rejected.append(f"reddit:{getattr(item, 'name', '?')}: {type(exc).__name__}: {exc}".splitlines()[0])
        return records, rejected

    def _record(self, ctx: CollectContext, item: Submission | Comment, *, department: bool = False) -> Record:
        author = item.author.name if item.author is not None else None
        is_dept = department or (author is not None and author.lower() in ctx.department_handles)
        raw = _raw(item)
        author_id = raw.get("author_fullname") if author is not None else None
        if isinstance(item, Submission):
            body = item.selftext or ""
            text = f"{item.title}\n\n{body}" if body else item.title
            gone = author is None and (body in GONE_BODIES or raw.get("removed_by_category") is not None)
            metrics = {"score": getattr(item, "score", None), "replies": getattr(item, "num_comments", None)}
            kind = "post" if is_dept else "mention"
            parent, root = None, item.name
        else:
            text = item.body
            gone = author is None and item.body in GONE_BODIES
            metrics = {"score": getattr(item, "score", None)}
            kind = "reply"
            parent, root = item.parent_id, item.link_id
        return build_record(
            uid=make_uid("reddit", item.name),
            platform="reddit",
            native_id=item.name,
            account=ctx.account.handle,
            author_id=author_id,
            author_handle=author,
            is_department=is_dept,
            kind=kind,
            text="" if gone else text,
            created_at=_time(item.created_utc),
            parent_uid=make_uid("reddit", parent) if parent else None,
            root_uid=make_uid("reddit", root),
            url=f"https://www.reddit.com{item.permalink}",
            metrics=metrics,
            raw=raw,
            deleted=gone,
        )


class RedditCredentials(PlatformSettings):
    """A script app's id and secret (read-only), optionally the department's login (by env var name)."""

    client_id_env: str = "REDDIT_CLIENT_ID"
    client_secret_env: str = "REDDIT_CLIENT_SECRET"
    username_env: str | None = None
    password_env: str | None = None
    # The department account that answers (the same script app; its developers must include this account).
    write_username_env: OptionalEnv = None
    write_password_env: OptionalEnv = None
    user_agent: str = "python:engage:0.1.0 (by /u/your_reddit_username)"
    _check = field_validator("client_id_env", "client_secret_env", "username_env", "password_env",
                             "write_username_env", "write_password_env")(env_name)

    @field_validator("user_agent")
    @classmethod
    def _reddit_form(cls, value: str) -> str:
        # Reddit throttles or blocks generic user agents; it asks for this exact shape.
        if not re.fullmatch(r"[^:\s]+:[^:\s]+:[^:\s]+ \(by /u/[A-Za-z0-9_-]+\)", value):
            raise ValueError("must look like '<platform>:<app id>:<version> (by /u/<reddit username>)'")
        return value


class RedditCollection(PlatformSettings):
    replace_more_limit: int | None = Field(default=32, ge=0)
    listing_limit: int = Field(default=100, ge=1, le=1000)


def build(ctx: BuildContext) -> RedditConnector:
    """A praw.Reddit from the credentials' env vars: read-only, or logged in when a login is named."""
    creds = cast(RedditCredentials, ctx.credentials)
    opts = cast(RedditCollection, ctx.collection)
    login: dict[str, str] = {}
    if creds.username_env or creds.password_env:
        # Script-app login (the department's own account); without it praw reads read-only.
        login = {"username": ctx.secret(creds.username_env), "password": ctx.secret(creds.password_env)}
    reddit = praw.Reddit(
        client_id=ctx.secret(creds.client_id_env), client_secret=ctx.secret(creds.client_secret_env),
        user_agent=creds.user_agent, check_for_updates=False, check_for_async=False, **login,
    )
    envs = "/".join(e for e in (creds.client_id_env, creds.client_secret_env, creds.username_env,
                                creds.password_env) if e)
    return RedditConnector(reddit, credential_envs=envs, watch_days=ctx.watch_days,
                           replace_more_limit=opts.replace_more_limit, listing_limit=opts.listing_limit)


def writer(ctx: BuildContext) -> RedditWriter:
    """Replies as the account in ``write_username_env``/``write_password_env`` (never the read login)."""
    creds = cast(RedditCredentials, ctx.credentials)
    require_named("reddit", {"write_username_env": creds.write_username_env,
                             "write_password_env": creds.write_password_env})
    user_env, password_env = cast(str, creds.write_username_env), cast(str, creds.write_password_env)
    reddit = praw.Reddit(
        client_id=ctx.secret(creds.client_id_env), client_secret=ctx.secret(creds.client_secret_env),
        username=ctx.secret(user_env), password=ctx.secret(password_env), user_agent=creds.user_agent,
        check_for_updates=False, check_for_async=False, ratelimit_seconds=0,
    )
    return RedditWriter(reddit, login_envs=f"{creds.client_id_env}/{creds.client_secret_env}/{user_env}/{password_env}")


_REDDIT_ID = re.compile(r"^t[13]_([0-9a-z]{1,13})$")
_SUBMISSION_ID = re.compile(r"^t3_([0-9a-z]{1,13})$")


def permalink(native_id: str, root_uid: str | None, credentials: PlatformSettings) -> str | None:
    """A submission's ``/comments/<id>/``; a comment's ``/comments/<submission>/_/<id>/`` (needs its root)."""
    m = _REDDIT_ID.match(native_id)
    if not m:
        return None
    if native_id.startswith("t3_"):
        return f"https://www.reddit.com/comments/{m.group(1)}/"
    root_native = root_uid.split(":", 1)[1] if root_uid and root_uid.startswith("reddit:") else ""
    root = _SUBMISSION_ID.match(root_native)
    if not root:
        return None
    return f"https://www.reddit.com/comments/{root.group(1)}/_/{m.group(1)}/"


PLATFORM = PlatformSpec(
    name="reddit", title="Reddit", credentials=RedditCredentials, collection=RedditCollection, build=build,
    permalink=permalink, writer=writer, reply_chars=MAX_CHARS,
)
