"""Loading and validating ``config.yaml``.

Every error becomes one line naming the file, the key path and the bad value
(``config.yaml: accounts[1].platform: 'twiter' is not one of x, reddit, ...``), because the person
reading it is an operator at a terminal, not a Python developer reading a traceback.
"""

from __future__ import annotations

import ipaddress
import os
import re
from datetime import time
from pathlib import Path
from typing import Any, Literal, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, ValidationInfo, field_validator, model_validator

from connectors.registry import NotShown, PlatformSettings, env_vars
from engage.alerts.settings import AlertsConfig
from engage.answering.settings import AnsweringConfig, SendPolicy
from engage.config_yaml import YamlError, parse_yaml
from engage.errors import InputError
from engage.platforms import check_platform, section_model
from engage.settings_base import Strict as _Strict
from engage.settings_base import Weekday
from engage.settings_base import env_name as _env_name


class ConfigError(InputError):
    """A one-line, operator-facing description of what is wrong with the configuration."""


class Department(_Strict):
    name: str = Field(min_length=1)
    timezone: str = "UTC"

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not an IANA time zone (e.g. America/Chicago)") from None
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class Account(_Strict):
    """A monitored department account. ``user_id`` is the platform's numeric/DID id where needed."""

    platform: str
    handle: str = Field(min_length=1)
    user_id: str | None = None
    label: str | None = None
    interval_minutes: int | None = Field(default=None, ge=1, le=7 * 24 * 60)
    path: str | None = Field(default=None, description="file platform: a file or an inbox folder to watch")
    enabled: bool = True
    send_policy: SendPolicy = "approval"  # answers sent from engage: "direct" or only once approved

    _registered = field_validator("platform")(check_platform)

    @model_validator(mode="after")
    def _file_needs_path(self) -> Account:
        if self.platform == "file" and not self.path:
            raise ValueError("a 'file' account needs 'path' (a JSONL/CSV file or an inbox folder)")
        return self


class Credentials(_Strict):
    """Only the *names* of environment variables: secrets never live in config or the database.

    The fields, one per platform, come from the registry (:func:`credentials_model`).
    """

    def env_names(self) -> dict[str, list[str]]:
        """Every credential env var name per platform (for ``engage doctor``)."""
        return {name: [env for env, _ in env_vars(getattr(self, name))] for name in type(self).model_fields}


class Collection(_Strict):
    """Polling defaults, then one section per platform from the registry (:func:`collection_model`)."""

    interval_minutes: int = Field(default=15, ge=1, le=7 * 24 * 60)
    watch_days: int = Field(default=7, ge=1, le=90)


def credentials_model() -> type[Credentials]:
    return cast("type[Credentials]", section_model("credentials", Credentials))


def collection_model() -> type[Collection]:
    return cast("type[Collection]", section_model("collection", Collection))


CLOCK_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def clock_time(value: object) -> time:
    """A time of day written ``8:00`` or ``08:00`` (quoted or not); anything else is refused, never guessed.

    The config is read with YAML 1.2 number rules (:func:`engage.config_yaml.parse_yaml`), so an
    unquoted ``17:00`` arrives as the text it is, not as YAML 1.1's sexagesimal integer 1020. A bare
    number such as ``17`` or ``1020`` could mean hours, minutes or seconds, so it is an error.
    """
    if isinstance(value, time):
        return value
    match = CLOCK_TIME.match(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"{value!r} is not a time of day: write it as HH:MM, e.g. \"08:00\" or \"17:30\"")
    return time(int(match.group(1)), int(match.group(2)))


class BusinessHours(_Strict):
    days: list[Weekday] = ["mon", "tue", "wed", "thu", "fri"]
    start: time = time(8, 0)
    end: time = time(18, 0)

    _clock = field_validator("start", "end", mode="before")(clock_time)

    @model_validator(mode="after")
    def _ordered(self) -> BusinessHours:
        if self.end <= self.start:
            raise ValueError(f"end {self.end} must be after start {self.start}")
        return self


