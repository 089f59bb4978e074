"""Building blocks shared by every config section (``engage.config`` and ``engage.alerts.settings``).

Kept apart from ``engage.config`` so a section defined in its own package can use them without an
import cycle.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from connectors.registry import env_name

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class Strict(BaseModel):
    """Unknown keys are errors (a typo must not be silently ignored); values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


__all__ = ["Strict", "Weekday", "env_name"]
