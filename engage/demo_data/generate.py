"""Assemble the Riverton demo conversations into normalised JSONL records, deterministically.

The words are written by hand in the ``threads_*`` modules; this module only adds what a platform
would: timestamps, ids, permalinks, engagement counts and a payload shaped like the platform's. The
random draws for those come from generators seeded per thread, so the output is byte-identical on
every run and editing one thread does not reshuffle the others.

Run ``python -m engage.demo_data.generate [--out DIR]`` to rewrite the files.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from connectors.base import Record, make_uid
from engage.demo_data import (
    DATA_DIR,
    ids,
    threads_bluesky,
    threads_facebook,
    threads_reddit,
    threads_whatworks,
    threads_x,
)
from engage.demo_data.items import Item
from engage.demo_data.summary import Summary, render_readme
from engage.demo_data.threadscript import Node, Thread, parse

log = logging.getLogger(__name__)

SEED = "riverton-demo-v1"
TIMEZONE = ZoneInfo("America/Chicago")
WINDOW_START = datetime(2026, 9, 21, tzinfo=TIMEZONE)
WINDOW_END = datetime(2026, 11, 23, tzinfo=TIMEZONE)
LATEST_REPLY = datetime(2026, 11, 28, tzinfo=TIMEZONE)
SUBREDDIT = "Riverton"

DEPARTMENT_IDS: dict[str, dict[str, str]] = {
    "x": {"RivertonPD": "1402987715531431936", "RivertonPDTraffic": "1519023364481224704"},
    "reddit": {"RivertonPD_Official": "t2_8qm4rx2kz"},
    "bluesky": {"rivertonpd.bsky.social": "did:plc:rvtnpd6x3k2m4qz7w5j8h1ab"},
    "facebook": {"RivertonPD": "100064712345678"},
}
"""The department's accounts per platform: handle -> platform user id."""

_MAIN_ACCOUNT = {"x": "RivertonPD", "reddit": "RivertonPD_Official", "bluesky": "rivertonpd.bsky.social",
                 "facebook": "RivertonPD"}
_DELETED = "[deleted]"

# Typical engagement scale per platform (median likes of a reply, of a department post).
_REPLY_LIKES = {"x": 1.6, "reddit": 3.0, "bluesky": 1.8, "facebook": 2.6}
_POST_LIKES = {"x": 60.0, "reddit": 40.0, "bluesky": 25.0, "facebook": 120.0}
# Median minutes before a public reply (first level, deeper levels).
_PUBLIC_DELAY = {"x": (18.0, 12.0), "reddit": (55.0, 40.0), "bluesky": (35.0, 25.0), "facebook": (45.0, 30.0)}

SCRIPTS = (
    ("x", threads_x.SCRIPT, "threads_x"),
    ("reddit", threads_reddit.SCRIPT, "threads_reddit"),
    ("bluesky", threads_bluesky.SCRIPT, "threads_bluesky"),
    ("x", threads_whatworks.SCRIPT, "threads_whatworks"),
    ("facebook", threads_facebook.SCRIPT, "threads_facebook"),
)


def _business_hours(local: datetime) -> bool:
    return local.weekday() < 5 and 8 <= local.hour < 18


def _next_business_start(local: datetime) -> datetime:
    day = local.date() if local.hour < 8 else local.date() + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day, 8, tzinfo=TIMEZONE)


def _lognormal_minutes(rng: random.Random, median: float, sigma: float, low: float, high: float) -> float:
    return min(high, max(low, rng.lognormvariate(math.log(median), sigma)))


def collected_at(created: datetime, rng: random.Random) -> datetime:
    """When a collector polling every 15 minutes would have first seen a record (plus request time)."""
    boundary = created.replace(second=0, microsecond=0) + timedelta(minutes=15 - created.minute % 15)
    return boundary + timedelta(seconds=rng.randint(3, 40))


