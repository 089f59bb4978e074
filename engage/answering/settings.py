"""The ``answering:`` section of ``config.yaml`` (the per-account send policy is ``accounts[].send_policy``)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from engage.settings_base import Strict

SendPolicy = Literal["direct", "approval"]

DEFAULT_MODERATION_REASONS = [
    "threat of violence",
    "personal information (doxxing)",
    "spam or scam",
]


class AnsweringConfig(Strict):
    """How answers are sent and comments hidden.

    ``dry_run`` records what would be sent and fakes the platform's answer with an id starting
    ``dry-run-`` (the demo, a training desk); ``collision_minutes`` is how far back the editor looks
    for a colleague's open draft or answer on the same reply; ``moderation_reasons`` is the
    department's published moderation policy: a comment is hidden only for one of these.
    """

    dry_run: bool = False
    collision_minutes: int = Field(default=10, ge=1, le=24 * 60)
    moderation_reasons: list[str] = Field(default_factory=lambda: list(DEFAULT_MODERATION_REASONS), min_length=1)

    @field_validator("moderation_reasons")
    @classmethod
    def _distinct(cls, value: list[str]) -> list[str]:
        cleaned = [v.strip() for v in value]
        if any(not v or len(v) > 200 for v in cleaned):
            raise ValueError("each reason must be 1-200 characters")
        if len(set(cleaned)) != len(cleaned):
            raise ValueError("reasons must be distinct")
        return cleaned
