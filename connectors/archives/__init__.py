"""Readers for archives researchers already hold, fed through the file connector.

Each reader turns one file into ``(line number, item)`` pairs, where an item is a normalised record
dict, an error text for that line, or a list of those (one twarc2 API page holds up to 100 posts).
The file connector validates the dicts as :class:`~connectors.base.Record`, pages them, and keeps the
content-hash cursor, so every reader gets the file connector's resume-after-crash and idempotence by
committing whole lines only. Readers read line by line and keep only what a thread needs to be
attributed (the department's own ids), so memory stays flat on a multi-gigabyte file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

Item = dict[str, Any] | str
LineItems = Iterator[tuple[int, Item | list[Item]]]


@dataclass(frozen=True)
class Department:
    """The configured department accounts of one platform, which decide ``is_department`` and ``account``.

    ``default_account`` is the handle a public record is filed under when nothing in it names a
    department account (a mention found by keyword search, say).
    """

    handles: frozenset[str]
    ids: frozenset[str] = frozenset()
    default_account: str = ""

    @classmethod
    def of(cls, accounts: list[tuple[str, str | None]], default: str | None = None) -> Department:
        """From ``(handle, user_id)`` pairs; handles compare case-insensitively, without a leading ``@``."""
        handles = frozenset(h.lstrip("@").lower() for h, _ in accounts)
        ids = frozenset(i for _, i in accounts if i)
        fallback = default or (accounts[0][0] if accounts else "")
        return cls(handles, ids, fallback)

    def is_member(self, handle: str | None, user_id: str | None = None) -> bool:
        if user_id is not None and user_id in self.ids:
            return True
        return handle is not None and handle.lstrip("@").lower() in self.handles


class ArchiveReader(Protocol):
    """What the file connector asks of a reader: the items after line ``start`` (already committed)."""

    def items(self, path: Path, start: int) -> LineItems: ...


def json_object(line: bytes, expected: str) -> dict[str, Any] | str:
    """One line parsed as a JSON object, or the reason it is not one (UTF-8 checked per line)."""
    try:
        obj = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return f"invalid UTF-8 at byte {exc.start}"
    except json.JSONDecodeError as exc:
        return f"invalid JSON ({exc.msg}, column {exc.colno})"
    return obj if isinstance(obj, dict) else f"expected {expected}, got {type(obj).__name__}"


def json_lines(path: Path, start: int) -> Iterator[tuple[int, bytes]]:
    """``(line number, bytes)`` of each non-blank line of an uncompressed file after ``start``."""
    with path.open("rb") as fh:
        for line_no, line in enumerate(fh, start=1):
            if line_no > start and line.strip():
                yield line_no, line.rstrip(b"\r\n")
