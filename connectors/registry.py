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

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from types import MappingProxyType
from typing import Annotated

from pydantic import BaseModel, ConfigDict, ValidationError

from connectors.base import PLATFORM_NAME, Connector, ConnectorError
from connectors.writing import Writer

ENTRY_POINT_GROUP = "engage.connectors"
# The connectors shipped with engage, in the order the application lists them; each is loaded as if
# a package had declared ``<last part> = <module>:PLATFORM`` in the entry-point group.
BUILTIN_CONNECTORS = (
    "connectors.x", "connectors.reddit", "connectors.bluesky", "connectors.mastodon", "connectors.facebook",
    "connectors.instagram", "connectors.file",
)
ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]*$")


class RegistryError(Exception):
    """A connector plug-in that cannot be used; the one-line message names its entry point."""


class NotShown(ValueError):
    """A settings refusal whose value must not be echoed: it looks like a secret pasted in the wrong place.

    The application's config errors name the key and this message, never the value.
    """


def env_name(value: str | None) -> str | None:
    """Validate the *name* of an environment variable (secrets never live in config).

    Use it on every ``*_env`` field: ``_check = field_validator("token_env")(env_name)``. The value is
    not echoed: what is pasted here by mistake is most often the secret itself (a token, a webhook URL).
    A near-miss name (``mastodon_access_token``, ``"$MASTODON_ACCESS_TOKEN"``) gets its UPPER_CASE form
    as the suggestion, but only when it is shaped like a name (one case, short words joined by ``_``),
    which a token or URL is not, so a secret never comes back in the message.
    """
    if value is None or ENV_NAME.match(value):
        return value
    bare = value.strip().removeprefix("$").removeprefix("{").removesuffix("}")
    words = bare.lower().split("_")
    name_shaped = (bare in (bare.lower(), bare.upper()) and len(words) > 1
                   and all(re.fullmatch(r"[a-z]{1,16}[0-9]{0,3}", word) for word in words))
    if name_shaped:
        raise ValueError(f"must be the name of an environment variable: write names in UPPER_CASE without $, "
                         f"e.g. {bare.upper()}")
    raise ValueError("must be the name of an environment variable (A-Z, 0-9, _), not its value "
                     "(what was written is not shown: it may be the secret); write names in UPPER_CASE "
                     "without $, e.g. MASTODON_ACCESS_TOKEN")


class _OptionalVariable:
    """Field metadata: the platform collects without this variable (it adds reach, e.g. a login)."""

    def __repr__(self) -> str:
        return "OPTIONAL"


OPTIONAL = _OptionalVariable()
OptionalEnv = Annotated[str | None, OPTIONAL]
"""The type of a credentials ``*_env`` field whose variable may stay unset (read it with ``optional_secret``)."""


