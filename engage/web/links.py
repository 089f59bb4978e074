"""Links to the original post on its platform, built from ids only.

A stored ``url`` comes from a payload the public can influence, so the app never renders it as a
link: each platform's permalink is rebuilt from ids that must match that platform's id shape (its
connector module's ``PLATFORM.permalink``). An id of the wrong shape gives no link rather than a
guessed one.
"""

from __future__ import annotations

from engage.platforms import platforms


def original_link(platform: str, native_id: str, root_uid: str | None, *, credentials: object = None) -> str | None:
    """The platform permalink of a post, or ``None`` when its ids do not allow a safe one.

    ``credentials`` is the config's ``credentials`` section: a platform whose links depend on a
    setting (Mastodon's instance, ``credentials.mastodon.api_base_url``) reads it from there.
    """
    spec = platforms().get(platform)
    if spec is None:
        return None
    settings = getattr(credentials, platform, None) or spec.credentials()
    return spec.permalink(native_id, root_uid, settings)