def department_time(parent: datetime, rng: random.Random) -> datetime:
    """When a comms desk answers: quickly in business hours, next working morning otherwise.

    A quarter of evening and weekend-daytime replies still get a quick answer (an on-duty
    supervisor), which is what real desks look like and what makes the business-hours FRT figure
    worth having; nobody answers between 23:00 and 06:00 unless the script says so.
    """
    local = parent.astimezone(TIMEZONE)
    if _business_hours(local):
        if rng.random() < 0.85:
            minutes = _lognormal_minutes(rng, 30, 0.8, 3, 300)
        else:
            minutes = rng.uniform(240, 1800)
        return parent + timedelta(minutes=minutes)
    if 6 <= local.hour < 23 and rng.random() < 0.25:
        return parent + timedelta(minutes=_lognormal_minutes(rng, 25, 0.7, 4, 180))
    start = _next_business_start(local).astimezone(UTC)
    return start + timedelta(minutes=_lognormal_minutes(rng, 60, 0.9, 5, 480))


def public_time(parent: datetime, platform: str, depth: int, rng: random.Random) -> datetime:
    """When a member of the public replies: mostly soon, with a long tail, and rarely at 3 a.m."""
    first, deeper = _PUBLIC_DELAY[platform]
    minutes = _lognormal_minutes(rng, first if depth == 1 else deeper, 1.3, 0.7, 4320)
    when = parent + timedelta(minutes=minutes)
    local = when.astimezone(TIMEZONE)
    if 1 <= local.hour < 6 and rng.random() < 0.65:
        morning = local.replace(hour=6, minute=30, second=0)
        when = morning.astimezone(UTC) + timedelta(minutes=rng.expovariate(1 / 90))
    return when


