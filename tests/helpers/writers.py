"""Building a platform's writer the way the application does: credentials by env var name, values from ``environ``."""

from __future__ import annotations

from collections.abc import Mapping

from connectors.base import AccountRef, ConnectorError
from connectors.registry import BuildContext, PlatformSettings, PlatformSpec
from connectors.writing import Writer


def writer_for(spec: PlatformSpec, credentials: PlatformSettings, environ: Mapping[str, str],
               handle: str = "rivertonpd") -> Writer:
    """``spec.writer`` for one account, its secrets read from ``environ`` (a missing one: ConnectorError)."""

    def secret(name: str | None) -> str:
        if not name or name not in environ:
            raise ConnectorError(f"{spec.name}: environment variable {name} is not set")
        return environ[name]

    assert spec.writer is not None
    return spec.writer(BuildContext(handle, None, None, None, credentials, spec.collection(), 7, 0.0, secret,
                                    lambda name: environ.get(name) if name else None))


def account(platform: str, handle: str = "rivertonpd") -> AccountRef:
    return AccountRef(platform=platform, handle=handle)
