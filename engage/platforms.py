"""The application's view of the connector registry (``connectors.registry``), as engage errors.

Everything platform-specific the application shows or checks is derived here from the registered
:class:`~connectors.registry.PlatformSpec`\\ s: the names, the ``credentials:``/``collection:``
config sections (one pydantic model per section, a field per platform), and the credential
variables each platform needs. A plug-in that cannot be loaded becomes a :class:`PlatformPluginError`,
so the command line and the web app show its one line like any other input error.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, create_model

from connectors import registry
from connectors.registry import PlatformSettings, PlatformSpec, env_vars
from engage.errors import InputError


class PlatformPluginError(InputError):
    """A connector plug-in that cannot be loaded (import error, duplicate or badly shaped name)."""


def platforms() -> Mapping[str, PlatformSpec]:
    """Every registered platform by name, in the registry's order."""
    try:
        return registry.platforms()
    except registry.RegistryError as exc:
        raise PlatformPluginError(str(exc)) from None


def platform_names() -> tuple[str, ...]:
    return tuple(platforms())


def check_platform(value: str) -> str:
    """A pydantic validator: ``value`` if registered, else ``'twiter' is not one of x, reddit, ...``."""
    if value not in platforms():
        raise ValueError(f"{value!r} is not one of {', '.join(platform_names())}")
    return value


def section_model(kind: Literal["credentials", "collection"], base: type[BaseModel]) -> type[BaseModel]:
    """``base`` plus one field per platform holding its ``credentials``/``collection`` model (default: defaults)."""
    return _section_model(kind, base, tuple(platforms().values()))


@functools.cache
def _section_model(kind: str, base: type[BaseModel], specs: tuple[PlatformSpec, ...]) -> type[BaseModel]:
    fields = {}
    for spec in specs:
        if spec.name in base.model_fields:
            raise PlatformPluginError(f"connector plug-in {spec.name!r}: the name is taken by {kind}.{spec.name} "
                                      "(choose another platform name)")
        model = getattr(spec, kind)
        fields[spec.name] = (model, model())
    return create_model(base.__name__, __base__=base, __module__=base.__module__, **fields)


def required_env(spec: PlatformSpec, settings: PlatformSettings | None = None) -> list[str]:
    """The variables an account of ``spec`` cannot collect without (see ``connectors.registry.env_vars``)."""
    return [name for name, required in env_vars(settings or spec.credentials()) if required]
