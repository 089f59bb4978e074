"""Parser for the small text format the demo conversations are written in.

The conversations are prose written by hand; a line-based format keeps them readable and reviewable
as text (one item per line, nesting by ``>``) instead of burying them in nested Python literals.

Format::

    ## <key> <platform> <account> <YYYY-MM-DD> <HH:MM> [name=value ...]
    title: <Reddit submission title>          (Reddit submissions only)
    <body lines of the root item>
    > <author> [+delay] [^likes] [#tag ...]: <text>
    >> <author>: <a reply to the line above at one level less>

* ``<account>`` is the monitored department account the conversation belongs to; the local time is
  in the department's time zone.
* Header options: ``kind`` (``post`` by default, ``mention`` or ``quote``), ``author`` (the public
  author of a mention or quote), ``quotes`` (key of the quoted department post), ``parent=external``
  (a mention written as a reply in somebody else's thread), ``likes``, ``reposts``, ``heat`` (scales
  reply engagement), ``ratio`` (Reddit upvote ratio), ``tags`` (comma-separated tags of the root).
* ``<author>`` is a handle, ``RPD`` for the platform's main department account, ``RPDT`` for the
  traffic account on X, or ``[deleted]`` for a deleted Reddit account.
* ``+delay`` (``+45s``, ``+20m``, ``+3h``, ``+1d6h``) fixes the time after the parent; without it the
  generator draws one. ``^likes`` fixes the like count. ``#tags`` mark what a triage desk should
  notice (``urgent``, ``selfharm``, ``threat``, ``abusive``, ``spam``) and ``#es`` marks Spanish.
* ``\\n`` inside a line is a line break. Lines starting with ``//`` are comments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta

from engage.errors import InputError

_HEADER = re.compile(r"^##\s+(\S+)\s+(\S+)\s+(\S+)\s+(\d{4}-\d{2}-\d{2})\s+(\d{2}:\d{2})((?:\s+\S+=\S+)*)\s*$")
_REPLY = re.compile(r"^(>+)\s*(\S+)((?:\s+[+^#]\S+)*)\s*:\s(.*)$")
_DELAY = re.compile(r"^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")
TAGS = frozenset({"urgent", "selfharm", "threat", "abusive", "spam", "es"})


class ScriptError(InputError, ValueError):
    """A malformed line in a thread script; the message names the line."""


@dataclass
class Node:
    """One item of a conversation: the root or a reply at some depth."""

    author: str
    text: str
    delay: timedelta | None = None
    likes: int | None = None
    tags: frozenset[str] = frozenset()
    children: list[Node] = field(default_factory=list)


@dataclass
class Thread:
    """A conversation as written: its root item, where it belongs and when it started."""

    key: str
    platform: str
    account: str
    local_start: str
    options: dict[str, str]
    root: Node
    title: str | None = None

    @property
    def kind(self) -> str:
        """``post`` for a department original, else ``mention`` or ``quote``."""
        return self.options.get("kind", "post")


def parse_delay(token: str, where: str) -> timedelta:
    """``"1d6h"`` -> ``timedelta(days=1, hours=6)``."""
    match = _DELAY.match(token)
    if not match or not token:
        raise ScriptError(f"{where}: bad delay {token!r}")
    days, hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    return timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)


def _tags(spec: str | None, where: str) -> frozenset[str]:
    tags = frozenset(filter(None, (spec or "").split(",")))
    unknown = tags - TAGS
    if unknown:
        raise ScriptError(f"{where}: unknown tag(s) {sorted(unknown)}")
    return tags


def _reply_node(line: str, where: str) -> tuple[int, Node]:
    match = _REPLY.match(line)
    if not match:
        raise ScriptError(f"{where}: cannot parse reply line {line[:60]!r}")
    depth, author, modifiers, text = match.groups()
    node = Node(author=author, text=text.replace("\\n", "\n").strip())
    tags = []
    for token in modifiers.split():
        if token.startswith("+"):
            node.delay = parse_delay(token[1:], where)
        elif token.startswith("^"):
            node.likes = int(token[1:])
        else:
            tags.append(token[1:])
    node.tags = _tags(",".join(tags), where)
    if not node.text:
        raise ScriptError(f"{where}: empty text")
    return len(depth), node


def parse(source: str, name: str) -> list[Thread]:
    """Parse a whole script into threads, checking nesting as it goes."""
    threads: list[Thread] = []
    body: list[str] | None = None
    stack: list[Node] = []
    for number, line in enumerate(source.splitlines(), start=1):
        where = f"{name}:{number}"
        if line.startswith("//"):
            continue
        if line.startswith("## "):
            if body is not None and threads:
                threads[-1].root.text = "\n".join(body).strip()
            match = _HEADER.match(line)
            if not match:
                raise ScriptError(f"{where}: bad header {line!r}")
            key, platform, account, day, clock, opts = match.groups()
            options = dict(item.split("=", 1) for item in opts.split())
            root = Node(author=options.get("author", account), text="", tags=_tags(options.get("tags"), where))
            thread = Thread(key, platform, account, f"{day} {clock}", options, root)
            threads.append(thread)
            body, stack = [], [thread.root]
            continue
        if not threads:
            if line.strip():
                raise ScriptError(f"{where}: text before the first header")
            continue
        thread = threads[-1]
        if line.startswith(">"):
            depth, node = _reply_node(line, where)
            if depth > len(stack):
                raise ScriptError(f"{where}: reply nested deeper than its parent")
            if body is not None:
                thread.root.text = "\n".join(body).strip()
                body = None
            del stack[depth:]
            stack[-1].children.append(node)
            stack.append(node)
        elif body is not None:
            if line.startswith("title: ") and not body:
                thread.title = line[len("title: "):].strip()
            else:
                body.append(line.rstrip())
        elif line.strip():
            raise ScriptError(f"{where}: text after replies began: {line[:60]!r}")
    if body is not None and threads:
        threads[-1].root.text = "\n".join(body).strip()
    for thread in threads:
        if not thread.root.text:
            raise ScriptError(f"{name}: thread {thread.key} has no text")
    return threads
