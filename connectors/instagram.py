"""The Instagram connector (Graph API for professional accounts, through :mod:`connectors.graph`).

Streams:

``media``
    ``GET /{ig-user-id}/media`` newest first, until a page reaches past the watch window: the
    department's posts with ``like_count`` and ``comments_count``, refreshed every cycle.
``comments:<media-id>``
    For every post in the window, ``GET /{ig-media-id}/comments`` with each comment's first replies
    expanded inline (``replies{...}``); a reply thread longer than that is read on from
    ``GET /{ig-comment-id}/replies``. Instagram nests replies one level deep, so ``parent_id`` is
    the top-level comment. The whole conversation is read every cycle (Instagram offers no order or
    time filter on comments): a comment the account hid (``hidden``) is tombstoned as hidden by the
    account, a stored comment no longer returned is tombstoned as deleted. The account's own
    replies (``from.id`` = the account, or its username) are department responses.

Same client, throttling and pause rules as Facebook (:mod:`connectors.graph`); nothing but the day
is stored as a cursor. Instagram permalinks use a shortcode that cannot be derived from the Graph
ids, so the registry's permalink rule gives no link rather than a guess.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta
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
from connectors.graph_writer import INSTAGRAM, GraphWriter, build_graph_writer
from connectors.registry import BuildContext, OptionalEnv, PlatformSettings, PlatformSpec, env_name, no_permalink

log = logging.getLogger(__name__)

MEDIA_FIELDS = "id,caption,timestamp,permalink,like_count,comments_count,username,media_type"
REPLY_FIELDS = "id,text,timestamp,username,from,parent_id,like_count,hidden"
COMMENT_FIELDS = f"{REPLY_FIELDS},replies{{{REPLY_FIELDS}}}"
HIDDEN_FLAG = "hidden: hidden by the account"


class InstagramCredentials(PlatformSettings):
    """``credentials.instagram``: the token's env var (a Page token of the Page linked to the account)."""

    access_token_env: str = "FB_PAGE_ACCESS_TOKEN"
    write_access_token_env: OptionalEnv = None  # a token with instagram_manage_comments: answers, hides
    graph_api_version: str = Field(default=DEFAULT_GRAPH_VERSION, pattern=r"^v[0-9]{1,3}\.[0-9]$")
    graph_base_url: str = DEFAULT_GRAPH_URL
    _env = field_validator("access_token_env", "write_access_token_env")(env_name)
    _url = field_validator("graph_base_url")(check_base_url)


class InstagramCollection(PlatformSettings):
    """``collection.instagram``."""

    page_size: int = Field(default=50, ge=1, le=100)


