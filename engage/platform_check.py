"""``engage doctor``'s platform lines: each credential variable a configured platform names, and its notes.

Derived from the registry: the variables are the ``*_env`` fields of each platform's credentials
section (``connectors.registry.env_vars`` says which are needed), the notes are its
``PLATFORM.doctor`` (which mode is in use and what it misses). For a platform whose spec has a
``writer``, one ``answers`` line per enabled account says whether answers can be sent from engage.
"""

from __future__ import annotations

from collections.abc import Mapping

from connectors.base import ConnectorError
from connectors.registry import BuildContext, PlatformSpec, env_vars
from engage.config import Account, Config
from engage.platforms import platforms


def platform_report(config: Config, environ: Mapping[str, str]) -> tuple[list[str], int]:
    """The lines for every platform with a configured account, and how many problems they show.

    A needed variable or a required setting that is unset is a problem only for a platform with an
    enabled account.
    """
    lines: list[str] = []
    problems = 0
    for name, spec in platforms().items():
        accounts = config.accounts_for(name)
        if not accounts:
            continue
        enabled = any(a.enabled for a in accounts)
        settings = config.credentials_for(name)
        for env, needed in env_vars(settings):
            if environ.get(env):
                lines.append(f"secret   {name}: {env} set")
            elif not enabled:
                lines.append(f"secret   {name}: {env} not set (not needed: no enabled {name} account)")
            elif needed:
                problems += 1
                lines.append(f"secret   {name}: {env} NOT SET")
            else:
                lines.append(f"secret   {name}: {env} not set (optional)")
        for setting in spec.required_settings:
            if enabled and getattr(settings, setting) is None:
                problems += 1
                lines.append(f"setting  {name}: credentials.{name}.{setting} NOT SET")
        if enabled:
            lines.extend(f"platform {name}: {note}" for note in spec.doctor(settings, dict(environ)))
            lines.extend(answer_line(config, spec, a, environ) for a in accounts if a.enabled and spec.writer)
    return lines, problems


def answer_line(config: Config, spec: PlatformSpec, account: Account, environ: Mapping[str, str]) -> str:
    """Whether ``account`` can send answers: its writer is built from the write credentials (no request made).

    Not a problem when it cannot: answering from engage is optional, and the line says what to set.
    """

    def secret(env: str | None) -> str:
        value = environ.get(env) if env else None
        if not value:
            raise ConnectorError(f"{spec.name}: {env} is not set")
        return value

    assert spec.writer is not None
    context = BuildContext(
        handle=account.handle, user_id=account.user_id, label=account.label, path=None,
        credentials=config.credentials_for(spec.name), collection=config.collection_for(spec.name),
        watch_days=config.collection.watch_days, settle_seconds=0.0, secret=secret,
        optional_secret=lambda env: environ.get(env) if env else None,
    )
    try:
        spec.writer(context)
    except ConnectorError as exc:
        return f"answers  {spec.name} {account.handle}: cannot send ({str(exc).removeprefix(f'{spec.name}: ')})"
    return f"answers  {spec.name} {account.handle}: can send (write credentials set)"
