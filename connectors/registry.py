"""The platform registry: everything the application needs to know about a platform, declared once.

Each connector module ends with one ``PLATFORM = PlatformSpec(...)``: its name, its settings models
(the ``credentials.<name>`` and ``collection.<name>`` sections of ``config.yaml``), how a connector is
built from those settings, its permalink rule and its read budget. The application derives its
platform list, config schema, CLI choices, ``engage doctor`` table and inbox links from
:func:`platforms`, so adding a platform is one module plus its tests.

Built-in connectors are loaded by the same path a third-party one is (as datasette loads its own
default plug-ins): a module path whose ``PLATFORM`` is read. Third-party packages declare theirs in
the ``engage.connectors`` entry-point group, e.g. in their ``pyproject.toml``::

    [project.entry-points."engage.connectors"]
    threads = "engage_threads:PLATFORM"
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from connectors.base import Connector, ConnectorError

ENTRY_POINT_GROUP = "engage.connectors"


class PlatformSettings(BaseModel):
    """Base of every ``credentials.<platform>`` and ``collection.<platform>`` model: unknown keys are errors.

    Credentials models hold only the *names* of environment variables (fields ending ``_env``) and
    non-secret settings such as base URLs; the values are read at build time and never stored.
    """

    model_config = ConfigDict(extra="forbid")


class NoSettings(PlatformSettings):
    """For a platform with nothing to configure in a section."""


@dataclass(frozen=True)
class BuildContext:
    """What a platform's ``build`` receives: one account, its platform's settings, and the environment.

    ``secret(env_name)`` returns the variable's value or raises :class:`ConnectorError` naming it;
    ``optional_secret`` returns ``None`` when the variable is unset (an optional login).
    """

    handle: str
    user_id: str | None
    label: str | None
    path: Path | None
    credentials: PlatformSettings
    collection: PlatformSettings
    watch_days: int
    settle_seconds: float
    secret: Callable[[str | None], str]
    optional_secret: Callable[[str | None], str | None]


def no_permalink(native_id: str, root_uid: str | None, credentials: PlatformSettings) -> str | None:
    """For a platform without public permalinks (file imports)."""
    return None


def no_read_cap(collection: PlatformSettings) -> int | None:
    """For a platform that does not bill reads: no monthly cap."""
    return None


@dataclass(frozen=True)
class PlatformSpec:
    """One platform, as the application sees it.

    ``permalink(native_id, root_uid, credentials)`` rebuilds the public link from ids only (a stored
    url is public input and never rendered): an id of the wrong shape gives ``None``, not a guess.
    ``monthly_read_cap(collection)`` is the billable-read cap per month (``None``: not billed).
    ``doctor(credentials, environ)`` returns extra one-line notes for ``engage doctor`` (which mode
    is in use and what it misses); the env-var table itself comes from the credentials model.
    ``live`` is False for a platform that only imports files (no network).
    """

    name: str
    title: str
    credentials: type[PlatformSettings]
    collection: type[PlatformSettings]
    build: Callable[[BuildContext], Connector]
    permalink: Callable[[str, str | None, PlatformSettings], str | None] = no_permalink
    monthly_read_cap: Callable[[PlatformSettings], int | None] = no_read_cap
    doctor: Callable[[PlatformSettings, dict[str, str]], list[str]] = field(default=lambda c, e: [])
    live: bool = True


__all__ = [
    "ENTRY_POINT_GROUP", "BuildContext", "ConnectorError", "NoSettings", "PlatformSettings", "PlatformSpec",
    "no_permalink", "no_read_cap",
]
