"""Building a platform connector for a configured account, with its secrets read from the environment.

This is the only place that turns credential *names* from config into values; the values go
straight into the client library and are never logged or stored. How each platform is built is its
connector module's ``PLATFORM.build`` (``connectors.registry``).
"""

from __future__ import annotations

from connectors.base import Connector, ConnectorError
from connectors.registry import BuildContext
from engage.config import Account, Config
from engage.platforms import platforms


def build_connector(config: Config, account: Account, *, settle_seconds: float = 0.0) -> Connector:
    """The connector for ``account``; raises ConnectorError naming the missing env var or module.

    ``settle_seconds`` (file accounts): inbox files changed more recently are left for the next run.
    """
    return platforms()[account.platform].build(build_context(config, account, settle_seconds=settle_seconds))


def build_context(config: Config, account: Account, *, settle_seconds: float = 0.0) -> BuildContext:
    """What a platform's ``build`` (or ``writer``) gets for ``account``: its settings and a secret reader."""
    spec = platforms()[account.platform]

    def secret(env_name: str | None) -> str:
        value = config.secret(env_name)
        if value is None:
            raise ConnectorError(f"{spec.name}: environment variable {env_name} is not set "
                                 f"(see README, '{spec.title}')")
        return value

    return BuildContext(
        handle=account.handle, user_id=account.user_id, label=account.label,
        path=config.resolve(account.path) if account.path else None,
        credentials=config.credentials_for(spec.name), collection=config.collection_for(spec.name),
        watch_days=config.collection.watch_days, settle_seconds=settle_seconds,
        secret=secret, optional_secret=config.secret,
    )
