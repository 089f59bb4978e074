"""Pushshift / Arctic Shift monthly Reddit dumps: ``RS_YYYY-MM.zst`` submissions, ``RC_YYYY-MM.zst`` comments.

Each file is newline-delimited JSON compressed with zstandard using a long window (the dumps need
``max_window_size`` of 2 GiB), so it is decompressed as a stream in 1 MiB chunks and split into
lines on bytes: a newline byte never occurs inside a multi-byte UTF-8 character, so a character cut
by a chunk boundary is reassembled before decoding, and a line that is not valid UTF-8 is reported on
its own. A 30 GB month stays at a few MB of memory.

Only the department's part of Reddit is kept: submissions by a configured department account, the
comments in those submissions' trees (``link_id``), the department's own comments anywhere, and the
replies under those (``parent_id`` ``t1_``). Read the ``RS_`` file of a month before its ``RC_`` file
(``known_submissions`` and ``known_comments`` seed the department's ids already stored, which is also
what a resumed file starts from: replies deeper than one level under a department comment in someone
else's thread, whose parents were committed before a crash, are the one thing a resume can miss).
``created_utc`` comes as a number or a string in different dump generations; both are read. A body
``[deleted]``/``[removed]`` (or a submission removed by moderators) becomes a tombstone (``deleted``)
and a deleted account whose text is still there only loses its author, as the live connector does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import zstandard

from connectors.archives import Department, Item, LineItems, json_lines, json_object

CHUNK = 1 << 20
MAX_WINDOW = 1 << 31
GONE = frozenset({"[deleted]", "[removed]"})


def zst_lines(path: Path, start: int = 0) -> Iterator[tuple[int, bytes]]:
    """``(line number, bytes)`` of each line of a zstandard-compressed file after line ``start``."""
    with path.open("rb") as fh:
        reader = zstandard.ZstdDecompressor(max_window_size=MAX_WINDOW).stream_reader(fh)
        line_no = 0
        tail = b""
        while chunk := reader.read(CHUNK):
            lines = (tail + chunk).split(b"\n")
            tail = lines.pop()
            for line in lines:
                line_no += 1
                if line_no > start:
                    yield line_no, line
        if tail:
            yield line_no + 1, tail


class RedditDumpReader:
    """Reads ``RS_``/``RC_`` dump files (``.zst``, or already decompressed NDJSON) for ``department``."""

    def __init__(self, department: Department, known_submissions: Iterable[str] = (),
                 known_comments: Iterable[str] = ()) -> None:
        self.department = department
        # Fullname -> department handle; bounded by the department's threads, not by the dump.
        self._threads: dict[str, str] = {name: department.default_account for name in known_submissions}
        self._comments: dict[str, str] = {name: department.default_account for name in known_comments}

    def items(self, path: Path, start: int) -> LineItems:
        lines = zst_lines(path, start) if path.suffix.lower() == ".zst" else json_lines(path, start)
        for line_no, line in lines:
            if not line.strip():
                continue
            obj = json_object(line, "a submission or comment object")
            item = obj if isinstance(obj, str) else self.keep(obj)
            if item is not None:
                yield line_no, item

    def keep(self, obj: dict[str, Any]) -> Item | None:
        """The record for a submission or comment in the department's part of Reddit, else ``None``."""
        native = obj.get("id")
        if not isinstance(native, str) or not native:
            return "missing id"
        author = obj.get("author")
        author = author if isinstance(author, str) and author not in GONE else None
        is_dept = self.department.is_member(author)
        if "link_id" in obj or "body" in obj:
            return self._comment(obj, f"t1_{native.removeprefix('t1_')}", author, is_dept)
        return self._submission(obj, f"t3_{native.removeprefix('t3_')}", author, is_dept)

    def _submission(self, obj: dict[str, Any], name: str, author: str | None, is_dept: bool) -> Item | None:
        if not is_dept or author is None:
            return None
        self._threads[name] = author
        title, body = obj.get("title") or "", obj.get("selftext") or ""
        gone = body in GONE or obj.get("removed_by_category") is not None
        text = title if gone or not body else f"{title}\n\n{body}"
        return self._record(obj, name, author, True, "post", text, gone, None, name,
                            {"likes": obj.get("score"), "replies": obj.get("num_comments")})

    def _comment(self, obj: dict[str, Any], name: str, author: str | None, is_dept: bool) -> Item | None:
        link, parent = obj.get("link_id"), obj.get("parent_id")
        if not isinstance(link, str) or not isinstance(parent, str):
            return "comment without link_id/parent_id"
        owner = self._threads.get(link) or self._comments.get(parent)
        if is_dept:
            owner = owner or author
        if owner is None:
            return None
        self._comments[name] = owner
        body = obj.get("body") or ""
        gone = body in GONE
        return self._record(obj, name, author, is_dept, "reply", body, gone, parent, link,
                            {"likes": obj.get("score")})

    def _record(self, obj: dict[str, Any], name: str, author: str | None, is_dept: bool, kind: str, text: str,
                gone: bool, parent: str | None, root: str, metrics: dict[str, Any]) -> Item:
        try:
            created = datetime.fromtimestamp(float(obj["created_utc"]), UTC).isoformat()
        except (KeyError, TypeError, ValueError, OverflowError):
            return f"{name}: created_utc {obj.get('created_utc')!r} is not a Unix time"
        permalink = obj.get("permalink")
        owner = self._threads.get(root) or self._comments.get(name) or self.department.default_account
        return {
            "uid": f"reddit:{name}", "platform": "reddit", "native_id": name, "account": owner,
            "author_id": obj.get("author_fullname") if author else None, "author_handle": author,
            "is_department": is_dept, "kind": kind, "text": "" if gone else text, "created_at": created,
            "parent_uid": f"reddit:{parent}" if parent else None, "root_uid": f"reddit:{root}",
            "url": f"https://www.reddit.com{permalink}" if isinstance(permalink, str) else None,
            "metrics": {k: v if isinstance(v, int) and v >= 0 else None for k, v in metrics.items()},
            "raw": obj, "deleted": gone,
        }