class Response(_Strict):
    sla_hours: float = Field(default=24.0, gt=0)
    business_hours: BusinessHours | None = None


class Topic(_Strict):
    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    description: str = Field(min_length=1)
    examples: list[str] = []


class Models(_Strict):
    sentiment: str = Field(default="default", description="'default' (shipped) or a HF model id / local dir")
    runtime: Literal["onnx", "torch"] = Field(
        default="onnx",
        description="how the shipped MiniLM runs: ONNX Runtime graphs (tuned branch in int8) or fp32 torch",
    )
    topic_threshold: float | None = Field(default=None, gt=0, lt=1)
    batch_size: int = Field(default=64, ge=1, le=1024)
    num_threads: int | None = Field(default=None, ge=1)


class Smtp(_Strict):
    host: str
    port: int = 587
    starttls: bool = True
    sender: str
    to: list[str] = Field(min_length=1)
    username_env: str | None = None
    password_env: str | None = None
    _check = field_validator("username_env", "password_env")(_env_name)


class WeeklySchedule(_Strict):
    day_of_week: Weekday = "mon"
    hour: int = Field(default=7, ge=0, le=23)
    minute: int = Field(default=0, ge=0, le=59)


class Reports(_Strict):
    out_dir: str = "reports"
    weekly: WeeklySchedule = WeeklySchedule()
    smtp: Smtp | None = None


class Export(_Strict):
    pseudonym_key_env: str = "ENGAGE_PSEUDONYM_KEY"
    _check = field_validator("pseudonym_key_env")(_env_name)


class Triage(_Strict):
    # A CAD or case number as the department writes it; the default takes 3-32 letters, digits and - / .
    incident_ref_pattern: str = r"[A-Za-z0-9][A-Za-z0-9/.-]{2,31}"

    @field_validator("incident_ref_pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"{value!r} is not a regular expression ({exc})") from None
        return value

    @property
    def incident_ref(self) -> re.Pattern[str]:
        """The pattern a whole incident reference must match."""
        return re.compile(self.incident_ref_pattern)


class Web(_Strict):
    secure_cookies: bool = False
    session_secret_env: str = "ENGAGE_SESSION_SECRET"
    trusted_proxies: list[str] = Field(
        default=[], description="addresses/networks of reverse proxies whose X-Forwarded-For is believed"
    )
    _check = field_validator("session_secret_env")(_env_name)

    @field_validator("trusted_proxies")
    @classmethod
    def _addresses(cls, value: list[str]) -> list[str]:
        for entry in value:
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise ValueError(f"{entry!r} is not an IP address or network (e.g. 127.0.0.1, 10.0.0.0/8)") from None
        return value


class Config(_Strict):
    department: Department
    data_dir: str = "data"
    accounts: list[Account] = Field(min_length=1)
    # Typed by the registry's models, built when first needed (a plug-in is loaded then, not at import).
    credentials: Any = Field(default_factory=lambda: credentials_model()())
    collection: Any = Field(default_factory=lambda: collection_model()())
    response: Response = Response()
    topics: list[Topic] = []
    models: Models = Models()
    reports: Reports = Reports()
    retention_days: int | None = Field(default=None, ge=1)
    export: Export = Export()
    web: Web = Web()
    triage: Triage = Triage()
    alerts: AlertsConfig = AlertsConfig()
    answering: AnsweringConfig = AnsweringConfig()

    # Where the config file lives; relative paths in it are resolved against this folder.
    base_dir: Path = Field(default=Path("."), exclude=True)

    @field_validator("credentials", "collection", mode="before")
    @classmethod
    def _platform_sections(cls, value: object, info: ValidationInfo) -> object:
        model = credentials_model() if info.field_name == "credentials" else collection_model()
        return value if isinstance(value, model) else model.model_validate(value)

    @model_validator(mode="after")
    def _unique(self) -> Config:
        seen: set[tuple[str, str]] = set()
        for i, acc in enumerate(self.accounts):
            key = (acc.platform, acc.handle.lower())
            if key in seen:
                raise ValueError(f"accounts[{i}]: duplicate account {acc.platform}:{acc.handle}")
            seen.add(key)
        names = [t.name for t in self.topics]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"topics: duplicate topic name {dupes[0]!r}")
        if self.alerts.uses_email and self.reports.smtp is None:
            raise ValueError("alerts.channels: an email channel sends through reports.smtp, which is not set")
        return self

    def resolve(self, path: str | Path) -> Path:
        """A path from config, relative to the config file's folder."""
        p = Path(path).expanduser()
        return p if p.is_absolute() else (self.base_dir / p)

    @property
    def data_path(self) -> Path:
        return self.resolve(self.data_dir)

    @property
    def default_db(self) -> Path:
        return self.data_path / "engage.db"

    @property
    def reports_path(self) -> Path:
        return self.resolve(self.reports.out_dir) if Path(self.reports.out_dir).is_absolute() else (
            self.data_path / self.reports.out_dir
        )

    def accounts_for(self, platform: str) -> list[Account]:
        return [a for a in self.accounts if a.platform == platform]

    def credentials_for(self, platform: str) -> PlatformSettings:
        """The ``credentials.<platform>`` section (its model's defaults where the file has none)."""
        return getattr(self.credentials, platform)

    def collection_for(self, platform: str) -> PlatformSettings:
        """The ``collection.<platform>`` section."""
        return getattr(self.collection, platform)

    def interval_for(self, account: Account) -> int:
        return account.interval_minutes or self.collection.interval_minutes

    def secret(self, env_name: str | None) -> str | None:
        """The value of a credential env var, or ``None`` when unset. Never log the result."""
        if not env_name:
            return None
        return os.environ.get(env_name) or None