class InstagramConnector:
    """Collects one Instagram professional account (``user_id`` is its IG user id; else looked up)."""

    platform = "instagram"

    def __init__(self, client: GraphClient, *, watch_days: int = 7, page_size: int = 50) -> None:
        self.client = client
        self.watch_days = watch_days
        self.page_size = page_size

    def collect(self, ctx: CollectContext) -> Iterator[Page]:
        check_pause(ctx, self.platform)
        self.client.count_call = lambda: ctx.count_reads(1, 0)
        meter = WaitMeter(self.client)
        where = "/me"
        try:
            ig_id = ctx.account.platform_user_id or self._ig_user_id(ctx)
            dept_ids = set(ctx.department_ids) | {ig_id}
            dept_names = set(ctx.department_handles) | {ctx.account.handle.lower()}
            since = ctx.now - timedelta(days=self.watch_days)
            threads = {w.native_id: w.created_at for w in ctx.watched if w.created_at >= since}
            where = "/{ig-user-id}/media"
            for items in self.client.pages(f"{ig_id}/media", {"fields": MEDIA_FIELDS, "limit": self.page_size}):
                records, rejected = convert_items(items, lambda item: self._media(ctx, item))
                fresh = [r for r in records if r.created_at >= since]
                threads.update({r.native_id: r.created_at for r in fresh})
                yield meter.page("media", fresh, rejected=rejected)
                if len(fresh) < len(records):
                    break  # newest first: the rest are older than the window
            where = "/{ig-media-id}/comments"
            for media_id, _created in sorted(threads.items(), key=lambda kv: kv[1], reverse=True):
                yield from self._comments(ctx, meter, media_id, dept_ids, dept_names)
        except Throttled as exc:
            yield pause_page(exc, meter)
            raise ConnectorError(f"instagram: {ctx.account.handle}: {exc}") from None
        except GraphError as exc:
            raise graph_failure(self.platform, ctx.account.handle, where, exc) from None

    def _ig_user_id(self, ctx: CollectContext) -> str:
        """The IG user id of the account linked to the token's Page (one call; set ``user_id`` to skip it)."""
        me = self.client.get("me", {"fields": "instagram_business_account{id,username}"})
        account = me.get("instagram_business_account") or {}
        if not account.get("id"):
            raise ConnectorError(f"instagram: {ctx.account.handle}: the token's Page has no linked Instagram"
                                 " professional account (set user_id to the IG user id)")
        log.info("instagram: %s has IG user id %s; set it as user_id in config to save a call", ctx.account.handle,
                 account["id"])
        return str(account["id"])

    def _comments(
        self, ctx: CollectContext, meter: WaitMeter, media_id: str, dept_ids: set[str], dept_names: set[str]
    ) -> Iterator[Page]:
        stream = f"comments:{media_id}"
        root = make_uid("instagram", media_id)
        seen: set[str] = set()

        def make(item: dict[str, Any]) -> Record:
            return self._comment(ctx, item, media_id, dept_ids, dept_names)

        params = {"fields": COMMENT_FIELDS, "limit": self.page_size}
        for comments in self.client.pages(f"{media_id}/comments", params):
            items: list[dict[str, Any]] = []
            for comment in comments:
                items.append(comment)
                items += self._replies(comment)
            seen.update(str(i.get("id")) for i in items)
            yield meter.page(stream, *convert_items(items, make))
        gone = [self._gone(ctx, r) for r in ctx.recheck if r.root_uid == root and r.native_id not in seen]
        for record in gone:
            log.info("instagram: comment %s is no longer on media %s; marking it deleted", record.native_id, media_id)
        yield meter.page(stream, gone, cursor=ctx.now.date().isoformat())

    def _replies(self, comment: dict[str, Any]) -> list[dict[str, Any]]:
        """The replies expanded inline, then the rest of a longer thread from ``/{ig-comment-id}/replies``."""
        inline = comment.get("replies") if isinstance(comment.get("replies"), dict) else {}
        replies = [r for r in inline.get("data") or [] if isinstance(r, dict)]
        paging = inline.get("paging") or {}
        after = (paging.get("cursors") or {}).get("after")
        if paging.get("next") and after and comment.get("id"):
            params = {"fields": REPLY_FIELDS, "limit": self.page_size, "after": after}
            for page in self.client.pages(f"{comment['id']}/replies", params):
                replies += page
        return replies

    # -- payload to record ------------------------------------------------------------------------

    def _media(self, ctx: CollectContext, item: dict[str, Any]) -> Record:
        native = str(item["id"])
        return build_record(
            uid=make_uid("instagram", native), platform="instagram", native_id=native, account=ctx.account.handle,
            author_handle=item.get("username") or ctx.account.handle, is_department=True, kind="post",
            text=item.get("caption") or "", created_at=parse_graph_time(item["timestamp"]),
            root_uid=make_uid("instagram", native), url=item.get("permalink"),
            metrics={"likes": item.get("like_count"), "replies": item.get("comments_count")}, raw=item,
        )

    def _comment(
        self, ctx: CollectContext, item: dict[str, Any], media_id: str, dept_ids: set[str], dept_names: set[str]
    ) -> Record:
        native = str(item["id"])
        author = item.get("from") if isinstance(item.get("from"), dict) else {}
        author_id = str(author["id"]) if author.get("id") else None
        username = item.get("username") or author.get("username")
        is_dept = author_id in dept_ids or (isinstance(username, str) and username.lower() in dept_names)
        parent = item.get("parent_id")
        hidden = item.get("hidden") is True
        raw = {k: v for k, v in item.items() if k != "replies"}
        return build_record(
            uid=make_uid("instagram", native), platform="instagram", native_id=native, account=ctx.account.handle,
            author_id=author_id, author_handle=username, is_department=is_dept, kind="reply",
            text=item.get("text") or "", created_at=parse_graph_time(item["timestamp"]),
            parent_uid=make_uid("instagram", str(parent or media_id)), root_uid=make_uid("instagram", media_id),
            metrics={"likes": item.get("like_count")}, raw=raw, hidden=hidden, flags=[HIDDEN_FLAG] if hidden else [],
        )

    def _gone(self, ctx: CollectContext, reply: KnownReply) -> Record:
        return Record(uid=reply.uid, platform="instagram", native_id=reply.native_id, account=ctx.account.handle,
                      kind="reply", created_at=reply.created_at, parent_uid=reply.parent_uid,
                      root_uid=reply.root_uid, deleted=True)


# -- the registry entry -----------------------------------------------------------------------------


def build(ctx: BuildContext) -> InstagramConnector:
    creds = ctx.credentials
    options = ctx.collection
    assert isinstance(creds, InstagramCredentials) and isinstance(options, InstagramCollection)
    client = GraphClient(ctx.secret(creds.access_token_env), token_env=creds.access_token_env, platform="instagram",
                         base_url=creds.graph_base_url, version=creds.graph_api_version)
    return InstagramConnector(client, watch_days=ctx.watch_days, page_size=options.page_size)


def doctor(credentials: PlatformSettings, environ: dict[str, str]) -> list[str]:
    """Whose token this is, and whether the linked Instagram account can be read."""
    assert isinstance(credentials, InstagramCredentials)
    return probe(
        "instagram", credentials.access_token_env, environ, credentials.graph_base_url,
        credentials.graph_api_version,
        [("me", {"fields": "instagram_business_account{id,username}"}, "instagram_basic, pages_show_list")],
    )


def writer(ctx: BuildContext) -> GraphWriter:
    """Answers and hides with the token in ``write_access_token_env`` (never the read token)."""
    return build_graph_writer(ctx, "write_access_token_env", INSTAGRAM)


PLATFORM = PlatformSpec(
    name="instagram", title="Instagram", credentials=InstagramCredentials, collection=InstagramCollection,
    build=build, permalink=no_permalink, doctor=doctor, writer=writer, reply_chars=INSTAGRAM.max_chars,
    user_id_hint=('"178..."', "the IG user id: saves a lookup per run"),
)
