"""The generator's unit: a thread-script node placed in time on one platform, with its ids.

Its own module so both the generator and the summary of what it generated can name it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from connectors.base import make_uid
from engage.demo_data.threadscript import Node, Thread


@dataclass
class Item:
    """A node placed in time, with the ids the platform would give it."""

    thread: Thread
    node: Node
    platform: str
    handle: str | None
    is_department: bool
    kind: str
    created: datetime
    native_id: str
    short_id: str
    depth: int
    parent: Item | None = None
    root: Item | None = None
    external_parent: str | None = None
    cid: str = ""
    children: list[Item] = field(default_factory=list)

    @property
    def uid(self) -> str:
        """The record's primary key."""
        return make_uid(self.platform, self.native_id)

    def descendants(self) -> Iterator[Item]:
        """Every reply under this item, depth first."""
        for child in self.children:
            yield child
            yield from child.descendants()