class PlatformSettings(BaseModel):
    """Base of every ``credentials.<platform>`` and ``collection.<platform>`` model: unknown keys are errors.

    Credentials models hold only the *names* of environment variables (fields ending ``_env``) and
    non-secret settings such as base URLs; the values are read at build time and never stored. A
    variable named there is needed to collect (``engage doctor`` counts it unset as a problem,
    ``engage init`` disables the account until it is set), unless its field is typed
    :data:`OptionalEnv`. Every field needs a default, so a config without the section loads.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)


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
    ``required_settings`` names credentials settings that have no usable default (Mastodon's
    instance URL): ``engage init`` writes such an account disabled, saying which to set.
    ``writer`` builds the account's :class:`~connectors.writing.Writer` from its *write* credentials
    (``None``: answers cannot be sent from ``engage`` on this platform). ``reply_chars`` is the
    platform's documented reply limit, which the writer enforces and the answer editor counts against
    when no writer can be built yet (no write credentials). ``user_id_hint`` is ``(example, what it
    is)`` for a platform whose account ``user_id`` helps, written by ``engage init`` as a comment.
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
    required_settings: tuple[str, ...] = ()
    writer: Callable[[BuildContext], Writer] | None = None
    reply_chars: int | None = None
    user_id_hint: tuple[str, str] | None = None


def env_vars(settings: PlatformSettings) -> list[tuple[str, bool]]:
    """The variables a credentials section names (its ``*_env`` fields set), each with whether it is needed."""
    fields = type(settings).model_fields
    return [(value, OPTIONAL not in fields[name].metadata) for name, value in settings.model_dump().items()
            if name.endswith("_env") and value]


def builtin_entry_points() -> list[EntryPoint]:
    """The shipped connectors as entry points, so they load exactly as a third-party one does."""
    return [EntryPoint(module.rpartition(".")[2], f"{module}:PLATFORM", ENTRY_POINT_GROUP)
            for module in BUILTIN_CONNECTORS]


def _where(ep: EntryPoint) -> str:
    return f"connector plug-in {ep.name!r} ({ep.value}, entry point group {ENTRY_POINT_GROUP})"


def _first_line(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}".strip()
    return text.splitlines()[0]


def load_spec(ep: EntryPoint) -> PlatformSpec:
    """The :class:`PlatformSpec` an entry point names, checked; :class:`RegistryError` if it is unusable."""
    try:
        spec = ep.load()
    except Exception as exc:  # a plug-in's import can fail in any way; report it, name it, go no further
        raise RegistryError(f"{_where(ep)}: cannot be loaded: {_first_line(exc)}") from None
    if not isinstance(spec, PlatformSpec):
        raise RegistryError(f"{_where(ep)}: is a {type(spec).__name__}, not a connectors.registry.PlatformSpec")
    if not isinstance(spec.name, str) or not PLATFORM_NAME.match(spec.name):
        raise RegistryError(f"{_where(ep)}: platform name {spec.name!r} is not lower-case letters, digits and _ "
                            "(at most 32, starting with a letter)")
    if spec.name != ep.name:
        raise RegistryError(f"{_where(ep)}: declares platform {spec.name!r}; the entry point must be named the same")
    for section in ("credentials", "collection"):
        model = getattr(spec, section)
        if not (isinstance(model, type) and issubclass(model, PlatformSettings)):
            raise RegistryError(f"{_where(ep)}: {section} is not a PlatformSettings model")
        try:
            model()
        except ValidationError as exc:
            raise RegistryError(f"{_where(ep)}: {section} model {model.__name__} needs a default for every field "
                                f"({exc.errors()[0]['loc'][0]})") from None
    return spec


@functools.cache
def platforms() -> Mapping[str, PlatformSpec]:
    """Every platform, built-ins first in :data:`BUILTIN_CONNECTORS` order, then plug-ins by name.

    Loaded once per process (``platforms.cache_clear()`` reloads, e.g. after installing a plug-in in
    a test). Raises :class:`RegistryError` for the first unusable entry point, or a platform name
    two entry points declare.
    """
    found: dict[str, PlatformSpec] = {}
    where: dict[str, str] = {}
    plugins = sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: (ep.name, ep.value))
    for ep in [*builtin_entry_points(), *plugins]:
        spec = load_spec(ep)
        if spec.name in found:
            raise RegistryError(f"{_where(ep)}: platform {spec.name!r} is already declared by {where[spec.name]}")
        found[spec.name] = spec
        where[spec.name] = ep.value
    return MappingProxyType(found)


def platform_names() -> tuple[str, ...]:
    """The registered platform names, in :func:`platforms` order."""
    return tuple(platforms())


def check_platform(value: str) -> str:
    """``value`` if it is a registered platform, else ValueError listing them (for validators)."""
    names = platform_names()
    if value not in names:
        raise ValueError(f"{value!r} is not one of {', '.join(names)}")
    return value


__all__ = [
    "BUILTIN_CONNECTORS", "ENTRY_POINT_GROUP", "OPTIONAL", "BuildContext", "ConnectorError", "NoSettings",
    "OptionalEnv", "PlatformSettings", "PlatformSpec", "RegistryError", "check_platform", "env_name", "env_vars",
    "no_permalink", "no_read_cap", "platform_names", "platforms",
]
