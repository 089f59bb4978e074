"""Building a platform connector for a configured account, with its secrets read from the environment.

This is the only place that turns credential *names* from config into values; the values go
straight into the client library and are never logged or stored.
"""

from __future__ import annotations

from datetime import timedelta

from connectors.base import Connector, ConnectorError
from engage.config import Account, Config


def _require(config: Config, env_name: str | None, platform: str) -> str:
    value = config.secret(env_name)
    if value is None:
        raise ConnectorError(f"{platform}: environment variable {env_name} is not set (see README, '{platform}')")
    return value


def build_connector(config: Config, account: Account, *, settle_seconds: float = 0.0) -> Connector:
    """The connector for ``account``; raises ConnectorError naming the missing env var or module.

    ``settle_seconds`` (file accounts): inbox files changed more recently are left for the next run.
    """
    if account.platform == "file":
        from connectors.file import FileConnector

        return FileConnector(config.resolve(account.path or ""), settle_seconds=settle_seconds)
    if account.platform == "x":
        from connectors.x import XConnector

        x_env = config.credentials.x.bearer_token_env
        x_opts = config.collection.x
        return XConnector(
            _require(config, x_env, "x"), bearer_env=x_env, watch_days=config.collection.watch_days,
            max_results=x_opts.max_results, daily_refresh=x_opts.daily_refresh,
            recheck_replies=x_opts.recheck_replies, index_overlap=timedelta(minutes=x_opts.index_overlap_minutes),
        )
    if account.platform == "reddit":
        import praw

        from connectors.reddit import RedditConnector

        creds = config.credentials.reddit
        login: dict[str, str] = {}
        if creds.username_env or creds.password_env:
            # Script-app login (the department's own account); without it praw reads read-only.
            login = {"username": _require(config, creds.username_env, "reddit"),
                     "password": _require(config, creds.password_env, "reddit")}
        reddit = praw.Reddit(
            client_id=_require(config, creds.client_id_env, "reddit"),
            client_secret=_require(config, creds.client_secret_env, "reddit"),
            user_agent=creds.user_agent, check_for_updates=False, check_for_async=False, **login,
        )
        envs = "/".join(e for e in (creds.client_id_env, creds.client_secret_env, creds.username_env,
                                    creds.password_env) if e)
        return RedditConnector(
            reddit, credential_envs=envs, watch_days=config.collection.watch_days,
            replace_more_limit=config.collection.reddit.replace_more_limit,
            listing_limit=config.collection.reddit.listing_limit,
        )
    if account.platform in ("facebook", "instagram"):
        return _graph_connector(config, account, settle_seconds)
    raise ConnectorError(f"{account.platform}: no connector is available for this platform yet")


def _graph_connector(config: Config, account: Account, settle_seconds: float) -> Connector:
    """Facebook and Instagram through their registry entries; both read ``credentials.facebook``."""
    from connectors import facebook, instagram
    from connectors.registry import BuildContext

    fb = config.credentials.facebook
    graph = {"graph_api_version": fb.graph_api_version, "graph_base_url": fb.graph_base_url}
    if account.platform == "facebook":
        spec, creds = facebook.PLATFORM, facebook.FacebookCredentials(
            page_access_token_env=fb.page_access_token_env, **graph)
    else:
        spec, creds = instagram.PLATFORM, instagram.InstagramCredentials(access_token_env=fb.page_access_token_env,
                                                                         **graph)
    return spec.build(BuildContext(
        handle=account.handle, user_id=account.user_id, label=account.label, path=None, credentials=creds,
        collection=spec.collection(), watch_days=config.collection.watch_days, settle_seconds=settle_seconds,
        secret=lambda name: _require(config, name, account.platform), optional_secret=config.secret,
    ))