def _loc(parts: tuple[Any, ...]) -> str:
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _describe(err: dict[str, Any]) -> str:
    """One readable clause for one pydantic error."""
    kind = err["type"]
    value = err.get("input")
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        choices = ", ".join(re.findall(r"'([^']*)'", expected))
        return f"{value!r} is not one of {choices}"
    if kind == "extra_forbidden":
        return "unknown key (check its spelling and indentation)"
    if kind == "missing":
        return "required key is missing"
    msg = err["msg"].removeprefix("Value error, ")
    not_shown = isinstance(err.get("ctx", {}).get("error"), NotShown)
    if isinstance(value, dict | list) or not_shown or str(err["loc"][-1]).endswith("_env"):
        return msg  # an *_env field's wrong value is most often the secret itself: never echoed
    return f"{value!r}: {msg}" if value is not None and repr(value) not in msg else msg


def format_validation_error(source: str, exc: ValidationError) -> str:
    """The first error as ``source: key.path: problem`` (plus a count of the others)."""
    errors = exc.errors()
    first = errors[0]
    loc = _loc(tuple(p for p in first["loc"] if p not in ("function-after",)))
    line = f"{source}: {loc}: {_describe(first)}" if loc else f"{source}: {_describe(first)}"
    if len(errors) > 1:
        line += f" (and {len(errors) - 1} more)"
    return line


def load_config(path: str | Path) -> Config:
    """Read, parse and validate a config file; raise :class:`ConfigError` with one line on failure."""
    path = Path(path)
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{name}: no such file (create one with `engage init`)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{name}: cannot read: {exc}") from None
    try:
        data = parse_yaml(text)
    except YamlError as exc:
        raise ConfigError(f"{name}: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{name}: expected a mapping of settings, got {type(data).__name__}")
    try:
        return Config.model_validate({**data, "base_dir": path.absolute().parent})
    except ValidationError as exc:
        raise ConfigError(format_validation_error(name, exc)) from None
