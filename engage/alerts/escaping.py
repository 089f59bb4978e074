"""Public text made inert for each channel's format before it goes into a message.

A reply is written by anyone. Put raw into a chat message it could ping a whole channel (``@channel``,
``<!here>``, ``@all``), impersonate the message (Markdown headings, bold "CONFIRMED"), or plant a link
that looks like ours. So, for every chat format: links and bare domains are defanged
(``hxxps[:]//evil[.]example``), every ``@`` is followed by an invisible word joiner (U+2060) so no
mention parses, and the format's own markup is escaped (Markdown for Teams and Mattermost, ``& < >``
for Slack, whose public text additionally goes only into ``plain_text`` blocks). E-mail is plain text,
so defanging suffices; the JSON webhook carries the text raw (JSON-encoded) for programs, which must
escape it for display.
"""

from __future__ import annotations

import re
import unicodedata

# Followed by a word joiner (U+2060), "@" no longer starts a mention in Slack, Teams or Mattermost.
NO_MENTION = "@\u2060"
_SCHEME = re.compile(r"\b([a-z][a-z0-9+.-]{1,15})://", re.IGNORECASE)
# A dotted name ending in a letters-only label (bare domains like evil.example, www.x.org).
_DOMAIN = re.compile(r"\b((?:[a-z0-9-]+\.)+)([a-z]{2,24})\b", re.IGNORECASE)
_MARKDOWN = re.compile(r"([\\`*_\[\]()#|<>~!])")
_LIST_START = re.compile(r"^(\s*)(?:([-+])|(\d+)\.)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
SLACK_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def clean(text: str, limit: int) -> str:
    """Control and bidi-override characters removed, whitespace collapsed, cut at ``limit`` characters."""
    flat = " ".join(_CONTROL.sub("", unicodedata.normalize("NFC", text)).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def defang(text: str) -> str:
    """``https://evil.example/x`` -> ``hxxps[:]//evil[.]example/x``: readable, never a link."""
    text = _SCHEME.sub(lambda m: m.group(1).replace("t", "x").replace("T", "X") + "[:]//", text)
    return _DOMAIN.sub(lambda m: m.group(1).replace(".", "[.]") + m.group(2), text)


def no_mentions(text: str) -> str:
    return text.replace("@", NO_MENTION)


def markdown(text: str) -> str:
    """For Teams (Adaptive Card TextBlock) and Mattermost: every Markdown/HTML character backslash-escaped."""
    escaped = _MARKDOWN.sub(r"\\\1", no_mentions(defang(text)))
    return _LIST_START.sub(lambda m: m.group(1) + (f"\\{m.group(2)}" if m.group(2) else f"{m.group(3)}\\."), escaped)


def slack(text: str) -> str:
    """For Slack ``plain_text``: entities escaped (so ``<!here>`` is text), links defanged, no mentions."""
    return "".join(SLACK_ENTITIES.get(ch, ch) for ch in no_mentions(defang(text)))


def plain(text: str) -> str:
    """For e-mail bodies: links defanged (no clickable look-alikes); no markup to escape."""
    return defang(text)


def for_format(fmt: str, text: str) -> str:
    """Public ``text`` escaped for a channel format (``teams``, ``slack``, ``mattermost``, ``email``, ``webhook``)."""
    if fmt in ("teams", "mattermost"):
        return markdown(text)
    if fmt == "slack":
        return slack(text)
    if fmt == "email":
        return plain(text)
    return text
