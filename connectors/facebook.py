"""The Facebook Page connector (Graph API through :mod:`connectors.graph`): posts, comments, Page answers.

Streams:

``posts`` (and ``feed`` when ``include_feed``)
    ``GET /{page-id}/posts`` since the start of the watch window, newest first, with the engagement
    summaries (``reactions.summary(total_count)``, ``comments.summary(true)``, ``shares``), so every
    cycle refreshes the counts. ``/{page-id}/feed`` adds visitor posts on the Page (kind ``mention``).
``comments:<post-id>``
    ``GET /{post-id}/comments?filter=stream`` for every post in the window: the whole conversation,
    replies included (``parent{id}`` keeps a reply under the comment it answers). Replies by the
    Page itself (author id = the page id, or a sibling department account) are department responses,
    wherever staff typed them. Once a UTC day (and the first time a post is read) the pass is
    ``order=chronological`` over every page: fresh counts, comments the Page hid (``is_hidden``:
    tombstoned as hidden by the Page, not as deleted by their author), and stored comments no
    longer returned (tombstoned as deleted). Between those, a pass reads ``reverse_chronological``
    only back to the newest stored comment minus ``overlap`` and commits oldest first, so a crash
    never leaves a gap below what is stored.

Graph cursors are never stored (they die when an item is deleted); resuming rests on the stored
comments' ``created_time`` and upserts by comment id. The stream cursor holds only the day of the
last full pass. A comment without ``from`` (the token's Page role does not reveal the person) is
stored with an unknown author, never dropped.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from pydantic import Field, field_validator

from connectors.base import CollectContext, ConnectorError, KnownReply, Page, Record, build_record, make_uid
from connectors.graph import (
    DEFAULT_GRAPH_URL,
    DEFAULT_GRAPH_VERSION,
    GraphClient,
    GraphError,
    Throttled,
    WaitMeter,
    check_base_url,
    check_pause,
    convert_items,
    graph_failure,
    parse_graph_time,
    pause_page,
    probe,
)
from connectors.graph_writer import FACEBOOK, GraphWriter, build_graph_writer
from connectors.registry import BuildContext, OptionalEnv, PlatformSettings, PlatformSpec, env_name

log = logging.getLogger(__name__)

POST_FIELDS = ("id,message,created_time,permalink_url,from,reactions.summary(total_count).limit(0),"
               "comments.summary(true).limit(0),shares")
COMMENT_FIELDS = "id,message,created_time,from,parent{id},comment_count,like_count,message_tags,permalink_url,is_hidden"
HIDDEN_FLAG = "is_hidden: hidden by the Page"
# Posts the webhook receiver queued (engage.web.webhooks): "new" comments, or "full" for an edit or removal.
WEBHOOK_PREFIX = "webhook:"
_FACEBOOK_ID = re.compile(r"^[0-9]{1,25}(?:_[0-9]{1,25})?$")


class FacebookCredentials(PlatformSettings):
    """``credentials.facebook``: the env var holding a long-lived Page access token, and where Graph is."""

    page_access_token_env: str = "FB_PAGE_ACCESS_TOKEN"
    graph_api_version: str = Field(default=DEFAULT_GRAPH_VERSION, pattern=r"^v[0-9]{1,3}\.[0-9]$")
    graph_base_url: str = DEFAULT_GRAPH_URL
    write_page_access_token_env: OptionalEnv = None  # a Page token with pages_manage_engagement: answers, hides
    webhook_verify_token_env: str | None = None  # the optional webhook receiver of ``engage serve``
    app_secret_env: str | None = None
    _env = field_validator("page_access_token_env", "write_page_access_token_env", "webhook_verify_token_env",
                           "app_secret_env")(env_name)
    _url = field_validator("graph_base_url")(check_base_url)


class FacebookCollection(PlatformSettings):
    """``collection.facebook``."""

    include_feed: bool = Field(default=False, description="also read visitor posts on the Page (/{page-id}/feed)")
    overlap_minutes: int = Field(default=10, ge=0, le=24 * 60)
    page_size: int = Field(default=100, ge=1, le=100)


class FacebookConnector:
    """Collects one department Page with a Page access token (its ``handle`` is the Page's name or vanity)."""

    platform = "facebook"

    def __init__(
        self,
        client: GraphClient,
        *,
        watch_days: int = 7,
        include_feed: bool = False,
        overlap: timedelta = timedelta(minutes=10),
        page_size: int = 100,
    ) -> None:
        self.client = client
        self.watch_days = watch_days
        self.include_feed = include_feed
        self.overlap = overlap
        self.page_size = page_size

    def collect(self, ctx: CollectContext) -> Iterator[Page]:
        check_pause(ctx, self.platform)
        self.client.count_call = lambda: ctx.count_reads(1, 0)
        meter = WaitMeter(self.client)
        where = "/me"
        try:
            page_id = ctx.account.platform_user_id or self._page_id(ctx)
            dept = set(ctx.department_ids) | {page_id}
            since = ctx.now - timedelta(days=self.watch_days)
            threads = {w.native_id: w.created_at for w in ctx.watched if w.created_at >= since}
            queued = {k.removeprefix(WEBHOOK_PREFIX): v for k, v in ctx.cursors.items()
                      if k.startswith(WEBHOOK_PREFIX) and v}
            for edge in ("posts", "feed") if self.include_feed else ("posts",):
                where = f"/{{page-id}}/{edge}"
                params = {"fields": POST_FIELDS, "since": int(since.timestamp()), "limit": self.page_size}
                for items in self.client.pages(f"{page_id}/{edge}", params):
                    if edge == "feed":  # the Page's own posts come in on /posts
                        items = [i for i in items if str((i.get("from") or {}).get("id")) not in dept]
                    records, rejected = convert_items(items, lambda item: self._post(ctx, item, page_id, dept))
                    threads.update({r.native_id: r.created_at for r in records if r.created_at >= since})
                    yield meter.page(edge, records, rejected=rejected)
            where = "/{post-id}/comments"
            known = set(threads)
            for post_id in queued.keys() - known:  # a webhook named a post outside the window: read it too
                threads[post_id] = ctx.now
            for post_id, created in sorted(threads.items(), key=lambda kv: kv[1], reverse=True):
                try:
                    yield from self._comments(ctx, meter, post_id, page_id, dept, full=queued.get(post_id) == "full")
                except GraphError as exc:
                    if not exc.object_missing:
                        raise
                    log.info("facebook: post %s is gone from the Page%s", post_id,
                             "; marking it deleted" if post_id in known else "")
                    if post_id in known:  # a post never stored gets no tombstone (it would invent a row)
                        yield meter.page(f"comments:{post_id}", [self._gone_post(ctx, post_id, created)])
                if post_id in queued:
                    yield meter.page(WEBHOOK_PREFIX + post_id, [], cursor="")  # done: the queue entry clears
        except Throttled as exc:
            yield pause_page(exc, meter)
            raise ConnectorError(f"facebook: {ctx.account.handle}: {exc}") from None
        except GraphError as exc:
            raise graph_failure(self.platform, ctx.account.handle, where, exc) from None

    def _page_id(self, ctx: CollectContext) -> str:
        """The Page's id from its Page token (one call; set ``user_id`` in config to skip it)."""
        me = self.client.get("me", {"fields": "id,name"})
        if not me.get("id"):
            raise ConnectorError(f"facebook: {ctx.account.handle}: /me returned no id (is it a Page access token?)")
        log.info("facebook: %s has page id %s; set it as user_id in config to save a call", ctx.account.handle,
                 me["id"])
        return str(me["id"])

    # -- comments ---------------------------------------------------------------------------------

    def _comments(
        self, ctx: CollectContext, meter: WaitMeter, post_id: str, page_id: str, dept: set[str], *,
        full: bool = False,
    ) -> Iterator[Page]:
        stream = f"comments:{post_id}"
        known = [r for r in ctx.recheck if r.root_uid == make_uid("facebook", post_id)]
        today = ctx.now.date().isoformat()
        path = f"{post_id}/comments"
        params: dict[str, Any] = {"fields": COMMENT_FIELDS, "filter": "stream", "limit": self.page_size}

        def convert(items: list[dict[str, Any]]) -> tuple[list[Record], list[str]]:
            return convert_items(items, lambda item: self._comment(ctx, item, post_id, page_id, dept))

        if full or not known or ctx.cursors.get(stream) != today:
            seen: set[str] = set()
            for items in self.client.pages(path, {**params, "order": "chronological"}):
                seen.update(str(i.get("id")) for i in items)
                yield meter.page(stream, *convert(items))
            gone = [self._gone_reply(ctx, r) for r in known if r.native_id not in seen]
            for record in gone:
                log.info("facebook: comment %s is no longer on post %s; marking it deleted", record.native_id, post_id)
            yield meter.page(stream, gone, cursor=today)
            return
        cutoff = max(r.created_at for r in known) - self.overlap
        newest_first: list[tuple[list[Record], list[str]]] = []
        for items in self.client.pages(path, {**params, "order": "reverse_chronological"}):
            newest_first.append(convert(items))
            times = [r.created_at for r in newest_first[-1][0]]
            if times and min(times) < cutoff:
                break
        for records, rejected in reversed(newest_first):
            yield meter.page(stream, records, rejected=rejected)

    # -- payload to record ------------------------------------------------------------------------

    def _post(self, ctx: CollectContext, item: dict[str, Any], page_id: str, dept: set[str]) -> Record:
        native = str(item["id"])
        author = item.get("from") if isinstance(item.get("from"), dict) else {}
        author_id = str(author["id"]) if author.get("id") else None
        is_dept = author_id in dept
        return build_record(
            uid=make_uid("facebook", native), platform="facebook", native_id=native, account=ctx.account.handle,
            author_id=author_id, author_handle=_handle(ctx, author, page_id), is_department=is_dept,
            kind="post" if is_dept else "mention", text=item.get("message") or "",
            created_at=parse_graph_time(item["created_time"]), root_uid=make_uid("facebook", native),
            url=item.get("permalink_url"),
            metrics={"likes": _summary(item, "reactions"), "replies": _summary(item, "comments"),
                     "reposts": (item.get("shares") or {}).get("count")},
            raw=item,
        )

    def _comment(
        self, ctx: CollectContext, item: dict[str, Any], post_id: str, page_id: str, dept: set[str]
    ) -> Record:
        native = str(item["id"])
        author = item.get("from") if isinstance(item.get("from"), dict) else {}
        author_id = str(author["id"]) if author.get("id") else None
        parent = (item.get("parent") or {}).get("id") if isinstance(item.get("parent"), dict) else None
        hidden = item.get("is_hidden") is True
        return build_record(
            uid=make_uid("facebook", native), platform="facebook", native_id=native, account=ctx.account.handle,
            author_id=author_id, author_handle=_handle(ctx, author, page_id), is_department=author_id in dept,
            kind="reply",
            text=item.get("message") or "", created_at=parse_graph_time(item["created_time"]),
            parent_uid=make_uid("facebook", str(parent or post_id)), root_uid=make_uid("facebook", post_id),
            url=item.get("permalink_url"),
            metrics={"likes": item.get("like_count"), "replies": item.get("comment_count")},
            raw=item, hidden=hidden, flags=[HIDDEN_FLAG] if hidden else [],
        )

    def _gone_reply(self, ctx: CollectContext, reply: KnownReply) -> Record:
        return Record(uid=reply.uid, platform="facebook", native_id=reply.native_id, account=ctx.account.handle,
                      kind="reply", created_at=reply.created_at, parent_uid=reply.parent_uid,
                      root_uid=reply.root_uid, deleted=True)

    def _gone_post(self, ctx: CollectContext, post_id: str, created: datetime) -> Record:
        uid = make_uid("facebook", post_id)
        return Record(uid=uid, platform="facebook", native_id=post_id, account=ctx.account.handle, kind="post",
                      is_department=True, created_at=created, root_uid=uid, deleted=True)


def _handle(ctx: CollectContext, author: dict[str, Any], page_id: str) -> str | None:
    """The Page's own records carry its configured handle (as on every platform); anyone else their name."""
    return ctx.account.handle if str(author.get("id")) == page_id else author.get("name")


def _summary(item: dict[str, Any], edge: str) -> Any:  # noqa: ANN401 - whatever Graph sent; build_record judges it
    value = item.get(edge)
    return ((value.get("summary") or {}).get("total_count")) if isinstance(value, dict) else None


# -- the registry entry -----------------------------------------------------------------------------


def permalink(native_id: str, root_uid: str | None, credentials: PlatformSettings) -> str | None:
    """``https://www.facebook.com/<id>`` for a post or comment id of Graph's shape, else no link."""
    return f"https://www.facebook.com/{native_id}" if _FACEBOOK_ID.match(native_id) else None


def build(ctx: BuildContext) -> FacebookConnector:
    creds = ctx.credentials
    options = ctx.collection
    assert isinstance(creds, FacebookCredentials) and isinstance(options, FacebookCollection)
    client = GraphClient(ctx.secret(creds.page_access_token_env), token_env=creds.page_access_token_env,
                         platform="facebook", base_url=creds.graph_base_url, version=creds.graph_api_version)
    return FacebookConnector(client, watch_days=ctx.watch_days, include_feed=options.include_feed,
                             overlap=timedelta(minutes=options.overlap_minutes), page_size=options.page_size)


def doctor(credentials: PlatformSettings, environ: dict[str, str]) -> list[str]:
    """Whose token this is (``/me?fields=id,name``) and which reads it is refused, by permission name."""
    assert isinstance(credentials, FacebookCredentials)
    return probe(
        "facebook", credentials.page_access_token_env, environ, credentials.graph_base_url,
        credentials.graph_api_version,
        [("me/posts", {"limit": 1, "fields": "id"}, "pages_read_engagement"),
         ("me/feed", {"limit": 1, "fields": "id,comments.limit(1){id,from}"}, "pages_read_user_content")],
    )


def writer(ctx: BuildContext) -> GraphWriter:
    """Answers and hides with the token in ``write_page_access_token_env`` (never the read token)."""
    return build_graph_writer(ctx, "write_page_access_token_env", FACEBOOK)


PLATFORM = PlatformSpec(
    name="facebook", title="Facebook Pages", credentials=FacebookCredentials, collection=FacebookCollection,
    build=build, permalink=permalink, doctor=doctor, writer=writer, reply_chars=FACEBOOK.max_chars,
    user_id_hint=('"104..."', "the Page id (GET /me/accounts lists it)"),
)
