"""``engage doctor``'s platform lines: each credential variable a configured platform names, and its notes.

Derived from the registry: the variables are the ``*_env`` fields of each platform's credentials
section (``connectors.registry.env_vars`` says which are needed), the notes are its
``PLATFORM.doctor`` (which mode is in use and what it misses).
"""

from __future__ import annotations

from collections.abc import Mapping

from connectors.registry import env_vars
from engage.config import Config
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
    return lines, problems
