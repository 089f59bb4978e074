"""Facebook Pages: their settings and permalink rule; the live connector (Graph API) is being written (issue 20).

Until then a Facebook Page is imported from files with the ``file`` platform.
"""

from __future__ import annotations

import re

from pydantic import field_validator

from connectors.base import Connector, ConnectorError
from connectors.registry import BuildContext, NoSettings, PlatformSettings, PlatformSpec, env_name


class FacebookCredentials(PlatformSettings):
    page_access_token_env: str = "FB_PAGE_ACCESS_TOKEN"
    graph_api_version: str = "v21.0"
    _check = field_validator("page_access_token_env")(env_name)


def build(ctx: BuildContext) -> Connector:
    raise ConnectorError("facebook: no live connector yet; import its files with the file platform")


_POST_ID = re.compile(r"^[0-9]{1,25}(?:_[0-9]{1,25})?$")


def permalink(native_id: str, root_uid: str | None, credentials: PlatformSettings) -> str | None:
    return f"https://www.facebook.com/{native_id}" if _POST_ID.match(native_id) else None


PLATFORM = PlatformSpec(
    name="facebook", title="Facebook", credentials=FacebookCredentials, collection=NoSettings, build=build,
    permalink=permalink,
)
