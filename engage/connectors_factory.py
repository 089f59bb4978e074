"""Building a platform connector for a configured account, with its secrets read from the environment.

This is the only place that turns credential *names* from config into values; the values go
straight into the client library and are never logged or stored.
"""

from __future__ import annotations

from connectors.base import Connector, ConnectorError
from engage.config import Account, Config


def _require(config: Config, env_name: str | None, platform: str) -> str:
    value = config.secret(env_name)
    if value is None:
        raise ConnectorError(f"{platform}: environment variable {env_name} is not set (see README, '{platform}')")
    return value


def build_connector(config: Config, account: Account) -> Connector:
    """The connector for ``account``; raises ConnectorError naming the missing env var or module."""
    if account.platform == "file":
        from connectors.file import FileConnector

        return FileConnector(config.resolve(account.path or ""))
    raise ConnectorError(f"{account.platform}: no connector is available for this platform yet")