class Builder:
    """Turns parsed threads of one platform into placed items, then into record dicts."""

    def __init__(self, platform: str) -> None:
        self.platform = platform
        self.departments = DEPARTMENT_IDS[platform]
        self.items: list[Item] = []
        self.by_key: dict[str, Item] = {}

    def resolve_author(self, token: str, thread: Thread) -> str | None:
        """The handle behind a script author token (``RPD`` is the thread's own department account)."""
        if token == _DELETED:
            return None
        if token == "RPD":
            return thread.account if thread.account in self.departments else _MAIN_ACCOUNT[self.platform]
        if token == "RPDT":
            return "RivertonPDTraffic"
        if self.platform == "facebook":
            return token.replace("_", " ")  # people comment under their full names
        return token

    def new_id(self, when: datetime, rng: random.Random, submission: bool) -> tuple[str, str]:
        """(native id, short id) for an item created at ``when``."""
        if self.platform == "x":
            tweet_id = ids.snowflake(when, rng)
            return tweet_id, tweet_id
        if self.platform == "reddit":
            if submission:
                short = ids.reddit_submission_id(when, rng)
                return f"t3_{short}", short
            short = ids.reddit_comment_id(when, rng)
            return f"t1_{short}", short
        if self.platform == "facebook":
            short = ids.facebook_object_id(when, rng)
            return f"{self.departments[_MAIN_ACCOUNT['facebook']]}_{short}", short  # comments: _make_item
        rkey = ids.bluesky_tid(when, rng)
        return "", rkey  # the at:// URI also needs the author's DID: _make_item builds it

    def place(self, thread: Thread) -> None:
        """Give every node of ``thread`` a time and ids, checking the story's chronology."""
        rng = random.Random(f"{SEED}:{thread.key}")
        naive = datetime.fromisoformat(thread.local_start)
        start = naive.replace(tzinfo=TIMEZONE, second=rng.randrange(60)).astimezone(UTC)
        kind = thread.kind
        root = self._make_item(thread, thread.root, None, start, 0, kind, rng)
        if kind == "post" and not (WINDOW_START <= start < WINDOW_END):
            raise ValueError(f"{thread.key}: department post outside the demo window")
        if (kind == "post") != root.is_department:
            raise ValueError(f"{thread.key}: posts are the department's, mentions and quotes the public's")
        if kind == "quote":
            quoted = self.by_key[thread.options["quotes"]]
            if quoted.created >= start:
                raise ValueError(f"{thread.key}: quotes a later post")
            root.parent = quoted
        if thread.options.get("parent") == "external":
            root.external_parent = self._external_parent(start, rng)
        self.by_key[thread.key] = root
        self._place_children(root, rng)

    def _external_parent(self, when: datetime, rng: random.Random) -> str:
        earlier = when - timedelta(minutes=rng.uniform(20, 600))
        if self.platform == "x":
            return make_uid("x", ids.snowflake(earlier, rng))
        if self.platform == "reddit":
            return make_uid("reddit", "t3_" + ids.reddit_submission_id(earlier, rng))
        stranger = ids.bluesky_did(f"stranger-{ids.bluesky_tid(earlier, rng)}")
        return make_uid("bluesky", f"at://{stranger}/app.bsky.feed.post/{ids.bluesky_tid(earlier, rng)}")

    def _make_item(
        self, thread: Thread, node: Node, parent: Item | None, when: datetime, depth: int, kind: str,
        rng: random.Random,
    ) -> Item:
        handle = self.resolve_author(node.author, thread)
        submission = depth == 0 and thread.options.get("parent") != "external"
        native, short = self.new_id(when, rng, submission)
        if self.platform == "bluesky":
            did = self.author_id(handle)
            native = f"at://{did}/app.bsky.feed.post/{short}"
        if self.platform == "facebook" and parent is not None:
            native = f"{(parent.root or parent).short_id}_{short}"  # Graph comment ids: <post>_<comment>
        item = Item(
            thread=thread, node=node, platform=self.platform, handle=handle,
            is_department=handle in self.departments, kind=kind, created=when, native_id=native,
            short_id=short, depth=depth, parent=parent, root=parent.root if parent else None,
        )
        if item.root is None:
            item.root = item
        if self.platform == "bluesky":
            item.cid = ids.bluesky_cid(native, node.text)
        self.items.append(item)
        return item

    def _place_children(self, item: Item, rng: random.Random) -> None:
        for node in item.node.children:
            depth = item.depth + 1
            handle = self.resolve_author(node.author, item.thread)
            if node.delay is not None:
                when = item.created + node.delay
            elif handle in self.departments:
                when = department_time(item.created, rng)
            else:
                when = public_time(item.created, self.platform, depth, rng)
            when = when.replace(microsecond=0)
            if when > LATEST_REPLY:
                raise ValueError(f"{item.thread.key}: reply {node.text[:40]!r} falls after the data ends")
            child = self._make_item(item.thread, node, item, when, depth, "reply", rng)
            item.children.append(child)
            self._place_children(child, rng)

    def author_id(self, handle: str | None) -> str | None:
        """The platform user id of ``handle`` (stable across runs), ``None`` for a deleted account."""
        if handle is None:
            return None
        if handle in self.departments:
            return self.departments[handle]
        if self.platform == "x":
            return ids.x_user_id(handle)
        if self.platform == "reddit":
            return ids.reddit_user_id(handle)
        if self.platform == "facebook":
            return ids.facebook_user_id(handle)
        return ids.bluesky_did(handle)

    # -- records -----------------------------------------------------------------------------------

    def records(self) -> list[dict[str, Any]]:
        """Every item as a record dict in :class:`connectors.base.Record` field order, sorted by time."""
        out = [self._record(item) for item in self.items]
        out.sort(key=lambda rec: (rec["created_at"], rec["uid"]))
        return out

    def _metrics(self, item: Item, rng: random.Random) -> dict[str, int | None]:
        heat = float(item.thread.options.get("heat", "1"))
        direct = len(item.children)
        quotes_in_data = sum(1 for other in self.items if other.kind == "quote" and other.parent is item)
        spam = "spam" in item.node.tags
        if item.depth == 0 and item.kind == "post":
            likes = item.node.likes or int(item.thread.options.get("likes", 0)) or int(
                rng.lognormvariate(math.log(_POST_LIKES[self.platform]), 0.7)
            )
            reposts = int(item.thread.options.get("reposts", 0)) or int(likes * rng.uniform(0.12, 0.35))
        else:
            # Department answers and public posts of their own (mentions, quotes) draw more likes.
            standing = 2.5 if item.is_department or item.depth == 0 else 1.0
            base = _REPLY_LIKES[self.platform] * standing * heat
            likes = item.node.likes if item.node.likes is not None else int(rng.lognormvariate(math.log(base), 1.2))
            if spam:
                likes = 0
            reposts = int(likes * rng.uniform(0.0, 0.08))
        quotes = max(quotes_in_data, int(reposts * rng.uniform(0.02, 0.1)))
        if self.platform == "reddit":
            replies = sum(1 for _ in item.descendants()) if item.depth == 0 else direct
            return {"likes": likes, "replies": replies, "reposts": None, "quotes": None, "views": None}
        if self.platform == "bluesky":
            return {"likes": likes, "replies": direct, "reposts": reposts, "quotes": quotes, "views": None}
        if self.platform == "facebook":  # reactions, comments, shares; Graph has no quotes, views need insights
            shares = reposts if item.depth == 0 else None
            return {"likes": likes, "replies": direct, "reposts": shares, "quotes": None, "views": None}
        if item.depth == 0 and item.kind == "post":
            views = int(likes * rng.uniform(40, 95)) + rng.randrange(800, 2500)
        else:
            views = int(likes * rng.uniform(20, 60) + rng.uniform(15, 250) * math.sqrt(heat))
        return {"likes": likes, "replies": direct, "reposts": reposts, "quotes": quotes, "views": views}

    def _text(self, item: Item) -> str:
        text = item.node.text
        if self.platform == "reddit" and item.depth == 0:
            title = item.thread.title
            if title is None:
                raise ValueError(f"{item.thread.key}: a Reddit submission needs a title")
            return text if item.thread.options.get("parent") == "external" else f"{title}\n\n{text}"
        if self.platform == "x" and item.kind == "reply" and item.parent is not None:
            names: list[str] = []
            for other in (item.parent, item.root):
                if other is not None and other.handle and other.handle != item.handle and other.handle not in names:
                    names.append(other.handle)
            if names:
                return " ".join(f"@{name}" for name in names) + " " + text
        return text

    def _url(self, item: Item) -> str:
        if self.platform == "x":
            return f"https://x.com/{item.handle}/status/{item.native_id}"
        if self.platform == "bluesky":
            return f"https://bsky.app/profile/{item.handle}/post/{item.short_id}"
        if self.platform == "facebook":
            return f"https://www.facebook.com/{item.native_id}"
        return f"https://www.reddit.com{self._permalink(item)}"

    def _permalink(self, item: Item) -> str:
        root = item.root
        assert root is not None
        slug = ids.reddit_slug(root.thread.title or "")
        if root.external_parent is not None:
            sub_id = root.external_parent.split("_", 1)[1]
            return f"/r/{SUBREDDIT}/comments/{sub_id}/{slug}/{item.short_id}/"
        if item.depth == 0:
            return f"/r/{SUBREDDIT}/comments/{item.short_id}/{slug}/"
        return f"/r/{SUBREDDIT}/comments/{root.short_id}/{slug}/{item.short_id}/"

    def _record(self, item: Item) -> dict[str, Any]:
        rng = random.Random(f"{SEED}:metrics:{item.uid}")
        metrics = self._metrics(item, rng)
        text = self._text(item)
        parent_uid = item.parent.uid if item.parent else item.external_parent
        if item.external_parent is not None:
            root_uid = item.external_parent
        elif item.kind in ("quote", "mention") and item.depth == 0:
            root_uid = item.uid
        else:
            assert item.root is not None
            root_uid = item.root.uid
        if item.root is not None and item.root.external_parent is not None:
            root_uid = item.root.external_parent
        record = {
            "uid": item.uid,
            "platform": self.platform,
            "native_id": item.native_id,
            "account": item.thread.account,
            "author_id": self.author_id(item.handle),
            "author_handle": item.handle,
            "is_department": item.is_department,
            "kind": item.kind,
            "text": text,
            "lang": "es" if "es" in item.node.tags else "en",
            "created_at": item.created.isoformat(),
            "collected_at": collected_at(item.created, rng).isoformat(),
            "parent_uid": parent_uid,
            "root_uid": root_uid,
            "url": self._url(item),
            "metrics": metrics,
            "raw": self._raw(item, text, metrics, parent_uid, root_uid),
            "deleted": False,
        }
        Record.model_validate(record)
        return record

    def _raw(
        self, item: Item, text: str, metrics: dict[str, int | None], parent_uid: str | None, root_uid: str,
    ) -> dict[str, Any]:
        if self.platform == "x":
            return self._raw_x(item, text, metrics, parent_uid, root_uid)
        if self.platform == "reddit":
            return self._raw_reddit(item, metrics, parent_uid)
        if self.platform == "facebook":
            return self._raw_facebook(item, metrics)
        return self._raw_bluesky(item, metrics)

    def _raw_x(
        self, item: Item, text: str, metrics: dict[str, int | None], parent_uid: str | None, root_uid: str,
    ) -> dict[str, Any]:
        raw: dict[str, Any] = {
            "id": item.native_id,
            "text": text,
            "author_id": self.author_id(item.handle),
            "conversation_id": item.native_id if item.kind == "quote" else root_uid.split(":", 1)[1],
            "created_at": item.created.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "lang": "es" if "es" in item.node.tags else "en",
            "public_metrics": {
                "retweet_count": metrics["reposts"],
                "reply_count": metrics["replies"],
                "like_count": metrics["likes"],
                "quote_count": metrics["quotes"],
                "bookmark_count": (metrics["likes"] or 0) // 20,
                "impression_count": metrics["views"],
            },
            "edit_history_tweet_ids": [item.native_id],
        }
        if item.kind == "quote" and item.parent is not None:
            raw["referenced_tweets"] = [{"type": "quoted", "id": item.parent.native_id}]
        elif parent_uid is not None:
            raw["referenced_tweets"] = [{"type": "replied_to", "id": parent_uid.split(":", 1)[1]}]
            if item.parent is not None:
                raw["in_reply_to_user_id"] = self.author_id(item.parent.handle)
        return raw

    def _raw_reddit(self, item: Item, metrics: dict[str, int | None], parent_uid: str | None) -> dict[str, Any]:
        author = item.handle or _DELETED
        raw: dict[str, Any] = {"name": item.native_id, "id": item.short_id, "subreddit": SUBREDDIT, "author": author}
        if item.handle is not None:
            raw["author_fullname"] = self.author_id(item.handle)
        created_utc = float(int(item.created.timestamp()))
        if item.depth == 0 and item.external_parent is None:
            raw.update({
                "title": item.thread.title,
                "selftext": item.node.text,
                "score": metrics["likes"],
                "upvote_ratio": float(item.thread.options.get("ratio", "0.93")),
                "num_comments": metrics["replies"],
                "created_utc": created_utc,
                "permalink": self._permalink(item),
            })
            return raw
        assert parent_uid is not None
        root = item.root
        assert root is not None
        link_id = root.external_parent.split(":", 1)[1] if root.external_parent else root.native_id
        raw.update({
            "link_id": link_id,
            "parent_id": parent_uid.split(":", 1)[1],
            "body": item.node.text,
            "score": metrics["likes"],
            "created_utc": created_utc,
            "permalink": self._permalink(item),
            "is_submitter": root.external_parent is None and root.handle is not None and item.handle == root.handle,
        })
        return raw

    def _raw_facebook(self, item: Item, metrics: dict[str, int | None]) -> dict[str, Any]:
        """A Graph API post or comment, with the fields the live connector asks for."""
        raw: dict[str, Any] = {
            "id": item.native_id,
            "created_time": item.created.strftime("%Y-%m-%dT%H:%M:%S+0000"),
            "message": item.node.text,
            "from": {"name": "Riverton Police Department" if item.is_department else item.handle,
                     "id": self.author_id(item.handle)},
            "permalink_url": self._url(item),
        }
        if item.depth == 0:
            raw["reactions"] = {"data": [], "summary": {"total_count": metrics["likes"]}}
            raw["comments"] = {"data": [], "summary": {"order": "chronological", "total_count": metrics["replies"]}}
            raw["shares"] = {"count": metrics["reposts"]}
            return raw
        raw.update({"like_count": metrics["likes"], "comment_count": metrics["replies"], "is_hidden": False})
        tags = self._facebook_tags(item)
        if tags:
            raw["message_tags"] = tags
        if item.parent is not None and item.parent.depth > 0:
            raw["parent"] = {"id": item.parent.native_id}
        return raw

    def _facebook_tags(self, item: Item) -> list[dict[str, Any]]:
        """People in the thread named in a comment, tagged as Facebook does (``message_tags`` with offsets)."""
        names = sorted({other.handle for other in self.items if other.thread is item.thread and other.handle
                        and not other.is_department and other.handle != item.handle})
        tags = []
        for name in names:
            offset = item.node.text.find(name)
            if offset >= 0:
                tags.append({"id": self.author_id(name), "name": name, "type": "user", "offset": offset,
                             "length": len(name)})
        return sorted(tags, key=lambda tag: tag["offset"])

    def _raw_bluesky(self, item: Item, metrics: dict[str, int | None]) -> dict[str, Any]:
        created = item.created.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        record: dict[str, Any] = {"$type": "app.bsky.feed.post", "text": item.node.text, "createdAt": created}
        record["langs"] = ["es"] if "es" in item.node.tags else ["en"]
        if item.parent is not None and item.kind == "reply":
            root = item.root
            assert root is not None
            record["reply"] = {
                "root": {"uri": root.native_id, "cid": root.cid},
                "parent": {"uri": item.parent.native_id, "cid": item.parent.cid},
            }
        elif item.kind == "quote" and item.parent is not None:
            record["embed"] = {
                "$type": "app.bsky.embed.record",
                "record": {"uri": item.parent.native_id, "cid": item.parent.cid},
            }
        elif item.external_parent is not None:
            uri = item.external_parent.split(":", 1)[1]
            ref = {"uri": uri, "cid": ids.bluesky_cid(uri)}
            record["reply"] = {"root": ref, "parent": ref}
        return {
            "uri": item.native_id,
            "cid": item.cid,
            "author": {"did": self.author_id(item.handle), "handle": item.handle},
            "record": record,
            "likeCount": metrics["likes"],
            "replyCount": metrics["replies"],
            "repostCount": metrics["reposts"],
            "quoteCount": metrics["quotes"],
            "indexedAt": created,
        }


