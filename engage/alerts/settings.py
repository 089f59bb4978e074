"""The ``alerts:`` section of config.yaml: channels (where a message goes) and rules (what raises one).

Validated with the rest of the config, so a typo is one line naming the key (``alerts.rules[0]...``).
Webhook URLs are secrets (anyone holding one can post to the channel): config names only the
environment variables that hold them, like every other credential.
"""

from __future__ import annotations

from datetime import time
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from engage.settings_base import Strict as _Strict
from engage.settings_base import Weekday
from engage.settings_base import env_name as _env_name

NAME = r"^[a-z][a-z0-9_-]*$"
ALL_DAYS: list[Weekday] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


# -- channels -------------------------------------------------------------------------------------


class EmailChannel(_Strict):
    """Mail through ``reports.smtp`` (the weekly report's server); ``to`` overrides its recipients."""

    type: Literal["email"]
    to: list[str] | None = Field(default=None, min_length=1)


class WebhookChannel(_Strict):
    """A generic JSON POST; with ``secret_env`` the body is signed (``X-Engage-Signature: sha256=<hex>``)."""

    type: Literal["webhook"]
    url_env: str
    secret_env: str | None = None
    _check = field_validator("url_env", "secret_env")(_env_name)


class ChatChannel(_Strict):
    """An incoming webhook of Microsoft Teams (Workflows), Slack or Mattermost."""

    type: Literal["teams", "slack", "mattermost"]
    url_env: str
    _check = field_validator("url_env")(_env_name)


Channel = Annotated[EmailChannel | WebhookChannel | ChatChannel, Field(discriminator="type")]


# -- rules ----------------------------------------------------------------------------------------


class Schedule(_Strict):
    """When a rule may raise alerts (department time zone); outside it the rule stays quiet."""

    days: list[Weekday] = Field(default=ALL_DAYS, min_length=1)
    start: time = time(0, 0)
    end: time = time(23, 59, 59)

    @model_validator(mode="after")
    def _ordered(self) -> Schedule:
        if self.end <= self.start:
            raise ValueError(f"end {self.end} must be after start {self.start}")
        return self


class Escalation(_Strict):
    """Send the alert again to other channels when nobody acted on the reply within ``after_minutes``."""

    after_minutes: float = Field(gt=0, le=7 * 24 * 60)
    channels: list[str] = Field(min_length=1)


class _Rule(_Strict):
    name: str = Field(pattern=NAME)
    channels: list[str] = Field(min_length=1)
    schedule: Schedule | None = None


class UrgentRule(_Rule):
    """A newly collected public reply the urgent classifier labels yes, or one matching a phrase.

    The classifier's "yes" is its model card's decision threshold (scores are remapped so the card's
    threshold is 0.5); ``min_score`` raises the bar above it. Phrases need no model, so they work under
    ``engage run --no-classify``.
    """

    type: Literal["urgent"]
    classifier: bool = True
    min_score: float | None = Field(default=None, ge=0.5, le=1.0)
    keywords: list[Annotated[str, Field(min_length=1)]] = []
    max_age_hours: float = Field(default=24.0, gt=0, description="older replies (by created_at) never alert")
    group_seconds: float = Field(default=15.0, ge=0, le=300)
    escalate: Escalation | None = None

    @model_validator(mode="after")
    def _has_a_signal(self) -> UrgentRule:
        if not self.classifier and not self.keywords:
            raise ValueError("an urgent rule needs classifier: true or at least one keyword")
        return self


class SlaAtRiskRule(_Rule):
    """An actionable (needs_response or urgent) reply still open at ``fraction`` of ``response.sla_hours``."""

    type: Literal["sla_at_risk"]
    fraction: float = Field(default=0.75, gt=0, lt=1)
    group_seconds: float = Field(default=60.0, ge=0, le=3600)
    escalate: Escalation | None = None


class SpikeRule(_Rule):
    """Replies to one department post, or negative replies overall, far above their usual level.

    The count in the last ``window_minutes`` is compared with the median of the same window at the
    same time of the week over the previous ``baseline_weeks`` weeks; below ``min_count`` nothing is a
    spike. One alert per episode: it ends when the count falls back for a whole window.
    """

    type: Literal["spike"]
    metric: Literal["post_replies", "negative"]
    window_minutes: int = Field(default=60, ge=5, le=24 * 60)
    multiple: float = Field(default=3.0, gt=1)
    min_count: int = Field(default=10, ge=1)
    baseline_weeks: int = Field(default=4, ge=1, le=12)


class CollectionStalledRule(_Rule):
    """``engage status``'s health rule (an account without a successful collection in 3 intervals)."""

    type: Literal["collection_stalled"]


Rule = Annotated[UrgentRule | SlaAtRiskRule | SpikeRule | CollectionStalledRule, Field(discriminator="type")]


class Handover(_Strict):
    """Shift changes (department time zone) at which ``engage run`` mails ``engage handover`` to e-mail ``channels``."""

    times: list[time] = Field(min_length=1)
    channels: list[str] = Field(min_length=1)


class AlertsConfig(_Strict):
    public_url: str | None = Field(
        default=None, pattern=r"^https?://[^\s/?#]+(/[^\s?#]*)?$",
        description="where people open engage (for the 'open in engage' link), e.g. https://engage.example.org",
    )
    channels: dict[Annotated[str, Field(pattern=NAME)], Channel] = {}
    rules: list[Rule] = []
    handover: Handover | None = None

    @model_validator(mode="after")
    def _names_resolve(self) -> AlertsConfig:
        names = [r.name for r in self.rules]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"rules: duplicate rule name {dupes[0]!r}")
        for i, rule in enumerate(self.rules):
            escalate = getattr(rule, "escalate", None)
            escalation_channels = escalate.channels if escalate else []
            for key, wanted in (("channels", rule.channels), ("escalate.channels", escalation_channels)):
                for name in wanted:
                    if name not in self.channels:
                        raise ValueError(f"rules[{i}].{key}: {name!r} is not a channel in alerts.channels")
        for name in self.handover.channels if self.handover else []:
            if not isinstance(self.channels.get(name), EmailChannel):
                raise ValueError(f"handover.channels: {name!r} is not an email channel in alerts.channels")
        return self

    def env_names(self) -> dict[str, list[str]]:
        """Each channel's secret env var names (for ``engage doctor``)."""
        return {name: [v for k, v in channel.model_dump().items() if k.endswith("_env") and v]
                for name, channel in self.channels.items()}

    @property
    def uses_email(self) -> bool:
        return any(isinstance(c, EmailChannel) for c in self.channels.values())

    def rule(self, name: str) -> Rule | None:
        return next((r for r in self.rules if r.name == name), None)
