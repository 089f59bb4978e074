"""twarc2 JSONL, as collected (one API response page per line) or flattened (one post per line).

``twarc2 search`` / ``timeline`` / ``conversation`` write each X API v2 response page as one line:
``{"data": [...], "includes": {"users": [...], "tweets": [...]}, "meta": {...}, "__twarc": {...}}``.
``twarc2 flatten`` rewrites that as one post per line with the expansions inlined (``author``,
``in_reply_to_user``, ``referenced_tweets[].author`` ...). twarc's own ``ensure_flattened`` turns
either shape into flattened posts, so both take the same path here.

Mapping, as the X connector does for live collection: ``referenced_tweets`` decide the kind (a
``replied_to`` in a department conversation or to a department account is a reply, a ``quoted`` a
quote, anything else a mention); ``conversation_id`` is the root; ``public_metrics`` are the counts;
the configured department accounts decide ``is_department``. A department post that appears only
as a referenced (expanded) post is stored too, so the replies to it have their root.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from twarc.expansions import ensure_flattened

from connectors.archives import Department, Item, LineItems, json_lines, json_object

# ensure_flattened logs every page without ``includes`` at WARNING with the whole page in the message.
logging.getLogger("twarc").setLevel(logging.ERROR)

EXPANDED = ("author", "in_reply_to_user", "__twarc", "matching_rules")


class Twarc2Reader:
    """Reads twarc2 output for the X department accounts in ``department``."""

    def __init__(self, department: Department) -> None:
        self.department = department
        # Conversation id -> the department handle whose conversation it is (bounded by the
        # department's own posts, not by the size of the file).
        self._conversations: dict[str, str] = {}

    def items(self, path: Path, start: int) -> LineItems:
        for line_no, line in json_lines(path, start):
            payload = json_object(line, "a twarc2 page or post object")
            if isinstance(payload, str):
                yield line_no, payload
                continue
            try:
                posts = ensure_flattened(payload)
            except (ValueError, KeyError, TypeError) as exc:
                yield line_no, f"not a twarc2 page or post: {str(exc)[:120]}"
                continue
            out: list[Item] = []
            for post in posts:
                out.extend(self._with_department_roots(post))
            yield line_no, out

    def _with_department_roots(self, post: dict[str, Any]) -> list[Item]:
        """The post's record, preceded by any expanded department post it references."""
        items: list[Item] = []
        for ref in post.get("referenced_tweets") or []:
            author = ref.get("author") or {}
            if ref.get("text") is not None and self.department.is_member(author.get("username"), ref.get("author_id")):
                items.append(self.record(ref))
        items.append(self.record(post))
        return items

    def record(self, post: dict[str, Any]) -> Item:
        """One flattened post as a normalised record dict, or the reason it cannot be one."""
        native = post.get("id")
        if not native or not post.get("created_at"):
            return f"post {native or '?'}: missing {'id' if not native else 'created_at'}"
        native = str(native)
        author = post.get("author") or {}
        author_id = str(post["author_id"]) if post.get("author_id") is not None else author.get("id")
        handle = author.get("username")
        dept = self.department
        is_dept = dept.is_member(handle, author_id)
        refs = {r.get("type"): str(r.get("id")) for r in post.get("referenced_tweets") or []}
        replied_to, quoted = refs.get("replied_to"), refs.get("quoted")
        conversation = str(post.get("conversation_id") or native)
        reply_to = post.get("in_reply_to_user") or {}
        reply_to_id = str(post["in_reply_to_user_id"]) if post.get("in_reply_to_user_id") else None
        if is_dept:
            kind = "reply" if replied_to else "post"
            account = handle or dept.default_account
            self._conversations.setdefault(conversation, account)
        else:
            to_dept = dept.is_member(reply_to.get("username"), reply_to_id)
            owner = self._conversations.get(conversation)
            if replied_to and (owner or to_dept):
                kind = "reply"
            elif quoted and not replied_to:
                kind = "quote"
            else:
                kind = "mention"
            mentioned = [m.get("username") for m in (post.get("entities") or {}).get("mentions") or []]
            account = owner or (reply_to.get("username") if to_dept else None) or next(
                (m for m in mentioned if dept.is_member(m)), dept.default_account)
        metrics = post.get("public_metrics") or {}
        parent = replied_to or quoted
        return {
            "uid": f"x:{native}", "platform": "x", "native_id": native, "account": account,
            "author_id": author_id, "author_handle": handle, "is_department": is_dept, "kind": kind,
            "text": post.get("text") or "", "lang": post.get("lang"), "created_at": post["created_at"],
            "collected_at": (post.get("__twarc") or {}).get("retrieved_at"),
            "parent_uid": f"x:{parent}" if parent else None, "root_uid": f"x:{conversation}",
            "url": f"https://x.com/{handle or 'i/web'}/status/{native}",
            "metrics": {"likes": metrics.get("like_count"), "replies": metrics.get("reply_count"),
                        "reposts": metrics.get("retweet_count"), "quotes": metrics.get("quote_count"),
                        "views": metrics.get("impression_count")},
            "raw": _unexpanded(post),
        }


def _unexpanded(post: dict[str, Any]) -> dict[str, Any]:
    """The post as the API sent it: twarc's inlined users and posts taken out again."""
    raw = {k: v for k, v in post.items() if k not in EXPANDED}
    if "referenced_tweets" in raw:
        raw["referenced_tweets"] = [{"type": r.get("type"), "id": r.get("id")} for r in raw["referenced_tweets"]]
    return raw
