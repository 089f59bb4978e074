"""CSV exports of other tools (4CAT, a commercial inbox or listening tool) loaded through a column map.

Every tool names its columns differently, so the operator says which column is which:
``--map id=post_id,text=body,created_at=unix_timestamp,author=author`` (targets on the left, the
file's header names on the right). ``id``, ``text`` and ``created_at`` are required; the other
targets are optional. ``created_at`` must say its time zone: ISO 8601 with an offset or ``Z``, or a
Unix time in seconds (4CAT's ``unix_timestamp``); a time without a zone is rejected for its line, not
guessed. The whole original row is kept as ``raw``, so a count that is not a number is stored as
missing without losing what the file said.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from connectors.archives import Department, Item, LineItems
from connectors.base import ConnectorError
from connectors.registry import platform_names

REQUIRED = ("id", "text", "created_at")
OPTIONAL = ("platform", "account", "author", "author_id", "parent_id", "root_id", "url", "lang", "kind",
            "likes", "replies", "reposts", "quotes", "views")
COUNTS = ("likes", "replies", "reposts", "quotes", "views")
KINDS = ("post", "reply", "mention", "quote")
UNIX_TIME = re.compile(r"^\d{9,11}(\.\d+)?$")


def parse_map(spec: str) -> dict[str, str]:
    """``"id=a,text=b"`` as ``{"id": "a", "text": "b"}``; ValueError naming the bad part."""
    mapping: dict[str, str] = {}
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        target, sep, column = part.partition("=")
        target, column = target.strip(), column.strip()
        if not sep or not column:
            raise ValueError(f"--map {part!r}: expected target=column")
        if target not in REQUIRED + OPTIONAL:
            choices = ", ".join(REQUIRED + OPTIONAL)
            raise ValueError(f"--map {part!r}: unknown target {target!r} (choose from {choices})")
        mapping[target] = column
    missing = [t for t in REQUIRED if t not in mapping]
    if missing:
        raise ValueError(f"--map needs {', '.join(missing)} (e.g. id=post_id,text=body,created_at=timestamp)")
    return mapping


def parse_time(value: str) -> str:
    """ISO 8601 text with a zone, or Unix seconds, as ISO 8601 UTC; ValueError otherwise."""
    text = value.strip()
    if UNIX_TIME.match(text):
        return datetime.fromtimestamp(float(text), UTC).isoformat()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"created_at {value!r} is not ISO 8601 or a Unix time") from None
    if parsed.tzinfo is None:
        raise ValueError(f"created_at {value!r} has no time zone (add an offset, or map a Unix time column)")
    return parsed.isoformat()


def _count(value: str | None) -> int | None:
    text = (value or "").strip().replace(",", "")
    return int(text) if text.isdigit() else None


class MappedCsvReader:
    """Reads a CSV whose columns ``mapping`` names; ``platform`` applies where no column gives one."""

    def __init__(self, mapping: Mapping[str, str], department: Department, platform: str = "file") -> None:
        if platform not in platform_names():
            raise ValueError(f"platform {platform!r}: choose one of {', '.join(platform_names())}")
        self.mapping = dict(mapping)
        self.department = department
        self.platform = platform

    def items(self, path: Path, start: int) -> LineItems:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            header = reader.fieldnames or []
            absent = [f"{t}={c}" for t, c in self.mapping.items() if c not in header]
            if absent:
                raise ConnectorError(f"{path}: --map {', '.join(absent)}: no such column "
                                     f"(the header has {', '.join(header[:20]) or 'no columns'})")
            for row in reader:
                if reader.line_num > start:
                    yield reader.line_num, self.record(row)

    def record(self, row: dict[str, str | None]) -> Item:
        """One CSV row as a record dict, or the reason it cannot be one."""
        if None in row:
            return "more fields than header columns"

        def get(target: str) -> str | None:
            column = self.mapping.get(target)
            value = row.get(column) if column else None
            return value.strip() if value is not None and value.strip() else None

        native = get("id")
        if native is None:
            return f"{self.mapping['id']}: empty id"
        try:
            created = parse_time(get("created_at") or "")
        except ValueError as exc:
            return f"{self.mapping['created_at']}: {exc}"
        platform = (get("platform") or self.platform).lower()
        author, author_id = get("author"), get("author_id")
        is_dept = self.department.is_member(author, author_id)
        parent = get("parent_id")
        kind = (get("kind") or ("reply" if parent else "post" if is_dept else "mention")).lower()
        if kind not in KINDS:
            return f"{self.mapping['kind']}: kind {kind!r} is not one of {', '.join(KINDS)}"
        root = get("root_id") or parent or native  # a top-level item is its own thread's root
        return {
            "uid": f"{platform}:{native}", "platform": platform, "native_id": native,
            "account": get("account") or self.department.default_account or "import",
            "author_id": author_id, "author_handle": author, "is_department": is_dept, "kind": kind,
            "text": get("text") or "", "lang": get("lang"), "created_at": created,
            "parent_uid": f"{platform}:{parent}" if parent else None,
            "root_uid": f"{platform}:{root}", "url": get("url"),
            "metrics": {c: _count(get(c)) for c in COUNTS}, "raw": dict(row),
        }
