"""Bluesky: its settings and permalink rule; the live connector (atproto) is being written (issue 19).

Until then a Bluesky account is imported from files with the ``file`` platform.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from pydantic import field_validator

from connectors.base import Connector, ConnectorError
from connectors.registry import BuildContext, NoSettings, PlatformSettings, PlatformSpec, env_name


class BlueskyCredentials(PlatformSettings):
    handle_env: str | None = None
    app_password_env: str | None = None
    appview_url: str = "https://public.api.bsky.app"
    _check = field_validator("handle_env", "app_password_env")(env_name)


def build(ctx: BuildContext) -> Connector:
    raise ConnectorError("bluesky: no live connector yet; import its files with the file platform")


_POST_URI = re.compile(r"^at://(did:(?:plc|web):[A-Za-z0-9._:%-]{1,200})/app\.bsky\.feed\.post/([A-Za-z0-9]{1,20})$")


def permalink(native_id: str, root_uid: str | None, credentials: PlatformSettings) -> str | None:
    m = _POST_URI.match(native_id)
    return f"https://bsky.app/profile/{quote(m.group(1), safe=':')}/post/{m.group(2)}" if m else None


PLATFORM = PlatformSpec(
    name="bluesky", title="Bluesky", credentials=BlueskyCredentials, collection=NoSettings, build=build,
    permalink=permalink,
)
