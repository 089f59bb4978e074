"""Pseudonyms and text redaction for research exports.

A public author becomes ``p_`` + the first 16 hex digits of HMAC-SHA256(key, ``platform:id``): the
same person links across the rows of one export and across exports made with the same key, but
not across projects (each project keeps its own key), and the pseudonym cannot be reversed
without the key. Department accounts keep their handles: they are public institutions.

Text is hostile input and may carry other people's identities: ``@mentions`` of anyone but the
department become pseudonyms (the same ones the author column uses, so a researcher can follow
who answers whom), and e-mail addresses and phone numbers are replaced with ``[email]`` and
``[phone]``. The phone patterns are deliberately narrow enough to leave dates, times, case
numbers (``2026-001234``) and street numbers alone; tests pin both sides of that line. The
department's own posts keep their contact details: those are its published numbers, not a person's.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Callable, Iterable
from typing import Protocol

from engage.errors import EngageError

PSEUDONYM_PREFIX = "p_"
PSEUDONYM_HEX = 16
HASHED_ID_PREFIX = "h_"
MIN_KEY_BYTES = 16
CACHE_ENTRIES = 50_000

EMAIL_RE = re.compile(r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")

# Phone numbers, most specific first. Each alternative is anchored so it cannot start or end in the
# middle of a longer number (no digit, letter or joining punctuation on either side).
_SEP = r"[ .\-\u00a0]"
PHONE_RE = re.compile(
    r"(?<![\w+\-./:])(?:"
    # International: +CC then 2-5 groups of digits (optionally one in parentheses); 8-15 digits in
    # all is checked afterwards, as the E.164 numbering plan requires.
    r"\+\d{1,3}(?:" + _SEP + r"?\(?\d{1,4}\)?){2,5}"
    # North American: optional 1, area code (in parentheses or followed by a separator), 3-4 digits.
    r"|(?:1" + _SEP + r"?)?(?:\(\d{3}\)" + _SEP + r"?|\d{3}" + _SEP + r")\d{3}" + _SEP + r"\d{4}"
    # North American written without separators: area and exchange codes start with 2-9.
    r"|[2-9]\d{2}[2-9]\d{6}"
    # UK and other trunk-prefix national numbers: 0, then 9-10 more digits in 2-3 groups.
    r"|0\d{2,4}" + _SEP + r"?\d{3,4}" + _SEP + r"?\d{3,4}"
    # Local seven-digit North American number (555-0142).
    r"|[2-9]\d{2}[.\-]\d{4}"
    r")(?![\w\-/:]|\.\d)"
)

ANY_DIGITS = re.compile(r"\d")

# @handle as X, Bluesky (dotted) and Mastodon (@user@instance) write it; Reddit's u/name.
MENTION_RE = re.compile(
    r"(?<![\w@/.])@([A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_])?(?:@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)?)"
)
REDDIT_USER_RE = re.compile(r"(?<![\w/])(/?u/)([A-Za-z0-9_\-]{3,20})\b")
DID_RE = re.compile(r"did:[a-z]+:[A-Za-z0-9._:%\-]+")


class HandleIds(Protocol):
    """``(platform, lower-case handle) -> author id`` lookups (a dict, or a table too big for one)."""

    def get(self, key: tuple[str, str], /) -> str | None: ...


class PseudonymKeyError(EngageError):
    """The pseudonym key is missing or too short; the message is one operator-facing line."""


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _phone_or_keep(match: re.Match[str]) -> str:
    digits = _digits(match.group(0))
    return "[phone]" if 7 <= digits <= 15 else match.group(0)


def redact_contacts(text: str) -> str:
    """Replace e-mail addresses with ``[email]`` and phone numbers with ``[phone]``."""
    if "@" in text:
        text = EMAIL_RE.sub("[email]", text)
    return PHONE_RE.sub(_phone_or_keep, text) if ANY_DIGITS.search(text) else text


class Pseudonymizer:
    """Keyed pseudonyms for public authors and the ids and mentions that would reveal them.

    ``department_handles`` and ``department_ids`` (per platform, handles compared case-insensitively)
    stay as they are. ``handle_ids`` maps ``(platform, lower-case handle)`` to the author id of a
    known public author, so ``@jane`` in a text gets the same pseudonym as Jane's own rows.
    """

    def __init__(
        self,
        key: bytes,
        *,
        department_handles: Iterable[tuple[str, str]] = (),
        department_ids: Iterable[tuple[str, str]] = (),
        handle_ids: HandleIds | None = None,
    ) -> None:
        if len(key) < MIN_KEY_BYTES:
            raise PseudonymKeyError(f"the pseudonym key must be at least {MIN_KEY_BYTES} bytes long")
        self._key = key
        self.department_handles = {(p, h.lower().lstrip("@")) for p, h in department_handles}
        self.department_ids = set(department_ids)
        self.handle_ids: HandleIds = handle_ids if handle_ids is not None else {}
        self._hmac = hmac.new(key, digestmod=hashlib.sha256)
        self._cache: dict[str, str] = {}

    @property
    def key_id(self) -> str:
        """A fingerprint of the key (not the key): exports with the same key_id link their pseudonyms."""
        return hmac.new(self._key, b"engage-pseudonym-key-id", hashlib.sha256).hexdigest()[:12]

    def _mac(self, message: str) -> str:
        hit = self._cache.get(message)
        if hit is None:
            mac = self._hmac.copy()
            mac.update(message.encode("utf-8"))
            hit = mac.hexdigest()
            if len(self._cache) >= CACHE_ENTRIES:  # bounded: an export's memory must not grow with its size
                self._cache.clear()
            self._cache[message] = hit
        return hit

    def pseudonym(self, platform: str, author_id: str | None, handle: str | None) -> str | None:
        """``p_`` + 16 hex of HMAC(key, ``platform:author_id``) (the lower-cased handle if no id)."""
        ident = author_id or (handle.lower().lstrip("@") if handle else None)
        if not ident:
            return None
        return PSEUDONYM_PREFIX + self._mac(f"{platform}:{ident}")[:PSEUDONYM_HEX]

    def is_department_handle(self, platform: str, handle: str) -> bool:
        return (platform, handle.lower().lstrip("@")) in self.department_handles

    def author(self, platform: str, is_department: bool, author_id: str | None, handle: str | None) -> str | None:
        """The author column: a department's handle, a public author's pseudonym, or None if unknown."""
        if is_department:
            return handle
        return self.pseudonym(platform, author_id, handle)

    def mention(self, platform: str, handle: str) -> str:
        """The pseudonym a mentioned public handle gets (its author id's pseudonym when known)."""
        key = handle.lower()
        author_id = self.handle_ids.get((platform, key))
        return self.pseudonym(platform, author_id, key) or handle

    def scrub_text(
        self, platform: str, text: str | None, *, department: bool = False, tags: str | None = None
    ) -> str | None:
        """Text with contacts redacted and every non-department mention pseudonymised.

        Contact details are redacted in public text only: a ``department`` post's phone numbers and
        addresses are the department's own published ones (the non-emergency line, a tip line).
        Mentions are pseudonymised in every text, since a department may name a member of the public.
        ``tags`` is a Facebook comment's ``message_tags`` (JSON): Facebook writes a tagged person as
        their full name, so each tagged person's name becomes their pseudonym (a tagged Page keeps its name).
        """
        if not text:
            return text
        if tags:
            text = self._untag(platform, text, tags)
        if not department:
            text = redact_contacts(text)
        if "@" in text:
            text = MENTION_RE.sub(self._mention_sub(platform, prefix="@"), text)
        if platform == "reddit" and "u/" in text:
            text = REDDIT_USER_RE.sub(
                lambda m: m.group(0)
                if self.is_department_handle(platform, m.group(2))
                else m.group(1) + self.mention(platform, m.group(2)),
                text,
            )
        return text

    def _untag(self, platform: str, text: str, tags_json: str) -> str:
        """``text`` with each tagged person's name (at its offset, else where it first occurs) pseudonymised."""
        try:
            tags = json.loads(tags_json)
        except ValueError:
            return text
        spans: list[tuple[int, int, str]] = []
        for tag in tags if isinstance(tags, list) else []:
            name = tag.get("name") if isinstance(tag, dict) else None
            if not isinstance(name, str) or not name or tag.get("type", "user") != "user":
                continue
            start = tag.get("offset")
            if not isinstance(start, int) or text[start : start + len(name)] != name:
                start = text.find(name)
            if start >= 0 and all(start >= end or start + len(name) <= begin for begin, end, _ in spans):
                ident = str(tag["id"]) if tag.get("id") else None
                spans.append((start, start + len(name), self.pseudonym(platform, ident, name) or name))
        for start, end, pseudonym in sorted(spans, reverse=True):
            text = text[:start] + pseudonym + text[end:]
        return text

    def _mention_sub(self, platform: str, *, prefix: str) -> Callable[[re.Match[str]], str]:
        def sub(match: re.Match[str]) -> str:
            handle = match.group(1)
            if self.is_department_handle(platform, handle):
                return match.group(0)
            return prefix + self.mention(platform, handle)

        return sub

    def export_id(self, uid: str | None) -> str | None:
        """A record id safe to publish: ids that embed a public author's id are replaced by a keyed hash.

        Bluesky post ids are ``at://<author DID>/...`` URIs, so publishing them would publish the
        author. Such ids become ``bluesky:h_<20 hex>`` (a keyed hash of the whole id, so thread links
        still join but the ids do not link one author's posts). Ids without an embedded public
        author id (X, Reddit, Mastodon, Facebook) are kept: researchers need them to rehydrate.
        """
        if uid is None or "did:" not in uid:
            return uid
        platform, _, native = uid.partition(":")
        for did in DID_RE.findall(native):
            if (platform, did) not in self.department_ids:
                return f"{platform}:{HASHED_ID_PREFIX}{self._mac('id:' + uid)[:20]}"
        return uid

    def export_native_id(self, platform: str, native_id: str) -> str:
        """The native-id column: the platform's own id, hashed as in :meth:`export_id` when needed."""
        exported = self.export_id(f"{platform}:{native_id}")
        return exported.partition(":")[2] if exported else native_id
