"""Mastodon: its settings and permalink rule; the live connector (Mastodon.py) is being written (issue 19).

Until then a Mastodon account is imported from files with the ``file`` platform.
"""

from __future__ import annotations

import re
from typing import cast

from pydantic import field_validator

from connectors.base import Connector, ConnectorError
from connectors.registry import BuildContext, NoSettings, OptionalEnv, PlatformSettings, PlatformSpec, env_name


class MastodonCredentials(PlatformSettings):
    api_base_url: str | None = None
    access_token_env: OptionalEnv = "MASTODON_ACCESS_TOKEN"  # without it: public reads only
    _check = field_validator("access_token_env")(env_name)


def build(ctx: BuildContext) -> Connector:
    raise ConnectorError("mastodon: no live connector yet; import its files with the file platform")


_STATUS_ID = re.compile(r"^[0-9]{1,20}$")
_HTTPS_BASE = re.compile(r"^https://[A-Za-z0-9.-]+(?::[0-9]{1,5})?$")


def permalink(native_id: str, root_uid: str | None, credentials: PlatformSettings) -> str | None:
    """A status on the configured instance (``api_base_url``, https only); none without it."""
    base = (cast(MastodonCredentials, credentials).api_base_url or "").rstrip("/")
    if not _HTTPS_BASE.match(base) or not _STATUS_ID.match(native_id):
        return None
    return f"{base}/web/statuses/{native_id}"


PLATFORM = PlatformSpec(
    name="mastodon", title="Mastodon", credentials=MastodonCredentials, collection=NoSettings, build=build,
    permalink=permalink,
)