def build() -> tuple[dict[str, list[dict[str, Any]]], Summary]:
    """Parse every script and return the records per platform and the figures the README states."""
    records: dict[str, list[dict[str, Any]]] = {}
    summary = Summary()
    builders: dict[str, Builder] = {}
    for platform, script, name in SCRIPTS:  # a platform's scripts share one builder (and one file)
        builder = builders.setdefault(platform, Builder(platform))
        for thread in parse(script, name):
            if thread.platform != platform:
                raise ValueError(f"{thread.key}: platform {thread.platform} in the {name} script")
            builder.place(thread)
    for platform, builder in builders.items():
        records[platform] = builder.records()
        summary.add(platform, builder.items, records[platform])
    return records, summary


def write(out_dir: Path) -> Summary:
    """Write one ``<platform>.jsonl`` per platform and ``README.md`` into ``out_dir``."""
    records, summary = build()
    out_dir.mkdir(parents=True, exist_ok=True)
    for platform, rows in records.items():
        lines = (json.dumps(row, ensure_ascii=False, separators=(", ", ": ")) + "\n" for row in rows)
        (out_dir / f"{platform}.jsonl").write_text("".join(lines), encoding="utf-8", newline="\n")
    (out_dir / "README.md").write_text(render_readme(summary), encoding="utf-8", newline="\n")
    return summary


def main(argv: list[str] | None = None) -> None:
    """Command-line entry: regenerate the demo files (by default in place, next to this module)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="directory to write into")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    summary = write(args.out)
    log.info("wrote demo data to %s: %s", args.out, summary.one_line())


if __name__ == "__main__":
    main()
