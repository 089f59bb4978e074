"""Links to the original post on its platform, built from ids only.

A stored ``url`` comes from a payload the public can influence, so the app never renders it as a
link: each platform's permalink is rebuilt from ids that must match that platform's id shape.
An id of the wrong shape gives no link rather than a guessed one.
"""

from __future__ import annotations

import re
from urllib.parse import quote

_X_ID = re.compile(r"^[0-9]{1,20}$")
_REDDIT_ID = re.compile(r"^t[13]_([0-9a-z]{1,13})$")
_BLUESKY_URI = re.compile(r"^at://(did:(?:plc|web):[A-Za-z0-9._:%-]{1,200})/app\.bsky\.feed\.post/([A-Za-z0-9]{1,20})$")
_MASTODON_ID = re.compile(r"^[0-9]{1,20}$")
_FACEBOOK_ID = re.compile(r"^[0-9]{1,25}(?:_[0-9]{1,25})?$")
_HTTPS_BASE = re.compile(r"^https://[A-Za-z0-9.-]+(?::[0-9]{1,5})?$")


def original_link(
    platform: str, native_id: str, root_uid: str | None, *, mastodon_base: str | None = None
) -> str | None:
    """The platform permalink of a post, or ``None`` when its ids do not allow a safe one."""
    if platform == "x" and _X_ID.match(native_id):
        return f"https://x.com/i/web/status/{native_id}"
    if platform == "reddit":
        return _reddit(native_id, root_uid)
    if platform == "bluesky":
        m = _BLUESKY_URI.match(native_id)
        return f"https://bsky.app/profile/{quote(m.group(1), safe=':')}/post/{m.group(2)}" if m else None
    if platform == "mastodon" and mastodon_base and _HTTPS_BASE.match(mastodon_base.rstrip("/")):
        return f"{mastodon_base.rstrip('/')}/web/statuses/{native_id}" if _MASTODON_ID.match(native_id) else None
    if platform == "facebook" and _FACEBOOK_ID.match(native_id):
        return f"https://www.facebook.com/{native_id}"
    return None


def _reddit(native_id: str, root_uid: str | None) -> str | None:
    m = _REDDIT_ID.match(native_id)
    if not m:
        return None
    if native_id.startswith("t3_"):
        return f"https://www.reddit.com/comments/{m.group(1)}/"
    root_native = root_uid.split(":", 1)[1] if root_uid and root_uid.startswith("reddit:") else ""
    root = re.match(r"^t3_([0-9a-z]{1,13})$", root_native)
    if not root:
        return None
    return f"https://www.reddit.com/comments/{root.group(1)}/_/{m.group(1)}/"
