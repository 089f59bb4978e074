"""Platform-shaped identifiers for the demo records, derived deterministically.

Each platform's ids have a recognisable shape that real payloads share (X snowflakes that grow with
time, Reddit base36 fullnames, Bluesky TIDs and CIDs); using the same shapes keeps parsing code and
URL building honest when the demo stands in for a live connector.
"""

from __future__ import annotations

import base64
import hashlib
import random
import re
from datetime import datetime

TWITTER_EPOCH_MS = 1288834974657
"""X snowflake ids count milliseconds from this instant (2010-11-04)."""

_BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"
_B32_SORTABLE = "234567abcdefghijklmnopqrstuvwxyz"
_DID_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"

# Reddit ids grow roughly linearly; these anchors put late-2026 ids a little beyond today's range.
_REDDIT_ANCHOR = datetime.fromisoformat("2026-09-01T00:00:00+00:00")
_REDDIT_SUBMISSION_BASE = int("1s4k000", 36)
_REDDIT_SUBMISSIONS_PER_SECOND = 0.45
_REDDIT_COMMENT_BASE = int("o84a000", 36)
_REDDIT_COMMENTS_PER_SECOND = 70.0


def digest(*parts: str) -> bytes:
    """A stable 32-byte digest of ``parts`` (``hash()`` is salted per process, so never used here)."""
    return hashlib.sha256("\x1f".join(parts).encode()).digest()


def base36(number: int) -> str:
    """Lower-case base36, as Reddit writes ids."""
    if number == 0:
        return "0"
    out = []
    while number:
        number, rem = divmod(number, 36)
        out.append(_BASE36[rem])
    return "".join(reversed(out))


def snowflake(when: datetime, rng: random.Random) -> str:
    """An X snowflake id for ``when``: milliseconds since the X epoch, worker and sequence bits."""
    millis = int(when.timestamp() * 1000) - TWITTER_EPOCH_MS
    return str((millis << 22) | (rng.randrange(1 << 10) << 12) | rng.randrange(1 << 12))


def reddit_submission_id(when: datetime, rng: random.Random) -> str:
    """A base36 submission id (without ``t3_``) that increases with ``when``."""
    seconds = (when - _REDDIT_ANCHOR).total_seconds()
    return base36(_REDDIT_SUBMISSION_BASE + int(seconds * _REDDIT_SUBMISSIONS_PER_SECOND) + rng.randrange(3))


def reddit_comment_id(when: datetime, rng: random.Random) -> str:
    """A base36 comment id (without ``t1_``) that increases with ``when``."""
    seconds = (when - _REDDIT_ANCHOR).total_seconds()
    return base36(_REDDIT_COMMENT_BASE + int(seconds * _REDDIT_COMMENTS_PER_SECOND) + rng.randrange(70))


def bluesky_tid(when: datetime, rng: random.Random) -> str:
    """An atproto TID record key: microseconds since 1970 and a 10-bit clock id, base32-sortable."""
    value = (int(when.timestamp()) * 1_000_000 + rng.randrange(1_000_000)) << 10 | rng.randrange(1 << 10)
    chars = []
    for _ in range(13):
        value, rem = divmod(value, 32)
        chars.append(_B32_SORTABLE[rem])
    return "".join(reversed(chars))


def bluesky_cid(*parts: str) -> str:
    """A CIDv1 (dag-cbor, sha2-256) string in base32, the form the AppView returns."""
    raw = bytes([0x01, 0x71, 0x12, 0x20]) + digest("cid", *parts)
    return "b" + base64.b32encode(raw).decode().lower().rstrip("=")


def x_user_id(handle: str) -> str:
    """A stable numeric X user id: older accounts have short ids, post-2022 ones 19 digits."""
    seed = int.from_bytes(digest("x-user", handle)[:8], "big")
    if seed % 10 < 3:
        return str(10_000_000 + seed % 3_000_000_000)
    return str(1_100_000_000_000_000_000 + seed % 800_000_000_000_000_000)


def reddit_user_id(handle: str) -> str:
    """A stable Reddit account fullname (``t2_`` plus base36)."""
    seed = int.from_bytes(digest("reddit-user", handle)[:8], "big")
    return "t2_" + base36(36**7 + seed % (36**10 - 36**7))


def bluesky_did(handle: str) -> str:
    """A stable ``did:plc`` identifier (24 base32 characters, as the PLC directory issues)."""
    seed = digest("bluesky-did", handle)
    return "did:plc:" + "".join(_DID_ALPHABET[b % 32] for b in seed[:24])


def facebook_object_id(when: datetime, rng: random.Random) -> str:
    """A 16-digit Graph object id that grows with ``when`` (posts and comments are numbered alike)."""
    return str(1_220_000_000_000_000 + int(when.timestamp()) * 1000 + rng.randrange(1000))


def facebook_user_id(handle: str) -> str:
    """A stable app-scoped Facebook user id (Graph gives each app its own 15-17 digit ids)."""
    seed = int.from_bytes(digest("facebook-user", handle)[:8], "big")
    return str(10_000_000_000_000_000 + seed % 9_000_000_000_000_000)


def reddit_slug(title: str) -> str:
    """The URL slug Reddit derives from a title: lower case, words joined by underscores, short."""
    words = re.findall(r"[a-z0-9]+", title.lower().replace("'", ""))
    slug = ""
    for word in words:
        candidate = f"{slug}_{word}" if slug else word
        if len(candidate) > 50:
            break
        slug = candidate
    return slug or "post"
